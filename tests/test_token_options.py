"""TokenOptions: one frozen object of token options, and the keyword shorthands beside it."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis import terms as tm
from analysis.token_options import TokenOptions, token_options

TURNS = pd.DataFrame({
    "transcript_id": ["t1", "t1", "t2", "t2", "t3", "t3"],
    "date": pd.to_datetime(["2019-01-02", "2019-01-02", "2019-06-03", "2019-06-03", "2020-02-01", "2020-02-01"]),
    "role": ["official", "questioner", "official", "questioner", "official", "questioner"],
    "text": ["Hong Kong affairs are China's internal affairs. The firms agreed.",
             "Will the firm in Hong Kong close? Firms are worried.",
             "We oppose interference in Hong Kong. Trade talks resumed.",
             "Trade talks and tariffs: what about the trade war?",
             "The trade war hurts firms. Hong Kong is stable.",
             "Is the trade war over? Hong Kong firms ask."],
})


class TestObject:
    def test_frozen_hashable_and_equal_by_value(self) -> None:
        a = TokenOptions(lemmas=True, stop_words=["the", "of"], phrases=["hong kong"])
        b = TokenOptions(lemmas=True, stop_words={"of", "the"}, phrases="hong kong")
        assert a == b and hash(a) == hash(b) and len({a, b}) == 1
        assert a.stop_words == frozenset({"the", "of"}) and a.phrases == ("hong kong",)
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.lemmas = False  # type: ignore[misc]
        assert TokenOptions(phrases=[]) == TokenOptions()
        assert TokenOptions(lemmas=True, lowercase=False).folds_case

    @pytest.mark.parametrize("kwargs,error,message", [
        ({"lowercase": "yes"}, ValueError, r"^TokenOptions\(\): lowercase must be one of False, True; got 'yes'"),
        ({"lemmas": 1}, ValueError, r"lemmas must be one of"),
        ({"ngram_range": (2, 1)}, ValueError, r"ngram_range must be a tuple \(min_n, max_n\)"),
        ({"ngram_range": [1, 2]}, ValueError, r"ngram_range must be a tuple"),
        ({"ngram_range": (0, 1)}, ValueError, r"1 <= min_n"),
        ({"stop_words": "the"}, TypeError, r"stop_words must be list or tuple or set or frozenset; got str"),
        ({"stop_words": ["the", 3]}, TypeError, r"each stop word must be str; got int"),
        ({"phrases": 5}, TypeError, r"^TokenOptions\(\): phrases must be a str, a sequence of str"),
        ({"phrases": {"hong kong": 1}}, TypeError, r"phrases must be a str"),
        ({"phrases": ["hong kong", 3]}, TypeError, r"phrases must be str; got int"),
    ])
    def test_validated_once_with_clear_errors(self, kwargs, error, message) -> None:
        with pytest.raises(error, match=message):
            TokenOptions(**kwargs)

    def test_resolution_names_the_analysis(self) -> None:
        with pytest.raises(TypeError, match=r"^keyness\(\): tokens must be a TokenOptions"):
            token_options({"lemmas": True}, caller="keyness")
        with pytest.raises(ValueError, match=r"^keyness\(\): ngram_range must be a tuple"):
            token_options(None, caller="keyness", ngram_range=(3, 2))
        assert token_options(None, caller="x", defaults=TokenOptions(ngram_range=(1, 2))).ngram_range == (1, 2)
        base = TokenOptions(lemmas=True, phrases="hong kong")
        assert token_options(base, caller="x") is base
        assert token_options(base, caller="x", lowercase=False) == dataclasses.replace(base, lowercase=False)


class TestShorthandsEqualTheObject:
    """The old keyword calls keep their results: each equals the call with the one object."""

    @pytest.mark.parametrize("kwargs", [
        {}, {"lemmas": True}, {"lowercase": False}, {"stop_words": False}, {"stop_words": ["the", "hong"]},
        {"ngram_range": (1, 2)}, {"phrases": ["hong kong", "trade war"]},
        {"lemmas": True, "phrases": "hong kong", "ngram_range": (1, 3)},
    ])
    def test_counting_analyses(self, kwargs) -> None:
        opts = TokenOptions(**kwargs)
        pd.testing.assert_frame_equal(tm.term_frequencies(TURNS, by="role", **kwargs),
                                      tm.term_frequencies(TURNS, by="role", tokens=opts))
        pd.testing.assert_frame_equal(tm.keyness(TURNS, "official", min_count=1, **kwargs),
                                      tm.keyness(TURNS, "official", min_count=1, tokens=opts))
        pd.testing.assert_frame_equal(tm.distinctive_terms(TURNS, "official", by="role", min_count=1, **kwargs),
                                      tm.distinctive_terms(TURNS, "official", by="role", min_count=1, tokens=opts))
        a, b = tm.document_term_matrix(TURNS, **kwargs), tm.document_term_matrix(TURNS, tokens=opts)
        assert list(a.vocabulary) == list(b.vocabulary) and (a.matrix != b.matrix).nnz == 0
        pd.testing.assert_frame_equal(tm.tfidf_terms(TURNS, top=None, **kwargs),
                                      tm.tfidf_terms(TURNS, top=None, tokens=opts))
        pd.testing.assert_frame_equal(tm.rising_terms(TURNS, min_parts=1, **{"ngram_range": (1, 2), **kwargs}),
                                      tm.rising_terms(TURNS, min_parts=1,
                                                      tokens=dataclasses.replace(opts, ngram_range=kwargs.get(
                                                          "ngram_range", (1, 2)))))
        if "ngram_range" not in kwargs:
            pd.testing.assert_frame_equal(tm.dispersion(TURNS, min_count=1, **kwargs),
                                          tm.dispersion(TURNS, min_count=1, tokens=opts))

    @pytest.mark.parametrize("kwargs", [{}, {"lemmas": True}, {"lowercase": False}])
    def test_matching_analyses(self, kwargs) -> None:
        opts = TokenOptions(**kwargs)
        pats = ["firm", "hong kong", "trade*", "china's"]
        pd.testing.assert_frame_equal(tm.kwic(TURNS, pats, **kwargs), tm.kwic(TURNS, pats, tokens=opts))
        pd.testing.assert_frame_equal(tm.term_trends(TURNS, pats, **kwargs), tm.term_trends(TURNS, pats, tokens=opts))
        pd.testing.assert_frame_equal(tm.term_positions(TURNS, pats, **kwargs),
                                      tm.term_positions(TURNS, pats, tokens=opts))

    def test_hand_counts_with_the_object(self) -> None:
        opts = TokenOptions(lemmas=True, phrases="hong kong")
        tf = tm.term_frequencies(TURNS, tokens=opts).set_index("term")["count"]
        # "hong kong" 5 times, merged; "firm" = "firms"/"Firms" x4 + "firm" x1; stop words dropped
        assert tf["hong kong"] == 5 and tf["firm"] == 5 and "hong" not in tf.index and "the" not in tf.index
        # a shorthand replaces one field of the object and keeps the others
        tf2 = tm.term_frequencies(TURNS, tokens=opts, lemmas=False).set_index("term")["count"]
        assert tf2["hong kong"] == 5 and tf2["firms"] == 4 and tf2["firm"] == 1
        # tfidf_terms now honours every field, n-grams included
        assert "trade war" in set(tm.tfidf_terms(TURNS, top=None, tokens=TokenOptions(ngram_range=(2, 2)))["term"])
        trend = tm.term_trends(TURNS, ["hong", "hong kong"], freq="year", tokens=opts)
        assert trend.groupby("term", sort=False)["count"].sum().to_dict() == {"hong": 0, "hong kong": 5}


class TestFieldsAnAnalysisCannotHonour:
    def test_are_errors_naming_it(self) -> None:
        with pytest.raises(ValueError, match=r"^kwic\(\): matches words one by one, so ngram_range must be"):
            tm.kwic(TURNS, "trade", tokens=TokenOptions(ngram_range=(1, 2)))
        with pytest.raises(ValueError, match=r"^kwic\(\): does not merge multiword expressions"):
            tm.kwic(TURNS, "trade", tokens=TokenOptions(phrases="trade war"))
        with pytest.raises(ValueError, match=r"^dispersion\(\): matches words one by one"):
            tm.dispersion(TURNS, tokens=TokenOptions(ngram_range=(1, 2)))
        with pytest.raises(ValueError, match=r"^term_positions\(\): matches words one by one"):
            tm.term_positions(TURNS, "trade", tokens=TokenOptions(ngram_range=(2, 2)))

    def test_a_keyword_the_analysis_does_not_take_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match=r"^kwic\(\) got an unexpected keyword argument 'stop_words'"):
            tm.kwic(TURNS, "trade", stop_words=False)
        with pytest.raises(TypeError, match=r"^dispersion\(\) got an unexpected keyword argument 'ngram_range'"):
            tm.dispersion(TURNS, ngram_range=(1, 2))
        with pytest.raises(TypeError, match=r"^keyness\(\) got an unexpected keyword argument 'lemma'"):
            tm.keyness(TURNS, "official", lemma=True)

    def test_stop_words_do_not_hide_a_matched_word(self) -> None:
        """Where patterns are matched every word can be matched: stop_words is not used."""
        assert len(tm.kwic(TURNS, "the", tokens=TokenOptions(stop_words=True))) == 5
        assert tm.term_positions(TURNS, "the", tokens=TokenOptions()).shape[0] == 5


def test_cli_builds_one_object(monkeypatch) -> None:
    import argparse

    from analysis import cli

    args = argparse.Namespace(lemmas=True, keep_stop_words=True)
    assert cli._token_options(args) == TokenOptions(lemmas=True, stop_words=False)
