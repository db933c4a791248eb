"""Lexical diversity per turn or group: TTR, MATTR and MTLD by default, and every measure of
quanteda's ``textstat_lexdiv``, LexicalRichness and lexical_diversity on request.

Notation: a text is a sequence of N word tokens (lower-cased, punctuation removed, from
:func:`analysis.text.tokenize_texts`: numbers and hyphenated words are words, clitics are
not); V is the number of distinct types, f_t the frequency of type t, M2 = sum_t f_t^2;
V(i, j) is the number of distinct types among tokens i..j-1; log is to ``log_base`` (e).

================  ==================================================  ===============================
measure           formula                                             reference
================  ==================================================  ===============================
``ttr``           V / N                                               Templin (1957)
``herdan_c``      log V / log N                                       Herdan (1960)
``guiraud_r``     V / sqrt(N)                                         Guiraud (1954)
``cttr``          V / sqrt(2 N)                                       Carroll (1964)
``dugast_u``      (log N)^2 / (log N - log V)                         Dugast (1978)
``summer_s``      log(log V) / log(log N)                             Somers (1966)
``maas``          (log N - log V) / (log N)^2  (Maas's a^2)           Maas (1972)
``yule_k``        10^4 (M2 - N) / N^2                                 Yule (1944)
``yule_i``        V^2 / (M2 - V)                                      Yule (1944)
``simpson_d``     sum_t f_t (f_t - 1) / (N (N - 1))                   Simpson (1949)
``herdan_vm``     sqrt(M2 / N^2 - 1 / V)                              Herdan (1955)
``msttr``         mean TTR of consecutive segments of ``segment``     Johnson (1944)
``mattr``         mean TTR of every window of ``window`` tokens       Covington & McFall (2010)
``mtld``          N / factors, forward and backward averaged          McCarthy & Jarvis (2010)
``mtld_ma_bi``    mean factor length from every start, both ways      McCarthy & Jarvis (2010)
``hdd``           sum_t P(t drawn in ``draws`` tokens) / draws        McCarthy & Jarvis (2007)
================  ==================================================  ===============================

* MATTR (Covington & McFall 2010): ``MATTR = sum_s V(s, s+w) / (w (N - w + 1))``, computed
  in O(N) without sliding: a token at position j whose previous occurrence is at p(j) is new
  in exactly the windows starting in ``(max(p(j), j - w), min(j, N - w)]``. Texts shorter
  than ``w`` get their TTR.
* MTLD (McCarthy & Jarvis 2010): reading forward, a *factor* ends each time the running
  TTR falls to ``threshold`` (0.72) or below; the leftover segment counts as the partial
  factor ``(1 - TTR) / (1 - threshold)``; MTLD = N / factors, averaged over a forward and
  a backward pass. NaN when there are no factors (a short text of distinct words).
* MTLD-MA-Bi (moving-average, bidirectional; McCarthy & Jarvis 2010, as Kyle's
  ``lexical_diversity.mtld_ma_bid`` computes it): from every token, read on until the TTR of
  the segment falls below ``threshold`` with at least ``min_factor`` tokens read; the mean
  length of these factors (starts that reach the end without one are left out), forward and
  backward averaged. NaN when a direction has no factor.
* MSTTR: segments of ``segment`` tokens from the start, the remainder left out; a text
  shorter than one segment gets its TTR (as lexical_diversity; quanteda shrinks the segment).
* HD-D: the probability that type t occurs at least once in ``draws`` tokens drawn without
  replacement, ``1 - C(N - f_t, draws) / C(N, draws)``, summed over types and divided by
  ``draws`` (the TTR-like scale of LexicalRichness and lexical_diversity). NaN when N < draws.

Undefined values (no tokens; a logarithm of 0 or 1 in a denominator; N = V for Dugast's U;
no repeated type for Yule's I) are NaN. Conventions where peers differ (``docs/measures.md``):
the logarithm's base (quanteda and lexical_diversity use 10, LexicalRichness and Wordless e:
``log_base=10`` gives quanteda's values; Herdan's C does not depend on it); Maas's index is
reported as a^2 as LexicalRichness, lexical_diversity and Wordless do (quanteda reports a, the
square root, with base 10); Yule's I is V^2 / (M2 - V) as quanteda and LexicalRichness define
it (Wordless's "Yule's index of diversity" is N^2 / (M2 - N) = 10^4 / K); quanteda returns 0
for Yule's I without repeated types, here NaN. What a word is differs too (quanteda and
LexicalRichness drop numbers; LexicalRichness also joins hyphenated words): pass your own
token lists to the functions below to follow another convention.

A group's measures are computed on its turns' tokens concatenated in turn order.

References
----------
Carroll, J. B. (1964). Language and Thought. Englewood Cliffs: Prentice-Hall.
Covington, M. A. & McFall, J. D. (2010). Cutting the Gordian knot: The moving-average
type-token ratio (MATTR). Journal of Quantitative Linguistics, 17(2), 94-100.
Dugast, D. (1978). Sur quoi se fonde la notion d'etendue theorique du vocabulaire? Le
Francais Moderne, 46, 25-32.
Guiraud, P. (1954). Les caracteres statistiques du vocabulaire. Paris: Presses
Universitaires de France.
Herdan, G. (1955). A new derivation and interpretation of Yule's characteristic K.
Zeitschrift fur angewandte Mathematik und Physik, 6, 332-334.
Herdan, G. (1960). Type-Token Mathematics. The Hague: Mouton.
Johnson, W. (1944). Studies in language behavior I: A program of research. Psychological
Monographs, 56(2), 1-15.
Maas, H.-D. (1972). Uber den Zusammenhang zwischen Wortschatzumfang und Lange eines
Textes. Zeitschrift fur Literaturwissenschaft und Linguistik, 2(8), 73-96.
McCarthy, P. M. & Jarvis, S. (2007). vocd: A theoretical and empirical evaluation.
Language Testing, 24(4), 459-488.
McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
sophisticated approaches to lexical diversity assessment. Behavior Research Methods,
42(2), 381-392.
Simpson, E. H. (1949). Measurement of diversity. Nature, 163, 688.
Somers, H. H. (1966). Statistical methods in literary analysis. In J. Leed (ed.), The
Computer and Literary Style, 128-140. Kent State University Press.
Templin, M. C. (1957). Certain Language Skills in Children. University of Minnesota Press.
Tweedie, F. J. & Baayen, R. H. (1998). How variable may a constant be? Measures of lexical
richness in perspective. Computers and the Humanities, 32(5), 323-352.
Yule, G. U. (1944). The Statistical Study of Literary Vocabulary. Cambridge University Press.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import numpy as np
import pandas as pd

from .._validation import check_interval
from ..scale._engine import n_workers
from ..tokens import gather_texts
from ..types import GroupBy, TurnsLike
from ._common import TURN_KEYS, by_list, cached_by_content, held_by_content, same_texts, turn_frame, word_table_of

try:  # pragma: no cover - exercised by whichever environment runs the tests
    from numba import njit

    _jit = njit(cache=True, nogil=True)
except ImportError:  # pragma: no cover - the same loops run as plain Python, slowly
    def _jit(f):
        return f

__all__ = ["ttr", "herdan_c", "guiraud_r", "cttr", "dugast_u", "summer_s", "maas", "yule_k", "yule_i",
           "simpson_d", "herdan_vm", "msttr", "mattr", "mtld", "mtld_ma_bi", "hdd", "DIVERSITY_MEASURES",
           "lexical_diversity", "rhetoric_scores"]

DIVERSITY_COLUMNS = ("n_tokens", "n_types", "ttr", "mattr", "mtld")
#: Every lexical-diversity measure, in the order ``measures="all"`` gives them.
DIVERSITY_MEASURES = ("ttr", "herdan_c", "guiraud_r", "cttr", "dugast_u", "summer_s", "maas", "yule_k", "yule_i",
                      "simpson_d", "herdan_vm", "msttr", "mattr", "mtld", "mtld_ma_bi", "hdd")
#: Other names of the same measures (quanteda's, LexicalRichness's, lexical_diversity's), any case.
_ALIASES = {"c": "herdan_c", "herdan": "herdan_c", "log_ttr": "herdan_c", "logttr": "herdan_c",
            "r": "guiraud_r", "rttr": "guiraud_r", "root_ttr": "guiraud_r",
            "u": "dugast_u", "dugast": "dugast_u", "s": "summer_s", "summer": "summer_s", "somers": "summer_s",
            "maas_ttr": "maas", "k": "yule_k", "yulek": "yule_k", "i": "yule_i", "yulei": "yule_i",
            "d": "simpson_d", "simpsond": "simpson_d", "vm": "herdan_vm", "herdanvm": "herdan_vm",
            "mtld_ma_bid": "mtld_ma_bi", "hd-d": "hdd"}
_SPECTRUM = {"ttr", "herdan_c", "guiraud_r", "cttr", "dugast_u", "summer_s", "maas", "yule_k", "yule_i",
             "simpson_d", "herdan_vm", "hdd"}


def _codes(tokens: Sequence[str]) -> np.ndarray:
    """Integer codes of ``tokens``, numbered by first occurrence."""
    if not len(tokens):
        return np.zeros(0, dtype=np.int64)
    return pd.factorize(np.asarray(tokens, dtype=object), sort=False)[0].astype(np.int64)


def _previous(codes: np.ndarray) -> np.ndarray:
    """Position of the previous occurrence of each code (-1 for a first occurrence)."""
    order = np.argsort(codes, kind="stable")
    ranked = codes[order]
    prev_ranked = np.full(len(codes), -1, dtype=np.int64)
    same = ranked[1:] == ranked[:-1]
    prev_ranked[1:][same] = order[:-1][same]
    prev = np.empty(len(codes), dtype=np.int64)
    prev[order] = prev_ranked
    return prev


def mattr(tokens: Sequence[str], *, window: int = 50) -> float:
    """Moving-average type-token ratio of ``tokens`` (see module notes).

    Parameters
    ----------
    tokens : sequence of str
    window : int, default=50
        Window length ``w`` in tokens (Covington & McFall used 500 for long texts; 50 suits
        press-conference turns, cf. Zenker & Kyle 2021).

    Returns
    -------
    float
        NaN for no tokens; the TTR when there are fewer than ``window`` tokens.

    References
    ----------
    Covington, M. A. & McFall, J. D. (2010). Cutting the Gordian knot: The moving-average
    type-token ratio (MATTR). Journal of Quantitative Linguistics, 17(2), 94-100.

    Examples
    --------
    >>> mattr("a b a c".split(), window=2)  # windows ab, ba, ac
    1.0
    >>> mattr("a a a b".split(), window=2)  # windows aa, aa, ab
    0.6666666666666666
    """
    check_interval("window", window, low=1, integer=True, caller="mattr")
    if len(tokens) == 0:
        return float("nan")
    return _mattr_codes(_codes(tokens), window)


def _mattr_codes(codes: np.ndarray, window: int) -> float:
    """:func:`mattr` of a non-empty array of token codes."""
    n = len(codes)
    if n < window:
        return len(np.unique(codes)) / n
    prev = _previous(codes)
    j = np.arange(n)
    lo = np.maximum(prev, j - window)  # exclusive
    hi = np.minimum(j, n - window)  # inclusive
    contrib = np.clip(hi - lo, 0, None)
    return float(contrib.sum() / (window * (n - window + 1)))


def _mtld_pass(codes: np.ndarray, threshold: float) -> float:
    factors = 0.0
    # seen[c] == factor: code c already occurred in the current factor (no set to rebuild)
    seen = [0] * (int(codes.max()) + 1 if len(codes) else 0)
    factor = 1
    count = distinct = 0
    ttr = 1.0
    for c in codes.tolist():
        count += 1
        if seen[c] != factor:
            seen[c] = factor
            distinct += 1
        ttr = distinct / count
        if ttr <= threshold:
            factors += 1.0
            factor += 1
            count = distinct = 0
            ttr = 1.0
    if count:
        factors += (1.0 - ttr) / (1.0 - threshold)
    return factors


def mtld(tokens: Sequence[str], *, threshold: float = 0.72) -> float:
    """Measure of textual lexical diversity of ``tokens`` (see module notes).

    Parameters
    ----------
    tokens : sequence of str
    threshold : float, default=0.72
        TTR at which a factor ends (McCarthy & Jarvis's value).

    Returns
    -------
    float
        Mean of the forward and backward MTLD; NaN if either pass has no factor.

    References
    ----------
    McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
    sophisticated approaches to lexical diversity assessment. Behavior Research Methods,
    42(2), 381-392.

    Examples
    --------
    >>> mtld("a b a b a b".split())  # factor after 'a b a' (TTR 0.67) and 'b a b'
    3.0
    """
    check_interval("threshold", threshold, low=0, high=1, closed="neither", caller="mtld")
    if len(tokens) == 0:
        return float("nan")
    return _mtld_codes(_codes(tokens), threshold)


def _mtld_codes(codes: np.ndarray, threshold: float) -> float:
    """:func:`mtld` of a non-empty array of token codes numbered from 0 (no gaps)."""
    n = len(codes)
    fwd = _mtld_pass(codes, threshold)
    bwd = _mtld_pass(codes[::-1], threshold)
    if fwd == 0 or bwd == 0:
        return float("nan")
    return float((n / fwd + n / bwd) / 2)


def _row(codes: np.ndarray, window: int, threshold: float) -> tuple:
    """``n_tokens``, ``n_types``, TTR, MATTR, MTLD of a stream of token codes (any integers)."""
    n = len(codes)
    if n == 0:
        return (0, 0, float("nan"), float("nan"), float("nan"))
    codes = pd.factorize(codes, sort=False)[0].astype(np.int64)  # 0, 1, 2... by first occurrence
    types = int(codes.max()) + 1
    return (n, types, types / n, _mattr_codes(codes, window), _mtld_codes(codes, threshold))


# --------------------------------------------------------------------------- kernels (numba when installed)
#: Frequencies below this have their HD-D term kept per stream by :func:`_spectrum_kernel`.
_HDD_MEMO = 4096


@_jit
def _spectrum_kernel(codes, offsets, n_types, draws):  # pragma: no cover - compiled
    """Per stream ``[offsets[s], offsets[s+1])``: V, M2 = sum f^2, and HD-D (NaN when N < draws;
    not computed, NaN, when ``draws`` is 0).

    A stream's HD-D term of a type depends on its frequency ``f`` only: it is computed once per
    stream and frequency below :data:`_HDD_MEMO` (the same operations, so the same value) and
    summed in the order of the types as before."""
    n_streams = len(offsets) - 1
    v = np.zeros(n_streams, np.int64)
    m2 = np.zeros(n_streams, np.float64)
    hd = np.full(n_streams, np.nan)
    counts = np.zeros(n_types, np.int64)
    touched = np.empty(n_types, np.int64)
    memo = np.empty(_HDD_MEMO, np.float64)  # the term of frequency f in this stream, when memo_of[f] == s + 1
    memo_of = np.zeros(_HDD_MEMO, np.int64)
    for s in range(n_streams):
        a, b = offsets[s], offsets[s + 1]
        n = b - a
        k = 0
        for i in range(a, b):
            c = codes[i]
            if counts[c] == 0:
                touched[k] = c
                k += 1
            counts[c] += 1
        sq = 0.0
        h = 0.0
        full = draws > 0 and n >= draws and n > 0
        log_all = math.lgamma(n + 1.0) - math.lgamma(n - draws + 1.0) if full else 0.0
        for j in range(k):
            f = counts[touched[j]]
            sq += f * f
            if full:
                if f < _HDD_MEMO and memo_of[f] == s + 1:
                    term = memo[f]
                else:
                    p0 = 0.0
                    if n - f >= draws:
                        p0 = math.exp(math.lgamma(n - f + 1.0) - math.lgamma(n - f - draws + 1.0) - log_all)
                    term = (1.0 - p0) / draws
                    if f < _HDD_MEMO:
                        memo[f] = term
                        memo_of[f] = s + 1
                h += term
            counts[touched[j]] = 0
        v[s] = k
        m2[s] = sq
        if full:
            hd[s] = h
    return v, m2, hd


@_jit
def _distinct(codes, lo, hi, seen, stamp):  # pragma: no cover - compiled
    """The number of distinct codes in ``codes[lo:hi]``; each is marked ``stamp`` in ``seen``."""
    d = 0
    for i in range(lo, hi):
        if seen[codes[i]] != stamp:
            seen[codes[i]] = stamp
            d += 1
    return d


@_jit
def _msttr_kernel(codes, offsets, segment, n_types):  # pragma: no cover - compiled
    """Per stream: the mean TTR of its consecutive full segments (its TTR when it has none)."""
    n_streams = len(offsets) - 1
    out = np.full(n_streams, np.nan)
    seen = np.full(n_types, -1, np.int64)
    stamp = 0
    for s in range(n_streams):
        a, b = offsets[s], offsets[s + 1]
        n = b - a
        if n == 0:
            continue
        n_seg = n // segment
        if n_seg == 0:
            stamp += 1
            out[s] = _distinct(codes, a, b, seen, stamp) / n
            continue
        total = 0.0
        for g in range(n_seg):
            stamp += 1
            total += _distinct(codes, a + g * segment, a + (g + 1) * segment, seen, stamp) / segment
        out[s] = total / n_seg
    return out


@_jit
def _lower_and_find(v, limit, x, lo, b):  # pragma: no cover - compiled
    """Subtract one from ``v[lo:b]`` (the types of the segments ``x..y``, ``y`` in ``[lo, b)``)
    and return the first ``y`` of that range with ``v[y] < limit[y - x + 1]`` (-1 for none).

    One pass without an early exit: the first end is the minimum of ``i`` over the ends and
    the size over the others, so the loop runs on vectors of int32 (no token-by-token branch)."""
    vv = v[lo:b]
    ll = limit[lo - x + 1:b - x + 1]
    size = np.int32(b - lo)
    first = size
    for i in range(size):
        t = vv[i] - np.int32(1)
        vv[i] = t
        first = min(first, np.int32(i) if t < ll[i] else size)
    return lo + first if first < size else -1


@_jit
def _ma_direction(prev, nxt, n, limit, min_factor):  # pragma: no cover - compiled
    """The summed length and the number of the factors started at every token of one stream,
    reading forward (``prev[j]``, ``nxt[j]``: the previous and next occurrence of token ``j``'s
    type, -1 and ``n`` for none). Returns ``(total, n_factors)``.

    The factor from ``x`` ends at the first ``y >= lo = x + min_factor - 1`` with
    ``V(x, y) < limit[y - x + 1]``, where ``V(x, y)`` is the number of types among tokens
    ``x..y``. The values ``V(x, y)`` are kept in ``v[y]`` for ``y`` in ``[lo, m)``, ``m - 1`` the
    last factor end (or the last token read). Going from start ``x - 1`` (factor end ``e``) to
    ``x``, ``V(x, y) = V(x - 1, y) - 1`` for ``y < r = nxt[x - 1]`` and ``V(x, y) = V(x - 1, y)``
    from ``r`` on, while the limit of the one token shorter segment is at most the same: so no
    ``y`` in ``[r, e)`` ends the factor from ``x``. Each start subtracts one from ``v[lo:min(r, m)]``
    and looks there for the first end (:func:`_lower_and_find`), then at ``e``, then reads on
    from ``m`` token by token (a token whose previous occurrence is before ``x`` adds a type);
    when ``x - 1`` had no factor and none ends before ``r``, ``x`` has none either. ``V(x, lo - 1)``
    is carried from start to start (a window of ``min_factor - 1`` tokens) to read on from
    ``lo``. The ends and lengths are those of reading every start to its end, exactly (integers).
    """
    v = np.empty(n, np.int32)
    total = 0
    n_factors = 0
    e = n  # the previous start's factor end (n: none, or no previous start)
    m = 0  # v[y] == V(x, y) for y in [lo, m)
    w = 0  # V(x, lo - 1)
    for j in range(min(min_factor - 1, n)):
        w += prev[j] < 0
    for x in range(n):
        lo = x + min_factor - 1
        if lo >= n:  # no start from here on has min_factor tokens
            break
        y = -1
        if x > 0:
            w += (nxt[x - 1] <= lo - 2) + (prev[lo - 1] < x) - 1  # slide the window [x, lo - 1] on
            r = nxt[x - 1]
            b = r if r < m else m
            if b > lo:
                y = _lower_and_find(v, limit, x, lo, b)
            if y < 0 and lo <= e and e < n and r <= e and v[e] < limit[e - x + 1]:
                y = e
            if y < 0 and e >= n:  # the previous start had no factor, and none ends before r
                continue
        if y < 0:  # read on from m (or from lo)
            k = lo
            d = w
            if m > lo:
                k = m
                d = v[m - 1]
            while k < n:
                d += prev[k] < x
                v[k] = d
                if d < limit[k - x + 1]:
                    y = k
                    break
                k += 1
            if y < 0:
                e = m = n
                continue
        total += y - x + 1
        n_factors += 1
        e = y
        m = y + 1
    return total, n_factors


@_jit
def _mtld_ma_kernel(codes, offsets, limit, min_factor, n_types, chunks, longest):  # pragma: no cover - compiled
    """Per stream: the mean length of the factors started at every token, forward and backward.

    A segment of ``length`` tokens with ``d`` types ends a factor when ``length >= min_factor``
    and ``d < limit[length]`` (``limit[length]``: the fewest types with ``d / length >= threshold``,
    so the test is exactly ``d / length < threshold``). Each direction is read by
    :func:`_ma_direction` from the previous and next occurrence of every token (backward: those
    of the reversed stream); ``longest``: the longest stream. Streams ``chunks[k]..chunks[k+1]``
    are read with one set of arrays per chunk; the streams of no chunk stay NaN.
    """
    n_streams = len(offsets) - 1
    fwd = np.full(n_streams, np.nan)
    bwd = np.full(n_streams, np.nan)
    limit = limit.astype(np.int32)  # compared with int32 type counts, eight at a time
    for k in range(len(chunks) - 1):
        last = np.full(n_types, -1, np.int64)
        prev = np.empty(longest, np.int32)
        nxt = np.empty(longest, np.int32)
        rprev = np.empty(longest, np.int32)
        rnxt = np.empty(longest, np.int32)
        for s in range(chunks[k], chunks[k + 1]):
            a, b = offsets[s], offsets[s + 1]
            n = b - a
            for i in range(n):  # previous occurrence in the stream (-1: none)
                c = codes[a + i]
                prev[i] = last[c]
                last[c] = i
            for i in range(n):
                last[codes[a + i]] = -1
            for i in range(n - 1, -1, -1):  # next occurrence in the stream (n: none)
                c = codes[a + i]
                nxt[i] = last[c] if last[c] >= 0 else n
                last[c] = i
            for i in range(n):
                last[codes[a + i]] = -1
            for i in range(n):  # the same of the reversed stream
                j = n - 1 - i
                rprev[i] = n - 1 - nxt[j] if nxt[j] < n else -1
                rnxt[i] = n - 1 - prev[j] if prev[j] >= 0 else n
            total, n_factors = _ma_direction(prev, nxt, n, limit, min_factor)
            if n_factors:
                fwd[s] = total / n_factors
            total, n_factors = _ma_direction(rprev, rnxt, n, limit, min_factor)
            if n_factors:
                bwd[s] = total / n_factors
    return fwd, bwd


@_jit
def _mtld_mattr_kernel(codes, offsets, threshold, window, n_types):  # pragma: no cover - compiled
    """Per stream: MTLD and MATTR with the arithmetic of :func:`_mtld_codes` and :func:`_mattr_codes`
    (the same floating-point operations in the same order, so the same values to the last bit)."""
    n_streams = len(offsets) - 1
    mt = np.full(n_streams, np.nan)
    ma = np.full(n_streams, np.nan)
    seen = np.full(n_types, -1, np.int64)
    counts = np.zeros(n_types, np.int64)
    stamp = 0
    for s in range(n_streams):
        a, b = offsets[s], offsets[s + 1]
        n = b - a
        if n == 0:
            continue
        passes = np.zeros(2)
        for direction in range(2):
            factors = 0.0
            count = 0
            distinct = 0
            ttr = 1.0
            stamp += 1
            for k in range(n):
                c = codes[a + k] if direction == 0 else codes[b - 1 - k]
                count += 1
                if seen[c] != stamp:
                    seen[c] = stamp
                    distinct += 1
                ttr = distinct / count
                if ttr <= threshold:
                    factors += 1.0
                    stamp += 1
                    count = 0
                    distinct = 0
                    ttr = 1.0
            if count:
                factors += (1.0 - ttr) / (1.0 - threshold)
            passes[direction] = factors
        if passes[0] != 0 and passes[1] != 0:
            mt[s] = (n / passes[0] + n / passes[1]) / 2
        # MATTR: the number of types in every window of `window` tokens, summed as integers
        if n < window:
            stamp += 1
            ma[s] = _distinct(codes, a, b, seen, stamp) / n
            continue
        d = 0
        total = 0
        for i in range(a, b):
            c = codes[i]
            if counts[c] == 0:
                d += 1
            counts[c] += 1
            if i - a >= window:
                old = codes[i - window]
                counts[old] -= 1
                if counts[old] == 0:
                    d -= 1
            if i - a >= window - 1:
                total += d
        for i in range(b - window, b):
            counts[codes[i]] = 0
        ma[s] = total / (window * (n - window + 1))
    return mt, ma


def _limits(max_length: int, threshold: float) -> np.ndarray:
    """``limit[n]``: the fewest types ``d`` with ``d / n >= threshold`` (the division as Python does it)."""
    n = np.arange(max_length + 1, dtype=np.int64)
    d = np.ceil(threshold * n).astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(3):  # correct the float product by the exact test, either way
            d = np.where((d > 0) & ((d - 1) / n >= threshold), d - 1, d)
            d = np.where(d / n < threshold, d + 1, d)
    d[0] = 0
    return d


def _mtld_ma_bi_streams(codes, offsets, threshold: float, min_factor: int, n_types: int) -> np.ndarray:
    runs, result = _mtld_ma_bi_runs(codes, offsets, threshold, min_factor, n_types)
    _run_all(runs)
    return result()


def _mtld_ma_bi_runs(codes, offsets, threshold: float, min_factor: int,
                     n_types: int) -> tuple[list[Callable[[], None]], Callable[[], np.ndarray]]:
    """MTLD-MA-Bi of every stream as pieces of work: ``(runs, result)``, where each of ``runs``
    reads about a sixteenth of the tokens (whole streams; the kernel releases the GIL, so the runs
    can share out among threads, with other kernels' runs) and ``result()``, once every run is
    done, gives the mean of the two directions per stream."""
    codes = np.ascontiguousarray(codes, dtype=codes.dtype if codes.dtype in (np.int32, np.int64) else np.int64)
    offsets = np.ascontiguousarray(offsets, dtype=np.int64)
    n_streams = len(offsets) - 1
    longest = int(np.diff(offsets).max()) if n_streams > 0 else 0
    limit = _limits(longest, threshold)
    # about 16 chunks of equal numbers of tokens, cut between streams (compiled without numba's
    # parallel pipeline, about half the compile time when its on-disk cache is stale)
    target = np.linspace(0, int(offsets[-1]) if n_streams > 0 else 0, 17)
    chunks = np.unique(np.concatenate([[0], np.searchsorted(offsets[1:], target[1:-1]),
                                       [max(n_streams, 0)]])).astype(np.int64)
    fwd = np.full(n_streams, np.nan)
    bwd = np.full(n_streams, np.nan)

    def run(k: int) -> None:
        a, b = chunks[k], chunks[k + 1]
        f, r = _mtld_ma_kernel(codes, offsets, limit, min_factor, n_types, chunks[k:k + 2], longest)
        fwd[a:b], bwd[a:b] = f[a:b], r[a:b]

    return [partial(run, k) for k in range(len(chunks) - 1)], lambda: (fwd + bwd) / 2


def _run_all(runs: Sequence[Callable[[], None]]) -> None:
    """Every one of ``runs`` (compiled kernels that release the GIL), on a thread per core, in
    the order given as threads come free."""
    if len(runs) <= 1:
        for run in runs:
            run()
        return
    with ThreadPoolExecutor(max(1, min(n_workers(-1), len(runs)))) as pool:
        list(pool.map(lambda run: run(), runs))


def _log(x, base: float):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x) / math.log(base)


def _finite(x) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.where(np.isfinite(x), x, np.nan)


def _static(name: str, n, v, m2, base: float) -> np.ndarray:
    """A measure of the frequency spectrum (N tokens, V types, M2 = sum f^2), NaN where undefined."""
    n = np.asarray(n, dtype=float)
    v = np.asarray(v, dtype=float)
    m2 = np.asarray(m2, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_ = np.where(n > 0, n, np.nan)
        if name == "ttr":
            out = v / n_
        elif name == "herdan_c":
            out = np.log(v) / np.log(n_)
        elif name == "guiraud_r":
            out = v / np.sqrt(n_)
        elif name == "cttr":
            out = v / np.sqrt(2 * n_)
        elif name == "dugast_u":
            out = _log(n_, base) ** 2 / (_log(n_, base) - _log(v, base))
        elif name == "summer_s":
            out = _log(_log(v, base), base) / _log(_log(n_, base), base)
        elif name == "maas":
            out = (_log(n_, base) - _log(v, base)) / _log(n_, base) ** 2
        elif name == "yule_k":
            out = 1e4 * (m2 - n_) / n_ ** 2
        elif name == "yule_i":
            out = v ** 2 / (m2 - v)
        elif name == "simpson_d":
            out = (m2 - n_) / (n_ * (n_ - 1))
        elif name == "herdan_vm":
            out = np.sqrt(m2 / n_ ** 2 - 1 / v)
        else:  # pragma: no cover - names are checked by the callers
            raise AssertionError(name)
    return _finite(out)


def _one(tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    codes = _codes(tokens)
    return codes, np.array([0, len(codes)], dtype=np.int64), int(codes.max()) + 1 if len(codes) else 1


def _spectrum_one(tokens: Sequence[str], name: str, log_base: float = math.e) -> float:
    codes, offsets, n_types = _one(tokens)
    v, m2, _ = _spectrum_kernel(codes, offsets, n_types, 0)
    return float(_static(name, len(codes), v, m2, log_base)[0])


def _check_base(log_base, caller: str) -> None:
    check_interval("log_base", log_base, low=0, closed="neither", caller=caller)
    if log_base == 1:
        raise ValueError(f"{caller}(): log_base must not be 1.")


def ttr(tokens: Sequence[str]) -> float:
    """Type-token ratio ``V / N`` (NaN for no tokens).

    References
    ----------
    Templin, M. C. (1957). Certain Language Skills in Children. University of Minnesota Press.

    Examples
    --------
    >>> ttr("b a b a b a b a".split())  # quanteda's test: 0.25
    0.25
    """
    return _spectrum_one(tokens, "ttr")


def herdan_c(tokens: Sequence[str]) -> float:
    """Herdan's C (log TTR) ``log V / log N``, the same in any base (NaN for N < 2).

    References
    ----------
    Herdan, G. (1960). Type-Token Mathematics. The Hague: Mouton.

    Examples
    --------
    >>> round(herdan_c("one one two one one two one".split()), 3)  # quanteda's test: 0.356
    0.356
    """
    return _spectrum_one(tokens, "herdan_c")


def guiraud_r(tokens: Sequence[str]) -> float:
    """Guiraud's R (root TTR) ``V / sqrt(N)``.

    References
    ----------
    Guiraud, P. (1954). Les caracteres statistiques du vocabulaire. Paris: PUF.

    Examples
    --------
    >>> guiraud_r("a a b b".split())  # quanteda's test: 2 / sqrt(4)
    1.0
    """
    return _spectrum_one(tokens, "guiraud_r")


def cttr(tokens: Sequence[str]) -> float:
    """Carroll's corrected TTR ``V / sqrt(2 N)``.

    References
    ----------
    Carroll, J. B. (1964). Language and Thought. Englewood Cliffs: Prentice-Hall.

    Examples
    --------
    >>> cttr("b a b a b a b a".split())  # quanteda's test: 2 / sqrt(16)
    0.5
    """
    return _spectrum_one(tokens, "cttr")


def dugast_u(tokens: Sequence[str], *, log_base: float = math.e) -> float:
    """Dugast's Uber index ``(log N)^2 / (log N - log V)`` (NaN when N = V).

    ``log_base``: e as LexicalRichness and Wordless; 10 as quanteda (``log.base``).

    References
    ----------
    Dugast, D. (1978). Sur quoi se fonde la notion d'etendue theorique du vocabulaire? Le
    Francais Moderne, 46, 25-32.

    Examples
    --------
    >>> round(dugast_u("a b c d d e e f f f".split(), log_base=10), 6)  # quanteda (issue #46): 4.507576
    4.507576
    """
    _check_base(log_base, "dugast_u")
    return _spectrum_one(tokens, "dugast_u", log_base)


def summer_s(tokens: Sequence[str], *, log_base: float = math.e) -> float:
    """Summer's S (Somers 1966) ``log(log V) / log(log N)`` (NaN where a logarithm is undefined
    or the denominator is 0, as for N = 10 in base 10).

    References
    ----------
    Somers, H. H. (1966). Statistical methods in literary analysis. In J. Leed (ed.), The
    Computer and Literary Style, 128-140. Kent State University Press.

    Examples
    --------
    >>> toks = "test text with some text numbers hyphenhere and text punctuations".split()
    >>> summer_s(toks)  # LexicalRichness's test: 0.8777828395738175
    0.8777828395738175
    """
    _check_base(log_base, "summer_s")
    return _spectrum_one(tokens, "summer_s", log_base)


def maas(tokens: Sequence[str], *, log_base: float = math.e) -> float:
    """Maas's a^2 ``(log N - log V) / (log N)^2`` (lower is more diverse).

    quanteda's ``Maas`` is a, the square root, in base 10: ``sqrt(maas(t, log_base=10))``.

    References
    ----------
    Maas, H.-D. (1972). Uber den Zusammenhang zwischen Wortschatzumfang und Lange eines
    Textes. Zeitschrift fur Literaturwissenschaft und Linguistik, 2(8), 73-96.

    Examples
    --------
    >>> toks = "test text with some text numbers hyphenhere and text punctuations".split()
    >>> round(maas(toks), 12)  # LexicalRichness's test: 0.04208748389057132
    0.042087483891
    """
    _check_base(log_base, "maas")
    return _spectrum_one(tokens, "maas", log_base)


def yule_k(tokens: Sequence[str]) -> float:
    """Yule's characteristic K ``10^4 (M2 - N) / N^2`` with M2 = sum of squared type frequencies.

    References
    ----------
    Yule, G. U. (1944). The Statistical Study of Literary Vocabulary. Cambridge University
    Press. Tweedie, F. J. & Baayen, R. H. (1998), eq. 16.

    Examples
    --------
    >>> yule_k("a b c d d e e f f f".split())  # koRpus (quanteda.textstats issue #46): 1000
    1000.0
    """
    return _spectrum_one(tokens, "yule_k")


def yule_i(tokens: Sequence[str]) -> float:
    """Yule's I ``V^2 / (M2 - V)`` (NaN when no type repeats; quanteda gives 0 there).

    References
    ----------
    Yule, G. U. (1944). The Statistical Study of Literary Vocabulary. Cambridge University Press.

    Examples
    --------
    >>> yule_i("a a b b c".split())  # quanteda's test: 3^2 / ((1 + 2 * 2^2) - 3)
    1.5
    """
    return _spectrum_one(tokens, "yule_i")


def simpson_d(tokens: Sequence[str]) -> float:
    """Simpson's D ``sum_t f_t (f_t - 1) / (N (N - 1))``: the chance that two tokens drawn
    without replacement are of one type (NaN for N < 2).

    References
    ----------
    Simpson, E. H. (1949). Measurement of diversity. Nature, 163, 688.

    Examples
    --------
    >>> round(simpson_d("a b c d d e e f f f".split()), 7)  # quanteda (issue #46): 0.1111111
    0.1111111
    """
    return _spectrum_one(tokens, "simpson_d")


def herdan_vm(tokens: Sequence[str]) -> float:
    """Herdan's Vm ``sqrt(M2 / N^2 - 1 / V)``.

    References
    ----------
    Herdan, G. (1955). A new derivation and interpretation of Yule's characteristic K.
    Zeitschrift fur angewandte Mathematik und Physik, 6, 332-334.

    Examples
    --------
    >>> round(herdan_vm("a b c d d e e f f f".split()), 7)  # quanteda (issue #46): 0.1825742
    0.1825742
    """
    return _spectrum_one(tokens, "herdan_vm")


def msttr(tokens: Sequence[str], *, segment: int = 50) -> float:
    """Mean segmental TTR: the mean TTR of consecutive segments of ``segment`` tokens, the
    remainder left out; a text shorter than one segment gets its TTR (NaN for no tokens).

    quanteda and LexicalRichness default to segments of 100 tokens, lexical_diversity to 50.

    References
    ----------
    Johnson, W. (1944). Studies in language behavior I: A program of research. Psychological
    Monographs, 56(2), 1-15.

    Examples
    --------
    >>> msttr("apple orange apple orange pear pear apple orange".split(), segment=3)  # quanteda: (2/3 + 2/3) / 2
    0.6666666666666666
    """
    check_interval("segment", segment, low=1, integer=True, caller="msttr")
    codes, offsets, n_types = _one(tokens)
    return float(_msttr_kernel(codes, offsets, segment, n_types)[0])


def hdd(tokens: Sequence[str], *, draws: int = 42) -> float:
    """HD-D: ``sum_t (1 - C(N - f_t, draws) / C(N, draws)) / draws``, the expected TTR of a
    random sample of ``draws`` tokens (NaN when N < draws).

    References
    ----------
    McCarthy, P. M. & Jarvis, S. (2007). vocd: A theoretical and empirical evaluation.
    Language Testing, 24(4), 459-488.

    Examples
    --------
    >>> toks = "test text with some text numbers hyphenhere and text punctuations".split()
    >>> round(hdd(toks, draws=5), 12)  # LexicalRichness's test: 0.8833333333333332
    0.883333333333
    """
    check_interval("draws", draws, low=1, integer=True, caller="hdd")
    codes, offsets, n_types = _one(tokens)
    return float(_spectrum_kernel(codes, offsets, n_types, draws)[2][0])


def mtld_ma_bi(tokens: Sequence[str], *, threshold: float = 0.72, min_factor: int = 10) -> float:
    """Moving-average bidirectional MTLD (see module notes; NaN when a direction has no factor).

    From every token, read on until the TTR of the segment read falls below ``threshold``
    with at least ``min_factor`` tokens read; average the lengths of these factors, then
    average the forward and backward results (Kyle's ``lexical_diversity.mtld_ma_bid``).

    References
    ----------
    McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
    sophisticated approaches to lexical diversity assessment. Behavior Research Methods,
    42(2), 381-392.
    Kyle, K., Crossley, S. A. & Jarvis, S. (2021). Assessing the validity of lexical diversity
    indices using direct judgements. Language Assessment Quarterly, 18(2), 154-170.

    Examples
    --------
    >>> mtld_ma_bi(list("abcdefghij" * 3))  # every factor needs 14 tokens (10 types / 14 < 0.72)
    14.0
    """
    check_interval("threshold", threshold, low=0, high=1, closed="neither", caller="mtld_ma_bi")
    check_interval("min_factor", min_factor, low=1, integer=True, caller="mtld_ma_bi")
    codes, offsets, n_types = _one(tokens)
    return float(_mtld_ma_bi_streams(codes, offsets, threshold, min_factor, n_types)[0])


def _measure_names(measures, *, caller: str) -> list[str]:
    """The canonical names of ``measures`` ("all", a name or a list; aliases and case allowed)."""
    if isinstance(measures, str):
        if measures.lower() == "all":
            return list(DIVERSITY_MEASURES)
        measures = [measures]
    if not isinstance(measures, Iterable) or not measures:
        raise ValueError(f"{caller}(): measures must be 'all', a measure name or a list of them; got {measures!r}.")
    out: list[str] = []
    for m in measures:
        name = _ALIASES.get(m.lower(), m.lower()) if isinstance(m, str) else m
        if name not in DIVERSITY_MEASURES:
            raise ValueError(f"{caller}(): unknown lexical-diversity measure {m!r}; choose from 'all', "
                             f"{', '.join(DIVERSITY_MEASURES)} (or quanteda's C, R, CTTR, U, S, K, I, D, Vm, "
                             "Maas, MSTTR, MATTR).")
        if name not in out:
            out.append(name)
    return out


def _measure_table(codes: np.ndarray, offsets: np.ndarray, n_types: int, names: list[str], *, window: int,
                   threshold: float, segment: int, draws: int, log_base: float, min_factor: int) -> pd.DataFrame:
    """``n_tokens``, ``n_types`` and the ``names`` measures of every stream ``codes[offsets[s]:offsets[s+1]]``
    (codes of 32 or 64 bits are read as they are: no wider copy of a word layer)."""
    codes = np.ascontiguousarray(codes, dtype=codes.dtype if codes.dtype in (np.int32, np.int64) else np.int64)
    offsets = np.ascontiguousarray(offsets, dtype=np.int64)
    n_types = max(int(n_types), 1)
    n = np.diff(offsets)
    made: dict[str, object] = {}
    # the compiled kernels (each releases the GIL) share out among a thread per core: the longest
    # first, then MTLD-MA-Bi's runs, then the rest
    runs: list[Callable[[], None]] = []
    if {"mattr", "mtld"} & set(names):  # the default table's values to the last bit (tested), compiled
        runs.append(lambda: made.update(mtld_mattr=_mtld_mattr_kernel(codes, offsets, threshold, window, n_types)))
    ma_result = None
    if "mtld_ma_bi" in names:
        ma_runs, ma_result = _mtld_ma_bi_runs(codes, offsets, threshold, min_factor, n_types)
        runs += ma_runs
    runs.append(lambda: made.update(spectrum=_spectrum_kernel(codes, offsets, n_types, draws if "hdd" in names else 0)))
    if "msttr" in names:
        runs.append(lambda: made.update(msttr=_msttr_kernel(codes, offsets, segment, n_types)))
    _run_all(runs)
    v, m2, hd = made["spectrum"]
    cols: dict[str, np.ndarray] = {"n_tokens": n, "n_types": v}
    if "mtld_mattr" in made:
        cols["mtld"], cols["mattr"] = made["mtld_mattr"]
    for name in names:
        if name == "hdd":
            cols[name] = hd
        elif name in _SPECTRUM:
            cols[name] = _static(name, n, v, m2, log_base)
        elif name == "msttr":
            cols[name] = made["msttr"]
        elif name == "mtld_ma_bi":
            cols[name] = ma_result()
    return pd.DataFrame({k: cols[k] for k in ("n_tokens", "n_types", *names)})


def _words_of(texts: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """The words of ``texts`` (the tokens of :func:`analysis.text.tokenize_texts`) as integer codes:
    ``(codes, offsets, number of types)``, those of text ``i`` at ``codes[offsets[i]:offsets[i + 1]]``."""
    words = word_table_of(texts)
    return words.tid, words.offset, len(words.types)


def _text_scores(words, window: int, threshold: float) -> pd.DataFrame:
    """The default columns of :func:`lexical_diversity` (``n_tokens``, ``n_types``, ``ttr``,
    ``mattr``, ``mtld``) of every text of the word view ``words``
    (:class:`~analysis.tokens.WordTable`): a text's row reads its own words only, so the rows of
    consecutive ranges of texts, stacked, are those of the whole."""
    return _measure_table(words.tid, words.offset, len(words.types), list(DIVERSITY_COLUMNS[2:]), window=window,
                          threshold=threshold, segment=50, draws=42, log_base=math.e, min_factor=10)


def keep_text_scores(texts: list[str], window: int, threshold: float, scores: pd.DataFrame) -> None:
    """Keep ``scores``, the :func:`_text_scores` of ``texts`` made elsewhere (by the workers of
    :func:`~analysis.rhetoric.rhetoric_profile`), in memory by content: :func:`lexical_diversity`
    with the default measures, ``window`` and ``threshold`` reads them for turns, and for groups of
    one turn each, instead of building the word layer."""
    cached_by_content("diversity-texts", texts, (window, threshold), lambda: scores)


def lexical_diversity(turns: TurnsLike, *, by: GroupBy | None = None, window: int = 50,
                      threshold: float = 0.72, measures=None, segment: int = 50, draws: int = 42,
                      log_base: float = math.e, min_factor: int = 10) -> pd.DataFrame:
    """TTR, MATTR and MTLD per turn or per group, or any of :data:`DIVERSITY_MEASURES`.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str, list of str or None, default=None
        Grouping columns; None gives one row per turn (keyed by ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``).
    window : int, default=50
        MATTR window (:func:`mattr`).
    threshold : float, default=0.72
        MTLD factor threshold (:func:`mtld`, :func:`mtld_ma_bi`).
    measures : None, "all", str or list of str, default=None
        None: TTR, MATTR and MTLD, the table of earlier versions. Otherwise the measures, as
        quanteda's ``textstat_lexdiv(measure=)``: "all", a name of :data:`DIVERSITY_MEASURES`
        or a list of them; quanteda's (``C``, ``R``, ``CTTR``, ``U``, ``S``, ``K``, ``I``,
        ``D``, ``Vm``, ``Maas``, ``MSTTR``, ``MATTR``) and LexicalRichness's names (``rttr``,
        ``Herdan``, ``Summer``, ``Dugast``, ``yulek``, ``yulei``, ``simpsond``, ``herdanvm``)
        are accepted, in any case.
    segment : int, default=50
        MSTTR segment length (:func:`msttr`).
    draws : int, default=42
        HD-D sample size (:func:`hdd`).
    log_base : float, default=e
        Base of the logarithms of Dugast's U, Summer's S and Maas (10 gives quanteda's values).
    min_factor : int, default=10
        Fewest tokens of an MTLD-MA-Bi factor (:func:`mtld_ma_bi`).

    Returns
    -------
    pandas.DataFrame
        One row per turn (input order) or group (sorted by the group columns): the keys,
        ``n_tokens``, ``n_types``, then ``ttr``, ``mattr``, ``mtld`` or the measures asked for,
        in that order (NaN where undefined).

    Raises
    ------
    ValueError
        ``window``, ``segment``, ``draws`` or ``min_factor`` below 1, ``threshold`` outside
        (0, 1), ``log_base`` not positive or 1, an unknown measure.

    Examples
    --------
    >>> t = pd.DataFrame({"speaker": ["A", "B"], "text": ["a b a b a b", "one two three"]})
    >>> lexical_diversity(t, by="speaker", window=2)[["speaker", "ttr", "mattr", "mtld"]].values.tolist()
    [['A', 0.3333333333333333, 1.0, 3.0], ['B', 1.0, 1.0, nan]]
    >>> lexical_diversity(t, by="speaker", measures=["CTTR", "yule_k"]).round(3).values.tolist()
    [['A', 6, 2, 0.577, 3333.333], ['B', 3, 3, 1.225, 0.0]]
    """
    caller = "lexical_diversity"
    check_interval("window", window, low=1, integer=True, caller=caller)
    check_interval("threshold", threshold, low=0, high=1, closed="neither", caller=caller)
    names = None
    if measures is not None:
        names = _measure_names(measures, caller=caller)
        check_interval("segment", segment, low=1, integer=True, caller=caller)
        check_interval("draws", draws, low=1, integer=True, caller=caller)
        check_interval("min_factor", min_factor, low=1, integer=True, caller=caller)
        _check_base(log_base, caller)
    frame = turn_frame(turns, caller=caller, extra=by_list(by))
    texts = frame["text"].tolist()
    options = {"window": window, "threshold": threshold, "segment": segment, "draws": draws, "log_base": log_base,
               "min_factor": min_factor}
    with same_texts(texts):  # the texts are hashed once for every layer asked of them
        # the default columns of each text, when made already (by the workers of rhetoric_profile)
        per_text = held_by_content("diversity-texts", texts, (window, threshold)) if names is None else None
        # the default columns come from the compiled kernels too (the same arithmetic as _row, so
        # the same values to the last bit; tested), about nine times faster than _row's loop
        names = list(DIVERSITY_COLUMNS[2:]) if names is None else names
        if by is None:
            stats = per_text if per_text is not None else \
                _measure_table(*_words_of(texts), names, **options)
            out = pd.concat([frame[list(TURN_KEYS)].reset_index(drop=True), stats], axis=1)
            return out[[*TURN_KEYS, "n_tokens", "n_types", *names]]
        keys = by_list(by)
        groups = frame.groupby(keys, dropna=False, sort=True).indices
        # the texts of each group in turn order, the groups one after another: one stream per group
        order = [np.sort(np.asarray(idx, dtype=np.int64)) for idx in groups.values()]
        flat = np.concatenate(order) if order else np.zeros(0, np.int64)
        if len(flat) == len(order):  # one text a group: its stream is the text's, so the texts' rows,
            # in the groups' order, without gathering their words into the groups' order first
            if per_text is None:
                per_text = _measure_table(*_words_of(texts), names, **options)
            stats = per_text.iloc[flat].reset_index(drop=True)
        else:
            tid, offset, n_types = _words_of(texts)
            lengths = offset[flat + 1] - offset[flat]
            ends = np.cumsum(lengths)
            bounds = np.concatenate([[0], ends[np.cumsum([len(o) for o in order], dtype=np.int64) - 1]])
            bounds = bounds.astype(np.int64)
            stats = _measure_table(gather_texts(tid, offset[:-1], offset[1:], flat), bounds, n_types, names, **options)
        key_rows = pd.DataFrame([k if isinstance(k, tuple) else (k,) for k in groups], columns=keys)
        out = pd.concat([key_rows, stats], axis=1)
        return out.sort_values(keys, ignore_index=True, kind="mergesort")[[*keys, "n_tokens", "n_types", *names]]


def rhetoric_scores(turns: TurnsLike, *, by: GroupBy = "role", measures="all", familiar_words=None,
                    **options) -> pd.DataFrame:
    """Readability and lexical-diversity scores per group, in the long format of
    :func:`~analysis.rhetoric.rhetoric_profile` (what ``python -m analysis rhetoric --measure``
    shows).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str or list of str, default="role"
        Grouping columns.
    measures : "all", str or list of str, default="all"
        Names of :data:`~analysis.rhetoric.READABILITY_MEASURES` and :data:`DIVERSITY_MEASURES`
        (or their quanteda and LexicalRichness names); "all" is every measure of both
        (``dale_chall`` only with ``familiar_words``).
    familiar_words : collection of str, path or None, default=None
        Dale-Chall's familiar words (:func:`~analysis.rhetoric.readability`).
    **options
        Passed to :func:`lexical_diversity` (``window``, ``segment``, ``draws``, ``log_base``...).

    Returns
    -------
    pandas.DataFrame
        One row per group and measure: the group columns, ``family`` (``"readability"`` or
        ``"diversity"``), ``measure``, ``n_turns``, ``n_words``, ``count`` and ``per_1000`` (NA:
        these are scores), ``value``.

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["a", "b"], "text": ["The cat sat on the mat.", "Reptilian creature."]})
    >>> rhetoric_scores(t, measures=["lix", "ttr"])[["role", "family", "measure", "value"]].values.tolist()
    [['a', 'readability', 'lix', 6.0], ['a', 'diversity', 'ttr', 0.8333333333333334], ['b', 'readability', 'lix', 102.0], ['b', 'diversity', 'ttr', 1.0]]
    """
    from .readability import READABILITY_MEASURES, readability
    from .readability import _measure_names as readability_names

    caller = "rhetoric_scores"
    keys = by_list(by)
    if not keys:
        raise ValueError(f"{caller}(): by must name at least one column; got {by!r}.")
    items = [measures] if isinstance(measures, str) else list(measures)
    read, div = [], []
    for m in items:
        if isinstance(m, str) and m.lower() == "all":
            read += [x for x in READABILITY_MEASURES if familiar_words is not None or x != "dale_chall"]
            div += list(DIVERSITY_MEASURES)
            continue
        try:
            read += readability_names([m], caller=caller, familiar=familiar_words is not None)
        except ValueError as exc:
            if "needs a word list" in str(exc):
                raise
            try:
                div += _measure_names([m], caller=caller)
            except ValueError:
                raise ValueError(f"{caller}(): unknown measure {m!r}; choose from 'all', "
                                 f"{', '.join(READABILITY_MEASURES)}, {', '.join(DIVERSITY_MEASURES)}.") from None
    read, div = list(dict.fromkeys(read)), list(dict.fromkeys(div))
    frame = turn_frame(turns, caller=caller, extra=keys)
    groups = frame.groupby(keys, dropna=False, sort=True).agg(n_turns=("text", "size"), n_words=("n_words", "sum"))
    groups = groups.reset_index()
    parts = []
    for family, names, table in (
            ("readability", read, readability(frame, by=keys, measures=read, familiar_words=familiar_words)
             if read else None),
            ("diversity", div, lexical_diversity(frame, by=keys, measures=div, **options) if div else None)):
        if table is None:
            continue
        long = table.melt(id_vars=keys, value_vars=names, var_name="measure", value_name="value")
        long["family"] = family
        long["_m"] = long["measure"].map({n: i for i, n in enumerate(names)}) + (0 if family == "readability" else 1000)
        parts.append(long)
    out = pd.concat(parts, ignore_index=True).merge(groups, on=keys, how="left")
    out["count"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["per_1000"] = np.nan
    out["value"] = out["value"].astype(float)
    out = out.sort_values([*keys, "_m"], ignore_index=True, kind="mergesort")
    return out[[*keys, "family", "measure", "n_turns", "n_words", "count", "per_1000", "value"]]
