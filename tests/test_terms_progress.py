"""progress= on the term tables: a line while the terms are counted, the same table, nothing
shown without it."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms import distinctive_terms, document_term_matrix, keyness, term_frequencies

TURNS = pd.DataFrame({"transcript_id": ["t1", "t1", "t2", "t2"], "role": ["official", "questioner"] * 2,
                      "speaker": ["Lu", "Q", "Geng", "Q"],
                      "text": ["Trade talks resumed today.", "Trade and tariffs?", "Talks, talks and more talks.",
                               "What about tariffs?"]})

CALLS = {
    "term_frequencies": lambda **kw: term_frequencies(TURNS, by="role", **kw),
    "keyness": lambda **kw: keyness(TURNS, "official", by="role", min_count=1, **kw),
    "distinctive_terms": lambda **kw: distinctive_terms(TURNS, "official", by="role", min_count=1, **kw),
    "document_term_matrix": lambda **kw: document_term_matrix(TURNS, **kw),
}


def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    else:
        assert (a.matrix != b.matrix).nnz == 0 and list(a.vocabulary) == list(b.vocabulary)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_progress_line_names_the_step_and_changes_nothing(name, capsys):
    quiet = CALLS[name]()
    assert capsys.readouterr().err == ""
    shown = CALLS[name](progress=True)
    err = capsys.readouterr().err
    assert f"{name}: counting terms in 4 texts" in err
    _same(shown, quiet)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_progress_must_be_a_bool(name):
    with pytest.raises((TypeError, ValueError), match="progress"):
        CALLS[name](progress="yes")
