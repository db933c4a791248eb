"""The stream of some turns cut out of a stream held in memory (analysis.phrases._stream.substream)
equals the stream built from those turns' texts, field by field."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phrase_streams import assert_same_stream

import analysis.phrases._stream as stream_mod

TEXTS = [
    "We can't and won’t. Sha n't we? I'm sure they'd agree, and we've said it.",
    "",
    "CAN'T STOP. Ca n't. The U.S. and China’s ties!",
    "The Party's work goes on.\n\nA new paragraph: we firmly oppose it.",
    "Zebra quartz. Only here.",
    "We firmly oppose it. I'm a Party member.",
    "中国 的 立场 是 一贯 的。我们 注意 到 有关 报道。",
]


@pytest.mark.parametrize("lowercase,expand", [(True, True), (True, False), (False, True)])
@pytest.mark.parametrize("rows", [[0, 2, 3], [1, 4], [2, 3, 4, 5, 6], [6], [0, 1, 2, 3, 4, 5]])
def test_substream_equals_the_built_stream(lowercase, expand, rows):
    full = stream_mod._build_stream(TEXTS, lowercase=lowercase, expand_contractions=expand, progress=False)
    full = stream_mod.replace(full, digests=tuple(stream_mod.text_digests(TEXTS)))
    texts = [TEXTS[r] for r in rows]
    want = stream_mod._build_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False)
    got = stream_mod.substream(full, np.array(rows), texts)
    assert_same_stream(got, want)
    assert got.digests == tuple(stream_mod.text_digests(texts))
    # "zebra" is first seen in row 4: ids are numbered again by first occurrence
    if rows == [1, 4]:
        assert got.vocab[0] in ("zebra", "Zebra") and got.ids[0] == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(TEXTS + ["I'd go. Wo n't we?", "a b. a b c."]), min_size=2, max_size=8),
       st.data())
def test_substream_equals_the_built_stream_on_any_choice(texts, data):
    full = stream_mod._build_stream(texts, lowercase=True, expand_contractions=True, progress=False)
    full = stream_mod.replace(full, digests=tuple(stream_mod.text_digests(texts)))
    rows = sorted(data.draw(st.sets(st.integers(0, len(texts) - 1), min_size=1)))
    sub = [texts[r] for r in rows]
    want = stream_mod._build_stream(sub, lowercase=True, expand_contractions=True, progress=False)
    assert_same_stream(stream_mod.substream(full, np.array(rows), sub), want)


def test_build_stream_cuts_a_held_stream_and_gives_the_built_one(monkeypatch):
    """build_stream of some of the texts of a stream in memory is cut out of it (no build),
    and equals a build; texts in another order, or with another one, are built."""
    stream_mod._CACHE.clear()
    full = stream_mod.build_stream(TEXTS, lowercase=True, expand_contractions=True)
    assert full.digests is not None
    built = []
    real = stream_mod._build_stream

    def counting(texts, **kw):
        built.append(list(texts))
        return real(texts, **kw)

    monkeypatch.setattr(stream_mod, "_build_stream", counting)
    sub = [TEXTS[0], TEXTS[3], TEXTS[5]]
    got = stream_mod.build_stream(sub, lowercase=True, expand_contractions=True)
    assert built == []
    assert_same_stream(got, real(sub, lowercase=True, expand_contractions=True, progress=False))
    assert stream_mod._subsequence([b"a", b"b", b"c"], [b"c", b"a"]) is None
    stream_mod.build_stream([TEXTS[5], TEXTS[0]], lowercase=True, expand_contractions=True)
    stream_mod.build_stream([TEXTS[0], "A text no stream holds."], lowercase=True, expand_contractions=True)
    stream_mod.build_stream(sub, lowercase=False, expand_contractions=True)
    assert len(built) == 3
    stream_mod._CACHE.clear()
