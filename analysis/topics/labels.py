"""Labelling topics: top terms, recurring phrases and the most representative passages.

Phrases are word n-grams of each topic's units (units whose dominant topic it is) that
neither start nor end with a stop word or a number, so "belt and road" counts but "of the"
does not. They are ranked by class-based TF-IDF (Grootendorst 2022): with tf(x, t) the count
of phrase x in topic t's units, f(x) its count in all units and A the mean number of phrase
occurrences per topic, score(x, t) = tf(x, t) * log(1 + A / f(x)). A phrase frequent in one
topic and rare elsewhere scores high; one spread evenly over topics scores low.

Terms are ranked for a label by one of three scores of the fitted topic-term weights
(:func:`topic_term_scores`). With beta(t, w) topic t's weights normalized to sum to 1 (its
word distribution) and p(w) the share of word w among every vocabulary token of the units:

* prob: beta(t, w), the topic's heaviest terms (the fit's own ``top_terms``);
* frex: 1 / (a / E(t, w) + (1 - a) / F(t, w)), the weighted harmonic mean of the term's rank
  (as an empirical CDF over the vocabulary, within topic t) by exclusivity,
  beta(t, w) / sum_s beta(s, w), and by frequency, beta(t, w), with a = 0.5 (Bischof & Airoldi
  2012; the ``frexw`` default of stm's ``labelTopics``, Roberts et al. 2019);
* lift: beta(t, w) / p(w), how much more the topic uses the word than the units do (Taddy
  2012; stm's "lift").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.preprocessing import normalize

from .._validation import check_interval, check_option, check_type
from ..text import stop_words, tokenize_texts
from ._phrase_labels import phrase_labels
from .models import TopicModelResult

__all__ = ["LABEL_METHODS", "FREX_WEIGHT", "topic_phrases", "topic_labels", "topic_term_scores",
           "representative_passages", "topic_term_weights"]

#: How :func:`topic_labels` and :func:`topic_term_scores` rank a topic's terms.
LABEL_METHODS = ("prob", "frex", "lift")
#: The weight of exclusivity in FREX (stm's ``frexw`` default).
FREX_WEIGHT = 0.5
_SCORE_COLUMNS = ["topic", "rank", "term", "score", "prob", "exclusivity", "frequency"]

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


def _term_scores(result: TopicModelResult, method: str) -> tuple[np.ndarray, ...]:
    """Topics x terms arrays: the ranking score of ``method``, beta, exclusivity and p(w)
    (see the module notes)."""
    comp = np.asarray(result.components, dtype=float)
    totals = comp.sum(axis=1, keepdims=True)
    beta = np.divide(comp, totals, out=np.zeros_like(comp), where=totals > 0)
    across = beta.sum(axis=0, keepdims=True)
    excl = np.divide(beta, across, out=np.zeros_like(beta), where=across > 0)
    counts = np.asarray(result.design.counts.sum(axis=0), dtype=float).ravel()
    freq = counts / max(counts.sum(), 1.0)
    if method == "prob":
        score = comp  # the fit's own order (beta is comp scaled per topic)
    elif method == "frex":
        from scipy.stats import rankdata

        n = comp.shape[1]  # ranks as the empirical CDF over the vocabulary, within each topic
        e_cdf = rankdata(excl, method="max", axis=1) / n
        f_cdf = rankdata(beta, method="max", axis=1) / n
        score = 1.0 / (FREX_WEIGHT / e_cdf + (1 - FREX_WEIGHT) / f_cdf)
    else:
        score = np.divide(beta, freq[None, :], out=np.zeros_like(beta), where=freq[None, :] > 0)
    return score, beta, excl, np.broadcast_to(freq, comp.shape)


def _ranked_terms(score: np.ndarray, beta: np.ndarray, n: int) -> np.ndarray:
    """Per topic, the column indices of the ``n`` best terms: score descending, then beta
    descending, then vocabulary order."""
    cols = np.arange(score.shape[1])
    return np.array([np.lexsort((cols, -beta[t], -score[t]))[:n] for t in range(score.shape[0])],
                    dtype=np.int64).reshape(score.shape[0], -1)


def topic_term_scores(result: TopicModelResult, *, method: str = "frex", n_terms: int = 10) -> pd.DataFrame:
    """Each topic's best terms by probability, FREX or lift, with the parts of the score.

    Parameters
    ----------
    result : TopicModelResult
        From :func:`fit_topics`.
    method : {"prob", "frex", "lift"}, default="frex"
        The ranking (see the module notes): "prob" the topic's heaviest terms (the order of
        ``result.top_terms``), "frex" frequent and exclusive terms, "lift" terms the topic
        uses far more than the units do.
    n_terms : int, default=10
        Terms per topic.

    Returns
    -------
    pandas.DataFrame
        ``n_terms`` rows per topic (fewer with a smaller vocabulary), by topic then rank
        (score descending, then ``prob`` descending, then the vocabulary's order): ``topic``,
        ``rank``, ``term``, ``score`` (of ``method``; for "prob" the topic-term weight of the
        fit), ``prob`` (beta: the term's share of the topic's weights), ``exclusivity``
        (beta over the term's beta summed over topics), ``frequency`` (p(w): the term's
        share of the units' vocabulary tokens).

    Raises
    ------
    ValueError
        Unknown ``method``; ``n_terms`` < 1.

    Notes
    -----
    FREX ranks exclusivity and frequency within the topic (their empirical CDFs over the
    vocabulary) and takes their harmonic mean, so a term must be both among the topic's
    frequent terms and among its exclusive ones: a word every topic uses (spoken filler such
    as "going", "think", "know") has low exclusivity everywhere, and a word of a few units
    has low frequency. Lift favours rare words; it is offered for comparison, as stm does.

    References
    ----------
    Bischof, J. M. & Airoldi, E. M. (2012). Summarizing topical content with word frequency
    and exclusivity. ICML, 201-208.
    Roberts, M. E., Stewart, B. M. & Tingley, D. (2019). stm: An R package for structural
    topic models. Journal of Statistical Software, 91(2), 1-40 (``labelTopics``).
    Taddy, M. (2012). On estimation and selection for topic models. AISTATS, 1184-1193.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> texts = (["well going going trade tariffs deficit"] * 4 + ["going going typhoon flood rescue"] * 4
    ...          + ["going trade talks"] * 2 + ["going flood warning"] * 2)
    >>> res = fit_topics(pd.DataFrame({"text": texts}), k=2, min_df=1, max_df=1.0)
    >>> res.top_terms(2)
    [['going', 'flood'], ['going', 'trade']]
    >>> topic_term_scores(res, method="frex", n_terms=2)["term"].tolist()
    ['flood', 'rescue', 'trade', 'deficit']
    """
    caller = "topic_term_scores"
    check_type("result", result, TopicModelResult, caller=caller)
    check_option("method", method, set(LABEL_METHODS), caller=caller)
    check_interval("n_terms", n_terms, low=1, caller=caller, integer=True)
    score, beta, excl, freq = _term_scores(result, method)
    n = min(n_terms, score.shape[1])
    if method == "prob":  # exactly the fit's order
        idx = np.argsort(-np.asarray(result.components), axis=1, kind="stable")[:, :n]
    else:
        idx = _ranked_terms(score, beta, n)
    k = score.shape[0]
    rows = np.repeat(np.arange(k), n)
    cols = idx.ravel()
    return pd.DataFrame({
        "topic": rows + 1,
        "rank": np.tile(np.arange(1, n + 1), k),
        "term": result.terms[cols],
        "score": score[rows, cols],
        "prob": beta[rows, cols],
        "exclusivity": excl[rows, cols],
        "frequency": freq[rows, cols],
    }, columns=_SCORE_COLUMNS)


def topic_labels(
    result: TopicModelResult,
    *,
    n_terms: int = 6,
    n_phrases: int = 3,
    phrases: pd.DataFrame | None = None,
    method: str = "prob",
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
    method : {"prob", "frex", "lift"}, default="prob"
        How the terms of ``label`` and ``top_terms`` are ranked (:func:`topic_term_scores`):
        "prob" the topic's heaviest terms (``result.topic_sizes["label"]`` and
        ``result.top_terms``), "frex" by frequency and exclusivity (Bischof & Airoldi 2012;
        stm's ``labelTopics``), "lift" by lift. With "frex" and "lift" the label is the first
        three terms of that ranking among the fit's ``n_top_terms`` best, a fixed two-word
        name as one term, as :func:`fit_topics` makes its labels.

    Returns
    -------
    pandas.DataFrame
        One row per topic, by topic: ``topic``, ``label`` (its first three terms, a fixed
        two-word name such as "hong kong" as one), ``top_terms`` and ``top_phrases``
        (comma-joined), ``n_units``, ``share_units``.

    Notes
    -----
    The default stays "prob". Measured on NMF fits with the defaults, the top ten terms of
    each ranking scored by NPMI over units (whole units, no smoothing) and topic diversity
    (distinct top-10 terms over all), prob / frex / lift:

    ============================  ==  =======================  ==================
    collection                    k   NPMI                     diversity
    ============================  ==  =======================  ==================
    bundled corpus                10  0.270 / 0.290 / -0.738   0.88 / 1.00 / 1.00
    White House briefings 2020    10  0.123 / -0.096 / -0.779  0.79 / 1.00 / 1.00
    Supreme Court (Oyez)          10  0.149 / 0.064 / -0.541   0.86 / 1.00 / 1.00
    UK Hansard 2009               20  0.185 / 0.172 / -0.672   0.82 / 1.00 / 0.98
    ============================  ==  =======================  ==================

    FREX makes every topic's terms its own (diversity 1.0) and labels name what sets a topic
    apart ("trade, commerce, consultations" for "trade, talks, china-us"; "custodial,
    sentence, disqualified" for "sentence, court, person"), but its terms co-occur less in
    three collections of four, and where the topic itself is made of spoken filler (the White
    House briefings' "people, know, look") its first term stays; lift lists rare words.

    A rule for the fitted terms themselves was measured and not adopted: leaving out the
    words of 1% of the units or more that the units spread as chance would (residual IDF
    below 0.1, Church & Gale 1995: "know", "mean", "honor", "make") moved NPMI from 0.270 to
    0.283 (bundled), 0.185 to 0.194 (Hansard), 0.123 to 0.123 (White House) and 0.149 to
    0.125 (Supreme Court), diversity within 0.01 of the fit's; stricter cut-offs (0.15, 0.2)
    lowered NPMI on all four.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> texts = (["well going going trade tariffs deficit"] * 4 + ["going going typhoon flood rescue"] * 4
    ...          + ["going trade talks"] * 2 + ["going flood warning"] * 2)
    >>> res = fit_topics(pd.DataFrame({"text": texts}), k=2, min_df=1, max_df=1.0)
    >>> topic_labels(res)["label"].tolist()
    ['going, flood, rescue', 'going, trade, deficit']
    >>> topic_labels(res, method="frex")["label"].tolist()
    ['flood, rescue, typhoon', 'trade, deficit, tariffs']
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
    check_option("method", method, set(LABEL_METHODS), caller=caller)
    if phrases is None:
        phrases = topic_phrases(result, top=max(n_phrases, 1))
    if method == "prob":
        top_terms = [", ".join(ts) for ts in result.top_terms(n_terms)]
        labels = result.topic_sizes["label"].to_numpy()
    else:
        n_top = result.params.get("n_top_terms", 10)
        score, beta, _, _ = _term_scores(result, method)
        ranked = [result.terms[row].tolist() for row in _ranked_terms(score, beta, max(n_terms, n_top))]
        top_terms = [", ".join(ts[:n_terms]) for ts in ranked]
        labels = np.asarray(phrase_labels(result.unit_topics["text"].astype(str).tolist(),
                                          [ts[:n_top] for ts in ranked],
                                          lemmas=bool(result.params.get("lemmas", False))), dtype=object)
    by_topic = phrases[phrases["rank"] <= n_phrases].groupby("topic")["phrase"].agg(", ".join).to_dict()
    sizes = result.topic_sizes
    return pd.DataFrame({
        "topic": sizes["topic"].to_numpy(),
        "label": labels,
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
    [[1, 'flood', 1, 1.0], [1, 'flood', 2, 0.0], [2, 'tariffs', 1, 0.0], [2, 'tariffs', 2, 1.0]]
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
