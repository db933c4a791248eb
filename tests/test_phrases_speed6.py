"""The stream's rows, plain-form and plain-gap flags made from the surface, and the pairs and
triples collocations count inside sentences, against hand counts and plain references."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from phrase_streams import assert_same_stream

import analysis.phrases._stream as stream_mod
from analysis.phrases import collocations
from analysis.phrases.collocations import _window_pairs


def _random_stream(seed: int, n: int, vsize: int) -> tuple[np.ndarray, np.ndarray]:
    """Token ids and sentence ends of ``n`` positions cut into sentences of 1 to 7 tokens."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, vsize, n).astype(np.int32)
    lens = []
    while sum(lens) < n:
        lens.append(int(rng.integers(1, 8)))
    lens[-1] -= sum(lens) - n
    lens = np.array([x for x in lens if x > 0], dtype=np.int64)
    seg_end = np.repeat(np.cumsum(lens), lens).astype(np.int32)
    return ids, seg_end


def _brute_pairs(ids: np.ndarray, seg_end: np.ndarray, vsize: int, window: int) -> Counter:
    pairs: Counter = Counter()
    for p in range(len(ids)):
        for d in range(1, window):
            if p + d < seg_end[p]:
                pairs[int(ids[p]) * vsize + int(ids[p + d])] += 1
    return pairs


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("window", [2, 3, 5])
def test_window_pairs_count_every_pair_inside_its_sentence(seed, window):
    ids, seg_end = _random_stream(seed, 400, 9)
    keys, counts = _window_pairs(ids, seg_end, 9, window)
    want = _brute_pairs(ids, seg_end, 9, window)
    assert keys.tolist() == sorted(want)
    assert counts.tolist() == [want[k] for k in sorted(want)]
    assert int(counts.sum()) == sum(want.values())


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_window_pairs_of_streams_shorter_than_the_window(n):
    ids = np.arange(n, dtype=np.int32)
    seg_end = np.full(n, n, dtype=np.int32)
    keys, counts = _window_pairs(ids, seg_end, 4, 4)
    want = _brute_pairs(ids, seg_end, 4, 4)
    assert keys.tolist() == sorted(want) and counts.tolist() == [want[k] for k in sorted(want)]


def test_pairs_of_a_hand_counted_text():
    # sentences of 6, 3, 3 and 3 tokens; "peace" ends the second and "and" opens the third,
    # which is in another turn: no pair across them
    turns = pd.DataFrame({"text": ["Peace and security, peace and security. We want peace.",
                                   "And security matters. Peace and security."]})
    out = collocations(turns, n=2, min_count=1, stop_rule="none")
    got = dict(zip(out["collocation"], out["count"]))
    assert got == {"peace and": 3, "and security": 4, "security peace": 1, "we want": 1, "want peace": 1,
                   "security matters": 1}
    assert int(out["count"].sum()) == 11  # 15 tokens in 4 sentences: 15 - 4 adjacent pairs


def test_triples_of_a_hand_counted_text():
    turns = pd.DataFrame({"text": ["We firmly oppose it. We firmly oppose. Firmly oppose it!",
                                   "We firmly oppose it"]})
    out = collocations(turns, n=3, min_count=1, stop_rule="none")
    got = dict(zip(out["collocation"], out["count"]))
    # sentences of 4, 3, 3 and 4 tokens: 2 + 1 + 1 + 2 triples, none across a sentence
    assert got == {"we firmly oppose": 3, "firmly oppose it": 3}


TEXTS = [
    "",
    "Wo n't you? We won't. I'm sure they'd agree.",
    "",
    "Sha n't we? Ca n't stop. CAN'T STOP. The Party's work.",
    "   ",
    "The party 's view. It’s the Parties’ view.",
    "",
]


@pytest.mark.parametrize("lowercase,expand", [(True, False), (True, True), (False, False), (False, True)])
@pytest.mark.parametrize("texts", [TEXTS, TEXTS[::-1], TEXTS[1:2], TEXTS[:1], [], TEXTS * 2])
def test_stream_of_surface_equals_the_layered_stream(monkeypatch, lowercase, expand, texts):
    """Rows with empty texts among them, negated stems that occur only before "n't" (their
    own form then never in the stream) and clitics written apart or attached."""
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    surface = stream_mod.stream_surface(texts, n_jobs=1, cache=False)
    got = stream_mod._stream_of_surface(surface, texts, lowercase=lowercase, expand_contractions=expand)
    want = stream_mod._layered_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False)
    assert_same_stream(got, want)


def test_rows_and_plain_flags_by_hand(monkeypatch):
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    texts = ["", "Ca n't stop.", "", "We can't, the Party 's. Ca"]
    surface = stream_mod.stream_surface(texts, n_jobs=1, cache=False)
    s = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=True)
    assert s.vocab[s.ids].tolist() == ["can", "not", "stop", "we", "can", "not", "the", "party", "'s", "ca"]
    assert s.row_start.tolist() == [0, 0, 3, 3, 10]
    # the written tokens lower-cased: "ca" and "n't" are written out as "can" and "not" before
    # a "n't", and "ca" is itself alone
    assert s.plain_form.tolist() == [False, False, True, True, False, False, True, True, True, True]
    # a space before a word; none before "n't" (no clitic once written out: "not" needs one);
    # a comma between "can't" and "the"; a space before the clitic "'s"; a full stop before
    # the last "ca"; a row's first token
    assert s.plain_gap.tolist() == [False, True, True, False, True, False, False, True, False, False]
