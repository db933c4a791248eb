"""Reader for structured XML transcripts: one element per turn, the speaker in its attributes.

The reader knows no collection's tag names. It reads the layout from the document itself:

* **Turns.** The *turn element* is the element name that repeats, carries speaker evidence
  on at least two elements and holds the largest share of the document's text. Speaker
  evidence is an attribute whose name says speaker (``speaker*``, ``*who*``, ``*name*``,
  ``*by``, ``*person*``, ``*author*``, ``*member*``) and whose value reads like a name or
  is a reference (``#id``), or a short element at the very start of the element, before
  any text, named like ``<from>``, ``<speaker>``, ``<talker>``, ``<PersonSpeaking>``, holding
  the name as written. A name whose elements hold the turns of another (sections holding
  speeches), or open them sharing their speaker element (``<talk.start>`` in ``<speech>``),
  is not the turn element. Other element names with speaker evidence that sit beside the
  turns (same parent name) and hold text are turns too (Akoma Ntoso's ``<question>`` and
  ``<answer>`` beside ``<speech>``). A turn element with no content (EuroParl's
  ``<SPEAKER .../>`` before its ``<P>`` siblings) is a *milestone*: its turn runs over the
  following siblings up to the next turn or heading; one never closed runs up to the next.
* **Speaker.** The name-like attribute (``speakername="Bill Rammell"``, ``name=``,
  ``speaker=``), else the speaker child's text, else the element a reference points to
  (``who="#A"`` -> ``<person xml:id="A"><persName>...``, ``by="#x"`` -> ``<TLCPerson eId="x"
  showAs="...">``), else the reference itself made readable (``#VeberJanko`` ->
  ``Veber Janko``). ``speaker_id`` is the id-like attribute (``speakerid``, ``who="#x"``,
  ``by="#x"``); placeholder ids (``unknown``) are dropped. ``hint`` is an office-like
  attribute (``*office*``, ``*role*``, ``*title*``, ``*position*``, ``*function*``), a TEI
  ``ana="#chair"``, a role child of the speaker element, or a parenthesis ending the
  speaker element's text (``Hon. X (Minister of Finance)``, left out of ``speaker``).
* **Paragraphs.** One paragraph per block child of the turn (``<p>``, ``<seg>``, ``<para>``,
  ``<l>``..., or the child name that holds most of the turns' text); text directly in the
  turn between blocks is a paragraph too; a turn without block children is one paragraph.
  A paragraph's span is its element, tags included (its ``line`` is the line of ``<p``).
* **Stage directions.** Elements such as ``<note>``, ``<vocal>``, ``<kinesic>``,
  ``<incident>``, ``<stage>``, ``<remark>``, and bracketed text set in italics
  (``<i>[Interruption.]</i>``, even split over several ``<i>``) are kept out of speech in
  the paragraph's ``directions``; parenthesised stage words ("(Applause.)") too, as in the
  text reader. A direction element between two blocks joins the paragraph before it.
* **Everything else** is boilerplate: turn elements without a speaker (``nospeaker="true"``)
  are ``procedural``; headings (``*heading*``, ``<head>``, ``<title>``) are ``heading``;
  lists among the turns (a division list, the members attending: most of the text in five or
  more short elements of one name) are ``record``; other text-bearing elements among the turns
  (motions, amendments) are ``procedural``; text
  outside the part of the document that holds the turns (a TEI header) is ``header``;
  tags, declarations and comments between all of these are ``markup``. Every non-whitespace
  character of the source is in exactly one paragraph or boilerplate span.
* **Page facts.** The title is the first heading; the date comes from a date attribute of
  the root (or a date in its id), the turns' identifiers (the latest date in each, the most
  common across turns), date attributes and date elements before the first turn, the first
  headings or the file name (:func:`analysis.parsers.header.parse_date`);
  ``header_fields["chair"]`` names who is in the chair when a heading or procedural text
  says "[X in the Chair]" (honorifics dropped), else when an element named like
  ``chairmen`` lists the attending chair, else the speaker of turns marked ``chair``
  (``header_fields["chairs"]`` lists them all when there are several). A note (kind
  ``xml``) and ``layout`` say which elements and attributes were read.

Nothing is resolved from outside the text: no DTD is loaded and no external entity is
fetched. Entities declared in the document's internal DTD subset (``<!ENTITY mdash
"&#8212;">``) are read as literal values (never expanded recursively); any other named
entity is decoded as HTML (:func:`html.unescape`), so ``&mdash;`` reads as a dash without
its declaration, and a Windows-1252 numeric reference (``&#146;``) reads as ``’``. Raw C1
control characters (Windows-1252 bytes read as Latin-1) are read as Windows-1252 in speech.
Tags are found by a linear-time scan with the rule of :mod:`analysis.parsers.markup`'s scanner
(a ``<``, a name and a ``>`` before the next ``<``; comments, CDATA sections and the DOCTYPE
found first), done by one compiled regular expression, three times faster than that scanner
on tag-dense XML; malformed or hostile input (unclosed tags, stray ``<``) never fails and
never takes quadratic time, and nothing is recursive.
"""

from __future__ import annotations

import codecs
import html
import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Boilerplate, Paragraph
from . import header as hd
from .decode import WS_CHARS
from .text import ParsedPage, TurnDraft, _split_directions, clean_speech

__all__ = ["looks_like_xml_transcript", "parse_xml", "xml_declared_encoding"]

# ----------------------------------------------------------------------------- vocabulary
#: Attribute names that say "speaker" (matched on the lower-cased local name).
_SPEAKER_ATTR = re.compile(r"speaker|who|name|person|author|member|orator|spk|talker|redner|^by$|by$")
#: Attribute names that say office or role (a hint, never the speaker).
_HINT_ATTR = re.compile(r"office|role|title|position|function|capacity")
#: Attribute names that carry an identifier rather than a name.
_ID_ATTR = re.compile(r"id$|^id|[_\-.]id[_\-.]|ref$|^ref|corresp")
#: Attributes that say the element has no speaker (``nospeaker="true"``).
_NO_SPEAKER_ATTR = re.compile(r"^no[-_.]?(?:speaker|who|name)")
_TRUE = frozenset({"true", "yes", "1", "y"})
_BOOL = frozenset({"true", "false", "yes", "no", "0", "1", "y", "n"})
_PLACEHOLDER = frozenset({"", "unknown", "none", "null", "nil", "n/a", "na", "-", "?", "0", "anonymous", "nobody"})
#: First child elements that hold the speaker's name as written.
_SPEAKER_CHILD = re.compile(r"^(?:from|who|spk|talker|orator|redner|sprecher|intervenant|orador)$|speak")
#: Children of a speaker element that name the office or role.
_ROLE_CHILD = re.compile(r"role|office|function|position|title|capacity")
#: Element names of paragraphs (blocks) inside a turn.
_BLOCK = frozenset({"p", "para", "paragraph", "seg", "ab", "l", "lg", "line", "quote", "blockquote", "table",
                    "list", "ul", "ol", "li", "item", "div", "sp", "text", "parrafo", "absatz", "q"})
_TRAILING_PAREN = re.compile(r"\s*[(\[]([^()\[\]]{1,120})[)\]]\s*[:.]?\s*$")
_PARA_NAME = re.compile(r"para|absatz|parrafo|alinea|paragraph")
#: Blocks that hold other blocks (a paragraph per block inside).
_CONTAINER = frozenset({"div", "lg", "list", "ul", "ol", "sp", "text", "body", "section", "ab"})
_CONTAINER_SKIP = frozenset({"quote", "q", "blockquote", "table"})
#: Element names of stage directions and editorial notes inside a turn.
_DIRECTION = frozenset({"note", "vocal", "kinesic", "incident", "gap", "stage", "stagedir", "stagedirection",
                        "remark", "scene", "sound", "event", "action", "interjection", "interruption",
                        "narrative", "comment", "desc", "applause", "laughter", "insertion"})
#: Inline elements that break words apart (a space in speech).
_BREAK = frozenset({"lb", "br", "pb", "cb", "milestone", "p", "para", "paragraph", "seg", "ab", "l", "line",
                    "li", "item", "td", "th", "tr", "cell", "row", "div", "head", "quote", "blockquote", "list",
                    "table"})
#: Italic elements (bracketed italic text is a stage direction).
_ITALIC = frozenset({"i", "em", "emph", "italic", "it"})
#: Elements that are italic when their start tag says so (``<hi rend="italic">``).
_ITALIC_HOST = frozenset({"hi", "span", "seg", "rend", "font", "phrase", "inline", "emphasis"})
_HEADING = re.compile(r"heading|^head$|title$|^h[1-6]$|^subject$")
_CHAIR_ELEMENT = re.compile(r"^chair(?:men|man|woman|person|persons|s)?$|^presiding")
#: Roots of XML documents that are not transcripts (feeds, images, web pages...).
_NOT_TRANSCRIPT_ROOT = frozenset({"rss", "rdf", "feed", "svg", "html", "xhtml", "opml", "urlset",
                                  "sitemapindex", "kml", "gpx", "plist", "stylesheet", "transform", "schema",
                                  "project", "manifest", "xliff", "tmx"})
_DATE_ATTR = re.compile(r"date|when|^day$")

_TOKEN = re.compile(r"<(/?)([A-Za-z_][\w:.\-]*)(?:\s[^<>]*)?/?>|<[?!][^<>]*>")
_SPECIAL = re.compile(r"<!--|<!\[CDATA\[|<!DOCTYPE\b", re.I)
_SUBSET_END = re.compile(r"\]\s*>")
_ATTR = re.compile(r"""([^\s=/<>"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z_][\w.\-]{0,63});")
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+([A-Za-z_][\w.\-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>""")
_C1 = re.compile("[\u0080-\u009f]")
_C1_TABLE = {}
for _c in range(0x80, 0xA0):
    try:
        _C1_TABLE[_c] = bytes([_c]).decode("cp1252")
    except UnicodeDecodeError:
        pass
del _c
_BRACKET = re.compile(r"[\[(][^\[\]()]{0,400}[\])]")
_CHAIR_TEXT = re.compile(r"[\[(]\s*([^\[\]()]{2,80}?)\s+in\s+the\s+chair\s*\.?\s*[\])]", re.I)
#: Speech in the first person ("I want", "my hon. Friend", "we"), which procedure is not in
#: ("Part I of the Act" is not).
_FIRST_PERSON = re.compile(r"\b(?:[Ww]e|[Mm]y|[Oo]ur|us|me)\b|\bI(?:'[a-z]+)?\s+(?!of\b|to\b|and\b|or\b|in\b|the\b)[a-z]")
_HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Madam|Madame|Mister|Hon|Rt\.? Hon|The Hon|"
                        r"Right Hon(?:ourable)?|Professor|Prof)\.?\s+)+", re.I)
_ITALIC_SPAN = re.compile(r"<(i|em)\b[^>]*>.*?</\1\s*>|<span\b[^>]*italic[^>]*>.*?</span\s*>", re.S | re.I)


def _italic_only(raw: str) -> bool:
    """A block whose words are all set in italics (an explanatory statement, "Question put.")."""
    rest = _TOKEN.sub(" ", _ITALIC_SPAN.sub(" ", raw))
    return len([w for w in rest.split() if any(ch.isalnum() for ch in w)]) < 3


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].lower()


def _collapse(s: str) -> str:
    return " ".join(clean_speech(s).split())


# ----------------------------------------------------------------------------- encoding
_XML_DECL = re.compile(rb"""^[ \t\r\n]*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:\-]{0,40})["']""")


def xml_declared_encoding(raw: bytes) -> str | None:
    """The encoding an XML declaration names, as a Python codec name, or None.

    :func:`analysis.parsers.decode.decode` guesses an encoding from the bytes and does not
    read the XML declaration; a loader reading an ``.xml`` file should decode with this
    encoding first when there is one (``raw.decode(enc)``, then
    :func:`~analysis.parsers.decode.normalize_newlines`). None when there is no declaration,
    the file starts with a byte-order mark (the mark decides), or the codec is unknown.

    Examples
    --------
    >>> xml_declared_encoding(b'<?xml version="1.0" encoding="ISO-8859-1"?>\\n<a/>')
    'iso8859-1'
    >>> xml_declared_encoding(b"<?xml version='1.0' encoding='utf-8'?><a/>")
    'utf-8'
    >>> xml_declared_encoding(b"<a/>") is None
    True
    """
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    m = _XML_DECL.match(raw[:512])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


# ----------------------------------------------------------------------------- detection
_XML_START = re.compile(r"^[\s\ufeff]*(?:<\?xml\b|<!--|<!DOCTYPE\s+(?!html\b)[\w:.\-]+|<[A-Za-z_][\w:.\-]*[\s>/])",
                        re.I)
_DECLARED_XML = re.compile(r"^[\s\ufeff]*(?:<\?xml\b|<!DOCTYPE\s+(?!html\b)[\w:.\-]+)", re.I)
_SPEAKERISH = re.compile(
    r"<[A-Za-z_][\w:.\-]*\s[^<>]{0,2000}?\b[\w:.\-]*(?:speaker|who|name|person|author|member|orator|by)[\w.\-]*"
    r"\s*=\s*[\"']?[#\w]|<(?:[\w.\-]+:)?(?:from|speaker|speakername|talker)\b", re.I)


def looks_like_xml_transcript(text: str) -> bool:
    """True if ``text`` looks like an XML document with speaker-bearing elements (cheap test).

    Looks at the start (an XML declaration, a non-HTML doctype or a root tag) and for an
    attribute named like a speaker (``speakername=``, ``who=``, ``by=``) or a ``<from>`` /
    ``<speaker>`` element in the first 200,000 characters. :func:`parse_xml` decides.

    Examples
    --------
    >>> looks_like_xml_transcript('<?xml version="1.0"?><debate><speech by="#a"><p>Hi</p></speech></debate>')
    True
    >>> looks_like_xml_transcript("<html><body><p>Q: Why?</p></body></html>")
    False
    >>> looks_like_xml_transcript("Q: Why <b>this</b>?")
    False
    """
    if not _XML_START.match(text[:4096]):
        return False
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<html", "<!doctype html")):
        return False
    return _SPEAKERISH.search(text[:200_000]) is not None


# ----------------------------------------------------------------------------- document
class _El:
    """One element: its name, where its tags and content are, its family and its text."""

    __slots__ = ("name", "s", "so", "ci", "e", "parent", "closed", "children", "text", "own")

    def __init__(self, name: str, s: int, so: int, parent: int) -> None:
        self.name = name  # lower-cased local name
        self.s = s  # start of the start tag
        self.so = so  # end of the start tag (content start)
        self.ci = so  # content end (start of the end tag)
        self.e = so  # end of the element
        self.parent = parent
        self.closed = True  # False: never closed (ended by an ancestor's end tag or the end of text)
        self.children: list[int] = []
        self.text = 0  # characters of text inside, descendants included (whitespace-only runs not counted)
        self.own = 0  # ... directly inside


class _Doc:
    """The tokens, elements and entity table of one XML source text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = self._tokens(text)
        self.tok_starts = [t[0] for t in self.toks]
        self.els: list[_El] = []
        self.attrs: list[dict[str, str] | None] = []
        self._build()
        self._id_index: dict[str, int] | None = None

    # ---- tokens ------------------------------------------------------------------------
    def _tokens(self, text: str) -> list[tuple[int, int, str, str]]:
        """Markup tokens ``(start, end, kind, name)`` in order, in linear time.

        Kinds: ``start``/``end`` (``name`` is the lower-cased local name of the tag),
        ``decl`` (``<?xml?>``, ``<!ELEMENT>``), ``comment``, ``cdata``, ``doctype`` (with its
        internal subset; the entity declarations of the first one are read). A tag is a
        ``<``, a name and a ``>`` before the next ``<``, as in
        :mod:`analysis.parsers.markup`: a stray ``<`` ("3 < 5") stays text. An unclosed
        comment or CDATA section runs to the end.
        """
        self.entities: dict[str, str] = {}
        out: list[tuple[int, int, str, str]] = []
        local: dict[str, str] = {}
        n = len(text)
        pos = 0
        doctypes = 0
        while True:
            m = _SPECIAL.search(text, pos)
            a = m.start() if m else n
            for t in _TOKEN.finditer(text, pos, a):
                tag = t.group(2)
                if tag is None:
                    out.append((t.start(), t.end(), "decl", ""))
                    continue
                name = local.get(tag)
                if name is None:
                    name = local[tag] = _local(tag)
                out.append((t.start(), t.end(), "end" if t.group(1) else "start", name))
            if m is None:
                return out
            opener = m.group(0)
            if opener == "<!--":
                j = text.find("-->", m.end())
                end, kind = (n if j < 0 else j + 3), "comment"
            elif opener.startswith("<!["):
                j = text.find("]]>", m.end())
                end, kind = (n if j < 0 else j + 3), "cdata"
            else:
                gt = text.find(">", m.end())
                br = text.find("[", m.end(), gt if gt >= 0 else n)
                end, kind = (gt + 1 if gt >= 0 else n), "doctype"
                if br >= 0 and not doctypes:  # an internal subset: read its entities
                    close = _SUBSET_END.search(text, br)
                    end = close.end() if close else n
                    for em in _ENTITY_DECL.finditer(text, br, end):
                        value = em.group(2) if em.group(2) is not None else em.group(3)
                        if "<" not in value:  # a value holding markup is not expanded
                            self.entities.setdefault(em.group(1), html.unescape(value))
                doctypes += 1
            out.append((a, end, kind, ""))
            pos = end

    # ---- tree --------------------------------------------------------------------------
    def _build(self) -> None:
        """The element tree: end tags close the nearest open element of their name (elements
        left open inside it end there, unclosed); a stray end tag is ignored."""
        text, els, attrs = self.text, self.els, self.attrs
        stack: list[_El] = []
        index: list[int] = []  # indices of the elements on the stack
        open_names: dict[str, int] = {}
        pos = 0
        for s, e, kind, name in self.toks:
            if s > pos and stack:
                run = text[pos:s]
                if not run.isspace():
                    stack[-1].own += len(run)
            if e > pos:
                pos = e
            if kind == "start":
                idx = len(els)
                parent = index[-1] if index else -1
                el = _El(name, s, e, parent)
                els.append(el)
                if stack:
                    stack[-1].children.append(idx)
                if text[e - 2] != "/":
                    stack.append(el)
                    index.append(idx)
                    open_names[name] = open_names.get(name, 0) + 1
            elif kind == "end":
                if not open_names.get(name):
                    continue  # a stray end tag: left as it is
                while stack:
                    el = stack.pop()
                    index.pop()
                    open_names[el.name] -= 1
                    if el.name == name:
                        el.ci, el.e = s, e
                        break
                    el.ci = el.e = s
                    el.closed = False
            elif kind == "cdata" and stack:
                stack[-1].own += e - s
        if pos < len(text) and stack and not text[pos:].isspace():
            stack[-1].own += len(text) - pos
        n = len(text)
        for el in stack:
            el.ci = el.e = n
            el.closed = False
        attrs.extend([None] * len(els))
        for el in els:
            el.text = el.own
        for idx in range(len(els) - 1, 0, -1):
            el = els[idx]
            if el.parent >= 0:
                els[el.parent].text += el.text

    def attr(self, idx: int) -> dict[str, str]:
        """The attributes of element ``idx`` (names lower-cased, values entity-decoded)."""
        a = self.attrs[idx]
        if a is None:
            el = self.els[idx]
            tag = self.text[el.s:el.so]
            a = {}
            name_end = re.match(r"<[^\s/>]*", tag)
            for m in _ATTR.finditer(tag, name_end.end() if name_end else 0):
                v = m.group(2) if m.group(2) is not None else (m.group(3) if m.group(3) is not None else m.group(4))
                a.setdefault(m.group(1).lower(), self.unescape(v) if "&" in v else v)
            self.attrs[idx] = a
        return a

    def unescape(self, s: str) -> str:
        """Entities decoded: declared ones by their value, others as HTML."""
        ents = self.entities

        def one(m: re.Match) -> str:
            name = m.group(1)
            if name in ents:
                return ents[name]
            return html.unescape(m.group(0))

        return _ENTITY.sub(one, s)

    def by_id(self, ref: str) -> int | None:
        """The element whose ``xml:id``/``id``/``eId`` is ``ref`` (without ``#``)."""
        if self._id_index is None:
            index: dict[str, int] = {}
            for idx, el in enumerate(self.els):
                tag = self.text[el.s:el.so]
                if "id" not in tag.lower():
                    continue
                a = self.attr(idx)
                for k in ("xml:id", "id", "eid", "guid"):
                    v = a.get(k)
                    if v:
                        index.setdefault(v, idx)
            self._id_index = index
        return self._id_index.get(ref)

    def has_text(self, s: int, e: int) -> bool:
        """True if the span ``[s, e)`` holds text outside tags (CDATA included)."""
        text, toks = self.text, self.toks
        i = bisect_left(self.tok_starts, s)
        pos = s
        while i < len(toks) and toks[i][0] < e:
            ts, te, kind, _ = toks[i]
            if (ts > pos and not text[pos:ts].isspace()) or kind == "cdata":
                return True
            pos = max(pos, te)
            i += 1
        return e > pos and not text[pos:e].isspace()

    def line_starts(self) -> list[int]:
        """Offsets of the start of every line."""
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    # ---- text --------------------------------------------------------------------------
    def extract(self, s: int, e: int, *, plain: bool = False,
                skip: tuple[int, int] | None = None) -> tuple[str, tuple[str, ...]]:
        """Speech and stage directions of the source span ``[s, e)``.

        Tags are dropped, entities decoded; with ``plain``, every tag is a word break and
        no directions are taken out. ``skip`` is a span whose text is left out (a speaker
        element).
        """
        text, toks, unescape = self.text, self.toks, self.unescape
        i = bisect_left(self.tok_starts, s)
        n = len(toks)
        parts: list[str] = []
        flags: list[bool] = []  # italic, per part
        dirs: list[tuple[int, str]] = []  # (index in parts, direction)
        cur_dir: list[str] = []
        stack: list[tuple[str, int]] = []  # (name, 1 direction / 2 italic / 0)
        open_cnt: dict[str, int] = {}
        ndir = nital = 0
        any_italic = False
        skip_s, skip_e = skip if skip is not None else (-1, -1)
        pos = s
        while i < n:
            ts, te, kind, name = toks[i]
            if ts >= e:
                break
            i += 1
            if ts > pos and not skip_s <= pos < skip_e:
                run = text[pos:ts]
                if "&" in run:
                    run = unescape(run)
                if ndir and not plain:
                    cur_dir.append(run)
                else:
                    parts.append(run)
                    flags.append(nital > 0)
            if te > pos:
                pos = te
            if skip_s <= ts < skip_e:
                continue
            if kind == "start" or kind == "end":
                if plain:
                    parts.append(" ")
                    flags.append(False)
                    continue
                if ndir:
                    cur_dir.append(" ")
                if name in _BREAK:
                    parts.append(" ")
                    flags.append(False)
                if kind == "start":
                    if text[te - 2] != "/":
                        if name in _DIRECTION:
                            k = 1
                            ndir += 1
                        elif name in _ITALIC or (name in _ITALIC_HOST and "italic" in text[ts:te].lower()):
                            k = 2
                            nital += 1
                            any_italic = True
                        else:
                            k = 0
                        stack.append((name, k))
                        open_cnt[name] = open_cnt.get(name, 0) + 1
                elif open_cnt.get(name):
                    while stack:
                        nm, k = stack.pop()
                        open_cnt[nm] -= 1
                        if k == 1:
                            ndir -= 1
                            if not ndir:
                                d = _collapse("".join(cur_dir))
                                cur_dir.clear()
                                if d:
                                    dirs.append((len(parts), d))
                                parts.append(" ")
                                flags.append(False)
                        elif k == 2:
                            nital -= 1
                        if nm == name:
                            break
            elif kind == "cdata":
                run = text[ts + 9:te - 3] if text.endswith("]]>", ts, te) else text[ts + 9:te]
                if ndir and not plain:
                    cur_dir.append(run)
                else:
                    parts.append(run)
                    flags.append(nital > 0)
        if pos < e and not skip_s <= pos < skip_e:
            run = text[pos:e]
            if "&" in run:
                run = unescape(run)
            if ndir and not plain:
                cur_dir.append(run)
            else:
                parts.append(run)
                flags.append(nital > 0)
        if ndir and cur_dir and not plain:
            d = _collapse("".join(cur_dir))
            if d:
                dirs.append((len(parts), d))
        joined = "".join(parts)
        if _C1.search(joined):
            joined = joined.translate(_C1_TABLE)
        if plain:
            return _collapse(joined), ()
        if dirs:  # part indices to character offsets
            offsets = [0, *accumulate(len(p) for p in parts)]
            dirs = [(offsets[k], d) for k, d in dirs]
        if any_italic and ("[" in joined or "(" in joined):
            joined = self._italic_brackets(parts, flags, joined, dirs)
        speech = _collapse(joined)
        if "(" in speech or "[" in speech:
            speech, more = _split_directions(speech)
            if more:
                speech = " ".join(speech.split())
                dirs.extend((len(joined), " ".join(d.split())) for d in more)
        dirs.sort(key=lambda x: x[0])
        return speech, tuple(_tidy_direction(d) for _, d in dirs)

    @staticmethod
    def _italic_brackets(parts: list[str], flags: list[bool], joined: str, dirs: list[tuple[int, str]]) -> str:
        """Bracketed text all in italics (``<i>[</i><i>Interruption.</i><i>]</i>``) moved to
        ``dirs``; returns the speech without it."""
        mask = "".join(("i" if f else ".") * len(p) for p, f in zip(parts, flags))
        if len(mask) != len(joined):  # C1 translation keeps lengths; never expected
            return joined
        keep, pos = [], 0
        for m in _BRACKET.finditer(joined):
            a, b = m.span()
            if all(mask[k] == "i" or joined[k].isspace() for k in range(a, b)):
                d = _collapse(m.group(0))
                if d:
                    dirs.append((a, d))
                keep.append(joined[pos:a])
                keep.append(" ")
                pos = b
        if pos == 0:
            return joined
        keep.append(joined[pos:])
        return "".join(keep)


def _is_block(name: str, blocks: set[str] | frozenset[str]) -> bool:
    """A paragraph-like element name: a known or chosen one, or one that says paragraph."""
    return name in blocks or _PARA_NAME.search(name) is not None


def _tidy_direction(d: str) -> str:
    return re.sub(r"\s+([\])])", r"\1", re.sub(r"([\[(])\s+", r"\1", d))


# ----------------------------------------------------------------------------- speakers
def _name_like(value: str) -> bool:
    """A value that reads like a name: letters, at most 12 words, not a URI or an id."""
    v = value.strip()
    if not v or len(v) > 120 or v.lower() in _PLACEHOLDER or v.lower() in _BOOL:
        return False
    if "/" in v or "://" in v or "=" in v or "@" in v or v.startswith("#"):
        return False
    if not any(ch.isalpha() for ch in v):
        return False
    return len(v.split()) <= 12


def _id_like(value: str) -> bool:
    v = value.strip()
    if not v or v.lower() in _PLACEHOLDER:
        return False
    if v.startswith("#") or "/" in v or ":" in v:
        return True
    return " " not in v and (any(ch.isdigit() for ch in v) or "_" in v)


def _readable_ref(ref: str) -> str:
    """A name from a reference: ``#VeberJanko`` -> ``Veber Janko``, ``#john_smith`` -> ``john smith``."""
    v = ref.strip().lstrip("#")
    v = v.rstrip("/").rsplit("/", 1)[-1]
    if ":" in v:
        v = v.rsplit(":", 1)[-1]
    if not any(ch.isalpha() for ch in v) or any(ch.isdigit() for ch in v):
        return v or ref.strip()  # an identifier, not a name: as it is
    v = re.sub(r"[_.]+", " ", v)
    if " " not in v:
        v = _split_camel(v)
    return " ".join(v.split())


def _split_camel(v: str) -> str:
    """``VeberJanko`` -> ``Veber Janko``: a break before a capital that follows a lower-case
    letter, when the word so far has at least three letters (``McDonald`` stays whole)."""
    out, word = [], ""
    for ch in v:
        if ch.isupper() and word and word[-1].islower() and len(word) >= 3:
            out.append(word)
            word = ""
        word += ch
    out.append(word)
    return " ".join(out)


@dataclass
class _Speaker:
    label: str
    speaker: str
    speaker_id: str
    hint: str
    child: int | None = None  # the speaker element, when the name is in one
    source: str = ""  # how the speaker was found (for the layout note)


class _Reader:
    """One parse: the document, the layout read from it, and the page being built."""

    def __init__(self, text: str, path: str, encoding: str, page: int) -> None:
        self.doc = _Doc(text)
        self.text = text
        self.path, self.encoding, self.page = path, encoding, page
        self._spk: dict[int, _Speaker | None] = {}
        self._tops: list[int] | None = None

    # ---- speaker evidence ----------------------------------------------------------------
    def speaker_child(self, idx: int) -> int | None:
        """The element at the start of a turn that holds the speaker's name (``<from>``,
        ``<speaker>``), looked for among the turn's first few elements before any text."""
        doc, els = self.doc, self.doc.els
        el = els[idx]
        seen = 0
        todo = list(el.children[:4])
        while todo and seen < 8:
            c = todo.pop(0)
            seen += 1
            ch = els[c]
            if doc.has_text(el.so, ch.s):
                break  # speech has begun before it
            if _SPEAKER_CHILD.search(ch.name) and 0 < ch.text <= 160:
                name = self._speaker_child_name(c)
                if name and len(name.split()) <= 15:
                    return c
            if ch.text > 0 and _is_block(ch.name, _BLOCK):
                break
            todo[0:0] = ch.children[:4]
        return None

    def _speaker_child_name(self, c: int) -> str:
        """The name in a speaker element: a display name child, else its text without role children."""
        doc, els = self.doc, self.doc.els
        kids = [k for k in els[c].children if els[k].name in ("name", "persname") and els[k].text]
        if kids:
            disp = [k for k in kids if any("display" in v.lower() for v in doc.attr(k).values())]
            k = (disp or kids)[0]
            return doc.extract(els[k].so, els[k].ci, plain=True)[0]
        full = doc.extract(els[c].so, els[c].ci, plain=True)[0]
        for k in els[c].children:
            if _ROLE_CHILD.search(els[k].name):
                r = doc.extract(els[k].so, els[k].ci, plain=True)[0]
                if r:
                    full = full.replace(r, " ")
        return " ".join(full.split()).strip(" ,;:")

    def speaker(self, idx: int) -> _Speaker | None:
        """Who speaks in element ``idx``, or None when it carries no speaker evidence."""
        if idx not in self._spk:
            self._spk[idx] = self._speaker(idx)
        return self._spk[idx]

    def _speaker(self, idx: int) -> _Speaker | None:
        doc, els = self.doc, self.doc.els
        names: list[tuple[int, str, str]] = []
        ids: list[tuple[int, str, str]] = []
        hints: list[str] = []
        for k, v in doc.attr(idx).items():
            ln = _local(k)
            value = " ".join(v.split())
            if _NO_SPEAKER_ATTR.match(ln):
                if value.lower() in _TRUE:
                    return None
                continue
            if _HINT_ATTR.search(ln) and not _ID_ATTR.search(ln):
                if _name_like(value):
                    hints.append(value)
                continue
            if ln == "ana" and value.startswith("#"):
                hints.append(" ".join(x.lstrip("#") for x in value.split()))
                continue
            if not _SPEAKER_ATTR.search(ln) or value.lower() in _BOOL or value.lower() in _PLACEHOLDER:
                continue
            strong = 0 if re.search(r"speaker|who|^by$|person", ln) else 1
            if _ID_ATTR.search(ln) or _id_like(value):
                ids.append((strong, k, value))
            elif _name_like(value):
                rank = (0 if "name" in ln else 1 if "speaker" in ln else 2)
                if ln in ("name", "title", "label") or not (value[0].isupper() or not value[0].isascii()):
                    rank += 3  # a generic "name", or a value not written like a name
                names.append((rank, k, v.strip()))
        child = self.speaker_child(idx)
        if not names and not ids and child is None:
            return None
        names.sort(key=lambda x: x[0])
        ids.sort(key=lambda x: x[0])
        speaker_id = ids[0][2].lstrip("#") if ids else ""
        hint = hints[0] if hints else ""
        if child is not None and not hint:
            roles = [k for k in els[child].children if _ROLE_CHILD.search(els[k].name)]
            if roles:
                hint = doc.extract(els[roles[0]].so, els[roles[0]].ci, plain=True)[0].strip(" ()[],;:")
        if names and names[0][0] < 3:
            label = names[0][2]
            return _Speaker(label, _clean_name(label), speaker_id, hint, child, f"attribute {names[0][1]}")
        if child is not None:
            name = self._speaker_child_name(child)
            if any(els[k].name in ("name", "persname") for k in els[child].children):
                label = name
            else:
                label = doc.extract(els[child].so, els[child].ci, plain=True)[0]
            if not hint:
                m = _TRAILING_PAREN.search(name)
                if m and m.start() > 0:
                    hint = m.group(1).strip()
            name = _TRAILING_PAREN.sub("", name)
            return _Speaker(label, _clean_name(name), speaker_id, hint, child, f"element <{els[child].name}>")
        if ids:
            ref = ids[0][2]
            resolved = self._resolve(ref)
            speaker = resolved or (names[0][2] if names else _readable_ref(ref))
            return _Speaker(ref, _clean_name(speaker), speaker_id, hint, None,
                            f"attribute {ids[0][1]}" + (" (resolved)" if resolved else ""))
        label = names[0][2]
        return _Speaker(label, _clean_name(label), speaker_id, hint, None, f"attribute {names[0][1]}")

    def _resolve(self, ref: str) -> str:
        """The name of the element a reference points to, when the document holds it."""
        key = ref.strip().lstrip("#")
        if not key or " " in key:
            return ""
        idx = self.doc.by_id(key)
        if idx is None:
            return ""
        doc, els = self.doc, self.doc.els
        for k, v in doc.attr(idx).items():
            if re.search(r"showas|name|label", _local(k)) and _name_like(v):
                return " ".join(v.split())
        todo = list(els[idx].children)
        while todo:
            c = todo.pop(0)
            if els[c].name in ("persname", "name", "fullname"):
                return doc.extract(els[c].so, els[c].ci, plain=True)[0]
            todo[0:0] = els[c].children
        if 0 < els[idx].text <= 80:
            return doc.extract(els[idx].so, els[idx].ci, plain=True)[0]
        return ""

    # ---- layout --------------------------------------------------------------------------
    def turn_names(self) -> tuple[str, set[str]] | None:
        """The main turn element name and all turn element names, or None."""
        els = self.doc.els
        if not els:
            return None
        tops = [el for el in els if el.parent < 0]
        root = max(tops, key=lambda el: el.text)
        if root.name in _NOT_TRANSCRIPT_ROOT:
            return None
        total = sum(el.text for el in tops) or 1
        by_name: dict[str, list[int]] = defaultdict(list)
        for idx, el in enumerate(els):
            if el.parent >= 0 and el.name not in _ITALIC:
                by_name[el.name].append(idx)
        # a declared XML document (an XML declaration or a non-HTML doctype) may hold a
        # single turn, when that turn carries most of its text; otherwise a turn element recurs
        declared = _DECLARED_XML.match(self.text[:4096]) is not None
        stats: dict[str, tuple[int, list[int], int]] = {}
        for name, idxs in by_name.items():
            if len(idxs) < 2 and not (declared and els[idxs[0]].text * 2 >= total):
                continue
            txt = sum(els[i].text for i in idxs if not self._inside_same(i))
            if txt * 20 < total and not any(els[i].text == 0 and els[i].closed for i in idxs[:50]):
                continue
            spk = self._speaking(idxs)
            if len(spk) < (1 if len(idxs) == 1 else 2):
                continue
            speech = 0
            for i in spk:
                c = self.speaker(i).child
                own = els[i].text - (els[c].text if c is not None else 0)
                speech += own if own or not els[i].closed else self._milestone_text(i)
            txt = max(txt, speech)
            stats[name] = (txt, spk, speech)
        if not stats:
            return None
        # a name whose elements hold the elements of another (sections holding speeches) is
        # a container, not a turn
        holder: dict[str, int] = {}
        spk_of = {i: nm for nm, st in stats.items() for i in st[1]}
        inside: list[set[str]] = [set() for _ in els]
        for idx in range(len(els) - 1, -1, -1):
            p = els[idx].parent
            if p >= 0:
                if idx in spk_of:
                    inside[p].add(spk_of[idx])
                if inside[idx]:
                    inside[p] |= inside[idx]
        # an element that opens a turn and shares its speaker element (``<talk.start>`` in
        # ``<speech>``) is part of the turn, not a turn
        for nm, (txt, spk, speech) in stats.items():
            heads = 0
            for i in spk:
                a, steps = els[i].parent, 0
                while a >= 0 and steps < 8 and a not in spk_of:
                    a, steps = els[a].parent, steps + 1
                if a >= 0 and a in spk_of and spk_of[a] != nm:
                    child = self.speaker(i).child
                    if child is not None and child == self.speaker(a).child:
                        heads += 1
            if 2 * heads > len(spk):
                holder[nm] = 1
        for nm, (txt, spk, speech) in stats.items():
            for other in stats:
                if other == nm or other in holder or 4 * stats[other][2] < 3 * speech:
                    continue
                if 2 * sum(1 for i in spk if other in inside[i]) > len(spk):
                    holder[nm] = 1
        cands = [nm for nm in stats if nm not in holder] or list(stats)
        main = max(cands, key=lambda nm: (stats[nm][2], stats[nm][0]))
        txt, spk, speech = stats[main]
        if speech * 10 < total or speech < 2 * len(spk):
            return None
        names = {main}
        main_parents = {els[els[i].parent].name for i in spk if els[i].parent >= 0}
        for name, idxs in by_name.items():
            if name in names or name in holder:
                continue
            spk2 = self._speaking(idxs)
            if not spk2 or 2 * len(spk2) < len(idxs):
                continue
            beside = [i for i in spk2 if els[i].parent >= 0 and els[els[i].parent].name in main_parents]
            if not beside or 2 * len(beside) < len(spk2):
                continue
            if sum(els[i].text for i in beside) < 20 * len(beside):
                continue
            names.add(name)
        return main, names

    def _speaking(self, idxs: list[int]) -> list[int]:
        """The elements among ``idxs`` (all of one name) with speaker evidence; none when the
        first 200 have none (words, sentences, paragraphs are not looked at one by one)."""
        head = [i for i in idxs[:200] if self.speaker(i) is not None]
        if not head or len(idxs) <= 200:
            return head
        return head + [i for i in idxs[200:] if self.speaker(i) is not None]

    def _siblings(self, idx: int) -> list[int]:
        """Element ``idx`` and its siblings, in document order."""
        els = self.doc.els
        p = els[idx].parent
        if p >= 0:
            return els[p].children
        if self._tops is None:
            self._tops = [k for k, x in enumerate(els) if x.parent < 0]
        return self._tops

    def _milestone_text(self, idx: int) -> int:
        """Text of the siblings after an empty element, up to the next element of its name."""
        els = self.doc.els
        sibs = self._siblings(idx)
        n = 0
        for j in range(bisect_left(sibs, idx) + 1, len(sibs)):
            k = sibs[j]
            if els[k].name == els[idx].name:
                break
            n += els[k].text
        return n

    def _inside_same(self, idx: int) -> bool:
        els = self.doc.els
        name = els[idx].name
        p = els[idx].parent
        steps = 0
        while p >= 0 and steps < 64:
            if els[p].name == name:
                return True
            p = els[p].parent
            steps += 1
        return False

    # ---- parse ---------------------------------------------------------------------------
    def parse(self) -> ParsedPage | None:
        """The page, or None when the document has no turns."""
        doc, els, text = self.doc, self.doc.els, self.text
        found = self.turn_names()
        if found is None:
            return None
        main, names = found
        out = ParsedPage(path=self.path, text=text, encoding=self.encoding, format="xml")
        starts = doc.line_starts()

        def line_at(off: int) -> int:
            return bisect_right(starts, off)

        turn_idx = [i for i, el in enumerate(els) if el.name in names]
        is_turn = set(turn_idx)
        speaking = [i for i in turn_idx if self.speaker(i) is not None]
        speaking_set = set(speaking)
        blocks = self._block_names(speaking, names)
        # the rest of a speech that a change of chair interrupted: its speaker's (``_carried``)
        carry = self._carried(turn_idx, speaking_set)
        speaking_set |= set(carry)

        has_turn = [False] * len(els)
        for i in turn_idx:
            has_turn[i] = True
        for idx in range(len(els) - 1, -1, -1):
            p = els[idx].parent
            if p >= 0 and has_turn[idx]:
                has_turn[p] = True

        holds = [False] * len(els)  # holds a speaking turn (below itself)
        for idx in range(len(els) - 1, -1, -1):
            p = els[idx].parent
            if p >= 0 and (holds[idx] or idx in speaking_set):
                holds[p] = True

        bps: list[Boilerplate] = []

        def add_bp(kind: str, s: int, e: int) -> None:
            raw = text[s:e]
            lead = len(raw) - len(raw.lstrip(WS_CHARS))
            trail = len(raw.rstrip(WS_CHARS))
            if trail > lead:
                a, b = s + lead, s + trail
                bps.append(Boilerplate(kind, text[a:b], self.page, a, b, line_at(a)))

        # milestones: a turn element with no content of its own (``<speaker name="X"/>``)
        # takes the siblings after it, up to the next turn or heading
        # (its turn runs from its end to the start of that sibling: ``reach``)
        # -- only for a name whose speaking elements are mostly empty: an empty <speech> among
        # full ones takes nothing
        owned: dict[int, list[int]] = {}
        reach: dict[int, int] = {}
        empty = []
        for i in speaking:
            el = els[i]
            spk = self.speaker(i)
            if el.closed and el.text - (els[spk.child].text if spk.child is not None else 0) <= 0:
                empty.append(i)
        n_empty = Counter(els[i].name for i in empty)
        n_speaking = Counter(els[i].name for i in speaking)
        for i in empty:
            el = els[i]
            if 2 * n_empty[el.name] < n_speaking[el.name]:
                continue
            sibs = self._siblings(i)
            at = bisect_left(sibs, i)
            run = []
            hi = els[el.parent].ci if el.parent >= 0 else len(text)
            for j in range(at + 1, len(sibs)):
                k = sibs[j]
                if has_turn[k] or _HEADING.search(els[k].name):
                    hi = els[k].s
                    break
                run.append(k)
            owned[i] = run
            reach[i] = hi
        taken = {k for run in owned.values() for k in run}
        tail_taken: set[int] = set()
        procedural_notes: list[str] = []

        turns: list[TurnDraft] = []
        used: Counter = Counter()  # block elements read as paragraphs
        last = -1  # the speaking element of the last turn
        tails = self._tail_candidates(turn_idx, speaking_set)
        for i in sorted(speaking + list(carry) + list(tails)):
            if i in tails:
                # a turn element without a speaker right after a speech: an italic note (an
                # amendment's explanatory statement), then the speaker going on in the first
                # person ("Briefly, the amendment seeks to probe ..."): the speech is theirs
                src = tails[i]
                if last != src or not turns:
                    continue
                scratch: Counter = Counter()
                paras = self._paragraphs(i, self.speaker(src), blocks, speaking_set, owned.get(i), reach, holds,
                                         scratch, line_at)
                lead = 0
                while lead < len(paras) and _italic_only(text[paras[lead].start:paras[lead].end]):
                    lead += 1
                rest = paras[lead:]
                if not lead or not rest or not _FIRST_PERSON.search(rest[0].speech) or any(
                        _italic_only(text[p.start:p.end]) for p in rest):
                    continue
                for p in paras[:lead]:
                    add_bp("procedural", p.start, p.end)
                    procedural_notes.append(p.speech)
                used.update(scratch)
                turns[-1].paragraphs.extend(rest)
                tail_taken.add(i)
                continue
            src = carry.get(i, i)
            spk = self.speaker(src)
            paras = self._paragraphs(i, spk, blocks, speaking_set, owned.get(i), reach, holds, used, line_at)
            if not paras:
                continue
            if i in carry and turns and last == src:
                turns[-1].paragraphs.extend(paras)
                continue
            turns.append(TurnDraft(label=spk.label, speaker=spk.speaker, role=None, outlet=None,
                                   paragraphs=paras, speaker_id=spk.speaker_id, hint=spk.hint))
            last = src

        # everything outside turns
        lca = self._lca(speaking) if speaking else -1
        in_body = [False] * len(els)
        if lca >= 0:
            in_body[lca] = True
            for k in range(lca + 1, len(els)):
                p = els[k].parent
                if p >= 0 and in_body[p]:
                    in_body[k] = True
        headings: list[tuple[int, str]] = []
        procedural: list[str] = list(procedural_notes)
        chair_elements: list[int] = []
        n_procedural = 0
        taken |= tail_taken
        todo = [k for k, x in enumerate(els) if x.parent < 0]
        todo.reverse()
        while todo:
            k = todo.pop()
            el = els[k]
            if k in speaking_set or k in taken:
                continue
            if holds[k]:
                self._direct_text(k, add_bp, procedural, reach)
                todo.extend(reversed(el.children))
                continue
            chair_elements.extend(self._find(k, _CHAIR_ELEMENT))
            if el.text == 0:
                continue  # tags only: markup
            if _HEADING.search(el.name):
                add_bp("heading", el.so, el.ci)
                headings.append((el.s, doc.extract(el.so, el.ci, plain=True)[0]))
            elif k in is_turn:
                n_procedural += 1
                add_bp("procedural", el.so, el.ci)
                procedural.append(doc.extract(el.so, el.ci, plain=True)[0])
            elif in_body[k] and self._is_list(k):
                add_bp("record", el.so, el.ci)  # a division or attendance list: names, not speech
            elif in_body[k]:
                add_bp("procedural", el.so, el.ci)
                if el.text < 2000:
                    procedural.append(doc.extract(el.so, el.ci, plain=True)[0])
            else:
                add_bp("header", el.s, el.e)
                headings.extend((els[h].s, doc.extract(els[h].so, els[h].ci, plain=True)[0])
                                for h in self._find(k, _HEADING) if els[h].text)
        turns, bps = _without_overlaps(turns, bps)
        # markup: whatever is left
        claimed = sorted([(p.start, p.end) for t in turns for p in t.paragraphs] + [(b.start, b.end) for b in bps])
        pos = 0
        for a, b in claimed + [(len(text), len(text))]:
            if a > pos:
                add_bp("markup", pos, a)
            pos = max(pos, b)
        bps.sort(key=lambda b: b.start)
        out.boilerplate = bps
        out.turns = turns

        # page facts
        headings.sort()
        for _, h in headings:
            t = _title_from(h)
            if t:
                out.title = t
                break
        out.date = self._date(speaking, headings)
        chair = self._chair(headings, procedural, chair_elements)
        if not chair:  # turns marked as the chair's (TEI ana="#chair")
            chairs = Counter(t.speaker for t in turns if "chair" in t.hint.lower().split())
            chair = [name for name, _ in chairs.most_common()]
        if chair:
            out.header_fields["chair"] = chair[0]
            if len(chair) > 1:
                out.header_fields["chairs"] = "; ".join(chair)
        if out.title:
            out.kind = hd.kind_from_title(out.title)
        sources = Counter(self.speaker(i).source for i in speaking)
        how = ", ".join(f"{s} ({n})" for s, n in sources.most_common(3))
        tags = ", ".join(f"<{n}>" for n in sorted(names))
        out.notes.append(("xml", None, f"read as XML: {len(turns)} turns in {tags} (speaker from {how}); "
                                       f"{n_procedural} without a speaker kept as procedural text"))
        layout = {"turn_element": main, "turn_elements": ", ".join(sorted(names)), "speaker_from": how,
                  "turns": str(len(turns)), "procedural": str(n_procedural),
                  "paragraph_elements": ", ".join(n for n, _ in used.most_common())}
        if isinstance(getattr(out, "layout", None), dict):
            out.layout.update(layout)
        else:
            out.extra["layout"] = layout
        return out

    def _carried(self, turn_idx: list[int], speaking: set[int]) -> dict[int, int]:
        """Turn elements without a speaker that go on with the speech before them.

        ParlParse (and others) mark a change of chair mid-speech with a heading "[X in the
        Chair]" and give the rest of the speech no speaker. A turn element without a speaker
        is the speaker's before it when nothing but such chair notes stands between them and
        it speaks in the first person ("I want to make ...", "my hon. Friend"); motions,
        amendments and other procedure do not, and stay procedural text.

        Returns
        -------
        dict of int to int
            Turn element -> the speaking element whose speaker it continues.
        """
        doc, els, text = self.doc, self.doc.els, self.text
        out: dict[int, int] = {}
        for a, b in zip(turn_idx, turn_idx[1:]):
            src = out.get(a, a)
            if b in speaking or src not in speaking or els[b].s < els[a].e:
                continue
            gap = " ".join(_TOKEN.sub(" ", text[els[a].e:els[b].s]).split())
            if not _CHAIR_TEXT.search(gap) or _CHAIR_TEXT.sub("", gap).strip(WS_CHARS):
                continue
            if _FIRST_PERSON.search(doc.extract(els[b].so, els[b].ci, plain=True)[0]):
                out[b] = src
        return out

    def _is_list(self, k: int) -> bool:
        """Element ``k`` is a list of names or counts (a division list, the members attending):
        most of its text is in at least five elements of one name, each of at most 12 words."""
        els, text = self.doc.els, self.text
        items: Counter = Counter()
        chars: Counter = Counter()
        stack = list(els[k].children)
        while stack:
            c = stack.pop()
            el = els[c]
            if not el.text:
                continue
            inner = [x for x in el.children if els[x].text]
            if len(inner) >= 2 and el.own < 0.1 * el.text:
                stack.extend(inner)  # a list of items (<mplist> of <mpname>), or a wrapper
            elif len(_TOKEN.sub(" ", text[el.so:el.ci]).split()) <= 12:
                items[el.name] += 1
                chars[el.name] += el.text
            else:
                return False  # prose
        if not items:
            return False
        name, n = items.most_common(1)[0]
        return n >= 5 and chars[name] >= 0.6 * els[k].text

    def _tail_candidates(self, turn_idx: list[int], speaking: set[int]) -> dict[int, int]:
        """Turn elements without a speaker that directly follow a speaking one (nothing but
        white space and tags between them), mapped to it."""
        els, text = self.doc.els, self.text
        out: dict[int, int] = {}
        for a, b in zip(turn_idx, turn_idx[1:]):
            if b in speaking or a not in speaking or els[b].s < els[a].e:
                continue
            if not _TOKEN.sub(" ", text[els[a].e:els[b].s]).strip(WS_CHARS):
                out[b] = a
        return out

    def _lca(self, idxs: list[int]) -> int:
        """The lowest common ancestor of elements (of the first and last in document order)."""
        els = self.doc.els
        a, b = min(idxs), max(idxs)
        chain = set()
        while a >= 0:
            chain.add(a)
            a = els[a].parent
        while b >= 0 and b not in chain:
            b = els[b].parent
        return b

    def _find(self, k: int, rx: re.Pattern) -> list[int]:
        """Element ``k`` and its descendants whose name matches ``rx`` (outermost only)."""
        els = self.doc.els
        out, stack = [], [k]
        while stack:
            c = stack.pop()
            if rx.search(els[c].name):
                out.append(c)
            else:
                stack.extend(els[c].children)
        return out

    def _direct_text(self, k: int, add_bp, texts: list[str], reach: dict[int, int]) -> None:
        """Text directly inside a turn-holding element (between its children): procedural,
        unless it is in the reach of a milestone turn."""
        els, doc = self.doc.els, self.doc
        el = els[k]
        if el.own == 0:
            return
        pos = el.so
        for c in el.children + [None]:
            if c is not None and els[c].s < pos:
                continue
            end = els[c].s if c is not None else el.ci
            if end > pos:
                t = doc.extract(pos, end, plain=True)[0]
                if t:
                    add_bp("procedural", pos, end)
                    texts.append(t)
            if c is not None:
                pos = max(els[c].e, reach.get(c, els[c].e))

    def _block_names(self, speaking: list[int], names: set[str]) -> set[str]:
        """Element names of paragraphs: the known ones and the child name holding most text."""
        els = self.doc.els
        share: Counter = Counter()
        total = 0
        for i in speaking:
            child = self.speaker(i).child
            total += els[i].own
            for c in els[i].children:
                if c == child:
                    continue
                total += els[c].text
                nm = els[c].name
                if nm not in _DIRECTION and nm not in _ITALIC and nm not in names:
                    share[nm] += els[c].text
        out = set(_BLOCK)
        if share:
            nm, t = share.most_common(1)[0]
            if t and t * 10 >= total * 3:
                out.add(nm)
        return out - names

    def _nested_blocks(self, c: int, blocks: set[str]) -> bool:
        """True for a block holding paragraphs: a container (``<div>``, ``<lg>``...) with
        block children, or a block holding a block of its own name (an unclosed ``<P>``)."""
        els = self.doc.els
        name = els[c].name
        n = 0
        for k in els[c].children:
            kn = els[k].name
            if not els[k].text or kn in _CONTAINER_SKIP:
                continue
            if kn == name:
                return True
            if _is_block(kn, blocks):
                n += 1
                if name in _CONTAINER or n >= 2:
                    return True
        return False

    def _paragraphs(self, i: int, spk: _Speaker, blocks: set[str], speaking: set[int], owned: list[int] | None,
                    reach: dict[int, int], holds: list[bool], used: Counter, line_at) -> list[Paragraph]:
        """The paragraphs of turn ``i``: one per block child, one per run of other content."""
        doc, els, text = self.doc, self.doc.els, self.text
        el = els[i]
        units: list[list] = []  # [start, end, speech, directions]
        pending: list[tuple[int, int, tuple[str, ...]]] = []  # directions waiting for a paragraph
        joinable = [False]  # directions may join the last unit
        skip = (els[spk.child].s, els[spk.child].e) if spk.child is not None else None

        def unit(s: int, e: int, is_run: bool) -> None:
            if is_run:
                raw = text[s:e]
                lead = len(raw) - len(raw.lstrip(WS_CHARS))
                trail = len(raw.rstrip(WS_CHARS))
                if trail <= lead:
                    return
                s, e = s + lead, s + trail
            speech, dirs = doc.extract(s, e, skip=skip)
            if speech:
                if pending:  # directions before a paragraph join it
                    s = pending[0][0]
                    dirs = tuple(d for p in pending for d in p[2]) + dirs
                    pending.clear()
                units.append([s, e, speech, dirs])
                joinable[0] = True
            elif dirs:
                if units and joinable[0]:  # directions after a paragraph join it
                    units[-1][1] = e
                    units[-1][3] = units[-1][3] + dirs
                else:
                    pending.append((s, e, dirs))

        def barrier() -> None:
            """Something not ours (a turn within, the speaker element): nothing joins across it."""
            units.extend([s, e, "", ds] for s, e, ds in pending)
            pending.clear()
            joinable[0] = False

        def walk(lo: int, hi: int, children: list[int]) -> None:
            pos = lo
            for c in children:
                ch = els[c]
                if ch.s < pos:
                    continue  # in the reach of a milestone
                if c in speaking or (skip is not None and (ch.s, ch.e) == skip):
                    # a turn within this one (or after an unclosed one), or the speaker element
                    unit(pos, ch.s, True)
                    barrier()
                    pos = max(ch.e, reach.get(c, ch.e))
                elif ((skip is not None and ch.s <= skip[0] < ch.e) or holds[c]
                      or (_is_block(ch.name, blocks) and self._nested_blocks(c, blocks))):
                    # the element holding the speaker element, a turn, or paragraphs: look inside
                    unit(pos, ch.s, True)
                    walk(ch.so, ch.ci, ch.children)
                    pos = ch.e
                elif _is_block(ch.name, blocks) and ch.text:
                    unit(pos, ch.s, True)
                    unit(ch.s, ch.e, False)
                    used[ch.name] += 1
                    pos = ch.e
            unit(pos, hi, True)

        if owned is not None:
            walk(el.e, reach[i], owned)
        else:
            walk(el.so, el.ci, el.children)
        barrier()
        units.sort(key=lambda u: u[0])
        return [Paragraph(raw=text[s:e], speech=sp, directions=ds, page=self.page, start=s, end=e, line=line_at(s))
                for s, e, sp, ds in units]

    # ---- page facts ----------------------------------------------------------------------
    def _date(self, speaking: list[int], headings: list[tuple[int, str]]):
        """The date: a root attribute, the turns' identifiers, header date attributes, a
        heading, the file name."""
        doc, els = self.doc, self.doc.els
        root = max((k for k, el in enumerate(els) if el.parent < 0), key=lambda k: els[k].text)
        for k, v in doc.attr(root).items():
            if _DATE_ATTR.search(_local(k)) or _local(k) == "id":
                d = hd.parse_date(v)
                if d:
                    return d
        # the turns' identifiers: the latest date in each, the most common across turns
        votes: Counter = Counter()
        for i in speaking[:2000]:
            for k, v in doc.attr(i).items():
                if _local(k) in ("id", "url", "href", "eid", "wid", "guid", "source") or _DATE_ATTR.search(_local(k)):
                    found = [d for d in (hd.parse_date(m.group(0)) for m in _ISO_DATE.finditer(v)) if d]
                    if found:
                        votes[max(found)] += 1
                        break
        if votes:
            return votes.most_common(1)[0][0]
        first = min(speaking) if speaking else len(els)
        for k in range(min(first, len(els))):
            tag = self.text[els[k].s:els[k].so].lower()
            if "date" not in tag and "when" not in tag and "day" not in tag:
                continue
            for a, v in doc.attr(k).items():
                if _DATE_ATTR.search(_local(a)):
                    d = hd.parse_date(v)
                    if d:
                        votes[d] += 1
                if _local(a) == "name" and _DATE_ATTR.search(v.lower()) and els[k].text:
                    d = hd.parse_date(doc.extract(els[k].so, els[k].ci, plain=True)[0])
                    if d:
                        votes[d] += 1
            if _DATE_ATTR.search(els[k].name) and 0 < els[k].text < 60:
                d = hd.parse_date(doc.extract(els[k].so, els[k].ci, plain=True)[0])
                if d:
                    votes[d] += 1
        if votes:
            return votes.most_common(1)[0][0]
        for _, h in headings[:5]:
            d = hd.parse_date(h)
            if d:
                return d
        return hd.parse_date(self.path.replace("\\", "/").rsplit("/", 1)[-1])

    def _chair(self, headings: list[tuple[int, str]], procedural: list[str], chair_elements: list[int]) -> list[str]:
        """Who is in the chair: "[X in the Chair]" in headings or procedural text, else the
        attending names of an element named like ``chairmen``."""
        found: list[str] = []
        for t in [h for _, h in headings] + procedural:
            if "hair" not in t:
                continue
            for m in _CHAIR_TEXT.finditer(t):
                name = _HONORIFIC.sub("", " ".join(m.group(1).split())).strip()
                if name and len(name.split()) <= 8 and name not in found:
                    found.append(name)
        if found:
            return found
        doc, els = self.doc, self.doc.els
        for k in chair_elements:
            for c in els[k].children or [k]:
                a = doc.attr(c)
                if any(_local(x) in ("attending", "present") and v.strip().lower() in ("false", "no", "0")
                       for x, v in a.items()):
                    continue
                name = next((" ".join(v.split()) for x, v in a.items()
                             if "name" in _local(x) and _name_like(v)), "")
                if not name and els[c].text:
                    name = _HONORIFIC.sub("", doc.extract(els[c].so, els[c].ci, plain=True)[0])
                if name and len(name.split()) <= 8 and name not in found:
                    found.append(name)
        return found


def _without_overlaps(turns: list[TurnDraft], bps: list[Boilerplate]) -> tuple[list[TurnDraft], list[Boilerplate]]:
    """Paragraphs and boilerplate with no two spans overlapping.

    Malformed markup (an element that is both a speaker element and a turn, turns inside
    turns that never close) can make two readings claim the same text; the span that starts
    first (the longer one at the same start) is kept and the other dropped, so the lossless
    guarantee holds for every input. Well-formed transcripts never lose anything here.
    """
    items: list[tuple[int, int, int, object]] = []
    for t in turns:
        items.extend((p.start, -p.end, 0, p) for p in t.paragraphs)
    items.extend((b.start, -b.end, 1, b) for b in bps)
    items.sort(key=lambda x: (x[0], x[1], x[2]))
    dropped: set[int] = set()
    last = 0
    for s, neg_e, _, obj in items:
        if s < last:
            dropped.add(id(obj))
        else:
            last = -neg_e
    if not dropped:
        return turns, bps
    kept_turns = []
    for t in turns:
        t.paragraphs = [p for p in t.paragraphs if id(p) not in dropped]
        if t.paragraphs:
            kept_turns.append(t)
    return kept_turns, [b for b in bps if id(b) not in dropped]


def _clean_name(name: str) -> str:
    n = " ".join(clean_speech(name).split())
    return n.strip(" :：,;").strip()


def _title_from(heading: str) -> str:
    t = _CHAIR_TEXT.sub(" ", heading)
    t = " ".join(t.split()).strip(" \u2014\u2013-:|")
    return t


def parse_xml(text: str, *, path: str, encoding: str = "utf-8", page: int = 0) -> ParsedPage | None:
    """Parse an XML transcript into turns (one per speaker-bearing turn element) and boilerplate.

    Parameters
    ----------
    text : str
        Source text (decoded, line ends normalized; see :mod:`analysis.parsers.decode` and
        :func:`xml_declared_encoding`).
    path : str
        For messages and provenance; its file name is the last resort for the date.
    encoding : str
        The encoding the text was read as (recorded on the page).
    page : int
        Index of this file among the pages of its transcript.

    Returns
    -------
    ParsedPage or None
        None when the document holds no repeated speaker-bearing turn elements (not a
        transcript, or a layout this reader does not recognize): the caller falls back to
        other readers. Otherwise a page with ``format="xml"``: ``turns`` with ``label``
        (the speaker as written), ``speaker`` (cleaned), ``speaker_id`` and ``hint``,
        ``title``, ``date``, ``header_fields["chair"]`` when known, and ``boilerplate``
        (``heading``, ``procedural``, ``header``, ``markup``).

    Notes
    -----
    Every non-whitespace character of ``text`` lies in exactly one paragraph span or one
    boilerplate span. Never raises on any string; linear time in the length of ``text``.

    Examples
    --------
    >>> page = parse_xml('<debate><speech speakername="Ann Lee"><p>Hello &amp; welcome.</p></speech>'
    ...                  '<speech speakername="Bo Chan"><p>Thanks.</p></speech></debate>', path="x.xml")
    >>> [(t.speaker, t.paragraphs[0].speech) for t in page.turns]
    [('Ann Lee', 'Hello & welcome.'), ('Bo Chan', 'Thanks.')]
    >>> parse_xml("<rss><channel><item><title>News</title></item></channel></rss>", path="feed.xml") is None
    True
    """
    if "<" not in text:
        return None
    return _Reader(text, path, encoding, page).parse()
