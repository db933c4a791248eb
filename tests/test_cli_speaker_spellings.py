"""The command line takes a speaker for a person: the spellings of one ``speaker_key``
("DR. FAUCI", "MR. FAUCI") are one group of ``--by speaker``, one speaker of the formulae,
and any of them selects the person in ``--speaker``, ``--target`` and ``--reference``."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.overview import one_spelling_per_speaker

REPO = Path(__file__).resolve().parent.parent
WHITE_HOUSE = REPO.parent / "shared" / "corpora" / "generality" / "wh_covid_briefings_2020_html" / "files"

#: Two briefings: Dr Fauci spelt "DR. FAUCI" in two turns and "MR. FAUCI" in one.
BRIEFINGS = {
    "one.txt": "Briefing one\n\n"
               "DR. FAUCI: The vaccine trials began this week in three cities and the vaccine looks safe.\n\n"
               "Q: When will the vaccine be ready for everyone?\n\n"
               "DR. FAUCI: The vaccine will be ready by spring, we hope.\n\n"
               "DR. BIRX: Testing rose again in every state this week.\n",
    "two.txt": "Briefing two\n\n"
               "MR. FAUCI: The vaccine data are good news and the vaccine trials go on.\n\n"
               "Q: Is testing enough?\n\n"
               "DR. BIRX: Testing is enough in most states, and testing keeps rising.\n",
}
#: Words of Dr Fauci's turns (14 + 9 under "DR. FAUCI", 12 under "MR. FAUCI") and of all turns.
FAUCI_WORDS, ALL_WORDS = 35, 64


@pytest.fixture(autouse=True)
def width(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="module")
def briefings(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("briefings")
    for name, text in BRIEFINGS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return str(folder)


def output(capsys, *argv: str) -> str:
    assert main([*argv, "--quiet"]) == 0
    return capsys.readouterr().out


def table(capsys, *argv: str) -> pd.DataFrame:
    """The complete table of a command (``--output -``)."""
    return pd.read_csv(io.StringIO(output(capsys, *argv, "--output", "-")))


class TestHandMadeBriefings:
    def test_the_loader_keys_both_spellings_alike(self, briefings):
        turns = load_corpus(briefings).turns()
        fauci = turns[turns["speaker_key"] == "fauci"]
        assert fauci["speaker"].tolist() == ["DR. FAUCI", "DR. FAUCI", "MR. FAUCI"]
        assert fauci["n_words"].sum() == FAUCI_WORDS and turns["n_words"].sum() == ALL_WORDS

    def test_terms_by_speaker_one_group_per_person(self, capsys, briefings):
        out = table(capsys, "terms", "--by", "speaker", "--corpus", briefings)
        assert sorted(out["speaker"].unique()) == ["DR. BIRX", "DR. FAUCI", "Journalist"]
        words = out.drop_duplicates("speaker").set_index("speaker")["n_words"]
        assert words["DR. FAUCI"] == FAUCI_WORDS and words.sum() == ALL_WORDS  # no word lost or counted twice
        fauci = out[out["speaker"] == "DR. FAUCI"].set_index("term")["count"]
        assert fauci["vaccine"] == 5 and fauci["trials"] == 2  # 2 + 1 + 2 uses; one in each spelling's turns

    def test_terms_by_transcript_and_speaker(self, capsys, briefings):
        out = table(capsys, "terms", "--by", "transcript_id", "--by", "speaker", "--corpus", briefings)
        groups = set(map(tuple, out[["transcript_id", "speaker"]].drop_duplicates().to_numpy()))
        assert groups == {("one", "DR. FAUCI"), ("one", "Journalist"), ("one", "DR. BIRX"),
                          ("two", "DR. FAUCI"), ("two", "Journalist"), ("two", "DR. BIRX")}

    @pytest.mark.parametrize("spelling", ["MR. FAUCI", "dr. fauci", "Mr. Fauci"])
    def test_keyness_target_any_spelling(self, capsys, briefings, spelling):
        out = table(capsys, "keyness", "--by", "speaker", "--target", spelling, "--min-count", "1",
                    "--corpus", briefings)
        assert set(out["target"]) == {"DR. FAUCI"} and set(out["reference"]) == {"rest"}
        assert set(out["words_target"]) == {FAUCI_WORDS}
        assert set(out["words_reference"]) == {ALL_WORDS - FAUCI_WORDS}
        assert out.set_index("term").loc["vaccine", "count_target"] == 5

    def test_keyness_reference_any_spelling(self, capsys, briefings):
        out = table(capsys, "keyness", "--by", "speaker", "--target", "DR. BIRX", "--reference", "mr. fauci",
                    "--min-count", "1", "--corpus", briefings)
        assert set(out["reference"]) == {"DR. FAUCI"} and set(out["words_reference"]) == {FAUCI_WORDS}

    def test_keyness_compare_rest_one_comparison_per_person(self, capsys, briefings):
        out = table(capsys, "keyness", "--by", "speaker", "--compare", "rest", "--min-count", "1",
                    "--corpus", briefings)
        assert sorted(out["target"].unique()) == ["DR. BIRX", "DR. FAUCI", "Journalist"]

    def test_rhetoric_by_speaker_table_and_terminal(self, capsys, briefings):
        out = table(capsys, "rhetoric", "--by", "speaker", "--corpus", briefings)
        words = out.drop_duplicates("speaker").set_index("speaker")["n_words"]
        assert words.to_dict() == {"DR. BIRX": 18, "DR. FAUCI": FAUCI_WORDS, "Journalist": 11}
        lines = output(capsys, "rhetoric", "--by", "speaker", "--min-words", "0", "--corpus", briefings).splitlines()
        header = next(line for line in lines if line.startswith("family"))
        assert header.split() == ["family", "measure", "DR.", "BIRX", "DR.", "FAUCI", "Journalist"]
        assert next(line for line in lines if "n_words" in line).split() == ["n_words", "18", "35", "11"]
        assert not any("MR. FAUCI" in line for line in lines)

    def test_rhetoric_scores_by_speaker(self, capsys, briefings):
        out = table(capsys, "rhetoric", "--by", "speaker", "--measure", "ttr", "--corpus", briefings)
        assert sorted(out["speaker"].unique()) == ["DR. BIRX", "DR. FAUCI", "Journalist"]

    def test_formulae_count_people(self, capsys, briefings):
        out = table(capsys, "phrases", "--formulae", "--corpus", briefings).set_index("formula")
        assert out.loc["vaccine trials", "n_speakers"] == 1  # Dr Fauci's, under both spellings
        assert out.loc["the vaccine", "n_speakers"] == 2  # Dr Fauci and the journalist
        assert set(out["top_speaker"]) == {"DR. FAUCI"}

    @pytest.mark.parametrize("spelling", ["MR. FAUCI", "dr. fauci", "fauci", "Fauci"])
    def test_speaker_filter_any_spelling(self, capsys, briefings, spelling):
        out = table(capsys, "turns", "--speaker", spelling, "--corpus", briefings)
        assert out["speaker"].tolist() == ["DR. FAUCI", "DR. FAUCI", "MR. FAUCI"]  # the turns as written
        terms = table(capsys, "terms", "--speaker", spelling, "--corpus", briefings)
        assert set(terms["n_words"]) == {FAUCI_WORDS}

    def test_speaker_filter_keeps_other_people_out(self, capsys, briefings):
        out = table(capsys, "turns", "--speaker", "dr. birx", "--corpus", briefings)
        assert out["speaker"].tolist() == ["DR. BIRX", "DR. BIRX"]

    def test_unknown_speaker_names_people_once(self, capsys, briefings):
        with pytest.raises(SystemExit) as exit_:
            main(["turns", "--speaker", "DR. WHO", "--corpus", briefings, "--quiet"])
        assert exit_.value.code == 2
        named = capsys.readouterr().err.split("speakers with most turns: ")[1].strip().split(", ")
        assert named[0] == "DR. FAUCI" and sorted(named) == ["DR. BIRX", "DR. FAUCI", "Journalist"]

    def test_kwic_shows_turns_as_written(self, capsys, briefings):
        out = table(capsys, "kwic", "trials", "--corpus", briefings)
        assert out["speaker"].tolist() == ["DR. FAUCI", "MR. FAUCI"]


@pytest.mark.skipif(not WHITE_HOUSE.is_dir(), reason="../shared/corpora/generality is not beside the repository")
class TestWhiteHouseBriefings:
    @pytest.fixture(scope="class")
    def turns(self) -> pd.DataFrame:
        return load_corpus(WHITE_HOUSE).turns()

    def test_fauci_is_spelt_two_ways(self, turns):
        spellings = turns.loc[turns["speaker_key"] == "fauci", "speaker"].value_counts()
        assert {"DR. FAUCI", "MR. FAUCI"} <= set(spellings.index) and spellings.index[0] == "DR. FAUCI"

    def test_terms_by_speaker_one_group_per_key(self, capsys, turns):
        out = table(capsys, "terms", "--by", "speaker", "--corpus", str(WHITE_HOUSE))
        words = out.drop_duplicates("speaker").set_index("speaker")["n_words"]
        usual = one_spelling_per_speaker(turns)
        expected = turns.groupby(usual)["n_words"].sum()
        expected = expected[expected > 0]
        assert "MR. FAUCI" not in words.index
        assert words["DR. FAUCI"] == turns.loc[turns["speaker_key"] == "fauci", "n_words"].sum()
        assert words.sort_index().to_dict() == expected.sort_index().to_dict()
        keys = turns.assign(usual=usual).drop_duplicates("usual").set_index("usual")["speaker_key"]
        assert not keys[words.index].duplicated().any()  # one group per person

    def test_keyness_target_other_spelling(self, capsys, turns):
        out = table(capsys, "keyness", "--by", "speaker", "--target", "MR. FAUCI", "--corpus", str(WHITE_HOUSE))
        assert set(out["target"]) == {"DR. FAUCI"}
        assert set(out["words_target"]) == {turns.loc[turns["speaker_key"] == "fauci", "n_words"].sum()}
