"""A figure's subtitle (the key to its marks) is drawn in normal weight under the bold title."""
from __future__ import annotations

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.plots._style import SUBTITLE_SIZE, figure_and_axes, set_title, style
from analysis.plots.rhetoric import plot_responsiveness


def _texts(fig):
    return [t for ax in fig.axes for t in [ax.title, *ax.texts] if t.get_text()]


def test_subtitle_is_normal_weight_below_the_bold_title():
    with style():
        fig, ax = figure_and_axes()
        set_title(ax, "Main", "key one\nkey two")
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    title = ax.title
    (sub,) = ax.texts
    assert title.get_text() == "Main" and title.get_fontweight() == "bold"
    assert sub.get_text() == "key one\nkey two"
    assert sub.get_fontweight() == "normal" and sub.get_fontsize() == SUBTITLE_SIZE
    t, s = title.get_window_extent(renderer), sub.get_window_extent(renderer)
    axes_top = ax.get_window_extent(renderer).y1
    assert s.y0 >= axes_top, "the subtitle stands above the axes"
    assert t.y0 >= s.y1, "the title stands above the subtitle, not over it"


def test_no_subtitle_is_a_plain_title():
    with style():
        fig, ax = figure_and_axes()
        set_title(ax, "Only", None)
    assert ax.title.get_text() == "Only" and not ax.texts


def test_responsiveness_key_is_not_in_the_bold_title():
    responses = pd.DataFrame({
        "answerer": ["A"] * 6 + ["B"] * 6,
        "similarity": [0.1, 0.2, 0.3, 0.05, 0.4, 0.25, 0.2, 0.3, 0.1, 0.15, 0.35, 0.02],
        "uptake": [0.3] * 11 + [0.1],
        "off_topic": [False] * 11 + [True],
    })
    fig = plot_responsiveness(responses, by="answerer", min_questions=1)
    ax = fig.axes[0]
    assert "\n" not in ax.title.get_text() and "box:" not in ax.title.get_text()
    keys = [t.get_text() for t in ax.texts if t.get_text().startswith("box:")]
    assert len(keys) == 1 and "off topic" in keys[0]
