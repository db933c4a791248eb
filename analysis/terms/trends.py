"""Term trends: how often chosen terms are used per period, with the counts behind the rates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import numpy as np
import pandas as pd

from .._validation import check_interval, check_option
from ..periods import DATE_BUCKETS, period_start
from ..turns import as_turns
from ..types import GroupBy, TurnsLike
from ..token_options import TokenOptions, TokenShorthands, token_options
from ._base import as_patterns, by_list, find_matches, resolve_stop_words, turns_key, word_view
from .keyness import keyness
from .mwe import compile_phrases

__all__ = ["term_trends", "rising_terms"]

_TREND_COLUMNS = ["term", "count", "n_words", "per_1000", "n_transcripts"]
#: The default options of :func:`rising_terms`: words and two-word phrases.
_RISING_TOKENS = TokenOptions(ngram_range=(1, 2))


def term_trends(
    turns: TurnsLike,
    terms: str | Sequence[str],
    *,
    freq: str = "month",
    by: GroupBy | None = None,
    tokens: TokenOptions | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """Rate of each term per period (per 1,000 words), with its count and the words behind it.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and ``date`` (and ``transcript_id`` for ``n_transcripts``).
    terms : str or sequence of str
        Words, phrases or wildcard patterns, as in :func:`kwic`, so each count can be traced
        to its concordance lines.
    freq : {"day", "week", "month", "quarter", "year"}, default="month"
        Period length; ``"day"`` gives one point per transcript date.
    by : str or list of str, optional
        Also split by these columns (``"role"``, ``"speaker"``).
    tokens
        How words are matched, as in :func:`term_positions`: case-insensitive by default,
        lemmas when asked, multiword expressions counted as one word (in ``n_words`` too).
    **shorthands
        ``lowercase=``, ``lemmas=``, ``phrases=``: each one given replaces that field of
        ``tokens`` (``lemmas=True`` is ``tokens=TokenOptions(lemmas=True)``;
        :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        One row per period, group and term, every combination present (count 0 where the
        term is absent), by ``period``, the ``by`` columns, then ``term`` in the order given.
        Columns: ``period`` (start of the period, Timestamp), the ``by`` columns, ``term``,
        ``count``, ``n_words`` (word tokens of the period and group), ``per_1000``,
        ``n_transcripts``. Turns without a date are left out.

    Raises
    ------
    ValueError
        Unknown ``freq``, a missing column, a pattern with no word.

    See Also
    --------
    kwic : the lines behind each count. term_frequencies : counts by any grouping.

    Notes
    -----
    ``per_1000 = 1000 * count / n_words``. Only periods with at least one dated turn appear.

    Examples
    --------
    >>> turns = pd.DataFrame({"date": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-02-03"]),
    ...                       "text": ["Trade talks.", "Trade war, trade war.", "No talks."]})
    >>> term_trends(turns, ["trade war", "talks"])[["period", "term", "count", "n_words"]].astype(str).values.tolist()
    [['2020-01-01', 'trade war', '2', '6'], ['2020-01-01', 'talks', '1', '6'], ['2020-02-01', 'trade war', '0',
    '2'], ['2020-02-01', 'talks', '1', '2']]
    """
    caller = "term_trends"
    check_option("freq", freq, set(DATE_BUCKETS), caller=caller)
    opts = token_options(tokens, caller=caller, uses=("lowercase", "lemmas", "phrases"), **shorthands)
    compile_phrases(opts, caller=caller)
    cols = by_list(by)
    frame = as_turns(turns, caller=caller, columns=("text", "date", *cols))
    patterns = as_patterns(terms, opts, caller=caller)
    dates = pd.to_datetime(frame["date"])
    frame = frame.loc[dates.notna().to_numpy()]
    dates = dates[dates.notna()]
    out_cols = ["period", *cols, *_TREND_COLUMNS]
    if frame.empty:
        return pd.DataFrame(columns=out_cols)
    period = period_start(dates, freq)
    docs = word_view(frame, opts, caller=caller)  # the layer's integer words: no strings made
    keys = pd.DataFrame({"period": period.to_numpy()})
    for c in cols:
        keys[c] = frame[c].to_numpy()
    grouped = keys.groupby(["period", *cols], sort=True, dropna=False, observed=True)
    codes = grouped.ngroup().to_numpy()
    groups = grouped.size().reset_index()[["period", *cols]]
    n_groups = len(groups)
    words = np.bincount(codes, weights=docs.n_words, minlength=n_groups).astype(np.int64)
    if "transcript_id" in frame.columns:
        pairs = pd.DataFrame({"g": codes, "t": frame["transcript_id"].to_numpy()}).drop_duplicates()
        n_transcripts = np.bincount(pairs["g"].to_numpy(), minlength=n_groups)
    else:
        n_transcripts = np.full(n_groups, np.nan)
    pieces = []
    for p in patterns:
        rows = find_matches(docs, p)[:, 0]
        counts = np.bincount(codes[rows], minlength=n_groups).astype(np.int64)
        piece = groups.copy()
        piece["_t"] = len(pieces)
        piece["term"] = p.text
        piece["count"] = counts
        piece["n_words"] = words
        piece["n_transcripts"] = n_transcripts
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True)
    safe_words = out["n_words"].where(out["n_words"] > 0, 1)
    out["per_1000"] = np.where(out["n_words"] > 0, 1000.0 * out["count"] / safe_words, 0.0)
    out = out.sort_values(["period", *cols, "_t"], kind="stable", ignore_index=True)
    return out[out_cols]


def rising_terms(
    turns: TurnsLike,
    *,
    by: str = "year",
    per_period: int = 3,
    min_parts: int = 3,
    tokens: TokenOptions | None = None,
    **shorthands: Unpack[TokenShorthands],
) -> pd.DataFrame:
    """The words and phrases that rose most in each period against the period before.

    Runs :func:`keyness` with ``compare="previous"`` and keeps, per comparison, the
    ``per_period`` terms with the highest positive score. A word is dropped when a phrase
    containing it is among the candidates, so "hong kong" is kept rather than "hong" and
    "kong".

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id`` and ``date`` (or the ``by`` column).
    by : str, default="year"
        The periods: a date bucket (``"year"``, ``"quarter"``, ``"month"``) or any column
        whose sorted values are in time order.
    per_period : int, default=3
        Terms kept per comparison.
    min_parts : int, default=3
        A term must be used in at least this many transcripts of the later period.
    tokens : TokenOptions, optional
        How words become terms, as in :func:`keyness`; None: ``TokenOptions(ngram_range=(1,
        2))``, words and two-word phrases.
    **shorthands
        ``lowercase=``, ``lemmas=``, ``stop_words=``, ``ngram_range=``, ``phrases=``: each
        one given replaces that field of ``tokens`` (``lemmas=True`` is
        ``tokens=TokenOptions(lemmas=True)``; :mod:`analysis.token_options`).

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`keyness` kept, in comparison order then score descending
        (``target`` is the later period, ``reference`` the one before).

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": list("abcdef"),
    ...     "date": pd.to_datetime(["2019-01-01", "2019-02-01", "2019-03-01",
    ...                             "2020-01-01", "2020-02-01", "2020-03-01"]),
    ...     "text": ["Trade talks."] * 3 + ["Trade and Hong Kong."] * 3})
    >>> rising_terms(turns, per_period=1)["term"].tolist()
    ['hong kong']
    """
    caller = "rising_terms"
    check_interval("per_period", per_period, low=1, caller=caller, integer=True)
    check_interval("min_parts", min_parts, low=1, caller=caller, integer=True)
    opts = token_options(tokens, caller=caller, defaults=_RISING_TOKENS, **shorthands)
    frame = as_turns(turns, caller=caller)
    if frame.empty:
        return _rising_terms(frame, by=by, per_period=per_period, min_parts=min_parts, opts=opts)
    from ..cache import cached_frame

    options = (by, per_period, min_parts, opts, sorted(resolve_stop_words(opts.stop_words)))
    columns = [*by_list(by), "date", "transcript_id"]
    return cached_frame("rising_terms", lambda: turns_key("terms-rising-v1", frame, options, columns=columns),
                        lambda: _rising_terms(frame, by=by, per_period=per_period, min_parts=min_parts, opts=opts))


def _rising_terms(frame: pd.DataFrame, *, by: str, per_period: int, min_parts: int,
                  opts: TokenOptions) -> pd.DataFrame:
    """The frame of :func:`rising_terms`, options checked.

    A term used in ``min_parts`` transcripts of the later period is used ``min_parts`` times
    or more in the two periods, so keyness tests only those (``min_count=min_parts``): the
    rows kept and their adjusted p-values are those of ``min_count=1``, without a table of
    every term of every pair of periods.
    """
    table = keyness(frame, by=by, compare="previous", min_parts=min_parts, tokens=opts, min_count=min_parts)
    keep = []
    for _, g in table[table["score"] > 0].groupby(["target", "reference"], sort=False):
        cands = g.head(2 * per_period)
        inside = {w for c in cands["term"] if " " in c for w in c.split()}
        keep.extend(cands.index[~cands["term"].isin(inside)][:per_period])
    return table.loc[keep].reset_index(drop=True)
