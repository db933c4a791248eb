""":func:`analysis.terms.document_term_matrix` on partitions of a corpus, merged."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import check_interval
from ..errors import EmptyResultError
from ..terms import DocumentTermMatrix, document_term_matrix
from ..terms._base import by_list, with_date_buckets
from ..terms.counts import _df_bound
from ..turns import as_turns
from ..types import GroupBy, TurnsLike
from ._engine import check_engine, default_partitions, run_map

__all__ = ["count_terms"]


def _count_part(job: tuple[pd.DataFrame, dict]) -> tuple[sp.csr_matrix, np.ndarray, pd.DataFrame]:
    part, options = job
    try:
        return tuple(document_term_matrix(part, min_df=1, max_df=1.0, min_count=1, **options))
    except EmptyResultError:  # no term in this partition: its units, and no column
        units = document_term_matrix(part, min_df=1, max_df=1.0, min_count=1,
                                     **{**options, "stop_words": False, "ngram_range": (1, 1)}).units \
            if any(part[options["text"]].fillna("").astype(str).str.strip()) else None
        if units is None:
            raise
        return sp.csr_matrix((len(units), 0), dtype=np.int64), np.zeros(0, dtype=object), units


def _partition_rows(frame: pd.DataFrame, cols: list[str], k: int) -> list[np.ndarray]:
    """Row positions of ``k`` partitions; whole groups of ``cols`` stay together, in sorted
    group order, so concatenating the partitions' units gives the global order."""
    n = len(frame)
    if not cols:
        bounds = np.linspace(0, n, min(k, max(n, 1)) + 1).astype(np.int64)
        return [np.arange(a, b) for a, b in zip(bounds[:-1], bounds[1:]) if b > a]
    codes = frame.groupby(cols, sort=True, dropna=False, observed=True).ngroup().to_numpy()
    sizes = np.bincount(codes)
    cum = np.cumsum(sizes)
    cuts = np.searchsorted(cum, cum[-1] * np.arange(1, k) / k, side="left")
    edges = np.unique(np.concatenate([[0], cuts + 1, [len(sizes)]]).clip(0, len(sizes)))
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        rows = np.flatnonzero((codes >= a) & (codes < b))
        if len(rows):
            out.append(rows)
    return out


def count_terms(
    units: TurnsLike,
    *,
    text: str = "text",
    by: GroupBy | None = None,
    lowercase: bool = True,
    lemmas: bool = False,
    stop_words: bool | frozenset[str] | set[str] | list[str] | tuple[str, ...] = True,
    ngram_range: tuple[int, int] = (1, 1),
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    min_count: int = 1,
    engine: str = "joblib",
    n_jobs: int = -1,
    backend: str = "auto",
    partitions: int | None = None,
    client: Any = None,
) -> DocumentTermMatrix:
    """:func:`analysis.terms.document_term_matrix`, computed on partitions in parallel.

    The units are cut into partitions (whole groups of ``by`` together), each partition is
    counted by :func:`~analysis.terms.document_term_matrix` on a worker, and the counts are
    merged into one sorted vocabulary; ``min_df``, ``max_df`` and ``min_count`` are then
    applied to the whole. The result equals ``document_term_matrix(units, ...)`` with the
    same options, for every engine (the test suite checks it).

    Parameters
    ----------
    units : Corpus or pandas.DataFrame
        As for :func:`~analysis.terms.document_term_matrix`.
    text, by, lowercase, lemmas, stop_words, ngram_range, min_df, max_df, min_count
        As for :func:`~analysis.terms.document_term_matrix`.
    engine : {"joblib", "serial", "dask"}, default="joblib"
        Where partitions are counted: local processes, this process, or a Dask cluster
        (``client``, else the active ``distributed.Client``, else Dask's default scheduler).
    n_jobs : int, default=-1
        Local processes for ``"joblib"`` (-1: every core).
    backend : {"auto", "loky", "multiprocessing", "threading"}, default="auto"
        joblib's backend ("auto": forked workers on Linux, fresh processes elsewhere; see
        :func:`count_files`).
    partitions : int or None, default=None
        Number of partitions; None: four per local worker, two per Dask thread.
    client : distributed.Client, optional
        For ``engine="dask"``.

    Returns
    -------
    DocumentTermMatrix
        ``(matrix, vocabulary, units)`` exactly as
        :func:`~analysis.terms.document_term_matrix` returns them.

    Raises
    ------
    ValueError
        A bad option or a missing column (the same messages as ``document_term_matrix``).
    EmptyResultError
        No term survives the filters.

    Notes
    -----
    Counts are additive: the count of a term in a unit is computed inside the one partition
    that holds the unit, and document frequencies and totals are sums over units, so
    merging loses nothing.

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["A", "B", "A"],
    ...                       "text": ["Trade talks resumed.", "Trade and tariffs?", "Talks, talks."]})
    >>> m, vocab, units = count_terms(turns, by="speaker", engine="serial", partitions=2)
    >>> list(vocab), m.toarray().tolist()
    (['resumed', 'talks', 'tariffs', 'trade'], [[1, 3, 0, 1], [0, 0, 1, 1]])
    """
    caller = "count_terms"
    check_engine(caller, engine, n_jobs, backend, partitions)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    options = dict(text=text, by=by, lowercase=lowercase, lemmas=lemmas, stop_words=stop_words,
                   ngram_range=ngram_range)
    frame = as_turns(units, caller=caller, columns=(text,))
    # the library checks every option and column (and handles empty input) on no rows
    empty = document_term_matrix(frame.iloc[:0], min_df=0, max_df=1.0, min_count=min_count, **options)
    for name, value in (("min_df", min_df), ("max_df", max_df)):
        _df_bound(value, 0, name, caller)
    if frame.empty:
        return empty
    cols = by_list(by)
    frame = with_date_buckets(frame, cols, caller=caller)
    k = partitions or default_partitions(engine, n_jobs, client)
    parts = [frame.iloc[rows] for rows in _partition_rows(frame, cols, k)]
    results = run_map(_count_part, [(p, options) for p in parts], engine=engine, n_jobs=n_jobs, backend=backend,
                      client=client)
    vocabulary = np.unique(np.concatenate([r[1] for r in results]).astype(object)) if results else np.zeros(0)
    blocks = []
    for m, vocab, _ in results:
        cols_new = np.searchsorted(vocabulary, vocab).astype(np.int64)
        m = m.tocoo()
        blocks.append(sp.csr_matrix((m.data, (m.row, cols_new[m.col])), shape=(m.shape[0], len(vocabulary))))
    matrix = sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, 0), dtype=np.int64)
    matrix.sort_indices()
    unit_frame = pd.concat([r[2] for r in results], ignore_index=True)
    n_units = matrix.shape[0]
    lo, hi = _df_bound(min_df, n_units, "min_df", caller), _df_bound(max_df, n_units, "max_df", caller)
    if hi < lo:
        raise ValueError(f"{caller}(): max_df ({max_df!r} -> {hi} units) is below min_df "
                         f"({min_df!r} -> {lo} units).")
    df = np.diff(matrix.tocsc().indptr)
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    keep = (df >= lo) & (df <= hi) & (totals >= min_count)
    if not keep.all():
        matrix = matrix[:, np.flatnonzero(keep)]
        vocabulary = vocabulary[keep]
    if n_units and not len(vocabulary):
        raise EmptyResultError(f"{caller}(): no term left after filtering; try a lower min_df, a higher "
                               f"max_df, a lower min_count or stop_words=False.")
    return DocumentTermMatrix(matrix.tocsr().astype(np.int64), vocabulary, unit_frame)
