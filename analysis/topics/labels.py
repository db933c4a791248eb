"""Labelling topics: top terms, recurring phrases and the most representative passages.

Phrases are word n-grams of each topic's units (units whose dominant topic it is) that
neither start nor end with a stop word or a number, so "belt and road" counts but "of the"
does not. They are ranked by class-based TF-IDF (Grootendorst 2022): with tf(x, t) the count
of phrase x in topic t's units, f(x) its count in all units and A the mean number of phrase
occurrences per topic, score(x, t) = tf(x, t) * log(1 + A / f(x)). A phrase frequent in one
topic and rare elsewhere scores high; one spread evenly over topics scores low.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import normalize

from .._validation import check_interval, check_type
from ..text import stop_words, tokenize_texts
from .models import TopicModelResult

__all__ = ["topic_phrases", "topic_labels", "representative_passages", "topic_term_weights"]

_PHRASE_COLUMNS = ["topic", "rank", "phrase", "n", "count", "n_units", "count_all", "score"]
_PASSAGE_COLUMNS = ["topic", "rank", "unit_id", "weight", "similarity", "transcript_id", "date", "speaker",
                    "role", "text", "path", "line"]


def _phrase_counts(tokens: Sequence[Sequence[str]], stops: frozenset[str], n: tuple[int, int],
                   topic: np.ndarray, k: int):
    """Counts of the phrases that occur in at least two units, by topic.

    A phrase is a run of ``n[0]``..``n[1]`` tokens of one unit whose first and last tokens
    are not stop words, numbers or single characters. Returns ``(phrases, lengths, tf,
    n_units)``: the phrases (object array), their lengths in words, and two topics x phrases
    float arrays, the phrase's count in the units of each topic (``topic[u]`` is unit ``u``'s
    topic, 0-based) and the number of those units containing it; None when no phrase is in two
    units. The numbers are those of ``CountVectorizer(min_df=2)`` over each unit's phrases,
    summed by topic, without building a string per occurrence: tokens are coded as integers,
    and the code of a phrase of L tokens is that of its first L - 1 tokens and its last token
    renumbered by hashing (``pandas.factorize``), one vectorized pass per length.
    """
    lo, hi = n
    sizes = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    flat = [t for doc in tokens for t in doc]
    if not flat:
        return None
    codes, vocab = pd.factorize(np.asarray(flat, dtype=object))
    n_vocab, n_docs = len(vocab), len(tokens)
    edge = np.fromiter((t not in stops and not t[0].isdigit() and len(t) > 1 for t in vocab), dtype=bool,
                       count=n_vocab)[codes]
    unit = np.repeat(np.arange(n_docs, dtype=np.int64), sizes)
    starts = np.flatnonzero(edge)  # every phrase starts on an edge token
    stop_at = np.repeat(np.cumsum(sizes), sizes)[starts]  # end of the start's unit (exclusive)
    ids, n_ids = codes[starts].astype(np.int64), n_vocab  # code of the phrase of length L at each start
    out = []
    for length in range(2, hi + 1):
        alive = starts + length - 1 < stop_at
        starts, stop_at, ids = starts[alive], stop_at[alive], ids[alive]
        last = codes[starts + length - 1]
        if n_ids * n_vocab < 2 ** 62:
            ids, uniq = pd.factorize(ids * n_vocab + last)  # hashing: faster than np.unique's sort
        else:
            ids, uniq = pd.factorize(pd.MultiIndex.from_arrays([ids, last]))
        ids, n_ids = ids.astype(np.int64), len(uniq)
        if length < lo:
            continue
        found = edge[starts + length - 1]
        pid, at = ids[found], starts[found]
        pairs = pd.unique(pid * n_docs + unit[at])  # distinct (phrase, unit) pairs
        pair_phrase, pair_unit = pairs // n_docs, pairs % n_docs
        kept = np.flatnonzero(np.bincount(pair_phrase, minlength=n_ids) >= 2)
        if not len(kept):
            continue
        col = np.full(n_ids, -1, dtype=np.int64)
        col[kept] = np.arange(len(kept))
        m = len(kept)
        use = col[pid] >= 0
        tf = np.bincount(topic[unit[at[use]]] * m + col[pid[use]], minlength=k * m).reshape(k, m)
        use = col[pair_phrase] >= 0
        nu = np.bincount(topic[pair_unit[use]] * m + col[pair_phrase[use]], minlength=k * m).reshape(k, m)
        first = np.flatnonzero(~pd.Series(pid).duplicated().to_numpy())  # first occurrence of each phrase
        start_of = np.zeros(n_ids, dtype=np.int64)
        start_of[pid[first]] = at[first]
        phrases = [" ".join(flat[i:i + length]) for i in start_of[kept]]
        out.append((phrases, np.full(m, length), tf.astype(float), nu.astype(float)))
    if not out:
        return None
    return (np.array([p for o in out for p in o[0]], dtype=object), np.concatenate([o[1] for o in out]),
            np.hstack([o[2] for o in out]), np.hstack([o[3] for o in out]))


def _check_n(n, caller: str) -> tuple[int, int]:
    if isinstance(n, int) and not isinstance(n, bool):
        n = (n, n)
    if (not isinstance(n, tuple) or len(n) != 2 or not all(isinstance(x, int) for x in n)
            or n[0] < 2 or n[1] < n[0]):
        raise ValueError(f"{caller}(): n must be an int >= 2 or a pair (low, high) with 2 <= low <= high; got {n!r}.")
    return n


def topic_phrases(
    result: TopicModelResult,
    *,
    n: int | tuple[int, int] = (2, 3),
    top: int = 10,
    min_count: int = 3,
    collapse: bool = True,
) -> pd.DataFrame:
    """The most characteristic recurring phrases of each topic.

    Parameters
    ----------
    result : TopicModelResult
        From :func:`fit_topics`.
    n : int or (int, int), default=(2, 3)
        Phrase length in words, or a range.
    top : int, default=10
        Phrases per topic.
    min_count : int, default=3
        A phrase must occur at least this often in the topic's units, and in at least two
        units, to count as recurring.
    collapse : bool, default=True
        Skip a phrase that overlaps (contains or is contained in) a higher-ranked phrase of
        the same topic ("xi jinping" after "president xi jinping").

    Returns
    -------
    pandas.DataFrame
        Up to ``top`` rows per topic, by topic then rank (score descending, then longer
        phrases first, then alphabetical): ``topic``, ``rank``, ``phrase``,
        ``n`` (words), ``count`` (in the topic's units), ``n_units`` (topic units containing
        it), ``count_all`` (in all units), ``score`` (class-based TF-IDF, see the module
        notes).

    Raises
    ------
    ValueError
        Bad ``n``, ``top`` or ``min_count``.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based TF-IDF
    procedure. arXiv:2203.05794.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> texts = ["we oppose trade war tariffs"] * 4 + ["the one china principle on taiwan"] * 4
    >>> res = fit_topics(pd.DataFrame({"text": texts}), k=2, min_df=1, max_df=1.0)
    >>> topic_phrases(res, n=(2, 3))[["topic", "phrase", "count"]].values.tolist()
    [[1, 'principle on taiwan', 4], [1, 'china principle', 4], [2, 'oppose trade war', 4], [2, 'trade war tariffs', 4]]
    """
    caller = "topic_phrases"
    check_type("result", result, TopicModelResult, caller=caller)
    n = _check_n(n, caller)
    check_interval("top", top, low=1, caller=caller, integer=True)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    units = result.unit_topics
    tokens = tokenize_texts(units["text"].astype(str).tolist(), lowercase=True, words_only=True)
    stops = stop_words(result.params.get("extra_stop_words", ()))
    k = result.k
    counted = _phrase_counts(tokens, stops, n, units["topic"].to_numpy().astype(np.int64) - 1, k)
    if counted is None:  # no phrase occurs in two units
        return pd.DataFrame(columns=_PHRASE_COLUMNS)
    phrases, lengths, tf, n_units = counted  # topics x phrases
    f = tf.sum(axis=0)
    a = tf.sum() / k
    with np.errstate(divide="ignore"):
        score = tf * np.log1p(np.divide(a, f, out=np.zeros_like(f), where=f > 0))
    rows = []
    for t in range(k):
        ok = np.flatnonzero((tf[t] >= min_count) & (n_units[t] >= 2))
        order = ok[np.lexsort((phrases[ok], -lengths[ok], -score[t, ok]))]
        chosen: list[str] = []
        for j in order:
            p = phrases[j]
            if collapse and any(f" {p} " in f" {c} " or f" {c} " in f" {p} " for c in chosen):
                continue
            chosen.append(p)
            rows.append((t + 1, len(chosen), p, int(lengths[j]), int(tf[t, j]), int(n_units[t, j]), int(f[j]),
                         float(score[t, j])))
            if len(chosen) == top:
                break
    return pd.DataFrame(rows, columns=_PHRASE_COLUMNS)


def topic_labels(
    result: TopicModelResult,
    *,
    n_terms: int = 6,
    n_phrases: int = 3,
    phrases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One line per topic: its label, top terms, top phrases and size.

    Parameters
    ----------
    result : TopicModelResult
    n_terms : int, default=6
        Terms listed in ``top_terms``.
    n_phrases : int, default=3
        Phrases listed in ``top_phrases``.
    phrases : pandas.DataFrame, optional
        A :func:`topic_phrases` table to reuse; computed with its defaults otherwise.

    Returns
    -------
    pandas.DataFrame
        One row per topic, by topic: ``topic``, ``label`` (``result.topic_sizes["label"]``:
        top three terms, a fixed two-word name as one),
        ``top_terms`` and ``top_phrases`` (comma-joined), ``n_units``, ``share_units``.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> texts = ["we oppose trade war tariffs"] * 4 + ["the one china principle on taiwan"] * 4
    >>> res = fit_topics(pd.DataFrame({"text": texts}), k=2, min_df=1, max_df=1.0)
    >>> topic_labels(res, n_terms=3)[["topic", "top_terms", "top_phrases"]].values.tolist()
    [[1, 'china, principle, taiwan', 'principle on taiwan, china principle'],
     [2, 'oppose, tariffs, trade', 'oppose trade war, trade war tariffs']]
    """
    caller = "topic_labels"
    check_type("result", result, TopicModelResult, caller=caller)
    check_interval("n_terms", n_terms, low=1, caller=caller, integer=True)
    check_interval("n_phrases", n_phrases, low=0, caller=caller, integer=True)
    if phrases is None:
        phrases = topic_phrases(result, top=max(n_phrases, 1))
    top_terms = [", ".join(ts) for ts in result.top_terms(n_terms)]
    by_topic = phrases[phrases["rank"] <= n_phrases].groupby("topic")["phrase"].agg(", ".join).to_dict()
    sizes = result.topic_sizes
    return pd.DataFrame({
        "topic": sizes["topic"].to_numpy(),
        "label": sizes["label"].to_numpy(),
        "top_terms": top_terms,
        "top_phrases": [by_topic.get(t, "") for t in sizes["topic"]],
        "n_units": sizes["n_units"].to_numpy(),
        "share_units": sizes["share_units"].to_numpy(),
    })


def representative_passages(result: TopicModelResult, *, top: int = 3) -> pd.DataFrame:
    """The units that best represent each topic, with their source.

    Parameters
    ----------
    result : TopicModelResult
    top : int, default=3
        Passages per topic.

    Returns
    -------
    pandas.DataFrame
        Up to ``top`` rows per topic, by topic then rank: ``topic``, ``rank``, ``unit_id``,
        ``weight`` (the topic's share of the unit), ``similarity`` (cosine of the unit's
        TF-IDF vector and the topic's term weights), ``transcript_id``, ``date``,
        ``speaker``, ``role``, ``text``, ``path``, ``line`` (when the units have them).

    Notes
    -----
    Among the units whose dominant topic it is, passages are ranked by ``weight``, then
    ``similarity`` (which orders the ties of hard clusters, where every weight is 1), then
    ``unit_id``.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> texts = ["trade war tariffs", "trade war", "trade talks", "taiwan principle", "taiwan principle again"]
    >>> res = fit_topics(pd.DataFrame({"text": texts}), k=2, min_df=1, max_df=1.0)
    >>> representative_passages(res, top=1)[["topic", "text"]].values.tolist()
    [[1, 'trade war'], [2, 'taiwan principle']]
    """
    caller = "representative_passages"
    check_type("result", result, TopicModelResult, caller=caller)
    check_interval("top", top, low=1, caller=caller, integer=True)
    units = result.unit_topics
    sim_all = normalize(result.design.tfidf) @ normalize(result.components).T  # units x topics
    sim_all = np.asarray(sim_all)
    topic = units["topic"].to_numpy()
    frame = units.assign(similarity=sim_all[np.arange(len(units)), topic - 1], rank=0)
    frame = frame.sort_values(["topic", "weight", "similarity", "unit_id"],
                              ascending=[True, False, False, True], kind="stable")
    frame = frame.groupby("topic", sort=True).head(top).copy()
    frame["rank"] = frame.groupby("topic").cumcount() + 1
    cols = [c for c in _PASSAGE_COLUMNS if c in frame.columns]
    return frame[cols].reset_index(drop=True)


def topic_term_weights(result: TopicModelResult, *, n_terms: int = 5) -> pd.DataFrame:
    """Weights of every topic's top terms in every topic (the data of a topic-term heatmap).

    Parameters
    ----------
    result : TopicModelResult
    n_terms : int, default=5
        Top terms taken from each topic.

    Returns
    -------
    pandas.DataFrame
        One row per (term, topic) for the union of the topics' top terms, by ``top_of``,
        ``top_rank``, then ``topic``: ``top_of`` (the first topic the term is a top term
        of), ``top_rank`` (its rank there), ``term``, ``topic``, ``weight``,
        ``weight_scaled`` (weight / the topic's largest weight, in [0, 1]).

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> units = pd.DataFrame({"text": ["tariffs trade"] * 3 + ["typhoon flood"] * 3})
    >>> w = topic_term_weights(fit_topics(units, k=2, min_df=1, max_df=1.0), n_terms=1)
    >>> w[["top_of", "term", "topic", "weight_scaled"]].values.tolist()
    [[1, 'tariffs', 1, 1.0], [1, 'tariffs', 2, 0.0], [2, 'flood', 1, 0.0], [2, 'flood', 2, 1.0]]
    """
    check_type("result", result, TopicModelResult, caller="topic_term_weights")
    check_interval("n_terms", n_terms, low=1, caller="topic_term_weights", integer=True)
    comp = np.asarray(result.components, dtype=float)
    idx = np.argsort(-comp, axis=1, kind="stable")[:, :n_terms]
    seen: dict[int, tuple[int, int]] = {}
    for t in range(result.k):
        for r, j in enumerate(idx[t]):
            seen.setdefault(int(j), (t + 1, r + 1))
    cols = list(seen)
    top = comp.max(axis=1)
    scaled = np.divide(comp, top[:, None], out=np.zeros_like(comp), where=top[:, None] > 0)
    k = result.k
    return pd.DataFrame({
        "top_of": np.repeat([seen[j][0] for j in cols], k),
        "top_rank": np.repeat([seen[j][1] for j in cols], k),
        "term": np.repeat(result.terms[cols], k),
        "topic": np.tile(np.arange(1, k + 1), len(cols)),
        "weight": comp[:, cols].T.ravel(),
        "weight_scaled": scaled[:, cols].T.ravel(),
    })
