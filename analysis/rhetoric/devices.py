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
from ._common import (MATCH_COLUMNS, TURN_KEYS, cached_by_content, empty, release_memory, same_texts,
                      sentence_spans_of, texts_key, turn_frame)
from .emphasis import (_intensifier_matches, find_exclamations, find_intensifiers, find_rhetorical_questions, find_slogans,
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
        call on the same texts is instant. With an on-disk cache (``ANALYSIS_CACHE``) the
        matches are also stored there (entries of kind ``device-matches``, keyed by the texts'
        content, the devices, which turns answer and the detectors' source), so a later
        process reads them instead of finding them again.

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
    with same_texts(frame["text"].tolist()):  # the texts are hashed once for every layer asked of them
        return _detect(frame, names, answer_roles, progress).drop(columns="_pos")


def _detect_items(items, names: Sequence[str]) -> list[tuple]:
    """Match rows ``(pos, device, start, end, detail)`` of ``(pos, text, answering, sentence
    spans)`` items, in item then device order (``device``: the index of its name in ``names``,
    of which the intensifiers are left out: the lexicon matcher finds them for every text at
    once, :func:`_match_rows`)."""
    rows: list[tuple] = []
    for pos, text, ans, sents in items:
        for k, d in enumerate(names):
            fn = DEVICES[d]
            if d == "intensifier":
                continue
            elif d == "rhetorical_question":
                found = fn(text, answering=ans, spans=sents)
            else:
                found = fn(text, spans=sents)
            rows.extend((pos, k, s, e, detail) for s, e, detail in found)
    return rows


#: Columns of a stored match frame (:func:`_match_rows`): the device is the index of its name in
#: the names asked for, the match is ``text[start:end]`` (cut again from the text when read).
_STORED = ("_pos", "device", "start", "end", "detail")


def _found_rows(texts: list[str], names: tuple[str, ...], answering: tuple[bool, ...],
                progress: bool) -> pd.DataFrame:
    """The matches of the devices ``names`` in ``texts`` as a stored match frame (:data:`_STORED`),
    the detectors' rows (item then device order) then the intensifiers'."""
    from ..scale._engine import map_blocks, n_workers
    from ..tokens import PARALLEL_CHARS

    all_sents = sentence_spans_of(texts) if _NEEDS_SENTENCES & set(names) else None
    items = [(pos, text, ans, all_sents[pos] if all_sents is not None else None)
             for pos, (text, ans) in enumerate(zip(texts, answering)) if text]
    if any(d != "intensifier" for d in names):
        if n_workers(-1) > 1 and sum(map(len, texts)) >= PARALLEL_CHARS:
            # the detectors are independent per turn: consecutive blocks of turns on every core
            with step(f"devices in {len(items):,} turns", enabled=progress):
                rows = map_blocks(_detect_items, items, args=(names,))
        else:
            rows = _detect_items(bar(items, desc="devices", unit="turn", enabled=progress), names)
    else:
        rows = []
    del items, all_sents
    cols = list(zip(*rows)) if rows else [(), (), (), (), ()]
    pos = [np.fromiter(cols[0], dtype=np.int64, count=len(rows))]
    dev = [np.fromiter(cols[1], dtype=np.int64, count=len(rows))]
    start = [np.fromiter(cols[2], dtype=np.int64, count=len(rows))]
    end = [np.fromiter(cols[3], dtype=np.int64, count=len(rows))]
    detail = list(cols[4])
    del rows, cols
    if "intensifier" in names:
        p, s, e, d = _intensifier_matches(texts)
        pos.append(p)
        dev.append(np.full(len(p), names.index("intensifier"), dtype=np.int64))
        start.append(s)
        end.append(e)
        detail.extend(d)
    values = np.empty(len(detail), dtype=object)
    values[:] = detail
    return pd.DataFrame({"_pos": np.concatenate(pos), "device": np.concatenate(dev), "start": np.concatenate(start),
                         "end": np.concatenate(end), "detail": values})


def _rows_of(stored: pd.DataFrame, texts: list[str], names: tuple[str, ...]) -> pd.DataFrame | None:
    """A stored match frame as match rows (``_pos``, ``device``, ``start``, ``end``, ``match``,
    ``detail``), or None when it cannot be one of ``texts`` (a position, device or span out of range)."""
    if list(stored.columns) != list(_STORED) or \
            any(stored[c].dtype != np.int64 for c in ("_pos", "device", "start", "end")):
        return None
    pos, dev = stored["_pos"].to_numpy(), stored["device"].to_numpy()
    start, end = stored["start"].to_numpy(), stored["end"].to_numpy()
    if len(stored):
        if pos.min() < 0 or pos.max() >= len(texts) or dev.min() < 0 or dev.max() >= len(names):
            return None
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        if start.min() < 0 or (end < start).any() or (end > lengths[pos]).any():
            return None
    match = np.empty(len(stored), dtype=object)
    match[:] = [texts[p][a:b] for p, a, b in zip(pos.tolist(), start.tolist(), end.tolist())]
    device = np.asarray(names, dtype=object)[dev] if len(stored) else np.empty(0, dtype=object)
    return pd.DataFrame({"_pos": pos, "device": device, "start": start, "end": end, "match": match,
                         "detail": stored["detail"].to_numpy()})


def _match_salt() -> str:
    """What the matches depend on besides the texts and options: the source of the detectors
    and of the layers they read (sentences, tokens, the lexicon matcher), the lexicon files,
    the segmenter and the packages the detectors consult."""
    from ..cache import data_key, source_key

    code = source_key("analysis.text", "analysis.tokens", "analysis.sentences", "analysis.rhetoric._scan",
                      "analysis.rhetoric._matcher", "analysis.rhetoric.lexicons", "analysis.rhetoric.structure",
                      "analysis.rhetoric.emphasis", "analysis.rhetoric.devices")
    return f"{code} {data_key('lexicons')} {_versions()}"


def _segmenter_salt(texts: list[str]) -> str:
    """The Chinese segmenter (:func:`analysis.languages.segmenter_id`) when a text has a Han
    character (its tokens, where intensifiers are found, depend on it), else nothing."""
    from ..text import _HAN_RE

    if all(t.isascii() or _HAN_RE.search(t) is None for t in texts):
        return ""
    from ..languages import segmenter_id

    return segmenter_id()


def _match_rows(texts: list[str], names: tuple[str, ...], answering: tuple[bool, ...],
                progress: bool = False) -> pd.DataFrame:
    """Match rows of the devices ``names`` in ``texts`` (see :func:`_rows_of`), with an on-disk
    cache (``ANALYSIS_CACHE``) kept as the entry ``device-matches`` of the texts' content,
    ``names`` and ``answering`` (:func:`analysis.cache.cached_frame`)."""
    from .. import cache as cache_mod

    keys: list[str] = []

    def make_key() -> str:
        flags = np.asarray(answering, dtype=np.uint8).tobytes()
        keys.append(cache_mod.content_key("device-matches", _match_salt(), _segmenter_salt(texts), ",".join(names),
                                          flags, texts_key(texts)))
        return keys[-1]

    found = cache_mod.cached_frame("device-matches", make_key, lambda: _found_rows(texts, names, answering, progress))
    rows = _rows_of(found, texts, names)
    if rows is None:  # an entry of another shape under this key: not used
        cache_mod.bad_entry(cache_mod.entry_path(keys[-1], kind="device-matches", cache=None),
                            f"does not hold matches of its {len(texts)} texts")
        rows = _rows_of(_found_rows(texts, names, answering, progress), texts, names)
    release_memory()
    return rows


def _detect(frame: pd.DataFrame, names: Sequence[str], answer_roles: Sequence[str],
            progress: bool = False) -> pd.DataFrame:
    """:func:`detect_devices` on a turn frame, keeping ``_pos`` (the turn's row position)."""
    answer_roles = set(answer_roles)
    texts = frame["text"].tolist()
    answering = tuple(r in answer_roles for r in frame["role"])
    names = tuple(names)
    m = cached_by_content("devices", texts, (names, answering), lambda: _match_rows(texts, names, answering, progress))
    if not len(m):
        out = empty([*MATCH_COLUMNS, "_pos"])
        out["_pos"] = out["_pos"].astype("int64")
        return out
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
