"""Plain-text tables that fit a terminal: cells formatted for reading, columns fitted to a width.

Used by :mod:`analysis.cli`; no analysis module prints. Widths count display cells (East
Asian wide characters take two), so a line of ``width`` cells fits a terminal of that width.

Text from transcripts never reaches the terminal raw: control characters (an escape
sequence could retitle the terminal, move the cursor or hide text) and the invisible
characters that reorder text are shown as escapes such as ``\\x1b`` (:func:`printable`).
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = ["Column", "cell_text", "clip", "decimals", "display_width", "fit", "format_column", "lines",
           "pad", "printable", "terminal_width"]

DEFAULT_WIDTH = 100  # when the terminal width is unknown (output piped or captured)
MIN_WIDTH = 60


def terminal_width() -> int:
    """Characters per line of the terminal, at least 60.

    ``COLUMNS`` wins; then the terminal standard output is shown in; when standard output is
    piped (``python -m analysis overview | less -S``), the terminal of standard error or
    standard input, the window the reader sits at; 100 when none is a terminal (output
    captured or written by a program).
    """
    width = shutil.get_terminal_size(fallback=(0, 0)).columns
    for stream in (sys.__stderr__, sys.__stdin__):
        if width > 0:
            break
        try:
            width = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, ValueError, OSError):  # closed, replaced or not a terminal
            continue
    return max(MIN_WIDTH, width if width > 0 else DEFAULT_WIDTH)


#: Characters shown as escapes: C0 and C1 controls (ESC, BEL, CSI...), DEL, the bidirectional
#: embeddings, overrides and isolates (they reorder the text shown after them), the line and
#: paragraph separators, and lone surrogates (not encodable).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")


def _escape(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_lines: bool = False) -> str:
    r"""``text`` safe to print on a terminal: control characters as visible escapes.

    ESC, BEL, C1 controls (CSI), DEL, bidirectional controls, line separators and lone
    surrogates become ``\x1b``-style escapes; tabs and line breaks too, unless
    ``keep_lines`` (then tab, ``\n`` and ``\r\n`` stay, a lone ``\r`` does not).

    >>> print(printable("Esc\x1b]0;pwned\x07Name"))
    Esc\x1b]0;pwned\x07Name
    >>> print(printable("two\nlines"), printable("two\nlines", keep_lines=True))
    two\nlines two
    lines
    """
    if text.isascii() and text.isprintable():
        return text
    if keep_lines:
        parts = text.replace("\r\n", "\n").split("\n")
        return "\n".join("\t".join(_UNPRINTABLE.sub(_escape, p) for p in part.split("\t")) for part in parts)
    return _UNPRINTABLE.sub(_escape, text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def display_width(text: str) -> int:
    """Display width: East Asian wide characters take two cells, combining marks none."""
    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def clip(text: str, width: int, *, left: bool = False) -> str:
    """``text`` cut to ``width`` display cells with an ellipsis (at the start when ``left``),
    at a space when one is near, so no word is shown in part."""
    if display_width(text) <= width:
        return text
    chars = reversed(text) if left else iter(text)
    kept, used = [], 1
    for ch in chars:
        w = display_width(ch)
        if used + w > width:
            break
        kept.append(ch)
        used += w
    part = "".join(reversed(kept)) if left else "".join(kept)
    if width >= 12:
        cut = part.find(" ") if left else part.rfind(" ")
        if 0 <= cut < 15 if left else cut > len(part) - 15:
            part = part[cut + 1:] if left else part[:cut]
    return "…" + part if left else part + "…"


def pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def decimals(values: pd.Series) -> int:
    """Decimals that give the typical value about three significant digits (0 to 4)."""
    finite = values[pd.notna(values) & (values != 0)].abs()
    finite = finite[finite != float("inf")]
    if finite.empty or (finite == finite.round()).all():
        return 0
    return int(min(4, max(0, 2 - math.floor(math.log10(finite.median())))))


def cell_text(value) -> str:
    if isinstance(value, (list, tuple)):
        return printable("; ".join(map(str, value)))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return printable(re.sub(r"\s+", " ", str(value)).strip())


def format_column(series: pd.Series) -> tuple[list[str], bool]:
    """Cells of one column as text, and whether to right-align them (numbers)."""
    name = str(series.name)
    if pd.api.types.is_bool_dtype(series):
        return [cell_text(v) for v in series], False
    if pd.api.types.is_datetime64_any_dtype(series):
        times = series.dropna()
        fmt = "%Y-%m-%d" if (times == times.dt.normalize()).all() else "%Y-%m-%d %H:%M"
        return [v.strftime(fmt) if pd.notna(v) else "undated" for v in series], False
    if pd.api.types.is_integer_dtype(series):
        return [str(int(v)) if pd.notna(v) else "" for v in series], True
    if pd.api.types.is_float_dtype(series):
        if name.startswith("p_"):
            return ["" if pd.isna(v) else f"{v:.3f}" if v >= 0.001 else f"{v:.1e}" if v > 0 else "<1e-300"
                    for v in series], True
        d = decimals(series)
        return ["" if pd.isna(v) else f"{v:.{d}f}" for v in series], True
    return [cell_text(v) for v in series], False


@dataclass
class Column:
    """One column of a table to print: its header, its cells as text, right-aligned or not;
    an elastic column (``min_width`` set) may be narrowed to that width, cutting its text
    (at the start when ``clip_left``)."""

    name: str
    cells: list[str]
    right: bool
    min_width: int | None = None  # elastic when set
    clip_left: bool = False

    @property
    def natural(self) -> int:
        return max([display_width(self.name), *map(display_width, self.cells)])


def fit(columns: list[Column], width: int, drop: Sequence[str | tuple[str, ...]]) -> tuple[list[Column], list[int]]:
    """Columns and widths that fit ``width``: shrink elastic columns, then leave out ``drop`` in order."""
    columns = list(columns)
    victims = [(d,) if isinstance(d, str) else d for d in drop]
    while True:
        widths = [min(c.natural, width) for c in columns]
        floor = [min(w, c.min_width) if c.min_width else w for c, w in zip(columns, widths)]
        names = [c.name for c in columns]
        victim = next((v for v in victims if set(v) & set(names)), None)
        if sum(floor) + 2 * (len(columns) - 1) <= width or victim is None:
            break
        columns = [c for c in columns if c.name not in victim]
    if sum(floor) + 2 * (len(columns) - 1) > width:  # a narrow terminal: text down to a few words
        floor = [max(display_width(c.name), 8) if c.min_width else f for c, f in zip(columns, floor)]
        floor = [min(f, w) for f, w in zip(floor, widths)]
    excess = sum(widths) + 2 * (len(columns) - 1) - width
    # narrow the widest elastic column that can still give, one cell at a time: long texts give
    # before a short name ("HARBOUR MASTER") is cut
    while excess > 0:
        i = max(range(len(columns)), key=lambda j: (widths[j] > floor[j], widths[j]))
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
        excess -= 1
    return columns, widths


def lines(columns: list[Column], widths: list[int]) -> list[str]:
    def line(cells: list[str], header: bool = False) -> str:
        return "  ".join(pad(clip(text, w, left=c.clip_left and not header), w, c.right)
                         for text, c, w in zip(cells, columns, widths)).rstrip()

    rows = zip(*(c.cells for c in columns)) if columns else []
    return [line([printable(str(c.name)) for c in columns], header=True), *(line(list(r)) for r in rows)]
