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

__all__ = ["FigureSpec", "FigureContext", "FAMILIES", "all_specs"]

#: Family modules of ``analysis.gallery``, in index order.
FAMILIES = ("overview", "terms", "rhetoric", "phrases", "topics")


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
        """"Source: 435 transcripts, 2018-05-11 to 2022-10-21." computed from the corpus."""
        dates = self.turns["date"].dropna()
        span = f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
        n_words = int(self.turns["n_words"].sum())
        return f"Source: {len(self.corpus)} transcripts, {n_words:,} words{span}."

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
