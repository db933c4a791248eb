"""Header and footer lines of text transcripts: breadcrumbs, titles, dates, sources, URLs,
pagination; and facts read from titles (date, spokesperson, kind of event)."""

from __future__ import annotations

import datetime as dt
import re

from .decode import WS_CHARS

__all__ = ["parse_date", "official_in_title", "kind_from_title", "is_breadcrumb", "is_url",
           "is_pagination", "split_source_date", "HEADER_FIELD_RE"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_RU_MONTHS = {m: i for i, m in enumerate(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), start=1)}
_DATE_PATTERNS = (
    ("mdy", re.compile(_MONTH + r"\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})\b", re.I)),
    ("dmy", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.I)),
    ("iso", re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("cjk", re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")),
    ("ru", re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(_RU_MONTHS) + r")\s+(\d{4})", re.I)),
    ("num", re.compile(r"(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d./-])")),
)


def parse_date(text: str) -> dt.date | None:
    """The first calendar date written in ``text``, or None.

    Recognizes "October 21, 2022", "Oct. 21st, 2022", "June11, 2018", "8 July 2022",
    "2022-07-08" (also with a time, "2022-07-08T10:00"), "2022/7/8", "2022年7月8日",
    "8 июля 2022", "08.07.2022" (day first, as written with dots in Europe), and numeric
    dates with slashes when unambiguous ("21/10/2022", "10/21/2022"). A numeric date that
    could be either day or month first ("3/4/2021") is not guessed: None, unless another
    date is written in the text.

    Examples
    --------
    >>> parse_date("China.org.cn | October 21, 2022")
    datetime.date(2022, 10, 21)
    >>> parse_date("Regular Press Conference on June11, 2018")
    datetime.date(2018, 6, 11)
    >>> [parse_date(x) for x in ["2022年10月21日", "21.10.2022", "10/21/2022", "3/4/2021"]]
    [datetime.date(2022, 10, 21), datetime.date(2022, 10, 21), datetime.date(2022, 10, 21), None]
    >>> parse_date("no date here") is None
    True
    """
    if not re.search(r"\d{4}", text):
        return None
    found: list[tuple[int, dt.date]] = []
    for kind, rx in _DATE_PATTERNS:
        for m in rx.finditer(text):
            try:
                if kind == "mdy":
                    d = dt.date(int(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2)))
                elif kind == "dmy":
                    d = dt.date(int(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1)))
                elif kind == "ru":
                    d = dt.date(int(m.group(3)), _RU_MONTHS[m.group(2).lower()], int(m.group(1)))
                elif kind == "num":
                    a, sep, b, y = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
                    if sep == ".":
                        d = dt.date(y, b, a)
                    elif a > 12 >= b:
                        d = dt.date(y, b, a)
                    elif b > 12 >= a:
                        d = dt.date(y, a, b)
                    else:
                        continue  # ambiguous: 3/4/2021 is March 4 or 3 April
                else:
                    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            found.append((m.start(), d))
            break
    return min(found)[1] if found else None


_OFFICIAL_RE = re.compile(
    r"\bSpokes(?:person|man|woman)\s+((?:[A-Z][a-z\-]+\s+){1,2}[A-Z][a-z\-]+)(?:'s|\u2019s|\b)"
)


def official_in_title(title: str) -> str | None:
    """The spokesperson named in a title ("Foreign Ministry Spokesperson Geng Shuang's ...").

    Examples
    --------
    >>> official_in_title("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018")
    'Geng Shuang'

    Chinese titles name the spokesperson after 发言人 and before what they do (主持, 答,
    就, 在, 发表, 表示):

    >>> official_in_title("2019年1月25日外交部发言人华春莹主持例行记者会 — 中华人民共和国外交部")
    '华春莹'
    """
    m = _OFFICIAL_RE.search(title)
    if not m:
        zh = _OFFICIAL_ZH_RE.search(title)
        return zh.group(1) if zh else None
    name = m.group(1)
    return re.sub(r"\s+(?:Regular|Remarks|Press|On|Answers?)$", "", name)


_OFFICIAL_ZH_RE = re.compile(
    r"发言人([\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}(?:[·•・][\u4e00-\u9fff]{1,6}){1,3})"
    r"(?=主持|答|就|在|发表|表示|回答|宣布|介绍)")

_KINDS = (
    ("regular_press_conference", r"regular press conference"),
    ("press_conference", r"press conference|news conference"),
    ("briefing", r"briefing"),
    ("remarks", r"remarks|statement"),
    ("interview", r"interview"),
    ("speech", r"speech|address"),
    ("regular_press_conference", r"例行记者会|例行新闻发布会"),
    ("press_conference", r"记者会|新闻发布会|记者招待会"),
    ("remarks", r"答记者问|发表谈话|表明立场|声明"),
    ("interview", r"采访"),
    ("speech", r"讲话|演讲|致辞"),
)


def kind_from_title(title: str) -> str:
    """A kind of event read from a title; ``"transcript"`` when none is named."""
    low = title.lower()
    for kind, rx in _KINDS:
        if re.search(rx, low):
            return kind
    return "transcript"


_WS = "\\s\u00a0\u200b\u200c\u200d\u2060\ufeff"


def is_breadcrumb(line: str) -> bool:
    """A navigation breadcrumb as on China.org.cn pages: starts with ``ㄑ``."""
    return line.lstrip(WS_CHARS).startswith("\u3111")


def is_url(line: str) -> bool:
    """A line that is only a URL."""
    return bool(re.fullmatch(rf"[{_WS}]*(?:https?://|www\.)\S+[{_WS}]*", line))


def is_pagination(line: str) -> bool:
    """A pagination line such as ``<  1  2  3 ... 11  >`` (any spaces)."""
    s = line.strip(WS_CHARS)
    if not s or not re.search(r"\d", s):
        return False
    if not re.fullmatch(rf"[<>\d{_WS}.\u2026|\-«»‹›]+", s):
        return False
    return ("<" in s or ">" in s or len(re.findall(r"\d+", s)) >= 3)


def split_source_date(line: str) -> tuple[str, dt.date] | None:
    """``"China.org.cn | October 21, 2022"`` -> ``("China.org.cn", date)``; else None."""
    if "|" not in line:
        return None
    head, _, tail = line.rpartition("|")
    d = parse_date(tail)
    if d is None or len(tail.strip()) > 40:
        return None
    return head.strip(WS_CHARS), d


#: ``Title: ...`` / ``Date: ...`` lines in a header.
HEADER_FIELD_RE = re.compile(r"^\s*(title|date|source|url|kind|location|venue|time)\s*:\s*(\S.*?)\s*$", re.I)
