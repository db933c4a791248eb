"""Figures over time on a collection of a few days: each is skipped with the periods the
collection has (one period holds no change to show), and drawn once it spans two. The formula
timeline goes by quarter; topics over time and the frame trends choose their period from the
dates (:func:`analysis.periods.period_for_span`): a week of briefings is skipped by week.

The collections are built in ``tmp_path`` from the bundled MFA briefings, which keep their
dates (file names and title lines).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import matplotlib.dates as mdates
import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.figures import DEFAULT_CORPUS, FigureRun, regenerate, registry
from analysis.gallery import FigureContext, NothingToDraw, require_periods
from analysis.plots import topics as ptp

pytestmark = pytest.mark.filterwarnings("ignore:figure .* skipped:UserWarning")

MFA = DEFAULT_CORPUS / "transcripts" / "mfa"
#: The figures drawn over time, skipped with fewer than two periods.
BY_QUARTER = ["rhetoric_frame_trends", "phrases_formula_timeline", "topics_over_time"]
#: The figures whose period is chosen from the dates (by week for a week of briefings).
BY_SPAN = ["rhetoric_frame_trends", "topics_over_time"]
#: Three briefings of one week of January 2019.
WEEK = ["2019-01-14", "2019-01-15", "2019-01-16"]
#: Twelve briefings, three in each of February to May 2019 (two quarters, four months).
TWO_QUARTERS = [d for m in ("02", "03", "04", "05") for d in
                sorted({p.name[:10] for p in MFA.glob(f"2019-{m}-*.txt")})[:3]]


def _collection(folder: Path, dates: list[str]) -> Path:
    """A folder of the bundled briefings of ``dates`` (no metadata.csv: dates from the files)."""
    folder.mkdir(parents=True)
    for day in dates:
        for f in MFA.glob(f"{day}_*.txt"):
            shutil.copy(f, folder / f.name)
    return folder


def _run(base: Path, dates: list[str], only: list[str], **options) -> FigureRun:
    corpus = _collection(base / "corpus", dates)
    return regenerate(corpus, base / "figures", only=only, progress=False, **options)


@pytest.fixture(scope="module")
def week(tmp_path_factory) -> FigureRun:
    return _run(tmp_path_factory.mktemp("week"), WEEK, [*BY_QUARTER, "terms_trends"])


@pytest.fixture(scope="module")
def two_quarters(tmp_path_factory) -> Path:
    return _collection(tmp_path_factory.mktemp("two_quarters") / "corpus", TWO_QUARTERS)


# =========================================================================== a week
@pytest.mark.parametrize("name", BY_QUARTER)
def test_a_week_skips_each_figure_over_time_naming_its_one_period(week: FigureRun, name: str) -> None:
    reason = week.skipped[name]
    period, label = ("week", "2019-01-14/2019-01-20") if name in BY_SPAN else ("quarter", "2019Q1")
    assert reason.startswith(f"needs dated transcripts in two or more {period}s"), reason
    assert f"this corpus has one, {label}" in reason, reason
    assert name not in week.drawn


def test_a_week_skips_the_term_trends_too(week: FigureRun) -> None:
    assert week.skipped["terms_trends"].endswith("this corpus has one year of dated transcripts, 2019")


def test_the_sizes_of_the_one_quarter_are_said_where_a_quarter_needs_enough(week: FigureRun) -> None:
    assert re.search(r"this corpus has one, 2019-01-14/2019-01-20 \(\d+ paragraphs\)$",
                     week.skipped["topics_over_time"])
    assert "with 5,000+ official words each" in week.skipped["rhetoric_frame_trends"]
    assert week.skipped["phrases_formula_timeline"] == ("needs dated transcripts in two or more quarters; "
                                                        "this corpus has one, 2019Q1")


def test_topics_over_time_is_skipped_before_a_topic_model_is_fitted(tmp_path: Path) -> None:
    """Without --k a topic model of three briefings would first choose k; the periods say why first."""
    ctx = FigureContext(load_corpus(_collection(tmp_path / "corpus", WEEK)))
    with pytest.raises(NothingToDraw, match="this corpus has one, 2019-01-14/2019-01-20"):
        registry()["topics_over_time"].make(ctx)
    assert "topics_model" not in ctx.cache and "topics_k_table" not in ctx.cache


# =========================================================================== two quarters
def test_two_quarters_draw_each_figure_by_quarter(two_quarters: Path, tmp_path: Path) -> None:
    run = regenerate(two_quarters, tmp_path / "figures", only=BY_QUARTER, progress=False, k=6)
    assert run.drawn == BY_QUARTER, run.skipped


def test_topics_over_time_axis_spans_the_periods_of_the_data(two_quarters: Path) -> None:
    """Three briefings in each of four months: four months hold 30+ paragraphs each, as many as
    the weeks do and more than the two quarters, so the bands are months (not quarters from
    January)."""
    ctx = FigureContext(load_corpus(two_quarters))
    ctx.cache["topic_options"] = {"k": 6, "min_df": 5}
    fig = registry()["topics_over_time"].make(ctx)
    lo, hi = (pd.Timestamp(mdates.num2date(x)).tz_localize(None) for x in fig.axes[0].get_xlim())
    assert (lo, hi) == (pd.Timestamp("2019-02-01"), pd.Timestamp("2019-05-01"))  # the months' starts
    assert fig.axes[0].get_xlabel().startswith("Month;")


def test_a_timeline_without_a_significant_trend_shows_the_most_rising_and_the_most_fading(two_quarters: Path) -> None:
    """Four months of twelve briefings: no trend is significant; the rows are the formulae of the
    highest and of the lowest tau, not the highest only (nor an alphabetical list)."""
    from analysis.gallery import phrases as gph

    ctx = FigureContext(load_corpus(two_quarters))
    fig = registry()["phrases_formula_timeline"].make(ctx)
    em = gph._emergence(ctx)
    assert not em["trend"].isin(["rising", "fading"]).any()
    shown = {t.get_text() for t in fig.axes[0].get_yticklabels()}
    assert shown & set(em.loc[em["tau"] > 0, "formula"]) and shown & set(em.loc[em["tau"] < 0, "formula"]), shown
    assert em["formula"].iloc[0] in shown and em["formula"].iloc[-1] in shown


def test_a_timeline_of_fewer_than_four_months_is_skipped(tmp_path: Path) -> None:
    """Two quarters, two months: no formula's monthly shares can be tested for a rise."""
    dates = sorted({p.name[:10] for p in MFA.glob("2019-03-2*.txt")})[-2:] + ["2019-04-01", "2019-04-02"]
    run = _run(tmp_path, dates, ["phrases_formula_timeline"])
    assert run.skipped["phrases_formula_timeline"] == (
        "needs dated transcripts in four or more months (a formula rises or fades over its monthly shares of "
        "transcripts); this corpus has two, 2019-03 and 2019-04")


def test_a_timeline_names_the_kind_of_transcript_it_follows(tmp_path: Path) -> None:
    """Briefings of one week and remarks of another quarter: the timeline follows the briefings."""
    run = _run(tmp_path, [*WEEK, "2019-08-05", "2019-08-06"], ["phrases_formula_timeline"])
    assert run.skipped["phrases_formula_timeline"] == (
        "needs dated transcripts in two or more quarters; this corpus's most common kind of transcript "
        "(regular_press_conference) has one, 2019Q1")


# =========================================================================== the pieces
def test_the_plot_of_one_period_says_so_instead_of_an_empty_axis_of_four_years() -> None:
    prevalence = pd.DataFrame({"period": pd.Timestamp("2020-04-01"), "topic": [1, 2], "label": ["a", "b"],
                               "share": [0.4, 0.6], "n_units": [40, 60], "n_cell": 100})
    with pytest.raises(ValueError, match="needs two or more periods with 30 or more units; got one, starting "
                                         "2020-04-01"):
        ptp.plot_topic_prevalence_over_time(prevalence)
    with pytest.raises(ValueError, match="got none"):
        ptp.plot_topic_prevalence_over_time(prevalence, min_units=500)


def test_require_periods_counts_the_periods_with_enough() -> None:
    require_periods(pd.Series({"2020Q1": 30, "2020Q2": 31}), 30)
    with pytest.raises(NothingToDraw) as exc:
        require_periods(pd.Series({"2020Q1": 1, "2020Q2": 31, "2020Q3": 0}), 30, unit="paragraphs")
    assert str(exc.value) == ("needs dated transcripts in two or more quarters with 30+ paragraphs each; "
                              "this corpus has two, 2020Q1 (1 paragraph) and 2020Q2 (31 paragraphs)")


def test_require_periods_names_the_largest_of_many() -> None:
    sizes = pd.Series({f"2020-{m:02d}": m for m in range(1, 13)})
    with pytest.raises(NothingToDraw) as exc:
        require_periods(sizes, 12, period="month", unit="words")
    assert str(exc.value).endswith("this corpus has 12, the largest 2020-12 (12 words) and 2020-11 (11 words)")


def test_a_timeline_of_dates_that_give_years_only_goes_by_year(tmp_path: Path) -> None:
    """Found: UN General Debate speeches dated by a name pattern's {year} (1 January each) were
    drawn 'per quarter', their trends tested on 'monthly' shares, with a warning for each. Dates
    that give years only make a timeline by year, tested on yearly shares, without a warning."""
    import warnings

    from analysis.gallery import phrases as gph

    folder = tmp_path / "yearly"
    folder.mkdir()
    files = [f for day in TWO_QUARTERS for f in sorted(MFA.glob(f"{day}_*.txt"))]
    for year, f in zip(range(2000, 2000 + len(files)), files):
        shutil.copy(f, folder / f"briefing_{year}.txt")
    ctx = FigureContext(load_corpus(folder, name_pattern="briefing_{year}"))
    assert set(ctx.turns["date"].dt.strftime("%m-%d")) == {"01-01"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = registry()["phrases_formula_timeline"].make(ctx)
    assert gph._periods(ctx) == ("Y", "Y")
    assert fig.axes[0].get_xlabel().startswith("Year;") and "per year" in fig.axes[0].get_title()
    em = gph._emergence(ctx)
    assert em["tau"].notna().any()
