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

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from ..errors import EmptyResultError
from ..text import is_word, lemmatize, normalize_token, stop_words, tokenize, tokenize_texts

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
) -> Design:
    """Vectorize ``units["text"]`` (counts and TF-IDF) with the suite's tokenization."""
    stops = stop_words(extra_stop_words)
    analyzer = TopicAnalyzer(stops, lemmas=lemmas)
    texts = units["text"].astype(str).tolist()
    token_lists = tokenize_texts(texts, lowercase=True, words_only=True, lemmas=lemmas)
    vec = CountVectorizer(analyzer=analyzer, min_df=min_df, max_df=max_df, max_features=max_features,
                          dtype=np.float64)
    try:
        counts = vec.fit_transform(token_lists).tocsr()
    except ValueError as exc:  # sklearn: "After pruning, no terms remain..."
        raise EmptyResultError(f"{caller}(): no term is left in the vocabulary ({exc}); "
                               "lower min_df or raise max_df.") from None
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
