"""What a reader sees in the figures: the period of a figure over time chosen from the data's
dates and named on its axis, joint answers and the off-topic rule on the responsiveness
boxes, pooled and outlet rows marked among speakers, the rule that chose k, and the key to
the brackets of the device examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from analysis.corpus import load_corpus
from analysis.figures import DEFAULT_CORPUS, registry
from analysis.gallery import FigureContext
from analysis.overview import speaker_kinds
from analysis.narrate.overview import describe_roles
from analysis.narrate.rhetoric import describe_responsiveness
from analysis.overview import words_by
from analysis.periods import period_for_span
from analysis.plots import overview as po
from analysis.plots import rhetoric as pr
from analysis.plots import topics as ptp
from analysis.rhetoric import responsiveness
from analysis.topics import recommend_k

MFA = DEFAULT_CORPUS / "transcripts" / "mfa"


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


# =========================================================================== 1. the period
@pytest.mark.parametrize("start, end, freq, expected", [
    ("2020-01-06", "2020-03-30", "B", "week"),      # three months of weekday briefings
    ("2015-01-05", "2019-12-30", "W-MON", "quarter"),  # five years of weekly briefings
    ("2019-01-07", "2019-08-26", "W-MON", "month"),    # eight months: 8 months, 3 quarters
    ("1970-09-15", "2020-09-15", "12MS", "year"),     # fifty yearly debates
])
def test_the_period_follows_the_span_of_the_dates(start, end, freq, expected) -> None:
    assert period_for_span(pd.date_range(start, end, freq=freq)) == expected


def test_a_period_counts_only_when_it_holds_enough() -> None:
    """Weekly briefings of 10 paragraphs over five months: weeks fill none of 30, months do."""
    dates = pd.Series(pd.date_range("2019-01-07", "2019-05-27", freq="W-MON"))
    assert period_for_span(dates) == "week"
    assert period_for_span(dates, sizes=np.full(len(dates), 10), min_size=30) == "month"
    assert period_for_span(pd.Series([pd.NaT, pd.NaT])) == "week"
    assert period_for_span(pd.to_datetime(["2019-01-14", "2019-01-16"])) == "week"  # one period in any bucket


def test_the_axis_names_the_period() -> None:
    prev = pd.DataFrame({"period": pd.to_datetime(["2020-01-06"] * 2 + ["2020-01-13"] * 2),
                         "topic": [1, 2] * 2, "label": ["a", "b"] * 2, "share": [0.4, 0.6, 0.5, 0.5],
                         "n_units": [40, 60, 50, 50], "n_cell": 100})
    fig = ptp.plot_topic_prevalence_over_time(prev, period="week")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Week (Monday to Sunday); each point: the week starting on that date"
    assert ax.get_title().startswith("Topic shares per week")
    fig = pr.plot_frame_trends(pd.DataFrame({"family": "frames", "measure": "struggle", "n_words": 6000,
                                             "per_1000": [1.0, 2.0],
                                             "period": pd.to_datetime(["2019-01-01", "2019-04-01"])}), freq="Q")
    assert fig.axes[0].get_xlabel().startswith("Quarter; each point")
    assert fig.axes[0].get_title() == "Frames per quarter"


def test_topics_over_time_on_three_months_draws_weeks_or_months_not_quarters(tmp_path: Path) -> None:
    """The briefings of February to April 2019: three months hold fewer than six quarters'
    worth of bands, so the bands are weeks (or months), never a quarter starting in January."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for m in ("02", "03", "04"):
        for f in sorted(MFA.glob(f"2019-{m}-*.txt")):
            shutil.copy(f, corpus / f.name)
    ctx = FigureContext(load_corpus(corpus))
    ctx.cache["topic_options"] = {"k": 6, "min_df": 5}
    fig = registry()["topics_over_time"].make(ctx)
    label = fig.axes[0].get_xlabel()
    assert label.split(";")[0] in {"Week (Monday to Sunday)", "Month"}, label
    assert "Period (start)" not in label and "quarter" not in fig.axes[0].get_title()


# =========================================================================== 2. responsiveness
def _responses(groups: dict[str, int], seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for g, n in groups.items():
        sim = rng.uniform(0, 0.6, n)
        up = rng.uniform(0, 1, n)
        rows.append(pd.DataFrame({"answerer": g, "similarity": sim, "uptake": up, "baseline_similarity": 0.03,
                                  "off_topic": (sim < 0.1) & (up < 0.2)}))
    return pd.concat(rows, ignore_index=True)


def _overlaps(fig, labels) -> list[tuple[str, str]]:
    FigureCanvasAgg(fig)
    renderer = fig.canvas.get_renderer()
    fig.get_layout_engine().execute(fig)
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in labels if t.get_text()]
    return [(a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:] if ba.overlaps(bb)]


def test_long_answerer_names_do_not_overlap() -> None:
    names = {f"Deputy Assistant Secretary Number {i} of the Department": 30 + i for i in range(7)}
    fig = pr.plot_responsiveness(_responses(names))
    assert _overlaps(fig, fig.axes[0].get_xticklabels()) == []


def test_a_joint_answer_is_drawn_and_labelled_as_joint() -> None:
    fig = pr.plot_responsiveness(_responses({"Pence": 40, "Pence; Fauci": 25, "Birx": 21}))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[0].startswith("Pence\nn=40")
    joint = [x for x in labels if "Fauci" in x]
    assert joint and joint[0].startswith("joint:\nPence +\nFauci\nn=25")
    hatches = [p.get_hatch() for p in ax.patches]
    assert hatches.count("///") == 1
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "joint answer: several speakers answer one question" in legend


def _heading(fig) -> str:
    """The title of the figure's first axes and the subtitle under it (the key to its marks)."""
    ax = fig.axes[0]
    return "\n".join([ax.get_title(), *(t.get_text() for t in ax.texts if t.get_position() == (0.5, 1.0))])


def test_a_median_of_zero_is_drawn_above_the_axis_line() -> None:
    # 30 answers, 20 of them sharing nothing with the question: median and lower quartile 0
    responses = _responses({"Lu Kang": 30})
    responses.loc[:19, ["similarity", "uptake"]] = 0.0
    responses["off_topic"] = (responses["similarity"] < 0.1) & (responses["uptake"] < 0.2)
    ax = pr.plot_responsiveness(responses).axes[0]
    medians = [ln for ln in ax.lines if ln.get_color() == pr.PALETTE[3]]
    assert [list(ln.get_ydata()) for ln in medians] == [[0.0, 0.0]]
    assert ax.get_ylim()[0] < 0 and medians[0].get_linewidth() >= 2 and medians[0].get_zorder() > 2


def test_off_topic_is_defined_on_the_figure_with_the_thresholds_used() -> None:
    fig = pr.plot_responsiveness(_responses({"Lu Kang": 30}))
    assert ("off topic: cosine below 0.1 and under 20% of the question's content words in the answer"
            in _heading(fig))
    strict = _responses({"Lu Kang": 30}).assign(off_topic=lambda r: (r["similarity"] < 0.3) & (r["uptake"] < 0.5))
    with pytest.raises(ValueError, match="off_topic was not flagged with min_similarity=0.1"):
        pr.plot_responsiveness(strict)
    fig = pr.plot_responsiveness(strict, min_similarity=0.3, min_uptake=0.5)
    assert "cosine below 0.3 and under 50%" in _heading(fig)


def test_a_joint_answer_from_turns_is_said_to_be_joint() -> None:
    """Two officials answer one question together: responsiveness joins them, and the
    sentence names them as answering together, not as one speaker."""
    turns = pd.DataFrame({
        "transcript_id": "a", "turn_index": [0, 1, 2, 3, 4, 5],
        "role": ["questioner", "official", "official", "questioner", "official", "questioner"],
        "speaker": ["Q", "Pence", "Fauci", "Q", "Pence", "Q"],
        "answers_turn": pd.array([None, 0, 0, None, 3, None], dtype="Int64"),
        "text": ["Will testing expand?", "Testing will expand.", "Testing expands next week.",
                 "Is the panda healthy?", "We are working on the vaccine.", "Thank you."]})
    responses = responsiveness(turns, min_answer_words=1)  # short answers, judged here
    assert responses["answerer"].tolist() == ["Pence; Fauci", "Pence"]
    text = str(describe_responsiveness(responses, min_questions=1))
    assert "(Pence and Fauci answering together)" in text and "(Pence; Fauci)" not in text


# =========================================================================== 3. pooled and outlet rows
def test_speaker_kinds_from_the_role_and_outlet_columns() -> None:
    turns = pd.DataFrame({
        "speaker": ["Journalist", "Study Times", "Lu Kang", "记者", "Reuters记者", "Moderator", "Official",
                    "Maria Hernandez", "CCTV", "Unknown speaker"],
        "role": ["questioner", "questioner", "official", "questioner", "questioner", "moderator", "official",
                 "questioner", "questioner", "official"],
        "outlet": [None, "Study Times", None, None, "Reuters", None, None, "CCTV", "CCTV", None]})
    assert speaker_kinds(turns).to_dict() == {"CCTV": "outlet", "Journalist": "pooled", "Moderator": "pooled",
                                              "Official": "pooled", "Reuters记者": "outlet",
                                              "Study Times": "outlet", "Unknown speaker": "pooled",
                                              "记者": "pooled"}


def test_words_by_speaker_marks_pooled_and_outlet_rows_of_the_bundled_corpus() -> None:
    fig = registry()["overview_words_by_speaker"].make(FigureContext(load_corpus(DEFAULT_CORPUS)))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "Journalist (pooled)" in labels and "Study Times (outlet)" in labels
    assert "Geng Shuang" in labels  # a person is not marked
    hatched = [labels[i] for i, p in enumerate(ax.patches[:len(labels)]) if p.get_hatch()]
    assert sorted(hatched) == ["Journalist (pooled)", "Study Times (outlet)"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["outlet: a media outlet, whoever asked for it",
                      "pooled: not a person; everyone the transcripts leave unnamed"]


def test_words_by_group_without_kinds_marks_nothing() -> None:
    words = pd.DataFrame({"speaker": ["A", "B"], "n_words": [30, 10], "share": [0.75, 0.25]})
    fig = po.plot_words_by_group(words, by="speaker")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["B", "A"]
    assert fig.axes[0].get_legend() is None


# =========================================================================== 4. choosing k
def test_the_chosen_k_is_marked_with_its_score_and_the_rule() -> None:
    table = recommend_k(pd.DataFrame({"k": [4, 6, 8], "coherence": [0.3, 0.28, 0.29],
                                      "coherence_weighted": [0.1, 0.2, 0.3], "stability": [0.9, 0.8, 0.2]}))
    fig = ptp.plot_k_selection(table)
    right = fig.axes[1]
    star = [line for line in right.get_lines() if line.get_marker() == "*"]
    assert len(star) == 1
    assert star[0].get_xdata().tolist() == [6]
    assert star[0].get_ydata().tolist() == pytest.approx([0.6785714285714287])
    title = fig.axes[0].get_title()
    assert "k = 6 has the highest score (0.68), the mean of weighted coherence and stability" in title
    assert "each scaled to 0-1 over the k tried (the smaller k on ties)" in title
    score = [line for line in right.get_lines() if line.get_label().startswith("score:")]
    assert score and int(np.asarray(score[0].get_xdata())[np.argmax(score[0].get_ydata())]) == 6


def test_the_rule_names_the_plain_coherence_when_it_was_weighed() -> None:
    table = recommend_k(pd.DataFrame({"k": [4, 6, 8], "coherence": [0.1, 0.3, 0.2],
                                      "coherence_weighted": [0.3, 0.1, 0.2], "stability": [0.5, 0.5, 0.5]}),
                        coherence="coherence")
    title = ptp.plot_k_selection(table).axes[0].get_title()
    assert "k = 6 has the highest score (1.00), the mean of mean coherence and stability" in title


# =========================================================================== 5. device examples
def test_the_brackets_of_the_device_examples_are_explained() -> None:
    turns = pd.DataFrame({"transcript_id": ["t"], "turn_index": [0], "speaker": ["Lu Kang"],
                          "text": ["This is a very serious matter for all of us here today."]})
    start = turns["text"][0].index("very")
    matches = pd.DataFrame({"device": ["intensifier"], "match": ["very"], "detail": ["very"], "start": [start],
                            "end": [start + 4], "speaker": ["Lu Kang"], "role": ["official"],
                            "transcript_id": ["t"], "turn_index": [0]})
    fig = pr.plot_device_examples(matches, turns=turns)
    assert "[ ]: the words matched, shown in the text around them" in _heading(fig)
    assert any("[very]" in t for t in _texts(fig))
    plain = pr.plot_device_examples(matches)  # no turns: the match alone, no brackets to explain
    assert "[ ]" not in _heading(plain)


def test_the_sentence_on_speakers_marks_the_rows_the_figure_marks() -> None:
    turns = pd.DataFrame({"speaker": ["Lu Kang", "Journalist", "Study Times"], "n_words": [60, 30, 10],
                          "role": ["official", "questioner", "questioner"], "outlet": [None, None, "Study Times"],
                          "transcript_id": "a", "text": ""})
    words = words_by(turns, "speaker")
    text = str(describe_roles(words, by="speaker", kinds=speaker_kinds(turns)))
    assert text == ("Lu Kang speaks 60% of all words (60 words in 1 turn, 60 words per turn on average), then "
                    "Journalist (pooled: everyone the transcripts leave unnamed; 30%, 30 words per turn) and Study "
                    "Times (a media outlet; 10%, 10 words per turn).")


def test_the_profile_by_speaker_marks_the_pooled_column(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(MFA.glob("2019-03-*.txt")):
        shutil.copy(f, corpus / f.name)
    fig = registry()["rhetoric_profile_by_speaker"].make(FigureContext(load_corpus(corpus)))
    columns = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "Journalist (pooled)" in columns and "Journalist" not in columns
    assert all(c.endswith("(pooled)") == (c == "Journalist (pooled)") for c in columns)


def test_figures_by_speaker_show_the_largest_speakers_only(tmp_path: Path, monkeypatch) -> None:
    # a cap of 2 on a month of briefings: the two speakers with the most words (paragraphs), said in the note
    import analysis.gallery as gallery

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in sorted(MFA.glob("2019-03-*.txt")):
        shutil.copy(f, corpus / f.name)
    monkeypatch.setattr(gallery, "MAX_SPEAKERS", 2)
    ctx = FigureContext(load_corpus(corpus))
    turns = ctx.turns
    fig = registry()["rhetoric_profile_by_speaker"].make(ctx)
    columns = [t.get_text().removesuffix(" (pooled)") for t in fig.axes[0].get_xticklabels()]
    words = turns.groupby("speaker")["n_words"].sum()
    over = words[words >= 5000]
    assert len(over) > 2 and sorted(columns) == sorted(over.sort_values(ascending=False).index[:2])
    # on a line of its own, under the source line
    assert _texts(fig)[-1].endswith(f"\nShown: the 2 speakers with the most words, of {len(over)} over the threshold.")


def test_the_profile_by_role_needs_two_roles(tmp_path: Path, monkeypatch) -> None:
    # speeches: every word an official's, so the profile by role would be one column of the middle colour
    from analysis.gallery import NothingToDraw

    corpus = tmp_path / "speeches"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"speech{i}.txt").write_text(
            "THE PRESIDENT: " + " ".join(["We will build a stronger nation, and we will never give up."] * 200) + "\n")
    ctx = FigureContext(load_corpus(corpus))
    assert set(ctx.turns["role"]) == {"official"} and ctx.turns["n_words"].sum() >= 5000
    with pytest.raises(NothingToDraw, match=r"only one role \(official\) has 5,000 words or more"):
        registry()["rhetoric_profile_by_role"].make(ctx)
    # the topic shares by role: one row repeating the topic sizes
    from analysis.gallery import topics as gallery_topics

    shares = pd.DataFrame({"role": ["official"] * 2, "topic": [1, 2], "share": [0.6, 0.4], "n_cell": [40, 40]})
    monkeypatch.setattr(gallery_topics.tp, "topic_prevalence", lambda model, by: shares)
    monkeypatch.setattr(gallery_topics, "_model", lambda ctx: None)
    with pytest.raises(NothingToDraw, match=r"only one role \(official\) has 30 paragraphs or more"):
        gallery_topics._by_role(ctx)


# =========================================================================== 6. the formula heatmap
def test_the_heatmap_title_clears_its_gap_and_undated_notes() -> None:
    from analysis.plots import phrases as pph

    dates = [*pd.date_range("2018-05-01", periods=40, freq="3D"), pd.Timestamp("2022-10-21"), pd.NaT]
    occ = pd.DataFrame({"formula": "peace and stability", "transcript_id": [f"t{i:02d}" for i in range(len(dates))],
                        "date": dates})
    fig = pph.plot_formula_heatmap(occ)
    ax = fig.axes[0]
    notes = [t for t in ax.texts if "without transcripts" in t.get_text() or t.get_text().startswith("undated")]
    assert len(notes) == 2
    assert _overlaps(fig, [ax.title, *notes]) == []
    renderer = fig.canvas.get_renderer()
    top = max(t.get_window_extent(renderer).y1 for t in notes)
    assert ax.title.get_window_extent(renderer).y0 >= top  # the title sits above the line of notes
    # the two notes end at neighbouring lines: not run together into one ("... transcripts →undated")
    gap, undated = (t.get_window_extent(renderer) for t in notes)
    apart_x = max(undated.x0 - gap.x1, gap.x0 - undated.x1)
    apart_y = max(undated.y0 - gap.y1, gap.y0 - undated.y1)
    assert max(apart_x, apart_y) >= 3, (gap, undated)
    # a month on each side of the gap, but not two months printed over each other at its edge
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert [t.get_text() for t in labels][-1] == "2022-10"
    assert _overlaps(fig, labels) == []


def test_the_heatmap_marks_no_gap_between_years_of_year_only_dates() -> None:
    # UN speeches dated by their session's year: every year's speeches share 1 January; the
    # years follow each other, so no "12 months without transcripts" at each new year
    from analysis.plots import phrases as pph

    dates = [pd.Timestamp(f"{1990 + i // 5}-01-01") for i in range(40)]
    occ = pd.DataFrame({"formula": "the general assembly", "transcript_id": [f"t{i:02d}" for i in range(40)],
                        "date": dates})
    ax = pph.plot_formula_heatmap(occ).axes[0]
    assert not [t for t in ax.texts if "without transcripts" in t.get_text()]
    assert len(ax.lines) == 0  # no dashed gap lines


# =========================================================================== formula timeline
def test_formula_timeline_names_its_period() -> None:
    """The timeline of formulae says what each column is (the quarter starting on that date),
    not "Period (start)"; without a period it says "period"."""
    from analysis.plots import phrases as pph

    spread = pd.DataFrame({"formula": ["we will keep you updated"] * 3,
                           "period_start": pd.to_datetime(["2019-01-01", "2019-04-01", "2019-07-01"]),
                           "share": [0.0, 0.25, 0.5], "n_transcripts": [0, 3, 6]})
    fig = pph.plot_formula_timeline(spread, period="Q")
    assert fig.axes[0].get_xlabel() == "Quarter; each point: the quarter starting on that date"
    assert fig.axes[0].get_title().endswith("per quarter")
    plain = pph.plot_formula_timeline(spread)
    assert plain.axes[0].get_xlabel() == "Period; each point: the period starting on that date"
