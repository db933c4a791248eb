"""The figure registry and :func:`regenerate`: every named figure to ``figures/``.

Writes are atomic (a temporary file in the same folder, flushed to the disk, then
``os.replace``: :func:`analysis.outputs.atomic_write`), so an interrupted run or a full disk
never leaves a half-written figure, and an error names the file; and deterministic (no timestamps in PNG
or SVG metadata, a fixed SVG hash salt), so two runs give identical bytes.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shlex
import sys
import time
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ._memo import release, release_memory
from ._progress import bar, label, owned, write
from .errors import EmptyResultError
from .gallery import FigureContext, FigureSpec, NothingToDraw, all_specs, family_layers, family_of
from .narrate._fmt import code_span, md_text
from .narrate.settings import describe_script
from .outputs import atomic_write
from .plots._style import literal_figure, style
from .types import PathLike

__all__ = ["REPO", "DEFAULT_CORPUS", "DEFAULT_OUT", "FigureRun", "registry", "save_figure", "regenerate",
           "regenerate_command", "skip_reason", "write_index"]

#: Paths live here and only here.
REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / "data"
DEFAULT_OUT = REPO / "figures"
FORMATS = ("png", "svg")
_METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}


def registry() -> dict[str, FigureSpec]:
    """Every registered figure by name, in index order."""
    return {s.name: s for s in all_specs()}


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, fsync and ``os.replace``
    (:func:`analysis.outputs.atomic_write`); an OSError names ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, data)


def save_figure(fig: Figure, out_dir: PathLike, name: str, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write ``fig`` as ``<out_dir>/<name>.<fmt>`` for each format, atomically.

    ``name`` must be a plain file stem: no path separators, so writes stay in ``out_dir``.
    """
    _check_name(name, "save_figure")
    return _write_rendered(_render(fig, formats), out_dir, name)


def _check_name(name: str, caller: str) -> None:
    if not name or Path(name).name != name or name.startswith("."):
        raise ValueError(f"{caller}(): name must be a plain file name; got {name!r}.")


def _render(fig: Figure, formats: Sequence[str] = FORMATS) -> dict[str, bytes]:
    """The bytes of ``fig`` in each format (all rendered before any is written, so a figure
    that cannot be drawn leaves no file)."""
    rendered = {}
    with style():
        literal_figure(fig)  # text from transcripts drawn as written (plot_* figures already are)
        if fig.canvas is None or not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)
        for fmt in formats:
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, metadata=_METADATA.get(fmt))
            rendered[fmt] = buf.getvalue()
    return rendered


def _write_rendered(rendered: Mapping[str, bytes], out_dir: PathLike, name: str) -> list[Path]:
    paths = []
    for fmt, data in rendered.items():
        path = Path(out_dir) / f"{name}.{fmt}"
        _atomic_write(path, data)
        paths.append(path)
    return paths


class FigureRun(list):
    """What :func:`regenerate` did: the files written (a list of paths, in order), and what
    became of each figure.

    Attributes
    ----------
    drawn : list of str
        Figures written.
    skipped : dict of str to str
        Figures this corpus cannot support, with the reason (as in the index).
    failed : dict of str to str
        Figures that raised an internal error, with ``"<Type>: <message>"``.
    errors : dict of str to Exception
        The exception of each failed figure (its ``__traceback__`` says where).
    seconds : dict of str to float
        Wall-clock seconds each figure took (its analysis, shared tables it computed first,
        plot and rendering).
    """

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[str] = []
        self.skipped: dict[str, str] = {}
        self.failed: dict[str, str] = {}
        self.errors: dict[str, Exception] = {}
        self.seconds: dict[str, float] = {}


def regenerate(
    corpus_path: PathLike = DEFAULT_CORPUS,
    out_dir: PathLike = DEFAULT_OUT,
    *,
    only: Sequence[str] | None = None,
    progress: bool = True,
    on_error: str = "raise",
    columns: Mapping[str, str] | None = None,
    roles: Mapping[str, str] | PathLike | None = None,
    aliases: Mapping[str, str] | PathLike | None = None,
    name_pattern: str | None = None,
    k: int | None = None,
    min_df: int | None = None,
    extra_stop_words: Sequence[str] = (),
) -> FigureRun:
    """Make every registered figure (or those in ``only``) and write them to ``out_dir``.

    Also writes ``<out_dir>/README.md``, the index of figures with captions and calls, and
    the command that regenerates them (``make figures`` for the bundled corpus into
    ``figures/``); with ``only``, no index is written (it would list the other figures as
    missing). Each figure ends one of three ways, and the index says which:

    - drawn: written as PNG and SVG;
    - skipped: the corpus cannot support it (too small, no dates, no two roles to compare,
      nothing passing its selection). The figure raised :class:`~analysis.errors.EmptyResultError`
      (:class:`~analysis.gallery.NothingToDraw` is one, with the reason in a user's words;
      another's message is stripped of its advice on a function's parameters, see
      :func:`skip_reason`). A warning ``figure <name> skipped: <reason>`` is issued;
    - failed: any other exception is an internal error of that figure, not of the corpus.
      It is recorded (``"<Type>: <message>"``, the exception in :attr:`FigureRun.errors`),
      a :class:`RuntimeWarning` ``figure <name> failed: <Type>: <message>`` is issued, and
      the other figures are still made. ``python -m analysis figures`` exits with status 1
      when a figure failed (0 when every figure was drawn or skipped).

    A skipped or failed figure's files from an earlier run in ``out_dir`` are removed, so the
    folder holds what the index lists.

    Warnings raised while a figure is made are issued again prefixed with its name
    (``figure <name>: ...``); those of a skipped or failed figure are dropped, its skip or
    failure says why. ``on_error="collect"`` reads the corpus past files that cannot be
    parsed, as :func:`~analysis.corpus.load_corpus` does (each one warned as ``skipped
    <file> ...``); ``columns`` maps fields to a tabular corpus's columns, and ``roles``,
    ``aliases`` and ``name_pattern`` set roles, speakers and file-name variables (dates), as
    there. ``k`` and ``min_df`` set the topic figures' model (default: k chosen by
    coherence and stability, terms in 5 or more paragraphs); a small corpus needs lower ones.
    ``extra_stop_words`` are left out of the term and topic figures on top of the standard
    stop words (and of the topic figures' briefing words): the fillers of a register ("okay",
    "going") that would otherwise lead its lists.

    ``progress`` shows, on standard error (standard output is left to the caller), a bar
    over the files read and one over the figures naming the figure being made, and a line
    per figure: ``<name>: drawn in 1.2 s`` (or ``skipped``, ``failed``). The seconds are in
    :attr:`FigureRun.seconds` either way.

    Returns
    -------
    FigureRun
        The paths written (figures, then the index), with ``drawn``, ``skipped`` and
        ``failed``.

    Raises
    ------
    ValueError
        A name in ``only`` that is not registered (the message lists the names).
    AnalysisError
        The corpus cannot be read (as :func:`~analysis.corpus.load_corpus`); nothing is written.
    OSError
        A file cannot be written.
    """
    specs = registry()
    if only:
        unknown = [n for n in only if n not in specs]
        if unknown:
            raise ValueError(f"regenerate(): unknown figure(s) {unknown}; registered: {', '.join(specs)}")
        chosen = [specs[n] for n in only]
    else:
        chosen = list(specs.values())
    reading = {k: v for k, v in (("roles", roles), ("aliases", aliases), ("name_pattern", name_pattern))
               if v is not None}
    with workers_from_a_server(), owned():  # each figure's calls show no progress of their own
        return _regenerate(specs, chosen, corpus_path, out_dir, only=only, progress=progress, on_error=on_error,
                           columns=columns, reading=reading, k=k, min_df=min_df,
                           extra_stop_words=tuple(dict.fromkeys(extra_stop_words)))


def _regenerate(specs: Mapping[str, FigureSpec], chosen: Sequence[FigureSpec], corpus_path: PathLike,
                out_dir: PathLike, *, only: Sequence[str] | None, progress: bool, on_error: str,
                columns: Mapping[str, str] | None, reading: Mapping[str, object], k: int | None,
                min_df: int | None, extra_stop_words: tuple[str, ...]) -> FigureRun:
    """:func:`regenerate` of the figures ``chosen`` among ``specs``, the corpus read with
    ``reading`` (roles, aliases, name pattern)."""
    from .corpus import load_corpus

    ctx = FigureContext(load_corpus(corpus_path, progress=progress, on_error=on_error, columns=columns, **reading),
                        extra_stop_words=extra_stop_words)
    ctx.cache["topic_options"] = {"k": k, "min_df": min_df}  # read by analysis.gallery.topics
    script = describe_script(ctx.turns).text  # text without spaces between words (Chinese...): said once
    if script:
        warnings.warn(f"figures: {script}", stacklevel=2)
    run = FigureRun()
    # the options that read this corpus, for a command a skip reason names ("keyness --by role ...")
    reading_options = regenerate_command(corpus_path, DEFAULT_OUT, on_error=on_error, columns=columns,
                                         **reading).removeprefix(_COMMAND)
    plan = release_plan(chosen)
    figures = bar(chosen, desc="figures", unit="fig", enabled=progress)
    for i, spec in enumerate(figures):
        label(figures, spec.name)
        started = time.perf_counter()
        paths, caught, exc = _make_one(spec, ctx, out_dir)
        _release(ctx, plan[i])
        run.seconds[spec.name] = time.perf_counter() - started
        outcome = "skipped" if isinstance(exc, EmptyResultError) else "failed" if exc is not None else "drawn"
        write(f"{spec.name}: {outcome} in {run.seconds[spec.name]:.1f} s", enabled=progress)
        if isinstance(exc, EmptyResultError):
            reason = with_reading_options(skip_reason(exc, spec), reading_options)
            run.skipped[spec.name] = reason
            warnings.warn(f"figure {spec.name} skipped: {reason}", stacklevel=2)
        elif exc is not None:
            run.failed[spec.name] = f"{type(exc).__name__}: {_one_line(exc)}"
            run.errors[spec.name] = exc
            warnings.warn(f"figure {spec.name} failed: {run.failed[spec.name]}", RuntimeWarning, stacklevel=2)
        else:
            for message, category in _summarize_glyphs(dict.fromkeys((str(w.message), w.category) for w in caught)):
                warnings.warn(f"figure {spec.name}: {message}", category, stacklevel=2)
            run.drawn.append(spec.name)
            run.extend(paths)
    if not only:
        command = regenerate_command(corpus_path, out_dir, on_error=on_error, columns=columns, **reading)
        command += "".join(f" --{name.replace('_', '-')} {value}" for name, value in (("k", k), ("min_df", min_df))
                           if value is not None)
        if extra_stop_words:
            command += f" --extra-stop-words {_shell_quote(','.join(extra_stop_words))}"
        note = f"{ctx.source_note} {script}" if script else ctx.source_note
        run.append(write_index(list(specs.values()), out_dir, note, skipped=run.skipped,
                               failed=run.failed, command=command, extra_stop_words=extra_stop_words))
    return run


@contextmanager
def workers_from_a_server() -> Iterator[None]:
    """While the figures are made, process pools (``multiprocessing``'s default context, which
    joblib's "multiprocessing" backend uses) start their workers from a small server process
    (``"forkserver"``) instead of forking this one.

    A forked worker shares every page of this process (the loaded corpus, the tables built for
    earlier figures) and counts it all again in its resident set; a worker forked from the
    server holds only the modules it imports and the work it is sent. Pool results do not
    depend on how workers start. The start method is set back when the block ends.

    Nothing changes where there is no ``"forkserver"`` (Windows), where a start method was
    already chosen, or when the main module would be run again in each worker (a script
    run by path: ``multiprocessing`` imports it in every new worker, as with ``"spawn"``);
    ``python -m analysis``, an interactive session or a notebook use the server.
    """
    import multiprocessing as mp

    if not _server_usable(mp):
        yield
        return
    mp.set_start_method("forkserver", force=True)
    try:
        yield
    finally:
        mp.set_start_method(None, force=True)


def _server_usable(mp) -> bool:
    """Whether :func:`workers_from_a_server` can switch ``mp`` to ``"forkserver"``: it exists,
    no start method was chosen, and the main module is not a file each worker would run."""
    if "forkserver" not in mp.get_all_start_methods() or mp.get_start_method(allow_none=True) is not None:
        return False
    main = sys.modules.get("__main__")
    name = getattr(getattr(main, "__spec__", None), "name", None) or ""
    return name.endswith(".__main__") or getattr(main, "__file__", None) is None


def release_plan(specs: Sequence[FigureSpec]) -> list[tuple[tuple[str, ...], tuple[str, ...]] | None]:
    """What to let go after each figure of ``specs`` (made in this order): the in-memory
    layers (:class:`~analysis._memo.Memo` entries) and the families' shared tables
    (:meth:`FigureContext.memo`, keys ``<family>_...``) that no later figure needs.

    A family module lists the kinds of layers its figures read after an earlier family built
    them (``LAYERS``, see :func:`analysis.gallery.family_layers`), and each figure the kinds
    it reads after an earlier figure of its family built them
    (:attr:`~analysis.gallery.FigureSpec.reads`). After a figure, every memo entry is dropped
    but those of the kinds the rest of its family reads and the later families read; after
    the last figure of a family, its tables are dropped too. Nothing is let go before a
    figure of no known family (it may need anything), within a family before a figure whose
    ``reads`` is None, nor after the last figure (a caller may go on with the same texts).
    Memos only save work: what is let go changes no figure.

    Returns
    -------
    list of (tuple of str, tuple of str) or None
        Per figure: None to keep everything, else the memo kinds to keep and the families
        whose tables to drop.

    >>> from analysis.gallery import all_specs
    >>> specs = [s for s in all_specs() if s.name in ("terms_dispersion_xray", "terms_trends",
    ...                                               "rhetoric_profile_by_role")]
    >>> release_plan(specs)
    [(('analysis.tokens',), ()), (('analysis.tokens',), ('terms',)), None]
    """
    layers = family_layers()
    families = [family_of(s) for s in specs]
    plan: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = []
    for i, family in enumerate(families):
        later = families[i + 1:]
        run = list(itertools.takewhile(lambda j: families[j] == family, range(i + 1, len(specs))))
        if not later or any(f not in layers for f in later) or any(specs[j].reads is None for j in run):
            plan.append(None)
            continue
        keep = {kind for j in run for kind in specs[j].reads}
        keep |= {kind for f in later[len(run):] for kind in layers[f]}
        done = () if run else tuple(f for f in dict.fromkeys(families[:i + 1]) if f not in later)
        plan.append((tuple(sorted(keep)), done))
    return plan


def _release(ctx: FigureContext, step: tuple[tuple[str, ...], tuple[str, ...]] | None) -> None:
    """Let go of the layers and tables of one step of :func:`release_plan` (with None, only
    hand the memory the figure freed back to the system, so that the next figure starts
    from what is still used and the processes it forks share less)."""
    if step is None:
        release_memory()
        return
    keep, families = step
    for key in [k for k in ctx.cache if any(k.startswith(f"{f}_") for f in families)]:
        del ctx.cache[key]
    release(keep=keep)


def _make_one(spec: FigureSpec, ctx: FigureContext, out_dir: PathLike):
    """Make and write one figure: (paths written, warnings caught, exception or None).

    Any exception of the figure's analysis, plot or rendering is returned, not raised; an
    OSError while writing its files is raised (the output folder fails every figure alike).
    A figure not written leaves no file of its name from an earlier run, so the folder
    shows what the index says.
    """
    _check_name(spec.name, "regenerate")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with style():
                fig = spec.make(ctx)
            if not isinstance(fig, Figure):
                raise TypeError(f"the figure's make() returned {type(fig).__name__}, not a matplotlib Figure")
            rendered = _render(fig)
        except Exception as exc:  # noqa: BLE001 - one figure's error must not stop the others
            for fmt in FORMATS:
                Path(out_dir, f"{spec.name}.{fmt}").unlink(missing_ok=True)
            return [], caught, exc
    return _write_rendered(rendered, out_dir, spec.name), caught, None


#: matplotlib's warning for a character the font cannot draw (one per character and figure).
_GLYPH = re.compile(r"^Glyph (\d+) \(.*\) missing from font\(s\) (.+?)\.?$")


def _summarize_glyphs(messages: Iterable[tuple[str, type]]) -> list[tuple[str, type]]:
    """``(message, category)`` pairs with matplotlib's missing-glyph warnings (one per
    character) replaced by one saying how many characters, which, and what to install.

    >>> caught = [(f"Glyph {ord(c)} (CJK UNIFIED IDEOGRAPH) missing from font(s) DejaVu Sans.", UserWarning)
    ...           for c in "中国"]
    >>> print(_summarize_glyphs([("Clipped.", UserWarning), *caught])[1][0])
    2 characters (中, 国) have no glyph in the font DejaVu Sans and are drawn as empty boxes; install a font that
    has them (Noto Sans CJK, WenQuanYi Zen Hei...), which the figures then use for them
    """
    chars: dict[str, None] = {}
    fonts: dict[str, None] = {}
    out: list[tuple[str, type]] = []
    category: type = UserWarning
    for message, cat in messages:
        m = _GLYPH.match(message)
        if m is None:
            out.append((message, cat))
            continue
        chars[chr(int(m.group(1)))] = None
        fonts[m.group(2)] = None
        category = cat
    if chars:
        shown = ", ".join(list(chars)[:5]) + (", ..." if len(chars) > 5 else "")
        n = len(chars)
        out.append((f"{n:,} character{'s' if n != 1 else ''} ({shown}) {'have' if n != 1 else 'has'} no glyph in the "
                    f"font {', '.join(fonts)} and {'are' if n != 1 else 'is'} drawn as empty boxes; install a font "
                    "that has them (Noto Sans CJK, WenQuanYi Zen Hei...), which the figures then use for them", category))
    return out


def _one_line(exc: BaseException) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip() or "(no message)"


#: Advice on a function's parameters that ends a library message ("...; lower min_df.").
_ADVICE = re.compile(r"(?:[;.]|,? or)\s+(?:try|lower|raise|give|pass|use|increase|set|choose)\b.*$", re.I | re.S)


def with_reading_options(reason: str, options: str) -> str:
    """``reason`` with ``options`` (the ``--corpus`` and reading options of the run, each with
    its leading space) after every analysis command it names, so that the command reads the
    same corpus as the figures did.

    >>> with_reading_options("(its table: python -m analysis keyness --by role)", " --corpus my_talks")
    '(its table: python -m analysis keyness --corpus my_talks --by role)'
    """
    return re.sub(r"\bpython -m analysis [a-z]+", lambda m: m.group(0) + options, reason) if options else reason


def skip_reason(exc: EmptyResultError, spec: FigureSpec | None = None) -> str:
    """Why a figure is skipped, in words a ``figures`` user can act on.

    A :class:`~analysis.gallery.NothingToDraw` says it already (followed by the figure's
    caption when its reason is the figure's own selection). Another
    :class:`~analysis.errors.EmptyResultError` comes from an analysis function: its message
    loses the function's name and any advice on the function's parameters (which a
    ``figures`` user cannot set), and says the corpus does not support the figure.

    >>> skip_reason(EmptyResultError("formulae(): no phrase recurs in 2 transcripts; try a lower min_transcripts."))
    'the corpus does not support it: no phrase recurs in 2 transcripts'
    """
    if isinstance(exc, NothingToDraw):
        reason = _one_line(exc)
        if exc.see_caption and spec is not None:  # the caption says what it keeps
            reason = f"{reason}: {spec.caption}"
        return reason
    text = re.sub(r"^[\w.]+\(\):\s*", "", _one_line(exc))
    text = _ADVICE.sub("", text).rstrip(" .;,:")
    return f"the corpus does not support it: {text}"


#: The command that regenerates the default figures (``make figures`` runs it).
_COMMAND = "python -m analysis figures"


def regenerate_command(corpus_path: PathLike = DEFAULT_CORPUS, out_dir: PathLike = DEFAULT_OUT, *,
                       on_error: str = "raise", columns: Mapping[str, str] | None = None,
                       roles: Mapping[str, str] | PathLike | None = None,
                       aliases: Mapping[str, str] | PathLike | None = None, name_pattern: str | None = None) -> str:
    """The command that writes these figures again: ``python -m analysis figures`` with
    ``--corpus`` and ``--out`` when they are not the defaults (paths as given, quoted for a
    shell), and the reading options that were used (``--skip-bad-files``, ``--column``,
    ``--name-pattern``, ``--roles`` and ``--aliases`` given as files; ``roles``/``aliases``
    given as mappings have no option and are left out).

    >>> regenerate_command()
    'python -m analysis figures'
    >>> regenerate_command("my corpus", "out")
    "python -m analysis figures --corpus 'my corpus' --out out"
    >>> regenerate_command("talks", "out", roles="roles.csv", name_pattern="{year}_{place}")
    "python -m analysis figures --corpus talks --out out --name-pattern '{year}_{place}' --roles roles.csv"
    """
    parts = [_COMMAND]
    for option, path, default in (("--corpus", corpus_path, DEFAULT_CORPUS), ("--out", out_dir, DEFAULT_OUT)):
        if Path(path).resolve() != default:
            parts.append(f"{option} {_shell_quote(os.fspath(path))}")
    if on_error == "collect":
        parts.append("--skip-bad-files")
    parts += [f"--column {_shell_quote(f'{field}={name}')}" for field, name in (columns or {}).items()]
    if name_pattern is not None:
        parts.append(f"--name-pattern {_shell_quote(name_pattern)}")
    for option, value in (("--roles", roles), ("--aliases", aliases)):
        if isinstance(value, (str, os.PathLike)):
            parts.append(f"{option} {_shell_quote(os.fspath(value))}")
    return " ".join(parts)


def _shell_quote(arg: str) -> str:
    r"""``arg`` quoted for a POSIX shell, on one line: :func:`shlex.quote`, or, when it holds a
    line break or another control character, bash's ``$'...'`` with escapes.

    >>> print(_shell_quote("my corpus"), _shell_quote("a\nb"), _shell_quote("it's\x1b"))
    'my corpus' $'a\nb' $'it\'s\x1b'
    """
    if arg.isprintable():
        return shlex.quote(arg)
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\", "'": "\\'"}
    body = "".join(named.get(ch) or (ch if ch.isprintable() else
                                     f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
                   for ch in arg)
    return f"$'{body}'"


def write_index(specs: Sequence[FigureSpec], out_dir: PathLike, source_note: str = "", *,
                skipped: dict[str, str] | None = None, failed: dict[str, str] | None = None,
                command: str = _COMMAND, extra_stop_words: Sequence[str] = ()) -> Path:
    """Write ``README.md`` in ``out_dir``: each figure, its caption and the call that makes it
    (and, for a skipped figure, why it could not be made from this corpus; for a failed one,
    ``Failed: <Type>: <message>``).

    The call names ``extra_stop_words`` (the words ``regenerate(extra_stop_words=)`` left
    out) where the figure takes them (:meth:`~analysis.gallery.FigureSpec.made_by`), so the
    figure can be made again from it; with none, each call is the spec's ``call``.

    The first line says how to regenerate the folder: ``command`` (see
    :func:`regenerate_command`), introduced as ``make figures`` when it is the default one.
    Text from the corpus (the source note, skip reasons naming speakers, errors) is escaped
    Markdown (:func:`analysis.narrate._fmt.md_text`) and the command a code span that holds
    any backtick (:func:`analysis.narrate._fmt.code_span`), so the index renders them as
    written.
    """
    skipped, failed = skipped or {}, failed or {}
    if command == _COMMAND:
        how = "Regenerated by `make figures` (`python -m analysis figures`). "
    else:
        how = f"Regenerated by {code_span(command)}. "
    lines = ["# Figures", "", how + md_text(source_note), ""]
    for s in specs:  # what comes from the corpus (reasons, errors, the note) is escaped Markdown
        lines += [f"## {code_span(s.name)}", "", s.caption, ""]
        if s.name in failed:
            lines += [f"Failed: {md_text(failed[s.name])} (an internal error of this figure, not a problem of the "
                      "corpus)", ""]
        elif s.name in skipped:
            lines += [f"Not made from this corpus: {md_text(skipped[s.name])}", ""]
        else:
            lines += [f"![{s.name}]({s.name}.png)", ""]
        lines += [f"Made by: {code_span(s.made_by(extra_stop_words))}", ""]
    path = Path(out_dir) / "README.md"
    _atomic_write(path, "\n".join(lines).encode("utf-8"))
    return path
