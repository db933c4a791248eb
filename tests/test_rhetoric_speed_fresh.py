"""The detectors of a large corpus on fresh worker processes: the worker pool itself, the ranges
of texts, the sentence and token layers the workers build (equal to those built in one piece),
the token tables merged column by column, and the lexicon matcher over slices of the table."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.tokens
from analysis.rhetoric import _common, detect_devices, devices, rhetoric_profile
from analysis.rhetoric._common import fresh_map, keep_layer, same_texts, sentence_table_of, token_table_of
from analysis.rhetoric._matcher import _token_slices
from analysis.rhetoric.lexicons import _builtin_matcher
from analysis.sentences import sentence_table
from analysis.tokens import _merge, token_table

DATA = Path(__file__).resolve().parents[1] / "data"
TEXTS = ["First, we fight. Second, we win!", "", "Is it fair? We think so. What next?",
         "We will open up. We will reform. We will not waver.", "", "More than 96.71 million people, up 3.5%.",
         "Peace, development and cooperation. Not only peace but also growth.", "", "Thank you."]
DETECTED = tuple(d for d in devices.DEVICES if d != "intensifier")


def _clear() -> None:
    _common._CACHE.clear()
    _common._LAYERS.clear()


@pytest.fixture(scope="module")
def bundled_texts() -> list[str]:
    from analysis.corpus import load_corpus

    return load_corpus(DATA).turns()["text"].tolist()


def _equal_tables(a, b, columns) -> None:
    for c in columns:
        x, y = getattr(a, c), getattr(b, c)
        assert x.dtype == y.dtype and np.array_equal(x, y), c


# --------------------------------------------------------------------------- the worker pool
def test_fresh_map_keeps_order_and_args():
    assert fresh_map(math.pow, [1, 2, 3, 4, 5], args=(2,)) == [1.0, 4.0, 9.0, 16.0, 25.0]
    assert fresh_map(math.sqrt, [9], n_jobs=2) == [3.0]  # one item: run here
    assert fresh_map(math.sqrt, []) == []


def test_fresh_map_reports_a_failure():
    with pytest.raises(RuntimeError, match="sqrt failed in a worker process"):
        fresh_map(math.sqrt, [1, -1, 4], n_jobs=2)


def test_fresh_map_with_a_bare_package():
    got = fresh_map(devices._range_rows, [(0, TEXTS[:3], None), (3, TEXTS[3:], None)],
                    args=(DETECTED, True, True), bare=("analysis.rhetoric",))
    here = [devices._range_rows(b, DETECTED, True, True) for b in [(0, TEXTS[:3], None), (3, TEXTS[3:], None)]]
    for g, h in zip(got, here):
        for x, y in zip(g[0][:4], h[0][:4]):
            assert np.array_equal(x, y)
        assert g[0][4] == h[0][4]


# --------------------------------------------------------------------------- ranges and layers
@pytest.mark.parametrize("chars", [1, 10, 40, 100, 10**6])
def test_ranges_cover_the_texts_in_order(chars):
    ranges = devices._ranges(TEXTS, chars)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(TEXTS)
    assert all(a < b for a, b in ranges) and all(x[1] == y[0] for x, y in zip(ranges, ranges[1:]))
    assert devices._ranges([], chars) == []


@pytest.mark.parametrize("a,b", [(0, 9), (0, 1), (1, 2), (2, 7), (8, 9), (4, 4)])
def test_table_slice_is_the_table_of_its_texts(a, b):
    whole = sentence_table(TEXTS)
    got = devices._table_slice(whole, a, b)
    want = sentence_table(TEXTS[a:b])
    _equal_tables(got, want, ("text", "start", "end", "text_end"))


@pytest.mark.parametrize("chars", [1, 60, 10**6])
def test_fresh_rows_equal_one_pass_and_keep_equal_layers(monkeypatch, chars):
    texts = TEXTS * 3
    _clear()
    with same_texts(texts):
        want = devices._found_rows(texts, DETECTED, False)
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", chars)
    with same_texts(texts):
        got = devices._found_rows(texts, DETECTED, False, layers=True)
        assert _common.held_layer("sentences", texts) and _common.held_layer("tokens", texts)
        _equal_tables(sentence_table_of(texts), sentence_table(texts), ("text", "start", "end", "text_end"))
        tokens = token_table_of(texts)
        assert tokens.types == token_table(texts).types
        _equal_tables(tokens, token_table(texts), ("tid", "text", "start", "end", "text_end"))
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    _clear()


def test_fresh_rows_use_a_sentence_layer_held(monkeypatch):
    texts = TEXTS * 2
    _clear()
    with same_texts(texts):
        want = devices._found_rows(texts, DETECTED, False)
        monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
        keep_layer("sentences", texts, sentence_table(texts))
        got = devices._found_rows(texts, DETECTED, False)
        assert not _common.held_layer("tokens", texts)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    _clear()


def test_bundled_corpus_on_fresh_workers_equals_in_process(monkeypatch, bundled_texts):
    t = pd.DataFrame({"text": bundled_texts, "role": ["official", "questioner"] * (len(bundled_texts) // 2)
                      + ["official"] * (len(bundled_texts) % 2)})
    _clear()
    plain = [rhetoric_profile(t, by="role"), detect_devices(t)]
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    got = [rhetoric_profile(t, by="role"), detect_devices(t)]
    for a, b in zip(got, plain):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    _clear()


# --------------------------------------------------------------------------- token tables merged
@pytest.mark.parametrize("cuts", [[0, 9], [0, 1, 9], [0, 2, 3, 5, 9], list(range(10))])
@pytest.mark.parametrize("consume", [False, True])
def test_merge_equals_the_table_in_one_piece(cuts, consume):
    from analysis.tokens import _build

    parts = [_build(TEXTS[a:b]) for a, b in zip(cuts, cuts[1:])]
    got = _merge(parts, max(map(len, TEXTS)), consume=consume)
    want = _build(TEXTS)
    assert got.types == want.types
    _equal_tables(got, want, ("tid", "text", "start", "end", "text_end"))
    assert (parts == []) == (consume and len(cuts) > 2)


def test_merge_of_the_bundled_corpus(bundled_texts):
    from analysis.tokens import _build

    cuts = [0, 5, 100, 101, 2000, len(bundled_texts)]
    parts = [_build(bundled_texts[a:b]) for a, b in zip(cuts, cuts[1:])]
    got = _merge(parts, max(map(len, bundled_texts)), consume=True)
    want = _build(bundled_texts)
    assert got.types == want.types
    _equal_tables(got, want, ("tid", "text", "start", "end", "text_end"))


# --------------------------------------------------------------------------- the matcher over slices
def test_token_slices_hold_whole_texts():
    table = token_table(TEXTS)
    for budget in (1, 3, 10, 10**6):
        slices = _token_slices(table.text_end, budget)
        assert slices[0][0] == 0 and slices[-1][1] == len(table.tid)
        assert all(x[1] == y[0] for x, y in zip(slices, slices[1:]))
        ends = set(table.text_end.tolist())
        assert all(hi in ends for _, hi in slices)


@pytest.mark.parametrize("budget", [1, 7, 1000, 10**9])
def test_matcher_slices_equal_the_whole_table(bundled_texts, budget):
    table = token_table(bundled_texts)
    matcher = _builtin_matcher(("hedges", "boosters", "modality", "pronouns", "frames", "intensifiers"), False)
    whole = matcher.match(table, max_tokens=10**12)
    got = matcher.match(table, max_tokens=budget)
    _equal_tables(got, whole, ("text", "key", "start", "end", "entry"))
    assert len(whole.text) > 1000
