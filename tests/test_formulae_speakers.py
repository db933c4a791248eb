"""Tables by speaker (formula_use, stock_answer_rates, stock_answers, slot_frames,
frame_fillers) put every spelling of one speaker_key under its most frequent spelling, as
formulae() does; turns without a key keep their spelling."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.phrases import formula_use, stock_answer_rates, stock_answers

PHRASE = "We firmly oppose any interference in our internal affairs."


def _turns(keys: bool) -> pd.DataFrame:
    frame = pd.DataFrame({
        "transcript_id": ["t1", "t2", "t3", "t4", "t5"],
        "speaker": ["DR. FAUCI", "MR. FAUCI", "DR. FAUCI", "DR. BIRX", "Guest"],
        "role": ["official"] * 5,
        "text": [PHRASE + " Thank you.", PHRASE + " Next question.", PHRASE + " That is all.",
                 PHRASE + " Go ahead.", "No comment on that today."],
    })
    if keys:
        frame["speaker_key"] = ["fauci", "fauci", "fauci", "birx", None]
    return frame


def test_formula_use_one_row_per_speaker_key() -> None:
    use = formula_use(_turns(keys=True), ["firmly oppose"], by="speaker")
    assert use.values.tolist() == [["DR. BIRX", "firmly oppose", 1, 1, 1.0],
                                   ["DR. FAUCI", "firmly oppose", 3, 3, 1.0]]


def test_formula_use_by_speaker_and_role() -> None:
    use = formula_use(_turns(keys=True), ["firmly oppose"], by=["role", "speaker"])
    assert use[["role", "speaker", "count", "n_transcripts"]].values.tolist() == [
        ["official", "DR. BIRX", 1, 1], ["official", "DR. FAUCI", 3, 3]]


def test_formula_use_without_keys_or_speaker_unchanged() -> None:
    use = formula_use(_turns(keys=False), ["firmly oppose"], by="speaker")
    assert use[["speaker", "count"]].values.tolist() == [["DR. BIRX", 1], ["DR. FAUCI", 2], ["MR. FAUCI", 1]]
    by_role = formula_use(_turns(keys=True), ["firmly oppose"], by="role")
    assert by_role[["role", "count", "n_transcripts", "share_of_transcripts"]].values.tolist() == [
        ["official", 4, 4, 0.8]]


def test_stock_answers_by_speaker_key() -> None:
    turns = _turns(keys=True)
    stock = stock_answers(turns, min_transcripts=3)
    assert stock[["n_uses", "n_speakers"]].values.tolist() == [[4, 2]]
    assert stock["speakers"].tolist() == [("DR. FAUCI", "DR. BIRX")]
    rates = stock_answer_rates(turns, stock, min_transcripts=3)
    assert rates[["speaker", "n_sentences", "n_stock"]].values.tolist() == [
        ["DR. BIRX", 1, 1], ["DR. FAUCI", 3, 3], ["Guest", 1, 0]]
    plain = stock_answer_rates(_turns(keys=False), stock, min_transcripts=3)
    assert plain["speaker"].tolist() == ["DR. BIRX", "DR. FAUCI", "Guest", "MR. FAUCI"]
    assert plain["n_sentences"].sum() == rates["n_sentences"].sum() == 5  # no sentence lost


@pytest.mark.parametrize("keys", [True, False])
def test_no_occurrence_lost(keys: bool) -> None:
    use = formula_use(_turns(keys=keys), ["firmly oppose", "internal affairs"], by="speaker")
    assert use.groupby("formula")["count"].sum().to_dict() == {"firmly oppose": 4, "internal affairs": 4}


def test_slot_frames_and_fillers_one_speaker_per_key() -> None:
    from analysis.phrases import frame_fillers, slot_frames

    t = pd.DataFrame({"transcript_id": ["t1", "t2", "t3", "t4"],
                      "speaker": ["DR. FAUCI", "MR. FAUCI", "DR. FAUCI", "DR. BIRX"],
                      "speaker_key": ["fauci", "fauci", "fauci", "birx"], "role": ["official"] * 4,
                      "text": ["We strongly oppose the plan.", "We firmly oppose the plan.",
                               "We resolutely oppose the plan.", "We firmly oppose the plan."]})
    f = slot_frames(t, ["we firmly oppose the plan"], final=False, min_fillers=3)
    assert f[["frame", "count", "n_speakers", "n_fillers"]].values.tolist() == [["we * oppose the plan", 4, 2, 3]]
    assert frame_fillers(t, f, by="speaker")[["speaker", "filler", "count"]].values.tolist() == [
        ["DR. BIRX", "firmly", 1], ["DR. FAUCI", "firmly", 1], ["DR. FAUCI", "resolutely", 1],
        ["DR. FAUCI", "strongly", 1]]
    bare = t.drop(columns="speaker_key")  # without keys, each spelling is its own speaker
    assert slot_frames(bare, ["we firmly oppose the plan"], final=False, min_fillers=3)["n_speakers"].tolist() == [3]
    assert frame_fillers(bare, f, by="speaker")["speaker"].nunique() == 3


def test_frame_opened_by_several_formulae_counts_each_occurrence_once() -> None:
    from analysis.phrases import frame_fillers, slot_frames

    texts = ["The Chinese side agrees.", "The US side disagrees.", "The Japanese side waits.",
             "The Chinese side and the US side met."]
    t = pd.DataFrame({"transcript_id": ["a", "b", "c", "d"], "speaker": ["X", "Y", "X", "Y"],
                      "role": ["official"] * 4, "text": texts})
    names = ["the chinese side", "the us side", "the japanese side"]
    f = slot_frames(t, names, final=False, min_transcripts=1, min_fillers=3)
    assert f[["frame", "count", "n_transcripts", "n_fillers"]].values.tolist() == [["the * side", 5, 4, 3]]
    assert f["fillers"].tolist() == [(("chinese", 2), ("us", 2), ("japanese", 1))]
    got = frame_fillers(t, f, by=None)
    assert got[["filler", "count"]].values.tolist() == [["chinese", 2], ["us", 2], ["japanese", 1]]
