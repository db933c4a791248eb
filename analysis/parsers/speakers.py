"""Who is who: one key per speaker across spellings, and roles from what speakers do.

Speaker keys
------------
A label as written (``CHAIRMAN POWELL:``, ``Chair Powell.``, ``CHAIRIMAN POWELL``) is reduced
to a key: case folded, punctuation dropped, leading honorifics and titles dropped
(``lexicons/titles.txt``; a title misspelt by one letter counts as the title). Keys that
still differ are merged when the evidence says they are one person (:func:`merge_keys`): a
rare key within one edit per six letters of one used at least twice as often (a typo: ``bernake`` ->
``bernanke``), a label of one transcript with two letters swapped (``polowcyzk`` ->
``polowczyk``) that is less often used than the other, not frequent itself and never takes
turns with it, or a key whose words are all in exactly one longer key (``kyodo`` ->
``kyodo news``, ``powell`` -> ``jerome powell``). Every merge is listed with its reason
(``speaker_merge`` notes, which the ``merged`` column of ``Corpus.speakers()`` reads) and
can be overridden with ``load_corpus(aliases=...)``.

Roles
-----
Roles come from what each speaker does in the transcript, not from words in the label
(:func:`assign_roles`). For every speaker whose role the label does not fix (``Q:``,
``A:``, an outlet), in this order:

1. *answers*: at least three turns, most of them right after another speaker's question,
   and not short (20+ words on average): ``official``, even when the label says "Chair";
2. *presides by title*: the label or the office a structured source gives names the chair
   (``lexicons/titles.txt``, section ``presiding``): ``moderator``;
3. *presides by behaviour*: at least three short turns (under 40 words on average), not
   answers, most of which hand the floor: they end by calling the next speaker by name
   ("Senator Manchin?", "Mr. Walker, please proceed.") or open or close the session ("will
   come to order", "is adjourned": ``lexicons/moderator_cues.txt``, section ``session``);
   or moderator cues in most turns (``lexicons/moderator_cues.txt``) and short turns, or at
   least five turns most of which stand between two other speakers (one speaks before,
   another after: the floor is handed on), short, and not answers: ``moderator``;
4. *office*: a structured source's office names the answering side (minister,
   spokesperson...): ``official``;
5. *asks*: most turns are questions (a ``?`` near the end, or "My question is..."; not a
   statement that ends by handing the floor to a named person, "... Dr. Fauci?"), more
   often than they follow one: ``questioner``; *answers*: most turns follow a question:
   ``official``;
6. *spoken of by office*: others speak of "the Minister" (an answering office) beside at
   least three, and most, of the speaker's turns, and the speaker never does: ``official``
   (a minister answering a debate where the source gives no office);
7. otherwise the role most speakers with clear evidence have in this transcript (a
   briefing's named speakers are officials, a debate's back-benchers are questioners);
   with none, a speaker who talks for an inquiry ("our investigation", "these hearings":
   ``lexicons/inquiry_cues.txt``) is a questioner, and anyone else an official.

A speaker keeps one role per transcript. ``role_reason`` says which rule decided, with its
numbers ("asks more often than it answers: 9 of its 12 turns ask questions, and none follows
one").

Unlabelled opening remarks
--------------------------
Text before the first speaker label (the reader gives it to the ``"Unknown speaker"``) goes
to the speaker the evidence names: a title that names one speaker ("Remarks by President X
in ..."; a label that names the same person, ``THE PRESIDENT``, gives the key and spelling),
the official the title or metadata names, or the person the first labelled speaker thanks in
its first two sentences ("Thank you, Mr. President."), when that person speaks under a label
here or is named by more than a first name. Short
opening words that announce or call the first labelled speaker ("Ladies and gentlemen, the
President of the United States.") are someone else's. Without such evidence the opening stays
the ``"Unknown speaker"``'s, with the role its words show: a moderator's when they open the
session or announce the first speaker, a questioner's when they end in a question, an
official's when they are a statement of 20 words or more, else ``"unknown"``
(:func:`_opening_role`). A transcript whose source leaves other turns unnamed too keeps them
all ``"unknown"``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from ..languages import has_han
from . import roles as rl

__all__ = ["titles", "presiding_title", "answering_office", "name_key", "merge_keys", "adjoining_pairs",
           "assign_roles", "is_question", "merge_message", "merged_name", "speaker_in_title", "name_from_title",
           "thanked", "asking_reason", "answering_reason", "UNKNOWN"]

_LEX = Path(__file__).resolve().parent.parent / "lexicons"


def _title_sections() -> dict[str, tuple[str, ...]]:
    return rl.lexicon_sections("titles.txt")


def titles() -> frozenset[str]:
    """Honorifics and titles that may stand before a name (lower case, no dots)."""
    return frozenset(_title_sections()["titles"])


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*", text.casefold())


def _phrase_in(phrases: Iterable[str], text: str) -> str | None:
    words = " ".join(_words(text))
    if not words:
        return None
    padded = f" {words} "
    for p in phrases:
        if f" {p} " in padded:
            return p
    return None


def presiding_title(label: str) -> str | None:
    """The presiding title a label or office names ("Chairman", "Mr. Speaker"), or None.

    Examples
    --------
    >>> [presiding_title(x) for x in ["Chairman INOUYE", "CHAIR POWELL", "Mr. Speaker", "Speaker 2", "Dr. Fauci"]]
    ['chairman', 'chair', 'mr speaker', None, None]
    """
    if re.search(r"\bspeaker\s*\d", label, re.I):  # "Speaker 1": a numbered voice, not the Speaker
        return None
    return _phrase_in(_title_sections()["presiding"], label)


def answering_office(office: str) -> str | None:
    """The word of an office that marks the answering side ("Minister of State"), or None.

    Examples
    --------
    >>> answering_office("The Minister of State, Ministry of Defence")
    'minister'
    >>> answering_office("Associate Justice of the Supreme Court") is None
    True
    """
    return _phrase_in(_title_sections()["answering"], office)


def _is_title(word: str, known: frozenset[str]) -> bool:
    if word in known:
        return True
    if len(word) < 6:
        return False
    from rapidfuzz.distance import Levenshtein

    return any(abs(len(t) - len(word)) <= 1 and len(t) >= 6 and Levenshtein.distance(word, t) <= 1 for t in known)


_KEEP_TITLES = frozenset({"vice", "deputy", "associate", "assistant", "under", "chief"})
#: Words that make a longer name another person or group ("vice president", "several hon members").
_MODIFIERS = _KEEP_TITLES | {"several", "some", "other", "all", "hon", "first", "second", "former", "acting"}


@lru_cache(maxsize=1 << 16)  # called for every turn, several times, with few distinct labels
def name_key(label: str) -> str:
    """A speaker's key: case folded, punctuation and leading titles dropped.

    When only titles remain ("THE PRESIDENT", "Mr. Speaker"), the label's words are the key
    (without "the" and honorifics). Modifiers that change who is meant ("vice", "deputy")
    are kept.

    Examples
    --------
    >>> [name_key(x) for x in ["CHAIRMAN POWELL", "Chair Powell.", "CHAIRIMAN POWELL", "MR.PESICKA"]]
    ['powell', 'powell', 'powell', 'pesicka']
    >>> [name_key(x) for x in ["THE PRESIDENT", "THE VICE PRESIDENT", "Mr. Deputy Speaker", "Qi Jiabin"]]
    ['president', 'vice president', 'deputy speaker', 'qi jiabin']
    """
    base = rl.speaker_key(label.replace(".", ". "))
    words = base.split()
    known = titles()
    k = 0
    while k < len(words) - 1 and words[k] not in _KEEP_TITLES and _is_title(words[k], known):
        k += 1
    rest = words[k:]
    if len(rest) == 1 and _is_title(rest[0], known) and k > 0:
        # only titles: keep the meaningful ones ("president", "deputy speaker")
        rest = [w for w in words if w not in ("the", "mr", "mrs", "ms", "madam", "mme", "dr")] or words
    return " ".join(rest) if rest else base


def adjoining_pairs(keys: Sequence[str | None]) -> frozenset[frozenset[str]]:
    """The pairs of keys of which one speaks right after the other, in a transcript's order.

    Two labels that take turns with each other are two people: nobody answers themselves.

    Examples
    --------
    >>> sorted(sorted(p) for p in adjoining_pairs(["ann", "bob", None, "cy", "cy", "ann"]))
    [['ann', 'bob'], ['ann', 'cy']]
    """
    from itertools import pairwise

    return frozenset(frozenset((a, b)) for a, b in pairwise(keys) if a and b and a != b)


def _spelling_of(k: str, big: str, counts: Mapping[str, int], limit: int,
                 adjoining: frozenset[frozenset[str]] | None, frequent: float) -> str | None:
    """Why ``k`` is a misspelling of the more frequent ``big``, or None when it is not.

    A rare key (at most half as often) within ``limit`` edits. With ``adjoining`` given (one
    transcript), also a key that differs by one swap of two neighbouring letters (a slip of
    typing, which changes no letter; a letter added, dropped or changed also tells real
    namesakes apart: "Davis", "Davies") and is seen less often than ``big``, unless it is
    frequent itself (at least ``frequent`` turns: both frequent are two people) or the two
    speak one right after the other (nobody answers themselves).
    """
    from rapidfuzz.distance import OSA, Levenshtein

    if counts[big] <= counts[k] or abs(len(big) - len(k)) > 2:
        return None
    if big[0] != k[0] and (len(k) < 8 or k[1:] != big[2:] and k[1:] != big[1:]):
        return None  # a different first letter only when a letter was dropped or garbled at the start
    d = OSA.distance(k, big)  # a swap of two letters is one edit
    if d == 0:
        return None
    counted = f"{counts[k]} against {counts[big]} turns"
    if counts[big] >= 2 * counts[k] and d <= limit:
        return f"spelling of {big!r} ({d} edit{'s' if d > 1 else ''}; {counted})"
    if (adjoining is not None and d == 1 and counts[k] < frequent and frozenset((k, big)) not in adjoining
            and Levenshtein.distance(k, big) == 2):  # one edit, and it is a swap
        return (f"spelling of {big!r} (two letters swapped; {counted}; fewer than a speaker's mean here, "
                f"and the two never speak one after the other)")
    return None


def merge_keys(counts: Mapping[str, int], aliases: Mapping[str, str] | None = None, *,
               max_edits: int | None = None,
               adjoining: frozenset[frozenset[str]] | None = None) -> dict[str, tuple[str, str]]:
    """Which keys are spellings of another: ``{key: (canonical key, reason)}`` for merged keys.

    Parameters
    ----------
    counts : mapping
        Turns per key (in one transcript or the whole corpus).
    aliases : mapping, default=None
        ``{label or key: speaker}`` given by the user; wins over every rule.
    max_edits : int, default=None
        At most this many edits for a typo (default: one per six letters).
    adjoining : frozenset of frozensets, default=None
        The pairs of keys that speak one right after the other in one transcript
        (:func:`adjoining_pairs`). Given, a key one swap of letters from a more frequent key
        is also a typo of it when it has fewer turns than the mean key and the two never adjoin.

    Notes
    -----
    A *typo*: a key seen at most half as often as another key with the same first letter, within
    one edit (optimal string alignment: a swap of two letters is one edit) per six letters, in
    alphabets only: a Han character is a syllable and a word, so one changed is another name
    (环球时报 and 环球邮报 are two newspapers); within one transcript (``adjoining`` given), also a key
    that differs from a more frequent one by one swap of two neighbouring letters, unless both
    are frequent (the rarer has at least the mean turns per key: two real people with near
    names) or they take turns with each other. A *short form*: every word of the key is in
    exactly one longer key, the key is not made of titles alone ("president") and the longer key
    does not add a word that makes it another person ("vice president", "deputy speaker").
    Chains resolve to their end; the more frequent spelling is the canonical one.
    """
    out: dict[str, tuple[str, str]] = {}
    given = {name_key(k): (name_key(v), f"aliases: {k!r} -> {v!r}") for k, v in (aliases or {}).items()}
    out.update({k: v for k, v in given.items() if k != v[0]})
    keys = sorted((k for k in counts if k and k not in out), key=lambda k: (-counts[k], k))
    frequent = sum(counts[k] for k in keys) / len(keys) if keys else 0.0
    han = {k for k in keys if has_han(k)}  # never a typo, nor the name of one
    for i, k in enumerate(keys):
        if len(k) < 5 or " " in k and len(k.replace(" ", "")) < 5 or k in han:
            continue
        for big in keys[:i]:
            if big in out or big in han:
                continue
            why = _spelling_of(k, big, counts, max_edits if max_edits is not None else max(1, len(big) // 6),
                               adjoining, frequent)
            if why:
                out[k] = (big, why)
                break
    word_sets = {k: set(k.split()) for k in keys}
    known_titles = titles() | {"speaker", "members", "member", "lords", "lord"}
    for k in keys:
        if k in out:
            continue
        supers = [b for b in keys if b != k and b not in out and len(word_sets[b]) > len(word_sets[k])
                  and word_sets[k] <= word_sets[b]]
        if (len(supers) == 1 and counts[supers[0]] * 5 >= counts[k]
                and not all(w in known_titles for w in word_sets[k])
                and not (word_sets[supers[0]] - word_sets[k]) & _MODIFIERS):
            out[k] = (supers[0], f"short form of {supers[0]!r}")
    for k in list(out):  # resolve chains
        seen = {k}
        target, reason = out[k]
        while target in out and target not in seen:
            seen.add(target)
            target = out[target][0]
        out[k] = (target, reason)
    return out


_MERGE_MESSAGE = re.compile(r"""^speaker ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*") read as """)


def merge_message(name: str, target: str, reason: str) -> str:
    """The message of a ``speaker_merge`` note: ``name`` (a label's key) read as ``target``.

    Examples
    --------
    >>> merge_message("navrrro", "navarro", "spelling of 'navarro'")
    "speaker 'navrrro' read as 'navarro': spelling of 'navarro'"
    """
    return f"speaker {name!r} read as {target!r}: {reason}"


def merged_name(message: str) -> str | None:
    """The key a ``speaker_merge`` note's message says was read as another, or None.

    The inverse of :func:`merge_message`: the notes are the one record of which labels
    were merged (``Corpus.speakers()`` reads its ``merged`` column from them).

    Examples
    --------
    >>> merged_name(merge_message("o'hara", "ohara", "x")), merged_name("something else")
    ("o'hara", None)
    """
    import ast

    m = _MERGE_MESSAGE.match(message)
    return ast.literal_eval(m.group(1)) if m else None


# ----------------------------------------------------------------------------- roles
_Q_CUE = re.compile(r"\?[\"'\u201d\u2019)\]]*(?=\s|$)|\uff1f|(?:请问|有何评论|有何回应|有何看法|能否(?:介绍|证实|透露|说明)|是否(?:证实|确认))")
#: A question asked without a question mark ("I wanted to ask about the balance sheet.").
_ASKING = re.compile(
    r"\b(?:i\s+(?:wanted|want|would\s+like|'d\s+like|\u2019d\s+like)\s+to\s+ask|my\s+question|"
    r"(?:could|can|would)\s+you\s+(?:talk|tell|say|comment|explain|elaborate|walk|update|give)|"
    r"i\s+(?:was|am)\s+wondering|i(?:'|\u2019)m\s+wondering|wonder\s+(?:if|whether)\s+you)\b", re.I)


def is_question(text: str) -> bool:
    """A turn that asks: a question mark in its last 300 characters, a question opening, or
    an asking phrase there ("I wanted to ask", "could you talk about").

    Examples
    --------
    >>> [is_question(x) for x in ["Will you go? Thanks.", "My question is about trade.", "We will go.",
    ...                           "Thank you. I wanted to ask about rates."]]
    [True, True, False, True]
    """
    tail = text[-300:]
    return bool(_Q_CUE.search(tail)) or rl.looks_like_question(text) or bool(_ASKING.search(tail))


#: A closing sentence that is only a name or a title and a question mark ("Dr. Fauci?",
#: "Mr. Vice President?"): the floor handed to the next speaker.
_HANDOVER = re.compile(
    r"(?:^|(?<=[.!\u2026\"'\u201d\u2019)])\s+)((?:[A-Z][\w'\u2019\-]*\.?\s+){0,3}[A-Z][\w'\u2019\-]*)"
    r"\s*\?[\"'\u201d\u2019)\]]*\s*$")
_NOT_A_NAME = frozenset(
    "i you we they he she it am is are was were do does did can could will would shall should may might have "
    "has had what why how who whom where when which right okay ok yes no really anyone anybody everyone "
    "questions question next sure correct true else any huh eh so and or but not this that there".split())


def hands_over(text: str) -> bool:
    """A long turn whose only question is a closing hand-over to a named person: the speaker
    ends a statement of 20 words or more by calling on the next speaker ("... Dr. Fauci?").

    Examples
    --------
    >>> long = "We have tested more people this week than in the last eight weeks together. " * 2
    >>> [hands_over(long + x) for x in ["Dr. Fauci?", "Tony?", "Right?", "Am I?", "Why?"]]
    [True, True, False, False, False]
    >>> hands_over("Is it true? " + long + "Dr. Fauci?"), hands_over("Dr. Fauci?")
    (False, False)
    """
    m = _HANDOVER.search(text[-200:])
    if m is None:
        return False
    words = [w.strip(".'\u2019").lower() for w in m.group(1).split()]
    if any(w in _NOT_A_NAME or "n't" in w or "n\u2019t" in w for w in words):
        return False
    head = text[:len(text) - len(text[-200:]) + m.start(1)]
    return len(head.split()) >= 20 and not is_question(head)


#: Where one sentence of a turn ends and the next begins.
_SENTENCE_BREAK = re.compile(r"(?<=[.?!\u2026])[\"'\u201d\u2019)]*\s+")
#: Words that give the floor after a name ("Mr. Walker, please proceed", "Senator X, you are recognized").
_GIVING = frozenset("please proceed go ahead you are you're recognized the floor is yours have".split())


def _calls_next(text: str, next_key: str | None, *, max_words: int = 5) -> bool:
    """The turn ends with a short sentence that calls the next speaker by name ("Senator
    Manchin?", "Senator Cantwell.", "Mr. Walker, please proceed.").

    The closing sentence has at most ``max_words`` words besides the words that give the floor
    ("please proceed", "you are recognized"), and holds every word of the next speaker's key.

    Examples
    --------
    >>> [_calls_next(x, "manchin") for x in ["Thank you. Senator Manchin?", "Thank you, Senator Manchin.",
    ...                                      "Senator Manchin said the budget is too low for the job."]]
    [True, True, False]
    >>> _calls_next("Thank you. Mr. Walker, please proceed.", "walker"), _calls_next("Thank you.", "walker")
    (True, False)
    """
    if not next_key:
        return False
    words = _words(_SENTENCE_BREAK.split(text.strip()[-300:])[-1])
    if len([w for w in words if w not in _GIVING]) > max_words:
        return False
    return set(next_key.split()) <= set(words)


def _hands_floor(text: str, next_key: str | None) -> bool:
    """A turn that hands the floor: it ends by calling the next speaker by name
    (:func:`_calls_next`), or holds the words of a chair who opens or closes a session or
    gives the floor ("will come to order", "is adjourned", "please proceed":
    ``lexicons/moderator_cues.txt``, section ``session``)."""
    return _calls_next(text, next_key) or rl.session_cue(text) is not None


@lru_cache(maxsize=1)
def _inquiry_cues() -> tuple[str, ...]:
    lines = (_LEX / "inquiry_cues.txt").read_text(encoding="utf-8").splitlines()
    return tuple(x.split("#", 1)[0].strip().lower() for x in lines if x.split("#", 1)[0].strip())


def _inquiry_score(texts: Sequence[str]) -> int:
    low = " ".join(texts).lower().replace("\u2019", "'")
    return sum(1 for c in _inquiry_cues() if c in low)


class _WordCounts:
    """The number of words of each of ``texts`` (white-space-separated), counted when first
    asked for: most transcripts settle their roles without them."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._texts = texts
        self._counts: list[int | None] = [None] * len(texts)

    def __getitem__(self, i: int) -> int:
        n = self._counts[i]
        if n is None:
            n = self._counts[i] = len(self._texts[i].split())
        return n


class _MeanWords(dict):
    """Speaker key -> mean number of words of its turns (``by_key`` gives the turns), taken
    when first asked for."""

    def __init__(self, by_key: Mapping[str, list[int]], nwords: _WordCounts) -> None:
        super().__init__()
        self._by_key = by_key
        self._nwords = nwords

    def __missing__(self, key: str) -> float:
        idx = self._by_key[key]
        mean = self[key] = sum(self._nwords[i] for i in idx) / len(idx)
        return mean


def _turns_that(n: int, k: int, does: str, do: str, does_not: str) -> str:
    """How many of a speaker's ``k`` turns do something, as the subject and verb of a clause.

    Examples
    --------
    >>> [_turns_that(n, k, "asks a question", "ask questions", "does not ask one")
    ...  for n, k in [(1, 1), (0, 1), (0, 4), (1, 4), (2, 2), (5, 5), (3, 5)]]
    ['its one turn asks a question', 'its one turn does not ask one', 'none of its 4 turns asks a question', '1 of its 4 turns asks a question', 'both its turns ask questions', 'all 5 of its turns ask questions', '3 of its 5 turns ask questions']
    """
    if k == 1:
        return f"its one turn {does if n else does_not}"
    if n == 0:
        return f"none of its {k} turns {does}"
    if n == k:
        return f"{'both' if k == 2 else f'all {k} of'} its turns {do}"
    return f"{n} of its {k} turns {does if n == 1 else do}"


def _and_count(n: int, k: int, does: str, do: str, does_not: str) -> str:
    """The second count of a sentence about ``k`` turns: "and none follows one", "and 2 follow one"."""
    if k == 1:
        return f"and it {does if n else does_not}"
    if n == 0:
        return f"and none {does}"
    return f"and {n} {does if n == 1 else do}"


def _plural(n: float, noun: str) -> str:
    """``"1 speaker"``, ``"3 speakers"``, ``"12 words"``."""
    return f"{n:.0f} {noun}{'' if round(n) == 1 else 's'}"


def asking_reason(asked: int, follows: int, k: int) -> str:
    """Why a speaker who asks more often than it answers is a questioner.

    Examples
    --------
    >>> asking_reason(1, 0, 4)
    'asks more often than it answers: 1 of its 4 turns asks a question, and none follows one'
    >>> asking_reason(1, 0, 1)
    'asks more often than it answers: its one turn asks a question, and it does not follow one'
    """
    return (f"asks more often than it answers: "
            f"{_turns_that(asked, k, 'asks a question', 'ask questions', 'does not ask one')}, "
            f"{_and_count(follows, k, 'follows one', 'follow one', 'does not follow one')}")


def answering_reason(follows: int, asked: int, k: int) -> str:
    """Why a speaker who answers more often than it asks is an official.

    Examples
    --------
    >>> answering_reason(1, 0, 2)
    'answers more often than it asks: 1 of its 2 turns follows a question, and none asks one'
    >>> answering_reason(2, 1, 2)
    'answers more often than it asks: both its turns follow a question, and 1 asks one'
    """
    return (f"answers more often than it asks: "
            f"{_turns_that(follows, k, 'follows a question', 'follow a question', 'does not follow one')}, "
            f"{_and_count(asked, k, 'asks one', 'ask one', 'does not ask one')}")


def assign_roles(drafts: Sequence, *, official: str | None = None) -> None:
    """Set ``role`` and ``role_reason`` of every draft whose role the label did not fix.

    Parameters
    ----------
    drafts : sequence of TurnDraft
        One transcript's turns, in order, each with ``key`` set (the merged speaker key);
        drafts with a ``role`` keep it.
    official : str or None
        The official named in the title or metadata: never a questioner or moderator by
        behaviour alone.
    """
    n = len(drafts)
    texts = [" ".join(p.speech for p in d.paragraphs) for d in drafts]
    asks = [is_question(t) for t in texts]
    nwords = _WordCounts(texts)
    who = [d.key for d in drafts]
    opening = _opening_speaker(drafts, texts, official)
    fixed: dict[str, str] = {}
    has_labels = any(d.label for d in drafts)
    for i, d in enumerate(drafts):
        if d.role is not None:
            fixed.setdefault(d.key, d.role)
            if not d.role_reason:
                d.role_reason = _fixed_reason(d, i, has_labels)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(drafts):
        if d.role is None:
            by_key[d.key].append(i)
    if not by_key:
        _opening_role(drafts, texts, opening)
        return
    official_key = name_key(official) if official else None
    decided: dict[str, tuple[str, str]] = {}
    tallies: dict[str, tuple[int, int, int]] = {}
    ambiguous: list[str] = []
    offices: dict[str, str] = {}
    mean_of = _MeanWords(by_key, nwords)
    for key, idx in by_key.items():
        k = len(idx)
        follows = sum(1 for i in idx if i > 0 and who[i - 1] != key and asks[i - 1])
        # a statement that ends by handing the floor to someone ("... Dr. Fauci?") does not ask
        asked = sum(asks[i] and not hands_over(texts[i]) for i in idx)
        between = sum(1 for i in idx if 0 < i < n - 1 and who[i - 1] != key and who[i + 1] != key
                      and who[i - 1] != who[i + 1])
        next_speakers = {who[i + 1] for i in idx if i + 1 < n and who[i + 1] != key}
        first = drafts[idx[0]]
        title = presiding_title(first.label) or (presiding_title(first.hint) if first.hint else None)
        cue = rl.moderator_score([texts[i] for i in idx])
        office = answering_office(first.hint) if first.hint else None
        score = (asked - follows) / k
        tallies[key] = (asked, follows, k)
        if k >= 3 and follows * 2 > k and mean_of[key] >= 20:
            decided[key] = ("official", f"answers questions: "
                                        f"{_turns_that(follows, k, 'follows a question', 'follow a question', '')}"
                                        f", and its turns are {_plural(mean_of[key], 'word')} long on average")
        elif title and key != official_key:
            where = "its label" if presiding_title(first.label) else "the office the source gives it"
            decided[key] = ("moderator", f"presides: {where} names the chair ({title!r})")
        elif key != official_key and k >= 3 and follows * 2 <= k and mean_of[key] < 40 and (
                (handing := sum(_hands_floor(texts[i], who[i + 1] if i + 1 < n else None) for i in idx)) * 2 > k):
            decided[key] = ("moderator", f"presides: {_turns_that(handing, k, 'hands', 'hand', '')} the floor "
                                         f"(ending by calling the next speaker, or opening or closing the "
                                         f"session), and its turns are short ({_plural(mean_of[key], 'word')} "
                                         f"on average)")
        elif key != official_key and ((cue >= 0.5 and mean_of[key] < 150) or (
                k >= 5 and between * 10 >= 6 * k and len(next_speakers) >= 2 and mean_of[key] < 40
                and follows * 2 <= k)):
            if cue >= 0.5 and mean_of[key] < 150:
                example = _first_cue(texts[i] for i in idx)
                why = (f"{_turns_that(round(cue * k), k, 'holds', 'hold', '')} a moderator's words "
                       f"(such as {example!r})")
            else:
                why = (f"{_turns_that(between, k, 'stands', 'stand', '')} between two other speakers, handing "
                       f"the floor on, and its turns are short ({_plural(mean_of[key], 'word')} on average)")
            decided[key] = ("moderator", f"presides: {why}")
        elif office:
            offices[key] = first.hint
            decided[key] = ("official", f"the office the source gives it names the answering side ({first.hint!r})")
        elif key == official_key:
            decided[key] = ("official", "named as the official in the title or metadata")
        elif score >= 0.15:
            decided[key] = ("questioner", asking_reason(asked, follows, k))
        elif score <= -0.15:
            decided[key] = ("official", answering_reason(follows, asked, k))
        else:
            ambiguous.append(key)
    if offices:
        # a source that names offices names the answering side: the others answer only when
        # most of their turns follow a question
        named = next(iter(offices.values()))
        for key, (role, why) in list(decided.items()):
            if role == "official" and key not in offices and not why.startswith(("answers questions:", "named as")):
                decided[key] = ("questioner", f"{why}; but the source names the answering side by office "
                                              f"({named!r}) and gives this speaker no such office")
        for key in ambiguous:
            decided[key] = ("questioner", f"{_even(*tallies[key])}; the source names the answering side by "
                                          f"office ({named!r}) and gives this speaker no such office")
        ambiguous = []
    if ambiguous:
        ambiguous = _named_by_office(ambiguous, decided, by_key, texts, who, tallies)
    if ambiguous:
        _settle_ambiguous(ambiguous, decided, by_key, drafts, texts, nwords, mean_of, fixed, official_key, tallies)
    for key, idx in by_key.items():
        role, reason = decided[key]
        for i in idx:
            drafts[i].role, drafts[i].role_reason = role, reason
    _opening_role(drafts, texts, opening)


@lru_cache(maxsize=1)
def _office_mention() -> re.Pattern:
    """``the Minister``, ``the Secretary of State``: a third-person mention of a person who
    holds an answering office (the phrases of ``titles.txt`` section ``answering`` that hold
    a title, so an institution such as "the Government" is not one)."""
    known = titles()
    phrases = sorted((p for p in _title_sections()["answering"]
                      if any(w in known for w in re.split(r"[\s\-]+", p))), key=len, reverse=True)
    alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\bthe\s+({alt})\b(?![\w\-])", re.I)


def _named_by_office(ambiguous: list[str], decided: dict[str, tuple[str, str]], by_key: Mapping[str, list[int]],
                     texts: Sequence[str], who: Sequence[str],
                     tallies: Mapping[str, tuple[int, int, int]]) -> list[str]:
    """Speakers the others refer to by an answering office: officials; the rest stay ambiguous.

    In a debate the answering side is often spoken *of* rather than asked: "As the Minister
    said", "I urge the Minister to...". A speaker who never speaks of "the Minister" (or
    another answering office, :func:`_office_mention`) but most of whose turns, and at least
    three, stand next to (just before or after) a turn of another speaker that does, is the
    one meant: an official. The speakers who mention the office themselves are the ones
    speaking of it, not holding it; a minister may still speak of another office ("the
    Secretary of State"), so each office is counted on its own.

    Parameters
    ----------
    ambiguous : list of str
        Keys of the speakers no other rule decided.
    decided : dict
        ``{key: (role, reason)}``, updated in place for the speakers this rule decides.
    by_key : mapping
        The indices of each speaker's turns.
    texts, who : sequence
        Each turn's speech and speaker key, in order.
    tallies : mapping
        ``{key: (turns that ask, turns that follow a question, turns)}``, for the reason.

    Returns
    -------
    list of str
        The speakers still undecided.
    """
    mention = _office_mention()
    said = [{" ".join(m.group(1).lower().split()) for m in mention.finditer(t)} for t in texts]
    left = []
    for key in ambiguous:
        idx = by_key[key]
        own = set().union(*(said[i] for i in idx))
        best = None
        for office in sorted(set().union(*said) - own):
            near = sum(1 for i in idx if any(0 <= j < len(who) and who[j] != key and office in said[j]
                                             for j in (i - 1, i + 1)))
            if near >= 3 and near * 2 > len(idx) and (best is None or near > best[1]):
                best = (office, near)
        if best is not None:
            decided[key] = ("official", f"{_even(*tallies[key])}; the others speak of the {best[0]} "
                                        f"beside {best[1]} of its {len(idx)} turns, and it never does")
        else:
            left.append(key)
    return left


def _settle_ambiguous(ambiguous, decided, by_key, drafts, texts, nwords, mean_of, fixed, official_key,
                      tallies) -> None:
    """Speakers who neither ask nor answer more: by whom they talk with, else by turn length.

    Where role labels ("Q", "Journalist", an outlet) give the asking side in at least three
    turns and a fifth of all, a named speaker is of the answering side: officials there speak
    one after another (a president handing the floor to a secretary), so the neighbours say
    nothing.
    A speaker whose neighbouring turns (just before and after its own) are mostly by one
    side is on the other side (an advocate between justices' questions is an official). One
    who talks with both sides (a debate: four or more such neighbours) is on the side most
    speakers are on. Otherwise:
    the answering side talks at length and the asking side briefly, so a speaker with no
    clear balance of questions and answers goes with the side (questioners or officials,
    clear speakers and label-given roles alike) whose mean turn length is nearer on a log
    scale (a Gaussian likelihood, sd 0.8), weighted by the side's number of speakers. With one side only, the side most speakers are on; with none, an inquiry's voice
    is a questioner, anyone else an official.
    """
    import math

    words: dict[str, list[float]] = defaultdict(list)
    for key, (role, _) in decided.items():
        if role in ("questioner", "official"):
            words[role].append(mean_of[key])
    for i, d in enumerate(drafts):
        if d.key in fixed and d.role in ("questioner", "official"):
            words[d.role].append(nwords[i])
    sides = {r: sum(math.log1p(w) for w in ws) / len(ws) for r, ws in words.items() if ws}
    asked_by_others = any(r == "questioner" for r in fixed.values())
    side_of = {k: r for k, (r, _) in decided.items() if r in ("questioner", "official")}
    side_of.update({k: r for k, r in fixed.items() if r in ("questioner", "official")})
    who = [d.key for d in drafts]
    # the asking side named by role labels ("Q", "Journalist", an outlet) in a fifth or more of
    # the turns: the named speakers are the answering side, and their turns follow each other
    # (a president handing the floor to a secretary), so who they talk with says nothing
    labelled_q = sum(1 for d in drafts if d.key in fixed and d.role == "questioner" and d.label)
    q_by_labels = labelled_q >= 3 and labelled_q * 5 >= len(drafts)
    for key in ambiguous:
        even = _even(*tallies[key])
        if q_by_labels and key not in fixed:
            decided[key] = ("official", f"{even}; question labels (Q, Journalist, an outlet) mark the asking side "
                                        f"in {labelled_q} of the {len(drafts)} turns here, so a speaker labelled "
                                        f"by name is of the answering side")
            continue
        # whom the speaker talks with: the turns just before and after its own, by others
        near = Counter(side_of.get(who[j]) for i in by_key[key] for j in (i - 1, i + 1)
                       if 0 <= j < len(who) and who[j] != key and side_of.get(who[j]))
        total = sum(near.values())
        if total >= 2 and max(near.values()) * 10 >= 7 * total:
            other = near.most_common(1)[0][0]
            role = "official" if other == "questioner" else "questioner"
            decided[key] = (role, f"{even}; the speaker just before or after its turns is {_article(other)} "
                                  f"{other} in {near[other]} of {total} cases, so it is on the other side")
            continue
        if total >= 4:
            clear = Counter(r for r, _ in decided.values() if r in ("questioner", "official"))
            role = "official" if clear["official"] > clear["questioner"] else "questioner"
            decided[key] = (role, f"{even}; it talks with both sides, and most speakers here are {role}s "
                                  f"({clear[role]} of {sum(clear.values())})")
            continue
        if len(sides) == 2:
            m = math.log1p(mean_of[key])
            # nearness of turn length (log scale, Gaussian, sd 0.8) times how many speakers each
            # side has: the answering side is usually the smaller one
            size = Counter(r for r, _ in decided.values() if r in sides)
            like = {r: math.exp(-((sides[r] - m) ** 2) / (2 * 0.8 ** 2)) * max(size[r], 1) for r in sides}
            role = max(sorted(like), key=lambda r: like[r])
            other = "official" if role == "questioner" else "questioner"
            length = (f"its turn, {_plural(mean_of[key], 'word')} long, is" if len(by_key[key]) == 1 else
                      f"its turns, {_plural(mean_of[key], 'word')} long on average, are")
            decided[key] = (role, f"{even}; {length} nearer in length to the {role}s' than to the {other}s' "
                                  f"(weighing each side by its speakers: {_plural(size[role], role)}, "
                                  f"{_plural(size[other], other)})")
        elif sides:
            clear = Counter(r for r, _ in decided.values() if r in ("questioner", "official"))
            role = next(iter(sides)) if not clear else ("official" if clear["official"] >= clear["questioner"]
                                                        else "questioner")
            decided[key] = (role, f"{even}; the speakers here with a clear role are {role}s")
        else:
            inquiry = _inquiry_score([texts[i] for i in by_key[key]])
            if inquiry >= 2 and not asked_by_others and key != official_key:
                found = [c for c in _inquiry_cues() if c in " ".join(texts[i] for i in by_key[key]).lower()
                         .replace("\u2019", "'")]
                decided[key] = ("questioner", f"{even}; it speaks for the inquiry, using {inquiry} phrases an "
                                              f"inquiry uses of itself (such as {found[0]!r})")
            elif asked_by_others:
                decided[key] = ("official", f"{even}; questions here come from question labels, and it is "
                                            f"named: of the answering side")
            else:
                decided[key] = ("official", f"{even}, and no speaker here has a clear role to go by: {NO_EVIDENCE}")


#: The end of the reason of a role taken for want of any evidence in its transcript (a speaker alone
#: in a statement file): :func:`roles_from_elsewhere` replaces it by the speaker's role elsewhere.
NO_EVIDENCE = "taken as an official, the side that holds the floor"
#: A speaker's role in the other transcripts is followed when it is clear in at least this many ...
ELSEWHERE_MIN = 2
#: ... and one role holds at least this share of them.
ELSEWHERE_SHARE = 0.75


def roles_from_elsewhere(transcripts: Sequence) -> list:
    """The transcripts with the role of a speaker who had none to go by in a transcript (its
    reason ends with :data:`NO_EVIDENCE`: alone in a statement file, say) set to the role the
    same speaker (``speaker_key``) has in the other transcripts of the corpus, when its role is
    clear there: found in at least :data:`ELSEWHERE_MIN` of them, one role in at least
    :data:`ELSEWHERE_SHARE` of those (a senator who asks questions in 20 hearings and reads
    his statement alone in one is a questioner there too). Transcripts without such a turn
    are returned as they are (the same objects).

    Examples
    --------
    >>> from analysis.model import Transcript, Turn
    >>> def turn(tid, role, why):
    ...     return Turn(tid, 0, "Mr. RUDMAN", "rudman", role, "Mr. RUDMAN", None, (), None, why)
    >>> def transcript(tid, role, why):
    ...     return Transcript(tid, "", None, "", "", "", (f"{tid}.txt",), (turn(tid, role, why),))
    >>> alone = transcript("s", "official", f"... no speaker here has a clear role to go by: {NO_EVIDENCE}")
    >>> asks = [transcript(t, "questioner", "asks more often than it answers ...") for t in ("h1", "h2")]
    >>> out = roles_from_elsewhere([alone, *asks])
    >>> out[0].turns[0].role
    'questioner'
    >>> out[0].turns[0].role_reason.split(": ")[1]
    'it is a questioner in the 2 other transcripts where its role is clear'
    >>> out[1] is asks[0]
    True
    """
    import dataclasses

    def unclear(u) -> bool:
        return u.role_reason.endswith(NO_EVIDENCE)

    if not any(unclear(u) for t in transcripts for u in t.turns):
        return list(transcripts)
    clear: dict[str, Counter] = defaultdict(Counter)  # speaker -> role -> transcripts where it is clear
    for t in transcripts:
        for key, role in {(u.speaker_key, u.role) for u in t.turns if not unclear(u) and u.role != "unknown"}:
            clear[key][role] += 1
    out = []
    for t in transcripts:
        found = {}
        for u in t.turns:
            if unclear(u) and u.speaker_key not in found:
                roles = clear.get(u.speaker_key, Counter())
                n = sum(roles.values())
                role, k = roles.most_common(1)[0] if roles else ("", 0)
                if n >= ELSEWHERE_MIN and k >= ELSEWHERE_SHARE * n:
                    where = (f"the {n} other transcripts where its role is clear" if k == n else
                             f"{k} of the {n} other transcripts where its role is clear")
                    found[u.speaker_key] = (role, f"it is {_article(role)} {role} in {where}")
        if not found:
            out.append(t)
            continue
        turns = tuple(dataclasses.replace(u, role=found[u.speaker_key][0], role_reason=u.role_reason.removesuffix(
            NO_EVIDENCE) + found[u.speaker_key][1]) if unclear(u) and u.speaker_key in found else u for u in t.turns)
        out.append(dataclasses.replace(t, turns=turns))
    return out


def _even(asked: int, follows: int, k: int) -> str:
    """The first clause of the reason of a speaker who neither asks nor answers clearly more often.

    Examples
    --------
    >>> _even(0, 0, 3)
    'none of its 3 turns asks a question or follows one'
    >>> _even(1, 1, 6)
    'neither asks nor answers clearly more often: 1 of its 6 turns asks a question, and 1 follows one'
    """
    if asked == follows == 0:
        return ("its one turn neither asks a question nor follows one" if k == 1 else
                f"none of its {k} turns asks a question or follows one")
    return (f"neither asks nor answers clearly more often: "
            f"{_turns_that(asked, k, 'asks a question', 'ask questions', 'does not ask a question')}, "
            f"{_and_count(follows, k, 'follows one', 'follow one', 'does not follow one')}")


def _first_cue(texts: Iterable[str]) -> str:
    """The first moderator cue (``moderator_cues.txt``) found in ``texts``."""
    cues = rl.lexicon_sections("moderator_cues.txt").get("", ())
    for t in texts:
        low = t.lower().replace("\u2019", "'")
        for c in cues:
            if c in low:
                return c
    return ""


# ----------------------------------------------------------------------------- the opening
UNKNOWN = "Unknown speaker"

#: A title that says who speaks: "Remarks by President Trump in ...", "Press Briefing by Press
#: Secretary Jen Psaki", "Testimony of John Smith before ...". Not an interview's ("Interview
#: with X": an interviewer speaks first) nor a briefing *of* someone (who is briefed).
_TITLE_SPEAKER = re.compile(
    r"\b(?:(?:remarks|statement|address|speech|testimony|message)\s+(?:by|of|from)|"
    r"(?:(?:press|news)\s+)?(?:briefing|conference)\s+by)\s+(?P<who>.+)", re.I)
#: Where the name in such a title ends: a preposition, a bracket or dash, a date after a comma.
_TITLE_END = re.compile(
    r"\s+(?:at|in|on|to|before|during|for|after|upon|with|regarding|about|following|via)\s|\s*[;:|()\[\]"
    r"\u2013\u2014]|\s-\s|,\s*(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", re.I)
#: Words of a title that names several speakers or a group rather than one person.
_SEVERAL = re.compile(r",|&|\b(?:and|members?|officials?|leaders?|others?|staff|delegations?|participants?|"
                      r"panel(?:ists)?|guests?|experts?|team)\b", re.I)
_NAME_WORD = re.compile(r"[A-Z][\w'\u2019.\-]*")


def speaker_in_title(title: str) -> str | None:
    """The one speaker a title says is speaking, as written, or None.

    Examples
    --------
    >>> speaker_in_title("Remarks by President Trump in Press Briefing | The White House")
    'President Trump'
    >>> speaker_in_title("Press Briefing by Press Secretary Jen Psaki, January 21, 2021")
    'Press Secretary Jen Psaki'
    >>> speaker_in_title("Remarks by the President at the Signing of H.R. 748")
    'the President'
    >>> [speaker_in_title(x) for x in [
    ...     "Remarks by President Trump, Vice President Pence, and Members of the Coronavirus Task Force",
    ...     "Interview with Chancellor Angela Merkel on European energy policy",
    ...     "Ministry of Foreign Affairs Press Briefing, 12 February 2021", "Briefing of the Security Council"]]
    [None, None, None, None]
    """
    m = _TITLE_SPEAKER.search(title or "")
    if m is None:
        return None
    who = _TITLE_END.split(m.group("who"), 1)[0].strip(" .\u00a0")
    words = who.split()
    if not words or len(words) > 6 or _SEVERAL.search(who):
        return None
    if not all(_NAME_WORD.fullmatch(w) or w.lower() in ("the", "of", "de", "van", "von", "da", "di") for w in words):
        return None
    return who if any(_NAME_WORD.fullmatch(w) for w in words) else None


def name_from_title(turns: Sequence, title: str) -> None:
    """Give an unlabelled opening the speaker the title names ("Remarks by President X").

    The reader keeps text before the first speaker label as the ``"Unknown speaker"``'s, with
    role ``"unknown"``. When other turns are labelled and the title names one speaker, the
    opening's speaker becomes that name, as written, still with role ``"unknown"``: who it is
    among the labelled speakers ("President Trump" is ``THE PRESIDENT``), and whether the
    opening announces someone else instead, is settled with the whole transcript's speakers
    (:func:`assign_roles`).
    """
    if not turns or not title:
        return
    d = turns[0]
    if d.label or d.continuation or d.role != "unknown" or d.speaker != UNKNOWN:
        return
    if not any(t.label for t in turns[1:]):
        return
    who = speaker_in_title(title)
    if who:
        d.speaker = who


def _opening_of(drafts: Sequence) -> bool:
    """The transcript opens with unlabelled remarks before its first speaker label: the first
    turn has no label and no role, later turns are labelled, and no other turn is left
    unnamed (a source that leaves speakers out, such as an unidentified voice in a court's
    record, says nothing about who opens)."""
    if len(drafts) < 2:
        return False
    d = drafts[0]
    if d.label or d.role != "unknown":
        return False
    if not any(x.label for x in drafts[1:]):
        return False
    return not any(x.role == "unknown" and not x.label for x in drafts[1:])


#: Thanks to a person by name or title in the first sentences of a turn: "Thank you, Mr.
#: President.", "Thank you.  Thank you, Mr. President and Mr. Vice President", "Let me start by
#: thanking you, Mr. President", "Mr. Vice President, thank you."
_NAME = r"(?-i:(?:[A-Z][\w'\u2019\-]*\.?\s+){0,3}[A-Z][\w'\u2019\-]*)"
_THANKS = (r"(?:thank\s+you|thanks|many\s+thanks|thanking\s+you)(?:\s+(?:very|so)\s+much)?"
           r"(?:\s+(?:indeed|again))?")
_THANKED = re.compile(
    rf"\b{_THANKS},?\s+(?P<after>{_NAME})(?=\s*[.!,;]|\s+and\s)"
    rf"|(?:^|[.!?]\s+)(?P<before>(?-i:[A-Z][\w'\u2019\-]*\.?\s+){_NAME}),\s+{_THANKS}\b", re.I)
#: A sentence's end: a full stop, question or exclamation mark before white space, not after an
#: abbreviated title ("Mr.", "Dr.", "Gen.").
_STOP = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bLt)(?<!\bMrs)(?<!\bMme)(?<!\bGen)(?<!\bSen)"
                   r"(?<!\bRep)(?<!\bGov)(?<!\bCol)(?<!\bAdm)(?<!\bHon)(?<!\bRev)(?<!\bSgt)(?<!\bCapt)"
                   r"(?<!\bProf)[.!?](?=\s)")


def thanked(text: str) -> str | None:
    """The person a turn thanks, by name or title, in its first two sentences ("Thank you,
    Mr. President." -> "Mr. President"); the first one named when it thanks several.

    Examples
    --------
    >>> [thanked(x) for x in ["Well, thank you, Mr. President. And good afternoon.",
    ...                       "Mr. Vice President, thank you.", "Thank you. Just a few words.",
    ...                       "Thank you, everybody.", "Thank you.  Thank you, Mr. President and Mr. Vice President.",
    ...                       "Let me start by thanking you, Mr.  President and all of you.",
    ...                       "We have ten states. We test more. Thank you, Dr. Birx, for the figures."]]
    ['Mr. President', 'Mr. Vice President', None, None, 'Mr. President', 'Mr. President', None]
    """
    head = text[:300].strip()
    m = _THANKED.search(head)
    if m is None or len(_STOP.findall(head, 0, m.start("after") if m.group("after") else m.start("before"))) > 1:
        return None
    who = " ".join((m.group("after") or m.group("before") or "").split())
    if not who or who.lower() in ("you", "thank", "thanks"):
        return None
    return who


_HONORIFICS = frozenset({"the", "mr", "mrs", "ms", "madam", "mme", "dr"})


def _named_key(phrase: str, keys: Iterable[str]) -> str | None:
    """The one key of ``keys`` that ``phrase`` names: the same key ("Mr. President" is
    ``president``), else the key whose words all stand in the phrase ("President Trump" names
    ``president``, not ``vice president``), else the one key holding every word of the
    phrase's key ("Dr. Birx" names ``deborah birx``).

    Examples
    --------
    >>> keys = ["president", "vice president", "deborah birx", "esper"]
    >>> [_named_key(x, keys) for x in ["Mr. President", "President Trump", "Mr. Vice President", "Dr. Birx", "Tony"]]
    ['president', 'president', 'vice president', 'deborah birx', None]
    >>> _named_key("Mr. President", ["vice president", "esper"]) is None  # a vice president is another person
    True
    """
    keys = set(keys)
    own = name_key(phrase)
    if own in keys:
        return own
    words = set(_words(phrase)) - _HONORIFICS
    modifiers = words & _MODIFIERS
    within = [k for k in keys if set(k.split()) <= words and not modifiers - set(k.split())]
    if within:
        most = max(len(k.split()) for k in within)
        top = [k for k in within if len(k.split()) == most]
        return top[0] if len(top) == 1 else None
    own_words = set(own.split())
    around = [k for k in keys if own_words and own_words <= set(k.split())
              and not (set(k.split()) & _MODIFIERS) - words]
    return around[0] if len(around) == 1 else None


def _announces(text: str, next_key: str) -> bool:
    """Short opening words (under 40) that announce, thank or call the first labelled speaker
    ("Ladies and gentlemen, the President of the United States.", "Dr. Fauci?"), or hold a
    moderator's words: someone other than that speaker, who gives them the floor."""
    if len(text.split()) >= 40:
        return False
    return (_calls_next(text, next_key) or bool(next_key) and set(next_key.split()) <= set(_words(text))
            or rl.moderator_score([text]) > 0)


def _opening_speaker(drafts: Sequence, texts: Sequence[str], official: str | None) -> str | None:
    """Give unlabelled opening remarks (:func:`_opening_of`) to the speaker the evidence names,
    and return that evidence in words (None when it stays the ``"Unknown speaker"``'s).

    Evidence, in order: the title names one speaker (:func:`name_from_title`) or the title or
    metadata names the official; the first labelled speaker begins by thanking someone who
    speaks under a label here, or is named by a title and name ("Thank you, Mr. President"
    after the opening: the President's words). A name that is a labelled speaker's takes that
    speaker's key and spelling; a title's name, or a thanked title and name, that no label
    matches is kept as written. Opening words that are short and
    announce or call the first labelled speaker are someone else's, so the evidence never gives
    them to that speaker.
    """
    if not _opening_of(drafts):
        if drafts and not drafts[0].label and drafts[0].role == "unknown" and drafts[0].speaker != UNKNOWN:
            drafts[0].speaker, drafts[0].key = UNKNOWN, name_key(UNKNOWN)  # a title's name, unconfirmed
        return None
    d, nxt = drafts[0], drafts[1]
    shown: dict[str, Counter] = defaultdict(Counter)
    for x in drafts[1:]:
        if x.label and x.role is None:
            shown[x.key][x.speaker] += 1
    next_key = nxt.key if nxt.label and nxt.role is None else ""
    announcer = bool(next_key) and _announces(texts[0], next_key)
    claims: list[tuple[str, str, bool, bool]] = []  # (name, why, kept as written, may be the next speaker)
    if d.speaker != UNKNOWN:
        claims.append((d.speaker, f"the title names {d.speaker!r}", True, True))
    if official:
        claims.append((official, f"the title or metadata names {official!r} as the official", True, True))
    if next_key and (who := thanked(texts[1])) and name_key(who) != next_key:
        # a title and name, or a title of several words ("Mr. President"), names the one who
        # spoke before even when no label here does; a first name alone ("Mike") does not
        claims.append((who, f"the first labelled speaker ({nxt.label}) begins by thanking {who!r}",
                       len(who.split()) >= 2, False))
    for who, why, as_written, may_be_next in claims:
        key = _named_key(who, [k for k in shown if may_be_next or k != next_key])
        if key is None and presiding_title(who):
            chairs = {x.key for x in drafts[1:] if x.label and x.role is None and presiding_title(x.label)}
            key = next(iter(chairs)) if len(chairs) == 1 and next_key not in chairs else None
        if announcer and key == next_key:
            continue
        if key is not None:
            d.speaker, d.key = shown[key].most_common(1)[0][0], key
        elif as_written and not announcer:
            d.speaker, d.key = " ".join(who.split()), name_key(who)
        else:
            continue
        d.role, d.role_reason = None, ""
        return why
    d.speaker, d.key = UNKNOWN, name_key(UNKNOWN)
    return None


#: The first words of a reply to what was just put to the speaker ("Yes.", "That is correct,
#: sir.", "I became aware of it..."), not of a speaker taking the floor in turn ("Thank you, Mr.
#: President", "Good afternoon").
_REPLY = re.compile(r"^\W*(?:oh,?\s+|well,?\s+)?(?:yes|no|yeah|yep|nope|correct|right|true|sure|certainly|"
                    r"absolutely|exactly|indeed|that(?:'s|\u2019s|\s+is|\s+was)\s+(?:correct|right|true|not)|"
                    r"i|not|sir)\b", re.I)
_TAKES_FLOOR = re.compile(r"\b(?:thank|thanks|good\s+(?:morning|afternoon|evening)|hello|welcome)\b", re.I)


def _replies(text: str) -> bool:
    """A turn that begins as a reply to the turn before it (:data:`_REPLY`), with no thanks or
    greeting in its first 15 words.

    Examples
    --------
    >>> [_replies(x) for x in ["Yes.", "That is correct, sir.", "I became aware of it when I read it.",
    ...                        "Well, thank you, Mr. President.", "I want to thank the President.", "Today we ship."]]
    [True, True, True, False, False, False]
    """
    return bool(_REPLY.match(text)) and not _TAKES_FLOOR.search(" ".join(text.split()[:15]))


def _opening_role(drafts: Sequence, texts: Sequence[str], evidence: str | None) -> None:
    """The role of unlabelled opening remarks, with its reason.

    Given to a speaker (``evidence`` says why), the opening has that speaker's role and the
    reason says whose it is. Left to the ``"Unknown speaker"``, it has the role its words
    show: a moderator's when they open the session ("will come to order") or, short, announce,
    thank or call the first labelled speaker; a questioner's when they end in a question, or
    when the first labelled speaker, an official, replies to them (begins "Yes.", "That is
    correct, sir.", "I became aware of it...": a statement put to a witness); an official's
    when they are a statement of 20 words or more (whoever speaks at length before anyone is
    labelled holds the floor, as the answering side does); otherwise ``"unknown"``.
    """
    if evidence is not None:
        d = drafts[0]
        d.role_reason = f"{d.role_reason}; the unlabelled opening remarks are this speaker's: {evidence}"
        return
    if not _opening_of(drafts) or drafts[0].speaker != UNKNOWN:
        return
    d, nxt = drafts[0], drafts[1]
    text = texts[0]
    n = len(text.split())
    head = f"opening remarks before the first speaker label, by someone the file does not name ({_plural(n, 'word')})"
    next_key = nxt.key if nxt.label else ""
    cue = rl.session_cue(text)
    last = _SENTENCE_BREAK.split(text.strip())[-1] if text.strip() else ""
    if cue:
        d.role, d.role_reason = "moderator", f"{head}: they open or run the session ({cue!r})"
    elif next_key and _announces(text, next_key):
        d.role, d.role_reason = "moderator", (f"{head}: short, they announce or call the first labelled "
                                              f"speaker ({nxt.label}) or hold a moderator's words")
    elif (re.search(r"\?[\"'\u201d\u2019)\]]*$", last) and not hands_over(text)) or rl.looks_like_question(text):
        d.role, d.role_reason = "questioner", f"{head}: they end in a question"
    elif n >= 3 and nxt.label and nxt.role == "official" and _replies(texts[1]):
        d.role, d.role_reason = "questioner", (f"{head}: the first labelled speaker ({nxt.label}), an official, "
                                               f"replies to them ({' '.join(texts[1].split()[:4])!r}...), as "
                                               f"to a question")
    elif n >= 20:
        d.role, d.role_reason = "official", (f"{head}: a statement, not a question, made at length before "
                                             f"anyone is labelled, as the side that holds the floor does")
    else:
        d.role_reason = f"{head}: too short to tell whose side they are on"


def _fixed_reason(d, i: int, has_labels: bool) -> str:
    """Why a turn whose role its reader fixed (a role word as label, an outlet, the official
    named in the title) has that role; ``i`` is the turn's place, ``has_labels`` whether any
    turn of the transcript is labelled."""
    if d.role_reason:
        return d.role_reason
    if d.role == "questioner" and d.outlet and d.label:
        return f"label names a media outlet ({d.label!r})"
    if d.label and rl.label_role_word(d.label):
        return f"label {d.label!r} is {_article(d.role)} {d.role}'s label"
    if d.role == "questioner" and not d.label:
        return "an unlabelled paragraph that opens like a question, after a turn that calls for questions"
    if d.role == "official" and not d.label:
        if not has_labels:
            return "an unlabelled text: the official named in the title or metadata"
        if i == 0:
            return "opening remarks before the first label: the official named in the title or metadata"
        return "an unlabelled paragraph: the official named in the title or metadata"
    if d.role == "unknown":  # unlabelled opening remarks are told apart by _opening_role
        return "the source names no speaker for this turn"
    if d.hint and d.hint.strip().lower() == d.role:
        return f"the source gives the role {d.role!r}"
    if d.role == "official" and d.label and _HAN.search(d.label):
        return ("a Chinese name label: the spokesperson the title names, or a speaker named where reporters "
                "are labelled by role (问, 记者)")
    return f"given the role {d.role!r} by the reader of its layout"


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
