"""Finding transcript files in folders, and telling their layout from their first bytes.

A folder is searched recursively; every regular file is looked at, whatever its suffix,
except hidden files, repository documents (README, LICENSE, SOURCE...), files whose suffix
says they are not text (images, archives, PDFs, code) and sidecar metadata (``x.json`` or
``x.yaml`` beside ``x.txt``), each skipped with a note. Layouts: JSON, XML (not a web page),
text (HTML and Markdown included); a ``.json`` file of row objects or JSON Lines is a table.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
from collections import defaultdict
from pathlib import Path

from ..errors import CorpusError
from ..model import Note
from .decode import WS_CHARS

__all__ = ["Found", "collect_files", "sniff", "looks_like_html_head", "is_json_lines", "is_row_list",
           "decode_declared", "METADATA_NAME", "NOT_A_TRANSCRIPT"]

METADATA_NAME = "metadata.csv"


#: Suffixes that are never transcripts: skipped (with a note) when a folder is searched.
_NOT_TEXT = frozenset(
    ".pdf .doc .docx .odt .rtf .xls .xlsx .ods .ppt .pptx .zip .gz .tgz .bz2 .xz .7z .rar .tar .png .jpg .jpeg "
    ".gif .bmp .tif .tiff .webp .svg .ico .mp3 .mp4 .m4a .wav .ogg .flac .mov .avi .mkv .webm .exe .dll .so "
    ".dylib .bin .pyc .o .a .class .jar .parquet .feather .arrow .pkl .pickle .npy .npz .h5 .hdf5 .db .sqlite "
    ".py .ipynb .r .rmd .js .ts .css .scss .sh .bat .ps1 .c .h .cpp .java .go .rs .rb .pl .php~ .toml .ini .cfg "
    ".lock .log .woff .woff2 .ttf .otf .eot .map".split())


#: Names of repository documents that are not transcripts.
_NOT_TRANSCRIPT_NAME = re.compile(
    r"^(?:readme|licen[cs]e|copying|changelog|changes|history|authors|contributors|contributing|citation|"
    r"source|notice|code_of_conduct|install|manifest|makefile|dockerfile|requirements|package|"
    r"package-lock|pyproject|setup)(?:[._-].*)?$", re.I)


_SIDECAR_SUFFIXES = (".json", ".yaml", ".yml")


METADATA_NAME = "metadata.csv"


# finding files
@dataclasses.dataclass
class Found:
    files: list[Path]
    metadata: Path | None
    notes: list[Note]
    scanned: set[Path]
    sidecars: dict[Path, Path]
    roots: list[Path]
    #: Every ``metadata.csv`` found in the folders searched, shallowest first (``metadata`` is
    #: the first folder's own, when it has one).
    all_metadata: list[Path] = dataclasses.field(default_factory=list)


_SPECIAL = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
            (stat.S_ISSOCK, "a socket"))


def _walk(root: Path, notes: list[Note]) -> tuple[list[Path], list[Path]]:
    """Regular files under ``root`` (hidden names skipped, links to folders not followed) and
    the ``metadata.csv`` files among them, each sorted. What cannot be read or is not a
    regular file (a folder too deep for the system's path limit or without permission, a
    named pipe, a device, a broken link) gets a ``skipped`` note and is never opened; the
    files beside it are still found."""
    files: list[Path] = []
    metas: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            notes.append(Note("skipped", f"folder cannot be read ({exc.strerror or exc}); the files in it are not "
                                         "read", str(folder)))
            continue
        for e in entries:
            if e.name.startswith("."):
                continue
            path = folder / e.name
            try:
                if e.is_dir(follow_symlinks=False):
                    stack.append(path)
                    continue
                mode = e.stat(follow_symlinks=True).st_mode
            except OSError as exc:
                what = "a broken symbolic link" if e.is_symlink() else f"cannot be read ({exc.strerror or exc})"
                notes.append(Note("skipped", f"not read: {what}; skipped", str(path)))
                continue
            if stat.S_ISREG(mode):
                (metas if e.name == METADATA_NAME else files).append(path)
            elif stat.S_ISDIR(mode):
                notes.append(Note("skipped", "a link to a folder, not followed (give the folder by name to read "
                                             "it); skipped", str(path)))
            else:
                kind = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
                notes.append(Note("skipped", f"not a transcript: {kind}, never opened; skipped", str(path)))
    return sorted(files), sorted(metas, key=lambda m: (len(m.parts), m))


def collect_files(path_or_paths) -> Found:
    if isinstance(path_or_paths, (str, Path)) or hasattr(path_or_paths, "__fspath__"):
        items = [Path(path_or_paths)]
    else:
        items = [Path(p) for p in path_or_paths]
    if not items:
        raise CorpusError("load_corpus(): no paths given")
    files: list[Path] = []
    notes: list[Note] = []
    scanned: set[Path] = set()
    sidecars: dict[Path, Path] = {}
    meta_auto = None
    all_metadata: list[Path] = []
    roots = []
    for p in items:
        if not p.exists():
            if p.is_symlink():
                raise CorpusError(f"{p}: is a broken symbolic link (its target does not exist)")
            raise CorpusError(f"{p}: no such file or directory")
        if p.is_dir():
            roots.append(p)
            found, metas = _walk(p, notes)
            if meta_auto is None and p / METADATA_NAME in metas:
                meta_auto = p / METADATA_NAME
            all_metadata.extend(m for m in metas if m not in all_metadata)
            stems: dict[tuple[Path, str], list[Path]] = defaultdict(list)
            for f in found:
                stems[(f.parent, f.stem)].append(f)
            kept = []
            for f in found:
                suffix = f.suffix.lower()
                if suffix in _NOT_TEXT or f.name.endswith("~"):
                    notes.append(Note("skipped", f"not a transcript: a {suffix or 'backup'} file; skipped", str(f)))
                    continue
                if _NOT_TRANSCRIPT_NAME.match(f.name) and suffix in ("", ".md", ".txt", ".rst", ".markdown"):
                    notes.append(Note("skipped", "not a transcript: a repository document (by its name); skipped",
                                      str(f)))
                    continue
                siblings = [g for g in stems[(f.parent, f.stem)] if g != f]
                if suffix in _SIDECAR_SUFFIXES and any(g.suffix.lower() not in _SIDECAR_SUFFIXES
                                                       and g.suffix.lower() not in _NOT_TEXT for g in siblings):
                    target = next(g for g in siblings if g.suffix.lower() not in _SIDECAR_SUFFIXES
                                  and g.suffix.lower() not in _NOT_TEXT)
                    sidecars[target] = f
                    notes.append(Note("sidecar", f"read as the metadata of {target.name}", str(f)))
                    continue
                kept.append(f)
                scanned.add(f)
            if not kept:
                shown = "; ".join(f"{Path(n.path).name}: {n.message.removesuffix('; skipped')}" for n in notes
                                  if n.kind == "skipped")
                raise CorpusError(f"{p}: no transcripts found ({shown or 'the folder holds no files'})")
            files.extend(kept)
        elif p.is_file():
            files.append(p)
            for suffix in _SIDECAR_SUFFIXES:
                side = p.with_suffix(suffix)
                if side != p and side.is_file():
                    sidecars[p] = side
                    notes.append(Note("sidecar", f"read as the metadata of {p.name}", str(side)))
                    break
        else:
            raise CorpusError(f"{p}: is not a regular file or directory (a device, pipe or socket?)")
    unique: list[Path] = []
    seen: dict[Path, Path] = {}
    folders: dict[Path, Path] = {}
    for f in files:
        real = _resolve(f, folders)
        if real in seen:  # the same file reached twice (a symbolic link, or given twice)
            notes.append(Note("duplicate", f"is the same file as {seen[real]} (a link or repeated path); read once",
                              str(f), None))
            continue
        seen[real] = f
        unique.append(f)
    return Found(unique, meta_auto, notes, scanned, sidecars, roots, all_metadata)


def _resolve(f: Path, folders: dict[Path, Path]) -> Path:
    """``f.resolve()``, resolving each folder once (``folders`` remembers them): a file that is
    not a link is its resolved folder joined with its name."""
    if f.name in ("", "..") or f.is_symlink():
        return f.resolve()
    if f.parent not in folders:
        folders[f.parent] = f.parent.resolve()
    return folders[f.parent] / f.name


NOT_A_TRANSCRIPT = {
    "json": "is JSON with no list of turns (speaker and text fields)",
    "xml": "is XML with no speaker-bearing turn elements",
}


def sniff(text: str) -> str:
    head = text.lstrip(WS_CHARS)[:200]
    if head[:1] in "{[":
        return "json"
    if head.startswith("<?xml") or (head.startswith("<") and not re.match(r"<(?:!doctype\s+html|html)\b", head, re.I)
                                    and not looks_like_html_head(text)):
        return "xml"
    return "text"


def looks_like_html_head(text: str) -> bool:
    from .markup import looks_like_html

    return looks_like_html(text)


def is_json_lines(text: str) -> bool:
    """A ``.json`` file that holds one JSON object per line (JSON Lines under another name)."""
    lines = [ln for ln in text.split("\n", 50)[:50] if ln.strip(WS_CHARS)]
    if len(lines) < 2:
        return False
    try:
        return all(isinstance(json.loads(ln), dict) for ln in lines[:-1])
    except (ValueError, RecursionError):  # not JSON, a number past Python's digit limit, too deep
        return False


def is_row_list(text: str) -> bool:
    """A ``.json`` file that is a flat list of row objects with a text field: read as a table."""
    head = text.lstrip(WS_CHARS)
    if not head.startswith("["):
        return False
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return False
    return (isinstance(data, list) and bool(data) and all(isinstance(r, dict) for r in data)
            and all(not isinstance(v, (dict, list)) for r in data[:50] for v in r.values())
            and any("text" in {k.lower() for k in r} for r in data[:50]))


def decode_declared(raw: bytes, path: str):
    """An XML file whose declaration names a legacy encoding, read in that encoding (the
    declaration is the file's own word, not a guess); None otherwise."""
    if not raw.lstrip()[:5] == b"<?xml":
        return None
    from .decode import Decoded, normalize_newlines
    from .xml import xml_declared_encoding

    enc = xml_declared_encoding(raw)
    if enc is None or enc.replace("-", "").replace("_", "") in ("utf8", "ascii", "usascii") or enc.startswith("utf"):
        return None
    try:
        text = raw.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None
    return Decoded(normalize_newlines(text), enc, [("xml_encoding", None, f"read as {enc}, as its XML declaration says")])
