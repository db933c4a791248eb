"""The x-ray's year marks sit where each year's speech begins in the corpus, and years with no
transcript between the first and the last are named under the axis."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from analysis.plots.terms import _year_list, plot_dispersion  # noqa: E402
from analysis.terms import term_positions  # noqa: E402

TURNS = pd.DataFrame({
    "transcript_id": ["a", "b", "c", "d"],
    "date": pd.to_datetime(["2019-05-01", "2020-02-01", "2020-09-01", "2022-03-01"]),
    "text": ["Trade talks today.", "No trade news here at all.", "Tariffs rose again.", "Trade and tariffs."],
})


def test_year_starts_are_the_first_word_of_each_year():
    pos = term_positions(TURNS, ["tariffs"])
    assert pos["offset"].tolist() == [9, 14]
    assert pos.attrs["year_starts"] == {2019: 0, 2020: 3, 2022: 12}  # 2020 begins before any use of "tariffs"


def test_the_plot_marks_each_year_start_and_names_the_missing_year():
    fig = plot_dispersion(term_positions(TURNS, ["tariffs", "trade"]))
    ax = fig.axes[0]
    top = [a for a in fig.axes[0].child_axes][0]
    assert list(top.get_xticks()) == [0, 3, 12]
    assert [t.get_text() for t in top.get_xticklabels()] == ["2019", "2020", "2022"]
    assert ax.get_xlabel() == "Position in the corpus (words); no transcript in 2021"


def test_no_missing_year_no_note_and_undated_turns_no_marks():
    fig = plot_dispersion(term_positions(TURNS.iloc[:3], ["trade"]))
    assert fig.axes[0].get_xlabel() == "Position in the corpus (words)"
    fig = plot_dispersion(term_positions(TURNS.drop(columns="date"), ["trade"]))
    assert not fig.axes[0].child_axes and "year_starts" not in term_positions(TURNS.drop(columns="date"), ["trade"]).attrs


def test_year_list():
    assert _year_list([2021]) == "2021"
    assert _year_list([2009, 2010, 2011, 2015]) == "2009-2011 and 2015"
    assert _year_list([2001, 2003, 2005]) == "2001, 2003 and 2005"
