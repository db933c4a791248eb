"""``rhetoric_profile``: every rhetorical measure, per 1,000 words, by any grouping."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._progress import resolve as resolve_progress
from .._validation import check_interval, check_option, check_type
from ..periods import period_start
from ..types import GroupBy, TurnsLike
from ._common import by_list, chinese_rows, same_texts, turn_frame
from .devices import DEVICES, _device_counts, _run_counts, warn_english_rules
from .diversity import lexical_diversity
from .lexicons import (
    BUILTIN_LEXICONS,
    LexiconSource,
    _counts_key,
    _match_counts,
    _matcher,
    lexicon_name,
    load_lexicon,
)
from .readability import readability

__all__ = ["PROFILE_LEXICONS", "rhetoric_profile"]

#: Lexicons in :func:`rhetoric_profile` by default (intensifiers are a device).
PROFILE_LEXICONS = ("hedges", "boosters", "modality", "pronouns", "frames")
PROFILE_COLUMNS = ("family", "measure", "n_turns", "n_words", "count", "per_1000", "value")
_SCORES = (("readability", "flesch_reading_ease"), ("readability", "flesch_kincaid_grade"),
           ("diversity", "mattr"), ("diversity", "mtld"))
#: The MTLD threshold of the profile's scores (:func:`~analysis.rhetoric.lexical_diversity`'s default).
_THRESHOLD = 0.72


def rhetoric_profile(
    turns: TurnsLike,
    *,
    by: GroupBy = "role",
    freq: str | None = None,
    devices: Sequence[str] | None = None,
    lexicons: Sequence[str] = PROFILE_LEXICONS,
    dictionary: LexiconSource | None = None,
    scores: bool = True,
    answer_roles: Sequence[str] = ("official",),
    window: int = 50,
    progress: bool | float | None = None,
) -> pd.DataFrame:
    """One tidy table of every rhetorical measure per group: rates per 1,000 words and scores.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns (``n_words`` is counted when absent).
    by : str or list of str, default="role"
        Any grouping: ``"speaker"``, ``["speaker", "transcript_id"]``...; may be ``[]``
        when ``freq`` is given.
    freq : str or None, default=None
        A pandas period alias (``"M"``, ``"Q"``, ``"Y"``): also group by ``period``, the
        start date of the period of each turn's ``date`` (undated turns are left out).
    devices : sequence of str or None, default=None
        Devices of :data:`~analysis.rhetoric.DEVICES` to count; None counts all.
    lexicons : sequence of str, default=PROFILE_LEXICONS
        Built-in lexicons to count (:data:`~analysis.rhetoric.BUILTIN_LEXICONS`).
    dictionary : str, path, mapping or None, default=None
        A user lexicon counted too (family = file stem, or ``"user"`` for a mapping).
    scores : bool, default=True
        Add Flesch reading ease, Flesch-Kincaid grade, MATTR and MTLD per group.
    answer_roles : sequence of str, default=("official",)
        Passed to :func:`~analysis.rhetoric.detect_devices`.
    window : int, default=50
        MATTR window.
    progress : bool, float or None, default=None
        Show a progress bar (tqdm) of the turns whose devices are detected (the slowest step:
        about 20 s of processor time on 14.5 million words, spread over every core; on a large
        corpus the bar moves as each range of texts is done).
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).

    Returns
    -------
    pandas.DataFrame
        One row per group and measure (zero counts included), by group, then family and
        measure in the order listed: the group columns (and ``period``), ``family`` (``"devices"``, a
        lexicon name, ``"readability"``, ``"diversity"``), ``measure`` (device, category
        or score name), ``n_turns``, ``n_words``, ``count`` (matches; NA for scores),
        ``per_1000`` (count per 1,000 words; NA for scores), ``value`` (``per_1000`` for counts,
        the score itself for readability and diversity).

    Raises
    ------
    ValueError
        Unknown device or lexicon; missing ``by`` column.

    See Also
    --------
    detect_devices, match_dictionary, readability, lexical_diversity

    Notes
    -----
    per_1000 = 1000 * count / n_words, n_words summed over the group's turns.

    The device detectors and the built-in lexicons are English rules and word lists, and the
    readability formulas are English formulas: a group holding a Chinese turn (``language``
    ``"zh"``, or without that column a text :func:`analysis.languages.detect_language` reads
    as Chinese) has NA counts (NaN ``per_1000`` and ``value``) for the devices and the built-in
    lexicons, and NaN readability scores, each with a
    :class:`~analysis.rhetoric.NotApplicableWarning`; a user ``dictionary`` is counted, and
    lexical diversity applies to Chinese words.

    Matches are counted per turn, not listed (the counts of the rows of
    :func:`detect_devices` and :func:`match_dictionary`), and the counts per turn depend only
    on the texts: they are kept in memory by content, so other groupings of the same turns
    reuse them, and with an on-disk cache (``ANALYSIS_CACHE``) they are stored there too
    (device, lexicon and readability counts per corpus), so a later process reads them
    instead of finding them again. The device counts are those of the match table of
    :func:`detect_devices`, found once for both: whichever of the two runs first finds the
    matches, the other reads them.

    On a large corpus the detectors run on fresh worker processes (new interpreters, which
    share no memory with this one, so a loaded corpus is not counted again in each), and the
    same workers find the sentences and tokens of their texts, count the lexicons' matches on
    their tokens and make the per-text numbers of the scores (readability's counts, and MATTR
    and MTLD of each text): the lexicon and readability counts of the texts are those of the
    workers' ranges, stacked (and stored on disk as counts), and the diversity of a group of one
    turn is that of its text. The token layer is sent back only when diversity needs it here
    (a group of several turns); layers built by the workers are not written to the on-disk
    cache as layers.

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["official", "questioner"],
    ...                   "text": ["First, we must fight. Second, we will win!", "Will you?"]})
    >>> p = rhetoric_profile(t, lexicons=["modality"], devices=["enumeration"], scores=False)
    >>> p[["role", "measure", "count", "per_1000"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['official', 'enumeration', 1, 125.0], ['official', 'obligation', 1, 125.0],
     ['official', 'certainty', 1, 125.0], ['official', 'possibility', 0, 0.0],
     ['questioner', 'enumeration', 0, 0.0], ['questioner', 'obligation', 0, 0.0],
     ['questioner', 'certainty', 1, 500.0], ['questioner', 'possibility', 0, 0.0]]
    """
    caller = "rhetoric_profile"
    names = list(DEVICES) if devices is None else list(devices)
    for d in names:
        check_option("devices", d, set(DEVICES), caller=caller)
    for lx in lexicons:
        check_option("lexicons", lx, set(BUILTIN_LEXICONS), caller=caller)
    check_type("scores", scores, bool, caller=caller)
    progress = resolve_progress(progress, caller=caller)
    check_interval("window", window, low=1, integer=True, caller=caller)
    keys = by_list(by)
    if not keys and freq is None:
        raise ValueError(f"{caller}(): by must name at least one column (or give freq); got {by!r}.")
    frame = turn_frame(turns, caller=caller, extra=[*keys, *(["date"] if freq is not None else [])])
    if freq is not None:
        check_type("freq", freq, str, caller=caller)
        frame = frame[frame["date"].notna()].reset_index(drop=True)
        frame["period"] = period_start(frame["date"], freq)
        keys = [*keys, "period"]

    with same_texts(frame["text"].tolist()):  # the texts are hashed once for every layer asked of them
        return _profile(frame, keys, names, lexicons, dictionary, scores, answer_roles, window, progress)


def _profile(frame: pd.DataFrame, keys: list[str], names: list[str], lexicons: Sequence[str],
             dictionary: LexiconSource | None, scores: bool, answer_roles: Sequence[str], window: int,
             progress: bool) -> pd.DataFrame:
    """:func:`rhetoric_profile` of a checked turn frame grouped by ``keys``."""
    g = frame.groupby(keys, dropna=False, sort=True)
    gid = g.ngroup().to_numpy()
    groups = g.agg(n_turns=("text", "size"), n_words=("n_words", "sum")).reset_index()
    groups["_g"] = np.arange(len(groups))

    measures: list[tuple[str, str]] = [("devices", d) for d in names]
    sources: dict[str, LexiconSource] = {lx: lx for lx in lexicons}
    if dictionary is not None:
        sources[lexicon_name(dictionary)] = dictionary
    for name, src in sources.items():
        measures += [(name, c) for c in load_lexicon(src)]
    spec = pd.DataFrame(measures, columns=["family", "measure"]).drop_duplicates(ignore_index=True)
    spec["_m"] = np.arange(len(spec))
    # matches per turn and measure, summed per group: one column of counts per source of
    # matches (a device, a lexicon's category), added to its measure's column
    where = {fm: m for m, fm in enumerate(zip(spec["family"], spec["measure"]))}
    per_turn = np.zeros((len(frame), len(spec)), dtype=np.int64)
    # the intensifiers (a device) are matched with the lexicons, in one pass of the matcher
    # (each category is matched on its own: the counts are those of separate passes)
    both = "intensifier" in names and "intensifiers" not in sources
    matched = {**sources, **({"intensifiers": "intensifiers"} if both else {})}
    detected = tuple(d for d in names if d != "intensifier")
    if detected:  # the detectors first, on every core, while this process holds the least to share;
        # the workers that build the text layer count the lexicons' matches on it too, and make the
        # per-text numbers of the scores; the layer itself is sent back only when it is read here:
        # by the diversity of groups of several turns, or intensifiers not matched with the lexicons
        lex_spec = (_counts_key(matched, False), _matcher(matched, False)) if matched else None
        layers = (scores and len(groups) < len(frame)) or ("intensifier" in names and not both)
        _run_counts(frame["text"].tolist(), detected, progress=progress, layers=layers, lexicons=lex_spec,
                    scores=(window, _THRESHOLD) if scores else None)
    intens = None
    if matched:
        keys_found, lex = _match_counts(frame, matched)
        for j, fm in enumerate(keys_found):
            if both and fm[0] == "intensifiers":
                intens = lex[:, j] if intens is None else intens + lex[:, j]
            else:
                per_turn[:, where[fm]] += lex[:, j]
        if both and intens is None:  # a lexicon of no category
            intens = np.zeros(len(frame), dtype=np.int64)
    if names:
        dev = _device_counts(frame, names, answer_roles, progress, intensifiers=intens)
        for j, d in enumerate(names):
            per_turn[:, where[("devices", d)]] += dev[:, j]
    dense = np.zeros((len(groups), len(spec)), dtype=np.int64)
    np.add.at(dense, gid, per_turn)
    grid = groups.merge(spec, how="cross")
    grid["count"] = pd.array(dense.ravel(), dtype="Int64")
    zh = chinese_rows(frame)
    if zh.any():  # English rules and word lists: no count for a group holding a Chinese turn
        warn_english_rules("rhetoric_profile", int(zh.sum()), len(zh), "count NA in their groups (devices and "
                           "built-in lexicons; a user dictionary is counted)")
        zh_group = np.zeros(len(groups), dtype=bool)
        np.logical_or.at(zh_group, gid, zh)
        english = spec["family"].isin(["devices", *lexicons]).to_numpy()
        grid["count"] = grid["count"].mask(np.outer(zh_group, english).ravel())
    grid["per_1000"] = (grid["count"].astype(float) / grid["n_words"].where(grid["n_words"] > 0) * 1000)
    grid["value"] = grid["per_1000"]
    parts = [grid]

    if scores:
        read = readability(frame, by=keys)
        div = lexical_diversity(frame, by=keys, window=window, threshold=_THRESHOLD)
        sc = groups.merge(read[[*keys, "flesch_reading_ease", "flesch_kincaid_grade"]], on=keys, how="left")
        sc = sc.merge(div[[*keys, "mattr", "mtld"]], on=keys, how="left")
        long = []
        for k, (fam, meas) in enumerate(_SCORES):
            part = sc[[*keys, "n_turns", "n_words", "_g", meas]].rename(columns={meas: "value"})
            part = part.assign(family=fam, measure=meas, _m=len(spec) + k)
            long.append(part)
        s = pd.concat(long, ignore_index=True)
        s["count"] = pd.array([pd.NA] * len(s), dtype="Int64")
        s["per_1000"] = np.nan
        parts.append(s)
    out = pd.concat(parts, ignore_index=True)
    out["per_1000"] = out["per_1000"].astype(float)
    out["value"] = out["value"].astype(float)
    out = out.sort_values(["_g", "_m"], ignore_index=True, kind="mergesort")
    return out[[*keys, *PROFILE_COLUMNS]]
