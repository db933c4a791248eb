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
