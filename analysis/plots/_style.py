"""One publication style for every figure: fonts, sizes, a colour-blind-safe palette,
labelled axes and a source note.

Use :func:`figure_and_axes` to honour ``ax=`` and :func:`add_source_note` for the corpus line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["PALETTE", "ROLE_COLORS", "style", "styled", "figure_and_axes", "add_source_note", "color_for"]

#: Okabe & Ito (2008) colour-blind-safe palette (black last).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
#: Fixed colours per speaker role, so every figure uses the same ones.
ROLE_COLORS = {"official": "#0072B2", "questioner": "#E69F00", "moderator": "#009E73", "unknown": "#999999"}

RC = {
    "font.family": "DejaVu Sans",
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
    """Decorator: run a ``plot_*`` function inside :func:`style` (fonts, sizes, colours)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def figure_and_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (6.4, 4.0)) -> tuple[Figure, Axes]:
    """The figure and axes to draw on: ``ax``'s figure, or a new styled figure."""
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


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
