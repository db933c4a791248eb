"""Writing tables and files: atomically, and safe to open in a spreadsheet.

Every file the suite writes (``--output`` tables, figures and their index, executed
notebooks, benchmark reports) goes through :func:`atomic_writer`: the bytes go to a
temporary file in the destination's folder, are flushed to the disk (``fsync``), and the
temporary file then replaces the destination in one step (``os.replace``). A reader, a
crash, ``kill -9`` or a full disk therefore leaves either the complete previous file or the
complete new one, never a truncated file that looks whole.

Tables are written by :func:`write_table` as CSV, TSV, JSON Lines or JSON. CSV and TSV
are meant for spreadsheets, which run a cell starting with ``=``, ``+``, ``-`` or ``@`` as a
formula (CSV injection); by default such cells are neutralised as the OWASP guidance on
CSV injection advises (:func:`neutralize_cells`). JSON Lines and JSON are written as the
table holds them.

References
----------
OWASP Foundation. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from .types import PathLike

__all__ = ["TABLE_FORMATS", "FORMULA_PREFIXES", "atomic_writer", "atomic_write", "check_writable",
           "neutralize_cells", "table_format", "write_table"]

#: Table formats by file suffix.
TABLE_FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".json": "json"}
#: First characters that make a spreadsheet read a cell as a formula (OWASP): equals, plus,
#: minus, at, tab and carriage return.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` with ``path`` as its file name when it has none (a full disk says no path)."""
    if exc.filename is None:
        named = type(exc)(exc.errno, exc.strerror or str(exc), os.fspath(path))
        return named
    return exc


def _destination(path: PathLike) -> Path:
    """The file to replace: a symbolic link is followed (the link stays, its target gets the
    new content); a broken link is refused."""
    path = Path(path)
    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.parent.is_dir():
            raise FileNotFoundError(2, "is a broken symbolic link (the folder of its target does not exist)",
                                    os.fspath(path))
        return target
    return path


@contextlib.contextmanager
def atomic_writer(path: PathLike, mode: str = "w", *, encoding: str = "utf-8",
                  newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    The file is flushed and ``fsync``-ed before ``os.replace`` and the folder is synced after
    it, so ``path`` holds either its previous content or the complete new content, whatever
    happens (an exception, ``kill -9``, a power cut, a full disk). On an exception the
    temporary file is removed and ``path`` is untouched; an ``OSError`` names ``path``.
    A new file gets the usual mode (``0o666`` less the umask); a replaced one keeps its mode.

    Parameters
    ----------
    path : path
        The destination; its folder must exist. A symbolic link is followed.
    mode : {"w", "wb"}, default="w"
        Text or binary.
    encoding, newline : str
        For text mode, as :func:`open`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_writer(folder / "a.txt") as fh:
    ...     _ = fh.write("complete")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('complete', ['a.txt'])
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_writer(): mode must be 'w' or 'wb'; got {mode!r}")
    dest = _destination(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    except OSError as exc:
        raise _named(exc, dest) from None
    try:
        try:
            previous = os.stat(dest).st_mode
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
        else:
            os.chmod(tmp, stat.S_IMODE(previous))
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": encoding, "newline": newline})) as fh:
            fd = -1
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
        tmp = ""
        _sync_folder(dest.parent)
    except OSError as exc:
        raise _named(exc, dest) from None
    finally:
        if fd >= 0:
            os.close(fd)
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every file system can sync a folder)."""
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def atomic_write(path: PathLike, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_writer`); returns ``path``."""
    if isinstance(data, str):
        data = data.encode(encoding)
    with atomic_writer(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def check_writable(path: PathLike, *, option: str = "path", folder: bool = False) -> None:
    """Check, before any work, that ``path`` can be written; raise a clear error if not.

    Refused: a broken symbolic link, a folder where a file is expected (or a file where a
    folder is), a missing folder to write in (a folder output may be created, when its
    nearest existing parent can be written), and a folder where no file can be created (read
    only, no permission): a temporary file is created there and removed again.

    Parameters
    ----------
    path : path
    option : str, default="path"
        How the message names it (``--output``, ``--out``).
    folder : bool, default=False
        ``path`` is a folder to write files in (``figures --out``), not a file.

    Raises
    ------
    ValueError
        The message starts with ``option`` and the path and says what is wrong.
    """
    p = Path(path)
    said = f"{option} {os.fspath(path)}" if folder else f"{option} {os.fspath(path)!r}"
    if p.is_symlink() and not p.exists():
        raise ValueError(f"{said}: is a broken symbolic link (its target {os.readlink(p)!r} does not exist)")
    if folder:
        if p.exists() and not p.is_dir():
            raise ValueError(f"{said}: is a file, not a folder")
        place = p
        while not place.exists():  # the folder is created: its nearest existing parent must take it
            if place.is_symlink():
                raise ValueError(f"{said}: {str(place)!r} is a broken symbolic link")
            place = place.parent
        if not place.is_dir():
            raise ValueError(f"{said}: {str(place)!r} is a file, not a folder")
    else:
        if p.is_dir():
            raise ValueError(f"{said}: is a folder; give a file name")
        place = _destination(p).parent if p.is_symlink() else p.parent
        if not place.is_dir():
            raise ValueError(f"{said}: no folder {str(place)!r} to write it in")
    try:
        fd, probe = tempfile.mkstemp(dir=place, prefix=".write-check.", suffix=".tmp")
    except OSError as exc:
        raise ValueError(f"{said}: cannot write in {str(place)!r} ({exc.strerror or exc})") from None
    os.close(fd)
    os.unlink(probe)


def table_format(path: PathLike) -> str:
    """``"csv"``, ``"tsv"``, ``"jsonl"`` or ``"json"`` from the suffix of ``path``.

    >>> table_format("terms.TSV"), table_format("k.jsonl")
    ('tsv', 'jsonl')
    """
    suffix = Path(os.fspath(path)).suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{os.fspath(path)!r}: use a .csv, .tsv, .jsonl or .json file name")
    return TABLE_FORMATS[suffix]


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Lists and tuples in cells as "a; b" text, so CSV readers see plain strings."""
    out = table.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def _text_columns(table: pd.DataFrame) -> list:
    return [c for c in table.columns
            if pd.api.types.is_object_dtype(table[c]) or pd.api.types.is_string_dtype(table[c])
            or isinstance(table[c].dtype, pd.CategoricalDtype)]


def neutralize_cells(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` whose text cells cannot run as spreadsheet formulae.

    Rule (OWASP, CSV Injection): a text cell whose first character is ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return gets a single quote (``'``) in front, so a spreadsheet
    shows it as text. Numbers (a negative score) and other cells are unchanged.

    Parameters
    ----------
    table : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        Same shape and columns; text columns as ``object``.

    References
    ----------
    OWASP Foundation. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> t = pd.DataFrame({"speaker": ["=HYPERLINK(1)", "-ok", "Lu Kang"], "score": [-1.5, 2.0, 3.0]})
    >>> neutralize_cells(t).to_dict("list")
    {'speaker': ["'=HYPERLINK(1)", "'-ok", 'Lu Kang'], 'score': [-1.5, 2.0, 3.0]}
    """
    out = table.copy()
    for col in _text_columns(out):
        out[col] = out[col].astype(object).map(
            lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v)
    return out


def _without_nul(table: pd.DataFrame) -> pd.DataFrame:
    """NUL characters removed from text cells (CSV readers stop at them or refuse them)."""
    cols = [c for c in _text_columns(table)
            if table[c].map(lambda v: isinstance(v, str) and "\x00" in v).any()]
    if not cols:
        return table
    out = table.copy()
    for col in cols:
        out[col] = out[col].astype(object).map(lambda v: v.replace("\x00", "") if isinstance(v, str) else v)
    return out


def _json_value(v):
    """A cell as a JSON value: numbers exact (``repr`` digits), dates as ISO 8601 text with
    milliseconds, missing values and non-finite numbers as null, lists as arrays."""
    if v is None or v is pd.NaT or v is pd.NA:
        return None
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, pd.Timestamp):
        return v.isoformat(timespec="milliseconds")
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
        v = v.item()
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, pd.Timedelta):
        return v.isoformat()
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def _records(table: pd.DataFrame) -> Iterator[dict]:
    cols = []
    for c in table.columns:
        col = table[c]
        if pd.api.types.is_datetime64_any_dtype(col):
            col = col.map(lambda t: None if pd.isna(t) else pd.Timestamp(t).isoformat(timespec="milliseconds"))
        cols.append(col.astype(object).tolist())
    names = [str(c) for c in table.columns]
    for row in zip(*cols):
        yield {n: _json_value(v) for n, v in zip(names, row)}


def _write_to(table: pd.DataFrame, fh: IO[str], fmt: str, spreadsheet_safe: bool) -> None:
    if fmt in ("csv", "tsv"):
        flat = _without_nul(_flat(table))
        if spreadsheet_safe:
            flat = neutralize_cells(flat)
        # Python's csv module quotes a cell holding a character of the line terminator: with
        # "\n" a lone "\r" in a cell would be written bare and read as a line break, so a
        # table holding one gets RFC 4180's "\r\n" line ends
        cr = any(flat[c].map(lambda v: isinstance(v, str) and "\r" in v).any() for c in _text_columns(flat))
        flat.to_csv(fh, index=False, sep="\t" if fmt == "tsv" else ",", lineterminator="\r\n" if cr else "\n")
    elif fmt == "jsonl":  # numbers with every digit (pandas' to_json keeps 10 to 15)
        for rec in _records(table):
            fh.write(json.dumps(rec, allow_nan=False) + "\n")
    else:
        json.dump(list(_records(table)), fh, indent=1, allow_nan=False)
        fh.write("\n")


def write_table(table: pd.DataFrame, path: PathLike | IO[str], *, format: str | None = None,
                spreadsheet_safe: bool = True) -> None:
    """Write ``table`` whole (every row and column) as CSV, TSV, JSON Lines or JSON.

    A file is written atomically (:func:`atomic_writer`): a failure leaves the previous file
    as it was. Each format loads back to the same table with ``pandas.read_csv`` (``sep="\\t"``
    for TSV; ``keep_default_na=False`` keeps empty text empty) or ``pandas.read_json``
    (``lines=True`` for JSON Lines), with the transformations below.

    CSV and TSV (RFC 4180 quoting: a cell holding the separator, a quote or a line break is
    quoted, quotes doubled; lines end with ``\\n``, or ``\\r\\n`` when a cell holds a
    carriage return, so that it is quoted too):

    - lists and tuples in cells are written as ``"a; b"``;
    - NUL characters are removed from text;
    - with ``spreadsheet_safe`` (the default) a text cell starting with ``=``, ``+``, ``-``,
      ``@``, a tab or a carriage return gets a leading ``'`` (:func:`neutralize_cells`), so a
      spreadsheet does not run it as a formula. ``spreadsheet_safe=False`` writes it as it is.

    JSON Lines and JSON are written as the table holds them: numbers with all their digits
    (they load back equal), dates as ISO 8601 text, missing values and non-finite numbers as
    null, non-ASCII text as ``\\u`` escapes.

    Parameters
    ----------
    table : pandas.DataFrame
    path : path or text stream
        The file (``.csv``, ``.tsv``, ``.jsonl``, ``.json``; a symbolic link is followed), or
        an open text stream such as ``sys.stdout`` (then ``format`` is needed).
    format : {"csv", "tsv", "jsonl", "json"}, optional
        Default: from the suffix of ``path``.
    spreadsheet_safe : bool, default=True
        Neutralise formula-like cells in CSV and TSV (no effect on JSON).

    Raises
    ------
    ValueError
        An unknown suffix or format.
    OSError
        The file cannot be written (naming it); the previous file is left as it was.

    References
    ----------
    OWASP Foundation. CSV Injection. https://owasp.org/www-community/attacks/CSV_Injection

    Examples
    --------
    >>> buf = io.StringIO()
    >>> write_table(pd.DataFrame({"speaker": ["=1+1", "Lu Kang"], "n": [1, 2]}), buf, format="csv")
    >>> print(buf.getvalue(), end="")
    speaker,n
    '=1+1,1
    Lu Kang,2
    """
    if format is None:
        if not isinstance(path, (str, os.PathLike)):
            raise ValueError("write_table(): give format= when writing to a stream")
        format = table_format(path)
    if format not in TABLE_FORMATS.values():
        raise ValueError(f"write_table(): format must be one of {', '.join(TABLE_FORMATS.values())}; got {format!r}")
    if not isinstance(path, (str, os.PathLike)):
        _write_to(table, path, format, spreadsheet_safe)
        return
    with atomic_writer(path, "w", newline="") as fh:
        _write_to(table, fh, format, spreadsheet_safe)

