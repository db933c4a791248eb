"""Tables by speaker on the command line say which rows are not one person: ``speaker_kind``
("person", "pooled", "outlet"; :func:`analysis.overview.speaker_kinds`) next to the speaker, or
``target_kind`` / ``reference_kind`` for keyness by speaker. Tables not by speaker are as the
library makes them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import build_parser, main
from analysis.corpus import load_corpus
from analysis.phrases import formulae
from analysis.rhetoric import rhetoric_profile, rhetoric_scores
from analysis.terms import keyness, term_frequencies

REPO = Path(__file__).resolve().parent.parent
MINI = str(REPO / "tests" / "data" / "mini")
#: The mini folder's speakers: Journalist and MODERATOR pool many speakers under a role label;
#: the two reporters are named with their outlet.
KINDS = {"Geng Shuang": "person", "SPOKESPERSON LI": "person", "Journalist": "pooled", "MODERATOR": "pooled",
         "Jane Doe (Reuters)": "outlet", "John Roe (Xinhua)": "outlet"}


@pytest.fixture(autouse=True)
def width(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="module")
def turns() -> pd.DataFrame:
    return load_corpus(MINI).turns()


def table(capsys, tmp_path: Path, *argv: str) -> pd.DataFrame:
    out = tmp_path / "table.csv"
    assert main([*argv, "--corpus", MINI, "--output", str(out)]) == 0
    capsys.readouterr()
    return pd.read_csv(out, keep_default_na=False)


def terminal(capsys, *argv: str) -> list[str]:
    assert main([*argv, "--corpus", MINI]) == 0
    return capsys.readouterr().out.splitlines()


def library(frame: pd.DataFrame) -> pd.DataFrame:
    """A library table as it reads back from CSV."""
    return pd.read_csv(pd.io.common.StringIO(frame.to_csv(index=False)), keep_default_na=False)


@pytest.mark.parametrize("argv, call", [
    (["terms", "--by", "speaker"], lambda t: term_frequencies(t, by="speaker")),
    (["terms", "--by", "speaker", "--by", "year"], None),
    (["rhetoric", "--by", "speaker", "--min-words", "0"], lambda t: rhetoric_profile(t, by="speaker")),
    (["rhetoric", "--by", "speaker", "--measure", "mattr", "ttr", "--min-words", "0"],
     lambda t: rhetoric_scores(t, by="speaker", measures=["mattr", "ttr"])),
])
def test_kind_follows_the_speaker(capsys, tmp_path: Path, turns, argv, call) -> None:
    got = table(capsys, tmp_path, *argv)
    cols = got.columns.tolist()
    assert cols[cols.index("speaker") + 1] == "speaker_kind"
    assert dict(zip(got["speaker"], got["speaker_kind"])) == KINDS
    if call is not None:  # every other column and row as the library's
        expected = library(call(turns))
        pd.testing.assert_frame_equal(got.drop(columns="speaker_kind"), expected, check_exact=True)


@pytest.mark.parametrize("argv", [["terms", "--by", "role"], ["terms"], ["rhetoric", "--by", "role"],
                                  ["turns"], ["kwic", "oppose"]])
def test_no_kind_when_not_by_speaker(capsys, tmp_path: Path, argv) -> None:
    assert not [c for c in table(capsys, tmp_path, *argv).columns if c.endswith("_kind")]


def test_formulae_mark_their_top_speaker(capsys, tmp_path: Path, turns) -> None:
    """A formula whose top speaker is a pooled label says so: that "speaker" is many people."""
    got = table(capsys, tmp_path, "phrases", "--formulae")
    cols = got.columns.tolist()
    assert cols[cols.index("top_speaker") + 1] == "top_speaker_kind"
    assert (got["top_speaker"].map(KINDS) == got["top_speaker_kind"]).all()
    expected = formulae(turns)
    assert got.drop(columns="top_speaker_kind").columns.tolist() == expected.columns.tolist()
    assert got["formula"].tolist() == expected["formula"].tolist() and len(got) > 0


def test_keyness_by_speaker_marks_target_and_reference(capsys, tmp_path: Path, turns) -> None:
    got = table(capsys, tmp_path, "keyness", "--by", "speaker", "--compare", "pairs", "--min-count", "2")
    cols = got.columns.tolist()
    assert cols[cols.index("target") + 1] == "target_kind" and cols[cols.index("reference") + 1] == "reference_kind"
    assert (got["target"].map(KINDS) == got["target_kind"]).all()
    assert (got["reference"].map(KINDS) == got["reference_kind"]).all()
    expected = library(keyness(turns, by="speaker", compare="pairs", min_count=2))
    pd.testing.assert_frame_equal(got.drop(columns=["target_kind", "reference_kind"]), expected, check_exact=True)


def test_keyness_against_the_rest(capsys, tmp_path: Path) -> None:
    got = table(capsys, tmp_path, "keyness", "--by", "speaker", "--compare", "rest", "--min-count", "2")
    assert "reference_kind" not in got.columns  # the rest is not a speaker
    assert dict(zip(got["target"], got["target_kind"])) == {s: KINDS[s] for s in set(got["target"])}
    two = table(capsys, tmp_path, "keyness", "--by", "speaker", "--target", "geng shuang",
                "--target", "Journalist", "--min-count", "2")
    assert set(two["target_kind"]) == {"person + pooled"}  # one group of two speakers


@pytest.mark.parametrize("argv", [["terms", "--by", "speaker_key"], ["rhetoric", "--by", "speaker_key"],
                                  ["overview", "--by", "speaker_key"]])
def test_a_key_is_of_the_kind_of_its_usual_spelling(capsys, tmp_path: Path, turns, argv) -> None:
    got = table(capsys, tmp_path, *argv)
    cols = got.columns.tolist()
    assert cols[cols.index("speaker_key") + 1] == "speaker_kind"
    keys = dict(zip(turns["speaker_key"], turns["speaker"]))  # one spelling per key in the mini folder
    assert dict(zip(got["speaker_key"], got["speaker_kind"])) == {k: KINDS[s] for k, s in keys.items()}


def test_keyness_by_speaker_key(capsys, tmp_path: Path, turns) -> None:
    got = table(capsys, tmp_path, "keyness", "--by", "speaker_key", "--target", "journalist", "--min-count", "2")
    assert set(got["target_kind"]) == {"pooled"} and "reference_kind" not in got.columns


def test_keyness_by_role_unmarked(capsys, tmp_path: Path) -> None:
    got = table(capsys, tmp_path, "keyness", "--target", "official")
    assert not [c for c in got.columns if c.endswith("_kind")]


def test_terminal_shows_the_kind(capsys) -> None:
    lines = terminal(capsys, "terms", "--by", "speaker", "--top", "1")
    assert lines[0].split()[:2] == ["speaker", "speaker_kind"]
    rows = {line.split("  ")[0].strip(): line for line in lines[1:] if not line.startswith("Shown")}
    assert rows["Journalist"].split()[1] == "pooled"
    assert rows["Geng Shuang"].split()[2] == "person"


def test_terminal_one_speaker_says_its_kind_once(capsys) -> None:
    lines = terminal(capsys, "terms", "--by", "speaker", "--speaker", "journalist", "--top", "2")
    assert lines[:2] == ["speaker: Journalist, speaker_kind: pooled", "n_words: 433"]


def test_rhetoric_columns_per_speaker_have_a_kind_row(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    lines = terminal(capsys, "rhetoric", "--by", "speaker", "--min-words", "0")
    header = next(line for line in lines if line.startswith("family"))
    kind = next(line for line in lines if line.split()[:1] == ["speaker_kind"])
    names = [n for n in header.split("  ") if n.strip()][2:]
    assert len(names) == len(KINDS)
    assert kind.split()[1:] == [KINDS[n.strip()] for n in names]


def test_help_says_so() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in ("terms", "rhetoric", "overview"):
        assert "with a speaker_kind column (person; pooled" in " ".join(commands[name].format_help().split()), name
    assert "with target_kind and reference_kind columns" in " ".join(commands["keyness"].format_help().split())
