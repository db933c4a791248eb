"""Chinese segmentation at corpus scale: the fast segmenter equals jieba, jieba's dictionary is
read from the cache folder (never the system's temporary folder), language detection, and the
token layer's Chinese path (word counts, runs on every core)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from analysis import languages as L

ZH_DIR = Path(__file__).parent / "data" / "zh_turns"
HAN_RUN = re.compile(f"[{L.HAN_CLASS}]+")


def _runs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ZH_DIR.glob("*.txt"))]
    return list(dict.fromkeys(m.group() for t in texts for m in HAN_RUN.finditer(t)))


class TestSegmenter:
    def test_equals_jieba_on_the_register(self):
        seg = L._current_segmenter()[0]
        runs = _runs()
        assert len(runs) > 1500  # every distinct run of Han characters in ten press conferences
        differ = [r for r in runs if seg.cut(r) != list(seg.tokenizer.cut(r, HMM=True))]
        assert differ == []

    @pytest.mark.parametrize("text", [
        "", "中", "中方", "我们敦促美方恪守一个中国原则",
        "赵立坚耿爽华春莹陆慷",  # names: the HMM's words for a stretch of single characters
        "㐀㐁中国",  # extension A: not jieba's Han range, so jieba itself cuts the run
        "上合组织支持一带一路倡议",  # user dictionary words
        "的的的的的的",  # one character over and over: ties on the route
    ])
    def test_equals_jieba_on_edge_cases(self, text):
        seg = L._current_segmenter()[0]
        assert seg.cut(text) == list(seg.tokenizer.cut(text, HMM=True))
        assert "".join(seg.cut(text)) == text

    def test_hmm_memo_follows_forced_splits(self, monkeypatch):
        from jieba import finalseg

        seg = L._current_segmenter()[0]
        text = "澳对遏制中国不感兴趣"  # the HMM joins the stretch 澳对 into one word
        before = seg.cut(text)
        assert "澳对" in before
        monkeypatch.setattr(finalseg, "Force_Split_Words", set(finalseg.Force_Split_Words) | {"澳对"})
        assert "澳对" not in seg.cut(text)
        assert seg.cut(text) == list(seg.tokenizer.cut(text, HMM=True))
        monkeypatch.undo()
        assert seg.cut(text) == before


class TestUserDictionary:
    @pytest.mark.parametrize("text,words", [
        # 有何 ("what ... has"): jieba's 方有何 made the commonest question read 中/方有何
        ("中方有何评论", ["中方", "有何", "评论"]),
        ("美方有何回应", ["美方", "有何", "回应"]),
        # two sides by their one-character abbreviations, kept whole
        ("中俄双方", ["中俄", "双方"]),
        ("中美贸易摩擦", ["中美", "贸易摩擦"]),
        ("中日韩三国", ["中日韩", "三国"]),
        ("中拉关系", ["中拉", "关系"]),
        ("中美两国", ["中美", "两国"]),  # 两国: a rare word in jieba's dictionary, so 两/国
        ("两国领导人", ["两国", "领导人"]),
        ("国务院副总理", ["国务院", "副总理"]),  # titles with 副 ("vice"), which jieba cuts off
        # ... but only where they outscore their parts: 中 "in" before a country or a side
        ("在这一过程中美国", ["在", "这", "一", "过程", "中", "美国"]),
        ("会谈中日方表示", ["会谈", "中", "日方", "表示"]),
        ("过程中英方", ["过程", "中", "英方"]),
        ("在合作中加强沟通", ["在", "合作", "中", "加强", "沟通"]),
        ("其中越南", ["其中", "越南"]),
    ])
    def test_register_words(self, text, words):
        assert L.segment(text) == words


class TestPrefixDictionary:
    def test_equals_jieba_and_writes_nothing(self, tmp_path, monkeypatch):
        import tempfile

        import jieba

        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
        (tmp_path / "tmp").mkdir()
        tk = jieba.Tokenizer()
        freq, total = L._prefix_dictionary(tk)
        ref_freq, ref_total = tk.gen_pfdict(tk.get_dict_file())
        assert total == ref_total and freq == ref_freq and list(freq) == list(ref_freq)
        assert freq["中国"] > 0 and freq["中华人民共"] == 0  # a word, and a prefix that is not one
        assert list(tmp_path.rglob("*")) == [tmp_path / "tmp"]  # no jieba.cache anywhere

    def test_segmenter_reads_no_cache_file(self, tmp_path, monkeypatch):
        import tempfile

        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        L._segmenter.cache_clear()
        try:
            assert L.segment("中方坚决反对干涉中国内政") == ["中方", "坚决", "反对", "干涉", "中国", "内政"]
        finally:
            L._segmenter.cache_clear()
        assert list(tmp_path.iterdir()) == []


def _paragraphs() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ZH_DIR.glob("*.txt"))]
    return [para for t in texts for para in t.split("\n") if para.strip()]


class TestTokenLayer:
    def test_chinese_is_costed_and_english_is_not(self):
        from analysis import tokens as T

        assert T._work(["The Party's work.", "Peace!"]) is None  # English: runs by length, as before
        assert T._work(["中方欢迎。", "Peace!"]) == [5 * T.ZH_WORK, 6]

    def test_chinese_runs_on_every_core_with_the_same_table(self, monkeypatch):
        from analysis import tokens as T
        from analysis.scale import _engine

        texts = _paragraphs() + ["Peace and development.", ""]
        calls = []
        real = _engine.map_blocks

        def spy(func, items, **kw):
            calls.append(len(items))
            return real(func, items, **kw)

        monkeypatch.setattr(_engine, "map_blocks", spy)
        monkeypatch.setattr(T, "PARALLEL_CHARS", 200_000)
        monkeypatch.setattr(T, "RUN_BYTES", 100_000)
        monkeypatch.setattr(L, "_SPANS", {})
        stamp, todo = L.unknown_runs(texts)
        built = T._make(texts, n_jobs=2, cache=False)
        assert calls == [len(todo)] and len(todo) > 1500  # the distinct runs, segmented on two processes
        assert L.unknown_runs(texts) == (stamp, [])  # and remembered here
        assert len(L._SPANS) == len(todo)
        whole = T._build(texts)
        assert built.types == whole.types
        for a in ("tid", "text", "start", "end", "text_end"):
            assert np.array_equal(getattr(built, a), getattr(whole, a))


def _regex_counts(text: str) -> tuple[int, int, int]:
    """The three counts by the regular expressions themselves (the reference)."""
    return (len(re.findall(r"[^\W\d_]", text)), len(re.findall(f"[{L.HAN_CLASS}]", text)),
            len(re.findall(r"[A-Za-z\u00c0-\u024f]", text)))


class TestDetection:
    @pytest.mark.parametrize("text", [
        "", "   ", "Q: Any comment? 1,000 5G towers_", "中方对此有何评论？NSG 1890年",
        "Ünïcödé × ÷ ½ ² 𝐀𝐁𝟙 한국어 Вопрос ٣ 〇 々 㐀 豈 \ud800",  # Latin-1 signs, astral letters and digits
    ])
    def test_counts_equal_the_expressions(self, text):
        assert L.script_counts(text) == _regex_counts(text)

    def test_counts_equal_the_expressions_on_random_text(self):
        import random

        rng = random.Random(23)
        alphabet = [chr(c) for c in (*range(0x20, 0x250), *range(0x2000, 0x2070), *range(0x3000, 0x3040),
                                     *range(0x3400, 0x3410), *range(0x4E00, 0x4E40), *range(0x9FF0, 0xA010),
                                     *range(0xF8F0, 0xFB10), 0x1D400, 0x1D7CF, 0x20000)]
        for _ in range(300):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
            assert L.script_counts(text) == _regex_counts(text)

    def test_same_languages_on_the_corpora(self):
        from analysis.corpus import load_corpus

        for path, lang in ((ZH_DIR, "zh"), (Path(__file__).parents[1] / "data", "en")):
            corpus = load_corpus(path, cache=False)
            for t in corpus:
                text = "\n".join(p.speech for u in t.turns for p in u.paragraphs)
                letters, han, latin = _regex_counts(text)
                expected = "und" if not letters else "zh" if han / letters >= L.HAN_THRESHOLD else \
                    "en" if latin * 2 >= letters else "und"
                assert t.extra["language"] == expected == lang, t.id


class TestWordCounts:
    def test_chinese_counts_come_from_the_token_layer(self, monkeypatch):
        """n_words of a Chinese turn is the token layer's (equal to count_words), and no Chinese
        chunk is tokenized again one by one."""
        from analysis import tokens as T
        from analysis import wordcounts as C
        from analysis.corpus import load_corpus
        from analysis.text import count_words

        seen, tables = [], []
        real, make = C.tokenize, T._make
        monkeypatch.setattr(C, "tokenize", lambda chunk: seen.append(chunk) or real(chunk))
        monkeypatch.setattr(T, "_make", lambda texts, **kw: tables.append(len(texts)) or make(texts, **kw))
        T._MEMO.clear()
        corpus = load_corpus(ZH_DIR, cache=False)
        turns = corpus.turns()
        paras = corpus.paragraphs()
        assert not [c for c in seen if L.has_han(c)]
        assert tables == [len(turns)]  # one table, of the turns' texts: paragraphs are not segmented again
        assert turns["n_words"].tolist() == [count_words(t) for t in turns["text"]]
        assert paras["n_words"].tolist() == [count_words(t) for t in paras["text"]]
        assert turns["n_words"].sum() > 10_000

    def test_english_counts_unchanged(self):
        """On the bundled corpus every turn and paragraph is counted chunk by chunk, as before."""
        from analysis.corpus import load_corpus
        from analysis.wordcounts import _count_words

        corpus = load_corpus(Path(__file__).parents[1] / "data", cache=False)
        turns = corpus.turns()
        known: dict[str, int] = {}
        assert turns["n_words"].tolist() == [_count_words(t, known) for t in turns["text"]]
        paras = corpus.paragraphs()
        assert paras["n_words"].tolist() == [_count_words(t, known) for t in paras["text"]]


class TestReadability:
    def test_english_formulas_do_not_score_chinese(self):
        import pandas as pd

        from analysis.rhetoric import readability
        from analysis.rhetoric.readability import NotApplicableWarning

        t = pd.DataFrame({"role": ["a", "a", "b", "c"],
                          "text": ["中方坚决反对干涉中国内政。我们敦促美方恪守一个中国原则。", "中方欢迎。",
                                   "The cat sat on the mat.", "It ran. 中方欢迎。中方欢迎。中方欢迎。"]})
        with pytest.warns(NotApplicableWarning, match=r"do not apply to Chinese text: 3 of 4 turn"):
            per_turn = readability(t)
        assert per_turn["flesch_reading_ease"].isna().tolist() == [True, True, False, True]
        assert per_turn["syllables_per_word"].isna().tolist() == [True, True, False, True]
        assert per_turn["n_syllables"].isna().tolist() == [True, True, False, True]
        assert per_turn["n_words"].tolist()[:2] == [11, 2]  # jieba's words still counted (一个中国原则 is one)
        assert per_turn["n_sentences"].tolist()[:2] == [2, 1]
        assert round(per_turn["flesch_reading_ease"][2], 1) == 116.1  # the English turn as before
        with pytest.warns(NotApplicableWarning):
            groups = readability(t, by="role", measures="all")
        assert groups["role"].tolist() == ["a", "b", "c"]
        assert groups["gunning_fog"].isna().tolist() == [True, False, True]  # c mixes: not applicable
        assert groups["n_polysyllables"].isna().tolist() == [True, False, True]

    def test_language_column_decides(self):
        import pandas as pd

        from analysis.rhetoric import readability
        from analysis.rhetoric.readability import NotApplicableWarning

        t = pd.DataFrame({"text": ["中方欢迎。", "中方欢迎。"], "language": ["zh", "en"]})
        with pytest.warns(NotApplicableWarning, match="1 of 2"):
            assert readability(t)["flesch_reading_ease"].isna().tolist() == [True, False]

    def test_single_text_functions(self):
        from analysis.rhetoric import flesch_kincaid_grade, flesch_reading_ease, gunning_fog
        from analysis.rhetoric.readability import NotApplicableWarning

        for f in (flesch_reading_ease, flesch_kincaid_grade, gunning_fog):
            with pytest.warns(NotApplicableWarning):
                assert np.isnan(f("中方坚决反对干涉中国内政。"))

    def test_english_corpus_has_no_warning(self, recwarn):
        import warnings

        from analysis.corpus import load_corpus
        from analysis.rhetoric import readability
        from analysis.rhetoric.readability import NotApplicableWarning

        corpus = load_corpus(Path(__file__).parents[1] / "data", cache=False)
        with warnings.catch_warnings():
            warnings.simplefilter("error", NotApplicableWarning)
            r = readability(corpus, by="role")
        assert r["n_syllables"].dtype == "int64" and r["flesch_reading_ease"].notna().all()
