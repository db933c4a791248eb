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
from ._stream import FUNCTION_WORDS, SUBJECT_PRONOUNS

_LONG = 6
#: Words whose presence or absence never makes two wordings different formulae: function
#: words and subject pronouns ("I have noted..." / "We have noted...").
IGNORABLE = FUNCTION_WORDS | SUBJECT_PRONOUNS | frozenset({"you"})


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


def _lemmas_diff_ok(a: Sequence[str], b: Sequence[str], similarity: float) -> bool:
    """:func:`content_diff_ok` on lemmas already taken (of content words only)."""
    ca, cb = Counter(a), Counter(b)
    only_a, only_b = list(ca - cb), list(cb - ca)
    for xs, ys in ((only_a, only_b), (only_b, only_a)):
        for x in xs:
            if not any(fuzz.ratio(x, y) >= similarity for y in ys):
                return False
    return True


#: A word this short is never ``fuzz.ratio >= 90`` alike to a different word (one edit in nine
#: characters is 89); used only to skip hopeless comparisons when ``similarity >= 90``.
_SHORT = 4


def variant_groups(texts: Sequence[str], tokens: Sequence[Sequence[str]], *, similarity: float) -> np.ndarray:
    """Group label per wording (0..k-1, numbered in order of first member).

    Two wordings that share a deletion key differ only in the tokens each lost to reach it, so
    whether their content words differ only by inflection or spelling (:func:`content_diff_ok`)
    is decided on those tokens alone: each member of a key's bucket carries the sorted lemmas
    of the content words it lost (its signature). Members with one signature pass that test
    together; members with different signatures can pass it only when a lemma of one is
    ``fuzz.ratio`` alike to a lemma of the other, which rapidfuzz checks for the bucket's
    lemmas at once. ``fuzz.ratio`` of the whole wordings is then checked on the pairs left.
    Keys are hashed with numpy (two 64-bit polynomial hashes of the token ids), so only the
    buckets with two members or more are visited in Python. The groups are those of
    :func:`_variant_groups_by_pairs` (tested), found without comparing every pair of a bucket.
    """
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if similarity > 100:
        return np.arange(n, dtype=np.int64)
    from rapidfuzz import process

    entries = _bucket_entries(tokens)
    h1, h2, member, sig_a, sig_b, lemma_text = entries
    order = np.lexsort((member, sig_b, sig_a, h2, h1))
    h1, h2, member, sig_a, sig_b = h1[order], h2[order], member[order], sig_a[order], sig_b[order]
    new = np.ones(len(h1), dtype=bool)
    new[1:] = (h1[1:] != h1[:-1]) | (h2[1:] != h2[:-1])
    start = np.flatnonzero(new)
    size = np.diff(np.append(start, len(h1)))
    tested: set[tuple[int, int]] = set()
    rows, cols = [], []

    def test(i: int, j: int) -> None:
        pair = (i, j) if i < j else (j, i)
        if i == j or pair in tested:
            return
        tested.add(pair)
        if fuzz.ratio(texts[i], texts[j], score_cutoff=similarity):
            rows.append(pair[0])
            cols.append(pair[1])

    def lemmas_of(a: int, b: int) -> tuple[str, ...]:
        return tuple(lemma_text[x] for x in (a, b) if x >= 0)

    for s0, m in zip(start[size > 1].tolist(), size[size > 1].tolist()):
        mem = member[s0:s0 + m].tolist()
        sa = sig_a[s0:s0 + m].tolist()
        sb = sig_b[s0:s0 + m].tolist()
        by_sig: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, x, y in zip(mem, sa, sb):
            by_sig[(x, y)].append(i)
        for group in by_sig.values():
            for i, j in combinations(group, 2):
                test(i, j)
        if len(by_sig) < 2:
            continue
        # signatures that differ: only where some lemma of one is alike to some lemma of the other
        ids = sorted({x for sig in by_sig for x in sig if x >= 0
                      and (len(lemma_text[x]) > _SHORT or similarity < 90)})
        if len(ids) < 2:
            continue
        words = [lemma_text[x] for x in ids]
        alike = process.cdist(words, words, scorer=fuzz.ratio, score_cutoff=similarity, dtype=np.uint8)
        np.fill_diagonal(alike, 0)
        if not alike.any():
            continue
        close = {ids[a] for a in np.flatnonzero(alike.any(axis=1))}
        sigs = [sig for sig in by_sig if any(x in close for x in sig)]
        for sa_, sb_ in combinations(sigs, 2):
            if _lemmas_diff_ok(lemmas_of(*sa_), lemmas_of(*sb_), similarity):
                for i in by_sig[sa_]:
                    for j in by_sig[sb_]:
                        test(i, j)
    # a 128-bit hash collision could only add a pair: keep the pairs that pass the full test
    keep = [k for k, (i, j) in enumerate(zip(rows, cols))
            if content_diff_ok(tokens[i], tokens[j], similarity)]
    return _components(n, [rows[k] for k in keep], [cols[k] for k in keep])


_BASES = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


def _bucket_entries(tokens: Sequence[Sequence[str]]):
    """Every deletion key of every wording (itself; each copy with one token deleted; two for
    six tokens or more, as :func:`_keys`), hashed: arrays ``h1``, ``h2`` (the key's two
    hashes), ``member`` (wording index), ``sig_a`` <= ``sig_b`` (lemma ids of the content words
    deleted, -1 for none), and the lemma strings by id."""
    vocab: dict[str, int] = {}
    lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
    flat = np.fromiter((vocab.setdefault(w, len(vocab)) for t in tokens for w in t), dtype=np.int64,
                       count=int(lengths.sum()))
    words = list(vocab)
    lemma_ids: dict[str, int] = {}
    tok_lemma = np.array([-1 if w in IGNORABLE else lemma_ids.setdefault(lemmatize(w), len(lemma_ids))
                          for w in words], dtype=np.int64)
    lemma_text = list(lemma_ids)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    out = [[], [], [], [], []]
    with np.errstate(over="ignore"):
        for k in np.unique(lengths):
            k = int(k)
            if k == 0:
                continue
            idx = np.flatnonzero(lengths == k)
            ids = flat[offsets[idx][:, None] + np.arange(k)]
            lem = tok_lemma[ids]
            for h_out, base in zip(out[:2], _BASES):
                inv = _inverse(base)
                powers = np.array([_pow(base, j) for j in range(k + 1)], dtype=np.uint64)
                vals = (ids + 1).astype(np.uint64) * powers[:k]
                prefix = np.zeros((len(idx), k + 1), dtype=np.uint64)
                np.cumsum(vals, axis=1, out=prefix[:, 1:])
                total = prefix[:, k]
                keys = [total]
                if k >= 2:
                    for a in range(k):
                        keys.append(prefix[:, a] + (total - prefix[:, a + 1]) * inv)
                if k >= _LONG:
                    inv2 = inv * inv
                    for a, b in combinations(range(k), 2):
                        keys.append(prefix[:, a] + (prefix[:, b] - prefix[:, a + 1]) * inv
                                    + (total - prefix[:, b + 1]) * inv2)
                h_out.append(np.concatenate(keys))
            none = np.full(len(idx), -1, dtype=np.int64)
            sigs = [(none, none)]
            if k >= 2:
                sigs += [(none, lem[:, a]) for a in range(k)]
            if k >= _LONG:
                sigs += [(np.minimum(lem[:, a], lem[:, b]), np.maximum(lem[:, a], lem[:, b]))
                         for a, b in combinations(range(k), 2)]
            out[2].append(np.tile(idx, len(sigs)))
            out[3].append(np.concatenate([x for x, _ in sigs]))
            out[4].append(np.concatenate([y for _, y in sigs]))
    h1, h2, member, sig_a, sig_b = (np.concatenate(x) if x else np.zeros(0, dtype=np.int64) for x in out)
    return h1, h2, member, sig_a, sig_b, lemma_text


def _pow(base: np.uint64, e: int) -> np.uint64:
    out = np.uint64(1)
    with np.errstate(over="ignore"):
        for _ in range(e):
            out = out * base
    return out


def _inverse(base: np.uint64) -> np.uint64:
    """Multiplicative inverse of an odd ``base`` modulo 2**64 (Newton's iteration)."""
    x = base
    with np.errstate(over="ignore"):
        for _ in range(6):
            x = x * (np.uint64(2) - base * x)
    return x


def _components(n: int, rows: list[int], cols: list[int]) -> np.ndarray:
    """Connected components of the pairs, numbered in order of first member."""
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # renumber by first member so the labels do not depend on scipy's internal order
    _, first_idx = np.unique(labels, return_index=True)
    order = np.argsort(first_idx)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[labels].astype(np.int64)


def _variant_groups_by_pairs(texts: Sequence[str], tokens: Sequence[Sequence[str]], *,
                             similarity: float) -> np.ndarray:
    """The reference formulation of :func:`variant_groups`: every pair sharing a deletion key is
    checked with ``fuzz.ratio`` and :func:`content_diff_ok` (slow on large buckets)."""
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
    return _components(n, rows, cols)


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
