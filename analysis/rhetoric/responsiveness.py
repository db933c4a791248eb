"""Question-answer responsiveness: does an answer take up its question?

For each question and the turns that answer it (``answers_turn``), on content lemmas
(lower-cased lemmas of word tokens, stop words and tokens without letters removed):

* ``uptake`` = |Q ∩ A| / |Q|: the share of the question's distinct content lemmas that the
  answer uses (Q, A: the sets of content lemmas of question and answer);
* ``similarity``: cosine of the question's and the answer's TF-IDF vectors, the IDF fitted on
  every question and answer of the input (Salton & Buckley 1988; scikit-learn's
  ``TfidfVectorizer`` with sublinear tf);
* ``baseline_similarity``: the answer's mean cosine with the *other* questions of the same
  transcript, what an unrelated question-answer pair looks like on that day;
* ``off_topic``: the answer turns to a different subject: ``similarity < min_similarity``
  and ``uptake < min_uptake``, judged only for answers of ``min_answer_words`` words or more
  (``judged``): a shorter answer is mostly a hand-over or a thank-you ("Jon, go ahead.",
  "Thank you. Kaitlan."), too few words for a lexical measure to say what it is about.

The measures are lexical: an answer that paraphrases ("the Korean Peninsula" for "the
DPRK") looks less responsive than it is, and a non-answer that repeats the question's words
("I have no information about the report you mentioned") looks responsive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from .._validation import check_columns, check_interval, check_type
from ..overview import one_spelling_per_speaker
from ..periods import period_start
from ..text import stop_words, tokenize_texts
from ..types import GroupBy, TurnsLike
from ._common import by_list, turn_frame

__all__ = ["responsiveness", "responsiveness_summary"]

RESPONSIVENESS_COLUMNS = ("transcript_id", "date", "question_turn", "questioner", "answerer", "question_words",
                          "answer_words", "n_question_terms", "n_shared_terms", "uptake", "similarity",
                          "baseline_similarity", "judged", "off_topic")
SUMMARY_COLUMNS = ("n_questions", "n_judged", "mean_uptake", "median_uptake", "mean_similarity", "median_similarity",
                   "mean_baseline_similarity", "share_off_topic")


def _content(texts: list[str]) -> list[list[str]]:
    stops = stop_words()
    return [[t for t in toks if t not in stops and any(ch.isalpha() for ch in t)]
            for toks in tokenize_texts(texts, lemmas=True)]


def _identity(x):
    return x


def responsiveness(turns: TurnsLike, *, question_roles: tuple[str, ...] = ("questioner",),
                   min_similarity: float = 0.1, min_uptake: float = 0.2,
                   min_answer_words: int = 10) -> pd.DataFrame:
    """How much each answer takes up its question, one row per answered question.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id``, ``turn_index``, ``role``, ``speaker`` and
        ``answers_turn`` (the ``turn_index`` of the question an answer answers); ``date``
        and ``n_words`` are used when present.
    question_roles : tuple of str, default=("questioner",)
        Roles whose turns are questions.
    min_similarity : float, default=0.1
        Cosine below which (together with ``min_uptake``) an answer is ``off_topic``.
    min_uptake : float, default=0.2
        Uptake below which (together with ``min_similarity``) an answer is ``off_topic``.
    min_answer_words : int, default=10
        Answers shorter than this (all answering turns' words together) are not judged off
        topic (``judged`` False, ``off_topic`` False); their uptake and similarity are kept.

    Returns
    -------
    pandas.DataFrame
        One row per question that has an answer, by date, transcript, question turn:
        ``transcript_id``, ``date``, ``question_turn``, ``questioner``, ``answerer``
        (answering speakers joined by "; "; each under the most frequent spelling of its
        ``speaker_key`` when the turns have one), ``question_words``, ``answer_words``,
        ``n_question_terms`` (|Q|), ``n_shared_terms`` (|Q ∩ A|), ``uptake`` (NaN when
        the question has no content word), ``similarity``, ``baseline_similarity`` (NaN
        when the transcript has one question), ``judged`` (bool: the answer has
        ``min_answer_words`` words or more), ``off_topic`` (bool, False when not judged).

    Raises
    ------
    ValueError
        A missing column, or thresholds outside [0, 1].

    Notes
    -----
    uptake = |Q ∩ A| / |Q|; similarity = cos(tfidf(Q), tfidf(A)); see the module notes.

    References
    ----------
    Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval.
    Information Processing & Management, 24(5), 513-523.

    Examples
    --------
    >>> t = pd.DataFrame({"transcript_id": "a", "turn_index": [0, 1, 2, 3],
    ...     "role": ["questioner", "official", "questioner", "official"], "speaker": ["J", "H", "J", "H"],
    ...     "answers_turn": pd.array([None, 0, None, 2], dtype="Int64"),
    ...     "text": ["Will tariffs on soybeans rise?", "Tariffs on soybeans will not rise.",
    ...              "Is the panda healthy?", "We oppose interference in our internal affairs."]})
    >>> responsiveness(t, min_answer_words=5)[["question_turn", "uptake", "judged", "off_topic"]].values.tolist()
    [[0, 1.0, True, False], [2, 0.0, True, True]]
    >>> responsiveness(t)[["question_turn", "judged", "off_topic"]].values.tolist()  # answers of 6 and 7 words
    [[0, False, False], [2, False, False]]
    """
    caller = "responsiveness"
    check_interval("min_similarity", min_similarity, low=0, high=1, caller=caller)
    check_interval("min_uptake", min_uptake, low=0, high=1, caller=caller)
    check_interval("min_answer_words", min_answer_words, low=0, caller=caller, integer=True)
    check_type("question_roles", question_roles, (tuple, list), caller=caller)
    frame = turn_frame(turns, caller=caller, extra=("transcript_id", "turn_index", "role", "answers_turn"))
    if "speaker_key" in frame:  # one person, one name: "THE President" under "THE PRESIDENT"
        frame["speaker"] = one_spelling_per_speaker(frame)
    if "date" not in frame:
        frame["date"] = pd.NaT
    qs = frame[frame["role"].isin(question_roles)]
    ans = frame[frame["answers_turn"].notna()]
    if len(ans):
        ans = ans.assign(answers_turn=ans["answers_turn"].astype("int64"))
        a = ans.groupby(["transcript_id", "answers_turn"], sort=False).agg(
            answer_text=("text", lambda s: "\n\n".join(s)),
            answerer=("speaker", lambda s: "; ".join(dict.fromkeys(s))),
            answer_words=("n_words", "sum")).reset_index()
    else:
        a = pd.DataFrame(columns=["transcript_id", "answers_turn", "answer_text", "answerer", "answer_words"])
    pairs = qs[["transcript_id", "date", "turn_index", "speaker", "n_words", "text"]].rename(columns={
        "turn_index": "question_turn", "speaker": "questioner", "n_words": "question_words", "text": "question_text"})
    pairs = pairs.astype({"question_turn": "int64"}).merge(
        a, left_on=["transcript_id", "question_turn"], right_on=["transcript_id", "answers_turn"], how="inner")
    if pairs.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in RESPONSIVENESS_COLUMNS})
        return out.astype({"judged": bool, "off_topic": bool})
    pairs = pairs.sort_values(["date", "transcript_id", "question_turn"], ignore_index=True, na_position="last")
    q_terms = _content(pairs["question_text"].tolist())
    a_terms = _content(pairs["answer_text"].tolist())
    q_sets = [set(x) for x in q_terms]
    shared = np.array([len(q & set(a)) for q, a in zip(q_sets, a_terms)], dtype="int64")
    n_q = np.array([len(q) for q in q_sets], dtype="int64")
    base = np.full(len(pairs), np.nan)
    if any(q_terms) or any(a_terms):
        vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True)
        mat = vec.fit_transform(q_terms + a_terms)
        qm, am = mat[:len(pairs)], mat[len(pairs):]
        sim = np.asarray(qm.multiply(am).sum(axis=1)).ravel()
        for _, idx in pairs.groupby("transcript_id", sort=False).indices.items():
            if len(idx) < 2:
                continue
            s = (am[idx] @ qm[idx].T).toarray()
            base[idx] = (s.sum(axis=1) - np.diag(s)) / (len(idx) - 1)
    else:  # no content word in any question or answer: nothing in common
        sim = np.zeros(len(pairs))
    pairs["n_question_terms"] = n_q
    pairs["n_shared_terms"] = shared
    pairs["uptake"] = np.where(n_q > 0, shared / np.maximum(n_q, 1), np.nan)
    pairs["similarity"] = sim
    pairs["baseline_similarity"] = base
    pairs["judged"] = pairs["answer_words"].to_numpy() >= min_answer_words
    pairs["off_topic"] = ((pairs["similarity"] < min_similarity) & (pairs["uptake"].fillna(0) < min_uptake)
                          & pairs["judged"])
    return pairs[list(RESPONSIVENESS_COLUMNS)]


def responsiveness_summary(responses: pd.DataFrame, *, by: GroupBy = "answerer",
                           freq: str | None = None) -> pd.DataFrame:
    """Responsiveness by speaker, questioner, period...: means, medians, share off topic.

    Parameters
    ----------
    responses : pandas.DataFrame
        From :func:`responsiveness`.
    by : str or list of str, default="answerer"
        Grouping columns of ``responses``; may be ``[]`` with ``freq`` for a time series.
    freq : str or None, default=None
        A pandas period alias (``"M"``, ``"Q"``, ``"Y"``): add a ``period`` column (the
        period's start date) and group by it too. Undated questions are left out.

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by the group columns (then ``period``): the group
        columns, ``period`` (with ``freq``), ``n_questions``, ``n_judged`` (answers long
        enough to judge: ``judged``; all of them when ``responses`` has no such column),
        ``mean_uptake``, ``median_uptake``, ``mean_similarity``, ``median_similarity``,
        ``mean_baseline_similarity``, ``share_off_topic`` (of the judged answers; NaN with
        none).

    Examples
    --------
    >>> r = pd.DataFrame({"answerer": ["H", "H", "L"], "uptake": [1.0, 0.0, 0.5],
    ...                   "similarity": [0.8, 0.0, 0.4], "baseline_similarity": [0.1, 0.1, None],
    ...                   "off_topic": [False, True, False]})
    >>> responsiveness_summary(r)[["answerer", "n_questions", "mean_uptake", "share_off_topic"]].values.tolist()
    [['H', 2, 0.5, 0.5], ['L', 1, 0.5, 0.0]]
    >>> responsiveness_summary(r.assign(judged=[False, True, True]))["share_off_topic"].tolist()
    [1.0, 0.0]
    """
    check_type("responses", responses, pd.DataFrame, caller="responsiveness_summary")
    keys = by_list(by)
    check_columns(responses, (*keys, "uptake", "similarity", "off_topic"), caller="responsiveness_summary",
                  name="responses")
    frame = responses.copy()
    if freq is not None:
        check_type("freq", freq, str, caller="responsiveness_summary")
        frame = frame.dropna(subset=["date"]) if "date" in frame else frame.iloc[0:0]
        frame["period"] = period_start(frame["date"], freq) if len(frame) else \
            pd.Series(dtype="datetime64[ns]")
        keys = [*keys, "period"]
    if "baseline_similarity" not in frame:
        frame["baseline_similarity"] = np.nan
    frame["_judged"] = frame["judged"].astype(bool) if "judged" in frame else True
    frame["_off"] = frame["off_topic"].astype(bool) & frame["_judged"]
    if not keys:
        frame["_all"] = "all"
        keys_g = ["_all"]
    else:
        keys_g = keys
    out = frame.groupby(keys_g, dropna=False, sort=True).agg(
        n_questions=("similarity", "size"), mean_uptake=("uptake", "mean"), median_uptake=("uptake", "median"),
        mean_similarity=("similarity", "mean"), median_similarity=("similarity", "median"),
        mean_baseline_similarity=("baseline_similarity", "mean"),
        n_judged=("_judged", "sum"), n_off=("_off", "sum")).reset_index()
    out["n_questions"] = out["n_questions"].astype("int64")
    out["n_judged"] = out["n_judged"].astype("int64")
    out["share_off_topic"] = (out["n_off"] / out["n_judged"].where(out["n_judged"] > 0)).astype(float)
    return out[[*keys, *SUMMARY_COLUMNS]].sort_values(keys or ["n_questions"], ignore_index=True, kind="mergesort")
