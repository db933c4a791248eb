"""Sentences about rhetoric: how groups differ, who uses a device most, how responsive answers are.

Every number comes from a result table of :mod:`analysis.rhetoric`, so the sentences stay
true when the corpus changes; matched passages are attached as evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.stats import binomtest

from ..rhetoric.responsiveness import responsiveness_summary
from ._fmt import Finding, fmt_int, fmt_num, fmt_p, fmt_share, join_words

__all__ = ["describe_group_contrast", "describe_top_user", "top_user", "describe_responsiveness", "describe_trend",
           "MIN_MATCHES", "MAX_P"]

#: :func:`describe_top_user` names a group as the top user of a measure only when that group has
#: at least this many matches of it ...
MIN_MATCHES = 10
#: ... and its matches exceed what its share of the words would give it at the pooled rate of
#: the groups compared (one-sided binomial test) with a p-value below this.
MAX_P = 0.05


def _label(family: str, measure: str) -> str:
    if family == "devices":
        return {"rhetorical_question": "rhetorical questions", "tricolon": "tricolons",
                "parallelism": "parallel clauses", "anaphora": "anaphora", "statistic": "statistics",
                "slogan": "quoted slogans", "superlative": "superlatives", "intensifier": "intensifiers",
                "exclamation": "exclamations", "enumeration": "enumerations"}.get(measure, measure.replace("_", " "))
    if family == "pronouns":
        return f"\u201c{measure.upper() if measure == 'i' else measure}\u201d pronouns"
    if family == "modality":
        return f"modals of {measure}"
    if family == "frames":
        return f"{measure} metaphors"
    return measure.replace("_", " ")


def _rate(x: float) -> str:
    return fmt_num(x, 2) if x < 1 else fmt_num(x, 1)


def _context(text: str, start: int, end: int, chars: int = 90) -> str:
    left, right = text[max(0, start - chars):start], text[end:end + chars]
    if start > chars and " " in left:
        left = "\u2026" + left.split(" ", 1)[1]
    if end + chars < len(text) and " " in right:
        right = right.rsplit(" ", 1)[0] + "\u2026"
    return " ".join(f"{left}**{text[start:end]}**{right}".split())


def _evidence(matches: pd.DataFrame | None, turns: pd.DataFrame | None, n: int) -> pd.DataFrame:
    """Up to ``n`` matches as evidence rows (``text`` = the match, in context when short)."""
    if matches is None or matches.empty:
        return pd.DataFrame()
    ev = matches.copy()
    if turns is not None and {"start", "end", "turn_index"} <= set(ev.columns):
        key = turns.set_index(["transcript_id", "turn_index"])
        texts = key["text"]
        ev["text"] = [_context(texts.loc[(t, i)], s, e) if len(m) < 60 else m
                      for t, i, s, e, m in zip(ev["transcript_id"], ev["turn_index"], ev["start"], ev["end"],
                                               ev["match"])]
        if "date" not in ev and "date" in key:
            dates = turns.drop_duplicates("transcript_id").set_index("transcript_id")["date"]
            ev["date"] = ev["transcript_id"].map(dates)
    else:
        ev["text"] = ev["match"]
    length = ev["match"].str.len()
    typical = ev[(length >= 25) & (length <= 400)]
    pool = typical if len(typical) else ev
    idx = np.linspace(0, len(pool) - 1, num=min(n, len(pool))).round().astype(int)
    return pool.iloc[sorted(set(idx))].reset_index(drop=True)


def describe_group_contrast(profile: pd.DataFrame, *, by: str = "role", a: str = "official",
                            b: str = "questioner", top: int = 3, matches: pd.DataFrame | None = None,
                            turns: pd.DataFrame | None = None) -> Finding:
    """How two groups differ: the measures each uses most more than the other, and readability.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`analysis.rhetoric.rhetoric_profile` grouped by ``by``.
    by : str, default="role"
    a, b : str, default="official", "questioner"
        The two groups compared.
    top : int, default=3
        How many measures to name for each side.
    matches : pandas.DataFrame, optional
        From :func:`analysis.rhetoric.detect_devices`: examples of group ``a``'s most
        over-used device become the evidence.
    turns : pandas.DataFrame, optional
        The turns, to quote short matches in context.

    Returns
    -------
    Finding
        ``counts`` holds the ratio (a over b) of every counted measure, keyed
        ``"family:measure"``.

    Examples
    --------
    >>> p = pd.DataFrame({"role": ["official"] * 2 + ["questioner"] * 2, "family": "devices",
    ...                   "measure": ["tricolon", "slogan"] * 2, "count": [90, 10, 10, 20],
    ...                   "n_words": [20000] * 2 + [10000] * 2, "per_1000": [4.5, 0.5, 1.0, 2.0],
    ...                   "value": [4.5, 0.5, 1.0, 2.0]})
    >>> print(describe_group_contrast(p, top=1))
    The official uses tricolons 4.5 times as often as the questioner (4.5 vs 1.0 per 1,000 words); the questioner uses more quoted slogans (2.0 vs 0.50).
    """
    rates = profile[profile["per_1000"].notna()]
    wide = rates.pivot_table(index=["family", "measure"], columns=by, values="per_1000", sort=False)
    if a not in wide or b not in wide:
        return Finding(f"There are no {a} and {b} groups to compare.")
    counts_a = rates[rates[by] == a].set_index(["family", "measure"])["count"]
    counts_b = rates[rates[by] == b].set_index(["family", "measure"])["count"]
    ok = (counts_a.reindex(wide.index).fillna(0) + counts_b.reindex(wide.index).fillna(0)) >= 10
    w = wide[ok]
    eps = 0.01
    ratio = (w[a] + eps) / (w[b] + eps)
    order = pd.DataFrame({"ratio": ratio.to_numpy(), "key": [f"{f}:{m}" for f, m in w.index]}, index=w.index)
    more_a = order[order["ratio"] > 1].sort_values(["ratio", "key"], ascending=[False, True]).head(top)
    more_b = order[order["ratio"] < 1].sort_values(["ratio", "key"], ascending=[True, True]).head(top)
    the = "the " if by == "role" else ""  # "the official", but "Geng Shuang"
    name_a, name_b = f"{the}{a}", f"{the}{b}"
    parts = []
    if len(more_a):
        (f0, m0), r0 = more_a.index[0], more_a["ratio"].iloc[0]
        first = (f"{name_a[0].upper()}{name_a[1:]} uses {_label(f0, m0)} {fmt_num(r0, 1)} times as often as {name_b} "
                 f"({_rate(w.loc[(f0, m0), a])} vs {_rate(w.loc[(f0, m0), b])} per 1,000 words)")
        rest = [f"{_label(f, m)} ({_rate(w.loc[(f, m), a])} vs {_rate(w.loc[(f, m), b])})" for f, m in more_a.index[1:]]
        parts.append(first + (", and more " + join_words(rest) if rest else ""))
    if len(more_b):
        items = [f"{_label(f, m)} ({_rate(w.loc[(f, m), b])} vs {_rate(w.loc[(f, m), a])})" for f, m in more_b.index]
        parts.append(f"{name_b} uses more " + join_words(items))
    text = "; ".join(parts) + "." if parts else f"{name_a[0].upper()}{name_a[1:]} and {name_b} use every measure at similar rates."
    scores = profile[(profile["family"] == "readability") & (profile["measure"] == "flesch_kincaid_grade")]
    sc = scores.set_index(by)["value"]
    if a in sc.index and b in sc.index and np.isfinite(sc[a]) and np.isfinite(sc[b]):
        text += (f" {name_a[0].upper()}{name_a[1:]}'s turns read at US grade {fmt_num(sc[a], 1)} (Flesch-Kincaid), {name_b}'s at "
                 f"grade {fmt_num(sc[b], 1)}.")
    evidence = pd.DataFrame()
    if matches is not None and len(more_a):
        devs = [m for f, m in more_a.index if f == "devices"]
        if devs:
            sel = matches[(matches["device"] == devs[0]) & (matches[by] == a)] if by in matches else \
                matches[matches["device"] == devs[0]]
            evidence = _evidence(sel, turns, 3)
    counts = {k: float(r) for k, r in zip(order["key"], order["ratio"])}
    return Finding(text, evidence=evidence, counts=counts)


def _compared(profile: pd.DataFrame, family: str, measure: str, by: str, among: Sequence[str] | None,
              min_words: int) -> tuple[pd.DataFrame, float]:
    """The groups compared on a measure, highest rate first (then by name), and the one-sided
    binomial p-value of the first group's matches against the pooled rate of all of them (nan
    with fewer than two groups or no match)."""
    rows = profile[(profile["family"] == family) & (profile["measure"] == measure) & (profile["n_words"] >= min_words)]
    if among is not None:
        rows = rows[rows[by].isin(list(among))]
    rows = rows.sort_values(["per_1000", by], ascending=[False, True])
    total = int(rows["count"].sum()) if len(rows) else 0
    if len(rows) < 2 or not total:
        return rows, float("nan")
    top = rows.iloc[0]
    share = float(top["n_words"]) / float(rows["n_words"].sum())
    return rows, float(binomtest(int(top["count"]), total, share, alternative="greater").pvalue)


def top_user(profile: pd.DataFrame, *, family: str, measure: str, by: str = "speaker",
             among: Sequence[str] | None = None, min_words: int = 5000, min_matches: int = MIN_MATCHES,
             max_p: float = MAX_P) -> str | None:
    """The group that uses a measure most, per 1,000 words, when the evidence is enough to say so.

    Parameters
    ----------
    profile, family, measure, by, among, min_words
        As in :func:`describe_top_user`.
    min_matches : int, default=MIN_MATCHES
        The group with the highest rate needs at least this many matches ...
    max_p : float, default=MAX_P
        ... and its matches must exceed its share of the words at the pooled rate of the groups
        compared with a one-sided binomial p-value below this (with two groups or more).

    Returns
    -------
    str or None
        The group, or None when no group qualifies or the evidence is thin.

    Examples
    --------
    >>> p = pd.DataFrame({"speaker": ["A", "B"], "family": "devices", "measure": "enumeration",
    ...                   "count": [6, 40], "n_words": [15000, 150000], "per_1000": [0.4, 0.27]})
    >>> top_user(p, family="devices", measure="enumeration") is None  # 6 matches
    True
    >>> top_user(p.assign(count=[60, 40], per_1000=[4.0, 0.27]), family="devices", measure="enumeration")
    'A'
    """
    rows, p = _compared(profile, family, measure, by, among, min_words)
    if rows.empty or int(rows.iloc[0]["count"]) < min_matches or not (np.isnan(p) or p < max_p):
        return None
    return str(rows.iloc[0][by])


def describe_top_user(profile: pd.DataFrame, *, family: str, measure: str, by: str = "speaker",
                      among: Sequence[str] | None = None, min_words: int = 5000,
                      matches: pd.DataFrame | None = None, turns: pd.DataFrame | None = None,
                      min_matches: int = MIN_MATCHES, max_p: float = MAX_P) -> Finding:
    """Which group uses a measure most, per 1,000 words, against the others; or that the
    matches are too few to tell.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`analysis.rhetoric.rhetoric_profile` grouped by ``by``.
    family, measure : str
        The measure (``"devices"``, ``"enumeration"``; ``"frames"``, ``"struggle"``).
    by : str, default="speaker"
    among : sequence of str, optional
        Only these groups (e.g. the spokespersons).
    min_words : int, default=5000
        Leave out groups with fewer words.
    matches : pandas.DataFrame, optional
        Matches of the measure (``detect_devices`` or ``match_dictionary`` output with a
        ``by`` column); the top group's become the evidence.
    turns : pandas.DataFrame, optional
        The turns, to quote short matches in context.
    min_matches, max_p : int, float, default=MIN_MATCHES, MAX_P
        The evidence needed to name the top group (see :func:`top_user`): with fewer matches,
        or an excess over the others that chance explains as well, the sentence says so and
        gives the rates by group name instead of ranking them.

    Returns
    -------
    Finding
        ``counts``: the rate per 1,000 words of each group.

    Examples
    --------
    >>> p = pd.DataFrame({"speaker": ["A", "B", "C"], "family": "frames", "measure": "struggle",
    ...                   "count": [39, 10, 13], "n_words": [10000] * 3, "per_1000": [3.9, 1.0, 1.3]})
    >>> print(describe_top_user(p, family="frames", measure="struggle"))
    A uses struggle metaphors most: 3.9 per 1,000 words (39 matches), 3.0 times the rate of C (1.3), then B (1.0).
    >>> print(describe_top_user(p.assign(count=[6, 2, 3], per_1000=[0.6, 0.2, 0.3]), family="frames",
    ...                         measure="struggle"))
    Struggle metaphors are too rare to say who uses them most: the highest rate, A's 0.60 per 1,000 words, rests on 6 matches (fewer than 10). The rates: A 0.60, B 0.20 and C 0.30.
    """
    rows, p = _compared(profile, family, measure, by, among, min_words)
    label = _label(family, measure)
    if rows.empty:
        return Finding(f"No group has {fmt_int(min_words)} words or more to compare on {label}.")
    top = rows.iloc[0]
    counts = {str(r[by]): float(r["per_1000"]) for _, r in rows.iterrows()}
    n_top = int(top["count"])
    if top_user(rows, family=family, measure=measure, by=by, min_words=min_words, min_matches=min_matches,
                max_p=max_p) is None:
        head = label[:1].upper() + label[1:]
        if n_top < min_matches:
            text = (f"{head} are too rare to say who uses them most: the highest rate, {top[by]}'s "
                    f"{_rate(top['per_1000'])} per 1,000 words, rests on {_plural(n_top, 'match')} "
                    f"(fewer than {fmt_int(min_matches)}).")
        else:
            text = (f"No group stands out in its use of {label}: the highest rate, {top[by]}'s "
                    f"{_rate(top['per_1000'])} per 1,000 words ({_plural(n_top, 'match')}), is within what chance "
                    f"gives at the groups' pooled rate (binomial test, {fmt_p(p)}).")
        if len(rows) > 1:
            by_name = rows.sort_values(by)
            rates = [f"{r[by]} {_rate(r['per_1000'])}" for _, r in by_name.iterrows()]
            text += " The rates: " + join_words(rates) + "."
        return Finding(text, evidence=_top_evidence(matches, turns, by, top[by], measure), counts=counts)
    text = f"{top[by]} uses {label} most: {_rate(top['per_1000'])} per 1,000 words ({fmt_int(top['count'])} matches)"
    if len(rows) > 1:
        second = rows.iloc[1]
        ratio = top["per_1000"] / second["per_1000"] if second["per_1000"] > 0 else float("inf")
        times = f"{fmt_num(ratio, 1)} times the rate of" if np.isfinite(ratio) else "against"
        text += f", {times} {second[by]} ({_rate(second['per_1000'])})"
        rest = [f"{r[by]} ({_rate(r['per_1000'])})" for _, r in rows.iloc[2:].iterrows()]
        text += (", then " + join_words(rest) if rest else "") + "."
    else:
        text += "."
    return Finding(text, evidence=_top_evidence(matches, turns, by, top[by], measure), counts=counts)


def _plural(n: int, word: str) -> str:
    return f"{fmt_int(n)} {word if n == 1 else word + 'es' if word.endswith('ch') else word + 's'}"


def _top_evidence(matches: pd.DataFrame | None, turns: pd.DataFrame | None, by: str, group,
                  measure: str) -> pd.DataFrame:
    """Up to three of ``group``'s matches of ``measure``, quoted (none without ``matches``)."""
    if matches is None or by not in matches:
        return pd.DataFrame()
    col = "device" if "device" in matches else "category"
    return _evidence(matches[(matches[by] == group) & (matches[col] == measure)], turns, 3)


def _answerers(group) -> str:
    """An answerer group as said: a joint answer ("A; B", several speakers answering one
    question) as "A and B answering together", a single speaker as named.

    >>> _answerers("Lu Kang"), _answerers("Pence; Fauci; Birx")
    ('Lu Kang', 'Pence, Fauci and Birx answering together')
    """
    names = str(group).split("; ")
    return names[0] if len(names) == 1 else f"{join_words(names)} answering together"


def describe_responsiveness(responses: pd.DataFrame, *, by: str = "answerer", min_questions: int = 20,
                            turns: pd.DataFrame | None = None) -> Finding:
    """How much answers take up their questions, against the baseline, and who turns away most.

    Parameters
    ----------
    responses : pandas.DataFrame
        From :func:`analysis.rhetoric.responsiveness`.
    by : str, default="answerer"
    min_questions : int, default=20
        Groups with fewer answers long enough to judge (``judged``) are not ranked.
    turns : pandas.DataFrame, optional
        The turns: quotes a question and an answer flagged off topic as evidence.

    Returns
    -------
    Finding
        ``counts``: ``questions``, ``median_uptake``, ``median_similarity``,
        ``mean_baseline``, ``judged`` (answers long enough to judge; all when ``responses``
        has no ``judged`` column), ``off_topic`` (count) and ``share_off_topic`` (of the
        judged answers).

    Examples
    --------
    >>> r = pd.DataFrame({"answerer": ["H"] * 3, "uptake": [0.5, 0.25, 0.0], "similarity": [0.3, 0.2, 0.0],
    ...                   "baseline_similarity": [0.02, 0.04, 0.03], "off_topic": [False, False, True]})
    >>> print(describe_responsiveness(r, min_questions=1))
    Answers take up a median 25% of their question's content words, and their TF-IDF similarity to the question (median 0.20) is 6.7 times what an answer shares with the other questions of the same day (0.03). 1 of 3 answers (33%) turn to a different subject.
    """
    if responses.empty:
        return Finding("There are no answered questions to describe.")
    n = len(responses)
    up = float(responses["uptake"].median())
    sim = float(responses["similarity"].median())
    base = float(responses["baseline_similarity"].mean())
    overall = responsiveness_summary(responses, by=[]).iloc[0]
    n_judged = int(overall["n_judged"])
    off = round(overall["share_off_topic"] * n_judged) if n_judged else 0
    text = (f"Answers take up a median {fmt_share(up)} of their question's content words, and their TF-IDF "
            f"similarity to the question (median {fmt_num(sim, 2)})")
    if np.isfinite(base) and base > 0:
        text += (f" is {fmt_num(sim / base, 1)} times what an answer shares with the other questions of the same "
                 f"day ({fmt_num(base, 2)}).")
    else:
        text += "."
    short = n - n_judged
    if not n_judged:
        text += " No answer has enough words to judge whether it turns to a different subject"
    else:
        text += (f" {fmt_int(off)} of {fmt_int(n_judged)} answers{' long enough to judge' if short else ''} "
                 f"({fmt_share(off / n_judged)}) turn to a different subject")
    if short:
        text += (f" ({fmt_int(short)} shorter one{'s' if short != 1 else ''}, hand-overs and thanks, "
                 f"{'are' if short != 1 else 'is'} not judged)")
    g = responsiveness_summary(responses, by=by).rename(columns={"share_off_topic": "mean"})
    g = g[(g["n_judged"] >= min_questions) & g[by].notna()].sort_values(["mean", by], ascending=[False, True])
    if len(g) >= 2:
        hi, lo = g.iloc[0], g.iloc[-1]
        text += (f"; the share ranges from {fmt_share(lo['mean'])} ({_answerers(lo[by])}) to "
                 f"{fmt_share(hi['mean'])} ({_answerers(hi[by])})")
    text += "."
    evidence = pd.DataFrame()
    if turns is not None and off:
        flagged = responses[responses["off_topic"]].sort_values(["similarity", "transcript_id", "question_turn"])
        key = turns.set_index(["transcript_id", "turn_index"])["text"]
        rows = []
        for _, r in flagged.head(40).iterrows():
            answer = turns[(turns["transcript_id"] == r["transcript_id"])
                           & (turns["answers_turn"] == r["question_turn"])]
            q = key.get((r["transcript_id"], r["question_turn"]), "")
            a = " ".join(answer["text"])
            if 15 <= len(q.split()) <= 60 and len(a.split()) >= 25:
                rows.append({"transcript_id": r["transcript_id"], "date": r.get("date"), "speaker": r[by],
                             "text": f"Q: {' '.join(q.split())} A: {a}"})
            if len(rows) == 2:
                break
        evidence = pd.DataFrame(rows)
    counts = {"questions": n, "median_uptake": up, "median_similarity": sim, "mean_baseline": base,
              "off_topic": off, "share_off_topic": off / n_judged if n_judged else float("nan"), "judged": n_judged}
    return Finding(text, evidence=evidence, counts=counts)


def describe_trend(profile: pd.DataFrame, *, family: str, measure: str, period: str = "period",
                   min_words: int = 5000) -> Finding:
    """A measure's rate over time: first and last period, and the peak.

    Parameters
    ----------
    profile : pandas.DataFrame
        From :func:`analysis.rhetoric.rhetoric_profile` with ``freq=`` (a ``period`` column).
    family, measure : str
    period : str, default="period"
    min_words : int, default=5000
        Leave out periods with fewer words.

    Returns
    -------
    Finding
        ``counts``: the rate per period (``"YYYY-MM-DD"`` keys).

    Examples
    --------
    >>> p = pd.DataFrame({"period": pd.to_datetime(["2019-01-01", "2019-04-01", "2019-07-01"]),
    ...                   "family": "frames", "measure": "struggle", "n_words": [9000] * 3,
    ...                   "per_1000": [1.0, 3.0, 1.5]})
    >>> print(describe_trend(p, family="frames", measure="struggle"))
    Struggle metaphors went from 1.0 per 1,000 words in the period starting 2019-01-01 to 1.5 in the one starting 2019-07-01; the peak was 3.0 in the period starting 2019-04-01 (2.4 times the mean of the other periods).
    """
    rows = profile[(profile["family"] == family) & (profile["measure"] == measure) & (profile["n_words"] >= min_words)]
    rows = rows.sort_values(period)
    label = _label(family, measure)
    if len(rows) < 2:
        return Finding(f"There are fewer than two periods with {fmt_int(min_words)} words to trace {label}.")
    if not (rows["per_1000"] > 0).any():
        return Finding(f"No {label} occur in any of the {len(rows)} periods.", counts={})
    first, last = rows.iloc[0], rows.iloc[-1]
    peak = rows.sort_values(["per_1000", period], ascending=[False, True]).iloc[0]
    others = rows[rows[period] != peak[period]]["per_1000"].mean()
    text = (f"{label[0].upper() + label[1:]} went from {_rate(first['per_1000'])} per 1,000 words in the period "
            f"starting {pd.Timestamp(first[period]):%Y-%m-%d} to {_rate(last['per_1000'])} in the one starting "
            f"{pd.Timestamp(last[period]):%Y-%m-%d}")
    if peak[period] == last[period]:
        text += ", the highest of all periods"
    else:
        text += f"; the peak was {_rate(peak['per_1000'])} in the period starting {pd.Timestamp(peak[period]):%Y-%m-%d}"
    if others > 0:
        text += f" ({fmt_num(peak['per_1000'] / others, 1)} times the mean of the other periods)"
    text += "."
    counts = {f"{pd.Timestamp(p):%Y-%m-%d}": float(v) for p, v in zip(rows[period], rows["per_1000"])}
    return Finding(text, counts=counts)
