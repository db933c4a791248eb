"""Tests of the figure polish shared by every family (analysis.plots._style helpers, the
gallery's source notes) and of the fixes to particular figures: cut keyness bars, the year
on date ticks, wrapped formula labels, squeezed time gaps, device quotes, topic-map labels."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from types import SimpleNamespace

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis import overview as ov
from analysis.corpus import load_corpus
from analysis import figures as figs
from analysis.figures import DEFAULT_CORPUS, DEFAULT_OUT, registry, regenerate, regenerate_command, write_index
from analysis.gallery import FigureContext, FigureSpec, NothingToDraw, require_parts, source_note, turns_of
from analysis.plots import overview as po
from analysis.plots import phrases as pph
from analysis.plots import rhetoric as pr
from analysis.plots import terms as pt
from analysis.plots import topics as ptp
from analysis.plots._style import YearDateFormatter, date_segments, fit_label, style

ELLIPSIS = "\u2026"
NOTE = re.compile(r"^Source: (?P<transcripts>[\d,]+) transcripts?(?: \((?P<undated>[\d,]+) undated\))?, "
                  r"(?P<words>[\d,]+)(?: of (?P<total>[\d,]+))? words"
                  r"(?:, (?P<start>\d{4}-\d\d-\d\d) to (?P<end>\d{4}-\d\d-\d\d))?\.$")


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _drawn(fig: Figure) -> Figure:
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig


def _tick_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


def _span(note: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    m = NOTE.match(note)
    assert m, f"not a source note: {note!r}"
    return pd.Timestamp(m["start"]), pd.Timestamp(m["end"])


# =========================================================================== label fitting
LONG = "no foreign government organization or individual has the right to interfere in china's internal affairs"


class TestFitLabel:
    @pytest.mark.parametrize("text", ["peace", "peace and stability", "state councilor and foreign minister wang yi",
                                      "exchanges and cooperation in various fields"])
    def test_fits_in_two_lines_keeps_every_word(self, text: str) -> None:
        out = fit_label(text, 30)
        assert out.replace("\n", " ") == text
        assert ELLIPSIS not in out
        assert all(len(line) <= 30 for line in out.split("\n")) and out.count("\n") <= 1

    @pytest.mark.parametrize("width", [20, 30, 44])
    def test_too_long_is_shortened_in_the_middle(self, width: int) -> None:
        out = fit_label(LONG, width)
        lines = out.split("\n")
        assert len(lines) <= 2 and all(len(line) <= width for line in lines)
        flat = out.replace("\n", " ")
        head, tail = flat.split(f" {ELLIPSIS}")
        assert LONG.startswith(head) and LONG.endswith(tail.strip())  # first and last words kept, in order
        assert not flat.endswith(ELLIPSIS)  # never cut at the end

    def test_lines_parameter(self) -> None:
        assert fit_label(LONG, 40, lines=3).replace("\n", " ") == LONG
        assert "\n" not in fit_label(LONG, 40, lines=1)


# =========================================================================== dates
class TestYearDateFormatter:
    def _labels(self, dates: list[str]) -> list[str]:
        return YearDateFormatter().format_ticks(mdates.date2num(pd.to_datetime(dates)))

    def test_first_tick_and_year_changes_carry_the_year(self) -> None:
        assert self._labels(["2018-04-01", "2018-07-01", "2018-10-01", "2019-01-01", "2019-04-01"]) == [
            "Apr\n2018", "Jul", "Oct", "Jan\n2019", "Apr"]

    def test_yearly_ticks_are_years(self) -> None:
        assert self._labels(["2018-01-01", "2019-01-01", "2020-01-01"]) == ["2018", "2019", "2020"]

    def test_days(self) -> None:
        assert self._labels(["2018-05-11", "2018-05-25", "2018-06-08"]) == ["May 11\n2018", "May 25", "Jun 8"]

    def test_single_value_has_the_year(self) -> None:
        assert YearDateFormatter()(mdates.date2num(pd.Timestamp("2019-07-01"))) == "Jul\n2019"


def _prevalence() -> pd.DataFrame:
    periods = pd.date_range("2018-04-01", "2020-01-01", freq="QS")
    rows = [{"period": p, "topic": t, "label": f"label {t}", "share": 0.5, "n_cell": 40}
            for p in periods for t in (1, 2)]
    return pd.DataFrame(rows)


class TestTopicsOverTime:
    def test_first_tick_says_the_year(self) -> None:
        """The defect: the first tick read "Apr" with no year (ConciseDateFormatter)."""
        fig = _drawn(ptp.plot_topic_prevalence_over_time(_prevalence()))
        labels = _tick_labels(fig.axes[0])
        assert re.search(r"\b2018\b", labels[0]), labels
        years = [re.search(r"\d{4}", lab) for lab in labels]
        assert [m.group() for m in years if m] == ["2018", "2019", "2020"]  # each year said once, where it starts

    def test_ax_is_used(self) -> None:
        fig = Figure()
        ax = fig.add_subplot()
        assert ptp.plot_topic_prevalence_over_time(_prevalence(), ax=ax) is fig


@pytest.mark.parametrize("plot", ["formula_timeline", "frame_trends"])
def test_period_plots_tick_each_period_with_the_year(plot: str) -> None:
    periods = pd.date_range("2018-04-01", "2019-01-01", freq="QS")
    if plot == "formula_timeline":
        spread = pd.DataFrame({"formula": "we have noted", "period_start": periods, "share": [0.1, 0.2, 0.0, 0.4],
                               "n_transcripts": 1})
        fig = pph.plot_formula_timeline(spread)
    else:
        profile = pd.DataFrame({"period": periods, "family": "frames", "measure": "journey", "n_words": 6000,
                                "per_1000": [1.0, 2.0, 1.5, 0.5]})
        fig = pr.plot_frame_trends(profile)
    labels = _tick_labels(_drawn(fig).axes[0])
    assert labels == ["Apr\n2018", "Jul", "Oct", "Jan\n2019"]


# =========================================================================== squeezed gaps
def _lengths(dates: list[str]) -> pd.DataFrame:
    n = len(dates)
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)], "date": pd.to_datetime(dates),
                         "n_turns": 2, "n_questions": 1, "n_words": 300,
                         "words_official": 200, "words_questioner": 100})


DENSE = [str(d.date()) for d in pd.date_range("2018-05-01", "2020-03-01", freq="14D")]
SEEDS = ["2022-07-08", "2022-10-21"]


class TestDateSegments:
    def test_runs(self) -> None:
        segs = date_segments(pd.to_datetime(DENSE + SEEDS + [None]))
        assert segs == [(pd.Timestamp(DENSE[0]), pd.Timestamp(DENSE[-1])),
                        (pd.Timestamp(SEEDS[0]), pd.Timestamp(SEEDS[1]))]
        assert date_segments([]) == []
        assert len(date_segments(pd.to_datetime(DENSE + SEEDS), max_gap_days=2000)) == 1


class TestWordsOverTime:
    def test_long_gap_is_squeezed_and_labelled(self) -> None:
        fig = _drawn(po.plot_words_over_time(_lengths(DENSE + SEEDS)))
        ax = fig.axes[0]
        assert ax.get_xscale() == "function"
        # every transcript is still drawn (one bar per role and transcript)
        assert len(ax.patches) >= 2 * len(DENSE + SEEDS)
        texts = [t.get_text() for t in ax.texts]
        gap = f"no transcripts\n{pd.Timestamp(DENSE[-1]):%b %Y} \u2013 Jul 2022"  # last date before, first after
        assert gap in texts, texts
        # the gap takes a narrow band: the two years between the runs are < 10% of the width
        x0, x1 = (ax.transData.transform((mdates.date2num(pd.Timestamp(d)), 0))[0] for d in ("2020-04-01",
                                                                                             "2022-06-01"))
        left, right = ax.get_window_extent().x0, ax.get_window_extent().x1
        assert 0 < (x1 - x0) / (right - left) < 0.10
        labels = _tick_labels(ax)
        assert "2018" in labels[0] and any("2022" in lab for lab in labels)

    def test_no_gap_keeps_a_linear_axis(self) -> None:
        fig = _drawn(po.plot_words_over_time(_lengths(DENSE)))
        assert fig.axes[0].get_xscale() == "linear"
        assert "2018" in _tick_labels(fig.axes[0])[0]
        fig = _drawn(po.plot_words_over_time(_lengths(DENSE + SEEDS), max_gap_days=None))
        assert fig.axes[0].get_xscale() == "linear"

    def test_ax_and_determinism(self) -> None:
        fig = Figure()
        ax = fig.add_subplot()
        assert po.plot_words_over_time(_lengths(DENSE + SEEDS), ax=ax) is fig
        assert _png(po.plot_words_over_time(_lengths(DENSE + SEEDS))) == _png(
            po.plot_words_over_time(_lengths(DENSE + SEEDS)))


def _trends(months: pd.DatetimeIndex) -> pd.DataFrame:
    return pd.DataFrame([{"period": m, "term": t, "count": 1, "n_words": 1000, "per_1000": 1.0 + i,
                          "n_transcripts": 1} for i, t in enumerate(["epidemic", "health"]) for m in months])


class TestTermTrends:
    def test_gap_squeezed_lines_unchanged(self) -> None:
        months = pd.DatetimeIndex(list(pd.date_range("2018-05-01", "2020-03-01", freq="MS"))
                                  + [pd.Timestamp("2022-07-01"), pd.Timestamp("2022-10-01")])
        fig = _drawn(pt.plot_term_trends(_trends(months)))
        ax = fig.axes[0]
        assert ax.get_xscale() == "function"
        assert [line.get_label() for line in ax.lines] == ["epidemic", "health"]  # no extra artists in the legend
        assert any("Jul 2022" in t.get_text() for t in ax.texts)

    def test_panels_by_group_and_ax(self) -> None:
        months = pd.date_range("2019-01-01", "2019-06-01", freq="MS")
        both = pd.concat([_trends(months).assign(role=r) for r in ("official", "questioner")])
        fig = pt.plot_term_trends(both, by="role")
        assert len([a for a in fig.axes if a.get_visible()]) == 2
        f2 = Figure()
        assert pt.plot_term_trends(_trends(months), ax=f2.add_subplot()) is f2


# =========================================================================== keyness
def _keyness(scores: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame({"term": list(scores), "score": list(scores.values()), "target": "official",
                         "reference": "questioner", "significant": True})


class TestKeynessCut:
    SCORES = {"cooperation": 700.0, "mutual": 500.0, "comment": -3686.0, "wonder": -650.0, "confirm": -560.0}

    def test_dominant_bar_is_cut_and_its_value_written(self) -> None:
        fig = pt.plot_keyness(_keyness(self.SCORES))
        ax = fig.axes[0]
        widths = [p.get_width() for p in ax.patches]
        lim = 1.15 * 700.0
        assert min(widths) == pytest.approx(-lim)  # cut at 1.15 x the next longest bar
        assert ax.get_xlim() == pytest.approx((-1.45 * lim, 1.45 * lim))
        texts = [t.get_text() for t in ax.texts]
        assert "\u22123,686" in texts  # the true value, with a minus sign
        assert len([ln for ln in ax.lines if ln.get_label() == "_break"]) == 2  # the two slashes
        assert sorted(widths) == widths  # order kept: most under-used at the bottom

    def test_no_cut_when_bars_are_comparable_or_clip_is_none(self) -> None:
        even = {"a": 700.0, "b": 500.0, "c": -650.0, "d": -600.0}
        ax = pt.plot_keyness(_keyness(even)).axes[0]
        assert [p.get_width() for p in ax.patches] == sorted(even.values())
        ax = pt.plot_keyness(_keyness(self.SCORES), clip=None).axes[0]
        assert min(p.get_width() for p in ax.patches) == -3686.0
        assert not [ln for ln in ax.lines if ln.get_label() == "_break"]

    def test_ax_is_used(self) -> None:
        fig = Figure()
        assert pt.plot_keyness(_keyness(self.SCORES), ax=fig.add_subplot()) is fig


# =========================================================================== formula labels
def _occurrences(formulae: list[str]) -> pd.DataFrame:
    rows = [{"formula": f, "transcript_id": f"t{j}", "date": pd.Timestamp("2019-01-01") + pd.Timedelta(days=j)}
            for i, f in enumerate(formulae) for j in range(i + 1)]
    return pd.DataFrame(rows)


FORMULAE = ["peace and stability", "state councilor and foreign minister wang yi", LONG]


class TestFormulaLabels:
    def test_heatmap_labels_follow_the_documented_rule(self) -> None:
        """The defect: "state councilor and foreign minister wa..." was cut at 40 characters."""
        fig = pph.plot_formula_heatmap(_occurrences(FORMULAE))
        labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        shown = [LONG, "state councilor and foreign minister wang yi", "peace and stability"]  # most used first
        assert labels == [fit_label(f, 32) for f in shown]
        assert labels[1] == "state councilor and foreign\nminister wang yi"  # whole, on two lines
        assert labels[2] == "peace and stability"
        assert ELLIPSIS in labels[0] and not labels[0].endswith(ELLIPSIS)

    def test_heatmap_height_fits_two_line_labels(self) -> None:
        one = pph.plot_formula_heatmap(_occurrences(["peace and stability", "belt and road"]))
        two = pph.plot_formula_heatmap(_occurrences(["peace and stability", FORMULAE[1]]))
        assert one.get_figheight() == pytest.approx(2 * 0.28 + 1.6)
        assert two.get_figheight() == pytest.approx(2 * 0.32 + 1.6)  # taller rows for two-line labels

    def test_colorbar_counts_not_powers(self) -> None:
        occ = pd.concat([_occurrences(FORMULAE)] * 12)
        fig = _drawn(pph.plot_formula_heatmap(occ))
        cbar = fig.axes[-1]
        assert [t.get_text() for t in cbar.get_yticklabels()] == ["1", "2", "5", "10"]

    def test_stock_answers_wrapped_not_cut(self) -> None:
        table = pd.DataFrame({"answer": ["we have noted relevant reports", LONG], "n_transcripts": [92, 9]})
        labels = [t.get_text() for t in pph.plot_top_phrases(table, value="n_transcripts").axes[0].get_yticklabels()]
        assert labels == [fit_label(LONG, 44), "we have noted relevant reports"]
        assert not any(lab.endswith(ELLIPSIS) for lab in labels)


# =========================================================================== other polish
class TestDeviceExamples:
    def test_cut_example_keeps_its_closing_quote_and_quotes_are_typographic(self) -> None:
        long = " ".join(["We will do this and we will do that for the people of the world."] * 6)
        matches = pd.DataFrame({"device": ["anaphora", "slogan"], "match": [long, '"one country, two systems"'],
                                "start": 0, "end": 10, "speaker": "Lu Kang", "transcript_id": "t1", "turn_index": 0})
        fig = pr.plot_device_examples(matches)
        bodies = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("\u201c")]
        assert re.search("\u2026\u201d(  \u2014 Lu Kang \\(t1\\))?$", bodies[0].split("\n")[1])  # cut, quote closed
        assert bodies[1].startswith("\u201cone country, two systems\u201d")
        assert '"' not in "".join(bodies)


class TestIntertopicLabels:
    def test_labels_do_not_overlap(self) -> None:
        topic_map = pd.DataFrame({"topic": [1, 2, 3, 4], "x": [0.0, 0.08, 0.16, 0.5], "y": [0.0, 0.0, 0.01, 0.4],
                                  "share_units": [0.4, 0.3, 0.2, 0.1],
                                  "label": ["international, security, community", "cooperation, relations, mutual",
                                            "xinjiang, rights, human", "hong, kong, affairs"]})
        fig = _drawn(ptp.plot_intertopic_map(topic_map))
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if "," in t.get_text()]
        assert len(boxes) == 4
        for i in range(4):
            for j in range(i + 1, 4):
                assert not boxes[i].overlaps(boxes[j]), (i, j)


def test_word_counts_have_thousands_separators() -> None:
    words = pd.DataFrame({"role": ["official", "questioner"], "n_words": [550000, 175000], "share": [0.76, 0.24]})
    labels = _tick_labels(_drawn(po.plot_words_by_group(words, by="role")).axes[0])
    assert "200,000" in labels


# =========================================================================== source notes
class TestSourceNote:
    def test_counts_and_span_of_the_rows(self) -> None:
        rows = pd.DataFrame({"transcript_id": ["a", "a", "b", "c"], "n_words": [10, 5, 7, 3],
                             "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-03-04", None])})
        assert source_note(rows) == "Source: 3 transcripts (1 undated), 25 words, 2019-01-02 to 2019-03-04."
        assert source_note(rows.iloc[:2]) == "Source: 1 transcript, 15 words, 2019-01-02 to 2019-01-02."
        assert source_note(rows.iloc[3:]) == "Source: 1 transcript (1 undated), 3 words."
        assert turns_of(rows, ["b", "c"])["transcript_id"].tolist() == ["b", "c"]

    def test_says_of_the_total_exactly_when_part_of_the_words(self) -> None:
        rows = pd.DataFrame({"transcript_id": ["a", "a", "b"], "n_words": [10, 5, 7],
                             "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-03-04"])})
        assert source_note(rows, total_words=22) == "Source: 2 transcripts, 22 words, 2019-01-02 to 2019-03-04."
        assert source_note(rows.iloc[1:], total_words=22) == \
            "Source: 2 transcripts, 12 of 22 words, 2019-01-02 to 2019-03-04."
        assert source_note(rows.iloc[1:]) == "Source: 2 transcripts, 12 words, 2019-01-02 to 2019-03-04."


def _hand_context() -> tuple[FigureContext, pd.DataFrame]:
    """A context over four hand-built turns: 20 words, 3 of them the moderator's."""
    turns = pd.DataFrame({"transcript_id": ["a", "a", "a", "b"], "role": ["moderator", "official", "questioner",
                                                                          "official"],
                          "n_words": [3, 9, 4, 4], "date": pd.to_datetime(["2019-01-02"] * 3 + ["2019-02-01"])})
    return FigureContext(SimpleNamespace(turns=lambda: turns)), turns


class TestFigureContextNote:
    def test_whole_corpus_has_no_total(self) -> None:
        ctx, turns = _hand_context()
        assert ctx.total_words == 20
        assert ctx.note() == ctx.note(turns) == "Source: 2 transcripts, 20 words, 2019-01-02 to 2019-02-01."

    def test_part_names_the_words_left_out(self) -> None:
        ctx, turns = _hand_context()
        assert ctx.note(turns[turns["role"] != "moderator"]) == \
            "Source: 2 transcripts, 17 of 20 words, 2019-01-02 to 2019-02-01."
        assert ctx.note(turns[turns["transcript_id"] == "b"]) == \
            "Source: 1 transcript, 4 of 20 words, 2019-02-01 to 2019-02-01."

    def test_no_rows_is_nothing_to_draw(self) -> None:
        ctx, turns = _hand_context()
        with pytest.raises(NothingToDraw, match="nothing of this corpus passes the figure's selection") as exc:
            ctx.note(turns[turns["n_words"] > 100])
        assert exc.value.see_caption


class TestRequireParts:
    TURNS = pd.DataFrame({"speaker": ["A", "A", "A", "B", "C"], "transcript_id": ["t1", "t2", "t3", "t1", "t1"]})

    @pytest.mark.parametrize("targets,min_parts", [(["A"], 3), (["A", "B"], 3), (["B", "C"], 1)])
    def test_a_target_reaching_min_parts_passes(self, targets: list[str], min_parts: int) -> None:
        assert require_parts(self.TURNS, "speaker", targets, min_parts) is None

    def test_message_names_min_parts_and_each_target(self) -> None:
        with pytest.raises(NothingToDraw) as exc:
            require_parts(self.TURNS, "speaker", ["A", "B", "Z"], 5)
        assert str(exc.value) == ("keyness min_parts=5 needs a target spoken in 5+ transcripts; A speaks in 3, "
                                  "B speaks in 1, Z speaks in 0 (its table, from the command line: "
                                  "python -m analysis keyness --by speaker --compare rest --min-parts 3)")
        assert not exc.value.see_caption


class TestSkipCauses:
    """Gallery figures that cannot be drawn on a small corpus say the real cause."""

    def test_keyness_figures_name_min_parts(self) -> None:
        from analysis.gallery import terms as gt

        ctx, _ = _hand_context()  # official in 2 transcripts
        with pytest.raises(NothingToDraw, match=r"^keyness min_parts=5 .*; official speaks in 2 \(its table, from the "
                           r"command line: python -m analysis keyness --by role --target official --min-parts 2\)$"):
            gt._keyness_roles(ctx)

    def test_trends_name_the_years(self) -> None:
        from analysis.gallery import terms as gt

        turns = pd.DataFrame({"transcript_id": list("abcd"), "turn_index": 0, "role": "official",
                              "speaker": "A", "text": ["we oppose the tariffs"] * 4, "n_words": 4,
                              "date": pd.to_datetime(["2019-01-02", "2019-02-03", "2020-03-04", "2020-04-05"])})
        ctx = FigureContext(SimpleNamespace(turns=lambda: turns))
        with pytest.raises(NothingToDraw, match=r"rising_terms found no .* the corpus has 2 years of dated"):
            gt._trends(ctx)


@pytest.fixture(scope="module")
def ctx() -> FigureContext:
    return FigureContext(load_corpus(DEFAULT_CORPUS, progress=False))


def _make(ctx: FigureContext, name: str) -> tuple[Figure, str]:
    with style():
        fig = registry()[name].make(ctx)
    return fig, fig.texts[-1].get_text()


class TestGalleryNotesSpanThePlottedData:
    """The defect: every note gave the whole corpus's span (two 2022 seed transcripts
    included) even when a figure shows 2018-2020 data only."""

    def test_index_note_is_the_whole_corpus(self, ctx) -> None:
        dates = ctx.turns["date"].dropna()
        assert _span(ctx.source_note) == (dates.min(), dates.max())
        assert ctx.note() == ctx.source_note

    def test_words_over_time_note_spans_the_bars(self, ctx) -> None:
        fig, note = _make(ctx, "overview_words_over_time")
        bars = fig.axes[0].patches
        centres = [mdates.num2date(p.get_x() + p.get_width() / 2).replace(tzinfo=None).date() for p in bars
                   if p.get_height() > 0 and p.get_width() < 5]
        start, end = _span(note)
        assert (start.date(), end.date()) == (min(centres), max(centres))
        lengths = ov.transcript_lengths(ctx.turns)
        assert NOTE.match(note)["transcripts"] == f"{lengths['date'].notna().sum():,}"  # the transcripts drawn
        assert NOTE.match(note)["undated"] is None  # undated ones are not drawn, so not counted

    def test_spokesperson_figures_span_the_spokespersons_turns(self, ctx) -> None:
        off = ctx.turns[ctx.turns["role"] == "official"]
        words = off.groupby("speaker")["n_words"].sum()
        spk = off[off["speaker"].isin(words[words >= 0.05 * words.sum()].index)]
        expected = (spk["date"].min(), spk["date"].max())
        corpus_end = ctx.turns["date"].max()
        for name in ("terms_keyness_spokespersons", "terms_log_odds_spokesperson"):
            _, note = _make(ctx, name)
            assert _span(note) == expected, name
            assert _span(note)[1] < corpus_end  # the 2022 seeds are not in these figures
        assert NOTE.match(note)["words"] == f"{int(spk['n_words'].sum()):,}"

    def test_frame_trends_note_spans_the_quarters_drawn(self, ctx) -> None:
        fig, note = _make(ctx, "rhetoric_frame_trends")
        xs = np.concatenate([line.get_xdata() for line in fig.axes[0].lines])
        first, last = pd.Timestamp(min(xs)), pd.Timestamp(max(xs))
        start, end = _span(note)
        assert first <= start < first + pd.offsets.QuarterBegin(startingMonth=1)
        assert last <= end < last + pd.offsets.QuarterBegin(startingMonth=1)

    def test_heatmap_note_spans_its_columns(self, ctx) -> None:
        fig, note = _make(ctx, "phrases_formula_heatmap")
        labels = _tick_labels(fig.axes[0])  # "2018-05" ... "2020-03": first and last dated column
        start, end = _span(note)
        assert (f"{start:%Y-%m}", f"{end:%Y-%m}") == (labels[0], labels[-1])
        n_cols = fig.axes[0].images[0].get_array().shape[1]
        assert NOTE.match(note)["transcripts"] == f"{n_cols:,}"

    def test_by_role_notes_say_the_moderators_words_are_left_out(self, ctx) -> None:
        words = ctx.turns.groupby("role")["n_words"].sum()
        shown = int(words[words >= 0.01 * words.sum()].sum())  # the roles terms_top_by_role draws
        assert 0 < words.sum() - shown  # the bundled corpus has a moderator of a few words
        _, note = _make(ctx, "terms_top_by_role")
        assert (NOTE.match(note)["words"], NOTE.match(note)["total"]) == (f"{shown:,}", f"{int(words.sum()):,}")
        _, note = _make(ctx, "overview_words_by_role")  # every turn drawn: no total
        assert NOTE.match(note)["words"] == f"{int(words.sum()):,}" and NOTE.match(note)["total"] is None

    def test_keyness_roles_cuts_comment(self, ctx) -> None:
        fig, _ = _make(ctx, "terms_keyness_roles")
        ax = fig.axes[0]
        widths = sorted(abs(p.get_width()) for p in ax.patches)
        assert widths[-1] == pytest.approx(1.15 * widths[-2])  # the dominant bar is cut
        assert any(re.fullmatch(r"\u2212\d,\d{3}", t.get_text()) for t in ax.texts)  # and its value written


def test_log_axes_read_as_plain_numbers() -> None:
    """Counts on log axes read 10, 100, 1,000 (not 10^1...), and legend counts have separators."""
    exchanges = pd.DataFrame({"question_words": [5, 40, 1200] * 400, "answer_words": [50, 300, 2000] * 400})
    ax = _drawn(po.plot_exchange_lengths(exchanges)).axes[0]
    assert {"10", "100", "1,000"} <= set(_tick_labels(ax))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["questions (n=1,200)", "answers (n=1,200)"]
    table = pd.DataFrame({"term": [f"w{i}" for i in range(6)], "count": [10, 100, 1000, 20, 200, 2000],
                          "z": [3.0, 0.5, -2.5, 2.2, 0.0, -3.0], "target": "A", "reference": "rest"})
    ax = _drawn(pt.plot_log_odds(table)).axes[0]
    assert "1,000" in _tick_labels(ax)
    assert {"z = +1.96", "z = \u22121.96"} <= {t.get_text().strip() for t in ax.texts}


# =========================================================================== regenerate
MINI = Path(__file__).resolve().parent / "data" / "mini"


def _warns_then_draws(ctx: FigureContext) -> Figure:
    warnings.warn("Attempting to set identical low and high xlims", UserWarning)
    warnings.warn("Attempting to set identical low and high xlims", UserWarning)  # said once
    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


def _warns_then_has_nothing(ctx: FigureContext) -> Figure:
    warnings.warn("an empty axis range", UserWarning)
    ctx.note(ctx.turns[ctx.turns["n_words"] < 0])
    raise AssertionError("not reached")


class TestRegenerate:
    SPECS = [FigureSpec("warns", "Draws, with a warning.", "plot()", _warns_then_draws),
             FigureSpec("empty", "Speakers with 1,000,000+ words.", "plot()", _warns_then_has_nothing)]

    @pytest.fixture
    def made(self, tmp_path: Path, monkeypatch) -> tuple[Path, list[str]]:
        monkeypatch.setattr(figs, "registry", lambda: {s.name: s for s in self.SPECS})
        out = tmp_path / "figs"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            regenerate(MINI, out, progress=False)
        return out, [str(w.message) for w in caught]

    def test_warnings_name_their_figure_and_a_skip_says_why(self, made) -> None:
        out, messages = made
        assert messages == ["figure warns: Attempting to set identical low and high xlims",
                            "figure empty skipped: nothing of this corpus passes the figure's selection: "
                            "Speakers with 1,000,000+ words."]  # the skipped figure's own warnings dropped
        assert (out / "warns.png").exists() and not (out / "empty.png").exists()

    def test_index_of_a_custom_corpus_gives_its_command(self, made) -> None:
        out, _ = made
        first = (out / "README.md").read_text(encoding="utf-8").splitlines()[2]
        assert first.startswith(f"Regenerated by `python -m analysis figures --corpus {MINI} --out {out}`. Source: 3 ")
        assert "make figures" not in first

    def test_index_of_the_bundled_corpus_says_make_figures(self, tmp_path: Path) -> None:
        path = write_index([], tmp_path, "Source: x.", command=regenerate_command(DEFAULT_CORPUS, DEFAULT_OUT))
        assert path.read_text(encoding="utf-8").splitlines()[2] == \
            "Regenerated by `make figures` (`python -m analysis figures`). Source: x."

    @pytest.mark.parametrize("corpus,out,expected", [
        (DEFAULT_CORPUS, DEFAULT_OUT, "python -m analysis figures"),
        (DEFAULT_CORPUS, "my figs", "python -m analysis figures --out 'my figs'"),
        ("small", DEFAULT_OUT, "python -m analysis figures --corpus small"),
    ])
    def test_regenerate_command(self, corpus, out, expected: str) -> None:
        assert regenerate_command(corpus, out) == expected


def test_workers_from_a_server_sets_and_restores_the_start_method(monkeypatch):
    import multiprocessing as mp
    import sys
    import types

    from analysis.figures import _server_usable, workers_from_a_server

    if mp.get_start_method(allow_none=True) is not None or "forkserver" not in mp.get_all_start_methods():
        pytest.skip("a start method is already chosen here, or there is no forkserver")
    monkeypatch.setitem(sys.modules, "__main__", types.SimpleNamespace(__spec__=types.SimpleNamespace(
        name="analysis.__main__"), __file__="analysis/__main__.py"))
    assert _server_usable(mp)
    with workers_from_a_server():
        assert mp.get_start_method(allow_none=True) == "forkserver"
    assert mp.get_start_method(allow_none=True) is None
    # a script run by path would run again in every worker: pools keep forking
    monkeypatch.setitem(sys.modules, "__main__", types.SimpleNamespace(__spec__=None, __file__="script.py"))
    assert not _server_usable(mp)
    with workers_from_a_server():
        assert mp.get_start_method(allow_none=True) is None


def test_a_skip_reason_command_reads_the_same_corpus(tmp_path: Path) -> None:
    """The keyness figure skipped on a two-transcript folder names the command that makes its
    table with the folder and the name pattern the figures were made with."""
    folder = tmp_path / "my talks"
    folder.mkdir()
    for i, day in enumerate(["2020-01-02", "2020-02-03"]):
        (folder / f"briefing_{day}.txt").write_text(
            "Q: What is your comment on the tariffs and the trade talks?\n\n"
            f"Lu Kang: We firmly oppose the tariffs. The talks go on {i}.\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="terms_keyness_roles skipped"):
        run = regenerate(folder, tmp_path / "out", only=["terms_keyness_roles"], progress=False,
                         name_pattern="briefing_{date}")
    reason = run.skipped["terms_keyness_roles"]
    assert "python -m analysis keyness --corpus '" + str(folder) + "' --name-pattern 'briefing_{date}' --by role" \
        in reason, reason
