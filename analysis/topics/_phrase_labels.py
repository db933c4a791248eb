"""Topic labels that keep a fixed two-word name ("hong kong") as one label term."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["label_terms"]


def label_terms(top_terms: Sequence[Sequence[str]], pairs: pd.DataFrame, *, n: int = 3) -> list[list[str]]:
    """The first ``n`` label terms of each topic: its top terms, a fixed pair as one term.

    Parameters
    ----------
    top_terms : sequence of sequence of str
        Each topic's top terms, heaviest first.
    pairs : pandas.DataFrame
        Fixed two-word expressions, the first preferred where a word is in several: columns
        ``phrase``, ``w1``, ``w2`` (as :func:`analysis.terms.fixed_phrases` gives them).
    n : int, default=3
        Label terms per topic.

    Returns
    -------
    list of list of str
        Per topic, up to ``n`` terms in rank order. Where both words of a pair are among the
        topic's top terms, the pair's ``phrase`` stands at the rank of the higher of them and
        the lower one is left out. Terms are taken by rank, so a word in two such pairs joins
        the first listed and the other pair's words stay apart.

    Examples
    --------
    >>> pairs = pd.DataFrame({"phrase": ["hong kong"], "w1": ["hong"], "w2": ["kong"]})
    >>> label_terms([["kong", "affairs", "hong", "sar"], ["trade", "hong"]], pairs)
    [['hong kong', 'affairs', 'sar'], ['trade', 'hong']]
    """
    partners: dict[str, list[tuple[str, str, str]]] = {}
    for phrase, w1, w2 in pairs[["phrase", "w1", "w2"]].itertuples(index=False):
        if w1 != w2:
            for w in (w1, w2):
                partners.setdefault(w, []).append((phrase, w1, w2))
    out = []
    for terms in top_terms:
        present, used, label = set(terms), set(), []
        for term in terms:
            if len(label) == n:
                break
            if term in used:
                continue
            pair = next(((p, a, b) for p, a, b in partners.get(term, ())
                         if {a, b} <= present and not {a, b} & used), None)
            label.append(term if pair is None else pair[0])
            used.update((term,) if pair is None else pair[1:])
        out.append(label)
    return out
