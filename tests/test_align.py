"""Both versions of one press conference: pairing, turn alignment, renderings of formulae.

The toy transcripts are hand-made translations of each other (the Chinese is the standard
wording of the MFA pages, the English their published rendering); expected beads and counts
are counted by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.align import align_pairs, align_turns, alignment_summary, pair_transcripts, renderings


def _turns(tid, date, rows):
    return pd.DataFrame([{"transcript_id": tid, "date": pd.Timestamp(date), "turn_index": i, "speaker": s,
                          "role": r, "text": t} for i, (s, r, t) in enumerate(rows)])


ZH = _turns("2019-01-25_zh", "2019-01-25", [
    ("华春莹", "official", "应国务委员兼外交部长王毅邀请，法国外长勒德里昂将于1月28日至30日访华。"),
    ("记者", "questioner", "美国军舰周四穿越台湾海峡。中方有何评论？"),
    ("华春莹", "official", "我们敦促美方恪守一个中国原则，慎重妥善处理涉台问题，停止干涉中国内政。"),
    ("记者", "questioner", "据报道，2019年有5000名游客。你能否证实？"),
    ("华春莹", "official", "我不了解有关情况。"),
])
EN = _turns("2019-01-25_en", "2019-01-25", [
    ("Hua Chunying", "official", "At the invitation of State Councilor and Foreign Minister Wang Yi, French Foreign "
                                "Minister Jean-Yves Le Drian will visit China from January 28 to 30."),
    ("Journalist", "questioner", "US warships sailed through the Taiwan Strait on Thursday. What is your comment?"),
    ("Hua Chunying", "official", "We urge the US to abide by the one-China principle, handle Taiwan-related "
                                "issues prudently and stop interfering in China's internal affairs."),
    ("Journalist", "questioner", "There is one more thing."),  # in the English version only
    ("Journalist", "questioner", "It is reported that there were 5000 tourists in 2019. Can you confirm?"),
    ("Hua Chunying", "official", "I am not aware of that."),
])


class TestPairTranscripts:
    def test_date_and_spokesperson(self):
        other = _turns("2019-01-25_other", "2019-01-25", [("Geng Shuang", "official", "Good afternoon.")])
        p = pair_transcripts(ZH, pd.concat([EN, other]))
        assert p[["transcript_zh", "transcript_en", "how"]].values.tolist() == [
            ["2019-01-25_zh", "2019-01-25_en", "date and spokesperson"]]

    def test_unknown_names_pair_on_the_date(self):
        zh = ZH.replace({"华春莹": "王某"})
        p = pair_transcripts(zh, EN)
        assert p["how"].tolist() == ["date"]

    def test_given_pairs_and_errors(self):
        p = pair_transcripts(ZH, EN, pairs=[("2019-01-25_zh", "2019-01-25_en")])
        assert p["how"].tolist() == ["given"]
        with pytest.raises(ValueError, match="not a transcript of en"):
            pair_transcripts(ZH, EN, pairs=[("2019-01-25_zh", "nope")])


class TestAlignTurns:
    def test_beads(self):
        a = align_turns(ZH, EN)
        assert a["kind"].tolist() == ["1-1", "1-1", "1-1", "0-1", "1-1", "1-1"]
        assert a["turns_zh"].tolist() == [(0,), (1,), (2,), (), (3,), (4,)]
        assert a["turns_en"].tolist() == [(0,), (1,), (2,), (3,), (4,), (5,)]
        # the one-sided bead has no ratio; the others count Han characters per English word
        assert a["length_ratio"].isna().tolist() == [False, False, False, True, False, False]
        assert a.loc[4, "han_chars"] == 13 and a.loc[4, "en_words"] == 13  # 据报道 年有 名游客 你能否证实

    def test_merged_turns(self):
        # the English page runs the question and its follow-up into one turn
        en = _turns("e", "2019-01-25", [
            ("Journalist", "questioner", "US warships sailed through the Taiwan Strait on Thursday. What is your "
                                         "comment? And on the 5000 tourists in 2019, can you confirm?"),
            ("Hua Chunying", "official", "I am not aware of that."),
        ])
        zh = ZH.iloc[[1, 3, 4]].assign(turn_index=[0, 1, 2])
        zh["role"] = ["questioner", "questioner", "official"]
        a = align_turns(zh, en)
        assert a["kind"].tolist() == ["2-1", "1-1"]

    def test_align_pairs_and_summary(self):
        a = align_pairs(ZH, EN)
        s = alignment_summary(a)
        assert s[["n_1_1", "n_zh_only", "n_en_only", "n_merged"]].values.tolist() == [[5, 0, 1, 0]]


class TestRenderings:
    def test_formula_to_english(self):
        a = align_pairs(ZH, EN)
        r = renderings(a, ["干涉中国内政", "一个中国原则"], min_count=1, top=1)
        got = dict(zip(r["formula"], r["rendering"]))
        # one bead holds both formulae; its English has both renderings, so Dice is 1 for every
        # n-gram of that turn seen nowhere else: the longest such n-gram comes first
        assert r["both"].tolist() == [1, 1] and r["n_formula"].tolist() == [1, 1]
        assert "china's internal affairs" in got["干涉中国内政"] or "one-china principle" in got["干涉中国内政"]

    def test_counts_over_beads(self):
        beads = pd.DataFrame({"kind": ["1-1"] * 4,
                              "text_zh": ["中方坚决反对干涉中国内政。", "我们反对干涉中国内政。", "中方对此有何评论？", "好的。"],
                              "text_en": ["China opposes interference in China's internal affairs.",
                                          "We oppose interference in China's internal affairs.",
                                          "What is your comment?", "China's internal affairs aside, fine."]})
        r = renderings(beads, ["干涉中国内政"], min_count=2, top=1)
        row = r.iloc[0]
        assert row["rendering"] == "interference in china's internal affairs"
        assert (row["both"], row["n_formula"], row["n_rendering"]) == (2, 2, 2)
        assert row["dice"] == pytest.approx(1.0)
        back = renderings(beads, ["internal affairs"], source="en", min_count=2, top=1)
        # 反对 stands before the formula in both beads: the longer n-gram with the same count is kept
        assert back.iloc[0]["rendering"] == "反对干涉中国内政"
        assert (back.iloc[0]["both"], back.iloc[0]["n_formula"]) == (2, 3)

    def test_alternatives_not_company(self):
        # 一个中国原则 rendered "the one-china principle" in every bead; "three china-us joint" keeps
        # it company in three of them, never alone: context, not a second rendering. 互利共赢 is
        # "win-win" in three beads and "mutual benefit" in three others: two renderings
        zh = ["中方恪守一个中国原则和三个联合公报。"] * 3 + ["一个中国原则是共识。"] * 2 + ["实现互利共赢。"] * 6
        en = (["China abides by the one-China principle and the three China-US joint communiques."] * 3
              + ["The one-China principle is a consensus."] * 2 + ["We achieve win-win results."] * 3
              + ["It is based on mutual benefit."] * 3)
        beads = pd.DataFrame({"kind": "1-1", "text_zh": zh, "text_en": en})
        r = renderings(beads, ["一个中国原则", "互利共赢"], min_count=3, top=3)
        got = r.groupby("formula")["rendering"].agg(list).to_dict()
        assert got["一个中国原则"] == ["the one-china principle"]
        # (every n-gram of a toy sentence seen as often: the longest is listed)
        assert len(got["互利共赢"]) == 2 and sorted("win-win" in x for x in got["互利共赢"]) == [False, True]
        assert any("mutual benefit" in x for x in got["互利共赢"])
        # the examples are the sentences holding the formula and the rendering
        row = r[r["formula"] == "一个中国原则"].iloc[0]
        assert row["example_en"].startswith("China abides by the one-China principle") and row["example_zh"].endswith("。")

    def test_no_alternative_far_below_the_first(self):
        # "i" is in three beads of the formula the first rendering misses, but its Dice (0.004,
        # as for 我不掌握有关情况 on the paired briefings) is a small share of the first's (0.5)
        from analysis.align import _alternatives

        tgt = [" no information to offer "] * 3 + [" i do not know "] * 3
        kept = [("no information to offer", 3, 3, 0.5), ("i", 3, 1500, 0.004), ("do not know", 3, 3, 0.5)]
        got = _alternatives(kept, list(range(6)), tgt, "en", min_count=3, top=3)
        assert [g for g, *_ in got] == ["no information to offer", "do not know"]

    def test_examples_are_sentences(self):
        beads = pd.DataFrame({"kind": "1-1", "text_zh": ["今天天气很好。我们坚决反对干涉中国内政。谢谢。"] * 3,
                              "text_en": ["The weather is fine today. We firmly oppose interference in China's internal "
                                          "affairs. Thank you."] * 3})
        row = renderings(beads, ["干涉中国内政"], min_count=3, top=1).iloc[0]
        assert row["example_zh"] == "我们坚决反对干涉中国内政。"
        assert row["example_en"] == "We firmly oppose interference in China's internal affairs."

    def test_bad_source(self):
        with pytest.raises(ValueError, match="source must be"):
            renderings(pd.DataFrame(columns=["kind", "text_zh", "text_en"]), ["x"], source="fr")


@pytest.mark.skipif(not __import__("pathlib").Path("../shared/corpora/mfa_zh/index.csv").is_file(),
                    reason="needs ../shared/corpora/mfa_zh")
def test_every_indexed_pair_is_found_without_the_index():
    """Every one of the 420 pairs in mfa_zh's index.csv is found from dates and spokespersons."""
    from analysis.corpus import load_corpus

    idx = pd.read_csv("../shared/corpora/mfa_zh/index.csv")
    ref = {(r.txt_file[:-4], e[:-4]) for r in idx.itertuples() if isinstance(r.en_file, str)
           for e in r.en_file.split(";")}
    zh_files = sorted({f"../shared/corpora/mfa_zh/txt/{a}.txt" for a, _ in ref})
    zh = load_corpus(zh_files).turns()
    en = load_corpus("data/transcripts/mfa").turns()
    p = pair_transcripts(zh, en)
    assert len(ref) == 420
    assert set(zip(p["transcript_zh"], p["transcript_en"])) == ref


def test_hand_checked_alignment():
    """60 beads (the first 15 of four pairs of tests/data/zh_turns with the bundled English pages),
    each checked by reading both turns: the alignment reproduces at least 90% of them."""
    from pathlib import Path

    from analysis.corpus import load_corpus

    here = Path(__file__).parent / "data"
    expected = pd.read_csv(here / "zh_align_expected.csv", dtype=str, keep_default_na=False)
    zh = load_corpus(here / "zh_turns").turns()
    en_files = [Path("data/transcripts/mfa") / f"{t}.txt" for t in sorted(set(expected["transcript_en"]))]
    en = load_corpus(en_files).turns()
    aligned = align_pairs(zh, en)
    got = {(r.transcript_zh, r.transcript_en, " ".join(map(str, r.turns_zh)), " ".join(map(str, r.turns_en)))
           for r in aligned.itertuples()}
    right = [(r.transcript_zh, r.transcript_en, r.turns_zh, r.turns_en) in got for r in expected.itertuples()]
    assert len(right) == 60
    assert sum(right) / len(right) >= 0.9
