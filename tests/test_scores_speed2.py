"""MTLD-MA-Bi keeps the type counts ``V(x, y)`` of the segments from the current start and, from
one start to the next, lowers those before the next occurrence of the departing token's type
and looks for the first factor end among them in one vector pass (:func:`_lower_and_find`).
The ends found must be those of reading every start to its end with a set of the types seen,
exactly, on streams shaped to reach every branch: the end found among the lowered counts, at
the previous end, after it, a previous start without a factor, a factor end right at the
shortest length, streams shorter than ``min_factor``."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.rhetoric import diversity as div_mod
from test_scores_speed import _neighbours


def _every_start(codes: np.ndarray, threshold: float, min_factor: int) -> tuple[int, int]:
    """Summed length and number of the forward factors, each start read to its end with a set
    and the division itself (``len(seen) / length < threshold``)."""
    total = n_factors = 0
    for x in range(len(codes)):
        seen: set[int] = set()
        for y in range(x, len(codes)):
            seen.add(int(codes[y]))
            length = y - x + 1
            if length >= min_factor and len(seen) / length < threshold:
                total += length
                n_factors += 1
                break
    return total, n_factors


def _direction(codes: np.ndarray, threshold: float, min_factor: int, dtype=np.int32) -> tuple[int, int]:
    prev, nxt = _neighbours(codes)
    limit = div_mod._limits(max(len(codes), 1), threshold).astype(dtype)
    got = div_mod._ma_direction(prev, nxt, len(codes), limit, min_factor)
    return int(got[0]), int(got[1])


def _shaped(rng: np.random.Generator) -> np.ndarray:
    """A stream of runs: repeated words (factors end early), runs of new words (rare types
    depart, long stretches without an end), and a tail of distinct words (starts without a factor)."""
    parts, fresh = [], 10_000
    for _ in range(int(rng.integers(1, 8))):
        kind = int(rng.integers(0, 3))
        size = int(rng.integers(0, 120))
        if kind == 0:
            parts.append(rng.integers(0, int(rng.integers(1, 6)), size))
        elif kind == 1:
            parts.append(np.arange(fresh, fresh + size))
            fresh += size
        else:
            parts.append(rng.zipf(1.3, size) % 50)
    return np.concatenate(parts).astype(np.int64) if parts else np.zeros(0, np.int64)


class TestLowerAndFind:
    @pytest.mark.parametrize("seed", range(5))
    def test_lowers_the_range_and_finds_the_first_end(self, seed):
        rng = np.random.default_rng(seed)
        n = 200
        limit = div_mod._limits(n + 2, float(rng.choice([0.3, 0.72, 0.9]))).astype(np.int32)
        hits = misses = 0
        for _ in range(300):
            x = int(rng.integers(0, n - 1))
            lo = int(rng.integers(x, n))
            b = int(rng.integers(lo, n + 1))
            v = rng.integers(0, n, n).astype(np.int32)
            v[lo:b] = np.minimum(limit[np.arange(lo, b) - x + 1] + rng.integers(0, 3, b - lo), n).astype(np.int32)
            want_v = v.copy()
            want_v[lo:b] -= 1
            ends = [y for y in range(lo, b) if want_v[y] < limit[y - x + 1]]
            got = div_mod._lower_and_find(v, limit, x, lo, b)
            assert int(got) == (ends[0] if ends else -1)
            np.testing.assert_array_equal(v, want_v)  # only [lo, b) lowered, by one
            hits += bool(ends)
            misses += not ends
        assert hits > 20 and misses > 20  # both outcomes were met

    def test_hand_checked(self):
        limit = np.array([0, 1, 2, 3, 3, 4, 5, 6], np.int32)  # ceil(0.72 n) for n = 0..7
        v = np.array([9, 9, 4, 4, 5, 9], np.int32)
        # start x = 0: positions 2..4 hold 4, 4, 5 types; lowered to 3, 3, 4 against limits 3, 3, 4
        assert div_mod._lower_and_find(v, limit, 0, 2, 5) == -1
        np.testing.assert_array_equal(v, [9, 9, 3, 3, 4, 9])
        # lowered again: 2 < limit[3] = 3 at position 2 comes first
        assert div_mod._lower_and_find(v, limit, 0, 2, 5) == 2
        np.testing.assert_array_equal(v, [9, 9, 2, 2, 3, 9])
        assert div_mod._lower_and_find(v, limit, 0, 3, 3) == -1  # an empty range changes nothing
        np.testing.assert_array_equal(v, [9, 9, 2, 2, 3, 9])


class TestDirection:
    @pytest.mark.parametrize("seed", range(6))
    @pytest.mark.parametrize(("threshold", "min_factor"), [(0.72, 10), (0.72, 1), (0.5, 4), (0.9, 2), (0.3, 30)])
    def test_shaped_streams_equal_every_start_read_to_its_end(self, seed, threshold, min_factor):
        rng = np.random.default_rng(100 + seed)
        found = 0
        for _ in range(8):
            codes = _shaped(rng)
            want = _every_start(codes, threshold, min_factor)
            assert _direction(codes, threshold, min_factor) == want
            assert _direction(codes, threshold, min_factor, np.int64) == want  # either width of limits
            found += want[1]
        assert found > 0

    @pytest.mark.parametrize("text", ["a b c d e f g h i j k l m n o p q r s t",  # no factor at all
                                      "a a a a a a a a a a a a a a",  # every factor as short as allowed
                                      "a b c d e f g h i j a b c d e f g h i j a b c",
                                      "x y z " * 3 + "a b c d e f g h i j k l m n o p",  # then no factor
                                      "a b", ""])
    @pytest.mark.parametrize(("threshold", "min_factor"), [(0.72, 10), (0.72, 3), (0.5, 1), (0.72, 40)])
    def test_hand_made_streams(self, text, threshold, min_factor):
        codes = div_mod._codes(text.split())
        assert _direction(codes, threshold, min_factor) == _every_start(codes, threshold, min_factor)

    def test_hand_counted(self):
        # 'a a a b': with min_factor 2 and 0.72, each start ends at its second token while the
        # types stay at 1 of 2 (starts 0, 1); start 2 reads 'a b' (2 of 2) and start 3 is too short
        codes = div_mod._codes("a a a b".split())
        assert _direction(codes, 0.72, 2) == (4, 2)
        assert _direction(codes, 0.72, 5) == (0, 0)

    def test_mtld_ma_bi_on_shaped_streams(self):
        rng = np.random.default_rng(3)
        for _ in range(10):
            codes = _shaped(rng)
            tokens = [str(c) for c in codes.tolist()]
            fwd = _every_start(codes, 0.72, 10)
            bwd = _every_start(codes[::-1], 0.72, 10)
            want = (fwd[0] / fwd[1] + bwd[0] / bwd[1]) / 2 if fwd[1] and bwd[1] else float("nan")
            got = div_mod.mtld_ma_bi(tokens)
            assert (np.isnan(got) and np.isnan(want)) or got == want
