"""Where topics occur: prevalence by group and period, and questions against answers.

Notation. A cell is a group of units (a transcript, a speaker, a quarter, a speaker in a
quarter...); n_cell its number of units; n(t) the units in it whose dominant topic is t.
Prevalence share(t) = n(t) / n_cell, so the shares of a cell sum to 1 and every share comes
with its counts. mean_weight(t) is the mean share of topic t over the cell's units (soft
prevalence: a unit half on each of two topics adds 0.5 to both).

Questions against answers: within an exchange (a question and the turns that answer it),
the question's topic is the argmax of the mean topic shares of its units, the answer's
likewise. Agreement is the share of exchanges whose answer topic equals the question
topic; chance agreement is sum_t p_q(t) p_a(t) (the margins), and Cohen's kappa corrects
the agreement for it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from .._validation import check_columns, check_type
from ..errors import EmptyResultError
from ..periods import period_start
from ..types import GroupBy, by_list
from .models import TopicModelResult

__all__ = ["topic_prevalence", "question_answer_topics", "question_answer_matrix", "answer_topic_agreement"]

_QA_COLUMNS = ["transcript_id", "exchange", "date", "questioner", "answerer", "question_topic", "answer_topic",
               "question_weight", "answer_weight", "answer_on_question_topic", "same_topic",
               "n_question_units", "n_answer_units"]



def topic_prevalence(
    result: TopicModelResult,
    *,
    by: GroupBy | None = "role",
    period: str | None = None,
) -> pd.DataFrame:
    """Topic shares by group, by period, or by group and period together.

    Parameters
    ----------
    result : TopicModelResult
        From :func:`fit_topics`.
    by : str, list of str or None, default="role"
        Unit columns to group by (``"transcript_id"``, ``"speaker"``, ``"role"``,
        ``"date"``...); None for no grouping.
    period : str or None, default=None
        Also group by calendar period of ``date``: a pandas period alias such as ``"M"``
        (month), ``"Q"`` (quarter) or ``"Y"`` (year). Units without a date are left out.

    Returns
    -------
    pandas.DataFrame
        One row per cell and topic (every topic, zeros included), by the ``by`` columns,
        ``period``, then ``topic``: the ``by`` columns, ``period`` (start of the period,
        datetime64; only with ``period``), ``topic``, ``label``, ``n_units`` (units of the
        cell whose dominant topic it is), ``n_cell`` (units in the cell), ``share``
        (``n_units / n_cell``), ``mean_weight`` (mean topic share over the cell's units).

    Raises
    ------
    ValueError
        A ``by`` column the units lack; an unknown ``period`` alias.

    Notes
    -----
    See the module notes. Groups with a missing value (NaN) form their own cell.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> units = pd.DataFrame({"text": ["tariffs trade deficit"] * 3 + ["typhoon rescue flood"] * 3,
    ...                       "role": ["official", "official", "questioner"] * 2})
    >>> res = fit_topics(units, k=2, min_df=1, max_df=1.0)
    >>> topic_prevalence(res, by="role")[["role", "topic", "n_units", "n_cell", "share"]].values.tolist()
    [['official', 1, 2, 4, 0.5], ['official', 2, 2, 4, 0.5], ['questioner', 1, 1, 2, 0.5], ['questioner', 2, 1, 2, 0.5]]
    """
    caller = "topic_prevalence"
    check_type("result", result, TopicModelResult, caller=caller)
    cols = by_list(by)
    units = result.unit_topics
    check_columns(units, cols + (["date"] if period else []), caller=caller, name="result.unit_topics")
    weights = result.weights
    frame = units[cols].copy()
    if period is not None:
        try:
            starts = period_start(units["date"], period)
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValueError(f"{caller}(): period must be a pandas period alias such as 'M', 'Q' or 'Y'; "
                             f"got {period!r} ({exc}).") from None
        frame["period"] = starts
        dated = frame["period"].notna().to_numpy()
        frame, weights = frame[dated], weights[dated]
        topic = units["topic"].to_numpy()[dated]
        cols = cols + ["period"]
    else:
        topic = units["topic"].to_numpy()
    k = result.k
    out_cols = [*cols, "topic", "label", "n_units", "n_cell", "share", "mean_weight"]
    if len(frame) == 0:
        return pd.DataFrame(columns=out_cols)
    if cols:
        codes, uniques = _group_codes(frame, cols)
    else:
        codes, uniques = np.zeros(len(frame), dtype=np.int64), pd.DataFrame(index=[0])
    n_groups = len(uniques)
    counts = np.zeros((n_groups, k))
    np.add.at(counts, (codes, topic - 1), 1)
    wsum = np.zeros((n_groups, k))
    np.add.at(wsum, codes, weights)
    n_cell = counts.sum(axis=1)
    out = uniques.loc[uniques.index.repeat(k)].reset_index(drop=True)
    out["topic"] = np.tile(np.arange(1, k + 1), n_groups)
    labels = result.labels()
    out["label"] = out["topic"].map(labels)
    out["n_units"] = counts.ravel().astype("int64")
    out["n_cell"] = np.repeat(n_cell, k).astype("int64")
    out["share"] = counts.ravel() / np.repeat(n_cell, k)
    out["mean_weight"] = wsum.ravel() / np.repeat(n_cell, k)
    out = out.sort_values([*cols, "topic"], kind="stable", ignore_index=True)
    return out[out_cols]


def _group_codes(frame: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    g = frame.groupby(cols, dropna=False, sort=True)
    codes = g.ngroup().to_numpy()
    uniques = g.size().reset_index()[cols]
    return codes, uniques


def question_answer_topics(result: TopicModelResult) -> pd.DataFrame:
    """The topic of each question and of the answer it receives, one row per exchange.

    Parameters
    ----------
    result : TopicModelResult
        Fitted on turn or paragraph units (not exchanges, which merge the two sides); the
        units need ``transcript_id``, ``exchange``, ``role`` and ``speaker``.

    Returns
    -------
    pandas.DataFrame
        One row per exchange with both a question unit and an answer unit, in corpus order:
        ``transcript_id``, ``exchange``, ``date``, ``questioner``, ``answerer`` (speakers,
        "; "-joined), ``question_topic``, ``answer_topic``, ``question_weight`` and
        ``answer_weight`` (mean share of that topic over the side's units),
        ``answer_on_question_topic`` (the answer's mean share of the question's topic),
        ``same_topic``, ``n_question_units``, ``n_answer_units``.

    Raises
    ------
    ValueError
        The units are exchanges, or lack the columns above.

    Notes
    -----
    A question unit is one whose ``role`` is ``"questioner"``; every other unit of the
    exchange (the official's, normally) is an answer unit. Ties in the argmax go to the
    lower topic number.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> units = pd.DataFrame({
    ...     "text": ["tariffs trade?", "tariffs trade deficit", "typhoon flood?", "tariffs trade"],
    ...     "transcript_id": "a", "exchange": [1, 1, 3, 3], "date": pd.NaT,
    ...     "role": ["questioner", "official"] * 2, "speaker": ["Journalist", "Lu Kang"] * 2})
    >>> qa = question_answer_topics(fit_topics(units, k=2, min_df=1, max_df=1.0))
    >>> qa[["exchange", "question_topic", "answer_topic", "same_topic"]].values.tolist()
    [[1, 1, 1, True], [3, 2, 1, False]]
    """
    caller = "question_answer_topics"
    check_type("result", result, TopicModelResult, caller=caller)
    units = result.unit_topics
    check_columns(units, ("transcript_id", "exchange", "role", "speaker"), caller=caller,
                  name="result.unit_topics")
    if (units["role"] == "exchange").any():
        raise ValueError(f"{caller}(): the model was fitted on exchange units, which hold question and answer "
                         "together; fit it on unit='paragraph' or unit='turn'.")
    inx = units["exchange"].notna().to_numpy()
    if not inx.any():
        return pd.DataFrame(columns=_QA_COLUMNS)
    u = units.loc[inx, ["transcript_id", "exchange", "role", "speaker"]].copy()
    u["date"] = units.loc[inx, "date"] if "date" in units.columns else pd.NaT
    u["side"] = np.where(u["role"] == "questioner", "q", "a")
    w = result.weights[inx]
    key = ["transcript_id", "exchange", "side"]
    g = u.groupby(key, sort=False)
    codes = g.ngroup().to_numpy()
    n_groups = codes.max() + 1
    sums = np.zeros((n_groups, result.k))
    np.add.at(sums, codes, w)
    sizes = np.bincount(codes, minlength=n_groups)
    means = sums / sizes[:, None]
    first = u.assign(_code=codes).drop_duplicates("_code").sort_values("_code")
    meta = first[["transcript_id", "exchange", "side", "date"]].reset_index(drop=True)
    meta["speakers"] = g["speaker"].agg(lambda s: "; ".join(dict.fromkeys(s.astype(str)))).to_numpy()
    meta["topic"] = means.argmax(axis=1) + 1
    meta["weight"] = means.max(axis=1)
    meta["n"] = sizes
    meta["code"] = np.arange(n_groups)
    q = meta[meta["side"] == "q"].set_index(["transcript_id", "exchange"])
    a = meta[meta["side"] == "a"].set_index(["transcript_id", "exchange"])
    both = q.index.intersection(a.index, sort=False)
    if len(both) == 0:
        return pd.DataFrame(columns=_QA_COLUMNS)
    q, a = q.loc[both], a.loc[both]
    a_means = means[a["code"].to_numpy()]
    out = pd.DataFrame({
        "transcript_id": [i[0] for i in both],
        "exchange": [i[1] for i in both],
        "date": q["date"].to_numpy(),
        "questioner": q["speakers"].to_numpy(),
        "answerer": a["speakers"].to_numpy(),
        "question_topic": q["topic"].to_numpy(),
        "answer_topic": a["topic"].to_numpy(),
        "question_weight": q["weight"].to_numpy(),
        "answer_weight": a["weight"].to_numpy(),
        "answer_on_question_topic": a_means[np.arange(len(both)), q["topic"].to_numpy() - 1],
        "n_question_units": q["n"].to_numpy(),
        "n_answer_units": a["n"].to_numpy(),
    })
    out["same_topic"] = out["question_topic"] == out["answer_topic"]
    out["exchange"] = out["exchange"].astype("Int64")
    return out[_QA_COLUMNS]


def question_answer_matrix(qa: pd.DataFrame, *, k: int | None = None) -> pd.DataFrame:
    """Counts of question topic x answer topic, with row shares.

    Parameters
    ----------
    qa : pandas.DataFrame
        From :func:`question_answer_topics`.
    k : int or None, default=None
        Number of topics, so that empty rows and columns appear; None uses the largest
        topic number in ``qa``.

    Returns
    -------
    pandas.DataFrame
        One row per (question topic, answer topic) pair, every pair included, by
        ``question_topic`` then ``answer_topic``: ``question_topic``, ``answer_topic``,
        ``n`` (exchanges), ``n_question_topic`` (exchanges whose question has that topic),
        ``share`` (``n / n_question_topic``: where answers to that topic's questions go).

    Examples
    --------
    >>> qa = pd.DataFrame({"question_topic": [1, 1, 2], "answer_topic": [1, 2, 2]})
    >>> question_answer_matrix(qa)[["question_topic", "answer_topic", "n", "share"]].to_dict("list")
    {'question_topic': [1, 1, 2, 2], 'answer_topic': [1, 2, 1, 2], 'n': [1, 1, 0, 1], 'share': [0.5, 0.5, 0.0, 1.0]}
    """
    caller = "question_answer_matrix"
    check_type("qa", qa, pd.DataFrame, caller=caller)
    check_columns(qa, ("question_topic", "answer_topic"), caller=caller, name="qa")
    cols = ["question_topic", "answer_topic", "n", "n_question_topic", "share"]
    if qa.empty and k is None:
        return pd.DataFrame(columns=cols)
    kk = int(k if k is not None else max(qa["question_topic"].max(), qa["answer_topic"].max()))
    m = np.zeros((kk, kk))
    np.add.at(m, (qa["question_topic"].to_numpy(dtype=int) - 1, qa["answer_topic"].to_numpy(dtype=int) - 1), 1)
    rows = m.sum(axis=1)
    return pd.DataFrame({
        "question_topic": np.repeat(np.arange(1, kk + 1), kk),
        "answer_topic": np.tile(np.arange(1, kk + 1), kk),
        "n": m.ravel().astype("int64"),
        "n_question_topic": np.repeat(rows, kk).astype("int64"),
        "share": np.divide(m, rows[:, None], out=np.zeros_like(m), where=rows[:, None] > 0).ravel(),
    })


def answer_topic_agreement(qa: pd.DataFrame, *, by: GroupBy | None = None) -> pd.DataFrame:
    """How often the answer stays on the question's topic, against chance.

    Parameters
    ----------
    qa : pandas.DataFrame
        From :func:`question_answer_topics`.
    by : str, list of str or None, default=None
        Group by ``qa`` columns (e.g. ``"answerer"``); None for one row overall.

    Returns
    -------
    pandas.DataFrame
        One row per group (by ``n_exchanges`` descending, then group): the ``by`` columns,
        ``n_exchanges``, ``n_same``, ``share_same``, ``expected_same`` (chance agreement
        from the group's own margins), ``kappa`` (Cohen's kappa; NaN when chance agreement
        is 1), ``mean_answer_on_question_topic``.

    Raises
    ------
    EmptyResultError
        ``qa`` has no row.

    References
    ----------
    Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and
    Psychological Measurement, 20(1), 37-46.

    Examples
    --------
    >>> qa = pd.DataFrame({"question_topic": [1, 1, 2, 2], "answer_topic": [1, 1, 2, 1],
    ...                    "answer_on_question_topic": [0.9, 0.8, 0.6, 0.3]})
    >>> answer_topic_agreement(qa)[["n_exchanges", "n_same", "share_same", "expected_same", "kappa"]].values.tolist()
    [[4.0, 3.0, 0.75, 0.5, 0.5]]
    """
    caller = "answer_topic_agreement"
    check_type("qa", qa, pd.DataFrame, caller=caller)
    cols = by_list(by)
    check_columns(qa, ("question_topic", "answer_topic", "answer_on_question_topic", *cols), caller=caller, name="qa")
    if qa.empty:
        raise EmptyResultError(f"{caller}(): no exchange has both a question and an answer unit; "
                               "check the units' exchange and role columns.")
    groups = qa.groupby(cols, sort=True, dropna=False) if cols else [((), qa)]
    rows = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        qt, at = g["question_topic"].to_numpy(dtype=int), g["answer_topic"].to_numpy(dtype=int)
        n = len(g)
        same = int((qt == at).sum())
        labels = np.union1d(qt, at)
        pq = np.array([(qt == t).mean() for t in labels])
        pa = np.array([(at == t).mean() for t in labels])
        expected = float((pq * pa).sum())
        kappa = float(cohen_kappa_score(qt, at)) if expected < 1 else float("nan")
        rows.append((*key, n, same, same / n, expected, kappa, float(g["answer_on_question_topic"].mean())))
    out = pd.DataFrame(rows, columns=[*cols, "n_exchanges", "n_same", "share_same", "expected_same", "kappa",
                                      "mean_answer_on_question_topic"])
    return out.sort_values(["n_exchanges", *cols], ascending=[False, *[True] * len(cols)], ignore_index=True)
