"""The window pairs of collocations (packed, sorted in place) equal the former kernel (positions,
np.unique) on small hand-made streams."""

from __future__ import annotations

import sys

import numpy as np
import pytest

colloc_mod = sys.modules.get("analysis.phrases.collocations") or __import__(
    "analysis.phrases.collocations", fromlist=["_window_pairs"])


def former_window_pairs(ids, seg_end, vsize, window):
    pos = np.arange(len(ids), dtype=np.int64)
    keys, counts = [], []
    for d in range(1, window):
        p = pos[pos + d < seg_end]
        k, c = np.unique(ids[p] * vsize + ids[p + d], return_counts=True)
        keys.append(k)
        counts.append(c)
    k = np.concatenate(keys)
    c = np.concatenate(counts)
    if window > 2:
        k, inv = np.unique(k, return_inverse=True)
        c = np.bincount(inv, weights=c, minlength=len(k)).astype(np.int64)
    return k, c


def test_pairs_of_a_hand_made_stream():
    # sentences "a b a b" and "b a": pairs (a,b) x2, (b,a) x2, nothing across the sentences
    ids = np.array([0, 1, 0, 1, 1, 0], dtype=np.int64)
    seg_end = np.array([4, 4, 4, 4, 6, 6], dtype=np.int32)
    keys, counts = colloc_mod._window_pairs(ids, seg_end, 2, 2)
    assert keys.tolist() == [1, 2] and counts.tolist() == [2, 2]
    keys, counts = colloc_mod._window_pairs(ids, seg_end, 2, 3)  # (a,a) and (b,b) two apart
    assert dict(zip(keys.tolist(), counts.tolist())) == {0: 1, 1: 2, 2: 2, 3: 1}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("window", [2, 3, 5])
def test_window_pairs_equal_the_former_kernel(seed, window):
    rng = np.random.default_rng(seed)
    lens = rng.integers(0, 7, size=rng.integers(0, 40))
    n = int(lens.sum())
    ids = rng.integers(0, 9, size=n).astype(np.int64)
    seg_end = np.repeat(np.cumsum(lens), lens).astype(np.int32)
    got = colloc_mod._window_pairs(ids, seg_end, 9, window)
    want = former_window_pairs(ids, seg_end, 9, window)
    for a, b in zip(got, want):
        assert a.dtype == b.dtype
        np.testing.assert_array_equal(a, b)
