"""Parameter checks shared by every public function (one message per failure).

Messages name the parameter, the function, what is allowed and what was given.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from numbers import Real
from typing import Any

import pandas as pd

__all__ = ["check_option", "check_interval", "check_columns", "check_type", "in_date_range", "DATE_RANGE_TEXT"]

#: The first and last days a ``datetime64[ns]`` column (``Corpus.turns()["date"]``) can hold.
_FIRST_DAY = (pd.Timestamp.min + pd.Timedelta(days=1)).date()
_LAST_DAY = pd.Timestamp.max.date()
#: The range in words, for messages.
DATE_RANGE_TEXT = f"{_FIRST_DAY.isoformat()} to {_LAST_DAY.isoformat()}"


def check_option(name: str, value: Any, allowed: Collection[Any], *, caller: str) -> None:
    """Raise ValueError unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        choices = ", ".join(repr(a) for a in sorted(allowed, key=str))
        raise ValueError(f"{caller}(): {name} must be one of {choices}; got {value!r}.")


def check_interval(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    caller: str,
    integer: bool = False,
    closed: str = "both",
) -> None:
    """Raise ValueError unless ``low <= value <= high`` (bounds optional).

    ``closed`` is one of "both", "left", "right", "neither".
    """
    kind = "an integer" if integer else "a number"
    ok_type = isinstance(value, int) if integer else isinstance(value, Real)
    if isinstance(value, bool) or not ok_type:
        raise TypeError(f"{caller}(): {name} must be {kind}; got {value!r}.")
    lo_ok = low is None or (value >= low if closed in ("both", "left") else value > low)
    hi_ok = high is None or (value <= high if closed in ("both", "right") else value < high)
    if not (lo_ok and hi_ok):
        lb = "[" if closed in ("both", "left") else "("
        rb = "]" if closed in ("both", "right") else ")"
        rng = f"{lb}{'-inf' if low is None else low}, {'inf' if high is None else high}{rb}"
        raise ValueError(f"{caller}(): {name} must be in {rng}; got {value!r}.")


def check_columns(frame: pd.DataFrame, columns: Iterable[str], *, caller: str, name: str = "turns") -> None:
    """Raise ValueError naming any of ``columns`` missing from ``frame``."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns))
        raise ValueError(
            f"{caller}(): {name} has no column(s) {', '.join(map(repr, missing))}; "
            f"available columns: {have}."
        )


def check_type(name: str, value: Any, types: type | tuple[type, ...], *, caller: str) -> None:
    """Raise TypeError unless ``value`` is an instance of ``types``."""
    if not isinstance(value, types):
        want = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
        raise TypeError(f"{caller}(): {name} must be {want}; got {type(value).__name__}.")


def in_date_range(day) -> bool:
    """True when ``day`` (a ``datetime.date``) fits a ``datetime64[ns]`` column, the type of
    every date column the suite returns (pandas' nanosecond range, years 1677 to 2262)."""
    return _FIRST_DAY <= day <= _LAST_DAY
