"""Load notes of two quiet cases: a ``metadata.csv`` cell left empty gives no value (the
sidecar's or the file name's date, title... stay), and a file of a folder of labelled
transcripts that has no speaker labels at all (a ``notes.txt``) is read as one unattributed
turn with a ``no_speakers`` note (and warning) saying so, never silently."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis.cache as cache_mod
from analysis.errors import InputWarning
from analysis.loader import load_corpus

PATTERN = "{country}_{session}_{year}"
DIALOGUE = ("MR. SMITH: Good morning, and thank you all for coming today.\n\n"
            "MS. JONES: Thank you. Our first question is about the budget.\n\n"
            "MR. SMITH: The budget will be published next week.\n")
NOTES = "Some notes about this folder.\nRemember to check the dates.\n"
SPEECH = "We meet again in this hall.\n\nOur country asks for peace and for development.\n"


@pytest.fixture(autouse=True)
def no_cache_env(monkeypatch):
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _load(path, **options) -> tuple:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **{"cache": False, **options})
    return corpus, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


def _kinds(corpus, kind: str) -> pd.DataFrame:
    notes = corpus.notes()
    return notes[notes["kind"] == kind].reset_index(drop=True)


# --------------------------------------------------------------------------- empty metadata cells
class TestEmptyMetadataCell:
    def test_an_empty_date_cell_leaves_the_sidecar_date(self, tmp_path: Path) -> None:
        _write(tmp_path, "a.txt", DIALOGUE)
        _write(tmp_path, "a.json", json.dumps({"date": "2001-05-06"}))
        _write(tmp_path, "metadata.csv", "file,title,date\na.txt,Morning briefing,\n")
        corpus, _ = _load(tmp_path)
        (t,) = corpus.transcripts
        assert t.date == dt.date(2001, 5, 6)
        assert t.title == "Morning briefing"  # the cell that is filled still wins
        assert _kinds(corpus, "metadata").empty

    def test_an_empty_date_cell_leaves_the_sidecar_date_over_the_file_name(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "FRA_40_1985.json", json.dumps({"date": "1985-09-23"}))
        _write(tmp_path, "metadata.csv", "file,date,region\nFRA_40_1985.txt,,Europe\n")
        corpus, _ = _load(tmp_path, name_pattern=PATTERN)
        (t,) = corpus.transcripts
        assert t.date == dt.date(1985, 9, 23)  # not 1985-01-01 from the name's year
        assert t.extra["region"] == "Europe" and t.extra["country"] == "FRA"
        assert _kinds(corpus, "name_date").empty

    def test_an_empty_date_cell_leaves_the_file_name_date(self, tmp_path: Path) -> None:
        _write(tmp_path, "FRA_40_1985.txt", SPEECH)
        _write(tmp_path, "metadata.csv", "file,date,title\nFRA_40_1985.txt,,Statement\n")
        corpus, _ = _load(tmp_path, name_pattern=PATTERN)
        (t,) = corpus.transcripts
        assert (t.date, t.title) == (dt.date(1985, 1, 1), "Statement")

    def test_an_empty_title_cell_leaves_the_sidecar_title(self, tmp_path: Path) -> None:
        _write(tmp_path, "a.txt", DIALOGUE)
        _write(tmp_path, "a.json", json.dumps({"title": "From the sidecar", "date": "2001-05-06"}))
        _write(tmp_path, "metadata.csv", "file,title,date\na.txt,,2002-01-02\n")
        corpus, _ = _load(tmp_path)
        (t,) = corpus.transcripts
        assert (t.title, t.date) == ("From the sidecar", dt.date(2002, 1, 2))  # a given date still wins

    def test_a_missing_value_in_a_metadata_frame_leaves_the_sidecar_date(self, tmp_path: Path) -> None:
        _write(tmp_path, "a.txt", DIALOGUE)
        _write(tmp_path, "a.json", json.dumps({"date": "2001-05-06"}))
        frame = pd.DataFrame({"file": [str(tmp_path / "a.txt")], "date": [None], "topic": ["budget"]})
        corpus, _ = _load(tmp_path, metadata=frame)
        (t,) = corpus.transcripts
        assert t.date == dt.date(2001, 5, 6) and t.extra["topic"] == "budget"


# --------------------------------------------------------------------------- files without speakers
class TestFileWithoutSpeakers:
    def test_a_notes_file_among_transcripts_is_noted_and_kept(self, tmp_path: Path) -> None:
        _write(tmp_path, "briefing.txt", DIALOGUE)
        notes_file = _write(tmp_path, "notes.txt", NOTES)
        corpus, caught = _load(tmp_path)
        noted = _kinds(corpus, "no_speakers")
        assert noted["path"].tolist() == [str(notes_file)]
        assert noted["transcript_id"].tolist() == ["notes"]
        message = noted["message"].iloc[0]
        assert "no speaker labels" in message and "one turn" in message and "'Unknown speaker'" in message
        # read, not dropped: all of its words are one turn of the unknown speaker
        turns = corpus.turns()
        mine = turns[turns["transcript_id"] == "notes"]
        assert mine["speaker"].tolist() == ["Unknown speaker"]
        assert mine["text"].iloc[0].split() == NOTES.split()
        # said at load time (the command line prints these warnings)
        assert any("no_speakers" in w and "notes.txt" in w for w in caught)
        # the labelled transcript gets no such note
        assert set(_kinds(corpus, "no_speakers")["transcript_id"]) == {"notes"}

    def test_a_folder_of_speeches_gets_no_note(self, tmp_path: Path) -> None:
        _write(tmp_path, "one.txt", SPEECH)
        _write(tmp_path, "two.txt", NOTES)
        corpus, caught = _load(tmp_path)
        assert len(corpus.transcripts) == 2
        assert _kinds(corpus, "no_speakers").empty
        assert not any("no_speakers" in w for w in caught)

    def test_a_file_given_by_name_gets_no_note(self, tmp_path: Path) -> None:
        a = _write(tmp_path, "briefing.txt", DIALOGUE)
        b = _write(tmp_path, "notes.txt", NOTES)
        corpus, _ = _load([a, b])
        assert _kinds(corpus, "no_speakers").empty

    def test_a_speaker_named_by_the_file_name_is_not_unattributed(self, tmp_path: Path) -> None:
        _write(tmp_path, "briefing.txt", DIALOGUE)
        _write(tmp_path, "Obama_speech.txt", SPEECH)
        corpus, _ = _load(tmp_path, name_pattern="{speaker}_{kind}")
        assert _kinds(corpus, "no_speakers").empty

    def test_the_note_comes_back_from_the_cache(self, tmp_path: Path) -> None:
        folder = tmp_path / "corpus"
        _write(folder, "briefing.txt", DIALOGUE)
        _write(folder, "notes.txt", NOTES)
        cold, cold_caught = _load(folder, cache=tmp_path / "cache")
        warm, warm_caught = _load(folder, cache=tmp_path / "cache")
        assert len(_kinds(cold, "no_speakers")) == 1
        pd.testing.assert_frame_equal(cold.notes(), warm.notes(), check_exact=True)
        assert cold_caught == warm_caught


# ------------------------------------------------------------------- a file-name field that may name the speaker
class TestSpeakerFieldHint:
    """Speeches with no labels under a name pattern whose text field differs between files:
    one folder-level ``no_speakers`` note says that ``{speaker}`` would read that field as the
    speaker (the UN General Debate's ``{country}``)."""

    def _speeches(self, folder: Path) -> None:
        for name in ("FRA_40_1985", "GHA_40_1985", "FRA_41_1986"):
            _write(folder, f"{name}.txt", SPEECH.replace("peace", f"peace ({name})"))

    def test_the_text_field_is_named(self, tmp_path: Path) -> None:
        self._speeches(tmp_path)
        corpus, caught = _load(tmp_path, name_pattern=PATTERN)
        noted = _kinds(corpus, "no_speakers")
        assert noted["transcript_id"].tolist() == [""]  # about the folder, not a file
        assert noted["message"].tolist() == [
            "no file has speaker labels: every turn is the 'Unknown speaker'; if the file name's {country} names "
            "who speaks, write it as {speaker} in the name pattern ('{speaker}_{session}_{year}') to read it as "
            "each text's speaker"]
        assert any("no_speakers" in w and "{speaker}_{session}_{year}" in w for w in caught)
        assert set(corpus.turns()["speaker"]) == {"Unknown speaker"}  # nothing is changed by the note

    def test_none_with_speaker_labels_a_speaker_field_or_one_value(self, tmp_path: Path) -> None:
        self._speeches(tmp_path / "a")
        corpus, _ = _load(tmp_path / "a", name_pattern="{speaker}_{session}_{year}")
        assert _kinds(corpus, "no_speakers").empty and corpus.turns()["speaker"].nunique() == 2
        for name in ("FRA_40_1985", "FRA_41_1986"):  # one country: nothing tells speakers apart
            _write(tmp_path / "b", f"{name}.txt", SPEECH.replace("peace", f"peace ({name})"))
        assert _kinds(_load(tmp_path / "b", name_pattern=PATTERN)[0], "no_speakers").empty
        _write(tmp_path / "c", "FRA_40_1985.txt", DIALOGUE)  # labelled
        _write(tmp_path / "c", "GHA_40_1985.txt", DIALOGUE.replace("budget", "harvest"))
        assert _kinds(_load(tmp_path / "c", name_pattern=PATTERN)[0], "no_speakers").empty


class TestNamePatternHint:
    """Undated transcripts whose file names share a layout with a year in it get one
    ``name_pattern`` note giving the pattern that would date them."""

    def test_the_pattern_is_given(self, tmp_path: Path) -> None:
        for name in ("FRA_40_1985", "GHA_40_1985", "FRA_41_1986"):
            _write(tmp_path, f"{name}.txt", SPEECH.replace("peace", f"peace ({name})"))
        corpus, caught = _load(tmp_path)
        noted = _kinds(corpus, "name_pattern")
        assert noted["transcript_id"].tolist() == [""]
        message = noted["message"].iloc[0]
        assert message.startswith("3 of 3 transcripts have no date, and their file names look alike ('")
        assert "name_pattern='{field1}_{field2}_{year}'" in message
        assert any("name_pattern='{field1}_{field2}_{year}'" in w for w in caught)
        # and following it dates them
        dated, _ = _load(tmp_path, name_pattern="{country}_{session}_{year}")
        assert _kinds(dated, "name_pattern").empty and all(t.date is not None for t in dated.transcripts)

    def test_none_without_a_year_or_when_dated(self, tmp_path: Path) -> None:
        for name in ("ac-1", "ah-3", "cs-1"):  # no year in the names
            _write(tmp_path / "a", f"{name}.txt", SPEECH.replace("peace", f"peace ({name})"))
        assert _kinds(_load(tmp_path / "a")[0], "name_pattern").empty
        for name in ("FRA_40_1985", "GHA_40_1985"):  # dated by their text
            _write(tmp_path / "b", f"{name}.txt", "March 3, 1985\n\n" + SPEECH.replace("peace", f"peace ({name})"))
        corpus = _load(tmp_path / "b")[0]
        assert all(t.date is not None for t in corpus.transcripts) and _kinds(corpus, "name_pattern").empty
