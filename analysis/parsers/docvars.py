"""Document variables from beside and around a transcript: sidecar files, file names, role
and alias files.

* A sidecar (``x.json`` or ``x.yaml`` beside ``x.txt``) is read without running code: scalar
  fields, a date, and people with roles in the many ways such files list them.
* A name pattern (``"{country}_{session}_{year}"``, as quanteda's ``readtext`` does with
  ``docvarsfrom="filenames"``) reads variables from file and folder names; a full date
  written in a file name dates an undated transcript.
* Roles files (``speaker,role``) and aliases files (``alias,speaker``) are CSV.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import CorpusError, TranscriptFormatError
from ..model import Transcript
from ..types import PathLike
from . import header as hd
from . import roles as rl
from .decode import decode_bytes
from .metadata import read_csv_records

__all__ = ["ROLE_SYNONYMS", "read_sidecar", "compile_name_pattern", "name_variables", "integer_variables",
           "date_from_fields", "date_in_name", "read_roles", "read_aliases"]


ROLE_SYNONYMS = {
    "moderator": "moderator", "moderators": "moderator", "host": "moderator", "hosts": "moderator",
    "chair": "moderator", "chairman": "moderator", "chairwoman": "moderator", "chairperson": "moderator",
    "presiding": "moderator", "presider": "moderator", "anchor": "moderator", "presenter": "moderator",
    "questioner": "questioner", "questioners": "questioner", "question": "questioner", "reporter": "questioner",
    "reporters": "questioner", "journalist": "questioner", "journalists": "questioner", "press": "questioner",
    "interviewer": "questioner", "interviewers": "questioner", "panelist": "questioner", "panelists": "questioner",
    "audience": "questioner", "member": "questioner", "members": "questioner", "examiner": "questioner",
    "counsel": "questioner",
    "official": "official", "officials": "official", "spokesperson": "official", "spokesman": "official",
    "speaker": "official", "speakers": "official", "candidate": "official", "candidates": "official",
    "interviewee": "official", "interviewees": "official", "witness": "official", "witnesses": "official",
    "respondent": "official", "respondents": "official", "guest": "official", "guests": "official",
    "minister": "official", "answer": "official", "debater": "official", "debaters": "official",
    "unknown": "unknown", "other": "unknown",
}


# metadata beside and in file names
def read_sidecar(path: Path) -> dict:
    """Fields of a sidecar metadata file (JSON object or YAML mapping), read without running code."""
    text, _ = decode_bytes(path.read_bytes(), str(path))
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:  # a number past Python's digit limit too
            raise TranscriptFormatError(str(path), getattr(exc, "lineno", 1),
                                        f"sidecar metadata is not valid JSON ({getattr(exc, 'msg', exc)})") from None
        except RecursionError:
            raise TranscriptFormatError(str(path), None, "sidecar metadata is nested too deeply to read") from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise TranscriptFormatError(str(path), mark.line + 1 if mark else 1,
                                        "sidecar metadata is not valid YAML") from None
        except RecursionError:
            raise TranscriptFormatError(str(path), None, "sidecar metadata is nested too deeply to read") from None
    if not isinstance(data, dict):
        raise TranscriptFormatError(str(path), 1, "sidecar metadata must be a mapping of fields to values")
    out: dict = {"_sidecar": str(path)}
    roles: dict[str, str] = {}
    for k, v in data.items():
        key = str(k).strip().lower()
        role = ROLE_SYNONYMS.get(key.rstrip(":"))
        if key in ("roles", "speakers", "participants", "people", "cast") or role:
            try:
                roles.update(_roles_from(v, role))
            except ValueError as exc:
                raise TranscriptFormatError(str(path), 1, f"sidecar metadata: {exc}") from None
            continue
        if isinstance(v, (dict, list)):
            continue
        if key == "date":
            d = v if isinstance(v, dt.date) else hd.parse_date(str(v))
            if isinstance(d, dt.datetime):
                d = d.date()
            if d is None:
                raise TranscriptFormatError(str(path), 1, f"sidecar date {v!r} is not a date (use YYYY-MM-DD)")
            out["date"] = d
        elif v is not None:
            out[key] = str(v)
    if roles:
        out["_roles"] = roles
    return out


def _roles_from(value, role: str | None) -> dict[str, str]:
    """Speaker -> role from the many ways a sidecar lists people."""
    out: dict[str, str] = {}

    def norm(r) -> str | None:
        return ROLE_SYNONYMS.get(str(r).strip().lower()) if r is not None else None

    if isinstance(value, str) and role:
        out[value] = role
    elif isinstance(value, dict):
        for name, r in value.items():
            if isinstance(r, str) and norm(r):
                out[str(name)] = norm(r)
            elif isinstance(r, str) and not norm(name):
                raise ValueError(f"role {r!r} of {name!r} is not a role ({', '.join(sorted(set(ROLE_SYNONYMS)))})")
            elif isinstance(r, (list, str)) and norm(name):
                out.update(_roles_from(r, norm(name)))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, str) and role:
                out[item] = role
            elif isinstance(item, dict):
                name = next((item[k] for k in item if str(k).lower() in ("name", "speaker", "full_name", "label")),
                            None)
                r = next((item[k] for k in item if str(k).lower() in ("role", "type", "kind", "function")), None)
                if name is not None and r not in (None, "") and not norm(r):
                    raise ValueError(f"role {r!r} of {name!r} is not a role ({', '.join(sorted(set(ROLE_SYNONYMS)))})")
                if name is not None and (norm(r) or role):
                    out[str(name)] = norm(r) or role
    return out


def compile_name_pattern(pattern: str) -> re.Pattern:
    """``"{country}_{session}_{year}"`` -> a regular expression with one group per field."""
    if pattern.count("{") != pattern.count("}") or re.search(r"\{[^}]*\{|\}[^{]*\}", pattern):
        raise CorpusError(f"name_pattern {pattern!r}: braces do not pair up; write each field as {{name}}, "
                          "e.g. '{country}_{session}_{year}'")
    fields = re.findall(r"\{([A-Za-z_]\w*)\}", pattern)
    if not fields:
        raise CorpusError(f"load_corpus(): name_pattern {pattern!r} names no field; write fields in braces, "
                          "e.g. '{country}_{session}_{year}'")
    if len(set(fields)) != len(fields):
        raise CorpusError(f"load_corpus(): name_pattern {pattern!r} names a field twice")
    parts = re.split(r"(\{[A-Za-z_]\w*\})", pattern)
    rx = ""
    for part in parts:
        m = re.fullmatch(r"\{([A-Za-z_]\w*)\}", part)
        if m:
            name = m.group(1)
            rx += rf"(?P<{name}>\d+)" if name in ("year", "month", "day") else rf"(?P<{name}>[^/]+?)"
        else:
            rx += re.escape(part)
    return re.compile(rf"(?:^|/){rx}$")


def name_variables(path: str | Path, pattern: str | re.Pattern) -> dict[str, str] | None:
    """The variables a file name holds by ``pattern``, or None when it does not match.

    Examples
    --------
    >>> name_variables("TXT/Session 63 - 2008/QAT_63_2008.txt", "{country}_{session}_{year}")
    {'country': 'QAT', 'session': '63', 'year': '2008'}
    >>> name_variables("TXT/Session 63 - 2008/QAT_63_2008.txt", "Session {session} - {year}/{country}_{s}_{y}")
    {'session': '63', 'year': '2008', 'country': 'QAT', 's': '63', 'y': '2008'}
    >>> name_variables("notes.txt", "{country}_{year}") is None
    True
    """
    rx = pattern if isinstance(pattern, re.Pattern) else compile_name_pattern(pattern)
    p = Path(path)
    target, suffix = p.as_posix(), p.suffix
    if suffix:
        target = target[:-len(suffix)]  # the suffix ends the last part of the path
    m = rx.search(target)
    return dict(m.groupdict()) if m else None


_INTEGER = re.compile(r"[+-]?[0-9]+")
_INT64 = (-2**63, 2**63 - 1)


def integer_variables(transcripts: Sequence[Transcript], fields: Iterable[str]) -> list[Transcript]:
    """The transcripts with each of ``fields`` made an integer where every transcript holds
    an integer there, as ``pandas.read_csv`` types a column.

    A name pattern reads its fields as text (``"2008"``, ``"63"``); a field whose value in
    every transcript of the collection is written as an integer (ASCII digits, an optional
    sign, within 64 bits) becomes a Python ``int`` in each transcript's ``extra``, so its
    column in ``Corpus.turns()`` is ``int64`` and ``t.year >= 2000`` works. A field missing
    from some transcript (a file whose name does not match the pattern) or written otherwise
    in any (``"63a"``, ``""``) stays text everywhere.

    Parameters
    ----------
    transcripts : sequence of Transcript
        The whole collection, with the fields in ``extra`` (see :func:`name_variables`).
    fields : iterable of str
        The fields to type, e.g. the group names of :func:`compile_name_pattern`'s pattern.

    Returns
    -------
    list of Transcript
        The same transcripts, in order; those whose ``extra`` changed are new objects (the
        inputs are not modified).

    Examples
    --------
    >>> from analysis.model import Transcript
    >>> ts = [Transcript(id=i, title="", date=None, source="", url="", kind="", pages=(), turns=(), extra=e)
    ...       for i, e in [("a", {"year": "2008", "country": "QAT"}), ("b", {"year": "1990", "country": "001"})]]
    >>> [t.extra for t in integer_variables(ts, ["year", "country"])]
    [{'year': 2008, 'country': 'QAT'}, {'year': 1990, 'country': '001'}]
    """
    typed = [f for f in dict.fromkeys(fields)
             if transcripts and all(_is_integer(t.extra.get(f)) for t in transcripts)]
    if not typed:
        return list(transcripts)
    return [dataclasses.replace(t, extra={k: int(v) if k in typed else v for k, v in t.extra.items()})
            for t in transcripts]


def _is_integer(value: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    return (isinstance(value, str) and _INTEGER.fullmatch(value) is not None
            and _INT64[0] <= int(value) <= _INT64[1])


def date_from_fields(got: Mapping[str, str]) -> dt.date | None:
    if got.get("date"):
        return hd.parse_date(got["date"].replace("_", " "))
    if got.get("year"):
        try:
            return dt.date(int(got["year"]), int(got.get("month") or 1), int(got.get("day") or 1))
        except ValueError:
            return None
    return None


def date_in_name(path: Path) -> dt.date | None:
    """A full date (year, month and day) written in a file name: "2020-04-01", "April-01-2020"."""
    stem = re.sub(r"[_\-.]+", " ", path.stem)
    stem = re.sub(r"(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)", " ", stem)
    d = hd.parse_date(stem)
    if d is None:
        m = re.search(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)", path.stem)
        if m:
            try:
                d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                d = None
    if d is not None and not 1000 <= d.year <= 2200:
        return None
    return d


def read_roles(path: PathLike) -> dict[str, str]:
    """Speaker -> role from a CSV file with columns ``speaker`` and ``role``.

    Raises
    ------
    CorpusError
        No such file, missing columns, or an unknown role (the message names the line).
    """
    rows = _read_two_columns(path, ("speaker", "role"), "roles")
    out = {}
    for line, who, role in rows:
        r = ROLE_SYNONYMS.get(role.strip().lower(), role.strip().lower())
        if r not in rl.ROLES:
            raise CorpusError(f"{path}, line {line}: role {role!r} is not one of {', '.join(rl.ROLES)}")
        out[who] = r
    return out


def read_aliases(path: PathLike) -> dict[str, str]:
    """Label -> speaker from a CSV file with columns ``alias`` (or ``label``) and ``speaker``.

    Raises
    ------
    CorpusError
        No such file or missing columns (the message names the file).
    """
    return {a: s for _, a, s in _read_two_columns(path, ("alias|label", "speaker"), "aliases")}


def _read_two_columns(path: PathLike, cols: tuple[str, str], what: str) -> list[tuple[int, str, str]]:
    p = Path(path)
    if not p.is_file():
        raise CorpusError(f"{p}: {what} file not found")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{p}: {what} file cannot be read ({exc.strerror or exc})") from None
    text, _ = decode_bytes(raw, str(p))
    fieldnames, records = read_csv_records(text, str(p))  # RFC 4180: quoted cells keep every character
    header = {h.strip().lower(): h for h in fieldnames}
    names = []
    for want in cols:
        got = next((header[w] for w in want.split("|") if w in header), None)
        if got is None:
            raise CorpusError(f"{p}, line 1: the {what} file needs a {want.replace('|', ' or ')!r} column; "
                              f"columns are {fieldnames}")
        names.append(got)
    out = []
    for line, r in records:
        a, b = (r.get(names[0]) or "").strip(), (r.get(names[1]) or "").strip()
        if a and b:
            out.append((line, a, b))
    return out
