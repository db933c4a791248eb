"""Topic labels that keep a fixed two-word name as one term, and the topic-shares-over-time
figure broken where periods have no data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402

from analysis.plots.topics import plot_topic_prevalence_over_time  # noqa: E402
from analysis.terms import fixed_phrases  # noqa: E402
from analysis.topics import fit_topics, topic_labels  # noqa: E402
from analysis.tokens import token_table  # noqa: E402
from analysis.topics._phrase_labels import label_pairs, label_terms  # noqa: E402

#: Eight units on Hong Kong ("hong kong" 8 times, the words never apart) and ten on trade,
#: where "united states" is said 5 times but "united" 7 and "states" 8 times: Dice 10/15.
HONG_KONG = [
    "Hong Kong affairs are internal affairs of the SAR.", "The Hong Kong police keep order in the SAR.",
    "Hong Kong residents enjoy freedoms under the SAR law.", "The SAR government of Hong Kong governs by law.",
    "Violent protests in Hong Kong hurt the SAR.", "Hong Kong affairs allow no foreign interference.",
    "The police of Hong Kong stopped violent protests.", "Foreign interference in Hong Kong affairs must stop.",
]
TRADE = [
    "The United States raised tariffs on trade.", "Trade tariffs hurt the states that trade with us.",
    "The United Nations discussed trade and tariffs.", "Member states oppose tariffs on trade.",
    "United efforts on trade lower tariffs.", "Trade deficit and tariffs worry the United States.",
    "Tariffs on trade hurt states and firms.", "Trade with the United States faces tariffs.",
    "The United States trade deficit grew.", "Tariffs of the United States hurt trade.",
]


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return pd.DataFrame({"text": HONG_KONG + TRADE})


class TestPhraseLabels:
    def test_the_pairs_of_the_hand_made_units(self, units: pd.DataFrame) -> None:
        pairs = fixed_phrases(units)
        assert pairs[["phrase", "count", "dice"]].values.tolist() == [["hong kong", 8, 1.0]]

    def test_a_fixed_name_is_one_label_term(self, units: pd.DataFrame) -> None:
        res = fit_topics(units, k=2, min_df=1, max_df=1.0)
        tops = res.top_terms(10)
        assert tops[1][:4] == ["hong", "kong", "sar", "affairs"]
        # both top terms; "united states" is 5 of the 7 "united" and 5 of the 8 "states" (Dice 0.67 >= 0.6)
        assert {"united", "states"} <= set(tops[0])
        assert res.topic_sizes["label"].tolist() == ["trade, united states, tariffs", "hong kong, sar, affairs"]
        assert res.labels() == {1: "trade, united states, tariffs", 2: "hong kong, sar, affairs"}
        assert topic_labels(res)["label"].tolist() == ["trade, united states, tariffs", "hong kong, sar, affairs"]

    def test_only_the_labels_change(self, units: pd.DataFrame) -> None:
        res = fit_topics(units, k=2, min_df=1, max_df=1.0)
        plain = fit_topics(units, k=2, min_df=1, max_df=1.0, phrase_labels=False)
        assert plain.topic_sizes["label"].tolist() == ["trade, states, tariffs", "hong, kong, sar"]
        pd.testing.assert_frame_equal(res.topic_sizes.drop(columns="label"),
                                      plain.topic_sizes.drop(columns="label"), check_exact=True)
        pd.testing.assert_frame_equal(res.topic_terms, plain.topic_terms, check_exact=True)
        pd.testing.assert_frame_equal(res.unit_topics, plain.unit_topics, check_exact=True)
        assert np.array_equal(res.weights, plain.weights) and np.array_equal(res.components, plain.components)

    def test_phrase_labels_must_be_a_bool(self, units: pd.DataFrame) -> None:
        with pytest.raises(ValueError, match="phrase_labels"):
            fit_topics(units, k=2, min_df=1, max_df=1.0, phrase_labels="yes")


class TestLabelPairs:
    def test_the_pairs_agree_with_fixed_phrases_among_the_top_terms(self, units: pd.DataFrame) -> None:
        words = token_table(units["text"].tolist()).words(words_only=False)
        tops = [["hong", "kong", "sar", "affairs"], ["trade", "united", "states", "tariffs"]]
        # at fixed_phrases' Dice of 0.9 the label pairs are its pairs among the top terms
        got = label_pairs(words, tops, min_dice=0.9)
        pd.testing.assert_frame_equal(got, fixed_phrases(units), check_exact=True)
        # the labels' own 0.6: "united states" too, 2 * 5 / (7 + 8); not "kong affairs", 0.5
        loose = label_pairs(words, tops, min_count=1)
        assert loose[["phrase", "count"]].values.tolist() == [["hong kong", 8], ["united states", 5]]
        assert loose["dice"].tolist() == [1.0, 10 / 15]

    def test_counts_hand_checked(self) -> None:
        texts = ["Hong Kong is calm.", "Hong Kong, Macao.", "hong\nKong affairs; kong", "Kong Hong"]
        words = token_table(texts).words(words_only=False)
        got = label_pairs(words, [["kong", "hong"]], min_count=1, min_dice=0.1)
        # hong kong: 3 (a comma between is no pair); kong hong: 1; hong 4 and kong 5 times
        assert got.values.tolist() == [["hong kong", "hong", "kong", 3, 6 / 9], ["kong hong", "kong", "hong", 1, 2 / 9]]

    def test_no_pair_across_units(self) -> None:
        words = token_table(["about hong", "kong today"] * 5).words(words_only=False)
        assert label_pairs(words, [["hong", "kong"]], min_count=1, min_dice=0.1).empty

    def test_only_pairs_of_one_topic(self) -> None:
        words = token_table(["Hong Kong."] * 6).words(words_only=False)
        assert label_pairs(words, [["hong", "trade"], ["kong", "law"]]).empty
        assert label_pairs(words, [["law"], ["kong", "hong"]])["phrase"].tolist() == ["hong kong"]


class TestLabelTerms:
    PAIRS = pd.DataFrame({"phrase": ["hong kong", "kong sar", "dalai lama"], "w1": ["hong", "kong", "dalai"],
                          "w2": ["kong", "sar", "lama"]})

    def test_pair_at_the_rank_of_its_higher_word(self) -> None:
        assert label_terms([["affairs", "kong", "law", "hong"]], self.PAIRS) == [["affairs", "hong kong", "law"]]

    def test_one_word_of_a_pair_stays_itself(self) -> None:
        assert label_terms([["hong", "law", "police"]], self.PAIRS) == [["hong", "law", "police"]]

    def test_a_word_joins_one_pair_only(self) -> None:
        # "kong" is in two pairs: the first listed wins; "sar" is then a term of its own
        assert label_terms([["kong", "sar", "hong", "law"]], self.PAIRS) == [["hong kong", "sar", "law"]]
        # by rank: "sar" comes first and takes "kong", so "hong" stands alone
        got = label_terms([["sar", "kong", "hong", "law", "lama", "dalai"]], self.PAIRS, n=4)
        assert got == [["kong sar", "hong", "law", "dalai lama"]]

    def test_no_pairs(self) -> None:
        empty = self.PAIRS.iloc[:0]
        assert label_terms([["a", "b", "c", "d"], ["e"]], empty) == [["a", "b", "c"], ["e"]]


# ----------------------------------------------------------------------------- gaps over time
def _prevalence(starts: list[str]) -> pd.DataFrame:
    rows = []
    for i, p in enumerate(pd.to_datetime(starts)):
        share = 0.2 + 0.1 * (i % 3)
        rows += [dict(period=p, topic=1, label="a", n_units=3, n_cell=10, share=share, mean_weight=share),
                 dict(period=p, topic=2, label="b", n_units=7, n_cell=10, share=1 - share, mean_weight=1 - share)]
    return pd.DataFrame(rows)


def _spans(ax) -> list[tuple[float, float]]:
    """The x range of every filled polygon of the stacked areas."""
    out = []
    for c in ax.collections:
        if isinstance(c, PolyCollection):
            xs = np.concatenate([p.vertices[:, 0] for p in c.get_paths()])
            out.append((xs.min(), xs.max()))
    return out


def _day(text: str) -> float:
    return float(mdates.date2num(pd.Timestamp(text)))


class TestOverTimeGaps:
    QUARTERS = ["2020-01-01", "2020-04-01", "2021-01-01", "2021-04-01", "2021-07-01", "2022-01-01"]

    def test_no_area_over_quarters_without_units(self) -> None:
        fig = plot_topic_prevalence_over_time(_prevalence(self.QUARTERS), min_units=1, period="Q")
        ax = fig.axes[0]
        spans = _spans(ax)
        assert spans  # areas are drawn
        gaps = [(_day("2020-04-01"), _day("2021-01-01")), (_day("2021-07-01"), _day("2022-01-01"))]
        for lo, hi in spans:
            for a, b in gaps:
                assert hi <= a or lo >= b, (lo, hi)  # no area reaches into a gap
        assert sorted(set(spans)) == [(_day("2020-01-01"), _day("2020-04-01")), (_day("2021-01-01"), _day("2021-07-01"))]
        plt.close(fig)

    def test_gaps_are_shaded_and_named(self) -> None:
        fig = plot_topic_prevalence_over_time(_prevalence(self.QUARTERS), min_units=1, period="Q")
        ax = fig.axes[0]
        shaded = [p for p in ax.patches if p.get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb("#e6e6e6"))]
        xs = sorted((p.get_x(), p.get_x() + p.get_width()) for p in shaded)
        assert xs == [(_day("2020-04-01"), _day("2021-01-01")), (_day("2021-07-01"), _day("2022-01-01"))]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["periods with no units", "2: b", "1: a"]
        plt.close(fig)

    def test_a_lone_period_is_a_stacked_bar_of_its_shares(self) -> None:
        fig = plot_topic_prevalence_over_time(_prevalence(self.QUARTERS), min_units=1, period="Q")
        ax = fig.axes[0]
        bars = [p for p in ax.patches if p.get_facecolor()[:3] != pytest.approx(matplotlib.colors.to_rgb("#e6e6e6"))]
        assert len(bars) == 2  # the 2022Q1 shares, one bar per topic
        share = 0.2 + 0.1 * (5 % 3)
        assert [(b.get_y(), b.get_height()) for b in bars] == [(0.0, pytest.approx(share)),
                                                                 (pytest.approx(share), pytest.approx(1 - share))]
        assert all(b.get_x() < _day("2022-01-01") < b.get_x() + b.get_width() for b in bars)
        assert ax.get_xlim()[1] >= bars[0].get_x() + bars[0].get_width()  # the whole bar is shown
        plt.close(fig)

    def test_periods_under_min_units_are_gaps_too(self) -> None:
        prev = _prevalence(["2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01"])
        prev.loc[prev["period"] == pd.Timestamp("2020-02-01"), "n_cell"] = 2
        fig = plot_topic_prevalence_over_time(prev, min_units=5, period="M")
        ax = fig.axes[0]
        for lo, hi in _spans(ax):
            assert hi <= _day("2020-01-01") or lo >= _day("2020-03-01")
        assert "periods under 5 units" in [t.get_text() for t in ax.get_legend().get_texts()]
        plt.close(fig)

    def test_without_period_a_long_step_is_a_gap(self) -> None:
        prev = _prevalence(["2020-01-01", "2020-02-01", "2020-03-01", "2020-07-01", "2020-08-01"])
        fig = plot_topic_prevalence_over_time(prev, min_units=1)
        assert sorted(set(_spans(fig.axes[0]))) == [(_day("2020-01-01"), _day("2020-03-01")),
                                                    (_day("2020-07-01"), _day("2020-08-01"))]
        plt.close(fig)

    def test_consecutive_periods_are_one_area_as_before(self) -> None:
        months = ["2020-01-01", "2020-02-01", "2020-03-01", "2020-04-01"]
        fig = plot_topic_prevalence_over_time(_prevalence(months), min_units=1, period="M")
        ax = fig.axes[0]
        assert _spans(ax) == [(_day(months[0]), _day(months[-1]))] * 2
        assert not ax.patches
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["2: b", "1: a"]
        assert ax.get_xlim() == (_day(months[0]), _day(months[-1]))
        plt.close(fig)
