"""analysis.phrases.names.capitalised (keys packed in place, looked up a block at a time) equals
the former kernel on small hand-made texts."""

from __future__ import annotations

import sys

import numpy as np

import analysis.phrases  # noqa: F401 - the package's names hide the modules
from analysis.phrases._stream import _build_stream
from analysis.tokens import token_table

names_mod = sys.modules["analysis.phrases.names"]

TEXTS = [
    "The Secretary-General met Mr. Guterres in New York. We thank him.",
    "",
    "United Nations reform is overdue. The United Nations must act! New York hosts it.",
    "WE CAN'T WAIT. President Xi Jinping's visit... the Party's work; China's position.",
    "Peace. peace and Peace? The General Assembly of the United Nations.",
]


def former_capitalised(stream, texts):
    n = stream.n_tokens
    table = token_table(texts)
    width = np.int64(max((len(t) for t in texts), default=0) + 1)
    key_table = table.text.astype(np.int64) * width + table.start.astype(np.int64)
    key_stream = stream.row.astype(np.int64) * width + stream.char_start.astype(np.int64)
    at = np.minimum(np.searchsorted(key_table, key_stream), len(key_table) - 1)
    type_cap = np.fromiter((t[:1].isupper() for t in table.types), dtype=bool, count=len(table.types))
    cap = type_cap[table.tid[at]] & (key_table[at] == key_stream)
    initial = np.ones(n, dtype=bool)
    initial[1:] = stream.seg_end[:-1] == np.arange(1, n)
    inner = ~initial
    seen = np.bincount(stream.ids[inner], minlength=len(stream.vocab))
    caps = np.bincount(stream.ids[inner], weights=cap[inner], minlength=len(stream.vocab))
    rate = np.divide(caps, seen, out=np.zeros(len(stream.vocab)), where=seen > 0)
    return np.where(initial, rate[stream.ids] >= 0.5, cap)


def test_capitalised_equals_the_former_kernel():
    for texts in (TEXTS, TEXTS[2:], [TEXTS[0], TEXTS[3]]):
        stream = _build_stream(texts, lowercase=True, expand_contractions=True, progress=False)
        got = names_mod.capitalised(stream, texts)
        np.testing.assert_array_equal(got, former_capitalised(stream, texts))
        for block in (1, 3, 7):  # positions looked up a block at a time: the same flags
            np.testing.assert_array_equal(names_mod.capitalised(stream, texts, block=block), got)
    stream = _build_stream(TEXTS[:1], lowercase=True, expand_contractions=True, progress=False)
    got = names_mod.capitalised(stream, TEXTS[:1])
    words = [stream.vocab[i] for i in stream.ids]
    # "The" opens a sentence (its other uses are lower-case: none here, so not a name word);
    # "Secretary-General", "Guterres", "New", "York" are written with capitals; "We" opens one
    assert [w for w, c in zip(words, got) if c] == ["secretary-general", "mr", "guterres", "new", "york"]
