"""Sentences about the corpus as a whole: size, span, who speaks how much."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ._fmt import Finding, fmt_int, fmt_share, join_words

__all__ = ["describe_corpus", "describe_roles", "describe_exchanges", "describe_duplicates", "describe_thin_groups",
           "describe_formula_spread"]

#: Fewer transcripts than this make recurring "across transcripts" thin evidence of a formula.
FEW_TRANSCRIPTS = 10


def _group_name(value, by: str) -> str:
    """A group as a sentence names it: a role is a kind of speaker, several people ("officials",
    "speakers of unknown role"); any other group is its value."""
    if by != "role":
        return str(value)
    return "speakers of unknown role" if value == "unknown" else f"{value}s"


def describe_corpus(summary: pd.DataFrame) -> Finding:
    """One paragraph on size and span, from :meth:`Corpus.summary`.

    Examples
    --------
    >>> s = pd.DataFrame({"transcript_id": ["a", "b"], "date": pd.to_datetime(["2020-01-02", None]),
    ...                   "n_turns": [3, 2], "n_questions": [1, 1], "n_words": [100, 50], "kind": ["briefing"] * 2})
    >>> print(describe_corpus(s))
    The corpus holds 2 transcripts (5 turns, 150 words, 2 questions) dated from 2020-01-02 to 2020-01-02; 1 has no date.
    """
    n = len(summary)
    dates = summary["date"].dropna()
    span = f" dated from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else " with no dates"
    undated = n - len(dates)
    tail = f"; {undated} {'has' if undated == 1 else 'have'} no date" if undated and len(dates) else ""
    text = (f"The corpus holds {fmt_int(n)} transcript{'s' if n != 1 else ''} ({fmt_int(summary['n_turns'].sum())} turns, "
            f"{fmt_int(summary['n_words'].sum())} words, {fmt_int(summary['n_questions'].sum())} questions){span}{tail}.")
    return Finding(text, counts={"transcripts": n, "words": int(summary["n_words"].sum()), "undated": undated})


def describe_roles(words: pd.DataFrame, *, by: str = "role", kinds: Mapping[str, str] | None = None) -> Finding:
    """Who speaks how much, from :func:`analysis.overview.words_by`.

    ``kinds`` marks the groups that are not one person, as the figure of words by speaker
    does (:func:`analysis.overview.speaker_kinds`): ``"pooled"`` (everyone the
    transcripts leave unnamed) or ``"outlet"`` (a media outlet). None reads the
    ``speaker_kind`` column of ``words`` when it has one (:func:`~analysis.overview.words_by`
    by speaker).

    Examples
    --------
    >>> w = pd.DataFrame({"role": ["official", "questioner"], "n_words": [80, 20], "share": [0.8, 0.2],
    ...                   "n_turns": [4, 4], "mean_words_per_turn": [20.0, 5.0]})
    >>> print(describe_roles(w))
    Officials speak 80% of all words (80 words in 4 turns, 20 words per turn on average), then questioners (20%, 5 words per turn).
    >>> s = w.assign(speaker=["Lu Kang", "Journalist"])
    >>> print(describe_roles(s, by="speaker", kinds={"Journalist": "pooled"}))  # doctest: +NORMALIZE_WHITESPACE
    Lu Kang speaks 80% of all words (80 words in 4 turns, 20 words per turn on average), then Journalist
    (pooled: everyone the transcripts leave unnamed; 20%, 5 words per turn).
    """
    if words.empty:
        return Finding("There are no turns to describe.")
    notes = {"pooled": "pooled: everyone the transcripts leave unnamed", "outlet": "a media outlet"}
    if kinds is None and "speaker_kind" in words and by == "speaker":
        kinds = dict(zip(words["speaker"], words["speaker_kind"]))
    marks = {str(k): notes[v] for k, v in ({} if kinds is None else dict(kinds)).items() if v in notes}

    def said(value, rest: str) -> str:
        mark = marks.get(str(value))
        return f"{_group_name(value, by)} ({mark}; {rest})" if mark else f"{_group_name(value, by)} ({rest})"

    top = words.iloc[0]
    rest = [said(r[by], f"{fmt_share(r['share'])}, {fmt_int(r['mean_words_per_turn'])} words per turn")
            for _, r in words.iloc[1:4].iterrows()]
    head = _group_name(top[by], by) + (f" ({marks[str(top[by])]})" if str(top[by]) in marks else "")
    verb = "speak" if by == "role" else "speaks"
    text = (f"{head[:1].upper() + head[1:]} {verb} {fmt_share(top['share'])} of all words "
            f"({fmt_int(top['n_words'])} words in {fmt_int(top['n_turns'])} turn{'s' if top['n_turns'] != 1 else ''}, "
            f"{fmt_int(top['mean_words_per_turn'])} words per turn on average)")
    text += (", then " + join_words(rest) + ".") if rest else "."
    return Finding(text, counts={str(r[by]): int(r["n_words"]) for _, r in words.iterrows()})


def describe_thin_groups(words: pd.DataFrame, *, by: str = "role", min_words: int = 1000) -> Finding:
    """A caution for the groups too small for rates of use, from :func:`analysis.overview.words_by`.

    In a group of ``n`` words one use of a word is ``1000 / n`` per 1,000 words, so the top
    terms of a group of a few dozen words are words used once or twice. The sentence names
    the groups of ``words`` holding fewer than ``min_words`` words, with their words and what
    one use weighs there; with none, it says every group reaches ``min_words``.

    Examples
    --------
    >>> w = pd.DataFrame({"role": ["official", "questioner", "moderator"], "n_words": [5000, 1500, 20]})
    >>> print(describe_thin_groups(w))  # doctest: +NORMALIZE_WHITESPACE
    Caution: moderators speak only 20 words in all (fewer than 1,000), so one use of a word weighs 50 per 1,000
    words there: their rates rest on few uses; read their top terms as examples, not as a profile.
    >>> print(describe_thin_groups(w, min_words=10))
    Every role speaks 10 words or more.
    """
    thin = words[words["n_words"] < min_words].sort_values(["n_words", by], ascending=[False, True])
    counts = {"thin": {str(g): int(n) for g, n in zip(thin[by], thin["n_words"])}}
    if thin.empty:
        return Finding(f"Every {by} speaks {fmt_int(min_words)} words or more.", counts=counts)
    verb = "speak" if by == "role" else "speaks"
    parts = [f"{_group_name(g, by)} {verb} only {fmt_int(n)} word{'' if n == 1 else 's'} in all"
             for g, n in zip(thin[by], thin["n_words"])]
    weighs = join_words(f"{1000 / n:,.1f}".removesuffix(".0") for n in thin["n_words"] if n > 0)
    text = (f"Caution: {join_words(parts)} (fewer than {fmt_int(min_words)}), so one use of a word weighs "
            f"{weighs} per 1,000 words there: their rates rest on few uses; read their top terms as examples, not "
            f"as a profile.")
    return Finding(text, counts=counts)


def describe_formula_spread(n_transcripts: int, min_transcripts: int) -> Finding:
    """How much "recurring across transcripts" can show in this corpus, for the formulae of
    :func:`analysis.phrases.formulae` with ``min_transcripts``.

    A caution when the evidence is thin: ``min_transcripts`` of 1 (phrases repeated within one
    transcript), a ``min_transcripts`` reaching every transcript, or fewer than
    :data:`FEW_TRANSCRIPTS` transcripts in all, where a phrase shared by a few of them may be
    the subject of those conferences rather than a fixed formula. Otherwise one sentence
    with the share of transcripts a formula must reach.

    Examples
    --------
    >>> print(describe_formula_spread(3, 3))  # doctest: +NORMALIZE_WHITESPACE
    Caution: with 3 transcripts, a formula here is a phrase found in all 3 of them (MIN_TRANSCRIPTS = 3). So
    few transcripts cannot tell a fixed formula from the subject these ones share: read the list as candidates,
    and add transcripts before calling a phrase formulaic.
    >>> print(describe_formula_spread(435, 3))
    A formula here recurs in at least 3 of the 435 transcripts (1%).
    """
    share = min_transcripts / n_transcripts if n_transcripts else 0.0
    counts = {"transcripts": n_transcripts, "min_transcripts": min_transcripts}
    if min_transcripts <= 1:
        text = ("Caution: a formula here needs to recur in only one transcript (MIN_TRANSCRIPTS = 1), so the list "
                "holds phrases repeated within a transcript, not formulae shared across transcripts.")
    elif min_transcripts >= n_transcripts or n_transcripts < FEW_TRANSCRIPTS:
        where = (f"found in all {fmt_int(n_transcripts)} of them" if min_transcripts >= n_transcripts else
                 f"found in {fmt_int(min_transcripts)} of them")
        text = (f"Caution: with {fmt_int(n_transcripts)} transcripts, a formula here is a phrase {where} "
                f"(MIN_TRANSCRIPTS = {min_transcripts}). So few transcripts cannot tell a fixed formula from the "
                f"subject these ones share: read the list as candidates, and add transcripts before calling a "
                f"phrase formulaic.")
    else:
        text = (f"A formula here recurs in at least {fmt_int(min_transcripts)} of the {fmt_int(n_transcripts)} "
                f"transcripts ({fmt_share(share)}).")
    return Finding(text, counts=counts)


def describe_exchanges(exchanges: pd.DataFrame, turns: pd.DataFrame | None = None) -> Finding:
    """Typical question and answer lengths, from :func:`analysis.overview.exchange_lengths`.

    The evidence is the longest answer (from ``turns``, when given).

    Examples
    --------
    >>> e = pd.DataFrame({"question_words": [10, 30], "answer_words": [100, 0],
    ...                   "transcript_id": ["a", "a"], "question_turn": [0, 2]})
    >>> print(describe_exchanges(e))
    Across 2 questions, the median question has 20 words and the median answer 100 words (5.0 times as long); 1 question (50%) has no answer.
    """
    if exchanges.empty:
        return Finding("There are no questions in this corpus.", counts={"questions": 0})
    answered = exchanges[exchanges["answer_words"] > 0]
    q_med = float(exchanges["question_words"].median())
    a_med = float(answered["answer_words"].median()) if len(answered) else 0.0
    n, n_un = len(exchanges), int((exchanges["answer_words"] == 0).sum())
    ratio = f" ({a_med / q_med:.1f} times as long)" if q_med else ""
    text = (f"Across {fmt_int(n)} question{'s' if n != 1 else ''}, the median question has {fmt_int(q_med)} words "
            f"and the median answer {fmt_int(a_med)} words{ratio}")
    text += (f"; {fmt_int(n_un)} question{'s' if n_un != 1 else ''} ({fmt_share(n_un / n)}) "
             f"{'has' if n_un == 1 else 'have'} no answer." if n_un else ".")
    evidence = pd.DataFrame()
    if turns is not None and len(answered):
        top = answered.sort_values(["answer_words", "transcript_id"], ascending=[False, True]).iloc[0]
        ans = turns[(turns["transcript_id"] == top["transcript_id"])
                    & (turns["answers_turn"] == top["question_turn"])]
        evidence = ans[["transcript_id", "date", "speaker", "text"]].head(1)
        text += (f" The longest answer ({fmt_int(top['answer_words'])} words) is quoted below.")
    return Finding(text, evidence=evidence,
                   counts={"questions": n, "median_question_words": q_med, "median_answer_words": a_med,
                           "unanswered": n_un})


def describe_duplicates(duplicates: pd.DataFrame) -> Finding:
    """Near-duplicate transcripts found by :meth:`Corpus.duplicates`.

    Examples
    --------
    >>> print(describe_duplicates(pd.DataFrame(columns=["transcript_a", "transcript_b", "similarity"])))
    No two transcripts are near-duplicates.
    """
    if duplicates.empty:
        return Finding("No two transcripts are near-duplicates.", counts={"pairs": 0})
    pairs = [f"{r.transcript_a} and {r.transcript_b} (similarity {r.similarity:.2f})"
             for r in duplicates.itertuples()]
    n = len(duplicates)
    text = (f"{fmt_int(n)} pair{'s' if n != 1 else ''} of transcripts {'are' if n != 1 else 'is'} near-duplicate: "
            f"{join_words(pairs[:5])}{' and more' if n > 5 else ''}. Both copies stay in the corpus; drop one "
            f"before counting if they are the same event.")
    return Finding(text, counts={"pairs": n})
