"""Formatting shared by every narrator: numbers, shares, p-values, lists, quoted evidence."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

__all__ = ["Finding", "fmt_int", "fmt_num", "fmt_share", "fmt_p", "join_words", "quote"]


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


def fmt_p(p: float) -> str:
    """A p-value as reported in papers: ``"p < 0.001"`` or ``"p = 0.03"``."""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


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


def _esc(value: object) -> str:
    return html.escape(str(value), quote=False)


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

        Transcript text is HTML-escaped (Jupyter renders HTML inside Markdown, so a
        transcript holding ``<script>`` must show as text).

        Examples
        --------
        >>> ev = pd.DataFrame({"text": ["<script>alert(1)</script> we oppose"], "speaker": ["X"],
        ...                    "transcript_id": ["t1"], "date": [None]})
        >>> print(Finding("Found.", evidence=ev).to_markdown())
        Found.
        <BLANKLINE>
        > “&lt;script&gt;alert(1)&lt;/script&gt; we oppose” — X (t1)
        >>> print(Finding("Found.", evidence=ev.assign(label="Topic 2")).to_markdown())
        Found.
        <BLANKLINE>
        > **Topic 2:** “&lt;script&gt;alert(1)&lt;/script&gt; we oppose” — X (t1)
        """
        lines = [self.text]
        ev = self.evidence.head(max_evidence)
        for _, r in ev.iterrows():
            date = r.get("date")
            when = f", {pd.Timestamp(date):%Y-%m-%d}" if date is not None and not pd.isna(date) else ""
            who = r.get("speaker", "")
            label = r.get("label")
            head = f"**{_esc(label)}:** " if isinstance(label, str) and label else ""
            lines.append(f"> {head}\u201c{_esc(quote(r.get('text', '')))}\u201d \u2014 {_esc(who)} "
                         f"({_esc(r.get('transcript_id', ''))}{when})")
        return "\n\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.text


