"""Words broken at a hyphen at the end of a hard-wrapped line are joined by what the text
writes elsewhere: a compound keeps its hyphen, a typesetter's break loses it, a suspended
hyphen ("inter- and intra-State") and a break with no evidence stay as written."""

from __future__ import annotations

from pathlib import Path

from analysis.corpus import load_corpus
from analysis.parsers.text import joined_lines, written

SPEECH = """The right of peoples to self-determination is the first of our principles. We
ask for the self-
determination of every people, for inter-
and intra-State peace, and for the long-
term plan that the Secretary-General is put-
ting before us. Putting it first is right.
"""


def test_a_hard_wrapped_speech(tmp_path: Path) -> None:
    (tmp_path / "speech.txt").write_text(SPEECH, encoding="utf-8")
    (turn,) = load_corpus(tmp_path / "speech.txt", cache=False).turns()["text"]
    assert turn == ("The right of peoples to self-determination is the first of our principles. We ask for the "
                    "self-determination of every people, for inter- and intra-State peace, and for the long- term "
                    "plan that the Secretary-General is putting before us. Putting it first is right.")


def test_evidence() -> None:
    low = SPEECH.lower()
    assert written(low, "self-determination") and written(low, "putting") and written(low, "secretary-general")
    assert not written(low, "long-term") and not written(low, "intra-state-peace")
    assert joined_lines(["the self-", "determination"]) == "the self- determination"  # no text given
    assert joined_lines(["a-", "b"], lambda: "x a-b") == "a-b"
    assert joined_lines(["A-", "B"], lambda: "x a-b") == "A- B"  # a capital opens a new word
