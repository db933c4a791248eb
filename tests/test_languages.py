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
        built = T._make(texts, n_jobs=2, cache=False)
        assert calls and calls[0] > 4  # built run by run on two processes
        whole = T._build(texts)
        assert built.types == whole.types
        for a in ("tid", "text", "start", "end", "text_end"):
            assert np.array_equal(getattr(built, a), getattr(whole, a))
