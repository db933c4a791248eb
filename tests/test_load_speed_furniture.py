"""Recurring lines of page furniture are found from signatures of their keys exactly as
from the keys of every line: the same groups, in the same order, whatever the characters
(case folding that changes lengths or maps other scripts to ASCII, digits of other
scripts, ``#`` written in the text, control characters, lone surrogates)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.parsers import furniture as fu
from analysis.parsers.decode import WS_CHARS


def _reference_recurring(text: list, out: dict) -> list[list[int]]:
    """:func:`analysis.parsers.furniture._recurring` with the key of every line made."""
    from itertools import compress

    idx = list(compress(range(len(text)), text))
    if not idx:
        return []
    shown = [text[i] for i in idx]
    folded = fu._DIGITS_RE.sub("#", "\n".join(shown)).casefold().split("\n")
    keys = list(map(" ".join, map(sorted, map(str.split, folded))))
    seen = Counter(keys)
    groups: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        if seen[key] < 2:
            continue
        i, c = idx[k], shown[k]
        if i in out or c.count(" ") >= fu._MAX_WORDS:
            continue
        if fu._HAS_DIGIT(c):
            if not fu._LETTER_RE.search(key) and not fu._has_date(c) and key.count("#") < 2:
                continue
        elif not fu._LETTER_RE.search(c):
            continue
        groups.setdefault(key, []).append(i)
    return [occ for occ in groups.values() if len(occ) > 1]


def _collapsed(lines: list[str]) -> list:
    return fu._collapsed([s.strip(WS_CHARS) for s in lines])


#: Words whose keys meet across scripts and cases: the Kelvin sign and "k", "ß" and "ss",
#: "\u0130" (two characters in lower case), Arabic-Indic and Devanagari digits and ASCII ones,
#: "#" written and "#" for digits, a NUL, a lone surrogate.
WORDS = ["K", "k", "\u212a", "ß", "SS", "ss", "\u1e9e", "\u0130", "i\u0307", "\u0663", "3", "\u0967\u0968", "12",
         "#", "##", "a#", "a1", "a\u0661", "\x00", "\ud800", "Page", "PAGE", "page", "Report", "report", "of", "the",
         "General", "Assembly", "\u00e9", "E\u0301", "\u00c9", "\u03a3", "\u03c3", "\u03c2", "\u2126", "\u03c9",
         "fi", "\ufb01", "FI", "A/70/PV.15", "28/09/2015", "-", "*"]


def _lines(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) for _ in range(n)]


def test_recurring_equals_reference_on_random_lines():
    rng = random.Random(3)
    for _ in range(400):
        text = _collapsed(_lines(rng, rng.randint(0, 60)))
        out = {i: fu.PAGE_NUMBER for i in range(len(text)) if rng.random() < 0.05}
        assert fu._recurring(text, out) == _reference_recurring(text, out), text


@given(st.lists(st.lists(st.sampled_from(WORDS + ["x", "Y", "0", "9", "\u00a0", "  "]), max_size=6).map(" ".join),
                max_size=40))
def test_recurring_equals_reference(lines):
    text = _collapsed(lines)
    assert fu._recurring(text, {}) == _reference_recurring(text, {})


@given(st.lists(st.text(max_size=20), max_size=30))
def test_recurring_equals_reference_on_any_text(lines):
    text = _collapsed([s.replace("\n", " ") for s in lines] * 2)
    assert fu._recurring(text, {}) == _reference_recurring(text, {})


def test_equal_keys_have_equal_signatures():
    lines = ["\u212a \u00df 12", "ss 7 k", "K SS \u0663", "\u1e9e k 4", "k ss #"]
    assert len({fu._key(s) for s in lines}) == 1
    assert fu._maybe_recurring(lines) == [0, 1, 2, 3, 4]
    assert fu._maybe_recurring(["Report of the Council", "Council Report the", "Annex"]) == []


BUNDLED = Path(__file__).parents[1] / "data" / "transcripts"


@pytest.mark.parametrize("name", sorted(str(p.relative_to(BUNDLED)) for p in BUNDLED.rglob("*") if p.is_file())[:60])
def test_recurring_equals_reference_on_bundled_files(name):
    raw = (BUNDLED / name).read_text(encoding="utf-8", errors="replace")
    text = _collapsed(raw.split("\n"))
    assert fu._recurring(text, {}) == _reference_recurring(text, {})
