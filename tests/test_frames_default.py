"""slot_frames without formulae computes them: the same frames as with the first rows of the
default formula ranking passed in."""

from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from analysis.phrases import formulae, slot_frames
from analysis.phrases.frames import FRAME_FORMULAE

TEXTS = ["We urge the US to stop it now.", "We urge the US to respect it.", "We urge the US to act now.",
         "We urge the US to stop that.", "We are deeply concerned about it.", "We are gravely concerned about it."]


def turns() -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(len(TEXTS))],
                         "speaker": [f"S{i % 2}" for i in range(len(TEXTS))], "text": TEXTS})


def test_formulae_computed_when_not_given() -> None:
    t = turns()
    got = slot_frames(t, min_fillers=2)
    expected = slot_frames(t, formulae(t).head(FRAME_FORMULAE), min_fillers=2)
    assert_frame_equal(got, expected)
    assert "we urge the us to *" in set(got["frame"])


def test_min_transcripts_passed_to_formulae() -> None:
    t = turns()
    got = slot_frames(t, min_transcripts=3, min_fillers=2)
    expected = slot_frames(t, formulae(t, min_transcripts=3).head(FRAME_FORMULAE), min_transcripts=3, min_fillers=2)
    assert_frame_equal(got, expected)
