"""Tests of the fast paths of analysis.topics: choose_k's sample in words (drawn before the
units are vectorized), its fits on every core, its cached table, and fit_topics's cached NMF
fit (each path gives the result of the plain one)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import topics as tp
from analysis.cache import CacheWarning
from analysis.topics import models, selection

from test_topics import UNITS, _planted_units

OPTS = dict(k_values=[2, 3, 4], n_runs=2, top_n=5, min_df=2)


def _long_units() -> pd.DataFrame:
    """240 units of 60 words: 14,400 words, above a budget of 3,000."""
    return _planted_units(n_per_topic=60, n_words=60, seed=3)


# ----------------------------------------------------------------------------- sample in words
class TestSampleInWords:
    def test_rows_are_a_seeded_permutation_prefix_within_the_budget(self) -> None:
        n_words = np.array([10, 50, 20, 30, 40, 10, 25, 35])
        rows = selection._sample_rows(n_words, None, 100, 0)
        order = np.random.default_rng(0).permutation(len(n_words))
        m = int(np.searchsorted(np.cumsum(n_words[order]), 100, side="right"))
        assert rows.tolist() == sorted(order[:m].tolist())
        assert n_words[rows].sum() <= 100 < n_words[order[:m + 1]].sum()
        assert selection._sample_rows(n_words, 3, 100, 0).tolist() == sorted(order[:min(m, 3)].tolist())

    def test_under_the_budget_the_unit_sample_is_unchanged(self) -> None:
        n_words = np.full(50, 10)
        expected = np.sort(np.random.default_rng(0).choice(50, size=20, replace=False))
        assert selection._sample_rows(n_words, 20, 500, 0).tolist() == expected.tolist()
        assert selection._sample_rows(n_words, 20, None, 0).tolist() == expected.tolist()
        assert selection._sample_rows(n_words, 50, 500, 0) is None
        assert selection._sample_rows(n_words, None, None, 0) is None

    def test_choose_k_fits_the_sample_vectorized_alone(self, monkeypatch) -> None:
        units = _long_units()
        rows = selection._sample_rows(units["n_words"].to_numpy() if "n_words" in units else
                                      np.full(len(units), 60), None, 3_000, 0)
        assert len(rows) == 50  # 3,000 words of 60-word units
        seen = []
        real = selection._design_for
        monkeypatch.setattr(selection, "_design_for", lambda u, o, c, **kw: seen.append(len(u)) or real(u, o, c, **kw))
        table = tp.choose_k(units, max_words=3_000, **OPTS)
        assert seen == [50]  # only the sample is vectorized
        assert table["n_units"].tolist() == [50] * 3
        sample = units.iloc[rows].reset_index(drop=True)
        same = tp.choose_k(sample, max_words=None, max_units=None, **OPTS)
        pd.testing.assert_frame_equal(table, same, check_exact=True)

    def test_the_default_budget_leaves_small_corpora_whole(self) -> None:
        table = tp.choose_k(UNITS, **OPTS)
        assert table["n_units"].tolist() == [len(UNITS)] * 3
        pd.testing.assert_frame_equal(table, tp.choose_k(UNITS, max_words=None, **OPTS), check_exact=True)

    def test_bad_budget(self) -> None:
        with pytest.raises(ValueError, match=r"choose_k\(\): max_words"):
            tp.choose_k(UNITS, max_words=0, **OPTS)


# ----------------------------------------------------------------------------- every core
class TestParallel:
    def test_many_nonzeros_fit_on_every_core_without_the_texts(self, monkeypatch) -> None:
        serial = tp.choose_k(UNITS, **OPTS)
        monkeypatch.setattr(selection, "PARALLEL_UNITS", 10**9)
        monkeypatch.setattr(selection, "PARALLEL_NONZEROS", 0)
        monkeypatch.setattr("analysis.scale._engine.n_workers", lambda n_jobs: 2)
        import analysis.scale._engine as engine

        sent = []
        real = engine.run_map
        monkeypatch.setattr(engine, "run_map",
                            lambda func, items, **kw: sent.extend(list(items)) or real(func, items, **kw))
        parallel = tp.choose_k(UNITS, **OPTS)
        assert len(sent) == 3 + 9  # 3 SVDs, then 3 k x 3 fits
        assert all(list(args[0].units.columns) == ["n_words"] for args in sent)
        pd.testing.assert_frame_equal(parallel, serial, check_exact=True)

    def test_few_units_and_nonzeros_stay_in_one_process(self, monkeypatch) -> None:
        import analysis.scale._engine as engine

        monkeypatch.setattr("analysis.scale._engine.n_workers", lambda n_jobs: 2)
        monkeypatch.setattr(engine, "run_map", lambda *a, **k: pytest.fail("ran on workers"))
        tp.choose_k(UNITS, **OPTS)


# ----------------------------------------------------------------------------- caches
def _flip_last_byte(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


class TestChooseKCache:
    def test_damaged_table_is_computed_again_with_a_warning(self, tmp_path) -> None:
        first = tp.choose_k(UNITS, cache=tmp_path, **OPTS)
        (entry,) = (tmp_path / "choose_k").rglob("*.parquet")
        _flip_last_byte(entry)
        with pytest.warns(CacheWarning, match="not used"):
            again = tp.choose_k(UNITS, cache=tmp_path, **OPTS)
        pd.testing.assert_frame_equal(again, first, check_exact=True)


def _assert_same_fit(a: tp.TopicModelResult, b: tp.TopicModelResult) -> None:
    for name in ("topic_terms", "unit_topics", "topic_sizes"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    for name in ("weights", "components", "terms", "order"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.model.components_, b.model.components_)
    assert (a.model.reconstruction_err_, a.model.n_iter_) == (b.model.reconstruction_err_, b.model.n_iter_)
    assert a.model.get_params() == b.model.get_params()
    texts = UNITS["text"].head(7).tolist()
    np.testing.assert_array_equal(a.transform(texts), b.transform(texts))


class TestFitTopicsCache:
    def test_a_cached_fit_is_read_and_equals_the_computed_one(self, tmp_path, monkeypatch) -> None:
        plain = tp.fit_topics(UNITS, k=4, min_df=2, cache=False)
        first = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        assert len(list((tmp_path / "topic_nmf").rglob("*.parquet"))) == 1
        real = models._fit_nmf
        monkeypatch.setattr(models, "_fit_nmf", lambda *a, **k: pytest.fail("fitted again"))
        again = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        _assert_same_fit(first, plain)
        _assert_same_fit(again, plain)
        monkeypatch.setattr(models, "_fit_nmf", real)
        tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path, model_params={"max_iter": 50})
        tp.fit_topics(UNITS, k=3, min_df=2, cache=tmp_path)
        assert len(list((tmp_path / "topic_nmf").rglob("*.parquet"))) == 3  # every option is in the key

    def test_a_warm_fit_reads_its_labels_without_the_units_tokens(self, tmp_path, monkeypatch) -> None:
        from analysis import tokens
        from analysis.topics import _phrase_labels

        plain = tp.fit_topics(UNITS, k=4, min_df=2, cache=False)
        other = tp.fit_topics(UNITS, k=3, min_df=2, cache=False)
        tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        assert len(list((tmp_path / "topic_labels").rglob("*.parquet"))) == 1
        tokens._MEMO.clear()  # nothing tokenized is left in memory: only the disk can answer
        monkeypatch.setattr(_phrase_labels, "token_table", lambda *a, **k: pytest.fail("tokenized again"))
        again = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        assert again.topic_sizes["label"].tolist() == plain.topic_sizes["label"].tolist()
        assert any(", " in x for x in plain.topic_sizes["label"])
        monkeypatch.undo()
        assert tp.fit_topics(UNITS, k=3, min_df=2, cache=tmp_path).topic_sizes["label"].tolist() == \
            other.topic_sizes["label"].tolist()  # other top terms: another entry
        assert len(list((tmp_path / "topic_labels").rglob("*.parquet"))) == 2

    def test_damaged_fit_is_computed_again_with_a_warning(self, tmp_path) -> None:
        first = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        (entry,) = (tmp_path / "topic_nmf").rglob("*.parquet")
        _flip_last_byte(entry)
        with pytest.warns(CacheWarning, match="not used"):
            again = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        _assert_same_fit(again, first)

    def test_other_models_are_not_cached(self, tmp_path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tp.fit_topics(UNITS, k=4, min_df=2, model="lda", cache=tmp_path)
        assert not list(tmp_path.rglob("topic_nmf/*/*.parquet"))
        assert len(list(tmp_path.rglob("topic_counts/*/*.parquet"))) == 1  # the counts are kept for any model


class TestCountsCache:
    def test_cached_counts_equal_the_computed_design(self, tmp_path, monkeypatch) -> None:
        from analysis.topics import _vectorize

        kw = dict(min_df=2, max_df=0.9, extra_stop_words=["tariff"])
        units = pd.concat([UNITS, pd.DataFrame({"text": ["the and of it"], "unit_id": [999]})], ignore_index=True)
        plain = _vectorize.build_design(units, **kw)
        first = _vectorize.build_design(units, cache=tmp_path, **kw)
        monkeypatch.setattr(_vectorize, "_count", lambda *a: pytest.fail("counted again"))
        again = _vectorize.build_design(units, cache=tmp_path, **kw)
        for d in (first, again):
            assert d.n_empty == plain.n_empty == 1
            pd.testing.assert_frame_equal(d.units, plain.units, check_exact=True)
            np.testing.assert_array_equal(d.terms, plain.terms)
            for name in ("counts", "tfidf"):
                a, b = getattr(d, name), getattr(plain, name)
                for part in ("data", "indices", "indptr"):
                    np.testing.assert_array_equal(getattr(a, part), getattr(b, part))
                    assert getattr(a, part).dtype == getattr(b, part).dtype
            texts = ["tariff deficit surplus typhoon", "panda zoo"]
            assert (d.vectorizer.transform(texts) != plain.vectorizer.transform(texts)).nnz == 0
        monkeypatch.undo()
        other = _vectorize.build_design(units, cache=tmp_path, min_df=3)  # another option: another entry
        assert len(list(tmp_path.rglob("topic_counts/*/*.parquet"))) == 2
        assert len(other.terms) <= len(plain.terms) + 1

    def test_a_warm_fit_topics_neither_counts_nor_fits(self, tmp_path, monkeypatch) -> None:
        from analysis.topics import _vectorize

        first = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
        monkeypatch.setattr(_vectorize, "_count", lambda *a: pytest.fail("counted again"))
        monkeypatch.setattr(models, "_fit_nmf", lambda *a, **k: pytest.fail("fitted again"))
        _assert_same_fit(tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path), first)


def test_joined_texts_equal_the_groupby_join() -> None:
    from analysis.topics.units import _joined

    texts = ["a", "b", "c", "d", "e", "f"]
    gid = np.array([0, 0, 2, 3, 3, 3])  # runs with gaps, as merged paragraphs leave them
    expected = pd.Series(texts).groupby(gid, sort=True).agg("\n\n".join).tolist()
    assert _joined(texts, gid) == expected == ["a\n\nb", "c", "d\n\ne\n\nf"]
    assert _joined([], np.array([], dtype=np.int64)) == []
