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
a role word, an outlet, or an all-caps name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model import Boilerplate, Paragraph
from .decode import WS_CHARS
from . import header as hd
from . import roles as rl

__all__ = ["ParsedPage", "TurnDraft", "parse_text"]

_WS = "\\s\u00a0\u200b\u200c\u200d\u2060\ufeff"
_LABEL_RE = re.compile(rf"^[{_WS}]*([^{_WS}:：][^:：\n]{{0,80}}?)[{_WS}]*[:：][{_WS}]*(.*)$")
_CAPS_DOT_RE = re.compile(rf"^[{_WS}]*((?:(?:MR|MRS|MS|DR)\.\s+)?[A-Z][A-Z'\-]+(?:\s+[A-Z][A-Z'\-]+){{0,4}})\.\s+(\S.*)$")
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
    r"chuckles|end|break|recess|off[- ]mic|unintelligible|interruption|interpretation)\b", re.I
)
_NARRATION = re.compile(
    r"\b(?:journalists?|reporters?|spokes(?:person|man|woman)|speaker|moderator|audience|everyone|"
    r"interpret\w*|translat\w*|laugh\w*|applau\w*|nodd\w*|smil\w*|paus\w*|shook|equipment|"
    r"microphone|video|recording|inaudible)\b", re.I)
_PAREN_RE = re.compile(r"[\(\[]([^()\[\]\n]{1,500})[\)\]]")


@dataclass
class TurnDraft:
    """A turn being built: label, speaker, provisional role and paragraphs."""

    label: str
    speaker: str
    role: str | None
    outlet: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    continuation: bool = False  # unlabelled text at the very start of a page


@dataclass
class ParsedPage:
    """What one text file holds before pages are merged into transcripts."""

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


def _lines(text: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _blank(line: str) -> bool:
    return not line.strip(WS_CHARS)


def _name_like(label: str) -> bool:
    words = label.split()
    if not 1 <= len(words) <= 7:
        return False
    if re.search(r"[?!;\"“”…]|\d", label) or label.endswith(","):
        return False
    if label.lower().strip(".") in _NOT_LABELS:
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
    # a dot only after abbreviations and initials ("Mr.", "J.")
    for w in words:
        if "." in w.rstrip(".") or (w.endswith(".") and not re.fullmatch(r"[A-Z][a-z]{0,3}\.|(?:[A-Z]\.)+", w)):
            return False
    return True


def _candidate(line: str) -> tuple[str, str, str] | None:
    """(label, rest, kind) if the line starts with something shaped like a label."""
    m = _LABEL_RE.match(line)
    if m and not re.match(r"^\s*(?:https?|www)\b", line):
        return m.group(1).strip(WS_CHARS), m.group(2), "colon"
    m = _CAPS_DOT_RE.match(line)
    if m:
        return m.group(1).strip(), m.group(2), "dot"
    return None


def _accept(label: str, rest: str, kind: str, counts: Counter) -> bool:
    if kind == "colon":
        if rl.label_role_word(label):
            return True
        if not _name_like(label):
            return False
        if not rest.strip(WS_CHARS):
            return True  # alone on its line
        return (len(label.split()) >= 2 or label.isupper() or counts[label] >= 2
                or rl.is_outlet(label))
    # "NAME. text": all-caps names only, and only when used as a label more than once
    return counts[label] >= 2 or len(label.split()) >= 2


def _split_directions(speech: str) -> tuple[str, tuple[str, ...]]:
    directions: list[str] = []
    keep: list[str] = []
    pos = 0
    for m in _PAREN_RE.finditer(speech):
        inner = m.group(1).strip()
        before = speech[:m.start()].rstrip(WS_CHARS)
        sentence_like = (
            inner[:1].isupper() and len(inner.split()) >= 3 and inner[-1:] in '.!?"”'
            and (not before or before[-1] in '.!?"”:')
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


def _speech_of(lines: list[str]) -> str:
    return " ".join(x.strip(WS_CHARS) for x in lines if x.strip(WS_CHARS))


def parse_text(text: str, *, path: str, encoding: str = "utf-8", page: int = 0,
               official: str | None = None, detect_labels: bool = True) -> ParsedPage:
    """Parse one text file into header facts, boilerplate and turn drafts.

    Parameters
    ----------
    text : str
        Decoded text with normalized line ends.
    path : str
        For messages and provenance.
    page : int
        Index of this file among the pages of its transcript.
    official : str or None
        The official speaking unlabelled opening paragraphs and ``A:`` turns, when known
        from metadata; otherwise read from the title.
    detect_labels : bool
        False treats the body as plain text with no speaker labels.
    """
    out = ParsedPage(path=path, text=text, encoding=encoding, format="plain")
    lines = _lines(text)
    n = len(lines)

    def keep_aside(kind: str, i: int) -> None:
        s, e, raw = lines[i]
        lead = len(raw) - len(raw.lstrip(WS_CHARS))
        trail = len(raw.rstrip(WS_CHARS))
        out.boilerplate.append(Boilerplate(kind, raw[lead:trail], page, s + lead, s + trail, i + 1))

    # ---- header -------------------------------------------------------------------------
    i, seen = 0, 0
    while i < n and seen < 8:
        raw = lines[i][2]
        if _blank(raw):
            i += 1
            continue
        if hd.is_breadcrumb(raw):
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
        elif not out.title and seen == _leading_boilerplate(out) and _title_like(raw):
            out.title = raw.strip(WS_CHARS)
            keep_aside("title", i)
        elif (d := _date_only(raw)) is not None:
            out.date = out.date or d
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
        out.kind = hd.kind_from_title(out.title)
    out.official = official or (hd.official_in_title(out.title) if out.title else None)

    # ---- labels -------------------------------------------------------------------------
    cands: dict[int, tuple[str, str, str]] = {}
    if detect_labels:
        for k in range(body_start, body_end):
            c = _candidate(lines[k][2])
            if c:
                cands[k] = c
    counts = Counter(c[0] for c in cands.values())
    labels = {k: c for k, c in cands.items() if _accept(c[0], c[1], c[2], counts)}

    # ---- paragraphs and turns -----------------------------------------------------------
    has_role_words = any(rl.label_role_word(c[0]) for c in labels.values())
    cur: TurnDraft | None = None
    k, gap = body_start, 0
    while k < body_end:
        s, e, raw = lines[k]
        if _blank(raw):
            gap += 1
            k += 1
            continue
        # gather the paragraph: this line and following non-blank, unlabelled lines
        block = [k]
        m = k + 1
        while m < body_end and not _blank(lines[m][2]) and m not in labels:
            block.append(m)
            m += 1
        lab = labels.get(k)
        first = lines[k][2]
        body_lines = [lines[x][2] for x in block]
        if lab:
            label, rest, _ = lab
            body_lines[0] = rest
        speech, directions = _split_directions(_speech_of(body_lines))
        lead = len(first) - len(first.lstrip(WS_CHARS))
        last_line = lines[block[-1]][2]
        p_start = s + lead
        p_end = lines[block[-1]][0] + len(last_line.rstrip(WS_CHARS))
        para = Paragraph(text[p_start:p_end], speech, directions, page, p_start, p_end, k + 1)
        if lab:
            label = lab[0]
            role = rl.label_role_word(label)
            if role == "questioner":
                speaker, outlet = "Journalist", None
            elif role == "official":
                speaker, outlet = (out.official or "Official"), None
            else:
                speaker = label
                outlet = rl.outlet_of_label(label)
                role = "questioner" if outlet else None
            cur = TurnDraft(label, speaker, role, outlet, [para])
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
        else:
            cur.paragraphs.append(para)
        gap = 0
        k = m

    for j in sorted(footer):
        keep_aside("pagination", j)
    out.boilerplate.sort(key=lambda b: b.start)
    out.format = _format_name(out, labels, has_role_words)
    return out


def _leading_boilerplate(out: ParsedPage) -> int:
    return sum(b.kind in ("breadcrumb", "url", "header") for b in out.boilerplate)


def _title_like(line: str) -> bool:
    s = line.strip(WS_CHARS)
    if not s or len(s) > 250 or s[-1] in ".?!\"”;,:":
        return False
    c = _candidate(s)
    if c and rl.label_role_word(c[0]):
        return False
    return len(s.split()) >= 2


def _date_only(line: str) -> object:
    s = line.strip(WS_CHARS)
    if len(s) > 40:
        return None
    d = hd.parse_date(s)
    if d is None:
        return None
    rest = re.sub(r"[\d,./\-\s]|(?i:jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|st|nd|rd|th|on|date)", "", s)
    return d if not rest.strip(WS_CHARS + "()") else None


def _opens_question(cur: TurnDraft, para: Paragraph, gap: int) -> bool:
    """An unlabelled paragraph after a moderator-like turn that is a reporter's question."""
    if cur.role in ("questioner",) or cur.continuation:
        return False
    text = " ".join(p.speech for p in cur.paragraphs)
    moderating = rl.moderator_score([text]) > 0
    if not moderating:
        return False
    return gap >= 2 or rl.looks_like_question(para.speech)


def _format_name(out: ParsedPage, labels: dict, has_role_words: bool) -> str:
    kinds = {b.kind for b in out.boilerplate}
    if "breadcrumb" in kinds or "pagination" in kinds:
        return "page"
    if has_role_words:
        return "qa"
    if not labels:
        return "plain"
    alone = sum(1 for c in labels.values() if not c[1].strip(WS_CHARS))
    return "labels" if alone * 2 >= len(labels) else "inline"
