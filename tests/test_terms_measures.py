"""Measures of terms checked against the values their peers publish: dispersion (Gries 2008,
tlda, Wordless), keyness (quanteda's textstat_keyness, Wordless, scipy), weighted log odds
(tidylo), and the tie rule of term_frequencies (quanteda's textstat_frequency)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

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


# --------------------------------------------------------------------------- dispersion
#: Gries (2008: 406, 410)'s example corpus: five parts of ten words; "a" occurs 1..5 times.
GRIES_2008 = ["b a m n i b e u p k", "b a s a t b e w q n", "b c a g a b e s t a",
              "b a g h a b e a a t", "b a h a a b e a x a"]


def _parts(texts) -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": [f"p{i}" for i in range(len(texts))], "text": texts})


def _one_term(counts, sizes=None, measures="all") -> dict:
    sizes = [10] * len(counts) if sizes is None else sizes
    return tm.dispersion_measures(np.asarray(counts)[:, None], sizes, measures=measures).iloc[0].to_dict()


class TestDispersionAgainstPeers:
    def test_gries_2008_example(self) -> None:
        # Values of Gries (2008: 406-410) as Wordless' tests state them
        # (tests/tests_measures/test_measures_dispersion.py and test_measures_adjusted_freq.py):
        # S 0.937, D3 0.944, ARF 10.8, AWT 3.18, ALD 0.628, fAWT 9.328, fALD 11.764,
        # Carroll's Um 14.108, Rosengren's KF 14.053.
        out = tm.dispersion(_parts(GRIES_2008), ["a"], measures="all").iloc[0]
        assert (out["count"], out["n_parts_with"], out["n_parts"]) == (15, 5, 5)
        assert round(out["rosengren_s"], 3) == 0.937
        assert round(out["lyne_d3"], 3) == 0.944
        assert round(out["arf"], 1) == 10.8
        assert out["awt"] == pytest.approx(3.18)
        assert round(out["ald"], 3) == 0.628
        assert round(out["f_awt"], 3) == 9.328
        assert round(out["f_ald"], 3) == 11.764
        assert round(out["carroll_um"], 3) == 14.108
        assert round(out["rosengren_kf"], 3) == 14.053
        assert out["dp"] == pytest.approx(0.2)  # 0.5 * (2/15 + 1/15 + 0 + 1/15 + 2/15)
        assert out["dp_norm"] == pytest.approx(0.25)  # 0.2 / (1 - 1/5)

    def test_carroll_1970_and_juilland(self) -> None:
        # Carroll (1970: 13-14), as Wordless' tests state them: D2 of [2, 1, 1, 1, 0] is 0.8277,
        # Um 4.31, Um of [4, 2, 1, 1, 0] 6.424; Juilland's D of [0, 4, 3, 2, 1] 0.6464, U 6.46;
        # Engwall / Gries (2008: 409): Rosengren's KF of [4, 2, 1, 1, 0] 5.863.
        assert round(_one_term([2, 1, 1, 1, 0])["carroll_d2"], 4) == 0.8277
        assert round(_one_term([2, 1, 1, 1, 0])["carroll_um"], 2) == 4.31
        assert round(_one_term([4, 2, 1, 1, 0])["carroll_um"], 3) == 6.424
        assert round(_one_term([0, 4, 3, 2, 1])["juilland_d"], 4) == 0.6464
        assert round(_one_term([0, 4, 3, 2, 1])["juilland_u"], 2) == 6.46
        assert round(_one_term([4, 2, 1, 1, 0])["rosengren_kf"], 3) == 5.863

    def test_dp_norm_lijffijt_gries_2012(self) -> None:
        # Lijffijt & Gries (2012: 148), as Wordless' test_griess_dp: DPnorm of [2, 1, 0] is 0.5.
        assert _one_term([2, 1, 0])["dp_norm"] == pytest.approx(0.5)

    def test_tlda_readme_allemand(self) -> None:
        # tlda README (disp(), conventional scaling): Lyne's (1985) ALLEMAND in ten parts.
        # Rrel 0.5000000, D 0.6038797, D2 0.6521444, S 0.4763652, DP 0.5009295, DA 0.3081640,
        # DKL 0.4665078. tlda's scaling is 1 = even: its DP and DKL are 1 - ours.
        x = [2, 0, 1, 1, 3, 0, 3, 0, 0, 0]
        y = [8143, 8058, 8271, 8125, 7959, 7941, 8146, 8001, 8003, 7930]
        out = _one_term(x, y)
        assert out["range_rel"] == 0.5
        assert out["juilland_d"] == pytest.approx(0.6038797, abs=1e-7)
        assert out["carroll_d2"] == pytest.approx(0.6521444, abs=1e-7)
        assert out["rosengren_s"] == pytest.approx(0.4763652, abs=1e-7)
        assert out["burch_da"] == pytest.approx(0.3081640, abs=1e-7)
        assert 1 - out["d_kl"] == pytest.approx(0.4665078, abs=1e-7)
        # The README's DP equals 1 - DP (Gries 2008); Egbert et al.'s D_P, as tlda's disp_DP()
        # documents it, divides by 1 - the smallest share among the parts that hold the term.
        assert 1 - out["dp"] == pytest.approx(0.5009295, abs=1e-7)
        w = np.array(y) / sum(y)
        assert out["dp_egbert"] == pytest.approx(1 - out["dp"] / (1 - w[np.array(x) > 0].min()))

    def test_tlda_limits(self) -> None:
        # tlda tests/testthat/test-disp*.R: a term in one of ten equal parts scores 0 (1 for
        # Gries-scaled DP), a term spread evenly 1 (0).
        one, even = _one_term([0] * 9 + [1], [1000] * 10), _one_term([1] * 10, [1000] * 10)
        for m in ("juilland_d", "carroll_d2", "burch_da", "dp_egbert"):
            assert one[m] == pytest.approx(0.0, abs=1e-12) and even[m] == pytest.approx(1.0)
        assert one["dp_norm"] == pytest.approx(1.0) and even["dp"] == pytest.approx(0.0, abs=1e-12)
        assert one["rosengren_s"] == pytest.approx(0.1) and even["rosengren_s"] == pytest.approx(1.0)
        assert even["kl_divergence"] == pytest.approx(0.0, abs=1e-12)

    def test_sparse_formulas_equal_dense_ones(self) -> None:
        rng = np.random.default_rng(3)
        counts = rng.poisson(0.7, size=(12, 30)) * rng.integers(0, 2, size=(12, 30))
        counts[:, 0] = 0
        counts[0, 0] = 4  # a term in one part
        sizes = rng.integers(50, 400, size=12)
        out = tm.dispersion_measures(counts, sizes, measures="all")
        n = len(sizes)
        w = sizes / sizes.sum()
        for j in range(counts.shape[1]):
            v = counts[:, j].astype(float)
            if v.sum() == 0:
                assert out.loc[j, ["carroll_d2", "burch_da", "lyne_d3"]].isna().all()
                continue
            rates = v / sizes
            r = rates / rates.sum()
            t = v / v.sum()
            da = 1 - sum(abs(r[i] - r[k]) for i in range(n) for k in range(i + 1, n)) / (n - 1)
            nz = r > 0
            d2 = -(r[nz] * np.log2(r[nz])).sum() / np.log2(n)
            d3 = 1 - (((v - v.sum() * w) ** 2) / (v.sum() * w)).sum() / (4 * v.sum())
            kld = (t[t > 0] * np.log2(t[t > 0] / w[t > 0])).sum()
            assert out.loc[j, "burch_da"] == pytest.approx(da)
            assert out.loc[j, "carroll_d2"] == pytest.approx(d2)
            assert out.loc[j, "lyne_d3"] == pytest.approx(d3)
            assert out.loc[j, "kl_divergence"] == pytest.approx(kld, abs=1e-12)
            assert out.loc[j, "rosengren_s"] == pytest.approx(np.sqrt(w * v).sum() ** 2 / v.sum())

    def test_distance_measures_equal_a_direct_count(self) -> None:
        rng = np.random.default_rng(7)
        stream = rng.choice(list("abcdef"), size=300, p=[0.4, 0.3, 0.15, 0.1, 0.04, 0.01])
        pos = pd.DataFrame({"term": stream, "offset": np.arange(len(stream))})
        out = tm.distance_measures(pos, len(stream)).set_index("term")
        n = len(stream)
        for term in out.index:
            at = np.flatnonzero(stream == term)
            d = np.diff(np.concatenate([[at[-1] - n], at]))  # first distance around the end
            v = n / len(at)
            assert out.loc[term, "arf"] == pytest.approx(np.minimum(d, v).sum() / v)
            assert out.loc[term, "awt"] == pytest.approx(0.5 * (1 + (d ** 2).sum() / n))
            assert out.loc[term, "ald"] == pytest.approx((d * np.log10(d)).sum() / n)

    def test_vocabulary_and_patterns_give_the_same_distances(self) -> None:
        turns = _parts(GRIES_2008)
        every = tm.dispersion(turns, min_count=1, stop_words=False, measures="all").set_index("term")
        given = tm.dispersion(turns, ["a", "b", "t"], measures="all").set_index("term")
        pd.testing.assert_frame_equal(every.loc[["a", "b", "t"]], given, check_names=False)

    def test_default_columns_unchanged(self) -> None:
        out = tm.dispersion(_parts(GRIES_2008), min_count=1, stop_words=False)
        assert list(out.columns) == ["term", "count", "n_parts_with", "n_parts", "juilland_d", "dp", "dp_norm"]
        chosen = tm.dispersion(_parts(GRIES_2008), ["a"], measures=["arf", "dp"])
        assert list(chosen.columns) == ["term", "count", "n_parts_with", "n_parts", "arf", "dp"]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match="dispersion\\(\\): measures must be one of"):
            tm.dispersion(_parts(GRIES_2008), measures=["gini"])
        with pytest.raises(ValueError, match="distance_measures\\(\\): give n_words"):
            tm.distance_measures(pd.DataFrame({"term": ["a"], "offset": [0]}))
        with pytest.raises(ValueError, match="offsets must lie"):
            tm.distance_measures(pd.DataFrame({"term": ["a"], "offset": [5]}), 5)


# --------------------------------------------------------------------------- keyness
#: quanteda.textstats tests/testthat/test-textstat_keyness.R: two documents.
QUANTEDA_TWO = pd.DataFrame({"doc": ["d1", "d2"],
                             "text": ["a a a b b c c c c c c d e f g h h", "a a b c c d d d d e f h"]})


def _likelihood_test(table: np.ndarray, conservative: bool) -> float:
    """The G statistic of Deducer's likelihood.test (copied into quanteda's keyness tests):
    G = 2 sum x ln(x / E), divided by Williams' q when conservative."""
    n = table.sum()
    expected = np.outer(table.sum(1), table.sum(0)) / n
    nz = table > 0
    g = 2 * (table[nz] * np.log(table[nz] / expected[nz])).sum()
    if conservative:
        rows, cols = table.shape
        q = 1 + ((n * (1 / table.sum(1)).sum() - 1) * (n * (1 / table.sum(0)).sum() - 1)
                 / (6 * n * (cols - 1) * (rows - 1)))
        g /= q
    return g


class TestKeynessMeasures:
    def test_chi2_yates_as_r_and_quanteda(self) -> None:
        # quanteda's test: textstat_keyness(correction="default") equals R's
        # chisq.test(correct=TRUE) on d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b";
        # scipy's chi2_contingency(correction=True) is R's computation.
        from scipy import stats

        r_value = stats.chi2_contingency([[3, 7], [7, 2]], correction=True)[0]
        assert tm.chi_square_yates(3, 7, 10, 9) == pytest.approx(r_value, rel=1e-12)
        assert tm.chi_square_yates(3, 7, 10, 9, when="small") == pytest.approx(r_value, rel=1e-12)
        # a table quanteda leaves uncorrected (|ad - bc| < N/2): its value is the plain X2
        assert tm.chi_square_yates(3, 2, 17, 12, when="small") == pytest.approx(tm.chi_square(3, 2, 17, 12))
        assert tm.chi_square_yates(3, 2, 17, 12) == 0.0  # R and scipy: the correction stops at 0

    def test_chi2_yates_orders_terms_as_quanteda(self) -> None:
        # quanteda's "basic textstat_keyness works on two rows": g c b h a e f d.
        k = tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1, stop_words=False)
        a, b = k["count_target"].to_numpy(), k["count_reference"].to_numpy()
        score = tm.chi_square_yates(a, b, 17, 12, when="small") * np.sign(a / 17 - b / 12)
        order = pd.DataFrame({"t": k["term"], "s": score}).sort_values(["s", "t"], ascending=[False, True])
        assert order["t"].tolist() == list("gcbhaefd")

    def test_g2_orders_terms_as_quanteda_lr(self) -> None:
        # quanteda's "basic textstat_keyness lr works on two rows" (correction = "none").
        first = tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1, stop_words=False)
        second = tm.keyness(QUANTEDA_TWO, "d2", by="doc", min_count=1, stop_words=False)
        assert first["term"].tolist() == list("cgbhaefd")
        assert second["term"].tolist() == list("defabhgc")

    def test_g2_williams_as_likelihood_test(self) -> None:
        # quanteda's "keyness_textstat lr computation is correct": its Williams-corrected G
        # equals Deducer's likelihood.test(conservative = TRUE), reproduced above.
        table = np.array([[3, 7], [7, 2]])
        assert tm.log_likelihood_williams(3, 7, 10, 9) == pytest.approx(_likelihood_test(table, True), rel=1e-12)
        assert tm.log_likelihood(3, 7, 10, 9) == pytest.approx(_likelihood_test(table, False), rel=1e-12)

    def test_fisher_equals_scipy(self) -> None:
        from scipy import stats

        rng = np.random.default_rng(11)
        c, d = rng.integers(1, 300, 400), rng.integers(1, 300, 400)
        a, b = rng.integers(0, c + 1), rng.integers(0, d + 1)
        ours = tm.fisher_exact(a, b, c, d)
        ref = [stats.fisher_exact([[x, y], [cc - x, dd - y]]).pvalue for x, y, cc, dd in zip(a, b, c, d)]
        np.testing.assert_array_equal(ours, ref)  # the same algorithm: the same bits
        # quanteda's "keyness_textstat exact computation is correct" uses R's fisher.test on
        # the b/a table; the p-value is the same sum of hypergeometric probabilities
        assert tm.fisher_exact(3, 7, 10, 9) == pytest.approx(stats.fisher_exact([[3, 7], [7, 2]]).pvalue)

    def test_odds_ratio(self) -> None:
        # Pojanapunya & Watson Todd (2018: 154), as Wordless' test_odds_ratio: 16.6.
        assert round(float(tm.odds_ratio(16217, 735, 2796938, 2087946)), 1) == 16.6
        # zero cells follow scipy.stats.fisher_exact's statistic
        from scipy import stats

        for a, b, c, d in [(0, 3, 10, 10), (3, 0, 10, 10), (10, 3, 10, 10), (2, 5, 9, 14)]:
            expected = stats.fisher_exact([[a, b], [c - a, d - b]]).statistic
            assert tm.odds_ratio(a, b, c, d) == pytest.approx(expected)
        assert np.isfinite(tm.odds_ratio(3, 0, 10, 10, add=0.5))

    def test_pmi(self) -> None:
        # Church & Hanks (1990: 24), as Wordless' test_pmi: 11.3 bits.
        assert round(float(tm.pmi(8, 1105 - 8, 44, 15_000_000 - 44)), 1) == 11.3
        # quanteda's "textstat_keyness returns correct pmi": ln(a N / ((a + b) c)) for "a"
        assert tm.pmi(3, 2, 17, 12, base=np.e) == pytest.approx(np.log(3 * 29 / (5 * 17)))

    def test_bic_simple_maths_diff_coefficient_pct_diff(self) -> None:
        # Wilson (2013): BIC = G2 - ln N (Wordless' bayes_factor_log_likelihood_ratio_test).
        assert tm.bayes_factor_bic(10, 2, 100, 100) == pytest.approx(tm.log_likelihood(10, 2, 100, 100) - np.log(200))
        # Kilgarriff (2009), as Wordless' test_kilgarriffs_ratio (k = 1 per million): 1.1224
        assert round(float(tm.simple_maths(35, 263, 35 + 112289776, 263 + 1559716979)), 4) == 1.1224
        assert tm.simple_maths(35, 263, 35 + 112289776, 263 + 1559716979, k=100) < 1.1224
        # Hofland & Johansson (1982), as Wordless' test_diff_coeff: -0.32
        assert round(float(tm.difference_coefficient(18, 35, 1_000_000, 1_000_000)), 2) == -0.32
        assert tm.difference_coefficient(0, 0, 10, 10) == 0.0
        # Gabrielatos & Marchi (2011: 18), as Wordless' test_pct_diff: 88.7
        assert round(float(tm.percent_diff(206523, 178174, 959641, 1562358)), 1) == 88.7

    def test_every_measure_refuses_an_empty_corpus(self) -> None:
        for f in (tm.log_likelihood, tm.chi_square, tm.chi_square_yates, tm.log_likelihood_williams,
                  tm.fisher_exact, tm.odds_ratio, tm.percent_diff, tm.pmi, tm.bayes_factor_bic,
                  tm.simple_maths, tm.difference_coefficient):
            with pytest.raises(ValueError, match="target corpus is empty"):
                f([1, 2], [1, 1], 0, 10)
            assert len(f(np.zeros(0), np.zeros(0), 0, 10)) == 0  # no table: nothing to refuse

    @pytest.mark.parametrize("measure", ["chi2_yates", "g2_williams", "fisher", "bic", "odds_ratio", "pmi",
                                         "simple_maths", "diff_coefficient"])
    def test_keyness_measure(self, measure) -> None:
        from analysis.terms.keyness import KEYNESS_MEASURES

        out = tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1, stop_words=False, measure=measure)
        a, b = out["count_target"].to_numpy(), out["count_reference"].to_numpy()
        raw = KEYNESS_MEASURES[measure](a, b, 17, 12)
        sign = np.sign(a / 17 - b / 12)
        if measure in ("chi2_yates", "g2_williams"):
            expected = raw * sign
        elif measure == "fisher":
            expected = -np.log10(raw) * sign
        elif measure == "bic":
            expected = np.where(raw > 0, raw * sign, 0.0)
        else:
            expected = raw
        np.testing.assert_allclose(out["score"], expected)
        assert out["score"].is_monotonic_decreasing
        if measure in ("chi2_yates", "g2_williams"):
            from scipy import stats

            np.testing.assert_allclose(out["p_value"], stats.chi2.sf(raw, 1))
        elif measure == "fisher":
            np.testing.assert_allclose(out["p_value"], raw)
        else:  # G2's p-value
            np.testing.assert_allclose(out["p_value"], tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1,
                                                                  stop_words=False).set_index("term")
                                       .loc[out["term"], "p_value"].to_numpy())


# --------------------------------------------------------------------------- log odds
#: tidylo's bind_log_odds() example (reference/bind_log_odds.html): mtcars counted by vs, gear.
GEARS = np.array([[12, 2, 4], [3, 10, 1]])


class TestWeightedLogOdds:
    def test_tidylo_example(self) -> None:
        _, _, z = tm.weighted_log_odds(GEARS)
        np.testing.assert_allclose(z, [[1.1728347, -1.3767516, 0.4033125], [-1.1354777, 1.5661168, -0.4362340]],
                                   atol=5e-8)
        delta, _, z = tm.weighted_log_odds(GEARS, uninformative=True)
        np.testing.assert_allclose(delta, [[0.6968169, -1.2527630, 0.3249262], [-0.9673459, 1.1451323, -0.5268260]],
                                   atol=5e-8)
        np.testing.assert_allclose(z, [[1.8912729, -1.9691060, 0.5549172], [-1.7407107, 2.8421436, -0.6570674]],
                                   atol=5e-8)

    def test_zero_cells_are_absent_rows(self) -> None:
        # tidylo's tests: "Weighted log odds works when the feature is a number": sets 2 and 3,
        # an/interesting/text vs a/boring/text; the first five log odds > 0, the sixth < 0.
        counts = np.array([[1, 1, 3, 0, 0], [0, 0, 1, 1, 2]])  # an interesting text a boring
        delta, _, _ = tm.weighted_log_odds(counts)
        in_rows = [delta[0, 0], delta[0, 1], delta[0, 2], delta[1, 3], delta[1, 4], delta[1, 2]]
        assert all(x > 0 for x in in_rows[:5]) and in_rows[5] < 0

    def test_distinctive_terms_tidylo(self) -> None:
        words = {3: "three", 4: "four", 5: "five"}
        rows = [(vs, words[g]) for vs, counts in enumerate(GEARS) for g, k in zip((3, 4, 5), counts)
                for _ in range(k)]
        turns = pd.DataFrame({"speaker": [f"vs{v}" for v, _ in rows], "text": [w for _, w in rows]})
        out = tm.distinctive_terms(turns, "vs0", "vs1", method="tidylo", min_count=1, stop_words=False)
        assert out[["term", "count_target", "count_reference"]].values.tolist() == [
            ["three", 12, 3], ["five", 4, 1], ["four", 2, 10]]
        np.testing.assert_allclose(out["z"], [1.1728347, 0.4033125, -1.3767516], atol=5e-8)
        rest = tm.distinctive_terms(turns, by="speaker", compare="rest", method="tidylo", min_count=1,
                                    stop_words=False, prior="uninformative")
        np.testing.assert_allclose(rest.loc[rest["target"] == "vs1", "z"], [2.8421436, -0.6570674, -1.7407107],
                                   atol=5e-8)

    def test_monroe_default_unchanged_and_errors(self) -> None:
        turns = pd.DataFrame({"speaker": ["A", "B"], "text": ["tariffs tariffs trade", "security trade"]})
        assert tm.distinctive_terms(turns, "A", min_count=1).equals(
            tm.distinctive_terms(turns, "A", min_count=1, method="monroe"))
        with pytest.raises(ValueError, match="prior_scale sets Monroe"):
            tm.distinctive_terms(turns, "A", method="tidylo", prior_scale=10.0)
        with pytest.raises(ValueError, match="method must be one of"):
            tm.distinctive_terms(turns, "A", method="silge")


# --------------------------------------------------------------------------- frequencies
class TestFrequencyTies:
    TURNS = pd.DataFrame({"transcript_id": ["1", "2", "3"], "text": ["a a b b c d", "b b b d d d", "a a a"]})

    @pytest.mark.parametrize("ties, ranks", [("first", [1, 2, 3, 4]), ("min", [1, 1, 3, 4]),
                                             ("max", [2, 2, 3, 4]), ("dense", [1, 1, 2, 3]),
                                             ("average", [1.5, 1.5, 3.0, 4.0])])
    def test_rules(self, ties, ranks) -> None:
        out = tm.term_frequencies(self.TURNS, stop_words=False, ties=ties)
        assert out["term"].tolist() == ["a", "b", "d", "c"]
        assert out["rank"].tolist() == ranks

    def test_default_is_first_and_top_keeps_ties(self) -> None:
        assert tm.term_frequencies(self.TURNS, stop_words=False).equals(
            tm.term_frequencies(self.TURNS, stop_words=False, ties="first"))
        assert tm.term_frequencies(self.TURNS, stop_words=False, ties="max", top=1).empty
        assert tm.term_frequencies(self.TURNS, stop_words=False, ties="min", top=1)["term"].tolist() == ["a", "b"]
        with pytest.raises(ValueError, match="ties must be one of"):
            tm.term_frequencies(self.TURNS, ties="random")


# --------------------------------------------------------------------------- command line
class TestCommandLine:
    MINI = str(Path(__file__).resolve().parent / "data" / "mini")

    @pytest.mark.parametrize("measure", ["fisher", "bic", "simple_maths"])
    def test_keyness_measure_option(self, capsys, measure) -> None:
        from analysis.cli import main
        from analysis.corpus import load_corpus

        assert main(["keyness", "--target", "official", "--measure", measure, "--min-count", "2", "--top", "0",
                     "--output", "-", "--corpus", self.MINI, "-q"]) == 0
        printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
        direct = tm.keyness(load_corpus(self.MINI).turns(), "official", measure=measure, min_count=2)
        np.testing.assert_allclose(printed["score"], direct["score"])
        assert printed["term"].tolist() == direct["term"].tolist()

    def test_terms_ties_option(self, capsys) -> None:
        from analysis.cli import main
        from analysis.corpus import load_corpus

        assert main(["terms", "--ties", "min", "--top", "0", "--output", "-", "--corpus", self.MINI, "-q"]) == 0
        printed = pd.read_csv(io.StringIO(capsys.readouterr().out))
        direct = tm.term_frequencies(load_corpus(self.MINI).turns(), ties="min")
        assert printed["rank"].tolist() == direct["rank"].tolist()


class TestMeasureOptions:
    def test_options_reach_the_measure(self) -> None:
        k100 = tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1, stop_words=False, measure="simple_maths",
                          measure_options={"k": 100})
        a, b = k100["count_target"].to_numpy(), k100["count_reference"].to_numpy()
        np.testing.assert_allclose(k100["score"], tm.simple_maths(a, b, 17, 12, k=100))
        nats = tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1, stop_words=False, measure="pmi",
                          measure_options={"base": np.e})
        bits = tm.keyness(QUANTEDA_TWO, "d1", by="doc", min_count=1, stop_words=False, measure="pmi")
        np.testing.assert_allclose(nats["score"], bits["score"] * np.log(2))

    def test_bad_options(self) -> None:
        with pytest.raises(ValueError, match="do not apply to measure='g2'"):
            tm.keyness(QUANTEDA_TWO, "d1", by="doc", measure_options={"k": 1})
        with pytest.raises(ValueError, match="simple_maths\\(\\): k must be in"):
            tm.keyness(QUANTEDA_TWO, "d1", by="doc", measure="simple_maths", measure_options={"k": 0})
        with pytest.raises(TypeError, match="measure_options must be a mapping"):
            tm.keyness(QUANTEDA_TWO, "d1", by="doc", measure="pmi", measure_options=[2])
