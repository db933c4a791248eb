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

    def test_a_run_read_with_its_types_in_another_order_equals_the_built_one(self, tmp_path):
        # an entry whose dictionary is not in first-seen order (a Parquet writer may reorder it)
        # is renumbered on reading; one in that order is read as it is
        texts = ["We work and we rest.", "", "Rest, work!"]
        built = tokens_mod._build(texts)
        order = list(reversed(range(len(built.types))))  # type i stored at position order[i]
        shuffled = tokens_mod.TokenTable(tuple(built.types[i] for i in order),
                                         np.array([order.index(i) for i in built.tid.tolist()], dtype=np.int32),
                                         built.text, built.start, built.end, built.text_end)
        for stored in (built, shuffled):
            key = f"run-{len(stored.types)}-{stored.tid[0]}"
            assert tokens_mod._write_run(key, stored, tmp_path)
            assert _same(tokens_mod._read_run(key, len(texts), tmp_path), built)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.text(alphabet=ALPHABET, max_size=30), min_size=2, max_size=8), st.randoms())
    def test_the_same_texts_in_another_order_equal_a_fresh_build(self, texts, rnd):
        tokens_mod._MEMO.clear()
        token_table(texts)
        shuffled = list(texts)
        rnd.shuffle(shuffled)
        assert _same(token_table(shuffled), tokens_mod._build(shuffled))

    def test_another_order_is_gathered_not_tokenized(self, monkeypatch):
        texts = ["We work.", "Rest, then work!", "", "We work.", "Peace and trade."]
        token_table(texts)
        monkeypatch.setattr(tokens_mod, "_make", lambda *a, **k: pytest.fail("tokenized again"))
        order = [4, 3, 2, 1, 0]
        got = token_table([texts[i] for i in order])
        assert _same(got, tokens_mod._build([texts[i] for i in order]))
        # other texts, or the same ones a different number of times, are not a reordering
        assert tokens_mod._reordered(texts[:4] + ["We work."]) is None
        assert tokens_mod._reordered(texts[:4] + ["Another text."]) is None

    def test_a_changed_list_is_not_taken_for_the_table_it_made(self):
        texts = ["We work.", "Rest."]
        first = token_table(texts)
        texts[0] = "Peace."  # the caller's list changes after the call
        assert _same(token_table(["Rest.", "Peace."]), tokens_mod._build(["Rest.", "Peace."]))
        assert _same(token_table(["We work.", "Rest."]), first)

    def test_the_held_texts_are_not_kept_alive(self):
        import gc
        import weakref

        class Text(str):  # a str that can be weakly referenced
            pass

        texts = [Text("We work and rest."), Text("Peace and trade.")]
        alive = [weakref.ref(t) for t in texts]
        token_table(texts)
        del texts
        gc.collect()
        assert all(r() is None for r in alive)

    def test_a_lone_surrogate_is_built_not_cached(self, tmp_path):
        # Parquet holds UTF-8 only: the run with "\ud800" stays uncached, the others are cached
        texts = ["a \ud800 b word"] + [f"Run {i} of the talks." for i in range(5)]
        built = tokens_mod._build(texts)
        assert "\ud800" in built.types
        cold = tokens_mod._make(texts, n_jobs=1, cache=tmp_path)
        warm = tokens_mod._make(texts, n_jobs=1, cache=tmp_path)
        assert _same(cold, built) and _same(warm, built)


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


class TestSentences:
    def test_equal_sentence_spans(self):
        from analysis.sentences import sentence_table
        from analysis.text import sentence_spans

        table = sentence_table(TEXTS)
        assert [table.spans(i) for i in range(len(TEXTS))] == [sentence_spans(t) for t in TEXTS]
        assert table.as_tuples() == tuple(tuple(sentence_spans(t)) for t in TEXTS)

    def test_runs_and_cache_equal_one_build(self, tmp_path, monkeypatch):
        import analysis.sentences as sentences_mod

        texts = [f"Mr. Li spoke {i}. Then Dr. Xu answered! Why {i}?" for i in range(80)] + TEXTS
        whole = sentences_mod._build(texts)
        monkeypatch.setattr(tokens_mod, "RUN_BYTES", 300)
        for _ in range(2):  # cold, then warm
            got = tokens_mod.layer(texts, build=sentences_mod._build, merge=sentences_mod._merge,
                                   read=sentences_mod._read, write=sentences_mod._write, name="sentence-table",
                                   modules=("analysis.text",), n_jobs=1, cache=tmp_path)
            assert got.as_tuples() == whole.as_tuples()
        assert len(list(Path(tmp_path).rglob("*.parquet"))) > 5


def _reference_stream(texts, lowercase, expand):
    """The phrase stream by its definition: per sentence of the text, the tokens that are not
    punctuation, apostrophes straightened, lower-cased, contractions expanded."""
    from analysis.phrases._stream import _EXPANSIONS, _NEGATED_STEMS
    from analysis.text import sentence_spans

    out = []
    for r, text in enumerate(texts):
        for s, e in sentence_spans(text):
            toks = [text[a:b].replace("\u2019", "'") for a, b in token_spans(text)
                    if s <= a and b <= e and not (b - a == 1 and not text[a].isalnum() and text[a] != "_")]
            if lowercase:
                toks = [t.lower() for t in toks]
            if expand:
                toks = [_EXPANSIONS.get(t.lower(), _NEGATED_STEMS.get(t.lower()) if t.lower() in _NEGATED_STEMS
                                        and i + 1 < len(toks) and toks[i + 1].lower() == "n't" else t) or t
                        for i, t in enumerate(toks)]
            if toks:
                out.append((r, toks))
    return out


def _sentences_of(stream) -> list[tuple[int, list[str]]]:
    """``(row, tokens)`` of every sentence of a phrase stream."""
    toks = stream.vocab[stream.ids].tolist()
    got, a = [], 0
    while a < len(toks):
        b = int(stream.seg_end[a])
        got.append((int(stream.row[a]), toks[a:b]))
        a = b
    return got


class TestPhraseStream:
    STREAM_TEXTS = [*TEXTS, "We can't and won’t. Sha n't we? I'm sure they'd agree, and we've said it.",
                    "CAN'T STOP. Ca n't. The U.S. and China’s ties!"]

    @pytest.mark.parametrize("lowercase,expand", [(True, False), (False, True), (True, True)])
    def test_equals_the_definition(self, lowercase, expand):
        import analysis.phrases._stream as stream_mod

        stream = stream_mod._build_stream(self.STREAM_TEXTS, lowercase=lowercase, expand_contractions=expand,
                                          progress=False)
        got = _sentences_of(stream)
        assert got == _reference_stream(self.STREAM_TEXTS, lowercase, expand)
        assert stream.n_sentences == len(got)
        # ids numbered by first occurrence
        assert pd_unique_first(stream.ids) == list(range(len(stream.vocab)))

    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.text(alphabet=ALPHABET + "nt.", max_size=40), max_size=6))
    def test_equals_the_definition_on_any_text(self, texts):
        import analysis.phrases._stream as stream_mod

        tokens_mod._MEMO.clear()
        stream = stream_mod._build_stream(texts, lowercase=True, expand_contractions=True, progress=False)
        got = _sentences_of(stream)
        assert got == _reference_stream(texts, True, True)

    def test_token_spans_are_the_tables(self):
        import analysis.phrases._stream as stream_mod

        stream = stream_mod._build_stream(self.STREAM_TEXTS, lowercase=True, expand_contractions=False,
                                          progress=False)
        for r, text in enumerate(self.STREAM_TEXTS):
            spans = stream.token_spans(r, text)
            assert [text[a:b].replace("\u2019", "'").lower() for a, b in spans] == \
                stream.vocab[stream.ids[stream.row_start[r]:stream.row_start[r + 1]]].tolist()


def pd_unique_first(ids) -> list[int]:
    seen: dict[int, None] = {}
    for i in ids.tolist():
        seen.setdefault(i, None)
    return list(seen)
