"""The leaner steps of the formula table give what their former formulations gave: the span
plain-text test from running counts kept modulo 2**8 / 2**16, counts taken a block of codes at a
time, the preposition test on the occurrences of the n-grams it asks about only, the merged
spans' ends by runs, the capitals' rates without a copy of the inner positions, and the
wordings as spoken read from the stream where it may equal reading every span from the text."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest

import analysis.phrases  # noqa: F401 - the package's names hide the modules
from analysis.corpus import load_corpus
from analysis.phrases._common import codes_of
from analysis.phrases._extend import frequent_levels, maximal_phrases
from analysis.phrases._stream import frame_stream
from analysis.phrases.names import _written_upper, capitalised, code_counts

formulae_mod = sys.modules["analysis.phrases.formulae"]
ROOT = Path(__file__).resolve().parent.parent


def _not_plain_by_position(plain: np.ndarray, starts: np.ndarray, ends: np.ndarray, skip: int) -> list[bool]:
    return [bool((~plain[s + skip:e]).any()) for s, e in zip(starts.tolist(), ends.tolist())]


@pytest.mark.parametrize("longest", [20, 300, 70_000])
def test_not_plain_by_hand_and_by_position(longest: int) -> None:
    """Spans shorter than 2**8, than 2**16 and longer (the three widths of the running count,
    which wraps around in the first two) flag the spans a position-by-position read flags."""
    rng = np.random.default_rng(1)
    n = max(1000, longest + 10)
    plain = rng.random(n) > 0.01
    starts = rng.integers(0, n - longest, 400)
    ends = starts + rng.integers(1, longest + 1, 400)
    for skip in (0, 1):
        for block in (None, 7):
            got = formulae_mod._not_plain(plain, starts, ends, skip, block=block)
            assert got.tolist() == _not_plain_by_position(plain, starts, ends, skip)
    # by hand: position 3 is not plain; [3, 5) is slow unless its first position is skipped
    plain = np.ones(10, dtype=bool)
    plain[3] = False
    s, e = np.array([0, 3, 4, 3]), np.array([3, 5, 9, 4])
    assert formulae_mod._not_plain(plain, s, e, 0).tolist() == [False, True, False, True]
    assert formulae_mod._not_plain(plain, s, e, 1).tolist() == [False, False, False, False]
    # 256 bad positions in one span: the uint16 count, not a wrapped uint8 one, says so
    assert formulae_mod._not_plain(np.zeros(600, dtype=bool), np.array([0]), np.array([256]), 0).tolist() == [True]


def test_code_counts_equal_bincount() -> None:
    rng = np.random.default_rng(2)
    codes = rng.integers(0, 50, 1003).astype(np.int32)
    for block in (1, 7, 1000, 5000):
        got = code_counts(codes, 60, block=block)
        assert got.dtype == np.int64
        assert got.tolist() == np.bincount(codes, minlength=60).tolist()
    assert code_counts(codes[:0], 3).tolist() == [0, 0, 0]


@pytest.fixture(scope="module")
def bundled():
    turns = load_corpus(ROOT / "data").turns()
    stream = frame_stream(turns, lowercase=True, expand_contractions=True)
    supports = [(codes_of(turns["transcript_id"]).astype(np.int32)[stream.row], 2)]
    levels = frequent_levels(stream, supports=supports, keep_from=2)
    return turns, stream, supports, levels


def _former_left_extension_shares(stream, lv, which):
    """The former formulation: int64 copies of the whole level."""
    out = np.zeros(lv.n_groups)
    pos = np.asarray(lv.pos, dtype=np.int64)
    code = np.asarray(lv.code, dtype=np.int64)
    keep = which[code] & (pos > 0)
    keep[keep] = stream.seg_end[pos[keep] - 1] == stream.seg_end[pos[keep]]
    if not keep.any():
        return out
    prev = stream.ids[pos[keep] - 1].astype(np.int64)
    pairs, n_pairs = np.unique(code[keep] * len(stream.vocab) + prev, return_counts=True)
    best = np.zeros(lv.n_groups)
    np.maximum.at(best, pairs // len(stream.vocab), n_pairs.astype(np.float64))
    counts = np.bincount(code, minlength=lv.n_groups).astype(np.float64)
    return np.divide(best, counts, out=out, where=counts > 0)


def test_left_extension_shares_as_over_the_whole_level(bundled) -> None:
    _, stream, _, levels = bundled
    rng = np.random.default_rng(3)
    for lv in levels[:3]:
        for which in (np.ones(lv.n_groups, dtype=bool), rng.random(lv.n_groups) < 0.1,
                      np.zeros(lv.n_groups, dtype=bool)):
            got = formulae_mod.left_extension_shares(stream, lv, which)
            assert np.array_equal(got, _former_left_extension_shares(stream, lv, which))
            assert (got[~which] == 0).all()
        assert (formulae_mod.left_extension_shares(stream, lv, np.ones(lv.n_groups, dtype=bool)) > 0).any()


def test_merge_spans_ends_and_dtypes() -> None:
    """A merged occurrence ends at the largest end of its spans (np.maximum.at over the spans'
    groups, the former way); starts and ends keep the dtypes of the positions and ends given."""
    rng = np.random.default_rng(4)
    label = rng.integers(0, 5, 300).astype(np.int32)
    pos = rng.integers(0, 200, 300).astype(np.int32)
    end = (pos + rng.integers(1, 8, 300)).astype(np.int32)
    lab, starts, ends, group, _ = formulae_mod._merge_spans(label, pos, end, None)
    assert starts.dtype == np.int32 and ends.dtype == np.int32
    order = np.lexsort((pos, label))
    expected = np.zeros(len(starts), dtype=np.int64)
    np.maximum.at(expected, group, end[order])
    assert ends.tolist() == expected.tolist()
    assert starts.tolist() == [int(pos[order][group == g].min()) for g in range(len(starts))]
    # no position of a label lies in two of its merged occurrences
    for g in range(1, len(starts)):
        if lab[g] == lab[g - 1]:
            assert starts[g] >= ends[g - 1]
    _, starts64, ends64, _, _ = formulae_mod._merge_spans(label, pos.astype(np.int64), end.astype(np.int64), None)
    assert starts64.dtype == np.int64 and ends64.dtype == np.int64
    assert starts64.tolist() == starts.tolist() and ends64.tolist() == ends.tolist()


def test_capitalised_as_from_the_inner_positions(bundled) -> None:
    turns, stream, _, _ = bundled
    texts = turns["text"].fillna("").astype(str).tolist()
    cap = _written_upper(stream, texts, 1 << 22)
    initial = np.ones(stream.n_tokens, dtype=bool)
    initial[1:] = stream.seg_end[1:] != stream.seg_end[:-1]
    inner = stream.ids[~initial]
    seen = np.bincount(inner, minlength=len(stream.vocab))
    caps = np.bincount(inner[cap[~initial]], minlength=len(stream.vocab))
    rate = np.divide(caps, seen, out=np.zeros(len(stream.vocab)), where=seen > 0)
    expected = np.where(initial, (rate >= 0.5)[stream.ids], cap)
    got = capitalised(stream, texts)
    assert np.array_equal(got, expected)
    assert got[~initial].sum() > 0 and not got.all()


def test_surfaces_from_the_stream_as_from_the_text(bundled) -> None:
    """The wordings as spoken taken from the stream (plain spans), from the phrases' texts
    (spans left whole) and from the text (the others) equal reading every span from the text."""
    turns, stream, supports, levels = bundled
    rule = formulae_mod.edge_rule(stream, "function", formulae_mod.LevelCounts(stream, levels), 0.6, 0.5)
    listed = maximal_phrases(stream, [lv for lv in levels if lv.n >= 2], supports=supports, min_length=2,
                             candidate=rule)
    texts_of = stream.texts_of(listed.first, listed.n)
    family = np.arange(len(listed.n)) // 3  # families of three phrases: their spans overlap and merge
    label, rows, surface = formulae_mod._family_occurrences(turns, stream, family, listed, texts_of)
    end = listed.pos.astype(np.int64) + np.asarray(listed.n, dtype=np.int64)[listed.phrase]
    _, starts, ends, group, phrase = formulae_mod._merge_spans(family[listed.phrase], listed.pos, end,
                                                               listed.phrase)
    assert len(starts) < len(listed.pos)  # some spans merged
    texts = turns["text"].fillna("").astype(str).to_numpy()
    from_text = formulae_mod._surfaces(texts, dataclasses.replace(stream, plain_form=None), starts, ends,
                                       rows, group, phrase, texts_of, lower=True)
    assert surface.tolist() == from_text.tolist()
    assert (surface != np.asarray(texts_of, dtype=object)[phrase[np.r_[True, group[1:] != group[:-1]]]]).any()


def test_unique_counts_as_numpy_unique() -> None:
    from analysis.phrases.names import unique_counts

    rng = np.random.default_rng(5)
    for keys in (rng.integers(-5, 40, 2000), rng.integers(0, 3, 7).astype(np.int32), np.zeros(0, dtype=np.int64)):
        got, counts = unique_counts(keys)
        want, want_counts = np.unique(keys, return_counts=True)
        assert got.dtype == want.dtype and counts.dtype == want_counts.dtype
        assert got.tolist() == want.tolist() and counts.tolist() == want_counts.tolist()
