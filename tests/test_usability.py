"""What a new user meets on a first day: make lab as root, the README's commands as written,
notebook 00 on a small folder, figures options for small corpora, terminal names, long work
that says so, and three figures that must read right (each test failed before its fix)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _five_transcripts(folder: Path) -> Path:
    """Five short briefings in which no phrase of 3+ words recurs at all (random words)."""
    rng = np.random.default_rng(2)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(5):
        words = ["".join(rng.choice(letters, 7)) for _ in range(65)]
        (folder / f"t{i}.txt").write_text(f"Meeting {i}\n2020-0{i + 1}-0{i + 1}\n\nQ: {' '.join(words[:25])}?\n\n"
                                          f"A: {' '.join(words[25:])}.\n", encoding="utf-8")
    return folder


class TestMakeLab:
    def test_as_root_adds_allow_root(self) -> None:
        if os.geteuid() != 0:
            pytest.skip("runs as root only (the case where JupyterLab needs --allow-root)")
        out = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        line = next(x for x in out.splitlines() if "jupyter lab notebooks/" in x)
        assert re.search(r"jupyter lab notebooks/ --allow-root\s*$", line)

    def test_lab_args_reach_jupyter(self) -> None:
        out = subprocess.run(["make", "-n", "lab", "LAB_ARGS=--no-browser --port 8899"], cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        line = next(x for x in out.splitlines() if "jupyter lab notebooks/" in x)
        assert line.rstrip().endswith("--no-browser --port 8899")


class TestReadmeCommands:
    def test_papermill_from_the_environment_and_out_of_the_repository(self) -> None:
        lines = [ln for ln in README.splitlines() if "papermill " in ln and "notebooks/" in ln]
        assert lines, "the README shows how to run a notebook with papermill"
        for ln in lines:
            cmd = re.search(r"`([^`]*papermill [^`]*)`", ln)
            text = cmd.group(1) if cmd else ln
            assert text.lstrip().startswith(".venv/bin/papermill "), text
            out = text.split()[2]
            assert "/" in out and not out.startswith("notebooks/"), f"output {out!r} lands in the repository"

    def test_output_examples_write_outside_the_repository(self) -> None:
        commands = [ln for ln in README.splitlines() if ln.startswith(".venv/bin/python -m analysis")]
        outputs = [m for ln in commands for m in re.findall(r"--(?:output|out) (\S+)", ln)]
        assert "/tmp/formulae.csv" in outputs
        for path in outputs:
            assert path == "-" or path.startswith("/"), f"{path} lands in the repository"


class TestNotebook00OnFiveTranscripts:
    def test_defaults_run_and_prose_reads(self, tmp_path: Path) -> None:
        import nbformat
        import papermill as pm

        from analysis.notebook_runner import NOTEBOOK_DIR

        folder = _five_transcripts(tmp_path / "five")
        out = tmp_path / "out.ipynb"
        pm.execute_notebook(str(NOTEBOOK_DIR / "00_quickstart.ipynb"), str(out), parameters={"CORPUS": str(folder)},
                            cwd=str(NOTEBOOK_DIR), progress_bar=False, kernel_name="python3")
        nb = nbformat.read(out, as_version=4)
        shown = "".join(o.get("data", {}).get("text/markdown", "") + o.get("text", "")
                        for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
        assert "No phrase recurs across transcripts." in shown
        assert not re.search(r"in (\d+) to \1 transcripts", shown)
        numbers = json.loads("".join(o.get("text", "") for c in nb.cells if "key-numbers" in c.metadata.get("tags", [])
                                     for o in c.outputs if o.get("output_type") == "stream"))
        assert numbers["transcripts"] == 5 and numbers["n_formulae"] == 0


class TestFiguresOptions:
    def test_k_and_min_df_draw_the_topic_figures_of_a_small_corpus(self, tmp_path: Path, capsys) -> None:
        status = main(["figures", "--corpus", str(ROOT / "tests" / "data" / "mini"), "--out", str(tmp_path),
                       "--only", "topics_term_heatmap", "--k", "3", "--min-df", "2", "--quiet"])
        assert status == 0
        assert (tmp_path / "topics_term_heatmap.png").exists()
        assert "1 drawn, 0 skipped" in capsys.readouterr().out


class TestTerminalNames:
    def test_harbour_master_whole_at_140_columns(self) -> None:
        from analysis._terminal import Column, fit, lines

        cols = [Column("date", ["2021-03-04"], False), Column("speaker", ["HARBOUR MASTER"], False, 12),
                Column("left", ["x" * 31], True, 28, True), Column("match", ["quay"], False),
                Column("right", ["y" * 31], False, 28), Column("transcript_id", ["t" * 39], False),
                Column("line", ["12"], True)]
        shown, widths = fit(cols, 140, (("transcript_id", "line"),))
        row = lines(shown, widths)[1]
        assert "HARBOUR MASTER" in row and len(row) <= 140


class TestLongWorkSaysSo:
    def test_k_beyond_the_units_fails_at_once(self, capsys, monkeypatch) -> None:
        from sklearn.decomposition import NMF, LatentDirichletAllocation

        def no_fit(*args, **kwargs):
            raise AssertionError("a topic model was fitted before the k guard")

        # "At once" means before any model is fitted: reading the corpus and cutting its units only.
        for model in (NMF, LatentDirichletAllocation):
            monkeypatch.setattr(model, "fit", no_fit)
            monkeypatch.setattr(model, "fit_transform", no_fit)
        with pytest.raises(SystemExit) as exit_:
            main(["topics", "--k", "1000"])
        assert exit_.value.code == 2
        err = capsys.readouterr().err
        from analysis.topics.models import max_topics

        found = re.search(r"--k=1000 is more topics than ([\d,]+) units can support \(at most (\d+)", err)
        assert found, err
        n_units, most = int(found.group(1).replace(",", "")), int(found.group(2))
        assert n_units > 10_000 and most == max_topics(n_units)

    def test_guard_before_any_fit(self) -> None:
        from analysis.topics import choose_k, fit_topics
        from analysis.topics.models import max_topics

        assert (max_topics(5), max_topics(1_000), max_topics(11_680)) == (5, 200, 584)
        units = pd.DataFrame({"text": [f"w{i} w{i + 1} w{i + 2}" for i in range(300)]})
        with pytest.raises(ValueError, match=r"fit_topics\(\): k=250 is more topics than 300 units can support"):
            fit_topics(units, k=250, min_df=1)
        with pytest.raises(ValueError, match=r"choose_k\(\): k=250 is more topics than 300 units"):
            choose_k(units, k_values=[2, 250], min_df=1)

    def test_explore_shows_each_step(self, tmp_path: Path, capsys) -> None:
        from analysis.corpus import load_corpus
        from analysis.site import write_site

        write_site(load_corpus(ROOT / "tests" / "data" / "mini").turns(), tmp_path, k=2, min_df=2, progress=True)
        err = capsys.readouterr().err
        for step in ("two groups (keyness scatter) ...", "topics (nmf, k=2) ...", "formulae ...", "explorer page ..."):
            assert step in err


class TestFigures:
    def test_top_terms_labels_are_the_plotted_rates_on_one_scale(self) -> None:
        from analysis.plots.terms import plot_top_terms

        freqs = pd.DataFrame({"role": ["a", "a", "b", "b"], "term": ["x", "y", "x", "z"], "count": [40, 10, 3, 2],
                              "per_1000": [20.0, 5.0, 30.0, 12.5]})
        fig = plot_top_terms(freqs, by="role")
        for ax in fig.axes:
            widths = sorted(round(p.get_width(), 6) for p in ax.patches)
            labels = sorted(float(t.get_text().strip().replace(",", "")) for t in ax.texts)
            assert labels == widths  # 5.0, 20.0 | 12.5, 30.0: the rates, not the counts 10, 40 | 2, 3
        assert len({ax.get_xlim() for ax in fig.axes}) == 1 and fig.axes[0].get_xlim()[1] >= 30

    def test_collocation_network_edges_cross_no_other_node_and_size_is_in_the_legend(self) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from analysis import phrases
        from analysis.corpus import load_corpus
        from analysis.plots.phrases import plot_collocation_network

        colloc = phrases.collocations(load_corpus(ROOT / "data").turns(), min_count=5)
        for word in ("international", "trade", "cooperation"):  # the figure's word, and two more
            fig = plot_collocation_network(colloc, word=word, top=15)
            FigureCanvasAgg(fig)
            renderer = fig.canvas.get_renderer()
            ax = fig.axes[0]
            nodes = [c for c in ax.collections if len(c.get_offsets())][0]
            centres = np.asarray(nodes.get_offsets())
            radii = np.sqrt(np.broadcast_to(nodes.get_sizes(), (len(centres),))) / 2 * fig.dpi / 72
            for line in ax.lines:
                xy = np.asarray(line.get_xydata())
                if len(xy) != 2:
                    continue
                a, b = ax.transData.transform(xy)
                path = a + np.linspace(0, 1, 400)[:, None] * (b - a)
                for c, r in zip(centres, radii):  # markers of the nodes the edge does not join
                    if not (np.allclose(c, xy[0]) or np.allclose(c, xy[1])):
                        assert np.min(np.linalg.norm(path - ax.transData.transform(c), axis=1)) > r, (word, xy)
                for t in ax.texts:  # labels of the nodes the edge does not join
                    if np.allclose(t.xy, xy[0]) or np.allclose(t.xy, xy[1]):
                        continue
                    box = t.get_window_extent(renderer)
                    inside = ((path[:, 0] > box.x0) & (path[:, 0] < box.x1) & (path[:, 1] > box.y0)
                              & (path[:, 1] < box.y1))
                    assert not inside.any(), (word, t.get_text(), xy)
            legend = [t.get_text() for t in ax.get_legend().get_texts()]
            assert any(t.startswith("node size: log-likelihood G2") for t in legend), legend

    def test_topics_over_time_label_is_the_command_lines_topic(self, tmp_path: Path, capsys) -> None:
        from analysis.figures import registry
        from analysis.gallery import FigureContext
        from analysis.corpus import load_corpus

        ctx = FigureContext(load_corpus(ROOT / "data"))
        ctx.cache["topic_options"] = {"k": 10, "min_df": 5}
        fig = registry()["topics_over_time"].make(ctx)
        legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        label = dict(s.split(": ", 1) for s in legend)["1"]
        assert main(["topics", "--k", "10", "--output", str(tmp_path / "topics.csv"), "--quiet"]) == 0
        cli = pd.read_csv(tmp_path / "topics.csv")
        assert ", ".join(cli.loc[cli["topic"] == 1, "top_terms"].iloc[0].split(", ")[:3]) == label
