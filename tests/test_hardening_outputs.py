"""Outputs and rendering under hostile input and failing disks.

Every table the suite writes is atomic and loads back equal; text from transcripts never runs
or renders: not as a spreadsheet formula (CSV), HTML, a link or a heading (Markdown), math or
broken XML (figures), or an escape sequence (terminal). Labels in figures are capped; kwic
matches clitics as written and runs in linear time.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.text
from matplotlib.backends.backend_agg import FigureCanvasAgg
import mistune
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from analysis.cli import main
from analysis.corpus import load_corpus
from analysis.figures import regenerate, regenerate_command, save_figure, write_index
from analysis.gallery import all_specs
from analysis.narrate import describe_roles
from analysis.narrate._fmt import Finding, code_span, md_text
from analysis.outputs import FORMULA_PREFIXES, atomic_writer, neutralize_cells, write_table
from analysis.overview import words_by
from analysis.plots._style import LABEL_MAX_CHARS, literal_text
from analysis.plots.overview import plot_words_by_group
from analysis.terms import kwic

REPO = Path(__file__).resolve().parent.parent
MINI = str(REPO / "tests" / "data" / "mini")

HOSTILE = {
    "math": "$\\undefinedmacro{x}$",
    "dollars": "$5 and $6",
    "html": "<img src=x onerror=alert(1)>",
    "link": "[click](javascript:alert(1))",
    "heading": "Evil\n\n# HEADING",
    "escape": "Esc\x1b]0;pwned\x07Name",
    "bell": "Bell\x07VT\x0bName",
    "formula": "=HYPERLINK(\"http://x\")",
    "backtick": "Back`tick",
}


def jsonl_corpus(folder: Path, speakers: list[str], *, transcripts: int = 12, turns: int = 40,
                 words: int = 120) -> Path:
    """A JSON Lines corpus: ``transcripts`` dated transcripts of ``turns`` turns each, by the
    given speakers in turn, alternately official and questioner."""
    rng = np.random.default_rng(0)
    vocab = ("peace stability sovereignty cooperation development trade oppose firmly urge china's don't "
             "internal affairs relations security economy people policy world question answer").split()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "turns.jsonl", "w", encoding="utf-8") as fh:
        for t in range(transcripts):
            for i in range(turns):
                text = " ".join(rng.choice(vocab, words)) + "."
                fh.write(json.dumps({"transcript_id": f"t{t}", "date": f"2019-{t % 12 + 1:02d}-{t // 12 + 1:02d}",
                                     "speaker": speakers[i % len(speakers)],
                                     "role": "questioner" if i % 2 else "official", "text": text}) + "\n")
    return folder


def render_markdown(text: str) -> str:
    """HTML from Markdown as a notebook or code host renders it (raw HTML passes through)."""
    return mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])(text)


# ------------------------------------------------------------------ atomic outputs (item: in place)

def _limited(code: str, limit: int, *, ignore_signal: bool) -> subprocess.CompletedProcess:
    """Run ``code`` in a child whose files cannot grow past ``limit`` bytes: a full disk
    (``ignore_signal``: the write fails with EFBIG) or a process killed mid-write (SIGXFSZ's
    default action, which Python otherwise ignores, ends it at once, as ``kill -9`` would)."""
    prelude = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.{'SIG_IGN' if ignore_signal else 'SIG_DFL'})
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=600)


@pytest.fixture(scope="module")
def big_turns_csv(tmp_path_factory) -> tuple[Path, bytes]:
    """A complete previous ``--output`` of the mini corpus's turns."""
    out = tmp_path_factory.mktemp("previous") / "turns.csv"
    assert main(["turns", "--corpus", MINI, "--output", str(out), "-q"]) == 0
    return out, out.read_bytes()


class TestAtomicOutputs:
    @pytest.mark.parametrize("ignore_signal", [True, False], ids=["full-disk", "killed-mid-write"])
    def test_a_failed_write_leaves_the_previous_file_whole(self, tmp_path: Path, big_turns_csv,
                                                           ignore_signal: bool) -> None:
        previous, content = big_turns_csv
        out = tmp_path / "turns.csv"
        out.write_bytes(content)
        code = f"""
            from analysis.cli import main
            main(["terms", "--by", "transcript_id", "--corpus", {MINI!r}, "--output", {str(out)!r}, "-q"])
        """
        run = _limited(code, len(content) // 2, ignore_signal=ignore_signal)
        if ignore_signal:
            assert run.returncode == 2
            assert f"--output {str(out)!r}: File too large" in run.stderr
        else:
            assert run.returncode == -signal.SIGXFSZ
        assert out.read_bytes() == content  # not a truncated file ending on a row boundary

    def test_no_temporary_file_is_left(self, tmp_path: Path) -> None:
        out = tmp_path / "t.csv"
        with pytest.raises(RuntimeError):
            with atomic_writer(out) as fh:
                fh.write("half")
                raise RuntimeError("stop")
        assert list(tmp_path.iterdir()) == []

    def test_a_symbolic_link_keeps_pointing_at_the_new_content(self, tmp_path: Path) -> None:
        target = tmp_path / "real.csv"
        target.write_text("old\n")
        link = tmp_path / "link.csv"
        link.symlink_to(target)
        write_table(pd.DataFrame({"a": [1]}), link)
        assert link.is_symlink() and target.read_text() == "a\n1\n"

    def test_a_replaced_file_keeps_its_mode(self, tmp_path: Path) -> None:
        out = tmp_path / "t.csv"
        out.write_text("x\n")
        out.chmod(0o640)
        write_table(pd.DataFrame({"a": [1]}), out)
        assert out.stat().st_mode & 0o777 == 0o640

    def test_notebook_runner_and_bench_write_atomically(self) -> None:
        """The other writers go through the atomic writer (no in-place write_text/nbformat.write)."""
        runner = (REPO / "analysis" / "notebook_runner.py").read_text()
        bench = (REPO / "bench" / "run.py").read_text()
        assert "nbformat.write(" not in runner and "atomic_write(" in runner
        assert "Path(out_file).write_text" not in bench and "atomic_write(out_file" in bench
        offenders = [str(p.relative_to(REPO)) for p in (REPO / "analysis").rglob("*.py")
                     if re.search(r"\.to_csv\((?!fh\b|sys\.stdout)|\.write_text\(|open\([^)]*[\"']w",
                                  re.sub(r'""".*?"""', "", p.read_text(), flags=re.S))
                     and p.name not in ("outputs.py", "cache.py")
                     # writes only scratch files: the arrays its forked workers hand back, in a private
                     # temporary folder it removes, each read once the worker is done (no output a user reads)
                     and p.relative_to(REPO).as_posix() != "analysis/scale/_engine.py"]
        assert offenders == []

    def test_full_disk_in_figures_names_the_file(self, tmp_path: Path) -> None:
        out = tmp_path / "figs"
        code = f"""
            from analysis.cli import main
            sys.exit(main(["figures", "--corpus", {MINI!r}, "--out", {str(out)!r}, "--only",
                           "overview_words_by_role", "-q"]))
        """
        run = _limited(code, 4096, ignore_signal=True)
        assert run.returncode == 2
        assert re.search(rf"{re.escape(str(out))}/overview_words_by_role\.png: File too large", run.stderr), run.stderr
        assert not list(out.glob("*.png"))


# ------------------------------------------------------- outputs checked first (dangling links)

class TestOutputsCheckedFirst:
    @pytest.fixture(autouse=True)
    def no_work(self, monkeypatch) -> None:
        def refuse(*args, **kwargs):
            raise AssertionError("the analysis ran before the output was checked")
        monkeypatch.setattr("analysis.cli._filtered_turns", refuse)
        monkeypatch.setattr("analysis.figures.regenerate", refuse)

    def _error(self, capsys, argv: list[str]) -> str:
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--corpus", MINI])
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        return err

    def test_output_is_a_dangling_link(self, tmp_path: Path, capsys) -> None:
        link = tmp_path / "out.csv"
        link.symlink_to(tmp_path / "missing" / "target.csv")
        err = self._error(capsys, ["turns", "--output", str(link)])
        assert f"--output {str(link)!r}: is a broken symbolic link" in err

    def test_out_is_a_dangling_link(self, tmp_path: Path, capsys) -> None:
        link = tmp_path / "figs"
        link.symlink_to(tmp_path / "nowhere")
        err = self._error(capsys, ["figures", "--out", str(link)])
        assert f"--out {link}: is a broken symbolic link" in err

    @pytest.mark.parametrize("command,option", [("turns", "--output"), ("figures", "--out")])
    def test_a_place_that_cannot_be_written(self, capsys, command: str, option: str) -> None:
        place = "/proc/analysis-out" + (".csv" if option == "--output" else "")
        err = self._error(capsys, [command, option, place])
        assert f"{option} " in err and "cannot write in '/proc'" in err

    def test_output_is_a_folder(self, tmp_path: Path, capsys) -> None:
        (tmp_path / "x.csv").mkdir()
        err = self._error(capsys, ["turns", "--output", str(tmp_path / "x.csv")])
        assert "is a folder; give a file name" in err


# ------------------------------------------------------------- spreadsheet formulas (CSV/TSV)

@pytest.fixture(scope="module")
def formula_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("formula")
    rows = [("=HYPERLINK(\"http://x\",\"y\")", "=1+1 is not a sum"), ("+Plus", "-minus first"),
            ("@at", "@SUM(A1)"), ("Tab", "\tfirst a tab"), ("Lu Kang", "plain - text = fine")]
    with open(folder / "turns.jsonl", "w") as fh:
        for i, (sp, text) in enumerate(rows):
            fh.write(json.dumps({"transcript_id": "t1", "date": "2019-01-01", "speaker": sp,
                                 "role": "official", "text": text, "turn_index": i}) + "\n")
    return folder


def _csv_cells(path: Path, sep: str = ",") -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=sep))


class TestSpreadsheetSafety:
    @pytest.mark.parametrize("suffix,sep", [(".csv", ","), (".tsv", "\t")])
    def test_formula_cells_are_neutralised_by_default(self, tmp_path: Path, formula_corpus: Path, suffix: str,
                                                      sep: str) -> None:
        out = tmp_path / f"t{suffix}"
        assert main(["turns", "--corpus", str(formula_corpus), "--output", str(out), "-q"]) == 0
        cells = [v for row in _csv_cells(out, sep) for v in row.values()]
        assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)]
        rows = _csv_cells(out, sep)
        assert [r["speaker"] for r in rows][:3] == ["'=HYPERLINK(\"http://x\",\"y\")", "'+Plus", "'@at"]
        assert rows[1]["text"] == "'-minus first" and rows[4]["text"] == "plain - text = fine"

    def test_raw_cells_and_json_lines_are_written_as_they_are(self, tmp_path: Path, formula_corpus: Path) -> None:
        raw, jl = tmp_path / "raw.csv", tmp_path / "t.jsonl"
        assert main(["turns", "--corpus", str(formula_corpus), "--output", str(raw), "--raw-cells", "-q"]) == 0
        assert main(["turns", "--corpus", str(formula_corpus), "--output", str(jl), "-q"]) == 0
        expected = load_corpus(formula_corpus).turns()["speaker"].tolist()
        assert [r["speaker"] for r in _csv_cells(raw)] == expected
        assert [json.loads(x)["speaker"] for x in jl.read_text().splitlines()] == expected

    def test_standard_output_is_neutralised_too(self, capsys, formula_corpus: Path) -> None:
        assert main(["turns", "--corpus", str(formula_corpus), "--output", "-", "-q"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        assert rows[0]["speaker"].startswith("'=")

    def test_numbers_are_not_touched(self) -> None:
        t = pd.DataFrame({"term": ["-x", "y"], "score": [-2.5, 1.0], "n": [-3, 4]})
        got = neutralize_cells(t)
        assert got["term"].tolist() == ["'-x", "y"] and got["score"].tolist() == [-2.5, 1.0]
        assert got["n"].tolist() == [-3, 4]

    def test_documented(self, capsys) -> None:
        with pytest.raises(SystemExit):
            main(["turns", "--help"])
        assert "--raw-cells" in capsys.readouterr().out
        readme = (REPO / "README.md").read_text()
        assert "--raw-cells" in readme and "formula" in readme


# ------------------------------------------------------------------- round trip (property test)

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["", " ", "\"", "\"\"", "a,b", "a\tb", "line\nbreak", "cr\rlf\r\n", "'quoted'", "=1+1", "-3", "@x", "+y",
     "\x00nul", "\x07bell\x0bvt\x1b[31m", "\u2028sep", "中文, “quotes”", "x" * 5000])


def _expected(frame: pd.DataFrame, fmt: str, spreadsheet_safe: bool) -> pd.DataFrame:
    """The documented transformation of text cells for CSV/TSV: NUL removed, then formula
    prefixes neutralised (when on); JSON Lines keeps every cell as it is."""
    if fmt == "jsonl":
        return frame
    out = frame.copy()
    for c in ("speaker", "text"):
        out[c] = out[c].str.replace("\x00", "", regex=False)
    return neutralize_cells(out) if spreadsheet_safe else out


def _read_back(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "jsonl":  # the standard library's reader (pandas' cannot read subnormal numbers)
        with open(path, encoding="utf-8") as fh:
            return pd.DataFrame([json.loads(line) for line in fh])
    return pd.read_csv(path, sep="\t" if fmt == "tsv" else ",", keep_default_na=False, float_precision="round_trip",
                       dtype={"speaker": str, "text": str}, encoding="utf-8")


class TestRoundTrip:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(rows=st.lists(st.tuples(_TEXT, _TEXT, st.integers(-10**12, 10**12),
                                   st.floats(allow_nan=False, allow_infinity=False, width=64)),
                         min_size=1, max_size=8),
           fmt=st.sampled_from(["csv", "tsv", "jsonl"]), safe=st.booleans())
    def test_python_writer_loads_back_equal(self, tmp_path: Path, rows, fmt: str, safe: bool) -> None:
        frame = pd.DataFrame(rows, columns=["speaker", "text", "n", "score"]).astype({"speaker": object,
                                                                                      "text": object})
        path = tmp_path / f"table.{fmt}"
        write_table(frame, path, spreadsheet_safe=safe)
        got = _read_back(path, fmt)
        pd.testing.assert_frame_equal(got, _expected(frame, fmt, safe), check_dtype=False)

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(texts=st.lists(st.tuples(_TEXT.filter(lambda s: s.strip() != ""), _TEXT.filter(lambda s: s.strip() != "")),
                          min_size=1, max_size=5),
           fmt=st.sampled_from(["csv", "tsv", "jsonl"]), raw=st.booleans())
    def test_cli_output_loads_back_equal(self, tmp_path_factory, texts, fmt: str, raw: bool) -> None:
        folder = tmp_path_factory.mktemp("rt")
        with open(folder / "turns.jsonl", "w") as fh:
            for i, (sp, text) in enumerate(texts):
                fh.write(json.dumps({"transcript_id": "t1", "speaker": sp, "text": text, "turn_index": i}) + "\n")
        try:
            turns = load_corpus(folder).turns()
        except Exception:  # noqa: BLE001 - inputs the reader refuses are another module's business
            return
        out = folder / f"out.{fmt}"
        argv = ["turns", "--corpus", str(folder), "--output", str(out), "-q", *(["--raw-cells"] if raw else [])]
        assert main(argv) == 0
        got = _read_back(out, fmt)[["speaker", "text"]]
        expected = _expected(turns[["speaker", "text"]].astype(object), fmt, not raw)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                      check_dtype=False)

    def test_json_lines_keep_every_digit(self, tmp_path: Path) -> None:
        x = 0.1234567890123456
        write_table(pd.DataFrame({"score": [x]}), tmp_path / "s.jsonl")
        assert json.loads((tmp_path / "s.jsonl").read_text())["score"] == x


# --------------------------------------------------------------------------- terminal output

class TestTerminal:
    def test_no_escape_sequence_reaches_the_terminal(self, tmp_path: Path, capsys) -> None:
        folder = jsonl_corpus(tmp_path / "c", [HOSTILE["escape"], HOSTILE["bell"], "Csi\x9b31mRed",
                                               "Rlo\u202eevil"], transcripts=1, turns=4, words=5)
        assert main(["turns", "--corpus", str(folder), "--columns", "speaker,text"]) == 0
        out = capsys.readouterr().out
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out)
        # The loader drops control characters from speaker labels, so the name arrives without them.
        assert "Esc]0;pwnedName" in out

    def test_messages_on_standard_error_are_escaped(self, tmp_path: Path, capsys) -> None:
        folder = jsonl_corpus(tmp_path / "c", [HOSTILE["escape"]], transcripts=1, turns=2, words=5)
        with pytest.raises(SystemExit):  # the message repeats the user's argument, escape and all
            main(["turns", "--corpus", str(folder), "--speaker", HOSTILE["escape"]])
        err = capsys.readouterr().err
        assert "\x1b" not in err and "\\x1b" in err


# ------------------------------------------------------------------------------- Markdown

class TestMarkdown:
    def test_narration_sentences_escape_speaker_names(self, tmp_path: Path) -> None:
        turns = load_corpus(jsonl_corpus(tmp_path / "c", [HOSTILE["html"], HOSTILE["link"], HOSTILE["heading"]],
                                         transcripts=1, turns=6, words=10)).turns()
        md = describe_roles(words_by(turns, by="speaker"), by="speaker").to_markdown()
        html = render_markdown(md)
        assert "<a " not in html and "<h1>" not in html and "<img" not in html
        for name in ("&lt;img src=x onerror=alert(1)", "[click](javascript:alert(1))", "Evil # HEADING"):
            assert name in html.replace("&amp;", "&") or name in html

    def test_evidence_names_and_labels(self) -> None:
        ev = pd.DataFrame({"text": ["we **oppose** it [x](javascript:alert(1))"], "speaker": [HOSTILE["heading"]],
                           "transcript_id": ["<b>t1</b>"], "date": [None], "label": [HOSTILE["dollars"]]})
        md = Finding(f"{HOSTILE['html']} said **it** with `code`.", evidence=ev).to_markdown()
        html = render_markdown(md)
        assert "<img" not in html and "<a " not in html and "<h1>" not in html and "<b>t1" not in html
        assert "<strong>oppose</strong>" in html and "<code>code</code>" in html
        assert not re.search(r"(?<!\\)\$", md)  # no math in Jupyter

    def test_figures_index_escapes_skip_reasons_and_the_command(self, tmp_path: Path) -> None:
        specs = all_specs()[:2]
        out = tmp_path / "out`dir"
        command = regenerate_command(MINI, out)
        path = write_index(specs, out, "Source: 1 transcript.",
                           skipped={specs[0].name: f"no speaker has 5,000 words (the most: {HOSTILE['html']} "
                                                   f"{HOSTILE['link']} {HOSTILE['heading']})"},
                           failed={specs[1].name: f"ValueError: {HOSTILE['math']}"}, command=command)
        md = path.read_text()
        html = render_markdown(md)
        assert "<img" not in html and "<a " not in html and html.count("<h1>") == 1
        code = re.search(r"Regenerated by <code>(.*?)</code>", html).group(1)
        assert code.replace("&#x27;", "'").replace("&quot;", '"') == command

    def test_code_span_holds_any_backticks(self) -> None:
        for text in ["a`b", "``x``", "`start", "end`", "plain"]:
            html = render_markdown(code_span(text))
            assert re.fullmatch(r"<p><code>(.*)</code></p>\s*", html).group(1) == text

    def test_md_text_leaves_plain_sentences_alone(self) -> None:
        for text in ["Hua Chunying answers 3.2 times (p < 0.001).", "R&D in 2019-04-29_t1659619"]:
            assert md_text(text) == text


# ------------------------------------------------------------------------------- figures

@pytest.fixture(scope="module")
def hostile_figures(tmp_path_factory):
    folder = jsonl_corpus(tmp_path_factory.mktemp("hostile"), list(HOSTILE.values()))
    out = tmp_path_factory.mktemp("figs")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = regenerate(folder, out, progress=False)
    return run, out


class TestFigures:
    def test_no_figure_fails_on_hostile_names(self, hostile_figures) -> None:
        run, out = hostile_figures
        assert run.failed == {}
        assert "overview_words_by_speaker" in run.drawn and (out / "README.md").exists()

    def test_svgs_are_well_formed_xml(self, hostile_figures) -> None:
        run, out = hostile_figures
        svgs = sorted(out.glob("*.svg"))
        assert len(svgs) == len(run.drawn) > 5
        for svg in svgs:
            ET.parse(svg)  # raises on BEL, VT, ESC

    def test_dollars_are_drawn_as_written(self) -> None:
        words = pd.DataFrame({"speaker": [HOSTILE["dollars"], HOSTILE["math"], "a\\$b"],
                              "n_words": [10, 5, 3], "share": [0.5, 0.3, 0.2]})
        fig = plot_words_by_group(words, by="speaker")
        save_figure(fig, Path("/tmp"), "analysis_test_dollars", formats=("png",))
        shown = {t.get_text() for ax in fig.axes for t in ax.get_yticklabels()}
        drawn = set()
        for t in (t for ax in fig.axes for t in ax.get_yticklabels()):
            s, math = t._preprocess_math(t.get_text())
            assert not math
            drawn.add(s)
        assert {HOSTILE["dollars"], HOSTILE["math"], "a\\$b"} <= drawn, shown

    @pytest.mark.parametrize("n", [5_000, 100_000])
    def test_a_huge_name_makes_a_normal_image(self, tmp_path: Path, n: int) -> None:
        words = pd.DataFrame({"speaker": ["x" * n, "Lu Kang"], "n_words": [10, 5], "share": [0.6, 0.4]})
        (png,) = save_figure(plot_words_by_group(words, by="speaker"), tmp_path, "huge", formats=("png",))
        width, height = Image.open(png).size
        assert width < 3000 and height < 3000

    def test_every_text_passes_through_one_function(self) -> None:
        words = pd.DataFrame({"speaker": ["Bell\x07x", "y" * 500], "n_words": [10, 5], "share": [0.6, 0.4]})
        fig = plot_words_by_group(words, by="speaker")
        FigureCanvasAgg(fig).draw()
        texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
        assert all("\x07" not in t and max(map(len, t.split("\n"))) <= LABEL_MAX_CHARS for t in texts)
        assert literal_text("Bell\x07x") in texts


# ----------------------------------------------------------------------------------- kwic

class TestKwicClitics:
    TEXT = ("China's stand. China is firm. China\u2019s view. I don't know. They do know. "
            "CHINA'S rise. China's internal affairs and China internal affairs.")

    @pytest.fixture
    def turns(self) -> pd.DataFrame:
        return pd.DataFrame({"speaker": ["A"], "text": [self.TEXT]})

    @pytest.mark.parametrize("pattern", ["china's", "china\u2019s", "China's"])
    def test_word_with_its_clitic(self, turns, pattern: str) -> None:
        got = kwic(turns, pattern, window=0)["match"].tolist()
        assert got == ["China's", "China\u2019s", "CHINA'S", "China's"]

    def test_negation(self, turns) -> None:
        assert kwic(turns, "don't", window=1)[["left", "match", "right"]].values.tolist() == [["I", "don't", "know"]]

    def test_phrase_with_a_clitic(self, turns) -> None:
        got = kwic(turns, "china's internal affairs", window=0)["match"].tolist()
        assert got == ["China's internal affairs"]

    def test_bare_word_still_matches_inside(self, turns) -> None:
        assert len(kwic(turns, "china")) == 5  # CHINA'S is one token for the tokenizer

    def test_bundled_corpus_counts(self) -> None:
        lines = kwic(load_corpus(MINI).turns(), "china's", window=0)
        assert len(lines) > 0 and lines["match"].str.lower().str.replace("\u2019", "'").eq("china's").all()


class TestKwicLinear:
    def test_paragraphs_read_per_turn_do_not_grow_with_the_file(self, tmp_path: Path, monkeypatch) -> None:
        """Rows of one file look up their paragraphs without copying the rest of the file."""
        K = sys.modules["analysis.terms.kwic"]  # the module (analysis.terms.kwic is also the function)

        n = 3000
        path = tmp_path / "long.txt"
        path.write_text("Press Conference on March 21, 2019\n\n" + "".join(
            ("Q: Is there peace number %d?\n\n" if i % 2 == 0 else "A: We want peace, number %d.\n\n") % i
            for i in range(n)))
        turns = load_corpus(path).turns()
        touched = [0]

        class Counting(tuple):
            def __getitem__(self, key):
                got = super().__getitem__(key)
                touched[0] += len(got) if isinstance(key, slice) else 1
                return got

            def __iter__(self):
                for x in super().__iter__():
                    touched[0] += 1
                    yield x

        real = K._page_paragraphs
        monkeypatch.setattr(K, "_page_paragraphs", lambda *a: Counting(real(*a)))
        lines = kwic(turns, "peace", window=2)
        assert len(lines) == n and lines["line"].notna().all()
        assert touched[0] <= 2 * n * (np.log2(n) + 4), touched[0]

    def test_a_long_wrapped_paragraph_is_aligned_once(self, tmp_path: Path, monkeypatch) -> None:
        """Matches in one long paragraph wrapped over many lines: the paragraph is aligned with its
        raw text once, not once per match (a 20,000-word turn took minutes), and lines stay exact."""
        K = sys.modules["analysis.terms.kwic"]
        words = " ".join(f"we want peace and stability in the region number {i}" for i in range(300))
        path = tmp_path / "long.txt"
        path.write_text("Press Conference on March 21, 2019\n\nA: " + "\n".join(textwrap.wrap(words, 70)) + "\n")
        aligned = [0]
        real = K.difflib.SequenceMatcher

        def counting(*args, **kwargs):
            aligned[0] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(K.difflib, "SequenceMatcher", counting)
        lines = kwic(load_corpus(path).turns(), "peace", window=2)
        assert len(lines) == 300 and aligned[0] <= 1
        source = path.read_text().split("\n")
        assert all("peace" in source[n - 1] for n in lines["line"])
