"""Tabular transcripts: CSV and JSON Lines with one row per turn.

Columns are mapped by the caller (``columns={"text": "utterance", "speaker": "name"}``);
unmapped fields are looked up under their own names. Only ``text`` is required. Rows of one
``transcript_id`` (default: the file name) form one transcript, in file order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping

from ..errors import TranscriptFormatError
from .roles import ROLES

__all__ = ["FIELDS", "read_table_rows"]

#: The fields a row can give; ``text`` is required.
FIELDS = ("transcript_id", "text", "speaker", "role", "outlet", "date", "title", "source", "kind", "url")


def _resolve(available: list[str], columns: Mapping[str, str] | None, path: str) -> dict[str, str]:
    columns = dict(columns or {})
    unknown = set(columns) - set(FIELDS)
    if unknown:
        raise TranscriptFormatError(path, None, f"columns= maps unknown field(s) {sorted(unknown)}; fields are {list(FIELDS)}")
    mapping = {}
    lower = {a.lower().strip(): a for a in available}
    for f in FIELDS:
        want = columns.get(f, f)
        if want in available:
            mapping[f] = want
        elif want.lower() in lower:
            mapping[f] = lower[want.lower()]
        elif f in columns:
            raise TranscriptFormatError(path, 1, f"has no column {want!r} (mapped to {f!r}); columns are {available}")
    if "text" not in mapping:
        raise TranscriptFormatError(
            path, 1,
            f"has no text column; columns are {available}. Pass columns={{'text': '<your column>'}} to load_corpus")
    return mapping


def read_table_rows(text: str, *, path: str, fmt: str, columns: Mapping[str, str] | None = None,
                    delimiter: str | None = None) -> list[tuple[int, dict]]:
    """Rows as ``(line_number, {field: value})``, fields named as in :data:`FIELDS`.

    ``fmt="csv"``: RFC 4180 CSV (Shafranovich 2005), the dialect of Python's :mod:`csv`
    module, pandas and spreadsheets: fields separated by ``delimiter`` (default: a tab for a
    ``.tsv`` or ``.tab`` file, else a comma), fields holding the separator, a quote or a line
    break enclosed in double quotes, a quote inside doubled. The dialect is never guessed
    from the content (a guess misreads valid files: a first row holding ``;``, text quoted
    with ``'``). Cells of any length are read (the :mod:`csv` module's 131,072-character limit
    is raised for the read). ``fmt="jsonl"``: one JSON object per line; ``fmt="json"``: one
    JSON array of objects (as ``DataFrame.to_json(orient="records")`` writes it).

    Raises
    ------
    TranscriptFormatError
        Missing text column, malformed CSV or JSON (a number too long to read or nesting too
        deep included), a non-object JSON row, an unknown role; the message names the line.

    References
    ----------
    Shafranovich, Y. (2005). Common Format and MIME Type for Comma-Separated Values (CSV)
    Files. RFC 4180, IETF.
    """
    rows: list[tuple[int, dict]] = []
    if fmt == "csv":
        sep = delimiter or ("\t" if path.lower().endswith((".tsv", ".tab")) else ",")
        limit = csv.field_size_limit()
        csv.field_size_limit(max(limit, min(len(text) + 1, 2**31 - 1)))
        try:
            rows = _csv_rows(text, path, sep, columns)
        finally:
            csv.field_size_limit(limit)
    elif fmt == "json":
        mapping = None
        for n, obj in _json_array(text, path):
            if mapping is None:
                mapping = _resolve(list(obj), columns, path)
            if mapping["text"] not in obj:
                raise TranscriptFormatError(path, n, f"has no {mapping['text']!r} field")
            rows.append((n, {f: obj.get(c) for f, c in mapping.items()}))
    else:
        mapping = None
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            obj = _json_value(line, path, n)
            if not isinstance(obj, dict):
                raise TranscriptFormatError(path, n, f"holds a JSON {type(obj).__name__}; expected one object per line")
            if mapping is None:
                mapping = _resolve(list(obj), columns, path)
            if mapping["text"] not in obj:
                raise TranscriptFormatError(path, n, f"has no {mapping['text']!r} field")
            rows.append((n, {f: obj.get(c) for f, c in mapping.items()}))
    for n, row in rows:
        row["text"] = "" if row.get("text") is None else str(row["text"])
        role = row.get("role")
        if role not in (None, ""):
            role = str(role).strip().lower()
            if role not in ROLES:
                raise TranscriptFormatError(path, n, f"has role {row['role']!r}; roles are {list(ROLES)}")
            row["role"] = role
    return rows


def _csv_rows(text: str, path: str, sep: str, columns: Mapping[str, str] | None) -> list[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', doublequote=True,
                        skipinitialspace=False, strict=True)
    rows: list[tuple[int, dict]] = []
    try:
        header = next(reader)
    except StopIteration:
        raise TranscriptFormatError(path, 1, "is empty: expected a header row naming the columns") from None
    except csv.Error as exc:
        raise TranscriptFormatError(path, reader.line_num, f"is not valid CSV: {exc}") from None
    mapping = _resolve(header, columns, path)
    idx = {f: header.index(c) for f, c in mapping.items()}
    line = reader.line_num
    try:
        for rec in reader:
            start = line + 1
            line = reader.line_num
            if not any(x.strip() for x in rec):
                continue
            if len(rec) != len(header):
                raise TranscriptFormatError(path, start, f"has {len(rec)} fields where the header has {len(header)}")
            rows.append((start, {f: rec[i] for f, i in idx.items()}))
    except csv.Error as exc:
        raise TranscriptFormatError(path, reader.line_num, f"is not valid CSV: {exc}") from None
    return rows


def _json_value(line: str, path: str, n: int):
    """One JSON value; malformed JSON, a number past Python's digit limit or nesting too deep
    is a :class:`TranscriptFormatError` naming the line."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise TranscriptFormatError(path, n, f"is not valid JSON ({exc.msg}, column {exc.colno})") from None
    except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits()
        raise TranscriptFormatError(path, n, f"holds a value JSON reading refuses ({exc})") from None
    except RecursionError:
        raise TranscriptFormatError(path, n, "is nested too deeply to read as JSON") from None


def _json_array(text: str, path: str):
    """``(line, object)`` for each item of a JSON array of objects."""
    decoder = json.JSONDecoder()
    ws = " \t\n\r\ufeff"
    pos, line = 0, 1

    def skip(at: int) -> int:
        while at < len(text) and text[at] in ws:
            at += 1
        return at

    def line_at(at: int) -> int:
        nonlocal pos, line
        line += text.count("\n", pos, at)
        pos = at
        return line

    at = skip(0)
    if not text.startswith("[", at):
        raise TranscriptFormatError(path, line_at(at), "is not a JSON array of row objects")
    at = skip(at + 1)
    if text.startswith("]", at):
        return
    while True:
        n = line_at(at)
        try:
            obj, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise TranscriptFormatError(path, exc.lineno, f"is not valid JSON ({exc.msg}, column {exc.colno})") from None
        except ValueError as exc:
            raise TranscriptFormatError(path, n, f"holds a value JSON reading refuses ({exc})") from None
        except RecursionError:
            raise TranscriptFormatError(path, n, "is nested too deeply to read as JSON") from None
        if not isinstance(obj, dict):
            raise TranscriptFormatError(path, n, f"holds a JSON {type(obj).__name__} in its array; expected row objects")
        yield n, obj
        at = skip(at)
        if text.startswith("]", at):
            if skip(at + 1) < len(text):
                raise TranscriptFormatError(path, line_at(skip(at + 1)), "has extra data after the JSON array")
            return
        if not text.startswith(",", at):
            raise TranscriptFormatError(path, line_at(at), "is not valid JSON (expected ',' or ']' in the array)")
        at = skip(at + 1)
