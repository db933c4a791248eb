"""Tests of analysis.parsers.jsondoc: structured JSON transcripts found by structure.

Hand-written documents in several layouts (counts, speakers, hints, escapes, key order,
null speakers), documents that are not transcripts, invalid JSON, the lossless invariant on
hand-written, generated (hypothesis) and real documents, and the SCOTUS oral arguments of
the generality corpus (skipped when that folder is absent; it is not copied here: CC BY-NC).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import TranscriptFormatError
from analysis.parsers.decode import read_text
from analysis.parsers.header import parse_date
from analysis.parsers.jsondoc import looks_like_json, parse_json
from analysis.parsers.text import ParsedPage, _split_directions, clean_speech
from lossless import page_spans, spans_cover

SCOTUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "generality" / "scotus_oral_arguments_oyez_json"
needs_scotus = pytest.mark.skipif(not (SCOTUS / "files").is_dir(),
                                  reason=f"the SCOTUS oral arguments corpus is not at {SCOTUS}")


def assert_lossless(text: str, page: ParsedPage) -> None:
    """Spans index ``text`` exactly, never overlap, and cover every non-whitespace character."""
    spans_cover(text, page_spans(page))


def speeches(page: ParsedPage) -> list[list[str]]:
    return [[p.speech for p in d.paragraphs] for d in page.turns]


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


# --------------------------------------------------------------------------- layouts
SECTIONS = """{
  "title": "Oral Argument - January 12, 1971",
  "id": 42,
  "transcript": {
    "title": "Smith v. Jones",
    "sections": [
      {"start": 0, "turns": [
        {"start": 0,
         "speaker": {"last_name": "Burger", "ID": 15090, "identifier": "warren_e_burger",
                     "roles": [{"role_title": "Chief Justice of the United States", "type": "scotus_justice"}],
                     "name": "Warren E. Burger", "href": "https://api.example.org/people/warren_e_burger"},
         "text_blocks": [{"text": "We'll hear arguments next in Smith against Jones.", "start": 0, "stop": 4.5},
                         {"text": "Mr. Cox, you may proceed.", "start": 4.5, "stop": 6.0}]},
        {"text_blocks": [{"start": 6.0, "stop": 9.1, "text": "Mr. Chief Justice, may it please the Court."}],
         "stop": 9.1,
         "speaker": {"name": "Archibald Cox", "roles": null, "identifier": "archibald_cox", "ID": 1}}
      ]},
      {"start": 9.1, "turns": [
        {"speaker": null, "text_blocks": [{"text": "[Inaudible]"}]},
        {"speaker": {"identifier": "byron_r_white", "name": "Byron R. White",
                     "roles": [{"role_title": "Associate Justice of the Supreme Court of the United States"}]},
         "text_blocks": [{"text": "Is that right? (Inaudible) I thought not."}, {"text": ""}]}
      ]}
    ]
  }
}
"""

UTTERANCES = '{"utterances": [{"speaker": "A", "text": "Good morning, everyone."}, ' \
             '{"speaker": "B", "text": "Morning. Shall we start?"}, {"speaker": "A", "text": "Yes."}]}'

ROWS = """[
  {"name": "Ann Lee", "content": "Thanks for joining us today."},
  {"name": "Bo Chen", "content": "Happy to be here, thank you."},
  {"name": "Ann Lee", "content": "Let's talk about the budget."},
  {"name": "Bo Chen", "content": ""}
]"""

NESTED = """{
  "meta": {"title": "Budget Hearing", "date": "2021-03-04", "url": "https://example.org/hearing/1",
           "recorder": {"name": "Clerk"}},
  "data": {
    "segments": [
      {"id": "s1", "speaker": {"display_name": "Sen. Ruth Park", "party": "Green", "id": "P7"},
       "words": ["The committee will come to order.", "Our first witness is here."]},
      {"id": "s2", "speaker": {"display_name": "Dr. Omar Haddad", "id": "P9"},
       "words": ["Thank you, Madam Chair."]},
      {"id": "s3", "speaker": {"display_name": "Sen. Ruth Park", "id": "P7"}, "words": ["Please go on."]}
    ]
  }
}"""


class TestLayouts:
    def test_sections_of_turns_with_speaker_objects(self) -> None:
        p = parse_json(SECTIONS, path="arg-t01.json", encoding="utf-8", page=2)
        assert p is not None and p.format == "json" and p.encoding == "utf-8"
        assert p.title == "Oral Argument - January 12, 1971" and p.date == dt.date(1971, 1, 12)
        assert [d.speaker for d in p.turns] == ["Warren E. Burger", "Archibald Cox", "Unknown speaker",
                                                "Byron R. White"]
        assert [d.speaker_id for d in p.turns] == ["warren_e_burger", "archibald_cox", "", "byron_r_white"]
        assert [d.hint for d in p.turns] == ["Chief Justice of the United States", "", "",
                                             "Associate Justice of the Supreme Court of the United States"]
        assert [d.role for d in p.turns] == [None, None, "unknown", None]
        assert speeches(p) == [["We'll hear arguments next in Smith against Jones.", "Mr. Cox, you may proceed."],
                               ["Mr. Chief Justice, may it please the Court."],
                               [""],
                               ["Is that right? I thought not."]]
        assert p.turns[2].paragraphs[0].directions == ("[Inaudible]",)
        assert p.turns[3].paragraphs[0].directions == ("(Inaudible)",)
        para = p.turns[1].paragraphs[0]
        assert para.raw == '"Mr. Chief Justice, may it please the Court."' and para.page == 2
        assert para.line == line_of(SECTIONS, "Mr. Chief Justice")
        assert [b.raw for b in p.boilerplate if b.kind == "metadata"] == ['"Oral Argument - January 12, 1971"']
        assert_lossless(SECTIONS, p)

    def test_utterances_with_string_speakers(self) -> None:
        p = parse_json(UTTERANCES, path="u.json")
        assert [(d.speaker, d.label) for d in p.turns] == [("A", "A"), ("B", "B"), ("A", "A")]
        assert speeches(p) == [["Good morning, everyone."], ["Morning. Shall we start?"], ["Yes."]]
        assert p.title == "" and p.date is None
        assert all(q.line == 1 for d in p.turns for q in d.paragraphs)
        assert_lossless(UTTERANCES, p)

    def test_flat_list_of_rows(self) -> None:
        p = parse_json(ROWS, path="rows.json")
        assert [d.speaker for d in p.turns] == ["Ann Lee", "Bo Chen", "Ann Lee"]  # the empty row is no turn
        assert speeches(p)[2] == ["Let's talk about the budget."]
        assert [d.paragraphs[0].line for d in p.turns] == [2, 3, 4]
        assert_lossless(ROWS, p)

    def test_nested_segments_with_display_names(self) -> None:
        p = parse_json(NESTED, path="n.json")
        assert [d.speaker for d in p.turns] == ["Sen. Ruth Park", "Dr. Omar Haddad", "Sen. Ruth Park"]
        assert [d.speaker_id for d in p.turns] == ["P7", "P9", "P7"]
        assert [d.hint for d in p.turns] == ["Green", "", ""]
        assert [len(d.paragraphs) for d in p.turns] == [2, 1, 1]
        assert (p.title, p.date, p.url) == ("Budget Hearing", dt.date(2021, 3, 4), "https://example.org/hearing/1")
        assert sorted(b.raw for b in p.boilerplate if b.kind == "metadata") == [
            '"2021-03-04"', '"Budget Hearing"', '"https://example.org/hearing/1"']
        assert_lossless(NESTED, p)

    def test_rows_without_speaker_column_are_turns_by_an_unknown_speaker(self) -> None:
        text = '[{"start": 1.0, "text": "Where are you going now?"}, {"start": 2.5, "text": "Home, I think."}]'
        p = parse_json(text, path="subs.json")
        assert [(d.speaker, d.role) for d in p.turns] == [("Unknown speaker", "unknown")] * 2
        assert_lossless(text, p)

    def test_role_and_content_parts_of_chat_messages(self) -> None:
        text = json.dumps({"model": "m", "messages": [
            {"role": "user", "content": [{"type": "text", "text": "What is the capital of France?"}]},
            {"role": "assistant", "content": "Paris is."}]}, indent=2)
        p = parse_json(text, path="chat.json")
        assert [(d.speaker, speeches(p)[i]) for i, d in enumerate(p.turns)] == [
            ("user", ["What is the capital of France?"]), ("assistant", ["Paris is."])]

    def test_speaker_ids_resolved_through_a_roster(self) -> None:
        text = json.dumps({"speakers": [{"id": "S1", "name": "Alice Smith", "title": "Host"},
                                        {"id": "S2", "name": "Bob Jones"}],
                           "turns": [{"speaker_id": "S1", "text": "Welcome to the show, Bob."},
                                     {"speaker_id": "S2", "text": "Glad to be here."}]}, indent=1)
        p = parse_json(text, path="r.json")
        assert [(d.speaker, d.speaker_id, d.hint) for d in p.turns] == [("Alice Smith", "S1", "Host"),
                                                                        ("Bob Jones", "S2", "")]

    def test_word_level_lists_lose_to_utterances(self) -> None:
        words = [{"text": w, "speaker": "A" if i < 3 else "B"}
                 for i, w in enumerate("Hi there you. Fine thanks.".split())]
        text = json.dumps({"text": "Hi there you. Fine thanks.", "words": words,
                           "utterances": [{"speaker": "A", "text": "Hi there you.", "words": words[:3]},
                                          {"speaker": "B", "text": "Fine thanks.", "words": words[3:]}]}, indent=2)
        p = parse_json(text, path="stt.json")
        assert [(d.speaker, speeches(p)[i]) for i, d in enumerate(p.turns)] == [
            ("A", ["Hi there you."]), ("B", ["Fine thanks."])]  # "A" is a diarization letter, not an answer
        assert_lossless(text, p)

    def test_numeric_diarization_speakers(self) -> None:
        p = parse_json('{"results": [{"speaker": 0, "text": "Hello there, friend."}, '
                       '{"speaker": 1, "text": "Hello to you too."}]}', path="d.json")
        assert [(d.speaker, d.speaker_id) for d in p.turns] == [("Speaker 0", "0"), ("Speaker 1", "1")]

    def test_question_and_answer_labels_mean_what_they_mean_in_text(self) -> None:
        p = parse_json('{"exchanges": [{"speaker": "Q", "text": "Why now?"}, {"speaker": "A", "text": "Because."}]}',
                       path="qa.json")
        assert [(d.speaker, d.role, d.label) for d in p.turns] == [("Journalist", "questioner", "Q"),
                                                                   ("Official", "official", "A")]

    def test_replies_nested_in_a_thread_keep_document_order(self) -> None:
        text = json.dumps({"comments": [
            {"author": "ann", "body": "Great talk today everyone.", "replies": [{"author": "bob", "body": "Agreed."}]},
            {"author": "cy", "body": "Thanks for hosting this."}]}, indent=1)
        p = parse_json(text, path="t.json")
        assert [d.speaker for d in p.turns] == ["ann", "bob", "cy"]
        assert_lossless(text, p)

    def test_sentences_that_split_a_turn_are_not_turns(self) -> None:
        text = json.dumps({"turns": [
            {"speaker": "Ann", "text": "Hello there. How are you?",
             "sentences": [{"speaker": "Ann", "text": "Hello there."}, {"speaker": "Ann", "text": "How are you?"}]},
            {"speaker": "Bob", "text": "Fine.", "sentences": [{"speaker": "Bob", "text": "Fine."}]}]}, indent=1)
        p = parse_json(text, path="s.json")
        assert [(d.speaker, speeches(p)[i]) for i, d in enumerate(p.turns)] == [
            ("Ann", ["Hello there. How are you?"]), ("Bob", ["Fine."])]
        assert_lossless(text, p)

    def test_turns_grouped_under_their_speaker(self) -> None:
        text = json.dumps({"speakers": [{"name": "Alice", "turns": [{"text": "Hello there."}, {"text": "Next."}]},
                                        {"name": "Bob", "turns": [{"text": "Hi Alice."}]}]}, indent=1)
        p = parse_json(text, path="g.json")
        assert [d.speaker for d in p.turns] == ["Alice", "Alice", "Bob"]

    def test_keyed_collection_of_wrapped_messages(self) -> None:
        def node(i: int, role: str | None, said: str | None) -> dict:
            msg = None if role is None else {"author": {"role": role, "name": None},
                                             "content": {"content_type": "text", "parts": [said]}}
            return {"id": f"n{i}", "message": msg, "children": []}
        text = json.dumps([{"title": "Paris", "mapping": {"n0": node(0, None, None),
                                                          "n1": node(1, "user", "What is the capital of France?"),
                                                          "n2": node(2, "assistant", "Paris is the capital.")}}])
        p = parse_json(text, path="conversations.json")
        assert [(d.speaker, speeches(p)[i]) for i, d in enumerate(p.turns)] == [
            ("user", ["What is the capital of France?"]), ("assistant", ["Paris is the capital."])]

    def test_segments_without_speakers(self) -> None:
        text = json.dumps({"text": " Hello world. This is a test.", "language": "en", "segments": [
            {"id": 0, "start": 0.0, "text": " Hello world.", "tokens": [1, 2]},
            {"id": 1, "start": 2.0, "text": " This is a test.", "tokens": [3]}]})
        p = parse_json(text, path="whisper.json")
        assert [(d.speaker, speeches(p)[i]) for i, d in enumerate(p.turns)] == [
            ("Unknown speaker", ["Hello world."]), ("Unknown speaker", ["This is a test."])]
        assert_lossless(text, p)

    def test_a_speech_is_one_turn(self) -> None:
        text = json.dumps({"title": "Address to the Nation, June 1, 2020", "speaker": "The President",
                           "paragraphs": ["My fellow citizens, tonight I speak to you.", "We will overcome this."]})
        p = parse_json(text, path="speech.json")
        assert (p.date, [(d.speaker, d.hint, len(d.paragraphs)) for d in p.turns]) == (
            dt.date(2020, 6, 1), [("The President", "", 2)])


class TestSpeakers:
    def test_null_and_empty_speakers_are_unknown(self) -> None:
        text = '{"turns": [{"speaker": null, "text": "Hello?"}, {"speaker": "", "text": "Who is there?"},' \
               ' {"speaker": "Kim Ode", "text": "It is me."}]}'
        p = parse_json(text, path="x.json")
        assert [(d.speaker, d.role, d.label) for d in p.turns] == [
            ("Unknown speaker", "unknown", ""), ("Unknown speaker", "unknown", ""), ("Kim Ode", None, "Kim Ode")]

    def test_key_order_does_not_matter(self) -> None:
        a = '{"turns": [{"speaker": {"name": "Jo Park", "id": 3}, "text": "One two three."}]}'
        b = '{"turns": [{"text": "One two three.", "speaker": {"id": 3, "name": "Jo Park"}}]}'
        pa, pb = parse_json(a, path="a.json"), parse_json(b, path="b.json")
        assert [(d.speaker, d.speaker_id, speeches(pa)) for d in pa.turns] == [
            (d.speaker, d.speaker_id, speeches(pb)) for d in pb.turns] == [("Jo Park", "3", [["One two three."]])]

    def test_roles_in_force_on_the_date(self) -> None:
        roles = [{"role_title": "Associate Justice", "date_start": 63612000, "date_end": 528094800},
                 {"role_title": "Chief Justice of the United States", "date_start": 528094800, "date_end": 1125723600}]
        for title, hint in (("Oral Argument - March 1, 1980", "Associate Justice"),
                            ("Oral Argument - March 1, 1990", "Chief Justice of the United States"),
                            ("Oral Argument", "Associate Justice; Chief Justice of the United States")):
            text = json.dumps({"title": title, "turns": [{"speaker": {"name": "W. Rehnquist", "roles": roles},
                                                          "text": "The case is submitted."}]})
            assert parse_json(text, path="r.json").turns[0].hint == hint


class TestEscapes:
    def test_escapes_decoded_in_speech_exact_in_raw(self) -> None:
        text = (r'{"turns": [{"speaker": "Ann \"Red\" Lee", '
                r'"text": "I don\u2019t know.\nShe said \"no\"\tthen\\left."}]}')
        p = parse_json(text, path="e.json")
        d = p.turns[0]
        assert d.speaker == 'Ann "Red" Lee'
        para = d.paragraphs[0]
        assert para.speech == 'I don\u2019t know. She said "no" then\\left.'
        assert para.raw == r'"I don\u2019t know.\nShe said \"no\"\tthen\\left."'
        assert json.loads(para.raw) == 'I don\u2019t know.\nShe said "no"\tthen\\left.'
        assert_lossless(text, p)

    def test_literal_unicode_and_invisible_characters(self) -> None:
        text = '{"turns": [{"speaker": "Lí Wěi", "text": "中国\u00a0 is\u200b here  (Laughter) now."}]}'
        p = parse_json(text, path="u.json")
        assert p.turns[0].paragraphs[0].speech == "中国 is here now."
        assert p.turns[0].paragraphs[0].directions == ("(Laughter)",)
        assert_lossless(text, p)

    def test_byte_order_mark_and_lines(self) -> None:
        text = '\ufeff{\n  "turns": [\n    {"speaker": "Ann Lee",\n     "text": "Line four."}\n  ]\n}\n'
        assert looks_like_json(text)
        p = parse_json(text, path="b.json")
        assert p.turns[0].paragraphs[0].line == 4
        assert_lossless(text, p)


class TestNotTranscripts:
    @pytest.mark.parametrize("doc", [
        {"name": "pkg", "version": "1.0", "description": "A package that does things nicely", "scripts": {"t": "x"}},
        {"name": "Coolidge v. New Hampshire", "facts_of_the_case": "<p>Long facts about the case here.</p>",
         "advocates": [{"advocate": {"name": "Archibald Cox", "ID": 1}, "advocate_description": "for the state"}],
         "heard_by": [{"name": "Burger Court", "members": [{"name": "Hugo L. Black", "roles": []}]}],
         "decisions": [{"description": "Reversed and remanded by the court", "votes": [
             {"member": {"name": "Hugo L. Black"}, "vote": "majority", "opinion_type": "none"}]}]},
        {"title": "Oral Argument - December 07, 1976", "transcript": None, "media_file": [{"href": "x.mp3"}]},
        {"buttons": [{"name": "ok", "text": "OK"}, {"name": "cancel", "text": "Cancel"}]},
        {"messages": [{"id": "greeting", "text": "Hello, welcome to our app"}]},
        [{"name": "Content-Type", "value": "text/html"}],
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Paris"}}]},
        {"turns": []},
        [], {}, 3, "a string", None,
    ])
    def test_returns_none(self, doc: object) -> None:
        assert parse_json(json.dumps(doc, indent=2), path="x.json") is None


class TestInvalid:
    def test_error_names_line_and_column(self) -> None:
        text = '{\n  "turns": [\n    {"speaker": "A", "text": "x"},\n  ]\n}\n'
        with pytest.raises(TranscriptFormatError) as err:
            parse_json(text, path="bad.json")
        assert err.value.line == 4 and "bad.json, line 4" in str(err.value) and "column 3" in str(err.value)

    @pytest.mark.parametrize("text,line", [("", 1), ("   \n", 1), ('{"a": 1}\n{"a": 2}\n', 2),
                                           ('{"a": "unterminated\n}', 1), ("[Music]\nQ: hello", 1),
                                           ("[" * 100000, None)])
    def test_other_invalid_documents(self, text: str, line: int) -> None:
        with pytest.raises(TranscriptFormatError) as err:
            parse_json(text, path="bad.json")
        assert err.value.line == line

    def test_json_lines_named(self) -> None:
        with pytest.raises(TranscriptFormatError, match="JSON Lines"):
            parse_json('{"speaker": "A", "text": "x"}\n{"speaker": "B", "text": "y"}\n', path="l.json")

    def test_looks_like_json(self) -> None:
        assert [looks_like_json(t) for t in ['{"a": 1}', " \n [1]", "Q: hi", "", "  ", "\u00a0{"]] == [
            True, True, False, False, False, True]


# --------------------------------------------------------------------------- generated
_WORDS = ["We", "said", "no", "don\u2019t", '"quoted"', "back\\slash", "tab\there", "\u4e2d\u56fd", "caf\u00e9",
          "\U0001F600", "[Laughter]", "(Inaudible)", "nbsp\u00a0x", "zero\u200bwidth", "a/b", "{brace}", "[x",
          "50%", "--", "line\nbreak", "\u2028sep"]
_NAMES = ["Ann Lee", "Bo Chen", "Dr. Omar Haddad", "María José", "O'Brien", "Ruth Bader Ginsburg"]


@st.composite
def transcripts(draw):
    """A JSON transcript in a random layout, with what a reader must find in it."""
    n = draw(st.integers(1, 6))
    turns, expected = [], []
    for _ in range(n):
        texts = [" ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=8))) for _ in
                 range(draw(st.integers(1, 3)))]
        if draw(st.booleans()):
            texts.insert(draw(st.integers(0, len(texts))), draw(st.sampled_from(["", "  ", "\n"])))
        kind = draw(st.sampled_from(["string", "object", "null"]))
        name = draw(st.sampled_from(_NAMES))
        if kind == "string":
            speaker: object = name
        elif kind == "object":
            fields = [("name", name), ("identifier", name.lower().replace(" ", "_")), ("ID", draw(st.integers(0, 99))),
                      ("roles", draw(st.sampled_from([None, [{"role_title": "Associate Justice"}]])))]
            speaker = dict(draw(st.permutations(fields)))
        else:
            speaker = None
        shape = draw(st.sampled_from(["string", "list", "blocks"]))
        if shape == "string":
            body: object = " ".join(texts)
            texts = [body]
        elif shape == "list":
            body = texts
        else:
            body = [{"text": t, "start": i} for i, t in enumerate(texts)]
        key = {"string": "text", "list": "paragraphs", "blocks": "text_blocks"}[shape]
        turn = dict(draw(st.permutations([("speaker", speaker), (key, body), ("start", 1.5)])))
        turns.append(turn)
        kept = [t for t in texts if " ".join(clean_speech(t).split())]
        if kept:
            expected.append(("Unknown speaker" if speaker is None else name, kept))
    layout = draw(st.sampled_from(["root", "utterances", "sections", "nested"]))
    if layout == "root":
        doc: object = turns
    elif layout == "utterances":
        doc = {"title": "Press briefing", "utterances": turns}
    elif layout == "sections":
        cut = draw(st.integers(0, len(turns)))
        doc = {"transcript": {"sections": [{"turns": turns[:cut]}, {"turns": turns[cut:]}]}, "id": 7}
    else:
        doc = {"meta": {"title": "A hearing", "count": len(turns)}, "data": {"segments": turns}}
    indent = draw(st.sampled_from([None, 1, 2, "\t"]))
    text = json.dumps(doc, indent=indent, ensure_ascii=draw(st.booleans()))
    return text, expected


class TestGenerated:
    @settings(max_examples=200, deadline=None)
    @given(transcripts())
    def test_turns_found_and_lossless(self, case) -> None:
        text, expected = case
        p = parse_json(text, path="g.json")
        if not expected:
            assert p is None or not p.turns
            return
        assert p is not None
        assert [(d.speaker, [json.loads(q.raw) for q in d.paragraphs]) for d in p.turns] == expected
        for d in p.turns:
            for q in d.paragraphs:
                assert (q.speech, q.directions) == _split_directions(" ".join(clean_speech(json.loads(q.raw)).split()))
                assert q.line == text.count("\n", 0, q.start) + 1
        assert_lossless(text, p)

    @settings(max_examples=200, deadline=None)
    @given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
                        lambda kids: st.lists(kids, max_size=5) | st.dictionaries(
                            st.sampled_from(["speaker", "name", "text", "content", "turns", "title", "id", "words",
                                             "role", "segments", "x"]) | st.text(max_size=8), kids, max_size=5),
                        max_leaves=30),
           st.sampled_from([None, 2]))
    def test_any_json_is_none_or_lossless(self, doc, indent) -> None:
        text = json.dumps(doc, indent=indent, ensure_ascii=False)
        p = parse_json(text, path="any.json")
        if p is not None:
            assert p.turns and all(d.paragraphs for d in p.turns)
            assert_lossless(text, p)


class TestScaling:
    def test_time_per_megabyte_is_recorded(self, record_property) -> None:
        """Parse time per MB at two sizes (recorded as properties; not asserted: machines differ)."""
        rng = random.Random(7)
        turn = {"speaker": {"name": "Ann Lee", "identifier": "ann_lee", "roles": None},
                "text_blocks": [{"text": "Well, the statute says otherwise, Your Honor.", "start": 1.0}] * 3}
        for n in (500, 4000):
            doc = {"title": "Oral Argument - May 1, 2000",
                   "transcript": {"sections": [{"turns": [dict(turn, start=rng.random()) for _ in range(n)]}]}}
            text = json.dumps(doc, indent=2)
            t0 = time.perf_counter()
            p = parse_json(text, path="big.json")
            seconds = time.perf_counter() - t0
            assert len(p.turns) == n
            record_property(f"seconds_per_mb_{n}", round(seconds / (len(text.encode()) / 1e6), 4))


# --------------------------------------------------------------------------- SCOTUS
def _scotus_pages() -> dict[str, tuple[str, ParsedPage | None]]:
    out = {}
    for f in sorted((SCOTUS / "files" / "oyez" / "cases").glob("*.json")):
        text, enc = read_text(f)
        out[f.relative_to(SCOTUS / "files").as_posix()] = (text, parse_json(text, path=str(f), encoding=enc))
    return out


@pytest.fixture(scope="module")
def scotus() -> dict[str, tuple[str, ParsedPage | None]]:
    return _scotus_pages()


@needs_scotus
class TestScotus:
    def test_turn_counts_equal_turn_objects(self, scotus) -> None:
        checked = 0
        for name, (text, p) in scotus.items():
            doc = json.loads(text)
            if "-t" not in name.rsplit("/", 1)[-1]:
                assert p is None, f"{name} is a case file, not a transcript"
                continue
            if doc.get("transcript") is None:
                assert p is None, f"{name} has no transcript"
                continue
            objects = [u for s in doc["transcript"]["sections"] for u in s["turns"]]
            assert p is not None and len(p.turns) == len(objects), name
            assert [d.speaker for d in p.turns] == [
                u["speaker"]["name"] if u["speaker"] else "Unknown speaker" for u in objects], name
            assert p.title == doc["title"] and p.date is not None and p.date == parse_date(doc["title"])
            checked += 1
        assert checked == 19

    def test_gold_speakers(self, scotus) -> None:
        rows = list(csv.DictReader((SCOTUS / "gold.csv").open(encoding="utf-8")))
        assert len(rows) == 40
        for row in rows:
            _, p = scotus[row["file"]]
            first = " ".join(row["first_words"].split())
            hits = [d for d in p.turns
                    if " ".join(" ".join(json.loads(q.raw) for q in d.paragraphs).split()).startswith(first)]
            surname = row["speaker"].replace(", Jr.", "").split()[-1]
            assert any(surname in d.speaker for d in hits), (row, [d.speaker for d in hits])

    def test_hints_and_ids(self, scotus) -> None:
        _, p = scotus["oyez/cases/1989.87-1979-t01.json"]
        rehnquist = {(d.speaker_id, d.hint) for d in p.turns if d.speaker == "William H. Rehnquist"}
        assert rehnquist == {("william_h_rehnquist", "Chief Justice of the United States")}
        _, p = scotus["oyez/cases/1980.79-1423-t01.json"]
        assert {d.hint for d in p.turns if d.speaker == "William H. Rehnquist"} == {
            "Associate Justice of the Supreme Court of the United States"}

    def test_lossless(self, scotus) -> None:
        for name, (text, p) in scotus.items():
            if p is not None:
                assert_lossless(text, p)
