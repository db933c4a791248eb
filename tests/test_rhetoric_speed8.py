"""Ranges of the detectors' workers: their size changes how the work is cut, never the tables."""

from __future__ import annotations

import random

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import tokens
from analysis._memo import release
from analysis.rhetoric import devices, readability, rhetoric_profile
from analysis.scale import _engine


def test_ranges_of_the_default_size_cover_the_texts_once_in_order():
    rng = random.Random(3)
    texts = ["x" * rng.randint(1, 300_000) for _ in range(200)]
    total = sum(map(len, texts))
    ranges = devices._ranges(texts, devices.RANGE_CHARS)
    assert ranges[0][0] == 0 and ranges[-1][1] == len(texts)
    assert all(b0 == a1 for (_, b0), (a1, _) in zip(ranges, ranges[1:]))
    assert all(b > a for a, b in ranges)
    k = -(-total // devices.RANGE_CHARS)
    assert len(ranges) == k
    # a range ends after the text that brings it to its share of the total
    sizes = [sum(map(len, texts[a:b])) for a, b in ranges]
    assert sum(sizes) == total
    assert max(sizes) <= total // k + 300_000


def _turns() -> pd.DataFrame:
    rng = random.Random(5)
    parts = ["First, we must act.", "Second, we will win!", "Is it not the largest, the best and the finest?",
             "We will work. We will build. We will not waver.", "More than 40 percent of people agree.",
             "Not only peace but also growth.", "They may perhaps possibly agree; they may certainly not.",
             "\n\n", "It is very important, truly vital and clearly urgent.", '"Win-win cooperation"!']
    texts = [" ".join(rng.choice(parts) for _ in range(rng.randint(1, 25))) for _ in range(60)]
    return pd.DataFrame({"text": texts, "transcript_id": [f"t{i // 2}" for i in range(60)],
                         "role": ["official" if i % 3 else "questioner" for i in range(60)]})


def _tables(turns: pd.DataFrame) -> dict[str, pd.DataFrame]:
    release()  # nothing kept in memory from an earlier call: every table is found afresh
    return {"by_transcript": rhetoric_profile(turns, by="transcript_id"),
            "by_role": rhetoric_profile(turns, by="role"),
            "readability_all": readability(turns, by="transcript_id", measures="all"),
            "devices": devices.detect_devices(turns)}


@pytest.mark.parametrize("chars", [700, 5_000])
def test_worker_ranges_of_any_size_give_the_tables_of_one_process(monkeypatch, chars):
    turns = _turns()
    alone = _tables(turns)  # a small corpus: found in this process
    assert alone["devices"]["device"].nunique() >= 6
    assert int(alone["by_transcript"]["count"].fillna(0).sum()) > 300
    monkeypatch.setattr(tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", chars)
    monkeypatch.setattr(_engine, "n_workers", lambda n_jobs=-1: 2)
    assert len(devices._ranges(turns["text"].tolist(), chars)) > 2
    again = _tables(turns)
    for name, table in alone.items():
        assert_frame_equal(again[name], table, check_exact=True, obj=name)
