"""Corpus overview figures."""

from __future__ import annotations

import pandas as pd

from .. import overview as ov
from ..overview import speaker_kinds
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


def marked_speakers(values: pd.Series, turns: pd.DataFrame) -> pd.Series:
    """``values`` (speakers) with the rows that are not one person marked as such:
    "Journalist (pooled)", "Study Times (outlet)" (:func:`speaker_kinds` of ``turns``), for
    the labels of a figure by speaker.

    >>> turns = pd.DataFrame({"speaker": ["Journalist", "Lu Kang"], "role": ["questioner", "official"]})
    >>> marked_speakers(pd.Series(["Lu Kang", "Journalist"]), turns).tolist()
    ['Lu Kang', 'Journalist (pooled)']
    """
    kinds = speaker_kinds(turns)
    return values.map(lambda v: f"{v} ({kinds[v]})" if v in kinds.index else v)


def _by_speaker(ctx: FigureContext):
    # one row per speaker_key, under its usual spelling; rows that are not one person marked (speaker_kind)
    fig = po.plot_words_by_group(ov.words_by(ctx.turns, "speaker"), by="speaker")
    return add_source_note(fig, ctx.note())


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
               "plot_words_over_time(transcript_lengths(turns))", _over_time, reads=()),
    FigureSpec("overview_words_by_role", "Words spoken by each role (moderator, questioner, official).",
               'plot_words_by_group(words_by(turns, "role"), by="role")', _by_role, reads=()),
    FigureSpec("overview_words_by_speaker", "Words spoken by each speaker: the 15 with most words, or every speaker "
               "with any words when there are fewer; the title says how many are drawn of how many. The spellings of "
               "one speaker (\"DR. FAUCI\", \"MR. FAUCI\") make one row, under the most frequent. A row that is not "
               "one person is hatched and labelled: a pooled row (the speaker is a role, such as the label the "
               "transcripts give unnamed reporters) holds everyone of that role left unnamed; an outlet row (the "
               "speaker is a media outlet) holds whoever asked for that outlet.",
               'plot_words_by_group(words_by(turns, "speaker"), by="speaker")', _by_speaker, reads=()),
    FigureSpec("overview_exchange_lengths", "Lengths of questions and of the answers they receive.",
               "plot_exchange_lengths(exchange_lengths(turns))", _exchanges, reads=()),
]
