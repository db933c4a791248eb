"""Tests of analysis.phrases: n-grams, collocations, maximal phrases, formulae, emergence and
stock answers, on hand-countable texts, against NLTK and scipy, and on the two seed
conferences."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures, TrigramAssocMeasures
from nltk.util import ngrams as nltk_ngrams
from scipy.stats import kendalltau

from analysis.corpus import load_corpus
from analysis.errors import EmptyResultError
from analysis.phrases import (
    FUNCTION_WORDS, collocations, formula_emergence, formula_occurrences, formula_spread, formula_use, formulae,
    new_formulae, ngram_counts, recurring_phrases, stock_answer_rates, stock_answers,
)
from analysis.text import sentences, tokenize

SEEDS = Path(__file__).resolve().parent.parent / "data" / "transcripts" / "seeds"


def frame(*texts: str, **cols) -> pd.DataFrame:
    return pd.DataFrame({"text": list(texts), **cols})


def sentence_tokens(texts) -> list[list[str]]:
    """Reference tokens: sentences, tokenize, lower case, punctuation dropped (as documented)."""
    return [[t.lower().replace("\u2019", "'") for t in tokenize(s) if len(t) > 1 or t.isalnum()]
            for text in texts for s in sentences(text)]


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_corpus(SEEDS).turns()


# --------------------------------------------------------------------------- n-grams
class TestNgramCounts:
    TEXT = "Peace and stability matter. Peace and stability in Asia. Stability and peace."

    def test_hand_counts(self) -> None:
        out = ngram_counts(frame(self.TEXT), n=2, min_count=1, stop_rule="none")
        got = dict(zip(out["ngram"], out["count"]))
        assert got == {"peace and": 2, "and stability": 2, "stability matter": 1, "stability in": 1,
                       "in asia": 1, "stability and": 1, "and peace": 1}
        assert out["count"].tolist() == sorted(out["count"], reverse=True)

    def test_repeat_across_a_sentence_boundary_does_not_count(self) -> None:
        # "it firmly" is contiguous across ". " in the first turn: only the second one counts
        text = "They oppose it. Firmly they act. We oppose it firmly."
        out = ngram_counts(frame(text), n=2, min_count=1, stop_rule="none")
        assert dict(zip(out["ngram"], out["count"]))["it firmly"] == 1
        assert "they oppose it firmly" not in set(ngram_counts(frame(text), n=4, min_count=1)["ngram"])

    def test_turn_boundary(self) -> None:
        out = ngram_counts(frame("We act", "now together"), n=2, min_count=1, stop_rule="none")
        assert set(out["ngram"]) == {"we act", "now together"}

    @pytest.mark.parametrize("n", [1, 2, 3, 5])
    def test_conservation(self, n) -> None:
        texts = [self.TEXT, "Win-win cooperation, as always. The Party's work goes on and on."]
        out = ngram_counts(frame(*texts), n=n, min_count=1, stop_rule="none")
        expected = sum(max(len(s) - n + 1, 0) for s in sentence_tokens(texts))
        assert out["count"].sum() == expected

    def test_agrees_with_nltk_ngrams_on_seeds(self, seeds) -> None:
        toks = sentence_tokens(seeds["text"])
        out = ngram_counts(seeds, n=(2, 9), min_count=2, stop_rule="none")
        for n in (2, 5, 9):
            ref = Counter(g for s in toks for g in nltk_ngrams(s, n))
            ref = {re.sub(r" ('s|'m|'re|'ve|'ll|'d|n't)(?= |$)", r"\1", " ".join(g)): c
                   for g, c in ref.items() if c >= 2}
            got = out[out["n"] == n]
            assert dict(zip(got["ngram"], got["count"])) == ref

    def test_long_ngrams(self) -> None:
        phrase = "one two three four five six seven eight nine ten"
        out = ngram_counts(frame(f"Well {phrase}.", f"So {phrase} again."), n=(8, 12), stop_rule="none")
        assert out.groupby("n")["count"].apply(list).to_dict() == {8: [2, 2, 2], 9: [2, 2], 10: [2]}

    def test_by_group(self) -> None:
        turns = frame("Peace and stability. Peace and stability.", "Peace and stability.", "War and peace.",
                      speaker=["A", "B", "B"])
        out = ngram_counts(turns, n=3, by="speaker", min_count=1, stop_rule="none")
        got = {(r.speaker, r.ngram): (r.count, r.n_turns) for r in out.itertuples()}
        assert got == {("A", "peace and stability"): (2, 1), ("B", "peace and stability"): (1, 1),
                       ("B", "war and peace"): (1, 1)}
        assert out.loc[0, "per_1000"] == pytest.approx(2 / 6 * 1_000)

    @pytest.mark.parametrize("rule, expected", [
        ("all", {"self-governance of the", "of the party", "self-governance of the party", "the party"}),
        ("edges", {"self-governance of the party"}),
        ("none", {"self-governance of the", "of the party", "self-governance of the party", "of the", "the party"}),
    ])
    def test_stop_rules_keep_formula_whole(self, rule, expected) -> None:
        text = "Self-governance of the Party. Self-governance of the Party."
        out = ngram_counts(frame(text), n=(2, 4), stop_rule=rule)
        assert set(out["ngram"]) - {"self-governance of"} == expected

    def test_case_and_contractions(self) -> None:
        turns = frame("I'm a Party member.", "I am a party member.")
        assert ngram_counts(turns, n=5, expand_contractions=True)["count"].tolist() == [2]
        assert ngram_counts(turns, n=5, lowercase=False, expand_contractions=True, min_count=1)["count"].tolist() \
            == [1, 1]
        assert ngram_counts(turns, n=5).empty

    def test_empty_input(self) -> None:
        out = ngram_counts(frame().assign(speaker=[]), by="speaker")
        assert list(out.columns) == ["speaker", "ngram", "n", "count", "n_turns", "per_1000"]
        assert out.empty

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"ngram_counts\(\): n must be"):
            ngram_counts(frame("a b"), n=(3, 2))
        with pytest.raises(ValueError, match="min_count must be in"):
            ngram_counts(frame("a b"), min_count=0)
        with pytest.raises(ValueError, match="stop_rule must be one of"):
            ngram_counts(frame("a b"), stop_rule="middle")
        with pytest.raises(ValueError, match="stop_words must be one of"):
            ngram_counts(frame("a b"), stop_words="content")
        with pytest.raises(ValueError, match="no column"):
            ngram_counts(frame("a b"), by="speaker")


# --------------------------------------------------------------------------- maximal phrases
def brute_force_maximal(sents: list[list[str]], min_count: int) -> dict[str, tuple[int, int]]:
    """Maximal recurring phrases by definition, all pairs and all lengths (tiny inputs only)."""
    occ: dict[tuple, list[tuple[int, int]]] = {}
    for si, s in enumerate(sents):
        for n in range(1, len(s) + 1):
            for i in range(len(s) - n + 1):
                occ.setdefault(tuple(s[i:i + n]), []).append((si, i))
    listed: list[tuple[tuple, list]] = []
    out = {}
    for gram in sorted((g for g, o in occ.items() if len(o) >= min_count), key=len, reverse=True):
        n = len(gram)
        indep = [(si, i) for si, i in occ[gram]
                 if not any(sj == si and j <= i and i + n <= j + len(g) for g, os_ in listed for sj, j in os_)]
        if len(indep) >= min_count:
            listed.append((gram, occ[gram]))
            out[" ".join(gram)] = (len(occ[gram]), len(indep))
    return out


class TestRecurringPhrases:
    def cols(self, out):
        return {r.phrase: (r.count, r.independent) for r in out.itertuples()}

    def test_overlapping_repeat(self) -> None:
        out = recurring_phrases(frame("Win lose win lose win."), min_count=2, min_length=1, stop_rule="none")
        assert self.cols(out) == {"win lose win": (2, 2)}

    def test_nested_repeat_listed_only_when_it_recurs_on_its_own(self) -> None:
        text = "Peace and stability in Asia. Peace and stability matter. Peace and stability in Asia."
        assert self.cols(recurring_phrases(frame(text), min_count=2)) == {"peace and stability in asia": (2, 2)}
        more = text + " Peace and stability again."
        assert self.cols(recurring_phrases(frame(more), min_count=2)) == {
            "peace and stability in asia": (2, 2), "peace and stability": (4, 2)}

    def test_repeat_across_sentence_boundary_does_not_count(self) -> None:
        text = "Trade grows. Talks resume. Trade grows talks resume."
        out = recurring_phrases(frame(text), min_count=2, min_length=1, stop_rule="none")
        assert self.cols(out) == {"trade grows": (2, 2), "talks resume": (2, 2)}

    def test_stop_rule_edges_trims_function_words(self) -> None:
        text = "We support the one-China principle. They support the one-China principle."
        assert set(recurring_phrases(frame(text), min_count=2)["phrase"]) == {"support the one-china principle"}
        none = recurring_phrases(frame(text), min_count=2, stop_rule="none")
        assert set(none["phrase"]) == {"support the one-china principle"}
        text2 = "China and Russia agree. China and Pakistan agree."
        assert recurring_phrases(frame(text2), min_count=2, min_length=2).empty  # "china and" ends with "and"

    def test_columns_and_counts(self) -> None:
        turns = frame("Peace and stability. Peace and stability.", "Peace and stability!",
                      transcript_id=["a", "b"])
        out = recurring_phrases(turns, min_count=3)
        assert out.to_dict("records") == [{"phrase": "peace and stability", "n": 3, "count": 3, "independent": 3,
                                           "n_turns": 2, "n_transcripts": 2}]

    def test_max_length(self) -> None:
        text = "Alpha beta gamma delta. Alpha beta gamma delta."
        out = recurring_phrases(frame(text), min_count=2, max_length=2, stop_rule="none")
        assert self.cols(out) == {"alpha beta": (2, 2), "beta gamma": (2, 2), "gamma delta": (2, 2)}

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(["alpha", "beta", "gamma"]), max_size=10), min_size=1, max_size=6),
           st.integers(min_value=2, max_value=3))
    def test_equals_brute_force(self, sents, min_count) -> None:
        texts = [" ".join(s) for s in sents]  # one sentence per turn (no punctuation)
        out = recurring_phrases(frame(*texts), min_count=min_count, min_length=1, stop_rule="none")
        assert self.cols(out) == brute_force_maximal([s for s in sents if s], min_count)

    def test_seeds(self, seeds) -> None:
        out = recurring_phrases(seeds, min_count=2)
        phrases = dict(zip(out["phrase"], out["n_transcripts"]))
        assert phrases["full and rigorous self-governance of the party"] == 2
        assert any("with comrade xi jinping at its core" in p for p in phrases)

    def test_empty_and_errors(self) -> None:
        assert list(recurring_phrases(frame()).columns) == ["phrase", "n", "count", "independent", "n_turns",
                                                            "n_transcripts"]
        with pytest.raises(ValueError, match=r"recurring_phrases\(\): min_count must be in \[2, inf\]"):
            recurring_phrases(frame("a"), min_count=1)
        with pytest.raises(ValueError, match="max_length must be in"):
            recurring_phrases(frame("a"), min_length=3, max_length=2)
        with pytest.raises(TypeError, match="turns must be a Corpus or a pandas DataFrame"):
            recurring_phrases(["a"])


# --------------------------------------------------------------------------- collocations
class TestCollocations:
    @pytest.mark.parametrize("n", [2, 3])
    def test_scores_equal_nltk(self, seeds, n) -> None:
        out = collocations(seeds, n=n, min_count=2, stop_rule="none")
        finder_cls, measures = ((BigramCollocationFinder, BigramAssocMeasures) if n == 2
                                else (TrigramCollocationFinder, TrigramAssocMeasures))
        finder = finder_cls.from_documents(sentence_tokens(seeds["text"]))
        assert len(out) == sum(1 for c in finder.ngram_fd.values() if c >= 2)
        for r in out.itertuples():
            words = (r.w1, r.w2) if n == 2 else (r.w1, r.w2, r.w3)
            assert r.count == finder.ngram_fd[words]
            assert r.pmi == pytest.approx(finder.score_ngram(measures.pmi, *words), rel=1e-12)
            assert r.llr == pytest.approx(finder.score_ngram(measures.likelihood_ratio, *words), rel=1e-12)
            assert r.t_score == pytest.approx(finder.score_ngram(measures.student_t, *words), rel=1e-12)
            if n == 2:
                assert r.dice == pytest.approx(finder.score_ngram(measures.dice, *words), rel=1e-12)
            p = r.count / finder.N
            assert r.npmi == pytest.approx(r.pmi / (-(n - 1) * np.log2(p)))
            assert -1 <= r.npmi <= 1

    def test_hand_worked_bigram(self) -> None:
        # N = 8 tokens; f(win-win) = 2, f(cooperation) = 3, f(win-win cooperation) = 2
        out = collocations(frame("Win-win cooperation matters. Win-win cooperation works.", "Cooperation works."),
                           min_count=2, stop_rule="none")
        row = out.set_index("collocation").loc["win-win cooperation"]
        assert row["pmi"] == pytest.approx(np.log2(2 * 8 / (2 * 3)))
        assert row["dice"] == pytest.approx(2 * 2 / (2 + 3))
        assert row["t_score"] == pytest.approx((2 - 2 * 3 / 8) / np.sqrt(2), rel=1e-9)

    def test_word_filter_and_sort(self, seeds) -> None:
        out = collocations(seeds, min_count=2, word="Party", sort_by="npmi")
        assert len(out) and ((out["w1"] == "party") | (out["w2"] == "party")).all()
        assert out["npmi"].tolist() == sorted(out["npmi"], reverse=True)
        assert collocations(seeds, word="zebra").empty

    def test_stop_rule_edges(self, seeds) -> None:
        out = collocations(seeds, min_count=2)
        from analysis.text import stop_words
        assert not (out["w1"].isin(stop_words()) | out["w2"].isin(stop_words())).any()

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"collocations\(\): n must be one of 2, 3"):
            collocations(frame("a b"), n=4)
        with pytest.raises(ValueError, match="sort_by must be one of"):
            collocations(frame("a b"), sort_by="chi2")
        with pytest.raises(TypeError, match="word must be str"):
            collocations(frame("a b"), word=3)
        assert list(collocations(frame(), n=3).columns) == ["collocation", "w1", "w2", "w3", "count", "pmi",
                                                             "npmi", "llr", "t_score", "dice", "llr_split"]
        with pytest.raises(ValueError, match="llr_split is defined for trigrams only"):
            collocations(frame("a b"), sort_by="llr_split")


# --------------------------------------------------------------------------- formulae
class TestFormulae:
    def test_seed_formulae_shared_by_both_conferences(self, seeds) -> None:
        out = formulae(seeds, min_transcripts=2)
        assert (out["n_transcripts"] == 2).all()
        shared = out["formula"].tolist()
        assert "full and rigorous self-governance of the party" in shared
        assert any("with comrade xi jinping at its core" in f for f in shared)
        occ = formula_occurrences(seeds, ["full and rigorous self-governance of the Party",
                                          "with Comrade Xi Jinping at its core"])
        assert occ.groupby("formula")["transcript_id"].nunique().to_dict() == {
            "full and rigorous self-governance of the Party": 2, "with Comrade Xi Jinping at its core": 2}
        assert set(occ["text"]) == {"full and rigorous self-governance of the Party",
                                    "with Comrade Xi Jinping at its core"}

    def test_contracted_variants(self) -> None:
        turns = frame("I am a Party member, I will go first!", "I'm a Party member. I'll go first!",
                      transcript_id=["t1", "t2"], speaker=["A", "B"])
        out = formulae(turns, stop_rule="all").set_index("formula")
        assert out.loc["i am a party member", "variants"] == ("i am a party member", "i'm a party member")
        assert out.loc["i will go first", "variants"] == ("i will go first", "i'll go first")
        assert out.loc["i am a party member", "n_transcripts"] == 2
        curly = formulae(pd.concat([turns, frame("I\u2019m a Party member.", transcript_id=["t3"], speaker=["C"])]),
                         stop_rule="all").set_index("formula")
        assert curly.loc["i am a party member", "variants"] == ("i'm a party member", "i am a party member")

    def test_fuzzy_families(self) -> None:
        core = "The CPC Central Committee with Comrade Xi Jinping at its core leads."
        variant = "The CPC Central Committee with Comrade Xi Jinping as the core leads."
        turns = frame(core, core, variant, variant, "China-US relations improved.", "China-US relations improved.",
                      "China-EU relations improved.", "China-EU relations improved.",
                      transcript_id=list("abcdefgh"), speaker=list("XYXYXYXY"))
        out = formulae(turns, min_transcripts=2)
        fam = out[out["formula"].str.contains("comrade")].iloc[0]
        # the two wordings are one family (with the window they share, merged as a shifted window)
        assert {m for m in fam["members"] if m.endswith("core leads")} == {
            "cpc central committee with comrade xi jinping at its core leads",
            "cpc central committee with comrade xi jinping as the core leads"}
        assert fam["n_transcripts"] == 4
        assert set(out["formula"]) >= {"china-us relations improved", "china-eu relations improved"}
        from analysis.phrases._variants import variant_groups

        a, b = sorted(m for m in fam["members"] if m.endswith("core leads"))
        assert variant_groups([a, b], [a.split(), b.split()], similarity=90).tolist() == [0, 0]
        assert variant_groups([a, b], [a.split(), b.split()], similarity=101).tolist() == [0, 1]

    def test_variant_groups_agree_with_all_pairs(self) -> None:
        from analysis.phrases._variants import _variant_groups_by_pairs, variant_groups

        words = ["we firmly oppose the decision", "we firmly opposes the decision", "we firmly oppose a decision",
                 "we firmly support the decision", "the international organization for migration",
                 "the international organisation for migration", "the international organisations for migration",
                 "china-us relations improved", "china-eu relations improved", "i have noted the reports",
                 "we have noted the relevant reports", "we have noted relevant reports", "we note",
                 "at the invitation of the state councilor and foreign minister",
                 "at the invitation of state councilor and foreign minister",
                 "at an invitation of the state councillor and the foreign minister", "noted", "note"]
        toks = [w.split() for w in words]
        for similarity in (60, 80, 90, 95, 100):
            want = _variant_groups_by_pairs(words, toks, similarity=similarity)
            assert variant_groups(words, toks, similarity=similarity).tolist() == want.tolist(), similarity
        got = variant_groups(words, toks, similarity=90)
        assert got[4] == got[5] == got[6] and got[0] == got[1] != got[3] and got[7] != got[8]

    def test_spread_statistics(self) -> None:
        turns = frame("We firmly oppose that.", "We firmly oppose this.", "Do you oppose it?", "We firmly oppose it.",
                      transcript_id=["a", "b", "b", "c"], speaker=["Lu", "Hua", "Reporter", "Lu"],
                      role=["official", "official", "questioner", "official"],
                      date=pd.to_datetime(["2019-01-01", "2019-06-01", "2019-06-01", "2020-01-01"]))
        out = formulae(turns)
        assert out["formula"].tolist() == ["we firmly oppose"]
        r = out.iloc[0]
        assert (r["count"], r["n_transcripts"], r["n_speakers"], r["top_speaker"]) == (3, 3, 2, "Lu")
        assert (r["first_date"], r["last_date"]) == (pd.Timestamp("2019-01-01"), pd.Timestamp("2020-01-01"))
        assert (r["share_official"], r["share_questioner"], r["share_of_transcripts"]) == (1.0, 0.0, 1.0)
        with pytest.raises(EmptyResultError, match="try a lower min_transcripts or min_speakers"):
            formulae(turns, min_speakers=3)

    def test_formula_use(self) -> None:
        turns = frame("We firmly oppose that.", "We firmly oppose this.", "We firmly oppose it.",
                      transcript_id=["a", "b", "c"], speaker=["Lu", "Hua", "Lu"])
        out = formula_use(turns, formulae(turns))
        assert out[["speaker", "count", "n_transcripts", "share_of_transcripts"]].values.tolist() == [
            ["Hua", 1, 1, 1.0], ["Lu", 2, 2, 1.0]]

    def test_formula_use_by_transcript(self) -> None:
        # by may name transcript_id itself, alone or with another column: each transcript is its group
        turns = frame("We firmly oppose that. We firmly oppose this.", "No.", "We firmly oppose it.",
                      transcript_id=["a", "a", "b"], speaker=["Lu", "Hua", "Lu"])
        out = formula_use(turns, ["firmly oppose"], by="transcript_id")
        assert out.values.tolist() == [["a", "firmly oppose", 2, 1, 1.0], ["b", "firmly oppose", 1, 1, 1.0]]
        out = formula_use(turns, ["firmly oppose"], by=["speaker", "transcript_id"])
        assert out.values.tolist() == [["Lu", "a", "firmly oppose", 2, 1, 1.0], ["Lu", "b", "firmly oppose", 1, 1, 1.0]]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="no column"):
            formulae(frame("a b"))
        with pytest.raises(ValueError, match="min_transcripts must be in"):
            formulae(frame("a", transcript_id=["a"], speaker=["x"]), min_transcripts=0)
        with pytest.raises(ValueError, match="formulae must be the frame from formulae"):
            formula_occurrences(frame("a"), pd.DataFrame({"x": [1]}))


# --------------------------------------------------------------------------- emergence
DATED = pd.DataFrame({
    "transcript_id": [f"t{i:02d}" for i in range(12)],
    "speaker": ["X"] * 12,
    "date": pd.date_range("2019-01-01", periods=12, freq="QS"),
    "text": ["Nothing new.", "Nothing new.", "Old friendship lasts.", "Win-win cooperation. Old friendship lasts.",
             *["Win-win cooperation."] * 7, "Win-win cooperation now."],
})


class TestEmergence:
    def test_spread(self) -> None:
        out = formula_spread(DATED, ["win-win cooperation"], freq="Y")
        assert out[["period", "n_transcripts", "transcripts", "share"]].values.tolist() == [
            ["2019", 1, 4, 0.25], ["2020", 4, 4, 1.0], ["2021", 4, 4, 1.0]]

    def test_trend_agrees_with_scipy(self) -> None:
        out = formula_emergence(DATED, ["win-win cooperation", "old friendship lasts"], min_periods=4)
        rows = out.set_index("formula")
        shares = np.array([0, 0, 0] + [1] * 9, dtype=float)
        assert rows.loc["win-win cooperation", "tau"] == pytest.approx(kendalltau(np.arange(12), shares).statistic)
        assert rows.loc["win-win cooperation", "first_period"] == "2019Q4"
        assert rows.loc["win-win cooperation", "trend"] == "rising"
        assert rows.loc["old friendship lasts", "trend"] == "flat"
        assert out["formula"].tolist()[0] == "win-win cooperation"  # rising first

    def test_too_short_and_new(self) -> None:
        out = formula_emergence(DATED.head(3), ["nothing new"], min_periods=4)
        assert out["trend"].tolist() == ["too short"]
        new = new_formulae(DATED, ["win-win cooperation", "nothing new"], start="2019-07-01", end="2020-12-31")
        assert new[["formula", "n_transcripts_in_period", "first_text"]].values.tolist() == [
            ["win-win cooperation", 5, "Win-win cooperation"]]
        with pytest.raises(ValueError, match="end must not be before start"):
            new_formulae(DATED, ["x"], start="2020-01-01", end="2019-01-01")

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"formula_spread\(\): freq must be one of"):
            formula_spread(DATED, ["x"], freq="D")
        with pytest.raises(EmptyResultError, match="no turn has a date"):
            formula_emergence(DATED.assign(date=pd.NaT), ["x"])


# --------------------------------------------------------------------------- stock answers
STOCK = pd.DataFrame({
    "transcript_id": ["a", "a", "b", "b", "c", "d"],
    "speaker": ["Journalist", "Lu", "Journalist", "Hua", "Lu", "Lu"],
    "role": ["questioner", "official", "questioner", "official", "official", "official"],
    "date": pd.to_datetime(["2019-01-01", "2019-01-01", "2019-02-01", "2019-02-01", "2019-03-01", "2019-04-01"]),
    "text": ["We have noted the relevant reports.", "We have noted the relevant reports. Trade is going well.",
             "Any comment?", "We have noted the relevant reports.", "We noted the relevant reports.",
             "I would refer you to the competent authorities."],
})


class TestStockAnswers:
    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.text(alphabet="ab c", min_size=1, max_size=30), min_size=1, max_size=40),
           st.sampled_from([0.0, 50.0, 85.0, 90.0, 100.0]))
    def test_similar_pairs_equal_scoring_every_pair(self, wordings, similarity):
        """Scoring only the wordings whose length and content words can pass finds every pair
        scoring all does that content_diff_ok accepts, and no pair scoring all does not find."""
        from rapidfuzz import fuzz, process

        from analysis.phrases import stock
        from analysis.phrases._variants import content_diff_ok

        seeds = np.arange(0, len(wordings), 2)
        full = process.cdist([wordings[i] for i in seeds], wordings, scorer=fuzz.ratio, score_cutoff=similarity,
                             dtype=np.uint8)
        si, wj = np.nonzero(full)
        every = set(zip(seeds[si].tolist(), wj.tolist()))
        got = stock._similar_pairs(wordings, seeds, similarity)
        assert len(got) == len(set(got)) and set(got) <= every
        accepted = {(a, b) for a, b in every if content_diff_ok(wordings[a].split(), wordings[b].split(), similarity)}
        assert {(a, b) for a, b in got if content_diff_ok(wordings[a].split(), wordings[b].split(), similarity)} \
            == accepted

    def test_near_verbatim_family(self) -> None:
        out = stock_answers(STOCK, min_transcripts=3)
        assert out[["answer", "n_uses", "n_transcripts", "n_speakers", "n_variants"]].values.tolist() == [
            ["we have noted the relevant reports", 3, 3, 2, 2]]
        assert out.loc[0, "example"] == "We have noted the relevant reports."
        assert out.loc[0, "speakers"] == ("Lu", "Hua")

    def test_roles(self) -> None:
        assert stock_answers(STOCK, min_transcripts=4).empty
        assert stock_answers(STOCK, roles=None, min_transcripts=3)[["n_uses", "n_transcripts"]].values.tolist() == [
            [4, 3]]

    def test_rates(self) -> None:
        stock = stock_answers(STOCK, min_transcripts=3)
        out = stock_answer_rates(STOCK, stock)
        assert out[["speaker", "n_sentences", "n_stock", "rate", "n_answers"]].values.tolist() == [
            ["Hua", 1, 1, 1.0, 1], ["Lu", 4, 2, 0.5, 1]]
        per_month = stock_answer_rates(STOCK, stock, by=None, freq="M")
        assert per_month["rate"].tolist() == [0.5, 1.0, 1.0, 0.0]
        assert stock_answer_rates(STOCK, by=None, min_transcripts=3)["n_stock"].tolist() == [3]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="min_transcripts must be in"):
            stock_answers(STOCK, min_transcripts=1)
        with pytest.raises(ValueError, match="stock must be the frame from stock_answers"):
            stock_answer_rates(STOCK, pd.DataFrame({"a": [1]}))
        with pytest.raises(TypeError, match="roles must be"):
            stock_answers(STOCK, roles="official")


def test_function_words_keep_content_words_out() -> None:
    assert {"full", "first", "two", "un", "us", "who", "i", "we"}.isdisjoint(FUNCTION_WORDS)
    assert {"the", "of", "and", "with", "at", "its", "'s"} <= FUNCTION_WORDS


def test_find_with_a_bigram_index_equals_a_scan_of_every_position():
    """formulae._find sorts the candidate positions by bigram; it finds exactly the positions a scan
    of every position finds, in the same order (phrases of one, two and more tokens, phrases
    that would cross a sentence end, an unknown token)."""
    import numpy as np

    from analysis.phrases._stream import stream_from_sentences
    from analysis.phrases.formulae import _find

    rng = np.random.default_rng(7)
    words = ["we", "oppose", "it", "the", "party", "'s", "work"]
    sentences = [[words[i] for i in rng.integers(0, len(words), rng.integers(0, 9))] for _ in range(300)]
    stream = stream_from_sentences(sentences)
    seqs = [stream.encode(p) for p in ["we", "we oppose", "the party's work", "oppose it we", "it it it",
                                       "work we", "nobody here", ""]]
    ids, seg_end = stream.ids, stream.seg_end
    which, where = [], []
    for k, seq in enumerate(seqs):
        if seq is None or not len(seq):
            continue
        for p in range(len(ids)):
            if p + len(seq) <= seg_end[p] and ids[p:p + len(seq)].tolist() == seq.tolist():
                which.append(k)
                where.append(p)
    got_which, got_where = _find(stream, seqs)
    assert got_which.tolist() == which
    assert got_where.tolist() == where
    assert len(where) > 50


def test_span_texts_equal_phrase_text_of_each_span():
    """Stream.span_texts slices the phrases out of the stream written once: the same strings
    as phrase_text span by span, over blocks of any size (clitics attached, a clitic opening a
    span left as it is, empty spans)."""
    import numpy as np

    from analysis.phrases._stream import phrase_text, stream_from_sentences

    rng = np.random.default_rng(3)
    words = ["we", "oppose", "it", "the", "party", "'s", "work", "n't", "é"]
    stream = stream_from_sentences([[words[i] for i in rng.integers(0, len(words), rng.integers(0, 12))]
                                    for _ in range(200)])
    cuts = np.unique(np.concatenate([[0, stream.n_tokens], rng.integers(0, stream.n_tokens, 150)]))
    starts, ends = cuts[:-1], cuts[1:]
    starts = np.concatenate([starts, [stream.n_tokens]])
    ends = np.concatenate([ends, [stream.n_tokens]])
    want = [phrase_text(stream.vocab[stream.ids[a:b]]) for a, b in zip(starts, ends)]
    for block in (1, 7, 100, 1 << 21):
        assert stream.span_texts(starts, ends, block=block) == want
    assert any(w.startswith("'s") or w.startswith("n't") for w in want)
    assert any("'s" in w[1:] for w in want)


def test_stock_pairs_cached_on_disk_equal_scored_ones(tmp_path, monkeypatch):
    """stock_answers keeps the similar pairs in the disk cache: a warm call reads them (no
    scoring) and gives the same frame; a damaged entry is scored afresh with a warning."""
    import warnings

    import analysis.phrases.stock as stock_mod
    from analysis.phrases import stock_answers

    turns = pd.DataFrame({"transcript_id": ["a", "b", "c", "d"], "speaker": ["X", "Y", "X", "Y"],
                          "role": ["official"] * 4,
                          "text": ["We firmly oppose any interference in our internal affairs. Next.",
                                   "We firmly oppose any interference in our internal affairs! Yes.",
                                   "We firmly opposed any interference in our internal affair. No.",
                                   "Nothing to add today at all."]})
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    fresh = stock_answers(turns, min_transcripts=2)
    assert len(fresh) == 1 and fresh["n_transcripts"].iat[0] == 3
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    cold = stock_answers(turns, min_transcripts=2)
    entries = list((tmp_path / "stock_pairs").rglob("*.parquet"))
    assert len(entries) == 1

    def boom(*args):  # pragma: no cover - only if the entry is not read
        raise AssertionError("scored although the pairs are cached")

    real = stock_mod._similar_pairs
    monkeypatch.setattr(stock_mod, "_similar_pairs", boom)
    monkeypatch.setattr(stock_mod, "_stock_table", boom)  # the whole frame is an entry too
    warm = stock_answers(turns, min_transcripts=2)
    for got in (cold, warm):
        pd.testing.assert_frame_equal(got, fresh, check_exact=True)
    monkeypatch.undo()
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    for whole in (tmp_path / "stock-answers-v1").rglob("*.parquet"):
        whole.unlink()  # so that the pairs entry is read again
    entries[0].write_bytes(b"not parquet")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = stock_answers(turns, min_transcripts=2)
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
    assert any(str(entries[0]) in str(w.message) for w in caught)
    # pairs that do not fit the wordings (a valid entry of other indices): scored afresh, warned
    import pyarrow as pa

    from analysis.cache import write_table

    for whole in (tmp_path / "stock-answers-v1").rglob("*.parquet"):
        whole.unlink()
    key = entries[0].stem
    write_table(key, pa.table({"seed": pa.array([0], pa.int64()), "wording": pa.array([99], pa.int64())}),
                kind="stock_pairs", cache=tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = stock_answers(turns, min_transcripts=2)
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
    assert any("out of range" in str(w.message) for w in caught)


def test_collocations_cached_on_disk_equal_computed(tmp_path, monkeypatch):
    """collocations keeps its frame in the disk cache: a warm call reads it (no stream, no
    counting) and equals the computed frame exactly, every measure included; other options
    or texts are other entries; a damaged entry is computed afresh with a warning."""
    import sys
    import warnings

    from analysis.phrases import collocations

    colloc_mod = sys.modules["analysis.phrases.collocations"]  # the package's name is the function

    turns = pd.DataFrame({"text": ["Win-win cooperation matters. Win-win cooperation works.",
                                   "Cooperation works. The Party's work works.", "Cooperation works!"]})
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    fresh = {m: collocations(turns, min_count=1, measures=m) for m in (None, "all")}
    fresh3 = collocations(turns, n=3, min_count=1, stop_words=False)
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    for m, want in fresh.items():
        pd.testing.assert_frame_equal(collocations(turns, min_count=1, measures=m), want, check_exact=True)
    pd.testing.assert_frame_equal(collocations(turns, n=3, min_count=1, stop_words=False), fresh3, check_exact=True)
    entries = list((tmp_path / "collocations").rglob("*.parquet"))
    assert len(entries) == 3

    def boom(*args, **kwargs):  # pragma: no cover - only if an entry is not read
        raise AssertionError("computed although the frame is cached")

    real = colloc_mod._collocations
    monkeypatch.setattr(colloc_mod, "_collocations", boom)
    for m, want in fresh.items():
        pd.testing.assert_frame_equal(collocations(turns, min_count=1, measures=m), want, check_exact=True)
    with pytest.raises(AssertionError, match="computed although"):
        collocations(turns.iloc[:2], min_count=1)
    monkeypatch.setattr(colloc_mod, "_collocations", real)
    for p in entries:
        p.write_bytes(b"damaged")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = collocations(turns, min_count=1, measures="all")
    pd.testing.assert_frame_equal(again, fresh["all"], check_exact=True)
    assert caught


def test_cached_frame_round_trip_is_exact():
    import numpy as np

    from analysis.cache import _arrow_of, _frame_of, _storable

    frame = pd.DataFrame({"a": ["x", "é", ""], "n": np.array([1, -2, 3], dtype=np.int64),
                          "v": [np.nan, -np.inf, -0.0], "b": [True, False, True]})
    assert _storable(frame)
    pd.testing.assert_frame_equal(_frame_of(_arrow_of(frame)), frame, check_exact=True)
    assert np.signbit(_frame_of(_arrow_of(frame))["v"].iat[2])
    assert not _storable(frame.set_index("a"))
    assert not _storable(pd.DataFrame({"t": [("a",), ("b",)]}))
    assert not _storable(pd.DataFrame({"d": pd.to_datetime(["2020-01-01"])}))
