"""new_formulae lists a new formula in the wording the period gives it, not a fragment of it."""

import pandas as pd
import pytest

from analysis import phrases as ph
from analysis.corpus import load_corpus

OUTBREAK = pd.DataFrame({
    "transcript_id": list("abcdef"), "speaker": ["X"] * 6,
    "date": pd.to_datetime(["2019-01-05", "2020-02-01", "2020-03-02", "2020-04-01", "2020-05-01", "2020-06-01"]),
    "text": ["Nothing new.", "Since the outbreak of the epidemic, we act.",
             "Since the outbreak of the epidemic, China helps.", "Since the outbreak of the epidemic, they wait.",
             "Since the outbreak of the war.", "Win-win cooperation matters."]})


def test_fragment_listed_as_the_period_wording():
    new = ph.new_formulae(OUTBREAK, ["since the outbreak of the", "win-win cooperation"], start="2020-01-01")
    assert new[["formula", "n_transcripts_in_period", "n_transcripts"]].values.tolist() == [
        ["since the outbreak of the epidemic", 3, 3], ["win-win cooperation", 1, 1]]
    row = new.iloc[0]
    assert row["first_date"] == pd.Timestamp("2020-02-01") and row["last_date"] == pd.Timestamp("2020-04-01")
    assert row["first_text"] == "Since the outbreak of the epidemic"


def test_open_continuation_kept():
    """No longer wording holds more than half of the uses: the formula stays as given."""
    open_ = OUTBREAK.assign(text=["Nothing new.", "Since the outbreak of the epidemic, we act.",
                                  "Since the outbreak of the epidemic, China helps.", "Since the outbreak of the war.",
                                  "Since the outbreak of the war, we wait.", "Since the outbreak of the flu."])
    new = ph.new_formulae(open_, ["since the outbreak of the"], start="2020-01-01")
    assert new[["formula", "n_transcripts"]].values.tolist() == [["since the outbreak of the", 5]]


def test_two_folded_into_one_row_and_end_respected():
    new = ph.new_formulae(OUTBREAK, ["since the outbreak of the", "outbreak of the"],
                          start="2020-01-01", end="2020-12-31")
    assert new["formula"].tolist() == ["since the outbreak of the epidemic"]
    assert ph.new_formulae(OUTBREAK, ["since the outbreak of the"], start="2020-05-01").empty


@pytest.fixture(scope="module")
def bundled():
    turns = load_corpus("data").turns()
    official = turns[turns["role"] == "official"]
    words = official.groupby("speaker")["n_words"].sum()
    spokespersons = official[official["speaker"].isin(words[words >= 0.05 * words.sum()].index)]
    min_tx = max(2, round(0.03 * spokespersons["transcript_id"].nunique()))
    spoken = ph.formulae(spokespersons, min_transcripts=min_tx, min_length=3)
    briefings = turns[turns["kind"] == "regular_press_conference"]
    return briefings, spoken


def test_bundled_corpus_lists_no_fragment(bundled):
    briefings, spoken = bundled
    new = ph.new_formulae(briefings, spoken, start="2020-01-01")
    listed = new["formula"].tolist()
    assert "since the outbreak of the" not in listed and "in an open transparent and responsible" not in listed
    assert "since the outbreak of the epidemic" in listed
    assert "in an open transparent and responsible manner" in listed
    # the formulae that were whole are listed as before, with the same numbers
    kept = new[new["formula"].isin(["epidemic prevention and control", "regional and global public health security",
                                    "prevention and control measures"])]
    assert kept[["formula", "n_transcripts_in_period", "n_transcripts"]].values.tolist() == [
        ["epidemic prevention and control", 16, 16], ["regional and global public health security", 14, 14],
        ["prevention and control measures", 11, 11]]
    # every listed formula is first used in the period
    assert (new["first_date"] >= pd.Timestamp("2020-01-01")).all()


def test_an_article_added_is_the_same_formula():
    turns = OUTBREAK.assign(text=["Nothing new.", "The novel coronavirus spreads.", "We fight the novel coronavirus.",
                                  "The novel coronavirus again.", "A novel coronavirus case.", "Quiet."])
    new = ph.new_formulae(turns, ["novel coronavirus"], start="2020-01-01")
    assert new[["formula", "n_transcripts"]].values.tolist() == [["novel coronavirus", 4]]
