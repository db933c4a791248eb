"""The spoken-register stop words (analysis/lexicons/stopwords_spoken.txt): forms of address,
honorifics and spoken fillers are in the project stop list, out of content-word results, and kept
when the project list is left out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis.terms as tm
from analysis.corpus import load_corpus
from analysis.text import LEXICON_DIR, is_stop, stop_words
from analysis.topics import BRIEFING_STOP_WORDS, fit_topics, topic_units

SPOKEN = LEXICON_DIR / "stopwords_spoken.txt"
HANSARD_SAMPLE = Path(__file__).parent / "data" / "generality" / "hansard_xml"
IRAN_CONTRA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "generality" / \
    "irancontra_hearings_1987_html" / "files"

#: Forms of address and fillers the list must hold (a sample across its sections).
ADDRESS = {"mr", "mrs", "ms", "dr", "sir", "madam", "hon", "gentleman", "gentlemen", "lady", "ladies", "lord",
           "lords", "baroness", "excellency"}
FILLERS = {"um", "uh", "er", "erm", "oh", "yeah", "yep", "gonna", "wanna", "gotta", "inaudible", "lot", "really"}
#: Kept out on the evidence written in the file: content words in the formal collections, or stance verbs.
KEPT = {"friend", "friends", "noble", "honor", "honour", "right", "miss", "chairman", "president", "justice",
        "know", "think", "believe", "mean", "want", "going", "got"}

#: Two turns of a debate, written for these tests.
DEBATE = pd.DataFrame({
    "text": ["Mr. Speaker, my hon. Friend the noble Lord is, um, gonna say yeah: a lot of poverty, really.",
             "Yes, sir. The gentleman knows child poverty is rising. Uh, Madam Deputy Speaker, poverty."],
    "transcript_id": ["a", "b"], "role": ["questioner", "official"]})


def _listed() -> set[str]:
    words = set()
    for line in SPOKEN.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


class TestList:
    def test_every_line_is_one_lower_case_word_with_its_reason(self):
        for line in SPOKEN.read_text(encoding="utf-8").splitlines():
            word, _, reason = line.partition("#")
            if word.strip():
                assert word.strip() == word.strip().lower() and " " not in word.strip(), line
                assert reason.strip(), f"no reason given: {line!r}"

    def test_address_and_fillers_are_listed(self):
        assert ADDRESS | FILLERS <= _listed()

    def test_words_kept_out_on_evidence_are_not_stop_words(self):
        assert not KEPT & stop_words()

    def test_the_category_is_in_the_project_stop_list(self):
        assert _listed() <= stop_words()
        assert all(is_stop(w.capitalize()) for w in ADDRESS | FILLERS)

    def test_without_the_project_list_they_are_kept(self):
        assert not (ADDRESS | FILLERS) & stop_words(include_project=False)
        assert "mr" in stop_words(["Mr"], include_project=False)


class TestCounts:
    def test_exact_counts_without_address_and_fillers(self):
        got = tm.term_frequencies(DEBATE)
        assert dict(zip(got["term"], got["count"])) == {
            "poverty": 3, "speaker": 2, "child": 1, "deputy": 1, "friend": 1, "knows": 1, "noble": 1, "rising": 1}
        assert got["n_words"].iat[0] == 32  # rates are per word of the text, stop words included

    def test_include_project_false_keeps_them(self):
        got = tm.term_frequencies(DEBATE, stop_words=stop_words(include_project=False))
        counts = dict(zip(got["term"], got["count"]))
        assert {w: counts.get(w) for w in ("mr", "hon", "lord", "gentleman", "sir", "madam", "um", "uh", "gonna",
                                           "yeah", "lot", "really")} == dict.fromkeys(
            ("mr", "hon", "lord", "gentleman", "sir", "madam", "um", "uh", "gonna", "yeah", "lot", "really"), 1)
        assert counts["poverty"] == 3

    def test_keyness_leaves_them_out(self):
        turns = pd.concat([DEBATE] * 6, ignore_index=True)
        got = tm.keyness(turns, "official", "questioner", by="role", min_count=1)
        assert not set(got["term"]) & (ADDRESS | FILLERS)
        kept = tm.keyness(turns, "official", "questioner", by="role", min_count=1,
                          stop_words=stop_words(include_project=False))
        assert {"sir", "gentleman", "madam", "mr", "hon", "lord", "um", "yeah"} <= set(kept["term"])


class TestCollections:
    def test_hansard_sample_top_terms_hold_no_form_of_address(self):
        turns = load_corpus(HANSARD_SAMPLE).turns()
        top = tm.term_frequencies(turns, top=30)["term"]
        assert not set(top) & _listed()
        before = tm.term_frequencies(turns, top=30, stop_words=stop_words(include_project=False))["term"]
        assert {"hon", "gentleman"} <= set(before)  # what the list takes out of this sample

    @pytest.mark.skipif(not IRAN_CONTRA.is_dir(), reason=f"the shared corpora are not here ({IRAN_CONTRA})")
    def test_hearings_top_terms_and_topic_terms_hold_no_form_of_address(self):
        corpus = load_corpus(IRAN_CONTRA)
        turns = corpus.turns()
        top = tm.term_frequencies(turns, by="role", top=30)
        assert not set(top["term"]) & _listed()
        result = fit_topics(topic_units(corpus), k=8, extra_stop_words=BRIEFING_STOP_WORDS)
        assert not set(result.topic_terms["term"]) & _listed()
        # the same table with scikit-learn's list only is led by them
        plain = tm.term_frequencies(turns, by="role", top=30, stop_words=stop_words(include_project=False))
        assert {"mr", "sir"} <= set(plain["term"])
