"""Fit topic models (NMF, LDA, k-means, agglomerative) and return one result type.

Whatever the model, :func:`fit_topics` returns a :class:`TopicModelResult` with the same
tables: ``topic_terms`` (topic, rank, term, weight), ``unit_topics`` (one row per unit with
its dominant topic), ``topic_sizes``, and the fitted vectorizer and model for reuse.

Topics are numbered 1..k by size (units whose dominant topic it is, descending; ties by their
ten heaviest terms, compared in the vocabulary's order), so topic 1 is always the largest.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import svds
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import NMF, LatentDirichletAllocation, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize

from .._progress import resolve as resolve_progress
from .._progress import step
from .._validation import check_columns, check_interval, check_option, check_type
from ..tokens import token_table
from ..types import PathLike, TurnsLike
from ._phrase_labels import phrase_labels as labels_with_pairs
from ._vectorize import TOKEN_JOBS, Design, build_design
from .units import topic_units

__all__ = ["MODELS", "MODEL_DEFAULTS", "REPRESENTATIONS", "BRIEFING_STOP_WORDS", "TopicModelResult", "fit_topics",
           "truncated_svd", "nndsvda_start", "max_topics", "UNITS_PER_TOPIC", "FREE_TOPICS", "NMF_DTYPE"]

#: Model name -> allowed representations (the first is the default).
MODELS: dict[str, tuple[str, ...]] = {
    "nmf": ("tfidf",),
    "lda": ("counts",),
    "kmeans": ("tfidf", "lsa"),
    "agglomerative": ("lsa", "tfidf"),
}
REPRESENTATIONS = ("tfidf", "counts", "lsa")
#: Estimator settings used unless ``model_params`` overrides them (``random_state`` is always
#: ``fit_topics``'s own). NMF's ``nndsvda`` start is deterministic, and it stops as
#: scikit-learn's ``NMF`` does by default (``tol=1e-4``, at most 200 iterations; 400 before,
#: see :func:`fit_topics`); online LDA with 10 passes keeps a fit of ~10k paragraphs to seconds.
MODEL_DEFAULTS: dict[str, dict[str, Any]] = {
    "nmf": {"init": "nndsvda", "max_iter": 200},
    "lda": {"learning_method": "online", "max_iter": 10, "batch_size": 256},
    "kmeans": {"n_init": 4},
    "agglomerative": {"linkage": "ward"},
}
#: Words of press-briefing procedure that mark a turn's form, not its topic ("According to
#: reports ... What is your comment?", "I don't have relevant information"). Pass them as
#: ``extra_stop_words`` when modelling briefings, or the model spends a topic on them.
BRIEFING_STOP_WORDS = ("according", "comment", "information", "relevant", "reports", "yesterday")
_CALLER = "fit_topics"


@dataclass(frozen=True, eq=False)
class TopicModelResult:
    """A fitted topic model, the same shape for every model.

    Attributes
    ----------
    model_name : str
        ``"nmf"``, ``"lda"``, ``"kmeans"`` or ``"agglomerative"``.
    k : int
        Number of topics.
    topic_terms : pandas.DataFrame
        ``topic``, ``rank`` (1 = heaviest), ``term``, ``weight``: the ``n_top_terms``
        heaviest terms of each topic, by topic then rank.
    unit_topics : pandas.DataFrame
        One row per fitted unit: the unit columns (see :func:`topic_units`), then ``topic``
        (dominant topic) and ``weight`` (its share of the unit, in [0, 1]).
    topic_sizes : pandas.DataFrame
        One row per topic: ``topic``, ``label`` (top three terms, a fixed two-word name
        such as "hong kong" as one; see :func:`fit_topics`), ``n_units`` (units whose
        dominant topic it is), ``share_units``, ``mean_weight`` (mean share over all
        units), ``n_words`` (words in its units).
    weights : numpy.ndarray
        Units x topics shares (rows sum to 1; column ``j`` is topic ``j + 1``).
    components : numpy.ndarray
        Topics x terms weights (NMF ``H``; LDA topic-word distributions; cluster means of
        TF-IDF for the clustering models).
    terms : numpy.ndarray
        The vocabulary, aligned with ``components``' columns.
    model : object
        The fitted scikit-learn estimator (topics in the model's own order: see ``order``).
    vectorizer : sklearn CountVectorizer
        Fitted on the units; ``transform`` accepts raw texts.
    design : Design
        The vectorized units (counts, TF-IDF, fitted transformers); internal.
    order : numpy.ndarray
        ``order[j]`` is the model's index of topic ``j + 1``.
    params : dict
        Every option the model was fitted with.
    reducer : sklearn TruncatedSVD or None
        The fitted LSA projection (``representation="lsa"``), else None.
    """

    model_name: str
    k: int
    topic_terms: pd.DataFrame
    unit_topics: pd.DataFrame
    topic_sizes: pd.DataFrame
    weights: np.ndarray = field(repr=False)
    components: np.ndarray = field(repr=False)
    terms: np.ndarray = field(repr=False)
    model: Any = field(repr=False)
    vectorizer: Any = field(repr=False)
    design: Design = field(repr=False)
    order: np.ndarray = field(repr=False)
    params: dict = field(default_factory=dict, repr=False)
    reducer: Any = field(default=None, repr=False)

    def __repr__(self) -> str:
        return (f"<TopicModelResult {self.model_name} k={self.k}: {len(self.unit_topics)} units, "
                f"{len(self.terms)} terms>")

    def labels(self) -> dict[int, str]:
        """Topic number -> label (its top three terms; ``topic_sizes["label"]``)."""
        return dict(zip(self.topic_sizes["topic"], self.topic_sizes["label"]))

    def top_terms(self, n: int = 10) -> list[list[str]]:
        """The ``n`` heaviest terms of each topic, topic 1 first."""
        idx = np.argsort(-self.components, axis=1, kind="stable")[:, :n]
        return [self.terms[row].tolist() for row in idx]

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Topic shares (texts x topics, rows sum to 1 or 0) of new texts, in this result's topic order."""
        counts = self.vectorizer.transform(list(texts))
        x = _represent(self.design, self.params["representation"], counts=counts, fitted=self.reducer)
        w = _model_weights(self.model_name, self.model, x, self.components[np.argsort(self.order)],
                           self.design.tfidf_transformer.transform(counts))
        return _row_shares(w[:, self.order])


def fit_topics(
    units: TurnsLike,
    *,
    k: int = 10,
    model: str = "nmf",
    representation: str | None = None,
    min_df: int | float = 5,
    max_df: int | float = 0.5,
    max_features: int | None = None,
    lemmas: bool = False,
    extra_stop_words: Iterable[str] = (),
    n_top_terms: int = 10,
    lsa_components: int = 100,
    random_state: int = 0,
    model_params: Mapping[str, Any] | None = None,
    cache: PathLike | bool | None = None,
    phrase_labels: bool = True,
    progress: bool | float | None = None,
) -> TopicModelResult:
    """Fit a topic model to analysis units.

    Parameters
    ----------
    units : pandas.DataFrame or Corpus
        From :func:`topic_units` (any frame with ``text`` works); a ``Corpus`` or turns
        frame is first cut with ``topic_units`` defaults (paragraphs of 20+ words).
    k : int, default=10
        Number of topics (clusters).
    model : {"nmf", "lda", "kmeans", "agglomerative"}, default="nmf"
        ``"nmf"``: non-negative matrix factorization of TF-IDF (Frobenius loss, coordinate
        descent, NNDSVDa start from an exact truncated SVD: deterministic, see
        :func:`nndsvda_start`). ``"lda"``: latent Dirichlet allocation of counts
        (online variational Bayes). ``"kmeans"``, ``"agglomerative"`` (Ward): hard
        clusters of TF-IDF or its LSA projection.
    representation : {"tfidf", "counts", "lsa"} or None, default=None
        What the model sees; None picks the model's default (nmf: tfidf, lda: counts,
        kmeans: tfidf, agglomerative: lsa). ``"lsa"`` is TF-IDF reduced by truncated SVD to
        ``lsa_components`` dimensions and L2-normalized.
    min_df, max_df : int or float, default=5 and 0.5
        Vocabulary bounds in units (int) or shares of units (float), as in scikit-learn's
        ``CountVectorizer``.
    max_features : int or None, default=None
        Keep only the most frequent terms.
    lemmas : bool, default=False
        Lemmatize words before counting.
    extra_stop_words : iterable of str, default=()
        Words to drop on top of :func:`analysis.text.stop_words`.
    n_top_terms : int, default=10
        Terms per topic in ``topic_terms``.
    lsa_components : int, default=100
        Dimensions of the LSA projection (capped below the vocabulary size).
    random_state : int, default=0
        Seed of every stochastic step.
    model_params : mapping, optional
        Extra keyword arguments for the scikit-learn estimator (e.g. ``{"init": "random"}``
        for NMF, ``{"n_init": 1}`` for k-means), on top of :data:`MODEL_DEFAULTS`.
    cache : path, bool or None, default=None
        On-disk cache of an NMF fit (:mod:`analysis.cache`: a folder, True for ``.cache``,
        False for none; None uses the folder in the ``ANALYSIS_CACHE`` environment variable
        when it is set): the fitted unit-topic and topic-term matrices and the estimator's
        fitted numbers, in one Parquet entry keyed by the matrix fitted (every TF-IDF value
        of the vectorized units), k and every estimator option, the source of
        :mod:`analysis.topics` and the versions of the libraries that fit. A fit found
        there is read, not run again, and gives the same result. The units' counts and
        vocabulary are kept too (keyed by every text and the vocabulary options), whatever
        the model, so units vectorized before are read, not tokenized again; so are the
        labels (keyed by every text and the top terms), so a fit read back reads its labels
        too. Other models than NMF are fitted afresh.
    phrase_labels : bool, default=True
        Labels (``topic_sizes["label"]``) show a fixed two-word name as one term: where two
        of a topic's ``n_top_terms`` top terms are said one after the other at least 5 times
        with a Dice coefficient of 0.9 or more (the words occur mostly together; see
        :func:`~analysis.topics._phrase_labels.label_pairs`), the label has the pair ("hong
        kong") at the rank of its higher word instead of both words ("hong, kong"). False:
        the top three terms as they are. Nothing else of the fit depends on it.
    progress : bool, float or None, default=None
        Show the two slow steps (the units' terms, the fit) running on standard error. None
        (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and a step lasts over 2 s; True: always, at once; False: never; a number:
        for steps over that many seconds (:func:`analysis._progress.resolve`).

    Returns
    -------
    TopicModelResult

    Raises
    ------
    ValueError
        Unknown ``model`` or ``representation``, or a pair the model cannot use;
        ``k < 2``; ``k`` larger than the number of units, or than the units can support
        (:func:`max_topics`: beyond 200 topics, about 20 units a topic).
    EmptyResultError
        The vocabulary is empty after ``min_df``/``max_df``.

    Notes
    -----
    Unit-topic shares are the rows of the unit-topic matrix divided by their sums (NMF
    ``W``; LDA document-topic distributions; one-hot for clusters). Units with no
    vocabulary term are left out.

    Labels were the top three terms alone before ``phrase_labels`` (now the default): on the
    bundled corpus (k=5, 10 and 20) the Hong Kong topic's label "hong, kong, affairs" became
    "hong kong, affairs, sar", on the Hansard debates (k=20) "ireland, northern, parades"
    "northern ireland, parades, commission"; the topics, their terms and shares are
    unchanged. The pairs are counted from the units' token table, which vectorizing built
    (or read from the on-disk cache), and only for pairs of one topic's top terms.
    Agglomerative clustering holds all pairwise distances: keep it for a few thousand units.

    On large corpora NMF's coordinate descent takes most of the time: each iteration is two
    products of the sparse TF-IDF matrix with a dense units x k or terms x k matrix. It stops
    as scikit-learn's ``NMF`` does by default: when the summed projected gradient falls to
    ``tol`` (1e-4) times that of the first iteration, or after ``max_iter`` (200) iterations.
    The default was 400 iterations before; a fit that had not converged by 200 now stops
    there (``model_params={"max_iter": 400}`` gives the former fit). Measured with NPMI over
    units and topic diversity (distinct top-10 terms / all): on the UN General Debate
    paragraphs (26,266 units, k=20; 329 iterations before) NPMI 0.3637 before and after,
    diversity 0.840 -> 0.835, 17 of the 20 topics with the same top ten terms and the other
    three with nine of them, 97% of units with the same dominant topic (topics renumbered by
    size); on the bundled corpus the notebook's fit (k=10, 42 iterations)
    is unchanged and :func:`choose_k` recommends the same k, its k=14 row changing (coherence
    0.2867 -> 0.2849) where fits took more than 200 iterations.

    NMF runs in single precision (:data:`NMF_DTYPE`: the TF-IDF matrix and both factors in
    float32, the NNDSVDa start computed in double precision and rounded), which halves the
    bytes each product reads; ``components`` and ``weights`` are returned in double
    precision. Before, the fit ran in double precision: the topics are the same up to the last
    digits of their weights (UN paragraphs, k=20: the same iterations and top terms, one unit
    in 26,266 with another dominant topic; bundled corpus: the same :func:`choose_k` table).
    The default solver runs scikit-learn's coordinate descent update and stopping rule with
    the products on every core (:func:`_coordinate_descent`; the same numbers as
    ``NMF.fit_transform``).

    References
    ----------
    Lee, D. D. & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
    factorization. Nature, 401, 788-791.
    Blei, D. M., Ng, A. Y. & Jordan, M. I. (2003). Latent Dirichlet allocation. JMLR, 3, 993-1022.
    Hoffman, M., Bach, F. & Blei, D. (2010). Online learning for latent Dirichlet allocation. NIPS.
    Deerwester, S. et al. (1990). Indexing by latent semantic analysis. JASIS, 41(6), 391-407.

    Examples
    --------
    >>> texts = ["tariffs trade deficit"] * 7 + ["typhoon rescue flood"] * 5
    >>> units = pd.DataFrame({"text": texts})
    >>> res = fit_topics(units, k=2, min_df=1, max_df=1.0)
    >>> res.top_terms(3)
    [['deficit', 'tariffs', 'trade'], ['flood', 'rescue', 'typhoon']]
    >>> res.topic_sizes[["topic", "n_units"]].values.tolist()
    [[1, 7], [2, 5]]
    """
    _check_fit_params(k, model, representation, n_top_terms, lsa_components, random_state, model_params)
    check_option("phrase_labels", phrase_labels, {True, False}, caller=_CALLER)
    progress = resolve_progress(progress, caller=_CALLER)
    frame = _as_units(units, lemmas=lemmas)
    check_supported_k(k, len(frame))  # before vectorizing: no more units will have terms
    with step(f"{_CALLER}: terms of {len(frame):,} units", enabled=progress):
        design = build_design(frame, min_df=min_df, max_df=max_df, max_features=max_features, lemmas=lemmas,
                              extra_stop_words=extra_stop_words, caller=_CALLER, cache=cache)
    params = dict(k=k, model=model, representation=representation or MODELS[model][0], min_df=min_df,
                  max_df=max_df, max_features=max_features, lemmas=lemmas,
                  extra_stop_words=tuple(extra_stop_words), n_top_terms=n_top_terms,
                  lsa_components=lsa_components, random_state=random_state,
                  model_params=dict(model_params or {}))
    with step(f"{_CALLER}: {model}, k={k}", enabled=progress):
        result = fit_design(design, params, cache=cache)
    if not phrase_labels:
        return result
    # the pairs counted in the units' token table, which vectorizing built or read (one table per content)
    labels = labels_with_pairs(frame["text"].astype(str).tolist(), result.top_terms(n_top_terms), lemmas=lemmas,
                           cache=cache)
    return replace(result, topic_sizes=result.topic_sizes.assign(label=labels))


def _as_units(units: TurnsLike, *, lemmas: bool = False) -> pd.DataFrame:
    if isinstance(units, pd.DataFrame) and ("unit_id" in units.columns
                                             or not {"transcript_id", "turn_index"} <= set(units.columns)):
        check_columns(units, ("text",), caller=_CALLER, name="units")
        frame = units.reset_index(drop=True)
        if "unit_id" not in frame.columns or "n_words" not in frame.columns:
            frame = frame.copy()
            if "unit_id" not in frame.columns:
                frame["unit_id"] = range(len(frame))
            if "n_words" not in frame.columns:
                # count_words(text) is the length of the text's word-token list: take it from the
                # token table build_design reads anyway (memoized by content), not a second pass.
                words = token_table(frame["text"].astype(str).tolist(), n_jobs=TOKEN_JOBS).words(
                    lowercase=True, words_only=True, lemmas=lemmas)
                frame["n_words"] = words.n_words.astype(np.int64)
        return frame
    return topic_units(units)


def _check_fit_params(k, model, representation, n_top_terms, lsa_components, random_state, model_params,
                      caller: str = _CALLER) -> None:
    check_option("model", model, set(MODELS), caller=caller)
    if representation is not None:
        check_option("representation", representation, set(REPRESENTATIONS), caller=caller)
        if representation not in MODELS[model]:
            raise ValueError(f"{caller}(): model={model!r} works on representation "
                             f"{' or '.join(map(repr, MODELS[model]))}; got {representation!r}.")
    check_interval("k", k, low=2, caller=caller, integer=True)
    check_interval("n_top_terms", n_top_terms, low=1, caller=caller, integer=True)
    check_interval("lsa_components", lsa_components, low=2, caller=caller, integer=True)
    check_interval("random_state", random_state, low=0, caller=caller, integer=True)
    if model_params is not None:
        check_type("model_params", model_params, Mapping, caller=caller)


def fit_design(design: Design, params: Mapping[str, Any], *, rows: np.ndarray | None = None,
               random_state: int | None = None, svd: tuple | None = None,
               caller: str = _CALLER, cache: PathLike | bool | None = False) -> TopicModelResult:
    """Fit the model described by ``params`` to ``design`` (optionally a subset of ``rows``).

    ``svd`` is a truncated SVD ``(U, S, Vt)`` of the TF-IDF rows with at least k components,
    reused for NMF's NNDSVDa start (so that :func:`choose_k` computes one SVD for all k).
    ``cache`` keeps an NMF fit on the disk (see :func:`fit_topics`; default: none).
    """
    k = params["k"]
    seed = params["random_state"] if random_state is None else random_state
    units = design.units if rows is None else design.units.iloc[rows].reset_index(drop=True)
    counts = design.counts if rows is None else design.counts[rows]
    tfidf = design.tfidf if rows is None else design.tfidf[rows]
    n = counts.shape[0]
    if k > n:
        raise ValueError(f"{caller}(): k={k} is more than the {n} units with vocabulary terms; lower k.")
    if k > counts.shape[1]:
        raise ValueError(f"{caller}(): k={k} is more than the {counts.shape[1]} vocabulary terms; lower k, "
                         f"or lower min_df / raise max_df to keep more terms.")
    if rows is None:  # choose_k's refits on subsamples were checked with all units
        check_supported_k(k, n, caller=caller)
    rep = params["representation"]
    lsa = None
    if rep == "lsa":
        dims = max(2, min(params["lsa_components"], tfidf.shape[1] - 1, n - 1))
        lsa = TruncatedSVD(n_components=dims, random_state=seed).fit(tfidf)
    x = _represent(design, rep, counts=counts, tfidf=tfidf, fitted=lsa)
    name = params["model"]
    extra = dict(params.get("model_params") or {})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        w, comp, est = _fit_model(name, x, k, extra, seed, svd, cache, tfidf)
    _warn_unconverged(caught, caller, name, k, est)
    shares = _row_shares(w)
    dominant = np.argmax(shares, axis=1)
    sizes = np.bincount(dominant, minlength=k)
    # ties in size by the topics' heaviest terms (their columns, in the vocabulary's order, the first
    # that differs): the model's own order of two equal topics follows the processor's last digits
    heaviest = np.argsort(-np.asarray(comp, dtype=np.float64), axis=1, kind="stable")[:, :10]
    order = np.array(sorted(range(k), key=lambda j: (-sizes[j], tuple(heaviest[j]), j)))
    shares = shares[:, order]
    comp = np.asarray(comp, dtype=np.float64)[order]
    full = dict(params, random_state=seed)
    return _assemble(name, k, design, units, shares, comp, est, order, full, lsa)


def _fit_model(name: str, x, k: int, extra: dict, seed: int, svd: tuple | None, cache,
               tfidf) -> tuple[np.ndarray, np.ndarray, Any]:
    """The unit-topic weights, the topic-term weights and the fitted estimator of model ``name``
    (:data:`MODELS`) with ``k`` topics on ``x`` (see :func:`fit_design`)."""
    if name == "nmf":
        opts = {**MODEL_DEFAULTS["nmf"], **extra, "random_state": seed}
        if svd is None:
            w, est = _cached_nmf(x, k, opts, cache)
        else:
            w, est = _fit_nmf(x, k, opts, svd)
        comp = est.components_
    elif name == "lda":
        est = LatentDirichletAllocation(n_components=k, **{**MODEL_DEFAULTS["lda"], **extra, "random_state": seed})
        w = est.fit_transform(x)
        comp = est.components_ / est.components_.sum(axis=1, keepdims=True)
    elif name == "kmeans":
        est = KMeans(n_clusters=k, **{**MODEL_DEFAULTS["kmeans"], **extra, "random_state": seed})
        w = _one_hot(est.fit_predict(x), k)
        comp = _cluster_means(tfidf, w)
    else:
        est = AgglomerativeClustering(n_clusters=k, **{**MODEL_DEFAULTS["agglomerative"], **extra})
        dense = x.toarray() if sparse.issparse(x) else x
        w = _one_hot(est.fit_predict(dense), k)
        comp = _cluster_means(tfidf, w)
    return w, comp, est


def _warn_unconverged(caught: list, caller: str, name: str, k: int, est) -> None:
    """One clear warning for the convergence warnings ``caught`` during a fit (scikit-learn's
    own says only "Maximum number of iterations 200 reached"), pointing at the caller's line;
    the other warnings caught are issued again as they were."""
    from ..errors import outside_stacklevel

    unconverged = [c for c in caught if issubclass(c.category, ConvergenceWarning)]
    for c in caught:
        if not issubclass(c.category, ConvergenceWarning):
            warnings.warn_explicit(c.message, c.category, c.filename, c.lineno)
    if not unconverged:
        return
    limit = getattr(est, "max_iter", None)
    more = (f"model_params={{'max_iter': {2 * limit}}}" if isinstance(limit, int)
            else "a larger max_iter in model_params")
    warnings.warn(f"{caller}(): the {name} fit with k={k} stopped at its iteration limit"
                  f"{f' (max_iter={limit})' if limit is not None else ''} before it converged, so its topics may "
                  f"still change with more iterations; pass {more} to fit longer (the fit is deterministic, so "
                  f"compare the top terms of the two fits to see whether it matters).",
                  ConvergenceWarning, stacklevel=outside_stacklevel())


#: The precision NMF is fitted in: single, so each of its products of the TF-IDF matrix with a
#: dense factor moves half the bytes (the start, an SVD of the double-precision matrix, is
#: rounded to it).
NMF_DTYPE = np.float32
#: Non-zeros of the TF-IDF matrix from which NMF's products are split over every core.
PARALLEL_NMF_NONZEROS = 200_000


def _nmf_input(x) -> sparse.csr_matrix:
    """The matrix NMF fits and transforms: ``x`` as CSR in :data:`NMF_DTYPE`."""
    x = sparse.csr_matrix(x)
    return x if x.dtype == NMF_DTYPE else x.astype(NMF_DTYPE)


def _fit_nmf(x, k: int, opts: dict, svd: tuple | None = None) -> tuple[np.ndarray, NMF]:
    """The unit-topic matrix ``W`` and the fitted estimator of NMF with ``opts`` on ``x``.

    The fit runs in :data:`NMF_DTYPE` from the NNDSVDa start of ``x`` (or ``svd``). With the
    default solver (coordinate descent, no regularization) it runs :func:`_coordinate_descent`:
    scikit-learn's iterations and stopping rule, its products split over every core.
    """
    opts = dict(opts)
    xs = _nmf_input(x)
    start = {}
    if opts["init"] == "nndsvda":
        opts["init"] = "custom"
        start = {key: m.astype(NMF_DTYPE) for key, m in zip("WH", nndsvda_start(x, k, svd=svd))}
    est = NMF(n_components=k, **opts)
    with np.errstate(invalid="ignore"):  # sqrt of a -0.0 residual on exactly factorizable data
        if start and _plain_coordinate_descent(est):
            return _coordinate_descent(est, xs, start["W"], start["H"]), est
        w = est.fit_transform(xs, **start)
    return w, est


def _plain_coordinate_descent(est: NMF) -> bool:
    """True when ``est`` is coordinate descent of the Frobenius loss without regularization, in
    order (what :func:`_coordinate_descent` runs)."""
    alpha_h = est.alpha_H if est.alpha_H != "same" else est.alpha_W
    return (est.solver == "cd" and est.beta_loss in ("frobenius", 2) and est.alpha_W == 0 and alpha_h == 0
            and not est.shuffle and not est.verbose)


def _coordinate_descent(est: NMF, x: sparse.csr_matrix, w: np.ndarray, h: np.ndarray) -> np.ndarray:
    """``est.fit_transform(x, W=w, H=h)`` for :func:`_plain_coordinate_descent` estimators: the
    same numbers, faster.

    Each iteration updates every coordinate of ``W``, then of ``H``, with scikit-learn's own
    update (``_update_cdnmf_fast``), and stops as scikit-learn does (the summed projected
    gradient at most ``tol`` times that of the first iteration, or ``max_iter``). The products
    ``x @ H.T`` and ``x.T @ W`` are computed by blocks of rows on every core, ``x.T`` held as
    CSR: each row of a product sums its terms in the same order as scikit-learn's, so the
    result is equal. ``est`` is left fitted (``components_``, ``n_iter_``,
    ``reconstruction_err_``).
    """
    from concurrent.futures import ThreadPoolExecutor

    from sklearn.decomposition._cdnmf_fast import _update_cdnmf_fast
    from sklearn.decomposition._nmf import _beta_divergence
    from threadpoolctl import threadpool_limits

    est._validate_params()
    k = w.shape[1]
    ht = np.ascontiguousarray(h.T)
    n_threads = (os.cpu_count() or 1) if x.nnz >= PARALLEL_NMF_NONZEROS else 1
    rows, cols = _RowBlocks(x, n_threads, k), _RowBlocks(x.T.tocsr(), n_threads, k)
    order = np.arange(k, dtype=np.intp)
    n_iter = 0
    # BLAS on one thread: its idle threads would spin on the cores the products run on (the
    # k x k Gram matrices it computes are the same on one thread)
    with ThreadPoolExecutor(max(1, n_threads - 1)) as pool, threadpool_limits(1, user_api="blas"):
        for n_iter in range(1, est.max_iter + 1):
            violation = 0.0
            violation += _update_cdnmf_fast(w, np.dot(ht.T, ht), rows.dot(ht, pool), order)
            violation += _update_cdnmf_fast(ht, np.dot(w.T, w), cols.dot(w, pool), order)
            if n_iter == 1:
                violation_init = violation
            if violation_init == 0 or violation / violation_init <= est.tol:
                break
    if n_iter == est.max_iter and est.tol > 0:
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        warnings.warn(f"Maximum number of iterations {est.max_iter} reached. Increase it to improve "
                      "convergence.", ConvergenceWarning)
    est.components_ = ht.T
    est.n_components_ = k
    est.n_features_in_ = x.shape[1]
    est.n_iter_ = n_iter
    est.reconstruction_err_ = _beta_divergence(x, w, ht.T, 2, square_root=True)
    return w


class _RowBlocks:
    """``m @ dense`` for a CSR matrix ``m`` and dense matrices of ``k`` columns, by ``n`` blocks
    of consecutive rows of about equal non-zeros on ``n`` threads, into one output kept from
    product to product (scipy's own kernel, ``csr_matvecs``, on each block: each row is summed
    as in ``m @ dense``)."""

    def __init__(self, m: sparse.csr_matrix, n: int, k: int) -> None:
        targets = np.linspace(0, m.nnz, max(1, n) + 1)[1:-1]
        cuts = np.unique(np.concatenate([[0], np.searchsorted(m.indptr, targets), [m.shape[0]]]))
        self.m = m
        self.parts = list(zip(cuts[:-1].tolist(), cuts[1:].tolist()))
        self.out = np.empty((m.shape[0], k), dtype=m.dtype)

    def _part(self, a: int, b: int, dense: np.ndarray) -> None:
        from scipy.sparse import _sparsetools

        out = self.out[a:b]
        out.fill(0)
        _sparsetools.csr_matvecs(b - a, self.m.shape[1], dense.shape[1], self.m.indptr[a:b + 1], self.m.indices,
                                 self.m.data, dense.ravel(), out.ravel())

    def dot(self, dense: np.ndarray, pool) -> np.ndarray:
        """``m @ dense`` (C-ordered ``dense`` of ``m``'s dtype), the first block in this thread,
        the others in ``pool``. The result is overwritten by the next call."""
        later = [pool.submit(self._part, a, b, dense) for a, b in self.parts[1:]]
        self._part(*self.parts[0], dense)
        for f in later:
            f.result()
        return self.out


def _cached_nmf(x, k: int, opts: dict, cache: PathLike | bool | None) -> tuple[np.ndarray, NMF]:
    """:func:`_fit_nmf`, kept in the on-disk cache (:func:`analysis.cache.cached_frame`).

    The entry is one frame of k float columns ``t1..tk``: the rows of ``W`` (one per unit),
    then those of ``H`` transposed (one per term), then one row holding the estimator's
    ``reconstruction_err_`` and ``n_iter_`` (the other columns 0).
    """
    from ..cache import bad_entry, cache_dir, cached_frame, entry_path

    fitted: dict = {}

    def compute() -> pd.DataFrame:
        w, est = fitted["w"], fitted["est"] = _fit_nmf(x, k, opts)
        tail = np.zeros((1, k))
        tail[0, :2] = est.reconstruction_err_, est.n_iter_
        return pd.DataFrame(np.vstack([w, est.components_.T, tail]), columns=[f"t{j}" for j in range(1, k + 1)])

    key = None

    def make_key() -> str:
        nonlocal key
        key = _nmf_key(x, k, opts)
        return key

    frame = cached_frame("topic_nmf", make_key, compute, cache=cache)
    if fitted:
        return fitted["w"], fitted["est"]
    n, v = x.shape
    if frame.shape != (n + v + 1, k) or list(frame.columns) != [f"t{j}" for j in range(1, k + 1)]:
        bad_entry(entry_path(key, kind="topic_nmf", cache=cache_dir(cache)), "is not an NMF fit of this matrix")
        return _fit_nmf(x, k, opts)
    values = frame.to_numpy(dtype=np.float64)
    est = NMF(n_components=k, **{**opts, "init": "custom" if opts["init"] == "nndsvda" else opts["init"]})
    est.components_ = np.ascontiguousarray(values[n:n + v].T, dtype=NMF_DTYPE)
    est.n_components_ = k
    est.n_features_in_ = v
    est.reconstruction_err_ = float(values[-1, 0])
    est.n_iter_ = int(values[-1, 1])
    return np.ascontiguousarray(values[:n], dtype=NMF_DTYPE), est


def _nmf_key(x, k: int, opts: dict) -> str:
    """Cache key of an NMF fit: every value of ``x``, k, the options, the source of
    :mod:`analysis.topics` and the versions of the libraries that fit."""
    import hashlib

    from ..cache import content_key, source_key, versions

    h = hashlib.blake2b(digest_size=16)
    for a in (x.data, x.indices, x.indptr, np.asarray(x.shape, dtype=np.int64)):
        h.update(np.ascontiguousarray(a).tobytes())
    options = repr((k, sorted((str(a), repr(b)) for a, b in opts.items())))
    return content_key("fit_topics_nmf", source_key("analysis.topics"), versions("scikit-learn", "scipy", "numpy"),
                       options, h.hexdigest())


#: Units a topic needs on average beyond :data:`FREE_TOPICS` topics (see :func:`max_topics`).
UNITS_PER_TOPIC = 20
#: Topics any corpus may ask for, as long as it has as many units.
FREE_TOPICS = 200


def max_topics(n_units: int) -> int:
    """The most topics ``n_units`` units can support: ``min(n, max(200, n // 20))``.

    A topic is a pattern of terms recurring across units. Up to :data:`FREE_TOPICS` topics
    need only one unit each (a small corpus may ask for as many topics as it has units);
    beyond that each topic needs :data:`UNITS_PER_TOPIC` units on average. Past that the
    model spends topics on a handful of units each, and its fit time grows with k for
    nothing (an NMF or LDA iteration costs time linear in k, and convergence slows): a
    k of 1,000 on 11,680 paragraphs would run for many minutes.

    Examples
    --------
    >>> max_topics(5), max_topics(1_000), max_topics(11_680)
    (5, 200, 584)
    """
    n = int(n_units)
    return min(n, max(FREE_TOPICS, n // UNITS_PER_TOPIC))


def check_supported_k(k: int, n_units: int, *, caller: str = _CALLER) -> None:
    """Raise a ValueError naming ``k`` when ``n_units`` units cannot support ``k`` topics
    (:func:`max_topics`), before any model is fitted."""
    if k > n_units:
        raise ValueError(f"{caller}(): k={k} is more than the {n_units} units; lower k.")
    most = max_topics(n_units)
    if k > most:
        raise ValueError(f"{caller}(): k={k} is more topics than {n_units:,} units can support (at most {most}: "
                         f"beyond {FREE_TOPICS} topics each needs about {UNITS_PER_TOPIC} units); lower k.")


def truncated_svd(x, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``k`` leading singular triplets ``(U, S, Vt)`` of ``x``, largest first.

    Exact (ARPACK through ``scipy.sparse.linalg.svds``, with a fixed start vector, so the
    result is deterministic); a dense SVD when ``k`` is close to the matrix's smaller side.
    """
    n_min = min(x.shape)
    if k >= n_min - 1 or n_min <= 64:
        dense = x.toarray() if sparse.issparse(x) else np.asarray(x)
        u, s, vt = np.linalg.svd(dense, full_matrices=False)
        return u[:, :k], s[:k], vt[:k]
    u, s, vt = svds(x, k=k, v0=np.full(n_min, 1.0 / np.sqrt(n_min)))
    order = np.argsort(-s, kind="stable")
    return u[:, order], s[order], vt[order]


def nndsvda_start(x, k: int, *, svd: tuple | None = None, eps: float = 1e-6) -> tuple[np.ndarray, np.ndarray]:
    """NNDSVD starting matrices ``(W, H)`` for NMF, zeros filled with the mean of ``x`` (NNDSVDa).

    The same construction as scikit-learn's ``init="nndsvda"``, from an exact truncated SVD
    (:func:`truncated_svd`, or the leading ``k`` triplets of ``svd``) instead of a randomized one.

    References
    ----------
    Boutsidis, C. & Gallopoulos, E. (2008). SVD based initialization: A head start for
    nonnegative matrix factorization. Pattern Recognition, 41(4), 1350-1362.
    """
    u, s, vt = svd if svd is not None and len(svd[1]) >= k else truncated_svd(x, k)
    u, s, vt = u[:, :k], s[:k], vt[:k]
    w = np.zeros((x.shape[0], k))
    h = np.zeros((k, x.shape[1]))
    w[:, 0] = np.sqrt(s[0]) * np.abs(u[:, 0])
    h[0] = np.sqrt(s[0]) * np.abs(vt[0])
    for j in range(1, k):
        a, b = u[:, j], vt[j]
        ap, an, bp, bn = np.maximum(a, 0), np.maximum(-a, 0), np.maximum(b, 0), np.maximum(-b, 0)
        m_p = np.linalg.norm(ap) * np.linalg.norm(bp)
        m_n = np.linalg.norm(an) * np.linalg.norm(bn)
        if m_p > m_n:
            uu, vv, sigma = ap / np.linalg.norm(ap), bp / np.linalg.norm(bp), m_p
        elif m_n > 0:
            uu, vv, sigma = an / np.linalg.norm(an), bn / np.linalg.norm(bn), m_n
        else:
            continue
        lbd = np.sqrt(s[j] * sigma)
        w[:, j] = lbd * uu
        h[j] = lbd * vv
    w[w < eps] = 0
    h[h < eps] = 0
    avg = float(x.mean())
    w[w == 0] = avg
    h[h == 0] = avg
    return w, h


def _represent(design: Design, rep: str, *, counts, tfidf=None, fitted=None):
    if rep == "counts":
        return counts
    if tfidf is None:
        tfidf = design.tfidf_transformer.transform(counts)
    if rep == "tfidf":
        return tfidf
    return normalize(fitted.transform(tfidf))


def _model_weights(name: str, est, x, comp_model_order: np.ndarray, tfidf) -> np.ndarray:
    if name == "nmf":
        return est.transform(_nmf_input(x))
    if name == "lda":
        return est.transform(x)
    k = comp_model_order.shape[0]
    if name == "kmeans":
        return _one_hot(est.predict(x), k)
    sims = normalize(tfidf) @ normalize(comp_model_order).T  # agglomerative: nearest cluster mean
    return _one_hot(np.asarray(sims).argmax(axis=1), k)


def _one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros((len(labels), k))
    out[np.arange(len(labels)), labels] = 1.0
    return out


def _row_shares(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=float)
    s = w.sum(axis=1, keepdims=True)
    return np.divide(w, s, out=np.zeros_like(w), where=s > 0)


def _cluster_means(tfidf: sparse.csr_matrix, onehot: np.ndarray) -> np.ndarray:
    n_per = onehot.sum(axis=0)
    sums = np.asarray((sparse.csr_matrix(onehot.T) @ tfidf).todense())
    return sums / np.maximum(n_per, 1)[:, None]


def _assemble(name, k, design, units, shares, comp, est, order, params, reducer) -> TopicModelResult:
    terms = design.terms
    n_top = min(params["n_top_terms"], len(terms))
    idx = np.argsort(-comp, axis=1, kind="stable")[:, :n_top]
    topic_terms = pd.DataFrame({
        "topic": np.repeat(np.arange(1, k + 1), n_top),
        "rank": np.tile(np.arange(1, n_top + 1), k),
        "term": terms[idx].ravel(),
        "weight": np.take_along_axis(comp, idx, axis=1).ravel(),
    })
    dominant = np.argmax(shares, axis=1)
    unit_topics = units.copy()
    unit_topics["topic"] = dominant + 1
    unit_topics["weight"] = shares[np.arange(len(shares)), dominant]
    labels = [", ".join(terms[idx[j, :3]]) for j in range(k)]
    n_words = (unit_topics.groupby("topic")["n_words"].sum() if "n_words" in unit_topics
               else pd.Series(dtype="int64"))
    counts = np.bincount(dominant, minlength=k)
    topic_sizes = pd.DataFrame({
        "topic": np.arange(1, k + 1),
        "label": labels,
        "n_units": counts,
        "share_units": counts / max(len(units), 1),
        "mean_weight": shares.mean(axis=0) if len(shares) else np.zeros(k),
        "n_words": [int(n_words.get(t, 0)) for t in range(1, k + 1)],
    })
    return TopicModelResult(name, k, topic_terms, unit_topics, topic_sizes, shares, comp, terms, est,
                            design.vectorizer, design, order, params, reducer)
