"""The sentence layer of the text layer: the sentence spans of many texts, found once.

Sentences are :func:`analysis.text.sentence_spans` (NLTK's Punkt with the project's
abbreviations; a paragraph break always ends a sentence). Punkt is the slowest step of
reading a text, and the phrase miner, the stock-answer finder, the readability measures and
the device detectors all need the same sentences, so they are found once per corpus content
and shared: kept in memory, built on every core for a large corpus, and cached on disk run by
run like the token table (:func:`analysis.tokens.layer`).

A text's sentences depend on that text alone, so the layer is built on the distinct texts in
one order fixed by their content (sorted by a hash of each text), and the table of the texts
as asked is taken from it, text by text, with array indexing. The same texts in another order
(turns sorted by date), or with a text repeated, share one build, one memo entry and the same
cache entries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

import pandas as pd

from ._memo import Memo
from .tokens import _frozen, layer

__all__ = ["SentenceTable", "sentence_table", "sentence_spans_table"]

#: Tables of distinct texts in content order, and of texts as asked (two per corpus: its turns
#: as read and sorted by date).
_MEMO: Memo[SentenceTable] = Memo(size=8)


@dataclass(frozen=True, eq=False)
class SentenceTable:
    """Sentence spans of many texts, as arrays (read-only).

    Per sentence, in text order: ``text`` (index of its text), ``start`` and ``end``
    (character offsets in that text). ``text_end[t]`` is one past the last sentence of text
    ``t``.
    """

    text: np.ndarray
    start: np.ndarray
    end: np.ndarray
    text_end: np.ndarray

    @property
    def n_texts(self) -> int:
        return int(len(self.text_end))

    def spans(self, t: int) -> list[tuple[int, int]]:
        """The sentence spans of text ``t``, as :func:`analysis.text.sentence_spans` gives them."""
        a = int(self.text_end[t - 1]) if t else 0
        b = int(self.text_end[t])
        return list(zip(self.start[a:b].tolist(), self.end[a:b].tolist()))

    def as_tuples(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """The sentence spans of every text (a tuple of ``(start, end)`` tuples per text; made
        once and kept)."""
        return self._tuples

    @cached_property
    def _tuples(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        pairs = list(zip(self.start.tolist(), self.end.tolist()))
        bounds = [0, *self.text_end.tolist()]
        return tuple(tuple(pairs[bounds[i]:bounds[i + 1]]) for i in range(self.n_texts))


def _table(text: np.ndarray, start: np.ndarray, end: np.ndarray, n_texts: int) -> SentenceTable:
    text_end = np.cumsum(np.bincount(text, minlength=n_texts)) if len(text) else np.zeros(n_texts, dtype=np.int64)
    return SentenceTable(*(_frozen(a.astype(np.int64)) for a in (text, start, end, text_end)))


def _build(texts: list[str]) -> SentenceTable:
    from .text import sentence_spans

    per_text = [sentence_spans(t) for t in texts]
    counts = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
    flat = np.array([x for spans in per_text for pair in spans for x in pair], dtype=np.int64).reshape(-1, 2)
    text = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    return _table(text, flat[:, 0], flat[:, 1], len(texts))


def sentence_spans_table(texts: Sequence[str]) -> SentenceTable:
    """The :class:`SentenceTable` of ``texts`` found in this process, neither kept nor read
    from a cache (for a builder that runs on a part of a corpus in a worker process)."""
    return _build(list(texts))


def _merge(parts: list[SentenceTable]) -> SentenceTable:
    if len(parts) == 1:
        return parts[0]
    base = np.cumsum([0, *(p.n_texts for p in parts)])
    text = np.concatenate([np.zeros(0, np.int64), *(p.text + base[i] for i, p in enumerate(parts))])
    start = np.concatenate([np.zeros(0, np.int64), *(p.start for p in parts)])
    end = np.concatenate([np.zeros(0, np.int64), *(p.end for p in parts)])
    return _table(text, start, end, int(base[-1]))


def _write(key: str, table: SentenceTable, root: Path) -> bool:
    import pyarrow as pa

    from .cache import write_table

    arrow = pa.table({"text": pa.array(table.text.astype(np.int32)), "start": pa.array(table.start),
                      "end": pa.array(table.end)}, metadata={"n_texts": str(table.n_texts)})
    return write_table(key, arrow, kind="sentences", cache=root)


def _read(key: str, n_texts: int, root: Path) -> SentenceTable | None:
    """A cached run's sentences, or None when there is none or it does not fit the run."""
    from .cache import bad_entry, entry_path, read_table

    arrow = read_table(key, kind="sentences", cache=root)  # checked against its digest
    if arrow is None:
        return None
    try:
        if int((arrow.schema.metadata or {}).get(b"n_texts", b"-1")) != n_texts:
            raise ValueError(f"holds another number of texts than its run's {n_texts}")
        text, start, end = (arrow.column(c).to_numpy().astype(np.int64) for c in ("text", "start", "end"))
        if len(text) and (text.min() < 0 or text.max() >= n_texts or np.any(np.diff(text) < 0)
                          or np.any(end < start) or start.min() < 0 or not len(text) == len(start) == len(end)):
            raise ValueError("holds text or offset values out of range")
    except (KeyError, ValueError, TypeError) as exc:
        bad_entry(entry_path(key, kind="sentences", cache=root), f"does not fit its run ({exc})")
        return None
    return _table(text, start, end, n_texts)


def sentence_table(texts: Sequence[str], *, n_jobs: int = -1, cache=None) -> SentenceTable:
    """The :class:`SentenceTable` of ``texts``, found once per content and shared (read-only).

    Parameters
    ----------
    texts : sequence of str
        For instance ``turns["text"]``.
    n_jobs : int, default=-1
        Processes for a large corpus (see :func:`analysis.tokens.token_table`); the result
        does not depend on it.
    cache : path, bool or None, default=None
        On-disk cache, as for :func:`analysis.tokens.token_table` (entries of kind
        ``sentences``).

    Examples
    --------
    >>> t = sentence_table(["Mr. Qi spoke first. Then Dr. Xu answered.", "", "Thank you."])
    >>> t.spans(0), t.spans(1), t.spans(2)
    ([(0, 19), (20, 41)], [], [(0, 10)])
    """
    texts = texts if isinstance(texts, list) else list(texts)
    digests = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts]
    key = _digest_key("sentence-table-v2", digests)
    return _MEMO.get(key, lambda: _of_texts(texts, digests, n_jobs=n_jobs, cache=cache))


def _digest_key(kind: str, digests: Sequence[bytes]) -> str:
    h = hashlib.blake2b(kind.encode(), digest_size=16)
    for d in digests:
        h.update(d)
    return h.hexdigest()


def _of_texts(texts: list[str], digests: list[bytes], *, n_jobs: int, cache) -> SentenceTable:
    """The table of ``texts``, taken from the table of their distinct texts in content order."""
    if not texts:
        return _canonical([], n_jobs=n_jobs, cache=cache)
    codes, uniq = pd.factorize(np.array(digests, dtype=object), sort=True)  # bytes sort: content order
    first = np.unique(codes, return_index=True)[1]  # the first text of each distinct content
    distinct = [texts[i] for i in first.tolist()]
    whole = _MEMO.get(_digest_key("sentence-table-distinct-v2", list(uniq)),
                      lambda: _canonical(distinct, n_jobs=n_jobs, cache=cache))
    if len(uniq) == len(codes) and np.array_equal(codes, np.arange(len(codes))):
        return whole
    return _take(whole, codes.astype(np.int64))


def _canonical(texts: list[str], *, n_jobs: int, cache) -> SentenceTable:
    return layer(texts, build=_build, merge=_merge, read=_read, write=_write, name="sentence-table",
                 modules=("analysis.text", "analysis.sentences"), n_jobs=n_jobs, cache=cache)


def _take(table: SentenceTable, src: np.ndarray) -> SentenceTable:
    """The table of the texts ``src`` (indices of ``table``'s texts, in the order wanted)."""
    end = table.text_end.astype(np.int64)
    count = np.diff(np.concatenate([[0], end]))
    n = count[src]
    total = int(n.sum())
    out_first = np.cumsum(n) - n
    idx = np.repeat((end - count)[src] - out_first, n) + np.arange(total, dtype=np.int64)
    text = np.repeat(np.arange(len(src), dtype=np.int64), n)
    return _table(text, table.start[idx], table.end[idx], len(src))
