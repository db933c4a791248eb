"""Progress for slow work: bars over items, a ticking line for one slow step, lines beside them.

Every function takes ``enabled`` (a module's ``progress=`` flag passed on) and does nothing
visible when it is False, so callers need no ``if progress:`` branches. Output goes to
standard error, never to standard output (which a command's table or CSV may be piped
from), through :mod:`tqdm.auto`: a text bar in a terminal, a widget in Jupyter.

Examples
--------
>>> from analysis._progress import bar, step, write
>>> total = 0
>>> for n in bar([1, 2, 3], desc="counting", unit="file", enabled=False):
...     total += n
>>> with step("term frequencies", enabled=False):
...     total += 1
>>> write("said only when enabled", enabled=False)
>>> total
7
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

__all__ = ["bar", "label", "step", "tally", "write"]

T = TypeVar("T")

#: Seconds between two redraws of a running step's elapsed time.
TICK = 1.0


def bar(iterable: Iterable[T], *, desc: str, total: int | None = None, unit: str = "it",
        enabled: bool = True, leave: bool = True) -> Iterable[T]:
    """``iterable`` with a progress bar on standard error when ``enabled``.

    Parameters
    ----------
    iterable : iterable
        The items to go through.
    desc : str
        What is being done, shown before the bar ("reading transcripts").
    total : int, optional
        Number of items, for an iterable without ``len()``.
    unit : str, default="it"
        What one item is ("file", "turn", "fig").
    enabled : bool, default=True
        False returns ``iterable`` itself: no bar, no cost.
    leave : bool, default=True
        Keep the finished bar on screen.

    Returns
    -------
    iterable
        A :class:`tqdm.auto.tqdm` over ``iterable``, or ``iterable`` when not enabled. Use
        :func:`label` to name the item being worked on and :func:`write` for lines beside the
        bar; both accept either.
    """
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, total=total, unit=unit, leave=leave, file=sys.stderr, dynamic_ncols=True)


@contextmanager
def tally(*, desc: str, total: int, unit: str = "it", enabled: bool = True,
          leave: bool = True) -> Iterator[Callable[[int], object]]:
    """A progress bar over ``total`` items on standard error when ``enabled``, advanced by
    the caller as items are done (work done elsewhere, such as in worker processes, whose
    items arrive in batches).

    Parameters
    ----------
    desc : str
        What is being done, shown before the bar ("reading transcripts").
    total : int
        Number of items.
    unit : str, default="it"
        What one item is ("file").
    enabled : bool, default=True
        False shows nothing: the function given advances nothing.
    leave : bool, default=True
        Keep the finished bar on screen.

    Yields
    ------
    callable
        ``advance(n)``: ``n`` more items are done. The bar is closed when the block ends.

    Examples
    --------
    >>> with tally(desc="reading", total=3, unit="file", enabled=False) as advance:
    ...     advance(2)
    ...     advance(1)
    """
    if not enabled:
        yield lambda n: None
        return
    from tqdm.auto import tqdm

    shown = tqdm(total=total, desc=desc, unit=unit, leave=leave, file=sys.stderr, dynamic_ncols=True)
    try:
        yield shown.update
    finally:
        shown.close()


def label(progress: Iterable, text: str) -> None:
    """Show ``text`` (the item being worked on) after the bar ``progress`` returned by :func:`bar`;
    nothing when it is not a bar (progress not enabled)."""
    set_postfix = getattr(progress, "set_postfix_str", None)
    if set_postfix is not None:
        set_postfix(text, refresh=True)


def write(text: str, *, enabled: bool = True) -> None:
    """Write ``text`` as one line on standard error, above any bar being drawn (which is
    drawn again below it); nothing when not ``enabled``."""
    if not enabled:
        return
    from tqdm.auto import tqdm

    tqdm.write(text, file=sys.stderr)


@contextmanager
def step(desc: str, *, enabled: bool = True, tick: float = TICK) -> Iterator[None]:
    """Show that a slow step is running: ``<desc> ... 12 s`` on standard error while it runs
    (the seconds count up), ``<desc> ... 12.3 s`` when it ends.

    For work that has no items to count (a model fit, one library call); inner bars of the
    step are drawn below its line. When the step raises, its line is removed and the
    exception propagates (the error says what happened).

    Parameters
    ----------
    desc : str
        What runs, e.g. ``"term frequencies"`` or ``"topic model (nmf, k=10)"``.
    enabled : bool, default=True
        False shows nothing and starts no thread.
    tick : float, default=1.0
        Seconds between two redraws of the elapsed time.

    Examples
    --------
    >>> with step("fitting", enabled=False):
    ...     pass
    """
    if not enabled:
        yield
        return
    from tqdm.auto import tqdm

    # In a terminal each redraw also erases the rest of the line ("\x1b[K"): an inner bar
    # that finished leaves its last line where this one was drawn, and this line moves below.
    erase = "\x1b[K" if _is_terminal(sys.stderr) else ""
    started = time.perf_counter()
    shown = tqdm(total=None, desc=desc, bar_format="{desc} ... {elapsed_s:.0f} s" + erase, file=sys.stderr,
                 dynamic_ncols=True, leave=True)
    done = threading.Event()

    def redraw() -> None:
        while not done.wait(tick):
            shown.refresh()

    ticker = threading.Thread(target=redraw, name=f"progress: {desc}", daemon=True)
    ticker.start()
    try:
        yield
    except BaseException:
        done.set()
        ticker.join()
        shown.leave = False
        shown.close()
        raise
    done.set()
    ticker.join()
    shown.bar_format = "{desc} ... " + f"{time.perf_counter() - started:.1f} s" + erase
    shown.close()


def _is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal (False for files, pipes, captured and notebook streams)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no isatty(), or a closed stream
        return False
