"""The orderings and type forms of the phrase tables: the row order of one lexsort over numbers
and ranked texts equals pandas' sort of the same columns, the types' forms made over the joined
types equal those made type by type, and the tables come out in their documented order."""

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import collocations, recurring_phrases
from analysis.phrases._common import sort_order
from analysis.phrases._stream import _type_forms

WORDS = ["peace", "Peace", "a", "b", "ab", "b a", "Zeta", "zeta", "é", "e\u0301", "", "ΟΔΟΣ", "party's"]


def _frame(seed: int, size: int) -> pd.DataFrame:
    rng = np.random.RandomState(seed)
    score = rng.choice([np.nan, -np.inf, np.inf, 0.0, -0.0, 1.5, -2.25, 3.0], size=size)
    return pd.DataFrame({"text": rng.choice(WORDS, size=size).astype(object),
                         "a": rng.randint(0, 4, size=size).astype(np.int64),
                         "b": rng.randint(-2, 3, size=size).astype(np.int64),
                         "score": score})


class TestSortOrder:
    @pytest.mark.parametrize("seed", range(6))
    @pytest.mark.parametrize("a_up, b_up", [(False, False), (True, False), (False, True), (True, True)])
    def test_equals_pandas_on_integers(self, seed, a_up, b_up):
        f = _frame(seed, 300)
        expected = f.sort_values(["a", "b", "text"], ascending=[a_up, b_up, True], ignore_index=True)
        got = f.iloc[sort_order((f["a"].to_numpy(), a_up), (f["b"].to_numpy(), b_up),
                                (f["text"].to_numpy(), True))].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)

    @pytest.mark.parametrize("seed", range(6))
    @pytest.mark.parametrize("up", [False, True])
    def test_equals_pandas_on_floats_with_nan_and_signed_zero(self, seed, up):
        f = _frame(seed, 300)
        expected = f.sort_values(["score", "text"], ascending=[up, True], ignore_index=True)
        got = f.iloc[sort_order((f["score"].to_numpy(), up), (f["text"].to_numpy(), True))].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        assert got["score"].isna().to_numpy()[-int(f["score"].isna().sum()):].all()  # NaN last either way

    def test_text_alone_and_ties_kept_in_order(self):
        text = np.array(["b", "a", "b", "a"], dtype=object)
        assert sort_order((text, True)).tolist() == [1, 3, 0, 2]
        assert sort_order((np.array([1, 1, 2, 2]), False), (text, True)).tolist() == [3, 2, 1, 0]


class TestTypeForms:
    TYPES = ["The", "Party\u2019s", "\u2019S", "ΟΔΟΣ", "Σ", "ΑΣ'", "İstanbul", "STRASSE", "ß", "Ǆ", "o\u2019clock",
             "中国", "K", "\u212a", "x"]

    @pytest.mark.parametrize("lowercase", [True, False])
    def test_equals_type_by_type(self, lowercase):
        forms, lows = _type_forms(self.TYPES, lowercase=lowercase)
        want = [t.replace("\u2019", "'") for t in self.TYPES]
        if lowercase:
            want = [t.lower() for t in want]
        assert forms == want
        assert lows == [t.lower() for t in want]
        assert forms[3] == ("οδος" if lowercase else "ΟΔΟΣ") and lows[3] == "οδος"  # final sigma as on its own

    def test_no_types(self):
        assert _type_forms([], lowercase=True) == ([], [])


class TestTablesInOrder:
    TURNS = pd.DataFrame({"text": [
        "We firmly oppose it. We firmly oppose it. We firmly oppose war. Peace and stability matter.",
        "Peace and stability matter. Peace and stability. We firmly oppose war.",
        "The Party's work. The Party's work matters. Peace and stability matter.",
    ], "transcript_id": ["a", "b", "b"]})

    def test_recurring_phrases_counts_and_order(self):
        out = recurring_phrases(self.TURNS, min_count=2, stop_rule="none")
        rows = out[["phrase", "n", "count", "independent", "n_turns", "n_transcripts"]].values.tolist()
        # "peace and stability" (4 times) is inside "... matter" 3 times: 1 independent, not listed;
        # "we firmly oppose" (4) lies inside the two listed 4-grams each time
        assert rows == [
            ["peace and stability matter", 4, 3, 3, 3, 2],
            ["the party's work", 4, 2, 2, 1, 1],
            ["we firmly oppose it", 4, 2, 2, 1, 1],
            ["we firmly oppose war", 4, 2, 2, 2, 2],
        ]
        expected = out.sort_values(["independent", "n", "phrase"], ascending=[False, False, True], ignore_index=True)
        pd.testing.assert_frame_equal(out, expected, check_exact=True)

    @pytest.mark.parametrize("n", [2, 3])
    @pytest.mark.parametrize("sort_by", ["llr", "raw_freq", "dice"])
    def test_collocations_order(self, n, sort_by):
        out = collocations(self.TURNS, n=n, min_count=2, stop_rule="none", sort_by=sort_by)
        assert len(out) and out["count"].min() >= 2
        expected = out.sort_values([sort_by, "collocation"], ascending=[False, True], ignore_index=True)
        pd.testing.assert_frame_equal(out, expected, check_exact=True)

    def test_collocation_counts(self):
        out = collocations(self.TURNS, n=2, min_count=3, stop_rule="none", measures=["pmi"], sort_by="pmi")
        counts = dict(zip(out["collocation"], out["count"]))
        # "we firmly" and "firmly oppose" 4 times each, "peace and" and "and stability" 4, "stability matter" 3;
        # "oppose it", "the party" and "party's" twice (left out)
        assert counts == {"we firmly": 4, "firmly oppose": 4, "peace and": 4, "and stability": 4,
                          "stability matter": 3}
