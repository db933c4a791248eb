"""A speaker with no role to go by in one transcript (alone in a statement file) takes the role
the same speaker has, clearly, in the other transcripts of the corpus."""

from __future__ import annotations

from pathlib import Path

from analysis.corpus import load_corpus
from analysis.parsers.speakers import NO_EVIDENCE

HEARING = ("SMITH: What did you know of the shipments, and when?\n\n"
           "JONES: I knew nothing of them until the spring, when the Director told me.\n\n"
           "SMITH: Who else was told at that time?\n\n"
           "JONES: Nobody else that I know of, Senator.\n")
STATEMENT = "SMITH: I want to thank the committee staff for the work they have done over these months.\n"


def _corpus(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_corpus(tmp_path, cache=False)


def test_a_questioner_alone_in_a_statement_file_is_a_questioner(tmp_path):
    t = _corpus(tmp_path, {"h1.txt": HEARING, "h2.txt": HEARING.replace("shipments", "funds"),
                           "s1.txt": STATEMENT}).turns()
    alone = t[t["transcript_id"] == "s1"].iloc[0]
    assert (alone["speaker"], alone["role"]) == ("SMITH", "questioner")
    assert alone["role_reason"].endswith(": it is a questioner in the 2 other transcripts where its role is clear")
    assert set(t[t["speaker"] == "JONES"]["role"]) == {"official"}


def test_one_other_transcript_is_not_enough(tmp_path):
    t = _corpus(tmp_path, {"h1.txt": HEARING, "s1.txt": STATEMENT}).turns()
    alone = t[t["transcript_id"] == "s1"].iloc[0]
    assert alone["role"] == "official" and alone["role_reason"].endswith(NO_EVIDENCE)


def test_a_speaker_of_two_roles_elsewhere_keeps_the_default(tmp_path):
    answering = HEARING.replace("SMITH", "X").replace("JONES", "SMITH").replace("X", "JONES")
    t = _corpus(tmp_path, {"h1.txt": HEARING, "h2.txt": answering, "s1.txt": STATEMENT}).turns()
    alone = t[t["transcript_id"] == "s1"].iloc[0]
    assert alone["role"] == "official" and alone["role_reason"].endswith(NO_EVIDENCE)
