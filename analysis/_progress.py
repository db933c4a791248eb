"""Progress for slow work: bars over items, a ticking line for one slow step, lines beside them.

Every function takes ``enabled`` (a module's ``progress=`` setting passed on, as
:func:`resolve` makes it) and does nothing visible when it is False, so callers need no
``if progress:`` branches; a number of seconds shows only work that lasts longer than that.
Output goes to standard error, never to standard output (which a command's table or CSV may
be piped from), through :mod:`tqdm.auto`: a text bar in a terminal, a widget in Jupyter.

The public functions take ``progress=None`` by default: progress is then shown when someone
watches (standard error is a terminal, or the code runs in a Jupyter kernel), and only for
work that lasts more than :data:`AUTO_DELAY` seconds, so quick calls print nothing. The
environment variable ``ANALYSIS_PROGRESS`` overrides the guess: ``0`` never shows automatic
progress (as when notebooks are executed for their saved outputs), ``1`` always does. Within
:func:`owned` (a command, the figures: callers that show progress of their own) automatic
progress is off.

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
from contextvars import ContextVar
from typing import TypeVar

__all__ = ["bar", "interactive", "label", "owned", "resolve", "step", "tally", "write"]

T = TypeVar("T")

#: Seconds between two redraws of a running step's elapsed time.
TICK = 1.0
#: Seconds a bar or a step must have run before it is shown when progress is automatic.
AUTO_DELAY = 2.0
#: The environment variable that overrides whether automatic progress is shown ("0" or "1").
PROGRESS_ENV = "ANALYSIS_PROGRESS"
#: True within :func:`owned`: automatic progress is off.
_OWNED: ContextVar[bool] = ContextVar("analysis_progress_owned", default=False)


@contextmanager
def owned() -> Iterator[None]:
    """Within the block, the functions called show no automatic progress (``progress=None``
    resolves to False): the caller (a command, :func:`analysis.figures.regenerate`) shows
    progress of its own, or was asked to be quiet. An explicit True or number still shows.

    Examples
    --------
    >>> import os
    >>> os.environ[PROGRESS_ENV] = "1"
    >>> resolve(None, caller="f")
    2.0
    >>> with owned():
    ...     resolve(None, caller="f"), resolve(True, caller="f")
    (False, True)
    >>> del os.environ[PROGRESS_ENV]
    """
    token = _OWNED.set(True)
    try:
        yield
    finally:
        _OWNED.reset(token)


def interactive() -> bool:
    """Whether someone watches this session's progress: :data:`PROGRESS_ENV` when set to
    ``0``/``1`` (also ``false``/``true``, ``no``/``yes``, ``off``/``on``), else whether standard
    error is a terminal or the code runs in a Jupyter (IPython) kernel."""
    import os

    told = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if told in ("0", "false", "no", "off"):
        return False
    if told in ("1", "true", "yes", "on"):
        return True
    return _is_terminal(sys.stderr) or _in_kernel()


def _in_kernel() -> bool:
    """Whether this code runs in a Jupyter kernel (IPython with a kernel; not a terminal IPython)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:  # pragma: no cover - an IPython that cannot answer
        return False
    return shell is not None and getattr(shell, "kernel", None) is not None


def resolve(progress: bool | float | None, *, caller: str) -> bool | float:
    """The ``progress=`` argument of a public function, checked and made what the functions of
    this module take as ``enabled``.

    Parameters
    ----------
    progress : bool, float or None
        None: automatic (:data:`AUTO_DELAY` when :func:`interactive`, else False); True: shown
        at once; False: never; a number of seconds (0 or more): shown for work that lasts
        longer than that.
    caller : str
        The public function, for the error message.

    Returns
    -------
    bool or float
        False, True (shown at once) or a delay in seconds (above 0).

    Examples
    --------
    >>> resolve(True, caller="f"), resolve(False, caller="f"), resolve(5, caller="f")
    (True, False, 5.0)
    >>> resolve("yes", caller="f")
    Traceback (most recent call last):
    ...
    TypeError: f(): progress must be True, False, None (shown when someone watches, for work over 2 s) \
or a number of seconds; got 'yes'.
    """
    if progress is None:
        if _OWNED.get() or not interactive():
            return False
        progress = AUTO_DELAY
    if isinstance(progress, bool):
        return progress
    if isinstance(progress, (int, float)) and progress >= 0 and progress == progress:
        return float(progress) or True  # no delay: True (a number is always true to `if progress:`)
    raise TypeError(f"{caller}(): progress must be True, False, None (shown when someone watches, for work over "
                    f"{AUTO_DELAY:g} s) or a number of seconds; got {progress!r}.")


def _delay(enabled: bool | float) -> float:
    """Seconds before a bar or step of ``enabled`` (True or a number, see :func:`resolve`) is shown."""
    return 0.0 if isinstance(enabled, bool) else float(enabled)


def bar(iterable: Iterable[T], *, desc: str, total: int | None = None, unit: str = "it",
        enabled: bool | float = True, leave: bool = True) -> Iterable[T]:
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
    enabled : bool or float, default=True
        False returns ``iterable`` itself: no bar, no cost; a number of seconds shows the bar
        only once it has run that long (:func:`resolve`).
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

    return tqdm(iterable, desc=desc, total=total, unit=unit, leave=leave, file=sys.stderr, dynamic_ncols=True,
                delay=_delay(enabled))


@contextmanager
def tally(*, desc: str, total: int, unit: str = "it", enabled: bool | float = True,
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
    enabled : bool or float, default=True
        False shows nothing: the function given advances nothing; a number of seconds shows
        the bar only once it has run that long.
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

    shown = tqdm(total=total, desc=desc, unit=unit, leave=leave, file=sys.stderr, dynamic_ncols=True,
                 delay=_delay(enabled))
    try:
        yield shown.update
    finally:
        shown.close()


def label(progress: Iterable, text: str) -> None:
    """Show ``text`` (the item being worked on) after the bar ``progress`` returned by :func:`bar`;
    nothing when it is not a bar (progress not enabled)."""
    set_postfix = getattr(progress, "set_postfix_str", None)
    if set_postfix is not None:
        # a bar waiting for its delay is not drawn before it (tqdm draws on every refresh)
        started = getattr(progress, "start_t", 0.0) + getattr(progress, "delay", 0.0)
        set_postfix(text, refresh=time.time() >= started)


def write(text: str, *, enabled: bool | float = True) -> None:
    """Write ``text`` as one line on standard error, above any bar being drawn (which is
    drawn again below it); nothing when not ``enabled`` (a number of seconds: written, a line
    having no duration)."""
    if not enabled:
        return
    from tqdm.auto import tqdm

    tqdm.write(text, file=sys.stderr)


@contextmanager
def step(desc: str, *, enabled: bool | float = True, tick: float = TICK) -> Iterator[None]:
    """Show that a slow step is running: ``<desc> ... 12 s`` on standard error while it runs
    (the seconds count up), ``<desc> ... 12.3 s`` when it ends.

    For work that has no items to count (a model fit, one library call); inner bars of the
    step are drawn below its line. When the step raises, its line is removed and the
    exception propagates (the error says what happened).

    Parameters
    ----------
    desc : str
        What runs, e.g. ``"term frequencies"`` or ``"topic model (nmf, k=10)"``.
    enabled : bool or float, default=True
        False shows nothing and starts no thread; a number of seconds shows the line only once
        the step has run that long (a quicker step leaves nothing on screen).
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
    delay = _delay(enabled)
    shown = tqdm(total=None, desc=desc, bar_format="{desc} ... {elapsed_s:.0f} s" + erase, file=sys.stderr,
                 dynamic_ncols=True, leave=True, delay=delay)
    done, drawn = threading.Event(), threading.Event()

    def redraw() -> None:
        while not done.wait(tick):
            if time.perf_counter() - started >= delay:  # (a refresh draws at once, delay or not)
                shown.refresh()
                drawn.set()

    ticker = threading.Thread(target=redraw, name=f"progress: {desc}", daemon=True)
    ticker.start()
    try:
        yield
    except BaseException:
        done.set()
        ticker.join()
        shown.leave = False
        if drawn.is_set():  # (tqdm clears only what it drew after its delay: drawn here, it did not know)
            shown.delay = 0
        shown.close()
        raise
    done.set()
    ticker.join()
    took = time.perf_counter() - started
    shown.bar_format = "{desc} ... " + f"{took:.1f} s" + erase
    if drawn.is_set() or took >= delay:  # the final line of a step that lasted: written by close()
        shown.delay = 0
    shown.close()


def _is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal (False for files, pipes, captured and notebook streams)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):  # no isatty(), or a closed stream
        return False
