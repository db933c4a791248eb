"""One speaker under several spellings: swapped letters, an extra letter, and the ``merged``
flag of ``Corpus.speakers()`` read from the ``speaker_merge`` notes."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from analysis import load_corpus
from analysis.parsers import roles as rl
from analysis.parsers.speakers import adjoining_pairs, merge_keys, merged_name, name_key

ANSWER = "We have shipped more masks and gowns to the states this week than in any week before."


def _briefing(labels: list[str]) -> str:
    """A briefing: each label answers a question ("Q") asked just before its turn."""
    lines = ["THE PRESIDENT:  Thank you very much. We have a lot of news on supplies today."]
    for i, label in enumerate(labels):
        lines.append(f"Q    Question number {i} about the supplies: when will they arrive?")
        lines.append(f"{label}:  {ANSWER}")
    return "\n\n".join(lines) + "\n"


def _load(tmp_path: Path, text: str):
    (tmp_path / "briefing.txt").write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(tmp_path, cache=False)


def _keys(corpus) -> dict[str, str]:
    t = corpus.turns()
    return dict(zip(t["label"], t["speaker_key"]))


def _agrees_with_notes(corpus) -> bool:
    notes = corpus.notes()
    said = {(t, merged_name(m)) for t, m in zip(notes["transcript_id"], notes["message"])
            if merged_name(m) is not None}
    table = corpus.speakers()
    for tid, label, flag in zip(table["transcript_id"], table["label"], table["merged"]):
        noted = bool(label) and ((tid, rl.speaker_key(label)) in said or (tid, name_key(label)) in said)
        if noted != bool(flag):
            return False
    return True


SWAPPED = ["THE PRESIDENT"] * 6 + ["REAR ADMIRAL POLOWCZYK"] * 4 + ["REAR ADMIRAL POLOWCYZK"] * 3


def test_two_letters_swapped_is_one_speaker(tmp_path):
    corpus = _load(tmp_path, _briefing(SWAPPED))
    keys = _keys(corpus)
    assert keys["REAR ADMIRAL POLOWCYZK"] == "polowczyk"
    assert keys["REAR ADMIRAL POLOWCZYK"] == "polowczyk"
    table = corpus.speakers().set_index("label")
    assert bool(table.at["REAR ADMIRAL POLOWCYZK", "merged"])
    assert not bool(table.at["REAR ADMIRAL POLOWCZYK", "merged"])
    assert _agrees_with_notes(corpus)


def test_extra_letter_is_one_speaker_and_flagged(tmp_path):
    labels = ["THE PRESIDENT"] * 3 + ["MR. NAVARRO"] * 5 + ["MR. NAVARRRO"] * 2
    corpus = _load(tmp_path, _briefing(labels))
    keys = _keys(corpus)
    assert keys["MR. NAVARRRO"] == "navarro"
    assert keys["MR. NAVARRO"] == "navarro"
    table = corpus.speakers().set_index("label")
    assert table.at["MR. NAVARRRO", "speaker"] == "MR. NAVARRO"  # shown under the usual spelling
    assert bool(table.at["MR. NAVARRRO", "merged"])
    assert not bool(table.at["MR. NAVARRO", "merged"])
    assert _agrees_with_notes(corpus)


def test_similar_frequent_speakers_stay_apart(tmp_path):
    # an extra letter between two people of near counts (Davis, Davies), and a swap between two
    # people who are both frequent (Kirsten, Kristen): four speakers
    labels = (["SENATOR DAVIS"] * 5 + ["SENATOR DAVIES"] * 4 + ["SENATOR KIRSTEN"] * 6
              + ["SENATOR KRISTEN"] * 5 + ["THE PRESIDENT"])
    corpus = _load(tmp_path, _briefing(labels))
    keys = _keys(corpus)
    assert keys["SENATOR DAVIS"] == "davis" and keys["SENATOR DAVIES"] == "davies"
    assert keys["SENATOR KIRSTEN"] == "kirsten" and keys["SENATOR KRISTEN"] == "kristen"
    assert not corpus.speakers()["merged"].any()
    assert _agrees_with_notes(corpus)


def test_swapped_spellings_that_take_turns_are_two_people(tmp_path):
    text = _briefing(SWAPPED).replace(
        "Q    Question number 10 about the supplies: when will they arrive?",
        f"REAR ADMIRAL POLOWCZYK:  {ANSWER}")
    corpus = _load(tmp_path, text)
    assert _keys(corpus)["REAR ADMIRAL POLOWCYZK"] == "polowcyzk"


@pytest.mark.parametrize("counts, adjoining, expected", [
    ({"polowczyk": 4, "polowcyzk": 3, "president": 8}, frozenset(), {"polowcyzk": "polowczyk"}),
    ({"polowczyk": 4, "polowcyzk": 3, "president": 8}, None, {}),  # across transcripts: the usual rule
    ({"polowczyk": 4, "polowcyzk": 3, "president": 8}, frozenset({frozenset(("polowczyk", "polowcyzk"))}), {}),
    ({"polowczyk": 4, "polowcyzk": 4, "president": 8}, frozenset(), {}),  # neither is the more frequent
    ({"polowczyk": 5, "polowcyzk": 4, "president": 1}, frozenset(), {}),  # both frequent
    ({"davies": 4, "davis": 3, "president": 8}, frozenset(), {}),  # an extra letter: near names
])
def test_merge_keys_swap_rule(counts, adjoining, expected):
    got = {k: v[0] for k, v in merge_keys(counts, max_edits=1, adjoining=adjoining).items()}
    assert got == expected


def test_adjoining_pairs():
    assert adjoining_pairs(["a", "b", "b", None, "c", "a"]) == {frozenset(("a", "b")), frozenset(("c", "a"))}


@pytest.mark.parametrize("counts", [
    {"环球邮报记者": 4, "环球时报记者": 1},  # the Globe and Mail and the Global Times: one character apart
    {"中央电视台记者甲": 6, "中央电视台记者乙": 1},
])
def test_han_names_one_character_apart_are_two(counts):
    # a Han character is a syllable and a word: one changed is another name, never a typo
    assert merge_keys(counts) == {}
    assert merge_keys({"navarro": 8, "navrrro": 1}) == {"navrrro": ("navarro", "spelling of 'navarro' (1 edit; 1 "
                                                                             "against 8 turns)")}
