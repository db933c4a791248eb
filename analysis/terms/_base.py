"""Shared machinery of :mod:`analysis.terms`: token options, the turn-by-term count matrix,
groupings (including date buckets), comparisons between groups, and pattern matching.

Notation used across the package (one contingency table per term and comparison):

* ``a`` -- the term's count in the target, ``b`` -- its count in the reference;
* ``c`` -- words in the target, ``d`` -- words in the reference (all word tokens,
  stop words included, so rates are per running word);
* ``N = c + d``.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._progress import step
from .._validation import check_columns, check_type
from .._memo import Memo
from ..errors import EmptyResultError
from ..periods import DATE_BUCKETS, period_start  # DATE_BUCKETS: the groupings derived from "date"
from ..text import is_word, lemmatize, normalize_token, stop_words as _default_stop_words
from ..text import tokenize, tokenize_texts
from ..token_options import StopWords, TokenOptions
from ..types import by_list
from .mwe import Phrases, compile_phrases, merge_elements, merge_ids, merge_view

if TYPE_CHECKING:
    from ..tokens import WordTable


T = TypeVar("T")

#: A value of a grouping column, or several (``"official"``, ``["Lu Kang", "Geng Shuang"]``).
GroupValue = Hashable | list


# --------------------------------------------------------------------------- options
def resolve_stop_words(stop_words: StopWords) -> frozenset[str]:
    """True -> the project list (:func:`analysis.text.stop_words`), False -> none, else the given words."""
    if stop_words is True:
        return _default_stop_words()
    if stop_words is False:
        return frozenset()
    return frozenset(w.lower() for w in stop_words)


def word_view(frame: pd.DataFrame, tokens: TokenOptions, *, text: str = "text", caller: str = "word_view"):
    """The word tokens of every row as the text layer's integer arrays (a
    :class:`~analysis.tokens.WordTable`) in the case and lemma form ``tokens`` asks for, with
    its multiword expressions (:func:`.mwe.compile_phrases`) merged into single tokens
    (:func:`.mwe.merge_view`)."""
    from ..tokens import token_table

    texts = frame[text].fillna("").astype(str).tolist()
    view = token_table(texts).words(lowercase=tokens.lowercase, lemmas=tokens.lemmas)
    return merge_view(view, compile_phrases(tokens, caller=caller))


def token_lists(frame: pd.DataFrame, tokens: TokenOptions, *, text: str = "text",
                caller: str = "token_lists") -> Sequence[Sequence[str]]:
    """Word tokens of every row (cached by content hash in :func:`analysis.text.tokenize_texts`),
    in the case and lemma form ``tokens`` asks for, with its multiword expressions merged into
    single tokens."""
    if tokens.phrases:
        view = word_view(frame, tokens, text=text, caller=caller)
        return _MERGED_LISTS.get(f"{id(view)}", lambda: (view, view.lists()))[1]
    texts = frame[text].fillna("").astype(str).tolist()
    return tokenize_texts(texts, lowercase=tokens.lowercase, words_only=True, lemmas=tokens.lemmas)


#: Token lists of merged views, by the view's identity (the entry holds the view, so the
#: identity is not reused while it is kept): shared objects, like tokenize_texts' lists.
_MERGED_LISTS: Memo[tuple[object, list[list[str]]]] = Memo(size=2)


# --------------------------------------------------------------------------- on-disk cache
#: The modules whose source every cached result of :mod:`analysis.terms` depends on (with the
#: library versions, :func:`analysis.cache.source_key`).
CACHE_MODULES = ("analysis.terms", "analysis.tokens", "analysis.text", "analysis.token_options",
                 "analysis.periods", "analysis.turns", "analysis.types")


def turns_key(kind: str, frame: pd.DataFrame, options: object, *, columns: Sequence[str] = (),
              modules: Sequence[str] = CACHE_MODULES) -> str:
    """The on-disk cache key (:func:`analysis.cache.cached_frame`) of a result computed from
    ``frame``'s texts and ``columns``.

    It hashes ``kind``, ``repr(options)``, every text (``text``, missing read as ""), the
    names, dtypes, missing values and values of ``columns`` (:func:`analysis.cache.columns_digest`;
    a column the frame lacks is keyed as absent), the source of ``modules``, the library versions, the
    project's word lists (``analysis/lexicons``) and, for texts with a Han character, the
    Chinese segmenter.

    Parameters
    ----------
    kind : str
        What is cached, with a version (``"terms-dispersion-v1"``).
    frame : pandas.DataFrame
        The turns the result is computed from.
    options : object
        Every other input of the result; its ``repr`` is hashed.
    columns : sequence of str, default=()
        The other columns the result reads (parts, groups, dates).
    modules : sequence of str, default=CACHE_MODULES

    Returns
    -------
    str
        A 128-bit hex digest.
    """
    from ..cache import columns_digest, content_key, data_key, source_key
    from ..languages import segmenter_salt

    texts = frame["text"].fillna("").astype(str).tolist()
    return content_key(kind, source_key(*modules), data_key("lexicons"), segmenter_salt(texts), repr(options),
                       columns_digest(frame, columns), str(len(texts)), *texts)


# --------------------------------------------------------------------------- counting
@dataclass(frozen=True)
class Counted:
    """Counts of every row of a frame: ``matrix`` (rows x terms, CSR int64), ``vocabulary``
    (sorted terms, the columns), ``n_words`` (word tokens per row, stop words included)."""

    matrix: sp.csr_matrix
    vocabulary: np.ndarray
    n_words: np.ndarray


def count_rows(frame: pd.DataFrame, tokens: TokenOptions, *, text: str = "text", min_rows: int = 1,
               caller: str = "count_rows", n_jobs: int = -1, progress: bool = False) -> Counted:
    """Term counts of every row of ``frame``, its terms made as ``tokens`` says; ``progress``
    shows ``<caller>: counting terms in N texts ... 12 s`` while they are counted (the slow
    part of every term table on a large corpus; :func:`analysis._progress.step`).

    ``min_rows`` keeps only the terms found in that many rows or more (a caller that keeps a
    term only when it occurs in ``k`` transcripts can pass ``k``: no term in fewer rows can
    pass); for n-grams they are dropped before any n-gram string is made.

    Single words (merged ``phrases`` among them) of a large corpus whose text layer this
    process does not hold are counted on ``n_jobs`` processes straight from the texts
    (:func:`count_words_apart`), unless the on-disk cache holds that layer
    (:func:`analysis.tokens.table_on_disk`: reading it costs less than counting apart, with
    or without ``phrases``); otherwise terms are counted from the text layer
    (:func:`analysis.tokens.token_table`, read when cached, else built on ``n_jobs``
    processes when it is not -1), with merged ``phrases`` and n-grams as below.

    Each row is counted with ``collections.Counter`` (C-level counting), the distinct terms
    are numbered in one dictionary, and the vocabulary is sorted once at the end; stop words
    are dropped as columns. N-grams follow scikit-learn's ``CountVectorizer``: stop words are
    removed first, then n-grams are formed. Merged ``phrases`` are single tokens throughout
    (one word each in ``n_words``).

    The result is kept in memory (:data:`_COUNTED`, keyed by each text's length and hash, the
    token options and ``min_rows``): term tables of one corpus by several groupings count its
    terms once. It is shared: callers read it and never change it in place.
    """
    texts = frame[text].fillna("").astype(str).tolist()
    key = _counted_key(texts, tokens, min_rows)
    with step(f"{caller}: counting terms in {len(frame):,} texts", enabled=progress):
        return _COUNTED.get(key, lambda: _count_rows(frame, texts, tokens, text=text, min_rows=min_rows,
                                                     caller=caller, n_jobs=n_jobs))


#: The counts of :func:`count_rows`, kept by content and options (a few corpora or cuts of one).
_COUNTED: Memo[Counted] = Memo(4)


def _counted_key(texts: list[str], tokens: TokenOptions, min_rows: int) -> str:
    """The key of :func:`count_rows`' counts of ``texts``: a digest of each text's fingerprint
    (:func:`analysis.tokens._fingerprints`: its length and Python's keyed string hash, kept in the
    string once computed: no text is read twice), the token options and ``min_rows``."""
    import hashlib

    from ..tokens import _fingerprints

    h = hashlib.blake2b(digest_size=16)
    h.update(repr((tokens, min_rows, len(texts))).encode())
    h.update(_fingerprints(texts).tobytes())
    return h.hexdigest()


def _count_rows(frame: pd.DataFrame, texts: list[str], tokens: TokenOptions, *, text: str, min_rows: int,
                caller: str, n_jobs: int) -> Counted:
    """:func:`count_rows` without its progress line and memo (``texts``: the ``text`` column as strings)."""
    from ..tokens import table_on_disk

    stops = resolve_stop_words(tokens.stop_words)
    ngram_range = tokens.ngram_range
    phrases = compile_phrases(tokens, caller=caller)
    if ngram_range == (1, 1) and words_apart(texts, n_jobs=n_jobs) and not table_on_disk(texts):
        counted = count_words_apart(texts, tokens, stops=stops, n_jobs=n_jobs, phrases=phrases)
        if counted is not None:
            return _min_rows(counted, min_rows)
    if n_jobs != -1:  # the layer is kept by content: the counts below read it as built here
        from ..tokens import token_table

        token_table(texts, n_jobs=n_jobs)
    del texts
    if not tokens.phrases or ngram_range == (1, 1):
        return _count_words_view(frame, tokens, stops=stops, text=text, min_rows=min_rows, caller=caller)
    toks = token_lists(frame, tokens, text=text, caller=caller)
    n_words = np.fromiter((len(t) for t in toks), dtype=np.int64, count=len(toks))
    docs: Iterable[Sequence[str]] = toks
    if ngram_range != (1, 1):
        docs = (_ngrams(t, ngram_range, stops) for t in toks)
    vocab: dict[str, int] = {}
    indices: list[int] = []
    data: list[int] = []
    indptr = [0]
    for d in docs:
        c = Counter(d)
        indices.extend([vocab.setdefault(w, len(vocab)) for w in c])
        data.extend(c.values())
        indptr.append(len(indices))
    terms = np.array(list(vocab), dtype=object)
    order = np.argsort(terms, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    matrix = sp.csr_matrix((np.asarray(data, dtype=np.int64), rank[np.asarray(indices, dtype=np.int64)],
                            np.asarray(indptr, dtype=np.int64)), shape=(len(toks), len(terms)))
    matrix.sort_indices()
    terms = terms[order]
    if stops and ngram_range == (1, 1) and len(terms):
        keep = ~pd.Index(terms).str.lower().isin(stops)
        matrix = matrix[:, np.flatnonzero(keep)]
        terms = terms[keep]
    return _min_rows(Counted(matrix.tocsr(), terms, n_words), min_rows)


def words_apart(texts: list[str], *, n_jobs: int = -1) -> bool:
    """Whether single words of ``texts`` are counted apart from the text layer
    (:func:`count_words_apart`): for a corpus the layer builds on several processes
    (:data:`analysis.tokens.PARALLEL_CHARS` characters or more), whose layer this process does
    not hold already and whose texts do not start in Chinese (Chinese words are cut by the
    layer; a Han character found further on also hands the count back to it)."""
    from ..tokens import PARALLEL_CHARS, _work, _workers, holds_table

    if _workers(n_jobs) <= 1 or sum(map(len, texts)) < PARALLEL_CHARS:
        return False
    return _work(texts) is None and not holds_table(texts)


def count_words_apart(texts: list[str], tokens: TokenOptions, *, stops: frozenset[str],
                      n_jobs: int = -1, phrases: Phrases = ()) -> Counted | None:
    """:func:`count_rows` of single words without building the text layer: runs of
    consecutive texts of about equal size are counted chunk by chunk on ``n_jobs`` processes
    (:func:`on_workers`), each dropping the stop words' columns
    (:func:`analysis.tokens.count_chunks`, as :func:`analysis.scale.count_files` counts
    files), and merged into one sorted vocabulary (:func:`analysis.tokens.merge_counts`); with
    ``phrases`` (:func:`.mwe.compile_phrases` of ``tokens``) each worker also merges them in
    every text's words before counting (:func:`_count_merged`).

    Equal to :func:`count_rows` through the layer (tested); None when a text holds a Han
    character.
    """
    from ..tokens import _count_texts, merge_counts

    lowercase, lemmas = bool(tokens.lowercase or tokens.lemmas), bool(tokens.lemmas)
    if phrases:
        parts = on_workers(_count_merged, texts, (lowercase, lemmas, frozenset(stops), phrases), n_jobs=n_jobs)
    else:
        parts = on_workers(_count_texts, texts, (lowercase, lemmas, frozenset(stops)), n_jobs=n_jobs)
    if any(p is None for p in parts):
        return None
    matrix, terms, n_words = merge_counts(parts)
    return Counted(matrix, terms, n_words.astype(np.int64))


def on_workers(func: Callable[[tuple], T], texts: list[str], args: tuple, *, n_jobs: int) -> list[T]:
    """``func((batch, *args))`` for runs of consecutive ``texts`` of about equal size, one per
    process of ``n_jobs`` (-1: every core), in order. ``func`` is a module-level function.

    Where processes are forked (Linux), this process runs the first batch itself while a
    forked child runs each other one (:func:`_on_forks`): a child inherits its batch, so no
    text is copied to it, and sends back only its result. Elsewhere joblib's fresh ("loky")
    workers run every batch; in a daemonic process (a worker of a pool) all run here.
    """
    import multiprocessing as mp
    import sys

    from ..tokens import _workers, size_batches

    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    workers = _workers(n_jobs)
    jobs = [(batch, *args) for batch in size_batches(texts, sizes, workers)]
    if workers <= 1 or len(jobs) <= 1 or mp.current_process().daemon:
        return [func(job) for job in jobs]
    if sys.platform.startswith("linux"):
        return _on_forks(func, jobs)
    from joblib import Parallel, delayed

    return Parallel(n_jobs=workers, backend="loky")(delayed(func)(job) for job in jobs)


def _on_forks(func: Callable[[tuple], T], jobs: list[tuple]) -> list[T]:
    """``[func(job) for job in jobs]``: ``jobs[0]`` in this process, each other job in a forked
    child started first (:func:`_run_and_send`), its result read from a pipe. An exception
    raised by ``func`` in a child is raised here; children still running when this process
    stops waiting are terminated."""
    import multiprocessing as mp

    context = mp.get_context("fork")
    children = []
    finished = False
    try:
        for job in jobs[1:]:
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_run_and_send, args=(func, job, send), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        out = [func(jobs[0])]
        for child, receive in children:
            try:
                ok, got = receive.recv()
            except EOFError:
                child.join()
                raise RuntimeError(f"a worker process ended without its result (exit code {child.exitcode})") from None
            if not ok:
                raise got
            out.append(got)
        finished = True
        return out
    finally:
        for child, receive in children:
            receive.close()
            if not finished:
                child.terminate()
            child.join()


def _run_and_send(func: Callable[[tuple], T], job: tuple, send) -> None:
    """In a forked child: ``(True, func(job))``, or ``(False, exception)``, sent through ``send``."""
    try:
        result = (True, func(job))
    except BaseException as exc:  # sent to the parent, which raises it
        result = (False, exc)
    send.send(result)
    send.close()


def _count_merged(job: tuple[list[str], bool, bool, frozenset[str], Phrases]) -> dict | None:
    """A worker's counts of a batch of texts with expressions merged (the pieces
    :func:`analysis.tokens.count_chunks` returns, for :func:`analysis.tokens.merge_counts`);
    None at a Han character.

    Each block of about :data:`analysis.tokens.CHUNK_BLOCK` chunks (whole texts) is read
    through one :class:`analysis.tokens.ChunkWords`; its words are laid out in text order
    (the words of a chunk of several in place), merged inside each text (:func:`.mwe.merge_ids`,
    as :func:`.mwe.merge_view` merges the layer's words) and counted per text. The vocabulary
    holds only the words counted somewhere (a word seen only inside an expression has no
    column), stop words dropped.
    """
    from ..tokens import CHUNK_BLOCK, ChunkWords, HanChunk, word_form

    texts, lowercase, lemmas, stops, phrases = job
    memo = ChunkWords(word_form(lowercase=lowercase, lemmas=lemmas), stop_at_han=True)
    n_texts = len(texts)
    n_words = np.zeros(n_texts, dtype=np.int64)
    blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    chunks: list[str] = []
    lens: list[int] = []
    first = 0  # the first text of the block
    try:
        for text in texts:
            split = text.split()
            chunks += split
            lens.append(len(split))
            if len(chunks) >= CHUNK_BLOCK:
                blocks.append(_merged_block(chunks, lens, first, memo, phrases, n_words))
                first += len(lens)
                chunks, lens = [], []
        if lens:
            blocks.append(_merged_block(chunks, lens, first, memo, phrases, n_words))
    except HanChunk:
        return None
    rows, ids, data = (np.concatenate([b[i] for b in blocks]) if blocks else np.zeros(0, np.int64) for i in range(3))
    vocab = np.array(list(memo.vocab), dtype=object)
    used = np.zeros(len(vocab), dtype=bool)
    used[ids] = True
    order = np.flatnonzero(used)
    order = order[np.argsort(vocab[order], kind="stable")]
    if stops and len(order):
        order = order[~pd.Index(vocab[order]).str.lower().isin(stops)]
    rank = np.full(len(vocab), -1, dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    col = rank[ids]
    kept = col >= 0
    rows, col, data = rows[kept], col[kept], data[kept]
    indptr = np.zeros(n_texts + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n_texts), out=indptr[1:])
    counts = sp.csr_matrix((data.astype(np.uint32), col, indptr), shape=(n_texts, len(order)), copy=False)
    counts.sort_indices()
    return {"vocab": vocab[order].tolist(), "indptr": indptr, "indices": counts.indices.astype(np.int32, copy=False),
            "data": counts.data, "n_words": n_words}


def _merged_block(chunks: list[str], lens: list[int], first: int, memo, phrases: Phrases,
                  n_words: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The counts of a block of texts (``lens[i]`` of the ``chunks`` in its text ``i``, text
    ``first`` of the batch first) with ``phrases`` merged: (text, word id, count) per cell,
    by text then id; the block's entries of ``n_words`` (a merged expression one word) are
    filled in. An expression's id is that of its words joined by a space in ``memo``."""
    k = len(lens)
    codes, distinct = pd.factorize(np.array(chunks, dtype=object), sort=False)
    code = np.fromiter(map(memo.__getitem__, distinct), dtype=np.int64, count=len(distinct))
    row = np.repeat(np.arange(k, dtype=np.int64), lens)
    multi = np.flatnonzero(code < -1)
    if len(multi):  # chunks of several words: their words in place, in order
        words = [memo.multi[-2 - c] for c in code[multi].tolist()]
        size = (code >= 0).astype(np.int64)
        size[multi] = [len(w) for w in words]
        start = np.zeros(len(code) + 1, dtype=np.int64)
        np.cumsum(size, out=start[1:])
        flat = np.empty(int(start[-1]), dtype=np.int64)
        single = code >= 0
        flat[start[:-1][single]] = code[single]
        flat[_ranges(start[multi], size[multi])] = np.fromiter(chain.from_iterable(words), dtype=np.int64)
        n_per = size[codes]
        ids = flat[_ranges(start[codes], n_per)]
        row = np.repeat(row, n_per)
    else:
        ids = code[codes]
        kept = ids >= 0
        ids, row = ids[kept], row[kept]
    n_types = len(memo.vocab)
    ids, kept = merge_ids(ids, row, [[memo.vocab.get(w) for w in words] for words in phrases], n_types)
    ids, row = ids[kept], row[kept]
    merged = ids >= n_types
    if merged.any():
        which = np.unique(ids[merged] - n_types)
        phrase_id = np.zeros(len(phrases), dtype=np.int64)
        phrase_id[which] = [memo.word_id(" ".join(phrases[w])) for w in which.tolist()]
        ids[merged] = phrase_id[ids[merged] - n_types]
    n_words[first:first + k] = np.bincount(row, minlength=k)
    n_ids = len(memo.vocab)
    cell, counts = np.unique(row * n_ids + ids, return_counts=True)  # by text, then id
    cell_row = cell // n_ids
    return cell_row + first, cell - cell_row * n_ids, counts


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``starts[i], starts[i] + 1, ..., starts[i] + sizes[i] - 1`` for every ``i``, end to end."""
    total = int(sizes.sum())
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(total, dtype=np.int64)


def _min_rows(counted: Counted, min_rows: int) -> Counted:
    """``counted`` with only the terms found in ``min_rows`` rows or more."""
    if min_rows <= 1:
        return counted
    keep = np.flatnonzero(np.diff(counted.matrix.tocsc().indptr) >= min_rows)
    return Counted(counted.matrix[:, keep].tocsr(), counted.vocabulary[keep], counted.n_words)


def _count_words_view(frame: pd.DataFrame, tokens: TokenOptions, *, stops: frozenset[str], text: str,
                      min_rows: int = 1, caller: str = "count_rows") -> Counted:
    """:func:`count_rows` straight from the text layer's integer arrays
    (:meth:`analysis.tokens.TokenTable.words`): no token strings are made per token.

    Single words are counted per type and stop words dropped as columns; for n-grams, stop
    words are removed from each row first and the n-grams of the remaining words are numbered
    as integer tuples, so a string is made once per distinct n-gram (as
    scikit-learn's ``CountVectorizer`` forms them, and as :func:`_ngrams` does on lists).
    """
    view = word_view(frame, tokens, text=text, caller=caller)
    ngram_range = tokens.ngram_range
    n_rows = len(frame)
    types = np.asarray(view.types, dtype=object)
    if ngram_range == (1, 1):
        used = np.flatnonzero(np.bincount(view.tid, minlength=len(types)) > 0)  # the types include non-words
        terms = types[used]
        order = np.argsort(terms, kind="stable")
        if stops and len(terms):
            order = order[~pd.Index(terms[order]).str.lower().isin(stops)]
        matrix = word_counts(view, used[order])
        return _min_rows(Counted(matrix, terms[order], view.n_words.astype(np.int64)), min_rows)
    row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(view.offset))
    tid = view.tid.astype(np.int64)
    if stops and len(types):
        keep = ~pd.Index(types).str.lower().isin(stops)
        kept = keep[tid]
        tid, row = tid[kept], row[kept]
    n_words = view.n_words.astype(np.int64)
    # rows and columns held as int32 when every row and n-gram number fits (at most one n-gram per word per n)
    index = np.int32 if max(n_rows, len(tid) * (ngram_range[1] - ngram_range[0] + 1)) < 2**31 else np.int64
    rows_all, cols_all, data_all, names = [], [], [], []
    base = 0
    lo, hi = ngram_range
    for n in range(lo, hi + 1):
        if len(tid) < n:
            continue
        at = np.flatnonzero(row[:len(tid) - n + 1] == row[n - 1:])  # n-grams whose n words are in one row
        code = tid[at]
        for j in range(1, n):  # number the distinct n-grams, one word at a time (ids < len(types))
            code = pd.factorize(code * len(types) + tid[at + j], sort=False)[0].astype(np.int64)
        gram = pd.factorize(code, sort=False)[0].astype(np.int64) if n == 1 else code
        del code
        n_gram = int(gram.max()) + 1 if len(gram) else 0
        first = np.zeros(n_gram, dtype=np.int64)
        first[gram] = at  # an occurrence of each n-gram (any one) gives its words
        if min_rows > 1:
            # one cell per (row, n-gram) with its count, and the n-grams of too few rows dropped
            # before their strings are made: the matrix is built from the kept cells, not from
            # every occurrence
            key = row[at]  # (row, n-gram) keys, made in place with the occurrences freed before the sort
            key *= n_gram
            key += gram
            del at, gram
            cell_row, cell_gram, count = _cells(key, n_gram)
            del key
            kept_gram = np.bincount(cell_gram, minlength=n_gram) >= min_rows
            kept = kept_gram[cell_gram]
            cell_row, cell_gram, count = cell_row[kept], cell_gram[kept], count[kept]
            cell_gram = (np.cumsum(kept_gram) - 1)[cell_gram]
            first = first[kept_gram]
        else:
            cell_row, cell_gram, count = row[at], gram, np.ones(len(at), dtype=np.int64)
            del at, gram
        label = types[tid[first]] if len(first) else np.zeros(0, dtype=object)
        for j in range(1, n):
            label = label + " " + types[tid[first + j]]
        names.append(np.asarray(label, dtype=object))
        rows_all.append(cell_row.astype(index))
        cols_all.append((cell_gram + base).astype(index))
        data_all.append(count)
        del cell_row, cell_gram, count
        base += len(first)
    del row, tid
    all_names = np.concatenate(names) if names else np.zeros(0, dtype=object)
    order = np.argsort(all_names, kind="stable")
    rank = np.empty(len(order), dtype=index)  # column of each n-gram once sorted by its string
    rank[order] = np.arange(len(order), dtype=index)
    # laid out n-gram by n-gram (SciPy's COO to CSR keeps the given order within a line): each
    # n-gram's rows come ascending (its occurrences or cells in text order), so no sort is needed
    rows = np.concatenate(rows_all) if rows_all else np.zeros(0, index)
    del rows_all
    cols = rank[np.concatenate(cols_all)] if cols_all else np.zeros(0, index)
    del cols_all
    data = np.concatenate(data_all) if data_all else np.zeros(0, np.int64)
    del data_all
    by_gram = sp.csr_matrix((data, (cols, rows)), shape=(len(all_names), n_rows))
    del rows, cols, data
    matrix = by_gram.T.tocsr()
    del by_gram
    matrix.sort_indices()  # already sorted: marks them so
    return Counted(matrix, all_names[order], n_words)


def _cells(key: np.ndarray, n_cols: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct cells of occurrences given as ``key = row * n_cols + column`` (int64), by
    row then column: their rows, columns and counts (int64). ``key`` is sorted in place."""
    key.sort()
    if not len(key):
        return key, key.copy(), key.copy()
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    count = np.diff(np.r_[start, len(key)])
    key = key[start]
    return key // n_cols, key % n_cols, count


def word_counts(view: WordTable, columns: np.ndarray) -> sp.csr_matrix:
    """Rows x ``columns`` counts of a word view: column ``j`` counts type ``columns[j]``.

    Equal to ``view.counts()[:, columns]`` with sorted indices (CSR, int64), made without
    sorting: the tokens kept are laid out column by column in text order (a counting sort,
    SciPy's COO to CSR), so each column's rows come ascending and its repeats are adjacent;
    repeats are summed and the columns x rows matrix is transposed, both in linear time.

    Parameters
    ----------
    view : WordTable
        The word tokens of every row (:func:`word_view`).
    columns : numpy.ndarray of int
        Type ids (indices into ``view.types``), each at most once, in the order of the columns.

    Returns
    -------
    scipy.sparse.csr_matrix
        Shape ``(rows, len(columns))``, int64 counts, canonical (sorted indices, no repeats).
    """
    from ..tokens import kept_per_text

    n_rows = len(view.offset) - 1
    # 32-bit columns, rows and ones while they fit (the counts are made int64 once summed), and
    # the rows of the kept tokens from each row's count of them (no row number per token)
    small = np.int32 if max(n_rows, len(columns), len(view.tid)) < 2**31 else np.int64
    column_of = np.full(len(view.types), -1, dtype=small)
    column_of[np.asarray(columns, dtype=np.int64)] = np.arange(len(columns), dtype=small)
    col = column_of[view.tid]
    kept = col >= 0
    col = col[kept]
    per_row = kept_per_text(kept, view.offset[1:])
    del kept
    rows = np.repeat(np.arange(n_rows, dtype=small), per_row)
    by_column = sp.csr_matrix((np.ones(len(col), dtype=small), (col, rows)), shape=(len(columns), n_rows))
    del col, rows
    matrix = by_column.T.tocsr()
    del by_column
    matrix.data = matrix.data.astype(np.int64)
    matrix.sort_indices()  # already sorted: marks them so
    return matrix


def _ngrams(tokens: Sequence[str], ngram_range: tuple[int, int], stops: frozenset[str]) -> list[str]:
    kept = [w for w in tokens if w.lower() not in stops] if stops else list(tokens)
    lo, hi = ngram_range
    grams: list[str] = []
    for n in range(lo, hi + 1):
        if n == 1:
            grams.extend(kept)
        else:
            grams.extend(" ".join(kept[i:i + n]) for i in range(len(kept) - n + 1))
    return grams


# --------------------------------------------------------------------------- groupings
def with_date_buckets(frame: pd.DataFrame, cols: Iterable[str], *, caller: str) -> pd.DataFrame:
    """Add derived date-bucket columns (``"month"``...) named in ``cols`` that the frame lacks.

    Each holds the start of the period (a Timestamp; NaT when the date is unknown).
    """
    wanted = [c for c in cols if c not in frame.columns and c in DATE_BUCKETS]
    if not wanted:
        return frame
    check_columns(frame, ["date"], caller=caller)
    out = frame.copy()
    dates = pd.to_datetime(out["date"])
    for c in wanted:
        out[c] = period_start(dates, c)
    return out


def group_codes(frame: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number of every row and the groups (one row each, sorted; missing values kept)."""
    if not cols:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1 if len(frame) else 0))
    grouped = frame.groupby(cols, sort=True, dropna=False, observed=True)
    codes = grouped.ngroup().to_numpy()
    keys = grouped.size().reset_index()[cols]
    return codes, keys


def indicator(codes: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """Sparse (groups x rows) 0/1 matrix; ``indicator @ counts`` sums rows per group."""
    n = len(codes)
    return sp.csr_matrix((np.ones(n, dtype=np.int64), (codes, np.arange(n))), shape=(n_groups, n))


def label(value: Hashable) -> str:
    """A readable group label: dates as ``YYYY-MM-DD``, tuples joined by " / "."""
    if isinstance(value, tuple):
        return " / ".join(label(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return "NaT" if pd.isna(value) else f"{value:%Y-%m-%d}"
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "(missing)"
    return str(value)


# --------------------------------------------------------------------------- comparisons
@dataclass(frozen=True)
class Comparison:
    target: str
    reference: str
    target_groups: tuple[int, ...]
    reference_groups: tuple[int, ...]


COMPARE_MODES = {None, "rest", "pairs", "previous"}


#: The group column a boolean mask given as ``target`` makes (:func:`mask_groups`), and its labels.
MASK_COLUMN, MASK_TARGET, MASK_REFERENCE = "group", "target", "reference"


def mask_groups(frame: pd.DataFrame, target, reference, compare: str | None, by, *, caller: str
                ) -> tuple[pd.DataFrame, object, object, object]:
    """``(frame, target, reference, by)`` as a comparison takes them: when ``target`` is a
    boolean mask of the turns (a Series on ``frame``'s index, or an array of its length, as
    quanteda's ``textstat_keyness(target = ...)`` takes a logical vector), the turns get a
    column ``group`` (:data:`MASK_COLUMN`), "target" where the mask is True and "reference"
    elsewhere, and the comparison is "target" against "reference" by that column; any other
    ``target`` is returned with the rest as given.

    Examples
    --------
    >>> turns = pd.DataFrame({"year": [1999, 2001, 2003], "text": ["a", "b", "c"]})
    >>> f, t, r, by = mask_groups(turns, turns["year"] >= 2000, None, None, "role", caller="f")
    >>> f["group"].tolist(), t, r, by
    (['reference', 'target', 'target'], 'target', 'reference', 'group')
    >>> mask_groups(turns, turns["year"], None, None, "role", caller="f")
    Traceback (most recent call last):
    ...
    TypeError: f(): target must be a value of by ('role'), a list of them, or a boolean mask of the turns; \
got a Series of int64
    """
    if (isinstance(target, (list, tuple)) and len(target) == len(frame) > 1
            and all(isinstance(v, (bool, np.bool_)) for v in target)):
        target = np.asarray(target, dtype=bool)  # a list of True/False, one per turn: a mask too
    if not isinstance(target, (pd.Series, np.ndarray)):
        return frame, target, reference, by
    values = target
    if isinstance(target, pd.Series):
        if target.dtype != bool:
            raise TypeError(f"{caller}(): target must be a value of by ({by!r}), a list of them, or a boolean mask "
                            f"of the turns; got a Series of {target.dtype}")
        if not target.index.equals(frame.index):
            raise ValueError(f"{caller}(): the target mask's index differs from the turns' (make it from the same "
                             f"frame: turns['year'] >= 2000)")
        values = target.to_numpy()
    elif target.dtype != bool or target.shape != (len(frame),):
        raise TypeError(f"{caller}(): target must be a value of by ({by!r}), a list of them, or a boolean mask of "
                        f"the {len(frame):,} turns; got an array of {target.dtype}, shape {target.shape}")
    if reference is not None or compare is not None:
        raise ValueError(f"{caller}(): a boolean target compares the turns it selects with the rest; give no "
                         f"reference or compare with it")
    if not values.any() or values.all():
        raise EmptyResultError(f"{caller}(): the target mask selects {'no' if not values.any() else 'every'} turn: "
                               f"nothing to compare")
    labels = np.where(values, MASK_TARGET, MASK_REFERENCE).astype(object)
    return frame.assign(**{MASK_COLUMN: labels}), MASK_TARGET, MASK_REFERENCE, MASK_COLUMN


def as_values(x) -> list:
    if isinstance(x, (list, set, frozenset)):
        return list(x)
    return [x]


def find_groups(keys: pd.DataFrame, cols: list[str], values, *, name: str, caller: str) -> list[int]:
    tuples = list(keys.itertuples(index=False, name=None))
    lookup = {(t[0] if len(cols) == 1 else t): i for i, t in enumerate(tuples)}
    out = []
    written: dict[str, list[int]] = {}  # a value as text: "2024" names the integer 2024 of a year column
    if len(cols) == 1:
        for k, i in lookup.items():
            written.setdefault(str(k), []).append(i)
    for v in values:
        key = tuple(v) if len(cols) > 1 and isinstance(v, (list, tuple)) else v
        if key not in lookup and isinstance(key, str) and len(written.get(key, ())) == 1:
            out.append(written[key][0])
            continue
        if key not in lookup:
            have = ", ".join(repr(k) for k in list(lookup)[:12]) + (", ..." if len(lookup) > 12 else "")
            raise EmptyResultError(
                f"{caller}(): {name}={v!r} matches no turns in column(s) {', '.join(cols)}; "
                f"values present: {have}.")
        out.append(lookup[key])
    return out


def group_labels(keys: pd.DataFrame) -> list[str]:
    """One readable label per group (row of ``keys``)."""
    one = keys.shape[1] == 1
    return [label(t[0] if one else t) for t in keys.itertuples(index=False, name=None)]


def plan_comparisons(keys: pd.DataFrame, cols: list[str], target, reference, compare: str | None,
                     *, caller: str) -> list[Comparison]:
    """Which groups form the target and the reference of each comparison."""
    n = len(keys)
    labels = group_labels(keys)
    if compare is None:
        if target is None:
            raise ValueError(f"{caller}(): give target (a value of {', '.join(cols)}) or compare="
                             f"'rest', 'pairs' or 'previous'.")
        tvals = as_values(target)
        tg = find_groups(keys, cols, tvals, name="target", caller=caller)
        if reference is None:
            rg = [i for i in range(n) if i not in set(tg)]
            rlabel = "rest"
        else:
            rvals = as_values(reference)
            rg = find_groups(keys, cols, rvals, name="reference", caller=caller)
            rlabel = " + ".join(labels[i] for i in rg)
            overlap = set(tg) & set(rg)
            if overlap:
                raise ValueError(f"{caller}(): target and reference share group(s) "
                                 f"{', '.join(labels[i] for i in sorted(overlap))}.")
        if not rg:
            raise EmptyResultError(f"{caller}(): the reference is empty: every turn is in the target. "
                                   f"Give a reference or a grouping with more than one value.")
        return [Comparison(" + ".join(labels[i] for i in tg), rlabel, tuple(tg), tuple(rg))]
    if target is not None or reference is not None:
        raise ValueError(f"{caller}(): give either target/reference or compare={compare!r}, not both.")
    if n < 2:
        raise EmptyResultError(f"{caller}(): compare={compare!r} needs at least two groups of "
                               f"{', '.join(cols)}; found {n}.")
    if compare == "rest":
        return [Comparison(labels[i], "rest", (i,), tuple(j for j in range(n) if j != i)) for i in range(n)]
    if compare == "pairs":
        return [Comparison(labels[i], labels[j], (i,), (j,)) for i in range(n) for j in range(i + 1, n)]
    # "previous": groups in sorted (time) order; a group with a missing key has no place in it
    ordered = [i for i in range(n) if not keys.iloc[i].isna().any()]
    return [Comparison(labels[i], labels[h], (i,), (h,)) for h, i in zip(ordered, ordered[1:])]


# --------------------------------------------------------------------------- patterns
_WILDCARD = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class Pattern:
    """A word, phrase or wildcard pattern compiled against token streams.

    ``elements`` holds, per word position, either an exact token or a compiled regex.
    """

    text: str
    elements: tuple[str | re.Pattern, ...]


def compile_pattern(pattern: str, tokens: TokenOptions, *, caller: str) -> Pattern:
    """Split ``pattern`` on white space; a piece with ``*``, ``?`` or ``[...]`` is a
    shell-style wildcard for one token, any other piece is tokenized like the text (case and
    lemmas as ``tokens`` says; its phrases are merged by :func:`as_patterns`)."""
    check_type("pattern", pattern, str, caller=caller)
    lowercase, lemmas = tokens.lowercase, tokens.lemmas
    elements: list[str | re.Pattern] = []
    for piece in pattern.split():
        if _WILDCARD.search(piece):
            rx = fnmatch.translate(normalize_token(piece, lowercase=lowercase or lemmas))
            elements.append(re.compile(rx))
            continue
        for tok in tokenize(piece):
            if not is_word(tok):
                continue
            tok = normalize_token(tok, lowercase=lowercase or lemmas)
            elements.append(lemmatize(tok) if lemmas else tok)
    if not elements:
        raise ValueError(f"{caller}(): pattern {pattern!r} contains no word to match.")
    return Pattern(pattern, tuple(elements))


@dataclass(frozen=True)
class StreamIndex:
    """A token stream as integers: ``codes`` (one per token, all rows end to end), ``vocab``
    (the distinct tokens) and ``starts`` (offset of each row; ``starts[-1]`` = all tokens)."""

    codes: np.ndarray
    vocab: np.ndarray
    starts: np.ndarray


#: Indexes by identity of the stream; the entry holds the stream, which keeps that identity
#: from being reused while it is kept.
_INDEX_CACHE: Memo[tuple[object, StreamIndex]] = Memo(size=4)


def stream_index(docs: Sequence[Sequence[str]] | WordTable) -> StreamIndex:
    """Integer codes of a token stream, built once per stream.

    A word view of the text layer (:class:`~analysis.tokens.WordTable`, from
    :func:`word_view`) is one already: its type ids, types and offsets, no string made.
    Streams from :func:`analysis.text.tokenize_texts` are shared objects (cached by content
    hash), so their index is memoized by the stream's identity.
    """
    from ..tokens import WordTable

    if isinstance(docs, WordTable):
        return StreamIndex(docs.tid, np.asarray(docs.types, dtype=object), docs.offset)

    def build() -> tuple[object, StreamIndex]:
        lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        flat = np.fromiter(chain.from_iterable(docs), dtype=object, count=int(lengths.sum()))
        codes, vocab = pd.factorize(flat)
        return docs, StreamIndex(codes.astype(np.int32 if len(vocab) < 2**31 else np.int64),
                                 np.asarray(vocab, dtype=object), np.concatenate([[0], np.cumsum(lengths)]))

    return _INDEX_CACHE.get(id(docs), build)[1]


def find_matches(docs: Sequence[Sequence[str]] | WordTable, pattern: Pattern) -> np.ndarray:
    """Every match of ``pattern``: an int64 array of rows ``(row, first word index, n words)``,
    in text order.

    Vectorised over the integer-coded stream (:func:`stream_index`): candidate positions of
    the first element are found with ``numpy.isin`` and narrowed element by element. Matches
    of one pattern do not overlap (a match that starts inside the previous one in the same
    row is dropped), so counts equal the number of concordance lines.
    """
    idx = stream_index(docs)
    ids = []
    for el in pattern.elements:
        if isinstance(el, str):
            ids.append(np.flatnonzero(idx.vocab == el))
        else:
            ids.append(np.flatnonzero(np.fromiter((el.fullmatch(w) is not None for w in idx.vocab),
                                                  dtype=bool, count=len(idx.vocab))))
    k = len(ids)
    pos = np.flatnonzero(np.isin(idx.codes, ids[0])) if len(ids[0]) else np.zeros(0, dtype=np.int64)
    rows = np.searchsorted(idx.starts, pos, side="right") - 1
    if k > 1 and len(pos):
        ok = pos + k <= idx.starts[rows + 1]
        pos, rows = pos[ok], rows[ok]
        for j in range(1, k):
            ok = np.isin(idx.codes[pos + j], ids[j])
            pos, rows = pos[ok], rows[ok]
        if len(pos) > 1 and (np.diff(pos) < k).any():
            keep = np.ones(len(pos), dtype=bool)
            end = -1
            for m, p in enumerate(pos):
                if p < end:
                    keep[m] = False
                else:
                    end = p + k
            pos, rows = pos[keep], rows[keep]
    return np.column_stack([rows, pos - idx.starts[rows], np.full(len(pos), k)]).astype(np.int64)


def as_patterns(terms: str | Sequence[str], tokens: TokenOptions, *, caller: str) -> list[Pattern]:
    """Compiled patterns; with ``tokens.phrases``, their exact words merged as the text's are,
    so ``"hong kong"`` matches the merged token and ``"hong"`` only "hong" outside it."""
    items = [terms] if isinstance(terms, str) else list(terms)
    if not items:
        raise ValueError(f"{caller}(): terms must name at least one word, phrase or pattern.")
    patterns = [compile_pattern(t, tokens, caller=caller) for t in items]
    phrases = compile_phrases(tokens, caller=caller)
    if phrases:
        patterns = [Pattern(p.text, merge_elements(p.elements, phrases)) for p in patterns]
    return patterns
