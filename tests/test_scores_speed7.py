"""The counts of ``readability(measures="all")`` beside the default ones: made with them from the
layers (``_layer_counts(extra=True)``), kept with them (``keep_counts`` of six columns) and stored
on disk (entries of kind ``readability-extra``), each equal to the counts made apart."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import _common, readability
from analysis.rhetoric._common import same_texts, sentence_table_of, token_table_of, word_table_of

TEXTS = ["The cat sat on the mat. It ran.", "", "Reptilian creature.", "...",
         "More than 96.71 million people, up 3.5%.", "Ünïcode wörds, naïve café and résumé; we act!",
         "Peace, development and cooperation. Not only peace but also growth."]
# the module (the package's name readability is the function)
rmod = importlib.import_module("analysis.rhetoric.readability")


def _clear() -> None:
    _common._CACHE.clear()
    _common._LAYERS.clear()


@pytest.fixture(scope="module")
def corpus_texts():
    return load_corpus("data").turns()["text"].fillna("").tolist()


def _layer(texts: list[str], extra: bool) -> np.ndarray:
    words = word_table_of(texts)
    return rmod._layer_counts(texts, words, rmod._syllables_of(words.types), sentence_table_of(texts),
                              token_table_of(texts), extra=extra)


def test_layer_counts_with_extra_hand_checked():
    _clear()
    got = _layer(TEXTS[:4], extra=True)
    # "The cat sat on the mat. It ran.": 2 sentences, 8 words, 8 syllables, 22 letters, no word of
    # three syllables or more than six letters; "Reptilian creature.": 1 sentence, 2 words,
    # 3 + 2 syllables, 9 + 8 letters, one polysyllable, two long words; no words: zeros
    assert got.tolist() == [[2, 8, 8, 22, 0, 0], [0, 0, 0, 0, 0, 0], [1, 2, 5, 17, 1, 2], [0, 0, 0, 0, 0, 0]]
    _clear()


def test_layer_counts_extra_equal_the_counts_made_apart(corpus_texts):
    for texts in (TEXTS, corpus_texts):
        _clear()
        got = _layer(texts, extra=True)
        assert got.dtype == np.int64 and got.shape == (len(texts), 6)
        assert np.array_equal(got[:, :3], _layer(texts, extra=False))
        assert np.array_equal(got[:, :3], rmod._counts_many(texts))
        apart = np.array(rmod._extra_counts_many(texts, None), dtype=np.int64).reshape(-1, 4)
        assert np.array_equal(got[:, 3:], apart[:, :3])
        assert not apart[:, 3].any()  # no word list: no unfamiliar word
    _clear()


def test_six_kept_counts_are_read_by_readability_all():
    """Made-up counts, so the test sees which were read; three kept columns leave the others counted."""
    _clear()
    texts = ["One two three.", "Four five."]
    made = np.array([[7, 70, 700, 7000, 7, 70], [1, 10, 100, 1000, 1, 10]], dtype=np.int64)
    with same_texts(texts):
        rmod.keep_counts(texts, made)
    got = readability(pd.DataFrame({"text": texts}), measures="all")
    cols = ["n_sentences", "n_words", "n_syllables", "n_characters", "n_polysyllables", "n_long_words"]
    assert got[cols].values.tolist() == made.tolist()
    _clear()
    texts = [t + " " for t in texts]  # other texts: the six columns kept above are on disk for those
    with same_texts(texts):
        rmod.keep_counts(texts, made[:, :3])
    got = readability(pd.DataFrame({"text": texts}), measures="all")
    assert got[cols[:3]].values.tolist() == made[:, :3].tolist()
    assert got[cols[3:]].values.tolist() == [[11, 0, 0], [8, 0, 0]]  # counted: letters, none long
    _clear()


def test_extra_counts_stored_on_disk_and_read_back(tmp_path, monkeypatch, corpus_texts):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    frame = pd.DataFrame({"text": corpus_texts[::5]})
    _clear()
    first = readability(frame, measures="all")
    assert list((tmp_path / "readability-extra").rglob("*.parquet"))
    _clear()
    monkeypatch.setattr(rmod, "_extra_counts_many", lambda *a: pytest.fail("not read from the cache"))
    monkeypatch.setattr(rmod, "_counts_many", lambda *a: pytest.fail("not read from the cache"))
    again = readability(frame, measures="all")
    pd.testing.assert_frame_equal(first, again, check_exact=True)
    monkeypatch.undo()
    _clear()
    # the same table without a cache, and the defaults its first columns
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    pd.testing.assert_frame_equal(readability(frame, measures="all"), first, check_exact=True)
    default = readability(frame)
    pd.testing.assert_frame_equal(default[["n_sentences", "n_words", "n_syllables"]],
                                  first[["n_sentences", "n_words", "n_syllables"]], check_exact=True)
    _clear()


def test_word_list_counts_unchanged_by_the_kept_counts():
    """With a word list the unfamiliar words are counted apart, whatever counts are kept."""
    _clear()
    texts = ["The cat sat on the mat.", "Reptilian creature."]
    fam = {"the", "cat", "sat", "on"}
    want = readability(pd.DataFrame({"text": texts}), measures="all", familiar_words=fam)
    assert want["n_unfamiliar"].tolist() == [1, 2]
    _clear()
    made = np.array([[1, 6, 6, 17, 0, 0], [1, 2, 5, 17, 1, 2]], dtype=np.int64)
    with same_texts(texts):
        rmod.keep_counts(texts, made)
    got = readability(pd.DataFrame({"text": texts}), measures="all", familiar_words=fam)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    _clear()


@pytest.mark.parametrize("measures", [None, "all", ["hdd", "mtld_ma_bi", "msttr"]])
def test_diversity_of_one_text_groups_equals_its_streams(measures, corpus_texts):
    """Groups of one text each (in an order other than the texts'): each row is the text's own,
    equal to the measures of the group's words gathered into one stream per group."""
    from analysis.rhetoric import diversity, lexical_diversity

    _clear()
    texts = corpus_texts[:300]
    key = [f"g{(7 * i) % 300:03d}" for i in range(300)]  # one text a group, sorted apart from the texts
    frame = pd.DataFrame({"text": texts, "key": key})
    got = lexical_diversity(frame, by="key", measures=measures)
    words = word_table_of(texts)
    order = np.argsort(key, kind="stable")
    codes = np.concatenate([words.tid[words.offset[i]:words.offset[i + 1]] for i in order])
    bounds = np.concatenate([[0], np.cumsum(np.diff(words.offset)[order])])
    names = list(diversity.DIVERSITY_COLUMNS[2:]) if measures is None else diversity._measure_names(
        measures, caller="test")
    want = diversity._measure_table(codes, bounds, len(words.types), names, window=50, threshold=0.72, segment=50,
                                    draws=42, log_base=np.e, min_factor=10)
    assert got["key"].tolist() == sorted(key)
    pd.testing.assert_frame_equal(got.drop(columns="key"), want, check_exact=True)
    # per turn: the same rows, in the texts' order
    per_turn = lexical_diversity(frame, measures=measures)[["n_tokens", "n_types", *names]]
    pd.testing.assert_frame_equal(per_turn.iloc[order].reset_index(drop=True), want, check_exact=True)
    _clear()
