"""The lexicon matcher's pattern table (:meth:`Matcher._accepts`) against a plain reading of
every type, pattern by pattern: exact tokens in lower case and as written, globs with the
characters ``re.IGNORECASE`` equates (long s, dotless i, Kelvin sign), curly apostrophes,
types that differ only in case, and the built-in lexicons on the bundled corpus's types."""

from __future__ import annotations

import re

import numpy as np
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric._common import token_table_of
from analysis.rhetoric._matcher import Matcher
from analysis.rhetoric.lexicons import BUILTIN_LEXICONS, load_lexicon

_APOS = "\u2019"


def reference_accepts(matcher: Matcher, types: list[str]) -> list[np.ndarray]:
    """Per pattern of ``matcher``, the ids of the types it accepts, read type by type."""
    out = []
    for kind, val, cs in matcher.patterns:
        forms = [t.replace(_APOS, "'") for t in types]
        if not cs:
            forms = [t.lower() for t in forms]
        if kind == "x":
            ids = [i for i, t in enumerate(forms) if t == val]
        else:
            rx = re.compile(val, 0 if cs else re.IGNORECASE)
            ids = [i for i, t in enumerate(forms) if rx.fullmatch(t)]
        out.append(np.asarray(ids, dtype=np.int64))
    return out


def assert_same(got: list[np.ndarray], want: list[np.ndarray]) -> None:
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.dtype == np.int64
        np.testing.assert_array_equal(g, w)


LEXICON = {"demo": {
    "plain": ["very", "the", "don't", "united nations", "=US", "=Kelvin"],
    "globs": ["front*", "frontline*", "s?t", "enem*", "=Bloc*", "i?s", "k*"],
}}
TYPES = ["Very", "very", "VERY", "the", "The", "don\u2019t", "don't", "US", "us", "Us", "frontline", "Frontlines",
         "front", "fronts", "sit", "\u017fit", "set", "s", "enemies", "ENEMY", "Bloc", "bloc", "Blocs", "\u0131ts",
         "its", "\u212aelvin", "Kelvin", "kelvin", "k", "united", "nations", "", "a'b", "x\u2019s"]


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_accepts_against_reading_each_type(case_sensitive):
    m = Matcher(LEXICON, case_sensitive)
    got = m._accepts(TYPES)
    want = reference_accepts(m, TYPES)
    assert_same(got, want)
    # hand-checked: "very" (lower case) accepts the three spellings, "=US" only "US"
    pats = list(m.patterns)
    assert got[pats.index(("x", "very", case_sensitive))].tolist() == ([1] if case_sensitive else [0, 1, 2])
    assert got[pats.index(("x", "US", True))].tolist() == [7]
    # "front*" and "frontline*" both accept "frontline" (a type may pass several globs)
    front = got[pats.index(("g", r"front\w*", case_sensitive))].tolist()
    assert 10 in front and 12 in front and 13 in front
    assert got[pats.index(("g", r"frontline\w*", case_sensitive))].tolist() == ([10] if case_sensitive else [10, 11])
    # the long s and the Kelvin sign: what re.IGNORECASE equates is kept
    sit = got[pats.index(("g", r"s\wt", case_sensitive))].tolist()
    assert sit == ([14, 16] if case_sensitive else [14, 15, 16])


def test_accepts_edge_types():
    m = Matcher(LEXICON, False)
    for types in ([], ["very"], ["k"], ["", ""], ["front", "front"]):
        assert_same(m._accepts(types), reference_accepts(m, types))


def test_accepts_builtin_lexicons_on_bundled_types():
    turns = load_corpus("data").turns()
    types = list(token_table_of(turns["text"].tolist()).types)
    assert len(types) > 1000
    for cs in (False, True):
        m = Matcher({n: load_lexicon(n) for n in BUILTIN_LEXICONS}, cs)
        assert any(kind == "g" for kind, _, _ in m.patterns)
        got = m._accepts(types)
        assert_same(got, reference_accepts(m, types))
        assert sum(map(len, got)) > 0


# --------------------------------------------------------------------------- the detectors' workers
_PROBE = ("(__import__('analysis.rhetoric.devices', fromlist=['_range_rows'])._range_rows("
          "(0, {texts!r}, None), ('enumeration', 'anaphora'), True, True), "
          "sorted(m for m in ('sklearn', 'scipy.stats', 'nltk.collocations') if m in __import__('sys').modules))")


def test_workers_split_sentences_without_nltk_init():
    """The workers of the detectors find the sentences and tokens of their texts as this process
    does, without running NLTK's ``__init__`` (which imports scipy.stats and scikit-learn)."""
    from analysis.rhetoric import devices
    from analysis.rhetoric._common import fresh_map

    texts = [["First, we fight. Mr. Li said so. Second, we win!"], ["We will. We will. We will go.", ""]]
    got = fresh_map(eval, [_PROBE.format(texts=t) for t in texts], n_jobs=2, bare=devices._BARE)
    for (rows, modules), t in zip(got, texts):
        assert modules == []
        here = devices._range_rows((0, t, None), ("enumeration", "anaphora"), True, True)
        for x, y in zip(rows[0][:4], here[0][:4]):
            assert np.array_equal(x, y)
        assert rows[0][4] == here[0][4]
        assert rows[1].as_tuples() == here[1].as_tuples()
        assert rows[2].types == here[2].types and np.array_equal(rows[2].tid, here[2].tid)
    # a worker that runs NLTK's __init__ holds scikit-learn: the probe can tell
    full = fresh_map(eval, [_PROBE.format(texts=t) for t in texts], n_jobs=2, bare=("analysis.rhetoric",))
    assert all("sklearn" in modules and "nltk.collocations" in modules for _, modules in full)
