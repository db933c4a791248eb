"""Sentences about terms: most used words, keyness, distinctive words, dispersion, trends.

Each function takes a result table of :mod:`analysis.terms` and states only what the
table holds, so the sentence stays true when the corpus changes.
"""

from __future__ import annotations

import pandas as pd

from ._fmt import Finding, fmt_int, fmt_num, join_words

__all__ = ["kwic_evidence", "describe_top_terms", "describe_keyness", "describe_distinctive",
           "describe_dispersion", "describe_trends"]


def _q(term: str) -> str:
    return f"\u201c{term}\u201d"


def _rate(x: float) -> str:
    """A rate per 1,000 words: one decimal, or two significant digits below 0.1."""
    return f"{x:.2g}" if 0 < x < 0.1 else fmt_num(x)


def _reference_name(ref: str, others: str = "all other turns") -> str:
    return {"rest": others, "reference list": "the reference list"}.get(ref, str(ref))


def kwic_evidence(lines: pd.DataFrame) -> pd.DataFrame:
    """Concordance lines (:func:`analysis.terms.kwic`) as :class:`Finding` evidence.

    Returns
    -------
    pandas.DataFrame
        Columns ``transcript_id``, ``date``, ``speaker``, ``line``, ``text`` (left context,
        the match in bold, right context).

    Examples
    --------
    >>> k = pd.DataFrame({"transcript_id": ["t1"], "date": [None], "speaker": ["Lu Kang"], "line": [4],
    ...                   "left": ["we oppose"], "match": ["interference"], "right": ["in"]})
    >>> kwic_evidence(k)["text"].tolist()
    ['we oppose **interference** in']
    """
    cols = ["transcript_id", "date", "speaker", "line", "text"]
    if lines.empty:
        return pd.DataFrame(columns=cols)
    out = lines[[c for c in cols[:-1] if c in lines.columns]].copy()
    out["text"] = [" ".join(p for p in (l, f"**{m}**", r) if p) for l, m, r in
                   zip(lines["left"], lines["match"], lines["right"])]
    return out.reset_index(drop=True)


def describe_top_terms(freqs: pd.DataFrame, *, by: str | None = None, n: int = 5,
                       docs_name: str = "transcripts") -> Finding:
    """The most used terms overall or per group, from :func:`analysis.terms.term_frequencies`.

    ``docs_name`` names the documents of the ``doc_freq`` column (``docs=`` of
    ``term_frequencies``; transcripts by default).

    Examples
    --------
    >>> f = pd.DataFrame({"term": ["china", "trade"], "count": [120, 30], "per_1000": [12.0, 3.0],
    ...                   "doc_freq": [40, 12], "n_docs": [40, 40], "n_words": [10000, 10000]})
    >>> print(describe_top_terms(f))
    The most used content words are “china” (12.0 per 1,000 words, in 40 of 40 transcripts) and “trade” (3.0 per
    1,000 words, in 12 of 40 transcripts).
    """
    if freqs.empty:
        return Finding("No term was counted.")
    order = ["count", "term"]

    def items(g: pd.DataFrame, detail: bool) -> list[str]:
        g = g.sort_values(order, ascending=[False, True]).head(n)
        if detail:
            return [f"{_q(r.term)} ({_rate(r.per_1000)} per 1,000 words, in {fmt_int(r.doc_freq)} of "
                    f"{fmt_int(r.n_docs)} {docs_name})" for r in g.itertuples()]
        return [f"{_q(r.term)} ({_rate(r.per_1000)})" for r in g.itertuples()]

    if by is None:
        text = f"The most used content words are {join_words(items(freqs, True))}."
        top = freqs.sort_values(order, ascending=[False, True]).head(n)
        return Finding(text, counts={r.term: int(r.count) for r in top.itertuples()})
    parts, counts = [], {}
    for group, g in freqs.groupby(by, sort=False):
        parts.append(f"{group} ({fmt_int(g['n_words'].iloc[0])} words): {join_words(items(g, False))}")
        top = g.sort_values(order, ascending=[False, True]).head(n)
        counts[str(group)] = {r.term: int(r.count) for r in top.itertuples()}
    text = (f"The most used content words by {by}, with uses per 1,000 words \u2014 " + "; ".join(parts) + ".")
    return Finding(text, counts=counts)


def describe_keyness(table: pd.DataFrame, *, n: int = 5, noun: str | None = None,
                     others: str = "all other turns", examples: pd.DataFrame | None = None) -> Finding:
    """What each target over- and under-uses, from :func:`analysis.terms.keyness`.

    Only rows marked ``significant`` are named.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`analysis.terms.keyness`.
    n : int, default=5
        Terms named per side.
    noun : str, optional
        Appended to group labels ("turns": "official turns use more ...").
    others : str, default="all other turns"
        How to name the reference "rest" (e.g. "the other spokespersons").
    examples : pandas.DataFrame, optional
        Concordance lines (:func:`analysis.terms.kwic`) shown as evidence.

    Examples
    --------
    >>> t = pd.DataFrame({"target": ["official"] * 2, "reference": ["questioner"] * 2, "term": ["hope", "comment"],
    ...                   "per_1000_target": [1.9, 0.1], "per_1000_reference": [0.1, 8.5], "log_ratio": [4.1, -6.0],
    ...                   "score": [430.0, -3686.0], "significant": [True, True], "p_adjusted": [1e-9, 1e-9]})
    >>> print(describe_keyness(t))
    Compared with questioner, official uses more “hope” (1.9 vs 0.1 per 1,000 words) and less “comment” (0.1 vs
    8.5); 2 of 2 terms tested differ significantly (Benjamini-Hochberg-adjusted p < 0.05).
    >>> print(describe_keyness(t, n=1, noun="turns").text.split(";")[0])
    Compared with questioner turns, official turns use more “hope” (1.9 vs 0.1 per 1,000 words) and less
    “comment” (0.1 vs 8.5)
    """
    if table.empty:
        return Finding("No term was frequent enough to compare.")
    sentences, counts = [], {}
    for (t, r), g in table.groupby(["target", "reference"], sort=False):
        sig = g[g["significant"].astype(bool)]
        over = sig[sig["score"] > 0].sort_values(["score", "term"], ascending=[False, True]).head(n)
        under = sig[sig["score"] < 0].sort_values(["score", "term"], ascending=[True, True]).head(n)

        def fmt(rows: pd.DataFrame, first_unit: bool) -> list[str]:
            out = []
            for i, x in enumerate(rows.itertuples()):
                unit = " per 1,000 words" if (first_unit and i == 0) else ""
                out.append(f"{_q(x.term)} ({_rate(x.per_1000_target)} vs {_rate(x.per_1000_reference)}{unit})")
            return out

        clauses = []
        if len(over):
            clauses.append(f"more {join_words(fmt(over, True))}")
        if len(under):
            clauses.append(f"less {join_words(fmt(under, not len(over)))}")
        verb = "use" if noun else "uses"
        body = f"{verb} " + " and ".join(clauses) if clauses else f"show{'' if noun else 's'} no significant difference"
        tn, rn = (f"{t} {noun}", f"{r} {noun}") if noun else (t, r)
        rn = _reference_name(r, others) if r in ("rest", "reference list") else rn
        sentences.append(f"Compared with {rn}, {tn} {body}; {fmt_int(len(sig))} of "
                         f"{fmt_int(len(g))} terms tested differ significantly")
        counts[f"{t} vs {r}"] = {"tested": int(len(g)), "significant": int(len(sig)),
                                 "over": over["term"].tolist(), "under": under["term"].tolist()}
    text = ". ".join(sentences) + " (Benjamini-Hochberg-adjusted p < 0.05)."
    evidence = kwic_evidence(examples) if examples is not None else pd.DataFrame()
    return Finding(text, evidence=evidence, counts=counts)


def describe_distinctive(table: pd.DataFrame, *, n: int = 5, z: float = 1.96,
                         others: str = "all other turns") -> Finding:
    """The words that mark each target, from :func:`analysis.terms.distinctive_terms`.

    ``others`` names the reference "rest" (e.g. "the other spokespersons").

    Examples
    --------
    >>> t = pd.DataFrame({"target": ["A", "A", "B", "B"], "reference": ["rest"] * 4,
    ...                   "term": ["tariffs", "trade", "security", "trade"], "z": [3.2, 0.4, 2.5, -0.4]})
    >>> print(describe_distinctive(t))
    Words that mark each group against all other turns (log-odds z-score > 1.96): A — “tariffs” (z = 3.2); B —
    “security” (z = 2.5).
    """
    if table.empty:
        return Finding("No term was frequent enough to compare.")
    parts, counts, refs = [], {}, []
    for (t, r), g in table.groupby(["target", "reference"], sort=False):
        refs.append(r)
        top = g[g["z"] > z].sort_values(["z", "term"], ascending=[False, True]).head(n)
        items = [f"{_q(x.term)} (z = {fmt_num(x.z)})" for x in top.itertuples()]
        parts.append(f"{t} \u2014 {join_words(items) if items else 'none'}")
        counts[str(t)] = {"marked": int((g["z"] > z).sum()), "top": top["term"].tolist()}
    ref = _reference_name(refs[0], others) if len(set(refs)) == 1 else "the other group"
    text = f"Words that mark each group against {ref} (log-odds z-score > {fmt_num(z, 2)}): " + "; ".join(parts) + "."
    return Finding(text, counts=counts)


def describe_dispersion(disp: pd.DataFrame, *, n: int = 3, top: int = 100, parts_name: str = "transcripts") -> Finding:
    """Which frequent terms are everywhere and which are bursty, from :func:`analysis.terms.dispersion`.

    Parameters
    ----------
    disp : pandas.DataFrame
        From :func:`analysis.terms.dispersion` (sorted by count).
    n : int, default=3
        Terms named at each end.
    top : int, default=100
        Consider the ``top`` most frequent terms.
    parts_name : str, default="transcripts"
        What the parts of the dispersion table are (its ``parts=`` column).

    Examples
    --------
    >>> d = pd.DataFrame({"term": ["china", "epidemic"], "count": [100, 50], "n_parts_with": [9, 2],
    ...                   "n_parts": [10, 10], "dp": [0.05, 0.8]})
    >>> print(describe_dispersion(d, n=1))
    Of the 2 most frequent terms, the most evenly spread is “china” (DP = 0.05, in 9 of 10 transcripts); the
    most concentrated is “epidemic” (DP = 0.80, in 2 of 10 transcripts).
    """
    d = disp.head(top)
    if d.empty:
        return Finding("No term to describe.")
    even = d.sort_values(["dp", "term"]).head(n)
    bursty = d.sort_values(["dp", "term"], ascending=[False, True]).head(n)

    def items(rows):
        return join_words([f"{_q(x.term)} (DP = {fmt_num(x.dp, 2)}, in {fmt_int(x.n_parts_with)} of "
                           f"{fmt_int(x.n_parts)} {parts_name})" for x in rows.itertuples()])

    verb = "is" if n == 1 else "are"
    text = (f"Of the {fmt_int(len(d))} most frequent terms, the most evenly spread {verb} {items(even)}; "
            f"the most concentrated {verb} {items(bursty)}.")
    return Finding(text, counts={"even": even["term"].tolist(), "concentrated": bursty["term"].tolist()})


def describe_trends(trends: pd.DataFrame, *, period_format: str = "%Y-%m") -> Finding:
    """When each term peaked, from :func:`analysis.terms.term_trends`.

    Examples
    --------
    >>> t = pd.DataFrame({"period": pd.to_datetime(["2020-01-01", "2020-02-01"]), "term": ["epidemic"] * 2,
    ...                   "count": [3, 40], "n_words": [1000, 8000], "per_1000": [3.0, 5.0], "n_transcripts": [2, 9]})
    >>> print(describe_trends(t))
    “epidemic” peaked in 2020-02 (5.0 per 1,000 words: 40 uses in 9 transcripts; 43 uses in all).
    """
    if trends.empty:
        return Finding("No dated turn to follow over time.")
    parts, counts = [], {}
    for term, g in trends.groupby("term", sort=False):
        total = int(g["count"].sum())
        if total == 0:
            parts.append(f"{_q(term)} does not occur")
            counts[str(term)] = {"total": 0}
            continue
        peak = g.sort_values(["per_1000", "period"], ascending=[False, True]).iloc[0]
        where = f" in {fmt_int(peak['n_transcripts'])} transcripts" if pd.notna(peak["n_transcripts"]) else ""
        parts.append(f"{_q(term)} peaked in {pd.Timestamp(peak['period']):{period_format}} "
                     f"({fmt_num(peak['per_1000'])} per 1,000 words: {fmt_int(peak['count'])} uses{where}; "
                     f"{fmt_int(total)} uses in all)")
        counts[str(term)] = {"total": total, "peak": f"{pd.Timestamp(peak['period']):{period_format}}",
                             "peak_count": int(peak["count"])}
    return Finding("; ".join(parts) + ".", counts=counts)
