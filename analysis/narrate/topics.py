"""Sentences about topic models: the units, the choice of k, the topics, how they shift over
time and between groups, and whether answers stay on the question's topic.

Every function reads a table made by :mod:`analysis.topics` and states only what that table
holds, so the sentences stay true when the corpus or the parameters change.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..periods import start_text
from ._fmt import Finding, fmt_int, fmt_num, fmt_share, join_words

__all__ = ["describe_units", "describe_k_choice", "describe_topics", "describe_topic_shift",
           "describe_group_contrast", "describe_answer_agreement", "describe_within_period"]


def _topic(t: int, labels: Mapping[int, str] | None) -> str:
    lab = (labels or {}).get(int(t))
    return f"topic {int(t)} ({lab})" if lab else f"topic {int(t)}"


def describe_units(units: pd.DataFrame, *, unit: str = "paragraph") -> Finding:
    """How many units the model sees and how they were made, from :func:`topic_units`.

    Examples
    --------
    >>> u = pd.DataFrame({"n_words": [30, 50, 40], "n_parts": [1, 2, 1], "transcript_id": ["a", "a", "b"]})
    >>> print(describe_units(u))
    The topic model sees 3 paragraph units from 2 transcripts (120 words, a median of 40 words per unit); 1 unit
    joins 2 or more short paragraphs.
    """
    n = len(units)
    if n == 0:
        return Finding(f"There is no {unit} unit to model.", counts={"units": 0})
    merged = int((units["n_parts"] > 1).sum())
    parts = {"paragraph": "paragraphs", "turn": "turns", "exchange": "turns"}.get(unit, "parts")
    tail = (f"; {fmt_int(merged)} unit{'s' if merged != 1 else ''} join{'s' if merged == 1 else ''} "
            f"2 or more short {parts}") if merged and unit == "paragraph" else ""
    text = (f"The topic model sees {fmt_int(n)} {unit} unit{'s' if n != 1 else ''} from "
            f"{fmt_int(units['transcript_id'].nunique())} transcripts ({fmt_int(units['n_words'].sum())} words, "
            f"a median of {fmt_int(units['n_words'].median())} words per unit){tail}.")
    return Finding(text, counts={"units": n, "merged": merged, "words": int(units["n_words"].sum())})


def describe_k_choice(table: pd.DataFrame) -> Finding:
    """Which k is recommended and why, from :func:`analysis.topics.choose_k`.

    Examples
    --------
    >>> t = pd.DataFrame({"k": [4, 6, 8], "coherence": [0.30, 0.28, 0.29], "coherence_weighted": [0.1, 0.2, 0.3],
    ...                   "stability": [0.9, 0.8, 0.2], "score": [0.5, 0.68, 0.5],
    ...                   "recommended": [False, True, False]})
    >>> print(describe_k_choice(t))  # doctest: +NORMALIZE_WHITESPACE
    Of the 3 values of k tried (4 to 8), k = 6 balances coherence and stability best (score 0.68 of 1): its topics
    come back across refits with 80% agreement of their top terms (rank 2 of 3) and the topic a typical unit falls
    in has NPMI coherence 0.200 (rank 2 of 3). Stability runs from 0.90 at k = 4 to 0.20 at k = 8; the plain mean
    coherence varies only from 0.280 to 0.300.
    """
    if table.empty or not table["recommended"].any():
        return Finding("No number of topics was recommended (the table is empty).")
    t = table.sort_values("k", ignore_index=True)
    best = t[t["recommended"]].iloc[0]
    coh = "coherence_weighted" if "coherence_weighted" in t else "coherence"
    n = len(t)
    rank_s = int((t["stability"] > best["stability"]).sum()) + 1
    rank_c = int((t[coh] > best[coh]).sum()) + 1
    first, last = t.iloc[0], t.iloc[-1]
    what = "the topic a typical unit falls in has NPMI coherence" if coh == "coherence_weighted" else \
        "its topics have mean NPMI coherence"
    text = (f"Of the {n} values of k tried ({int(first['k'])} to {int(last['k'])}), k = {int(best['k'])} balances "
            f"coherence and stability best (score {fmt_num(best['score'], 2)} of 1): its topics come back across "
            f"refits with {fmt_share(best['stability'])} agreement of their top terms (rank {rank_s} of {n}) and "
            f"{what} {fmt_num(best[coh], 3)} (rank {rank_c} of {n}). Stability runs from "
            f"{fmt_num(first['stability'], 2)} at k = {int(first['k'])} to {fmt_num(last['stability'], 2)} at "
            f"k = {int(last['k'])}")
    if coh == "coherence_weighted":
        text += (f"; the plain mean coherence varies only from {fmt_num(t['coherence'].min(), 3)} to "
                 f"{fmt_num(t['coherence'].max(), 3)}." if t["coherence"].max() - t["coherence"].min() < 0.05 else
                 f"; the plain mean coherence runs from {fmt_num(t['coherence'].min(), 3)} to "
                 f"{fmt_num(t['coherence'].max(), 3)}.")
    else:
        text += "."
    return Finding(text, counts={"k": int(best["k"]), "stability": float(best["stability"]),
                                 "coherence": float(best[coh]), "score": float(best["score"])})


def describe_topics(labels: pd.DataFrame, passages: pd.DataFrame | None = None, *, top: int = 4) -> Finding:
    """The largest and smallest topics with their terms, from :func:`topic_labels`.

    ``passages`` (from :func:`representative_passages`) supplies the evidence: the best
    passage of each of the ``top`` largest topics.

    Examples
    --------
    >>> lab = pd.DataFrame({"topic": [1, 2, 3], "label": ["trade, tariffs", "taiwan", "flood"],
    ...                     "top_phrases": ["trade war", "", ""], "n_units": [50, 30, 20],
    ...                     "share_units": [0.5, 0.3, 0.2]})
    >>> print(describe_topics(lab, top=2))
    Of 3 topics, the largest are topic 1 (trade, tariffs; 50% of units, 50; phrases such as “trade war”) and topic
    2 (taiwan; 30%, 30); the smallest is topic 3 (flood; 20%, 20).
    """
    if labels.empty:
        return Finding("There are no topics to describe.")
    lab = labels.sort_values(["n_units", "topic"], ascending=[False, True], ignore_index=True)
    parts = []
    for i, r in lab.head(top).iterrows():
        share = f"{fmt_share(r['share_units'])} of units" if i == 0 else fmt_share(r["share_units"])
        phr = str(r.get("top_phrases") or "").split(", ")[:2]
        phr = [p for p in phr if p]
        extra = f"; phrases such as {join_words(phr, quote_items=True)}" if phr else ""
        parts.append(f"topic {int(r['topic'])} ({r['label']}; {share}, {fmt_int(r['n_units'])}{extra})")
    text = f"Of {len(lab)} topics, the largest are {join_words(parts)}"
    if len(lab) > top:
        s = lab.iloc[-1]
        text += (f"; the smallest is topic {int(s['topic'])} ({s['label']}; {fmt_share(s['share_units'])}, "
                 f"{fmt_int(s['n_units'])})")
    text += "."
    evidence = pd.DataFrame()
    if passages is not None and not passages.empty:
        tops = lab.head(top)["topic"].tolist()
        evidence = passages[(passages["rank"] == 1) & passages["topic"].isin(tops)]
        evidence = evidence.set_index("topic").loc[[t for t in tops if t in set(evidence["topic"])]].reset_index()
        evidence["label"] = [f"Topic {t}" for t in evidence["topic"]]  # which topic each quote shows
    return Finding(text, evidence=evidence,
                   counts={int(r["topic"]): int(r["n_units"]) for _, r in lab.iterrows()})


def describe_topic_shift(prevalence: pd.DataFrame, *, min_units: int = 30) -> Finding:
    """Which topics rose and fell between the first and last period, and which one peaked.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        From :func:`topic_prevalence` with ``by=None`` and a ``period``.
    min_units : int, default=30
        Periods with fewer units are ignored.

    Examples
    --------
    >>> p = pd.DataFrame({"period": pd.to_datetime(["2019-01-01"] * 2 + ["2019-04-01"] * 2 + ["2019-07-01"] * 2),
    ...                   "topic": [1, 2] * 3, "label": ["trade", "flood"] * 3,
    ...                   "n_units": [40, 10, 25, 25, 10, 40], "n_cell": [50] * 6,
    ...                   "share": [0.8, 0.2, 0.5, 0.5, 0.2, 0.8]})
    >>> print(describe_topic_shift(p))
    From the period starting 2019-01-01 to the one starting 2019-07-01 (3 periods with 30+ units), topic 2 (flood)
    rose most, from 20% to 80% of units (10 of 50, then 40 of 50), and topic 1 (trade) fell most, from 80% to 20%
    (40 of 50, then 10 of 50). The most concentrated in time is topic 1 (trade), at its peak in the period
    starting 2019-01-01 with 80% of units (40 of 50) against 50% over all periods.
    """
    data = prevalence[prevalence["n_cell"] >= min_units]
    periods = sorted(data["period"].unique())
    if len(periods) < 2:
        return Finding(f"Fewer than two periods have {min_units}+ units; no shift can be measured.")
    labels = dict(zip(data["topic"], data["label"])) if "label" in data else {}
    first = data[data["period"] == periods[0]].set_index("topic")
    last = data[data["period"] == periods[-1]].set_index("topic")
    diff = (last["share"] - first["share"]).sort_index()
    up, down = int(diff.idxmax()), int(diff.idxmin())

    def cnt(t):
        return (f"{fmt_int(first.loc[t, 'n_units'])} of {fmt_int(first.loc[t, 'n_cell'])}, then "
                f"{fmt_int(last.loc[t, 'n_units'])} of {fmt_int(last.loc[t, 'n_cell'])}")

    text = (f"From the period starting {start_text(periods[0])} to the one starting {start_text(periods[-1])} "
            f"({len(periods)} periods with {min_units}+ units), {_topic(up, labels)} rose most, from "
            f"{fmt_share(first.loc[up, 'share'])} to {fmt_share(last.loc[up, 'share'])} of units ({cnt(up)}), and "
            f"{_topic(down, labels)} fell most, from {fmt_share(first.loc[down, 'share'])} to "
            f"{fmt_share(last.loc[down, 'share'])} ({cnt(down)}).")
    totals = data.groupby("topic")[["n_units", "n_cell"]].sum()
    overall = totals["n_units"] / totals["n_cell"]
    peak_rows = data.loc[data.groupby("topic")["share"].idxmax()].set_index("topic")
    ratio = (peak_rows["share"] / overall.where(overall > 0)).dropna()
    if len(ratio):
        t = int(ratio.sort_index().idxmax())
        pr = peak_rows.loc[t]
        text += (f" The most concentrated in time is {_topic(t, labels)}, at its peak in the period starting "
                 f"{start_text(pr['period'])} with {fmt_share(pr['share'])} of units ({fmt_int(pr['n_units'])} of "
                 f"{fmt_int(pr['n_cell'])}) against {fmt_share(overall[t])} over all periods.")
    return Finding(text, counts={"rose": up, "fell": down, "rise": float(diff[up]), "fall": float(diff[down])})


def describe_group_contrast(prevalence: pd.DataFrame, *, by: str, min_units: int = 100, top: int = 5) -> Finding:
    """For each group, the topic it favours most against all groups together.

    Parameters
    ----------
    prevalence : pandas.DataFrame
        From :func:`topic_prevalence` with ``by`` as its only grouping.
    by : str
        The grouping column.
    min_units : int, default=100
        Groups with fewer units are left out.
    top : int, default=5
        Largest groups described.

    Examples
    --------
    >>> p = pd.DataFrame({"speaker": ["A", "A", "B", "B"], "topic": [1, 2, 1, 2], "label": ["trade", "flood"] * 2,
    ...                   "n_units": [90, 10, 50, 50], "n_cell": [100, 100, 100, 100],
    ...                   "share": [0.9, 0.1, 0.5, 0.5]})
    >>> print(describe_group_contrast(p, by="speaker"))
    Against all speakers together, A gives topic 1 (trade) 90% of units (90 of 100; 70% overall) and B gives topic
    2 (flood) 50% of units (50 of 100; 30% overall).
    """
    data = prevalence[prevalence["n_cell"] >= min_units]
    if data.empty:
        return Finding(f"No {by} has {min_units}+ units.")
    labels = dict(zip(data["topic"], data["label"])) if "label" in data else {}
    totals = data.groupby("topic")[["n_units", "n_cell"]].sum()
    overall = totals["n_units"] / totals["n_cell"]
    data = data.assign(overall=data["topic"].map(overall))
    data = data.assign(excess=data["share"] - data["overall"])
    sizes = data.drop_duplicates(by).sort_values(["n_cell", by], ascending=[False, True]).head(top)
    parts, counts = [], {}
    for g in sizes[by]:
        rows = data[data[by] == g].sort_values(["excess", "topic"], ascending=[False, True])
        r = rows.iloc[0]
        parts.append(f"{g} gives {_topic(r['topic'], labels)} {fmt_share(r['share'])} of units "
                     f"({fmt_int(r['n_units'])} of {fmt_int(r['n_cell'])}; {fmt_share(r['overall'])} overall)")
        counts[str(g)] = int(r["topic"])
    plural = {"speaker": "speakers", "role": "roles"}.get(by, f"{by} groups")
    return Finding(f"Against all {plural} together, " + join_words(parts) + ".", counts=counts)


def describe_answer_agreement(agreement: pd.DataFrame, matrix: pd.DataFrame | None = None, *,
                              labels: Mapping[int, str] | None = None, min_questions: int = 30) -> Finding:
    """Does the answer stay on the question's topic? From :func:`answer_topic_agreement`.

    ``matrix`` (from :func:`question_answer_matrix`) adds the question topic whose answers
    stray most often and where they go (question topics with fewer than ``min_questions``
    exchanges are skipped).

    Examples
    --------
    >>> a = pd.DataFrame({"n_exchanges": [100], "n_same": [60], "share_same": [0.6], "expected_same": [0.2],
    ...                   "kappa": [0.5], "mean_answer_on_question_topic": [0.55]})
    >>> print(describe_answer_agreement(a))
    The answer's main topic is the question's in 60% of 100 exchanges (60), against 20% expected if answers
    ignored questions (Cohen's kappa 0.50).
    """
    if agreement.empty:
        return Finding("No exchange has both a question and an answer to compare.")
    r = agreement.iloc[0] if len(agreement) == 1 else agreement.sort_values("n_exchanges", ascending=False).iloc[0]
    text = (f"The answer's main topic is the question's in {fmt_share(r['share_same'])} of "
            f"{fmt_int(r['n_exchanges'])} exchanges ({fmt_int(r['n_same'])}), against "
            f"{fmt_share(r['expected_same'])} expected if answers ignored questions (Cohen's kappa "
            f"{fmt_num(r['kappa'], 2)}).")
    counts = {"exchanges": int(r["n_exchanges"]), "same": int(r["n_same"]), "share_same": float(r["share_same"])}
    if matrix is not None and not matrix.empty:
        on_diagonal = matrix["question_topic"] == matrix["answer_topic"]
        diag = matrix[on_diagonal & (matrix["n_question_topic"] >= min_questions)]
        if not diag.empty:
            worst = diag.sort_values(["share", "question_topic"]).iloc[0]
            q = int(worst["question_topic"])
            off = matrix[(matrix["question_topic"] == q) & (matrix["answer_topic"] != q)]
            to = off.sort_values(["n", "answer_topic"], ascending=[False, True]).iloc[0]
            text += (f" Questions on {_topic(q, labels)} are answered on topic least often "
                     f"({fmt_share(worst['share'])}, {fmt_int(worst['n'])} of {fmt_int(worst['n_question_topic'])}); "
                     f"their answers turn most often to {_topic(to['answer_topic'], labels)} "
                     f"({fmt_share(to['share'])}, {fmt_int(to['n'])}).")
            counts.update(least_on_topic=q, strays_to=int(to["answer_topic"]))
    return Finding(text, counts=counts)


def describe_within_period(prevalence: pd.DataFrame, *, by: str, topic: int, min_units: int = 30,
                           labels: Mapping[int, str] | None = None) -> Finding:
    """Do groups differ on a topic within the same period, or only because they speak at different times?

    Parameters
    ----------
    prevalence : pandas.DataFrame
        From :func:`topic_prevalence` with ``by`` and a ``period``.
    by : str
        The grouping column (e.g. ``"speaker"``).
    topic : int
        The topic to compare.
    min_units : int, default=30
        Cells (group x period) with fewer units are left out.
    labels : mapping, optional
        Topic labels; taken from ``prevalence["label"]`` when absent.

    Examples
    --------
    >>> p = pd.DataFrame({"speaker": ["A", "B", "A", "B"],
    ...                   "period": pd.to_datetime(["2019-01-01"] * 2 + ["2019-04-01"] * 2),
    ...                   "topic": [1] * 4, "label": ["trade"] * 4, "n_units": [10, 20, 30, 35], "n_cell": [50] * 4,
    ...                   "share": [0.2, 0.4, 0.6, 0.7]})
    >>> print(describe_within_period(p, by="speaker", topic=1))
    Within the same period, speakers' shares of topic 1 (trade) differ by 15 points on average (2 periods with 2+
    speakers of 30+ units); the widest gap is in the period starting 2019-01-01, B 40% (20 of 50) against A 20%
    (10 of 50). Across periods, the topic's share moves over 35 points (from 30% to 65%, all speakers pooled).
    """
    data = prevalence[(prevalence["topic"] == topic) & (prevalence["n_cell"] >= min_units)]
    labels = labels or (dict(zip(prevalence["topic"], prevalence["label"])) if "label" in prevalence else {})
    plural = {"speaker": "speakers", "role": "roles"}.get(by, f"{by} groups")
    per = data.groupby("period")
    spans = per["share"].agg(lambda s: s.max() - s.min())[per.size() >= 2]
    if spans.empty:
        return Finding(f"No period has two {plural} with {min_units}+ units to compare on {_topic(topic, labels)}.")
    widest = spans.sort_index().idxmax()
    cell = data[data["period"] == widest].sort_values(["share", by], ascending=[False, True])
    hi, lo = cell.iloc[0], cell.iloc[-1]
    pooled = data.groupby("period")[["n_units", "n_cell"]].sum()
    pooled_share = pooled["n_units"] / pooled["n_cell"]
    text = (f"Within the same period, {plural}' shares of {_topic(topic, labels)} differ by "
            f"{fmt_int(100 * spans.mean())} points on average ({len(spans)} periods with 2+ {plural} of "
            f"{min_units}+ units); the widest gap is in the period starting {start_text(widest)}, {hi[by]} "
            f"{fmt_share(hi['share'])} ({fmt_int(hi['n_units'])} of {fmt_int(hi['n_cell'])}) against {lo[by]} "
            f"{fmt_share(lo['share'])} ({fmt_int(lo['n_units'])} of {fmt_int(lo['n_cell'])}). Across periods, the "
            f"topic's share moves over {fmt_int(100 * (pooled_share.max() - pooled_share.min()))} points (from "
            f"{fmt_share(pooled_share.min())} to {fmt_share(pooled_share.max())}, all {plural} pooled).")
    return Finding(text, counts={"mean_gap": float(spans.mean()), "widest_period": str(pd.Timestamp(widest).date()),
                                 "period_range": float(pooled_share.max() - pooled_share.min())})
