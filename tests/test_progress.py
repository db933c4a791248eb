"""Tests of progress output (analysis._progress, regenerate(progress=True), the CLI's --quiet).

Progress goes to standard error only, never to standard output (a command's table or CSV
may be piped from it), and nothing at all when it is turned off.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis import cli
from analysis._progress import bar, label, step, write
from analysis.figures import regenerate

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"
CHEAP_FIGURE = "overview_words_by_role"  # words per role: no model, well under a second on MINI


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """The three-transcript folder, copied (figures and commands read it; nothing writes to it)."""
    return Path(shutil.copytree(MINI, tmp_path / "corpus"))


# ----------------------------------------------------------------------------- _progress

def test_step_writes_its_line_and_seconds_to_stderr(capsys) -> None:
    with step("slow part", enabled=True):
        time.sleep(0.05)
    out, err = capsys.readouterr()
    assert out == ""
    assert re.search(r"slow part \.\.\. \d+\.\d s\s*$", err), repr(err)


def test_step_redraws_the_elapsed_time_while_it_runs(capsys) -> None:
    with step("fitting", enabled=True, tick=0.01):
        time.sleep(0.3)
    err = capsys.readouterr().err
    assert err.count("fitting ... 0 s") >= 2, repr(err)  # redrawn by the ticker, before the final line
    assert re.search(r"fitting \.\.\. 0\.\d s\s*$", err), repr(err)


def test_step_disabled_writes_nothing(capsys) -> None:
    with step("slow part", enabled=False):
        print("the step's own output")
    assert capsys.readouterr() == ("the step's own output\n", "")


def test_step_that_raises_leaves_no_finished_line(capsys) -> None:
    with pytest.raises(KeyError), step("doomed", enabled=True):
        raise KeyError("x")
    err = capsys.readouterr().err
    assert not re.search(r"doomed \.\.\. \d+\.\d s", err), repr(err)


def test_bar_is_the_iterable_itself_when_disabled(capsys) -> None:
    items = [1, 2, 3]
    assert bar(items, desc="counting", enabled=False) is items
    label(items, "ignored")  # no bar: nothing to label, no error
    write("not shown", enabled=False)
    assert capsys.readouterr() == ("", "")


def test_bar_label_and_write_go_to_stderr(capsys) -> None:
    items = bar(["a", "b"], desc="counting", unit="file", enabled=True)
    seen = []
    for item in items:
        label(items, f"item {item}")
        write(f"{item}: done")
        seen.append(item)
    assert seen == ["a", "b"]
    out, err = capsys.readouterr()
    assert out == ""
    assert "counting" in err and "2/2" in err and "item b" in err
    assert "a: done\n" in err and "b: done\n" in err


# ------------------------------------------------------------------------------- figures

def test_regenerate_progress_lines_go_to_stderr_not_stdout(corpus, tmp_path, capsys) -> None:
    run = regenerate(corpus, tmp_path / "out", only=[CHEAP_FIGURE], progress=True)
    out, err = capsys.readouterr()
    assert run.drawn == [CHEAP_FIGURE]
    assert out == ""
    assert re.search(rf"(?:^|\r){CHEAP_FIGURE}: drawn in \d+\.\d s\n", err), repr(err)  # a line of its own
    assert re.search(rf"figures: .*{CHEAP_FIGURE}", err), "the bar names the figure being made"
    assert "reading transcripts" in err
    assert set(run.seconds) == {CHEAP_FIGURE} and run.seconds[CHEAP_FIGURE] > 0


def test_regenerate_without_progress_is_silent(corpus, tmp_path, capsys) -> None:
    run = regenerate(corpus, tmp_path / "out", only=[CHEAP_FIGURE], progress=False)
    assert capsys.readouterr() == ("", "")
    assert set(run.seconds) == {CHEAP_FIGURE}  # timed either way


# ----------------------------------------------------------------------------------- CLI

@pytest.fixture()
def watched(monkeypatch) -> None:
    """Standard error counts as a terminal (capsys replaces it with a capture)."""
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setenv("COLUMNS", "100")


def test_command_shows_reading_and_its_step_on_stderr_only(corpus, watched, capsys) -> None:
    assert cli.main(["kwic", "cooperation", "--corpus", str(corpus), "--top", "1"]) == 0
    out, err = capsys.readouterr()
    assert "reading transcripts" in err
    assert re.search(r"keyword in context \.\.\. \d+\.\d s", err), repr(err)
    assert "reading transcripts" not in out and "keyword in context ..." not in out and "\r" not in out


@pytest.mark.parametrize("flag", ["--quiet", "-q", "--no-progress"])
def test_quiet_command_prints_nothing_on_stderr(corpus, watched, capsys, flag) -> None:
    assert cli.main(["kwic", "cooperation", "--corpus", str(corpus), "--top", "1"]) == 0
    loud = capsys.readouterr()
    assert cli.main(["kwic", "cooperation", "--corpus", str(corpus), "--top", "1", flag]) == 0
    quiet = capsys.readouterr()
    assert loud.err and quiet.err == ""
    assert quiet.out == loud.out  # the table is the same


def test_quiet_figures_prints_no_figure_lines(corpus, tmp_path, watched, capsys) -> None:
    argv = ["figures", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--only", CHEAP_FIGURE]
    assert cli.main(argv) == 0
    loud = capsys.readouterr()
    assert f"{CHEAP_FIGURE}: drawn in" in loud.err and f"{CHEAP_FIGURE}: drawn in" not in loud.out
    assert cli.main([*argv, "--quiet"]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""
    assert quiet.out.startswith("wrote 2 files")


def test_not_a_terminal_means_no_progress(corpus, monkeypatch, capsys) -> None:
    monkeypatch.setattr(cli, "_interactive", lambda: False)
    assert cli.main(["kwic", "cooperation", "--corpus", str(corpus), "--top", "1"]) == 0
    assert capsys.readouterr().err == ""


def _run_with_terminal_stderr(argv: list[str], timeout: float = 120) -> tuple[str, str, int]:
    """(standard output, what the terminal on standard error got, exit status) of
    ``python -m analysis ARGV``, standard error being a pseudo-terminal."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *argv], cwd=REPO, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    terminal = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed its end (Linux: EIO)
                    break
                if not chunk:
                    break
                terminal += chunk
            elif proc.poll() is not None:
                break
        out = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return out.decode(), terminal.decode(errors="replace"), proc.returncode


@pytest.mark.skipif(not sys.platform.startswith(("linux", "darwin")), reason="needs a pseudo-terminal")
def test_terminal_on_stderr_gets_progress_unless_quiet(corpus) -> None:
    argv = ["kwic", "cooperation", "--corpus", str(corpus), "--top", "1"]
    out, terminal, status = _run_with_terminal_stderr(argv)
    assert status == 0, terminal
    assert "reading transcripts" in terminal and "keyword in context ... " in terminal
    assert "cooperation" in out and "reading transcripts" not in out and "\r" not in out
    quiet_out, quiet_terminal, status = _run_with_terminal_stderr([*argv, "--quiet"])
    assert status == 0
    assert quiet_terminal == ""
    assert quiet_out == out
