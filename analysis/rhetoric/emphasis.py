"""Devices of emphasis: rhetorical questions, quoted slogans, exclamations, statistics,
superlatives and intensifiers.

Each ``find_*`` function takes one text and returns ``(start, end, detail)`` triples
(see :mod:`analysis.rhetoric.structure`). Collected by :func:`analysis.rhetoric.detect_devices`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .._validation import check_interval, check_option
from .lexicons import _builtin_matcher
from ._scan import find_all as _find_all
from ._scan import fold as _fold
from ._scan import letters_start as _letters_start
from ._scan import matches_at as _matches_at
from .structure import _WORD_RE, Span, Spans, _sentences

__all__ = ["find_rhetorical_questions", "find_slogans", "find_exclamations", "find_statistics",
           "find_superlatives", "find_intensifiers"]


# --- questions, slogans, exclamations ---------------------------------------------------
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
_RHETORICAL_FORM = re.compile(
    r"^(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|shouldn't|"
    r"haven't|hasn't|is it not|is this not|is that not|are they not|does it not|"
    r"how (?:dare|is it possible|(?:can|could) (?:anyone|anybody|one|we not|you not))|"
    r"who (?:would|could|can|else|cares|benefits|is to blame)|"
    r"why (?:not|should|would|on earth)|what (?:right|else|qualification|is the point|could be)|"
    r"where is the|is there any (?:reason|basis|evidence|logic))\b"
    r"|,\s*(?:isn't|aren't|doesn't|don't|won't|can't|wasn't|didn't)\s+(?:it|they|he|she|we|this|that)\s*\?\W*$",
    re.IGNORECASE)
_ANSWER_CUE = re.compile(
    r"^(?:because|the answer|of course|obviously|clearly|certainly|surely|absolutely|definitely|no|yes|"
    r"not at all|nothing|nobody|no one|none|never|far from it|the truth is|the fact is|the facts|"
    r"it is because|that is because|this is because|the reason)\b", re.IGNORECASE)
_ASKS_COMMENT = re.compile(r"^(?:what|how|does|do|will|would|could|can|is|are)\b.*\b(?:comment|response|reaction|"
                           r"position|attitude|view)s?\b", re.IGNORECASE)
_THANKS = re.compile(r"^(?:thank|thanks|many thanks)\b", re.IGNORECASE)


def _is_question(sent: str) -> bool:
    return sent.rstrip(" \t\n\"'\u201d\u2019)").endswith("?")


def find_rhetorical_questions(text: str, *, answering: bool = False, spans: Spans | None = None) -> list[Span]:
    """Questions not asked for an answer: "Who benefits from this? The US does."

    Parameters
    ----------
    text : str
    answering : bool, default=False
        The text answers a question (an official's answer at a press conference): then
        every question in it that is not addressed to "you" counts as rhetorical.
    spans : sequence of (int, int), optional
        Sentence spans of ``text``.

    Returns
    -------
    list of (start, end, detail)
        The question sentence; ``detail`` is why it counts: ``"form"``, ``"self-answered"``
        or ``"in answer"``.

    Notes
    -----
    A question sentence (ending in ``?``) that does not address the listener (no *you*,
    *your*) counts when (1) it has a rhetorical form: a negative interrogative ("Isn't
    this ...?"), "How dare ...?", "How can anyone ...?", "Who benefits ...?", "Why should ...?", a tag question
    (", isn't it?"); or (2) the speaker answers it at once: the next sentence of the turn
    opens with an answer cue ("Because ...", "No.", "The answer is ...", "Of course ...");
    or (3) ``answering`` is true and it does not ask for a comment, response, reaction,
    position, attitude or view (a journalist's question left inside an answer by the
    transcript). Journalists' questions to the spokesperson ("What is your comment?") are
    therefore not counted.

    Examples
    --------
    >>> t = "Who benefits from this? Nobody does. What is your comment?"
    >>> [(t[s:e], d) for s, e, d in find_rhetorical_questions(t)]
    [('Who benefits from this?', 'form')]
    """
    check_option("answering", answering, {True, False}, caller="find_rhetorical_questions")
    sents = _sentences(text, spans)
    out = []
    for k, (s, e) in enumerate(sents):
        sent = text[s:e].strip()
        if not _is_question(sent) or _SECOND_PERSON.search(sent):
            continue
        body = sent.lstrip(" \"'\u201c\u2018(")
        if _RHETORICAL_FORM.search(body):
            why = "form"
        else:
            nxt = text[sents[k + 1][0]:sents[k + 1][1]].strip().lstrip("\"'\u201c") if k + 1 < len(sents) else ""
            if nxt and not _is_question(nxt) and not _THANKS.match(nxt) and _ANSWER_CUE.match(nxt):
                why = "self-answered"
            elif answering and not _ASKS_COMMENT.search(body):
                why = "in answer"
            else:
                continue
        out.append((s, e, why))
    return out


_QUOTED = re.compile(r"\"([^\"\n]{2,300}?)\"|\u201c([^\u201d\u201c\n]{2,300}?)\u201d")
#: The opening marks every match of :data:`_QUOTED` starts with: it is tried only where they stand.
_QUOTE_MARKS = ('"', "\u201c")


def find_slogans(text: str, *, min_words: int = 2, max_words: int = 12, spans: Spans | None = None) -> list[Span]:
    """Short quoted phrases: slogans, formulas and scare quotes ("win-win cooperation").

    Parameters
    ----------
    text : str
    min_words, max_words : int, default=2, 12
        Word count of the quoted phrase; longer quotations are reported speech, not slogans.
    spans : ignored

    Returns
    -------
    list of (start, end, detail)
        The quotation with its marks; ``detail`` is the quoted phrase.

    Notes
    -----
    Straight (``"..."``) and curly (``“...”``) double quotes on one line, the opening
    mark not right after a letter or digit (inch marks). Single quotes are not used (they
    cannot be told from apostrophes).

    Examples
    --------
    >>> t = 'They shout "I am a Party member, follow me!" and "win".'
    >>> [d for s, e, d in find_slogans(t)]
    ['I am a Party member, follow me!']
    """
    check_interval("min_words", min_words, low=1, integer=True, caller="find_slogans")
    check_interval("max_words", max_words, low=min_words, integer=True, caller="find_slogans")
    out = []
    for m in _matches_at(_QUOTED, text, _find_all(text, _QUOTE_MARKS)):
        if m.start() and text[m.start() - 1].isalnum() or text[m.end():m.end() + 1].isalnum():
            continue  # inch marks (5"), not quotation marks
        inner = (m.group(1) or m.group(2)).strip().rstrip(",;:").strip()
        n = len(_WORD_RE.findall(inner))
        if min_words <= n <= max_words:
            out.append((m.start(), m.end(), inner))
    return out


#: A run of exclamation marks (tried only where one stands: a search for the character is many
#: times faster than one for the pattern).
_BANGS = re.compile(r"!+")
_EXCL_START = re.compile(r"[.!?:;\n\"\u201c\u201d]")
_OPENERS = " \t\n\"'\u201c\u2018(["


def find_exclamations(text: str, *, spans: Spans | None = None) -> list[Span]:
    """Exclamations: sentences or quoted clauses ending in "!" ("I will go first!").

    Parameters
    ----------
    text : str
    spans : ignored

    Returns
    -------
    list of (start, end, detail)
        The exclamation from its start (after the previous sentence end, colon or
        quotation mark) to the ``!``; ``detail`` is the same text.

    Examples
    --------
    >>> t = 'They shout, "I am a Party member, I will go first! Follow me!"'
    >>> [d for s, e, d in find_exclamations(t)]
    ['I am a Party member, I will go first!', 'Follow me!']
    """
    out = []
    prev = 0
    for m in _matches_at(_BANGS, text, _find_all(text, ("!",))):
        lo = max(prev, m.start() - 400)
        seg = text[lo:m.start()]
        cut = [x.end() for x in _EXCL_START.finditer(seg)]
        start = lo + (cut[-1] if cut else 0)
        while start < m.start() and text[start] in _OPENERS:
            start += 1
        prev = m.end()
        if any(ch.isalpha() for ch in text[start:m.start()]):
            out.append((start, m.end(), text[start:m.end()]))
    return out


# --- statistics -------------------------------------------------------------------------
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                 "fifty|sixty|seventy|eighty|ninety|a hundred|hundreds|thousands|millions|billions|tens|dozens")
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion|trillion)s?\b)"
_UNIT = r"(?:\s?%|\s+(?:percent|per\s+cent|percentage\s+points?)\b)"
_QUALIFIER = (r"(?:(?:more\s+than|over|nearly|almost|about|around|approximately|some|up\s+to|at\s+least|"
              r"less\s+than|fewer\s+than|close\s+to)\s+)?")
_STAT_PATTERN = (
    rf"\b{_QUALIFIER}(?:"
    rf"(?P<num>(?<![\w.\-/:])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?![\w\-/]|[.,:]\d)"
    rf"(?P<scale>{_SCALE}(?:{_UNIT})?|{_UNIT})?"
    rf"|(?P<words>{_NUMBER_WORDS})(?:\s+of)?(?:{_SCALE}|{_UNIT}))")
# The same pattern behind a look-ahead for the first letters a match can start with (a digit,
# or the initial of a qualifier or number word), which spares the alternatives at other
# positions (a third of the time); the tests check both give the same matches.
_STAT_RE = re.compile(r"(?=[\dabcdefhlmnostu])" + _STAT_PATTERN, re.IGNORECASE)
# Every figure holds a digit or a scale or unit word: texts without one are skipped.
_STAT_ANCHOR = re.compile(r"\d|%|hundred|thousand|million|billion|trillion|percent|per\s+cent", re.IGNORECASE)
_BEFORE_ID = re.compile(rf"(?:\b(?:{_MONTHS})\.?|\b(?:no|resolution|article|chapter|section|item|room|flight|"
                        r"paragraph|annex|line|page|phase|number|g|covid|p|sars-cov)\.?)\s*$", re.IGNORECASE)
_AFTER_DATE = re.compile(rf"^\s*(?:{_MONTHS})\b", re.IGNORECASE)


def find_statistics(text: str, *, spans: Spans | None = None) -> list[Span]:
    """Numbers and figures: "96.71 million", "3.5%", "more than 255,000", "tens of thousands".

    Parameters
    ----------
    text : str
    spans : ignored

    Returns
    -------
    list of (start, end, detail)
        The figure with its qualifier ("more than") and scale ("million", "%");
        ``detail`` is ``"percent"``, ``"scaled"`` (million, billion...) or ``"count"``.

    Notes
    -----
    Not counted: years (1800-2099 without a scale or unit), dates ("July 1", "1 July"),
    times ("10:30"), ordinals ("18th"), identifiers ("Resolution 2397", "No. 1",
    "COVID-19", "G20"), and numbers inside words or codes.

    Examples
    --------
    >>> t = "By 2021 there were more than 96.71 million members, up 3.5% since July 1."
    >>> [(t[s:e], d) for s, e, d in find_statistics(t)]
    [('more than 96.71 million', 'scaled'), ('3.5%', 'percent')]
    """
    out: list[Span] = []
    for m in _matches_at(_STAT_RE, text, _statistic_starts(text)):
        scale = m.group("scale") or ""
        num = m.group("num")
        tail = m.group()
        if num is not None:
            num_start = m.start("num")
            if _BEFORE_ID.search(text[max(0, num_start - 20):num_start]):
                continue
            if not scale:
                if re.fullmatch(r"(?:18|19|20)\d\d", num):
                    continue
                if _AFTER_DATE.match(text[m.end():m.end() + 12]):
                    continue
        low = tail.lower()
        if "%" in low or "percent" in low or "per cent" in low or "percentage" in low:
            kind = "percent"
        elif re.search(r"hundred|thousand|million|billion|trillion", low):
            kind = "scaled"
        else:
            kind = "count"
        out.append((m.start(), m.end(), kind))
    return out


_SUPER_HINTS = ("est", "most", "least", "worst")


def _superlative_starts(text: str) -> list[int]:
    """Every position where :data:`_SUPER_RE` can match: a match opens a word (``\\b``)
    and holds "est", "most", "least" or "worst", so it starts where the run of letters
    before such a hit starts."""
    low = _fold(text)
    return [_letters_start(low, i) for i in _find_all(low, _SUPER_HINTS)]


# words that can stand between the start of a statistic and its figure: qualifiers,
# number words and "of" (all of the letters of _QUALIFIER, _NUMBER_WORDS and _SCALE)
_STAT_WORDS = frozenset(("more than over nearly almost about around approximately some up to at least less fewer "
                         "close of a hundred hundreds thousand thousands million millions billion billions trillion "
                         "" + _NUMBER_WORDS.replace("|", " ")).split())
_STAT_HINTS = ("%", "hundred", "thousand", "million", "billion", "trillion", "percent")
_PER_CENT = re.compile(r"per\s+cent")


def _digit_run_starts(text: str) -> list[int]:
    """Offsets of the first digit (``\\d``, any script) of every run of digits in ``text``."""
    code = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    digit = (code >= 48) & (code <= 57)
    if not text.isascii():
        wide = np.unique(code[code > 127])
        dec = wide[[chr(c).isdecimal() for c in wide.tolist()]]
        if len(dec):
            digit |= np.isin(code, dec)
    first = digit.copy()
    first[1:] &= ~digit[:-1]
    return np.flatnonzero(first).tolist()


def _statistic_starts(text: str) -> list[int]:
    """Every position where :data:`_STAT_RE` can match.

    A match holds a figure (a digit, ``%``, a scale word or "percent"/"per cent"); before
    it come only qualifiers, number words and "of", each after white space (none before
    ``%``). So a match starts at a hit, or at one of the words of that kind walked back
    from a hit (at most five: "more than a hundred of" ...).
    """
    low = _fold(text)
    hits = _digit_run_starts(text) + _find_all(low, _STAT_HINTS) + [m.start() for m in _PER_CENT.finditer(low)]
    starts: list[int] = []
    for hit in hits:
        at = _letters_start(low, hit)
        starts.append(hit)
        starts.append(at)
        for step in range(5):
            i = at
            while i > 0 and low[i - 1].isspace():
                i -= 1
            if i == at and not (step == 0 and low[hit] == "%"):
                break
            w = _letters_start(low, i)
            if w == i or low[w:i] not in _STAT_WORDS:
                break
            starts.append(w)
            at = w
    return starts


# --- superlatives and intensifiers ------------------------------------------------------
_SUPER_RE = re.compile(r"\b(?:(?:most|least)\s+(?P<adj>[A-Za-z][\w-]*)|(?P<est>[A-Za-z]+est)|(?P<irr>worst|utmost|"
                       r"foremost|uppermost|topmost))\b", re.IGNORECASE)


@lru_cache(maxsize=65536)
def _is_superlative(word: str) -> bool:
    from lemminflect import getAllLemmas, getInflection

    lemmas = getAllLemmas(word)
    for pos, tag in (("ADJ", "JJS"), ("ADV", "RBS")):
        for lemma in lemmas.get(pos, ()):
            if word in getInflection(lemma, tag=tag):
                return True
    return False


@lru_cache(maxsize=65536)
def _is_gradable(word: str) -> bool:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word)
    return ("ADJ" in lemmas or "ADV" in lemmas) and "NOUN" not in lemmas or (
        "ADJ" in lemmas and word.endswith(("ed", "ing", "ful", "ous", "ive", "al", "ic", "ble", "ant", "ent")))


def find_superlatives(text: str, *, spans: Spans | None = None) -> list[Span]:
    """Superlatives: "the largest", "best", "most important", "utmost".

    Parameters
    ----------
    text : str
    spans : ignored

    Returns
    -------
    list of (start, end, detail)
        ``detail`` is the superlative in lower case.

    Notes
    -----
    ``-est`` words count when lemminflect knows them as the superlative (JJS/RBS) of an
    adjective or adverb, so "largest" and "latest" count and "interest", "honest",
    "forest" do not. "most"/"least" count before an adjective or adverb ("most
    important"), not before a noun ("most countries") or in "at least".

    Examples
    --------
    >>> t = "This is the largest and most important forest of interest to most countries."
    >>> [d for s, e, d in find_superlatives(t)]
    ['largest', 'most important']
    """
    return [(s, e, detail) for s, e, detail, test in _superlative_candidates(text) if _passes(test)]


#: A superlative candidate's word test (:func:`_superlative_candidates`): None (none to make), or
#: ``(kind, word)`` with ``kind`` ``"gradable"`` (:func:`_is_gradable`) or ``"superlative"``
#: (:func:`_is_superlative`) and the word in lower case.
SuperTest = tuple[str, str] | None


def _superlative_candidates(text: str) -> list[tuple[int, int, str, SuperTest]]:
    """The matches :func:`find_superlatives` keeps or drops by a word test, in its order:
    ``(start, end, detail, test)``; it keeps those whose ``test`` passes (:func:`_passes`).

    Made apart so that the texts can be searched where lemminflect is not loaded (the workers of
    :func:`analysis.rhetoric.devices._fresh_rows`) and the tests made once per distinct word
    where it is (:func:`_passes`)."""
    out: list[tuple[int, int, str, SuperTest]] = []
    for m in _matches_at(_SUPER_RE, text, _superlative_starts(text)):
        test: SuperTest = None
        if m.group("adj"):
            if text[max(0, m.start() - 3):m.start()].lower() == "at ":
                continue
            test = ("gradable", m.group("adj").lower())
        elif m.group("est"):
            test = ("superlative", m.group("est").lower())
        out.append((m.start(), m.end(), " ".join(m.group().lower().split()), test))
    return out


def _passes(test: SuperTest) -> bool:
    """Whether a candidate of :func:`_superlative_candidates` with this word test is a superlative."""
    if test is None:
        return True
    kind, word = test
    return _is_gradable(word) if kind == "gradable" else _is_superlative(word)


def _load_lemminflect() -> None:
    """Load lemminflect's lemma and inflection tables (its first look-ups read them, about 0.5 s
    of processor time), so that later tests of :func:`_passes` only look up."""
    from lemminflect import getAllLemmas, getInflection

    getAllLemmas("largest")
    getInflection("large", tag="JJS")


def find_intensifiers(text: str, *, spans: Spans | None = None) -> list[Span]:
    """Intensifiers from ``analysis/lexicons/intensifiers.txt``: "very", "firmly", "resolutely".

    Parameters
    ----------
    text : str
    spans : ignored

    Returns
    -------
    list of (start, end, detail)
        ``detail`` is the intensifier in lower case.

    Examples
    --------
    >>> [d for s, e, d in find_intensifiers("We firmly and resolutely oppose it, very much.")]
    ['firmly', 'resolutely', 'very']
    """
    return _intensifiers_of([text])[0]


def _intensifiers_of(texts: Sequence[str]) -> list[list[Span]]:
    """:func:`find_intensifiers` of every text, in one pass of the lexicon matcher."""
    pos, start, end, detail = _intensifier_matches(texts)
    out: list[list[Span]] = [[] for _ in texts]
    for p, s, e, d in zip(pos.tolist(), start.tolist(), end.tolist(), detail):
        out[p].append((s, e, d))
    return out


def _intensifier_matches(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """The intensifiers of every text as columns: the text's index, start and end (int64
    arrays, by text then start) and the detail (the match in lower case), in one pass of the
    lexicon matcher over the texts' token table."""
    from ._common import token_table_of

    found = _builtin_matcher(("intensifiers",), False).match(token_table_of(texts))
    pos = np.asarray(found.text, dtype=np.int64)
    start = np.asarray(found.start, dtype=np.int64)
    end = np.asarray(found.end, dtype=np.int64)
    detail = [texts[p][s:e].lower() for p, s, e in zip(pos.tolist(), start.tolist(), end.tolist())]
    return pos, start, end, detail
