"""Tests of analysis.explore (the views behind the Jupyter explorer)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.explore import term_report

TURNS = pd.DataFrame({
    "transcript_id": ["a", "a", "b", "b"],
    "date": pd.to_datetime(["2020-01-05", "2020-01-05", "2020-07-01", "2020-07-01"]),
    "speaker": ["X", "J", "X", "Y"],
    "role": ["official", "questioner", "official", "official"],
    "turn_index": [0, 1, 0, 1],
    "path": ["a.txt", "a.txt", "b.txt", "b.txt"],
    "line": [1, 3, 1, 3],
    "n_words": [6, 4, 5, 5],
    "text": ["We firmly oppose internal interference.", "Do you oppose it?",
             "Internal affairs are internal affairs.", "We oppose that firmly."],
})


class TestTermReport:
    def test_word(self) -> None:
        r = term_report(TURNS, "oppose")
        assert r.n_matches == 3
        assert r.users[["speaker", "matches", "words"]].values.tolist() == [["J", 1, 4], ["X", 1, 11], ["Y", 1, 5]]
        assert r.users["per_10k"].tolist() == pytest.approx([2_500, 10_000 / 11, 2_000])

    def test_phrase_and_trend_counts_agree(self) -> None:
        r = term_report(TURNS, "internal affairs", freq="quarter")
        assert r.n_matches == 2
        assert int(r.trends["count"].sum()) == r.n_matches

    def test_wildcard(self) -> None:
        assert term_report(TURNS, "firm*").n_matches == 2

    def test_no_match(self) -> None:
        r = term_report(TURNS, "sovereignty")
        assert r.n_matches == 0 and r.users.empty

    def test_bad_freq(self) -> None:
        with pytest.raises(ValueError, match=r"term_report\(\): freq must be one of"):
            term_report(TURNS, "oppose", freq="week")
