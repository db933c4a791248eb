"""Reading faults measured on real collections, each checked on a small hand-made input in
the layout where it was found (and, where the collection is beside the repository, on it).

Every test here failed before the rule it checks was written.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from analysis.corpus import load_corpus

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"
GENERALITY = SHARED / "generality"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def load(path: Path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kw)


class TestSpeechOpenings:
    """The first line of a speech is speech, however much it looks like a title or a date."""

    def test_a_first_line_with_the_speakers_own_clause_is_not_a_title(self, tmp_path: Path) -> None:
        text = ("On behalf of the Government of the Republic of San Marino, I would like to congratulate Her Excellency "
                "María Fernanda\n"
                "\n"
                "Espinosa Garcés on her election as President of the General Assembly.\n"
                "The Republic of San Marino supports the priorities of the President.\n")
        c = load(write(tmp_path, "UTO_73_2018.txt", text))
        t = list(c)[0]
        assert t.title == "" and [b.kind for b in t.boilerplate] == []
        assert c.turns()["text"].iloc[0].startswith("On behalf of the Government of the Republic of San Marino, I would")

    def test_a_title_without_a_first_person_clause_stays_a_title(self, tmp_path: Path) -> None:
        text = "Remarks by the Minister at the Opening of the Conference\n\nGood morning. We meet today.\n"
        t = list(load(write(tmp_path, "r.txt", text)))[0]
        assert t.title == "Remarks by the Minister at the Opening of the Conference"

    def test_a_date_that_opens_a_wrapped_sentence_is_speech(self, tmp_path: Path) -> None:
        text = ("On 21 September 1981\n"
                "Utopia joined the community of nations as an\n"
                "independent country.\n")
        c = load(write(tmp_path, "UTO_57_2002.txt", text))
        t = list(c)[0]
        assert [b.kind for b in t.boilerplate] == []
        assert c.turns()["text"].iloc[0] == ("On 21 September 1981 Utopia joined the community of nations as an "
                                             "independent country.")

    def test_a_dateline_stays_a_dateline(self, tmp_path: Path) -> None:
        text = "On 21 September 1981\n\nQ: What happened?\n\nA: Independence.\n"
        c = load(write(tmp_path, "d.txt", text))
        assert [b.raw for b in list(c)[0].boilerplate] == ["On 21 September 1981"]
        assert c.turns()["text"].tolist() == ["What happened?", "Independence."]


class TestDocumentSymbols:
    """A document symbol alone on its line ("A/63/PV.13") is the page's running header, even
    when it appears once; one cited in running text ("(see" / "A/64/PV.110).") is speech."""

    def test_a_lone_symbol_inside_a_paragraph_is_furniture(self, tmp_path: Path) -> None:
        text = ("We have worked hard for peace in our region, and we\n"
                " A/63/PV.13\n"
                "\n"
                "will go on doing so with all our partners.\n")
        c = load(write(tmp_path, "s.txt", text))
        t = list(c)[0]
        assert [(b.kind, b.raw) for b in t.boilerplate] == [("running_header", "A/63/PV.13")]
        assert "A/63" not in c.turns()["text"].iloc[0]

    def test_symbols_with_addenda_between_footer_lines(self, tmp_path: Path) -> None:
        text = ("Climate change is one of our most pressing issues.\n62/91\n21-00394\n13/01/2021\n"
                "A/75/592/Add.8\nWe will continue to work with the industrial sector.\n")
        c = load(write(tmp_path, "s.txt", text))
        assert "A/75/592/Add.8" in [b.raw for b in list(c)[0].boilerplate]
        assert "A/75" not in c.turns()["text"].iloc[0]

    def test_a_cited_symbol_is_speech(self, tmp_path: Path) -> None:
        text = ("As my predecessor said in this Hall (see\n"
                "A/64/PV.110).\n"
                "Then he went on with another remark about the matter (see document\n"
                "A/55/310)\n")
        c = load(write(tmp_path, "s.txt", text))
        said = c.turns()["text"].iloc[0]
        assert "A/64/PV.110" in said and "A/55/310" in said

    @pytest.mark.skipif(not (SHARED / "un_general_debate").is_dir(), reason="../shared/corpora is not beside the repository")
    def test_the_symbols_of_the_general_debate_are_out_of_speech(self) -> None:
        import re

        root = SHARED / "un_general_debate" / "TXT"
        folder = root / "Session 63 - 2008"
        c = load(folder, name_pattern="{country}_{session}_{year}")
        t = c.turns()
        lone = re.compile(r"(?:^|\s)A/63/PV\.13(?:\s|$)")
        assert not any(lone.search(x) for x in t["text"])
        assert t.groupby("transcript_id")["speaker"].nunique().eq(1).all()


ZH_HEAD = "2018年12月11日外交部发言人陆慷主持例行记者会\n\n"
EN_HEAD = "Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on May 21, 2018\n\n"


class TestClosingNotices:
    """A notice after the last answer about the schedule of the conferences is the
    publisher's notice (boilerplate ``notice``), not the end of that answer."""

    def test_chinese_notice_after_the_last_answer(self, tmp_path: Path) -> None:
        notice = "因工作安排原因，12月12日（星期三）外交部例行记者会提前至14:30举行，地点不变。"
        text = ZH_HEAD + ("问：中方能否介绍判刑原因和有关细节？\n\n"
                          "答：关于具体案件，你可以向中国主管部门去了解。我只能告诉你，中国有关部门依法办案。\n\n"
                          + notice + "\n")
        c = load(write(tmp_path, "2018-12-11_t1620854.txt", text))
        t = c.turns()
        assert t["text"].iloc[-1] == "关于具体案件，你可以向中国主管部门去了解。我只能告诉你，中国有关部门依法办案。"
        bp = c.boilerplate()
        assert bp.loc[bp["kind"] == "notice", "text"].tolist() == [notice]

    def test_english_notice_after_the_last_answer(self, tmp_path: Path) -> None:
        notice = ("Due to scheduling reasons, the regular press conference of the Foreign Ministry on May 22 "
                  "(Tuesday) will be held at 2:00 p.m. at the same venue.")
        text = EN_HEAD + "Q: Any comment?\n\nA: We have noted the reports.\n\n" + notice + "\n"
        c = load(write(tmp_path, "2018-05-21.txt", text))
        assert c.turns()["text"].tolist() == ["Any comment?", "We have noted the reports."]
        assert c.boilerplate()["kind"].tolist().count("notice") == 1

    def test_an_announcement_in_the_speakers_voice_stays_speech(self, tmp_path: Path) -> None:
        said = ("As we will host this event, our press conference will be in recess next Tuesday, "
                "November 26, and it will be resumed on Wednesday.")
        text = EN_HEAD + "Q: Any comment?\n\nA: We have noted the reports.\n\n" + said + "\n"
        c = load(write(tmp_path, "2019-11-21.txt", text))
        assert c.turns()["text"].iloc[-1].endswith(said)
        assert "notice" not in c.boilerplate()["kind"].tolist()

    def test_a_notice_the_speaker_announced_stays_speech(self, tmp_path: Path) -> None:
        text = EN_HEAD + ("Q: Any comment?\n\nA: We have noted the reports.\n\n"
                          "Last but not least, I have been asked when our regular press conference will take a "
                          "summer break. So I would like to announce the date here.\n\n"
                          "The regular press conference of the Foreign Ministry will be adjourned from August 6 "
                          "(Monday) to August 17 (Friday).\n")
        c = load(write(tmp_path, "2018-07-23.txt", text))
        assert c.turns()["text"].iloc[-1].endswith("to August 17 (Friday).")

    def test_the_schedule_in_an_answer_is_speech(self, tmp_path: Path) -> None:
        text = EN_HEAD + ("Q: When is the next round of talks?\n\n"
                          "A: The talks will be held on June 5 in Beijing. The press conference after them will be "
                          "held at 3 p.m.\n")
        c = load(write(tmp_path, "2018-05-22.txt", text))
        assert c.turns()["text"].iloc[-1].startswith("The talks will be held")
        assert "notice" not in c.boilerplate()["kind"].tolist()

    def test_how_to_reach_the_office_meanwhile_belongs_to_the_notice(self, tmp_path: Path) -> None:
        text = EN_HEAD + ("Q: Any comment?\n\nA: We have noted the reports.\n\n"
                          "Due to scheduling reasons, the regular press conference of the Foreign Ministry will be "
                          "adjourned on January 18 (Friday).\n\n"
                          "During the adjournment, the Spokesperson's Office of the Foreign Ministry will receive "
                          "your questions via fax or email.\n")
        c = load(write(tmp_path, "2019-01-17.txt", text))
        assert c.turns()["text"].tolist() == ["Any comment?", "We have noted the reports."]
        assert c.boilerplate()["kind"].tolist().count("notice") == 2

    def test_the_meanwhile_paragraph_alone_is_speech(self, tmp_path: Path) -> None:
        text = EN_HEAD + ("Q: How can we reach you?\n\nA: The Spokesperson's Office will receive your questions "
                          "via fax during the recess.\n\nThat is all on the matter.\n")
        c = load(write(tmp_path, "2019-01-18.txt", text))
        assert "notice" not in c.boilerplate()["kind"].tolist()

    @pytest.mark.skipif(not (SHARED / "mfa_zh").is_dir(), reason="../shared/corpora is not beside the repository")
    def test_the_chinese_collection(self) -> None:
        c = load(SHARED / "mfa_zh" / "txt" / "2018-12-11_t1620854.txt")
        assert not c.turns()["text"].iloc[-1].endswith("地点不变。")
        assert c.boilerplate()["kind"].tolist().count("notice") == 1


DIVISION_XML = """<?xml version="1.0" encoding="ISO-8859-1"?>
<publicwhip>
<major-heading id="h1">Energy Policy</major-heading>
<speech id="s1" speakerid="m/1" speakername="Ann Smith">
<p>I beg to move the motion standing in my name, and I commend it to the House.</p>
</speech>
<speech id="s2" speakerid="m/2" speakername="Bob Jones">
<p>I oppose it, for the reasons the Committee gave in its report last year.</p>
</speech>
<speech id="s3" nospeaker="true">
<p><i>Question put.</i> That the motion be agreed to.</p>
</speech>
<division id="d1" divdate="2009-10-27" divnumber="1">
<divisioncount ayes="3" noes="3"/>
<mplist vote="aye">
<mpname id="m/3" vote="aye">Abbott, Diane</mpname>
<mpname id="m/4" vote="aye">Afriyie, Adam</mpname>
<mpname id="m/5" vote="aye">Ainsworth, Bob</mpname>
</mplist>
<mplist vote="no">
<mpname id="m/6" vote="no">Baker, Norman</mpname>
<mpname id="m/7" vote="no">Baron, John</mpname>
<mpname id="m/8" vote="no">Bell, Stuart</mpname>
</mplist>
</division>
<speech id="s4" speakerid="m/1" speakername="Ann Smith">
<p>I thank hon. Members for a lively debate on this important matter this evening.</p>
</speech>
</publicwhip>
"""


class TestDivisionLists:
    """A division list (or the list of members attending) is a record of names: boilerplate of
    kind ``record``, apart from the procedure ("Question put.") that stays ``procedural``."""

    def test_a_division_is_a_record(self, tmp_path: Path) -> None:
        c = load(write(tmp_path, "debates2009-10-27a.xml", DIVISION_XML))
        bp = c.boilerplate()
        record = bp.loc[bp["kind"] == "record", "text"].tolist()
        assert len(record) == 1 and "Abbott, Diane" in record[0] and "Bell, Stuart" in record[0]
        procedural = bp.loc[bp["kind"] == "procedural", "text"].tolist()
        assert len(procedural) == 1 and "Question put." in procedural[0]
        assert c.turns()["speaker"].tolist() == ["Ann Smith", "Bob Jones", "Ann Smith"]

    def test_a_short_list_inside_prose_is_not_a_record(self, tmp_path: Path) -> None:
        text = DIVISION_XML.replace(
            '<division id="d1"', '<motion id="m1"><p>That this House notes the report of the Committee on energy '
            'policy and calls on the Government to act on it without delay, as the Committee asked.</p>'
            '<item>One</item><item>Two</item></motion>\n<division id="d1"')
        c = load(write(tmp_path, "debates2009-10-27a.xml", text))
        bp = c.boilerplate()
        assert any("That this House notes" in x for x in bp.loc[bp["kind"] == "procedural", "text"])


COMMITTEE_XML = """<?xml version="1.0" encoding="ISO-8859-1"?>
<publicwhip>
<speech id="s1" speakerid="m/1" speakername="Karen Buck">
<p> I beg to move amendment 51, in clause 9, page 5, line 16, at end insert</p>
<p amendmenttext="true">&#145;(3A) The Secretary of State shall lay a copy of the advice.&#146;.</p>
</speech>
<speech id="s2" nospeaker="true">
<p class="indent"><span class="italic">To require the Government to explain to what extent it has decided to follow any recommendations made by the Commission.</span></p>
<p>Briefly, the amendment seeks to probe the Government&#146;s thinking. My hope is that the recommendations will be followed.</p>
<p>There is a temptation for Governments to set out their own case, and I understand why.</p>
</speech>
<speech id="s3" speakerid="m/2" speakername="Andrew Selous">
<p> The hon. Lady has explained her amendment well.</p>
</speech>
<speech id="s4" nospeaker="true">
<p class="indent"><span class="italic">To strengthen the scope of building blocks to ensure that childcare services are included.</span></p>
<p>Amendment 58, in clause 8, page 4, line 23, after &#145;services&#146;, insert</p>
</speech>
<speech id="s5" nospeaker="true">
<p><span class="italic">Amendment, by leave, withdrawn.</span></p>
</speech>
</publicwhip>
"""


class TestSpeechAfterAnExplanatoryStatement:
    """ParlParse files of Public Bill Committees put a member's speech after an amendment's
    explanatory statement into the statement's element, which has no speaker: the speech in
    the first person is the member's who moved the amendment; the statement and amendments
    listed without a first person stay procedural."""

    def test_the_speech_goes_back_to_its_speaker(self, tmp_path: Path) -> None:
        c = load(write(tmp_path, "standing2009-10-29a.xml", COMMITTEE_XML))
        t = c.turns()
        assert t["speaker"].tolist() == ["Karen Buck", "Andrew Selous"]
        assert t["text"].iloc[0].endswith("set out their own case, and I understand why.")
        assert "Briefly, the amendment seeks to probe" in t["text"].iloc[0]
        assert "To require the Government" not in t["text"].iloc[0]
        procedural = c.boilerplate().query("kind == 'procedural'")["text"].tolist()
        assert any("To require the Government to explain" in x for x in procedural)
        assert any("Amendment 58, in clause 8" in x for x in procedural)
        assert any("withdrawn" in x for x in procedural)
        assert not any("Briefly" in x for x in procedural)


class TestOneSpeakerClip:
    """The only speaker of a clip has nobody to give the floor to; where the same person
    presides elsewhere in the corpus ("Chairman INOUYE"), that is their part here too."""

    HEARING = ("Chairman INOUYE. The hearing will come to order. Mr. Nields, you may begin.\n\n"
               "Mr. NIELDS. Colonel, did you shred the documents?\n\n"
               "Mr. NORTH. I did, counsel.\n\n"
               "Mr. NIELDS. When did you do it?\n\n"
               "Mr. NORTH. In November.\n\n"
               "Chairman INOUYE. The hearing stands in recess.\n")
    CLIP = ("Mr. INOUYE. When these hearings began 3 months ago, I stated that we would examine what happens "
            "when the trust between the branches of our government is breached. We have kept our promise in "
            "examining these questions, and the committee will report to the Congress.\n")

    def test_the_chairman_alone_in_a_clip_presides(self, tmp_path: Path) -> None:
        write(tmp_path / "c", "on-22.txt", self.HEARING)
        write(tmp_path / "c", "cs-4.txt", self.CLIP)
        t = load(tmp_path / "c").turns()
        clip = t[t["transcript_id"] == "cs-4"]
        assert clip["role"].tolist() == ["moderator"]
        assert "Chairman INOUYE" in clip["role_reason"].iloc[0]

    def test_alone_in_the_corpus_the_clip_is_read_as_before(self, tmp_path: Path) -> None:
        t = load(write(tmp_path, "cs-4.txt", self.CLIP)).turns()
        assert t["role"].tolist() != ["moderator"]
