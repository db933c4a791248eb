"""Merged multiword expressions counted apart from the text layer (``count_words_apart`` with
``phrases``, each worker merging them in its texts) give what the reference gives: each text's
word list merged by NLTK's ``MWETokenizer`` (``analysis.text.mwe_tokenize``), then counted;
and what the text layer's merged view (``merge_view``) gives, on hand-made texts and the
bundled corpus."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from test_terms_table_speed import OPTIONS, TEXTS, ZH, _assert_same_counts, _frame, _plain

from analysis import terms as tm
from analysis import tokens
from analysis.terms import _base
from analysis.terms._base import count_rows, count_words_apart, resolve_stop_words
from analysis.terms.mwe import compile_phrases
from analysis.text import mwe_tokenize, tokenize_texts
from analysis.token_options import TokenOptions

#: Hand-made texts: overlapping expressions, an expression cut by the end of a text, words of
#: one chunk ("Hong-Kong", "Kong's"), case and inflected forms.
PHRASE_TEXTS = [
    "The United Nations Security Council met; the united nations security council.",
    "United Nations Security talks: nations security council, security council united nations",
    "a b c a b c b c d",
    "Hong Kong is calm. Leaders of Hong",  # "Hong" ends the text ...
    "Kong met in hong kong; HONG KONG's people, Hong-Kong trade.",  # ... "Kong" starts the next
    "",
    "Human rights and human right; Human Rights Council, rights of humans",
    "don't stop, do n't stop, we do not stop",
    "kong hong kong hong kong kong",
]
PHRASES = ["united nations", "nations security", "security council", "united nations security council",
           "a b", "b c", "b c d", "hong kong", "human rights", "human rights council", "do stop", "not found here"]


def _reference(texts: list[str], opts: TokenOptions) -> tuple[list[Counter], list[int]]:
    """Each text's words (as ``tokenize_texts`` gives them) merged by NLTK's MWETokenizer and
    counted, stop words dropped as terms; and the words of each text, a merged expression one."""
    words = tokenize_texts(texts, lowercase=opts.lowercase, words_only=True, lemmas=opts.lemmas)
    compiled = [" ".join(p) for p in compile_phrases(opts, caller="test")]
    merged = [mwe_tokenize(list(w), compiled) for w in words]
    stops = resolve_stop_words(opts.stop_words)
    return [Counter(t for t in m if t.lower() not in stops) for m in merged], [len(m) for m in merged]


def _as_counters(counted: _base.Counted) -> list[Counter]:
    m = counted.matrix
    return [Counter(dict(zip(counted.vocabulary[m[i].indices].tolist(), m[i].data.tolist())))
            for i in range(m.shape[0])]


def _opts(base: TokenOptions, phrases) -> TokenOptions:
    return TokenOptions(lowercase=base.lowercase, lemmas=base.lemmas, stop_words=base.stop_words, phrases=phrases)


def _apart(texts: list[str], opts: TokenOptions, n_jobs: int = 1) -> _base.Counted:
    return count_words_apart(texts, opts, stops=resolve_stop_words(opts.stop_words), n_jobs=n_jobs,
                             phrases=compile_phrases(opts, caller="test"))


@pytest.mark.parametrize("opts", OPTIONS, ids=lambda o: repr(o)[:60])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_merged_apart_equals_mwe_tokenizer(opts, n_jobs):
    opts = _opts(opts, PHRASES)
    got = _apart(PHRASE_TEXTS, opts, n_jobs)
    want, n_words = _reference(PHRASE_TEXTS, opts)
    assert _as_counters(got) == want
    assert got.n_words.tolist() == n_words
    assert not (got.matrix.sum(axis=0) == 0).any()  # no column for a word seen only inside an expression
    _assert_same_counts(got, _plain(_frame(PHRASE_TEXTS), opts))


def test_merged_apart_hand_checked():
    got = _apart(PHRASE_TEXTS, TokenOptions(stop_words=False, phrases=PHRASES))
    rows = _as_counters(got)
    # longest expression at each position, left to right
    assert rows[0]["united nations security council"] == 2 and "united nations" not in rows[0]
    assert rows[1]["united nations"] == 2 and rows[1]["security"] == 1 and rows[1]["nations security"] == 1
    assert rows[1]["council"] == 1 and rows[1]["security council"] == 1 and rows[1]["talks"] == 1
    assert rows[2] == Counter({"a b": 2, "c": 2, "b c d": 1})
    # never across texts: "Hong" ends text 3, "Kong" starts text 4
    assert rows[3] == Counter({"hong kong": 1, "is": 1, "calm": 1, "leaders": 1, "of": 1, "hong": 1})
    assert rows[4]["kong"] == 1 and rows[4]["hong kong"] == 2  # "hong kong", "HONG KONG's"
    assert rows[4]["hong-kong"] == 1  # one word token
    assert rows[5] == Counter() and got.n_words[5] == 0
    assert rows[6]["human rights council"] == 1 and rows[6]["human rights"] == 1 and rows[6]["right"] == 1
    assert rows[7]["do stop"] == 2 and rows[7]["do"] == 1  # "don't": do + n't (a clitic, not a word)
    assert rows[8] == Counter({"kong": 2, "hong kong": 2})
    assert got.n_words.tolist() == [5, 7, 5, 6, 8, 0, 8, 6, 4]


def test_merged_apart_case_and_lemmas():
    cased = _as_counters(_apart(PHRASE_TEXTS, TokenOptions(lowercase=False, stop_words=False,
                                                           phrases=["Hong Kong", "human rights"])))
    assert cased[3]["Hong Kong"] == 1 and cased[3]["Hong"] == 1
    assert cased[4]["hong"] == 1 and cased[4]["kong"] == 1 and cased[4]["HONG"] == 1 and "hong kong" not in cased[4]
    assert "human rights" not in cased[6] and cased[6]["Human"] == 2
    lemmas = _as_counters(_apart(PHRASE_TEXTS, TokenOptions(lemmas=True, stop_words=False,
                                                            phrases=["human rights"])))
    # "Human rights", "human right", "Human Rights (Council)": the lemmas "human right"
    assert lemmas[6]["human right"] == 3 and lemmas[6]["human"] == 1 and lemmas[6]["right"] == 1  # "rights of humans"


@pytest.mark.parametrize("block", [1, 4, 30])
def test_merged_apart_block_by_block(monkeypatch, block):
    monkeypatch.setattr(tokens, "CHUNK_BLOCK", block)  # blocks of texts end anywhere
    texts = PHRASE_TEXTS + TEXTS + PHRASE_TEXTS[::-1]
    for opts in OPTIONS[:3]:
        opts = _opts(opts, PHRASES)
        got = _apart(texts, opts)
        want, n_words = _reference(texts, opts)
        assert _as_counters(got) == want and got.n_words.tolist() == n_words


def test_merged_apart_no_text_lost():
    opts = TokenOptions(stop_words=False, phrases=PHRASES)
    got = _apart(PHRASE_TEXTS + TEXTS, opts)
    words = tokenize_texts(PHRASE_TEXTS + TEXTS, words_only=True)
    # every word is counted once, alone or inside one expression
    sizes = np.array([len(t.split()) for t in got.vocabulary])
    assert int((got.matrix @ sizes).sum()) == sum(map(len, words))
    assert np.array_equal(np.asarray(got.matrix.sum(axis=1)).ravel(), got.n_words)


def test_merged_apart_deterministic():
    opts = TokenOptions(phrases=PHRASES)
    _assert_same_counts(_apart(PHRASE_TEXTS * 3, opts, 2), _apart(PHRASE_TEXTS * 3, opts, 2))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_merged_apart_han_text_hands_back(n_jobs):
    assert _apart(PHRASE_TEXTS + ZH, TokenOptions(phrases=PHRASES), n_jobs) is None


@pytest.fixture(scope="module")
def bundled():
    from analysis import load_corpus

    return load_corpus("data").turns()


@pytest.mark.parametrize("opts", OPTIONS[:4], ids=lambda o: repr(o)[:60])
def test_merged_apart_equal_layer_on_bundled_corpus(bundled, opts):
    phrases = [*tm.fixed_phrases(bundled)["phrase"], "united states", "the united", "people 's republic"]
    opts = _opts(opts, phrases)
    got = _apart(bundled["text"].fillna("").astype(str).tolist(), opts, n_jobs=2)
    _assert_same_counts(got, _plain(bundled, opts))


@pytest.mark.parametrize("by", ["transcript_id", "role"])
def test_term_frequencies_same_either_path(bundled, monkeypatch, by):
    phrases = list(tm.fixed_phrases(bundled)["phrase"])
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: False)
    want = [tm.term_frequencies(bundled, by=by, phrases=phrases, **kw) for kw in ({}, {"lemmas": True})]
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: True)
    got = [tm.term_frequencies(bundled, by=by, phrases=phrases, **kw) for kw in ({}, {"lemmas": True})]
    for g, w in zip(got, want):
        assert len(g) and g["term"].str.contains(" ").any()
        assert g.equals(w) and list(g.dtypes) == list(w.dtypes)


def test_ngrams_with_phrases_still_read_the_layer(monkeypatch):
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: True)
    opts = TokenOptions(phrases=PHRASES, ngram_range=(1, 2))
    frame = _frame(PHRASE_TEXTS)
    got = count_rows(frame, opts)
    assert "hong kong" in got.vocabulary.tolist() and "security council united nations" in got.vocabulary.tolist()


# --------------------------------------------------------------------------- fixed_phrases' pairs
#: Pairs next to possible sentence ends: full stops between two words, abbreviations,
#: tokens a sentence end may cut, paragraph breaks, single new lines, curly apostrophes.
SENTENCE_TEXTS = [
    "Hong Kong is calm. Kong Hong said so. Hong. Kong? Hong! Kong",
    "Mr. Smith met Mr. Smith in the U.S. Congress. The U.S. Congress agreed.",
    "Hong\n\nKong met Hong\nKong; Hong Kong's people and the Party\u2019s Hong Kong.",
    'He left.)Hong Kong came "first." Then U.S.\'s Hong Kong end.)Next Hong Kong',
    "Sierra Leone and Sierra Leone. Sierra Leone! (Sierra Leone) Sierra Leone's",
    "a.m. Sierra Leone p.m. Hong Kong e.g. Sierra Leone i.e. Hong Kong",
    "",
    "Hong Kong HONG KONG hong kong Hong Kong. Hong Kong",
]


def _collocation_pairs(texts: list[str], lowercase: bool):
    from analysis.phrases import collocations

    frame = _frame(texts)
    return collocations(frame, n=2, min_count=1, sort_by="dice", measures=["dice"], lowercase=lowercase)


@pytest.mark.parametrize("lowercase", [True, False])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_pairs_apart_equal_collocations(lowercase, n_jobs):
    from analysis.terms.mwe import _pairs_apart

    texts = SENTENCE_TEXTS + TEXTS + PHRASE_TEXTS
    want = _collocation_pairs(texts, lowercase)
    got = _pairs_apart(texts, min_count=1, min_dice=1e-9, lowercase=lowercase, n_jobs=n_jobs)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    # by hand: 1 + 3 + 3 + 2 + 5 in SENTENCE_TEXTS (none across "Hong. Kong", "Hong! Kong" or a
    # blank line; one across a single new line), 1 + 2 + 2 in PHRASE_TEXTS
    if lowercase:
        hk = got.set_index("collocation").loc["hong kong"]
        assert hk["count"] == 19 and hk["w1"] == "hong"


def test_pairs_apart_min_count_and_dice():
    from analysis.terms.mwe import _pairs_apart

    want = _collocation_pairs(SENTENCE_TEXTS, True)
    want = want[(want["count"] >= 3) & (want["dice"] >= 0.5)].reset_index(drop=True)
    got = _pairs_apart(SENTENCE_TEXTS, min_count=3, min_dice=0.5, lowercase=True, n_jobs=1)
    got = got[got["dice"] >= 0.5].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert len(got) and set(got["collocation"]) >= {"hong kong", "sierra leone"}


@pytest.mark.parametrize("block", [1, 7])
def test_pairs_apart_block_by_block(monkeypatch, block):
    from analysis.terms import mwe

    monkeypatch.setattr(mwe, "_PAIR_BLOCK", block)
    texts = SENTENCE_TEXTS + TEXTS
    got = mwe._pairs_apart(texts, min_count=1, min_dice=1e-9, lowercase=True, n_jobs=1)
    pd.testing.assert_frame_equal(got, _collocation_pairs(texts, True), check_exact=True)


def test_pairs_apart_han_text_hands_back():
    from analysis.terms.mwe import _pairs_apart

    assert _pairs_apart(SENTENCE_TEXTS + ZH, min_count=1, min_dice=0.5, lowercase=True, n_jobs=1) is None
    assert _pairs_apart(["Hong Kong \u4e2d\u56fd Hong Kong"], min_count=1, min_dice=0.5, lowercase=True,
                        n_jobs=1) is None


@pytest.mark.parametrize("kw", [{}, {"min_count": 2, "min_dice": 0.7}, {"lowercase": False},
                                {"min_count": 1, "min_dice": 0.5}])
def test_fixed_phrases_same_either_path(bundled, monkeypatch, kw):
    from analysis.terms.mwe import _fixed_phrases

    kw = {"min_count": 5, "min_dice": 0.9, "lowercase": True, **kw}
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: False)
    want = _fixed_phrases(bundled, **kw)
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: True)
    got = _fixed_phrases(bundled, **kw)
    assert len(got) > 1
    pd.testing.assert_frame_equal(got, want, check_exact=True)
