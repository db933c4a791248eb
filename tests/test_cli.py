"""Tests of the command line (python -m analysis ...)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.terms import kwic

REPO = Path(__file__).resolve().parent.parent
MINI = str(REPO / "tests" / "data" / "mini")


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


class TestCommandsOnTinyFolder:
    @pytest.mark.parametrize("argv", [
        ["turns"], ["terms", "--by", "role"], ["keyness", "--target", "official"],
        ["phrases", "--min-count", "2"], ["phrases", "--formulae"], ["topics", "--k", "2", "--units", "turn"],
        ["rhetoric", "--by", "speaker"], ["kwic", "oppose"],
    ], ids=lambda a: "-".join(a))
    def test_runs(self, capsys, argv: list[str]) -> None:
        out = run(capsys, *argv, "--corpus", MINI)
        assert out.strip()

    def test_kwic_rows_match_the_library(self, tmp_path: Path, capsys) -> None:
        out = tmp_path / "k.jsonl"
        text = run(capsys, "kwic", "oppose", "--corpus", MINI, "--output", str(out))
        rows = [json.loads(x) for x in out.read_text().splitlines()]
        expected = kwic(load_corpus(MINI), "oppose", window=6)
        assert len(rows) == len(expected) > 0
        assert [r["match"] for r in rows] == expected["match"].tolist()
        assert text.startswith(f"wrote {len(expected)} rows")

    def test_filters(self, tmp_path: Path, capsys) -> None:
        out = tmp_path / "t.csv"
        run(capsys, "turns", "--corpus", MINI, "--role", "official", "--from", "2019-06-01", "--output", str(out))
        t = pd.read_csv(out)
        assert set(t["role"]) == {"official"}
        assert (pd.to_datetime(t["date"]) >= "2019-06-01").all()
        full = load_corpus(MINI).turns()
        assert len(t) == int(((full["role"] == "official") & (full["date"] >= "2019-06-01")).sum())

    def test_top_limits_rows(self, capsys) -> None:
        out = run(capsys, "terms", "--corpus", MINI, "--top", "3")
        assert "more rows" in out
        assert len([x for x in out.splitlines() if x.strip()]) == 1 + 3 + 1


class TestUsageErrors:
    @pytest.mark.parametrize("argv,message", [
        (["keyness"], "the following arguments are required: --target"),
        (["keyness", "--target", "official", "--measure", "foo"], "invalid choice: 'foo'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["terms", "--top", "x"], "invalid int value: 'x'"),
    ])
    def test_argparse_errors(self, capsys, argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        assert message in capsys.readouterr().err

    @pytest.mark.parametrize("argv,message", [
        (["kwic", "x", "--speaker", "Nobody"], "leave no turns; relax them"),
        (["terms", "--from", "someday"], "--from 'someday' is not a date"),
        (["terms", "--corpus", "/nonexistent/folder"], "no such file or directory"),
        (["keyness", "--target", "nobody"], "keyness()"),
        (["terms", "--output", "x.xlsx"], "use a .csv, .jsonl or .json file name"),
    ])
    def test_input_errors_are_messages_not_tracebacks(self, capsys, argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--corpus", MINI] if "--corpus" not in argv else argv)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err


def test_help_explains_each_command() -> None:
    out = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=True).stdout
    for cmd in ("figures", "turns", "terms", "keyness", "phrases", "topics", "rhetoric", "kwic"):
        assert cmd in out


def test_bundled_corpus_kwic(capsys) -> None:
    out = run(capsys, "kwic", "internal affairs", "--role", "questioner", "--top", "0")
    expected = kwic(load_corpus(REPO / "data").turns().query("role == 'questioner'"), "internal affairs")
    assert len([x for x in out.splitlines() if "internal affairs" in x]) == len(expected)


def test_figures_on_a_small_folder_skip_what_it_cannot_support(tmp_path: Path, capsys) -> None:
    out = tmp_path / "figs"
    assert main(["figures", "--corpus", MINI, "--out", str(out), "--no-progress"]) == 0
    captured = capsys.readouterr()
    index = (out / "README.md").read_text(encoding="utf-8")
    skipped = re.findall(r"^figure (\w+) skipped: (.+)$", captured.err, re.M)
    assert skipped, "a three-transcript folder cannot support the topic figures"
    for name, reason in skipped:
        assert f"Not made from this corpus: {reason}" in index
        assert not (out / f"{name}.png").exists()
    made = sorted(p.stem for p in out.glob("*.png"))
    assert "overview_words_by_role" in made
    assert len(made) + len(skipped) == len(re.findall(r"^## `", index, re.M))
    umask = os.umask(0)
    os.umask(umask)
    assert all((p.stat().st_mode & 0o777) == 0o666 & ~umask for p in out.glob("*.png"))  # not mkstemp's 0600
