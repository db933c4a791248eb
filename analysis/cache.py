"""On-disk cache keyed by content hash, in formats that execute no code (Parquet, JSON).

What is cached, one entry per input unit, so a changed file invalidates only its own entry:

* parsed files (:func:`analysis.corpus.load_corpus` with ``cache=``): one JSON file per
  transcript file (plain data: strings, numbers, lists), keyed by the file's bytes, path,
  the parse options and the parsers' own source code (a new parser version never reads an
  old entry);
* token streams (:func:`analysis.text.tokenize_texts` with ``cache=``): texts are cut into
  runs of about 256 kB by content-defined boundaries (a text ends a run when its own hash
  says so, Muthitacharoen et al. 2001), one Parquet file per run, keyed by the texts, the
  token options and the tokenizer's source. A changed text changes only the key of its own
  run (short texts such as turns share entries, so the cache costs fewer files than texts).

Entries are read with :mod:`pyarrow` (Parquet) and :mod:`json` only: no ``pickle``, nothing
that can run code. Writes
go to a temporary file renamed into place, so a crash or a concurrent reader never sees half
an entry. References: Muthitacharoen, A., Chen, B. & Mazieres, D. (2001). A low-bandwidth network
file system. SOSP, 174-187 (content-defined chunking).

The cache folder is a parameter (``cache="path"``); ``cache=True`` or the
environment variable ``ANALYSIS_CACHE`` (a folder) select the default, ``.cache`` under the
working directory, which ``.gitignore`` leaves out. Delete the folder to empty the cache.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> key = content_key("tokens", "Hello there")
>>> read_strings(key, kind="tokens", cache=folder) is None
True
>>> write_strings(key, ["hello", "there"], kind="tokens", cache=folder)
>>> read_strings(key, kind="tokens", cache=folder)
['hello', 'there']
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .types import PathLike

__all__ = ["CACHE_ENV", "DEFAULT_CACHE_DIR", "cache_dir", "content_key", "source_key", "entry_path",
           "read_strings", "write_strings", "read_table", "write_table", "cache_entries", "cached_lists",
           "page_key", "read_page", "write_page"]

#: Environment variable naming the cache folder used when ``cache=None``.
CACHE_ENV = "ANALYSIS_CACHE"
#: The folder ``cache=True`` means (relative to the working directory).
DEFAULT_CACHE_DIR = ".cache"
#: Bumped when the layout of entries changes.
_FORMAT = "analysis-cache-2"


def cache_dir(cache: PathLike | bool | None) -> Path | None:
    """The cache folder a ``cache=`` argument means, or None for no disk cache.

    ``None``: the folder in the ``ANALYSIS_CACHE`` environment variable, if set; ``False``:
    none; ``True``: ``.cache`` in the working directory; a path: that folder.
    """
    if cache is None:
        env = os.environ.get(CACHE_ENV, "").strip()
        return Path(env) if env else None
    if cache is False:
        return None
    if cache is True:
        return Path(DEFAULT_CACHE_DIR)
    return Path(cache)


def content_key(*parts: str | bytes) -> str:
    """A hex digest (BLAKE2b, 128 bits) of ``parts`` and the cache format version."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_FORMAT.encode())
    for p in parts:
        b = p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return h.hexdigest()


@lru_cache(maxsize=8)
def source_key(*modules: str) -> str:
    """Hash of the source files of ``modules`` (dotted names, or packages: every ``.py`` in
    them), so entries written by other code versions are never read."""
    import importlib

    h = hashlib.blake2b(digest_size=16)
    for name in modules:
        mod = importlib.import_module(name)
        path = Path(mod.__file__)
        files = sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def entry_path(key: str, *, kind: str, cache: PathLike | bool | None, suffix: str = ".parquet") -> Path | None:
    """Where the entry ``key`` of ``kind`` lives: ``<cache>/<kind>/<key[:2]>/<key><suffix>``."""
    root = cache_dir(cache)
    if root is None:
        return None
    return root / kind / key[:2] / f"{key}{suffix}"


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".parquet")
    os.close(fd)
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_table(key: str, table: pa.Table, *, kind: str, cache: PathLike | bool | None) -> None:
    """Store an Arrow table as the entry ``key`` (no-op without a cache folder)."""
    path = entry_path(key, kind=kind, cache=cache)
    if path is not None:
        _write_atomic(table, path)


def read_table(key: str, *, kind: str, cache: PathLike | bool | None) -> pa.Table | None:
    """The Arrow table of entry ``key``, or None when there is none (or it is unreadable)."""
    path = entry_path(key, kind=kind, cache=cache)
    if path is None or not path.is_file():
        return None
    try:
        return pq.read_table(path)
    except (OSError, pa.ArrowException):  # a damaged entry is a miss, rewritten next time
        return None


def write_strings(key: str, values: Sequence[str], *, kind: str, cache: PathLike | bool | None) -> None:
    """Store a list of strings (dictionary-encoded: each distinct string once)."""
    if entry_path(key, kind=kind, cache=cache) is None:
        return
    column = pa.array(list(values), type=pa.string()).dictionary_encode()
    write_table(key, pa.table({"value": column}), kind=kind, cache=cache)


def read_strings(key: str, *, kind: str, cache: PathLike | bool | None) -> list[str] | None:
    """The list of strings of entry ``key``, or None."""
    table = read_table(key, kind=kind, cache=cache)
    if table is None or table.column_names != ["value"]:
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

    Returns None when there is no cache folder (the caller computes as usual). ``salt``
    names everything besides the text that the result depends on (options, code version).
    """
    root = cache_dir(cache)
    if root is None:
        return None
    keys = [content_key(salt, t) for t in texts]
    out: list[list[str]] = []
    for a, b in _runs(keys, [len(t) for t in texts]):
        key = content_key(salt, *keys[a:b])
        path = entry_path(key, kind=kind, cache=root)
        got = None
        if path.is_file():
            try:
                table = pq.read_table(path, read_dictionary=["value.list.element"])
                col = table.column("value").combine_chunks()
                values = col.values
                words = np.asarray(values.dictionary.to_pylist(), dtype=object)[
                    values.indices.to_numpy(zero_copy_only=False)] if len(values) else np.zeros(0, dtype=object)
                offsets = col.offsets.to_numpy()
                if len(offsets) == b - a + 1:
                    got = [words[offsets[i]:offsets[i + 1]].tolist() for i in range(b - a)]
            except (OSError, KeyError, AttributeError, pa.ArrowException):
                got = None
        if got is None:
            got = [compute(t) for t in texts[a:b]]
            _write_atomic(pa.table({"value": pa.array(got, type=pa.list_(pa.string()))}), path)
        out.extend(got)
    return out


# --------------------------------------------------------------------------- parsed files
def page_key(raw: bytes, path: str, fmt: str, official: str | None) -> str:
    """Key of a parsed text file: its bytes, path, parse options and the parsers' source."""
    code = source_key("analysis.parsers", "analysis.model", "analysis.cache")
    return content_key("page", code, path, fmt, official or "", raw)


def write_page(key: str, page, notes, *, cache: PathLike | bool | None) -> bool:
    """Store a :class:`~analysis.parsers.text.ParsedPage` and its notes as JSON; False
    (nothing written) when a field holds a value JSON would not give back as it was."""
    import dataclasses
    import datetime as dt
    import json

    path = entry_path(key, kind="pages", cache=cache, suffix=".json")
    if path is None or (page.date is not None and type(page.date) is not dt.date):
        return False
    if json.loads(json.dumps([page.header_fields, page.extra])) != [page.header_fields, page.extra]:
        return False
    record = {
        "format": _FORMAT,
        "page": {f.name: getattr(page, f.name) for f in dataclasses.fields(page)
                 if f.name not in ("boilerplate", "turns", "date")},
        "date": page.date.isoformat() if page.date is not None else None,
        "boilerplate": [dataclasses.astuple(b) for b in page.boilerplate],
        "turns": [[t.label, t.speaker, t.role, t.outlet, [dataclasses.astuple(p) for p in t.paragraphs],
                   t.continuation, t.cue_checked, t.cue, t.speaker_id, t.hint] for t in page.turns],
        "notes": [[n.kind, n.message, n.path, n.line] for n in notes],
    }
    try:
        data = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


def read_page(key: str, *, cache: PathLike | bool | None):
    """The ``(ParsedPage, notes)`` stored under ``key``, or None (no entry, or unreadable)."""
    import datetime as dt
    import json

    from .model import Boilerplate, Note, Paragraph
    from .parsers.text import ParsedPage, TurnDraft

    path = entry_path(key, kind="pages", cache=cache, suffix=".json")
    if path is None or not path.is_file():
        return None
    try:
        r = json.loads(path.read_bytes().decode("utf-8", "surrogatepass"))
        if r.get("format") != _FORMAT:
            return None
        turns = [TurnDraft(label, speaker, role, outlet,
                           [Paragraph(p[0], p[1], tuple(p[2]), *p[3:]) for p in paras], continuation=cont,
                           cue_checked=checked, cue=cue, speaker_id=speaker_id, hint=hint)
                 for label, speaker, role, outlet, paras, cont, checked, cue, speaker_id, hint in r["turns"]]
        page = ParsedPage(**{**r["page"], "notes": [tuple(n) for n in r["page"]["notes"]]},
                          date=dt.date.fromisoformat(r["date"]) if r["date"] else None,
                          boilerplate=[Boilerplate(*b) for b in r["boilerplate"]], turns=turns)
        return page, [Note(*n) for n in r["notes"]]
    except (OSError, ValueError, TypeError, KeyError):  # a damaged entry is a miss, rewritten
        return None
