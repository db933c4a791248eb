"""Chinese transcripts: words (jieba), language per transcript, Chinese layouts, analyses.

Segmentations asserted here were checked by hand against the texts (a reader of Chinese):
each expected list is the standard word division of the phrase.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import languages as L
from analysis.text import TOKEN_PATTERN, is_word, sentence_spans, stop_words, token_spans, tokenize
from analysis.tokens import token_table

ZH = "问：中方对此有何评论？\n\n答：中方坚决反对任何国家干涉中国内政。我们敦促美方恪守一个中国原则。"


class TestTokenize:
    @pytest.mark.parametrize("text, expected", [
        ("中方坚决反对干涉中国内政。", ["中方", "坚决", "反对", "干涉", "中国", "内政", "。"]),
        ("中方对此有何评论？", ["中方", "对此", "有何", "评论", "？"]),
        # Latin and digits inside Chinese stay whole: NSG, 1890 + 年
        ("NSG成员国在1890年", ["NSG", "成员国", "在", "1890", "年"]),
        # user dictionary: 上合组织 and 一带一路 are one word each (jieba alone splits 上合/组织)
        ("上合组织支持一带一路", ["上合组织", "支持", "一带一路"]),
        ("外交部发言人赵立坚", ["外交部", "发言人", "赵立坚"]),
    ])
    def test_exact(self, text, expected):
        assert tokenize(text) == expected

    def test_english_is_the_pattern_alone(self):
        text = "The Party's 96.71 million members don't rest, U.S. officials said."
        assert tokenize(text) == re.findall(TOKEN_PATTERN, text)
        assert token_spans(text) == [m.span() for m in re.finditer(TOKEN_PATTERN, text)]

    def test_spans_index_the_text(self):
        spans = token_spans(ZH)
        assert [ZH[a:b] for a, b in spans] == tokenize(ZH)
        # the tokens tile the non-space characters
        assert "".join(ZH[a:b] for a, b in spans) == "".join(ZH.split())

    def test_punctuation_is_not_a_word(self):
        assert [is_word(t) for t in ["中方", "，", "。", "《", "？", "1890"]] == [True, False, False, False, False, True]


class TestTokenTable:
    def test_equals_token_spans(self):
        texts = [ZH, "", "Peace and development.", "中美关系。 Trade war 贸易战"]
        t = token_table(texts, cache=False)
        for i, text in enumerate(texts):
            sel = t.text == i
            got = [(int(a), int(b)) for a, b in zip(t.start[sel], t.end[sel])]
            assert got == token_spans(text)
            assert [t.types[k] for k in t.tid[sel]] == tokenize(text)

    def test_cache_round_trip_and_keys(self, tmp_path):
        from analysis import cache as cache_mod
        from analysis.tokens import _text_salt

        texts = [ZH, "Peace and development."]
        built = token_table(texts, cache=tmp_path, n_jobs=1)
        salt = _text_salt()
        # the English text's key does not depend on the segmenter; the Chinese text's does
        assert salt(texts[1]) == ""
        assert salt(texts[0]).startswith(" jieba-")
        assert cache_mod.content_key("x" + salt(texts[1]), texts[1]) == cache_mod.content_key("x", texts[1])
        from analysis import tokens

        tokens._MEMO.clear() if hasattr(tokens._MEMO, "clear") else None
        again = tokens._make(texts, n_jobs=1, cache=tmp_path)
        assert again.types == built.types and np.array_equal(again.tid, built.tid)

    def test_user_dictionary_from_environment(self, tmp_path, monkeypatch):
        extra = tmp_path / "mine.txt"
        extra.write_text("# my terms\n坚决反对 1000\n", encoding="utf-8")
        before = L.segmenter_id()
        monkeypatch.setenv(L.USERDICT_ENV, str(extra))
        assert L.segment("中方坚决反对") == ["中方", "坚决反对"]
        assert L.segmenter_id() != before
        monkeypatch.setenv(L.USERDICT_ENV, str(tmp_path / "missing.txt"))
        with pytest.raises(FileNotFoundError, match="ANALYSIS_ZH_USERDICT"):
            L.zh_dictionaries()


class TestLanguage:
    @pytest.mark.parametrize("text, lang", [
        ("问：中方对此有何评论？", "zh"), ("Q: Any comment?", "en"), ("", "und"),
        ("Вопрос: Ваш комментарий?", "und"), ("答：NSG是核供应国集团。", "zh"),
    ])
    def test_detect(self, text, lang):
        assert L.detect_language(text) == lang

    def test_han_share(self):
        assert L.han_share("中方对此有何评论？NSG") == pytest.approx(8 / 11)

    def test_bad_language_names_the_argument(self):
        with pytest.raises(ValueError, match="language must be one of"):
            L.check_language("chinese", caller="load_corpus")

    def test_load_corpus_detects_and_takes_language(self, tmp_path):
        from analysis.corpus import load_corpus

        (tmp_path / "zh.txt").write_text("2019年1月25日外交部发言人华春莹主持例行记者会\n\n" + ZH + "\n", encoding="utf-8")
        (tmp_path / "en.txt").write_text("Q: Any comment?\n\nA: We oppose it firmly.\n", encoding="utf-8")
        turns = load_corpus(tmp_path).turns()
        assert dict(zip(turns["path"].str.extract(r"(\w+)\.txt$")[0], turns["language"])) == {"zh": "zh", "en": "en"}
        forced = load_corpus(tmp_path, language="zh").turns()
        assert set(forced["language"]) == {"zh"}
        with pytest.raises(ValueError, match="language"):
            load_corpus(tmp_path, language="klingon")


class TestSentencesAndStops:
    def test_sentences(self):
        text = "我们希望美方慎重行事。你心里会怎么想？“好！”"
        assert [text[a:b] for a, b in sentence_spans(text)] == ["我们希望美方慎重行事。", "你心里会怎么想？", "“好！”"]

    def test_english_sentences_unchanged(self):
        from analysis.text import _default_punkt

        text = "Mr. Qi spoke first. Then Dr. Xu answered."
        assert sentence_spans(text) == list(_default_punkt().span_tokenize(text))

    def test_function_words_are_stop_words(self):
        stops = stop_words()
        assert {"的", "了", "我们", "在", "是", "对"} <= stops
        assert not {"中方", "反对", "内政", "主权"} & stops
        assert "the" in stops and "china" not in stops

    def test_localizers_and_postpositions_are_stop_words(self):
        # "访问时", "会谈后", "近年来", "两国之间", "访问期间", "包括……在内": they close a phrase of time
        # or place, as 中 does, and led the content words of the Chinese briefings (时, 后, 来)
        stops = stop_words()
        assert {"时", "后", "前", "来", "以来", "之间", "期间", "在内", "中"} <= stops
        assert not {"时间", "以后的", "来华", "国内", "内政", "后果"} & stops

    def test_characters(self):
        assert L.count_characters("中方对此有何评论？ NSG") == 11


# --------------------------------------------------------------------------- layouts
ZH_DATA = Path(__file__).parent / "data" / "zh_turns"


class TestChineseLayouts:
    """Chinese labels read as general rules: role words, outlets, names, the title's spokesperson."""

    def _turns(self, tmp_path, body, title="2019年1月25日外交部发言人华春莹主持例行记者会 — 中华人民共和国外交部"):
        from analysis.corpus import load_corpus

        (tmp_path / "t.txt").write_text(f"{title}\nhttps://www.example.org/t1.shtml\n\n{body}\n", encoding="utf-8")
        return load_corpus(tmp_path / "t.txt").turns()

    def test_question_answer_and_title_spokesperson(self, tmp_path):
        t = self._turns(tmp_path, "首先通报一条消息。\n\n问：中方对此有何评论？\n\n答：我们注意到有关报道。\n\n追问：你能否证实？\n\n"
                                  "答: 不能。")
        assert t[["speaker", "role"]].values.tolist() == [
            ["华春莹", "official"], ["记者", "questioner"], ["华春莹", "official"], ["记者", "questioner"],
            ["华春莹", "official"]]
        assert t["answers_turn"].tolist()[2] == 1

    def test_a_question_of_two_paragraphs_before_a_labelled_answer(self, tmp_path):
        # 问： over two paragraphs, then 答： (mfa_zh 2017-06-20): the second paragraph is the
        # question's; an unlabelled paragraph after a question with no 答： after it is the answer
        t = self._turns(tmp_path, "问：印度外长和王毅外长举行了会见。如何评价？\n\n另外，反恐问题占据重要位置。中方如何评论？\n\n"
                                  "答：我先回答第一个问题。\n\n关于第二个问题，中方立场明确。\n\n问：还有问题吗？\n\n我们注意到有关报道。")
        assert t[["speaker", "role"]].values.tolist() == [
            ["记者", "questioner"], ["华春莹", "official"], ["记者", "questioner"], ["华春莹", "official"]]
        assert "反恐问题" in t["text"].iloc[0] and "关于第二个问题" in t["text"].iloc[1]

    def test_outlet_and_name_labels(self, tmp_path):
        t = self._turns(tmp_path, "路透社记者：美方称中方有何评论？\n\n华春莹：我们坚决反对。\n\n《北京青年报》记者提问：能否介绍？\n\n"
                                  "赵立坚：好的。")
        assert t[["speaker", "role", "outlet"]].fillna("").values.tolist() == [
            ["路透社记者", "questioner", "路透社"], ["华春莹", "official", ""],
            ["北京青年报记者", "questioner", "北京青年报"], ["赵立坚", "official", ""]]

    def test_one_outlet_under_its_several_names(self, tmp_path):
        # CCTV's reporters are labelled by four names over the years (China Media Group, 2018)
        t = self._turns(tmp_path, "中央电视台记者：有何评论？\n\n答：好的。\n\n中央广播电视总台央视记者：能否介绍？\n\n答：好的。\n\n"
                                  "总台央视记者提问：还有吗？\n\n答：没有。\n\n《中国日报》记者：请问？\n\n答：好。\n\n"
                                  "中国国际电视台记者：请问？\n\n答：好。\n\nCGTN记者：还有？\n\n答：好。")
        q = t[t["role"] == "questioner"]
        assert q[["speaker", "outlet", "label"]].values.tolist() == [
            ["央视记者", "央视", "中央电视台记者"], ["央视记者", "央视", "中央广播电视总台央视记者"],
            ["央视记者", "央视", "总台央视记者提问"], ["中国日报记者", "中国日报", "《中国日报》记者"],
            ["CGTN记者", "CGTN", "中国国际电视台记者"], ["CGTN记者", "CGTN", "CGTN记者"]]

    def test_a_news_agency_under_its_full_and_short_names(self, tmp_path):
        # the Associated Press of Pakistan: 巴通社 in most briefings, 巴基斯坦通讯社 in one
        t = self._turns(tmp_path, "巴通社记者：有何评论？\n\n答：好的。\n\n巴基斯坦通讯社记者：能否介绍？\n\n答：好的。\n\n"
                                  "北京广播电台记者：请问？\n\n答：好。\n\n北京广播电视台记者：请问？\n\n答：好。")
        q = t[t["role"] == "questioner"]
        assert q[["outlet", "label"]].values.tolist() == [
            ["巴通社", "巴通社记者"], ["巴通社", "巴基斯坦通讯社记者"], ["北京广播电视台", "北京广播电台记者"],
            ["北京广播电视台", "北京广播电视台记者"]]

    def test_sentences_ending_in_colon_are_not_labels(self, tmp_path):
        t = self._turns(tmp_path, "问：有何评论？\n\n答：我想说的是：美方应停止干涉。\n\n我想强调几点：\n\n第一，中方立场明确。\n\n"
                                  "华春莹表示：我们反对。")
        assert len(t) == 2
        assert t["speaker"].tolist() == ["记者", "华春莹"]
        assert "我想强调几点" in t["text"].iloc[1] and "华春莹表示" in t["text"].iloc[1]

    def test_unlabelled_answer_after_a_reporter_and_reported_answer(self, tmp_path):
        t = self._turns(tmp_path, "问：他会被释放吗？\n\n答：请向警方询问。\n\n记者：我已经发了传真。\n\n那你再等一等。\n\n"
                                  "会后有记者问及：中方有何回应？\n\n华春莹表示，中方坚决反对。")
        assert t[["speaker", "role"]].values.tolist() == [
            ["记者", "questioner"], ["华春莹", "official"], ["记者", "questioner"], ["华春莹", "official"],
            ["记者", "questioner"], ["华春莹", "official"]]

    def test_stage_directions(self, tmp_path):
        t = self._turns(tmp_path, "问：你不是央视的吧？\n\n答：听起来你好像很失望。是吗？（记者笑）我们在星期三（3月4日）见。\n\n"
                                  "（记者：没有。）")
        answer = t.iloc[1]
        assert answer["directions"].split("\n") == ["（记者笑）", "（记者：没有。）"]
        assert "（3月4日）" in answer["text"] and "记者笑" not in answer["text"]

    def test_english_title_and_labels_unchanged(self):
        from analysis.parsers.header import official_in_title
        from analysis.parsers.roles import label_role_word

        assert official_in_title("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference") == "Geng Shuang"
        assert label_role_word("Qi Jiabin") is None and label_role_word("Q") == "questioner"

    def test_hand_checked_sample(self):
        """>= 97% of 100 hand-checked turns with the right speaker and role (tests/data/zh_turns/README.md)."""
        from analysis.corpus import load_corpus

        expected = pd.read_csv(ZH_DATA.parent / "zh_turns_expected.csv", dtype=str, keep_default_na=False)
        turns = load_corpus(ZH_DATA).turns()
        turns["file"] = turns["transcript_id"] + ".txt"
        turns["text_start"] = turns["text"].str[:12]
        expected["row"] = range(len(expected))
        got = expected.merge(turns[["file", "text_start", "speaker", "role", "outlet"]].fillna(""),
                             on=["file", "text_start"], how="left", suffixes=("", "_parsed"))
        # a speech opening repeated in one file (a stock answer) matches each of its turns
        got["right"] = (got["speaker"] == got["speaker_parsed"]) & (got["role"] == got["role_parsed"])
        got["outlet_right"] = got["outlet"] == got["outlet_parsed"]
        per_row = got.groupby("row")[["right", "outlet_right"]].any()
        assert len(per_row) == len(expected) == 100
        assert per_row["right"].mean() >= 0.97, expected.loc[~per_row["right"].to_numpy()]
        assert per_row["outlet_right"].mean() >= 0.97


# --------------------------------------------------------------------------- figures
class TestChineseFigures:
    """Figures draw Chinese labels: the packaged CJK font is registered from its package path."""

    LABELS = ["干涉中国内政", "中方", "一个中国原则", "《北京青年报》记者", "赵立坚", "人类命运共同体", "“一带一路”，（记者笑）"]

    def _draw(self, fig) -> list[str]:
        import io
        import warnings

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(io.BytesIO(), format="png")
            fig.savefig(io.BytesIO(), format="svg")
        return [str(w.message) for w in caught if "missing from font" in str(w.message)]

    def test_font_is_registered_from_the_package(self):
        from matplotlib import font_manager
        from noto_cjk_sans_otc import FONT_PATH

        from analysis.plots._style import RC

        assert any(f.fname == str(FONT_PATH) for f in font_manager.fontManager.ttflist)
        assert RC["font.family"][0] == "DejaVu Sans" and "Noto Sans CJK JP" in RC["font.family"]

    def test_no_glyph_missing(self):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from analysis.plots._style import style

        with style():
            fig, ax = plt.subplots()
            ax.barh(self.LABELS, range(1, len(self.LABELS) + 1))
            ax.set_title("中方对此有何评论？ Keyness 关键词")
            missing = self._draw(fig)
            plt.close(fig)
        assert missing == []

    def test_keyness_plot_of_chinese_turns(self):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from analysis.plots.terms import plot_keyness
        from analysis.terms import keyness

        turns = pd.DataFrame({"role": ["official"] * 3 + ["questioner"] * 3,
                              "text": ["中方坚决反对干涉中国内政。", "我们敦促美方恪守一个中国原则。", "中方坚决反对。",
                                       "中方对此有何评论？", "你能否证实？", "中方对此有何评论？"]})
        fig = plot_keyness(keyness(turns, "official", by="role", min_count=1))
        missing = self._draw(fig)
        plt.close(fig)
        assert missing == []


# --------------------------------------------------------------------------- analyses
class TestChineseAnalyses:
    """The analyses run on Chinese words (jieba), not on clauses between punctuation marks."""

    @pytest.fixture(scope="class")
    def turns(self):
        from analysis.corpus import load_corpus

        return load_corpus(ZH_DATA).turns()

    def test_word_length_and_no_clause_words(self, turns):
        from analysis.terms import term_frequencies

        tf = term_frequencies(turns, stop_words=False).sort_values(["count", "term"], ascending=[False, True])
        lengths = tf["term"].str.len()
        mean = (lengths * tf["count"]).sum() / tf["count"].sum()
        assert 1.4 <= mean <= 2.6
        # the longest of the top 1,000 terms is a fixed term of the user dictionary, not a clause
        assert lengths.head(1000).max() <= 7
        assert "中方对此有何评论" not in set(tf["term"])

    def test_stop_words_leave_content(self, turns):
        from analysis.terms import term_frequencies

        top = term_frequencies(turns).sort_values(["count", "term"], ascending=[False, True])["term"].head(20).tolist()
        assert "中方" in top
        assert not {"的", "了", "是", "在", "我们", "中"} & set(top)  # 中: the localizer "in" (会谈中)

    def test_keyness_collocations_phrases(self, turns):
        from analysis.phrases import collocations, recurring_phrases
        from analysis.terms import keyness

        key = keyness(turns, "questioner", by="role", min_count=3)
        assert {"报道", "评论"} & set(key["term"].head(15))
        col = collocations(turns)
        assert len(col) and col.iloc[:, 0].str.len().max() < 20
        rp = recurring_phrases(turns)
        assert any("".join(p.split()) == "中方对此有何评论" for p in rp.iloc[:, 0])

    def test_phrases_are_written_as_chinese_is(self, turns):
        # the tables that list n-grams write a Chinese one without spaces, as formulae() and
        # recurring_phrases() do; its words stay apart in w1, w2 (w3)
        from analysis.phrases import collocations, ngram_counts
        from analysis.terms import fixed_phrases

        for n in (2, 3):
            col = collocations(turns, n=n, min_count=3)
            words = col[[f"w{i}" for i in range(1, n + 1)]].astype(str).agg("".join, axis=1)
            han = col["collocation"].str.contains(r"[\u4e00-\u9fff]")
            assert han.any() and not col.loc[han, "collocation"].str.contains(" ").any()
            assert (col.loc[han, "collocation"] == words[han]).all()
        grams = ngram_counts(turns, n=2, min_count=3)
        han = grams["ngram"].str.contains(r"[\u4e00-\u9fff]")
        assert han.any() and not grams.loc[han, "ngram"].str.contains(" ").any()
        # fixed_phrases' phrases are an input of phrases=: its pairs keep their words apart
        fixed = fixed_phrases(turns, min_count=3)
        assert len(fixed) and (fixed["phrase"] == fixed["w1"] + " " + fixed["w2"]).all()

    def test_rates_per_thousand_characters(self, turns):
        from analysis.languages import count_characters

        chars = turns["text"].map(count_characters)
        words = turns["n_words"]
        # jieba words are 1.4-2.6 characters long on average, so characters exceed words
        assert (chars.sum() / words.sum()) == pytest.approx(2.0, abs=0.6)


class TestTermRates:
    def test_per_thousand_characters_by_group(self):
        t = pd.DataFrame({"role": ["official", "questioner", "official"], "transcript_id": ["a", "a", "b"],
                          "text": ["中方坚决反对干涉中国内政。", "中方对此有何评论？", "中方欢迎。"]})
        r = L.term_rates(t, by="role", stop_words=False)
        row = r[(r["role"] == "official") & (r["term"] == "中方")].iloc[0]
        # official: 12 + 4 = 16 characters, 8 words (中方 坚决 反对 干涉 中国 内政 / 中方 欢迎)
        assert (row["count"], row["n_words"], row["n_characters"]) == (2, 8, 16)
        assert row["per_1000_chars"] == pytest.approx(125.0) and row["per_1000"] == pytest.approx(250.0)


class TestCommandLine:
    def test_language_option_reaches_load_corpus(self, tmp_path, capsys):
        from analysis.cli import main

        (tmp_path / "t.txt").write_text("问：中方对此有何评论？\n\n答：中方坚决反对干涉中国内政。\n", encoding="utf-8")
        assert main(["terms", "--corpus", str(tmp_path), "--language", "zh", "--top", "3", "--quiet"]) == 0
        out = capsys.readouterr().out
        assert "中方" in out
        from analysis.cli import _reading, build_parser

        args = build_parser().parse_args(["terms", "--corpus", str(tmp_path), "--language", "zh"])
        assert _reading(args)["language"] == "zh"
