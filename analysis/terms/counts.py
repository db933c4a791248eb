"""Term counts: the document-term matrix, frequencies and rates by any grouping, TF-IDF."""

from __future__ import annotations

from typing import Any, NamedTuple, Unpack

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._progress import resolve as resolve_progress
from .._validation import check_interval, check_option, check_type
from ..turns import as_turns
from ..errors import EmptyResultError
from ..types import GroupBy, TurnsLike
from ..token_options import TokenOptions, TokenShorthands, token_options
from ._base import by_list, count_rows, group_codes, indicator, with_date_buckets
from .mwe import compile_phrases

__all__ = ["DocumentTermMatrix", "document_term_matrix", "term_frequencies", "tfidf_terms"]


class DocumentTermMatrix(NamedTuple):
    """What :func:`document_term_matrix` returns; unpacks as ``matrix, vocabulary, units``.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        Counts, one row per unit, one column per term (int64).
    vocabulary : numpy.ndarray of str
        The terms, sorted; ``vocabulary[j]`` labels column ``j``.
    units : pandas.DataFrame
        One row per matrix row, in the same order.
    """

    matrix: sp.csr_matrix
    vocabulary: np.ndarray
    units: pd.DataFrame


def _df_bound(value, n_units: int, name: str, caller: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{caller}(): {name} must be an int (units) or a float (share of units); got {value!r}.")
    if isinstance(value, float):
        check_interval(name, value, low=0.0, high=1.0, caller=caller)
        return int(np.ceil(value * n_units)) if name == "min_df" else int(np.floor(value * n_units))
    check_interval(name, value, low=0, caller=caller, integer=True)
    return value


def document_term_matrix(
    units: TurnsLike,
    *,
    text: str = "text",
    by: GroupBy | None = None,
    tokens: TokenOptions | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    min_count: int = 1,
    engine: str = "local",
    n_jobs: int = -1,
    partitions: int | None = None,
    client: Any = None,
    progress: bool | float | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> DocumentTermMatrix:
    """Count terms in every unit: a sparse matrix ready for scikit-learn.

    Units are the rows of any DataFrame with a text column (turns, paragraphs, sentences,
    whole transcripts), or groups of rows when ``by`` is given.

    Parameters
    ----------
    units : Corpus or pandas.DataFrame
        A ``Corpus`` (its turns) or any frame with a ``text`` column.
    text : str, default="text"
        The column holding the text.
    by : str or list of str, optional
        Sum rows into one unit per group of these columns (``"transcript_id"``,
        ``["speaker", "month"]``). ``"day"``, ``"week"``, ``"month"``, ``"quarter"`` and
        ``"year"`` are derived from ``date`` when the frame has no such column.
    tokens : TokenOptions, optional
        How words become terms (:class:`analysis.token_options.TokenOptions`: case, lemmas,
        stop words, word n-grams, multiword expressions merged into one term, one word of
        ``n_words``); None: ``TokenOptions()`` (lower case, word forms, stop words dropped,
        single words).
    min_df, max_df : int or float, default=1 and 1.0
        Keep terms found in at least ``min_df`` and at most ``max_df`` units; a float is a
        share of the units (scikit-learn's convention).
    min_count : int, default=1
        Keep terms counted at least this often in all units together.
    engine : {"local", "dask"}, default="local"
        Where the counting runs. "local": this machine (single words of a large corpus are
        counted on ``n_jobs`` processes straight from the texts, or from its text layer when
        this process or the on-disk cache holds it; other terms from the text layer, built on
        ``n_jobs`` processes; counting is array arithmetic). "dask": the units are cut into
        partitions (whole groups of ``by`` together), each counted on a Dask worker,
        and the counts merged into one sorted vocabulary before ``min_df``, ``max_df`` and
        ``min_count`` apply to the whole; on ``client``, else the active
        ``distributed.Client``, else Dask's default scheduler. The result is the same
        (counts are additive; tested).
    n_jobs : int, default=-1
        Processes for the local engine: -1 for every core, 1 for this process.
    partitions : int or None, default=None
        For ``engine="dask"``: the number of partitions; None: two per Dask thread.
    client : distributed.Client, optional
        For ``engine="dask"``.
    progress : bool, float or None, default=None
        Show ``<function>: counting terms in N texts ... 12 s`` on standard error while the
        terms are counted (the slow step on a large corpus).
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=``, ``phrases=``: each
        one given replaces that field of ``tokens`` (``lemmas=True`` is
        ``tokens=TokenOptions(lemmas=True)``; :mod:`analysis.token_options`).

    Returns
    -------
    DocumentTermMatrix
        ``(matrix, vocabulary, units)``: CSR counts (units x terms), the sorted terms, and one
        row per unit. Without ``by`` the units frame is the input without its text column,
        index reset; with ``by`` it holds the ``by`` columns and ``n_rows``. Both end with
        ``n_words``, the word tokens of the unit (stop words included).

    Raises
    ------
    ValueError
        A missing column, a bad option, ``max_df`` below ``min_df``.
    EmptyResultError
        No term survives the filters (the message names them).

    See Also
    --------
    term_frequencies : the same counts as a tidy table.

    Notes
    -----
    Tokens are those of :func:`analysis.text.tokenize_texts` (the text layer, cached by
    content hash; single words of a large corpus are counted chunk by chunk to the same
    counts), so the matrix agrees with ``CountVectorizer(analyzer=...)`` fed the same tokens;
    the test suite checks this.

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["A", "B", "A"],
    ...                       "text": ["Trade talks resumed.", "Trade and tariffs?", "Talks, talks."]})
    >>> m, vocab, units = document_term_matrix(turns, by="speaker")
    >>> list(vocab), m.toarray().tolist()
    (['resumed', 'talks', 'tariffs', 'trade'], [[1, 3, 0, 1], [0, 0, 1, 1]])
    >>> units.values.tolist()
    [['A', 2, 5], ['B', 1, 3]]
    """
    caller = "document_term_matrix"
    progress = resolve_progress(progress, caller=caller)
    check_type("text", text, str, caller=caller)
    opts = token_options(tokens, caller=caller, **shorthands)
    compile_phrases(opts, caller=caller)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    from ..scale._engine import check_core_engine  # (the scale package imports this module)

    check_core_engine(caller, engine, n_jobs, partitions)
    cols = by_list(by)
    frame = as_turns(units, caller=caller, columns=(text,))
    frame = with_date_buckets(frame, cols, caller=caller)
    as_turns(frame, caller=caller, columns=tuple(cols))
    if engine == "dask":
        from ..scale.terms import count_on_dask

        for name, value in (("min_df", min_df), ("max_df", max_df)):
            _df_bound(value, 0, name, caller)
        return count_on_dask(frame, tokens=opts, text=text, by=cols, min_df=min_df, max_df=max_df,
                             min_count=min_count, partitions=partitions, client=client, caller=caller)
    counted = count_rows(frame, opts, text=text, caller=caller, n_jobs=n_jobs, progress=progress)
    matrix, n_words = counted.matrix, counted.n_words
    if cols:
        codes, keys = group_codes(frame, cols)
        g = indicator(codes, len(keys))
        matrix = (g @ matrix).tocsr()
        n_words = g @ n_words
        unit_frame = keys.assign(n_rows=np.bincount(codes, minlength=len(keys)).astype(np.int64))
    else:
        unit_frame = frame.drop(columns=[text]).reset_index(drop=True)
        matrix = matrix.copy()  # the caller's own: the counts kept for the next call stay as they are
    unit_frame = unit_frame.assign(n_words=np.asarray(n_words, dtype=np.int64))
    return filter_terms(DocumentTermMatrix(matrix, counted.vocabulary, unit_frame), min_df=min_df, max_df=max_df,
                        min_count=min_count, caller=caller)


def filter_terms(dtm: DocumentTermMatrix, *, min_df: int | float, max_df: int | float, min_count: int,
                 caller: str) -> DocumentTermMatrix:
    """``dtm`` with only the terms found in ``min_df`` to ``max_df`` units and counted at
    least ``min_count`` times; an EmptyResultError when none is left."""
    matrix, vocabulary = dtm.matrix, dtm.vocabulary
    n_units = matrix.shape[0]
    lo = _df_bound(min_df, n_units, "min_df", caller)
    hi = _df_bound(max_df, n_units, "max_df", caller)
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
    return DocumentTermMatrix(matrix.tocsr(), vocabulary, dtm.units)


_FREQ_COLUMNS = ["term", "count", "per_1000", "doc_freq", "doc_share", "rank", "n_words", "n_docs"]


def term_frequencies(
    turns: TurnsLike,
    *,
    by: GroupBy | None = None,
    docs: str | None = "transcript_id",
    tokens: TokenOptions | None = None,
    min_count: int = 1,
    top: int | None = None,
    ties: str = "first",
    progress: bool | float | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """How often each term is used, overall or per group, with rates and document frequency.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, the ``by`` columns and ``docs``.
    by : str or list of str, optional
        Any column(s): ``"role"``, ``"speaker"``, ``["transcript_id", "speaker"]``; date
        buckets ``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"year"`` are derived from
        ``date`` when absent. None counts the whole corpus.
    docs : str or None, default="transcript_id"
        What a "document" is for document frequency: the values of this column, or each row
        (turn) when None.
    tokens
        As in :func:`document_term_matrix`.
    min_count : int, default=1
        Keep rows whose ``count`` is at least this.
    top : int, optional
        Keep the ``top`` most frequent terms of each group (by ``rank``: with ``ties="min"``
        every term tied at the last rank kept is kept).
    ties : {"first", "min", "max", "dense", "average"}, default="first"
        How terms of equal count are ranked (``pandas.Series.rank``'s ``method``): "first"
        numbers them one after another in the order of the table (alphabetical), so ranks are
        1..n; "min" gives them all the lowest rank, as quanteda's ``textstat_frequency`` does
        by default (two terms tied first are both 1, the next is 3); "max" the highest;
        "dense" the lowest with no gaps after a tie; "average" their mean (a float).
    progress : bool, float or None, default=None
        Show ``<function>: counting terms in N texts ... 12 s`` on standard error while the
        terms are counted (the slow step on a large corpus).
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=``, ``phrases=``: each
        one given replaces that field of ``tokens`` (``lemmas=True`` is
        ``tokens=TokenOptions(lemmas=True)``; :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        One row per group and term, sorted by the ``by`` columns, ``count`` descending, then
        ``term``. Columns: the ``by`` columns, ``term``, ``count``, ``per_1000`` (count per
        1,000 words of the group), ``doc_freq`` (documents of the group using the term),
        ``doc_share`` (doc_freq / n_docs), ``rank`` (1 = most frequent in its group; ties as ``ties`` says),
        ``n_words`` (word tokens in the group, stop words included), ``n_docs``.

    Raises
    ------
    ValueError
        A missing column (``by``, ``docs`` or ``text``), a bad option.

    See Also
    --------
    document_term_matrix, tfidf_terms, keyness

    Notes
    -----
    ``per_1000 = 1000 * count / n_words``. Counts are additive: the counts of a grouping sum
    to the counts of the whole corpus.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["t1", "t1", "t2"], "role": ["official", "questioner", "official"],
    ...                       "text": ["Trade talks resumed.", "Trade and tariffs?", "Talks, talks."]})
    >>> term_frequencies(turns, by="role")[["role", "term", "count", "doc_freq"]].values.tolist()
    [['official', 'talks', 3, 2], ['official', 'resumed', 1, 1], ['official', 'trade', 1, 1], ['questioner',
    'tariffs', 1, 1], ['questioner', 'trade', 1, 1]]
    """
    caller = "term_frequencies"
    progress = resolve_progress(progress, caller=caller)
    opts = token_options(tokens, caller=caller, **shorthands)
    compile_phrases(opts, caller=caller)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    if top is not None:
        check_interval("top", top, low=1, caller=caller, integer=True)
    check_option("ties", ties, {"first", "min", "max", "dense", "average"}, caller=caller)
    if docs is not None:
        check_type("docs", docs, str, caller=caller)
    cols = by_list(by)
    frame = as_turns(turns, caller=caller)
    frame = with_date_buckets(frame, cols, caller=caller)
    as_turns(frame, caller=caller, columns=(*cols, *([docs] if docs else [])))
    if frame.empty:
        return pd.DataFrame(columns=[*cols, *_FREQ_COLUMNS])
    counted = count_rows(frame, opts, caller=caller, progress=progress)
    gcodes, keys = group_codes(frame, cols)
    n_groups = len(keys)
    counts = sum_rows(gcodes, n_groups, counted.matrix)
    if counts.nnz == 0:  # every turn empty or made of stop words
        return pd.DataFrame(columns=[*cols, *_FREQ_COLUMNS])
    words = indicator(gcodes, n_groups) @ counted.n_words
    doc_freq, n_docs = _doc_freq(frame, docs, gcodes, counted.matrix, counts)
    table = _tidy_counts(counts, doc_freq, min_count=min_count)
    table = _ranked(table, ties=ties, top=top)
    g = table.pop("_g")
    out = {}
    if cols:
        picked = keys.iloc[g].reset_index(drop=True)
        out.update({c: picked[c] for c in cols})
    n_words = np.asarray(words, dtype=np.int64)[g]
    n_docs_of = n_docs[g].astype(np.int64)
    out.update({
        "term": counted.vocabulary[table["col"]], "count": table["count"],
        "per_1000": 1000.0 * table["count"] / n_words, "doc_freq": table["doc_freq"],
        "doc_share": table["doc_freq"] / n_docs_of, "rank": table["rank"], "n_words": n_words, "n_docs": n_docs_of,
    })
    return pd.DataFrame(out, index=pd.RangeIndex(len(g)), copy=False)


def sum_rows(codes: np.ndarray, n_groups: int, matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The rows of ``matrix`` summed per group (``codes``: the group of each row), canonical
    (sorted indices, no repeats). When every row is its own group the rows are only put in
    the order of their groups (``matrix`` itself when they are in it)."""
    n_rows = len(codes)
    if n_groups == n_rows and np.array_equal(np.bincount(codes, minlength=n_groups), np.ones(n_groups, np.int64)):
        if np.array_equal(codes, np.arange(n_rows)):
            out = matrix
        else:
            row_of = np.empty(n_rows, dtype=np.int64)
            row_of[codes] = np.arange(n_rows)
            out = matrix[row_of]
    else:
        out = (indicator(codes, n_groups) @ matrix).tocsr()
    out.sum_duplicates()
    return out


def _doc_freq(frame: pd.DataFrame, docs: str | None, gcodes: np.ndarray, matrix: sp.csr_matrix,
              counts: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
    """Documents of each group using each term (groups x terms, canonical), and the documents
    of each group: ``matrix`` (rows x terms) binarised per (group, document), then summed per
    group; ``counts`` (``matrix`` summed per group) binarised when each group is one document."""
    n_groups = counts.shape[0]
    if docs is None:
        doc_codes = np.arange(len(frame))
    else:
        doc_codes = frame.groupby(docs, sort=True, dropna=False).ngroup().to_numpy()
    pair = pd.factorize(pd.Series(gcodes.astype(np.int64) * (doc_codes.max() + 1) + doc_codes))[0]
    n_pairs = int(pair.max()) + 1
    if n_pairs == n_groups:  # one document per group: it uses the terms its group counts
        used = sp.csr_matrix((np.ones(counts.nnz, dtype=np.int64), counts.indices, counts.indptr), shape=counts.shape)
        return used, np.ones(n_groups, dtype=np.int64)
    pair_groups = np.zeros(n_pairs, dtype=np.int64)
    pair_groups[pair] = gcodes
    by_pair = sum_rows(pair, n_pairs, matrix)
    used = sp.csr_matrix((np.ones(by_pair.nnz, dtype=np.int64), by_pair.indices, by_pair.indptr), shape=by_pair.shape)
    return sum_rows(pair_groups, n_groups, used), np.bincount(pair_groups, minlength=n_groups)


def _tidy_counts(counts: sp.csr_matrix, doc_freq: sp.csr_matrix, *, min_count: int) -> dict[str, np.ndarray]:
    """The cells of ``counts`` (groups x terms, canonical) counted at least ``min_count``
    times as arrays ``_g`` (group), ``col`` (term column), ``count`` and ``doc_freq``, sorted
    by group, count descending, then column (the vocabulary is sorted: term)."""
    row = np.repeat(np.arange(counts.shape[0], dtype=np.int64), np.diff(counts.indptr))
    col = counts.indices
    count = counts.data.astype(np.int64, copy=False)
    # a (group, term) cell is used by a document exactly when it is counted, so both matrices
    # hold the same cells in the same order (checked): their values line up
    same_cells = np.array_equal(doc_freq.indptr, counts.indptr) and np.array_equal(doc_freq.indices, counts.indices)
    used = (doc_freq.data if same_cells else np.asarray(doc_freq[row, col]).ravel()).astype(np.int64, copy=False)
    if min_count > 1:
        keep = count >= min_count
        row, col, count, used = row[keep], col[keep], count[keep], used[keep]
    top = int(count.max()) + 1 if len(count) else 1
    # rows come by group, then column: a stable sort on (group, count descending) keeps the
    # columns of equal counts in order
    order = np.argsort(row * top + (top - 1 - count), kind="stable")
    return {"_g": row[order], "col": col[order], "count": count[order], "doc_freq": used[order]}


def _ranked(table: dict[str, np.ndarray], *, ties: str, top: int | None) -> dict[str, np.ndarray]:
    """``table`` (sorted as :func:`_tidy_counts` sorts it) with ``rank``, the rank of each
    count within its group (1 = most frequent; ties as ``pandas.Series.rank``'s ``method``
    says), and only the rows ranked ``top`` or better when ``top`` is given."""
    g, count = table["_g"], table["count"]
    new_group = np.r_[True, g[1:] != g[:-1]] if len(g) else np.zeros(0, dtype=bool)
    group_start = _run_starts(new_group)
    at = np.arange(len(g), dtype=np.int64)
    if ties == "first":  # rows are sorted by count then term: the running number is the rank
        rank = at - group_start + 1
    else:
        new_run = new_group.copy()
        new_run[1:] |= count[1:] != count[:-1]
        low = _run_starts(new_run) - group_start + 1  # the rank of a run's first row
        high = _run_starts(new_run, end=True) - group_start  # of its last
        if ties == "min":
            rank = low
        elif ties == "max":
            rank = high
        elif ties == "average":
            rank = (low + high) / 2.0
        else:  # dense: the run's number within its group
            run_no = np.cumsum(new_run)
            rank = run_no - run_no[group_start] + 1
    table = {**table, "rank": rank}
    if top is not None:
        keep = rank <= top
        table = {k: v[keep] for k, v in table.items()}
    return table


def _run_starts(new_run: np.ndarray, *, end: bool = False) -> np.ndarray:
    """Per element, where its run starts (``end``: one past where it ends); ``new_run`` marks
    the first element of each run."""
    starts = np.flatnonzero(new_run)
    bounds = np.r_[starts, len(new_run)]
    return np.repeat(bounds[1:] if end else starts, np.diff(bounds))


def tfidf_terms(
    turns: TurnsLike,
    *,
    by: GroupBy = "transcript_id",
    top: int | None = 10,
    norm: str | None = "l2",
    smooth_idf: bool = True,
    sublinear_tf: bool = False,
    tokens: TokenOptions | None = None,
    min_df: int | float = 1,
    max_df: int | float = 1.0,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """Terms ranked by TF-IDF within each group (each group is one document).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str or list of str, default="transcript_id"
        The documents: one per group of these columns.
    top : int or None, default=10
        Keep this many terms per group (None keeps all).
    norm, smooth_idf, sublinear_tf
        Passed to :class:`sklearn.feature_extraction.text.TfidfTransformer`.
    tokens, min_df, max_df
        As in :func:`document_term_matrix`.
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=``, ``phrases=``: each
        one given replaces that field of ``tokens`` (``lemmas=True`` is
        ``tokens=TokenOptions(lemmas=True)``; :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        One row per group and term with a non-zero weight, sorted by the ``by`` columns,
        ``tfidf`` descending, then ``term``. Columns: the ``by`` columns, ``term``,
        ``count``, ``tfidf``, ``rank``.

    Raises
    ------
    ValueError
        A missing column or a bad option.

    Notes
    -----
    scikit-learn's definition: ``tfidf = tf * (ln((1 + n) / (1 + df)) + 1)`` with
    ``smooth_idf=True``, rows then L2-normalised. The matrix is
    :func:`document_term_matrix` ``(by=by)``.

    References
    ----------
    Sparck Jones, K. (1972). A statistical interpretation of term specificity and its
    application in retrieval. Journal of Documentation, 28(1), 11-21.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["t1", "t1", "t2"],
    ...                       "text": ["Tariffs resumed.", "Trade tariffs.", "Trade talks."]})
    >>> tfidf_terms(turns, top=1)[["transcript_id", "term"]].values.tolist()
    [['t1', 'tariffs'], ['t2', 'talks']]
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    caller = "tfidf_terms"
    opts = token_options(tokens, caller=caller, **shorthands)
    check_option("norm", norm, {"l1", "l2", None}, caller=caller)
    check_option("smooth_idf", smooth_idf, {True, False}, caller=caller)
    check_option("sublinear_tf", sublinear_tf, {True, False}, caller=caller)
    if top is not None:
        check_interval("top", top, low=1, caller=caller, integer=True)
    cols = by_list(by)
    if not cols:
        raise ValueError(f"{caller}(): by must name at least one column; got {by!r}.")
    frame = as_turns(turns, caller=caller)
    if frame.empty:
        return pd.DataFrame(columns=[*cols, "term", "count", "tfidf", "rank"])
    matrix, vocab, units = document_term_matrix(
        frame, by=cols, tokens=opts, min_df=min_df, max_df=max_df)
    weights = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf).fit_transform(matrix)
    weights = weights.tocoo()
    out = pd.DataFrame({"_g": weights.row, "term": vocab[weights.col],
                        "count": np.asarray(matrix[weights.row, weights.col]).ravel().astype(np.int64),
                        "tfidf": weights.data})
    out = out.sort_values(["_g", "tfidf", "term"], ascending=[True, False, True], ignore_index=True)
    out["rank"] = out.groupby("_g").cumcount() + 1
    if top is not None:
        out = out[out["rank"] <= top]
    keys = units[cols].iloc[out["_g"].to_numpy()].reset_index(drop=True)
    out = pd.concat([keys, out.drop(columns="_g").reset_index(drop=True)], axis=1)
    return out
