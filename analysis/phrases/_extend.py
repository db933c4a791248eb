"""Frequent n-grams by extension with pruning, and maximal recurring phrases.

Both work on a :class:`~analysis.phrases._stream.Stream` of integer token ids, with no Python
loop over tokens (the inner loops are compiled, :mod:`analysis.phrases._kernels`), in time and
memory proportional to the number of surviving occurrences.

Extension (Apriori; Agrawal & Srikant 1994, as used for n-gram mining by e.g. Zhai et al.
2010): the occurrences of the frequent n-grams are a set of start positions, each with a
group code (which n-gram it is). An (n+1)-gram at ``p`` is counted only when its prefix
(the n-gram at ``p``) and its suffix (the n-gram at ``p + 1``) are frequent, and it stays
inside one sentence; its code is a hash factorization of (prefix code, next token id). Every
support measure used here (occurrences; distinct transcripts; distinct speakers) can only
shrink when a phrase grows, so pruning never loses a frequent n-gram.

Maximality: phrases are listed from the longest down. An occurrence ``[p, p + n)`` is
*contained* when an occurrence ``[q, e)`` of an already listed (longer) phrase has
``q <= p`` and ``e >= p + n``; with ``reach[p] = max{e : q <= p < e}`` (the largest end of a
listed occurrence covering ``p``, 0 if none) the test is ``reach[p] >= p + n``. A phrase is
listed when its *independent* (not contained) occurrences meet the support thresholds, so a
sub-phrase of a longer phrase is listed only when it also recurs on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._kernels import choose, distinct_units, extend, extend_tokens, first_positions, independent, keep
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
    return distinct_units(code, units, k)


def _passing(code: np.ndarray, pos: np.ndarray, counts: np.ndarray, supports: Sequence[Support]) -> np.ndarray:
    ok = counts > 0
    for units, threshold in supports:
        if units is None:
            ok &= counts >= threshold
        elif threshold > 1:
            ok &= support(code, len(counts), units[pos]) >= threshold
    return ok


def frequent_levels(stream: Stream, *, supports: Sequence[Support], max_length: int | None = None,
                    keep_from: int = 1, compiled: bool = True) -> list[Level]:
    """Occurrences of every n-gram meeting all ``supports``, one :class:`Level` per length.

    Levels shorter than ``keep_from`` are computed (for pruning) but not returned. Stops at
    ``max_length`` or when no n-gram of the next length is frequent. ``compiled=False`` runs
    the numpy formulation of the inner loops instead of the compiled one (same result; see
    :mod:`analysis.phrases._kernels`).
    """
    ids = stream.ids
    n_tok = len(ids)
    vocab_size = max(len(stream.vocab), 1)
    itype = index_type(n_tok)  # int32 positions and codes when they fit: half the memory
    counts = np.bincount(ids, minlength=vocab_size)
    # every support needs at least this many occurrences (distinct units are occurrences too)
    min_count = max([1, *(int(threshold) for _, threshold in supports)])
    levels: list[Level] = []
    if keep_from <= 1 or any(units is not None and threshold > 1 for units, threshold in supports):
        # level 1 as occurrences: returned, or needed for distinct-unit supports
        pos = np.arange(n_tok, dtype=itype)
        code = ids.astype(itype, copy=False)
        first = first_positions(code, pos, vocab_size, compiled=compiled)
        n = 1
    else:
        # frequent tokens only: bigram candidates straight from the token ids
        if max_length is not None and max_length <= 1:
            return levels
        ok = _passing(ids, None, counts, supports)
        pos, code, counts, first = extend_tokens(ids, ok, stream.seg_end, vocab_size, itype, min_count=min_count,
                                                 compiled=compiled)
        n = 2
    while len(pos):
        ok = _passing(code, pos, counts, supports)
        pos, code, first = keep(pos, code, ok, first, compiled=compiled)
        if not len(pos):
            break
        if n >= keep_from:
            levels.append(Level(n, pos, code, first))
        if max_length is not None and n >= max_length:
            break
        pos, code, counts, first = extend(pos, code, n, ids, stream.seg_end, vocab_size, min_count=min_count,
                                          compiled=compiled)
        n += 1
    return levels


def group_tokens(stream: Stream, level: Level) -> np.ndarray:
    """Token ids of each n-gram of ``level``, shape (n_groups, n)."""
    return stream.ids[level.first[:, None] + np.arange(level.n)]


def maximal_phrases(stream: Stream, levels: Sequence[Level], *, supports: Sequence[Support],
                    min_length: int, candidate: Callable[[Level], np.ndarray], compiled: bool = True,
                    consume: bool = False) -> Listed:
    """Maximal recurring phrases from ``levels`` (see the module notes).

    ``candidate(level)`` says per group whether the n-gram may be listed at all (stop-word
    rule); ``supports`` are measured on independent occurrences. With ``consume=True``
    ``levels`` (a list) is emptied and each level let go once its phrases are listed, so the
    occurrences of the longer n-grams are not held while the shorter ones are listed.
    """
    n_tok = len(stream.ids)
    itype = index_type(n_tok)
    reach = np.zeros(n_tok, dtype=itype)
    parts = []
    offset = 0
    order: list[Level | None] = sorted(levels, key=lambda x: -x.n)
    if consume:
        levels.clear()
    for i in range(len(order)):
        lv = order[i]
        if consume:
            order[i] = None
        if lv.n < min_length:
            continue
        pos = lv.pos
        code = lv.code
        k = lv.n_groups
        indep, indep_counts = independent(pos, code, lv.n, k, reach, compiled=compiled)
        ok = candidate(lv)
        for units, threshold in supports:
            if units is None:
                ok &= indep_counts >= threshold
            else:
                ok &= support(code[indep], k, units[pos[indep]]) >= threshold
        if not ok.any():
            continue
        groups = np.flatnonzero(ok)
        new_index = np.full(k, -1, dtype=np.int64)
        new_index[groups] = np.arange(len(groups)) + offset
        lp, phrase, flag = choose(pos, code, lv.n, ok, indep, new_index, reach, compiled=compiled)
        parts.append((np.full(len(groups), lv.n, dtype=np.int64), lv.first[groups], lp, phrase, flag))
        offset += len(groups)
    lv = pos = code = indep = reach = None  # the last level and the reach array, let go before the listing is joined
    if not parts:
        e = np.zeros(0, dtype=np.int64)
        return Listed(e, e, e, e, np.zeros(0, dtype=bool))
    return Listed(*(np.concatenate([p[i] for p in parts]) for i in range(5)))


def fixedness_shares(first: np.ndarray, n: np.ndarray, counts: np.ndarray, prior: float,
                     parts: Callable[[np.ndarray, int], tuple[np.ndarray, np.ndarray]]
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Per phrase (first position ``first``, length ``n``, occurrences ``counts``):
    ``f / (f(w2..wn) + prior)`` and ``f / (f(w1..wn-1) + prior)``, at most 1 (1 for a single
    word; 0 where the part is unseen). ``parts(first, m)`` gives the counts of the suffixes
    and of the prefixes of the ``m``-word phrases starting at ``first``."""
    first = np.asarray(first, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    left = np.ones(len(first))
    right = np.ones(len(first))
    for m in np.unique(n):
        if m < 2:
            continue
        at = np.flatnonzero(n == m)
        suffix, prefix = parts(first[at], int(m))
        left[at] = np.divide(counts[at], suffix + prior, out=np.zeros(len(at)), where=suffix > 0)
        right[at] = np.divide(counts[at], prefix + prior, out=np.zeros(len(at)), where=prefix > 0)
    return np.minimum(left, 1.0), np.minimum(right, 1.0)

class GramCounts:
    """Occurrence counts of the frequent n-grams of ``levels`` (and of every single token), looked
    up by the position of an occurrence: the counts the fixedness of a phrase needs."""

    def __init__(self, stream: Stream, levels: Sequence[Level]) -> None:
        self.stream = stream
        self.unigrams = np.bincount(stream.ids, minlength=max(len(stream.vocab), 1)).astype(np.int64)
        self.levels = {lv.n: lv for lv in levels}
        self._counts: dict[int, np.ndarray] = {}

    def at(self, pos: np.ndarray, n: int) -> np.ndarray:
        """Occurrences of the n-gram starting at each of ``pos`` (0 where it is not frequent)."""
        pos = np.asarray(pos, dtype=np.int64)
        if n == 1:
            return self.unigrams[self.stream.ids[pos]]
        lv = self.levels.get(n)
        if lv is None or not len(lv.pos):
            return np.zeros(len(pos), dtype=np.int64)
        if n not in self._counts:
            self._counts[n] = np.bincount(lv.code, minlength=lv.n_groups).astype(np.int64)
        at = np.minimum(np.searchsorted(lv.pos, pos), len(lv.pos) - 1)
        found = lv.pos[at] == pos
        return np.where(found, self._counts[n][lv.code[at]], 0)

    def fixedness(self, first: np.ndarray, n: np.ndarray, counts: np.ndarray, *,
                  prior: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
        """Per phrase (first position ``first``, length ``n``, occurrences ``counts``): how often
        the rest of the phrase comes with its first word, ``f / (f(w2..wn) + prior)``, and with
        its last, ``f / (f(w1..wn-1) + prior)`` (1 for a single word)."""
        return fixedness_shares(first, n, counts, prior,
                                lambda f, m: (self.at(f + 1, m - 1), self.at(f, m - 1)))

    def extension_share(self, lv: Level, allowed: np.ndarray | None = None) -> np.ndarray:
        """Per n-gram of ``lv``: the largest share of its occurrences that one frequent one-word
        extension (a word before it, or after it) holds, among the extensions with
        ``allowed[group]`` (all when None); 0 when there is none."""
        longer = self.levels.get(lv.n + 1)
        out = np.zeros(lv.n_groups)
        if longer is None or not len(longer.pos) or not lv.n_groups:
            return out
        counts = np.bincount(lv.code, minlength=lv.n_groups).astype(np.float64)
        ext = np.bincount(longer.code, minlength=longer.n_groups).astype(np.float64)
        if allowed is not None:
            ext = np.where(allowed, ext, 0.0)
        best = np.zeros(lv.n_groups)
        for shift in (0, 1):  # the n-gram as prefix (a word after it), as suffix (a word before it)
            where = longer.first + shift
            at = np.minimum(np.searchsorted(lv.pos, where), len(lv.pos) - 1)
            ok = lv.pos[at] == where
            np.maximum.at(best, lv.code[at[ok]], ext[ok])
        return np.divide(best, counts, out=out, where=counts > 0)
