"""In-memory memo of results keyed by the content of the texts they were computed from.

Tokens, phrase streams and per-turn detector results depend only on the texts and the
options, so several analyses of one corpus share one pass. Keys hash the content, never file
names or times; each memo keeps its last few entries (least recently used dropped).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

__all__ = ["content_key", "Memo"]

T = TypeVar("T")


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


class Memo(Generic[T]):
    """A small least-recently-used memo: ``memo.get(key, compute)``.

    Parameters
    ----------
    size : int
        Entries kept.

    Examples
    --------
    >>> m = Memo(size=1)
    >>> m.get("a", lambda: 1), m.get("a", lambda: 2), m.get("b", lambda: 3), m.get("a", lambda: 4)
    (1, 1, 3, 4)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, T] = OrderedDict()

    def get(self, key: str, compute: Callable[[], T]) -> T:
        """The stored value for ``key``, or ``compute()`` stored under it."""
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = compute()
        self._items[key] = value
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return value

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def clear(self) -> None:
        """Forget every entry."""
        self._items.clear()
