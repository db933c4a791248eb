"""Tests of analysis.explore (the views behind the Jupyter explorer)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.explore import term_report

TURNS = pd.DataFrame({
    "transcript_id": ["a", "a", "b", "b"],
    "date": pd.to_datetime(["2020-01-05", "2020-01-05", "2020-07-01", "2020-07-01"]),
    "speaker": ["X", "J", "X", "Y"],
    "role": ["official", "questioner", "official", "official"],
    "turn_index": [0, 1, 0, 1],
    "path": ["a.txt", "a.txt", "b.txt", "b.txt"],
    "line": [1, 3, 1, 3],
    "n_words": [6, 4, 5, 5],
    "text": ["We firmly oppose internal interference.", "Do you oppose it?",
             "Internal affairs are internal affairs.", "We oppose that firmly."],
})


class TestTermReport:
    def test_word(self) -> None:
        r = term_report(TURNS, "oppose")
        assert r.n_matches == 3
        assert r.users[["speaker", "matches", "words"]].values.tolist() == [["J", 1, 4], ["X", 1, 11], ["Y", 1, 5]]
        assert r.users["per_1000"].tolist() == pytest.approx([250, 1000 / 11, 200])

    def test_phrase_and_trend_counts_agree(self) -> None:
        r = term_report(TURNS, "internal affairs", freq="quarter")
        assert r.n_matches == 2
        assert int(r.trends["count"].sum()) == r.n_matches

    def test_wildcard(self) -> None:
        assert term_report(TURNS, "firm*").n_matches == 2

    def test_no_match(self) -> None:
        r = term_report(TURNS, "sovereignty")
        assert r.n_matches == 0 and r.users.empty

    def test_bad_freq(self) -> None:
        with pytest.raises(ValueError, match=r"term_report\(\): freq must be one of"):
            term_report(TURNS, "oppose", freq="week")


# ----------------------------------------------------------------- turn in context

from analysis.explore import figure_png, formula_report, group_scatter, turn_context  # noqa: E402

EXCHANGE = pd.DataFrame({
    "transcript_id": ["a"] * 4 + ["b"],
    "turn_index": [0, 1, 2, 3, 0],
    "speaker": ["Q1", "X", "X", "Q2", "X"],
    "role": ["questioner", "official", "official", "questioner", "official"],
    # Int64 with NA, as Corpus.turns() gives it
    "answers_turn": pd.array([pd.NA, 0, 0, pd.NA, pd.NA], dtype="Int64"),
    "text": ["Why the tariffs?", "Because of the deficit.", "And the law.", "Thanks.", "Elsewhere."],
})


class TestTurnContext:
    def test_answer_shows_its_question(self) -> None:
        got = turn_context(EXCHANGE, "a", 1)
        assert got[["relation", "turn_index"]].values.tolist() == [["question", 0], ["turn", 1]]

    def test_question_shows_every_answer(self) -> None:
        got = turn_context(EXCHANGE, "a", 0)
        assert got[["relation", "turn_index"]].values.tolist() == [["turn", 0], ["answer", 1], ["answer", 2]]

    def test_unanswered_turn_alone(self) -> None:
        assert turn_context(EXCHANGE, "a", 3)["relation"].tolist() == ["turn"]

    def test_bundled_corpus_kwic_line(self) -> None:
        from analysis.corpus import load_corpus

        turns = load_corpus("tests/data/mini").turns()
        line = term_report(turns, "xinjiang").lines.iloc[0]
        got = turn_context(turns, line["transcript_id"], int(line["turn_index"]))
        assert "turn" in got["relation"].tolist() and len(got) >= 2
        assert got.loc[got["relation"] == "turn", "text"].iloc[0][line["start"]:line["end"]].lower() == "xinjiang"

    def test_unknown_turn(self) -> None:
        with pytest.raises(ValueError, match=r"turn_context\(\): no turn 9 in transcript 'a'"):
            turn_context(EXCHANGE, "a", 9)


class TestGroupScatter:
    def test_dense_rank_positions(self) -> None:
        # counts in b (x): tax 0, war 2, peace 1 -> dense ranks 1, 3, 2 -> 0, 1, 0.5;
        # counts in a (y): tax 3, war 1, peace 0 -> 3, 2, 1 -> 1, 0.5, 0 (scattertext's layout)
        t = pd.DataFrame({"role": ["a", "b"], "text": ["tax tax tax war", "war war peace"]})
        got = group_scatter(t, "a", by="role", min_count=1).set_index("term")
        assert got.loc[["tax", "war", "peace"], ["x", "y"]].values.tolist() == [[0.0, 1.0], [1.0, 0.5], [0.5, 0.0]]
        assert got.loc["tax", "score"] > 0 > got.loc["peace", "score"]  # tax is a's, peace b's

    def test_bounds_and_keyness_columns(self) -> None:
        got = group_scatter(TURNS, "official", "questioner", min_count=1)
        assert got["x"].between(0, 1).all() and got["y"].between(0, 1).all()
        assert {"count_target", "count_reference", "score"} <= set(got.columns)


class TestFormulaReport:
    def test_variants_and_timeline(self) -> None:
        t = pd.DataFrame({"transcript_id": ["a", "b", "c"], "speaker": ["X"] * 3, "role": ["official"] * 3,
                          "turn_index": [0, 0, 0], "date": pd.to_datetime(["2020-01-05", "2020-02-01", "2020-05-01"]),
                          "text": ["We firmly oppose it.", "We Firmly  oppose it.", "We firmly oppose that."]})
        got = formula_report(t, "firmly oppose")
        assert got["variants"][["variant", "count", "n_transcripts"]].values.tolist() == [["firmly oppose", 3, 3]]
        assert got["timeline"]["count"].tolist() == [2, 1]  # 2020Q1, 2020Q2
        assert got["timeline"]["period"].dt.strftime("%Y-%m-%d").tolist() == ["2020-01-01", "2020-04-01"]


class TestDrawsUnderAnyBackend:
    """The explorer showed its trend as the text ``<Figure size 680x340 with 1 Axes>`` unless the
    notebook had run ``%matplotlib inline``: it now draws PNG bytes into its own Image widgets."""

    def test_figure_png_is_a_png(self) -> None:
        png = figure_png(term_report(TURNS, "oppose").figure())
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5_000

    def test_explorer_trend_is_an_image_widget(self, monkeypatch) -> None:
        import ipywidgets as w
        import matplotlib

        monkeypatch.setenv("MPLBACKEND", "agg")
        matplotlib.use("agg")  # not the inline backend: nothing would show a Figure by itself
        from analysis.explore import explorer

        tabs = explorer(TURNS, initial="oppose")
        panel = tabs.children[0]
        images = [c for c in panel.children if isinstance(c, w.Image)]
        assert len(images) == 1 and images[0].value[:8] == b"\x89PNG\r\n\x1a\n"
        box = panel.children[0].children[0]
        before = images[0].value
        box.value = "internal"
        assert images[0].value[:8] == b"\x89PNG\r\n\x1a\n" and images[0].value != before
        lines = [c for c in panel.children if isinstance(c, w.Select)][0]
        assert len(lines.options) == 3  # "internal" x2 in b, x1 in a
        lines.index = 0
        assert "turn-context" in panel.children[-1].value
        assert [tabs.get_title(i) for i in range(len(tabs.children))] == ["Term or phrase", "Two groups"]

    def test_topics_and_formulae_tabs(self) -> None:
        import ipywidgets as w

        from analysis.corpus import load_corpus
        from analysis.explore import explorer
        from analysis.phrases import formulae
        from analysis.topics import fit_topics, topic_units

        turns = load_corpus("tests/data/mini").turns()
        model = fit_topics(topic_units(turns), k=3, min_df=2)
        table = formulae(turns, min_transcripts=2, min_length=3)
        tabs = explorer(turns, topics=model, formulae=table, initial="china")
        assert [tabs.get_title(i) for i in range(4)] == ["Term or phrase", "Two groups", "Topics", "Formulae"]
        topic_view = tabs.children[2].children[1].value
        assert all(part in topic_view for part in ("<b>Terms</b>", "<b>Phrases</b>", "<b>Passages</b>"))
        image = [c for c in tabs.children[3].children if isinstance(c, w.Image)][0]
        assert image.value[:8] == b"\x89PNG\r\n\x1a\n"
        tabs.children[0].children[0].children[0].value = ""  # a pattern kwic refuses: said, not raised
        assert "contains no word to match" in tabs.children[0].children[1].value


def test_page_users_rate_is_per_1000_words(tmp_path) -> None:
    """The shareable page's search (its JavaScript, run by Node) gives each speaker's matches
    per 1,000 of their words, as term_report does."""
    import json
    import shutil
    import subprocess

    from analysis.site import _JS_LIB

    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("Node.js is not installed")
    turns = {"text": ["We oppose it.", "We oppose that and oppose this."], "period": [0, 0],
             "speaker": ["A", "B"], "date": ["2019-01-01", "2019-01-01"]}
    meta = {"period_words": [9], "period_start": [0], "speaker_words": {"A": 3, "B": 6},
            "speaker_role": {"A": "official", "B": "questioner"}, "window": 3, "max_lines": 10}
    script = tmp_path / "search.js"
    call = f"const r = E.search('oppose', {json.dumps(turns)}, {json.dumps(meta)});"
    script.write_text(f"var window = globalThis;\n{_JS_LIB}\n{call}\nconsole.log(JSON.stringify(r.users));\n",
                      encoding="utf-8")
    users = json.loads(subprocess.run([node, str(script)], capture_output=True, text=True, check=True).stdout)
    assert users == {"speaker": ["B", "A"], "role": ["questioner", "official"], "matches": [2, 1],
                     "per_1000": [333.333, 333.333]}
