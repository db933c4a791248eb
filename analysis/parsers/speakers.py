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

A speaker keeps one role per transcript. ``role_reason`` says which rule decided.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from . import roles as rl

__all__ = ["titles", "presiding_title", "answering_office", "name_key", "merge_keys", "adjoining_pairs",
           "assign_roles", "is_question", "merge_message", "merged_name"]

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
    A *typo*: a key seen at most half as often as another key with the same first letter,
    within one edit (optimal string alignment: a swap of two letters is one edit) per six
    letters; within one transcript (``adjoining`` given), also a key that differs from a more
    frequent one by one swap of two neighbouring letters, unless both are frequent (the rarer
    has at least the mean turns per key: two real people with near names) or they take turns
    with each other. A *short form*: every word of the key is in exactly one longer key, the
    key is not made of titles alone ("president") and the longer key does not add a word that
    makes it another person ("vice president", "deputy speaker").
    Chains resolve to their end; the more frequent spelling is the canonical one.
    """
    out: dict[str, tuple[str, str]] = {}
    given = {name_key(k): (name_key(v), f"aliases: {k!r} -> {v!r}") for k, v in (aliases or {}).items()}
    out.update({k: v for k, v in given.items() if k != v[0]})
    keys = sorted((k for k in counts if k and k not in out), key=lambda k: (-counts[k], k))
    frequent = sum(counts[k] for k in keys) / len(keys) if keys else 0.0
    for i, k in enumerate(keys):
        if len(k) < 5 or " " in k and len(k.replace(" ", "")) < 5:
            continue
        for big in keys[:i]:
            if big in out:
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
    fixed: dict[str, str] = {}
    for d in drafts:
        if d.role is not None:
            fixed.setdefault(d.key, d.role)
            if not d.role_reason:
                d.role_reason = _fixed_reason(d)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(drafts):
        if d.role is None:
            by_key[d.key].append(i)
    if not by_key:
        return
    official_key = name_key(official) if official else None
    decided: dict[str, tuple[str, str]] = {}
    ambiguous: list[str] = []
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
        if k >= 3 and follows * 2 > k and mean_of[key] >= 20:
            decided[key] = ("official", f"answers: {follows} of {k} turns follow a question")
        elif title and key != official_key:
            where = "label" if presiding_title(first.label) else "office"
            decided[key] = ("moderator", f"presides: {where} names the chair ({title!r})")
        elif key != official_key and k >= 3 and follows * 2 <= k and mean_of[key] < 40 and (
                (handing := sum(_hands_floor(texts[i], who[i + 1] if i + 1 < n else None) for i in idx)) * 2 > k):
            decided[key] = ("moderator", f"presides: {handing} of {k} short turns hand the floor (end by "
                                         f"calling the next speaker, or open or close the session)")
        elif key != official_key and ((cue >= 0.5 and mean_of[key] < 150) or (
                k >= 5 and between * 10 >= 6 * k and len(next_speakers) >= 2 and mean_of[key] < 40
                and follows * 2 <= k)):
            why = (f"moderator cues in {round(cue * k)} of {k} turns" if cue >= 0.5 and mean_of[key] < 150 else
                   f"hands on the floor: {between} of {k} short turns stand between two other speakers")
            decided[key] = ("moderator", f"presides: {why}")
        elif office:
            decided[key] = ("official", f"office names the answering side ({first.hint!r})")
        elif key == official_key:
            decided[key] = ("official", "named as the official in the title or metadata")
        elif score >= 0.15:
            decided[key] = ("questioner", f"asks more than answers: {asked} of {k} turns are questions, "
                                          f"{follows} follow one")
        elif score <= -0.15:
            decided[key] = ("official", f"answers more than asks: {follows} of {k} turns follow a question, "
                                        f"{asked} ask")
        else:
            ambiguous.append(key)
    by_office = [k for k, (r, why) in decided.items() if why.startswith("office names")]
    if by_office:
        # a source that names offices names the answering side: the others answer only when
        # most of their turns follow a question
        for key, (role, why) in list(decided.items()):
            if role == "official" and key not in by_office and not why.startswith(("answers:", "named as")):
                decided[key] = ("questioner", f"not of the answering side, which the source names by office "
                                              f"({decided[by_office[0]][1].split('(', 1)[1].rstrip(')')})")
        for key in ambiguous:
            decided[key] = ("questioner", "neither asks nor answers more, and the source names the answering "
                                          "side by office")
        ambiguous = []
    if ambiguous:
        ambiguous = _named_by_office(ambiguous, decided, by_key, texts, who)
    if ambiguous:
        _settle_ambiguous(ambiguous, decided, by_key, drafts, texts, nwords, mean_of, fixed, official_key)
    for key, idx in by_key.items():
        role, reason = decided[key]
        for i in idx:
            drafts[i].role, drafts[i].role_reason = role, reason


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
                     texts: Sequence[str], who: Sequence[str]) -> list[str]:
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
            decided[key] = ("official", f"neither asks nor answers more; the others speak of the {best[0]} "
                                        f"beside {best[1]} of its {len(idx)} turns, it never does")
        else:
            left.append(key)
    return left


def _settle_ambiguous(ambiguous, decided, by_key, drafts, texts, nwords, mean_of, fixed, official_key) -> None:
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
        if q_by_labels and key not in fixed:
            decided[key] = ("official", f"neither asks nor answers more; a named speaker where questions "
                                        f"come from question labels ({labelled_q} of {len(drafts)} turns)")
            continue
        # whom the speaker talks with: the turns just before and after its own, by others
        near = Counter(side_of.get(who[j]) for i in by_key[key] for j in (i - 1, i + 1)
                       if 0 <= j < len(who) and who[j] != key and side_of.get(who[j]))
        total = sum(near.values())
        if total >= 2 and max(near.values()) * 10 >= 7 * total:
            other = near.most_common(1)[0][0]
            role = "official" if other == "questioner" else "questioner"
            decided[key] = (role, f"neither asks nor answers more; talks with {other}s "
                                  f"({near[other]} of {total} neighbouring turns)")
            continue
        if total >= 4:
            clear = Counter(r for r, _ in decided.values() if r in ("questioner", "official"))
            role = "official" if clear["official"] > clear["questioner"] else "questioner"
            decided[key] = (role, f"neither asks nor answers more, and talks with both sides; like most "
                                  f"speakers here ({clear[role]} of {sum(clear.values())} are {role}s)")
            continue
        if len(sides) == 2:
            m = math.log1p(mean_of[key])
            # nearness of turn length (log scale, Gaussian, sd 0.8) times how many speakers each
            # side has: the answering side is usually the smaller one
            size = Counter(r for r, _ in decided.values() if r in sides)
            like = {r: math.exp(-((sides[r] - m) ** 2) / (2 * 0.8 ** 2)) * max(size[r], 1) for r in sides}
            role = max(sorted(like), key=lambda r: like[r])
            decided[key] = (role, f"neither asks nor answers more; its turns ({mean_of[key]:.0f} words on "
                                  f"average) are most like the {role}s' ({size[role]} speakers)")
        elif sides:
            clear = Counter(r for r, _ in decided.values() if r in ("questioner", "official"))
            role = next(iter(sides)) if not clear else ("official" if clear["official"] >= clear["questioner"]
                                                        else "questioner")
            decided[key] = (role, f"neither asks nor answers more; like the other speakers here ({role}s)")
        else:
            inquiry = _inquiry_score([texts[i] for i in by_key[key]])
            if inquiry >= 2 and not asked_by_others and key != official_key:
                decided[key] = ("questioner", f"speaks for the inquiry ({inquiry} inquiry phrases)")
            elif asked_by_others:
                decided[key] = ("official", "named speaker where questions come from question labels")
            else:
                decided[key] = ("official", "the speaker of an unlabelled or one-sided transcript")


def _fixed_reason(d) -> str:
    if d.role_reason:
        return d.role_reason
    if d.role == "questioner" and d.outlet and d.label:
        return f"label names a media outlet ({d.label!r})"
    if d.label and rl.label_role_word(d.label):
        return f"label {d.label!r} is {_article(d.role)} {d.role}'s label"
    if d.role == "questioner" and not d.label:
        return "unlabelled question after the moderator"
    if d.role == "official" and not d.label:
        return "opening remarks before the first label: the official named in the title or metadata"
    if d.role == "unknown":
        return "no label before the first turn"
    return f"given as {d.role}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
