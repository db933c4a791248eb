"""N-gram counts with ``min_rows`` built from one cell per (row, n-gram) rather than one entry
per occurrence: the same vocabulary and counts as counting every occurrence and keeping the
n-grams of ``min_rows`` rows, checked by hand on small texts and against the full count on the
bundled corpus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.terms import keyness, rising_terms
from analysis.terms._base import _cells, count_rows
from analysis.token_options import TokenOptions

TEXTS = ["peace war peace war", "peace war trade", "trade talks"]


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)


@pytest.fixture(scope="module")
def bundled():
    from analysis import load_corpus

    return load_corpus("data").turns()


def _dense(counted) -> list[list[int]]:
    return counted.matrix.toarray().tolist()


def test_cells_hand_checked():
    rows = np.array([2, 0, 0, 1, 0, 2], dtype=np.int64)
    cols = np.array([1, 3, 0, 1, 3, 1], dtype=np.int64)
    r, c, k = _cells(rows * 4 + cols, 4)
    assert r.tolist() == [0, 0, 1, 2] and c.tolist() == [0, 3, 1, 1] and k.tolist() == [1, 2, 1, 2]
    assert k.dtype == np.int64
    r, c, k = _cells(np.zeros(0, dtype=np.int64), 0)
    assert len(r) == len(c) == len(k) == 0


def test_min_rows_two_hand_checked():
    frame = pd.DataFrame({"text": TEXTS})
    opts = TokenOptions(ngram_range=(1, 2), stop_words=False)
    full = count_rows(frame, opts, min_rows=1)
    assert full.vocabulary.tolist() == ["peace", "peace war", "talks", "trade", "trade talks", "war",
                                        "war peace", "war trade"]
    assert _dense(full) == [[2, 2, 0, 0, 0, 2, 1, 0], [1, 1, 0, 1, 0, 1, 0, 1], [0, 0, 1, 1, 1, 0, 0, 0]]
    pruned = count_rows(frame, opts, min_rows=2)
    # "peace", "peace war" and "war" are in rows 0 and 1, "trade" in rows 1 and 2; the others in one row
    assert pruned.vocabulary.tolist() == ["peace", "peace war", "trade", "war"]
    assert _dense(pruned) == [[2, 2, 0, 2], [1, 1, 1, 1], [0, 0, 1, 0]]
    assert pruned.n_words.tolist() == [4, 3, 2]
    assert count_rows(frame, opts, min_rows=4).vocabulary.tolist() == []
    assert count_rows(frame, opts, min_rows=4).matrix.shape == (3, 0)


@pytest.mark.parametrize("opts", [TokenOptions(ngram_range=(1, 2)), TokenOptions(ngram_range=(2, 3), stop_words=False),
                                  TokenOptions(ngram_range=(1, 3), lowercase=False)])
@pytest.mark.parametrize("min_rows", [2, 3, 7])
def test_min_rows_equals_full_count_restricted(bundled, opts, min_rows):
    """No count lost or changed: the pruned matrix is the full one's columns of min_rows rows."""
    full = count_rows(bundled, opts, min_rows=1)
    pruned = count_rows(bundled, opts, min_rows=min_rows)
    keep = np.flatnonzero(np.diff(full.matrix.tocsc().indptr) >= min_rows)
    assert 0 < len(keep) < len(full.vocabulary)
    assert pruned.vocabulary.tolist() == full.vocabulary[keep].tolist()
    expected = full.matrix[:, keep].tocsr()
    m = pruned.matrix
    assert m.has_canonical_format and m.dtype == np.int64 and m.shape == expected.shape
    assert m.indices.dtype == expected.indices.dtype
    assert np.array_equal(m.indptr, expected.indptr) and np.array_equal(m.indices, expected.indices)
    assert np.array_equal(m.data, expected.data)
    assert np.array_equal(pruned.n_words, full.n_words)


def test_rising_terms_equal_keyness_of_every_term(bundled):
    """rising_terms' keyness (min_count=min_parts, terms of fewer rows never counted) keeps the
    rows of the full table that pass min_parts, with the same values."""
    table = keyness(bundled, by="year", compare="previous", min_parts=3, ngram_range=(1, 2), min_count=3)
    full = keyness(bundled, by="year", compare="previous", ngram_range=(1, 2), min_count=3)
    full = full[full["n_parts_target"] >= 3].reset_index(drop=True)
    cols = [c for c in table.columns if c != "p_adjusted" and c != "significant"]
    pd.testing.assert_frame_equal(table[cols], full[cols], check_exact=True)
    first = rising_terms(bundled, by="year")
    assert len(first) and first["score"].gt(0).all()
    pd.testing.assert_frame_equal(first, rising_terms(bundled, by="year"), check_exact=True)
