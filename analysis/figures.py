"""The figure registry and :func:`regenerate`: every named figure to ``figures/``.

Writes are atomic (a temporary file in the same folder, then ``os.replace``), so an
interrupted run never leaves a half-written figure, and deterministic (no timestamps in PNG
or SVG metadata, a fixed SVG hash salt), so two runs give identical bytes.
"""

from __future__ import annotations

import io
import os
import shlex
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .errors import AnalysisError
from .gallery import FigureContext, FigureSpec, NothingToDraw, all_specs
from .plots._style import style
from .types import PathLike

__all__ = ["REPO", "DEFAULT_CORPUS", "DEFAULT_OUT", "registry", "save_figure", "regenerate", "regenerate_command",
           "write_index"]

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
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; give the file the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def save_figure(fig: Figure, out_dir: PathLike, name: str, formats: Sequence[str] = FORMATS) -> list[Path]:
    """Write ``fig`` as ``<out_dir>/<name>.<fmt>`` for each format, atomically.

    ``name`` must be a plain file stem: no path separators, so writes stay in ``out_dir``.
    """
    if not name or Path(name).name != name or name.startswith("."):
        raise ValueError(f"save_figure(): name must be a plain file name; got {name!r}.")
    out = Path(out_dir)
    paths = []
    with style():
        if fig.canvas is None or not isinstance(fig.canvas, FigureCanvasAgg):
            FigureCanvasAgg(fig)
        for fmt in formats:
            buf = io.BytesIO()
            fig.savefig(buf, format=fmt, metadata=_METADATA.get(fmt))
            path = out / f"{name}.{fmt}"
            _atomic_write(path, buf.getvalue())
            paths.append(path)
    return paths


def regenerate(
    corpus_path: PathLike = DEFAULT_CORPUS,
    out_dir: PathLike = DEFAULT_OUT,
    *,
    only: Sequence[str] | None = None,
    progress: bool = True,
    on_error: str = "raise",
    columns: Mapping[str, str] | None = None,
) -> list[Path]:
    """Make every registered figure (or those in ``only``) and write them to ``out_dir``.

    Also writes ``<out_dir>/README.md``, the index of figures with captions and calls, and
    the command that regenerates them (``make figures`` for the bundled corpus into
    ``figures/``). A figure the corpus cannot support (too small, no dates, no two roles to
    compare, nothing passing its selection) is skipped with a warning naming the figure and
    the reason; the others are still written, and the index lists what was skipped and why.
    Warnings raised while a figure is made are issued again prefixed with its name
    (``figure <name>: ...``); those of a skipped figure are dropped, its skip says why.
    ``on_error="collect"`` reads the corpus past files that cannot be parsed, as
    :func:`~analysis.corpus.load_corpus` does (each one warned as ``skipped <file> ...``);
    ``columns`` maps fields to a tabular corpus's columns, as there.

    Raises
    ------
    ValueError
        A name in ``only`` that is not registered (the message lists the names).
    """
    from .corpus import load_corpus

    specs = registry()
    if only:
        unknown = [n for n in only if n not in specs]
        if unknown:
            raise ValueError(f"regenerate(): unknown figure(s) {unknown}; registered: {', '.join(specs)}")
        chosen = [specs[n] for n in only]
    else:
        chosen = list(specs.values())
    ctx = FigureContext(load_corpus(corpus_path, progress=progress, on_error=on_error, columns=columns))
    iterator = chosen
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(chosen, desc="figures", unit="fig")
    written: list[Path] = []
    skipped: dict[str, str] = {}
    for spec in iterator:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with style():
                    fig = spec.make(ctx)
            except (AnalysisError, ValueError) as exc:
                fig = None
                reason = str(exc)
                if isinstance(exc, NothingToDraw) and exc.see_caption:  # the caption says what it keeps
                    reason = f"{reason}: {spec.caption}"
        if fig is None:
            skipped[spec.name] = reason
            warnings.warn(f"figure {spec.name} skipped: {reason}", stacklevel=2)
            continue
        for message, category in dict.fromkeys((str(w.message), w.category) for w in caught):
            warnings.warn(f"figure {spec.name}: {message}", category, stacklevel=2)
        written.extend(save_figure(fig, out_dir, spec.name))
    if not only:
        command = regenerate_command(corpus_path, out_dir)
        written.append(write_index(list(specs.values()), out_dir, ctx.source_note, skipped=skipped, command=command))
    return written


#: The command that regenerates the default figures (``make figures`` runs it).
_COMMAND = "python -m analysis figures"


def regenerate_command(corpus_path: PathLike = DEFAULT_CORPUS, out_dir: PathLike = DEFAULT_OUT) -> str:
    """The command that writes these figures again: ``python -m analysis figures`` with
    ``--corpus`` and ``--out`` when they are not the defaults (paths as given, quoted for a
    shell).

    >>> regenerate_command()
    'python -m analysis figures'
    >>> regenerate_command("my corpus", "out")
    "python -m analysis figures --corpus 'my corpus' --out out"
    """
    parts = [_COMMAND]
    for option, path, default in (("--corpus", corpus_path, DEFAULT_CORPUS), ("--out", out_dir, DEFAULT_OUT)):
        if Path(path).resolve() != default:
            parts.append(f"{option} {shlex.quote(os.fspath(path))}")
    return " ".join(parts)


def write_index(specs: Sequence[FigureSpec], out_dir: PathLike, source_note: str = "", *,
                skipped: dict[str, str] | None = None, command: str = _COMMAND) -> Path:
    """Write ``README.md`` in ``out_dir``: each figure, its caption and the call that makes it
    (and, for a skipped figure, why it could not be made from this corpus).

    The first line says how to regenerate the folder: ``command`` (see
    :func:`regenerate_command`), introduced as ``make figures`` when it is the default one.
    """
    skipped = skipped or {}
    if command == _COMMAND:
        how = "Regenerated by `make figures` (`python -m analysis figures`). "
    else:
        how = f"Regenerated by `{command}`. "
    lines = ["# Figures", "", how + source_note, ""]
    for s in specs:
        lines += [f"## `{s.name}`", "", s.caption, ""]
        if s.name in skipped:
            lines += [f"Not made from this corpus: {skipped[s.name]}", ""]
        else:
            lines += [f"![{s.name}]({s.name}.png)", ""]
        lines += [f"Made by: `{s.call}`", ""]
    path = Path(out_dir) / "README.md"
    _atomic_write(path, "\n".join(lines).encode("utf-8"))
    return path
