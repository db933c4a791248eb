"""Formatting shared by every narrator: numbers, shares, p-values, lists, quoted evidence.

Markdown output escapes what comes from transcripts (:func:`md_text`, :func:`code_span`):
speaker names, terms and passages render as the literal text they are, never as HTML,
links, headings, emphasis or math, in Jupyter and on a code host alike.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Finding", "fmt_int", "fmt_num", "fmt_share", "fmt_p", "join_words", "quote", "md_text", "code_span"]


def fmt_int(n: float) -> str:
    """``12345`` -> ``"12,345"``."""
    return f"{int(round(n)):,}"


def fmt_num(x: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals and thousands separators."""
    return f"{x:,.{digits}f}"


def fmt_share(x: float, digits: int = 0) -> str:
    """``0.237`` -> ``"24%"``; a small non-zero share is ``"<1%"``, not ``"0%"``.

    Examples
    --------
    >>> [fmt_share(x) for x in (0.237, 0.001, 0.0, 0.9996)]
    ['24%', '<1%', '0%', '>99%']
    """
    unit = 10 ** -(digits + 2)
    if 0 < x < unit / 2:
        return f"<{unit:.{digits}%}"
    if 1 - unit / 2 < x < 1:
        return f">{1 - unit:.{digits}%}"
    return f"{x:.{digits}%}"


#: Conventional significance levels a reported p-value is never rounded up to.
_P_LEVELS = (0.01, 0.05, 0.1)


def fmt_p(p: float) -> str:
    """A p-value as reported in papers: ``"p < 0.001"`` or ``"p = 0.03"``.

    Two decimals (three below 0.01), with more digits where rounding would reach a
    conventional level the value is below (0.0498 is "p = 0.0498", not "p = 0.05", which
    would read as not significant at 0.05).

    Examples
    --------
    >>> [fmt_p(p) for p in (0.0004, 0.0061, 0.031, 0.0498, 0.0096, 0.2)]
    ['p < 0.001', 'p = 0.006', 'p = 0.03', 'p = 0.0498', 'p = 0.0096', 'p = 0.20']
    """
    if p < 0.001:
        return "p < 0.001"
    decimals = 3 if p < 0.01 else 2
    while any(p < level <= round(p, decimals) for level in _P_LEVELS) and decimals < 6:
        decimals += 1
    text = f"{p:.{decimals}f}"
    return f"p = {text.rstrip('0') if decimals > (3 if p < 0.01 else 2) else text}"


def join_words(items: Iterable[str], *, quote_items: bool = False, conj: str = "and") -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"`` (optionally each in quotes)."""
    xs = [f"\u201c{x}\u201d" if quote_items else str(x) for x in items]
    if not xs:
        return ""
    if len(xs) == 1:
        return xs[0]
    return ", ".join(xs[:-1]) + f" {conj} " + xs[-1]


def quote(text: str, *, width: int = 220) -> str:
    """A passage shortened to ``width`` characters at a word boundary, with an ellipsis."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[:width].rsplit(" ", 1)[0]
    return cut + " \u2026"


#: White space, controls and line separators: one space in Markdown text (a line break could
#: start a heading, a list or a quote); lone surrogates cannot be written.
_BLANKS = re.compile("[\\s\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]+")
_SURROGATES = re.compile("[\\ud800-\\udfff]")
#: Characters that make Markdown (CommonMark, GitHub's and Jupyter's) constructs anywhere in a
#: line: emphasis, code, links and images, strikethrough, tables, math ($), headings.
_MARKUP = re.compile(r"([\\`*\[\]~|$#]|(?<![^\W_])_|_(?![^\W_]))")
#: HTML: a tag, comment, declaration or autolink starts with < and one of these; an entity with &.
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
#: Block constructs at the start of a line: quote, list item, setext underline, numbered item.
_BLOCK_START = re.compile(r"^(?:([>+\-=])|(\d+)([.)]))")
#: Code spans (a run of backticks, text, the same run), kept by ``md_text(keep_code=True)``.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def _clean(value: object) -> str:
    return _SURROGATES.sub("\ufffd", _BLANKS.sub(" ", str(value))).strip()


def _escape_plain(text: str, keep_strong: bool) -> str:
    parts = text.split("**") if keep_strong else [text]
    out = [_TAG.sub("&lt;", _ENTITY.sub("&amp;", _MARKUP.sub(r"\\\1", p))) for p in parts]
    return "**".join(out)


def md_text(value: object, *, keep_strong: bool = False, keep_code: bool = False) -> str:
    r"""``value`` as Markdown that renders as its literal text.

    Rules: white space and control characters (line breaks included) become one space;
    ``\ ` * [ ] ~ | $ #`` and ``_`` (but inside a word, where it cannot emphasise) are escaped
    with a backslash (no emphasis, code, link, image, strikethrough, table cell, math or
    heading); ``<`` before a letter, ``/``, ``!`` or ``?``
    becomes ``&lt;`` and ``&`` before an entity name ``&amp;`` (no HTML); a ``>``, ``-``,
    ``+``, ``=`` or ``1.`` at the start is escaped (no quote or list). ``keep_strong`` keeps
    ``**`` (the narrators' bold); ``keep_code`` keeps code spans as written (their text
    renders literally anyway).

    Examples
    --------
    >>> print(md_text("<img src=x onerror=alert(1)>"))
    &lt;img src=x onerror=alert(1)>
    >>> print(md_text("[click](javascript:alert(1))"))
    \[click\](javascript:alert(1))
    >>> print(md_text("Evil\n\n# HEADING $5 and $6"))
    Evil \# HEADING \$5 and \$6
    >>> print(md_text("p < 0.001, 3.2 times, R&D"))
    p < 0.001, 3.2 times, R&D
    >>> print(md_text("we **oppose** _it_ in 2019-04-29_t1", keep_strong=True))
    we **oppose** \_it\_ in 2019-04-29_t1
    """
    text = _clean(value)
    if keep_code:
        pieces, last = [], 0
        for m in _CODE_SPAN.finditer(text):
            pieces += [_escape_plain(text[last:m.start()], keep_strong), m.group()]
            last = m.end()
        pieces.append(_escape_plain(text[last:], keep_strong))
        out = "".join(pieces)
    else:
        out = _escape_plain(text, keep_strong)
    return _BLOCK_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", out)


def code_span(text: object) -> str:
    """``text`` as a Markdown code span that shows it whole, backticks included.

    The span is fenced by one backtick more than the longest run of backticks in ``text``
    (padded with a space when ``text`` starts or ends with one), as CommonMark specifies;
    line breaks and control characters become spaces (a blank line would end the span).

    Examples
    --------
    >>> print(code_span("python -m analysis figures --out 'a`b'"))
    ``python -m analysis figures --out 'a`b'``
    >>> print(code_span("`x`"))
    `` `x` ``
    """
    body = _clean(text)
    runs = [len(r) for r in re.findall(r"`+", body)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _esc(value: object) -> str:
    return md_text(value)


@dataclass
class Finding:
    """A sentence and its evidence: counts behind it and source passages to check.

    Attributes
    ----------
    text : str
        The finding in plain English.
    evidence : pandas.DataFrame
        Passages (columns such as ``transcript_id``, ``date``, ``speaker``, ``text``; an
        optional ``label`` says what each passage illustrates, e.g. "Topic 2").
    counts : dict
        The numbers the sentence states.
    """

    text: str
    evidence: pd.DataFrame = field(default_factory=pd.DataFrame)
    counts: dict = field(default_factory=dict)

    def to_markdown(self, *, max_evidence: int = 3) -> str:
        """The sentence, then up to ``max_evidence`` quoted passages with their source.

        The sentence, passages, names and labels are escaped (:func:`md_text`): a
        transcript holding ``<script>``, a link or a heading shows it as text (Jupyter
        renders HTML inside Markdown). The narrators' own bold (``**``) and code spans stay.

        Examples
        --------
        >>> ev = pd.DataFrame({"text": ["<script>alert(1)</script> we oppose"], "speaker": ["X"],
        ...                    "transcript_id": ["t1"], "date": [None]})
        >>> print(Finding("Found.", evidence=ev).to_markdown())
        Found.
        <BLANKLINE>
        > “&lt;script>alert(1)&lt;/script> we oppose” — X (t1)
        >>> print(Finding("Found.", evidence=ev.assign(label="Topic 2")).to_markdown())
        Found.
        <BLANKLINE>
        > **Topic 2:** “&lt;script>alert(1)&lt;/script> we oppose” — X (t1)
        """
        lines = [md_text(self.text, keep_strong=True, keep_code=True)]
        ev = self.evidence.head(max_evidence)
        for _, r in ev.iterrows():
            date = r.get("date")
            when = f", {pd.Timestamp(date):%Y-%m-%d}" if date is not None and not pd.isna(date) else ""
            who = r.get("speaker", "")
            label = r.get("label")
            head = f"**{_esc(label)}:** " if isinstance(label, str) and label else ""
            passage = md_text(quote(r.get("text", "")), keep_strong=True)
            lines.append(f"> {head}\u201c{passage}\u201d \u2014 {_esc(who)} "
                         f"({_esc(r.get('transcript_id', ''))}{when})")
        return "\n\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.text


