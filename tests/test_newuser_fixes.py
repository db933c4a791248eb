"""What a new user found: one person under two spellings shown as two speakers, empty and
"0.0%" rows and a "top 15" with fewer rows in the words-by-speaker figure, a keyness axis
that did not name its statistic or cut-off, extra stop words the command line could not
take from a file, undocumented diversity columns, and notebook 00's fixed counts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import overview as ov
from analysis import terms as tm
from analysis.cli import build_parser, main
from analysis.corpus import load_corpus
from analysis.figures import registry
from analysis.gallery import FigureContext
from analysis.narrate import describe_roles
from analysis.plots import overview as po
from analysis.plots import terms as pt

WH = Path("/work/shared/corpora/generality/wh_covid_briefings_2020_html/files")
ROOT = Path(__file__).resolve().parents[1]

#: Two spellings of one speaker key ("DR. FAUCI" twice, "MR. FAUCI" once), and another speaker.
SPELLINGS = pd.DataFrame({
    "transcript_id": ["a", "a", "a", "b", "b"],
    "speaker": ["DR. FAUCI", "Journalist", "DR. FAUCI", "MR. FAUCI", "DR. BIRX"],
    "speaker_key": ["fauci", "journalist", "fauci", "fauci", "birx"],
    "role": ["official", "questioner", "official", "official", "official"],
    "turn_index": [0, 1, 2, 0, 1],
    "answers_turn": pd.array([None, None, 1, None, None], dtype="Int64"),
    "date": pd.to_datetime(["2020-03-01"] * 3 + ["2020-03-02"] * 2),
    "n_words": [10, 4, 6, 30, 20],
    "text": [""] * 5,
})


# ----------------------------------------------------------------- 1. one row per speaker_key
class TestOneRowPerSpeaker:
    def test_words_by_speaker_groups_by_key_under_the_usual_spelling(self) -> None:
        out = ov.words_by(SPELLINGS, "speaker")
        assert out["speaker"].tolist() == ["DR. FAUCI", "DR. BIRX", "Journalist"]
        assert out["n_words"].tolist() == [46, 20, 4]
        assert out["n_turns"].tolist() == [3, 1, 1]
        assert out["n_transcripts"].tolist() == [2, 1, 1]
        assert out["n_words"].sum() == SPELLINGS["n_words"].sum()  # no word lost or counted twice

    def test_with_another_column(self) -> None:
        out = ov.words_by(SPELLINGS, ["transcript_id", "speaker"])
        assert list(zip(out["transcript_id"], out["speaker"], out["n_words"])) == [
            ("b", "DR. FAUCI", 30), ("b", "DR. BIRX", 20), ("a", "DR. FAUCI", 16), ("a", "Journalist", 4)]

    def test_tie_takes_the_first_spelling_in_sorted_order_and_no_key_keeps_spelling(self) -> None:
        t = pd.DataFrame({"speaker": ["Mr. Li", "Dr. Li", "X", "Y"], "speaker_key": ["li", "li", "", None]})
        assert ov.one_spelling_per_speaker(t).tolist() == ["Dr. Li", "Dr. Li", "X", "Y"]
        assert ov.one_spelling_per_speaker(t.drop(columns="speaker_key")).tolist() == ["Mr. Li", "Dr. Li", "X", "Y"]

    def test_answerers_named_once(self) -> None:
        turns = SPELLINGS.assign(speaker=["J", "DR. FAUCI", "MR. FAUCI", "J", "DR. FAUCI"],
                                 speaker_key=["j", "fauci", "fauci", "j", "fauci"],
                                 role=["questioner", "official", "official", "questioner", "official"],
                                 answers_turn=pd.array([None, 0, 0, None, 0], dtype="Int64"))
        out = ov.exchange_lengths(turns)
        assert out["answerer"].tolist() == ["DR. FAUCI", "DR. FAUCI"]

    def test_narration_names_one_speaker(self) -> None:
        text = str(describe_roles(ov.words_by(SPELLINGS, "speaker"), by="speaker"))
        assert text.startswith("DR. FAUCI speaks 66% of all words (46 words in 3 turns")
        assert "MR. FAUCI" not in text

    def test_white_house_briefings_fauci_is_one_row(self) -> None:
        corpus = load_corpus(WH)
        turns = corpus.turns()
        assert set(turns.loc[turns["speaker_key"] == "fauci", "speaker"]) == {"DR. FAUCI", "MR. FAUCI"}
        words = ov.words_by(turns, "speaker")
        fauci = words[words["speaker"].str.contains("FAUCI")]
        assert fauci["speaker"].tolist() == ["DR. FAUCI"]
        assert fauci["n_turns"].tolist() == [int((turns["speaker_key"] == "fauci").sum())] == [131]
        assert not words["speaker"].duplicated().any()
        assert words["n_words"].sum() == turns["n_words"].sum()
        fig = registry()["overview_words_by_speaker"].make(FigureContext(corpus))
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert "DR. FAUCI" in labels and "MR. FAUCI" not in labels
        assert "THE PRESIDENT" in labels and "THE President" not in labels


# ------------------------------------------------------------- 4. empty rows, honest title
class TestWordsByGroupFigure:
    @staticmethod
    def _words(n_words: list[int]) -> pd.DataFrame:
        w = pd.DataFrame({"speaker": [f"S{i}" for i in range(len(n_words))], "n_words": n_words})
        return w.assign(share=w["n_words"] / w["n_words"].sum())

    def test_empty_rows_dropped_and_title_counts_the_bars(self) -> None:
        ax = po.plot_words_by_group(self._words([500, 300, 0, 0]), by="speaker").axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["S1", "S0"]
        assert ax.get_title() == "Words spoken by speaker (all 2)"

    def test_top_leaves_some_out(self) -> None:
        ax = po.plot_words_by_group(self._words(list(range(40, 0, -1))), by="speaker", top=15).axes[0]
        assert len(ax.get_yticklabels()) == 15
        assert ax.get_title() == "Words spoken by speaker (the 15 with most words, of 40)"

    def test_tiny_share_is_not_written_as_zero(self) -> None:
        ax = po.plot_words_by_group(self._words([100_000, 20]), by="speaker").axes[0]
        texts = [t.get_text() for t in ax.texts]
        assert texts == [" <0.1% (20 words)", " 100.0%"]
        assert not any(re.fullmatch(r" 0\.0%", t) for t in texts)

    def test_registered_caption_does_not_promise_fifteen_rows(self) -> None:
        caption = registry()["overview_words_by_speaker"].caption
        assert "(top 15)" not in caption and "the title says how many" in caption


# -------------------------------------------------------------- 5. keyness axis and cut-off
KEY_TURNS = pd.DataFrame({
    "role": ["official"] * 6 + ["questioner"] * 6,
    "text": ["cooperation development cooperation mutual respect today"] * 6
            + ["comment today report confirm cooperation details"] * 6,
})


class TestKeynessAxis:
    def test_g2_named_and_cut_off_drawn(self) -> None:
        table = tm.keyness(KEY_TURNS, "official", "questioner", min_count=1)
        assert table["significant"].any() and not table["significant"].all()
        fig = pt.plot_keyness(table)
        ax = fig.axes[0]
        label = ax.get_xlabel()
        assert label.startswith("Log-likelihood G\u00b2, signed by direction\n")
        cut = float(table.loc[table["significant"], "g2"].min())
        assert cut > float(table.loc[~table["significant"], "g2"].max())
        assert f"significance cut-off, G\u00b2 = {cut:,.1f}, adjusted p < 0.05" in label
        dashed = sorted(float(ln.get_xdata()[0]) for ln in ax.lines if ln.get_linestyle() == "--")
        assert dashed == pytest.approx([-cut, cut])

    def test_effect_size_named_without_a_cut_off(self) -> None:
        table = tm.keyness(KEY_TURNS, "official", "questioner", min_count=1, measure="log_ratio")
        ax = pt.plot_keyness(table, significant_only=False).axes[0]
        assert ax.get_xlabel().startswith("Log ratio (binary log of the ratio of rates)\n")
        assert "cut-off" not in ax.get_xlabel()
        assert not [ln for ln in ax.lines if ln.get_linestyle() == "--"]
