"""Named figures: what each figure in ``figures/`` shows and the call that makes it.

Each family module (``overview``, ``terms``...) defines ``FIGURES``, a list of
:class:`FigureSpec`. :mod:`analysis.figures` collects them in the order of ``FAMILIES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from matplotlib.figure import Figure

__all__ = ["FigureSpec", "FigureContext", "FAMILIES", "all_specs", "source_note", "turns_of"]

#: Family modules of ``analysis.gallery``, in index order.
FAMILIES = ("overview", "terms", "rhetoric", "phrases", "topics")


def source_note(data: pd.DataFrame) -> str:
    """The source line of a figure drawn from ``data``, computed from those rows only.

    ``data`` holds the rows the plotted values come from (turns, or analysis units such as
    paragraphs) with ``transcript_id``, ``date`` and ``n_words``: "Source: 433 transcripts,
    712,345 words, 2018-05-11 to 2020-03-23." The span is the first and last date of the
    rows; transcripts without a date are counted and said ("(2 undated)").

    >>> rows = pd.DataFrame({"transcript_id": ["a", "a", "b", "c"], "n_words": [10, 5, 7, 3],
    ...                      "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-03-04", None])})
    >>> source_note(rows)
    'Source: 3 transcripts (1 undated), 25 words, 2019-01-02 to 2019-03-04.'
    """
    ids = data["transcript_id"].nunique()
    undated = data.loc[data["date"].isna(), "transcript_id"].nunique()
    dates = data["date"].dropna()
    span = f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
    count = f"{ids:,} transcript{'s' if ids != 1 else ''}" + (f" ({undated:,} undated)" if undated else "")
    return f"Source: {count}, {int(data['n_words'].sum()):,} words{span}."


def turns_of(turns: pd.DataFrame, transcript_ids) -> pd.DataFrame:
    """The turns of the given transcripts (a figure's source when its table lists transcripts)."""
    return turns[turns["transcript_id"].isin(pd.unique(pd.Series(list(transcript_ids), dtype="object")))]


@dataclass
class FigureContext:
    """What every figure is made from: the corpus, and cached tables shared by figures."""

    corpus: object
    cache: dict = field(default_factory=dict)

    @cached_property
    def turns(self) -> pd.DataFrame:
        return self.corpus.turns()

    @cached_property
    def source_note(self) -> str:
        """The source line of the whole corpus (the figure index's); a figure drawn from part
        of it uses :meth:`note` on that part."""
        return source_note(self.turns)

    def note(self, data: pd.DataFrame | None = None) -> str:
        """The source line of a figure drawn from ``data`` (default: every turn); see
        :func:`source_note`."""
        return self.source_note if data is None else source_note(data)

    def memo(self, key: str, make: Callable[[], object]) -> object:
        """Compute ``make()`` once per context (tables several figures share)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass(frozen=True)
class FigureSpec:
    """A named figure.

    Attributes
    ----------
    name : str
        File stem in ``figures/`` (``overview_words_over_time``).
    caption : str
        One line for ``figures/README.md``.
    call : str
        The code that makes it, shown in the index.
    make : callable
        ``make(ctx: FigureContext) -> Figure``.
    """

    name: str
    caption: str
    call: str
    make: Callable[[FigureContext], Figure]


def all_specs() -> list[FigureSpec]:
    """Every registered figure, family by family."""
    specs: list[FigureSpec] = []
    for fam in FAMILIES:
        mod = importlib.import_module(f"{__name__}.{fam}")
        specs.extend(mod.FIGURES)
    names = [s.name for s in specs]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"figure names registered twice: {sorted(dupes)}")
    return specs
