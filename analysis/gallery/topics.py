"""Topic figures: one NMF model of the corpus's paragraphs, its k chosen by coherence and
stability (the same settings as notebook 04)."""

from __future__ import annotations

import pandas as pd

from .. import topics as tp
from ..errors import EmptyResultError
from ..periods import MIN_SPAN_PERIODS, period_for_span, period_label, period_noun, period_start
from ..plots import add_source_note
from ..plots import topics as pt
from ..topics._vectorize import build_design
from .overview import marked_speakers
from . import (
    MAX_SPEAKERS, FigureContext, FigureSpec, NothingToDraw, capped, largest, require_dates, require_periods,
    require_roles, require_some,
)

#: Periods and groups with fewer units are left out of the prevalence figures (noisy shares).
MIN_UNITS = 30

#: Settings shared by every topic figure (and notebook 04). The period of topics_over_time is
#: not fixed: :func:`analysis.periods.period_for_span` chooses it from the span of the dated units.
SETTINGS = dict(unit="paragraph", min_words=20, k_values=range(6, 21, 2), n_runs=3,
                extra_stop_words=tp.BRIEFING_STOP_WORDS)


#: choose_k's vocabulary: terms in at least MIN_DF units and at most MAX_DF of them (its defaults).
MIN_DF, MAX_DF = 5, 0.5


def _options(ctx: FigureContext) -> tuple[int | None, int]:
    """``figures --k/--min-df`` (``regenerate(k=, min_df=)``): k (None: chosen) and min_df."""
    opts = ctx.cache.get("topic_options") or {}
    return opts.get("k"), opts.get("min_df") or MIN_DF


def _stop_words(ctx: FigureContext) -> tuple[str, ...]:
    """The topic figures' extra stop words: SETTINGS' briefing words, then the user's
    (``figures --extra-stop-words``)."""
    return tuple(dict.fromkeys((*SETTINGS["extra_stop_words"], *ctx.extra_stop_words)))


def _units(ctx: FigureContext):
    def make():
        try:
            return tp.topic_units(ctx.corpus, unit=SETTINGS["unit"], min_words=SETTINGS["min_words"])
        except EmptyResultError:
            raise NothingToDraw(f"no paragraph of this corpus has {SETTINGS['min_words']} or more words (topics are "
                                "fitted on such paragraphs)") from None
    return ctx.memo("topics_units", make)


def _too_little_text(units, min_df: int = MIN_DF, extra_stop_words: tuple[str, ...] = SETTINGS["extra_stop_words"]
                     ) -> NothingToDraw | None:
    """Why ``units`` cannot support choose_k over SETTINGS["k_values"], or None when they can.

    Every k needs as many units with a vocabulary term, and as many vocabulary terms (terms
    in MIN_DF or more units and in no more than MAX_DF of them), as topics.
    """
    k_max = max(SETTINGS["k_values"])
    try:
        design = build_design(units, min_df=min_df, max_df=MAX_DF, extra_stop_words=extra_stop_words,
                              caller="choose_k")
        n_units, n_terms = design.counts.shape
    except EmptyResultError:
        n_units = n_terms = 0
    if n_units >= k_max and n_terms >= k_max:
        return None
    ks, min_words = list(SETTINGS["k_values"]), SETTINGS["min_words"]
    return NothingToDraw(
        f"too little text for a topic model: choosing among {ks[0]} to {ks[-1]} topics needs {k_max} or more "
        f"paragraphs of {min_words}+ words and {k_max} or more words each used in {MIN_DF} or more of them (and in "
        f"at most {MAX_DF:.0%} of them); this corpus has {len(units):,} such paragraphs"
        + (f" ({n_units:,} with one of those words)" if n_terms and n_units < min(len(units), k_max) else "")
        + f" and {n_terms:,} such words (figures --k and --min-df set a smaller model)")


def _k_table(ctx: FigureContext):
    def make():
        units = _units(ctx)
        try:
            return tp.choose_k(units, k_values=SETTINGS["k_values"], n_runs=SETTINGS["n_runs"],
                               extra_stop_words=_stop_words(ctx), min_df=_options(ctx)[1])
        except Exception as exc:  # noqa: BLE001 - too little text says why; anything else is raised again
            reason = _too_little_text(units, _options(ctx)[1], _stop_words(ctx))
            if reason is None:
                raise
            raise reason from exc
    return ctx.memo("topics_k_table", make)


def _model(ctx: FigureContext):
    def make():
        k, min_df = _options(ctx)
        if k is None:
            table = _k_table(ctx)
            k = int(table.loc[table["recommended"], "k"].iloc[0])
        try:
            return tp.fit_topics(_units(ctx), k=k, min_df=min_df, extra_stop_words=_stop_words(ctx))
        except ValueError as exc:  # a k the corpus cannot support: skipped, with the reason
            raise NothingToDraw(str(exc).replace("fit_topics(): ", "").replace("lower k", "lower --k")) from None

    return ctx.memo("topics_model", make)


def _terms(ctx):
    # notes count the modelled units (paragraphs of min_words or more) and their words
    return add_source_note(pt.plot_topic_terms(tp.topic_term_weights(_model(ctx))), ctx.note(_units(ctx)))


def _k_selection(ctx):
    return add_source_note(pt.plot_k_selection(_k_table(ctx)), ctx.note(_units(ctx)))


def _require_periods(cells: pd.Series, period: str) -> None:
    """Check that two or more periods of ``cells`` (units per period start) hold MIN_UNITS units."""
    noun = period_noun(period)
    require_periods(cells.set_axis(period_label(cells.index, period).tolist()), MIN_UNITS, period=noun,
                    unit="paragraphs", why=f" (paragraphs of {SETTINGS['min_words']}+ words, the ones topics are "
                                           f"fitted on; the shares of a smaller {noun} are noise)")


def _over_time(ctx):
    dated = require_dates(_units(ctx))
    period = period_for_span(dated["date"], min_size=MIN_UNITS)  # each unit counts 1
    _require_periods(period_start(dated["date"], period).value_counts().sort_index(), period)  # before a fit
    prev = tp.topic_prevalence(_model(ctx), by=None, period=period)
    cells = prev.dropna(subset=["period"]).drop_duplicates("period").set_index("period")["n_cell"]
    _require_periods(cells, period)
    kept = prev.loc[prev["n_cell"] >= MIN_UNITS, "period"].unique()  # the periods drawn
    units = _units(ctx)
    starts = period_start(units["date"], period)
    return add_source_note(pt.plot_topic_prevalence_over_time(prev, min_units=MIN_UNITS, period=period),
                           ctx.note(units[starts.isin(kept)]))


def _by_group(ctx, by: str):
    prev = tp.topic_prevalence(_model(ctx), by=by)
    require_some(prev.drop_duplicates(by).set_index(by)["n_cell"], MIN_UNITS, groups=by, unit="paragraphs",
                 why="; the shares of a smaller group are noise")
    shown = prev.loc[prev["n_cell"] >= MIN_UNITS, by].unique()
    if by == "role" and len(shown) < 2:
        # one row of shares that only repeats the topic sizes: the figure compares roles
        raise NothingToDraw(f"only one role ({shown[0]}) has {MIN_UNITS} paragraphs or more; the topic shares by role "
                            "compare roles (topics_by_speaker compares the speakers)")
    units = _units(ctx)
    extra = ""
    if by == "speaker":  # the speakers with the most paragraphs, a pooled or outlet row saying so
        chosen = largest(prev.drop_duplicates(by).set_index(by)["n_cell"], MIN_UNITS)
        extra = capped("speakers", len(chosen), len(shown), unit="paragraphs")
        shown = chosen
        prev = prev[prev[by].isin(shown)]
        prev = prev.assign(speaker=marked_speakers(prev["speaker"], ctx.turns))
    return add_source_note(pt.plot_topics_by_group(prev, by=by, min_units=MIN_UNITS),
                           ctx.note(units[units[by].isin(shown)]) + extra)


def _by_role(ctx):
    return _by_group(ctx, "role")


def _by_speaker(ctx):
    return _by_group(ctx, "speaker")


def _map(ctx):
    return add_source_note(pt.plot_intertopic_map(tp.intertopic_map(_model(ctx))), ctx.note(_units(ctx)))


def _question_answer(ctx):
    model = _model(ctx)
    pairs = tp.question_answer_topics(model)
    if pairs.empty:
        require_roles(ctx.turns, ["questioner", "official"])
        raise NothingToDraw(f"no question of this corpus has a paragraph of {SETTINGS['min_words']}+ words answered by "
                            f"one of {SETTINGS['min_words']}+ words (topics are fitted on such paragraphs)")
    matrix = tp.question_answer_matrix(pairs, k=model.k)
    units = _units(ctx)
    keys = pd.MultiIndex.from_frame(pairs[["transcript_id", "exchange"]].astype({"exchange": "Int64"}))
    in_pairs = pd.MultiIndex.from_frame(units[["transcript_id", "exchange"]].astype({"exchange": "Int64"})).isin(keys)
    return add_source_note(pt.plot_question_answer_topics(matrix, labels=model.labels()),
                           ctx.note(units[in_pairs]))  # the units of the exchanges counted


_FIT = "result = fit_topics(topic_units(corpus), k=<recommended>, extra_stop_words=BRIEFING_STOP_WORDS)"
#: How a topic figure's call names the user's extra stop words (FigureSpec.stop_words): added to the
#: briefing words of its model (in the call's fit, or in a fit put before the call).
_WORDS = ("extra_stop_words=BRIEFING_STOP_WORDS", "extra_stop_words=[*BRIEFING_STOP_WORDS, {words}]")
_FITTED = ("", _FIT.replace(*_WORDS) + "; ")

#: The in-memory layers (memo kinds) the topics figures read again once an earlier family built them
#: (:func:`analysis.gallery.family_layers`).
LAYERS: tuple[str, ...] = ()

FIGURES = [
    FigureSpec("topics_k_selection",
               "Choosing k for NMF on paragraphs (a random sample of 20,000, or of 1.25 million words, when there "
               "are more): NPMI coherence "
               "and top-term stability across subsample refits.",
               "plot_k_selection(choose_k(topic_units(corpus), n_runs=3, extra_stop_words=BRIEFING_STOP_WORDS))",
               _k_selection, stop_words=_WORDS, reads=()),
    FigureSpec("topics_term_heatmap", "Top terms of each topic and their weight in every topic.",
               f"{_FIT}; plot_topic_terms(topic_term_weights(result))", _terms, stop_words=_WORDS,
               reads=("analysis.tokens",)),
    FigureSpec("topics_over_time",
               f"Topic shares of paragraphs per period (periods with {MIN_UNITS}+ paragraphs). The period is chosen "
               "from the dates of the paragraphs: the coarsest of year, quarter, month and week with "
               f"{MIN_SPAN_PERIODS} or more periods of {MIN_UNITS}+ paragraphs (else the one with the most); the "
               "axis names it.",
               "period = period_for_span(units['date'], min_size=30); "
               "plot_topic_prevalence_over_time(topic_prevalence(result, by=None, period=period), period=period)",
               _over_time, stop_words=_FITTED, reads=()),
    FigureSpec("topics_by_role", "Topic shares by speaker role.",
               "plot_topics_by_group(topic_prevalence(result, by='role'), by='role')", _by_role, stop_words=_FITTED,
               reads=()),
    FigureSpec("topics_by_speaker", f"Topic shares by speaker (speakers with 30+ paragraphs, at most the "
               f"{MAX_SPEAKERS} with the most; a speaker that is not one person is marked pooled or outlet, as in "
               "overview_words_by_speaker).",
               "plot_topics_by_group(topic_prevalence(result, by='speaker'), by='speaker')", _by_speaker,
               stop_words=_FITTED, reads=()),
    FigureSpec("topics_intertopic_map", "Intertopic map: MDS of Jensen-Shannon distances, area = share of units.",
               "plot_intertopic_map(intertopic_map(result))", _map, stop_words=_FITTED, reads=()),
    FigureSpec("topics_question_answer", "Topic of each question against the topic of its answer.",
               "plot_question_answer_topics(question_answer_matrix(question_answer_topics(result)))",
               _question_answer, stop_words=_FITTED, reads=()),
]
