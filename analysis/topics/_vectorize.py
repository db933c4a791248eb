"""Document-term matrices for topic models, built on :mod:`analysis.text` tokens.

The analyzer lower-cases :func:`analysis.text.tokenize` word tokens and drops
:func:`analysis.text.stop_words`, numbers and one-letter tokens, so topic vocabularies
match the rest of the suite. Texts are tokenized once through the cached
:func:`analysis.text.tokenize_texts`; the fitted vectorizer keeps a picklable analyzer that
also accepts raw strings, so ``result.vectorizer.transform(new_texts)`` works.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from ..errors import EmptyResultError
from ..text import is_word, lemmatize, normalize_token, stop_words, tokenize, tokenize_texts
from ..tokens import WordTable
from ..types import PathLike

__all__ = ["TopicAnalyzer", "Design", "build_design"]


class TopicAnalyzer:
    """Callable turning a text (or a list of lower-cased word tokens) into content words.

    Parameters
    ----------
    stops : frozenset of str
        Stop words to drop.
    lemmas : bool, default=False
        Replace words by their lemmas.
    min_length : int, default=2
        Drop shorter tokens.

    Examples
    --------
    >>> TopicAnalyzer(stop_words())("The U.S. tariffs on 200 billion dollars' worth of goods")
    ['u.s.', 'tariffs', 'billion', 'dollars', 'worth', 'goods']
    """

    def __init__(self, stops: frozenset[str], *, lemmas: bool = False, min_length: int = 2) -> None:
        self.stops = frozenset(stops)
        self.lemmas = lemmas
        self.min_length = min_length

    def keep(self, token: str) -> bool:
        """True for a content word: not a stop word, not a number, long enough."""
        return (len(token) >= self.min_length and token not in self.stops
                and not token[0].isdigit())

    def __call__(self, doc: str | Sequence[str]) -> list[str]:
        if isinstance(doc, str):
            doc = [normalize_token(t) for t in tokenize(doc) if is_word(t)]
            if self.lemmas:
                doc = [lemmatize(t) for t in doc]
        # this runs once per token of the corpus: each distinct token is judged once (by
        # self.keep), then the tokens are filtered at C speed
        kept = self.__dict__.get("_kept")
        if kept is None:
            kept = self.__dict__["_kept"] = _Kept(self.keep)
        return list(compress(doc, map(kept.__getitem__, doc)))

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_kept"}  # the judgements are not pickled


class _Kept(dict):
    """Token -> whether it is kept, filled on first sight by ``judge``."""

    def __init__(self, judge) -> None:
        super().__init__()
        self.judge = judge

    def __missing__(self, token: str) -> bool:
        value = self[token] = self.judge(token)
        return value


@dataclass(frozen=True, eq=False)
class Design:
    """A vectorized set of units: counts, TF-IDF, the vocabulary and the fitted pieces."""

    units: pd.DataFrame  # units with at least one vocabulary term, re-indexed 0..n-1
    counts: sparse.csr_matrix
    tfidf: sparse.csr_matrix
    terms: np.ndarray
    vectorizer: CountVectorizer
    tfidf_transformer: TfidfTransformer
    analyzer: TopicAnalyzer
    n_empty: int  # units dropped because no vocabulary term was left

    def presence(self) -> sparse.csr_matrix:
        """Binary unit x term matrix (1 if the term occurs in the unit)."""
        b = self.counts.copy()
        b.data = np.ones_like(b.data)
        return b


def build_design(
    units: pd.DataFrame,
    *,
    min_df: int | float = 5,
    max_df: int | float = 0.5,
    max_features: int | None = None,
    lemmas: bool = False,
    extra_stop_words: Iterable[str] = (),
    caller: str = "fit_topics",
    cache: PathLike | bool | None = False,
) -> Design:
    """Vectorize ``units["text"]`` (counts and TF-IDF) with the suite's tokenization.

    ``cache`` keeps the counts and the vocabulary on the disk (:func:`_cached_counts`;
    default: none), so that units vectorized before are read, not tokenized and counted.
    """
    stops = stop_words(extra_stop_words)
    analyzer = TopicAnalyzer(stops, lemmas=lemmas)
    texts = units["text"].astype(str).tolist()
    vec = CountVectorizer(analyzer=analyzer, min_df=min_df, max_df=max_df, max_features=max_features,
                          dtype=np.float64)
    options = (min_df, max_df, max_features, lemmas, sorted(stops))
    counts = _cached_counts(texts, vec, options, caller, cache)
    nonempty = np.asarray(counts.sum(axis=1)).ravel() > 0
    n_empty = int((~nonempty).sum())
    if not nonempty.any():
        raise EmptyResultError(f"{caller}(): no unit contains a vocabulary term; lower min_df.")
    counts = counts[nonempty]
    kept = units.loc[nonempty].reset_index(drop=True)
    tt = TfidfTransformer()
    tfidf = tt.fit_transform(counts).tocsr()
    # scikit-learn's NMF sorts an unsorted matrix's indices in place on its first fit, so a
    # second fit on the same design would see other summation orders (results ~1e-14 apart):
    # sorted once here, every fit sees the same input
    counts.sort_indices()
    tfidf.sort_indices()
    return Design(kept, counts, tfidf, vec.get_feature_names_out(), vec, tt, analyzer, n_empty)


def _count(texts: list[str], vec: CountVectorizer, caller: str) -> sparse.csr_matrix:
    """Fit ``vec`` on the content words of ``texts``: their counts (texts x terms).

    Counted from the word codes of the texts' token table (:func:`_count_codes`); where that
    does not apply (an option scikit-learn refuses, no term left) ``vec`` counts the token
    lists itself, and its errors are raised.
    """
    from ..tokens import token_table

    words = token_table(texts, n_jobs=TOKEN_JOBS).words(lowercase=True, words_only=True, lemmas=vec.analyzer.lemmas)
    counts = _count_codes(words, vec)
    if counts is not None:
        return counts
    token_lists = tokenize_texts(texts, lowercase=True, words_only=True, lemmas=vec.analyzer.lemmas)
    try:
        return vec.fit_transform(token_lists).tocsr()
    except ValueError as exc:  # sklearn: "After pruning, no terms remain..."
        raise EmptyResultError(f"{caller}(): no term is left in the vocabulary ({exc}); "
                               "lower min_df or raise max_df.") from None


def _count_codes(words: WordTable, vec: CountVectorizer) -> sparse.csr_matrix | None:
    """``vec.fit_transform(words.lists())`` for a :class:`TopicAnalyzer` ``vec``, from integer codes.

    Equal to scikit-learn's matrix entry for entry and in its order: terms are numbered by
    first occurrence in the texts, each row lists its terms in that order, terms outside
    ``min_df``/``max_df`` (and past ``max_features``, the most frequent kept as scikit-learn
    picks them) are dropped, and the columns are the kept terms in alphabetical order. ``vec``
    is left fitted (``vocabulary_``). None when scikit-learn would refuse the options or find
    no term (it then raises its own error).
    """
    try:
        vec._validate_params()
        vec._validate_vocabulary()
    except (TypeError, ValueError):
        return None
    if vec.fixed_vocabulary_ or vec.binary:
        return None
    n_doc = len(words.offset) - 1
    keep = np.fromiter(map(vec.analyzer.keep, words.types), dtype=bool, count=len(words.types))
    blocks = _doc_blocks(words.offset)
    # type ids by first occurrence (scikit-learn's fitting order): the first occurrences of each
    # block of texts, in order, then of those
    first = pd.unique(np.concatenate([pd.unique(_kept_tids(words, keep, a, b)) for a, b in blocks]
                                     or [np.zeros(0, dtype=np.int64)]))
    if not len(first):
        return None
    code = np.full(len(words.types), -1, dtype=np.int64)
    code[first] = np.arange(len(first))
    row, term, tf = (np.concatenate(parts) for parts in zip(*(_block_counts(words, keep, code, len(first), a, b)
                                                               for a, b in blocks)))
    df = np.bincount(term, minlength=len(first))
    high = vec.max_df if isinstance(vec.max_df, Integral) else vec.max_df * n_doc
    low = vec.min_df if isinstance(vec.min_df, Integral) else vec.min_df * n_doc
    if high < low:
        return None
    names = np.asarray(words.types, dtype=object)[first]
    alpha = np.empty(len(first), dtype=np.int64)  # code -> rank of the term in alphabetical order
    alpha[np.argsort(names, kind="stable")] = np.arange(len(first))
    mask = (df <= high) & (df >= low)
    if vec.max_features is not None and mask.sum() > vec.max_features:
        mask_alpha = np.zeros(len(first), dtype=bool)
        mask_alpha[alpha] = mask
        totals = np.zeros(len(first))
        totals[alpha] = np.bincount(term, weights=tf, minlength=len(first))
        top = (-totals[mask_alpha]).argsort()[:vec.max_features]  # scikit-learn's (unstable) choice
        chosen = np.zeros(len(first), dtype=bool)
        chosen[np.flatnonzero(mask_alpha)[top]] = True
        mask = chosen[alpha]
    if not mask.any():
        return None
    column = np.full(len(first), -1, dtype=np.int64)
    order = np.argsort(alpha[mask], kind="stable")
    column[np.flatnonzero(mask)[order]] = np.arange(int(mask.sum()))
    hit = mask[term]
    row, term, tf = row[hit], term[hit], tf[hit]
    index = np.int32 if max(len(row), n_doc) <= np.iinfo(np.int32).max else np.int64
    indptr = np.zeros(n_doc + 1, dtype=index)
    np.cumsum(np.bincount(row, minlength=n_doc), out=indptr[1:])
    counts = sparse.csr_matrix((tf.astype(vec.dtype), column[term].astype(index), indptr),
                               shape=(n_doc, int(mask.sum())))
    vec.vocabulary_ = {str(t): int(c) for t, c in zip(names[mask], column[mask])}
    return counts


#: Processes that tokenize the units (:func:`analysis.tokens.token_table`'s ``n_jobs``; the
#: tokens do not depend on it). One: on the UN General Debate paragraphs (16M tokens) worker
#: processes raised the peak memory of tokenizing by ~370 MB (1,001 -> 629 MB) and took more
#: processor time (their start and the texts sent to them) than they saved.
TOKEN_JOBS = 1
#: Word tokens counted at once by :func:`_count_codes` (bounds its transient memory).
COUNT_BLOCK = 1 << 21


def _doc_blocks(offset: np.ndarray) -> list[tuple[int, int]]:
    """Runs ``[a, b)`` of texts holding about :data:`COUNT_BLOCK` word tokens each."""
    n_doc = len(offset) - 1
    if n_doc == 0:
        return []
    targets = np.arange(COUNT_BLOCK, int(offset[-1]), COUNT_BLOCK)
    cuts = np.unique(np.concatenate([[0], np.searchsorted(offset, targets), [n_doc]]).clip(0, n_doc))
    return list(zip(cuts[:-1].tolist(), cuts[1:].tolist()))


def _kept_tids(words: WordTable, keep: np.ndarray, a: int, b: int) -> np.ndarray:
    """The type ids of the kept words of texts ``a..b-1``, in order."""
    tid = words.tid[words.offset[a]:words.offset[b]]
    return tid[keep[tid]]


def _block_counts(words: WordTable, keep: np.ndarray, code: np.ndarray, n_terms: int, a: int,
                  b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(row, term, count)`` of the kept words of texts ``a..b-1``: one per text and term
    (``code`` of its type), by text, then term."""
    tid = words.tid[words.offset[a]:words.offset[b]]
    kept = keep[tid]
    doc = np.repeat(np.arange(b - a, dtype=np.int64), np.diff(words.offset[a:b + 1]))[kept]
    pairs, tf = np.unique(doc * n_terms + code[tid[kept]], return_counts=True)
    row, term = np.divmod(pairs, n_terms)
    small = np.int32 if max(int(words.offset[-1]), len(words.offset), n_terms) <= np.iinfo(np.int32).max else np.int64
    return (row + a).astype(small), term.astype(small), tf.astype(small)


def _cached_counts(texts: list[str], vec: CountVectorizer, options: tuple, caller: str,
                   cache: PathLike | bool | None) -> sparse.csr_matrix:
    """:func:`_count`, kept in the on-disk cache (:func:`analysis.cache.cached_frame`).

    Two entries: the vocabulary (``term``, in column order) and the non-zero counts
    (``row``, ``column``, ``count``, by row, each row in the order of the
    counted matrix: TF-IDF normalizes a row summing in that order, so a sorted copy would
    differ in the last bits). On a read, ``vec`` is given the
    vocabulary it would have been fitted with. The key holds every text, the options
    (``min_df``, ``max_df``, ``max_features``, ``lemmas``, the resolved stop words), the
    source of the tokenizer and of :mod:`analysis.topics`, the word lists, the library
    versions and, for texts with a Han character, the Chinese segmenter.
    """
    from ..cache import cache_dir, cached_frame

    if cache_dir(cache) is None:
        return _count(texts, vec, caller)
    made: dict = {}

    def counted() -> sparse.csr_matrix:
        if "counts" not in made:
            made["counts"] = _count(texts, vec, caller)
        return made["counts"]

    def count_frame() -> pd.DataFrame:
        m = counted().tocoo()  # in the matrix's own order (TF-IDF sums each row in it)
        return pd.DataFrame({"row": m.row.astype(np.int64), "column": m.col.astype(np.int64),
                             "count": m.data.astype(np.float64)})

    key = _counts_key(texts, options)
    def term_frame() -> pd.DataFrame:
        counted()  # fits vec
        return pd.DataFrame({"term": [str(t) for t in vec.get_feature_names_out()]})

    terms = cached_frame("topic_terms", lambda: key, term_frame, cache=cache)
    frame = cached_frame("topic_counts", lambda: key, count_frame, cache=cache)
    if "counts" in made:
        return made["counts"]
    return _counts_of(frame, terms["term"].tolist(), len(texts), vec)


def _counts_of(frame: pd.DataFrame, terms: list[str], n: int, vec: CountVectorizer) -> sparse.csr_matrix:
    """The counts matrix of a :func:`_cached_counts` entry, ``vec`` given its vocabulary (the
    index types scikit-learn's ``CountVectorizer`` gives)."""
    small = len(frame) <= np.iinfo(np.int32).max and len(terms) <= np.iinfo(np.int32).max
    index = np.int32 if small else np.int64
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(frame["row"].to_numpy(), minlength=n), out=indptr[1:])
    counts = sparse.csr_matrix((frame["count"].to_numpy(), frame["column"].to_numpy().astype(index),
                                indptr.astype(index)), shape=(n, len(terms)))
    vec.vocabulary_ = {t: i for i, t in enumerate(terms)}
    vec.fixed_vocabulary_ = False
    return counts


def _counts_key(texts: list[str], options: tuple) -> str:
    from ..cache import content_key, data_key, source_key, versions
    from ..languages import segmenter_salt

    segmenter = segmenter_salt(texts)
    return content_key("topic-counts-v1", source_key("analysis.topics", "analysis.text", "analysis.tokens",
                                                     "analysis.token_options"),
                       data_key("lexicons"), segmenter, versions("scikit-learn", "scipy"), repr(options),
                       str(len(texts)), *texts)
