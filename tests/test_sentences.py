"""The sentence layer (analysis.sentences): a table of texts in any order, with repeats, is
taken from one build of their distinct texts and equals Punkt text by text."""

from __future__ import annotations

import numpy as np
import pytest

import analysis.sentences as sentences_mod
from analysis._memo import Memo
from analysis.text import sentence_spans

TEXTS = ["Mr. Qi spoke first. Then Dr. Xu answered.", "", "Thank you.", "Why? Because.\n\nNew paragraph",
         "One sentence only", "U.S. policy is clear. It is!"]


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch):
    monkeypatch.setattr(sentences_mod, "_MEMO", Memo(size=8))
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)


def _spans(table):
    return [table.spans(i) for i in range(table.n_texts)]


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4, 5], [5, 3, 1, 0, 2, 4], [2, 2, 0, 5, 2, 1, 1, 3, 4, 0]])
def test_any_order_and_repeats_equal_sentence_spans(order):
    texts = [TEXTS[i] for i in order]
    table = sentences_mod.sentence_table(texts, cache=False)
    assert _spans(table) == [sentence_spans(t) for t in texts]
    assert table.n_texts == len(texts)
    assert table.text.tolist() == [i for i, t in enumerate(texts) for _ in sentence_spans(t)]
    assert table.text_end.tolist() == np.cumsum([len(sentence_spans(t)) for t in texts]).tolist()


def test_orders_share_one_build_of_the_distinct_texts(monkeypatch):
    built: list[list[str]] = []
    real = sentences_mod._build

    def counting(texts):
        built.append(list(texts))
        return real(texts)

    monkeypatch.setattr(sentences_mod, "_build", counting)
    a = sentences_mod.sentence_table(TEXTS, cache=False)
    b = sentences_mod.sentence_table(TEXTS[::-1] + TEXTS[:2], cache=False)
    assert len(built) == 1 and sorted(built[0]) == sorted(TEXTS)
    assert _spans(b) == _spans(a)[::-1] + _spans(a)[:2]
    assert sentences_mod.sentence_table(TEXTS, cache=False) is a


def test_orders_share_cache_entries(tmp_path, monkeypatch):
    import analysis.tokens as tokens_mod

    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 60)
    texts = [f"Mr. Li spoke {i}. Then Dr. Xu answered! Why {i}?" for i in range(40)] + TEXTS
    first = sentences_mod.sentence_table(texts, cache=tmp_path)
    entries = sorted(p.name for p in tmp_path.rglob("*.parquet"))
    assert len(entries) > 3
    monkeypatch.setattr(sentences_mod, "_MEMO", Memo(size=8))

    def boom(texts):  # pragma: no cover - only if an entry is missing
        raise AssertionError("built although every entry is cached")

    monkeypatch.setattr(sentences_mod, "_build", boom)
    again = sentences_mod.sentence_table(texts[::-1], cache=tmp_path)
    assert _spans(again) == _spans(first)[::-1] == [sentence_spans(t) for t in texts[::-1]]
    assert sorted(p.name for p in tmp_path.rglob("*.parquet")) == entries


def test_empty():
    table = sentences_mod.sentence_table([], cache=False)
    assert table.n_texts == 0 and len(table.text) == 0
