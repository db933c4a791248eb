"""Near-variant grouping of phrases and sentences with rapidfuzz (shared by formulae and stock
answers).

Two wordings are variants when rapidfuzz's ``fuzz.ratio`` (normalized Indel similarity, 0-100)
of their texts reaches ``similarity`` *and* every content word one has and the other lacks
has a counterpart in the other with the same lemma (:func:`analysis.text.lemmatize`:
"note"/"noted", "oppose"/"opposes") or ``fuzz.ratio >= similarity`` (a spelling variant:
"organization"/"organisation"). Differences in function words, subject pronouns and
contractions pass; a different name does not ("China-US relations" is no variant of
"China-EU relations" though the strings are 94% alike).

Candidate pairs come from a deletion neighbourhood on tokens (Wolf Garbe's SymSpell idea):
each wording is indexed under itself and every copy with one token deleted (two for
wordings of six tokens or more); wordings within that many token edits share a key. Groups
are the connected components of the confirmed pairs (scipy).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..text import lemmatize
from ._stream import FUNCTION_WORDS

_LONG = 6
#: Words whose presence or absence never makes two wordings different formulae: function
#: words and subject pronouns ("I have noted..." / "We have noted...").
IGNORABLE = FUNCTION_WORDS | frozenset({"i", "you", "he", "she", "we", "they"})


def _keys(tokens: tuple) -> list[tuple]:
    n = len(tokens)
    out = [tokens]
    if n >= 2:
        out += [tokens[:i] + tokens[i + 1:] for i in range(n)]
    if n >= _LONG:
        out += [tokens[:i] + tokens[i + 1:j] + tokens[j + 1:] for i, j in combinations(range(n), 2)]
    return out


def content_diff_ok(a: Sequence[str], b: Sequence[str], similarity: float) -> bool:
    """True if the content words of ``a`` and ``b`` differ only by inflection (same lemma) or
    spelling (``fuzz.ratio >= similarity``)."""
    ca = Counter(lemmatize(t) for t in a if t not in IGNORABLE)
    cb = Counter(lemmatize(t) for t in b if t not in IGNORABLE)
    only_a, only_b = list(ca - cb), list(cb - ca)
    for xs, ys in ((only_a, only_b), (only_b, only_a)):
        for x in xs:
            if not any(fuzz.ratio(x, y) >= similarity for y in ys):
                return False
    return True


def variant_groups(texts: Sequence[str], tokens: Sequence[Sequence[str]], *, similarity: float) -> np.ndarray:
    """Group label per wording (0..k-1, numbered in order of first member)."""
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if similarity > 100:
        return np.arange(n, dtype=np.int64)
    buckets: dict[tuple, list[int]] = defaultdict(list)
    for i, toks in enumerate(tokens):
        for key in _keys(tuple(toks)):
            if key:
                buckets[key].append(i)
    pairs = set()
    for members in buckets.values():
        if len(members) > 1:
            members = sorted(set(members))
            pairs.update(combinations(members, 2))
    rows, cols = [], []
    for i, j in sorted(pairs):
        if fuzz.ratio(texts[i], texts[j], score_cutoff=similarity) and \
                content_diff_ok(tokens[i], tokens[j], similarity):
            rows.append(i)
            cols.append(j)
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # renumber by first member so the labels do not depend on scipy's internal order
    _, first_idx = np.unique(labels, return_index=True)
    order = np.argsort(first_idx)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[labels].astype(np.int64)


def shifted_windows(listed, family: np.ndarray, counts: np.ndarray, *, share: float = 0.5) -> np.ndarray:
    """Families joined when their phrases are shifted windows of one expression.

    ``listed`` holds the occurrences of the listed phrases (``pos``, ``phrase``, and ``n`` per
    phrase), ``family`` the family of each phrase and ``counts`` its occurrences. Two families
    are one when at least ``share`` of the occurrences of each start inside an occurrence of
    the other and end after it, or the other way round ("the one-china principle and the three" / "one-china
    principle and the three joint communiques"). Returns the new family per phrase, numbered
    in order of first member.
    """
    if not len(listed.pos):
        return family
    pos = np.asarray(listed.pos, dtype=np.int64)
    order = np.argsort(pos, kind="stable")
    p = pos[order]
    fam = family[listed.phrase[order]]
    end = p + np.asarray(listed.n, dtype=np.int64)[listed.phrase[order]]
    nxt = np.arange(1, len(p))
    cur = nxt - 1
    shifted = (p[nxt] > p[cur]) & (p[nxt] < end[cur]) & (end[nxt] > end[cur]) & (fam[nxt] != fam[cur])
    a, b = fam[cur][shifted], fam[nxt][shifted]
    k = int(family.max()) + 1
    fam_counts = np.bincount(family, weights=counts, minlength=k)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pairs, overlap = np.unique(lo * k + hi, return_counts=True)
    lo, hi = pairs // k, pairs % k
    keep = overlap >= share * np.maximum(fam_counts[lo], fam_counts[hi])
    graph = coo_matrix((np.ones(int(keep.sum())), (lo[keep], hi[keep])), shape=(k, k))
    _, labels = connected_components(graph, directed=False)
    merged = labels[family]
    _, first_idx = np.unique(merged, return_index=True)
    rank = np.empty(len(first_idx), dtype=np.int64)
    rank[np.argsort(first_idx)] = np.arange(len(first_idx))
    return rank[merged].astype(np.int64)
