"""Structural devices: enumerations, tricolons, anaphora and parallel clauses.

Each ``find_*`` function takes one text and returns ``(start, end, detail)`` triples:
``text[start:end]`` is the matched passage, ``detail`` a short description. Regular
expressions over the text and its sentences (:func:`analysis.text.sentence_spans`; pass
``spans=`` to reuse them). Collected by :func:`analysis.rhetoric.detect_devices`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import islice

from .._validation import check_interval, check_option
from ..text import sentence_spans
from ._scan import find_all, fold, matches_at

Span = tuple[int, int, str]
Spans = Sequence[tuple[int, int]]

_WORD = r"[A-Za-z0-9][\w'\u2019-]*"
_WORD_RE = re.compile(_WORD)


def _sentences(text: str, spans: Spans | None) -> Spans:
    return sentence_spans(text) if spans is None else spans


__all__ = ["find_enumerations", "find_tricolons", "find_anaphora", "find_parallelism"]


# --- enumeration ------------------------------------------------------------------------
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ORDINAL_PATTERN = (
    r"\b(?:(?P<ord>" + "|".join(_ORDINALS) + r")(?:ly)?(?:\s+of\s+all)?|(?P<last>finally|lastly|last but not least))"
    r"\s*[,:]|\((?P<num>[1-9])\)\s")
# behind a look-ahead for the letters a marker starts with, which spares the alternatives at
# other positions (40% of the time); the tests check it finds what the bare pattern finds
_ORDINAL_RE = re.compile(r"(?=[fstenl(])" + _ORDINAL_PATTERN, re.IGNORECASE)
# every marker opens with one of these (in lower case), so the pattern is tried only at them
_ORDINAL_HINTS = (*_ORDINALS, "finally", "last", "(")


def _ordinal_starts(text: str) -> list[int]:
    """Every position where :data:`_ORDINAL_RE` can match (see :mod:`analysis.rhetoric._scan`)."""
    return find_all(fold(text), _ORDINAL_HINTS)


_TRAILING_CONJ = re.compile(r"(?:\b(?:and|but|then|and then)\s*,?\s*)$", re.IGNORECASE)


def find_enumerations(text: str, *, min_items: int = 2, spans: Spans | None = None) -> list[Span]:
    """Ordered enumerations: "First, ... Second, ... Third, ..." (or "(1) ... (2) ...").

    Parameters
    ----------
    text : str
    min_items : int, default=2
        Fewest markers in sequence to count as an enumeration.
    spans : sequence of (int, int), optional
        Sentence spans of ``text`` (computed when not given).

    Returns
    -------
    list of (start, end, detail)
        From the first marker to the end of the sentence holding the last one; ``detail``
        lists the markers (``"First ... Second ... Third"``).

    Notes
    -----
    A marker is an ordinal word (``First``, ``Secondly``, ``First of all``) followed by a
    comma or colon, opening a sentence (perhaps after "And") or a clause after ``;`` or
    ``:``; ``Finally`` and
    ``Lastly`` close a sequence of at least two; ``(1)``, ``(2)`` also count. Markers
    must come in order (first, second, third...); a new "First" starts a new enumeration.
    Not detected: "The first is ...", "one is ..., another is ...".

    Examples
    --------
    >>> t = "I have three points. First, peace. Second, growth. Third, trust."
    >>> [(t[s:e], d) for s, e, d in find_enumerations(t)]
    [('First, peace. Second, growth. Third, trust.', 'First ... Second ... Third')]
    """
    check_interval("min_items", min_items, low=2, integer=True, caller="find_enumerations")
    sents = _sentences(text, spans)
    markers = []
    for m in matches_at(_ORDINAL_RE, text, _ordinal_starts(text)):
        before = _TRAILING_CONJ.sub("", text[max(0, m.start() - 16):m.start()]).rstrip(" \t\"\u201c'(")
        at_start = not before or before[-1] in ".!?\n" or text[m.start()].isupper() and before[-1] in ":;"
        after_clause = bool(before) and before[-1] in ";:"
        if not (at_start or after_clause):
            continue
        if m.group("num"):
            value = int(m.group("num"))
        elif m.group("ord"):
            value = _ORDINALS.index(m.group("ord").lower()) + 1
        else:
            value = 0  # finally / lastly
        label = text[m.start():m.end()].rstrip(" ,:")
        markers.append((m.start(), value, label))
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    for mk in markers:
        _, value, _ = mk
        if value == 1:
            if len(run) >= 2:
                runs.append(run)
            run = [mk]
        elif run and (value == run[-1][1] + 1 or (value == 0 and len(run) >= 2)):
            run.append(mk)
            if value == 0:
                runs.append(run)
                run = []
        else:
            if len(run) >= 2:
                runs.append(run)
            run = []
    if len(run) >= 2:
        runs.append(run)
    out = []
    for r in runs:
        if len(r) < min_items:
            continue
        last = r[-1][0]
        end = next((e for s, e in sents if s <= last < e), len(text))
        out.append((r[0][0], end, " ... ".join(x[2] for x in r)))
    return out


# --- tricolon ---------------------------------------------------------------------------
_FUNCTION_BACK = frozenset("""a an the of to in on for with at by from into about as that which who whom whose
is are was were be been being has have had do does did will would can could should must may might shall
i we you he she it they me us him her them this these those there here not also and or but if so than
then because while when where how what why said says like including such during after before under over
through between among against across within without since until upon via per""".split())
_DETERMINERS = frozenset("a an the our their its his her my your this these those all both".split())
_STOP_FORWARD = frozenset("""of to in on for with at by from into about as that which who whom whose is are was
were be been being has have had do does did will would can could should must may might shall and or but if
so than then because while when where like including such during after before under over through between
among against across within without since until upon via per""".split())
_NOT_CONJ = r"(?!(?:and|or)\b)"
_TRICOLON_PATTERN = (
    rf",[ \t]+(?P<b>{_NOT_CONJ}{_WORD}(?:[ \t]+{_NOT_CONJ}{_WORD}){{0,5}}),?[ \t]+(?P<conj>and|or)[ \t]+"
    rf"(?P<c>{_NOT_CONJ}{_WORD}(?:[ \t]+{_NOT_CONJ}{_WORD}){{0,5}})")
# The same pattern with possessive words: a word is never given back, since what may follow
# one (white space, a comma, the end of the match) cannot follow a part of it; this spares
# the retries of every shorter prefix of every word (the tests check both give the same matches).
_TRICOLON_RE = re.compile(_TRICOLON_PATTERN.replace(_WORD, _WORD + "+"))
# an item and its comma before the first item (X, A, B and C), and a comma and conjunction after
# the last (A, B and C, and D): not tricolons
_FOURTH_BEFORE = re.compile(r"\w[\"'\u201d)]?[ \t]*,[ \t]*$")
_FOURTH_AFTER = re.compile(r",[ \t]+(?:and|or)\b")


def _item_words(item: str) -> list[str]:
    return _WORD_RE.findall(item)


def _clean_item(words: list[str]) -> bool:
    """An item is a noun or verb phrase: function words only as its first word (a determiner)."""
    rest = words[1:] if words and words[0].lower() in _DETERMINERS else words
    return bool(rest) and not any(w.lower() in _FUNCTION_BACK and w.lower() != "of" for w in rest)


def _is_name(words: list[str]) -> bool:
    """True if the item's first word after a determiner is capitalised (a list of names)."""
    rest = words[1:] if words and words[0].lower() in _DETERMINERS else words
    return bool(rest) and rest[0][0].isupper() and rest[0] != "I"


def find_tricolons(text: str, *, max_words: int = 4, spans: Spans | None = None) -> list[Span]:
    """Lists of exactly three coordinated items: "peace, development and cooperation".

    Parameters
    ----------
    text : str
    max_words : int, default=4
        Longest item, in words.
    spans : ignored
        Accepted for a uniform detector signature.

    Returns
    -------
    list of (start, end, detail)
        The three items; ``detail`` joins them with ``" | "``.

    Notes
    -----
    Pattern ``A, B(,) and|or C`` with items of 1 to ``max_words`` words. The middle item,
    bounded by the comma and the conjunction, sets the shape: it may hold no function word
    (pronoun, auxiliary, preposition other than *of*) after an opening determiner. The
    last item reaches forward to a function word (at most as long as the longest other
    item), the first back from its comma to a determiner or a function word, and at most
    as long as the last (items of a triad tend to match: "deepen reform, expand opening up
    and improve governance"). Lists
    of names (the middle or last item capitalised: "China, Russia and India") and lists
    with a fourth item before A (``X, A, B and C``) are not tricolons.
    Asyndetic triads without a conjunction ("I came, I saw, I conquered") are not detected.

    Examples
    --------
    >>> t = "We stand for peace, development and cooperation."
    >>> [d for s, e, d in find_tricolons(t)]
    ['peace | development | cooperation']
    >>> find_tricolons("We discussed trade, energy, climate and health.")
    []
    """
    check_interval("max_words", max_words, low=1, integer=True, caller="find_tricolons")
    out = []
    for m in _TRICOLON_RE.finditer(text):
        b = _item_words(m.group("b"))
        if len(b) > max_words or not _clean_item(b) or _is_name(b) or _is_name(_item_words(m.group("c"))):
            continue
        comma = m.start()
        window = text[max(0, comma - 120):comma]
        base = comma - len(window)
        a_words = list(_WORD_RE.finditer(window))
        if not a_words or base + a_words[-1].end() != comma:
            continue
        a_starts: list[int] = []
        for w in reversed(a_words):
            gap = window[w.end():(a_starts[-1] - base) if a_starts else len(window)]
            low = w.group().lower()
            if gap.strip() or len(a_starts) >= max_words or (low in _FUNCTION_BACK and low not in _DETERMINERS):
                break
            a_starts.append(base + w.start())
            if low in _DETERMINERS:
                break
        if not a_starts:
            continue
        c_all = list(_WORD_RE.finditer(m.group("c")))
        keep = [c_all[0]]
        for w in c_all[1:]:
            if w.group().lower() in _STOP_FORWARD or len(keep) >= max(len(b), len(a_starts)):
                break
            keep.append(w)
        a_start = a_starts[min(len(a_starts), len(keep)) - 1]
        if _FOURTH_BEFORE.search(text[max(0, a_start - 40):a_start]):
            continue  # a fourth item before the first: X, A, B and C
        c_end = m.start("c") + keep[-1].end()
        if _FOURTH_AFTER.match(text[c_end:c_end + 8]):
            continue  # "A, B and C, and D"
        items = [text[a_start:comma], m.group("b"), text[m.start("c"):c_end]]
        out.append((a_start, c_end, " | ".join(" ".join(x.split()) for x in items)))
    return out


# --- anaphora and parallelism -----------------------------------------------------------
_LEAD_CONJ = re.compile(r"^(?:(?:and|but|or|so|yet)\b[\s,]*)", re.IGNORECASE)


@lru_cache(maxsize=16)
def _opening_re(n_words: int) -> re.Pattern[str]:
    """The first ``n_words + 1`` words of a clause, one group each, in one match: the
    clause's opening characters stripped, then a leading conjunction (:data:`_LEAD_CONJ`),
    then the words of :data:`_WORD_RE` (possessive and atomic, so that it never backtracks
    into a shorter word or an unstripped opening)."""
    word = r"[^A-Za-z0-9]*+([A-Za-z0-9][\w'\u2019-]*+)"
    return re.compile(r"(?>[ \t\n\"'\u201c\u2018(\-]*)(?>(?:(?i:and|but|or|so|yet)\b[\s,]*)?)"
                      + word * (n_words + 1))


def _opening_words(text: str, n_words: int) -> tuple[str, ...] | None:
    """The first ``n_words + 1`` words of ``text`` after its opening characters and a leading
    conjunction, or None when it has fewer."""
    m = _opening_re(n_words).match(text)
    return None if m is None else m.groups()


def _opening_key(text: str, n_words: int) -> tuple[str, ...] | None:
    """The words of :func:`_opening` as a tuple (equal when the openings are equal: words hold
    no space), or None."""
    words = _opening_words(text, n_words)
    return None if words is None else tuple([w.lower() for w in words[:n_words]])


def _opening(text: str, n_words: int) -> str | None:
    words = _opening_words(text, n_words)
    if words is None:
        return None
    return " ".join(w.lower() for w in words[:n_words])


_ARTICLES = frozenset({"the", "a", "an"})


def _anaphora_opening(text: str, start: int, end: int, n_words: int) -> str | None:
    """The opening (as :func:`_opening`) of the sentence ``text[start:end]``, or None when it cannot
    start an anaphora: it opens with an article or names someone or something after its first word.

    The pattern is matched within the text, not on a copy of the sentence (it tests no word
    boundary at its start, so it matches alike), and the words are joined, then lower-cased at
    once (the space between two words keeps each one's lower case what it is alone)."""
    m = _opening_re(n_words).match(text, start, end)
    if m is None:
        return None
    words = m.groups()
    if words[0].lower() in _ARTICLES:
        return None
    for w in words[1:n_words]:
        if w[0].isupper() and w != "I":
            return None
    return " ".join(words[:n_words]).lower()


def find_anaphora(text: str, *, n_words: int = 2, min_run: int = 3, within_paragraph: bool = True,
                  spans: Spans | None = None) -> list[Span]:
    """Successive sentences that open with the same words ("We will ... We will ... We will ...").

    Parameters
    ----------
    text : str
    n_words : int, default=2
        How many opening words must repeat.
    min_run : int, default=3
        Fewest successive sentences in a run.
    within_paragraph : bool, default=True
        A run ends at a line break: paragraphs that open alike ("At the invitation of ...",
        "On your first question ...") are a format, not a figure of speech.
    spans : sequence of (int, int), optional
        Sentence spans of ``text``.

    Returns
    -------
    list of (start, end, detail)
        From the first sentence of the run to the end of the last; ``detail`` is the shared
        opening (lower case).

    Notes
    -----
    Openings are compared in lower case after dropping a leading conjunction ("And we
    will..." opens like "We will..."); sentences of ``n_words`` words or fewer do not count.
    Nor do sentences whose opening starts with an article or holds a capitalised word
    after its first word (other than "I"): they repeat a subject or a name ("The two
    sides ...", "The Thai side ...", "President Xi ..."), which is how a report keeps its
    topic rather than a rhetorical repetition. Pronoun and verb openings ("We will", "It
    is", "Do they know") and a name as the first word ("China has ...") count.

    Examples
    --------
    >>> t = "We will open up. We will reform. We will not waver. Thank you."
    >>> [d for s, e, d in find_anaphora(t)]
    ['we will']
    >>> find_anaphora("The two sides met. The two sides agreed. The two sides signed.")
    []
    """
    check_interval("n_words", n_words, low=1, integer=True, caller="find_anaphora")
    check_interval("min_run", min_run, low=2, integer=True, caller="find_anaphora")
    check_option("within_paragraph", within_paragraph, {True, False}, caller="find_anaphora")
    sents = _sentences(text, spans)
    out = []
    i = 0
    opens = [_anaphora_opening(text, s, e, n_words) for s, e in sents]
    while i < len(sents):
        j = i
        while j + 1 < len(sents) and opens[i] is not None and opens[j + 1] == opens[i] and \
                not (within_paragraph and "\n" in text[sents[j][1]:sents[j + 1][0]]):
            j += 1
        if opens[i] is not None and j - i + 1 >= min_run:
            out.append((sents[i][0], sents[j][1], opens[i]))
        i = j + 1
    return out


def _names_opening(clause: str, n_words: int) -> bool:
    """True if the clause's opening words include a capitalised word other than "I" (a name)."""
    body = _LEAD_CONJ.sub("", clause.lstrip(" \t\n\"'\u201c\u2018(-"))
    return any(w[0].isupper() and w != "I" for w in (m.group() for m in islice(_WORD_RE.finditer(body), n_words)))


_CORRELATIVES = re.compile(
    r"\b(?:not only\b[^.!?;]{1,200}?\bbut(?: also)?\b"
    r"|on the one hand\b[^.!?]{1,300}?\bon the other(?: hand)?\b"
    r"|neither\b[^.!?;]{1,200}?\bnor\b"
    r"|the (?:more|less|\w+er)\b[^.!?;]{1,120}?,\s*the (?:more|less|\w+er)\b)",
    re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"[;,:]\s+")
# every correlative holds one of these words or a match of _THE_AFTER_COMMA (in lower case):
# sentences without one are not searched
_CORRELATIVE_WORDS = ("not only", "on the one hand", "neither")
_THE_AFTER_COMMA = re.compile(r",\s*the ")


def find_parallelism(text: str, *, n_words: int = 2, spans: Spans | None = None) -> list[Span]:
    """Parallel clauses within a sentence, and correlative pairs ("not only ... but also").

    Parameters
    ----------
    text : str
    n_words : int, default=2
        Opening words two adjacent clauses must share.
    spans : sequence of (int, int), optional
        Sentence spans of ``text``.

    Returns
    -------
    list of (start, end, detail)
        ``detail`` is the shared clause opening, or the correlative pair
        (``"not only ... but also"``).

    Notes
    -----
    Clauses are the parts of a sentence between ``,``, ``;`` and ``:``; a run of two or
    more adjacent clauses opening with the same ``n_words`` words (after a leading
    conjunction; not capitalised names, which make lists such as "the Republic of Ghana,
    and the Republic of Namibia") is one match ("they are the vanguards ...; they are the first ...; and
    they are fearless"). Correlatives: *not only ... but (also)*, *on the one hand ... on
    the other (hand)*, *neither ... nor*, *the more ..., the more*.

    Examples
    --------
    >>> t = "They are the vanguards; they are the first to step forward; and they are fearless."
    >>> [d for s, e, d in find_parallelism(t)]
    ['they are']
    """
    check_interval("n_words", n_words, low=1, integer=True, caller="find_parallelism")
    sents = _sentences(text, spans)
    if len(sents) == 0:
        return []
    low = fold(text)
    hints = sorted([*find_all(low, _CORRELATIVE_WORDS), *(m.start() for m in _THE_AFTER_COMMA.finditer(low))])
    return _parallel_clauses(text, n_words, sents, hints)


def _parallel_clauses(text: str, n_words: int, sents: Spans, hints: list[int]) -> list[Span]:
    """:func:`find_parallelism` in the sentences ``sents`` of ``text``, the correlatives searched
    for only in the sentences where ``hints`` (sorted offsets) has a position: given every
    position where a correlative's words or its comma before "the" start, it finds what
    :func:`find_parallelism` finds. The detectors pass only the sentences that can hold a match
    and their own hints (:func:`analysis.rhetoric.devices._parallel_sentences`)."""
    out: list[Span] = []
    for s0, e0 in sents:
        sent = text[s0:e0]
        bounds, pos = [], 0
        for m in _CLAUSE_SPLIT.finditer(sent):
            bounds.append((pos, m.start()))
            pos = m.end()
        bounds.append((pos, len(sent)))
        if len(bounds) > 1:  # a sentence of one clause has no run of clauses
            # each clause's opening words in lower case (compared as tuples: joined only for a match)
            opens = [_opening_key(sent[a:b], n_words) for a, b in bounds]
            i = 0
            while i < len(bounds):
                j = i
                while j + 1 < len(bounds) and opens[i] is not None and opens[j + 1] == opens[i] and \
                        not _names_opening(sent[bounds[j + 1][0]:bounds[j + 1][1]], n_words):
                    j += 1
                if j > i:
                    end = bounds[j][1]
                    out.append((s0 + bounds[i][0], s0 + end, " ".join(opens[i])))
                i = j + 1
        corr = []
        k = bisect_left(hints, s0)
        for m in _CORRELATIVES.finditer(sent) if k < len(hints) and hints[k] < e0 else ():
            words = m.group().lower().split()
            detail = {"not": "not only ... but", "on": "on the one hand ... on the other",
                      "neither": "neither ... nor"}.get(words[0], "the more ... the more")
            if words[0] == "not" and words[-1] == "also":
                detail += " also"
            corr.append((s0 + m.start(), s0 + m.end(), detail))
        # a clause run that a correlative spans ("on the one hand ..., on the other") is the correlative
        if corr:
            out = [x for x in out if not any(c[0] <= x[0] < c[1] for c in corr)] + corr
    return sorted(out)
