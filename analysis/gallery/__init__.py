"""Named figures: what each figure in ``figures/`` shows and the call that makes it.

Each family module (``overview``, ``terms``...) defines ``FIGURES``, a list of
:class:`FigureSpec`. :mod:`analysis.figures` collects them in the order of ``FAMILIES``.
"""

from __future__ import annotations

import importlib
import json
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from matplotlib.figure import Figure

from ..errors import EmptyResultError

__all__ = ["FigureSpec", "FigureContext", "FAMILIES", "NothingToDraw", "all_specs", "family_layers", "family_of",
           "source_note", "require_parts",
           "require_dates", "require_periods", "require_roles", "require_some", "turns_of", "DATES_HINT", "ROLES_HINT"]

#: Family modules of ``analysis.gallery``, in index order.
FAMILIES = ("overview", "terms", "rhetoric", "phrases", "topics")


def source_note(data: pd.DataFrame, *, total_words: int | None = None) -> str:
    """The source line of a figure drawn from ``data``, computed from those rows only.

    ``data`` holds the rows the plotted values come from (turns, or analysis units such as
    paragraphs) with ``transcript_id``, ``date`` and ``n_words``: "Source: 433 transcripts,
    712,345 words, 2018-05-11 to 2020-03-23." The span is the first and last date of the
    rows; transcripts without a date are counted and said ("(2 undated)"). When the rows
    hold fewer words than ``total_words`` (the whole corpus), the note says so: "712,345 of
    730,882 words", so a reader sees the figure leaves part of the corpus out.

    >>> rows = pd.DataFrame({"transcript_id": ["a", "a", "b", "c"], "n_words": [10, 5, 7, 3],
    ...                      "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-03-04", None])})
    >>> source_note(rows)
    'Source: 3 transcripts (1 undated), 25 words, 2019-01-02 to 2019-03-04.'
    >>> source_note(rows.iloc[:3], total_words=25)
    'Source: 2 transcripts, 22 of 25 words, 2019-01-02 to 2019-03-04.'
    """
    ids = data["transcript_id"].nunique()
    undated = data.loc[data["date"].isna(), "transcript_id"].nunique()
    dates = data["date"].dropna()
    span = f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
    count = f"{ids:,} transcript{'s' if ids != 1 else ''}" + (f" ({undated:,} undated)" if undated else "")
    words = int(data["n_words"].sum())
    of = f" of {int(total_words):,}" if total_words is not None and words < total_words else ""
    return f"Source: {count}, {words:,}{of} words{span}."


class NothingToDraw(EmptyResultError):
    """A figure has nothing to draw from this corpus; the figure is skipped with this reason.

    ``see_caption`` is True when the reason is the figure's own selection (its caption says
    what it keeps, e.g. "speakers with 30+ paragraphs"), so the skip message quotes it.
    """

    def __init__(self, message: str, *, see_caption: bool = False) -> None:
        super().__init__(message)
        self.see_caption = see_caption


def require_parts(turns: pd.DataFrame, by: str, targets, min_parts: int, *, parts: str = "transcript_id") -> None:
    """Check that a keyness figure keeping terms used in ``min_parts`` parts has something to draw.

    ``keyness(..., min_parts=k)`` keeps a term only when ``k`` or more of the target's
    transcripts use it, so when every target group (``targets``, values of ``by``) is
    spoken in fewer than ``k`` transcripts its table is empty and the plot fails with no
    word of why. Call this before, so the figure is skipped with the real cause.

    Raises
    ------
    NothingToDraw
        No target group is spoken in ``min_parts`` or more ``parts``; the message names
        ``min_parts`` and each group's count.

    >>> turns = pd.DataFrame({"role": ["official", "official", "questioner"], "transcript_id": ["a", "b", "a"]})
    >>> require_parts(turns, "role", ["official", "questioner"], 2)
    >>> require_parts(turns, "role", ["questioner"], 2)
    Traceback (most recent call last):
    ...
    analysis.gallery.NothingToDraw: keyness min_parts=2 needs a target spoken in 2+ transcripts; questioner speaks in 1 (its table, from the command line: python -m analysis keyness --by role --target questioner --min-parts 1)
    """
    present = turns.groupby(by, observed=True)[parts].nunique()
    found = [(g, int(present.get(g, 0))) for g in pd.unique(pd.Series(list(targets), dtype="object"))]
    if any(n >= min_parts for _, n in found):
        return
    said = ", ".join(f"{g} speaks in {n:,}" for g, n in found) or "there is no target group"
    unit = parts.removesuffix("_id")
    most = max((n for _, n in found), default=0)
    which = f"--target {shlex.quote(str(found[0][0]))}" if len(found) == 1 else "--compare rest"
    hint = (f" (its table, from the command line: python -m analysis keyness --by {by} {which} --min-parts {most})"
            if most else "")
    raise NothingToDraw(f"keyness min_parts={min_parts} needs a target spoken in {min_parts}+ {unit}s; {said}{hint}")


#: Where a transcript's date comes from: said when a figure needs dates and none has one.
DATES_HINT = ("a date is read from a transcript's title or header line, from a date in its file name "
              "(--name-pattern reads other file names), or from the date column of a metadata.csv beside the "
              "transcripts (for a table, --column date=NAME)")
#: Where a turn's role comes from: said when a figure needs roles the corpus lacks.
ROLES_HINT = ("roles are inferred from the speaker labels (Q:, A:, Name:) and from who asks and who answers; "
              "--roles FILE.csv sets them (columns speaker,role; for a table, --column role=NAME)")


def require_dates(rows: pd.DataFrame, *, what: str = "transcript") -> pd.DataFrame:
    """The rows of ``rows`` with a date, for a figure drawn over time.

    Raises
    ------
    NothingToDraw
        No row has a date; the message says where dates come from.

    >>> rows = pd.DataFrame({"date": pd.to_datetime([None, None])})
    >>> require_dates(rows)
    Traceback (most recent call last):
    ...
    analysis.gallery.NothingToDraw: no transcript of this corpus has a date; a date is read from ...
    """
    dated = rows[rows["date"].notna()]
    if dated.empty:
        raise NothingToDraw(f"no {what} of this corpus has a date; {DATES_HINT}")
    return dated


_NUMBER_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _in_words(n: int) -> str:
    """``n`` in words up to ten ("none", "one"... "ten"), in digits beyond."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def _listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


#: Periods a skip reason names one by one; with more, it names the largest.
MAX_PERIODS_NAMED = 6


def require_periods(sizes: pd.Series, minimum: int = 1, *, count: int = 2, period: str = "quarter",
                    unit: str = "transcripts", why: str = "", holder: str = "this corpus") -> None:
    """Check that a figure drawn over time has ``count`` or more periods to show a change.

    ``sizes`` holds a number per period with dated data (transcripts, paragraphs, words...),
    indexed by the period's label ("2020Q2"). A period counts when it holds ``minimum`` or
    more ``unit``. A figure over time with one period is a single point or an empty area;
    call this before drawing it, so the figure is skipped with the periods the corpus has
    (``holder`` names the part of the corpus ``sizes`` counts when it is not all of it).

    Raises
    ------
    NothingToDraw
        Fewer than ``count`` periods hold ``minimum`` ``unit`` or more; the message names
        the periods (with their sizes when ``minimum`` is above 1; the largest when there
        are more than :data:`MAX_PERIODS_NAMED`) and ``why`` the minimum is needed.

    >>> require_periods(pd.Series({"2020Q1": 3, "2020Q2": 4}))
    >>> require_periods(pd.Series({"2020Q2": 3}))
    Traceback (most recent call last):
    ...
    analysis.gallery.NothingToDraw: needs dated transcripts in two or more quarters; this corpus has one, 2020Q2
    >>> require_periods(pd.Series({"2020Q1": 12, "2020Q2": 412}), 30, unit="paragraphs",
    ...                 why=" (the shares of a smaller quarter are noise)")
    Traceback (most recent call last):
    ...
    analysis.gallery.NothingToDraw: needs dated transcripts in two or more quarters with 30+ paragraphs each ...;
    this corpus has two, 2020Q1 (12 paragraphs) and 2020Q2 (412 paragraphs)
    """
    sizes = pd.Series(sizes).dropna()
    sizes = sizes[sizes > 0]
    if int((sizes >= minimum).sum()) >= count:
        return
    sized = minimum > 1

    def name(label) -> str:
        n = int(sizes[label])
        return f"{label} ({n:,} {unit if n != 1 else unit.removesuffix('s')})" if sized else str(label)

    labels = list(sizes.index)
    if len(labels) > MAX_PERIODS_NAMED:
        top = sizes.sort_values(ascending=False, kind="stable").index[:count]
        named = f", the largest {_listed([name(p) for p in top])}"
    else:
        named = f", {_listed([name(p) for p in labels])}" if labels else ""
    each = f" with {minimum:,}+ {unit} each" if sized else ""
    raise NothingToDraw(f"needs dated transcripts in {_in_words(count)} or more {period}s{each}{why}; "
                        f"{holder} has {_in_words(len(labels))}{named}")


def require_roles(turns: pd.DataFrame, roles: Sequence[str]) -> None:
    """Check that ``turns`` has turns of every role in ``roles`` (officials and questioners
    for a figure comparing them).

    Raises
    ------
    NothingToDraw
        A role has no turn; the message names the roles the corpus has and where roles come from.

    >>> turns = pd.DataFrame({"role": ["official", "official", "unknown"]})
    >>> require_roles(turns, ["official"])
    >>> require_roles(turns, ["official", "questioner"])
    Traceback (most recent call last):
    ...
    analysis.gallery.NothingToDraw: needs official and questioner turns; this corpus has no questioner turns ...
    """
    counts = turns["role"].value_counts()
    missing = [r for r in roles if counts.get(r, 0) == 0]
    if not missing:
        return
    has = ", ".join(f"{r} {n:,}" for r, n in counts.items()) or "none"
    raise NothingToDraw(f"needs {' and '.join(roles)} turns; this corpus has no {' or '.join(missing)} turns "
                        f"(its turns: {has}); {ROLES_HINT}")


def require_some(sizes: pd.Series, minimum: int, *, groups: str, unit: str, why: str = "") -> None:
    """Check that some group reaches a figure's threshold (``sizes``: a number per group).

    Raises
    ------
    NothingToDraw
        No group has ``minimum`` ``unit`` or more; the message names the largest group
        (``why`` follows: what the threshold is for).

    >>> require_some(pd.Series({"official": 4200, "questioner": 900}), 5000, groups="role", unit="words")
    Traceback (most recent call last):
    ...
    analysis.gallery.NothingToDraw: no role has 5,000 words or more (the most: official, 4,200 words)
    """
    sizes = pd.Series(sizes).dropna()
    if (sizes >= minimum).any():
        return
    if sizes.empty:
        said = f"there is no {groups}"
    else:
        top = sizes.sort_values(ascending=False, kind="stable").index[0]
        n = int(sizes[top])
        said = f"the most: {top}, {n:,} {unit if n != 1 else unit.removesuffix('s')}"
    raise NothingToDraw(f"no {groups} has {minimum:,} {unit} or more ({said}){why}")


#: A figure drawn by speaker shows at most this many speakers, those with the most words (or
#: paragraphs) among the ones over its threshold: a column or row per speaker stays readable
#: (the UN General Debate has 199 speaking countries, each over 5,000 words).
MAX_SPEAKERS = 30


def largest(sizes: pd.Series, minimum: int, *, limit: int | None = None) -> list:
    """The groups of ``sizes`` (a number per group) with ``minimum`` or more, at most ``limit``
    (None: :data:`MAX_SPEAKERS`) of them: the largest, ties by name.

    >>> largest(pd.Series({"b": 9000, "a": 9000, "c": 7000, "d": 100}), 5000, limit=2)
    ['a', 'b']
    """
    sizes = pd.Series(sizes).dropna()
    sizes = sizes[sizes >= minimum]
    frame = pd.DataFrame({"group": sizes.index.astype(str), "size": sizes.to_numpy(), "key": sizes.index})
    limit = MAX_SPEAKERS if limit is None else limit
    return frame.sort_values(["size", "group"], ascending=[False, True], kind="stable")["key"].head(limit).tolist()


def capped(what: str, shown: int, total: int, unit: str = "words") -> str:
    r"""A figure's note of the groups it leaves out for :data:`MAX_SPEAKERS` ('' when none).

    >>> capped("speakers", 30, 199)
    '\nShown: the 30 speakers with the most words, of 199 over the threshold.'
    """
    if shown >= total:
        return ""  # a line of its own: the source line before it may fill the figure's width
    return f"\nShown: the {shown} {what} with the most {unit}, of {total:,} over the threshold."


def turns_of(turns: pd.DataFrame, transcript_ids) -> pd.DataFrame:
    """The turns of the given transcripts (a figure's source when its table lists transcripts)."""
    return turns[turns["transcript_id"].isin(pd.unique(pd.Series(list(transcript_ids), dtype="object")))]


@dataclass
class FigureContext:
    """What every figure is made from: the corpus, and cached tables shared by figures.
    ``extra_stop_words``: words the user leaves out of the term and topic figures, on top of
    the standard stop words (``figures --extra-stop-words``)."""

    corpus: object
    cache: dict = field(default_factory=dict)
    extra_stop_words: tuple[str, ...] = ()

    @cached_property
    def turns(self) -> pd.DataFrame:
        return self.corpus.turns()

    @cached_property
    def total_words(self) -> int:
        """Words of the whole corpus, the ``of N words`` of a figure drawn from part of it."""
        return int(self.turns["n_words"].sum())

    @cached_property
    def source_note(self) -> str:
        """The source line of the whole corpus (the figure index's); a figure drawn from part
        of it uses :meth:`note` on that part."""
        return source_note(self.turns)

    def note(self, data: pd.DataFrame | None = None) -> str:
        """The source line of a figure drawn from ``data`` (default: every turn); see
        :func:`source_note`. It says "N of M words" when ``data`` holds fewer words than
        the corpus.

        Raises
        ------
        NothingToDraw
            ``data`` has no rows: nothing of this corpus passes the figure's selection, so
            the figure would be an empty frame (and is skipped instead).
        """
        if data is None:
            return self.source_note
        if data.empty:
            raise NothingToDraw("nothing of this corpus passes the figure's selection", see_caption=True)
        return source_note(data, total_words=self.total_words)

    def memo(self, key: str, make: Callable[[], object]) -> object:
        """Compute ``make()`` once per context (tables several figures share).

        A :class:`NothingToDraw` raised by ``make()`` is kept too, and raised again for every
        figure that needs the table (without computing it again).
        """
        if key not in self.cache:
            try:
                self.cache[key] = make()
            except NothingToDraw as exc:
                exc.__traceback__ = exc.__context__ = exc.__cause__ = None  # their frames hold make()'s tables
                self.cache[key] = exc
        value = self.cache[key]
        if isinstance(value, NothingToDraw):
            raise NothingToDraw(str(value), see_caption=value.see_caption)
        return value


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
    stop_words : (str, str) or None, default=None
        How the call reads when the user gives extra stop words
        (:attr:`FigureContext.extra_stop_words`, left out of the figure), for :meth:`made_by`: the part of ``call``
        to replace (``""``: put the replacement before the call) and its replacement, in which ``{words}``
        stands for the words as Python strings (``"okay", "going"``). None for a figure
        drawn without them.
    reads : tuple of str or None, default=None
        The kinds of in-memory layers (:class:`~analysis._memo.Memo` kinds, module names
        such as ``analysis.tokens``; a kind names its submodules' memos too) the figure reads
        after an earlier figure of its family built them, so that
        :func:`analysis.figures.release_plan` lets go of the others before it. None: any
        (nothing is let go within the family before the figure).

    Raises
    ------
    ValueError
        The part of ``stop_words`` to replace is not in ``call``.
    """

    name: str
    caption: str
    call: str
    make: Callable[[FigureContext], Figure]
    stop_words: tuple[str, str] | None = None
    reads: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.stop_words is not None and self.stop_words[0] not in self.call:
            raise ValueError(f"FigureSpec {self.name!r}: stop_words replaces {self.stop_words[0]!r}, which is not in "
                             f"its call {self.call!r}")

    def made_by(self, extra_stop_words: Sequence[str] = ()) -> str:
        """The call that makes the figure, as the index shows it: :attr:`call`, with
        ``extra_stop_words`` where the figure takes them (``figures --extra-stop-words``).

        >>> spec = FigureSpec("top", "Top words.", "top_terms(turns)", lambda ctx: None,
        ...                   stop_words=(")", ", stop_words=stop_words([{words}]))"))
        >>> spec.made_by()
        'top_terms(turns)'
        >>> print(spec.made_by(["okay", "going"]))
        top_terms(turns, stop_words=stop_words(["okay", "going"]))
        """
        if not extra_stop_words or self.stop_words is None:
            return self.call
        old, new = self.stop_words
        new = new.replace("{words}", ", ".join(json.dumps(w, ensure_ascii=False) for w in extra_stop_words))
        return self.call.replace(old, new, 1)


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


def family_of(spec: FigureSpec) -> str | None:
    """The family (``"terms"``...) whose module defines ``spec``'s ``make``, or None for a
    figure defined elsewhere."""
    module = getattr(spec.make, "__module__", None) or ""
    family = module.removeprefix(f"{__name__}.")
    return family if module.startswith(f"{__name__}.") and family in FAMILIES else None


def family_layers() -> dict[str, tuple[str, ...]]:
    """The kinds of in-memory layers (:class:`~analysis._memo.Memo` kinds, module names such
    as ``analysis.tokens``) each family's figures read again after an earlier family built
    them (the token table of the turns, their sentences...), from the ``LAYERS`` of its
    module. :func:`analysis.figures.regenerate` lets go of the other layers once no later
    figure reads them (a layer a family builds for itself is built within it either way;
    within a family, each figure's :attr:`FigureSpec.reads` says what it reads again)."""
    return {fam: tuple(importlib.import_module(f"{__name__}.{fam}").LAYERS) for fam in FAMILIES}
