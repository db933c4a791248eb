"""Speech stays in turns on real collections: where every word of every file goes.

Measured with :mod:`word_shares` (words after markup is removed; ``markup`` boilerplate is
not text). Two checks on every file of the shared collections and of ``data/``:

* every word outside the turns is in boilerplate of a kind that is the document's
  apparatus (page furniture, headings, the publisher's notices, the record of proceedings):
  nothing said is left in an unnamed place;
* in a file of 2,000 words or more, at least 99% of the words are in turns, apart from
  the parliamentary record and procedure (``record``: division and attendance lists;
  ``procedural``: motions, amendment texts, "Question put") and the publisher's ``notice``
  of the conferences' schedule, which nobody says in the debate. A page's title, URL and
  header lines cost a few words each, so shorter files are held to the first check only.

Measured when written (share of all words in turns, median / minimum per file): Hansard
97.9% / 91.5% (98.9% / 92.6% with the records apart; 100% with procedure apart too),
MFA English 99.2% / 83.5% (a 66-word page with a 12-word title), speeches 99.9% / 98.7%,
White House 99.6% / 99.1%, Supreme Court 99.95% / 99.9%, Iran-Contra 100%, UN General
Debate 100% / 98.4% (running headers of the records).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from analysis.corpus import load_corpus
from word_shares import APPARATUS, share_in_turns, word_shares

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
NOT_DEBATE = frozenset({"record", "procedural", "notice"})


def _collections() -> list[tuple[str, Path, dict]]:
    out = [("data", ROOT / "data", {})]
    gen = SHARED / "generality"
    if gen.is_dir():
        out += [(p.name, p / "files", {}) for p in sorted(gen.iterdir()) if (p / "files").is_dir()]
    for name, sub in (("mfa_press_conferences", "txt"), ("mfa_zh", "txt")):
        if (SHARED / name / sub).is_dir():
            out.append((name, SHARED / name / sub, {}))
    return out


def _load(path: Path, kw: dict):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kw)


@pytest.mark.parametrize(("name", "path", "kw"), _collections(), ids=[c[0] for c in _collections()])
def test_words_outside_turns_are_apparatus(name: str, path: Path, kw: dict) -> None:
    unnamed = {}
    short = []
    for t in _load(path, kw):
        shares = word_shares(t)
        if share_in_turns(shares, apart=APPARATUS) < 1.0:
            unnamed[t.id] = {k: v for k, v in shares.items() if k not in APPARATUS}
        if shares["turns"] >= 2000 and share_in_turns(shares, apart=NOT_DEBATE) < 0.99:
            short.append((t.id, round(share_in_turns(shares, apart=NOT_DEBATE), 4)))
    assert not unnamed, list(unnamed.items())[:5]
    if name != "mfa_zh":  # a Han character is a word here: a 30-character title weighs too much
        assert not short, short[:5]


@pytest.mark.skipif(not (SHARED / "un_general_debate").is_dir(), reason="../shared/corpora is not beside the repository")
def test_general_debate_words_outside_turns_are_apparatus() -> None:
    folder = SHARED / "un_general_debate" / "TXT" / "Session 63 - 2008"
    c = _load(folder, {"name_pattern": "{country}_{session}_{year}"})
    assert all(share_in_turns(word_shares(t), apart=APPARATUS) == 1.0 for t in c)
    assert min(share_in_turns(word_shares(t)) for t in c) >= 0.98
