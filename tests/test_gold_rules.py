"""Speaker and role attribution rules found on the gold collections, each on a small
hand-made input in the layout where the defect was measured.

Every test here failed before the rule it checks was written.
"""

from __future__ import annotations

import json
from pathlib import Path

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
