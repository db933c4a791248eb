"""Markup in text transcripts: HTML pasted as text, Markdown, YAML front matter.

The text parser never edits the source text (spans must index it). Markup is handled by a
*view*: a string of exactly the same length in which markup characters are replaced by
zero-width spaces (which the parser treats as whitespace and drops from speech), a block
tag such as ``<p>`` or ``<br>`` starts with a line break, and an entity such as ``&amp;``
becomes its character followed by zero-width spaces. The parser finds lines, labels and
paragraphs in the view and slices raw text from the source, so tags inside a paragraph stay
in its ``raw`` text and tags between paragraphs become ``markup`` boilerplate: nothing is
lost.

HTML is tokenized by a small linear-time scanner (tags, comments, declarations, and the
content of script/style elements; entities decoded with :func:`html.unescape`); the
standard library's :class:`html.parser.HTMLParser` is not used because it is quadratic on
hostile input (200,000 unclosed ``<a`` take minutes). Nothing is ever executed. Front
matter is read with
``yaml.safe_load`` (no object construction), keeping only scalar values and lists of
scalars, or with a small ``key: value`` reader when it is not valid YAML.
"""

from __future__ import annotations

import datetime as dt
import html
import re

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
#: Elements whose content is not speech (kept as markup boilerplate): code, navigation,
#: sidebars, icons, buttons, forms and page footers.
_HIDDEN = frozenset("script style noscript template nav aside svg button form select footer".split())


_BLOCK_TAG = re.compile(r"</?(?:html|body|p|div|br|li|td|tr|table|h[1-6])\b", re.I)


def looks_like_html(text: str) -> bool:
    """True if ``text`` is HTML: a doctype or ``<html>``, or three HTML tags, one of them a block.

    A transcript that merely quotes a tag ("the <script> element") is not HTML.

    Examples
    --------
    >>> looks_like_html("<p><b>Q:</b> Why?</p>")
    True
    >>> looks_like_html("<  1  2  3  >")
    False
    >>> looks_like_html("Is <script>alert(1)</script> <b>safe</b>?")
    False
    """
    head = text[:2000].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    n = 0
    block = False
    for m in _HTML_TAG.finditer(text):
        n += 1
        block = block or _BLOCK_TAG.match(m.group(0)) is not None
        if n >= 3 and block:
            return True
    return False


_TAG_START = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:\-]*)")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};?)")


class _Finder:
    """``str.find`` / ``re.search`` from increasing positions, each scan done once.

    A naive scan for the end of every ``<`` costs O(n) per ``<``: quadratic on hostile input
    such as 200,000 unclosed ``<a`` (the standard library's HTMLParser takes minutes on it).
    Positions only move forward, so a result is reused until the scan passes it.
    """

    def __init__(self, text: str, target: str | re.Pattern) -> None:
        self.text, self.target = text, target
        self.found = -2  # not searched yet

    def next(self, pos: int) -> tuple[int, int]:
        """(start, end) of the first occurrence at or after ``pos``, or (-1, -1)."""
        if self.found == -1:
            return -1, -1
        if self.found < pos:
            if isinstance(self.target, str):
                i = self.text.find(self.target, pos)
                self.found, self.end = i, (i + len(self.target) if i >= 0 else -1)
            else:
                m = self.target.search(self.text, pos)
                self.found, self.end = (m.start(), m.end()) if m else (-1, -1)
        return self.found, self.end


def _scan(text: str) -> list[tuple[int, int, str, str]]:
    """Markup constructs of ``text`` as ``(start, end, kind, tag)``, in order, in linear time.

    Kinds: ``start``/``end`` (tags), ``comment``, ``decl`` (``<!DOCTYPE>``, ``<?xml?>``),
    ``hidden`` (the content of script, style... elements). Everything else is text.
    """
    out: list[tuple[int, int, str, str]] = []
    gt, lt = _Finder(text, ">"), _Finder(text, "<")
    comment_end = _Finder(text, "-->")
    closers: dict[str, _Finder] = {}
    pos = 0
    n = len(text)
    while pos < n:
        i = text.find("<", pos)
        if i < 0:
            break
        if text.startswith("<!--", i):
            _, e = comment_end.next(i + 4)
            e = n if e < 0 else e  # an unclosed comment runs to the end, as in browsers
            out.append((i, e, "comment", ""))
            pos = e
            continue
        m = _TAG_START.match(text, i)
        if m is None and not text.startswith(("<!", "<?"), i):
            pos = i + 1
            continue
        g, _ = gt.next(i + 1)
        nxt, _ = lt.next(i + 1)
        if g < 0 or (0 <= nxt < g):  # no '>' before the next '<': text, not a tag
            pos = i + 1
            continue
        e = g + 1
        if m is None:
            out.append((i, e, "decl", ""))
            pos = e
            continue
        tag = m.group(2).lower()
        out.append((i, e, "end" if m.group(1) else "start", tag))
        pos = e
        if not m.group(1) and tag in _HIDDEN and not text[i:e].endswith("/>"):
            finder = closers.setdefault(tag, _Finder(text, re.compile(rf"</{tag}\s*>", re.I)))
            s2, e2 = finder.next(e)
            if s2 < 0:
                out.append((e, n, "hidden", tag))
                pos = n
            else:
                if s2 > e:
                    out.append((e, s2, "hidden", tag))
                out.append((s2, e2, "end", tag))
                pos = e2
    return out


def _mask(segment: str, block: bool) -> str:
    out = re.sub(r"[^\n]", MASK, segment)
    if block and out and out[0] != "\n":
        out = "\n" + out[1:]
    return out


def _unescape(segment: str) -> str:
    """Entities decoded, each padded with zero-width spaces to keep its length."""
    if "&" not in segment:
        return segment

    def one(m: re.Match) -> str:
        raw = m.group(0)
        char = html.unescape(raw)
        if char == raw or len(char) > len(raw):
            return raw
        return char + MASK * (len(raw) - len(char))

    return _ENTITY.sub(one, segment)


def html_view(text: str) -> tuple[str, tuple[int, int] | None]:
    """The view of HTML ``text`` (same length) and the span of its ``<title>`` text.

    Tags are found by a linear scan (a ``<`` followed by a tag name and a ``>`` before the
    next ``<``); the content of ``script``, ``style``, ``noscript``, ``template`` and
    ``nav`` elements is masked too. A stray ``<`` ("3 < 5") stays text.

    Examples
    --------
    >>> view, title = html_view("<title>Weekly briefing</title><p>Q: Tom &amp; Jerry?</p>")
    >>> view.replace(MASK, "")
    '\\nWeekly briefing\\n\\nQ: Tom & Jerry?\\n'
    >>> title
    (7, 22)
    """
    parts: list[str] = []
    pos = 0
    title: tuple[int, int] | None = None
    title_open: int | None = None
    for s, e, kind, tag in _scan(text):
        if s > pos:
            parts.append(_unescape(text[pos:s]))
        if kind == "start" and tag == "title":
            title_open = e
        elif kind == "end" and tag == "title" and title_open is not None and title is None:
            seg = text[title_open:s]
            if seg.strip() and "<" not in seg:
                lead = len(seg) - len(seg.lstrip())
                title = (title_open + lead, title_open + len(seg.rstrip()))
            title_open = None
        parts.append(_mask(text[s:e], kind in ("start", "end") and tag in _BLOCK))
        pos = e
    if pos < len(text):
        parts.append(_unescape(text[pos:]))
    view = "".join(parts)
    if len(view) != len(text):  # never expected; fall back to the text itself
        return text, None
    return view, title


# --------------------------------------------------------------------------- Markdown
_MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+\S", re.M)
_MD_BOLD_LABEL = re.compile(r"^[ \t]*(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__)?[:：]", re.M)
_MD_RULE = re.compile(r"^[ \t]{0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")


def is_rule(line: str) -> bool:
    """A line that is a horizontal rule: three or more ``*``, ``-`` or ``_``, spaces between.

    Examples
    --------
    >>> [is_rule(x) for x in ["***", "* * *", "-----", "--", "*** Note", "---x"]]
    [True, True, True, False, False, False]
    """
    return bool(_MD_RULE.match(line))


def rule_lines(lines: list[str], start: int = 0) -> list[int]:
    """The indices of the lines from ``start`` on that are horizontal rules (:func:`is_rule`)."""
    match = _MD_RULE.match
    return [k for k in range(start, len(lines)) if match(lines[k])]
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
