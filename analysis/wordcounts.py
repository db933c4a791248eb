"""Word counts of many texts at once: :func:`analysis.text.count_words` of each, chunk by chunk.

The loader counts the words of every turn and paragraph it reads, and the analyses that cut
texts into new units (paragraphs, exchanges) count theirs the same way. A text is counted per
distinct white-space-separated chunk (a chunk of ASCII letters and digits read from
code-point arrays, the others tokenized once and remembered), on every core for a large
corpus; a text holding a Han character is counted in the token layer, whose words are
jieba's. The result is always ``count_words(text)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .text import _HAN_RE, CHUNK_MEMO_LIMIT, is_word, tokenize

__all__ = ["word_counts"]


def word_counts(texts: list[str], counts: Sequence[int | None] | None = None) -> list[int]:
    """``analysis.text.count_words`` of each of ``texts``.

    A text without a Han character is counted chunk by chunk (:func:`_count_words`); the
    words of a text with one are jieba's, so they are counted once, in the token layer
    (:func:`analysis.tokens.token_table` of all ``texts``: built on every core, kept in the
    cache folder, and the very table the analyses of these texts read next). ``counts``: the
    :func:`_chunk_word_counts` of the texts already counted (None for the others), as the
    loader's workers count them.
    """
    if counts is None:
        counts = _chunk_word_counts_on_cores(texts)
    else:
        missing = [i for i, n in enumerate(counts) if n is None]
        counts = list(counts)
        for i, n in zip(missing, _chunk_word_counts_on_cores([texts[i] for i in missing]) if missing else ()):
            counts[i] = n
    if any(n < 0 for n in counts):
        from .tokens import token_table

        table = token_table(texts)
        per_text = np.bincount(table.text[table.type_is_word[table.tid]], minlength=table.n_texts) \
            if len(table.tid) else np.zeros(table.n_texts, dtype=np.int64)
        counts = [int(per_text[i]) if n < 0 else n for i, n in enumerate(counts)]
    return counts


#: Characters of text from which :func:`_chunk_word_counts_on_cores` counts on every core.
PARALLEL_CHARS = 20_000_000
#: The texts of the running :func:`_chunk_word_counts_on_cores` (inherited by its forked workers).
_TEXTS: Sequence[str] = ()


def _chunk_word_counts_on_cores(texts: Sequence[str], *, n_jobs: int = -1) -> list[int]:
    """:func:`_chunk_word_counts` of ``texts``, on ``n_jobs`` forked processes (-1: every core)
    when they hold :data:`PARALLEL_CHARS` characters or more, each counting a run of texts of
    about equal length. Each text's count is its own, so the result is the one-process one."""
    import multiprocessing as mp
    import os

    workers = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    sizes = np.cumsum([len(t) for t in texts], dtype=np.int64)
    if (workers <= 1 or len(texts) < 2 * workers or not len(sizes) or sizes[-1] < PARALLEL_CHARS
            or "fork" not in mp.get_all_start_methods()):
        return _chunk_word_counts(texts)
    cuts = [0, *np.searchsorted(sizes, [sizes[-1] * k // workers for k in range(1, workers)]).tolist(),
            len(texts)]
    global _TEXTS
    _TEXTS = texts
    try:
        with mp.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_count_range, list(zip(cuts, cuts[1:])), chunksize=1)
    finally:
        _TEXTS = ()
    return [n for part in parts for n in part]


def _count_range(bounds: tuple[int, int]) -> list[int]:
    return _chunk_word_counts(_TEXTS[bounds[0]:bounds[1]])


#: A Han chunk's count in the memo of :func:`_chunk_word_counts` (negative, as any sum holding it).
_HAN_CHUNK = -(1 << 62)


#: Bits of a character's class in :data:`_CLASS`.
_SPACE, _ALNUM, _LAST_MARK, _FIRST_MARK = 1, 2, 4, 8


def _class_table() -> np.ndarray:
    """The class of each code point up to U+3001 (every code point above is looked up as
    U+3001, which has none): white space as ``str.split()`` sees it (U+3000 is the last such
    character), an ASCII letter or digit (a chunk of these alone is one word), a mark that ends
    (``peace,`` ``world.`` ``(1990)``) or opens (``(see`` ``"we``) a chunk of letters and digits
    (a token of its own, which is no word, beside the one word)."""
    table = np.array([_SPACE if chr(c).isspace() else 0 for c in range(0x3002)], dtype=np.uint8)
    table[[*range(48, 58), *range(65, 91), *range(97, 123)]] |= _ALNUM
    table[list(map(ord, '.,;:!?)"'))] |= _LAST_MARK
    table[list(map(ord, '("'))] |= _FIRST_MARK
    table.flags.writeable = False
    return table


#: The class bits of each code point (:func:`_class_table`), looked up once per character.
_CLASS = _class_table()


def _chunk_word_counts(texts: Sequence[str], known: dict[str, int] | None = None) -> list[int]:
    """:func:`_count_words` of each of ``texts`` with ``han=True`` (-1 for a text with a Han
    chunk), the texts' white-space-separated chunks found all at once.

    A chunk of ASCII letters and digits alone is one word: the token pattern reads it as one
    token (with no apostrophe, hyphen or second dot, no alternative but a word's matches it,
    nor ends inside it), which holds a letter or digit and is no clitic; so is such a chunk
    with one mark after it (``. , ; : ! ? ) "``) or before it (``( "``), the mark a token of
    its own, with no letter or digit. Each other chunk is counted by
    :func:`_count_words`' rule (:data:`_HAN_CHUNK` for a chunk with a Han character, so a
    text's sum is negative exactly when :func:`_count_words` gives -1), looked up in, or
    remembered up to ``CHUNK_MEMO_LIMIT`` in, ``known`` (a caller counting in several calls
    passes the same dictionary; None: a new one).
    """
    known = {} if known is None else known
    out: list[int] = []
    batch: list[str] = []
    size = 0
    for text in texts:  # batches of about CHUNK_BATCH_CHARS characters: the arrays stay small
        batch.append(text)
        size += len(text) + 1
        if size >= CHUNK_BATCH_CHARS:
            out += _batch_word_counts(batch, known)
            batch, size = [], 0
    return out + _batch_word_counts(batch, known) if batch else out


#: Characters of text :func:`_chunk_word_counts` reads in one set of arrays.
CHUNK_BATCH_CHARS = 1 << 18


def _batch_word_counts(texts: Sequence[str], known: dict[str, int]) -> list[int]:
    """:func:`_chunk_word_counts` of ``texts`` in one set of arrays (``texts`` not empty)."""
    joined = " ".join(texts)  # a space between texts: no chunk spans two
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _CLASS.take(codes, mode="clip")  # the one lookup of every character (beyond the table: its last)
    word = (cls & _SPACE) == 0
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    # characters other than letters, digits and white space so far
    odd = np.concatenate(([0], np.cumsum((cls & (_SPACE | _ALNUM)) == 0)))
    n_odd = odd[ends] - odd[starts]
    marked = (n_odd == 1) & (ends - starts >= 2) & (((cls[ends - 1] & _LAST_MARK) | (cls[starts] & _FIRST_MARK)) != 0)
    other = np.flatnonzero((n_odd != 0) & ~marked).tolist()
    bounds = np.cumsum([0, *(len(t) + 1 for t in texts)])
    text_of = np.searchsorted(bounds, starts, side="right") - 1
    n = np.bincount(text_of, minlength=len(texts)).tolist()  # every chunk as one word...
    han = [False] * len(texts)
    for i, a, b in zip(text_of[other].tolist(), starts[other].tolist(), ends[other].tolist()):
        chunk = joined[a:b]
        got = known.get(chunk)
        if got is None:
            got = _HAN_CHUNK if _HAN_RE.search(chunk) is not None else sum(1 for t in tokenize(chunk) if is_word(t))
            if len(known) < CHUNK_MEMO_LIMIT:
                known[chunk] = got
        if got < 0:
            han[i] = True
        else:
            n[i] += got - 1  # ...and the others as many as they hold
    return [-1 if h else c for c, h in zip(n, han)]


def _count_words(text: str, known: dict[str, int] | None = None, *, han: bool = False) -> int:
    """``analysis.text.count_words``, computed per distinct white-space-separated chunk.

    The token pattern never matches white space and its look-aheads see white space as
    they see the end of a text, so tokenizing each chunk alone gives the same tokens as
    tokenizing the whole text (the test suite checks the equality). ``known`` caches the
    number of words per chunk across calls of one caller. With ``han``, a text with a chunk
    holding a Han character is not counted here: -1.
    """
    known = {} if known is None else known
    n = 0
    for chunk in text.split():
        k = known.get(chunk)
        if k is None:
            k = -1 if han and _HAN_RE.search(chunk) is not None else sum(1 for t in tokenize(chunk) if is_word(t))
            if len(known) < CHUNK_MEMO_LIMIT:
                known[chunk] = k
        if k < 0:
            return -1
        n += k
    return n
