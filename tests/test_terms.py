"""Tests of analysis.terms: document-term matrix, frequencies, TF-IDF, keyness measures,
keyness and distinctive terms (dispersion, trends and KWIC: test_terms_context.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from analysis import terms as tm
from analysis.errors import EmptyResultError
from analysis.text import stop_words, tokenize_texts

# Hand-countable turns. Content words (default stop words removed), by row:
# 0: china firmly opposes interference china internal affairs cooperation win-win   (11 words)
# 1: comment trade talks china firms cooperate                                       (13 words)
# 2: trade talks making progress hope cooperation cooperation cooperation            (14 words)
# 3: internal affairs firms trade firmly track                                       (10 words)
# 4: hong kong affairs china internal affairs                                        (7 words)
TURNS = pd.DataFrame({
    "transcript_id": ["t1", "t1", "t2", "t2", "t3"],
    "date": pd.to_datetime(["2019-01-10", "2019-01-10", "2019-02-11", "2019-02-11", "2019-03-05"]),
    "speaker": ["Geng Shuang", "Journalist", "Hua Chunying", "Journalist", "Geng Shuang"],
    "role": ["official", "questioner", "official", "questioner", "official"],
    "turn_index": [0, 1, 0, 1, 0],
    "text": [
        "China firmly opposes interference in China's internal affairs. Cooperation is win-win.",
        "Do you have any comment on the trade talks? Will China's firms cooperate?",
        "The trade talks are making progress. We hope for cooperation, cooperation and more cooperation.",
        "Internal affairs? The FIRMS said trade was firmly on track.",
        "Hong Kong affairs are China's internal affairs.",
    ],
})
WORDS = [11, 13, 14, 10, 7]


def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for k, v in where.items():
        mask &= (frame[k] == v).to_numpy()
    assert mask.sum() == 1, where
    return frame[mask].iloc[0]


# --------------------------------------------------------------------------- document-term matrix
class TestDocumentTermMatrix:
    def test_hand_counts(self) -> None:
        m, vocab, units = tm.document_term_matrix(TURNS)
        x = pd.DataFrame(m.toarray(), columns=vocab)
        assert x["china"].tolist() == [2, 1, 0, 0, 1]
        assert x["affairs"].tolist() == [1, 0, 0, 1, 2]
        assert x["cooperation"].tolist() == [1, 0, 3, 0, 0]
        assert "said" not in vocab and "the" not in vocab
        assert units["n_words"].tolist() == WORDS
        assert list(vocab) == sorted(vocab)
        assert "text" not in units.columns and len(units) == len(TURNS)

    def test_conservation_without_stop_words(self) -> None:
        m, _, units = tm.document_term_matrix(TURNS, stop_words=False)
        assert m.sum() == sum(WORDS)
        assert np.asarray(m.sum(axis=1)).ravel().tolist() == units["n_words"].tolist()

    def test_by_sums_rows(self) -> None:
        rows = tm.document_term_matrix(TURNS)
        grouped = tm.document_term_matrix(TURNS, by="transcript_id")
        assert grouped.units["transcript_id"].tolist() == ["t1", "t2", "t3"]
        assert grouped.units["n_rows"].tolist() == [2, 2, 1]
        assert grouped.units["n_words"].tolist() == [24, 24, 7]
        assert np.array_equal(grouped.matrix.toarray()[0], rows.matrix.toarray()[:2].sum(axis=0))

    @pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3)])
    @pytest.mark.parametrize("min_df,max_df", [(1, 1.0), (2, 1.0), (1, 0.5), (0.4, 3)])
    def test_agrees_with_count_vectorizer(self, ngram_range, min_df, max_df) -> None:
        stops = stop_words()
        tokens = tokenize_texts(TURNS["text"].tolist())
        vec = CountVectorizer(analyzer="word", tokenizer=lambda i: tokens[int(i)], preprocessor=None,
                              lowercase=False, token_pattern=None, stop_words=sorted(stops),
                              ngram_range=ngram_range, min_df=min_df, max_df=max_df)
        try:
            expected = vec.fit_transform([str(i) for i in range(len(TURNS))])
        except ValueError:
            with pytest.raises(EmptyResultError):
                tm.document_term_matrix(TURNS, ngram_range=ngram_range, min_df=min_df, max_df=max_df)
            return
        m, vocab, _ = tm.document_term_matrix(TURNS, ngram_range=ngram_range, min_df=min_df, max_df=max_df)
        assert list(vocab) == list(vec.get_feature_names_out())
        assert (m != expected).nnz == 0

    def test_any_text_frame_and_column(self) -> None:
        paras = pd.DataFrame({"doc": ["x", "y"], "body": ["Trade, trade.", "Talks."]})
        m, vocab, units = tm.document_term_matrix(paras, text="body")
        assert list(vocab) == ["talks", "trade"]
        assert m.toarray().tolist() == [[0, 2], [1, 0]]
        assert units.columns.tolist() == ["doc", "n_words"]

    def test_lemmas_and_case(self) -> None:
        _, vocab, _ = tm.document_term_matrix(TURNS, lemmas=True)
        assert "firm" in vocab and "firms" not in vocab
        _, vocab, _ = tm.document_term_matrix(TURNS, lowercase=False)
        assert "China" in vocab and "FIRMS" in vocab and "firms" in vocab

    def test_derived_month(self) -> None:
        out = tm.document_term_matrix(TURNS, by="month")
        assert out.units["month"].dt.strftime("%Y-%m").tolist() == ["2019-01", "2019-02", "2019-03"]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"document_term_matrix\(\): turns has no column\(s\) 'party'"):
            tm.document_term_matrix(TURNS, by="party")
        with pytest.raises(ValueError, match=r"max_df .* is below min_df"):
            tm.document_term_matrix(TURNS, min_df=3, max_df=2)
        with pytest.raises(EmptyResultError, match="try a lower min_df"):
            tm.document_term_matrix(TURNS, min_df=5)
        with pytest.raises(ValueError, match="ngram_range must be a tuple"):
            tm.document_term_matrix(TURNS, ngram_range=(2, 1))
        with pytest.raises(ValueError, match=r"min_df must be in \[0.0, 1.0\]"):
            tm.document_term_matrix(TURNS, min_df=1.5)


# --------------------------------------------------------------------------- term frequencies
class TestTermFrequencies:
    def test_overall_hand_counts(self) -> None:
        f = tm.term_frequencies(TURNS)
        assert f.columns.tolist() == ["term", "count", "per_1000", "doc_freq", "doc_share", "rank", "n_words", "n_docs"]
        assert f["term"].head(4).tolist() == ["affairs", "china", "cooperation", "internal"]  # ties by term
        r = _row(f, term="china")
        assert (r["count"], r["doc_freq"], r["n_docs"], r["n_words"]) == (4, 2, 3, 55)
        assert r["per_1000"] == pytest.approx(1000 * 4 / 55)
        assert _row(f, term="firms")["doc_freq"] == 2
        assert f["rank"].tolist() == list(range(1, len(f) + 1))

    def test_by_role(self) -> None:
        f = tm.term_frequencies(TURNS, by="role")
        off = _row(f, role="official", term="cooperation")
        assert (off["count"], off["n_words"], off["doc_freq"], off["n_docs"]) == (4, 32, 2, 3)
        q = _row(f, role="questioner", term="firms")
        assert (q["count"], q["n_words"], q["doc_freq"]) == (2, 23, 2)

    @pytest.mark.parametrize("by", ["role", "speaker", "transcript_id", ["transcript_id", "speaker"], "month", "year"])
    def test_grouping_is_additive(self, by) -> None:
        whole = tm.term_frequencies(TURNS).set_index("term")["count"]
        parts = tm.term_frequencies(TURNS, by=by).groupby("term")["count"].sum()
        assert parts.sort_index().equals(whole.sort_index())
        cols = [by] if isinstance(by, str) else by
        words = tm.term_frequencies(TURNS, by=by).drop_duplicates(cols)["n_words"].sum()
        assert words == sum(WORDS)

    def test_docs_none_counts_turns(self) -> None:
        f = tm.term_frequencies(TURNS, docs=None)
        r = _row(f, term="china")
        assert (r["doc_freq"], r["n_docs"]) == (3, 5)

    def test_options(self) -> None:
        assert tm.term_frequencies(TURNS, min_count=3)["count"].min() == 3
        top = tm.term_frequencies(TURNS, by="role", top=2)
        assert top.groupby("role").size().tolist() == [2, 2]
        f = tm.term_frequencies(TURNS, stop_words=["china", "affairs"])
        assert "china" not in set(f["term"]) and "the" in set(f["term"])
        f = tm.term_frequencies(TURNS, lemmas=True)
        assert _row(f, term="firm")["count"] == 2
        f = tm.term_frequencies(TURNS, ngram_range=(2, 2))
        assert _row(f, term="internal affairs")["count"] == 3

    def test_empty_input(self) -> None:
        out = tm.term_frequencies(TURNS.iloc[:0], by="role")
        assert out.empty and out.columns.tolist()[:2] == ["role", "term"]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"term_frequencies\(\): turns has no column\(s\) 'party'"):
            tm.term_frequencies(TURNS, by="party")
        with pytest.raises(ValueError, match=r"has no column\(s\) 'doc'"):
            tm.term_frequencies(TURNS, docs="doc")
        with pytest.raises(ValueError, match=r"min_count must be in \[1, inf\]"):
            tm.term_frequencies(TURNS, min_count=0)
        with pytest.raises(ValueError, match=r"lowercase must be one of"):
            tm.term_frequencies(TURNS, lowercase="yes")


# --------------------------------------------------------------------------- TF-IDF
class TestTfidfTerms:
    @pytest.mark.parametrize("norm", ["l2", "l1", None])
    @pytest.mark.parametrize("smooth_idf,sublinear_tf", [(True, False), (False, True)])
    def test_equals_sklearn(self, norm, smooth_idf, sublinear_tf) -> None:
        out = tm.tfidf_terms(TURNS, by="transcript_id", top=None, norm=norm, smooth_idf=smooth_idf,
                             sublinear_tf=sublinear_tf)
        m, vocab, units = tm.document_term_matrix(TURNS, by="transcript_id")
        ref = TfidfTransformer(norm=norm, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf).fit_transform(m).toarray()
        ref = pd.DataFrame(ref, index=units["transcript_id"], columns=vocab)
        assert len(out) == (ref > 0).to_numpy().sum()
        for r in out.itertuples():
            assert r.tfidf == pytest.approx(ref.loc[r.transcript_id, r.term], abs=1e-12)

    def test_ranking_and_top(self) -> None:
        out = tm.tfidf_terms(TURNS, top=1)
        # t2 uses "cooperation" three times; only t1 shares it
        assert out.set_index("transcript_id")["term"].to_dict() == {"t1": "china", "t2": "cooperation", "t3": "affairs"}
        assert (out["rank"] == 1).all()

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"tfidf_terms\(\): norm must be one of"):
            tm.tfidf_terms(TURNS, norm="l3")
        with pytest.raises(ValueError, match="has no column"):
            tm.tfidf_terms(TURNS, by="party")


# --------------------------------------------------------------------------- measures
def _table(a, b, c, d):
    return np.array([[a, b], [c - a, d - b]], dtype=float)


class TestMeasures:
    def test_g2_hand_worked(self) -> None:
        # a=10, b=2 in corpora of c=d=100 words. Cells 10, 2, 90, 98; expected 6, 6, 94, 94.
        # G2 = 2 (10 ln(10/6) + 2 ln(2/6) + 90 ln(90/94) + 98 ln(98/94)) = 6.16259...
        hand = 2 * (10 * np.log(10 / 6) + 2 * np.log(2 / 6) + 90 * np.log(90 / 94) + 98 * np.log(98 / 94))
        assert tm.log_likelihood(10, 2, 100, 100) == pytest.approx(hand, abs=1e-12)
        assert hand == pytest.approx(6.16259, abs=1e-5)

    def test_g2_agrees_with_scipy(self) -> None:
        rng = np.random.default_rng(0)
        c, d = rng.integers(1_000, 100_000, 50), rng.integers(1_000, 100_000, 50)
        a, b = rng.integers(0, 300, 50), rng.integers(0, 300, 50)
        ours = tm.log_likelihood(a, b, c, d)
        for i in range(50):
            t = _table(a[i], b[i], c[i], d[i])
            exp = stats.contingency.expected_freq(t)
            ref = stats.power_divergence(t.ravel(), exp.ravel(), lambda_="log-likelihood").statistic
            assert ours[i] == pytest.approx(ref, abs=1e-9)
            ref2 = stats.chi2_contingency(t, correction=False, lambda_="log-likelihood").statistic
            assert ours[i] == pytest.approx(ref2, abs=1e-9)

    def test_g2_zero_cell(self) -> None:
        t = _table(7, 0, 50, 80)
        ref = stats.chi2_contingency(t, correction=False, lambda_="log-likelihood").statistic
        assert tm.log_likelihood(7, 0, 50, 80) == pytest.approx(ref, abs=1e-9)

    def test_chi_square_agrees_with_scipy(self) -> None:
        for a, b, c, d in [(10, 2, 100, 100), (3, 40, 500, 900), (0, 5, 70, 60)]:
            ref = stats.chi2_contingency(_table(a, b, c, d), correction=False).statistic
            assert tm.chi_square(a, b, c, d) == pytest.approx(ref, abs=1e-9)

    def test_log_ratio(self) -> None:
        assert tm.log_ratio(20, 10, 1000, 1000) == pytest.approx(1.0)
        assert tm.log_ratio(10, 20, 1000, 4000) == pytest.approx(1.0)  # rates 0.01 vs 0.005
        assert tm.log_ratio(0, 8, 1000, 1000) == pytest.approx(np.log2(0.5 / 8))  # Hardie's 0.5 for zero
        # 0 vs 2 with a target 100 times smaller: the 0.5 would give +4.32 (a reversed direction)
        assert tm.log_ratio(0, 2, 10, 1000) == 0.0
        assert tm.log_ratio(2, 0, 1000, 10) == 0.0
        assert tm.log_ratio(0, 2, 1000, 1000) < 0 and tm.log_ratio(2, 0, 1000, 1000) > 0

    def test_percent_diff(self) -> None:
        assert tm.percent_diff(30, 10, 1000, 1000) == pytest.approx(200.0)
        assert tm.percent_diff(5, 10, 1000, 1000) == pytest.approx(-50.0)
        assert np.isinf(tm.percent_diff(5, 0, 1000, 1000))

    def test_adjust_p_values(self) -> None:
        p = np.array([0.001, 0.01, 0.02, 0.04, 0.5])
        m = len(p)
        order = np.argsort(p)
        bh = np.minimum.accumulate((p[order] * m / np.arange(1, m + 1))[::-1])[::-1]
        expected = np.empty(m)
        expected[order] = np.minimum(bh, 1)
        assert tm.adjust_p_values(p) == pytest.approx(expected)
        assert tm.adjust_p_values(p, method="bonferroni") == pytest.approx(np.minimum(p * m, 1))
        assert tm.adjust_p_values(p, method=None).tolist() == p.tolist()
        with pytest.raises(ValueError, match=r"adjust_p_values\(\): method must be one of"):
            tm.adjust_p_values(p, method="holm")


# --------------------------------------------------------------------------- keyness
class TestKeyness:
    def test_two_groups(self) -> None:
        k = tm.keyness(TURNS, "official", "questioner", min_count=1)
        assert set(k["target"]) == {"official"} and set(k["reference"]) == {"questioner"}
        r = _row(k, term="cooperation")
        assert (r["count_target"], r["count_reference"], r["words_target"], r["words_reference"]) == (4, 0, 32, 23)
        assert r["g2"] == pytest.approx(float(tm.log_likelihood(4, 0, 32, 23)))
        assert r["score"] == pytest.approx(r["g2"])
        assert r["p_value"] == pytest.approx(stats.chi2.sf(r["g2"], 1))
        firms = _row(k, term="firms")
        assert firms["score"] == pytest.approx(-firms["g2"]) and firms["score"] < 0
        assert k["score"].is_monotonic_decreasing
        assert k.columns.tolist() == tm.keyness.__globals__["KEYNESS_COLUMNS"]

    def test_rest_is_complement(self) -> None:
        k = tm.keyness(TURNS, "Geng Shuang", by="speaker", min_count=1)
        assert set(k["reference"]) == {"rest"}
        r = _row(k, term="affairs")
        assert (r["count_target"], r["count_reference"], r["words_target"], r["words_reference"]) == (3, 1, 18, 37)

    @pytest.mark.parametrize("measure", ["g2", "chi2", "log_ratio", "pct_diff"])
    def test_measure_sets_score(self, measure) -> None:
        k = tm.keyness(TURNS, "official", min_count=1, measure=measure)
        r = _row(k, term="china")
        expected = {"g2": np.sign(3 / 32 - 1 / 23) * r["g2"], "chi2": np.sign(3 / 32 - 1 / 23) * r["chi2"],
                    "log_ratio": r["log_ratio"], "pct_diff": r["pct_diff"]}[measure]
        assert r["score"] == pytest.approx(expected)
        stat = r["chi2"] if measure == "chi2" else r["g2"]
        assert r["p_value"] == pytest.approx(stats.chi2.sf(stat, 1))

    def test_compare_modes(self) -> None:
        rest = tm.keyness(TURNS, by="speaker", compare="rest", min_count=1)
        assert list(dict.fromkeys(rest["target"])) == ["Geng Shuang", "Hua Chunying", "Journalist"]
        pairs = tm.keyness(TURNS, by="speaker", compare="pairs", min_count=1)
        assert list(dict.fromkeys(zip(pairs["target"], pairs["reference"]))) == [
            ("Geng Shuang", "Hua Chunying"), ("Geng Shuang", "Journalist"), ("Hua Chunying", "Journalist")]
        prev = tm.keyness(TURNS, by="month", compare="previous", min_count=1)
        assert list(dict.fromkeys(zip(prev["target"], prev["reference"]))) == [
            ("2019-02-01", "2019-01-01"), ("2019-03-01", "2019-02-01")]
        r = _row(prev, target="2019-03-01", term="affairs")
        assert (r["count_target"], r["count_reference"]) == (2, 1)  # March turn vs February's "Internal affairs?"

    def test_correction_over_the_whole_call(self) -> None:
        k = tm.keyness(TURNS, by="speaker", compare="rest", min_count=1, correction="bonferroni")
        assert k["p_adjusted"].to_numpy() == pytest.approx(np.minimum(1, k["p_value"].to_numpy() * len(k)))
        k = tm.keyness(TURNS, by="speaker", compare="rest", min_count=1, correction=None, alpha=0.5)
        assert (k["p_adjusted"] == k["p_value"]).all()
        assert (k["significant"] == (k["p_value"] < 0.5)).all()

    def test_dispersion_filter(self) -> None:
        # officials: "cooperation" in t1 (1) and t2 (3) -> 2 parts; "win-win" only in t1
        k = tm.keyness(TURNS, "official", min_count=1)
        assert _row(k, term="cooperation")["n_parts_target"] == 2
        assert _row(k, term="win-win")["n_parts_target"] == 1
        assert _row(k, term="win-win")["dispersion_target"] == pytest.approx(0.0)
        kept = tm.keyness(TURNS, "official", min_count=1, min_parts=2)
        assert "win-win" not in set(kept["term"]) and "cooperation" in set(kept["term"])
        assert (kept["n_parts_target"] >= 2).all()
        even = tm.keyness(TURNS, "official", min_count=1, min_dispersion=0.5)
        assert (even["dispersion_target"] >= 0.5).all() and "win-win" not in set(even["term"])

    def test_external_reference_list_equals_group(self) -> None:
        by_group = tm.keyness(TURNS, "official", "questioner", min_count=1)
        q = TURNS[TURNS["role"] == "questioner"]
        freq = tm.term_frequencies(q)[["term", "count"]]
        ext = tm.keyness(TURNS, "official", reference_counts=freq, reference_total=23, min_count=1)
        assert set(ext["reference"]) == {"reference list"}
        cols = ["term", "count_target", "count_reference", "g2", "log_ratio", "score"]
        a = by_group[cols].sort_values("term", ignore_index=True)
        b = ext[cols].sort_values("term", ignore_index=True)
        pd.testing.assert_frame_equal(a, b, check_dtype=False)
        as_dict = tm.keyness(TURNS, "official", reference_counts=dict(zip(freq["term"], freq["count"])),
                             reference_total=23, min_count=1)
        assert as_dict["g2"].sum() == pytest.approx(ext["g2"].sum())

    def test_external_reference_keeps_absent_terms(self) -> None:
        ext = tm.keyness(TURNS, reference_counts={"China": 10, "sovereignty": 30}, reference_total=1000, min_count=1)
        r = _row(ext, term="sovereignty")
        assert (r["count_target"], r["count_reference"], r["words_target"]) == (0, 30, 55)
        assert np.isnan(r["dispersion_target"]) or r["n_parts_target"] == 0
        assert _row(ext, term="china")["count_reference"] == 10  # lower-cased like the corpus

    def test_empty_input(self) -> None:
        out = tm.keyness(TURNS.iloc[:0], "official")
        assert out.empty and "g2" in out.columns

    def test_errors(self) -> None:
        with pytest.raises(EmptyResultError,
                           match=r"keyness\(\): target='offical' matches no turns in column\(s\) role"):
            tm.keyness(TURNS, "offical")
        with pytest.raises(EmptyResultError, match="reference='moderator' matches no turns"):
            tm.keyness(TURNS, "official", "moderator")
        with pytest.raises(ValueError, match=r"keyness\(\): turns has no column\(s\) 'party'"):
            tm.keyness(TURNS, "x", by="party")
        with pytest.raises(ValueError, match="give either target/reference or compare"):
            tm.keyness(TURNS, "official", compare="rest")
        with pytest.raises(ValueError, match="give target"):
            tm.keyness(TURNS)
        with pytest.raises(ValueError, match="share group"):
            tm.keyness(TURNS, ["official"], ["official", "questioner"])
        with pytest.raises(ValueError, match=r"measure must be one of"):
            tm.keyness(TURNS, "official", measure="mi")
        with pytest.raises(EmptyResultError, match="the reference is empty"):
            tm.keyness(TURNS, ["official", "questioner"])
        with pytest.raises(EmptyResultError, match="needs at least two groups"):
            tm.keyness(TURNS[TURNS["role"] == "official"], compare="rest")


# --------------------------------------------------------------------------- distinctive terms
def _monroe_direct(y_i: dict, y_j: dict, alpha: dict) -> dict:
    """Monroe, Colaresi & Quinn (2008) eqs. 16, 18-22, written out word by word."""
    n_i, n_j, a0 = sum(y_i.values()), sum(y_j.values()), sum(alpha.values())
    out = {}
    for w in alpha:
        yi, yj, a = y_i.get(w, 0), y_j.get(w, 0), alpha[w]
        omega_i = (yi + a) / (n_i + a0 - yi - a)
        omega_j = (yj + a) / (n_j + a0 - yj - a)
        delta = np.log(omega_i) - np.log(omega_j)
        var = 1 / (yi + a) + 1 / (yj + a)
        out[w] = (delta, delta / np.sqrt(var))
    return out


class TestDistinctiveTerms:
    def test_agrees_with_direct_formulas(self) -> None:
        d = tm.distinctive_terms(TURNS, "official", "questioner", by="role", min_count=1)
        counts = tm.term_frequencies(TURNS, by="role")
        y_i = dict(counts.loc[counts["role"] == "official", ["term", "count"]].values)
        y_j = dict(counts.loc[counts["role"] == "questioner", ["term", "count"]].values)
        alpha = dict(tm.term_frequencies(TURNS)[["term", "count"]].values)  # informative: background counts
        ref = _monroe_direct(y_i, y_j, alpha)
        assert set(d["term"]) == set(ref)
        for r in d.itertuples():
            assert r.log_odds == pytest.approx(ref[r.term][0], abs=1e-12)
            assert r.z == pytest.approx(ref[r.term][1], abs=1e-12)
        assert d["z"].is_monotonic_decreasing

    def test_uninformative_prior_and_scale(self) -> None:
        d = tm.distinctive_terms(TURNS, "official", "questioner", by="role", min_count=1, prior="uninformative")
        counts = tm.term_frequencies(TURNS, by="role")
        y_i = dict(counts.loc[counts["role"] == "official", ["term", "count"]].values)
        y_j = dict(counts.loc[counts["role"] == "questioner", ["term", "count"]].values)
        vocab = tm.term_frequencies(TURNS)["term"]
        ref = _monroe_direct(y_i, y_j, {w: 0.01 for w in vocab})
        assert _row(d, term="china")["z"] == pytest.approx(ref["china"][1])
        # prior_scale sets alpha_0: alpha_w = alpha_0 * (background share of w)
        scaled = tm.distinctive_terms(TURNS, "official", "questioner", by="role", min_count=1, prior_scale=10.0)
        background = dict(tm.term_frequencies(TURNS)[["term", "count"]].values)
        total = sum(background.values())
        ref = _monroe_direct(y_i, y_j, {w: 10.0 * c / total for w, c in background.items()})
        assert _row(scaled, term="cooperation")["z"] == pytest.approx(ref["cooperation"][1])

    def test_log_odds_dirichlet_small_table(self) -> None:
        delta, se, z = tm.log_odds_dirichlet([8, 2, 0], [2, 8, 5], [1.0, 1.0, 0.5])
        ref = _monroe_direct({"a": 8, "b": 2, "c": 0}, {"a": 2, "b": 8, "c": 5}, {"a": 1.0, "b": 1.0, "c": 0.5})
        assert z.tolist() == pytest.approx([ref[w][1] for w in "abc"])
        assert delta.tolist() == pytest.approx([ref[w][0] for w in "abc"])

    def test_rest_and_min_count(self) -> None:
        d = tm.distinctive_terms(TURNS, by="speaker", compare="rest", min_count=2)
        assert list(dict.fromkeys(d["target"])) == ["Geng Shuang", "Hua Chunying", "Journalist"]
        assert (d["count"] >= 2).all()
        assert (d["count"] == d["count_target"] + d["count_reference"]).all()

    def test_errors(self) -> None:
        with pytest.raises(EmptyResultError, match=r"distinctive_terms\(\): target='Lu Kang' matches no turns"):
            tm.distinctive_terms(TURNS, "Lu Kang")
        with pytest.raises(ValueError, match=r"prior must be one of"):
            tm.distinctive_terms(TURNS, "Geng Shuang", prior="flat")
        with pytest.raises(ValueError, match=r"prior_scale must be in \(0.0, inf\)"):
            tm.distinctive_terms(TURNS, "Geng Shuang", prior_scale=0.0)


class TestPhrasesOption:
    """phrases= merges multiword expressions in every counting function, as in dispersion."""

    TURNS = pd.DataFrame({
        "transcript_id": ["a", "a", "b", "b", "c"],
        "role": ["official", "questioner", "official", "questioner", "official"],
        "speaker": ["X", "J", "X", "J", "Y"],
        "text": ["Hong Kong affairs are internal affairs.", "What about Hong Kong?", "Hong Kong, Hong Kong.",
                 "Kong Xuanyou visited.", "Trade talks resumed in Hong Kong."],
    })

    def test_term_frequencies_hand_counts(self) -> None:
        got = tm.term_frequencies(self.TURNS, phrases=["Hong Kong"], stop_words=False)
        counts = dict(zip(got["term"], got["count"]))
        assert counts["hong kong"] == 5
        assert "hong" not in counts and counts["kong"] == 1  # "Kong Xuanyou" stays a word
        assert counts["affairs"] == 2
        plain = tm.term_frequencies(self.TURNS, stop_words=False)
        plain_counts = dict(zip(plain["term"], plain["count"]))
        # words outside the phrase keep their counts; the phrase takes one token per use
        assert all(counts[t] == plain_counts[t] for t in plain_counts if t not in ("hong", "kong"))
        assert sum(counts.values()) == sum(plain_counts.values()) - 5

    def test_document_term_matrix_and_dispersion_agree(self) -> None:
        dtm = tm.document_term_matrix(self.TURNS, phrases="hong kong", stop_words=False)
        col = list(dtm.vocabulary).index("hong kong")
        assert dtm.matrix[:, col].toarray().ravel().tolist() == [1, 1, 2, 0, 1]
        disp = tm.dispersion(self.TURNS, ["hong kong"], phrases="hong kong")
        assert int(disp["count"].iloc[0]) == 5
        # n_words counts the phrase as one word
        assert dtm.units["n_words"].tolist() == [5, 3, 2, 3, 5]

    def test_keyness_and_distinctive_terms_see_the_phrase(self) -> None:
        key = tm.keyness(self.TURNS, "official", min_count=1, phrases=["hong kong"], correction=None)
        assert "hong kong" in set(key["term"]) and "hong" not in set(key["term"])
        row = key[key["term"] == "hong kong"].iloc[0]
        assert (row["count_target"], row["count_reference"]) == (4, 1)
        dist = tm.distinctive_terms(self.TURNS, "X", by="speaker", min_count=1, phrases=["hong kong"])
        assert "hong kong" in set(dist["term"]) and "hong" not in set(dist["term"])

    @pytest.mark.parametrize("func", ["term_frequencies", "document_term_matrix", "keyness", "distinctive_terms"])
    def test_bad_phrases_name_the_function(self, func: str) -> None:
        with pytest.raises(ValueError, match=rf"^{func}\(\): phrases entry 'hong' has 1 word"):
            getattr(tm, func)(self.TURNS, phrases=["hong"])
        with pytest.raises(TypeError, match=rf"^{func}\(\): phrases must be a str"):
            getattr(tm, func)(self.TURNS, phrases=5)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 3), (1, 3)])
@pytest.mark.parametrize("lowercase,stop_words", [(True, True), (False, True), (True, False), (True, ["the", "We"])])
def test_counts_from_the_text_layer_equal_counting_lists(ngram_range, lowercase, stop_words):
    """count_rows counts from integer arrays; the reference counts token lists with Counter."""
    from collections import Counter

    from analysis.terms._base import _ngrams, count_rows, resolve_stop_words
    from analysis.text import tokenize_texts
    from analysis.token_options import TokenOptions

    frame = pd.DataFrame({"text": ["We oppose the tariffs. The tariffs hurt us!", "", "we, the People; we oppose",
                                   "Trade and peace and trade.", "The the the", "U.S. tariffs don't work."]})
    opts = TokenOptions(lowercase=lowercase, stop_words=stop_words, ngram_range=ngram_range)
    got = count_rows(frame, opts)
    stops = resolve_stop_words(stop_words)
    toks = tokenize_texts(frame["text"].tolist(), lowercase=lowercase)
    if ngram_range == (1, 1):
        docs = [[w for w in t if w.lower() not in stops] for t in toks]
    else:
        docs = [_ngrams(t, ngram_range, stops) for t in toks]
    expected = [Counter(d) for d in docs]
    assert list(got.vocabulary) == sorted({w for c in expected for w in c})
    dense = got.matrix.toarray()
    assert [{w: int(n) for w, n in zip(got.vocabulary, r) if n} for r in dense] == [dict(c) for c in expected]
    assert got.n_words.tolist() == [len(t) for t in toks]
    pruned = count_rows(frame, opts, min_rows=2)
    in_rows = (got.matrix > 0).sum(axis=0).A1
    assert list(pruned.vocabulary) == list(got.vocabulary[in_rows >= 2])
    assert (pruned.matrix != got.matrix[:, np.flatnonzero(in_rows >= 2)]).nnz == 0


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-3, 60).map(float)),
                max_size=50))
def test_chi2_sf_equals_scipy_bit_for_bit(values):
    from scipy import stats

    from analysis.terms.keyness import chi2_sf_1df

    x = np.array(values, dtype=float)
    assert np.array_equal(chi2_sf_1df(x), stats.chi2.sf(x, df=1), equal_nan=True)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=12), max_size=6),
       st.lists(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=2, max_size=4), min_size=1, max_size=4))
def test_merge_view_equals_mwe_tokenizer(docs, phrases):
    """Merging expressions on the integer arrays gives NLTK MWETokenizer's tokens."""
    from analysis.terms import mwe
    from analysis.text import mwe_tokenize
    from analysis.tokens import token_table

    texts = [" ".join(d) for d in docs]
    compiled = tuple(sorted({tuple(p) for p in phrases}))
    view = token_table(texts).words()
    expected = [mwe_tokenize(d, [" ".join(p) for p in compiled]) for d in view.lists()]
    assert mwe.merge_view(view, compiled).lists() == expected


def test_term_frequencies_doc_freq_of_bigrams_by_year_counted_by_hand() -> None:
    turns = pd.DataFrame({
        "transcript_id": ["a", "a", "b", "c"],
        "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-05-01", "2020-03-04"]),
        "text": ["Trade talks resumed.", "Trade talks again.", "Trade talks, trade war.", "Trade war."],
    })
    got = tm.term_frequencies(turns, ngram_range=(1, 2), by="year", stop_words=False)
    cell = {(int(y.year), t): (c, d) for y, t, c, d in zip(got["year"], got["term"], got["count"], got["doc_freq"])}
    assert cell[(2019, "trade talks")] == (3, 2)  # twice in a, once in b
    assert cell[(2019, "trade")] == (4, 2)
    assert cell[(2019, "trade war")] == (1, 1)
    assert cell[(2019, "talks trade")] == (1, 1)
    assert cell[(2020, "trade war")] == (1, 1)
    assert (2020, "talks") not in cell
    assert got.groupby("year")["n_docs"].first().tolist() == [2, 1]
