"""Topic stability across runs: agreement of ranked top terms (Greene et al. 2014).

Average Jaccard: for two ranked term lists R1, R2 of length t,
AJ = (1/t) sum_{d=1..t} |R1[:d] & R2[:d]| / |R1[:d] | R2[:d]|.
Agreement between two k-topic models is the mean AJ of their topics matched one-to-one so
that the total AJ is largest (Hungarian method). Stability at k is the mean agreement
between a reference model on all units and models refitted on random subsamples.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .._validation import check_interval
from ..types import PathLike, TurnsLike
from ._vectorize import Design, build_design
from .models import MODEL_DEFAULTS, MODELS, TopicModelResult, _as_units, _check_fit_params, fit_design, truncated_svd

__all__ = ["average_jaccard", "ranking_agreement", "topic_stability"]


def average_jaccard(first: Sequence[str], second: Sequence[str]) -> float:
    """Average Jaccard of two ranked term lists (Greene et al. 2014), in [0, 1].

    Examples
    --------
    >>> average_jaccard(["a", "b", "c"], ["a", "b", "c"])
    1.0
    >>> round(average_jaccard(["a", "b"], ["b", "a"]), 3)  # (0/2 + 2/2) / 2
    0.5
    """
    return float(_aj_matrix([list(first)], [list(second)])[0, 0])


def _aj_matrix(set1: Sequence[Sequence[str]], set2: Sequence[Sequence[str]]) -> np.ndarray:
    """Average Jaccard of every pair (topic of set1, topic of set2), vectorised."""
    t = min(min(len(r) for r in set1), min(len(r) for r in set2))
    vocab = {w: i for i, w in enumerate(dict.fromkeys(w for r in [*set1, *set2] for w in r[:t]))}
    big = t + 1

    def positions(rankings):
        pos = np.full((len(rankings), len(vocab)), big, dtype=np.int64)
        for a, r in enumerate(rankings):
            for d, w in enumerate(r[:t]):
                pos[a, vocab[w]] = min(pos[a, vocab[w]], d)
        return pos

    p1, p2 = positions(set1), positions(set2)
    first_common = np.maximum(p1[:, None, :], p2[None, :, :])  # depth at which a shared term enters both
    depths = np.arange(1, t + 1)
    inter = (first_common[..., None] < depths).sum(axis=2)  # |R1[:d] & R2[:d]|, shape (k1, k2, t)
    union = 2 * depths - inter
    return (inter / union).mean(axis=2)


def ranking_agreement(first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]) -> float:
    """Agreement of two topic models' ranked top terms (Greene et al. 2014), in [0, 1].

    Topics are matched one-to-one by the Hungarian method (``scipy.optimize.
    linear_sum_assignment``) to maximize the total average Jaccard; the agreement is the
    mean average Jaccard of matched pairs over the larger number of topics.

    References
    ----------
    Greene, D., O'Callaghan, D. & Cunningham, P. (2014). How many topics? Stability analysis
    for topic models. ECML PKDD, LNCS 8724, 498-513.

    Examples
    --------
    >>> ranking_agreement([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]])
    1.0
    """
    if not first or not second:
        return float("nan")
    aj = _aj_matrix(first, second)
    rows, cols = linear_sum_assignment(aj, maximize=True)
    return float(aj[rows, cols].sum() / max(len(first), len(second)))


def _uses_svd(params: Mapping[str, Any]) -> bool:
    """True when the model starts from an SVD that can be shared across k (NMF, NNDSVDa)."""
    init = (params.get("model_params") or {}).get("init", MODEL_DEFAULTS["nmf"]["init"])
    return params["model"] == "nmf" and init == "nndsvda"


def _shared_svd(design: Design, rows: np.ndarray | None, key, cache: dict | None, n_components: int | None):
    if cache is None or n_components is None:
        return None
    if key not in cache:
        x = design.tfidf if rows is None else design.tfidf[rows]
        cache[key] = truncated_svd(x, min(n_components, min(x.shape)))
    return cache[key]


def _stability_runs(design: Design, params: Mapping[str, Any], *, n_runs: int, sample_fraction: float,
                    top_n: int, random_state: int, reference: TopicModelResult | None = None,
                    svd_cache: dict | None = None, svd_components: int | None = None) -> pd.DataFrame:
    share = _uses_svd(params)
    ref = reference or fit_design(design, params, random_state=random_state, caller="topic_stability")
    ref_terms = ref.top_terms(top_n)
    n = design.counts.shape[0]
    rng = np.random.default_rng(random_state)
    m = max(params["k"], int(round(sample_fraction * n)))
    rows = []
    for run in range(1, n_runs + 1):
        rows_idx = np.sort(rng.choice(n, size=m, replace=False)) if m < n else None
        seed = random_state + run
        svd = _shared_svd(design, rows_idx, (run, m), svd_cache, svd_components) if share else None
        fit = fit_design(design, params, rows=rows_idx, random_state=seed, svd=svd, caller="topic_stability")
        rows.append((run, seed, m, ranking_agreement(ref_terms, fit.top_terms(top_n))))
    return pd.DataFrame(rows, columns=["run", "seed", "n_units", "agreement"])


def _fit_options(kwargs: dict, caller: str) -> dict:
    allowed = {"representation", "min_df", "max_df", "max_features", "lemmas", "extra_stop_words",
               "lsa_components", "model_params"}
    unknown = set(kwargs) - allowed
    if unknown:
        raise TypeError(f"{caller}(): unknown option(s) {sorted(unknown)}; fit options are {sorted(allowed)}.")
    return kwargs


def _params(k, model, random_state, top_n, opts) -> dict:
    return dict(k=k, model=model, representation=opts.get("representation") or MODELS[model][0],
                min_df=opts.get("min_df", 5), max_df=opts.get("max_df", 0.5),
                max_features=opts.get("max_features"), lemmas=opts.get("lemmas", False),
                extra_stop_words=tuple(opts.get("extra_stop_words", ())), n_top_terms=top_n,
                lsa_components=opts.get("lsa_components", 100), random_state=random_state,
                model_params=dict(opts.get("model_params") or {}))


def _design_for(units: TurnsLike, opts: dict, caller: str, cache: PathLike | bool | None = False) -> Design:
    frame = _as_units(units, lemmas=opts.get("lemmas", False))
    return build_design(frame, min_df=opts.get("min_df", 5), max_df=opts.get("max_df", 0.5),
                        max_features=opts.get("max_features"), lemmas=opts.get("lemmas", False),
                        extra_stop_words=opts.get("extra_stop_words", ()), caller=caller, cache=cache)


def topic_stability(
    units: TurnsLike,
    *,
    k: int = 10,
    model: str = "nmf",
    n_runs: int = 5,
    sample_fraction: float = 0.8,
    top_n: int = 10,
    random_state: int = 0,
    **fit_options: Any,
) -> pd.DataFrame:
    """Agreement of top terms between a reference model and models refitted on subsamples.

    Parameters
    ----------
    units : pandas.DataFrame or Corpus
        As for :func:`fit_topics`.
    k : int, default=10
    model : str, default="nmf"
        As for :func:`fit_topics`.
    n_runs : int, default=5
        Refits compared with the reference.
    sample_fraction : float, default=0.8
        Share of units drawn (without replacement) for each refit; 1.0 refits on all units,
        so only the seed changes (a deterministic model then scores 1.0).
    top_n : int, default=10
        Ranked terms per topic compared.
    random_state : int, default=0
        Seed of the reference model and of the subsampling; run ``r`` uses seed
        ``random_state + r``.
    **fit_options
        ``representation``, ``min_df``, ``max_df``, ``max_features``, ``lemmas``,
        ``extra_stop_words``, ``lsa_components``, ``model_params`` as for :func:`fit_topics`.

    Returns
    -------
    pandas.DataFrame
        One row per run: ``run``, ``seed``, ``n_units``, ``agreement`` (see
        :func:`ranking_agreement`). Stability is the mean of ``agreement``.

    Raises
    ------
    ValueError
        Bad ``n_runs``, ``sample_fraction`` or ``top_n``, or any :func:`fit_topics` error.
    TypeError
        An unknown fit option.

    Notes
    -----
    The vocabulary is fixed once on all units, so runs differ only in the units they see
    and their seed. See the module notes for average Jaccard.

    References
    ----------
    Greene, D., O'Callaghan, D. & Cunningham, P. (2014). How many topics? Stability analysis
    for topic models. ECML PKDD, LNCS 8724, 498-513.

    Examples
    --------
    >>> units = pd.DataFrame({"text": ["tariffs trade deficit"] * 6 + ["typhoon rescue flood"] * 6})
    >>> topic_stability(units, k=2, n_runs=2, top_n=3, min_df=1, max_df=1.0)["agreement"].tolist()
    [1.0, 1.0]
    """
    caller = "topic_stability"
    opts = _fit_options(fit_options, caller)
    _check_fit_params(k, model, opts.get("representation"), top_n, opts.get("lsa_components", 100),
                      random_state, opts.get("model_params"), caller=caller)
    check_interval("n_runs", n_runs, low=1, caller=caller, integer=True)
    check_interval("sample_fraction", sample_fraction, low=0, high=1, closed="right", caller=caller)
    design = _design_for(units, opts, caller)
    return _stability_runs(design, _params(k, model, random_state, top_n, opts), n_runs=n_runs,
                           sample_fraction=sample_fraction, top_n=top_n, random_state=random_state)
