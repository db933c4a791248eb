"""Superlatives tested where lemminflect is loaded once (the candidates found in the workers, their
word tests made in the parent), the segmenter salt of the rhetoric cache keys, the token table's
type-level maps made over the types joined (words, lower-case forms, the lexicon matcher's
accepted types) and parallelism given no sentence."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import analysis.tokens
from analysis.languages import segmenter_id, segmenter_salt
from analysis.rhetoric import _common, devices, find_parallelism, find_superlatives
from analysis.rhetoric._common import same_texts, segmenter_salt_of
from analysis.rhetoric.emphasis import _passes, _superlative_candidates
from analysis.rhetoric.lexicons import _builtin_matcher
from analysis.text import is_word, normalize_token
from analysis.tokens import _build, _lower_forms

DETECTED = tuple(d for d in devices.DEVICES if d != "intensifier")
TEXTS = ["This is the largest and most important forest of interest to most countries.",
         "", "At least the best of us, at most the honest, the utmost effort: the worst, the latest news.",
         "The West rests; a guest protests. It is the most beautiful and least costly test.",
         "We are most grateful. The most people, the least said. Finally, the finest hour!",
         "First, we fight. Second, we win! More than 96.71 million people, up 3.5%."]


def _clear() -> None:
    _common._CACHE.clear()
    _common._LAYERS.clear()


# --------------------------------------------------------------------------- superlative candidates
def test_candidates_hand_checked():
    t = TEXTS[0]
    got = [(t[s:e], d, test) for s, e, d, test in _superlative_candidates(t)]
    assert got == [("largest", "largest", ("superlative", "largest")),
                   ("most important", "most important", ("gradable", "important")),
                   ("forest", "forest", ("superlative", "forest")),
                   ("interest", "interest", ("superlative", "interest")),
                   ("most countries", "most countries", ("gradable", "countries"))]
    assert [_passes(x[2]) for x in got] == [True, True, False, False, False]
    # "at least" is never a candidate; "utmost" and "worst" need no test
    t = TEXTS[2]
    got = {t[s:e]: test for s, e, _, test in _superlative_candidates(t)}
    assert "least the" not in got and got["utmost"] is None and got["worst"] is None
    assert [d for _, _, d in find_superlatives(t)] == ["best", "utmost", "worst", "latest"]  # not "honest"
    assert _passes(None)


@pytest.mark.parametrize("text", TEXTS)
def test_find_superlatives_is_the_candidates_that_pass(text):
    want = [(s, e, d) for s, e, d, test in _superlative_candidates(text) if _passes(test)]
    assert find_superlatives(text) == want


def test_find_superlatives_hand_checked():
    t = TEXTS[3]
    assert [d for _, _, d in find_superlatives(t)] == ["most beautiful", "least costly"]
    t = TEXTS[4]
    assert [d for _, _, d in find_superlatives(t)] == ["most grateful", "finest"]


def _items(texts):
    return [(i, t, None) for i, t in enumerate(texts) if t]


def test_detect_items_with_tests_settle_to_the_rows_without():
    items = _items(TEXTS)
    tests: list = []
    rows = devices._detect_items(items, DETECTED, tests)
    want = devices._detect_items(items, DETECTED)
    assert len(rows) > len(want)  # candidates that fail are among the rows
    k = DETECTED.index("superlative")
    # every test belongs to a superlative row, in row order
    assert all(rows[r][1] == k for r, _, _ in tests) and [r for r, _, _ in tests] == sorted(r for r, _, _ in tests)
    part = (np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64),
            np.array([r[2] for r in rows], dtype=np.int64), np.array([r[3] for r in rows], dtype=np.int64),
            [r[4] for r in rows], tests)
    (pos, dev, start, end, detail), = devices._settle([part])
    assert list(zip(pos.tolist(), dev.tolist(), start.tolist(), end.tolist(), detail)) == want
    dropped = len(rows) - len(want)
    assert dropped == sum(not _passes((kind, word)) for _, kind, word in tests)


def test_settle_hand_made_part():
    part = (np.arange(4, dtype=np.int64), np.zeros(4, dtype=np.int64), np.arange(4, dtype=np.int64) * 10,
            np.arange(4, dtype=np.int64) * 10 + 5, ["a", "b", "c", "d"],
            [(0, "superlative", "largest"), (1, "superlative", "interest"), (3, "gradable", "countries")])
    (pos, dev, start, end, detail), = devices._settle([part])
    assert pos.tolist() == [0, 2] and start.tolist() == [0, 20] and end.tolist() == [5, 25] and detail == ["a", "c"]
    assert dev.dtype == np.int64 and pos.dtype == np.int64
    empty = (np.zeros(0, np.int64),) * 4 + ([], [])
    (p, _, _, _, d), = devices._settle([empty])
    assert len(p) == 0 and d == []


def test_range_rows_return_the_tests_and_fresh_rows_settle_them(monkeypatch):
    texts = TEXTS * 3
    got = devices._range_rows((0, texts, None), DETECTED, True, False)
    assert len(got[0]) == 6 and got[0][5]  # the superlatives' tests are sent back
    _clear()
    with same_texts(texts):
        want = devices._found_rows(texts, DETECTED, False)
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    for chars in (1, 200):
        monkeypatch.setattr(devices, "RANGE_CHARS", chars)
        with same_texts(texts):
            found = devices._found_rows(texts, DETECTED, False)
        pd.testing.assert_frame_equal(found, want, check_exact=True)
        _clear()
    k = DETECTED.index("superlative")
    sup = want[want["device"] == k]
    assert sorted(set(sup["detail"])) == ["best", "finest", "largest", "latest", "least costly", "most beautiful",
                                          "most grateful", "most important", "utmost", "worst"]


# --------------------------------------------------------------------------- segmenter salt
@pytest.mark.parametrize("texts, han", [
    (["plain ASCII", ""], False),
    (["curly \u2019quotes\u201d and an em dash \u2014", "Cyrillic \u041c\u043e\u0441\u043a\u0432\u0430"], False),
    (["kana \u3042\u3044 and a hexagram \u4dc0 (not Han)", "\uff01 full-width"], False),
    ([], False),
    (["no", "\u4e2d\u65b9 Chinese"], True),
    (["compatibility ideograph \uf900"], True),
    (["extension A \u3400"], True),
])
def test_segmenter_salt_of_equals_segmenter_salt(texts, han):
    _clear()
    got = segmenter_salt_of(texts)
    assert got == segmenter_salt(texts)
    assert got == (segmenter_id() if han else "")
    _clear()


# --------------------------------------------------------------------------- type-level maps
def test_lower_forms_hand_checked():
    types = ["Don\u2019t", "\u0130stanbul", "\u039f\u0394\u039f\u03a3", "\u03a3A", "STRASSE", "n\u2019T", "x"]
    assert _lower_forms(types) == ["don't", "i\u0307stanbul", "\u03bf\u03b4\u03bf\u03c2", "\u03c3a", "strasse",
                                   "n't", "x"]
    assert _lower_forms(types) == [normalize_token(t) for t in types]
    assert _lower_forms([]) == []
    assert _lower_forms(["a\nB", "C"]) == ["a\nb", "c"]  # a type with a line break: type by type


def test_type_is_word_hand_checked():
    t = _build(["Party's 96.71 , n't N\u2019T \u2019s ... _ \u2167 \u24b6 \u2014 -- x"])
    got = dict(zip(t.types, t.type_is_word.tolist()))
    assert got == {"Party": True, "'s": False, "96.71": True, ",": False, "n't": False, "N\u2019T": False,
                   "\u2019s": False, ".": False, "_": True, "\u2167": True, "\u24b6": False, "\u2014": False,
                   "-": False, "x": True}


def _random_texts(seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    alphabet = list("aZsnt1'.,-_!") + ["\u2019", "\u0130", "\u03a3", "\u00df", "\u2167", "\u24b6", "\u0307",
                                         "\u00e9", "\u2014"]
    chunks = ["".join(rng.choice(alphabet, size=rng.integers(1, 6))) for _ in range(3000)]
    chunks += ["'s", "N\u2019T", "'LL", "n't", "very", "Really", "extremely", "can't", "won\u2019t"]
    return [" ".join(rng.choice(chunks, size=40)) for _ in range(200)]


@pytest.mark.parametrize("seed", [0, 1])
def test_type_maps_equal_type_by_type(seed):
    t = _build(_random_texts(seed))
    assert t.type_is_word.tolist() == [is_word(x) for x in t.types]
    for lowercase in (True, False):
        w = t.words(lowercase=lowercase)
        form = normalize_token if lowercase else str
        want = [[form(t.types[i]) for i in t.tid[lo:hi].tolist() if is_word(t.types[i])]
                for lo, hi in zip([0, *t.text_end[:-1].tolist()], t.text_end.tolist())]
        assert w.lists() == want


@pytest.mark.parametrize("seed", [0, 1])
def test_matcher_accepts_equal_type_by_type(seed):
    t = _build(_random_texts(seed))
    for lexicons, cs in ((("intensifiers", "modality"), False), (("hedges",), True)):
        m = _builtin_matcher(lexicons, cs)
        got = m._accepts(t.types)
        orig = [x.replace("\u2019", "'") for x in t.types]
        for (kind, val, c), ids in zip(m.patterns, got):
            forms = orig if c else [x.lower() for x in orig]
            if kind == "x":
                want = [i for i, f in enumerate(forms) if f == val]
            else:
                pat = re.compile(rf"(?:{val})", 0 if c else re.IGNORECASE)
                want = [i for i, f in enumerate(forms) if pat.fullmatch(f)]
            assert ids.tolist() == want, (kind, val, c)


def test_parallelism_given_no_sentence():
    t = "They are the vanguards; they are the first; and they are fearless. Not only this but also that."
    assert find_parallelism(t, spans=[]) == []
    assert find_parallelism(t, spans=()) == []
    assert [d for _, _, d in find_parallelism(t)] == ["they are", "not only ... but also"]
