"""Rhetoric figures: profile heatmaps, device examples, responsiveness, frame trends."""

from __future__ import annotations

import pandas as pd

from .. import rhetoric as rh
from ..periods import MIN_SPAN_PERIODS, period_for_span, period_label, period_noun, period_start
from ..plots import add_source_note
from ..plots import rhetoric as pr
from .overview import marked_speakers
from . import (
    MAX_SPEAKERS,
    FigureContext,
    FigureSpec,
    NothingToDraw,
    capped,
    largest,
    require_dates,
    require_periods,
    require_roles,
    require_some,
    turns_of,
)

#: Groups and periods with fewer words are left out of the heatmaps and trends (noisy rates).
MIN_WORDS = 5000
#: Answerers with fewer answered questions are left out of the responsiveness boxes.
MIN_QUESTIONS = 20
#: An answer is off topic below this TF-IDF cosine with its question and this share of the
#: question's content words (``responsiveness``'s thresholds; the figure states them).
MIN_SIMILARITY, MIN_UPTAKE = 0.1, 0.2
#: Answers shorter than this (words) are not judged off topic (hand-overs, thanks).
MIN_ANSWER_WORDS = 10


def _profile(ctx: FigureContext, by: str) -> pd.DataFrame:
    return ctx.memo(f"rhetoric_profile_{by}", lambda: rh.rhetoric_profile(ctx.turns, by=by))


def _matches(ctx: FigureContext) -> pd.DataFrame:
    def make():
        m = rh.detect_devices(ctx.turns)
        dates = ctx.turns.drop_duplicates("transcript_id").set_index("transcript_id")["date"]
        return m.assign(date=m["transcript_id"].map(dates))
    return ctx.memo("rhetoric_devices", make)


def _responses(ctx: FigureContext) -> pd.DataFrame:
    return ctx.memo("rhetoric_responsiveness", lambda: rh.responsiveness(ctx.turns, min_similarity=MIN_SIMILARITY,
                                                                         min_uptake=MIN_UPTAKE,
                                                                         min_answer_words=MIN_ANSWER_WORDS))


def _profile_figure(ctx: FigureContext, by: str):
    profile = _profile(ctx, by)
    require_some(profile.drop_duplicates(by).set_index(by)["n_words"], MIN_WORDS, groups=by, unit="words",
                 why="; the rates of a smaller group are noise")
    shown = profile.loc[profile["n_words"] >= MIN_WORDS, by].unique()
    if by == "role" and len(shown) < 2:
        # its colours compare the roles: one role alone is a column of the middle colour
        raise NothingToDraw(f"only one role ({shown[0]}) has {MIN_WORDS:,} words or more; the profile by role compares "
                            "roles (rhetoric_profile_by_speaker compares the speakers)")
    extra = ""
    if by == "speaker":  # the speakers with the most words, a pooled or outlet column saying so
        chosen = largest(profile.drop_duplicates(by).set_index(by)["n_words"], MIN_WORDS)
        extra = capped("speakers", len(chosen), len(shown))
        shown = chosen
        profile = profile[profile[by].isin(shown)]
        profile = profile.assign(speaker=marked_speakers(profile["speaker"], ctx.turns))
    fig = pr.plot_rhetoric_profile(profile, by=by, min_words=MIN_WORDS)
    return add_source_note(fig, ctx.note(ctx.turns[ctx.turns[by].isin(shown)]) + extra)


def _by_role(ctx: FigureContext):
    return _profile_figure(ctx, "role")


def _by_speaker(ctx: FigureContext):
    return _profile_figure(ctx, "speaker")


def _examples(ctx: FigureContext):
    if _matches(ctx).empty:
        from ..rhetoric._common import chinese_rows

        if len(ctx.turns) and chinese_rows(ctx.turns).all():
            raise NothingToDraw("the device detectors are English rules, and every turn of this corpus is Chinese")
        raise NothingToDraw("no rhetorical device (enumeration, tricolon, anaphora, rhetorical question, slogan, "
                            "statistic, superlative...) is found in this corpus")
    return add_source_note(pr.plot_device_examples(_matches(ctx), turns=ctx.turns,
                                                      rates=_profile(ctx, "role")), ctx.note())


def _responsiveness(ctx: FigureContext):
    require_roles(ctx.turns, ["questioner", "official"])
    responses = _responses(ctx)
    counts = responses["answerer"].value_counts()
    require_some(counts, MIN_QUESTIONS, groups="spokesperson", unit="answered questions")
    shown = responses[responses["answerer"].isin(counts[counts >= MIN_QUESTIONS].index)]
    return add_source_note(pr.plot_responsiveness(responses, min_questions=MIN_QUESTIONS,
                                                  min_similarity=MIN_SIMILARITY, min_uptake=MIN_UPTAKE,
                                                  min_answer_words=MIN_ANSWER_WORDS),
                           ctx.note(turns_of(ctx.turns, shown["transcript_id"])))


def _frames(ctx: FigureContext):
    require_roles(ctx.turns, ["official"])
    officials = ctx.turns[ctx.turns["role"] == "official"]
    dated = require_dates(officials, what="official turn")
    period = period_for_span(dated["date"], sizes=dated["n_words"], min_size=MIN_WORDS)
    noun = period_noun(period)
    prof = rh.rhetoric_profile(officials, by=[], freq=period, devices=[], lexicons=["frames"], scores=False)
    words = prof.dropna(subset=["period"]).drop_duplicates("period").set_index("period")["n_words"]
    require_periods(words.set_axis(period_label(words.index, period).tolist()), MIN_WORDS, period=noun,
                    unit="official words", why=f" (the rates of a smaller {noun} are noise)")
    kept = prof.loc[prof["n_words"] >= MIN_WORDS, "period"].unique()  # the periods drawn
    starts = period_start(officials["date"], period)
    return add_source_note(pr.plot_frame_trends(prof, min_words=MIN_WORDS, freq=period),
                           ctx.note(officials[starts.isin(kept)]))


#: The in-memory layers (memo kinds) the rhetoric figures read again once an earlier family built them
#: (:func:`analysis.gallery.family_layers`): the token table of the turns the term figures made (the
#: sentences they split are their own, and their phrase streams they never read).
LAYERS: tuple[str, ...] = ("analysis.tokens",)

FIGURES = [
    FigureSpec("rhetoric_profile_by_role",
               "Devices, stance, modality, pronouns, frames (per 1,000 words), readability and diversity by role "
               f"(roles with {MIN_WORDS:,} words or more).",
               'plot_rhetoric_profile(rhetoric_profile(turns, by="role"), by="role")', _by_role, reads=()),
    FigureSpec("rhetoric_profile_by_speaker",
               f"The same profile by speaker (speakers with {MIN_WORDS:,} words or more, at most the {MAX_SPEAKERS} "
               "with the most words; a speaker that is not one person is marked pooled or outlet, as in "
               "overview_words_by_speaker).",
               'plot_rhetoric_profile(rhetoric_profile(turns, by="speaker"), by="speaker")', _by_speaker,
               reads=("analysis.rhetoric",)),
    FigureSpec("rhetoric_device_examples",
               "One matched example of each rhetorical device, with its rate for officials and questioners.",
               'plot_device_examples(detect_devices(turns), turns=turns, rates=rhetoric_profile(turns, by="role"))',
               _examples, reads=("analysis.rhetoric",)),
    FigureSpec("rhetoric_responsiveness",
               "How closely each spokesperson's answers follow the question (TF-IDF cosine) against a baseline "
               f"(spokespersons with {MIN_QUESTIONS} or more answered questions). Off topic: a cosine below "
               f"{MIN_SIMILARITY:g} and under {MIN_UPTAKE:.0%} of the question's content words in the answer; "
               f"answers under {MIN_ANSWER_WORDS} words (hand-overs, thanks) are not judged. A question several "
               "speakers answered "
               "together is a joint answer, hatched.",
               "plot_responsiveness(responsiveness(turns))", _responsiveness, reads=()),
    FigureSpec("rhetoric_frame_trends",
               "Struggle, building, journey and body metaphors in officials' turns per period (periods with "
               f"{MIN_WORDS:,} official words or more). The period is chosen from the dates of the officials' "
               f"turns: the coarsest of year, quarter, month and week with {MIN_SPAN_PERIODS} or more periods of "
               f"{MIN_WORDS:,}+ official words (else the one with the most); the axis names it.",
               'period = period_for_span(officials["date"], sizes=officials["n_words"], min_size=5000); '
               'plot_frame_trends(rhetoric_profile(officials, by=[], freq=period, devices=[], lexicons=["frames"]), '
               'freq=period)',
               _frames, reads=("analysis.rhetoric", "analysis.sentences", "analysis.tokens")),
]
