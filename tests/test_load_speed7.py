"""Reading progress is shown while the files are parsed (a bar advanced as the workers' blocks
come in), a load runs with the cyclic garbage collector paused and gives it back as found, its
warnings still name the caller's line, and the corpus entry's paragraph columns, filled one
column at a time, are those of one row per paragraph."""

from __future__ import annotations

import gc
import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import _progress
from analysis import cache as cache_mod
from analysis import loader as loader_mod
from analysis.errors import InputWarning
from analysis.loader import load_corpus
from corpus_tables import quiet_load as _load, corpus_tables as _tables

ROOT = Path(__file__).resolve().parents[1]


def test_tally_counts_what_it_is_given(capsys):
    with _progress.tally(desc="reading", total=5, unit="file", enabled=False) as advance:
        advance(5)
    assert capsys.readouterr() == ("", "")
    with _progress.tally(desc="reading", total=5, unit="file") as advance:
        advance(2)
        advance(3)
    out, err = capsys.readouterr()
    assert out == "" and "reading" in err and "5/5" in err


@pytest.mark.parametrize("cache", [False, True])
def test_the_bar_advances_while_the_workers_parse(monkeypatch, tmp_path, capsys, cache):
    """Every text file of the bundled corpus is counted as its worker's block comes in, before
    the parsed outcomes are taken in file order; the bar ends at the number of files."""
    serial = _load(ROOT / "data", cache=False)
    n_files = len({p for t in serial.transcripts for p in t.pages})
    monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
    real = loader_mod._read_files
    during: list[int] = []
    parsed: list[int] = []

    def parallel_read(jobs, **kw):
        def done(n):
            during.append(n)
            kw["done"](n)
        got = real(jobs, n_jobs=2, done=done)
        parsed.append(sum(len(job[1]) for job in jobs))
        return got

    monkeypatch.setattr(loader_mod, "_read_files", parallel_read)
    capsys.readouterr()
    c = _load(ROOT / "data", cache=tmp_path / "c" if cache else False, progress=True)
    err = capsys.readouterr().err
    assert len(during) >= 2 and sum(during) == parsed[0] == n_files  # in several blocks, every file once
    assert "reading transcripts" in err and f"{n_files}/{n_files}" in err
    assert c.transcripts == serial.transcripts
    for name, table in _tables(serial).items():
        pd.testing.assert_frame_equal(_tables(c)[name], table, check_exact=True)
    if cache:  # a warm load: no file parsed, nothing to count
        capsys.readouterr()
        during.clear()
        warm = _load(ROOT / "data", cache=tmp_path / "c", progress=True)
        assert warm.transcripts == serial.transcripts and during == []


def test_read_block_reports_each_job():
    raw = b"ALICE: Hello there, everyone.\n\nBOB: Hi.\n"
    jobs = [(None, [(raw, Path(f"f{k}.txt"), "auto", None, None)] * k, None, None) for k in (1, 3, 2)]
    seen: list[int] = []
    got = loader_mod._read_block(jobs, build=False, done=seen.append)
    assert seen == [1, 3, 2] and len(got) == 6
    assert all(x[0][0] == "page" for x in got)


def test_the_collector_is_paused_during_a_load_and_given_back(monkeypatch, tmp_path):
    states: list[bool] = []
    real = loader_mod._read_files

    def spy(jobs, **kw):
        states.append(gc.isenabled())
        return real(jobs, **kw)

    monkeypatch.setattr(loader_mod, "_read_files", spy)
    (tmp_path / "a.txt").write_text("ALICE: Hello.\n\nBOB: Hi.\n", encoding="utf-8")
    assert gc.isenabled()
    _load(tmp_path / "a.txt", cache=False)
    assert states == [False] and gc.isenabled()
    gc.disable()
    try:
        _load(tmp_path / "a.txt", cache=False)
        assert states == [False, False] and not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
    monkeypatch.setattr(loader_mod, "_read_files", lambda jobs, **kw: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        _load(tmp_path / "a.txt", cache=False)
    assert gc.isenabled()  # given back when the load fails


def test_warnings_name_the_line_that_called_load_corpus(tmp_path):
    text = "ALICE: Hello there.\n\nBOB: Hi, Alice.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_corpus(tmp_path, cache=False, on_error="collect")
    kinds = {w.category for w in caught}
    assert InputWarning in kinds and UserWarning in kinds  # duplicates noted; the empty file skipped
    assert {Path(w.filename).name for w in caught} == {Path(__file__).name}


def _reference_paragraph_columns(transcripts) -> dict[str, list]:
    """The paragraph columns of a corpus entry, one paragraph's row at a time."""
    cols: dict[str, list] = {c: [] for c in cache_mod._CORPUS_COLUMNS["paragraphs"]}
    for t in transcripts:
        for u in t.turns:
            for p in u.paragraphs:
                same = p.speech == p.raw
                row = (p.raw, "" if same else p.speech, int(same),
                       json.dumps(list(p.directions), ensure_ascii=False) if p.directions else "", p.page,
                       p.start, p.end, p.line)
                for c, v in zip(cols, row):
                    cols[c].append(v)
    return cols


def test_paragraph_columns_are_those_of_one_row_per_paragraph(tmp_path):
    c = _load(ROOT / "data", cache=False)
    counts = c._word_counts[1]
    cols = cache_mod._corpus_tables(c.transcripts, [], counts)
    want = _reference_paragraph_columns(c.transcripts)
    assert list(cols["paragraphs"]) == list(want)
    assert cols["paragraphs"] == want
    assert sum(cols["paragraphs"]["speech_is_raw"]) > 0 and "" in cols["paragraphs"]["speech"]
    assert any(cols["paragraphs"]["directions"])  # the bundled corpus has stage directions
    # and the entry gives the transcripts back exactly
    assert cache_mod.write_corpus("k" * 40, c.transcripts, [], counts, cache=tmp_path) is True
    got = cache_mod.read_corpus("k" * 40, cache=tmp_path)
    assert got is not None and got[0] == list(c.transcripts) and got[2] == counts
