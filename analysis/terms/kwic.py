"""Keyword in context: every occurrence of a word, phrase or wildcard pattern with the words
around it and the place in the source file it comes from.

Source lines come from the corpus model: every paragraph keeps its file and line
(:class:`analysis.model.Paragraph`), and a turn's text is its paragraphs' speech joined by
blank lines, so an offset in the text falls in one paragraph. Counting line breaks in the
text instead is wrong wherever the text and the file differ in lines: a label alone on its
line before the speech, a paragraph that is only a stage direction, several blank lines
between paragraphs, a paragraph wrapped over several lines.
"""

from __future__ import annotations

import bisect
import difflib
import html
import itertools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Unpack

import numpy as np
import pandas as pd

from .._validation import check_interval, check_type
from ..errors import TranscriptFormatError
from ..loader import _TABLE_SUFFIX
from ..parsers.decode import read_text
from ..parsers.text import parse_text
from ..text import CLITICS, is_word, normalize_token, tokenize
from ..turns import as_turns
from ..types import TurnsLike
from ..token_options import TokenOptions, TokenShorthands, token_options
from ._base import _WILDCARD, Pattern, as_patterns, find_matches, word_view

__all__ = ["kwic", "kwic_html"]

KWIC_COLUMNS = ["pattern", "transcript_id", "date", "speaker", "role", "turn_index", "path", "line",
                "left", "match", "right", "start", "end"]
_META = ("transcript_id", "date", "speaker", "role", "turn_index", "path")


@dataclass(frozen=True)
class _WordSpans:
    """The word tokens of every row, from the text layer (:mod:`analysis.tokens`): the words
    of row ``r`` are ``offset[r]:offset[r + 1]``, in the order of the layer's word views (the
    tokens every count in :mod:`analysis.terms` uses); ``start``/``end`` are each word's
    character offsets in its row's text."""

    start: np.ndarray
    end: np.ndarray
    offset: np.ndarray


def _word_spans(texts: list[str]) -> _WordSpans:
    """:class:`_WordSpans` of ``texts``, read off their token table (built once per content
    and shared): the spans of the tokens that are words, no text tokenized again."""
    from ..tokens import token_table

    table = token_table(texts)
    if not len(table.tid):
        return _WordSpans(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(len(texts) + 1, np.int64))
    words = table.type_is_word[table.tid]
    offset = np.zeros(table.n_texts + 1, dtype=np.int64)
    np.cumsum(np.bincount(table.text[words], minlength=table.n_texts), out=offset[1:])
    return _WordSpans(table.start[words].astype(np.int64), table.end[words].astype(np.int64), offset)


# ------------------------------------------------------------------------------- clitics
#: Apostrophes a clitic may be written with (straight, right single quotation mark), as the tokenizer.
_APOSTROPHES = "'\u2019"


def _clitics(pattern: str, *, lowercase: bool) -> tuple[tuple[re.Pattern, str] | None, ...]:
    """Per word of a compiled pattern (as :func:`analysis.terms._base.compile_pattern` splits
    it), the clitic the pattern writes right after it (``'s``, ``n't``, ``'re``...): a regex
    matching it at a position of the text with either apostrophe, and the clitic as the word
    streams write it; None where there is none.

    The word streams drop clitics ("China's" is the word "china"), so ``"china's"`` compiles
    to the word "china"; this says that the text must have "'s" right after it.

    >>> [c is not None for c in _clitics("china's internal affairs", lowercase=True)]
    [True, False, False]
    >>> rx, written = _clitics("don’t", lowercase=True)[0]
    >>> bool(rx.match("don't", 2)), bool(rx.match("DON’T", 2)), rx.match("do", 2), written
    (True, True, None, "n't")
    """
    out: list[tuple[re.Pattern, str] | None] = []
    for piece in pattern.split():
        if _WILDCARD.search(piece):
            out.append(None)
            continue
        for tok in tokenize(piece):
            if is_word(tok):
                out.append(None)
                continue
            written = normalize_token(tok, lowercase=lowercase)
            if written.lower() in CLITICS and out and out[-1] is None:
                rx = "".join(f"[{_APOSTROPHES}]" if ch == "'" else re.escape(ch) for ch in written) + r"(?!\w)"
                out[-1] = (re.compile(rx, re.IGNORECASE if lowercase else 0), written)
    return tuple(out)


def _variants(pattern: Pattern, clitics: tuple, *, lemmas: bool) -> list[tuple[Pattern, tuple]]:
    """The ways the word streams hold a pattern with clitics, each with the clitic checks
    left for the text: the word with its clitic checked right after it; and the word and
    clitic as one token, as the tokenizer keeps them in capitals ("CHINA'S", "DON'T")."""
    at = [e for e, c in enumerate(clitics) if c is not None]
    if not at:
        return [(pattern, clitics)]
    out = []
    for fuse in itertools.product((False, True), repeat=len(at)):
        if any(fuse) and (lemmas or any(not isinstance(pattern.elements[e], str) for e in at)):
            continue
        elements, checks = list(pattern.elements), list(clitics)
        for e, fused in zip(at, fuse):
            if fused:
                elements[e] = f"{elements[e]}{clitics[e][1]}"
                checks[e] = None
        out.append((Pattern(pattern.text, tuple(elements)), tuple(checks)))
    return out


# --------------------------------------------------------------------------- source lines
#: Suffixes load_corpus reads as tables: one turn per record, the record's line is the turn's line.
_TABLE_SUFFIXES = tuple(_TABLE_SUFFIX)


@dataclass(frozen=True)
class _Piece:
    """One paragraph of a row's text: where it starts in the text, its speech, and where its
    raw text is in the source (``path``, ``line`` of its first line)."""

    offset: int
    speech: str
    raw: str
    path: str
    line: int


@lru_cache(maxsize=512)
def _page_paragraphs(path: str, mtime_ns: int, size: int, labels: bool) -> tuple[tuple[int, str, str], ...]:
    """``(line, speech, raw)`` of every paragraph with speech in the file, in file order, as
    :func:`analysis.corpus.load_corpus` parses it (``labels=False``: ``format="plain"``).
    Cached by path, modification time and size; empty when the file cannot be read."""
    try:
        text, enc = read_text(path)
        page = parse_text(text, path=path, encoding=enc, detect_labels=labels,
                          markup="auto" if labels else "none")
    except (OSError, ValueError, TranscriptFormatError):
        return ()
    paras = [(p.line, p.speech, p.raw) for d in page.turns for p in d.paragraphs if p.speech]
    return tuple(sorted(paras, key=lambda x: x[0]))


@lru_cache(maxsize=64)
def _flat_source(path: str, mtime_ns: int, size: int) -> tuple[str, tuple[int, ...]] | None:
    """A file's text as :func:`analysis.corpus.load_corpus` decodes it, read as speech is
    made of it: each line stripped of the white space around it and its tabs made spaces, the
    lines joined by single spaces; and where each line starts in that text. Cached by path, modification time and
    size; None when the file cannot be read."""
    try:
        text, _ = read_text(path)
    except (OSError, ValueError, TranscriptFormatError):
        return None
    lines = [ln.strip().replace("\t", " ") for ln in text.split("\n")]  # a tab inside a line is a space of speech
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum([len(ln) + 1 for ln in lines[:-1]], out=starts[1:])
    return " ".join(lines), tuple(starts.tolist())


def _pieces_by_search(parts: list[str], path: str, st: os.stat_result, line: int) -> list[_Piece] | None:
    """The paragraphs of a row found in its file's text, without parsing it: each speech
    paragraph, in order from the start of line ``line``, where the file has it word for word
    with its lines stripped and joined by spaces (a label before it on its line, lines
    wrapped, spaces at their ends); the raw text of each piece is the paragraph with a line
    break where the file breaks it. None as soon as one is not found (a stage direction
    inside it, characters the reader changed, a turn going on in the next file)."""
    src = _flat_source(path, st.st_mtime_ns, st.st_size)
    if src is None or not 1 <= line <= len(src[1]):
        return None
    flat, starts = src
    at, offset, out = starts[line - 1], 0, []
    for part in parts:
        pos = flat.find(part, at) if part else -1
        if pos < 0:
            return None
        first = bisect.bisect_right(starts, pos)  # the 1-based line where the paragraph starts
        last = bisect.bisect_right(starts, pos + len(part) - 1)
        raw = list(part)
        for k in range(first, last):  # the space that joined line k to line k + 1 was its line break
            raw[starts[k] - 1 - pos] = "\n"
        out.append(_Piece(offset, part, "".join(raw), path, first))
        at, offset = pos + len(part), offset + len(part) + 2
    return out


def _pieces_from_file(text: str, path, line) -> list[_Piece] | None:
    """The paragraphs of a row read back from its file: found in the file's text
    (:func:`_pieces_by_search`), else parsed as the corpus reader does: the speech paragraphs
    from ``line`` on whose speech equals the row's text split at blank lines (a prefix of
    them when the turn goes on in the next page's file). None when the file does not hold
    the row's text."""
    if not isinstance(path, str) or not path or line is None or pd.isna(line):
        return None
    if path.lower().endswith(_TABLE_SUFFIXES):
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    parts = text.split("\n\n")
    found = _pieces_by_search(parts, path, st, int(line))
    if found is not None:
        return found
    for labels in (True, False):
        paras = _page_paragraphs(path, st.st_mtime_ns, st.st_size, labels)
        j = bisect.bisect_left(paras, int(line), key=lambda x: x[0])
        out: list[_Piece] = []
        offset = 0
        for k, part in enumerate(parts):  # by index: a slice of paras would copy the file's rest per row
            if j + k >= len(paras) or paras[j + k][1] != part:
                break
            para = paras[j + k]
            out.append(_Piece(offset, part, para[2], path, para[0]))
            offset += len(part) + 2
        if out:
            return out
    return None


def _pieces_from_corpus(corpus) -> list[list[_Piece]]:
    """The paragraphs of every turn of a Corpus, in the row order of ``Corpus.turns()``."""
    rows = []
    for t in corpus.transcripts:
        for u in t.turns:
            pieces, offset = [], 0
            for p in u.paragraphs:
                if p.speech:
                    path = t.pages[p.page] if p.page < len(t.pages) else ""
                    pieces.append(_Piece(offset, p.speech, p.raw, path, p.line))
                    offset += len(p.speech) + 2
            rows.append(pieces)
    return rows


def _line_in_raw(raw: str, speech: str, offset: int) -> int:
    """Line breaks in ``raw`` before the character that became ``speech[offset]``.

    Speech is the raw paragraph without its label and stage directions, its lines joined
    by spaces: when the speech is the raw text with its line breaks as spaces (the usual
    case: a label, wrapped lines), the character is found directly; otherwise the two are
    aligned by their longest common blocks (``difflib``), which the removed label and
    directions do not break, computed once per paragraph (:func:`_blocks`), not per match.
    """
    if "\n" not in raw:
        return 0
    at = _flat_position(raw, speech)
    if at >= 0:
        return raw.count("\n", 0, at + offset)
    for a, b, n in _blocks(speech, raw):
        if offset < a + n:
            at = b + max(offset - a, 0)
            return raw.count("\n", 0, at)
    return raw.count("\n")


@lru_cache(maxsize=256)
def _flat_position(raw: str, speech: str) -> int:
    """Where ``speech`` starts in ``raw`` read with its line breaks as spaces (-1: nowhere)."""
    return raw.replace("\n", " ").find(speech)


@lru_cache(maxsize=256)
def _blocks(speech: str, raw: str) -> list:
    """``difflib`` matching blocks of a paragraph's speech in its raw text (cached: every
    match in a long paragraph needs them)."""
    return difflib.SequenceMatcher(None, speech, raw, autojunk=False).get_matching_blocks()


def _source_of(pieces: list[_Piece] | None, text: str, start: int, path, line) -> tuple[object, object]:
    """``(path, line)`` of the character ``start`` of a row's text: through the paragraph it
    falls in when the row's paragraphs are known, else the row's line plus the line breaks
    before it."""
    if pieces:
        piece = pieces[bisect.bisect_right(pieces, start, key=lambda p: p.offset) - 1]
        if start < piece.offset + len(piece.speech):
            return piece.path, piece.line + _line_in_raw(piece.raw, piece.speech, start - piece.offset)
    if line is None or pd.isna(line):
        return path, None
    return path, int(line) + text.count("\n", 0, start)


def _squash(s: str) -> str:
    return " ".join(s.split())


def kwic(
    turns: TurnsLike,
    pattern: str | Sequence[str],
    *,
    window: int = 5,
    tokens: TokenOptions | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """Keyword-in-context lines: each match with ``window`` words either side and its source.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Turns (``Corpus.turns()``), paragraphs (``Corpus.paragraphs()``, for exact source
        lines) or any frame with ``text``. ``transcript_id``, ``date``, ``speaker``,
        ``role``, ``turn_index``, ``path`` and ``line`` are copied when present.
    pattern : str or sequence of str
        A word (``"sovereignty"``), a phrase (``"internal affairs"``) or a pattern with
        shell wildcards per word (``"firm*"``, ``"hong kong*"``, ``"?PRK"``); several patterns
        give one table. A word written with a clitic (``"china's"``, ``"don't"``, ``"china's
        internal affairs"``) matches that word followed by that clitic (with a straight or a
        curly apostrophe), never the bare word; ``"china"`` matches "China" in "China's" too.
    window : int, default=5
        Words of context on each side (the context keeps its punctuation and stays within
        the turn).
    tokens : TokenOptions, optional
        How words are matched (:class:`analysis.token_options.TokenOptions`): its
        ``lowercase`` (default True: case-insensitive) and ``lemmas`` (default False; True:
        ``"firm"`` also finds "firms"). Every word can be matched (``stop_words`` is not
        used); ``ngram_range`` must be (1, 1) and ``phrases`` None.
    **shorthands
        ``lowercase=``, ``lemmas=``: each one given replaces that field of ``tokens``
        (``lemmas=True`` is ``tokens=TokenOptions(lemmas=True)``;
        :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        One row per match, in the row order of ``turns`` then by position (then pattern).
        Columns: ``pattern``, ``transcript_id``, ``date``, ``speaker``, ``role``,
        ``turn_index``, ``path`` and ``line`` (file and 1-based line where the match
        starts, see Notes), ``left``, ``match`` (as written),
        ``right`` (white space squeezed), ``start``, ``end`` (character offsets of the
        match in the row's text). Missing metadata columns are filled with None.

    Raises
    ------
    ValueError
        A pattern with no word, ``window < 0``.

    See Also
    --------
    kwic_html : an escaped HTML table for notebooks. term_trends : counts that equal the
    number of lines here.

    Notes
    -----
    Matching runs on the cached word streams of :func:`analysis.text.tokenize_texts`, the
    same tokens every count in :mod:`analysis.terms` uses, so a count and its KWIC lines
    agree. Matches of one pattern do not overlap.

    The source line is the line of the paragraph the match falls in (a turn's text is its
    paragraphs' speech joined by blank lines) plus the line breaks before the match inside
    that paragraph's raw text: exact whatever the file has between and around the speech
    (a label alone on its line, stage directions, wrapped lines). From a ``Corpus`` the
    paragraphs come from the corpus model (and a turn running over two page files gets the
    file of each match); from a frame they are read back from the file at ``path``, parsed
    as :func:`analysis.corpus.load_corpus` does, starting at ``line``. Where that is not
    possible (tabular files, a file that moved or changed, a frame without ``path``) the
    line is the row's ``line`` plus the line breaks in the text before the match.

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["Lu Kang"], "text": ["We oppose interference in China's internal affairs."]})
    >>> kwic(turns, "internal affairs", window=2)[["left", "match", "right"]].values.tolist()
    [["in China's", 'internal affairs', '.']]
    >>> kwic(turns, "interfer*")["match"].tolist()
    ['interference']
    """
    caller = "kwic"
    check_interval("window", window, low=0, caller=caller, integer=True)
    opts = token_options(tokens, caller=caller, uses=("lowercase", "lemmas"), **shorthands)
    lowercase, lemmas = opts.lowercase, opts.lemmas
    frame = as_turns(turns, caller=caller)
    patterns = as_patterns(pattern, opts, caller=caller)
    if frame.empty:
        return pd.DataFrame(columns=KWIC_COLUMNS)
    known = _pieces_from_corpus(turns) if frame is not turns and hasattr(turns, "transcripts") else None
    docs = word_view(frame, opts, caller=caller)
    texts = frame["text"].fillna("").astype(str).tolist()
    spans = _word_spans(texts)
    n_words = np.diff(spans.offset)
    meta = {c: (frame[c].to_numpy() if c in frame.columns else None) for c in (*_META, "line")}
    pieces_cache: dict[int, list[_Piece] | None] = {}
    records = []
    for k, p in enumerate(patterns):
        variants = _variants(p, _clitics(p.text, lowercase=lowercase), lemmas=lemmas)
        for v, (variant, clitics) in enumerate(variants):
            m = find_matches(docs, variant)
            if not len(m):
                continue
            row, i, n = m[:, 0], m[:, 1], m[:, 2]
            first = spans.offset[row] + i  # the match's first word in the whole layer
            start, end = spans.start[first], spans.end[first + n - 1]
            # the whole text before/after when the window reaches the turn's edge
            lo = np.where(i - window > 0, spans.start[np.maximum(first - window, 0)], 0) if window else start
            last = i + n - 1 + window
            hi = (np.where(last < n_words[row] - 1, spans.end[np.minimum(first + n - 1 + window, len(spans.end) - 1)],
                           -1) if window else end)
            for r, a, b, e0, lo_r, hi_r in zip(row.tolist(), start.tolist(), end.tolist(), first.tolist(),
                                               np.broadcast_to(lo, row.shape).tolist(),
                                               np.broadcast_to(hi, row.shape).tolist()):
                text = texts[r]
                if any(clitics):  # "china's": the word with its clitic, never the bare word
                    after = [c[0].match(text, int(spans.end[e0 + e])) if c is not None else True
                             for e, c in enumerate(clitics)]
                    if not all(after):
                        continue
                    if clitics[-1] is not None:
                        b = after[-1].end()
                        if not window:
                            hi_r = b
                if hi_r < 0:
                    hi_r = len(text)
                path = meta["path"][r] if meta["path"] is not None else None
                line = meta["line"][r] if meta["line"] is not None else None
                if r not in pieces_cache:
                    pieces_cache[r] = known[r] if known is not None else _pieces_from_file(text, path, line)
                path, line = _source_of(pieces_cache[r], text, a, path, line)
                records.append((
                    r, a, k, p.text, *(meta[c][r] if meta[c] is not None else None for c in _META[:-1]),
                    path, line, _squash(text[lo_r:a]), text[a:b], _squash(text[b:hi_r]), a, b,
                ))
    out = pd.DataFrame.from_records(records, columns=["_row", "_start", "_k", *KWIC_COLUMNS[:-2], "start", "end"])
    out = out.sort_values(["_row", "_start", "_k"], ignore_index=True)
    if "date" in frame.columns and len(out):
        out["date"] = pd.to_datetime(out["date"])
    for c in ("line", "start", "end"):
        if len(out) and out[c].notna().all():
            out[c] = out[c].astype(np.int64)
    return out[KWIC_COLUMNS]


def kwic_html(
    lines: pd.DataFrame,
    *,
    max_rows: int = 50,
    source: Sequence[str] = ("transcript_id", "speaker", "line"),
) -> str:
    """Render :func:`kwic` lines as an HTML table, every piece of text escaped.

    Parameters
    ----------
    lines : pandas.DataFrame
        From :func:`kwic` (needs ``left``, ``match``, ``right``).
    max_rows : int, default=50
        Show at most this many lines (a last row says how many more there are).
    source : sequence of str, default=("transcript_id", "speaker", "line")
        Columns shown before the context, when present.

    Returns
    -------
    str
        ``<table class="kwic">...</table>``; show it in Jupyter with
        ``IPython.display.HTML(kwic_html(lines))``.

    Examples
    --------
    >>> lines = pd.DataFrame({"left": ["a <b>"], "match": ["x & y"], "right": ["</table>"]})
    >>> out = kwic_html(lines)
    >>> "a &lt;b&gt;" in out, "x &amp; y" in out, "a <b>" in out
    (True, True, False)
    """
    check_type("lines", lines, pd.DataFrame, caller="kwic_html")
    check_interval("max_rows", max_rows, low=1, caller="kwic_html", integer=True)
    meta = [c for c in source if c in lines.columns]
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in meta)
    rows = []
    for _, r in lines.head(max_rows).iterrows():
        cells = "".join(f"<td>{esc('' if pd.isna(r[c]) else str(r[c]))}</td>" for c in meta)
        rows.append(f"<tr>{cells}<td style=\"text-align:right\">{esc(str(r['left']))}</td>"
                    f"<td style=\"text-align:center\"><b>{esc(str(r['match']))}</b></td>"
                    f"<td style=\"text-align:left\">{esc(str(r['right']))}</td></tr>")
    more = len(lines) - max_rows
    if more > 0:
        rows.append(f"<tr><td colspan=\"{len(meta) + 3}\">\u2026 {more:,} more lines</td></tr>")
    return (f"<table class=\"kwic\"><thead><tr>{head}<th>left</th><th>match</th><th>right</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")
