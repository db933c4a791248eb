"""Dispersion of the terms of a corpus: how evenly each term is spread over the parts of a
corpus (transcripts by default), and where each occurrence falls (for x-ray plots).

The measures, their notation and references are in :mod:`._dispersion_measures`
(:func:`dispersion_measures`, :func:`distance_measures`, exported here too); this module
counts the parts (:func:`dispersion`) and finds the occurrences (:func:`term_positions`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import check_interval, check_type
from ..turns import as_turns
from ..types import TurnsLike
from ..token_options import TokenOptions, TokenShorthands, token_options
from ._base import as_patterns, count_rows, find_matches, indicator, resolve_stop_words, turns_key, word_view
from ._dispersion_measures import (DEFAULT_MEASURES, DISPERSION_MEASURES, DISTANCE_MEASURES,  # noqa: F401
                                   PART_MEASURES, _distance_table, _measure_list, _more_part_measures,
                                   dispersion_measures, distance_measures)
from .mwe import compile_phrases

if TYPE_CHECKING:
    from ..tokens import WordTable

__all__ = ["DISPERSION_MEASURES", "dispersion_measures", "distance_measures", "dispersion", "term_positions"]

_DISP_COLUMNS = ["term", "count", "n_parts_with", "n_parts", *DEFAULT_MEASURES]


def _part_codes(frame: pd.DataFrame, parts: str) -> tuple[np.ndarray, int]:
    codes = frame.groupby(parts, sort=True, dropna=False).ngroup().to_numpy()
    return codes, (int(codes.max()) + 1 if len(codes) else 0)


def dispersion(
    turns: TurnsLike,
    terms: str | Sequence[str] | None = None,
    *,
    parts: str = "transcript_id",
    min_count: int = 5,
    tokens: TokenOptions | None = None,
    measures: str | Sequence[str] | None = None,
    **shorthands: Unpack[TokenShorthands],
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
    tokens
        How words become terms, as in :func:`document_term_matrix` (``stop_words`` applies
        when ``terms`` is None; ``ngram_range`` must be (1, 1): positions are word
        positions). A merged phrase (``"hong kong"``, e.g. from
        ``fixed_phrases(turns)["phrase"]``) is a term of the vocabulary, its words count only
        where they occur outside it, and it is one word of its part's size.
    measures : str, sequence of str or None, default=None
        The measure columns, in the order given: None for ``juilland_d``, ``dp`` and
        ``dp_norm``; "all" for every one of :data:`DISPERSION_MEASURES`; or names from it:
        the parts-based measures of :func:`dispersion_measures` (``"carroll_d2"``,
        ``"rosengren_s"``, ``"lyne_d3"``, ``"burch_da"``, ``"kl_divergence"``...) and the
        distance-based ones of :func:`distance_measures` (``"arf"``, ``"awt"``, ``"ald"``,
        ``"f_awt"``, ``"f_ald"``), which read the corpus in the row order of ``turns`` (sort
        it by date first for a time line).
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``phrases=``: each one given replaces
        that field of ``tokens`` (``lemmas=True`` is ``tokens=TokenOptions(lemmas=True)``;
        :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        One row per term, by ``count`` descending then ``term`` (with ``terms`` given: in
        the order given). Columns: ``term``, ``count``, ``n_parts_with`` (range),
        ``n_parts``, then the measures: by default ``juilland_d`` (1 = even), ``dp`` and
        ``dp_norm`` (0 = even).

    Raises
    ------
    ValueError
        A missing column or a bad option; a ``phrases`` entry with fewer than two words.
    TypeError
        ``phrases`` not a str or a sequence of str.

    See Also
    --------
    dispersion_measures, distance_measures : the formulas; keyness : ``min_dispersion`` filters key terms;
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
    wanted = _measure_list(measures, caller)
    opts = token_options(tokens, caller=caller, uses=("lowercase", "lemmas", "stop_words", "phrases"), **shorthands)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    check_type("parts", parts, str, caller=caller)
    compile_phrases(opts, caller=caller)
    frame = as_turns(turns, caller=caller, columns=("text", parts))
    patterns = None if terms is None else as_patterns(terms, opts, caller=caller)
    columns = [*_DISP_COLUMNS[:4], *wanted]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    from ..cache import cached_frame

    options = (None if patterns is None else [p.text for p in patterns], parts, min_count, opts,
               sorted(resolve_stop_words(opts.stop_words)), compile_phrases(opts, caller=caller), wanted)
    return cached_frame("dispersion", lambda: turns_key("terms-dispersion-v1", frame, options, columns=[parts]),
                        lambda: _dispersion(frame, patterns, parts=parts, min_count=min_count, opts=opts,
                                            wanted=wanted, caller=caller))


def _dispersion(frame: pd.DataFrame, patterns, *, parts: str, min_count: int, opts: TokenOptions,
                wanted: list[str], caller: str) -> pd.DataFrame:
    """The frame of :func:`dispersion`, options checked, for a frame with rows."""
    columns = [*_DISP_COLUMNS[:4], *wanted]
    codes, n_parts = _part_codes(frame, parts)
    g = indicator(codes, n_parts)
    by_distance = [m for m in wanted if m in DISTANCE_MEASURES]
    if patterns is None:
        if by_distance:  # the offsets need the text layer: built first, the counts read it too
            word_view(frame, opts, caller=caller)
        counted = count_rows(frame, opts, caller=caller)
        keep = np.asarray(counted.matrix.sum(axis=0)).ravel() >= min_count
        matrix = counted.matrix[:, np.flatnonzero(keep)]
        names = counted.vocabulary[keep]
        sizes = g @ counted.n_words
    else:
        docs = word_view(frame, opts, caller=caller)  # the layer's integer words: no strings made
        sizes = g @ docs.n_words.astype(np.int64)
        matrix = _pattern_matrix(docs, patterns)
        names = np.array([p.text for p in patterns], dtype=object)
    by_parts = [m for m in wanted if m in PART_MEASURES]
    out = dispersion_measures(g @ matrix, sizes, measures=by_parts or list(DEFAULT_MEASURES))
    if by_distance:
        if patterns is None:
            term_of, offsets, n_words = _vocabulary_offsets(frame, names, opts, caller=caller)
        else:
            term_of, offsets, n_words = _pattern_offsets(docs, patterns)
        table = _distance_table(term_of, offsets, n_words, len(names), by_distance)
        for m in by_distance:
            out[m] = table[m]
    out.insert(0, "term", names)
    out["count"] = out["count"].astype(np.int64)
    if patterns is None:
        out = out.sort_values(["count", "term"], ascending=[False, True], ignore_index=True)
    return out[columns]


def _vocabulary_offsets(frame: pd.DataFrame, names: np.ndarray, tokens: TokenOptions, *,
                        caller: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Term number and corpus word index of every occurrence of the terms ``names`` (types of
    the text layer's word view, as :func:`count_rows` counts them), and the corpus length."""
    view = word_view(frame, tokens, caller=caller)
    type_id = {t: i for i, t in enumerate(view.types)}
    column_of = np.full(len(view.types), -1, dtype=np.int64)
    column_of[[type_id[t] for t in names]] = np.arange(len(names))
    column = column_of[np.asarray(view.tid, dtype=np.int64)]
    offsets = np.flatnonzero(column >= 0)
    return column[offsets], offsets, len(view.tid)


def _pattern_offsets(docs: WordTable, patterns) -> tuple[np.ndarray, np.ndarray, int]:
    """Pattern number and corpus word index of every match (as :func:`term_positions`)."""
    starts = docs.offset.astype(np.int64)
    codes, offsets = [], []
    for k, p in enumerate(patterns):
        m = find_matches(docs, p)
        offsets.append(starts[m[:, 0]] + m[:, 1])
        codes.append(np.full(len(m), k, dtype=np.int64))
    return np.concatenate(codes), np.concatenate(offsets), int(starts[-1])


def _pattern_matrix(docs: WordTable, patterns) -> sp.csr_matrix:
    """Rows x patterns matrix of match counts."""
    matches = [find_matches(docs, p)[:, 0] for p in patterns]
    rows = np.concatenate(matches) if matches else np.zeros(0, dtype=np.int64)
    cols = np.repeat(np.arange(len(patterns)), [len(m) for m in matches])
    mat = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(docs.offset) - 1, len(patterns)))
    mat.sum_duplicates()
    return mat


_POS_COLUMNS = ["term", "offset", "transcript_id", "date", "speaker", "role", "turn_index"]


def term_positions(
    turns: TurnsLike,
    terms: str | Sequence[str],
    *,
    tokens: TokenOptions | None = None,
    **shorthands: Unpack[TokenShorthands],
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
    tokens
        How words are matched, as in :func:`document_term_matrix`: case-insensitive by
        default, lemmas when asked, multiword expressions counted as one word as in
        :func:`dispersion` (offsets and ``n_words`` then count each merged occurrence as one
        word). Every word can be matched (``stop_words`` is not used) and ``ngram_range``
        must be (1, 1).
    **shorthands
        ``lowercase=``, ``lemmas=``, ``phrases=``: each one given replaces that field of
        ``tokens`` (``lemmas=True`` is ``tokens=TokenOptions(lemmas=True)``;
        :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        Columns ``term`` (the pattern as given), ``offset`` (word index of the match's first
        word in the whole corpus), ``transcript_id``, ``date``, ``speaker``, ``role``,
        ``turn_index`` (missing when the input lacks them); by term (in the order given) then
        offset. ``DataFrame.attrs["n_words"]`` holds the corpus length in words, and, when the
        turns have dates, ``DataFrame.attrs["year_starts"]`` the offset of each year's first
        word (``{year: offset}``, by year; where the corpus, in date order, turns to that year).

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
    opts = token_options(tokens, caller=caller, uses=("lowercase", "lemmas", "phrases"), **shorthands)
    compile_phrases(opts, caller=caller)
    frame = as_turns(turns, caller=caller)
    patterns = as_patterns(terms, opts, caller=caller)
    docs = word_view(frame, opts, caller=caller)  # the layer's integer words: no strings made
    starts = docs.offset.astype(np.int64)
    pieces = []
    for p in patterns:
        m = find_matches(docs, p)
        rows = m[:, 0]
        piece = pd.DataFrame({"term": p.text, "offset": starts[rows] + m[:, 1]})
        for c in _POS_COLUMNS[2:]:
            piece[c] = frame[c].to_numpy()[rows] if c in frame.columns else None
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=_POS_COLUMNS)
    out = out[_POS_COLUMNS]
    out.attrs["n_words"] = int(starts[-1])
    if "date" in frame.columns:
        years = pd.to_datetime(frame["date"], errors="coerce").dt.year
        dated = years.notna().to_numpy()
        if dated.any():
            first = pd.Series(starts[:-1][dated]).groupby(years.to_numpy()[dated].astype(np.int64)).min()
            out.attrs["year_starts"] = {int(y): int(o) for y, o in first.items()}
    return out
