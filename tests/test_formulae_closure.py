"""Closure, the share of a formula's uses that end a sentence, by hand, and its place in
formulaicity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import closure_shares, formulae
from analysis.phrases._stream import build_stream
from analysis.phrases.formulae import WEIGHTS


def test_closure_shares_by_hand() -> None:
    s = build_stream(["We hope so. So we hope.", "We hope so."], lowercase=True, expand_contractions=True)
    # "we hope" at 0 (inside), 4 (ends "So we hope."), 6 (inside); "hope so" at 1 and 7, both final
    got = closure_shares(s, np.array([0, 4, 6, 1, 7]), np.array([0, 0, 0, 1, 1]), np.array([2, 2]),
                         np.array([0, 1]), 2)
    assert got.tolist() == pytest.approx([1 / 3, 1.0])
    # two phrases of one family pool their uses
    pooled = closure_shares(s, np.array([0, 4, 6, 1, 7]), np.array([0, 0, 0, 1, 1]), np.array([2, 2]),
                            np.array([0, 0]), 1)
    assert pooled.tolist() == pytest.approx([3 / 5])


def test_closure_in_formulaicity() -> None:
    turns = pd.DataFrame({"transcript_id": list("abcd"), "speaker": list("XYXY"),
                          "text": ["We firmly oppose it. Thanks.", "We express our deep condolences.",
                                   "We express our deep condolences to them.", "We firmly oppose that."]})
    out = formulae(turns, kind="all").set_index("formula")
    row = out.loc["we express our deep condolences"]
    assert row["closure"] == 0.5  # ends the sentence in one use of two
    assert row["formulaicity"] == pytest.approx(sum(WEIGHTS[c] * row[c] for c in WEIGHTS) - row["nested"])
    assert out.loc["we firmly oppose", "closure"] == 0.0
