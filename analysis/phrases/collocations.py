"""Collocations: bigrams and trigrams scored by association measures (NLTK's finders and
measures; counts made once with numpy, inside sentences)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from typing import TYPE_CHECKING

from .._validation import check_interval, check_option, check_type
from ..turns import as_turns
from ..types import TurnsLike
from ._common import check_bool, empty_frame
from ._stream import StopWords, check_stop_options, frame_stream, keep_by_stop_rule, phrase_text, stop_mask

if TYPE_CHECKING:  # NLTK is imported where used (about 0.6 s at import)
    from nltk.probability import FreqDist

__all__ = ["collocations", "MEASURES"]

#: Association measures, in output column order.
MEASURES = ("pmi", "npmi", "llr", "t_score", "dice")


def _counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return np.unique(keys, return_counts=True)


def _pair_fd(vocab: np.ndarray, vsize: int, keys: np.ndarray, counts: np.ndarray, wanted: np.ndarray) -> FreqDist:
    """A FreqDist of the word pairs ``wanted`` (packed ids) with their counts in ``keys``."""
    from nltk.probability import FreqDist

    wanted = np.unique(wanted)
    at = np.searchsorted(keys, wanted)
    a, b = np.divmod(wanted, vsize)
    return FreqDist(dict(zip(zip(vocab[a], vocab[b]), counts[at].tolist())))


def collocations(
    turns: TurnsLike,
    *,
    n: int = 2,
    min_count: int = 3,
    word: str | None = None,
    sort_by: str = "llr",
    stop_words: StopWords = True,
    stop_rule: str = "edges",
    lowercase: bool = True,
    expand_contractions: bool = False,
) -> pd.DataFrame:
    """Score adjacent word pairs (or triples) by how much more often they co-occur than chance.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``.
    n : {2, 3}, default=2
        Bigrams or trigrams.
    min_count : int, default=3
        Drop n-grams seen fewer times (PMI and Dice over-rate rare pairs).
    word : str or None, default=None
        Keep only n-grams containing this token (the collocates of one word).
    sort_by : {"llr", "pmi", "npmi", "t_score", "dice"}, default="llr"
        Measure to rank by.
    stop_words : bool, "function" or collection of str, default=True
        Stop list for ``stop_rule`` (True: :func:`analysis.text.stop_words`).
    stop_rule : {"edges", "all", "none"}, default="edges"
        "edges" drops n-grams whose first or last token is a stop word; "all" only those
        made entirely of stop words; "none" keeps all. Stop words always count in the
        marginal totals.
    lowercase, expand_contractions : bool, default=True, False
        Token normalization (see :mod:`analysis.phrases`).

    Returns
    -------
    pandas.DataFrame
        One row per n-gram, by ``sort_by`` descending then ``collocation``. Columns:
        ``collocation``, ``w1``, ``w2`` (and ``w3``), ``count``, ``pmi``, ``npmi``,
        ``llr``, ``t_score``, ``dice``.

    Raises
    ------
    ValueError
        ``n`` not 2 or 3, ``min_count < 1``, an unknown ``sort_by`` or stop option.

    Notes
    -----
    Counts are NLTK's ``from_documents`` counts with one document per sentence: ``N`` all
    tokens; ``f(x)`` unigram counts; ``f(xy)`` adjacent pairs inside a sentence (for
    trigrams also ``f(x_z)``, pairs with one token between). The scores are NLTK's
    ``BigramAssocMeasures`` / ``TrigramAssocMeasures`` applied by its collocation finders:
    ``pmi`` = log2(f(xy) N / (f(x) f(y))) (Church & Hanks 1990); ``llr`` = Dunning's
    G^2 = 2 sum O ln(O/E) over the 2x2 (2x2x2) table (Dunning 1993); ``t_score`` =
    (f(xy) - f(x) f(y) / N) / sqrt(f(xy)) (Church et al. 1991); ``dice`` =
    2 f(xy) / (f(x) + f(y)) (Smadja et al. 1996). Added here: ``npmi`` = pmi /
    (-(n-1) log2(f(ngram) / N)), which is Bouma's normalized PMI for bigrams (range -1..1)
    and the same bound for trigrams; trigram ``dice`` = 3 f(xyz) / (f(x) + f(y) + f(z))
    (NLTK has bigram Dice only).

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
    Manning, C. & Schuetze, H. (1999). Foundations of Statistical NLP, chapter 5.

    Examples
    --------
    >>> turns = pd.DataFrame({"text": ["Win-win cooperation matters. Win-win cooperation works.",
    ...                                "Cooperation works."]})
    >>> collocations(turns, min_count=2)[["collocation", "count"]].values.tolist()
    [['cooperation works', 2], ['win-win cooperation', 2]]
    """
    caller = "collocations"
    check_option("n", n, {2, 3}, caller=caller)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    check_option("sort_by", sort_by, set(MEASURES), caller=caller)
    if word is not None:
        check_type("word", word, str, caller=caller)
    check_stop_options(caller, stop_words, stop_rule)
    check_bool(caller, lowercase=lowercase, expand_contractions=expand_contractions)
    frame = as_turns(turns, caller=caller)
    words_cols = ["w1", "w2", "w3"][:n]
    out_cols = ["collocation", *words_cols, "count", *MEASURES]
    empty = empty_frame(frame, [], out_cols, {c: object for c in words_cols})
    if frame.empty:
        return empty
    stream = frame_stream(frame, lowercase=lowercase, expand_contractions=expand_contractions)
    ids = stream.ids.astype(np.int64)
    vsize = max(len(stream.vocab), 1)
    pos = np.arange(len(ids), dtype=np.int64)
    unigram = np.bincount(ids, minlength=vsize)
    p2 = pos[pos + 2 <= stream.seg_end]
    bigram_keys, bigram_counts = _counts(ids[p2] * vsize + ids[p2 + 1])
    if n == 2:
        keys, counts = bigram_keys, bigram_counts
        toks = np.stack(np.divmod(keys, vsize), axis=1)
    else:
        p3 = pos[pos + 3 <= stream.seg_end]
        first_two, _ = pd.factorize(ids[p3] * vsize + ids[p3 + 1])
        code3 = first_two.astype(np.int64) * vsize + ids[p3 + 2]
        keys, first, counts = np.unique(code3, return_index=True, return_counts=True)
        toks = np.stack([ids[p3[first]], ids[p3[first] + 1], ids[p3[first] + 2]], axis=1)
    keep = counts >= min_count
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
    from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
    from nltk.metrics.association import BigramAssocMeasures, TrigramAssocMeasures
    from nltk.probability import FreqDist

    vocab = stream.vocab
    grams = [tuple(vocab[t]) for t in toks]
    word_fd = FreqDist(dict(zip(vocab, unigram.tolist())))
    ngram_fd = FreqDist(dict(zip(grams, counts.tolist())))
    if n == 2:
        finder = BigramCollocationFinder(word_fd, ngram_fd)
        measures = BigramAssocMeasures
        dice = {g: s for g, s in finder.score_ngrams(measures.dice)}
    else:
        wild_keys, wild_counts = _counts(ids[p3] * vsize + ids[p3 + 2])
        pair_fd = _pair_fd(vocab, vsize, bigram_keys, bigram_counts,
                           np.concatenate([toks[:, 0] * vsize + toks[:, 1], toks[:, 1] * vsize + toks[:, 2]]))
        wild_fd = _pair_fd(vocab, vsize, wild_keys, wild_counts, toks[:, 0] * vsize + toks[:, 2])
        finder = TrigramCollocationFinder(word_fd, pair_fd, wild_fd, ngram_fd)
        measures = TrigramAssocMeasures
        dice = {g: 3 * c / sum(word_fd[w] for w in g) for g, c in zip(grams, counts.tolist())}
    scores = {name: dict(finder.score_ngrams(fn)) for name, fn in
              (("pmi", measures.pmi), ("llr", measures.likelihood_ratio), ("t_score", measures.student_t))}
    total = finder.N
    out = pd.DataFrame({"collocation": [phrase_text(g) for g in grams]})
    for i, c in enumerate(words_cols):
        out[c] = [g[i] for g in grams]
    out["count"] = counts.astype(np.int64)
    out["pmi"] = [scores["pmi"][g] for g in grams]
    out["npmi"] = [p / (-(n - 1) * math.log2(c / total)) if c < total else 1.0
                   for p, c in zip(out["pmi"], counts.tolist())]
    out["llr"] = [scores["llr"][g] for g in grams]
    out["t_score"] = [scores["t_score"][g] for g in grams]
    out["dice"] = [dice[g] for g in grams]
    return out.sort_values([sort_by, "collocation"], ascending=[False, True], ignore_index=True)
