"""Paragraphs far longer than a paragraph (a speech typed with no line breaks) are cut at
sentence ends into topic units of at most ``max_words`` words, with a warning; no text is lost."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.errors import InputWarning
from analysis.topics import topic_units
from analysis.topics.units import sentence_parts

REPO = Path(__file__).resolve().parent.parent


def _speech(n_sentences: int, words: int) -> str:
    return " ".join(f"Sentence {i} " + " ".join(["word"] * (words - 2)) + "." for i in range(n_sentences))


def _turns(text: str) -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": ["LIE_79_2024", "HUN_79_2024"], "turn_index": [0, 0],
                         "text": [text, "A short speech. " * 20]})


def test_a_speech_with_no_breaks_is_cut_into_units_of_at_most_max_words():
    text = _speech(100, 25)  # 2,500 words on one line
    with pytest.warns(InputWarning, match=r"1 paragraph\(s\) of more than 1,000 words \(text typed with few or no "
                                          r"paragraph breaks\) cut at sentence ends into 3 units: "
                                          r"LIE_79_2024 \(turn 0, 2,500 words, 3 parts\)"):
        units = topic_units(_turns(text))
    cut = units[units["transcript_id"] == "LIE_79_2024"]
    assert cut["n_words"].tolist() == [825, 850, 825]  # nearly equal, each ending a sentence
    assert " ".join(cut["text"]) == text  # every word kept, in order
    assert cut["paragraph_index"].tolist() == [0, 0, 0] and cut["n_parts"].tolist() == [1, 1, 1]
    assert all(t.endswith(".") for t in cut["text"])


def test_max_words_none_keeps_the_paragraph_whole():
    text = _speech(100, 25)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        units = topic_units(_turns(text), max_words=None)
    assert units["text"].tolist()[0] == text and units["n_words"].tolist()[0] == 2500


def test_one_sentence_longer_than_max_words_stays_whole_and_is_not_warned():
    text = " ".join(["word"] * 1500) + "."
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        units = topic_units(_turns(text))
    assert units["n_words"].tolist()[0] == 1500


def test_max_words_below_min_words_is_refused():
    with pytest.raises(ValueError, match="max_words"):
        topic_units(_turns("One."), min_words=20, max_words=10)


@pytest.mark.parametrize("lens, most, parts", [([3, 2, 3, 1], 5, [5, 4]), ([4, 4, 4], 8, [8, 4]),
                                                ([9, 1, 1], 5, [9, 2]), ([2] * 10, 7, [6, 4, 6, 4])])
def test_sentence_parts_by_hand(lens, most, parts):
    text = " ".join(" ".join(["Yes", *["word"] * (n - 1)]) + "." for n in lens)
    got = sentence_parts(text, most)
    assert [n for _, n in got] == parts and " ".join(t for t, _ in got) == text


def test_the_bundled_corpus_has_no_paragraph_that_long():
    corpus = load_corpus(REPO / "data")
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputWarning)
        default = topic_units(corpus)
    pd.testing.assert_frame_equal(default, topic_units(corpus, max_words=None), check_exact=True)
    assert default["n_words"].max() <= 1000 and re.search(r"\w", default["text"].iloc[0])
