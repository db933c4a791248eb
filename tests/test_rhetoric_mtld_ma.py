"""MTLD-MA-Bi counts a segment's types from each token's previous and next occurrence (one
comparison per token, no marks): its values must be those of reading each segment with a set
of the types seen, exactly, on hand-written texts and on random streams of every shape."""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.rhetoric import diversity as div_mod
from analysis.rhetoric import mtld_ma_bi


def _marked_direction(codes: list[int], threshold: float, min_factor: int) -> float:
    """The mean factor length from every start, reading one way with a set of the types seen."""
    total = n_factors = 0
    for x in range(len(codes)):
        seen: set[int] = set()
        for y in range(x, len(codes)):
            seen.add(codes[y])
            length = y - x + 1
            if length >= min_factor and len(seen) / length < threshold:
                total += length
                n_factors += 1
                break
    return total / n_factors if n_factors else float("nan")


def _reference(codes: list[int], threshold: float, min_factor: int) -> float:
    return (_marked_direction(codes, threshold, min_factor) + _marked_direction(codes[::-1], threshold, min_factor)) / 2


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


TEXTS = [
    "the cat sat on the mat and the dog sat on the log",
    "we will we will we will rock you and we will we will go on",
    "a b c d e f g h i j a b c d e f g h i j a b c d e f g h i j",
    "one two three",
    "peace peace peace peace peace peace peace peace peace peace peace",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(("threshold", "min_factor"), [(0.72, 10), (0.72, 1), (0.5, 3), (0.9, 2), (1 / 3, 4)])
def test_hand_written_texts_equal_the_marked_reading(text, threshold, min_factor):
    toks = text.split()
    codes = div_mod._codes(toks).tolist()
    assert _same(mtld_ma_bi(toks, threshold=threshold, min_factor=min_factor),
                 _reference(codes, threshold, min_factor))


def test_known_value():
    assert mtld_ma_bi(list("abcdefghij" * 3)) == 14.0


@pytest.mark.parametrize("seed", range(4))
def test_streams_equal_the_marked_reading(seed):
    rng = np.random.default_rng(seed)
    streams = [rng.zipf(1.2 + rng.random(), size=int(rng.integers(0, 160))) % int(rng.integers(1, 50))
               for _ in range(9)]
    codes = np.concatenate(streams).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum([len(x) for x in streams])]).astype(np.int64)
    for threshold, min_factor in ((0.72, 10), (0.5, 2), (0.9, 1), (0.3, 40)):
        got = div_mod._mtld_ma_bi_streams(codes, offsets, threshold, min_factor, int(codes.max()) + 1)
        want = [_reference(s.tolist(), threshold, min_factor) for s in streams]
        assert all(_same(float(a), b) for a, b in zip(got, want))
