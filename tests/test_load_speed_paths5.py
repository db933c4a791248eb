"""The parallel reading takes the biggest jobs first and gives the outcomes back in the jobs'
order (the corpus of a one-process read), and the word counts of many texts, each character
classified by one table lookup, are ``count_words`` of each text."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import loader as loader_mod
from analysis import wordcounts as wc
from analysis.loader import load_corpus
from analysis.text import count_words

ROOT = Path(__file__).resolve().parents[1]


def _load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kw)


def _tables(corpus) -> dict[str, pd.DataFrame]:
    return {"turns": corpus.turns(), "paragraphs": corpus.paragraphs(), "notes": corpus.notes(),
            "layouts": corpus.layouts(), "speakers": corpus.speakers(), "boilerplate": corpus.boilerplate()}


def _outcome(x: tuple) -> tuple:
    """What can be compared of one file's outcome of ``_read_run``: its kind, the transcript or
    page made (an error by its message), its word counts and script counts."""
    got = x[0]
    made = str(got[1]) if got[0] == "error" else got[1] if got[0] in ("built", "page") else got[1:5]
    return got[0], made, x[2], x[3]


def test_workers_take_the_biggest_jobs_first_and_the_corpus_is_the_one_process_read(monkeypatch, tmp_path):
    serial = _load(ROOT / "data", cache=False)
    blocks: list[list[int]] = []
    sizes: list[int] = []
    real_blocks = loader_mod._guided_blocks

    def record(job_sizes, workers):
        got = real_blocks(job_sizes, workers)
        sizes[:] = job_sizes
        blocks[:] = got
        return got

    monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader_mod, "_guided_blocks", record)
    real = loader_mod._read_files
    compared: list[int] = []

    def parallel_read(jobs, **kw):
        got = real(jobs, n_jobs=2)
        # each file's outcome is the one a one-process read of the jobs gives, at its place
        want = loader_mod._read_block(jobs, {}, build=True)
        assert [_outcome(x) for x in got] == [_outcome(x) for x in want]
        compared.append(len(got))
        return got

    monkeypatch.setattr(loader_mod, "_read_files", parallel_read)
    reordered = []
    for cache in (False, tmp_path / "c"):  # one file a job, then runs of files (cache entries)
        blocks.clear()
        parallel = _load(ROOT / "data", cache=cache)
        flat = [i for b in blocks for i in b]
        assert len(blocks) >= 2 and sorted(flat) == list(range(len(sizes)))  # every job once
        assert [sizes[i] for i in flat] == sorted(sizes, reverse=True)  # the biggest first
        if sizes != sorted(sizes, reverse=True):  # (runs of files may come biggest first already)
            assert flat != list(range(len(sizes)))  # not the file order: the outcomes are put back
            reordered.append(cache)
        assert parallel.transcripts == serial.transcripts
        assert parallel._word_counts[1] == serial._word_counts[1]
        for name, table in _tables(serial).items():
            pd.testing.assert_frame_equal(_tables(parallel)[name], table, check_exact=True)
    assert len(compared) == 2 and compared[0] > 2 and False in reordered  # files, at least, were reordered
    warm = _load(ROOT / "data", cache=tmp_path / "c")
    assert warm.transcripts == serial.transcripts
    assert loader_mod._CHUNKS == {} and loader_mod._JOBS == ()


def test_guided_blocks_by_hand():
    from analysis.loader import _guided_blocks

    # 100 bytes: at most 12.5 a block for one worker, so one job a block, the biggest first
    assert _guided_blocks([10, 40, 10, 20, 10, 10], 1) == [[1], [3], [0], [2], [4], [5]]
    assert _guided_blocks([8, 8, 8, 8], 2) == [[0], [1], [2], [3]]
    # 80 bytes, one worker: 10 a block (an eighth) while that is at most half of what is left, then
    # half of what is left (5 of 10, 3 of 6, 2 of 4, 1 of 2: whole jobs of 2 bytes)
    assert _guided_blocks([2] * 40, 1) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14],
                                           [15, 16, 17, 18, 19], [20, 21, 22, 23, 24], [25, 26, 27, 28, 29],
                                           [30, 31, 32, 33, 34], [35, 36], [37], [38], [39]]
    assert _guided_blocks([], 2) == []
    assert _guided_blocks([0, 0, 3], 2) == [[2], [0, 1]]  # no bytes left: the empty jobs together


# characters at the edges of the class table: U+3000 is the last white space, U+3001 the first
# code point looked up as "above the table"; controls str.split() reads as white space (U+001C-
# U+001F, U+0085); marks next to letters; Han; characters beyond the BMP
_PIECES = ["peace", "U.S.", "don't", "(1990),", '"we', "world.", "(see", "x)", "a-b", "5G", "\u3000", "\u3001",
           "\u2028", "\u0085", "\x1c", "\x1f", "\x7f", "\u00a0", "\u200b", "\t", "\n", " ", "  ", ".", ",", "(",
           '"', "中国", "é", "\U0001F600", "na\u00efve", "'s", "--", "#", "1,000", "82%"]


@pytest.mark.parametrize("seed", range(6))
def test_chunk_word_counts_equal_count_words(seed):
    rng = random.Random(seed)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += ["", " ", "\u3000\u3001", "a\u3001b", "(a)", '"a"', "a.", "(a", "a)b"]
    want = [-1 if any("\u4e00" <= ch <= "\u9fff" for ch in t) else count_words(t) for t in texts]
    assert wc._chunk_word_counts(texts) == want
    assert wc.word_counts(texts) == [count_words(t) for t in texts]


def test_chunk_word_counts_by_hand():
    # "peace," is one word and a mark; "(1990)," is read by the tokenizer; U+3001 is no space
    assert wc._chunk_word_counts(["peace, (1990), world.", "a\u3000b c", "a\u3001b", "", "\x1cx\x1fy"]) == \
        [count_words("peace, (1990), world."), 3, count_words("a\u3001b"), 0, 2]
    assert wc._chunk_word_counts(["peace, world."]) == [2]


def test_class_table_matches_str_split_and_the_marks():
    import sys

    table = wc._CLASS
    assert len(table) == 0x3002 and table[0x3001] == 0
    assert [c for c in range(0x3002) if table[c] & wc._SPACE] == [c for c in range(0x3002) if chr(c).isspace()]
    assert not any(chr(c).isspace() for c in range(0x3001, sys.maxunicode + 1))
    assert {chr(c) for c in range(0x3002) if table[c] & wc._ALNUM} == set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert {chr(c) for c in range(0x3002) if table[c] & wc._LAST_MARK} == set('.,;:!?)"')
    assert {chr(c) for c in range(0x3002) if table[c] & wc._FIRST_MARK} == set('("')
