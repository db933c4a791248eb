"""A paragraph's compact pickled form (its speech sent once when it is its raw text) and the
corpus entry's JSON of transcript variables written directly for strings and integers."""

from __future__ import annotations

import copy
import copyreg
import enum
import io
import json
import pickle
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import cache as cache_mod
from analysis import loader as loader_mod
from analysis.loader import load_corpus
from analysis.model import Paragraph, Transcript, Turn

ROOT = Path(__file__).resolve().parents[1]


def _load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kw)


def _paragraphs() -> list[Paragraph]:
    marker = "zqxj" * 5
    raw = f"MR. LEE: {marker} said it."
    return [
        Paragraph(f"{marker} plain", "".join([marker, " plain"]), (), 0, 0, 25, 1),  # equal, another object
        Paragraph(raw, f"{marker} said it.", (), 0, 26, 26 + len(raw), 3),  # speech differs from raw
        Paragraph("(Laughter.)", "", ("Laughter.",), 1, 5, 16, 7),
        Paragraph("same", "same", (), 2, 0, 4, 1),
    ]


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_pickled_paragraph_comes_back_equal_with_one_string_for_equal_speech(protocol):
    ps = _paragraphs()
    got = pickle.loads(pickle.dumps(ps, protocol=protocol))
    assert got == ps
    assert [vars(g) for g in got] == [vars(p) for p in ps]  # every field, with its type
    assert [type(g) for g in got] == [Paragraph] * 4
    assert got[0].speech is got[0].raw and got[3].speech is got[3].raw
    assert got[1].speech is not got[1].raw and got[1].speech == ps[1].speech
    assert got[2].speech == "" and got[2].directions == ("Laughter.",)
    with pytest.raises(AttributeError):  # still frozen
        got[0].raw = "x"
    assert hash(got[0]) == hash(ps[0])


def test_speech_equal_to_raw_is_written_once():
    marker = "zqxj" * 5
    equal = Paragraph(f"{marker} plain", "".join([marker, " plain"]), (), 0, 0, 25, 1)
    other = Paragraph(f"{marker} plain", f"{marker} said", (), 0, 0, 25, 1)
    assert pickle.dumps(equal).count(marker.encode()) == 1
    assert pickle.dumps(other).count(marker.encode()) == 2


def test_a_paragraph_pickled_in_the_former_form_is_read_back():
    """A pickle of the dataclass's default form (its fields as a state dict) still loads."""
    ps = _paragraphs()

    class Former(pickle.Pickler):
        def reducer_override(self, obj):
            if type(obj) is Paragraph:
                return copyreg.__newobj__, (Paragraph,), dict(vars(obj))
            return NotImplemented

    buf = io.BytesIO()
    Former(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(ps)
    assert b"_paragraph" not in buf.getvalue()
    got = pickle.loads(buf.getvalue())
    assert got == ps and [vars(g) for g in got] == [vars(p) for p in ps]


def test_copies_and_transcripts_of_paragraphs_compare_equal():
    ps = tuple(_paragraphs())
    turn = Turn("t", 0, "Lee", "lee", "official", "MR. LEE", None, ps, None, "speaks")
    t = Transcript("t", "A title", None, "", "", "briefing", ("a.txt",), (turn,), extra={"year": 2001})
    for got in (pickle.loads(pickle.dumps(t)), copy.deepcopy(t)):
        assert got == t and got.turns[0].paragraphs == ps and got.turns[0].text == turn.text
        assert got.extra == {"year": 2001}
    assert copy.copy(ps[1]) == ps[1]


def test_paragraphs_parsed_by_workers_equal_those_parsed_here(monkeypatch):
    """Forked workers send their parsed transcripts back pickled: the same transcripts and
    tables as a load in this process, and a speech equal to its raw text is that text."""
    serial = _load(ROOT / "data", cache=False)
    monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
    real = loader_mod._read_files
    calls = []

    def on_workers(jobs, **kw):
        calls.append(len(jobs))
        return real(jobs, n_jobs=2, **kw)

    monkeypatch.setattr(loader_mod, "_read_files", on_workers)
    par = _load(ROOT / "data", cache=False)
    assert calls and calls[0] >= 2
    assert par.transcripts == serial.transcripts
    for name in ("turns", "paragraphs", "boilerplate", "notes", "speakers", "summary"):
        pd.testing.assert_frame_equal(getattr(par, name)(), getattr(serial, name)(), check_exact=True)
    ps = [p for t in par.transcripts for u in t.turns for p in u.paragraphs]
    equal = [p for p in ps if p.speech == p.raw]
    assert equal and all(p.speech is p.raw for p in equal)


class _Level(enum.IntEnum):
    ONE = 1


@pytest.mark.parametrize("value", [
    {"country": "AFG", "session": 45, "year": 1990},
    {"big": -10 ** 30, "zero": 0, "text": "ünïcode"},
    {},
])
def test_variables_of_strings_and_integers_are_given_back_with_their_types(value):
    text = cache_mod._json_exact(value)
    back = json.loads(text)
    assert back == value and [type(v) for v in back.values()] == [type(v) for v in value.values()]
    assert text == json.dumps(value, ensure_ascii=False)


@pytest.mark.parametrize("value", [{"flag": True}, {"x": 1.5}, {"xs": [1, "a"]}, {"n": None}])
def test_other_json_values_are_checked_as_before(value):
    text = cache_mod._json_exact(value)
    assert json.loads(text) == value and type(json.loads(text)) is dict
    assert type(json.loads(text)[next(iter(value))]) is type(next(iter(value.values())))


@pytest.mark.parametrize("value", [{"t": (1, 2)}, {1: "a"}, {"d": float("nan")}])
def test_values_json_does_not_give_back_are_refused(value):
    with pytest.raises(ValueError):
        cache_mod._json_exact(value)


def test_an_integer_subclass_is_not_taken_for_an_integer(monkeypatch):
    """Only exact ``int`` and ``str`` values skip the round-trip check."""
    seen = []
    real = json.loads

    def counting(text, *a, **kw):
        seen.append(text)
        return real(text, *a, **kw)

    monkeypatch.setattr(cache_mod.json, "loads", counting)
    cache_mod._json_exact({"level": _Level.ONE})
    assert seen  # read back to be checked
    seen.clear()
    cache_mod._json_exact({"level": 1, "name": "x"})
    assert seen == []


def test_a_corpus_with_integer_variables_round_trips_through_its_entry(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    for name, text in [("AFG_45_1990.txt", "We stand for peace.\n\nAnd for progress."),
                       ("BDI_46_1991.txt", "Development first.\n")]:
        (folder / name).write_text(text, encoding="utf-8")
    pattern = "{country}_{session}_{year}"
    plain = _load(folder, name_pattern=pattern, cache=False)
    assert [t.extra["year"] for t in plain.transcripts] == [1990, 1991]
    cold = _load(folder, name_pattern=pattern, cache=tmp_path / "c")
    warm = _load(folder, name_pattern=pattern, cache=tmp_path / "c")
    assert len(cache_mod.cache_entries(tmp_path / "c", kind="loads")) == 5
    for c in (cold, warm):
        assert c.transcripts == plain.transcripts
        assert [t.extra for t in c.transcripts] == [t.extra for t in plain.transcripts]
        assert [type(t.extra["session"]) for t in c.transcripts] == [int, int]
        pd.testing.assert_frame_equal(c.turns(), plain.turns(), check_exact=True)
        pd.testing.assert_frame_equal(c.summary(), plain.summary(), check_exact=True)
