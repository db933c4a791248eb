"""The pre-filters of the device detectors find what the detectors find on every sentence."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric.devices import _BREAK_WORDS, _parallel_sentences, detect_devices
from analysis.rhetoric.structure import _CLAUSE_SPLIT, _parallel_clauses, find_parallelism
from analysis.text import sentence_spans

# a clause break at the start, two runs of clauses, a sentence of one clause, a correlative, clauses
# that open alike without a run (too short, or a name), and a break at the very end of the text
TEXT = ("; we will act, we will win today. One clause only here. Not only peace but also growth. "
        "The list: the trade, the energy. We are tired, we are hungry now, but we go on.\n"
        "And so, so what, so we go on: we are, We are ready, ")


def test_parallel_sentences_of_a_hand_checked_text():
    spans = sentence_spans(TEXT)
    assert [TEXT[a:b] for a, b in spans] == [
        "; we will act, we will win today.", "One clause only here.", "Not only peace but also growth.",
        "The list: the trade, the energy.", "We are tired, we are hungry now, but we go on.",
        "And so, so what, so we go on: we are, We are ready,"]
    kept, hints = _parallel_sentences(TEXT, spans)
    # only the sentence of one clause is left out; the others hold a hint or clauses opening alike
    assert kept == [spans[0], spans[2], spans[3], spans[4], spans[5]]
    expected = [(2, 33, "we will"), (56, 79, "not only ... but also"), (121, 152, "we are")]
    assert find_parallelism(TEXT, spans=spans) == expected
    assert find_parallelism(TEXT, spans=kept) == expected
    assert _parallel_clauses(TEXT, 2, kept, hints) == expected


@pytest.mark.parametrize("text, kept", [
    ("We act, they wait.", []),  # clauses opening differently
    ("We act now, we wait here.", [(0, 25)]),
    ("We act, and we wait.", [(0, 20)]),  # a leading conjunction is not the opening
    (", we act, we wait.", [(0, 18)]),  # a break at the text's start (an empty first clause)
    ("We act,", []),  # a break at the sentence's end: its white space is outside
    ("We act, ", []),  # a break at the text's end
    ("We act,we wait.", []),  # no white space: not a break
    ("Neither here nor there.", [(0, 23)]),  # a correlative's words
    ("NOT ONLY here but there.", [(0, 24)]),
    ("On the one hand we act; on the other we wait.", [(0, 45)]),
    ("The bigger it is, the better.", [(0, 29)]),  # the second half of "the more ..., the more"
    ("We act, the world waits.", []),  # ", the " without a comparative
])
def test_parallel_sentences_edges(text, kept):
    spans = [(0, len(text.rstrip()))]
    assert _parallel_sentences(text, spans)[0] == kept
    assert find_parallelism(text, spans=kept) == find_parallelism(text, spans=spans)


def test_parallel_sentences_break_across_a_sentence_end():
    text = "We act:\nwe wait now. We act now: we act today."
    spans = [(0, 7), (8, 20), (21, 46)]
    assert _parallel_sentences(text, spans)[0] == [(21, 46)]
    assert find_parallelism(text, spans=spans) == [(21, 46, "we act")]
    assert find_parallelism(text, spans=_parallel_sentences(text, spans)[0]) == [(21, 46, "we act")]
    assert _parallel_clauses(text, 2, *_parallel_sentences(text, spans)) == [(21, 46, "we act")]


def _breaks_equal_the_clause_split(text: str) -> bool:
    """The breaks of the three patterns of one mark each are those of ``_CLAUSE_SPLIT``."""
    ours = sorted((m.start(), m.end()) for b in _BREAK_WORDS for m in b.finditer(text))
    return ours == [(m.start(), m.end()) for m in _CLAUSE_SPLIT.finditer(text)]


def _random_text(rng: random.Random) -> str:
    words = ["we", "We", "will", "and", "And", "so", "the", "The", "more", "less", "not", "only", "but", "also",
             "on", "one", "hand", "other", "neither", "nor", "peace", "China", "I", "\u201cwe", "(the", "-so", "9"]
    seps = [" ", " ", " ", ", ", "; ", ": ", ",", ",  ", ",\n", ". ", "! ", "? ", ".\n", " \u2014 "]
    out = []
    for _ in range(rng.randint(0, 60)):
        out.append(rng.choice(words))
        out.append(rng.choice(seps))
    return "".join(out)[rng.randint(0, 3):]


def test_parallelism_on_the_kept_sentences_equals_on_all_generated():
    rng = random.Random(0)
    found = 0
    for _ in range(3000):
        text = _random_text(rng)
        spans = sentence_spans(text)
        kept, hints = _parallel_sentences(text, spans)
        assert set(kept) <= set(spans)
        assert _breaks_equal_the_clause_split(text)
        whole = find_parallelism(text, spans=spans)
        assert find_parallelism(text, spans=kept) == whole
        assert _parallel_clauses(text, 2, kept, hints) == whole
        for n in (1, 3):
            assert find_parallelism(text, n_words=n, spans=kept) == find_parallelism(text, n_words=n, spans=spans)
        found += len(whole)
    assert found > 100  # the texts hold runs of clauses to find


def test_parallelism_on_the_kept_sentences_equals_on_all_bundled():
    texts = [t for t in load_corpus("data").turns()["text"].tolist() if t]
    n_kept = n_all = 0
    for text in texts:
        spans = sentence_spans(text)
        kept, hints = _parallel_sentences(text, spans)
        whole = find_parallelism(text, spans=spans)
        assert find_parallelism(text, spans=kept) == whole
        assert _parallel_clauses(text, 2, kept, hints) == whole
        assert _breaks_equal_the_clause_split(text)
        n_kept, n_all = n_kept + len(kept), n_all + len(spans)
    assert n_kept < n_all


def test_detect_devices_finds_the_parallel_clauses_of_the_text():
    rows = detect_devices(pd.DataFrame({"speaker": ["Qi"], "text": [TEXT]}), devices=["parallelism"])
    assert rows[["start", "end", "match", "detail"]].values.tolist() == [
        [2, 33, "we will act, we will win today.", "we will"],
        [56, 79, "Not only peace but also", "not only ... but also"],
        [121, 152, "We are tired, we are hungry now", "we are"]]
