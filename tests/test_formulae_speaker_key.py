"""formulae() counts the spellings of one speaker (one speaker_key) as one speaker."""
from __future__ import annotations

import pandas as pd

from analysis.phrases import formulae

PHRASE = "we firmly oppose any interference in our internal affairs"


def _turns(keys: bool) -> pd.DataFrame:
    speakers = ["DR. FAUCI", "MR. FAUCI", "DR. FAUCI", "DR. BIRX"]
    frame = pd.DataFrame({
        "transcript_id": ["t1", "t2", "t3", "t4"],
        "turn_index": [0, 0, 0, 0],
        "speaker": speakers,
        "role": ["official"] * 4,
        "text": [f"{a} {PHRASE}. {b}" for a, b in [("Today", "Thank you."), ("Again", "Next question."),
                                                    ("Yes", "That is all."), ("Well", "Go ahead.")]],
    })
    if keys:
        frame["speaker_key"] = ["fauci", "fauci", "fauci", "birx"]
    return frame


def _row(frame: pd.DataFrame, **kw) -> pd.Series:
    table = formulae(frame, min_transcripts=2, stop_rule="all", **kw)
    hit = table[table["formula"].str.contains("firmly oppose")]
    assert len(hit) == 1, table["formula"].tolist()
    return hit.iloc[0]


def test_spellings_of_one_key_are_one_speaker():
    row = _row(_turns(keys=True))
    assert row["n_transcripts"] == 4
    assert row["n_speakers"] == 2  # Fauci (two spellings) and Birx
    assert row["top_speaker"] == "DR. FAUCI"


def test_without_keys_each_spelling_is_a_speaker():
    row = _row(_turns(keys=False))
    assert row["n_speakers"] == 3


def test_min_speakers_counts_people_not_spellings():
    frame = _turns(keys=True).iloc[:3]  # only Fauci, spelt two ways
    table = formulae(frame, min_transcripts=2, stop_rule="all")
    assert table["formula"].str.contains("firmly oppose").any()
    try:
        table = formulae(frame, min_transcripts=2, min_speakers=2, stop_rule="all")
    except Exception as exc:  # no formula used by two people: an empty-result error
        assert "speakers" in str(exc)
    else:
        assert not table["formula"].str.contains("firmly oppose").any()
