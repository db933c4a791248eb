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
from analysis.cli import _extra_stop_words, build_parser, main
from analysis.corpus import load_corpus
from analysis.figures import registry
from analysis.gallery import FigureContext
from analysis.narrate import describe_roles
from analysis.plots import overview as po
from analysis.plots import terms as pt
from analysis.topics import BRIEFING_STOP_WORDS

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

    def test_cut_off_on_the_zero_line_is_said_not_drawn(self) -> None:
        # 300 turns a side: G2 about 450 for the words of one side, 13.8 for "stability" (10
        # uses against none), "hope" not significant (3 against 2): the cut-off near 0
        turns = pd.DataFrame({"role": ["official"] * 300 + ["questioner"] * 300,
                              "text": ["cooperation development mutual respect partnership"] * 300
                                      + ["comment report confirm details today"] * 300})
        turns.loc[0:9, "text"] += " stability"
        turns.loc[[20, 21, 22, 320, 321], "text"] += " hope"
        table = tm.keyness(turns, "official", "questioner", min_count=1)
        cut = float(table.loc[table["significant"], "g2"].min())
        ax = pt.plot_keyness(table).axes[0]
        half = ax.get_xlim()[1]
        assert cut < pt.CUT_OFF_MIN_SHARE * half
        assert f"significance cut-off, G\u00b2 = {cut:,.1f}, adjusted p < 0.05\n(too close to 0 to draw at this scale)" \
            in ax.get_xlabel()
        assert not [ln for ln in ax.lines if ln.get_linestyle() == "--"]

    def test_effect_size_named_without_a_cut_off(self) -> None:
        table = tm.keyness(KEY_TURNS, "official", "questioner", min_count=1, measure="log_ratio")
        ax = pt.plot_keyness(table, significant_only=False).axes[0]
        assert ax.get_xlabel().startswith("Log ratio (binary log of the ratio of rates)\n")
        assert "cut-off" not in ax.get_xlabel()
        assert not [ln for ln in ax.lines if ln.get_linestyle() == "--"]


# ----------------------------------------------------------- 2. extra stop words, list or file
BRIEFING = """Press briefing, March 2, 2020

MODERATOR: Folks, basically, good afternoon. Basically we begin with the vaccine update, folks.

DR. SMITH: Basically the vaccine trial is going well, folks. The vaccine trial enrolled volunteers. Frankly, testing \
capacity grew.

REPORTER: Basically, folks, what about testing capacity? Testing capacity matters, frankly.

DR. SMITH: Frankly, testing capacity grew again, folks. The vaccine trial continues, basically.
"""


@pytest.fixture()
def briefing(tmp_path: Path) -> Path:
    folder = tmp_path / "briefings"
    folder.mkdir()
    (folder / "brief.txt").write_text(BRIEFING, encoding="utf-8")
    return folder


def _table(capsys, argv: list[str], out: Path) -> pd.DataFrame:
    assert main([*argv, "--quiet", "--output", str(out)]) == 0
    capsys.readouterr()
    return pd.read_csv(out)


class TestExtraStopWords:
    def test_parsed_the_same_from_a_list_and_a_file_with_comments(self, tmp_path: Path) -> None:
        words = tmp_path / "stop.txt"
        words.write_text("\ufeff# fillers of our briefings\nFolks, basically\nfrankly  # hedge\n\n", encoding="utf-8")
        parser = build_parser()
        for cmd in (["terms"], ["keyness", "--target", "official"], ["phrases", "--collocations"], ["topics"]):
            a = parser.parse_args([*cmd, "--extra-stop-words", "folks,basically", "--extra-stop-words", "frankly"])
            b = parser.parse_args([*cmd, "--extra-stop-words", f"@{words}"])
            assert _extra_stop_words(a) == _extra_stop_words(b) == ("folks", "basically", "frankly")
            assert _extra_stop_words(a, ("default",)) == ("default", "folks", "basically", "frankly")  # added
        both = parser.parse_args(["terms", "--extra-stop-words", "Folks", "--extra-stop-words", f"@{words}"])
        assert _extra_stop_words(both) == ("folks", "basically", "frankly")  # added up, each word once
        topics = parser.parse_args(["topics"])
        assert _extra_stop_words(topics, BRIEFING_STOP_WORDS) == BRIEFING_STOP_WORDS  # none given: the default
        assert _extra_stop_words(parser.parse_args(["topics", "--extra-stop-words", ""]), BRIEFING_STOP_WORDS) == ()

    def test_terms_drop_them_as_the_library_does(self, briefing: Path, tmp_path: Path, capsys) -> None:
        from analysis.terms import term_frequencies
        from analysis.text import stop_words

        (tmp_path / "stop.txt").write_text("folks\nbasically,frankly\n", encoding="utf-8")
        base = ["terms", "--corpus", str(briefing)]
        plain = _table(capsys, base, tmp_path / "a.csv")
        assert {"folks", "basically", "frankly"} <= set(plain["term"])  # the fillers top the list
        listed = _table(capsys, [*base, "--extra-stop-words", "folks,basically,frankly"], tmp_path / "b.csv")
        filed = _table(capsys, [*base, "--extra-stop-words", f"@{tmp_path / 'stop.txt'}"], tmp_path / "c.csv")
        pd.testing.assert_frame_equal(listed, filed, check_exact=True)
        assert not {"folks", "basically", "frankly"} & set(listed["term"])
        expected = term_frequencies(load_corpus(briefing),
                                    stop_words=stop_words(["folks", "basically", "frankly"]))
        assert listed["term"].tolist() == expected["term"].tolist()
        assert listed["count"].tolist() == expected["count"].tolist()
        assert set(plain["term"]) - set(listed["term"]) == {"folks", "basically", "frankly"}  # nothing else lost
        kept = _table(capsys, [*base, "--keep-stop-words", "--extra-stop-words", "folks"], tmp_path / "d.csv")
        assert "folks" not in set(kept["term"]) and {"the", "basically"} <= set(kept["term"])

    def test_keyness_and_collocations(self, briefing: Path, tmp_path: Path, capsys) -> None:
        key = _table(capsys, ["keyness", "--corpus", str(briefing), "--target", "official", "--min-count", "1",
                              "--extra-stop-words", "folks,vaccine"], tmp_path / "k.csv")
        assert len(key) and not {"folks", "vaccine"} & set(key["term"])
        base = ["phrases", "--corpus", str(briefing), "--collocations", "--min-count", "2"]
        before = _table(capsys, base, tmp_path / "p.csv")
        assert "vaccine trial" in set(before["collocation"])
        after = _table(capsys, [*base, "--extra-stop-words", "vaccine"], tmp_path / "q.csv")
        assert "vaccine trial" not in set(after["collocation"])
        assert set(after["collocation"]) == {c for c in before["collocation"] if "vaccine" not in c.split()}

    def test_refused_where_not_used_and_for_a_missing_file(self, briefing: Path, tmp_path: Path, capsys) -> None:
        with pytest.raises(SystemExit) as exc:
            main(["phrases", "--corpus", str(briefing), "--extra-stop-words", "folks"])
        assert exc.value.code == 2
        assert "--extra-stop-words needs --collocations" in capsys.readouterr().err
        with pytest.raises(SystemExit) as exc:
            main(["terms", "--corpus", str(briefing), "--extra-stop-words", f"@{tmp_path / 'none.txt'}"])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert f"error: --extra-stop-words @{tmp_path / 'none.txt'}: cannot read the stop-word file: No such file" in err

    def test_readme_says_how(self) -> None:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        own = readme.split("### Reading your own collection", 1)[1].split("\n## ", 1)[0]
        assert "--extra-stop-words" in own and "@" in own
        for cmd in ("terms", "keyness", "phrases --collocations", "topics"):
            assert cmd in own


# ------------------------------------------------------------ 6. rhetoric help names the scores
def test_rhetoric_help_says_what_mattr_and_mtld_are(capsys) -> None:
    from analysis.rhetoric import rhetoric_profile
    from analysis.rhetoric.diversity import mattr, mtld
    from analysis.text import tokenize_texts

    with pytest.raises(SystemExit):
        main(["rhetoric", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "mattr moving-average type-token ratio" in text and "each window of 50 words" in text
    assert "mtld measure of textual lexical diversity" in text and "falls to 0.72" in text
    # the numbers the help gives are the profile's: a window of 50 tokens, threshold 0.72
    words = ("the vaccine trial is going well and the trial enrolled many volunteers " * 12).split()
    turns = pd.DataFrame({"role": ["official"], "text": [" ".join(words)], "transcript_id": ["a"]})
    prof = rhetoric_profile(turns, by="role").set_index("measure")["value"]
    tokens = tokenize_texts([" ".join(words)])[0]
    assert prof["mattr"] == pytest.approx(mattr(tokens, window=50))
    assert prof["mtld"] == pytest.approx(mtld(tokens, threshold=0.72))
    assert prof["mattr"] != pytest.approx(mattr(tokens, window=20))


# ------------------------------------------------- 3. notebook 00: formats, no count, cautions
NB00 = ROOT / "notebooks" / "00_quickstart.ipynb"
MINI = ROOT / "tests" / "data" / "mini"


class TestQuickstart:
    def test_intro_names_every_layout_and_counts_no_cells(self) -> None:
        from analysis.loader import TRANSCRIPT_SUFFIXES

        cells = json.loads(NB00.read_text(encoding="utf-8"))["cells"]
        intro = "".join(cells[0]["source"])
        missing = [s for s in TRANSCRIPT_SUFFIXES if f"`{s}`" not in intro]
        assert not missing
        for layout in ("HTML", "XML", "JSON", "Markdown", "metadata.csv"):
            assert layout.lower() in intro.lower()
        numbers = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
        assert not re.search(rf"\b(\d+|{'|'.join(numbers.split())}) cells\b", intro, re.I)

    def test_thin_groups_caution(self) -> None:
        from analysis.narrate.overview import describe_thin_groups

        w = ov.words_by(SPELLINGS, "speaker")  # DR. FAUCI 46, DR. BIRX 20, Journalist 4
        f = describe_thin_groups(w, by="speaker", min_words=21)
        assert f.counts == {"thin": {"DR. BIRX": 20, "Journalist": 4}}
        assert str(f).startswith("Caution: DR. BIRX speaks only 20 words in all and Journalist speaks only 4 words "
                                 "in all (fewer than 21), so one use of a word weighs 50 and 250 per 1,000 words")
        assert str(describe_thin_groups(w, by="speaker", min_words=4)) == "Every speaker speaks 4 words or more."

    @pytest.mark.parametrize("n,m,caution", [(3, 3, "found in all 3 of them"), (8, 3, "found in 3 of them"),
                                             (50, 1, "repeated within a transcript"), (50, 3, None)])
    def test_formula_spread(self, n: int, m: int, caution: str | None) -> None:
        from analysis.narrate.overview import describe_formula_spread

        text = str(describe_formula_spread(n, m))
        if caution is None:
            assert text == f"A formula here recurs in at least {m} of the {n} transcripts (6%)."
        else:
            assert text.startswith("Caution:") and caution in text

    def test_executed_notebook_cautions_on_a_three_transcript_folder(self, tmp_path: Path) -> None:
        from analysis.notebook_runner import execute_notebook

        nb = execute_notebook(NB00, parameters={"CORPUS": str(MINI), "K_TOPICS": 2, "MIN_DF": 1})
        shown = "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                        for o in c.get("outputs", []))
        assert "The corpus holds 3 transcripts" in shown
        assert "Caution: with 3 transcripts, a formula here is a phrase found in all 3 of them" in shown
        assert "(MIN_TRANSCRIPTS = 3)" in shown
        assert "Caution: questioners speak only 449 words in all and moderators speak only 21 words in all" in shown

    def test_committed_notebook_cautions_about_the_moderators(self) -> None:
        cells = json.loads(NB00.read_text(encoding="utf-8"))["cells"]
        shown = "".join("".join(o.get("data", {}).get("text/markdown", "")) for c in cells
                        if c["cell_type"] == "code" for o in c.get("outputs", []))
        assert "Caution: moderators speak only 20 words in all (fewer than 1,000)" in shown
        assert "A formula here recurs in at least 3 of the 435 transcripts (1%)." in shown
