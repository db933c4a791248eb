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

from typing import Any

import pandas as pd

__all__ = ["DATE_BUCKETS", "period_alias", "to_periods", "period_start", "period_label", "start_text"]

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
    return _dates(dates).dt.to_period(period_alias(freq))


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
        return _dates(dates).dt.normalize()
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
