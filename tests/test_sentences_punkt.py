"""Punkt over arrays (analysis.sentences.punkt_spans): the sentence layer's spans equal
analysis.text.sentence_spans text by text, on random texts made of the characters its rules
read, on texts with Chinese paragraphs and on the bundled corpus."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

import analysis.sentences as sentences_mod
from analysis._memo import Memo
from analysis.text import _default_punkt, sentence_spans

ROOT = Path(__file__).resolve().parents[1]

#: Pieces of text that reach every rule: sentence ends, the punctuation Punkt reads after
#: them, abbreviations, initials, numbers, ellipses, white space of every kind (ASCII and
#: other, single and blank lines, lines of spaces), closing quotes and brackets, dashes.
PIECES = ["a", "b", "Mr", "U.S", "e.g", "J", "1990", "2.5", "--", ".", "..", ". . .", "?", "!", "'", '"', ")",
          "(", "]", "}", ",", ";", ":", " ", "  ", "\n", "\n\n", "\t", "No", "etc", "Hello", "world", "x-ray",
          "\u00a0", "é", "É", "-", "\r", "\x0b", "\x0c", "\u2028", "\u3000", "\n  \n", " \n", "Mr.", "(Mr.",
          '"Hello."', "Co.", "A.", "St.", "...", "\x85", "--x", "ab\u00a0", "Nations.", "it.", "I", "1994.",
          "(1992).", "2", "07", "Only", "only", "?.", "!.", "'.", '").', "Dr.", "abc", "ABC", "A.B."]
#: Chinese pieces, for texts split by their own rule beside the others.
HAN = ["我们", "。", "！", "中方"]


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch):
    monkeypatch.setattr(sentences_mod, "_MEMO", Memo(size=8))
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)


def _flat(texts: list[str]) -> list[tuple[int, int, int]]:
    return [(i, a, b) for i, t in enumerate(texts) for a, b in sentence_spans(t)]


def _table_flat(table) -> list[tuple[int, int, int]]:
    return list(zip(table.text.tolist(), table.start.tolist(), table.end.tolist()))


@pytest.mark.parametrize("seed", range(4))
def test_random_texts_equal_sentence_spans(seed):
    rng = random.Random(seed)
    for _ in range(400):
        pieces = PIECES + HAN if seed == 0 else PIECES
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(rng.randint(1, 5))]
        text, start, end = sentences_mod.punkt_spans(texts, _default_punkt())
        assert list(zip(text.tolist(), start.tolist(), end.tolist())) == _flat(texts), texts


def test_chinese_paragraphs_keep_their_rule():
    texts = ["我们坚决反对。这是原则问题！\n\nMr. Wang said so. He left.", "No Han here. Fine.", "",
             "中方的立场是明确的？是的。"]
    assert _table_flat(sentences_mod.sentence_spans_table(texts)) == _flat(texts)


def test_bundled_corpus_equals_sentence_spans():
    from analysis.corpus import load_corpus

    texts = load_corpus(ROOT / "data").turns()["text"].fillna("").astype(str).tolist()
    table = sentences_mod.sentence_spans_table(texts)
    assert _table_flat(table) == _flat(texts)
    assert table.text_end.tolist() == np.cumsum([len(sentence_spans(t)) for t in texts]).tolist()


def test_splitter_checked_against_nltk():
    assert sentences_mod._fast_splitter(_default_punkt())
