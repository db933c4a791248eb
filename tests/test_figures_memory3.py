"""How the stock-answer figure stays small: :func:`analysis.phrases.stock_answers` splits into
sentences only the turns that hold an answer's first use (for its ``example``), and its
examples are those read from the sentence layer of every selected turn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis.phrases.stock as stock_mod
from analysis.phrases import stock_answers
from analysis.sentences import sentence_table


def _turns() -> pd.DataFrame:
    """Four officials' transcripts and a questioner's: the reused sentence is spoken with a
    curly apostrophe, an abbreviation and odd spacing, after another sentence of the turn."""
    texts = ["Good morning.  We don\u2019t accept   the U.S. claims at all. Next question.",
             "We don't accept the U.S. claims at all!",
             "Thank you. We do not accept the U.S. claims at all.",
             "We don't accept the U.S. claim at all.",
             "We don't accept the U.S. claims at all."]
    return pd.DataFrame({"transcript_id": ["a", "b", "c", "d", "e"], "speaker": ["Lu", "Hua", "Lu", "Hua", "Q"],
                         "role": ["official"] * 4 + ["questioner"], "date": pd.to_datetime(
                             ["2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05", "2020-01-01"]),
                         "text": texts})


def test_hand_checked_example_is_the_first_use_as_spoken() -> None:
    got = stock_answers(_turns(), min_transcripts=3)
    # "do not" and "don't" are one wording once contractions are expanded; "claim" is a variant;
    # the questioner's turn (the earliest) is not an official's
    assert got[["answer", "n_uses", "n_transcripts", "n_variants"]].values.tolist() == [
        ["we do not accept the u.s. claims at all", 4, 4, 2]]
    assert got["example"].tolist() == ["We don't accept the U.S. claims at all."]


def _reference_examples(turns: pd.DataFrame, got: pd.DataFrame) -> list[str]:
    """The examples as read from the sentence layer of every official turn (the table
    :func:`analysis.sentences.sentence_table` keeps), for the rows of ``got``."""
    sub, sent = stock_mod._sentences(stock_mod._one_speaker_spelling(turns), ("official",), 4)
    sent = stock_mod._columns(sub, sent, ("transcript_id", "date"))
    every = sentence_table(sub["text"].fillna("").astype(str).tolist())
    out = []
    for variants in got["variants"]:
        uses = sent[sent["wording"].isin(variants)].assign(date=lambda s: pd.to_datetime(s["date"]))
        first = uses.sort_values(["date", "transcript_id", "row", "start"], na_position="last").iloc[0]
        text = str(sub["text"].iat[int(first["row"])])
        spans = [(s, e) for s, e in every.spans(int(first["row"])) if s <= int(first["_char"]) < e]
        assert len(spans) == 1
        out.append(" ".join(text[slice(*spans[0])].replace("\u2019", "'").split()))
    return out


def test_examples_equal_the_sentence_layer_of_every_turn_on_the_bundled_corpus() -> None:
    from analysis.corpus import load_corpus
    from analysis.figures import DEFAULT_CORPUS

    turns = load_corpus(DEFAULT_CORPUS, progress=False).turns()
    got = stock_answers(turns)
    assert len(got) > 50
    assert got["example"].tolist() == _reference_examples(turns, got)


def test_only_the_turns_of_first_uses_are_split(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentences are found for the turns that hold a first use, each once, and the sentence
    layer of every turn is not built."""
    seen: list[list[str]] = []
    import analysis.sentences as sentences_mod

    def spy(texts):
        seen.append(list(texts))
        return sentences_mod._build(list(texts))

    def whole(*args, **kwargs):  # pragma: no cover - only if the whole layer is asked for
        raise AssertionError("the sentence layer of every turn was built")

    monkeypatch.setattr(sentences_mod, "sentence_spans_table", spy)
    monkeypatch.setattr(sentences_mod, "sentence_table", whole)
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    turns = pd.concat([_turns(), _turns().assign(transcript_id=lambda t: t["transcript_id"] + "2",
                                                 text=lambda t: t["text"].str.replace("U.S.", "EU", regex=False))],
                      ignore_index=True)
    got = stock_answers(turns, min_transcripts=3)
    assert len(got) == 2
    # the last split is the examples' (the stream's sentences come first): one turn per answer, its first use
    assert sorted(seen[-1]) == sorted(turns["text"].iloc[[0, 5]])
    assert sorted(got["example"]) == ["We don't accept the EU claims at all.", "We don't accept the U.S. claims at all."]


def test_a_turn_with_two_first_uses_is_split_once() -> None:
    """Two answers whose first uses lie in one turn: that turn's sentences serve both, each
    example its own sentence; a missing text counts as empty."""
    texts = ["We firmly oppose this wrong move. We have noted the relevant reports.",
             "We firmly oppose this wrong move. We have noted the relevant reports.",
             "We have noted the relevant reports. We firmly oppose this wrong move.", None]
    turns = pd.DataFrame({"transcript_id": list("abcd"), "speaker": ["Lu"] * 4, "role": ["official"] * 4,
                          "text": texts})
    first = pd.DataFrame({"row": np.array([0, 0], dtype=np.int64), "_char": np.array([34, 0], dtype=np.int64),
                          "wording": ["we have noted the relevant reports", "we firmly oppose this wrong move"]})
    assert stock_mod._examples(turns, first) == ["We have noted the relevant reports.",
                                                 "We firmly oppose this wrong move."]
    got = stock_answers(turns, min_transcripts=3)
    assert sorted(got["example"]) == ["We firmly oppose this wrong move.", "We have noted the relevant reports."]
    assert got["n_transcripts"].tolist() == [3, 3]
