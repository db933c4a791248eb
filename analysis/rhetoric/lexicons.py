"""Dictionary (lexicon) matching: hedges, boosters, modality, pronouns, frames, or your own.

A lexicon maps categories to entries, in the manner of quanteda's ``dictionary()`` and
LIWC. Entries are matched against the tokens of :func:`analysis.text.tokenize`:

* ``*`` matches any run of word characters and ``?`` one character (glob), so ``battle*``
  matches "battle", "battles", "battlefield";
* an entry of several words matches consecutive tokens (``front line``, ``in my view``);
  contractions match as the tokenizer splits them (``won't`` is ``wo`` + ``n't``);
* case is ignored unless the entry starts with ``=`` (``=us`` is the pronoun, not "US").

Counting follows quanteda's ``tokens_lookup(nested_scope = "key")``: within one category
matches do not overlap (at each token the longest entry wins, then matching resumes after
it), while a token may count in several categories.

Built-in lexicons live in ``analysis/lexicons/`` as editable text files, each with its
source or rationale in a header comment (:data:`BUILTIN_LEXICONS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..text import LEXICON_DIR
from .._validation import check_type
from ..types import GroupBy, PathLike, TurnsLike
from ._common import TURN_KEYS, by_list, cached_by_content, disk_cached_counts, empty, token_table_of, turn_frame
from ._matcher import Matcher

__all__ = ["BUILTIN_LEXICONS", "load_lexicon", "match_dictionary", "dictionary_counts"]

#: Names of the lexicons shipped in ``analysis/lexicons/`` (``<name>.txt``).
BUILTIN_LEXICONS = ("hedges", "boosters", "modality", "pronouns", "frames", "intensifiers")

MATCH_DICT_COLUMNS = (*TURN_KEYS, "lexicon", "category", "entry", "start", "end", "match")
COUNT_COLUMNS = ("lexicon", "category", "count", "n_words", "per_1000")

Lexicon = dict[str, tuple[str, ...]]
LexiconSource = str | PathLike | Mapping[str, Iterable[str] | str]


def _parse_text_lexicon(lines: list[str], path: str) -> Lexicon:
    out: dict[str, list[str]] = {}
    current: str | None = None
    for n, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            if not current:
                raise ValueError(f"load_lexicon(): {path}, line {n}: empty category name '[]'.")
            out.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"load_lexicon(): {path}, line {n}: entry {line!r} comes before any "
                             "'[category]' line; start the file with a category such as '[hedges]'.")
        out[current].append(line)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def _parse_liwc(lines: list[str], path: str) -> Lexicon:
    """LIWC ``.dic``: a ``%``-delimited header of ``id<TAB>name`` lines, then ``entry<TAB>ids``."""
    marks = [i for i, x in enumerate(lines) if x.strip() == "%"]
    if len(marks) < 2:
        raise ValueError(f"load_lexicon(): {path}: a LIWC .dic file needs a header between two '%' lines.")
    names: dict[str, str] = {}
    for n in range(marks[0] + 1, marks[1]):
        parts = lines[n].split()
        if len(parts) >= 2:
            names[parts[0]] = parts[1]
    out: dict[str, list[str]] = {v: [] for v in names.values()}
    for n in range(marks[1] + 1, len(lines)):
        parts = lines[n].rstrip("\n").split("\t")
        if len(parts) < 2 or not parts[0].strip():
            continue
        entry = parts[0].strip()
        for cid in " ".join(parts[1:]).split():
            if cid not in names:
                raise ValueError(f"load_lexicon(): {path}, line {n + 1}: category id {cid!r} is not in the header.")
            out[names[cid]].append(entry)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


def load_lexicon(source: LexiconSource) -> Lexicon:
    """Read a lexicon: a built-in name, a file, or a mapping of categories to entries.

    Parameters
    ----------
    source : str, path or mapping
        One of :data:`BUILTIN_LEXICONS` (``"hedges"``); a path to a text lexicon (sections
        ``[category]`` then one entry a line, ``#`` comments) or to a LIWC ``.dic`` file;
        or a mapping ``{category: entries}`` (a single entry may be a string).

    Returns
    -------
    dict of str to tuple of str
        Categories in file order, each with its entries (duplicates dropped).

    Raises
    ------
    ValueError
        Unknown built-in name, missing file, an entry before any category, an empty entry.
    TypeError
        ``source`` of another type.

    Examples
    --------
    >>> load_lexicon({"war": ["battle*", "front line"], "peace": "harmony"})
    {'war': ('battle*', 'front line'), 'peace': ('harmony',)}
    >>> sorted(load_lexicon("pronouns"))
    ['i', 'they', 'we', 'you']
    """
    check_type("source", source, (str, Path, Mapping), caller="load_lexicon")
    if isinstance(source, Mapping):
        out: Lexicon = {}
        for cat, entries in source.items():
            items = (entries,) if isinstance(entries, str) else tuple(entries)
            if any(not str(e).strip() for e in items):
                raise ValueError(f"load_lexicon(): category {cat!r} has an empty entry.")
            out[str(cat)] = tuple(dict.fromkeys(str(e).strip() for e in items))
        return out
    path = Path(source)
    if isinstance(source, str) and source in BUILTIN_LEXICONS:
        path = LEXICON_DIR / f"{source}.txt"
    elif not path.is_file():
        raise ValueError(f"load_lexicon(): source must be one of {', '.join(BUILTIN_LEXICONS)} or an existing "
                         f"file; got {str(source)!r}.")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    first = next((x.strip() for x in lines if x.strip()), "")
    return _parse_liwc(lines, str(path)) if first == "%" else _parse_text_lexicon(lines, str(path))


def lexicon_name(source: LexiconSource) -> str:
    """A label for ``source``: the built-in name, the file stem, or ``"user"`` for a mapping."""
    if isinstance(source, Mapping):
        return "user"
    return Path(source).stem


# --- compiled matcher (analysis/rhetoric/_matcher.py) ------------------------------

@lru_cache(maxsize=32)
def _builtin_matcher(names: tuple[str, ...], case_sensitive: bool) -> Matcher:
    return Matcher({n: load_lexicon(n) for n in names}, case_sensitive)


def _matcher(sources: Mapping[str, LexiconSource], case_sensitive: bool) -> Matcher:
    if all(isinstance(s, str) and s in BUILTIN_LEXICONS for s in sources.values()) and \
            all(k == v for k, v in sources.items()):
        return _builtin_matcher(tuple(sources), case_sensitive)
    return Matcher({name: load_lexicon(src) for name, src in sources.items()}, case_sensitive)


def _match_frame(frame: pd.DataFrame, sources: Mapping[str, LexiconSource], *,
                 case_sensitive: bool = False, keep_pos: bool = False) -> pd.DataFrame:
    """Matches of several lexicons over the turns of ``frame`` (already a turn frame).

    ``keep_pos`` keeps ``_pos``, the row position of each match's turn in ``frame``.
    """
    lexicons = {name: load_lexicon(src) for name, src in sources.items()}
    texts = frame["text"].tolist()

    def compute() -> tuple:
        matcher = _matcher(sources, case_sensitive)
        found = matcher.match(token_table_of(texts))
        keys = matcher.keys
        entries = [x[2] for x in matcher.entries]
        pos, key, start, end = (a.tolist() for a in (found.text, found.key, found.start, found.end))
        return (pos, [keys[k][0] for k in key], [keys[k][1] for k in key], [entries[i] for i in found.entry.tolist()],
                start, end, [texts[p][s:e] for p, s, e in zip(pos, start, end)])

    key = (case_sensitive, tuple((n, tuple(c.items())) for n, c in lexicons.items()))
    columns = cached_by_content("lexicons", texts, key, compute)
    cols = [*MATCH_DICT_COLUMNS, "_pos"] if keep_pos else list(MATCH_DICT_COLUMNS)
    if not columns[0]:
        out = empty(cols)
        if keep_pos:
            out["_pos"] = out["_pos"].astype("int64")
        return out
    m = pd.DataFrame(dict(zip(["_pos", "lexicon", "category", "entry", "start", "end", "match"], columns)))
    meta = frame[list(TURN_KEYS)].iloc[m["_pos"].to_numpy()].reset_index(drop=True)
    out = pd.concat([meta, m], axis=1)[cols]
    return out.sort_values(["transcript_id", "turn_index", "start", "lexicon", "category", "end"],
                           ignore_index=True, kind="mergesort")


def _match_counts(frame: pd.DataFrame, sources: Mapping[str, LexiconSource], *,
                  case_sensitive: bool = False) -> tuple[list[tuple[str, str]], np.ndarray]:
    """Per turn of ``frame`` (a turn frame) and ``(lexicon, category)``: the number of matches
    :func:`_match_frame` finds (its rows, counted without being made).

    Returns the ``(lexicon, category)`` keys and an int64 array of one row per turn and one
    column per key.
    """
    return _lexicon_counts(frame["text"].tolist(), _counts_key(sources, case_sensitive),
                           lambda: _matcher(sources, case_sensitive))


def _counts_key(sources: Mapping[str, LexiconSource], case_sensitive: bool) -> tuple:
    """What the lexicon counts of :func:`_lexicon_counts` depend on besides the texts: the
    case rule and every lexicon's categories and entries."""
    return (case_sensitive, tuple((n, tuple(load_lexicon(src).items())) for n, src in sources.items()))


def _table_counts(matcher: Matcher, table) -> np.ndarray:
    """Per text of ``table`` (a :class:`~analysis.tokens.TokenTable`) and key of ``matcher``: its
    matches (int64, one row per text)."""
    n_keys = len(matcher.keys)
    found = matcher.match(table)
    flat = np.bincount(found.text.astype(np.int64) * n_keys + found.key, minlength=table.n_texts * n_keys)
    return flat.reshape(table.n_texts, n_keys)


def _lexicon_counts(texts: list[str], key: tuple, matcher: Callable[[], Matcher],
                    found: np.ndarray | None = None) -> tuple[list[tuple[str, str]], np.ndarray]:
    """The keys of ``matcher()`` and the counts of :func:`_table_counts` of ``texts`` (``key``: of
    :func:`_counts_key`), stored on disk (entries of kind ``lexicon-counts``,
    :func:`~analysis.rhetoric._common.disk_cached_counts`) and kept in memory by content.

    ``found``: the counts when already made elsewhere (by the detectors' workers, range by range,
    :func:`~analysis.rhetoric.devices._fresh_rows`), taken instead of matching the text layer here.
    """
    def compute() -> tuple:
        from ..cache import source_key

        made = matcher()

        def count() -> np.ndarray:
            return found if found is not None else _table_counts(made, token_table_of(texts))

        code = source_key("analysis.text", "analysis.tokens", "analysis.rhetoric._matcher", "analysis.rhetoric.lexicons")
        counts = disk_cached_counts("lexicon-counts", texts, f"{code} {key!r}", count)
        counts.flags.writeable = False
        return list(made.keys), counts

    return cached_by_content("lexicon-counts", texts, key, compute)


def match_dictionary(turns: TurnsLike, dictionary: LexiconSource, *, case_sensitive: bool = False) -> pd.DataFrame:
    """Every match of a lexicon's entries in the turns, with its character span.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text``; ``transcript_id``, ``turn_index``, ``speaker``, ``role`` are used
        when present.
    dictionary : str, path or mapping
        A built-in lexicon name, a lexicon file, or ``{category: entries}``
        (see :func:`load_lexicon` and the module notes for wildcards and multi-word entries).
    case_sensitive : bool, default=False
        Match every entry case-sensitively (entries starting with ``=`` always are).

    Returns
    -------
    pandas.DataFrame
        One row per match, by transcript, turn, start, lexicon, category: ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``, ``lexicon`` (built-in name, file stem or
        ``"user"``), ``category``, ``entry`` (the entry that matched), ``start``, ``end``
        (character offsets in ``text``), ``match`` (``text[start:end]``).

    See Also
    --------
    dictionary_counts : counts and rates per turn or group.

    Examples
    --------
    >>> t = pd.DataFrame({"text": ["We fight on the front line; the front-lines hold."]})
    >>> match_dictionary(t, {"war": ["fight*", "front line", "front-line*"]})[["entry", "match"]].values.tolist()
    [['fight*', 'fight'], ['front line', 'front line'], ['front-line*', 'front-lines']]
    """
    frame = turn_frame(turns, caller="match_dictionary")
    check_type("case_sensitive", case_sensitive, bool, caller="match_dictionary")
    return _match_frame(frame, {lexicon_name(dictionary): dictionary}, case_sensitive=case_sensitive)


def dictionary_counts(turns: TurnsLike, dictionary: LexiconSource, *, by: GroupBy | None = None,
                      case_sensitive: bool = False) -> pd.DataFrame:
    """Matches per category, per turn or per group, with rates per 1,000 words.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` (and ``n_words``, else it is counted) and the ``by`` columns.
    dictionary : str, path or mapping
        As in :func:`match_dictionary`.
    by : str, list of str or None, default=None
        Grouping columns; None gives one row per turn and category (keyed by
        ``transcript_id``, ``turn_index``, ``speaker``, ``role``).
    case_sensitive : bool, default=False
        As in :func:`match_dictionary`.

    Returns
    -------
    pandas.DataFrame
        One row per group and category (every category, zero counts included), by group
        then category: the group columns, ``lexicon``, ``category``, ``count``,
        ``n_words``, ``per_1000`` (count per 1,000 words; NaN for groups without words).

    Examples
    --------
    >>> t = pd.DataFrame({"role": ["official", "questioner"],
    ...                   "text": ["We must and we will.", "Will you?"]})
    >>> dictionary_counts(t, "modality", by="role")[["role", "category", "count", "per_1000"]].values.tolist()
    ... # doctest: +NORMALIZE_WHITESPACE
    [['official', 'obligation', 1, 200.0], ['official', 'certainty', 1, 200.0],
     ['official', 'possibility', 0, 0.0], ['questioner', 'obligation', 0, 0.0],
     ['questioner', 'certainty', 1, 500.0], ['questioner', 'possibility', 0, 0.0]]
    """
    frame = turn_frame(turns, caller="dictionary_counts", extra=by_list(by))
    check_type("case_sensitive", case_sensitive, bool, caller="dictionary_counts")
    name = lexicon_name(dictionary)
    lex = load_lexicon(dictionary)
    matches = _match_frame(frame, {name: lex}, case_sensitive=case_sensitive, keep_pos=True)
    keys = list(TURN_KEYS) if by is None else by_list(by)
    cats = pd.DataFrame({"lexicon": name, "category": list(lex), "_order": range(len(lex))})
    if by is None:
        gid = np.arange(len(frame))
        groups = frame[[*keys, "n_words"]].assign(_g=gid)
    else:
        g = frame.groupby(keys, dropna=False, sort=True)
        gid = g.ngroup().to_numpy()
        groups = g["n_words"].sum().reset_index()
        groups["_g"] = np.arange(len(groups))
    m = pd.DataFrame({"_g": gid[matches["_pos"].to_numpy(dtype="int64")], "category": matches["category"]})
    counts = m.groupby(["_g", "category"]).size().rename("count").reset_index()
    grid = groups.merge(cats, how="cross").merge(counts, on=["_g", "category"], how="left")
    grid["count"] = grid["count"].fillna(0).astype("int64")
    grid["per_1000"] = grid["count"] / grid["n_words"].where(grid["n_words"] > 0) * 1000
    grid = grid.sort_values(["_g", "_order"], ignore_index=True, kind="mergesort")
    return grid[[*keys, *COUNT_COLUMNS]]
