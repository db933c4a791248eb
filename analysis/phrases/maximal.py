"""Maximal recurring phrases: the longest word sequences that recur, and the shorter ones that
also recur on their own."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .._progress import resolve as resolve_progress
from .._validation import check_interval
from ..turns import as_turns
from ..types import TurnsLike
from ._common import candidate_rule, check_bool, check_max_length, codes_of, empty_frame, sort_order
from ._extend import frequent_levels, maximal_phrases
from ._kernels import distinct_units
from ._stream import StopWords, check_stop_options, frame_stream

__all__ = ["recurring_phrases"]

_COLUMNS = ["phrase", "n", "count", "independent", "n_turns", "n_transcripts"]


def recurring_phrases(
    turns: TurnsLike,
    *,
    min_count: int = 3,
    min_length: int = 2,
    max_length: int | None = None,
    stop_words: StopWords = "function",
    stop_rule: str = "edges",
    lowercase: bool = True,
    expand_contractions: bool = False,
    progress: bool | float | None = None,
    engine: str = "local",
    n_jobs: int = -1,
    partitions: int | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """Maximal recurring phrases: the longest sequences recurring at least ``min_count`` times.

    A shorter phrase inside a listed one is listed only if it also recurs *on its own*: its
    independent occurrences (those not inside an occurrence of a longer listed phrase) must
    reach ``min_count`` too. Phrases never cross a sentence or turn boundary.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``; ``transcript_id`` is used for ``n_transcripts`` when present.
    min_count : int, default=3
        Minimum number of independent occurrences.
    min_length : int, default=2
        Shortest phrase (tokens) to list.
    max_length : int or None, default=None
        Longest phrase to look for; None follows repeats as far as they go.
    stop_words : bool, "function" or collection of str, default="function"
        Stop list for ``stop_rule``: "function" is :data:`analysis.phrases.FUNCTION_WORDS`
        (articles, prepositions, conjunctions, auxiliaries...); True the full
        :func:`analysis.text.stop_words`; False none.
    stop_rule : {"edges", "all", "none"}, default="edges"
        "edges": a phrase may not start or end with a stop word (so "china and" is not a
        phrase, "peace and stability" and "self-governance of the party" are); "all": drop
        only phrases made of stop words; "none". A phrase the rule drops is not listed and
        does not hide its sub-phrases.
    lowercase, expand_contractions : bool, default=True, False
        Token normalization (see :mod:`analysis.phrases`).
    progress : bool, float or None, default=None
        Show a progress bar while tokenizing (large corpora).
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).
    engine : {"local", "dask"}, default="local"
        Where the work runs. "local": this machine; the text layer (tokens and sentences) of
        a large corpus is built on ``n_jobs`` processes and the phrases are mined here in
        compiled loops. "dask": each partition's tokens stay on a Dask worker and the phrases
        are mined by distributed Apriori, so only n-gram counts travel (see
        :mod:`analysis.scale.phrases`), on ``client``, the active ``distributed.Client``, or
        a new in-process one closed at the end. The table is the same (tested).
    n_jobs : int, default=-1
        Processes for the local engine's text layer: -1 for every core, 1 for this process.
    partitions : int or None, default=None
        For ``engine="dask"``: the number of partitions (whole transcripts each); None: two
        per Dask thread.
    client : distributed.Client, optional
        For ``engine="dask"``, e.g. ``Client("tcp://scheduler:8786")``.

    Returns
    -------
    pandas.DataFrame
        One row per phrase, by ``independent`` descending, then ``n`` descending, then
        ``phrase`` (its words space-separated; ties in that order). Columns: ``phrase`` (as
        its language writes it: a Chinese phrase without spaces between its words, see
        :func:`~analysis.phrases.formulae`), ``n`` (tokens), ``count`` (all occurrences, also
        those inside longer phrases), ``independent`` (occurrences not inside a longer
        listed phrase), ``n_turns``, ``n_transcripts`` (distinct ``transcript_id``; equal to
        ``n_turns`` when the frame has no such column).

    Raises
    ------
    ValueError
        ``min_count < 2``, ``min_length < 1``, ``max_length < min_length``, a bad stop option.

    See Also
    --------
    ngram_counts : every n-gram of given lengths.
    formulae : phrases recurring across transcripts and speakers, with spread statistics.

    Notes
    -----
    Candidates are found by n-gram extension with Apriori pruning on integer token ids (an
    (n+1)-gram is counted only where its n-token prefix and suffix are frequent), then
    listed longest first; an occurrence ``[p, p + n)`` is inside a listed occurrence
    ``[q, e)`` iff ``max{e : q <= p} >= p + n`` (a running maximum over positions). Time
    and memory grow with the number of recurring occurrences, not with pairs of positions.
    With ``stop_rule="none"``, a listed phrase inside no longer listed phrase is a maximal
    repeat in the suffix-tree sense (Gusfield 1997; no extension keeps all its
    occurrences), restricted to sentences; a shorter phrase is listed only while enough of
    its occurrences lie outside the longer ones.

    References
    ----------
    Agrawal, R. & Srikant, R. (1994). Fast algorithms for mining association rules. VLDB.
    Gusfield, D. (1997). Algorithms on Strings, Trees and Sequences, section 7.12 (maximal
    repeats). Cambridge University Press.

    Examples
    --------
    >>> turns = pd.DataFrame({"text": ["We oppose it firmly. We oppose it firmly. We oppose war."]})
    >>> recurring_phrases(turns, min_count=2, stop_rule="none")[["phrase", "count", "independent"]].values.tolist()
    [['we oppose it firmly', 2, 2]]
    >>> recurring_phrases(turns, min_count=3, stop_rule="none")["phrase"].tolist()
    ['we oppose']
    """
    caller = "recurring_phrases"
    check_interval("min_count", min_count, low=2, caller=caller, integer=True)
    check_interval("min_length", min_length, low=1, caller=caller, integer=True)
    check_max_length(caller, max_length, min_length)
    check_stop_options(caller, stop_words, stop_rule)
    check_bool(caller, lowercase=lowercase, expand_contractions=expand_contractions)
    progress = resolve_progress(progress, caller=caller)
    from ..scale._engine import check_core_engine  # (the scale package imports this module)

    check_core_engine(caller, engine, n_jobs, partitions)
    frame = as_turns(turns, caller=caller)
    if frame.empty:
        return empty_frame(frame, [], _COLUMNS)
    if engine == "dask":
        from ..scale.phrases import mine_on_dask

        out = mine_on_dask(frame, client=client, partitions=partitions, min_count=min_count, min_length=min_length,
                           max_length=max_length, stop_words=stop_words, stop_rule=stop_rule, lowercase=lowercase,
                           expand_contractions=expand_contractions)
        return _written(out) if len(out) else empty_frame(frame, [], _COLUMNS)
    stream = frame_stream(frame, lowercase=lowercase, expand_contractions=expand_contractions,
                          progress=progress, n_jobs=n_jobs)
    supports = [(None, min_count)]
    levels = frequent_levels(stream, supports=supports, max_length=max_length, keep_from=min_length)
    listed = maximal_phrases(stream, levels, supports=supports, min_length=min_length,
                             candidate=candidate_rule(stream, stop_words, stop_rule), consume=True)
    return _written(phrase_table(frame, stream, listed))


def _written(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with each phrase as its language writes it (:func:`._variants.written_form`:
    Chinese words joined without spaces; the table itself when no phrase holds a Han character)."""
    from ..languages import has_han
    from ._variants import written_form

    phrases = table["phrase"].tolist()
    if not any(map(has_han, phrases)):
        return table
    return table.assign(phrase=[written_form(p) for p in phrases])


def phrase_table(frame: pd.DataFrame, stream, listed) -> pd.DataFrame:
    """The documented table of :func:`recurring_phrases` from a :class:`Listed`."""
    k = len(listed.n)
    if not k:
        return empty_frame(frame, [], _COLUMNS)
    rows = stream.row[listed.pos].astype(np.int64)
    counts = np.bincount(listed.phrase, minlength=k)
    independent = np.bincount(listed.phrase, weights=listed.independent, minlength=k).astype(np.int64)
    n_turns = distinct_units(listed.phrase, rows, k)  # every phrase 0..k-1 has occurrences
    if "transcript_id" in frame:
        tcodes = codes_of(frame["transcript_id"])[rows]
        n_transcripts = distinct_units(listed.phrase, tcodes, k)
    else:
        n_transcripts = n_turns
    phrase = np.empty(k, dtype=object)
    phrase[:] = stream.texts_of(listed.first, listed.n)
    n = listed.n.astype(np.int64)
    order = sort_order((independent, False), (n, False), (phrase, True))
    return pd.DataFrame({
        "phrase": phrase[order],
        "n": n[order],
        "count": counts.astype(np.int64)[order],
        "independent": independent[order],
        "n_turns": n_turns.astype(np.int64)[order],
        "n_transcripts": n_transcripts.astype(np.int64)[order],
    })
