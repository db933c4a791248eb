"""Reading of short hand-written transcripts: a title page in capitals and a dateline before
the first labelled turn are header, not speech; a chair who hands the floor is the moderator;
unlabelled opening speech stays speech."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import load_corpus

BRIEFING = """Ministry of Foreign Affairs Press Briefing, 12 February 2021

Good afternoon. I have two announcements. First, the Foreign Minister will travel to Jakarta next week for talks on regional trade. Second, the ministry will host a conference on maritime cooperation on 1 March.

Q: Can you confirm that the Foreign Minister will meet his Indonesian counterpart?
A: Yes. The two ministers will meet on Tuesday. They will discuss trade, fisheries and maritime security.

Q: There are reports that the fisheries agreement is stalled. What is your comment?
A: I have seen those reports. Negotiations are continuing. Both sides are committed to concluding them at an early date.
"""

HEARING = """HEARING BEFORE THE COMMITTEE ON ENERGY AND NATURAL RESOURCES
UNITED STATES SENATE
ONE HUNDRED SIXTEENTH CONGRESS
FIRST SESSION
JUNE 4, 2019

SENATOR MURKOWSKI. The committee will come to order. We are here today to examine the security of our electric grid against cyber threats. I want to welcome our witness, Mr. Walker of the Department of Energy. Mr. Walker, please proceed.

MR. WALKER. Thank you, Madam Chairman. The threats to the grid are real and growing. Adversaries have probed our utilities, and we have seen intrusions into business networks. The Department is working with industry to share information faster and to harden the most critical assets.

SENATOR MURKOWSKI. Thank you. Senator Manchin?

SENATOR MANCHIN. Thank you, Madam Chairman. Mr. Walker, how many utilities have actually been compromised in the last year? And what are you doing about the small cooperatives that cannot afford cyber staff?

MR. WALKER. Senator, I cannot give you a number in an open setting. For the small cooperatives we have a program of grants and technical assistance, and we are expanding it this year.

SENATOR MANCHIN. That is not good enough. West Virginia families deserve to know whether the lights will stay on. Will you come back to this committee with a classified briefing?

MR. WALKER. Yes, Senator. We would be glad to do that.

SENATOR MURKOWSKI. Thank you. Senator Cantwell.

SENATOR CANTWELL. Mr. Walker, is the Department asking for enough money in its budget to do this job? It seems to me the request is lower than last year.

MR. WALKER. Senator, the budget request reflects the priorities of the administration. We believe we can do this work within it, and we will work with the committee.

SENATOR MURKOWSKI. Thank you. The hearing is adjourned.
"""

INTERVIEW = """# Interview with Chancellor Angela Merkel on European energy policy

*Published 14 March 2021, Berlin*

**Interviewer:** Chancellor, thank you for taking the time. Let me start with gas. Many of your critics say Germany has made itself dependent on Russian gas. Is that a fair charge?

**Angela Merkel:** I do not think it is a fair charge. We have diversified our supply over many years, we have built terminals, and we have agreed with our European partners on solidarity mechanisms. Energy security is European security, and we take it seriously.

**Interviewer:** Thank you, Chancellor.

**Angela Merkel:** Thank you.
"""


@pytest.fixture(scope="module")
def turns(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("transcripts")
    for name, text in [("briefing.txt", BRIEFING), ("hearing_energy_2019.txt", HEARING),
                       ("interview_merkel.md", INTERVIEW)]:
        (folder / name).write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(folder).turns()


def _of(turns: pd.DataFrame, tid: str) -> pd.DataFrame:
    return turns[turns["transcript_id"] == tid].reset_index(drop=True)


class TestHeaderBlock:
    """A block of short lines in capitals before the first labelled turn is the page's header."""

    def test_the_block_is_not_speech(self, turns: pd.DataFrame) -> None:
        t = _of(turns, "hearing_energy_2019")
        assert "Unknown speaker" not in set(t["speaker"])
        assert list(t["speaker"][:3]) == ["SENATOR MURKOWSKI", "MR. WALKER", "SENATOR MURKOWSKI"]
        assert len(t) == 11
        assert t["text"][0].startswith("The committee will come to order.")
        assert list(t["n_words"]) == [38, 43, 4, 31, 31, 28, 9, 4, 27, 26, 6]

    def test_title_is_the_first_line_and_the_date_is_read_from_the_block(self, turns: pd.DataFrame) -> None:
        t = _of(turns, "hearing_energy_2019")
        assert set(t["title"]) == {"HEARING BEFORE THE COMMITTEE ON ENERGY AND NATURAL RESOURCES"}
        assert set(t["date"]) == {pd.Timestamp(dt.date(2019, 6, 4))}


class TestDateline:
    """A short line with a date and little else before the first label is a dateline."""

    def test_italic_dateline_dates_the_transcript(self, turns: pd.DataFrame) -> None:
        t = _of(turns, "interview_merkel")
        assert set(t["title"]) == {"Interview with Chancellor Angela Merkel on European energy policy"}
        assert set(t["date"]) == {pd.Timestamp(dt.date(2021, 3, 14))}
        assert list(t["speaker"]) == ["Interviewer", "Angela Merkel", "Interviewer", "Angela Merkel"]
        assert list(t["role"]) == ["questioner", "official", "questioner", "official"]
        assert list(t["n_words"]) == [30, 42, 3, 2]

    @pytest.mark.parametrize("line, date", [("Published 14 March 2021, Berlin", dt.date(2021, 3, 14)),
                                            ("JUNE 4, 2019", dt.date(2019, 6, 4)),
                                            ("Washington, D.C., March 3, 2020", dt.date(2020, 3, 3))])
    def test_datelines(self, tmp_path: Path, line: str, date: dt.date) -> None:
        (tmp_path / "t.txt").write_text(f"Press Briefing\n\n{line}\n\nQ: Will you go?\nA: Yes, we will go there.\n",
                                        encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = load_corpus(tmp_path).turns()
        assert list(t["speaker"]) == ["Journalist", "Official"]
        assert list(t["n_words"]) == [3, 5]
        assert set(t["title"]) == {"Press Briefing"}
        assert set(t["date"]) == {pd.Timestamp(date)}

    def test_a_sentence_with_a_date_stays_speech(self, tmp_path: Path) -> None:
        (tmp_path / "t.txt").write_text("Press Briefing\n\nWe met them on 4 June 2019.\n\nQ: Will you go?\nA: Yes, we will.\n",
                                        encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t = load_corpus(tmp_path).turns()
        assert t["text"][0] == "We met them on 4 June 2019."


class TestOpeningSpeech:
    def test_unlabelled_opening_remarks_stay_speech(self, turns: pd.DataFrame) -> None:
        t = _of(turns, "briefing")
        assert set(t["title"]) == {"Ministry of Foreign Affairs Press Briefing, 12 February 2021"}
        assert set(t["date"]) == {pd.Timestamp(dt.date(2021, 2, 12))}
        assert t["speaker"][0] == "Unknown speaker"
        assert t["text"][0].startswith("Good afternoon. I have two announcements.")
        assert t["n_words"][0] == 34
        assert list(t["role"][1:]) == ["questioner", "official"] * 2

    def test_unnamed_opening_has_the_role_its_words_show(self, turns: pd.DataFrame) -> None:
        # no title or label names who opens: a statement at length before the Q/A is the answering side's
        t = _of(turns, "briefing")
        assert (t["speaker"][0], t["role"][0]) == ("Unknown speaker", "official")
        assert t["role_reason"][0] == (
            "opening remarks before the first speaker label, by someone the file does not name (34 words): "
            "a statement, not a question, made at length before anyone is labelled, as the side that holds "
            "the floor does")


class TestChairHandsTheFloor:
    def test_the_chair_is_the_moderator(self, turns: pd.DataFrame) -> None:
        t = _of(turns, "hearing_energy_2019")
        roles = dict(zip(t["speaker"], t["role"]))
        assert roles == {"SENATOR MURKOWSKI": "moderator", "MR. WALKER": "official",
                         "SENATOR MANCHIN": "questioner", "SENATOR CANTWELL": "questioner"}
        reason = t.loc[t["speaker"] == "SENATOR MURKOWSKI", "role_reason"].iloc[0]
        assert reason.startswith("presides: all 4 of its turns hand the floor")
