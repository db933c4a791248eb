"""Tests of the phrase figures (analysis.plots.phrases, gallery family "phrases"), the phrase
narration (analysis.narrate.phrases) and notebook 03."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from analysis import phrases as ph
from analysis.corpus import load_corpus
from analysis.figures import DEFAULT_CORPUS, registry
from analysis.narrate import phrases as nph
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers
from analysis.plots import phrases as pph
from analysis.plots._style import fit_label

from test_phrases import DATED, SEEDS, STOCK


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_corpus(SEEDS).turns()


@pytest.fixture(scope="module")
def seed_formulae(seeds) -> pd.DataFrame:
    return ph.formulae(seeds)


# --------------------------------------------------------------------------- plots
class TestPlotTopPhrases:
    def test_panels_and_order(self) -> None:
        counts = ph.ngram_counts(pd.DataFrame({"text": ["Peace and stability. Peace and stability. Win-win deal.",
                                                        "Win-win deal. Win-win deal."], "speaker": ["A", "B"]}),
                                 n=(2, 3), by="speaker", min_count=1)
        fig = pph.plot_top_phrases(counts, by="speaker", top=2)
        axes = [a for a in fig.axes if a.get_visible()]
        assert [a.get_title() for a in axes] == ["A", "B"]
        assert [t.get_text() for t in axes[1].get_yticklabels()][-1] == "win-win deal"  # most frequent on top
        ungrouped = ph.ngram_counts(pd.DataFrame({"text": ["Peace and stability. Peace and stability."]}), n=2,
                                    min_count=1)
        assert pph.plot_top_phrases(ungrouped).axes[0].get_title() == "All turns"
        assert pph.plot_top_phrases(ungrouped, title="Stock answers").axes[0].get_title() == "Stock answers"

    def test_ax_and_errors(self, seed_formulae) -> None:
        fig = Figure()
        ax = fig.add_subplot()
        assert pph.plot_top_phrases(seed_formulae, value="n_transcripts", ax=ax) is fig
        with pytest.raises(ValueError, match="ax= draws one group"):
            pph.plot_top_phrases(pd.DataFrame({"ngram": ["a b", "c d"], "count": [1, 2], "g": ["x", "y"]}),
                                 by="g", ax=ax)
        with pytest.raises(ValueError, match="needs one of the columns"):
            pph.plot_top_phrases(pd.DataFrame({"x": [1]}))
        with pytest.raises(ValueError, match="value 'score' is not a column"):
            pph.plot_top_phrases(seed_formulae, value="score")


class TestFormulaFigures:
    def test_heatmap_cells(self, seeds, seed_formulae) -> None:
        occ = ph.formula_occurrences(seeds, seed_formulae)
        fig = pph.plot_formula_heatmap(occ, top=5)
        image = fig.axes[0].images[0].get_array()
        assert image.shape == (5, 2)
        shown = sorted(occ["formula"].unique())[:5]  # all tie at 2 transcripts: alphabetical order
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert labels == [fit_label(f, 32) for f in shown]  # whole, wrapped; shortened in the middle past 2 lines
        assert image.sum() == occ["formula"].isin(shown).sum()

    def test_timeline_rows(self) -> None:
        spread = ph.formula_spread(DATED, ["win-win cooperation", "old friendship lasts"], freq="Y")
        fig = pph.plot_formula_timeline(spread)
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        assert labels == ["win-win cooperation", "old friendship lasts"]

    def test_timeline_trends_marked(self) -> None:
        names = ["win-win cooperation", "old friendship lasts"]
        em = ph.formula_emergence(DATED, names, freq="Q")
        assert em.set_index("formula")["trend"].to_dict()["win-win cooperation"] == "rising"
        fig = pph.plot_formula_timeline(ph.formula_spread(DATED, names, freq="Q"), trends=em)
        ax = fig.axes[0]
        used = ax.collections[1]  # the dots of the periods a formula is used in
        rows = used.get_offsets()[:, 1]
        colors = [tuple(c[:3]) for c in used.get_facecolors()]
        rising, other = to_rgb(pph._TREND_COLORS["rising"]), to_rgb(pph._TREND_COLORS["other"])
        assert {colors[i] for i in np.flatnonzero(rows == 0)} == {rising}
        trend = em.set_index("formula")["trend"]
        assert {colors[i] for i in np.flatnonzero(rows == 1)} == (
            {rising} if trend["old friendship lasts"] == "rising" else
            {to_rgb(pph._TREND_COLORS["fading"])} if trend["old friendship lasts"] == "fading" else {other})
        tau = em.set_index("formula")["tau"]
        assert [t.get_text() for t in ax.texts] == [f"τ {tau[n]:+.2f}" for n in names]
        titles = [lg.get_title().get_text() for lg in (ax.get_legend(), *[a for a in ax.artists])]
        assert "trend (Mann-Kendall)" in titles and "share" in titles
        with pytest.raises(ValueError, match="trends needs the columns"):
            pph.plot_formula_timeline(ph.formula_spread(DATED, names, freq="Q"), trends=em[["formula"]])

    def test_network(self, seeds) -> None:
        colloc = ph.collocations(seeds, min_count=2)
        fig = pph.plot_collocation_network(colloc, word="party", top=6)
        ax = fig.axes[0]
        names = {t.get_text() for t in ax.texts}  # the collocates; the centre is named in the legend
        expected = set(colloc[(colloc["w1"] == "party") | (colloc["w2"] == "party")].head(6)[["w1", "w2"]].stack())
        assert names == expected - {"party"}
        assert "\u201cparty\u201d (centre)" in [t.get_text() for t in ax.get_legend().get_texts()]
        assert _png(fig) == _png(pph.plot_collocation_network(colloc, word="party", top=6))  # fixed seed
        with pytest.raises(ValueError, match="has no collocate"):
            pph.plot_collocation_network(colloc, word="zebra")


class TestGallery:
    def test_registered(self) -> None:
        names = [n for n in registry() if n.startswith("phrases_")]
        assert names == ["phrases_top_by_speaker", "phrases_formula_heatmap", "phrases_formula_timeline",
                         "phrases_stock_answers", "phrases_collocation_network"]


# --------------------------------------------------------------------------- narration
class TestNarrate:
    def test_formulae(self, seeds, seed_formulae) -> None:
        f = nph.describe_formulae(seed_formulae, occurrences=ph.formula_occurrences(seeds, seed_formulae))
        assert f.text.startswith(f"{len(seed_formulae)} formulae recur across transcripts")
        assert f.counts["longest"] == seed_formulae.sort_values("n_words", ascending=False)["formula"].iloc[0]
        assert len(f.evidence) and set(f.evidence["transcript_id"]) <= set(seeds["transcript_id"])
        assert nph.describe_formulae(seed_formulae.iloc[:0]).text == "No phrase recurs across transcripts."

    def test_stock_and_emergence(self) -> None:
        stock = ph.stock_answers(STOCK)
        text = nph.describe_stock_answers(stock, ph.stock_answer_rates(STOCK, stock)).text
        assert "\u201cWe have noted the relevant reports.\u201d (3 transcripts, 3 uses by 2 speakers" in text
        assert "100.0% of Hua's 1 and 50.0% of Lu's 4 answer sentences" in text
        em = ph.formula_emergence(DATED, ["win-win cooperation", "old friendship lasts"])
        f = nph.describe_emergence(em)
        assert f.counts["rising"] == ["win-win cooperation"] and f.counts["fading"] == []
        assert f.text.startswith("Of 2 formulae tested over 12 periods, 1 rises and 0 fade")

    def test_new_and_collocates(self, seeds) -> None:
        new = ph.new_formulae(DATED, ["win-win cooperation"], start="2019-07-01")
        assert nph.describe_new_formulae(new, period="H2 2019").text.startswith(
            "1 formula is first used in H2 2019: \u201cwin-win cooperation\u201d (from 2019-10-01")
        colloc = ph.collocations(seeds, min_count=2)
        f = nph.describe_collocates(colloc, word="party", top=2)
        assert f.counts["llr"] == colloc[(colloc["w1"] == "party") | (colloc["w2"] == "party")]["collocation"] \
            .head(2).tolist()


# --------------------------------------------------------------------------- notebook 03
def test_notebook_03_key_numbers() -> None:
    nb = execute_notebook(NOTEBOOK_DIR / "03_phrases.ipynb")
    got = key_numbers(nb)
    seeds = load_corpus(SEEDS).turns()
    seed_formulae = ph.formulae(seeds, min_transcripts=2)
    turns = load_corpus(DEFAULT_CORPUS).turns()
    official = turns[turns["role"] == "official"]
    words = official.groupby("speaker")["n_words"].sum()
    spokespersons = official[official["speaker"].isin(words[words >= 0.05 * words.sum()].index)]
    min_tx = max(2, round(0.03 * spokespersons["transcript_id"].nunique()))
    spoken = ph.formulae(spokespersons, min_transcripts=min_tx, min_length=3)
    use = ph.formula_use(spokespersons, spoken, by="speaker")
    stock = ph.stock_answers(turns)
    briefings = turns[turns["kind"] == "regular_press_conference"]
    emergence = ph.formula_emergence(briefings, spoken.head(300), freq="M")
    moving = emergence[emergence["trend"].isin(["rising", "fading"])]
    new = ph.new_formulae(briefings, spoken, start="2020-01-01")
    assert got == {
        "seed_formulae": len(seed_formulae),
        "seed_has_self_governance": True,
        "seed_has_xi_core": True,
        "spokespersons": sorted(spokespersons["speaker"].unique()),
        "spokesperson_formulae": len(spoken),
        "top_formula_by_speaker": {s: g.iloc[0]["formula"] for s, g in use.groupby("speaker")},
        "top_stock_answer": stock["answer"].iloc[0],
        "top_stock_answer_transcripts": int(stock["n_transcripts"].iloc[0]),
        "rising": int((emergence["trend"] == "rising").sum()),
        "fading": int((emergence["trend"] == "fading").sum()),
        "top_rising": moving["formula"].iloc[0],
        "top_fading": moving["formula"].iloc[-1],
        "top_new": new["formula"].iloc[0],
    }
    assert "full and rigorous self-governance of the party" in seed_formulae["formula"].tolist()
