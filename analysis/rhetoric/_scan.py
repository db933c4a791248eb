"""Regular expressions tried only where a match can start.

``re.finditer`` tries a pattern at every position of a text. The statistic, superlative
and ordinal patterns can only start at a few, which fast literal searches (or numpy, for
digits) find; :func:`matches_at` tries the pattern at those positions only and yields what
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
