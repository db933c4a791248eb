"""Phrase figures: formulae each spokesperson uses most, formulae by transcript, rising and
fading formulae, stock answers, and a collocation network. Which formulae, speakers and word
are shown is computed from the corpus."""

from __future__ import annotations

import pandas as pd

from .. import phrases as ph
from ..errors import EmptyResultError
from ..periods import period_label, years_only
from ..plots import add_source_note
from ..plots import phrases as pp
from . import FigureContext, FigureSpec, NothingToDraw, require_dates, require_periods, require_roles, turns_of

#: Speakers below this share of the officials' words are left out (one-off speakers).
MIN_SHARE = 0.05
#: A formula is used in at least this share of the officials' transcripts.
MIN_TRANSCRIPT_SHARE = 0.03
#: Months with transcripts a formula's rise or fall is tested over (formula_emergence's min_periods):
#: with fewer, no formula is tested and none can be called rising or fading.
MIN_MONTHS = 4


def _official(ctx: FigureContext) -> pd.DataFrame:
    """Official turns of the main speakers (at least MIN_SHARE of the officials' words)."""
    def make():
        off = ctx.turns[ctx.turns["role"] == "official"]
        words = off.groupby("speaker")["n_words"].sum()
        return off[off["speaker"].isin(words[words >= MIN_SHARE * words.sum()].index)]
    return ctx.memo("phrases_official", make)


def _formula_turns(ctx: FigureContext) -> pd.DataFrame:
    """The turns formulae are mined from: the main officials' (:func:`_official`), or every
    official's when none has MIN_SHARE of the officials' words (many officials who each speak
    in a transcript or two: advocates before a court, witnesses)."""
    def make():
        main = _official(ctx)
        return main if not main.empty else ctx.turns[ctx.turns["role"] == "official"]
    return ctx.memo("phrases_formula_turns", make)


def _require_main_officials(ctx: FigureContext) -> pd.DataFrame:
    """The main officials' turns, for a figure by spokesperson."""
    require_roles(ctx.turns, ["official"])
    off = _official(ctx)
    if off.empty:
        words = ctx.turns[ctx.turns["role"] == "official"].groupby("speaker")["n_words"].sum()
        top = words.sort_values(ascending=False, kind="stable")
        raise NothingToDraw(f"needs main spokespersons (officials with {MIN_SHARE:.0%} or more of the officials' "
                            f"words); this corpus has {len(words):,} officials, the most: {top.index[0]}, "
                            f"{top.iloc[0] / words.sum():.1%}")
    return off


def _formulae(ctx: FigureContext) -> pd.DataFrame:
    """Formulae of three words or more in the officials' turns, ranked by formulaicity (names apart)."""
    def make():
        require_roles(ctx.turns, ["official"])
        off = _formula_turns(ctx)
        n = off["transcript_id"].nunique()
        k = max(2, round(MIN_TRANSCRIPT_SHARE * n))
        if n < k:
            raise NothingToDraw(f"needs officials speaking in {k} or more transcripts (a formula recurs across "
                                f"transcripts); this corpus has officials in {n}")
        try:
            return ph.formulae(off, min_transcripts=k, min_length=3)
        except EmptyResultError:
            raise NothingToDraw(f"no phrase of 3 or more words recurs in {k} or more of the officials' "
                                f"{n:,} transcripts") from None
    return ctx.memo("phrases_formulae", make)


def _dated_series(ctx: FigureContext) -> pd.DataFrame:
    """Turns of the most common transcript kind (one series of briefings) with a date."""
    def make():
        t = require_dates(ctx.turns)
        kind = t.groupby("kind", dropna=False)["transcript_id"].nunique().sort_values(ascending=False).index[0]
        return t[t["kind"].isna()] if pd.isna(kind) else t[t["kind"] == kind]
    return ctx.memo("phrases_series", make)


def _periods(ctx: FigureContext) -> tuple[str, str]:
    """The timeline's columns and the periods its trends are tested over: quarters and months,
    or years and years when the dates give years only (:func:`analysis.periods.years_only`)."""
    return ("Y", "Y") if years_only(_dated_series(ctx)["date"]) else ("Q", "M")


def _emergence(ctx: FigureContext) -> pd.DataFrame:
    return ctx.memo("phrases_emergence",
                    lambda: ph.formula_emergence(_dated_series(ctx), _formulae(ctx).head(300), freq=_periods(ctx)[1],
                                                 min_periods=MIN_MONTHS))


def _require_a_span(ctx: FigureContext) -> None:
    """Check that the dated series (:func:`_dated_series`) spans two or more of the timeline's
    columns and MIN_MONTHS or more of the periods (months) whose shares a formula rises or
    fades over (:func:`_periods`)."""
    series = _dated_series(ctx)
    dates = series.drop_duplicates("transcript_id")["date"]
    holder = "this corpus"
    if len(dates) < ctx.turns.loc[ctx.turns["date"].notna(), "transcript_id"].nunique():
        kind = series["kind"].iloc[0]
        holder = f"this corpus's most common kind of transcript ({'no kind' if pd.isna(kind) else kind})"
    columns, trend = _periods(ctx)
    noun = "month" if trend == "M" else "year"
    require_periods(period_label(dates, columns).value_counts().sort_index(), holder=holder,
                    period="quarter" if columns == "Q" else "year")
    require_periods(period_label(dates, trend).value_counts().sort_index(), count=MIN_MONTHS, period=noun,
                    why=f" (a formula rises or fades over its {noun}ly shares of transcripts)", holder=holder)


def _top_by_speaker(ctx: FigureContext):
    _require_main_officials(ctx)
    use = ph.formula_use(_official(ctx), _formulae(ctx), by="speaker")
    if use.empty:
        raise NothingToDraw("no formula is used by a main spokesperson")
    return add_source_note(pp.plot_top_phrases(use, by="speaker", value="n_transcripts", top=8),
                           ctx.note(_official(ctx)))


def _heatmap(ctx: FigureContext):
    occ = ph.formula_occurrences(ctx.turns, _formulae(ctx).head(20))
    # the columns are the transcripts that use a formula shown
    return add_source_note(pp.plot_formula_heatmap(occ, top=20), ctx.note(turns_of(ctx.turns, occ["transcript_id"])))


def _timeline(ctx: FigureContext):
    _require_a_span(ctx)
    em = _emergence(ctx)
    tested = em[em["trend"].isin(["rising", "fading"])]
    if tested.empty:  # no significant trend: the largest taus either way, as the caption says
        tested = em[em["tau"].notna()]
    chosen = list(dict.fromkeys([*tested.head(6)["formula"], *tested.tail(6)["formula"]]))
    if not chosen:
        raise NothingToDraw("no formula of the officials occurs in the dated transcripts")
    columns = _periods(ctx)[0]
    spread = ph.formula_spread(_dated_series(ctx), chosen, freq=columns)
    return add_source_note(pp.plot_formula_timeline(spread, top=12, period=columns, trends=em),
                           ctx.note(_dated_series(ctx)))


def _stock(ctx: FigureContext):
    stock = ctx.memo("phrases_stock", lambda: ph.stock_answers(ctx.turns))
    if stock.empty:
        require_roles(ctx.turns, ["official"])
        raise NothingToDraw("no sentence of 4 or more words is reused by officials in 3 or more transcripts")
    return add_source_note(pp.plot_top_phrases(stock, value="n_transcripts", top=12,
                                               title="Officials' sentences reused across transcripts"), ctx.note())


def _network(ctx: FigureContext):
    colloc = ph.collocations(ctx.turns, min_count=5)
    strong = colloc[colloc["npmi"] >= 0.3].head(300)
    if strong.empty:
        raise NothingToDraw("no two words occur together 5 or more times with an NPMI of 0.3 or more")
    degree = pd.concat([strong["w1"], strong["w2"]]).value_counts()
    word = sorted(degree[degree == degree.max()].index)[0]
    return add_source_note(pp.plot_collocation_network(colloc, word=word, top=15), ctx.note())


#: The in-memory layers (memo kinds) the phrases figures read again once an earlier family built them
#: (:func:`analysis.gallery.family_layers`): none. Their phrase streams are of other turns or options
#: than the term figures' (the officials' turns, the collocations' options) and their sentences are
#: their own, so the layers of the earlier families are let go before them.
LAYERS: tuple[str, ...] = ()
#: What the formula and stock-answer figures read again of what the first phrase figure built
#: (FigureSpec.reads): the phrase stream of the officials' turns and its sentences. The collocation
#: network reads none (its stream has other options), so they are let go before it.
_STREAMS: tuple[str, ...] = ("analysis.phrases", "analysis.sentences")

FIGURES = [
    FigureSpec("phrases_top_by_speaker",
               "Formulae (maximal phrases of 3+ words) each main spokesperson uses in the most briefings.",
               'plot_top_phrases(formula_use(official, formulae(official, min_length=3), by="speaker"), '
               'by="speaker", value="n_transcripts")', _top_by_speaker, reads=()),
    FigureSpec("phrases_formula_heatmap",
               "The 20 most formulaic formulae of the officials (ranked by spread, fixedness, association and "
               "length; names apart), transcript by transcript in date order (a formula over 32 "
               "characters is wrapped onto two lines; one over two lines is shortened in the middle).",
               "plot_formula_heatmap(formula_occurrences(turns, formulae(official).head(20)))", _heatmap,
               reads=_STREAMS),
    FigureSpec("phrases_formula_timeline",
               "Formulae rising and fading most (Kendall's tau on monthly shares, written at each row's end; the "
               "colour says whether the Mann-Kendall trend is significant after Benjamini-Hochberg): share of "
               "briefings per quarter (the dated transcripts of the most common kind, one series of briefings; "
               "yearly shares per year where the dates give years only).",
               'plot_formula_timeline(formula_spread(briefings, rising_and_fading, freq="Q"), period="Q", '
               'trends=formula_emergence(briefings, formulae, freq="M"))', _timeline, reads=_STREAMS),
    FigureSpec("phrases_stock_answers",
               "Stock answers: sentences officials reuse near-verbatim in the most transcripts.",
               'plot_top_phrases(stock_answers(turns), value="n_transcripts")', _stock, reads=_STREAMS),
    FigureSpec("phrases_collocation_network",
               "Collocation network of the word with the most strong collocates (NPMI >= 0.3), "
               "edge width by log-likelihood.",
               "plot_collocation_network(collocations(turns, min_count=5), word=word)", _network, reads=()),
]
