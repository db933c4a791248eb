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


def read_table_rows(text: str, *, path: str, fmt: str, columns: Mapping[str, str] | None = None) -> list[tuple[int, dict]]:
    """Rows as ``(line_number, {field: value})``, fields named as in :data:`FIELDS`.

    Raises
    ------
    TranscriptFormatError
        Missing text column, malformed JSON, a non-object JSON line, an unknown role.
    """
    rows: list[tuple[int, dict]] = []
    if fmt == "csv":
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|") if sample.strip() else csv.excel
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        try:
            header = next(reader)
        except StopIteration:
            raise TranscriptFormatError(path, 1, "is empty: expected a header row naming the columns") from None
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
    else:
        mapping = None
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TranscriptFormatError(path, n, f"is not valid JSON ({exc.msg}, column {exc.colno})") from None
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
