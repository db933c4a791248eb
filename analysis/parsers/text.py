"""Parser for plain-text transcripts, whatever their layout.

One parser serves every text layout, because real files mix them:

* a header of breadcrumb (``ㄑ``), title, ``source | date`` or ``title | date``, URL and
  ``Key: value`` lines; a footer of pagination (``<  1  2 ... 11  >``);
* speaker labels alone on a line (``Study Times:``), inline (``Name: text``, ``NAME: text``,
  ``NAME. text``) or role words (``Q:``, ``A:``, ``Follow-up:``, ``Journalist:``);
* unlabelled paragraphs continue the current turn, except an unlabelled question after a
  moderator (after a double blank line, or opening like "My question is..."), which is a new
  turn by an unnamed questioner; paragraphs before any label belong to the official named in
  the title or metadata when there is one;
* stage directions in parentheses ("(The journalist smiled.)") are kept aside, not speech.

Lines ending in a colon that are sentences ("What I want to stress is as follows:") are not
labels: a label is a short name-like phrase (capitalized words, connectors such as "of"),
a role word, an outlet, an all-caps name, or a short run of CJK characters ("记者").

Markup is read, never executed: HTML pasted as text, Markdown and YAML front matter are
parsed through a same-length *view* of the text (see :mod:`analysis.parsers.markup`), so
every span still indexes the source text. Speech is cleaned (zero-width characters and
control characters dropped, non-breaking and other Unicode spaces made plain spaces); raw
text is not. Anything left outside every paragraph and header line (tags between paragraphs)
is kept as ``markup`` boilerplate: the lossless guarantee holds for every input.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, repeat
from operator import add
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..model import Boilerplate, Paragraph
from . import header as hd
from . import markup as mk
from . import roles as rl
from . import speakers as sp
from .decode import WS_CHARS, ZERO_WIDTH

__all__ = ["ParsedPage", "TurnDraft", "parse_text", "clean_speech"]

#: White space, and what stands for nothing before, inside and after a label: invisible
#: characters and C0/C1 controls (a terminal escape or a bell before "MR. SMITH:").
_WS = "\\s\u00a0\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1b\x7f-\x9f"
_LABEL_RE = re.compile(rf"^[{_WS}]*([^{_WS}:：][^:：\n]{{0,80}}?)[{_WS}]*[:：][{_WS}]*(.*)$")
#: Masked markup between a label and its dot ("<b>Mr. NIELDS</b>. What..."): the closing tag
#: of a bold or italic label that leaves the dot outside it.
_MASKED = "\u200b*"
_CAPS_DOT_RE = re.compile(rf"^[{_WS}]*((?:(?:MR|MRS|MS|DR)\.\s+)?[A-Z][A-Z'\-]+(?:\s+[A-Z][A-Z'\-]+){{0,4}}){_MASKED}\.\s+(\S.*)$")
_CONNECTORS = frozenset(
    "of the and for de da del van von der den bin bint al el la le du y at from on to with & - ibn ben".split()
)
_SENTENCE_STARTERS = frozenset(
    "i we it this that these those there here but and so our my your their his her its what how "
    "why when where who which if as in on at for to let please now today yes no well also then "
    "first second third finally however therefore".split()
)
_NOT_LABELS = frozenset(
    "note notes source sources date time venue location example examples translation transcript "
    "update updated editor's note ps p.s attention warning caption photo video link tags "
    "keywords subject re fw fwd".split()
)
_STAGE_WORDS = re.compile(
    r"^(?:applause|laughter|laughs|laughing|inaudible|crosstalk|cross-talk|pause|silence|"
    r"chuckles|end|break|recess|off[- ]mic|unintelligible|interruption|interpretation|"
    r"voices?\s+overlap\w*|overlapping|overtalk|cross\s+talk|simultaneous\s+speech|indiscernible|"
    r"coughs?|coughing|sighs?|gavel|background\s+noise|technical\s+difficult\w*)\b", re.I
)
_NARRATION = re.compile(
    r"\b(?:journalists?|reporters?|spokes(?:person|man|woman)|speaker|moderator|audience|everyone|"
    r"interpret\w*|translat\w*|laugh\w*|applau\w*|nodd\w*|smil\w*|paus\w*|shook|equipment|"
    r"microphone|video|recording|inaudible)\b", re.I)
_PAREN_RE = re.compile(r"[\(\[]([^()\[\]\n]{1,500})[\)\]]")
#: The record's narration of who presides, a sentence of its own in a verbatim record ("The
#: President returned to the Chair.", "Mr. Beck (Palau), Vice-President, took the Chair.",
#: "Madam Deputy Speaker resumed the Chair."): a stage direction, wherever it stands in a
#: paragraph. No first- or second-person word: a speaker telling of it ("I took the Chair.") speaks.
_CHAIR_NARRATION = re.compile(
    r"(?:(?<=[.!?\"\u201d])\s+|^)((?:The|Mr\.?|Mrs\.?|Ms\.?|Madam|Mr|Dr\.?)\s[^.!?]{0,100}?"
    r"(?:took|returned\s+to|resumed|left|vacated)\s+the\s+Chair\.)(?=\s|$)")
_SPEAKER_WORDS = re.compile(r"\b(?:I|me|my|we|us|our|you|your)\b")


@dataclass
class TurnDraft:
    """A turn being built: label, speaker, provisional role and paragraphs."""

    label: str
    speaker: str
    role: str | None
    outlet: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    continuation: bool = False  # unlabelled text at the very start of a page
    #: A stable identifier of the speaker given by a structured source (an XML
    #: ``speakerid``, a JSON speaker ``identifier``): turns with the same id are one speaker.
    speaker_id: str = ""
    #: What a structured source says of the speaker's office or role, as written
    #: ("The Minister of State, Ministry of Defence", "Chief Justice of the United States");
    #: evidence for the role, read by :mod:`analysis.parsers.speakers`.
    hint: str = ""
    #: The merged speaker key (set by the loader, see :mod:`analysis.parsers.speakers`).
    key: str = ""
    #: Why the turn has its role, in words.
    role_reason: str = ""
    cue_checked: int = field(default=0, repr=False)  # paragraphs searched for moderator cues
    cue: bool = field(default=False, repr=False)


@dataclass
class ParsedPage:
    """What one text file holds before pages are merged into transcripts.

    ``notes`` are ``(kind, line, message)`` for what the parser converted or ignored
    (HTML, front matter); ``extra`` holds front-matter fields beyond title, date, source,
    url, kind and official.
    """

    path: str
    text: str
    encoding: str
    format: str
    title: str = ""
    date: object = None
    source: str = ""
    url: str = ""
    kind: str = ""
    official: str | None = None
    boilerplate: list[Boilerplate] = field(default_factory=list)
    turns: list[TurnDraft] = field(default_factory=list)
    header_fields: dict = field(default_factory=dict)
    notes: list[tuple[str, int | None, str]] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
    #: How the file was read: ``labels`` (label kinds and counts, e.g. ``"colon 412, q 120"``),
    #: ``examples`` (the most used labels), ``rejected`` (candidates read as prose).
    layout: dict = field(default_factory=dict)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, line)`` of each line of ``text`` (split on ``"\\n"``)."""
    parts = text.split("\n")
    lengths = list(map(len, parts))
    starts = list(accumulate(map(add, lengths, repeat(1)), initial=0))
    return list(zip(starts, map(add, starts, lengths), parts))


def _blank(line: str) -> bool:
    return not line.strip(WS_CHARS)


_CJK_LABEL = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af·・]{1,10}"
                        r"(?:[（(][^()（）]{1,30}[)）])?")


_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_REPORTED_RE = re.compile(r"^([\u4e00-\u9fff·•]{2,12}?)(?:表示|说|指出|回答|称|强调|答)[，,：:]")


def _zh_named_answer(turns: list[TurnDraft]) -> None:
    """In a Chinese transcript whose reporters are labelled by role words (问, 记者, 路透社记者),
    a speaker labelled by name ("华春莹：", "赵立坚：") is of the answering side."""
    if not any(d.role == "questioner" and d.label and _HAN_RE.search(d.label) for d in turns):
        return
    for d in turns:
        if d.role is None and d.label and rl.zh_name_label(d.label) and not rl.is_moderator_label(d.label) \
                and not d.label.endswith(("主持人", "主席", "主持")):
            d.role = "official"
            d.role_reason = "named by a Chinese label where reporters are labelled by role (问, 记者)"


def _answer_labelled_next(labels: dict[int, tuple[str, str, str]], label_lines: list[int], line: int) -> bool:
    """Whether the first labelled line at or after ``line`` (``label_lines``: the lines of
    ``labels``, sorted) is a Chinese answer label ("答："): the unlabelled paragraphs before it
    then go on with the question before them, whose answer that label opens."""
    i = bisect_left(label_lines, line)
    if i == len(label_lines):
        return False
    label = clean_speech(labels[label_lines[i]][0]).strip(WS_CHARS)
    zh = rl.zh_label(label) if _HAN_RE.search(label) else None
    return zh is not None and zh[0] == "official"


def _reported_answer(speech: str, official: str | None, labels: dict) -> str | None:
    """The person whose answer an unlabelled paragraph after a question reports ("耿爽表示，……"):
    the official named in the title, or a name used as a label in the file; else None."""
    if not speech or not _HAN_RE.match(speech[:1]):
        return None
    m = _REPORTED_RE.match(speech)
    if m is None:
        return None
    who = m.group(1)
    named = {"".join(c[0].split()) for c in labels.values()}
    return who if who == official or (who in named and rl.zh_name_label(who)) else None


_HONORIFIC = re.compile(r"(?:[A-Z][A-Za-z]{0,3}\.)+")  # "Mr.", "MS.", "DR.", "Sen.", "Lt.Col."
_SURNAME = r"(?:[A-Z](?:[a-z]{1,2}|')?[A-Z][A-Z'\-]+|[A-Z][A-Z'\-]+)"  # "NORTH", "McFARLANE", "O'NEILL"


def _name_like(label: str) -> bool:
    if _CJK_LABEL.fullmatch(label):
        return True
    words = label.split()
    if not 1 <= len(words) <= 7:
        return False
    if re.search(r"[?!;\"“”…]|\d", label) or label.endswith(","):
        return False
    if label.lower().strip(".") in _NOT_LABELS:
        return False
    if rl.label_role_word(label):
        return True
    if _ADDRESSEES.search(label):  # a salutation ("Friends and Fellow Citizens:"), not a speaker
        return False
    first = words[0].strip("(").rstrip(".")
    if not first or not (first[0].isupper()):
        return False
    if first.lower() in _SENTENCE_STARTERS and not label.isupper() and len(words) > 1:
        return False
    for w in words[1:]:
        core = w.strip("()[],")
        if not core:
            continue
        if core.lower() in _CONNECTORS or core[0].isupper() or w.startswith("("):
            continue
        return False
    if len(words) > 1 and words[-1].lower() in _CONNECTORS:  # "Issued on:", "Remarks by:"
        return False
    # a dot only after abbreviations, honorifics and initials ("Mr.", "MS.", "J.", "MR.PESICKA")
    for w in words:
        if not ("." in w.rstrip(".") or (w.endswith(".") and not re.fullmatch(r"[A-Z][A-Za-z]{0,3}\.|(?:[A-Z]\.)+", w))):
            continue
        if re.fullmatch(r"(?:[A-Z][A-Za-z]{0,3}\.)+[A-Z][\w'\-]*\.?", w):
            continue
        return False
    return True


_Q_SPACE_RE = re.compile(rf"^[{_WS}]*(?:(Q)(?:[{_WS}]*\.[{_WS}]+|[{_WS}]+)|(A)[{_WS}]*\.[{_WS}]+)(\S.*)$")
_DOT_NAME_RE = re.compile(
    rf"^[{_WS}]*((?:(?:[A-Z][A-Za-z]{{0,3}}\.|[A-Z][a-z]+)[{_WS}]+){{0,3}}{_SURNAME}(?:[{_WS}]+{_SURNAME}){{0,3}})"
    rf"{_MASKED}\.(?:[{_WS}]+(\S.*))?[{_WS}]*$")


#: The start of a line that may be a "Q", "A" or "NAME." label (each starts with a capital).
_UPPER_START = re.compile(rf"[{_WS}]*[A-Z]")


def _candidates(line: str) -> list[tuple[str, str, str]]:
    """Every way the line's start is shaped like a label: ``(label, rest, kind)``, best first.

    Kinds: ``colon`` ("Name: text"), ``dot`` ("NAME. text", "Chairman INOUYE." alone), ``q``
    ("Q" or "A" followed by white space or a dot, then the text).
    """
    out: list[tuple[str, str, str]] = []
    colon, wide = line.find(":"), line.find("\uff1a")
    if colon < 0 and wide < 0 and not _UPPER_START.match(line):
        return out  # every other label starts with a capital letter ("Q", "A", "NAME.", "Mr. NAME.")
    if wide >= 0 and (colon < 0 or wide < colon):
        colon = wide
    # a label is at most 81 characters before its colon: check that before the regular
    # expression, whose backtracking over a long run of spaces would be slow
    m = _LABEL_RE.match(line) if colon > 0 and 0 < len(line[:colon].strip(WS_CHARS)) <= 81 else None
    if m and not re.match(r"^\s*(?:https?|www)\b", line):
        out.append((m.group(1).strip(WS_CHARS), m.group(2), "colon"))
    head = line[:120]
    if "." in head:
        m = _CAPS_DOT_RE.match(line)
        if m:
            out.append((m.group(1).strip(), m.group(2), "dot"))
        else:
            m = _DOT_NAME_RE.match(line) if len(line) < 2000 else None
            if m is None and len(line) >= 2000:
                m = _DOT_NAME_RE.match(line[:200] + " x")
            if m:
                out.append((" ".join(m.group(1).split()), m.group(2) or "", "dot"))
    m = _Q_SPACE_RE.match(head)
    if m:
        q = _Q_SPACE_RE.match(line)
        sep = head[m.end(1 if m.group(1) else 2):m.start(3)]
        # typographic spacing ("Q" + no-break spaces, a tab, two spaces, a dot) marks a label
        # even once; "Q" + one space only when the file uses it again
        strong = "." in sep or "\t" in sep or "\u00a0" in sep or len(sep) >= 2
        cand = (m.group(1) or m.group(2), q.group(3) if q else "", "q" if strong else "q1")
        # "Q    To Secretary Esper: ..." is a question label, not a speaker named "Q To Secretary Esper"
        if out and out[0][2] == "colon" and re.match(rf"{cand[0]}[{_WS}.]", out[0][0]):
            out.insert(0, cand)
        else:
            out.append(cand)
    return out


def _candidate(line: str) -> tuple[str, str, str] | None:
    """The first label-shaped start of the line, or None (see :func:`_candidates`)."""
    c = _candidates(line)
    return c[0] if c else None


def _has_title(label: str) -> bool:
    """The label starts with an honorific or a title ("MR. NORTH", "Chairman INOUYE")."""
    from .speakers import titles

    first = label.split()[0] if label.split() else ""
    return bool(_HONORIFIC.match(first)) or first.lower().strip(".") in titles()


def _accept(label: str, rest: str, kind: str, counts: Counter) -> bool:
    if kind in ("q", "q1"):
        # "Q" + white space: a question label when typographically spaced or used more than
        # once; "A" only as "A." (an article otherwise) and only beside "Q" labels
        if label == "A":
            return counts["A"] >= 2 and counts["Q"] >= 1
        return kind == "q" or counts[label] >= 2
    if kind == "colon":
        if _HAN_RE.search(label):
            # Chinese: role words ("问", "答", "追问", "路透社记者") or a person's name with speech
            # after it on the line ("赵立坚：..."); a short sentence ending in "：" is prose
            # ("我想说的是：", "华春莹表示：")
            if rl.label_role_word(label) or rl.is_moderator_label(label):
                return True
            return rl.zh_name_label(label) and bool(rest.strip(WS_CHARS))
        if rl.label_role_word(label) or rl.is_moderator_label(label):
            return True
        if not _name_like(label):
            return False
        if not rest.strip(WS_CHARS):
            return True  # alone on its line
        return (len(label.split()) >= 2 or label.isupper() or counts[label] >= 2
                or rl.is_outlet(label))
    # "NAME. text" / "Chairman INOUYE." alone: an all-caps surname, used as a label more
    # than once, or led by an honorific or title
    if _ADDRESSEES.search(label):  # "HIS EXCELLENCY MR. ANTONIO GUTERRES": an address, not a label
        return False
    if not _name_like(label) and not re.fullmatch(rf"{_SURNAME}(?:\s+{_SURNAME})*", label):
        return False
    if not rest.strip(WS_CHARS):
        return (_has_title(label) and len(label.split()) >= 2) or counts[label] >= 2
    return counts[label] >= 2 or (len(label.split()) >= 2 and (_has_title(label) or label.isupper()))


_SPEAKER_KEYS = frozenset({"speaker", "author", "by", "orator", "interviewee", "delivered by", "remarks by",
                           "speech by", "address by", "statement by"})
_ADDRESSEES = re.compile(
    r"\b(?:friends|fellow|citizens|ladies|gentlemen|gentleman|members|colleagues|delegates|excellenc(?:y|ies)|majesty|highness|"
    r"brothers|sisters|countrymen|countrywomen|everyone|everybody|all|dear|distinguished|compatriots|comrades)\b",
    re.I)


def _speaker_header(raw: str, lines, i: int, n: int) -> str | None:
    """The speaker a header line names ("President: Woodrow Wilson", "Speaker: Jane Doe").

    The line must be followed by a blank line and its key must not be used as a label again
    in the file (then it is a turn, not a header).
    """
    m = re.match(rf"^[{_WS}]*([A-Za-z][A-Za-z .]{{0,30}}?)[{_WS}]*:[{_WS}]*(\S.{{0,80}}?)[{_WS}]*$", raw)
    if m is None or i + 1 >= n or not _blank(lines[i + 1][2]):
        return None
    key, value = m.group(1).strip().lower().rstrip("."), clean_speech(m.group(2)).strip(WS_CHARS)
    from .speakers import titles

    if key not in _SPEAKER_KEYS and not all(w in titles() for w in key.replace(".", " ").split()):
        return None
    if not _name_like(value) or len(value.split()) > 6:
        return None
    again = re.compile(rf"^[{_WS}]*{re.escape(m.group(1).strip())}[{_WS}]*:", re.I)
    if any(again.match(lines[j][2]) for j in range(i + 1, min(n, i + 2000))):
        return None
    return value


_SENTENCE_OR_CLAUSE_END = re.compile(r"[.?!:;\"\u201d\u2019)\]\u2026\u3002\uff1f\uff01\uff1a>-]$")


def _prune_labels(labels: dict[int, tuple[str, str, str]], lines, body_start: int,
                  rejected: Counter, page: int = 0, aside: dict | None = None) -> dict[int, tuple[str, str, str]]:
    """Labels that the file's own evidence does not support are read as speech.

    A name used once as a label in a file with no other label, anywhere but at the start of
    the text, is a heading or a sentence ("PEACE AND SECURITY: ..."), not a change of
    speaker: a transcript with speakers names them more than once or opens with the label.
    A label on a line that continues a sentence wrapped from the line before, used fewer
    than three times, is that sentence. A title-only address as the only label is a vocative.
    """
    # "UDI. They have..." : a one-word "NAME." label is a speaker only in a dialogue of such
    # labels (two or more names, each used more than once); else an acronym opening a sentence
    dots = Counter(c[0] for c in labels.values() if c[2] == "dot" and len(c[0].split()) == 1)
    if dots and sum(1 for n in dots.values() if n >= 2) < 2:
        for k in [k for k, c in labels.items() if c[2] == "dot" and c[0] in dots]:
            rejected[labels.pop(k)[0]] += 1
    # a label-shaped start of a line that continues a sentence wrapped from the line before
    # ("... ask ourselves the / question: what can we do") is the sentence, unless the file
    # uses that label again and again
    aside = aside or {}
    uses = Counter(c[0].casefold() for c in labels.values())
    for k in sorted(labels):
        if k > body_start and uses[labels[k][0].casefold()] < 3:
            prev = lines[k - 1][2].strip(WS_CHARS)
            if prev and (k - 1) not in labels and (k - 1) not in aside and not _SENTENCE_OR_CLAUSE_END.search(prev):
                rejected[labels.pop(k)[0]] += 1
    named = [k for k, c in labels.items() if not rl.label_role_word(c[0])]
    first = next((i for i in range(body_start, len(lines)) if not _blank(lines[i][2])), None)
    if len(named) == 1 and len(labels) == 1:
        k = named[0]
        if k != first:
            rejected[labels[k][0]] += 1
            return {}
    names = Counter(labels[k][0].casefold() for k in named)
    only_named = bool(named) and len(named) == len(labels)
    # a title-only address ("Mr. President:") as the only label, however often: a vocative,
    # not turns
    if only_named and len(names) == 1 and first is not None and _vocative(labels[named[0]][0]):
        rejected[labels[named[0]][0]] += len(named)
        return {}
    # several names each used once, mostly inline, in a text (a first page) that opens without a
    # label: section headings
    # ("Coronavirus Disease Pandemic: ..."); speakers in a dialogue come back
    inline = sum(1 for k in named if labels[k][1].strip(WS_CHARS)) * 2 > len(named)
    if (only_named and inline and page == 0 and len(names) >= 2 and max(names.values()) == 1 and first is not None
            and first not in labels):
        for k in named:
            rejected[labels[k][0]] += 1
        return {}
    return labels


def _vocative(label: str) -> bool:
    """A title-only address, not a name: "Mr. President", "Madam Chair" (mixed case)."""
    from .speakers import titles

    words = label.replace(".", " ").lower().split()
    return (not label.isupper() and len(words) >= 2 and words[0] in ("mr", "madam", "mister", "mrs", "ms", "madame")
            and all(w in titles() or w in ("speaker", "secretary-general") for w in words[1:]))


def _layout(labels: dict[int, tuple[str, str, str]], rejected: Counter) -> dict:
    kinds = Counter("alone" if c[2] == "colon" and not c[1].strip(WS_CHARS) else c[2].rstrip("1")
                    for c in labels.values())
    names = Counter(c[0] for c in labels.values())
    return {
        "labels": ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0]))),
        "examples": "; ".join(f"{lab} ({n})" for lab, n in names.most_common(5)),
        "rejected": "; ".join(f"{lab} ({n})" for lab, n in rejected.most_common(3)),
    }


_ZH_PAREN_RE = re.compile(r"[（(]([^（）()\n]{1,200})[）)]")
#: A full-width parenthesis is a stage direction when it narrates what people in the room do
#: ("（记者笑）", "（众笑）", "（记者：没有。）", "（现场同传设备出现问题并进行了调试。）"), not
#: when it holds content ("（JLG）", "（星期三）").
_ZH_STAGE = re.compile(r"^(?:记者|众|全场|现场|在场|笑|大笑|鼓掌|掌声|发言人|主持人|翻译|同传|停顿|沉默)")


def _split_zh_directions(speech: str) -> tuple[str, tuple[str, ...]]:
    directions: list[str] = []
    keep: list[str] = []
    pos = 0
    for m in _ZH_PAREN_RE.finditer(speech):
        inner = m.group(1).strip()
        if not _HAN_RE.match(inner[:1]):
            continue
        whole = m.start() == 0 and m.end() == len(speech)  # a paragraph that is only a parenthesis
        if _ZH_STAGE.match(inner) or (whole and "：" not in inner and len(inner) <= 20):
            directions.append(m.group(0))
            keep.append(speech[pos:m.start()])
            pos = m.end()
    if not directions:
        return speech, ()
    keep.append(speech[pos:])
    return "".join(keep).strip(WS_CHARS), tuple(directions)


def _bracketed(speech: str) -> Iterator[re.Match]:
    """The matches of :data:`_PAREN_RE` in ``speech``, as ``finditer`` gives them: each is
    tried only where a bracket opens (found by ``str.find``, not by the regular expression
    scanning every character)."""
    pos, n = 0, len(speech)
    while pos < n:
        a, b = speech.find("(", pos), speech.find("[", pos)
        at = b if a < 0 else a if b < 0 else min(a, b)
        if at < 0:
            return
        m = _PAREN_RE.match(speech, at)
        if m is None:
            pos = at + 1
        else:
            yield m
            pos = m.end()


def _split_directions(speech: str) -> tuple[str, tuple[str, ...]]:
    if "（" in speech or ("(" in speech and not speech.isascii() and _HAN_RE.search(speech)):
        speech, zh = _split_zh_directions(speech)
        if zh:
            rest, more = _split_directions(speech)
            return rest, zh + more
    if "Chair." in speech:
        chairs = [m for m in _CHAIR_NARRATION.finditer(speech) if not _SPEAKER_WORDS.search(m.group(1))]
        if chairs:
            kept, at = [], 0
            for m in chairs:
                kept.append(speech[at:m.start(1)])
                at = m.end(1)
            kept.append(speech[at:])
            rest, more = _split_directions(re.sub(r"[ \t\u00a0]{2,}", " ", "".join(kept)).strip(WS_CHARS))
            return rest, tuple(m.group(1) for m in chairs) + more
    if "(" not in speech and "[" not in speech:
        return speech, ()
    directions: list[str] = []
    keep: list[str] = []
    pos = 0
    for m in _bracketed(speech):
        inner = m.group(1).strip()
        b = m.start()  # the last non-space character before the parenthesis (no copy: stays linear)
        while b > 0 and speech[b - 1] in WS_CHARS:
            b -= 1
        before = speech[b - 1] if b > 0 else ""
        sentence_like = (
            inner[:1].isupper() and len(inner.split()) >= 3 and inner[-1:] in '.!?"”'
            and (not before or before in '.!?"”:')
            and _NARRATION.search(inner) is not None
        )
        if sentence_like or _STAGE_WORDS.match(inner):
            directions.append(m.group(0))
            keep.append(speech[pos:m.start()])
            pos = m.end()
    if not directions:
        return speech, ()
    keep.append(speech[pos:])
    cleaned = re.sub(r"[ \t\u00a0]{2,}", " ", "".join(keep)).strip(WS_CHARS)
    return cleaned, tuple(directions)


# Speech cleaning: invisible and control characters dropped, Unicode spaces made plain.
_SPEECH_TABLE = {ord(c): None for c in ZERO_WIDTH}
_SPEECH_TABLE.update({c: None for c in range(0x20) if chr(c) not in "\t\n"})
_SPEECH_TABLE.update({c: None for c in range(0x7F, 0xA0)})
_SPEECH_TABLE.update({ord(c): " " for c in "\t\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                      "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"})


# The same mapping as two regular expressions (``str.translate`` with a dict looks up every
# character in Python: several times slower on long non-ASCII texts).
_SPEECH_DROP = re.compile("[" + "".join(re.escape(chr(c)) for c, v in sorted(_SPEECH_TABLE.items()) if v is None) + "]+")
_SPEECH_SPACE = re.compile("[" + "".join(re.escape(chr(c)) for c, v in sorted(_SPEECH_TABLE.items()) if v == " ")
                           + "]")


def clean_speech(text: str) -> str:
    """Speech as analyses see it: zero-width and control characters dropped, spaces plain.

    Examples
    --------
    >>> clean_speech("Hello\\u200b there,\\u00a0friend\\x00.")
    'Hello there, friend.'
    """
    if text.isprintable():  # every character dropped or made a plain space is unprintable
        return text if text.isascii() else text.strip(" ")
    return _SPEECH_SPACE.sub(" ", _SPEECH_DROP.sub("", text)).strip(" ")


def _speech_of(lines: list[str], lowered: Callable[[], str] | None = None) -> str:
    return clean_speech(joined_lines([x.strip(WS_CHARS) for x in lines], lowered))


#: A line that ends in a word broken at a hyphen ("long-", "self-", "put-"): the word's part.
_HYPHEN_END = re.compile(r"([^\W\d_]+)-$")
#: The word that opens a line, with any hyphenated parts ("determination", "intra-State").
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: Words after a hyphen that leave it suspended ("inter- and intra-State").
_SUSPENDED = frozenset({"and", "or", "nor", "to"})


def written(low: str, word: str) -> bool:
    """Whether ``low`` (a lower-cased text) writes ``word`` (lower case) as a word of its own,
    no letter right before or after it (a hyphen may be: "non-self-governing" writes
    "self-governing").

    Examples
    --------
    >>> [written("the self-determination of peoples", w) for w in ("self-determination", "determination", "term")]
    [True, True, False]
    >>> written("predetermination", "determination")
    False
    """
    n, i = len(word), low.find(word)
    while i >= 0:
        if (i == 0 or not low[i - 1].isalpha()) and (i + n == len(low) or not low[i + n].isalpha()):
            return True
        i = low.find(word, i + 1)
    return False


def joined_lines(lines: list[str], lowered: Callable[[], str] | None = None) -> str:
    """The stripped ``lines`` of one paragraph as one line of speech, joined by spaces, but for
    a word broken at a hyphen at a line's end before a lower-case word, joined by what the text
    itself writes elsewhere (``lowered()``: the whole text, lower-cased; :func:`written`): one
    compound with the hyphen when the text writes it so ("self-" "determination":
    "self-determination"), else one word without it when the text writes that ("put-" "ting":
    "putting", a typesetter's break), else apart as before; never before "and", "or", "nor" or
    "to" ("inter- and intra-State", the hyphen suspended). On the UN General Debate speeches
    (hard-wrapped, one file in four), 358 of 1,860 broken words are compounds written whole
    elsewhere in their speech, 8 are words written without the hyphen, and the rest are not
    written elsewhere either way (left apart).

    Examples
    --------
    >>> text = "our self-determination. putting it first."
    >>> joined_lines(["the right to self-", "determination, put-", "ting inter-", "and intra-State long-", "term"],
    ...              lambda: text)
    'the right to self-determination, putting inter- and intra-State long- term'
    >>> joined_lines(["a", "", "b"])
    'a b'
    """
    lines = [x for x in lines if x]
    joined = " ".join(lines)
    if "- " not in joined or lowered is None:  # no line ends in a hyphen, or nothing to read it by
        return joined
    out = [lines[0]]
    for prev, line in zip(lines, lines[1:]):
        # the broken word's part: the letters before the hyphen (a word is never 80 letters long)
        m = _HYPHEN_END.search(prev, max(0, len(prev) - 80)) if prev[-1] == "-" and line[:1].islower() else None
        nxt = _WORD_RE.match(line) if m else None
        tail = nxt.group().split("-", 1)[0].lower() if nxt else ""
        low = lowered() if tail and tail not in _SUSPENDED else ""
        head = m.group(1).lower() if low else ""
        if low and written(low, f"{head}-{tail}"):
            pass  # a compound the text writes whole elsewhere: the hyphen stays, no space
        elif low and written(low, head + tail):
            out[-1] = out[-1][:-1]  # a word the text writes whole elsewhere: the typesetter's hyphen goes
        else:
            out.append(" ")  # no evidence either way: as written, the two parts apart
        out.append(line)
    return "".join(out)


#: A line longer than this is longer than any plausible wrap width (typewriters and terminals
#: wrap at 60 to 80 characters, line printers at 132): its text was not hard-wrapped.
_UNWRAPPED_LINE = 200
#: The widest wrap width read as hard wrapping, and the narrowest (shorter lines are verse or a list).
_WRAP_WIDTHS = (30, 132)
#: A line of a hard-wrapped block that ends a sentence, with the next line's first word added,
#: at most this share of the wrap width: the writer broke the line, not the wrapping.
_SHORT_LINE = 0.7
#: The end of a sentence or clause before an indented line that opens a paragraph.
_CLAUSE_END = re.compile(r"[.?!:;\u2026)\]\"\u201d\u2019\u3002\uff1f\uff01\uff1a\uff09]$")
_INDENT = " \t\u00a0\u3000"


def _paragraph_starts(block: list[str], stripped: list[str]) -> list[int]:
    """Where paragraphs start inside a block of consecutive non-blank lines, by the block's own
    layout: the indices of the lines (after the first) that open a paragraph.

    * **Unwrapped** (a line longer than any plausible wrap width, ``_UNWRAPPED_LINE``): the
      line breaks are the writer's, so each line that ends a sentence ends a paragraph (one
      paragraph per line).
    * **Hard-wrapped** (``n >= 3`` lines; the wrap width, the 90th percentile of the lengths of
      every line but the last, within ``_WRAP_WIDTHS``; at least half of those lines at 70% of
      it or longer): a paragraph opens

      - at an **indented line** (it opens with white space, as fewer than half of the block's
        lines do) whose previous line ends a sentence or clause;
      - after a **short line** that ends a sentence, when the next line's first word would
        still have fitted on it within ``_SHORT_LINE`` of the wrap width (the writer broke
        the line, not the wrapping), and the next line opens with a capital or a quote.

    Anything else (a short verse, a list, lines of uneven length none of them long) is one
    paragraph, as is every block of one or two lines unless a line is unwrapped. A line that
    starts in lower case never opens a paragraph.
    ``stripped``: the same lines without their surrounding white space.
    """
    n = len(block)
    if n < 2:
        return []
    lengths = list(map(len, stripped))

    def opens(i: int) -> bool:  # the line can open a paragraph: it does not start in lower case
        c = stripped[i][:1]
        return bool(c) and not c.islower()

    if max(lengths) > _UNWRAPPED_LINE:
        return [i for i in range(1, n) if _SENTENCE_END.search(stripped[i - 1]) and opens(i)]
    if n < 3:
        return []
    body = sorted(lengths[:-1])
    width = body[(len(body) - 1) * 9 // 10]
    if not _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1] or (len(body) - bisect_left(body, 0.7 * width)) * 2 < len(body):
        return []
    indented = [i for i in range(1, n) if block[i][:1] in _INDENT]
    starts = set()
    if len(indented) * 2 < n:
        starts.update(i for i in indented if _CLAUSE_END.search(stripped[i - 1]) and opens(i))
    limit = _SHORT_LINE * width
    # the length first: a line and a word of one letter after it must fit (most lines do not)
    starts.update(i for i in range(1, n)
                  if lengths[i - 1] + 2 <= limit and _SENTENCE_END.search(stripped[i - 1])
                  and (stripped[i][:1].isupper() or stripped[i][:1] in "\"'\u201c\u2018(")
                  and lengths[i - 1] + 1 + len(stripped[i].split(None, 1)[0]) <= limit)
    return sorted(starts)


def parse_text(text: str, *, path: str, encoding: str = "utf-8", page: int = 0,
               official: str | None = None, detect_labels: bool = True, markup: str = "auto") -> ParsedPage:
    """Parse one text file into header facts, boilerplate and turn drafts.

    Parameters
    ----------
    text : str
        Source text (decoded, line ends normalized; see :mod:`analysis.parsers.decode`).
    path : str
        For messages and provenance; a ``.md`` suffix means Markdown.
    page : int
        Index of this file among the pages of its transcript.
    official : str or None
        The official speaking unlabelled opening paragraphs and ``A:`` turns, when known
        from metadata; otherwise read from the title.
    detect_labels : bool
        False treats the body as plain text with no speaker labels.
    markup : {"auto", "none"}
        ``"auto"`` recognizes HTML, Markdown and YAML front matter; ``"none"`` reads the
        text as it is.

    Notes
    -----
    Never raises on any string: every input gives turns and boilerplate whose spans cover
    every non-whitespace character of ``text`` exactly once.
    """
    out = ParsedPage(path=path, text=text, encoding=encoding, format="plain")
    src_lines = _lines(text)
    starts = [ln[0] for ln in src_lines]

    def line_at(offset: int) -> int:
        return bisect_right(starts, offset)

    # ---- markup: a same-length view of the text --------------------------------------
    view, first_body, aside = text, 0, {}
    is_html = markup == "auto" and "<" in text and mk.looks_like_html(text)
    if markup == "auto":
        fm = mk.front_matter(src_lines)
        if fm is not None:
            first_body, fields, notes = fm
            out.notes.extend(notes)
            _apply_front_matter(out, fields)
            for k in range(first_body):
                if not _blank(src_lines[k][2]):
                    s, e, raw = src_lines[k]
                    out.boilerplate.append(Boilerplate("front_matter", raw, page, s, e, k + 1))
            out.notes.append(("front_matter", 1, f"front matter read ({', '.join(sorted(fields)) or 'no fields'}); "
                                                 "kept as boilerplate"))
    html_title = None
    if is_html:
        view, html_title = mk.html_view(text)
        out.notes.append(("html", None, "is HTML: tags and scripts kept aside as markup boilerplate, entities decoded in speech"))
    elif markup == "auto" and ("#" in text or "*" in text or "_" in text) and (
            first_body or mk.looks_like_markdown(text, path)):
        view, aside = mk.markdown_view(text, src_lines, first_body)
    lines = _lines(view) if view is not text else src_lines
    n = len(lines)
    # plain text only: in HTML and Markdown a paragraph is what the markup makes it
    by_layout = view is text
    # page furniture (running headers, page numbers, time stamps) is kept aside, not speech
    from .furniture import furniture_lines, joins_across

    plain_lines = [ln[2] for ln in lines]
    # a rule of asterisks, dashes or underscores ("***", "* * *") between two parts of the
    # text divides sections, in plain text as in Markdown: not the words of the speaker
    # before it (one before any text divides nothing and is left as written)
    opening = next((k for k in range(first_body, n) if not _blank(plain_lines[k])), n)
    for k in mk.rule_lines(plain_lines, opening + 1):
        if k not in aside:
            aside[k] = "rule"
    furniture = {k: kind for k, kind in furniture_lines(plain_lines).items() if k >= first_body}
    for k, kind in furniture.items():
        aside.setdefault(k, kind)
    joins = joins_across(plain_lines, furniture) if furniture else set()
    # spans are trimmed of whitespace in the view for HTML (tags at the edges become markup
    # boilerplate) and in the text otherwise (Markdown marks stay with their line)
    trim = view if is_html else text

    def add_aside(kind: str, s: int, e: int) -> None:
        raw = trim[s:e]
        lead = len(raw) - len(raw.lstrip(WS_CHARS))
        trail = len(raw.rstrip(WS_CHARS))
        if trail > lead:
            out.boilerplate.append(Boilerplate(kind, text[s + lead:s + trail], page, s + lead, s + trail,
                                               line_at(s + lead)))

    def keep_aside(kind: str, i: int) -> None:
        add_aside(kind, lines[i][0], lines[i][1])

    if html_title is not None:
        out.title = " ".join(clean_speech(view[html_title[0]:html_title[1]]).split())
        add_aside("title", *html_title)
        view = view[:html_title[0]] + mk.MASK * (html_title[1] - html_title[0]) + view[html_title[1]:]
        lines = _lines(view)
        trim = view

    # ---- header -------------------------------------------------------------------------
    i = _first_line_at(lines, starts[first_body] if first_body < len(starts) else len(text))
    seen = 0
    header_date = None  # a dateline's date: the transcript's date when the title gives none
    while i < n and seen < 8:
        raw = lines[i][2]
        if _blank(raw):
            i += 1
            continue
        if aside.get(i) == "heading" and not out.title and _title_like(raw) and not _opens_speech(lines, i, n, aside):
            out.title = clean_speech(raw).strip(WS_CHARS)
            keep_aside("title", i)
        elif i in aside:
            keep_aside(aside[i], i)
        elif hd.is_breadcrumb(raw):
            keep_aside("breadcrumb", i)
        elif hd.is_url(raw):
            out.url = out.url or raw.strip(WS_CHARS)
            keep_aside("url", i)
        elif (sd := hd.split_source_date(raw)) is not None:
            head, d = sd
            if out.title:
                out.source = out.source or head
            else:
                out.title = head
            out.date = out.date or d
            keep_aside("source_date" if out.source else "title", i)
        elif (hf := hd.HEADER_FIELD_RE.match(raw)):
            key, value = hf.group(1).lower(), hf.group(2)
            out.header_fields[key] = value
            if key == "title":
                out.title = out.title or value
            elif key == "date":
                out.date = out.date or hd.parse_date(value)
            elif key == "url":
                out.url = out.url or value
            elif key == "source":
                out.source = out.source or value
            keep_aside("header", i)
        elif (who := _speaker_header(raw, lines, i, n)) is not None:
            out.header_fields["speaker"] = who
            out.official = out.official or who
            keep_aside("header", i)
        elif (not out.title and seen == _leading_boilerplate(out) and _title_like(raw) and _stands_alone(lines, i, n)
              and not _opens_speech(lines, i, n, aside)):
            out.title = clean_speech(raw).strip(WS_CHARS)
            keep_aside("title", i)
        elif (d := _date_only(raw)) is not None and not _date_opens_sentence(raw, lines, i, n):
            out.date = out.date or d
            keep_aside("date", i)
        elif not out.title and seen == _leading_boilerplate(out) and (block := _header_block(lines, i, n, aside)):
            out.title = clean_speech(raw).strip(WS_CHARS)
            keep_aside("title", i)
            for k in block[1:]:
                d = _dateline(lines[k][2])
                header_date = header_date or d
                keep_aside("date" if d else "header", k)
            seen += len(block)
            i = block[-1] + 1
            continue
        elif (d := _dateline(raw)) is not None and _label_follows(lines, i, n, aside):
            header_date = header_date or d
            keep_aside("date", i)
        else:
            break
        seen += 1
        i += 1
    body_start = i

    # ---- footer -------------------------------------------------------------------------
    j = n - 1
    footer: list[int] = []
    while j >= body_start:
        raw = lines[j][2]
        if _blank(raw):
            j -= 1
            continue
        if hd.is_pagination(raw):
            footer.append(j)
            j -= 1
            continue
        break
    body_end = j + 1

    if out.title:
        out.date = out.date or hd.parse_date(out.title)
        out.kind = out.kind or hd.kind_from_title(out.title)
    out.date = out.date or header_date
    out.official = official or out.official or (hd.official_in_title(out.title) if out.title else None)

    found_low: list[str] = []

    def lowered() -> str:  # the text lower-cased, once, when a line ends in a broken word
        if not found_low:
            found_low.append(text.lower())
        return found_low[0]

    # ---- labels -------------------------------------------------------------------------
    cands: dict[int, list[tuple[str, str, str]]] = {}
    if detect_labels:
        upper = _UPPER_START.match
        for k in range(body_start, body_end):
            if k in aside:
                continue
            line = lines[k][2]
            if ":" not in line and "\uff1a" not in line and not upper(line):
                continue                   # no label candidate (see _candidates)
            c = _candidates(line)
            if c:
                cands[k] = c
    counts = Counter(c[0] for cs in cands.values() for c in cs)
    labels: dict[int, tuple[str, str, str]] = {}
    rejected: Counter = Counter()
    for k, cs in cands.items():
        ok = next((c for c in cs if _accept(c[0], c[1], c[2], counts)), None)
        if ok is not None:
            labels[k] = ok
        else:
            rejected[cs[0][0]] += 1
    labels = _prune_labels(labels, lines, body_start, rejected, page, aside)
    out.layout = _layout(labels, rejected)

    # ---- paragraphs and turns -----------------------------------------------------------
    has_role_words = any(rl.label_role_word(c[0]) for c in labels.values())
    cur: TurnDraft | None = None
    k, gap = body_start, 0
    stripped = list(map(str.strip, [ln[2] for ln in lines], repeat(WS_CHARS)))  # each line once
    opened: set[int] = set()  # lines that open a paragraph inside a block (see _paragraph_starts)
    label_lines = sorted(labels)
    while k < body_end:
        s, e, raw = lines[k]
        if k in aside:
            keep_aside(aside[k], k)
            gap += 1
            k += 1
            continue
        if not stripped[k]:
            gap += 1
            k += 1
            continue
        # gather the paragraph: this line and following non-blank, unlabelled lines
        block = [k]
        m = k + 1
        while m < body_end and stripped[m] and m not in labels and m not in aside and m not in opened:
            block.append(m)
            m += 1
        if by_layout and k not in opened and len(block) > 1:
            cuts = _paragraph_starts([lines[x][2] for x in block], [stripped[x] for x in block])
            if cuts:
                opened.update(block[c] for c in cuts)
                m = block[cuts[0]]
                del block[cuts[0]:]
        lab = labels.get(k)
        first = trim[s:e]
        parts = [stripped[x] for x in block]  # as _speech_of strips them
        if lab:
            label, rest, _ = lab
            parts[0] = rest.strip(WS_CHARS)
        speech, directions = _split_directions(clean_speech(joined_lines(parts, lowered)))
        lead = len(first) - len(first.lstrip(WS_CHARS))
        ls, le, _ = lines[block[-1]]
        p_start = s + lead
        p_end = ls + len(trim[ls:le].rstrip(WS_CHARS))
        para = Paragraph(text[p_start:p_end], speech, directions, page, p_start, p_end, line_at(p_start))
        if k in opened and cur is not None:
            # a paragraph that the block's layout opens goes on the turn its block belongs to
            cur.paragraphs.append(para)
            gap = 0
            k = m
            continue
        if lab and rl.narrated_question(clean_speech(lab[0]).strip(WS_CHARS)):
            # the transcript's own words announcing a question ("After the press conference,
            # the following question was raised:"): not the previous speaker's speech
            if len(block) == 1 and not lab[1].strip(WS_CHARS):
                nxt = next((x for x in range(m, body_end) if not _blank(lines[x][2]) and x not in aside), None)
                if nxt is None or nxt in labels:
                    # alone on its line before a labelled question: a heading
                    out.boilerplate.append(Boilerplate("heading", para.raw, page, p_start, p_end, para.line))
                    k = m
                    continue
            cut = _inline_answer(lab[1], out.official, {c[0].casefold() for c in labels.values()})
            if cut is not None and len(block) >= 1:
                # "... What is your comment? Lu Kang: This ...": the answer follows on the line
                q_end, a_start, a_body, name = cut
                r0 = s + len(lines[k][2]) - len(lab[1])
                q_speech, q_dirs = _split_directions(_speech_of([lab[1][:q_end]], lowered))
                a_lines = [lab[1][a_body:]] + [lines[x][2] for x in block[1:]]
                a_speech, a_dirs = _split_directions(_speech_of(a_lines, lowered))
                out.turns.append(TurnDraft(clean_speech(lab[0]).strip(WS_CHARS), "Journalist", "questioner", None,
                                           [Paragraph(text[p_start:r0 + q_end], q_speech, q_dirs, page, p_start,
                                                      r0 + q_end, para.line)]))
                cur = TurnDraft(name, name, None, None, [Paragraph(text[r0 + a_start:p_end], a_speech, a_dirs, page,
                                                                   r0 + a_start, p_end, line_at(r0 + a_start))])
                out.turns.append(cur)
                gap = 0
                k = m
                continue
        if lab:
            label = clean_speech(lab[0]).strip(WS_CHARS)
            role = rl.label_role_word(label)
            zh = rl.zh_label(label) if _HAN_RE.search(label) else None
            if zh is not None:
                # "问", "追问": an unnamed reporter (记者); "路透社记者": a reporter of that outlet;
                # "答": the spokesperson named in the title
                role, outlet = zh
                if role == "official":
                    speaker = out.official or "Official"
                else:
                    speaker = f"{outlet}记者" if outlet else "记者"
            elif role == "questioner":
                # "Q", "Journalist": an unnamed reporter; "Audience questioner": as written
                generic = re.match(r"(?:the\s+)?(?:journalist|reporter|correspondent|questioner|question|follow|q\b)",
                                   label, re.I)
                speaker = ("Journalist" if generic or len(label.split()) == 1 or rl.narrated_question(label)
                           else label)
                outlet = None
            elif role == "official":
                speaker, outlet = (out.official or "Official"), None
            else:
                speaker = label
                outlet = rl.outlet_of_label(label)
                role = "questioner" if outlet else None
            cur = TurnDraft(label, speaker, role, outlet, [para])
            if role is None and out.official and _HAN_RE.search(label) and "".join(label.split()) == out.official:
                cur.role, cur.role_reason = "official", "the spokesperson named in the title"
            out.turns.append(cur)
        elif cur is None:
            if page > 0:
                cur = TurnDraft("", "", None, None, [para], continuation=True)
            elif out.official and (has_role_words or not labels):
                cur = TurnDraft("", out.official, "official", None, [para])
            else:
                cur = TurnDraft("", "Unknown speaker", "unknown", None, [para])
            out.turns.append(cur)
        elif cur.role != "questioner" and _opens_question(cur, para, gap):
            cur = TurnDraft("", "Journalist", "questioner", None, [para])
            out.turns.append(cur)
        elif cur.role == "questioner" and (who := _reported_answer(para.speech, out.official, labels)):
            # "耿爽表示，……" after a question put after the briefing: the spokesperson's answer,
            # reported
            cur = TurnDraft("", who, "official" if who == out.official else None, None, [para])
            if who == out.official:
                cur.role_reason = "reported answer of the spokesperson named in the title"
            out.turns.append(cur)
        elif cur.role == "questioner" and cur.label and _HAN_RE.search(cur.label) and not cur.continuation \
                and not _answer_labelled_next(labels, label_lines, m):
            # Chinese transcripts label every reporter's turn, one paragraph each ("问：",
            # "追问：", "记者："), but often not the answer after it: an unlabelled paragraph after
            # a reporter's labelled turn is the spokesperson's, unless the next label is the
            # answer's ("答："): then the question goes on over several paragraphs
            cur = TurnDraft("", out.official or "Official", "official", None, [para])
            cur.role_reason = ("unlabelled paragraph after a reporter's labelled turn: the answer of the "
                               "spokesperson named in the title" if out.official else
                               "unlabelled paragraph after a reporter's labelled turn: the answer")
            out.turns.append(cur)
        else:
            cur.paragraphs.append(para)
        gap = 0
        k = m

    _zh_named_answer(out.turns)
    sp.name_from_title(out.turns, out.title)
    _closing_notices_aside(out)
    if joins:
        _join_across_pages(out.turns, joins, line_at)
    if is_html and labels:
        _page_chrome_aside(out)
    for j in sorted(footer):
        keep_aside("pagination", j)
    _keep_residue(out, text, page, line_at, "markup" if is_html else "other")
    out.boilerplate.sort(key=lambda b: b.start)
    out.format = _format_name(out, labels, has_role_words, is_html)
    return out


_SENTENCE_END = re.compile(r"[.?!\u2026\u3002\uff1f\uff01][\"'\u201d\u2019)\]]*$")

#: A notice about the schedule of the conferences: the event named in the third person with a
#: schedule word ("外交部例行记者会提前至14:30举行", "the regular press conference ... will be
#: adjourned on June 18 and resume on June 19").
_EVENT = re.compile(r"记者会|吹风会|发布会|\b(?:press\s+conference|press\s+briefing|briefing|news\s+conference)s?\b", re.I)
_SCHEDULE = re.compile(
    r"暂停|休会|恢复|提前|推迟|取消|改期|举行|\b(?:adjourn\w*|resum\w*|recess\w*|suspend\w*|postpone\w*|"
    r"cancel\w*|reschedul\w*|will\s+be\s+held|be\s+held\s+earlier|(?:begin|start)\s+earlier|"
    r"no\s+(?:regular\s+)?press\s+conference)\b", re.I)
_WHEN = re.compile(r"\d|明天|明日|下周|本周|tomorrow|next\s+week|monday|tuesday|wednesday|thursday|friday", re.I)
#: The speaker's own voice: a paragraph holding it is said, not posted ("I have been asked when
#: our press conference will take a summer break", "我们休会不休息").
_SPEAKER_VOICE = re.compile(r"我|咱|\b(?:I|we|our|us|me|my)\b", re.I)


#: What a schedule notice goes on with: how to reach the spokesperson's office meanwhile.
_MEANWHILE = re.compile(r"休会期间|暂停期间|发言人办公室|\b(?:during\s+the\s+(?:recess|adjournment|break)|"
                        r"spokesperson'?s\s+office)\b", re.I)


def _is_notice(speech: str) -> bool:
    return bool(_EVENT.search(speech) and _SCHEDULE.search(speech) and not _SPEAKER_VOICE.search(speech))


def _goes_on_with_notice(speech: str) -> bool:
    return bool(_MEANWHILE.search(speech)) and not _SPEAKER_VOICE.search(speech) and len(speech) <= 300


def _closing_notices_aside(out: ParsedPage) -> None:
    """A notice after the last answer about the schedule of the conferences is boilerplate
    (``notice``), not the end of that answer.

    Publishers close a transcript with the next conference's schedule ("因工作安排原因，12月12日
    （星期三）外交部例行记者会提前至14:30举行，地点不变。", "Due to scheduling reasons, the
    regular press conference on May 22 will be held at 2:00 p.m."). A trailing run of
    unlabelled paragraphs of the last turn is such a notice when the turn answers a question,
    it opens with a paragraph naming the event and a change of schedule in the third person
    (no "I", "we", "our", "我"), each of its paragraphs does so or says how to reach the
    spokesperson's office meanwhile ("休会期间，外交部发言人办公室……"), the run gives a date or a time, and the paragraph before it ends a sentence
    and does not speak of the event. Said in the speaker's own voice ("our press conference
    will be in recess next Tuesday"), or announced by the speaker just before ("I have been
    asked when our regular press conference will take a summer break ..."), it stays speech.
    """
    if len(out.turns) < 2:
        return
    last = out.turns[-1]
    if last.role == "questioner" or not any(d.role == "questioner" for d in out.turns[:-1]):
        return
    paras = last.paragraphs
    k = len(paras)
    while k > 1 and (not paras[k - 1].speech or _is_notice(paras[k - 1].speech)
                     or _goes_on_with_notice(paras[k - 1].speech)):
        k -= 1
    while k < len(paras) and not _is_notice(paras[k].speech):
        k += 1  # a run opens with the notice itself
    run = [p for p in paras[k:] if p.speech]
    if not run or not any(_WHEN.search(p.speech) for p in run):
        return
    before = next((p.speech for p in reversed(paras[:k]) if p.speech), "")
    if not _SENTENCE_END.search(before.rstrip(WS_CHARS)) or _EVENT.search(before):
        return  # announced by the speaker ("I have been asked when our press conference will take a break ...")
    for p in paras[k:]:
        out.boilerplate.append(Boilerplate("notice", p.raw, p.page, p.start, p.end, p.line))
    del paras[k:]


def _chrome_like(speech: str) -> bool:
    """A web page's navigation or caption text, not speech: a fragment of at most 20 words
    that does not end a sentence ("Skip to content", "Share", "Press enter to search")."""
    return len(speech.split()) <= 20 and not _SENTENCE_END.search(speech.strip())


def _page_chrome_aside(out: ParsedPage) -> None:
    """Navigation and captions of a web page before the first label and after the last turn's
    speech are boilerplate (``page_chrome``), not an unknown speaker's or the last speaker's words."""
    first = out.turns[0] if out.turns else None
    if first is not None and not first.label:
        keep = []
        for k, p in enumerate(first.paragraphs):
            if not keep and (not p.speech or _chrome_like(p.speech)):
                out.boilerplate.append(Boilerplate("page_chrome", p.raw, p.page, p.start, p.end, p.line))
            else:
                keep.append(p)
        if keep:
            first.paragraphs[:] = keep
        else:
            out.turns.pop(0)
    last = out.turns[-1] if out.turns else None
    if last is not None:
        paras = last.paragraphs
        while len(paras) > 1 and (not paras[-1].speech or _chrome_like(paras[-1].speech)):
            p = paras.pop()
            out.boilerplate.append(Boilerplate("page_chrome", p.raw, p.page, p.start, p.end, p.line))


def _join_across_pages(turns: list[TurnDraft], joins: set[int], line_at) -> None:
    """A sentence broken by a page break is one sentence again.

    When page furniture that ends at line ``j`` (0-based, in ``joins``) stands between two
    paragraphs of one turn, the second paragraph's speech is appended to the first's and
    its own speech left empty; both keep their raw spans, and the furniture stays in the
    boilerplate, so every character is still in exactly one place.
    """
    for d in turns:
        paras = d.paragraphs
        anchor = 0
        for k in range(1, len(paras)):
            prev, cur = paras[k - 1], paras[k]
            last_prev = line_at(max(prev.end - 1, prev.start)) - 1
            if (paras[anchor].speech and cur.speech and (k - 1 == anchor or not prev.speech)
                    and any(last_prev < j < cur.line - 1 for j in joins)):
                a = paras[anchor]
                paras[anchor] = Paragraph(a.raw, f"{a.speech} {cur.speech}", a.directions + cur.directions, a.page,
                                          a.start, a.end, a.line)
                paras[k] = Paragraph(cur.raw, "", (), cur.page, cur.start, cur.end, cur.line)
            else:
                anchor = k


def _first_line_at(lines: list[tuple[int, int, str]], offset: int) -> int:
    for k, (s, _, _) in enumerate(lines):
        if s >= offset:
            return k
    return len(lines)


def _apply_front_matter(out: ParsedPage, fields: dict) -> None:
    for key, value in fields.items():
        text = "; ".join(value) if isinstance(value, list) else value
        if key == "title" and isinstance(text, str):
            out.title = " ".join(text.split())
        elif key == "date":
            out.date = text if not isinstance(text, str) else hd.parse_date(text)
        elif key in ("source", "publisher"):
            out.source = str(text)
        elif key in ("url", "link"):
            out.url = str(text)
        elif key in ("kind", "type"):
            out.kind = str(text)
        elif key in ("official", "spokesperson"):
            out.official = str(text) or None
        else:
            out.extra[key] = str(text)
        out.header_fields[key] = text


def uncovered(out: ParsedPage, length: int) -> list[tuple[int, int]]:
    """The ``[start, end)`` ranges of the text that no paragraph or boilerplate span covers."""
    spans = sorted([(p.start, p.end) for d in out.turns for p in d.paragraphs]
                   + [(b.start, b.end) for b in out.boilerplate])
    pos = 0
    gaps = []
    for s, e in spans:
        if s > pos:
            gaps.append((pos, s))
        pos = max(pos, e)
    gaps.append((pos, length))
    return gaps


def _keep_residue(out: ParsedPage, text: str, page: int, line_at, kind: str) -> None:
    """Every non-whitespace run outside all spans becomes boilerplate (one per line)."""
    for a, b in uncovered(out, len(text)):
        chunk = text[a:b]
        if not chunk.strip(WS_CHARS):
            continue
        off = a
        for piece in chunk.split("\n"):
            lead = len(piece) - len(piece.lstrip(WS_CHARS))
            trail = len(piece.rstrip(WS_CHARS))
            if trail > lead:
                s = off + lead
                out.boilerplate.append(Boilerplate(kind, piece[lead:trail], page, s, off + trail, line_at(s)))
            off += len(piece) + 1


def _leading_boilerplate(out: ParsedPage) -> int:
    return sum(b.kind in ("breadcrumb", "url", "header") for b in out.boilerplate)


def _stands_alone(lines, i: int, n: int) -> bool:
    """A title stands on its own: the next line is blank or header matter (URL, date), not
    the rest of a hard-wrapped paragraph."""
    if i + 1 >= n:
        return True
    nxt = lines[i + 1][2]
    return (_blank(nxt) or hd.is_url(nxt) or hd.split_source_date(nxt) is not None or hd.is_breadcrumb(nxt)
            or _date_only(nxt) is not None or bool(hd.HEADER_FIELD_RE.match(nxt)))


def _title_like(line: str) -> bool:
    s = clean_speech(line).strip(WS_CHARS + mk.MASK + "*_")  # "**Mr President,**" ends in a comma
    if not s or len(s) > 250 or s[-1] in ".?!\"”;,:：-\u2013\u2014" or hd.is_pagination(s):
        return False
    if _HAN_RE.search(s) and len(s.split()) < 2:
        # Chinese has no spaces between words: a title is a short line that does not end a
        # sentence and opens with no label ("2019年1月25日外交部发言人华春莹主持例行记者会")
        return (6 <= len(s) <= 80 and s[-1] not in "。？！；，、…）)" and _candidate(s) is None)
    for c in _candidates(s):
        # a line that opens with a label is a turn ("Mr. NIELDS: Was the ..."), not a title
        if rl.label_role_word(c[0]) or (c[2] == "colon" and c[1].strip(WS_CHARS) and _name_like(c[0])):
            return False
    return 2 <= len(s.split()) <= 25


#: An opening salutation ("Mr. President,", "Madam President", "Your Excellency ...", "Excellencies"):
#: the first words of a speech, not its title.
_SALUTATION = re.compile(
    r"^(?:(?:mr|mrs|ms|mdm|madam|madame|mister)\.?\s+(?:president|chair\w*|speaker|secretary-general)\b"
    r"|your\s+excellenc|excellenc(?:y|ies)\b)", re.I)


def _title_case(line: str) -> bool:
    """Most words of four or more letters start with a capital ("Plenary Speech September
    2024"); a line with no such word (or in a script without case, such as Chinese) counts
    as title case."""
    long = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", line) if len(w) >= 4 and w[0].lower() != w[0].upper()]
    return not long or sum(w[0].isupper() for w in long) * 2 > len(long)


def _opens_speech(lines, i: int, n: int, aside: dict[int, str]) -> bool:
    """Line ``i``, shaped like a title, is the first line of the speech.

    It is when it is a salutation ("Mr. President,", "Your Excellency the President of the
    General Assembly"), or when the text after it (past blank lines and lines kept aside,
    such as page furniture) goes on with its sentence: that text starts in lower case, or
    line ``i`` ends in a word no sentence ends in ("... to address the"), or line ``i`` is
    not in title case and no speaker label follows ("Since the last session of the General"
    / "Assembly, a number of crises ..."). A title in sentence case before a labelled turn
    stays a title.
    """
    from .furniture import _OPEN_WORDS

    s = clean_speech(lines[i][2]).strip(WS_CHARS + mk.MASK + "*_")
    if _SALUTATION.match(s) or _FIRST_PERSON.search(s):
        return True
    q = next((k for k in range(i + 1, n) if k not in aside and not _blank(lines[k][2])), None)
    if q is None:
        return False
    nxt = clean_speech(lines[q][2]).strip(WS_CHARS + mk.MASK + "*_\"'\u201c\u2018")
    if (not nxt or hd.is_url(nxt) or hd.is_breadcrumb(nxt) or _date_only(nxt) is not None
            or hd.split_source_date(nxt) is not None or hd.HEADER_FIELD_RE.match(nxt)):
        return False
    label = any(rl.label_role_word(c[0]) or _name_like(c[0]) for c in _candidates(nxt))
    if nxt[0].isalpha() and nxt[0].islower() and not label:
        return True
    if _candidates(nxt):
        return False
    words = s.split()
    return bool(words) and words[-1].lower() in _OPEN_WORDS or not _title_case(s)


#: A speaker's own clause ("I would like to congratulate", "we have"): a line holding one is a
#: sentence of the speech, never a title ("On behalf of the Government of X, I would like to").
_FIRST_PERSON = re.compile(
    r"(?:^|[\s,;(])(?:I|[Ww]e)\s+(?:am|are|was|were|have|had|would|will|shall|should|can|could|do|did|"
    r"must|may|might|wish|want|believe|think|hope|need|know|welcome|thank|join|stand|come|take|"
    r"reiterate|express|congratulate|speak|recall)\b")
#: Words that open a sentence with a date ("On 21 September 1981 / Belize joined ...").
_DATE_PREPOSITIONS = frozenset("on in since by from until till after before".split())


def _date_opens_sentence(line: str, lines, i: int, n: int) -> bool:
    """A date line led by a preposition that runs on into the next line is the first line of
    a hard-wrapped sentence ("On 21 September 1981" / "Belize joined the community of
    nations"), not a dateline."""
    words = line.strip(WS_CHARS).split()
    if not words or words[0].lower() not in _DATE_PREPOSITIONS or i + 1 >= n:
        return False
    nxt = lines[i + 1][2].strip(WS_CHARS + mk.MASK)
    return bool(nxt) and nxt[0].isalpha() and _candidate(nxt) is None


def _date_only(line: str) -> object:
    s = line.strip(WS_CHARS)
    if len(s) > 40:
        return None
    d = hd.parse_date(s)
    if d is None:
        return None
    rest = re.sub(r"[\d,./\-\s年月日]|(?i:jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|st|nd|rd|th|on|date)", "", s)
    return d if not rest.strip(WS_CHARS + "()") else None


#: Words of a dateline that are part of its date: months, ordinals, "the", "of".
_DATE_WORDS = re.compile(r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
                         r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|\d+(?:st|nd|rd|th)?|the|of)")


def _dateline(line: str, *, max_words: int = 8, max_other: int = 3) -> object:
    """The date of a dateline, or None.

    A dateline is a short line that holds a date and little else: a place, a verb of
    publishing ("Published 14 March 2021, Berlin", "Washington, D.C., March 3, 2020",
    "JUNE 4, 2019"): at most ``max_words`` words, of which at most ``max_other`` are not
    part of the date, no speaker's own clause ("we will meet on 4 June 2019"), and no end of
    a sentence other than an abbreviation's dot ("D.C.").

    Examples
    --------
    >>> [_dateline(x) for x in ["Published 14 March 2021, Berlin", "Washington, D.C., March 3, 2020"]]
    [datetime.date(2021, 3, 14), datetime.date(2020, 3, 3)]
    >>> [_dateline(x) for x in ["We met on 4 June 2019.", "The talks began on 4 June 2019 in Berlin and went on",
    ...                         "国家主席特使将出席于2019年1月1日举行的就职仪式"]]
    [None, None, None]
    """
    s = clean_speech(line).strip(WS_CHARS + mk.MASK + "*_")
    words = s.split()
    if not words or len(words) > max_words or s[-1] in "?!;:,\u2026\u3002\uff1f\uff01\uff1b\uff0c\uff1a" or _FIRST_PERSON.search(s):
        return None
    if _HAN_RE.search(s) and len(re.sub(r"[\W\d_年月日]", "", s)) > 2 * max_other:
        return None  # Chinese has no spaces: the characters besides the date's are counted
    if s.endswith(".") and "." not in words[-1][:-1]:
        return None  # a sentence's full stop, not an abbreviation's ("D.C.")
    d = hd.parse_date(s)
    if d is None:
        return None
    other = [w for w in re.findall(r"[^\W\d_][\w.'\u2019\-]*|\d+\w*", s) if not _DATE_WORDS.fullmatch(w.rstrip("."))]
    return d if len(other) <= max_other else None


def _caps_line(line: str, *, max_words: int = 12) -> bool:
    """A short line in capitals that ends no sentence ("UNITED STATES SENATE", "FIRST
    SESSION"): a line of a title page."""
    s = clean_speech(line).strip(WS_CHARS + mk.MASK + "*_")
    letters = [c for c in s if c.lower() != c.upper()]
    return (bool(s) and len(s.split()) <= max_words and len(letters) >= 2 and all(c.isupper() for c in letters)
            and s[-1] not in ".?!;:,")


def _label_follows(lines, i: int, n: int, aside: dict[int, str]) -> bool:
    """The next line with text after line ``i`` opens with a speaker label (a name or a role
    word: "SENATOR MURKOWSKI.", "**Interviewer:**", "Q:")."""
    q = next((k for k in range(i + 1, n) if k not in aside and not _blank(lines[k][2])), None)
    if q is None:
        return False
    nxt = clean_speech(lines[q][2]).strip(WS_CHARS + mk.MASK + "*_")
    return any(rl.label_role_word(c[0]) or _name_like(c[0]) for c in _candidates(nxt))


def _header_block(lines, i: int, n: int, aside: dict[int, str], *, max_lines: int = 8) -> list[int] | None:
    """The lines of a title block that opens at line ``i``, or None.

    A title block is a run of two or more lines, up to a blank line, each a short line in
    capitals (:func:`_caps_line`) or a dateline (:func:`_dateline`), the first in capitals
    and shaped like a title, none shaped like a speaker label, and followed by a labelled
    turn ("HEARING BEFORE THE COMMITTEE ON ..." / "UNITED STATES SENATE" / "JUNE 4, 2019",
    then "SENATOR X. The committee will come to order."). Its first line is the title.
    """
    block: list[int] = []
    k = i
    while k < n and k not in aside and not _blank(lines[k][2]) and len(block) < max_lines:
        block.append(k)
        k += 1
    if len(block) < 2 or (k < n and not _blank(lines[k][2]) and k not in aside):
        return None
    first = lines[block[0]][2]
    if not (_caps_line(first) and _title_like(first)):
        return None
    for x in block:
        raw = lines[x][2]
        s = clean_speech(raw).strip(WS_CHARS + mk.MASK + "*_")
        if _candidates(s) or not (_caps_line(raw) or _dateline(raw) is not None):
            return None
    return block if _label_follows(lines, block[-1], n, aside) else None


_INLINE_ANSWER = re.compile(
    rf"(?P<end>[?\uff1f][\"'\u201d\u2019)\]]*)[{_WS}]+(?P<name>[^\W\d_][^:\uff1a?!\n]{{0,40}}?)[{_WS}]*[:\uff1a][{_WS}]*(?=\S)")


def _inline_answer(rest: str, official: str | None, used: set[str]) -> tuple[int, int, int, str] | None:
    """Where an answer starts on the line of a narrated question: ``"... your comment? Lu Kang:
    This ..."``.

    The label after the question mark must read as a name and be the official named in the
    title or a label the file uses elsewhere (``used``, case folded). Returns the end of the
    question, the start of the answer's label, the start of its speech and the label, as
    offsets in ``rest``; None when no answer starts on the line.
    """
    from .speakers import name_key

    for mm in _INLINE_ANSWER.finditer(rest):
        name = clean_speech(mm.group("name")).strip(WS_CHARS)
        if not _name_like(name) or rl.label_role_word(name):
            continue
        if (official and name_key(name) == name_key(official)) or name.casefold() in used:
            return mm.end("end"), mm.start("name"), mm.end(), name
    return None


def _opens_question(cur: TurnDraft, para: Paragraph, gap: int) -> bool:
    """An unlabelled paragraph after a moderator-like turn that is a reporter's question."""
    if cur.role in ("questioner",) or cur.continuation or not cur.label:
        return False  # only after a labelled speaker: an unlabelled monologue goes on
    # moderator cues searched once per paragraph, not once per call (long turns stay linear)
    while not cur.cue and cur.cue_checked < len(cur.paragraphs):
        cur.cue = rl.moderator_score([cur.paragraphs[cur.cue_checked].speech]) > 0
        cur.cue_checked += 1
    if not cur.cue:
        return False
    return gap >= 2 or rl.looks_like_question(para.speech)


def _format_name(out: ParsedPage, labels: dict, has_role_words: bool, is_html: bool = False) -> str:
    kinds = {b.kind for b in out.boilerplate}
    if "breadcrumb" in kinds or "pagination" in kinds:
        return "page"
    if is_html:
        return "html"
    if has_role_words:
        return "qa"
    if not labels:
        return "plain"
    alone = sum(1 for c in labels.values() if not c[1].strip(WS_CHARS))
    return "labels" if alone * 2 >= len(labels) else "inline"
