"""Speaker labels, roles and media outlets.

Rules, in order (each is data-driven where a list is involved, see ``analysis/lexicons/``):

* Role words (``Q``, ``Question``, ``Follow-up``, ``Journalist``, ``Reporter``...) mark a
  questioner; ``A`` / ``Answer`` an official (the spokesperson named in the title or the
  metadata when known).
* A label that names a media outlet (``Study Times``, ``CCTV``) is a questioner whose outlet
  is that label; outlets come from ``media_outlets.txt`` (known names, and media words such
  as *Times*, *Daily*, *TV*).
* A named person whose turns use moderator cues (``moderator_cues.txt``: "the floor is open",
  "next question") and are short is the moderator; other named persons are officials.
* Unlabelled questions get their outlet from "I'm from CCTV"-style self-introductions.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

__all__ = [
    "ROLES",
    "QUESTION_LABELS",
    "ANSWER_LABELS",
    "MODERATOR_LABELS",
    "label_role_word",
    "narrated_question",
    "zh_label",
    "zh_name_label",
    "is_moderator_label",
    "is_outlet",
    "outlet_of_label",
    "outlet_in_question",
    "moderator_score",
    "session_cue",
    "speaker_key",
    "looks_like_question",
]

ROLES = ("moderator", "questioner", "official", "unknown")
_LEX = Path(__file__).resolve().parent.parent / "lexicons"

#: Labels (lower-case, without the colon) that mark a question or an answer; a few in
#: Chinese, Russian, French, German and Spanish, so transcripts in those languages parse.
QUESTION_LABELS = frozenset(
    {"q", "question", "follow-up", "follow up", "followup", "follow-up question", "journalist",
     "reporter", "correspondent", "audience", "questioner", "media", "press",
     "问", "提问", "记者", "вопрос", "журналист", "frage", "pregunta", "journaliste"}
)
ANSWER_LABELS = frozenset({"a", "answer", "答", "发言人", "回答", "ответ", "antwort", "respuesta", "réponse", "reponse"})
#: Labels that name the moderator's role rather than a person.
MODERATOR_LABELS = frozenset({"moderator", "host", "chair", "chairman", "chairwoman", "chairperson",
                              "presenter", "mc", "主持人", "ведущий", "modérateur", "moderador"})
_QUESTIONER_RE = re.compile(
    r"^(?:the\s+)?(?:journalist|reporter|correspondent|questioner)s?\b[\w\s\-]{0,25}$"
    r"|^questions?\s+(?:raised|asked|from|after)\b[\w\s\-]{0,40}$"
    r"|^follow[\s-]?up\b[\w\s\-]{0,20}$"
    r"|^(?:[\w\-]+\s+){1,2}(?:questioner|journalist|reporter|correspondent)s?$"
    r"|^(?:an?\s+|the\s+)?(?:audience|studio|town[\s-]hall|press)(?:\s+(?:member|questioner|question|participant))s?$",
    re.IGNORECASE,
)


def is_moderator_label(label: str) -> bool:
    """True for a label that names the moderator's role ("Moderator", "Host", "主持人")."""
    return " ".join(label.lower().split()) in MODERATOR_LABELS


#: Words that open a label naming several speakers at once ("Several hon. Members", "Some Members").
_GROUP_OPENERS = frozenset("several some many all various other others both multiple numerous".split())
#: Labels that name a group by themselves ("Audience", "Voices", "All").
_GROUP_WORDS = frozenset("all audience crowd voices everyone everybody chorus members others participants "
                         "delegates protesters students senators lords".split())
#: People of a sitting, named in the singular; a label ending in their plural ("Hon. Members", "Noble
#: Lords", "Opposition Senators") names several of them.
_PERSON_NOUNS = frozenset("""
member lord senator delegate representative reporter journalist voice participant panelist panellist
minister councillor councilor commissioner judge justice peer colleague friend director ambassador
witness juror student protester supporter guest speaker official correspondent legislator deputy
""".split())
_IRREGULAR_PLURALS = frozenset("gentlemen ladies men women people children".split())


def is_group_label(label: str) -> bool:
    """True for a speaker label that names several people speaking together: a group word
    ("Audience", "Voices"), a quantifier before a plural ("Several hon. Members", "Some
    Members"), or a plural of a person of the sitting at the end ("Hon. Members", "Noble Lords",
    "Opposition Senators"). Its turns pool whoever spoke (interjections, a chorus), as an unnamed
    role label does.

    Examples
    --------
    >>> [is_group_label(x) for x in ["Hon. Members", "Several hon. Members", "Noble Lords", "AUDIENCE", "All"]]
    [True, True, True, True, True]
    >>> [is_group_label(x) for x in ["Peter Jones", "Justice Stevens", "Mr. Deputy Speaker", "Lord Adonis", "Members"]]
    [False, False, False, False, True]
    """
    words = re.findall(r"[a-z]+", label.lower())
    if not words:
        return False
    if " ".join(words) in _GROUP_WORDS or (len(words) > 1 and words[0] in _GROUP_OPENERS):
        return True
    last = words[-1]
    return len(words) > 1 and (last in _IRREGULAR_PLURALS or (last.endswith("s") and last[:-1] in _PERSON_NOUNS))


def label_role_word(label: str) -> str | None:
    """``"questioner"``, ``"official"`` or None for a label made of role words.

    Examples
    --------
    >>> [label_role_word(x) for x in ["Q", "A", "Follow-up", "Journalist clarifies", "Qi Jiabin"]]
    ['questioner', 'official', 'questioner', 'questioner', None]
    >>> [label_role_word(x) for x in ["Audience questioner", "Audience member", "Unidentified reporter", "Maria Hernandez"]]
    ['questioner', 'questioner', 'questioner', None]
    """
    key = " ".join(label.lower().split())
    if key in ANSWER_LABELS:
        return "official"
    if key in QUESTION_LABELS or _QUESTIONER_RE.match(key) or narrated_question(key):
        return "questioner"
    if _HAN_RE.search(key):
        zh = zh_label(key)
        return zh[0] if zh else None
    return None


_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

#: Words of a narration that introduces a question, and the words that make it speech instead.
_ASKED = r"(?:raised|asked|posed|put|submitted|sent|received)"
_PASSIVE = re.compile(rf"\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?{_ASKED}\b")
_ASKER_ASKED = re.compile(rf"\b(?:journalists?|reporters?|correspondents?|media)\b.*\b{_ASKED}\b")
_SPEAKING = re.compile(r"\b(?:i|me|my|mine|we|us|our|ours|you|your|yours|i'm|i've|i'd|we're|we've|you're|"
                       r"must|should|would|could|can|may|might|shall|will|let|let's)\b")
_POINTING = re.compile(r"\b(?:this|that|these|those|follows|simple|clear|whether|how|why|what)$")
#: Where a narration places the question: after the event, or put by the press or the audience.
_FRAME = re.compile(r"\b(?:after|before|following|during|at\s+the\s+end\s+of)\s+the\s+(?:press\s+)?(?:conference|briefing|"
                    r"meeting|session|event|hearing|interview|broadcast|program|programme|show)\b|"
                    r"\b(?:journalists?|reporters?|correspondents?|media|press|audience|floor|online|writing|"
                    r"viewers?|listeners?)\b")


def narrated_question(clause: str) -> bool:
    """A clause ending in a colon that narrates a question rather than speaks: the transcript's
    own words announcing a question put by someone unnamed ("After the press conference, the
    following question was raised:", "A journalist posed the following question:").

    It names a question, says it was raised, asked, posed... (in the passive, or with a
    reporter as the one asking), places it (after the press conference, the briefing...) or
    names who put it (a journalist, the audience, viewers), and has no first- or second-person
    word or modal verb (a speaker talking: "I want to ask this question:", "The question that
    must be asked is this:"), does not end pointing at what follows ("... is this:"), and has
    at most 16 words.

    Examples
    --------
    >>> [narrated_question(x) for x in ["After the press conference, the following question is raised",
    ...                                 "A journalist posed the following question after the press conference",
    ...                                 "This question was raised after the press conference",
    ...                                 "I want to ask Mr. Pompeo this question", "The question is",
    ...                                 "The question that must be asked is this", "The question that was asked is this",
    ...                                 "This question was asked by many delegations",
    ...                                 "Some people asked the following question", "Qi Jiabin"]]
    [True, True, True, False, False, False, False, False, False, False]
    """
    low = " ".join(clause.lower().replace("\u2019", "'").split())
    if not low or len(low.split()) > 16 or not re.search(r"\bquestions?\b", low) or _SPEAKING.search(low):
        return False
    if _POINTING.search(low) or not _FRAME.search(low):
        return False
    return bool(_PASSIVE.search(low) or _ASKER_ASKED.search(low))


@lru_cache(maxsize=1)
def _zh_label_words() -> dict[str, tuple[str, ...]]:
    return lexicon_sections("zh_labels.txt")


@lru_cache(maxsize=1)
def _zh_reporter_re() -> re.Pattern:
    suffixes = "|".join(sorted(map(re.escape, _zh_label_words()["reporter_suffix"]), key=len, reverse=True))
    return re.compile(rf"^(?P<who>[\w《》〈〉“”·•・&\-]*?)记者(?:们)?(?:{suffixes})?(?:[一二三四五六七八九十]|\d)?$")


def zh_label(label: str) -> tuple[str, str | None] | None:
    """``(role, outlet)`` for a Chinese label made of role words, or None.

    ``问``, ``追问`` (also ``追问一``), ``记者``, ``会后有记者问及`` (a question put after the
    briefing) and their kin (``analysis/lexicons/zh_labels.txt``, section ``question``) are
    an unnamed reporter's; ``答`` the answering official's; ``X记者`` (optionally followed by
    ``提问``, ``追问``...) a reporter of outlet ``X`` (``路透社记者`` -> 路透社, title marks
    《》 dropped, and one name for each outlet with several: ``总台央视记者`` -> 央视, section
    ``outlet_alias``), unless ``X`` says which reporter rather than which outlet (``外国``,
    ``会后有俄罗斯``: section ``not_outlet``).

    Examples
    --------
    >>> [zh_label(x) for x in ["问", "追问一", "答", "路透社记者提问", "《北京青年报》记者", "会后有俄罗斯记者问及", "赵立坚"]]
    [('questioner', None), ('questioner', None), ('official', None), ('questioner', '路透社'), ('questioner', '北京青年报'), ('questioner', None), None]
    >>> [zh_label(x)[1] for x in ["中央广播电视总台央视记者", "中央电视台记者", "总台国广记者"]]
    ['央视', '央视', '国广']
    >>> zh_label("（记者") is None  # a parenthesis opening a stage direction, not a label
    True
    """
    words = _zh_label_words()
    key = "".join(label.split())
    base = re.sub(r"(?:[一二三四五六七八九十]|\d)$", "", key)
    if key in words["answer"] or base in words["answer"]:
        return "official", None
    if key in words["question"] or base in words["question"]:
        return "questioner", None
    m = _zh_reporter_re().match(key)
    if m is None:
        return None
    who = m.group("who").strip("《》〈〉“”\"'「」 ")
    if not who or key.startswith(("会后", "有")) or who in words["not_outlet"] or len(who) > 20:
        return "questioner", None
    outlet = re.sub(r"[《》〈〉“”「」]", "", who)
    return "questioner", _zh_outlet_aliases().get(outlet.lower(), outlet)


@lru_cache(maxsize=1)
def _zh_outlet_aliases() -> dict[str, str]:
    """Each name of an outlet (lower case) to the name its turns carry: section
    ``outlet_alias`` of ``zh_labels.txt``, one outlet a line, ``name = other name = ...``."""
    out: dict[str, str] = {}
    for line in lexicon_sections("zh_labels.txt", lower=False).get("outlet_alias", ()):
        names = [n.strip() for n in line.split("=") if n.strip()]
        for n in names:
            out[n.lower()] = names[0]
    return out


def zh_name_label(label: str) -> bool:
    """True for a Chinese label shaped like a person's name: two to four Han characters (or
    names joined by a middle dot), none of them a pronoun, particle or speech verb that make
    a short "…：" line prose (``analysis/lexicons/zh_labels.txt``, section ``prose``).

    Examples
    --------
    >>> [zh_name_label(x) for x in ["赵立坚", "耿爽", "我想说的是", "华春莹表示", "还是那句话", "蓬佩奥"]]
    [True, True, False, False, False, True]
    """
    key = "".join(label.split())
    if not re.fullmatch(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,4}|[\u3400-\u4dbf\u4e00-\u9fff]{1,6}"
                        r"(?:[·•・][\u3400-\u4dbf\u4e00-\u9fff]{1,6}){1,3}", key):
        return False
    return not any(w in key for w in _zh_label_words()["prose"])


@lru_cache(maxsize=None)
def lexicon_sections(name: str, *, lower: bool = True) -> dict[str, tuple[str, ...]]:
    """The ``[section]``s of a lexicon file in ``analysis/lexicons/``: its entries (lower-cased
    unless ``lower`` is False), ``#`` comments and blank lines dropped."""
    out: dict[str, list[str]] = {}
    section = ""
    for line in (_LEX / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        else:
            out.setdefault(section, []).append(line.lower() if lower else line)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _outlet_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    sections = lexicon_sections("media_outlets.txt")
    return frozenset(sections.get("outlets", ())), frozenset(sections.get("words", ()))


def outlet_of_label(label: str) -> str | None:
    """The media outlet a speaker label names, or None.

    A label that is an outlet ("Study Times", "CCTV", any name with a media word such as
    *Times* or *TV*) is returned whole; a label that names a person with a known outlet in
    it ("Jane Doe (Reuters)") gives that outlet.

    Examples
    --------
    >>> [outlet_of_label(x) for x in ["Study Times", "CCTV", "Xu Qifang", "Jane Doe (Reuters)"]]
    ['Study Times', 'CCTV', None, 'Reuters']
    """
    outlets, words = _outlet_lexicon()
    clean = " ".join(label.replace("\u2019", "'").split())
    key = clean.lower()
    if key in outlets:
        return clean
    inner = re.search(r"[\(\[]([^()\[\]]+)[\)\]]", clean)
    if inner and outlet_of_label(inner.group(1)):
        return outlet_of_label(inner.group(1))
    for name in sorted(outlets, key=len, reverse=True):
        m = re.search(rf"(?<![\w']){re.escape(name)}(?![\w'])", key)
        if m:
            return clean[m.start():m.end()]
    if any(w in words for w in re.findall(r"[a-z']+", key)) and not inner:
        return clean
    return None


def is_outlet(label: str) -> bool:
    """True if ``label`` names a media outlet (see :func:`outlet_of_label`).

    Examples
    --------
    >>> [is_outlet(x) for x in ["Study Times", "CCTV", "Xu Qifang", "Phoenix TV"]]
    [True, True, False, True]
    """
    return outlet_of_label(label) is not None


_FROM_RE = re.compile(
    r"\b(?:I\s*(?:'|\u2019)?m|I\s+am|I\s+work|this\s+is\s+[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)?)"
    r"(?:\s+(?:a|an|the))?(?:\s+(?:reporter|journalist|correspondent))?\s+(?:from|with|of|for)\s+"
    r"(?:the\s+)?((?:[A-Z][\w&'\u2019\-]*(?:\.[A-Za-z][\w&\-]*)*|of|and)(?:\s+(?:[A-Z][\w&'\u2019\-]*(?:\.[A-Za-z][\w&\-]*)*|of|and)){0,5})"
)


def outlet_in_question(text: str, *, window: int = 300) -> str | None:
    """The outlet a questioner names in a self-introduction near the start of ``text``.

    Examples
    --------
    >>> outlet_in_question("Thank you. I'm from CCTV. My question is...")
    'CCTV'
    >>> outlet_in_question("I am a reporter with the Global Times. What is...")
    'Global Times'
    >>> outlet_in_question("My question is for Mr. Qi.") is None
    True
    """
    m = _FROM_RE.search(text[:window])
    if not m:
        return None
    name = re.sub(r"(?:\s+(?:of|and))+$", "", m.group(1)).rstrip(".")
    return name or None


@lru_cache(maxsize=1)
def _moderator_cues() -> tuple[str, ...]:
    """The cues of ``moderator_cues.txt`` before its first section."""
    return lexicon_sections("moderator_cues.txt").get("", ())


def session_cue(text: str) -> str | None:
    """The words of a chair who opens or closes a session or gives the floor ("will come to
    order", "is adjourned", "please proceed": ``moderator_cues.txt``, section ``session``)
    found in ``text``, or None.

    Examples
    --------
    >>> [session_cue(x) for x in ["Thank you. The hearing is adjourned.", "Mr. Walker, please proceed.", "Thank you."]]
    ['is adjourned', 'please proceed', None]
    """
    low = text.lower().replace("\u2019", "'")
    return next((c for c in lexicon_sections("moderator_cues.txt").get("session", ()) if c in low), None)


def moderator_score(texts: list[str]) -> float:
    """Share of a speaker's turns that contain a moderator cue."""
    if not texts:
        return 0.0
    cues = _moderator_cues()
    hits = 0
    for t in texts:
        low = t.lower().replace("\u2019", "'")
        hits += any(c in low for c in cues)
    return hits / len(texts)


_QUESTION_CUE = re.compile(
    r"^\s*(?:(?:thank you|thanks)[.,!]?\s*)?(?:my question|i have (?:a|two|one) question|"
    r"i(?:'|\u2019)?m from|i am from|i(?:'|\u2019)?d like to ask|i want to ask|i would like to ask|"
    r"(?:good (?:morning|afternoon)[.,!]?\s*)?(?:i(?:'|\u2019)m|i am) (?:a )?(?:reporter|journalist))",
    re.IGNORECASE,
)


def looks_like_question(text: str) -> bool:
    """True if ``text`` opens like a reporter's question ("My question is for...")."""
    return bool(_QUESTION_CUE.match(text))


def speaker_key(name: str) -> str:
    """Normalized speaker name: case-folded, titles and punctuation dropped.

    Examples
    --------
    >>> speaker_key("Mr.  QI Jiabin")
    'qi jiabin'
    """
    key = name.replace("\u2019", "'").casefold()
    key = re.sub(r"^(?:mr|mrs|ms|dr|prof|madam|mme)\.?\s+", "", key.strip())
    key = re.sub(r"[^\w\s'\-]", "", key)
    return " ".join(key.split())
