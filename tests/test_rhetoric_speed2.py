"""The token tables of the detectors' worker ranges joined by groups as they arrive: the pool's
``reduce`` hook, the groups joined in any order of arrival, and the layer kept equal to the one
built in one piece."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest

import analysis.tokens
from analysis.rhetoric import _common, devices
from analysis.rhetoric._common import fresh_map, same_texts, token_table_of
from analysis.tokens import _build, token_table

TEXTS = ["First, we fight. Second, we win!", "", "Is it fair? We think so. What next?",
         "We will open up. We will reform. We will not waver.", "", "More than 96.71 million people, up 3.5%.",
         "Peace, development and cooperation. Not only peace but also growth.", "", "Thank you.",
         "Ünïcode wörds, naïve café and résumé; we act, we act!"]
DETECTED = tuple(d for d in devices.DEVICES if d != "intensifier")
COLUMNS = ("tid", "text", "start", "end", "text_end")


def _clear() -> None:
    _common._CACHE.clear()
    _common._LAYERS.clear()


def _equal_tables(a, b) -> None:
    assert a.types == b.types
    for c in COLUMNS:
        x, y = getattr(a, c), getattr(b, c)
        assert x.dtype == y.dtype and np.array_equal(x, y), c


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_fresh_map_reduce_sees_every_result_once_and_keeps_what_it_returns(n_jobs):
    seen = []

    def reduce(i, value):
        seen.append(i)
        return (i, value)

    got = fresh_map(math.sqrt, [1, 4, 9, 16, 25], n_jobs=n_jobs, reduce=reduce)
    assert got == [(0, 1.0), (1, 2.0), (2, 3.0), (3, 4.0), (4, 5.0)]
    assert sorted(seen) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("group", [1, 2, 3, 8])
@pytest.mark.parametrize("seed", [0, 1])
def test_token_groups_in_any_order_equal_the_table_in_one_piece(monkeypatch, group, seed):
    texts = TEXTS * 3
    ranges = [(a, min(a + 4, len(texts))) for a in range(0, len(texts), 4)]  # 8 ranges, the last of two texts
    monkeypatch.setattr(devices, "GROUP_RANGES", group)
    groups = devices._TokenGroups(len(ranges), max(map(len, texts)))
    order = list(range(len(ranges)))
    random.Random(seed).shuffle(order)
    for i in order:
        a, b = ranges[i]
        kept = groups.take(i, ("matches", "sentences", _build(texts[a:b])))
        assert kept == ("matches", "sentences", None)  # the table is taken out of the result
    _equal_tables(groups.table(), token_table(texts))


@pytest.mark.parametrize("chars", [1, 40])
def test_fresh_rows_keep_the_token_layer_of_the_groups(monkeypatch, chars):
    texts = TEXTS * 4
    _clear()
    with same_texts(texts):
        want = devices._found_rows(texts, DETECTED, False)
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", chars)
    monkeypatch.setattr(devices, "GROUP_RANGES", 3)
    with same_texts(texts):
        got = devices._found_rows(texts, DETECTED, False, layers=True)
        assert len(devices._ranges(texts, chars)) > 3  # several groups, the last one short
        _equal_tables(token_table_of(texts), token_table(texts))
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    _clear()


# --------------------------------------------------------------------------- lexicon counts in the workers
def _no_matcher():
    raise AssertionError("the lexicons were matched again instead of taking the workers' counts")


@pytest.mark.parametrize("chars", [1, 40])
def test_lexicon_counts_of_the_workers_equal_those_of_the_whole_layer(monkeypatch, chars):
    from analysis.rhetoric import lexicons
    from analysis.rhetoric.profile import PROFILE_LEXICONS

    texts = TEXTS * 4
    sources = {n: n for n in (*PROFILE_LEXICONS, "intensifiers")}
    key, matcher = lexicons._counts_key(sources, False), lexicons._matcher(sources, False)
    want = lexicons._table_counts(matcher, token_table(texts))
    # hand-checked: "We will open up. We will reform. We will not waver." holds "will" three times
    assert want[3, matcher.keys.index(("modality", "certainty"))] == 3
    assert want[1].sum() == 0 and want.shape == (len(texts), len(matcher.keys))
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", chars)
    monkeypatch.setattr(devices, "GROUP_RANGES", 3)
    with same_texts(texts):
        devices._found_rows(texts, DETECTED, False, layers=True, lexicons=(key, matcher))
        assert len(devices._ranges(texts, chars)) > 3
        keys, got = lexicons._lexicon_counts(texts, key, _no_matcher)  # kept here by the workers' pass
    assert keys == list(matcher.keys)
    assert got.dtype == np.int64 and np.array_equal(got, want)
    _clear()


def test_profile_with_the_workers_counting_the_lexicons_equals_one_process(monkeypatch):
    from analysis.rhetoric import rhetoric_profile

    turns = pd.DataFrame({"role": ["a", "b", "a", "c"] * 10, "text": TEXTS * 4})
    _clear()
    want = rhetoric_profile(turns, by="role", dictionary={"act": ["act*", "we"]})
    _clear()
    monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", 40)
    got = rhetoric_profile(turns, by="role", dictionary={"act": ["act*", "we"]})
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got.loc[(got["role"] == "a") & (got["measure"] == "act"), "count"].sum() > 0
    _clear()


# --------------------------------------------------------------------------- HD-D terms kept per frequency
def _hdd_reference(stream: list[int], draws: int) -> float:
    """HD-D of one stream, one term per type in order of first use, each computed afresh (with
    Python's lgamma, which may differ from the C library's in the last bits)."""
    n = len(stream)
    if n < draws:
        return math.nan
    freqs: dict[int, int] = {}
    for c in stream:
        freqs[c] = freqs.get(c, 0) + 1
    log_all = math.lgamma(n + 1.0) - math.lgamma(n - draws + 1.0)
    h = 0.0
    for f in freqs.values():
        p0 = math.exp(math.lgamma(n - f + 1.0) - math.lgamma(n - f - draws + 1.0) - log_all) if n - f >= draws else 0.0
        h += (1.0 - p0) / draws
    return h


def test_spectrum_kernel_hdd_of_streams_sharing_frequencies_equals_the_formula():
    from analysis.rhetoric import diversity

    rng = np.random.default_rng(7)
    streams = [list(rng.integers(0, 30, 400)), list(rng.integers(0, 30, 401)),  # the same frequencies, another N
               [5] * (diversity._HDD_MEMO + 10) + list(range(6, 60)) * 3,  # a frequency past the kept ones
               list(range(10)), [3] * 50, list(rng.integers(0, 500, 2000))]
    codes = np.array([c for s in streams for c in s], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in streams])]).astype(np.int64)
    v, m2, hd = diversity._spectrum_kernel(codes, offsets, 500, 42)
    want = [_hdd_reference(s, 42) for s in streams]
    assert math.isnan(hd[3]) and math.isnan(want[3])  # fewer tokens than draws
    assert hd[4] == want[4] == 1 / 42  # one type: every sample of 42 tokens holds one type
    for got, ref in zip(hd.tolist(), want):
        assert (math.isnan(got) and math.isnan(ref)) or math.isclose(got, ref, rel_tol=1e-9, abs_tol=0.0)
    assert hd[0] != hd[1]  # the terms kept for a stream are not those of the next
    v0, m20, hd0 = diversity._spectrum_kernel(codes, offsets, 500, 0)  # draws 0: no HD-D, the rest as with it
    assert np.array_equal(v0, v) and np.array_equal(m20, m2) and np.isnan(hd0).all()
    assert v.tolist() == [len(set(s)) for s in streams]


# --------------------------------------------------------------------------- sentences with a letter or digit
@pytest.mark.parametrize("block", [1, 3, 7, 1 << 22])
def test_alnum_sentences_by_tokens_in_blocks_equal_reading_each_sentence(monkeypatch, block):
    import importlib

    from analysis.sentences import sentence_table
    from analysis.text import sentence_spans

    readability = importlib.import_module("analysis.rhetoric.readability")  # the module, not the function

    texts = [*TEXTS, "No letters: ... ; !!", "", "a. b. c.", "Mr.X said. It's 5.30.", "U.S.A. is here. ... (a) ... !",
             "\u0130stanbul. \u017f. \u212a.", "?!", "One more. And one."]
    want = [sum(1 for s, e in sentence_spans(t) if any(ch.isalnum() for ch in t[s:e])) for t in texts]
    assert want[:4] == [2, 0, 3, 3] and want[11] == 0  # hand-checked: "?!" has no letter or digit
    monkeypatch.setattr(readability, "_BLOCK_TOKENS", block)  # blocks of one text (longer than a block) or several
    got = readability._alnum_sentences(texts, sentence_table(texts), token_table(texts))
    assert got.dtype == np.int64 and got.tolist() == want
