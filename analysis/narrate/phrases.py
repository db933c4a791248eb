"""Sentences about recurring phrases: the formulae transcripts share, who repeats which, which
rise and fade, and the stock answers officials reuse. Every number comes from a result table
of :mod:`analysis.phrases`."""

from __future__ import annotations

import pandas as pd

from ._fmt import Finding, fmt_int, fmt_p, fmt_share, join_words

__all__ = ["describe_formulae", "describe_formula_ranking", "describe_frames", "describe_formula_use",
           "describe_emergence", "describe_new_formulae", "describe_stock_answers", "describe_collocates"]


def _q(text: str) -> str:
    return f"\u201c{text}\u201d"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{fmt_int(n)} {word if n == 1 else (many or word + 's')}"


def describe_formulae(table: pd.DataFrame, *, top: int = 3, occurrences: pd.DataFrame | None = None) -> Finding:
    """The formulae a set of transcripts share, from :func:`analysis.phrases.formulae`.

    Names the most widespread formulae and the longest, and (with ``occurrences`` from
    :func:`analysis.phrases.formula_occurrences`) quotes where they are used.

    Examples
    --------
    >>> t = pd.DataFrame({"formula": ["party members", "full and rigorous self-governance of the party"],
    ...                   "n_words": [2, 7], "count": [46, 2], "n_transcripts": [2, 2], "n_speakers": [3, 2],
    ...                   "share_of_transcripts": [1.0, 1.0]})
    >>> print(describe_formulae(t, top=1))
    2 formulae recur across transcripts (here each in 2 transcripts). The most widespread is “party members” (2 transcripts, 46 uses, 3 speakers). The longest is “full and rigorous self-governance of the party” (7 words, 2 transcripts).
    """
    if table.empty:
        return Finding("No phrase recurs across transcripts.")
    n = len(table)
    spread = table.sort_values(["n_transcripts", "count", "formula"], ascending=[False, False, True])
    head = spread.head(top)
    items = [f"{_q(r.formula)} ({_plural(r.n_transcripts, 'transcript')}, {_plural(r['count'], 'use')}, "
             f"{_plural(r.n_speakers, 'speaker')})" for _, r in head.iterrows()]
    longest = table.sort_values(["n_words", "n_transcripts", "formula"], ascending=[False, False, True]).iloc[0]
    lo, hi = int(table["n_transcripts"].min()), int(table["n_transcripts"].max())
    if hi == 1:  # min_transcripts=1: phrases repeated within a transcript, none shared
        where = "within a transcript (none is shared by two transcripts)"
    else:
        where = f"across transcripts (here in {lo} to {hi} transcripts each)" if lo < hi else \
            f"across transcripts (here each in {lo} transcripts)"
    text = (f"{_plural(n, 'formula', 'formulae')} {'recurs' if n == 1 else 'recur'} {where}. "
            f"The most widespread {'is' if len(items) == 1 else 'are'} {join_words(items)}. "
            f"The longest is {_q(longest.formula)} ({fmt_int(longest.n_words)} words, "
            f"{_plural(longest.n_transcripts, 'transcript')}).")
    evidence = pd.DataFrame()
    if occurrences is not None and not occurrences.empty:
        shown = [*head["formula"], longest.formula]
        evidence = (occurrences[occurrences["formula"].isin(shown)]
                    .drop_duplicates("formula")[["transcript_id", "date", "speaker", "text"]])
    return Finding(text, evidence=evidence,
                   counts={"n_formulae": n, "top": head["formula"].tolist(), "longest": longest.formula})


def describe_formula_ranking(table: pd.DataFrame, *, top: int = 5, names: pd.DataFrame | None = None) -> Finding:
    """The most formulaic formulae, from :func:`analysis.phrases.formulae` (default ranking), with
    the parts of their score, and (with ``names`` from :func:`analysis.phrases.names`) the names
    set apart.

    Examples
    --------
    >>> t = pd.DataFrame({"formula": ["as far as i know", "we hope"], "formulaicity": [1.9, 1.5],
    ...     "n_transcripts": [70, 340], "fixedness": [1.0, 0.46], "association": [0.6, 0.68], "n_words": [5, 2]})
    >>> print(describe_formula_ranking(t, top=1))
    Ranked by formulaicity, the first of 2 formulae is “as far as i know” (70 transcripts; fixedness 1.00, association 0.60, 5 words).
    """
    if table.empty:
        return Finding("No phrase recurs across transcripts.")
    head = table.head(top)
    items = [f"{_q(r.formula)} ({_plural(r.n_transcripts, 'transcript')}; fixedness {r.fixedness:.2f}, "
             f"association {r.association:.2f}, {fmt_int(r.n_words)} words)" for _, r in head.iterrows()]
    many = len(items) > 1
    text = (f"Ranked by formulaicity, the first {fmt_int(len(items)) + ' ' if many else ''}of "
            f"{_plural(len(table), 'formula', 'formulae')} {'are' if many else 'is'} {join_words(items)}.")
    counts = {"top": head["formula"].tolist()}
    if names is not None and not names.empty:
        text += (f" Set apart as names: {_plural(len(names), 'name')}, the most formulaic "
                 f"{join_words([_q(f) for f in names['formula'].head(3)])}.")
        counts["names"] = names["formula"].head(3).tolist()
    return Finding(text, counts=counts)


def describe_frames(frames: pd.DataFrame, fillers: pd.DataFrame | None = None, *, by: str = "role",
                    top: int = 3) -> Finding:
    """Frames with one open slot and their commonest fillers, from
    :func:`analysis.phrases.slot_frames`, and (with ``fillers`` from
    :func:`analysis.phrases.frame_fillers`) what each group puts in the slot of the first frame.

    Examples
    --------
    >>> f = pd.DataFrame({"frame": ["we urge the us to *"], "n_transcripts": [111], "n_fillers": [40],
    ...     "fillers": [(("stop", 30), ("respect", 12))]})
    >>> u = pd.DataFrame({"frame": ["we urge the us to *"] * 2, "role": ["official", "questioner"],
    ...     "filler": ["stop", "stop"], "count": [30, 2], "share": [0.3, 1.0]})
    >>> print(describe_frames(f, u, top=1))
    The most widespread frame is “we urge the us to *” (111 transcripts, 40 fillers; commonest: stop 30, respect 12). In the slot of “we urge the us to *”, official puts “stop” (30 times, 30%); questioner puts “stop” (2 times, 100%).
    """
    if frames.empty:
        return Finding("No formula has an open slot with several fillers.")
    items = [f"{_q(r.frame)} ({_plural(r.n_transcripts, 'transcript')}, {_plural(r.n_fillers, 'filler')}; "
             f"commonest: {', '.join(f'{w} {fmt_int(c)}' for w, c in r.fillers[:3])})"
             for _, r in frames.head(top).iterrows()]
    many = len(items) > 1
    text = f"The most widespread frame{'s are' if many else ' is'} {join_words(items)}."
    counts: dict = {"frames": frames["frame"].head(top).tolist()}
    if fillers is not None and not fillers.empty:
        first = frames["frame"].iloc[0]
        rows = fillers[fillers["frame"] == first]
        parts = []
        for group, g in rows.groupby(by, sort=True):
            r = g.sort_values(["count", "filler"], ascending=[False, True]).iloc[0]
            parts.append(f"{group} puts {_q(r.filler)} ({_plural(r['count'], 'time')}, {fmt_share(r.share)})")
            counts[str(group)] = str(r.filler)
        if parts:
            text += f" In the slot of {_q(first)}, {'; '.join(parts)}."
    return Finding(text, counts=counts)


def describe_formula_use(use: pd.DataFrame, *, by: str = "speaker", top: int = 3, min_transcripts: int = 1) -> Finding:
    """Which formulae each group uses in the most transcripts, from
    :func:`analysis.phrases.formula_use`.

    Examples
    --------
    >>> u = pd.DataFrame({"speaker": ["Lu", "Lu", "Hua"], "formula": ["we urge the us", "we note", "we note"],
    ...                   "count": [9, 4, 5], "n_transcripts": [8, 4, 5], "share_of_transcripts": [0.8, 0.4, 0.5]})
    >>> print(describe_formula_use(u, top=1))
    Hua's most widespread formula is “we note” (in 5 transcripts, 50% of Hua's); Lu's most widespread formula is “we urge the us” (in 8 transcripts, 80% of Lu's).
    """
    if use.empty:
        return Finding("No formula is used by any group.")
    parts, counts = [], {}
    for group, g in use[use["n_transcripts"] >= min_transcripts].groupby(by, sort=True):
        g = g.sort_values(["n_transcripts", "count", "formula"], ascending=[False, False, True]).head(top)
        items = [f"{_q(r.formula)} (in {_plural(r.n_transcripts, 'transcript')}, "
                 f"{fmt_share(r.share_of_transcripts)} of {group}'s)" for _, r in g.iterrows()]
        many = len(items) > 1
        parts.append(f"{group}'s most widespread {'formulae are' if many else 'formula is'} {join_words(items)}")
        counts[str(group)] = g["formula"].tolist()
    return Finding("; ".join(parts) + ".", counts=counts)


def describe_emergence(emergence: pd.DataFrame, *, top: int = 3, alpha: float = 0.05) -> Finding:
    """Which formulae rise and fade, from :func:`analysis.phrases.formula_emergence`.

    Examples
    --------
    >>> e = pd.DataFrame({"formula": ["novel coronavirus", "we note", "korean peninsula issue"],
    ...     "first_period": ["2020-01", "2018-05", "2018-05"], "peak_period": ["2020-03", "2019-01", "2018-05"],
    ...     "n_periods": [20, 20, 20], "tau": [0.7, 0.0, -0.6], "p_adjusted": [0.001, 1.0, 0.004],
    ...     "trend": ["rising", "flat", "fading"]})
    >>> print(describe_emergence(e, top=1))
    Of 3 formulae tested over 20 periods, 1 rises and 1 fades (Mann-Kendall, Benjamini-Hochberg adjusted p < 0.05). Rising most: “novel coronavirus” (tau = 0.70, p = 0.001, first used 2020-01, peak 2020-03). Fading most: “korean peninsula issue” (tau = -0.60, p = 0.004, peak 2018-05).
    """
    tested = emergence[emergence["trend"].isin(["rising", "fading", "flat"])]
    if tested.empty:
        return Finding("No formula has enough periods for a trend test.")
    rising = tested[tested["trend"] == "rising"].sort_values(["tau", "formula"], ascending=[False, True])
    fading = tested[tested["trend"] == "fading"].sort_values(["tau", "formula"], ascending=[True, True])
    periods = int(tested["n_periods"].max())
    text = (f"Of {_plural(len(tested), 'formula', 'formulae')} tested over {periods} periods, "
            f"{fmt_int(len(rising))} {'rises' if len(rising) == 1 else 'rise'} and {fmt_int(len(fading))} "
            f"{'fades' if len(fading) == 1 else 'fade'} (Mann-Kendall, Benjamini-Hochberg adjusted p < {alpha:g}).")
    if len(rising):
        items = [f"{_q(r.formula)} (tau = {r.tau:.2f}, {fmt_p(r.p_adjusted)}, first used {r.first_period}, "
                 f"peak {r.peak_period})" for _, r in rising.head(top).iterrows()]
        text += f" Rising most: {join_words(items)}."
    if len(fading):
        items = [f"{_q(r.formula)} (tau = {r.tau:.2f}, {fmt_p(r.p_adjusted)}, peak {r.peak_period})"
                 for _, r in fading.head(top).iterrows()]
        text += f" Fading most: {join_words(items)}."
    return Finding(text, counts={"tested": len(tested), "rising": rising["formula"].tolist(),
                                 "fading": fading["formula"].tolist()})


def describe_new_formulae(new: pd.DataFrame, *, period: str, top: int = 3) -> Finding:
    """Formulae first used in a period, from :func:`analysis.phrases.new_formulae`.

    Examples
    --------
    >>> n = pd.DataFrame({"formula": ["novel coronavirus"], "first_date": pd.to_datetime(["2020-01-20"]),
    ...                   "n_transcripts_in_period": [40], "first_speaker": ["Geng Shuang"], "first_text": ["x"]})
    >>> print(describe_new_formulae(n, period="2020"))
    1 formula is first used in 2020: “novel coronavirus” (from 2020-01-20, Geng Shuang; 40 transcripts in the period).
    """
    if new.empty:
        return Finding(f"No formula is first used in {period}.")
    items = [f"{_q(r.formula)} (from {pd.Timestamp(r.first_date):%Y-%m-%d}, {r.first_speaker}; "
             f"{_plural(r.n_transcripts_in_period, 'transcript')} in the period)" for _, r in new.head(top).iterrows()]
    verb = "is" if len(new) == 1 else "are"
    text = f"{_plural(len(new), 'formula', 'formulae')} {verb} first used in {period}: {join_words(items)}."
    return Finding(text, counts={"n_new": len(new), "top": new["formula"].head(top).tolist()})


def describe_stock_answers(stock: pd.DataFrame, rates: pd.DataFrame | None = None, *, by: str = "speaker",
                           top: int = 3) -> Finding:
    """The stock answers officials reuse, from :func:`analysis.phrases.stock_answers`, and
    (with ``rates`` from :func:`analysis.phrases.stock_answer_rates`) how much of each
    speaker's answering they make up.

    Examples
    --------
    >>> s = pd.DataFrame({"answer": ["we have noted relevant reports"], "example": ["We have noted relevant reports."],
    ...     "n_uses": [94], "n_transcripts": [82], "n_speakers": [4], "n_variants": [11],
    ...     "first_date": pd.to_datetime(["2018-05-11"]), "speakers": [("Lu Kang",)]})
    >>> print(describe_stock_answers(s))
    Officials reuse 1 stock answer near-verbatim in several transcripts. The most common is “We have noted relevant reports.” (82 transcripts, 94 uses by 4 speakers, 11 wordings).
    """
    if stock.empty:
        return Finding("No answer is reused near-verbatim across transcripts.")
    items = [f"{_q(r.example)} ({_plural(r.n_transcripts, 'transcript')}, {_plural(r.n_uses, 'use')} by "
             f"{_plural(r.n_speakers, 'speaker')}, {_plural(r.n_variants, 'wording')})"
             for _, r in stock.head(top).iterrows()]
    text = (f"Officials reuse {_plural(len(stock), 'stock answer')} near-verbatim in several transcripts. "
            f"The most common {'is' if len(items) == 1 else 'are'} {join_words(items)}.")
    counts = {"n_stock": len(stock), "top": stock["answer"].head(top).tolist()}
    if rates is not None and not rates.empty:
        r = rates[rates["n_sentences"] > 0].sort_values(["rate", by], ascending=[False, True])
        parts = [f"{fmt_share(row['rate'], 1)} of {row[by]}'s {fmt_int(row['n_sentences'])}" for _, row in r.iterrows()]
        text += f" Stock answers make up {join_words(parts)} answer sentences."
        counts["rates"] = dict(zip(r[by].astype(str), r["rate"].round(4)))
    evidence = stock.head(top).rename(columns={"example": "text"}).assign(
        transcript_id=lambda d: d["n_transcripts"].map(lambda n: f"{n} transcripts"),
        date=stock["first_date"].head(top) if "first_date" in stock else None,
        speaker=stock["speakers"].head(top).map(lambda s: s[0]) if "speakers" in stock else "")
    return Finding(text, evidence=evidence[["transcript_id", "date", "speaker", "text"]], counts=counts)


def describe_collocates(colloc: pd.DataFrame, *, word: str, top: int = 5) -> Finding:
    """The strongest collocates of ``word``, from :func:`analysis.phrases.collocations`, by
    log-likelihood and by normalized PMI.

    Examples
    --------
    >>> c = pd.DataFrame({"collocation": ["practical cooperation", "win-win cooperation"],
    ...     "w1": ["practical", "win-win"], "w2": ["cooperation", "cooperation"], "count": [247, 108],
    ...     "llr": [2363.3, 847.1], "npmi": [0.64, 0.52]})
    >>> print(describe_collocates(c, word="cooperation", top=1))
    The strongest collocate of “cooperation” by log-likelihood is “practical cooperation” (247 times, G² = 2,363); by normalized PMI, “practical cooperation” (NPMI = 0.64).
    """
    rows = colloc[(colloc["w1"] == word) | (colloc["w2"] == word)]
    if rows.empty:
        return Finding(f"\u201c{word}\u201d has no collocate above the frequency threshold.")
    by_llr = rows.sort_values(["llr", "collocation"], ascending=[False, True]).head(top)
    by_npmi = rows.sort_values(["npmi", "collocation"], ascending=[False, True]).head(top)
    llr = [f"{_q(r.collocation)} ({fmt_int(r['count'])} times, G\u00b2 = {fmt_int(r.llr)})" for _, r in by_llr.iterrows()]
    npmi = [f"{_q(r.collocation)} (NPMI = {r.npmi:.2f})" for _, r in by_npmi.iterrows()]
    many = len(llr) > 1
    text = (f"The strongest {'collocates' if many else 'collocate'} of {_q(word)} by log-likelihood "
            f"{'are' if many else 'is'} {join_words(llr)}; by normalized PMI, {join_words(npmi)}.")
    return Finding(text, counts={"llr": by_llr["collocation"].tolist(), "npmi": by_npmi["collocation"].tolist()})
