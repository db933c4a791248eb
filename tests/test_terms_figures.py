"""Tests of the term figures (analysis.plots.terms, gallery family "terms"), the term
narration (analysis.narrate.terms) and notebook 02."""

from __future__ import annotations

import io

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import terms as tm
from analysis.corpus import load_corpus
from analysis.figures import DEFAULT_CORPUS, registry
from analysis.narrate import terms as nt
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers
from analysis.plots import terms as pt

from test_terms import TURNS


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


# --------------------------------------------------------------------------- plots
class TestPlotTopTerms:
    def test_small_multiples(self) -> None:
        fig = pt.plot_top_terms(tm.term_frequencies(TURNS, by="role"), by="role", top=3)
        axes = [a for a in fig.axes if a.get_visible()]
        assert [a.get_title() for a in axes] == ["official", "questioner"]
        assert [t.get_text() for t in axes[0].get_yticklabels()][-1] == "cooperation"  # most frequent on top

    def test_single_group_on_given_axes(self) -> None:
        fig = Figure()
        ax = fig.add_subplot()
        assert pt.plot_top_terms(tm.term_frequencies(TURNS), ax=ax) is fig
        with pytest.raises(ValueError, match="ax= draws one panel"):
            pt.plot_top_terms(tm.term_frequencies(TURNS, by="role"), by="role", ax=ax)


class TestPlotKeyness:
    def test_diverging_bars(self) -> None:
        table = tm.keyness(TURNS, "official", min_count=1, correction=None, alpha=0.99)
        fig = pt.plot_keyness(table, top=3)
        ax = fig.axes[0]
        widths = [p.get_width() for p in ax.patches]
        assert widths == sorted(widths)  # most under-used at the bottom, most over-used on top
        assert min(widths) < 0 < max(widths)
        assert ax.get_title() == "Official vs rest"

    def test_panels_per_comparison(self) -> None:
        table = tm.keyness(TURNS, by="speaker", compare="rest", min_count=1, correction=None, alpha=0.99)
        fig = pt.plot_keyness(table, top=2)
        assert len([a for a in fig.axes if a.get_visible()]) == 3

    def test_no_comparison(self) -> None:
        with pytest.raises(ValueError, match="no comparison"):
            pt.plot_keyness(tm.keyness(TURNS.iloc[:0], "official"))


class TestPlotLogOdds:
    def test_scatter_and_labels_are_deterministic(self) -> None:
        table = tm.distinctive_terms(TURNS, "official", by="role", min_count=1)
        a, b = pt.plot_log_odds(table, z=0.5), pt.plot_log_odds(table, z=0.5)
        assert _png(a) == _png(b)
        assert any(t.get_text() == "cooperation" for t in a.axes[0].texts)

    def test_needs_one_comparison(self) -> None:
        table = tm.distinctive_terms(TURNS, by="speaker", compare="rest", min_count=1)
        with pytest.raises(ValueError, match="choose one with target="):
            pt.plot_log_odds(table)
        assert isinstance(pt.plot_log_odds(table, target="Journalist"), Figure)


class TestPlotDispersionAndTrends:
    def test_xray_rows(self) -> None:
        pos = tm.term_positions(TURNS, ["china", "internal affairs"])
        fig = pt.plot_dispersion(pos)
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()] == ["china", "internal affairs"]
        assert ax.get_xlim() == (0.0, 55.0)

    def test_trend_lines(self) -> None:
        fig = pt.plot_term_trends(tm.term_trends(TURNS, ["china", "trade"]))
        assert [line.get_label() for line in fig.axes[0].lines] == ["china", "trade"]
        fig = pt.plot_term_trends(tm.term_trends(TURNS, "china", by="role"), by="role")
        assert len(fig.axes) == 2


def test_gallery_registers_the_terms_figures() -> None:
    names = set(registry())
    assert {"terms_top_by_role", "terms_keyness_roles", "terms_keyness_spokespersons",
            "terms_log_odds_spokesperson", "terms_dispersion_xray", "terms_trends"} <= names


def test_no_pyplot_state() -> None:
    pt.plot_top_terms(tm.term_frequencies(TURNS))
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == [] and matplotlib.get_backend()


# --------------------------------------------------------------------------- narration
class TestNarration:
    def test_keyness_sentence_states_the_table(self) -> None:
        table = tm.keyness(TURNS, "official", "questioner", min_count=1, correction=None, alpha=0.2)
        f = nt.describe_keyness(table, n=2, noun="turns")
        over = table[table["significant"] & (table["score"] > 0)]["term"].head(2).tolist()
        assert f.counts["official vs questioner"]["over"] == over
        assert all(f"\u201c{t}\u201d" in f.text for t in over)
        assert f"{int(table['significant'].sum())} of {len(table)} terms" in f.text

    def test_keyness_evidence_from_kwic(self) -> None:
        table = tm.keyness(TURNS, "official", min_count=1)
        f = nt.describe_keyness(table, examples=tm.kwic(TURNS, "cooperation"))
        assert len(f.evidence) == 4 and "**Cooperation**" in f.evidence["text"].iloc[0]
        assert "> \u201c" in f.to_markdown()

    def test_distinctive_and_trends(self) -> None:
        d = tm.distinctive_terms(TURNS, by="speaker", compare="rest", min_count=1)
        f = nt.describe_distinctive(d, z=0.0)
        assert set(f.counts) == {"Geng Shuang", "Hua Chunying", "Journalist"}
        t = nt.describe_trends(tm.term_trends(TURNS, ["cooperation", "sovereignty"]))
        assert t.counts["cooperation"] == {"total": 4, "peak": "2019-02", "peak_count": 3}
        assert "\u201csovereignty\u201d does not occur" in t.text

    def test_top_terms_and_dispersion(self) -> None:
        f = nt.describe_top_terms(tm.term_frequencies(TURNS), n=2)
        assert f.counts == {"affairs": 4, "china": 4}
        d = nt.describe_dispersion(tm.dispersion(TURNS, min_count=3), n=1)
        assert d.counts["even"] != d.counts["concentrated"]

    def test_empty_tables(self) -> None:
        assert "No term" in nt.describe_keyness(pd.DataFrame()).text
        assert "No term" in nt.describe_top_terms(pd.DataFrame()).text


# --------------------------------------------------------------------------- notebook 02
def test_notebook_02_key_numbers() -> None:
    nb = execute_notebook(NOTEBOOK_DIR / "02_terms.ipynb")
    got = key_numbers(nb)
    turns = load_corpus(DEFAULT_CORPUS, progress=False).turns()
    overall = tm.term_frequencies(turns)
    roles = tm.keyness(turns, "official", "questioner", min_parts=5)
    officials = turns[turns["role"] == "official"]
    words = officials.groupby("speaker")["n_words"].sum()
    spokespersons = officials[officials["speaker"].isin(words[words >= 0.05 * words.sum()].index)]
    marks = tm.distinctive_terms(spokespersons, by="speaker", compare="rest")
    frequent = tm.dispersion(turns).head(100).sort_values(["dp", "term"], ignore_index=True)
    assert got == {
        "top_term": overall["term"].iloc[0],
        "top_term_count": int(overall["count"].iloc[0]),
        "official_key": roles["term"].iloc[0],
        "official_key_g2": round(float(roles["g2"].iloc[0]), 6),
        "questioner_key": roles["term"].iloc[-1],
        "significant_terms": int(roles["significant"].sum()),
        "spokespersons": sorted(spokespersons["speaker"].unique()),
        "spokesperson_markers": {t: g["term"].iloc[0] for t, g in marks.groupby("target")},
        "most_concentrated": frequent["term"].iloc[-1],
        "rising": tm.rising_terms(turns, by="year")["term"].tolist(),
    }
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 6


def test_plot_keyness_names_a_boolean_targets_groups() -> None:
    import pandas as pd

    from analysis.plots import plot_keyness
    from analysis.terms import keyness

    turns = pd.DataFrame({"transcript_id": list("abcd"), "year": [1995, 1998, 2003, 2007],
                          "text": ["détente détente cold war", "détente arms", "climate climate change", "climate"]})
    table = keyness(turns, turns["year"] >= 2000, min_count=1)
    fig = plot_keyness(table, significant_only=False, labels={"target": "2000 and later", "reference": "before 2000"})
    ax = fig.axes[0]
    assert ax.get_title() == "2000 and later vs before 2000"
    assert ax.get_xlabel().endswith("\u2190 more in before 2000   |   more in 2000 and later \u2192")
    assert plot_keyness(table, significant_only=False).axes[0].get_title() == "Target vs reference"
