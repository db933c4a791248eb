"""Slot frames: formulae with one open slot ("we urge the us to *", "china firmly opposes *",
"it is * that"), the words that fill the slot, and who fills it with what, when.

A frame is a formula of :func:`~analysis.phrases.formulae` with one word opened: the word
after it (a final slot), or one of its inner words. Its occurrences are every sequence of the
token stream that matches the frame's other words inside one sentence; the word at the slot is
the *filler*. These are the phrase-frames (p-frames) of Fletcher's kfNgram and Römer (2010),
found from the formulae instead of from every n-gram, so the frames are those of the
register's formulae; the slot is open when no single filler takes most of its occurrences.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_interval, check_option
from ..periods import to_periods
from ..turns import as_turns
from ..types import GroupBy, TurnsLike
from .formulae import _one_speaker_spelling, _words_of
from .formulae import formulae as ranked_formulae
from ._common import sort_order
from ._stream import CLITICS, FUNCTION_WORDS, SUBJECT_PRONOUNS, Stream, frame_stream, phrase_text

__all__ = ["slot_frames", "frame_fillers", "FRAME_FORMULAE"]

#: Without ``formulae``, :func:`slot_frames` opens the first this many rows of the default
#: :func:`~analysis.phrases.formulae` ranking.
FRAME_FORMULAE = 200

SLOT = "*"
#: Words that leave no content in a frame ("the * of" is no frame of a formula).
_CLOSED = FUNCTION_WORDS | CLITICS | SUBJECT_PRONOUNS
_FRAME_COLUMNS = ["frame", "formula", "slot", "n_words", "count", "n_transcripts", "n_speakers", "n_fillers",
                  "top_filler_share", "openness", "fillers"]
_FILLER_COLUMNS = ["frame", "filler", "count", "n_transcripts", "share"]


def _matches(stream: Stream, seq: np.ndarray, slot: int) -> np.ndarray:
    """Start positions of ``seq`` (token ids; ``seq[slot]`` is the open slot) inside one sentence."""
    ids = stream.ids
    cand = np.flatnonzero(ids == seq[0]) if slot != 0 else np.arange(len(ids))
    cand = cand[cand + len(seq) <= stream.seg_end[cand]]
    for j in range(1, len(seq)):
        if j != slot:
            cand = cand[ids[cand + j] == seq[j]]
    return cand.astype(np.int64)


def _frame_text(tokens: Sequence[str], slot: int) -> str:
    return phrase_text([SLOT if i == slot else t for i, t in enumerate(tokens)])


def _frame_occurrences(frame: pd.DataFrame, stream: Stream, formulas: Sequence[str], inner: bool,
                       final: bool) -> pd.DataFrame:
    """One row per frame occurrence: frame, formula, slot, position, filler (token id)."""
    parts = []
    for formula in dict.fromkeys(formulas):
        seq = stream.encode(formula)
        if seq is None or len(seq) == 0:
            continue
        tokens = [str(stream.vocab[i]) for i in seq]
        shapes = []
        if final:
            shapes.append((np.append(seq, -1), len(seq)))
        if inner and len(seq) >= 3:
            shapes += [(seq, j) for j in range(1, len(seq) - 1) if tokens[j] not in FUNCTION_WORDS or len(seq) >= 4]
        for s, slot in shapes:
            if all(tokens[i] in _CLOSED for i in range(len(seq)) if i != slot):
                continue  # "the * of", "as * as": no content word left, no frame of a formula
            pos = _matches(stream, s, slot)
            if not len(pos):
                continue
            words = tokens + [SLOT] if slot == len(seq) else tokens
            parts.append(pd.DataFrame({"frame": _frame_text(words, slot), "formula": formula, "slot": slot,
                                       "n_words": len(s), "pos": pos, "filler_id": stream.ids[pos + slot]}))
    if not parts:
        return pd.DataFrame({"frame": [], "formula": [], "slot": [], "n_words": [], "pos": [], "filler_id": []})
    # several formulae open onto one frame ("the chinese side", "the us side": "the * side"): each
    # occurrence of the frame counts once, under the first of them
    occ = pd.concat(parts, ignore_index=True).drop_duplicates(["frame", "pos"], ignore_index=True)
    occ["filler"] = stream.vocab[occ["filler_id"].to_numpy()]
    rows = stream.row[occ["pos"].to_numpy()]
    for col in ("transcript_id", "speaker", "role", "date"):
        if col in frame:
            occ[col] = frame[col].to_numpy()[rows]
    occ["_row"] = rows
    return occ


def slot_frames(
    turns: TurnsLike,
    formulae: pd.DataFrame | Sequence[str] | None = None,
    *,
    min_transcripts: int = 2,
    min_fillers: int = 3,
    max_top_share: float = 0.8,
    inner: bool = True,
    final: bool = True,
    top_fillers: int = 5,
) -> pd.DataFrame:
    """Frames with one open slot made from formulae, and their fillers.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and ``transcript_id``; ``speaker`` feeds ``n_speakers`` (the spellings of
        one ``speaker_key`` count once: :func:`analysis.overview.one_spelling_per_speaker`).
    formulae : pandas.DataFrame, sequence of str or None, default=None
        The frame from :func:`~analysis.phrases.formulae` (its formulae in words, the first of
        their ``members``; pass the first rows, e.g. ``formulae(turns).head(200)``) or phrases
        (words separated by spaces). None: the formulae are
        computed here, the first :data:`FRAME_FORMULAE` rows of
        ``formulae(turns, min_transcripts=min_transcripts)`` (the turns then need ``speaker``).
    min_transcripts : int, default=2
        A frame is used in at least this many transcripts.
    min_fillers : int, default=3
        ... with at least this many distinct fillers.
    max_top_share : float, default=0.8
        ... and no filler takes more than this share of its uses (the slot is open).
    inner, final : bool, default=True, True
        Open an inner word of formulae of three words or more (a function word only in
        formulae of four or more); open the word after the formula. A frame keeps at least
        one content word besides the slot ("the * of" is none).
    top_fillers : int, default=5
        Fillers listed in ``fillers``.

    Returns
    -------
    pandas.DataFrame
        One row per frame, by ``n_transcripts`` descending, then ``openness`` descending,
        then ``frame``. Columns: ``frame`` (the words with ``*`` at the slot), ``formula``
        (the formula it is made from), ``slot`` (0-based position of the slot), ``n_words``
        (slot included), ``count``, ``n_transcripts``, ``n_speakers``, ``n_fillers``,
        ``top_filler_share`` (share of uses of the commonest filler), ``openness``
        (normalized entropy of the fillers, 0 for one filler, 1 for all equally common),
        ``fillers`` (tuple of ``(filler, count)``, commonest first).

    Raises
    ------
    ValueError
        Bad thresholds; a missing column.

    See Also
    --------
    frame_fillers : fillers of each frame by speaker, role or period.

    Notes
    -----
    Openness ``H / log k``, with ``H = -sum p_i log p_i`` over the ``k`` fillers' shares
    ``p_i`` (Römer 2010 reports the number of variants and the predictability of the
    commonest one, both given here).

    References
    ----------
    Fletcher, W. H. (2002-2007). kfNgram (phrase-frames). http://www.kwicfinder.com/kfNgram/
    Römer, U. (2010). Establishing the phraseological profile of a text type: the
    construction of meaning in academic book reviews. English Text Construction, 3(1), 95-119.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"], "speaker": ["X", "Y", "X"],
    ...     "text": ["We urge the US to stop.", "We urge the US to respect it.", "We urge the US to act now."]})
    >>> slot_frames(turns, ["we urge the us to"], inner=False)[["frame", "n_fillers"]].values.tolist()
    [['we urge the us to *', 3]]
    """
    caller = "slot_frames"
    check_interval("min_transcripts", min_transcripts, low=1, caller=caller, integer=True)
    check_interval("min_fillers", min_fillers, low=1, caller=caller, integer=True)
    check_interval("max_top_share", max_top_share, low=0, high=1, caller=caller)
    check_interval("top_fillers", top_fillers, low=1, caller=caller, integer=True)
    check_option("inner", inner, {True, False}, caller=caller)
    check_option("final", final, {True, False}, caller=caller)
    frame = as_turns(turns, caller=caller, columns=("text", "transcript_id"))
    if "speaker" in frame:  # one speaker, one spelling (n_speakers)
        frame = _one_speaker_spelling(frame)
    if formulae is None:
        formulae = ranked_formulae(frame, min_transcripts=min_transcripts).head(FRAME_FORMULAE)
    names = _names(formulae, caller)
    stream = frame_stream(frame, lowercase=True, expand_contractions=True)
    occ = _frame_occurrences(frame, stream, names, inner, final)
    if occ.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _FRAME_COLUMNS})
    fill = occ.groupby(["frame", "filler"], sort=False).size().rename("c").reset_index()
    fill = fill.take(sort_order((fill["frame"].to_numpy(), True), (fill["c"].to_numpy(), False),
                                (fill["filler"].to_numpy(), True)))
    g = fill.groupby("frame", sort=True)
    total = g["c"].transform("sum")
    p = fill["c"] / total
    fill["h"] = -p * np.log(p)
    out = pd.DataFrame({
        "n_fillers": g.size(),
        "top_filler_share": g["c"].max() / g["c"].sum(),
        "entropy": g["h"].sum(),
        "fillers": g.apply(lambda d: tuple(zip(d["filler"].head(top_fillers), d["c"].head(top_fillers).astype(int))),
                           include_groups=False),
    })
    og = occ.groupby("frame", sort=True)
    out["count"] = og.size()
    out["n_transcripts"] = og["transcript_id"].nunique()
    out["n_speakers"] = og["speaker"].nunique() if "speaker" in occ else 0
    first = og.first()
    out["formula"] = first["formula"]
    out["slot"] = first["slot"].astype(int)
    out["n_words"] = first["n_words"].astype(int)
    out["openness"] = np.where(out["n_fillers"] > 1, out["entropy"] / np.log(np.maximum(out["n_fillers"], 2)), 0.0)
    out = out.reset_index()
    keep = ((out["n_transcripts"] >= min_transcripts) & (out["n_fillers"] >= min_fillers)
            & (out["top_filler_share"] <= max_top_share))
    out = out[keep][_FRAME_COLUMNS]
    out = out.take(sort_order((out["n_transcripts"].to_numpy(), False), (out["openness"].to_numpy(), False),
                              (out["frame"].to_numpy(), True)))
    return out.reset_index(drop=True)


def _names(formulae: pd.DataFrame | Sequence[str], caller: str) -> list[str]:
    if isinstance(formulae, pd.DataFrame):
        col = "formula" if "formula" in formulae else "frame" if "frame" in formulae else None
        if col is None:
            raise ValueError(f"{caller}(): formulae must be the frame from formulae() or slot_frames(), or a list of "
                             f"phrases; got columns {list(formulae.columns)}.")
        return _words_of(formulae)
    if isinstance(formulae, str):
        return [formulae]
    return [str(f) for f in formulae]


def frame_fillers(
    turns: TurnsLike,
    frames: pd.DataFrame,
    *,
    by: GroupBy | None = "role",
    freq: str | None = None,
) -> pd.DataFrame:
    """Who fills each frame's slot with what: fillers with counts by group and period.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        The turns :func:`slot_frames` read; needs ``text``, ``transcript_id`` and the ``by``
        columns (``date`` with ``freq``).
    frames : pandas.DataFrame
        From :func:`slot_frames` (``frame``, ``formula``).
    by : str, list of str or None, default="role"
        Grouping columns of the turns (``"speaker"``, ``"role"``...); None for all turns. By
        speaker, every spelling of one ``speaker_key`` is one group, under its most frequent
        spelling (:func:`analysis.overview.one_spelling_per_speaker`).
    freq : {"W", "M", "Q", "Y"} or None, default=None
        Also by period of the turn's date (a ``period`` column).

    Returns
    -------
    pandas.DataFrame
        One row per frame, group (and period) and filler, by frame (in the order of
        ``frames``), group, period, ``count`` descending, then ``filler``. Columns:
        ``frame``, the ``by`` columns, ``period`` (with ``freq``), ``filler``, ``count``,
        ``n_transcripts``, ``share`` (of the frame's uses in the group and period).

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"], "role": ["official", "official", "questioner"],
    ...     "text": ["We urge the US to stop.", "We urge the US to stop it.", "We urge the US to act."]})
    >>> f = slot_frames(turns, ["we urge the us to"], inner=False, min_fillers=2)
    >>> frame_fillers(turns, f, by="role")[["role", "filler", "count"]].values.tolist()
    [['official', 'stop', 2], ['questioner', 'act', 1]]
    """
    caller = "frame_fillers"
    cols = [] if by is None else [by] if isinstance(by, str) else list(by)
    if freq is not None:
        check_option("freq", freq, {"W", "M", "Q", "Y"}, caller=caller)
    need = ("text", "transcript_id", *cols, *(("date",) if freq else ()))
    frame = as_turns(turns, caller=caller, columns=need)
    if "speaker" in cols:  # one row per speaker, under the usual spelling of its speaker_key
        frame = _one_speaker_spelling(frame)
    if not isinstance(frames, pd.DataFrame) or not {"frame", "formula"} <= set(frames.columns):
        raise ValueError(f"{caller}(): frames must be the frame from slot_frames() (columns 'frame' and 'formula').")
    stream = frame_stream(frame, lowercase=True, expand_contractions=True)
    wanted = list(dict.fromkeys(frames["frame"]))
    occ = _frame_occurrences(frame, stream, frames["formula"].tolist(), True, True)
    occ = occ[occ["frame"].isin(wanted)]
    keys = list(cols)
    for c in cols:
        occ[c] = frame[c].to_numpy()[occ["_row"].to_numpy()]
    if freq:
        occ["period"] = to_periods(pd.to_datetime(occ["date"]), freq).astype(str).to_numpy()
        keys.append("period")
    out_cols = ["frame", *keys, "filler", "count", "n_transcripts", "share"]
    if occ.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in out_cols})
    out = occ.groupby(["frame", *keys, "filler"], dropna=False, sort=False).agg(
        count=("transcript_id", "size"), n_transcripts=("transcript_id", "nunique")).reset_index()
    out["share"] = out["count"] / out.groupby(["frame", *keys], dropna=False)["count"].transform("sum")
    out["frame"] = pd.Categorical(out["frame"], categories=wanted, ordered=True)
    out = out.sort_values(["frame", *keys, "count", "filler"], ascending=[True, *[True] * len(keys), False, True],
                          ignore_index=True)
    out["frame"] = out["frame"].astype(str)
    return out[out_cols]
