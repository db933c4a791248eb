"""Measures of terms checked against the values their peers publish: dispersion (Gries 2008,
tlda, Wordless), keyness (quanteda's textstat_keyness, Wordless, scipy), weighted log odds
(tidylo), and the tie rule of term_frequencies (quanteda's textstat_frequency)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import terms as tm


class TestDefects:
    def test_tied_terms_share_a_rank_like_quanteda(self) -> None:
        # quanteda.textstats tests/testthat/test-textstat_frequency.R, "ties methods defaults
        # work (min)": a and b (5 each) share rank 1, d is 3rd, c 4th.
        turns = pd.DataFrame({"transcript_id": ["1", "2", "3"],
                              "text": ["a a b b c d", "b b b d d d", "a a a"]})
        out = tm.term_frequencies(turns, stop_words=False, ties="min")
        assert out[["term", "rank"]].values.tolist() == [["a", 1], ["b", 1], ["d", 3], ["c", 4]]

    def test_log_ratio_of_an_empty_corpus_is_an_error(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(ValueError, match="target corpus is empty"):
                tm.log_ratio(0, 5, 0, 100)
            with pytest.raises(ValueError, match="reference corpus is empty"):
                tm.log_ratio(5, 0, 100, 0)
