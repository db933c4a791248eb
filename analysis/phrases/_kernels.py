"""Compiled inner loops of n-gram extension (numba), with the numpy formulation beside them.

Each level of :func:`analysis.phrases._extend.frequent_levels` does two things over the
occurrences of the frequent n-grams:

* :func:`extend`: every occurrence ``p`` whose (n+1)-gram stays inside its sentence and
  whose suffix (the n-gram at ``p + 1``) is frequent too becomes a candidate; the candidate's
  group is the pair (prefix group, next token id), numbered in order of first appearance.
* :func:`keep`: drop the occurrences of groups that miss the support thresholds and renumber
  the rest, keeping their order.

With numba installed (``requirements.txt``), each is one pass over the occurrences in
compiled code, with an open-addressing hash table (linear probing, Fibonacci hashing;
Knuth 1998, section 6.4; at most 2**32 groups per level) in place of
:func:`pandas.factorize`, and a count-min sketch (Cormode & Muthukrishnan 2005) in front of
it that drops most candidates which cannot reach the minimum count, so the table holds
little more than the frequent n-grams. The compiled code is cached on disk beside this
module. Without numba, the same results come from numpy and pandas (about
three times slower on large corpora); the test suite checks that both give identical arrays.

References
----------
Cormode, G. & Muthukrishnan, S. (2005). An improved data stream summary: the count-min
sketch and its applications. Journal of Algorithms, 55(1), 58-75.
Knuth, D. E. (1998). The Art of Computer Programming, vol. 3: Sorting and Searching, 2nd
ed., section 6.4 (multiplicative hashing, linear probing). Addison-Wesley.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

try:  # pragma: no cover - exercised by whichever environment runs the tests
    from numba import njit
except ImportError:  # pragma: no cover
    njit = None

__all__ = ["HAVE_NUMBA", "extend", "extend_tokens", "keep", "first_positions", "independent", "choose",
           "distinct_units", "by_first_occurrence"]

#: Whether the compiled kernels are available.
HAVE_NUMBA = njit is not None

_GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / golden ratio, odd


# --------------------------------------------------------------------------- numpy formulation
def _extend_numpy(pos: np.ndarray, code: np.ndarray, n: int, ids: np.ndarray, seg_end: np.ndarray,
                  vocab_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    n_tok = len(ids)
    alive = np.zeros(n_tok + 1, dtype=bool)
    alive[pos] = True
    grow = (pos + (n + 1) <= seg_end[pos]) & alive[np.minimum(pos + 1, n_tok)]
    pos, code = pos[grow], code[grow]
    codes, _ = pd.factorize(code.astype(np.int64) * vocab_size + ids[pos + n])
    k = int(codes.max()) + 1 if len(codes) else 0
    new_code = codes.astype(pos.dtype)
    return pos, new_code, np.bincount(new_code, minlength=k).astype(np.int64), _first_numpy(new_code, pos, k)


def _extend_tokens_numpy(ids: np.ndarray, ok: np.ndarray, seg_end: np.ndarray, vocab_size: int,
                         itype: type) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    pos = np.flatnonzero(ok[ids]).astype(itype)
    return _extend_numpy(pos, ids[pos].astype(itype), 1, ids, seg_end, vocab_size)


def _first_numpy(code: np.ndarray, pos: np.ndarray, k: int) -> np.ndarray:
    first = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, code, pos.astype(np.int64))
    return first


def _keep_numpy(pos: np.ndarray, code: np.ndarray, ok: np.ndarray,
                first: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sel = ok[code]
    remap = (np.cumsum(ok) - 1).astype(code.dtype)
    return pos[sel], remap[code[sel]], first[ok]


def _independent_numpy(pos: np.ndarray, code: np.ndarray, n: int, k: int,
                       reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    indep = reach[pos] < pos + n
    return indep, np.bincount(code[indep], minlength=k).astype(np.int64)


def _choose_numpy(pos: np.ndarray, code: np.ndarray, n: int, ok: np.ndarray, indep: np.ndarray,
                  new_index: np.ndarray, reach: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    chosen = ok[code]
    lp = pos[chosen]
    covered = (lp[:, None] + np.arange(n)).ravel()
    np.maximum.at(reach, covered, np.repeat(lp + n, n).astype(reach.dtype))
    return lp.astype(np.int64), new_index[code[chosen]], indep[chosen]


# --------------------------------------------------------------------------- compiled
if HAVE_NUMBA:  # pragma: no branch

    @njit(cache=True, nogil=True)
    def _rehash(table, bits):  # pragma: no cover - compiled
        """The entries of ``table`` (slot s: key at 2s, value at 2s + 1; empty: key -1) in a
        table of ``2**bits`` slots."""
        mask = (1 << bits) - 1
        shift = np.uint64(64 - bits)
        mult = np.uint64(_GOLDEN)
        out = np.full(2 << bits, -1, dtype=np.int64)
        for s in range(len(table) // 2):
            key = table[2 * s]
            if key >= 0:
                h = np.int64((np.uint64(key) * mult) >> shift)
                while out[2 * h] >= 0:
                    h = (h + 1) & mask
                out[2 * h] = key
                out[2 * h + 1] = table[2 * s + 1]
        return out

    @njit(cache=True, nogil=True)
    def _group(keys, out_pos, j, min_count):  # pragma: no cover - compiled
        """The first ``j`` candidates (``keys``, positions ``out_pos``) without most of those
        that cannot reach ``min_count`` (:func:`_prefilter`), each with its group, numbered in
        order of first appearance; the groups' counts and first positions:
        ``(out_pos, group, counts, first)``."""
        if min_count > 1:
            j = _prefilter(keys, out_pos, j, min_count)
        # the table's value packs the group (low 32 bits) and its count (high bits); the
        # table doubles at load factor 1/2
        bits = 16
        mask = (1 << bits) - 1
        shift = np.uint64(64 - bits)
        mult = np.uint64(_GOLDEN)
        table = np.full(2 << bits, -1, dtype=np.int64)
        one = np.int64(1) << 32
        low = one - 1
        out_code = np.empty(j, dtype=out_pos.dtype)
        k = 0
        for i in range(j):
            key = keys[i]
            h = np.int64((np.uint64(key) * mult) >> shift)
            while True:
                t = table[2 * h]
                if t == key:
                    v = table[2 * h + 1] + one
                    table[2 * h + 1] = v
                    out_code[i] = v & low
                    break
                if t < 0:
                    table[2 * h] = key
                    table[2 * h + 1] = one | k
                    out_code[i] = k
                    k += 1
                    if 2 * k > mask:
                        bits += 1
                        table = _rehash(table, bits)
                        mask = (1 << bits) - 1
                        shift = np.uint64(64 - bits)
                    break
                h = (h + 1) & mask
        counts = np.empty(k, dtype=np.int64)
        for s in range(mask + 1):
            if table[2 * s] >= 0:
                v = table[2 * s + 1]
                counts[v & low] = v >> 32
        # a group's first occurrence is where the running group number first reaches it
        first = np.empty(k, dtype=np.int64)
        nxt = 0
        for i in range(j):
            if out_code[i] == nxt:
                first[nxt] = out_pos[i]
                nxt += 1
        return out_pos[:j], out_code, counts, first

    @njit(cache=True, nogil=True)
    def _prefilter(keys, out_pos, j, min_count):  # pragma: no cover - compiled
        """Drop (in place) the keys that occur fewer than ``min_count`` times for certain, by
        a count-min sketch of two rows of 16-bit counters (Cormode & Muthukrishnan 2005): a
        sketch count is never below the true count, so no key that can reach ``min_count``
        is dropped. Returns the number of keys kept. The hash table then holds the few
        frequent keys and the sketch's false positives instead of every rare key."""
        bits = 10
        while bits < 21 and (1 << (bits + 3)) <= j:
            bits += 1
        size = 1 << bits
        row1 = np.zeros(size, dtype=np.uint16)
        row2 = np.zeros(size, dtype=np.uint16)
        mult = np.uint64(_GOLDEN)
        shift = np.uint64(64 - bits)
        mask = np.uint64(size - 1)
        for i in range(j):
            h = np.uint64(keys[i]) * mult
            a = np.int64(h >> shift)
            b = np.int64(h & mask)
            if row1[a] < 65535:
                row1[a] += 1
            if row2[b] < 65535:
                row2[b] += 1
        w = 0
        for i in range(j):
            h = np.uint64(keys[i]) * mult
            if row1[np.int64(h >> shift)] >= min_count and row2[np.int64(h & mask)] >= min_count:
                keys[w] = keys[i]
                out_pos[w] = out_pos[i]
                w += 1
        return w

    @njit(cache=True, nogil=True)
    def _extend_numba(pos, code, n, ids, seg_end, vocab_size, min_count):  # pragma: no cover - compiled
        # candidates: (n+1)-gram inside its sentence, suffix n-gram frequent (p + 1 in pos)
        m = len(pos)
        out_pos = np.empty(m, dtype=pos.dtype)
        keys = np.empty(m, dtype=np.int64)
        j = 0
        for i in range(m):
            p = pos[i]
            if p + n + 1 > seg_end[p] or i + 1 >= m or pos[i + 1] != p + 1:
                continue
            keys[j] = np.int64(code[i]) * vocab_size + ids[p + n]
            out_pos[j] = p
            j += 1
        return _group(keys, out_pos, j, min_count)

    @njit(cache=True, nogil=True)
    def _extend_tokens_numba(ids, ok, seg_end, vocab_size, itype_probe, min_count):  # pragma: no cover
        # bigrams of two frequent tokens inside one sentence, straight from the token ids
        m = len(ids)
        out_pos = np.empty(max(m - 1, 0), dtype=itype_probe.dtype)
        keys = np.empty(max(m - 1, 0), dtype=np.int64)
        j = 0
        for p in range(m - 1):
            a = ids[p]
            b = ids[p + 1]
            if ok[a] and ok[b] and p + 2 <= seg_end[p]:
                keys[j] = np.int64(a) * vocab_size + b
                out_pos[j] = p
                j += 1
        return _group(keys, out_pos, j, min_count)

    @njit(cache=True, nogil=True)
    def _keep_numba(pos, code, ok, first):  # pragma: no cover - compiled
        k = len(ok)
        remap = np.empty(k, dtype=np.int64)
        r = 0
        for c in range(k):
            if ok[c]:
                remap[c] = r
                r += 1
            else:
                remap[c] = -1
        new_first = np.empty(r, dtype=np.int64)
        for c in range(k):
            if ok[c]:
                new_first[remap[c]] = first[c]
        m = len(pos)
        out_pos = np.empty(m, dtype=pos.dtype)
        out_code = np.empty(m, dtype=code.dtype)
        j = 0
        for i in range(m):
            c = remap[code[i]]
            if c >= 0:
                out_pos[j] = pos[i]
                out_code[j] = c
                j += 1
        if 2 * j < m:  # give back the unused memory
            return out_pos[:j].copy(), out_code[:j].copy(), new_first
        return out_pos[:j], out_code[:j], new_first

    @njit(cache=True, nogil=True)
    def _independent_numba(pos, code, n, k, reach):  # pragma: no cover - compiled
        indep = np.empty(len(pos), dtype=np.bool_)
        counts = np.zeros(k, dtype=np.int64)
        for i in range(len(pos)):
            p = pos[i]
            f = reach[p] < p + n
            indep[i] = f
            if f:
                counts[code[i]] += 1
        return indep, counts

    @njit(cache=True, nogil=True)
    def _choose_numba(pos, code, n, ok, indep, new_index, reach):  # pragma: no cover - compiled
        m = 0
        for i in range(len(pos)):
            if ok[code[i]]:
                m += 1
        lp = np.empty(m, dtype=np.int64)
        phrase = np.empty(m, dtype=np.int64)
        flag = np.empty(m, dtype=np.bool_)
        j = 0
        for i in range(len(pos)):
            c = code[i]
            if ok[c]:
                p = pos[i]
                lp[j] = p
                phrase[j] = new_index[c]
                flag[j] = indep[i]
                e = p + n  # only positions inside [p, e) can be inside this occurrence
                for q in range(p, e):
                    if reach[q] < e:
                        reach[q] = e
                j += 1
        return lp, phrase, flag

    @njit(cache=True, nogil=True)
    def _first_numba(code, pos, k):  # pragma: no cover - compiled
        first = np.full(k, np.iinfo(np.int64).max, dtype=np.int64)
        for i in range(len(code)):
            c = code[i]
            if pos[i] < first[c]:
                first[c] = pos[i]
        return first

    @njit(cache=True, nogil=True)
    def _distinct_numba(code, units, k):  # pragma: no cover - compiled
        last = np.full(k, -1, dtype=np.int64)
        out = np.zeros(k, dtype=np.int64)
        for i in range(len(code)):
            c = code[i]
            u = units[i]
            if u != last[c]:
                if u < last[c]:
                    return out, False
                last[c] = u
                out[c] += 1
        return out, True


if HAVE_NUMBA:
    @njit(cache=True, nogil=True)
    def _by_first_numba(codes, k):  # pragma: no cover - compiled
        number = np.full(k, -1, dtype=np.int64)
        order = np.empty(k, dtype=np.int64)
        out = np.empty(len(codes), dtype=np.int32)
        m = 0
        for i in range(len(codes)):
            c = codes[i]
            r = number[c]
            if r < 0:
                r = m
                number[c] = m
                order[m] = c
                m += 1
            out[i] = r
        return out, order[:m]


def by_first_occurrence(codes: np.ndarray, k: int, *, compiled: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """``codes`` (integers in ``0..k-1``) numbered again by first occurrence: int32 codes and,
    per new code, the old one (:func:`pandas.factorize` of ``codes`` without sorting, in one
    pass with no hashing and no int64 copy)."""
    if compiled and HAVE_NUMBA and k < 2**31 and len(codes):
        return _by_first_numba(np.ascontiguousarray(codes), k)
    new, old = pd.factorize(codes, sort=False) if len(codes) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    return new.astype(np.int32 if k < 2**31 else np.int64), np.asarray(old, dtype=np.int64)


def _distinct_numpy(code: np.ndarray, units: np.ndarray, k: int) -> np.ndarray:
    if len(code) == 0:
        return np.zeros(k, dtype=np.int64)
    width = int(units.max()) + 1
    pairs = pd.unique(code.astype(np.int64) * width + units.astype(np.int64))
    return np.bincount(pairs // width, minlength=k).astype(np.int64)


def distinct_units(code: np.ndarray, units: np.ndarray, k: int, *, compiled: bool = True) -> np.ndarray:
    """Per group ``0..k-1``: the number of distinct non-negative ``units`` among its occurrences.

    One pass, no hashing, when every group meets its units in non-decreasing order (the
    occurrences of a phrase in stream order, and transcripts laid end to end in the stream);
    otherwise (found during the pass) the pairs are hashed (:func:`pandas.unique`).
    """
    if compiled and HAVE_NUMBA and len(code):
        out, ordered = _distinct_numba(np.ascontiguousarray(code), np.ascontiguousarray(units), k)
        if ordered:
            return out
    return _distinct_numpy(code, units, k)


def extend(pos: np.ndarray, code: np.ndarray, n: int, ids: np.ndarray, seg_end: np.ndarray, vocab_size: int, *,
           min_count: int = 1, compiled: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate (n+1)-grams from the occurrences of the frequent n-grams.

    Parameters
    ----------
    pos, code : numpy.ndarray
        Sorted start positions of the frequent n-grams and their group per occurrence.
    n : int
        Their length.
    ids, seg_end : numpy.ndarray
        Token id and sentence end per stream position.
    vocab_size : int
        Number of token ids.
    min_count : int, default=1
        The compiled kernel may leave out candidates that occur fewer times than this (a
        count-min sketch finds most of them; the caller drops the rest by their counts).
    compiled : bool, default=True
        Use the compiled kernel when numba is installed (False: the numpy formulation).

    Returns
    -------
    tuple of numpy.ndarray
        ``(pos, code, counts, first)``: the candidates' positions (sorted) and groups
        (numbered in order of first appearance), each group's number of occurrences, and its
        first position.
    """
    if compiled and HAVE_NUMBA:
        return _extend_numba(pos, code, n, ids, seg_end, vocab_size, min_count)
    return _extend_numpy(pos, code, n, ids, seg_end, vocab_size)


def extend_tokens(ids: np.ndarray, ok: np.ndarray, seg_end: np.ndarray, vocab_size: int, itype: type, *,
                  min_count: int = 1, compiled: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Candidate bigrams straight from the tokens: :func:`extend` of the frequent tokens
    (``ok[token id]``) without materializing their occurrences; positions of type ``itype``."""
    if compiled and HAVE_NUMBA:
        return _extend_tokens_numba(ids, ok, seg_end, vocab_size, np.zeros(1, dtype=itype), min_count)
    return _extend_tokens_numpy(ids, ok, seg_end, vocab_size, itype)


def keep(pos: np.ndarray, code: np.ndarray, ok: np.ndarray, first: np.ndarray, *,
         compiled: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The occurrences of the groups with ``ok[group]``, groups renumbered in the same order.

    Returns ``(pos, code, first)`` with ``first`` the kept groups' first positions.
    """
    if compiled and HAVE_NUMBA:
        return _keep_numba(pos, code, ok, first)
    return _keep_numpy(pos, code, ok, first)


def first_positions(code: np.ndarray, pos: np.ndarray, k: int, *, compiled: bool = True) -> np.ndarray:
    """First (smallest) position of each of the ``k`` groups (int64 max for an absent group)."""
    if compiled and HAVE_NUMBA:
        return _first_numba(code, pos, k)
    return _first_numpy(code, pos, k)


def independent(pos: np.ndarray, code: np.ndarray, n: int, k: int, reach: np.ndarray, *,
                compiled: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Which occurrences ``[p, p + n)`` lie inside no listed longer one (``reach[p] < p + n``,
    ``reach[p]`` the largest end of a listed occurrence covering ``p``), and the number of
    those per group."""
    if compiled and HAVE_NUMBA:
        return _independent_numba(pos, code, n, k, reach)
    return _independent_numpy(pos, code, n, k, reach)


def choose(pos: np.ndarray, code: np.ndarray, n: int, ok: np.ndarray, indep: np.ndarray, new_index: np.ndarray,
           reach: np.ndarray, *, compiled: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """List the occurrences of the groups with ``ok[group]``: returns their positions, phrase
    numbers (``new_index[group]``) and independence flags, and raises ``reach`` (in place)
    to each occurrence's end over the positions it covers: work proportional to the listed
    occurrences, not to the stream."""
    if compiled and HAVE_NUMBA:
        return _choose_numba(pos, code, n, ok, indep, new_index, reach)
    return _choose_numpy(pos, code, n, ok, indep, new_index, reach)
