"""Reading faults measured on real collections, each checked on a small hand-made input in
the layout where it was found (and, where the collection is beside the repository, on it).

Every test here failed before the rule it checks was written.
"""

from __future__ import annotations

import json
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


class TestDirectionOnlyTurns:
    """A turn whose only content is a stage direction keeps its place and its direction, but
    has no speech: "inaudible" and "laughter" are nobody's words."""

    def test_json_turn_of_a_bracketed_direction(self, tmp_path: Path) -> None:
        doc = {"sections": [{"turns": [
            {"speaker": {"name": "Earl Warren"}, "text_blocks": [{"text": "Mr. Smith, you may proceed."}]},
            {"speaker": {"name": "John Smith"}, "text_blocks": [{"text": "[Inaudible]"}]},
            {"speaker": {"name": "Earl Warren"}, "text_blocks": [{"text": "Go on."}]},
        ]}]}
        t = load(write(tmp_path, "case.json", json.dumps(doc))).turns()
        assert t["speaker"].tolist() == ["Earl Warren", "John Smith", "Earl Warren"]
        assert t["text"].tolist() == ["Mr. Smith, you may proceed.", "", "Go on."]
        assert t["directions"].tolist() == ["", "[Inaudible]", ""]
        assert t["n_words"].tolist() == [5, 0, 2]

    @pytest.mark.skipif(not GENERALITY.is_dir(), reason="../shared/corpora is not beside the repository")
    def test_no_turn_of_the_supreme_court_collection_speaks_a_direction(self) -> None:
        t = load(GENERALITY / "scotus_oral_arguments_oyez_json" / "files").turns()
        spoken = " ".join(t["text"]).lower()
        assert "[inaudible]" not in spoken and "(inaudible)" not in spoken
        assert ((t["text"] == "") & (t["directions"] != "")).sum() >= 80  # the turns stay


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
