"""The token table's build (analysis.tokens._build): chunk starts found as the non-space
characters that follow a space, and chunks expanded to their tokens by repetition; the same
tokens, offsets and texts as tokenizing each text alone."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.tokens as tokens_mod
from analysis.text import token_spans

#: Every white-space character of str.isspace (and so of str.split).
SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())


def _reference(texts: list[str]) -> list[list[tuple[str, int, int]]]:
    return [[(t[s:e], s, e) for s, e in token_spans(t)] for t in texts]


def _as_lists(table) -> list[list[tuple[str, int, int]]]:
    out: list[list[tuple[str, int, int]]] = [[] for _ in range(table.n_texts)]
    for tid, text, start, end in zip(table.tid.tolist(), table.text.tolist(), table.start.tolist(),
                                     table.end.tolist()):
        out[text].append((table.types[tid], start, end))
    return out


def test_space_table_is_str_isspace():
    """The chunk starts rest on this: a code point is white space for the table (its last
    entry standing for every higher one) exactly when str.isspace says so."""
    table = tokens_mod._IS_SPACE
    assert table[-1] == False  # noqa: E712 - the entry every higher code point takes
    codes = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    looked_up = np.take(table, codes, mode="clip")
    assert looked_up.tolist() == [chr(c).isspace() for c in range(sys.maxunicode + 1)]
    assert int(looked_up.sum()) == len(SPACES) == 29


def test_hand_counted_offsets():
    texts = ["  a  b\u3000c,", "", "\u2028x\x1fy\u00a0", "z"]
    table = tokens_mod._build(texts)
    assert [table.types[i] for i in table.tid] == ["a", "b", "c", ",", "x", "y", "z"]
    assert table.text.tolist() == [0, 0, 0, 0, 2, 2, 3]
    assert table.start.tolist() == [2, 5, 7, 8, 1, 3, 0]
    assert table.end.tolist() == [3, 6, 8, 9, 2, 4, 1]
    assert table.text_end.tolist() == [4, 4, 6, 7]


@pytest.mark.parametrize("space", list(SPACES))
def test_every_space_character_separates(space):
    texts = [f"{space}The{space}{space}Party's{space}", f"U.S.{space}3.5%", space, "", f"end.{space}"]
    table = tokens_mod._build(texts)
    assert _as_lists(table) == _reference(texts)
    assert table.text_end.tolist() == np.cumsum([len(r) for r in _reference(texts)]).tolist()


def test_beyond_the_table_and_lone_surrogates():
    """Code points above the table (emoji, U+3001 and up) and a lone surrogate are not space."""
    texts = ["\U0001f600 peace\U0001f600 \u3001a", "\ud800x\u2003y", "\uffff \u3000\u3001"]
    assert _as_lists(tokens_mod._build(texts)) == _reference(texts)


def test_no_text_lost():
    """The tokens tile the non-space characters of every text."""
    texts = ["We don’t rest,\twe work!\n\n", "  O'Brien's win-win 中国 plan  ", "", "10:30\u2029a.m."]
    table = tokens_mod._build(texts)
    for t, tokens in enumerate(_as_lists(table)):
        assert "".join(s for s, _, _ in tokens) == "".join(texts[t].split())
        assert all(texts[t][a:b] == s for s, a, b in tokens)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="ab'.,5%中 \n\t\u00a0\u3000\u2028\x1c\x85\U0001f600", max_size=30), max_size=8))
def test_equals_token_spans_on_any_text(texts):
    table = tokens_mod._build(texts)
    assert _as_lists(table) == _reference(texts)
    assert table.n_texts == len(texts)



def _same_table(a, b) -> bool:
    return a.types == b.types and all(np.array_equal(getattr(a, f), getattr(b, f))
                                      for f in ("tid", "text", "start", "end", "text_end"))


class TestBuildRunsStore:
    """build_runs(store=...): each run written by the process that built it, under its key."""

    TEXTS = ["The Party's work.", "", "We work, we rest.", "U.S. trade, 3.5% growth.", "Peace!"]
    RUNS = [(0, 2), (2, 3), (3, 5)]

    def test_written_in_order_and_returned(self, tmp_path):
        calls = []

        def write(key, table, root):
            calls.append((key, table, root))
            return True

        out = tokens_mod.build_runs(tokens_mod._build, self.TEXTS, self.RUNS, 1,
                                    store=(write, ["a", "b", "c"], tmp_path))
        want = [tokens_mod._build(self.TEXTS[a:b]) for a, b in self.RUNS]
        assert all(_same_table(x, y) for x, y in zip(out, want)) and len(out) == 3
        assert [k for k, _, _ in calls] == ["a", "b", "c"] and all(r == tmp_path for _, _, r in calls)
        assert all(t is o for (_, t, _), o in zip(calls, out))

    def test_a_failed_write_stops_the_writes(self, tmp_path):
        calls = []

        def write(key, table, root):
            calls.append(key)
            return False

        out = tokens_mod.build_runs(tokens_mod._build, self.TEXTS, self.RUNS, 1,
                                    store=(write, ["a", "b", "c"], tmp_path))
        assert calls == ["a"] and len(out) == 3

    def test_workers_write_entries_the_layer_reads(self, tmp_path, monkeypatch):
        """On forked workers (every run counted large): the entries they write read back equal."""
        monkeypatch.setattr(tokens_mod, "PARALLEL_CHARS", 0)
        keys = [f"k{i}" for i in range(len(self.RUNS))]
        out = tokens_mod.build_runs(tokens_mod._build, self.TEXTS, self.RUNS, 2,
                                    store=(tokens_mod._write_run, keys, tmp_path))
        for key, (a, b), built in zip(keys, self.RUNS, out):
            read = tokens_mod._read_run(key, b - a, tmp_path)
            assert read is not None and _same_table(read, built)
            assert _same_table(built, tokens_mod._build(self.TEXTS[a:b]))

    def test_layer_writes_once_and_reads_back(self, tmp_path, monkeypatch):
        from analysis._memo import Memo

        monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
        monkeypatch.setattr(tokens_mod, "RUN_BYTES", 16)  # several runs
        cold = tokens_mod.token_table(self.TEXTS, cache=tmp_path)
        entries = sorted(p.name for p in tmp_path.rglob("*.parquet"))
        assert len(entries) >= 2
        tokens_mod._MEMO.clear()
        monkeypatch.setattr(tokens_mod, "_build", lambda texts: pytest.fail("built, not read"))
        warm = tokens_mod.token_table(self.TEXTS, cache=tmp_path)
        assert _same_table(cold, warm)
        assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == entries
