"""Page furniture in text extracted from PDF: running headers and footers, page numbers and
time stamps, and paragraphs that a page break cut in two.

Transcripts converted from PDF (press conferences, hearings) repeat a header and a footer
on every page ("June 14, 2023  Chair Powell's Press Conference  FINAL", "Page 3 of 28")
and carry page numbers ("- 12 -", "[Page 537]", a bare "12") and time stamps ("10:35 A.M.
EDT") on lines of their own. Left in the speech, they top keyness and topic lists. The
decoder has already turned form feeds into line breaks, so page breaks are not marked: they
are inferred from the furniture itself.

:func:`furniture_lines` says which lines are furniture, and of what kind;
:func:`joins_across` says after which furniture runs the paragraph goes on (the page break
fell mid-sentence), so that a parser joins the text on either side into one paragraph.

Both functions are pure (no global state, no I/O), deterministic and linear in the size of
the text: every line is looked at a bounded number of times, regular expressions only run on
short lines, and repeated lines are grouped with a dictionary.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import compress, repeat

from .decode import WS_CHARS

__all__ = ["furniture_lines", "joins_across", "RUNNING_HEADER", "PAGE_NUMBER", "TIMESTAMP"]

#: Kinds of furniture line.
RUNNING_HEADER = "running_header"
PAGE_NUMBER = "page_number"
TIMESTAMP = "timestamp"

#: A running header or footer has at most this many words and characters.
_MAX_WORDS = 15
_MAX_CHARS = 160
#: A line must recur this many times to be a running header (fewer when the page count is
#: known and small: see :func:`_min_count`).
_MIN_COUNT = 3
#: "Next to" another furniture line: within this many non-blank lines.
_NEAR = 2
#: Two bare numbers closer than this many lines are a list or a table, not page numbers.
_MIN_PAGE_LINES = 8
#: Regular spacing: at least this many recurrences, a median distance of at least this many
#: lines, and three quarters of the distances within this share of the median.
_REGULAR_MIN = 4
_REGULAR_MIN_GAP = 10
_REGULAR_TOL = 0.1
#: Numbered pages: the number a header starts or ends with grows by 1 or 2 per recurrence,
#: with a steady number of lines per page (within this share of the median).
_PAGED_TOL = 0.25

# --------------------------------------------------------------------------- patterns
_PAGE_RE = re.compile(
    r"""\[{1,2}\s*page\s+[a-z]{0,2}\d+[a-z]?\s*\]{1,2}                # [Page 537], [[Page S537]]
      | (?:page|pg\.?|p\.)\s*(?:\d+|[ivxlc]+)(?:\s*(?:of|/|\|)\s*\d+)?  # Page 3 of 28, Page 3|6, p. 3
      | \d+\s+of\s+\d+                                                # 3 of 28
      | [-\u2010-\u2015]+\s*(?:\d+|[ivxlc]+)\s*[-\u2010-\u2015]+      # - 12 -, -12-, — iv —
      | \d+\s*\|\s*p\s?a\s?g\s?e                                      # 3 | Page, 3 | P a g e
      | p\s?a\s?g\s?e\s*\|\s*\d+                                      # Page | 3
    """,
    re.I | re.X,
)
_BARE_NUMBER_RE = re.compile(r"\d{1,4}")
#: A page number and a long document number, in either order ("17 08-51570", "08-51570 17").
_LONE_FOOTER_RE = re.compile(r"[1-9]\d{0,2} \d{2,4}[-/]\d{4,8}|\d{2,4}[-/]\d{4,8} [1-9]\d{0,2}")
_TIME_RE = re.compile(
    r"""(?P<end>(?i:end)\s+)?
        (?P<open>[\[(])?\s*
        (?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{2})(?::(?P<s>\d{2}))?\s*
        (?P<ampm>(?i:[ap]\.?\s?m\.?))?\s*
        (?P<tz>[A-Z]{1,4}T|GMT|UTC|(?i:local\s+time)|(?i:hrs?\.?)|(?i:h))?\s*
        (?P<close>[\])])?
    """,
    re.X,
)
_CONTINUED_RE = re.compile(
    r"""[\[(\-\u2010-\u2015*\s]*
        (?:(?i:continued|cont'd|cont\u2019d|cont\.)
           (?:\s+(?i:on|from)\s+(?i:the\s+)?(?i:next|previous|following)?\s*(?i:page)?\s*\d*)?
          | MORE | (?i:more))
        [\])\-\u2010-\u2015*\s.]*""",
    re.X,
)
_MONTH_RE = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?", re.I)
_NUMERIC_DATE_RE = re.compile(r"(?<!\d)(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?!\d)")
#: A page reference in a header: "Page 3" at its start or end, "Page 3 of 28" anywhere; not
#: "in clause 8, page 4, line 25" (an amendment cites a page).
_PAGE_TOKEN_RE = re.compile(
    r"^(?:page|pg\.?|p\.)\s*(?:\d+|[ivxlc]+)\b|\b(?:page|pg\.?|p\.)\s*(?:\d+|[ivxlc]+)(?:\s*(?:of|/|\|)\s*\d+)?$"
    r"|\bpage\s+\d+\s*(?:of|/)\s*\d+", re.I)
_DOC_WORD_RE = re.compile(
    r"\b(?:FINAL|DRAFT|CONFIDENTIAL|TRANSCRIPT|UNOFFICIAL|UNCORRECTED|VERBATIM|EMBARGOED|"
    r"PRELIMINARY|UNCLASSIFIED|CLASSIFIED|PROVISIONAL)\b|\u00a9|\(c\)\s*\d{4}|\bcopyright\b|"
    r"\ball rights reserved\b|\bwww\.|https?://|\b[\w-]+\.(?:gov|org|com|int|net|edu)\b", re.I)
_DOC_WORD_CASED = frozenset(
    "final draft confidential transcript unofficial uncorrected verbatim embargoed preliminary "
    "unclassified classified provisional".split())
_DOC_SYMBOL_RE = re.compile(r"\b[A-Z]{1,4}(?:/[A-Z0-9.]+){2,}")
#: A document symbol alone on its line ("A/63/PV.13", "A/75/592/Add.8", "S/2020/1"); one that
#: ends in a full stop or a bracket is cited in running text.
_LONE_SYMBOL_RE = re.compile(r"[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+/[A-Z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?(?<=\d)")
_URL_RE = re.compile(r"\bwww\.|https?://|\b[\w-]+\.(?:gov|org|com|int|net|edu)\b", re.I)
#: "CHAIR SMITH. ...", "MR. JONES. ...", and the congressional "Mr. JONES. ...", "Chairman
#: SMITH. ...", "The CHAIRMAN. ...": title-case words, then a name in capitals and a full stop.
_CAPS_LABEL_RE = re.compile(
    r"(?:(?:MR|MRS|MS|DR|SEN|REP|[A-Z][a-z]{1,12})\.?\s+){0,3}"
    r"[A-Z][A-Z'\u2019\-]+(?:\s+[A-Z][A-Z'\u2019\-]+){0,4}\.\s+\S")
_COLON_LABEL_RE = re.compile(r"[^\s:\d][^:\d]{0,40}?\s*[:\uff1a]\s+\S")
_DIGITS_RE = re.compile(r"\d+")
#: White space that ``str.split`` splits on, but for the space and the line break (none lies
#: above U+3000).
_SPLIT_SPACES = tuple(ch for ch in map(chr, range(0x3001)) if ch.isspace() and ch not in " \n")
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015"
_HAS_DIGIT = re.compile(r"\d").search
_LEAD_NUMBER_RE = re.compile(r"^(\d{1,4})(?=\s)")
_TRAIL_NUMBER_RE = re.compile(r"(?<=\s)(\d{1,4})$")
_LETTER_RE = re.compile(r"[^\W\d_]")
#: A line of a table or a list of numbers: "12", "3.5", "45%", "$1,200", "12  7  1.", "2."
_NUMERIC_RE = re.compile(r"[-+$\u20ac\u00a3]?\d[\d.,]*%?(?:\s+[-+$\u20ac\u00a3]?\d[\d.,]*%?)*")

#: Sentence-final punctuation of speech (after closing quotes and brackets are stripped).
_SPEECH_END = ".?!\u2026\u3002\uff1f\uff01"
_CLOSERS = "\"'\u201d\u2019\u00bb)]"
#: Markdown emphasis around a line ("**Mr President,**").
_EMPHASIS = "*_~` "
#: Abbreviations that end a header line with a full stop without making it a sentence.
_ABBREVIATIONS = frozenset("inc ltd co corp dept govt gov llc plc jr sr no nos vol esq bros intl assn".split())
#: A paragraph ends on one of these (the brief's list, plus the ellipsis and CJK stops).
_PARAGRAPH_END = ".?!:\"\u201d)\u2026\u3002\uff1f\uff01"
#: A line of at least this many words ending in a word is running text cut by the page end.
_WRAPPED_WORDS = 8
#: A line ending on one of these words cannot end a paragraph.
_OPEN_WORDS = frozenset(
    "the a an of to and or nor but in on at by for with from into onto upon about than that which "
    "whose whom who as is are was were be been being has have had will would shall should can could "
    "may might must our their his her its my your this these those very more most not no if".split())


# --------------------------------------------------------------------------- line tests
#: Words after which a document symbol is cited in running text ("... (see" / "A/64/PV.110).").
_CITING_WORDS = frozenset("see document documents symbol cf cf. paragraph resolution".split())


def _cites(lines: Sequence[str], p: int) -> bool:
    """The non-blank line ``p`` ends with a word that a cited document symbol follows."""
    if p < 0 or not isinstance(lines[p], str):
        return False
    words = lines[p].strip(WS_CHARS).split()
    return bool(words) and words[-1].lstrip("(").lower() in _CITING_WORDS


def _is_page_number(s: str) -> bool:
    return bool(_PAGE_RE.fullmatch(s)) and _page_of_ok(s)


def _page_of_ok(s: str) -> bool:
    """'3 of 28' and 'Page 3 of 28': the page is not after the last page."""
    m = re.fullmatch(r"(?:\D*?)(\d+)\s+of\s+(\d+)", s, re.I)
    return m is None or 0 < int(m.group(1)) <= int(m.group(2))


def _is_timestamp(s: str) -> bool:
    m = _TIME_RE.fullmatch(s)
    if m is None:
        return False
    if bool(m.group("open")) != bool(m.group("close")):
        return False
    h, mi = int(m.group("h")), int(m.group("m"))
    if mi > 59 or (m.group("s") is not None and int(m.group("s")) > 59):
        return False
    if m.group("ampm"):
        return 1 <= h <= 12
    if m.group("sep") == ".":
        return False                       # "3.14": a number, not a time
    if m.group("tz") or m.group("end"):
        return h <= 24
    return bool(m.group("open")) and (m.group("s") is not None or h <= 24)


def _is_continued(s: str) -> bool:
    if not _CONTINUED_RE.fullmatch(s):
        return False
    core = s.strip("[]()" + _DASHES + "* .")
    decorated = s[0] in "([*" + _DASHES or s[-1] in ")]*" + _DASHES
    if decorated:
        return True                        # "(continued)", "- more -", "[Cont'd]"
    if core.lower() == "more":
        return s == "MORE"                 # "MORE" at the foot of a page; not "more." or "More"
    # "continued." alone is the tail of a wrapped sentence; "Continued", "cont'd" and
    # "continued on next page" are furniture.
    return "'" in core or "\u2019" in core or " " in core or (s[0].isupper() and not s.endswith("."))


def _has_date(s: str) -> bool:
    if _NUMERIC_DATE_RE.search(s):
        return True
    for m in _MONTH_RE.finditer(s):
        if not m.group(0)[0].isupper():
            continue
        before, after = s[max(0, m.start() - 6):m.start()], s[m.end():m.end() + 6]
        if re.match(r"\s*\d", after) or re.search(r"\d\s*(?:st|nd|rd|th)?\s*$", before):
            return True
    return False


def _strong(s: str) -> bool:
    """Words only a page header or footer carries: a date, a page, a document marker."""
    if _has_date(s) or _PAGE_TOKEN_RE.search(s) or _DOC_SYMBOL_RE.search(s):
        return True
    for m in _DOC_WORD_RE.finditer(s):
        word = m.group(0)
        if word.lower() not in _DOC_WORD_CASED or word.isupper():
            return True
    return False


def _ends_sentence(s: str) -> bool:
    """Ends with speech's sentence-final punctuation (not an abbreviation such as "Inc.")."""
    t = s.rstrip(_CLOSERS + " ")
    if not t or t[-1] not in _SPEECH_END:
        return False
    if t[-1] == ".":
        last = t.split()[-1].rstrip(".").lstrip("(\"'\u201c")
        if last.lower() in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", last):
            return False
    return True


def _starts_with_label(s: str) -> bool:
    if _CAPS_LABEL_RE.match(s):
        return True
    m = _COLON_LABEL_RE.match(s)
    return bool(m) and len(s[:m.end()].split()) <= 5 and s[0].isupper() and not _URL_RE.match(s)


def _is_label_line(s: str) -> bool:
    """A speaker label alone on a line: "MR. SMITH:", "Q:", "CHAIR SMITH."."""
    if len(s) > 60 or len(s.split()) > 6:
        return False
    if s.endswith((":", "\uff1a")):
        return True
    return s.endswith(".") and s[:-1].replace(".", "").replace(" ", "").replace("'", "").isupper()


def _speech_veto(text: str) -> bool:
    """The line reads as speech (or a label, or a stage direction), not as page furniture."""
    text = text.strip(_EMPHASIS) or text
    if _ends_sentence(text) or text.endswith((":", "\uff1a", ",", ";")):
        return True
    if _starts_with_label(text):
        return True
    if text[0] in "([" and text[-1] in ")]":
        return True                        # "(Applause)", "[Laughter]": stage directions
    first = _LETTER_RE.search(text)
    return bool(first) and first.group(0).islower() and not _URL_RE.search(text) and not _strong(text)


def _key(s: str) -> str:
    """Whitespace collapsed (already), digits replaced by a placeholder, case folded, and the
    words taken in any order: "15 08-53122" and "08-53122 16", "28/09/2015 A/70/PV.15" and
    "A/70/PV.15 28/09/2015" (headers mirrored on odd and even pages) are one header."""
    return " ".join(sorted(_DIGITS_RE.sub("#", s).casefold().split()))


def _min_count(pages: int) -> int:
    """At least 3 recurrences, or a third of the pages when few pages are known (never 1)."""
    if pages >= 2:
        return max(2, min(_MIN_COUNT, -(-pages // 3)))
    return _MIN_COUNT


def _titled(text: str) -> bool:
    """Written like a title or a header ("Chair Smith's Press Conference", "GENERAL
    ASSEMBLY"): most words other than "of", "the", "and"... are capitalised. Speech
    ("Yes we can", "Because we believe in human dignity, the United") is not."""
    words = [w for w in text.split() if _LETTER_RE.search(w) and w not in _OPEN_WORDS]
    caps = sum(1 for w in words if (m := _LETTER_RE.search(w)) is not None and m.group(0).isupper())
    return 2 * caps > len(words)


def _regular(occ: Sequence[int]) -> bool:
    """Recurs at regular distances, as a header does on pages of equal length."""
    if len(occ) < _REGULAR_MIN:
        return False
    gaps = sorted(b - a for a, b in zip(occ, occ[1:]))
    med = gaps[len(gaps) // 2]
    if med < _REGULAR_MIN_GAP:
        return False
    close = sum(1 for g in gaps if abs(g - med) <= _REGULAR_TOL * med)
    return 4 * close >= 3 * len(gaps)


def _paged(occ: Sequence[int], texts: Sequence[str | None]) -> bool:
    """The number a recurring line starts or ends with counts pages ("48 General Assembly -
    Forty-eighth session", then "50 General ...", "52 General ..."; "15 08-53122", then
    "08-53122 16"): it grows by 1 or 2 at each recurrence (headers of odd or even pages),
    from 2 or more (a first page has no header), and the number of lines per page is
    steady."""
    if len(occ) < _MIN_COUNT:
        return False
    for rxs in ((_LEAD_NUMBER_RE,), (_TRAIL_NUMBER_RE,), (_LEAD_NUMBER_RE, _TRAIL_NUMBER_RE)):
        values = []
        for j in occ:
            m = None
            for rx in rxs:                 # the page number at the start, the end, or either
                m = m or rx.search(texts[j] or "")
            if m is None:
                break
            values.append(int(m.group(1)))
        else:
            steps = [b - a for a, b in zip(values, values[1:])]
            if values[0] < 2 or any(st not in (1, 2) for st in steps):
                continue
            per = sorted((b - a) / st for a, b, st in zip(occ, occ[1:], steps))
            med = per[len(per) // 2]
            if med >= _REGULAR_MIN_GAP and all(abs(x - med) <= _PAGED_TOL * med for x in per):
                return True
    return False


def _next_page_footer(occ: Sequence[int], texts: Sequence[str | None]) -> bool:
    """Two recurrences of one document code with the numbers of two consecutive pages ("2
    05-51226", then "05-51226 3"): a footer of a file of few pages, which recurs too seldom
    for the other evidence. The code is one token holding a digit and a separator (``-``,
    ``/``, ``.``) and no other word; the page number, at the start or the end, grows by 1
    or 2 (odd and even pages)."""
    if len(occ) != 2:
        return False
    codes, pages = [], []
    for j in occ:
        parts = (texts[j] or "").split()
        if len(parts) != 2:
            return False
        k = 0 if _BARE_NUMBER_RE.fullmatch(parts[0]) else 1 if _BARE_NUMBER_RE.fullmatch(parts[1]) else -1
        if k < 0:
            return False
        code = parts[1 - k]
        if not (_HAS_DIGIT(code) and any(ch in code for ch in "-/.")) or _BARE_NUMBER_RE.fullmatch(code):
            return False
        codes.append(code)
        pages.append(int(parts[k]))
    return codes[0] == codes[1] and pages[0] >= 1 and pages[1] - pages[0] in (1, 2)


# --------------------------------------------------------------------------- API
def furniture_lines(lines: list[str]) -> dict[int, str]:
    """Find the page furniture among the lines of one file's text.

    Parameters
    ----------
    lines : list of str
        The decoded text split on ``"\\n"`` (blank lines are ``""``).

    Returns
    -------
    dict of int to str
        0-based line index -> kind: ``"running_header"`` (a running header or footer, or a
        "(continued)" / "MORE" page-break marker), ``"page_number"`` or ``"timestamp"``. Only
        non-blank lines are ever returned.

    Notes
    -----
    A line is looked at *normalised*: surrounding whitespace stripped, inner whitespace
    collapsed, and (to group recurrences) digits replaced by a placeholder, case folded and
    words taken in any order (a header mirrored on odd and even pages, "12  Title" and
    "Title  13", is one header).

    1. **Page numbers**, even once, when alone on their line: "Page 3", "Page 3 of 28",
       "p. 3", "3 of 28", "- 12 -", "[Page 537]", "[[Page S537]]", "3 | Page". A bare number
       ("12", 1-1899; not a year) is a page number unless it is part of a list or a table:
       another bare number within 8 lines, or a line of numbers ("3.5", "45%", "2.", "12 7")
       just before or after it.
    2. **Time stamps** alone on their line: "10:35 A.M. EDT", "[10:35 a.m.]", "14:05 GMT",
       "[00:01:23]", "END 11:20 A.M. EDT"; a bare "10:35" (a verse, a score) is not one. An
       "END" line next to a time stamp is one too.
    3. **Page-break markers**: "(continued)", "Continued on next page", "cont'd", "(MORE)",
       "MORE" (kind ``"running_header"``).
    4. **Running headers and footers**: a normalised line of at most 15 words and 160
       characters that recurs at least 3 times (or, when 2-6 pages are known from their
       page numbers, in a third of the pages and at least twice), and that

       * does *not* read as speech: it does not end with sentence-final punctuation (". ? !
         ..." after closing quotes and Markdown emphasis; "Inc." or "U.S." do not count) or
         with ": , ;"; it does not start with a speaker label ("CHAIR SMITH. ...", "Mr.
         JONES. ...", "Q: ..."); it is not a stage direction in brackets ("(Applause)"); it
         does not start in lower case (a wrapped line); and most of its recurrences are
         neither preceded by a speaker label on a line of its own nor answer a question
         (previous line ending with "?");
       * and shows positive evidence of being furniture, one of:

         (a) it contains a date, a page reference ("Page 3" at its start or end, "Page 3 of
         28"; not "in clause 8, page 4, line 25"), a document marker ("FINAL", "DRAFT",
         "TRANSCRIPT" in capitals, "Copyright", "\u00a9", a URL) or a document symbol
         ("A/45/PV.5");
         (b) it is written like a title (most words other than "of", "the"... capitalised)
         and recurs at regular distances (4+ recurrences, median distance 10+ lines, three
         quarters of the distances within 10% of the median), as a header on pages of equal
         length does (pdftotext pages differ by a line or two; turns of speech by far more);
         (c) it starts or ends with a page number: the number grows by 1 or 2 at each of its
         3+ recurrences, from 2 or more, with a steady number of lines per page ("48 General
         Assembly - Forty-eighth session", then 50, 52; "15 08-53122", then "08-53122 16");
         (d) at least half of its recurrences (and two) sit within 2 non-blank lines of
         other furniture, or are the first or last line of the file. Evidence (d) is
         re-examined twice after new headers are found, so a header split over several
         lines ("December 13, 2023" / "Chair Smith's Press Conference" / "FINAL") is found
         whole.

       Lines without a letter recur as furniture only when they hold a date or two numbers
       ("09-52179 16"); "***" and "1." never do. A document code with a page number that
       recurs only twice is a footer when the pages are consecutive ("2 05-51226", then
       "05-51226 3": a file of three pages), and even once when it stands alone between blank
       lines with a long document number ("17 08-51570": a file of two pages).

    Repeated speech ("Thank you.", "Yes.", "Next question.", "Go ahead.", a slogan "We will
    never give up!") is vetoed by its punctuation, its labels or its lack of evidence; a
    list of short items or a numbered list ("1.", "2.") has neither recurrences nor page
    numbers. Runs in linear time: regular expressions only see lines of at most 160
    characters, recurrences are grouped in a dictionary, and each evidence pass visits each
    recurrence once, looking at most 2 lines either side.
    """
    n = len(lines)
    if not set(map(type, lines)) <= {str}:
        lines = [raw if isinstance(raw, str) else "" for raw in lines]  # not text: never furniture
    stripped = list(map(str.strip, lines, repeat(WS_CHARS)))
    text = _collapsed(stripped)
    nonblank = list(compress(range(n), stripped))

    def prev_nb(i: int) -> int:
        """The last non-blank line before line ``i`` (-1: none)."""
        k = bisect_left(nonblank, i)
        return nonblank[k - 1] if k else -1

    def next_nb(i: int) -> int:
        """The first non-blank line after line ``i`` (``n``: none)."""
        k = bisect_right(nonblank, i)
        return nonblank[k] if k < len(nonblank) else n

    def blank(i: int) -> bool:
        k = bisect_left(nonblank, i)
        return k == len(nonblank) or nonblank[k] != i

    out: dict[int, str] = {}
    bare: list[int] = []
    short = [i for i, c in enumerate(text) if c is not None and len(c) <= 40]
    for i in short:
        c = text[i]
        if _HAS_DIGIT(c):
            if _is_page_number(c):
                out[i] = PAGE_NUMBER
                continue
            if _is_timestamp(c):
                out[i] = TIMESTAMP
                continue
            if _BARE_NUMBER_RE.fullmatch(c):
                bare.append(i)
                continue
            if _LONE_FOOTER_RE.fullmatch(c) and (i == 0 or blank(i - 1)) and (i == n - 1 or blank(i + 1)):
                out[i] = RUNNING_HEADER    # "17 08-51570" alone: a footer, even once
                continue
            if _LONE_SYMBOL_RE.fullmatch(c) and not _cites(lines, prev_nb(i)):
                out[i] = RUNNING_HEADER    # "A/63/PV.13" alone: the document's symbol, even once
                continue
        elif len(c) <= 16 and c[0] in "-\u2010\u2011\u2012\u2013\u2014\u2015pP" and _is_page_number(c):
            out[i] = PAGE_NUMBER           # "- iv -", "Page iv"
            continue
        if ("ont" in c or "ONT" in c or "ore" in c or "ORE" in c) and _is_continued(c):
            out[i] = RUNNING_HEADER
    for i in short:                        # "END" next to a time stamp (upper case never shortens a line)
        if len(text[i]) <= 3 and text[i].upper() == "END":
            if out.get(prev_nb(i)) == TIMESTAMP or (next_nb(i) < n and out.get(next_nb(i)) == TIMESTAMP):
                out[i] = TIMESTAMP

    def numeric_line(j: int) -> bool:
        c = text[j] if 0 <= j < n else None
        return c is not None and j not in out and len(c) <= 24 and bool(_NUMERIC_RE.fullmatch(c))

    for k, i in enumerate(bare):
        v = int(text[i])                                   # type: ignore[arg-type]
        if v == 0 or v >= 1900 or text[i].startswith("0"):  # type: ignore[union-attr]
            continue
        if (k > 0 and i - bare[k - 1] < _MIN_PAGE_LINES) or (k + 1 < len(bare) and bare[k + 1] - i < _MIN_PAGE_LINES):
            continue
        p, q = prev_nb(i), next_nb(i)
        if numeric_line(p) or numeric_line(q):
            continue
        out[i] = PAGE_NUMBER

    groups = _recurring(text, out)
    pages = sum(1 for kind in out.values() if kind == PAGE_NUMBER)
    min_count = _min_count(pages)

    def answers(j: int) -> bool:
        """The line before j is a speaker label alone, or a question."""
        p = prev_nb(j)
        if p < 0:
            return False
        c = text[p]
        if c is None:                      # a long line: a question ends with "?"
            raw = lines[p]
            return isinstance(raw, str) and raw.rstrip(WS_CHARS).endswith(("?", "\uff1f"))
        return _is_label_line(c) or c.rstrip(_CLOSERS).endswith(("?", "\uff1f"))

    pending: list[tuple[list[int], bool]] = []
    for occ in groups:
        if len(occ) < min_count:
            if _next_page_footer(occ, text):
                for j in occ:
                    out[j] = RUNNING_HEADER
            continue
        first = text[occ[0]]
        assert first is not None
        if _speech_veto(first):
            continue
        if 2 * sum(1 for j in occ if answers(j)) > len(occ):
            continue
        strong = len(occ) >= _MIN_COUNT and (_strong(first) or (_titled(first) and _regular(occ))
                                             or _paged(occ, text))
        pending.append((occ, strong))

    is_furn = set(out)

    def near_furniture(j: int) -> bool:
        if prev_nb(j) < 0 or next_nb(j) >= n:
            return True                    # the first or last line of the file
        p = j
        for _ in range(_NEAR):
            p = prev_nb(p)
            if p < 0:
                break
            if p in is_furn:
                return True
        q = j
        for _ in range(_NEAR):
            q = next_nb(q)
            if q >= n:
                break
            if q in is_furn:
                return True
        return False

    for round_ in range(3):
        accepted, rest = [], []
        for occ, strong in pending:
            ok = round_ == 0 and strong
            if not ok:
                near = sum(1 for j in occ if near_furniture(j))
                ok = near >= 2 and 2 * near >= len(occ)
            (accepted if ok else rest).append((occ, strong))
        if not accepted:
            break
        for occ, _ in accepted:
            for j in occ:
                out[j] = RUNNING_HEADER
                is_furn.add(j)
        pending = rest
    return dict(sorted(out.items()))


def _collapsed(stripped: list[str]) -> list[str | None]:
    """Each line (already stripped of surrounding whitespace) with inner whitespace collapsed,
    for the non-blank lines of at most :data:`_MAX_CHARS` characters (from at most twice as
    many before collapsing); None for the others."""
    joined = "\n".join(stripped)
    if ("  " not in joined and joined.count("\n") == len(stripped) - 1
            and not any(ch in joined for ch in _SPLIT_SPACES)):
        # the only white space is single spaces between words: collapsing changes nothing
        return [s if 0 < len(s) <= _MAX_CHARS else None for s in stripped]
    text = [c if 0 < len(c) <= _MAX_CHARS else None for c in map(" ".join, map(str.split, stripped))]
    limit = _MAX_CHARS * 2
    if stripped and max(map(len, stripped)) > limit:
        for i, s in enumerate(stripped):
            if len(s) > limit:
                text[i] = None
    return text


def _recurring(text: list[str | None], out: dict[int, str]) -> list[list[int]]:
    """Lines of fewer than :data:`_MAX_WORDS` words, not already furniture, grouped by their
    normalised key (:func:`_key`), in the order of first occurrence; only the groups of two
    lines or more (a line seen once is never a running header).

    A line holding a digit has a key only when the key holds a letter, or the line a date,
    or the key two numbers ("09-52179 16"); a line without a digit only when it holds a
    letter ("***" has none). Only the lines whose key may recur (:func:`_maybe_recurring`)
    get a key; the conditions are checked only on lines whose key recurs.
    """
    idx = list(compress(range(len(text)), text))  # a collapsed line is never empty
    if not idx:
        return []
    shown = [text[i] for i in idx]
    maybe = _maybe_recurring(shown)
    keys = {k: _key(shown[k]) for k in maybe}
    seen = Counter(keys.values())
    again = {key for key, count in seen.items() if count > 1}
    if not again:
        return []                          # no key recurs
    recurs = [k for k in maybe if keys[k] in again]
    groups: dict[str, list[int]] = {}
    for k in recurs:
        i, c, key = idx[k], shown[k], keys[k]
        if i in out or c.count(" ") >= _MAX_WORDS:
            continue
        if _HAS_DIGIT(c):
            if not _LETTER_RE.search(key) and not _has_date(c) and key.count("#") < 2:
                continue                   # "09-52179 16" (a document number and a page) may recur
        elif not _LETTER_RE.search(c):
            continue                       # "***", "---"
        groups.setdefault(key, []).append(i)
    return [occ for occ in groups.values() if len(occ) > 1]


def _maybe_recurring(lines: list[str]) -> list[int]:
    """The positions of the ``lines`` (collapsed, non-empty, without line breaks) whose key
    (:func:`_key`) may be another line's: every line whose key recurs, and a few others.

    Each line gets a signature that is a function of its key alone: the sum, over the key's
    characters other than the space and ``#``, of the character's code ``c`` plus
    ``c * c << 16`` plus ``1 << 40`` (modulo 2**64). Lines with equal keys have equal
    signatures, so a line whose signature no other line has has a key no other line has, and
    only lines whose signature recurs need their key. An ASCII line's key is its lower-case
    text with each run of digits made ``#``, words sorted: its signature is summed over the
    bytes of the text, all lines at once. A line with another character gets its signature
    from its text with each run of digits made ``#`` and case folded, as its key is, all such
    lines at once: the key holds the same characters but spaces in another order (a collapsed
    line's only white space is single spaces, and case folding makes no white space), and a
    sum does not depend on the order.
    """
    import numpy as np

    data = np.frombuffer("\n".join(lines).encode("utf-8", "surrogatepass").lower(), dtype=np.uint8)
    starts = np.concatenate(([0], np.flatnonzero(data == 10) + 1))
    signature = np.add.reduceat(_SIGNATURE_OF_BYTE[data], starts)
    other = np.flatnonzero(np.maximum.reduceat(data, starts) > 127).tolist()
    if other:                              # lines with a character beyond ASCII: from their folded text
        folded = _DIGITS_RE.sub("#", "\n".join([lines[k] for k in other])).casefold()
        codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        at = np.concatenate(([0], np.flatnonzero(codes == 10) + 1))
        kept = (codes != 10) & (codes != 32) & (codes != 35)
        signature[other] = np.add.reduceat(_signature_of_codes(codes) * kept, at)
    signature = signature.tolist()
    seen = Counter(signature)
    return [k for k, sig in enumerate(signature) if seen[sig] > 1]


def _signature_of_codes(codes):
    """A character's part of a line's signature (:func:`_maybe_recurring`), of an array of
    code points (uint64; wrapping around)."""
    import numpy as np

    return codes + ((codes * codes) << np.uint64(16)) + np.uint64(1 << 40)


def _signature_table():
    """:func:`_signature_of_codes` of each byte of lower-case ASCII text, 0 for the bytes a
    key does not keep (a line break, the space, ``#``, a digit)."""
    import numpy as np

    table = _signature_of_codes(np.arange(256, dtype=np.uint64))
    table[[10, 32, 35, *range(48, 58)]] = 0
    table.flags.writeable = False
    return table


_SIGNATURE_OF_BYTE = _signature_table()


def joins_across(lines: list[str], furniture: dict[int, str]) -> set[int]:
    """Furniture runs that interrupt a paragraph.

    Parameters
    ----------
    lines : list of str
        The decoded text split on ``"\\n"``.
    furniture : dict of int to str
        Furniture lines, as returned by :func:`furniture_lines`.

    Returns
    -------
    set of int
        For each run of furniture lines (furniture lines with nothing but blank lines
        between them) after which the paragraph continues, the index of the run's last line:
        the text line before the run and the text line after it belong to one paragraph,
        even if blank lines surround the run.

    Notes
    -----
    A run interrupts a paragraph when the last text line before it does not end a
    paragraph (its last character, after spaces, is none of ``. ? ! : " \u201d )``, nor an
    ellipsis or a CJK full stop) and the first text line after it does not start a new turn:
    it starts with a lower-case letter, or the line before ends with a hyphen (a word broken
    across the pages: "inter-" / "national"), a comma, or a word that cannot end a sentence
    ("the", "of", "and", "to"...), or the line before is a line of running text (8 words or
    more, ending in a letter or digit: "... the Office of the United" / "Nations High
    Commissioner"), which a heading, a title or a speaker label is not. A following line that
    starts with a speaker label ("CHAIR SMITH. ...", "Q: ...") always starts a new turn.
    Runs at the start or end of the file join nothing. Linear in the number of lines.
    """
    n = len(lines)
    idx = sorted(i for i in furniture if isinstance(i, int) and 0 <= i < n and _nonblank(lines[i]))
    out: set[int] = set()
    k = 0
    while k < len(idx):
        start = end = idx[k]
        while k + 1 < len(idx) and all(not _nonblank(lines[j]) for j in range(end + 1, idx[k + 1])):
            k += 1
            end = idx[k]
        k += 1
        p = start - 1
        while p >= 0 and not _nonblank(lines[p]):
            p -= 1
        q = end + 1
        while q < n and not _nonblank(lines[q]):
            q += 1
        if p < 0 or q >= n or p in furniture or q in furniture:
            continue
        if _continues(_clean(lines[p]), _clean(lines[q])):
            out.add(end)
    return out


def _nonblank(line: object) -> bool:
    return isinstance(line, str) and bool(line.strip(WS_CHARS))


def _clean(line: str) -> str:
    return line.strip(WS_CHARS)


def _continues(before: str, after: str) -> bool:
    """The paragraph ending in ``before`` goes on in ``after``."""
    if not before or not after or before[-1] in _PARAGRAPH_END:
        return False
    if _starts_with_label(after):
        return False
    head = after.lstrip("\"'\u201c\u2018")
    if head[:1].isalpha() and head[:1].islower():
        return True
    if before.endswith(","):
        return True
    if before.endswith("-") and not before.endswith("--") and len(before) > 1 and before[-2].isalpha():
        return True
    words = before.split()
    if not words:
        return False
    if words[-1].lower() in _OPEN_WORDS:
        return True
    # A wrapped line of running text ("... of the United" / "Nations Panel ...") ending in
    # a word: a heading, a title or a speaker label is shorter.
    return len(words) >= _WRAPPED_WORDS and before[-1].isalnum()
