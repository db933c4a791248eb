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

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._memo import Memo
from .._validation import check_interval, check_option
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
        n_texts = len(view.offset) - 1
        text_of = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(view.offset))
        tid, keep = merge_ids(view.tid.astype(np.int64), text_of,
                              [[index.get(w) for w in words] for words in phrases], len(view.types))
        offset = np.zeros(n_texts + 1, dtype=np.int64)
        np.cumsum(np.bincount(text_of[keep], minlength=n_texts), out=offset[1:])
        merged = tid[keep]
        merged.flags.writeable = False
        offset.flags.writeable = False
        types = (*view.types, *(" ".join(p) for p in phrases))
        return view, WordTable(types, merged, offset)

    return _MERGED_VIEWS.get(f"{id(view)} {phrases!r}", merge)[1]


def merge_ids(tid: np.ndarray, text_of: np.ndarray, phrase_ids: Sequence[Sequence[int | None]],
              n_types: int) -> tuple[np.ndarray, np.ndarray]:
    """The merging of :func:`merge_view` on integer word ids: at each position the longest
    expression that starts there, left to right, an occurrence that begins inside an earlier
    one dropped, never across texts.

    Every expression's occurrences are found with array comparisons; only the positions where
    one starts are walked in order (:func:`_accepted`).

    Parameters
    ----------
    tid : numpy.ndarray of int64
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
        ``tid`` with the first word of each merged occurrence replaced by its expression's id
        (a copy when any is, else ``tid`` itself), and a boolean mask of the positions kept
        (False on the other words of each merged occurrence).
    """
    n = len(tid)
    best = np.zeros(n, dtype=np.int64)  # length of the longest expression starting here
    which = np.zeros(n, dtype=np.int64)
    # the positions of every expression's first word, sorted (stably) by that word: each
    # expression's candidates are one slice, in ascending position
    firsts = [ids[0] for ids in phrase_ids if ids[0] is not None]
    is_first = np.zeros(n_types, dtype=bool)
    is_first[firsts] = True
    cand = np.flatnonzero(is_first[tid]) if n else np.zeros(0, dtype=np.int64)
    order = np.argsort(tid[cand], kind="stable")
    cand = cand[order]
    cand_tid = tid[cand]
    for k, ids in enumerate(phrase_ids):
        size = len(ids)
        if None in ids or n < size:
            continue
        at = cand[np.searchsorted(cand_tid, ids[0], "left"):np.searchsorted(cand_tid, ids[0], "right")]
        at = at[at <= n - size]
        for j in range(1, size):
            at = at[tid[at + j] == ids[j]]
        at = at[text_of[at] == text_of[at + size - 1]]
        longer = at[best[at] < size]
        best[longer] = size
        which[longer] = k
    acc = _accepted(np.flatnonzero(best), best)
    keep = np.ones(n, dtype=bool)
    if len(acc):
        inner = best[acc] - 1
        keep[np.repeat(acc, inner) + (np.arange(int(inner.sum())) - np.repeat(np.cumsum(inner) - inner, inner)) + 1] \
            = False
        tid = tid.copy()
        tid[acc] = n_types + which[acc]
    return tid, keep


def _accepted(starts: np.ndarray, size: np.ndarray) -> np.ndarray:
    """The occurrences kept left to right, an occurrence that begins inside the previous kept
    one dropped (``starts`` ascending, ``size[i]`` the length of the one at ``i``).

    An occurrence that begins at or after the end of every earlier one is always kept and
    opens a cluster; only the others, which overlap an earlier occurrence of their cluster,
    are walked in order, each cluster from the end of its first occurrence.
    """
    if not len(starts):
        return starts.astype(np.int64)
    ends = starts + size[starts]
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
    return starts[kept].astype(np.int64)


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
    """The frame of :func:`fixed_phrases`, options checked, for a frame with rows."""
    from ..phrases import collocations  # imported where used (NLTK's finders)

    pairs = collocations(frame, n=2, min_count=min_count, sort_by="dice", measures=["dice"],
                         lowercase=lowercase)
    pairs = pairs[pairs["dice"] >= min_dice]
    words = [tokenize(p) for p in pairs["collocation"]]
    keep = np.fromiter((len(t) == 2 and is_word(t[0]) and is_word(t[1]) for t in words), dtype=bool,
                       count=len(words))
    out = pairs.loc[keep, ["collocation", "w1", "w2", "count", "dice"]].rename(columns={"collocation": "phrase"})
    out["count"] = out["count"].astype(np.int64)
    return out.sort_values(["dice", "phrase"], ascending=[False, True], ignore_index=True)
