"""Emergence of formulae: when each first appears, how it spreads over periods, whether it
rises or fades, and which formulae are new in a chosen period."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_interval, check_option
from ..errors import EmptyResultError
from ..periods import to_periods
from ..turns import as_turns
from ..types import TurnsLike
from ._stored import cached_result
from ._stream import FUNCTION_WORDS
from .formulae import (NESTED_SHARE, _TURN_COLUMNS, _members_of, _occurrence_frame, _words_of, formula_occurrences,
                       formulae)

__all__ = ["formula_spread", "formula_emergence", "new_formulae"]

FREQS = ("W", "M", "Q", "Y")
_SPREAD_COLUMNS = ["formula", "period", "period_start", "n_transcripts", "transcripts", "share", "count"]
_EMERGENCE_COLUMNS = ["formula", "first_date", "last_date", "first_period", "peak_period", "peak_share",
                      "n_periods_used", "n_periods", "tau", "slope", "p_value", "p_adjusted", "trend"]


def _dated_frame(turns: TurnsLike, caller: str) -> pd.DataFrame:
    frame = as_turns(turns, caller=caller, columns=("text", "transcript_id", "date"))
    if frame["date"].notna().sum() == 0:
        raise EmptyResultError(f"{caller}(): no turn has a date; emergence needs the 'date' column "
                               "(set dates in metadata.csv).")
    return frame


def formula_spread(
    turns: TurnsLike,
    formulae: pd.DataFrame | Sequence[str],
    *,
    freq: str = "Q",
) -> pd.DataFrame:
    """Transcripts using each formula, per period, against all transcripts of the period.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id`` and ``date`` (undated transcripts are left out).
    formulae : pandas.DataFrame or sequence of str
        The frame from :func:`formulae`, or phrases (see :func:`formula_occurrences`).
    freq : {"W", "M", "Q", "Y"}, default="Q"
        Period length (pandas period alias).

    Returns
    -------
    pandas.DataFrame
        One row per formula and period that has at least one transcript (zeros included),
        in the order of ``formulae``, then by period. Columns: ``formula``, ``period``
        (e.g. "2019Q3"), ``period_start`` (Timestamp), ``n_transcripts`` (using the
        formula), ``transcripts`` (in the period), ``share`` (n_transcripts /
        transcripts), ``count`` (occurrences).

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"], "speaker": ["X"] * 3,
    ...     "date": pd.to_datetime(["2019-01-05", "2019-02-01", "2019-04-02"]),
    ...     "text": ["Win-win cooperation.", "Nothing.", "Win-win cooperation again."]})
    >>> formula_spread(turns, ["win-win cooperation"])[["period", "n_transcripts", "transcripts"]].values.tolist()
    [['2019Q1', 1, 2], ['2019Q2', 1, 1]]
    """
    caller = "formula_spread"
    check_option("freq", freq, set(FREQS), caller=caller)
    frame = _dated_frame(turns, caller)
    names, members = _members_of(formulae, caller)
    return cached_result("formula-spread-v1", frame, _TURN_COLUMNS, (names, members, freq),
                         lambda: _spread(frame, names, _occurrence_frame(frame, names, members, with_text=False),
                                         freq))


def _spread(frame: pd.DataFrame, names: list[str], occ: pd.DataFrame, freq: str) -> pd.DataFrame:
    """Per formula (first of each name) and period with transcripts: transcripts using it and
    occurrences, counted on integer codes of formula, period and transcript."""
    tx = frame.groupby("transcript_id", sort=True)["date"].first().dropna()
    tx_period = to_periods(tx, freq)
    per_period = tx_period.value_counts().sort_index()
    n_periods, n_tx = len(per_period), len(tx)
    unique_names = list(dict.fromkeys(names))
    tx_code = tx.index.get_indexer(occ["transcript_id"])
    dated = tx_code >= 0
    tx_code = tx_code[dated].astype(np.int64)
    period_of_tx = pd.Index(per_period.index).get_indexer(tx_period).astype(np.int64)
    name_code = {n: i for i, n in enumerate(unique_names)}
    f_code = np.fromiter((name_code[f] for f in occ["formula"].to_numpy()[dated]), dtype=np.int64,
                         count=int(dated.sum()))
    cell = f_code * n_periods + period_of_tx[tx_code]
    size = len(unique_names) * n_periods
    count = np.bincount(cell, minlength=size)
    pairs = np.unique(cell * max(n_tx, 1) + tx_code)
    used = np.bincount(pairs // max(n_tx, 1), minlength=size)
    starts = pd.PeriodIndex(per_period.index).start_time
    out = pd.DataFrame({
        "formula": np.repeat(np.asarray(unique_names, dtype=object), n_periods),
        "period": np.tile(np.asarray(per_period.index.astype(str), dtype=object), len(unique_names)),
        "period_start": np.tile(starts.to_numpy(), len(unique_names)),
        "n_transcripts": used.astype(np.int64),
        "transcripts": np.tile(per_period.to_numpy().astype(np.int64), len(unique_names)),
    })
    out["share"] = out["n_transcripts"] / out["transcripts"]
    out["count"] = count.astype(np.int64)
    return out[_SPREAD_COLUMNS]


def formula_emergence(
    turns: TurnsLike,
    formulae: pd.DataFrame | Sequence[str],
    *,
    freq: str = "Q",
    alpha: float = 0.05,
    min_periods: int = 4,
) -> pd.DataFrame:
    """When each formula first appears, where it peaks, and whether it rises or fades.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id`` and ``date``. Restrict it to the span you want
        to test (e.g. one series of briefings).
    formulae : pandas.DataFrame or sequence of str
        The frame from :func:`formulae`, or phrases.
    freq : {"W", "M", "Q", "Y"}, default="Q"
        Period length.
    alpha : float, default=0.05
        Significance level for ``trend``, applied to Benjamini-Hochberg adjusted p-values.
    min_periods : int, default=4
        Fewer periods with transcripts than this: no test (``trend`` = "too short").

    Returns
    -------
    pandas.DataFrame
        One row per formula, by ``tau`` descending (rising first), then ``formula``.
        Columns: ``formula``, ``first_date``, ``last_date``, ``first_period``,
        ``peak_period``, ``peak_share``, ``n_periods_used`` (periods it appears in),
        ``n_periods`` (periods with transcripts), ``tau`` (Kendall's tau-b of share on
        time), ``slope`` (Theil-Sen slope of share per period), ``p_value``,
        ``p_adjusted`` (Benjamini-Hochberg over the formulae), ``trend`` ("rising",
        "fading", "flat" or "too short").

    Notes
    -----
    The series is, per period, the share of transcripts that use the formula. The
    Mann-Kendall trend test is Kendall's tau between period order and that share
    (scipy.stats.kendalltau, tau-b with ties); the Theil-Sen slope gives its size.

    References
    ----------
    Mann, H. B. (1945). Nonparametric tests against trend. Econometrica, 13(3), 245-259.
    Sen, P. K. (1968). Estimates of the regression coefficient based on Kendall's tau.
    JASA, 63(324), 1379-1389.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate. JRSS B,
    57(1), 289-300.

    Examples
    --------
    >>> dates = pd.date_range("2019-01-01", periods=8, freq="QS")
    >>> turns = pd.DataFrame({"transcript_id": list("abcdefgh"), "speaker": ["X"] * 8, "date": dates,
    ...     "text": ["Nothing new."] * 3 + ["We pursue win-win cooperation."] * 5})
    >>> formula_emergence(turns, ["win-win cooperation"])[["first_period", "trend"]].values.tolist()
    [['2019Q4', 'rising']]
    """
    caller = "formula_emergence"
    check_option("freq", freq, set(FREQS), caller=caller)
    check_interval("alpha", alpha, low=0, high=1, caller=caller, closed="neither")
    check_interval("min_periods", min_periods, low=3, caller=caller, integer=True)
    frame = _dated_frame(turns, caller)
    names, members = _members_of(formulae, caller)
    return cached_result("formula-emergence-v1", frame, _TURN_COLUMNS, (names, members, freq, alpha, min_periods),
                         lambda: _emergence(frame, names, members, freq=freq, alpha=alpha, min_periods=min_periods))


def _emergence(frame: pd.DataFrame, names: list[str], members: list[list[str]], *, freq: str, alpha: float,
               min_periods: int) -> pd.DataFrame:
    """The frame of :func:`formula_emergence` (options checked), computed."""
    from scipy.stats import false_discovery_control, kendalltau, theilslopes  # here: 0.6 s to import

    occ = _occurrence_frame(frame, names, members, with_text=False)
    spread = _spread(frame, names, occ, freq)
    dates = pd.to_datetime(occ["date"])
    first = dates.groupby(occ["formula"]).min()
    last = dates.groupby(occ["formula"]).max()
    rows = []
    for name, s in spread.groupby("formula", sort=False):
        s = s.sort_values("period_start")
        shares = s["share"].to_numpy(dtype=float)
        used = s["n_transcripts"].to_numpy() > 0
        row = {"formula": name, "first_date": first.get(name, pd.NaT), "last_date": last.get(name, pd.NaT),
               "first_period": s["period"].to_numpy()[used][0] if used.any() else None,
               "peak_period": s["period"].to_numpy()[int(np.argmax(shares))] if used.any() else None,
               "peak_share": float(shares.max()) if len(shares) else np.nan,
               "n_periods_used": int(used.sum()), "n_periods": len(s),
               "tau": np.nan, "slope": np.nan, "p_value": np.nan}
        if len(s) >= min_periods and np.ptp(shares) > 0:
            x = np.arange(len(s))
            res = kendalltau(x, shares)
            row["tau"], row["p_value"] = float(res.statistic), float(res.pvalue)
            row["slope"] = float(theilslopes(shares, x).slope)
        elif len(s) >= min_periods:
            row["tau"], row["p_value"], row["slope"] = 0.0, 1.0, 0.0
        rows.append(row)
    out = pd.DataFrame(rows, columns=[c for c in _EMERGENCE_COLUMNS if c not in ("p_adjusted", "trend")])
    tested = out["p_value"].notna().to_numpy()
    out["p_adjusted"] = np.nan
    if tested.any():
        out.loc[tested, "p_adjusted"] = false_discovery_control(out.loc[tested, "p_value"].to_numpy())
    sig = out["p_adjusted"] < alpha
    out["trend"] = np.select([~tested, sig & (out["tau"] > 0), sig & (out["tau"] < 0)],
                             ["too short", "rising", "fading"], "flat")
    out["first_date"] = pd.to_datetime(out["first_date"])
    out["last_date"] = pd.to_datetime(out["last_date"])
    return out[_EMERGENCE_COLUMNS].sort_values(["tau", "formula"], ascending=[False, True],
                                               ignore_index=True, na_position="last")


def new_formulae(
    turns: TurnsLike,
    formulae: pd.DataFrame | Sequence[str],
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Formulae first used between ``start`` and ``end`` (both included).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id`` and ``date``.
    formulae : pandas.DataFrame or sequence of str
        The frame from :func:`formulae`, or phrases.
    start, end : date-like, end default=None
        The period; None runs to the last date. "First used" is relative to the corpus:
        anything used in its first days is "new" then.

    Returns
    -------
    pandas.DataFrame
        One row per new formula, by ``n_transcripts_in_period`` descending, then
        ``formula``. Columns: ``formula``, ``first_date``, ``last_date``,
        ``n_transcripts_in_period``, ``n_transcripts`` (whole corpus), ``first_speaker``,
        ``first_text`` (the first use, as spoken).

    Raises
    ------
    ValueError
        ``end`` before ``start``.

    Notes
    -----
    A new formula is listed in the wording the period gives it. Formulae found over a whole
    corpus can be fragments of the period's formula: with the threshold of the whole corpus
    a longer wording ("since the outbreak of the epidemic") may recur too rarely to be listed,
    while its start ("since the outbreak of the"), pooling every continuation, is. So the
    new formulae are folded as :func:`formulae` folds nested phrases: the period's own
    formulae are found (:func:`formulae` of the period's turns, every kind, in two transcripts
    or more), and a new formula more than ``1 - NESTED_SHARE`` (half) of whose uses in the
    period lie inside one longer formula of the period is listed as that longer formula
    (the one holding most of its uses; ties by the longer wording's order in the period's
    table). A longer wording that adds only function words ("the novel coronavirus" for
    "novel coronavirus") is the same formula and takes nothing in. Two new formulae folded
    into one wording make one row.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"], "speaker": ["X", "Y", "X"],
    ...     "date": pd.to_datetime(["2019-01-05", "2020-02-01", "2020-03-02"]),
    ...     "text": ["Win-win cooperation.", "Novel coronavirus.", "The novel coronavirus again."]})
    >>> new_formulae(turns, ["win-win cooperation", "novel coronavirus"], start="2020-01-01")["formula"].tolist()
    ['novel coronavirus']
    >>> turns = pd.DataFrame({"transcript_id": list("abcde"), "speaker": ["X"] * 5,
    ...     "date": pd.to_datetime(["2019-01-05", "2020-02-01", "2020-03-02", "2020-04-01", "2020-05-01"]),
    ...     "text": ["Nothing.", "Since the outbreak of the epidemic, we act.",
    ...              "Since the outbreak of the epidemic, China helps.",
    ...              "Since the outbreak of the epidemic, they wait.", "Since the outbreak of the war."]})
    >>> new = new_formulae(turns, ["since the outbreak of the"], start="2020-01-01")
    >>> new[["formula", "n_transcripts"]].values.tolist()
    [['since the outbreak of the epidemic', 3]]
    """
    caller = "new_formulae"
    lo = pd.Timestamp(start)
    hi = pd.Timestamp(end) if end is not None else None
    if hi is not None and hi < lo:
        raise ValueError(f"{caller}(): end must not be before start; got start={lo.date()}, end={hi.date()}.")
    frame = _dated_frame(turns, caller)
    names, members = _members_of(formulae, caller)
    occ, table = _first_uses(frame, names, members, lo, hi)
    listed = dict(zip(names, members))
    folded = _folded(frame, occ, {f: listed[f][0] for f in table.index}, lo, hi)
    if folded:
        wanted = list(dict.fromkeys(folded[f][0] if f in folded else f for f in table.index))
        listed.update(folded.values())
        occ, table = _first_uses(frame, wanted, [listed.get(f, [f]) for f in wanted], lo, hi)
    inside = occ[_in_period(occ["date"], lo, hi)]
    table["n_transcripts_in_period"] = inside.groupby("formula")["transcript_id"].nunique() \
        .reindex(table.index, fill_value=0)
    out = table.reset_index()[["formula", "first_date", "last_date", "n_transcripts_in_period", "n_transcripts",
                               "first_speaker", "first_text"]]
    return out.sort_values(["n_transcripts_in_period", "formula"], ascending=[False, True], ignore_index=True)


def _in_period(dates: pd.Series, lo: pd.Timestamp, hi: pd.Timestamp | None) -> pd.Series:
    return (dates >= lo) & ((dates <= hi) if hi is not None else True)


def _first_uses(frame: pd.DataFrame, names: list[str], members: list[list[str]], lo: pd.Timestamp,
                hi: pd.Timestamp | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The dated occurrences of the formulae, and one row per formula first used in the
    period (index ``formula``): ``first_date``, ``last_date``, ``n_transcripts``,
    ``first_speaker``, ``first_text``."""
    occ = formula_occurrences(frame, pd.DataFrame({"formula": names, "members": [tuple(m) for m in members]}))
    occ = occ[occ["date"].notna()].copy()
    occ["date"] = pd.to_datetime(occ["date"])
    occ = occ.sort_values(["formula", "date", "transcript_id", "turn_index", "start"], na_position="last")
    g = occ.groupby("formula", sort=True)
    table = pd.DataFrame({"first_date": g["date"].min(), "last_date": g["date"].max(),
                          "n_transcripts": g["transcript_id"].nunique(),
                          "first_speaker": g["speaker"].first(), "first_text": g["text"].first()})
    return occ, table[_in_period(table["first_date"], lo, hi)].copy()


def _folded(frame: pd.DataFrame, occ: pd.DataFrame, new: dict[str, str], lo: pd.Timestamp,
            hi: pd.Timestamp | None) -> dict[str, tuple[str, list[str]]]:
    """New formula (``new``: formula -> its words, separated by spaces) -> the longer formula of
    the period it is folded into, with that formula's words in a list (see
    :func:`new_formulae`): the period's :func:`formulae` holding more than
    ``1 - NESTED_SHARE`` of its uses in the period."""
    if not new:
        return {}
    period = frame[_in_period(pd.to_datetime(frame["date"]), lo, hi)]
    if period["transcript_id"].nunique() < 2:
        return {}
    try:
        found = formulae(period, kind="all")
    except EmptyResultError:  # nothing recurs in the period
        return {}
    found = list(zip(found["formula"], _words_of(found)))  # as written (Chinese unspaced), in words
    longer = {f: [(shown, w) for shown, w in found if f" {words} " in f" {w} " and _adds_a_word(words, w)]
              for f, words in new.items()}
    wordings = list(dict.fromkeys(w for ws in longer.values() for _, w in ws))
    if not wordings:
        return {}
    held = formula_occurrences(period, wordings)["formula"].value_counts()
    uses = occ[_in_period(occ["date"], lo, hi)]["formula"].value_counts()
    out = {}
    for f, ws in longer.items():
        best = max(ws, key=lambda sw: held.get(sw[1], 0), default=None)  # first of equals: the period's order
        if best is not None and held.get(best[1], 0) > (1 - NESTED_SHARE) * uses.get(f, 0):
            out[f] = (best[0], [best[1]])
    return out


def _adds_a_word(short: str, long: str) -> bool:
    """``long`` holds a word that is not a function word beyond those of ``short`` ("the novel
    coronavirus" adds none to "novel coronavirus": wordings that differ by function words are
    one formula, as :func:`formulae` groups its variants)."""
    rest = long.split()
    for w in short.split():
        rest.remove(w)
    return any(w not in FUNCTION_WORDS for w in rest)
