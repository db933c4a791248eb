"""``corpus_summary`` and ``python -m analysis overview``: what a folder holds, counted by hand
on a small folder of two briefings, an unlabelled notes file and a PDF."""

from __future__ import annotations

import shlex
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import build_parser, main
from analysis.corpus import load_corpus
from analysis.overview import SUMMARY_COLUMNS, corpus_summary, words_by

#: Words per turn (the loader's count): one.txt 2, 3, 4, 2, 3; two.txt 5, 4; notes.txt 5.
FILES = {
    "one.txt": "Briefing one\nDate: March 1, 2020\n\n"
               "MODERATOR: Good afternoon.\n"
               "Journalist: Will prices rise?\n"
               "Lu Kang: Prices will not rise.\n"
               "Journalist: And wages?\n"
               "Lu Kang: Wages will rise.\n",
    "two.txt": "Briefing two\nDate: April 2, 2020\n\n"
               "Jane Doe (Reuters): What about tariffs on steel?\n"
               "Lu Kang: We oppose them firmly.\n",
    "notes.txt": "Some notes about the briefings.\n",
}

#: (section, name) -> n_files, n_transcripts, n_turns, n_words, n_speakers, counted by hand.
EXPECTED = {
    ("corpus", "all"): (3, 3, 8, 28, 5),
    ("corpus", "dated"): (2, 2, 7, 23, 4),
    ("corpus", "undated"): (1, 1, 1, 5, 1),
    # Journalist 2 + 3, Unknown speaker 5, MODERATOR 2
    ("speakers", "pooled"): (2, 2, 4, 12, 3),
    ("speakers", "person"): (2, 2, 3, 11, 1),  # Lu Kang 4 + 3 + 4
    ("speakers", "outlet"): (1, 1, 1, 5, 1),  # Jane Doe (Reuters)
    ("role", "official"): (3, 3, 4, 16, 2),  # Lu Kang 11 and the notes' Unknown speaker 5
    ("role", "questioner"): (2, 2, 3, 10, 2),
    ("role", "moderator"): (1, 1, 1, 2, 1),
    ("layout", "qa"): (1, 1, 5, 14, 3),
    ("layout", "inline"): (1, 1, 2, 9, 2),
    ("layout", "plain"): (1, 1, 1, 5, 1),
    ("note", "no_speakers"): (1, 1, 1, 5, 1),
    ("note", "skipped"): (1, 0, 0, 0, 0),
}


@pytest.fixture(autouse=True)
def width(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("briefings")
    for name, text in FILES.items():
        (path / name).write_text(text, encoding="utf-8")
    (path / "slides.pdf").write_bytes(b"%PDF-1.4 binary")
    return path


@pytest.fixture(scope="module")
def corpus(folder: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(folder)


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def rows(lines: list[str]) -> list[list[str]]:
    """The rows of a terminal table: the lines between its header (the line naming ``n_turns``,
    after the captions) and the footer ("Shown: ...") or the end, split at spaces."""
    header = next(i for i, line in enumerate(lines) if "n_turns" in line.split())
    end = next((i for i, line in enumerate(lines) if line.startswith("Shown: ")), len(lines))
    return [line.split() for line in lines[header + 1:end]]


class TestCorpusSummary:
    def test_hand_counted_rows(self, corpus) -> None:
        table = corpus_summary(corpus)
        assert list(table.columns) == list(SUMMARY_COLUMNS)
        got = {(s, n): tuple(int(v) for v in row) for s, n, *row in
               table[["section", "name", "n_files", "n_transcripts", "n_turns", "n_words", "n_speakers"]]
               .itertuples(index=False, name=None)}
        assert got == EXPECTED
        assert [tuple(r) for r in table[["section", "name"]].itertuples(index=False)] == list(EXPECTED)
        assert table["share"].tolist() == pytest.approx([r[3] / 28 for r in EXPECTED.values()])

    def test_details(self, corpus) -> None:
        detail = dict(zip(zip(corpus_summary(corpus)["section"], corpus_summary(corpus)["name"]),
                          corpus_summary(corpus)["detail"]))
        assert detail["corpus", "dated"] == "2020-03-01 to 2020-04-02"
        assert detail["speakers", "pooled"] == "Journalist; Unknown speaker; MODERATOR"
        assert detail["speakers", "outlet"] == "Jane Doe (Reuters)"
        assert "notes.txt" in detail["note", "no_speakers"] and "no speaker labels" in detail["note", "no_speakers"]
        assert "slides.pdf" in detail["note", "skipped"] and "not a transcript" in detail["note", "skipped"]

    def test_roles_agree_with_words_by(self, corpus) -> None:
        table = corpus_summary(corpus)
        roles = table[table["section"] == "role"].reset_index(drop=True)
        expected = words_by(corpus, "role")
        assert roles["name"].tolist() == expected["role"].tolist()
        for col in ("n_turns", "n_words", "n_transcripts"):
            assert roles[col].tolist() == expected[col].tolist()
        assert roles["share"].tolist() == pytest.approx(expected["share"].tolist())

    @pytest.mark.parametrize("section", ["speakers", "role", "layout"])
    def test_every_word_in_one_row_of_each_section(self, corpus, section: str) -> None:
        table = corpus_summary(corpus)
        part = table[table["section"] == section]
        assert part["n_words"].sum() == corpus.turns()["n_words"].sum()
        assert part["n_turns"].sum() == len(corpus.turns())
        assert part["share"].sum() == pytest.approx(1.0)

    def test_a_selection_of_turns(self, corpus) -> None:
        turns = corpus.turns()
        table = corpus_summary(corpus, turns=turns[turns["transcript_id"] == "two"])
        rows = table.set_index(["section", "name"])
        assert rows.loc[("corpus", "all"), ["n_transcripts", "n_turns", "n_words"]].tolist() == [1, 2, 9]
        assert ("layout", "qa") not in rows.index  # only the selected transcripts' layouts
        assert ("note", "no_speakers") not in rows.index  # a note of a transcript left out
        assert rows.loc[("note", "skipped"), "n_files"] == 1  # the folder's notes stay

    def test_unreadable_files_are_a_note(self, tmp_path: Path) -> None:
        (tmp_path / "good.txt").write_text(FILES["one.txt"], encoding="utf-8")
        (tmp_path / "bad.json").write_text('{"turns": [', encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c = load_corpus(tmp_path, on_error="collect")
        rows = corpus_summary(c).set_index(["section", "name"])
        assert rows.loc[("note", "unreadable"), "n_files"] == len(c.problems) == 1
        assert "bad.json" in rows.loc[("note", "unreadable"), "detail"]

    def test_deterministic_and_input_untouched(self, corpus) -> None:
        turns = corpus.turns()
        before = turns.copy()
        pd.testing.assert_frame_equal(corpus_summary(corpus, turns=turns), corpus_summary(corpus, turns=turns))
        pd.testing.assert_frame_equal(turns, before)

    def test_needs_a_corpus(self, corpus) -> None:
        with pytest.raises(TypeError, match="corpus_summary.*Corpus"):
            corpus_summary(corpus.turns())


class TestOverviewCommand:
    def test_terminal_shows_every_row(self, capsys, folder: Path) -> None:
        lines = run(capsys, "overview", "--corpus", str(folder)).splitlines()
        table = rows(lines)
        assert [r[:2] for r in table] == [list(k) for k in EXPECTED]
        dated = table[1]
        assert dated[:6] == ["corpus", "dated", "2", "7", "23", "0.821"]  # n_files left out at 100 characters
        assert " ".join(dated[7:]) == "2020-03-01 to 2020-04-02"
        assert not any(line.startswith("Shown: ") and "rows" in line for line in lines)  # every row

    @pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
    def test_output_is_the_summary(self, capsys, folder: Path, corpus, tmp_path: Path, suffix: str) -> None:
        out = tmp_path / f"summary{suffix}"
        text = run(capsys, "overview", "--corpus", str(folder), "--output", str(out))
        got = pd.read_csv(out, keep_default_na=False) if suffix == ".csv" else pd.read_json(out, lines=True)
        expected = corpus_summary(corpus)
        assert text == f"wrote {len(expected)} rows and {expected.shape[1]} columns to {out}\n"
        assert got.columns.tolist() == expected.columns.tolist()
        assert got[["section", "name", "detail"]].astype(str).values.tolist() == \
            expected[["section", "name", "detail"]].values.tolist()
        assert got["n_words"].tolist() == expected["n_words"].tolist()

    def test_by_speaker_is_words_by_with_kinds(self, capsys, folder: Path, corpus, tmp_path: Path) -> None:
        out = tmp_path / "speakers.csv"
        run(capsys, "overview", "--corpus", str(folder), "--by", "speaker", "--output", str(out))
        got = pd.read_csv(out)
        expected = words_by(corpus, "speaker")
        assert got.columns.tolist() == expected.columns.tolist()
        assert got["speaker"].tolist() == expected["speaker"].tolist()
        assert dict(zip(got["speaker"], got["speaker_kind"])) == {
            "Lu Kang": "person", "Jane Doe (Reuters)": "outlet", "Journalist": "pooled",
            "Unknown speaker": "pooled", "MODERATOR": "pooled"}
        lines = run(capsys, "overview", "--corpus", str(folder), "--by", "speaker").splitlines()
        assert lines[0].split()[:3] == ["speaker", "speaker_kind", "n_turns"]
        journalist = next(line for line in lines if line.startswith("Journalist"))
        assert journalist.split()[1:4] == ["pooled", "2", "5"]

    def test_by_role_has_no_kind(self, capsys, folder: Path, tmp_path: Path) -> None:
        out = tmp_path / "roles.csv"
        run(capsys, "overview", "--corpus", str(folder), "--by", "role", "--output", str(out))
        got = pd.read_csv(out)
        assert "speaker_kind" not in got.columns
        assert got[["role", "n_words"]].values.tolist() == [["official", 16], ["questioner", 10], ["moderator", 2]]

    def test_by_month_labels_periods(self, capsys, folder: Path) -> None:
        lines = run(capsys, "overview", "--corpus", str(folder), "--by", "month").splitlines()
        assert lines[0].split()[:2] == ["month", "n_turns"]
        table = rows(lines)  # the undated notes last, their month empty as in every table by month
        assert [r[:3] for r in table] == [["2020-03", "5", "14"], ["2020-04", "2", "9"], ["1", "5", "0.179"]]

    def test_filters_apply(self, capsys, folder: Path, tmp_path: Path) -> None:
        out = tmp_path / "s.csv"
        run(capsys, "overview", "--corpus", str(folder), "--role", "official", "--output", str(out))
        rows = pd.read_csv(out, keep_default_na=False).set_index(["section", "name"])
        assert rows.loc[("corpus", "all"), "n_words"] == 16
        assert ("role", "questioner") not in rows.index

    def test_top_per_section(self, capsys, folder: Path) -> None:
        lines = run(capsys, "overview", "--corpus", str(folder), "--top", "1").splitlines()
        assert [r[:2] for r in rows(lines)] == [["corpus", "all"], ["speakers", "pooled"], ["role", "official"],
                                               ["layout", "qa"], ["note", "no_speakers"]]
        assert "5 of 14 rows (top 1 per section)" in " ".join(lines)

    def test_unknown_by_column(self, capsys, folder: Path) -> None:
        with pytest.raises(SystemExit) as exc:
            main(["overview", "--corpus", str(folder), "--by", "colour"])
        assert exc.value.code == 2
        assert "--by 'colour': no such column" in capsys.readouterr().err

    def test_missing_corpus_is_named(self, capsys, tmp_path: Path) -> None:
        with pytest.raises(SystemExit) as exc:
            main(["overview", "--corpus", str(tmp_path / "nowhere")])
        assert exc.value.code == 2
        assert f"--corpus {tmp_path / 'nowhere'}: no such file or directory" in capsys.readouterr().err

    def test_bad_file_is_named_with_its_line(self, capsys, tmp_path: Path) -> None:
        (tmp_path / "a.txt").write_text(FILES["one.txt"], encoding="utf-8")
        (tmp_path / "b.json").write_text('{"turns": [', encoding="utf-8")
        with pytest.raises(SystemExit) as exc:
            main(["overview", "--corpus", str(tmp_path), "--quiet"])
        err = capsys.readouterr().err
        assert exc.value.code == 2
        assert "b.json" in err and "line 1" in err and "--skip-bad-files" in err

    def test_help_has_examples_that_parse(self) -> None:
        parser = build_parser()
        sub = parser._subparsers._group_actions[0].choices["overview"]
        examples = [e for e in sub.epilog.splitlines() if e.startswith("  python -m analysis overview")]
        assert len(examples) >= 3
        for example in examples:
            assert parser.parse_args(shlex.split(example.removeprefix("  python -m analysis "))).command == "overview"
        text = sub.format_help()
        for option in ("--corpus", "--name-pattern", "--language", "--quiet", "--output", "--by", "speaker_kind"):
            assert option in text
