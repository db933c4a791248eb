"""Helpers shared by the phrase modules: groupings, stop-word candidates, option checks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .._validation import check_interval, check_option
from ._extend import Level, group_tokens
from ._stream import SUBJECT_PRONOUNS, StopWords, Stream, keep_by_stop_rule, stop_mask


def row_codes(frame: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Integer group code per row (missing values form their own group) and the group keys."""
    if not cols:
        return np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=range(1))
    grouped = frame.groupby(cols, dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    keys = grouped.size().reset_index()[cols]
    return codes, keys


def codes_of(values: pd.Series) -> np.ndarray:
    """Integer codes of a column's values per row (missing values share one code)."""
    codes, _ = pd.factorize(values.astype(object).where(values.notna(), "\x00<NA>"))
    return codes.astype(np.int64)


def candidate_rule(stream: Stream, stop_words: StopWords, stop_rule: str) -> Callable[[Level], np.ndarray]:
    """``f(level) -> bool per n-gram``: may the n-gram be listed under the stop-word rule?"""
    if stop_rule == "none" or stop_words is False:
        return lambda lv: np.ones(lv.n_groups, dtype=bool)
    mask = stop_mask(stream, stop_words)
    end_mask = mask
    if isinstance(stop_words, str):  # "function": subject pronouns may start a phrase, not end it
        end_mask = mask | stop_mask(stream, SUBJECT_PRONOUNS)

    def rule(lv: Level) -> np.ndarray:
        toks = group_tokens(stream, lv)
        flags = mask[toks]
        return keep_by_stop_rule(flags[:, 0], end_mask[toks[:, -1]], flags.all(axis=1), stop_rule)

    return rule


def check_length_range(caller: str, n: int | tuple[int, int]) -> tuple[int, int]:
    """``n`` as an int or a (min, max) tuple -> (min, max), checked."""
    if isinstance(n, tuple):
        ok = (len(n) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in n)
              and 1 <= n[0] <= n[1])
        if not ok:
            raise ValueError(f"{caller}(): n must be an integer >= 1 or a tuple (min_n, max_n) of integers "
                             f"with 1 <= min_n <= max_n; got {n!r}.")
        return n
    check_interval("n", n, low=1, caller=caller, integer=True)
    return n, n


def check_bool(caller: str, **flags: object) -> None:
    for name, value in flags.items():
        check_option(name, value, {True, False}, caller=caller)


def check_max_length(caller: str, max_length: int | None, min_length: int) -> None:
    if max_length is not None:
        check_interval("max_length", max_length, low=min_length, caller=caller, integer=True)


def distinct_counts(keys: np.ndarray, units: np.ndarray, n_units: int) -> np.ndarray:
    """For each distinct value of ``keys`` (in sorted order), the number of distinct ``units``."""
    packed = pd.unique(keys.astype(np.int64) * max(n_units, 1) + units.astype(np.int64))
    _, counts = np.unique(packed // max(n_units, 1), return_counts=True)
    return counts


def sort_order(*keys: tuple[np.ndarray, bool]) -> np.ndarray:
    """Row order of a sort by ``keys``, each ``(values, ascending)``, first key first: the order
    :meth:`pandas.DataFrame.sort_values` gives on these columns with ``kind="stable"`` (ties
    kept in row order, NaN last either way, ``0.0`` and ``-0.0`` equal).

    Numbers (integers, booleans, floats) are sorted as they are; strings (an object or
    string array) by their ranks among their sorted distinct values (:func:`numpy.unique`:
    Python's string order, as pandas'). One :func:`numpy.lexsort` over the columns, instead
    of a factorization per key. Strings in the last key (a name breaking the ties of scores
    and counts) are ranked only among the rows that tie on every key before it: their ranks
    there order them as their ranks among all the strings would, and few rows tie.

    Parameters
    ----------
    *keys : tuple of (numpy.ndarray, bool)
        The sort keys in order, each its values (one per row, no missing string) and whether
        it is sorted ascending.

    Returns
    -------
    numpy.ndarray of int64
        The rows' positions in sorted order.

    Examples
    --------
    >>> sort_order((np.array([1, 2, 2]), False), (np.array(["b", "c", "a"], dtype=object), True)).tolist()
    [2, 1, 0]
    """
    if len(keys) > 1 and np.asarray(keys[-1][0]).dtype.kind in "OUS":
        return sort_order(*keys[:-1], (_tie_ranks(keys[:-1], keys[-1][0]), keys[-1][1]))
    columns = []
    for values, ascending in reversed(keys):
        values = np.asarray(values)
        if values.dtype.kind in "OUS":
            values = np.unique(np.asarray(values, dtype=object), return_inverse=True)[1].ravel()
        elif values.dtype.kind in "ub":  # negated below
            values = values.astype(np.int64)
        columns.append(values if ascending else -values)
    return np.lexsort(columns)


def _tie_ranks(keys: tuple[tuple[np.ndarray, bool], ...], text) -> np.ndarray:
    """Per row, the rank of its string ``text`` among the strings of the rows that tie with it
    on every one of ``keys`` (0 for a row that ties with none), so that sorting by ``keys``
    then these ranks orders the rows as ``keys`` then ``text`` would."""
    order = sort_order(*keys)
    tie = np.ones(max(len(order) - 1, 0), dtype=bool)
    for values, _ in keys:
        v = np.asarray(values)[order]
        same = v[1:] == v[:-1]
        if v.dtype.kind == "f":  # NaN is sorted last, all NaNs together
            same |= np.isnan(v[1:]) & np.isnan(v[:-1])
        tie &= same
    rank = np.zeros(len(order), dtype=np.int64)
    if tie.any():
        tied = np.zeros(len(order), dtype=bool)
        tied[1:] |= tie
        tied[:-1] |= tie
        rows = order[tied]
        rank[rows] = np.unique(np.asarray(text, dtype=object)[rows], return_inverse=True)[1].ravel()
    return rank


_DTYPES = {"ngram": object, "phrase": object, "collocation": object, "formula": object, "n": "int64",
           "count": "int64", "n_turns": "int64", "per_1000": "float64"}


def empty_frame(frame: pd.DataFrame, cols: list[str], out_cols: list[str], dtypes: dict | None = None) -> pd.DataFrame:
    """An empty result with the documented columns (group columns keep the input's dtype)."""
    types = {**_DTYPES, **(dtypes or {})}
    return pd.DataFrame({c: pd.Series(dtype=frame[c].dtype if c in cols else types.get(c, "float64"))
                         for c in out_cols})


#: What every result of the phrase stream depends on besides its texts and options.
_STREAM_MODULES = ("analysis.phrases", "analysis.text", "analysis.tokens", "analysis.sentences", "analysis.turns")


def stream_result_key(kind: str, options: object, texts: Sequence[str]) -> str:
    """The on-disk cache key of a result of the phrase stream of ``texts``: ``kind``,
    ``repr(options)``, every text, the source of the stream's modules and the library
    versions (:func:`analysis.cache.source_key`), and for texts with a Han character the
    Chinese segmenter (:func:`analysis.languages.segmenter_id`)."""
    from ..cache import content_key, source_key
    from ..languages import segmenter_salt

    return content_key(kind, source_key(*_STREAM_MODULES), segmenter_salt(texts), repr(options), str(len(texts)),
                       *texts)
