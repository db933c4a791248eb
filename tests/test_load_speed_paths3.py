"""The language of a transcript is decided from script counts made where its file is parsed
(analysis.loader _read_run, _known_scripts; analysis.languages.with_language(counts=)): the
same language as detecting it from the transcript's speech afterwards, on hand-made texts, on
the bundled corpus read by one process or by forked workers, with and without the cache; a
transcript whose paragraphs are not those of one counted page is detected from its text."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis.cache as cache_mod
import analysis.languages as lang_mod
import analysis.loader as loader_mod
from analysis.corpus import load_corpus
from analysis.model import Paragraph, Transcript, Turn

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_cache_env(monkeypatch):
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _para(speech: str) -> Paragraph:
    return Paragraph(speech, speech, (), 0, 0, len(speech), 1)


def _transcript(*paragraphs: Paragraph) -> Transcript:
    return Transcript(id="t", title="", date=None, source="", url="", kind="transcript", pages=("t.txt",),
                      turns=(Turn("t", 0, "A", "a", "unknown", "A", None, tuple(paragraphs)),),
                      boilerplate=(), format="text", encoding="utf-8")


def _load(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kwargs)


class TestLanguageOfCounts:
    @pytest.mark.parametrize(("text", "expected"), [
        ("问：中方对此有何评论？", "zh"), ("Q: Any comment?", "en"), ("Вопрос", "und"), ("", "und"),
        ("中方 NSG NSG NSG NSG NSG", "en"),  # 2 Han of 17 letters: not zh; 15 Latin of 17: en
        ("中方中方 NSG NSG", "zh"),           # 4 Han of 10 letters
    ])
    def test_agrees_with_detect_language(self, text: str, expected: str) -> None:
        assert lang_mod.language_of_counts(*lang_mod.script_counts(text)) == lang_mod.detect_language(text) == expected

    def test_counts_of_texts_add_up_to_those_of_the_texts_joined(self) -> None:
        rng = random.Random(0)
        alphabet = "ab Zé中文。，\u00a0ж1 ?\U00020000"
        for _ in range(200):
            texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12))) for _ in range(rng.randrange(5))]
            summed = tuple(map(sum, zip((0, 0, 0), *map(lang_mod.script_counts, texts))))
            assert summed == lang_mod.script_counts("\n".join(texts))
            assert lang_mod.language_of_counts(*summed) == lang_mod.detect_language(texts)


class TestWithLanguageCounts:
    def test_known_counts_decide_and_unknown_ones_are_detected(self) -> None:
        english, chinese = _transcript(_para("We meet again.")), _transcript(_para("我们再次见面。"))
        out = lang_mod.with_language([english, chinese], counts=[(10, 8, 2), None])
        # the counts given are used as they are (8 Han of 10 letters), the other is read
        assert [t.extra["language"] for t in out] == ["zh", "zh"]
        out = lang_mod.with_language([english, chinese], counts=None)
        assert [t.extra["language"] for t in out] == ["en", "zh"]

    def test_a_transcript_is_matched_to_its_page_by_its_paragraph_objects(self) -> None:
        a, b = _para("One."), _para("Two.")
        known = {id(a): ([a, b], (6, 0, 6))}
        assert loader_mod._known_scripts(_transcript(a, b), known) == (6, 0, 6)
        assert loader_mod._known_scripts(_transcript(a), known) is None          # not every paragraph
        assert loader_mod._known_scripts(_transcript(a, _para("Two.")), known) is None  # an equal copy
        assert loader_mod._known_scripts(_transcript(), known) is None


def test_workers_decide_what_one_process_detects(monkeypatch, tmp_path: Path) -> None:
    """Languages from the workers' counts are those detected from each transcript's speech
    (one process, forked workers, cold and warm cache), and the turns frames are equal."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "zh.txt").write_text("问：中方对此有何评论？\n\n答：我们一贯支持和平。\n", encoding="utf-8")
    (folder / "ru.txt").write_text("Вопрос: Какие новости?\n\nОтвет: Никаких.\n", encoding="utf-8")
    for k, f in enumerate(sorted((ROOT / "data").rglob("*.txt"))[::6]):
        (folder / f"en_{k:03d}.txt").write_bytes(f.read_bytes())
    detected: list[int] = []
    real_detect = lang_mod.detect_language

    def counting_detect(text, **kw):
        detected.append(1)
        return real_detect(text, **kw)

    monkeypatch.setattr(lang_mod, "detect_language", counting_detect)
    serial = _load(folder, cache=False)
    n_serial = len(detected)
    monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
    real = loader_mod._read_files
    monkeypatch.setattr(loader_mod, "_read_files", lambda jobs, **kw: real(jobs, n_jobs=2))
    parallel = _load(folder, cache=False)
    cold = _load(folder, cache=tmp_path / "c")
    warm = _load(folder, cache=tmp_path / "c")
    for corpus in (serial, parallel, cold, warm):
        langs = {t.id: t.extra["language"] for t in corpus.transcripts}
        assert langs == {t.id: real_detect(p.speech for u in t.turns for p in u.paragraphs)
                         for t in corpus.transcripts}
        assert langs["zh"] == "zh" and langs["ru"] == "und" and langs["en_000"] == "en"
    # pages merged into one transcript are read again; every other transcript is decided from counts
    merged = sum(1 for t in serial.transcripts if len(t.pages) > 1)
    assert n_serial == merged
    expected = serial.turns()
    for corpus in (parallel, cold, warm):
        pd.testing.assert_frame_equal(corpus.turns(), expected, check_exact=True)
        assert corpus.transcripts == serial.transcripts
