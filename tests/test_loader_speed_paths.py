"""The fast paths of the loader and the parsers give exactly what the plain line-by-line
code gives: page furniture (whole-text keys, recurring lines only, bisected neighbours),
label candidates (a line with no colon and no capital at its start has none) and speech
cleaning (printable text is kept as it is)."""

from __future__ import annotations

import random
import re

import pytest

from analysis.parsers import furniture as fu
from analysis.parsers import text as tx
from analysis.parsers.decode import WS_CHARS


def _reference_furniture_lines(lines: list) -> dict[int, str]:
    """:func:`analysis.parsers.furniture.furniture_lines` as written line by line."""
    n = len(lines)
    text: list[str | None] = [None] * n     # collapsed line, for short non-blank lines only
    blank = bytearray(n)
    for i, raw in enumerate(lines):
        if not isinstance(raw, str):
            raw = ""                       # not text: never furniture
        s = raw.strip(WS_CHARS)
        if not s:
            blank[i] = 1
        elif len(s) <= fu._MAX_CHARS * 2:
            c = " ".join(s.split())
            if c and len(c) <= fu._MAX_CHARS:
                text[i] = c
    prev_nb = [-1] * n
    last = -1
    for i in range(n):
        prev_nb[i] = last
        if not blank[i]:
            last = i
    next_nb = [n] * n
    last = n
    for i in range(n - 1, -1, -1):
        next_nb[i] = last
        if not blank[i]:
            last = i

    out: dict[int, str] = {}
    bare: list[int] = []
    for i in range(n):
        c = text[i]
        if c is None:
            continue
        if len(c) > 40:
            continue
        if fu._HAS_DIGIT(c):
            if fu._is_page_number(c):
                out[i] = fu.PAGE_NUMBER
                continue
            if fu._is_timestamp(c):
                out[i] = fu.TIMESTAMP
                continue
            if fu._BARE_NUMBER_RE.fullmatch(c):
                bare.append(i)
                continue
            if fu._LONE_FOOTER_RE.fullmatch(c) and (i == 0 or blank[i - 1]) and (i == n - 1 or blank[i + 1]):
                out[i] = fu.RUNNING_HEADER    # "17 08-51570" alone: a footer, even once
                continue
            if fu._LONE_SYMBOL_RE.fullmatch(c) and not fu._cites(lines, prev_nb[i]):
                out[i] = fu.RUNNING_HEADER    # "A/63/PV.13" alone: the document's symbol, even once
                continue
        elif len(c) <= 16 and c[0] in "-\u2010\u2011\u2012\u2013\u2014\u2015pP" and fu._is_page_number(c):
            out[i] = fu.PAGE_NUMBER           # "- iv -", "Page iv"
            continue
        if ("ont" in c or "ONT" in c or "ore" in c or "ORE" in c) and fu._is_continued(c):
            out[i] = fu.RUNNING_HEADER
    for i in range(n):                     # "END" next to a time stamp
        if text[i] is not None and text[i].upper() == "END":
            if out.get(prev_nb[i]) == fu.TIMESTAMP or (next_nb[i] < n and out.get(next_nb[i]) == fu.TIMESTAMP):
                out[i] = fu.TIMESTAMP

    def numeric_line(j: int) -> bool:
        c = text[j] if 0 <= j < n else None
        return c is not None and j not in out and len(c) <= 24 and bool(fu._NUMERIC_RE.fullmatch(c))

    for k, i in enumerate(bare):
        v = int(text[i])                                   # type: ignore[arg-type]
        if v == 0 or v >= 1900 or text[i].startswith("0"):  # type: ignore[union-attr]
            continue
        if (k > 0 and i - bare[k - 1] < fu._MIN_PAGE_LINES) or (k + 1 < len(bare) and bare[k + 1] - i < fu._MIN_PAGE_LINES):
            continue
        p, q = prev_nb[i], next_nb[i]
        if numeric_line(p) or numeric_line(q):
            continue
        out[i] = fu.PAGE_NUMBER

    # Recurring short lines, grouped by normalised key (first-seen order: deterministic).
    groups: dict[str, list[int]] = {}
    for i in range(n):
        c = text[i]
        if c is None or i in out or c.count(" ") >= fu._MAX_WORDS:
            continue
        if fu._HAS_DIGIT(c):
            key = fu._key(c)
            if not fu._LETTER_RE.search(key) and not fu._has_date(c) and key.count("#") < 2:
                continue                   # "09-52179 16" (a document number and a page) may recur
        elif fu._LETTER_RE.search(c):
            key = " ".join(sorted(c.casefold().split()))
        else:
            continue                       # "***", "---"
        group = groups.get(key)
        if group is None:
            groups[key] = [i]
        else:
            group.append(i)
    pages = sum(1 for kind in out.values() if kind == fu.PAGE_NUMBER)
    min_count = fu._min_count(pages)

    def answers(j: int) -> bool:
        """The line before j is a speaker label alone, or a question."""
        p = prev_nb[j]
        if p < 0:
            return False
        c = text[p]
        if c is None:                      # a long line: a question ends with "?"
            raw = lines[p]
            return isinstance(raw, str) and raw.rstrip(WS_CHARS).endswith(("?", "\uff1f"))
        return fu._is_label_line(c) or c.rstrip(fu._CLOSERS).endswith(("?", "\uff1f"))

    pending: list[tuple[list[int], bool]] = []
    for occ in groups.values():
        if len(occ) < min_count:
            if fu._next_page_footer(occ, text):
                for j in occ:
                    out[j] = fu.RUNNING_HEADER
            continue
        first = text[occ[0]]
        assert first is not None
        if fu._speech_veto(first):
            continue
        if 2 * sum(1 for j in occ if answers(j)) > len(occ):
            continue
        strong = len(occ) >= fu._MIN_COUNT and (fu._strong(first) or (fu._titled(first) and fu._regular(occ))
                                             or fu._paged(occ, text))
        pending.append((occ, strong))

    is_furn = bytearray(n)
    for i in out:
        is_furn[i] = 1

    def near_furniture(j: int) -> bool:
        if prev_nb[j] < 0 or next_nb[j] >= n:
            return True                    # the first or last line of the file
        p = j
        for _ in range(fu._NEAR):
            p = prev_nb[p]
            if p < 0:
                break
            if is_furn[p]:
                return True
        q = j
        for _ in range(fu._NEAR):
            q = next_nb[q]
            if q >= n:
                break
            if is_furn[q]:
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
                out[j] = fu.RUNNING_HEADER
                is_furn[j] = 1
        pending = rest
    return dict(sorted(out.items()))



def _reference_candidates(line: str) -> list[tuple[str, str, str]]:
    """The candidates as read line by line, with no early exit."""
    out: list[tuple[str, str, str]] = []
    colon = min((i for i in (line.find(":"), line.find("\uff1a")) if i >= 0), default=-1)
    # a label is at most 81 characters before its colon: check that before the regular
    # expression, whose backtracking over a long run of spaces would be slow
    m = tx._LABEL_RE.match(line) if colon > 0 and 0 < len(line[:colon].strip(WS_CHARS)) <= 81 else None
    if m and not re.match(r"^\s*(?:https?|www)\b", line):
        out.append((m.group(1).strip(WS_CHARS), m.group(2), "colon"))
    head = line[:120]
    if "." in head:
        m = tx._CAPS_DOT_RE.match(line)
        if m:
            out.append((m.group(1).strip(), m.group(2), "dot"))
        else:
            m = tx._DOT_NAME_RE.match(line) if len(line) < 2000 else None
            if m is None and len(line) >= 2000:
                m = tx._DOT_NAME_RE.match(line[:200] + " x")
            if m:
                out.append((" ".join(m.group(1).split()), m.group(2) or "", "dot"))
    m = tx._Q_SPACE_RE.match(head)
    if m:
        q = tx._Q_SPACE_RE.match(line)
        sep = head[m.end(1 if m.group(1) else 2):m.start(3)]
        # typographic spacing ("Q" + no-break spaces, a tab, two spaces, a dot) marks a label
        # even once; "Q" + one space only when the file uses it again
        strong = "." in sep or "\t" in sep or "\u00a0" in sep or len(sep) >= 2
        cand = (m.group(1) or m.group(2), q.group(3) if q else "", "q" if strong else "q1")
        # "Q    To Secretary Esper: ..." is a question label, not a speaker named "Q To Secretary Esper"
        if out and out[0][2] == "colon" and re.match(rf"{cand[0]}[{tx._WS}.]", out[0][0]):
            out.insert(0, cand)
        else:
            out.append(cand)
    return out


def _reference_clean_speech(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    return tx._SPEECH_SPACE.sub(" ", tx._SPEECH_DROP.sub("", text)).strip(" ")


#: Hand-written pages: each branch of the furniture detector, and lines that look like it.
PAGES = [
    # running header with a date, page numbers, a time stamp and END
    ["June 14, 2023  Chair Powell's Press Conference  FINAL", "", "CHAIR POWELL. Good afternoon.", "",
     "We will go on.", "- 2 -", "June 14, 2023  Chair Powell's Press Conference  FINAL", "",
     "and so the economy", "Page 3 of 28", "June 14, 2023  Chair Powell's Press Conference  FINAL",
     "10:35 A.M. EDT", "END", "", "[Page 537]", "p. 4", "3 of 28", "29 of 28", "- iv -", "Page iv", "3 | P a g e"],
    # mirrored headers with page numbers, a lone footer, a document symbol, a citation
    ["48 General Assembly - Forty-eighth session", *["speech line number %d goes on" % i for i in range(12)],
     "General Assembly - Forty-eighth session 49", *["more speech %d here" % i for i in range(12)],
     "50 General Assembly - Forty-eighth session", *["and more %d words" % i for i in range(12)],
     "General Assembly - Forty-eighth session 51", "", "17 08-51570", "", "A/63/PV.13", "see document",
     "A/64/PV.110", "(see", "A/64/PV.110"],
    # a footer of a two-page file, a document code twice, numbers in a list or a table
    ["2 05-51226", "text", "text", "", "05-51226 3", "1", "2", "12", "", "x " * 5, "", "45%", "7", "", "3.5",
     *["line %d" % i for i in range(20)], "12", *["line %d" % i for i in range(20)], "1899", "1900", "007", "0"],
    # continued markers and words like them
    ["(continued)", "Continued", "continued.", "cont'd", "Continued on next page", "MORE", "more.", "More",
     "- more -", "[Cont'd]", "(MORE)", "It is more", "CONTINUED", "ONTARIO"],
    # recurring speech is vetoed; recurring titled headers at regular distances are kept
    sum([["GENERAL ASSEMBLY", *["Speech goes on and on line %d." % k for k in range(11)], "Thank you.", "Yes."]
         for _ in range(5)], []),
    # a header split over lines, near other furniture; recurring lines after labels and questions
    sum([["December 13, 2023", "Chair Smith's Press Conference", "FINAL", "Page %d of 9" % (p + 1),
          "Q:", "Next question", "Is it?", "Next question", *["w%d w w w w" % k for k in range(6)]]
         for p in range(4)], []),
    # case, word order and digits make one key; lines without letters; long and very long lines
    ["Report of the Council 12", "council REPORT the of 13", "OF THE COUNCIL REPORT 14", "***", "***", "* * *",
     "1.", "1.", "1.", "09-52179 16", "09-52179 18", "09-52179 20", "x" * 170, "x" * 170, "a   b " * 60,
     "a   b " * 60, "\u0345", "\u0399", "\u03b9", "ß ss", "SS ß", "ss ß", "\u200bheader\u200b", "header",
     "HEADER", "", "\u00a0", "\ufeff", "\t", "end", "End", "10:35", "[10:35 a.m.]", "end", "[00:01:23]",
     "14:05 GMT", "3.14", "END 11:20 A.M. EDT"],
    # not text at all among the lines
    ["Title Line", None, 12, "Title Line", b"Title Line", "Title Line", "", "Title Line"],
    [],
    [""],
    ["only one line"],
]


@pytest.mark.parametrize("lines", PAGES)
def test_furniture_equals_reference(lines):
    assert fu.furniture_lines(list(lines)) == _reference_furniture_lines(list(lines))


def test_furniture_equals_reference_on_random_pages():
    shapes = ["", " ", "Page {n}", "- {n} -", "{n}", "{n} of 9", "10:{n:02d} A.M. EDT", "END", "(continued)",
              "MORE", "The Daily Record  FINAL", "final daily the record", "Daily Record {n}", "{n} Daily Record",
              "A/70/PV.{n}", "{n} 08-51570", "Q:", "Is that so?", "Thank you.", "Yes", "yes",
              "We believe in dignity for all of the", "nations of the world and their people", "GENERAL ASSEMBLY",
              "General  Assembly", "\u00a0General Assembly\u00a0", "Mr. SMITH. I agree.", "***", "12 7 1.",
              "a long line " * 20, "March 3, 2020", "3/4/2020 Report", "Report 3/4/2020", "Ⅻ ⅻ", "٣ of ٩"]
    rng = random.Random(7)
    for _ in range(300):
        lines = [rng.choice(shapes).format(n=rng.randint(0, 40)) for _ in range(rng.randint(0, 120))]
        assert fu.furniture_lines(lines) == _reference_furniture_lines(lines), lines


LINES = ["Q: What is it?", "Q  What", "Q. What", "A. It is.", "A it is", "MR. SMITH. Yes.", "Mr. JONES. No.",
         "Chairman INOUYE.", "The CHAIRMAN. Order.", "CHAIR POWELL. Good afternoon.", "UDI. They have",
         "Speaker: hello", "Secretary Smith: hello", "主持人：请提问。", "问：你好", "赵立坚：你好", "http://x.org: no",
         "www.x.org: no", "we said: nothing", "  \u00a0Mr. Smith: yes", "\u200bQ\u00a0What", "\x00Q. x",
         "lower case line.", "(Applause)", "“Quoted.”", "1. First", "", " ", ":", "：", "a:b", "Q", "A",
         "Q    To Secretary Esper: what", "x" * 3000 + ":", "MR. " + "X" * 2500 + ". y", "Éric: oui",
         "ÉRIC. Oui.", "Ärger. ja", "\tQ. tabbed", "ab\uff1acd: ef", "ab:cd\uff1aef"]


@pytest.mark.parametrize("line", LINES)
def test_candidates_equal_reference(line):
    assert tx._candidates(line) == _reference_candidates(line)


@pytest.mark.parametrize("text", ["plain ascii", "tab\there", "nbsp\u00a0here", " café ", "zero\u200bwidth",
                                  "soft\u00adhyphen", "ctrl\x00\x07 x", "\u3000全角\u3000", "line\u2028sep", "",
                                  " padded ", "é", "\x85next", "\ufeffbom"])
def test_clean_speech_equals_reference(text):
    assert tx.clean_speech(text) == _reference_clean_speech(text)


def test_speech_of_equals_reference():
    lines = ["  a ", "", "\u200b", "b\u00a0", "\t", "c"]
    want = _reference_clean_speech(" ".join(x.strip(WS_CHARS) for x in lines if x.strip(WS_CHARS)))
    assert tx._speech_of(lines) == want


@pytest.mark.parametrize("text", ["", "\n", "a", "a\nbb\n\nccc", "\n\nx\n", "é\r\nü\n"])
def test_lines_equal_reference(text):
    want, pos = [], 0
    for line in text.split("\n"):
        want.append((pos, pos + len(line), line))
        pos += len(line) + 1
    assert tx._lines(text) == want


def test_rule_lines_equal_reference():
    from analysis.parsers import markup as mk

    lines = ["***", "* * *", "-----", "--", "*** Note", "---x", "   ___", "    ---", "\t- - -", "", "text", "-*-"]
    for start in range(len(lines) + 1):
        assert mk.rule_lines(lines, start) == [k for k in range(start, len(lines)) if mk.is_rule(lines[k])]


def test_split_spaces_are_all_white_space_but_space_and_line_break():
    import sys

    assert not [c for c in range(0x3001, sys.maxunicode + 1) if chr(c).isspace()]
    assert set(fu._SPLIT_SPACES) == {chr(c) for c in range(0x3001) if chr(c).isspace()} - {" ", "\n"}


@pytest.mark.parametrize("lines", [["a b", "c  d"], ["a\tb"], ["a\nb", "c"], ["a\u3000b"], ["a\u00a0b", "x"],
                                   ["plain words", "more words"], ["x " * 200], ["a " * 100 + "b"], []])
def test_collapsed_lines_equal_reference(lines):
    want = []
    for s in lines:
        c = " ".join(s.split()) if 0 < len(s) <= 320 else ""
        want.append(c if 0 < len(c) <= 160 else None)
    assert fu._collapsed(lines) == want


def test_guided_blocks_take_every_job_once_biggest_first_in_shrinking_blocks():
    from analysis.loader import _guided_blocks

    rng = random.Random(3)
    for _ in range(2000):
        sizes = [rng.randint(0, 50) for _ in range(rng.randint(1, 30))]
        workers = rng.randint(1, 4)
        blocks = _guided_blocks(sizes, workers)
        flat = [i for block in blocks for i in block]
        assert flat == sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))  # each job once, biggest first
        left = total = sum(sizes)
        for block in blocks:
            got = sum(sizes[i] for i in block)
            assert block and (len(block) == 1 or (got * 2 * workers <= left and got * 8 * workers <= total))
            left -= got
    sizes = [1000] * 4 + [10] * 400
    # at most a sixteenth of 8000 bytes a block: the big jobs alone, then 50 small ones a block
    assert [sum(sizes[i] for i in b) for b in _guided_blocks(sizes, 2)[:6]] == [1000] * 4 + [500] * 2
    # 320 bytes, one worker: 40 a block (an eighth) while that is at most half of what is left
    assert [len(b) for b in _guided_blocks([5] * 64, 1)] == [8] * 7 + [4, 2, 1, 1]


def _reference_note_duplicates(transcripts):
    import dataclasses
    from collections import defaultdict

    from analysis.loader import _content_key
    from analysis.model import Note

    groups = defaultdict(list)
    for i, t in enumerate(transcripts):
        if any(u.text for u in t.turns):
            groups[_content_key(t)].append(i)
    out = list(transcripts)
    for idx in groups.values():
        if len(idx) < 2:
            continue
        for i in idx:
            others = ", ".join(transcripts[j].path for j in idx if j != i)
            note = Note("duplicate", f"has the same speech as {others} (see Corpus.duplicates())", out[i].path, None)
            out[i] = dataclasses.replace(out[i], notes=out[i].notes + (note,))
    return out


def test_duplicates_equal_reference(tmp_path):
    import dataclasses
    import warnings

    from analysis.loader import _note_duplicates, load_corpus

    texts = {"a.txt": "ALICE: Hello there.\n\nBOB: Hi.\n", "b.txt": "ALICE: Hello there.\n\nBOB: Hi.\n",
             "c.txt": "ALICE: Hello there!\n\nBOB: Hi.\n", "d.txt": "ALICE: Hi.\n\nBOB: Hello there.\n",
             "e.txt": "BOBB: Hello there.\n\nALIC: Hi.\n", "f.txt": "ALICE: Hello there.\n\nBOB: Hi.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ts = list(load_corpus(tmp_path, cache=False).transcripts)
    plain = [dataclasses.replace(t, notes=tuple(n for n in t.notes if n.kind != "duplicate")) for t in ts]
    got = _note_duplicates(plain)
    assert got == _reference_note_duplicates(plain)
    assert sum(any(n.kind == "duplicate" for n in t.notes) for t in got) == 3


@pytest.mark.parametrize("speech", ["", "no brackets", "(Applause)", "a (b) c [d] e", "((x))", "[[Page 3]]", "(", ")(",
                                    "(" + "x" * 600 + ")", "(a\nb) (c)", "[a)(b]", "(x)" * 50, "([)]", "( )", "（掌声）(x)",
                                    "[" * 10 + "y]"])
def test_bracketed_equals_finditer(speech):
    got = [(m.start(), m.end(), m.group(0)) for m in tx._bracketed(speech)]
    assert got == [(m.start(), m.end(), m.group(0)) for m in tx._PAREN_RE.finditer(speech)]


def test_word_counts_and_means_are_the_eager_ones():
    from collections import defaultdict

    from analysis.parsers.speakers import _MeanWords, _WordCounts

    texts = ["one two three", "", "  four   five ", "six\nseven\teight nine", "ten"]
    nwords = _WordCounts(texts)
    assert [nwords[i] for i in range(len(texts))] == [len(t.split()) for t in texts]
    by_key = defaultdict(list, {"a": [0, 2], "b": [1], "c": [3, 4, 0]})
    means = _MeanWords(by_key, _WordCounts(texts))
    for key, idx in by_key.items():
        assert means[key] == sum(len(texts[i].split()) for i in idx) / len(idx)
    assert f"{means['c']:.0f}" == "3"
