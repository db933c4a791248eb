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
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .._progress import bar, step
from .._validation import check_option
from ..types import TurnsLike
from ._common import (MATCH_COLUMNS, TURN_KEYS, cached_by_content, empty, release_memory, sentence_spans_of,
                      turn_frame)
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


# --------------------------------------------------------------------------- counts per turn
#: Devices whose detectors read the sentence spans.
_NEEDS_SENTENCES = frozenset({"enumeration", "anaphora", "parallelism", "rhetorical_question"})
#: The sentence spans of the texts being counted, for the detectors of a run: the sentence
#: table and the row of each text in it (set around :func:`_run_counts`; worker processes
#: forked meanwhile see it, others find the spans themselves).
_SPANS: dict[str, object] = {}


def _spans_for(text: str) -> Sequence[tuple[int, int]]:
    """The sentence spans of ``text``: from :data:`_SPANS` when it holds them, else found."""
    table = _SPANS.get("table")
    row = _SPANS.get("rows", {}).get(text) if table is not None else None  # type: ignore[union-attr]
    if row is None:
        from ..text import sentence_spans

        return sentence_spans(text)
    return table.spans(row)  # type: ignore[union-attr]


def _count_columns(names: Sequence[str]) -> list[str]:
    """The columns of :func:`_count_run`: the devices of ``names`` but intensifiers (found by the
    lexicon matcher), then ``"in_answer"`` when rhetorical questions are counted."""
    cols = [d for d in names if d != "intensifier"]
    return cols + (["in_answer"] if "rhetorical_question" in cols else [])


def _count_run(texts: list[str], names: tuple[str, ...]) -> np.ndarray:
    """Per text of ``texts``: the number of matches of each device of :func:`_count_columns`.

    Rhetorical questions are found as in an answer (``answering=True``); the column
    ``rhetorical_question`` counts those found for another reason (form, self-answered: what
    ``answering=False`` finds) and ``in_answer`` the others, so a turn's count is the first,
    plus the second when it answers.
    """
    cols = _count_columns(names)
    detectors = [d for d in cols if d != "in_answer"]
    need = bool(_NEEDS_SENTENCES & set(detectors))
    out = np.zeros((len(texts), len(cols)), dtype=np.int64)
    for i, text in enumerate(texts):
        if not text:
            continue
        sents = _spans_for(text) if need else None
        for j, d in enumerate(detectors):
            if d == "rhetorical_question":
                found = find_rhetorical_questions(text, answering=True, spans=sents)
                extra = sum(1 for x in found if x[2] == "in answer")
                out[i, j] = len(found) - extra
                out[i, -1] = extra
            else:
                out[i, j] = len(DEVICES[d](text, spans=sents))
    return out


def _merge_counts(parts: list[np.ndarray], width: int) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int64)


def _write_counts(key: str, counts: np.ndarray, root: Path) -> bool:
    import pyarrow as pa

    from ..cache import write_table

    arrow = pa.table({f"c{j}": pa.array(counts[:, j].astype(np.int32)) for j in range(counts.shape[1])},
                     metadata={"n_texts": str(len(counts))})
    return write_table(key, arrow, kind="devices", cache=root)


def _read_counts(key: str, n_texts: int, root: Path, width: int) -> np.ndarray | None:
    """A cached run's counts, or None when there is none or it does not fit the run."""
    from ..cache import bad_entry, entry_path, read_table

    arrow = read_table(key, kind="devices", cache=root)  # checked against its digest
    if arrow is None:
        return None
    try:
        if int((arrow.schema.metadata or {}).get(b"n_texts", b"-1")) != n_texts or arrow.num_columns != width:
            raise ValueError(f"holds another shape than its run's {n_texts} texts by {width} devices")
        out = np.column_stack([arrow.column(f"c{j}").to_numpy().astype(np.int64) for j in range(width)]) \
            if width else np.zeros((n_texts, 0), dtype=np.int64)
        if len(out) != n_texts or (out.size and out.min() < 0):
            raise ValueError("holds counts out of range")
    except (KeyError, ValueError, TypeError) as exc:
        bad_entry(entry_path(key, kind="devices", cache=root), f"does not fit its run ({exc})")
        return None
    return out.reshape(n_texts, width)


def _versions() -> str:
    """The versions of the packages the detectors consult (lemminflect for superlatives)."""
    from ..cache import versions

    return versions("lemminflect")


def _run_counts(texts: list[str], names: tuple[str, ...], *, cache=None, progress: bool = False) -> np.ndarray:
    """:func:`_count_run` of every text, built run by run (on every core for a large corpus)
    and cached on disk like the text layer (:func:`analysis.tokens.layer`); kept in memory
    by content."""
    from ..tokens import layer

    def compute() -> np.ndarray:
        from .. import cache as cache_mod

        cols = _count_columns(names)
        need = bool(_NEEDS_SENTENCES & set(names))

        def spans() -> None:
            if need and "table" not in _SPANS:
                from ._common import sentence_table_of

                _SPANS["table"] = sentence_table_of(texts)
                _SPANS["rows"] = {t: i for i, t in enumerate(texts)}

        def read(key: str, n_texts: int, root: Path) -> np.ndarray | None:
            got = _read_counts(key, n_texts, root, len(cols))
            if got is None:  # this run is built: the sentences are found first (once, here)
                spans()
            return got

        if cache_mod.cache_dir(cache) is None:  # no run is read: every run is built
            spans()
        try:
            with step(f"devices in {len(texts):,} turns", enabled=progress):
                out = layer(texts, build=partial(_count_run, names=names),
                            merge=partial(_merge_counts, width=len(cols)), read=read, write=_write_counts,
                            name=f"device-counts {','.join(names)} {_versions()}",
                            modules=("analysis.text", "analysis.sentences", "analysis.rhetoric._scan",
                                     "analysis.rhetoric.structure", "analysis.rhetoric.emphasis",
                                     "analysis.rhetoric.devices"),
                            n_jobs=-1, cache=cache)
        finally:
            _SPANS.clear()
        release_memory()
        out.flags.writeable = False
        return out

    return cached_by_content("device-counts", texts, names, compute)


def _device_counts(frame: pd.DataFrame, names: Sequence[str], answer_roles: Sequence[str],
                   progress: bool = False, intensifiers: np.ndarray | None = None) -> np.ndarray:
    """Per turn of ``frame`` (a turn frame) and device of ``names``: the number of matches
    :func:`detect_devices` finds (its rows, counted without being made).

    ``intensifiers``: the intensifiers of each turn when already counted (the lexicon
    matcher's matches of the built-in ``intensifiers`` lexicon, as :func:`find_intensifiers`).
    """
    texts = frame["text"].tolist()
    names = tuple(names)
    counts = np.zeros((len(texts), len(names)), dtype=np.int64)
    detected = tuple(d for d in names if d != "intensifier")
    base = _run_counts(texts, detected, progress=progress) if detected else None
    cols = _count_columns(detected)
    for j, d in enumerate(names):
        if d == "intensifier" and intensifiers is not None:
            counts[:, j] = intensifiers
        elif d == "intensifier":
            from ._common import token_table_of
            from .lexicons import _builtin_matcher

            found = _builtin_matcher(("intensifiers",), False).match(token_table_of(texts))
            counts[:, j] = np.bincount(found.text, minlength=len(texts))
        elif d == "rhetorical_question":
            roles = set(answer_roles)
            answering = np.array([r in roles for r in frame["role"]], dtype=bool)
            counts[:, j] = base[:, cols.index(d)] + np.where(answering, base[:, -1], 0)
        else:
            counts[:, j] = base[:, cols.index(d)]
    return counts
