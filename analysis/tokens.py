"""The text layer: the tokens of many texts as one table of integer arrays, built once.

Every analysis that needs tokens asks for the :class:`TokenTable` of its texts
(:func:`token_table`) and takes a view of it: word lists (:meth:`TokenTable.words`), word
counts per text, a sparse text-by-word count matrix (:meth:`WordTable.counts`), the character
spans KWIC and the lexicon matcher use. Tokens are those of :func:`analysis.text.tokenize`
(one regular expression, NLTK ``RegexpTokenizer`` semantics).

How the table is built, so that no Python loop runs per token:

* The token pattern never spans white space and every non-space character belongs to exactly
  one token, so the tokens of a text are the tokens of its white-space chunks, and the tokens
  tile the non-space characters. Each *distinct* chunk is tokenized once; tokens become integer
  type ids, and a token's character offset is its chunk's (a non-space character after a space
  or opening the text) plus its offset in the chunk.
* The texts are cut into runs of about 256 kB by content-defined boundaries (a text ends a run
  when its own hash says so; Muthitacharoen et al. 2001). Each run is a small table; large
  corpora build their runs on every core, and with an on-disk cache (``cache=``) each run is one
  Parquet entry keyed by its texts and the tokenizer's source, so a changed text rebuilds only
  its own run and a warm corpus is read, not tokenized.
* The runs are merged into one table (their type lists united by one factorization).

Type-level maps (is it a word, its lower-case form, its lemma) are computed once per distinct
type, never per token. The table lives in an in-memory memo keyed by the texts' content, so
every analysis of one corpus shares it.

References
----------
Muthitacharoen, A., Chen, B. & Mazieres, D. (2001). A low-bandwidth network file system.
SOSP, 174-187 (content-defined chunking).
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ._memo import Memo, content_key

__all__ = ["TokenTable", "WordTable", "token_table", "layer", "build_runs", "RUN_BYTES", "PARALLEL_CHARS",
           "ChunkWords", "count_chunks", "gather_texts", "holds_table", "kept_per_text", "table_on_disk", "word_form"]

T = TypeVar("T")

#: Characters of text from which the runs are built on every core (smaller corpora are built
#: in this process: starting workers would cost more than it saves).
PARALLEL_CHARS = 8_000_000
#: Texts are cut into runs of about this many characters (content-defined boundaries).
RUN_BYTES = 1 << 22
#: What a character of Chinese text costs to tokenize, in characters of other text (jieba's
#: segmentation against one regular expression): a Chinese text counts this many times its
#: length towards runs and the choice of every core (:func:`_work`), so a Chinese corpus of
#: 2.4M characters is built in runs of about 200,000 characters on every core.
ZH_WORK = 20
#: A text is costed as Chinese when a Han character is among its first this many characters.
ZH_PROBE = 256

#: ``_IS_SPACE[c]``: code point ``c`` is white space for ``str.isspace`` and ``str.split``
#: (none above U+3000; the last entry, U+3001, stands for every higher code point).
_IS_SPACE = np.array([chr(c).isspace() for c in range(0x3002)], dtype=bool)
_IS_SPACE.flags.writeable = False

_MEMO: Memo[TokenTable] = Memo(size=4)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class WordTable:
    """The word tokens of a :class:`TokenTable` in one normal form, as arrays (read-only).

    The words of text ``t`` are ``tid[offset[t]:offset[t + 1]]``, indices into ``types``: the
    tokens :func:`analysis.text.tokenize_texts` gives with the same options, in order.
    """

    types: tuple[str, ...]
    tid: np.ndarray
    offset: np.ndarray

    @property
    def n_words(self) -> np.ndarray:
        """Words per text (int64)."""
        return np.diff(self.offset)

    def lists(self) -> list[list[str]]:
        """One list of word strings per text."""
        vocab = np.asarray(self.types, dtype=object)
        if not len(self.tid):
            return [[] for _ in range(len(self.offset) - 1)]
        flat = vocab[self.tid]
        return [flat[a:b].tolist() for a, b in zip(self.offset[:-1].tolist(), self.offset[1:].tolist())]

    def counts(self) -> sp.csr_matrix:
        """Text-by-type counts (CSR, int64, columns in the order of ``types``, indices sorted)."""
        n_texts = len(self.offset) - 1
        rows = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(self.offset))
        m = sp.csr_matrix((np.ones(len(self.tid), dtype=np.int64), (rows, self.tid.astype(np.int64))),
                          shape=(n_texts, len(self.types)))
        m.sum_duplicates()
        return m


@dataclass(frozen=True, eq=False)
class TokenTable:
    """The tokens of many texts as arrays (read-only).

    ``types`` are the distinct token strings; per token, in text order: ``tid`` (index into
    ``types``), ``text`` (index of its text), ``start`` and ``end`` (character offsets in that
    text), 32-bit where they fit. ``text_end[t]`` is one past the last token of text ``t``.
    """

    types: tuple[str, ...]
    tid: np.ndarray
    text: np.ndarray
    start: np.ndarray
    end: np.ndarray
    text_end: np.ndarray
    _views: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def n_texts(self) -> int:
        return int(len(self.text_end))

    @cached_property
    def type_is_word(self) -> np.ndarray:
        """Per type: :func:`analysis.text.is_word` (holds a letter or digit, not a clitic).

        The types without a letter or digit (``\\w``) are found by one search over the types joined
        one a line (:data:`_NO_WORD`, a match opening with the line break before its type), the
        clitics among the lower-case forms (:func:`_lower_forms`)."""
        from .text import CLITICS, is_word

        n = len(self.types)
        joined = "\n" + "\n".join(self.types) + "\n"
        if not n or joined.count("\n") != n + 1:  # pragma: no cover - no type or a type with a line break
            return _frozen(np.fromiter((is_word(t) for t in self.types), dtype=bool, count=n))
        line_start = np.zeros(n, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, self.types[:-1]), dtype=np.int64, count=n - 1) + 1, out=line_start[1:])
        kept = np.ones(n, dtype=bool)
        kept[np.searchsorted(line_start, [m.start() for m in _NO_WORD.finditer(joined)])] = False
        clitics = [i for i, f in enumerate(_lower_forms(self.types)) if f in CLITICS]
        kept[clitics] = False
        return _frozen(kept)

    def words(self, *, lowercase: bool = True, lemmas: bool = False, words_only: bool = True) -> WordTable:
        """The tokens as :func:`analysis.text.tokenize_texts` gives them with these options.

        Each type is tested and normalised once: ``lowercase`` folds case and curly
        apostrophes (:func:`analysis.text.normalize_token`), ``lemmas`` replaces a word by its
        lemma (:func:`analysis.text.lemmatize`, implies ``lowercase``), ``words_only`` drops
        punctuation and clitics. The view is kept with the table.
        """
        key = (bool(lowercase or lemmas), bool(lemmas), bool(words_only))
        if key not in self._views:
            self._views[key] = self._word_view(*key)
        return self._views[key]

    def _word_view(self, lowercase: bool, lemmas: bool, words_only: bool) -> WordTable:
        from .text import lemmatize

        forms = _lower_forms(self.types) if lowercase else list(self.types)
        if lemmas:
            forms = [lemmatize(t) for t in forms]
        norm, types = pd.factorize(np.array(forms, dtype=object), sort=False) if forms else \
            (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))
        small = self.tid.dtype
        if words_only:
            # per token its form's id, -1 for a token that is no word; the words kept, and each
            # text's count of them (no copy of the text column)
            mapped = np.where(self.type_is_word, norm, -1).astype(small)[self.tid]
            kept = mapped >= 0
            tid = mapped[kept]
            del mapped
            per_text = kept_per_text(kept, self.text_end)
        else:
            tid = norm.astype(small)[self.tid]
            per_text = np.bincount(self.text, minlength=self.n_texts) if len(self.text) else \
                np.zeros(self.n_texts, dtype=np.int64)
        offset = np.zeros(self.n_texts + 1, dtype=np.int64)
        np.cumsum(per_text, out=offset[1:])
        return WordTable(tuple(types), _frozen(tid), _frozen(offset))


def kept_per_text(kept: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per text, how many of its items ``kept`` marks (a mask over the items of every text, end to
    end; text ``t``'s end one past its last item at ``ends[t]``), from the running count at each
    text's end: no text index per item.

    >>> kept_per_text(np.array([True, False, True, True]), np.array([0, 2, 2, 4])).tolist()
    [0, 1, 0, 2]
    """
    seen = np.zeros(len(ends) + 1, dtype=np.int64)
    if len(kept):
        ends = np.asarray(ends, dtype=np.int64)
        running = np.cumsum(kept, dtype=np.int32 if len(kept) < 2**31 else np.int64)
        seen[1:] = np.where(ends > 0, running[np.maximum(ends - 1, 0)], 0)
    return np.diff(seen)


#: A type without a letter or digit, in the types joined one a line between line breaks (the
#: match opens with the line break before its type: a literal the search skips ahead to).
_NO_WORD = re.compile(r"\n[^\w\n]*(?=\n)")


def _lower_forms(types: Sequence[str]) -> list[str]:
    """:func:`analysis.text.normalize_token` of each of ``types`` (curly apostrophes straightened,
    lower case), made by one string operation over the types joined by line breaks: no type holds
    one (tokens never span white space), and a line break is neither a cased nor a case-ignorable
    character, so lower-casing the joined types lower-cases each as on its own; type by type when
    one does hold a line break."""
    from .text import normalize_token

    joined = "\n".join(types)
    if not types or joined.count("\n") != len(types) - 1:
        return [normalize_token(t) for t in types]
    return joined.replace("\u2019", "'").lower().split("\n")


# --------------------------------------------------------------------------- building
def _empty_table(n_texts: int) -> TokenTable:
    z = np.zeros(0, dtype=np.int32)
    return TokenTable((), *(_frozen(z.copy()) for _ in range(4)), _frozen(np.zeros(n_texts, dtype=np.int64)))


def _build(texts: Sequence[str]) -> TokenTable:
    """The table of ``texts``, in this process (see the module docstring for the method)."""
    from .text import _HAN_RE, token_spans

    texts = list(texts)
    n_texts = len(texts)
    joined = "\n".join(texts)
    text_start = np.zeros(n_texts, dtype=np.int64)
    if n_texts > 1:
        text_start[1:] = np.cumsum(np.fromiter((len(t) + 1 for t in texts[:-1]), dtype=np.int64, count=n_texts - 1))
    chunks = joined.split()
    if not chunks:
        return _empty_table(n_texts)
    codes, uniq = pd.factorize(np.array(chunks, dtype=object), sort=False)
    del chunks
    codes = codes.astype(np.int64)
    # tokens of the distinct chunks: type ids, their chunk and offsets within it, grouped by chunk
    u_len = np.fromiter(map(len, uniq), dtype=np.int64, count=len(uniq))
    joined_u = "\n".join(uniq)
    if _HAN_RE.search(joined_u) is None:
        del joined_u
        u_of, u_rel, u_tlen, strings = _chunk_tokens(uniq, u_len)
        u_tid, types = pd.factorize(strings, sort=False)
        del strings
    else:  # Chinese words: runs of Han characters cut by jieba (analysis.text.token_spans)
        u_first = np.zeros(len(uniq), dtype=np.int64)
        np.cumsum(u_len[:-1] + 1, out=u_first[1:])
        spans = token_spans(joined_u)
        at = np.fromiter((a for a, _ in spans), dtype=np.int64, count=len(spans))
        u_tlen = np.fromiter((b for _, b in spans), dtype=np.int64, count=len(spans)) - at
        u_tid, types = pd.factorize(np.array([joined_u[a:b] for a, b in spans], dtype=object), sort=False)
        del spans, joined_u
        u_of = np.searchsorted(u_first, at, side="right") - 1
        u_rel = at - u_first[u_of]
    u_count = np.bincount(u_of, minlength=len(uniq))
    u_off = np.zeros(len(uniq) + 1, dtype=np.int64)
    np.cumsum(u_count, out=u_off[1:])
    # character start of every chunk: a non-space character after a space (or opening the
    # text), in order, since the chunks are the runs of non-space characters
    chars = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = np.take(_IS_SPACE, chars, mode="clip")  # a code point beyond the table: its last entry
    del chars
    opens = np.empty(len(space), dtype=bool)
    opens[0] = not space[0]
    np.less(space[1:], space[:-1], out=opens[1:])
    del space
    chunk_start = np.flatnonzero(opens)
    del opens
    if len(chunk_start) != len(codes):  # pragma: no cover - guards str.split against _IS_SPACE
        raise RuntimeError("white space of str.split and analysis.tokens._IS_SPACE differ")
    # a chunk never spans two texts (a line break joins them): its text and offset in it
    chunk_text = np.searchsorted(text_start, chunk_start, side="right") - 1
    chunk_start -= text_start[chunk_text]
    # expand chunks to their tokens: per token, the index of its entry among the distinct
    # chunks' tokens (``src``), its text and its offset
    per_chunk = u_count[codes]
    n_tok = int(per_chunk.sum())
    tok_first = np.zeros(len(codes), dtype=np.int64)
    np.cumsum(per_chunk[:-1], out=tok_first[1:])
    src = np.repeat(u_off[codes] - tok_first, per_chunk)
    src += np.arange(n_tok, dtype=np.int64)
    del tok_first, codes
    tid = u_tid[src]
    text = np.repeat(chunk_text, per_chunk)
    start = np.repeat(chunk_start, per_chunk)
    start += u_rel[src]
    del chunk_text, chunk_start, per_chunk
    end = start + u_tlen[src]
    text_end = np.cumsum(np.bincount(text, minlength=n_texts))
    return _table(tuple(types), tid, text, start, end, text_end, longest=max(map(len, texts), default=0))


def _chunk_tokens(uniq: np.ndarray, u_len: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of distinct white-space chunks without a Han character, grouped by chunk in
    order: per token its chunk (index into ``uniq``), its offset in the chunk, its length and
    its string (object array); equal to ``analysis.text.token_spans`` of each chunk.

    A chunk of letters only (``str.isalpha``) is one token, itself: every alternative of the
    token pattern but the word one needs a dot, a digit, an apostrophe or a character that is
    neither a word character nor space. The other chunks are found with one ``findall`` over
    them joined by new lines, and a token's offset follows from the lengths of the tokens
    before it, since the tokens tile the non-space characters (a guard checks it).
    """
    from .text import _TOKEN_RE

    alpha = np.fromiter(map(str.isalpha, uniq), dtype=bool, count=len(uniq))
    other = np.flatnonzero(~alpha)
    found = _TOKEN_RE.findall("\n".join(uniq[other]))
    f_len = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    o_len = u_len[other]
    if int(f_len.sum()) != int(o_len.sum()):  # pragma: no cover - guards a change of the project pattern
        raise RuntimeError("analysis.text.TOKEN_PATTERN no longer covers every non-space character")
    f_at = np.zeros(len(found), dtype=np.int64)  # offset among the non-space characters of ``other``
    np.cumsum(f_len[:-1], out=f_at[1:])
    o_first = np.zeros(len(other), dtype=np.int64)
    np.cumsum(o_len[:-1], out=o_first[1:])
    f_of = np.searchsorted(o_first, f_at, side="right") - 1
    words = np.flatnonzero(alpha)
    # both lists are in chunk order: one stable sort by chunk interleaves them
    owner = np.concatenate([other[f_of], words])
    order = np.argsort(owner, kind="stable")
    rel = np.concatenate([f_at - o_first[f_of], np.zeros(len(words), dtype=np.int64)])[order]
    length = np.concatenate([f_len, u_len[words]])[order]
    strings = np.concatenate([np.array(found, dtype=object), uniq[words]])[order]
    return owner[order], rel, length, strings


def _text_salt() -> Callable[[str], str]:
    """What a text's tokens depend on beyond the tokenizer's source: for a text with a Han
    character, the Chinese segmenter (:func:`analysis.languages.segmenter_id`, read once per
    call); nothing for any other text, so an English text's cache key is the same whatever
    the segmenter.

    Whether a text holds a Han character is :func:`analysis.languages.has_han` (no search of
    an ASCII text, nor of a long one without a code point that can be one)."""
    from .languages import has_han

    found: list[str] = []

    def salt(text: str) -> str:
        if not has_han(text):
            return ""
        if not found:
            from .languages import segmenter_id

            found.append(" " + segmenter_id())
        return found[0]

    return salt


def _index_dtype(n_types: int, n_texts: int, longest: int) -> type:
    """The integer type of a token table's columns: int32 while every id and offset fits."""
    return np.int32 if max(n_types, n_texts, longest) < 2**31 else np.int64


def _table(types: tuple[str, ...], tid, text, start, end, text_end, *, longest: int) -> TokenTable:
    small = _index_dtype(len(types), len(text_end), longest)
    return TokenTable(types, *(_frozen(np.asarray(a).astype(small, copy=False)) for a in (tid, text, start, end)),
                      _frozen(np.asarray(text_end, dtype=np.int64)))


def _merge(parts: Sequence[TokenTable], longest: int, *, consume: bool = False) -> TokenTable:
    """One table from the tables of consecutive runs of texts (types united).

    ``consume``: ``parts`` is a list this call may empty, so that each column of the parts is
    let go once it is copied (the memory of the parts and of one column, not of two tables).
    """
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return _empty_table(0)
    all_types = [t for p in parts for t in p.types]
    gid, types = pd.factorize(np.array(all_types, dtype=object), sort=False) if all_types else \
        (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=object))
    del all_types
    bounds = np.cumsum([0, *(len(p.types) for p in parts)])
    text_base = np.cumsum([0, *(p.n_texts for p in parts)])
    tok_base = np.cumsum([0, *(len(p.tid) for p in parts)])
    n_texts = int(text_base[-1])
    small = _index_dtype(len(types), n_texts, longest)
    text_end = np.concatenate([np.zeros(0, np.int64), *(p.text_end + tok_base[i] for i, p in enumerate(parts))])
    columns = {name: [getattr(p, name) for p in parts] for name in ("tid", "text", "start", "end")}
    if consume:
        parts.clear()  # type: ignore[attr-defined]
    # each column written part by part into one array of its final type (no int64 copy of the
    # whole table): the values of concatenating the parts and narrowing them after
    out = {}
    for name, pieces in columns.items():
        col = out[name] = np.empty(int(tok_base[-1]), dtype=small)
        for i, piece in enumerate(pieces):
            a, b = int(tok_base[i]), int(tok_base[i + 1])
            if name == "tid":
                col[a:b] = gid[bounds[i]:bounds[i + 1]].astype(small)[piece] if a < b else 0
            elif name == "text":
                np.add(piece, text_base[i], out=col[a:b], casting="unsafe")
            else:
                col[a:b] = piece
            pieces[i] = None
    return _table(tuple(types), out["tid"], out["text"], out["start"], out["end"], text_end, longest=longest)


def _work(texts: Sequence[str]) -> list[int] | None:
    """The cost of tokenizing each text, in characters of English: its length, times
    :data:`ZH_WORK` for a text whose first :data:`ZH_PROBE` characters hold a Han character;
    None when no text does (every cost is the length). Only how the work is split depends
    on it, never the tokens."""
    from .text import _HAN_RE

    zh = [_HAN_RE.search(t, 0, ZH_PROBE) is not None for t in texts]
    if not any(zh):
        return None
    return [len(t) * ZH_WORK if z else len(t) for t, z in zip(texts, zh)]


def _runs(texts: Sequence[str], keys: Sequence[str] | None = None,
          work: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """Content-defined runs ``[a, b)`` of about :data:`RUN_BYTES` characters (of ``work``, the
    cost of each text, when given): text ``i`` ends a run with probability
    ``len_i / RUN_BYTES`` decided by its own hash, so a changed text moves no other boundary."""
    import hashlib

    runs, first = [], 0
    for i, t in enumerate(texts):
        k = keys[i] if keys is not None else hashlib.blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
        size = len(t) if work is None else work[i]
        if int(k[:8], 16) / 2**32 < (size + 1) / RUN_BYTES or i == len(texts) - 1:
            runs.append((first, i + 1))
            first = i + 1
    return runs


def build_runs(build: Callable[[list[str]], T], texts: list[str], runs: list[tuple[int, int]],
               n_jobs: int, work: Sequence[int] | None = None, *,
               store: tuple[Callable[[str, T, Path], bool | None], Sequence[str], Path] | None = None) -> list[T]:
    """``[build(texts[a:b]) for a, b in runs]``, on ``n_jobs`` processes when worth it
    (``build`` is a module-level function, so worker processes can find it; ``work``: the
    cost of each text of ``texts``, its length when None).

    ``store``, when given, is ``(write, keys, root)``: each run's result is also written,
    ``write(keys[i], result, root)``, by the process that built it, as soon as it is built (the
    workers write theirs side by side instead of this process writing them all after), and a
    process whose write fails (returns False: a full folder) writes none of its later runs.
    ``write`` is a module-level function too.
    """
    from .scale._engine import map_blocks, n_workers

    slices = [texts[a:b] for a, b in runs]
    keys = list(store[1]) if store is not None else [None] * len(slices)
    saver = (store[0], store[2]) if store is not None else None
    total = sum(len(t) for t in texts) if work is None else sum(sum(work[a:b]) for a, b in runs)
    if n_workers(n_jobs) <= 1 or total < PARALLEL_CHARS:
        return _build_many(list(zip(keys, slices)), build, saver)
    if work is not None:
        # Chinese: the distinct runs of Han characters are segmented on every core and handed
        # back, so this process knows their words (the tables of other cuts of the same texts,
        # paragraphs or topic units, find them); the runs are then built here
        from .languages import remember, segment_runs, unknown_runs

        stamp, todo = unknown_runs(t for part in slices for t in part)  # reads jieba's dictionary first
        if todo:
            remember(todo, map_blocks(segment_runs, todo, n_jobs=n_jobs, args=(stamp,)), stamp)
        return _build_many(list(zip(keys, slices)), build, saver)
    return map_blocks(_build_many, list(zip(keys, slices)), n_jobs=n_jobs, args=(build, saver))


def _build_many(parts: list[tuple[str | None, list[str]]], build: Callable,
                saver: tuple[Callable, Path] | None = None) -> list:
    """``build`` of each ``(key, texts)`` of ``parts``, each result written under its key with
    ``saver`` (``(write, root)``) when given, until a write fails."""
    out = []
    for key, texts in parts:
        built = build(texts)
        if saver is not None:
            write, root = saver
            if write(key, built, root) is False:  # a folder that cannot take an entry (full)
                saver = None
        out.append(built)
    return out


def layer(texts: list[str], *, build: Callable[[list[str]], T], merge: Callable[[list[T]], T],
          read: Callable[[str, int, Path], T | None], write: Callable[[str, T, Path], bool | None], name: str,
          modules: Sequence[str], n_jobs: int, cache, text_salt: Callable[[str], str] | None = None,
          work: Sequence[int] | None = None, digests: Sequence[bytes] | None = None) -> T:
    """A per-text layer of ``texts`` (tokens, sentences) built run by run and merged.

    Without a cache folder a small corpus is built in one piece; otherwise each
    content-defined run is read from the cache (``read(key, n_texts, root)``, None on a miss)
    or built (``build``, on every core for a large corpus) and written (``write``, a
    module-level function returning False when the folder takes no entry, by the process that
    built the run: see :func:`build_runs`). Keys hash
    ``name``, the texts and the source of ``modules`` (a new version never reads an old entry),
    and for each text ``text_salt(text)`` when given (what only some texts depend on, such as
    the Chinese segmenter). ``work``, when given, is the cost of each text in characters
    (:func:`_work`): runs and the choice of every core follow it instead of the lengths.
    ``digests``, when given, is a digest of each text the caller has already made (such as
    :func:`analysis.phrases._stream.text_digests`): the run boundaries and the texts' keys
    are made from them, so that no text is hashed twice.
    """
    size = sum(map(len, texts)) if work is None else sum(work)
    use_cache = cache not in (None, False) or (cache is None and os.environ.get("ANALYSIS_CACHE", "").strip())
    if not use_cache:
        if size < 4 * RUN_BYTES and (work is None or size < PARALLEL_CHARS):
            return build(texts)
        # run by run even in one process: the transient memory of a build is that of one run
        return merge(build_runs(build, texts, _plain_runs(texts, digests, work), n_jobs, work))
    from . import cache as cache_mod

    root, writable = cache_mod.open_cache(cache)
    if root is None:  # an unusable cache folder (warned once): built as without a cache
        return build(texts) if size < 4 * RUN_BYTES and (work is None or size < PARALLEL_CHARS) else \
            merge(build_runs(build, texts, _plain_runs(texts, digests, work), n_jobs, work))
    runs, run_keys = _layer_runs(texts, name=name, modules=modules, text_salt=text_salt, work=work, digests=digests)
    parts: list = [read(k, b - a, root) for k, (a, b) in zip(run_keys, runs)]
    missing = [i for i, p in enumerate(parts) if p is None]
    if missing:
        store = (write, [run_keys[i] for i in missing], root) if writable else None
        for i, built in zip(missing, build_runs(build, texts, [runs[i] for i in missing], n_jobs, work, store=store)):
            parts[i] = built
    return merge(parts)


def _plain_runs(texts: list[str], digests: Sequence[bytes] | None,
                work: Sequence[int] | None) -> list[tuple[int, int]]:
    """The runs :func:`layer` builds without a cache (boundaries from ``digests`` when given)."""
    return _runs(texts, [d.hex() for d in digests] if digests is not None else None, work)


def _layer_runs(texts: list[str], *, name: str, modules: Sequence[str], text_salt: Callable[[str], str] | None,
                work: Sequence[int] | None, digests: Sequence[bytes] | None) -> tuple[list[tuple[int, int]], list[str]]:
    """The content-defined runs of a cached layer of ``texts`` and the cache key of each (the
    arguments as :func:`layer` takes them): what :func:`layer` reads and writes."""
    from . import cache as cache_mod

    salt = f"{name} {cache_mod.source_key(*modules)}"
    if digests is not None:  # a text's key: of its digest (marked as one), or of the text
        salt += " digest"
    keyed = texts if digests is None else digests
    keys = [cache_mod.content_key(salt + text_salt(t), k) for t, k in zip(texts, keyed)] if text_salt is not None \
        else [cache_mod.content_key(salt, k) for k in keyed]
    runs = _runs(texts, keys, work)
    return runs, [cache_mod.content_key(salt, *keys[a:b]) for a, b in runs]


#: The modules whose source keys the token table's cache entries.
_TABLE_MODULES = ("analysis.text", "analysis.tokens")


def table_on_disk(texts: Sequence[str], *, cache=None) -> bool:
    """True when the on-disk cache holds an entry for every run of the :class:`TokenTable` of
    ``texts``, so :func:`token_table` (with the same ``cache``) would read the table rather
    than tokenize: the runs' keys are made as :func:`token_table` makes them and their files
    looked up, none read (an entry is checked against its digest only when it is read).

    Parameters
    ----------
    texts : sequence of str
    cache : path, bool or None, default=None
        As in :func:`token_table` (None: the ``ANALYSIS_CACHE`` folder, when set).

    Returns
    -------
    bool
        False when there is no cache folder or any run's entry is missing; True for no texts
        only when the folder exists.
    """
    from .cache import cache_dir, entry_path

    root = cache_dir(cache)
    if root is None or not root.is_dir():
        return False
    texts = texts if isinstance(texts, list) else list(texts)
    _, run_keys = _layer_runs(texts, name="token-table", modules=_TABLE_MODULES, text_salt=_text_salt(),
                              work=_work(texts), digests=None)
    return all(entry_path(k, kind="tokens", cache=root).is_file() for k in run_keys)


def token_table(texts: Sequence[str], *, n_jobs: int = -1, cache=None) -> TokenTable:
    """The :class:`TokenTable` of ``texts``, built once per content and shared (read-only).

    Parameters
    ----------
    texts : sequence of str
        For instance ``turns["text"]``.
    n_jobs : int, default=-1
        Processes for a large corpus (more than :data:`PARALLEL_CHARS` characters): -1 for
        every core, 1 for this process only. The result does not depend on it.
    cache : path, bool or None, default=None
        On-disk cache (Parquet, one entry per run of texts, see :mod:`analysis.cache`): a
        folder, True for ``.cache``, False for none; None uses the folder in the
        ``ANALYSIS_CACHE`` environment variable when it is set.

    Returns
    -------
    TokenTable
        Equal to tokenizing each text with :func:`analysis.text.token_spans` (tested).

    Examples
    --------
    >>> t = token_table(["The Party's work.", "", "Peace!"])
    >>> [t.types[i] for i in t.tid]
    ['The', 'Party', "'s", 'work', '.', 'Peace', '!']
    >>> t.text.tolist(), t.start.tolist(), t.text_end.tolist()
    ([0, 0, 0, 0, 0, 2, 2], [0, 4, 9, 12, 16, 0, 5], [5, 5, 7])
    >>> t.words().lists()
    [['the', 'party', 'work'], [], ['peace']]
    """
    texts = texts if isinstance(texts, list) else list(texts)
    key = content_key("token-table-v1", (), texts)

    def make() -> TokenTable:
        # the same texts in another order (turns sorted by date): the table held for them, its
        # texts' tokens reordered, instead of tokenizing again
        table = _reordered(texts) or _make(texts, n_jobs=n_jobs, cache=cache)
        _SOURCES[key] = _fingerprints(texts)
        return table

    table = _MEMO.get(key, make)
    for old in [k for k in _SOURCES if k not in _MEMO]:  # the fingerprints of tables no longer held
        del _SOURCES[old]
    return table


#: A fingerprint of each text of each table :data:`_MEMO` holds, by its key
#: (:func:`_fingerprints`: no text is kept alive by it), so that a table of the same texts in
#: another order is found.
_SOURCES: dict[str, np.ndarray] = {}


def _fingerprints(texts: list[str]) -> np.ndarray:
    """Per text, its length and its hash (Python's keyed 64-bit string hash, kept in the string
    once computed) as one record: two texts with the same record are taken as the same text."""
    out = np.empty(len(texts), dtype=[("hash", np.int64), ("len", np.int64)])
    out["hash"] = np.fromiter(map(hash, texts), dtype=np.int64, count=len(texts))
    out["len"] = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return out


def _reordered(texts: list[str]) -> TokenTable | None:
    """The table of ``texts`` made from a held table of the same texts in another order, or None.

    A held table qualifies when its texts' fingerprints (:func:`_fingerprints`) are those of
    ``texts`` permuted, as many times each; its tokens are gathered text by text in the new
    order and the types numbered again by first occurrence, so the result equals a fresh build
    (tested)."""
    n = len(texts)
    mine = None
    for key, held in list(_SOURCES.items()):
        if len(held) != n or key not in _MEMO or n < 2:
            continue
        mine = _fingerprints(texts) if mine is None else mine
        by_new, by_old = np.argsort(mine, kind="stable"), np.argsort(held, kind="stable")
        if not np.array_equal(mine[by_new], held[by_old]) or np.array_equal(by_new, by_old):
            continue
        old = np.empty(n, dtype=np.int64)
        old[by_new] = by_old  # new text by_new[j] is old text by_old[j]
        return _permuted(_MEMO.get(key, lambda: None), old)
    return None


def _permuted(table: TokenTable, old: np.ndarray) -> TokenTable:
    """``table`` with its texts in the order ``old`` (new text ``i`` is old text ``old[i]``):
    each column gathered a run of consecutive old texts at a time (no per-token index)."""
    first = np.concatenate([[0], table.text_end[:-1]]).astype(np.int64)
    n_tok = (table.text_end.astype(np.int64) - first)[old]

    def gather(col: np.ndarray) -> np.ndarray:
        return gather_texts(col, first, table.text_end, old)

    tid = gather(table.tid)
    if not _first_seen_order(tid, len(table.types)):
        codes, used = pd.factorize(tid, sort=False)
        tid = codes.astype(table.tid.dtype)
        types = tuple(table.types[i] for i in used)
    else:
        types = table.types
    text = np.repeat(np.arange(len(old), dtype=table.text.dtype), n_tok)
    longest = int(table.end.max()) if len(table.end) else 0
    return _table(types, tid, text, gather(table.start), gather(table.end), np.cumsum(n_tok), longest=longest)


def gather_texts(values: np.ndarray, first: np.ndarray, end: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The items of texts ``order`` one after another, text ``t``'s being ``values[first[t]:end[t]]``
    (tokens, words), copied one slice per run of consecutive texts (no index per item); ``values``
    itself when ``order`` is every text in order.

    >>> gather_texts(np.array([5, 6, 7, 8, 9]), np.array([0, 2, 3]), np.array([2, 3, 5]), np.array([2, 0, 1])).tolist()
    [8, 9, 5, 6, 7]
    """
    if not len(order):
        return values[:0]
    cut = np.flatnonzero(np.diff(order) != 1) + 1
    a = np.asarray(first, dtype=np.int64)[order[np.concatenate([[0], cut])]]
    b = np.asarray(end, dtype=np.int64)[order[np.concatenate([cut - 1, [len(order) - 1]])]]
    if len(a) == 1 and a[0] == 0 and b[0] == len(values):
        return values
    return np.concatenate([values[x:y] for x, y in zip(a.tolist(), b.tolist())])


def _make(texts: list[str], *, n_jobs: int, cache) -> TokenTable:
    longest = max(map(len, texts), default=0)
    work = _work(texts)
    return layer(texts, build=_build, merge=lambda parts: _merge(parts, longest, consume=True), read=_read_run,
                 write=_write_run, name="token-table", modules=_TABLE_MODULES, n_jobs=n_jobs, cache=cache,
                 text_salt=_text_salt(), work=work)


def _write_run(key: str, table: TokenTable, root) -> bool:
    import pyarrow as pa

    from .cache import write_table

    try:  # Parquet holds UTF-8 only: a type with a lone surrogate leaves the run uncached
        types = pa.array(list(table.types), pa.string())
    except UnicodeEncodeError:
        return False
    tokens = pa.DictionaryArray.from_arrays(pa.array(table.tid.astype(np.int32)), types)
    arrow = pa.table({"token": tokens, "text": pa.array(table.text.astype(np.int32)),
                      "start": pa.array(table.start.astype(np.int32))},
                     metadata={"n_texts": str(table.n_texts)})
    return write_table(key, arrow, kind="tokens", cache=root)


def _read_run(key: str, n_texts: int, root) -> TokenTable | None:
    """A cached run's table, or None when there is none or it cannot be read."""
    import pyarrow as pa

    from .cache import bad_entry, entry_path, read_table

    arrow = read_table(key, kind="tokens", cache=root, read_dictionary=["token"])  # checked against its digest
    if arrow is None:
        return None
    try:
        meta = arrow.schema.metadata or {}
        if int(meta.get(b"n_texts", b"-1")) != n_texts:
            raise ValueError(f"holds {meta.get(b'n_texts', b'?').decode()} texts where its run has {n_texts}")
        col = arrow.column("token").combine_chunks()
        types = tuple(col.dictionary.to_pylist()) if len(col) else ()
        # the columns in the type they are stored in (int32), copied out of Arrow's buffers so that
        # the memory of a run is Arrow's only while it is read (its pool reuses it for the next)
        tid = col.indices.to_numpy(zero_copy_only=False).copy() if len(col) else np.zeros(0, np.int32)
        text = arrow.column("text").to_numpy().copy()
        start = arrow.column("start").to_numpy().copy()
        del arrow, col
        if len(tid) and (tid.min() < 0 or tid.max() >= len(types) or text.min() < 0 or text.max() >= n_texts
                         or np.any(text[1:] < text[:-1]) or start.min() < 0 or len(text) != len(tid)):
            raise ValueError("holds token, text or offset values out of range")
    except (OSError, KeyError, AttributeError, TypeError, ValueError, pa.ArrowException) as exc:
        bad_entry(entry_path(key, kind="tokens", cache=root), f"does not fit its run ({exc})")
        return None
    # the dictionary's order as read is not promised: number the types by first occurrence, as
    # a fresh build does, so a table read from the cache equals a built one (nothing to do when
    # the ids already are: their running maximum opens at 0, steps by one and ends at the last)
    if not _first_seen_order(tid, len(types)):
        tid, used = pd.factorize(tid, sort=False)
        types = tuple(types[i] for i in used)
    lens = np.fromiter(map(len, types), dtype=np.int64, count=len(types))
    end = start + (lens[tid] if len(tid) else 0)
    text_end = np.cumsum(np.bincount(text, minlength=n_texts)) if len(text) else np.zeros(n_texts, dtype=np.int64)
    return _table(types, tid, text, start, end, text_end, longest=int(end.max()) if len(end) else 0)


def _first_seen_order(ids: np.ndarray, n: int) -> bool:
    """Whether ``ids`` number ``n`` values by first occurrence (``pd.factorize`` would give them
    back unchanged): the first is 0 and the first use of each id comes after the first use of
    the id before it, so their running maximum never steps by more than one, and reaches ``n - 1``.

    >>> _first_seen_order(np.array([0, 1, 0, 2, 1]), 3), _first_seen_order(np.array([0, 2, 1]), 3)
    (True, False)
    >>> _first_seen_order(np.array([0, 1, 0]), 3), _first_seen_order(np.zeros(0, np.int32), 0)
    (False, True)
    """
    if not len(ids):
        return n == 0
    top = np.maximum.accumulate(ids)
    return bool(top[0] == 0 and top[-1] == n - 1 and not np.any(top[1:] - top[:-1] > 1))


# --------------------------------------------------------------------------- word counts by chunk
class HanChunk(Exception):
    """A chunk holding a Han character reached a :class:`ChunkWords` told to stop at one."""


class ChunkWords(dict):
    """The words of white-space chunks, each distinct chunk tokenized once.

    ``memo[chunk]`` is the id (in ``vocab``) of the chunk's one word, -1 when it holds none
    (punctuation, a clitic), or ``-2 - k`` when it holds several, whose ids are ``multi[k]``
    ("don't" -> do; "U.S.-led" -> u.s., led). The tokens of a chunk are those of
    :func:`analysis.text.tokenize` (the pattern never spans white space, so a text's tokens are
    those of its chunks), its words those :func:`analysis.text.is_word` keeps, each replaced by
    ``form(word)``. At most :data:`analysis.text.CHUNK_MEMO_LIMIT` chunks are remembered.

    Parameters
    ----------
    form : callable
        A word's normal form (case, apostrophes, lemma).
    clean : callable, optional
        Applied to a chunk that is not all letters before it is tokenized.
    stop_at_han : bool, default=False
        Raise :class:`HanChunk` at a chunk holding a Han character (its words are cut by the
        Chinese segmenter, which the text layer runs).
    """

    def __init__(self, form: Callable[[str], str], *, clean: Callable[[str], str] | None = None,
                 stop_at_han: bool = False) -> None:
        from .text import _HAN_RE, CHUNK_MEMO_LIMIT, is_word, tokenize

        super().__init__()
        self.form = form
        self.clean = clean
        self.stop_at_han = stop_at_han
        self.vocab: dict[str, int] = {}
        self.multi: list[list[int]] = []
        # bound once: a look-up per chunk not seen before
        self._han = _HAN_RE.search
        self._limit = CHUNK_MEMO_LIMIT
        self._is_word = is_word
        self._tokenize = tokenize

    def word_id(self, word: str) -> int:
        """The id of ``word`` (a new one for a word not seen before)."""
        i = self.vocab.get(word)
        if i is None:
            i = self.vocab[word] = len(self.vocab)
        return i

    def __missing__(self, chunk: str) -> int:
        if self.stop_at_han and self._han(chunk) is not None:
            raise HanChunk(chunk)
        if chunk.isalpha():  # one word token, nothing to clean (the common case)
            words = [self.form(chunk)]
        else:
            text = chunk if self.clean is None else self.clean(chunk)
            is_word, form = self._is_word, self.form
            words = [form(t) for t in self._tokenize(text) if is_word(t)]
        if not words:
            code = -1
        elif len(words) == 1:
            code = self.word_id(words[0])
        else:
            code = -2 - len(self.multi)
            self.multi.append([self.word_id(w) for w in words])
        if len(self) < self._limit:
            self[chunk] = code
        return code


def count_chunks(texts: Iterable[str], n_texts: int, memo: ChunkWords, *,
                 stops: frozenset[str] = frozenset()) -> dict:
    """The word counts of ``texts`` (``n_texts`` of them), chunk by chunk through ``memo``.

    Returns the pieces of a CSR matrix, one row per text: ``vocab`` (the words, sorted),
    ``indptr``, ``indices`` (int32, ascending in each row), ``data`` (uint16 when every count
    fits, else uint32: 6 bytes per (text, word) pair) and ``n_words`` (word tokens per text,
    int64, words in ``stops`` included). A word whose lower-case form is in ``stops`` has no
    column. Batches of texts are merged by :func:`merge_counts`, whose rows then need no sort.
    """
    indptr = np.zeros(n_texts + 1, dtype=np.int64)
    indices = array("i")
    data = array("I")
    n_words = np.zeros(n_texts, dtype=np.int64)
    chunks: list[str] = []
    lens: list[int] = []
    first = 0  # the first text of the block
    for text in texts:
        split = text.split()
        chunks += split
        lens.append(len(split))
        if len(chunks) >= CHUNK_BLOCK:
            _count_block(chunks, lens, first, memo, indptr, indices, data, n_words)
            first += len(lens)
            chunks, lens = [], []
    if lens:
        _count_block(chunks, lens, first, memo, indptr, indices, data, n_words)
    data_np = np.frombuffer(data, dtype=np.uint32) if len(data) else np.zeros(0, np.uint32)
    if len(data_np) and data_np.max() < 2**16:
        data_np = data_np.astype(np.uint16)
    # words numbered in sorted order (stop words dropped), each row's words sorted again
    vocab = np.array(list(memo.vocab), dtype=object)
    order = np.argsort(vocab, kind="stable")
    if stops and len(order):
        order = order[~pd.Index(vocab[order]).str.lower().isin(stops)]
    rank = np.full(len(vocab), -1, dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    ids = rank[np.frombuffer(indices, dtype=np.int32)] if len(indices) else np.zeros(0, np.int32)
    if len(order) < len(vocab):
        kept = ids >= 0
        before = np.zeros(len(kept) + 1, dtype=np.int64)
        np.cumsum(kept, out=before[1:])
        ids, data_np, indptr = ids[kept], data_np[kept], before[indptr]
    rows = sp.csr_matrix((data_np, ids, indptr), shape=(n_texts, len(order)), copy=False)
    rows.sort_indices()
    return {"vocab": vocab[order].tolist(), "indptr": indptr, "indices": rows.indices.astype(np.int32, copy=False),
            "data": rows.data, "n_words": n_words}


#: Chunks :func:`count_chunks` counts together (a block of consecutive texts): each distinct
#: chunk of a block is looked up once, and per-text overhead is shared by the block's texts.
CHUNK_BLOCK = 1 << 16


def _count_block(chunks: list[str], lens: list[int], first: int, memo: ChunkWords, indptr: np.ndarray,
                 indices: array, data: array, n_words: np.ndarray) -> None:
    """Count the ``chunks`` of a block of texts (``lens[i]`` of them in its text ``i``, text
    ``first`` of the whole first): its rows' indices and counts appended to ``indices`` and
    ``data`` (ids ascending in each row), its ``indptr`` and ``n_words`` entries filled in."""
    k = len(lens)
    codes, distinct = pd.factorize(np.array(chunks, dtype=object), sort=False)
    ids = np.fromiter(map(memo.__getitem__, distinct), dtype=np.int64, count=len(distinct))[codes]
    row = np.repeat(np.arange(k, dtype=np.int64), lens)
    multi = ids < -1
    if multi.any():  # chunks of several words: each word on the chunk's row
        extra = [memo.multi[-2 - c] for c in ids[multi].tolist()]
        ids = np.concatenate([ids, np.fromiter(chain.from_iterable(extra), dtype=np.int64)])
        row = np.concatenate([row, np.repeat(row[multi], [len(e) for e in extra])])
    kept = ids >= 0
    ids, row = ids[kept], row[kept]
    n_words[first:first + k] = np.bincount(row, minlength=k)
    n_ids = len(memo.vocab)
    cell, counts = np.unique(row * n_ids + ids, return_counts=True)  # by row, then id
    cell_row = cell // n_ids
    indices.frombytes((cell - cell_row * n_ids).astype(np.int32).tobytes())
    data.frombytes(counts.astype(np.uint32).tobytes())
    indptr[first + 1:first + k + 1] = indptr[first] + np.cumsum(np.bincount(cell_row, minlength=k))


def size_batches(items: list[T], sizes: np.ndarray, k: int) -> list[list[T]]:
    """``k`` runs of consecutive ``items`` of about equal total ``sizes`` (order kept)."""
    if not items:
        return []
    k = max(1, min(k, len(items)))
    cum = np.cumsum(sizes, dtype=np.float64)
    cuts = np.searchsorted(cum, cum[-1] * np.arange(1, k) / k, side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [len(items)]]))
    return [items[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def merge_counts(parts: list[dict]) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Stack per-batch counts (:func:`count_chunks`) into one matrix over one sorted vocabulary.

    Returns ``(matrix, vocabulary, n_words)``; rows in batch order, columns sorted by term,
    indices sorted (each batch's words are sorted, so their new numbers keep the order of
    every row). Each batch's arrays are copied into the result and released from ``parts``
    (emptied) as it goes, so merging holds little more than the result.
    """
    vocab: dict[str, int] = {}
    remaps = []
    for part in parts:
        remaps.append(np.fromiter((vocab.setdefault(w, len(vocab)) for w in part["vocab"]), dtype=np.int64,
                                  count=len(part["vocab"])))
        part["vocab"] = None
    terms = np.array(list(vocab), dtype=object)
    order = np.argsort(terms, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    index_dtype = np.int32 if len(terms) < 2**31 else np.int64
    nnz = sum(len(p["indices"]) for p in parts)
    indices = np.empty(nnz, dtype=index_dtype)
    data = np.empty(nnz, dtype=np.int64)
    indptr = [np.zeros(1, dtype=np.int64)]
    n_words = []
    at = 0
    for i, (remap, part) in enumerate(zip(remaps, parts)):
        k = len(part["indices"])
        np.take(rank[remap].astype(index_dtype), part["indices"], out=indices[at:at + k], mode="clip")
        data[at:at + k] = part["data"]
        indptr.append(part["indptr"][1:] + at)
        n_words.append(part["n_words"])
        at += k
        parts[i] = {}
    n_rows = sum(len(x) for x in n_words)
    matrix = sp.csr_matrix((data, indices, np.concatenate(indptr)), shape=(n_rows, len(terms)), copy=False)
    matrix.sort_indices()  # checks, and sorts only rows of batches made otherwise
    return matrix, terms[order], np.concatenate(n_words) if n_words else np.zeros(0, np.int64)


def word_form(*, lowercase: bool, lemmas: bool) -> Callable[[str], str]:
    """A word's form in :meth:`TokenTable.words` with these options: case and curly
    apostrophes folded (:func:`analysis.text.normalize_token`) when ``lowercase`` or
    ``lemmas``, then the lemma (:func:`analysis.text.lemmatize`) when ``lemmas``."""
    from .text import lemmatize, normalize_token

    if lemmas:
        return lambda w: lemmatize(normalize_token(w))
    return normalize_token if lowercase else str


def _count_texts(job: tuple[list[str], bool, bool, frozenset[str]]) -> dict | None:
    """:func:`count_chunks` of a batch of texts (a worker's job); None at a Han character."""
    texts, lowercase, lemmas, stops = job
    try:
        return count_chunks(texts, len(texts), ChunkWords(word_form(lowercase=lowercase, lemmas=lemmas),
                                                          stop_at_han=True), stops=stops)
    except HanChunk:
        return None


def holds_table(texts: list[str]) -> bool:
    """True when this process keeps the :class:`TokenTable` of ``texts`` (:func:`token_table`
    then returns it at once)."""
    return bool(len(_MEMO)) and content_key("token-table-v1", (), texts) in _MEMO


def _workers(n_jobs: int) -> int:
    """Processes for ``n_jobs`` (-1: every core), as :func:`analysis.scale._engine.n_workers`."""
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
