"""In-memory memo of results keyed by the content of the texts they were computed from.

Tokens, phrase streams and per-turn detector results depend only on the texts and the
options, so several analyses of one corpus share one pass. Keys hash the content, never file
names or times; each memo keeps its last few entries (least recently used dropped).

Every memo belongs to a *kind*, by default the module that made it (``analysis.tokens``,
``analysis.sentences``...), and all memos together keep at most a budget of bytes
(:func:`memo_budget`: 1 GiB unless the environment variable ``ANALYSIS_MEMO_BYTES`` says
otherwise): when an entry is stored past the budget, the least recently used entries of any
memo are dropped (never the one just stored). A memo only saves work, so dropping an entry
changes no result, only the time to compute it again. :func:`release` drops the entries of
some kinds (a run that needs them no more) and hands the freed memory back to the system.
"""

from __future__ import annotations

import ctypes
import dataclasses
import hashlib
import itertools
import os
import sys
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

__all__ = ["content_key", "Memo", "estimate_bytes", "memo_budget", "memo_bytes", "release", "release_memory",
           "BUDGET_ENV", "DEFAULT_BUDGET"]

T = TypeVar("T")

#: The environment variable that sets the bytes all memos keep together (``0``: none kept).
BUDGET_ENV = "ANALYSIS_MEMO_BYTES"
#: The bytes all memos keep together when ``ANALYSIS_MEMO_BYTES`` is not set.
DEFAULT_BUDGET = 1 << 30

#: Every memo made, to count their bytes together and release them by kind.
_REGISTRY: weakref.WeakSet[Memo] = weakref.WeakSet()
#: Stamps of use: the entry with the lowest stamp is the least recently used of all memos.
_TICK = itertools.count()


def content_key(kind: str, options: object, texts: Iterable[str]) -> str:
    """A 128-bit hex digest of ``kind``, ``repr(options)`` and every text (NUL-separated).

    Examples
    --------
    >>> content_key("tokens", (True,), ["a", "b"]) == content_key("tokens", (True,), ["a", "b"])
    True
    >>> content_key("tokens", (True,), ["ab"]) == content_key("tokens", (True,), ["a", "b"])
    False
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((kind, options)).encode())
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def memo_budget() -> int:
    """The bytes all memos keep together: ``ANALYSIS_MEMO_BYTES`` (an integer, or with a
    suffix ``K``, ``M``, ``G``: ``"512M"``) when set, else :data:`DEFAULT_BUDGET` (1 GiB).

    >>> import os
    >>> os.environ["ANALYSIS_MEMO_BYTES"] = "512M"; memo_budget()
    536870912
    >>> del os.environ["ANALYSIS_MEMO_BYTES"]; memo_budget() == DEFAULT_BUDGET
    True

    Raises
    ------
    ValueError
        The variable is set to something else than a number of bytes.
    """
    raw = os.environ.get(BUDGET_ENV, "").strip()
    if not raw:
        return DEFAULT_BUDGET
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(raw[-1].upper(), 1)
    number = raw[:-1] if scale != 1 else raw
    try:
        value = float(number) * scale
    except ValueError:
        raise ValueError(f"{BUDGET_ENV} must be a number of bytes (such as 1073741824 or 1G); got {raw!r}") from None
    if value < 0 or value != value:
        raise ValueError(f"{BUDGET_ENV} must be a number of bytes, 0 or more; got {raw!r}")
    return int(value)


#: Elements of a long container looked at to estimate its size (the rest are taken to be alike).
_SAMPLE = 64


def estimate_bytes(value: object) -> int:
    """An estimate of the memory ``value`` holds, in bytes, cheap whatever its size.

    Arrays count their ``nbytes``, frames and series their columns
    (``DataFrame.memory_usage``), sparse matrices their three arrays; containers, dataclasses
    and objects their items or fields. A long container (or an object array) is estimated
    from :data:`_SAMPLE` evenly spaced items; an object reached twice is counted once.

    >>> import numpy as np
    >>> estimate_bytes(np.zeros(1000, dtype=np.int64)) >= 8000
    True
    >>> estimate_bytes([np.zeros(100), np.zeros(100)]) >= 1600
    True
    """
    return _estimate(value, set(), 0)


def _estimate(value: object, seen: set[int], depth: int) -> int:
    if id(value) in seen or value is None or isinstance(value, (bool, int, float)):
        return 0
    seen.add(id(value))
    if isinstance(value, (str, bytes, bytearray)):
        return sys.getsizeof(value)
    np = sys.modules.get("numpy")
    pd = sys.modules.get("pandas")
    if np is not None and isinstance(value, np.ndarray):
        base = int(value.nbytes)
        if value.dtype == object and value.size:
            base += _sampled(value.ravel(), seen, depth)
        return base
    if pd is not None and isinstance(value, (pd.DataFrame, pd.Series, pd.Index)):
        usage = value.memory_usage(index=True, deep=False)
        total = int(usage.sum()) if hasattr(usage, "sum") else int(usage)
        columns = [value[c] for c in value.columns] if isinstance(value, pd.DataFrame) else [value]
        for col in columns:
            if col.dtype == object and len(col):
                total += _sampled(col.to_numpy(), seen, depth)
        return total
    sp = sys.modules.get("scipy.sparse")
    if sp is not None and sp.issparse(value):
        return sum(int(getattr(value, a).nbytes) for a in ("data", "indices", "indptr") if hasattr(value, a))
    if depth > 8:
        return sys.getsizeof(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = value if isinstance(value, (list, tuple)) else list(value)
        return sys.getsizeof(value) + _sampled(items, seen, depth)
    if isinstance(value, dict):
        keys, values = list(value), list(value.values())
        return sys.getsizeof(value) + _sampled(keys, seen, depth) + _sampled(values, seen, depth)
    total = sys.getsizeof(value)
    if dataclasses.is_dataclass(value):
        total += sum(_estimate(getattr(value, f.name, None), seen, depth + 1) for f in dataclasses.fields(value))
    extra = getattr(value, "__dict__", None)
    if isinstance(extra, dict):
        total += sum(_estimate(v, seen, depth + 1) for v in extra.values())
    return total


def _sampled(items, seen: set[int], depth: int) -> int:
    """The bytes of ``items`` (a sequence): summed when short, else from evenly spaced ones."""
    n = len(items)
    if n <= _SAMPLE:
        return sum(_estimate(items[i], seen, depth + 1) for i in range(n))
    step = n / _SAMPLE
    part = sum(_estimate(items[int(i * step)], seen, depth + 1) for i in range(_SAMPLE))
    return int(part * n / _SAMPLE)


class Memo(Generic[T]):
    """A small least-recently-used memo: ``memo.get(key, compute)``.

    Parameters
    ----------
    size : int
        Entries kept.
    kind : str, optional
        What the memo holds, for :func:`release`; by default the name of the module that
        makes it (``analysis.tokens``).

    Notes
    -----
    Besides its own ``size``, a memo gives up its least recently used entries when all memos
    together hold more than :func:`memo_budget` bytes (estimated once per entry, when it is
    stored: :func:`estimate_bytes`).

    Examples
    --------
    >>> m = Memo(size=1)
    >>> m.get("a", lambda: 1), m.get("a", lambda: 2), m.get("b", lambda: 3), m.get("a", lambda: 4)
    (1, 1, 3, 4)
    """

    def __init__(self, size: int, kind: str | None = None) -> None:
        self.size = size
        self.kind = kind if kind is not None else sys._getframe(1).f_globals.get("__name__", "")
        self._items: OrderedDict[str, T] = OrderedDict()
        #: Per key: (stamp of last use, estimated bytes).
        self._meta: dict[str, tuple[int, int]] = {}
        _REGISTRY.add(self)

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The stored value for ``key``, or ``compute()`` stored under it."""
        if key in self._items:
            self._items.move_to_end(key)
            self._meta[key] = (next(_TICK), self._meta[key][1])
            return self._items[key]
        value = compute()
        self._items[key] = value
        self._meta[key] = (next(_TICK), estimate_bytes(value))
        if len(self._items) > self.size:
            self._drop(next(iter(self._items)))
        _enforce_budget(self, key)
        return value

    def _drop(self, key: str) -> None:
        del self._items[key]
        del self._meta[key]

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def values(self) -> list[T]:
        """The values kept, least recently used first (looking does not count as a use)."""
        return list(self._items.values())

    @property
    def nbytes(self) -> int:
        """The estimated bytes of the entries kept (each counted as when it was stored)."""
        return sum(size for _, size in self._meta.values())

    def clear(self) -> None:
        """Forget every entry."""
        self._items.clear()
        self._meta.clear()


def memo_bytes() -> int:
    """The estimated bytes all memos hold together (a value held by two memos counted once)."""
    sizes: dict[int, int] = {}
    for memo in list(_REGISTRY):
        for key, (_, size) in memo._meta.items():
            sizes[id(memo._items[key])] = size
    return sum(sizes.values())


def _enforce_budget(newest: Memo, newest_key: str) -> None:
    """Drop the least recently used entries of all memos until they hold at most
    :func:`memo_budget` bytes (the entry just stored, ``newest[newest_key]``, is kept)."""
    budget = memo_budget()
    if memo_bytes() <= budget:
        return
    entries = sorted(((stamp, id(m), m, k) for m in list(_REGISTRY) for k, (stamp, _) in m._meta.items()
                      if not (m is newest and k == newest_key)), key=lambda e: e[:2])
    for _, _, memo, key in entries:
        if key in memo._items:
            memo._drop(key)
        if memo_bytes() <= budget:
            break


def release_memory() -> None:
    """Hand the memory freed by a large build back to the system (glibc's ``malloc_trim``;
    nothing elsewhere), so the process holds, and the processes forked from it share, only
    what is still used."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library
        pass


def release(kinds: Iterable[str] | None = None, *, keep: Iterable[str] = ()) -> int:
    """Drop every entry of the memos of ``kinds`` (all memos when None) but those of ``keep``:
    a kind names its memos and those of its submodules (``analysis.phrases`` names
    ``analysis.phrases._stream``). The memory freed is handed back to the system
    (:func:`release_memory`).

    Returns
    -------
    int
        The entries dropped.

    Examples
    --------
    >>> m = Memo(size=2, kind="example.layer")
    >>> m.get("a", lambda: 1)
    1
    >>> release(["example"], keep=["example.layer"]), "a" in m
    (0, True)
    >>> release(["example"]), "a" in m
    (1, False)
    """
    chosen = None if kinds is None else tuple(kinds)
    kept = tuple(keep)
    dropped = 0
    for memo in list(_REGISTRY):
        if (chosen is None or _of_kind(memo, chosen)) and not _of_kind(memo, kept):
            dropped += len(memo)
            memo.clear()
    if dropped:
        import gc

        gc.collect()
    release_memory()
    return dropped


def _of_kind(memo: Memo, kinds: tuple[str, ...]) -> bool:
    return any(memo.kind == k or memo.kind.startswith(k + ".") for k in kinds)
