"""Tests of analysis.topics (units, models, coherence, stability, choosing k, labels,
prevalence, maps), its figures, its narration, and notebook 04.

Most tests use a synthetic corpus with four planted topics whose vocabularies are disjoint,
so what a model should find is known in advance.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from scipy import sparse
from scipy.spatial.distance import jensenshannon
from sklearn.metrics import cohen_kappa_score

from analysis import topics as tp
from analysis.corpus import load_corpus
from analysis.errors import EmptyResultError
from analysis.narrate import topics as nt
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers
from analysis.plots import topics as pt

PLANTED = {
    "trade": "tariff export import deficit surplus commerce market goods customs dumping".split(),
    "weather": "typhoon flood rescue storm rainfall evacuation disaster relief damage shelter".split(),
    "panda": "panda zoo bamboo cub keeper enclosure visitors breeding habitat giant".split(),
    "space": "satellite rocket launch orbit astronaut mission spacecraft lunar probe module".split(),
}
TOPIC_OF = {w: name for name, ws in PLANTED.items() for w in ws}


def _planted_units(n_per_topic: int = 30, n_words: int = 20, seed: int = 0) -> pd.DataFrame:
    """Units drawn from one planted topic each (Zipf-like word weights within a topic)."""
    rng = np.random.default_rng(seed)
    p = 1 / np.arange(1, 11)
    p /= p.sum()
    rows = []
    for i in range(n_per_topic):
        for j, (name, vocab) in enumerate(PLANTED.items()):
            words = rng.choice(vocab, size=n_words, p=p)
            rows.append({"text": " ".join(words), "planted": name, "transcript_id": f"t{i % 6}",
                         "date": pd.Timestamp("2019-01-01") + pd.Timedelta(days=40 * (i % 6)),
                         "speaker": ["Lu Kang", "Hua Chunying"][i % 2], "role": "official",
                         "turn_index": 4 * i + j})
    units = pd.DataFrame(rows)
    units["unit_id"] = range(len(units))
    return units


UNITS = _planted_units()


def _recovered(result: tp.TopicModelResult, n: int = 5) -> bool:
    """Each topic's top terms come from one planted topic, and every planted topic is found."""
    found = []
    for terms in result.top_terms(n):
        names = {TOPIC_OF[t] for t in terms}
        if len(names) != 1:
            return False
        found.append(names.pop())
    return sorted(found) == sorted(PLANTED)


@pytest.fixture(scope="module")
def nmf() -> tp.TopicModelResult:
    return tp.fit_topics(UNITS, k=4, min_df=2, max_df=0.9)


# ----------------------------------------------------------------------------- units
TURNS = pd.DataFrame({
    "transcript_id": ["a", "a", "a", "a", "b"],
    "date": pd.to_datetime(["2019-01-02"] * 4 + ["2019-02-03"]),
    "speaker": ["Journalist", "Lu Kang", "Journalist", "Lu Kang", "Lu Kang"],
    "role": ["questioner", "official", "questioner", "official", "official"],
    "turn_index": [1, 2, 3, 4, 0],
    "exchange": pd.array([1, 1, 3, 3, None], dtype="Int64"),
    "text": [
        "What about the tariffs announced today?",
        "Yes.\n\nThe tariffs hurt both sides and the world economy.\n\nWe oppose them.",
        "And the typhoon?",
        "Rescue teams are working around the clock in the affected provinces.",
        "Good afternoon. Let me start with an announcement about a state visit next week.",
    ],
})


class TestTopicUnits:
    def test_paragraph_merge_rule(self) -> None:
        out = tp.topic_units(TURNS, min_words=4)
        # "Yes." (1 word) joins the next paragraph of its turn; "We oppose them." (3 words)
        # is a short remainder and joins the previous unit of its turn.
        a2 = out[(out["transcript_id"] == "a") & (out["turn_index"] == 2)]
        assert a2["text"].tolist() == [
            "Yes.\n\nThe tariffs hurt both sides and the world economy.\n\nWe oppose them."]
        assert a2["n_parts"].tolist() == [3]
        assert a2["n_words"].tolist() == [1 + 9 + 3]
        # "And the typhoon?" (3 words) is a whole turn shorter than min_words: dropped.
        assert 3 not in out.loc[out["transcript_id"] == "a", "turn_index"].tolist()
        assert out["unit_id"].tolist() == list(range(len(out)))
        assert list(out.columns) == list(tp.UNIT_COLUMNS)

    def test_paragraph_drop_rule(self) -> None:
        out = tp.topic_units(TURNS, min_words=4, short="drop")
        a2 = out[(out["transcript_id"] == "a") & (out["turn_index"] == 2)]
        assert a2["text"].tolist() == ["The tariffs hurt both sides and the world economy."]
        assert (out["n_parts"] == 1).all()

    def test_min_words_zero_keeps_every_paragraph(self) -> None:
        out = tp.topic_units(TURNS, min_words=0)
        assert len(out) == 1 + 3 + 1 + 1 + 1
        assert out["n_words"].sum() == sum(len(t.split()) for t in TURNS["text"])  # conservation

    def test_turns(self) -> None:
        out = tp.topic_units(TURNS, unit="turn", min_words=4)
        assert out["turn_index"].tolist() == [1, 2, 4, 0]
        assert out["paragraph_index"].isna().all()

    def test_exchanges(self) -> None:
        out = tp.topic_units(TURNS, unit="exchange", min_words=1)
        assert out["exchange"].tolist() == [1, 3]
        assert out["role"].tolist() == ["exchange", "exchange"]
        assert out["speaker"].tolist() == ["Lu Kang", "Lu Kang"]
        assert out["text"].iloc[1] == ("And the typhoon?\n\nRescue teams are working around the clock in the "
                                       "affected provinces.")
        assert out["n_parts"].tolist() == [2, 2]

    def test_corpus_and_turns_agree(self) -> None:
        corpus = load_corpus("data")
        a = tp.topic_units(corpus)
        b = tp.topic_units(corpus.turns())
        assert len(a) == len(b)
        assert a["text"].tolist() == b["text"].tolist()
        assert (a["n_words"] >= 20).all()

    def test_corpus_exchanges_are_those_of_turns(self) -> None:
        # Paragraph units of a Corpus take each turn's exchange from the transcripts, not from
        # Corpus.turns() (which would count every turn's words): the same column.
        from analysis.topics.units import _turn_exchanges

        corpus = load_corpus("data")
        ref = corpus.turns()[["transcript_id", "turn_index", "exchange"]]
        pd.testing.assert_frame_equal(_turn_exchanges(corpus), ref)

    def test_empty_frame(self) -> None:
        out = tp.topic_units(TURNS.iloc[:0])
        assert out.empty and list(out.columns) == list(tp.UNIT_COLUMNS)

    @pytest.mark.parametrize("kwargs, match", [
        ({"unit": "sentence"}, r"topic_units\(\): unit must be one of 'exchange', 'paragraph', 'turn'"),
        ({"short": "keep"}, r"topic_units\(\): short must be one of 'drop', 'merge'"),
        ({"min_words": -1}, r"topic_units\(\): min_words must be in \[0, inf\]"),
    ])
    def test_bad_parameters(self, kwargs, match) -> None:
        with pytest.raises(ValueError, match=match):
            tp.topic_units(TURNS, **kwargs)

    def test_bad_input_type(self) -> None:
        with pytest.raises(TypeError, match=r"topic_units\(\): turns must be a Corpus or a pandas DataFrame"):
            tp.topic_units(["some text"])

    def test_nothing_left(self) -> None:
        with pytest.raises(EmptyResultError, match="lower min_words"):
            tp.topic_units(TURNS, min_words=500)

    def test_turn_unit_needs_turns(self) -> None:
        paras = tp.topic_units(TURNS, min_words=0).drop(columns=["unit_id"])
        with pytest.raises(ValueError, match=r"unit='turn' needs turns"):
            tp.topic_units(paras, unit="turn")


# ----------------------------------------------------------------------------- models
class TestFitTopics:
    @pytest.mark.parametrize("model, representation", [
        ("nmf", None), ("lda", None), ("kmeans", "tfidf"), ("kmeans", "lsa"),
        ("agglomerative", "lsa"), ("agglomerative", "tfidf"),
    ])
    def test_recovers_planted_topics(self, model, representation) -> None:
        res = tp.fit_topics(UNITS, k=4, model=model, representation=representation, min_df=2, max_df=0.9,
                            lsa_components=10)
        assert _recovered(res)
        # every unit's dominant topic is its planted topic's
        first = {j + 1: TOPIC_OF[ts[0]] for j, ts in enumerate(res.top_terms(1))}
        assert (res.unit_topics["topic"].map(first) == res.unit_topics["planted"]).all()

    @pytest.mark.parametrize("model", ["nmf", "lda", "kmeans"])
    def test_same_seed_same_result(self, model) -> None:
        a = tp.fit_topics(UNITS, k=4, model=model, min_df=2, random_state=3)
        b = tp.fit_topics(UNITS, k=4, model=model, min_df=2, random_state=3)
        pd.testing.assert_frame_equal(a.topic_terms, b.topic_terms)
        pd.testing.assert_frame_equal(a.unit_topics, b.unit_topics)
        np.testing.assert_array_equal(a.weights, b.weights)

    def test_refitting_one_design_is_bit_identical(self) -> None:
        # choose_k and topic_stability fit many times on one design: the design's matrices
        # must not change under a fit (scikit-learn's NMF sorts unsorted indices in place)
        from analysis.topics._vectorize import build_design
        from analysis.topics.models import _CALLER, fit_design

        design = build_design(UNITS, min_df=2, max_df=0.9, caller=_CALLER)
        assert design.tfidf.has_sorted_indices and design.counts.has_sorted_indices
        before = (design.tfidf.indices.copy(), design.tfidf.data.copy())
        params = dict(k=4, model="nmf", representation="tfidf", min_df=2, max_df=0.9, max_features=None,
                      lemmas=False, extra_stop_words=(), n_top_terms=10, lsa_components=10, random_state=0,
                      model_params={})
        a = fit_design(design, params)
        b = fit_design(design, params)
        np.testing.assert_array_equal(design.tfidf.indices, before[0])
        np.testing.assert_array_equal(design.tfidf.data, before[1])
        np.testing.assert_array_equal(a.weights, b.weights)

    def test_result_shape(self, nmf) -> None:
        assert nmf.k == 4 and nmf.model_name == "nmf"
        assert nmf.weights.shape == (len(UNITS), 4)
        np.testing.assert_allclose(nmf.weights.sum(axis=1), 1.0)
        sizes = nmf.topic_sizes
        assert sizes["n_units"].sum() == len(UNITS)
        assert sizes["n_units"].is_monotonic_decreasing  # numbered by size
        assert sizes["n_words"].sum() == UNITS["text"].str.split().str.len().sum()
        assert nmf.topic_terms.groupby("topic").size().tolist() == [10] * 4
        assert (nmf.topic_terms.groupby("topic")["weight"].diff().dropna() <= 0).all()
        assert set(nmf.labels()) == {1, 2, 3, 4}

    def test_transform_new_texts(self, nmf) -> None:
        w = nmf.transform(["rocket launch orbit satellite", "panda cub bamboo"])
        first = {TOPIC_OF[ts[0]]: j for j, ts in enumerate(nmf.top_terms(1))}
        assert w.argmax(axis=1).tolist() == [first["space"], first["panda"]]
        np.testing.assert_allclose(w.sum(axis=1), 1.0)

    @pytest.mark.parametrize("model, representation", [
        ("nmf", None), ("lda", None), ("kmeans", "lsa"), ("agglomerative", "tfidf")])
    def test_transform_matches_fit(self, model, representation) -> None:
        res = tp.fit_topics(UNITS, k=4, model=model, representation=representation, min_df=2, lsa_components=10)
        w = res.transform(UNITS["text"].tolist())
        assert (w.argmax(axis=1) + 1 == res.unit_topics["topic"].to_numpy()).all()

    def test_nmf_start_agrees_with_scikit_learn(self, nmf) -> None:
        from sklearn.decomposition import NMF

        sk = NMF(4, init="nndsvda", max_iter=400, random_state=0).fit(nmf.design.tfidf)
        ours = [sorted(ts) for ts in nmf.top_terms(5)]
        theirs = [sorted(nmf.terms[np.argsort(-row, kind="stable")[:5]]) for row in sk.components_]
        assert sorted(ours) == sorted(theirs)

    def test_truncated_svd_is_exact(self) -> None:
        from scipy import sparse

        x = sparse.random(300, 120, density=0.05, random_state=0, format="csr")  # large enough for ARPACK
        u, s, vt = tp.truncated_svd(x, 3)
        np.testing.assert_allclose(u @ np.diag(s) @ vt, (x.toarray() @ vt.T) @ vt, atol=1e-10)
        np.testing.assert_allclose(s, np.linalg.svd(x.toarray(), compute_uv=False)[:3])
        assert (np.diff(s) <= 0).all()

    def test_corpus_input(self) -> None:
        turns = pd.DataFrame({"transcript_id": "a", "turn_index": range(len(UNITS)), "text": UNITS["text"]})
        res = tp.fit_topics(turns, k=4, min_df=2)  # cut into paragraph units first
        assert _recovered(res)

    @pytest.mark.parametrize("kwargs, exc, match", [
        ({"model": "pca"}, ValueError, r"fit_topics\(\): model must be one of"),
        ({"model": "nmf", "representation": "counts"}, ValueError, r"model='nmf' works on representation 'tfidf'"),
        ({"model": "lda", "representation": "tfidf"}, ValueError, r"model='lda' works on representation 'counts'"),
        ({"representation": "bert"}, ValueError, r"representation must be one of"),
        ({"k": 1}, ValueError, r"fit_topics\(\): k must be in \[2, inf\]"),
        ({"k": 2.5}, TypeError, r"fit_topics\(\): k must be an integer"),
        ({"k": 500}, ValueError, r"k=500 is more than the 120 units"),
        ({"min_df": 1000}, EmptyResultError, r"lower min_df"),
        ({"model_params": [1]}, TypeError, r"model_params must be Mapping"),
    ])
    def test_errors(self, kwargs, exc, match) -> None:
        with pytest.raises(exc, match=match):
            tp.fit_topics(UNITS, **{"k": 4, **kwargs})

    @pytest.mark.parametrize("lemmas", [False, True])
    def test_n_words_of_text_only_units(self, lemmas) -> None:
        # Without an n_words column, fit_topics counts words from its token lists: the same
        # numbers as count_words.
        from analysis.text import count_words

        texts = pd.Series(["Lu Kang's answer: the U.S. tariffs don't help, 96.71% say.", "no, and the"]
                          + UNITS["text"].tolist())
        res = tp.fit_topics(pd.DataFrame({"text": texts}), k=4, min_df=1, lemmas=lemmas)
        assert res.unit_topics["n_words"].tolist() == [count_words(t) for t in texts.iloc[res.unit_topics["unit_id"]]]
        assert res.unit_topics["n_words"].dtype == np.int64

    def test_units_without_vocabulary_are_left_out(self) -> None:
        units = pd.concat([UNITS, pd.DataFrame({"text": ["the and of"]})], ignore_index=True)
        res = tp.fit_topics(units[["text"]], k=4, min_df=2)
        assert len(res.unit_topics) == len(UNITS)
        assert res.design.n_empty == 1


# ----------------------------------------------------------------------------- coherence
def _npmi_reference(topic: list[str], docs: list[set[str]]) -> float:
    """NPMI averaged over pairs, written out term by term."""
    n = len(docs)
    vals = []
    for a, b in itertools.combinations(topic, 2):
        pa = sum(a in d for d in docs) / n
        pb = sum(b in d for d in docs) / n
        pab = sum(a in d and b in d for d in docs) / n
        if pab == 0:
            vals.append(-1.0)
        elif pab == 1:
            vals.append(1.0)
        else:
            vals.append(math.log(pab / (pa * pb)) / -math.log(pab))
    return sum(vals) / len(vals)


class TestNpmiCoherence:
    def test_hand_counted(self) -> None:
        docs = ["a b", "a b", "a", "c"]
        # P(a)=.75, P(b)=.5, P(a,b)=.5: log(.5/.375) / -log(.5)
        out = tp.npmi_coherence([["a", "b"]], docs)
        assert out["coherence"].iloc[0] == pytest.approx(math.log(0.5 / 0.375) / math.log(2))
        # independent terms: P(a)=P(b)=.5, P(a,b)=.25 -> 0
        assert tp.npmi_coherence([["a", "b"]], ["a b", "a", "b", "c"])["coherence"].iloc[0] == pytest.approx(0)

    def test_agrees_with_reference_loop(self) -> None:
        docs = [d.split() for d in UNITS["text"]]
        rng = np.random.default_rng(1)
        vocab = sorted(TOPIC_OF)
        topics = [list(rng.choice(vocab, size=6, replace=False)) for _ in range(5)]
        out = tp.npmi_coherence(topics, docs)
        ref = [_npmi_reference(t, [set(d) for d in docs]) for t in topics]
        np.testing.assert_allclose(out["coherence"], ref)

    def test_planted_beats_shuffled(self) -> None:
        docs = [d.split() for d in UNITS["text"]]
        planted = [ws[:6] for ws in PLANTED.values()]
        shuffled = [[PLANTED[name][i] for name in PLANTED] + [PLANTED["trade"][5], PLANTED["space"][5]]
                    for i in range(4)]  # each list mixes all four topics
        good = tp.npmi_coherence(planted, docs)["coherence"]
        bad = tp.npmi_coherence(shuffled, docs)["coherence"]
        assert good.min() > bad.max()
        assert (tp.npmi_coherence(shuffled, docs)["n_pairs_never"] > 0).all()

    def test_missing_terms(self) -> None:
        out = tp.npmi_coherence([["a", "zzz"], ["a", "b"]], ["a b", "a"])
        assert out["n_missing"].tolist() == [1, 0]
        assert math.isnan(out["coherence"].iloc[0])


class TestTopicCoherence:
    def test_model_topics_beat_shuffled(self, nmf) -> None:
        coh = tp.topic_coherence(nmf, top_n=5)
        assert list(coh.columns) == ["topic", "label", "coherence", "n_pairs", "n_pairs_never"]
        docs = [d.split() for d in UNITS["text"]]
        shuffled = [list(t) for t in zip(*nmf.top_terms(5))]  # i-th terms of every topic
        assert coh["coherence"].min() > tp.npmi_coherence(shuffled, docs)["coherence"].max()

    def test_agrees_with_npmi_coherence(self, nmf) -> None:
        docs = [nmf.design.analyzer(t) for t in UNITS["text"]]
        a = tp.topic_coherence(nmf, top_n=6)["coherence"]
        b = tp.npmi_coherence(nmf.top_terms(6), docs)["coherence"]
        np.testing.assert_allclose(a, b)

    def test_bad_top_n(self, nmf) -> None:
        with pytest.raises(ValueError, match=r"topic_coherence\(\): top_n must be in \[2, inf\]"):
            tp.topic_coherence(nmf, top_n=1)


# ----------------------------------------------------------------------------- stability
class TestAverageJaccard:
    def test_hand_counted(self) -> None:
        # depth 1: {a}&{c} = 0/2; depth 2: {a,b}&{c,a} = 1/3; depth 3: 3/3 -> (0 + 1/3 + 1) / 3
        assert tp.average_jaccard(["a", "b", "c"], ["c", "a", "b"]) == pytest.approx((0 + 1 / 3 + 1) / 3)
        assert tp.average_jaccard(["a", "b"], ["x", "y"]) == 0.0


class TestRankingAgreement:
    def test_permutation_invariant(self) -> None:
        s = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"]]
        assert tp.ranking_agreement(s, s[::-1]) == 1.0

    def test_matches_brute_force(self) -> None:
        rng = np.random.default_rng(0)
        vocab = list("abcdefghijkl")
        for _ in range(5):
            s1 = [list(rng.choice(vocab, 4, replace=False)) for _ in range(4)]
            s2 = [list(rng.choice(vocab, 4, replace=False)) for _ in range(4)]
            brute = max(sum(tp.average_jaccard(s1[i], s2[p[i]]) for i in range(4)) / 4
                        for p in itertools.permutations(range(4)))
            assert tp.ranking_agreement(s1, s2) == pytest.approx(brute)


class TestTopicStability:
    def test_deterministic_model_is_perfectly_stable(self) -> None:
        runs = tp.topic_stability(UNITS, k=4, n_runs=3, sample_fraction=1.0, min_df=2)
        assert runs["agreement"].tolist() == [1.0, 1.0, 1.0]
        assert runs["seed"].tolist() == [1, 2, 3]

    def test_noisy_model_is_less_stable(self) -> None:
        rng = np.random.default_rng(0)
        vocab = sorted(TOPIC_OF)
        noise = pd.DataFrame({"text": [" ".join(rng.choice(vocab, 15)) for _ in range(120)]})
        runs = tp.topic_stability(noise, k=4, n_runs=4, sample_fraction=1.0, min_df=2,
                                  model_params={"init": "random"})
        assert runs["agreement"].mean() < 0.9

    def test_planted_topics_survive_subsampling(self) -> None:
        runs = tp.topic_stability(UNITS, k=4, n_runs=3, sample_fraction=0.7, top_n=5, min_df=2)
        assert (runs["n_units"] == 84).all()
        assert runs["agreement"].min() > 0.8

    @pytest.mark.parametrize("kwargs, exc, match", [
        ({"n_runs": 0}, ValueError, r"topic_stability\(\): n_runs must be in \[1, inf\]"),
        ({"sample_fraction": 0.0}, ValueError, r"sample_fraction must be in \(0, 1\]"),
        ({"sample_fraction": 1.5}, ValueError, r"sample_fraction must be in \(0, 1\]"),
        ({"colour": "red"}, TypeError, r"unknown option\(s\) \['colour'\]"),
    ])
    def test_errors(self, kwargs, exc, match) -> None:
        with pytest.raises(exc, match=match):
            tp.topic_stability(UNITS, k=4, **kwargs)


# ----------------------------------------------------------------------------- choosing k
class TestChooseK:
    def test_planted_k_is_recommended(self) -> None:
        table = tp.choose_k(UNITS, k_values=[2, 4, 6], n_runs=2, top_n=5, min_df=2)
        assert list(table.columns) == list(tp.K_SELECTION_COLUMNS)
        assert table["k"].tolist() == [2, 4, 6]
        assert table.loc[table["recommended"], "k"].tolist() == [4]
        assert table.loc[table["k"] == 4, "stability"].iloc[0] > 0.9
        assert table["stability"].idxmax() == 1

    def test_reference_model_is_fit_topics(self) -> None:
        table = tp.choose_k(UNITS, k_values=[3, 4], n_runs=1, top_n=5, min_df=2)
        coh = tp.topic_coherence(tp.fit_topics(UNITS, k=3, min_df=2), top_n=5)["coherence"].mean()
        assert table["coherence"].iloc[0] == pytest.approx(coh)

    def test_k_values_on_every_core_equal_one_process(self, monkeypatch) -> None:
        from analysis.topics import selection

        serial = tp.choose_k(UNITS, k_values=[2, 3, 4], n_runs=2, top_n=5, min_df=2)
        monkeypatch.setattr(selection, "PARALLEL_UNITS", 0)
        monkeypatch.setattr("analysis.scale._engine.n_workers", lambda n_jobs: 2)
        import analysis.scale._engine as engine

        calls = []
        real = engine.run_map
        monkeypatch.setattr(engine, "run_map", lambda func, items, **kw: calls.append(len(items)) or real(func, items, **kw))
        parallel = tp.choose_k(UNITS, k_values=[2, 3, 4], n_runs=2, top_n=5, min_df=2)
        assert calls == [3, 9]  # the SVDs of all units and of 2 samples, then 3 k x 3 fits, on the workers
        pd.testing.assert_frame_equal(parallel, serial, check_exact=True)

    def test_the_table_is_read_back_from_the_cache(self, monkeypatch, tmp_path) -> None:
        from analysis.topics import selection

        first = tp.choose_k(UNITS, k_values=[2, 3, 4], n_runs=2, top_n=5, min_df=2, cache=tmp_path)
        real = selection._score_all
        monkeypatch.setattr(selection, "_score_all", lambda *a: pytest.fail("fitted again"))
        again = tp.choose_k(UNITS, k_values=[2, 3, 4], n_runs=2, top_n=5, min_df=2, cache=tmp_path)
        pd.testing.assert_frame_equal(again, first, check_exact=True)
        monkeypatch.setattr(selection, "_score_all", real)
        other = tp.choose_k(UNITS, k_values=[2, 3, 4], n_runs=1, top_n=5, min_df=2, cache=tmp_path)
        assert other["stability_sd"].tolist() == [0.0, 0.0, 0.0]  # one refit: another entry
        assert len(list((tmp_path / "choose_k").rglob("*.parquet"))) == 2

    def test_no_convergence_warning_per_fit(self) -> None:
        import warnings

        from sklearn.exceptions import ConvergenceWarning

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tp.choose_k(UNITS, k_values=[2, 3], n_runs=1, top_n=5, min_df=2, model_params={"max_iter": 1})
        assert not [w for w in caught if issubclass(w.category, ConvergenceWarning)]

    def test_max_units_chooses_on_a_seeded_sample(self) -> None:
        n = len(UNITS)
        table = tp.choose_k(UNITS, k_values=[3, 4], n_runs=1, top_n=5, min_df=2, max_units=n - 10)
        assert table["n_units"].tolist() == [n - 10] * 2
        rows = np.sort(np.random.default_rng(0).choice(n, size=n - 10, replace=False))
        sample = UNITS.iloc[rows].reset_index(drop=True)
        same = tp.choose_k(sample, k_values=[3, 4], n_runs=1, top_n=5, min_df=2, max_units=None)
        pd.testing.assert_frame_equal(table, same)
        # at or under the limit every unit is used
        full = tp.choose_k(UNITS, k_values=[3, 4], n_runs=1, top_n=5, min_df=2, max_units=n)
        assert full["n_units"].tolist() == [n] * 2
        with pytest.raises(ValueError, match=r"choose_k\(\): max_units"):
            tp.choose_k(UNITS, k_values=[3, 4], max_units=1)

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"choose_k\(\): k_values must hold at least two"):
            tp.choose_k(UNITS, k_values=[4])
        with pytest.raises(ValueError, match=r"choose_k\(\): k must be in \[2, inf\]"):
            tp.choose_k(UNITS, k_values=[1, 4])
        with pytest.raises(ValueError, match=r"choose_k\(\): coherence must be one of"):
            tp.choose_k(UNITS, k_values=[2, 4], coherence="umass")


class TestRecommendK:
    def test_rule(self) -> None:
        t = pd.DataFrame({"k": [8, 4, 6], "coherence_weighted": [0.3, 0.1, 0.2], "stability": [0.2, 0.9, 0.8]})
        out = tp.recommend_k(t)
        assert out["k"].tolist() == [4, 6, 8]
        np.testing.assert_allclose(out["score"], [0.5, (0.5 + 6 / 7) / 2, 0.5])
        assert out["recommended"].tolist() == [False, True, False]

    def test_ties_go_to_smaller_k(self) -> None:
        t = pd.DataFrame({"k": [4, 6], "coherence": [0.1, 0.1], "stability": [0.9, 0.9]})
        assert tp.recommend_k(t, coherence="coherence")["recommended"].tolist() == [True, False]

    def test_plain_coherence(self) -> None:
        t = pd.DataFrame({"k": [4, 6], "coherence": [0.1, 0.3], "coherence_weighted": [0.3, 0.1],
                          "stability": [0.9, 0.9]})
        assert tp.recommend_k(t, coherence="coherence")["recommended"].tolist() == [False, True]
        assert tp.recommend_k(t)["recommended"].tolist() == [True, False]

    def test_errors(self) -> None:
        with pytest.raises(EmptyResultError, match="no row"):
            tp.recommend_k(pd.DataFrame({"k": [], "coherence": [], "stability": []}))
        with pytest.raises(ValueError, match=r"recommend_k\(\): table has no column\(s\) 'stability'"):
            tp.recommend_k(pd.DataFrame({"k": [2], "coherence": [0.1]}))


# ----------------------------------------------------------------------------- labels
PHRASE_UNITS = pd.DataFrame({"text": [
    "the trade war hurts the world economy",
    "we oppose the trade war and its tariffs",
    "a trade war has no winner",
    "the typhoon hit the coast and rescue teams arrived",
    "rescue teams are searching after the typhoon",
    "the typhoon season ended",
]})


def _phrase_counts_reference(docs, stops, n, topic, k):
    """Phrase counts by topic from scikit-learn's CountVectorizer (one string per occurrence)."""
    from sklearn.feature_extraction.text import CountVectorizer

    def phrases(tokens):
        ok = [t not in stops and not t[0].isdigit() and len(t) > 1 for t in tokens]
        return [" ".join(tokens[i:i + m]) for i in range(len(tokens)) for m in range(n[0], n[1] + 1)
                if i + m <= len(tokens) and ok[i] and ok[i + m - 1]]

    try:
        counts = CountVectorizer(analyzer=phrases, min_df=2).fit(docs)
    except ValueError:  # empty vocabulary, or nothing in two documents
        return None
    x = counts.transform(docs).tocsr().astype(float)
    member = sparse.csr_matrix((np.ones(len(docs)), (topic, np.arange(len(docs)))), shape=(k, len(docs)))
    return counts.get_feature_names_out(), (member @ x).toarray(), (member @ (x > 0).astype(float)).toarray()


class TestTopicPhrases:
    @pytest.fixture(scope="class")
    def res(self):
        return tp.fit_topics(PHRASE_UNITS, k=2, min_df=2, max_df=1.0)

    def test_counts(self, res) -> None:
        out = tp.topic_phrases(res, n=2, min_count=2)
        trade = out[out["phrase"] == "trade war"].iloc[0]
        assert (trade["count"], trade["n_units"], trade["count_all"], trade["n"]) == (3, 3, 3, 2)
        rescue = out[out["phrase"] == "rescue teams"].iloc[0]
        assert (rescue["count"], rescue["n_units"]) == (2, 2)
        assert "the trade" not in out["phrase"].tolist()  # starts with a stop word
        assert out["topic"].nunique() == 2

    def test_class_tfidf_score(self, res) -> None:
        out = tp.topic_phrases(res, n=2, min_count=2)
        # two phrases, each 3 or 2 times in one topic: A = (3 + 2) / 2
        trade = out[out["phrase"] == "trade war"].iloc[0]
        assert trade["score"] == pytest.approx(3 * math.log1p(2.5 / 3))

    def test_min_count_filters(self, res) -> None:
        assert tp.topic_phrases(res, n=2, min_count=3)["phrase"].tolist() == ["trade war"]

    def test_collapse(self, res) -> None:
        out = tp.topic_phrases(res, n=(2, 3), min_count=2, collapse=True)
        assert "rescue teams" not in out["phrase"].tolist() or "typhoon hit" not in out["phrase"].tolist()
        for t, g in out.groupby("topic"):
            ps = g["phrase"].tolist()
            assert not any(a != b and f" {a} " in f" {b} " for a in ps for b in ps)

    @settings(max_examples=150, deadline=None)
    @given(docs=st.lists(st.lists(st.sampled_from(["trade", "war", "the", "of", "5g", "a", "rescue", "teams",
                                                   "xi", "jinping", "2019", "typhoon"]), max_size=9),
                         max_size=12),
           topics=st.lists(st.integers(0, 2), min_size=12, max_size=12),
           n=st.sampled_from([(2, 2), (2, 3), (3, 3), (2, 5), (4, 6)]))
    def test_counts_agree_with_count_vectorizer(self, docs, topics, n) -> None:
        from analysis.text import stop_words
        from analysis.topics.labels import _phrase_counts

        stops = stop_words()
        topic = np.array(topics[:len(docs)], dtype=np.int64)
        got = _phrase_counts(docs, stops, n, topic, 3)
        ref = _phrase_counts_reference(docs, stops, n, topic, 3)
        if ref is None:
            assert got is None
            return
        order = np.argsort(got[0])  # the reference's columns are alphabetical
        assert got[0][order].tolist() == ref[0].tolist()
        assert got[1][order].tolist() == [p.count(" ") + 1 for p in ref[0]]
        np.testing.assert_array_equal(got[2][:, order], ref[1])
        np.testing.assert_array_equal(got[3][:, order], ref[2])

    def test_counts_agree_with_count_vectorizer_on_the_corpus(self) -> None:
        from analysis.text import stop_words, tokenize_texts
        from analysis.topics.labels import _phrase_counts

        corpus = load_corpus("data")
        units = tp.topic_units(corpus).head(2000)
        docs = tokenize_texts(units["text"].tolist())
        topic = np.arange(len(docs)) % 5
        got = _phrase_counts(docs, stop_words(), (2, 4), topic, 5)
        ref = _phrase_counts_reference(docs, stop_words(), (2, 4), topic, 5)
        order = np.argsort(got[0])
        assert got[0][order].tolist() == ref[0].tolist()
        np.testing.assert_array_equal(got[2][:, order], ref[1])
        np.testing.assert_array_equal(got[3][:, order], ref[2])

    @pytest.mark.parametrize("n", [1, (3, 2), "2", (2, 3, 4)])
    def test_bad_n(self, res, n) -> None:
        with pytest.raises(ValueError, match=r"topic_phrases\(\): n must be"):
            tp.topic_phrases(res, n=n)


class TestTopicLabels:
    def test_columns_and_content(self, nmf) -> None:
        out = tp.topic_labels(nmf, n_terms=4, n_phrases=2)
        assert list(out.columns) == ["topic", "label", "top_terms", "top_phrases", "n_units", "share_units"]
        assert out["top_terms"].str.split(", ").str.len().tolist() == [4] * 4
        assert out["share_units"].sum() == pytest.approx(1.0)
        for terms, phrases in zip(out["top_terms"], out["top_phrases"]):
            topic = TOPIC_OF[terms.split(", ")[0]]
            assert {TOPIC_OF[w] for p in phrases.split(", ") for w in p.split()} == {topic}


class TestRepresentativePassages:
    def test_ranked_by_weight(self, nmf) -> None:
        out = tp.representative_passages(nmf, top=3)
        assert out.groupby("topic").size().tolist() == [3] * 4
        for t, g in out.groupby("topic"):
            assert g["rank"].tolist() == [1, 2, 3]
            assert (g["weight"].diff().dropna() <= 1e-12).all()
            best = nmf.unit_topics[nmf.unit_topics["topic"] == t]["weight"].max()
            assert g["weight"].iloc[0] == pytest.approx(best)
        assert {"transcript_id", "date", "speaker", "text"} <= set(out.columns)

    def test_hard_clusters_use_similarity(self) -> None:
        res = tp.fit_topics(UNITS, k=4, model="kmeans", min_df=2)
        out = tp.representative_passages(res, top=2)
        assert (out["weight"] == 1.0).all()
        for _, g in out.groupby("topic"):
            assert g["similarity"].is_monotonic_decreasing


class TestTopicTermWeights:
    def test_union_of_top_terms(self, nmf) -> None:
        out = tp.topic_term_weights(nmf, n_terms=3)
        assert len(out) == 12 * 4
        assert out.groupby("term")["weight_scaled"].max().eq(1.0).sum() == 4  # each topic's top term
        assert out["weight_scaled"].between(0, 1).all()


# ----------------------------------------------------------------------------- prevalence
class TestTopicPrevalence:
    def test_counts_and_shares(self, nmf) -> None:
        out = tp.topic_prevalence(nmf, by="transcript_id")
        assert list(out.columns) == ["transcript_id", "topic", "label", "n_units", "n_cell", "share", "mean_weight"]
        assert len(out) == 6 * 4  # every cell x every topic
        assert (out["n_cell"] == 20).all()  # 120 units over 6 transcripts
        assert (out["n_units"] == 5).all()  # 5 units of each planted topic per transcript
        cell = out.groupby("transcript_id")
        np.testing.assert_allclose(cell["share"].sum(), 1.0)
        np.testing.assert_allclose(cell["mean_weight"].sum(), 1.0)
        assert (cell["n_units"].sum() == cell["n_cell"].first()).all()

    def test_group_by_period(self, nmf) -> None:
        out = tp.topic_prevalence(nmf, by="speaker", period="Q")
        assert list(out.columns[:3]) == ["speaker", "period", "topic"]
        expected = (nmf.unit_topics.assign(q=nmf.unit_topics["date"].dt.to_period("Q"))
                    .groupby(["speaker", "q"]).size())
        got = out.drop_duplicates(["speaker", "period"]).set_index(["speaker", "period"])["n_cell"]
        assert sorted(got.tolist()) == sorted(expected.tolist())
        assert out["period"].dt.is_quarter_start.all()

    def test_overall(self, nmf) -> None:
        out = tp.topic_prevalence(nmf, by=None)
        assert out["n_units"].tolist() == nmf.topic_sizes["n_units"].tolist()

    def test_undated_units_left_out_of_periods(self) -> None:
        units = UNITS.copy()
        units.loc[:9, "date"] = pd.NaT
        res = tp.fit_topics(units, k=4, min_df=2)
        out = tp.topic_prevalence(res, by=None, period="M")
        assert out.drop_duplicates("period")["n_cell"].sum() == len(UNITS) - 10

    def test_errors(self, nmf) -> None:
        with pytest.raises(ValueError, match=r"topic_prevalence\(\): result.unit_topics has no column\(s\) 'party'"):
            tp.topic_prevalence(nmf, by="party")
        with pytest.raises(ValueError, match=r"topic_prevalence\(\): period must be a pandas period alias"):
            tp.topic_prevalence(nmf, by=None, period="fortnight")
        with pytest.raises(TypeError, match=r"result must be TopicModelResult"):
            tp.topic_prevalence(UNITS)


def _qa_units() -> pd.DataFrame:
    """Six exchanges; answers 1-4 stay on the question's topic, answers 5-6 change it."""
    t = {name: " ".join(ws[:6]) for name, ws in PLANTED.items()}
    pairs = [("trade", "trade"), ("weather", "weather"), ("panda", "panda"), ("space", "space"),
             ("trade", "space"), ("panda", "weather")]
    rows = []
    for i, (q, a) in enumerate(pairs):
        ex = 2 * i + 1
        rows.append({"text": t[q], "transcript_id": "x", "exchange": ex, "role": "questioner",
                     "speaker": "Journalist", "date": pd.Timestamp("2019-05-05")})
        rows.append({"text": t[a], "transcript_id": "x", "exchange": ex, "role": "official",
                     "speaker": "Geng Shuang" if i % 2 else "Lu Kang", "date": pd.Timestamp("2019-05-05")})
    rows.append({"text": t["trade"], "transcript_id": "x", "exchange": pd.NA, "role": "official",
                 "speaker": "Lu Kang", "date": pd.Timestamp("2019-05-05")})  # opening statement
    return pd.DataFrame(rows)


class TestQuestionAnswerTopics:
    @pytest.fixture(scope="class")
    def qa(self):
        units = pd.concat([UNITS.drop(columns=["planted"]).assign(exchange=pd.NA), _qa_units()], ignore_index=True)
        units["exchange"] = units["exchange"].astype("Int64")
        res = tp.fit_topics(units, k=4, min_df=2)
        return tp.question_answer_topics(res), res

    def test_rows(self, qa) -> None:
        out, res = qa
        assert out["exchange"].tolist() == [1, 3, 5, 7, 9, 11]
        assert out["same_topic"].tolist() == [True, True, True, True, False, False]
        assert out["answerer"].tolist() == ["Lu Kang", "Geng Shuang"] * 3
        first = {TOPIC_OF[ts[0]]: j + 1 for j, ts in enumerate(res.top_terms(1))}
        assert out["question_topic"].iloc[4] == first["trade"]
        assert out["answer_topic"].iloc[4] == first["space"]
        assert (out["answer_on_question_topic"].iloc[:4] > 0.9).all()
        assert (out["answer_on_question_topic"].iloc[4:] < 0.1).all()

    def test_exchange_units_rejected(self) -> None:
        units = tp.topic_units(TURNS, unit="exchange", min_words=1)
        res = tp.fit_topics(units, k=2, min_df=1)
        with pytest.raises(ValueError, match=r"fitted on exchange units"):
            tp.question_answer_topics(res)

    def test_matrix_and_agreement(self, qa) -> None:
        out, res = qa
        m = tp.question_answer_matrix(out, k=4)
        assert len(m) == 16 and m["n"].sum() == 6
        assert m.groupby("question_topic")["share"].sum().round(12).isin([0.0, 1.0]).all()
        agr = tp.answer_topic_agreement(out)
        assert agr[["n_exchanges", "n_same"]].values.tolist() == [[6, 4]]
        assert agr["share_same"].iloc[0] == pytest.approx(4 / 6)
        assert agr["kappa"].iloc[0] == pytest.approx(cohen_kappa_score(out["question_topic"], out["answer_topic"]))
        pq = out["question_topic"].value_counts(normalize=True)
        pa = out["answer_topic"].value_counts(normalize=True)
        assert agr["expected_same"].iloc[0] == pytest.approx((pq * pa.reindex(pq.index).fillna(0)).sum())

    def test_agreement_by_answerer(self, qa) -> None:
        out, _ = qa
        agr = tp.answer_topic_agreement(out, by="answerer")
        assert agr.set_index("answerer")["n_same"].to_dict() == {"Geng Shuang": 2, "Lu Kang": 2}

    def test_agreement_empty(self) -> None:
        with pytest.raises(EmptyResultError, match="no exchange"):
            tp.answer_topic_agreement(pd.DataFrame(columns=["question_topic", "answer_topic",
                                                            "answer_on_question_topic"]))


# ----------------------------------------------------------------------------- maps
class TestTopicDistances:
    def test_agrees_with_scipy(self, nmf) -> None:
        out = tp.topic_distances(nmf)
        p = nmf.components / nmf.components.sum(axis=1, keepdims=True)
        d = out[(out["topic"] == 1) & (out["other"] == 2)]["distance"].iloc[0]
        assert d == pytest.approx(jensenshannon(p[0], p[1], base=2))
        assert len(out) == 4 * 3
        assert out["distance"].between(0, 1).all()

    def test_bad_metric(self, nmf) -> None:
        with pytest.raises(ValueError, match=r"topic_distances\(\): metric must be one of"):
            tp.topic_distances(nmf, metric="euclid")


class TestIntertopicMap:
    def test_deterministic_and_shaped(self, nmf) -> None:
        a, b = tp.intertopic_map(nmf), tp.intertopic_map(nmf)
        pd.testing.assert_frame_equal(a, b)
        assert a["topic"].tolist() == [1, 2, 3, 4]
        assert a.loc[0, "x"] >= 0 and a.loc[0, "y"] >= 0
        d = tp.topic_distances(nmf)
        nearest = d.sort_values(["distance", "other"]).drop_duplicates("topic").set_index("topic")["other"]
        assert a.set_index("topic")["nearest"].to_dict() == nearest.to_dict()


# ----------------------------------------------------------------------------- figures
class TestPlots:
    @pytest.fixture(scope="class")
    def qa(self):
        units = pd.concat([UNITS.assign(exchange=pd.NA), _qa_units()], ignore_index=True)
        units["exchange"] = units["exchange"].astype("Int64")
        res = tp.fit_topics(units, k=4, min_df=2)
        return res, tp.question_answer_matrix(tp.question_answer_topics(res), k=4)

    def test_each_plot_returns_figure(self, nmf, qa) -> None:
        table = tp.recommend_k(pd.DataFrame({"k": [2, 4, 6], "coherence": [0.2, 0.5, 0.4],
                                             "coherence_weighted": [0.1, 0.5, 0.4],
                                             "stability": [0.9, 1.0, 0.6], "stability_sd": [0.0, 0.0, 0.1]}))
        res, matrix = qa
        figs = [
            pt.plot_topic_terms(tp.topic_term_weights(nmf)),
            pt.plot_k_selection(table),
            pt.plot_topic_prevalence_over_time(tp.topic_prevalence(nmf, by=None, period="M"), min_units=1),
            pt.plot_topics_by_group(tp.topic_prevalence(nmf, by="speaker"), by="speaker"),
            pt.plot_intertopic_map(tp.intertopic_map(nmf)),
            pt.plot_question_answer_topics(matrix, labels=res.labels()),
        ]
        assert all(isinstance(f, Figure) for f in figs)

    def test_accepts_ax(self, nmf) -> None:
        fig = Figure()
        ax = fig.add_subplot()
        assert pt.plot_intertopic_map(tp.intertopic_map(nmf), ax=ax) is fig

    def test_over_time_needs_one_cell_per_period(self, nmf) -> None:
        with pytest.raises(ValueError, match="several cells per period"):
            pt.plot_topic_prevalence_over_time(tp.topic_prevalence(nmf, by="planted", period="M"), min_units=1)
        with pytest.raises(ValueError, match="needs a 'period' column"):
            pt.plot_topic_prevalence_over_time(tp.topic_prevalence(nmf, by=None))

    def test_topic_colors(self) -> None:
        assert len(set(pt.topic_colors(range(1, 8)).values())) == 7
        assert len(set(pt.topic_colors(range(1, 21)).values())) == 20


# ----------------------------------------------------------------------------- narration
class TestNarration:
    def test_describe_topics_counts(self, nmf) -> None:
        f = nt.describe_topics(tp.topic_labels(nmf), tp.representative_passages(nmf), top=2)
        assert f.counts == dict(zip(nmf.topic_sizes["topic"], nmf.topic_sizes["n_units"]))
        assert "Of 4 topics" in f.text
        assert len(f.evidence) == 2
        # each quote says which topic it shows: the two largest, in order
        assert f.evidence["label"].tolist() == [f"Topic {t}" for t in nmf.topic_sizes["topic"].head(2)]
        assert f.to_markdown().split("\n\n")[1].startswith(f"> **Topic {nmf.topic_sizes['topic'].iloc[0]}:** ")

    def test_describe_answer_agreement_numbers(self) -> None:
        qa = pd.DataFrame({"question_topic": [1, 1, 1, 2], "answer_topic": [1, 2, 2, 2],
                           "answer_on_question_topic": [0.9, 0.1, 0.2, 0.8]})
        agr = tp.answer_topic_agreement(qa)
        f = nt.describe_answer_agreement(agr, tp.question_answer_matrix(qa), min_questions=1)
        assert f.counts["same"] == 2 and f.counts["least_on_topic"] == 1 and f.counts["strays_to"] == 2
        assert "50% of 4 exchanges (2)" in f.text

    def test_describe_group_contrast(self, nmf) -> None:
        f = nt.describe_group_contrast(tp.topic_prevalence(nmf, by="speaker"), by="speaker", min_units=10)
        assert set(f.counts) == {"Lu Kang", "Hua Chunying"}

    def test_describe_k_choice_names_recommended(self) -> None:
        table = tp.recommend_k(pd.DataFrame({"k": [2, 4], "coherence": [0.2, 0.5], "stability": [0.5, 1.0]}))
        f = nt.describe_k_choice(table)
        assert f.counts["k"] == 4 and "k = 4" in f.text


# ----------------------------------------------------------------------------- notebook 04
SMALL = {"K_VALUES": [8, 10, 12], "N_RUNS": 2}


def test_notebook_04_key_numbers() -> None:
    nb = execute_notebook(NOTEBOOK_DIR / "04_topics.ipynb", parameters=SMALL)
    got = key_numbers(nb)
    corpus = load_corpus("data")
    units = tp.topic_units(corpus, unit="paragraph", min_words=20)
    table = tp.choose_k(units, k_values=SMALL["K_VALUES"], n_runs=SMALL["N_RUNS"],
                        extra_stop_words=tp.BRIEFING_STOP_WORDS)
    k = int(table.loc[table["recommended"], "k"].iloc[0])
    res = tp.fit_topics(units, k=k, extra_stop_words=tp.BRIEFING_STOP_WORDS)
    agr = tp.answer_topic_agreement(tp.question_answer_topics(res))
    assert got["n_units"] == len(units)
    assert got["recommended_k"] == k
    assert got["largest_topic_share"] == pytest.approx(float(res.topic_sizes["share_units"].iloc[0]), abs=1e-6)
    assert got["largest_topic_label"] == res.topic_sizes["label"].iloc[0]
    assert got["answer_same_topic_share"] == pytest.approx(float(agr["share_same"].iloc[0]), abs=1e-6)
    assert got["answer_kappa"] == pytest.approx(float(agr["kappa"].iloc[0]), abs=1e-6)


def test_topic_analyzer_keeps_content_words_and_pickles_without_its_judgements() -> None:
    import pickle

    from analysis.topics._vectorize import TopicAnalyzer

    analyzer = TopicAnalyzer(frozenset({"the", "of"}))
    tokens = ["the", "tariffs", "of", "2019", "a", "u.s.", "tariffs", "x1", "1x"]
    assert analyzer(tokens) == ["tariffs", "u.s.", "tariffs", "x1"]
    assert analyzer(tokens) == [t for t in tokens if analyzer.keep(t)]
    copy = pickle.loads(pickle.dumps(analyzer))
    assert "_kept" not in copy.__dict__ and copy.stops == analyzer.stops
    assert copy(["of", "trade", "20"]) == ["trade"]
