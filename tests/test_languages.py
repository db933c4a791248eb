"""Chinese segmentation at corpus scale: the fast segmenter equals jieba, jieba's dictionary is
read from the cache folder (never the system's temporary folder), language detection, and the
token layer's Chinese path (word counts, runs on every core)."""

from __future__ import annotations

import re
from pathlib import Path

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
    def test_nothing_written_without_a_cache_folder(self, tmp_path, monkeypatch):
        import tempfile

        import jieba

        monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
        freq, total = L._prefix_dictionary(jieba.Tokenizer())
        assert freq["中国"] > 0 and total > 0
        assert list(tmp_path.iterdir()) == []

    def test_kept_in_the_cache_folder(self, tmp_path, monkeypatch):
        import tempfile

        import jieba

        tmp = tmp_path / "tmp"
        tmp.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))
        built = L._prefix_dictionary(jieba.Tokenizer())
        files = list((tmp_path / "cache" / "jieba").iterdir())
        assert [f.name for f in files] == [f"prefix-dict-jieba-{jieba.__version__}.marshal"]
        assert L._prefix_dictionary(jieba.Tokenizer()) == built  # read back
        files[0].write_bytes(b"not marshal")  # a damaged file is rebuilt and replaced
        assert L._prefix_dictionary(jieba.Tokenizer()) == built
        assert L._prefix_dictionary(jieba.Tokenizer()) == built
        assert list(tmp.iterdir()) == []
