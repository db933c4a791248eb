"""Calendar periods of dates: the one place that buckets a date to its day, week, month,
quarter or year.

A period is named either by a bucket name (:data:`DATE_BUCKETS`: ``"day"``, ``"week"``,
``"month"``, ``"quarter"``, ``"year"``, the names of the ``--by`` groupings and of
:func:`analysis.terms.term_trends`) or by a pandas period alias (``"D"``, ``"W"``, ``"M"``,
``"Q"``, ``"Y"``, ``"2Q"``...). Weeks run Monday to Sunday (pandas' ``"W"``, i.e.
``"W-SUN"``, names a week by its last day). Missing dates stay missing (NaT, or None for
labels).

>>> dates = pd.Series(pd.to_datetime(["2019-03-05", None, "2019-11-30"]))
>>> period_start(dates, "quarter").tolist()
[Timestamp('2019-01-01 00:00:00'), NaT, Timestamp('2019-10-01 00:00:00')]
>>> period_label(dates, "Q").tolist()
['2019Q1', None, '2019Q4']

The module imports nothing from the rest of the package, so any layer may use it.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import pandas as pd

__all__ = ["DATE_BUCKETS", "SPAN_BUCKETS", "period_alias", "to_periods", "period_start", "period_label",
           "start_text", "MIN_SPAN_PERIODS", "period_for_span", "period_noun", "years_only"]

#: Bucket names and the pandas period alias of each. Where a frame has no column of that
#: name, ``"month"`` and the others group its turns by the start of the ``date``'s period.
DATE_BUCKETS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def period_alias(freq: str) -> str:
    """The pandas period alias of a bucket name; any other string as given.

    Examples
    --------
    >>> period_alias("month"), period_alias("Q"), period_alias("2M")
    ('M', 'Q', '2M')
    """
    return DATE_BUCKETS.get(freq, freq)


def _dates(dates: Any) -> pd.Series:
    """``dates`` (a Series keeps its index and name; any other array-like is numbered 0...)
    as datetimes, parsed by :func:`pandas.to_datetime` unless they already are."""
    return pd.to_datetime(dates if isinstance(dates, pd.Series) else pd.Series(dates))


def to_periods(dates: Any, freq: str) -> pd.Series:
    """The period of every date (a ``period[...]`` Series; NaT where the date is missing).

    Parameters
    ----------
    dates : pandas.Series or array-like
        Datetimes, or values :func:`pandas.to_datetime` reads. A Series keeps its index.
    freq : str
        A bucket name (``"month"``...) or a pandas period alias (``"M"``...).

    Returns
    -------
    pandas.Series

    Raises
    ------
    ValueError
        ``freq`` names no period (from pandas), or a value is not a date.

    Examples
    --------
    >>> to_periods(["2019-03-05", "2019-03-10", None], "week").astype(str).tolist()
    ['2019-03-04/2019-03-10', '2019-03-04/2019-03-10', 'NaT']
    """
    dated = _dates(dates)
    _warn_if_years_only(dated, freq)
    return dated.dt.to_period(period_alias(freq))


def years_only(dates: Any) -> bool:
    """Whether the dates give years only: two or more distinct dates, every one of them
    1 January (read from a year alone: a name pattern's ``{year}``, a yearly table).

    Examples
    --------
    >>> years_only(["1990-01-01", "2008-01-01", None]), years_only(["2008-01-01", "2008-03-05"])
    (True, False)
    >>> years_only(["2008-01-01"])  # one date: a New Year's speech, perhaps
    False
    """
    d = _dates(dates).dropna()
    return d.nunique() >= 2 and bool((d.dt.day.eq(1) & d.dt.month.eq(1)).all())


def _warn_if_years_only(dated: pd.Series, freq: str) -> None:
    """Warn when ``freq`` is shorter than a year and the dates give years only
    (:func:`years_only`): they say nothing of the month, week or day ``freq`` would group by."""
    if re.fullmatch(r"\d*[YA](S|E)?(-[A-Z]{3})?", period_alias(freq)) or not len(dated) or not years_only(dated):
        return
    d = dated.dropna()
    warnings.warn(f"every date falls on 1 January ({d.dt.year.nunique()} years, {d.min().year}-{d.max().year}): "
                  f"dates read from a year alone say nothing of the {period_noun(freq)}, so grouping them by it "
                  "puts each in the period holding 1 January; group by 'year'", UserWarning, stacklevel=3)


def period_start(dates: Any, freq: str) -> pd.Series:
    """The start of every date's period, as a Timestamp (NaT where the date is missing).

    Parameters
    ----------
    dates : pandas.Series or array-like
        Datetimes, or values :func:`pandas.to_datetime` reads. A Series keeps its index and
        name.
    freq : str
        A bucket name (``"month"``...) or a pandas period alias (``"M"``...).

    Returns
    -------
    pandas.Series
        ``datetime64[ns]`` midnights (the Monday of a week, the first day of a month,
        quarter or year). ``"day"`` is the date at midnight in the dates' own resolution and
        time zone (:meth:`pandas.Series.dt.normalize`); a pandas alias, ``"D"`` included,
        goes through :class:`pandas.Period` and gives naive nanosecond Timestamps.

    Raises
    ------
    ValueError
        ``freq`` names no period (from pandas), or a value is not a date.

    Examples
    --------
    >>> dates = pd.Series(pd.to_datetime(["2019-03-05 14:30", "2019-03-10 09:00", None]))
    >>> period_start(dates, "week").tolist()
    [Timestamp('2019-03-04 00:00:00'), Timestamp('2019-03-04 00:00:00'), NaT]
    >>> period_start(dates, "day").dt.strftime("%Y-%m-%d %H:%M").tolist()
    ['2019-03-05 00:00', '2019-03-10 00:00', nan]
    >>> period_start(["2019-05-31", "2019-06-01"], "Q").dt.strftime("%Y-%m-%d").tolist()
    ['2019-04-01', '2019-04-01']
    """
    if freq == "day":
        dated = _dates(dates)
        _warn_if_years_only(dated, freq)
        return dated.dt.normalize()
    return to_periods(dates, freq).dt.start_time


def period_label(dates: Any, freq: str) -> pd.Series:
    """The name of every date's period as pandas writes it: ``"2019-03"`` (month),
    ``"2019Q1"`` (quarter), ``"2019"`` (year), ``"2019-03-05"`` (day),
    ``"2019-03-04/2019-03-10"`` (week); None where the date is missing.

    Parameters
    ----------
    dates : pandas.Series or array-like
        Datetimes, or values :func:`pandas.to_datetime` reads. A Series keeps its index.
    freq : str
        A bucket name (``"month"``...) or a pandas period alias (``"M"``...).

    Returns
    -------
    pandas.Series
        Strings and None (object dtype).

    Examples
    --------
    >>> period_label(["2019-03-05", None, "2020-12-31"], "month").tolist()
    ['2019-03', None, '2020-12']
    >>> period_label(["2019-03-05"], "year").tolist()
    ['2019']
    """
    per = to_periods(dates, freq)
    return per.astype(str).where(per.notna(), None)


def start_text(start: Any) -> str:
    """A period's start (anything :class:`pandas.Timestamp` reads) as ``YYYY-MM-DD``.

    Examples
    --------
    >>> start_text(pd.Timestamp("2019-04-01")), start_text("2019-07-01 00:00")
    ('2019-04-01', '2019-07-01')
    """
    return f"{pd.Timestamp(start):%Y-%m-%d}"


#: The buckets :func:`period_for_span` chooses among, coarsest first.
SPAN_BUCKETS = ("year", "quarter", "month", "week")
#: The periods :func:`period_for_span` wants to fill.
MIN_SPAN_PERIODS = 6


def period_for_span(dates: Any, *, sizes: Any = None, min_size: float = 1,
                    min_periods: int = MIN_SPAN_PERIODS) -> str:
    """The calendar bucket for a figure over time, chosen from where ``dates`` fall.

    Rule: a period is *filled* when the ``sizes`` of its dates sum to ``min_size`` or more
    (without ``sizes``, when it holds a date). The bucket is the coarsest of
    :data:`SPAN_BUCKETS` (year, quarter, month, week) with ``min_periods`` or more filled
    periods; when none has that many, the one with the most (the coarser on ties); when
    none has two (no change over time to show), ``"week"``, the finest, so that a figure
    skipped for it names the shortest period the data would need two of. Five years of
    briefings give quarters, three months give weeks, fifty yearly debates give years.
    Missing dates are ignored.

    Parameters
    ----------
    dates : pandas.Series or array-like
        Datetimes, or values :func:`pandas.to_datetime` reads.
    sizes : array-like or None, default=None
        A number per date (units, words...) that a period must gather ``min_size`` of;
        None counts each date as 1.
    min_size : float, default=1
        What a period must hold to count (the figure's own threshold, e.g. 30 paragraphs).
    min_periods : int, default=6
        The filled periods wanted.

    Returns
    -------
    str
        A bucket name of :data:`DATE_BUCKETS` (``"year"``, ``"quarter"``, ``"month"`` or
        ``"week"``).

    Examples
    --------
    >>> period_for_span(pd.date_range("2018-05-11", "2022-10-21", freq="W"))
    'quarter'
    >>> period_for_span(pd.date_range("2020-01-06", "2020-03-30", freq="D"))
    'week'
    >>> period_for_span(pd.date_range("1970-09-15", "2020-09-15", freq="12MS"))
    'year'
    >>> days = pd.to_datetime(["2019-02-04", "2019-02-11", "2019-03-04", "2019-03-11"])
    >>> period_for_span(days), period_for_span(days, sizes=[20, 20, 20, 20], min_size=30)
    ('week', 'month')
    """
    dated = _dates(dates)
    weights = pd.Series(1.0 if sizes is None else sizes, index=dated.index, dtype=float)
    keep = dated.notna().to_numpy()
    dated, weights = dated[keep], weights[keep]
    best, most = SPAN_BUCKETS[0], -1
    for bucket in SPAN_BUCKETS:
        filled = int((weights.groupby(dated.dt.to_period(period_alias(bucket)).to_numpy()).sum() >= min_size).sum())
        if filled >= min_periods:
            return bucket
        if filled > most:
            best, most = bucket, filled
    return best if most >= 2 else SPAN_BUCKETS[-1]


def period_noun(freq: str) -> str:
    """What a period of ``freq`` is called: ``"quarter"`` for ``"quarter"`` or ``"Q"``;
    ``"period"`` for any other pandas alias (``"2M"``).

    Examples
    --------
    >>> period_noun("Q"), period_noun("week"), period_noun("2M")
    ('quarter', 'week', 'period')
    """
    bucket = next((name for name, alias in DATE_BUCKETS.items() if alias == freq), freq)
    return bucket if bucket in DATE_BUCKETS else "period"
