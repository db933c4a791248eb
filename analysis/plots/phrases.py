"""Phrase figures: top phrases by group, formula-by-transcript heatmap, formula timeline, and
the collocation network of a word."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import blended_transform_factory, offset_copy

from ._style import PALETTE, color_for, figure_and_axes, fit_label, format_date_axis, period_axis_label, styled

__all__ = ["plot_top_phrases", "plot_formula_heatmap", "plot_formula_timeline", "plot_collocation_network"]

_PHRASE_COLUMNS = ("ngram", "phrase", "formula", "collocation", "answer")


def _phrase_column(table: pd.DataFrame, caller: str) -> str:
    for c in _PHRASE_COLUMNS:
        if c in table:
            return c
    raise ValueError(f"{caller}(): the table needs one of the columns {', '.join(_PHRASE_COLUMNS)}; "
                     f"got {list(table.columns)}.")


def _row_height(labels: Sequence[str], single: float, wrapped: float) -> float:
    """Height (inches) per row: ``single``, or ``wrapped`` when a row label runs to two lines."""
    return wrapped if any("\n" in lab for lab in labels) else single


@styled
def plot_top_phrases(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    value: str = "count",
    top: int = 10,
    ncols: int = 2,
    label_width: int = 44,
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """The most frequent phrases, one panel per group, longest bar on top.

    Phrase labels longer than ``label_width`` characters are wrapped onto two lines; one
    that does not fit in two is shortened in the middle with an ellipsis
    (:func:`~analysis.plots._style.fit_label`).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.phrases.ngram_counts` (``ngram``),
        :func:`~analysis.phrases.recurring_phrases` (``phrase``) or
        :func:`~analysis.phrases.formulae` (``formula``), with the ``value`` column.
    by : str or list of str, optional
        Grouping columns of ``table``: one panel per group, in table order.
    value : str, default="count"
        Bar length (``"count"``, ``"independent"``, ``"n_transcripts"``, ``"per_1000"``...);
        an integer column gets integer ticks.
    top : int, default=10
        Phrases per panel: the ``top`` largest values, rows with equal values in table order
        (a formula table's ranking).
    ncols : int, default=2
        Panels per row.
    label_width : int, default=44
        Characters per line of a phrase label (two lines at most).
    title : str, optional
        Title of the panel when there is no ``by`` (default "All turns"); with ``by`` each
        panel is titled by its group.
    ax : matplotlib Axes, optional
        Draw here (a single group only).

    Returns
    -------
    matplotlib.figure.Figure
    """
    caller = "plot_top_phrases"
    col = _phrase_column(table, caller)
    if value not in table:
        raise ValueError(f"{caller}(): value {value!r} is not a column of the table; got {list(table.columns)}.")
    cols = [by] if isinstance(by, str) else list(by or [])
    labels = (table[cols].astype(str).agg(" / ".join, axis=1).tolist() if cols else ["all"] * len(table))
    groups = list(dict.fromkeys(labels))
    if ax is not None and len(groups) > 1:
        raise ValueError(f"{caller}(): ax= draws one group; the table has {len(groups)} groups of {cols}.")
    colors = color_for(groups) if cols else {"all": PALETTE[0]}
    names = {p: fit_label(p, label_width) for p in table[col].astype(str).unique()}
    lab = np.asarray(labels, dtype=object)
    shown_rows = [table[lab == g].sort_values(value, ascending=False, kind="stable").head(top) for g in groups]
    row = _row_height([names[str(p)] for d in shown_rows for p in d[col]], 0.24, 0.34)
    height = row * top + 0.8
    if ax is not None:
        fig, axes = ax.figure, [ax]
    else:
        ncol = min(ncols, max(len(groups), 1))
        nrow = int(np.ceil(max(len(groups), 1) / ncol))
        fig = Figure(figsize=(4.6 * ncol, height * nrow), layout="constrained")
        grid = fig.subplots(nrow, ncol, squeeze=False)
        axes = list(grid.ravel())
        for a in axes[len(groups):]:
            a.set_visible(False)
    for a, g, rows in zip(axes, groups, shown_rows):
        data = rows.iloc[::-1]
        a.barh([names[str(p)] for p in data[col]], data[value], color=colors.get(g, PALETTE[0]))
        for y, v in enumerate(data[value]):
            a.text(v, y, f" {v:,.0f}" if float(v).is_integer() else f" {v:,.1f}", va="center", fontsize=6.5,
                   color="#444444")
        a.set_title(g if cols else title or "All turns")
        a.set_xlabel(value.replace("_", " "))
        if pd.api.types.is_integer_dtype(data[value]):  # a count: no tick between two integers
            a.xaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))
        a.margins(x=0.15)
        a.tick_params(axis="y", length=0)
    return fig


def _date_gaps(dates: pd.DatetimeIndex, *, factor: float = 20.0, least_days: int = 180) -> list[tuple[int, int]]:
    """Breaks in a sorted run of dates that an evenly spaced axis would hide: each position
    ``i`` whose gap from ``i - 1`` is longer than ``least_days`` and than ``factor`` times the
    median gap between distinct dates, with the gap in whole months. (Between distinct dates:
    transcripts dated by their year alone share 1 January, and the median of all gaps, 0, would
    make every new year a break.)

    >>> _date_gaps(pd.DatetimeIndex(["1990-01-01"] * 3 + ["1991-01-01"] * 3 + ["1992-01-01"] * 3))
    []
    >>> _date_gaps(pd.DatetimeIndex(["2019-01-01", "2019-01-08", "2019-01-15", "2021-06-01"]))
    [(3, 29)]
    """
    if len(dates) < 3:
        return []
    days = np.diff(dates.to_numpy()).astype("timedelta64[D]").astype(float)
    apart = days[days > 0]
    if not len(apart):
        return []
    limit = max(float(least_days), factor * float(np.median(apart)))
    return [(int(i) + 1, int(round(days[i] / 30.44))) for i in np.flatnonzero(days > limit)]


def _gap_ticks(n_dated: int, gaps: list[int], n_columns: int, *, most: int = 8) -> np.ndarray:
    """Columns to label with their month on an axis of ``n_dated`` dated columns broken at
    ``gaps`` (the first column after each long gap): about ``most`` ticks shared among the runs
    between the gaps by their lengths, each run's first column always one, and a tick dropped
    when it falls within a tenth of the ``n_columns`` of the next run's first (a run's last
    month and the next run's first would be printed over each other).

    >>> _gap_ticks(100, [], 100).tolist()
    [0, 14, 28, 42, 57, 71, 85, 99]
    >>> _gap_ticks(430, [429], 431).tolist()
    [0, 61, 122, 183, 245, 306, 367, 429]
    """
    if not n_dated:
        return np.zeros(0, dtype=np.int64)
    starts = [0, *gaps]
    ends = [*gaps, n_dated]
    ticks: list[int] = []
    for a, b in zip(starts, ends):
        k = max(1, round(most * (b - a) / n_dated))
        run = np.linspace(a, b - 1, k).round().astype(int).tolist() if k > 1 else [a]
        ticks.extend(t for t in run if t == a or b == n_dated or b - t >= 0.1 * n_columns)
    return np.array(sorted(set(ticks)), dtype=np.int64)


@styled
def plot_formula_heatmap(
    occurrences: pd.DataFrame,
    *,
    top: int = 20,
    label_width: int = 32,
    ax: Axes | None = None,
) -> Figure:
    """Which transcripts use which formulae: rows formulae, columns transcripts in date order,
    colour the number of uses (log scale, blank when none).

    Columns are evenly spaced, so a long stretch without transcripts (over 180 days and
    over 20 times the median gap between transcripts) is marked by a dashed line and its
    length in months.

    Row labels are the formulae whole, wrapped onto two lines of ``label_width`` characters
    when longer; a formula that does not fit in two lines is shortened in the middle with an
    ellipsis, its first and last words kept (:func:`~analysis.plots._style.fit_label`).

    Parameters
    ----------
    occurrences : pandas.DataFrame
        From :func:`analysis.phrases.formula_occurrences` (``formula``, ``transcript_id``,
        ``date``).
    top : int, default=20
        Formulae shown: those used in the most transcripts.
    label_width : int, default=32
        Characters per line of a row label (two lines at most).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    counts = occurrences.groupby(["formula", "transcript_id"]).size().unstack(fill_value=0)
    spread = (counts > 0).sum(axis=1)
    chosen = spread.sort_values(ascending=False, kind="stable").head(top).index
    order = (occurrences.assign(date=pd.to_datetime(occurrences["date"]))
             .groupby("transcript_id")["date"].first().sort_values(kind="stable", na_position="last"))
    matrix = counts.loc[chosen, order.index]
    names = [fit_label(f, label_width) for f in chosen]
    fig, ax = figure_and_axes(ax, figsize=(8.0, _row_height(names, 0.28, 0.32) * len(chosen) + 1.6))
    values = np.ma.masked_equal(matrix.to_numpy(dtype=float), 0)
    vmax = max(float(values.max()) if values.count() else 1.0, 2.0)
    image = ax.imshow(values, aspect="auto", interpolation="nearest", cmap="Blues",
                      norm=LogNorm(vmin=1, vmax=vmax))
    ax.set_yticks(range(len(chosen)), names)
    dates = order.to_numpy()
    dated = np.flatnonzero(~pd.isna(dates))
    gaps = _date_gaps(pd.DatetimeIndex(dates[dated]))
    ticks = _gap_ticks(len(dated), [i for i, _ in gaps], len(dates))
    ax.set_xticks(ticks, [pd.Timestamp(dates[i]).strftime("%Y-%m") for i in ticks])
    above = blended_transform_factory(ax.transData, ax.transAxes)  # notes just above the top edge
    lines = 0  # lines of notes above the top edge
    for i, months in gaps:
        ax.axvline(i - 0.5, color="#555555", linewidth=0.8, linestyle=(0, (3, 2)))
        ax.text(i - 0.5, 1.005, f"{months} months without transcripts \u2192", fontsize=6.5,
                color="#555555", va="bottom", ha="right", transform=above)
        lines = 1
    if len(dated) < len(dates):
        ax.axvline(len(dated) - 0.5, color="#999999", linewidth=0.6)
        # a line higher when a gap's note ends near it (they would read as one note)
        near = any(len(dated) - i < 0.08 * len(dates) for i, _ in gaps)
        ax.text(len(dated) - 0.5, 1.005, "undated \u2192" if near else "undated", fontsize=6.5, color="#555555",
                va="bottom", ha="right" if near else "left",
                transform=offset_copy(above, fig=fig, y=9 * near, units="points"))
        lines = 1 + near
    ax.set_xlabel(f"Transcripts in date order ({len(dates)} using a formula shown)")
    # above the lines of gap and "undated" notes, which would otherwise run into it
    ax.set_title("Formulae by transcript", pad=6 + 10 * lines)
    ax.tick_params(axis="y", length=0)
    cbar = fig.colorbar(image, ax=ax, fraction=0.03, pad=0.01)
    ticks = [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500) if t <= vmax]
    cbar.set_ticks(ticks, labels=[str(t) for t in ticks])  # counts, not powers of ten
    cbar.ax.minorticks_off()
    cbar.set_label("uses in transcript (log scale)")
    return fig


@styled
def plot_formula_timeline(
    spread: pd.DataFrame,
    *,
    top: int = 12,
    label_width: int = 40,
    period: str | None = None,
    trends: pd.DataFrame | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Each formula's share of transcripts per period: one row per formula, dot area = share.

    Parameters
    ----------
    spread : pandas.DataFrame
        From :func:`analysis.phrases.formula_spread` (``formula``, ``period_start``,
        ``share``, ``n_transcripts``).
    top : int, default=12
        Formulae shown, in the table's order.
    label_width : int, default=40
        Characters per line of a row label (two lines at most; see
        :func:`~analysis.plots._style.fit_label`).
    period : str, optional
        The ``freq`` the spread was made with (``"Q"``, ``"quarter"``, ``"month"``...), named
        in the title and on the x axis; None says "period".
    trends : pandas.DataFrame, optional
        From :func:`analysis.phrases.formula_emergence` (``formula``, ``tau``, ``trend``):
        each row's dots are coloured by its trend (rising, fading, or no significant
        trend) and its Kendall's tau is written at the row's right end.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    names = list(dict.fromkeys(spread["formula"]))[:top]
    shown = [fit_label(n, label_width) for n in names]
    fig, ax = figure_and_axes(ax, figsize=(7.5 + (0.6 if trends is not None else 0),
                                           _row_height(shown, 0.32, 0.36) * len(names) + 1.4))
    data = spread[spread["formula"].isin(names)]
    row = {n: i for i, n in enumerate(names)}
    y = data["formula"].map(row).to_numpy()
    x = pd.to_datetime(data["period_start"]).to_numpy()
    share = data["share"].to_numpy(dtype=float)
    used = share > 0
    kind = _trend_kinds(names, trends)
    color = np.array([_TREND_COLORS[kind[n]] for n in data["formula"]], dtype=object)
    ax.scatter(x[~used], y[~used], s=4, color="#cccccc", linewidths=0)
    ax.scatter(x[used], y[used], s=20 + 380 * share[used], color=list(color[used]), alpha=0.75, linewidths=0)
    ax.set_yticks(range(len(names)), shown)
    ax.set_ylim(len(names) - 0.5, -0.5)
    format_date_axis(ax.xaxis, ticks=np.unique(x))  # a tick at each period
    noun, xlabel = period_axis_label(period)
    ax.set_xlabel(xlabel)
    ax.set_title(f"Share of transcripts using each formula, per {noun}")
    ax.tick_params(axis="y", length=0)
    handles = [ax.scatter([], [], s=4, color="#cccccc", linewidths=0, label="not used")]
    for s in (0.1, 0.5, 1.0):
        handles.append(ax.scatter([], [], s=20 + 380 * s, color="#777777" if trends is not None else PALETTE[0],
                                  alpha=0.75, linewidths=0, label=f"{s:.0%}"))
    legend = ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="share", labelspacing=1.2)
    if trends is not None:
        tau = trends.drop_duplicates("formula").set_index("formula")["tau"]
        at = blended_transform_factory(ax.transAxes, ax.transData)
        for n, i in row.items():
            t = tau.get(n, np.nan)
            ax.text(1.01, i, "τ n/a" if pd.isna(t) else f"τ {t:+.2f}", transform=at, va="center", ha="left",
                    fontsize="small", color=_TREND_COLORS[kind[n]])
        ax.add_artist(legend)
        present = [k for k in _TREND_COLORS if k in kind.values()]
        marks = [ax.scatter([], [], s=60, color=_TREND_COLORS[k], alpha=0.75, linewidths=0, label=_TREND_LABELS[k])
                 for k in present]
        legend.set_bbox_to_anchor((1.1, 1.0))
        ax.legend(handles=marks, loc="lower left", bbox_to_anchor=(1.1, 0.0), title="trend (Mann-Kendall)")
    return fig


#: Dot colours of :func:`plot_formula_timeline` by a formula's trend.
_TREND_COLORS = {"rising": PALETTE[2], "fading": PALETTE[3], "other": PALETTE[0]}
_TREND_LABELS = {"rising": "rising", "fading": "fading", "other": "no significant trend"}


def _trend_kinds(names: Sequence[str], trends: pd.DataFrame | None) -> dict[str, str]:
    """Each of ``names``' trend ("rising", "fading", else "other") in ``trends``, checked."""
    if trends is None:
        return dict.fromkeys(names, "other")
    missing = [c for c in ("formula", "tau", "trend") if c not in trends]
    if missing:
        raise ValueError(f"plot_formula_timeline(): trends needs the columns formula, tau and trend of "
                         f"formula_emergence(); missing {missing}.")
    trend = trends.drop_duplicates("formula").set_index("formula")["trend"]
    return {n: trend.get(n) if trend.get(n) in ("rising", "fading") else "other" for n in names}


@styled
def plot_collocation_network(
    colloc: pd.DataFrame,
    *,
    word: str,
    top: int = 15,
    measure: str = "llr",
    random_state: int = 0,
    ax: Axes | None = None,
) -> Figure:
    """The collocates of ``word`` and the collocations among them, as a network.

    Parameters
    ----------
    colloc : pandas.DataFrame
        Bigrams from :func:`analysis.phrases.collocations` (``w1``, ``w2``, ``count`` and
        ``measure``). Pass the whole table to see links between collocates too, or a table
        made with ``word=`` for the star alone.
    word : str
        The centre (a token as in the table: lower-case when it was made lower-case).
    top : int, default=15
        Collocates shown: the highest by ``measure``.
    measure : str, default="llr"
        Column giving edge width.
    random_state : int, default=0
        Kept for compatibility: the layout has no randomness (the word at the centre, its
        collocates evenly on a circle around it, strongest at the top, clockwise), so no edge
        runs through a node it does not join.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        ``word`` has no collocate in the table.
    """
    caller = "plot_collocation_network"
    for c in ("w1", "w2", measure):
        if c not in colloc:
            raise ValueError(f"{caller}(): colloc needs column {c!r} (bigrams from collocations()).")
    first = colloc[(colloc["w1"] == word) | (colloc["w2"] == word)]
    first = first.sort_values([measure, "w1", "w2"], ascending=[False, True, True]).head(top)
    if first.empty:
        raise ValueError(f"{caller}(): {word!r} has no collocate in the table; try a lower min_count in "
                         "collocations() or another word.")
    neighbours = set(first["w1"]) | set(first["w2"])
    second = colloc[colloc["w1"].isin(neighbours) & colloc["w2"].isin(neighbours)
                    & (colloc["w1"] != word) & (colloc["w2"] != word)]
    edges = pd.concat([first, second]).drop_duplicates(["w1", "w2"])
    graph = nx.Graph()
    graph.add_node(word)
    for n in sorted(neighbours - {word}):
        graph.add_node(n)
    top_score = float(edges[measure].max()) or 1.0
    for r in edges.sort_values(["w1", "w2"]).itertuples(index=False):
        w = float(getattr(r, measure)) / top_score
        if graph.has_edge(r.w1, r.w2):
            w = max(w, graph[r.w1][r.w2]["weight"])
        graph.add_edge(r.w1, r.w2, weight=max(w, 0.05))
    strength = {n: 0.0 for n in graph.nodes}
    for r in first.itertuples(index=False):
        other = r.w2 if r.w1 == word else r.w1
        strength[other] = max(strength[other], float(getattr(r, measure)) / top_score)
    pos = _star_layout(word, sorted(neighbours - {word}, key=lambda n: (-strength[n], n)))
    fig, ax = figure_and_axes(ax, figsize=(6.4, 5.6))
    for a, b, d in sorted(graph.edges(data=True)):
        centre = word in (a, b)
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color=PALETTE[0] if centre else "#bbbbbb",
                linewidth=0.5 + 3.5 * d["weight"], alpha=0.8 if centre else 0.6, zorder=1)
    nodes = sorted(graph.nodes)
    ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes],
               s=[300 if n == word else _node_size(strength[n]) for n in nodes],
               color=[PALETTE[3] if n == word else PALETTE[1] for n in nodes], zorder=2, linewidths=0)
    for n in nodes:  # labels outside the circle, away from the centre: no edge (inside it) crosses one
        if n == word:
            continue
        x, y = pos[n]
        ax.annotate(n, pos[n], xytext=(9 * x, 9 * y), textcoords="offset points", zorder=3, fontsize=7.5,
                    ha="left" if x > 0.3 else "right" if x < -0.3 else "center",
                    va="bottom" if y > 0.3 else "top" if y < -0.3 else "center")
    ax.set_axis_off()
    ax.set_aspect("equal")
    ax.margins(0.18)
    label = {"llr": "log-likelihood G2", "pmi": "PMI", "npmi": "NPMI", "t_score": "t-score", "dice": "Dice"}
    name = label.get(measure, measure)
    ax.scatter([], [], s=120, color=PALETTE[3], linewidths=0, label=f"\u201c{word}\u201d (centre)")
    ax.plot([], [], color=PALETTE[0], linewidth=2, alpha=0.8, label=f"pair with \u201c{word}\u201d")
    if len(second):
        ax.plot([], [], color="#bbbbbb", linewidth=2, alpha=0.6, label="pair of two collocates")
    for share in (1.0, 0.5):  # node size: the pair's score with the word, as a share of the highest
        ax.scatter([], [], s=_node_size(share), color=PALETTE[1], linewidths=0,
                   label=f"node size: {name} {share * top_score:,.0f} with \u201c{word}\u201d")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.01), ncols=2, fontsize=7.5, frameon=False,
              labelspacing=1.1, handletextpad=0.8)
    label = {"llr": "log-likelihood G2", "pmi": "PMI", "npmi": "NPMI", "t_score": "t-score", "dice": "Dice"}
    ax.set_title(f"Collocates of \u201c{word}\u201d (edge width: {name})")
    return fig


def _node_size(share: float) -> float:
    """Marker area (points squared) of a collocate whose score is ``share`` of the highest."""
    return 40 + 200 * share


def _star_layout(centre: str, around: Sequence[str]) -> dict[str, np.ndarray]:
    """The centre at the origin, the others evenly on the unit circle (first at the top,
    clockwise), in an odd number of slots so no two are opposite: every edge is a spoke from
    the centre or a chord between two collocates, and neither passes through a third node (a
    chord between two points of a circle meets it nowhere else, and misses the centre unless
    the points are opposite). Every edge lies inside the circle, so labels written outside it
    are never crossed."""
    slots = len(around) + (len(around) % 2 == 0)
    pos = {centre: np.zeros(2)}
    for i, n in enumerate(around):
        angle = np.pi / 2 - 2 * np.pi * i / max(slots, 1)
        pos[n] = np.array([np.cos(angle), np.sin(angle)])
    return pos
