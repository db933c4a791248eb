"""Rhetorical devices, detected per turn with the matched span kept so a reader can check it.

The detectors live in :mod:`~analysis.rhetoric.structure` (enumerations, tricolons,
anaphora, parallel clauses) and :mod:`~analysis.rhetoric.emphasis` (rhetorical questions,
slogans, exclamations, statistics, superlatives, intensifiers). Each takes one text and
returns ``(start, end, detail)`` triples; :func:`detect_devices` runs them over every turn
(sentence spans computed once per turn and shared) and returns one tidy row per match.

They are heuristics with known blind spots, listed in each function's Notes; read the
matches before interpreting a rate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from .._progress import bar, step
from .._validation import check_option
from ..types import TurnsLike
from ._common import MATCH_COLUMNS, TURN_KEYS, cached_by_content, empty, sentence_spans_of, turn_frame
from .emphasis import (_intensifiers_of, find_exclamations, find_intensifiers, find_rhetorical_questions, find_slogans,
                       find_statistics, find_superlatives)
from .structure import Span, find_anaphora, find_enumerations, find_parallelism, find_tricolons

__all__ = ["DEVICES", "detect_devices"]

#: Device name -> detector, in the order of :func:`detect_devices` output.
DEVICES: dict[str, Callable[..., list[Span]]] = {
    "enumeration": find_enumerations,
    "tricolon": find_tricolons,
    "anaphora": find_anaphora,
    "parallelism": find_parallelism,
    "rhetorical_question": find_rhetorical_questions,
    "slogan": find_slogans,
    "exclamation": find_exclamations,
    "statistic": find_statistics,
    "superlative": find_superlatives,
    "intensifier": find_intensifiers,
}


def detect_devices(turns: TurnsLike, *, devices: Sequence[str] | None = None,
                   answer_roles: Sequence[str] = ("official",), progress: bool = False) -> pd.DataFrame:
    """Every rhetorical device in every turn, one row per match with its span.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``; ``transcript_id``, ``turn_index``, ``speaker``, ``role`` are used
        when present (see :func:`analysis.rhetoric._common.turn_frame`).
    devices : sequence of str or None, default=None
        Names from :data:`DEVICES`; None runs them all.
    answer_roles : sequence of str, default=("official",)
        Roles whose turns are answers, for :func:`find_rhetorical_questions`
        (``answering=True``).
    progress : bool, default=False
        Show a progress bar over turns (tqdm); results are cached by content, so a repeat
        call on the same texts is instant.

    Returns
    -------
    pandas.DataFrame
        One row per match, by transcript, turn, start, device: ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``, ``device``, ``start``, ``end`` (character
        offsets in the turn's ``text``), ``match`` (``text[start:end]``), ``detail``.

    Raises
    ------
    ValueError
        An unknown device name.

    Examples
    --------
    >>> t = pd.DataFrame({"speaker": ["Qi"], "text": ["First, we fight. Second, we win!"]})
    >>> detect_devices(t)[["device", "match"]].values.tolist()
    [['enumeration', 'First, we fight. Second, we win!'], ['exclamation', 'Second, we win!']]
    """
    names = list(DEVICES) if devices is None else list(devices)
    for d in names:
        check_option("devices", d, set(DEVICES), caller="detect_devices")
    check_option("progress", progress, {True, False}, caller="detect_devices")
    frame = turn_frame(turns, caller="detect_devices")
    return _detect(frame, names, answer_roles, progress).drop(columns="_pos")


def _detect_items(items, names: Sequence[str]) -> list[tuple]:
    """Match rows ``(pos, device, start, end, match, detail)`` of ``(pos, text, answering,
    sentence spans, intensifier matches)`` items, in item then device order."""
    rows: list[tuple] = []
    for pos, text, ans, sents, intens in items:
        for d in names:
            fn = DEVICES[d]
            if d == "intensifier":
                found = intens
            elif d == "rhetorical_question":
                found = fn(text, answering=ans, spans=sents)
            else:
                found = fn(text, spans=sents)
            rows.extend((pos, d, s, e, text[s:e], detail) for s, e, detail in found)
    return rows


def _detect(frame: pd.DataFrame, names: Sequence[str], answer_roles: Sequence[str],
            progress: bool = False) -> pd.DataFrame:
    """:func:`detect_devices` on a turn frame, keeping ``_pos`` (the turn's row position)."""
    answer_roles = set(answer_roles)
    texts = frame["text"].tolist()
    answering = tuple(r in answer_roles for r in frame["role"])

    def compute() -> tuple:
        need_sents = bool({"enumeration", "anaphora", "parallelism", "rhetorical_question"} & set(names))
        all_sents = sentence_spans_of(texts) if need_sents else None
        intens = _intensifiers_of(texts) if "intensifier" in names else None
        items = [(pos, text, ans, all_sents[pos] if all_sents is not None else None,
                  intens[pos] if intens is not None else None)
                 for pos, (text, ans) in enumerate(zip(texts, answering)) if text]
        from ..scale._engine import map_blocks, n_workers
        from ..tokens import PARALLEL_CHARS

        if n_workers(-1) > 1 and sum(map(len, texts)) >= PARALLEL_CHARS:
            # the detectors are independent per turn: consecutive blocks of turns on every core
            with step(f"devices in {len(items):,} turns", enabled=progress):
                return tuple(map_blocks(_detect_items, items, args=(tuple(names),)))
        return tuple(_detect_items(bar(items, desc="devices", unit="turn", enabled=progress), tuple(names)))

    rows = cached_by_content("devices", texts, (tuple(names), answering), compute)
    if not rows:
        out = empty([*MATCH_COLUMNS, "_pos"])
        out["_pos"] = out["_pos"].astype("int64")
        return out
    m = pd.DataFrame(rows, columns=["_pos", "device", "start", "end", "match", "detail"])
    meta = frame[list(TURN_KEYS)].iloc[m["_pos"].to_numpy()].reset_index(drop=True)
    out = pd.concat([meta, m], axis=1)[[*MATCH_COLUMNS, "_pos"]]
    order = {d: i for i, d in enumerate(DEVICES)}
    out["_o"] = out["device"].map(order)
    out = out.sort_values(["transcript_id", "turn_index", "start", "_o", "end"], ignore_index=True, kind="mergesort")
    return out.drop(columns="_o")
