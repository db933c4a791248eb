"""Dispersion measures: how evenly a term is spread, from its counts per part
(:func:`dispersion_measures`) or from the distances between its occurrences
(:func:`distance_measures`). The corpus-level functions that count the parts and find the
occurrences are in :mod:`.dispersion`, which exports these too.

Notation: ``n`` parts with sizes ``s_i`` (words), ``S = sum s_i``, ``w_i = s_i / S``; the
term occurs ``v_i`` times in part ``i``, ``f = sum v_i`` times in all, ``t_i = v_i / f``;
``R_i = v_i / s_i`` its rate in part ``i`` and ``r_i = R_i / sum_j R_j``. Distance-based
measures read the corpus as one stream of ``N`` words: ``d_1..d_f`` are the distances
between consecutive occurrences, the first one counted from the last occurrence around the
end of the corpus (Savicky & Hlavacova 2002).

Each measure keeps its authors' direction: Juilland's D, Carroll's D2, Rosengren's S,
Lyne's D3, Burch et al.'s D_A and Egbert et al.'s D_P are 1 for a perfectly even term; Gries'
DP, DP_norm and D_KL are 0 for it (tlda's ``directionality`` turns one into the other:
``1 - x``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import check_columns, check_interval, check_option

__all__ = ["DEFAULT_MEASURES", "DISPERSION_MEASURES", "DISTANCE_MEASURES", "PART_MEASURES", "dispersion_measures",
           "distance_measures"]

#: The default measures of :func:`dispersion` and :func:`dispersion_measures`.
DEFAULT_MEASURES = ("juilland_d", "dp", "dp_norm")
#: Measures of the counts per part (:func:`dispersion_measures`).
PART_MEASURES = ("range_rel", "juilland_d", "carroll_d2", "rosengren_s", "lyne_d3", "dp", "dp_norm", "dp_egbert",
                 "burch_da", "kl_divergence", "d_kl", "juilland_u", "carroll_um", "rosengren_kf")
#: Measures of the distances between occurrences (:func:`distance_measures`).
DISTANCE_MEASURES = ("arf", "awt", "ald", "f_awt", "f_ald")
#: Every measure :func:`dispersion` can report (``measures="all"``), in this order.
DISPERSION_MEASURES = (*PART_MEASURES, *DISTANCE_MEASURES)

def _measure_list(measures, caller: str, allowed: Sequence[str] = DISPERSION_MEASURES) -> list[str]:
    if measures is None:
        return list(DEFAULT_MEASURES)
    if measures == "all":
        return list(allowed)
    items = [measures] if isinstance(measures, str) else list(measures)
    for m in items:
        check_option("measures", m, set(allowed), caller=caller)
    if not items:
        raise ValueError(f"{caller}(): measures must name at least one measure; got {measures!r}.")
    return list(dict.fromkeys(items))


def dispersion_measures(part_counts, part_sizes, *, measures: str | Sequence[str] | None = None) -> pd.DataFrame:
    """Parts-based dispersion of every column of a parts x terms count matrix.

    Parameters
    ----------
    part_counts : array-like or scipy sparse matrix, shape (n_parts, n_terms)
        ``v_i`` for every term (column).
    part_sizes : array-like, shape (n_parts,)
        ``s_i``, the words in each part (all words, not only the terms counted). Parts of
        size 0 are ignored.
    measures : str, sequence of str or None, default=None
        Which measures to add after ``count``, ``n_parts_with`` and ``n_parts``, in the
        order given: None means ``("juilland_d", "dp", "dp_norm")``, "all" every measure of
        :data:`PART_MEASURES`. See the table below.

    Returns
    -------
    pandas.DataFrame
        One row per column, in order: ``count`` (f), ``n_parts_with`` (range: parts with
        v_i > 0), ``n_parts`` (n), then one column per measure. A measure that cannot be
        computed (f = 0; n = 1 for the measures that compare parts) is NaN.

    Raises
    ------
    ValueError
        An unknown measure; ``part_sizes`` not matching the rows of ``part_counts``.

    Notes
    -----
    ============== ==================================================== =========================
    column         formula                                              reference
    ============== ==================================================== =========================
    range_rel      (parts with v_i > 0) / n                             Keniston (1920)
    juilland_d     1 - (sd(R) / mean(R)) / sqrt(n - 1)                  Juilland et al. (1970)
    carroll_d2     -sum r_i log2 r_i / log2 n                           Carroll (1970)
    rosengren_s    (sum_i sqrt(w_i v_i))^2 / f                          Rosengren (1971)
    lyne_d3        1 - X2 / (4 f), X2 = sum (v_i - f w_i)^2 / (f w_i)   Lyne (1985)
    dp             0.5 sum_i |t_i - w_i|                                Gries (2008)
    dp_norm        dp / (1 - min_i w_i)                                 Lijffijt & Gries (2012)
    dp_egbert      1 - dp / (1 - min{w_i : v_i > 0})                    Egbert et al. (2020)
    burch_da       1 - sum_{i<j} |r_i - r_j| / (n - 1)                  Burch et al. (2017)
    kl_divergence  sum_i t_i log2(t_i / w_i), in bits                   Gries (2020, 2021)
    d_kl           KLD / (1 + KLD)                                      Gries (2024: 90)
    juilland_u     D f (adjusted frequency)                             Juilland et al. (1970)
    carroll_um     f D2 + (1 - D2) f / n (adjusted frequency)           Carroll (1970)
    rosengren_kf   S f (adjusted frequency)                             Rosengren (1971)
    ============== ==================================================== =========================

    Lyne's D3 is defined for equal parts; with parts of unequal size the expected counts are
    ``f w_i`` (for equal parts this is Lyne's and Wordless' value). Carroll's D2 and
    Burch's D_A use the rates ``r_i``, so parts of any size compare (tlda's convention;
    for equal parts r_i = t_i). D_KL standardises the divergence with the odds-to-
    probability transformation, tlda's default; ``exp(-kl_divergence)`` (Gries 2021) and
    ``2 ** -kl_divergence`` are the other choices tlda offers.

    Juilland's D for parts of unequal size uses the relative frequencies ``p_i = v_i / s_i``:
    ``D = 1 - (sd(p) / mean(p)) / sqrt(n - 1)``, with the population standard deviation, so
    D = 1 for a perfectly even term and D = 0 for a term in one part (NaN when n = 1 or f = 0).

    Gries' DP = ``0.5 * sum_i |v_i / f - s_i / S|``: 0 when the term is spread like the
    words, close to 1 when it is concentrated in a small part. DP_norm = DP / (1 - min_i s_i/S)
    (Lijffijt & Gries 2012) reaches 1 for a term confined to the smallest part. Both are
    computed on the sparse matrix without densifying it.

    References
    ----------
    Juilland, A., Brodin, D. & Davidovitch, C. (1970). Frequency dictionary of French words.
    The Hague: Mouton.

    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. International
    Journal of Corpus Linguistics, 13(4), 403-437.

    Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions and
    adjusted frequencies in corpora". International Journal of Corpus Linguistics, 17(1), 147-149.

    Keniston, H. (1920). Common words in Spanish. Hispania, 3(2), 85-96.

    Carroll, J. B. (1970). An alternative to Juilland's usage coefficient for lexical
    frequencies and a proposal for a standard frequency index. Computer Studies in the
    Humanities and Verbal Behaviour, 3(2), 61-65.

    Rosengren, I. (1971). The quantitative concept of language and its relation to the
    structure of frequency dictionaries. Etudes de linguistique appliquee, 1, 103-127.

    Lyne, A. A. (1985). The vocabulary of French business correspondence. Paris:
    Slatkine-Champion.

    Burch, B., Egbert, J. & Biber, D. (2017). Measuring and interpreting lexical dispersion in
    corpus linguistics. Journal of Research Design and Statistics in Linguistics and
    Communication Science, 3(2), 189-216.

    Egbert, J., Burch, B. & Biber, D. (2020). Lexical dispersion and corpus design.
    International Journal of Corpus Linguistics, 25(1), 89-115.

    Gries, S. Th. (2021). A new approach to (key) keywords analysis: using frequency, and now
    also dispersion. Research in Corpus Linguistics, 9(2), 1-33.

    Gries, S. Th. (2024). Frequency, dispersion, association, and keyness. Amsterdam:
    Benjamins.

    Examples
    --------
    >>> dispersion_measures([[1], [2], [3], [4], [5]], [10] * 5,  # Gries (2008)'s term "a"
    ...                     measures=["rosengren_s", "lyne_d3"]).round(3).values.tolist()
    [[15.0, 5.0, 5.0, 0.937, 0.944]]
    >>> m = dispersion_measures([[2, 1, 0], [2, 0, 0], [2, 0, 6]], [10, 10, 10])
    >>> m[["n_parts_with", "juilland_d", "dp"]].round(3).values.tolist()
    [[3.0, 1.0, 0.0], [1.0, 0.0, 0.667], [1.0, 0.0, 0.667]]
    """
    wanted = _measure_list(measures, "dispersion_measures", PART_MEASURES)
    sizes = np.asarray(part_sizes, dtype=float).ravel()
    counts = sp.csr_matrix(part_counts, dtype=float)
    if counts.shape[0] != len(sizes):
        raise ValueError(f"dispersion_measures(): part_counts has {counts.shape[0]} rows but part_sizes "
                         f"has {len(sizes)} values.")
    keep = sizes > 0
    if not keep.all():
        counts, sizes = counts[np.flatnonzero(keep)], sizes[keep]
    n = len(sizes)
    freq = np.asarray(counts.sum(axis=0)).ravel()
    n_with = np.diff(counts.tocsc().indptr)
    out = pd.DataFrame({"count": freq, "n_parts_with": n_with.astype(np.int64),
                        "n_parts": np.full(len(freq), n, dtype=np.int64)})
    if n == 0:
        for c in wanted:
            out[c] = np.nan
        return out
    rel = sp.diags(1.0 / sizes) @ counts
    mean = np.asarray(rel.sum(axis=0)).ravel() / n
    ex2 = np.asarray(rel.multiply(rel).sum(axis=0)).ravel() / n
    sd = np.sqrt(np.clip(ex2 - mean ** 2, 0.0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        d = 1.0 - (sd / mean) / np.sqrt(n - 1) if n > 1 else np.full(len(freq), np.nan)
        d = np.where(mean > 0, np.clip(d, 0.0, 1.0), np.nan)
    share = sizes / sizes.sum()
    coo = counts.tocoo()
    with np.errstate(divide="ignore", invalid="ignore"):
        v = coo.data / freq[coo.col]
    contrib = np.abs(v - share[coo.row]) - share[coo.row]
    dp = 0.5 * (1.0 + np.bincount(coo.col, weights=contrib, minlength=len(freq)))
    dp = np.where(freq > 0, np.clip(dp, 0.0, 1.0), np.nan)
    smallest = share.min()
    dp_norm = dp / (1.0 - smallest) if smallest < 1 else np.full(len(freq), np.nan)
    values = {"juilland_d": d, "dp": dp, "dp_norm": dp_norm}
    extra = [m for m in wanted if m not in values]
    if extra:
        values.update(_more_part_measures(extra, counts.tocsc(), coo, rel, sizes, share, freq, n_with, d, dp))
    for m in wanted:
        out[m] = values[m]
    return out


def _more_part_measures(wanted, counts, coo, rel, sizes, share, freq, n_with, d, dp) -> dict[str, np.ndarray]:
    """The measures of :func:`dispersion_measures` beyond D, DP and DP_norm (sparse throughout)."""
    n = len(sizes)
    n_terms = len(freq)
    out: dict[str, np.ndarray] = {}
    present = freq > 0

    def per_term(weights, rows=coo.col) -> np.ndarray:
        return np.bincount(rows, weights=weights, minlength=n_terms)

    def where_present(x) -> np.ndarray:
        return np.where(present, x, np.nan)

    rel_coo = rel.tocoo()  # R_i, in the same (row, col) layout as coo (both from CSR of counts)
    rate_sum = per_term(rel_coo.data, rel_coo.col)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = rel_coo.data / rate_sum[rel_coo.col]  # r_i of the non-zero parts
        t = coo.data / freq[coo.col]  # t_i of the non-zero parts
    if "range_rel" in wanted:
        out["range_rel"] = where_present(n_with / n)
    if "carroll_d2" in wanted or "carroll_um" in wanted:
        entropy = -per_term(r * np.log2(r), rel_coo.col)
        d2 = where_present(entropy / np.log2(n)) if n > 1 else np.full(n_terms, np.nan)
        out["carroll_d2"] = d2
        out["carroll_um"] = freq * d2 + (1.0 - d2) * freq / n
    if "rosengren_s" in wanted or "rosengren_kf" in wanted:
        kf = per_term(np.sqrt(share[coo.row] * coo.data)) ** 2
        with np.errstate(divide="ignore", invalid="ignore"):
            out["rosengren_s"] = where_present(kf / freq)
        out["rosengren_kf"] = where_present(kf)
    if "lyne_d3" in wanted:
        with np.errstate(divide="ignore", invalid="ignore"):
            chi2 = per_term(coo.data ** 2 / share[coo.row]) / freq - freq
            out["lyne_d3"] = where_present(1.0 - chi2 / (4.0 * freq))
    if "dp_egbert" in wanted:
        smallest_used = np.full(n_terms, np.inf)
        np.minimum.at(smallest_used, coo.col, share[coo.row])
        with np.errstate(divide="ignore", invalid="ignore"):
            out["dp_egbert"] = where_present(1.0 - dp / (1.0 - smallest_used))
    if "burch_da" in wanted:
        # sum_{i<j} |r_i - r_j| over all n parts from the non-zero r sorted within each term:
        # the sorted vector has n - m zeros first, and sum_{i<j} (y_j - y_i) = sum_j y_j (2j - n - 1)
        order = np.lexsort((r, rel_coo.col))
        cols, vals = rel_coo.col[order], r[order]
        m = np.bincount(cols, minlength=n_terms)
        starts = np.concatenate([[0], np.cumsum(m)[:-1]])
        rank = np.arange(len(cols)) - starts[cols]
        pair_sum = per_term(vals * (n - 2 * m[cols] + 2 * rank + 1), cols)
        out["burch_da"] = where_present(1.0 - pair_sum / (n - 1)) if n > 1 else np.full(n_terms, np.nan)
    if "kl_divergence" in wanted or "d_kl" in wanted:
        kld = where_present(per_term(t * np.log2(t / share[coo.row])))
        out["kl_divergence"] = kld
        out["d_kl"] = kld / (1.0 + kld)
    if "juilland_u" in wanted:
        out["juilland_u"] = d * freq
    return out


def distance_measures(positions: pd.DataFrame, n_words: int | None = None, *,
                      measures: str | Sequence[str] | None = "all") -> pd.DataFrame:
    """Dispersion from the distances between a term's occurrences, and adjusted frequencies.

    Parameters
    ----------
    positions : pandas.DataFrame
        Columns ``term`` and ``offset`` (word index of each occurrence in the corpus read as
        one stream), e.g. :func:`term_positions`.
    n_words : int, optional
        ``N``, the words in the corpus; default ``positions.attrs["n_words"]`` (which
        :func:`term_positions` sets).
    measures : str, sequence of str or None, default="all"
        Any of "arf", "awt", "ald", "f_awt", "f_ald"; "all" (or None) for every one.

    Returns
    -------
    pandas.DataFrame
        One row per term (in order of first appearance in ``positions``): ``term``,
        ``count`` (f), then the measures.

    Raises
    ------
    ValueError
        No ``n_words``; an offset outside ``[0, N)``; an unknown measure.

    Notes
    -----
    With ``v = N / f`` (the distance of an evenly spread term):

    * ``arf = sum_i min(d_i, v) / v`` -- average reduced frequency: f for an even term, about
      1 for a term in one burst;
    * ``awt = (1 + sum_i d_i^2 / N) / 2`` -- average waiting time, in words, and
      ``f_awt = N^2 / sum_i d_i^2`` its frequency;
    * ``ald = sum_i (d_i / N) log10 d_i`` -- average logarithmic distance, and
      ``f_ald = N 10^(-ald)`` its frequency.

    The values of Gries (2008)'s example and of Wordless (which uses the same cyclic
    distances) are tested.

    References
    ----------
    Savicky, P. & Hlavacova, J. (2002). Measures of word commonness. Journal of Quantitative
    Linguistics, 9(3), 215-231.

    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora. International
    Journal of Corpus Linguistics, 13(4), 403-437.

    Examples
    --------
    >>> pos = pd.DataFrame({"term": ["x", "x", "y"], "offset": [0, 5, 3]})
    >>> distance_measures(pos, 10).round(2).values.tolist()
    [['x', 2, 2.0, 3.0, 0.7, 2.0, 2.0], ['y', 1, 1.0, 5.5, 1.0, 1.0, 1.0]]
    """
    caller = "distance_measures"
    wanted = _measure_list(DISTANCE_MEASURES if measures is None else measures, caller, DISTANCE_MEASURES)
    check_columns(positions, ["term", "offset"], caller=caller, name="positions")
    n_words = positions.attrs.get("n_words") if n_words is None else n_words
    if n_words is None:
        raise ValueError(f"{caller}(): give n_words (the words in the corpus); positions has no "
                         f"attrs['n_words'].")
    check_interval("n_words", int(n_words), low=1, caller=caller, integer=True)
    codes, names = pd.factorize(positions["term"], sort=False)
    offsets = positions["offset"].to_numpy(dtype=np.int64)
    if len(offsets) and (offsets.min() < 0 or offsets.max() >= n_words):
        raise ValueError(f"{caller}(): offsets must lie in [0, n_words = {n_words}); got "
                         f"{offsets.min()}..{offsets.max()}.")
    table = _distance_table(codes, offsets, int(n_words), len(names), wanted)
    out = pd.DataFrame({"term": np.asarray(names, dtype=object),
                        "count": np.bincount(codes, minlength=len(names)).astype(np.int64)})
    for m in wanted:
        out[m] = table[m]
    return out


def _distance_table(codes: np.ndarray, offsets: np.ndarray, n_words: int, n_terms: int,
                    wanted: Sequence[str]) -> dict[str, np.ndarray]:
    """The distance measures of every term: ``codes`` (term number of each occurrence) and
    ``offsets`` (its word index in a corpus of ``n_words``), in any order."""
    order = np.lexsort((offsets, codes))
    code, pos = codes[order], offsets[order].astype(float)
    if not len(code):
        return {m: np.full(n_terms, np.nan) for m in wanted}
    first = np.concatenate([[True], code[1:] != code[:-1]])
    last = np.concatenate([first[1:], [True]])
    dist = np.diff(pos, prepend=0.0)
    dist[first] = pos[first] + n_words - pos[last]  # around the end of the corpus
    f = np.bincount(code, minlength=n_terms).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = n_words / f
        sq = np.bincount(code, weights=dist ** 2, minlength=n_terms)
        ald = np.bincount(code, weights=dist * np.log10(dist), minlength=n_terms) / n_words
        out = {
            "arf": np.bincount(code, weights=np.minimum(dist, v[code]), minlength=n_terms) / v,
            "awt": 0.5 * (1.0 + sq / n_words),
            "ald": ald,
            "f_awt": n_words ** 2 / sq,
            "f_ald": n_words * 10.0 ** -ald,
        }
    present = f > 0
    return {m: np.where(present, out[m], np.nan) for m in wanted}
