"""Load transcripts into a :class:`Corpus` of speaker- and role-aware turns.

>>> from analysis.corpus import load_corpus
>>> corpus = load_corpus("data")                      # doctest: +SKIP
>>> corpus.turns().groupby("role")["n_words"].sum()   # doctest: +SKIP

Input formats (``format="auto"`` picks by file suffix, then by content):

* text (``.txt``): one parser for every text layout (seed pages with breadcrumb, title,
  ``source | date`` and pagination; ``Q:``/``A:`` briefings; inline ``Name: text`` labels;
  plain unlabelled text); see :mod:`analysis.parsers.text`. Pages of one conference (same
  title and date, files with breadcrumb or pagination) are merged into one transcript.
* tabular (``.csv``, ``.tsv``, ``.jsonl``): one row per turn; see :mod:`analysis.parsers.table`.

Per-transcript facts (date, title, source, kind, url, official, and any other column as a
document variable) can be given in a metadata CSV (``data/metadata.csv``), which wins over
what is read from the text.

Hostile input is read or refused, never silently altered: encodings are detected (binary
files refused by name), mojibake is repaired, HTML, Markdown and YAML front matter are read
without executing anything, and every repair, conversion, metadata conflict or duplicate is
recorded as a :class:`~analysis.model.Note` (``Corpus.notes()``); repairs that change the
text also raise an :class:`~analysis.errors.InputWarning`. ``tests/test_hardening.py`` is
the catalogue of such inputs and their outcomes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ._validation import check_columns, check_interval, check_option
from .errors import CorpusError, InputWarning, TranscriptFormatError
from .model import Boilerplate, Note, Paragraph, Transcript, Turn
from .parsers import header as hd
from .parsers import roles as rl
from .parsers.decode import WS_CHARS, decode
from .parsers.metadata import Metadata, load_metadata
from .parsers.table import read_table_rows
from .parsers.text import ParsedPage, TurnDraft, clean_speech, parse_text
from .text import CHUNK_MEMO_LIMIT, is_word, tokenize
from .types import PathLike, TurnsLike

__all__ = ["Corpus", "Transcript", "Turn", "Paragraph", "Boilerplate", "Note", "load_corpus",
           "TURN_COLUMNS", "NOTE_COLUMNS", "TRANSCRIPT_SUFFIXES", "as_turns"]

#: Columns of :meth:`Corpus.turns`, in order (metadata variables follow).
TURN_COLUMNS = (
    "transcript_id", "date", "title", "source", "kind", "speaker", "speaker_key", "role",
    "outlet", "label", "turn_index", "answers_turn", "exchange", "text", "n_words",
    "n_paragraphs", "directions", "path", "line",
)
#: Columns of :meth:`Corpus.notes`.
NOTE_COLUMNS = ("transcript_id", "kind", "path", "line", "message")
#: Kinds of note that also raise an :class:`~analysis.errors.InputWarning` at load time
#: (the text read differs from the bytes, or the corpus probably holds a mistake: metadata
#: that contradicts the text or names a missing file, the same transcript twice).
WARN_KINDS = ("mojibake", "encoding", "control", "duplicate", "metadata", "metadata_missing_file")
#: File suffixes read when a directory is given.
TRANSCRIPT_SUFFIXES = (".txt", ".text", ".csv", ".tsv", ".jsonl", ".ndjson")
_METADATA_NAME = "metadata.csv"
_META_FIELDS = ("date", "title", "source", "kind", "url", "official")
_TABLE_SUFFIX = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}


class Corpus:
    """A collection of transcripts; the input of every analysis.

    Parameters
    ----------
    transcripts : iterable of Transcript
    problems : sequence of str, default=()
        Messages for files that could not be read (``load_corpus(on_error="collect")``).
    notes : sequence of Note, default=()
        Corpus-level notes (e.g. a metadata row naming a missing file); per-transcript notes
        live on each ``Transcript``. :meth:`notes` lists both.
    """

    def __init__(self, transcripts: Iterable[Transcript], problems: Sequence[str] = (),
                 notes: Sequence[Note] = ()) -> None:
        self.transcripts: tuple[Transcript, ...] = tuple(transcripts)
        self.problems: tuple[str, ...] = tuple(problems)
        self._notes: tuple[Note, ...] = tuple(notes)
        self._turns: pd.DataFrame | None = None

    def __len__(self) -> int:
        return len(self.transcripts)

    def __iter__(self) -> Iterator[Transcript]:
        return iter(self.transcripts)

    def __getitem__(self, transcript_id: str) -> Transcript:
        for t in self.transcripts:
            if t.id == transcript_id:
                return t
        raise KeyError(f"no transcript {transcript_id!r} in this corpus")

    def __repr__(self) -> str:
        n_turns = sum(len(t.turns) for t in self.transcripts)
        return f"<Corpus: {len(self)} transcripts, {n_turns} turns>"

    def notes(self) -> pd.DataFrame:
        """What was repaired, converted, guessed or overridden while reading the corpus.

        Nothing is changed silently: mojibake repaired, bytes read in another encoding, NUL
        characters dropped from speech, HTML or front matter converted, a metadata value
        that differs from the text (metadata wins), duplicate files, metadata rows for
        missing files.

        Returns
        -------
        pandas.DataFrame
            One row per note, by ``path``, ``line``, ``kind``: ``transcript_id`` ("" for
            corpus-level notes), ``kind``, ``path``, ``line`` (Int64, NA when not about one
            line), ``message``.
        """
        rows = [("", n.kind, n.path, n.line, n.message) for n in self._notes]
        rows += [(t.id, n.kind, n.path, n.line, n.message) for t in self.transcripts for n in t.notes]
        frame = pd.DataFrame(rows, columns=list(NOTE_COLUMNS))
        frame["line"] = frame["line"].astype("Int64")
        return frame.sort_values(["path", "line", "kind", "transcript_id"], ignore_index=True, na_position="first")

    def turns(self) -> pd.DataFrame:
        """One row per turn.

        Returns
        -------
        pandas.DataFrame
            Columns: ``transcript_id``, ``date`` (datetime64, NaT if unknown), ``title``,
            ``source``, ``kind``, ``speaker``, ``speaker_key``, ``role``, ``outlet``,
            ``label`` (as written), ``turn_index``, ``answers_turn`` (the question's
            ``turn_index``, for answers), ``exchange`` (the question's ``turn_index`` for a
            question and its answers), ``text`` (speech, stage directions removed),
            ``n_words``, ``n_paragraphs``, ``directions`` (stage directions, newline-joined),
            ``path``, ``line``, then any metadata variables. A fresh copy on every call.
        """
        if self._turns is None:
            self._turns = self._build_turns()
        return self._turns.copy()

    def _build_turns(self) -> pd.DataFrame:
        extra_cols = sorted({k for t in self.transcripts for k in t.extra})
        known: dict[str, int] = {}
        rows = []
        for t in self.transcripts:
            for u in t.turns:
                exchange = u.index if u.role == "questioner" else u.answers_turn
                page = u.paragraphs[0].page if u.paragraphs else 0
                rows.append((
                    t.id, t.date, t.title, t.source, t.kind, u.speaker, u.speaker_key, u.role,
                    u.outlet, u.label, u.index, u.answers_turn, exchange, u.text,
                    _count_words(u.text, known), sum(1 for p in u.paragraphs if p.speech),
                    "\n".join(u.directions), t.pages[page] if t.pages else "",
                    u.line if u.paragraphs else 0,
                    *(t.extra.get(c) for c in extra_cols),
                ))
        frame = pd.DataFrame(rows, columns=[*TURN_COLUMNS, *extra_cols])
        frame["date"] = pd.to_datetime(frame["date"])
        for col in ("answers_turn", "exchange"):
            frame[col] = frame[col].astype("Int64")
        for col in ("turn_index", "n_words", "n_paragraphs", "line"):
            frame[col] = frame[col].astype("int64")
        return frame

    def summary(self) -> pd.DataFrame:
        """One row per transcript.

        Returns
        -------
        pandas.DataFrame
            Columns: ``transcript_id``, ``date``, ``title``, ``source``, ``kind``, ``url``,
            ``format``, ``encoding``, ``n_pages``, ``n_turns``, ``n_questions``, ``n_words``,
            ``path``.
        """
        turns = self.turns()
        words = turns.groupby("transcript_id")["n_words"].sum()
        questions = turns[turns["role"] == "questioner"].groupby("transcript_id").size()
        rows = [
            (t.id, t.date, t.title, t.source, t.kind, t.url, t.format, t.encoding, len(t.pages),
             len(t.turns), int(questions.get(t.id, 0)), int(words.get(t.id, 0)), t.path)
            for t in self.transcripts
        ]
        frame = pd.DataFrame(rows, columns=["transcript_id", "date", "title", "source", "kind", "url",
                                            "format", "encoding", "n_pages", "n_turns", "n_questions",
                                            "n_words", "path"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def paragraphs(self) -> pd.DataFrame:
        """One row per paragraph of speech (empty ones, such as lone labels, left out).

        Returns
        -------
        pandas.DataFrame
            Columns: ``transcript_id``, ``date``, ``speaker``, ``role``, ``turn_index``,
            ``paragraph_index``, ``text``, ``n_words``, ``path``, ``line``.
        """
        rows = []
        known: dict[str, int] = {}
        for t in self.transcripts:
            for u in t.turns:
                k = 0
                for p in u.paragraphs:
                    if not p.speech:
                        continue
                    rows.append((t.id, t.date, u.speaker, u.role, u.index, k, p.speech,
                                 _count_words(p.speech, known), t.pages[p.page], p.line))
                    k += 1
        frame = pd.DataFrame(rows, columns=["transcript_id", "date", "speaker", "role", "turn_index",
                                            "paragraph_index", "text", "n_words", "path", "line"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    def boilerplate(self) -> pd.DataFrame:
        """Lines kept aside from speech: columns ``transcript_id``, ``kind``, ``text``, ``path``, ``line``."""
        rows = [(t.id, b.kind, b.raw, t.pages[b.page], b.line) for t in self.transcripts for b in t.boilerplate]
        return pd.DataFrame(rows, columns=["transcript_id", "kind", "text", "path", "line"])

    def duplicates(self, *, threshold: float = 0.5, shingle: int = 5) -> pd.DataFrame:
        """Pairs of transcripts with the same or nearly the same speech.

        Near-duplicates are common in scraped collections (a page republished with
        corrected wording or curly quotes). Similarity is the Jaccard index of the sets of
        word ``shingle``-grams of the two transcripts (Broder 1997), compared after
        lower-casing and removing quotes and apostrophes.

        Parameters
        ----------
        threshold : float, default=0.5
            Report pairs at least this similar (1.0: identical word sequences). On the
            bundled corpus a republished briefing scores 0.55 and the most similar distinct
            briefings below 0.1.
        shingle : int, default=5
            Length of the word n-grams compared.

        Returns
        -------
        pandas.DataFrame
            One row per pair, by ``similarity`` descending then ids: ``transcript_a``,
            ``transcript_b``, ``similarity``, ``path_a``, ``path_b``.

        References
        ----------
        Broder, A. (1997). On the resemblance and containment of documents. Compression
        and Complexity of Sequences, 21-29.
        """
        from sklearn.feature_extraction.text import CountVectorizer

        check_interval("threshold", threshold, low=0.0, high=1.0, caller="Corpus.duplicates")
        check_interval("shingle", shingle, low=1, caller="Corpus.duplicates", integer=True)
        cols = ["transcript_a", "transcript_b", "similarity", "path_a", "path_b"]
        docs = []
        for t in self.transcripts:
            norm = " ".join(u.text for u in t.turns).casefold()
            docs.append(re.sub(r"[\u2018\u2019\u201c\u201d\"'`]", "", norm))
        if len(docs) < 2:
            return pd.DataFrame(columns=cols)
        vec = CountVectorizer(ngram_range=(shingle, shingle), binary=True, token_pattern=r"(?u)\b\w+\b",
                              lowercase=False, dtype=np.int32)
        try:
            x = vec.fit_transform(docs)
        except ValueError:  # no document has enough words for one shingle
            return pd.DataFrame(columns=cols)
        sizes = np.asarray(x.sum(axis=1)).ravel()
        inter = (x @ x.T).tocoo()
        keep = inter.row < inter.col
        r, c, v = inter.row[keep], inter.col[keep], inter.data[keep]
        sim = v / np.maximum(sizes[r] + sizes[c] - v, 1)
        hit = sim >= threshold
        ts = self.transcripts
        rows = [(ts[i].id, ts[j].id, float(s), ts[i].path, ts[j].path) for i, j, s in zip(r[hit], c[hit], sim[hit])]
        out = pd.DataFrame(rows, columns=cols)
        return out.sort_values(["similarity", "transcript_a", "transcript_b"], ascending=[False, True, True],
                               ignore_index=True)


# ---------------------------------------------------------------------------------------
def as_turns(turns: TurnsLike, *, caller: str = "as_turns", columns: tuple[str, ...] = ("text",)) -> pd.DataFrame:
    """The turns DataFrame of a ``Corpus``, or the DataFrame itself, checked for ``columns``.

    Raises
    ------
    TypeError
        Neither a Corpus nor a DataFrame.
    ValueError
        A required column is missing.
    """
    if hasattr(turns, "turns") and callable(turns.turns):
        frame = turns.turns()
    elif isinstance(turns, pd.DataFrame):
        frame = turns
    else:
        raise TypeError(f"{caller}(): turns must be a Corpus or a pandas DataFrame; got {type(turns).__name__}.")
    check_columns(frame, columns, caller=caller)
    return frame



# ---------------------------------------------------------------------------------------
def load_corpus(
    path_or_paths: PathLike | Sequence[PathLike],
    format: str = "auto",
    metadata: PathLike | pd.DataFrame | bool | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    roles: Mapping[str, str] | None = None,
    on_error: str = "raise",
    progress: bool = False,
    cache: PathLike | bool | None = None,
) -> Corpus:
    """Read transcripts from files or directories.

    Parameters
    ----------
    path_or_paths : path or sequence of paths
        Files, or directories searched recursively for ``*.txt``, ``*.csv``, ``*.tsv``,
        ``*.jsonl`` (``metadata.csv`` and hidden files excepted).
    format : {"auto", "text", "plain", "csv", "jsonl"}, default="auto"
        ``"auto"`` reads ``.csv``/``.tsv`` as CSV, ``.jsonl``/``.ndjson`` as JSON Lines and
        everything else as text (labels detected). ``"plain"`` reads text with no speaker
        labels at all (speeches, monologues).
    metadata : path, DataFrame, bool or None, default=None
        Per-transcript facts keyed by a ``file`` column (path relative to the metadata
        file) or a ``transcript_id`` column; columns ``date``, ``title``, ``source``,
        ``kind``, ``url``, ``official`` override what the text says, other columns become
        document variables. None uses ``metadata.csv`` in the given directory if there is
        one; False uses none.
    columns : mapping, default=None
        For tabular input: field -> column name, e.g. ``{"text": "utterance"}``. Fields:
        ``transcript_id``, ``text``, ``speaker``, ``role``, ``outlet``, ``date``, ``title``,
        ``source``, ``kind``, ``url``.
    roles : mapping, default=None
        Speaker name (as written, or normalized) -> role, overriding the inferred role.
    on_error : {"raise", "collect"}, default="raise"
        On a file that cannot be read, raise, or skip it and record the message in
        ``Corpus.problems`` (and a warning): never silently.
    progress : bool, default=False
        Show a progress bar over files.
    cache : path, bool or None, default=None
        On-disk cache of parsed text files (Parquet, one entry per file keyed by its bytes,
        path, options and the parsers' source code; see :mod:`analysis.cache`): a folder,
        True for ``.cache``, False for none; None uses the folder in the ``ANALYSIS_CACHE``
        environment variable when it is set. A changed file is parsed again; the others
        are read back.

    Returns
    -------
    Corpus

    Raises
    ------
    CorpusError
        A path that does not exist (or a broken link, a pipe), a directory with no
        transcripts, bad metadata, an unreadable file.
    TranscriptFormatError
        A file that cannot be parsed (empty, binary, unknown encoding, no speech at all,
        bad CSV); the message names the file and line.

    Warns
    -----
    InputWarning
        Once per kind of repair that changed what was read (mojibake, bytes read in another
        encoding, NUL characters), for duplicate files, for metadata values that differ from
        the text (the metadata wins) and for metadata rows naming missing files;
        ``Corpus.notes()`` lists these and the quieter notes (HTML or front matter converted).
    """
    check_option("format", format, {"auto", "text", "plain", "csv", "jsonl"}, caller="load_corpus")
    check_option("on_error", on_error, {"raise", "collect"}, caller="load_corpus")
    if roles is not None:
        for who, role in roles.items():
            check_option(f"roles[{who!r}]", role, set(rl.ROLES), caller="load_corpus")
    files, meta_auto, corpus_notes = _collect_files(path_or_paths)
    meta = load_metadata(meta_auto if metadata is None else metadata)
    corpus_notes += meta.notes

    cache_root = None
    if cache not in (None, False) or (cache is None and os.environ.get("ANALYSIS_CACHE", "").strip()):
        from .cache import cache_dir, page_key, read_page, write_page

        cache_root = cache_dir(cache)
    pages: list[ParsedPage] = []
    tables: list[Transcript] = []
    problems: list[str] = []
    file_notes: dict[str, list[Note]] = {}
    iterator: Iterable[Path] = files
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(files, desc="reading transcripts", unit="file")
    for f in iterator:
        row = meta.lookup(f)
        try:
            fmt = format if format != "auto" else _TABLE_SUFFIX.get(f.suffix.lower(), "text")
            raw = f.read_bytes()
            key = None
            if cache_root is not None and fmt not in ("csv", "jsonl"):
                key = page_key(raw, str(f), fmt, (row or {}).get("official") or None)
                hit = read_page(key, cache=cache_root)
                if hit is not None:
                    file_notes[str(f)] = hit[1]
                    pages.append(hit[0])
                    continue
            decoded = decode(raw, str(f))
            text, enc = decoded.text, decoded.encoding
            if not text.strip(WS_CHARS):
                raise TranscriptFormatError(str(f), 1, "is empty (no text at all)")
            notes = [Note(k, m, str(f), ln) for k, ln, m in decoded.notes]
            if fmt in ("csv", "jsonl"):
                found = _table_transcripts(text, f, fmt, enc, columns, row)
                tables.extend(dataclasses.replace(t, notes=t.notes + tuple(notes)) for t in found)
            else:
                page = parse_text(text, path=str(f), encoding=enc,
                                  official=(row or {}).get("official") or None,
                                  detect_labels=(fmt != "plain"), markup="none" if fmt == "plain" else "auto")
                if not page.turns:
                    kinds = sorted({b.kind for b in page.boilerplate})
                    raise TranscriptFormatError(str(f), page.boilerplate[0].line if page.boilerplate else 1,
                                                f"has no speech, only {', '.join(kinds)} lines")
                notes += [Note(k, m, str(f), ln) for k, ln, m in page.notes]
                file_notes[str(f)] = notes
                pages.append(page)
                if key is not None:
                    write_page(key, page, notes, cache=cache_root)
        except (TranscriptFormatError, OSError) as exc:
            msg = str(exc) if not isinstance(exc, OSError) else f"{f}: cannot be read ({exc.strerror or exc})"
            if on_error == "raise":
                if isinstance(exc, OSError):
                    raise CorpusError(msg) from None
                raise
            problems.append(msg)
            warnings.warn(f"skipped {msg}", stacklevel=2)

    transcripts = [_build_transcript(group, meta, roles, file_notes) for group in _group_pages(pages)]
    transcripts += [_apply_roles_override(t, roles) for t in tables]
    transcripts = _unique_ids(transcripts)
    transcripts = _note_duplicates(transcripts)
    transcripts.sort(key=lambda t: (t.date or dt.date.max, t.id))
    if not transcripts and problems:
        raise CorpusError("no transcript could be read:\n" + "\n".join(problems))
    corpus = Corpus(transcripts, problems, corpus_notes)
    _warn_notes([*corpus_notes, *(n for t in transcripts for n in t.notes)])
    return corpus


def _count_words(text: str, known: dict[str, int] | None = None) -> int:
    """``analysis.text.count_words``, computed per distinct white-space-separated chunk.

    The token pattern never matches white space and its look-aheads see white space as
    they see the end of a text, so tokenizing each chunk alone gives the same tokens as
    tokenizing the whole text (the test suite checks the equality). ``known`` caches the
    number of words per chunk across calls of one caller.
    """
    known = {} if known is None else known
    n = 0
    for chunk in text.split():
        k = known.get(chunk)
        if k is None:
            k = sum(1 for t in tokenize(chunk) if is_word(t))
            if len(known) < CHUNK_MEMO_LIMIT:
                known[chunk] = k
        n += k
    return n


def _warn_notes(notes: Sequence[Note]) -> None:
    """One InputWarning per kind of note worth a user's attention, naming where."""
    by_kind: dict[str, list[Note]] = defaultdict(list)
    for n in notes:
        if n.kind in WARN_KINDS:
            by_kind[n.kind].append(n)
    for kind, ns in by_kind.items():
        shown = "; ".join(str(n) for n in ns[:3])
        more = f"; and {len(ns) - 3} more" if len(ns) > 3 else ""
        warnings.warn(f"{len(ns)} note(s) of kind {kind!r} (see Corpus.notes()): {shown}{more}", InputWarning,
                      stacklevel=3)


def _content_key(t: Transcript) -> str:
    h = hashlib.sha1()
    for u in t.turns:
        h.update(u.speaker_key.encode("utf-8", "surrogatepass") + b"\x1f" + u.text.encode("utf-8", "surrogatepass")
                 + b"\x1e")
    return h.hexdigest()


def _note_duplicates(transcripts: list[Transcript]) -> list[Transcript]:
    """Transcripts with exactly the same speakers and speech get a ``duplicate`` note."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(transcripts):
        if any(u.text for u in t.turns):
            groups[_content_key(t)].append(i)
    out = list(transcripts)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        for i in idx:
            others = ", ".join(transcripts[j].path for j in idx if j != i)
            note = Note("duplicate", f"has the same speech as {others} (see Corpus.duplicates())", out[i].path, None)
            out[i] = dataclasses.replace(out[i], notes=out[i].notes + (note,))
    return out


def _collect_files(path_or_paths) -> tuple[list[Path], Path | None, list[Note]]:
    if isinstance(path_or_paths, (str, Path)) or hasattr(path_or_paths, "__fspath__"):
        items = [Path(path_or_paths)]
    else:
        items = [Path(p) for p in path_or_paths]
    if not items:
        raise CorpusError("load_corpus(): no paths given")
    files: list[Path] = []
    notes: list[Note] = []
    meta_auto = None
    for p in items:
        if not p.exists():
            if p.is_symlink():
                raise CorpusError(f"{p}: is a broken symbolic link (its target does not exist)")
            raise CorpusError(f"{p}: no such file or directory")
        if p.is_dir():
            if (p / _METADATA_NAME).is_file() and meta_auto is None:
                meta_auto = p / _METADATA_NAME
            found = sorted(
                f for f in p.rglob("*")
                if f.is_file() and f.suffix.lower() in TRANSCRIPT_SUFFIXES and f.name != _METADATA_NAME
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                raise CorpusError(
                    f"{p}: no transcripts found (looked for files ending in {', '.join(TRANSCRIPT_SUFFIXES)})")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise CorpusError(f"{p}: is not a regular file or directory (a device, pipe or socket?)")
    unique: list[Path] = []
    seen: dict[Path, Path] = {}
    for f in files:
        real = f.resolve()
        if real in seen:  # the same file reached twice (a symbolic link, or given twice)
            notes.append(Note("duplicate", f"is the same file as {seen[real]} (a link or repeated path); read once",
                              str(f), None))
            continue
        seen[real] = f
        unique.append(f)
    return unique, meta_auto, notes


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


def _build_transcript(group: list[ParsedPage], meta: Metadata, roles,
                      file_notes: Mapping[str, list[Note]] | None = None) -> Transcript:
    first = group[0]
    row = meta.lookup(Path(first.path)) or {}
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
    tid = row.get("transcript_id") or Path(first.path).stem
    _assign_roles(drafts, official)
    turns = _finalize_turns(tid, drafts, roles)
    title = row.get("title") or first.title
    notes += _conflicts(first, row, meta.name)
    extra = {**first.extra, **{k: v for k, v in row.items() if k not in (*_META_FIELDS, "file", "transcript_id")
                               and k and not k.startswith("_")}}
    return Transcript(
        id=tid, title=title, date=row.get("date") or first.date,
        source=row.get("source") or first.source, url=row.get("url") or first.url,
        kind=row.get("kind") or first.kind or (hd.kind_from_title(title) if title else "transcript"),
        pages=tuple(p.path for p in group), turns=tuple(turns), boilerplate=tuple(boiler),
        format=first.format, encoding=first.encoding, extra=extra, notes=tuple(notes),
    )


_DATE_KINDS = ("source_date", "date", "header", "title", "front_matter")


def _conflicts(page: ParsedPage, row: Mapping, meta_name: str) -> list[Note]:
    """Notes for metadata values that differ from what the text says (metadata wins)."""
    out = []
    where = f"{meta_name}, line {row.get('_line')}" if row.get("_line") else "the metadata"
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


_MODERATOR_LABEL = re.compile(r"\b(?:moderator|host|chair(?:man|woman|person)?|presenter|mc)\b", re.I)


def _asks(text: str) -> bool:
    """A turn that is a question: it ends with "?" or opens like a reporter's question."""
    return text.rstrip(" \"'\u201d\u2019)").endswith("?") or rl.looks_like_question(text)


def _assign_roles(drafts: list[TurnDraft], official: str | None = None) -> None:
    """Roles for named speakers.

    Moderator by label or moderator cues; questioner if most of the speaker's turns are
    questions and another named speaker mostly answers (the official named in the title or
    metadata never is); official otherwise.
    """
    by_speaker: dict[str, list[TurnDraft]] = defaultdict(list)
    for d in drafts:
        if d.role is None:
            by_speaker[rl.speaker_key(d.speaker)].append(d)
    texts_of = {k: [" ".join(p.speech for p in d.paragraphs) for d in ds] for k, ds in by_speaker.items()}
    moderators = set()
    for key, ds in by_speaker.items():
        texts = texts_of[key]
        mean_words = sum(_count_words(t) for t in texts) / len(texts)
        if (_MODERATOR_LABEL.search(ds[0].label) or rl.is_moderator_label(ds[0].label)
                or (rl.moderator_score(texts) >= 0.5 and mean_words < 150)):
            moderators.add(key)
    official_key = rl.speaker_key(official) if official else None
    ask_share = {k: sum(map(_asks, texts_of[k])) / len(texts_of[k]) for k in by_speaker if k not in moderators}
    answerers = [k for k, share in ask_share.items() if share < 0.5]
    answered_by_others = bool(answerers) or any(d.role == "official" for d in drafts)
    for key, ds in by_speaker.items():
        if key in moderators:
            role = "moderator"
        elif ask_share[key] >= 0.5 and key != official_key and answered_by_others:
            role = "questioner"
        else:
            role = "official"
        for d in ds:
            d.role = role
    for d in drafts:
        if d.role is None:  # continuation at the start of a transcript's first page
            d.role, d.speaker = "unknown", d.speaker or "Unknown speaker"
        if d.role == "questioner" and d.outlet is None:
            d.outlet = rl.outlet_in_question(" ".join(p.speech for p in d.paragraphs))


def _finalize_turns(tid: str, drafts: list[TurnDraft], roles) -> list[Turn]:
    turns: list[Turn] = []
    last_q: int | None = None
    answered = False
    override = {rl.speaker_key(k): v for k, v in (roles or {}).items()}
    for i, d in enumerate(drafts):
        key = rl.speaker_key(d.speaker)
        role = override.get(key, d.role or "unknown")
        answers = None
        if role == "questioner":
            last_q, answered = i, False
        elif role == "official":
            if last_q is not None:
                answers, answered = last_q, True
        elif role == "moderator" and answered:
            last_q = None
        turns.append(Turn(tid, i, d.speaker, key, role, d.label, d.outlet, tuple(d.paragraphs), answers))
    return turns


def _apply_roles_override(t: Transcript, roles) -> Transcript:
    if not roles:
        return t
    drafts = [TurnDraft(u.label, u.speaker, u.role, u.outlet, list(u.paragraphs)) for u in t.turns]
    return dataclasses.replace(t, turns=tuple(_finalize_turns(t.id, drafts, roles)))


def _table_transcripts(text: str, f: Path, fmt: str, enc: str, columns, row) -> list[Transcript]:
    rows = read_table_rows(text, path=str(f), fmt=fmt, columns=columns)
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
        _assign_roles(drafts, (row or {}).get("official") or None)
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
            pages=(str(f),), turns=tuple(_finalize_turns(tid, drafts, None)), boilerplate=(),
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
