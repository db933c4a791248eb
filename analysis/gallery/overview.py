"""Corpus overview figures."""

from __future__ import annotations

from .. import overview as ov
from ..plots import add_source_note
from ..plots import overview as po
from . import FigureContext, FigureSpec


def _over_time(ctx: FigureContext):
    fig = po.plot_words_over_time(ov.transcript_lengths(ctx.turns))
    return add_source_note(fig, ctx.source_note)


def _by_role(ctx: FigureContext):
    return add_source_note(po.plot_words_by_group(ov.words_by(ctx.turns, "role"), by="role"), ctx.source_note)


def _by_speaker(ctx: FigureContext):
    return add_source_note(po.plot_words_by_group(ov.words_by(ctx.turns, "speaker"), by="speaker"), ctx.source_note)


def _exchanges(ctx: FigureContext):
    return add_source_note(po.plot_exchange_lengths(ov.exchange_lengths(ctx.turns)), ctx.source_note)


FIGURES = [
    FigureSpec("overview_words_over_time", "Words per transcript over time, stacked by speaker role.",
               "plot_words_over_time(transcript_lengths(turns))", _over_time),
    FigureSpec("overview_words_by_role", "Words spoken by each role (moderator, questioner, official).",
               'plot_words_by_group(words_by(turns, "role"), by="role")', _by_role),
    FigureSpec("overview_words_by_speaker", "Words spoken by each speaker (top 15).",
               'plot_words_by_group(words_by(turns, "speaker"), by="speaker")', _by_speaker),
    FigureSpec("overview_exchange_lengths", "Lengths of questions and of the answers they receive.",
               "plot_exchange_lengths(exchange_lengths(turns))", _exchanges),
]
