"""One publication style for every figure: fonts, sizes, a colour-blind-safe palette,
labelled axes and a source note.

Use :func:`figure_and_axes` to honour ``ax=`` and :func:`add_source_note` for the corpus line;
:func:`format_date_axis` for dates (the year always shown where it changes, first tick
included), :func:`break_date_gaps` for a time axis with a long empty stretch, and
:func:`fit_label` for long category labels (wrapped, never cut at the end).

Every text of a figure drawn by a ``plot_*`` function (titles, axis labels, tick labels,
legends, annotations) passes through one escaping function, :func:`literal_text`, applied by
:func:`styled` (and again by :func:`analysis.figures.save_figure` and ``regenerate``), so
text from transcripts is drawn as written: a dollar sign is never mathtext, control
characters never reach an SVG (where they would break the XML), and a label is never longer
than :data:`LABEL_MAX_CHARS` characters a line (a huge speaker name cannot make a huge image).
"""

from __future__ import annotations

import functools
import re
import textwrap
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.category import StrCategoryFormatter, StrCategoryLocator
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import blended_transform_factory, offset_copy

from ..periods import period_noun

__all__ = ["PALETTE", "ROLE_COLORS", "style", "styled", "figure_and_axes", "add_source_note", "color_for",
           "YearDateFormatter", "format_date_axis", "period_axis_label", "date_segments", "break_date_gaps",
           "fit_label", "fit_tick_labels", "set_title",
           "thousands", "LABEL_MAX_CHARS", "LABEL_MAX_LINES", "literal_text", "literal_figure"]

#: Okabe & Ito (2008) colour-blind-safe palette (black last).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
#: Fixed colours per speaker role, so every figure uses the same ones.
ROLE_COLORS = {"official": "#0072B2", "questioner": "#E69F00", "moderator": "#009E73", "unknown": "#999999"}

#: Fonts with Chinese and Japanese characters, used (when installed) for the characters
#: DejaVu Sans lacks; without one, those characters are drawn as empty boxes and
#: ``regenerate`` says so once per figure.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN", "SimHei",
             "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Arial Unicode MS")


def _font_families() -> list[str]:
    """DejaVu Sans, then the installed fonts of :data:`CJK_FONTS` (matplotlib falls back to
    them glyph by glyph, so text DejaVu Sans can draw looks the same with or without them)."""
    from matplotlib import font_manager

    _register_packaged_cjk_font(font_manager)
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(f for f in CJK_FONTS if f in installed)]


def _register_packaged_cjk_font(font_manager) -> None:
    """Register Noto Sans CJK from the ``noto-cjk-sans-otc`` package (pinned in
    requirements.txt, so ``make figures`` installs it) with matplotlib, from the package's
    path: Chinese labels need no font installed on the system and nothing is downloaded.
    matplotlib reads the first face of the collection, "Noto Sans CJK JP", which covers
    every Chinese character (Japanese glyph forms for a few of them)."""
    try:
        from noto_cjk_sans_otc import FONT_PATH
    except ImportError:  # not installed: the system's CJK fonts, if any, are used
        return
    path = str(FONT_PATH)
    if not any(f.fname == path for f in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)


RC = {
    "font.family": _font_families(),
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "svg.hashsalt": "analysis",  # deterministic SVG ids
    "svg.fonttype": "path",
}


@contextmanager
def style() -> Iterator[None]:
    """Context manager applying the project style (``rcParams``) temporarily."""
    with mpl.rc_context(RC):
        yield


_F = TypeVar("_F", bound=Callable)


def styled(func: _F) -> _F:
    """Decorator: run a ``plot_*`` function inside :func:`style` (fonts, sizes, colours); the
    figure it returns has every text made literal (:func:`literal_figure`)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            with mpl.rc_context({"text.parse_math": False}):  # text measured while plotting is never math
                fig = func(*args, **kwargs)
            if isinstance(fig, Figure):
                fit_tick_labels(fig)
                literal_figure(fig)
            return fig

    return wrapper  # type: ignore[return-value]


#: Least room between two x tick labels, in points.
TICK_GAP = 4.0
#: Nice steps of a thinned numeric axis (those of matplotlib's default locator).
_STEPS = (1, 2, 2.5, 5, 10)
_MEASURE = TextToPath()


def _clash(axis, locs: Sequence[float], gap: float) -> bool:
    """Whether two of the labels ``axis`` would draw at ``locs`` (those in view) come closer
    than ``gap`` points: their widths measured in their font (a Chinese label in the fallback
    font that draws it; the longest line of a label of several), their places on the axis as
    it is laid out when asked (at drawing time, after the figure's layout)."""
    ax = axis.axes
    lo, hi = sorted(axis.get_view_interval())
    locs = [x for x in locs if lo <= x <= hi]
    if len(locs) < 2 or hi <= lo:
        return False
    label = axis.get_major_ticks(1)[0].label1
    if label.get_rotation() % 180:
        return False  # labels the plot turned are laid out by it
    prop = label.get_fontproperties()
    labels = axis.get_major_formatter().format_ticks(locs)
    length = ax.bbox.width * 72.0 / ax.figure.dpi
    placed = sorted(((x - lo) / (hi - lo) * length,
                     max(_MEASURE.get_text_width_height_descent(line, prop, ismath=False)[0]
                         for line in text.split("\n")))
                    for x, text in zip(locs, labels) if text)
    return any(b[0] - a[0] < (a[1] + b[1]) / 2 + gap for a, b in zip(placed, placed[1:]))


class _FittedLocator(mticker.Locator):
    """The ticks of another locator, fewer where their labels would overlap: a numeric
    locator's at fewer nice steps, fixed places' those that fit from the right (see
    :func:`fit_tick_labels`). Decided each time the ticks are placed, so at drawing time, on
    the axis as laid out; the same ticks as the other locator where the labels have room."""

    def __init__(self, inner: mticker.Locator, gap: float) -> None:
        self.inner = inner
        self.gap = gap

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def __call__(self):
        return self.tick_values(*self.axis.get_view_interval())

    def nonsingular(self, v0, v1):
        return self.inner.nonsingular(v0, v1)

    def view_limits(self, vmin, vmax):
        return self.inner.view_limits(vmin, vmax)

    def tick_values(self, vmin, vmax):
        locs = self.inner.tick_values(vmin, vmax)
        if not _clash(self.axis, locs, self.gap):
            return locs
        if isinstance(self.inner, mticker.MaxNLocator):
            for bins in range(len(locs) - 2, 0, -1):
                thinner = mticker.MaxNLocator(nbins=bins, steps=list(_STEPS), min_n_ticks=2).tick_values(vmin, vmax)
                if not _clash(self.axis, thinner, self.gap):
                    return thinner
            return locs
        kept = list(locs)
        for i in range(len(kept) - 2, -1, -1):  # a label that runs into the next one kept is left out
            if _clash(self.axis, kept[i:i + 2], self.gap):
                del kept[i]
        return np.asarray(kept)


def fit_tick_labels(fig: Figure, *, gap: float = TICK_GAP) -> Figure:
    """Keep the x tick labels of every axes of ``fig`` (and of their secondary axes) from
    overlapping; an axis whose labels have room keeps its ticks.

    A linear numeric axis gets fewer ticks, at the nice steps matplotlib chooses from
    (1, 2, 2.5, 5, 10 times a power of ten), until its labels are at least ``gap`` points
    apart ("−10,000 −7,500 −5,000 ..." in a narrow panel becomes "−10,000 −5,000 0 ...");
    labels given as data at fixed places (the years over a dispersion plot) keep those that
    fit, from the right (a label that runs into the next one is left out: the first year of
    a corpus that starts in its December gives way to the next). This is decided when the
    figure is drawn, on the axes as laid out then. Category labels (names under bars) that
    overlap as plotted are turned 30 degrees. The widths are the labels' own, in their font,
    so long numbers and Chinese labels are measured as drawn. Date axes, log axes and
    colour bars are left as they are.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    gap : float, default=TICK_GAP
        Least room between two labels, in points.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig``, its axes changed in place.
    """
    for ax in [a for top in fig.axes for a in (top, *top.child_axes)]:
        axis = ax.xaxis
        locator = axis.get_major_locator()
        if (ax.get_xscale() not in ("linear", "function") or not axis.get_visible()
                or getattr(ax, "_colorbar", None) is not None or isinstance(locator, _FittedLocator)):
            continue
        if isinstance(locator, StrCategoryLocator):
            if _clash(axis, axis.get_majorticklocs(), gap):
                ax.tick_params(axis="x", labelrotation=30)
                for tick in axis.get_major_ticks(len(axis.get_majorticklocs())):
                    tick.label1.set_horizontalalignment("right")
                    tick.label1.set_rotation_mode("anchor")
        elif isinstance(locator, (mticker.MaxNLocator, mticker.FixedLocator)):
            axis.set_major_locator(_FittedLocator(locator, gap))
    return fig


#: Longest line of any figure text, in characters; a longer line is cut with an ellipsis.
LABEL_MAX_CHARS = 120
#: Most lines of any figure text; the rest is left out after an ellipsis.
LABEL_MAX_LINES = 40
#: White space other than a line break: drawn as a space.
_SPACES = re.compile("[\t\r\x0b\x0c\x85\u2028\u2029]")
#: Characters XML 1.0 forbids or discourages (C0 and C1 controls, DEL, noncharacters) and
#: lone surrogates: left out (an SVG holding one is not well-formed XML).
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def literal_text(text: object, *, max_chars: int = LABEL_MAX_CHARS, max_lines: int = LABEL_MAX_LINES) -> str:
    r"""``text`` as matplotlib draws it literally: the one escaping function of figure text.

    Rules, in order: tabs, carriage returns, vertical tabs, form feeds and Unicode line
    separators become spaces; other control characters, noncharacters and lone surrogates
    are left out (XML 1.0 forbids them, so an SVG holding one is broken); each line is cut
    to ``max_chars`` characters with an ellipsis, and lines after ``max_lines`` are left
    out after a line "…"; every ``$`` is escaped (``\$``), so matplotlib never reads text as
    mathtext (``"$5 and $6"`` keeps its dollars, ``"$\undefinedmacro{x}$"`` is text, not an
    error).

    Apply it once to a final string (escaping is not idempotent); :func:`styled` applies it
    to every text of the figures of ``plot_*`` functions.

    Examples
    --------
    >>> print(literal_text("$5 and $6"))
    \$5 and \$6
    >>> literal_text("Bell\x07VT\x0bName\ttab")
    'BellVT Name tab'
    >>> len(literal_text("x" * 100_000)), literal_text("x" * 100_000)[-1]
    (120, '…')
    """
    s = str(text)
    if not s.isascii() or not s.isprintable():
        s = _INVISIBLE.sub("", _SPACES.sub(" ", s))
    lines = s.split("\n")
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], "\u2026"]
    lines = [ln if len(ln) <= max_chars else ln[:max_chars - 1] + "\u2026" for ln in lines]
    return "\n".join(lines).replace("$", "\\$")


#: Formatters whose tick labels are given as data (``set_xticks(ticks, labels)`` makes a
#: FuncFormatter over a dict, or a FixedFormatter; ``barh(names, ...)`` a categorical axis).
_DATA_FORMATTERS = (mticker.FixedFormatter, mticker.FuncFormatter, StrCategoryFormatter)


class _LiteralFormatter(mticker.Formatter):
    """Tick labels given as data (names, terms) made literal (:func:`literal_text`)."""

    def __init__(self, inner: mticker.Formatter) -> None:
        self.inner = inner

    def set_axis(self, axis) -> None:
        self.axis = axis
        self.inner.set_axis(axis)

    def __call__(self, x, pos=None) -> str:
        return literal_text(self.inner(x, pos))

    def format_ticks(self, values) -> list[str]:
        return [literal_text(v) for v in self.inner.format_ticks(values)]

    def set_locs(self, locs) -> None:
        self.inner.set_locs(locs)


def literal_figure(fig: Figure) -> Figure:
    """Pass every text of ``fig`` through :func:`literal_text`, once; returns ``fig``.

    Titles, axis labels, legends, annotations and texts are replaced; tick labels given as
    data (``set_yticks(ticks, labels)``, ``barh(names, ...)``) too, through their formatter. Tick
    labels made by numeric and date formatters (which may use mathtext on purpose, as log
    axes do) and offset texts are left as they are. A text already made literal is not
    escaped again, so calling this twice changes nothing. Every text gets matplotlib's
    default ``parse_math=True`` back (:func:`styled` plots with it off, so that no text
    measured while plotting is read as math); the escaping keeps it literal.
    """
    skip: set[int] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            skip.add(id(axis.offsetText))
            for tick in (*axis.majorTicks, *axis.minorTicks):
                skip.update((id(tick.label1), id(tick.label2)))
            for which in ("major", "minor"):
                fmt = axis.get_major_formatter() if which == "major" else axis.get_minor_formatter()
                if isinstance(fmt, _DATA_FORMATTERS) and not isinstance(fmt, _LiteralFormatter):
                    wrapped = _LiteralFormatter(fmt)
                    if which == "major":
                        axis.set_major_formatter(wrapped)
                    else:
                        axis.set_minor_formatter(wrapped)
    for t in fig.findobj(Text):
        t.set_parse_math(True)
        if id(t) in skip:
            continue
        current = t.get_text()
        if getattr(t, "_literal", None) == current:
            continue
        shown = literal_text(current)
        if shown != current:
            t.set_text(shown)
        t._literal = shown
    return fig


def figure_and_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (6.4, 4.0)) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s figure, or a new styled figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


#: Size (points) and colour of a subtitle: the key to a figure's marks, under its bold title.
SUBTITLE_SIZE = 8.0
SUBTITLE_COLOR = "#444444"


def set_title(ax: Axes, title: str, subtitle: str | None = None, *, pad: float = 6.0) -> None:
    """Title ``ax`` in the style's bold title and, under it, an optional ``subtitle`` in normal
    weight (the key to the marks: what a box or a bracket means), so the two read as title and
    explanation. ``pad``: points between the axes (or what stands above them, e.g. a legend) and
    the lowest line of text."""
    if not subtitle:
        ax.set_title(title, pad=pad)
        return
    lines = subtitle.count("\n") + 1
    ax.text(0.5, 1.0, subtitle, transform=offset_copy(ax.transAxes, fig=ax.figure, y=pad, units="points"),
            ha="center", va="bottom", fontsize=SUBTITLE_SIZE, fontweight="normal", color=SUBTITLE_COLOR,
            linespacing=1.2)
    ax.set_title(title, pad=pad + lines * SUBTITLE_SIZE * 1.2 * 1.2 + 2)


def add_source_note(fig: Figure, note: str | None) -> Figure:
    """Write a small source line ("Source: ... ") at the bottom-left of ``fig``."""
    if note:
        fig.text(0.0, -0.01, note, ha="left", va="top", fontsize=7, color="#555555",
                 transform=fig.transFigure)
    return fig


def color_for(values: Sequence[str]) -> dict[str, str]:
    """Stable colours for category values: roles get :data:`ROLE_COLORS`, others the palette."""
    out = {}
    k = 0
    for v in values:
        if v in ROLE_COLORS:
            out[v] = ROLE_COLORS[v]
        else:
            out[v] = PALETTE[k % len(PALETTE)]
            k += 1
    return out


#: Axis tick formatter for counts: 100,000 rather than 100000.
thousands = mticker.StrMethodFormatter("{x:,.0f}")


def fit_label(text: str, width: int = 40, *, lines: int = 2) -> str:
    """``text`` as a label of at most ``lines`` lines of about ``width`` characters.

    Rule: wrapped at word boundaries (nothing dropped) when it fits in ``lines`` lines;
    otherwise the middle is replaced by an ellipsis ("\\u2026") so the first and the last
    words stay readable, and the result is wrapped the same way. A single word longer than
    ``width`` is left whole.

    >>> fit_label("peace and stability", 40)
    'peace and stability'
    >>> print(fit_label("state councilor and foreign minister wang yi", 30))
    state councilor and foreign
    minister wang yi
    >>> print(fit_label("no foreign government organization or individual has the right to interfere", 30))
    no foreign government … right
    to interfere
    """
    text = " ".join(str(text).split())
    wrapped = _wrap(text, width)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    words = text.split(" ")
    for keep in range(len(words) - 1, 0, -1):  # keep the most words that fit, as many at each end
        head, tail = words[: (keep + 1) // 2], words[len(words) - keep // 2:] if keep // 2 else []
        out = _wrap(" ".join([*head, "\u2026", *tail]), width)
        if len(out) <= lines:
            return "\n".join(out)
    return "\n".join(_wrap(words[0] + " \u2026", width))


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [""]


class YearDateFormatter(mticker.Formatter):
    """Date tick labels that always say which year: month names ("Apr"), with the year on a
    second line under the first tick and under every tick whose year differs from the tick
    before ("Apr\\n2018", "Jul", "Oct", "Jan\\n2019"). Ticks all on 1 January are labelled by
    the year alone; ticks not on the first of a month get the day too ("May 11").

    Unlike :class:`matplotlib.dates.ConciseDateFormatter`, the first tick is never left
    without its year (that formatter moves the year to an offset text or to January ticks).
    """

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Sequence[float]) -> list[str]:
        dates = [mdates.num2date(v).replace(tzinfo=None) for v in values]
        if not dates:
            return []
        if len(dates) > 1 and all(d.month == 1 and d.day == 1 for d in dates):
            return [str(d.year) for d in dates]
        with_day = any(d.day != 1 for d in dates)
        out, prev = [], None
        for d in dates:
            lab = f"{d:%b} {d.day}" if with_day else f"{d:%b}"
            if d.year != prev:
                lab += f"\n{d.year}"
            out.append(lab)
            prev = d.year
        return out


def format_date_axis(axis: mpl.axis.Axis, *, maxticks: int = 8, ticks: Sequence | None = None) -> None:
    """Put :class:`YearDateFormatter` labels on a date axis (``ax.xaxis``).

    Ticks are placed by :class:`matplotlib.dates.AutoDateLocator` (at most ``maxticks``),
    or at ``ticks`` (e.g. the start of each period plotted; every k-th of them when there
    are more than ``maxticks``).
    """
    if ticks is not None and len(ticks):
        values = np.sort(mdates.date2num(pd.to_datetime(pd.Series(list(ticks))).to_numpy()))
        step = int(np.ceil(len(values) / maxticks))
        axis.set_major_locator(mticker.FixedLocator(values[::step]))
        axis.set_minor_locator(mticker.NullLocator())
    else:
        axis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=maxticks))
    axis.set_major_formatter(YearDateFormatter())


def period_axis_label(freq: str | None) -> tuple[str, str]:
    """What a figure over periods calls its period, and the x label that says where each point
    sits: ``("quarter", "Quarter; each point: the quarter starting on that date")`` for
    ``"quarter"`` or ``"Q"``; weeks say they run Monday to Sunday; None or another pandas
    alias: ``"period"``.

    >>> period_axis_label("week")
    ('week', 'Week (Monday to Sunday); each point: the week starting on that date')
    """
    noun = period_noun(freq) if freq is not None else "period"
    week = " (Monday to Sunday)" if noun == "week" else ""
    return noun, f"{noun.capitalize()}{week}; each point: the {noun} starting on that date"


def date_segments(dates: Sequence, *, max_gap_days: float = 180,
                  min_gap_steps: float = 4) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Runs of ``dates`` (sorted, missing dropped) without a gap longer than ``max_gap_days``.

    When most steps between consecutive distinct dates are that long (a yearly series: UN
    debates, annual reports), a year between dates is the rhythm of the series, not a gap: a
    gap then breaks a run only when it is also ``min_gap_steps`` times the median step or more.

    >>> date_segments(pd.to_datetime(["2018-05-01", "2018-06-01", "2022-10-21"]))
    [(Timestamp('2018-05-01 00:00:00'), Timestamp('2018-06-01 00:00:00')), \
(Timestamp('2022-10-21 00:00:00'), Timestamp('2022-10-21 00:00:00'))]
    >>> len(date_segments(pd.to_datetime([f"{y}-09-20" for y in range(1990, 2000)])))  # yearly: one run
    1
    """
    d = pd.to_datetime(pd.Series(list(dates), dtype="object")).dropna().sort_values().to_numpy()
    if not len(d):
        return []
    steps = np.diff(d) / np.timedelta64(1, "D")
    long = steps > max_gap_days
    distinct = steps[steps > 0]
    if long.sum() * 2 > len(distinct):  # most steps are long: the series' rhythm, not gaps
        long &= steps >= min_gap_steps * float(np.median(distinct))
    cuts = np.flatnonzero(long)
    starts = np.r_[0, cuts + 1]
    ends = np.r_[cuts, len(d) - 1]
    return [(pd.Timestamp(d[a]), pd.Timestamp(d[b])) for a, b in zip(starts, ends)]


def break_date_gaps(ax: Axes, dates: Sequence, *, max_gap_days: float = 180, min_gap_steps: float = 4,
                    gap_share: float = 0.05,
                    maxticks: int = 8, pad_days: float | None = None,
                    gap_label: str = "no data") -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """Draw a date x-axis with every empty stretch longer than ``max_gap_days`` squeezed
    (in a series whose dates are mostly that far apart, ``min_gap_steps`` times the median step;
    see :func:`date_segments`).

    Each such gap takes ``gap_share`` of the axis width whatever its length: it is shaded,
    labelled with the last date before it and the first after it, and the axis line is cut
    there, so the reader sees the break. Within the runs of dates the axis is linear (one
    scale for all runs). Ticks are placed run by run and labelled by
    :class:`YearDateFormatter`. Call after plotting. With a single run the axis is only
    formatted (no change of scale).

    Parameters
    ----------
    ax : matplotlib Axes
    dates : sequence of dates
        The x values plotted (e.g. transcript dates, period starts).
    max_gap_days : float, default=180
        Longer stretches without a date are squeezed.
    min_gap_steps : float, default=4
        In a series whose steps mostly exceed ``max_gap_days``, only stretches this many times
        the median step or more are squeezed.
    gap_share : float, default=0.05
        Width of each squeezed gap, as a share of the width of the runs.
    maxticks : int, default=8
        Ticks on the whole axis (shared among runs by their width).
    pad_days : float, optional
        Room on each side of a run (default: 2% of the runs' total length, at least 15 days).
    gap_label : str, default="no data"
        First line of the gap's label (the dates follow).

    Returns
    -------
    list of (Timestamp, Timestamp)
        The runs of dates (see :func:`date_segments`).
    """
    segments = date_segments(dates, max_gap_days=max_gap_days, min_gap_steps=min_gap_steps)
    if len(segments) <= 1:
        if segments:
            lo, hi = (mdates.date2num(t) for t in segments[0])
            pad = pad_days if pad_days is not None else max(0.02 * (hi - lo), 15.0)
            ax.set_xlim(lo - pad, hi + pad)
        format_date_axis(ax.xaxis, maxticks=maxticks)
        return segments
    num = [(float(mdates.date2num(a)), float(mdates.date2num(b))) for a, b in segments]
    total = sum(b - a for a, b in num)
    pad = pad_days if pad_days is not None else max(0.02 * total, 15.0)
    runs = [(a - pad, b + pad) for a, b in num]
    width = sum(b - a for a, b in runs)
    gap = gap_share * width
    kx, ky, pos = [], [], 0.0
    for k, (a, b) in enumerate(runs):
        if k:
            pos += gap
        kx += [a, b]
        ky += [pos, pos + (b - a)]
        pos += b - a
    kx, ky = np.asarray(kx), np.asarray(ky)

    def _piecewise(x, xs, ys):
        x = np.asarray(x, dtype=float)
        y = np.interp(x, xs, ys)
        y = np.where(x < xs[0], ys[0] + (x - xs[0]), y)
        return np.where(x > xs[-1], ys[-1] + (x - xs[-1]), y)

    ax.set_xscale("function", functions=(lambda x: _piecewise(x, kx, ky), lambda y: _piecewise(y, ky, kx)))
    ax.set_xlim(runs[0][0], runs[-1][1])
    ticks: list[float] = []
    for a, b in runs:
        share = (b - a) / width
        n = 1 if share < 0.06 else max(2, int(round(maxticks * share)))  # a narrow run has room for one label
        loc = mdates.AutoDateLocator(minticks=min(2, n), maxticks=max(2, n))
        with warnings.catch_warnings():  # "unable to pick an appropriate interval": thinned below
            warnings.simplefilter("ignore", UserWarning)
            run = [t for t in loc.tick_values(mdates.num2date(a), mdates.num2date(b)) if a <= t <= b]
        ticks += run[::int(np.ceil(len(run) / n))] if len(run) > n else run
    ax.xaxis.set_major_locator(mticker.FixedLocator(ticks))
    ax.xaxis.set_minor_locator(mticker.NullLocator())
    ax.xaxis.set_major_formatter(YearDateFormatter())
    cut = blended_transform_factory(ax.transData, ax.transAxes)
    for (_, before), (after, _), (_, b_end), (a_start, _) in zip(segments[:-1], segments[1:], runs[:-1], runs[1:]):
        ax.axvspan(b_end, a_start, color="#eeeeee", linewidth=0, zorder=0)
        # the axis line is cut over the gap: a white strip over the bottom spine
        ax.add_patch(Rectangle((b_end, -0.02), a_start - b_end, 0.04, transform=cut, facecolor="white",
                               edgecolor="none", clip_on=False, zorder=5))
        for x in (b_end, a_start):
            ax.text(x, 0.0, "/", transform=cut, ha="center", va="center", fontsize=9, color="#333333",
                    clip_on=False, zorder=6)
        ax.text((b_end + a_start) / 2, 0.5, f"{gap_label}\n{before:%b %Y} \u2013 {after:%b %Y}", transform=cut,
                rotation=90, ha="center", va="center", fontsize=6.5, color="#555555", linespacing=1.1)
    return segments
