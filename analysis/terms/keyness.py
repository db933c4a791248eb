"""Keyness: which terms a target over- or under-uses compared with a reference.

Counting happens once (:func:`analysis.terms._base.count_rows`); the measures are pure
functions of the contingency cells in :mod:`analysis.terms.measures`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Unpack

import numpy as np
import pandas as pd

from .._progress import resolve as resolve_progress
from .._validation import check_interval, check_option, check_type
from ..text import normalize_token
from ..turns import as_turns
from ..types import TurnsLike
from ._base import (
    COMPARE_MODES, Comparison, GroupValue, as_values, by_list, count_rows, find_groups, group_codes,
    group_labels, indicator, mask_groups, plan_comparisons, resolve_stop_words, with_date_buckets,
)
from ..token_options import TokenOptions, TokenShorthands, token_options
from .mwe import compile_phrases
from .dispersion import dispersion_measures
from .measures import (
    adjust_p_values, bayes_factor_bic, chi_square, chi_square_yates, difference_coefficient, fisher_exact,
    log_likelihood, log_likelihood_williams, log_ratio, odds_ratio, percent_diff, pmi, simple_maths,
)

__all__ = ["keyness"]


#: Every ``measure=`` of :func:`keyness`: the function computing it (the four columns g2,
#: chi2, log_ratio and pct_diff are always computed; the others fill ``score`` only).
KEYNESS_MEASURES = {
    "g2": log_likelihood, "chi2": chi_square, "log_ratio": log_ratio, "pct_diff": percent_diff,
    "chi2_yates": chi_square_yates, "g2_williams": log_likelihood_williams, "fisher": fisher_exact,
    "odds_ratio": odds_ratio, "pmi": pmi, "bic": bayes_factor_bic, "simple_maths": simple_maths,
    "diff_coefficient": difference_coefficient,
}
#: Unsigned test statistics: ``score`` gets the sign of the difference, ``p_value`` their p.
_SIGNED = {"g2", "chi2", "chi2_yates", "g2_williams"}
_MEASURES = KEYNESS_MEASURES
KEYNESS_COLUMNS = [
    "target", "reference", "term", "count_target", "count_reference", "words_target", "words_reference",
    "per_1000_target", "per_1000_reference", "g2", "chi2", "log_ratio", "pct_diff", "score",
    "p_value", "p_adjusted", "significant", "n_parts_target", "dispersion_target",
]


def _reference_vector(reference_counts, vocab: np.ndarray, *, lowercase: bool, stops: frozenset[str],
                      caller: str) -> tuple[np.ndarray, np.ndarray, float]:
    """Align an external frequency list with ``vocab``; returns (vocab', counts over vocab', total)."""
    if isinstance(reference_counts, pd.DataFrame):
        from .._validation import check_columns

        check_columns(reference_counts, ["term", "count"], caller=caller, name="reference_counts")
        series = pd.Series(reference_counts["count"].to_numpy(), index=reference_counts["term"].astype(str))
    elif isinstance(reference_counts, (pd.Series, Mapping)):
        series = pd.Series(reference_counts, dtype=float)
        series.index = series.index.astype(str)
    else:
        raise TypeError(f"{caller}(): reference_counts must be a mapping, a Series or a DataFrame with "
                        f"columns term and count; got {type(reference_counts).__name__}.")
    series = pd.to_numeric(series, errors="raise").astype(float)
    if (series < 0).any():
        raise ValueError(f"{caller}(): reference_counts must not be negative.")
    total = float(series.sum())
    if lowercase:
        series.index = [normalize_token(t) for t in series.index]
    series = series.groupby(level=0).sum()
    series = series[~series.index.str.lower().isin(stops)] if stops else series
    union = np.array(sorted(set(vocab) | set(series.index)), dtype=object)
    return union, series.reindex(union, fill_value=0.0).to_numpy(), total


def chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """``scipy.stats.chi2.sf(x, df=1)``, bit for bit, computed once per distinct value.

    Keyness statistics of a large vocabulary take few distinct values (most terms are rare,
    and equal counts give equal statistics), and the chi-square survival function
    (``scipy.special.chdtrc``, an incomplete gamma function) costs microseconds per value.
    Values below the support (a G2 of -1e-12 from rounding) give 1, as ``stats.chi2.sf`` does.

    >>> x = np.array([0.0, 3.841458820694124, 3.841458820694124, -1e-12, np.inf, np.nan])
    >>> chi2_sf_1df(x).round(6).tolist()
    [1.0, 0.05, 0.05, 1.0, 0.0, nan]
    """
    from scipy import special

    x = np.asarray(x, dtype=float)
    if not x.size:
        return x.copy()
    uniq, inverse = np.unique(x, return_inverse=True)
    p = special.chdtrc(1, uniq)
    p[uniq < 0] = 1.0
    return p[inverse.reshape(x.shape)]


def keyness(
    turns: TurnsLike,
    target: GroupValue | None = None,
    reference: GroupValue | None = None,
    *,
    by: str | Sequence[str] = "role",
    compare: str | None = None,
    measure: str = "g2",
    measure_options: Mapping[str, object] | None = None,
    correction: str | None = "fdr_bh",
    alpha: float = 0.05,
    min_count: int = 5,
    min_dispersion: float | None = None,
    min_parts: int = 1,
    parts: str = "transcript_id",
    reference_counts: Mapping[str, float] | pd.Series | pd.DataFrame | None = None,
    reference_total: float | None = None,
    tokens: TokenOptions | None = None,
    progress: bool | float | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """Rank terms a target group over- or under-uses against a reference.

    One call runs one comparison (``target`` against ``reference`` or against the rest) or
    many (``compare="rest"``: each group against all others; ``"pairs"``: every pair;
    ``"previous"``: each group against the one before it, e.g. each month against the last).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    target : value or list of values of ``by``, or a boolean mask of the turns, optional
        The target group(s), e.g. ``"official"``; with ``reference_counts``, None means every
        turn. A boolean mask (``turns["year"] >= 2000``, as quanteda's logical ``target``)
        compares the turns it selects ("target") with the rest ("reference"), in a column
        ``group``; ``plot_keyness(table, labels={"target": "2000 and later", "reference":
        "before 2000"})`` names them in a figure.
    reference : value or list of values, optional
        The reference group(s); None means all other turns.
    by : str or list of str, default="role"
        Grouping column(s); date buckets (``"month"``, ``"year"``...) are derived from
        ``date`` when absent.
    compare : {None, "rest", "pairs", "previous"}, default=None
        Many comparisons at once (instead of ``target``/``reference``). Groups are taken in
        sorted order (dates in time order).
    measure : str, default="g2"
        What ``score`` holds and rows are sorted by (each is a function of the contingency
        cells in :mod:`analysis.terms.measures`). Tests, signed by the difference (> 0: the
        target over-uses the term): "g2" (Dunning's G2), "g2_williams" (G2 with Williams'
        correction), "chi2" (Pearson's chi-square), "chi2_yates" (with Yates' correction),
        "fisher" (Fisher's exact test: ``score`` is ``-log10(p)`` with the sign of the
        difference; infinite where p underflows to 0), "bic" (Wilson's BIC Bayes factor, G2 - ln N, with the sign of the
        difference where it is > 0 and 0 where it favours no difference). Effect sizes:
        "log_ratio" (Hardie; > 0 over-used), "pct_diff" (%DIFF; > 0), "diff_coefficient"
        (-1..1; > 0), "pmi" (bits; > 0), "odds_ratio" (> 1 over-used; infinite when the
        reference lacks the term), "simple_maths" (Kilgarriff's ratio with k = 1 per million;
        > 1 over-used).
    measure_options : mapping, optional
        Keyword options of the measure's function, for the measures that have them:
        "simple_maths" (``k``, the smoothing parameter, default 1; ``per``), "pmi"
        (``base``), "chi2_yates" (``when``: "small" for quanteda's rule), "odds_ratio"
        (``add``: 0.5 for the Haldane-Anscombe correction). E.g. ``measure="simple_maths",
        measure_options={"k": 100}`` ranks commoner words (Kilgarriff 2009).
    correction : {"fdr_bh", "bonferroni", None}, default="fdr_bh"
        Multiple-comparison control over every row of the call (all terms of all
        comparisons), see :func:`adjust_p_values`.
    alpha : float, default=0.05
        Level for the ``significant`` column.
    min_count : int, default=5
        Test a term only when ``a + b >= min_count``.
    min_dispersion : float, optional
        Drop terms whose Juilland's D across the target's ``parts`` is below this (0..1).
    min_parts : int, default=1
        Drop terms used in fewer than this many of the target's ``parts`` (transcripts), so
        one transcript cannot make a term key.
    parts : str, default="transcript_id"
        Parts for the dispersion columns (NaN when the column is absent).
    reference_counts : mapping, Series or DataFrame(term, count), optional
        An external reference frequency list instead of a reference group.
    reference_total : float, optional
        Words in the external reference (default: the sum of ``reference_counts``; give it
        when the list is truncated).
    tokens
        How words become terms, as in :func:`document_term_matrix` (``reference_counts`` are looked up as given,
        so a merged phrase needs its own entry there); with n-grams, ``words_target`` and
        ``words_reference`` stay the number of words.
    progress : bool, float or None, default=None
        Show ``<function>: counting terms in N texts ... 12 s`` on standard error while the
        terms are counted (the slow step on a large corpus).
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=``, ``phrases=``: each
        one given replaces that field of ``tokens`` (``lemmas=True`` is
        ``tokens=TokenOptions(lemmas=True)``; :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        One row per comparison and term, by comparison (in plan order), ``score``
        descending, then ``term``. Columns: ``target``, ``reference`` (labels),
        ``term``, ``count_target`` (a), ``count_reference`` (b), ``words_target`` (c),
        ``words_reference`` (d), ``per_1000_target``, ``per_1000_reference``, ``g2``,
        ``chi2`` (unsigned), ``log_ratio``, ``pct_diff``, ``score``, ``p_value`` (of the
        measure's own test for "chi2", "chi2_yates", "g2_williams" and "fisher", of G2 for
        every other measure; chi-square tests on 1 df), ``p_adjusted``, ``significant``,
        ``n_parts_target`` (target parts using the term), ``dispersion_target``
        (Juilland's D across the target's parts).

    Raises
    ------
    ValueError
        Unknown option, missing column, target and reference overlapping, both ``target``
        and ``compare``.
    EmptyResultError
        A target or reference value matching no turns (the message lists the values).

    See Also
    --------
    distinctive_terms : log-odds with an informative Dirichlet prior.
    dispersion : Juilland's D and Gries' DP.

    Notes
    -----
    Measures: :func:`log_likelihood` (Dunning 1993), :func:`chi_square`, :func:`log_ratio`
    (Hardie 2014), :func:`percent_diff` (Gabrielatos & Marchi 2012),
    :func:`log_likelihood_williams`, :func:`chi_square_yates`, :func:`fisher_exact`,
    :func:`bayes_factor_bic` (Wilson 2013), :func:`odds_ratio`, :func:`pmi`,
    :func:`simple_maths` (Kilgarriff 2009), :func:`difference_coefficient` (Hofland &
    Johansson 1982); docs/measures.md says which peers give the same values. Hardie's advice is to
    test with G2 and rank by an effect size such as Log Ratio: ``measure="log_ratio"`` with
    ``significant`` as a filter.

    References
    ----------
    Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. Workshop on
    Comparing Corpora, ACL 2000, 1-6.

    Examples
    --------
    >>> turns = pd.DataFrame({"role": ["official", "questioner", "official"],
    ...                       "text": ["Cooperation and cooperation.", "Tariffs? Comment?", "Cooperation, tariffs."]})
    >>> keyness(turns, "official", min_count=1)[["term", "count_target", "count_reference"]].values.tolist()
    [['cooperation', 3, 0], ['tariffs', 1, 1], ['comment', 0, 1]]
    """
    caller = "keyness"
    progress = resolve_progress(progress, caller=caller)
    check_option("measure", measure, set(_MEASURES), caller=caller)
    options = _measure_options(measure, measure_options, caller)
    check_option("compare", compare, COMPARE_MODES, caller=caller)
    check_option("correction", correction, {"fdr_bh", "bonferroni", None}, caller=caller)
    check_interval("alpha", alpha, low=0.0, high=1.0, caller=caller, closed="neither")
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    if min_dispersion is not None:
        check_interval("min_dispersion", min_dispersion, low=0.0, high=1.0, caller=caller)
    check_interval("min_parts", min_parts, low=1, caller=caller, integer=True)
    check_type("parts", parts, str, caller=caller)
    opts = token_options(tokens, caller=caller, **shorthands)
    compile_phrases(opts, caller=caller)
    if reference_total is not None:
        check_interval("reference_total", reference_total, low=0.0, caller=caller, closed="neither")
    if reference_counts is not None and (reference is not None or compare is not None):
        raise ValueError(f"{caller}(): reference_counts replaces reference and compare; give only one.")
    frame = as_turns(turns, caller=caller)
    frame, target, reference, by = mask_groups(frame, target, reference, compare, by, caller=caller)
    cols = by_list(by)
    frame = with_date_buckets(frame, cols, caller=caller)
    as_turns(frame, caller=caller, columns=tuple(cols))
    if min_dispersion is not None or min_parts > 1:
        as_turns(frame, caller=caller, columns=(parts,))
    if frame.empty:
        return pd.DataFrame(columns=KEYNESS_COLUMNS)
    # a term kept only when it occurs in min_parts parts of the target occurs in as many rows:
    # terms of fewer rows are never counted (their n-gram strings never made)
    min_rows = min_parts if reference_counts is None else 1
    counted = count_rows(frame, opts, min_rows=min_rows, caller=caller, progress=progress)
    gcodes, keys = group_codes(frame, cols)
    group_counts = (indicator(gcodes, len(keys)) @ counted.matrix).tocsr()
    group_words = np.bincount(gcodes, weights=counted.n_words, minlength=len(keys))
    has_parts = parts in frame.columns
    pcodes = frame.groupby(parts, sort=True, dropna=False).ngroup().to_numpy() if has_parts else None

    if reference_counts is not None:
        if target is None:
            tg = tuple(range(len(keys)))
            tlabel = "corpus"
        else:
            tg = tuple(find_groups(keys, cols, as_values(target), name="target", caller=caller))
            tlabel = " + ".join(group_labels(keys)[i] for i in tg)
        vocab, ref_vec, total = _reference_vector(reference_counts, counted.vocabulary, lowercase=opts.lowercase,
                                                  stops=resolve_stop_words(opts.stop_words), caller=caller)
        total = float(reference_total) if reference_total is not None else total
        pos = np.searchsorted(vocab, counted.vocabulary)
        a_full = np.zeros(len(vocab))
        a_full[pos] = np.asarray(group_counts[list(tg)].sum(axis=0)).ravel()
        column_of = np.full(len(vocab), -1, dtype=np.int64)
        column_of[pos] = np.arange(len(pos))
        comps = [(Comparison(tlabel, "reference list", tg, ()), a_full, ref_vec, total, column_of)]
    else:
        plan = plan_comparisons(keys, cols, target, reference, compare, caller=caller)
        totals = np.asarray(group_counts.sum(axis=0)).ravel()
        comps = []
        for comp in plan:
            a = np.asarray(group_counts[list(comp.target_groups)].sum(axis=0)).ravel()
            if comp.reference == "rest":
                b = totals - a
            else:
                b = np.asarray(group_counts[list(comp.reference_groups)].sum(axis=0)).ravel()
            d = float(group_words[list(comp.reference_groups)].sum())
            comps.append((comp, a, b, d, None))
        vocab = counted.vocabulary

    pieces = []
    for k, (comp, a, b, d, column_of) in enumerate(comps):
        c = float(group_words[list(comp.target_groups)].sum())
        keep = np.flatnonzero(a + b >= min_count)
        if c <= 0 or d <= 0:
            keep = keep[:0]
        ak, bk = a[keep], b[keep]
        piece = pd.DataFrame({
            "_k": k, "target": comp.target, "reference": comp.reference, "term": vocab[keep],
            "count_target": ak.astype(np.int64), "count_reference": bk,
            "words_target": int(c), "words_reference": d,
        })
        piece["per_1000_target"] = 1000.0 * ak / c if c else np.nan
        piece["per_1000_reference"] = 1000.0 * bk / d if d else np.nan
        piece["g2"] = log_likelihood(ak, bk, c, d)
        piece["chi2"] = chi_square(ak, bk, c, d)
        piece["log_ratio"] = log_ratio(ak, bk, c, d)
        piece["pct_diff"] = percent_diff(ak, bk, c, d)
        sign = np.sign(ak / c - bk / d) if len(keep) else np.zeros(0)
        piece["score"], piece["p_value"] = _score(measure, piece, ak, bk, c, d, sign, options)
        piece["n_parts_target"], piece["dispersion_target"] = _target_dispersion(
            counted, gcodes, pcodes, comp.target_groups, keep, column_of)
        # the rows min_dispersion and min_parts drop go now, so the comparisons' frames held
        # together hold only the rows returned
        passing = np.ones(len(piece), dtype=bool)
        if min_dispersion is not None:
            passing &= piece["dispersion_target"].fillna(0.0).to_numpy() >= min_dispersion
        if min_parts > 1:
            passing &= piece["n_parts_target"].to_numpy() >= min_parts
        pieces.append(piece if passing.all() else piece[passing])
    out = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=["_k", *KEYNESS_COLUMNS])
    if reference_counts is None:
        out["count_reference"] = out["count_reference"].astype(np.int64)
        out["words_reference"] = out["words_reference"].astype(np.int64)
    out["p_adjusted"] = adjust_p_values(out["p_value"].to_numpy(dtype=float), method=correction)
    out["significant"] = out["p_adjusted"] < alpha
    out = out.sort_values(["_k", "score", "term"], ascending=[True, False, True], ignore_index=True)
    return out[KEYNESS_COLUMNS]


#: The keyword options each measure's function takes (``measure_options``).
_OPTIONS = {"simple_maths": {"k", "per"}, "pmi": {"base"}, "chi2_yates": {"when"}, "odds_ratio": {"add"}}


def _measure_options(measure: str, options, caller: str) -> dict:
    """``measure_options`` checked against the measure's keywords (their values are checked
    by the measure itself, on a one-cell table, so a bad value fails before any counting)."""
    if options is None:
        return {}
    if not isinstance(options, Mapping):
        raise TypeError(f"{caller}(): measure_options must be a mapping of keyword options; got "
                        f"{type(options).__name__}.")
    allowed = _OPTIONS.get(measure, set())
    unknown = sorted(set(options) - allowed)
    if unknown:
        have = ", ".join(sorted(allowed)) if allowed else "none"
        raise ValueError(f"{caller}(): measure_options {unknown} do not apply to measure={measure!r} "
                         f"(its options: {have}).")
    KEYNESS_MEASURES[measure](1, 1, 2, 2, **options)
    return dict(options)


def _score(measure: str, piece: pd.DataFrame, a: np.ndarray, b: np.ndarray, c: float, d: float,
           sign: np.ndarray, options: Mapping | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``score`` and ``p_value`` of one comparison's rows (see :func:`keyness`)."""
    g2 = piece["g2"].to_numpy(dtype=float)
    if not len(a):
        return np.zeros(0), np.zeros(0)
    if measure in ("g2", "chi2", "log_ratio", "pct_diff"):
        stat = piece[measure].to_numpy(dtype=float)
    else:
        stat = np.asarray(KEYNESS_MEASURES[measure](a, b, c, d, **(options or {})), dtype=float)
    if measure in _SIGNED:
        return stat * sign, chi2_sf_1df(stat)
    if measure == "fisher":
        with np.errstate(divide="ignore"):
            return -np.log10(stat) * sign, stat
    if measure == "bic":
        return np.where(stat > 0, stat * sign, 0.0), chi2_sf_1df(g2)
    return stat, chi2_sf_1df(g2)


def _target_dispersion(counted, gcodes, pcodes, target_groups, keep, column_of):
    """Parts of the target using each kept term, and Juilland's D across the target's parts.

    ``column_of`` maps the compared vocabulary to columns of ``counted`` (-1: absent from
    the corpus), or is None when the vocabularies are the same.
    """
    n = len(keep)
    if pcodes is None:
        return np.full(n, np.nan), np.full(n, np.nan)
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    rows = np.flatnonzero(np.isin(gcodes, list(target_groups)))
    _, local = np.unique(pcodes[rows], return_inverse=True)
    g = indicator(local.ravel(), int(local.max()) + 1)
    part_counts = (g @ counted.matrix[rows]).tocsc()
    sizes = g @ counted.n_words[rows]
    cols = keep if column_of is None else column_of[keep]
    present = cols >= 0
    measures = dispersion_measures(part_counts[:, cols[present]], sizes)
    n_with = np.zeros(n, dtype=np.int64)
    d = np.full(n, np.nan)
    n_with[present] = measures["n_parts_with"].to_numpy()
    d[present] = measures["juilland_d"].to_numpy()
    return n_with, d
