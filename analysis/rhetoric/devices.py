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

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from .._progress import bar
from .._progress import resolve as resolve_progress
from .._validation import check_option
from ..types import TurnsLike
from ._common import (
    MATCH_COLUMNS,
    TURN_KEYS,
    cached_by_content,
    chinese_rows,
    disk_cached_counts,
    empty,
    release_memory,
    same_texts,
    segmenter_salt_of,
    sentence_table_of,
    texts_key,
    turn_frame,
)
from .emphasis import (
    _intensifier_matches,
    _superlative_candidates,
    find_exclamations,
    find_intensifiers,
    find_rhetorical_questions,
    find_slogans,
    find_statistics,
    find_superlatives,
)
from ._scan import find_all, fold
from .structure import (
    _CORRELATIVE_WORDS,
    Span,
    Spans,
    _opening_re,
    _parallel_clauses,
    find_anaphora,
    find_enumerations,
    find_parallelism,
    find_tricolons,
)

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
                   answer_roles: Sequence[str] = ("official",), progress: bool | float | None = None) -> pd.DataFrame:
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
    progress : bool, float or None, default=None
        Show a progress bar over turns (tqdm); results are cached by content, so a repeat
        call on the same texts is instant. With an on-disk cache (``ANALYSIS_CACHE``) the
        matches are also stored there (entries of kind ``device-matches``, and
        ``intensifier-matches`` for the intensifiers, keyed by the texts' content, the devices
        and the detectors' source), so a later process reads them
        instead of finding them again. The matches are found once with every turn taken as
        answering, then the questions found only "in answer" are kept for the turns of
        ``answer_roles``: the table serves any ``answer_roles`` and the device counts of
        :func:`~analysis.rhetoric.rhetoric_profile`.
        None (the default): when someone watches (a terminal or Jupyter; ``ANALYSIS_PROGRESS``
        overrides) and the work lasts over 2 s; True: always, at once; False: never; a number: for
        work over that many seconds (:func:`analysis._progress.resolve`).

    Returns
    -------
    pandas.DataFrame
        One row per match, by transcript, turn, start, device: ``transcript_id``,
        ``turn_index``, ``speaker``, ``role``, ``device``, ``start``, ``end`` (character
        offsets in the turn's ``text``), ``match`` (``text[start:end]``), ``detail``.
        Chinese turns (``language`` ``"zh"``, or without that column a text
        :func:`analysis.languages.detect_language` reads as Chinese) have no rows: the
        detectors are English rules (English words, punctuation and patterns), and a
        :class:`~analysis.rhetoric.NotApplicableWarning` says how many turns that is.

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
    progress = resolve_progress(progress, caller="detect_devices")
    frame = turn_frame(turns, caller="detect_devices")
    with same_texts(frame["text"].tolist()):  # the texts are hashed once for every layer asked of them
        return _detect(frame, names, answer_roles, progress).drop(columns="_pos")


def _detect_items(items, names: Sequence[str], tests: list | None = None) -> list[tuple]:
    """Match rows ``(pos, device, start, end, detail)`` of ``(pos, text, sentence spans)`` items,
    in item then device order (``device``: the index of its name in ``names``, of which the
    intensifiers are left out: the lexicon matcher finds them for every text at once,
    :func:`_found_rows`). Rhetorical questions are found as in an answer (``answering=True``):
    the rows of a turn that does not answer are those without the detail ``"in answer"``. Parallel
    clauses are searched for in the sentences where they can be only (:func:`_parallel_sentences`).

    ``tests``: when given, the superlatives' rows are their candidates
    (:func:`~analysis.rhetoric.emphasis._superlative_candidates`), and the word test of each
    candidate that has one is appended to it as ``(row, kind, word)`` (``row``: its index in the
    rows returned); :func:`_settle` drops those that fail, leaving the rows found without."""
    rows: list[tuple] = []
    for pos, text, sents in items:
        for k, d in enumerate(names):
            fn = DEVICES[d]
            if d == "intensifier":
                continue
            elif d == "superlative" and tests is not None:
                for s, e, detail, test in _superlative_candidates(text):
                    if test is not None:
                        tests.append((len(rows), *test))
                    rows.append((pos, k, s, e, detail))
                continue
            elif d == "rhetorical_question":
                found = fn(text, answering=True, spans=sents)
            elif d == "parallelism" and sents is not None:
                found = _parallel_clauses(text, 2, *_parallel_sentences(text, sents))
            else:
                found = fn(text, spans=sents)
            rows.extend((pos, k, s, e, detail) for s, e, detail in found)
    return rows


#: The clause breaks of :func:`find_parallelism` (the matches of its ``_CLAUSE_SPLIT``, ``[;,:]\s+``)
#: of each punctuation mark, with the first word of the clause after the break (group 1; None when
#: it has none). One pattern per mark: a search for a literal is several times faster than one for a
#: set of characters.
_BREAK_WORDS = tuple(re.compile(mark + r"\s+(?:(?=" + _opening_re(0).pattern + ")|)") for mark in ";,:")
#: The second half of "the more ..., the more" (from its comma), where it can be.
_COMPARATIVE = re.compile(r",\s*the (?:more|less|\w+er)", re.IGNORECASE)


def _parallel_sentences(text: str, spans: Spans) -> tuple[list[tuple[int, int]], list[int]]:
    """The sentences of ``spans`` in which :func:`find_parallelism` can find a match: those that
    may hold a correlative (the words of :data:`~analysis.rhetoric.structure._CORRELATIVE_WORDS`
    in :func:`~analysis.rhetoric._scan.fold`'s lower case, :data:`_COMPARATIVE`), and those with
    two adjacent clauses opening with the same word (in lower case); given only these, it finds
    what it finds given all. Returned with the sorted offsets of those hints, which are where
    every correlative's words or its comma start (the hints of
    :func:`~analysis.rhetoric.structure._parallel_clauses`).

    The clause breaks are found with one search over the whole text: a break of a sentence
    ``(s, e)`` is one that starts in ``[s, e - 1)`` (its white space starts inside the
    sentence). The first word of a clause is that of the search, cut at the clause's end (none
    when it starts there or after), and that of the first clause is matched within it. This is
    the first word of the clause's opening whenever it has one, so no sentence holding a run of
    clauses is left out (a sentence whose clauses only seem to open alike is kept and
    searched)."""
    low = fold(text)
    hints = sorted([*find_all(low, _CORRELATIVE_WORDS), *(m.start() for m in _COMPARATIVE.finditer(text))])
    breaks = sorted([(m.start(), m.start(1), m.group(1)) for b in _BREAK_WORDS for m in b.finditer(text)])
    starts = [b[0] for b in breaks]
    first = _opening_re(0)
    kept = []
    for s0, e0 in spans:
        k = bisect_left(hints, s0)
        i = bisect_left(starts, s0)
        j = bisect_left(starts, e0 - 1, i)
        if k < len(hints) and hints[k] < e0:
            kept.append((s0, e0))
        elif j > i:  # a sentence of one clause has no run of clauses
            m = first.match(text, s0, starts[i])
            prev = None if m is None else m.group(1).lower()
            for t in range(i, j):
                _, at, word = breaks[t]
                end = starts[t + 1] if t + 1 < j else e0
                word = None if word is None or at >= end else word[:end - at].lower()
                if word is not None and word == prev:
                    kept.append((s0, e0))
                    break
                prev = word
    return kept, hints


#: Columns of a stored match frame (:func:`_match_rows`): the device is the index of its name in
#: the names asked for, the match is ``text[start:end]`` (cut again from the text when read).
_STORED = ("_pos", "device", "start", "end", "detail")
#: The detail of the rhetorical questions found only because their turn answers.
_IN_ANSWER = "in answer"


def _found_rows(texts: list[str], names: tuple[str, ...], progress: bool, layers: bool = False,
                lexicons: tuple | None = None, scores: tuple[int, float] | None = None) -> pd.DataFrame:
    """The matches of the devices ``names`` in ``texts``, every turn taken as answering, as a
    stored match frame (:data:`_STORED`), the detectors' rows (item then device order) then the
    intensifiers'.

    A large corpus is cut into consecutive ranges of texts run on fresh worker processes
    (:func:`_fresh_rows`); with ``layers`` they also build the text layer (tokens) of their
    texts, kept here for what asks for it next (the lexicon counts of
    :func:`~analysis.rhetoric.rhetoric_profile`, readability), and with ``lexicons`` (the key
    and :class:`~analysis.rhetoric._matcher.Matcher` of lexicon counts) they count the lexicons'
    matches on it too, with ``scores`` (``(window, threshold)``) the per-text numbers of readability
    and lexical diversity (:func:`_fresh_rows`)."""
    from ..scale._engine import n_workers
    from ..tokens import PARALLEL_CHARS

    found: list[tuple] = []
    if any(d != "intensifier" for d in names):
        if n_workers(-1) > 1 and sum(map(len, texts)) >= PARALLEL_CHARS:
            found = _fresh_rows(texts, names, progress, layers, lexicons, scores)
        else:
            table = sentence_table_of(texts) if _NEEDS_SENTENCES & set(names) else None
            found = [_detect_block(b, names, progress) for b in _blocks(texts, table, 1)]
            del table
    pos = [f[0] for f in found]
    dev = [f[1] for f in found]
    start = [f[2] for f in found]
    end = [f[3] for f in found]
    detail = [x for f in found for x in f[4]]
    del found
    if "intensifier" in names:
        p, s, e, d = _intensifier_matches(texts)
        pos.append(p)
        dev.append(np.full(len(p), names.index("intensifier"), dtype=np.int64))
        start.append(s)
        end.append(e)
        detail.extend(d)
    values = np.empty(len(detail), dtype=object)
    values[:] = detail
    empty_ = np.zeros(0, dtype=np.int64)
    return pd.DataFrame({"_pos": np.concatenate([empty_, *pos]), "device": np.concatenate([empty_, *dev]),
                         "start": np.concatenate([empty_, *start]), "end": np.concatenate([empty_, *end]),
                         "detail": values})


#: Characters of text in one range of :func:`_fresh_rows` (a worker's memory grows with it: its
#: sentence and token layers take about 60 MB a million characters while they are built, beside
#: the 130 MB of its interpreter and modules). The work per word type (the token table's types,
#: the lexicon matcher's and the syllables' per type, the word view) is done once per range, for
#: the types of its texts: ranges of two million characters share it over twice the texts that
#: ranges of one million did (44 ranges instead of 87 on the UN General Debate's 87 million
#: characters), and the largest memory of the worker processes with this one stays as it was.
RANGE_CHARS = 1 << 21


#: Packages whose ``__init__`` the workers of :func:`_fresh_rows` do not run
#: (:func:`~analysis.rhetoric._common.fresh_map`): ``analysis.rhetoric`` (every measure, numba and
#: scikit-learn included) and ``nltk``, whose ``__init__`` imports every part of NLTK, SciPy and
#: scikit-learn among them (about 1.2 s of processor time and 75 MB a worker), where the workers
#: use its Punkt sentence splitter only.
_BARE = ("analysis.rhetoric", "nltk")


def _fresh_rows(texts: list[str], names: tuple[str, ...], progress: bool, layers: bool,
                lexicons: tuple | None = None, scores: tuple[int, float] | None = None) -> list[tuple]:
    """The detectors' matches of :func:`_detect_block`, one tuple per range of texts, found on
    fresh worker processes (:func:`~analysis.rhetoric._common.fresh_map`: they share no memory
    with this process, so they add only their own to it).

    Each worker finds the sentences of its texts when this process does not hold the sentence
    layer (else it is sent their spans), and with ``layers`` the tokens of its texts; the
    layers of the ranges are joined here and kept (:func:`~analysis.rhetoric._common.keep_layer`:
    equal to those built in one piece), so the detectors, readability and the lexicon counts
    find them without building them again. Layers built here are not written to an on-disk
    cache.

    ``lexicons``, ``(key, matcher)`` of :func:`~analysis.rhetoric.lexicons._lexicon_counts`: the
    workers that build the tokens of their texts also count the matches of ``matcher`` in them
    (:func:`~analysis.rhetoric.lexicons._table_counts`; a text's matches lie within its tokens, so
    the counts of the ranges, stacked, are those of the whole layer); the counts are kept as the
    lexicon counts of ``texts`` (and stored on disk as those are).

    ``scores``, ``(window, threshold)``: the workers also make the per-text counts of readability
    and the word view of their texts (on the tokens they build; :func:`_range_rows`), of which
    the default columns of lexical diversity with that window and threshold are made here as each
    range arrives, while the workers go on (:func:`~analysis.rhetoric.diversity._text_scores`: a
    text's columns read its own words only, in the codes of its range); both are stacked and kept
    (:func:`~analysis.rhetoric.readability.keep_counts`,
    :func:`~analysis.rhetoric.diversity.keep_text_scores`), so that
    :func:`~analysis.rhetoric.readability` and :func:`~analysis.rhetoric.lexical_diversity` read
    them instead of building the word layer.

    The workers build the tokens of their texts when this process does not hold them and
    ``layers``, ``lexicons`` or ``scores`` asks for them; they are sent back only with
    ``layers``."""
    import threading

    from .. import sentences as sentences_mod
    from ._common import fresh_map, held_layer, keep_layer
    from .emphasis import _load_lemminflect
    from .lexicons import _lexicon_counts

    need = bool(_NEEDS_SENTENCES & set(names))
    table = sentence_table_of(texts) if need and held_layer("sentences", texts) else None
    find_sentences = need and table is None
    find_tokens = (layers or lexicons is not None or scores is not None) and not held_layer("tokens", texts)
    matcher = lexicons[1] if lexicons is not None and find_tokens else None
    scores = scores if find_tokens else None
    ranges = _ranges(texts, RANGE_CHARS)
    blocks = [(a, texts[a:b], None if table is None else _table_slice(table, a, b)) for a, b in ranges]
    del table
    tokens = _TokenGroups(len(blocks), max(map(len, texts), default=0)) if find_tokens and layers else None

    # a bar of the turns whose range is done, moved as each range's result arrives
    meter = bar(iter(()), desc="devices", total=len(texts), unit="turn", enabled=progress)

    def take(i: int, result: tuple) -> tuple:
        """A range's result as it arrives: its words made into diversity columns, its tokens taken,
        its turns counted on the bar."""
        if progress:
            meter.update(ranges[i][1] - ranges[i][0])
        if scores is not None:
            from .diversity import _text_scores

            counts, words = result[4]
            result = (*result[:4], (counts, _text_scores(words, *scores)))
        return result if tokens is None else tokens.take(i, result)

    # the superlatives' word tests are made here, once per distinct word, on lemminflect's tables
    # read while the workers run (each worker would read them for itself: about 0.5 s of processor time)
    loading = threading.Thread(target=_load_lemminflect, daemon=True) if "superlative" in names else None
    if loading is not None:
        loading.start()
    try:
        parts = fresh_map(_range_rows, blocks, args=(names, find_sentences, find_tokens, matcher, layers,
                                                     scores is not None),
                          bare=_BARE, reduce=take if tokens is not None or scores is not None or progress else None)
    finally:
        if progress:
            meter.close()
    del blocks
    if loading is not None:
        loading.join()
    if find_sentences:
        keep_layer("sentences", texts, sentences_mod._merge([p[1] for p in parts]))
    if matcher is not None:
        _lexicon_counts(texts, lexicons[0], lambda: matcher, found=np.concatenate([p[3] for p in parts]))
    if scores is not None:
        from .diversity import keep_text_scores
        from .readability import keep_counts

        keep_counts(texts, np.concatenate([p[4][0] for p in parts]))
        keep_text_scores(texts, *scores, pd.concat([p[4][1] for p in parts], ignore_index=True))
    parts = _settle([p[0] for p in parts])
    if tokens is not None:
        keep_layer("tokens", texts, tokens.table())
        del tokens
    release_memory()
    return parts


def _settle(parts: list[tuple]) -> list[tuple]:
    """The matches of the ranges of :func:`_range_rows` with the superlatives' word tests made
    (:func:`~analysis.rhetoric.emphasis._passes`, each distinct word tested once): the rows of the
    candidates that fail are dropped, leaving those :func:`_detect_block` finds without ``tests``."""
    from .emphasis import _passes

    out = []
    for pos, dev, start, end, detail, tests in parts:
        drop = [row for row, kind, word in tests if not _passes((kind, word))]
        if drop:
            keep = np.ones(len(pos), dtype=bool)
            keep[drop] = False
            pos, dev, start, end = pos[keep], dev[keep], start[keep], end[keep]
            detail = [x for x, k in zip(detail, keep.tolist()) if k]
        out.append((pos, dev, start, end, detail))
    return out


#: Ranges of :func:`_fresh_rows` whose token tables are joined as soon as they have all arrived
#: (each range's table holds its own copy of every word type it uses: joined, a type is held
#: once per group instead of once per range).
GROUP_RANGES = 8


class _TokenGroups:
    """The token tables of the ranges of :func:`_fresh_rows`, taken from their results as they
    arrive (:meth:`take`, the ``reduce`` of :func:`~analysis.rhetoric._common.fresh_map`) and
    joined (:func:`analysis.tokens._merge`) by groups of :data:`GROUP_RANGES` consecutive ranges
    once a group is complete; :meth:`table` joins the groups, equal to joining every range at
    once (types in order of first use, ids and offsets shifted alike)."""

    def __init__(self, n_ranges: int, longest: int) -> None:
        self.longest = longest
        self.waiting: dict[int, dict[int, object]] = {}
        self.size = [min(GROUP_RANGES, n_ranges - g) for g in range(0, n_ranges, GROUP_RANGES)]
        self.groups: list = [None] * len(self.size)

    def take(self, i: int, result: tuple) -> tuple:
        """Keep the token table of range ``i``'s result (joining its group when complete);
        return the result without it."""
        from ..tokens import _merge

        g = i // GROUP_RANGES
        got = self.waiting.setdefault(g, {})
        got[i] = result[2]
        if len(got) == self.size[g]:
            tables = [got[j] for j in sorted(got)]
            del self.waiting[g]
            self.groups[g] = _merge(tables, self.longest, consume=True)
        return (result[0], result[1], None, *result[3:])

    def table(self):
        """The token table of every range, in order (all taken)."""
        from ..tokens import _merge

        groups, self.groups = self.groups, []
        return _merge(groups, self.longest, consume=True)


def _ranges(texts: list[str], chars: int) -> list[tuple[int, int]]:
    """Consecutive ranges ``[a, b)`` covering ``texts``, each of about ``chars`` characters (a
    range ends after the text that brings it to ``chars``; a text longer is a range of its own)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    running = np.cumsum(lengths)
    total = int(running[-1]) if len(running) else 0
    k = max(1, -(-total // max(chars, 1)))
    cuts = np.searchsorted(running, [total * i // k for i in range(1, k)], side="left") + 1 if k > 1 else []
    edges = np.unique(np.concatenate([[0], np.asarray(cuts, dtype=np.int64), [len(texts)]]))
    return [(a, b) for a, b in zip(edges[:-1].tolist(), edges[1:].tolist()) if b > a]


def _table_slice(table, a: int, b: int):
    """The :class:`~analysis.sentences.SentenceTable` of texts ``a`` to ``b`` of ``table``."""
    from ..sentences import SentenceTable

    lo = int(table.text_end[a - 1]) if a else 0
    hi = int(table.text_end[b - 1]) if b else 0
    return SentenceTable(table.text[lo:hi] - a, table.start[lo:hi], table.end[lo:hi], table.text_end[a:b] - lo)


def _range_rows(block: tuple, names: tuple[str, ...], find_sentences: bool, find_tokens: bool,
                matcher=None, keep_tokens: bool = True, scores: bool = False) -> tuple:
    """The work of :func:`_fresh_rows` on one range ``(a, texts, sentence table or None)``:
    ``(matches, sentence table, token table, lexicon counts, scores)``, the matches those of
    :func:`_detect_block` with positions in the whole corpus and the superlatives' word tests
    still to make (a sixth item, the ``tests`` of :func:`_detect_items`; :func:`_settle` makes
    them), the tables those of the range's
    texts (None when not asked for: the token table is built with ``find_tokens`` and returned
    when ``keep_tokens`` too), the counts those of ``matcher`` in the range's token table
    (:func:`~analysis.rhetoric.lexicons._table_counts`; None without a matcher or tokens).

    ``scores`` (with ``find_tokens``): what the per-text numbers of readability and lexical
    diversity are made from is made too, as ``(counts, words)``: the readability counts of the
    range's texts with the three that ``measures="all"`` adds
    (:func:`~analysis.rhetoric.readability._layer_counts` with ``extra``) and their word view
    (:class:`~analysis.tokens.WordTable`; a few bytes a word, its codes those of the range); None
    without."""
    from ..sentences import sentence_spans_table
    from ..tokens import _build
    from .lexicons import _table_counts

    a, texts, table = block
    if find_sentences:
        table = sentence_spans_table(texts)
    tests: list = []
    found = [_detect_block(b, names, tests=tests) for b in _blocks(texts, table, 1)]
    pos, dev, start, end, detail = found[0] if found else _detect_block((np.zeros(0, np.int64), [], None, None, None),
                                                                         names)
    tokens = _build(texts) if find_tokens else None
    counts = _table_counts(matcher, tokens) if matcher is not None and tokens is not None else None
    made = None
    if scores and tokens is not None:
        from .readability import _layer_counts, _syllables_of

        words = tokens.words()
        spans = table if table is not None else sentence_spans_table(texts)
        made = (_layer_counts(texts, words, _syllables_of(words.types), spans, tokens, extra=True), words)
        del spans
    return ((pos + a, dev, start, end, detail, tests), (table if find_sentences else None),
            tokens if keep_tokens else None, counts, made)


def _blocks(texts: list[str], table, k: int) -> list[tuple]:
    """The non-empty texts in ``k`` consecutive blocks of about equal numbers of characters, each
    ``(positions, texts, sentence starts, sentence ends, bounds)``: the texts' positions (int64),
    the texts, and when ``table`` (the :class:`~analysis.sentences.SentenceTable` of ``texts``) is
    given the spans of their sentences, those of the block's text ``i`` at ``bounds[i]:bounds[i + 1]``
    (None without a table)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    positions = np.flatnonzero(lengths > 0)
    running = np.cumsum(lengths[positions])
    total = int(running[-1]) if len(running) else 0
    cuts = np.searchsorted(running, [total * i // k for i in range(1, k)], side="right") if k > 1 else []
    edges = np.unique(np.concatenate([[0], np.asarray(cuts, dtype=np.int64), [len(positions)]]))
    out = []
    for a, b in zip(edges[:-1].tolist(), edges[1:].tolist()):
        pos = positions[a:b]
        block_texts = [texts[p] for p in pos.tolist()]
        if table is None:
            out.append((pos, block_texts, None, None, None))
            continue
        first = np.concatenate([[0], table.text_end]).astype(np.int64)
        lo, hi = first[pos], first[pos + 1]
        counts = hi - lo
        bounds = np.zeros(len(pos) + 1, dtype=np.int64)
        np.cumsum(counts, out=bounds[1:])
        take = np.repeat(lo - bounds[:-1], counts) + np.arange(int(bounds[-1]), dtype=np.int64)
        out.append((pos, block_texts, table.start[take], table.end[take], bounds))
    return out


def _detect_block(block: tuple, names: Sequence[str], progress: bool = False, tests: list | None = None) -> tuple:
    """The detectors' matches in one block of :func:`_blocks`: ``(positions, devices, starts, ends)``
    as int64 arrays and the details as a list, in item then device order (:func:`_detect_items`;
    ``tests``: as there)."""
    pos, block_texts, starts, ends, bounds = block
    if starts is not None:
        s_list, e_list, b_list = starts.tolist(), ends.tolist(), bounds.tolist()
        items = ((p, t, list(zip(s_list[b_list[i]:b_list[i + 1]], e_list[b_list[i]:b_list[i + 1]])))
                 for i, (p, t) in enumerate(zip(pos.tolist(), block_texts)))
    else:
        items = ((p, t, None) for p, t in zip(pos.tolist(), block_texts))
    rows = _detect_items(bar(items, desc="devices", total=len(block_texts), unit="turn", enabled=progress), names,
                         tests)
    cols = list(zip(*rows)) if rows else [(), (), (), (), ()]
    n = len(rows)
    return (np.fromiter(cols[0], dtype=np.int64, count=n), np.fromiter(cols[1], dtype=np.int64, count=n),
            np.fromiter(cols[2], dtype=np.int64, count=n), np.fromiter(cols[3], dtype=np.int64, count=n),
            list(cols[4]))


def _fits(stored: pd.DataFrame, texts: list[str], names: tuple[str, ...]) -> bool:
    """Whether ``stored`` can be a stored match frame of ``texts`` and ``names`` (its columns, and
    every position, device and span in range)."""
    if list(stored.columns) != list(_STORED) or \
            any(stored[c].dtype != np.int64 for c in ("_pos", "device", "start", "end")):
        return False
    if not len(stored):
        return True
    pos, dev = stored["_pos"].to_numpy(), stored["device"].to_numpy()
    start, end = stored["start"].to_numpy(), stored["end"].to_numpy()
    if pos.min() < 0 or pos.max() >= len(texts) or dev.min() < 0 or dev.max() >= len(names):
        return False
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    return not (start.min() < 0 or (end < start).any() or (end > lengths[pos]).any())


def _rows_of(stored: pd.DataFrame, texts: list[str], names: tuple[str, ...]) -> pd.DataFrame | None:
    """A stored match frame as match rows (``_pos``, ``device``, ``start``, ``end``, ``match``,
    ``detail``), or None when it cannot be one of ``texts`` (:func:`_fits`)."""
    if not _fits(stored, texts, names):
        return None
    pos, dev = stored["_pos"].to_numpy(), stored["device"].to_numpy()
    start, end = stored["start"].to_numpy(), stored["end"].to_numpy()
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


def _match_kind(names: tuple[str, ...]) -> str:
    """The kind of the on-disk entries of the matches of ``names``: ``intensifier-matches`` for
    the intensifiers alone (the lexicon matcher's), else ``device-matches`` (the detectors')."""
    return "intensifier-matches" if names == ("intensifier",) else "device-matches"


def _match_rows(texts: list[str], names: tuple[str, ...], progress: bool = False,
                layers: bool = False, lexicons: tuple | None = None,
                scores: tuple[int, float] | None = None) -> pd.DataFrame:
    """The stored match frame (:data:`_STORED`) of the devices ``names`` in ``texts``, every turn
    taken as answering (:func:`_found_rows`), with an on-disk cache (``ANALYSIS_CACHE``) kept as
    an entry of :func:`_match_kind` by the texts' content and ``names``
    (:func:`analysis.cache.cached_frame`); ``layers``, ``lexicons``, ``scores``: as :func:`_found_rows`."""
    from .. import cache as cache_mod

    kind = _match_kind(names)
    keys: list[str] = []

    def make_key() -> str:
        keys.append(cache_mod.content_key(kind, _match_salt(), segmenter_salt_of(texts), ",".join(names),
                                          texts_key(texts)))
        return keys[-1]

    found = cache_mod.cached_frame(kind, make_key,
                                   lambda: _found_rows(texts, names, progress, layers, lexicons, scores))
    if not _fits(found, texts, names):  # an entry of another shape under this key: not used
        cache_mod.bad_entry(cache_mod.entry_path(keys[-1], kind=kind, cache=None),
                            f"does not hold matches of its {len(texts)} texts")
        found = _found_rows(texts, names, progress, layers, lexicons, scores)
    release_memory()
    return found


def _stored_matches(texts: list[str], names: tuple[str, ...], progress: bool = False,
                    layers: bool = False, lexicons: tuple | None = None,
                    scores: tuple[int, float] | None = None) -> pd.DataFrame:
    """:func:`_match_rows`, kept in memory by content (read-only): the detectors' matches
    (``names`` without intensifiers) are one table shared by :func:`detect_devices` and the
    counts of :func:`_run_counts`, whoever asks first (``layers``, ``lexicons``, ``scores``: as
    :func:`_found_rows`)."""
    return cached_by_content("device-matches", texts, names,
                             lambda: _match_rows(texts, names, progress, layers, lexicons, scores))


def _all_rows(texts: list[str], names: tuple[str, ...], progress: bool) -> pd.DataFrame:
    """The match rows (:func:`_rows_of`) of the devices ``names`` in ``texts``, every turn taken
    as answering: the detectors' then the intensifiers' (two stored tables); kept in memory by
    content."""
    def make() -> pd.DataFrame:
        detected = tuple(d for d in names if d != "intensifier")
        # the detectors' workers build the text layer the intensifiers are matched on
        parts = [(detected, _stored_matches(texts, detected, progress, "intensifier" in names))] if detected else []
        if "intensifier" in names:
            parts.append((("intensifier",), _stored_matches(texts, ("intensifier",), progress)))
        if not parts:  # no device asked for: no match
            parts.append(((), _found_rows(texts, (), progress)))
        rows = [_rows_of(stored, texts, part) for part, stored in parts]
        return pd.concat(rows, ignore_index=True) if len(rows) > 1 else rows[0]

    return cached_by_content("device-rows", texts, names, make)


def _detect(frame: pd.DataFrame, names: Sequence[str], answer_roles: Sequence[str],
            progress: bool = False) -> pd.DataFrame:
    """:func:`detect_devices` on a turn frame, keeping ``_pos`` (the turn's row position)."""
    answer_roles = set(answer_roles)
    texts = frame["text"].tolist()
    m = _all_rows(texts, tuple(names), progress)
    zh = chinese_rows(frame)
    if zh.any():  # the detectors' rules are English: no rows for Chinese turns
        warn_english_rules("detect_devices", int(zh.sum()), len(zh), "have no rows")
        if len(m):
            m = m[~zh[m["_pos"].to_numpy()]].reset_index(drop=True)
    if len(m):
        answering = np.fromiter((r in answer_roles for r in frame["role"]), dtype=bool, count=len(frame))
        asked = (m["device"].to_numpy() == "rhetorical_question") & (m["detail"].to_numpy() == _IN_ANSWER)
        if asked.any():  # questions "in answer" are rhetorical in the turns that answer only
            m = m[~asked | answering[m["_pos"].to_numpy()]].reset_index(drop=True)
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


def warn_english_rules(caller: str, n: int, total: int, result: str) -> None:
    """Warn (:class:`~analysis.rhetoric.NotApplicableWarning`) that the device detectors and the
    built-in lexicons, English rules and word lists, were not applied to ``n`` Chinese turns of
    ``total``, which ``result`` (what the caller gives them instead)."""
    import warnings

    from .readability import NotApplicableWarning

    warnings.warn(f"{caller}(): the device detectors and the built-in lexicons are English rules and word lists "
                  f"and do not apply to Chinese text: {n} of {total} turn(s) with language 'zh' {result}",
                  NotApplicableWarning, stacklevel=3)


# --------------------------------------------------------------------------- counts per turn
#: Devices whose detectors read the sentence spans.
_NEEDS_SENTENCES = frozenset({"enumeration", "anaphora", "parallelism", "rhetorical_question"})


def _count_columns(names: Sequence[str]) -> list[str]:
    """The columns of :func:`_run_counts`: the devices of ``names`` but intensifiers (found by the
    lexicon matcher), then ``"in_answer"`` when rhetorical questions are counted."""
    cols = [d for d in names if d != "intensifier"]
    return cols + (["in_answer"] if "rhetorical_question" in cols else [])


def _counts_of(stored: pd.DataFrame, n_texts: int, names: tuple[str, ...]) -> np.ndarray:
    """Per text: the number of rows of each column of :func:`_count_columns` in ``stored``, a
    stored match frame of the devices ``names`` (no intensifiers; every turn taken as answering).

    The column ``rhetorical_question`` counts the questions found for another reason than the
    turn answering (form, self-answered: what ``answering=False`` finds) and ``in_answer`` the
    others, so a turn's count is the first, plus the second when it answers.
    """
    cols = _count_columns(names)
    col = stored["device"].to_numpy().copy()
    if "rhetorical_question" in names:
        asked = (col == names.index("rhetorical_question")) & (stored["detail"].to_numpy() == _IN_ANSWER)
        col[asked] = len(cols) - 1
    flat = np.bincount(stored["_pos"].to_numpy() * len(cols) + col, minlength=n_texts * len(cols))
    return flat.astype(np.int64).reshape(n_texts, len(cols))


def _versions() -> str:
    """The versions of the packages the detectors consult (lemminflect for superlatives)."""
    from ..cache import versions

    return versions("lemminflect")


def _run_counts(texts: list[str], names: tuple[str, ...], *, progress: bool = False,
                layers: bool = False, lexicons: tuple | None = None,
                scores: tuple[int, float] | None = None) -> np.ndarray:
    """:func:`_counts_of` the detectors' matches of ``texts`` (``names``: no intensifiers), stored
    on disk (entries of kind ``devices``, :func:`~analysis.rhetoric._common.disk_cached_counts`) and
    kept in memory by content; made from the match table of :func:`detect_devices`
    (:func:`_stored_matches`), found here when neither process nor disk holds it (``layers``: the
    text layer is built with the matches, ``lexicons``: lexicon counts are made on it, ``scores``:
    the per-text numbers of readability and lexical diversity too, :func:`_found_rows`)."""
    def count() -> np.ndarray:
        return _counts_of(_stored_matches(texts, names, progress, layers, lexicons, scores), len(texts), names)

    def compute() -> np.ndarray:
        salt = f"{_match_salt()} {segmenter_salt_of(texts)} {','.join(names)}"
        out = disk_cached_counts("devices", texts, salt, count)
        out.flags.writeable = False
        return out

    return cached_by_content("device-counts", texts, names, compute)


def _device_counts(frame: pd.DataFrame, names: Sequence[str], answer_roles: Sequence[str],
                   progress: bool | float = False, intensifiers: np.ndarray | None = None) -> np.ndarray:
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
