"""Formulae: phrases that recur across transcripts and speakers, grouped with their variants,
with spread statistics; and every occurrence of given formulae."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_interval, check_type
from ..errors import EmptyResultError
from ..turns import as_turns
from ..types import GroupBy, TurnsLike
from ._common import candidate_rule, check_bool, check_max_length, codes_of
from ._extend import frequent_levels, maximal_phrases
from ._stream import Stream, StopWords, check_stop_options, frame_stream
from ._variants import variant_groups

__all__ = ["formulae", "formula_occurrences", "formula_use"]

OCCURRENCE_COLUMNS = ["formula", "transcript_id", "date", "speaker", "role", "turn_index", "start", "end", "text"]
_BASE_COLUMNS = ["formula", "n_words", "members", "variants", "n_variants", "count", "n_transcripts",
                 "n_speakers", "first_date", "last_date", "share_of_transcripts", "active_share", "per_10k",
                 "top_speaker"]


def _occurrences(frame: pd.DataFrame, stream: Stream, label: np.ndarray, pos: np.ndarray, end: np.ndarray,
                 names: Sequence[str]) -> pd.DataFrame:
    """Occurrence rows from stream spans ``[pos, end)`` labelled ``label`` (index into ``names``),
    overlapping spans of one label merged."""
    if not len(pos):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in OCCURRENCE_COLUMNS})
    order = np.lexsort((pos, label))
    label, pos, end = label[order], pos[order], end[order]
    # merge overlapping spans of the same label: a span opens a new occurrence unless it
    # starts before the running maximum end of the earlier spans of its label
    run_end = pd.Series(end).groupby(label).cummax().to_numpy()
    new = np.ones(len(pos), dtype=bool)
    new[1:] = (label[1:] != label[:-1]) | (pos[1:] >= run_end[:-1])
    group = np.cumsum(new) - 1
    starts = pos[new]
    ends = np.zeros(len(starts), dtype=np.int64)
    np.maximum.at(ends, group, end)
    label = label[new]
    rows = stream.row[starts].astype(np.int64)
    texts = frame["text"].fillna("").astype(str).to_numpy()
    c_start = np.zeros(len(starts), dtype=np.int64)
    c_end = np.zeros(len(starts), dtype=np.int64)
    by_row = pd.Series(np.arange(len(starts))).groupby(rows)
    for r, idx in by_row.indices.items():
        spans = stream.token_spans(r, texts[r])
        base = stream.row_start[r]
        c_start[idx] = spans[starts[idx] - base, 0]
        c_end[idx] = spans[ends[idx] - 1 - base, 1]
    surface = [" ".join(texts[r][s:e].split()) for r, s, e in zip(rows, c_start, c_end)]
    out = pd.DataFrame({"formula": np.asarray(names, dtype=object)[label]})
    for col in ("transcript_id", "date", "speaker", "role", "turn_index"):
        out[col] = frame[col].to_numpy()[rows] if col in frame else None
    out["start"] = c_start
    out["end"] = c_end
    out["text"] = surface
    out["_label"] = label
    return out


def _find(stream: Stream, phrase_ids: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Start positions of each token-id sequence (index of the sequence, position)."""
    ids = stream.ids
    order = np.argsort(ids, kind="stable")
    sorted_ids = ids[order]
    which, where = [], []
    for k, seq in enumerate(phrase_ids):
        if seq is None or not len(seq):
            continue
        lo, hi = np.searchsorted(sorted_ids, seq[0], "left"), np.searchsorted(sorted_ids, seq[0], "right")
        cand = order[lo:hi].astype(np.int64)
        cand = cand[cand + len(seq) <= stream.seg_end[cand]]
        for j in range(1, len(seq)):
            cand = cand[ids[cand + j] == seq[j]]
        which.append(np.full(len(cand), k, dtype=np.int64))
        where.append(cand)
    if not which:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(which), np.concatenate(where)


def _members_of(formulae: pd.DataFrame | Sequence[str], caller: str) -> tuple[list[str], list[list[str]]]:
    if isinstance(formulae, pd.DataFrame):
        if "formula" not in formulae:
            raise ValueError(f"{caller}(): formulae must be the frame from formulae() (with a 'formula' "
                             f"column) or a list of phrases; got columns {list(formulae.columns)}.")
        names = formulae["formula"].astype(str).tolist()
        members = ([list(m) for m in formulae["members"]] if "members" in formulae else [[f] for f in names])
        return names, members
    if isinstance(formulae, str):
        formulae = [formulae]
    check_type("formulae", formulae, (list, tuple, pd.Series, np.ndarray), caller=caller)
    names = [str(f) for f in formulae]
    return names, [[f] for f in names]


def formula_occurrences(
    turns: TurnsLike,
    formulae: pd.DataFrame | Sequence[str],
    *,
    lowercase: bool = True,
    expand_contractions: bool = True,
) -> pd.DataFrame:
    """Every occurrence of each formula (all its member wordings) in the turns.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``; ``transcript_id``, ``date``, ``speaker``, ``role`` and ``turn_index``
        are copied when present.
    formulae : pandas.DataFrame or sequence of str
        The frame from :func:`formulae` (its ``members`` are searched and reported under
        ``formula``), or phrases to look up, e.g. ``["with Comrade Xi Jinping at its core"]``.
    lowercase, expand_contractions : bool, default=True, True
        Matching normalization; keep the values :func:`formulae` used.

    Returns
    -------
    pandas.DataFrame
        One row per occurrence (overlapping occurrences of one formula merged), in the
        order of ``formulae``, then by position. Columns: ``formula``, ``transcript_id``,
        ``date``, ``speaker``, ``role``, ``turn_index``, ``start`` and ``end`` (character
        offsets in the turn's ``text``), ``text`` (the wording as spoken, spaces collapsed).

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b"], "speaker": ["X", "Y"],
    ...                       "text": ["I'm a Party member. I'll go first!", "I am a Party member!"]})
    >>> formula_occurrences(turns, ["I am a Party member"])[["transcript_id", "text"]].values.tolist()
    [['a', "I'm a Party member"], ['b', 'I am a Party member']]
    """
    caller = "formula_occurrences"
    check_bool(caller, lowercase=lowercase, expand_contractions=expand_contractions)
    frame = as_turns(turns, caller=caller)
    names, members = _members_of(formulae, caller)
    stream = frame_stream(frame, lowercase=lowercase, expand_contractions=expand_contractions)
    flat = [(k, m) for k, ms in enumerate(members) for m in ms]
    seqs = [stream.encode(m) for _, m in flat]
    which, pos = _find(stream, seqs)
    owner = np.array([k for k, _ in flat], dtype=np.int64)[which] if len(which) else which
    lengths = np.array([0 if s is None else len(s) for s in seqs], dtype=np.int64)
    out = _occurrences(frame, stream, owner, pos, pos + lengths[which] if len(which) else pos, names)
    return out.drop(columns="_label", errors="ignore").reset_index(drop=True)


def formulae(
    turns: TurnsLike,
    *,
    min_transcripts: int = 2,
    min_speakers: int = 1,
    min_length: int = 2,
    max_length: int | None = None,
    similarity: float = 90.0,
    stop_words: StopWords = "function",
    stop_rule: str = "edges",
    lowercase: bool = True,
    expand_contractions: bool = True,
) -> pd.DataFrame:
    """Formulae: maximal phrases recurring across transcripts and speakers, with their variants.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id`` and ``speaker``; ``date`` and ``role`` feed the
        date and role columns when present.
    min_transcripts : int, default=2
        A formula is used in at least this many transcripts (counting only its occurrences
        outside longer formulae, as in :func:`recurring_phrases`).
    min_speakers : int, default=1
        ... and by at least this many distinct speakers.
    min_length, max_length : int, default=2, None
        Phrase length in tokens.
    similarity : float, default=90.0
        rapidfuzz ``ratio`` (0-100) above which two formulae are variants of one (see
        :mod:`analysis.phrases._variants`); above 100 turns grouping off.
    stop_words, stop_rule : default="function", "edges"
        A formula neither starts nor ends with a function word (see
        :func:`recurring_phrases`).
    lowercase, expand_contractions : bool, default=True, True
        Contractions are expanded so "I'm a Party member" and "I am a Party member" are one
        formula; the wordings actually used are listed in ``variants``.

    Returns
    -------
    pandas.DataFrame
        One row per formula (a family of variant phrases), by ``n_transcripts`` descending,
        then ``n_words`` descending, then ``formula``. Columns: ``formula`` (the most
        widespread member), ``n_words``, ``members`` (tuple of the grouped phrases),
        ``variants`` (tuple of the wordings as spoken, lower-cased, most frequent first),
        ``n_variants``, ``count`` (occurrences; overlapping ones of one family merged),
        ``n_transcripts``, ``n_speakers``, ``first_date``, ``last_date``,
        ``share_of_transcripts`` (of all transcripts), ``active_share`` (of the transcripts
        dated between its first and last use), ``per_10k`` (occurrences per 10,000 tokens),
        ``top_speaker`` (who uses it most), and ``share_<role>`` (share of occurrences per
        role, when the frame has ``role``).

    Raises
    ------
    ValueError
        Bad thresholds or options; a missing column.

    See Also
    --------
    formula_occurrences : where each formula occurs.
    formula_emergence : when formulae appear, spread, rise and fade.

    Notes
    -----
    Candidates are the maximal phrases of :func:`recurring_phrases` with the support
    measured in distinct transcripts (and speakers) instead of occurrences: both shrink as a
    phrase grows, so the same pruned extension applies. Variants are then grouped with
    rapidfuzz and the family's occurrences pooled.

    References
    ----------
    Wray, A. (2002). Formulaic Language and the Lexicon. Cambridge University Press.
    Biber, D., Conrad, S. & Cortes, V. (2004). If you look at...: Lexical bundles in
    university teaching and textbooks. Applied Linguistics, 25(3), 371-405.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b"], "speaker": ["X", "Y"],
    ...     "text": ["We firmly oppose this. I am a Party member, I will go first!",
    ...              "We firmly oppose that. I'm a Party member. I'll go first!"]})
    >>> f = formulae(turns, stop_rule="all")
    >>> f[["formula", "n_transcripts"]].values.tolist()
    [['i am a party member', 2], ['i will go first', 2], ['we firmly oppose', 2]]
    >>> f.loc[0, "variants"]
    ('i am a party member', "i'm a party member")
    """
    caller = "formulae"
    check_interval("min_transcripts", min_transcripts, low=1, caller=caller, integer=True)
    check_interval("min_speakers", min_speakers, low=1, caller=caller, integer=True)
    check_interval("min_length", min_length, low=1, caller=caller, integer=True)
    check_max_length(caller, max_length, min_length)
    check_interval("similarity", similarity, low=0, caller=caller)
    check_stop_options(caller, stop_words, stop_rule)
    check_bool(caller, lowercase=lowercase, expand_contractions=expand_contractions)
    frame = as_turns(turns, caller=caller, columns=("text", "transcript_id", "speaker"))
    roles = sorted(frame["role"].dropna().astype(str).unique()) if "role" in frame else []
    columns = _BASE_COLUMNS + [f"share_{r}" for r in roles]
    stream = frame_stream(frame, lowercase=lowercase, expand_contractions=expand_contractions)
    tcodes = codes_of(frame["transcript_id"])
    supports = [(tcodes[stream.row], min_transcripts)]
    if min_speakers > 1:
        supports.append((codes_of(frame["speaker"])[stream.row], min_speakers))
    if min_transcripts == 1:
        supports.append((None, 2))  # a formula recurs
    levels = frequent_levels(stream, supports=supports, max_length=max_length, keep_from=min_length)
    listed = maximal_phrases(stream, levels, supports=supports, min_length=min_length,
                             candidate=candidate_rule(stream, stop_words, stop_rule))
    if not len(listed.n):
        if frame.empty:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        raise EmptyResultError(f"{caller}(): no phrase recurs in {min_transcripts} transcripts"
                               f"{f' and {min_speakers} speakers' if min_speakers > 1 else ''}; "
                               "try a lower min_transcripts or min_speakers, or stop_rule='all'.")
    tokens = [tuple(stream.vocab[stream.ids[f:f + n]]) for f, n in zip(listed.first, listed.n)]
    texts = stream.texts_of(listed.first, listed.n)
    spread = np.bincount(pd.unique(listed.phrase * (tcodes.max() + 1) + tcodes[stream.row[listed.pos]])
                         // (tcodes.max() + 1), minlength=len(texts))
    counts = np.bincount(listed.phrase, minlength=len(texts))
    family = variant_groups(texts, tokens, similarity=similarity)
    members = pd.DataFrame({"family": family, "text": texts, "n": listed.n, "spread": spread, "count": counts})
    members = members.sort_values(["family", "spread", "count", "n", "text"],
                                  ascending=[True, False, False, False, True])
    names = members.groupby("family", sort=True)["text"].first().tolist()
    member_lists = members.groupby("family", sort=True)["text"].agg(tuple)
    occ = _occurrences(frame, stream, family[listed.phrase], listed.pos.astype(np.int64),
                       listed.pos.astype(np.int64) + listed.n[listed.phrase], names)
    table = _spread_table(frame, occ, names, stream.n_tokens, roles)
    table.insert(1, "n_words", members.groupby("family", sort=True)["n"].first().to_numpy())
    table.insert(2, "members", member_lists.to_numpy())
    table = table[columns]
    return table.sort_values(["n_transcripts", "n_words", "formula"], ascending=[False, False, True],
                             ignore_index=True)


def _spread_table(frame: pd.DataFrame, occ: pd.DataFrame, names: list[str], n_tokens: int,
                  roles: list[str]) -> pd.DataFrame:
    """Per formula (label order): variants, counts, spread, dates, role shares."""
    lab = occ["_label"].to_numpy()
    g = occ.groupby("_label", sort=True)
    spoken = occ["text"].str.lower().str.replace("\u2019", "'", regex=False)
    variants = occ.assign(v=spoken).groupby(["_label", "v"]).size().reset_index(name="c")
    variants = variants.sort_values(["_label", "c", "v"], ascending=[True, False, True])
    var_lists = variants.groupby("_label", sort=True)["v"].agg(tuple)
    out = pd.DataFrame({"formula": names})
    out["variants"] = var_lists.reindex(range(len(names))).to_numpy()
    out["n_variants"] = out["variants"].map(len)
    out["count"] = np.bincount(lab, minlength=len(names))
    out["n_transcripts"] = g["transcript_id"].nunique().reindex(range(len(names)), fill_value=0).to_numpy()
    out["n_speakers"] = g["speaker"].nunique().reindex(range(len(names)), fill_value=0).to_numpy()
    dates = pd.to_datetime(occ["date"]) if "date" in frame else pd.Series(pd.NaT, index=occ.index)
    out["first_date"] = dates.groupby(lab).min().reindex(range(len(names))).to_numpy()
    out["last_date"] = dates.groupby(lab).max().reindex(range(len(names))).to_numpy()
    n_tx = frame["transcript_id"].nunique()
    out["share_of_transcripts"] = out["n_transcripts"] / n_tx if n_tx else np.nan
    if "date" in frame:
        tx_dates = np.sort(pd.to_datetime(frame.groupby("transcript_id")["date"].first()).dropna().to_numpy())
        lo = np.searchsorted(tx_dates, out["first_date"].to_numpy(), "left")
        hi = np.searchsorted(tx_dates, out["last_date"].to_numpy(), "right")
        span = hi - lo
        dated = occ[dates.notna().to_numpy()].groupby("_label")["transcript_id"].nunique()
        dated = dated.reindex(range(len(names)), fill_value=0).to_numpy()
        out["active_share"] = np.where(span > 0, dated / np.maximum(span, 1), np.nan)
    else:
        out["active_share"] = np.nan
    out["per_10k"] = out["count"] / n_tokens * 10_000 if n_tokens else np.nan
    top = occ.groupby(["_label", "speaker"]).size().reset_index(name="c")
    top = top.sort_values(["_label", "c", "speaker"], ascending=[True, False, True]).drop_duplicates("_label")
    out["top_speaker"] = top.set_index("_label")["speaker"].reindex(range(len(names))).to_numpy()
    if roles:
        shares = pd.crosstab(occ["_label"], occ["role"], normalize="index")
        for r in roles:
            out[f"share_{r}"] = shares[r].reindex(range(len(names)), fill_value=0.0).to_numpy() \
                if r in shares else 0.0
    return out


def formula_use(
    turns: TurnsLike,
    formulae: pd.DataFrame | Sequence[str],
    *,
    by: GroupBy = "speaker",
) -> pd.DataFrame:
    """How often each group uses each formula.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``, ``transcript_id`` and the ``by`` columns.
    formulae : pandas.DataFrame or sequence of str
        The frame from :func:`formulae`, or phrases.
    by : str or list of str, default="speaker"
        Grouping column(s) of the turns.

    Returns
    -------
    pandas.DataFrame
        One row per group and formula used, sorted by the ``by`` columns, then
        ``n_transcripts`` descending, then ``formula``. Columns: the ``by`` columns,
        ``formula``, ``count``, ``n_transcripts``, ``share_of_transcripts`` (of the group's
        transcripts).

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "b"], "speaker": ["Lu", "Lu", "Hua"],
    ...                       "text": ["We firmly oppose it.", "We firmly oppose it.", "No."]})
    >>> formula_use(turns, ["firmly oppose"]).values.tolist()
    [['Lu', 'firmly oppose', 2, 2, 1.0]]
    """
    caller = "formula_use"
    cols = [by] if isinstance(by, str) else list(by)
    frame = as_turns(turns, caller=caller, columns=("text", "transcript_id", *cols))
    names, _ = _members_of(formulae, caller)
    work = frame.reset_index(drop=True)
    occ = formula_occurrences(work.assign(turn_index=np.arange(len(work))), formulae)
    keys = work[cols].iloc[occ["turn_index"].to_numpy()].reset_index(drop=True)
    occ = pd.concat([keys, occ[["formula", "transcript_id"]].reset_index(drop=True)], axis=1)
    out = occ.groupby([*cols, "formula"], dropna=False, sort=True).agg(
        count=("transcript_id", "size"), n_transcripts=("transcript_id", "nunique")).reset_index()
    per_group = work.groupby(cols, dropna=False)["transcript_id"].nunique().rename("_tx").reset_index()
    out = out.merge(per_group, on=cols, how="left")
    out["share_of_transcripts"] = out["n_transcripts"] / out["_tx"]
    out = out.drop(columns="_tx")
    return out.sort_values([*cols, "n_transcripts", "formula"], ascending=[*[True] * len(cols), False, True],
                           ignore_index=True)
