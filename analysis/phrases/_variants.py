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

:func:`written_form` writes a phrase of words as its language writes it (Chinese words run
together, other words spaced).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
import re
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..languages import HAN_CLASS, has_han
from ..text import lemmatize
from ._stream import FUNCTION_WORDS, SUBJECT_PRONOUNS
from .names import unique_counts

_LONG = 6
#: Words whose presence or absence never makes two wordings different formulae: function
#: words and subject pronouns ("I have noted..." / "We have noted...").
IGNORABLE = FUNCTION_WORDS | SUBJECT_PRONOUNS | frozenset({"you"})


#: A space between two words one of which touches it with a Han character.
_HAN_GAP = re.compile(f"(?<=[{HAN_CLASS}]) | (?=[{HAN_CLASS}])")


def written_form(phrase: str) -> str:
    """A phrase of space-separated words as its language writes it: no space where a Han
    character meets the next word or the word before it (Chinese is written without spaces
    between words, and with none around the numbers and Latin words it holds), one space
    between two other words.

    Parameters
    ----------
    phrase : str
        Words separated by single spaces (the segmented form the phrase tables list in
        ``members``).

    Returns
    -------
    str
        ``phrase`` itself when it holds no Han character (English is unchanged).

    Examples
    --------
    >>> written_form("干涉 中国 内政")
    '干涉中国内政'
    >>> written_form("在 wto 框架 下 the united states")
    '在wto框架下the united states'
    >>> written_form("we firmly oppose")
    'we firmly oppose'
    """
    return _HAN_GAP.sub("", phrase) if has_han(phrase) else phrase


def _keys(tokens: tuple) -> list[tuple]:
    n = len(tokens)
    out = [tokens]
    if n >= 2:
        out += [tokens[:i] + tokens[i + 1:] for i in range(n)]
    if n >= _LONG:
        out += [tokens[:i] + tokens[i + 1:j] + tokens[j + 1:] for i, j in combinations(range(n), 2)]
    return out


def content_lemma(word: str) -> str | None:
    """The lemma :func:`content_diff_ok` compares ``word`` by, or None for a word it ignores
    (:data:`IGNORABLE`: function words and pronouns).

    >>> content_lemma("opposes"), content_lemma("the")
    ('oppose', None)
    """
    return None if word in IGNORABLE else lemmatize(word)


def content_diff_ok(a: Sequence[str], b: Sequence[str], similarity: float) -> bool:
    """True if the content words of ``a`` and ``b`` differ only by inflection (same lemma) or
    spelling (``fuzz.ratio >= similarity``)."""
    return _lemmas_diff_ok([x for x in map(content_lemma, a) if x is not None],
                           [x for x in map(content_lemma, b) if x is not None], similarity)


def _lemmas_diff_ok(a: Sequence[str], b: Sequence[str], similarity: float) -> bool:
    """:func:`content_diff_ok` on lemmas already taken (of content words only)."""
    a, b = list(a), list(b)
    only_a = [x for x in dict.fromkeys(a) if a.count(x) > b.count(x)]
    only_b = [y for y in dict.fromkeys(b) if b.count(y) > a.count(y)]
    for xs, ys in ((only_a, only_b), (only_b, only_a)):
        for x in xs:
            if not any(fuzz.ratio(x, y) >= similarity for y in ys):
                return False
    return True


def _pairs_within(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair ``i < j`` of items of one group, the groups of ``sizes`` items laid end to end:
    the flat indices of the items (left, right), by group, then ``i``, then ``j``.

    Examples
    --------
    >>> [x.tolist() for x in _pairs_within(np.array([3, 1, 2]))]
    [[0, 0, 1, 4], [1, 2, 2, 5]]
    """
    sizes = np.asarray(sizes, dtype=np.int64)
    ends = np.cumsum(sizes)
    items = np.arange(int(ends[-1]) if len(ends) else 0)
    after = np.repeat(ends, sizes) - items - 1  # items after each one in its group
    left = np.repeat(items, after)
    right = left + 1 + np.arange(len(left)) - np.repeat(np.cumsum(after) - after, after)
    return left, right


def _signatures_ok(codes: np.ndarray, n_lemmas: int, lemma_text: Sequence[str], similarity: float) -> np.ndarray:
    """Per pair of signatures (rows of ``codes``; a signature ``(x + 1) * n_lemmas + (y + 1)``
    holds the lemmas ``x`` and ``y`` of ``lemma_text``, -1 for none): :func:`_lemmas_diff_ok` of
    their lemmas, for all pairs at once. Each lemma one signature holds more often than the
    other must be ``fuzz.ratio`` alike to such a lemma of the other, both ways; the ratios of
    the four pairs of lemmas are taken in four rapidfuzz calls."""
    from rapidfuzz import process

    a = np.stack(np.divmod(codes[:, 0], n_lemmas), axis=1)  # lemma ids + 1 (0: none)
    b = np.stack(np.divmod(codes[:, 1], n_lemmas), axis=1)

    def only(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per slot of ``x``: a lemma ``x`` holds more often than ``y``."""
        count_x = (x[:, :, None] == x[:, None, :]).sum(axis=2)
        count_y = (x[:, :, None] == y[:, None, :]).sum(axis=2)
        return (x > 0) & (count_x > count_y)

    only_a, only_b = only(a, b), only(b, a)
    text = np.asarray(lemma_text, dtype=object)
    alike = np.zeros((len(codes), 2, 2), dtype=bool)  # slot of a, slot of b
    for i in range(2):
        for j in range(2):
            at = np.flatnonzero(only_a[:, i] & only_b[:, j])
            if len(at):
                alike[at, i, j] = process.cpdist(text[a[at, i] - 1].tolist(), text[b[at, j] - 1].tolist(),
                                                 scorer=fuzz.ratio, dtype=np.float64) >= similarity
    return (~only_a | alike.any(axis=2)).all(axis=1) & (~only_b | alike.any(axis=1)).all(axis=1)


#: A word this short is never ``fuzz.ratio >= 90`` alike to a different word (one edit in nine
#: characters is 89); used only to skip hopeless comparisons when ``similarity >= 90``.
_SHORT = 4


def variant_groups(texts: Sequence[str], tokens: Sequence[Sequence[str]], *, similarity: float,
                   token_ids: tuple[np.ndarray, np.ndarray, Sequence[str]] | None = None) -> np.ndarray:
    """Group label per wording (0..k-1, numbered in order of first member).

    Two wordings that share a deletion key differ only in the tokens each lost to reach it, so
    whether their content words differ only by inflection or spelling (:func:`content_diff_ok`)
    is decided on those tokens alone: each member of a key's bucket carries the sorted lemmas
    of the content words it lost (its signature). Members with one signature pass that test
    together; members with different signatures pass it when their signatures do
    (:func:`_lemmas_diff_ok`, decided once per distinct pair of signatures, for every bucket at
    once: :func:`_signatures_ok`; in a bucket of many signatures, only for those holding a lemma
    ``fuzz.ratio`` alike to another, which rapidfuzz finds for the bucket's lemmas at once). The
    pairs of a bucket's members are made with array arithmetic (:func:`_pairs_within`), not one
    bucket at a time. ``fuzz.ratio`` of the whole wordings is then checked
    on the pairs left, in one rapidfuzz call. Keys are hashed with numpy (two 64-bit polynomial
    hashes of the token ids), so only the buckets with two members or more are visited, and
    only their words lemmatized. The groups are those of :func:`_variant_groups_by_pairs`
    (tested), found without comparing every pair of a bucket.

    ``token_ids`` (optional, for speed): the tokens as ``(flat ids, length per wording,
    vocabulary)``; ``tokens`` is then not read.
    """
    n = len(texts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if similarity > 100:
        return np.arange(n, dtype=np.int64)
    from rapidfuzz import process

    if token_ids is None:
        index: dict[str, int] = {}
        lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
        flat = np.fromiter((index.setdefault(w, len(index)) for t in tokens for w in t), dtype=np.int64,
                           count=int(lengths.sum()))
        words: Sequence[str] = list(index)
    else:
        flat, lengths, words = token_ids
        flat = np.asarray(flat, dtype=np.int64)
        lengths = np.asarray(lengths, dtype=np.int64)
    h1, h2, member, del_a, del_b = _bucket_entries(flat, lengths)
    order = np.lexsort((h2, h1))
    h1, h2 = h1[order], h2[order]
    new = np.ones(len(h1), dtype=bool)
    new[1:] = (h1[1:] != h1[:-1]) | (h2[1:] != h2[:-1])
    bucket = np.cumsum(new) - 1
    size = np.bincount(bucket)
    shared = size[bucket] > 1
    order = order[shared]
    bucket = bucket[shared]
    member, del_a, del_b = member[order], del_a[order], del_b[order]
    # the signature of each entry: lemma ids of the content words it lost (-1: none)
    lemma_ids: dict[str, int] = {}
    lemma_of = np.full(len(words) + 1, -1, dtype=np.int64)  # the last slot: no token deleted
    for t in np.flatnonzero(np.bincount(np.concatenate([del_a, del_b]) + 1)) - 1:  # the tokens deleted (-1: none)
        lemma = content_lemma(words[t]) if t >= 0 else None
        if lemma is not None:
            lemma_of[t] = lemma_ids.setdefault(lemma, len(lemma_ids))
    lemma_text = list(lemma_ids)
    la, lb = lemma_of[del_a], lemma_of[del_b]
    sig_a, sig_b = np.minimum(la, lb), np.maximum(la, lb)
    order = np.lexsort((member, sig_b, sig_a, bucket))
    bucket, member, sig_a, sig_b = bucket[order], member[order], sig_a[order], sig_b[order]
    n_lemmas = len(lemma_text) + 1
    sig = (sig_a + 1) * n_lemmas + (sig_b + 1)
    # runs: the entries of one bucket with one signature (contiguous, sorted by bucket)
    run_new = np.ones(len(sig), dtype=bool)
    run_new[1:] = (bucket[1:] != bucket[:-1]) | (sig[1:] != sig[:-1])
    starts = np.flatnonzero(run_new)
    run_size = np.diff(np.append(starts, len(sig)))
    # members of one bucket with one signature: every pair
    left, right = _pairs_within(run_size)
    first_i, first_j = [member[left]], [member[right]]
    # members of one bucket with different signatures
    b_new = np.ones(len(sig), dtype=bool)
    b_new[1:] = bucket[1:] != bucket[:-1]
    n_buckets = int(b_new.sum())
    run_bucket = (np.cumsum(b_new) - 1)[starts]  # per run, its bucket's number (0, 1, ...)
    long_enough = np.array([len(x) > _SHORT or similarity < 90 for x in lemma_text] + [False], dtype=bool)
    alike_lemma = np.concatenate([[False], long_enough[:-1]])  # by lemma id + 1
    # runs whose signature holds a lemma that may be alike to another; a bucket is visited when
    # two of its runs or more are such
    run_sig = sig[starts]
    maybe = alike_lemma[run_sig // n_lemmas] | alike_lemma[run_sig % n_lemmas]
    maybe_sigs = np.bincount(run_bucket[maybe], minlength=n_buckets)
    visit = maybe & (maybe_sigs[run_bucket] > 1)
    # in a bucket of more than 8 such runs, only those holding a lemma fuzz.ratio alike to a lemma
    # of another run of the bucket can pass with another (rapidfuzz finds them at once)
    run_bounds = np.searchsorted(run_bucket, np.arange(n_buckets + 1))
    for bi in np.flatnonzero(maybe_sigs > 8).tolist():
        at = np.arange(run_bounds[bi], run_bounds[bi + 1])
        at = at[visit[at]]
        held = np.concatenate(np.divmod(run_sig[at], n_lemmas))  # lemma ids + 1 (0: none)
        held = np.unique(held[alike_lemma[held]])
        text = [lemma_text[v - 1] for v in held.tolist()]
        found = process.cdist(text, text, scorer=fuzz.ratio, score_cutoff=similarity, dtype=np.uint8)
        np.fill_diagonal(found, 0)
        close = np.zeros(n_lemmas, dtype=bool)
        close[held[found.any(axis=1)]] = True
        visit[at] = close[run_sig[at] // n_lemmas] | close[run_sig[at] % n_lemmas]
    # every pair of visited runs of one bucket; each pair of signatures decided once
    runs = np.flatnonzero(visit)
    left, right = _pairs_within(np.unique(run_bucket[runs], return_counts=True)[1])
    r1, r2 = runs[left], runs[right]
    c1, c2 = run_sig[r1], run_sig[r2]
    codes, which = _unique_pairs(np.minimum(c1, c2), np.maximum(c1, c2), n_lemmas * n_lemmas)
    ok = _signatures_ok(codes, n_lemmas, lemma_text, similarity)[which]
    r1, r2 = r1[ok], r2[ok]
    # each passing pair of runs: every member of one with every member of the other
    s1, s2 = run_size[r1], run_size[r2]
    both = s1 * s2
    pair = np.repeat(np.arange(len(r1)), both)
    k = np.arange(int(both.sum())) - np.repeat(np.cumsum(both) - both, both)
    first_i.append(member[starts[r1][pair] + k // s2[pair]])
    first_j.append(member[starts[r2][pair] + k % s2[pair]])
    ii = np.concatenate(first_i)
    jj = np.concatenate(first_j)
    lo_, hi_ = np.minimum(ii, jj), np.maximum(ii, jj)
    pairs = unique_counts(lo_[lo_ != hi_] * n + hi_[lo_ != hi_])[0]
    pi, pj = np.divmod(pairs, n)
    texts_arr = np.asarray(texts, dtype=object)
    score = process.cpdist(texts_arr[pi].tolist(), texts_arr[pj].tolist(), scorer=fuzz.ratio,
                           score_cutoff=similarity) if len(pi) else np.zeros(0)
    ok = (score >= similarity) & (score > 0)
    pi, pj = pi[ok], pj[ok]

    # a 128-bit hash collision could only add a pair: keep the pairs that pass the full test,
    # on the content lemmas of each wording of the pairs, taken once (a pair whose lemmas are
    # the same passes it)
    wanted = np.unique(np.concatenate([pi, pj]))
    # the tokens of those wordings end to end, each distinct token lemmatized once
    starts = np.concatenate([[0], np.cumsum(lengths)])[wanted]
    size = lengths[wanted]
    at = np.arange(int(size.sum())) + np.repeat(starts - (np.cumsum(size) - size), size)
    toks, inverse = np.unique(flat[at], return_inverse=True)
    lemma = np.empty(len(toks), dtype=object)
    lemma[:] = [content_lemma(words[t]) for t in toks.tolist()]
    is_content = np.fromiter((x is not None for x in lemma.tolist()), dtype=bool, count=len(toks))
    kept = is_content[inverse.ravel()]
    lemmas = lemma[inverse.ravel()[kept]].tolist()
    ends = np.cumsum(np.bincount(np.repeat(np.arange(len(wanted)), size)[kept], minlength=len(wanted))).tolist()
    content: dict[int, tuple[list[str], list[str]]] = {}
    for i, a, b in zip(wanted.tolist(), [0, *ends[:-1]], ends):
        content[i] = (lemmas[a:b], sorted(lemmas[a:b]))
    keep = [k for k, (i, j) in enumerate(zip(pi.tolist(), pj.tolist()))
            if content[i][1] == content[j][1] or _lemmas_diff_ok(content[i][0], content[j][0], similarity)]
    return _components(n, pi[keep].tolist(), pj[keep].tolist())


def _unique_pairs(lo: np.ndarray, hi: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows ``(lo, hi)`` (values below ``size``), sorted, and each row's index among
    them: ``np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)``, found on one
    integer per row, ``lo * size + hi``, where it fits in 63 bits (a row-wise unique sorts the rows
    as records, several times slower).

    >>> [x.tolist() for x in _unique_pairs(np.array([3, 1, 3]), np.array([4, 9, 4]), 10)]
    [[[1, 9], [3, 4]], [1, 0, 1]]
    """
    if size and size > (2**63 - 1) // size:
        codes, which = np.unique(np.stack([lo, hi], axis=1), axis=0, return_inverse=True)
        return codes, which.ravel()
    keys, which = np.unique(lo.astype(np.int64) * size + hi, return_inverse=True)
    return np.stack(np.divmod(keys, size), axis=1), which.ravel()


_BASES = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))


def _bucket_entries(flat: np.ndarray, lengths: np.ndarray):
    """Every deletion key of every wording (itself; each copy with one token deleted; two for
    six tokens or more, as :func:`_keys`), hashed: arrays ``h1``, ``h2`` (the key's two
    hashes), ``member`` (wording index), ``del_a``, ``del_b`` (the token ids deleted; -1 for
    none)."""
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    out = [[], [], [], [], []]
    with np.errstate(over="ignore"):
        for k in np.unique(lengths):
            k = int(k)
            if k == 0:
                continue
            idx = np.flatnonzero(lengths == k)
            ids = flat[offsets[idx][:, None] + np.arange(k)]
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
            dels = [(none, none)]
            if k >= 2:
                dels += [(ids[:, a], none) for a in range(k)]
            if k >= _LONG:
                dels += [(ids[:, a], ids[:, b]) for a, b in combinations(range(k), 2)]
            out[2].append(np.tile(idx, len(dels)))
            out[3].append(np.concatenate([x for x, _ in dels]))
            out[4].append(np.concatenate([y for _, y in dels]))
    return tuple(np.concatenate(x) if x else np.zeros(0, dtype=np.int64) for x in out)


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
    order = np.argsort(listed.pos, kind="stable")
    p = listed.pos[order].astype(np.int64)
    phrase = listed.phrase[order]
    del order
    fam = family[phrase]
    end = p + np.asarray(listed.n, dtype=np.int64)[phrase]
    del phrase
    # each occurrence against the next one in position order (slices: no copies)
    shifted = p[1:] > p[:-1]
    shifted &= p[1:] < end[:-1]
    shifted &= end[1:] > end[:-1]
    shifted &= fam[1:] != fam[:-1]
    a, b = fam[:-1][shifted], fam[1:][shifted]
    del p, end, fam, shifted
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
