"""Counting words of a large corpus from a token table held in the on-disk cache.

``analysis.tokens.table_on_disk`` says whether every run of a corpus's token table is an
entry of the cache, without reading one; ``count_rows`` then reads the table instead of
counting the texts apart on worker processes, with or without merged phrases, to the same
counts. ``analysis.tokens._text_salt`` searches a text for Han characters only when it holds
a code point at or above the first one the pattern knows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import analysis.terms._base as base_mod
import analysis.tokens as tokens_mod
from analysis._memo import Memo
from analysis.terms import document_term_matrix, term_frequencies
from analysis.text import _HAN_CLASS, _HAN_RE

#: Hand-made turns: "hong kong" is a fixed phrase; every count below is countable by eye.
TEXTS = [
    "Hong Kong trade resumed. Trade talks in Hong Kong!",
    "Talks, talks and more talks about trade.",
    "",
    "The \u201cHong Kong\u201d talks\u2019 outcome: trade.",
    "Trade.",
]
TURNS = pd.DataFrame({"transcript_id": ["t1", "t1", "t2", "t2", "t3"],
                      "role": ["official", "questioner", "official", "official", "questioner"],
                      "text": TEXTS})


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """No cache unless a test gives one; a memo of token tables of its own; small runs."""
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 40)  # several runs, so several entries


def _entries(root) -> list:
    return sorted((root / "tokens").rglob("*.parquet")) if (root / "tokens").is_dir() else []


class TestTableOnDisk:
    def test_false_without_a_cache_folder(self, tmp_path):
        assert tokens_mod.table_on_disk(TEXTS) is False
        assert tokens_mod.table_on_disk(TEXTS, cache=False) is False
        assert tokens_mod.table_on_disk(TEXTS, cache=tmp_path / "missing") is False
        assert not (tmp_path / "missing").exists()  # a query makes no folder

    def test_true_once_every_run_is_written_false_when_one_is_missing(self, tmp_path):
        assert tokens_mod.table_on_disk(TEXTS, cache=tmp_path) is False  # nothing cached yet
        built = tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)
        entries = _entries(tmp_path)
        assert built.n_texts == len(TEXTS) and len(entries) > 1  # the small runs above: one entry each
        assert tokens_mod.table_on_disk(TEXTS, cache=tmp_path) is True
        assert tokens_mod.table_on_disk(list(reversed(TEXTS)), cache=tmp_path) is False  # other runs
        assert tokens_mod.table_on_disk([*TEXTS, "new text"], cache=tmp_path) is False
        entries[0].unlink()
        assert tokens_mod.table_on_disk(TEXTS, cache=tmp_path) is False

    def test_reads_no_entry_and_token_table_then_tokenizes_nothing(self, tmp_path, monkeypatch):
        built = tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)
        monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))

        def no_read(*args, **kwargs):
            raise AssertionError("an entry was read")

        read_run = tokens_mod._read_run
        monkeypatch.setattr(tokens_mod, "_read_run", no_read)
        assert tokens_mod.table_on_disk(TEXTS, cache=tmp_path) is True
        monkeypatch.setattr(tokens_mod, "_read_run", read_run)

        def no_build(texts):
            raise AssertionError("a run was tokenized")

        monkeypatch.setattr(tokens_mod, "_build", no_build)
        read = tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)  # every run read: same keys
        assert read.types == built.types
        for name in ("tid", "text", "start", "end", "text_end"):
            assert np.array_equal(getattr(read, name), getattr(built, name))

    def test_environment_folder(self, tmp_path, monkeypatch):
        tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        assert tokens_mod.table_on_disk(TEXTS) is True


class TestCountRowsReadsTheCachedTable:
    """A corpus made "large" (``PARALLEL_CHARS`` lowered): its words are counted apart,
    unless the cache holds its table; both ways give the counts of the in-process count."""

    @pytest.fixture
    def large(self, monkeypatch):
        monkeypatch.setattr(tokens_mod, "PARALLEL_CHARS", 10)
        monkeypatch.setattr(tokens_mod, "_workers", lambda n_jobs: 2)
        calls = []
        apart = base_mod.count_words_apart

        def spy(*args, **kwargs):
            calls.append(kwargs.get("phrases", ()))
            return apart(*args, **kwargs)

        monkeypatch.setattr(base_mod, "count_words_apart", spy)
        return calls

    @pytest.mark.parametrize("phrases", [None, ["hong kong"]])
    def test_same_counts_either_way(self, tmp_path, monkeypatch, large, phrases):
        shorthand = {} if phrases is None else {"phrases": phrases}
        apart = term_frequencies(TURNS, by="transcript_id", **shorthand)
        assert len(large) == 1  # no cache: counted apart
        tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)
        monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))  # held on disk only
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        from_table = term_frequencies(TURNS, by="transcript_id", **shorthand)
        assert len(large) == 1  # the cached table was read instead
        pd.testing.assert_frame_equal(apart, from_table, check_exact=True)
        monkeypatch.setattr(tokens_mod, "PARALLEL_CHARS", 10**9)  # the small-corpus path
        monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
        monkeypatch.delenv("ANALYSIS_CACHE")
        pd.testing.assert_frame_equal(apart, term_frequencies(TURNS, by="transcript_id", **shorthand),
                                      check_exact=True)

    def test_hand_counted_with_the_phrase_merged(self, tmp_path, monkeypatch, large):
        tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)
        monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        got = term_frequencies(TURNS, by="transcript_id", phrases=["hong kong"])
        assert large == []
        counts = {(r.transcript_id, r.term): r.count for r in got.itertuples()}
        assert counts == {
            ("t1", "talks"): 4, ("t1", "trade"): 3, ("t1", "hong kong"): 2, ("t1", "resumed"): 1,
            ("t2", "hong kong"): 1, ("t2", "outcome"): 1, ("t2", "talks"): 1, ("t2", "trade"): 1,
            ("t3", "trade"): 1,
        }
        # every word token counted once (the phrase one word), stop words included
        n_words = got.drop_duplicates("transcript_id").set_index("transcript_id")["n_words"].to_dict()
        assert n_words == {"t1": 7 + 7, "t2": 5, "t3": 1}

    def test_document_term_matrix_from_the_cached_table(self, tmp_path, monkeypatch, large):
        apart = document_term_matrix(TURNS, by="role", phrases=["hong kong"])
        tokens_mod.token_table(TEXTS, n_jobs=1, cache=tmp_path)
        monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        read = document_term_matrix(TURNS, by="role", phrases=["hong kong"])
        assert len(large) == 1
        assert list(apart.vocabulary) == list(read.vocabulary)
        assert (apart.matrix != read.matrix).nnz == 0 and apart.matrix.dtype == read.matrix.dtype
        pd.testing.assert_frame_equal(apart.units, read.units, check_exact=True)


class TestTextSalt:
    def test_first_han_is_the_lowest_code_point_of_the_pattern(self):
        import analysis.languages as languages

        lows = [ord(a) for a, _ in re.findall(r"(.)-(.)", languages.HAN_CLASS)]
        assert languages.HAN_CLASS == _HAN_CLASS and languages._FIRST_HAN == min(lows)
        first, han = languages._FIRST_HAN, languages._HAN_RE
        assert han.search(chr(first)) and not han.search(chr(first - 1))

    @pytest.mark.parametrize("text, han", [
        ("plain ascii", False),
        ("curly \u2019quotes\u201d and caf\u00e9", False),
        ("Yi \ua000 and hangul \uac00 are not Han", False),
        ("ideographic space\u3000and \u33ff below the first", False),
        ("x" * 1000 + " \u4e2d\u56fd", True),  # far past the first characters
        ("\u3400", True),
        ("compatibility \uf900", True),
        ("a lone surrogate \ud800 then \u9fff", True),
    ])
    def test_salt_is_given_exactly_to_texts_with_a_han_character(self, text, han, monkeypatch):
        import analysis.languages as languages

        monkeypatch.setattr(languages, "segmenter_id", lambda: "seg")
        salt = tokens_mod._text_salt()
        assert salt(text) == (" seg" if han else "")
        assert (_HAN_RE.search(text) is not None) == han
