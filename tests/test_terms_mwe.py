"""Multiword expressions merged into one token (analysis.terms.mwe)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.terms.mwe import _accepted_mask


def _greedy(starts, size):
    kept, free = [], 0
    for i in starts.tolist():
        if i >= free:
            kept.append(i)
            free = i + int(size[i])
    return kept


@pytest.mark.parametrize("seed", range(20))
def test_accepted_equals_the_left_to_right_walk(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    size = np.where(rng.random(n) < 0.4, rng.integers(2, 6, n), 0)
    starts = np.flatnonzero(size)
    assert starts[_accepted_mask(starts, starts + size[starts])].tolist() == _greedy(starts, size)


def test_accepted_by_hand():
    size = np.zeros(12, dtype=np.int64)
    size[[0, 1, 2, 5, 6, 9]] = [3, 2, 2, 2, 4, 2]
    # 0-2 kept; 1 and 2 inside it; 5 kept; 6 inside 5-6; 9 after 6-9 ends
    starts = np.flatnonzero(size)
    assert starts[_accepted_mask(starts, starts + size[starts])].tolist() == [0, 5, 9]
    assert _accepted_mask(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)).tolist() == []
