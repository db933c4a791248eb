"""Choosing the number of topics from coherence and stability.

For each k, :func:`choose_k` fits a reference model on all units, scores its coherence
(:mod:`.coherence`) and refits it on subsamples to score its stability (:mod:`.stability`);
:func:`recommend_k` states the rule that turns the table into one k.
"""

from __future__ import annotations

import hashlib
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning

from .._progress import bar, step
from .._progress import resolve as resolve_progress
from .._validation import check_columns, check_interval, check_option, check_type
from ..errors import EmptyResultError
from ..cache import cached_frame
from ..types import PathLike, TurnsLike
from .coherence import topic_coherence
from .models import _check_fit_params, check_supported_k, fit_design
from .stability import _design_for, _fit_options, _params, _shared_svd, _stability_runs, _uses_svd, ranking_agreement

__all__ = ["choose_k", "recommend_k", "K_SELECTION_COLUMNS"]

#: Words of the units :func:`choose_k` fits on by default: 20,000 paragraphs of about 60 words.
MAX_WORDS = 1_250_000
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
    max_words: int | None = MAX_WORDS,
    progress: bool | float | None = None,
    cache: PathLike | bool | None = None,
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
    max_words : int or None, default=1250000
        With more words than this in the units, k is chosen on a random sample of units
        holding at most ``max_words`` words (and at most ``max_units`` units): the units in
        the order of a seeded random permutation, as many as fit. A fit's cost grows with
        the words of its units (the non-zeros of the document-term matrix), not with their
        number, so corpora of long paragraphs (a speech of 600 words in one paragraph) would
        otherwise fit on many times the text of 20,000 paragraphs of 60 words, the
        ``max_units`` sample the default budget equals. Stability is itself defined on
        random subsamples of the documents (Greene et al. 2014), and coherence is a mean
        over the model's topics, so both are estimated on a random sample of documents;
        ``n_units`` says how many units the sample holds. ``None``: no limit in words.
    progress : bool, float or None, default=None
        Show a progress bar over k.
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).
    cache : path, bool or None, default=None
        On-disk cache of the table (:mod:`analysis.cache`: a folder, True for ``.cache``,
        False for none; None uses the folder in the ``ANALYSIS_CACHE`` environment variable
        when it is set). An entry is keyed by the vectorized units (every count, TF-IDF
        value and term), every option, the source of :mod:`analysis.topics` and the versions
        of the libraries the fits run on, so it is read only for the very same fits. The
        units' counts are kept there too (see :func:`fit_topics`).
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
    Models are scored as fitted: an NMF fit that stops at its ``max_iter`` before meeting
    its tolerance (as many do on a large corpus) is scored like any other, without a
    ``ConvergenceWarning`` for each of the ``len(k_values) * (1 + n_runs)`` fits.

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
    progress = resolve_progress(progress, caller=caller)
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
    if max_words is not None:
        check_interval("max_words", max_words, low=1, caller=caller, integer=True)
    design = _design_for(_sample_units(units, max_units, max_words, random_state, opts), opts, caller,
                         cache=cache)
    check_supported_k(ks[-1], design.counts.shape[0], caller=caller)  # before any fit
    job = dict(model=model, random_state=random_state, top_n=top_n, opts=opts, n_runs=n_runs,
               sample_fraction=sample_fraction, k_max=ks[-1], caller=caller)
    table = cached_frame("choose_k", lambda: _table_key(design, ks, job),
                         lambda: pd.DataFrame(_score_all(ks, design, job, progress),
                                              columns=list(K_SELECTION_COLUMNS[:7])), cache=cache)
    return recommend_k(table, coherence=coherence)


def _score_all(ks: list[int], design, job: dict, progress: bool) -> list[tuple]:
    """The rows of :func:`choose_k` for every k: here, or on every core for many units or non-zeros.

    On every core, the SVDs shared by every k (one per sample of units) are computed first,
    one per task, then every fit (each k's reference model and its refits) is one task,
    the largest k first; each row is then assembled from its fits exactly as
    :func:`_score_k` assembles it.
    """
    from ..scale._engine import n_workers, run_map

    svd_cache: dict = {}  # one SVD per sample of units, shared by every k (NMF's NNDSVDa start)
    workers = min(n_workers(-1), len(ks) * (1 + job["n_runs"]))
    if workers <= 1 or (design.counts.shape[0] < PARALLEL_UNITS and design.counts.nnz < PARALLEL_NONZEROS):
        return [_score_k(k, design, svd_cache, job) for k in bar(ks, desc="choosing k", unit="k", enabled=progress)]
    if any(max(k, int(round(job["sample_fraction"] * design.counts.shape[0]))) !=
           max(ks[-1], int(round(job["sample_fraction"] * design.counts.shape[0]))) for k in ks):
        # a k above the refits' share of units refits on k units: its own samples (one k at a time)
        return [_score_k(k, design, svd_cache, job) for k in bar(ks, desc="choosing k", unit="k", enabled=progress)]
    with step(f"choosing k among {len(ks)} values on {workers} cores", enabled=progress):
        design = _lean(design)  # sent to a worker with every task
        samples = _samples(design, job)
        params = {k: _params(k, job["model"], job["random_state"], job["top_n"], job["opts"]) for k in ks}
        if any(_uses_svd(p) for p in params.values()):
            keys = [key for key, _ in samples]
            svds_ = run_map(_svd_job, [(design, rows, job["k_max"]) for _, rows in samples], engine="joblib",
                            n_jobs=workers)
            svd_cache.update(zip(keys, svds_))
        fits = [(k, i) for k in sorted(ks, reverse=True) for i in range(len(samples))]
        done = run_map(_fit_job, [(design, params[k], samples[i], svd_cache.get(samples[i][0]) if _uses_svd(params[k])
                                   else None, job) for k, i in fits], engine="joblib", n_jobs=workers)
        terms = dict(zip(fits, done))
    return [_row_of(k, [terms[(k, i)] for i in range(len(samples))], design, job) for k in ks]


def _samples(design, job: dict) -> list[tuple]:
    """``(svd key, rows)`` of the reference fit (all units) and of each refit, drawn as
    :func:`~analysis.topics.stability._stability_runs` draws them."""
    n = design.counts.shape[0]
    rng = np.random.default_rng(job["random_state"])
    out: list[tuple] = [("all", None)]
    for run in range(1, job["n_runs"] + 1):
        m = max(job["k_max"], int(round(job["sample_fraction"] * n)))
        out.append(((run, m), np.sort(rng.choice(n, size=m, replace=False)) if m < n else None))
    return out


def _svd_job(args: tuple):
    design, rows, k_max = args
    x = design.tfidf if rows is None else design.tfidf[rows]
    from .models import truncated_svd

    return truncated_svd(x, min(k_max, min(x.shape)))


def _fit_job(args: tuple) -> tuple:
    """One fit of :func:`_score_all`: the reference (all units: its coherence and shares
    too) or a refit (its top terms)."""
    design, params, (key, rows), svd, job = args
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if key == "all":
            ref = fit_design(design, params, svd=svd, caller=job["caller"])
            coh = topic_coherence(ref, top_n=job["top_n"])["coherence"].to_numpy()
            return ref.top_terms(job["top_n"]), coh, ref.topic_sizes["share_units"].to_numpy()
        fit = fit_design(design, params, rows=rows, random_state=job["random_state"] + key[0], svd=svd,
                         caller="topic_stability")
        return fit.top_terms(job["top_n"]), None, None
#: Units, or non-zeros of the document-term matrix, from which the k values are fitted on every
#: core (fewer: one process, no start-up cost).
PARALLEL_UNITS = 5_000
PARALLEL_NONZEROS = 250_000


def _lean(design):
    """``design`` without the units' texts and other columns (``n_words`` is kept): what a fit of
    :func:`_fit_job` reads, so that each task sends the matrices only."""
    from dataclasses import replace

    return replace(design, units=design.units[[c for c in ("n_words",) if c in design.units.columns]])


def _score_k(k: int, design, svd_cache: dict, job: dict) -> tuple:
    """One row of :func:`choose_k`: the reference model of ``k`` topics, its coherence, and its
    stability over refits on subsamples (the SVDs of ``svd_cache`` reused, new ones added)."""
    params = _params(k, job["model"], job["random_state"], job["top_n"], job["opts"])
    svd = _shared_svd(design, None, "all", svd_cache, job["k_max"]) if _uses_svd(params) else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ref = fit_design(design, params, svd=svd, caller=job["caller"])
        coh = topic_coherence(ref, top_n=job["top_n"])["coherence"].to_numpy()
        runs = _stability_runs(design, params, n_runs=job["n_runs"], sample_fraction=job["sample_fraction"],
                               top_n=job["top_n"], random_state=job["random_state"], reference=ref,
                               svd_cache=svd_cache, svd_components=job["k_max"])
    weighted = float(np.sum(coh * ref.topic_sizes["share_units"].to_numpy()))
    return (k, float(coh.mean()), float(coh.std(ddof=0)), weighted, float(runs["agreement"].mean()),
            float(runs["agreement"].std(ddof=0)), design.counts.shape[0])


def _row_of(k: int, fitted: list[tuple], design, job: dict) -> tuple:
    """The row of ``k`` from its fits (:func:`_fit_job`: the reference first), as :func:`_score_k`."""
    ref_terms, coh, shares = fitted[0]
    agreement = pd.Series([ranking_agreement(ref_terms, terms) for terms, _, _ in fitted[1:]], dtype=float)
    weighted = float(np.sum(coh * shares))
    return (k, float(coh.mean()), float(coh.std(ddof=0)), weighted, float(agreement.mean()),
            float(agreement.std(ddof=0)), design.counts.shape[0])


def _table_key(design, ks: list[int], job: dict) -> str:
    """Cache key of the rows of :func:`choose_k`: the design's values, the options, the
    source of :mod:`analysis.topics` and the versions of the libraries that fit."""
    from ..cache import content_key, source_key, versions

    h = hashlib.blake2b(digest_size=16)
    for m in (design.counts, design.tfidf):
        for a in (m.data, m.indices, m.indptr, np.asarray(m.shape, dtype=np.int64)):
            h.update(np.ascontiguousarray(a).tobytes())
    h.update("\x1f".join(map(str, design.terms)).encode("utf-8", "surrogatepass"))
    opts = {name: (sorted(map(str, v)) if name == "extra_stop_words" else
                   sorted((str(a), repr(b)) for a, b in dict(v).items()) if name == "model_params" else v)
            for name, v in job["opts"].items()}
    options = repr((ks, job["model"], job["random_state"], job["top_n"], job["n_runs"], job["sample_fraction"],
                    sorted(opts.items())))
    return content_key("choose_k", source_key("analysis.topics"), versions("scikit-learn", "scipy", "numpy"), options,
                       h.hexdigest())


def _score_k_job(args: tuple) -> tuple:
    return _score_k(*args)


def _sample_units(units: TurnsLike, max_units: int | None, max_words: int | None, random_state: int,
                  opts: dict) -> TurnsLike:
    """``units``, or a seeded random sample of them in their order: ``max_units`` of them
    when they hold at most ``max_words`` words, else the units of a seeded random
    permutation, in its order, while their words fit in ``max_words`` (and their number
    in ``max_units``)."""
    if max_units is None and max_words is None:
        return units
    from .models import _as_units

    frame = _as_units(units, lemmas=opts.get("lemmas", False))
    rows = _sample_rows(frame["n_words"].to_numpy(), max_units, max_words, random_state)
    return frame if rows is None else frame.iloc[rows].reset_index(drop=True)


def _sample_rows(n_words: np.ndarray, max_units: int | None, max_words: int | None,
                 random_state: int) -> np.ndarray | None:
    """Sorted rows of the sample :func:`_sample_units` draws (None: every unit)."""
    n = len(n_words)
    rng = np.random.default_rng(random_state)
    if max_words is None or int(np.sum(n_words, dtype=np.int64)) <= max_words:
        if max_units is None or n <= max_units:
            return None
        return np.sort(rng.choice(n, size=max_units, replace=False))
    order = rng.permutation(n)
    within = np.cumsum(np.asarray(n_words, dtype=np.int64)[order]) <= max_words
    m = max(1, int(np.argmin(within)) if not within.all() else n)  # the longest prefix that fits
    if max_units is not None:
        m = min(m, max_units)
    return np.sort(order[:m])


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
