"""The metadata file: per-transcript facts that win over what the text and the file name say.

A CSV (or a DataFrame) keyed by a ``file`` column (a path relative to the metadata file) or a
``transcript_id`` column. The CSV is read as RFC 4180 CSV: a quoted cell keeps every
character, line breaks, U+2028 and vertical tabs included, and cells of any length are read.
Dates must parse (:func:`analysis.parsers.header.parse_date`); other problems (a row naming
a file that does not exist, a file named twice, a date outside the range a date column can
hold) are recorded as notes, not errors. Several metadata files (one per folder) are merged
by :func:`merge_metadata`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from .._validation import DATE_RANGE_TEXT, in_date_range
from ..errors import CorpusError
from ..model import Note
from ..types import PathLike
from . import header as hd
from .decode import decode_bytes

__all__ = ["Metadata", "load_metadata", "merge_metadata", "read_csv_records"]


class Metadata:
    """Metadata rows by resolved file path and by transcript id, with the notes made reading them."""

    def __init__(self, by_file: dict[Path, dict], by_id: dict[str, dict], notes: list[Note] | None = None,
                 name: str = "") -> None:
        self.by_file, self.by_id = by_file, by_id
        self.notes = notes or []
        self.name = name

    def lookup(self, path: Path, transcript_id: str | None = None) -> dict | None:
        row = self.by_file.get(path.resolve())
        if row is None and transcript_id is not None:
            row = self.by_id.get(transcript_id)
        if row is None:
            row = self.by_id.get(path.stem)
        return row


def load_metadata(metadata: PathLike | pd.DataFrame | bool | None) -> Metadata:
    """Read a metadata CSV or DataFrame (None or False: no metadata).

    Raises
    ------
    CorpusError
        No such file; neither a ``file`` nor a ``transcript_id`` column; a date that is not
        a date. The message names the file and line.
    """
    if metadata is None or metadata is False:
        return Metadata({}, {})
    if metadata is True:
        raise CorpusError("load_corpus(): metadata=True is ambiguous; give a path, a DataFrame, None or False")
    if isinstance(metadata, pd.DataFrame):
        base, name = Path.cwd(), "<metadata DataFrame>"
        records = [(i + 2, {str(k): ("" if pd.isna(v) else str(v)) for k, v in r.items()})
                   for i, r in enumerate(metadata.to_dict("records"))]
        header = [str(c) for c in metadata.columns]
    else:
        mp = Path(metadata)
        if not mp.is_file():
            raise CorpusError(f"{mp}: metadata file not found")
        base, name = mp.resolve().parent, str(mp)
        try:
            raw = mp.read_bytes()
        except OSError as exc:
            raise CorpusError(f"{mp}: metadata file cannot be read ({exc.strerror or exc})") from None
        text, _ = decode_bytes(raw, name)
        header, records = read_csv_records(text, name)
    if "file" not in header and "transcript_id" not in header:
        raise CorpusError(f"{name}, line 1: metadata needs a 'file' or 'transcript_id' column; columns are {header}")
    by_file, by_id = {}, {}
    notes: list[Note] = []
    first_line: dict[Path, int] = {}
    for line, r in records:
        row = {k: (v if isinstance(v, str) else "").strip() for k, v in r.items() if k is not None}
        row["_line"] = line
        row["_source"] = name
        if row.get("date"):
            d = hd.parse_date(row["date"])
            if d is None:
                raise CorpusError(f"{name}, line {line}: date {row['date']!r} is not a date (use YYYY-MM-DD)")
            if not in_date_range(d):
                notes.append(Note("bad_date", f"date {row['date']!r} is outside the dates a date column can hold "
                                              f"({DATE_RANGE_TEXT}); not used (a typo for another year?)", name, line))
                del row["date"]
            else:
                row["date"] = d
        if row.get("file"):
            target = (base / row["file"]).resolve()
            if target in first_line:
                notes.append(Note("metadata", f"repeats file {row['file']!r} (first on line {first_line[target]}); "
                                              "this later row is used", name, line))
            first_line.setdefault(target, line)
            if not target.is_file():
                notes.append(Note("metadata_missing_file", f"names file {row['file']!r}, which does not exist "
                                                           f"(looked for {target})", name, line))
            by_file[target] = row
        if row.get("transcript_id"):
            by_id[row["transcript_id"]] = row
    return Metadata(by_file, by_id, notes, name)


def read_csv_records(text: str, name: str) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and ``(line, {column: value})`` rows of a CSV text, read as RFC 4180 CSV
    (quoted cells keep line breaks, U+2028, vertical tabs; cells of any length).

    Raises
    ------
    CorpusError
        Malformed CSV (a stray quote); the message names the file and line.
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, min(len(text) + 1, 2**31 - 1)))
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
        header = list(reader.fieldnames or [])
        records, line = [], reader.line_num
        for r in reader:
            records.append((line + 1, dict(r)))
            line = reader.line_num
    except csv.Error as exc:
        raise CorpusError(f"{name}, line {reader.line_num}: is not valid CSV ({exc})") from None
    finally:
        csv.field_size_limit(limit)
    return header, records


def merge_metadata(parts: list[Metadata]) -> Metadata:
    """One :class:`Metadata` from several (one per folder, shallowest first): a file or
    transcript id described twice takes the deeper file's row, with a note."""
    if len(parts) == 1:
        return parts[0]
    by_file: dict[Path, dict] = {}
    by_id: dict[str, dict] = {}
    notes: list[Note] = [n for m in parts for n in m.notes]
    origin: dict[object, str] = {}
    for m in parts:
        for table, rows in ((by_file, m.by_file), (by_id, m.by_id)):
            for k, row in rows.items():
                if k in table and origin[k] != m.name:
                    notes.append(Note("metadata", f"describes {str(k)!r} again (also in {origin[k]}); this row "
                                                  "is used", m.name, row.get("_line")))
                table[k] = row
                origin[k] = m.name
    return Metadata(by_file, by_id, notes, "; ".join(m.name for m in parts))
