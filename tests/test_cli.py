"""Tests of the command line (python -m analysis ...)."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis._terminal import clip, decimals
from analysis.cli import VIEWS, build_parser, main
from analysis.corpus import load_corpus
from analysis.phrases import formulae, recurring_phrases
from analysis.rhetoric import rhetoric_profile
from analysis.terms import keyness, kwic, term_frequencies
from analysis.topics import fit_topics, topic_labels, topic_units

REPO = Path(__file__).resolve().parent.parent
MINI = str(REPO / "tests" / "data" / "mini")
COMMANDS = ("figures", "overview", "turns", "terms", "keyness", "phrases", "topics", "rhetoric", "kwic", "explore")


@pytest.fixture(autouse=True)
def width(monkeypatch) -> int:
    """A known terminal width (shutil.get_terminal_size reads COLUMNS first)."""
    monkeypatch.setenv("COLUMNS", "100")
    return 100


@pytest.fixture(scope="module")
def mini_turns() -> pd.DataFrame:
    return load_corpus(MINI).turns()


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def mini(capsys, *argv: str) -> list[str]:
    """Lines printed by a command on the three-transcript folder."""
    return run(capsys, *argv, "--corpus", MINI).splitlines()


def table_part(lines: list[str], first: str) -> tuple[list[str], list[str], list[str]]:
    """(captions, header and rows, footer) of a terminal table whose first column is ``first``."""
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == [first])
    end = next((i for i, line in enumerate(lines) if line.startswith("Shown: ")), len(lines))
    return lines[:start], lines[start:end], lines[end:]


def footer(lines: list[str]) -> str:
    return " ".join(table_part(lines, lines[0].split()[0])[2]) if lines else ""


# Each analysis command on the small folder, with the library call that makes its table.
LIBRARY = {
    "turns": (["turns"], lambda t: t),
    "terms": (["terms", "--by", "role"], lambda t: term_frequencies(t, by="role")),
    "keyness": (["keyness", "--target", "official"], lambda t: keyness(t, "official")),
    "keyness-compare": (["keyness", "--by", "speaker", "--compare", "rest", "--min-count", "2"],
                        lambda t: keyness(t, by="speaker", compare="rest", min_count=2)),
    "phrases": (["phrases", "--min-count", "2"], lambda t: recurring_phrases(t, min_count=2)),
    "formulae": (["phrases", "--formulae"], lambda t: formulae(t)),
    "topics": (["topics", "--k", "2", "--units", "turn"],
               lambda t: topic_labels(fit_topics(topic_units(t, unit="turn"), k=2))),
    "rhetoric": (["rhetoric", "--by", "speaker"], lambda t: rhetoric_profile(t, by="speaker")),
    "kwic": (["kwic", "oppose"], lambda t: kwic(t, "oppose", window=6)),
}


class TestTerminalView:
    @pytest.mark.parametrize("columns", [60, 100, 120])
    @pytest.mark.parametrize("name", list(LIBRARY))
    def test_fits_the_terminal(self, capsys, monkeypatch, name: str, columns: int) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = mini(capsys, *LIBRARY[name][0], "--top", "0")
        assert len(lines) > 2
        assert max(map(len, lines)) <= columns

    def test_width_unknown_is_100(self, capsys, monkeypatch) -> None:
        monkeypatch.delenv("COLUMNS")
        monkeypatch.setattr("os.get_terminal_size", lambda *a: (_ for _ in ()).throw(OSError()))
        lines = mini(capsys, "turns", "--top", "0")
        assert 90 < max(map(len, lines)) <= 100  # the turn texts fill the line, up to a word

    @pytest.mark.parametrize("argv,first,columns,expected", [
        (["terms"], "term", 100, ["term", "count", "per_1000", "doc_freq"]),
        (["terms", "--by", "role"], "role", 100, ["role", "n_words", "term", "count", "per_1000", "doc_freq"]),
        (["keyness", "--target", "official"], "term", 120,
         ["term", "count_target", "count_reference", "per_1000_target", "per_1000_reference", "score",
          "log_ratio", "p_adjusted"]),
        (["keyness", "--target", "official"], "term", 100,
         ["term", "count_target", "count_reference", "score", "log_ratio", "p_adjusted"]),
        (["keyness", "--compare", "rest", "--min-words", "0"], "target", 100,
         ["target", "words_target", "term", "count_target", "count_reference", "score", "log_ratio", "p_adjusted"]),
        (["phrases", "--min-count", "2"], "phrase", 100, ["phrase", "n", "count", "independent", "n_transcripts"]),
        (["phrases", "--formulae"], "formula", 100,
         ["formula", "count", "n_transcripts", "first_date", "last_date", "top_speaker", "top_speaker_kind"]),
        (["topics", "--k", "2", "--units", "turn"], "topic", 120,
         ["topic", "n_units", "share_units", "top_terms", "top_phrases"]),
        (["rhetoric", "--min-words", "0", "--by", "role"], "family", 100, ["family", "measure", "moderator", "official", "questioner"]),
        (["kwic", "oppose"], "date", 100, ["date", "speaker", "left", "match", "right"]),
        (["kwic", "oppose"], "date", 140, ["date", "speaker", "left", "match", "right", "transcript_id", "line"]),
        (["turns"], "date", 100, ["date", "speaker", "role", "n_words", "text"]),
        (["turns"], "date", 160, ["date", "transcript_id", "turn_index", "speaker", "role", "n_words", "text"]),
    ], ids=lambda v: "-".join(v) if isinstance(v, list) else str(v))
    def test_chosen_columns(self, capsys, monkeypatch, argv, first, columns, expected) -> None:
        monkeypatch.setenv("COLUMNS", str(columns))
        _, table, _ = table_part(mini(capsys, *argv), first)
        assert table[0].split() == expected

    def test_numbers_are_rounded(self, capsys, mini_turns) -> None:
        lines = mini(capsys, "keyness", "--target", "official", "--top", "0")
        _, table, _ = table_part(lines, "term")
        expected = keyness(mini_turns, "official")
        rows = [line.split() for line in table[1:]]
        assert [r[0] for r in rows] == expected["term"].tolist()
        scores = [r[3] for r in rows]
        decimals = {len(s.partition(".")[2]) for s in scores}
        assert len(decimals) == 1 and decimals <= {0, 1, 2, 3}  # one rounding for the whole column
        half_step = 0.5 * 10.0 ** -decimals.pop()
        assert [float(s) for s in scores] == pytest.approx(expected["score"].tolist(), abs=half_step * 1.001)
        assert all(re.fullmatch(r"\d\.\d{3}|\d\.\de-\d+|<1e-300", r[-1]) for r in rows)  # p-values

    def test_decimals_give_three_significant_digits(self) -> None:
        assert decimals(pd.Series([17.04, 5.92, 4.1])) == 2
        assert decimals(pd.Series([738.5, 525.2, 100.0])) == 0
        assert decimals(pd.Series([0.02, 0.04, 0.0])) == 4
        assert decimals(pd.Series([3.0, 5.0])) == 0  # whole numbers stay whole

    def test_clip_keeps_whole_words_and_the_end_of_left_contexts(self) -> None:
        assert clip("the two sides agreed to meet", 16) == "the two sides…"
        assert clip("the two sides agreed to meet", 16, left=True) == "…agreed to meet"
        assert clip("short", 16) == "short"

    def test_kwic_matches_line_up(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "kwic", "oppos*", "--top", "0"), "date")
        expected = kwic(mini_turns, "oppos*", window=6)
        header, rows = table[0], table[1:]
        at, right = header.index("match"), header.index("right")
        assert len(rows) == len(expected) > 1
        for row, match in zip(rows, expected["match"]):
            assert row[at:at + len(match)] == match  # every match starts in one column
            assert row[at - 2:at] == "  " and row[at - 3] != " "  # the left context ends at it
            assert row[right - 2:right] == "  " and row[right] != " "

    def test_caption_names_the_comparison(self, capsys) -> None:
        captions, table, _ = table_part(mini(capsys, "keyness", "--target", "official"), "term")
        assert captions[0] == "target: official, reference: rest"
        assert captions[1].startswith("words_target: ")  # the sizes of the one comparison, said once
        assert captions[2].startswith("score: signed g2")
        assert "target" not in table[0].split()

    def test_rhetoric_falls_back_to_rows_when_groups_do_not_fit(self, capsys, monkeypatch) -> None:
        monkeypatch.setenv("COLUMNS", "60")
        _, table, _ = table_part(mini(capsys, "rhetoric", "--min-words", "0", "--by", "role"), "role")
        assert table[0].split() == ["role", "n_words", "family", "measure", "value"]  # count left out first
        assert len(table) == 1 + len(rhetoric_profile(load_corpus(MINI), by="role"))

    def test_empty_kwic_says_so(self, capsys) -> None:
        assert mini(capsys, "kwic", "zzzz") == ["no occurrence of 'zzzz' in the selected turns"]


class TestColumnsOption:
    def test_all(self, capsys, mini_turns) -> None:
        _, table, foot = table_part(mini(capsys, "terms", "--columns", "all", "--top", "0"), "term")
        assert table[0].split() == term_frequencies(mini_turns).columns.tolist()
        assert foot == []  # nothing left out

    def test_list(self, capsys) -> None:
        lines = mini(capsys, "turns", "--columns", "speaker,text", "--top", "2")
        assert lines[0].split() == ["speaker", "text"] and len(lines) == 3 + 2
        assert max(map(len, lines)) <= 100

    def test_unknown_column(self, capsys) -> None:
        with pytest.raises(SystemExit) as exc:
            main(["terms", "--columns", "term,foo", "--corpus", MINI])
        assert exc.value.code == 2
        assert "--columns: no column 'foo'; columns: term, count" in capsys.readouterr().err


class TestFooter:
    def test_rows_and_columns_left_out(self, capsys, mini_turns) -> None:
        n = len(term_frequencies(mini_turns))
        text = footer(mini(capsys, "terms", "--top", "3"))
        assert text == (f"Shown: 3 of {n} rows and 5 of 8 columns (not shown: doc_share, rank, n_docs). "
                        "All rows: --top 0; all columns: --columns all; everything: --output FILE.csv.")

    def test_per_group(self, capsys, mini_turns) -> None:
        n = len(term_frequencies(mini_turns, by="role"))
        assert footer(mini(capsys, "terms", "--by", "role", "--top", "2")).startswith(
            f"Shown: 6 of {n} rows (top 2 per role) and 6 of 9 columns")

    def test_only_columns_left_out(self, capsys) -> None:
        text = footer(mini(capsys, "topics", "--k", "2", "--units", "turn"))
        assert text == "Shown: 5 of 6 columns (not shown: label). All columns: --columns all; everything: " \
                       "--output FILE.csv."

    def test_default_top_is_20(self, capsys) -> None:
        _, table, foot = table_part(mini(capsys, "terms"), "term")
        assert len(table) == 1 + 20 and foot[0].startswith("Shown: 20 of ")


class TestTopPerGroup:
    def test_terms_two_groups_times_three(self, capsys, mini_turns) -> None:
        lines = mini(capsys, "terms", "--by", "role", "--role", "official", "--role", "questioner", "--top", "3")
        _, table, _ = table_part(lines, "role")
        rows = [line.split()[:3:2] for line in table[1:]]  # role, n_words, term
        assert len(rows) == 2 * 3
        full = term_frequencies(mini_turns[mini_turns["role"] != "moderator"], by="role")
        assert rows == full.groupby("role").head(3)[["role", "term"]].values.tolist()

    def test_keyness_per_comparison(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "keyness", "--compare", "rest", "--min-count", "2", "--top", "2", "--min-words", "0"),
                                 "target")
        full = keyness(mini_turns, compare="rest", min_count=2)
        expected = full.groupby(["target", "reference"], sort=False).head(2)
        assert len(table) - 1 == len(expected) == 2 * full["target"].nunique()
        assert [line.split()[2] for line in table[1:]] == expected["term"].tolist()  # after target, words_target

    def test_rhetoric_first_measures_of_each_group(self, capsys, mini_turns) -> None:
        lines = mini(capsys, "rhetoric", "--min-words", "0", "--by", "speaker", "--role", "official", "--top", "3")
        _, table, _ = table_part(lines, "family")
        assert table[0].split()[2:] == ["Geng", "Shuang", "SPOKESPERSON", "LI"]  # one column per speaker
        assert table[1].split()[0] == "n_words"  # the words of each speaker first
        assert table[2].split() == ["speaker_kind", "person", "person"]  # then whether each is one person
        assert [line.split()[1] for line in table[3:]] == ["enumeration", "tricolon", "anaphora"]

    @pytest.mark.parametrize("fmt", ["csv", "jsonl"])
    def test_file_gets_top_per_group_only_when_asked(self, tmp_path: Path, capsys, mini_turns, fmt: str) -> None:
        full = term_frequencies(mini_turns, by="role")
        for top, n in ((["--top", "2"], int(full.groupby("role").head(2).shape[0])), ([], len(full))):
            out = tmp_path / f"t.{fmt}"
            run(capsys, "terms", "--by", "role", *top, "--corpus", MINI, "--output", str(out))
            got = pd.read_csv(out) if fmt == "csv" else pd.read_json(out, lines=True)
            assert len(got) == n

    def test_help_says_per_group(self, capsys) -> None:
        for cmd in ("terms", "keyness", "rhetoric"):
            with pytest.raises(SystemExit):
                build_parser().parse_args([cmd, "--help"])
            assert re.search(r"--top N\s+rows per group", capsys.readouterr().out), cmd


class TestFilesAreComplete:
    @pytest.mark.parametrize("name", list(LIBRARY))
    def test_same_table_as_the_library(self, tmp_path: Path, capsys, mini_turns, name: str) -> None:
        argv, call = LIBRARY[name]
        expected = call(mini_turns)
        out = tmp_path / "table.jsonl"
        text = run(capsys, *argv, "--corpus", MINI, "--output", str(out))
        got = pd.read_json(out, lines=True, dtype=False, convert_dates=False)
        kinds = [c for c in got.columns if c.endswith("_kind") and c not in expected.columns]
        # tables by speaker, and the formulae's top speaker, say which speakers are not one person
        assert kinds == ["top_speaker_kind"] if name == "formulae" else bool(kinds) == ("speaker" in argv)
        got = got.drop(columns=kinds)
        assert got.columns.tolist() == expected.columns.tolist()
        assert len(got) == len(expected) > 0
        first = expected.columns[0] if name != "turns" else "text"
        assert got[first].astype(str).tolist() == expected[first].astype(str).tolist()
        assert text == f"wrote {len(expected)} rows and {expected.shape[1] + len(kinds)} columns to {out}\n"

    def test_csv_and_standard_output(self, tmp_path: Path, capsys, mini_turns) -> None:
        out = tmp_path / "k.csv"
        run(capsys, "keyness", "--target", "official", "--corpus", MINI, "--output", str(out))
        on_stdout = run(capsys, "keyness", "--target", "official", "--corpus", MINI, "--output", "-")
        assert on_stdout == out.read_text()
        got = pd.read_csv(out)
        expected = keyness(mini_turns, "official")
        assert got.shape == expected.shape
        assert got["score"].to_numpy() == pytest.approx(expected["score"].to_numpy())

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


class TestOptions:
    def test_speaker_ignores_case(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "turns", "--speaker", "geng shuang", "--top", "0"), "date")
        assert len(table) - 1 == int((mini_turns["speaker"] == "Geng Shuang").sum())

    def test_keyness_target_on_a_date_bucket(self, capsys, mini_turns) -> None:
        captions, table, _ = table_part(mini(capsys, "keyness", "--by", "month", "--target", "2019-03",
                                             "--top", "0"), "term")
        expected = keyness(mini_turns, pd.Timestamp("2019-03-01"), by="month")
        assert captions[0] == "target: 2019-03-01, reference: rest"
        assert [line.split()[0] for line in table[1:]] == expected["term"].tolist()

    def test_keyness_target_ignores_case_and_log_ratio_is_shown_once(self, capsys, mini_turns) -> None:
        lines = mini(capsys, "keyness", "--by", "speaker", "--target", "geng shuang", "--measure", "log_ratio",
                     "--top", "0")
        captions, table, _ = table_part(lines, "term")
        expected = keyness(mini_turns, "Geng Shuang", by="speaker", measure="log_ratio")
        assert captions[0] == "target: Geng Shuang, target_kind: person, reference: rest"
        assert table[0].split().count("score") == 1 and "log_ratio" not in table[0].split()
        assert [line.split()[0] for line in table[1:]] == expected["term"].tolist()

    def test_keyness_compare_previous_labels_periods(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "keyness", "--by", "month", "--compare", "previous", "--top", "1", "--min-words", "0"),
                                 "target")
        expected = keyness(mini_turns, by="month", compare="previous").groupby(["target", "reference"]).head(1)
        assert [line.split()[:2] for line in table[1:]] == [
            [pd.Timestamp(t).strftime("%Y-%m"), pd.Timestamp(r).strftime("%Y-%m")]
            for t, r in zip(expected["target"], expected["reference"])]

    def test_keyness_min_parts_drops_terms_of_few_transcripts(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "keyness", "--target", "official", "--min-parts", "2", "--top", "0"),
                                 "term")
        expected = keyness(mini_turns, "official", min_parts=2)
        assert [line.split()[0] for line in table[1:]] == expected["term"].tolist()
        assert len(expected) < len(keyness(mini_turns, "official"))  # the option removed something

    def test_keyness_compare_pairs(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "keyness", "--compare", "pairs", "--top", "0", "--min-words", "0"), "target")
        expected = keyness(mini_turns, compare="pairs")
        assert len(table) - 1 == len(expected)

    def test_date_buckets_read_as_periods(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "rhetoric", "--min-words", "0", "--by", "month", "--top", "1"), "family")
        assert table[0].split() == ["family", "measure", "2019-03", "2019-11", "2021-06"]
        _, table, _ = table_part(mini(capsys, "terms", "--by", "year", "--top", "1"), "year")
        assert [line.split()[:3:2] for line in table[1:]] == [["2019", "china"], ["2021", "china"]]

    def test_readme_examples_parse(self) -> None:
        readme = (REPO / "README.md").read_text(encoding="utf-8")
        examples = re.findall(r"^\.venv/bin/python -m analysis (.+?)(?:\s+#.*)?$", readme, re.M)
        assert len(examples) >= 5
        for example in (e for e in examples if e != "--help"):
            build_parser().parse_args(shlex.split(example))

    def test_help_examples_parse(self) -> None:
        parser = build_parser()
        commands = parser._subparsers._group_actions[0].choices
        assert set(commands) == set(COMMANDS)
        for name, sub in commands.items():
            examples = re.findall(r"^  python -m analysis (.+)$", sub.epilog, re.M)
            assert examples, name
            for example in examples:
                args = parser.parse_args(shlex.split(example))
                assert args.command == name


class TestUsageErrors:
    @pytest.mark.parametrize("argv,message", [
        (["keyness"], "give --target VALUE (a value of --by) or --compare rest|pairs|previous"),
        (["keyness", "--target", "official", "--compare", "rest"], "give --target (and --reference) or --compare"),
        (["keyness", "--target", "official", "--measure", "foo"], "invalid choice: 'foo'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["terms", "--top", "x"], "invalid int value: 'x'"),
        (["terms", "--top", "-1"], "argument --top: must be 0 or more; got -1"),
        (["topics", "--k", "1"], "argument --k: must be 2 or more; got 1"),
        (["phrases", "--min-transcripts", "3"], "--min-transcripts needs --formulae"),
        (["phrases", "--formulae", "--min-count", "3"], "with --formulae use --min-transcripts"),
        (["keyness", "--tagret", "official"], "unrecognized arguments: --tagret official (see 'python -m analysis "
                                              "keyness --help')"),
        (["kwic", "peace", "--rol", "official"], "unrecognized arguments: --rol official"),  # no abbreviations
    ])
    def test_argparse_errors(self, capsys, argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--corpus", MINI] if argv[0] != "frobnicate" else argv)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
        if argv[0] != "frobnicate":
            assert err.startswith(f"usage: python -m analysis {argv[0]} ")  # the command's own usage

    @pytest.mark.parametrize("argv,message", [
        (["kwic", "x", "--speaker", "Geng Shuang", "--role", "questioner"], "leave no turns; relax them"),
        (["kwic", "x", "--speaker", "Nobody"], "--speaker 'Nobody' speaks in no transcript of "),
        (["terms", "--from", "someday"], "--from 'someday' is not a date"),
        (["terms", "--from", "2020-01-01", "--to", "2019-01-01"], "--from 2020-01-01 is after --to 2019-01-01"),
        (["terms", "--corpus", "/nonexistent/folder"], "no such file or directory"),
        (["keyness", "--target", "nobody"], "keyness(): --target='nobody' matches no turns"),
        (["keyness", "--by", "month", "--target", "2019-13"], "--by month: ['2019-13'] are not dates"),
        (["topics"], "lower --k, or lower --min-df"),
        (["terms", "--by", "foo"], "--by 'foo': no such column; use a date bucket (day, week, month, quarter, "
                                   "year) or one of: transcript_id, date"),
        (["terms", "--output", "x.xlsx"], "use a .csv, .tsv, .jsonl or .json file name"),
        (["terms", "--output", "/nonexistent/dir/x.csv"], "--output '/nonexistent/dir/x.csv': "),
        (["terms", "--columns", "term", "--output", "x.csv"], "--columns chooses what the terminal shows"),
        (["figures", "--only", "zzz"], "--only 'zzz': no such figure; 'python -m analysis figures --list' lists them"),
        (["figures", "--only", "terms_keyness_role"], "no such figure; did you mean terms_keyness_roles, "),
    ])
    def test_input_errors_are_one_line_messages(self, capsys, argv: list[str], message: str) -> None:
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--corpus", MINI] if "--corpus" not in argv else argv)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
        assert err.count("\n") == 1 and err.startswith(f"python -m analysis {argv[0]}: error: ")


class TestErrorOrder:
    """A missing --corpus is the most basic error: said before any other, and paths before any work."""

    @pytest.mark.parametrize("argv", [
        ["keyness"],  # no --target
        ["keyness", "--target", "official", "--compare", "rest"],
        ["phrases", "--formulae", "--min-count", "3"],
        ["terms", "--output", "x.xlsx"],
        ["terms", "--columns", "term", "--output", "x.csv"],
        ["rhetoric", "--from", "someday"],
        ["figures", "--out", "unused"],
    ], ids=lambda v: "-".join(v))
    def test_missing_corpus_first(self, capsys, tmp_path: Path, argv: list[str]) -> None:
        missing = str(tmp_path / "missing-folder")
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--corpus", missing])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert err == f"python -m analysis {argv[0]}: error: --corpus {missing}: no such file or directory\n"

    @pytest.mark.parametrize("argv,message", [
        (["terms", "--output", "x.xlsx"], "--output 'x.xlsx': use a .csv, .tsv, .jsonl or .json file name"),
        (["terms", "--output", "/nonexistent/dir/x.csv"], "--output '/nonexistent/dir/x.csv': no folder "
                                                          "'/nonexistent/dir' to write it in"),
        (["terms", "--columns", "term", "--output", "x.csv"], "--columns chooses what the terminal shows"),
    ])
    def test_output_checked_before_any_work(self, capsys, monkeypatch, argv: list[str], message: str) -> None:
        def no_work(args):
            raise AssertionError("the corpus was read before the options were checked")
        monkeypatch.setattr("analysis.cli._filtered_turns", no_work)
        with pytest.raises(SystemExit):
            main([*argv, "--corpus", MINI])
        assert message in capsys.readouterr().err

    def test_figures_out_is_a_file(self, capsys, tmp_path: Path) -> None:
        (tmp_path / "f").write_text("x")
        with pytest.raises(SystemExit):
            main(["figures", "--corpus", MINI, "--out", str(tmp_path / "f")])
        assert capsys.readouterr().err.endswith(f"error: --out {tmp_path / 'f'}: is a file, not a folder\n")


class TestGroupSizes:
    """Each group's number of words is shown beside what is computed from it (a group of a few
    words is seen as such); the numbers are the library's."""

    def test_rhetoric_words_row(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "rhetoric", "--min-words", "0", "--by", "role"), "family")
        profile = rhetoric_profile(mini_turns, by="role").drop_duplicates("role")
        assert table[0].split()[2:] == profile["role"].tolist()
        assert table[1].split() == ["n_words", *map(str, profile["n_words"])]

    def test_rhetoric_rows_when_groups_do_not_fit(self, capsys, monkeypatch, mini_turns) -> None:
        monkeypatch.setenv("COLUMNS", "60")
        _, table, _ = table_part(mini(capsys, "rhetoric", "--min-words", "0", "--by", "role", "--top", "0"), "role")
        shown = [line.split()[:2] for line in table[1:]]
        assert shown == rhetoric_profile(mini_turns, by="role")[["role", "n_words"]].astype(str).values.tolist()

    def test_terms_words_column(self, capsys, mini_turns) -> None:
        _, table, _ = table_part(mini(capsys, "terms", "--by", "role", "--top", "0"), "role")
        assert table[0].split()[:2] == ["role", "n_words"]
        shown = [line.split()[:2] for line in table[1:]]
        assert shown == term_frequencies(mini_turns, by="role")[["role", "n_words"]].astype(str).values.tolist()

    def test_terms_whole_selection_said_once(self, capsys, mini_turns) -> None:
        captions, table, _ = table_part(mini(capsys, "terms", "--role", "moderator"), "term")
        words = term_frequencies(mini_turns[mini_turns["role"] == "moderator"])["n_words"]
        assert words.nunique() == 1
        assert captions == [f"n_words: {words.iloc[0]:,}"] and "n_words" not in table[0].split()

    def test_keyness_sizes(self, capsys, mini_turns) -> None:
        captions, _, _ = table_part(mini(capsys, "keyness", "--target", "official"), "term")
        one = keyness(mini_turns, "official").iloc[0]
        assert captions[1] == f"words_target: {one['words_target']:,}, words_reference: {one['words_reference']:,}"
        _, table, _ = table_part(mini(capsys, "keyness", "--compare", "rest", "--top", "0", "--min-words", "0"), "target")
        shown = [line.split()[:2] for line in table[1:]]
        full = keyness(mini_turns, compare="rest")
        assert shown == full[["target", "words_target"]].astype(str).values.tolist()

    def test_bundled_moderator_words(self, capsys) -> None:
        _, table, _ = table_part(run(capsys, "terms", "--by", "role", "--top", "1").splitlines(), "role")
        turns = load_corpus(REPO / "data").turns()
        expected = turns.groupby("role")["n_words"].sum()
        assert {line.split()[0]: int(line.split()[1]) for line in table[1:]} == expected[expected > 0].to_dict()
        assert expected["moderator"] < 100  # the defect: a column of rates resting on a few words


def test_help_explains_each_command() -> None:
    out = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, check=True).stdout
    for cmd in COMMANDS:
        assert cmd in out
    assert "examples:" in out


def test_views_name_real_columns(mini_turns) -> None:
    """Every column a view shows or leaves out first is a column of the command's table."""
    for name, (argv, call) in LIBRARY.items():
        view = VIEWS["formulae" if name == "formulae" else argv[0]]
        columns = set(call(mini_turns).columns)
        named = set(view.columns) | set(view.elastic) | set(view.clip_left)
        named |= {c for d in view.drop for c in ((d,) if isinstance(d, str) else d)}
        # columns an option adds (topics --coherence) are shown only when present
        optional = {"topics": {"coherence"}, "formulae": {"top_speaker_kind"}}.get(name, set())
        assert named - optional <= columns, (name, named - optional - columns)


def test_bundled_corpus_kwic(capsys) -> None:
    _, table, _ = table_part(run(capsys, "kwic", "internal affairs", "--role", "questioner", "--top", "0").splitlines(),
                             "date")
    expected = kwic(load_corpus(REPO / "data").turns().query("role == 'questioner'"), "internal affairs")
    assert len(table) - 1 == len(expected)
    assert all(line[table[0].index("match"):].lower().startswith("internal affairs") for line in table[1:])


def test_piped_into_head_stops_quietly() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "turns", "--top", "0"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "100"})
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 0
    assert first.split() == [b"date", b"speaker", b"role", b"n_words", b"text"]
    assert err == b""


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
    assert all(line.startswith("figure ") for line in captured.err.splitlines())  # every warning names its figure
    assert index.splitlines()[2].startswith(f"Regenerated by `python -m analysis figures --corpus {MINI} --out {out}`.")
    made = sorted(p.stem for p in out.glob("*.png"))
    assert "overview_words_by_role" in made
    assert len(made) + len(skipped) == len(re.findall(r"^## `", index, re.M))
    umask = os.umask(0)
    os.umask(umask)
    assert all((p.stat().st_mode & 0o777) == 0o666 & ~umask for p in out.glob("*.png"))  # not mkstemp's 0600


def test_figures_list_fits(capsys, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    lines = run(capsys, "figures", "--list").splitlines()
    assert len(lines) > 10 and max(map(len, lines)) <= 80


class TestSkipBadFiles:
    @pytest.fixture()
    def folder(self, tmp_path: Path) -> Path:
        """The three mini transcripts and an empty file."""
        for f in Path(MINI).iterdir():
            if f.is_file():
                (tmp_path / f.name).write_bytes(f.read_bytes())
        (tmp_path / "zz_empty.txt").write_text("", encoding="utf-8")
        return tmp_path

    def test_without_it_the_error_names_the_file_and_the_option(self, capsys, folder: Path) -> None:
        with pytest.raises(SystemExit) as exc:
            main(["terms", "--corpus", str(folder)])
        assert exc.value.code == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert err[0].endswith(f"{folder / 'zz_empty.txt'}, line 1: is empty (no text at all) "
                               "(--skip-bad-files reads the other files)")

    @pytest.mark.parametrize("argv", [["terms", "--top", "0", "--output", "-"],
                                      ["rhetoric", "--by", "role", "--output", "-"]])
    def test_with_it_the_other_files_give_the_same_result(self, capsys, folder: Path, argv) -> None:
        out = run(capsys, *argv, "--corpus", MINI)
        assert main([*argv, "--corpus", str(folder), "--skip-bad-files"]) == 0
        got = capsys.readouterr()
        assert got.out == out
        assert got.err.strip().splitlines() == [f"skipped {folder / 'zz_empty.txt'}, line 1: is empty (no text at all)"]

    def test_figures(self, capsys, folder: Path, tmp_path_factory) -> None:
        out = tmp_path_factory.mktemp("figs")
        assert main(["figures", "--corpus", str(folder), "--out", str(out), "--only", "overview_words_by_role",
                     "--skip-bad-files", "--no-progress"]) == 0
        got = capsys.readouterr()
        assert f"skipped {folder / 'zz_empty.txt'}, line 1: is empty" in got.err
        assert (out / "overview_words_by_role.png").exists()


class TestColumnOption:
    @pytest.fixture()
    def table(self, tmp_path: Path) -> Path:
        path = tmp_path / "turns.csv"
        pd.DataFrame({"body": ["We oppose it.", "Why?"], "who": ["Hua Chunying", "Reporter"],
                      "doc": ["t1", "t1"]}).to_csv(path, index=False)
        return path

    def test_maps_the_files_columns(self, capsys, table: Path) -> None:
        argv = ["turns", "--corpus", str(table), "--output", "-", "--column", "text=body", "--column", "speaker=who",
                "--column", "transcript_id=doc"]
        got = pd.read_csv(io.StringIO(run(capsys, *argv)))
        want = load_corpus(table, columns={"text": "body", "speaker": "who", "transcript_id": "doc"}).turns()
        assert got["text"].tolist() == want["text"].tolist() == ["We oppose it.", "Why?"]
        assert got["speaker"].tolist() == want["speaker"].tolist()

    def test_missing_text_column_names_the_option(self, capsys, table: Path) -> None:
        with pytest.raises(SystemExit):
            main(["turns", "--corpus", str(table)])
        err = capsys.readouterr().err.strip()
        assert err.endswith("has no text column; columns are ['body', 'who', 'doc']. Give --column text=<your column>")

    @pytest.mark.parametrize("value, message", [("text", "'text' is not FIELD=NAME"),
                                                ("txt=body", "'txt' is not a field; fields: transcript_id, text")])
    def test_bad_values(self, capsys, table: Path, value: str, message: str) -> None:
        with pytest.raises(SystemExit):
            main(["turns", "--corpus", str(table), "--column", value])
        assert message in capsys.readouterr().err


def test_a_table_without_a_text_column_is_named_on_stderr(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text("Q: Hi?\n\nA: Hello there.\n", encoding="utf-8")
    (tmp_path / "turns.csv").write_text("name,utterance,session\nAnn,Hello,1\n", encoding="utf-8")
    assert main(["terms", "--corpus", str(tmp_path), "--top", "3"]) == 0
    err = capsys.readouterr().err
    assert (f"not read: {tmp_path / 'turns.csv'}, a table with no text column; columns are "
            "['name', 'utterance', 'session']. If it holds transcripts, give --column text=<your column>.") in err
    # the hint works: the table is then read
    assert main(["terms", "--corpus", str(tmp_path / "turns.csv"), "--column", "text=utterance"]) == 0
    assert "hello" in capsys.readouterr().out


def test_files_that_are_not_transcripts_are_named_on_stderr(tmp_path: Path, capsys) -> None:
    """A .docx or .pdf beside the transcripts is not read, and the command says so (a user may
    take it for one of their transcripts); the folder's README is not worth a line."""
    (tmp_path / "a.txt").write_text("Q: Hi?\n\nA: Hello there.\n", encoding="utf-8")
    (tmp_path / "interview.docx").write_bytes(b"PK\x03\x04 not text")
    (tmp_path / "briefing.pdf").write_bytes(b"%PDF-1.4 not text")
    (tmp_path / "README.md").write_text("# My transcripts\n", encoding="utf-8")
    assert main(["terms", "--corpus", str(tmp_path), "--top", "3"]) == 0
    err = capsys.readouterr().err
    assert ("not read: 2 files that are not a transcript: briefing.pdf (a .pdf file); interview.docx "
            "(a .docx file) (Corpus.notes() lists them)") in err
    assert "README" not in err
    (tmp_path / "briefing.pdf").unlink()
    (tmp_path / "interview.docx").unlink()
    assert main(["terms", "--corpus", str(tmp_path), "--top", "3"]) == 0
    assert "not read" not in capsys.readouterr().err

class TestSmallGroups:
    """``keyness --compare`` and ``rhetoric`` in the terminal leave out groups of a few words,
    and say so."""

    def test_small_groups_left_out_and_named(self, capsys, mini_turns) -> None:
        assert main(["keyness", "--corpus", str(MINI), "--by", "speaker", "--compare", "rest", "--top", "0",
                     "--min-words", "50"]) == 0
        out, err = capsys.readouterr()
        words = mini_turns.groupby("speaker")["n_words"].sum()
        small = words[words < 50].sort_values()
        assert len(small) >= 2 and (words >= 50).sum() >= 2
        assert err.strip().splitlines()[-1] == (
            f"keyness: left out {len(small)} groups with fewer than 50 words ("
            + ", ".join(f"{g}: {n:,} words" for g, n in small.items()) + "); --min-words 0 keeps them")
        shown = {line.split()[0] for line in out.splitlines()}
        assert not any(g.split()[0] in shown for g in small.index)

    def test_default_in_the_terminal_not_in_a_file(self, capsys, mini_turns, tmp_path) -> None:
        assert main(["keyness", "--corpus", str(MINI), "--by", "speaker", "--compare", "rest"]) == 0
        err = capsys.readouterr().err
        assert "fewer than 500 words" in err  # every mini speaker but one is smaller
        out = tmp_path / "k.csv"
        assert main(["keyness", "--corpus", str(MINI), "--by", "speaker", "--compare", "rest",
                     "--output", str(out)]) == 0
        assert "left out" not in capsys.readouterr().err
        assert len(pd.read_csv(out)) == len(keyness(mini_turns, by="speaker", compare="rest"))

    def test_rhetoric_leaves_out_small_groups(self, capsys, mini_turns) -> None:
        assert main(["rhetoric", "--corpus", str(MINI), "--by", "role", "--min-words", "100"]) == 0
        out, err = capsys.readouterr()
        words = mini_turns.groupby("role")["n_words"].sum()
        assert words["moderator"] < 100 <= words.drop("moderator").min()
        assert err.strip().splitlines()[-1] == (f"rhetoric: left out 1 group with fewer than 100 words (moderator: "
                                                f"{words['moderator']} words); --min-words 0 keeps it")
        header = next(line for line in out.splitlines() if line.startswith("family"))
        assert header.split()[2:] == ["official", "questioner"]


class TestWarnings:
    def test_a_warning_is_one_line_once_without_source(self, capsys, tmp_path) -> None:
        # dates from years alone grouped by month: the suite warns from two places, said once
        folder = tmp_path / "years"
        folder.mkdir()
        for year in (2019, 2020, 2021):
            (folder / f"speech_{year}.txt").write_text(f"Peace and trade matter in {year}. " * 20)
        assert main(["terms", "--corpus", str(folder), "--name-pattern", "{speaker}_{year}", "--by", "month",
                     "--top", "2"]) == 0
        err = capsys.readouterr().err.splitlines()
        said = [line for line in err if line.startswith("every date falls on 1 January")]
        assert len(said) == 1
        assert not any("Warning:" in line or line.startswith("  ") for line in err), err


class TestTopicsMaxDf:
    def test_max_df_reaches_the_model_and_is_named_in_errors(self, capsys, tmp_path) -> None:
        import warnings

        folder = tmp_path / "few"
        folder.mkdir()
        answer = ("A: The grid is safe, and the grid is watched by engineers who check every line and every "
                  "station each day, so that families and firms can trust the power they are sold.\n")
        for i in range(3):
            (folder / f"{i}.txt").write_text(f"Q: Is the grid safe, and who watches the grid on day {i}?\n" + answer)
        with pytest.raises(SystemExit):
            main(["topics", "--corpus", str(folder), "--k", "2", "--min-df", "1", "--max-df", "0.1"])
        err = capsys.readouterr().err
        assert err.rstrip().endswith("lower --min-df or raise --max-df.")
        with warnings.catch_warnings():
            warnings.simplefilter("error", FutureWarning)
            assert main(["topics", "--corpus", str(folder), "--k", "2", "--min-df", "1", "--max-df", "1.0"]) == 0
        assert "grid" in capsys.readouterr().out

    @pytest.mark.parametrize("value", ["0", "1.5", "half"])
    def test_max_df_must_be_a_share(self, capsys, value) -> None:
        with pytest.raises(SystemExit):
            main(["topics", "--max-df", value])
        assert "--max-df" in capsys.readouterr().err
