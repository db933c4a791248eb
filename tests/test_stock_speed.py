"""The content-word index of stock answers (``_content_candidates``): it never leaves out a
wording that the ratio and content-word tests accept with a seed, and it does leave out
wordings whose content words cannot match."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from analysis.phrases import stock
from analysis.phrases._variants import content_diff_ok

# function words, pronouns, inflections ("note"/"noted"/"notes"), spelling variants
# ("organization"/"organisation") and unrelated content words
WORDS = ["we", "i", "have", "the", "of", "to", "you", "note", "noted", "notes", "noting", "report", "reports",
         "relevant", "organization", "organisation", "organizations", "china", "eu", "us", "oppose", "opposes",
         "firmly", "interference", "affairs", "authority", "authorities", "competent", "refer", "would"]


def _accepted(wordings: list[str], seeds: np.ndarray, similarity: float) -> set[tuple[int, int]]:
    """Reference: every seed against every wording, both tests in full."""
    scores = process.cdist([wordings[i] for i in seeds], wordings, scorer=fuzz.ratio, score_cutoff=similarity,
                           dtype=np.uint8)
    si, wj = np.nonzero(scores)
    return {(a, b) for a, b in zip(seeds[si].tolist(), wj.tolist())
            if content_diff_ok(wordings[a].split(), wordings[b].split(), similarity)}


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=7).map(" ".join), min_size=1, max_size=40,
                unique=True),
       st.sampled_from([0.0, 40.0, 70.0, 85.0, 90.0, 100.0]))
def test_index_keeps_every_accepted_pair(wordings, similarity):
    seeds = np.arange(0, len(wordings), 3)
    candidates = stock._content_candidates(wordings, seeds, similarity)
    assert len(candidates) == len(seeds)
    accepted = _accepted(wordings, seeds, similarity)
    for s, cand in zip(seeds.tolist(), candidates):
        if cand is not None:
            assert np.all(np.diff(cand) > 0)  # sorted, no repeats
            kept = set(cand.tolist())
            assert {b for a, b in accepted if a == s} <= kept
    got = stock._similar_pairs(wordings, seeds, similarity)
    assert len(got) == len(set(got))
    assert {(a, b) for a, b in got if content_diff_ok(wordings[a].split(), wordings[b].split(), similarity)} \
        == accepted


def test_index_leaves_out_other_content_words():
    wordings = ["we have noted the relevant reports",   # seed
                "we noted the relevant reports",        # same content lemmas
                "i have noting the relevant report",    # inflections
                "we have noted the relevant resorts",   # "reports" -> "resorts": content differs
                "china eu us",                          # no shared content lemma
                "we have the of to",                    # no content word
                "organization organisation"]
    seeds = np.array([0, 5, 6])
    candidates = stock._content_candidates(wordings, seeds, 90.0)
    # key of the seed: its least used content lemma ("relevant" and "note" appear in four
    # wordings, "report" in three), so the wordings without "report" are left out
    assert candidates[0].tolist() == [0, 1, 2]
    assert candidates[1] is None  # a seed without content words: every wording
    assert candidates[2].tolist() == [6]  # "organisation" is fuzz.ratio 92 alike to "organization"
    assert stock._content_candidates(wordings, seeds, 0.0) == [None, None, None]
    # the ratio test alone would pair the seed with wording 3 (97%); the index does not
    assert fuzz.ratio(wordings[0], wordings[3]) >= 90
    assert sorted(stock._similar_pairs(wordings, seeds, 90.0)) == [(0, 0), (0, 1), (5, 5), (6, 6)]


def test_stock_answers_same_as_scoring_every_pair(monkeypatch):
    """The whole table with the index equals the table from every pair the ratio test finds."""
    texts = ["We have noted the relevant reports. Trade is going well.", "We have noted the relevant reports.",
             "We noted the relevant reports.", "I have noted the relevant report.",
             "We have noted the relevant affairs.", "We have noted the relevant affairs.",
             "We firmly oppose any interference in our internal affairs.",
             "We firmly opposes any interference in our internal affairs.",
             "We firmly oppose any interference in our internal affairs!"]
    turns = pd.DataFrame({"transcript_id": list("abcdefghi"), "speaker": ["Lu", "Hua"] * 4 + ["Lu"],
                          "role": ["official"] * 9, "text": texts})
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    fast = stock.stock_answers(turns, min_transcripts=2)

    def every_pair(wordings, seeds, similarity):
        scores = process.cdist([wordings[i] for i in seeds], wordings, scorer=fuzz.ratio, score_cutoff=similarity,
                               dtype=np.uint8)
        si, wj = np.nonzero(scores)
        return list(zip(seeds[si].tolist(), wj.tolist()))

    monkeypatch.setattr(stock, "_similar_pairs", every_pair)
    slow = stock._stock_table(stock._one_speaker_spelling(turns), ("official",), 2, 4, 90.0)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast["n_transcripts"].tolist() == [4, 3, 2]
