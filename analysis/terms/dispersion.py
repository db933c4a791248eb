"""Dispersion: how evenly a term is spread over the parts of a corpus (transcripts by
default), and where each occurrence falls (for x-ray plots).

Notation: ``n`` parts with sizes ``s_i`` (words), ``S = sum s_i``; the term occurs ``v_i``
times in part ``i``, ``f = sum v_i`` times in all.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import check_interval, check_type
from ..turns import as_turns
from ..types import TurnsLike
from ._base import (
    StopWords, as_patterns, check_token_options, count_rows, find_matches, indicator, token_lists,
)
from .mwe import PhrasesLike, compile_phrases

__all__ = ["dispersion_measures", "dispersion", "term_positions"]

_DISP_COLUMNS = ["term", "count", "n_parts_with", "n_parts", "juilland_d", "dp", "dp_norm"]


def dispersion_measures(part_counts, part_sizes) -> pd.DataFrame:
    """Juilland's D, Gries' DP and range for every column of a parts x terms count matrix.

    Parameters
    ----------
    part_counts : array-like or scipy sparse matrix, shape (n_parts, n_terms)
        ``v_i`` for every term (column).
    part_sizes : array-like, shape (n_parts,)
        ``s_i``, the words in each part (all words, not only the terms counted). Parts of
        size 0 are ignored.

    Returns
    -------
    pandas.DataFrame
        One row per column, in order: ``count`` (f), ``n_parts_with`` (range: parts with
        v_i > 0), ``n_parts`` (n), ``juilland_d``, ``dp``, ``dp_norm``.

    Notes
    -----
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

    Examples
    --------
    >>> m = dispersion_measures([[2, 1, 0], [2, 0, 0], [2, 0, 6]], [10, 10, 10])
    >>> m[["n_parts_with", "juilland_d", "dp"]].round(3).values.tolist()
    [[3.0, 1.0, 0.0], [1.0, 0.0, 0.667], [1.0, 0.0, 0.667]]
    """
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
        for c in ("juilland_d", "dp", "dp_norm"):
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
    out["juilland_d"] = d
    out["dp"] = dp
    out["dp_norm"] = dp_norm
    return out


def _part_codes(frame: pd.DataFrame, parts: str) -> tuple[np.ndarray, int]:
    codes = frame.groupby(parts, sort=True, dropna=False).ngroup().to_numpy()
    return codes, (int(codes.max()) + 1 if len(codes) else 0)


def dispersion(
    turns: TurnsLike,
    terms: str | Sequence[str] | None = None,
    *,
    parts: str = "transcript_id",
    min_count: int = 5,
    lowercase: bool = True,
    lemmas: bool = False,
    stop_words: StopWords = True,
    phrases: PhrasesLike = None,
) -> pd.DataFrame:
    """How evenly each term is spread over the parts of the corpus: everywhere, or bursty.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and ``parts``.
    terms : str or sequence of str, optional
        Words, phrases or wildcard patterns (as in :func:`kwic`); None takes every term of
        the vocabulary counted at least ``min_count`` times.
    parts : str, default="transcript_id"
        The column whose values are the parts (transcripts, speakers, months...).
    min_count : int, default=5
        With ``terms=None``, keep terms counted at least this often.
    lowercase, lemmas, stop_words
        As in :func:`document_term_matrix` (``stop_words`` applies when ``terms`` is None).
    phrases : str, sequence of str or None, default=None
        Multiword expressions counted as one term (``"hong kong"``), e.g.
        ``fixed_phrases(turns)["phrase"]``: each occurrence is merged into one token before
        anything is counted, so the expression is a term of the vocabulary, its words count
        only where they occur outside it, and it is one word of its part's size.

    Returns
    -------
    pandas.DataFrame
        One row per term, by ``count`` descending then ``term`` (with ``terms`` given: in
        the order given). Columns: ``term``, ``count``, ``n_parts_with`` (range),
        ``n_parts``, ``juilland_d`` (1 = even), ``dp`` and ``dp_norm`` (0 = even).

    Raises
    ------
    ValueError
        A missing column or a bad option; a ``phrases`` entry with fewer than two words.
    TypeError
        ``phrases`` not a str or a sequence of str.

    See Also
    --------
    dispersion_measures : the formulas; keyness : ``min_dispersion`` filters key terms;
    fixed_phrases : two-word terms to pass as ``phrases``.

    Notes
    -----
    See :func:`dispersion_measures`. Part sizes are all word tokens of each part (a merged
    phrase of k words is one token, so sizes shrink by k - 1 per occurrence). Merging uses
    :func:`analysis.text.mwe_tokenize` (NLTK's ``MWETokenizer``: longest expression first,
    left to right); the words of ``terms`` are merged the same way, so ``"hong kong"``
    matches the merged phrase and ``"hong"`` only "hong" outside it.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"],
    ...                       "text": ["trade talks", "trade tariffs", "trade tariffs tariffs"]})
    >>> dispersion(turns, ["trade", "tariffs"])[["term", "count", "n_parts_with", "dp"]].round(3).values.tolist()
    [['trade', 3, 3, 0.095], ['tariffs', 3, 2, 0.286]]
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b"], "text": ["Hong Kong is calm.", "Hong Kong, Hong Kong."]})
    >>> dispersion(turns, min_count=1, phrases=["Hong Kong"])[["term", "count"]].values.tolist()
    [['hong kong', 3], ['calm', 1]]
    """
    caller = "dispersion"
    check_token_options(caller, lowercase=lowercase, lemmas=lemmas, stop_words=stop_words)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    check_type("parts", parts, str, caller=caller)
    mwes = compile_phrases(phrases, lowercase=lowercase, lemmas=lemmas, caller=caller)
    frame = as_turns(turns, caller=caller, columns=("text", parts))
    patterns = None if terms is None else as_patterns(terms, lowercase=lowercase, lemmas=lemmas, caller=caller,
                                                      phrases=mwes)
    if frame.empty:
        return pd.DataFrame(columns=_DISP_COLUMNS)
    codes, n_parts = _part_codes(frame, parts)
    g = indicator(codes, n_parts)
    if patterns is None:
        counted = count_rows(frame, lowercase=lowercase, lemmas=lemmas, stop_words=stop_words, phrases=mwes)
        keep = np.asarray(counted.matrix.sum(axis=0)).ravel() >= min_count
        matrix = counted.matrix[:, np.flatnonzero(keep)]
        names = counted.vocabulary[keep]
        sizes = g @ counted.n_words
    else:
        docs = token_lists(frame, lowercase=lowercase, lemmas=lemmas, phrases=mwes)
        sizes = g @ np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))
        matrix = _pattern_matrix(docs, patterns)
        names = np.array([p.text for p in patterns], dtype=object)
    out = dispersion_measures(g @ matrix, sizes)
    out.insert(0, "term", names)
    out["count"] = out["count"].astype(np.int64)
    if patterns is None:
        out = out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)
    return out[_DISP_COLUMNS]


def _pattern_matrix(docs, patterns) -> sp.csr_matrix:
    """Rows x patterns matrix of match counts."""
    matches = [find_matches(docs, p)[:, 0] for p in patterns]
    rows = np.concatenate(matches) if matches else np.zeros(0, dtype=np.int64)
    cols = np.repeat(np.arange(len(patterns)), [len(m) for m in matches])
    mat = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(docs), len(patterns)))
    mat.sum_duplicates()
    return mat


_POS_COLUMNS = ["term", "offset", "transcript_id", "date", "speaker", "role", "turn_index"]


def term_positions(
    turns: TurnsLike,
    terms: str | Sequence[str],
    *,
    lowercase: bool = True,
    lemmas: bool = False,
    phrases: PhrasesLike = None,
) -> pd.DataFrame:
    """Where each occurrence of each term falls in the corpus, in words from its start.

    The corpus is read in the row order of ``turns`` (sort it by date first for a time
    line). One row per occurrence; this is what x-ray (lexical dispersion) plots show.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``; ``transcript_id``, ``date``, ``speaker``, ``role`` and
        ``turn_index`` are copied when present.
    terms : str or sequence of str
        Words, phrases or wildcard patterns (as in :func:`kwic`).
    lowercase, lemmas : bool, default=True and False
        Case-insensitive matching; match lemmas.
    phrases : str, sequence of str or None, default=None
        Multiword expressions counted as one word, as in :func:`dispersion` (offsets and
        ``n_words`` then count each merged occurrence as one word).

    Returns
    -------
    pandas.DataFrame
        Columns ``term`` (the pattern as given), ``offset`` (word index of the match's first
        word in the whole corpus), ``transcript_id``, ``date``, ``speaker``, ``role``,
        ``turn_index`` (missing when the input lacks them); by term (in the order given) then
        offset. ``DataFrame.attrs["n_words"]`` holds the corpus length in words.

    Raises
    ------
    ValueError
        A pattern or a ``phrases`` entry with no word (fewer than two for a phrase).

    Examples
    --------
    >>> turns = pd.DataFrame({"text": ["Trade war talk.", "No trade war now, trade talks."]})
    >>> term_positions(turns, ["trade", "trade war"])[["term", "offset"]].values.tolist()
    [['trade', 0], ['trade', 4], ['trade', 7], ['trade war', 0], ['trade war', 4]]
    >>> term_positions(turns, ["trade", "trade war"], phrases="trade war")[["term", "offset"]].values.tolist()
    [['trade', 5], ['trade war', 0], ['trade war', 3]]
    """
    caller = "term_positions"
    check_token_options(caller, lowercase=lowercase, lemmas=lemmas, stop_words=False)
    mwes = compile_phrases(phrases, lowercase=lowercase, lemmas=lemmas, caller=caller)
    frame = as_turns(turns, caller=caller)
    patterns = as_patterns(terms, lowercase=lowercase, lemmas=lemmas, caller=caller, phrases=mwes)
    docs = token_lists(frame, lowercase=lowercase, lemmas=lemmas, phrases=mwes) if len(frame) else []
    starts = np.concatenate([[0], np.cumsum([len(d) for d in docs])]).astype(np.int64)
    pieces = []
    for p in patterns:
        m = find_matches(docs, p)
        rows = m[:, 0]
        piece = pd.DataFrame({"term": p.text, "offset": starts[rows] + m[:, 1]})
        for c in _POS_COLUMNS[2:]:
            piece[c] = frame[c].to_numpy()[rows] if c in frame.columns else None
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=_POS_COLUMNS)
    out.attrs["n_words"] = int(starts[-1])
    return out[_POS_COLUMNS]
