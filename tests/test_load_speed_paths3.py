"""The language of a transcript is decided from script counts made where its file is parsed
(analysis.loader _read_run, _known_scripts; analysis.languages.with_language(counts=)): the
same language as detecting it from the transcript's speech afterwards, on hand-made texts, on
the bundled corpus read by one process or by forked workers, with and without the cache; a
transcript whose paragraphs are not those of one counted page is detected from its text.

Also: the word counts of chunks found all at once (analysis.wordcounts._chunk_word_counts) against
count_words, and the furniture signatures against keys made line by line."""

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


def _signatures_from_keys(lines: list[str]) -> list[int]:
    """The reference of the furniture signatures: each line's key made by ``_key``, its
    characters other than the space and ``#`` summed one by one (modulo 2**64)."""
    from analysis.parsers.furniture import _key

    return [sum(c + ((c * c) << 16) + (1 << 40) for c in map(ord, _key(line)) if c not in (32, 35)) % (1 << 64)
            for line in lines]


def _recurring_signatures(lines: list[str]) -> list[int]:
    """The positions whose reference signature another line has."""
    sig = _signatures_from_keys(lines)
    seen: dict[int, int] = {}
    for s in sig:
        seen[s] = seen.get(s, 0) + 1
    return [k for k, s in enumerate(sig) if seen[s] > 1]


class TestFurnitureSignatures:
    """The lines analysis.parsers.furniture._maybe_recurring keeps (ASCII lines signed from
    their bytes, the others from their keys) are those whose key's signature, made line by
    line, recurs."""

    ALPHABET = ["a", "B", "z", "1", "9", "#", " ", ".", "-", "é", "É", "ß", "ẞ", "İ", "ı", "Σ", "σ", "ς", "ﬁ",
                "ǅ", "٣", "१", "²", "中", "文", "ж", "Ж", "\U0001d400", "\u0130", "ŉ", "ΐ", "Å", "K"]

    def test_random_lines_agree_with_keys_made_one_by_one(self) -> None:
        from analysis.parsers.furniture import _maybe_recurring

        rng = random.Random(7)
        for _ in range(300):
            pool = [" ".join("".join(rng.choice(self.ALPHABET[:-1] if k else self.ALPHABET) for _ in range(
                rng.randrange(1, 6))).split()) or "x" for k in range(rng.randrange(1, 8))]
            lines = [rng.choice(pool) for _ in range(rng.randrange(1, 30))]
            # the same words in another order, case or digits: the same key
            lines += [" ".join(reversed(s.upper().replace("1", "77").split())) for s in lines[:3]]
            assert _maybe_recurring(lines) == _recurring_signatures(lines)

    def test_un_pages_agree_with_keys_made_one_by_one(self) -> None:
        from analysis.parsers.furniture import _collapsed, _maybe_recurring
        from analysis.parsers.decode import WS_CHARS, decode

        folder = Path("/work/shared/corpora/un_general_debate")
        if not folder.is_dir():
            pytest.skip("the UN General Debate corpus is not here")
        files = sorted(folder.rglob("*.txt"))[::97]
        beyond_ascii = 0
        for f in files:
            text = decode(f.read_bytes(), str(f)).text
            shown = [c for c in _collapsed([ln.strip(WS_CHARS) for ln in text.split("\n")]) if c]
            if not shown:  # lines all longer than a header can be: never looked at
                continue
            beyond_ascii += sum(1 for s in shown if not s.isascii())
            assert _maybe_recurring(shown) == _recurring_signatures(shown)
        assert beyond_ascii > 0  # lines beyond ASCII were signed from their keys


class TestChunkWordCounts:
    """analysis.wordcounts._chunk_word_counts finds the chunks of many texts at once and counts a
    chunk of ASCII letters and digits (with one mark before or after it) as one word without
    the tokenizer: each text's count is analysis.text.count_words' (-1 for a text with a Han
    character), whatever the batches and however full the memo."""

    PIECES = ["a", "Z", "9", "12", "word", " ", "  ", "\t", "\n", "\u00a0", "\u2028", "\u3000", "\x1c", "\x85", ".", ",",
              ";", ":", "!", "?", "(", ")", '"', "'", "\u2019", "-", "--", "%", "_", "é", "ж", "中", "n't", "'s", "U.S.",
              "3.5", "255,000", "10:30", "e.g.", "\u00b2", "\U0001d400", "#", "/", "\u0663"]

    @staticmethod
    def _reference(text: str) -> int:
        from analysis.text import _HAN_RE, count_words

        return -1 if _HAN_RE.search(text) is not None else count_words(text)

    @pytest.mark.parametrize(("batch", "memo_limit"), [(1 << 18, 2_000_000), (7, 2_000_000), (40, 3)])
    def test_random_texts(self, monkeypatch, batch: int, memo_limit: int) -> None:
        import analysis.wordcounts as wc_mod

        monkeypatch.setattr(wc_mod, "CHUNK_BATCH_CHARS", batch)
        monkeypatch.setattr(wc_mod, "CHUNK_MEMO_LIMIT", memo_limit)
        rng = random.Random(11)
        texts = ["".join(rng.choice(self.PIECES) for _ in range(rng.randrange(0, 25))) for _ in range(3000)]
        memo: dict[str, int] = {}
        got = wc_mod._chunk_word_counts(texts[:1500], memo) + wc_mod._chunk_word_counts(texts[1500:], memo)
        assert got == [self._reference(t) for t in texts]
        assert len(memo) <= memo_limit
        assert wc_mod._chunk_word_counts([]) == [] and wc_mod._chunk_word_counts(["", " \n"]) == [0, 0]

    def test_hand_checked(self) -> None:
        import analysis.wordcounts as wc_mod

        texts = ['peace, (we) "said" so.', "U.S. don't 3.5% (1990).", "-- ... ( )", "中方 反对 and", "x"]
        assert wc_mod._chunk_word_counts(texts) == [4, 4, 0, -1, 1]

    def test_un_paragraphs(self) -> None:
        import analysis.wordcounts as wc_mod
        from analysis.parsers.decode import decode

        folder = Path("/work/shared/corpora/un_general_debate")
        if not folder.is_dir():
            pytest.skip("the UN General Debate corpus is not here")
        texts = [p for f in sorted(folder.rglob("*.txt"))[::61]
                 for p in decode(f.read_bytes(), str(f)).text.split("\n\n")]
        assert len(texts) > 300
        assert wc_mod._chunk_word_counts(texts) == [self._reference(t) for t in texts]
