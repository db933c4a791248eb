"""Speaker and role attribution rules found on the gold collections, each on a small
hand-made input in the layout where the defect was measured.

Every test here failed before the rule it checks was written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.corpus import load_corpus


def write(folder: Path, name: str, text: str | bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def turns(path: Path) -> list[tuple[str, str, str]]:
    t = load_corpus(path).turns()
    return list(zip(t["speaker"], t["label"], t["text"]))


class TestControlCharacters:
    """A terminal escape or a bell in a label is no part of the speaker's name."""

    def test_text_label_led_by_an_escape_is_a_label(self, tmp_path: Path) -> None:
        text = ("Press Briefing by Mr. Smith\n\n\x1bMR. SMITH:\x07 Hello there, welcome to the briefing today.\n\n"
                "Q: What about the trade talks next week?\n\nMR. SMITH: We will see about that.\n")
        got = turns(write(tmp_path, "a.txt", text))
        assert got == [("MR. SMITH", "MR. SMITH", "Hello there, welcome to the briefing today."),
                       ("Journalist", "Q", "What about the trade talks next week?"),
                       ("MR. SMITH", "MR. SMITH", "We will see about that.")]

    def test_json_speaker_field(self, tmp_path: Path) -> None:
        doc = {"turns": [{"speaker": "Ann\u001b Lee\u0007", "text": "Hello there, welcome to the briefing today."},
                         {"speaker": "\u001b[1mBob\u001b[0m", "text": "What about the trade talks next week?"},
                         {"speaker": "Ann Lee", "text": "We will see about that, as I said before."}]}
        t = load_corpus(write(tmp_path, "a.json", json.dumps(doc))).turns()
        assert t["speaker"].tolist() == ["Ann Lee", "[1mBob[0m", "Ann Lee"]
        assert t["label"].tolist() == ["Ann Lee", "[1mBob[0m", "Ann Lee"]
        assert t["speaker_key"].nunique() == 2  # the two spellings of Ann Lee are one speaker
        assert not t["speaker"].str.contains("[\x00-\x1f\x7f-\x9f]").any()

    def test_table_speaker_column(self, tmp_path: Path) -> None:
        rows = [{"transcript_id": "t1", "speaker": "Bell\u0007 Name", "text": "Hello there, everyone."},
                {"transcript_id": "t1", "speaker": "Q", "text": "Is there any news?"}]
        path = write(tmp_path, "t.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
        t = load_corpus(path).turns()
        assert t["speaker"].tolist()[0] == "Bell Name"


BRIEFING_HEAD = ("Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on October 11, 2018\n"
                 "https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/2511_665403/t1603452.shtml\n\n"
                 "Q: Chinese border officials are cracking down on luxury bags. Is this true?\n\n"
                 "A: I am not aware of that. I need to check on it.\n\n")


class TestNarratedQuestions:
    """A line that announces a question put after the press conference is the transcript's
    own narration: it ends the previous answer and opens a reporter's turn (found in the
    MFA corpus, where 14 such questions were read as the end of the previous answer)."""

    def test_announced_question_opens_a_reporters_turn(self, tmp_path: Path) -> None:
        text = BRIEFING_HEAD + (
            "After the press conference, the following question is raised: The government has allowed "
            "some businessmen to hang a flag in their factories. What's your comment?\n\n"
            "A: There is only one China in the world.\n")
        t = load_corpus(write(tmp_path, "2018-10-11.txt", text)).turns()
        assert t["role"].tolist() == ["questioner", "official", "questioner", "official"]
        assert t["text"].tolist()[1:] == [
            "I am not aware of that. I need to check on it.",
            "The government has allowed some businessmen to hang a flag in their factories. What's your comment?",
            "There is only one China in the world."]
        assert t["speaker"].iloc[2] == "Journalist"
        assert t["label"].iloc[2] == "After the press conference, the following question is raised"
        assert t["answers_turn"].iloc[3] == 2

    def test_announcement_alone_before_a_labelled_question_is_a_heading(self, tmp_path: Path) -> None:
        text = BRIEFING_HEAD + ("***\n\nA journalist asked the following question after the press conference:\n\n"
                                "Q: What's your comment on the new diplomatic relations?\n\nA: We welcome them.\n")
        c = load_corpus(write(tmp_path, "2018-10-11.txt", text))
        t = c.turns()
        assert t["role"].tolist() == ["questioner", "official", "questioner", "official"]
        assert "following question" not in " ".join(t["text"])
        heads = c.boilerplate().query("kind == 'heading'")
        assert heads["text"].tolist() == ["A journalist asked the following question after the press conference:"]
        assert heads["line"].tolist() == [10]

    def test_an_answer_on_the_line_of_the_question_is_split_off(self, tmp_path: Path) -> None:
        text = BRIEFING_HEAD + (
            "The following question was raised by a journalist after the press conference: the US leaders "
            "said that China was just \"paying lip service\". What is your comment? Lu Kang: This groundless "
            "accusation shows no respect for facts.\n\nReform and opening-up is China's basic policy.\n\n"
            "Q: Another question?\n\nA: Another answer.\n")
        t = load_corpus(write(tmp_path, "2018-10-11.txt", text)).turns()
        assert list(zip(t["speaker"], t["role"]))[2:5] == [
            ("Journalist", "questioner"), ("Lu Kang", "official"), ("Journalist", "questioner")]
        assert t["text"].iloc[2] == ("the US leaders said that China was just \"paying lip service\". "
                                     "What is your comment?")
        assert t["text"].iloc[3] == ("This groundless accusation shows no respect for facts.\n\n"
                                     "Reform and opening-up is China's basic policy.")

    def test_speakers_lines_ending_in_a_colon_stay_speech(self, tmp_path: Path) -> None:
        text = BRIEFING_HEAD + ("Q: Do you have a comment on the trade talks?\n\n"
                                "A: I want to stress the following points:\n\n"
                                "First, dialogue is the only way.\n\n"
                                "Some people asked the following question: who gains?\n\n"
                                "The answer is everyone.\n")
        t = load_corpus(write(tmp_path, "2018-10-11.txt", text)).turns()
        assert t["role"].tolist() == ["questioner", "official", "questioner", "official"]
        assert t["text"].iloc[3].split("\n\n") == [
            "I want to stress the following points:", "First, dialogue is the only way.",
            "Some people asked the following question: who gains?", "The answer is everyone."]

    def test_a_speakers_question_in_a_wrapped_speech_stays_speech(self, tmp_path: Path) -> None:
        # found in the UN General Debate (MUS_48_1993.txt), where it split a speech in two
        text = ("Statement of the Minister for Foreign Affairs\n\n"
                "While we hail the success of the United Nations in\n"
                "Cambodia, we cannot but decry the situation in Angola.\n"
                "The question that must be asked is this: to what end will a\n"
                "country depleted of its human resources serve those who lead it?\n"
                "This question was asked by many delegations: what comes next?\n")
        t = load_corpus(write(tmp_path, "MUS_48_1993.txt", text)).turns()
        assert len(t) == 1 and t["role"].iloc[0] == "official"
        assert "The question that must be asked is this: to what end" in t["text"].iloc[0]

    def test_a_rule_before_the_questions_after_the_conference_is_no_ones_speech(self, tmp_path: Path) -> None:
        # 27 rules ("***", a row of 28 or 50 asterisks) were the last paragraph of an answer
        text = BRIEFING_HEAD + ("Q: And the talks?\n\nA: They went well.\n\n* * *\n\n"
                                "A journalist asked the following question after the press conference:\n\n"
                                "Q: What's your comment?\n\nA: We welcome it.\n\n" + "*" * 28 + "\n")
        c = load_corpus(write(tmp_path, "2018-10-11.txt", text))
        t = c.turns()
        assert t["text"].tolist()[-3:] == ["They went well.", "What's your comment?", "We welcome it."]
        assert t["n_paragraphs"].tolist()[-3:] == [1, 1, 1]
        bp = c.boilerplate()
        assert bp.loc[bp["kind"] == "rule", "text"].tolist() == ["* * *", "*" * 28]

    def test_lossless(self, tmp_path: Path) -> None:
        from analysis.parsers.text import parse_text
        from lossless import page_spans, spans_cover

        text = BRIEFING_HEAD + (
            "A journalist asked the following question after the press conference:\n\n"
            "Q: What's your comment?\n\nA: We welcome them.\n\n"
            "The following question was raised after the press conference: Is it true? Lu Kang: No.\n\n"
            "It is not.\n")
        page = parse_text(text, path="x.txt")
        spans_cover(text, page_spans(page))
        assert [d.speaker for d in page.turns][-2:] == ["Journalist", "Lu Kang"]


LORDS_DEBATE = [  # (speaker id, name, text): a report stage in the Lords; no speaker carries an office
    (1, "Baroness Able", "My Lords, I beg to move Amendment 1. It would protect war pensions from the means test. "
                         "I hope that the Minister will accept it."),
    (2, "Lord Fox", "My Lords, we support the amendment. As the Minister said in Committee, the matter is one of "
                    "fairness, and we on these Benches agree."),
    (3, "Lord Mann", "My Lords, I am grateful to noble Lords. The Secretary of State will lay regulations that "
                     "meet the point, and I shall return to it at Third Reading."),
    (1, "Baroness Able", "I thank the Minister for his reply. I beg leave to withdraw the amendment."),
    (4, "Lord Kirk", "My Lords, I beg to move Amendment 2. I urge the Minister to think again about the "
                     "sunset clause in this part of the Bill."),
    (3, "Lord Mann", "My Lords, the Government cannot accept this amendment, for the reasons I gave in "
                     "Committee, but the review will report within two years."),
    (4, "Lord Kirk", "I am grateful to the Minister. I beg leave to withdraw the amendment."),
    (2, "Lord Fox", "My Lords, I beg to move Amendment 3. The Minister knows our concern about the "
                    "registration of births by one parent."),
    (3, "Lord Mann", "My Lords, I understand the noble Lord's point. I cannot give an absolute assurance, but "
                     "the department will consult the registrars."),
    (2, "Lord Fox", "I thank the Minister. I beg leave to withdraw the amendment."),
]


def lords_xml(turns: list[tuple[int, str, str]]) -> str:
    speeches = "\n".join(
        f'<speech id="uk.org.publicwhip/lords/2009-10-27a.{k}.0" speakerid="uk.org.publicwhip/lord/{i}" '
        f'speakername="{name}" colon=":" colnum="{k}" time="015:00:00">\n\t<p pid="a.{k}.0/1">{text}</p>\n</speech>\n'
        for k, (i, name, text) in enumerate(turns, 1))
    return ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<publicwhip scrapeversion="a" latest="yes">\n'
            '<major-heading id="uk.org.publicwhip/lords/2009-10-27a.0.0" nospeaker="true">\n'
            'Welfare Reform Bill\n</major-heading>\n' + speeches + "</publicwhip>\n")


class TestOffices:
    """The answering side spoken of by office: found on the Lords collection, where the
    minister answering amendments (no ``speakeroffice`` in the Lords) was read as a questioner."""

    def test_the_minister_the_others_speak_of_is_the_official(self, tmp_path: Path) -> None:
        t = load_corpus(write(tmp_path, "daylord2009-10-27a.xml", lords_xml(LORDS_DEBATE))).turns()
        roles = dict(zip(t["speaker"], t["role"]))
        assert (roles["Lord Mann"], roles["Lord Fox"], roles["Lord Kirk"]) == ("official", "questioner", "questioner")
        why = t.loc[t["speaker"] == "Lord Mann", "role_reason"].iloc[0]
        assert "the minister beside 3 of its 3 turns" in why

    def test_one_who_speaks_of_the_minister_is_not_the_minister(self, tmp_path: Path) -> None:
        # Lord Mann now says "the Minister" himself: no longer evidence that he holds the office
        turns = [(i, n, x + " I said so to the Minister." if n == "Lord Mann" else x) for i, n, x in LORDS_DEBATE]
        t = load_corpus(write(tmp_path, "daylord2009-10-27a.xml", lords_xml(turns))).turns()
        assert "speak of the" not in " ".join(t["role_reason"])

    def test_twice_is_not_enough(self, tmp_path: Path) -> None:
        t = load_corpus(write(tmp_path, "daylord2009-10-27a.xml", lords_xml(LORDS_DEBATE[:7]))).turns()
        assert "speak of the" not in " ".join(t["role_reason"])


BRIEFING_HTML = """<html><head><title>Remarks in a Press Briefing</title></head><body>
<p>THE PRESIDENT:  Thank you very much. We are working hard with the governors, and the numbers are
improving in many places. I will ask the Vice President to say a few words. Mike, please.</p>
<p>THE VICE PRESIDENT:  Thank you, Mr. President. The task force met this morning, and we have shipped
ventilators and masks to every state that asked for them this week.</p>
<p>THE PRESIDENT:  Thank you, Mike. Questions, please.</p>
<p>Q    Mr. President, will you extend the guidelines at the end of the month?</p>
<p>THE PRESIDENT:  We will look at that very closely with the doctors, and we will make a decision based on
the data we see over the next week, not before.</p>
<p>Q    And on testing, when will every state have enough tests?</p>
<p>THE PRESIDENT:  We have done more tests than any country in the world, and we are doing more every
single day, with new machines coming in from the companies.</p>
<p>Q    Thank you. And one more on the economy, are you worried about the markets?</p>
<p>THE PRESIDENT:  The markets will come back very strongly when this is over, and we have a great
package that the Congress passed with a lot of help.</p>
</body></html>
"""


class TestBriefings:
    """Found on the White House briefings: officials speaking in turn before the questions
    (the Vice President after the President) read as questioners because their neighbours
    were officials, though every question there has a ``Q`` label."""

    def test_named_speakers_are_officials_where_questions_have_labels(self, tmp_path: Path) -> None:
        t = load_corpus(write(tmp_path, "briefing.html", BRIEFING_HTML)).turns()
        roles = dict(zip(t["speaker"], t["role"]))
        assert roles == {"THE PRESIDENT": "official", "THE VICE PRESIDENT": "official", "Journalist": "questioner"}
        why = t.loc[t["speaker"] == "THE VICE PRESIDENT", "role_reason"].iloc[0]
        assert "question labels (Q, Journalist, an outlet) mark the asking side in 3 of the 9 turns" in why

    def test_without_question_labels_neighbours_still_decide(self, tmp_path: Path) -> None:
        # the same turns with the questions put by a named reporter: the neighbour rule applies
        html = BRIEFING_HTML.replace("<p>Q    ", "<p>MS. JONES:  ")
        t = load_corpus(write(tmp_path, "briefing.html", html)).turns()
        assert "question labels" not in " ".join(t["role_reason"])



HEARING_HTML = """<html><head><title>Hearing</title></head><body><div><font class="transcript">
<strong>Mr. NIELDS</strong>. What was the nature of the project you ran?<br /><br />
<strong>Mr. SECORD</strong>. In November of 1985, I was asked to help with the airlift.<br /><br />
<strong>Mr. NIELDS</strong>. In Nicaragua?<br /><br />
<strong>Mr. SECORD</strong>. In Nicaragua.<br /><br />
</font></div></body></html>
"""


class TestBoldLabelPunctuationOutside:
    """Found on hearing transcripts in HTML: a bold label whose dot or colon follows the
    closing tag ("<strong>Mr. NIELDS</strong>. What...") was read as speech, the whole file
    one turn of an unknown speaker."""

    def test_dot_after_the_bold_label(self, tmp_path: Path) -> None:
        got = turns(write(tmp_path, "hearing.html", HEARING_HTML))
        assert [(s, x) for s, _, x in got] == [
            ("Mr. NIELDS", "What was the nature of the project you ran?"),
            ("Mr. SECORD", "In November of 1985, I was asked to help with the airlift."),
            ("Mr. NIELDS", "In Nicaragua?"),
            ("Mr. SECORD", "In Nicaragua.")]

    def test_colon_after_the_bold_label(self, tmp_path: Path) -> None:
        html = HEARING_HTML.replace("</strong>.", "</strong>:")
        got = turns(write(tmp_path, "hearing.html", html))
        assert [s for s, _, _ in got] == ["Mr. NIELDS", "Mr. SECORD", "Mr. NIELDS", "Mr. SECORD"]

    def test_opening_statement_under_one_bold_label(self, tmp_path: Path) -> None:
        html = ("<html><body><div>\n<strong>Mr. INOUYE</strong>. When these hearings began 3 months ago, I "
                "stated that we would examine what happens.<br /><br />\nSecond, was Congress misled?<br /><br />\n"
                "</div></body></html>\n")
        got = turns(write(tmp_path, "statement.html", html))
        assert [s for s, _, _ in got] == ["Mr. INOUYE"]
        assert got[0][2].startswith("When these hearings began")



class TestHandOver:
    """Found on the White House briefings: a doctor's long statement ending "Dr. Fauci?" (the
    floor handed to the next speaker) was her only turn, so she "asked more than answered"
    and became a questioner."""

    def test_closing_hand_over_is_not_a_question(self, tmp_path: Path) -> None:
        html = BRIEFING_HTML.replace(
            "<p>THE PRESIDENT:  Thank you, Mike. Questions, please.</p>",
            "<p>DR. BIRX:  Thank you, Mr. Vice President. We have now tested more people in the last eight days "
            "than in the eight weeks before, and the share of positive tests is holding steady in most states. "
            "We ask everyone over the age of sixty to stay home.</p>\n<p>Dr. Fauci?</p>\n"
            "<p>DR. FAUCI:  Thank you. Just a few words on the trials that began this week in three cities, "
            "which are enrolling patients now.</p>\n"
            "<p>THE PRESIDENT:  Thank you, Tony. Questions, please.</p>")
        t = load_corpus(write(tmp_path, "briefing.html", html)).turns()
        roles = dict(zip(t["speaker"], t["role"]))
        assert roles["DR. BIRX"] == "official"
        assert roles["DR. FAUCI"] == "official"
        assert not t.loc[t["speaker"] == "DR. BIRX", "role_reason"].iloc[0].startswith("asks more")


GOLD = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "generality"


def _norm(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"[\u2018\u2019\u201a\u201b`]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\"]", '"', text)
    text = re.sub(r"[\u2013\u2014-]+", "-", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _surname_in(gold: str, got: str) -> bool:
    titles = {"mr", "ms", "mrs", "dr", "chair", "chairman", "secretary", "senator", "president", "vice", "the",
              "justice", "chief", "lord", "general", "admiral", "surgeon", "attorney"}
    g = [w.strip(".,:'\"()") for w in _norm(gold).split()]
    s = [w.strip(".,:'\"()") for w in _norm(got).split()]
    g, s = [w for w in g if w and w not in titles], [w for w in s if w and w not in titles]
    return _norm(gold) == "unnamed reporter" or not s or bool(g) and (g[-1] in s or s[-1] in g)


@pytest.mark.skipif(not GOLD.is_dir(), reason="../shared/corpora/generality is not beside the repository")
def test_gold_rows_at_their_lines() -> None:
    """Each gold row against the turn at its line: of the turns whose text (or text and stage
    directions, "... guidance. (Laughter.)") starts with the row's first words, the one
    nearest the row's line. Short turns repeat ("Yes.", "My Lords\u2014"), so the first such
    turn of the file is often another speaker's. The one row wrong: the Deputy Speaker, whom
    the file names only by office (``speakername="Mr. Deputy Speaker"``); gold.csv gives the
    member from a register the file does not hold."""
    import csv
    import warnings

    wrong = []
    for coll in sorted(p.name for p in GOLD.iterdir() if (p / "gold.csv").is_file()):
        rows = list(csv.DictReader((GOLD / coll / "gold.csv").open(encoding="utf-8")))
        for file in sorted({r["file"] for r in rows}):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = load_corpus(GOLD / coll / "files" / file).turns()
            texts = [_norm(x)[:200] for x in t["text"]]
            both = [_norm(f"{x} {d}")[:200] for x, d in zip(t["text"], t["directions"])]
            for r in (r for r in rows if r["file"] == file):
                want = _norm(r["first_words"])
                hits = [i for i, x in enumerate(texts) if x.startswith(want)] or [
                    i for i, x in enumerate(both) if x.startswith(want)]
                if not hits:
                    wrong.append((coll, r["line"], "missing"))
                    continue
                i = min(hits, key=lambda i: abs(int(t["line"].iloc[i]) - int(r["line"])))
                if not (t["role"].iloc[i] == r["role"] and _surname_in(r["speaker"], t["speaker"].iloc[i])):
                    wrong.append((coll, r["line"], f"{t['speaker'].iloc[i]} / {t['role'].iloc[i]}"))
    assert wrong == [("uk_hansard_twfy_xml_2009", "1777", "Mr. Deputy Speaker / moderator")]
