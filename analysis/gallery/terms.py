"""Term figures: frequencies by role, keyness, distinctive words of each spokesperson,
dispersion and trends. Which groups and terms are shown is computed from the corpus."""

from __future__ import annotations

import pandas as pd

from .. import terms as tm
from ..plots import add_source_note
from ..text import stop_words
from ..plots import terms as pt
from . import FigureContext, FigureSpec, NothingToDraw, require_dates, require_parts, require_roles

#: Groups below this share of the words are left out of group figures (one-off speakers).
MIN_SHARE = 0.05


def _stop(ctx: FigureContext) -> dict:
    """The term functions' ``stop_words`` option: the standard list plus the user's extra
    words (``figures --extra-stop-words``); no option when there are none (the default)."""
    return {"stop_words": stop_words(ctx.extra_stop_words)} if ctx.extra_stop_words else {}


def _phrases(ctx: FigureContext) -> list[str]:
    """Names written as two words whose words almost never occur apart ("hong kong"), counted
    as one term by every term figure (:func:`analysis.terms.fixed_phrases`)."""
    return ctx.memo("terms_fixed_phrases", lambda: tm.fixed_phrases(_sorted_turns(ctx))["phrase"].tolist())


def _options(ctx: FigureContext) -> dict:
    """The token options of every term figure: fixed two-word names and the stop words."""
    return {"phrases": _phrases(ctx), **_stop(ctx)}


def _sorted_turns(ctx: FigureContext) -> pd.DataFrame:
    """Turns in time order (the reading order of x-ray plots)."""
    return ctx.memo("terms_sorted_turns", lambda: ctx.turns.sort_values(
        ["date", "transcript_id", "turn_index"], na_position="last", kind="stable", ignore_index=True))


def _spokespersons(ctx: FigureContext) -> pd.DataFrame:
    """Official turns of speakers with at least MIN_SHARE of the officials' words."""
    def make():
        off = ctx.turns[ctx.turns["role"] == "official"]
        words = off.groupby("speaker")["n_words"].sum()
        main = words[words >= MIN_SHARE * words.sum()].index
        return off[off["speaker"].isin(main)]
    return ctx.memo("terms_spokespersons", make)


def _require_two_spokespersons(ctx: FigureContext) -> pd.DataFrame:
    """The spokespersons' turns, when there are two or more to compare."""
    require_roles(ctx.turns, ["official"])
    spk = _spokespersons(ctx)
    names = spk.groupby("speaker")["n_words"].sum().sort_values(ascending=False, kind="stable").index
    if len(names) < 2:
        has = f"one, {names[0]}" if len(names) else "none"
        if len(names) and names[0] == "Unknown speaker":  # the readers' name for speech under no label
            has = f"none named: the officials' speech carries no speaker labels (all '{names[0]}')"
        raise NothingToDraw(f"needs two or more spokespersons to compare (officials with {MIN_SHARE:.0%} or more of "
                            f"the officials' words); this corpus has {has}")
    return spk


def _top_by_role(ctx: FigureContext):
    freqs = tm.term_frequencies(ctx.turns, by="role", top=10, **_options(ctx))
    freqs = freqs[freqs["n_words"] >= 0.01 * ctx.turns["n_words"].sum()]
    shown = ctx.turns[ctx.turns["role"].isin(freqs["role"])]
    return add_source_note(pt.plot_top_terms(freqs, by="role"), ctx.note(shown))


def _keyness_roles(ctx: FigureContext):
    require_roles(ctx.turns, ["official", "questioner"])
    require_parts(ctx.turns, "role", ["official"], 5)
    table = tm.keyness(ctx.turns, "official", "questioner", by="role", min_parts=5, **_options(ctx))
    if table.empty:
        raise NothingToDraw("no word is used by officials in 5 or more transcripts and more or less often than by "
                            "questioners")
    compared = ctx.turns[ctx.turns["role"].isin(["official", "questioner"])]
    return add_source_note(pt.plot_keyness(table), ctx.note(compared))


def _keyness_spokespersons(ctx: FigureContext):
    spk = _require_two_spokespersons(ctx)
    require_parts(spk, "speaker", spk["speaker"].unique(), 5)
    table = tm.keyness(spk, by="speaker", compare="rest", min_parts=5, **_options(ctx))
    if table.empty:
        raise NothingToDraw("no word is used by a spokesperson in 5 or more transcripts and more or less often than "
                            "by the other spokespersons")
    return add_source_note(pt.plot_keyness(table, top=8), ctx.note(spk))


def _log_odds(ctx: FigureContext):
    spk = _require_two_spokespersons(ctx)
    first = spk.groupby("speaker")["n_words"].sum().sort_values(ascending=False).index[0]
    table = tm.distinctive_terms(spk, first, by="speaker", **_options(ctx))
    if table.empty:
        raise NothingToDraw(f"no word is used 5 or more times by {first} and the other spokespersons together")
    return add_source_note(pt.plot_log_odds(table), ctx.note(spk))


def _xray(ctx: FigureContext):
    turns = _sorted_turns(ctx)
    phrases = _phrases(ctx)
    frequent = tm.dispersion(turns, phrases=phrases, **_stop(ctx)).head(100).sort_values(["dp", "term"], ignore_index=True)
    if frequent.empty:
        raise NothingToDraw("no word other than a stop word occurs 5 or more times in this corpus")
    chosen = [*frequent["term"].head(3), *frequent["term"].tail(5)[::-1]]
    positions = tm.term_positions(turns, chosen, phrases=phrases)
    return add_source_note(pt.plot_dispersion(positions), ctx.note(turns))


#: Lines of the trends figure, one colour each (the palette's eight).
MAX_TREND_TERMS = 8
#: Rising terms kept per year compared (rising_terms' per_period).
PER_YEAR = 3


def trend_freq(dates: pd.Series) -> str:
    """The period of a trend line through ``dates``: ``"month"`` for a series with transcripts
    every few days or weeks, ``"quarter"`` when they come about monthly, ``"year"`` when they
    come once or twice a year (UN debates): periods mostly hold transcripts, so the line is
    not a comb of single points.

    >>> trend_freq(pd.Series(pd.to_datetime(["2019-01-02", "2019-01-09", "2019-01-16"])))
    'month'
    >>> trend_freq(pd.Series(pd.to_datetime(["1990-01-01", "1991-01-01", "1992-01-01"])))
    'year'
    """
    days = pd.Series(pd.to_datetime(dates.dropna()).unique()).sort_values().diff().dt.days.dropna()
    step = float(days.median()) if len(days) else 0.0
    return "month" if step < 40 else "quarter" if step < 120 else "year"


def _latest_rising(rising: pd.DataFrame) -> list[str]:
    """At most MAX_TREND_TERMS terms of ``rising_terms``: PER_YEAR per year compared when
    they fit, else fewer per year, and with more years than lines, the top term of each of
    the latest years."""
    years = list(dict.fromkeys(rising["target"]))
    per = max(1, min(PER_YEAR, MAX_TREND_TERMS // max(len(years), 1)))
    kept = rising[rising["target"].isin(years[-MAX_TREND_TERMS:])].groupby("target", sort=False).head(per)
    return list(dict.fromkeys(kept["term"]))[:MAX_TREND_TERMS]


def _trends(ctx: FigureContext):
    dates = require_dates(ctx.turns)["date"]
    years = dates.dt.year.nunique()
    if years < 2:
        raise NothingToDraw("needs dated transcripts from two or more years (a word rises against the year before); "
                            f"this corpus has one year of dated transcripts, {int(dates.dt.year.dropna().iloc[0])}")
    chosen = _latest_rising(tm.rising_terms(ctx.turns, by="year", per_period=PER_YEAR, **_stop(ctx)))
    if not chosen:
        raise NothingToDraw(f"rising_terms found no word or two-word phrase that rose from one year to the next "
                            f"(keyness against the previous year; a term must occur in 3+ transcripts of its year); "
                            f"the corpus has {years} year{'s' if years != 1 else ''} of dated transcripts")
    dated = ctx.turns[ctx.turns["date"].notna()]  # the rates leave undated turns out
    trends = tm.term_trends(ctx.turns, chosen, freq=trend_freq(dated["date"]))
    return add_source_note(pt.plot_term_trends(trends), ctx.note(dated))


#: The in-memory layers (memo kinds) the terms figures read again once an earlier family built them
#: (:func:`analysis.gallery.family_layers`).
LAYERS: tuple[str, ...] = ("analysis.tokens", "analysis.sentences", "analysis.phrases")
#: What the term figures after the first read again of what it built (FigureSpec.reads): the token table
#: and its views with the fixed two-word names merged; not the phrase stream the names were found in.
_TERM_LAYERS: tuple[str, ...] = ("analysis.terms", "analysis.tokens")

#: How a term figure's call names the user's extra stop words (FigureSpec.stop_words).
_NAMES = ("phrases=names", "phrases=names, stop_words=stop_words([{words}])")

FIGURES = [
    FigureSpec("terms_top_by_role", "Most used content words of each speaker role: uses per 1,000 words, written at "
               "each bar, on one scale for every role. In every term figure, two-word names whose words almost "
               "never occur apart (Dice >= 0.9, e.g. \"hong kong\") count as one word.",
               'plot_top_terms(term_frequencies(turns, by="role", top=10, phrases=names), by="role"); '
               'names = fixed_phrases(turns)["phrase"]', _top_by_role, stop_words=_NAMES, reads=()),
    FigureSpec("terms_keyness_roles", "Words officials use more than questioners (right) and less (left): signed G2; "
               "a word used in 5 or more of the officials' transcripts. A bar over 2.5 times the next longest is cut at the axis edge (white slashes) with its value written "
               "in it.",
               'plot_keyness(keyness(turns, "official", "questioner", min_parts=5, phrases=names))', _keyness_roles,
               stop_words=_NAMES, reads=_TERM_LAYERS),
    FigureSpec("terms_keyness_spokespersons", "Words each spokesperson uses more (right) or less (left) than the "
               f"other spokespersons (officials with {MIN_SHARE:.0%} or more of the officials' words; a word used in "
               "5 or more of the spokesperson's transcripts).",
               'plot_keyness(keyness(spokespersons, by="speaker", compare="rest", min_parts=5, phrases=names), top=8)',
               _keyness_spokespersons, stop_words=_NAMES, reads=_TERM_LAYERS),
    FigureSpec("terms_log_odds_spokesperson", "Log-odds with informative Dirichlet prior (Monroe et al. 2008): the "
               "words that mark the most frequent spokesperson against the others.",
               'plot_log_odds(distinctive_terms(spokespersons, "<most words>", by="speaker", phrases=names))',
               _log_odds, stop_words=_NAMES, reads=_TERM_LAYERS),
    FigureSpec("terms_dispersion_xray", "Where the 3 most evenly spread and the 5 most concentrated of the 100 most "
               "frequent words occur (Gries' DP), in time order; two-word names whose words almost never occur "
               "apart (Dice >= 0.9, e.g. \"hong kong\") count as one word.",
               "plot_dispersion(term_positions(turns_by_date, terms, phrases=fixed_phrases(turns_by_date)"
               "[\"phrase\"]))", _xray,
               stop_words=("", "dp = dispersion(turns_by_date, phrases=fixed_phrases(turns_by_date)[\"phrase\"], "
                               "stop_words=stop_words([{words}])).head(100); terms = <the 3 most even and 5 most "
                               "concentrated of dp>; "), reads=_TERM_LAYERS),
    FigureSpec("terms_trends", "Monthly rate of the words and phrases that rose most each year against the year "
               'before (rising_terms: keyness by="year", compare="previous", words and two-word phrases; at most '
               f'{MAX_TREND_TERMS} lines: with more years, fewer terms a year, the latest years first; a quarterly '
               'or yearly rate when transcripts come monthly or yearly). A stretch of more than 180 days without '
               'transcripts is squeezed to a shaded band labelled with its dates (in a yearly series, one of 4 '
               'years or more).',
               'plot_term_trends(term_trends(turns, rising_terms(turns)["term"], freq="month"))', _trends,
               stop_words=("rising_terms(turns)", "rising_terms(turns, stop_words=stop_words([{words}]))"),
               reads=("analysis.tokens",)),
]
