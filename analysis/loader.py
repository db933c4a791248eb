"""Read transcript files into a :class:`~analysis.corpus.Corpus`: any layout, any folder.

>>> from analysis.loader import load_corpus
>>> corpus = load_corpus("data")                      # doctest: +SKIP
>>> corpus.layouts()                                  # doctest: +SKIP

What is read
------------
A file given by name is read as a transcript (an error names the file and line when it
cannot be). A folder is searched recursively; every regular file is looked at, whatever
its suffix (``.txt``, ``.md``, ``.html``, ``.xml``, ``.json``, ``.said``...), except hidden
files, repository documents (README, LICENSE, SOURCE...), files whose suffix says they
are not text (images, archives, PDFs, code) and sidecar metadata (``x.json`` or
``x.yaml`` beside ``x.txt``). A file found in a folder that turns out not to be a transcript
(a JSON document with no list of turns, an index table with no text column, a page with no
speech) is skipped with a note (``Corpus.notes()``, kind ``skipped``), never silently.

Each file's layout is found from its content (``Corpus.layouts()`` says which):

* text, Markdown and HTML: one parser for every labelled or unlabelled layout
  (:mod:`analysis.parsers.text`); pages of one conference are merged;
* XML with speaker attributes (:mod:`analysis.parsers.xml`);
* JSON with speaker objects and text blocks (:mod:`analysis.parsers.jsondoc`);
* tables (``.csv``, ``.tsv``, ``.jsonl``): one row per turn (:mod:`analysis.parsers.table`).

Metadata, in increasing precedence: what the text says; variables read from file and folder
names (``name_pattern="{country}_{session}_{year}"``, as quanteda's ``readtext`` does with
``docvarsfrom="filenames"``) and a date in the file name; a sidecar file beside the
transcript (``x.json``, ``x.yaml``: any of ``date``, ``title``, ``source``, ``url``,
``kind``, ``official``, speakers with roles, other fields as document variables); the
metadata CSV (``metadata.csv``). Speakers' spellings are merged and roles inferred from
behaviour (:mod:`analysis.parsers.speakers`); ``aliases=`` and ``roles=`` override both.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ._validation import check_option
from .errors import CorpusError, InputWarning, TranscriptFormatError
from .model import Boilerplate, Note, Paragraph, Transcript, Turn
from .parsers import header as hd
from .parsers import roles as rl
from .parsers import speakers as sp
from .parsers.decode import WS_CHARS, decode, decode_bytes
from .parsers.metadata import Metadata, load_metadata
from .parsers.table import read_table_rows
from .parsers.text import ParsedPage, TurnDraft, clean_speech, parse_text
from .types import PathLike

if TYPE_CHECKING:  # the Corpus container imports this module to re-export load_corpus
    from .corpus import Corpus

__all__ = ["load_corpus", "TRANSCRIPT_SUFFIXES", "read_roles", "read_aliases", "name_variables"]

#: Kinds of note that also raise an :class:`~analysis.errors.InputWarning` at load time
#: (the text read differs from the bytes, or the corpus probably holds a mistake: metadata
#: that contradicts the text or names a missing file, the same transcript twice).
WARN_KINDS = ("mojibake", "encoding", "control", "duplicate", "metadata", "metadata_missing_file")
#: Suffixes of the layouts the loader reads (a folder is searched for any file that is not
#: known to be something else; these are only the usual ones).
TRANSCRIPT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xml", ".json", ".csv", ".tsv",
                       ".jsonl", ".ndjson")
_METADATA_NAME = "metadata.csv"
_META_FIELDS = ("date", "title", "source", "kind", "url", "official")
_TABLE_SUFFIX = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: Suffixes that are never transcripts: skipped (with a note) when a folder is searched.
_NOT_TEXT = frozenset(
    ".pdf .doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .zip .gz .tgz .bz2 .xz .7z .rar .tar .png .jpg .jpeg "
    ".gif .bmp .tif .tiff .webp .svg .ico .mp3 .mp4 .m4a .wav .ogg .flac .mov .avi .mkv .webm .exe .dll .so "
    ".dylib .bin .pyc .o .a .class .jar .parquet .feather .arrow .pkl .pickle .npy .npz .h5 .hdf5 .db .sqlite "
    ".py .ipynb .r .rmd .js .ts .css .scss .sh .bat .ps1 .c .h .cpp .java .go .rs .rb .pl .php~ .toml .ini .cfg "
    ".lock .log .woff .woff2 .ttf .otf .eot .map".split())
#: Names of repository documents that are not transcripts.
_NOT_TRANSCRIPT_NAME = re.compile(
    r"^(?:readme|licen[cs]e|copying|changelog|changes|history|authors|contributors|contributing|citation|"
    r"source|notice|code_of_conduct|install|manifest|makefile|dockerfile|requirements|package|"
    r"package-lock|pyproject|setup)(?:[._-].*)?$", re.I)
_SIDECAR_SUFFIXES = (".json", ".yaml", ".yml")
_ROLE_SYNONYMS = {
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


# ---------------------------------------------------------------------------------------
def load_corpus(
    path_or_paths: PathLike | Sequence[PathLike],
    format: str = "auto",
    metadata: PathLike | pd.DataFrame | bool | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    roles: Mapping[str, str] | PathLike | None = None,
    aliases: Mapping[str, str] | PathLike | None = None,
    name_pattern: str | None = None,
    on_error: str = "raise",
    progress: bool = False,
    cache: PathLike | bool | None = None,
) -> Corpus:
    """Read transcripts from files or folders, in any layout.

    Parameters
    ----------
    path_or_paths : path or sequence of paths
        Files, or folders searched recursively (see the module notes for what is skipped).
    format : {"auto", "text", "plain", "csv", "jsonl", "json", "xml"}, default="auto"
        ``"auto"`` reads ``.csv``/``.tsv`` as CSV, ``.jsonl``/``.ndjson`` as JSON Lines, and
        finds every other file's layout from its content (XML with speaker attributes, JSON
        with speaker objects, HTML, Markdown, text). ``"plain"`` reads text with no speaker
        labels at all (speeches, monologues).
    metadata : path, DataFrame, bool or None, default=None
        Per-transcript facts keyed by a ``file`` column (path relative to the metadata
        file) or a ``transcript_id`` column; columns ``date``, ``title``, ``source``,
        ``kind``, ``url``, ``official`` override what the text says, other columns become
        document variables. None uses ``metadata.csv`` in the given directory if there is
        one; False uses none.
    columns : mapping, default=None
        For tabular input: field -> column name, e.g. ``{"text": "utterance"}``. Fields:
        ``transcript_id``, ``text``, ``speaker``, ``role``, ``outlet``, ``date``, ``title``,
        ``source``, ``kind``, ``url``.
    roles : mapping or path, default=None
        Speaker (as written, or its key) -> role, overriding every inferred role; or a CSV
        file with columns ``speaker`` and ``role`` (:func:`read_roles`).
    aliases : mapping or path, default=None
        Label or key -> the speaker it names (``{"BERNAKE": "Bernanke"}``), overriding the
        automatic merges; or a CSV file with columns ``alias`` and ``speaker``
        (:func:`read_aliases`). ``Corpus.speakers()`` lists every merge.
    name_pattern : str, default=None
        Variables in file names, e.g. ``"{country}_{session}_{year}"``: each ``{name}``
        matches a run of characters, literal text must match as written, and the whole
        file name (without suffix) must match; a pattern holding ``/`` matches the end of the
        path. Fields become document variables (columns of ``turns()``); ``date``, or
        ``year`` with optional ``month`` and ``day``, dates the transcript (see
        :func:`name_variables`); ``speaker`` names the speaker of a text with no labels. A
        file whose name does not match gets a note.
    on_error : {"raise", "collect"}, default="raise"
        On a file that cannot be read, raise, or skip it and record the message in
        ``Corpus.problems`` (and a warning): never silently.
    progress : bool, default=False
        Show a progress bar over files.
    cache : path, bool or None, default=None
        On-disk cache of parsed text files (Parquet, one entry per file keyed by its bytes,
        path, options and the parsers' source code; see :mod:`analysis.cache`): a folder,
        True for ``.cache``, False for none; None uses the folder in the ``ANALYSIS_CACHE``
        environment variable when it is set.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        A path that does not exist (or a broken link, a pipe), a folder with no transcripts,
        bad metadata, a bad roles or aliases file, an unreadable file.
    TranscriptFormatError
        A file given by name that cannot be parsed (empty, binary, unknown encoding, no
        speech at all, bad CSV or JSON); the message names the file and line.

    Warns
    -----
    InputWarning
        Once per kind of repair that changed what was read (mojibake, bytes read in another
        encoding, NUL characters), for duplicate files, for metadata values that differ from
        the text (the metadata wins) and for metadata rows naming missing files;
        ``Corpus.notes()`` lists these and the quieter notes (HTML or front matter converted,
        files skipped, names read).
    """
    from .corpus import Corpus

    check_option("format", format, {"auto", "text", "plain", "csv", "jsonl", "json", "xml"}, caller="load_corpus")
    check_option("on_error", on_error, {"raise", "collect"}, caller="load_corpus")
    role_map = read_roles(roles) if roles is not None and not isinstance(roles, Mapping) else dict(roles or {})
    for who, role in role_map.items():
        check_option(f"roles[{who!r}]", role, set(rl.ROLES), caller="load_corpus")
    alias_map = read_aliases(aliases) if aliases is not None and not isinstance(aliases, Mapping) \
        else dict(aliases or {})
    pattern = _compile_name_pattern(name_pattern) if name_pattern else None
    found = _collect_files(path_or_paths)
    files, corpus_notes = found.files, list(found.notes)
    meta = load_metadata(found.metadata if metadata is None else metadata)
    corpus_notes += meta.notes

    cache_root = None
    if cache not in (None, False) or (cache is None and os.environ.get("ANALYSIS_CACHE", "").strip()):
        from .cache import cache_dir, page_key, read_page, write_page

        cache_root = cache_dir(cache)
    pages: list[ParsedPage] = []
    tables: list[Transcript] = []
    problems: list[str] = []
    file_notes: dict[str, list[Note]] = {}
    sidecars: dict[str, dict] = {}
    iterator: Iterable[Path] = files
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(files, desc="reading transcripts", unit="file")
    for f in iterator:
        scanned = f in found.scanned
        try:
            side = found.sidecars.get(f)
            side_fields = _read_sidecar(side) if side is not None else {}
            if side is not None:
                sidecars[str(f)] = side_fields
            row = _merged_row(meta.lookup(f), side_fields)
            fmt = format if format != "auto" else _TABLE_SUFFIX.get(f.suffix.lower(), "auto")
            raw = f.read_bytes()
            key = None
            if cache_root is not None and fmt not in ("csv", "jsonl"):
                key = page_key(raw, str(f), fmt, (row or {}).get("official") or None)
                hit = read_page(key, cache=cache_root)
                if hit is not None:
                    file_notes[str(f)] = hit[1]
                    pages.append(hit[0])
                    continue
            decoded = _decode_declared(raw, str(f)) or decode(raw, str(f))
            text, enc = decoded.text, decoded.encoding
            if not text.strip(WS_CHARS):
                raise TranscriptFormatError(str(f), 1, "is empty (no text at all)")
            notes = [Note(k, m, str(f), ln) for k, ln, m in decoded.notes]
            if fmt == "auto" and f.suffix.lower() == ".json" and _is_row_list(text):
                fmt = "jsonl_array"
            elif fmt == "auto" and f.suffix.lower() == ".json" and _is_json_lines(text):
                fmt = "jsonl"
            if fmt in ("csv", "jsonl", "jsonl_array"):
                found_t = _table_transcripts(text, f, fmt, enc, columns, row, role_map, alias_map)
                tables.extend(dataclasses.replace(t, notes=t.notes + tuple(notes)) for t in found_t)
                continue
            page = _parse_file(text, f, enc, fmt, (row or {}).get("official") or None)
            if page is None or not page.turns:
                if page is None:
                    raise TranscriptFormatError(str(f), 1, _NOT_A_TRANSCRIPT.get(_sniff(text), "holds no turns"))
                kinds = sorted({b.kind for b in page.boilerplate})
                raise TranscriptFormatError(str(f), page.boilerplate[0].line if page.boilerplate else 1,
                                            f"has no speech, only {', '.join(kinds)} lines")
            notes += [Note(k, m, str(f), ln) for k, ln, m in page.notes]
            file_notes[str(f)] = notes
            pages.append(page)
            if key is not None:
                write_page(key, page, notes, cache=cache_root)
        except (TranscriptFormatError, OSError) as exc:
            msg = str(exc) if not isinstance(exc, OSError) else f"{f}: cannot be read ({exc.strerror or exc})"
            if scanned and _not_a_transcript(exc):
                corpus_notes.append(Note("skipped", f"not a transcript: {exc.reason}; skipped", str(f),
                                         exc.line))
                continue
            if on_error == "raise":
                if isinstance(exc, OSError):
                    raise CorpusError(msg) from None
                raise
            problems.append(msg)
            warnings.warn(f"skipped {msg}", stacklevel=2)

    spellings = _corpus_spellings(pages)
    transcripts = [_build_transcript(group, meta, role_map, alias_map, file_notes, sidecars, spellings)
                   for group in _group_pages(pages)]
    transcripts += tables
    transcripts = [_name_metadata(t, pattern) for t in transcripts]
    transcripts = _unique_ids(transcripts)
    transcripts = _note_duplicates(transcripts)
    transcripts.sort(key=lambda t: (t.date or dt.date.max, t.id))
    if not transcripts and problems:
        raise CorpusError("no transcript could be read:\n" + "\n".join(problems))
    if not transcripts:
        skipped = [n for n in corpus_notes if n.kind == "skipped"]
        shown = "; ".join(f"{Path(n.path).name}: {n.message.removesuffix('; skipped')}" for n in skipped[:5])
        more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        raise CorpusError(f"{found.roots[0] if found.roots else path_or_paths}: no transcripts found "
                          f"(looked at {len(skipped)} file(s): {shown}{more})")
    corpus = Corpus(transcripts, problems, corpus_notes)
    _warn_notes([*corpus_notes, *(n for t in transcripts for n in t.notes)])
    return corpus


# ---------------------------------------------------------------------------------------
# finding files
@dataclasses.dataclass
class _Found:
    files: list[Path]
    metadata: Path | None
    notes: list[Note]
    scanned: set[Path]
    sidecars: dict[Path, Path]
    roots: list[Path]


def _collect_files(path_or_paths) -> _Found:
    if isinstance(path_or_paths, (str, Path)) or hasattr(path_or_paths, "__fspath__"):
        items = [Path(path_or_paths)]
    else:
        items = [Path(p) for p in path_or_paths]
    if not items:
        raise CorpusError("load_corpus(): no paths given")
    files: list[Path] = []
    notes: list[Note] = []
    scanned: set[Path] = set()
    sidecars: dict[Path, Path] = {}
    meta_auto = None
    roots = []
    for p in items:
        if not p.exists():
            if p.is_symlink():
                raise CorpusError(f"{p}: is a broken symbolic link (its target does not exist)")
            raise CorpusError(f"{p}: no such file or directory")
        if p.is_dir():
            roots.append(p)
            if (p / _METADATA_NAME).is_file() and meta_auto is None:
                meta_auto = p / _METADATA_NAME
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.name != _METADATA_NAME
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            stems: dict[tuple[Path, str], list[Path]] = defaultdict(list)
            for f in found:
                stems[(f.parent, f.stem)].append(f)
            kept = []
            for f in found:
                suffix = f.suffix.lower()
                if suffix in _NOT_TEXT or f.name.endswith("~"):
                    notes.append(Note("skipped", f"not a transcript: a {suffix or 'backup'} file; skipped", str(f)))
                    continue
                if _NOT_TRANSCRIPT_NAME.match(f.name) and suffix in ("", ".md", ".txt", ".rst", ".markdown"):
                    notes.append(Note("skipped", "not a transcript: a repository document (by its name); skipped",
                                      str(f)))
                    continue
                siblings = [g for g in stems[(f.parent, f.stem)] if g != f]
                if suffix in _SIDECAR_SUFFIXES and any(g.suffix.lower() not in _SIDECAR_SUFFIXES
                                                       and g.suffix.lower() not in _NOT_TEXT for g in siblings):
                    target = next(g for g in siblings if g.suffix.lower() not in _SIDECAR_SUFFIXES
                                  and g.suffix.lower() not in _NOT_TEXT)
                    sidecars[target] = f
                    notes.append(Note("sidecar", f"read as the metadata of {target.name}", str(f)))
                    continue
                kept.append(f)
                scanned.add(f)
            if not kept:
                shown = "; ".join(f"{Path(n.path).name}: {n.message.removesuffix('; skipped')}" for n in notes
                                  if n.kind == "skipped")
                raise CorpusError(f"{p}: no transcripts found ({shown or 'the folder holds no files'})")
            files.extend(kept)
        elif p.is_file():
            files.append(p)
            for suffix in _SIDECAR_SUFFIXES:
                side = p.with_suffix(suffix)
                if side != p and side.is_file():
                    sidecars[p] = side
                    notes.append(Note("sidecar", f"read as the metadata of {p.name}", str(side)))
                    break
        else:
            raise CorpusError(f"{p}: is not a regular file or directory (a device, pipe or socket?)")
    unique: list[Path] = []
    seen: dict[Path, Path] = {}
    for f in files:
        real = f.resolve()
        if real in seen:  # the same file reached twice (a symbolic link, or given twice)
            notes.append(Note("duplicate", f"is the same file as {seen[real]} (a link or repeated path); read once",
                              str(f), None))
            continue
        seen[real] = f
        unique.append(f)
    return _Found(unique, meta_auto, notes, scanned, sidecars, roots)


_NOT_A_TRANSCRIPT = {
    "json": "is JSON with no list of turns (speaker and text fields)",
    "xml": "is XML with no speaker-bearing turn elements",
}


def _sniff(text: str) -> str:
    head = text.lstrip(WS_CHARS)[:200]
    if head[:1] in "{[":
        return "json"
    if head.startswith("<?xml") or (head.startswith("<") and not re.match(r"<(?:!doctype\s+html|html)\b", head, re.I)
                                    and not _looks_like_html_head(text)):
        return "xml"
    return "text"


def _looks_like_html_head(text: str) -> bool:
    from .parsers.markup import looks_like_html

    return looks_like_html(text)


def _not_a_transcript(exc: Exception) -> bool:
    """Errors that mean a file found in a folder is something else, not a broken transcript."""
    if not isinstance(exc, TranscriptFormatError):
        return False
    msg = exc.reason
    return msg.startswith(("has no speech", "is JSON with no", "is XML with no", "holds no turns", "has no text column"))


def _parse_file(text: str, f: Path, enc: str, fmt: str, official: str | None) -> ParsedPage | None:
    """One file's ParsedPage by its layout; None for a structured file with no turns."""
    kind = {"json": "json", "xml": "xml"}.get(fmt) or (_sniff(text) if fmt == "auto" else "text")
    if kind == "json":
        from .parsers import jsondoc

        try:
            page = jsondoc.parse_json(text, path=str(f), encoding=enc)
        except TranscriptFormatError:
            if fmt == "json" or f.suffix.lower() == ".json":
                raise
            page = None  # a text file that opens with "[Music]" or "{": read it as text
            kind = "text"
        else:
            return _with_official(page, official)
    if kind == "xml":
        from .parsers import xml as xmlp

        page = xmlp.parse_xml(text, path=str(f), encoding=enc)
        if page is not None or fmt == "xml" or not _looks_like_html_head(text):
            # XML that is not a web page and holds no speaker turns is not a transcript
            return _with_official(page, official)
    return parse_text(text, path=str(f), encoding=enc, official=official,
                      detect_labels=(fmt != "plain"), markup="none" if fmt == "plain" else "auto")


def _with_official(page: ParsedPage | None, official: str | None) -> ParsedPage | None:
    if page is not None and official:
        page.official = official
    return page


def _is_json_lines(text: str) -> bool:
    """A ``.json`` file that holds one JSON object per line (JSON Lines under another name)."""
    lines = [ln for ln in text.split("\n", 50)[:50] if ln.strip(WS_CHARS)]
    if len(lines) < 2:
        return False
    try:
        return all(isinstance(json.loads(ln), dict) for ln in lines[:-1])
    except ValueError:
        return False


def _is_row_list(text: str) -> bool:
    """A ``.json`` file that is a flat list of row objects with a text field: read as a table."""
    head = text.lstrip(WS_CHARS)
    if not head.startswith("["):
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return (isinstance(data, list) and bool(data) and all(isinstance(r, dict) for r in data)
            and all(not isinstance(v, (dict, list)) for r in data[:50] for v in r.values())
            and any("text" in {k.lower() for k in r} for r in data[:50]))


def _decode_declared(raw: bytes, path: str):
    """An XML file whose declaration names a legacy encoding, read in that encoding (the
    declaration is the file's own word, not a guess); None otherwise."""
    if not raw.lstrip()[:5] == b"<?xml":
        return None
    from .parsers.decode import Decoded, normalize_newlines
    from .parsers.xml import xml_declared_encoding

    enc = xml_declared_encoding(raw)
    if enc is None or enc.replace("-", "").replace("_", "") in ("utf8", "ascii", "usascii") or enc.startswith("utf"):
        return None
    try:
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(normalize_newlines(text), enc, [("xml_encoding", None, f"read as {enc}, as its XML declaration says")])


# ---------------------------------------------------------------------------------------
# metadata beside and in file names
def _read_sidecar(path: Path) -> dict:
    """Fields of a sidecar metadata file (JSON object or YAML mapping), read without running code."""
    text, _ = decode_bytes(path.read_bytes(), str(path))
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise TranscriptFormatError(str(path), getattr(exc, "lineno", 1),
                                        f"sidecar metadata is not valid JSON ({getattr(exc, 'msg', exc)})") from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise TranscriptFormatError(str(path), mark.line + 1 if mark else 1,
                                        "sidecar metadata is not valid YAML") from None
    if not isinstance(data, dict):
        raise TranscriptFormatError(str(path), 1, "sidecar metadata must be a mapping of fields to values")
    out: dict = {"_sidecar": str(path)}
    roles: dict[str, str] = {}
    for k, v in data.items():
        key = str(k).strip().lower()
        role = _ROLE_SYNONYMS.get(key.rstrip(":"))
        if key in ("roles", "speakers", "participants", "people", "cast") or role:
            roles.update(_roles_from(v, role))
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
        return _ROLE_SYNONYMS.get(str(r).strip().lower()) if r is not None else None

    if isinstance(value, str) and role:
        out[value] = role
    elif isinstance(value, dict):
        for name, r in value.items():
            if isinstance(r, str) and norm(r):
                out[str(name)] = norm(r)
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
                if name is not None and (norm(r) or role):
                    out[str(name)] = norm(r) or role
    return out


def _merged_row(meta_row: dict | None, side: dict) -> dict | None:
    if not side:
        return meta_row
    return {**side, **(meta_row or {})}


def _compile_name_pattern(pattern: str) -> re.Pattern:
    """``"{country}_{session}_{year}"`` -> a regular expression with one group per field."""
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
    rx = pattern if isinstance(pattern, re.Pattern) else _compile_name_pattern(pattern)
    p = Path(path)
    target = p.with_suffix("").as_posix() if p.suffix else p.as_posix()
    m = rx.search(target)
    return dict(m.groupdict()) if m else None


def _name_metadata(t: Transcript, pattern: re.Pattern | None) -> Transcript:
    """Variables and a date from the file name: by the pattern, else a date written in the name."""
    notes = list(t.notes)
    extra = dict(t.extra)
    date = t.date
    if pattern is not None:
        got = name_variables(t.path, pattern)
        if got is None:
            notes.append(Note("name_pattern", f"file name does not match name_pattern {pattern.pattern!r}; "
                                              "no variables read from it", t.path))
        else:
            for k, v in got.items():
                if k not in ("date", "speaker"):
                    extra.setdefault(k, v)
            if got.get("speaker") and t.turns and all(not u.label for u in t.turns):
                who = got["speaker"].replace("_", " ")
                t = dataclasses.replace(t, turns=tuple(
                    dataclasses.replace(u, speaker=who, speaker_key=sp.name_key(who)) for u in t.turns))
            d = _date_from_fields(got)
            if d is not None and date is None:
                date = d
                notes.append(Note("name_date", f"dated {d.isoformat()} from its file name", t.path))
    if date is None and t.format not in ("csv", "jsonl", "jsonl_array"):
        d = _date_in_name(Path(t.path))
        if d is not None:
            date = d
            notes.append(Note("name_date", f"dated {d.isoformat()} from its file name", t.path))
    if date == t.date and extra == t.extra and len(notes) == len(t.notes):
        return t
    return dataclasses.replace(t, date=date, extra=extra, notes=tuple(notes))


def _date_from_fields(got: Mapping[str, str]) -> dt.date | None:
    if got.get("date"):
        return hd.parse_date(got["date"].replace("_", " "))
    if got.get("year"):
        try:
            return dt.date(int(got["year"]), int(got.get("month") or 1), int(got.get("day") or 1))
        except ValueError:
            return None
    return None


def _date_in_name(path: Path) -> dt.date | None:
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
        r = _ROLE_SYNONYMS.get(role.strip().lower(), role.strip().lower())
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
    text, _ = decode_bytes(p.read_bytes(), str(p))
    reader = csv.DictReader(text.splitlines())
    header = {h.strip().lower(): h for h in (reader.fieldnames or [])}
    names = []
    for want in cols:
        got = next((header[w] for w in want.split("|") if w in header), None)
        if got is None:
            raise CorpusError(f"{p}, line 1: the {what} file needs a {want.replace('|', ' or ')!r} column; "
                              f"columns are {list(reader.fieldnames or [])}")
        names.append(got)
    out = []
    for r in reader:
        a, b = (r.get(names[0]) or "").strip(), (r.get(names[1]) or "").strip()
        if a and b:
            out.append((reader.line_num, a, b))
    return out


# ---------------------------------------------------------------------------------------
# speakers and roles
def _corpus_spellings(pages: Sequence[ParsedPage]) -> dict[str, tuple[str, str, str]]:
    """Labels misspelt somewhere in the corpus: ``{form: (right form, reason, shown as)}``.

    A label seen in one transcript only ("BERNAKE") is compared with the spellings of the
    whole corpus, where the right one is common (at least five times as common for keys
    without titles). Speakers a structured source identifies by id are left as they are.
    """
    written: Counter = Counter()
    shown: dict[str, Counter] = defaultdict(Counter)
    for p in pages:
        for d in p.turns:
            if d.role is None and d.speaker and not d.speaker_id:  # a source's ids are its own word
                form = rl.speaker_key(d.speaker)
                written[form] += 1
                shown[form][d.speaker] += 1
    out = {}
    for form, (target, reason) in sp.merge_keys(written, max_edits=1).items():
        if reason.startswith("spelling") and shown.get(target):
            out[form] = (target, reason + " in the corpus", shown[target].most_common(1)[0][0])
    # the same on keys without titles ("CHAIRMAN BERNAKE" beside "CHAIR BERNANKE")
    keys: Counter = Counter()
    forms_of: dict[str, Counter] = defaultdict(Counter)
    for form, n in written.items():
        if form not in out:
            k = sp.name_key(form)
            keys[k] += n
            forms_of[k][form] += n
    for key, (target, reason) in sp.merge_keys(keys).items():
        # across transcripts, a near name may be another person ("David Davis", "David Davies"):
        # only a rare spelling of a name at least five times as common
        if reason.startswith("spelling") and forms_of.get(target) and keys[target] >= 5 * keys[key]:
            best = forms_of[target].most_common(1)[0][0]
            for form in forms_of[key]:
                out[form] = (best, reason + " in the corpus", shown[best].most_common(1)[0][0])
    return out


def _resolve_speakers(drafts: list[TurnDraft], official: str | None, roles: Mapping[str, str],
                      aliases: Mapping[str, str], given_roles: Mapping[str, str] | None = None,
                      spellings: Mapping[str, tuple[str, str, str]] | None = None) -> list[tuple]:
    """Keys (merged spellings) and roles for one transcript's drafts; returns the merges made."""
    for d in drafts:
        if not d.speaker:
            d.speaker = "Unknown speaker"
    # misspelt labels first, on the labels as written ("HE PRESIDENT" beside "THE PRESIDENT"),
    # then on the keys without titles ("CHAIRIMAN POWELL" beside "CHAIR POWELL")
    written = Counter(rl.speaker_key(d.speaker) for d in drafts if d.role is None)
    typos = {k: v for k, v in sp.merge_keys(written, max_edits=1).items() if v[1].startswith("spelling")}
    shown_as: dict[str, str] = {}
    for form in written:
        if form not in typos and spellings and form in spellings:
            target, reason, shown = spellings[form]
            typos[form] = (target, reason)
            shown_as[form] = shown
    for d in drafts:
        form = rl.speaker_key(d.speaker)
        d.key = sp.name_key(typos[form][0]) if form in typos and d.role is None else sp.name_key(d.speaker)
    # a structured source's speaker id joins a title-only label ("Mr. Deputy Speaker") to the
    # name the same person speaks under elsewhere
    by_id: dict[str, Counter] = defaultdict(Counter)
    for d in drafts:
        if d.speaker_id:
            by_id[d.speaker_id][d.key] += 1
    id_key = {i: c.most_common(1)[0][0] for i, c in by_id.items()}
    counts = Counter(d.key for d in drafts if d.role is None or d.label)
    merges = sp.merge_keys(counts, aliases)
    merged = []
    for d in drafts:
        if d.speaker_id:
            d.key = id_key[d.speaker_id]
        if d.key in merges:
            d.key = merges[d.key][0]
            merged.append(d)
        elif rl.speaker_key(d.speaker) in typos and d.role is None:
            merged.append(d)
    # a misspelt or aliased label is shown under the spelling its speaker is most often given
    spelling: dict[str, Counter] = defaultdict(Counter)
    for d in drafts:
        if d.role is None and not any(d is m for m in merged):
            spelling[d.key][d.speaker] += 1
    for d in merged:
        form = rl.speaker_key(d.speaker)
        if spelling.get(d.key):
            d.speaker = spelling[d.key].most_common(1)[0][0]
        elif form in shown_as:
            d.speaker = shown_as[form]
    merges = {**merges, **{k: (sp.name_key(v[0]), v[1]) for k, v in typos.items()}}
    official_here = official
    given = {sp.name_key(k): v for k, v in (given_roles or {}).items()}
    keys_here = {d.key for d in drafts}
    for g in list(given):  # "Holt" in the metadata names "Lester Holt" when he is the only Holt here
        if g not in keys_here:
            match = [k for k in keys_here if set(g.split()) <= set(k.split()) or set(k.split()) <= set(g.split())]
            if len(match) == 1:
                given.setdefault(match[0], given[g])
    for d in drafts:
        if d.role is None and d.key in given:
            d.role, d.role_reason = given[d.key], "given in the transcript's metadata or header (in the chair)"
    sp.assign_roles(drafts, official=official_here)
    if drafts and all(not d.label and d.role == "unknown" for d in drafts):
        # a monologue with no label at all: its one speaker holds the floor (the announcing
        # side), though unnamed; a name pattern's {speaker} field or a roles file can name it
        for d in drafts:
            d.role, d.role_reason = "official", "the only speaker of an unlabelled text"
    override = {sp.name_key(k): v for k, v in roles.items()}
    override.update({rl.speaker_key(k): v for k, v in roles.items()})
    for d in drafts:
        r = override.get(d.key) or override.get(rl.speaker_key(d.speaker))
        if r is not None:
            d.role, d.role_reason = r, "given by roles="
        if d.role == "questioner" and d.outlet is None:
            d.outlet = rl.outlet_in_question(" ".join(p.speech for p in d.paragraphs))
    return [(k, v[0], v[1]) for k, v in merges.items()]


def _finalize_turns(tid: str, drafts: list[TurnDraft]) -> list[Turn]:
    turns: list[Turn] = []
    last_q: int | None = None
    answered = False
    for i, d in enumerate(drafts):
        role = d.role or "unknown"
        answers = None
        if role == "questioner":
            last_q, answered = i, False
        elif role == "official":
            if last_q is not None:
                answers, answered = last_q, True
        elif role == "moderator" and answered:
            last_q = None
        turns.append(Turn(tid, i, d.speaker, d.key or sp.name_key(d.speaker), role, d.label, d.outlet,
                          tuple(d.paragraphs), answers, d.role_reason))
    return turns


def _build_transcript(group: list[ParsedPage], meta: Metadata, roles: Mapping[str, str],
                      aliases: Mapping[str, str], file_notes: Mapping[str, list[Note]] | None = None,
                      sidecars: Mapping[str, dict] | None = None,
                      spellings: Mapping[str, tuple[str, str, str]] | None = None) -> Transcript:
    first = group[0]
    row = _merged_row(meta.lookup(Path(first.path)), (sidecars or {}).get(first.path, {})) or {}
    notes = [n for p in group for n in (file_notes or {}).get(p.path, [])]
    official = row.get("official") or first.official
    if len(group) > 1:
        group = [first] + [_reparse_as_page(p, k, official) for k, p in enumerate(group[1:], start=1)]
    drafts: list[TurnDraft] = []
    boiler: list[Boilerplate] = []
    for p in group:
        boiler.extend(p.boilerplate)
        for d in p.turns:
            if d.continuation and drafts:
                drafts[-1].paragraphs.extend(d.paragraphs)
            else:
                drafts.append(d)
    tid = row.get("transcript_id") or Path(first.path).stem
    given_roles = dict(row.get("_roles") or {})
    for p in group:  # "[Mr. X in the Chair]": the page says who presides
        for name in filter(None, [p.header_fields.get("chair"), *str(p.header_fields.get("chairs", "")).split("; ")]):
            if isinstance(name, str) and name.strip():
                given_roles.setdefault(name.strip(), "moderator")
    merges = _resolve_speakers(drafts, official, roles, aliases, given_roles, spellings)
    turns = _finalize_turns(tid, drafts)
    title = row.get("title") or first.title
    notes += _conflicts(first, row, meta.name)
    notes += [Note("speaker_merge", f"speaker {a!r} read as {b!r}: {why}", first.path) for a, b, why in merges]
    extra = {**first.extra, **{k: v for k, v in row.items() if k not in (*_META_FIELDS, "file", "transcript_id")
                               and k and not k.startswith("_")}}
    return Transcript(
        id=tid, title=title, date=row.get("date") or first.date,
        source=row.get("source") or first.source, url=row.get("url") or first.url,
        kind=row.get("kind") or first.kind or (hd.kind_from_title(title) if title else "transcript"),
        pages=tuple(p.path for p in group), turns=tuple(turns), boilerplate=tuple(boiler),
        format=first.format, encoding=first.encoding, extra=extra, notes=tuple(notes),
        layout=dict(first.layout) if getattr(first, "layout", None) else {},
    )


def _warn_notes(notes: Sequence[Note]) -> None:
    """One InputWarning per kind of note worth a user's attention, naming where."""
    by_kind: dict[str, list[Note]] = defaultdict(list)
    for n in notes:
        if n.kind in WARN_KINDS:
            by_kind[n.kind].append(n)
    for kind, ns in by_kind.items():
        shown = "; ".join(str(n) for n in ns[:3])
        more = f"; and {len(ns) - 3} more" if len(ns) > 3 else ""
        warnings.warn(f"{len(ns)} note(s) of kind {kind!r} (see Corpus.notes()): {shown}{more}", InputWarning,
                      stacklevel=3)


def _content_key(t: Transcript) -> str:
    h = hashlib.sha1()
    for u in t.turns:
        h.update(u.speaker_key.encode("utf-8", "surrogatepass") + b"\x1f" + u.text.encode("utf-8", "surrogatepass")
                 + b"\x1e")
    return h.hexdigest()


def _note_duplicates(transcripts: list[Transcript]) -> list[Transcript]:
    """Transcripts with exactly the same speakers and speech get a ``duplicate`` note."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(transcripts):
        if any(u.text for u in t.turns):
            groups[_content_key(t)].append(i)
    out = list(transcripts)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        for i in idx:
            others = ", ".join(transcripts[j].path for j in idx if j != i)
            note = Note("duplicate", f"has the same speech as {others} (see Corpus.duplicates())", out[i].path, None)
            out[i] = dataclasses.replace(out[i], notes=out[i].notes + (note,))
    return out


def _group_pages(pages: list[ParsedPage]) -> list[list[ParsedPage]]:
    """Pages of one conference (page-layout files with the same title and date) together.

    A page whose speech is identical to another page of the group is a copy, not a further
    page: it stays a transcript of its own, so that it is reported as a duplicate instead of
    doubling the conference.
    """
    groups: dict[object, list[ParsedPage]] = {}
    seen: dict[object, set[str]] = defaultdict(set)
    for p in sorted(pages, key=lambda p: p.path):
        key: object = ("file", p.path)
        if p.format == "page" and p.title and p.date:
            merged = (" ".join(p.title.casefold().split()), p.date)
            body = hashlib.sha1("\x1e".join(q.speech for d in p.turns for q in d.paragraphs)
                                .encode("utf-8", "surrogatepass")).hexdigest()
            if body not in seen[merged]:
                seen[merged].add(body)
                key = merged
        groups.setdefault(key, []).append(p)
    return [sorted(g, key=lambda p: p.path) for g in groups.values()]


def _reparse_as_page(p: ParsedPage, k: int, official: str | None) -> ParsedPage:
    return parse_text(p.text, path=p.path, encoding=p.encoding, page=k, official=official)


_DATE_KINDS = ("source_date", "date", "header", "title", "front_matter")


def _conflicts(page: ParsedPage, row: Mapping, meta_name: str) -> list[Note]:
    """Notes for metadata values that differ from what the text says (metadata wins)."""
    out = []
    where = f"{meta_name}, line {row.get('_line')}" if row.get("_line") else "the metadata"
    if row.get("date") and page.date and row["date"] != page.date:
        line = next((b.line for b in page.boilerplate if b.kind in _DATE_KINDS and hd.parse_date(b.raw) == page.date),
                    None)
        out.append(Note("metadata", f"the text dates it {page.date.isoformat()} but {where} says "
                                    f"{row['date'].isoformat()}; the metadata date is used", page.path, line))
    if row.get("title") and page.title and " ".join(row["title"].casefold().split()) != " ".join(
            page.title.casefold().split()):
        line = next((b.line for b in page.boilerplate if b.kind == "title"), None)
        out.append(Note("metadata", f"the text's title {page.title!r} differs from {where}: {row['title']!r}; "
                                    "the metadata title is used", page.path, line))
    return out


def _table_transcripts(text: str, f: Path, fmt: str, enc: str, columns, row, roles: Mapping[str, str],
                       aliases: Mapping[str, str]) -> list[Transcript]:
    rows = read_table_rows(text, path=str(f), fmt="json" if fmt == "jsonl_array" else fmt, columns=columns)
    if not rows:
        raise TranscriptFormatError(str(f), 1, "has a header but no rows")
    lines = text.split("\n")
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    by_id: dict[str, list[tuple[int, dict]]] = {}
    for n, r in rows:
        tid = str(r.get("transcript_id") or f.stem)
        by_id.setdefault(tid, []).append((n, r))
    out = []
    for tid, items in by_id.items():
        drafts = []
        first = items[0][1]
        for n, r in items:
            speech = " ".join(clean_speech(r["text"]).split())
            start = offsets[n - 1]
            raw_line = lines[n - 1]
            para = Paragraph(raw_line, speech, (), 0, start, start + len(raw_line), n)
            speaker = str(r.get("speaker") or "").strip() or "Unknown speaker"
            role = r.get("role") or None
            outlet = (str(r["outlet"]).strip() or None) if r.get("outlet") else None
            drafts.append(TurnDraft(speaker, speaker, role, outlet, [para]))
        for d in drafts:
            if d.role is None:
                d.role = "questioner" if d.outlet else None
        for d in drafts:
            if d.role is None and d.speaker == "Unknown speaker":
                d.role = "unknown"
        _resolve_speakers(drafts, (row or {}).get("official") or None, roles, aliases, (row or {}).get("_roles"))
        meta = row or {}
        text_date = hd.parse_date(str(first.get("date"))) if first.get("date") else None
        date = meta.get("date") or text_date
        title = meta.get("title") or str(first.get("title") or "")
        notes = ()
        if meta.get("date") and text_date and meta["date"] != text_date:
            notes = (Note("metadata", f"the table dates it {text_date.isoformat()} but the metadata (line "
                                      f"{meta.get('_line')}) says {meta['date'].isoformat()}; the metadata date is used",
                          str(f), items[0][0]),)
        out.append(Transcript(
            id=tid, title=title, date=date, source=meta.get("source") or str(first.get("source") or ""),
            url=meta.get("url") or str(first.get("url") or ""),
            kind=meta.get("kind") or str(first.get("kind") or "") or "transcript",
            pages=(str(f),), turns=tuple(_finalize_turns(tid, drafts)), boilerplate=(),
            format=fmt, encoding=enc,
            extra={k: v for k, v in meta.items() if k not in (*_META_FIELDS, "file", "transcript_id") and k
                   and not k.startswith("_")},
            notes=notes,
        ))
    return out


def _unique_ids(transcripts: list[Transcript]) -> list[Transcript]:
    seen: dict[str, int] = defaultdict(int)
    for t in transcripts:
        seen[t.id] += 1
    out = []
    taken = {t.id for t in transcripts if seen[t.id] == 1}
    for t in transcripts:
        if seen[t.id] > 1:
            base = f"{Path(t.path).with_suffix('').as_posix().replace('/', '__').lstrip('_.')}__{t.id}" \
                if t.format in ("csv", "jsonl") else Path(t.path).with_suffix("").as_posix().replace("/", "__").lstrip("_.")
            new, k = base, 1
            while new in taken:
                k += 1
                new = f"{base}~{k}"
            taken.add(new)
            t = dataclasses.replace(t, id=new, turns=tuple(dataclasses.replace(u, transcript_id=new) for u in t.turns))
        out.append(t)
    return out
