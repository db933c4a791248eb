"""Corpus overview figures."""

from __future__ import annotations

from .. import overview as ov
from ..plots import add_source_note
from ..plots import overview as po
from . import FigureContext, FigureSpec, require_dates, require_roles, turns_of

#: A stretch longer than this without a transcript is squeezed on the time axis.
MAX_GAP_DAYS = 180


def _over_time(ctx: FigureContext):
    require_dates(ctx.turns)
    lengths = ov.transcript_lengths(ctx.turns)
    fig = po.plot_words_over_time(lengths, max_gap_days=MAX_GAP_DAYS)
    plotted = lengths.dropna(subset=["date"])["transcript_id"]  # undated transcripts are not plotted
    return add_source_note(fig, ctx.note(turns_of(ctx.turns, plotted)))


def _by_role(ctx: FigureContext):
    return add_source_note(po.plot_words_by_group(ov.words_by(ctx.turns, "role"), by="role"), ctx.note())


def _by_speaker(ctx: FigureContext):
    return add_source_note(po.plot_words_by_group(ov.words_by(ctx.turns, "speaker"), by="speaker"), ctx.note())


def _exchanges(ctx: FigureContext):
    require_roles(ctx.turns, ["questioner", "official"])
    exchanges = ov.exchange_lengths(ctx.turns)
    return add_source_note(po.plot_exchange_lengths(exchanges),
                           ctx.note(turns_of(ctx.turns, exchanges["transcript_id"])))


#: The in-memory layers (memo kinds) the overview figures read again once an earlier family built them
#: (:func:`analysis.gallery.family_layers`): none.
LAYERS: tuple[str, ...] = ()

FIGURES = [
    FigureSpec("overview_words_over_time", "Words per transcript over time, stacked by speaker role. A stretch of "
               f"more than {MAX_GAP_DAYS} days without any transcript is squeezed to a shaded band labelled with its "
               "dates (the axis line is cut there); transcripts without a date are not plotted. Where most dates hold "
               "several transcripts, each date has one bar: their mean length.",
               "plot_words_over_time(transcript_lengths(turns))", _over_time),
    FigureSpec("overview_words_by_role", "Words spoken by each role (moderator, questioner, official).",
               'plot_words_by_group(words_by(turns, "role"), by="role")', _by_role),
    FigureSpec("overview_words_by_speaker", "Words spoken by each speaker (top 15).",
               'plot_words_by_group(words_by(turns, "speaker"), by="speaker")', _by_speaker),
    FigureSpec("overview_exchange_lengths", "Lengths of questions and of the answers they receive.",
               "plot_exchange_lengths(exchange_lengths(turns))", _exchanges),
]
