"""Tests of two rules of the formula ranking, on hand-made turns: an enclitic (a clitic, a Chinese
particle) never opens a formula, and a phrase holding a number, or next to one in most of its
uses, in any language, is an announcement (a wording with a number slot), not a formula."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import formulae
from analysis.phrases.formulae import ENCLITICS, NUMBER_SHARE

MODULE = sys.modules["analysis.phrases.formulae"]


def turns_of(*texts: str) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)], "speaker": [f"S{i % 3}" for i in range(n)],
                         "text": list(texts)})


SIDES = ["中方", "美方", "俄方", "日方", "法方", "英方"]
COUNTRIES = ["China", "Russia", "France", "Japan", "India", "Brazil"]


def _without_enclitics(turns: pd.DataFrame) -> pd.DataFrame:
    """The table of ``formulae(turns, kind="all")`` computed (not read from a cache) with no
    enclitic."""
    from analysis.turns import as_turns

    old = MODULE.ENCLITICS
    try:
        MODULE.ENCLITICS = frozenset()
        return MODULE._formulae_table(
            as_turns(turns), min_transcripts=2, min_speakers=1, min_length=2, max_length=None, similarity=90.0,
            stop_words="function", stop_rule="edges", edge_fixedness=MODULE.EDGE_FIXEDNESS,
            nested_share=MODULE.NESTED_SHARE, kind="all", rank_by="formulaicity", lowercase=True,
            expand_contractions=True)
    finally:
        MODULE.ENCLITICS = old


class TestEncliticEdge:
    @pytest.mark.parametrize("texts,expected,unfinished", [
        # 的 follows a different side each time: "立场 是 一贯 的" always comes after 的, so 的 is
        # fixed at the left edge, but it leans on the word before it
        ([f"{s}的立场是一贯的。" for s in SIDES], "立场是一贯的", "的立场是一贯的"),
        ([f"{c}'s position is consistent and clear." for c in COUNTRIES], "position is consistent and clear",
         "'s position is consistent and clear"),
    ])
    def test_enclitic_never_opens_a_formula(self, texts, expected, unfinished) -> None:
        out = formulae(turns_of(*texts), kind="all")
        assert out[["formula", "count", "n_transcripts"]].values.tolist() == [[expected, 6, 6]]
        # the rule is what removes the enclitic: without it the fixed edge is kept
        assert _without_enclitics(turns_of(*texts))["formula"].tolist() == [unfinished]

    def test_enclitic_may_close_a_formula(self) -> None:
        texts = [f"关于你提到的{x}，我们不了解。" for x in ["问题", "报道", "情况", "消息"]]
        got = [m[0] for m in formulae(turns_of(*texts), kind="all")["members"]]  # in words
        assert any(f.split()[-1] == "的" for f in got), got  # "关于 你 提到 的": a particle may end one

    def test_no_row_opens_with_an_enclitic(self) -> None:
        texts = [f"{s}的立场是一贯的。{c}'s position is consistent and clear. 这是{s}的立场。"
                 for s, c in zip(SIDES, COUNTRIES)]
        out = formulae(turns_of(*texts), kind="all", min_transcripts=2)
        words = out["members"].str[0]  # in words ("formula" writes Chinese without spaces)
        assert len(out) and not words.str.split().str[0].isin(ENCLITICS).any(), words.tolist()


class TestNumbers:
    TEXTS = ["Page 3, line 26, at end insert the new words.", "Page 4, line 26, at end insert a clause.",
             "Page 9, line 26, at end insert the text.",
             "Growth was 5 per cent.", "Inflation was 7 per cent.", "Exports rose 2 per cent.", "Per cent is a unit."]

    def test_phrase_holding_a_number_is_an_announcement(self) -> None:
        out = formulae(turns_of(*self.TEXTS), kind="all").set_index("formula")
        assert out.loc["line 26 at end insert", ["kind", "number_share", "count"]].tolist() == ["announcement", 1.0, 3]

    def test_next_to_a_number_in_most_uses(self) -> None:
        out = formulae(turns_of(*self.TEXTS), kind="all").set_index("formula")
        # "per cent": after a number in 3 of its 4 uses
        assert out.loc["per cent", ["kind", "number_share", "count"]].tolist() == ["announcement", 0.75, 4]
        assert 0.75 > NUMBER_SHARE
        assert "per cent" not in formulae(turns_of(*self.TEXTS))["formula"].tolist()
        assert set(formulae(turns_of(*self.TEXTS), kind="announcement")["formula"]) == {
            "line 26 at end insert", "per cent"}

    def test_next_to_a_number_in_few_uses_is_a_formula(self) -> None:
        texts = ["We firmly oppose it.", "We firmly oppose 2 of them.", "We firmly oppose that."]
        out = formulae(turns_of(*texts), kind="all").set_index("formula")
        assert out.loc["we firmly oppose", ["kind", "number_share", "count"]].tolist() == ["formula", pytest.approx(1 / 3), 3]

    def test_number_shares_by_hand(self) -> None:
        from analysis.phrases._stream import build_stream
        from analysis.phrases.formulae import number_shares

        s = build_stream(["Up 5 per cent. Up 7 per cent. Per cent is a unit.", "Page 2 line 3."], lowercase=True)
        # phrase 0 "per cent" at 2, 6 and 8 (numbers before it twice; none across a sentence end);
        # phrase 1 "up 5 per" at 0 (holds a number); phrase 2 "per cent is" at 8 (no number near)
        got = number_shares(s, np.array([2, 6, 8, 0, 8]), np.array([0, 0, 0, 1, 2]), np.array([2, 3, 3]), 3,
                            np.array([2, 0, 8]))
        assert got.tolist() == [2 / 3, 1.0, 0.0]
        # without first positions, only the neighbours count
        got = number_shares(s, np.array([2, 6, 8, 0, 8]), np.array([0, 0, 0, 1, 2]), np.array([2, 3, 3]), 3)
        assert got.tolist() == [2 / 3, 0.0, 0.0]  # "up 5 per": nothing before it, "cent" after it


def test_deterministic_and_no_use_lost() -> None:
    texts = [f"{s}的立场是一贯的。We firmly oppose {c}'s move. Growth was {i} per cent."
             for i, (s, c) in enumerate(zip(SIDES, COUNTRIES))]
    a = formulae(turns_of(*texts), kind="all")
    b = formulae(turns_of(*texts), kind="all")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    # every row of the default table is a row of kind="all" with the same values
    default = formulae(turns_of(*texts)).set_index("formula")
    pd.testing.assert_frame_equal(default, a.set_index("formula").loc[default.index], check_exact=True)
    assert set(a["kind"]) <= {"formula", "name", "announcement"}


@pytest.mark.parametrize("block", [1 << 22, 7])
def test_written_capitals_match_str_isupper(block: int) -> None:
    # capitals read from the texts at the tokens' offsets: ASCII by range, other letters by
    # str.isupper; the reference asks str.isupper of each token's first character as written
    from analysis.phrases._stream import build_stream
    from analysis.phrases.names import _written_upper

    texts = ["École Normale and école. Ärger über Σ and σ. İstanbul and ıs. Élan ÉLAN 中文 Ωmega ωmega.",
             "Zürich, ZÜRICH; Ñandú ñandú! The US and the us."]
    s = build_stream(texts, lowercase=True)
    want = [texts[int(s.row[p])][int(s.char_start[p])].isupper() for p in range(s.n_tokens)]
    got = _written_upper(s, texts, block)
    assert got.tolist() == want
    assert 0 < sum(want) < len(want)
