"""Page furniture (running headers and footers, page numbers, time stamps) in text extracted
from PDF, and paragraphs cut by a page break: :mod:`analysis.parsers.furniture`.

Every text is built here by hand, as pdftotext would give it; the expected line indices are
recorded while the text is built, never read back from the function under test.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.parsers.furniture import (PAGE_NUMBER, RUNNING_HEADER, TIMESTAMP, furniture_lines,
                                        joins_across)

KINDS = {RUNNING_HEADER, PAGE_NUMBER, TIMESTAMP}


class Doc:
    """Lines being built, with the furniture and joins expected of them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.furniture: dict[int, str] = {}
        self.joins: set[int] = set()

    def text(self, *lines: str) -> None:
        self.lines.extend(lines)

    def furn(self, line: str, kind: str = RUNNING_HEADER) -> int:
        self.furniture[len(self.lines)] = kind
        self.lines.append(line)
        return len(self.lines) - 1

    def join_here(self) -> None:
        """The furniture run just written is the one a paragraph continues across."""
        self.joins.add(max(self.furniture))


# --------------------------------------------------------------------------- press conference
ANSWER = [
    "CHAIR SMITH. So, as I mentioned, the Committee decided today to hold the target",
    "range for the federal funds rate steady. We are seeing inflation come down, and",
    "the labor market is coming into better balance. We will keep at it until the job",
    "is done.",
]
QUESTION = [
    "MICHELLE JONES. Thank you. Michelle Jones, Financial Daily. I wanted to ask about",
    "the path of the policy rate next year. How do you read the projections?",
]
SHORT_ANSWER = ["CHAIR SMITH. I would say we are not there yet. But we are making progress."]


def _page_body(doc: Doc, page: int) -> None:
    """Whole paragraphs separated by blank lines; some pages cut a paragraph (see below)."""
    if page == 6:        # continues the sentence cut at the foot of page 5 (lower case)
        doc.text("unchanged at this meeting, and we will look at the data as it comes in.", "")
    if page == 9:        # continues after a comma at the foot of page 8 (capital)
        doc.text("Federal Reserve staff will report on it in January.", "")
    if page == 11:       # a word hyphenated across pages 10 and 11
        doc.text("national developments matter as well.", "")
    for k in range(2 + page % 3):
        doc.text(*QUESTION, "")
        doc.text(*(ANSWER if (k + page) % 2 else SHORT_ANSWER), "")
        doc.text("MICHELLE JONES. Thank you.", "")
        doc.text("Thank you.", "")      # repeated speech, a whole paragraph, no label
    if page == 5:
        doc.text("CHAIR SMITH. So the Committee decided to keep the policy rate")
    elif page == 8:
        doc.text("CHAIR SMITH. We asked the staff for a study of that question,")
    elif page == 10:
        doc.text("CHAIR SMITH. Of course, what happens abroad and inter-")
    else:
        doc.text("CHAIR SMITH. Next question.")
    doc.text("")


def press_conference(header: tuple[str, ...] = ("December 13, 2023  Chair Smith's Press Conference  FINAL",),
                     footer: str = "Page {n} of 12", pages: int = 12) -> Doc:
    doc = Doc()
    for page in range(1, pages + 1):
        for h in header:
            doc.furn(h)
        if page in (6, 9, 11):
            doc.join_here()
        doc.text("")
        _page_body(doc, page)
        doc.furn("                                  " + footer.format(n=page), PAGE_NUMBER)
        doc.text("")
    return doc


@pytest.mark.parametrize("header", [
    ("December 13, 2023  Chair Smith's Press Conference  FINAL",),
    ("December 13, 2023          Chair Smith's Press Conference          FINAL   ",),
    ("Chair Smith's Press Conference",),                                # no date: by its page numbers
    ("December 13, 2023", "Chair Smith's Press Conference", "FINAL"),   # split over three lines
])
def test_press_conference_headers_and_footers(header):
    doc = press_conference(header)
    found = furniture_lines(doc.lines)
    assert found == doc.furniture
    assert joins_across(doc.lines, found) == doc.joins
    assert len(doc.joins) == 3


def test_press_conference_with_bare_page_numbers():
    doc = press_conference(("Chair Smith's Press Conference",), footer="{n}")
    found = furniture_lines(doc.lines)
    assert found == doc.furniture
    assert {doc.lines[i].strip() for i, k in found.items() if k == PAGE_NUMBER} == {str(n) for n in range(1, 13)}
    assert joins_across(doc.lines, found) == doc.joins


def test_press_conference_header_only_found_by_regular_spacing():
    """No page numbers, no date: a header on pages of equal length recurs at regular distances."""
    doc = Doc()
    for page in range(1, 9):
        doc.furn("Chair Smith's Press Conference")
        doc.text("")
        doc.text(*QUESTION, "", *ANSWER, "", "Thank you.", "")
    assert furniture_lines(doc.lines) == doc.furniture


def test_repeated_speech_in_press_conference_is_kept():
    doc = press_conference()
    found = furniture_lines(doc.lines)
    speech = {"Thank you.", "MICHELLE JONES. Thank you.", "CHAIR SMITH. Next question.", *QUESTION, *ANSWER}
    assert not any(doc.lines[i] in speech for i in found)
    assert sum(1 for line in doc.lines if line == "Thank you.") >= 20


def test_short_file_with_known_pages_needs_a_third_of_them():
    """Four pages: a header on two of them, each time next to a page number, is furniture."""
    doc = Doc()
    for page in range(1, 5):
        if page in (2, 4):
            doc.furn("Chair Smith's Press Conference")
        doc.text(*ANSWER, "")
        doc.furn(f"Page {page} of 4", PAGE_NUMBER)
    assert furniture_lines(doc.lines) == doc.furniture


# --------------------------------------------------------------------------- hearing
def hearing(marker: str, where: str, first_page: int = 12, pages: int = 6) -> Doc:
    """A hearing as the Government Publishing Office prints it: "Mr. JONES." labels, a time
    stamp, and a page marker at the top or the foot of each page. The sentence cut at the
    foot of the third page goes on at the top of the fourth."""
    doc = Doc()
    doc.text("    HEARING BEFORE THE COMMITTEE ON THE BUDGET", "")
    doc.furn("[10:35 a.m.]", TIMESTAMP)
    doc.text("")
    for k, page in enumerate(range(first_page, first_page + pages)):
        if where == "top":
            doc.furn(marker.format(n=page), PAGE_NUMBER)
            doc.text("")
        if k == 3:
            doc.text("agencies that serve veterans.", "")
        doc.text("    Chairman SMITH. The committee will come to order. I thank the",
                 "witnesses for being here today to discuss the budget of the Department.",
                 "",
                 "    Mr. JONES. Thank you, Mr. Chairman.",
                 "",
                 "    Chairman SMITH. Thank you.",
                 "",
                 "    Mr. JONES. The request before you reflects the priorities of the",
                 "Department for the coming year, and I will summarize them briefly.",
                 "")
        if k == 2:
            doc.text("    Mr. JONES. The second priority is to modernize the systems of the")
        else:
            doc.text("    Chairman SMITH. Thank you, Mr. Jones.")
        doc.text("")
        if where == "bottom":
            doc.furn(marker.format(n=page), PAGE_NUMBER)
            doc.text("")
    markers = [i for i, k in doc.furniture.items() if k == PAGE_NUMBER]
    doc.joins = {markers[3] if where == "top" else markers[2]}
    return doc


@pytest.mark.parametrize("marker,where", [("[Page {n}]", "top"), ("[[Page S{n}]]", "top"),
                                          ("- {n} -", "bottom"), ("-{n}-", "bottom"),
                                          ("{n}", "bottom"), ("Page {n}", "top")])
def test_hearing_page_markers(marker, where):
    doc = hearing(marker, where)
    found = furniture_lines(doc.lines)
    assert found == doc.furniture
    assert joins_across(doc.lines, found) == doc.joins


# --------------------------------------------------------------------------- briefing
def test_briefing_time_stamps_at_start_and_end():
    doc = Doc()
    doc.text("THE WHITE HOUSE", "", "Office of the Press Secretary", "",
             "PRESS BRIEFING BY PRESS SECRETARY JANE DOE", "", "James S. Brady Press Briefing Room", "")
    doc.furn("10:35 A.M. EDT", TIMESTAMP)
    doc.text("")
    for _ in range(6):
        doc.text("MS. DOE: Good morning, everybody. A few things at the top.", "",
                 "Q Thank you, Jane. On the budget, does the President expect a deal this week?", "",
                 "MS. DOE: We are hopeful. Go ahead.", "", "Q Thank you.", "", "MS. DOE: Go ahead.", "")
    doc.furn("END", TIMESTAMP)
    doc.furn("11:20 A.M. EDT", TIMESTAMP)
    assert furniture_lines(doc.lines) == doc.furniture
    assert joins_across(doc.lines, doc.furniture) == set()


@pytest.mark.parametrize("line", ["END 11:20 A.M. EDT", "  END       11:20 A.M. EDT  ", "[10:35 a.m.]",
                                  "(2:14 p.m.)", "14:05 GMT", "9:02 PM", "[00:01:23]"])
def test_time_stamp_lines(line):
    lines = ["Thank you all for coming.", "", line, "", "We now turn to the next item."]
    assert furniture_lines(lines) == {2: TIMESTAMP}


@pytest.mark.parametrize("line", ["10:35", "3.14", "John 3:16", "The meeting began at 10:35 a.m. EDT.",
                                  "END", "25:00 GMT", "10:75 a.m."])
def test_not_time_stamps(line):
    lines = ["Thank you all for coming.", "", line, "", "We now turn to the next item."]
    assert furniture_lines(lines) == {}


# --------------------------------------------------------------------------- page numbers once
@pytest.mark.parametrize("line", ["Page 3 of 28", "PAGE 3", "p. 3", "3 of 28", "- 12 -", "\u2013 12 \u2013",
                                  "[Page 537]", "[[Page H1234]]", "12", "  12  ", "3 | Page", "Page 3|6",
                                  "- iv -"])
def test_page_number_lines_even_once(line):
    lines = ["We will continue to monitor the situation closely and", "", line, "",
             "respond as needed to developments in the region."]
    assert furniture_lines(lines) == {2: PAGE_NUMBER}
    assert joins_across(lines, {2: PAGE_NUMBER}) == {2}


@pytest.mark.parametrize("line", ["1.", "2018", "0", "12 apples", "Page three", "5 of 3", "3/28", "1,200"])
def test_not_page_numbers(line):
    lines = ["We will continue to monitor the situation closely.", "", line, "",
             "We will respond as needed."]
    assert furniture_lines(lines) == {}


def test_short_file_without_repeats_has_only_explicit_page_numbers():
    doc = Doc()
    doc.text("Remarks by the Minister at the Opening of the Trade Fair", "",
             "Ladies and gentlemen, it is an honour to be with you today. Trade is the", "lifeblood of our",
             "economy, and this fair shows what our producers can do. Our", "")
    doc.furn("- 2 -", PAGE_NUMBER)
    doc.join_here()
    doc.text("", "exporters, large and small, deserve our support.", "", "Thank you.", "")
    doc.furn("Page 2 of 2", PAGE_NUMBER)
    assert furniture_lines(doc.lines) == doc.furniture


# --------------------------------------------------------------------------- negative tests
def test_mfa_style_briefing_with_repeated_thanks_has_no_furniture():
    doc = Doc()
    doc.text("Foreign Ministry Spokesperson's Regular Press Conference on May 11, 2018", "")
    for k in range(20):
        doc.text(f"Q: Regarding the visit you announced, could you give us more details on point {k + 1}?", "",
                 "A: The two sides will exchange views on bilateral relations and issues of common"
                 " interest. We will release information in due course.", "",
                 "Thank you.", "", "Next question please.", "")
        if k % 4 == 0:
            doc.text("Go ahead.", "", "Yes.", "", "Next question.", "", "Go ahead.", "", "Yes.", "",
                     "Next question.", "")
    doc.text("Thank you.", "")
    lines = doc.lines
    assert lines.count("Thank you.") == 21 and lines.count("Next question please.") == 20
    assert furniture_lines(lines) == {}


def test_speech_with_slogans_has_no_furniture():
    lines: list[str] = ["Thank you. Thank you so much.", ""]
    for k in range(7):
        lines += ["My friends, they said we could not do it. They said the factories would close"
                  " and the young would leave." + " And they were wrong." * (k % 3), "",
                  "We will never give up!", "", "Yes we can", ""]
        lines += ["Applause", "(Applause)", ""] if k % 2 else ["", "(APPLAUSE.)", ""]
        lines += ["We will never give up!", ""] * (k % 2)
    assert furniture_lines(lines) == {}


def test_lists_have_no_furniture():
    lines: list[str] = ["Our priorities this year are:", ""]
    for section in ("Trade", "Investment", "Culture"):
        lines += [f"In {section.lower()}, we will focus on the following areas:", ""]
        lines += ["Agriculture", "Energy", "Digital economy", "Infrastructure", "Health", ""]
    lines += ["The steps are:", "1.", "Consult the partners", "2.", "Draft the text", "3.", "Sign it", ""]
    lines += ["1. Consult the partners", "2. Draft the text", "3. Sign it", ""]
    lines += ["Results by year:", "1", "Phase one", "2", "Phase two", "3", "Phase three", ""]
    lines += ["Votes:", "12", "3", "1", "", "Item 1", "Item 2", "Item 3", "Item 4", ""]
    lines += ["Shares:", "", "45%", "", "12", "", "3.5", ""]
    assert furniture_lines(lines) == {}


def test_speaker_labels_on_their_own_lines_are_not_furniture():
    lines: list[str] = []
    sentence = "We have made our position clear on many occasions, and we will do so again."
    for k in range(12):
        lines += ["CHAIR SMITH", "Thank you. The economy continues to grow at a moderate pace.", "",
                  "Hua Chunying:", *[sentence] * [0, 5, 1, 7, 2, 9, 0, 4, 3, 6, 1, 8][k], "",
                  "Moderator", "Next question" if k % 3 else "Go ahead", ""]
    assert furniture_lines(lines) == {}


def test_page_break_markers():
    lines = ["and we will do so.", "", "(continued)", "", "MORE", "", "- more -", "",
             "Continued on next page", "", "continued.", "", "more.", "", "cont'd"]
    assert furniture_lines(lines) == {2: RUNNING_HEADER, 4: RUNNING_HEADER, 6: RUNNING_HEADER,
                                      8: RUNNING_HEADER, 14: RUNNING_HEADER}


def test_headers_numbered_by_page_and_document_number_footers():
    """UN verbatim records: "48 General Assembly - Forty-eighth session" on even pages (the
    page number in the header), "09-52179 17" on odd ones; pages of about 40 lines."""
    doc = Doc()
    wrapped = ["The Government of my country attaches the greatest importance to the work",
               "of the Organization, and we will continue to support its efforts in the",
               "field of development, in particular in the least developed countries."]
    for page in range(47, 54):
        doc.text(*wrapped * (12 + page % 2), "")
        if page % 2 == 0:
            doc.furn(f"{page} General Assembly - Forty-eighth session")
        else:
            doc.furn(f"09-52179 {page}")
        doc.text("")
    assert furniture_lines(doc.lines) == doc.furniture


def test_legislative_amendments_citing_pages_are_not_furniture():
    lines: list[str] = []
    for k, (clause, page, line) in enumerate([(8, 4, 25), (8, 4, 31), (9, 5, 2), (9, 5, 14), (12, 7, 3)]):
        lines += [f"Amendment {20 + k}, in clause {clause}, page {page}, line {line}, at end insert", "",
                  "\u2018(3) The Secretary of State must publish a report.\u2019", "",
                  "Mr. Speaker", "",
                  f"I beg to move amendment {20 + k}. " + "The clause is unclear. " * k, ""]
    assert furniture_lines(lines) == {}


def test_vocatives_without_punctuation_are_not_furniture():
    lines: list[str] = []
    paragraph = "The world has changed since we last met in this Hall, and so must the United Nations."
    for k in range(9):
        lines += ["**Mr President,**", "", "Mr. President", "", "Thank you", "",
                  *[paragraph] * [1, 4, 2, 7, 3, 1, 5, 2, 6][k], ""]
    assert furniture_lines(lines) == {}


# --------------------------------------------------------------------------- joins
@pytest.mark.parametrize("before,after,joined", [
    ("the Committee decided to keep the policy rate", "unchanged at this meeting.", True),
    ("what happens abroad and inter-", "National developments matter.", True),
    ("We asked the staff for a study,", "Federal Reserve staff will report.", True),
    ("We will keep rates where they are for the", "Foreseeable future.", True),
    ("the International Meeting to Review the Implementation of the Programme of Action for",
     "Small Island Developing States was held.", True),
    ("We will keep rates where they are.", "the next step is up to Congress.", False),
    ("He asked:", "what next?", False),
    ('She said "no"', "and left.", False),           # a closing quote may end a sentence
    ('She said "no."', "and left.", False),
    ("(as I said)", "and left.", False),
    ("We asked the staff for a study,", "CHAIR SMITH. Next question.", False),
    ("We asked the staff for a study,", "Q: And the timing?", False),
    ("Introduction", "We now turn to the budget.", False),
    ("Let me be clear --", "MR. JONES. Thank you.", False),
    ("Let me be clear --", "We will act.", False),
    ("\u6211\u4eec\u5c06\u7ee7\u7eed\u52aa\u529b\u3002", "and then", False),
])
def test_joins_across_one_page_break(before, after, joined):
    lines = [before, "", "Page 4 of 9", "", "December 13, 2023  Chair Smith's Press Conference  FINAL", "", after]
    furniture = {2: PAGE_NUMBER, 4: RUNNING_HEADER}
    assert joins_across(lines, furniture) == ({4} if joined else set())


def test_joins_across_runs_and_edges():
    lines = ["Page 1 of 3", "", "the start", "", "- 2 -", "Header", "", "", "continues here", "",
             "ends here.", "Page 3 of 3", ""]
    furniture = {0: PAGE_NUMBER, 4: PAGE_NUMBER, 5: RUNNING_HEADER, 11: PAGE_NUMBER}
    assert joins_across(lines, furniture) == {5}
    assert joins_across(lines, {}) == set()
    assert joins_across([], {3: PAGE_NUMBER}) == set()
    assert joins_across(lines, {99: PAGE_NUMBER, -1: PAGE_NUMBER, 1: PAGE_NUMBER}) == set()


# --------------------------------------------------------------------------- properties
_POOL = ["", " ", "\u00a0", "Thank you.", "Page 3 of 28", "Page 9 of 3", "- 12 -", "12", "1.", "[Page 537]",
         "10:35 A.M. EDT", "END", "(continued)", "MORE", "December 13, 2023  Chair Smith's Press Conference  FINAL",
         "Chair Smith's Press Conference", "CHAIR SMITH. So the Committee", "unchanged at this meeting,",
         "inter-", "Q:", "***", "\u200b", "\ufeff12", "2023", "0", "99999", "A/45/PV.5", "\u6211\u4eec"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_POOL), st.text(max_size=40)), max_size=120))
def test_properties_never_raise_and_only_flag_non_blank_lines(lines):
    found = furniture_lines(lines)
    assert set(found.values()) <= KINDS
    assert all(0 <= i < len(lines) and lines[i].strip() and lines[i].strip("\u200b\ufeff\u2060 \t\n\r\f\v\u00a0")
               for i in found)
    joins = joins_across(lines, found)
    assert joins <= set(found)
    assert furniture_lines(list(lines)) == found          # deterministic
    assert joins_across(lines, found) == joins


WRAPPED = ["The Government of my country attaches the greatest importance to the work",
           "of the Organization, and we will continue to support its efforts in the",
           "field of development, in particular in the least developed countries."]


def test_a_document_number_footer_on_two_consecutive_pages():
    """Found: 960 footers ("2 05-51226", then "05-51226 3") left in the speech of 512 UN
    General Debate speeches of three pages, each recurring only twice. The same code with
    the next page's number is enough."""
    doc = Doc()
    doc.text(*WRAPPED * 8, "")
    doc.furn("2 05-51226")
    doc.text("", *WRAPPED * 10, "")
    doc.furn("05-51226 3")
    doc.text("", *WRAPPED * 4)
    assert furniture_lines(doc.lines) == doc.furniture
    assert joins_across(doc.lines, doc.furniture) == doc.joins


@pytest.mark.parametrize("first, second", [
    ("2 05-51226", "05-51226 5"),     # not the next page
    ("2 05-51226", "05-51227 3"),     # not the same code
    ("12 7", "12 8"),                 # a table row
])
def test_two_number_lines_that_are_not_a_footer(first, second):
    # inside paragraphs, where a footer seen once is not taken either
    doc = Doc()
    doc.text(*WRAPPED * 8, first, *WRAPPED * 10, second, *WRAPPED * 4)
    assert furniture_lines(doc.lines) == {}


def test_a_document_number_footer_seen_once():
    """Found: 74 UN General Debate speeches of two pages keep their one footer ("17
    08-51570") in the speech. A page number and a long document number, alone between blank
    lines, is a footer even once."""
    doc = Doc()
    doc.text(*WRAPPED * 8, "")
    doc.furn("17 08-51570")
    doc.text("", *WRAPPED * 10)
    assert furniture_lines(doc.lines) == doc.furniture


@pytest.mark.parametrize("lines", [
    ["17 08-51570"],                     # inside a paragraph, not alone
    ["", "17 555-12", ""],               # a short number
    ["", "2008 2009-10", ""],            # a year, not a page number
])
def test_number_lines_seen_once_that_are_not_a_footer(lines):
    doc = Doc()
    doc.text(*WRAPPED * 8, *lines, *WRAPPED * 10)
    assert furniture_lines(doc.lines) == {}
