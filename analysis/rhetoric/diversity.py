"""Lexical diversity: type-token ratio, MATTR and MTLD, per turn or group.

Notation: a text is a sequence of N word tokens (lower-cased, punctuation removed, from
:func:`analysis.text.tokenize_texts`); V(i, j) is the number of distinct types among tokens
i..j-1.

* TTR = V(0, N) / N; it falls with text length, so it cannot compare texts of different
  lengths.
* MATTR (Covington & McFall 2010): the mean TTR of every window of ``w`` consecutive
  tokens, ``MATTR = sum_s V(s, s+w) / (w (N - w + 1))``. Computed in O(N) without
  sliding: a token at position j whose previous occurrence is at p(j) is new in exactly
  the windows starting in ``(max(p(j), j - w), min(j, N - w)]``. Texts shorter than ``w``
  get their TTR.
* MTLD (McCarthy & Jarvis 2010): reading forward, a *factor* ends each time the running
  TTR falls to ``threshold`` (0.72) or below; the leftover segment counts as the partial
  factor ``(1 - TTR) / (1 - threshold)``; MTLD = N / factors, averaged over a forward and
  a backward pass. NaN when there are no factors (a short text of distinct words).

A group's measures are computed on its turns' tokens concatenated in turn order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_interval
from ..types import GroupBy, TurnsLike
from ._common import TURN_KEYS, by_list, turn_frame, word_table_of

__all__ = ["mattr", "mtld", "lexical_diversity"]

DIVERSITY_COLUMNS = ("n_tokens", "n_types", "ttr", "mattr", "mtld")


def _codes(tokens: Sequence[str]) -> np.ndarray:
    """Integer codes of ``tokens``, numbered by first occurrence."""
    if not len(tokens):
        return np.zeros(0, dtype=np.int64)
    return pd.factorize(np.asarray(tokens, dtype=object), sort=False)[0].astype(np.int64)


def _previous(codes: np.ndarray) -> np.ndarray:
    """Position of the previous occurrence of each code (-1 for a first occurrence)."""
    order = np.argsort(codes, kind="stable")
    ranked = codes[order]
    prev_ranked = np.full(len(codes), -1, dtype=np.int64)
    same = ranked[1:] == ranked[:-1]
    prev_ranked[1:][same] = order[:-1][same]
    prev = np.empty(len(codes), dtype=np.int64)
    prev[order] = prev_ranked
    return prev


def mattr(tokens: Sequence[str], *, window: int = 50) -> float:
    """Moving-average type-token ratio of ``tokens`` (see module notes).

    Parameters
    ----------
    tokens : sequence of str
    window : int, default=50
        Window length ``w`` in tokens (Covington & McFall used 500 for long texts; 50 suits
        press-conference turns, cf. Zenker & Kyle 2021).

    Returns
    -------
    float
        NaN for no tokens; the TTR when there are fewer than ``window`` tokens.

    References
    ----------
    Covington, M. A. & McFall, J. D. (2010). Cutting the Gordian knot: The moving-average
    type-token ratio (MATTR). Journal of Quantitative Linguistics, 17(2), 94-100.

    Examples
    --------
    >>> mattr("a b a c".split(), window=2)  # windows ab, ba, ac
    1.0
    >>> mattr("a a a b".split(), window=2)  # windows aa, aa, ab
    0.6666666666666666
    """
    check_interval("window", window, low=1, integer=True, caller="mattr")
    if len(tokens) == 0:
        return float("nan")
    return _mattr_codes(_codes(tokens), window)


def _mattr_codes(codes: np.ndarray, window: int) -> float:
    """:func:`mattr` of a non-empty array of token codes."""
    n = len(codes)
    if n < window:
        return len(np.unique(codes)) / n
    prev = _previous(codes)
    j = np.arange(n)
    lo = np.maximum(prev, j - window)  # exclusive
    hi = np.minimum(j, n - window)  # inclusive
    contrib = np.clip(hi - lo, 0, None)
    return float(contrib.sum() / (window * (n - window + 1)))


def _mtld_pass(codes: np.ndarray, threshold: float) -> float:
    factors = 0.0
    # seen[c] == factor: code c already occurred in the current factor (no set to rebuild)
    seen = [0] * (int(codes.max()) + 1 if len(codes) else 0)
    factor = 1
    count = distinct = 0
    ttr = 1.0
    for c in codes.tolist():
        count += 1
        if seen[c] != factor:
            seen[c] = factor
            distinct += 1
        ttr = distinct / count
        if ttr <= threshold:
            factors += 1.0
            factor += 1
            count = distinct = 0
            ttr = 1.0
    if count:
        factors += (1.0 - ttr) / (1.0 - threshold)
    return factors


def mtld(tokens: Sequence[str], *, threshold: float = 0.72) -> float:
    """Measure of textual lexical diversity of ``tokens`` (see module notes).

    Parameters
    ----------
    tokens : sequence of str
    threshold : float, default=0.72
        TTR at which a factor ends (McCarthy & Jarvis's value).

    Returns
    -------
    float
        Mean of the forward and backward MTLD; NaN if either pass has no factor.

    References
    ----------
    McCarthy, P. M. & Jarvis, S. (2010). MTLD, vocd-D, and HD-D: A validation study of
    sophisticated approaches to lexical diversity assessment. Behavior Research Methods,
    42(2), 381-392.

    Examples
    --------
    >>> mtld("a b a b a b".split())  # factor after 'a b a' (TTR 0.67) and 'b a b'
    3.0
    """
    check_interval("threshold", threshold, low=0, high=1, closed="neither", caller="mtld")
    if len(tokens) == 0:
        return float("nan")
    return _mtld_codes(_codes(tokens), threshold)


def _mtld_codes(codes: np.ndarray, threshold: float) -> float:
    """:func:`mtld` of a non-empty array of token codes numbered from 0 (no gaps)."""
    n = len(codes)
    fwd = _mtld_pass(codes, threshold)
    bwd = _mtld_pass(codes[::-1], threshold)
    if fwd == 0 or bwd == 0:
        return float("nan")
    return float((n / fwd + n / bwd) / 2)


def _row(codes: np.ndarray, window: int, threshold: float) -> tuple:
    """``n_tokens``, ``n_types``, TTR, MATTR, MTLD of a stream of token codes (any integers)."""
    n = len(codes)
    if n == 0:
        return (0, 0, float("nan"), float("nan"), float("nan"))
    codes = pd.factorize(codes, sort=False)[0].astype(np.int64)  # 0, 1, 2... by first occurrence
    types = int(codes.max()) + 1
    return (n, types, types / n, _mattr_codes(codes, window), _mtld_codes(codes, threshold))


def lexical_diversity(turns: TurnsLike, *, by: GroupBy | None = None, window: int = 50,
                      threshold: float = 0.72) -> pd.DataFrame:
    """TTR, MATTR and MTLD per turn or per group.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str, list of str or None, default=None
        Grouping columns; None gives one row per turn (keyed by ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``).
    window : int, default=50
        MATTR window (:func:`mattr`).
    threshold : float, default=0.72
        MTLD factor threshold (:func:`mtld`).

    Returns
    -------
    pandas.DataFrame
        One row per turn (input order) or group (sorted by the group columns): the keys,
        ``n_tokens``, ``n_types``, ``ttr``, ``mattr``, ``mtld`` (NaN where undefined).

    Raises
    ------
    ValueError
        ``window < 1`` or ``threshold`` outside (0, 1).

    Examples
    --------
    >>> t = pd.DataFrame({"speaker": ["A", "B"], "text": ["a b a b a b", "one two three"]})
    >>> lexical_diversity(t, by="speaker", window=2)[["speaker", "ttr", "mattr", "mtld"]].values.tolist()
    [['A', 0.3333333333333333, 1.0, 3.0], ['B', 1.0, 1.0, nan]]
    """
    check_interval("window", window, low=1, integer=True, caller="lexical_diversity")
    check_interval("threshold", threshold, low=0, high=1, closed="neither", caller="lexical_diversity")
    frame = turn_frame(turns, caller="lexical_diversity", extra=by_list(by))
    words = word_table_of(frame["text"].tolist())  # the tokens of tokenize_texts, as integer codes
    tid, offset = words.tid, words.offset
    if by is None:
        rows = [_row(tid[offset[i]:offset[i + 1]], window, threshold) for i in range(len(frame))]
        stats = pd.DataFrame(rows, columns=list(DIVERSITY_COLUMNS))
        out = pd.concat([frame[list(TURN_KEYS)].reset_index(drop=True), stats], axis=1)
        return out[[*TURN_KEYS, *DIVERSITY_COLUMNS]]
    keys = by_list(by)
    groups = frame.groupby(keys, dropna=False, sort=True).indices
    rows = []
    for key, idx in groups.items():
        parts = [tid[offset[i]:offset[i + 1]] for i in sorted(idx)]
        stream = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        rows.append((*(key if isinstance(key, tuple) else (key,)), *_row(stream, window, threshold)))
    out = pd.DataFrame(rows, columns=[*keys, *DIVERSITY_COLUMNS])
    return out.sort_values(keys, ignore_index=True, kind="mergesort")
