"""Scales a reader compares across: keyness panels on one axis, and gaps in an evenly spaced
date axis marked on the formula heatmap (analysis.plots.terms, analysis.plots.phrases)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

from analysis.plots import phrases as pph
from analysis.plots import terms as pt

matplotlib.use("Agg")


def _keyness() -> pd.DataFrame:
    rows = []
    for target, scale in (("A", 100.0), ("B", 10.0)):
        for i, term in enumerate(["w1", "w2", "w3", "w4"]):
            score = scale * (4 - i) * (1 if i < 2 else -1)
            rows.append({"target": target, "reference": "rest", "term": f"{target}{term}",
                         "score": score, "significant": True})
    return pd.DataFrame(rows)


def _panels(fig) -> list:
    return [a for a in fig.axes if a.get_visible() and a.get_title()]


def test_keyness_panels_share_one_scale_by_default() -> None:
    a, b = _panels(pt.plot_keyness(_keyness(), clip=None))
    assert a.get_xlim() == b.get_xlim() == (-1.45 * 400, 1.45 * 400)


def test_keyness_panels_fit_their_own_bars_when_asked() -> None:
    a, b = _panels(pt.plot_keyness(_keyness(), clip=None, sharex=False))
    assert a.get_xlim() == (-1.45 * 400, 1.45 * 400)
    assert b.get_xlim() == (-1.45 * 40, 1.45 * 40)


def test_date_gaps_found_beyond_the_typical_spacing() -> None:
    days = pd.DatetimeIndex(pd.date_range("2019-01-01", periods=30, freq="D").tolist()
                            + [pd.Timestamp("2021-01-01"), pd.Timestamp("2021-01-02")])
    assert pph._date_gaps(days) == [(30, 23)]  # 2019-01-30 -> 2021-01-01: 702 days
    assert pph._date_gaps(days[:30]) == []
    # a gap of 100 days is over 20 times the median gap, but under 180 days: not marked
    short = pd.DatetimeIndex(pd.date_range("2019-01-01", periods=10, freq="D").tolist()
                             + [pd.Timestamp("2019-04-20")])
    assert pph._date_gaps(short) == []


def test_heatmap_marks_the_gap() -> None:
    dates = [f"2019-01-{d:02d}" for d in range(1, 11)] + ["2021-06-01", "2021-06-02"]
    occ = pd.DataFrame({"formula": "the two sides", "transcript_id": [f"t{i}" for i in range(len(dates))],
                        "date": dates})
    fig = pph.plot_formula_heatmap(occ)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert texts == ["29 months without transcripts \u2192"]  # 873 days: 28 months 22 days
    dashed = [ln for ln in fig.axes[0].lines if ln.get_linestyle() not in ("-", "None")]
    assert [ln.get_xdata()[0] for ln in dashed] == [9.5]


def test_top_phrases_ties_in_table_order_and_integer_ticks() -> None:
    # three formulae in two transcripts each, ranked b, c, a: the ranking breaks the tie
    table = pd.DataFrame({"formula": ["b c", "c d", "a b", "d e"], "n_transcripts": [2, 2, 2, 1]})
    ax = pph.plot_top_phrases(table, value="n_transcripts", top=3).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][::-1] == ["b c", "c d", "a b"]
    ticks = ax.get_xticks()
    assert np.array_equal(ticks, np.round(ticks)) and len(ticks) >= 2
