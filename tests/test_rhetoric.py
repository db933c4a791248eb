"""Readability, lexical diversity, responsiveness, rhetoric_profile, figures, narration, notebook 05.

Device detectors are tested in test_rhetoric_devices.py, lexicons in test_rhetoric_lexicons.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from scipy.stats import binomtest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from analysis.corpus import load_corpus
from analysis.narrate.rhetoric import (describe_group_contrast, describe_responsiveness, describe_top_user,
                                       describe_trend)
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers
from analysis.plots import (plot_device_examples, plot_frame_trends, plot_responsiveness,
                            plot_rhetoric_profile)
from analysis.rhetoric import (detect_devices, flesch_kincaid_grade, flesch_reading_ease, lexical_diversity,
                               match_dictionary, mattr, mtld, readability, responsiveness, responsiveness_summary,
                               rhetoric_profile, syllable_count)
from analysis.rhetoric.readability import _fkgl, _fre

SEEDS = "data/transcripts/seeds"


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS).turns()


def _turns(texts, roles=None, speakers=None):
    n = len(texts)
    return pd.DataFrame({"transcript_id": "t", "turn_index": range(n), "speaker": speakers or ["S"] * n,
                         "role": roles or ["official"] * n, "text": texts})


# --- readability ------------------------------------------------------------------------
# Published values (Wikipedia, "Flesch-Kincaid readability tests", citing Flesch 1948 and
# Kincaid et al. 1975). Tolerance: 0.05 on scores rounded to one decimal in the source,
# 0.01 on the exact bounds.
PLATYPUS = "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."


class TestReadability:
    def test_platypus_published_counts_and_grade(self):
        # "is an 11.3 as it has 24 syllables and 13 words"
        row = readability(_turns([PLATYPUS])).iloc[0]
        assert (row["n_words"], row["n_syllables"], row["n_sentences"]) == (13, 24, 1)
        assert flesch_kincaid_grade(PLATYPUS) == pytest.approx(11.3, abs=0.05)
        assert flesch_reading_ease(PLATYPUS) == pytest.approx(37.5, abs=0.05)

    def test_highest_possible_reading_ease(self):
        # "The highest (easiest) readability score possible is 121.22": one-syllable, one-word sentences
        assert flesch_reading_ease("Go. Run. Stop.") == pytest.approx(121.22, abs=0.01)

    def test_lowest_possible_grade(self):
        # "The lowest grade level score in theory is -3.40"
        assert flesch_kincaid_grade("Go. Run. Stop.") == pytest.approx(-3.40, abs=0.01)

    def test_green_eggs_and_ham(self):
        # 5.7 words per sentence and 1.02 syllables per word give grade -1.3
        assert _fkgl(5.7, 1.0, 5.7 * 1.02) == pytest.approx(-1.3, abs=0.05)

    def test_formulas(self):
        assert _fre(100, 5, 150) == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)
        assert _fkgl(100, 5, 150) == pytest.approx(0.39 * 20 + 11.8 * 1.5 - 15.59)

    @pytest.mark.parametrize("word,n", [("the", 1), ("platypus", 3), ("creature", 2), ("seemingly", 3),
                                        ("organizations", 5), ("win-win", 2), ("2021", 1)])
    def test_syllables(self, word, n):
        assert syllable_count(word) == n

    def test_unknown_word_falls_back_to_hyphenation(self):
        assert syllable_count("Kommasith") >= 2

    def test_group_scores_use_summed_counts(self):
        t = _turns(["The cat sat on the mat.", PLATYPUS], roles=["a", "a"])
        per_turn = readability(t)
        group = readability(t, by="role").iloc[0]
        w, s, y = (per_turn[c].sum() for c in ("n_words", "n_sentences", "n_syllables"))
        assert (group["n_words"], group["n_sentences"], group["n_syllables"]) == (w, s, y)
        assert group["flesch_reading_ease"] == pytest.approx(_fre(w, s, y))

    def test_word_counts_match_corpus(self, seeds):
        assert readability(seeds)["n_words"].tolist() == seeds["n_words"].tolist()

    def test_empty_text_is_nan(self):
        row = readability(_turns([""])).iloc[0]
        assert row["n_words"] == 0 and np.isnan(row["flesch_reading_ease"])
        assert np.isnan(flesch_reading_ease(""))

    def test_type_error(self):
        with pytest.raises(TypeError, match=r"flesch_reading_ease\(\): text must be str"):
            flesch_reading_ease(3)


# --- lexical diversity ------------------------------------------------------------------
def _naive_mattr(tokens, window):
    if len(tokens) < window:
        return len(set(tokens)) / len(tokens)
    return np.mean([len(set(tokens[i:i + window])) / window for i in range(len(tokens) - window + 1)])


class TestMattr:
    @pytest.mark.parametrize("seed", range(5))
    @pytest.mark.parametrize("window", [1, 3, 10, 50])
    def test_agrees_with_sliding_window(self, seed, window):
        rng = np.random.default_rng(seed)
        tokens = [f"w{x}" for x in rng.zipf(1.5, size=200) % 40]
        assert mattr(tokens, window=window) == pytest.approx(_naive_mattr(tokens, window))

    def test_short_text_is_ttr(self):
        assert mattr(["a", "b", "a"], window=50) == pytest.approx(2 / 3)

    def test_empty(self):
        assert np.isnan(mattr([]))

    def test_bad_window(self):
        with pytest.raises(ValueError, match=r"mattr\(\): window must be in \[1, inf\]"):
            mattr(["a"], window=0)


class TestMtld:
    def test_full_factors(self):
        # forward: 'a b a' (TTR 0.67) and 'b a b' close two factors; backward the same
        assert mtld("a b a b a b".split()) == 3.0

    def test_partial_factor(self):
        # no factor closes; the remainder 'a b c a' has TTR 0.75: 0.25 / 0.28 of a factor
        assert mtld("a b c a".split()) == pytest.approx(4 / (0.25 / 0.28))

    def test_all_distinct_is_nan(self):
        assert np.isnan(mtld("a b c".split()))

    def test_threshold(self):
        with pytest.raises(ValueError, match=r"mtld\(\): threshold must be in \(0, 1\)"):
            mtld(["a"], threshold=1)


class TestLexicalDiversity:
    def test_per_turn_and_group(self):
        t = _turns(["a b a b a b", "a c"], speakers=["A", "A"])
        per_turn = lexical_diversity(t, window=2)
        assert per_turn[["n_tokens", "n_types"]].values.tolist() == [[6, 2], [2, 2]]
        group = lexical_diversity(t, by="speaker", window=2).iloc[0]
        assert (group["n_tokens"], group["n_types"]) == (8, 3)
        assert group["mattr"] == pytest.approx(_naive_mattr("a b a b a b a c".split(), 2))
        assert group["mtld"] == pytest.approx(mtld("a b a b a b a c".split()))

    def test_columns(self, seeds):
        out = lexical_diversity(seeds, by="role")
        assert list(out.columns) == ["role", "n_tokens", "n_types", "ttr", "mattr", "mtld"]
        assert out["n_tokens"].sum() == seeds["n_words"].sum()


# --- responsiveness ---------------------------------------------------------------------
EXCHANGE = pd.DataFrame({
    "transcript_id": ["a"] * 5 + ["b"] * 2,
    "date": pd.to_datetime(["2019-01-02"] * 5 + ["2019-05-06"] * 2),
    "turn_index": [0, 1, 2, 3, 4, 0, 1],
    "role": ["questioner", "official", "official", "questioner", "official", "questioner", "questioner"],
    "speaker": ["J", "H", "L", "J", "H", "J", "J"],
    "answers_turn": pd.array([None, 0, 0, None, 3, None, None], dtype="Int64"),
    "text": ["Will tariffs on soybeans rise?", "Tariffs on soybeans will not rise.", "Soybean trade is normal.",
             "Is the panda healthy?", "We oppose interference in our internal affairs.",
             "Unanswered question about tariffs?", "Another one?"],
})


class TestResponsiveness:
    def test_rows_and_uptake(self):
        r = responsiveness(EXCHANGE)
        assert r["question_turn"].tolist() == [0, 3]  # unanswered questions are left out
        assert r["answerer"].tolist() == ["H; L", "H"]
        assert r["n_question_terms"].tolist() == [3, 2]  # tariff, soybean, rise; panda, healthy
        assert r["n_shared_terms"].tolist() == [3, 0]
        assert r["uptake"].tolist() == [1.0, 0.0]
        assert r["answer_words"].tolist() == [10, 7]
        assert r["judged"].tolist() == [True, False]  # 7 words: under min_answer_words=10, not judged
        assert r["off_topic"].tolist() == [False, False]
        r = responsiveness(EXCHANGE, min_answer_words=7)
        assert r["judged"].tolist() == [True, True] and r["off_topic"].tolist() == [False, True]

    def test_similarity_agrees_with_sklearn(self):
        r = responsiveness(EXCHANGE)
        q = [["tariff", "soybean", "rise"], ["panda", "healthy"]]
        a = [["tariff", "soybean", "rise", "soybean", "trade", "normal"], ["oppose", "interference", "internal",
                                                                             "affair"]]
        vec = TfidfVectorizer(analyzer=lambda x: x, sublinear_tf=True).fit(q + a)
        want = [cosine_similarity(vec.transform([x]), vec.transform([y]))[0, 0] for x, y in zip(q, a)]
        assert r["similarity"].tolist() == pytest.approx(want)
        # baseline: each answer against the other question of its transcript
        base = [cosine_similarity(vec.transform([a[0]]), vec.transform([q[1]]))[0, 0],
                cosine_similarity(vec.transform([a[1]]), vec.transform([q[0]]))[0, 0]]
        assert r["baseline_similarity"].tolist() == pytest.approx(base)

    def test_thresholds(self):
        assert not responsiveness(EXCHANGE, min_similarity=0.0, min_uptake=0.0)["off_topic"].any()
        with pytest.raises(ValueError, match="min_answer_words"):
            responsiveness(EXCHANGE, min_answer_words=-1)

    def test_short_answers_not_judged_in_summary_figure_and_sentence(self):
        from analysis.narrate.rhetoric import describe_responsiveness
        from analysis.plots.rhetoric import plot_responsiveness

        r = responsiveness(EXCHANGE, min_answer_words=7)  # both judged: one of two off topic
        assert responsiveness_summary(r, by=[])[["n_questions", "n_judged", "share_off_topic"]].values.tolist() == [
            [2, 2, 0.5]]
        r = responsiveness(EXCHANGE)  # the 7-word answer is not judged
        s = responsiveness_summary(r, by="answerer").set_index("answerer")
        assert s.loc["H", "n_judged"] == 0 and np.isnan(s.loc["H", "share_off_topic"])
        assert s.loc["H; L", "n_judged"] == 1 and s.loc["H; L", "share_off_topic"] == 0.0
        text = str(describe_responsiveness(r, min_questions=1))
        assert "0 of 1 answers long enough to judge (0%) turn to a different subject" in text
        assert "(1 shorter one, hand-overs and thanks, is not judged)" in text
        fig = plot_responsiveness(r, min_questions=1)
        labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
        assert labels[0].endswith("none long enough") and labels[1].endswith("0% off topic")
        with pytest.raises(ValueError, match="judged was not set with min_answer_words=7"):
            plot_responsiveness(r, min_questions=1, min_answer_words=7)

    def test_columns_on_corpus(self, seeds):
        r = responsiveness(seeds)
        assert list(r.columns) == ["transcript_id", "date", "question_turn", "questioner", "answerer",
                                   "question_words", "answer_words", "n_question_terms", "n_shared_terms",
                                   "uptake", "similarity", "baseline_similarity", "judged", "off_topic"]
        assert r["answerer"].tolist() == ["Qi Jiabin", "Xu Qifang"]
        assert ((r["similarity"] >= 0) & (r["similarity"] <= 1)).all()

    def test_no_answers(self):
        r = responsiveness(EXCHANGE.assign(answers_turn=pd.array([None] * 7, dtype="Int64")))
        assert r.empty and "off_topic" in r.columns

    def test_missing_column(self):
        with pytest.raises(ValueError, match=r"responsiveness\(\): turns has no column\(s\) 'answers_turn'"):
            responsiveness(EXCHANGE.drop(columns="answers_turn"))

    def test_bad_threshold(self):
        with pytest.raises(ValueError, match=r"responsiveness\(\): min_uptake must be in \[0, 1\]"):
            responsiveness(EXCHANGE, min_uptake=2)


class TestResponsivenessSummary:
    def test_by_answerer(self):
        s = responsiveness_summary(responsiveness(EXCHANGE, min_answer_words=7))
        assert s[["answerer", "n_questions", "share_off_topic"]].values.tolist() == [["H", 1, 1.0], ["H; L", 1, 0.0]]

    def test_over_time(self):
        s = responsiveness_summary(responsiveness(EXCHANGE), by=[], freq="M")
        assert s["period"].tolist() == [pd.Timestamp("2019-01-01")]
        assert s["n_questions"].tolist() == [2]
        assert s["mean_uptake"].tolist() == [0.5]

    def test_missing_column(self):
        with pytest.raises(ValueError, match=r"responsiveness_summary\(\): responses has no column"):
            responsiveness_summary(pd.DataFrame({"answerer": []}))


# --- rhetoric_profile -------------------------------------------------------------------
class TestRhetoricProfile:
    COLUMNS = ["family", "measure", "n_turns", "n_words", "count", "per_1000", "value"]

    @pytest.fixture(scope="class")
    def profile(self):
        return rhetoric_profile(load_corpus(SEEDS).turns(), by="speaker")

    def test_columns_and_complete_grid(self, profile, seeds):
        assert list(profile.columns) == ["speaker", *self.COLUMNS]
        n_measures = profile.groupby("speaker").size()
        assert n_measures.nunique() == 1 and n_measures.iloc[0] == 10 + 1 + 1 + 3 + 4 + 4 + 4
        assert set(profile["speaker"]) == set(seeds["speaker"])

    def test_device_counts_conserved(self, profile, seeds):
        dev = detect_devices(seeds)
        got = profile[profile["family"] == "devices"].groupby("measure")["count"].sum()
        assert got[got > 0].to_dict() == dev.groupby("device").size().to_dict()

    def test_lexicon_counts_conserved(self, profile, seeds):
        m = match_dictionary(seeds, "frames")
        got = profile[profile["family"] == "frames"].set_index(["speaker", "measure"])["count"]
        want = m.groupby(["speaker", "category"]).size()
        assert got[got > 0].to_dict() == want.to_dict()

    def test_rates(self, profile):
        rows = profile[profile["count"].notna()]
        assert np.allclose(rows["per_1000"], rows["count"].astype(float) / rows["n_words"] * 1000)
        assert np.allclose(rows["value"], rows["per_1000"])

    def test_scores(self, profile, seeds):
        qi = profile[(profile["speaker"] == "Qi Jiabin") & (profile["family"] == "readability")]
        want = readability(seeds, by="speaker").set_index("speaker").loc["Qi Jiabin", "flesch_kincaid_grade"]
        assert qi.set_index("measure").loc["flesch_kincaid_grade", "value"] == pytest.approx(want)
        assert qi["count"].isna().all() and qi["per_1000"].isna().all()

    def test_two_columns_and_user_dictionary(self, seeds):
        p = rhetoric_profile(seeds, by=["transcript_id", "role"], devices=["enumeration"], lexicons=[],
                             dictionary={"party": ["Party", "CPC"]}, scores=False)
        assert set(p["family"]) == {"devices", "user"}
        total = p[p["family"] == "user"]["count"].sum()
        assert total == len(match_dictionary(seeds, {"party": ["Party", "CPC"]}))
        words = p.drop_duplicates(["transcript_id", "role"])["n_words"].sum()
        assert words == seeds["n_words"].sum()

    def test_freq(self):
        t = EXCHANGE.assign(n_words=[5, 6, 4, 4, 7, 4, 2])
        p = rhetoric_profile(t, by=[], freq="Y", devices=[], lexicons=["pronouns"], scores=False)
        assert p["period"].unique().tolist() == [pd.Timestamp("2019-01-01")]
        assert p.set_index("measure").loc["we", "count"] == 2  # "We", "our"

    def test_errors(self, seeds):
        with pytest.raises(ValueError, match=r"rhetoric_profile\(\): devices must be one of"):
            rhetoric_profile(seeds, devices=["metonymy"])
        with pytest.raises(ValueError, match=r"rhetoric_profile\(\): lexicons must be one of"):
            rhetoric_profile(seeds, lexicons=["liwc"])
        with pytest.raises(ValueError, match=r"rhetoric_profile\(\): by must name at least one column"):
            rhetoric_profile(seeds, by=[])
        with pytest.raises(ValueError, match=r"rhetoric_profile\(\): turns has no column\(s\) 'month'"):
            rhetoric_profile(seeds, by="month")

    def test_does_not_mutate(self, seeds):
        before = seeds.copy()
        rhetoric_profile(seeds, by="role", scores=False)
        pd.testing.assert_frame_equal(seeds, before)


# --- figures and narration --------------------------------------------------------------
class TestPlots:
    def test_profile_heatmap(self, seeds):
        fig = plot_rhetoric_profile(rhetoric_profile(seeds, by="role"), by="role", min_words=1)
        assert isinstance(fig, Figure)
        assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["official", "questioner", "moderator"]

    def test_device_examples(self, seeds):
        m = detect_devices(seeds)
        fig = plot_device_examples(m, turns=seeds)
        texts = " ".join(t.get_text() for t in fig.axes[0].texts)
        assert "enumeration" in texts and "[" in texts  # a one-word match shown in context

    @staticmethod
    def _anaphora_matches():
        texts = [
            "Can you say? Can you tell? Can you show? Can you confirm?",  # a questioner, four sentences
            "We will act. We will talk. We will wait.",
            "We will not bow. We will not yield. We will not waver.",  # longer shared opening
            "It is wrong. It is sad.",
            "They will come. They will go. They will stay.",
        ]
        roles = ["questioner", "official", "official", "official", "official"]
        return pd.DataFrame({"transcript_id": "t", "turn_index": range(5), "speaker": "S", "role": roles,
                             "device": "anaphora", "start": 0, "end": [len(t) for t in texts], "match": texts,
                             "detail": ["can you", "we will", "we will", "it is", "they will"]})

    def test_example_rule_anaphora(self):
        from analysis.plots.rhetoric import _pick_example

        m = self._anaphora_matches()
        assert _pick_example(m)["match"].startswith("We will not bow")  # official, 3 parts, 3 shared words
        # without it: the two officials' 3-sentence runs sharing two words tie; the middle one of them
        assert _pick_example(m.drop(index=2))["match"].startswith("They will come")
        # order of the rows decides only among full ties, and always the same way
        assert _pick_example(m.iloc[::-1])["match"].startswith("We will not bow")

    def test_example_rule_kinds_and_frequency(self):
        from analysis.plots.rhetoric import _pick_example

        stats = pd.DataFrame({"device": "statistic", "role": "official", "match": ["25", "3%", "5 million", "7"],
                              "detail": ["count", "percent", "scaled", "count"]})
        assert _pick_example(stats)["match"] == "5 million"
        sup = pd.DataFrame({"device": "superlative", "role": ["official"] * 4 + ["questioner"],
                            "match": ["best", "largest", "worst", "largest", "largest"],
                            "detail": ["best", "largest", "worst", "largest", "largest"],
                            "start": range(5)})
        # an official's match, of the device's most frequent detail; of the two left, the later (middle) one
        assert _pick_example(sup)["start"] == 3

    def test_long_anaphora_shown_by_its_openings(self):
        from analysis.plots.rhetoric import _abridged

        sent = "We will {} the convergence of interests and create more synergy between the initiatives."
        match = " ".join(sent.format(v) for v in ("deepen", "widen", "raise"))
        shown = _abridged("anaphora", match, 100)
        assert len(shown) <= 180 and shown.count("We will ") == 3 and shown.count("\u2026") == 3
        assert _abridged("tricolon", match, 100) == match  # other devices are shown whole (then wrapped)

    def test_dollar_signs_are_not_math(self):
        m = pd.DataFrame({"transcript_id": "t", "turn_index": [0], "speaker": "S", "role": "official",
                          "device": "statistic", "start": [0], "end": [20], "match": ["$700 billion and $50"],
                          "detail": ["scaled"]})
        fig = plot_device_examples(m)
        fig.canvas.draw()  # mathtext would fail on an unbalanced or odd dollar pair
        assert "\\$700" in " ".join(t.get_text() for t in fig.axes[0].texts)

    def test_responsiveness_and_trends(self):
        r = responsiveness(EXCHANGE)
        assert isinstance(plot_responsiveness(r, min_questions=1), Figure)
        p = rhetoric_profile(EXCHANGE, by=[], freq="M", devices=[], lexicons=["frames"], scores=False)
        assert isinstance(plot_frame_trends(p, min_words=1), Figure)
        # by role (rhetoric_profile's default): one line per measure would join the roles' rates
        by_role = rhetoric_profile(EXCHANGE, freq="M", devices=[], lexicons=["frames"], scores=False)
        assert by_role["role"].nunique() > 1
        with pytest.raises(ValueError, match=r"several groups per period, by role \(.*\); one line per measure would "
                                             r"join them\. Make it for the whole corpus, rhetoric_profile\(turns, by=\[\]"):
            plot_frame_trends(by_role, min_words=1)
        one = by_role[by_role["role"] == by_role["role"].iloc[0]]
        assert isinstance(plot_frame_trends(one, min_words=1), Figure)

    def test_ax_is_used(self, seeds):
        from matplotlib.figure import Figure as F
        fig = F()
        ax = fig.add_subplot()
        assert plot_responsiveness(responsiveness(seeds), min_questions=1, ax=ax) is fig


class TestNarrate:
    def test_group_contrast_numbers(self):
        p = pd.DataFrame({"role": ["official"] * 3 + ["questioner"] * 3, "family": "devices",
                          "measure": ["tricolon", "slogan", "anaphora"] * 2, "count": [90, 10, 1, 10, 20, 0],
                          "n_words": [20000] * 3 + [10000] * 3, "per_1000": [4.5, 0.5, 0.05, 1.0, 2.0, 0.0]})
        p["value"] = p["per_1000"]
        f = describe_group_contrast(p, top=2)
        assert f.text.startswith("The official uses tricolons 4.5 times as often as the questioner "
                                 "(4.5 vs 1.0 per 1,000 words)")
        assert "the questioner uses more quoted slogans (2.0 vs 0.50)" in f.text
        assert "anaphora" not in f.text  # fewer than 10 matches in all
        assert f.counts["devices:tricolon"] == pytest.approx(4.51 / 1.01)

    def test_top_user_matches_profile(self, seeds):
        p = rhetoric_profile(seeds, by="speaker", lexicons=["frames"], scores=False)
        f = describe_top_user(p, family="frames", measure="struggle", min_words=500,
                              matches=match_dictionary(seeds, "frames"), turns=seeds)
        rows = p[(p["measure"] == "struggle") & (p["n_words"] >= 500)].sort_values("per_1000", ascending=False)
        assert f.text.startswith(f"{rows['speaker'].iloc[0]} uses struggle metaphors most")
        assert len(f.evidence) >= 1 and "**" in f.evidence["text"].iloc[0]

    def test_responsiveness_sentence(self):
        f = describe_responsiveness(responsiveness(EXCHANGE, min_answer_words=7), min_questions=1, turns=EXCHANGE)
        assert "1 of 2 answers (50%) turn to a different subject" in f.text
        assert f.counts["questions"] == 2

    def test_trend_needs_two_periods(self):
        p = rhetoric_profile(EXCHANGE, by=[], freq="Y", devices=[], lexicons=["frames"], scores=False)
        assert describe_trend(p, family="frames", measure="struggle", min_words=1).text.startswith("There are fewer")

    def test_trend_without_matches(self):
        p = rhetoric_profile(EXCHANGE, by=[], freq="M", devices=[], lexicons=["frames"], scores=False)
        f = describe_trend(p, family="frames", measure="struggle", min_words=1)
        assert f.text == "No struggle metaphors occur in any of the 2 periods."


# --- notebook ---------------------------------------------------------------------------
def test_notebook_05_key_numbers():
    nb = execute_notebook(NOTEBOOK_DIR / "05_rhetoric.ipynb")
    got = key_numbers(nb)
    turns = load_corpus(NOTEBOOK_DIR.parent / "data").turns()
    by_role = rhetoric_profile(turns, by="role").set_index(["role", "family", "measure"])["value"]
    by_speaker = rhetoric_profile(turns, by="speaker")
    spokespersons = set(turns.loc[turns["role"] == "official", "speaker"])
    responses = responsiveness(turns)

    def top(measure):
        """The spokesperson with the highest rate, named only with 10 matches or more and more
        of them than their share of the words at the pooled rate explains (scipy's binomtest)."""
        rows = by_speaker[(by_speaker["measure"] == measure) & by_speaker["speaker"].isin(spokespersons)
                          & (by_speaker["n_words"] >= 5000)]
        first = rows.sort_values(["per_1000", "speaker"], ascending=[False, True]).iloc[0]
        share = first["n_words"] / rows["n_words"].sum()
        p = binomtest(int(first["count"]), int(rows["count"].sum()), share, alternative="greater").pvalue
        return first["speaker"] if first["count"] >= 10 and p < 0.05 else None

    assert got == {
        "device_matches": len(detect_devices(turns)),
        "official_tricolon_per_1000": round(by_role[("official", "devices", "tricolon")], 3),
        "official_fk_grade": round(by_role[("official", "readability", "flesch_kincaid_grade")], 2),
        "top_enumerator": top("enumeration"),
        "top_struggle": top("struggle"),
        "answered_questions": len(responses),
        "share_off_topic": round(float(responses.loc[responses["judged"], "off_topic"].mean()), 4),
        "median_similarity": round(float(responses["similarity"].median()), 4),
    }


def test_responsiveness_one_name_per_speaker_key():
    t = EXCHANGE.assign(speaker=["J", "THE PRESIDENT", "L", "J", "THE President", "J", "J"],
                        speaker_key=["j", "president", "l", "j", "president", "j", "j"])
    r = responsiveness(t, min_answer_words=1)
    assert r["answerer"].tolist() == ["THE PRESIDENT; L", "THE PRESIDENT"]
    bare = responsiveness(t.drop(columns="speaker_key"), min_answer_words=1)
    assert bare["answerer"].tolist() == ["THE PRESIDENT; L", "THE President"]
