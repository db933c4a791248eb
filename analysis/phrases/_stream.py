"""The token stream every phrase analysis reads: the sentences of all turns as integer ids.

Tokens are :func:`analysis.text.tokenize`'s, with curly apostrophes straightened, lower-cased
(optional) and punctuation dropped; clitics stay as tokens (``the Party's`` -> ``the party
's``), and can be expanded (``I'm`` -> ``i am``, ``don't`` -> ``do not``) so that contracted
and full wordings of a formula match. Sentences come from
:func:`analysis.text.sentence_spans` (Punkt; a paragraph break always ends a sentence). A
sentence never spans two turns, so a sequence of positions that stays inside one sentence
stays inside one turn: that is the only boundary rule the phrase code needs.

The stream is a view of the text layer: the token table (:mod:`analysis.tokens`) and the
sentence layer (:mod:`analysis.sentences`) of the texts, found once per content and shared with
every other analysis; the stream itself is cached by a hash of the texts' content and the
options (never by file name). Sentences are found on the text as written, as everywhere else
in the suite (before this layer they were found after straightening curly apostrophes, which
Punkt reads differently from a closing quote: 18 of the 6,522 UN General Debate speeches had a
sentence boundary moved; no text of the bundled corpus).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, repeat

import numpy as np
import pandas as pd

from .._memo import Memo, content_key, release_memory
from .._validation import check_option, check_type
from ..text import CLITICS, TOKEN_PATTERN, sentence_spans
from ._kernels import by_first_occurrence
from ..text import stop_words as _project_stop_words

__all__ = ["Stream", "build_stream", "phrase_text", "StopWords", "STOP_RULES", "stop_mask",
           "check_stop_options", "CLITICS", "FUNCTION_WORDS", "ZH_FUNCTION_WORDS",
           "keep_by_stop_rule", "frame_stream", "token_spans_of", "stream_from_sentences"]

#: Clitics expanded when ``expand_contractions=True`` ('s is left alone: is, has or possessive).
_EXPANSIONS = {"'m": "am", "'re": "are", "'ve": "have", "'ll": "will", "n't": "not", "'d": "would"}
#: Stems left by splitting n't whose full form differs (can't -> ca n't -> can not).
_NEGATED_STEMS = {"ca": "can", "wo": "will", "sha": "shall"}

#: Stop-word rules: which n-grams to drop (stop words are never removed from inside one).
STOP_RULES = ("all", "edges", "none")
StopWords = bool | str | Collection[str]

#: Closed-class English words (articles, determiners, prepositions, conjunctions, auxiliary and
#: modal verbs, object pronouns, negation and a few particles) plus the clitics. Used by
#: ``stop_words="function"``. Left out on purpose: subject pronouns, which open many formulae
#: ("I am a Party member", "we firmly oppose") -- with the "edges" rule they may start a
#: phrase but not end one (:data:`SUBJECT_PRONOUNS`); "us" and "who", which lower-casing
#: merges with "US" and "WHO"; and content words found in general stop lists ("full",
#: "first", "two", "system", "UN"), so "full and rigorous self-governance of the Party" stays
#: whole.
FUNCTION_WORDS = frozenset("""
a an the this that these those each every either neither some any no all both another such
what which whose whom whatever whichever
it its itself me my mine myself him his himself her hers herself them their theirs themselves
our ours ourselves your yours yourself yourselves
about above across after against along amid among amongst around as at before behind below
beneath beside besides between beyond by despite down during except for from in inside into
near of off on onto out outside over past per since than through throughout till to toward
towards under underneath unlike until up upon via with within without
and but or nor so yet because although though while whereas if unless whether
am is are was were be been being have has had having do does did doing will would shall
should can could may might must ought
not there here then also very just too only even
's 'm 're 've 'll 'd n't
""".split())

#: Closed-class Chinese words, as the suite's segmenter (:mod:`analysis.languages`, jieba) cuts
#: them: structural and aspect particles, sentence-final particles, demonstratives and
#: determiners, prepositions and coverbs, conjunctions, adverbs of scope, time, degree and
#: negation, the copula and auxiliaries, and general classifiers and localizers (classes after
#: Li & Thompson 1981, Mandarin Chinese: A Functional Reference Grammar, ch. 7-9 and 23).
#: Part of :data:`FUNCTION_WORDS`. Left out, as in English, are the personal pronouns (see
#: :data:`SUBJECT_PRONOUNS`) and words the press-conference register uses as content: 中
#: ("China" in 中美, 中方), 据 ("according to" reports), 对此, 有何, 是否, the dates.
ZH_FUNCTION_WORDS = frozenset("""
的 地 得 之 了 着 过 所 吗 呢 吧 啊 呀 嘛 么
这 那 此 其 该 本 各 每 某 这个 那个 这些 那些 这种 那种 这样 那样
在 于 对 对于 关于 向 从 自 由 以 为 为了 给 跟 同 与 和 及 以及 把 被 将 按 按照 当 至于
而 并 并且 而且 或 或者 还是 但 但是 不过 然而 如果 虽然 尽管 因为 由于 所以 因此 既 也 又 则 即 兼
不 没 没有 未 都 还 就 才 再 更 最 很 太 已 已经 曾 曾经 正在 仍 仍然 只 仅 非常
是 有 会 能 能够 可以 可能 应 应该 要
个 些 上 下 里 一
""".split())
FUNCTION_WORDS = FUNCTION_WORDS | ZH_FUNCTION_WORDS

# The project pattern without its last alternative (a single punctuation character): finding
# with it gives exactly the tokens of analysis.text.tokenize minus punctuation, faster.
if not TOKEN_PATTERN.endswith(r"|[^\w\s]"):  # pragma: no cover - guards a change of the project pattern
    raise ImportError("analysis.phrases expects analysis.text.TOKEN_PATTERN to end with |[^\\w\\s]")
_TOKEN_RE = re.compile(TOKEN_PATTERN[: -len(r"|[^\w\s]")], re.UNICODE)
_CACHE: Memo[Stream] = Memo(size=4)


@dataclass(frozen=True, eq=False)
class Stream:
    """Sentences of every turn, concatenated, as token ids.

    Attributes
    ----------
    ids : numpy.ndarray of int32
        Token id at each position.
    seg_end : numpy.ndarray of int32 (int64 beyond 2**31 tokens)
        For each position, the end (exclusive) of its sentence: an n-gram starting at ``p``
        is valid iff ``p + n <= seg_end[p]``.
    row : numpy.ndarray of int32
        For each position, the positional index of its turn (row of the turns frame).
    row_start : numpy.ndarray of int64
        First position of each row (length ``n_rows + 1``).
    vocab : numpy.ndarray of object
        Token strings by id.
    n_sentences : int
        Sentences holding at least one token.
    """

    ids: np.ndarray
    seg_end: np.ndarray
    row: np.ndarray
    row_start: np.ndarray
    vocab: np.ndarray
    n_sentences: int
    lowercase: bool
    expand_contractions: bool
    index: dict = field(repr=False)
    _spans: dict = field(default_factory=dict, repr=False)
    char_start: np.ndarray | None = field(default=None, repr=False)
    char_end: np.ndarray | None = field(default=None, repr=False)
    #: per position: the token as written, lower-cased with apostrophes straightened, is its
    #: stream form (``plain_form``), and the text before it and after the previous token is
    #: what :func:`phrase_text` puts there: whitespace, or nothing before a clitic
    #: (``plain_gap``); where both hold over a span, the span as spoken is its stream text.
    plain_form: np.ndarray | None = field(default=None, repr=False)
    plain_gap: np.ndarray | None = field(default=None, repr=False)
    #: per row: a digest of its text (:func:`text_digests`), so that the stream of some of
    #: these texts, in this order, is cut out of this one (:func:`substream`).
    digests: tuple[bytes, ...] | None = field(default=None, repr=False)

    @property
    def n_tokens(self) -> int:
        return int(len(self.ids))

    def text_of(self, pos: int, n: int) -> str:
        """The phrase of ``n`` tokens starting at position ``pos``."""
        return phrase_text(self.vocab[self.ids[pos:pos + n]])

    def texts_of(self, first: np.ndarray, n: np.ndarray) -> list[str]:
        """The phrases of ``n[i]`` tokens starting at ``first[i]``: ``[text_of(f, k) for f, k in
        zip(first, n)]``, joined per phrase length over whole columns instead of per phrase."""
        first = np.asarray(first, dtype=np.int64)
        n = np.asarray(n, dtype=np.int64)
        out = np.empty(len(first), dtype=object)
        if not len(first):
            return []
        # per vocabulary id: the text that goes before the token (none for a clitic)
        glue = np.where(np.isin(self.vocab, list(CLITICS)), "", " ").astype(object)
        for k in np.unique(n):
            at = np.flatnonzero(n == k)
            tok = self.ids[first[at, None] + np.arange(k)]
            text = self.vocab[tok[:, 0]]
            for j in range(1, int(k)):
                text = text + glue[tok[:, j]] + self.vocab[tok[:, j]]
            out[at] = text
        return out.tolist()

    def span_texts(self, starts: np.ndarray, ends: np.ndarray, *, block: int = 1 << 21) -> list[str]:
        """The phrases of the disjoint spans ``[starts[i], ends[i])`` given in ascending order:
        ``[phrase_text(vocab[ids[a:b]]) for a, b in zip(starts, ends)]``, sliced out of the
        stream written once as one string (about ``block`` positions at a time) instead of
        joined span by span."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        if not len(starts):
            return []
        clitic = np.isin(self.vocab, list(CLITICS))
        glue = np.where(clitic, "", " ").astype(object)
        glue_len = (~clitic).astype(np.int64)
        tok_len = np.fromiter(map(len, self.vocab), dtype=np.int64, count=len(self.vocab))
        out: list[str] = []
        first = 0
        while first < len(starts):
            # spans from ``first`` whose positions stay within about ``block`` of its start
            last = max(int(np.searchsorted(ends, starts[first] + block, side="right")), first + 1)
            lo, hi = int(starts[first]), int(ends[last - 1])
            tok = self.ids[lo:hi]
            if not len(tok):  # empty spans only
                out.extend([""] * (last - first))
                first = last
                continue
            pieces = np.empty(2 * len(tok), dtype=object)
            pieces[0::2] = glue[tok]
            pieces[1::2] = self.vocab[tok]
            text = "".join(pieces.tolist())
            at = np.zeros(len(tok) + 1, dtype=np.int64)  # where the piece of each position begins
            np.cumsum(glue_len[tok] + tok_len[tok], out=at[1:])
            a = starts[first:last] - lo
            b = ends[first:last] - lo
            begin = (at[a] + glue_len[tok[np.minimum(a, len(tok) - 1)]]).tolist()
            out.extend(text[x:y] if x < y else "" for x, y in zip(begin, at[b].tolist()))
            first = last
        return out

    def token_spans(self, r: int, text: str) -> np.ndarray:
        """Character spans (n, 2) of the tokens of row ``r`` whose text is ``text`` (memoized)."""
        if self.char_start is not None:
            a, b = int(self.row_start[r]), int(self.row_start[r + 1])
            return np.stack([self.char_start[a:b], self.char_end[a:b]], axis=1).astype(np.int64)
        if r not in self._spans:
            self._spans[r] = np.asarray(token_spans_of(text), dtype=np.int64).reshape(-1, 2)
        return self._spans[r]

    def encode(self, phrase: str) -> np.ndarray | None:
        """Token ids of ``phrase`` tokenized like the stream; None if a token never occurs."""
        toks = _normalize(_TOKEN_RE.findall(phrase.replace("\u2019", "'")),
                          lowercase=self.lowercase, expand=self.expand_contractions)
        if not toks:
            return np.zeros(0, dtype=np.int32)
        try:
            return np.array([self.index[t] for t in toks], dtype=np.int32)
        except KeyError:
            return None


def index_type(n_tok: int) -> type:
    """int32 for positions when every position (plus a phrase length) fits, else int64."""
    return np.int32 if n_tok < 2**31 - 2**16 else np.int64


def phrase_text(tokens: Sequence[str]) -> str:
    """Join tokens with spaces, attaching clitics: ``["party", "'s", "work"]`` -> ``"party's work"``."""
    out: list[str] = []
    for t in tokens:
        if out and t in CLITICS:
            out[-1] += t
        else:
            out.append(t)
    return " ".join(out)


def _normalize(tokens: list[str], *, lowercase: bool, expand: bool) -> list[str]:
    if not tokens:
        return tokens
    if lowercase:
        tokens = "\x00".join(tokens).lower().split("\x00")
    if expand:
        out = []
        for i, t in enumerate(tokens):
            low = t.lower()
            if low in _EXPANSIONS:
                t = _EXPANSIONS[low]
            elif low in _NEGATED_STEMS and i + 1 < len(tokens) and tokens[i + 1].lower() == "n't":
                t = _NEGATED_STEMS[low]
            out.append(t)
        tokens = out
    return tokens


def token_spans_of(text: str) -> list[tuple[int, int]]:
    """Character spans of the stream tokens of one turn's ``text``, in stream order."""
    text = text.replace("\u2019", "'")
    spans = []
    for s, e in sentence_spans(text):
        spans.extend(m.span() for m in _TOKEN_RE.finditer(text, s, e))
    return spans


def build_stream(texts: Sequence[str], *, lowercase: bool = True, expand_contractions: bool = False,
                 progress: bool = False, n_jobs: int = -1) -> Stream:
    """Tokenize ``texts`` (one per turn) into a :class:`Stream`, cached by content hash.

    The tokens and sentences of a large corpus are found on ``n_jobs`` processes (-1: every
    core), run by run, and kept on disk with an on-disk cache (:func:`stream_surface`). When
    a stream held in memory has every one of ``texts`` among its rows, in this order (the
    stream of a corpus, then of some of its turns), the stream is cut out of it
    (:func:`substream`) instead: the same stream, without tokenizing nearly the same texts
    again."""
    texts = texts if isinstance(texts, list) else list(texts)
    digests = text_digests(texts)
    key = content_key("phrases-stream-v2", (lowercase, expand_contractions), [d.hex() for d in digests])

    def make() -> Stream:
        held = _held_superset(digests, lowercase, expand_contractions)
        if held is not None:
            stream, rows = held
            return substream(stream, rows, texts)
        built = _build_stream(texts, lowercase=lowercase, expand_contractions=expand_contractions,
                              progress=progress, n_jobs=n_jobs, digests=digests)
        return replace(built, digests=tuple(digests))

    return _CACHE.get(key, make)


def text_digests(texts: Sequence[str]) -> list[bytes]:
    """A BLAKE2b digest (128 bits) of each text."""
    return [hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=16).digest() for t in texts]


def _held_superset(digests: list[bytes], lowercase: bool, expand_contractions: bool) -> tuple[Stream, np.ndarray] | None:
    """A stream in memory made with these options whose rows hold the texts of ``digests`` in
    this order, and the row of each text; None when no stream does."""
    for held in _CACHE.values():
        if (held.digests is None or held.lowercase != lowercase or held.expand_contractions != expand_contractions
                or len(held.digests) <= len(digests)):
            continue
        rows = _subsequence(held.digests, digests)
        if rows is not None:
            return held, rows
    return None


def _subsequence(held: Sequence[bytes], wanted: Sequence[bytes]) -> np.ndarray | None:
    """Indices into ``held`` of ``wanted``'s items, ascending (the first match of each), or None."""
    rows = np.empty(len(wanted), dtype=np.int64)
    j = 0
    for i, d in enumerate(wanted):
        while j < len(held) and held[j] != d:
            j += 1
        if j == len(held):
            return None
        rows[i] = j
        j += 1
    return rows


def substream(stream: Stream, rows: np.ndarray, texts: Sequence[str]) -> Stream:
    """The stream of ``stream``'s rows ``rows`` (ascending), whose texts are ``texts``: equal
    to :func:`_build_stream` of ``texts`` (a row's tokens and sentences depend on its text
    only; token ids are numbered again by first occurrence, as a build numbers them)."""
    rows = np.asarray(rows, dtype=np.int64)
    first = stream.row_start[rows]
    lens = stream.row_start[rows + 1] - first
    n = int(lens.sum())
    row_start = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    shift = np.repeat(first - row_start[:-1], lens)  # old position - new position
    pos = np.arange(n, dtype=np.int64) + shift
    ids, seen = pd.factorize(stream.ids[pos], sort=False) if n else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    vocab = np.empty(len(seen), dtype=object)
    vocab[:] = list(stream.vocab[seen]) if len(seen) else []
    seg_end = (stream.seg_end[pos].astype(np.int64) - shift).astype(index_type(n))
    n_sentences = int(np.count_nonzero(np.diff(seg_end))) + 1 if n else 0
    row = np.repeat(np.arange(len(rows), dtype=np.int32), lens)
    small = np.int32 if max((len(t) for t in texts), default=0) < 2**31 else np.int64

    def cut(a: np.ndarray | None, dtype=None) -> np.ndarray | None:
        if a is None:
            return None
        out = a[pos]
        return out.astype(dtype) if dtype is not None else out

    return Stream(ids.astype(np.int32), seg_end, row, row_start, vocab, n_sentences, stream.lowercase,
                  stream.expand_contractions, {w: i for i, w in enumerate(vocab)},
                  char_start=cut(stream.char_start, small), char_end=cut(stream.char_end, small),
                  plain_form=cut(stream.plain_form), plain_gap=cut(stream.plain_gap),
                  digests=tuple(stream.digests[r] for r in rows.tolist()) if stream.digests is not None else None)


#: A token of the last alternative of the token pattern: one character, neither word nor space.
_PUNCT = re.compile(r"[^\w\s]\Z")


def _punct_types(types: Sequence[str]) -> np.ndarray:
    """Per type: is it punctuation (:data:`_PUNCT`)? Only one-character types can be, so the
    pattern is tried on those alone."""
    punct = np.zeros(len(types), dtype=bool)
    one = np.flatnonzero(np.fromiter(map(len, types), dtype=np.int64, count=len(types)) == 1)
    punct[one] = np.fromiter((_PUNCT.match(types[i]) is not None for i in one.tolist()), dtype=bool, count=len(one))
    return punct


def _build_stream(texts: Sequence[str], *, lowercase: bool, expand_contractions: bool, progress: bool,
                  n_jobs: int = -1, digests: Sequence[bytes] | None = None) -> Stream:
    """The stream of ``texts`` from its surface (:func:`stream_surface`: tokens placed in their
    sentences, found run by run on ``n_jobs`` processes in one pass and kept on disk), with
    the token options applied; equal to :func:`_layered_stream` (tested). ``digests``: the
    texts' :func:`text_digests` when the caller has made them."""
    from .._progress import step

    texts = texts if isinstance(texts, list) else list(texts)
    with step("tokens and sentences", enabled=progress):
        surface = stream_surface(texts, n_jobs=n_jobs, digests=digests)
    release_memory()  # the runs' surfaces, merged into ``surface`` and let go
    stream = _stream_of_surface(surface, texts, lowercase=lowercase, expand_contractions=expand_contractions)
    del surface
    release_memory()  # the surface and the transient arrays of the stream's making
    return stream


def _layered_stream(texts: Sequence[str], *, lowercase: bool, expand_contractions: bool, progress: bool) -> Stream:
    """The stream from the text layer: the token table (:mod:`analysis.tokens`) without its
    punctuation tokens, each token placed in its sentence of the sentence layer
    (:mod:`analysis.sentences`); every per-token step is an array operation over types. The
    reference :func:`_build_stream` is checked against."""
    from .._progress import step
    from ..sentences import sentence_table
    from ..tokens import token_table

    texts = texts if isinstance(texts, list) else list(texts)
    with step("tokens and sentences", enabled=progress):
        table = token_table(texts)
        sents = sentence_table(texts)
    n_texts = len(texts)
    # per type: dropped (punctuation), its stream form, and the flags contraction expansion needs
    types = list(table.types)
    punct = _punct_types(types)
    forms = [t.replace("\u2019", "'") for t in types]
    if lowercase:
        forms = [t.lower() for t in forms]
    lows = [t.lower() for t in forms]
    is_nt = np.fromiter((w == "n't" for w in lows), dtype=bool, count=len(types))
    stem = np.fromiter((w in _NEGATED_STEMS for w in lows), dtype=bool, count=len(types))
    if expand_contractions:
        forms = [_EXPANSIONS.get(w, f) for f, w in zip(forms, lows)]
    form_id, form_vocab = pd.factorize(np.array(forms, dtype=object), sort=False) if types else \
        (np.zeros(0, np.int64), np.zeros(0, dtype=object))
    keep = ~punct[table.tid] if len(table.tid) else np.zeros(0, dtype=bool)
    # the token table's columns in their own (int32) type: indices and offsets, no int64 copies
    tid = table.tid[keep]
    text = table.text[keep]
    start = table.start[keep]
    end = table.end[keep]
    sid, inside = _sentence_of(texts, sents, text, start, end)
    table_at = np.flatnonzero(keep)  # index in the token table: a gap there is punctuation
    del keep
    if not inside.all():  # (tokens outside every sentence: rare; otherwise no copies)
        tid, text, start, end, sid, table_at = (a[inside] for a in (tid, text, start, end, sid, table_at))
    del inside
    ids_form = form_id[tid] if len(tid) else np.zeros(0, dtype=np.int64)
    if expand_contractions and len(tid):
        # ca n't -> can not, wo n't -> will not, sha n't -> shall not (the next token of the sentence)
        nxt = np.zeros(len(tid), dtype=bool)
        nxt[:-1] = is_nt[tid[1:]] & (sid[1:] == sid[:-1])
        at = np.flatnonzero(stem[tid] & nxt)
        if len(at):
            full = [_NEGATED_STEMS[lows[t]] for t in tid[at]]
            extra, extra_vocab = pd.factorize(np.array(full, dtype=object), sort=False)
            vocab_index = {w: i for i, w in enumerate(form_vocab)}
            mapped = np.fromiter((vocab_index.setdefault(w, len(vocab_index)) for w in extra_vocab), dtype=np.int64,
                                 count=len(extra_vocab))
            form_vocab = np.array(list(vocab_index), dtype=object)
            ids_form = ids_form.copy()
            ids_form[at] = mapped[extra]
    # ids numbered by first occurrence in the stream, as one pass over the tokens would
    ids, first = pd.factorize(ids_form, sort=False) if len(ids_form) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    vocab = np.empty(len(first), dtype=object)
    vocab[:] = list(np.asarray(form_vocab, dtype=object)[first]) if len(first) else []
    # sentences in order (sid never decreases): the runs of equal sid
    cut = np.concatenate([[0], np.flatnonzero(sid[1:] != sid[:-1]) + 1, [len(sid)]]).astype(np.int64)
    seg, lens = (sid[cut[:-1]], np.diff(cut)) if len(sid) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    ends = np.cumsum(lens)
    seg_end = np.repeat(ends, lens).astype(index_type(int(ends[-1]) if len(ends) else 0))
    row = text.astype(np.int32)
    per_row = np.bincount(text, minlength=n_texts).astype(np.int64)
    row_start = np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64)
    small = np.int32 if max((len(t) for t in texts), default=0) < 2**31 else np.int64
    index = {w: i for i, w in enumerate(vocab)}
    low_id = np.fromiter((index.get(w, -1) for w in lows), dtype=np.int64, count=len(lows))
    plain_form = (low_id[tid] == ids) if len(tid) else np.zeros(0, dtype=bool)
    plain_gap = np.zeros(len(tid), dtype=bool)
    if len(tid) > 1:
        clitic = np.isin(vocab, list(CLITICS))
        touching = start[1:] == end[:-1]
        plain_gap[1:] = ((table_at[1:] == table_at[:-1] + 1) & (text[1:] == text[:-1])
                         & (touching == clitic[ids[1:]]))
    return Stream(ids.astype(np.int32), seg_end, row, row_start, vocab, int(len(seg)), lowercase,
                  expand_contractions, index,
                  char_start=start.astype(small), char_end=end.astype(small), plain_form=plain_form,
                  plain_gap=plain_gap)


#: Bits of :attr:`Surface.flags`: the token opens its sentence; the token follows the previous
#: one of its text with no token of the text between them (no punctuation dropped).
_OPENS, _NEXT = 1, 2
#: What the stored surface depends on besides the texts (the source of these modules is in its keys).
_SURFACE_MODULES = ("analysis.text", "analysis.tokens", "analysis.sentences", "analysis.phrases._stream")


@dataclass(frozen=True, eq=False)
class Surface:
    """The stream's tokens of some texts as written, before any token option is applied.

    Per token of the stream (punctuation and tokens outside every sentence left out), in
    text order: ``tid`` (index into ``types``, the tokens as written), ``text`` (index of its
    text), ``start`` (character offset in that text) and ``flags`` (:data:`_OPENS`: first
    token of its sentence; :data:`_NEXT`: the token table of the text holds nothing between
    it and the previous token). Every stream option is a function of this.
    """

    types: tuple[str, ...]
    tid: np.ndarray
    text: np.ndarray
    start: np.ndarray
    flags: np.ndarray
    n_texts: int


#: Characters of text whose token table is built at once by :func:`surface_of` (a run of
#: texts is cut into pieces of about this size, so the transient arrays of a build stay small).
_PIECE_CHARS = 1 << 20


def surface_of(texts: list[str]) -> Surface:
    """The :class:`Surface` of ``texts``, built in this process: their token table and
    sentences (:func:`analysis.tokens.token_table` and :func:`analysis.sentences.sentence_table`
    of these texts, found here without keeping either), piece by piece of about
    :data:`_PIECE_CHARS` characters (a text's tokens and sentences depend on it alone)."""
    texts = list(texts)
    bounds, size = [0], 0
    for i, t in enumerate(texts):
        if size and size + len(t) > _PIECE_CHARS:
            bounds.append(i)
            size = 0
        size += len(t)
    bounds.append(len(texts))
    if len(bounds) <= 2:
        return _surface_piece(texts)
    surface = _merge_surfaces([_surface_piece(texts[a:b]) for a, b in zip(bounds[:-1], bounds[1:])])
    release_memory()  # the pieces' transient arrays, handed back before the next run
    return surface


def _surface_piece(texts: list[str]) -> Surface:
    """:func:`surface_of` of ``texts`` in one piece."""
    from ..sentences import sentence_spans_table
    from ..tokens import _build as token_build

    table = token_build(texts)
    sents = sentence_spans_table(texts)
    types = table.types
    punct = _punct_types(types)
    keep = ~punct[table.tid] if len(table.tid) else np.zeros(0, dtype=bool)
    at = np.flatnonzero(keep)  # index in the token table: a gap there is punctuation
    tid, text, start, end = (a[keep] for a in (table.tid, table.text, table.start, table.end))
    sid, inside = _sentence_of(texts, sents, text, start, end)
    if not inside.all():
        tid, text, start, sid, at = (a[inside] for a in (tid, text, start, sid, at))
    flags = np.zeros(len(tid), dtype=np.uint8)
    if len(tid):
        flags[0] = _OPENS
        flags[1:] = np.where(sid[1:] != sid[:-1], _OPENS, 0) | np.where(
            (at[1:] == at[:-1] + 1) & (text[1:] == text[:-1]), _NEXT, 0)
    used_tid, used = pd.factorize(tid, sort=False) if len(tid) else (np.zeros(0, np.int64), np.zeros(0, np.int64))
    return Surface(tuple([types[i] for i in used.tolist()]), used_tid.astype(np.int32), text.astype(np.int32),
                   start, flags, len(texts))


def _sentence_of(texts: list[str], sents, text: np.ndarray, start: np.ndarray,
                 end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sentence (index into ``sents``) of each token, and whether the token is inside it:
    texts laid end to end, a token belongs to the sentence that starts at or before it, when
    it ends inside that sentence."""
    n_texts = len(texts)
    base = np.zeros(n_texts + 1, dtype=np.int64)
    np.cumsum(np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=n_texts), out=base[1:])
    s_start = base[sents.text] + sents.start
    s_end = base[sents.text] + sents.end
    g_at = base[text]
    g_at += start
    sid = np.searchsorted(s_start, g_at, side="right")
    sid -= 1
    inside = sid >= 0
    g_at -= start
    g_at += end  # where each token ends, texts laid end to end
    inside[inside] = g_at[inside] <= s_end[sid[inside]]
    return sid, inside


def _merge_surfaces(parts: list[Surface]) -> Surface:
    """One surface from the surfaces of consecutive runs of texts (types united).

    ``parts`` is emptied: each column is written part by part into one array of its final
    type, and each part is let go once its columns are copied, so the merge holds the parts
    and the result, not the parts, the result and a copy of each column.
    """
    if len(parts) == 1:
        return parts[0]
    all_types = [t for p in parts for t in p.types]
    gid, types = pd.factorize(np.array(all_types, dtype=object), sort=False) if all_types else \
        (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))
    del all_types
    gid = gid.astype(np.int32)
    bounds = np.cumsum([0, *(len(p.types) for p in parts)])
    text_base = np.cumsum([0, *(p.n_texts for p in parts)])
    tok_base = np.cumsum([0, *(len(p.tid) for p in parts)])
    n_texts = int(text_base[-1])
    text_type = np.int32 if n_texts < 2**31 else np.int64
    start_type = np.result_type(*(p.start for p in parts)) if parts else np.int32
    n = int(tok_base[-1])
    tid = np.empty(n, dtype=np.int32)
    text = np.empty(n, dtype=text_type)
    start = np.empty(n, dtype=start_type)
    flags = np.empty(n, dtype=np.uint8)
    for i in range(len(parts)):
        p, parts[i] = parts[i], None  # type: ignore[call-overload]
        a, b = int(tok_base[i]), int(tok_base[i + 1])
        np.take(gid[bounds[i]:bounds[i + 1]], p.tid, out=tid[a:b])
        np.add(p.text, text_base[i], out=text[a:b], casting="unsafe")
        start[a:b] = p.start
        flags[a:b] = p.flags
        del p
    parts.clear()
    return Surface(tuple(types), tid, text, start, flags, n_texts)


def _write_surface(key: str, surface: Surface, root) -> bool:
    """Store a run's surface: its types as a plain list of strings (entry ``<key> types``,
    Parquet), then its per-token columns as plain integers (entry ``key``, an Arrow IPC file:
    written and read back as the columns' buffers, with no encoding), the text of the tokens
    as the number of tokens of each text. Both are written uncompressed with the digest of
    their values as stored (:func:`analysis.cache._write_plain_table`), which a read checks."""
    import pyarrow as pa

    from ..cache import _write_plain_table, content_key

    try:  # Parquet holds UTF-8 only: a type with a lone surrogate leaves the run uncached
        types = pa.array(list(surface.types), type=pa.string())
    except UnicodeEncodeError:
        return False
    if not _write_plain_table(content_key(key, "types"), pa.table({"value": types}), kind="phrase_surface",
                              cache=root):
        return False
    # the text of each token as the number of tokens of each text (tokens are in text order),
    # in the metadata the entry's digest covers: a column the size of the others not stored
    per_text = np.bincount(surface.text, minlength=surface.n_texts).astype("<i4") if len(surface.text) else \
        np.zeros(surface.n_texts, dtype="<i4")
    arrow = pa.table({"tid": pa.array(surface.tid.astype(np.int32)), "start": pa.array(surface.start),
                      "flags": pa.array(surface.flags)},
                     metadata={"n_texts": str(surface.n_texts), "n_types": str(len(surface.types)),
                               "text_tokens": base64.b64encode(per_text.tobytes())})
    return _write_plain_table(key, arrow, kind="phrase_surface", cache=root, suffix=".arrow")


def _read_surface(key: str, n_texts: int, root) -> Surface | None:
    """A cached run's surface, or None when there is none or it does not fit the run."""
    import pyarrow as pa

    from ..cache import bad_entry, content_key, entry_path, read_strings, read_table

    arrow = read_table(key, kind="phrase_surface", cache=root, suffix=".arrow")
    if arrow is None:
        return None
    types = read_strings(content_key(key, "types"), kind="phrase_surface", cache=root)
    try:
        meta = arrow.schema.metadata or {}
        if types is None:
            raise ValueError("has no list of its types")
        if int(meta.get(b"n_texts", b"-1")) != n_texts or int(meta.get(b"n_types", b"-1")) != len(types):
            raise ValueError(f"holds another number of texts or types than its run's {n_texts}")
        tid, start, flags = (arrow.column(c).to_numpy() for c in ("tid", "start", "flags"))
        per_text = np.frombuffer(base64.b64decode(meta[b"text_tokens"], validate=True), dtype="<i4")
        if len(per_text) != n_texts or (n_texts and per_text.min() < 0) or int(per_text.sum()) != len(tid):
            raise ValueError("holds another number of tokens per text than its columns")
        if not len(tid) == len(start) == len(flags) or flags.dtype != np.uint8 or (len(tid) and (
                tid.min() < 0 or tid.max() >= len(types) or start.min() < 0 or flags.max() > (_OPENS | _NEXT)
                or not flags[0] & _OPENS)):
            raise ValueError("holds token, offset or flag values out of range")
        text = np.repeat(np.arange(n_texts, dtype=np.int32), per_text)
    except (OSError, KeyError, AttributeError, TypeError, ValueError, pa.ArrowException) as exc:
        bad_entry(entry_path(key, kind="phrase_surface", cache=root, suffix=".arrow"), f"does not fit its run ({exc})")
        return None
    return Surface(tuple(types), tid.astype(np.int32), text, start.copy(), flags.copy(), n_texts)


def stream_surface(texts: list[str], *, n_jobs: int = -1, cache=None,
                   digests: Sequence[bytes] | None = None) -> Surface:
    """The :class:`Surface` of ``texts``: built run by run (on ``n_jobs`` processes for a
    large corpus, tokens and sentences of a run in one pass) and, with an on-disk cache
    (``cache``, or ``ANALYSIS_CACHE``), kept there one entry per run of texts (kind
    ``phrase_surface``), read back by any later stream of the same texts whatever its
    options (:func:`analysis.tokens.layer`). ``digests``: the texts' :func:`text_digests`,
    when made already (the runs and keys are made from them: no text hashed again)."""
    from ..tokens import _text_salt, _work, layer

    def read(key: str, n_texts: int, root) -> Surface | None:
        found = _read_surface(key, n_texts, root)
        if found is None:  # a run to build: the splitter made before the workers start
            sentence_spans("")
        return found

    # the sentence splitter (and NLTK) made here, before any worker, so it is shared, not made
    # in each; with every run read from the cache it is not made at all
    if cache is False or (cache is None and not os.environ.get("ANALYSIS_CACHE", "").strip()):
        sentence_spans("")
    return layer(texts, build=surface_of, merge=_merge_surfaces, read=read, write=_write_surface,
                 name="phrase-surface", modules=_SURFACE_MODULES, n_jobs=n_jobs, cache=cache,
                 text_salt=_text_salt(), work=_work(texts), digests=digests)


def _type_forms(types: list[str], *, lowercase: bool) -> tuple[list[str], list[str]]:
    """Per type: its form (curly apostrophes straightened, lower-cased when ``lowercase``) and
    that form lower-cased, each made by one string operation over the types joined by line
    breaks (no type holds one: tokens never span white space, and a line break is neither a
    cased nor a case-ignorable character, so lower-casing the joined types lower-cases each
    as on its own); type by type when one does."""
    joined = "\n".join(types)
    if not types or joined.count("\n") != len(types) - 1:  # pragma: no cover - a type with a line break
        forms = [t.replace("\u2019", "'") for t in types]
        if lowercase:
            forms = [t.lower() for t in forms]
        return forms, [t.lower() for t in forms]
    joined = joined.replace("\u2019", "'")
    if lowercase:
        joined = joined.lower()
    return joined.split("\n"), joined.lower().split("\n")


def _stream_of_surface(surface: Surface, texts: list[str], *, lowercase: bool, expand_contractions: bool) -> Stream:
    """The stream of ``texts`` (whose surface is ``surface``) with the token options applied."""
    n_texts = len(texts)
    types = list(surface.types)
    tid, text, start, flags = surface.tid, surface.text, surface.start, surface.flags
    # per type: its stream form, and the flags contraction expansion needs
    forms, lows = _type_forms(types, lowercase=lowercase)
    if expand_contractions:
        forms = [_EXPANSIONS.get(w, f) for f, w in zip(forms, lows)]
    form_id, form_vocab = pd.factorize(np.array(forms, dtype=object), sort=False) if types else \
        (np.zeros(0, np.int64), np.zeros(0, dtype=object))
    ids_form = form_id.astype(np.int32)[tid] if len(tid) else np.zeros(0, dtype=np.int32)
    at = np.zeros(0, dtype=np.int64)  # positions of negated stems written out in full
    if expand_contractions and len(tid):
        # ca n't -> can not, wo n't -> will not, sha n't -> shall not (the next token of the sentence)
        is_nt = np.fromiter((w == "n't" for w in lows), dtype=bool, count=len(types))
        stem = np.fromiter((w in _NEGATED_STEMS for w in lows), dtype=bool, count=len(types))
        nxt = np.zeros(len(tid), dtype=bool)
        nxt[:-1] = is_nt[tid[1:]] & ((flags[1:] & _OPENS) == 0)
        at = np.flatnonzero(stem[tid] & nxt)
        if len(at):
            full = [_NEGATED_STEMS[lows[t]] for t in tid[at]]
            extra, extra_vocab = pd.factorize(np.array(full, dtype=object), sort=False)
            vocab_index = {w: i for i, w in enumerate(form_vocab)}
            mapped = np.fromiter((vocab_index.setdefault(w, len(vocab_index)) for w in extra_vocab), dtype=np.int64,
                                 count=len(extra_vocab))
            form_vocab = np.array(list(vocab_index), dtype=object)
            ids_form = ids_form.copy()
            ids_form[at] = mapped[extra]
    # ids numbered by first occurrence in the stream, as one pass over the tokens would
    ids, first = by_first_occurrence(ids_form, len(form_vocab))
    del ids_form
    vocab = np.empty(len(first), dtype=object)
    vocab[:] = list(np.asarray(form_vocab, dtype=object)[first]) if len(first) else []
    opens = np.flatnonzero(flags & _OPENS)
    lens = np.diff(np.append(opens, len(tid))).astype(np.int64)
    ends = np.cumsum(lens)
    seg_end = np.repeat(ends.astype(index_type(len(tid))), lens)
    row = text.astype(np.int32, copy=False)
    # tokens are in text order: the first position of each row is found by bisection (no
    # count of every position's row)
    row_start = np.searchsorted(text, np.arange(n_texts + 1), side="left").astype(np.int64)
    small = np.int32 if max(map(len, texts), default=0) < 2**31 else np.int64
    index = {w: i for i, w in enumerate(vocab)}
    low_id = np.fromiter(map(index.get, lows, repeat(-1)), dtype=np.int32 if len(vocab) < 2**31 else np.int64,
                         count=len(lows))
    tok_len = np.fromiter(map(len, types), dtype=np.int64, count=len(types))
    char_start = start.astype(small, copy=False)
    char_end = tok_len.astype(small)[tid]
    char_end += char_start
    # the stream form of a token is its lower-cased form when its type's is (per type: the id
    # of the type's form against that of its lower-cased form), but where a negated stem was
    # written out in full, which the positions ``at`` hold
    renumber = np.full(len(form_vocab), -2, dtype=np.int64)
    renumber[first] = np.arange(len(first))
    plain_form = (low_id == renumber[form_id])[tid]
    if len(at):
        plain_form[at] = low_id[tid[at]] == ids[at]
    plain_gap = np.zeros(len(tid), dtype=bool)
    if len(tid) > 1:
        clitic = np.isin(vocab, list(CLITICS))
        gap = plain_gap[1:]
        np.equal(char_start[1:], char_end[:-1], out=gap)  # touching the previous token...
        np.equal(gap, clitic[ids[1:]], out=gap)  # ...exactly when it is a clitic
        gap &= (flags[1:] & _NEXT) != 0
    return Stream(ids.astype(np.int32, copy=False), seg_end, row, row_start, vocab, int(len(opens)), lowercase,
                  expand_contractions, index, char_start=char_start, char_end=char_end, plain_form=plain_form,
                  plain_gap=plain_gap)


def stream_from_sentences(sentences: Sequence[Sequence[str]], *, lowercase: bool = True) -> Stream:
    """A :class:`Stream` of already tokenized sentences (each sentence its own row).

    For token lists made elsewhere (another tokenizer or word segmenter): tokens are taken
    as they are, with no normalization; ``lowercase`` only records how they were made.
    Empty sentences hold no position (their row is empty).

    Examples
    --------
    >>> s = stream_from_sentences([["we", "oppose", "it"], [], ["we", "oppose"]])
    >>> s.ids.tolist(), s.seg_end.tolist(), s.row.tolist(), s.n_sentences
    ([0, 1, 2, 0, 1], [3, 3, 3, 5, 5], [0, 0, 0, 2, 2], 2)
    """
    lens = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
    n_tok = int(lens.sum())
    flat = np.fromiter(chain.from_iterable(sentences), dtype=object, count=n_tok)
    codes, uniques = pd.factorize(flat)
    itype = index_type(n_tok)
    ends = np.cumsum(lens).astype(itype)
    seg_end = np.repeat(ends, lens)
    row = np.repeat(np.arange(len(lens), dtype=np.int32), lens)
    vocab = np.empty(len(uniques), dtype=object)
    vocab[:] = list(uniques)
    row_start = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
    return Stream(codes.astype(np.int32), seg_end, row, row_start, vocab, int((lens > 0).sum()), lowercase, False,
                  {w: i for i, w in enumerate(vocab)})


def frame_stream(frame: pd.DataFrame, *, lowercase: bool, expand_contractions: bool,
                 progress: bool = False, n_jobs: int = -1) -> Stream:
    """The stream of a turns frame's ``text`` column (missing text counts as empty)."""
    texts = frame["text"].fillna("").astype(str).tolist()
    return build_stream(texts, lowercase=lowercase, expand_contractions=expand_contractions,
                        progress=progress, n_jobs=n_jobs)


#: Subject pronouns: they begin clauses, so under ``stop_words="function"`` and the "edges"
#: rule a phrase may start with one but not end with one ("as for your second question, I").
#: The Chinese personal pronouns are among them (我们 "we" opens 我们 注意 到 "we have noted").
SUBJECT_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "我", "我们", "你", "你们", "您", "他", "他们", "她",
                              "她们", "它", "它们"})


def check_stop_options(caller: str, stop_words: StopWords, stop_rule: str) -> None:
    if isinstance(stop_words, str):
        check_option("stop_words", stop_words, {"function"}, caller=caller)
    elif not isinstance(stop_words, bool):
        check_type("stop_words", stop_words, (list, tuple, set, frozenset), caller=caller)
    check_option("stop_rule", stop_rule, set(STOP_RULES), caller=caller)


def stop_set(stop_words: StopWords) -> frozenset[str]:
    """The stop words of a ``stop_words`` option, lower-cased (see :func:`stop_mask`)."""
    if isinstance(stop_words, str):
        stops = FUNCTION_WORDS
    elif stop_words is True:
        stops = _project_stop_words()
    elif stop_words is False:
        stops = frozenset()
    else:
        stops = frozenset(w.lower() for w in stop_words)
    return stops | CLITICS if stops else frozenset(stops)


def stop_mask(stream: Stream, stop_words: StopWords) -> np.ndarray:
    """Boolean per vocabulary id: is the token a stop word (clitics always are).

    ``True``: :func:`analysis.text.stop_words` (scikit-learn's list and the project list);
    ``"function"``: :data:`FUNCTION_WORDS`; ``False``: none; else the given words.
    """
    stops = stop_set(stop_words)
    return np.fromiter(map(stops.__contains__, map(str.lower, map(str, stream.vocab))), dtype=bool,
                       count=len(stream.vocab))


def keep_by_stop_rule(first_stop: np.ndarray, last_stop: np.ndarray, all_stop: np.ndarray | None,
                      rule: str) -> np.ndarray:
    """Which n-grams a rule keeps, from per-n-gram flags (first/last/all tokens are stop words).

    ``"all"`` drops n-grams made only of stop words; ``"edges"`` drops n-grams whose first or
    last token is a stop word; ``"none"`` keeps every n-gram.
    """
    if rule == "none":
        return np.ones(len(first_stop), dtype=bool)
    if rule == "edges":
        return ~(first_stop | last_stop)
    return ~all_stop
