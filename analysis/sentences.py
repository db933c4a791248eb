"""The sentence layer of the text layer: the sentence spans of many texts, found once.

Sentences are :func:`analysis.text.sentence_spans` (NLTK's Punkt with the project's
abbreviations; a paragraph break always ends a sentence). Punkt is the slowest step of
reading a text, and the phrase miner, the stock-answer finder, the readability measures and
the device detectors all need the same sentences, so they are found once per corpus content
and shared: kept in memory, built on every core for a large corpus, and cached on disk run by
run like the token table (:func:`analysis.tokens.layer`).

The spans are Punkt's, found for many texts at once over arrays of character classes, with
Punkt itself deciding only the candidates no simple rule settles (:func:`punkt_spans`; equal
to :func:`analysis.text.sentence_spans` text by text, in about a quarter of its time).

A text's sentences depend on that text alone, so the layer is built on the distinct texts in
one order fixed by their content (sorted by a hash of each text), and the table of the texts
as asked is taken from it, text by text, with array indexing. The same texts in another order
(turns sorted by date), or with a text repeated, share one build, one memo entry and the same
cache entries.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ._memo import Memo
from .tokens import _frozen, layer

__all__ = ["SentenceTable", "sentence_table", "sentence_spans_table"]

#: Tables of distinct texts in content order, and of texts as asked (two per corpus: its turns
#: as read and sorted by date).
_MEMO: Memo[SentenceTable] = Memo(size=8)


@dataclass(frozen=True, eq=False)
class SentenceTable:
    """Sentence spans of many texts, as arrays (read-only).

    Per sentence, in text order: ``text`` (index of its text), ``start`` and ``end``
    (character offsets in that text). ``text_end[t]`` is one past the last sentence of text
    ``t``.
    """

    text: np.ndarray
    start: np.ndarray
    end: np.ndarray
    text_end: np.ndarray

    @property
    def n_texts(self) -> int:
        return int(len(self.text_end))

    def spans(self, t: int) -> list[tuple[int, int]]:
        """The sentence spans of text ``t``, as :func:`analysis.text.sentence_spans` gives them."""
        a = int(self.text_end[t - 1]) if t else 0
        b = int(self.text_end[t])
        return list(zip(self.start[a:b].tolist(), self.end[a:b].tolist()))

    def as_tuples(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """The sentence spans of every text (a tuple of ``(start, end)`` tuples per text; made
        once and kept)."""
        return self._tuples

    @cached_property
    def _tuples(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        pairs = list(zip(self.start.tolist(), self.end.tolist()))
        bounds = [0, *self.text_end.tolist()]
        return tuple(tuple(pairs[bounds[i]:bounds[i + 1]]) for i in range(self.n_texts))


def _table(text: np.ndarray, start: np.ndarray, end: np.ndarray, n_texts: int) -> SentenceTable:
    text_end = np.cumsum(np.bincount(text, minlength=n_texts)) if len(text) else np.zeros(n_texts, dtype=np.int64)
    return SentenceTable(*(_frozen(a.astype(np.int64)) for a in (text, start, end, text_end)))


def _build(texts: list[str]) -> SentenceTable:
    """The table of ``texts`` in this process (:func:`punkt_spans`)."""
    from .text import _default_punkt, sentence_spans

    splitter = _default_punkt()
    if not _fast_splitter(splitter):  # pragma: no cover - guards a change of NLTK's Punkt
        return _build_each(texts, sentence_spans)
    return _table(*punkt_spans(texts, splitter), len(texts))


def _build_each(texts: list[str], spans_of) -> SentenceTable:
    """The table of ``texts`` from ``spans_of(text)`` (a list of spans) called on each text."""
    per_text = [spans_of(t) for t in texts]
    counts = np.fromiter(map(len, per_text), dtype=np.int64, count=len(per_text))
    flat = np.array([x for spans in per_text for pair in spans for x in pair], dtype=np.int64).reshape(-1, 2)
    text = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    return _table(text, flat[:, 0], flat[:, 1], len(texts))


# --------------------------------------------------------------------------- Punkt over arrays
#: Paragraphs as :func:`analysis.text.sentence_spans` finds them (a blank line ends one).
_PARAGRAPH_RE = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
#: Bits of :data:`_CLASS`: white space (``str.isspace``, which is the regular expressions'
#: ``\s``), ASCII white space (``string.whitespace``, what Punkt searches for the word before
#: a candidate), a sentence end (``.?!``), the punctuation Punkt's period context accepts
#: after one (and whose tokens end before it), an ASCII letter, a closing mark that opens
#: a realignment, the full stop, an ASCII digit and an ASCII capital.
_SPACE, _ASCII_SPACE, _END, _NONWORD, _LETTER, _QUOTE, _PERIOD, _DIGIT, _UPPER = (1 << i for i in range(9))
_CLASS_CHARS = ((_ASCII_SPACE, " \t\n\r\x0b\x0c"), (_END, ".?!"), (_NONWORD, ")\";}]*:@'({[?!"),
                (_LETTER, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), (_QUOTE, "\"')]}"), (_PERIOD, "."),
                (_DIGIT, "0123456789"), (_UPPER, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def _class_table() -> np.ndarray:
    """``_CLASS[c]``: the bits of code point ``c`` (every white space character is below 0x3001)."""
    table = np.array([_SPACE if chr(c).isspace() else 0 for c in range(0x3002)], dtype=np.uint16)
    for bit, chars in _CLASS_CHARS:
        for ch in chars:
            table[ord(ch)] |= bit
    table.flags.writeable = False
    return table


_CLASS = _class_table()
def _fast_splitter(splitter) -> bool:
    """Whether :func:`punkt_spans` stands for ``splitter``: its language variables are NLTK's
    English ones (``PunktLanguageVars`` itself, whose period context and realignment
    expressions the character classes above follow)."""
    from nltk.tokenize.punkt import PunktLanguageVars

    lang = splitter._lang_vars
    return (type(lang) is PunktLanguageVars and tuple(lang.sent_end_chars) == (".", "?", "!")
            and lang.re_boundary_realignment.pattern == r'["\')\]}]+?(?:\s+|(?=--)|$)')


def _next_at(at: np.ndarray, x: np.ndarray, default: int) -> np.ndarray:
    """The first of the sorted positions ``at`` at or after each ``x`` (``default`` when none)."""
    if not len(at):
        return np.full(len(x), default, dtype=np.int64)
    i = np.searchsorted(at, x)
    return np.where(i < len(at), at[np.minimum(i, len(at) - 1)], default)


def _prev_at(at: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The last of the sorted positions ``at`` before each ``x`` (-1 when none)."""
    if not len(at):
        return np.full(len(x), -1, dtype=np.int64)
    i = np.searchsorted(at, x) - 1
    return np.where(i >= 0, at[np.maximum(i, 0)], -1)


def punkt_spans(texts: list[str], splitter) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sentences of ``texts`` as ``(text, start, end)`` arrays: the spans of
    :func:`analysis.text.sentence_spans` with ``splitter``, found for all texts at once (a
    text with a Han character is split by ``sentence_spans`` itself: its Chinese paragraphs
    end at 。！？).

    The texts are joined by blank lines (a paragraph never crosses one) and each step of
    NLTK's ``span_tokenize`` is done over arrays of character classes: the candidates (a
    sentence end followed by punctuation, or by white space and a token, inside its
    paragraph), the word before each (from the last ASCII white space since the previous
    candidate, or the previous candidate's word when there is none), which candidates are
    read (those whose word does not overlap the next candidate's), the slices and their
    realignment over closing quotes and brackets. Punkt decides a candidate from its context
    alone; ``?`` and ``!`` always end a sentence (a token of their own, annotated as a break
    in the first pass and never changed by the second), and so does ``.`` after a word of two
    or more ASCII letters that is no abbreviation when the splitter has no collocations (a
    break in the first pass that no heuristic of the second pass revisits); every other
    context goes to ``splitter.text_contains_sentbreak``. Equal to ``sentence_spans`` on
    every text (tested on the corpora and on random texts made of the characters the rules
    read).
    """
    sep = "\n\n"
    joined = sep.join(texts)
    text_start = np.zeros(len(texts), dtype=np.int64)
    np.cumsum(np.fromiter((len(t) + len(sep) for t in texts[:-1]), dtype=np.int64, count=max(len(texts) - 1, 0)),
              out=text_start[1:])
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    han = _han_texts(points, text_start)
    if len(han):
        return _with_han(texts, han, splitter)
    paras = np.array([m.span() for m in _PARAGRAPH_RE.finditer(joined)], dtype=np.int64).reshape(-1, 2)
    if not len(paras):
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    cls = _CLASS.take(points, mode="clip")  # one lookup of every character (beyond the table: its last)
    del points
    cand = _candidates(cls, paras)
    brk = _decide(joined, cls, cand, splitter)
    begin, end = _slices(joined, cls, paras, cand, brk, splitter)
    tix = np.searchsorted(text_start, begin, side="right") - 1
    return tix, begin - text_start[tix], end - text_start[tix]


def _han_texts(points: np.ndarray, text_start: np.ndarray) -> np.ndarray:
    """The texts (starting at ``text_start`` in the code points ``points``) holding a Han
    character (:data:`analysis.text._HAN_CLASS`)."""
    from .text import _HAN_CLASS

    if not len(points) or int(points.max()) < min(map(ord, _HAN_CLASS[0::3])):
        return np.zeros(0, dtype=np.int64)
    han = np.zeros(len(points), dtype=bool)
    for i in range(0, len(_HAN_CLASS), 3):  # ranges "a-b"
        han |= (points >= ord(_HAN_CLASS[i])) & (points <= ord(_HAN_CLASS[i + 2]))
    return np.unique(np.searchsorted(text_start, np.flatnonzero(han), side="right") - 1)


def _with_han(texts: list[str], han: np.ndarray, splitter) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`punkt_spans` of ``texts`` when the texts ``han`` hold a Han character."""
    from .text import sentence_spans

    rest = np.setdiff1d(np.arange(len(texts)), han)
    text, start, end = punkt_spans([texts[i] for i in rest.tolist()], splitter)
    zh = _build_each([texts[i] for i in han.tolist()], lambda t: sentence_spans(t, splitter=splitter))
    text = np.concatenate([rest[text], han[zh.text]])
    order = np.argsort(text, kind="stable")
    return text[order], np.concatenate([start, zh.start])[order], np.concatenate([end, zh.end])[order]


def _space_runs(space_at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last position of each run of consecutive white space positions."""
    if not len(space_at):
        return space_at, space_at
    cut = np.flatnonzero(np.diff(space_at) != 1)
    return space_at[np.concatenate([[0], cut + 1])], space_at[np.concatenate([cut, [len(space_at) - 1]])]


def _candidates(cls: np.ndarray, paras: np.ndarray) -> dict[str, np.ndarray]:
    """Punkt's candidates (the matches of its period context) and what is read of each: its
    position ``s``, paragraph ``pid``, the start of the word before it ``word``, the end of
    its context ``ctx_end``, where a sentence it ends is followed ``next``, and whether it is
    read (``read``: Punkt drops a candidate whose word overlaps the next one's)."""
    n = len(cls)
    ps, pe = paras[:, 0], paras[:, 1]
    marks = np.flatnonzero(cls & (_SPACE | _END))  # the one pass over every character
    mark = cls[marks]
    space_at = marks[(mark & _SPACE) != 0]
    run_first, run_last = _space_runs(space_at)
    s = marks[(mark & _END) != 0]
    pid = np.searchsorted(ps, s, side="right") - 1
    pend = pe[pid]
    nxt = np.minimum(s + 1, n - 1)
    inside = s + 1 < pend
    punct = inside & ((cls[nxt] & _NONWORD) != 0)
    # white space, then a token inside the paragraph: the token starts after the run of spaces
    space = (cls[nxt] & _SPACE) != 0
    q = np.where(space, _next_at(run_last, nxt, n - 1) + 1, nxt)
    spaced = inside & ~punct & space & (q < pend)
    keep = punct | spaced
    s, pid, spaced, q = s[keep], pid[keep], spaced[keep], q[keep]
    ctx_end = np.where(spaced, _next_at(space_at, q, n), s + 2)
    nxt_start = np.where(spaced, q, s + 1)
    first = np.ones(len(s), dtype=bool)
    first[1:] = pid[1:] != pid[:-1]
    lo = np.empty(len(s), dtype=np.int64)
    lo[first] = ps[pid[first]]
    lo[~first] = s[:-1][~first[1:]]
    blank = _prev_at(marks[(mark & _ASCII_SPACE) != 0], s)
    found = blank > lo
    word = np.where(found, blank + 1, -1)
    word[first & ~found] = ps[pid[first & ~found]]
    if len(word):
        np.maximum.accumulate(word, out=word)  # no white space: the previous candidate's word
    read = np.ones(len(s), dtype=bool)
    read[:-1] = first[1:] | (s[:-1] <= word[1:])
    return {"s": s, "pid": pid, "word": word, "ctx_end": ctx_end, "next": nxt_start, "read": read,
            "rstrip": _rstrip_ends(paras, run_first, run_last)}


def _rstrip_ends(paras: np.ndarray, run_first: np.ndarray, run_last: np.ndarray) -> np.ndarray:
    """Where each paragraph ends without its trailing white space (``len(p.rstrip())``)."""
    ps, pe = paras[:, 0], paras[:, 1]
    if not len(run_last):
        return pe.copy()
    i = np.minimum(np.searchsorted(run_last, pe - 1), len(run_last) - 1)
    trailing = (run_first[i] <= pe - 1) & (run_last[i] >= pe - 1)
    return np.where(trailing, np.maximum(run_first[i], ps), pe)


def _spans_of(cls: np.ndarray, a: np.ndarray, b: np.ndarray, bit: int, least: int) -> np.ndarray:
    """Whether each span ``[a, b)`` holds at least ``least`` characters, all of class ``bit``
    (the characters of the spans are read, not the whole text)."""
    size = b - a
    out = size >= max(least, 1)
    at = np.flatnonzero(out)
    if not len(at):
        return out
    lens = size[at]
    first = np.zeros(len(at), dtype=np.int64)
    np.cumsum(lens[:-1], out=first[1:])
    pos = np.repeat(a[at] - first, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    other = np.zeros(int(lens.sum()) + 1, dtype=np.int64)
    np.cumsum((cls[pos] & bit) == 0, out=other[1:])
    out[at] = other[first + lens] == other[first]
    return out


def _decide(joined: str, cls: np.ndarray, cand: dict[str, np.ndarray], splitter) -> np.ndarray:
    """Whether each candidate ends a sentence (False for those Punkt does not read).

    With no learnt collocations: ``?`` and ``!`` end a sentence; so does ``.`` after a word
    of two or more ASCII letters that is no abbreviation, and ``.`` right after punctuation
    Punkt reads as such (``)"'`` ...: the period is a token of its own, or one with that
    mark, and no heuristic of the second pass revisits it). The other contexts go to
    ``splitter.text_contains_sentbreak``; when the splitter has also learnt no sentence
    starters and no orthographic contexts (the default), a next token of ASCII letters only
    is read as ``A`` or ``a`` (only its case matters then), and a word of ASCII digits only
    as ``1`` (every such word is a number and no abbreviation), so that the same decisions
    are asked once.
    """
    s, word, read = cand["s"], cand["word"], cand["read"]
    period = (cls[s] & _PERIOD) != 0
    brk = read & ~period  # '?' and '!'
    todo = np.flatnonzero(read & period)
    params = splitter._params
    abbrev = params.abbrev_types
    if not params.collocations and not abbrev & {"", "'", "?", "!"}:
        a, b = word[todo], s[todo]
        plain = _spans_of(cls, a, b, _LETTER, 2)
        longest = max(map(len, abbrev), default=0)
        for i in np.flatnonzero(plain & (b - a <= longest)).tolist():
            if joined[a[i]:b[i]].lower() in abbrev:
                plain[i] = False
        plain |= (b > a) & ((cls[np.maximum(b - 1, 0)] & _NONWORD) != 0)
        brk[todo[plain]] = True
        todo = todo[~plain]
    ctx = _contexts(joined, cls, cand, todo, splitter)
    decide = splitter.text_contains_sentbreak
    for k, text in zip(todo.tolist(), ctx):
        if decide(text):
            brk[k] = True
    return brk


def _contexts(joined: str, cls: np.ndarray, cand: dict[str, np.ndarray], todo: np.ndarray, splitter) -> list[str]:
    """The contexts Punkt decides candidates ``todo`` from (see :func:`_decide`)."""
    word, s, nxt, ctx_end = (cand[c][todo] for c in ("word", "s", "next", "ctx_end"))
    params = splitter._params
    if params.collocations or params.sent_starters or any(params.ortho_context.values()) or any(
            a.isdigit() for a in params.abbrev_types):
        return [joined[a:b] for a, b in zip(word.tolist(), ctx_end.tolist())]
    number = _spans_of(cls, word, s, _DIGIT, 1)
    letters = (nxt > s + 1) & _spans_of(cls, nxt, ctx_end, _LETTER, 1)
    upper = (cls[np.minimum(nxt, len(cls) - 1)] & _UPPER) != 0
    out = []
    for a, p, q, e, num, let, up in zip(word.tolist(), s.tolist(), nxt.tolist(), ctx_end.tolist(), number.tolist(),
                                        letters.tolist(), upper.tolist()):
        head = "1" if num else joined[a:p]
        out.append(head + joined[p:q] + ("A" if up else "a") if let else head + joined[p:e])
    return out


def _slices(joined: str, cls: np.ndarray, paras: np.ndarray, cand: dict[str, np.ndarray], brk: np.ndarray,
            splitter) -> tuple[np.ndarray, np.ndarray]:
    """The sentences' start and end positions: each paragraph cut after its breaks (the next
    sentence starts at the token after the break), empty slices dropped and closing quotes or
    brackets that open a sentence moved to the end of the previous one (Punkt's
    ``_realign_boundaries``)."""
    bk = np.flatnonzero(brk)
    ps = paras[:, 0]
    # per paragraph in position order: starts are the paragraph's start and the breaks' next
    # tokens, ends the breaks and the paragraph's end without trailing white space
    starts = np.sort(np.concatenate([ps, cand["next"][bk]]))
    stops = np.sort(np.concatenate([cand["s"][bk] + 1, cand["rstrip"]]))
    pid = np.searchsorted(ps, starts, side="right") - 1
    paired = np.flatnonzero(pid[1:] == pid[:-1])  # slices followed by one in their paragraph
    paired = paired[(starts[paired + 1] < stops[paired + 1]) & ((cls[starts[paired + 1]] & _QUOTE) != 0)]
    shift = np.zeros(len(starts), dtype=np.int64)
    end = stops.copy()
    joined_up = np.zeros(len(starts), dtype=bool)
    realign = splitter._lang_vars.re_boundary_realignment
    for i in paired.tolist():
        m = realign.match(joined, int(starts[i + 1]), int(stops[i + 1]))
        if m:
            joined_up[i] = True
            end[i] = starts[i + 1] + len(m.group(0).rstrip())
            shift[i + 1] = m.end() - starts[i + 1]
    begin = starts + shift
    keep = joined_up | (begin < stops)
    return begin[keep], end[keep]
def sentence_spans_table(texts: Sequence[str]) -> SentenceTable:
    """The :class:`SentenceTable` of ``texts`` found in this process, neither kept nor read
    from a cache (for a builder that runs on a part of a corpus in a worker process)."""
    return _build(list(texts))


def _merge(parts: list[SentenceTable]) -> SentenceTable:
    if len(parts) == 1:
        return parts[0]
    base = np.cumsum([0, *(p.n_texts for p in parts)])
    text = np.concatenate([np.zeros(0, np.int64), *(p.text + base[i] for i, p in enumerate(parts))])
    start = np.concatenate([np.zeros(0, np.int64), *(p.start for p in parts)])
    end = np.concatenate([np.zeros(0, np.int64), *(p.end for p in parts)])
    return _table(text, start, end, int(base[-1]))


def _write(key: str, table: SentenceTable, root: Path) -> bool:
    import pyarrow as pa

    from .cache import write_table

    arrow = pa.table({"text": pa.array(table.text.astype(np.int32)), "start": pa.array(table.start),
                      "end": pa.array(table.end)}, metadata={"n_texts": str(table.n_texts)})
    return write_table(key, arrow, kind="sentences", cache=root)


def _read(key: str, n_texts: int, root: Path) -> SentenceTable | None:
    """A cached run's sentences, or None when there is none or it does not fit the run."""
    from .cache import bad_entry, entry_path, read_table

    arrow = read_table(key, kind="sentences", cache=root)  # checked against its digest
    if arrow is None:
        return None
    try:
        if int((arrow.schema.metadata or {}).get(b"n_texts", b"-1")) != n_texts:
            raise ValueError(f"holds another number of texts than its run's {n_texts}")
        text, start, end = (arrow.column(c).to_numpy().astype(np.int64) for c in ("text", "start", "end"))
        if len(text) and (text.min() < 0 or text.max() >= n_texts or np.any(np.diff(text) < 0)
                          or np.any(end < start) or start.min() < 0 or not len(text) == len(start) == len(end)):
            raise ValueError("holds text or offset values out of range")
    except (KeyError, ValueError, TypeError) as exc:
        bad_entry(entry_path(key, kind="sentences", cache=root), f"does not fit its run ({exc})")
        return None
    return _table(text, start, end, n_texts)


def sentence_table(texts: Sequence[str], *, n_jobs: int = -1, cache=None) -> SentenceTable:
    """The :class:`SentenceTable` of ``texts``, found once per content and shared (read-only).

    Parameters
    ----------
    texts : sequence of str
        For instance ``turns["text"]``.
    n_jobs : int, default=-1
        Processes for a large corpus (see :func:`analysis.tokens.token_table`); the result
        does not depend on it.
    cache : path, bool or None, default=None
        On-disk cache, as for :func:`analysis.tokens.token_table` (entries of kind
        ``sentences``).

    Examples
    --------
    >>> t = sentence_table(["Mr. Qi spoke first. Then Dr. Xu answered.", "", "Thank you."])
    >>> t.spans(0), t.spans(1), t.spans(2)
    ([(0, 19), (20, 41)], [], [(0, 10)])
    """
    texts = texts if isinstance(texts, list) else list(texts)
    digests = [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts]
    key = _digest_key("sentence-table-v2", digests)
    return _MEMO.get(key, lambda: _of_texts(texts, digests, n_jobs=n_jobs, cache=cache))


def _digest_key(kind: str, digests: Sequence[bytes]) -> str:
    h = hashlib.blake2b(kind.encode(), digest_size=16)
    for d in digests:
        h.update(d)
    return h.hexdigest()


def _of_texts(texts: list[str], digests: list[bytes], *, n_jobs: int, cache) -> SentenceTable:
    """The table of ``texts``, taken from the table of their distinct texts in content order."""
    if not texts:
        return _canonical([], n_jobs=n_jobs, cache=cache)
    codes, uniq = pd.factorize(np.array(digests, dtype=object), sort=True)  # bytes sort: content order
    first = np.unique(codes, return_index=True)[1]  # the first text of each distinct content
    distinct = [texts[i] for i in first.tolist()]
    whole = _MEMO.get(_digest_key("sentence-table-distinct-v2", list(uniq)),
                      lambda: _canonical(distinct, n_jobs=n_jobs, cache=cache))
    if len(uniq) == len(codes) and np.array_equal(codes, np.arange(len(codes))):
        return whole
    return _take(whole, codes.astype(np.int64))


def _canonical(texts: list[str], *, n_jobs: int, cache) -> SentenceTable:
    return layer(texts, build=_build, merge=_merge, read=_read, write=_write, name="sentence-table",
                 modules=("analysis.text", "analysis.sentences"), n_jobs=n_jobs, cache=cache)


def _take(table: SentenceTable, src: np.ndarray) -> SentenceTable:
    """The table of the texts ``src`` (indices of ``table``'s texts, in the order wanted)."""
    end = table.text_end.astype(np.int64)
    count = np.diff(np.concatenate([[0], end]))
    n = count[src]
    total = int(n.sum())
    out_first = np.cumsum(n) - n
    idx = np.repeat((end - count)[src] - out_first, n) + np.arange(total, dtype=np.int64)
    text = np.repeat(np.arange(len(src), dtype=np.int64), n)
    return _table(text, table.start[idx], table.end[idx], len(src))
