"""The cheaper paths of the scores under ``measures="all"`` give the values of the plain readings:
readability's extra counts summed as packed bit fields (in blocks of tokens) equal one sum per
count and text; the MTLD-MA-Bi limits rise by at most one type a token, and its chunks of
streams run on threads give the values of one chunk read alone, every time (the search of a
start's factor end is tested in ``test_scores_speed2.py``)."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import diversity as div_mod
from analysis.rhetoric._common import word_table_of

readability = importlib.import_module("analysis.rhetoric.readability")  # the package exports a function of that name

FAMILIAR = frozenset(["the", "of", "and", "peace", "development", "china", "we"])


@pytest.fixture(scope="module")
def corpus_texts():
    return load_corpus("data").turns()["text"].fillna("").tolist()


def _per_count_sums(texts: list[str], familiar) -> tuple[tuple[int, ...], ...]:
    """Each count of every text summed over its tokens, one count at a time (int64)."""
    words = word_table_of(texts)
    per_type = readability._type_counts(words.types, familiar)
    out = np.zeros((len(texts), 4), dtype=np.int64)
    for i in range(len(texts)):
        tids = words.tid[words.offset[i]:words.offset[i + 1]]
        out[i] = per_type[tids].sum(axis=0)
    return tuple(map(tuple, out.tolist()))


# --------------------------------------------------------------------------- readability's extra counts
@pytest.mark.parametrize("familiar", [None, FAMILIAR])
@pytest.mark.parametrize(("block", "bits"), [(1 << 22, 63), (7, 63), (1, 63), (50, 12), (1 << 22, 1)])
def test_packed_extra_counts_equal_one_sum_per_count(corpus_texts, monkeypatch, familiar, block, bits):
    """Blocks smaller than a text, and fields too wide to share an int64 (several packs, or one
    count per int64), give the same sums as summing each count alone."""
    texts = corpus_texts[:400]
    monkeypatch.setattr(readability, "_BLOCK_TOKENS", block)
    monkeypatch.setattr(readability, "_PACK_BITS", bits)
    got = readability._extra_counts_many(texts, familiar)
    assert got == _per_count_sums(texts, familiar)
    assert sum(row[0] for row in got) > 0 and sum(row[1] for row in got) > 0  # counts, not zeros


def test_packed_extra_counts_hand_counted():
    texts = ["Extraordinarily cooperative people cooperate.", "", "... !", "The cat sat. 96.71 P.R.C."]
    got = readability._extra_counts_many(texts, frozenset(["the", "cat", "people"]))
    # characters (letters and digits), polysyllables, long words (> 6 characters), unfamiliar
    assert got[0] == (15 + 11 + 6 + 9, 3, 3, 3)
    assert got[1] == (0, 0, 0, 0) and got[2] == (0, 0, 0, 0)
    assert got[3] == (3 + 3 + 3 + 4 + 3, 1, 0, 3)  # the, cat, sat, 96.71, P.R.C. (three syllables)


def test_packed_extra_counts_without_texts():
    assert readability._extra_counts_many([], None) == ()
    assert readability._extra_counts_many(["", "  "], None) == ((0, 0, 0, 0), (0, 0, 0, 0))


# --------------------------------------------------------------------------- MTLD-MA-Bi
def test_limit_rises_by_at_most_one_a_token():
    """The resumed reading relies on it: a segment one token longer needs at most one more type."""
    for threshold in (0.01, 1 / 3, 0.5, 0.72, 0.9, 0.999):
        steps = np.diff(div_mod._limits(5000, threshold)[1:])
        assert steps.min() >= 0 and steps.max() <= 1


def _streams(seed: int, count: int) -> tuple[np.ndarray, np.ndarray, int]:
    rng = np.random.default_rng(seed)
    parts = [(rng.zipf(1.2 + rng.random(), size=int(rng.integers(0, 400))) % int(rng.integers(1, 120)))
             for _ in range(count)]
    codes = np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)
    offsets = np.concatenate([[0], np.cumsum([len(p) for p in parts])]).astype(np.int64)
    return codes, offsets, int(codes.max()) + 1 if len(codes) else 1


@pytest.mark.parametrize("seed", range(3))
def test_threaded_chunks_equal_each_stream_read_alone(seed):
    codes, offsets, n_types = _streams(seed, 60)
    got = div_mod._mtld_ma_bi_streams(codes, offsets, 0.72, 10, n_types)
    want = np.array([div_mod.mtld_ma_bi(codes[a:b].astype(str).tolist())
                     for a, b in zip(offsets[:-1], offsets[1:])])
    np.testing.assert_array_equal(got, want)  # NaN where a stream has no factor, in both
    assert np.isfinite(got).sum() > 10
    np.testing.assert_array_equal(div_mod._mtld_ma_bi_streams(codes, offsets, 0.72, 10, n_types), got)


def test_threaded_chunks_without_streams():
    out = div_mod._mtld_ma_bi_streams(np.zeros(0, np.int64), np.zeros(1, np.int64), 0.72, 10, 1)
    assert out.shape == (0,)


def test_lexical_diversity_by_transcript_all_measures_is_deterministic(corpus_texts):
    turns = load_corpus("data").turns()
    a = div_mod.lexical_diversity(turns, by="transcript_id", measures="all")
    b = div_mod.lexical_diversity(turns, by="transcript_id", measures="all")
    assert len(a) == turns["transcript_id"].nunique()
    assert a["n_tokens"].sum() == len(word_table_of(corpus_texts).tid)  # no token lost
    np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())
