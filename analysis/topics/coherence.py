"""Topic coherence: normalized pointwise mutual information of top terms (NPMI).

Notation. N units (documents); for terms w_i, w_j: D(w_i) the number of units containing
w_i, D(w_i, w_j) the number containing both; P(w_i) = D(w_i)/N, P(w_i, w_j) = D(w_i, w_j)/N.

NPMI (Bouma 2009): NPMI(w_i, w_j) = log[P(w_i, w_j) / (P(w_i) P(w_j))] / -log P(w_i, w_j), in
[-1, 1]; -1 when the two terms never co-occur, 1 when they always do. The coherence of a
topic is the mean NPMI over all pairs of its ``top_n`` terms (Aletras & Stevenson 2013;
gensim's ``c_npmi`` in Röder et al. 2015). Co-occurrence is counted in the corpus's own
units (boolean document contexts), not in gensim's default sliding window of 10 words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .._validation import check_interval, check_type
from .models import TopicModelResult

__all__ = ["npmi_coherence", "topic_coherence"]


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
