"""Topic coherence: how often a topic's top terms occur together (UMass, UCI, NPMI, C_V).

Notation. N contexts; for terms w_i, w_j: D(w_i) the number of contexts containing w_i,
D(w_i, w_j) the number containing both; P(w_i) = D(w_i)/N, P(w_i, w_j) = D(w_i, w_j)/N; eps a
smoothing constant (gensim's 1e-12, or 0). A context is a whole document (boolean document) or
a sliding window of ``window`` tokens (a document shorter than the window is one context).

Measures (Röder, Both & Hinneburg 2015; gensim's ``CoherenceModel`` names), logs natural:

- ``u_mass`` (Mimno et al. 2011): mean over i > j of log[(P(w_i, w_j) + eps) / P(w_j)],
  terms in topic order (gensim's ``s_one_pre`` segmentation);
- ``c_uci`` (Newman et al. 2010): mean over pairs of PMI = log[(P(w_i, w_j) + eps) /
  (P(w_i) P(w_j))];
- ``c_npmi`` (Bouma 2009; Aletras & Stevenson 2013): mean over pairs of NPMI = PMI /
  -log(P(w_i, w_j) + eps), in [-1, 1];
- ``c_v`` (Röder et al. 2015): each term's vector of NPMI with every top term (itself
  included), against the sum of all the terms' vectors: mean cosine similarity.

gensim's defaults, which :func:`coherence_scores` follows: boolean documents for ``u_mass``, sliding
windows of 10 tokens for ``c_uci`` and ``c_npmi`` and of 110 for ``c_v``, eps = 1e-12. The
suite's own NPMI (:func:`npmi_coherence`, :func:`topic_coherence`, used to choose k) counts
co-occurrence in the corpus's units (boolean documents) without smoothing: a pair that never
co-occurs scores -1 (the limit of NPMI; gensim's eps gives -1 + (-log P(w_i) P(w_j)) / 27.6
instead) and a pair in every unit 1 (gensim's eps gives -1 there).

gensim counts sliding windows incrementally: moving one token on, it drops the token that
left the window from the window's set of words even when another occurrence of it is still
inside, so a word repeated within ``window`` tokens is missed from some windows (in "a b a c"
with windows of 3, "a" is counted in the first window only). ``window_counts="gensim"``
reproduces that count, the default so that values equal gensim's; ``"exact"`` counts a word
in every window that holds it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .._validation import check_interval, check_option, check_type
from .models import TopicModelResult

__all__ = ["npmi_coherence", "topic_coherence", "coherence_scores", "COHERENCE_MEASURES", "GENSIM_WINDOWS",
           "GENSIM_EPSILON"]

#: The coherence measures, by gensim's names.
COHERENCE_MEASURES = ("u_mass", "c_uci", "c_npmi", "c_v")
#: gensim's context per measure (``CoherenceModel``'s ``SLIDING_WINDOW_SIZES``): None is
#: boolean documents, an integer a sliding window of that many tokens.
GENSIM_WINDOWS = {"u_mass": None, "c_uci": 10, "c_npmi": 10, "c_v": 110}
#: gensim's smoothing constant (``gensim.topic_coherence.direct_confirmation_measure.EPSILON``).
GENSIM_EPSILON = 1e-12
_COLUMNS = ["topic", "coherence", "n_terms", "n_missing", "n_pairs", "n_pairs_never"]
#: Occurrences expanded at once when counting windows (bounds memory on large corpora).
_WINDOW_BLOCK = 4_000_000


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
    *,
    window: int | str | None = None,
    epsilon: float = 0.0,
    window_counts: str = "gensim",
) -> pd.DataFrame:
    """NPMI coherence of term lists, from co-occurrence in ``documents``.

    Parameters
    ----------
    topics : sequence of sequence of str
        One list of (top) terms per topic.
    documents : sequence of str, or sequence of sequence of str
        The reference corpus: texts (tokenized with :func:`analysis.text.tokenize`,
        lower-cased) or token lists. A term co-occurs with another when both are in the same
        document (or window).
    window : int, "gensim" or None, default=None
        None: whole documents (the suite's convention); an integer: sliding windows of that
        many tokens; "gensim": gensim's 10 tokens for ``c_npmi``.
    epsilon : float, default=0.0
        Smoothing added to P(w_i, w_j) (gensim: 1e-12). With 0, a pair never seen together
        scores -1 and a pair in every document 1.
    window_counts : {"gensim", "exact"}, default="gensim"
        How windows count a repeated word (see :mod:`analysis.topics.coherence`).

    Returns
    -------
    pandas.DataFrame
        One row per topic, in input order: ``topic`` (1..), ``coherence`` (mean NPMI over
        pairs of terms found in the documents; NaN with fewer than two), ``n_terms``,
        ``n_missing`` (terms in no document), ``n_pairs``, ``n_pairs_never`` (pairs never in
        the same document).

    Notes
    -----
    See the module notes for NPMI. By default pairs that never co-occur score -1 (the limit of
    NPMI), with no smoothing constant; the results, figures and k chosen on the bundled corpus
    rest on that convention. ``npmi_coherence(topics, docs, window="gensim",
    epsilon=1e-12)`` is gensim's ``c_npmi`` (:func:`coherence_scores` with ``measure="c_npmi"``).

    See Also
    --------
    coherence_scores : UMass, UCI, NPMI and C_V with gensim's defaults.

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
    window = _check_context("npmi_coherence", "c_npmi", window, epsilon, window_counts)
    docs = _as_token_lists(documents)
    if window is not None or epsilon:
        return _coherence_table(topics, docs, "c_npmi", window, float(epsilon), window_counts)
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


def topic_coherence(
    result: TopicModelResult,
    *,
    top_n: int = 10,
    measure: str = "c_npmi",
    window: int | str | None = None,
    epsilon: float = 0.0,
    window_counts: str = "gensim",
) -> pd.DataFrame:
    """Coherence of each topic's ``top_n`` terms over the units the model was fitted on.

    Parameters
    ----------
    result : TopicModelResult
    top_n : int, default=10
        Terms per topic.
    measure : {"c_npmi", "u_mass", "c_uci", "c_v"}, default="c_npmi"
        See :mod:`analysis.topics.coherence`.
    window : int, "gensim" or None, default=None
        None: each unit is one context (boolean document); an integer: sliding windows of
        that many tokens over the units' words as the model read them (stop words, numbers
        and one-letter tokens dropped, as gensim users pass their preprocessed texts);
        "gensim": gensim's window for the measure.
    epsilon : float, default=0.0
        Smoothing (gensim: 1e-12). The defaults (NPMI over units, no smoothing) are the
        coherence :func:`choose_k` reads.
    window_counts : {"gensim", "exact"}, default="gensim"
        How windows count a repeated word.

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
    caller = "topic_coherence"
    check_type("result", result, TopicModelResult, caller=caller)
    check_interval("top_n", top_n, low=2, caller=caller, integer=True)
    window = _check_context(caller, measure, window, epsilon, window_counts)
    idx = np.argsort(-result.components, axis=1, kind="stable")[:, :top_n]
    if measure != "c_npmi" or window is not None or epsilon:
        terms = [list(result.terms[r]) for r in idx]
        if window is None:
            cols = np.unique(idx)
            sub = result.design.presence()[:, cols]
            co = np.asarray((sub.T @ sub).todense(), dtype=np.float64)
            table = _score_table(terms, list(result.terms[cols]), co, sub.shape[0], measure, float(epsilon))
        else:
            table = _coherence_table(terms, _design_texts(result.design), measure, window, float(epsilon),
                                     window_counts)
        table.insert(1, "label", result.topic_sizes["label"].to_numpy())
        return table[["topic", "label", "coherence", "n_pairs", "n_pairs_never"]]
    npmis = _npmi_pairs(result.design.presence(), [list(r) for r in idx])
    return pd.DataFrame({
        "topic": np.arange(1, result.k + 1),
        "label": result.topic_sizes["label"].to_numpy(),
        "coherence": [float(v.mean()) for v in npmis],
        "n_pairs": [len(v) for v in npmis],
        "n_pairs_never": [int((v == -1.0).sum()) for v in npmis],
    })


# ----------------------------------------------------------------------------- every measure

def _window_cooccurrence(codes: Sequence[np.ndarray], n_terms: int, window: int,
                         rule: str) -> tuple[np.ndarray, int]:
    """Co-occurrence counts of ``n_terms`` terms over sliding windows, and the number of windows.

    ``codes[d]`` holds document d's tokens as term indices (-1 for any other token). Returns a
    dense ``n_terms x n_terms`` matrix: off the diagonal, windows holding both terms; on it,
    windows holding the term. Each occurrence at position p of a document of L tokens (windows
    k = 0..K-1, K = max(L - window + 1, 1)) counts in the windows k = max(0, p - window + 1) ..
    min(p, K - 1); with ``rule="gensim"`` also only up to (next occurrence - window) and up to
    the earliest occurrence less than ``window`` before p (the windows gensim's incremental
    count keeps the term in: it drops the term when that earlier occurrence leaves).
    """
    lens = np.array([len(c) for c in codes], dtype=np.int64)
    n_win = np.maximum(lens - window + 1, 1)
    offset = np.concatenate([[0], np.cumsum(n_win)[:-1]])
    total = int(n_win.sum())
    co = np.zeros((n_terms, n_terms), dtype=np.float64)
    if not len(codes) or n_terms == 0:
        return co, total
    flat = np.concatenate([np.asarray(c, dtype=np.int64) for c in codes]) if lens.sum() else np.zeros(0, np.int64)
    doc = np.repeat(np.arange(len(codes)), lens)
    pos = np.arange(len(flat)) - np.repeat(np.concatenate([[0], np.cumsum(lens)[:-1]]), lens)
    at = flat >= 0
    term, doc, pos = flat[at], doc[at], pos[at]
    order = np.lexsort((pos, term, doc))
    term, doc, pos = term[order], doc[order], pos[order]
    last = n_win[doc] - 1
    start = np.maximum(pos - window + 1, 0)
    end = np.minimum(pos, last)
    if rule == "gensim":
        same_next = np.zeros(len(term), dtype=bool)
        same_next[:-1] = (term[1:] == term[:-1]) & (doc[1:] == doc[:-1])
        nxt = np.where(same_next, np.roll(pos, -1) - window, end)
        # the earliest occurrence of the term less than `window` before (or p itself)
        group = np.cumsum(np.concatenate([[0], ~same_next[:-1]])) if len(term) else term
        key = group * (int(lens.max()) + window + 1) + pos
        earliest = pos[np.searchsorted(key, key - window + 1, side="left")]
        end = np.minimum(end, np.minimum(nxt, earliest))
    length = np.maximum(end - start + 1, 0)
    first = offset[doc] + start
    for block in np.split(np.arange(len(term)), _block_cuts(doc, length)):
        ln = length[block]
        rows = np.repeat(first[block], ln) + (np.arange(int(ln.sum())) - np.repeat(np.cumsum(ln) - ln, ln))
        x = sparse.csr_matrix((np.ones(len(rows)), (rows, np.repeat(term[block], ln))), shape=(total, n_terms))
        x.sum_duplicates()
        x.data[:] = 1.0  # a window holds a term or not
        co += (x.T @ x).toarray()
    return co, total


def _block_cuts(doc: np.ndarray, length: np.ndarray, block: int | None = None) -> np.ndarray:
    """Where to cut the occurrences (sorted by document) into blocks of about ``block`` expanded
    windows, only between documents, so that no window is split between two blocks."""
    block = block or _WINDOW_BLOCK
    cum = np.cumsum(length)
    if not len(cum) or cum[-1] <= block:
        return np.zeros(0, dtype=np.int64)
    bounds = np.flatnonzero(np.diff(doc)) + 1
    if not len(bounds):
        return bounds
    picks = np.searchsorted(cum[bounds - 1], np.arange(block, int(cum[-1]), block))
    return np.unique(bounds[picks[picks < len(bounds)]])


def _document_cooccurrence(docs: Sequence[Sequence[str]], vocab: list[str]) -> tuple[np.ndarray, int]:
    vec = CountVectorizer(analyzer=lambda d: d, vocabulary=vocab or ["_"], binary=True, dtype=np.float64)
    presence = vec.transform(docs).tocsr() if docs else sparse.csr_matrix((0, max(len(vocab), 1)))
    return np.asarray((presence.T @ presence).todense(), dtype=np.float64), len(docs)


def _npmi_matrix(co: np.ndarray, n: int, eps: float) -> np.ndarray:
    """NPMI of every pair of terms (diagonal: a term with itself) from co-occurrence counts."""
    d = np.diag(co)
    p_ij, p_i = co / n, d / n
    with np.errstate(divide="ignore", invalid="ignore"):
        if eps:  # gensim's log_ratio_measure(normalize=True)
            num = np.log((p_ij + eps) / (p_i[:, None] * p_i[None, :]))
            return num / -np.log(p_ij + eps)
        npmi = np.log(p_ij / (p_i[:, None] * p_i[None, :])) / -np.log(p_ij)
    npmi = np.where(p_ij == 0, -1.0, npmi)
    return np.where(p_ij == 1, 1.0, npmi)


def _topic_score(measure: str, loc: np.ndarray, co: np.ndarray, n: int, eps: float,
                 npmi: np.ndarray | None) -> float:
    """One topic's coherence, its segments in gensim's order, aggregated by the mean."""
    if len(loc) < 2:
        return float("nan")
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "u_mass":  # s_one_pre: (w_i, w_j) for j < i
            i, j = np.tril_indices(len(loc), k=-1)
            a, b = loc[i], loc[j]
            sims = np.log((co[a, b] / n + eps) / (co[b, b] / n))
        elif measure == "c_uci":  # s_one_one: every ordered pair
            i, j = np.nonzero(~np.eye(len(loc), dtype=bool))
            a, b = loc[i], loc[j]
            sims = np.log((co[a, b] / n + eps) / ((co[a, a] / n) * (co[b, b] / n)))
        elif measure == "c_npmi":
            i, j = np.nonzero(~np.eye(len(loc), dtype=bool))
            sims = npmi[loc[i], loc[j]]
        else:  # c_v: s_one_set, cosine of NPMI context vectors (gamma = 1)
            m = np.ascontiguousarray(npmi[np.ix_(loc, loc)])
            star = m.sum(axis=0)
            sims = (m @ star) / (np.sqrt((m ** 2).sum(axis=1)) * np.sqrt((star ** 2).sum()))
    return float(np.mean(sims))


def coherence_scores(
    topics: Sequence[Sequence[str]],
    documents: Sequence[Sequence[str]] | Sequence[str],
    *,
    measure: str = "c_v",
    window: int | str | None = "gensim",
    epsilon: float = GENSIM_EPSILON,
    window_counts: str = "gensim",
) -> pd.DataFrame:
    """Coherence of term lists (UMass, UCI, NPMI or C_V), as gensim's ``CoherenceModel``.

    Parameters
    ----------
    topics : sequence of sequence of str
        One list of top terms per topic, heaviest first (``u_mass`` reads the order).
    documents : sequence of str, or sequence of sequence of str
        The reference corpus: texts (tokenized with :func:`analysis.text.tokenize`,
        lower-cased, punctuation dropped) or token lists (gensim's ``texts``).
    measure : {"u_mass", "c_uci", "c_npmi", "c_v"}, default="c_v"
        gensim's names (its default is ``c_v``); see the module notes.
    window : "gensim", int or None, default="gensim"
        Contexts: None whole documents (boolean document); an integer, sliding windows of
        that many tokens; "gensim" gensim's choice for the measure (:data:`GENSIM_WINDOWS`:
        documents for ``u_mass``, 10 for ``c_uci``/``c_npmi``, 110 for ``c_v``).
    epsilon : float, default=1e-12
        Added to P(w_i, w_j) in every log (gensim's smoothing). 0: none, so a pair never
        seen together scores -inf (``u_mass``, ``c_uci``) or -1 (``c_npmi``, ``c_v``).
    window_counts : {"gensim", "exact"}, default="gensim"
        How windows count a word repeated within one window (see the module notes).

    Returns
    -------
    pandas.DataFrame
        One row per topic, in input order: ``topic`` (1..), ``coherence`` (NaN with fewer
        than two terms found), ``n_terms``, ``n_missing`` (terms in no document, left out),
        ``n_pairs`` (pairs of terms found), ``n_pairs_never`` (pairs never in one context).

    Raises
    ------
    ValueError
        Unknown ``measure`` or ``window_counts``; ``window`` < 2; ``epsilon`` < 0.

    See Also
    --------
    npmi_coherence : NPMI over whole documents without smoothing (the suite's convention).
    topic_coherence : the same measures for a fitted model.

    Notes
    -----
    Equal to ``CoherenceModel(topics=topics, texts=documents, dictionary=Dictionary(documents),
    coherence=measure, topn=len(topic), processes=1).get_coherence_per_topic()`` (gensim
    4.4.0, tested to 1e-9). Two differences: a term found in no document is left out here
    (gensim refuses a topic with a term outside its dictionary), and gensim with several
    processes counts windows per batch of documents (a document shorter than the window
    then counts as fewer windows), so its values depend on ``processes``; here they are
    those of ``processes=1``.

    References
    ----------
    Mimno, D., Wallach, H., Talley, E., Leenders, M. & McCallum, A. (2011). Optimizing
    semantic coherence in topic models. Proceedings of EMNLP, 262-272.
    Newman, D., Lau, J. H., Grieser, K. & Baldwin, T. (2010). Automatic evaluation of topic
    coherence. Proceedings of NAACL-HLT, 100-108.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
    Proceedings of GSCL, 31-40.
    Aletras, N. & Stevenson, M. (2013). Evaluating topic coherence using distributional
    semantics. Proceedings of IWCS, 13-22.
    Röder, M., Both, A. & Hinneburg, A. (2015). Exploring the space of topic coherence
    measures. Proceedings of WSDM, 399-408.

    Examples
    --------
    >>> docs = [["tariff", "trade", "talks"], ["tariff", "trade"], ["flood", "rescue"], ["flood", "rescue", "talks"]]
    >>> coherence_scores([["tariff", "trade"], ["tariff", "flood"]], docs, measure="u_mass")["coherence"].round(3).tolist()
    [0.0, -26.938]
    """
    caller = "coherence_scores"
    check_type("topics", topics, (list, tuple), caller=caller)
    window = _check_context(caller, measure, window, epsilon, window_counts)
    docs = _as_token_lists(documents)
    return _coherence_table(topics, docs, measure, window, float(epsilon), window_counts)


def _design_texts(design) -> list[list[str]]:
    """The units' words as the model read them (before the vocabulary was pruned)."""
    from ..text import tokenize_texts

    texts = design.units["text"].astype(str).tolist()
    tokens = tokenize_texts(texts, lowercase=True, words_only=True, lemmas=design.analyzer.lemmas)
    return [design.analyzer(t) for t in tokens]


def _as_token_lists(documents) -> list:
    docs = list(documents)
    if docs and isinstance(docs[0], str):
        from ..text import tokenize_texts

        docs = tokenize_texts(docs, lowercase=True, words_only=True)
    return docs


def _check_context(caller: str, measure: str, window, epsilon, window_counts: str) -> int | None:
    """Check the shared options; the window as None (documents) or a number of tokens."""
    check_option("measure", measure, set(COHERENCE_MEASURES), caller=caller)
    check_option("window_counts", window_counts, {"gensim", "exact"}, caller=caller)
    check_interval("epsilon", epsilon, low=0, caller=caller)
    if isinstance(window, str):
        check_option("window", window, {"gensim"}, caller=caller)
        return GENSIM_WINDOWS[measure]
    if window is not None:
        check_interval("window", window, low=2, caller=caller, integer=True)
    return window


def _coherence_table(topics, docs, measure: str, window: int | None, eps: float, rule: str) -> pd.DataFrame:
    if not topics:
        return pd.DataFrame(columns=_COLUMNS)
    vocab = sorted({t for topic in topics for t in topic})
    if window is None:
        co, n = _document_cooccurrence(docs, vocab)
    else:
        index = {t: i for i, t in enumerate(vocab)}
        codes = [np.fromiter((index.get(t, -1) for t in d), dtype=np.int64, count=len(d)) for d in docs]
        co, n = _window_cooccurrence(codes, len(vocab), window, rule)
    return _score_table(topics, vocab, co, n, measure, eps)


def _score_table(topics, vocab: list[str], co: np.ndarray, n: int, measure: str, eps: float) -> pd.DataFrame:
    """One row per topic from the co-occurrence counts ``co`` of ``vocab`` in ``n`` contexts."""
    found_df = np.diag(co) > 0 if len(vocab) else np.zeros(0, dtype=bool)
    index = {t: i for i, t in enumerate(vocab)}
    npmi = _npmi_matrix(co, n, eps) if measure in ("c_npmi", "c_v") and n else None
    rows = []
    for j, topic in enumerate(topics):
        terms = list(dict.fromkeys(topic))
        loc = np.array([index[t] for t in terms if found_df[index[t]]], dtype=np.int64)
        iu, ju = np.triu_indices(len(loc), k=1)
        never = int((co[loc[iu], loc[ju]] == 0).sum()) if len(loc) else 0
        score = _topic_score(measure, loc, co, n, eps, npmi) if n else float("nan")
        rows.append((j + 1, score, len(terms), len(terms) - len(loc), len(iu), never))
    return pd.DataFrame(rows, columns=_COLUMNS)
