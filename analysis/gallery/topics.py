"""Topic figures: one NMF model of the corpus's paragraphs, its k chosen by coherence and
stability (the same settings as notebook 04)."""

from __future__ import annotations

import pandas as pd

from .. import topics as tp
from ..plots import add_source_note
from ..plots import topics as pt
from . import FigureContext, FigureSpec

#: Periods and groups with fewer units are left out of the prevalence figures (noisy shares).
MIN_UNITS = 30

#: Settings shared by every topic figure (and notebook 04).
SETTINGS = dict(unit="paragraph", min_words=20, k_values=range(6, 21, 2), n_runs=3, period="Q",
                extra_stop_words=tp.BRIEFING_STOP_WORDS)


def _units(ctx: FigureContext):
    return ctx.memo("topics_units", lambda: tp.topic_units(ctx.corpus, unit=SETTINGS["unit"],
                                                           min_words=SETTINGS["min_words"]))


def _k_table(ctx: FigureContext):
    return ctx.memo("topics_k_table", lambda: tp.choose_k(_units(ctx), k_values=SETTINGS["k_values"],
                                                          n_runs=SETTINGS["n_runs"],
                                                          extra_stop_words=SETTINGS["extra_stop_words"]))


def _model(ctx: FigureContext):
    def make():
        table = _k_table(ctx)
        k = int(table.loc[table["recommended"], "k"].iloc[0])
        return tp.fit_topics(_units(ctx), k=k, extra_stop_words=SETTINGS["extra_stop_words"])

    return ctx.memo("topics_model", make)


def _terms(ctx):
    # notes count the modelled units (paragraphs of min_words or more) and their words
    return add_source_note(pt.plot_topic_terms(tp.topic_term_weights(_model(ctx))), ctx.note(_units(ctx)))


def _k_selection(ctx):
    return add_source_note(pt.plot_k_selection(_k_table(ctx)), ctx.note(_units(ctx)))


def _over_time(ctx):
    prev = tp.topic_prevalence(_model(ctx), by=None, period=SETTINGS["period"])
    kept = prev.loc[prev["n_cell"] >= MIN_UNITS, "period"].unique()  # the periods drawn
    units = _units(ctx)
    period = pd.to_datetime(units["date"]).dt.to_period(SETTINGS["period"]).dt.start_time
    return add_source_note(pt.plot_topic_prevalence_over_time(prev, min_units=MIN_UNITS),
                           ctx.note(units[period.isin(kept)]))


def _by_group(ctx, by: str):
    prev = tp.topic_prevalence(_model(ctx), by=by)
    shown = prev.loc[prev["n_cell"] >= MIN_UNITS, by].unique()
    units = _units(ctx)
    return add_source_note(pt.plot_topics_by_group(prev, by=by, min_units=MIN_UNITS),
                           ctx.note(units[units[by].isin(shown)]))


def _by_role(ctx):
    return _by_group(ctx, "role")


def _by_speaker(ctx):
    return _by_group(ctx, "speaker")


def _map(ctx):
    return add_source_note(pt.plot_intertopic_map(tp.intertopic_map(_model(ctx))), ctx.note(_units(ctx)))


def _question_answer(ctx):
    model = _model(ctx)
    pairs = tp.question_answer_topics(model)
    matrix = tp.question_answer_matrix(pairs, k=model.k)
    units = _units(ctx)
    keys = pd.MultiIndex.from_frame(pairs[["transcript_id", "exchange"]].astype({"exchange": "Int64"}))
    in_pairs = pd.MultiIndex.from_frame(units[["transcript_id", "exchange"]].astype({"exchange": "Int64"})).isin(keys)
    return add_source_note(pt.plot_question_answer_topics(matrix, labels=model.labels()),
                           ctx.note(units[in_pairs]))  # the units of the exchanges counted


_FIT = "result = fit_topics(topic_units(corpus), k=<recommended>, extra_stop_words=BRIEFING_STOP_WORDS)"

FIGURES = [
    FigureSpec("topics_k_selection",
               "Choosing k for NMF on paragraphs: NPMI coherence and top-term stability across subsample refits.",
               "plot_k_selection(choose_k(topic_units(corpus), n_runs=3, extra_stop_words=BRIEFING_STOP_WORDS))",
               _k_selection),
    FigureSpec("topics_term_heatmap", "Top terms of each topic and their weight in every topic.",
               f"{_FIT}; plot_topic_terms(topic_term_weights(result))", _terms),
    FigureSpec("topics_over_time", "Topic shares of paragraphs per quarter (quarters with 30+ paragraphs).",
               "plot_topic_prevalence_over_time(topic_prevalence(result, by=None, period='Q'))", _over_time),
    FigureSpec("topics_by_role", "Topic shares by speaker role.",
               "plot_topics_by_group(topic_prevalence(result, by='role'), by='role')", _by_role),
    FigureSpec("topics_by_speaker", "Topic shares by speaker (speakers with 30+ paragraphs).",
               "plot_topics_by_group(topic_prevalence(result, by='speaker'), by='speaker')", _by_speaker),
    FigureSpec("topics_intertopic_map", "Intertopic map: MDS of Jensen-Shannon distances, area = share of units.",
               "plot_intertopic_map(intertopic_map(result))", _map),
    FigureSpec("topics_question_answer", "Topic of each question against the topic of its answer.",
               "plot_question_answer_topics(question_answer_matrix(question_answer_topics(result)))",
               _question_answer),
]
