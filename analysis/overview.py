"""Corpus overview: who speaks how much, how long transcripts and exchanges are.

Every function takes a :class:`~analysis.corpus.Corpus` or its turns DataFrame and returns
a tidy DataFrame.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .parsers.roles import ROLES, is_group_label, is_moderator_label, label_role_word
from .parsers.speakers import UNKNOWN
from .turns import as_turns
from .types import GroupBy, TurnsLike, by_list

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = ["words_by", "corpus_summary", "SUMMARY_COLUMNS", "transcript_lengths", "exchange_lengths",
           "one_spelling_per_speaker", "speaker_kinds", "speaker_kind_of"]

#: Columns of :func:`corpus_summary`.
SUMMARY_COLUMNS = ("section", "name", "n_files", "n_transcripts", "n_turns", "n_words", "share", "n_speakers",
                   "detail")


def one_spelling_per_speaker(turns: TurnsLike) -> pd.Series:
    """The ``speaker`` column with every spelling of one speaker replaced by its usual one.

    Turns share a speaker when they share a ``speaker_key`` (the normalized name: "DR. FAUCI"
    and "MR. FAUCI" are both ``fauci``). Each key is shown under its most frequent spelling
    (most turns; on a tie, the first in sorted order), so a table by speaker has one row per
    person. Turns without a key (``speaker_key`` missing, empty or absent) keep their spelling.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``speaker``; ``speaker_key`` when present.

    Returns
    -------
    pandas.Series
        One spelling per turn, on the index of ``turns``, named ``speaker``.

    Examples
    --------
    >>> t = pd.DataFrame({"speaker": ["DR. FAUCI", "MR. FAUCI", "DR. FAUCI", "DR. BIRX"],
    ...                   "speaker_key": ["fauci", "fauci", "fauci", "birx"]})
    >>> one_spelling_per_speaker(t).tolist()
    ['DR. FAUCI', 'DR. FAUCI', 'DR. FAUCI', 'DR. BIRX']
    """
    frame = as_turns(turns, caller="one_spelling_per_speaker", columns=("speaker",))
    speaker = frame["speaker"]
    if "speaker_key" not in frame.columns:
        return speaker.rename("speaker")
    key = frame["speaker_key"]
    keyed = key.notna() & (key.astype(str) != "")
    counts = (pd.DataFrame({"key": key[keyed], "speaker": speaker[keyed].astype(str)})
              .value_counts().rename("n").reset_index()
              .sort_values(["key", "n", "speaker"], ascending=[True, False, True]))
    usual = counts.drop_duplicates("key").set_index("key")["speaker"]
    return speaker.mask(keyed, key.map(usual)).rename("speaker")


def words_by(turns: TurnsLike, by: GroupBy = "role") -> pd.DataFrame:
    """Words and turns per group.

    A group by ``speaker`` is a person: the spellings of one ``speaker_key`` ("DR. FAUCI",
    "MR. FAUCI") make one row, labelled with the most frequent spelling
    (:func:`one_spelling_per_speaker`).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``n_words`` and the ``by`` columns; ``speaker_key`` is used when ``by`` holds
        ``"speaker"`` and the column is present.
    by : str or list of str, default="role"
        Any turns column(s): ``"speaker"``, ``["transcript_id", "role"]``...

    Returns
    -------
    pandas.DataFrame
        One row per group, by ``n_words`` descending then group: the ``by`` columns,
        ``speaker_kind`` when ``by`` holds ``"speaker"`` (``"person"``, or ``"pooled"`` /
        ``"outlet"`` for a row that is not one person: :func:`speaker_kinds`), ``n_turns``,
        ``n_words``, ``share`` (of all words), ``mean_words_per_turn``,
        ``median_words_per_turn``, ``n_transcripts``.

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["official", "questioner", "official"],
    ...                   "n_words": [100, 20, 50], "transcript_id": ["a", "a", "b"], "text": ["", "", ""]})
    >>> words_by(t)[["role", "n_words", "share"]].values.tolist()
    [['official', 150, 0.8823529411764706], ['questioner', 20, 0.11764705882352941]]
    """
    cols = by_list(by)
    frame = as_turns(turns, caller="words_by", columns=("n_words", "transcript_id", *cols))
    if "speaker" in cols:
        frame = frame.assign(speaker=one_spelling_per_speaker(frame))
    g = frame.groupby(cols, dropna=False, sort=True)
    out = g.agg(
        n_turns=("n_words", "size"),
        n_words=("n_words", "sum"),
        mean_words_per_turn=("n_words", "mean"),
        median_words_per_turn=("n_words", "median"),
        n_transcripts=("transcript_id", "nunique"),
    ).reset_index()
    total = out["n_words"].sum()
    out["share"] = out["n_words"] / total if total else 0.0
    out = out[[*cols, "n_turns", "n_words", "share", "mean_words_per_turn", "median_words_per_turn", "n_transcripts"]]
    if "speaker" in cols:  # which rows are not one person
        out.insert(len(cols), "speaker_kind", speaker_kind_of(out["speaker"], frame))
    return out.sort_values(["n_words", *cols], ascending=[False, *[True] * len(cols)], ignore_index=True)


def speaker_kinds(turns: pd.DataFrame) -> pd.Series:
    """Which speakers of ``turns`` are not one person, from the ``speaker`` column and, when
    present, the ``role`` and ``outlet`` columns.

    * ``"outlet"``: every turn of the speaker names a media outlet (``outlet``) and the
      speaker is that outlet (or is named after it, "Reuters记者"): the row holds whoever asked
      for the outlet, one reporter or several.
    * ``"pooled"``: the speaker is a role, not a person: its name is a role value of the
      ``role`` column (``official``...) or a role label the transcripts use for unnamed
      speakers ("Journalist", "Q", "Reporter", "Moderator", "记者"; see
      :func:`analysis.parsers.roles.label_role_word`), a label naming several people speaking
      together ("Hon. Members", "Several hon. Members", "Audience"; see
      :func:`analysis.parsers.roles.is_group_label`), the reader's placeholder for text
      under no speaker label (``"Unknown speaker"``), or empty. The row pools every speaker
      the transcripts left unnamed.

    Returns
    -------
    pandas.Series
        ``"outlet"`` or ``"pooled"`` by speaker, for those speakers only (sorted by speaker).

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["Journalist", "Study Times", "Lu Kang", "Journalist"],
    ...                       "role": ["questioner", "questioner", "official", "questioner"],
    ...                       "outlet": [None, "Study Times", None, None]})
    >>> speaker_kinds(turns).to_dict()
    {'Journalist': 'pooled', 'Study Times': 'outlet'}
    """
    outlet = turns["outlet"] if "outlet" in turns else pd.Series(None, index=turns.index, dtype="object")
    named_by_outlet = [isinstance(o, str) and bool(o.strip()) and o.strip() in str(s)
                       for s, o in zip(turns["speaker"], outlet)]
    by_outlet = pd.Series(named_by_outlet, index=turns.index).groupby(turns["speaker"]).all()
    used = turns["role"].dropna().unique() if "role" in turns else ()
    roles = {r.casefold() for r in ROLES} | {str(r).casefold() for r in used}

    def pooled(name: str) -> bool:
        name = " ".join(str(name).split())
        return (not name or name == UNKNOWN or name.casefold() in roles or label_role_word(name) is not None
                or is_moderator_label(name) or is_group_label(name))

    kinds = {s: "outlet" if by_outlet[s] else "pooled" for s in sorted(by_outlet.index, key=str)
             if by_outlet[s] or pooled(s)}
    return pd.Series(kinds, dtype="object").rename_axis("speaker").rename("kind")


def speaker_kind_of(speakers: pd.Series, turns: pd.DataFrame) -> pd.Series:
    """The kind of each speaker of ``speakers``, as ``turns`` spells them: ``"outlet"`` or
    ``"pooled"`` for the speakers :func:`speaker_kinds` names, ``"person"`` for the others.

    Parameters
    ----------
    speakers : pandas.Series
        Speaker names, e.g. the ``speaker`` column of a table by speaker.
    turns : pandas.DataFrame
        The turns the table was made from, speakers spelt as in ``speakers``; needs
        ``speaker``, and ``role`` and ``outlet`` when present.

    Returns
    -------
    pandas.Series
        On the index of ``speakers``, named ``speaker_kind``.

    Examples
    --------
    >>> turns = pd.DataFrame({"speaker": ["Journalist", "Lu Kang"], "role": ["questioner", "official"]})
    >>> speaker_kind_of(pd.Series(["Lu Kang", "Journalist"]), turns).tolist()
    ['person', 'pooled']
    """
    return speakers.map(speaker_kinds(turns)).fillna("person").astype(object).rename("speaker_kind")


def corpus_summary(corpus: Corpus, *, turns: pd.DataFrame | None = None, max_names: int = 5) -> pd.DataFrame:
    """What a corpus holds, first: one row per part of its turns, in sections.

    Every row counts the same measures on one part of the turns: the whole corpus and its
    dated and undated transcripts (section ``corpus``); the turns of persons, of pooled
    labels and of outlets (``speakers``, :func:`speaker_kinds`); each role (``role``, as
    :func:`words_by` by role); each layout the loader read (``layout``, the ``format`` of
    :meth:`~analysis.corpus.Corpus.layouts`); and each kind of note of the loader
    (``note``: :meth:`~analysis.corpus.Corpus.notes`, such as ``skipped`` for files that are
    not transcripts and ``no_speakers`` for files read as turns of no named speaker, and
    ``unreadable`` for the files :attr:`~analysis.corpus.Corpus.problems` names, which could
    not be parsed). Only parts holding turns get a row, except notes, which get one for each
    kind present.

    Parameters
    ----------
    corpus : Corpus
        From :func:`~analysis.corpus.load_corpus`: its layouts and notes are needed.
    turns : pandas.DataFrame or None, default=None
        A selection of ``corpus.turns()`` (e.g. a period or a role) to summarise instead of
        every turn; the layouts and the notes of transcripts are then those of the selected
        transcripts, and the notes about the folder (files skipped or unreadable) all stay.
    max_names : int, default=5
        Speakers named in the ``detail`` of a ``speakers`` row (most words first).

    Returns
    -------
    pandas.DataFrame
        One row per part, the sections in the order above; rows by ``n_words`` descending
        then ``name`` within ``speakers``, ``role`` and ``layout``, by ``name`` within
        ``note``. Columns: ``section``; ``name`` (``all``, ``dated``, ``undated``; ``person``,
        ``pooled``, ``outlet``; the role; the format; the kind of note); ``n_files`` (files
        holding the part's turns, or the files the notes are about); ``n_transcripts``,
        ``n_turns``, ``n_words``; ``share`` (of the words of all turns summarised);
        ``n_speakers`` (the spellings of one ``speaker_key`` counted once,
        :func:`one_spelling_per_speaker`); ``detail`` (the date range of ``dated``, the
        speakers of a ``speakers`` row; for a ``note`` row its first note, as the file's name, line
        and message, and how many more).

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus (a turns DataFrame has no layouts or notes).

    See Also
    --------
    words_by : words and turns by any grouping.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> summary = corpus_summary(load_corpus("tests/data/mini"))
    >>> summary.loc[summary["section"] == "speakers", ["name", "n_speakers", "n_words", "detail"]].values.tolist()
    [['person', 2, 1242, 'Geng Shuang; SPOKESPERSON LI'], ['pooled', 2, 454, 'Journalist; MODERATOR'],
     ['outlet', 2, 16, 'Jane Doe (Reuters); John Roe (Xinhua)']]
    """
    if not (hasattr(corpus, "layouts") and hasattr(corpus, "notes")):
        raise TypeError(f"corpus_summary(): corpus must be a Corpus (load_corpus); got {type(corpus).__name__}")
    if max_names < 1:
        raise ValueError(f"corpus_summary(): max_names must be 1 or more; got {max_names}")
    frame = as_turns(corpus if turns is None else turns, caller="corpus_summary",
                     columns=("transcript_id", "date", "speaker", "role", "n_words", "path"))
    frame = frame.assign(speaker=one_spelling_per_speaker(frame))
    total = int(frame["n_words"].sum())
    dated = frame["date"].notna()
    layouts = corpus.layouts()
    formats = frame["transcript_id"].map(dict(zip(layouts["transcript_id"], layouts["format"])))
    kinds = speaker_kind_of(frame["speaker"], frame)

    def part(section: str, name: str, rows: pd.Series | slice, detail: str = "", n_files: int | None = None) -> tuple:
        sub = frame[rows]
        words = int(sub["n_words"].sum())
        return (section, name, sub["path"].nunique() if n_files is None else n_files, sub["transcript_id"].nunique(),
                len(sub), words, words / total if total else 0.0, sub["speaker"].nunique(), detail)

    def parts(section: str, key: pd.Series, details: dict | None = None) -> list[tuple]:
        found = [part(section, str(name), key == name, (details or {}).get(name, "")) for name in key.dropna().unique()]
        return sorted(found, key=lambda r: (-r[5], r[1]))

    rows = [part("corpus", "all", slice(None))]
    if dated.any():
        span = frame.loc[dated, "date"]
        rows.append(part("corpus", "dated", dated, f"{span.min():%Y-%m-%d} to {span.max():%Y-%m-%d}"))
    if not dated.all():
        rows.append(part("corpus", "undated", ~dated))
    names = {}
    for kind in kinds.unique():
        words = frame.loc[kinds == kind].groupby("speaker")["n_words"].sum()
        ranked = sorted(words.items(), key=lambda x: (-x[1], str(x[0])))
        more = f"; ... ({len(ranked) - max_names} more)" if len(ranked) > max_names else ""
        names[kind] = "; ".join(str(s) for s, _ in ranked[:max_names]) + more
    rows += parts("speakers", kinds, names)
    rows += parts("role", frame["role"])
    rows += parts("layout", formats)
    notes = corpus.notes()
    selected = set(frame["transcript_id"])
    notes = notes[(notes["transcript_id"] == "") | notes["transcript_id"].isin(selected)]
    found = [(kind, list(zip(group["path"], group["line"], group["message"])), set(group["transcript_id"]) - {""})
             for kind, group in notes.groupby("kind", sort=True)]
    found += [("unreadable", [(None, None, p) for p in corpus.problems], set())] if corpus.problems else []
    for kind, said, ids in sorted(found, key=lambda x: x[0]):
        path, line, message = said[0]
        first = message if not path else f"{Path(path).name}{'' if pd.isna(line) else f':{line}'}: {message}"
        more = f" (and {len(said) - 1} more)" if len(said) > 1 else ""
        n_files = len({p for p, _, _ in said}) if path is not None else len(said)
        rows.append(part("note", kind, frame["transcript_id"].isin(ids), first + more, n_files=n_files))
    out = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))
    return out.astype({c: "int64" for c in ("n_files", "n_transcripts", "n_turns", "n_words", "n_speakers")})


def transcript_lengths(turns: TurnsLike) -> pd.DataFrame:
    """Words per transcript and role, one row per transcript.

    Returns
    -------
    pandas.DataFrame
        Columns: ``transcript_id``, ``date``, ``n_turns``, ``n_questions``, ``n_words``,
        then ``words_<role>`` for each role present; sorted by date then id.
    """
    frame = as_turns(turns, caller="transcript_lengths", columns=("transcript_id", "date", "role", "n_words"))
    base = frame.groupby("transcript_id", sort=True).agg(
        date=("date", "first"), n_turns=("n_words", "size"), n_words=("n_words", "sum"),
        n_questions=("role", lambda r: int((r == "questioner").sum())),
    )
    by_role = frame.pivot_table(index="transcript_id", columns="role", values="n_words", aggfunc="sum", fill_value=0)
    by_role.columns = [f"words_{c}" for c in by_role.columns]
    out = base.join(by_role).reset_index()
    out = out[["transcript_id", "date", "n_turns", "n_questions", "n_words", *by_role.columns]]
    return out.sort_values(["date", "transcript_id"], ignore_index=True, na_position="last")


def exchange_lengths(turns: TurnsLike) -> pd.DataFrame:
    """Question and answer lengths, one row per question (exchange).

    An exchange is a questioner's turn and the official turns that answer it
    (``answers_turn``).

    Returns
    -------
    pandas.DataFrame
        Columns: ``transcript_id``, ``date``, ``question_turn``, ``questioner``, ``outlet``,
        ``answerer`` (speakers joined by "; "), ``question_words``, ``answer_words``
        (0 when unanswered), ``ratio`` (answer / question words). Speakers are named by
        their most frequent spelling (:func:`one_spelling_per_speaker`), so one person
        answering in two turns under two spellings is named once.
    """
    frame = as_turns(turns, caller="exchange_lengths",
                     columns=("transcript_id", "date", "role", "n_words", "turn_index", "answers_turn", "speaker"))
    frame = frame.assign(speaker=one_spelling_per_speaker(frame))
    q = frame[frame["role"] == "questioner"]
    a = frame[frame["answers_turn"].notna()]
    ans = a.groupby(["transcript_id", "answers_turn"]).agg(
        answer_words=("n_words", "sum"),
        answerer=("speaker", lambda s: "; ".join(dict.fromkeys(s))),
    )
    out = q[["transcript_id", "date", "turn_index", "speaker", "n_words"]].rename(
        columns={"turn_index": "question_turn", "speaker": "questioner", "n_words": "question_words"})
    out["outlet"] = q["outlet"] if "outlet" in q else None
    out = out.merge(ans, left_on=["transcript_id", "question_turn"], right_index=True, how="left")
    out["answer_words"] = out["answer_words"].fillna(0).astype("int64")
    out["answerer"] = out["answerer"].fillna("")
    out["ratio"] = out["answer_words"] / out["question_words"].where(out["question_words"] > 0)
    cols = ["transcript_id", "date", "question_turn", "questioner", "outlet", "answerer",
            "question_words", "answer_words", "ratio"]
    return out[cols].sort_values(["date", "transcript_id", "question_turn"], ignore_index=True)
