"""Which date a transcript gets when its file name, its text, a sidecar and ``metadata.csv`` say different things.

A full date given in ``metadata.csv`` (or a sidecar file) beats a year read from the file name
by ``name_pattern``: when the two disagree the metadata date is kept and a ``metadata`` note
names the file and both values; a year from the name still dates a transcript that has no
other date, and still wins over a date the text merely speaks of.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import InputWarning
from analysis.loader import load_corpus

PATTERN = "{country}_{session}_{year}"
SPEECH = "We meet again in this hall.\n\nOur country asks for peace and for development.\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(folder: Path, **options) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(folder, name_pattern=PATTERN, cache=False, **options)
    dates = {t.id: t.date for t in corpus.transcripts}
    return corpus, dates, [w for w in caught if issubclass(w.category, InputWarning)]


def _notes(corpus, transcript_id: str) -> pd.DataFrame:
    notes = corpus.notes()
    return notes[notes["transcript_id"] == transcript_id]


class TestMetadataDateAgainstTheFileName:
    def test_a_metadata_date_in_another_year_is_kept_with_a_note(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "file,date\nFRA_40_1985.txt,1986-09-23\n")
        corpus, dates, caught = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1986, 9, 23)}
        notes = _notes(corpus, "FRA_40_1985")
        assert notes["kind"].tolist() == ["metadata"]
        message = notes["message"].iloc[0]
        assert notes["path"].iloc[0] == str(tmp_path / "FRA_40_1985.txt")
        assert "1985" in message and "1986-09-23" in message and "metadata.csv, line 2" in message
        assert "the metadata date is used" in message
        # said at load time too, like every other metadata conflict
        assert any("FRA_40_1985.txt" in str(w.message) and "'metadata'" in str(w.message) for w in caught)
        # the name's other variables are still read
        turns = corpus.turns()
        assert turns[["country", "session", "year"]].values.tolist() == [["FRA", 40, 1985]]  # numbers: integers
        assert turns["date"].tolist() == [pd.Timestamp("1986-09-23")]

    def test_a_metadata_date_in_the_named_year_is_kept_without_a_note(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "file,date\nFRA_40_1985.txt,1985-09-23\n")
        corpus, dates, caught = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1985, 9, 23)}
        assert _notes(corpus, "FRA_40_1985")["kind"].tolist() == []
        assert caught == []

    def test_a_full_date_in_the_name_that_differs_from_the_metadata_loses_with_a_note(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_1985-10-02.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "file,date\nFRA_1985-10-02.txt,1985-10-03\n")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(tmp_path, name_pattern="{country}_{date}", cache=False)
        assert corpus.transcripts[0].date == dt.date(1985, 10, 3)
        message, = _notes(corpus, "FRA_1985-10-02").query("kind == 'metadata'")["message"]
        assert "1985-10-02" in message and "1985-10-03" in message

    def test_a_row_by_transcript_id_wins_too(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "transcript_id,date\nFRA_40_1985,1984-12-31\n")
        corpus, dates, _ = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1984, 12, 31)}
        assert _notes(corpus, "FRA_40_1985")["kind"].tolist() == ["metadata"]

    def test_a_metadata_row_without_a_date_leaves_the_name_year(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "file,title\nFRA_40_1985.txt,General debate\n")
        corpus, dates, _ = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1985, 1, 1)}
        notes = _notes(corpus, "FRA_40_1985")
        assert notes["kind"].tolist() == ["name_date"]
        assert notes["message"].iloc[0] == "dated 1985-01-01 from its file name"

    def test_metadata_false_leaves_the_name_year(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "file,date\nFRA_40_1985.txt,1986-09-23\n")
        _, dates, _ = _load(tmp_path, metadata=False)
        assert dates == {"FRA_40_1985": dt.date(1985, 1, 1)}

    def test_every_file_gets_its_own_outcome(self, tmp_path: Path) -> None:
        for name in ("FRA_40_1985", "GHA_40_1985", "QAT_40_1985", "USA_40_1985"):
            _write(tmp_path, f"{name}.txt", SPEECH.replace("peace", f"peace ({name})"))
        _write(tmp_path, "metadata.csv", "file,date\nFRA_40_1985.txt,1986-09-23\nGHA_40_1985.txt,1985-09-24\n")
        # the text of QAT speaks of a date in another year: the name's year wins over the text, as before
        _write(tmp_path, "QAT_40_1985.txt", "On 21 September 1981, we became independent.\n\n" + SPEECH)
        corpus, dates, _ = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1986, 9, 23), "GHA_40_1985": dt.date(1985, 9, 24),
                         "QAT_40_1985": dt.date(1985, 1, 1), "USA_40_1985": dt.date(1985, 1, 1)}
        kinds = corpus.notes().groupby("transcript_id")["kind"].apply(sorted).to_dict()
        # and one note about the folder: {country} may name the speakers of these unlabelled speeches
        assert kinds == {"FRA_40_1985": ["metadata"], "QAT_40_1985": ["name_date"], "USA_40_1985": ["name_date"],
                         "": ["no_speakers"]}


class TestSidecarDateAgainstTheFileName:
    def test_a_sidecar_date_beats_the_name_year(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "FRA_40_1985.json", json.dumps({"date": "1986-09-23"}))
        corpus, dates, _ = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1986, 9, 23)}
        message, = _notes(corpus, "FRA_40_1985")["message"]
        assert str(tmp_path / "FRA_40_1985.json") in message and "1985" in message and "1986-09-23" in message


class TestTablesAgainstTheFileName:
    def test_a_metadata_date_of_a_table_beats_the_name_year(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.csv", "speaker,text\nA,We meet again.\nB,We ask for peace.\n")
        _write(tmp_path, "metadata.csv", "file,date\nFRA_40_1985.csv,1986-09-23\n")
        corpus, dates, _ = _load(tmp_path)
        assert dates == {"FRA_40_1985": dt.date(1986, 9, 23)}
        assert _notes(corpus, "FRA_40_1985")["kind"].tolist() == ["metadata"]


@pytest.mark.parametrize("cache", [False, True])
def test_the_outcome_is_the_same_from_the_cache(tmp_path: Path, cache: bool) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _write(folder, "FRA_40_1985.txt", SPEECH)
    _write(folder, "metadata.csv", "file,date\nFRA_40_1985.txt,1986-09-23\n")
    store = tmp_path / "cache" if cache else False
    runs = []
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(folder, name_pattern=PATTERN, cache=store)
        runs.append((corpus.turns(), corpus.notes()))
    for turns, notes in runs:
        assert turns["date"].tolist() == [pd.Timestamp("1986-09-23")]
        assert notes["kind"].tolist() == ["metadata"]
    pd.testing.assert_frame_equal(runs[0][0], runs[1][0], check_exact=True)
    pd.testing.assert_frame_equal(runs[0][1], runs[1][1], check_exact=True)


@pytest.mark.parametrize(("pattern", "given", "note"), [
    ("{country}_{year}_{month}", "1985-10-23", None),  # the named month: no conflict
    ("{country}_{year}_{month}", "1985-11-23", "1985-10"),
    ("{country}_{year}_{month}_{day}", "1985-10-02", None),
    ("{country}_{year}_{month}_{day}", "1985-10-03", "1985-10-02"),
])
def test_a_name_is_compared_as_precisely_as_it_is_written(tmp_path: Path, pattern: str, given: str,
                                                          note: str | None) -> None:
    name = "FRA_1985_10_02" if "{day}" in pattern else "FRA_1985_10"
    _write(tmp_path, f"{name}.txt", SPEECH)
    _write(tmp_path, "metadata.csv", f"file,date\n{name}.txt,{given}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(tmp_path, name_pattern=pattern, cache=False)
    assert corpus.transcripts[0].date == dt.date.fromisoformat(given)
    messages = _notes(corpus, name)["message"].tolist()
    if note is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"its file name says {note} " in messages[0] and given in messages[0]
