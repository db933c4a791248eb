""":func:`analysis.terms.document_term_matrix` on partitions of a corpus on a Dask cluster, merged
(its ``engine="dask"``), and :func:`count_terms`, the earlier name of that function."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..errors import EmptyResultError
from ..terms import DocumentTermMatrix, document_term_matrix
from ..terms.counts import _df_bound, filter_terms
from ..token_options import TokenOptions
from ..turns import as_turns
from ..types import GroupBy, TurnsLike
from ._engine import check_engine, default_partitions, run_map
from .phrases import core_engine

__all__ = ["count_terms"]


def _count_part(job: tuple[pd.DataFrame, dict]) -> tuple[sp.csr_matrix, np.ndarray, pd.DataFrame]:
    """One partition's counts: :func:`~analysis.terms.document_term_matrix` on this worker."""
    part, options = job
    try:
        return tuple(document_term_matrix(part, min_df=1, max_df=1.0, min_count=1, **options))
    except EmptyResultError:  # no term in this partition: its units, and no column
        tokens = replace(options["tokens"], stop_words=False, ngram_range=(1, 1))
        units = document_term_matrix(part, min_df=1, max_df=1.0, min_count=1, **{**options, "tokens": tokens}).units \
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
    """:func:`analysis.terms.document_term_matrix` under its earlier name and engines (kept so
    existing calls run); new code calls that function with ``engine=`` and ``n_jobs=``.

    Parameters
    ----------
    units : Corpus or pandas.DataFrame
        As for :func:`~analysis.terms.document_term_matrix`.
    text, by, lowercase, lemmas, stop_words, ngram_range, min_df, max_df, min_count
        As for :func:`~analysis.terms.document_term_matrix`.
    engine : {"joblib", "serial", "dask"}, default="joblib"
        ``"joblib"`` is the library's ``engine="local"`` on ``n_jobs`` processes,
        ``"serial"`` the same on one, ``"dask"`` the library's ``engine="dask"``.
    n_jobs : int, default=-1
        Processes for ``"joblib"`` (-1: every core).
    backend : str, default="auto"
        Checked as before; the local engine chooses its own processes.
    partitions, client
        For ``engine="dask"``, as for :func:`~analysis.terms.document_term_matrix`.

    Returns
    -------
    DocumentTermMatrix
        ``(matrix, vocabulary, units)`` exactly as
        :func:`~analysis.terms.document_term_matrix` returns them.

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["A", "B", "A"],
    ...                       "text": ["Trade talks resumed.", "Trade and tariffs?", "Talks, talks."]})
    >>> m, vocab, units = count_terms(turns, by="speaker", engine="serial", partitions=2)
    >>> list(vocab), m.toarray().tolist()
    (['resumed', 'talks', 'tariffs', 'trade'], [[1, 3, 0, 1], [0, 0, 1, 1]])
    """
    check_engine("count_terms", engine, n_jobs, backend, partitions)
    if as_turns(units, caller="count_terms", columns=(text,)).empty:  # an empty matrix, as before
        for name, value in (("min_df", min_df), ("max_df", max_df)):
            _df_bound(value, 0, name, "count_terms")
        min_df = 0
    return document_term_matrix(units, text=text, by=by, lowercase=lowercase, lemmas=lemmas, stop_words=stop_words,
                                ngram_range=ngram_range, min_df=min_df, max_df=max_df, min_count=min_count,
                                **core_engine(engine, n_jobs), partitions=partitions, client=client)


def count_on_dask(frame: pd.DataFrame, *, tokens: TokenOptions, text: str, by: list[str], min_df: int | float,
                  max_df: int | float, min_count: int, partitions: int | None, client: Any,
                  caller: str) -> DocumentTermMatrix:
    """:func:`~analysis.terms.document_term_matrix` of ``frame`` (options checked, date buckets
    added) on a Dask cluster: one task per partition, whole groups of ``by`` together, each
    counted by the library; the counts merged into one sorted vocabulary, then ``min_df``,
    ``max_df`` and ``min_count`` applied to the whole.

    Counts are additive: the count of a term in a unit is computed inside the one partition
    that holds the unit, and document frequencies and totals are sums over units, so merging
    loses nothing.
    """
    options = dict(text=text, by=by or None, tokens=tokens)
    if frame.empty:
        return document_term_matrix(frame, min_df=min_df, max_df=max_df, min_count=min_count, **options)
    k = partitions or default_partitions("dask", -1, client)
    parts = [frame.iloc[rows] for rows in _partition_rows(frame, by, k)]
    results = run_map(_count_part, [(p, options) for p in parts], engine="dask", client=client)
    vocabulary = np.unique(np.concatenate([r[1] for r in results]).astype(object)) if results else np.zeros(0)
    blocks = []
    for m, vocab, _ in results:
        cols_new = np.searchsorted(vocabulary, vocab).astype(np.int64)
        m = m.tocoo()
        blocks.append(sp.csr_matrix((m.data, (m.row, cols_new[m.col])), shape=(m.shape[0], len(vocabulary))))
    matrix = sp.vstack(blocks, format="csr") if blocks else sp.csr_matrix((0, 0), dtype=np.int64)
    matrix.sort_indices()
    unit_frame = pd.concat([r[2] for r in results], ignore_index=True)
    merged = DocumentTermMatrix(matrix.astype(np.int64), vocabulary, unit_frame)
    return filter_terms(merged, min_df=min_df, max_df=max_df, min_count=min_count, caller=caller)
