"""Paragraphs in text without blank lines (parse_text), and integer name-pattern fields
(docvars.integer_variables)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.model import Transcript
from analysis.parsers.decode import WS_CHARS, decode_bytes
from analysis.parsers.docvars import integer_variables
from analysis.parsers.text import parse_text, uncovered

UN = Path("/work/shared/corpora/un_general_debate/TXT")


def _paragraphs(text: str, path: str = "x.txt", **kw):
    out = parse_text(text, path=path, **kw)
    return out, [p for d in out.turns for p in d.paragraphs]


def _spans(paras) -> list[tuple[int, int, int]]:
    return [(p.start, p.end, p.line) for p in paras]


def _assert_lossless(out, text: str) -> None:
    """Every non-whitespace character lies in exactly one paragraph or boilerplate span, and
    each span's raw text is the source text there."""
    spans = [(p.start, p.end, p.raw) for d in out.turns for p in d.paragraphs]
    spans += [(b.start, b.end, b.raw) for b in out.boilerplate]
    for s, e, raw in spans:
        assert text[s:e] == raw
    spans.sort()
    for (_, e1, _), (s2, _, _) in zip(spans, spans[1:]):
        assert e1 <= s2, "spans overlap"
    for a, b in uncovered(out, len(text)):
        assert not text[a:b].strip(WS_CHARS), f"text lost: {text[a:b]!r}"


def _long(words: str, n: int) -> str:
    """A sentence of ``n`` repetitions of ``words``, ending in a full stop."""
    return " ".join([words] * n) + "."


# --- layout (a): one paragraph per line ---------------------------------------------------------

A_LINES = [
    "Allow me first " + _long("to congratulate you on your election", 8),
    "We welcome the new members " + _long("and thank the Secretary-General for his work", 6),
    "I thank you.",
    "Finally " + _long("peace and development go together", 9),
]
A_TEXT = "\n".join(A_LINES) + "\n"


class TestUnwrapped:
    def test_each_sentence_final_line_is_a_paragraph(self):
        out, paras = _paragraphs(A_TEXT)
        assert len(out.turns) == 1
        assert len(paras) == 4
        starts = [A_TEXT.index(x) for x in A_LINES]
        assert _spans(paras) == [(s, s + len(x), k + 1) for k, (s, x) in enumerate(zip(starts, A_LINES))]
        assert [p.speech for p in paras] == A_LINES
        _assert_lossless(out, A_TEXT)

    def test_a_line_not_ending_a_sentence_runs_on(self):
        # a salutation line, and a long line broken after "the" before a lower-case word
        lines = ["Mr. President,", _long("At the outset I would like to thank the President", 5),
                 "The talks held in the", _long("capital of the region brought the parties together", 5)]
        text = "\n".join(lines)
        out, paras = _paragraphs(text)
        assert [p.line for p in paras] == [1, 3]
        assert paras[0].speech == f"{lines[0]} {lines[1]}"
        assert paras[1].end == len(text)
        _assert_lossless(out, text)

    def test_lower_case_after_a_full_stop_is_not_a_new_paragraph(self):
        lines = [_long("The delegation of the U.S", 8)[:-1] + " and the U.K.", "and its partners agreed."]
        text = "\n".join(lines)
        _, paras = _paragraphs(text)
        assert len(paras) == 1


# --- layout (b): hard-wrapped, indented first lines ---------------------------------------------

B_TEXT = (
    "I should like\n"
    "at the outset to congratulate you, Sir, on your election\n"
    "as President of the General Assembly at its sixty-third\n"
    "session. I wish you every success in your mission.\n"
    " I should like also to thank your predecessor, for all\n"
    "of his efforts in the previous session. I should further\n"
    "like to thank the Secretary-General for his efforts to\n"
    "promote and revitalize the role of the United Nations.\n"
    " I need not remind anyone in this Hall, which holds\n"
    "such a high-level assembly, that the primary goal of this\n"
    "Organization is to achieve and maintain world peace.\n"
)


class TestIndented:
    def test_a_paragraph_opens_at_each_indented_line(self):
        out, paras = _paragraphs(B_TEXT)
        assert len(out.turns) == 1
        assert [p.line for p in paras] == [1, 5, 9]
        ends = [B_TEXT.index("mission.") + 8, B_TEXT.index("Nations.") + 8, B_TEXT.index("peace.") + 6]
        starts = [0, B_TEXT.index("I should like also"), B_TEXT.index("I need not")]
        assert _spans(paras) == [(s, e, ln) for s, e, ln in zip(starts, ends, [1, 5, 9])]
        assert paras[1].speech.startswith("I should like also to thank your predecessor, for all of his")
        _assert_lossless(out, B_TEXT)

    def test_indented_line_after_an_unfinished_line_runs_on(self):
        text = B_TEXT.replace("mission.\n", "mission and\n")
        _, paras = _paragraphs(text)
        assert [p.line for p in paras] == [1, 9]

    def test_mostly_indented_block_is_not_split(self):
        text = "".join(" " + x for x in B_TEXT.splitlines(keepends=True))
        _, paras = _paragraphs(text)
        assert len(paras) == 1


# --- hard-wrapped without indentation: a short line ending a sentence ----------------------------

C_TEXT = (
    "I congratulate Ambassador Insanally on his election. I\n"
    "have no doubt that he will conduct our work in a wise\n"
    "and balanced manner, in the same way as his predecessor,\n"
    "the then Minister for Foreign Affairs of Bulgaria.\n"
    "Once again, we welcome the new Member States, the Czech\n"
    "Republic, the Slovak Republic, Monaco, Eritrea and the\n"
    "Principality of Andorra.\n"
    "We also reiterate our gratitude to and support for the\n"
    "Secretary-General, who with clear objectives and great\n"
    "diplomatic efficiency has undertaken the new tasks.\n"
)


class TestShortLine:
    def test_a_short_sentence_final_line_ends_the_paragraph(self):
        out, paras = _paragraphs(C_TEXT)
        # "Principality of Andorra." (24 characters + " We") is short of the 56-character
        # width; "... of Bulgaria." (50 + " Once") is not: the wrapping may have put it there
        assert [p.line for p in paras] == [1, 8]
        assert paras[0].end == C_TEXT.index("Andorra.") + 8
        assert paras[1].start == C_TEXT.index("We also")
        _assert_lossless(out, C_TEXT)

    def test_stray_indentation_does_not_hide_a_short_line(self):
        # a dash lost in conversion leaves spaces at the start of a line inside a sentence:
        # not a paragraph start, and the short line still ends its paragraph
        text = C_TEXT.replace("the then Minister", "  the then Minister")
        out, paras = _paragraphs(text)
        assert [p.line for p in paras] == [1, 8]
        _assert_lossless(out, text)

    def test_short_line_before_lower_case_runs_on(self):
        text = C_TEXT.replace("Principality of Andorra.\nWe also", "Principality of Andorra.\nwe also")
        _, paras = _paragraphs(text)
        assert len(paras) == 1


# --- what stays one paragraph --------------------------------------------------------------------

class TestKeptWhole:
    @pytest.mark.parametrize("text", [
        # blank-line separated paragraphs: unchanged
        "First paragraph, wrapped\nover two lines.\n\nSecond paragraph.\n",
        # a short verse: lines too short for a wrap width
        "Roses are red.\nViolets are blue.\nSugar is sweet.\nAnd so are you.\n",
        # a list whose items end sentences: the next line opens with a dash, not a capital
        "We propose the following measures to the Assembly today:\n- reform of the Security Council.\n"
        "- more aid to the least developed countries.\n- debt relief for the poorest of them.\n",
        # lines of uneven length, none long, none indented: no wrap width to read
        "Because we cannot undo the mistakes of the past.\nBut we can unite for a better future.\n"
        "That is why my country has begun to address its colonial past more thoroughly than ever before "
        "in its history.\n",
    ])
    def test_one_paragraph_per_block(self, text):
        out, paras = _paragraphs(text)
        blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
        assert len(paras) == len(blocks)
        _assert_lossless(out, text)

    def test_markdown_block_is_one_paragraph(self):
        # in Markdown a block of lines is one paragraph whatever its layout; as plain text the
        # same lines are four
        text = "# Speech\n\n" + A_TEXT
        assert len(_paragraphs(text, path="x.md", markup="auto")[1]) == 1
        assert len(_paragraphs(text, path="x.md", markup="none")[1]) == 4


class TestTurns:
    def test_splits_stay_inside_the_labelled_turn(self):
        # a moderator's long lines, the second shaped like a question: still the moderator's
        lines = ["MODERATOR: " + _long("Good morning and welcome to this briefing on the situation", 4),
                 "Is there any question " + _long("from the floor about the statement made this morning", 4)[:-1] + "?",
                 "SMITH: " + _long("Thank you, I have a question about the statement made this morning", 4)]
        text = "\n".join(lines)
        out, paras = _paragraphs(text)
        assert [(d.speaker, len(d.paragraphs)) for d in out.turns] == [("MODERATOR", 2), ("SMITH", 1)]
        assert [p.line for p in paras] == [1, 2, 3]
        _assert_lossless(out, text)

    def test_deterministic(self):
        a, b = _paragraphs(B_TEXT + "\n" + A_TEXT)[1], _paragraphs(B_TEXT + "\n" + A_TEXT)[1]
        assert a == b


# --- real files ----------------------------------------------------------------------------------

def _read(path: Path) -> str:
    return decode_bytes(path.read_bytes(), str(path))[0]


@pytest.mark.skipif(not UN.is_dir(), reason="UN General Debate corpus not available")
class TestUNSpeeches:
    def test_one_paragraph_per_line(self):
        # Session 45: 53 lines, each a paragraph ending in a full stop
        text = _read(UN / "Session 45 - 1990" / "AFG_45_1990.txt")
        out, paras = _paragraphs(text)
        lines = [x for x in text.split("\n") if x.strip(WS_CHARS)]
        assert len(lines) == 53 and len(paras) == 53
        assert [p.raw for p in paras] == [x.strip(WS_CHARS) for x in lines]
        _assert_lossless(out, text)

    def test_indented_paragraphs(self):
        # Session 63: hard-wrapped at ~55 characters; 11 lines open with a space, two of them
        # blank but for it (a page break); the paragraph cut by that page break is joined
        # (its second part keeps its raw text and has no speech of its own)
        text = _read(UN / "Session 63 - 2008" / "QAT_63_2008.txt")
        out, paras = _paragraphs(text)
        assert [p.line for p in paras] == [1, 5, 10, 14, 21, 29, 42, 49, 59, 66]
        assert [bool(p.speech) for p in paras].count(False) == 1 and paras[7].speech == ""
        assert paras[6].speech.endswith("the right of peoples to social " + paras[6].speech.split("social ")[-1])
        assert [b.raw for b in out.boilerplate] == ["17 08-51570"]
        _assert_lossless(out, text)


# --- integer name-pattern fields -------------------------------------------------------------------

def _transcript(i: str, extra: dict) -> Transcript:
    return Transcript(id=i, title="", date=None, source="", url="", kind="", pages=(), turns=(), extra=extra)


class TestIntegerVariables:
    def test_integer_fields_become_int(self):
        ts = [_transcript("a", {"country": "QAT", "session": "63", "year": "2008"}),
              _transcript("b", {"country": "AFG", "session": "45", "year": "1990"})]
        got = integer_variables(ts, ["country", "session", "year"])
        assert [t.extra for t in got] == [{"country": "QAT", "session": 63, "year": 2008},
                                          {"country": "AFG", "session": 45, "year": 1990}]
        assert all(type(t.extra["year"]) is int for t in got)
        assert ts[0].extra["year"] == "2008"  # inputs untouched
        assert [t.id for t in got] == ["a", "b"]

    @pytest.mark.parametrize("values", [
        ["63", "63a"], ["63", ""], ["63", None], ["1.5", "2"], ["63", "٦٣"], ["63", str(2 ** 63)],
    ])
    def test_a_field_not_integer_everywhere_stays_text(self, values):
        ts = [_transcript(str(k), {"session": v} if v is not None else {}) for k, v in enumerate(values)]
        got = integer_variables(ts, ["session"])
        assert [t.extra for t in got] == [t.extra for t in ts]

    def test_signs_and_leading_zeros_as_read_csv(self):
        ts = [_transcript("a", {"n": "-3"}), _transcript("b", {"n": "+007"})]
        assert [t.extra["n"] for t in integer_variables(ts, ["n"])] == [-3, 7]

    def test_only_the_named_fields(self):
        ts = [_transcript("a", {"year": "2008", "region": "12"})]
        assert integer_variables(ts, ["year"])[0].extra == {"year": 2008, "region": "12"}
        assert integer_variables([], ["year"]) == []
