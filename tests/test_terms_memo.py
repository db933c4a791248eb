"""The term counts of a corpus are counted once for all its term tables: a second table by
another grouping reads them; the tables equal fresh ones; a caller's matrix is its own."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis.terms._base as base
from analysis.terms import document_term_matrix, keyness, term_frequencies

TURNS = pd.DataFrame({"transcript_id": ["t1", "t1", "t2", "t2"], "role": ["official", "questioner"] * 2,
                      "year": [2019, 2019, 2020, 2020],
                      "text": ["Trade talks resumed today.", "Trade and tariffs?", "Talks, talks and more talks.",
                               "What about tariffs?"]})


@pytest.fixture()
def counted(monkeypatch):
    """The number of times terms were counted afresh, the memo emptied first."""
    base._COUNTED.clear()
    calls = []
    real = base._count_rows

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(base, "_count_rows", counting)
    yield calls
    base._COUNTED.clear()


def test_tables_by_several_groupings_count_once(counted):
    by_role = term_frequencies(TURNS, by="role")
    by_year = term_frequencies(TURNS, by="year")
    key = keyness(TURNS, "official", min_count=1)
    assert len(counted) == 1
    base._COUNTED.clear()
    pd.testing.assert_frame_equal(by_year, term_frequencies(TURNS, by="year"), check_exact=True)
    pd.testing.assert_frame_equal(by_role, term_frequencies(TURNS, by="role"), check_exact=True)
    pd.testing.assert_frame_equal(key, keyness(TURNS, "official", min_count=1), check_exact=True)


def test_other_texts_or_options_count_again(counted):
    term_frequencies(TURNS, by="role")
    term_frequencies(TURNS.assign(text=TURNS["text"].str.replace("today", "now")), by="role")
    term_frequencies(TURNS, by="role", lemmas=True)
    term_frequencies(TURNS, by="role", stop_words=False)
    assert len(counted) == 4


def test_a_returned_matrix_is_the_callers_own(counted):
    first = document_term_matrix(TURNS, min_df=1)
    first.matrix.data[:] = 99  # a user's in-place change
    again = document_term_matrix(TURNS, min_df=1)
    assert len(counted) == 1 and again.matrix.max() == 3  # "talks" 3 times in the third turn
    base._COUNTED.clear()
    assert (again.matrix != document_term_matrix(TURNS, min_df=1).matrix).nnz == 0
