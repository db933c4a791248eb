"""Distinctive terms: weighted log-odds ratios with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008, "Fightin' Words"), and the same as tidylo computes them
(Schnoebelen, Silge & Hayes: each group against all groups pooled, empirical Bayes prior).

Notation: ``y_w^i`` the count of term ``w`` in group ``i``, ``n^i = sum_w y_w^i``;
``alpha_w`` the prior count of ``w``, ``alpha_0 = sum_w alpha_w``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import numpy as np
import pandas as pd

from .._progress import resolve as resolve_progress
from .._validation import check_interval, check_option, check_type
from ..turns import as_turns
from ..types import TurnsLike
from ._base import (
    COMPARE_MODES, GroupValue, by_list, count_rows, group_codes, indicator, mask_groups, plan_comparisons,
    with_date_buckets,
)
from ..token_options import TokenOptions, TokenShorthands, token_options
from .mwe import compile_phrases

__all__ = ["log_odds_dirichlet", "weighted_log_odds", "distinctive_terms"]

DISTINCTIVE_COLUMNS = ["target", "reference", "term", "count_target", "count_reference", "count",
                       "log_odds", "se", "z"]


def log_odds_dirichlet(y_i, y_j, alpha) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio of every term between two groups, its standard error and z-score.

    Parameters
    ----------
    y_i, y_j : array-like
        Counts of every term of the vocabulary in groups i and j (the whole vocabulary: the
        totals ``n`` are their sums).
    alpha : array-like
        Prior counts ``alpha_w`` (> 0).

    Returns
    -------
    (delta, se, z) : tuple of numpy.ndarray

    Notes
    -----
    Monroe et al. (2008), eqs. 16 and 18-22::

        delta_w = ln[(y_w^i + a_w) / (n^i + a_0 - y_w^i - a_w)]
                - ln[(y_w^j + a_w) / (n^j + a_0 - y_w^j - a_w)]
        var(delta_w) ~= 1 / (y_w^i + a_w) + 1 / (y_w^j + a_w)
        z_w = delta_w / sqrt(var(delta_w))

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict. Political
    Analysis, 16(4), 372-403.

    Examples
    --------
    >>> d, se, z = log_odds_dirichlet([8, 2], [2, 8], [1.0, 1.0])
    >>> [round(float(x), 3) for x in z]
    [3.296, -3.296]
    """
    yi, yj, a = (np.asarray(x, dtype=float) for x in (y_i, y_j, alpha))
    ni, nj, a0 = yi.sum(), yj.sum(), a.sum()
    delta = np.log((yi + a) / (ni + a0 - yi - a)) - np.log((yj + a) / (nj + a0 - yj - a))
    se = np.sqrt(1.0 / (yi + a) + 1.0 / (yj + a))
    return delta, se, delta / se


def weighted_log_odds(counts, *, uninformative: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tidylo's weighted log odds of every term in every group, against all groups pooled.

    Parameters
    ----------
    counts : array-like or scipy sparse matrix, shape (n_groups, n_terms)
        ``y_w^i``. As in tidylo's tidy input, a zero cell is a row that does not exist: it
        adds nothing to the totals.
    uninformative : bool, default=False
        False: the empirical Bayes prior ``alpha_w = sum_i y_w^i`` (the term's count in all
        groups); True: ``alpha_w = 1``.

    Returns
    -------
    (delta, se, z) : tuple of numpy.ndarray, each (n_groups, n_terms)
        The log odds ratio, its standard error and the weighted log odds (z). Cells with a
        zero count hold the values the formulas give for a count of 0 (the prior alone),
        with the totals unchanged.

    Notes
    -----
    tidylo's ``bind_log_odds`` (after Monroe et al. 2008, eqs. 15, 18, 21), on the
    pseudo-counts ``y~_w^i = y_w^i + alpha_w`` of the non-zero cells::

        n~^i = sum_w y~_w^i,  y~_w = sum_i y~_w^i,  T = sum_i n~^i
        delta_w^i = ln[y~_w^i / (n~^i - y~_w^i)] - ln[y~_w / (T - y~_w)]
        sigma^2 = 1 / y~_w^i + 1 / y~_w,   z = delta / sigma

    Unlike :func:`log_odds_dirichlet`, each group is compared with the pool of all groups
    (itself included), and the prior comes from the groups compared rather than from a
    background corpus.

    References
    ----------
    Schnoebelen, T., Silge, J. & Hayes, A. (2020). tidylo: Weighted tidy log odds ratio.
    R package. https://github.com/juliasilge/tidylo

    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict. Political
    Analysis, 16(4), 372-403.

    Examples
    --------
    >>> _, _, z = weighted_log_odds([[12, 2, 4], [3, 10, 1]])  # tidylo's mtcars example
    >>> z.round(4).tolist()
    [[1.1728, -1.3768, 0.4033], [-1.1355, 1.5661, -0.4362]]
    """
    y = np.asarray(counts.toarray() if hasattr(counts, "toarray") else counts, dtype=float)
    if y.ndim != 2:
        raise ValueError(f"weighted_log_odds(): counts must be a groups x terms matrix; got shape {y.shape}.")
    present = y > 0
    alpha = np.ones(y.shape[1]) if uninformative else y.sum(axis=0)
    pseudo = y + alpha
    kept = np.where(present, pseudo, 0.0)
    n_i = kept.sum(axis=1, keepdims=True)
    y_w = kept.sum(axis=0, keepdims=True)
    total = kept.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(pseudo / (n_i - pseudo)) - np.log(y_w / (total - y_w))
        se = np.sqrt(1.0 / pseudo + 1.0 / y_w)
    return delta, se, delta / se


def distinctive_terms(
    turns: TurnsLike,
    target: GroupValue | None = None,
    reference: GroupValue | None = None,
    *,
    by: str | Sequence[str] = "speaker",
    compare: str | None = None,
    method: str = "monroe",
    prior: str = "informative",
    prior_scale: float | None = None,
    min_count: int = 5,
    tokens: TokenOptions | None = None,
    progress: bool | float | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """Terms that mark one group against another: log-odds with an informative Dirichlet prior.

    Unlike raw frequency differences, the z-score shrinks rare terms towards zero, so a
    term used twice by one speaker and never by another does not top the list.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    target, reference : value or list of values of ``by``, optional
        The groups compared (reference None: all other turns). ``target`` may be a boolean
        mask of the turns (``turns["year"] >= 2000``): the turns it selects ("target") against
        the rest ("reference"), in a column ``group``, as for :func:`keyness`.
    by : str or list of str, default="speaker"
        Grouping column(s) (date buckets derived from ``date`` as in :func:`keyness`).
    compare : {None, "rest", "pairs", "previous"}, default=None
        Several comparisons in one call, as in :func:`keyness`.
    method : {"monroe", "tidylo"}, default="monroe"
        "monroe": Monroe et al.'s log-odds of the target against the reference
        (:func:`log_odds_dirichlet`); "tidylo": tidylo's ``bind_log_odds`` on the two groups
        of each comparison (:func:`weighted_log_odds`: the target against the pool of target
        and reference, prior from their counts).
    prior : {"informative", "uninformative"}, default="informative"
        Informative: ``alpha_w`` proportional to the term's count in all of ``turns`` (the
        background; for "tidylo", tidylo's empirical Bayes prior: the term's count in the two
        groups compared); uninformative: the same ``alpha_w`` for every term (1 for "tidylo",
        as tidylo's ``uninformative=TRUE``).
    prior_scale : float, optional
        ``alpha_0``, the total prior count ("monroe" only). Default: the background's word
        count for the informative prior (``alpha_w = y_w`` of the background), ``0.01 * V``
        for the uninformative one (``alpha_w = 0.01``).
    min_count : int, default=5
        Report a term only when ``y_w^i + y_w^j >= min_count`` (the model is fitted on the
        whole vocabulary either way).
    tokens
        How words become terms, as in :func:`document_term_matrix`.
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
        One row per comparison and term, by comparison, ``z`` descending, then ``term``.
        Columns: ``target``, ``reference``, ``term``, ``count_target``, ``count_reference``,
        ``count`` (both), ``log_odds`` (delta), ``se``, ``z`` (> 1.96: marks the target at
        the 5% level; < -1.96: marks the reference).

    Raises
    ------
    ValueError
        Unknown option, missing column, overlapping groups.
    EmptyResultError
        A target or reference value matching no turns.

    See Also
    --------
    log_odds_dirichlet, weighted_log_odds : the formulas. keyness : G2 and effect sizes.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature
    selection and evaluation for identifying the content of political conflict. Political
    Analysis, 16(4), 372-403.

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["A", "B", "A", "B"],
    ...                       "text": ["tariffs tariffs trade", "security trade", "tariffs", "security security"]})
    >>> distinctive_terms(turns, "A", "B", min_count=1)[["term", "count_target", "count_reference"]].values.tolist()
    [['tariffs', 3, 0], ['trade', 1, 1], ['security', 0, 3]]
    """
    caller = "distinctive_terms"
    progress = resolve_progress(progress, caller=caller)
    check_option("compare", compare, COMPARE_MODES, caller=caller)
    check_option("method", method, {"monroe", "tidylo"}, caller=caller)
    check_option("prior", prior, {"informative", "uninformative"}, caller=caller)
    if prior_scale is not None:
        check_interval("prior_scale", prior_scale, low=0.0, caller=caller, closed="neither")
        if method == "tidylo":
            raise ValueError(f"{caller}(): prior_scale sets Monroe et al.'s alpha_0; method='tidylo' takes "
                             f"its prior from the counts (give prior='uninformative' for alpha_w = 1).")
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    opts = token_options(tokens, caller=caller, **shorthands)
    compile_phrases(opts, caller=caller)
    frame = as_turns(turns, caller=caller)
    frame, target, reference, by = mask_groups(frame, target, reference, compare, by, caller=caller)
    cols = by_list(by)
    frame = with_date_buckets(frame, cols, caller=caller)
    as_turns(frame, caller=caller, columns=tuple(cols))
    if frame.empty:
        return pd.DataFrame(columns=DISTINCTIVE_COLUMNS)
    counted = count_rows(frame, opts, caller=caller, progress=progress)
    gcodes, keys = group_codes(frame, cols)
    group_counts = (indicator(gcodes, len(keys)) @ counted.matrix).tocsr()
    plan = plan_comparisons(keys, cols, target, reference, compare, caller=caller)
    background = np.asarray(counted.matrix.sum(axis=0)).ravel().astype(float)
    n_vocab = len(background)
    if prior == "informative":
        alpha = background if prior_scale is None else prior_scale * background / max(background.sum(), 1.0)
    else:
        alpha = np.full(n_vocab, 0.01 if prior_scale is None else prior_scale / max(n_vocab, 1))
    pieces = []
    for k, comp in enumerate(plan):
        yi = np.asarray(group_counts[list(comp.target_groups)].sum(axis=0)).ravel()
        if comp.reference == "rest":
            yj = background - yi
        else:
            yj = np.asarray(group_counts[list(comp.reference_groups)].sum(axis=0)).ravel()
        keep = np.flatnonzero(yi + yj >= min_count)
        if method == "tidylo":
            delta, se, z = (x[0, keep] for x in weighted_log_odds(
                np.vstack([yi, yj]), uninformative=prior == "uninformative"))
        else:
            # every vocabulary term occurs in the background, so alpha_w > 0 throughout
            delta, se, z = (x[keep] for x in log_odds_dirichlet(yi, yj, alpha))
        pieces.append(pd.DataFrame({
            "_k": k, "target": comp.target, "reference": comp.reference, "term": counted.vocabulary[keep],
            "count_target": yi[keep].astype(np.int64), "count_reference": yj[keep].astype(np.int64),
            "count": (yi[keep] + yj[keep]).astype(np.int64), "log_odds": delta, "se": se, "z": z,
        }))
    out = pd.concat(pieces, ignore_index=True)
    out = out.sort_values(["_k", "z", "term"], ascending=[True, False, True], ignore_index=True)
    return out[DISTINCTIVE_COLUMNS]
