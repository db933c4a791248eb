"""Tests of the edges of formulae: a coordinating conjunction never ends a formula, a subject
pronoun ends one only where fixed, and a phrase opening with a preposition that one word before
it nearly always precedes is folded into that longer wording."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import EmptyResultError
from analysis.phrases import formulae
from analysis.phrases.formulae import COORDINATORS, PREPOSITION_SHARE


def turns_of(*texts: str) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)], "speaker": [f"S{i % 3}" for i in range(n)],
                         "text": list(texts)})


PARTNERS = ["Africa", "Europe", "Russia", "Brazil", "India", "Japan"]
BETWEEN = [f"We value the cooperation between China and {p}. It helps the world." for p in PARTNERS]


class TestConjunctionEdge:
    def test_between_china_and_never_ends_a_formula(self) -> None:
        out = formulae(turns_of(*BETWEEN), kind="all")
        last = out["formula"].str.split().str[-1]
        assert not last.isin(COORDINATORS).any(), out["formula"].tolist()
        # "between china" is always followed by "and": the phrase stops before the conjunction
        row = out.set_index("formula").loc["we value the cooperation between china"]
        assert row["count"] == 6 and row["n_transcripts"] == 6

    @pytest.mark.parametrize("word", ["or", "but", "nor"])
    def test_other_coordinators(self, word: str) -> None:
        texts = [f"Talks must go on {word} {p} will leave." for p in PARTNERS]
        out = formulae(turns_of(*texts), kind="all")
        assert "talks must go on" in out["formula"].tolist()
        assert not out["formula"].str.endswith(f" {word}").any()

    def test_chinese_conjunction_never_ends_a_formula(self) -> None:
        texts = [f"我们高度重视中国和{p}之间的务实合作。" for p in ["非洲", "欧洲", "俄罗斯", "巴西", "印度", "日本"]]
        out = formulae(turns_of(*texts), kind="all")
        assert out[["formula", "count"]].values.tolist() == [["之间的务实合作", 6], ["我们高度重视中国", 6]]


class TestPronounEdge:
    def test_unfixed_pronoun_does_not_end_a_formula(self) -> None:
        # "question, I" in 4 of 6 uses, each followed by another verb: right fixedness
        # 4 / (6 + EDGE_PRIOR) = 0.5 < EDGE_FIXEDNESS, so the phrase stops before the pronoun
        texts = [f"As for your last question, I {v} it." for v in ["see", "take", "read", "note"]]
        texts += ["As for your last question, we agree.", "As for your last question, we differ."]
        out = formulae(turns_of(*texts), kind="all", min_transcripts=4)
        got = out["formula"].tolist()
        assert got == ["as for your last question"]
        assert out["count"].tolist() == [6]

    def test_pronoun_may_open_a_formula(self) -> None:
        texts = [f"We firmly oppose the {p} move." for p in ["new", "recent", "latest", "unilateral", "wrong", "bad"]]
        out = formulae(turns_of(*texts), kind="all")
        assert out["formula"].tolist()[0] == "we firmly oppose the"


class TestPrepositionFold:
    def test_tail_of_a_longer_wording_is_folded(self) -> None:
        # "of coordination for a new era" in 8 transcripts, after "partnership" in 6 of them
        # (6 / 8 = PREPOSITION_SHARE): the longer wording is in too few transcripts to be listed
        # (min_transcripts=7), and the tail is folded into it rather than listed alone
        assert 6 / 8 >= PREPOSITION_SHARE
        texts = [f"A {a} partnership of coordination for a new era, {b}." for a, b in
                 zip(["strategic", "good", "close", "broad", "deep", "firm"], PARTNERS)]
        texts += ["The spirit of coordination for a new era, they said.", "Talks of coordination for a new era, too."]
        with pytest.raises(EmptyResultError, match="min_transcripts"):
            formulae(turns_of(*texts), kind="all", min_transcripts=7)
        # with one "partnership" fewer (5 / 8 < PREPOSITION_SHARE) the tail is listed
        texts[5] = "Our pact of coordination for a new era, " + PARTNERS[5] + "."
        out = formulae(turns_of(*texts), kind="all", min_transcripts=7)
        assert out["formula"].tolist() == ["of coordination for a new era"]
        assert out["count"].tolist() == [8]

    def test_preposition_with_varied_left_words_is_kept(self) -> None:
        # "in accordance with the law": after six different words, at most 1/6 < PREPOSITION_SHARE
        texts = [f"We {v} in accordance with the law." for v in ["act", "decide", "handle", "rule", "judge", "deal"]]
        assert 1 / 6 < PREPOSITION_SHARE
        out = formulae(turns_of(*texts), kind="all")
        row = out.set_index("formula").loc["in accordance with the law"]
        assert row["count"] == 6

    def test_deterministic(self) -> None:
        texts = BETWEEN + [f"The {a} partnership of coordination for a new era grows." for a in PARTNERS]
        a = formulae(turns_of(*texts), kind="all")
        b = formulae(turns_of(*texts), kind="all")
        pd.testing.assert_frame_equal(a, b, check_exact=True)
