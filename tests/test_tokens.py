"""The text layer (analysis.tokens): one token table per corpus content, and its views."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.tokens as tokens_mod
from analysis._memo import Memo
from analysis.text import is_word, lemmatize, normalize_token, token_spans, tokenize
from analysis.tokens import token_table

ALPHABET = "ab Zé'’-.,:;!?%5 \n\t\u00a0\u3000中国s"
TEXTS = ["The Party's work goes on.", "We don’t rest, we work!", "U.S. trade, 3.5% growth.", "", "  ",
         "Peace.\n\nAnd 10:30 a.m. talks on 5G.", "O'Brien's win-win 中国 plan"]


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch):
    monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)


def _as_lists(table) -> list[list[tuple[str, int, int]]]:
    out: list[list[tuple[str, int, int]]] = [[] for _ in range(table.n_texts)]
    for tid, text, start, end in zip(table.tid.tolist(), table.text.tolist(), table.start.tolist(), table.end.tolist()):
        out[text].append((table.types[tid], start, end))
    return out


def _reference(texts) -> list[list[tuple[str, int, int]]]:
    return [[(t[s:e], s, e) for s, e in token_spans(t)] for t in texts]


def _same(a, b) -> bool:
    return a.types == b.types and all(np.array_equal(getattr(a, f), getattr(b, f))
                                      for f in ("tid", "text", "start", "end", "text_end"))


class TestTable:
    def test_equals_token_spans(self):
        table = token_table(TEXTS)
        assert _as_lists(table) == _reference(TEXTS)
        assert table.text_end.tolist() == np.cumsum([len(tokenize(t)) for t in TEXTS]).tolist()

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.text(alphabet=ALPHABET, max_size=40), max_size=8))
    def test_equals_token_spans_on_any_text(self, texts):
        tokens_mod._MEMO.clear()
        assert _as_lists(token_table(texts)) == _reference(texts)

    def test_arrays_are_read_only_and_shared(self):
        table = token_table(TEXTS)
        assert token_table(list(TEXTS)) is table
        with pytest.raises(ValueError):
            table.tid[0] = 1

    def test_no_text(self):
        table = token_table([])
        assert table.n_texts == 0 and len(table.tid) == 0 and table.words().lists() == []

    @pytest.mark.parametrize("n_jobs", [1, 2])
    def test_runs_merged_equal_one_build(self, monkeypatch, n_jobs):
        texts = [f"Text {i}: the {'trade and peace ' * (i % 7)}talks of {i % 3}." for i in range(300)] + TEXTS
        whole = tokens_mod._build(texts)
        monkeypatch.setattr(tokens_mod, "RUN_BYTES", 200)  # many runs
        monkeypatch.setattr(tokens_mod, "PARALLEL_CHARS", 0)  # and on worker processes
        assert len(tokens_mod._runs(texts)) > 10
        merged = tokens_mod._make(texts, n_jobs=n_jobs, cache=False)
        assert _same(merged, whole)

    def test_cached_equals_built(self, tmp_path, monkeypatch):
        texts = [f"Run {i} of the talks, {'peace ' * i}and trade." for i in range(60)] + TEXTS
        monkeypatch.setattr(tokens_mod, "RUN_BYTES", 300)
        built = tokens_mod._build(texts)
        cold = tokens_mod._make(texts, n_jobs=1, cache=tmp_path)
        warm = tokens_mod._make(texts, n_jobs=1, cache=tmp_path)
        assert _same(cold, built) and _same(warm, built)
        assert len(list(Path(tmp_path).rglob("*.parquet"))) > 5  # one entry per run


class TestViews:
    @pytest.mark.parametrize("lowercase,lemmas,words_only", [(True, False, True), (False, False, True),
                                                             (True, True, True), (False, False, False),
                                                             (True, False, False)])
    def test_words_equal_the_definition(self, lowercase, lemmas, words_only):
        def expected(text):
            toks = tokenize(text)
            if words_only:
                toks = [t for t in toks if is_word(t)]
            if lowercase or lemmas:
                toks = [normalize_token(t) for t in toks]
            if lemmas:
                toks = [lemmatize(t) for t in toks]
            return toks

        view = token_table(TEXTS).words(lowercase=lowercase, lemmas=lemmas, words_only=words_only)
        assert view.lists() == [expected(t) for t in TEXTS]
        assert view.n_words.tolist() == [len(expected(t)) for t in TEXTS]

    def test_counts_equal_counter(self):
        view = token_table(TEXTS).words()
        m = view.counts()
        got = [{view.types[j]: int(v) for j, v in zip(m[i].indices, m[i].data)} for i in range(m.shape[0])]
        assert got == [dict(Counter(t)) for t in view.lists()]
        assert m.has_sorted_indices and m.dtype == np.int64

    def test_view_is_kept(self):
        table = token_table(TEXTS)
        assert table.words() is table.words(lowercase=True)
