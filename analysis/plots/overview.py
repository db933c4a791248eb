"""Corpus overview figures: words per transcript over time, words by group, Q/A lengths."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._style import break_date_gaps, color_for, date_segments, figure_and_axes, styled, thousands

__all__ = ["plot_words_over_time", "plot_words_by_group", "plot_exchange_lengths"]


def _bar_width(x: np.ndarray, max_gap_days: float | None) -> float:
    """Bar width in days: one day for a series of transcripts days apart; for a sparse one
    (a median step of more than a week: yearly debates, court terms), wide enough to be seen,
    1/150 of the time drawn (the runs between squeezed gaps), but under the usual step."""
    d = np.unique(x)
    if len(d) < 2:
        return 1.0
    step = float(np.median(np.diff(d) / np.timedelta64(1, "D")))
    if step <= 7:
        return 1.0
    runs = date_segments(d, max_gap_days=max_gap_days if max_gap_days is not None else np.inf)
    span = sum((b - a) / pd.Timedelta(days=1) for a, b in runs)
    return max(1.0, min(0.8 * step, span / 150))


@styled
def plot_words_over_time(lengths: pd.DataFrame, *, stack_by_role: bool = True, max_gap_days: float | None = 180,
                         ax: Axes | None = None) -> Figure:
    """Words per transcript against date, stacked by role.

    A stretch of more than ``max_gap_days`` without any transcript (a series and a few
    transcripts years later) is squeezed to a narrow shaded band labelled with its dates,
    and the axis line is cut there (:func:`~analysis.plots._style.break_date_gaps`), so the
    dense series keeps its width and the reader still sees every transcript and the gap.

    When most dates hold several transcripts (one speech per country and year, dated by the
    year), their bars would be drawn over one another: each date then gets one bar, the
    mean words per transcript of that date (by role), and the title and axis say so.

    Parameters
    ----------
    lengths : pandas.DataFrame
        From :func:`analysis.overview.transcript_lengths` (``date``, ``n_words`` and
        ``words_<role>`` columns). Transcripts without a date are left out of the plot.
    stack_by_role : bool, default=True
        Stack the ``words_<role>`` columns; otherwise one bar of ``n_words``.
    max_gap_days : float or None, default=180
        Squeeze empty stretches longer than this; None draws one linear time axis.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = figure_and_axes(ax, figsize=(7.5, 3.2))
    data = lengths.dropna(subset=["date"]).sort_values("date")
    per_date = data.groupby("date").size()
    pooled = len(per_date) > 0 and float(per_date.median()) > 1
    if pooled:  # most dates hold several transcripts: one bar per date, their mean length
        words = ["n_words", *(c for c in data.columns if c.startswith("words_"))]
        data = data.groupby("date", as_index=False)[words].mean()
    x = pd.to_datetime(data["date"]).to_numpy()
    width = _bar_width(x, max_gap_days)
    if stack_by_role:
        roles = [c[len("words_"):] for c in data.columns if c.startswith("words_")]
        colors = color_for(roles)
        bottom = np.zeros(len(data))
        for r in roles:
            vals = data[f"words_{r}"].to_numpy(dtype=float)
            ax.bar(x, vals, bottom=bottom, width=width, color=colors[r], label=r, linewidth=0)
            bottom += vals
        ax.legend(loc="upper left", ncols=len(roles))
    else:
        ax.bar(x, data["n_words"], width=width, linewidth=0)
    if max_gap_days is not None:
        break_date_gaps(ax, x, max_gap_days=max_gap_days, gap_label="no transcripts")
    ax.yaxis.set_major_formatter(thousands)
    ax.set_xlabel("Date")
    by_role = ", by speaker role" if stack_by_role else ""
    if pooled:
        ax.set_ylabel("Mean words per transcript")
        ax.set_title(f"Mean length of the transcripts of each date ({int(per_date.median()):,} a date "
                     f"typically){by_role}")
    else:
        ax.set_ylabel("Words per transcript")
        ax.set_title(f"Length of each transcript{by_role}")
    return fig


#: How a row that is not one person is labelled and explained (``kinds`` of :func:`plot_words_by_group`).
_KIND_NOTES = {"pooled": ("pooled", "pooled: not a person; everyone the transcripts leave unnamed"),
               "outlet": ("outlet", "outlet: a media outlet, whoever asked for it")}


@styled
def plot_words_by_group(words: pd.DataFrame, *, by: str, top: int = 15, kinds: Mapping[str, str] | None = None,
                        ax: Axes | None = None) -> Figure:
    """Horizontal bars of words per group (largest first), annotated with the share.

    Groups without words are left out. The title says how many groups are drawn: "(all 9)",
    or "(the 15 with most words, of 40)" when ``top`` leaves some out. A share under 0.1% is
    written "<0.1%" with its words, never "0.0%".

    Parameters
    ----------
    words : pandas.DataFrame
        From :func:`analysis.overview.words_by` with a single ``by`` column.
    by : str
        The grouping column to label bars with.
    top : int, default=15
        Show at most this many groups (those with most words).
    kinds : mapping of str to str or None, default=None
        Groups that are not one person: ``"pooled"`` (a role standing for every unnamed
        speaker of it) or ``"outlet"`` (a media outlet), e.g. from
        :func:`analysis.overview.speaker_kinds`; None reads the ``speaker_kind`` column of
        ``words`` when it has one (:func:`~analysis.overview.words_by` by speaker). Their bars are hatched in grey,
        their labels say "(pooled)" or "(outlet)", and a legend explains each kind shown.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if kinds is None and "speaker_kind" in words and by == "speaker":
        kinds = dict(zip(words["speaker"], words["speaker_kind"]))
    kinds = {str(k): v for k, v in ({} if kinds is None else dict(kinds)).items() if v in _KIND_NOTES}
    spoken = words[words["n_words"] > 0]
    fig, ax = figure_and_axes(ax, figsize=(6.0, 0.3 * min(top, len(spoken)) + 1.2 + (0.3 if kinds else 0)))
    data = spoken.head(top).iloc[::-1]
    groups = data[by].astype(str).tolist()
    labels = [f"{g} ({_KIND_NOTES[kinds[g]][0]})" if g in kinds else g for g in groups]
    colors = color_for(groups) if by == "role" else None
    bars = ax.barh(range(len(groups)), data["n_words"], color=[colors[x] for x in groups] if colors else "#0072B2")
    shown = []
    for bar, g in zip(bars, groups):
        if g in kinds:
            bar.set(facecolor="#d9d9d9", edgecolor="#666666", hatch="///", linewidth=0.5)
            shown.append(kinds[g])
    ax.set_yticks(range(len(groups)), labels)
    for y, (n, s) in enumerate(zip(data["n_words"], data["share"])):
        share = f"{s:.1%}"
        if share == "0.0%":  # a share too small to write: say it is under 0.1%, and its words
            share = f"<0.1% ({int(n):,} word{'' if n == 1 else 's'})"
        ax.text(n, y, f" {share}", va="center", fontsize=7)
    ax.xaxis.set_major_formatter(thousands)
    ax.set_xlabel("Words")
    drawn = len(data)
    ax.set_title(f"Words spoken by {by} (all {drawn})" if drawn == len(spoken) else
                 f"Words spoken by {by} (the {drawn} with most words, of {len(spoken)})")
    ax.margins(x=0.12)
    if shown:
        handles = [mpl.patches.Patch(facecolor="#d9d9d9", edgecolor="#666666", hatch="///", linewidth=0.5,
                                     label=_KIND_NOTES[k][1]) for k in dict.fromkeys(sorted(shown))]
        ax.legend(handles=handles, loc="lower right", fontsize=7)
    return fig


@styled
def plot_exchange_lengths(exchanges: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Distribution of question and answer lengths (words), log scale.

    Parameters
    ----------
    exchanges : pandas.DataFrame
        From :func:`analysis.overview.exchange_lengths`.
    """
    fig, ax = figure_and_axes(ax, figsize=(6.0, 3.2))
    q = exchanges["question_words"].to_numpy()
    a = exchanges.loc[exchanges["answer_words"] > 0, "answer_words"].to_numpy()
    hi = max(q.max() if len(q) else 1, a.max() if len(a) else 1, 2)
    bins = np.geomspace(1, hi, 30)
    ax.hist(q, bins=bins, alpha=0.7, label=f"questions (n={len(q):,})", color="#E69F00")
    ax.hist(a, bins=bins, alpha=0.7, label=f"answers (n={len(a):,})", color="#0072B2")
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(thousands)  # 1, 10, 100, 1,000 rather than powers of ten
    ax.set_xlabel("Words (log scale)")
    ax.set_ylabel("Exchanges")
    ax.set_title("How long are questions and answers?")
    ax.legend()
    return fig
