"""The scores' per-text numbers made by the detectors' workers: readability's counts and the
word view of each range (the diversity columns of each text made of it as the range arrives),
kept for readability and lexical_diversity, equal to those made from the whole layers; the token
layer sent back only when it is read."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

import analysis.tokens
from analysis.corpus import load_corpus
from analysis.rhetoric import _common, devices, diversity, lexical_diversity, readability, rhetoric_profile
from analysis.rhetoric._common import held_layer, same_texts

TEXTS = ["First, we fight. Second, we win!", "", "Is it fair? We think so. What next?",
         "We will open up. We will reform. We will not waver.", "", "More than 96.71 million people, up 3.5%.",
         "Peace, development and cooperation. Not only peace but also growth.", "", "Thank you.",
         "Ünïcode wörds, naïve café and résumé; we act, we act!", "...", "The cat sat on the mat. It ran."]
DETECTED = tuple(d for d in devices.DEVICES if d != "intensifier")
# the module (the package's name readability is the function)
rmod = importlib.import_module("analysis.rhetoric.readability")


def _clear() -> None:
    _common._CACHE.clear()
    _common._LAYERS.clear()


@pytest.fixture(scope="module")
def corpus_turns():
    return load_corpus("data").turns()


def _ranges_made(texts: list[str], cuts: list[int]) -> tuple[np.ndarray, pd.DataFrame]:
    """The readability counts and diversity columns of ``texts`` made range by range, as the
    workers and the parent of _fresh_rows make them, stacked."""
    edges = [0, *cuts, len(texts)]
    counts, scores = [], []
    for a, b in zip(edges[:-1], edges[1:]):
        got = devices._range_rows((a, texts[a:b], None), DETECTED, True, True, None, False, True)
        assert got[2] is None  # the tokens are not sent back
        c, words = got[4]
        counts.append(c)
        scores.append(diversity._text_scores(words, 50, 0.72))
    return np.concatenate(counts), pd.concat(scores, ignore_index=True)


def test_layer_counts_hand_checked():
    _clear()
    texts = ["The cat sat on the mat. It ran.", "", "Reptilian creature.", "..."]
    counts, _ = _ranges_made(texts, [2])
    # 2 sentences, 8 words, 8 syllables, 22 letters, no word of 3+ syllables or 7+ letters; no
    # words: zeros; 1 sentence, 2 words, 3 + 2 syllables, 9 + 8 letters, one polysyllable
    # (reptilian), two long words; punctuation only: no words, so zeros
    assert counts.tolist() == [[2, 8, 8, 22, 0, 0], [0] * 6, [1, 2, 5, 17, 1, 2], [0] * 6]


@pytest.mark.parametrize("cuts", [[], [1], [3, 4, 9], list(range(1, len(TEXTS)))])
def test_ranges_stacked_equal_the_whole(cuts):
    _clear()
    counts, scores = _ranges_made(TEXTS, cuts)
    _clear()
    want = rmod._counts_many(TEXTS)
    assert counts.dtype == np.int64 and np.array_equal(counts[:, :3], want)
    frame = pd.DataFrame({"text": TEXTS})
    whole = lexical_diversity(frame)[["n_tokens", "n_types", "ttr", "mattr", "mtld"]]
    pd.testing.assert_frame_equal(scores, whole, check_exact=True)


def test_ranges_of_the_bundled_corpus_equal_the_whole(corpus_turns):
    texts = corpus_turns["text"].tolist()[::3]
    lengths = np.cumsum([len(t) for t in texts])
    cuts = sorted({int(np.searchsorted(lengths, lengths[-1] * k // 7)) + 1 for k in range(1, 7)} - {len(texts)})
    _clear()
    counts, scores = _ranges_made(texts, cuts)
    _clear()
    assert np.array_equal(counts[:, :3], rmod._counts_many(texts))
    whole = lexical_diversity(pd.DataFrame({"text": texts}))[["n_tokens", "n_types", "ttr", "mattr", "mtld"]]
    pd.testing.assert_frame_equal(scores, whole, check_exact=True)
    _clear()


def test_kept_counts_are_read_by_readability():
    """What keep_counts holds is what readability reads (here made-up counts, so the test sees
    which it read); other texts are counted."""
    _clear()
    texts = ["One two three.", "Four five."]
    made = np.array([[7, 70, 700], [1, 10, 100]], dtype=np.int64)
    with same_texts(texts):
        rmod.keep_counts(texts, made)
    got = readability(pd.DataFrame({"text": texts}))
    assert got[["n_sentences", "n_words", "n_syllables"]].values.tolist() == made.tolist()
    other = readability(pd.DataFrame({"text": texts + ["Six."]}))
    assert other[["n_sentences", "n_words", "n_syllables"]].values.tolist() == [[1, 3, 3], [1, 2, 2], [1, 1, 1]]
    _clear()


def test_kept_text_scores_are_read_for_turns_and_groups_of_one_turn_only():
    _clear()
    texts = ["a b a b a b", "one two three", "one one one two"]
    frame = pd.DataFrame({"text": texts, "who": ["x", "y", "x"], "k": [3, 1, 2]})
    made = pd.DataFrame({"n_tokens": np.array([60, 30, 40]), "n_types": np.array([2, 3, 2]),
                         "ttr": [0.5, 0.25, 0.125], "mattr": [1.5, 2.5, 3.5], "mtld": [4.0, 5.0, 6.0]})
    with same_texts(texts):
        diversity.keep_text_scores(texts, 50, 0.72, made)
    turns = lexical_diversity(frame)
    assert turns["mtld"].tolist() == [4.0, 5.0, 6.0]
    by_k = lexical_diversity(frame, by="k")  # groups of one turn, sorted by k
    assert by_k["k"].tolist() == [1, 2, 3] and by_k["mattr"].tolist() == [2.5, 3.5, 1.5]
    assert by_k["n_tokens"].tolist() == [30, 40, 60]
    # other options, other measures, or groups of several turns: computed
    assert lexical_diversity(frame, window=2)["n_tokens"].tolist() == [6, 3, 4]
    assert lexical_diversity(frame, measures=["ttr"])["n_tokens"].tolist() == [6, 3, 4]
    by_who = lexical_diversity(frame, by="who")
    assert by_who["n_tokens"].tolist() == [10, 3] and by_who["n_types"].tolist() == [4, 3]
    _clear()


def _profiles(monkeypatch, turns, by):
    _clear()
    want = rhetoric_profile(turns, by=by)
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", 40)
    got = rhetoric_profile(turns, by=by)
    texts = turns["text"].fillna("").astype(str).tolist()
    held = held_layer("tokens", texts)
    _clear()
    return got, want, held


def test_profile_by_groups_of_one_turn_on_workers_equals_one_process(monkeypatch):
    turns = pd.DataFrame({"role": ["a", "b", "a", "c"] * 6, "text": TEXTS * 2,
                          "transcript_id": [f"t{i}" for i in range(24)]})
    got, want, held = _profiles(monkeypatch, turns, "transcript_id")
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert not held  # the token layer was not sent back: nothing here read it
    mtld = got[got["measure"] == "mtld"]["value"]
    assert mtld.notna().any() and len(got) == 24 * got["measure"].nunique()


def test_profile_by_groups_of_several_turns_on_workers_equals_one_process(monkeypatch):
    turns = pd.DataFrame({"role": ["a", "b", "a", "c"] * 6, "text": TEXTS * 2})
    got, want, held = _profiles(monkeypatch, turns, "role")
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert held  # diversity of the groups read the token layer the workers sent back


@pytest.mark.parametrize("by", ["speaker", ["transcript_id", "turn_index"]])
def test_profile_of_the_bundled_corpus_on_workers_equals_one_process(monkeypatch, corpus_turns, by):
    sample = corpus_turns.iloc[::4].reset_index(drop=True)
    monkeypatch.setattr(devices, "RANGE_CHARS", 1 << 16)
    _clear()
    want = rhetoric_profile(sample, by=by)
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    got = rhetoric_profile(sample, by=by)
    _clear()
    pd.testing.assert_frame_equal(got, want, check_exact=True)
