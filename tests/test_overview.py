"""Tests of analysis.overview, its figures, narration, and notebook 01."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import overview as ov
from analysis.corpus import load_corpus
from analysis.narrate import describe_corpus, describe_exchanges, describe_roles
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers
from analysis.plots import overview as po

TURNS = pd.DataFrame({
    "transcript_id": ["a", "a", "a", "a", "b", "b"],
    "date": pd.to_datetime(["2020-01-01"] * 4 + ["2020-02-01"] * 2),
    "speaker": ["M", "J", "X", "J", "J", "X"],
    "role": ["moderator", "questioner", "official", "questioner", "questioner", "official"],
    "outlet": [None, "CCTV", None, None, None, None],
    "turn_index": [0, 1, 2, 3, 0, 1],
    "answers_turn": pd.array([None, None, 1, None, None, 0], dtype="Int64"),
    "n_words": [5, 10, 40, 8, 12, 30],
    "text": [""] * 6,
})


class TestWordsBy:
    def test_role_counts(self) -> None:
        out = ov.words_by(TURNS, "role")
        assert out["role"].tolist() == ["official", "questioner", "moderator"]
        assert out["n_words"].tolist() == [70, 30, 5]
        assert out["n_turns"].tolist() == [2, 3, 1]
        assert out["share"].sum() == pytest.approx(1.0)
        assert out["n_transcripts"].tolist() == [2, 2, 1]

    def test_two_columns(self) -> None:
        out = ov.words_by(TURNS, ["transcript_id", "role"])
        assert len(out) == 5
        assert out["n_words"].sum() == TURNS["n_words"].sum()  # conservation

    def test_speaker_kind(self) -> None:
        t = pd.DataFrame({"transcript_id": ["a"] * 5, "n_words": [5, 10, 40, 8, 3], "text": [""] * 5,
                          "speaker": ["Moderator", "Reuters", "Lu Kang", "Journalist", "Unknown speaker"],
                          "role": ["moderator", "questioner", "official", "questioner", "unknown"],
                          "outlet": [None, "Reuters", None, None, None]})
        out = ov.words_by(t, "speaker")
        assert out[["speaker", "speaker_kind"]].values.tolist() == [
            ["Lu Kang", "person"], ["Reuters", "outlet"], ["Journalist", "pooled"], ["Moderator", "pooled"],
            ["Unknown speaker", "pooled"]]
        assert list(out.columns[:3]) == ["speaker", "speaker_kind", "n_turns"]
        assert "speaker_kind" not in ov.words_by(t, "role")
        # the figure and the sentence read the marks from the column
        fig = po.plot_words_by_group(out, by="speaker")
        labels = [x.get_text() for x in fig.axes[0].get_yticklabels()]
        assert "Reuters (outlet)" in labels and "Journalist (pooled)" in labels and "Lu Kang" in labels
        assert "Journalist (pooled: everyone the transcripts leave unnamed" in str(describe_roles(out, by="speaker"))
        # without role or outlet columns, only the speaker's name tells
        bare = ov.words_by(t.drop(columns=["role", "outlet"]), "speaker")
        assert dict(zip(bare["speaker"], bare["speaker_kind"]))["Reuters"] == "person"
        assert dict(zip(bare["speaker"], bare["speaker_kind"]))["Journalist"] == "pooled"

    def test_unknown_column(self) -> None:
        with pytest.raises(ValueError, match=r"words_by\(\): turns has no column\(s\) 'party'"):
            ov.words_by(TURNS, "party")

    def test_bad_type(self) -> None:
        with pytest.raises(TypeError, match=r"words_by\(\): turns must be a Corpus or a pandas DataFrame"):
            ov.words_by(["text"], "role")


class TestTranscriptLengths:
    def test_values(self) -> None:
        out = ov.transcript_lengths(TURNS)
        assert out["transcript_id"].tolist() == ["a", "b"]
        assert out["n_words"].tolist() == [63, 42]
        assert out["n_questions"].tolist() == [2, 1]
        assert out["words_official"].tolist() == [40, 30]
        assert out["words_moderator"].tolist() == [5, 0]


class TestExchangeLengths:
    def test_values(self) -> None:
        out = ov.exchange_lengths(TURNS)
        assert out[["transcript_id", "question_turn", "question_words", "answer_words"]].values.tolist() == [
            ["a", 1, 10, 40], ["a", 3, 8, 0], ["b", 0, 12, 30]]
        assert out["ratio"].tolist() == [4.0, 0.0, 2.5]
        assert out["outlet"].tolist()[0] == "CCTV"


class TestPlots:
    def test_figures_are_returned(self) -> None:
        for fig in (po.plot_words_by_group(ov.words_by(TURNS, "role"), by="role"),
                    po.plot_words_over_time(ov.transcript_lengths(TURNS)),
                    po.plot_exchange_lengths(ov.exchange_lengths(TURNS))):
            assert isinstance(fig, Figure)
            assert fig.axes[0].get_title()

    def test_ax_is_used(self) -> None:
        fig = Figure()
        ax = fig.add_subplot()
        assert po.plot_words_by_group(ov.words_by(TURNS, "role"), by="role", ax=ax) is fig


class TestNarrate:
    def test_roles_sentence_uses_the_numbers(self) -> None:
        f = describe_roles(ov.words_by(TURNS, "role"))
        assert f.text.startswith("Officials speak 67% of all words (70 words in 2 turns")
        assert f.counts == {"official": 70, "questioner": 30, "moderator": 5}

    def test_exchanges_sentence(self) -> None:
        f = describe_exchanges(ov.exchange_lengths(TURNS))
        assert "median question has 10 words" in f.text and "median answer 35 words" in f.text
        assert "1 question (33%) has no answer" in f.text


def test_notebook_01_key_numbers() -> None:
    nb = execute_notebook(NOTEBOOK_DIR / "01_corpus_overview.ipynb")
    got = key_numbers(nb)
    corpus = load_corpus(NOTEBOOK_DIR.parent / "data")
    summary = corpus.summary()
    by_role = ov.words_by(corpus, "role")
    assert got == {
        "transcripts": len(corpus),
        "turns": int(summary["n_turns"].sum()),
        "words": int(summary["n_words"].sum()),
        "questions": int((corpus.turns()["role"] == "questioner").sum()),
        "top_role": by_role.iloc[0]["role"],
        "top_role_share": round(float(by_role.iloc[0]["share"]), 6),
        "duplicate_pairs": len(corpus.duplicates()),
    }
    text = "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
    assert describe_corpus(summary).text in text


def test_labels_of_several_people_are_pooled() -> None:
    # Hansard's interjections of the House: "Hon. Members", "Several hon. Members", "Noble Lords"
    from analysis.overview import speaker_kinds

    turns = pd.DataFrame({"speaker": ["Hon. Members", "Several hon. Members", "Noble Lords", "AUDIENCE", "Peter Jones",
                                      "Lord Adonis", "Justice Stevens", "Mr. Deputy Speaker"],
                          "role": ["questioner"] * 3 + ["questioner", "questioner", "official", "official", "moderator"]})
    assert speaker_kinds(turns).to_dict() == {"AUDIENCE": "pooled", "Hon. Members": "pooled", "Noble Lords": "pooled",
                                              "Several hon. Members": "pooled"}


def test_hansard_groups_are_pooled_in_the_overview() -> None:
    from pathlib import Path

    from analysis.corpus import load_corpus
    from analysis.overview import speaker_kind_of

    path = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "generality" / "uk_hansard_twfy_xml_2009"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    turns = load_corpus(path).turns()
    kinds = speaker_kind_of(pd.Series(["Hon. Members", "Several hon. Members", "Noble Lords"]), turns)
    assert kinds.tolist() == ["pooled"] * 3
    people = turns.loc[~turns["speaker"].isin(["Hon. Members", "Several hon. Members", "Noble Lords"]), "speaker"]
    assert (speaker_kind_of(pd.Series(people.unique()), turns) == "pooled").sum() == 0
