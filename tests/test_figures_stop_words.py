"""figures --extra-stop-words: the user's words are left out of the term and topic figures."""
from __future__ import annotations

import pytest
from matplotlib.text import Text

from analysis.cli import build_parser
from analysis.corpus import load_corpus
from analysis.figures import DEFAULT_CORPUS, registry
from analysis.gallery import FigureContext
from analysis.gallery import topics as gt


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DEFAULT_CORPUS, progress=False)


def _tick_words(fig) -> set[str]:
    return {t.get_text() for ax in fig.axes for t in ax.get_yticklabels() if t.get_text()}


def test_top_terms_figure_drops_the_extra_words(corpus):
    spec = registry()["terms_top_by_role"]
    before = _tick_words(spec.make(FigureContext(corpus)))
    assert "china" in before
    after = _tick_words(spec.make(FigureContext(corpus, extra_stop_words=("china", "chinese"))))
    assert "china" not in after and "chinese" not in after
    assert after - before, "other words take their places"


def _texts(fig) -> set[str]:
    return {t.get_text().strip() for t in fig.findobj(Text) if t.get_text().strip()}


def test_keyness_figure_drops_the_extra_words(corpus):
    spec = registry()["terms_keyness_roles"]
    before = _texts(spec.make(FigureContext(corpus)))
    assert {"cooperation", "comment"} <= before  # officials' and questioners' words
    after = _texts(spec.make(FigureContext(corpus, extra_stop_words=("cooperation", "comment"))))
    assert not {"cooperation", "comment"} & after


def test_topic_figures_add_the_words_to_the_briefing_words():
    ctx = FigureContext(None, extra_stop_words=("folks", "comment"))
    words = gt._stop_words(ctx)
    assert words[:len(gt.SETTINGS["extra_stop_words"])] == tuple(gt.SETTINGS["extra_stop_words"])
    assert "folks" in words and words.count("comment") == 1
    assert gt._stop_words(FigureContext(None)) == tuple(gt.SETTINGS["extra_stop_words"])


def test_cli_figures_takes_the_option(tmp_path):
    words = tmp_path / "mine.txt"
    words.write_text("folks\n# a comment\nbasically, frankly\n", encoding="utf-8")
    args = build_parser().parse_args(["figures", "--extra-stop-words", "um,uh", "--extra-stop-words", f"@{words}"])
    from analysis.cli import _extra_stop_words
    assert _extra_stop_words(args) == ("um", "uh", "folks", "basically", "frankly")


@pytest.mark.parametrize("name", ["terms_top_by_role", "terms_keyness_roles", "terms_keyness_spokespersons",
                                  "terms_log_odds_spokesperson", "terms_dispersion_xray", "terms_trends"])
def test_every_term_figure_is_drawn_with_extra_words(corpus, name):
    fig = registry()[name].make(FigureContext(corpus, extra_stop_words=("china",)))
    assert "china" not in _texts(fig)
