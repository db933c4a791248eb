"""Automatic progress (``progress=None``, the default of the public functions): shown when
someone watches (a terminal, a Jupyter kernel; ``ANALYSIS_PROGRESS`` overrides) and only for
work that lasts longer than ``AUTO_DELAY``; never within ``owned()`` (a command, the figures),
never in the outputs of executed notebooks."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import analysis._progress as progress_mod
from analysis import cli, load_corpus
from analysis._progress import PROGRESS_ENV, bar, label, owned, resolve, step, tally
from analysis.notebook_runner import execute_notebook
from analysis.phrases import collocations
from analysis.topics import fit_topics

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"


@pytest.fixture()
def watched(monkeypatch):
    """A session someone watches (as a terminal would be), automatic progress shown at once."""
    monkeypatch.setenv(PROGRESS_ENV, "1")
    monkeypatch.setattr(progress_mod, "AUTO_DELAY", 0.0)


@pytest.mark.parametrize("told, shown", [("0", False), ("off", False), ("1", True), ("yes", True)])
def test_the_environment_decides_whether_automatic_progress_is_shown(monkeypatch, told, shown):
    monkeypatch.setenv(PROGRESS_ENV, told)
    assert resolve(None, caller="f") == (progress_mod.AUTO_DELAY if shown else False)


def test_captured_stderr_is_not_watched(monkeypatch):
    monkeypatch.delenv(PROGRESS_ENV, raising=False)  # pytest captures standard error: not a terminal
    assert resolve(None, caller="f") is False
    assert resolve(True, caller="f") is True and resolve(3, caller="f") == 3.0


@pytest.mark.parametrize("bad", ["yes", -1, float("nan"), [True]])
def test_a_bad_setting_names_the_function(bad):
    with pytest.raises(TypeError, match=r"^load_corpus\(\): progress must be"):
        load_corpus(MINI, progress=bad)


def test_owned_turns_automatic_progress_off_but_not_an_explicit_one(monkeypatch):
    monkeypatch.setenv(PROGRESS_ENV, "1")
    with owned():
        assert resolve(None, caller="f") is False and resolve(True, caller="f") is True
    assert resolve(None, caller="f") == progress_mod.AUTO_DELAY


def test_a_quick_step_under_its_delay_leaves_nothing_and_a_slow_one_its_line(capsys):
    with step("quick", enabled=0.5):
        time.sleep(0.01)
    assert capsys.readouterr().err == ""
    with step("slow", enabled=0.1, tick=0.05):
        time.sleep(0.3)
    err = capsys.readouterr().err
    assert "slow ... " in err and err.rstrip().endswith(" s") and "quick" not in err


def test_a_step_that_ends_between_its_delay_and_the_next_tick_still_says_its_time(capsys):
    with step("between", enabled=0.05, tick=10):
        time.sleep(0.2)
    assert "between ... 0.2 s" in capsys.readouterr().err


def test_a_delayed_bar_is_not_drawn_by_a_label_before_its_delay(capsys):
    shown = bar(range(3), desc="items", enabled=60.0)
    for i in shown:
        label(shown, f"item {i}")
    with tally(desc="files", total=3, enabled=60.0) as advance:
        advance(3)
    assert capsys.readouterr().err == ""


def test_load_corpus_shows_its_bar_by_default_when_watched(watched, capsys):
    load_corpus(MINI, cache=False)
    assert "reading transcripts" in capsys.readouterr().err
    load_corpus(MINI, cache=False, progress=False)
    assert capsys.readouterr().err == ""


def test_collocations_and_fit_topics_show_their_steps_by_default_when_watched(watched, capsys):
    turns = load_corpus(MINI, cache=False, progress=False).turns()
    capsys.readouterr()
    quiet = collocations(turns, min_count=1, progress=False)
    assert capsys.readouterr().err == ""
    shown = collocations(turns.assign(text=turns["text"] + " Thanks."), min_count=1)  # not the memo's
    assert f"collocations: {len(turns)} texts ... " in capsys.readouterr().err
    assert len(shown) >= len(quiet) > 0
    units = pd.DataFrame({"text": ["tariffs trade deficit"] * 7 + ["typhoon rescue flood"] * 5})
    fit = fit_topics(units, k=2, min_df=1, max_df=1.0)
    err = capsys.readouterr().err
    assert "fit_topics: terms of 12 units ... " in err and "fit_topics: nmf, k=2 ... " in err
    assert fit.top_terms(3) == fit_topics(units, k=2, min_df=1, max_df=1.0, progress=False).top_terms(3)


def test_a_quiet_command_shows_no_automatic_progress(watched, tmp_path, capsys):
    corpus = Path(shutil.copytree(MINI, tmp_path / "corpus"))
    assert cli.main(["phrases", "--corpus", str(corpus), "--quiet", "--min-count", "2", "--output", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().err == ""


def test_executed_notebooks_hold_no_progress(tmp_path, monkeypatch):
    monkeypatch.setenv(PROGRESS_ENV, "1")  # even when the session asks for it
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import os\nprint(os.environ.get('ANALYSIS_PROGRESS'))\n"
                                          "from analysis._progress import resolve\nprint(resolve(None, caller='f'))")]
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    out = execute_notebook(path, timeout=120)
    assert "".join(o.get("text", "") for o in out.cells[0].outputs) == "0\nFalse\n"
