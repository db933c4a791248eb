"""Tests of the openness of a formula's weaker edge (the entropy of the fillers of its slot) on
hand-made texts, and against a count of the fillers word by word."""

from __future__ import annotations

import sys
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import analysis.phrases  # noqa: F401 - the package's names hide the modules
from analysis.phrases import formulae
from analysis.phrases._extend import frequent_levels
from analysis.phrases._stream import build_stream

formulae_mod = sys.modules["analysis.phrases.formulae"]

# the slot before "beta": "alpha" 4 times, "gamma" twice, "delta" once (too rare to be counted)
# and once no word (the sentence starts with "beta"): fillers of shares 1/2, 1/4, 1/8, 1/8
SLOT = ["Alpha beta."] * 4 + ["Gamma beta."] * 2 + ["Delta beta.", "Beta."]
#: their entropy, 1.75 bits, over its largest value, log2 8 = 3 bits
OPEN = 1.75 / 3


def turns_of(*texts: str) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)], "speaker": [f"S{i % 3}" for i in range(n)],
                         "text": list(texts)})


def test_openness_of_a_slot_with_known_fillers() -> None:
    out = formulae(turns_of(*SLOT), kind="all").set_index("formula")
    assert sorted(out.index) == ["alpha beta", "gamma beta"]
    alpha = out.loc["alpha beta"]
    # the left edge is the weaker ("beta" comes with "alpha" in 4 of its 8 uses; "alpha" is
    # always followed by "beta"), so openness is that of the slot before "beta"
    assert (alpha["left_fixedness"], alpha["right_fixedness"]) == (0.5, 1.0)
    assert alpha["openness"] == pytest.approx(OPEN)
    assert out.loc["gamma beta", "openness"] == pytest.approx(OPEN)  # the same slot
    expected = sum(formulae_mod.WEIGHTS[c] * alpha[c] for c in formulae_mod.WEIGHTS)
    assert alpha["formulaicity"] == pytest.approx(expected)


def test_closed_and_open_slots() -> None:
    # "hon lady" in 2 of the 8 uses of "lady" in both texts; the other six uses have one filler
    # ("noble") in the first, six different words in the second
    closed = ["The hon lady spoke.", "The hon lady left."] + ["The noble lady spoke."] * 6
    words = ["old", "young", "first", "last", "kind", "wise"]
    opened = closed[:2] + [f"The {w} lady spoke." for w in words]
    got = {}
    for name, texts in (("closed", closed), ("open", opened)):
        row = formulae(turns_of(*texts), kind="all").set_index("formula").loc["hon lady"]
        assert row["left_fixedness"] == 0.25
        got[name] = row["openness"]
    # fillers 2/8 and 6/8: 0.811 bits of 3; fillers 2/8 and six of 1/8: 0.5 + 6 * 0.375 = 2.75 bits of 3
    assert got["closed"] == pytest.approx((-(0.25 * np.log2(0.25) + 0.75 * np.log2(0.75))) / 3)
    assert got["open"] == pytest.approx(2.75 / 3)
    assert got["open"] > got["closed"]


def _reference(stream, levels) -> dict[tuple[int, tuple[int, ...]], tuple[float, float]]:
    """Per frequent n-gram (length, token ids): the openness of its first and last slot, counted
    word by word over the stream: each frequent n-gram with the same rest a filler, every other
    use of the rest a filler of its own."""
    ids, seg_end = stream.ids.tolist(), stream.seg_end.tolist()
    frequent = {lv.n: {tuple(ids[f:f + lv.n]) for f in lv.first.tolist()} for lv in levels}
    out = {}
    for lv in levels:
        if lv.n < 2 or (lv.n > 2 and lv.n - 1 not in frequent):
            continue
        for f in lv.first.tolist():
            gram = tuple(ids[f:f + lv.n])
            sides = []
            for rest, slot in ((gram[1:], 0), (gram[:-1], len(gram) - 1)):
                fillers: Counter = Counter()
                uses = 0
                for p in range(len(ids) - len(rest) + 1):
                    if tuple(ids[p:p + len(rest)]) != rest or p + len(rest) > seg_end[p]:
                        continue
                    uses += 1
                    q = p - 1 if slot == 0 else p + len(rest)
                    inside = (q >= 0 and seg_end[q] == seg_end[p]) if slot == 0 else q < seg_end[p]
                    whole = (ids[q],) + rest if slot == 0 else rest + (ids[q],) if inside else None
                    fillers[whole if inside and whole in frequent[lv.n] else ("own", p)] += 1
                shares = np.array(list(fillers.values()), dtype=float) / uses
                h = float(-(shares * np.log(shares)).sum())
                sides.append(h / np.log(uses) if uses > 1 else 0.0)
            out[(lv.n, gram)] = tuple(sides)
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_openness_as_counted_word_by_word(seed) -> None:
    rng = np.random.default_rng(seed)
    vocab = ["a", "b", "c", "d", "e", "f"]
    texts = [". ".join(" ".join(rng.choice(vocab, size=rng.integers(2, 7), p=[.3, .25, .2, .1, .1, .05]))
                       for _ in range(3)) + "." for _ in range(30)]
    stream = build_stream(texts, lowercase=True)
    levels = frequent_levels(stream, supports=[(None, 2)], keep_from=2)
    counts = formulae_mod.LevelCounts(stream, levels)
    want = _reference(stream, levels)
    checked = 0
    for lv in levels:
        left, right = counts.openness(lv.first, np.full(lv.n_groups, lv.n))
        for f, a, b in zip(lv.first.tolist(), left, right):
            key = (lv.n, tuple(stream.ids[f:f + lv.n].tolist()))
            if key in want:
                assert (a, b) == pytest.approx(want[key], abs=1e-12), key
                checked += 1
    assert checked > 50  # bigrams and trigrams were compared
