"""Tests of topic_units' vectorised paths: paragraphs split by pandas' string methods and
counted by the corpus's chunk word counter give the units (and word counts) of reading each
turn's paragraphs one by one with ``analysis.text.count_words``."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.text import count_words
from analysis.topics import topic_units
from analysis.topics.units import _split_paragraphs, _with_defaults

#: Blank-line paragraph breaks, as topic_units reads them.
BREAK = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")


def _reference_paragraphs(turns: pd.DataFrame) -> list[tuple]:
    """(transcript_id, turn_index, paragraph_index, text, n_words) of every non-empty
    paragraph, read turn by turn."""
    rows = []
    for r in turns.itertuples(index=False):
        k = 0
        for part in BREAK.split(str(r.text).strip()):
            part = part.strip()
            if part:
                rows.append((r.transcript_id, r.turn_index, k, part, count_words(part)))
                k += 1
    return rows


def _tricky_turns() -> pd.DataFrame:
    texts = [
        "  \n\nOne two three.\n \n\n four five\n\n\n",   # blank lines around, spaces inside breaks
        "",                                              # nothing
        "x y z\n\n\u00a0\n\nw",                          # a break holding a non-breaking space
        "only one paragraph here, with U.S. and don't",  # abbreviations and clitics
        "中国 外交部 发言人\n\n今天 举行 例行 记者会。",     # Han text: counted by the token layer
        "\n\n\n",                                        # blank lines only
        "a\nb\n\nc\td\r\n\r\ne",                         # single newlines stay inside a paragraph
    ]
    return pd.DataFrame({
        "transcript_id": ["t1", "t1", "t2", "t2", "t3", "t3", "t4"],
        "turn_index": [0, 1, 0, 1, 0, 1, 0],
        "exchange": [pd.NA, 0, 0, pd.NA, pd.NA, pd.NA, pd.NA],
        "text": texts,
    }, index=[5, 5, 1, 0, 9, 9, 2])  # a repeated, unordered index


class TestSplitParagraphs:
    def test_rows_match_reading_each_turn(self) -> None:
        turns = _tricky_turns()
        got = _split_paragraphs(_with_defaults(turns))
        expected = _reference_paragraphs(turns)
        assert list(zip(got["transcript_id"], got["turn_index"], got["paragraph_index"], got["text"])) == \
            [r[:4] for r in expected]
        assert got.index.tolist() == list(range(len(expected)))

    def test_no_text_lost(self) -> None:
        turns = _tricky_turns()
        got = _split_paragraphs(_with_defaults(turns))
        for r in turns.itertuples(index=False):
            mine = got[(got["transcript_id"] == r.transcript_id) & (got["turn_index"] == r.turn_index)]["text"]
            assert " ".join(mine).split() == r.text.split()

    def test_empty_frame(self) -> None:
        turns = _tricky_turns().iloc[:0]
        got = _split_paragraphs(_with_defaults(turns))
        assert got.empty
        assert list(got.columns) == ["transcript_id", "date", "speaker", "role", "turn_index", "exchange",
                                     "paragraph_index", "text", "path", "line"]


class TestWordCounts:
    @pytest.mark.parametrize("short", ["merge", "drop"])
    def test_paragraph_units_have_count_words_of_their_text(self, short: str) -> None:
        units = topic_units(_tricky_turns(), min_words=0, short=short)
        assert units["n_words"].tolist() == [count_words(t) for t in units["text"]]
        expected = _reference_paragraphs(_tricky_turns())
        assert units["text"].tolist() == [r[3] for r in expected if r[4] > 0]
        assert units["n_words"].tolist() == [r[4] for r in expected if r[4] > 0]

    def test_han_paragraphs_are_counted_as_count_words_counts_them(self) -> None:
        units = topic_units(_tricky_turns(), min_words=0)
        han = units[units["transcript_id"] == "t3"]
        assert han["text"].tolist() == ["中国 外交部 发言人", "今天 举行 例行 记者会。"]
        assert han["n_words"].tolist() == [count_words("中国 外交部 发言人"), count_words("今天 举行 例行 记者会。")]
        assert han["n_words"].min() > 0

    def test_merge_counts_add_up(self) -> None:
        turns = _tricky_turns()
        units = topic_units(turns, min_words=3)
        # "x y z" (3 words) stands alone; "w" (1 word) at the turn's end joins it
        t2 = units[units["transcript_id"] == "t2"]
        assert t2[["turn_index", "text", "n_words", "n_parts"]].values.tolist() == [
            [0, "x y z\n\nw", 4, 2],
            [1, "only one paragraph here, with U.S. and don't", count_words(turns["text"].iloc[3]), 1],
        ]

    @pytest.mark.parametrize("unit", ["turn", "exchange"])
    def test_turns_and_exchanges_without_n_words_are_counted(self, unit: str) -> None:
        units = topic_units(_tricky_turns(), unit=unit, min_words=0)
        assert units["n_words"].tolist() == [count_words(t) for t in units["text"]]
        assert (units["n_words"] > 0).all()


class TestBundledCorpus:
    @pytest.fixture(scope="class")
    def turns(self) -> pd.DataFrame:
        turns = load_corpus("data").turns()
        first = turns["transcript_id"].drop_duplicates().iloc[:25]
        return turns[turns["transcript_id"].isin(first)]

    @pytest.mark.parametrize("short", ["merge", "drop"])
    def test_paragraph_units_of_turns(self, turns: pd.DataFrame, short: str) -> None:
        units = topic_units(turns, short=short)
        assert units["n_words"].tolist() == [count_words(t) for t in units["text"]]
        assert (units["n_words"] >= 20).all()
        paras = _reference_paragraphs(turns)
        # merged units hold every paragraph of the turns they come from, in order
        if short == "merge":
            kept = set(zip(units["transcript_id"], units["turn_index"]))
            texts = [r[3] for r in paras if (r[0], r[1]) in kept]
            assert "\n\n".join(units["text"]) == "\n\n".join(texts)
        else:
            assert units["text"].tolist() == [r[3] for r in paras if r[4] >= 20]

    def test_deterministic(self, turns: pd.DataFrame) -> None:
        pd.testing.assert_frame_equal(topic_units(turns), topic_units(turns.copy()), check_exact=True)

    def test_turns_sum_to_their_paragraphs(self, turns: pd.DataFrame) -> None:
        units = topic_units(turns, min_words=0, short="drop")
        per_turn = units.groupby(["transcript_id", "turn_index"])["n_words"].sum()
        own = turns.set_index(["transcript_id", "turn_index"])["n_words"]
        assert np.array_equal(per_turn.to_numpy(), own.loc[per_turn.index].to_numpy())
        assert int(own[own > 0].sum()) == int(units["n_words"].sum())
