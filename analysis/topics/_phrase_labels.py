"""Topic labels that keep a fixed two-word name ("hong kong") as one label term."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..tokens import WordTable, token_table
from ..types import PathLike
from ._vectorize import TOKEN_JOBS

__all__ = ["label_pairs", "label_terms", "phrase_labels"]

_PAIR_COLUMNS = ["phrase", "w1", "w2", "count", "dice"]


def label_pairs(words: WordTable, top_terms: Sequence[Sequence[str]], *, min_count: int = 5,
                min_dice: float = 0.6) -> pd.DataFrame:
    """The fixed two-word expressions made of two top terms of one topic.

    Parameters
    ----------
    words : WordTable
        Every token of the units, punctuation included, in the form the topic terms have
        (:meth:`analysis.tokens.TokenTable.words` with ``words_only=False``).
    top_terms : sequence of sequence of str
        Each topic's top terms.
    min_count : int, default=5
        Keep pairs seen at least this often.
    min_dice : float, default=0.6
        Keep pairs whose Dice coefficient, 2 f(xy) / (f(x) + f(y)), is at least this. Both
        words are already among one topic's top terms; the pair joins them when it is most of
        the uses of both: on the UN General Debate "united nations" (0.87), "middle east"
        (0.81), "general assembly" (0.72), "climate change" (0.70), "human rights" (0.63), not
        "security council" (0.48: most "security" is not the Council's) or "nuclear weapons"
        (0.34); a word that merely stands before a topic word in most of that word's uses but
        is common everywhere (a filler: "going trade", 0.46) stays apart.

    Returns
    -------
    pandas.DataFrame
        Columns ``phrase``, ``w1``, ``w2``, ``count`` (f(xy)), ``dice``, by ``dice``
        descending then ``phrase``, as :func:`analysis.terms.fixed_phrases` gives them, for
        the ordered pairs (w1, w2) of two terms of one topic's list. f(xy) counts w1 directly
        followed by w2 in one unit (no punctuation mark between: "hong, kong" is not the
        pair); f(x) counts every token of x.

    Examples
    --------
    >>> from analysis.tokens import token_table
    >>> texts = ["Hong Kong is calm.", "Hong Kong, Macao.", "Hong Kong affairs; kong."]
    >>> words = token_table(texts).words(words_only=False)
    >>> label_pairs(words, [["kong", "hong", "affairs"]], min_count=2, min_dice=0.8).values.tolist()
    [['hong kong', 'hong', 'kong', 3, 0.8571428571428571]]
    """
    index = {t: i for i, t in enumerate(words.types)}
    wanted = sorted({(index[a], index[b]) for terms in top_terms for a in terms for b in terms
                     if a != b and a in index and b in index})
    if not wanted or len(words.tid) < 2:
        return pd.DataFrame(columns=_PAIR_COLUMNS)
    tid = words.tid.astype(np.int64)
    n_types = len(words.types)
    member = np.zeros(n_types, dtype=bool)
    member[[w for pair in wanted for w in pair]] = True
    follows = np.ones(len(tid) - 1, dtype=bool)  # token i + 1 is in the same unit as token i
    ends = words.offset[1:-1]
    follows[ends[(ends > 0) & (ends < len(tid))] - 1] = False
    at = np.flatnonzero(follows & member[tid[:-1]] & member[tid[1:]])
    codes, together = np.unique(tid[at] * n_types + tid[at + 1], return_counts=True)
    seen = dict(zip(codes.tolist(), together.tolist()))
    alone = np.bincount(tid, minlength=n_types)
    rows = []
    for a, b in wanted:
        f_xy = seen.get(a * n_types + b, 0)
        if f_xy >= min_count:
            dice = 2 * f_xy / (alone[a] + alone[b])
            if dice >= min_dice:
                w1, w2 = words.types[a], words.types[b]
                rows.append((f"{w1} {w2}", w1, w2, f_xy, float(dice)))
    out = pd.DataFrame(rows, columns=_PAIR_COLUMNS).astype({"count": np.int64})
    return out.sort_values(["dice", "phrase"], ascending=[False, True], ignore_index=True)


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


def phrase_labels(texts: Sequence[str], top_terms: Sequence[Sequence[str]], *, lemmas: bool = False,
                  cache: PathLike | bool | None = None) -> list[str]:
    """Each topic's label: its first three label terms (:func:`label_terms`), comma-joined, the
    fixed pairs (:func:`label_pairs`) counted in ``texts``.

    Parameters
    ----------
    texts : sequence of str
        The fitted units' texts.
    top_terms : sequence of sequence of str
        Each topic's terms, best first (the ``n_top_terms`` of the fit).
    lemmas : bool, default=False
        The terms are lemmas (as ``fit_topics(lemmas=True)``).
    cache : path, bool or None, default=None
        On-disk cache of the units' token table (:func:`analysis.tokens.token_table`).

    Returns
    -------
    list of str
        One label per topic, in the order of ``top_terms``.

    Examples
    --------
    >>> texts = ["Hong Kong affairs."] * 5 + ["Trade talks."] * 5
    >>> phrase_labels(texts, [["kong", "hong", "affairs"], ["trade", "talks"]])
    ['hong kong, affairs', 'trade talks']
    """
    from ..cache import cached_frame

    texts = list(texts)

    def compute() -> pd.DataFrame:
        words = token_table(texts, n_jobs=TOKEN_JOBS, cache=cache).words(lowercase=True, words_only=False,
                                                                         lemmas=lemmas)
        return pd.DataFrame({"label": [", ".join(terms) for terms in label_terms(top_terms,
                                                                                   label_pairs(words, top_terms))]},
                            dtype=object)

    # kept on the disk with the other topic entries: a warm fit reads its labels, not the units' tokens
    return cached_frame("topic_labels", lambda: _labels_key(texts, top_terms, lemmas), compute,
                        cache=cache)["label"].tolist()


def _labels_key(texts: list[str], top_terms: Sequence[Sequence[str]], lemmas: bool) -> str:
    from ..cache import content_key, source_key, versions
    from ..languages import segmenter_salt

    return content_key("topic-labels-v1", source_key("analysis.topics._phrase_labels", "analysis.text",
                                                     "analysis.tokens"),
                       versions("lemminflect"), segmenter_salt(texts), repr(bool(lemmas)),
                       repr([list(map(str, t)) for t in top_terms]), str(len(texts)), *texts)
