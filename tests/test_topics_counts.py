"""Tests of fit_topics's counting from token-table codes (analysis.topics._vectorize._count_codes):
the matrix, vocabulary and TF-IDF scikit-learn's CountVectorizer gives from the token lists,
entry for entry and in the same order, and the same errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer
from test_topics import UNITS

from analysis import topics as tp
from analysis.corpus import load_corpus
from analysis.errors import EmptyResultError
from analysis.text import stop_words, tokenize_texts
from analysis.tokens import token_table
from analysis.topics import _vectorize


@pytest.fixture(scope="module")
def texts() -> list[str]:
    units = tp.topic_units(load_corpus("data"))
    return units["text"].tolist() + ["", "the and of", "Lu Kang's answer: the U.S. tariffs don't help, 96.71% say."]


def _assert_same(a: sparse.csr_matrix, b: sparse.csr_matrix) -> None:
    assert a.shape == b.shape and a.dtype == b.dtype
    assert a.indices.dtype == b.indices.dtype and a.indptr.dtype == b.indptr.dtype
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)  # the same order within each row
    assert np.array_equal(a.data, b.data)


@pytest.mark.parametrize("opts", [
    dict(min_df=5, max_df=0.5), dict(min_df=1, max_df=1.0), dict(min_df=0.01, max_df=0.3), dict(min_df=2, max_df=100),
    dict(min_df=5, max_df=0.5, max_features=500), dict(min_df=1, max_df=1.0, max_features=3000),
    dict(min_df=5, max_df=0.5, lemmas=True), dict(min_df=3, max_df=0.2, max_features=50, lemmas=True),
])
@pytest.mark.parametrize("block", [1 << 21, 997])
def test_codes_count_as_count_vectorizer(monkeypatch, texts, opts, block) -> None:
    monkeypatch.setattr(_vectorize, "COUNT_BLOCK", block)  # counted in one block, or in many
    opts = dict(opts)
    lemmas = opts.pop("lemmas", False)
    analyzer = _vectorize.TopicAnalyzer(stop_words(tp.BRIEFING_STOP_WORDS), lemmas=lemmas)
    sk = CountVectorizer(analyzer=analyzer, dtype=np.float64, **opts)
    ours = CountVectorizer(analyzer=analyzer, dtype=np.float64, **opts)
    expected = sk.fit_transform(tokenize_texts(texts, lemmas=lemmas)).tocsr()
    got = _vectorize._count_codes(token_table(texts).words(lemmas=lemmas), ours)
    _assert_same(got, expected)
    assert ours.vocabulary_ == sk.vocabulary_ and list(ours.vocabulary_) == list(sk.vocabulary_)
    assert ours.get_feature_names_out().tolist() == sk.get_feature_names_out().tolist()
    assert ours.transform(["tariffs and trade talks"]).toarray().tolist() == \
        sk.transform(["tariffs and trade talks"]).toarray().tolist()


@pytest.mark.parametrize("kwargs", [dict(k=8), dict(k=5, lemmas=True, extra_stop_words=tp.BRIEFING_STOP_WORDS),
                                    dict(k=6, max_features=400, min_df=0.01)])
def test_fit_topics_equals_the_count_vectorizer_path(monkeypatch, texts, kwargs) -> None:
    units = pd.DataFrame({"text": texts})
    fast = tp.fit_topics(units, **kwargs)
    monkeypatch.setattr(_vectorize, "_count_codes", lambda words, vec: None)
    slow = tp.fit_topics(units, **kwargs)
    _assert_same(fast.design.counts, slow.design.counts)
    _assert_same(fast.design.tfidf, slow.design.tfidf)
    pd.testing.assert_frame_equal(fast.unit_topics, slow.unit_topics, check_exact=True)
    pd.testing.assert_frame_equal(fast.topic_terms, slow.topic_terms, check_exact=True)
    pd.testing.assert_frame_equal(fast.topic_sizes, slow.topic_sizes, check_exact=True)
    assert np.array_equal(fast.weights, slow.weights) and np.array_equal(fast.components, slow.components)


@pytest.mark.parametrize("lemmas", [False, True])
def test_n_words_equal_token_list_lengths(texts, lemmas) -> None:
    res = tp.fit_topics(pd.DataFrame({"text": texts}), k=4, lemmas=lemmas)
    lengths = [len(t) for t in tokenize_texts(texts, lemmas=lemmas)]
    assert res.unit_topics["n_words"].tolist() == [lengths[i] for i in res.unit_topics["unit_id"]]


@pytest.mark.parametrize("kwargs, match", [
    (dict(min_df=1000, max_df=5000), "After pruning, no terms remain"),
    (dict(min_df=10, max_df=5), "max_df corresponds to < documents than min_df"),
    (dict(min_df=1, max_df=1.0, extra_stop_words=sorted({w for t in UNITS["text"] for w in t.split()})),
     "empty vocabulary"),
])
def test_errors_are_scikit_learns(kwargs, match) -> None:
    with pytest.raises(EmptyResultError, match=match):
        tp.fit_topics(UNITS, k=4, **kwargs)


def test_invalid_options_are_refused_by_scikit_learn() -> None:
    with pytest.raises((ValueError, TypeError), match="min_df"):
        tp.fit_topics(UNITS, k=4, min_df=-1)


def test_units_are_tokenized_in_this_process(monkeypatch) -> None:
    import analysis.tokens
    from analysis.topics import _phrase_labels, models

    seen = []
    real = analysis.tokens.token_table

    def spy(texts, **kwargs):
        seen.append(kwargs.get("n_jobs"))
        return real(texts, **kwargs)

    monkeypatch.setattr(analysis.tokens, "token_table", spy)
    monkeypatch.setattr(models, "token_table", spy)
    monkeypatch.setattr(_phrase_labels, "token_table", spy)  # the labels' fixed pairs
    tp.fit_topics(pd.DataFrame({"text": UNITS["text"]}), k=4, min_df=2)  # n_words counted too
    assert len(seen) >= 2 and set(seen) == {_vectorize.TOKEN_JOBS} == {1}
