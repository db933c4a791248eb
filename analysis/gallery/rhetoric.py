"""Rhetoric figures: profile heatmaps, device examples, responsiveness, frame trends."""

from __future__ import annotations

import pandas as pd

from .. import rhetoric as rh
from ..periods import period_label, period_start
from ..plots import add_source_note
from ..plots import rhetoric as pr
from . import (
    FigureContext,
    FigureSpec,
    NothingToDraw,
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


def _profile(ctx: FigureContext, by: str) -> pd.DataFrame:
    return ctx.memo(f"rhetoric_profile_{by}", lambda: rh.rhetoric_profile(ctx.turns, by=by))


def _matches(ctx: FigureContext) -> pd.DataFrame:
    def make():
        m = rh.detect_devices(ctx.turns)
        dates = ctx.turns.drop_duplicates("transcript_id").set_index("transcript_id")["date"]
        return m.assign(date=m["transcript_id"].map(dates))
    return ctx.memo("rhetoric_devices", make)


def _responses(ctx: FigureContext) -> pd.DataFrame:
    return ctx.memo("rhetoric_responsiveness", lambda: rh.responsiveness(ctx.turns))


def _profile_figure(ctx: FigureContext, by: str):
    profile = _profile(ctx, by)
    require_some(profile.drop_duplicates(by).set_index(by)["n_words"], MIN_WORDS, groups=by, unit="words",
                 why="; the rates of a smaller group are noise")
    shown = profile.loc[profile["n_words"] >= MIN_WORDS, by].unique()
    fig = pr.plot_rhetoric_profile(profile, by=by, min_words=MIN_WORDS)
    return add_source_note(fig, ctx.note(ctx.turns[ctx.turns[by].isin(shown)]))


def _by_role(ctx: FigureContext):
    return _profile_figure(ctx, "role")


def _by_speaker(ctx: FigureContext):
    return _profile_figure(ctx, "speaker")


def _examples(ctx: FigureContext):
    if _matches(ctx).empty:
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
    return add_source_note(pr.plot_responsiveness(responses, min_questions=MIN_QUESTIONS),
                           ctx.note(turns_of(ctx.turns, shown["transcript_id"])))


def _frames(ctx: FigureContext):
    require_roles(ctx.turns, ["official"])
    officials = ctx.turns[ctx.turns["role"] == "official"]
    require_dates(officials, what="official turn")
    prof = rh.rhetoric_profile(officials, by=[], freq="Q", devices=[], lexicons=["frames"], scores=False)
    words = prof.dropna(subset=["period"]).drop_duplicates("period").set_index("period")["n_words"]
    require_periods(words.set_axis(period_label(words.index, "Q").tolist()), MIN_WORDS, unit="official words",
                    why=" (the rates of a smaller quarter are noise)")
    kept = prof.loc[prof["n_words"] >= MIN_WORDS, "period"].unique()  # the quarters drawn
    quarter = period_start(officials["date"], "Q")
    return add_source_note(pr.plot_frame_trends(prof, min_words=MIN_WORDS), ctx.note(officials[quarter.isin(kept)]))


#: The in-memory layers (memo kinds) the rhetoric figures read again once an earlier family built them
#: (:func:`analysis.gallery.family_layers`).
LAYERS: tuple[str, ...] = ("analysis.tokens", "analysis.sentences")

FIGURES = [
    FigureSpec("rhetoric_profile_by_role",
               "Devices, stance, modality, pronouns, frames (per 1,000 words), readability and diversity by role "
               f"(roles with {MIN_WORDS:,} words or more).",
               'plot_rhetoric_profile(rhetoric_profile(turns, by="role"), by="role")', _by_role),
    FigureSpec("rhetoric_profile_by_speaker",
               f"The same profile by speaker (speakers with {MIN_WORDS:,} words or more).",
               'plot_rhetoric_profile(rhetoric_profile(turns, by="speaker"), by="speaker")', _by_speaker),
    FigureSpec("rhetoric_device_examples",
               "One matched example of each rhetorical device, with its rate for officials and questioners.",
               'plot_device_examples(detect_devices(turns), turns=turns, rates=rhetoric_profile(turns, by="role"))',
               _examples),
    FigureSpec("rhetoric_responsiveness",
               "How closely each spokesperson's answers follow the question (TF-IDF cosine) against a baseline "
               f"(spokespersons with {MIN_QUESTIONS} or more answered questions).",
               "plot_responsiveness(responsiveness(turns))", _responsiveness),
    FigureSpec("rhetoric_frame_trends",
               "Struggle, building, journey and body metaphors in officials' turns per quarter (quarters with "
               f"{MIN_WORDS:,} official words or more).",
               'plot_frame_trends(rhetoric_profile(officials, by=[], freq="Q", devices=[], lexicons=["frames"]))',
               _frames),
]
