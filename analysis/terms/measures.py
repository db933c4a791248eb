"""Keyness measures: pure vectorised functions of the contingency cells.

Notation (as in :mod:`analysis.terms._base`): ``a``, ``b`` the term's counts in target and
reference, ``c``, ``d`` the words in target and reference, ``N = c + d``. The 2x2 table is
``[[a, b], [c - a, d - b]]``.
"""

from __future__ import annotations

import numpy as np
from scipy import stats
from scipy.special import xlogy

from .._validation import check_option

__all__ = ["log_likelihood", "chi_square", "log_ratio", "percent_diff", "adjust_p_values"]


def _cells(a, b, c, d):
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
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
    obs, exp = _cells(a, b, c, d)
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
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
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
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    ta, rb = a / c, b / d
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(rb > 0, 100.0 * (ta - rb) / np.where(rb > 0, rb, 1.0), np.inf)


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
