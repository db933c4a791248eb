"""Corpus overview figures."""

from __future__ import annotations

import pandas as pd

from .. import overview as ov
from ..parsers.roles import ROLES, is_moderator_label, label_role_word
from ..parsers.speakers import UNKNOWN
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


def speaker_kinds(turns: pd.DataFrame) -> pd.Series:
    """Which speaker rows of ``turns`` are not one person, from the ``speaker``, ``role`` and
    ``outlet`` columns.

    * ``"outlet"``: every turn of the speaker names a media outlet (``outlet``) and the
      speaker is that outlet (or is named after it, "Reuters记者"): the row holds whoever asked
      for the outlet, one reporter or several.
    * ``"pooled"``: the speaker is a role, not a person: its name is a role value of the
      ``role`` column (``official``...) or a role label the transcripts use for unnamed
      speakers ("Journalist", "Q", "Reporter", "Moderator", "记者"; see
      :func:`analysis.parsers.roles.label_role_word`), the reader's placeholder for text
      under no speaker label (``"Unknown speaker"``), or empty. The row pools every speaker
      the transcripts left unnamed.

    Returns
    -------
    pandas.Series
        ``"outlet"`` or ``"pooled"`` by speaker, for those speakers only (sorted by speaker).

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["Journalist", "Study Times", "Lu Kang", "Journalist"],
    ...                       "role": ["questioner", "questioner", "official", "questioner"],
    ...                       "outlet": [None, "Study Times", None, None]})
    >>> speaker_kinds(turns).to_dict()
    {'Journalist': 'pooled', 'Study Times': 'outlet'}
    """
    outlet = turns["outlet"] if "outlet" in turns else pd.Series(None, index=turns.index, dtype="object")
    named_by_outlet = [isinstance(o, str) and bool(o.strip()) and o.strip() in str(s)
                       for s, o in zip(turns["speaker"], outlet)]
    by_outlet = pd.Series(named_by_outlet, index=turns.index).groupby(turns["speaker"]).all()
    roles = {r.casefold() for r in ROLES} | {str(r).casefold() for r in turns["role"].dropna().unique()}

    def pooled(name: str) -> bool:
        name = " ".join(str(name).split())
        return (not name or name == UNKNOWN or name.casefold() in roles or label_role_word(name) is not None
                or is_moderator_label(name))

    kinds = {s: "outlet" if by_outlet[s] else "pooled" for s in sorted(by_outlet.index, key=str)
             if by_outlet[s] or pooled(s)}
    return pd.Series(kinds, dtype="object").rename_axis("speaker").rename("kind")


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
    words = ov.words_by(ctx.turns, "speaker")  # one row per speaker_key, under its usual spelling
    kinds = speaker_kinds(ctx.turns.assign(speaker=ov.one_spelling_per_speaker(ctx.turns)))
    fig = po.plot_words_by_group(words, by="speaker", kinds=kinds)
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
               "plot_words_over_time(transcript_lengths(turns))", _over_time),
    FigureSpec("overview_words_by_role", "Words spoken by each role (moderator, questioner, official).",
               'plot_words_by_group(words_by(turns, "role"), by="role")', _by_role),
    FigureSpec("overview_words_by_speaker", "Words spoken by each speaker: the 15 with most words, or every speaker "
               "with any words when there are fewer; the title says how many are drawn of how many. The spellings of "
               "one speaker (\"DR. FAUCI\", \"MR. FAUCI\") make one row, under the most frequent. A row that is not "
               "one person is hatched and labelled: a pooled row (the speaker is a role, such as the label the "
               "transcripts give unnamed reporters) holds everyone of that role left unnamed; an outlet row (the "
               "speaker is a media outlet) holds whoever asked for that outlet.",
               'plot_words_by_group(words_by(turns, "speaker"), by="speaker")', _by_speaker),
    FigureSpec("overview_exchange_lengths", "Lengths of questions and of the answers they receive.",
               "plot_exchange_lengths(exchange_lengths(turns))", _exchanges),
]
