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
