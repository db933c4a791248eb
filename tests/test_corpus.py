"""Tests of analysis.corpus and analysis.parsers: structure, losslessness, bad input."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import TURN_COLUMNS, Corpus, load_corpus
from analysis.errors import CorpusError, EncodingError, InputWarning, TranscriptFormatError
from analysis.parsers.decode import WS_CHARS, decode_bytes, read_text
from analysis.parsers.text import parse_text

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = DATA / "transcripts" / "seeds"
MFA = DATA / "transcripts" / "mfa"
INDEX = REPO.parent / "shared" / "corpora" / "mfa_press_conferences" / "index.csv"


@pytest.fixture(scope="module")
def seeds() -> Corpus:
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def bundled() -> Corpus:
    return load_corpus(DATA)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, bytes):
        p.write_bytes(content)
    else:
        p.write_text(content, encoding="utf-8")
    return p


def turns_of(path: Path, **kw) -> pd.DataFrame:
    return load_corpus(path, **kw).turns()


# --------------------------------------------------------------------------- seeds
class TestSeeds:
    def test_first_seed_structure(self, seeds: Corpus) -> None:
        t = seeds["000_986781ffefb718d7"].turns
        assert [(u.speaker, u.role) for u in t] == [
            ("Shou Xiaoli", "moderator"),
            ("Journalist", "questioner"),
            ("Qi Jiabin", "official"),
        ]
        assert t[1].label == ""  # the unlabelled question after a double blank line
        assert t[1].text.startswith("My question is for Mr. Qi.")
        assert t[2].answers_turn == 1
        assert t[0].answers_turn is None
        assert sum(1 for p in t[2].paragraphs if p.speech) == 10  # the label line is a paragraph of its own

    def test_second_seed_structure(self, seeds: Corpus) -> None:
        t = seeds["001_62deebef26ea8b35"].turns
        assert [(u.speaker, u.role, u.outlet) for u in t] == [
            ("Study Times", "questioner", "Study Times"),
            ("Xu Qifang", "official", None),
        ]
        assert t[1].answers_turn == 0
        assert sum(1 for p in t[1].paragraphs if p.speech) == 7

    def test_headers(self, seeds: Corpus) -> None:
        a, b = seeds["000_986781ffefb718d7"], seeds["001_62deebef26ea8b35"]
        assert a.date == dt.date(2022, 7, 8)
        assert a.title.startswith("Press conference on upholding the Party's overall leadership")
        assert b.date == dt.date(2022, 10, 21)
        assert b.source == "China.org.cn"
        assert b.title == "Press Center for 20th CPC National Congress: 2nd press conference"
        assert [x.kind for x in a.boilerplate] == ["breadcrumb", "title", "pagination"]
        assert [x.kind for x in b.boilerplate] == ["breadcrumb", "title", "source_date", "pagination"]

    def test_turns_frame_columns(self, seeds: Corpus) -> None:
        frame = seeds.turns()
        assert list(frame.columns[: len(TURN_COLUMNS)]) == list(TURN_COLUMNS)
        assert frame["n_words"].tolist()[:3] == [20, 63, 910]  # "18th" is one word

    def test_pages_merge(self, tmp_path: Path) -> None:
        src = (SEEDS / "000_986781ffefb718d7.txt").read_text(encoding="utf-8")
        lines = src.split("\n")
        # page 2: same header, continues the official's answer, then a new question
        page2 = "\n".join(lines[:4] + ["", "This continues the answer on page two.", "",
                                        "China Daily:", "", "A second question?", "", "Qi Jiabin:", "",
                                        "A second answer.", "", lines[-1]])
        write(tmp_path, "p1.txt", src)
        write(tmp_path, "p2.txt", page2)
        c = load_corpus(tmp_path)
        assert len(c) == 1
        t = c.transcripts[0]
        assert len(t.pages) == 2
        assert [u.speaker for u in t.turns] == ["Shou Xiaoli", "Journalist", "Qi Jiabin", "China Daily", "Qi Jiabin"]
        assert t.turns[2].paragraphs[-1].speech == "This continues the answer on page two."
        assert t.turns[4].answers_turn == 3


# --------------------------------------------------------------------------- lossless
def _check_lossless(corpus: Corpus) -> int:
    checked = 0
    for t in corpus:
        for k, page in enumerate(t.pages):
            text, _ = read_text(page)
            spans = [(p.start, p.end, p.raw) for u in t.turns for p in u.paragraphs if p.page == k]
            spans += [(b.start, b.end, b.raw) for b in t.boilerplate if b.page == k]
            spans.sort()
            covered = bytearray(len(text))
            for s, e, raw in spans:
                assert text[s:e] == raw, (page, s)
                assert not any(covered[s:e]), f"{page}: overlapping spans at {s}"
                covered[s:e] = b"\x01" * (e - s)
            lost = [i for i, ch in enumerate(text) if not covered[i] and ch not in WS_CHARS]
            assert not lost, f"{page}: characters outside every turn and boilerplate at {lost[:5]}"
            checked += 1
    return checked


class TestLossless:
    def test_every_bundled_file(self, bundled: Corpus) -> None:
        assert _check_lossless(bundled) == 435

    def test_paragraph_is_label_plus_speech_plus_directions(self, bundled: Corpus) -> None:
        squeeze = re.compile(r"\s+")
        for t in bundled:
            for u in t.turns:
                for k, p in enumerate(u.paragraphs):
                    body = squeeze.sub("", p.raw)
                    if k == 0 and u.label:
                        label = squeeze.sub("", u.label)
                        assert body.startswith(label), (t.id, u.index)
                        body = body[len(label):]
                        assert body[:1] in (":", "\uff1a", "."), (t.id, u.index)
                        body = body[1:]
                    for d in p.directions:
                        assert squeeze.sub("", d) in body
                        body = body.replace(squeeze.sub("", d), "", 1)
                    assert body == squeeze.sub("", p.speech), (t.id, u.index, k)


# --------------------------------------------------------------------------- MFA
def _index() -> dict[str, dict]:
    with open(INDEX, encoding="utf-8") as fh:
        return {r["txt_file"]: r for r in csv.DictReader(fh)}


@pytest.mark.skipif(not INDEX.exists(), reason="the MFA corpus index is not beside the repository")
class TestMFA:
    def test_question_and_answer_counts_match_index(self, bundled: Corpus) -> None:
        index = _index()
        turns = bundled.turns()
        turns["file"] = turns["path"].map(lambda p: Path(p).name)
        mfa = turns[turns["path"].str.contains("/mfa/")]
        by_label = mfa.groupby(["file", "label"]).size().unstack(fill_value=0)
        assert len(by_label) == 433
        for name, row in by_label.iterrows():
            assert row.get("Q", 0) == int(index[name]["paras_starting_Q"]), name
            assert row.get("A", 0) == int(index[name]["paras_starting_A"]), name

    def test_q_is_questioner_and_a_is_official(self, bundled: Corpus) -> None:
        turns = bundled.turns()
        assert set(turns.loc[turns["label"] == "Q", "role"]) == {"questioner"}
        assert set(turns.loc[turns["label"] == "A", "role"]) == {"official"}
        assert set(turns.loc[turns["label"] == "Follow-up", "role"]) == {"questioner"}
        assert (turns["label"] == "Follow-up").sum() == 100

    def test_opening_remarks_belong_to_the_spokesperson(self, bundled: Corpus) -> None:
        t = bundled["2018-05-11_t1558711"]
        assert t.turns[0].label == ""
        assert t.turns[0].speaker == "Geng Shuang"
        assert t.turns[0].role == "official"
        assert t.turns[0].text.startswith("At the invitation of President Julius Maada Wonie Bio")
        assert t.turns[1].label == "Q"
        assert t.turns[2].speaker == "Geng Shuang" and t.turns[2].answers_turn == 1

    def test_spokesperson_from_title_without_metadata(self) -> None:
        c = load_corpus(MFA / "2018-05-14_t1559310.txt", metadata=False)
        assert {u.speaker for u in c.transcripts[0].turns if u.role == "official"} == {"Lu Kang"}
        assert c.transcripts[0].date == dt.date(2018, 5, 14)

    def test_sentences_ending_in_colon_are_not_labels(self, bundled: Corpus) -> None:
        t = bundled["2018-07-25_t1580228"]
        assert "What I want to stress is as follows:" in " ".join(u.text for u in t.turns)
        assert "What I want to stress is as follows" not in set(bundled.turns()["label"])

    def test_stage_directions_are_kept_aside(self, bundled: Corpus) -> None:
        t = bundled["2019-07-31_t1685017"]
        dirs = [d for u in t.turns for d in u.directions]
        assert dirs == ["(Something was wrong with the interpretation equipment which soon got fixed.)"]
        assert all("interpretation equipment" not in u.text for u in t.turns)

    def test_exclamation_in_parentheses_is_speech(self, bundled: Corpus) -> None:
        t = bundled["2020-02-14_t1745046"]
        assert any("Stay strong, China!" in u.text for u in t.turns)

    def test_near_duplicate_is_reported(self, bundled: Corpus) -> None:
        d = bundled.duplicates()
        assert d[["transcript_a", "transcript_b"]].values.tolist() == [["2019-04-29_t1659619", "2019-04-29_t1660057"]]

    def test_metadata_date_fills_missing_year(self, bundled: Corpus) -> None:
        index = _index()
        missing_year = [n for n, r in index.items() if r["date_note"]]
        assert missing_year
        for name in missing_year:
            tid = Path(name).stem
            assert bundled[tid].date == dt.date.fromisoformat(index[name]["date"])


# --------------------------------------------------------------------------- other layouts
class TestLayouts:
    def test_inline_labels(self, tmp_path: Path) -> None:
        p = write(tmp_path, "inline.txt",
                  "MODERATOR: Good morning. The floor is open for questions.\n"
                  "Jane Doe (Reuters): What about trade?\n"
                  "MINISTER WANG: Trade is growing.\nIt grew 5% last year.\n"
                  "Jane Doe (Reuters): And investment?\n"
                  "MINISTER WANG: Also growing.\n")
        t = turns_of(p)
        assert t["speaker"].tolist() == ["MODERATOR", "Jane Doe (Reuters)", "MINISTER WANG", "Jane Doe (Reuters)",
                                         "MINISTER WANG"]
        assert t["role"].tolist() == ["moderator", "questioner", "official", "questioner", "official"]
        assert t["text"].tolist()[2] == "Trade is growing. It grew 5% last year."
        assert t["answers_turn"].tolist()[2] == 1

    def test_name_dot_labels(self, tmp_path: Path) -> None:
        p = write(tmp_path, "dot.txt",
                  "THE CHAIRMAN. The committee will come to order.\n\n"
                  "SENATOR SMITH. Thank you, Mr. Chairman. I have a question.\n\n"
                  "THE CHAIRMAN. Go ahead.\n\nSENATOR SMITH. What is the budget?\n")
        t = turns_of(p)
        assert t["speaker"].tolist() == ["THE CHAIRMAN", "SENATOR SMITH", "THE CHAIRMAN", "SENATOR SMITH"]
        assert t["role"].tolist()[0] == "moderator"

    def test_plain_text_is_one_turn(self, tmp_path: Path) -> None:
        p = write(tmp_path, "speech.txt", "We gather here today.\n\nIt is a great day for all of us.\n")
        t = turns_of(p)
        assert len(t) == 1
        assert t["role"].tolist() == ["official"]  # the only speaker of an unlabelled text
        assert t["role_reason"].tolist() == ["the only speaker of an unlabelled text"]
        assert t["text"].iloc[0] == "We gather here today.\n\nIt is a great day for all of us."
        assert t["n_paragraphs"].iloc[0] == 2

    def test_plain_format_ignores_colons(self, tmp_path: Path) -> None:
        p = write(tmp_path, "speech.txt", "Mr. President: we gather here.\n\nPeace: our aim.\n")
        t = turns_of(p, format="plain")
        assert len(t) == 1 and t["text"].iloc[0].startswith("Mr. President: we gather")

    def test_outlet_from_self_introduction(self, tmp_path: Path) -> None:
        p = write(tmp_path, "qa.txt", "Q: Thank you. I'm from CCTV. What is your comment?\n\nA: No comment.\n")
        t = turns_of(p)
        assert t["outlet"].tolist() == ["CCTV", None]

    def test_named_speakers_who_ask_are_questioners(self, tmp_path: Path) -> None:
        p = write(tmp_path, "named.txt",
                  "John Carter:\n\nWhat is your view on the new tariffs?\n\n"
                  "Minister Wang:\n\nWe oppose them. They hurt both sides.\n\n"
                  "Anna Smith:\n\nMy question is about investment. Will it grow?\n\n"
                  "Minister Wang:\n\nIt will keep growing.\n")
        t = turns_of(p)
        assert t["role"].tolist() == ["questioner", "official", "questioner", "official"]
        assert t["answers_turn"].tolist()[1] == 0 and t["answers_turn"].tolist()[3] == 2

    def test_the_titled_official_is_never_a_questioner(self, tmp_path: Path) -> None:
        p = write(tmp_path, "t.txt", "Spokesperson Geng Shuang's Regular Press Conference on May 2, 2019\n\n"
                                     "Q: Where is it?\n\nGeng Shuang: Where did your correspondent travel to?\n\n"
                                     "Journalist: The border.\n\nGeng Shuang: Who builds there? The Chinese side?\n")
        t = turns_of(p)
        assert t.loc[t["speaker"] == "Geng Shuang", "role"].unique().tolist() == ["official"]

    def test_csv_speakers_get_inferred_roles(self, tmp_path: Path) -> None:
        p = write(tmp_path, "t.csv", "speaker,text\nAnn,Why is that?\nBo,Because it is so.\n,A stray line.\n")
        assert turns_of(p)["role"].tolist() == ["questioner", "official", "unknown"]

    def test_roles_override(self, tmp_path: Path) -> None:
        p = write(tmp_path, "x.txt", "Alice Smith:\n\nHello there.\n\nBob Jones:\n\nHi.\n")
        t = turns_of(p, roles={"Alice Smith": "moderator", "bob jones": "questioner"})
        assert t["role"].tolist() == ["moderator", "questioner"]

    def test_header_fields(self, tmp_path: Path) -> None:
        p = write(tmp_path, "h.txt", "Title: Weekly briefing\nDate: 3 March 2021\n\nQ: Why?\n\nA: Because.\n")
        c = load_corpus(p)
        assert c.transcripts[0].title == "Weekly briefing"
        assert c.transcripts[0].date == dt.date(2021, 3, 3)
        assert c.turns()["role"].tolist() == ["questioner", "official"]


class TestTabular:
    def test_csv_with_mapped_columns(self, tmp_path: Path) -> None:
        p = write(tmp_path, "t.csv", 'conf,who,said,kind\nc1,Ann,"Hello, all.",moderator\nc1,Bob,"Why?",questioner\n'
                                     'c1,Cy,"Because.",official\nc2,Ann,"Bye.",moderator\n')
        c = load_corpus(p, columns={"transcript_id": "conf", "speaker": "who", "text": "said", "role": "kind"})
        t = c.turns()
        assert t["transcript_id"].tolist() == ["c1", "c1", "c1", "c2"]
        assert t["role"].tolist() == ["moderator", "questioner", "official", "moderator"]
        assert t["answers_turn"].tolist()[2] == 1
        assert t["line"].tolist() == [2, 3, 4, 5]

    def test_jsonl(self, tmp_path: Path) -> None:
        rows = [{"speaker": "A", "text": "one two"}, {"speaker": "B", "text": "three"}]
        p = write(tmp_path, "t.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
        t = turns_of(p)
        assert t["text"].tolist() == ["one two", "three"]
        assert t["n_words"].tolist() == [2, 1]

    def test_csv_without_text_column(self, tmp_path: Path) -> None:
        p = write(tmp_path, "t.csv", "speaker,words\nA,hello\n")
        with pytest.raises(TranscriptFormatError, match=r"t\.csv, line 1: has no text column.*columns="):
            load_corpus(p)

    def test_bad_json_line(self, tmp_path: Path) -> None:
        p = write(tmp_path, "t.jsonl", '{"text": "ok"}\n{"text": broken}\n')
        with pytest.raises(TranscriptFormatError, match=r"t\.jsonl, line 2: is not valid JSON"):
            load_corpus(p)

    def test_unknown_role(self, tmp_path: Path) -> None:
        p = write(tmp_path, "t.csv", "text,role\nhi,boss\n")
        with pytest.raises(TranscriptFormatError, match=r"line 2: has role 'boss'"):
            load_corpus(p)


# --------------------------------------------------------------------------- bad input
class TestBadInput:
    @pytest.mark.parametrize("content", ["", "   \n\n\t  \n", "\ufeff\n"])
    def test_empty_file(self, tmp_path: Path, content: str) -> None:
        p = write(tmp_path, "empty.txt", content)
        with pytest.raises(TranscriptFormatError, match=r"empty\.txt, line 1: is empty"):
            load_corpus(p)

    def test_binary_file(self, tmp_path: Path) -> None:
        p = write(tmp_path, "x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
        with pytest.raises(EncodingError, match=r"x\.txt, line 3: contains NUL bytes"):
            load_corpus(p)

    @pytest.mark.parametrize("encoding", ["cp1252", "gb18030"])
    def test_legacy_encodings_decode(self, tmp_path: Path, encoding: str) -> None:
        text = ("Spokesperson Hua Chunying\u2019s Regular Press Conference on May 2, 2019\n\n"
                "Q: Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u2014 what is your comment on the \u201cnew\u201d policy?\n\n"
                "A: We have noted the relevant reports. China\u2019s position is consistent and clear.\n")
        if encoding == "gb18030":
            text = text.replace("Caf\u00e9 na\u00efve r\u00e9sum\u00e9", "\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd\u5916\u4ea4\u90e8")
        p = write(tmp_path, "legacy.txt", text.encode(encoding))
        c = load_corpus(p)
        t = c.turns()
        assert t["text"].tolist()[0] == text.split("\n\n")[1][3:]
        assert t["role"].tolist() == ["questioner", "official"]
        assert c.transcripts[0].encoding.replace("_", "").lower() in {encoding, "gb18030", "windows1252", "cp1252"}

    @pytest.mark.parametrize("bom,enc", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                         (codecs.BOM_UTF16_BE, "utf-16-be")])
    def test_byte_order_marks(self, tmp_path: Path, bom: bytes, enc: str) -> None:
        p = write(tmp_path, "bom.txt", bom + "Q: Hello?\n\nA: Hi.\n".encode(enc))
        t = turns_of(p)
        assert t["text"].tolist() == ["Hello?", "Hi."]

    def test_crlf_cr_and_form_feeds(self, tmp_path: Path) -> None:
        p = write(tmp_path, "nl.txt", b"Q: One?\r\n\r\nA: Two.\rMore.\r\n\x0cQ: Three?\n")
        t = turns_of(p)
        assert t["text"].tolist() == ["One?", "Two. More.", "Three?"]

    def test_labels_only(self, tmp_path: Path) -> None:
        p = write(tmp_path, "labels.txt", "Q:\n\nA:\n\nQ:\n")
        t = turns_of(p)
        assert t["role"].tolist() == ["questioner", "official", "questioner"]
        assert t["text"].tolist() == ["", "", ""]
        assert t["n_words"].tolist() == [0, 0, 0]

    def test_undecodable_bytes(self, tmp_path: Path) -> None:
        p = write(tmp_path, "bad.txt", b"Hello\n" + bytes(range(128, 256)) * 3)
        try:
            text, enc = decode_bytes(p.read_bytes(), str(p))
        except EncodingError as exc:  # a clear error naming the file and the line...
            assert str(exc).startswith(f"{p}, line 2:")
        else:  # ...or a guess that keeps every byte as a character
            assert text.startswith("Hello\n") and len(text) == 6 + 384 and enc != "utf-8"

    def test_missing_path(self, tmp_path: Path) -> None:
        with pytest.raises(CorpusError, match="no such file or directory"):
            load_corpus(tmp_path / "nope")

    def test_directory_without_transcripts(self, tmp_path: Path) -> None:
        write(tmp_path, "notes.md", "# notes")
        with pytest.raises(CorpusError, match=r"no transcripts found \(looked at 1 file\(s\): notes\.md: not a transcript: has no speech"):
            load_corpus(tmp_path)

    def test_collect_mode_records_problems(self, tmp_path: Path) -> None:
        write(tmp_path, "a.txt", "Q: Hi?\n\nA: Hello.\n")
        write(tmp_path, "b.txt", "")
        with pytest.warns(UserWarning, match="is empty"):
            c = load_corpus(tmp_path, on_error="collect")
        assert len(c) == 1 and len(c.problems) == 1 and "b.txt" in c.problems[0]

    def test_bad_option(self) -> None:
        with pytest.raises(ValueError, match=r"load_corpus\(\): format must be one of"):
            load_corpus(DATA, format="pdf")

    def test_bad_metadata_date(self, tmp_path: Path) -> None:
        write(tmp_path, "a.txt", "Q: Hi?\n")
        write(tmp_path, "metadata.csv", "file,date\na.txt,someday\n")
        with pytest.raises(CorpusError, match=r"metadata\.csv, line 2: date 'someday' is not a date"):
            load_corpus(tmp_path)

    def test_metadata_wins_and_adds_variables(self, tmp_path: Path) -> None:
        write(tmp_path, "a.txt", "Briefing on May 1, 2020\n\nQ: Hi?\n\nA: Hello.\n")
        write(tmp_path, "metadata.csv", "file,date,party\na.txt,2020-05-02,blue\n")
        with pytest.warns(InputWarning, match="the text dates it 2020-05-01 but .* says 2020-05-02"):
            c = load_corpus(tmp_path)
        assert c.transcripts[0].date == dt.date(2020, 5, 2)
        assert c.turns()["party"].tolist() == ["blue", "blue"]


# --------------------------------------------------------------------------- properties
_alphabet = st.sampled_from(list("abc XYZ:.,?!()\n\n\t\u00a0\u200b\u3111|<>1-'\"QA") + ["Q: ", "A: ", "Name:\n", "\n\n\n"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_parser_never_loses_text_or_crashes(text: str) -> None:
    page = parse_text(text, path="prop.txt")
    spans = sorted([(p.start, p.end, p.raw) for d in page.turns for p in d.paragraphs]
                   + [(b.start, b.end, b.raw) for b in page.boilerplate])
    covered = [False] * len(text)
    for s, e, raw in spans:
        assert text[s:e] == raw
        for i in range(s, e):
            assert not covered[i]
            covered[i] = True
    assert all(covered[i] or ch in WS_CHARS for i, ch in enumerate(text))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Q: why?", "A: because.", "more text.", "", "Name Here:", "ok"]), max_size=20))
def test_parse_is_stable_under_line_endings(lines: list[str]) -> None:
    lf = "\n".join(lines)
    a = [(d.speaker, d.role, [p.speech for p in d.paragraphs]) for d in parse_text(lf, path="x").turns]
    for nl in ("\r\n", "\r"):
        text, _ = decode_bytes(nl.join(lines).encode("utf-8"))
        b = [(d.speaker, d.role, [p.speech for p in d.paragraphs]) for d in parse_text(text, path="x").turns]
        assert a == b


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_decode_never_raises_a_foreign_exception(raw: bytes) -> None:
    try:
        decode_bytes(raw, "fuzz.txt")
    except EncodingError as exc:
        assert "fuzz.txt" in str(exc)


_word_pieces = st.sampled_from(
    ["we", "Party", "U.S.", "U.S.-led", "don't", "can't", "Party's", "party\u2019s", "96.71", "3.5%", "255,000",
     "18th", "O'Brien", "10:30", "a.m.", "n't", "'s", "-", "--", "...", ",", ".", "'", "\u2019", "\"", "(", ")",
     "%", "x1", "\u4e2d\u56fd", "\u00e9t\u00e9", "_", "a_b"])
_spaces = st.sampled_from([" ", "", "\n", "\n\n", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_word_pieces, _spaces), max_size=40))
def test_chunk_word_count_equals_tokenizer_count(pieces) -> None:
    # turns()/paragraphs() count words per white-space chunk: the same count as tokenizing the whole text
    from analysis.wordcounts import _count_words
    from analysis.text import count_words

    text = "".join(w + s for w, s in pieces)
    known: dict[str, int] = {}
    assert _count_words(text, known) == count_words(text)
    assert _count_words(text, known) == count_words(text)  # and with every chunk remembered


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3100), max_size=60))
def test_clean_speech_equals_its_translation_table(text: str) -> None:
    from analysis.parsers.text import _SPEECH_TABLE, clean_speech

    expected = text if text.isascii() and text.isprintable() else text.translate(_SPEECH_TABLE).strip(" ")
    assert clean_speech(text) == expected


def test_word_counts_of_turns_are_kept_in_the_cache_folder(tmp_path, monkeypatch) -> None:
    from analysis import corpus as corpus_module

    folder = tmp_path / "one"
    write_file = folder / "a.txt"
    folder.mkdir()
    write_file.write_text("Q: Will the talks resume, and when?\n\nA: They resume on 3 May. We're ready.\n")
    fresh = load_corpus(folder, cache=False).turns()
    first = load_corpus(folder, cache=tmp_path / "cache").turns()
    monkeypatch.setattr(corpus_module, "_word_counts", lambda texts: pytest.fail("counted again"))
    again = load_corpus(folder, cache=tmp_path / "cache").turns()
    assert again["n_words"].tolist() == [6, 7]  # "3" is a word, "We're" one
    pd.testing.assert_frame_equal(first, fresh, check_exact=True)
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
