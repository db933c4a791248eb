"""Regular expressions tried only where a match can start.

``re.finditer`` tries a pattern at every position of a text. The statistic, superlative
and ordinal patterns can only start at a few, which fast literal searches (:func:`find_all`,
or numpy, for digits) find; :func:`matches_at` tries the pattern at those positions only and yields what
``finditer`` yields, given that every position where a match can start is among them
(the tests compare both on every bundled turn and on generated texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

__all__: list[str] = []


@lru_cache(maxsize=4)
def fold(text: str) -> str:
    """``text`` lower-cased one character for one (offsets kept), with the characters that
    ``re.IGNORECASE`` equates with ASCII letters (long s, dotless i, Kelvin sign) made ASCII.

    The last few results are kept: the detectors of one turn fold the same text in turn
    (a string's hash is computed once and stored in it, so a repeat costs a lookup)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        low = low.replace("\u0130", "i")
    if not low.isascii():
        low = low.replace("\u0131", "i").replace("\u017f", "s")
    return low


def find_all(low: str, words: Sequence[str]) -> list[int]:
    """The start of every occurrence of each (non-empty) literal of ``words`` in ``low``, word by word, each
    word's in order: what ``re.finditer(re.escape(word), low)`` finds for each, with
    ``str.find`` (a search for a literal that skips ahead, several times faster than the
    regular expression's). Occurrences of one word do not overlap (the search goes on after
    each), as ``finditer``'s."""
    out: list[int] = []
    for w in words:
        n = len(w)
        i = low.find(w)
        while i >= 0:
            out.append(i)
            i = low.find(w, i + n)
    return out


def letters_start(low: str, end: int) -> int:
    """Start of the run of ASCII letters of ``low`` that ends at ``end``."""
    i = end
    while i > 0 and "a" <= low[i - 1] <= "z":
        i -= 1
    return i


def matches_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` yields, given every position where one can start."""
    pos = 0
    for s in sorted(set(starts)):
        if s < pos:
            continue
        m = pattern.match(text, s)
        if m is not None:
            yield m
            pos = m.end() if m.end() > m.start() else m.end() + 1
