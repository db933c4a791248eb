"""Multiword expressions counted as one term.

The counts of :mod:`analysis.terms` are made on single words, so a name written as two
words ("Hong Kong", "Xi Jinping") shows as two halves, each a meaningless term. The
``phrases=`` option of :func:`~analysis.terms.dispersion` and
:func:`~analysis.terms.term_positions` merges given expressions into one token before
anything is counted (:func:`analysis.text.mwe_tokenize`); :func:`fixed_phrases` finds the
two-word expressions whose words almost never occur apart, to pass there.

Notation: ``f(x)``, ``f(y)`` the counts of the two words, ``f(xy)`` the count of the pair
(adjacent, inside a sentence), as in :func:`analysis.phrases.collocations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .._memo import Memo
from .._validation import check_interval, check_option
from ..languages import has_han
from ..text import is_word, lemmatize, mwe_tokenize, normalize_token, tokenize
from ..token_options import TokenOptions
from ..turns import as_turns
from ..types import TurnsLike

__all__ = ["fixed_phrases"]

#: Expressions ready to merge: each a tuple of normalized word tokens (two or more).
Phrases = tuple[tuple[str, ...], ...]

_PHRASE_COLUMNS = ["phrase", "w1", "w2", "count", "dice"]


def compile_phrases(tokens: TokenOptions, *, caller: str) -> Phrases:
    """The word tokens of each of ``tokens.phrases``, normalized as the text is (case, lemmas).

    Raises ValueError for an expression with fewer than two words (the types were checked
    when the options were made).
    """
    out = set()
    lowercase, lemmas = tokens.lowercase, tokens.lemmas
    for e in tokens.phrases or ():
        toks = [normalize_token(t, lowercase=lowercase or lemmas) for t in tokenize(e) if is_word(t)]
        if lemmas:
            toks = [lemmatize(t) for t in toks]
        if len(toks) < 2:
            raise ValueError(f"{caller}(): phrases entry {e!r} has {len(toks)} word(s); a phrase to merge "
                             f"needs at least two (single words are counted as they are).")
        out.add(tuple(toks))
    return tuple(sorted(out))


def _merge(tokens: list[str], phrases: Phrases) -> list[str]:
    return mwe_tokenize(tokens, [" ".join(p) for p in phrases])


_MERGED_VIEWS: Memo[tuple[object, object]] = Memo(size=4)


def merge_view(view, phrases: Phrases):
    """A :class:`~analysis.tokens.WordTable` with every occurrence of an expression merged into
    one token (its words joined by a space): the tokens NLTK's ``MWETokenizer``
    (:func:`analysis.text.mwe_tokenize`) gives on each text's word list (at each position the
    longest expression that starts there, left to right, never across texts), computed on the
    integer arrays (:func:`merge_ids`).

    Memoized by the view's identity and the expressions; treat it as read-only.
    """
    if not phrases:
        return view

    def merge() -> tuple[object, object]:
        from ..tokens import WordTable

        index = {t: i for i, t in enumerate(view.types)}
        n_types = len(view.types)
        offset = np.asarray(view.offset, dtype=np.int64)
        acc, new_ids, dropped = merged_occurrences(
            view.tid, lambda at: np.searchsorted(offset, at, side="right") - 1,
            [[index.get(w) for w in words] for words in phrases], n_types)
        # the words kept, in the view's integer type when it holds the expressions' ids, each merged
        # occurrence's first word replaced by its expression; each text loses the words merged away
        small = view.tid.dtype if n_types + len(phrases) <= np.iinfo(view.tid.dtype).max else np.dtype(np.int64)
        if len(dropped):
            keep = np.ones(len(view.tid), dtype=bool)
            keep[dropped] = False
            merged = view.tid[keep].astype(small, copy=False)
            del keep
        else:
            merged = view.tid.astype(small, copy=True)
        merged[acc - np.searchsorted(dropped, acc)] = new_ids
        offset = offset - np.searchsorted(dropped, offset)
        merged.flags.writeable = False
        offset.flags.writeable = False
        types = (*view.types, *(" ".join(p) for p in phrases))
        return view, WordTable(types, merged, offset)

    return _MERGED_VIEWS.get(f"{id(view)} {phrases!r}", merge)[1]


def merge_ids(tid: np.ndarray, text_of: np.ndarray, phrase_ids: Sequence[Sequence[int | None]],
              n_types: int) -> tuple[np.ndarray, np.ndarray]:
    """The merging of :func:`merge_view` on integer word ids: at each position the longest
    expression that starts there, left to right, an occurrence that begins inside an earlier
    one dropped, never across texts (:func:`merged_occurrences`).

    Parameters
    ----------
    tid : numpy.ndarray of int
        The word ids of every text, end to end.
    text_of : numpy.ndarray of int
        The text of each word (non-decreasing).
    phrase_ids : sequence of sequence of int or None
        The ids of each expression's words (None for a word absent from the texts: that
        expression never occurs), in the order of the expressions.
    n_types : int
        Ids below this are words; expression ``k`` becomes id ``n_types + k``.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``tid`` (as int64) with the first word of each merged occurrence replaced by its
        expression's id (a copy when any is, else ``tid`` itself), and a boolean mask of the
        positions kept (False on the other words of each merged occurrence).
    """
    tid = np.asarray(tid, dtype=np.int64)
    acc, new_ids, dropped = merged_occurrences(tid, lambda at: text_of[at], phrase_ids, n_types)
    keep = np.ones(len(tid), dtype=bool)
    keep[dropped] = False
    if len(acc):
        tid = tid.copy()
        tid[acc] = new_ids
    return tid, keep


def merged_occurrences(tid: np.ndarray, text_at: Callable[[np.ndarray], np.ndarray],
                       phrase_ids: Sequence[Sequence[int | None]],
                       n_types: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The occurrences :func:`merge_ids` merges: ``(starts, ids, dropped)``, the position where
    each merged occurrence starts (ascending), its expression's id (``n_types + k``), and the
    positions of the other words of every merged occurrence (ascending).

    Every expression's occurrences are found with array comparisons among the positions of
    its first word (``text_at(positions)`` gives their texts, so an occurrence never spans two);
    only the positions where one starts are walked in order (:func:`_accepted_mask`). The arrays are
    as long as the occurrences of the expressions' first words, never as the texts.

    >>> tid = np.array([0, 1, 2, 0, 1, 0, 1, 2])  # "a b c a b a b c", two texts: positions 0-3, 4-7
    >>> text = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    >>> [a.tolist() for a in merged_occurrences(tid, lambda at: text[at], [[0, 1], [0, 1, 2]], 3)]
    [[0, 5], [4, 4], [1, 2, 6, 7]]
    """
    n = len(tid)
    none = np.zeros(0, dtype=np.int64)
    # the positions of every expression's first word, sorted (stably) by that word: each
    # expression's candidates are one slice, in ascending position
    firsts = [ids[0] for ids in phrase_ids if ids[0] is not None]
    if not n or not firsts:
        return none, none, none
    is_first = np.zeros(n_types, dtype=bool)
    is_first[firsts] = True
    cand = np.flatnonzero(is_first[tid])
    order = np.argsort(tid[cand], kind="stable")
    cand = cand[order]
    cand_tid = tid[cand]
    del order
    best = np.zeros(len(cand), dtype=np.int64)  # per candidate: the longest expression starting there
    which = np.zeros(len(cand), dtype=np.int64)
    for k, ids in enumerate(phrase_ids):
        size = len(ids)
        if None in ids or n < size:
            continue
        lo, hi = np.searchsorted(cand_tid, ids[0], "left"), np.searchsorted(cand_tid, ids[0], "right")
        idx = np.arange(lo, hi)
        at = cand[lo:hi]
        fits = at <= n - size
        idx, at = idx[fits], at[fits]
        for j in range(1, size):
            same = tid[at + j] == ids[j]
            idx, at = idx[same], at[same]
        one_text = text_at(at) == text_at(at + size - 1)
        idx = idx[one_text]
        longer = idx[best[idx] < size]
        best[longer] = size
        which[longer] = k
    hit = np.flatnonzero(best)
    starts = cand[hit]
    by_start = np.argsort(starts, kind="stable")
    starts, size, which = starts[by_start], best[hit][by_start], which[hit][by_start]
    kept = _accepted_mask(starts, starts + size)
    starts, size, which = starts[kept], size[kept], which[kept]
    inner = size - 1
    dropped = np.repeat(starts, inner) + (np.arange(int(inner.sum())) - np.repeat(np.cumsum(inner) - inner, inner)) + 1
    return starts.astype(np.int64), (n_types + which).astype(np.int64), dropped.astype(np.int64)


def _accepted_mask(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Which of the occurrences ``[starts[i], ends[i])`` (``starts`` ascending) are kept left to
    right, an occurrence that begins inside the previous kept one dropped.

    An occurrence that begins at or after the end of every earlier one is always kept and
    opens a cluster; only the others, which overlap an earlier occurrence of their cluster,
    are walked in order, each cluster from the end of its first occurrence.
    """
    if not len(starts):
        return np.zeros(0, dtype=bool)
    reach = np.empty(len(starts), dtype=np.int64)  # the end of the earlier occurrences
    reach[0] = -1
    np.maximum.accumulate(ends[:-1], out=reach[1:])
    free_start = starts >= reach
    kept = free_start.copy()
    inside = np.flatnonzero(~free_start)
    if len(inside):
        cluster = np.cumsum(free_start) - 1
        head_end = ends[free_start]
        free: dict[int, int] = {}
        for k, c in zip(inside.tolist(), cluster[inside].tolist()):
            if starts[k] >= free.get(c, head_end[c]):
                kept[k] = True
                free[c] = int(ends[k])
    return kept


def merge_elements(elements: Sequence, phrases: Phrases) -> tuple:
    """A search pattern's elements with the expressions merged as in the text: each run of
    exact tokens is merged; wildcard elements (compiled regexes) stay as they are."""
    if not phrases:
        return tuple(elements)
    out: list = []
    run: list[str] = []
    for el in elements:
        if isinstance(el, str):
            run.append(el)
            continue
        out.extend(_merge(run, phrases) if run else [])
        run = []
        out.append(el)
    out.extend(_merge(run, phrases) if run else [])
    return tuple(out)


def fixed_phrases(
    turns: TurnsLike,
    *,
    min_count: int = 5,
    min_dice: float = 0.9,
    lowercase: bool = True,
) -> pd.DataFrame:
    """Two-word expressions whose words almost never occur apart ("hong kong", "dalai lama").

    Such a pair is one term written as two words; pass the ``phrase`` column to the
    ``phrases=`` option of :func:`~analysis.terms.dispersion` or
    :func:`~analysis.terms.term_positions` to count it as one.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``.
    min_count : int, default=5
        Keep pairs seen at least this often.
    min_dice : float, default=0.9
        Keep pairs with a Dice coefficient at least this high (1: the two words never occur
        apart).
    lowercase : bool, default=True
        Case-insensitive counts.

    Returns
    -------
    pandas.DataFrame
        One row per pair, by ``dice`` descending then ``phrase``. Columns: ``phrase`` (the
        two words joined by a space), ``w1``, ``w2``, ``count`` (f(xy)), ``dice``.

    Raises
    ------
    ValueError
        ``min_count < 1``; ``min_dice`` outside (0, 1].

    See Also
    --------
    analysis.phrases.collocations : the pairs and their scores (this keeps its bigrams,
    stop words excluded at either end, with both tokens words).

    Notes
    -----
    Dice = 2 f(xy) / (f(x) + f(y)), so ``dice >= t`` means the occurrences of either word
    outside the pair number at most ``(2/t - 2) f(xy)``: with t = 0.9, fewer than 23 per 100
    uses of the pair. Both words are frequent apart in looser collocations ("united
    states": 0.50 on the bundled corpus), which are not one term.

    The pairs and counts are those of :func:`analysis.phrases.collocations`. On a large corpus
    they are counted on every core straight from the texts, and only the texts where a pair
    that can pass, or one of its words, lies next to a possible sentence end (``.``, ``?``,
    ``!``) are split into sentences; the result is the same.

    References
    ----------
    Dice, L. R. (1945). Measures of the amount of ecologic association between species.
    Ecology, 26(3), 297-302.

    Smadja, F., McKeown, K. & Hatzivassiloglou, V. (1996). Translating collocations for
    bilingual lexicons. Computational Linguistics, 22(1), 1-38.

    Examples
    --------
    >>> turns = pd.DataFrame({"text": ["Hong Kong is calm.", "Hong Kong affairs.", "Trade is calm."]})
    >>> fixed_phrases(turns, min_count=2)[["phrase", "count", "dice"]].values.tolist()
    [['hong kong', 2, 1.0]]
    """
    caller = "fixed_phrases"
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    check_interval("min_dice", min_dice, low=0.0, high=1.0, caller=caller, closed="right")
    check_option("lowercase", lowercase, {True, False}, caller=caller)
    frame = as_turns(turns, caller=caller)
    if frame.empty:
        return pd.DataFrame(columns=_PHRASE_COLUMNS)
    from ..cache import cached_frame
    from ._base import CACHE_MODULES, turns_key

    modules = (*CACHE_MODULES, "analysis.phrases", "analysis.sentences")  # collocations' sentence stream
    return cached_frame("fixed_phrases",
                        lambda: turns_key("terms-fixed-phrases-v1", frame, (min_count, min_dice, lowercase),
                                          modules=modules),
                        lambda: _fixed_phrases(frame, min_count=min_count, min_dice=min_dice, lowercase=lowercase))


def _fixed_phrases(frame: pd.DataFrame, *, min_count: int, min_dice: float, lowercase: bool) -> pd.DataFrame:
    """The frame of :func:`fixed_phrases`, options checked, for a frame with rows: from the
    pairs counted apart (:func:`_pairs_apart`) for a large corpus, else from
    :func:`analysis.phrases.collocations`."""
    from ._base import words_apart

    texts = frame["text"].fillna("").astype(str).tolist()
    pairs = _pairs_apart(texts, min_count=min_count, min_dice=min_dice, lowercase=lowercase) \
        if words_apart(texts) else None
    if pairs is None:
        from ..phrases import collocations  # imported where used (NLTK's finders)

        pairs = collocations(frame, n=2, min_count=min_count, sort_by="dice", measures=["dice"],
                             lowercase=lowercase)
    pairs = pairs[pairs["dice"] >= min_dice]
    # the pair's two words (a Chinese pair is listed as written, "国际社会", and re-segmenting it
    # could give one word)
    words = [tokenize(f"{a} {b}") if has_han(p) else tokenize(p)
             for p, a, b in zip(pairs["collocation"], pairs["w1"], pairs["w2"])]
    keep = np.fromiter((len(t) == 2 and is_word(t[0]) and is_word(t[1]) for t in words), dtype=bool,
                       count=len(words))
    out = pairs.loc[keep, ["collocation", "w1", "w2", "count", "dice"]].rename(columns={"collocation": "phrase"})
    # a Chinese pair keeps the space between its words: as phrases=, each word is then taken as
    # it is, where the segmenter might cut the pair written together otherwise than in the text
    spaced = [f"{a} {b}" if has_han(p) else p for p, a, b in zip(out["phrase"], out["w1"], out["w2"])]
    out["phrase"] = np.array(spaced, dtype=object) if spaced else out["phrase"]
    out["count"] = out["count"].astype(np.int64)
    return out.sort_values(["dice", "phrase"], ascending=[False, True], ignore_index=True)


# --------------------------------------------------------------------------- pairs counted apart
#: Where a sentence can end inside a paragraph: Punkt (its English language variables, which
#: :func:`analysis.sentences._fast_splitter` checks) ends one only after one of these.
_SENT_END = re.compile(r"[.?!]")


def _pairs_apart(texts: list[str], *, min_count: int, min_dice: float, lowercase: bool,
                 n_jobs: int = -1) -> pd.DataFrame | None:
    """The bigrams :func:`analysis.phrases.collocations` gives (``n=2``, ``sort_by="dice"``,
    ``measures=["dice"]``, stop words at the edges dropped) that can reach ``min_dice``, with
    their exact counts and Dice, found without splitting most texts into sentences; None when
    a text holds a Han character or no pair is left (the caller then asks collocations).

    The phrase stream's tokens (:mod:`analysis.phrases._stream`: punctuation dropped, curly
    apostrophes straightened, case folded when ``lowercase``) and their adjacent pairs inside
    a paragraph are counted on every core (:func:`_count_pairs`). A paragraph's sentences end
    only after ``.``, ``?`` or ``!`` (Punkt), so a pair with none of them from the start of its
    first token to the start of its second is inside one sentence, and a token with none before
    its last character in its chunk lies inside its sentence (the stream drops a token that a
    sentence end cuts). Hence the stream counts: f(xy) at most the pair's count here, f(x) at
    least the count here less the tokens that may be cut, which bound Dice from above. The
    pairs that can pass are counted exactly: in every text where one of them, or one of their
    words, has an occurrence near a possible sentence end, by the stream of those texts
    (:func:`analysis.phrases._stream.build_stream`, a row's tokens depend on its text only);
    elsewhere as counted.
    """
    from ..phrases._stream import build_stream, stop_set
    from ..sentences import _fast_splitter
    from ..text import _default_punkt
    from ._base import on_workers

    if not _fast_splitter(_default_punkt()):  # pragma: no cover - sentences end after other marks
        return None
    parts = on_workers(_count_pairs, texts, (lowercase,), n_jobs=n_jobs)
    if any(p is None for p in parts):
        return None
    vocab, unigram, cut, pairs, risky_pairs, risky_tokens = _merge_pair_counts(parts)
    n_types = len(vocab)
    px, py = np.divmod(pairs[0], n_types) if len(pairs[0]) else (pairs[0], pairs[0])
    stops = stop_set(True)
    is_stop = np.fromiter((w.lower() in stops for w in vocab.tolist()), dtype=bool, count=n_types)
    keep = (pairs[1] >= min_count) & ~is_stop[px] & ~is_stop[py]
    low = np.maximum(unigram - cut, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        bound = 2.0 * pairs[1] / (low[px] + low[py]).astype(np.float64)
    keep &= ~(bound < min_dice * (1 - 1e-9))  # (a zero denominator: kept)
    key, count = pairs[0][keep], pairs[1][keep]
    if not len(key):
        return None
    words = np.zeros(n_types, dtype=bool)
    words[key // n_types] = True
    words[key % n_types] = True
    # texts where a candidate pair or word is near a possible sentence end: counted exactly
    redo = np.union1d(risky_pairs[0][np.isin(risky_pairs[1], key)], risky_tokens[0][words[risky_tokens[1]]])
    unigram = unigram.copy()
    if len(redo):
        sub = [texts[i] for i in redo.tolist()]
        here = _merge_pair_counts([_count_pairs((sub, lowercase))])
        stream = build_stream(sub, lowercase=lowercase, expand_contractions=False)
        index = {w: i for i, w in enumerate(vocab.tolist())}
        for sign, (sub_vocab, sub_unigram, sub_keys, sub_counts) in (
                (-1, (here[0], here[1], here[3][0], here[3][1])), (1, _stream_counts(stream))):
            ids = np.fromiter((index.get(w, -1) for w in sub_vocab.tolist()), dtype=np.int64, count=len(sub_vocab))
            known = ids >= 0
            np.add.at(unigram, ids[known], sign * sub_unigram[known])
            sx, sy = np.divmod(sub_keys, len(sub_vocab)) if len(sub_keys) else (sub_keys, sub_keys)
            ok = known[sx] & known[sy]
            at = np.searchsorted(key, ids[sx[ok]] * n_types + ids[sy[ok]])
            hit = at < len(key)
            hit[hit] = key[at[hit]] == (ids[sx[ok]] * n_types + ids[sy[ok]])[hit]
            count = count.copy()
            np.add.at(count, at[hit], sign * sub_counts[ok][hit])
    final = count >= min_count
    key, count = key[final], count[final]
    if not len(key):
        return None
    toks = np.stack(np.divmod(key, n_types), axis=1)
    return _pairs_frame(vocab, toks, count, unigram, int(unigram.sum()))


def _pairs_frame(vocab: np.ndarray, toks: np.ndarray, count: np.ndarray, unigram: np.ndarray,
                 total: int) -> pd.DataFrame:
    """The columns :func:`analysis.phrases.collocations` gives for these bigrams, in its order."""
    from ..phrases.association import score_bigrams
    from ..phrases.collocations import _joined

    out = pd.DataFrame({"collocation": _joined(vocab, toks, clitics=True)})
    out["w1"] = vocab[toks[:, 0]]
    out["w2"] = vocab[toks[:, 1]]
    out["count"] = count.astype(np.int64)
    out["dice"] = score_bigrams(count, unigram[toks[:, 0]], unigram[toks[:, 1]], total, ("dice",))["dice"]
    return out.sort_values(["dice", "collocation"], ascending=[False, True], ignore_index=True)


def _stream_counts(stream) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A phrase stream's tokens (vocabulary, counts) and its adjacent pairs inside a sentence
    (``x * len(vocabulary) + y``, ascending, and their counts)."""
    ids = stream.ids.astype(np.int64)
    n_types = len(stream.vocab)
    unigram = np.bincount(ids, minlength=n_types)
    inside = np.arange(1, len(ids)) < stream.seg_end[:-1] if len(ids) else np.zeros(0, dtype=bool)
    keys, counts = np.unique(ids[:-1][inside] * n_types + ids[1:][inside], return_counts=True)
    return np.asarray(stream.vocab, dtype=object), unigram, keys, counts


def _merge_pair_counts(parts: list[dict]):
    """One vocabulary (object array) for the workers' counts (:func:`_count_pairs`): token
    counts, tokens that may be cut, pairs (``x * n + y`` ascending, counts) and where pairs and
    tokens near a possible sentence end are (texts numbered across the parts)."""
    index: dict[str, int] = {}
    remaps = [np.fromiter((index.setdefault(w, len(index)) for w in p["vocab"]), dtype=np.int64,
                          count=len(p["vocab"])) for p in parts]
    n_types = len(index)
    vocab = np.empty(n_types, dtype=object)
    vocab[:] = list(index)
    unigram = np.zeros(n_types, dtype=np.int64)
    cut = np.zeros(n_types, dtype=np.int64)
    keys, counts, rp_text, rp_key, rt_text, rt_word = [], [], [], [], [], []
    base = 0
    for remap, p in zip(remaps, parts):
        np.add.at(unigram, remap, p["unigram"])
        np.add.at(cut, remap, p["cut"])
        n = len(p["vocab"])
        x, y = np.divmod(p["pair_keys"], n) if n else (p["pair_keys"], p["pair_keys"])
        keys.append(remap[x] * n_types + remap[y])
        counts.append(p["pair_counts"])
        x, y = np.divmod(p["risky_pair_keys"], n) if n else (p["risky_pair_keys"], p["risky_pair_keys"])
        rp_key.append(remap[x] * n_types + remap[y])
        rp_text.append(p["risky_pair_texts"] + base)
        rt_word.append(remap[p["risky_token_ids"]])
        rt_text.append(p["risky_token_texts"] + base)
        base += p["n_texts"]
    key, inverse = np.unique(_cat(keys), return_inverse=True)
    count = np.bincount(inverse, weights=None if not len(inverse) else _cat(counts), minlength=len(key))
    return (vocab, unigram, cut, (key, count.astype(np.int64)), (_cat(rp_text), _cat(rp_key)),
            (_cat(rt_text), _cat(rt_word)))


class _ChunkTokens(dict):
    """Per distinct white-space chunk, the number of its entry: the chunk's stream tokens are
    ``ids[start[e]:start[e] + size[e]]`` with, per token, ``cut`` (a ``.?!`` before its last
    character in the chunk: a sentence end could cut it) and ``gap`` (a ``.?!`` from the start
    of the previous token of the chunk, or from the chunk's start for its first token, to its
    start); ``tail[e]``: a ``.?!`` from the start of its last token (anywhere, for a chunk
    without tokens) to the chunk's end."""

    def __init__(self, lowercase: bool) -> None:
        from array import array

        from ..phrases._stream import _PUNCT
        from ..text import _HAN_RE, tokenize

        super().__init__()
        self.lowercase = lowercase
        self.vocab: dict[str, int] = {}
        self.ids, self.cut, self.gap = array("q"), array("b"), array("b")
        self.start, self.size, self.tail = array("q"), array("q"), array("b")
        self._punct, self._han, self._tokenize = _PUNCT.match, _HAN_RE.search, tokenize

    def _id(self, token: str) -> int:
        form = token.replace("\u2019", "'")
        if self.lowercase:
            form = form.lower()
        i = self.vocab.get(form)
        if i is None:
            i = self.vocab[form] = len(self.vocab)
        return i

    def add_words(self, chunks: list[str]) -> None:
        """Enter chunks not seen before that are all letters (each one token, itself)."""
        if self._han("".join(chunks)) is not None:
            raise _HanText(chunks)
        forms = [c.lower() for c in chunks] if self.lowercase else chunks  # (no apostrophe in a word of letters)
        vocab = self.vocab
        ids = [vocab.setdefault(f, len(vocab)) for f in forms]
        first, at = len(self.start), len(self.ids)
        self.ids.extend(ids)
        self.start.extend(range(at, at + len(ids)))
        self.size.extend([1] * len(ids))
        zeros = bytes(len(ids))
        for flags in (self.cut, self.gap, self.tail):
            flags.frombytes(zeros)
        self.update(zip(chunks, range(first, first + len(ids))))

    def __missing__(self, chunk: str) -> int:
        if self._han(chunk) is not None:
            raise _HanText(chunk)
        e = self[chunk] = len(self.start)
        self.start.append(len(self.ids))
        marks = [m.start() for m in _SENT_END.finditer(chunk)]
        if not marks:  # no sentence end near: every flag is False
            punct = self._punct
            ids = [self._id(t) for t in self._tokenize(chunk) if len(t) > 1 or punct(t) is None]
            self.ids.extend(ids)
            zeros = bytes(len(ids))
            self.cut.frombytes(zeros)
            self.gap.frombytes(zeros)
            self.size.append(len(ids))
            self.tail.append(0)
            return e
        last = 0
        n = 0
        end = 0  # the tokens tile the chunk
        for t in self._tokenize(chunk):
            begin, end = end, end + len(t)
            if len(t) == 1 and self._punct(t) is not None:  # punctuation (as the stream's _punct_types)
                continue
            self.ids.append(self._id(t))
            self.cut.append(any(m < end - 1 for m in marks))
            self.gap.append(any(last <= m < begin for m in marks))
            last = begin
            n += 1
        self.size.append(n)
        self.tail.append(any(m >= last for m in marks))
        return e


class _HanText(Exception):
    """A chunk with a Han character: Chinese sentences end at other marks."""


def _count_pairs(job: tuple[list[str], bool]) -> dict | None:
    """A worker's counts for :func:`_pairs_apart` on a batch of texts: the stream's tokens and
    their adjacent pairs inside a paragraph, tokens a sentence end may cut, and the pairs with a
    possible sentence end between their words (each occurrence with its text); None at a Han
    character."""
    from ..sentences import _PARAGRAPH_RE
    from ._base import _ranges

    texts, lowercase = job
    memo = _ChunkTokens(lowercase)
    unigram = np.zeros(0, dtype=np.int64)
    cut = np.zeros(0, dtype=np.int64)
    keys, counts, rp_text, rp_key, rt_text, rt_id = [], [], [], [], [], []
    chunks: list[str] = []
    para_lens: list[int] = []
    para_text: list[int] = []

    def block() -> None:
        nonlocal unigram, cut
        codes, distinct = pd.factorize(np.array(chunks, dtype=object), sort=False)
        memo.add_words([c for c in distinct.tolist() if c not in memo and c.isalpha()])
        entry = np.fromiter(map(memo.__getitem__, distinct), dtype=np.int64, count=len(distinct))[codes]
        start, size, tail = (np.frombuffer(a, dtype=d) for a, d in ((memo.start, np.int64), (memo.size, np.int64),
                                                                     (memo.tail, np.int8)))
        n = size[entry]
        at = _ranges(start[entry], n)
        ids = np.frombuffer(memo.ids, dtype=np.int64)[at]
        is_cut = np.frombuffer(memo.cut, dtype=np.int8)[at].astype(bool)
        gap = np.frombuffer(memo.gap, dtype=np.int8)[at].astype(bool)
        # a sentence end may also lie in the chunks between two tokens (the previous token's
        # chunk from that token on, and chunks without tokens)
        out = tail[entry].astype(np.int64)
        has = n > 0
        prev = np.maximum.accumulate(np.where(has, np.arange(len(n)), -1))
        prev = np.r_[-1, prev[:-1]]
        before = np.r_[0, np.cumsum(out)]
        carried = (prev >= 0) & (before[np.arange(len(n))] - before[np.maximum(prev, 0)] > 0)
        first = np.cumsum(n) - n
        gap[first[has]] |= carried[has]
        del start, size, tail
        chunk_para = np.repeat(np.arange(len(para_lens), dtype=np.int64), para_lens)
        para = chunk_para[np.repeat(np.arange(len(n), dtype=np.int64), n)]
        text = np.asarray(para_text, dtype=np.int64)[para]
        n_types = len(memo.vocab)
        grow = n_types - len(unigram)
        unigram = np.r_[unigram, np.zeros(grow, dtype=np.int64)] + np.bincount(ids, minlength=n_types)
        cut = np.r_[cut, np.zeros(grow, dtype=np.int64)] + np.bincount(ids[is_cut], minlength=n_types)
        same = para[1:] == para[:-1]
        pair = ids[:-1] * n_types + ids[1:]
        k, c = np.unique(pair[same], return_counts=True)
        x, y = np.divmod(k, n_types)
        keys.append((x, y))
        counts.append(c)
        risky = same & gap[1:]
        rp_text.append(text[1:][risky])
        rp_key.append((ids[:-1][risky], ids[1:][risky]))
        rt_text.append(text[is_cut])
        rt_id.append(ids[is_cut])

    try:
        for t, text in enumerate(texts):
            for m in _PARAGRAPH_RE.finditer(text):
                split = m.group().split()
                chunks += split
                para_lens.append(len(split))
                para_text.append(t)
            if len(chunks) >= _PAIR_BLOCK:
                block()
                chunks, para_lens, para_text = [], [], []
        if chunks:
            block()
    except _HanText:
        return None
    n_types = len(memo.vocab)
    key, inverse = np.unique(_cat([x * n_types + y for x, y in keys]), return_inverse=True)
    count = np.bincount(inverse, weights=_cat(counts), minlength=len(key)).astype(np.int64) if len(key) else \
        np.zeros(0, dtype=np.int64)
    return {"vocab": list(memo.vocab), "n_texts": len(texts),
            "unigram": np.r_[unigram, np.zeros(n_types - len(unigram), dtype=np.int64)],
            "cut": np.r_[cut, np.zeros(n_types - len(cut), dtype=np.int64)],
            "pair_keys": key, "pair_counts": count,
            "risky_pair_texts": _cat(rp_text), "risky_pair_keys": _cat([x * n_types + y for x, y in rp_key]),
            "risky_token_texts": _cat(rt_text), "risky_token_ids": _cat(rt_id)}


def _cat(arrays: list[np.ndarray]) -> np.ndarray:
    """The arrays end to end (int64 zeros of length 0 for none)."""
    return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)


#: Chunks :func:`_count_pairs` reads together (whole texts).
_PAIR_BLOCK = 1 << 16
