"""Cells of the command line's tables (analysis._terminal)."""

from __future__ import annotations

import pandas as pd

from analysis._terminal import format_column


def test_missing_dates_read_undated_not_blank() -> None:
    cells, right = format_column(pd.Series(pd.to_datetime(["2019-05-01", None]), name="date"))
    assert cells == ["2019-05-01", "undated"] and right is False


def test_times_kept_when_any_value_has_one() -> None:
    cells, _ = format_column(pd.Series(pd.to_datetime(["2019-05-01 10:30", "2019-05-02 00:00"]), name="date"))
    assert cells == ["2019-05-01 10:30", "2019-05-02 00:00"]


def test_p_values_keep_their_scale() -> None:
    cells, right = format_column(pd.Series([0.5, 0.0004, 0.0], name="p_value"))
    assert cells == ["0.500", "4.0e-04", "<1e-300"] and right is True
