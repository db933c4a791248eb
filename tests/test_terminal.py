"""Cells of the command line's tables (analysis._terminal)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis._terminal import format_column
from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.terms import term_frequencies


def test_missing_dates_read_undated_not_blank() -> None:
    cells, right = format_column(pd.Series(pd.to_datetime(["2019-05-01", None]), name="date"))
    assert cells == ["2019-05-01", "undated"] and right is False


def test_times_kept_when_any_value_has_one() -> None:
    cells, _ = format_column(pd.Series(pd.to_datetime(["2019-05-01 10:30", "2019-05-02 00:00"]), name="date"))
    assert cells == ["2019-05-01 10:30", "2019-05-02 00:00"]


def test_p_values_keep_their_scale() -> None:
    cells, right = format_column(pd.Series([0.5, 0.0004, 0.0], name="p_value"))
    assert cells == ["0.500", "4.0e-04", "<1e-300"] and right is True


# --------------------------------------------------------------------- the command line
MINI = str(Path(__file__).resolve().parent / "data" / "mini")


def _lines(capsys, monkeypatch, *argv: str) -> list[str]:
    monkeypatch.setenv("COLUMNS", "100")
    assert main([*argv, "--corpus", MINI]) == 0
    return capsys.readouterr().out.splitlines()


def test_min_count_that_leaves_few_rows_says_so(capsys, monkeypatch, mini_counts) -> None:
    least = int(mini_counts.sort_values(ascending=False).iloc[4])  # the fifth term's count
    n = int((mini_counts >= least).sum())
    assert 5 <= n < 20
    assert _lines(capsys, monkeypatch, "terms", "--min-count", str(least))[-1] == (
        f"Only {n} rows reach --min-count {least}; a lower value keeps more.")


def test_min_count_that_leaves_no_row_says_which_option(capsys, monkeypatch) -> None:
    assert _lines(capsys, monkeypatch, "terms", "--min-count", "100000") == [
        "(no rows: nothing reaches --min-count 100000; a lower value keeps more)"]


def test_no_note_when_the_top_is_full(capsys, monkeypatch) -> None:
    assert not any(line.startswith("Only ") for line in _lines(capsys, monkeypatch, "terms", "--min-count", "2"))


@pytest.fixture(scope="module")
def mini_counts() -> pd.Series:
    return term_frequencies(load_corpus(MINI))["count"]


def test_figures_only_takes_names_separated_by_commas(tmp_path, capsys) -> None:
    out = tmp_path / "figs"
    assert main(["figures", "--corpus", MINI, "--out", str(out), "--no-progress",
                 "--only", "overview_words_by_role, overview_words_by_speaker"]) == 0
    assert sorted(p.name for p in out.glob("*.png")) == ["overview_words_by_role.png", "overview_words_by_speaker.png"]
