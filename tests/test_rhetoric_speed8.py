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


# --------------------------------------------------------------------------- anaphora openings
def _opening_of_copy(sentence: str, n_words: int) -> str | None:
    """The opening of a sentence as found on a copy of it, each word lower-cased alone."""
    from analysis.rhetoric.structure import _ARTICLES, _opening_words

    words = _opening_words(sentence, n_words)
    if words is None or words[0].lower() in _ARTICLES or \
            any(w[0].isupper() and w != "I" for w in words[1:n_words]):
        return None
    return " ".join(w.lower() for w in words[:n_words])


@pytest.mark.parametrize("text, expected", [
    ("We will open up. We will reform. We will not waver. Thank you.", [(0, 51, "we will")]),
    ("And we will go. WE will stay. But we will rest.", [(0, 47, "we will")]),
    ("We Will go. We will stay. We will rest.", []),  # a capitalised second word: a name
    ("The sides met. The sides agreed. The sides signed.", []),
    ("AΣ wΣ go. AΣ wς stay. aς wΣ rest.", [(0, 33, "aς wς")]),  # final sigma in lower case
])
def test_anaphora_hand_checked(text, expected):
    from analysis.rhetoric.structure import find_anaphora

    assert find_anaphora(text) == expected


def test_anaphora_openings_in_place_equal_those_of_copies():
    from analysis.rhetoric.structure import _anaphora_opening
    from analysis.text import sentence_spans

    rng = random.Random(13)
    parts = ["We", "we", "WE", "will", "Will", "I", "the", "The", "and ", "And ", "\u201c", "(", " ", " ", ", ",
             ". ", "? ", "\n", "\u03a3", "\u03c3", "A\u03a3", "\u0130", "stra\u00dfe", "don't", "x-ray", "9", "-"]
    seen = set()
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 40)))
        for n in (1, 2, 3):
            for s, e in sentence_spans(text):
                got = _anaphora_opening(text, s, e, n)
                assert got == _opening_of_copy(text[s:e], n)
                seen.add(got is None)
    assert seen == {True, False}
