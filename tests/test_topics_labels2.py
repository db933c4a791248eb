"""Topic labels by FREX and lift (topic_labels(method=...), topic_term_scores)."""

import numpy as np
import pandas as pd
import pytest

from analysis.topics import fit_topics, topic_labels, topic_term_scores

FILLER = (["well going going trade tariffs deficit"] * 4 + ["going going typhoon flood rescue"] * 4
          + ["going trade talks"] * 2 + ["going flood warning"] * 2)


@pytest.fixture(scope="module")
def filler_fit():
    return fit_topics(pd.DataFrame({"text": FILLER}), k=2, min_df=1, max_df=1.0)


def _frex_reference(comp: np.ndarray, w: float = 0.5) -> np.ndarray:
    """stm's calcfrex, written out term by term: ECDF of exclusivity and of beta within each topic."""
    beta = comp / comp.sum(axis=1, keepdims=True)
    excl = beta / beta.sum(axis=0, keepdims=True)
    k, v = beta.shape
    out = np.zeros_like(beta)
    for t in range(k):
        for j in range(v):
            e = np.mean(excl[t] <= excl[t, j])
            f = np.mean(beta[t] <= beta[t, j])
            out[t, j] = 1 / (w / e + (1 - w) / f)
    return out


def test_frex_labels_leave_the_filler_out(filler_fit):
    assert [ts[0] for ts in filler_fit.top_terms(1)] == ["going", "going"]
    labels = topic_labels(filler_fit, method="frex")
    assert labels["label"].tolist() == ["flood, rescue, typhoon", "trade, deficit, tariffs"]
    assert [ts.split(", ")[3] for ts in labels["top_terms"]] == ["going", "going"]  # after the topic's own terms


def test_prob_is_todays_labels(filler_fit):
    default = topic_labels(filler_fit)
    pd.testing.assert_frame_equal(topic_labels(filler_fit, method="prob"), default, check_exact=True)
    assert default["label"].tolist() == filler_fit.topic_sizes["label"].tolist()
    prob = topic_term_scores(filler_fit, method="prob", n_terms=4)
    assert prob.groupby("topic")["term"].apply(list).tolist() == filler_fit.top_terms(4)


def test_frex_agrees_with_a_reference(filler_fit):
    comp = np.asarray(filler_fit.components)
    ref = _frex_reference(comp)
    got = topic_term_scores(filler_fit, method="frex", n_terms=comp.shape[1])
    for t, rows in got.groupby("topic"):
        cols = [list(filler_fit.terms).index(term) for term in rows["term"]]
        np.testing.assert_allclose(rows["score"].to_numpy(), ref[t - 1, cols], rtol=1e-12)
        assert (np.diff(rows["score"].to_numpy()) <= 0).all()  # best first
        assert sorted(rows["term"]) == sorted(filler_fit.terms)  # every term ranked once


def test_lift_is_beta_over_the_units_share(filler_fit):
    got = topic_term_scores(filler_fit, method="lift", n_terms=3)
    counts = np.asarray(filler_fit.design.counts.sum(axis=0)).ravel()
    share = dict(zip(filler_fit.terms, counts / counts.sum()))
    np.testing.assert_allclose(got["score"], got["prob"] / got["term"].map(share), rtol=1e-12)
    assert (got["frequency"] == got["term"].map(share)).all()


def test_fixed_pair_kept_under_frex():
    texts = (["Hong Kong affairs are internal affairs of the SAR"] * 6
             + ["Trade talks and tariffs with the United States"] * 6 + ["Hong Kong trade"] * 2)
    res = fit_topics(pd.DataFrame({"text": texts}), k=2, min_df=1, max_df=1.0)
    labels = topic_labels(res, method="frex")["label"].tolist()
    # "internal affairs": every "internal" of the texts, half of the "affairs" (Dice 0.67); "trade
    # talks": every "talks", 6 of the 8 "trade" (Dice 0.86)
    assert labels == ["internal affairs, sar, hong kong", "united states, trade talks, tariffs"]


def test_label_pairs_join_names_most_uses_of_both_words_make():
    from analysis.tokens import token_table
    from analysis.topics._phrase_labels import label_pairs

    # "climate change" is 7 of 10 "climate" and 7 of 10 "change" (Dice 0.7): joined; "security
    # council" 4 of 10 "security" and 4 of 5 "council" (Dice 0.53) stays two words
    texts = (["Climate change is real."] * 7 + ["The climate of trust.", "A change of mind.", "Climate talks.",
                                                 "Change now.", "The change.", "A climate."]
             + ["The Security Council met."] * 4 + ["Security matters."] * 6 + ["The council met."])
    words = token_table(texts).words(words_only=False)
    got = label_pairs(words, [["climate", "change", "security", "council"]], min_count=2)
    assert got["phrase"].tolist() == ["climate change"] and got["dice"].iloc[0] == pytest.approx(0.7)


def test_deterministic_and_checked(filler_fit):
    a = topic_labels(filler_fit, method="frex")
    b = topic_labels(fit_topics(pd.DataFrame({"text": FILLER}), k=2, min_df=1, max_df=1.0), method="frex")
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    with pytest.raises(ValueError, match="method"):
        topic_labels(filler_fit, method="beta")
    with pytest.raises(ValueError, match="method"):
        topic_term_scores(filler_fit, method="score")


def test_cli_topics_labels_frex(tmp_path, monkeypatch):
    from pathlib import Path

    from analysis.cli import main
    from analysis.corpus import load_corpus
    from analysis.topics import BRIEFING_STOP_WORDS, topic_units

    mini = str(Path(__file__).resolve().parent / "data" / "mini")
    out = tmp_path / "topics.csv"
    assert main(["topics", "--corpus", mini, "--k", "2", "--units", "turn", "--labels", "frex", "--min-df", "1",
                 "--output", str(out), "--quiet"]) == 0
    got = pd.read_csv(out, keep_default_na=False)
    res = fit_topics(topic_units(load_corpus(mini).turns(), unit="turn"), k=2, min_df=1,
                     extra_stop_words=BRIEFING_STOP_WORDS)
    expected = topic_labels(res, method="frex")
    assert got["top_terms"].tolist() == expected["top_terms"].tolist()
    assert got["label"].tolist() == expected["label"].tolist()
    assert got["top_terms"].tolist() != topic_labels(res)["top_terms"].tolist()
