"""The stream's rows, plain-form and plain-gap flags made from the surface, and the pairs and
triples collocations count inside sentences, against hand counts and plain references."""

from __future__ import annotations

import os
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


def _tagged(block: list, tag: str) -> list:
    """Each item of the block with ``tag`` and the block's length (so a block cut wrongly shows)."""
    return [(x, tag, len(block)) for x in block]


def _nested(block: list) -> list:
    """A map_blocks inside a worker's block, then this block read again."""
    from analysis.scale._engine import map_blocks

    inner = map_blocks(_tagged, [x * 10 for x in block], n_jobs=2, args=("inner",))
    return [(x, [y for y, _, _ in inner]) for x in block]


@pytest.mark.parametrize("n_items", [2, 7, 8, 9, 31])
def test_map_blocks_on_forked_workers_equals_one_process(n_items):
    from analysis.scale import _engine

    items = [f"text {i}" for i in range(n_items)]
    got = _engine.map_blocks(_tagged, items, n_jobs=2, args=("x",))
    k = min(n_items, _engine.default_partitions("joblib", 2))
    bounds = [n_items * i // k for i in range(k + 1)]
    want = [(x, "x", b - a) for a, b in zip(bounds, bounds[1:]) for x in items[a:b]]
    assert got == want
    assert _engine._ITEMS == ()  # let go after the call


def test_map_blocks_inside_a_worker_puts_back_the_items_it_inherited():
    from analysis.scale import _engine

    got = _engine.map_blocks(_nested, list(range(12)), n_jobs=2)
    bounds = [12 * i // 8 for i in range(9)]  # 8 blocks on two workers: each reads several
    assert got == [(x, [y * 10 for y in range(a, b)]) for a, b in zip(bounds, bounds[1:]) for x in range(a, b)]


@pytest.mark.parametrize("method,forked", [("fork", True), ("spawn", False), ("forkserver", False)])
def test_map_blocks_sends_the_blocks_to_workers_that_are_not_forked(monkeypatch, method, forked):
    from analysis.scale import _engine

    monkeypatch.setenv("JOBLIB_START_METHOD", method)
    monkeypatch.setattr(_engine.sys, "platform", "linux")
    assert _engine._forked_workers() is forked
    monkeypatch.setattr(_engine.sys, "platform", "darwin")
    assert _engine._forked_workers() is False


def _arrays(block: list) -> list:
    """Per item: arrays of several kinds (large ones travel through the spill file)."""
    out = []
    for x in block:
        frozen = np.arange(x, x + 3000, dtype=np.int64)
        frozen.flags.writeable = False
        out.append({"i32": np.arange(x, x + 5000, dtype=np.int32), "f8": np.linspace(0, x, 4000),
                    "b": (np.arange(9000) % (x + 2)) == 0, "u1": np.full(7000, x % 256, dtype=np.uint8),
                    "grid": np.arange(6000, dtype=np.int16).reshape(200, 30) + x, "strided": np.arange(8000)[::2],
                    "objects": np.array([f"w{x}"] * 3000, dtype=object), "frozen": frozen, "small": np.array([x]),
                    "empty": np.zeros(0, dtype=np.int32), "text": f"item {x}"})
    return out


def test_map_blocks_results_with_arrays_as_one_process_gives_them(monkeypatch):
    import pickle
    import tempfile

    from analysis.scale import _engine

    monkeypatch.setattr(_engine, "SPILL_BYTES", 1000)  # (the workers are forked after this)
    made = []
    real = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(_engine.tempfile, "mkdtemp", mkdtemp)
    items = list(range(11))
    got = _engine.map_blocks(_arrays, items, n_jobs=2)
    want = [pickle.loads(pickle.dumps(r, protocol=4)) for r in _arrays(items)]  # as a pipe sends them
    assert len(got) == len(want) == 11
    for g, w in zip(got, want):
        assert g.keys() == w.keys() and g["text"] == w["text"]
        for name in w:
            if name == "text":
                continue
            assert g[name].dtype == w[name].dtype and g[name].shape == w[name].shape, name
            assert g[name].flags.writeable == w[name].flags.writeable, name
            np.testing.assert_array_equal(g[name], w[name], err_msg=name)
    assert len(made) == 1 and not os.path.exists(made[0])  # the spill folder is gone


def test_arrays_are_pickled_as_usual_when_the_spill_file_cannot_be_written(tmp_path):
    import io
    import pickle

    from analysis.scale import _engine

    value = {"a": np.arange(10**6, dtype=np.int64), "b": np.ones(2 * 10**6, dtype=bool)}  # both >= 1 MiB
    buffer = io.BytesIO()
    pickler = _engine._ArraySpiller(buffer, str(tmp_path / "missing" / "0.bin"))  # no such folder
    pickler.dump(value)
    pickler.close()
    assert pickler.failed and pickler.spill is None
    back = pickle.loads(buffer.getvalue())
    assert all(np.array_equal(back[k], value[k]) and back[k].dtype == value[k].dtype for k in value)
    # written: only where each array is travels in the pickle
    buffer = io.BytesIO()
    pickler = _engine._ArraySpiller(buffer, str(tmp_path / "0.bin"))
    pickler.dump(value)
    pickler.close()
    assert len(buffer.getvalue()) < 1000 and (tmp_path / "0.bin").stat().st_size == 8 * 10**6 + 2 * 10**6
    back = pickle.loads(buffer.getvalue())
    assert all(np.array_equal(back[k], value[k]) and back[k].dtype == value[k].dtype for k in value)
