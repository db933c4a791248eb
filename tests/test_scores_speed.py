"""The fast paths of ``readability(measures="all")`` and ``lexical_diversity(measures="all")``
against the plain readings they stand for, exactly.

* MTLD-MA-Bi reads a start's factor afresh only up to the next occurrence of the previous
  token's type and resumes at the previous factor's end: its factor totals must be those of
  reading every start to its end, on random streams of every shape and on the bundled corpus.
* Readability's extra counts (characters, polysyllables, long and unfamiliar words) count the
  letters and digits of all word types at once, take syllables from the per-type counts and sum
  each count per text with one ``reduceat``: they must be the counts of each text read alone.
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import diversity as div_mod
from analysis.rhetoric._common import word_table_of

readability = importlib.import_module("analysis.rhetoric.readability")  # the package exports a function of that name

TEXTS = [
    "First, we oppose it. Second, we urge restraint. Third, we will respond!",
    "",
    'We stand for peace, development and cooperation. They shout "win-win cooperation" very loudly.',
    "We will open up. We will reform. More than 96.71 million people, up 3.5%. P.R.C. and U.S.",
    "... !!! ?",
    "\u00c7a va? \u039f\u03ba. \u00bd \u2026 \u0663\u0664 \ud800 x. Caf\u00e9 na\u00efve co\u00f6perate extraordinarily.",
]


@pytest.fixture(scope="module")
def corpus_texts():
    return load_corpus("data").turns()["text"].fillna("").tolist()


# --------------------------------------------------------------------------- MTLD-MA-Bi
def _every_start(codes: np.ndarray, threshold: float, min_factor: int) -> tuple[int, int]:
    """Summed length and number of the forward factors, each start read to its end with a set."""
    limit = div_mod._limits(max(len(codes), 1), threshold)
    total = n_factors = 0
    for x in range(len(codes)):
        seen: set[int] = set()
        for y in range(x, len(codes)):
            seen.add(int(codes[y]))
            length = y - x + 1
            if length >= min_factor and len(seen) < limit[length]:
                total += length
                n_factors += 1
                break
    return total, n_factors


def _neighbours(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    n = len(codes)
    prev = np.full(n, -1, np.int32)
    nxt = np.full(n, n, np.int32)
    last: dict[int, int] = {}
    for i, c in enumerate(codes.tolist()):
        if c in last:
            prev[i] = last[c]
            nxt[last[c]] = i
        last[c] = i
    return prev, nxt


def _random_streams(seed: int, count: int, longest: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [(rng.zipf(1.1 + rng.random(), size=int(rng.integers(0, longest))) % int(rng.integers(1, 80)))
            .astype(np.int64) for _ in range(count)]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(("threshold", "min_factor"), [(0.72, 10), (0.72, 1), (0.5, 3), (0.9, 2), (0.3, 40)])
def test_resumed_reading_equals_every_start_read_to_its_end(seed, threshold, min_factor):
    for codes in _random_streams(seed, 12, 400):
        prev, nxt = _neighbours(codes)
        limit = div_mod._limits(max(len(codes), 1), threshold)
        got = div_mod._ma_direction(prev, nxt, len(codes), limit, min_factor)
        assert tuple(int(v) for v in got) == _every_start(codes, threshold, min_factor)


def test_resumed_reading_on_hand_made_streams():
    cases = ["a b c d e f g h i j a b c d e f g h i j a", "a a a a a a a a a a a a", "a b c d e f g h i j k l",
             "the cat sat on the mat and the dog sat on the log while the cat sat", ""]
    for text in cases:
        codes = div_mod._codes(text.split())
        prev, nxt = _neighbours(codes)
        for threshold, min_factor in ((0.72, 10), (0.72, 2), (0.5, 1)):
            limit = div_mod._limits(max(len(codes), 1), threshold)
            got = div_mod._ma_direction(prev, nxt, len(codes), limit, min_factor)
            assert tuple(int(v) for v in got) == _every_start(codes, threshold, min_factor)


def test_mtld_ma_bi_on_the_bundled_corpus_equals_every_start(corpus_texts):
    words = word_table_of(corpus_texts)
    lengths = np.diff(words.offset)
    picked = [int(i) for i in np.flatnonzero(lengths > 0)[:: max(1, int((lengths > 0).sum()) // 25)]]
    picked.append(int(np.argmax(lengths)))  # the longest turn
    codes = np.concatenate([words.tid[words.offset[i]:words.offset[i + 1]] for i in picked]).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths[picked])]).astype(np.int64)
    got = div_mod._mtld_ma_bi_streams(codes, offsets, 0.72, 10, len(words.types))
    for k in range(len(picked)):
        stream = codes[offsets[k]:offsets[k + 1]]
        fwd, bwd = _every_start(stream, 0.72, 10), _every_start(stream[::-1], 0.72, 10)
        want = (fwd[0] / fwd[1] + bwd[0] / bwd[1]) / 2 if fwd[1] and bwd[1] else float("nan")
        assert (np.isnan(got[k]) and np.isnan(want)) or got[k] == want


# --------------------------------------------------------------------------- readability's extra counts
def test_alnum_chars_equal_str_isalnum():
    types = ["", "abc", "96.71", "p.r.c.", "win-win", "caf\u00e9", "\u0663\u0664", "\u00bd", "\ud800x", "\u4e2d\u6587",
             "na\u00efve", "e\u0301", "it\u2019s", "x" * 300]
    assert readability._alnum_chars(types).tolist() == [sum(ch.isalnum() for ch in t) for t in types]
    assert readability._alnum_chars([]).tolist() == []


def test_type_counts_with_known_syllables_equal_counted_ones(corpus_texts):
    types = word_table_of(corpus_texts).types
    familiar = frozenset(["the", "of", "peace", "we"])
    for fam in (None, familiar):
        given = readability._type_counts(types, fam, readability._type_syllables(types))
        np.testing.assert_array_equal(given, readability._type_counts(types, fam))


@pytest.mark.parametrize("familiar", [None, frozenset(["we", "will", "the", "peace", "cooperation", "x"])])
def test_extra_counts_equal_each_text_read_alone(familiar):
    got = readability._extra_counts_many(TEXTS, familiar)
    for text, row in zip(TEXTS, got):
        counts = readability._text_counts(text, familiar)
        want = (counts["n_characters"], counts["n_polysyllables"], counts["n_long_words"],
                counts.get("n_unfamiliar", 0))
        assert tuple(row) == want


def test_extra_counts_on_the_bundled_corpus_equal_running_sums(corpus_texts):
    """The per-text sums of the previous code path (a running sum per count), on every turn."""
    familiar = frozenset(["the", "of", "and", "peace", "development", "china"])
    for fam in (None, familiar):
        words = word_table_of(corpus_texts)
        per_type = readability._type_counts(words.types, fam)
        running = np.zeros(len(words.tid) + 1, dtype=np.int64)
        want = np.zeros((len(corpus_texts), 4), dtype=np.int64)
        for j in range(4):
            np.cumsum(per_type[:, j][words.tid], out=running[1:])
            want[:, j] = running[words.offset[1:]] - running[words.offset[:-1]]
        assert readability._extra_counts_many(corpus_texts, fam) == tuple(map(tuple, want.tolist()))
