"""Keyness measures: pure vectorised functions of the contingency cells.

Notation (as in :mod:`analysis.terms._base`): ``a``, ``b`` the term's counts in target and
reference, ``c``, ``d`` the words in target and reference, ``N = c + d``. The 2x2 table is
``[[a, b], [c - a, d - b]]``; its expected cells are ``E_ij`` = row total x column total / N.
Every measure takes arrays (or scalars) that broadcast together and raises ValueError when a
table has an empty corpus (``c = 0`` or ``d = 0``): no measure has a meaning there.

Conventions where peers differ (each function's Notes says which it follows): natural
logarithms for G2 and its corrections, binary logarithms for Log Ratio and PMI; Yates'
correction on every table (R's ``chisq.test``, scipy), Williams' on every table (Williams
1976; quanteda skips tables with a zero cell); zero counts are never smoothed unless the
measure's definition smooths them (Log Ratio's 0.5, Kilgarriff's ``k``).
"""

from __future__ import annotations

import numpy as np
from scipy import stats
from scipy.special import xlogy

from .._validation import check_interval, check_option

__all__ = [
    "log_likelihood", "log_likelihood_williams", "chi_square", "chi_square_yates", "fisher_exact",
    "odds_ratio", "log_ratio", "percent_diff", "pmi", "bayes_factor_bic", "simple_maths",
    "difference_coefficient", "adjust_p_values",
]


def _table(a, b, c, d, caller: str) -> tuple[np.ndarray, ...]:
    """The four arguments as float arrays broadcast together; an empty corpus is an error."""
    a, b, c, d = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c, d)))
    for name, size, which in (("c", c, "target"), ("d", d, "reference")):
        if (size <= 0).any():
            raise ValueError(f"{caller}(): the {which} corpus is empty ({name} = 0 words); a measure of "
                             f"keyness needs words on both sides.")
    return a, b, c, d


def _cells(a, b, c, d, caller: str = "log_likelihood"):
    a, b, c, d = _table(a, b, c, d, caller)
    n = c + d
    obs = (a, b, c - a, d - b)
    row1, row2 = a + b, n - a - b
    exp = (c * row1 / n, d * row1 / n, c * row2 / n, d * row2 / n)
    return obs, exp


def log_likelihood(a, b, c, d) -> np.ndarray:
    """Dunning's log-likelihood G2 of the 2x2 table (term / other words x target / reference).

    ``G2 = 2 * sum_ij O_ij ln(O_ij / E_ij)`` over the four cells ``a``, ``b``, ``c - a``,
    ``d - b`` with ``E_ij`` = row total x column total / N (``0 ln 0 = 0``). Unsigned;
    compare it with chi-square on 1 degree of freedom.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics, 19(1), 61-74.

    Examples
    --------
    >>> round(float(log_likelihood(10, 2, 100, 100)), 4)
    6.1626
    """
    obs, exp = _cells(a, b, c, d)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 2.0 * sum(xlogy(o, o / e) for o, e in zip(obs, exp))


def chi_square(a, b, c, d) -> np.ndarray:
    """Pearson's chi-square of the same 2x2 table, without Yates' correction (unsigned).

    ``X2 = sum_ij (O_ij - E_ij)^2 / E_ij``.

    References
    ----------
    Pearson, K. (1900). On the criterion that a given system of deviations from the probable
    ... Philosophical Magazine, 50(302), 157-175.

    Examples
    --------
    >>> round(float(chi_square(10, 2, 100, 100)), 4)
    5.6738
    """
    obs, exp = _cells(a, b, c, d, "chi_square")
    with np.errstate(divide="ignore", invalid="ignore"):
        return sum((o - e) ** 2 / e for o, e in zip(obs, exp))


def log_ratio(a, b, c, d, *, zero: float = 0.5) -> np.ndarray:
    """Hardie's Log Ratio: binary log of the ratio of relative frequencies.

    ``LR = log2((a / c) / (b / d))``; a zero count is replaced by ``zero`` (0.5, Hardie's
    convention) so the ratio stays finite. Each point is a doubling: LR = 1 means twice as
    frequent in the target. Where that adjustment would reverse the observed direction (a
    zero count in a corpus much smaller than the other: ``0`` vs ``2`` with ``c`` = 10 and
    ``d`` = 1,000 gives +4.3), LR is 0 instead: the data give no evidence of that direction.

    References
    ----------
    Hardie, A. (2014). Log Ratio -- an informal introduction. ESRC Centre for Corpus
    Approaches to Social Science (CASS), Lancaster University.

    Examples
    --------
    >>> log_ratio([10, 0], [5, 5], 100, 200).round(4).tolist()
    [2.0, -2.3219]
    >>> log_ratio([0, 2], [2, 0], 10, 1000).round(4).tolist()  # 0 vs 2 in a tiny target: not +4.3
    [0.0, 8.6439]
    """
    a, b, c, d = _table(a, b, c, d, "log_ratio")
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.sign(a / c - b / d)
    lr = np.log2((np.where(a == 0, zero, a) / c) / (np.where(b == 0, zero, b) / d))
    return np.where(np.sign(lr) * observed < 0, 0.0, lr)


def percent_diff(a, b, c, d) -> np.ndarray:
    """%DIFF: the difference of normalised frequencies as a percentage of the reference's.

    ``%DIFF = 100 * (a/c - b/d) / (b/d)``; infinite when ``b = 0`` (Gabrielatos & Marchi
    substitute a tiny number, which gives an arbitrary huge value instead).

    References
    ----------
    Gabrielatos, C. & Marchi, A. (2012). Keyness: appropriate metrics and practical issues.
    CADS International Conference, University of Bologna.

    Examples
    --------
    >>> percent_diff([10, 2, 1], [5, 4, 0], 100, 100).tolist()
    [100.0, -50.0, inf]
    """
    a, b, c, d = _table(a, b, c, d, "percent_diff")
    ta, rb = a / c, b / d
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(rb > 0, 100.0 * (ta - rb) / np.where(rb > 0, rb, 1.0), np.inf)


def chi_square_yates(a, b, c, d, *, when: str = "always") -> np.ndarray:
    """Pearson's chi-square with Yates' continuity correction (unsigned).

    ``X2 = sum_ij max(0, |O_ij - E_ij| - 0.5)^2 / E_ij`` over the four cells.

    Parameters
    ----------
    a, b, c, d : array-like
        The cells (module notation).
    when : {"always", "small"}, default="always"
        "always" corrects every table, as R's ``chisq.test(correct=TRUE)`` and
        ``scipy.stats.chi2_contingency(correction=True)`` do; "small" corrects only tables
        with an expected cell below 5 and ``|a(d - b) - b(c - a)| >= N / 2``, as quanteda's
        ``textstat_keyness(measure="chi2")`` does (its other tables get the plain X2).

    Raises
    ------
    ValueError
        ``c = 0`` or ``d = 0``; an unknown ``when``.

    References
    ----------
    Yates, F. (1934). Contingency tables involving small numbers and the chi-square test.
    Supplement to the Journal of the Royal Statistical Society, 1(2), 217-235.

    Examples
    --------
    >>> round(float(chi_square_yates(3, 7, 10, 9)), 4)  # R's chisq.test, scipy
    2.6324
    """
    check_option("when", when, {"always", "small"}, caller="chi_square_yates")
    obs, exp = _cells(a, b, c, d, "chi_square_yates")
    shift = np.full(np.shape(obs[0]), 0.5)
    if when == "small":
        oa, ob, oc, od = obs
        small = np.minimum.reduce(exp) < 5
        shift = np.where(small & (np.abs(oa * od - ob * oc) >= (oa + ob + oc + od) / 2), 0.5, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return sum(np.maximum(np.abs(o - e) - shift, 0.0) ** 2 / e for o, e in zip(obs, exp))


def log_likelihood_williams(a, b, c, d) -> np.ndarray:
    """G2 divided by Williams' correction factor ``q`` (unsigned).

    ``q = 1 + (N/(a+b) + N/(N-a-b) - 1) (N/c + N/d - 1) / (6 N)`` for the 2x2 table (Williams
    1976, with r = c = 2), which brings G2's distribution closer to chi-square in small
    samples. Applied to every table, as Deducer's ``likelihood.test(conservative=TRUE)``
    (against which quanteda tests its ``correction="williams"``); quanteda's own code leaves
    tables with a zero cell uncorrected (``q = 1``).

    References
    ----------
    Williams, D. A. (1976). Improved likelihood ratio tests for complete contingency tables.
    Biometrika, 63(1), 33-37.

    Examples
    --------
    >>> round(float(log_likelihood_williams(10, 2, 100, 100)), 4)
    5.9152
    """
    a, b, c, d = _table(a, b, c, d, "log_likelihood_williams")
    n = c + d
    row = a + b
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / row + n / (n - row) - 1.0) * (n / c + n / d - 1.0) / (6.0 * n)
    return log_likelihood(a, b, c, d) / q


def fisher_exact(a, b, c, d) -> np.ndarray:
    """Two-sided p-value of Fisher's exact test of every 2x2 table, vectorised.

    The algorithm of ``scipy.stats.fisher_exact`` run on arrays: the hypergeometric
    probability of the observed table, and the tables on the other side of the mode no more
    probable than it (found by the same bisection, with the same relative tolerance 1e-14),
    summed with ``scipy.stats.hypergeom``, once per distinct table (the test suite checks
    equality with scipy; R's
    ``fisher.test``, used by quanteda's ``textstat_keyness(measure="exact")``, sums the same
    tables). A table whose row or column is all zero has p = 1.

    Notes
    -----
    The odds ratio is :func:`odds_ratio`; quanteda reports R's conditional maximum-likelihood
    estimate instead (``scipy.stats.contingency.odds_ratio(kind="conditional")``).

    References
    ----------
    Fisher, R. A. (1922). On the interpretation of chi-square from contingency tables, and the
    calculation of P. Journal of the Royal Statistical Society, 85(1), 87-94.

    Examples
    --------
    >>> fisher_exact([3, 10], [7, 2], 10, 9).round(6).tolist()
    [0.069779, 0.000714]
    """
    a, b, c, d = _table(a, b, c, d, "fisher_exact")
    a, b, c, d = (np.rint(x).astype(np.int64) for x in (a, b, c, d))
    shape = a.shape
    a, b, c, d = (x.ravel() for x in (a, b, c, d))
    m = c + d          # population: all words
    k = a + b          # successes: the term's occurrences (row 0 total)
    n = c              # draws: the target's words (column 0 total)
    p = np.ones(len(a))
    live = np.flatnonzero((k > 0) & (k < m))
    if len(live):
        # a keyness table repeats the same few tables (rare terms, one pair of corpus sizes):
        # each distinct table is computed once
        tables, inverse = np.unique(np.column_stack([a[live], m[live], k[live], n[live]]), axis=0,
                                    return_inverse=True)
        p[live] = _fisher_two_sided(*tables.T)[inverse.ravel()]
    return p.reshape(shape)


def _fisher_two_sided(x: np.ndarray, m: np.ndarray, k: np.ndarray, n: np.ndarray) -> np.ndarray:
    from scipy.stats import hypergeom

    def pmf(v, idx):
        return hypergeom.pmf(v, m[idx], k[idx], n[idx])

    mode = ((n + 1) * (k + 1) // (m + 2)).astype(np.int64)
    every = np.arange(len(x))
    pexact = pmf(x, every)
    pmode = pmf(mode, every)
    gamma = 1 + 1e-14
    out = np.empty(len(x))
    at_mode = np.abs(pexact - pmode) / np.maximum(pexact, pmode) <= 1e-14
    out[at_mode] = 1.0
    lower = ~at_mode & (x < mode)
    upper = ~at_mode & ~lower
    for side in (lower, upper):
        idx = np.flatnonzero(side)
        if not len(idx):
            continue
        if side is lower:
            tail = hypergeom.cdf(x[idx], m[idx], k[idx], n[idx])
            far = pmf(n[idx], idx) > pexact[idx] * gamma  # even the far end is more probable
            # the largest v in [mode, n] with -pmf(v) <= -pexact * gamma (scipy's bisection)
            guess = _bisect(lambda v, j: -pmf(v, j), -pexact[idx] * gamma, mode[idx], n[idx].copy(), idx)
            other = hypergeom.sf(guess, m[idx], k[idx], n[idx])
        else:
            tail = hypergeom.sf(x[idx] - 1, m[idx], k[idx], n[idx])
            far = pmf(np.zeros(len(idx), dtype=np.int64), idx) > pexact[idx] * gamma
            guess = _bisect(pmf, pexact[idx] * gamma, np.zeros(len(idx), dtype=np.int64), mode[idx].copy(), idx)
            other = hypergeom.cdf(guess, m[idx], k[idx], n[idx])
        out[idx] = np.where(far, tail, tail + other)
    return np.minimum(out, 1.0)


def _bisect(func, target: np.ndarray, lo: np.ndarray, hi: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Element-wise ``scipy.stats._stats_py._binary_search``: the i in [lo, hi] with
    ``func(i) <= target < func(i + 1)`` for a function ascending on the range."""
    lo = lo.astype(np.int64).copy()
    hi = hi.astype(np.int64).copy()
    found = np.full(len(lo), -1, dtype=np.int64)
    active = lo < hi
    while active.any():
        j = np.flatnonzero(active)
        mid = lo[j] + (hi[j] - lo[j]) // 2
        val = func(mid, idx[j])
        below, above = val < target[j], val > target[j]
        lo[j[below]] = mid[below] + 1
        hi[j[above]] = mid[above] - 1
        hit = ~below & ~above
        found[j[hit]] = mid[hit]
        active[j[hit]] = False
        active &= lo < hi
    rest = np.flatnonzero(found < 0)
    if len(rest):
        ok = func(lo[rest], idx[rest]) <= target[rest]
        found[rest] = np.where(ok, lo[rest], lo[rest] - 1)
    return found


def odds_ratio(a, b, c, d, *, add: float = 0.0) -> np.ndarray:
    """Sample odds ratio of the term in the target against the reference.

    ``OR = (a (d - b)) / (b (c - a))``, with ``add`` added to every cell first. With
    ``add=0`` (default) zero cells follow ``scipy.stats.fisher_exact``: 0 when ``a = 0``,
    infinite when ``b (c - a) = 0`` and ``a > 0``, NaN when ``a = b = 0``; ``add=0.5`` is the
    Haldane-Anscombe correction, which keeps every ratio finite. > 1: the target over-uses
    the term.

    References
    ----------
    Pojanapunya, P. & Watson Todd, R. (2018). Log-likelihood and odds ratio: keyness
    statistics for different purposes of keyword analysis. Corpus Linguistics and Linguistic
    Theory, 14(1), 133-167.

    Examples
    --------
    >>> round(float(odds_ratio(16217, 735, 2796938, 2087946)), 1)  # Pojanapunya & Watson Todd
    16.6
    """
    check_interval("add", add, low=0.0, caller="odds_ratio")
    a, b, c, d = _table(a, b, c, d, "odds_ratio")
    num = (a + add) * (d - b + add)
    den = (b + add) * (c - a + add)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = num / den
    if add == 0:
        ratio = np.where(a + b == 0, np.nan, np.where(a == 0, 0.0, ratio))
    return ratio


def pmi(a, b, c, d, *, base: float = 2.0) -> np.ndarray:
    """Pointwise mutual information of the term and the target.

    ``PMI = log(a / E11)`` with ``E11 = c (a + b) / N``: how much more often the term occurs in
    the target than if it were spread like the words. Binary logarithm by default (bits, as
    Church & Hanks and the suite's collocation PMI); quanteda's ``textstat_keyness(measure=
    "pmi")`` uses the natural logarithm (``base=numpy.e``; it also adds 1e-9 inside the
    logarithm, so its value for ``a = 0`` is -20.7 where this is -inf).

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics, 16(1), 22-29.

    Examples
    --------
    >>> round(float(pmi(8, 1097, 44, 15_000_000 - 44)), 1)  # Church & Hanks (1990), p. 24
    11.3
    """
    check_interval("base", base, low=1.0, caller="pmi", closed="neither")
    a, b, c, d = _table(a, b, c, d, "pmi")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(a * (c + d) / (c * (a + b))) / np.log(base)


def bayes_factor_bic(a, b, c, d) -> np.ndarray:
    """Wilson's (2013) BIC approximation to the Bayes factor for a difference in frequency.

    ``BIC = G2 - ln(N)`` (1 degree of freedom), which approximates ``2 ln BF``: the evidence
    for a difference against none. Raftery (1995)'s scale: < 0 favours no difference, 0-2
    not worth more than a bare mention, 2-6 positive, 6-10 strong, > 10 very strong
    evidence. Wordless computes the same (its "log-likelihood ratio test" Bayes factor).

    References
    ----------
    Wilson, A. (2013). Embracing Bayes factors for key item analysis in corpus linguistics.
    In M. Bieswanger & A. Koll-Stobbe (Eds.), New approaches to the study of linguistic
    variability (pp. 3-11). Peter Lang.

    Raftery, A. E. (1995). Bayesian model selection in social research. Sociological
    Methodology, 25, 111-163.

    Examples
    --------
    >>> round(float(bayes_factor_bic(10, 2, 100, 100)), 4)  # 6.1626 - ln 200
    0.8643
    """
    a, b, c, d = _table(a, b, c, d, "bayes_factor_bic")
    return log_likelihood(a, b, c, d) - np.log(c + d)


def simple_maths(a, b, c, d, *, k: float = 1.0, per: float = 1_000_000) -> np.ndarray:
    """Kilgarriff's "simple maths" keyness: the ratio of smoothed normalised frequencies.

    ``SM = (per * a / c + k) / (per * b / d + k)``: frequencies per million words (``per``)
    plus the smoothing parameter ``k``. A small ``k`` (1) favours rare words, a large one
    (100, 1000) common words (Kilgarriff 2009); 1 is the default of Wordless and of Sketch
    Engine. > 1: the target over-uses the term.

    References
    ----------
    Kilgarriff, A. (2009). Simple maths for keywords. In M. Mahlberg, V. Gonzalez-Diaz &
    C. Smith (Eds.), Proceedings of the Corpus Linguistics Conference 2009. University of
    Liverpool.

    Examples
    --------
    >>> round(float(simple_maths(35, 263, 112_289_811, 1_559_717_242)), 4)  # Wordless' test
    1.1224
    """
    check_interval("k", k, low=0.0, caller="simple_maths", closed="neither")
    check_interval("per", per, low=0.0, caller="simple_maths", closed="neither")
    a, b, c, d = _table(a, b, c, d, "simple_maths")
    return (per * a / c + k) / (per * b / d + k)


def difference_coefficient(a, b, c, d) -> np.ndarray:
    """Hofland & Johansson's difference coefficient of normalised frequencies.

    ``DC = (a/c - b/d) / (a/c + b/d)``, from -1 (only in the reference) to 1 (only in the
    target); 0 when the term is in neither (as Wordless).

    References
    ----------
    Hofland, K. & Johansson, S. (1982). Word frequencies in British and American English.
    Bergen: Norwegian Computing Centre for the Humanities.

    Examples
    --------
    >>> round(float(difference_coefficient(18, 35, 1_000_000, 1_000_000)), 2)
    -0.32
    """
    a, b, c, d = _table(a, b, c, d, "difference_coefficient")
    ta, rb = a / c, b / d
    total = ta + rb
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, (ta - rb) / np.where(total > 0, total, 1.0), 0.0)


def adjust_p_values(p_values, *, method: str | None = "fdr_bh") -> np.ndarray:
    """Correct p-values for multiple comparisons.

    Parameters
    ----------
    p_values : array-like
    method : {"fdr_bh", "bonferroni", None}, default="fdr_bh"
        Benjamini-Hochberg false discovery rate (``scipy.stats.false_discovery_control``),
        Bonferroni (``min(1, m * p)``), or none.

    References
    ----------
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. Journal of the
    Royal Statistical Society B, 57(1), 289-300.

    Examples
    --------
    >>> adjust_p_values([0.01, 0.04, 0.03], method="bonferroni").round(2).tolist()
    [0.03, 0.12, 0.09]
    >>> adjust_p_values([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.04, 0.04]
    """
    check_option("method", method, {"fdr_bh", "bonferroni", None}, caller="adjust_p_values")
    p = np.asarray(p_values, dtype=float)
    if method is None or p.size == 0:
        return p.copy()
    if method == "bonferroni":
        return np.minimum(1.0, p * p.size)
    return stats.false_discovery_control(p, method="bh")
