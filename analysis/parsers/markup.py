"""Markup in text transcripts: HTML pasted as text, Markdown, YAML front matter.

The text parser never edits the source text (spans must index it). Markup is handled by a
*view*: a string of exactly the same length in which markup characters are replaced by
zero-width spaces (which the parser treats as whitespace and drops from speech), a block
tag such as ``<p>`` or ``<br>`` starts with a line break, and an entity such as ``&amp;``
becomes its character followed by zero-width spaces. The parser finds lines, labels and
paragraphs in the view and slices raw text from the source, so tags inside a paragraph stay
in its ``raw`` text and tags between paragraphs become ``markup`` boilerplate: nothing is
lost.

HTML is tokenized with the standard library's :class:`html.parser.HTMLParser` (which never
executes anything and tolerates broken markup); front matter is read with
``yaml.safe_load`` (no object construction), keeping only scalar values and lists of
scalars, or with a small ``key: value`` reader when it is not valid YAML.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

__all__ = ["looks_like_html", "html_view", "looks_like_markdown", "markdown_view", "front_matter",
           "MASK"]

#: The filler of masked characters: a zero-width space.
MASK = "\u200b"

_HTML_TAG = re.compile(
    r"<(?:!DOCTYPE\s+html|html|head|body|title|meta|p|div|span|br|b|i|em|strong|a\s|li|ul|ol|table|tr|td|th|"
    r"h[1-6]|script|style|section|article|header|footer|nav|blockquote|pre|hr|img|font|center)\b[^<>]{0,2000}>"
    r"|</(?:html|head|body|title|p|div|span|b|i|em|strong|a|li|ul|ol|table|tr|td|th|h[1-6]|script|style|"
    r"section|article|header|footer|nav|blockquote|pre|font|center)\s*>",
    re.I,
)
_BLOCK = frozenset(
    "html head body title p div br h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table thead tbody tfoot tr td th "
    "blockquote pre hr section article header footer nav aside main figure figcaption form address "
    "option select textarea center".split()
)
#: Elements whose content is not speech (kept as markup boilerplate).
_HIDDEN = frozenset("script style noscript template nav".split())


def looks_like_html(text: str) -> bool:
    """True if ``text`` is HTML: a doctype or ``<html>``, or at least three HTML tags.

    Examples
    --------
    >>> looks_like_html("<p><b>Q:</b> Why?</p>")
    True
    >>> looks_like_html("<  1  2  3  >")
    False
    """
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    n = 0
    for _ in _HTML_TAG.finditer(text):
        n += 1
        if n >= 3:
            return True
    return False


class _Scanner(HTMLParser):
    """Records where each construct starts, in source order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.events: list[tuple[tuple[int, int], str, str]] = []

    def _add(self, kind: str, value: str = "") -> None:
        self.events.append((self.getpos(), kind, value))

    def handle_starttag(self, tag, attrs):  # noqa: D102
        self._add("start", tag)

    def handle_startendtag(self, tag, attrs):  # noqa: D102
        self._add("startend", tag)

    def handle_endtag(self, tag):  # noqa: D102
        self._add("end", tag)

    def handle_data(self, data):  # noqa: D102
        self._add("data")

    def handle_entityref(self, name):  # noqa: D102
        self._add("entity")

    def handle_charref(self, name):  # noqa: D102
        self._add("entity")

    def handle_comment(self, data):  # noqa: D102
        self._add("other")

    def handle_decl(self, decl):  # noqa: D102
        self._add("other")

    def handle_pi(self, data):  # noqa: D102
        self._add("other")

    def unknown_decl(self, data):  # noqa: D102
        self._add("other")


def _mask(segment: str, block: bool) -> str:
    out = re.sub(r"[^\n]", MASK, segment)
    if block and out and out[0] != "\n":
        out = "\n" + out[1:]
    return out


def html_view(text: str) -> tuple[str, tuple[int, int] | None]:
    """The view of HTML ``text`` (same length) and the span of its ``<title>`` text.

    Examples
    --------
    >>> view, title = html_view("<title>Weekly briefing</title><p>Q: Tom &amp; Jerry?</p>")
    >>> view.replace(MASK, "")
    '\\nWeekly briefing\\n\\nQ: Tom & Jerry?\\n'
    >>> title
    (7, 22)
    """
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    offsets = [starts[line - 1] + col for (line, col), _, _ in scanner.events]
    offsets.append(len(text))
    parts: list[str] = []
    pos = 0
    hidden = 0
    in_title = False
    title: tuple[int, int] | None = None
    for (_, kind, tag), s, e in zip(scanner.events, offsets, offsets[1:]):
        if s > pos:  # anything the scanner skipped is masked
            parts.append(_mask(text[pos:s], False))
        seg = text[s:e]
        if kind == "data":
            if hidden:
                parts.append(_mask(seg, False))
            else:
                parts.append(seg)
                if in_title and title is None and seg.strip():
                    lead = len(seg) - len(seg.lstrip())
                    title = (s + lead, s + len(seg.rstrip()))
        elif kind == "entity":
            char = html.unescape(seg) if not hidden else seg
            if hidden or len(char) > len(seg) or "\n" in seg:
                parts.append(_mask(seg, False))
            else:
                parts.append(char + MASK * (len(seg) - len(char)))
        else:
            if kind == "start" and tag in _HIDDEN:
                hidden += 1
            elif kind == "end" and tag in _HIDDEN and hidden:
                hidden -= 1
            if tag == "title":
                in_title = kind == "start"
            parts.append(_mask(seg, tag in _BLOCK))
        pos = max(pos, e)
    if pos < len(text):
        parts.append(_mask(text[pos:], False))
    view = "".join(parts)
    if len(view) != len(text):  # never expected; fall back to the text itself
        return text, None
    return view, title


# --------------------------------------------------------------------------- Markdown
_MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+\S", re.M)
_MD_BOLD_LABEL = re.compile(r"^[ \t]*(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__)?[:：]", re.M)
_MD_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^()\s]*)\)")


def looks_like_markdown(text: str, path: str = "") -> bool:
    """True for a ``.md`` file, or text with Markdown headings and bold speaker labels."""
    if path.lower().endswith((".md", ".markdown")):
        return True
    head = text[:200_000]
    return bool(_MD_HEADING.search(head)) and len(_MD_BOLD_LABEL.findall(head)) >= 2


def markdown_view(text: str, lines: list[tuple[int, int, str]], first: int = 0) -> tuple[str, dict[int, str]]:
    """The view of Markdown ``text`` and the lines that are headings or rules.

    Emphasis markers and link syntax are masked; heading marks are masked and the line is
    returned as ``{index: "heading"}``; a horizontal rule as ``{index: "rule"}``. Lines
    before ``first`` (front matter) are left alone.
    """
    chars = list(text)
    aside: dict[int, str] = {}
    for k in range(first, len(lines)):
        s, e, raw = lines[k]
        if _MD_RULE.match(raw):
            aside[k] = "rule"
            continue
        m = _MD_HEADING.match(raw)
        if m:
            aside[k] = "heading"
            a, b = m.span(1)
            chars[s + a:s + b] = MASK * (b - a)
        for m in _MD_LINK.finditer(raw):
            a, b = m.span(0)
            t0, t1 = m.span(1)
            for i in [*range(a, t0), *range(t1, b)]:
                chars[s + i] = MASK
        for m in _MD_EMPHASIS.finditer(raw):
            a, b = m.span(0)
            chars[s + a:s + b] = MASK * (b - a)
    return "".join(chars), aside


# --------------------------------------------------------------------------- front matter
_FM_OPEN = re.compile(r"^\ufeff?---[ \t]*$")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KV = re.compile(r"^\s*([A-Za-z_][\w \-]{0,40}?)\s*:\s*(.*?)\s*$")
_MAX_FM_LINES = 200


def front_matter(lines: list[tuple[int, int, str]]) -> tuple[int, dict, list[tuple[str, int | None, str]]] | None:
    """YAML front matter at the top of a file: ``(n_lines, fields, notes)`` or None.

    ``n_lines`` counts the lines of the block including both ``---`` fences. ``fields``
    maps lower-cased keys to strings, dates or lists of strings; nested mappings are
    dropped with a note.
    """
    k = 0
    while k < len(lines) and not lines[k][2].strip():
        k += 1
    if k >= len(lines) or not _FM_OPEN.match(lines[k][2]):
        return None
    end = None
    for j in range(k + 1, min(len(lines), k + 1 + _MAX_FM_LINES)):
        if _FM_CLOSE.match(lines[j][2]):
            end = j
            break
    if end is None:
        return None
    body = "\n".join(x[2] for x in lines[k + 1:end])
    notes: list[tuple[str, int | None, str]] = []
    data = _yaml(body, k + 2, notes)
    if data is None:
        data = {}
        for j in range(k + 1, end):
            m = _KV.match(lines[j][2])
            if m:
                data[m.group(1)] = m.group(2).strip("'\"")
    fields: dict = {}
    for key, value in data.items():
        key = str(key).strip().lower()
        clean = _scalar(value)
        if clean is None:
            notes.append(("front_matter", k + 1, f"front matter key {key!r} holds a nested structure; ignored"))
            continue
        fields[key] = clean
    return end + 1, fields, notes


def _yaml(body: str, first_line: int, notes: list) -> dict | None:
    try:
        import yaml
    except ImportError:  # pragma: no cover - PyYAML is pinned in requirements.txt
        return None
    try:
        data = yaml.safe_load(body)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first_line + mark.line if mark is not None else first_line
        notes.append(("front_matter", line, f"front matter is not valid YAML ({getattr(exc, 'problem', None) or exc}); "
                                            "read as key: value lines"))
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        notes.append(("front_matter", first_line, "front matter is not a mapping of keys to values; ignored"))
        return {}
    return data


def _scalar(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.date() if isinstance(value, dt.datetime) else value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, list) and all(isinstance(v, (str, int, float, bool)) for v in value):
        return [str(v) for v in value[:100]]
    return None
