"""Tests of analysis.text: tokens, sentences, stop words, lemmas, the cached stream."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.tokenize import RegexpTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analysis import text as tx


class TestTokenize:
    @pytest.mark.parametrize("text,expected", [
        ("more than 96.71 million members", ["more", "than", "96.71", "million", "members"]),
        ("primary-level Party organizations", ["primary-level", "Party", "organizations"]),
        ("a total of 255,000 teams", ["a", "total", "of", "255,000", "teams"]),
        ("an 82% increase", ["an", "82%", "increase"]),
        ("the U.S. side", ["the", "U.S.", "side"]),
        ("the Party's health", ["the", "Party", "'s", "health"]),
        ("the Party\u2019s health", ["the", "Party", "\u2019s", "health"]),
        ("I'm a Party member. I'll go first!", ["I", "'m", "a", "Party", "member", ".", "I", "'ll", "go", "first", "!"]),
        ("we don't know", ["we", "do", "n't", "know"]),
        ("Jean-Yves Le Drian and O'Brien", ["Jean-Yves", "Le", "Drian", "and", "O'Brien"]),
        ("win-win cooperation.", ["win-win", "cooperation", "."]),
        ("the 18th CPC National Congress", ["the", "18th", "CPC", "National", "Congress"]),
        ("a 10-year plan for 5G in 2019.", ["a", "10-year", "plan", "for", "5G", "in", "2019", "."]),
        ("it rose 82%, or 3.5% a year", ["it", "rose", "82%", ",", "or", "3.5%", "a", "year"]),
    ])
    def test_examples(self, text: str, expected: list[str]) -> None:
        assert tx.tokenize(text) == expected

    def test_agrees_with_nltk_regexp_tokenizer(self) -> None:
        text = "On July 1, 96.71 million Party members in the U.S.-China era didn't rest: 3.5% (Xi's) growth."
        assert tx.tokenize(text) == RegexpTokenizer(tx.TOKEN_PATTERN).tokenize(text)

    def test_spans_index_the_text(self) -> None:
        text = "The CPC, with 96.71 million members, isn't small."
        assert [text[s:e] for s, e in tx.token_spans(text)] == tx.tokenize(text)

    def test_words_and_count(self) -> None:
        text = "Thank you. The Party's 96.71 million members don't rest!"
        assert tx.words(text) == ["Thank", "you", "The", "Party", "96.71", "million", "members", "do", "rest"]
        assert tx.count_words(text) == 9

    @settings(max_examples=200, deadline=None)
    @given(st.text(max_size=200))
    def test_only_whitespace_is_lost(self, text: str) -> None:
        assert "".join(tx.tokenize(text)) == re.sub(r"\s", "", text)


class TestSentences:
    def test_abbreviations_do_not_split(self) -> None:
        text = "Mr. Qi spoke first. The U.S. side disagreed. Dr. Xu answered at 3 p.m. on Monday."
        assert tx.sentences(text) == ["Mr. Qi spoke first.", "The U.S. side disagreed.",
                                      "Dr. Xu answered at 3 p.m. on Monday."]

    def test_paragraph_break_ends_a_sentence(self) -> None:
        assert tx.sentences("First point\n\nSecond point.") == ["First point", "Second point."]

    def test_spans_match(self) -> None:
        text = "One. Two!\n\nThree?"
        assert [text[s:e] for s, e in tx.sentence_spans(text)] == ["One.", "Two!", "Three?"]

    def test_trained_splitter(self) -> None:
        training = ["Amb. Li met reporters today. Amb. Wang visited Beijing. They talked for hours. "
                    "Amb. Zhao came later. The talks ended."] * 30
        splitter = tx.train_sentence_splitter(training)
        assert "amb" in splitter._params.abbrev_types
        assert tx.sentences("Amb. Wang visited Beijing. They talked.", splitter=splitter) == [
            "Amb. Wang visited Beijing.", "They talked."]
        assert len(tx.sentences("Amb. Wang visited Beijing.")) == 2  # the untrained splitter does not know "Amb."


class TestStopWords:
    def test_contains_sklearn_and_project_lists(self) -> None:
        stops = tx.stop_words()
        assert ENGLISH_STOP_WORDS <= stops
        assert {"'s", "n't", "thank"} <= stops

    def test_extra_and_without_project(self) -> None:
        stops = tx.stop_words(["Party"], include_project=False)
        assert "party" in stops and "thank" not in stops

    def test_is_stop(self) -> None:
        assert [tx.is_stop(w) for w in ["The", "Party", ",", "'s"]] == [True, False, True, True]


class TestLemmatize:
    @pytest.mark.parametrize("word,lemma", [("members", "member"), ("organizations", "organization"),
                                            ("fought", "fight"), ("policies", "policy"), ("xyzzy", "xyzzy")])
    def test_lemmas(self, word: str, lemma: str) -> None:
        assert tx.lemmatize(word) == lemma


class TestTokenizeTexts:
    def test_options(self) -> None:
        texts = ["The Party's members.", "Members fought!"]
        assert tx.tokenize_texts(texts) == [["the", "party", "members"], ["members", "fought"]]
        assert tx.tokenize_texts(texts, lemmas=True) == [["the", "party", "member"], ["member", "fight"]]
        assert tx.tokenize_texts(texts, lowercase=False, words_only=False)[1] == ["Members", "fought", "!"]

    def test_cached_by_content(self) -> None:
        a = tx.tokenize_texts(["same text here"])
        b = tx.tokenize_texts(["same text " + "here"])
        assert a is b
        assert tx.tokenize_texts(["other text"]) is not a


    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.lists(st.tuples(
        st.sampled_from(["We", "Party", "U.S.", "U.S.-led", "don't", "Can't", "Party's", "party\u2019s", "96.71",
                         "3.5%", "18th", "O'Brien", "a.m.", "n't", "'s", "-", ",", ".", "'", "\u2019", "(",
                         "\u4e2d\u56fd", "\u00c9t\u00e9", "a_b", "fought", "members"]),
        st.sampled_from([" ", "", "\n", "\t", "\u00a0", "\u3000", "\x1c", "\u2028"])), max_size=25)
        .map(lambda ps: "".join(w + sp for w, sp in ps)), max_size=4),
        st.booleans(), st.booleans(), st.booleans())
    def test_equals_tokenizing_each_text_whole(self, texts, lowercase, words_only, lemmas) -> None:
        # tokenize_texts works per distinct white-space chunk: the same tokens as the whole text
        expected = []
        for t in texts:
            toks = tx.tokenize(t)
            if words_only:
                toks = [x for x in toks if tx.is_word(x)]
            if lowercase or lemmas:
                toks = [tx.normalize_token(x) for x in toks]
            if lemmas:
                toks = [tx.lemmatize(x) for x in toks]
            expected.append(toks)
        got = tx.tokenize_texts(texts, lowercase=lowercase, words_only=words_only, lemmas=lemmas, cache=False)
        assert got == expected


class TestMWE:
    def test_merge(self) -> None:
        toks = tx.tokenize("Comrade Xi Jinping met the Central Committee")
        assert tx.mwe_tokenize(toks, ["Xi Jinping", "Central Committee"]) == [
            "Comrade", "Xi Jinping", "met", "the", "Central Committee"]


class TestPunktMemo:
    """The splitter that remembers each break decision gives Punkt's own spans."""

    TEXTS = ["Mr. Li spoke. Then Dr. Xu answered! Why? Because the U.S. said so.",
             "He said: ‘Long live freedom!’ They are not crying ‘Down with Israel’. Fine.",
             "(Sent one.) Sent two. 3.5% growth... Really? Yes.", "The end.’” (, p. 4.) Next one."]

    def test_equals_plain_punkt(self):
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

        from analysis.text import _ABBREVIATIONS, _memo_punkt

        params = PunktParameters()
        params.abbrev_types = set(_ABBREVIATIONS)
        plain, memo = PunktSentenceTokenizer(params), _memo_punkt(params)
        for _ in range(2):  # the second pass answers from the memo
            for text in self.TEXTS * 2:
                assert list(memo.span_tokenize(text)) == list(plain.span_tokenize(text))
        assert memo._breaks  # decisions were remembered

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet="ab. A!?’'\")(\n", max_size=60))
    def test_equals_plain_punkt_on_any_text(self, text):
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

        from analysis.text import _ABBREVIATIONS, _default_punkt

        params = PunktParameters()
        params.abbrev_types = set(_ABBREVIATIONS)
        assert list(_default_punkt().span_tokenize(text)) == list(PunktSentenceTokenizer(params).span_tokenize(text))
