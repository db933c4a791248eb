"""The word counts of the turns are counted where the files are parsed (analysis.loader
_paragraph_counts, _turn_counts): each turn's count equals counting its text afterwards
(analysis.wordcounts.word_counts), on hand-checked turns, on the bundled corpus read by one
process or by forked workers, with and without the cache."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis.cache as cache_mod
import analysis.corpus as corpus_mod
import analysis.wordcounts as wc_mod
import analysis.loader as loader_mod
from analysis.corpus import load_corpus
from analysis.model import Paragraph, Transcript, Turn
from analysis.parsers.text import ParsedPage, TurnDraft

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_cache_env(monkeypatch):
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _para(speech: str, directions: tuple[str, ...] = ()) -> Paragraph:
    return Paragraph(speech, speech, directions, 0, 0, len(speech), 1)


def _transcript(*turns: tuple[Paragraph, ...]) -> Transcript:
    return Transcript(id="t", title="", date=None, source="", url="", kind="transcript", pages=("t.txt",),
                      turns=tuple(Turn("t", i, "A", "a", "unknown", "A", None, ps) for i, ps in enumerate(turns)),
                      boilerplate=(), format="text", encoding="utf-8")


def _load(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kwargs)


def test_paragraph_and_turn_counts_hand_checked() -> None:
    speech = _para("They resume on 3 May. We're ready.")          # 7 words: "3" is one, "We're" one
    direction_only = _para("", ("(Laughter.)", "(Inaudible.)"))   # no speech: its directions are the text
    with_direction = _para("Thank you, sir.", ("(Applause.)",))   # speech: its directions are not counted
    han = _para("中方坚决反对。")
    page = ParsedPage("p.txt", "", "utf-8", "text", turns=[
        TurnDraft("A", "A", None, None, [speech, direction_only]), TurnDraft("B", "B", None, None, [with_direction]),
        TurnDraft("C", "C", None, None, [han])])
    (counts,) = loader_mod._paragraph_counts([page])
    assert counts == [7, 2, 3, -1]
    assert loader_mod._paragraph_counts([page, page, page]) == [counts] * 3
    known = {id(p): (p, n) for p, n in zip((speech, direction_only, with_direction, han), counts)}
    t = _transcript((speech, direction_only), (direction_only,), (with_direction,), (han,), ())
    assert loader_mod._turn_counts([t], known) == [7, 2, 3, -1, 0]
    assert wc_mod._chunk_word_counts([u.text for u in t.turns]) == [7, 2, 3, -1, 0]
    # a paragraph equal to a counted one but not that very object is not taken as counted
    copy = _para("They resume on 3 May. We're ready.")
    assert copy == speech and loader_mod._turn_counts([_transcript((copy,), (speech,))], known) == [None, 7]


def test_word_counts_fill_only_the_missing_counts(monkeypatch) -> None:
    texts = ["Good morning.", "We're ready on 3 May.", "(Inaudible.)", "", "Yes, sir."]
    want = wc_mod.word_counts(texts)
    assert want == [2, 5, 1, 0, 2]
    seen: list[list[str]] = []
    real = wc_mod._chunk_word_counts_on_cores
    monkeypatch.setattr(wc_mod, "_chunk_word_counts_on_cores", lambda ts: seen.append(list(ts)) or real(ts))
    assert wc_mod.word_counts(texts, [2, None, 1, None, 2]) == want
    assert seen == [["We're ready on 3 May.", ""]]          # the counted texts are not counted again


def test_shared_memo_gives_the_counts_of_a_fresh_one() -> None:
    texts = ["a b, c.", "中方 反对", "a b", "U.S. officials don't rest."]
    memo: dict[str, int] = {}
    first = wc_mod._chunk_word_counts(texts[:2], memo)
    second = wc_mod._chunk_word_counts(texts[2:], memo)
    assert first + second == wc_mod._chunk_word_counts(texts) == [3, -1, 2, 4]
    # chunks of letters and digits, with a mark or not, are counted without the memo
    assert memo == {"中方": wc_mod._HAN_CHUNK, "反对": wc_mod._HAN_CHUNK, "U.S.": 1, "don't": 1}


@pytest.mark.parametrize("cache", [False, True])
def test_counts_of_the_load_equal_counting_the_texts(tmp_path: Path, cache: bool) -> None:
    corpus = _load(ROOT / "data", cache=tmp_path / "c" if cache else False)
    texts = [u.text for t in corpus.transcripts for u in t.turns]
    assert corpus._word_counts is not None and corpus._word_counts[0] is corpus.transcripts
    assert corpus._word_counts[1] == wc_mod.word_counts(texts)
    turns = corpus.turns()
    assert turns["n_words"].tolist() == wc_mod.word_counts(texts) and turns["n_words"].sum() > 100_000


def test_workers_count_what_one_process_counts(monkeypatch, tmp_path: Path) -> None:
    """Forked workers (each with its own memo) give the counts and the frame of one process."""
    serial = _load(ROOT / "data", cache=False)
    monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
    calls: list[int] = []
    real = loader_mod._read_files
    monkeypatch.setattr(loader_mod, "_read_files", lambda jobs, **kw: calls.append(len(jobs)) or real(jobs, n_jobs=2))
    parallel = _load(ROOT / "data", cache=False)
    cold = _load(ROOT / "data", cache=tmp_path / "c")
    warm = _load(ROOT / "data", cache=tmp_path / "c")
    assert calls[0] > 2
    assert parallel._word_counts[1] == serial._word_counts[1] == cold._word_counts[1] == warm._word_counts[1]
    expected = serial.turns()
    for corpus in (parallel, cold, warm):
        pd.testing.assert_frame_equal(corpus.turns(), expected, check_exact=True)
        assert corpus.transcripts == serial.transcripts
    assert loader_mod._CHUNKS == {} and loader_mod._JOBS == ()  # nothing is left behind in the parent


def test_pages_read_from_the_cache_are_counted_afterwards(corpus_dir: Path, tmp_path: Path) -> None:
    """A page read from the page cache was not counted by a worker: its turns are counted from
    their texts, so a load mixing cached and parsed pages gives the counts of a fresh load."""
    _load(corpus_dir, cache=tmp_path / "c")
    first = sorted(p for p in corpus_dir.rglob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nQ: One more question about the 3 talks?\n",
                     encoding="utf-8")
    mixed = _load(corpus_dir, cache=tmp_path / "c")
    fresh = _load(corpus_dir, cache=False)
    pd.testing.assert_frame_equal(mixed.turns(), fresh.turns(), check_exact=True)
    texts = [u.text for t in mixed.transcripts for u in t.turns]
    assert mixed.turns()["n_words"].tolist() == wc_mod.word_counts(texts)


def test_corpus_columns_are_read_as_python_values() -> None:
    """A corpus table's columns come back as the values stored (str and int, several chunks),
    and a column with nulls as to_pylist gives it (None), for the entry checks to refuse."""
    import pyarrow as pa

    table = pa.concat_tables([pa.table({"id": pa.array(["a", "é"]), "n": pa.array([1, 2**40], pa.int64())}),
                              pa.table({"id": pa.array([""]), "n": pa.array([-1], pa.int64())})])
    got = cache_mod._columns_of(table, {"id": "s", "n": "i"})
    assert got == {"id": ["a", "é", ""], "n": [1, 2**40, -1]}
    assert [type(v) for v in got["id"] + got["n"]] == [str] * 3 + [int] * 3
    with_null = pa.table({"id": pa.array(["a", None]), "n": pa.array([None, 3], pa.int64())})
    assert cache_mod._columns_of(with_null, {"id": "s", "n": "i"}) == {"id": ["a", None], "n": [None, 3]}
    with pytest.raises(cache_mod._BadEntry):
        cache_mod._columns_of(table, {"id": "s", "n": "s"})
