"""Frequent n-grams by extension with pruning, and maximal recurring phrases.

Both work on a :class:`~analysis.phrases._stream.Stream` with numpy only (no Python loop over
tokens), in time and memory proportional to the number of surviving occurrences.

Extension (Apriori; Agrawal & Srikant 1994, as used for n-gram mining by e.g. Zhai et al.
2010): the occurrences of the frequent n-grams are a set of start positions, each with a
group code (which n-gram it is). An (n+1)-gram at ``p`` is counted only when its prefix
(the n-gram at ``p``) and its suffix (the n-gram at ``p + 1``) are frequent, and it stays
inside one sentence; its code is a hash factorization of (prefix code, next token id). Every
support measure used here (occurrences; distinct transcripts; distinct speakers) can only
shrink when a phrase grows, so pruning never loses a frequent n-gram.

Maximality: phrases are listed from the longest down. An occurrence ``[p, p + n)`` is
*contained* when an occurrence ``[q, e)`` of an already listed (longer) phrase has
``q <= p`` and ``e >= p + n``; with ``reach[p] = max{e : q <= p}`` (a running maximum) the
test is ``reach[p] >= p + n``. A phrase is listed when its *independent* (not contained)
occurrences meet the support thresholds, so a sub-phrase of a longer phrase is listed only
when it also recurs on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._stream import Stream, index_type

#: (unit code per stream position, or None to count occurrences; minimum support)
Support = tuple["np.ndarray | None", int]


@dataclass(frozen=True)
class Level:
    """The occurrences of the frequent n-grams of one length ``n``.

    ``pos`` (sorted start positions) and ``code`` (n-gram per occurrence, numbered in order of
    first occurrence); ``first[c]`` is the first position of n-gram ``c``.
    """

    n: int
    pos: np.ndarray
    code: np.ndarray
    first: np.ndarray

    @property
    def n_groups(self) -> int:
        return int(len(self.first))


@dataclass(frozen=True)
class Listed:
    """Maximal phrases: per phrase ``n`` and ``first`` position; per occurrence ``pos``,
    ``phrase`` (index into the phrase arrays) and ``independent`` (not inside a longer
    listed phrase)."""

    n: np.ndarray
    first: np.ndarray
    pos: np.ndarray
    phrase: np.ndarray
    independent: np.ndarray


def support(code: np.ndarray, k: int, units: np.ndarray | None) -> np.ndarray:
    """Per group: number of occurrences (``units`` None) or of distinct units."""
    if units is None:
        return np.bincount(code, minlength=k)
    if len(code) == 0:
        return np.zeros(k, dtype=np.int64)
    width = int(units.max()) + 1
    pairs = pd.unique(code.astype(np.int64) * width + units.astype(np.int64))
    return np.bincount(pairs // width, minlength=k)


def _passing(code: np.ndarray, pos: np.ndarray, k: int, supports: Sequence[Support]) -> np.ndarray:
    ok = np.ones(k, dtype=bool)
    for units, threshold in supports:
        if threshold <= 1 and units is None:
            continue
        ok &= support(code, k, None if units is None else units[pos]) >= threshold
    return ok


def _first_positions(code: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """First position of each code, for codes numbered in order of first appearance."""
    if not len(code):
        return np.zeros(0, dtype=np.int64)
    seen = np.maximum.accumulate(code)
    is_first = np.empty(len(code), dtype=bool)
    is_first[0] = True
    is_first[1:] = seen[1:] > seen[:-1]
    return pos[is_first].astype(np.int64)


def frequent_levels(stream: Stream, *, supports: Sequence[Support], max_length: int | None = None,
                    keep_from: int = 1) -> list[Level]:
    """Occurrences of every n-gram meeting all ``supports``, one :class:`Level` per length.

    Levels shorter than ``keep_from`` are computed (for pruning) but not returned. Stops at
    ``max_length`` or when no n-gram of the next length is frequent.
    """
    ids = stream.ids
    seg_end = stream.seg_end
    n_tok = len(ids)
    vocab_size = max(len(stream.vocab), 1)
    itype = index_type(n_tok)  # int32 positions and codes when they fit: half the memory
    pos = np.arange(n_tok, dtype=itype)
    code = ids.astype(itype, copy=False)
    k = vocab_size
    n = 1
    levels: list[Level] = []
    while len(pos):
        ok = _passing(code, pos, k, supports)
        keep = ok[code]
        pos = pos[keep]
        if not len(pos):
            break
        # renumber survivors, keeping first-appearance order
        code = (np.cumsum(ok) - 1).astype(itype)[code[keep]]
        k = int(ok.sum())
        if n >= keep_from:
            levels.append(Level(n, pos, code, _first_positions(code, pos)))
        if max_length is not None and n >= max_length:
            break
        alive = np.zeros(n_tok + 1, dtype=bool)
        alive[pos] = True
        grow = (pos + (n + 1) <= seg_end[pos]) & alive[np.minimum(pos + 1, n_tok)]
        pos, code = pos[grow], code[grow]
        codes, uniques = pd.factorize(code.astype(np.int64) * vocab_size + ids[pos + n])
        code = codes.astype(itype)
        del codes, uniques
        k = int(code.max()) + 1 if len(code) else 0
        n += 1
    return levels


def group_tokens(stream: Stream, level: Level) -> np.ndarray:
    """Token ids of each n-gram of ``level``, shape (n_groups, n)."""
    return stream.ids[level.first[:, None] + np.arange(level.n)]


def maximal_phrases(stream: Stream, levels: Sequence[Level], *, supports: Sequence[Support],
                    min_length: int, candidate: Callable[[Level], np.ndarray]) -> Listed:
    """Maximal recurring phrases from ``levels`` (see the module notes).

    ``candidate(level)`` says per group whether the n-gram may be listed at all (stop-word
    rule); ``supports`` are measured on independent occurrences.
    """
    n_tok = len(stream.ids)
    itype = index_type(n_tok)
    end_at = np.zeros(n_tok, dtype=itype)
    reach = np.zeros(n_tok, dtype=itype)
    parts = []
    offset = 0
    for lv in sorted(levels, key=lambda x: -x.n):
        if lv.n < min_length:
            continue
        pos = lv.pos
        code = lv.code
        k = lv.n_groups
        indep = reach[pos] < pos + lv.n
        ok = candidate(lv)
        for units, threshold in supports:
            ok &= support(code[indep], k, None if units is None else units[pos[indep]]) >= threshold
        if not ok.any():
            continue
        chosen = ok[code]
        lp = pos[chosen]
        end_at[lp] = np.maximum(end_at[lp], lp + lv.n)
        np.maximum.accumulate(end_at, out=reach)
        groups = np.flatnonzero(ok)
        new_index = np.full(k, -1, dtype=np.int64)
        new_index[groups] = np.arange(len(groups)) + offset
        parts.append((np.full(len(groups), lv.n, dtype=np.int64), lv.first[groups], lp.astype(np.int64),
                      new_index[code[chosen]], indep[chosen]))
        offset += len(groups)
    if not parts:
        e = np.zeros(0, dtype=np.int64)
        return Listed(e, e, e, e, np.zeros(0, dtype=bool))
    return Listed(*(np.concatenate([p[i] for p in parts]) for i in range(5)))
