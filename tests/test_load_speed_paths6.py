"""The loader's cheaper paths give what the longer ones gave: the recurring-line signatures of
lines beyond ASCII made from their folded text at once (each line's key before), the length of a
turn's text from its paragraphs (the text joined before), the character classes of the word
counts looked up with the table's last entry for code points beyond it, and the paragraphs of a
text gathered from lines stripped once."""

from __future__ import annotations

import random
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from analysis import loader as loader_mod
from analysis import wordcounts as wc
from analysis.loader import load_corpus
from analysis.model import Paragraph, Turn
from analysis.parsers import furniture as fu
from analysis.parsers.text import parse_text
from analysis.text import count_words

ROOT = Path(__file__).resolve().parents[1]


def _load(path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kw)


# --------------------------------------------------------------------------- recurring lines
def _reference_maybe(lines: list[str]) -> list[int]:
    """The documented rule, line by line: each line's signature summed over its key's characters
    other than the space and ``#``; the lines whose signature another line has."""
    sigs = []
    for line in lines:
        codes = np.array([ord(c) for c in fu._key(line) if c not in " #"], dtype=np.uint64)
        sigs.append(int(fu._signature_of_codes(codes).sum(dtype=np.uint64)) if len(codes) else 0)
    seen = Counter(sigs)
    return [k for k, s in enumerate(sigs) if seen[s] > 1]


def _recurring_keys(lines: list[str]) -> set[int]:
    keys = Counter(map(fu._key, lines))
    return {k for k, line in enumerate(lines) if keys[fu._key(line)] > 1}


CASES = [
    # case folding that changes the length ("ß" -> "ss", "İ" -> "i̇"), ligatures, title case
    ["Straße ÉTÉ 12", "ÉTÉ straße 7", "STRASSE été 3", "İstanbul", "i̇stanbul", "ﬁn ﬁn", "FIN fin"],
    # digits of other scripts are digits to the key, Greek final sigma folds like sigma
    ["١٢٣ abc", "abc 5", "Σ ς σ", "σ σ σ", "ΟΔΟΣ 4", "οδοσ 5"],
    # mixed lines: ASCII ones beside ones with quotes, words in another order
    ["General Assembly \u2013 Fifty-first session 12", "Fifty-first session \u2013 General Assembly 13",
     "General Assembly - Fifty-first session 14", "\u201cPeace\u201d", "\u201cpeace\u201d", "Peace"],
    ["only ascii here", "here ascii only", "nothing alike"],
    ["\u4e2d\u56fd 1", "\u4e2d\u56fd 22", "\u00e9", "\u00c9", "e"],
]


@pytest.mark.parametrize("lines", CASES)
def test_maybe_recurring_is_the_documented_signature(lines):
    got = fu._maybe_recurring(lines)
    assert got == _reference_maybe(lines)
    assert _recurring_keys(lines) <= set(got)  # no line whose key recurs is missed


def test_maybe_recurring_hand_checked():
    # "Straße ÉTÉ 12" and "ÉTÉ straße 7" have one key; "STRASSE été 3" folds to the same letters
    assert fu._maybe_recurring(CASES[0][:3]) == [0, 1, 2]
    assert fu._maybe_recurring(["\u00e9", "\u00c9", "e"]) == [0, 1]
    assert fu._maybe_recurring(["abc", "xyz"]) == []


def test_maybe_recurring_random_lines():
    rng = random.Random(6)
    alphabet = "aAbB zZ19#-.\u00e9\u00c9\u00df\u0130\u03a3\u03c2\u03c3\ufb01\u0661\u4e2d\u2019\u201c"
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(1, 12)):
            words = ["".join(rng.choice(alphabet.replace(" ", "")) for _ in range(rng.randint(1, 5)))
                     for _ in range(rng.randint(1, 4))]
            lines.append(" ".join(words))
        lines += [" ".join(reversed(line.split())) for line in rng.sample(lines, k=min(2, len(lines)))]
        assert fu._maybe_recurring(lines) == _reference_maybe(lines), lines


def test_furniture_of_bundled_files_unchanged_rule():
    # every non-blank collapsed line of the bundled transcripts: the signatures' rule holds
    for f in sorted((ROOT / "data" / "transcripts").rglob("*"))[:40]:
        if not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        shown = [c for c in fu._collapsed([x.strip() for x in text.split("\n")]) if c]
        if shown:
            assert fu._maybe_recurring(shown) == _reference_maybe(shown), f


# --------------------------------------------------------------------------- turn lengths
def _para(speech: str, directions: tuple[str, ...] = ()) -> Paragraph:
    return Paragraph(speech or "x", speech, directions, 0, 0, 1, 1)


@pytest.mark.parametrize("paragraphs", [
    (),
    (_para("Hello."),),
    (_para("Hello."), _para("", ("Applause",)), _para("Thank you.")),
    (_para("", ("Inaudible",)), _para("", ("Laughter", "Applause"))),
    (_para("", ("", "")),),                 # two empty directions: a text of one space
    (_para("", ()),),
    (_para("\u201cPeace\u201d \u4e2d\u56fd"), _para("")),
])
def test_text_length_is_the_length_of_the_text(paragraphs):
    turn = Turn("t", 0, "S", "s", "unknown", "", None, tuple(paragraphs))
    assert loader_mod._text_length(turn) == len(turn.text)


def test_text_length_of_every_bundled_turn():
    corpus = _load(ROOT / "data", cache=False)
    turns = [u for t in corpus.transcripts for u in t.turns]
    assert len(turns) > 1000
    assert [loader_mod._text_length(u) for u in turns] == [len(u.text) for u in turns]


def test_duplicates_still_found(tmp_path):
    body = "MODERATOR: Welcome.\n\nMR. SMITH: We will begin.\n"
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "b.txt").write_text(body, encoding="utf-8")
    (tmp_path / "c.txt").write_text(body.replace("begin", "start"), encoding="utf-8")  # same length
    corpus = _load(tmp_path, cache=False)
    dup = {t.path.rsplit("/", 1)[-1] for t in corpus.transcripts for n in t.notes if n.kind == "duplicate"}
    assert dup == {"a.txt", "b.txt"}


# --------------------------------------------------------------------------- word counts
def test_word_counts_beyond_the_class_table():
    texts = ["Peace \U0001d400\U0001d401 and \u3001 \u3002 \uff0c (1990) \u201cwe\u201d",
             "\U0001f600 smile", "\u4e2d\u56fd", "a\u3000b c", "word\u00a0word", "", "  ",
             "\ud800 lone", "x" * 5 + "\uffff" + "y"]
    got = wc._chunk_word_counts(texts)
    for text, n in zip(texts, got):
        if n >= 0:
            assert n == count_words(text), text
        else:
            assert "\u4e2d" in text
    assert got[0] == count_words(texts[0]) and got[1] == count_words(texts[1])


def test_word_counts_random_against_count_words():
    rng = random.Random(61)
    pieces = ["peace", "U.N.", "(1990)", "we\u2019re", "\u201cfree\u201d", "\U0001d400", "3.5%", "-", "\u3001",
              "\u00e9t\u00e9", "co-operation", "\ufb01ne", "\u2014", "A/45/PV.5"]
    texts = [" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(400)]
    assert wc._chunk_word_counts(texts) == [count_words(t) for t in texts]


# --------------------------------------------------------------------------- paragraphs
def test_paragraphs_from_lines_stripped_once():
    text = ("Opening remarks\n\n"
            "MR. SMITH: We meet today \n"
            "\t to speak of peace.  \n"
            "   \n"
            "MS. JONES:   \n"
            "  Thank you (Applause) for this.\n"
            "\u00a0\n"
            "MR. SMITH: Q. What next? Ms. Jones: We go on\n"
            "  together.\n")
    page = parse_text(text, path="x.txt")
    got = [(d.label, [(p.raw, p.speech, p.directions, p.start, p.end, p.line) for p in d.paragraphs])
           for d in page.turns]
    assert got == [
        ("MR. SMITH", [("MR. SMITH: We meet today \n\t to speak of peace.", "We meet today to speak of peace.", (),
                        17, 63, 3)]),
        # a label alone on its line: its speech is the next line's, the direction kept aside
        ("MS. JONES", [("MS. JONES:   \n  Thank you (Applause) for this.", "Thank you for this.", ("(Applause)",),
                        70, 116, 6)]),
        ("MR. SMITH", [("MR. SMITH: Q. What next? Ms. Jones: We go on\n  together.",
                        "Q. What next? Ms. Jones: We go on together.", (), 119, 175, 9)]),
    ]
    assert [(b.kind, b.raw) for b in page.boilerplate] == [("title", "Opening remarks")]
    for d in page.turns:  # each paragraph's raw text is its span of the text
        for p in d.paragraphs:
            assert text[p.start:p.end] == p.raw
