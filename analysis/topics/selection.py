"""Choosing the number of topics from coherence and stability.

For each k, :func:`choose_k` fits a reference model on all units, scores its coherence
(:mod:`.coherence`) and refits it on subsamples to score its stability (:mod:`.stability`);
:func:`recommend_k` states the rule that turns the table into one k.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._progress import bar, step
from .._validation import check_columns, check_interval, check_option, check_type
from ..errors import EmptyResultError
from ..types import TurnsLike
from .coherence import topic_coherence
from .models import _check_fit_params, check_supported_k, fit_design
from .stability import _design_for, _fit_options, _params, _shared_svd, _stability_runs, _uses_svd

__all__ = ["choose_k", "recommend_k", "K_SELECTION_COLUMNS"]

#: Columns of :func:`choose_k`.
K_SELECTION_COLUMNS = ("k", "coherence", "coherence_sd", "coherence_weighted", "stability", "stability_sd",
                       "n_units", "coherence_scaled", "stability_scaled", "score", "recommended")


def choose_k(
    units: TurnsLike,
    *,
    k_values: Iterable[int] = range(6, 21, 2),
    model: str = "nmf",
    top_n: int = 10,
    n_runs: int = 4,
    sample_fraction: float = 0.8,
    random_state: int = 0,
    coherence: str = "coherence_weighted",
    max_units: int | None = 20_000,
    progress: bool = False,
    **fit_options: Any,
) -> pd.DataFrame:
    """Coherence and stability of models with each number of topics, and the recommended k.

    Parameters
    ----------
    units : pandas.DataFrame or Corpus
        As for :func:`fit_topics`; vectorized once for every k.
    k_values : iterable of int, default=range(6, 21, 2)
        Numbers of topics to try (at least two values, each >= 2).
    model : str, default="nmf"
        As for :func:`fit_topics`.
    top_n : int, default=10
        Terms per topic for coherence and stability.
    n_runs, sample_fraction : int and float, default=4 and 0.8
        As for :func:`topic_stability`.
    random_state : int, default=0
    coherence : {"coherence_weighted", "coherence"}, default="coherence_weighted"
        The coherence column :func:`recommend_k` weighs against stability.
    max_units : int or None, default=20000
        With more units than this, k is chosen on a random sample of ``max_units`` of them
        (drawn with ``random_state``, kept in corpus order): every k costs ``1 + n_runs`` model
        fits, each linear in the units, and coherence and stability are averages that a
        sample of this size estimates closely. ``None`` uses every unit. The ``n_units``
        column says how many were used.
    progress : bool, default=False
        Show a progress bar over k.
    **fit_options
        As for :func:`topic_stability`.

    Returns
    -------
    pandas.DataFrame
        One row per k, by k: ``k``, ``coherence`` (mean NPMI of the topics of the model
        fitted on all units, as gensim's ``CoherenceModel`` averages), ``coherence_sd``
        (over topics), ``coherence_weighted`` (topic NPMI weighted by the topic's share of
        units: the coherence of the topic a typical unit is placed in), ``stability``
        (mean agreement over runs), ``stability_sd``, ``n_units``, ``coherence_scaled``
        and ``stability_scaled`` (min-max scaled over the k tried), ``score`` (their
        mean), ``recommended`` (True on one row; see :func:`recommend_k`).

    Raises
    ------
    ValueError
        Fewer than two ``k_values``, a k < 2, or any :func:`topic_stability` error.

    Notes
    -----
    Coherence rewards topics whose top terms occur together in the units; stability
    rewards a k at which the topics come back when the data are perturbed. Neither alone
    picks k well: stability is often highest for a small k whose topics are broad, and
    the plain mean coherence can stay high while one catch-all topic of low coherence
    holds half the units, which the unit-weighted coherence exposes. The recommendation
    weighs coherence and stability equally after scaling.

    References
    ----------
    Greene, D., O'Callaghan, D. & Cunningham, P. (2014). How many topics? Stability analysis
    for topic models. ECML PKDD, LNCS 8724, 498-513.
    Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic coherence
    measures. Proceedings of WSDM, 399-408.

    Examples
    --------
    >>> units = pd.DataFrame({"text": ["tariffs trade deficit surplus"] * 7 + ["typhoon rescue flood storm"] * 5
    ...                               + ["panda zoo loan bamboo"] * 3})
    >>> table = choose_k(units, k_values=[2, 3, 4], n_runs=2, top_n=4, min_df=1, max_df=1.0)
    >>> table[["k", "coherence", "stability", "recommended"]].values.tolist()
    [[2, 1.0, 0.5, False], [3, 1.0, 1.0, True], [4, 1.0, 1.0, False]]
    """
    caller = "choose_k"
    check_option("coherence", coherence, {"coherence", "coherence_weighted"}, caller=caller)
    ks = sorted({int(k) for k in k_values})
    if len(ks) < 2:
        raise ValueError(f"{caller}(): k_values must hold at least two numbers of topics; got {ks}.")
    opts = _fit_options(fit_options, caller)
    for k in ks:
        _check_fit_params(k, model, opts.get("representation"), top_n, opts.get("lsa_components", 100),
                          random_state, opts.get("model_params"), caller=caller)
    check_interval("n_runs", n_runs, low=1, caller=caller, integer=True)
    check_interval("sample_fraction", sample_fraction, low=0, high=1, closed="right", caller=caller)
    if max_units is not None:
        check_interval("max_units", max_units, low=2, caller=caller, integer=True)
    design = _design_for(_sample_units(units, max_units, random_state, opts), opts, caller)
    check_supported_k(ks[-1], design.counts.shape[0], caller=caller)  # before any fit
    svd_cache: dict = {}  # one SVD per sample of units, shared by every k (NMF's NNDSVDa start)
    job = dict(model=model, random_state=random_state, top_n=top_n, opts=opts, n_runs=n_runs,
               sample_fraction=sample_fraction, k_max=ks[-1], caller=caller)
    from ..scale._engine import n_workers, run_map

    workers = min(n_workers(-1), len(ks) - 1)
    if workers > 1 and design.counts.shape[0] >= PARALLEL_UNITS:
        # the first k fills the SVD cache here; the other k are fitted on every core with it
        rows = [_score_k(ks[0], design, svd_cache, job)]
        with step(f"choosing k among {len(ks)} values on {workers} cores", enabled=progress):
            rows += run_map(_score_k_job, [(k, design, svd_cache, job) for k in ks[1:]], engine="joblib",
                            n_jobs=workers)
    else:
        rows = [_score_k(k, design, svd_cache, job) for k in bar(ks, desc="choosing k", unit="k", enabled=progress)]
    table = pd.DataFrame(rows, columns=list(K_SELECTION_COLUMNS[:7]))
    return recommend_k(table, coherence=coherence)


#: Units from which the k values are fitted on every core (fewer: one process, no start-up cost).
PARALLEL_UNITS = 5_000


def _score_k(k: int, design, svd_cache: dict, job: dict) -> tuple:
    """One row of :func:`choose_k`: the reference model of ``k`` topics, its coherence, and its
    stability over refits on subsamples (the SVDs of ``svd_cache`` reused, new ones added)."""
    params = _params(k, job["model"], job["random_state"], job["top_n"], job["opts"])
    svd = _shared_svd(design, None, "all", svd_cache, job["k_max"]) if _uses_svd(params) else None
    ref = fit_design(design, params, svd=svd, caller=job["caller"])
    coh = topic_coherence(ref, top_n=job["top_n"])["coherence"].to_numpy()
    runs = _stability_runs(design, params, n_runs=job["n_runs"], sample_fraction=job["sample_fraction"],
                           top_n=job["top_n"], random_state=job["random_state"], reference=ref, svd_cache=svd_cache,
                           svd_components=job["k_max"])
    weighted = float(np.sum(coh * ref.topic_sizes["share_units"].to_numpy()))
    return (k, float(coh.mean()), float(coh.std(ddof=0)), weighted, float(runs["agreement"].mean()),
            float(runs["agreement"].std(ddof=0)), design.counts.shape[0])


def _score_k_job(args: tuple) -> tuple:
    return _score_k(*args)


def _sample_units(units: TurnsLike, max_units: int | None, random_state: int, opts: dict) -> TurnsLike:
    """``units``, or a seeded random sample of ``max_units`` of them in their order."""
    if max_units is None:
        return units
    from .models import _as_units

    frame = _as_units(units, lemmas=opts.get("lemmas", False))
    if len(frame) <= max_units:
        return frame
    rows = np.sort(np.random.default_rng(random_state).choice(len(frame), size=max_units, replace=False))
    return frame.iloc[rows].reset_index(drop=True)


def recommend_k(table: pd.DataFrame, *, coherence: str = "coherence_weighted") -> pd.DataFrame:
    """Mark the recommended number of topics in a :func:`choose_k` table.

    Rule: scale the ``coherence`` column and ``stability`` to [0, 1] over the k tried
    (min-max; a constant column scales to 1), ``score`` = their mean; recommend the k with
    the highest score, the smaller k on ties.

    Parameters
    ----------
    table : pandas.DataFrame
        Needs ``k``, ``stability`` and the ``coherence`` column.
    coherence : str, default="coherence_weighted"
        Which coherence column to weigh (``"coherence"`` for the plain mean; falls back to
        ``"coherence"`` when the table has no ``coherence_weighted``).

    Returns
    -------
    pandas.DataFrame
        ``table`` (a copy, by k) with ``coherence_scaled``, ``stability_scaled``, ``score``
        and ``recommended`` (re)computed.

    Raises
    ------
    EmptyResultError
        ``table`` has no row.

    Examples
    --------
    >>> t = pd.DataFrame({"k": [4, 6, 8], "coherence": [0.1, 0.2, 0.3], "stability": [0.9, 0.8, 0.2]})
    >>> recommend_k(t)[["k", "score", "recommended"]].values.tolist()
    [[4, 0.5, False], [6, 0.6785714285714287, True], [8, 0.5, False]]
    """
    check_type("table", table, pd.DataFrame, caller="recommend_k")
    if coherence == "coherence_weighted" and coherence not in table.columns:
        coherence = "coherence"
    check_option("coherence", coherence, {"coherence", "coherence_weighted"}, caller="recommend_k")
    check_columns(table, ("k", "stability", coherence), caller="recommend_k", name="table")
    if table.empty:
        raise EmptyResultError("recommend_k(): the table has no row; choose_k needs k_values.")
    out = table.sort_values("k", ignore_index=True).copy()
    for col, name in ((coherence, "coherence_scaled"), ("stability", "stability_scaled")):
        v = out[col].astype(float)
        span = v.max() - v.min()
        out[name] = (v - v.min()) / span if span > 0 else 1.0
    out["score"] = (out["coherence_scaled"] + out["stability_scaled"]) / 2
    best = out["score"].to_numpy()
    pick = int(np.flatnonzero(np.isclose(best, np.nanmax(best), rtol=0, atol=1e-12))[0])
    out["recommended"] = np.arange(len(out)) == pick
    cols = [c for c in K_SELECTION_COLUMNS if c in out.columns]
    return out[cols + [c for c in out.columns if c not in cols]]
