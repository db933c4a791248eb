"""Tests of the formula ranking: formulaicity and its parts on hand-countable texts, nested
phrases folded, shifted windows merged, names apart, function-word edges where fixed, slot
frames, and the floors on the hand-checked lists of tests/data (see formulae_README.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.phrases import (
    evaluate_formulae, formula_occurrences, formula_spread, formula_use, formulae, frame_fillers, names,
    slot_frames, stock_answers,
)
from analysis.phrases.formulae import WEIGHTS

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
HANSARD = ROOT.parent / "shared" / "corpora" / "generality" / "uk_hansard_twfy_xml_2009"


def turns_of(*texts: str, speakers=None, **cols) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)],
                         "speaker": speakers or [f"S{i % 3}" for i in range(n)], "text": list(texts), **cols})


class TestParts:
    def test_fixedness_and_association_by_hand(self) -> None:
        # "at the outset" 4 times; "the outset" only there; "at the" also in "at the end" twice
        texts = ["At the outset, we act.", "At the outset, we wait.", "At the outset I speak.",
                 "At the outset they go.", "At the end we act.", "At the end we wait."]
        out = formulae(turns_of(*texts), kind="all").set_index("formula")
        row = out.loc["at the outset"]
        assert row["left_fixedness"] == 1.0  # f / f(the outset) = 4 / 4
        assert row["right_fixedness"] == pytest.approx(4 / 6)  # f / f(at the) = 4 / 6
        assert row["fixedness"] == pytest.approx(4 / 6)  # the weaker edge
        n = sum(len(t.replace(",", "").replace(".", "").split()) for t in texts)
        p = 4 / n
        pmi = np.log(p / ((6 / n) * (6 / n) * (4 / n)))
        assert row["association"] == pytest.approx(pmi / (-2 * np.log(p)))
        assert row["spread"] == pytest.approx(np.log(4) / np.log(6))  # 6 transcripts, 3 speakers: by transcripts
        assert row["nested"] == 0.0  # inside no row ranked above it
        expected = sum(WEIGHTS[c] * row[c] for c in WEIGHTS)
        assert row["formulaicity"] == pytest.approx(expected)

    def test_nested_discount_by_hand(self) -> None:
        from analysis.phrases.formulae import NESTED_WEIGHT, nested_discount

        rows = ["i would like to point out", "i would like to", "like to point", "we hope"]
        scores = np.array([1.5, 1.4, 1.35, 1.3])
        got = nested_discount(rows, scores, np.array([50, 100, 40, 80]))
        # "i would like to": 50 of its 100 uses are in the row above; "like to point": all its 40
        assert got.tolist() == pytest.approx([0.0, NESTED_WEIGHT * 0.5, NESTED_WEIGHT, 0.0])
        # a row is discounted only against rows placed above it: the long row below gives nothing
        assert nested_discount(rows[:2][::-1], np.array([1.5, 1.4]), np.array([100, 50])).tolist() == [0.0, 0.0]

    def test_function_word_edge_only_where_fixed(self) -> None:
        texts = ["On behalf of my delegation, thanks.", "On behalf of my delegation we agree.",
                 "On behalf of my delegation I speak.", "China and Russia met.", "China and India met.",
                 "China and Japan met.", "China is here.", "China is there.", "China wants peace."]
        got = set(formulae(turns_of(*texts), kind="all")["formula"])
        assert "on behalf of my delegation" in got  # "on" always comes with "behalf of my delegation"
        assert "china and" not in got  # "and" follows "china" in 3 of its 6 uses: not fixed
        banned = set(formulae(turns_of(*texts), kind="all", edge_fixedness=1.01)["formula"])
        assert "on behalf of my delegation" not in banned and "behalf of my delegation" in banned

    def test_rank_by(self) -> None:
        texts = ["We firmly oppose it. Peace and stability.", "We firmly oppose it. Peace and stability.",
                 "Peace and stability matter. Peace and stability."]
        t = turns_of(*texts)
        by_count = formulae(t, rank_by="count")
        assert by_count["count"].tolist() == sorted(by_count["count"], reverse=True)
        by_spread = formulae(t, rank_by="spread")
        assert by_spread["n_transcripts"].tolist() == sorted(by_spread["n_transcripts"], reverse=True)
        default = formulae(t)
        assert default["formulaicity"].tolist() == sorted(default["formulaicity"], reverse=True)
        with pytest.raises(ValueError, match="rank_by must be one of"):
            formulae(t, rank_by="x")
        with pytest.raises(ValueError, match="kind must be one of"):
            formulae(t, kind="x")


class TestFolding:
    def test_nested_fragment_folded(self) -> None:
        # "weapons of mass" is always followed by "destruction": one row
        texts = [f"They hold weapons of mass destruction {w}." for w in ("now", "here", "there", "again")]
        got = formulae(turns_of(*texts), kind="all", min_transcripts=2)["formula"].tolist()
        assert "weapons of mass" not in got and any("weapons of mass destruction" in f for f in got)
        unfolded = formulae(turns_of(*texts), kind="all", nested_share=0.0)["formula"].tolist()
        assert any("weapons of mass destruction" in f for f in unfolded)

    def test_nested_phrase_with_own_uses_kept(self) -> None:
        texts = ["China stands ready to help.", "China stands ready to help.", "China stands firm today.",
                 "China stands firm again.", "China stands alone now.", "China stands tall here."]
        got = set(formulae(turns_of(*texts), kind="all")["formula"])
        assert "china stands" in got  # no single next word takes more than half its uses

    def test_shifted_windows_one_row(self) -> None:
        from analysis.phrases._extend import Listed
        from analysis.phrases._variants import shifted_windows

        # phrase 0 at 0 and 10 (n=4), phrase 1 at 2 and 12 (n=4): shifted windows of one stretch
        listed = Listed(n=np.array([4, 4, 2]), first=np.array([0, 2, 30]), pos=np.array([0, 10, 2, 12, 30, 40]),
                        phrase=np.array([0, 0, 1, 1, 2, 2]), independent=np.ones(6, dtype=bool))
        family = np.array([0, 1, 2])
        merged = shifted_windows(listed, family, np.array([2, 2, 2]))
        assert merged.tolist() == [0, 0, 1]
        # only one of two occurrences overlaps for the commoner phrase 1: not merged
        listed2 = Listed(n=np.array([4, 4]), first=np.array([0, 2]), pos=np.array([0, 2, 20, 40]),
                         phrase=np.array([0, 1, 1, 1]), independent=np.ones(4, dtype=bool))
        assert shifted_windows(listed2, np.array([0, 1]), np.array([1, 3])).tolist() == [0, 1]


class TestNames:
    TEXTS = ["Foreign Minister Wang Yi met them. We firmly oppose it.",
             "As Foreign Minister Wang Yi said, we firmly oppose it.",
             "The Foreign Minister Wang Yi spoke. We firmly oppose this."]

    def test_names_apart(self) -> None:
        t = turns_of(*self.TEXTS)
        assert formulae(t)["formula"].tolist() == ["we firmly oppose"]  # "it" in 2 of 3 uses: 2 / (3 + 2) < 0.6
        nm = names(t)
        assert nm["formula"].tolist() == ["foreign minister wang yi"]
        assert list(nm.columns) == list(formulae(t).columns)
        both = formulae(t, kind="all").set_index("formula")["kind"].to_dict()
        assert both == {"we firmly oppose": "formula", "foreign minister wang yi": "name"}

    def test_sentence_initial_capital_is_not_a_name(self) -> None:
        t = turns_of("Peace and stability matter here.", "Peace and stability matter now.",
                     "We value peace and stability matter.")
        assert formulae(t)["formula"].tolist()[0].startswith("peace and stability")

    def test_formula_with_a_name_inside_is_a_formula(self, seeds) -> None:
        got = formulae(seeds, min_transcripts=2)["formula"].tolist()
        assert "full and rigorous self-governance of the party" in got
        assert any("with comrade xi jinping at its core" in f for f in got)


class TestChinese:
    TEXTS = ["习近平主席会见了王毅。我们坚决反对这种做法。我们的立场是明确的。",
             "习近平主席发表讲话。我们坚决反对干涉。我们的原则是一贯的。",
             "我们坚决反对霸凌。习近平主席表示欢迎。我们的政策没有变。",
             "习近平主席出席会议。我们坚决反对制裁。我们的态度很清楚。"]

    def test_function_words_and_names(self) -> None:
        got = formulae(turns_of(*self.TEXTS), kind="all").set_index("formula")["kind"].to_dict()
        # "我们 的" (we + the particle 的, followed by a different word each time) is a fragment
        # of four phrases, not a formula; 习近平 (a name in jieba's dictionary) + 主席 (a title)
        assert got == {"习近平主席": "name", "我们坚决反对": "formula"}

    DATED = ["王毅将于3月5日对中国进行正式访问。我想说明情况。", "部长将于4月8日对中国进行正式访问。我想补充一点。",
             "总统将于6月12日对中国进行正式访问。我想回答问题。", "美国国务卿蒂勒森。总理将于9月1日对中国进行正式访问。我想强调。",
             "美国国务卿蒂勒森。"]

    def test_dates_and_word_sized_phrases(self, monkeypatch) -> None:
        import sys

        # the rules' constants are patched below: a cached table (keyed by the source, not by
        # the constants' values) must not answer for them
        monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
        got = formulae(turns_of(*self.DATED), kind="all").set_index("formula")["kind"].to_dict()
        # no date edge ("日 对 中国 ..."), no two-character phrase ("我 想"); the split
        # transliteration 蒂勒 森 (Tillerson) after his title is a name
        assert got == {"对中国进行正式访问": "formula", "美国国务卿蒂勒森": "name"}
        module = sys.modules["analysis.phrases.formulae"]
        old = module.ZH_MIN_CHARS, module.ZH_DATE_UNITS, module._NUMBER
        try:
            module.ZH_MIN_CHARS, module.ZH_DATE_UNITS = 1, frozenset()
            module._NUMBER = __import__("re").compile(r"(?!)")
            loose = set(formulae(turns_of(*self.DATED), kind="all")["formula"])
        finally:
            module.ZH_MIN_CHARS, module.ZH_DATE_UNITS, module._NUMBER = old
        assert loose == {"日对中国进行正式访问", "我想", "美国国务卿蒂勒森"}

    def test_announcements_apart(self) -> None:
        texts = ["今天中国境内新增治愈出院病例1200例。我们坚决反对。", "昨天中国境内新增治愈出院病例856例。我们坚决反对。",
                 "中国境内新增治愈出院病例97例。中方坚决反对。"]
        got = formulae(turns_of(*texts), kind="all").set_index("formula")[["kind", "number_share"]]
        # a number follows the bulletin's wording in all three uses: an announcement, not a formula
        assert got.to_dict("index") == {"中国境内新增治愈出院病例": {"kind": "announcement", "number_share": 1.0},
                                        "我们坚决反对": {"kind": "formula", "number_share": 0.0}}
        assert formulae(turns_of(*texts))["formula"].tolist() == ["我们坚决反对"]
        assert formulae(turns_of(*texts), kind="announcement")["formula"].tolist() == ["中国境内新增治愈出院病例"]

    def test_phrase_names(self) -> None:
        from analysis.phrases.names import zh_phrase_is_name

        phrases = ["蒂勒 森", "伊姆兰 汗", "美国 国务卿 蓬佩奥", "国家 主席 习近平", "中非合作论坛 北京 峰会",
                   "中共中央政治局 委员 中央 外事 工作 委员会 办公室 主任 杨洁篪", "坚决 反对", "中 美", "两 国",
                   "应 国务委员 兼 外交部长 王毅 邀请", "转 圜"]
        assert [p for p in phrases if zh_phrase_is_name(p.split())] == phrases[:6]

    def test_evaluator_reads_chinese_names(self) -> None:
        table = pd.DataFrame({"formula": ["美国 国务卿 蒂勒 森", "对 中国 进行 正式 访问"], "n_words": [4, 5],
                              "count": [2, 4]})
        got = evaluate_formulae(table, ["进行 正式 访问"], turns=turns_of(*self.DATED))
        assert got["name_rows"] == ["美国 国务卿 蒂勒 森"] and got["names"] == 0.5
        assert got["rank"] == {"进行 正式 访问": 1}
        # Chinese is matched by characters, however the words are cut; a row lacking two of
        # the listed wording's five words is no match
        got = evaluate_formulae(table, ["进行正式访问", "对中国 进行正式访问", "国务卿 蒂勒森", "将 对 中国 进行 正式 访问",
                                        "王毅 将 对 中国 进行 正式 访问", "坚决 反对"])
        assert got["rank"] == {"进行正式访问": 1, "对中国 进行正式访问": 1, "国务卿 蒂勒森": 0,
                               "将 对 中国 进行 正式 访问": 1, "王毅 将 对 中国 进行 正式 访问": None, "坚决 反对": None}

    def test_name_words(self) -> None:
        from analysis.phrases.names import zh_name_words

        words = ["习近平", "主席", "王毅", "国务委员", "日本首相", "美国", "坚决", "反对", "中方", "国际", "peace", "Wang"]
        assert [w for w, ok in zip(words, zh_name_words(words)) if ok] == [
            "习近平", "主席", "王毅", "国务委员", "日本首相", "美国"]


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_corpus(ROOT / "data" / "transcripts" / "seeds").turns()


class TestFrames:
    TEXTS = ["We urge the US to stop it.", "We urge the US to respect it.", "We urge the US to act now.",
             "We urge the US to stop that."]

    def test_fillers_by_hand(self) -> None:
        t = turns_of(*self.TEXTS, role=["official", "official", "questioner", "official"])
        f = slot_frames(t, ["we urge the us to"], inner=False, min_fillers=2)
        row = f.iloc[0]
        assert (row["frame"], row["count"], row["n_fillers"]) == ("we urge the us to *", 4, 3)
        assert row["fillers"] == (("stop", 2), ("act", 1), ("respect", 1))
        assert row["top_filler_share"] == 0.5
        p = np.array([2, 1, 1]) / 4
        assert row["openness"] == pytest.approx(-(p * np.log(p)).sum() / np.log(3))
        by_role = frame_fillers(t, f, by="role")
        assert by_role[["role", "filler", "count"]].values.tolist() == [
            ["official", "stop", 2], ["official", "respect", 1], ["questioner", "act", 1]]

    def test_inner_slot_and_periods(self) -> None:
        t = turns_of("We are deeply concerned about it.", "We are gravely concerned about it.",
                     "We are seriously concerned about this.", date=pd.to_datetime(["2019-01-01", "2019-05-01", "2019-05-02"]))
        f = slot_frames(t, ["we are deeply concerned about"], final=False, min_fillers=3)
        assert f["frame"].tolist() == ["we are * concerned about"]  # "we * deeply ...": one filler; "the * of"-like frames none
        per = frame_fillers(t, f, by=None, freq="Q")
        assert per[["period", "filler", "count"]].values.tolist() == [
            ["2019Q1", "deeply", 1], ["2019Q2", "gravely", 1], ["2019Q2", "seriously", 1]]
        assert slot_frames(t, ["as deeply as"], final=False, min_fillers=1).empty  # no content word left

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="max_top_share must be in"):
            slot_frames(turns_of("a b"), ["a b"], max_top_share=2)
        with pytest.raises(ValueError, match="frames must be the frame from slot_frames"):
            frame_fillers(turns_of("a b", role=["x"]), pd.DataFrame({"x": [1]}))


class TestNewRowsDownstream:
    """formula_occurrences, formula_use, formula_spread and stock answers on the new rows."""

    def test_members_searched(self) -> None:
        texts = ["We firmly oppose it. I'm a Party member.", "We firmly oppose that. I am a Party member.",
                 "We firmly opposes this."]
        t = turns_of(*texts, date=pd.to_datetime(["2019-01-01", "2019-02-01", "2019-04-01"]))
        f = formulae(t, kind="all")
        occ = formula_occurrences(t, f)
        assert set(occ["formula"]) == set(f["formula"])
        use = formula_use(t, f, by="speaker")
        assert use["count"].sum() == len(occ)
        spread = formula_spread(t, f, freq="Q")
        assert spread.groupby("formula")["count"].sum().to_dict() == occ["formula"].value_counts().to_dict()

    def test_stock_answers_still_found(self) -> None:
        t = pd.DataFrame({"transcript_id": list("abc"), "speaker": ["Lu", "Hua", "Lu"], "role": ["official"] * 3,
                          "text": ["We have noted the relevant reports."] * 3})
        assert stock_answers(t, min_transcripts=3)["n_transcripts"].tolist() == [3]


# --------------------------------------------------------------------------- floors on the hand-checked lists
#: Recall the default reaches among its first 100 rows (0.744, 0.795 and 0.739; the target is
#: 0.80, reached on none of the three: see formulae_README.md).
FLOORS = {"mfa": 0.74, "hansard": 0.79, "mfa_zh": 0.73}
MFA_ZH = ROOT.parent / "shared" / "corpora" / "mfa_zh"


def _evaluate(path, name: str) -> dict:
    turns = load_corpus(path).turns()
    expected = pd.read_csv(DATA / f"formulae_{name}.csv")["formula"].tolist()
    return evaluate_formulae(formulae(turns), expected, turns=turns)


@pytest.mark.parametrize("name,path", [("mfa", ROOT / "data"), ("hansard", HANSARD), ("mfa_zh", MFA_ZH)])
def test_floors_on_hand_checked_lists(name, path) -> None:
    if not Path(path).exists():
        pytest.skip(f"{path} is not here")
    got = _evaluate(path, name)
    assert got["fragments"] == 0.0, got["fragment_rows"]  # no fragment among the first 200 rows
    assert got["names"] <= 0.05, got["name_rows"]  # at most 5% names among the first 50
    assert got["recall"] >= FLOORS[name], got["missed"]


@pytest.mark.xfail(reason="target 80% of a hand-checked list among the first 100 rows, missed on all three "
                          "lists: 0.744 (MFA), 0.795 (Hansard), 0.739 (Chinese MFA); see tests/data/formulae_README.md",
                   strict=True)
@pytest.mark.parametrize("name,path", [("mfa", ROOT / "data"), ("hansard", HANSARD), ("mfa_zh", MFA_ZH)])
def test_recall_target(name, path) -> None:
    if not Path(path).exists():
        pytest.xfail(f"{path} is not here")
    assert _evaluate(path, name)["recall"] >= 0.80


def test_evaluate_formulae_by_hand() -> None:
    table = pd.DataFrame({"formula": ["at the outset i would like", "china stands", "china stands ready"],
                          "members": [("at the outset i would like",), ("china stands",), ("china stands ready",)],
                          "n_words": [6, 2, 3], "count": [10, 12, 11]})
    got = evaluate_formulae(table, ["at the outset", "china stands ready to", "in this regard"], top=2)
    # "china stands" lacks two of the four words: no match; "china stands ready" lacks one
    assert got["rank"] == {"at the outset": 0, "china stands ready to": 2, "in this regard": None}
    assert got["found"] == ["at the outset"] and got["recall"] == pytest.approx(1 / 3)
    assert got["fragment_rows"] == ["china stands"]  # inside "china stands ready" with 11 of its 12 uses
