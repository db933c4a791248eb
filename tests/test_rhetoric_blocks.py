"""The device detectors' blocks of turns (what each worker process is sent): every non-empty
text once, in order, with exactly its sentence spans; the matches of the blocks are those of
the detectors run text by text."""

from __future__ import annotations

import pytest

from analysis.rhetoric import DEVICES, devices
from analysis.sentences import sentence_table
from analysis.text import sentence_spans

TEXTS = ["First, we fight. Second, we win!", "", "Is it fair? We think so. What next?",
         "We will open up. We will reform. We will not waver.", "", "More than 96.71 million people, up 3.5%.",
         "Peace, development and cooperation. Not only peace but also growth."]
DETECTED = tuple(d for d in DEVICES if d != "intensifier")


@pytest.mark.parametrize("k", [1, 2, 3, 8])
def test_blocks_hold_each_text_and_its_spans_once(k):
    blocks = devices._blocks(TEXTS, sentence_table(TEXTS), k)
    seen = []
    for pos, texts, starts, ends, bounds in blocks:
        assert len(pos) == len(texts) == len(bounds) - 1
        for i, (p, t) in enumerate(zip(pos.tolist(), texts)):
            assert t == TEXTS[p]
            spans = list(zip(starts[bounds[i]:bounds[i + 1]].tolist(), ends[bounds[i]:bounds[i + 1]].tolist()))
            assert spans == sentence_spans(t)
            seen.append(p)
    assert seen == [p for p, t in enumerate(TEXTS) if t]


@pytest.mark.parametrize("k", [1, 3])
def test_block_matches_equal_the_detectors(k):
    blocks = devices._blocks(TEXTS, sentence_table(TEXTS), k)
    got = [(p, d, s, e, x) for b in (devices._detect_block(block, DETECTED) for block in blocks)
           for p, d, s, e, x in zip(b[0].tolist(), b[1].tolist(), b[2].tolist(), b[3].tolist(), b[4])]
    want = []
    for p, t in enumerate(TEXTS):
        if not t:
            continue
        for j, d in enumerate(DETECTED):
            kw = {"answering": True} if d == "rhetorical_question" else {}
            want += [(p, j, s, e, x) for s, e, x in DEVICES[d](t, **kw)]
    assert got == want and len(want) > 5


def test_blocks_without_sentences():
    (block,) = devices._blocks(TEXTS, None, 1)
    assert block[2] is None and block[1] == [t for t in TEXTS if t]
