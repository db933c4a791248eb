"""Read transcript files into a :class:`~analysis.corpus.Corpus`: any layout, any folder.

>>> from analysis.loader import load_corpus
>>> corpus = load_corpus("data")                      # doctest: +SKIP
>>> corpus.layouts()                                  # doctest: +SKIP

What is read
------------
A file given by name is read as a transcript (an error names the file and line when it
cannot be). A folder is searched recursively; every regular file is looked at, whatever
its suffix (``.txt``, ``.md``, ``.html``, ``.xml``, ``.json``, ``.said``...), except hidden
files, repository documents (README, LICENSE, SOURCE...), files whose suffix says they
are not text (images, archives, PDFs, code) and sidecar metadata (``x.json`` or
``x.yaml`` beside ``x.txt``). A file found in a folder that turns out not to be a transcript
(a JSON document with no list of turns, an index table with no text column, a page with no
speech) is skipped with a note (``Corpus.notes()``, kind ``skipped``), never silently. A file
with no speaker label at all found in a folder of labelled transcripts (a ``notes.txt``) is
read, as a text with no labels always is, as the turn of the ``"Unknown speaker"``, with a
``no_speakers`` note saying so.

Each file's layout is found from its content (``Corpus.layouts()`` says which):

* text, Markdown and HTML: one parser for every labelled or unlabelled layout
  (:mod:`analysis.parsers.text`); pages of one conference are merged;
* XML with speaker attributes (:mod:`analysis.parsers.xml`);
* JSON with speaker objects and text blocks (:mod:`analysis.parsers.jsondoc`);
* tables (``.csv``, ``.tsv``, ``.jsonl``): one row per turn (:mod:`analysis.parsers.table`).

Metadata, in increasing precedence: what the text says; variables read from file and folder
names (``name_pattern="{country}_{session}_{year}"``, as quanteda's ``readtext`` does with
``docvarsfrom="filenames"``) and a date in the file name; a sidecar file beside the
transcript (``x.json``, ``x.yaml``: any of ``date``, ``title``, ``source``, ``url``,
``kind``, ``official``, speakers with roles, other fields as document variables); the
metadata CSV (``metadata.csv``), whose empty cells give no value (a sidecar's value stays). So
a date given by a sidecar or the metadata CSV wins over a year or date read from the file name
(when they differ, a ``metadata`` note names both), and a date read from the file name wins
over a date the text gives in another year (a ``name_date`` note). Speakers' spellings are merged and roles inferred from
behaviour (:mod:`analysis.parsers.speakers`); ``aliases=`` and ``roles=`` override both.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import os
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ._progress import resolve as resolve_progress
from ._progress import tally
from ._validation import DATE_RANGE_TEXT, check_option, in_date_range
from .errors import CorpusError, InputWarning, TranscriptFormatError
from .languages import check_language, script_counts, with_language
from .model import Boilerplate, Note, Paragraph, Transcript
from .parsers import header as hd
from .parsers import roles as rl
from .parsers import speakers as sp
from .parsers.assemble import PendingSpellings, corpus_spellings, finalize_turns, page_labels, resolve_speakers
from .parsers.decode import WS_CHARS, decode
from .parsers.docvars import (compile_name_pattern, date_from_fields, date_in_name, integer_variables,
                              name_variables, read_aliases, read_roles, read_sidecar)
from .parsers.files import (NOT_A_TRANSCRIPT, collect_files, decode_declared, is_json_lines, is_row_list,
                            looks_like_html_head, sniff)
from .parsers.metadata import Metadata, load_metadata, merge_metadata
from .parsers.table import read_table_rows
from .parsers.text import ParsedPage, TurnDraft, clean_speech, parse_text
from .types import PathLike

if TYPE_CHECKING:  # the Corpus container imports this module to re-export load_corpus
    from .corpus import Corpus

__all__ = ["load_corpus", "TRANSCRIPT_SUFFIXES", "read_roles", "read_aliases", "name_variables"]

#: Kinds of note that also raise an :class:`~analysis.errors.InputWarning` at load time
#: (the text read differs from the bytes, or the corpus probably holds a mistake: metadata
#: that contradicts the text or names a missing file, the same transcript twice).
WARN_KINDS = ("mojibake", "encoding", "control", "duplicate", "metadata", "metadata_missing_file", "name_pattern",
              "roles", "bad_date", "no_speakers")
#: Suffixes of the layouts the loader reads (a folder is searched for any file that is not
#: known to be something else; these are only the usual ones).
TRANSCRIPT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xml", ".json", ".csv", ".tsv",
                       ".jsonl", ".ndjson")
_META_FIELDS = ("date", "title", "source", "kind", "url", "official")
_TABLE_SUFFIX = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


# ---------------------------------------------------------------------------------------
def _gc_paused(load: Callable) -> Callable:
    """``load`` run with Python's cyclic garbage collector paused (and its forked workers with
    it), as it was found afterwards.

    A load makes millions of objects that live on (paragraphs, turns, their texts) and no
    reference cycles to free; while they are made, every collection of the oldest generation
    goes through all of them again, a cost that grows faster than the corpus does. Freeing by
    reference counts is not affected. The wrapper is one more frame between a warning raised in
    ``load`` and its caller (their ``stacklevel`` counts it)."""

    @functools.wraps(load)
    def paused(*args, **kwargs):
        if not gc.isenabled():
            return load(*args, **kwargs)
        gc.disable()
        try:
            return load(*args, **kwargs)
        finally:
            gc.enable()
    return paused


@_gc_paused
def load_corpus(
    path_or_paths: PathLike | Sequence[PathLike],
    format: str = "auto",
    metadata: PathLike | pd.DataFrame | bool | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    delimiter: str | None = None,
    roles: Mapping[str, str] | PathLike | None = None,
    aliases: Mapping[str, str] | PathLike | None = None,
    name_pattern: str | None = None,
    on_error: str = "raise",
    progress: bool | float | None = None,
    cache: PathLike | bool | None = None,
    language: str | None = None,
) -> Corpus:
    """Read transcripts from files or folders, in any layout.

    Parameters
    ----------
    path_or_paths : path or sequence of paths
        Files, or folders searched recursively (see the module notes for what is skipped).
    format : {"auto", "text", "plain", "csv", "jsonl", "json", "xml"}, default="auto"
        ``"auto"`` reads ``.csv``/``.tsv`` as CSV, ``.jsonl``/``.ndjson`` as JSON Lines, and
        finds every other file's layout from its content (XML with speaker attributes, JSON
        with speaker objects, HTML, Markdown, text). ``"plain"`` reads text with no speaker
        labels at all (speeches, monologues).
    metadata : path, DataFrame, bool or None, default=None
        Per-transcript facts keyed by a ``file`` column (path relative to the metadata
        file) or a ``transcript_id`` column; columns ``date``, ``title``, ``source``,
        ``kind``, ``url``, ``official`` override what the text says (``date`` also the file
        name's, see ``name_pattern``), other columns become
        document variables; an empty cell gives no value (a sidecar's stays). None uses ``metadata.csv`` in the given directory if there is
        one; False uses none.
    columns : mapping, default=None
        For tabular input: field -> column name, e.g. ``{"text": "utterance"}``. Fields:
        ``transcript_id``, ``text``, ``speaker``, ``role``, ``outlet``, ``date``, ``title``,
        ``source``, ``kind``, ``url``.
    delimiter : str, default=None
        For CSV input, the one character separating fields. None: a tab for ``.tsv`` and
        ``.tab`` files, a comma otherwise. CSV is read as RFC 4180 (quoted fields keep
        separators, quotes and line breaks); the dialect is never guessed from the content.
    roles : mapping or path, default=None
        Speaker (as written, or its key) -> role, overriding every inferred role; or a CSV
        file with columns ``speaker`` and ``role`` (:func:`read_roles`).
    aliases : mapping or path, default=None
        Label or key -> the speaker it names (``{"BERNAKE": "Bernanke"}``), overriding the
        automatic merges; or a CSV file with columns ``alias`` and ``speaker``
        (:func:`read_aliases`). ``Corpus.speakers()`` lists every merge.
    name_pattern : str, default=None
        Variables in file names, e.g. ``"{country}_{session}_{year}"``: each ``{name}``
        matches a run of characters, literal text must match as written, and the whole
        file name (without suffix) must match; a pattern holding ``/`` matches the end of the
        path. Fields become document variables (columns of ``turns()``; integers where
        every file name writes the field as one, as ``session`` and ``year`` here); ``date``, or
        ``year`` with optional ``month`` and ``day``, dates the transcript (see
        :func:`name_variables`) unless its sidecar or the metadata gives a date, which wins (a
        ``metadata`` note when the two differ, compared as precisely as the name is written);
        it replaces a date the text gives in another year. ``speaker`` names the speaker of a
        text with no labels. A file whose name does not match gets a note.
    on_error : {"raise", "collect"}, default="raise"
        On a file that cannot be read, raise, or skip it and record the message in
        ``Corpus.problems`` (and a warning): never silently.
    progress : bool, float or None, default=None
        Show a progress bar over the files (on standard error), advanced as they are read and
        parsed.
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).
    cache : path, bool or None, default=None
        On-disk cache of parsed text files (JSON, one entry per run of about 64 files, keyed
        by their bytes, paths, options, the parsers' source code and word lists: a changed
        file re-parses the files of its run) and of the whole load (one
        entry keyed by every file and option: a warm load parses nothing); each entry checked
        against its digest when read; see :mod:`analysis.cache`: a folder (``~`` is the home
        folder), True for ``.cache``, False for none; None uses the folder in the
        ``ANALYSIS_CACHE`` environment variable when it is set. An unusable folder gives one
        :class:`~analysis.cache.CacheWarning` and the load runs without it.
    language : {"en", "zh", "und"} or None, default=None
        The language of every transcript, a ``language`` column of ``turns()``; None detects
        it per transcript from its share of Han characters (a metadata ``language`` column
        wins over detection; see :mod:`analysis.languages`).

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        A path that does not exist (or a broken link, a pipe), a folder with no transcripts,
        bad metadata, a bad roles or aliases file, an unreadable file.
    TranscriptFormatError
        A file given by name that cannot be parsed (empty, binary, unknown encoding, no
        speech at all, bad CSV or JSON); the message names the file and line.

    Warns
    -----
    InputWarning
        Once per kind of repair that changed what was read (mojibake, bytes read in another
        encoding, NUL characters), for duplicate files, for metadata values that differ from
        the text or from a date read by ``name_pattern`` (the metadata wins), for metadata
        rows naming missing files and for files of a folder of labelled transcripts that have
        no speaker label (read as one turn of the ``"Unknown speaker"``);
        ``Corpus.notes()`` lists these and the quieter notes (HTML or front matter converted,
        files skipped, names read).
    """
    from .corpus import Corpus
    from .wordcounts import word_counts as _word_counts

    check_option("format", format, {"auto", "text", "plain", "csv", "jsonl", "json", "xml"}, caller="load_corpus")
    check_option("on_error", on_error, {"raise", "collect"}, caller="load_corpus")
    progress = resolve_progress(progress, caller="load_corpus")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n'):
        raise ValueError(f"load_corpus(): delimiter must be one character other than a quote or a line break; "
                         f"got {delimiter!r}.")
    language = check_language(language, caller="load_corpus")
    role_map = read_roles(roles) if roles is not None and not isinstance(roles, Mapping) else dict(roles or {})
    for who, role in role_map.items():
        check_option(f"roles[{who!r}]", role, set(rl.ROLES), caller="load_corpus")
    alias_map = read_aliases(aliases) if aliases is not None and not isinstance(aliases, Mapping) \
        else dict(aliases or {})
    pattern = compile_name_pattern(name_pattern) if name_pattern else None
    found = collect_files(path_or_paths)
    files, corpus_notes = found.files, list(found.notes)
    meta = _metadata(found, metadata)
    corpus_notes += meta.notes

    cache_root, cache_writable = None, False
    if cache not in (None, False) or (cache is None and os.environ.get("ANALYSIS_CACHE", "").strip()):
        from .cache import (content_key, open_cache, pack_key, page_key, page_runs, page_salt, read_corpus,
                            read_pages, write_corpus)

        cache_root, cache_writable = open_cache(cache)  # an unusable folder: one warning, no cache
        salt = page_salt() if cache_root is not None else ""
    pages: list[ParsedPage] = []
    tables: list[Transcript] = []
    problems: list[str] = []
    file_notes: dict[str, list[Note]] = {}
    sidecars: dict[str, dict] = {}
    lookup = meta.lookup if (meta.by_file or meta.by_id) else _no_row
    rows: dict[Path, dict | None] = {}
    paragraph_counts: dict[int, tuple[Paragraph, int]] = {}  # counted by the parsing workers
    page_scripts: dict[int, tuple[list[Paragraph], tuple[int, int, int]]] = {}  # by the workers too

    def counted(paragraphs: list[Paragraph], counts: list[int] | None, scripts: tuple[int, int, int] | None) -> None:
        if counts is not None:
            paragraph_counts.update(zip(map(id, paragraphs), zip(paragraphs, counts)))
        if scripts is not None and paragraphs:
            page_scripts[id(paragraphs[0])] = (paragraphs, scripts)
    # First what each file needs (its sidecar, metadata row, bytes and cached parse), then the
    # files not in the cache decoded and parsed, on every core for a large corpus, then each
    # file's outcome taken in file order, exactly as one pass over the files would.
    steps: list[tuple] = []
    for f in files:
        try:
            side = found.sidecars.get(f)
            side_fields = read_sidecar(side) if side is not None else {}
            if side is not None:
                sidecars[str(f)] = side_fields
            row = rows[f] = _merged_row(lookup(f), side_fields)
            fmt = format if format != "auto" else _TABLE_SUFFIX.get(f.suffix.lower(), "auto")
            raw = f.read_bytes()
        except (TranscriptFormatError, OSError, RecursionError) as exc:
            steps.append((f, None, None, None, exc))
            continue
        steps.append((f, row, fmt, raw, None))
    keys: list[str | None] = [None] * len(steps)
    if cache_root is not None:
        keys = [None if exc is not None else
                page_key(raw, str(f), fmt, (row or {}).get("official") or None, salt=salt)
                if fmt not in ("csv", "jsonl") else content_key("table", salt, str(f), fmt, raw)
                for f, row, fmt, raw, exc in steps]
    # on_error is left out of the key: a load is stored only when no file failed
    whole = _load_key(keys, found, metadata, format, columns, delimiter, role_map, alias_map, name_pattern,
                      language) if cache_root is not None else None
    if whole is not None:
        got = read_corpus(whole, cache=cache_root)
        if got is not None:  # the same files and options as a load whose outcome is stored
            corpus = Corpus(got[0], (), got[1])
            corpus._cache, corpus._cache_writable = cache_root, cache_writable
            corpus._word_counts = (corpus.transcripts, got[2])
            _warn_notes([*got[1], *(n for t in got[0] for n in t.notes)])
            return corpus
    replayable = True  # no warning raised but those the notes give again (then the load is stored)
    # text files in runs, each run's parsed pages one cache entry (one file a run without a cache)
    paged = [i for i, (f, row, fmt, raw, exc) in enumerate(steps) if exc is None and fmt not in ("csv", "jsonl")]
    runs = [paged[a:b] for a, b in page_runs([keys[i] for i in paged])] if cache_root is not None \
        else [[i] for i in paged]
    hits: dict[int, tuple] = {}
    todo: list[int] = []
    jobs: list[tuple] = []
    for run in runs:
        entry = pack_key([keys[i] for i in run]) if cache_root is not None else None
        got = read_pages(entry, [(keys[i], str(steps[i][0]), steps[i][3]) for i in run], cache=cache_root) \
            if entry is not None else None
        hits.update((i, got[keys[i]]) for i in run if got is not None and keys[i] in got)
        missing = [i for i in run if i not in hits]
        if missing:  # a run with an entry is not stored again (its missing pages cannot be stored)
            todo += missing
            jobs.append((entry if got is None and cache_writable else None,
                         [(steps[i][3], steps[i][0], steps[i][2], (steps[i][1] or {}).get("official") or None, keys[i])
                          for i in missing], cache_root))
    # each run's parsed pages are stored where they are parsed (a worker, when the load is parallel),
    # where a page that is a transcript on its own is also made one
    build = functools.partial(_build_alone, meta=meta, roles=role_map, aliases=alias_map, sidecars=sidecars,
                              rows=rows, pattern=pattern, name_pattern=name_pattern)
    labels = []  # each page's labels, in file order, for the corpus's spellings
    built: list[tuple[int, Transcript, PendingSpellings, list[int] | None, tuple[int, int, int] | None]] = []
    # the bar counts the files parsed as they are (a block of a worker at a time), then the others
    # (found in the cache, unreadable, tables) as they are taken in file order
    with tally(desc="reading transcripts", total=len(steps), unit="file", enabled=progress) as advance:
        read = dict(zip(todo, _read_files([(*job, build) for job in jobs], done=advance)))
        for i, (f, row, fmt, raw, exc) in enumerate(steps):
            if i not in read:  # found in the cache, unreadable, or a table read here
                advance(1)
            scanned = f in found.scanned
            try:
                if exc is not None:
                    raise exc
                if i in hits:
                    file_notes[str(f)] = hits[i][1]
                    pages.append(hits[i][0])
                    labels.append(page_labels(hits[i][0]))
                    continue
                got, refused, counts, scripts = read[i] if i in read else (_read_file(raw, f, fmt, None), None, None,
                                                                           None)
                if refused is not None and cache_writable:  # the folder cannot take entries: said once
                    from .cache import CacheWarning

                    cache_writable = False
                    warnings.warn(refused, CacheWarning, stacklevel=3)
                if got[0] == "error":
                    raise got[1]
                for message, category in got[-1]:
                    replayable = False
                    warnings.warn(message, category, stacklevel=3)
                if got[0] == "table":
                    _, text, enc, notes, fmt, _ = got
                    found_t = _table_transcripts(text, f, fmt, enc, columns, row, role_map, alias_map, delimiter)
                    tables.extend(dataclasses.replace(t, notes=t.notes + tuple(notes)) for t in found_t)
                    continue
                if got[0] == "built":  # made a transcript where it was parsed
                    labels.append(got[2])
                    built.append((i, got[1], got[3], counts, scripts))
                    continue
                _, page, notes, _ = got
                file_notes[str(f)] = notes
                pages.append(page)
                labels.append(page_labels(page))
                counted([p for d in page.turns for p in d.paragraphs], counts, scripts)
            except (TranscriptFormatError, OSError, RecursionError) as exc:
                if isinstance(exc, RecursionError):
                    exc = TranscriptFormatError(str(f), None, "is nested too deeply to read (more levels of brackets "
                                                              "or tags than can be followed)")
                msg = str(exc) if not isinstance(exc, OSError) else f"{f}: cannot be read ({exc.strerror or exc})"
                if scanned and _not_a_transcript(exc):
                    corpus_notes.append(Note("skipped", f"not a transcript: {exc.reason}; skipped", str(f),
                                             exc.line))
                    continue
                if on_error == "raise":
                    if isinstance(exc, OSError):
                        raise CorpusError(msg) from None
                    raise exc from None
                problems.append(msg)
                replayable = False
                warnings.warn(f"skipped {msg}", stacklevel=3)

    spellings = corpus_spellings(labels)
    made: dict[str, Transcript] = {}
    for i, t, pending, counts, scripts in built:
        if pending.differs(spellings):  # the corpus's spellings name one of its speakers: built again here
            f, row, fmt, raw, _ = steps[i]
            _, page, file_notes[str(f)], _ = _read_file(raw, f, fmt, (row or {}).get("official") or None)
            pages.append(page)
            counted([p for d in page.turns for p in d.paragraphs], counts, scripts)
        else:
            made[t.path] = t
            counted([p for u in t.turns for p in u.paragraphs], counts, scripts)
    made.update((group[0].path, build(group, spellings=spellings, file_notes=file_notes))
                for group in _group_pages(pages))
    # in the order of their first pages' paths, as the pages are grouped
    transcripts = [made[path] for path in sorted(made)]
    transcripts += [_date_in_range(_name_metadata(t, pattern, name_pattern, rows.get(Path(t.path)))) for t in tables]
    if pattern is not None:  # a field written as an integer in every file name is a number ("2008" -> 2008)
        transcripts = integer_variables(transcripts, pattern.groupindex)
        corpus_notes += _speaker_field_hint(transcripts, pattern, name_pattern)
    else:
        corpus_notes += _name_pattern_hint(transcripts)
    transcripts = _note_unattributed(transcripts, found.scanned)
    transcripts = _unique_ids(transcripts)
    transcripts = _note_duplicates(transcripts)
    transcripts = sp.roles_from_elsewhere(transcripts)  # a speaker with no role to go by in one transcript
    transcripts = with_language(transcripts, language,
                                counts=[_known_scripts(t, page_scripts) for t in transcripts] if language is None
                                else None)
    transcripts.sort(key=lambda t: (t.date or dt.date.max, t.id))
    if not transcripts and problems:
        raise CorpusError("no transcript could be read:\n" + "\n".join(problems))
    if not transcripts:
        skipped = [n for n in corpus_notes if n.kind == "skipped"]
        shown = "; ".join(f"{Path(n.path).name}: {n.message.removesuffix('; skipped')}" for n in skipped[:5])
        more = f"; and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        raise CorpusError(f"{found.roots[0] if found.roots else path_or_paths}: no transcripts found "
                          f"(looked at {len(skipped)} file(s): {shown}{more})")
    if role_map:  # a roles file row that names nobody is a typo to show, not to drop
        present = {u.speaker_key for t in transcripts for u in t.turns}
        present |= {rl.speaker_key(u.speaker) for t in transcripts for u in t.turns}
        for who in role_map:
            if sp.name_key(who) not in present and rl.speaker_key(who) not in present:
                corpus_notes.append(Note("roles", f"roles names {who!r}, who speaks in no transcript; its role is "
                                                  "not used (see Corpus.speakers() for the speakers)", ""))
    corpus = Corpus(transcripts, problems, corpus_notes)
    corpus._cache, corpus._cache_writable = cache_root, cache_writable
    counts = _turn_counts(corpus.transcripts, paragraph_counts)
    if whole is not None and replayable and cache_writable:  # the word counts turns() needs, stored with it
        if any(n is None or n < 0 for n in counts):
            counts = _word_counts([u.text for t in corpus.transcripts for u in t.turns], counts)
        write_corpus(whole, transcripts, corpus_notes, counts, cache=cache_root)
    if not any(n is None or n < 0 for n in counts):
        corpus._word_counts = (corpus.transcripts, counts)
    _warn_notes([*corpus_notes, *(n for t in transcripts for n in t.notes)])
    return corpus


# ---------------------------------------------------------------------------------------


def _load_key(file_keys: Sequence[str | None], found, metadata, *options) -> str | None:
    """The key of a whole load (:func:`analysis.cache.corpus_key`): the content key of every
    file, what was found beside them (sidecars, metadata files, skipped files: names and
    bytes), the working folder and the options. None when the load cannot be keyed (a file that
    could not be read, metadata given as a DataFrame)."""
    from .cache import corpus_key

    if any(k is None for k in file_keys) or isinstance(metadata, pd.DataFrame):
        return None
    metas = list(found.all_metadata)
    if isinstance(metadata, (str, os.PathLike)):
        metas.append(Path(metadata))
    try:
        inputs = [os.getcwd(), repr(metadata), repr(options), repr([str(f) for f in found.files]),
                  repr(sorted(str(f) for f in found.scanned)), repr(found.notes), repr(found.roots),
                  repr(found.metadata), repr(sorted((str(a), str(b)) for a, b in found.sidecars.items()))]
        for m in [*metas, *sorted(found.sidecars.values())]:
            inputs += [str(m), str(m.resolve()), m.read_bytes() if m.is_file() else b""]
    except OSError:
        return None
    return corpus_key([k for k in file_keys if k is not None], inputs)


def _metadata(found, metadata: PathLike | pd.DataFrame | bool | None) -> Metadata:
    """The metadata of a load: ``metadata=`` when given (each ``metadata.csv`` found in the
    folders is then noted as not used), else every ``metadata.csv`` found, merged (a deeper
    folder's row wins for a file described twice)."""
    if metadata is not None:
        meta = load_metadata(metadata)
        meta.notes = list(meta.notes) + [
            Note("metadata_unused", "not used: metadata= names the metadata to use", str(m)) for m in found.all_metadata
            if not (isinstance(metadata, (str, os.PathLike)) and Path(m).resolve() == Path(metadata).resolve())]
        return meta
    metas = found.all_metadata or ([found.metadata] if found.metadata else [])
    if not metas:
        return load_metadata(None)
    parts = [load_metadata(m) for m in metas]
    for m in metas:
        if m != found.metadata:
            parts[0].notes.append(Note("metadata_folder", "read as the metadata of the files of its folder "
                                                          "(paths in its file column are relative to it)", str(m)))
    return merge_metadata(parts)


def _date_in_range(t: Transcript) -> Transcript:
    """A date outside the range of a date column (a header saying 3019) is a bad date of that
    transcript: dropped, with a ``bad_date`` note naming the file, never a corpus-wide failure."""
    if t.date is None or in_date_range(t.date):
        return t
    note = Note("bad_date", f"is dated {t.date.isoformat()}, outside the dates a date column can hold "
                            f"({DATE_RANGE_TEXT}); read as undated (a typo for another year?)", t.path)
    return dataclasses.replace(t, date=None, notes=t.notes + (note,))


def _no_row(path: Path, transcript_id: str | None = None) -> None:
    """The metadata row of a file when there is no metadata: none."""
    return None


#: Bytes of files to parse from which they are parsed on every core (smaller loads are read
#: here: starting workers would cost more than it saves).
PARALLEL_BYTES = 4_000_000


def _read_files(jobs: Sequence[tuple], *, n_jobs: int = -1, done: Callable[[int], object] | None = None
                ) -> list[tuple]:
    """:func:`_read_run` of each job (``(key, files, cache, build)``), its outcomes in order: on
    ``n_jobs`` forked processes (-1: every core) when the files hold :data:`PARALLEL_BYTES` or
    more, else here. ``done(n)`` is called as the outcomes of ``n`` more files are in (a job at a
    time here, a block of jobs at a time from the workers), for a progress bar.

    Each file is decoded and parsed on its own, so the outcomes are those of reading the files
    one by one here, whichever process reads them and in whatever order. The workers are forked
    after the jobs are set aside, so the files' bytes are not sent to them; they take blocks of
    jobs (:func:`_guided_blocks`: the biggest jobs first, in blocks that shrink as the bytes
    left do, so that the workers finish together) and the outcomes are put back in the jobs' order.
    The workers also make each page that is a transcript on its own one (``build``); here the
    pages are returned.
    """
    import multiprocessing as mp

    workers = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    sizes = [sum(len(file[0]) for file in job[1]) for job in jobs]
    if (workers <= 1 or sum(len(job[1]) for job in jobs) < 2 or sum(sizes) < PARALLEL_BYTES
            or "fork" not in mp.get_all_start_methods()):
        return _read_block(jobs, build=False, done=done)
    blocks = _guided_blocks(sizes, workers)
    if len(blocks) < 2:  # one run: nothing to share among workers
        return _read_block(jobs, build=False, done=done)
    global _JOBS, _CHUNKS
    _JOBS, _CHUNKS = jobs, {}
    by_job: dict[int, list[tuple]] = {}
    try:
        with mp.get_context("fork").Pool(min(workers, len(blocks))) as pool:
            for block, part in zip(blocks, pool.imap(_read_jobs, blocks, chunksize=1)):
                by_job.update(zip(block, part))
                if done is not None:
                    done(sum(len(jobs[i][1]) for i in block))
    finally:
        _JOBS, _CHUNKS = (), {}
    return [x for i in range(len(jobs)) for x in by_job[i]]


def _guided_blocks(sizes: Sequence[int], workers: int) -> list[list[int]]:
    """The jobs (by index) in the blocks the workers take one at a time: the jobs ordered by
    bytes (``sizes``), biggest first (ties in order), each block holding the bytes left divided
    by twice the ``workers``, or an eighth of all the bytes divided by the ``workers`` when that
    is less, or one job when it holds more. The last blocks hold one small job each, so that no
    worker is left with a long block while the others wait (a worker's time goes with the bytes
    it reads, not with the number of files); no block holds more than its share of the
    outcomes, which a worker keeps until its block is done.

    Examples
    --------
    >>> _guided_blocks([10, 40, 10, 20, 10, 10], 1)
    [[1], [3], [0], [2], [4], [5]]
    >>> _guided_blocks([5] * 32, 1)[:6], len(_guided_blocks([5] * 32, 1))
    ([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11], [12, 13, 14, 15], [16, 17, 18, 19], [20, 21, 22, 23]], 10)
    """
    order = sorted(range(len(sizes)), key=lambda i: -sizes[i])
    blocks: list[list[int]] = []
    left, k = sum(sizes), 0
    most = left / (8 * workers)
    while k < len(order):
        want, block, got = min(left / (2 * workers), most), [order[k]], sizes[order[k]]
        k += 1
        while k < len(order) and got + sizes[order[k]] <= want:
            got += sizes[order[k]]
            block.append(order[k])
            k += 1
        blocks.append(block)
        left -= got
    return blocks


#: The jobs of the running :func:`_read_files` (inherited by its forked workers).
_JOBS: Sequence[tuple] = ()
#: The word counts of the chunks a worker of the running :func:`_read_files` has counted:
#: empty when the workers are forked, then each worker's own (``_chunk_word_counts``' memo).
_CHUNKS: dict[str, int] = {}


def _read_jobs(block: Sequence[int]) -> list[list[tuple]]:
    """The outcomes of each of the jobs ``block`` (indices into :data:`_JOBS`), in a worker."""
    return [_read_block([_JOBS[i]], _CHUNKS, build=True) for i in block]


def _read_block(jobs: Sequence[tuple], known: dict[str, int] | None = None, *, build: bool,
                done: Callable[[int], object] | None = None) -> list[tuple]:
    """:func:`_read_run` of each of ``jobs`` (``(key, files, cache, build)``, the pages made
    transcripts only when ``build``), their outcomes in order; ``done(n)`` after each job of
    ``n`` files."""
    known = {} if known is None else known
    out = []
    for key, files, cache, make in jobs:
        out += _read_run(key, files, cache, known=known, build=make if build else None)
        if done is not None:
            done(len(files))
    return out


def _read_run(key: str | None, files: Sequence[tuple], cache: Path | None = None, *,
              known: dict[str, int] | None = None, build: Callable | None = None
              ) -> list[tuple[tuple, str | None, list[int] | None, tuple[int, int, int] | None]]:
    """:func:`_read_file` of each of ``files`` (``(raw, path, fmt, official, page_key)``), and
    their parsed pages stored together as the cache entry ``key`` (when given:
    :func:`analysis.cache.write_pages`).

    Returns each file's outcome, None, the word counts of its page's paragraphs
    (:func:`_paragraph_counts`) and the :func:`~analysis.languages.script_counts` of their
    speech joined by line breaks (both None for a file that is not a page); the first file's comes
    with the message of the :class:`~analysis.cache.CacheWarning` instead of None when the
    cache folder could not take the entry (for the caller to give once). ``known`` is the memo
    of chunk counts (see ``analysis.wordcounts._chunk_word_counts``) shared by the runs of a
    process. With ``build`` (:func:`_build_alone` given all but the page, its spellings and
    notes), a page that is a transcript on its own (not a page of a conference) comes as
    ``("built", transcript, page labels, spellings looked up, warnings)``: the transcript built
    with :class:`~analysis.parsers.assemble.PendingSpellings`, which the caller builds again from
    the file when the corpus's spellings hold a form it looked up; a page's paragraphs are
    those of its transcript, in order."""
    got = [_read_file(raw, f, fmt, official) for raw, f, fmt, official, _ in files]
    counted = iter(_paragraph_counts([g[1] for g in got if g[0] == "page"], known))
    counts = [next(counted) if g[0] == "page" else None for g in got]
    scripts = [script_counts("\n".join(p.speech for d in g[1].turns for p in d.paragraphs)) if g[0] == "page"
               else None for g in got]
    refused = None
    pages = [(file[4], g[1], g[2], file[0]) for file, g in zip(files, got) if g[0] == "page"]
    if key is not None and pages:
        from .cache import write_pages

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if write_pages(key, pages, cache=cache) is False:
                refused = str(caught[-1].message) if caught else f"cache entry {key} cannot be stored"
    # only a page of a conference is parsed again (merged): the text of the others is not sent back
    out = [g if g[0] != "page" or g[1].format == "page" else _built(g, build) if build is not None
           else (g[0], dataclasses.replace(g[1], text=""), *g[2:]) for g in got]
    return [(g, refused if k == 0 else None, n, sc) for k, (g, n, sc) in enumerate(zip(out, counts, scripts))]


def _built(got: tuple, build: Callable) -> tuple:
    """The ``("built", ...)`` outcome of a parsed page's outcome ``got`` (see :func:`_read_run`)."""
    _, page, notes, caught = got
    labels = page_labels(page)  # before the build, which settles the drafts' speakers
    pending = PendingSpellings()
    return "built", build([page], spellings=pending, file_notes={page.path: notes}), labels, pending, caught


def _paragraph_counts(pages: Sequence[ParsedPage], known: dict[str, int] | None = None) -> list[list[int]]:
    """For each of ``pages``, the word count of each paragraph of its turns, in order: of its
    speech, or of its stage directions (joined by spaces) when it has no speech; -1 for a text
    holding a Han chunk (``analysis.wordcounts._chunk_word_counts``, the pages' texts counted in one
    call).

    A turn's text is its paragraphs' speech joined by blank lines, or its directions joined by
    spaces when none has speech (:attr:`analysis.model.Turn.text`), and a text's count is the
    sum of the counts of its white-space-separated chunks: so a turn's count is the sum of its
    paragraphs' (:func:`_turn_counts`), and no text is counted twice.
    """
    from .wordcounts import _chunk_word_counts

    sizes = [sum(len(d.paragraphs) for d in page.turns) for page in pages]
    flat = iter(_chunk_word_counts([p.speech or " ".join(p.directions) for page in pages for d in page.turns
                                    for p in d.paragraphs], known))
    return [[next(flat) for _ in range(n)] for n in sizes]


def _known_scripts(t: Transcript, known: Mapping[int, tuple[list[Paragraph], tuple[int, int, int]]]
                   ) -> tuple[int, int, int] | None:
    """The script counts of ``t``'s speech when its paragraphs are exactly those of one page
    counted by the parsing workers (``known``, by the first paragraph's id), else None (a page
    read from the cache or parsed again, pages merged into one transcript)."""
    paragraphs = [p for u in t.turns for p in u.paragraphs]
    got = known.get(id(paragraphs[0])) if paragraphs else None
    if got is None or len(got[0]) != len(paragraphs) or any(a is not b for a, b in zip(got[0], paragraphs)):
        return None
    return got[1]


def _turn_counts(transcripts: Sequence[Transcript], known: Mapping[int, tuple[Paragraph, int]]) -> list[int | None]:
    """The word count of each turn of ``transcripts`` (in order) from the counts of its
    paragraphs (``known``: ``{id(paragraph): (paragraph, count)}``, :func:`_paragraph_counts`):
    the sum over its paragraphs with speech, or over all of them when none has; -1 when one of
    them holds a Han chunk; None when a paragraph is not the very object counted (a page read
    from the cache or parsed again)."""
    out: list[int | None] = []
    for t in transcripts:
        for u in t.turns:
            ps = u.paragraphs
            if any(p.speech for p in ps):
                ps = [p for p in ps if p.speech]
            total: int | None = 0
            for p in ps:
                got = known.get(id(p))
                if got is None or got[0] is not p:
                    total = None
                    break
                if got[1] < 0:
                    total = -1
                elif total >= 0:
                    total += got[1]
            out.append(total)
    return out


def _read_file(raw: bytes, f: Path, fmt: str, official: str | None) -> tuple:
    """Decode and parse one file's bytes.

    Returns
    -------
    tuple
        ``("page", page, notes, warnings)`` for a parsed page; ``("table", text, encoding,
        notes, fmt, warnings)`` for a table (``fmt`` as found from the content: a ``.json``
        list of rows is ``"jsonl_array"``); ``("error", exception)`` for a file that cannot be
        read. ``warnings`` are the ``(message, category)`` of the warnings raised meanwhile,
        for the caller to raise again.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            decoded = decode_declared(raw, str(f)) or decode(raw, str(f))
            text, enc = decoded.text, decoded.encoding
            if not text.strip(WS_CHARS):
                raise TranscriptFormatError(str(f), 1, "is empty (no text at all)")
            notes = [Note(k, m, str(f), ln) for k, ln, m in decoded.notes]
            if fmt == "auto" and f.suffix.lower() == ".json" and is_row_list(text):
                fmt = "jsonl_array"
            elif fmt == "auto" and f.suffix.lower() == ".json" and is_json_lines(text):
                fmt = "jsonl"
            if fmt in ("csv", "jsonl", "jsonl_array"):
                return ("table", text, enc, notes, fmt, [(str(w.message), w.category) for w in caught])
            page = _parse_file(text, f, enc, fmt, official)
            if page is None or not page.turns:
                if page is None:
                    raise TranscriptFormatError(str(f), 1, NOT_A_TRANSCRIPT.get(sniff(text), "holds no turns"))
                kinds = sorted({b.kind for b in page.boilerplate})
                raise TranscriptFormatError(str(f), page.boilerplate[0].line if page.boilerplate else 1,
                                            f"has no speech, only {', '.join(kinds)} lines")
            notes += [Note(k, m, str(f), ln) for k, ln, m in page.notes]
            return ("page", page, notes, [(str(w.message), w.category) for w in caught])
        except (TranscriptFormatError, OSError, RecursionError) as exc:
            return ("error", exc)


def _not_a_transcript(exc: Exception) -> bool:
    """Errors that mean a file found in a folder is something else, not a broken transcript."""
    if not isinstance(exc, TranscriptFormatError):
        return False
    msg = exc.reason
    return msg.startswith(("has no speech", "is JSON with no", "is XML with no", "holds no turns",
                           "has no text column"))


def _parse_file(text: str, f: Path, enc: str, fmt: str, official: str | None) -> ParsedPage | None:
    """One file's ParsedPage by its layout; None for a structured file with no turns."""
    kind = {"json": "json", "xml": "xml"}.get(fmt) or (sniff(text) if fmt == "auto" else "text")
    if kind == "json":
        from .parsers import jsondoc

        try:
            page = jsondoc.parse_json(text, path=str(f), encoding=enc)
        except TranscriptFormatError:
            if fmt == "json" or f.suffix.lower() == ".json":
                raise
            page = None  # a text file that opens with "[Music]" or "{": read it as text
            kind = "text"
        else:
            return _with_official(page, official)
    if kind == "xml":
        from .parsers import xml as xmlp

        page = xmlp.parse_xml(text, path=str(f), encoding=enc)
        if page is not None or fmt == "xml" or not looks_like_html_head(text):
            # XML that is not a web page and holds no speaker turns is not a transcript
            return _with_official(page, official)
    return parse_text(text, path=str(f), encoding=enc, official=official,
                      detect_labels=(fmt != "plain"), markup="none" if fmt == "plain" else "auto")


def _with_official(page: ParsedPage | None, official: str | None) -> ParsedPage | None:
    if page is not None and official:
        page.official = official
    return page


# ---------------------------------------------------------------------------------------


def _merged_row(meta_row: dict | None, side: dict) -> dict | None:
    """A file's metadata row over its sidecar's fields; ``_date_from`` names the sidecar when
    the date is the sidecar's. An empty cell of the row gives no value: the sidecar's stays."""
    if not side:
        return meta_row
    given = {k: v for k, v in (meta_row or {}).items() if v != ""}
    row = {**side, **given}
    if "date" in side and "date" not in given:
        row["_date_from"] = side["_sidecar"]
    return row


def _name_metadata(t: Transcript, pattern: re.Pattern | None, pattern_text: str | None = None,
                   row: Mapping | None = None) -> Transcript:
    """Variables and a date from the file name: by the pattern, else a date written in the name.

    A date given for the file (``row``: its ``metadata.csv`` row or sidecar fields) wins over the
    name's: when they differ (another year, for a name giving only a year) the given date is kept
    and a ``metadata`` note names both. Otherwise the name's date dates an undated transcript, and
    replaces a date the text gives in another year (the text may speak of another date)."""
    notes = list(t.notes)
    extra = dict(t.extra)
    date = t.date
    if pattern is not None:
        got = name_variables(t.path, pattern)
        if got is None:
            shown = pattern_text or pattern.pattern
            notes.append(Note("name_pattern", f"file name does not match name_pattern {shown!r}; "
                                              "no variables read from it", t.path))
        else:
            for k, v in got.items():
                if k not in ("date", "speaker"):
                    extra.setdefault(k, v)
            if got.get("speaker") and t.turns and all(not u.label for u in t.turns):
                who = got["speaker"].replace("_", " ")
                t = dataclasses.replace(t, turns=tuple(
                    dataclasses.replace(u, speaker=who, speaker_key=sp.name_key(who)) for u in t.turns))
            d = date_from_fields(got)
            year_only = not got.get("date") and not got.get("month")
            given = (row or {}).get("date")
            if d is not None and given and in_date_range(given):
                # as precise as the name: a year, a year and month, or a day
                parts = 3 if got.get("date") or got.get("day") else 2 if got.get("month") else 1
                if (given.year, given.month, given.day)[:parts] != (d.year, d.month, d.day)[:parts]:
                    named = d.isoformat()[:(4, 7, 10)[parts - 1]]
                    where = row.get("_date_from") or f"{row['_source']}, line {row['_line']}"
                    notes.append(Note("metadata", f"its file name says {named} (name_pattern "
                                                  f"{pattern_text or pattern.pattern!r}) but {where} says "
                                                  f"{given.isoformat()}; the metadata date is used", t.path))
            elif d is not None and date is None:
                date = d
                notes.append(Note("name_date", f"dated {d.isoformat()} from its file name", t.path))
            elif d is not None and (date.year != d.year if year_only else date != d):
                # the name pattern is the user's word; a date in the text may be a date it
                # speaks of ("On 21 September 1981, ..."); a text date in the named year is kept
                notes.append(Note("name_date", f"the text dates it {date.isoformat()} but its file name says "
                                               f"{d.isoformat()}; the file name is used", t.path))
                date = d
    if date is None and t.format not in ("csv", "jsonl", "jsonl_array"):
        d = date_in_name(Path(t.path))
        if d is not None:
            date = d
            notes.append(Note("name_date", f"dated {d.isoformat()} from its file name", t.path))
    if date == t.date and extra == t.extra and len(notes) == len(t.notes):
        return t
    return dataclasses.replace(t, date=date, extra=extra, notes=tuple(notes))


# ---------------------------------------------------------------------------------------


def _build_alone(group: list[ParsedPage], *, meta: Metadata, roles: Mapping[str, str], aliases: Mapping[str, str],
                 sidecars: Mapping[str, dict], rows: Mapping[Path, dict | None], pattern: re.Pattern | None,
                 name_pattern: str | None, spellings: Mapping[str, tuple[str, str, str]],
                 file_notes: Mapping[str, list[Note]]) -> Transcript:
    """The transcript of ``group`` (one conference's pages, :func:`_group_pages`), with the
    variables and date its file name gives (:func:`_name_metadata`) and a date out of range
    dropped (:func:`_date_in_range`): all a transcript needs but what the corpus's other
    transcripts say of it."""
    t = _build_transcript(group, meta, roles, aliases, file_notes, sidecars, spellings, rows)
    return _date_in_range(_name_metadata(t, pattern, name_pattern, rows.get(Path(t.path))))


def _build_transcript(group: list[ParsedPage], meta: Metadata, roles: Mapping[str, str],
                      aliases: Mapping[str, str], file_notes: Mapping[str, list[Note]] | None = None,
                      sidecars: Mapping[str, dict] | None = None,
                      spellings: Mapping[str, tuple[str, str, str]] | None = None,
                      rows: Mapping[Path, dict | None] | None = None) -> Transcript:
    first = group[0]
    path = Path(first.path)
    row = (rows[path] if rows is not None and path in rows
           else _merged_row(meta.lookup(path), (sidecars or {}).get(first.path, {}))) or {}
    notes = [n for p in group for n in (file_notes or {}).get(p.path, [])]
    official = row.get("official") or first.official
    if len(group) > 1:
        group = [first] + [_reparse_as_page(p, k, official) for k, p in enumerate(group[1:], start=1)]
    drafts: list[TurnDraft] = []
    boiler: list[Boilerplate] = []
    for p in group:
        boiler.extend(p.boilerplate)
        for d in p.turns:
            if d.continuation and drafts:
                drafts[-1].paragraphs.extend(d.paragraphs)
            else:
                drafts.append(d)
    tid = row.get("transcript_id") or path.stem
    given_roles = dict(row.get("_roles") or {})
    for p in group:  # "[Mr. X in the Chair]": the page says who presides
        for name in filter(None, [p.header_fields.get("chair"), *str(p.header_fields.get("chairs", "")).split("; ")]):
            if isinstance(name, str) and name.strip():
                given_roles.setdefault(name.strip(), "moderator|the page says who is in the chair")
    merges = resolve_speakers(drafts, official, roles, aliases, given_roles, spellings)
    turns = finalize_turns(tid, drafts)
    title = row.get("title") or first.title
    notes += _conflicts(first, row, meta.name)
    notes += [Note("speaker_merge", sp.merge_message(a, b, why), first.path) for a, b, why in merges]
    extra = {**first.extra, **{k: v for k, v in row.items() if k not in (*_META_FIELDS, "file", "transcript_id")
                               and k and not k.startswith("_")}}
    return Transcript(
        id=tid, title=title, date=row.get("date") or first.date,
        source=row.get("source") or first.source, url=row.get("url") or first.url,
        kind=row.get("kind") or first.kind or (hd.kind_from_title(title) if title else "transcript"),
        pages=tuple(p.path for p in group), turns=tuple(turns), boilerplate=tuple(boiler),
        format=first.format, encoding=first.encoding, extra=extra, notes=tuple(notes),
        layout=dict(first.layout) if getattr(first, "layout", None) else {},
    )


def _warn_notes(notes: Sequence[Note]) -> None:
    """One InputWarning per kind of note worth a user's attention, naming where (raised at the
    line that called :func:`load_corpus`, past its wrapper)."""
    by_kind: dict[str, list[Note]] = defaultdict(list)
    for n in notes:
        if n.kind in WARN_KINDS:
            by_kind[n.kind].append(n)
    for kind, ns in by_kind.items():
        shown = "; ".join(str(n) for n in ns[:3])
        more = f"; and {len(ns) - 3} more" if len(ns) > 3 else ""
        warnings.warn(f"{len(ns)} note(s) of kind {kind!r} (see Corpus.notes()): {shown}{more}", InputWarning,
                      stacklevel=4)


#: A field of a file name that is a year.
_YEAR_FIELD = re.compile(r"(?:1[89]|20)\d\d")


def _name_pattern_hint(transcripts: list[Transcript]) -> list[Note]:
    """A ``name_pattern`` note when most transcripts are undated and their file names share one
    layout with a year in it (``AFG_45_1990``: three fields separated by ``_``, the last a
    year in nine names of ten or more): the pattern that would date them by that year and read
    the other fields as variables."""
    undated = [Path(t.path).stem for t in transcripts if t.date is None and t.format not in ("csv", "jsonl",
                                                                                             "jsonl_array")]
    if len(undated) < 2 or len(undated) * 2 < len(transcripts):
        return []
    for sep in ("_", "-", " ", "."):
        split = [stem.split(sep) for stem in undated]
        n, seen = Counter(map(len, split)).most_common(1)[0]
        if n < 2 or seen * 10 < len(undated) * 9:
            continue
        split = [fields for fields in split if len(fields) == n]
        years = [j for j in range(n) if sum(bool(_YEAR_FIELD.fullmatch(f[j])) for f in split) * 10 >= len(split) * 9]
        if not years:
            continue
        names = [f"field{k + 1}" for k in range(n)]
        names[years[-1]] = "year"
        pattern = sep.join(f"{{{name}}}" for name in names)
        return [Note("name_pattern", f"{len(undated)} of {len(transcripts)} transcripts have no date, and their file "
                                     f"names look alike ({undated[0]!r}): name_pattern={pattern!r} (--name-pattern) "
                                     "dates them by the year and reads the other fields as variables (name them as "
                                     "you like; {speaker} for who speaks)", "")]
    return []


def _speaker_field_hint(transcripts: list[Transcript], pattern: re.Pattern, pattern_text: str | None) -> list[Note]:
    """A ``no_speakers`` note when no file has a speaker label, so that every turn is the
    ``"Unknown speaker"``, and the name pattern reads a field of text that differs between
    files (``{country}``, not ``{session}`` or ``{year}``, which are numbers): it may name each
    text's speaker, which ``{speaker}`` in its place would do."""
    if "speaker" in pattern.groupindex or any(u.label or u.speaker != sp.UNKNOWN for t in transcripts
                                               for u in t.turns):
        return []
    dates = {"date", "year", "month", "day"}
    fields = [f for f in pattern.groupindex if f not in dates and not f.startswith("_")
              and all(isinstance(t.extra.get(f), str) for t in transcripts)
              and len({t.extra[f] for t in transcripts}) > 1]
    if not fields or len(transcripts) < 2:
        return []
    shown = pattern_text or pattern.pattern
    named = " or ".join(f"{{{f}}}" for f in fields)
    example = shown.replace(f"{{{fields[0]}}}", "{speaker}", 1)
    return [Note("no_speakers", f"no file has speaker labels: every turn is the {sp.UNKNOWN!r}; if the file "
                                f"name's {named} names who speaks, write it as {{speaker}} in the name pattern "
                                f"({example!r}) to read it as each text's speaker", "")]


def _note_unattributed(transcripts: list[Transcript], scanned) -> list[Transcript]:
    """A file found in a folder of labelled transcripts whose text has no speaker label (a
    ``notes.txt``) gets a ``no_speakers`` note: it is read, not skipped, as turns of the
    ``"Unknown speaker"``, which may not be what it is. A folder with no labelled transcript
    (speeches) and a speaker named by the file name or the title get none."""
    if not any(u.label for t in transcripts for u in t.turns):
        return transcripts
    out = []
    for t in transcripts:
        if (t.format not in ("csv", "jsonl", "jsonl_array") and Path(t.path) in scanned
                and all(not u.label and u.speaker == sp.UNKNOWN for u in t.turns)):
            n = len(t.turns)
            note = Note("no_speakers", f"has no speaker labels: read as {'one turn' if n == 1 else f'{n} turns'} "
                                       f"of the {sp.UNKNOWN!r}, not skipped (move it out of the folder if it is not a "
                                       "transcript)", t.path)
            t = dataclasses.replace(t, notes=t.notes + (note,))
        out.append(t)
    return out


def _content_key(t: Transcript) -> str:
    h = hashlib.sha1()
    for u in t.turns:
        h.update(u.speaker_key.encode("utf-8", "surrogatepass") + b"\x1f" + u.text.encode("utf-8", "surrogatepass")
                 + b"\x1e")
    return h.hexdigest()


def _text_length(turn) -> int:
    """``len(turn.text)`` (:attr:`analysis.model.Turn.text`: its paragraphs' speech joined by
    blank lines, or its directions joined by spaces when none has speech), from the lengths of
    the parts.

    Examples
    --------
    >>> from analysis.model import Paragraph, Turn
    >>> ps = (Paragraph("a", "ab", (), 0, 0, 1, 1), Paragraph("(x)", "", ("x",), 0, 2, 5, 2),
    ...       Paragraph("c", "cde", (), 0, 6, 7, 3))
    >>> t = Turn("t", 0, "S", "s", "unknown", "", None, ps)
    >>> _text_length(t), len(t.text)
    (7, 7)
    """
    speech = [len(p.speech) for p in turn.paragraphs if p.speech]
    if speech:
        return sum(speech) + 2 * (len(speech) - 1)
    directions = [len(d) for p in turn.paragraphs for d in p.directions]
    return sum(directions) + len(directions) - 1 if directions else 0


def _note_duplicates(transcripts: list[Transcript]) -> list[Transcript]:
    """Transcripts with exactly the same speakers and speech get a ``duplicate`` note.

    Only transcripts whose hashed text (:func:`_content_key`) is as long as another's are
    hashed; the lengths are found from the paragraphs (:func:`_text_length`), no text is joined."""
    sizes: dict[int, list[int]] = defaultdict(list)
    for i, t in enumerate(transcripts):
        lengths = [_text_length(u) for u in t.turns]
        if any(lengths):
            sizes[sum(lengths) + sum(len(u.speaker_key) for u in t.turns) + 2 * len(lengths)].append(i)
    groups: dict[str, list[int]] = defaultdict(list)
    for i in sorted(i for same in sizes.values() if len(same) > 1 for i in same):
        groups[_content_key(transcripts[i])].append(i)
    out = list(transcripts)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        for i in idx:
            others = ", ".join(transcripts[j].path for j in idx if j != i)
            note = Note("duplicate", f"has the same speech as {others} (see Corpus.duplicates())", out[i].path, None)
            out[i] = dataclasses.replace(out[i], notes=out[i].notes + (note,))
    return out


def _group_pages(pages: list[ParsedPage]) -> list[list[ParsedPage]]:
    """Pages of one conference (page-layout files with the same title and date) together.

    A page whose speech is identical to another page of the group is a copy, not a further
    page: it stays a transcript of its own, so that it is reported as a duplicate instead of
    doubling the conference.
    """
    groups: dict[object, list[ParsedPage]] = {}
    seen: dict[object, set[str]] = defaultdict(set)
    for p in sorted(pages, key=lambda p: p.path):
        key: object = ("file", p.path)
        if p.format == "page" and p.title and p.date:
            merged = (" ".join(p.title.casefold().split()), p.date)
            body = hashlib.sha1("\x1e".join(q.speech for d in p.turns for q in d.paragraphs)
                                .encode("utf-8", "surrogatepass")).hexdigest()
            if body not in seen[merged]:
                seen[merged].add(body)
                key = merged
        groups.setdefault(key, []).append(p)
    return [sorted(g, key=lambda p: p.path) for g in groups.values()]


def _reparse_as_page(p: ParsedPage, k: int, official: str | None) -> ParsedPage:
    return parse_text(p.text, path=p.path, encoding=p.encoding, page=k, official=official)


_DATE_KINDS = ("source_date", "date", "header", "title", "front_matter")


def _conflicts(page: ParsedPage, row: Mapping, meta_name: str) -> list[Note]:
    """Notes for metadata values that differ from what the text says (metadata wins)."""
    out = []
    where = f"{row.get('_source') or meta_name}, line {row.get('_line')}" if row.get("_line") else "the metadata"
    if row.get("date") and page.date and row["date"] != page.date:
        line = next((b.line for b in page.boilerplate if b.kind in _DATE_KINDS and hd.parse_date(b.raw) == page.date),
                    None)
        out.append(Note("metadata", f"the text dates it {page.date.isoformat()} but {where} says "
                                    f"{row['date'].isoformat()}; the metadata date is used", page.path, line))
    if row.get("title") and page.title and " ".join(row["title"].casefold().split()) != " ".join(
            page.title.casefold().split()):
        line = next((b.line for b in page.boilerplate if b.kind == "title"), None)
        out.append(Note("metadata", f"the text's title {page.title!r} differs from {where}: {row['title']!r}; "
                                    "the metadata title is used", page.path, line))
    return out


def _table_transcripts(text: str, f: Path, fmt: str, enc: str, columns, row, roles: Mapping[str, str],
                       aliases: Mapping[str, str], delimiter: str | None = None) -> list[Transcript]:
    rows = read_table_rows(text, path=str(f), fmt="json" if fmt == "jsonl_array" else fmt, columns=columns,
                           delimiter=delimiter)
    if not rows:
        raise TranscriptFormatError(str(f), 1, "has a header but no rows")
    lines = text.split("\n")
    offsets = [0]
    for ln in lines:
        offsets.append(offsets[-1] + len(ln) + 1)
    by_id: dict[str, list[tuple[int, dict]]] = {}
    for n, r in rows:
        tid = str(r.get("transcript_id") or f.stem)
        by_id.setdefault(tid, []).append((n, r))
    out = []
    for tid, items in by_id.items():
        drafts = []
        first = items[0][1]
        for n, r in items:
            speech = " ".join(clean_speech(r["text"]).split())
            start = offsets[n - 1]
            raw_line = lines[n - 1]
            para = Paragraph(raw_line, speech, (), 0, start, start + len(raw_line), n)
            speaker = str(r.get("speaker") or "").strip() or "Unknown speaker"
            role = r.get("role") or None
            outlet = (str(r["outlet"]).strip() or None) if r.get("outlet") else None
            drafts.append(TurnDraft(speaker, speaker, role, outlet, [para]))
        for d in drafts:
            if d.role is None:
                d.role = "questioner" if d.outlet else None
        for d in drafts:
            if d.role is None and d.speaker == "Unknown speaker":
                d.role = "unknown"
        resolve_speakers(drafts, (row or {}).get("official") or None, roles, aliases, (row or {}).get("_roles"))
        meta = row or {}
        text_date = hd.parse_date(str(first.get("date"))) if first.get("date") else None
        date = meta.get("date") or text_date
        title = meta.get("title") or str(first.get("title") or "")
        notes = ()
        if meta.get("date") and text_date and meta["date"] != text_date:
            notes = (Note("metadata", f"the table dates it {text_date.isoformat()} but the metadata (line "
                                      f"{meta.get('_line')}) says {meta['date'].isoformat()}; the metadata date is used",
                          str(f), items[0][0]),)
        out.append(Transcript(
            id=tid, title=title, date=date, source=meta.get("source") or str(first.get("source") or ""),
            url=meta.get("url") or str(first.get("url") or ""),
            kind=meta.get("kind") or str(first.get("kind") or "") or "transcript",
            pages=(str(f),), turns=tuple(finalize_turns(tid, drafts)), boilerplate=(),
            format=fmt, encoding=enc,
            extra={k: v for k, v in meta.items() if k not in (*_META_FIELDS, "file", "transcript_id") and k
                   and not k.startswith("_")},
            notes=notes,
        ))
    return out


def _unique_ids(transcripts: list[Transcript]) -> list[Transcript]:
    seen: dict[str, int] = defaultdict(int)
    for t in transcripts:
        seen[t.id] += 1
    out = []
    taken = {t.id for t in transcripts if seen[t.id] == 1}
    for t in transcripts:
        if seen[t.id] > 1:
            base = f"{Path(t.path).with_suffix('').as_posix().replace('/', '__').lstrip('_.')}__{t.id}" \
                if t.format in ("csv", "jsonl") else Path(t.path).with_suffix("").as_posix().replace("/", "__").lstrip("_.")
            new, k = base, 1
            while new in taken:
                k += 1
                new = f"{base}~{k}"
            taken.add(new)
            t = dataclasses.replace(t, id=new, turns=tuple(dataclasses.replace(u, transcript_id=new) for u in t.turns))
        out.append(t)
    return out
