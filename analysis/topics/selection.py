"""Choosing the number of topics: coherence (NPMI) and stability across runs.

Notation. N units (documents); for terms w_i, w_j: D(w_i) the number of units containing
w_i, D(w_i, w_j) the number containing both; P(w_i) = D(w_i)/N, P(w_i, w_j) = D(w_i, w_j)/N.

* NPMI (Bouma 2009): NPMI(w_i, w_j) = log[P(w_i, w_j) / (P(w_i) P(w_j))] / -log P(w_i, w_j),
  in [-1, 1]; -1 when the two terms never co-occur, 1 when they always do. The coherence of
  a topic is the mean NPMI over all pairs of its ``top_n`` terms (Aletras & Stevenson 2013;
  gensim's ``c_npmi`` in Röder et al. 2015). Co-occurrence is counted in the corpus's own
  units (boolean document contexts), not in a sliding window as gensim's default.
* Average Jaccard (Greene et al. 2014): for two ranked term lists R1, R2 of length t,
  AJ = (1/t) sum_{d=1..t} |R1[:d] & R2[:d]| / |R1[:d] | R2[:d]|.
  Agreement between two k-topic models = the mean AJ of the topic pairs matched one-to-one
  so that the total AJ is largest (Hungarian method). Stability at k = the mean agreement
  between a reference model on all units and models refitted on random subsamples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import CountVectorizer

from .._validation import check_columns, check_interval, check_option, check_type
from ..errors import EmptyResultError
from ..types import TurnsLike
from ._vectorize import Design, build_design
from .models import MODELS, TopicModelResult, _as_units, _check_fit_params, fit_design

__all__ = ["npmi_coherence", "topic_coherence", "average_jaccard", "ranking_agreement", "topic_stability",
           "choose_k", "recommend_k", "K_SELECTION_COLUMNS"]

#: Columns of :func:`choose_k`.
K_SELECTION_COLUMNS = ("k", "coherence", "coherence_sd", "coherence_weighted", "stability", "stability_sd",
                       "n_units", "coherence_scaled", "stability_scaled", "score", "recommended")


# --------------------------------------------------------------------------- coherence
def _npmi_pairs(presence: sparse.csr_matrix, index_lists: Sequence[Sequence[int]]) -> list[np.ndarray]:
    """NPMI of every pair i < j of each list of column indices of a binary unit x term matrix."""
    n = presence.shape[0]
    vocab = np.unique(np.concatenate([np.asarray(ix, dtype=np.int64) for ix in index_lists] or [[]]))
    if len(vocab) == 0 or n == 0:
        return [np.array([]) for _ in index_lists]
    sub = presence[:, vocab]
    co = np.asarray((sub.T @ sub).todense(), dtype=float)  # D(w_i, w_j); diagonal D(w_i)
    pos = {v: i for i, v in enumerate(vocab)}
    out = []
    for ix in index_lists:
        loc = np.array([pos[v] for v in ix], dtype=np.int64)
        if len(loc) < 2:
            out.append(np.array([]))
            continue
        iu, ju = np.triu_indices(len(loc), k=1)
        a, b = loc[iu], loc[ju]
        p_ij = co[a, b] / n
        p_i, p_j = co[a, a] / n, co[b, b] / n
        with np.errstate(divide="ignore", invalid="ignore"):
            pmi = np.log(p_ij / (p_i * p_j))
            npmi = pmi / -np.log(p_ij)
        npmi = np.where(p_ij == 0, -1.0, npmi)
        npmi = np.where(p_ij == 1, 1.0, npmi)  # both terms in every unit: -log P = 0
        out.append(npmi)
    return out


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    documents: Sequence[Sequence[str]] | Sequence[str],
) -> pd.DataFrame:
    """NPMI coherence of term lists, from co-occurrence in ``documents``.

    Parameters
    ----------
    topics : sequence of sequence of str
        One list of (top) terms per topic.
    documents : sequence of str, or sequence of sequence of str
        The reference corpus: texts (tokenized with :func:`analysis.text.tokenize`,
        lower-cased) or token lists. A term co-occurs with another when both are in the same
        document.

    Returns
    -------
    pandas.DataFrame
        One row per topic, in input order: ``topic`` (1..), ``coherence`` (mean NPMI over
        pairs of terms found in the documents; NaN with fewer than two), ``n_terms``,
        ``n_missing`` (terms in no document), ``n_pairs``, ``n_pairs_never`` (pairs never in
        the same document).

    Notes
    -----
    See the module notes for NPMI. Pairs that never co-occur score -1 (the limit of NPMI),
    with no smoothing constant.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
    Proceedings of GSCL, 31-40.
    Aletras, N. & Stevenson, M. (2013). Evaluating topic coherence using distributional
    semantics. Proceedings of IWCS, 13-22.
    Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic coherence
    measures. Proceedings of WSDM, 399-408.

    Examples
    --------
    >>> docs = ["tariff trade", "tariff trade", "flood rescue", "flood rescue"]
    >>> npmi_coherence([["tariff", "trade"], ["tariff", "flood"]], docs)["coherence"].tolist()
    [1.0, -1.0]
    """
    check_type("topics", topics, (list, tuple), caller="npmi_coherence")
    docs = list(documents)
    if docs and isinstance(docs[0], str):
        from ..text import tokenize_texts

        docs = tokenize_texts(docs, lowercase=True, words_only=True)
    vocab = sorted({t for topic in topics for t in topic})
    cols = ["topic", "coherence", "n_terms", "n_missing", "n_pairs", "n_pairs_never"]
    if not topics:
        return pd.DataFrame(columns=cols)
    vec = CountVectorizer(analyzer=lambda d: d, vocabulary=vocab or ["_"], binary=True, dtype=np.float64)
    presence = vec.transform(docs).tocsr() if docs else sparse.csr_matrix((0, max(len(vocab), 1)))
    df = np.asarray(presence.sum(axis=0)).ravel()
    index = {t: i for i, t in enumerate(vocab)}
    found = [[index[t] for t in dict.fromkeys(topic) if df[index[t]] > 0] for topic in topics]
    npmis = _npmi_pairs(presence, found)
    rows = []
    for j, (topic, ix, v) in enumerate(zip(topics, found, npmis)):
        n_terms = len(dict.fromkeys(topic))
        rows.append((j + 1, float(v.mean()) if len(v) else np.nan, n_terms, n_terms - len(ix), len(v),
                     int((v == -1.0).sum())))
    return pd.DataFrame(rows, columns=cols)


def topic_coherence(result: TopicModelResult, *, top_n: int = 10) -> pd.DataFrame:
    """NPMI coherence of each topic's ``top_n`` terms over the units the model was fitted on.

    Parameters
    ----------
    result : TopicModelResult
    top_n : int, default=10
        Terms per topic.

    Returns
    -------
    pandas.DataFrame
        One row per topic: ``topic``, ``label``, ``coherence``, ``n_pairs``,
        ``n_pairs_never``; by topic.

    See Also
    --------
    npmi_coherence : the measure, on any term lists and documents.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> units = pd.DataFrame({"text": ["tariffs trade deficit"] * 6 + ["typhoon rescue flood"] * 6})
    >>> topic_coherence(fit_topics(units, k=2, min_df=1, max_df=1.0), top_n=3)["coherence"].tolist()
    [1.0, 1.0]
    """
    check_type("result", result, TopicModelResult, caller="topic_coherence")
    check_interval("top_n", top_n, low=2, caller="topic_coherence", integer=True)
    idx = np.argsort(-result.components, axis=1, kind="stable")[:, :top_n]
    npmis = _npmi_pairs(result.design.presence(), [list(r) for r in idx])
    return pd.DataFrame({
        "topic": np.arange(1, result.k + 1),
        "label": result.topic_sizes["label"].to_numpy(),
        "coherence": [float(v.mean()) for v in npmis],
        "n_pairs": [len(v) for v in npmis],
        "n_pairs_never": [int((v == -1.0).sum()) for v in npmis],
    })


# --------------------------------------------------------------------------- stability
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


def _stability_runs(design: Design, params: Mapping[str, Any], *, n_runs: int, sample_fraction: float,
                    top_n: int, random_state: int, reference: TopicModelResult | None = None) -> pd.DataFrame:
    ref = reference or fit_design(design, params, random_state=random_state, caller="topic_stability")
    ref_terms = ref.top_terms(top_n)
    n = design.counts.shape[0]
    rng = np.random.default_rng(random_state)
    m = max(params["k"], int(round(sample_fraction * n)))
    rows = []
    for run in range(1, n_runs + 1):
        rows_idx = np.sort(rng.choice(n, size=m, replace=False)) if m < n else None
        seed = random_state + run
        fit = fit_design(design, params, rows=rows_idx, random_state=seed, caller="topic_stability")
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


def _design_for(units: TurnsLike, opts: dict, caller: str) -> Design:
    frame = _as_units(units)
    return build_design(frame, min_df=opts.get("min_df", 5), max_df=opts.get("max_df", 0.5),
                        max_features=opts.get("max_features"), lemmas=opts.get("lemmas", False),
                        extra_stop_words=opts.get("extra_stop_words", ()), caller=caller)


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


# --------------------------------------------------------------------------- choosing k
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
    >>> units = pd.DataFrame({"text": ["tariffs trade deficit surplus"] * 6 + ["typhoon rescue flood storm"] * 6
    ...                               + ["panda zoo loan bamboo"] * 6})
    >>> table = choose_k(units, k_values=[2, 3, 4], n_runs=2, top_n=4, min_df=1, max_df=1.0)
    >>> table[["k", "coherence", "stability", "recommended"]].values.tolist()
    [[2, 1.0, 0.5, False], [3, 1.0, 1.0, True], [4, 1.0, 0.75, False]]
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
    design = _design_for(units, opts, caller)
    iterator: Iterable[int] = ks
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(ks, desc="choosing k", unit="k")
    rows = []
    for k in iterator:
        params = _params(k, model, random_state, top_n, opts)
        ref = fit_design(design, params, caller=caller)
        coh = topic_coherence(ref, top_n=top_n)["coherence"].to_numpy()
        runs = _stability_runs(design, params, n_runs=n_runs, sample_fraction=sample_fraction, top_n=top_n,
                               random_state=random_state, reference=ref)
        weighted = float(np.sum(coh * ref.topic_sizes["share_units"].to_numpy()))
        rows.append((k, float(coh.mean()), float(coh.std(ddof=0)), weighted, float(runs["agreement"].mean()),
                     float(runs["agreement"].std(ddof=0)), design.counts.shape[0]))
    table = pd.DataFrame(rows, columns=list(K_SELECTION_COLUMNS[:7]))
    return recommend_k(table, coherence=coherence)


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
