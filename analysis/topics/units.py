"""Analysis units for topic models: turns, paragraphs or question+answer exchanges.

A topic model sees each unit as one document. Paragraphs are the natural unit of official
speech (one paragraph, one point); turns keep a speaker's whole answer together; exchanges
put a question and its answer in one document. Very short units carry too few words to
place in a topic, so :func:`topic_units` merges or drops them by a rule stated in its
``min_words`` and ``short`` parameters.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from .._validation import check_interval, check_option
from ..errors import EmptyResultError, InputWarning
from ..wordcounts import word_counts
from ..turns import as_turns
from ..types import TurnsLike

__all__ = ["UNIT_COLUMNS", "topic_units"]

#: Columns of :func:`topic_units`, in order.
UNIT_COLUMNS = (
    "unit_id", "transcript_id", "date", "speaker", "role", "turn_index", "exchange",
    "paragraph_index", "text", "n_words", "n_parts", "path", "line",
)
_UNITS = ("paragraph", "turn", "exchange")
_PARA_SPLIT = re.compile(r"\n[ \t\f\v\u00a0]*\n\s*")
_CALLER = "topic_units"
#: A paragraph of more words than this is cut at sentence ends (``topic_units(max_words=)``): the
#: paragraphs of official speech are some 50 to 100 words (the median on the bundled corpus, the
#: UN General Debate and the Hansard debates), and one in a thousand passes 250 to 650.
MAX_WORDS = 1000


def topic_units(
    turns: TurnsLike,
    *,
    unit: str = "paragraph",
    min_words: int = 20,
    short: str = "merge",
    max_words: int | None = MAX_WORDS,
) -> pd.DataFrame:
    """Cut a corpus into the documents a topic model will see.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        A ``Corpus``, its turns (``Corpus.turns()``) or its paragraphs
        (``Corpus.paragraphs()``, recognised by a ``paragraph_index`` column). Needs
        ``transcript_id``, ``text`` and ``turn_index``; ``date``, ``speaker``, ``role``,
        ``exchange``, ``path`` and ``line`` are carried along when present.
    unit : {"paragraph", "turn", "exchange"}, default="paragraph"
        ``"paragraph"``: one unit per paragraph of speech (turn texts are split at blank
        lines when a turns frame is given). ``"turn"``: one unit per turn.
        ``"exchange"``: a question and the turns that answer it, joined in turn order (turns
        outside any exchange, such as opening statements, are left out).
    min_words : int, default=20
        Units with fewer words than this are short (see ``short``). 0 keeps everything
        that has at least one word.
    short : {"merge", "drop"}, default="merge"
        ``"merge"``: for paragraphs, a short paragraph is joined to the following
        paragraphs of the same turn until the unit reaches ``min_words``; a short remainder
        at the end of a turn joins the turn's previous unit; a turn whose whole speech is
        shorter than ``min_words`` is dropped. Turns and exchanges have no neighbour of the
        same voice to merge with, so short ones are dropped under either rule.
        ``"drop"``: every short unit is dropped.
    max_words : int or None, default=1000
        For paragraphs: a paragraph of more than this many words is a text with no paragraph
        breaks (a speech typed on one line), not one point; it is cut at sentence ends into
        the fewest parts of at most about ``max_words`` words each, of nearly equal length (a
        single sentence longer than that stays whole), and an :class:`~analysis.errors.InputWarning`
        says which and how many. The parts keep the paragraph's ``paragraph_index``, ``path``
        and ``line``. None keeps every paragraph whole.

    Returns
    -------
    pandas.DataFrame
        One row per unit, in corpus order (transcript, turn, paragraph). Columns:
        ``unit_id`` (0..n-1), ``transcript_id``, ``date``, ``speaker`` (for exchanges the
        answering speaker(s), "; "-joined), ``role`` (``"exchange"`` for exchanges),
        ``turn_index`` (first turn; the question's for exchanges), ``exchange``,
        ``paragraph_index`` (first paragraph merged in; <NA> for turns and exchanges),
        ``text``, ``n_words``, ``n_parts`` (source paragraphs or turns in the unit),
        ``path``, ``line``.

    Raises
    ------
    ValueError
        Unknown ``unit`` or ``short``; negative ``min_words``; a required column missing.
    EmptyResultError
        No unit is left: lower ``min_words``.

    Notes
    -----
    Word counts are :func:`analysis.text.count_words` (word tokens, punctuation and
    clitics excluded), the same as the corpus's ``n_words``: a turns frame's paragraphs are
    counted as the corpus counts its turns (white-space chunks all at once, on every core for
    a large corpus; the texts with a Han character in the token layer), a frame's own
    ``n_words`` is used as it is.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "a"], "turn_index": [0, 1],
    ...                       "speaker": ["Q", "A"], "role": ["questioner", "official"],
    ...                       "exchange": [0, 0],
    ...                       "text": ["Tariffs?", "Tariffs hurt trade.\\n\\nOk.\\n\\nWe oppose tariffs."]})
    >>> topic_units(turns, min_words=3)[["turn_index", "text", "n_parts"]].values.tolist()
    [[1, 'Tariffs hurt trade.', 1], [1, 'Ok.\\n\\nWe oppose tariffs.', 2]]
    >>> topic_units(turns, unit="exchange", min_words=3)["text"].tolist()
    ['Tariffs?\\n\\nTariffs hurt trade.\\n\\nOk.\\n\\nWe oppose tariffs.']
    """
    check_option("unit", unit, set(_UNITS), caller=_CALLER)
    check_option("short", short, {"merge", "drop"}, caller=_CALLER)
    check_interval("min_words", min_words, low=0, caller=_CALLER, integer=True)
    if max_words is not None:
        check_interval("max_words", max_words, low=max(min_words, 1), caller=_CALLER, integer=True)
    if hasattr(turns, "paragraphs") and callable(turns.paragraphs) and unit == "paragraph":
        t = _turn_exchanges(turns)
        paras = turns.paragraphs()
        extra = [c for c in ("exchange",) if c in t.columns]
        paras = paras.merge(t[["transcript_id", "turn_index", *extra]], on=["transcript_id", "turn_index"],
                            how="left", validate="many_to_one")
        frame = paras
    else:
        frame = as_turns(turns, caller=_CALLER, columns=("transcript_id", "turn_index", "text"))
    frame = _with_defaults(frame)
    if unit == "paragraph":
        if "paragraph_index" not in frame.columns:
            frame = _split_paragraphs(frame)
        if max_words is not None:
            frame = _cut_long_paragraphs(frame, max_words)
        out = _merge_paragraphs(frame, min_words=min_words, merge=(short == "merge"))
    elif unit == "turn":
        if "paragraph_index" in frame.columns:
            raise ValueError(f"{_CALLER}(): unit='turn' needs turns (Corpus.turns()), not paragraphs; "
                             "pass the Corpus or its turns.")
        out = frame.assign(paragraph_index=pd.NA, n_parts=1)
    else:
        if "paragraph_index" in frame.columns:
            raise ValueError(f"{_CALLER}(): unit='exchange' needs turns (Corpus.turns()), not paragraphs; "
                             "pass the Corpus or its turns.")
        out = _exchanges(frame)
    if "n_words" not in out.columns:
        out = out.assign(n_words=word_counts(out["text"].tolist()))
    keep = (out["n_words"] >= max(min_words, 1))
    out = out[keep]
    if out.empty and len(frame):
        raise EmptyResultError(f"{_CALLER}(): no {unit} has at least min_words={min_words} words; "
                               "lower min_words.")
    out = out.sort_values(["transcript_id", "turn_index", "paragraph_index"], kind="stable",
                          na_position="first", key=_sort_key)
    out = out.reset_index(drop=True)
    out["unit_id"] = range(len(out))
    out["paragraph_index"] = out["paragraph_index"].astype("Int64")
    out["exchange"] = out["exchange"].astype("Int64")
    for col in ("turn_index", "n_words", "n_parts", "line"):
        out[col] = out[col].astype("int64")
    return out[list(UNIT_COLUMNS)]


def _turn_exchanges(corpus) -> pd.DataFrame:
    """``transcript_id``, ``turn_index`` and ``exchange`` of every turn of ``corpus``.

    The ``exchange`` column of ``Corpus.turns()`` (a question's own ``turn_index`` for a
    question, the question it answers for other turns), read from the transcripts' turns: the
    full turns table would also count the words of every turn, a tokenizer pass over the whole
    corpus that paragraph units do not need. Objects without transcripts get ``turns()``.
    """
    transcripts = getattr(corpus, "transcripts", None)
    if transcripts is None:
        return corpus.turns()
    rows = [(t.id, u.index, u.index if u.role == "questioner" else u.answers_turn)
            for t in transcripts for u in t.turns]
    frame = pd.DataFrame(rows, columns=["transcript_id", "turn_index", "exchange"])
    frame["turn_index"] = frame["turn_index"].astype("int64")
    frame["exchange"] = frame["exchange"].astype("Int64")
    return frame


def _sort_key(col: pd.Series) -> pd.Series:
    # Keep corpus order of transcripts (their first appearance), numeric order inside.
    if col.name == "transcript_id":
        order = {v: i for i, v in enumerate(dict.fromkeys(col))}
        return col.map(order)
    return col


def _with_defaults(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    defaults = {"date": pd.NaT, "speaker": "", "role": "unknown", "exchange": pd.NA, "path": "", "line": 0}
    for col, val in defaults.items():
        if col not in frame.columns:
            frame[col] = val
    frame["date"] = pd.to_datetime(frame["date"])
    frame["text"] = frame["text"].fillna("").astype(str)
    return frame


def _split_paragraphs(turns: pd.DataFrame) -> pd.DataFrame:
    """One row per paragraph of the turns' texts (split at blank lines, stripped, empty ones
    left out), numbered from 0 in each turn, by pandas' string methods (no loop over turns)."""
    cols = ["transcript_id", "date", "speaker", "role", "turn_index", "exchange", "path", "line"]
    parts = turns["text"].reset_index(drop=True).str.strip().str.split(_PARA_SPLIT, regex=True).explode()
    parts = parts.str.strip()
    parts = parts[parts.str.len() > 0]
    pos = parts.index.to_numpy(dtype=np.int64)  # the turn (row) of each paragraph
    out = turns[cols].iloc[pos].reset_index(drop=True)
    first = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]]) if len(pos) else np.zeros(0, dtype=np.int64)
    out.insert(6, "paragraph_index", np.arange(len(pos)) - np.repeat(first, np.diff(np.r_[first, len(pos)])))
    out.insert(7, "text", parts.to_numpy())
    return out


def _cut_long_paragraphs(paras: pd.DataFrame, max_words: int) -> pd.DataFrame:
    """``paras`` with each paragraph of more than ``max_words`` words replaced by its parts, cut at
    sentence ends (:func:`sentence_parts`); an :class:`~analysis.errors.InputWarning` names them."""
    if "n_words" not in paras.columns:
        paras = paras.assign(n_words=word_counts(paras["text"].tolist()))
    paras = paras.reset_index(drop=True)
    long = np.flatnonzero(paras["n_words"].to_numpy() > max_words)
    if not len(long):
        return paras
    texts = paras["text"].tolist()
    parts = [sentence_parts(texts[i], max_words) for i in long.tolist()]
    if all(len(p) == 1 for p in parts):  # each one sentence: nothing to cut
        return paras
    repeat = np.ones(len(paras), dtype=np.int64)
    repeat[long] = [len(p) for p in parts]
    out = paras.iloc[np.repeat(np.arange(len(paras)), repeat)].reset_index(drop=True)
    starts = np.cumsum(np.r_[0, repeat[:-1]])
    new_text = list(out["text"])
    for i, p in zip(long.tolist(), parts):
        new_text[starts[i]:starts[i] + len(p)] = [t for t, _ in p]
    out["text"] = new_text
    words = out["n_words"].to_numpy().copy()
    for i, p in zip(long.tolist(), parts):
        words[starts[i]:starts[i] + len(p)] = [n for _, n in p]
    out["n_words"] = words
    cut = [(i, len(p)) for i, p in zip(long.tolist(), parts) if len(p) > 1]
    longest = sorted(cut, key=lambda c: (-int(paras.at[c[0], "n_words"]), c[0]))  # named longest first
    where = [f"{paras.at[i, 'transcript_id']} (turn {paras.at[i, 'turn_index']}, {paras.at[i, 'n_words']:,} words, "
             f"{k} parts)" for i, k in longest[:3]]
    more = f" and {len(cut) - 3} more" if len(cut) > 3 else ""
    warnings.warn(f"{_CALLER}(): {len(cut)} paragraph(s) of more than {max_words:,} words (text typed with few or "
                  f"no paragraph breaks) cut at sentence ends into {sum(k for _, k in cut):,} units: "
                  f"{'; '.join(where)}{more} (max_words=None keeps them whole)", InputWarning, stacklevel=3)
    return out


def sentence_parts(text: str, max_words: int) -> list[tuple[str, int]]:
    """``text`` cut at sentence ends into the fewest parts of at most ``max_words`` words, of nearly
    equal length, with each part's word count (:func:`analysis.text.count_words`): a part ends at
    the first sentence end where it reaches its share of the words. A sentence longer than
    ``max_words`` is a part of its own; every character of ``text`` is in one part (the white
    space between two parts left out).

    Examples
    --------
    >>> sentence_parts("One two three. Four five. Six seven eight. Nine.", 5)
    [('One two three. Four five.', 5), ('Six seven eight. Nine.', 4)]
    >>> sentence_parts("One two three four five six.", 2)
    [('One two three four five six.', 6)]
    """
    from ..text import sentence_spans

    spans = sentence_spans(text)
    if len(spans) <= 1:
        return [(text, word_counts([text])[0])]
    starts = [0] + [s for s, _ in spans[1:]]
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)])]
    counts = word_counts(pieces)
    before = np.cumsum([0, *counts])  # words before each sentence (and in all)
    total = int(before[-1])
    # the fewest parts whose cuts, each at the sentence end nearest its equal share of the words,
    # leave no part of several sentences above max_words
    fewest, acc = 1, 0  # the fewest parts there can be: filling each part in turn
    for n in counts:
        if acc and acc + n > max_words:
            fewest, acc = fewest + 1, 0
        acc += n
    for n_parts in range(fewest, len(counts) + 1):
        cuts = [0]  # the first sentence of each part
        for j in range(1, n_parts):
            goal = total * j / n_parts
            at = int(np.searchsorted(before, goal))  # the first sentence end with goal words before it
            if 0 < at < len(before) and goal - before[at - 1] < before[at] - goal:
                at -= 1  # the nearer end
            at = min(max(at, cuts[-1] + 1), len(counts) - 1)
            if at > cuts[-1]:
                cuts.append(at)
        bounds = [*cuts, len(counts)]
        if all(before[b] - before[a] <= max_words or b - a == 1 for a, b in zip(bounds, bounds[1:])):
            break
    else:  # (the shares' nearest ends crowded together): a sentence a part
        bounds = list(range(len(counts) + 1))
    return [(text[starts[a]:starts[b] if b < len(counts) else len(text)].strip(), int(before[b] - before[a]))
            for a, b in zip(bounds, bounds[1:])]


def _merge_paragraphs(paras: pd.DataFrame, *, min_words: int, merge: bool) -> pd.DataFrame:
    if "n_words" not in paras.columns:
        paras = paras.assign(n_words=word_counts(paras["text"].tolist()))
    if not merge or min_words <= 1:
        return paras.assign(n_parts=1)
    paras = paras.reset_index(drop=True)
    turn_key = paras.groupby(["transcript_id", "turn_index"], sort=False).ngroup().to_numpy()
    n_words = paras["n_words"].to_numpy()
    gid = np.empty(len(paras), dtype=np.int64)
    g, acc, is_open, start, last_closed = -1, 0, False, 0, -1
    for i in range(len(paras) + 1):
        if i == len(paras) or (i > 0 and turn_key[i] != turn_key[i - 1]):
            if is_open and last_closed >= 0:  # short remainder joins the turn's previous unit
                gid[start:i] = last_closed
            is_open, last_closed = False, -1
            if i == len(paras):
                break
        if not is_open:
            g, acc, is_open, start = g + 1, 0, True, i
        gid[i] = g
        acc += n_words[i]
        if acc >= min_words:
            is_open, last_closed = False, g
    first = ["transcript_id", "date", "speaker", "role", "turn_index", "exchange", "paragraph_index", "path", "line"]
    grouped = paras.assign(_gid=gid).groupby("_gid", sort=True)
    out = grouped[first].first()
    out["text"] = _joined(paras["text"].tolist(), gid)
    out["n_words"] = grouped["n_words"].sum()
    out["n_parts"] = grouped.size()
    return out.reset_index(drop=True)


def _joined(texts: list[str], gid: np.ndarray) -> list[str]:
    """The texts of each run of equal ``gid`` (non-decreasing), joined by a blank line, in order:
    ``groupby(gid)["text"].agg("\\n\\n".join)`` without a Python call per group."""
    cuts = np.flatnonzero(np.diff(gid)) + 1
    bounds = zip([0, *cuts.tolist()], [*cuts.tolist(), len(texts)])
    return ["\n\n".join(texts[a:b]) for a, b in bounds] if len(texts) else []


def _exchanges(turns: pd.DataFrame) -> pd.DataFrame:
    if "n_words" not in turns.columns:
        turns = turns.assign(n_words=word_counts(turns["text"].tolist()))
    t = turns[turns["exchange"].notna()].sort_values(["transcript_id", "turn_index"], kind="stable",
                                                     key=_sort_key)
    rows = []
    for (tid, ex), g in t.groupby(["transcript_id", "exchange"], sort=False):
        answers = g[g["role"] != "questioner"]
        first = g.iloc[0]
        rows.append({
            "transcript_id": tid, "date": first["date"],
            "speaker": "; ".join(dict.fromkeys(answers["speaker"].astype(str))),
            "role": "exchange", "turn_index": int(ex), "exchange": ex, "paragraph_index": pd.NA,
            "text": "\n\n".join(g["text"]), "n_words": int(g["n_words"].sum()), "n_parts": len(g),
            "path": first["path"], "line": first["line"],
        })
    cols = ["transcript_id", "date", "speaker", "role", "turn_index", "exchange", "paragraph_index", "text",
            "n_words", "n_parts", "path", "line"]
    return pd.DataFrame(rows, columns=cols)
