"""analysis.periods: the one place that buckets dates into days, weeks, months, quarters, years."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import periods as pr

ANALYSIS = Path(__file__).resolve().parents[1] / "analysis"

# 2019-03-04 is a Monday, 2019-03-10 a Sunday; 2020 is a leap year.
DATES = pd.Series(pd.to_datetime(["2019-03-04 00:00", "2019-03-10 23:59", "2019-03-11 08:00", None,
                                  "2019-05-31 12:00", "2019-12-31 00:00", "2020-02-29 06:30"]),
                  index=[10, 11, 12, 13, 14, 15, 16], name="date")


def ts(values):
    return [pd.NaT if v is None else pd.Timestamp(v) for v in values]


@pytest.mark.parametrize("freq, expected", [
    ("week", ["2019-03-04", "2019-03-04", "2019-03-11", None, "2019-05-27", "2019-12-30", "2020-02-24"]),
    ("month", ["2019-03-01", "2019-03-01", "2019-03-01", None, "2019-05-01", "2019-12-01", "2020-02-01"]),
    ("quarter", ["2019-01-01", "2019-01-01", "2019-01-01", None, "2019-04-01", "2019-10-01", "2020-01-01"]),
    ("year", ["2019-01-01", "2019-01-01", "2019-01-01", None, "2019-01-01", "2019-01-01", "2020-01-01"]),
    ("day", ["2019-03-04", "2019-03-10", "2019-03-11", None, "2019-05-31", "2019-12-31", "2020-02-29"]),
])
def test_period_start_by_hand(freq, expected):
    got = pr.period_start(DATES, freq)
    assert got.tolist() == ts(expected)
    assert got.dtype == "datetime64[ns]"
    assert got.index.tolist() == DATES.index.tolist()  # the caller's rows, in its order
    assert pr.period_start(DATES, pr.DATE_BUCKETS[freq]).tolist() == ts(expected)  # the alias says the same


def test_period_start_weeks_start_on_monday_as_in_pandas():
    week = pd.Series(pd.date_range("2019-03-03", "2019-03-11", freq="D"))  # Sunday to the next Monday
    got = pr.period_start(week, "W")
    assert [d.day_name() for d in got] == ["Monday"] * len(week)
    assert got.tolist() == ts(["2019-02-25"] + ["2019-03-04"] * 7 + ["2019-03-11"])


def test_period_start_quarter_starts():
    dates = pd.Series(pd.to_datetime(["2019-01-01", "2019-03-31", "2019-04-01", "2019-06-30", "2019-07-01",
                                      "2019-09-30", "2019-10-01", "2019-12-31"]))
    assert pr.period_start(dates, "Q").tolist() == ts(["2019-01-01"] * 2 + ["2019-04-01"] * 2 + ["2019-07-01"] * 2
                                                      + ["2019-10-01"] * 2)


def test_period_start_other_pandas_aliases():
    dates = pd.Series(pd.to_datetime(["2019-02-15", "2019-11-15"]))
    assert pr.period_start(dates, "Q-JAN").tolist() == ts(["2019-02-01", "2019-11-01"])  # fiscal quarters
    assert pr.period_start(dates, "W-MON").tolist() == ts(["2019-02-12", "2019-11-12"])  # weeks ending Monday


def test_period_start_reads_values_and_lists():
    assert pr.period_start(["2019-03-05", None], "month").tolist() == ts(["2019-03-01", None])
    assert pr.period_start(pd.Index(pd.to_datetime(["2019-08-09"])), "Y").tolist() == ts(["2019-01-01"])
    assert pr.period_start(pd.Series([], dtype="datetime64[ns]"), "Q").tolist() == []


def test_day_keeps_resolution_and_time_zone_an_alias_does_not():
    secs = pd.Series(pd.to_datetime(["2019-03-05 14:30"])).astype("datetime64[s]")
    assert pr.period_start(secs, "day").dtype == "datetime64[s]"
    assert pr.period_start(secs, "D").dtype == "datetime64[ns]"
    aware = pd.Series(pd.to_datetime(["2019-03-05 14:30"]).tz_localize("Asia/Shanghai"))
    assert pr.period_start(aware, "day").tolist() == [pd.Timestamp("2019-03-05", tz="Asia/Shanghai")]


def test_the_same_as_pandas_periods():
    for freq, alias in pr.DATE_BUCKETS.items():
        old = DATES.dt.to_period(alias).dt.start_time
        if freq == "day":
            old = DATES.dt.normalize()
        pd.testing.assert_series_equal(pr.period_start(DATES, freq), old)
        pd.testing.assert_series_equal(pr.to_periods(DATES, freq), DATES.dt.to_period(alias))


def test_period_label():
    got = pr.period_label(DATES, "month")
    assert got.tolist() == ["2019-03", "2019-03", "2019-03", None, "2019-05", "2019-12", "2020-02"]
    assert got.dtype == object and got.index.tolist() == DATES.index.tolist()
    assert pr.period_label(DATES, "Q").tolist() == ["2019Q1", "2019Q1", "2019Q1", None, "2019Q2", "2019Q4", "2020Q1"]
    assert pr.period_label(DATES, "year").tolist() == ["2019"] * 3 + [None] + ["2019", "2019", "2020"]
    assert pr.period_label(["2019-03-05"], "week").tolist() == ["2019-03-04/2019-03-10"]
    assert pr.period_label(["2019-03-05 14:30"], "day").tolist() == ["2019-03-05"]
    assert pr.period_label([None, None], "Q").tolist() == [None, None]


def test_to_periods_and_alias():
    got = pr.to_periods(DATES, "quarter")
    assert str(got.dtype) == "period[Q-DEC]"
    assert got.isna().tolist() == [False, False, False, True, False, False, False]
    assert pr.period_alias("week") == "W" and pr.period_alias("Q") == "Q" and pr.period_alias("2M") == "2M"
    assert pr.DATE_BUCKETS == {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def test_unknown_period_and_not_a_date():
    with pytest.raises(ValueError):
        pr.period_start(DATES, "fortnight")
    with pytest.raises(ValueError):
        pr.period_label(["not a date"], "month")


def test_start_text():
    assert pr.start_text(pd.Timestamp("2019-04-01")) == "2019-04-01"
    assert pr.start_text(pd.Timestamp("2019-04-01").to_datetime64()) == "2019-04-01"


def test_date_buckets_has_one_home():
    from analysis import cli
    from analysis.terms import _base, trends

    assert cli.DATE_BUCKETS is pr.DATE_BUCKETS
    assert _base.DATE_BUCKETS is pr.DATE_BUCKETS
    assert trends.DATE_BUCKETS is pr.DATE_BUCKETS


def test_no_other_module_buckets_dates():
    """Every date is bucketed by analysis.periods: no other module calls ``.to_period(`` or
    spells out the bucket table."""
    offenders = []
    for path in sorted(ANALYSIS.rglob("*.py")):
        if path.name == "periods.py" and path.parent == ANALYSIS:
            continue
        source = path.read_text(encoding="utf-8")
        for needle in (".to_period(", 'DATE_BUCKETS = {'):
            if needle in source:
                offenders.append(f"{path.relative_to(ANALYSIS.parent)}: {needle}")
    assert offenders == []


@pytest.mark.parametrize("freq", ["day", "week", "month", "quarter", "D", "W", "M", "Q", "2M"])
def test_dates_from_a_year_alone_warn_when_grouped_finer_than_a_year(freq):
    """Found: a name pattern's {year} dates every UN speech 1 January, and grouping them by
    month put all of them in January without a word."""
    years = pd.Series(pd.to_datetime(["1990-01-01", "2008-01-01", None, "2008-01-01"]))
    with pytest.warns(UserWarning, match=r"every date falls on 1 January \(2 years, 1990-2008\).*group by 'year'"):
        pr.period_start(years, freq)
    with pytest.warns(UserWarning, match="1 January"):
        pr.period_label(years, freq)


@pytest.mark.parametrize("dates, freq", [
    (["1990-01-01", "2008-01-01"], "year"),            # a year is what they say
    (["1990-01-01", "2008-01-01"], "Y"),
    (["1990-01-01", "2008-01-01"], "2Y"),
    (["2008-01-01", "2008-01-01"], "month"),           # one date: a New Year's speech, not a year alone
    (["2008-01-01", "2008-01-02"], "month"),           # a day that is not 1 January
    (["2008-01-01", "2009-02-01"], "month"),
    ([], "month"),
    ([None, None], "month"),
])
def test_no_warning_where_the_dates_may_say_more(dates, freq):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pr.period_start(pd.Series(pd.to_datetime(pd.Series(dates, dtype=object))), freq)


def test_period_for_span_does_not_warn_while_it_tries_buckets():
    years = pd.Series(pd.to_datetime([f"{y}-01-01" for y in range(1990, 2000)]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert pr.period_for_span(years) == "year"
