"""Literal searches in place of regular expressions in the device detectors: the same matches."""

from __future__ import annotations

import random
import re

import pytest

from analysis.rhetoric import emphasis, structure
from analysis.rhetoric._scan import find_all, matches_at


@pytest.mark.parametrize("low, words, expected", [
    ("first, second; first", ("first",), [0, 15]),
    ("first, second; first", ("second", "first"), [7, 0, 15]),
    ("estest least", ("est",), [0, 3]),
    ("", ("est",), []),
    ("(1) (2)", ("(",), [0, 4]),
])
def test_find_all_hand_checked(low, words, expected):
    assert find_all(low, words) == expected


def _random_text(rng: random.Random) -> str:
    parts = ["!", "!!", '"', "\u201c", "\u201d", "we", "win", "Win", "peace", ", ", " ", ".", "\n", "5\"", "a", "9",
             "first", "not only", "neither", "est", "most", "%", "hundred", "per cent"]
    return "".join(rng.choice(parts) for _ in range(rng.randint(0, 80)))


def test_find_all_equals_finditer_of_each_literal():
    rng = random.Random(7)
    words = ("first", "not only", "neither", "est", "most", "%", "hundred", "!", '"', "(")
    for _ in range(2000):
        low = _random_text(rng).lower()
        assert find_all(low, words) == [m.start() for w in words for m in re.finditer(re.escape(w), low)]


def test_exclamations_and_slogans_tried_at_their_marks_equal_finditer():
    rng = random.Random(11)
    found = 0
    for _ in range(3000):
        text = _random_text(rng)
        bangs = [m.span() for m in re.finditer(r"!+", text)]
        assert [m.span() for m in matches_at(emphasis._BANGS, text, find_all(text, ("!",)))] == bangs
        quoted = [m.span() for m in emphasis._QUOTED.finditer(text)]
        assert [m.span() for m in matches_at(emphasis._QUOTED, text, find_all(text, emphasis._QUOTE_MARKS))] == quoted
        found += len(quoted) + len(bangs)
    assert found > 1000


def test_detectors_on_hand_checked_texts():
    t = 'They said "win-win cooperation" twice! And "peace"! We won.'
    assert [d for _, _, d in emphasis.find_slogans(t)] == ["win-win cooperation"]
    assert [d for _, _, d in emphasis.find_exclamations(t)] == ["twice!"]
    assert emphasis.find_exclamations("No mark here.") == []
    assert emphasis.find_slogans("No quotes here.") == []
    t = "Not only peace but also growth, neither here nor there."
    assert [d for _, _, d in structure.find_parallelism(t)] == ["not only ... but also", "neither ... nor"]
    t = "More than 5 percent, or 3 per cent, and a hundred thousand people."
    assert [(t[s:e], d) for s, e, d in emphasis.find_statistics(t)] == [
        ("More than 5 percent", "percent"), ("3 per cent", "percent"), ("a hundred thousand", "scaled")]
