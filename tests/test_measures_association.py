"""Tests of the association measures (analysis.phrases.association, collocations) and of topic
coherence (analysis.topics.coherence): NLTK's measures against NLTK itself, the others against
values published by their authors or by peer tools (each cited), gensim's coherence against
gensim (live when installed, and as values gensim produced, recorded below)."""

from __future__ import annotations

import math
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics.association import BigramAssocMeasures, TrigramAssocMeasures

from analysis.corpus import load_corpus
from analysis.phrases import BIGRAM_MEASURES, TRIGRAM_MEASURES, association_scores, collocations
from analysis.text import sentences, tokenize
import analysis.topics.coherence as coherence_module
from analysis.topics import coherence_scores, fit_topics, npmi_coherence, topic_coherence, topic_units

SEEDS = Path(__file__).resolve().parent.parent / "data" / "transcripts" / "seeds"

#: Our column -> NLTK's method, per n.
NLTK_BIGRAM = {"raw_freq": "raw_freq", "t_score": "student_t", "chi_sq": "chi_sq", "phi_sq": "phi_sq",
               "mi_like": "mi_like", "pmi": "pmi", "llr": "likelihood_ratio", "poisson_stirling": "poisson_stirling",
               "jaccard": "jaccard", "dice": "dice", "fisher": "fisher"}
NLTK_TRIGRAM = {k: v for k, v in NLTK_BIGRAM.items() if k not in ("phi_sq", "dice", "fisher")}


def frame(*texts: str) -> pd.DataFrame:
    return pd.DataFrame({"text": list(texts)})


def sentence_tokens(texts) -> list[list[str]]:
    """Reference tokens: sentences, tokenize, lower case, punctuation dropped (as documented)."""
    return [[t.lower().replace("\u2019", "'") for t in tokenize(s) if len(t) > 1 or t.isalnum()]
            for text in texts for s in sentences(text)]


def marginals(n_ii, n_ix, n_xi, n_xx) -> pd.DataFrame:
    return pd.DataFrame({"n_ii": [n_ii], "n_ix": [n_ix], "n_xi": [n_xi], "n_xx": [n_xx]})


def contingency(o11, o12, o21, o22) -> pd.DataFrame:
    """Marginals from a 2x2 table as Wordless writes it (O11, O12, O21, O22)."""
    return marginals(o11, o11 + o12, o11 + o21, o11 + o12 + o21 + o22)


@pytest.fixture(scope="module")
def seeds() -> pd.DataFrame:
    return load_corpus(SEEDS).turns()


@pytest.fixture(scope="module")
def seed_sentences(seeds) -> list[list[str]]:
    return sentence_tokens(seeds["text"])


# ----------------------------------------------------------------------- NLTK's own measures
class TestAgainstNLTK:
    @pytest.mark.parametrize("n", [2, 3])
    def test_every_nltk_measure_equals_nltk_to_the_last_bit(self, seeds, seed_sentences, n) -> None:
        out = collocations(seeds, n=n, min_count=1, stop_rule="none", measures="all")
        finder_cls, measures, names = ((BigramCollocationFinder, BigramAssocMeasures, NLTK_BIGRAM) if n == 2
                                       else (TrigramCollocationFinder, TrigramAssocMeasures, NLTK_TRIGRAM))
        finder = finder_cls.from_documents(seed_sentences)
        assert len(out) == len(finder.ngram_fd)
        assert list(out.columns[4 + (n == 3):]) == list(BIGRAM_MEASURES if n == 2 else TRIGRAM_MEASURES)
        sample = out.iloc[np.linspace(0, len(out) - 1, 400).astype(int)]  # Fisher costs 0.4 ms a call in NLTK
        for r in sample.itertuples():
            words = (r.w1, r.w2) if n == 2 else (r.w1, r.w2, r.w3)
            assert r.count == finder.ngram_fd[words]
            for ours, theirs in names.items():
                assert getattr(r, ours) == finder.score_ngram(getattr(measures, theirs), *words), (ours, words)

    @pytest.mark.parametrize("window", [3, 5])
    def test_window_counts_and_scores_equal_nltk_from_words(self, seeds, seed_sentences, window) -> None:
        # NLTK's own way to keep windows inside documents: pad each with window - 1 Nones
        # (AbstractCollocationFinder._build_new_documents), then from_words(window_size=...)
        words = chain.from_iterable(chain(s, [None] * (window - 1)) for s in seed_sentences)
        finder = BigramCollocationFinder.from_words(words, window_size=window)
        out = collocations(seeds, min_count=2, stop_rule="none", window=window, measures="all")
        assert len(out) == sum(1 for c in finder.ngram_fd.values() if c >= 2)
        assert finder.N == sum(map(len, seed_sentences))
        for r in out.iloc[::7].itertuples():
            assert r.count == finder.ngram_fd[(r.w1, r.w2)]
            for ours, theirs in NLTK_BIGRAM.items():
                assert getattr(r, ours) == finder.score_ngram(getattr(BigramAssocMeasures, theirs), r.w1, r.w2), ours
            # the added measures read the same scaled count f(xy) / (window - 1)
            f = r.count / (window - 1)
            assert r.min_sensitivity == pytest.approx(min(f / finder.word_fd[r.w1], f / finder.word_fd[r.w2]))

    def test_window_of_two_is_the_adjacent_default(self, seeds) -> None:
        pd.testing.assert_frame_equal(collocations(seeds, window=2), collocations(seeds))

    def test_window_pairs_hand_counted(self) -> None:
        # "a b a c. b a": window 3 pairs in sentence 1: ab, aa, ba, bc, ac; sentence 2: ba
        out = collocations(frame("Aa bb aa cc. Bb aa."), min_count=1, stop_rule="none", window=3)
        assert dict(zip(out["collocation"], out["count"])) == {"aa bb": 1, "aa aa": 1, "bb aa": 2, "bb cc": 1,
                                                               "aa cc": 1}

    def test_mi_like_and_mi3(self) -> None:
        # MI3 = log2(O^3 / E) = log2(NLTK's mi_like(power=3) * N)
        out = association_scores(marginals(8, 1105, 44, 15_000_000), measures=["mi3", "mi_like"])
        assert out["mi3"].iloc[0] == pytest.approx(math.log2(BigramAssocMeasures.mi_like(8, (1105, 44), 15_000_000)
                                                             * 15_000_000), rel=1e-12)


# ------------------------------------------------------------------ published values
class TestPublishedValues:
    def test_pmi_church_hanks(self) -> None:
        # Church & Hanks (1990), p. 24: f(x) = 1105, f(y) = 44, f(xy) = 8, N = 15 million: I = 11.3
        # (as in Wordless' tests/wl_tests_measures/test_measures_effect_size.py, test_pmi)
        assert round(association_scores(marginals(8, 1105, 44, 15_000_000))["pmi"].iloc[0], 1) == 11.3

    def test_mi3_daille(self) -> None:
        # Daille (1994), IM3 = log2(O11^3 / E11) (Wordless' im3): on Church & Hanks' pair,
        # 11.3 + 2 log2(8) = 17.3
        assert round(association_scores(marginals(8, 1105, 44, 15_000_000))["mi3"].iloc[0], 1) == 17.3

    def test_phi_square_church_gale(self) -> None:
        # Church & Gale (1991), Concordances for parallel text: phi^2 = 0.62 for the table
        # 31950, 12004, 4793, 848330 (Wordless' test_squared_phi_coeff)
        out = association_scores(contingency(31950, 12004, 4793, 848330))
        assert round(out["phi_sq"].iloc[0], 2) == 0.62
        assert out["chi_sq"].iloc[0] == pytest.approx(out["phi_sq"].iloc[0] * 897077)

    def test_dice_smadja(self) -> None:
        # Smadja, McKeown & Hatzivassiloglou (1996), p. 13: f(xy) = 130, f(x) = 3121, f(y) = 143:
        # Dice 0.08 (Wordless' test_dices_coeff)
        out = association_scores(marginals(130, 3121, 143, 10_000_000))
        assert round(out["dice"].iloc[0], 2) == 0.08
        assert out["log_dice"].iloc[0] == pytest.approx(14 + math.log2(2 * 130 / (3121 + 143)))

    def test_log_dice_rychly_properties(self) -> None:
        # Rychlý (2008), p. 9: "theoretical maximum is 14, in case when all occurrences of X
        # co-occur with Y and all occurrences of Y co-occur with X"; "value 0 means there is less
        # than 1 co-occurrence of XY per 16,000 X or 16,000 Y"; "plus 1 point means twice as
        # often collocation"
        m = pd.DataFrame({"n_ii": [50, 1, 25, 2], "n_ix": [50, 16384, 50, 16_000],
                          "n_xi": [50, 16384, 50, 16_000], "n_xx": [10**6] * 4})
        got = association_scores(m, measures=["log_dice"])["log_dice"].tolist()
        assert got[0] == 14.0
        assert got[1] == 0.0  # one co-occurrence per 16,384 X and Y: Dice 2 / 32768 = 2^-14
        assert got[0] - got[2] == pytest.approx(1.0)
        assert got[3] > 0

    def test_min_sensitivity_pedersen(self) -> None:
        # Pedersen (1998), Dependent bigram identification, p. 1197: 17, 240, 1001, 1298742: 0.017
        # (Wordless' test_min_sensitivity)
        assert round(association_scores(contingency(17, 240, 1001, 1298742))["min_sensitivity"].iloc[0], 3) == 0.017

    # tmtoolkit tests/test_tokenseq.py, test_token_collocations: sentences "a b c d e f b c b" and
    # "c e b c b c e f"; its statistics use natural logs (ours are base 2, NLTK's PMI).
    TM_SENTENCES = ("Aa bb cc dd ee ff bb cc bb", "Cc ee bb cc bb cc ee ff")
    TM_NPMI = {"ee ff": 0.8105361810656604, "bb cc": 0.6915604067044995, "dd ee": 0.6122380649615099,
               "aa bb": 0.43193903282626694, "cc dd": 0.43193903282626694, "cc ee": 0.3823761795182354,
               "ff bb": 0.18728849070804096, "cc bb": 0.14367999690515007, "ee bb": 0.044177097787776946}
    TM_PMI = {"ee ff": 1.7346010553881064, "bb cc": 1.000631880307906, "cc ee": 0.8183103235139513,
              "cc bb": 0.30748469974796055}
    TM_PMI2 = {"ee ff": -0.4054651081081644, "bb cc": -0.4462871026284194, "cc ee": -1.3217558399823195,
               "cc bb": -1.8325814637483102}
    TM_PMI3 = {"bb cc": -1.8932060855647448, "ee ff": -2.5455312716044354, "cc ee": -3.4618220034785905,
               "cc bb": -3.972647627244581}

    def test_npmi_tmtoolkit(self) -> None:
        out = collocations(frame(*self.TM_SENTENCES), min_count=1, stop_rule="none").set_index("collocation")
        assert set(out.index) == set(self.TM_NPMI)
        for pair, value in self.TM_NPMI.items():
            assert out.loc[pair, "npmi"] == pytest.approx(value, rel=1e-12)

    @pytest.mark.parametrize("col, ref", [("pmi", TM_PMI), ("pmi2", TM_PMI2), ("pmi3", TM_PMI3)])
    def test_pmi_k_tmtoolkit(self, col, ref) -> None:
        out = collocations(frame(*self.TM_SENTENCES), min_count=2, stop_rule="none", measures="all",
                           sort_by=col).set_index("collocation")
        assert set(out.index) == set(ref)
        for pair, value in ref.items():
            assert out.loc[pair, col] * math.log(2) == pytest.approx(value, rel=1e-12)
        assert list(out.index) == list(ref)  # tmtoolkit's ranking, highest first


# --------------------------------------------------------------------- never together
class TestNeverTogether:
    def test_documented_values_at_zero(self) -> None:
        out = association_scores(marginals(0, 1105, 44, 15_000_000)).iloc[0]
        for m in ("pmi", "pmi2", "pmi3", "mi3", "log_dice"):
            assert out[m] == -np.inf, m
        assert out["npmi"] == -1.0
        assert out["poisson_stirling"] == 0.0 and out["min_sensitivity"] == 0.0
        for m in ("raw_freq", "mi_like", "jaccard", "dice"):
            assert out[m] == 0.0, m
        # the others are NLTK's formulas at 0 (t_score: -E11 / sqrt(1e-20))
        for ours in ("t_score", "chi_sq", "phi_sq", "llr", "fisher", "jaccard", "dice", "raw_freq", "mi_like"):
            assert out[ours] == getattr(BigramAssocMeasures, NLTK_BIGRAM[ours])(0.0, (1105, 44), 15_000_000), ours
        assert out["t_score"] == pytest.approx(-(1105 * 44 / 15_000_000) / 1e-10)

    def test_trigram_at_zero_and_equal_to_collocations(self, seeds) -> None:
        out = collocations(seeds, n=3, min_count=2, stop_rule="none", measures="all")
        finder = TrigramCollocationFinder.from_documents(sentence_tokens(seeds["text"]))
        r = out.iloc[0]
        w = (r.w1, r.w2, r.w3)
        m = pd.DataFrame({"n_iii": [r["count"], 0], "n_iix": [finder.bigram_fd[w[:2]]] * 2,
                          "n_ixi": [finder.wildcard_fd[(w[0], w[2])]] * 2, "n_xii": [finder.bigram_fd[w[1:]]] * 2,
                          "n_ixx": [finder.word_fd[w[0]]] * 2, "n_xix": [finder.word_fd[w[1]]] * 2,
                          "n_xxi": [finder.word_fd[w[2]]] * 2, "n_xxx": [finder.N] * 2})
        got = association_scores(m)
        for measure in TRIGRAM_MEASURES:
            assert got[measure].iloc[0] == pytest.approx(r[measure], rel=1e-12), measure
        assert got["pmi"].iloc[1] == -np.inf and got["npmi"].iloc[1] == -1.0

    def test_npmi_bounds(self, seeds) -> None:
        out = collocations(seeds, min_count=1, stop_rule="none", measures="all")
        assert out["npmi"].between(-1, 1).all()
        assert (out["log_dice"] <= 14).all() and out["min_sensitivity"].between(0, 1).all()
        assert out["fisher"].between(0, 1).all()


class TestErrors:
    def test_measure_names(self) -> None:
        with pytest.raises(ValueError, match=r"collocations\(\): measure 'nope' is not one of"):
            collocations(frame("a b"), measures=["nope"])
        with pytest.raises(ValueError, match="defined for bigrams only"):
            collocations(frame("a b c"), n=3, measures=["log_dice"])
        with pytest.raises(ValueError, match=r"collocations\(\): window applies to bigrams"):
            collocations(frame("a b c"), n=3, window=4)
        with pytest.raises(ValueError, match=r"collocations\(\): window must be in \[2, inf\]"):
            collocations(frame("a b c"), window=1)

    def test_association_scores_input(self) -> None:
        with pytest.raises(ValueError, match=r"association_scores\(\): marginals has no column\(s\) 'n_xx'"):
            association_scores(pd.DataFrame({"n_ii": [1], "n_ix": [1], "n_xi": [1]}))
        with pytest.raises(ValueError, match=r"marginals\['n_ix'\] has a 0"):
            association_scores(marginals(0, 0, 3, 10))
        with pytest.raises(ValueError, match=r"marginals\['n_ii'\] must hold whole numbers >= 0"):
            association_scores(marginals(-1, 2, 3, 10))

    def test_empty_and_tiny_inputs(self) -> None:
        out = collocations(frame(), measures="all")
        assert list(out.columns) == ["collocation", "w1", "w2", "count", *BIGRAM_MEASURES]
        tiny = collocations(frame("Aa bb"), min_count=1, stop_rule="none", measures="all")
        assert tiny["pmi"].iloc[0] == 1.0 and tiny["phi_sq"].iloc[0] == 1.0  # log2(1 * 2 / (1 * 1))
        # "aa bb" as one text: O22 = 0 and "bb" never follows anything else, so NLTK's
        # phi-square divides by zero (ZeroDivisionError in NLTK): NaN here
        out = association_scores(marginals(1, 2, 1, 2)).iloc[0]
        assert math.isnan(out["phi_sq"]) and math.isnan(out["chi_sq"]) and out["pmi"] == 0.0


# ================================================================= topic coherence
# A small documented corpus and the values gensim 4.4.0 gave on it (run without gensim):
#   from gensim.corpora import Dictionary
#   from gensim.models.coherencemodel import CoherenceModel
#   d = Dictionary(TEXTS)
#   CoherenceModel(topics=TOPICS, texts=TEXTS, dictionary=d, coherence=measure, topn=4, processes=1,
#                  [window_size=window]).get_coherence_per_topic()
TEXTS = [
    "trade tariff talks deficit trade tariff export talks import deficit trade".split(),
    "flood rescue typhoon rain flood rescue relief".split(),
    "tariff trade talks resume trade deficit narrows export".split(),
    "typhoon rain flood warning rescue teams relief supplies rain".split(),
    "talks rescue trade flood".split(),
    "export import tariff trade deficit talks trade tariff talks export import deficit".split(),
    [],
    "relief supplies rescue teams typhoon flood rain".split(),
]
TOPICS = [["trade", "tariff", "deficit", "export"], ["flood", "rescue", "rain", "relief"],
          ["trade", "flood", "talks", "rain"]]
GENSIM_4_4_0 = {  # (measure, window_size or None for gensim's default) -> per-topic coherence
    ("u_mass", None): [-0.1438410362232239, -0.1917880482986318, -9.489336444234683],
    ("c_uci", None): [0.5290604636589782, 1.0595479237572907, -8.694089742569224],
    ("c_npmi", None): [0.6894228517353396, 0.8523893173104063, -0.14565490710226134],
    ("c_v", None): [0.9916828923527541, 0.9855520974237031, 0.22969772895280058],
    ("c_npmi", 3): [0.08351649567406466, 0.19624078133012812, -0.3731545118307517],
    ("c_v", 4): [0.758164653142373, 0.8331815591688463, 0.18725062323143626],
    ("c_uci", 5): [0.3032688058077753, 0.7167267479876779, -8.44255331660724],
}


def _gensim_window_simulation(docs: list[list[int]], window: int, n_terms: int) -> tuple[np.ndarray, int]:
    """gensim's WordOccurrenceAccumulator, written out: per document, strided windows (the
    document itself when shorter); the first window's word set, then for each next window the
    word at the left edge of the previous window dropped and the new last word added."""
    co = np.zeros((n_terms, n_terms))
    n_windows = 0
    for doc in docs:
        wins = [doc[k:k + window] for k in range(len(doc) - window + 1)] or [doc]
        current: set[int] = set()
        for k, win in enumerate(wins):
            n_windows += 1
            if not win:
                continue
            if k == 0:
                current = set(win)
            else:
                current.discard(wins[k - 1][0])
                current.add(win[-1])
            present = sorted(t for t in current if t >= 0)
            for a in present:
                co[a, a] += 1
                for b in present:
                    if a != b:
                        co[a, b] += 1
    return co, n_windows


def _exact_windows(docs: list[list[int]], window: int, n_terms: int) -> tuple[np.ndarray, int]:
    co = np.zeros((n_terms, n_terms))
    n_windows = 0
    for doc in docs:
        for win in [doc[k:k + window] for k in range(len(doc) - window + 1)] or [doc]:
            n_windows += 1
            present = sorted({t for t in win if t >= 0})
            for a in present:
                for b in present:
                    co[a, b] += 1
    return co, n_windows


class TestCoherenceRecordedGensim:
    @pytest.mark.parametrize("key", list(GENSIM_4_4_0))
    def test_equals_gensim_4_4_0(self, key) -> None:
        measure, window = key
        got = coherence_scores(TOPICS, TEXTS, measure=measure, window="gensim" if window is None else window)
        np.testing.assert_allclose(got["coherence"], GENSIM_4_4_0[key], rtol=1e-9, atol=1e-12)

    def test_table(self) -> None:
        got = coherence_scores(TOPICS + [["trade", "zebra"]], TEXTS, measure="c_npmi")
        assert list(got.columns) == ["topic", "coherence", "n_terms", "n_missing", "n_pairs", "n_pairs_never"]
        assert got["n_pairs"].tolist() == [6, 6, 6, 0]
        assert got["n_missing"].tolist() == [0, 0, 0, 1]
        assert math.isnan(got["coherence"].iloc[3])


class TestWindowCounting:
    def test_gensim_drops_a_repeated_word(self) -> None:
        # "a b a c x", "", "c a" in windows of 3: the windows are [a b a] [b a c] [a c x], the
        # empty text and [c a] (5 contexts); gensim keeps "a" in the first and the last only
        codes = [np.array([0, 1, 0, 2, -1]), np.array([], dtype=np.int64), np.array([2, 0])]
        co, n = coherence_module._window_cooccurrence(codes, 3, 3, "gensim")
        assert n == 5 and np.diag(co).tolist() == [2, 2, 3]
        co, n = coherence_module._window_cooccurrence(codes, 3, 3, "exact")
        assert n == 5 and np.diag(co).tolist() == [4, 2, 3]

    @pytest.mark.parametrize("rule, reference", [("gensim", _gensim_window_simulation), ("exact", _exact_windows)])
    def test_random_texts_equal_the_written_out_count(self, rule, reference) -> None:
        rng = np.random.default_rng(7)
        for window in (2, 3, 5, 12):
            docs = [rng.integers(-1, 6, size=rng.integers(0, 30)).tolist() for _ in range(25)]
            co, n = coherence_module._window_cooccurrence([np.array(d, dtype=np.int64) for d in docs], 6, window,
                                                          rule)
            ref_co, ref_n = reference(docs, window, 6)
            assert n == ref_n
            np.testing.assert_array_equal(co, ref_co)

    def test_blocks_give_the_same_counts(self, monkeypatch) -> None:
        rng = np.random.default_rng(3)
        docs = [rng.integers(-1, 4, size=rng.integers(0, 50)) for _ in range(40)]
        whole = coherence_module._window_cooccurrence(docs, 4, 10, "exact")
        monkeypatch.setattr(coherence_module, "_WINDOW_BLOCK", 25)
        assert len(coherence_module._block_cuts(np.repeat(np.arange(40), 5), np.full(200, 3))) > 5
        split = coherence_module._window_cooccurrence(docs, 4, 10, "exact")
        np.testing.assert_array_equal(whole[0], split[0])


class TestSuiteConventions:
    def test_npmi_coherence_default_unchanged(self) -> None:
        # never together: -1 without smoothing (the suite's convention); gensim's epsilon gives
        # -1 + (-ln P(a) P(b)) / -ln(1e-12) instead
        docs = ["tariff trade", "tariff trade", "flood rescue", "flood rescue"]
        assert npmi_coherence([["tariff", "trade"], ["tariff", "flood"]], docs)["coherence"].tolist() == [1.0, -1.0]
        smoothed = npmi_coherence([["tariff", "flood"]], docs, epsilon=1e-12)["coherence"].iloc[0]
        assert smoothed == pytest.approx(-1 + math.log(4) / -math.log(1e-12), rel=1e-9)
        # and a pair in every document: 1 here, gensim's smoothing gives -1
        assert npmi_coherence([["a", "b"]], ["a b", "a b"])["coherence"].iloc[0] == 1.0
        assert npmi_coherence([["a", "b"]], ["a b", "a b"], epsilon=1e-12)["coherence"].iloc[0] == pytest.approx(-1.0)

    def test_npmi_coherence_gensim_options_equal_coherence(self) -> None:
        a = npmi_coherence(TOPICS, TEXTS, window="gensim", epsilon=1e-12)
        b = coherence_scores(TOPICS, TEXTS, measure="c_npmi")
        pd.testing.assert_frame_equal(a, b)

    def test_coherence_without_smoothing(self) -> None:
        docs = [["a", "b"], ["c"]]
        got = coherence_scores([["a", "c"]], docs, measure="u_mass", epsilon=0)["coherence"].iloc[0]
        assert got == -np.inf
        got = coherence_scores([["a", "c"]], docs, measure="c_npmi", window=None, epsilon=0)["coherence"].iloc[0]
        assert got == -1.0

    @pytest.fixture(scope="class")
    def model(self):
        units = pd.DataFrame({"text": ["Tariffs hurt the trade deficit talks.", "Trade talks on tariffs resume.",
                                       "The typhoon flood needs rescue teams.", "Rescue teams reach the flood.",
                                       "Tariffs and trade again.", "Flood rescue again."] * 2})
        return fit_topics(units, k=2, min_df=1, max_df=1.0)

    def test_topic_coherence_default_is_npmi_over_units(self, model) -> None:
        a = topic_coherence(model, top_n=4)
        b = topic_coherence(model, top_n=4, measure="c_npmi", window=None, epsilon=0.0)
        pd.testing.assert_frame_equal(a, b)

    @pytest.mark.parametrize("measure", ["u_mass", "c_uci", "c_npmi", "c_v"])
    def test_topic_coherence_measures_equal_coherence_on_the_units(self, model, measure) -> None:
        top = [list(model.topic_terms.query("topic == @t")["term"])[:4] for t in (1, 2)]
        texts = coherence_module._design_texts(model.design)
        got = topic_coherence(model, top_n=4, measure=measure, window="gensim", epsilon=1e-12)
        ref = coherence_scores(top, texts, measure=measure)
        np.testing.assert_allclose(got["coherence"], ref["coherence"], rtol=1e-12)
        got = topic_coherence(model, top_n=4, measure=measure, window=None, epsilon=1e-12)
        ref = coherence_scores(top, texts, measure=measure, window=None)
        np.testing.assert_allclose(got["coherence"], ref["coherence"], rtol=1e-12)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"coherence_scores\(\): measure must be one of"):
            coherence_scores(TOPICS, TEXTS, measure="c_w2v")
        with pytest.raises(ValueError, match=r"coherence_scores\(\): window must be in \[2, inf\]"):
            coherence_scores(TOPICS, TEXTS, window=1)
        with pytest.raises(ValueError, match=r"coherence_scores\(\): epsilon must be in \[0, inf\]"):
            coherence_scores(TOPICS, TEXTS, epsilon=-1.0)
        with pytest.raises(ValueError, match=r"window_counts must be one of"):
            npmi_coherence(TOPICS, TEXTS, window=5, window_counts="fast")


class TestCoherenceLiveGensim:
    """Against gensim itself (installed with the bench extras), on random texts and on the seeds."""

    @pytest.fixture(scope="class")
    def gensim(self):
        return pytest.importorskip("gensim")

    def _gensim(self, topics, texts, measure, window):
        from gensim.corpora import Dictionary
        from gensim.models.coherencemodel import CoherenceModel

        kw = {} if window is None else {"window_size": window}
        model = CoherenceModel(topics=topics, texts=texts, dictionary=Dictionary(texts), coherence=measure,
                               topn=max(map(len, topics)), processes=1, **kw)
        return np.array(model.get_coherence_per_topic())

    @pytest.mark.parametrize("measure, window", [("u_mass", None), ("c_uci", None), ("c_npmi", None), ("c_v", None),
                                                 ("c_uci", 3), ("c_npmi", 7), ("c_v", 20), ("c_v", 2)])
    def test_random_texts(self, gensim, measure, window) -> None:
        rng = np.random.default_rng(11)
        vocab = [f"w{i}" for i in range(12)]
        texts = [list(rng.choice(vocab, size=rng.integers(0, 60))) for _ in range(80)]
        topics = [vocab[:5], vocab[4:10], [vocab[11], vocab[0], vocab[7]]]
        ours = coherence_scores(topics, texts, measure=measure, window="gensim" if window is None else window)
        np.testing.assert_allclose(ours["coherence"], self._gensim(topics, texts, measure, window), rtol=1e-9)

    @pytest.mark.parametrize("measure", ["u_mass", "c_uci", "c_npmi", "c_v"])
    def test_seed_conferences(self, gensim, seeds, measure) -> None:
        from analysis.text import stop_words

        stops = stop_words()
        texts = [[t for t in toks if t not in stops] for toks in sentence_tokens(seeds["text"])]
        topics = [["party", "cpc", "congress", "central", "committee"], ["poverty", "rural", "people", "village"],
                  ["epidemic", "control", "people", "party", "work", "development"]]
        ours = coherence_scores(topics, texts, measure=measure)
        np.testing.assert_allclose(ours["coherence"], self._gensim(topics, texts, measure, None), rtol=1e-9)


# ------------------------------------------------------------------------------- CLI
class TestCommandLine:
    def _csv(self, capsys, *argv: str) -> pd.DataFrame:
        from io import StringIO

        from analysis.cli import main

        assert main([*argv, "--corpus", str(SEEDS), "--output", "-", "--quiet"]) == 0
        return pd.read_csv(StringIO(capsys.readouterr().out))

    def test_phrases_collocations_measure_and_window(self, capsys, seeds) -> None:
        got = self._csv(capsys, "phrases", "--collocations", "--measure", "log_dice", "--window", "4",
                        "--min-count", "2")
        ref = collocations(seeds, min_count=2, sort_by="log_dice", window=4)
        assert got["collocation"].tolist() == ref["collocation"].tolist()
        np.testing.assert_allclose(got["log_dice"], ref["log_dice"], rtol=1e-12)

    def test_phrases_measure_needs_collocations(self, capsys) -> None:
        from analysis.cli import main

        with pytest.raises(SystemExit):
            main(["phrases", "--measure", "pmi", "--corpus", str(SEEDS)])
        assert "--measure needs --collocations" in capsys.readouterr().err

    def test_topics_coherence_column(self, capsys) -> None:
        got = self._csv(capsys, "topics", "--k", "3", "--min-df", "1", "--coherence", "c_v")
        model = fit_topics(topic_units(load_corpus(SEEDS).turns()), k=3, min_df=1)
        ref = topic_coherence(model, measure="c_v", window="gensim", epsilon=1e-12)
        np.testing.assert_allclose(got["coherence"], ref["coherence"], rtol=1e-9)


class TestTrigramSplit:
    """llr_split: Dunning's G2 at the weaker of a triple's two joints, signed."""

    @staticmethod
    def _g2(a: int, x: int, y: int, n: int) -> float:
        from scipy.stats import chi2_contingency

        table = np.array([[a, x - a], [y - a, n - x - y + a]], dtype=float)
        return chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]

    def test_equals_scipy_g2_at_the_weaker_joint(self) -> None:
        # f(xyz)=30, f(xy)=300, f(x_z)=40, f(yz)=35, f(x)=310, f(y)=320, f(z)=50, N=100,000
        m = pd.DataFrame({"n_iii": [30], "n_iix": [300], "n_ixi": [40], "n_xii": [35], "n_ixx": [310],
                          "n_xix": [320], "n_xxi": [50], "n_xxx": [100_000]})
        got = association_scores(m, measures=["llr_split"])["llr_split"].iloc[0]
        left, right = self._g2(30, 310, 35, 100_000), self._g2(30, 300, 50, 100_000)
        assert got == pytest.approx(min(left, right), rel=1e-9)
        assert right < left  # "xy | z" is the weaker joint here

    def test_negative_below_expectation(self) -> None:
        # the triple is rarer than f(x) f(yz) / N at its first joint
        m = pd.DataFrame({"n_iii": [1], "n_iix": [50], "n_ixi": [5], "n_xii": [500], "n_ixx": [1000],
                          "n_xix": [600], "n_xxi": [700], "n_xxx": [10_000]})
        got = association_scores(m, measures=["llr_split"])["llr_split"].iloc[0]
        assert got == pytest.approx(-self._g2(1, 1000, 500, 10_000), rel=1e-9) and got < 0

    def test_a_strong_pair_does_not_carry_any_third_word(self) -> None:
        # "hong kong human": a strong pair (1,500 of hong's 1,510 uses) and a third word that follows
        # it 32 times in 900; "zero sum game": 30 uses, each word nearly always in it
        m = pd.DataFrame({"n_iii": [32, 30], "n_iix": [1500, 30], "n_ixi": [32, 30], "n_xii": [32, 30],
                          "n_ixx": [1510, 35], "n_xix": [1505, 35], "n_xxi": [900, 35], "n_xxx": [2_000_000] * 2})
        got = association_scores(m, measures=["llr", "llr_split"])
        assert got["llr"].iloc[0] > 10 * got["llr"].iloc[1]  # the trigram llr: the pair's strength
        assert got["llr_split"].iloc[1] > 3 * got["llr_split"].iloc[0]  # the weaker joint: the triple's
        assert got["llr_split"].iloc[0] == pytest.approx(self._g2(32, 1500, 900, 2_000_000), rel=1e-9)

    def test_collocations_rank_trigrams_by_it(self) -> None:
        texts = ["the belt and road today."] * 5 + ["hong kong police came. hong kong people came."] * 40
        out = collocations(pd.DataFrame({"text": texts}), n=3, min_count=3, stop_rule="none")
        assert out["llr_split"].is_monotonic_decreasing and out.columns[-1] == "llr_split"
        bigrams = collocations(pd.DataFrame({"text": texts}), n=2, min_count=3, stop_rule="none")
        assert "llr_split" not in bigrams and bigrams["llr"].is_monotonic_decreasing
