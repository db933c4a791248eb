"""Topic figures: topic-term heatmap, choosing k, prevalence over time and by group, the
intertopic map, and question topics against answer topics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..periods import to_periods
from ._style import PALETTE, figure_and_axes, format_date_axis, period_axis_label, styled

__all__ = ["topic_colors", "plot_topic_terms", "plot_k_selection", "plot_topic_prevalence_over_time",
           "plot_topics_by_group", "plot_intertopic_map", "plot_question_answer_topics"]


def topic_colors(topics: Sequence[int]) -> dict[int, str]:
    """Stable colours for topic numbers: the project palette up to 8 topics, ``tab20`` beyond."""
    topics = sorted(int(t) for t in topics)
    if len(topics) <= len(PALETTE) - 1:
        return {t: PALETTE[i] for i, t in enumerate(topics)}
    cmap = mpl.colormaps["tab20"]
    return {t: mpl.colors.to_hex(cmap(i % 20)) for i, t in enumerate(topics)}


def _topic_name(topic: int, labels: Mapping[int, str] | None) -> str:
    lab = (labels or {}).get(int(topic))
    return f"{int(topic)}: {lab}" if lab else f"topic {int(topic)}"


@styled
def plot_topic_terms(weights: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Heatmap of term weights: the top terms of every topic (rows) against all topics.

    Parameters
    ----------
    weights : pandas.DataFrame
        From :func:`analysis.topics.topic_term_weights` (``topic``, ``term``,
        ``weight_scaled``, ``top_of``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Rows grouped by the topic each term is a top term of; colour = weight as a share of
        the topic's heaviest term, so a term dark in two columns is shared.
    """
    terms = (weights.drop_duplicates("term").sort_values(["top_of", "top_rank", "term"], kind="stable"))
    order = terms["term"].tolist()
    topics = sorted(weights["topic"].unique())
    mat = (weights.pivot_table(index="term", columns="topic", values="weight_scaled", aggfunc="first")
           .reindex(index=order, columns=topics).fillna(0.0).to_numpy())
    fig, ax = figure_and_axes(ax, figsize=(0.45 * len(topics) + 2.6, 0.17 * len(order) + 1.2))
    im = ax.imshow(mat, aspect="auto", cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    ax.set_xticks(range(len(topics)), [str(t) for t in topics])
    ax.set_yticks(range(len(order)), order, fontsize=7)
    ax.tick_params(length=0)
    tops = terms["top_of"].to_numpy()
    for y in np.flatnonzero(tops[1:] != tops[:-1]):
        ax.axhline(y + 0.5, color="white", linewidth=1.5)
    ax.set_xlabel("Topic")
    ax.set_title("Top terms of each topic")
    for s in ax.spines.values():
        s.set_visible(False)
    fig.colorbar(im, ax=ax, shrink=0.4, label="Weight (share of topic's top term)")
    return fig


def _scored_coherence(table: pd.DataFrame) -> str | None:
    """The coherence column the table's ``coherence_scaled`` was scaled from (the one
    :func:`analysis.topics.recommend_k` weighed), or None when the table has no score."""
    if "coherence_scaled" not in table or "score" not in table:
        return None
    for col in ("coherence_weighted", "coherence"):
        if col in table:
            v = table[col].astype(float)
            span = v.max() - v.min()
            scaled = (v - v.min()) / span if span > 0 else pd.Series(1.0, index=v.index)
            if np.allclose(scaled.to_numpy(), table["coherence_scaled"].astype(float).to_numpy(), atol=1e-9):
                return col
    return None


@styled
def plot_k_selection(table: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Coherence and stability against the number of topics, the recommended k marked and
    the rule that chose it stated.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.topics.choose_k`.
    ax : matplotlib Axes, optional
        Coherence is drawn on it, stability (and the score) on a twin axis.

    Returns
    -------
    matplotlib.figure.Figure
        Coherence on the left axis; stability and, when the table has one, the ``score`` the
        recommendation maximises (the mean of the min-max scaled coherence and stability,
        :func:`analysis.topics.recommend_k`) on the right axis, 0 to 1. The recommended k
        has a dotted line and a star on its score; the subtitle states the rule and its
        score.
    """
    fig, ax = figure_and_axes(ax, figsize=(6.6, 4.0))
    t = table.sort_values("k")
    k = t["k"].to_numpy()
    ax.plot(k, t["coherence"], marker="o", color=PALETTE[0], label="coherence (mean NPMI)")
    if "coherence_weighted" in t:
        ax.plot(k, t["coherence_weighted"], marker="o", linestyle="--", color=PALETTE[5],
                label="coherence (weighted by topic size)")
    ax.set_xlabel("Number of topics k")
    ax.set_ylabel("Coherence (NPMI)")
    ax2 = ax.twinx()
    ax2.spines["right"].set_visible(True)
    ax2.errorbar(k, t["stability"], yerr=t.get("stability_sd"), marker="s", color=PALETTE[3], capsize=2,
                 label="stability (top-term agreement)")
    coherence = _scored_coherence(t)
    if coherence is not None:
        which = "weighted coherence" if coherence == "coherence_weighted" else "mean coherence"
        ax2.plot(k, t["score"], marker=".", linestyle=":", color="#555555",
                 label=f"score: mean of scaled {which} and scaled stability")
    ax2.set_ylabel("Stability (average Jaccard); score" if coherence is not None else "Stability (average Jaccard)")
    ax2.set_ylim(0, 1.05)
    title = "Choosing the number of topics"
    if "recommended" in t and t["recommended"].any():
        chosen = t.loc[t["recommended"]].iloc[0]
        best = int(chosen["k"])
        ax.axvline(best, color="#777777", linestyle=":", linewidth=1)
        ax.annotate(f"recommended k = {best}", (best, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -10), textcoords="offset points", fontsize=8, color="#444444")
        if coherence is not None:
            ax2.plot([best], [chosen["score"]], marker="*", markersize=13, color="#222222", linestyle="none",
                     label=f"recommended k = {best}", zorder=4)
            title += (f"\nk = {best} has the highest score ({chosen['score']:.2f}), the mean of {which} and "
                      "stability\neach scaled to 0-1 over the k tried (the smaller k on ties)")
    ax.set_xticks(k)
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=7)
    ax.set_title(title)
    return fig


@styled
def plot_topic_prevalence_over_time(prevalence: pd.DataFrame, *, min_units: int = 30, period: str | None = None,
                                    ax: Axes | None = None) -> Figure:
    """Stacked area of topic shares per period, broken where periods have no data.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        From :func:`analysis.topics.topic_prevalence` with ``period`` and no other
        grouping (``by=None``).
    min_units : int, default=30
        Leave out periods with fewer units than this (their shares are noise).
    period : str or None, default=None
        The period ``prevalence`` was made with (``"quarter"``, ``"Q"``, ``"week"``...): the
        x axis and the title name it ("Quarter (first day)"). None: "Period (first day)".
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        No ``period`` column, more than one cell per period (group first with ``by=None``),
        or fewer than two periods with ``min_units`` units: an area over one period has no
        width (and matplotlib would widen the date axis of one date to four years around it).

    Notes
    -----
    The areas join consecutive periods only. Where periods between two drawn ones are
    missing (no unit, or fewer than ``min_units``), the areas stop and the span between the
    two is shaded grey (a legend entry says so), so no share is drawn where there is no
    data; a period with missing neighbours on both sides is drawn as a narrow stacked bar.
    Consecutive means the next calendar period of ``period``; with ``period=None``, a step
    less than 1.5 times the smallest step between periods.
    """
    if "period" not in prevalence.columns:
        raise ValueError("plot_topic_prevalence_over_time(): prevalence needs a 'period' column; "
                         "use topic_prevalence(result, by=None, period='Q').")
    data = prevalence[prevalence["n_cell"] >= min_units]
    if data.duplicated(["period", "topic"]).any():
        raise ValueError("plot_topic_prevalence_over_time(): several cells per period; "
                         "use topic_prevalence(result, by=None, period=...).")
    wide = data.pivot(index="period", columns="topic", values="share").sort_index().fillna(0.0)
    if len(wide) < 2:
        got = f"one, starting {pd.Timestamp(wide.index[0]):%Y-%m-%d}" if len(wide) else "none"
        raise ValueError(f"plot_topic_prevalence_over_time(): needs two or more periods with {min_units} or more "
                         f"units; got {got}.")
    labels = dict(zip(data["topic"], data["label"])) if "label" in data else {}
    colors = topic_colors(wide.columns)
    fig, ax = figure_and_axes(ax, figsize=(8.0, 3.8))
    x = pd.to_datetime(wide.index).to_numpy()
    left, right = _stack_runs(ax, x, wide.to_numpy().T, _period_runs(wide.index, period),
                              names=[_topic_name(t, labels) for t in wide.columns],
                              colors=[colors[t] for t in wide.columns],
                              empty="periods with no units" if min_units <= 1 else f"periods under {min_units} units")
    ax.set_ylim(0, 1)
    ax.set_xlim(left, right)  # the data's periods only
    ax.yaxis.set_major_formatter(mpl.ticker.PercentFormatter(1.0))
    format_date_axis(ax.xaxis, ticks=wide.index)  # ticks at the periods drawn; the year where it changes
    ax.set_ylabel("Share of units")
    noun, xlabel = period_axis_label(period)
    ax.set_xlabel(xlabel)
    ax.set_title(f"Topic shares per {noun} ({len(wide.columns)} topics; label: top three terms)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=7, reverse=True)
    return fig


def _period_runs(starts: pd.Index, period: str | None) -> list[tuple[int, int]]:
    """``(first, end)`` positions of the runs of consecutive periods among the sorted period
    ``starts``: each next start is the start of the following calendar period of ``period``;
    with ``period=None``, a step under 1.5 times the smallest step."""
    starts = pd.DatetimeIndex(starts)
    if len(starts) < 2:
        return [(0, len(starts))]
    if period is None:
        steps = np.diff(starts.asi8)
        joined = steps < 1.5 * steps.min()
    else:
        naive = starts.tz_localize(None) if starts.tz is not None else starts
        periods = to_periods(pd.Series(naive), period)
        following = (periods + 1).dt.start_time.to_numpy()
        joined = following[:-1] == naive.to_numpy()[1:]
    cuts = (np.flatnonzero(~joined) + 1).tolist()
    return list(zip([0, *cuts], [*cuts, len(starts)]))


def _stack_runs(ax: Axes, x: np.ndarray, shares: np.ndarray, runs: list[tuple[int, int]], *,
                names: list[str], colors: list[str], empty: str) -> tuple:
    """Stacked areas of ``shares`` (topics x periods) over each run of consecutive periods,
    one legend entry per topic; the spans between runs shaded grey (legend entry ``empty``);
    a run of one period as a narrow stacked bar. Returns the x limits that show them all:
    the first and last period, widened by half a bar where a bar stands there."""
    if len(runs) == 1:
        ax.stackplot(x, shares, labels=names, colors=colors, linewidth=0.3, edgecolor="white")
        return x.min(), x.max()
    days = mpl.dates.date2num(x)
    width = 0.3 * np.diff(days).min()
    named = False
    for a, b in runs:
        tags = names if not named else [None] * len(names)
        if b - a > 1:
            ax.stackplot(x[a:b], shares[:, a:b], labels=tags, colors=colors, linewidth=0.3, edgecolor="white")
        else:
            bottoms = np.concatenate(([0.0], np.cumsum(shares[:-1, a])))
            for share, bottom, color, tag in zip(shares[:, a], bottoms, colors, tags):
                ax.bar(days[a], share, width=width, bottom=bottom, color=color, linewidth=0.3, edgecolor="white",
                       label=tag)
        named = True
    for (_, b), (c, _) in zip(runs, runs[1:]):
        ax.axvspan(days[b - 1], days[c], facecolor="#e6e6e6", edgecolor="none", zorder=0,
                   label=empty if b == runs[0][1] else None)
    lone = [b - a == 1 for a, b in runs]
    return days[0] - width / 2 * lone[0], days[-1] + width / 2 * lone[-1]


@styled
def plot_topics_by_group(prevalence: pd.DataFrame, *, by: str, min_units: int = 30,
                         ax: Axes | None = None) -> Figure:
    """Heatmap of topic shares by group (rows: groups with their unit counts; columns: topics).

    Parameters
    ----------
    prevalence : pandas.DataFrame
        From :func:`analysis.topics.topic_prevalence` with ``by`` as its only grouping.
    by : str
        The grouping column (``"role"``, ``"speaker"``...).
    min_units : int, default=30
        Leave out groups with fewer units.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Cells annotated with the share (%); rows by number of units, largest first.
    """
    data = prevalence[prevalence["n_cell"] >= min_units]
    cells = data.drop_duplicates(by).sort_values(["n_cell", by], ascending=[False, True])
    groups = cells[by].tolist()
    topics = sorted(data["topic"].unique())
    mat = data.pivot(index=by, columns="topic", values="share").reindex(index=groups, columns=topics).to_numpy()
    fig, ax = figure_and_axes(ax, figsize=(0.55 * len(topics) + 2.8, 0.42 * len(groups) + 2.4))
    im = ax.imshow(mat, aspect="auto", cmap="Blues", vmin=0, vmax=max(float(np.nanmax(mat)), 1e-9) if mat.size else 1)
    for (i, j), v in np.ndenumerate(mat):
        ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=6.5,
                color="white" if v > 0.6 * np.nanmax(mat) else "#222222")
    labels = dict(zip(data["topic"], data["label"])) if "label" in data else {}
    ax.set_xticks(range(len(topics)), [_topic_name(t, labels) for t in topics], rotation=40, ha="right",
                  rotation_mode="anchor", fontsize=7)
    ax.set_yticks(range(len(groups)), [f"{g} (n={n:,})" for g, n in zip(groups, cells["n_cell"])])
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_xlabel("Topic")
    ax.set_title(f"Topic shares by {by} (share of the group's units)")
    fig.colorbar(im, ax=ax, shrink=0.6, format=mpl.ticker.PercentFormatter(1.0, decimals=0))
    return fig


@styled
def plot_intertopic_map(topic_map: pd.DataFrame, *, ax: Axes | None = None) -> Figure:
    """Topics as circles on a 2-D map; area = share of units, distance ~ vocabulary difference.

    Parameters
    ----------
    topic_map : pandas.DataFrame
        From :func:`analysis.topics.intertopic_map`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    topic_map = _drawn_precision(topic_map)
    fig, ax = figure_and_axes(ax, figsize=(6.4, 5.0))
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    colors = topic_colors(topic_map["topic"])
    area = 3000 * topic_map["share_units"].to_numpy() + 40
    ax.scatter(topic_map["x"], topic_map["y"], s=area, c=[colors[t] for t in topic_map["topic"]], alpha=0.55,
               edgecolors="white", linewidths=0.8)
    for r in topic_map.itertuples(index=False):
        ax.text(r.x, r.y, str(r.topic), ha="center", va="center", fontsize=8, fontweight="bold")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("MDS dimension 1")
    ax.set_ylabel("MDS dimension 2")
    xs, ys = topic_map["x"].to_numpy(), topic_map["y"].to_numpy()
    pad = 0.18 * max(np.ptp(xs), np.ptp(ys), 1e-9)
    ax.set_xlim(xs.min() - pad, xs.max() + pad)
    ax.set_ylim(ys.min() - 1.3 * pad, ys.max() + pad)  # room for the labels under the lowest circles
    ax.set_aspect("equal", adjustable="box")
    ax.set_title("Intertopic map (MDS of Jensen-Shannon distances)")
    _size_legend(ax, topic_map["share_units"].to_numpy(dtype=float))
    _place_labels(ax, topic_map)
    return fig


def _drawn_precision(topic_map: pd.DataFrame) -> pd.DataFrame:
    """``topic_map`` with ``x`` and ``y`` rounded to a thousandth of the map's extent and
    ``share_units`` to four decimals: finer than the picture shows (a thousandth of the width is
    a third of a pixel), and coarse enough that the same fit drawn on another processor, whose
    floating-point kernels give the MDS solver other last digits, gives the same file.

    Examples
    --------
    >>> m = pd.DataFrame({"x": [0.123456, -0.2], "y": [0.0, 0.31], "share_units": [0.123456, 0.9]})
    >>> _drawn_precision(m).values.tolist()
    [[0.1235, 0.0, 0.1235], [-0.2, 0.31, 0.9]]
    """
    xy = topic_map[["x", "y"]].to_numpy(dtype=float)
    extent = float(np.ptp(xy, axis=0).max()) if len(xy) else 0.0
    if not np.isfinite(extent) or extent <= 0:
        return topic_map.assign(share_units=topic_map["share_units"].round(4))
    decimals = 3 - int(np.floor(np.log10(extent)))
    return topic_map.assign(x=topic_map["x"].astype(float).round(decimals),
                            y=topic_map["y"].astype(float).round(decimals),
                            share_units=topic_map["share_units"].round(4))


def _legend_shares(shares: np.ndarray) -> list[float]:
    """Up to three round shares (1, 2, 5 times a power of ten) spanning the topics' shares,
    for the size key of the map.

    >>> _legend_shares(np.array([0.03, 0.08, 0.25]))
    [0.05, 0.1, 0.2]
    >>> _legend_shares(np.array([0.5]))
    [0.5]
    """
    shares = shares[np.isfinite(shares) & (shares > 0)]
    if not len(shares):
        return []
    lo, hi = float(shares.min()), float(shares.max())
    nice = [m * 10.0 ** e for e in range(-4, 1) for m in (1, 2, 5) if m * 10.0 ** e <= 1]
    inside = [v for v in nice if lo <= v * 1.0001 and v <= hi * 1.0001] or [min(nice, key=lambda v: abs(v - hi))]
    picks = [inside[0], inside[len(inside) // 2], inside[-1]] if len(inside) > 2 else inside
    return [round(v, 6) for v in dict.fromkeys(picks)]


def _size_legend(ax: Axes, shares: np.ndarray) -> None:
    """A key of circle areas (share of units), outside the map on the right."""
    picks = _legend_shares(shares)
    if not picks:
        return
    handles = [ax.scatter([], [], s=3000 * v + 40, color="#bbbbbb", alpha=0.55, edgecolors="white") for v in picks]
    ax.legend(handles, [f"{v:.0%}" if v >= 0.01 else f"{v:.1%}" for v in picks], title="Share of units",
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, labelspacing=2.2, borderpad=1.2,
              handletextpad=1.6, fontsize=7, title_fontsize=7.5, scatterpoints=1)


def _place_labels(ax: Axes, topic_map: pd.DataFrame) -> None:
    """Label each circle below it or, when that would overlap a label already placed or
    another circle, above, right or left of it, then further below or above with a thin
    leader line; the least overlapping place when none is free. Largest topics are placed
    first; deterministic."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    if fig.get_layout_engine() is not None:
        fig.get_layout_engine().execute(fig)  # final axes size, so text extents are right
    ax.apply_aspect()
    radius = {r.topic: np.sqrt(3000 * r.share_units + 40) / 2 for r in topic_map.itertuples(index=False)}
    to_px = fig.dpi / 72
    circles = []
    for r in topic_map.itertuples(index=False):
        cx, cy = ax.transData.transform((r.x, r.y))
        rad = radius[r.topic] * to_px
        circles.append((r.topic, (cx - rad, cy - rad, cx + rad, cy + rad)))
    placed: list[tuple[float, float, float, float]] = []

    def area(a, b) -> float:
        w = min(a[2], b[2]) - max(a[0], b[0])
        h = min(a[3], b[3]) - max(a[1], b[1])
        return w * h if w > 0 and h > 0 else 0.0

    def overlap(box, topic) -> float:
        return sum(area(box, p) for p in placed) + sum(area(box, c) for t, c in circles if t != topic)

    order = topic_map.sort_values(["share_units", "topic"], ascending=[False, True])
    for r in order.itertuples(index=False):
        gap = radius[r.topic] + 2
        options = [((0, -gap), "center", "top"), ((0, gap), "center", "bottom"),
                   ((gap, 0), "left", "center"), ((-gap, 0), "right", "center")]
        options += [((0, sign * (gap + extra)), "center", "top" if sign < 0 else "bottom")
                    for extra in (10, 20, 30) for sign in (-1, 1)]
        best = None
        for k, (offset, ha, va) in enumerate(options):
            text = ax.annotate(r.label, (r.x, r.y), xytext=offset, textcoords="offset points", ha=ha, va=va,
                               fontsize=6.5, color="#333333")
            ext = text.get_window_extent(renderer)
            text.remove()
            box = (ext.x0 - 2, ext.y0 - 1, ext.x1 + 2, ext.y1 + 1)
            cost = overlap(box, r.topic)
            if best is None or cost < best[0]:
                best = (cost, k, box)
            if cost == 0:
                break
        _, k, box = best
        offset, ha, va = options[k]
        leader = {"arrowstyle": "-", "color": "#999999", "linewidth": 0.5, "shrinkA": 0,
                  "shrinkB": radius[r.topic]} if k >= 4 else None
        ax.annotate(r.label, (r.x, r.y), xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=6.5,
                    color="#333333", arrowprops=leader)
        placed.append(box)


@styled
def plot_question_answer_topics(matrix: pd.DataFrame, *, labels: Mapping[int, str] | None = None,
                                ax: Axes | None = None) -> Figure:
    """Heatmap of question topic (rows) against answer topic (columns).

    Parameters
    ----------
    matrix : pandas.DataFrame
        From :func:`analysis.topics.question_answer_matrix`.
    labels : mapping of int to str, optional
        Topic labels for the row names (``result.labels()``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
        Colour = share of the row's exchanges; cells show the number of exchanges; the
        diagonal (answer on the question's topic) is outlined.
    """
    qs = sorted(matrix["question_topic"].unique())
    as_ = sorted(matrix["answer_topic"].unique())
    share = matrix.pivot(index="question_topic", columns="answer_topic", values="share").reindex(index=qs, columns=as_)
    n = matrix.pivot(index="question_topic", columns="answer_topic", values="n").reindex(index=qs, columns=as_)
    rows = matrix.drop_duplicates("question_topic").set_index("question_topic")["n_question_topic"].reindex(qs)
    fig, ax = figure_and_axes(ax, figsize=(0.5 * len(as_) + 3.8, 0.4 * len(qs) + 1.6))
    im = ax.imshow(share.to_numpy(), cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(n.to_numpy()):
        ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=6.5,
                color="white" if share.to_numpy()[i, j] > 0.6 else "#222222")
    for i, q in enumerate(qs):
        if q in as_:
            j = as_.index(q)
            ax.add_patch(mpl.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor=PALETTE[3], lw=1.2))
    ax.set_xticks(range(len(as_)), [str(t) for t in as_])
    ax.set_yticks(range(len(qs)), [f"{_topic_name(q, labels)} (n={int(c):,})" for q, c in zip(qs, rows)], fontsize=7)
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_xlabel("Topic of the answer")
    ax.set_ylabel("Topic of the question")
    ax.set_title("Does the answer stay on the question's topic?")
    fig.colorbar(im, ax=ax, shrink=0.6, label="Share of the question topic's exchanges",
                 format=mpl.ticker.PercentFormatter(1.0))
    return fig
