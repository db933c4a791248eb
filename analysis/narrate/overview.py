"""Sentences about the corpus as a whole: size, span, who speaks how much."""

from __future__ import annotations

import pandas as pd

from ._fmt import Finding, fmt_int, fmt_share, join_words

__all__ = ["describe_corpus", "describe_roles"]


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


def describe_roles(words: pd.DataFrame, *, by: str = "role") -> Finding:
    """Who speaks how much, from :func:`analysis.overview.words_by`.

    Examples
    --------
    >>> w = pd.DataFrame({"role": ["official", "questioner"], "n_words": [80, 20], "share": [0.8, 0.2],
    ...                   "n_turns": [4, 4], "mean_words_per_turn": [20.0, 5.0]})
    >>> print(describe_roles(w))
    The official speaks 80% of all words (80 words in 4 turns, 20 words per turn on average), then the questioner (20%, 5 words per turn).
    """
    if words.empty:
        return Finding("There are no turns to describe.")
    top = words.iloc[0]
    rest = [f"the {r[by]} ({fmt_share(r['share'])}, {fmt_int(r['mean_words_per_turn'])} words per turn)"
            for _, r in words.iloc[1:4].iterrows()]
    text = (f"The {top[by]} speaks {fmt_share(top['share'])} of all words ({fmt_int(top['n_words'])} words in "
            f"{fmt_int(top['n_turns'])} turns, {fmt_int(top['mean_words_per_turn'])} words per turn on average)")
    text += (", then " + join_words(rest) + ".") if rest else "."
    return Finding(text, counts={str(r[by]): int(r["n_words"]) for _, r in words.iterrows()})
