"""On-disk cache keyed by content hash, in formats that execute no code (Parquet, Arrow IPC, JSON).

What is cached, one entry per input unit or run of units, so a changed file invalidates only its own
entry:

* parsed files (:func:`analysis.corpus.load_corpus` with ``cache=``): one JSON file per
  run of about 64 transcript files cut by content-defined boundaries (:func:`page_runs`;
  plain data: strings, numbers, lists), keyed by each file's bytes, path, the parse
  options, the parsers' own source code and every data file they read (the word lists in
  ``analysis/lexicons/``), so a new parser version or an edited list never reads an old
  entry, and a changed file re-parses only the files of its run;
* whole loads (the same call): the transcripts, notes and word counts of the turns of a
  load as five Arrow IPC tables (kind ``loads``), keyed by the content key of every file read,
  what was found beside them (sidecars, metadata files, skipped files, with their bytes), the
  options and the source of the whole package. A warm load hashes its files, reads this one
  entry and parses nothing; a changed, added or removed file is a miss, read through the
  page entries above (so only the files of the changed file's run are parsed) and stored again. A load in
  which a file could not be read, or that raised warnings its notes do not give again, is
  not stored;
* token streams (:func:`analysis.text.tokenize_texts` with ``cache=``): texts are cut into
  runs of about 256 kB by content-defined boundaries (a text ends a run when its own hash
  says so, Muthitacharoen et al. 2001), one Parquet file per run, keyed by the texts, the
  token options and the tokenizer's source. A changed text changes only the key of its own
  run (short texts such as turns share entries, so the cache costs fewer files than texts).

Every key also holds the versions of the libraries whose behaviour a cached result depends
on (see :func:`library_key`).

Entries are checked on read
---------------------------
An entry is used only when it is exactly what was stored under its key: each one carries a
digest of its key and its content, checked before it is used. A page entry (JSON) begins
``{"digest": "<hex>", ...``: BLAKE2b (128 bits) of its key and the length and CRC-32 of the
bytes that follow. A Parquet or Arrow IPC entry holds its key and digests in the file's metadata: one
of its values as stored (CRC-32 of each column's values, lengths and bytes, under BLAKE2b
with the key and metadata), checked on every read at the speed of memory, and one of its
values as decoded (a dictionary column hashed as the strings it stands for), which decides
when a Parquet reader has rebuilt a dictionary in another order. A flipped byte, a truncated file, an entry copied over another key, an edited
text, or valid JSON or Parquet of the wrong shape (``[]``, ``null``, nulls in a column) is
never used: the result is computed afresh and the entry rewritten, with a
:class:`CacheWarning` naming the entry. Page entries are also checked for shape (every field
of the type it must have) and against the text they hold (every paragraph's and
boilerplate line's span gives back its raw text, whose CRC-32 the entry holds: a page entry
stores its text once, see :func:`write_page`), token and sentence entries against their
run (the number of texts, indices in range), so a bad entry never crashes a run.

An unusable cache folder (not a folder, not writable, or a disk that fills up) gives one
:class:`CacheWarning` and the run goes on without storing entries (those already there are
still read and checked): the cache is an optimisation, never a reason to fail.

Entries are read with :mod:`pyarrow` (Parquet, Arrow IPC) and :mod:`json` only: no ``pickle``, nothing
that can run code. Writes go to a temporary file renamed into place, so a crash or a
concurrent reader never sees half an entry. References: Muthitacharoen, A., Chen, B. &
Mazieres, D. (2001). A low-bandwidth network file system. SOSP, 174-187 (content-defined
chunking); Aumasson, J.-P., Neves, S., Wilcox-O'Hearn, Z. & Winnerlein, C. (2013). BLAKE2:
simpler, smaller, fast as MD5. ACNS, 119-135.

The cache folder is a parameter (``cache="path"``, ``~`` is the home folder); ``cache=True``
or the environment variable ``ANALYSIS_CACHE`` (a folder) select the default, ``.cache``
under the working directory, which ``.gitignore`` leaves out. Delete the folder to empty the
cache.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> key = content_key("tokens", "Hello there")
>>> read_strings(key, kind="tokens", cache=folder) is None
True
>>> write_strings(key, ["hello", "there"], kind="tokens", cache=folder)
True
>>> read_strings(key, kind="tokens", cache=folder)
['hello', 'there']
"""

from __future__ import annotations

import hashlib
import json
import operator
import os
import tempfile
import warnings
import zlib
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .types import PathLike

__all__ = [
    "CACHE_ENV",
    "DEFAULT_CACHE_DIR",
    "CacheWarning",
    "LOAD_MODULES",
    "bad_entry",
    "cache_dir",
    "cache_entries",
    "cached_frame",
    "cached_lists",
    "content_key",
    "corpus_key",
    "corpus_salt",
    "data_key",
    "entry_path",
    "library_key",
    "open_cache",
    "PACK_FILES",
    "pack_key",
    "page_key",
    "page_runs",
    "page_salt",
    "read_corpus",
    "read_page",
    "read_pages",
    "read_strings",
    "read_table",
    "source_key",
    "write_corpus",
    "write_page",
    "write_pages",
    "write_strings",
    "write_table",
]

#: Environment variable naming the cache folder used when ``cache=None``.
CACHE_ENV = "ANALYSIS_CACHE"
#: The folder ``cache=True`` means (relative to the working directory).
DEFAULT_CACHE_DIR = ".cache"
#: Bumped when the layout of entries changes.
_FORMAT = "analysis-cache-3"
#: Schema metadata of a Parquet entry: its key and its digest.
_KEY_META = b"analysis-key"
_DIGEST_META = b"analysis-digest"
_FAST_META = b"analysis-digest-stored"
#: A page entry (JSON) starts with this, then 32 hex digits, then ``_PAGE_MID``.
_PAGE_HEAD = b'{"digest": "'
_PAGE_MID = b'", '
_PAGE_BODY = len(_PAGE_HEAD) + 32 + len(_PAGE_MID)
#: Libraries whose versions are part of every key (their behaviour shapes cached results).
_LIBRARIES = ("numpy", "pandas", "pyarrow", "nltk", "ftfy", "charset-normalizer", "PyYAML", "regex")


class CacheWarning(UserWarning):
    """The on-disk cache could not be used as asked (an unusable folder, a bad entry); the
    result is computed afresh, never taken from a bad entry."""


class _BadEntry(Exception):
    """An entry that is not what was stored under its key (the message says why)."""


def cache_dir(cache: PathLike | bool | None) -> Path | None:
    """The cache folder a ``cache=`` argument means, or None for no disk cache.

    ``None``: the folder in the ``ANALYSIS_CACHE`` environment variable, if set; ``False``:
    none; ``True``: ``.cache`` in the working directory; a path: that folder. A leading
    ``~`` is the home folder (as a shell would read it).
    """
    if cache is None:
        env = os.environ.get(CACHE_ENV, "").strip()
        return Path(env).expanduser() if env else None
    if cache is False:
        return None
    if cache is True:
        return Path(DEFAULT_CACHE_DIR)
    return Path(cache).expanduser()


def open_cache(cache: PathLike | bool | None) -> tuple[Path | None, bool]:
    """The cache folder of one run and whether entries can be stored in it.

    Returns ``(None, False)`` when there is no cache or the folder cannot be one (it is a
    file, or cannot be created), ``(folder, False)`` when it can be read but not written,
    ``(folder, True)`` otherwise. Each unusable case gives one :class:`CacheWarning`.
    """
    root = cache_dir(cache)
    if root is None:
        return None, False
    if root.exists() and not root.is_dir():
        _warn(f"cache folder {root} is not a folder; running without the cache")
        return None, False
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _warn(f"cache folder {root} cannot be created ({exc.strerror or exc}); running without the cache")
        return None, False
    try:
        fd, probe = tempfile.mkstemp(dir=root, prefix=".tmp-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        _warn(f"cache folder {root} cannot be written ({exc.strerror or exc}); entries already there are read "
              "(and checked), new ones are not stored")
        return root, False
    return root, True


def _warn(message: str) -> None:
    warnings.warn(message, CacheWarning, stacklevel=3)


def bad_entry(path: Path | str, why: str) -> None:
    """Warn that the entry at ``path`` is not used (``why``) and is computed afresh."""
    _warn(f"cache entry {path} {why}: not used; computed afresh (and rewritten when the folder allows)")


def content_key(*parts: str | bytes) -> str:
    """A hex digest (BLAKE2b, 128 bits) of ``parts`` and the cache format version."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_FORMAT.encode())
    for p in parts:
        _update(h, p)
    return h.hexdigest()


def _update(h, part: str | bytes) -> None:
    b = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
    h.update(len(b).to_bytes(8, "little"))
    h.update(b)


@lru_cache(maxsize=32)
def versions(*names: str) -> str:
    """The installed versions of the distributions ``names``, as ``"name=1.2;other=-"``
    (``-`` for one not installed): part of a cache key, so an upgrade is a miss.

    >>> versions("numpy").startswith("numpy=")
    True
    """
    from importlib import metadata

    out = []
    for name in names:
        try:
            out.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name}=-")
    return ";".join(out)


def library_key() -> str:
    """The versions of the libraries whose behaviour shapes cached results (numpy, pandas,
    pyarrow, NLTK's Punkt, ftfy, charset-normalizer, PyYAML, regex): an upgrade is a miss."""
    return versions(*_LIBRARIES)


@lru_cache(maxsize=8)
def source_key(*modules: str) -> str:
    """Hash of the source files of ``modules`` (dotted names, or packages: every ``.py`` in
    them) and of :func:`library_key`, so entries written by other code versions are never
    read."""
    import importlib

    h = hashlib.blake2b(digest_size=16)
    h.update(library_key().encode())
    for name in modules:
        mod = importlib.import_module(name)
        path = Path(mod.__file__)
        files = sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def data_key(*folders: str) -> str:
    """Hash of every file in ``folders`` (paths inside the ``analysis`` package, such as
    ``"lexicons"``): the data files a computation reads. Read afresh on every call (the files
    are small), so an edit made while a session runs is seen by the next key."""
    base = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for f in sorted((base / folder).rglob("*")):
            if f.is_file() and not f.name.startswith("."):
                _update(h, f.relative_to(base).as_posix())
                _update(h, f.read_bytes())
    return h.hexdigest()


def entry_path(key: str, *, kind: str, cache: PathLike | bool | None, suffix: str = ".parquet") -> Path | None:
    """Where the entry ``key`` of ``kind`` lives: ``<cache>/<kind>/<key[:2]>/<key><suffix>``."""
    root = cache_dir(cache)
    if root is None:
        return None
    return root / kind / key[:2] / f"{key}{suffix}"


def _write_file(path: str, data: bytes) -> None:
    """Write ``data`` to the new file ``path`` (every entry's bytes go through here)."""
    with open(path, "wb") as fh:
        fh.write(data)


def _store(path: Path, data) -> bool:
    """Write an entry atomically (temporary file renamed into place); False, with one
    :class:`CacheWarning`, when the folder cannot take it (read-only, full, not a folder).
    ``data``: the entry's bytes, or an Arrow table written as Parquet (:func:`_write_parquet`), or
    as an Arrow IPC file when ``path`` ends with ``.arrow`` (:func:`_write_arrow`)."""
    tmp = None
    try:
        try:  # the entry's folder is made when it is missing (once per folder, not per entry)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
        os.close(fd)
        if isinstance(data, pa.Table):
            (_write_arrow if path.suffix == ".arrow" else _write_parquet)(tmp, data)
        else:
            _write_file(tmp, data)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        _warn(f"cache folder {path.parents[2]}: cannot store entry {path.name} ({exc.strerror or exc}); "
              "running on without storing entries")
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return True


# --------------------------------------------------------------------------- Parquet entries
def _value_hashes(arr: pa.Array) -> np.ndarray:
    """One 64-bit hash per string of ``arr`` (pandas' ``hash_array``: SipHash, fixed key)."""
    import pandas as pd

    values = arr.to_numpy(zero_copy_only=False)
    return pd.util.hash_array(np.asarray(values, dtype=object), categorize=False)


def _hash_array(streams: list, depth: int, arr: pa.Array, where: str) -> None:
    """Feed the values of ``arr`` to ``streams[depth]`` as decoded (a dictionary array hashes
    like the strings it stands for), list lengths to ``streams[depth]`` and their items one
    level down: chunking and dictionary order do not change what the streams receive."""
    h = streams[depth]
    if arr.null_count:
        raise _BadEntry(f"holds {arr.null_count} null value(s) in column {where!r}")
    t = arr.type
    if pa.types.is_dictionary(t):
        idx = arr.indices.to_numpy(zero_copy_only=False)
        n = len(arr.dictionary)
        if len(idx) and (idx.min() < 0 or idx.max() >= n):
            raise _BadEntry(f"has dictionary indices out of range in column {where!r}")
        if arr.dictionary.null_count:
            raise _BadEntry(f"holds null values in the dictionary of column {where!r}")
        if len(idx):
            h.update(np.ascontiguousarray(_value_hashes(arr.dictionary)[idx]))
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        if len(arr):
            h.update(np.ascontiguousarray(_value_hashes(arr)))
    elif pa.types.is_list(t) or pa.types.is_large_list(t):
        offsets = arr.offsets.to_numpy(zero_copy_only=False).astype(np.int64)
        h.update(np.ascontiguousarray(np.diff(offsets)))
        _hash_array(streams, depth + 1, arr.flatten(), where)
    elif pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t):
        h.update(np.ascontiguousarray(arr.to_numpy(zero_copy_only=False)))
    else:
        raise _BadEntry(f"has column {where!r} of unexpected type {t}")


def _levels(t: pa.DataType) -> int:
    """Levels of a (nested list) type: 1 for a flat column."""
    return 1 + _levels(t.value_type) if pa.types.is_list(t) or pa.types.is_large_list(t) else 1


def _digest_start(tag: str, key: str, table: pa.Table):
    """A BLAKE2b digest of the format tag, the key and the table's own metadata (Arrow's and
    pandas' schema notes and the digest itself left out): the start both digests share."""
    h = hashlib.blake2b(digest_size=16)
    _update(h, tag)
    _update(h, key)
    meta = table.schema.metadata or {}
    for k in sorted(meta):
        if not k.startswith((b"analysis-", b"ARROW:", b"pandas")):
            _update(h, k)
            _update(h, meta[k])
    return h


def _table_digest(key: str, table: pa.Table) -> str:
    h = _digest_start(_FORMAT, key, table)
    for name, column in zip(table.column_names, table.columns):
        _update(h, name)
        h.update(len(column).to_bytes(8, "little"))
        streams = [hashlib.blake2b(digest_size=16) for _ in range(_levels(column.type))]
        for chunk in column.chunks:
            _hash_array(streams, 0, chunk, name)
        for stream in streams:
            h.update(stream.digest())
    return h.hexdigest()


def _string_streams(arr: pa.Array, lengths, data) -> None:
    """The lengths and bytes of a string array (no copy of the bytes)."""
    n = len(arr)
    if not n:
        return
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset:arr.offset + n + 1]
    lengths.update(np.ascontiguousarray(np.diff(offsets).astype(np.int64)))
    data.update(memoryview(arr.buffers()[2])[int(offsets[0]):int(offsets[-1])])


class _Crc:
    """A CRC-32 (zlib) fed like a hashlib object: four times faster than BLAKE2b on the
    megabytes of a token run, and the checksum Parquet itself gives its pages."""

    def __init__(self) -> None:
        self.value = 0

    def update(self, data) -> None:
        self.value = zlib.crc32(data, self.value)

    def digest(self) -> bytes:
        return self.value.to_bytes(4, "little")


def _fast_digest(key: str, table: pa.Table) -> str | None:
    """A digest of the values as stored (dictionary indices and entries, string bytes, numbers),
    hashed without decoding anything: the check of a warm read. Each column's values, lengths
    and bytes get a CRC-32; the key, metadata, names and CRCs a BLAKE2b digest. None when the
    table cannot be hashed this way (list columns; chunks with different dictionaries): the
    caller uses :func:`_table_digest`, which hashes decoded values."""
    h = _digest_start(_FORMAT + " fast", key, table)
    for name, column in zip(table.column_names, table.columns):
        _update(h, name)
        h.update(len(column).to_bytes(8, "little"))
        values, lengths, data = _Crc(), _Crc(), _Crc()
        dictionary = None
        for chunk in column.chunks:
            if chunk.null_count:
                raise _BadEntry(f"holds {chunk.null_count} null value(s) in column {name!r}")
            t = chunk.type
            if pa.types.is_dictionary(t):
                d = chunk.dictionary
                if dictionary is None:
                    dictionary = d
                elif d is not dictionary and not d.equals(dictionary):
                    return None
                if not (pa.types.is_string(d.type) or pa.types.is_large_string(d.type)) or d.null_count:
                    return None
                idx = chunk.indices.to_numpy(zero_copy_only=False)
                if len(idx) and (idx.min() < 0 or idx.max() >= len(d)):
                    raise _BadEntry(f"has dictionary indices out of range in column {name!r}")
                values.update(np.ascontiguousarray(idx))
            elif pa.types.is_string(t) or pa.types.is_large_string(t):
                _string_streams(chunk, lengths, data)
            elif pa.types.is_integer(t) or pa.types.is_floating(t):
                values.update(np.ascontiguousarray(chunk.to_numpy(zero_copy_only=False)))
            else:
                return None
        if dictionary is not None:
            _string_streams(dictionary, lengths, data)
        for stream in (values, lengths, data):
            h.update(stream.digest())
    return h.hexdigest()


def write_table(key: str, table: pa.Table, *, kind: str, cache: PathLike | bool | None) -> bool:
    """Store an Arrow table as the entry ``key``, with its key and digest in the file's
    metadata. True when stored; False when there is no cache folder or it cannot take the
    entry (a :class:`CacheWarning` says why)."""
    path = entry_path(key, kind=kind, cache=cache)
    if path is None:
        return False
    meta = dict(table.schema.metadata or {})
    meta[_KEY_META] = key.encode()
    meta[_DIGEST_META] = _table_digest(key, table.replace_schema_metadata(meta)).encode()
    fast = _fast_digest(key, table.replace_schema_metadata(meta))
    if fast is not None:
        meta[_FAST_META] = fast.encode()
    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(meta), sink)
    return _store(path, sink.getvalue().to_pybytes())


def read_table(key: str, *, kind: str, cache: PathLike | bool | None,
               read_dictionary: Sequence[str] | None = None, suffix: str = ".parquet") -> pa.Table | None:
    """The Arrow table of entry ``key``, or None when there is none or it is not exactly what
    was stored under ``key`` (unreadable, another key's, nulls, a digest that does not match:
    a :class:`CacheWarning` names it, and the caller computes afresh). ``suffix`` ``".arrow"``
    reads an Arrow IPC entry (:func:`_write_plain_table`), whose columns are read as stored."""
    path = entry_path(key, kind=kind, cache=cache, suffix=suffix)
    if path is None or not path.is_file():
        return None
    try:
        table = _read_arrow(path) if suffix == ".arrow" else pq.read_table(path, read_dictionary=read_dictionary)
        meta = table.schema.metadata or {}
        if meta.get(_KEY_META) != key.encode():
            raise _BadEntry("is not the entry of its key (copied or moved over it)" if _KEY_META in meta
                            else "carries no key and digest")
        fast = _fast_digest(key, table) if _FAST_META in meta else None
        if (fast is None or fast.encode() != meta[_FAST_META]) and \
                meta.get(_DIGEST_META) != _table_digest(key, table).encode():
            # the digest of the values as stored is checked first; the digest of the decoded
            # values decides when they differ (a Parquet reader may rebuild a dictionary)
            raise _BadEntry("does not match its digest (changed since it was written)")
    except _BadEntry as exc:
        bad_entry(path, str(exc))
        return None
    except (OSError, ValueError, TypeError, KeyError, IndexError, pa.ArrowException) as exc:
        bad_entry(path, f"cannot be read ({type(exc).__name__}: {exc})")
        return None
    return table


def write_strings(key: str, values: Sequence[str], *, kind: str, cache: PathLike | bool | None) -> bool:
    """Store a list of strings (dictionary-encoded: each distinct string once); True when stored."""
    if entry_path(key, kind=kind, cache=cache) is None:
        return False
    column = pa.array(list(values), type=pa.string()).dictionary_encode()
    return write_table(key, pa.table({"value": column}), kind=kind, cache=cache)


def read_strings(key: str, *, kind: str, cache: PathLike | bool | None) -> list[str] | None:
    """The list of strings of entry ``key``, or None (none, or not what was stored)."""
    table = read_table(key, kind=kind, cache=cache)
    if table is None:
        return None
    if table.column_names != ["value"] or not (pa.types.is_dictionary(table.column(0).type)
                                               or pa.types.is_string(table.column(0).type)):
        bad_entry(entry_path(key, kind=kind, cache=cache), "is not a list of strings")
        return None
    col = table.column(0).combine_chunks()
    if pa.types.is_dictionary(col.type):
        words = np.asarray(col.dictionary.to_pylist(), dtype=object)
        return words[col.indices.to_numpy(zero_copy_only=False)].tolist() if len(col) else []
    return col.to_pylist()


def cache_entries(cache: PathLike | bool | None, *, kind: str | None = None) -> list[Path]:
    """Entries in the cache folder (of one ``kind``), sorted; for inspection and tests."""
    root = cache_dir(cache)
    if root is None or not root.is_dir():
        return []
    base = root / kind if kind else root
    return sorted(p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


#: Average bytes of text per token-stream entry (content-defined runs of texts).
RUN_BYTES = 256_000


def _runs(keys: list[str], sizes: list[int]) -> list[tuple[int, int]]:
    """Content-defined runs ``[a, b)`` of texts: text ``i`` ends a run with probability
    ``size_i / RUN_BYTES`` decided by its own hash, so a change moves no other boundary."""
    runs, start = [], 0
    for i, (k, n) in enumerate(zip(keys, sizes)):
        if int(k[:8], 16) / 2**32 < (n + 1) / RUN_BYTES or i == len(keys) - 1:
            runs.append((start, i + 1))
            start = i + 1
    return runs


def cached_lists(texts: Sequence[str], compute, *, kind: str, salt: str,
                 cache: PathLike | bool | None) -> list[list[str]] | None:
    """``[compute(t) for t in texts]`` (lists of strings), read from and written to the cache.

    Returns None when there is no usable cache folder (the caller computes as usual).
    ``salt`` names everything besides the text that the result depends on (options, code
    version). Entries are checked as :func:`read_table` checks them.
    """
    root, writable = open_cache(cache)
    if root is None:
        return None
    keys = [content_key(salt, t) for t in texts]
    out: list[list[str]] = []
    for a, b in _runs(keys, [len(t) for t in texts]):
        key = content_key(salt, *keys[a:b])
        table = read_table(key, kind=kind, cache=root, read_dictionary=["value.list.element"])
        got = None
        if table is not None:
            got = _lists_of(table, b - a)
            if got is None:
                bad_entry(entry_path(key, kind=kind, cache=root), f"does not hold {b - a} lists of strings")
        if got is None:
            got = [compute(t) for t in texts[a:b]]
            if writable:
                writable = write_table(key, pa.table({"value": pa.array(got, type=pa.list_(pa.string()))}),
                                       kind=kind, cache=root)
        out.extend(got)
    return out


def _lists_of(table: pa.Table, n: int) -> list[list[str]] | None:
    try:
        col = table.column("value").combine_chunks()
        if not pa.types.is_list(col.type) or len(col) != n:
            return None
        values = col.flatten()
        if pa.types.is_dictionary(values.type):
            words = (np.asarray(values.dictionary.to_pylist(), dtype=object)[
                values.indices.to_numpy(zero_copy_only=False)] if len(values) else np.zeros(0, dtype=object))
        elif pa.types.is_string(values.type):
            words = np.asarray(values.to_pylist(), dtype=object)
        else:
            return None
        offsets = col.offsets.to_numpy() - col.offsets[0].as_py()
        return [words[offsets[i]:offsets[i + 1]].tolist() for i in range(n)]
    except (KeyError, ValueError, TypeError, IndexError, pa.ArrowException):
        return None


# --------------------------------------------------------------------------- parsed files
def page_salt() -> str:
    """What every parse depends on besides its file: the parsers' source and the data files
    they read (``analysis/lexicons/``). Computed once per load (:func:`page_key`)."""
    return source_key("analysis.parsers", "analysis.model", "analysis.cache") + data_key("lexicons")


def page_key(raw: bytes, path: str, fmt: str, official: str | None, *, salt: str | None = None) -> str:
    """Key of a parsed text file: its bytes, path, parse options and :func:`page_salt` (the
    parsers' source and data files; pass ``salt`` to compute it once for many files)."""
    return content_key(_PAGE_FORMAT, page_salt() if salt is None else salt, path, fmt, official or "", raw)


#: The layout of a page entry (part of its key and of the entry): the pages of a run of
#: files, text stored once.
_PAGE_FORMAT = "page-4"


def _utf8(raw: bytes) -> str | None:
    """``raw`` read as UTF-8, a leading byte-order mark dropped and line breaks made ``\n``
    (:func:`~analysis.parsers.decode.normalize_newlines`): the text of most files, which a
    page entry then does not store. None when ``raw`` is not UTF-8."""
    from .parsers.decode import normalize_newlines

    try:
        return normalize_newlines(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


def _page_digest(key: str, body: bytes) -> bytes:
    """BLAKE2b of the key and the body's length and CRC-32 (the bytes are checked at CRC speed)."""
    h = hashlib.blake2b(digest_size=16)
    _update(h, _FORMAT)
    _update(h, key)
    h.update(len(body).to_bytes(8, "little"))
    h.update(zlib.crc32(body).to_bytes(4, "little"))
    return h.hexdigest().encode()


#: Files whose parsed pages share one page entry, on average: a file ends its run of files when
#: its own key says so (:func:`page_runs`), so one file changed re-parses only its run.
PACK_FILES = 64


def page_runs(keys: Sequence[str]) -> list[tuple[int, int]]:
    """Content-defined runs ``[a, b)`` of files (by their :func:`page_key`), each stored as one
    page entry (:func:`write_pages`) under :func:`pack_key`: file ``i`` ends a run with
    probability ``1 / PACK_FILES`` decided by its own key, or when the run holds
    ``4 * PACK_FILES`` files, so a changed, added or removed file moves no boundary beyond its
    own run and the next.

    Examples
    --------
    >>> page_runs([]), page_runs(["ff" * 20])
    ([], [(0, 1)])
    """
    runs, start = [], 0
    for i, k in enumerate(keys):
        if int(k[:8], 16) % PACK_FILES == 0 or i + 1 - start >= 4 * PACK_FILES or i == len(keys) - 1:
            runs.append((start, i + 1))
            start = i + 1
    return runs


def pack_key(keys: Sequence[str]) -> str:
    """Key of the page entry of the files of ``keys`` (their :func:`page_key`, in order): the
    file's own key for a run of one."""
    return keys[0] if len(keys) == 1 else content_key(_PAGE_FORMAT, "run", *keys)


def _page_record(page, notes, raw: bytes | None) -> str | None:
    """The JSON record of one parsed page, as JSON text (see :func:`write_pages`); None when
    the page holds a value JSON would not give back as it was."""
    import dataclasses
    import datetime as dt

    if page.date is not None and type(page.date) is not dt.date:
        return None
    try:  # a value JSON cannot hold (a front matter's date) or would give back changed
        if json.loads(json.dumps([page.header_fields, page.extra])) != [page.header_fields, page.extra]:
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    text = page.text
    fields = {f.name: getattr(page, f.name) for f in dataclasses.fields(page)
              if f.name not in ("boilerplate", "turns", "date")}
    if raw is not None and type(text) is str and _utf8(raw) == text:
        fields["text"] = None

    def spanned(value, start, end):
        return None if value == text[start:end] else value

    record = {
        "page": fields,
        "date": page.date.isoformat() if page.date is not None else None,
        "boilerplate": [(b.kind, spanned(b.raw, b.start, b.end), b.page, b.start, b.end, b.line)
                        for b in page.boilerplate],
        "turns": [[t.label, t.speaker, t.role, t.outlet,
                   [(spanned(p.raw, p.start, p.end), None if p.speech == p.raw else p.speech, p.directions, p.page,
                     p.start, p.end, p.line) for p in t.paragraphs],
                   t.continuation, t.cue_checked, t.cue, t.speaker_id, t.hint, t.role_reason] for t in page.turns],
        "notes": [[n.kind, n.message, n.path, n.line] for n in notes],
        "spans": _spans_check(page),
    }
    try:  # each record alone, so that one that JSON cannot hold leaves the others stored
        return json.dumps(record, ensure_ascii=False)  # any text encodes with surrogatepass
    except (TypeError, ValueError, RecursionError):
        return None


def write_pages(key: str, pages: Sequence[tuple], *, cache: PathLike | bool | None) -> bool | None:
    """Store parsed pages as one JSON entry ``key`` (:func:`pack_key` of the files' keys), led
    by a digest of the key and the content.

    ``pages`` holds ``(page_key, page, notes, raw)`` for each file: its :func:`page_key`, its
    :class:`~analysis.parsers.text.ParsedPage`, its notes and its bytes (or None). Text is
    stored once: a paragraph's or boilerplate line's raw text that is the slice of the page's
    text its span says is stored as ``null`` (so is a speech equal to its raw text), and so is
    the page's text when it is ``raw`` read as UTF-8 (:func:`_utf8`); :func:`read_pages` gives
    them back from the text and the bytes. A page holding a value JSON would not give back as
    it was is left out (its file is parsed again on the next load). The entry is a JSON object
    with the ``format`` and ``pages`` (page key -> the page's record: ``page``, ``date``,
    ``boilerplate``, ``turns``, ``notes``, ``spans``); the entry of one file under its own key
    (:func:`write_page`) is its record itself, with the ``format``.

    Returns True when stored; None when no page could be stored (nothing written, nothing
    wrong); False when the cache folder cannot take the entry (a :class:`CacheWarning` says
    why; the caller stops writing for the run).
    """
    path = entry_path(key, kind="pages", cache=cache, suffix=".json")
    if path is None:
        return False
    records = {}
    for member, page, notes, raw in pages:
        record = _page_record(page, notes, raw)
        if record is not None:
            records[member] = record
    if not records:
        return None
    # the entry's JSON text put together from the records' (each serialized once)
    head = f'"format": {json.dumps(_PAGE_FORMAT)}, '
    if records.keys() == {key}:
        body = head + records[key][1:]
    else:
        body = head + '"pages": {' + ", ".join(f"{json.dumps(k)}: {r}" for k, r in records.items()) + "}}"
    body = body.encode("utf-8", "surrogatepass")
    return _store(path, _PAGE_HEAD + _page_digest(key, body) + _PAGE_MID + body)


def write_page(key: str, page, notes, *, cache: PathLike | bool | None, raw: bytes | None = None) -> bool | None:
    """Store one :class:`~analysis.parsers.text.ParsedPage` and its notes as the page entry
    ``key`` (:func:`write_pages` of a run of one file).

    Returns True when stored; None when the page holds a value JSON would not give back as
    it was (nothing written, nothing wrong); False when the cache folder cannot take the
    entry (a :class:`CacheWarning` says why).
    """
    return write_pages(key, [(key, page, notes, raw)], cache=cache)


def read_pages(key: str, files: Sequence[tuple], *, cache: PathLike | bool | None) -> dict | None:
    """The ``(ParsedPage, notes)`` of each file of the page entry ``key`` (:func:`write_pages`),
    by the file's page key; None when there is no entry, or an entry that is not exactly what
    was stored (a :class:`CacheWarning` names it).

    ``files`` holds ``(page_key, path, raw)`` for each file looked for: its :func:`page_key`,
    the file the stored page must be the parse of (or None), and the file's bytes (or None):
    the page's text when the entry stores it as the bytes read as UTF-8 (an entry that does so
    is not used without them). A file the entry does not hold (a page that could not be
    stored) is left out of the result.
    """
    where = entry_path(key, kind="pages", cache=cache, suffix=".json")
    if where is None:
        return None
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        return None
    try:
        if not (data.startswith(_PAGE_HEAD) and data[_PAGE_BODY - len(_PAGE_MID):_PAGE_BODY] == _PAGE_MID):
            raise _BadEntry("carries no digest (not an entry this version wrote)")
        if data[len(_PAGE_HEAD):_PAGE_BODY - len(_PAGE_MID)] != _page_digest(key, data[_PAGE_BODY:]):
            raise _BadEntry("does not match its digest (changed, truncated, or another key's)")
        r = json.loads(data.decode("utf-8", "surrogatepass"))
        if type(r) is not dict or r.get("format") != _PAGE_FORMAT:
            raise _BadEntry("is not a page entry of this version")
        stored = r["pages"] if "pages" in r else {key: r}  # a run of many files, or one file's record
        if type(stored) is not dict:
            raise _BadEntry("has no pages")
        if not stored or not stored.keys() <= {f[0] for f in files}:
            raise _BadEntry("holds pages of other files than those of its key")
        return {member: _page_of(stored[member], path, raw) for member, path, raw in files if member in stored}
    except _BadEntry as exc:
        bad_entry(where, str(exc))
    except RecursionError:
        bad_entry(where, "is nested too deeply to be an entry")
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        bad_entry(where, f"cannot be read ({type(exc).__name__}: {exc})")
    return None


def read_page(key: str, *, cache: PathLike | bool | None, path: str | None = None, raw: bytes | None = None):
    """The ``(ParsedPage, notes)`` stored under ``key`` by :func:`write_page`, or None (no
    entry, or an entry that is not exactly what was stored: a :class:`CacheWarning` names it).

    ``path``, when given, is the file the entry must be the parse of; ``raw``, the file's
    bytes (the key holds them): the page's text when the entry stores it as the bytes read
    as UTF-8 (an entry that does so is not used without them).
    """
    got = read_pages(key, [(key, path, raw)], cache=cache)
    return None if got is None else got.get(key)


def _page_of(r, path: str | None, raw: bytes | None):
    """The ``(ParsedPage, notes)`` of one stored record, checked (:class:`_BadEntry` when it is
    not exactly what was stored)."""
    import datetime as dt

    from .model import Boilerplate, Note, Paragraph
    from .parsers.text import ParsedPage, TurnDraft

    _check_page_record(r, path)
    text = r["page"]["text"]
    if text is None:
        if raw is None:
            raise _BadEntry("holds its text as the file's bytes, which were not given")
        text = _utf8(raw)
        if text is None:
            raise _BadEntry("holds its text as the file's bytes, which are not UTF-8")
    turns = [TurnDraft(label, speaker, role, outlet,
                       [Paragraph(text[s:e] if p[0] is None else p[0],
                                  (text[s:e] if p[0] is None else p[0]) if p[1] is None else p[1],
                                  tuple(p[2]), p[3], s, e, p[6])
                        for p in paras for s, e in ((p[4], p[5]),)], continuation=cont,
                       cue_checked=checked, cue=cue, speaker_id=speaker_id, hint=hint, role_reason=reason)
             for label, speaker, role, outlet, paras, cont, checked, cue, speaker_id, hint, reason in r["turns"]]
    page = ParsedPage(**{**r["page"], "text": text, "notes": [tuple(n) for n in r["page"]["notes"]]},
                      date=dt.date.fromisoformat(r["date"]) if r["date"] else None,
                      boilerplate=[Boilerplate(b[0], text[b[3]:b[4]] if b[1] is None else b[1], *b[2:])
                                   for b in r["boilerplate"]], turns=turns)
    _check_spans(page, r["spans"])
    return page, [Note(*n) for n in r["notes"]]


#: The type of every field of a stored page (``ParsedPage`` without turns, boilerplate, date).
_PAGE_FIELDS = {"path": str, "text": (str, type(None)), "encoding": str, "format": str, "title": str, "source": str,
                "url": str, "kind": str, "official": (str, type(None)), "header_fields": dict, "notes": list,
                "extra": dict, "layout": dict}
_NONE = type(None)


def _check_page_record(r, path: str | None) -> None:
    """Every field of a stored page of the type it must have (wrong shapes are bad entries).
    Written out field by field: this runs on every cached file of every warm load."""
    if type(r) is not dict:
        raise _BadEntry("holds a page that is not a record")
    page = r.get("page")
    if type(page) is not dict or page.keys() != _PAGE_FIELDS.keys():
        raise _BadEntry("has no page, or a page with other fields")
    for name, types in _PAGE_FIELDS.items():
        if not isinstance(page[name], types):
            raise _BadEntry(f"has a page field {name!r} that is a {type(page[name]).__name__}")
    if path is not None and page["path"] != path:
        raise _BadEntry(f"is the parse of {page['path']!r}, not of {path!r}")
    if type(r.get("spans")) is not int:
        raise _BadEntry("has no check of its spans")
    date = r.get("date")
    if date is not None and type(date) is not str:
        raise _BadEntry("has a date that is not a string")
    ok = all(type(n) is list and len(n) == 3 and type(n[0]) is str and type(n[2]) is str
             and (n[1] is None or type(n[1]) is int) for n in page["notes"])
    rows = r.get("boilerplate")
    ok = ok and type(rows) is list and all(
        type(b) is list and len(b) == 6 and type(b[0]) is str and (b[1] is None or type(b[1]) is str)
        and type(b[2]) is int
        and type(b[3]) is int and type(b[4]) is int and type(b[5]) is int for b in rows)
    rows = r.get("notes")
    ok = ok and type(rows) is list and all(
        type(n) is list and len(n) == 4 and type(n[0]) is str and type(n[1]) is str and type(n[2]) is str
        and (n[3] is None or type(n[3]) is int) for n in rows)
    if not ok:
        raise _BadEntry("has a note or boilerplate line of the wrong shape")
    turns = r.get("turns")
    if type(turns) is not list or not turns:  # a page with no turns is an error, never stored
        raise _BadEntry("has no list of turns")
    for t in turns:
        if not (type(t) is list and len(t) == 11 and type(t[0]) is str and type(t[1]) is str
                and (t[2] is None or type(t[2]) is str) and (t[3] is None or type(t[3]) is str)
                and type(t[4]) is list and type(t[5]) is bool and type(t[6]) is int and type(t[7]) is bool
                and type(t[8]) is str and type(t[9]) is str and type(t[10]) is str):
            raise _BadEntry("has a turn of the wrong shape (a field of another type)")
        if not t[4]:
            raise _BadEntry("has a turn with no paragraphs")
        if not all(type(q) is list and len(q) == 7 and (q[0] is None or type(q[0]) is str)
                   and (q[1] is None or type(q[1]) is str)
                   and type(q[2]) is list and type(q[3]) is int and type(q[4]) is int and type(q[5]) is int
                   and type(q[6]) is int and all(type(d) is str for d in q[2]) for q in t[4]):
            raise _BadEntry("has a paragraph of the wrong shape")


def _spans_check(page) -> int:
    """CRC-32 of the raw text of every paragraph and boilerplate line of ``page``, in order:
    stored with a page whose raw texts are given back from their spans, so that a shifted
    span or an edited text is still found (:func:`_check_spans`)."""
    raws = [p.raw for t in page.turns for p in t.paragraphs] + [b.raw for b in page.boilerplate]
    return zlib.crc32("\x1f".join(raws).encode("utf-8", "surrogatepass"))


def _check_spans(page, check: int) -> None:
    """Every paragraph and boilerplate line of a stored page is the slice of the page's text
    its span says, and their raw texts are those stored (``check``, :func:`_spans_check`):
    shifted spans or an edited text are bad entries."""
    if _spans_check(page) != check:
        raise _BadEntry("has paragraphs or boilerplate lines whose spans do not give the text stored")
    text = page.text
    for t in page.turns:
        for p in t.paragraphs:
            if not (0 <= p.start <= p.end <= len(text)) or text[p.start:p.end] != p.raw:
                raise _BadEntry(f"has a paragraph (line {p.line}) whose span does not give its text")
    for b in page.boilerplate:
        if not (0 <= b.start <= b.end <= len(text)) or text[b.start:b.end] != b.raw:
            raise _BadEntry(f"has a boilerplate line (line {b.line}) whose span does not give its text")


# --------------------------------------------------------------------------- a whole load
#: The tables of a corpus entry: each is one Arrow IPC entry under ``content_key(key, name)``.
_CORPUS_TABLES = ("transcripts", "turns", "paragraphs", "boilerplate", "notes")
_CORPUS_COLUMNS = {
    "transcripts": {"id": "s", "title": "s", "date": "s", "source": "s", "url": "s", "kind": "s", "format": "s",
                    "encoding": "s", "pages": "s", "extra": "s", "layout": "s", "n_turns": "i",
                    "n_boilerplate": "i", "n_notes": "i"},
    "turns": {"transcript_id": "s", "index": "i", "speaker": "s", "speaker_key": "s", "role": "s", "label": "s",
              "outlet": "s", "has_outlet": "i", "answers_turn": "i", "role_reason": "s", "n_paragraphs": "i",
              "n_words": "i"},
    "paragraphs": {"raw": "s", "speech": "s", "speech_is_raw": "i", "directions": "s", "page": "i", "start": "i",
                   "end": "i", "line": "i"},
    "boilerplate": {"kind": "s", "raw": "s", "page": "i", "start": "i", "end": "i", "line": "i"},
    "notes": {"owner": "i", "kind": "s", "message": "s", "path": "s", "line": "i", "has_line": "i"},
}


#: The modules a load and the word counts of its turns run (a package: every module in it),
#: whose source is part of the key of a whole load (a test checks that a load imports no
#: other module of the package).
LOAD_MODULES = ("analysis._memo", "analysis._progress", "analysis._validation", "analysis.cache", "analysis.corpus",
                "analysis.errors", "analysis.languages", "analysis.loader", "analysis.model", "analysis.parsers",
                "analysis.text", "analysis.tokens", "analysis.turns", "analysis.types", "analysis.wordcounts")


def corpus_salt() -> str:
    """What a whole load depends on besides its files and options: the source of
    :data:`LOAD_MODULES` and the library versions, the data files the parsers read
    (``analysis/lexicons/``) and the user dictionaries of the Chinese segmenter (the word
    counts of Chinese turns)."""
    from .languages import zh_dictionaries

    try:
        dictionaries = [part for p in zh_dictionaries() for part in (str(p), p.read_bytes())]
    except OSError as exc:  # a missing user dictionary is an error of segmenting, not of loading
        dictionaries = ["unreadable", str(exc)]
    return content_key(_module_sources(LOAD_MODULES), library_key(), data_key("lexicons"), *dictionaries)


def _module_sources(names: Sequence[str]) -> str:
    """Hash of the source files of the modules ``names`` (a package: every ``.py`` in it),
    found without importing them (so a warm load imports nothing it does not run). Read
    afresh on every call, so an edit made while a session runs is seen by the next key."""
    from importlib.util import find_spec

    h = hashlib.blake2b(digest_size=16)
    for name in names:
        path = Path(find_spec(name).origin)
        _update(h, name)
        for f in sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]:
            _update(h, f.name)
            _update(h, f.read_bytes())
    return h.hexdigest()


#: The version of the corpus entry (Arrow IPC tables since 2; Parquet before): part of its key.
_CORPUS_FORMAT = "corpus-2"


def corpus_key(file_keys: Sequence[str], options: Sequence[str | bytes], *, salt: str | None = None) -> str:
    """Key of a whole load: the content key of every file read (its bytes, path and parse
    options, in reading order), the load's options and inputs besides the files
    (``options``: metadata, sidecars, names of what was skipped...) and :func:`corpus_salt`."""
    return content_key(_CORPUS_FORMAT, corpus_salt() if salt is None else salt, str(len(options)), *options,
                       str(len(file_keys)), *file_keys)


def _json_exact(value) -> str:
    """``value`` as JSON text, when JSON gives it back exactly (same types); else ValueError."""
    if type(value) is dict and all(type(k) is str and type(v) in (str, int) for k, v in value.items()):
        return json.dumps(value, ensure_ascii=False)  # strings and integers only: given back as they are
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, RecursionError) as exc:  # a date, a set...: not JSON
        raise ValueError("a value JSON does not give back as it was") from exc
    if json.loads(text) != value or json.dumps(json.loads(text), ensure_ascii=False) != text:
        raise ValueError("a value JSON does not give back as it was")
    return text


def _corpus_tables(transcripts, notes, word_counts: Sequence[int]) -> dict[str, dict[str, list]]:
    """The columns of each table of a corpus entry (ValueError for a value they cannot hold)."""
    import datetime as dt

    cols = {name: {c: [] for c in spec} for name, spec in _CORPUS_COLUMNS.items()}
    tr, tu, pa_, bo, no = (cols[n] for n in _CORPUS_TABLES)

    def note(owner: int, n) -> None:
        if type(n.line) not in (int, type(None)) or not all(type(v) is str for v in (n.kind, n.message, n.path)):
            raise ValueError("a note of another shape")
        for c, v in zip(("owner", "kind", "message", "path", "line", "has_line"),
                        (owner, n.kind, n.message, n.path, n.line or 0, int(n.line is not None))):
            no[c].append(v)

    for n in notes:
        note(-1, n)
    n_words = iter(word_counts)
    paragraphs: list = []  # every turn's, in order: their columns filled one column at a time
    for k, t in enumerate(transcripts):
        if t.date is not None and type(t.date) is not dt.date:
            raise ValueError("a date of another type")
        if type(t.pages) is not tuple or not all(type(p) is str for p in t.pages):
            raise ValueError("pages of another type")
        pages = t.pages[0] if len(t.pages) == 1 and not t.pages[0].startswith("[") else _json_exact(list(t.pages))
        row = (t.id, t.title, t.date.isoformat() if t.date is not None else "", t.source, t.url, t.kind, t.format,
               t.encoding, pages, _json_exact(t.extra), _json_exact(t.layout), len(t.turns),
               len(t.boilerplate), len(t.notes))
        for c, v in zip(tr, row):
            tr[c].append(v)
        for u in t.turns:
            if type(u.answers_turn) not in (int, type(None)) or (u.answers_turn is not None and u.answers_turn < 0):
                raise ValueError("a turn answering no turn index")
            row = (u.transcript_id, u.index, u.speaker, u.speaker_key, u.role, u.label, u.outlet or "",
                   int(u.outlet is not None), -1 if u.answers_turn is None else u.answers_turn, u.role_reason,
                   len(u.paragraphs), next(n_words))
            for c, v in zip(tu, row):
                tu[c].append(v)
            paragraphs.extend(u.paragraphs)
        for b in t.boilerplate:
            for c, v in zip(bo, (b.kind, b.raw, b.page, b.start, b.end, b.line)):
                bo[c].append(v)
        for n in t.notes:
            note(k, n)
    if any(type(p.directions) is not tuple for p in paragraphs):
        raise ValueError("directions of another type")
    pa_["raw"] = [p.raw for p in paragraphs]
    pa_["speech_is_raw"] = [int(p.speech == p.raw) for p in paragraphs]
    pa_["speech"] = ["" if same else p.speech for p, same in zip(paragraphs, pa_["speech_is_raw"])]
    pa_["directions"] = [_json_exact(list(p.directions)) if p.directions else "" for p in paragraphs]
    for c in ("page", "start", "end", "line"):
        pa_[c] = list(map(operator.attrgetter(c), paragraphs))
    return cols


def write_corpus(key: str, transcripts, notes, word_counts: Sequence[int], *,
                 cache: PathLike | bool | None) -> bool | None:
    """Store the transcripts, corpus-level notes and word counts of the turns (in order) of a
    whole load as the corpus entry ``key`` (one Arrow IPC entry per table: transcripts, turns,
    paragraphs, boilerplate, notes; read back with no decoding).

    Returns True when stored; None when a value cannot be stored exactly (a date of another
    type, metadata JSON would not give back, a lone surrogate: nothing written, nothing
    wrong); False when the cache folder cannot take the entry (a :class:`CacheWarning`).
    """
    if cache_dir(cache) is None:
        return False
    kinds = {"s": pa.string(), "i": pa.int64()}
    try:
        cols = _corpus_tables(transcripts, notes, word_counts)
        if len(cols["turns"]["index"]) != len(word_counts):
            return None
        tables = {name: pa.table({c: pa.array(v, kinds[_CORPUS_COLUMNS[name][c]]) for c, v in cols[name].items()})
                  for name in _CORPUS_TABLES}
    except (ValueError, TypeError, OverflowError, RecursionError, UnicodeEncodeError, pa.ArrowException):
        return None
    for name in (*_CORPUS_TABLES[1:], _CORPUS_TABLES[0]):  # the transcripts table, read first, last
        if not _write_plain_table(content_key(key, name), tables[name], kind="loads", cache=cache, suffix=".arrow"):
            return False
    return True


def _write_plain_table(key: str, table: pa.Table, *, kind: str, cache: PathLike | bool | None,
                       suffix: str = ".parquet") -> bool:
    """:func:`write_table` for a table of plain string and integer columns (no dictionaries):
    only the digest of the values as stored (:func:`_fast_digest`) is computed, since no
    reader rebuilds them in another form, and the file's bytes go to disk uncopied. Read back
    and checked by :func:`read_table` (a table whose stored digest does not match is then also
    checked against an empty decoded digest, which nothing matches). ``suffix`` ``".arrow"``
    stores an Arrow IPC file (read back with no decoding: its bytes are the columns' buffers)
    instead of Parquet."""
    path = entry_path(key, kind=kind, cache=cache, suffix=suffix)
    if path is None:
        return False
    meta = {**(table.schema.metadata or {}), _KEY_META: key.encode(), _DIGEST_META: b""}
    fast = _fast_digest(key, table.replace_schema_metadata(meta))
    if fast is None and suffix == ".parquet":
        return write_table(key, table, kind=kind, cache=cache)
    if fast is None:  # a column of another type: the digest of the decoded values
        meta[_DIGEST_META] = _table_digest(key, table.replace_schema_metadata(meta)).encode()
        return _store(path, table.replace_schema_metadata(meta))
    meta[_FAST_META] = fast.encode()
    table = table.replace_schema_metadata(meta)
    return _store(path, table)


def _write_parquet(path: str, table: pa.Table) -> None:
    """Write ``table`` to the new file ``path`` uncompressed (read back at the speed of memory),
    streamed: no copy of the file's bytes is held."""
    pq.write_table(table, path, compression="none")


def _write_arrow(path: str, table: pa.Table) -> None:
    """Write ``table`` to the new file ``path`` as an uncompressed Arrow IPC file, streamed."""
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _read_arrow(path: Path) -> pa.Table:
    """The table of the Arrow IPC file ``path``, read into memory (no decoding)."""
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def read_corpus(key: str, *, cache: PathLike | bool | None):
    """The ``(transcripts, notes, word_counts)`` of the corpus entry ``key``, or None: no
    entry, or one that is not exactly what was stored (a :class:`CacheWarning` names the
    damaged table)."""
    root = cache_dir(cache)
    if root is None or not entry_path(content_key(key, "transcripts"), kind="loads", cache=root,
                                      suffix=".arrow").is_file():
        return None
    cols = {}
    for name in _CORPUS_TABLES:
        part = content_key(key, name)
        where = entry_path(part, kind="loads", cache=root, suffix=".arrow")
        table = read_table(part, kind="loads", cache=root, suffix=".arrow")
        if table is None:
            if not where.is_file():
                bad_entry(where, "is missing from its corpus entry")
            return None
        try:
            cols[name] = _columns_of(table, _CORPUS_COLUMNS[name])
        except _BadEntry as exc:
            bad_entry(where, str(exc))
            return None
    try:
        return _corpus_of(cols)
    except (_BadEntry, ValueError, TypeError, KeyError, IndexError, StopIteration, RecursionError) as exc:
        bad_entry(entry_path(content_key(key, "transcripts"), kind="loads", cache=root, suffix=".arrow"),
                  f"does not hold a corpus ({type(exc).__name__}: {exc})")
    return None


def _columns_of(table: pa.Table, spec: dict[str, str]) -> dict[str, list]:
    """The columns of a corpus table as Python lists, checked against ``spec`` (converted
    through NumPy, a C loop, unless a column holds nulls, which only ``to_pylist`` gives back
    as None)."""
    if table.column_names != list(spec):
        raise _BadEntry("has other columns than a corpus table of this version")
    out = {}
    for name, col in zip(table.column_names, table.columns):
        want = pa.string() if spec[name] == "s" else pa.int64()
        if col.type != want:
            raise _BadEntry(f"has column {name!r} of type {col.type}")
        out[name] = col.to_pylist() if col.null_count else col.to_numpy(zero_copy_only=False).tolist()
    return out


def _corpus_of(cols: dict[str, dict[str, list]]):
    """Transcripts and corpus notes from the columns of a corpus entry."""
    import datetime as dt

    from .model import Boilerplate, Note, Paragraph, Transcript, Turn

    tr, tu, pa_, bo, no = (cols[n] for n in _CORPUS_TABLES)
    n_tr = len(tr["id"])
    if (sum(tr["n_turns"]) != len(tu["index"]) or sum(tu["n_paragraphs"]) != len(pa_["raw"])
            or sum(tr["n_boilerplate"]) != len(bo["raw"])
            or sum(tr["n_notes"]) != sum(1 for o in no["owner"] if o >= 0)):
        raise _BadEntry("has tables whose row counts do not agree")
    notes: list[list] = [[] for _ in range(n_tr + 1)]
    for owner, kind, message, path, line, has_line in zip(*no.values()):
        if not -1 <= owner < n_tr:
            raise _BadEntry("has a note of no transcript")
        notes[owner].append(Note(kind, message, path, line if has_line else None))
    paragraphs = iter([Paragraph(raw, raw if same else speech, tuple(json.loads(d)) if d else (), page, s, e, ln)
                       for raw, speech, same, d, page, s, e, ln in zip(*pa_.values())])
    turns = iter([Turn(tid, index, speaker, key, role, label, outlet if has else None,
                       tuple(next(paragraphs) for _ in range(n)), None if answers < 0 else answers, reason)
                  for tid, index, speaker, key, role, label, outlet, has, answers, reason, n, _ in
                  zip(*tu.values())])
    parsed: dict[str, object] = {}  # most transcripts share their layout: each text is read once

    def loads(text: str):
        if text not in parsed:
            parsed[text] = json.loads(text)
        got = parsed[text]
        return dict(got) if type(got) is dict else got
    boiler = iter([Boilerplate(*row) for row in zip(*bo.values())])
    out = []
    for k, (tid, title, date, source, url, kind, fmt, enc, pages, extra, layout, n_turns, n_boiler, _) in \
            enumerate(zip(*tr.values())):
        pages, extra, layout = json.loads(pages) if pages.startswith("[") else [pages], loads(extra), loads(layout)
        if type(pages) is not list or type(extra) is not dict or type(layout) is not dict:
            raise _BadEntry("has a transcript whose pages, variables or layout are of another type")
        out.append(Transcript(
            id=tid, title=title, date=dt.date.fromisoformat(date) if date else None, source=source, url=url,
            kind=kind, pages=tuple(pages), turns=tuple(next(turns) for _ in range(n_turns)),
            boilerplate=tuple(next(boiler) for _ in range(n_boiler)), format=fmt, encoding=enc,
            extra=extra, notes=tuple(notes[k]), layout=layout))
    return out, notes[-1], tu["n_words"]


def _storable(frame: pd.DataFrame) -> bool:
    """A frame a Parquet entry gives back exactly: a 0..n-1 index, distinct string column
    names, and int64, float64, bool or all-string object columns."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        return False
    names = list(frame.columns)
    if len(set(names)) != len(names) or not all(isinstance(c, str) for c in names):
        return False
    for c in names:
        dt = frame[c].dtype
        if dt == object:
            if not all(isinstance(v, str) for v in frame[c].tolist()):
                return False
        elif dt not in (np.dtype("int64"), np.dtype("float64"), np.dtype("bool")):
            return False
    return True


def _arrow_of(frame: pd.DataFrame):
    kinds = {np.dtype("int64"): pa.int64(), np.dtype("float64"): pa.float64(), np.dtype("bool"): pa.bool_()}
    cols = {}
    for c in frame.columns:
        col = frame[c]
        cols[c] = pa.array(col.tolist(), pa.string()) if col.dtype == object else \
            pa.array(col.to_numpy(), kinds[col.dtype])
    return pa.table(cols) if cols else pa.table({})


def _frame_of(table, n_columns: int | None = None) -> pd.DataFrame:
    cols = {}
    for name, col in zip(table.column_names, table.columns):
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            values = np.empty(len(col), dtype=object)
            values[:] = col.to_pylist()
        elif col.type in (pa.int64(), pa.float64(), pa.bool_()):
            values = col.to_numpy(zero_copy_only=False).copy()
        else:
            raise ValueError(f"column {name!r} is of type {col.type}")
        cols[name] = values
    return pd.DataFrame(cols, index=pd.RangeIndex(table.num_rows))


def columns_digest(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """A digest of ``frame``'s ``columns`` (those it has): names, dtypes, missing values and
    values, so that a result reading them is keyed by them."""
    h = hashlib.blake2b(digest_size=16)
    for c in columns:
        if c not in frame:
            h.update(f"{c}:absent\x00".encode())
            continue
        col = frame[c]
        h.update(f"{c}:{col.dtype}\x00".encode())
        missing = col.isna().to_numpy()
        h.update(np.packbits(missing).tobytes())
        h.update(str(sorted({type(v).__name__ for v in pd.unique(col[~missing])} if col.dtype == object
                            else [])).encode())
        h.update(pd.util.hash_pandas_object(col[~missing], index=False, categorize=True).to_numpy().tobytes())
    return h.hexdigest()


def cached_frame(kind: str, make_key: Callable[[], str], compute: Callable[[], pd.DataFrame], *,
                 cache: PathLike | bool | None = None) -> pd.DataFrame:
    """``compute()``, kept in the on-disk cache as the entry ``make_key()`` of ``kind``.

    The one read-check-compute-write path for a result frame: the key is made only when
    there is a cache (``cache`` as for :func:`cache_dir`; None is the ``ANALYSIS_CACHE``
    folder when that is set), an entry is used only when it passes its digest check, a
    damaged one is computed afresh with a :class:`CacheWarning`, and a frame is stored only
    when a Parquet entry gives it back exactly (:func:`_storable`: a 0..n-1 index, distinct
    string column names, int64, float64, bool or all-string columns); any other frame is
    returned uncached. A read-only cache folder is read, never written.

    Parameters
    ----------
    kind : str
        The entry's kind (its subfolder), e.g. ``"collocations"``.
    make_key : callable
        Returns the content key (:func:`content_key` of every input and option).
    compute : callable
        Returns the frame.
    cache : path, bool or None, default=None

    Returns
    -------
    pandas.DataFrame
        Equal to ``compute()`` (read back with the same columns, dtypes and index).
    """
    root, writable = open_cache(cache)
    if root is None:
        return compute()
    key = make_key()
    table = read_table(key, kind=kind, cache=root)
    if table is not None:
        try:
            return _frame_of(table)
        except (ValueError, TypeError) as exc:
            bad_entry(entry_path(key, kind=kind, cache=root), f"cannot be read as a frame ({exc})")
    out = compute()
    if writable and _storable(out):
        try:
            arrow = _arrow_of(out)
        except UnicodeEncodeError:  # a lone surrogate: Parquet holds UTF-8 only
            return out
        write_table(key, arrow, kind=kind, cache=root)
    return out
