"""The scores' shared work gives the numbers of the plain paths: syllables of word types looked
up in the CMU dictionary at once equal ``syllable_count`` type by type, and the diversity
kernels shared out among threads (MTLD-MA-Bi's runs beside the other kernels) give the values of
each measure's own function on each text, and those of one thread."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pandas as pd
import pytest

from analysis.rhetoric import lexical_diversity
from analysis.text import tokenize_texts

readability = importlib.import_module("analysis.rhetoric.readability")
diversity = importlib.import_module("analysis.rhetoric.diversity")

TYPES = ["the", "The", "platypus", "reptilian", "primary-level", "96.71", "P.R.C.", "d.p.r.k", "u.s.", "don't",
         "party\u2019s", "caf\u00e9", "na\u00efve", "zzyzxqv", "blorptastic", "1990s", "covid-19", "--", "a", "I",
         "\u0130stanbul", "strasse", "co-operation", "e-mail", "x"]


def test_syllables_of_types_equal_syllable_count():
    readability.syllable_count.cache_clear()
    want = [readability.syllable_count(t) for t in TYPES]
    # hand-checked: the 1, platypus 3, reptilian 3, primary-level 3 + 2, a number 1, P.R.C. 3 letters
    assert want[:7] == [1, 1, 3, 3, 5, 1, 3]
    readability.syllable_count.cache_clear()
    got = readability._syllables_of(TYPES)
    assert got.dtype == np.int64 and got.tolist() == want
    assert readability._syllables_of([]).tolist() == []


def test_syllables_of_the_bundled_corpus_types():
    from analysis import load_corpus
    from analysis.rhetoric._common import word_table_of

    types = word_table_of(load_corpus("data").turns()["text"].fillna("").tolist()).types
    assert len(types) > 5000
    readability.syllable_count.cache_clear()
    got = readability._syllables_of(types)
    readability.syllable_count.cache_clear()
    assert got.tolist() == [readability.syllable_count(t) for t in types]


TEXTS = ["the cat sat on the mat and the dog sat on the log " * 6,
         "one two three four five six seven eight nine ten " * 9 + "one one one two",
         "",
         "a b a b a b",
         " ".join(f"w{i % 37}" for i in range(400)),
         " ".join(f"v{(i * i) % 53}" for i in range(120))]


def _per_text_reference(tokens: list[str]) -> dict[str, float]:
    return {"mtld_ma_bi": diversity.mtld_ma_bi(tokens), "msttr": diversity.msttr(tokens), "hdd": diversity.hdd(tokens),
            "mtld": diversity.mtld(tokens), "mattr": diversity.mattr(tokens), "yule_k": diversity.yule_k(tokens)}


def test_all_measures_per_turn_equal_each_measure_alone():
    table = lexical_diversity(pd.DataFrame({"text": TEXTS}), measures="all")
    for i, tokens in enumerate(tokenize_texts(TEXTS, lowercase=True, words_only=True)):
        if not tokens:
            assert table.loc[i, "n_tokens"] == 0 and math.isnan(table.loc[i, "mtld_ma_bi"])
            continue
        for name, want in _per_text_reference(list(tokens)).items():
            got = table.loc[i, name]
            assert (math.isnan(got) and math.isnan(want)) or got == want, (i, name, got, want)
    # hand-checked: 6 tokens of 2 types; 400 tokens cycling 37 types
    assert table.loc[3, ["n_tokens", "n_types"]].tolist() == [6, 2]
    assert table.loc[4, ["n_tokens", "n_types"]].tolist() == [400, 37]


@pytest.mark.parametrize("by", [None, "who"])
def test_kernels_on_threads_equal_one_thread(monkeypatch, by):
    frame = pd.DataFrame({"text": TEXTS * 5, "who": list("xyzxyz") * 5})
    shared = lexical_diversity(frame, by=by, measures="all")
    again = lexical_diversity(frame, by=by, measures="all")
    monkeypatch.setattr(diversity, "n_workers", lambda n_jobs: 1)
    alone = lexical_diversity(frame, by=by, measures="all")
    pd.testing.assert_frame_equal(shared, alone, check_exact=True)
    pd.testing.assert_frame_equal(shared, again, check_exact=True)
    defaults = lexical_diversity(frame, by=by)
    pd.testing.assert_frame_equal(defaults[["n_tokens", "n_types", "ttr", "mattr", "mtld"]],
                                  shared[["n_tokens", "n_types", "ttr", "mattr", "mtld"]], check_exact=True)


def test_run_all_runs_every_piece_once(monkeypatch):
    seen: list[int] = []
    runs = [lambda k=k: seen.append(k) for k in range(7)]
    diversity._run_all(runs)
    assert sorted(seen) == list(range(7))
    seen.clear()
    monkeypatch.setattr(diversity, "n_workers", lambda n_jobs: 1)
    diversity._run_all(runs)
    assert seen == list(range(7))

    def fails() -> None:
        raise ValueError("a kernel failed")

    with pytest.raises(ValueError, match="a kernel failed"):
        diversity._run_all([fails, runs[0]])
