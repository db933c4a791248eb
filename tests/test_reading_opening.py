"""Unlabelled opening remarks (text before the first speaker label): given to the speaker the
evidence names (a title naming one speaker, the first labelled speaker thanking someone),
else kept as the "Unknown speaker"'s with the role its words show; and role reasons that read
as true sentences with their numbers."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.parsers import speakers as sp
from analysis.parsers.text import TurnDraft
from analysis.model import Paragraph

BODY = """<p>{opening}</p>
<p>{first}:  {first_text}</p>
<p>THE PRESIDENT:  Thank you very much. Questions, please.</p>
<p>Q    Mr. President, will you extend the guidelines at the end of the month?</p>
<p>THE PRESIDENT:  We will look at that very closely with the doctors, and we will decide on the data we
see over the next week, not before.</p>
<p>Q    And on testing, when will every state have enough tests?</p>
<p>THE PRESIDENT:  We have done more tests than any country in the world, and we are doing more every
single day, with new machines coming in from the companies.</p>
"""
LONG_OPENING = ("Thank you very much everybody. We are working hard with the governors, and the numbers are "
                "improving in many places. We have shipped ventilators to every state that asked. I will ask the "
                "Secretary to say a few words. Mark.")
ESPER = ("Well, thank you, Mr. President. And good afternoon, everyone. The Department is sending ships and "
         "personnel to the coast this week.")


def page(title: str, opening: str, first: str = "SECRETARY ESPER", first_text: str = ESPER) -> str:
    return (f"<html><head><title>{title}</title></head><body>\n"
            + BODY.format(opening=opening, first=first, first_text=first_text) + "</body></html>\n")


def turns_of(tmp_path: Path, html: str, name: str = "briefing.html", cache: Path | None = None) -> pd.DataFrame:
    (tmp_path / name).write_text(html, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(tmp_path / name, cache=cache).turns() if cache else load_corpus(tmp_path / name).turns()


class TestGivenToASpeaker:
    def test_the_first_labelled_speaker_thanks_the_one_who_opened(self, tmp_path: Path) -> None:
        t = turns_of(tmp_path, page("Remarks by President Smith, Vice President Jones, and Members of the Task Force",
                                    LONG_OPENING))
        assert t["speaker"][0] == "THE PRESIDENT"
        assert t["speaker_key"][0] == "president"
        assert t["role"][0] == "official"
        assert t["role_reason"][0].endswith("the unlabelled opening remarks are this speaker's: the first labelled "
                                            "speaker (SECRETARY ESPER) begins by thanking 'Mr. President'")
        # the opening is one of the President's turns: his other turns count it
        assert t.loc[t["speaker"] == "THE PRESIDENT", "role"].eq("official").all()

    def test_a_title_that_names_one_speaker(self, tmp_path: Path) -> None:
        esper = "Good afternoon, everyone. The Department is sending ships and personnel to the coast this week."
        t = turns_of(tmp_path, page("Remarks by President Smith in a Press Briefing", LONG_OPENING,
                                    first_text=esper))
        assert (t["speaker"][0], t["role"][0]) == ("THE PRESIDENT", "official")
        assert t["role_reason"][0].endswith("this speaker's: the title names 'President Smith'")

    def test_a_title_name_no_label_matches_is_kept_as_written(self, tmp_path: Path) -> None:
        html = page("Statement by Governor Lee on the Storm", LONG_OPENING,
                    first_text="Good afternoon. The Department is sending ships to the coast this week.")
        t = turns_of(tmp_path, html)
        assert t["speaker"][0] == "Governor Lee"
        assert t["role"][0] == "official"

    def test_an_announcer_is_not_the_speaker_announced(self, tmp_path: Path) -> None:
        html = page("Remarks by President Smith in a Press Briefing",
                    "Ladies and gentlemen, the President of the United States.", first="THE PRESIDENT",
                    first_text="Thank you. Please sit down. We are working hard with the governors every day.")
        t = turns_of(tmp_path, html)
        assert (t["speaker"][0], t["role"][0]) == ("Unknown speaker", "moderator")
        assert "announce or call the first labelled speaker (THE PRESIDENT)" in t["role_reason"][0]


class TestUnknownSpeakerByBehaviour:
    @pytest.mark.parametrize("opening, role, words", [
        (LONG_OPENING, "official", "a statement, not a question, made at length"),
        ("The committee will come to order. We meet today on the storm and the recovery.", "moderator",
         "they open or run the session ('will come to order')"),
        ("Mr. Secretary, can you tell us when the ships will reach the coast?", "questioner",
         "they end in a question"),
        ("Okay.", "unknown", "too short to tell"),
    ])
    def test_role_from_the_words(self, tmp_path: Path, opening: str, role: str, words: str) -> None:
        esper = "Good afternoon, everyone. The Department is sending ships and personnel to the coast this week."
        t = turns_of(tmp_path, page("Press Briefing on the Storm", opening, first_text=esper))
        assert t["speaker"][0] == "Unknown speaker"
        assert t["role"][0] == role
        why = t["role_reason"][0]
        assert why.startswith("opening remarks before the first speaker label, by someone the file does not name (")
        assert words in why

    def test_other_turns_left_unnamed_keep_the_opening_unknown(self) -> None:
        # a source that leaves several turns unnamed (an unidentified voice in a court's record)
        def draft(label: str, speaker: str, role: str | None, text: str) -> TurnDraft:
            d = TurnDraft(label, speaker, role, None, [Paragraph(text, text, (), 0, 0, 0, 1)])
            d.key = sp.name_key(speaker)
            return d
        drafts = [draft("", "Unknown speaker", "unknown", "Mr. Larson, is there any time limit for the bill?"),
                  draft("Larson", "Larson", None, "Generally it is a rule of reasonableness, Your Honor."),
                  draft("", "Unknown speaker", "unknown", "But is there a rule?"),
                  draft("Larson", "Larson", None, "There is a local rule in some districts.")]
        sp.assign_roles(drafts)
        assert [d.role for d in drafts[::2]] == ["unknown", "unknown"]
        assert {d.role_reason for d in drafts[::2]} == {"the source names no speaker for this turn"}

    def test_the_page_cache_keeps_the_title_name(self, tmp_path: Path) -> None:
        cache = tmp_path / "cache"
        html = page("Statement by Governor Lee on the Storm", LONG_OPENING,
                    first_text="Good afternoon. The Department is sending ships to the coast this week.")
        folder = tmp_path / "files"
        folder.mkdir()
        (folder / "a.html").write_text(html, encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cold = load_corpus(folder, cache=cache).turns()
            (folder / "b.txt").write_text("Q: Will you go?\nA: Yes, we will go there.\n", encoding="utf-8")
            warm = load_corpus(folder, cache=cache).turns()  # a.html's page is read from the cache
        warm = warm[warm["transcript_id"] == "a"].reset_index(drop=True)
        pd.testing.assert_frame_equal(cold.drop(columns=["path"]), warm.drop(columns=["path"]))
        assert cold["speaker"][0] == "Governor Lee"


class TestReasonSentences:
    @pytest.mark.parametrize("asked, follows, k, text", [
        (1, 0, 4, "asks more often than it answers: 1 of its 4 turns asks a question, and none follows one"),
        (1, 0, 1, "asks more often than it answers: its one turn asks a question, and it does not follow one"),
        (10, 0, 10, "asks more often than it answers: all 10 of its turns ask questions, and none follows one"),
        (11, 1, 14, "asks more often than it answers: 11 of its 14 turns ask questions, and 1 follows one"),
    ])
    def test_asking(self, asked: int, follows: int, k: int, text: str) -> None:
        assert sp.asking_reason(asked, follows, k) == text

    @pytest.mark.parametrize("follows, asked, k, text", [
        (1, 0, 1, "answers more often than it asks: its one turn follows a question, and it does not ask one"),
        (2, 1, 2, "answers more often than it asks: both its turns follow a question, and 1 asks one"),
        (71, 31, 157, "answers more often than it asks: 71 of its 157 turns follow a question, and 31 ask one"),
    ])
    def test_answering(self, follows: int, asked: int, k: int, text: str) -> None:
        assert sp.answering_reason(follows, asked, k) == text

    def test_no_reason_reads_one_of_one_or_one_speakers(self, tmp_path: Path) -> None:
        t = turns_of(tmp_path, page("Press Briefing on the Storm", LONG_OPENING))
        for why in t["role_reason"]:
            assert not re.search(r"\b1 of 1\b|\(1 speakers\)|\b0 (?:ask|follow)|\b1 words\b", why), why
            assert why[:1].islower() or why.startswith("label")


@pytest.mark.parametrize("title, who", [
    ("Remarks by President Trump in Press Briefing | The White House", "President Trump"),
    ("Press Briefing by Press Secretary Jen Psaki, January 21, 2021", "Press Secretary Jen Psaki"),
    ("Testimony of John Smith before the Committee on Energy", "John Smith"),
    ("Remarks by President Trump, Vice President Pence, and Members of the Coronavirus Task Force", None),
    ("Interview with Chancellor Angela Merkel on European energy policy", None),
    ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018", None),
])
def test_speaker_in_title(title: str, who: str | None) -> None:
    assert sp.speaker_in_title(title) == who


ZH = """2017年1月5日外交部发言人耿爽主持例行记者会

问：中方对此次会议有何期待？

答：中方愿与各方一道努力，通过此次会议进一步增进互信，扩大共识，深化合作。

追问：会议将在哪里举行？

会议将在北京举行，具体安排我们会及时发布消息。
"""


def test_a_reason_set_while_reading_stays_true_from_the_page_cache(tmp_path: Path) -> None:
    """A page read back from the cache holds no reason set while reading it ("unlabelled
    paragraph after a reporter's labelled turn"): the reason then given says only what holds."""
    folder, cache = tmp_path / "zh", tmp_path / "cache"
    folder.mkdir()
    (folder / "a.txt").write_text(ZH, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cold = load_corpus(folder, cache=cache).turns()
        (folder / "b.txt").write_text("Q: Will you go?\nA: Yes, we will go there.\n", encoding="utf-8")
        warm = load_corpus(folder, cache=cache).turns()
    warm = warm[warm["transcript_id"] == "a"].reset_index(drop=True)
    assert list(cold["role"]) == list(warm["role"]) == ["questioner", "official", "questioner", "official"]
    assert cold["role_reason"][3].startswith("unlabelled paragraph after a reporter's labelled turn")
    assert warm["role_reason"][3] in (cold["role_reason"][3],
                                      "an unlabelled paragraph: the official named in the title or metadata")


HEARING = """{opening}

Mr. REGAN. {reply}

Mr. SMILJANICH. And who told you about the shipment, and when did you hear of it first?

Mr. REGAN. The National Security Adviser told me, in the course of a morning briefing in the office.

Mr. SMILJANICH. Did you tell the President about it that same day, or did you wait?

Mr. REGAN. I told him that same morning, as I recall, in the course of the regular briefing.
"""


@pytest.mark.parametrize("reply, role", [
    ("Yes.", "questioner"),
    ("That is correct, sir.", "questioner"),
    ("Thank you, Senator. The shipment was approved in a meeting I did not attend that week.", "official"),
])
def test_a_statement_put_to_a_witness_who_replies(tmp_path: Path, reply: str, role: str) -> None:
    opening = ("Now, you knew at the time that this was ongoing that the President had been informed of "
               "the shipment by Israel.")
    (tmp_path / "hearing.txt").write_text(HEARING.format(opening=opening, reply=reply), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = load_corpus(tmp_path / "hearing.txt").turns()
    assert t["speaker"][0] == "Unknown speaker"
    assert t["role"][0] == role
    if role == "questioner":
        assert "the first labelled speaker (Mr. REGAN), an official, replies to them" in t["role_reason"][0]


def test_a_thanked_title_no_label_matches_names_the_opening(tmp_path: Path) -> None:
    # the President speaks only in the opening; the Vice President thanks him by title
    html = page("Press Briefing on the Storm", LONG_OPENING, first="THE VICE PRESIDENT",
                first_text="Thank you.  Thank you, Mr. President. The task force met this morning on the storm.")
    html = html.replace("THE PRESIDENT:", "THE VICE PRESIDENT:")
    t = turns_of(tmp_path, html)
    assert (t["speaker"][0], t["role"][0]) == ("Mr. President", "official")
    assert set(t["speaker"][1:]) == {"THE VICE PRESIDENT", "Journalist"}
