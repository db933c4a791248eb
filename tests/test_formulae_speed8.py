"""Tests of the faster paths of the formula table: frames encoded for the cache with whole-column
checks (the same frames encoded, the same ones refused), a computed result returned as computed
and equal to the one read back from the cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import formulae
from analysis.phrases._stored import _SEP, _strings_or_missing, _tuple_column, decode_frame, encode_frame


class Word(str):
    """A subclass of str, as numpy's str_ is."""


def _tuple_column_by_item(values: list) -> tuple[list[str], list[int]] | None:
    """The former item-by-item check of a tuple column, the reference."""
    joined, lengths = [], []
    for v in values:
        if type(v) is not tuple or not all(isinstance(s, str) and _SEP not in s for s in v):
            return None
        joined.append(_SEP.join(v))
        lengths.append(len(v))
    return joined, lengths


@pytest.mark.parametrize("values", [
    [("a b", "c"), (), ("d",)],
    [("a", ""), ("",), ()],
    [(Word("x"), "y"), ("z",)],
    [("a", f"b{_SEP}c"), ("d",)],       # an item holding the separator
    [(f"{_SEP}",), ()],
    [("a", 1), ("b",)],                  # an item that is not a string
    [("a",), ["b"]],                     # a list among the tuples
    [("a",), None],
    [(b"a",)],
])
def test_tuple_column_matches_the_item_by_item_check(values):
    got = _tuple_column(values)
    ref = _tuple_column_by_item(values)
    if ref is None:
        assert got is None
    else:
        assert got is not None
        assert got[0] == ref[0]
        assert got[1].tolist() == ref[1]


@pytest.mark.parametrize("values, codes", [
    (["a", "b", ""], [0, 0, 0]),
    ([], []),
    (["a", None, np.nan, Word("w")], [0, 1, 2, 0]),
    ([Word("w")], [0]),
    (["a", 3], None),
    (["a", pd.NA], None),
    ([1.5], None),
])
def test_strings_or_missing(values, codes):
    got = _strings_or_missing(np.array(values, dtype=object))
    assert (got is None) if codes is None else got.tolist() == codes


def test_encoded_frames_decode_exactly_and_refused_ones_stay_refused():
    f = pd.DataFrame({"members": [("x y", "z"), ()], "s": ["p", None], "n": [1, 2],
                      "d": pd.to_datetime(["2020-01-01", None])})
    pd.testing.assert_frame_equal(decode_frame(encode_frame(f)), f, check_exact=True)
    assert encode_frame(f.assign(s=[f"a{_SEP}b", "c"])) is None
    assert encode_frame(f.assign(members=[("a", f"b{_SEP}"), ()])) is None
    assert encode_frame(f.assign(members=[("a", 2), ()])) is None


TEXTS = [
    "We firmly oppose any interference. I'm a Party member. Win-win cooperation is the way.",
    "We firmly oppose any interference! I am a Party member. Nothing else today.",
    "Win-win cooperation is the way. We firmly oppose any interference in the region.",
    "I'm a Party member, and win-win cooperation is the way. We firmly oppose any interference.",
]


def test_computed_table_equals_the_cached_one_and_the_uncached_one(tmp_path, monkeypatch):
    turns = pd.DataFrame({"transcript_id": list("abcd"), "speaker": ["Lu", "Hua", "Lu", "Zhao"],
                          "date": pd.to_datetime(["2019-01-05", "2019-02-01", None, "2019-08-09"]),
                          "text": TEXTS})
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    plain = formulae(turns, kind="all")
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    computed = formulae(turns, kind="all")
    assert list(tmp_path.rglob("*.parquet")), "the table is written to the cache"
    read = formulae(turns, kind="all")
    assert len(plain) > 0
    assert set(plain["formula"]) >= {"we firmly oppose any interference", "i am a party member"}
    for other in (computed, read):
        pd.testing.assert_frame_equal(other, plain, check_exact=True)


def test_unique_pairs_equal_a_row_wise_unique():
    from analysis.phrases._variants import _unique_pairs

    rng = np.random.default_rng(7)
    for size, n in ((5, 0), (5, 40), (1000, 500), (2**40, 300)):  # the last: keys past 63 bits
        lo = rng.integers(0, size, n)
        hi = rng.integers(0, size, n)
        codes, which = _unique_pairs(lo, hi, size)
        ref_codes, ref_which = np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)
        assert codes.tolist() == ref_codes.reshape(-1, 2).tolist()
        assert which.tolist() == ref_which.ravel().tolist()
        assert (codes[which] == np.stack([lo, hi], axis=1)).all()


def test_variant_groups_equal_the_pairwise_groups():
    from analysis.phrases._variants import _variant_groups_by_pairs, variant_groups

    phrases = ["we firmly oppose any interference", "we firmly opposed any interference",
               "we firmly oppose interference", "i would like to thank the president",
               "i should like to thank the president", "i would like to thank the presidents of the assembly",
               "i would also like to thank the president", "the president of the general assembly",
               "the presidents of the general assembly", "the secretary-general of the united nations",
               "the secretary general of the united nations", "in this regard", "in that regard",
               "on behalf of my delegation", "on behalf of the delegation of", "the united nations",
               "we are firmly opposed to any interference in the internal affairs of other countries",
               "we are firmly opposing any interference in the internal affairs of another country"]
    tokens = [p.split() for p in phrases]
    for similarity in (70.0, 80.0, 90.0):
        got = variant_groups(phrases, tokens, similarity=similarity)
        ref = _variant_groups_by_pairs(phrases, tokens, similarity=similarity)
        assert got.tolist() == np.asarray(ref).tolist()
    groups = variant_groups(phrases, tokens, similarity=90.0)
    assert groups[0] == groups[1]  # oppose / opposed
    assert groups[3] == groups[4]  # would / should
    assert groups[11] != groups[15]


def test_variants_most_frequent_first_then_alphabetical():
    import sys

    formulae_mod = sys.modules["analysis.phrases.formulae"]
    rng = np.random.default_rng(3)
    words = ["b x", "a x", "c x", "ab", "A", "é x", "a x ", "zz"]
    lab = np.sort(rng.integers(0, 5, 400))
    text = np.array([words[i] for i in rng.integers(0, len(words), 400)], dtype=object)
    frame = pd.DataFrame({"transcript_id": list("pqrs"), "speaker": list("ABAB"), "text": ["t"] * 4})
    rows = rng.integers(0, 4, 400)
    table = formulae_mod._spread_table(frame, lab, rows, text, [f"f{i}" for i in range(5)], 1000, [])
    ref = (pd.DataFrame({"lab": lab, "text": text}).value_counts().rename("c").reset_index()
           .sort_values(["lab", "c", "text"], ascending=[True, False, True]))
    expected = [tuple(ref.loc[ref["lab"] == i, "text"]) for i in range(5)]
    assert table["variants"].tolist() == expected
    assert table["count"].tolist() == np.bincount(lab, minlength=5).tolist()
    assert any(len(set(ref.loc[ref["lab"] == i, "c"])) < (ref["lab"] == i).sum() for i in range(5))  # ties met


def test_strings_ranked_among_ties_equal_the_full_sort():
    from analysis.phrases._common import sort_order

    rng = np.random.default_rng(11)
    for n in (0, 1, 50, 400):
        score = rng.choice([0.5, 0.25, -0.0, 0.0, np.nan, 1.0], n)
        count = rng.integers(0, 3, n)
        flag = rng.integers(0, 2, n).astype(bool)
        text = np.array([rng.choice(["b", "a", "ab", "é", "B", "a b"]) for _ in range(n)], dtype=object)
        keys = [(score, False), (count, True), (flag, False)]
        got = sort_order(*keys, (text, True))  # the strings, last, ranked among the tied rows only
        every = np.unique(text, return_inverse=True)[1].ravel() if n else np.zeros(0, dtype=np.int64)
        assert got.tolist() == sort_order(*keys, (every, True)).tolist()  # ranked among all the strings
        frame = pd.DataFrame({"s": score, "c": count, "f": flag, "t": text})
        ref = frame.sort_values(["s", "c", "f", "t"], ascending=[False, True, False, True], kind="stable")
        assert got.tolist() == ref.index.tolist()
