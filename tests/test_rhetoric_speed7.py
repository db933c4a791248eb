"""Literal searches in place of regular expressions in the device detectors: the same matches."""

from __future__ import annotations

import random
import re

import pytest

from analysis.rhetoric import emphasis, structure
from analysis.rhetoric._scan import find_all, matches_at


@pytest.mark.parametrize("low, words, expected", [
    ("first, second; first", ("first",), [0, 15]),
    ("first, second; first", ("second", "first"), [7, 0, 15]),
    ("estest least", ("est",), [0, 3]),
    ("", ("est",), []),
    ("(1) (2)", ("(",), [0, 4]),
])
def test_find_all_hand_checked(low, words, expected):
    assert find_all(low, words) == expected


def _random_text(rng: random.Random) -> str:
    parts = ["!", "!!", '"', "\u201c", "\u201d", "we", "win", "Win", "peace", ", ", " ", ".", "\n", "5\"", "a", "9",
             "first", "not only", "neither", "est", "most", "%", "hundred", "per cent"]
    return "".join(rng.choice(parts) for _ in range(rng.randint(0, 80)))


def test_find_all_equals_finditer_of_each_literal():
    rng = random.Random(7)
    words = ("first", "not only", "neither", "est", "most", "%", "hundred", "!", '"', "(")
    for _ in range(2000):
        low = _random_text(rng).lower()
        assert find_all(low, words) == [m.start() for w in words for m in re.finditer(re.escape(w), low)]


def test_exclamations_and_slogans_tried_at_their_marks_equal_finditer():
    rng = random.Random(11)
    found = 0
    for _ in range(3000):
        text = _random_text(rng)
        bangs = [m.span() for m in re.finditer(r"!+", text)]
        assert [m.span() for m in matches_at(emphasis._BANGS, text, find_all(text, ("!",)))] == bangs
        quoted = [m.span() for m in emphasis._QUOTED.finditer(text)]
        assert [m.span() for m in matches_at(emphasis._QUOTED, text, find_all(text, emphasis._QUOTE_MARKS))] == quoted
        found += len(quoted) + len(bangs)
    assert found > 1000


def test_detectors_on_hand_checked_texts():
    t = 'They said "win-win cooperation" twice! And "peace"! We won.'
    assert [d for _, _, d in emphasis.find_slogans(t)] == ["win-win cooperation"]
    assert [d for _, _, d in emphasis.find_exclamations(t)] == ["twice!"]
    assert emphasis.find_exclamations("No mark here.") == []
    assert emphasis.find_slogans("No quotes here.") == []
    t = "Not only peace but also growth, neither here nor there."
    assert [d for _, _, d in structure.find_parallelism(t)] == ["not only ... but also", "neither ... nor"]
    t = "More than 5 percent, or 3 per cent, and a hundred thousand people."
    assert [(t[s:e], d) for s, e, d in emphasis.find_statistics(t)] == [
        ("More than 5 percent", "percent"), ("3 per cent", "percent"), ("a hundred thousand", "scaled")]


# --------------------------------------------------------------------------- Chinese turns
def _mixed_turns():
    import pandas as pd

    return pd.DataFrame({
        "role": ["official", "official", "questioner"], "transcript_id": ["a", "b", "b"],
        "language": ["en", "zh", "en"],
        "text": ["First, we must fight. Second, we will win! Very good.",
                 "我们坚决反对。第一，和平！有1000万人，增长了45%。",
                 "Will you? It is the largest, most important 45 percent."]})


def test_detect_devices_gives_chinese_turns_no_rows():
    from analysis.rhetoric import NotApplicableWarning, detect_devices

    t = _mixed_turns()
    with pytest.warns(NotApplicableWarning, match="1 of 3 turn"):
        d = detect_devices(t)
    assert d[["transcript_id", "device", "match"]].values.tolist() == [
        ["a", "enumeration", "First, we must fight. Second, we will win!"],
        ["a", "exclamation", "Second, we will win!"],
        ["a", "intensifier", "Very"],
        ["b", "superlative", "largest"],
        ["b", "superlative", "most important"],
        ["b", "statistic", "45 percent"]]
    # the English turns' rows are those found without the Chinese turn
    alone = detect_devices(t.drop(index=1))
    import pandas as pd

    pd.testing.assert_frame_equal(d.drop(columns="turn_index"), alone.drop(columns="turn_index"), check_exact=True)


def test_rhetoric_profile_counts_na_for_groups_holding_chinese():
    import numpy as np

    from analysis.rhetoric import NotApplicableWarning, rhetoric_profile

    t = _mixed_turns()
    with pytest.warns(NotApplicableWarning):
        p = rhetoric_profile(t, by="transcript_id", lexicons=["modality"], dictionary={"peace": ["和平"]})
    b = p[p["transcript_id"] == "b"].set_index("measure")
    english = b["family"].isin(["devices", "modality"])
    assert english.sum() == 13 and b.loc[english, "count"].isna().all()
    assert b.loc[english, "per_1000"].isna().all() and b.loc[english, "value"].isna().all()
    assert b.loc["peace", "count"] == 1 and b.loc["peace", "per_1000"] == pytest.approx(1000 / b.loc["peace", "n_words"])
    assert np.isnan(b.loc["flesch_reading_ease", "value"]) and b.loc["mattr", "value"] == 1.0
    a = p[p["transcript_id"] == "a"].set_index("measure")
    assert a["count"].notna().sum() == 14  # every count of the English group
    assert a.loc[["enumeration", "exclamation", "intensifier", "obligation", "certainty"], "count"].tolist() == [1] * 5
    english_only = rhetoric_profile(t.drop(index=[1, 2]), by="transcript_id", lexicons=["modality"],
                                    dictionary={"peace": ["和平"]})
    import pandas as pd

    pd.testing.assert_frame_equal(p[p["transcript_id"] == "a"].reset_index(drop=True), english_only,
                                  check_exact=True)


# --------------------------------------------------------------------------- progress bar
def test_progress_bar_counts_the_turns_of_the_worker_ranges(monkeypatch, capsys):
    import pandas as pd

    from analysis import tokens
    from analysis.rhetoric import devices
    from analysis.scale import _engine

    texts = [f"First, we act number {i}. Second, we win! It is the largest." for i in range(40)]
    t = pd.DataFrame({"text": texts, "transcript_id": [f"t{i}" for i in range(40)]})
    monkeypatch.setattr(tokens, "PARALLEL_CHARS", 0)
    monkeypatch.setattr(devices, "RANGE_CHARS", 600)  # about 10 texts a range: several ranges
    monkeypatch.setattr(_engine, "n_workers", lambda n_jobs=-1: 2)
    d = devices.detect_devices(t, progress=True)
    err = capsys.readouterr().err
    assert "devices" in err and "40/40" in err
    assert d["device"].value_counts().to_dict() == {"enumeration": 40, "exclamation": 40, "superlative": 40}
