"""One row order for every phrase table: :func:`analysis.phrases._common.sort_order` against
pandas' stable ``sort_values`` on random frames with ties (numbers and strings, every
direction, any key order), and the tables it orders in their documented order."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import collocations, recurring_phrases, slot_frames
from analysis.phrases._common import sort_order
from analysis.scale import recurring_phrases as scale_recurring_phrases

WORDS = ["peace", "Peace", "a", "b", "ab", "b a", "Zeta", "zeta", "é", "e\u0301", "", "ΟΔΟΣ", "party's", "中国"]


def _frame(seed: int, size: int) -> pd.DataFrame:
    """Columns of every kind a phrase table sorts by, with many ties (NaN-free)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "s1": rng.choice(WORDS, size=size).astype(object),
        "s2": rng.choice(WORDS[:4], size=size).astype(object),
        "i64": rng.integers(-3, 4, size=size).astype(np.int64),
        "i32": rng.integers(0, 3, size=size).astype(np.int32),
        "u8": rng.integers(0, 3, size=size).astype(np.uint8),
        "flag": rng.integers(0, 2, size=size).astype(bool),
        "f": rng.choice([0.0, -0.0, 0.5, -1.25, 1.0 / 3.0, np.inf, -np.inf], size=size),
    })


def _ordered(frame: pd.DataFrame, keys: list[str], ascending: list[bool]) -> pd.DataFrame:
    return frame.take(sort_order(*((frame[k].to_numpy(), up) for k, up in zip(keys, ascending))))


class TestSortOrderAgreesWithPandas:
    @pytest.mark.parametrize("seed", range(8))
    def test_random_keys_and_directions(self, seed):
        rng = np.random.default_rng(100 + seed)
        frame = _frame(seed, 500)
        for _ in range(12):
            keys = list(rng.permutation(frame.columns)[: rng.integers(1, 5)])
            ascending = [bool(x) for x in rng.integers(0, 2, size=len(keys))]
            want = frame.sort_values(keys, ascending=ascending, kind="stable")
            got = _ordered(frame, keys, ascending)
            pd.testing.assert_frame_equal(got, want, check_exact=True)  # the index too: ties in row order

    @pytest.mark.parametrize("ascending", list(itertools.product([True, False], repeat=2)))
    def test_two_string_keys_every_direction(self, ascending):
        frame = _frame(7, 300)
        want = frame.sort_values(["s2", "s1"], ascending=list(ascending), kind="stable")
        pd.testing.assert_frame_equal(_ordered(frame, ["s2", "s1"], list(ascending)), want, check_exact=True)

    def test_hand_checked(self):
        count = np.array([2, 5, 2, 5, 1], dtype=np.int64)
        text = np.array(["b", "z", "a", "c", "a"], dtype=object)
        assert sort_order((count, False), (text, True)).tolist() == [3, 1, 2, 0, 4]
        assert sort_order((count, True), (text, False)).tolist() == [4, 0, 2, 1, 3]
        assert sort_order((text, True)).tolist() == [2, 4, 0, 3, 1]  # ties (rows 2 and 4) in row order
        assert sort_order((np.array([0.0, -0.0, 0.0]), False)).tolist() == [0, 1, 2]  # 0.0 and -0.0 tie
        assert sort_order((np.array([1, 0, 1], dtype=np.uint8), False)).tolist() == [0, 2, 1]

    def test_unicode_array_as_object(self):
        words = np.array(["b", "ab", "b", "a"])  # numpy's own string dtype
        assert sort_order((words, False)).tolist() == sort_order((words.astype(object), False)).tolist() == [0, 2, 1, 3]

    def test_empty(self):
        assert sort_order((np.zeros(0, dtype=np.int64), False), (np.zeros(0, dtype=object), True)).tolist() == []


TEXTS = ["We firmly oppose it. Peace and stability matter. Win-win cooperation works.",
         "We firmly oppose that. Peace and stability. Win-win cooperation works well.",
         "Peace and stability matter. We firmly oppose it. The party's work matters.",
         "Win-win cooperation works. The party's work matters. Peace and stability matter.",
         "We firmly support it. The party's work is hard. Peace and stability."]


@pytest.fixture
def turns() -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(len(TEXTS))], "speaker": list("XYXYZ"),
                         "text": TEXTS})


class TestTablesInOrder:
    def test_recurring_phrases(self, turns):
        out = recurring_phrases(turns, min_count=2, stop_rule="none")
        assert len(out) and out.index.equals(pd.RangeIndex(len(out)))
        want = out.sort_values(["independent", "n", "phrase"], ascending=[False, False, True], kind="stable",
                               ignore_index=True)
        pd.testing.assert_frame_equal(out, want, check_exact=True)
        assert "peace and stability" in set(out["phrase"])

    def test_scale_recurring_phrases_equal_the_local_ones(self, turns):
        want = recurring_phrases(turns, min_count=2, stop_rule="none")
        got = scale_recurring_phrases(turns, min_count=2, stop_rule="none", engine="serial")
        pd.testing.assert_frame_equal(got[list(want.columns)].reset_index(drop=True), want, check_exact=True,
                                      check_dtype=False)

    @pytest.mark.parametrize("n", [2, 3])
    def test_collocations(self, turns, n):
        out = collocations(turns, n=n, min_count=2, stop_rule="none")
        assert len(out)
        key = {2: "llr", 3: "llr_split"}[n]  # trigrams rank by the weaker joint (association.DEFAULT_SORT)
        want = out.sort_values([key, "collocation"], ascending=[False, True], kind="stable", ignore_index=True)
        pd.testing.assert_frame_equal(out, want, check_exact=True)

    def test_slot_frames(self, turns):
        more = pd.concat([turns, pd.DataFrame({"transcript_id": ["t5"], "speaker": ["X"],
                                               "text": ["Peace and security matter. We firmly reject it."]})],
                         ignore_index=True)
        out = slot_frames(more, ["we firmly oppose it", "peace and stability matter"], min_transcripts=1,
                          min_fillers=2, max_top_share=1.0)
        # both in 4 transcripts: the more open frame first; fillers by count, ties by filler
        assert out["frame"].tolist() == ["we firmly * it", "peace and * matter"]
        assert out["n_transcripts"].tolist() == [4, 4]
        assert out["fillers"].tolist() == [(("oppose", 2), ("reject", 1), ("support", 1)),
                                           (("stability", 3), ("security", 1))]
        assert out.index.equals(pd.RangeIndex(2))
