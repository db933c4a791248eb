"""Term figures: top terms by group, keyness bars, log-odds scatter, x-ray dispersion plot,
term trends. Each takes a table from :mod:`analysis.terms` and returns a Figure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.transforms import blended_transform_factory
from matplotlib.figure import Figure

from ._style import PALETTE, break_date_gaps, color_for, figure_and_axes, styled, thousands

__all__ = ["plot_top_terms", "plot_keyness", "plot_log_odds", "plot_dispersion", "plot_term_trends"]

_VALUE_LABELS = {
    "count": "Occurrences",
    "per_1000": "Uses per 1,000 words",
    "g2": "Log-likelihood G\u00b2",
    "chi2": "Chi-square",
    "log_ratio": "Log ratio (doublings of the rate)",
    "pct_diff": "%DIFF",
    "tfidf": "TF-IDF weight",
}


def _panels(n: int, ncols: int, *, panel: tuple[float, float], ax: Axes | None) -> tuple[Figure, list[Axes]]:
    if ax is not None:
        if n > 1:
            raise ValueError(f"ax= draws one panel but the table has {n} groups; select one group first.")
        return ax.figure, [ax]
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig = Figure(figsize=(panel[0] * ncols, panel[1] * nrows + 0.4), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel().tolist()
    for extra in axes[n:]:
        extra.set_visible(False)
    return fig, axes[:n]


def _luminance(color: str) -> float:
    """Relative luminance (WCAG) of a colour; above 0.21 dark text contrasts more than white."""
    rgb = np.asarray(to_rgb(color))
    lin = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def _group_labels(frame: pd.DataFrame, by: Sequence[str]) -> list[str]:
    from ..terms._base import label

    if not by:
        return ["all"] * len(frame)
    return [label(t[0] if len(by) == 1 else t) for t in frame[list(by)].itertuples(index=False, name=None)]


@styled
def plot_top_terms(
    freqs: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    top: int = 10,
    value: str = "per_1000",
    ncols: int = 3,
    ax: Axes | None = None,
) -> Figure:
    """Most frequent terms, one panel per group (small multiples), bars largest on top.

    Parameters
    ----------
    freqs : pandas.DataFrame
        From :func:`analysis.terms.term_frequencies` (``term``, ``count`` and ``value``).
    by : str or list of str, optional
        The grouping columns of ``freqs``; one panel per group, in table order.
    top : int, default=10
        Terms per panel (by ``count``).
    value : str, default="per_1000"
        Bar length column (``"per_1000"`` or ``"count"``); each bar is labelled with its own
        length (the plotted value, three significant digits), so the labels read on the axis.
    ncols : int, default=3
        Panels per row; every panel shares one value axis (0 to the longest bar of all), so
        bars compare across groups.
    ax : matplotlib Axes, optional
        Draw a single group here.
    """
    cols = [by] if isinstance(by, str) else list(by or [])
    labels = _group_labels(freqs, cols)
    order = list(dict.fromkeys(labels))
    colors = color_for(order) if cols else {"all": PALETTE[0]}
    fig, axes = _panels(len(order), ncols, panel=(3.2, 0.22 * top + 0.7), ax=ax)
    lab = np.asarray(labels, dtype=object)
    shown = [freqs[lab == g].sort_values(["count", "term"], ascending=[False, True]).head(top).iloc[::-1]
             for g in order]
    longest = max((float(d[value].max()) for d in shown if len(d)), default=1.0) or 1.0
    digits = _label_decimals(pd.concat([d[value] for d in shown]) if shown else pd.Series(dtype=float))
    for a, g, data in zip(axes, order, shown):
        a.barh(data["term"].astype(str), data[value], color=colors.get(g, PALETTE[0]))
        for y, v in enumerate(data[value]):
            a.text(v, y, f" {v:,.{digits}f}", va="center", fontsize=6.5, color="#444444")
        a.set_title(g if cols else "All turns")
        a.set_xlabel(_VALUE_LABELS.get(value, value))
        a.set_xlim(0, longest * 1.22)  # one scale for every panel; room for the labels
        a.tick_params(axis="y", length=0)
    return fig


def _label_decimals(values: pd.Series) -> int:
    """Decimals that give the bars' labels about three significant digits (0 for whole numbers)."""
    v = values[pd.notna(values) & (values > 0)].astype(float)
    if v.empty or (v == v.round()).all():
        return 0
    return int(min(3, max(0, 2 - math.floor(math.log10(v.median())))))


#: What a keyness table's ``score`` may be, told by the column it equals: (column, name, whether
#: the column is unsigned and the score carries the direction as its sign).
_SCORES = (("g2", "Log-likelihood G\u00b2", True), ("chi2", "Chi-square \u03c7\u00b2", True),
           ("log_ratio", "Log ratio (binary log of the ratio of rates)", False), ("pct_diff", "%DIFF", False))
#: The test statistics among them (a table's p-values are of one of them), and their symbols.
_TESTS = {"g2": "G\u00b2", "chi2": "\u03c7\u00b2"}
#: Levels tried, in order, for the ``significant`` column of a keyness table.
_LEVELS = (0.05, 0.01, 0.001, 0.1)


def _score_name(table: pd.DataFrame) -> tuple[str, str]:
    """The statistic in a keyness table's ``score``: (its column, its axis label), found by the
    column the score equals (``keyness(measure=...)`` is not recorded in the table); the
    column is "score" and the label "Keyness score" when it equals none of them."""
    score = table["score"].to_numpy(dtype=float)
    for col, name, unsigned in _SCORES:
        if col in table.columns and len(score):
            stat = table[col].to_numpy(dtype=float)
            if np.allclose(np.abs(score) if unsigned else score, stat, rtol=1e-9, atol=1e-12, equal_nan=True):
                return col, f"{name}, signed by direction" if unsigned else name
    return "score", "Keyness score"


#: The significance cut-off's dashed lines are drawn when they lie at least this share of the
#: half-axis away from 0; nearer, they would merge with the zero line, and the axis label says so.
CUT_OFF_MIN_SHARE = 0.03


def _cut_off(table: pd.DataFrame, value: str) -> tuple[float, str] | None:
    """The significance cut-off on the plotted ``value``: the smallest ``|value|`` of the rows
    marked ``significant``, when every significant row is above every other (so ``significant``
    is a cut-off on it, as with G\u00b2 and its p-values); else None. With it, the level: "adjusted
    p < 0.05" when ``p_adjusted`` puts the line of ``significant`` at a usual level."""
    if "significant" not in table.columns:
        return None
    size = np.abs(table[value].to_numpy(dtype=float))
    sig = table["significant"].to_numpy(dtype=bool)
    ok = np.isfinite(size)
    if not (sig & ok).any() or not (~sig & ok).any():
        return None
    cut = float(size[sig & ok].min())
    if cut <= float(size[~sig & ok].max()):
        return None
    level = ""
    if "p_adjusted" in table.columns:
        p = table["p_adjusted"].to_numpy(dtype=float)
        level = next((f", adjusted p < {a:g}" for a in _LEVELS
                      if (p[sig] < a).all() and (p[~sig & np.isfinite(p)] >= a).all()), "")
    return cut, level


def _keyness_rows(data: pd.DataFrame, target: str, reference: str, top: int, value: str,
                  clip: float | None) -> tuple[pd.DataFrame, float]:
    """One comparison's bars (most under-used at the bottom, most over-used on top) and the
    half-width of the axis they need (the next longest bar's reach when the longest is cut)."""
    sub = data[(data["target"] == target) & (data["reference"] == reference)]
    pos = sub[sub["score"] > 0].sort_values(["score", "term"], ascending=[False, True]).head(top)
    neg = sub[sub["score"] < 0].sort_values(["score", "term"], ascending=[True, True]).head(top)
    rows = pd.concat([neg, pos.iloc[::-1]])
    vals = rows[value].to_numpy(dtype=float)
    sizes = np.sort(np.abs(vals[np.isfinite(vals)]))[::-1]
    lim = float(sizes[0]) if len(sizes) and sizes[0] > 0 else 1.0
    if clip is not None and len(sizes) > 1 and sizes[1] > 0 and sizes[0] > clip * sizes[1]:
        lim = 1.15 * float(sizes[1])
    return rows, lim


@styled
def plot_keyness(
    table: pd.DataFrame,
    *,
    top: int = 12,
    value: str = "score",
    significant_only: bool = True,
    ncols: int = 2,
    clip: float | None = 2.5,
    sharex: bool = True,
    labels: Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Diverging bars: terms the target over-uses (right) and under-uses (left).

    The axis names the statistic the bars show: with ``value="score"``, the one the table's
    ``score`` equals ("Log-likelihood G\u00b2, signed by direction" for ``keyness``'s default
    ``measure="g2"``). When it is a test statistic (G\u00b2 or chi-square) and the table's
    ``significant`` column is a cut-off on it (every significant term above every other, as
    the adjusted p-values of that test make it), dashed lines mark the cut-off on both sides
    and the axis says its value and level; where the lines would lie on the zero line (nearer
    0 than :data:`CUT_OFF_MIN_SHARE` of the half-axis, as with bars in the thousands and a
    cut-off of 5.6), they are not drawn and the axis says the cut-off is too close to 0 to
    draw. An effect size (log ratio, %DIFF) has none.

    One panel per comparison (``target`` vs ``reference``) in the table. When one bar
    dwarfs the others (longer than ``clip`` times the next longest in its panel), the axis
    stops a little beyond the next longest bar and the dominant bar is cut: it ends at the
    axis edge with a break mark (two white slashes) and its true value written inside it,
    so the other bars stay readable and no length is misread.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.terms.keyness`.
    top : int, default=12
        Terms per side, chosen by ``score``.
    value : str, default="score"
        Bar length column (``"score"``, ``"log_ratio"``, ``"g2"``...).
    significant_only : bool, default=True
        Keep rows with ``significant`` True.
    ncols : int, default=2
        Panels per row.
    clip : float or None, default=2.5
        Cut the longest bar when it is more than this many times the next longest (the
        axis then reaches 1.15 times the next longest); None never cuts.
    sharex : bool, default=True
        One scale for every panel (the widest panel's), so bar lengths compare across
        comparisons; False fits each panel to its own bars.
    labels : mapping of str to str, optional
        Names to show for the table's ``target`` and ``reference`` values in the titles and
        axes, e.g. ``{"target": "2000 and later", "reference": "before 2000"}`` for a table of
        a boolean target (which :func:`~analysis.terms.keyness` names "target" and "reference").
    ax : matplotlib Axes, optional
        Draw a single comparison here.

    Examples
    --------
    >>> t = pd.DataFrame({"target": "target", "reference": "reference", "term": ["climate", "détente"],
    ...                   "score": [12.0, -9.0], "significant": True})
    >>> plot_keyness(t, labels={"target": "2000 and later", "reference": "before 2000"}).axes[0].get_title()
    '2000 and later vs before 2000'
    """
    if labels is not None and not isinstance(labels, Mapping):
        raise TypeError(f"plot_keyness(): labels must be a mapping of the table's target and reference values to the "
                        f"names to show; got {type(labels).__name__}.")
    shown_as = dict(labels or {})
    data = table[table["significant"].astype(bool)] if significant_only and "significant" in table else table
    pairs = list(dict.fromkeys(zip(table["target"], table["reference"])))
    if not pairs:
        raise ValueError("plot_keyness(): the table has no comparison to plot.")
    fig, axes = _panels(len(pairs), ncols, panel=(3.6, 0.2 * 2 * top + 0.8), ax=ax)
    colors = color_for(list(dict.fromkeys([t for t, _ in pairs] + [r for _, r in pairs])))
    panels = [_keyness_rows(data, t, r, top, value, clip) for t, r in pairs]
    shared = max(lim for _, lim in panels)
    column, name = _score_name(table) if value == "score" else (value, _VALUE_LABELS.get(value, value))
    cut = _cut_off(table, value) if column in _TESTS else None  # an effect size has no cut-off of its own
    for a, (t, r), (rows, lim) in zip(axes, pairs, panels):
        lim = shared if sharex else lim
        label = name
        if cut is not None:
            # a line within 3% of the half-axis of 0 would be drawn on the zero line
            drawn = cut[0] >= CUT_OFF_MIN_SHARE * 1.45 * max(lim, cut[0] / 1.4)
            said = f"significance cut-off, {_TESTS[column]} = {cut[0]:,.1f}{cut[1]}"
            label += f"\ndashed: {said}" if drawn else f"\n{said}\n(too close to 0 to draw at this scale)"
        y = np.arange(len(rows))
        vals = rows[value].to_numpy(dtype=float)
        c_t = colors.get(t, PALETTE[0])
        c_r = colors.get(r, "#999999") if r not in ("rest", "reference list") else "#999999"
        shown = np.clip(vals, -lim, lim)
        a.barh(y, shown, color=[c_t if s > 0 else c_r for s in rows["score"]])
        for yi, v, w, term in zip(y, vals, shown, rows["term"]):
            a.text(w, yi, f" {term} ", va="center", ha="left" if v >= 0 else "right", fontsize=7)
            if np.isfinite(v) and abs(v) > lim:  # a cut bar: break mark and its value
                side = np.sign(v)
                for f in (0.86, 0.9):
                    a.plot([side * f * lim], [yi], marker=[(-0.5, -1.0), (0.5, 1.0)], markersize=11,
                           markeredgewidth=1.8, color="white", linestyle="none", label="_break")
                bar = c_t if rows["score"].iloc[yi] > 0 else c_r
                a.text(side * 0.82 * lim, yi, f"{v:,.0f}".replace("-", "\u2212"), va="center",
                       ha="right" if v > 0 else "left", fontsize=7, fontweight="bold",
                       color="#222222" if _luminance(bar) > 0.21 else "white")
        a.axvline(0, color="#333333", linewidth=0.8)
        if cut is not None:
            if drawn:
                for x in (-cut[0], cut[0]):
                    a.axvline(x, color="#555555", linewidth=0.7, linestyle=(0, (3, 2)), zorder=0.5)
            lim = max(lim, cut[0] / 1.4)  # the cut-off inside the axis
        a.set_yticks([])
        a.spines["left"].set_visible(False)
        t_name, r_name = str(shown_as.get(t, t)), str(shown_as.get(r, r))
        title = f"{t_name} vs {r_name}"
        a.set_title(title[:1].upper() + title[1:])  # "official vs questioner" opens a sentence
        a.set_xlabel(label + f"\n\u2190 more in {r_name}   |   more in {t_name} \u2192")
        a.set_xlim(-1.45 * lim, 1.45 * lim)
        a.xaxis.set_major_formatter(thousands)
    return fig


@styled
def plot_log_odds(
    table: pd.DataFrame,
    *,
    target: str | None = None,
    n_labels: int = 10,
    z: float = 1.96,
    ax: Axes | None = None,
) -> Figure:
    """Monroe et al.'s "fightin' words" scatter: frequency (log) against z-score.

    Terms beyond ``+-z`` are coloured by the group they mark; the ``n_labels`` strongest on
    each side are labelled, placed without overlap by adjustText (a fixed number of
    iterations, so the layout is deterministic).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.terms.distinctive_terms`.
    target : str, optional
        The comparison to draw when the table holds several (its ``target`` label).
    n_labels : int, default=10
        Labelled terms per side.
    z : float, default=1.96
        Threshold for colouring (1.96: two-sided 5%).
    ax : matplotlib Axes, optional
    """
    from adjustText import adjust_text
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    targets = list(dict.fromkeys(table["target"]))
    if target is None:
        if len(targets) > 1:
            raise ValueError(f"plot_log_odds(): the table holds {len(targets)} comparisons; choose one with "
                             f"target= (one of {', '.join(map(repr, targets[:8]))}).")
        target = targets[0] if targets else ""
    sub = table[table["target"] == target]
    if sub.empty:
        raise ValueError(f"plot_log_odds(): no comparison with target {target!r}.")
    reference = sub["reference"].iloc[0]
    fig, ax = figure_and_axes(ax, figsize=(6.4, 4.6))
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    colors = color_for([target, reference])
    c_t = colors[target]
    c_r = "#999999" if reference == "rest" else colors[reference]
    x = sub["count"].to_numpy(dtype=float)
    zz = sub["z"].to_numpy(dtype=float)
    col = np.where(zz >= z, c_t, np.where(zz <= -z, c_r, "#cccccc"))
    ax.scatter(x, zz, s=6, c=col, linewidths=0, rasterized=False)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(thousands)  # 10, 100, 1,000 rather than powers of ten
    ax.axhline(z, color="#999999", linewidth=0.6, linestyle="--")
    ax.axhline(-z, color="#999999", linewidth=0.6, linestyle="--")
    edge = blended_transform_factory(ax.transAxes, ax.transData)
    for level in (z, -z):  # say what the dashed lines are
        ax.text(1.0, level, f" z = {level:+.2f}".replace("-", "\u2212"), transform=edge, va="center", ha="left",
                fontsize=6.5, color="#777777")
    hi = sub.sort_values(["z", "term"], ascending=[False, True])
    lo = sub.sort_values(["z", "term"], ascending=[True, True])
    picks = pd.concat([hi[hi["z"] >= z].head(n_labels), lo[lo["z"] <= -z].head(n_labels)])
    texts = [ax.text(r["count"], r["z"], r["term"], fontsize=7,
                     color=c_t if r["z"] > 0 else ("#555555" if reference == "rest" else c_r))
             for _, r in picks.iterrows()]
    if texts:
        adjust_text(texts, ax=ax, iter_lim=200, time_lim=None,
                    arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.4})
    ax.set_xlabel("Occurrences in both groups (log scale)")
    ax.set_ylabel("z-score of the log-odds ratio")
    ax.set_title(f"Words that mark {target} (up) and {'the others' if reference == 'rest' else reference} (down)")
    return fig


@styled
def plot_dispersion(
    positions: pd.DataFrame,
    *,
    n_words: int | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Lexical dispersion ("x-ray") plot: a tick where each term occurs in the corpus.

    As NLTK's ``dispersion_plot`` and quanteda's ``textplot_xray``: one row per term, the
    x-axis the position in words from the start of the corpus. The ticks are drawn as an
    image inside a vector file (SVG, PDF), at the figure's resolution, while text and axes
    stay vector: one path per use would make a file of tens of megabytes on a large corpus
    (300,000 uses: 46 MB) that editors and browsers open slowly, and hairlines a few
    thousandths of the axis apart cannot be told apart anyway.

    Parameters
    ----------
    positions : pandas.DataFrame
        From :func:`analysis.terms.term_positions` (``term``, ``offset``, optionally
        ``date`` for year marks on the axis: at each year's first word when
        ``positions.attrs["year_starts"]`` gives them, else at the first use of a term dated in
        that year; years between the first and the last with no transcript are named under
        the axis).
    n_words : int, optional
        Corpus length in words (default: ``positions.attrs["n_words"]`` or the last offset).
    ax : matplotlib Axes, optional
    """
    terms = list(dict.fromkeys(positions["term"]))
    fig, ax = figure_and_axes(ax, figsize=(7.5, 0.38 * max(len(terms), 1) + 1.3))
    total = n_words or positions.attrs.get("n_words") or (int(positions["offset"].max()) + 1 if len(positions) else 1)
    for i, t in enumerate(terms):
        xs = positions.loc[positions["term"] == t, "offset"].to_numpy()
        ticks = np.empty((len(xs), 2, 2))  # ax.vlines' segments, made without its masked arrays
        ticks[:, :, 0] = xs[:, None]
        ticks[:, 0, 1], ticks[:, 1, 1] = i - 0.38, i + 0.38
        ax.add_collection(LineCollection(ticks, color=PALETTE[i % len(PALETTE)], linewidth=0.6, rasterized=True))
        ax.text(total * 1.005, i, f"{len(xs):,}", va="center", fontsize=7, color="#444444")
    ax.text(total * 1.005, -0.5, "uses", va="bottom", fontsize=7, color="#444444")
    ax.set_yticks(range(len(terms)), terms)
    ax.set_ylim(len(terms) - 0.5, -0.5)
    ax.set_xlim(0, total)
    ax.xaxis.set_major_formatter(thousands)
    ax.set_xlabel("Position in the corpus (words)")
    ax.set_title("Where each term occurs (lexical dispersion)")
    marks = _year_marks(positions)
    if marks:
        top = ax.secondary_xaxis("top")
        top.set_xticks([off for _, off in marks], [str(y) for y, _ in marks])
        top.tick_params(labelsize=7)
        for _, off in marks[1:]:
            ax.axvline(off, color="#dddddd", linewidth=0.6, zorder=0)
        seen = {y for y, _ in marks}
        missing = [y for y in range(marks[0][0], max(seen) + 1) if y not in seen]
        if missing and "year_starts" in positions.attrs:  # (term uses alone cannot tell a year is absent)
            ax.set_xlabel(f"Position in the corpus (words); no transcript in {_year_list(missing)}")
    return fig


def _year_marks(positions: pd.DataFrame) -> list[tuple[int, int]]:
    """``(year, offset)`` of each year's mark on the x-ray's top axis, in offset order: its first
    word (``positions.attrs["year_starts"]``) or, without it, the first use of a term dated in it."""
    starts = positions.attrs.get("year_starts")
    if starts:
        return sorted(((int(y), int(o)) for y, o in starts.items()), key=lambda m: (m[1], m[0]))
    if "date" not in positions.columns or not positions["date"].notna().any():
        return []
    dated = positions.dropna(subset=["date"]).sort_values("offset")
    years = pd.to_datetime(dated["date"]).dt.year.to_numpy()
    first = np.flatnonzero(np.r_[True, years[1:] != years[:-1]])
    return list(zip(years[first].tolist(), dated["offset"].to_numpy()[first].tolist()))


def _year_list(years: list[int]) -> str:
    """``[2021]`` -> "2021"; ``[2009, 2010, 2011, 2015]`` -> "2009-2011 and 2015"."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _break_gaps(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Insert a gap (NaN) where consecutive periods are more than twice the usual step apart,
    so a line does not bridge months without any transcript."""
    if len(x) < 3:
        return x, y
    steps = np.diff(x).astype("timedelta64[D]").astype(float)
    cut = np.flatnonzero(steps > 2 * np.median(steps))
    if not len(cut):
        return x, y
    mids = x[cut] + (x[cut + 1] - x[cut]) / 2
    return np.insert(x, cut + 1, mids), np.insert(y, cut + 1, np.nan)


@styled
def plot_term_trends(
    trends: pd.DataFrame,
    *,
    value: str = "per_1000",
    by: str | None = None,
    ncols: int = 2,
    max_gap_days: float | None = 180,
    ax: Axes | None = None,
) -> Figure:
    """Lines of each term's rate over time (one panel per ``by`` group).

    Lines break where consecutive periods are more than twice the usual step apart (no
    transcripts in between). A stretch of more than ``max_gap_days`` without any period is
    also squeezed on the time axis to a narrow shaded band labelled with its dates (the axis
    line is cut there; :func:`~analysis.plots._style.break_date_gaps`), so a few periods
    years after the rest do not flatten the series.

    Parameters
    ----------
    trends : pandas.DataFrame
        From :func:`analysis.terms.term_trends`.
    value : str, default="per_1000"
        ``"per_1000"`` or ``"count"``.
    by : str, optional
        The grouping column of ``trends``, one panel per group.
    ncols : int, default=2
    max_gap_days : float or None, default=180
        Squeeze empty stretches longer than this; None draws one linear time axis.
    ax : matplotlib Axes, optional
    """
    groups = list(dict.fromkeys(trends[by])) if by else [None]
    fig, axes = _panels(len(groups), ncols, panel=(6.8 if not by else 4.2, 3.0), ax=ax)
    terms = list(dict.fromkeys(trends["term"]))
    for a, g in zip(axes, groups):
        sub = trends if g is None else trends[trends[by] == g]
        for i, t in enumerate(terms):
            d = sub[sub["term"] == t].sort_values("period")
            x, y = _break_gaps(pd.to_datetime(d["period"]).to_numpy(), d[value].to_numpy(dtype=float))
            a.plot(x, y, marker="o", markersize=2.5, linewidth=1.2, color=PALETTE[i % len(PALETTE)], label=t)
        a.set_ylabel(_VALUE_LABELS.get(value, value))
        a.set_title(str(g) if g is not None else "Term use over time")
        a.set_ylim(bottom=0)
        if max_gap_days is not None:
            break_date_gaps(a, pd.to_datetime(sub["period"]).unique(), max_gap_days=max_gap_days,
                            maxticks=8 if not by else 5, gap_label="no transcripts")
    axes[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
