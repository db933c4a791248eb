"""The compiled inner loops of phrase mining equal their numpy formulation and a direct count."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.phrases import _kernels
from analysis.phrases._extend import frequent_levels, maximal_phrases
from analysis.phrases._stream import Stream


def make_stream(sents: list[list[int]], vocab_size: int | None = None) -> Stream:
    """A stream of the given sentences of token ids (positions int32)."""
    lens = np.array([len(s) for s in sents if s], dtype=np.int64)
    ids = np.array([t for s in sents for t in s], dtype=np.int32)
    ends = np.cumsum(lens)
    seg_end = np.repeat(ends, lens).astype(np.int32)
    v = vocab_size if vocab_size is not None else (int(ids.max()) + 1 if len(ids) else 1)
    vocab = np.array([f"w{i}" for i in range(v)], dtype=object)
    row = np.repeat(np.arange(len(lens), dtype=np.int32), lens)
    return Stream(ids, seg_end, row, np.zeros(2, np.int64), vocab, len(lens), True, False, {})


def levels_as_arrays(levels) -> list[tuple]:
    return [(lv.n, lv.pos.tolist(), lv.code.tolist(), lv.first.tolist()) for lv in levels]


def listed_as_arrays(listed) -> tuple:
    return tuple(getattr(listed, f).tolist() for f in ("n", "first", "pos", "phrase", "independent"))


sentences = st.lists(st.lists(st.integers(0, 3), max_size=12), min_size=1, max_size=8)


def test_numba_is_installed() -> None:
    # requirements.txt pins numba: the suite must exercise the compiled path, not only the fallback
    assert _kernels.HAVE_NUMBA


class TestFrequentLevels:
    @settings(max_examples=120, deadline=None)
    @given(sentences, st.integers(1, 3), st.one_of(st.none(), st.integers(1, 4)), st.integers(1, 3))
    def test_compiled_equals_numpy(self, sents, min_count, max_length, keep_from) -> None:
        # keep_from >= 2 takes the bigrams straight from the token ids (no level-1 occurrences)
        stream = make_stream(sents)
        kw = dict(supports=[(None, min_count)], max_length=max_length, keep_from=keep_from)
        got = levels_as_arrays(frequent_levels(stream, **kw))
        assert got == levels_as_arrays(frequent_levels(stream, compiled=False, **kw))
        everything = levels_as_arrays(frequent_levels(stream, **{**kw, "keep_from": 1}))
        assert got == [lv for lv in everything if lv[0] >= keep_from]

    @settings(max_examples=60, deadline=None)
    @given(sentences, st.integers(2, 3))
    def test_counts_equal_a_direct_count(self, sents, min_count) -> None:
        stream = make_stream(sents)
        levels = frequent_levels(stream, supports=[(None, min_count)], keep_from=1)
        got = {}
        for lv in levels:
            grams = [tuple(stream.ids[f:f + lv.n]) for f in lv.first]
            counts = np.bincount(lv.code, minlength=lv.n_groups)
            got.update({g: int(c) for g, c in zip(grams, counts)})
            # every occurrence's tokens are its group's tokens, inside one sentence
            for p, c in zip(lv.pos, lv.code):
                assert tuple(stream.ids[p:p + lv.n]) == grams[c]
                assert p + lv.n <= stream.seg_end[p]
        direct = Counter(tuple(s[i:i + n]) for s in sents for n in range(1, len(s) + 1)
                         for i in range(len(s) - n + 1))
        assert got == {g: c for g, c in direct.items() if c >= min_count}

    def test_groups_numbered_in_order_of_first_appearance(self) -> None:
        stream = make_stream([[3, 1, 3, 1, 2, 0, 2, 0, 3, 1]])
        (lv,) = frequent_levels(stream, supports=[(None, 2)], max_length=2, keep_from=2)
        assert lv.pos.tolist() == [0, 2, 4, 6, 8]
        assert lv.code.tolist() == [0, 0, 1, 1, 0]  # "3 1" first, then "2 0"
        assert lv.first.tolist() == [0, 4]

    def test_hash_table_grows(self) -> None:
        # 40,000 distinct bigrams: the table starts at 2**16 slots and must double twice
        rng = np.random.default_rng(0)
        sents = [rng.integers(0, 400, size=2_000).tolist() for _ in range(40)]
        stream = make_stream(sents)
        kw = dict(supports=[(None, 1)], max_length=2, keep_from=2)
        (a,) = frequent_levels(stream, **kw)
        (b,) = frequent_levels(stream, compiled=False, **kw)
        assert a.n_groups > 2**15
        assert levels_as_arrays([a]) == levels_as_arrays([b])

    @pytest.mark.parametrize("min_count", [2, 3, 5])
    def test_sketch_prefilter_loses_no_frequent_ngram(self, min_count) -> None:
        # Zipf-distributed tokens: many rare bigrams (dropped by the count-min sketch before the
        # hash table) beside frequent ones, whose counts must stay exact
        rng = np.random.default_rng(1)
        sents = [(rng.zipf(1.3, size=int(rng.integers(3, 40))) % 3_000).tolist() for _ in range(4_000)]
        stream = make_stream(sents)
        kw = dict(supports=[(None, min_count)], max_length=6, keep_from=1)
        a = frequent_levels(stream, **kw)
        assert levels_as_arrays(a) == levels_as_arrays(frequent_levels(stream, compiled=False, **kw))
        assert len(a) >= 4 and a[1].n_groups > 100
        # and the sketch does drop candidates: fewer than the numpy path's
        two = frequent_levels(stream, supports=[(None, min_count)], max_length=1, keep_from=1)[0]
        sketched = _kernels.extend(two.pos, two.code, 1, stream.ids, stream.seg_end, len(stream.vocab),
                                   min_count=min_count)
        plain = _kernels.extend(two.pos, two.code, 1, stream.ids, stream.seg_end, len(stream.vocab), compiled=False)
        assert len(sketched[0]) < len(plain[0])
        assert sorted(sketched[2][sketched[2] >= min_count].tolist()) == \
            sorted(plain[2][plain[2] >= min_count].tolist())

    def test_unit_support(self) -> None:
        # "1 2" occurs 3 times but in 2 units only; a distinct-unit support of 3 drops it
        stream = make_stream([[1, 2], [1, 2, 1, 2], [3]])
        units = stream.row
        kept = frequent_levels(stream, supports=[(None, 3), (units, 2)], max_length=2, keep_from=2)
        assert [lv.n_groups for lv in kept] == [1]
        assert frequent_levels(stream, supports=[(None, 3), (units, 3)], max_length=2, keep_from=2) == []

    def test_int64_seg_end(self) -> None:
        stream = make_stream([[1, 2, 1, 2], [1, 2]])
        wide = Stream(stream.ids, stream.seg_end.astype(np.int64), stream.row, stream.row_start, stream.vocab,
                      stream.n_sentences, True, False, {})
        kw = dict(supports=[(None, 2)], keep_from=1)
        assert levels_as_arrays(frequent_levels(wide, **kw)) == levels_as_arrays(frequent_levels(stream, **kw))


class TestMaximalPhrases:
    @settings(max_examples=80, deadline=None)
    @given(sentences, st.integers(2, 3), st.integers(1, 2), st.booleans())
    def test_compiled_equals_numpy(self, sents, min_count, min_length, by_unit) -> None:
        stream = make_stream(sents)
        supports = [(None, min_count)] + ([(stream.row, 2)] if by_unit else [])
        levels = frequent_levels(stream, supports=supports, keep_from=min_length)
        rule = (lambda lv: np.ones(lv.n_groups, dtype=bool))
        kw = dict(supports=supports, min_length=min_length, candidate=rule)
        assert listed_as_arrays(maximal_phrases(stream, levels, **kw)) == \
            listed_as_arrays(maximal_phrases(stream, levels, compiled=False, **kw))

    def test_nested_phrase_hidden_until_it_recurs_alone(self) -> None:
        # "1 2 3" twice; "1 2" also once alone: with min count 2 "1 2" is inside "1 2 3" twice
        stream = make_stream([[1, 2, 3], [1, 2, 3], [1, 2]])
        supports = [(None, 2)]
        levels = frequent_levels(stream, supports=supports, keep_from=2)
        listed = maximal_phrases(stream, levels, supports=supports, min_length=2,
                                 candidate=lambda lv: np.ones(lv.n_groups, dtype=bool))
        assert listed.n.tolist() == [3]
        assert listed.pos.tolist() == [0, 3]
        assert listed.independent.tolist() == [True, True]


@pytest.mark.parametrize("compiled", [True, False])
def test_empty_stream(compiled) -> None:
    stream = make_stream([[]], vocab_size=1)
    assert frequent_levels(stream, supports=[(None, 2)], compiled=compiled) == []


class TestTextsOf:
    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.lists(st.sampled_from(["we", "'s", "party", "n't", "do", "it"]), min_size=1, max_size=6),
                    min_size=1, max_size=6), st.data())
    def test_equals_text_of_per_phrase(self, sents, data) -> None:
        # clitics attach to the token before them, also as a phrase's first token and mid-phrase
        from analysis.phrases._stream import stream_from_sentences

        stream = stream_from_sentences(sents)
        spans = data.draw(st.lists(st.tuples(st.integers(0, stream.n_tokens - 1), st.integers(1, 4)), max_size=10))
        spans = [(p, min(k, stream.n_tokens - p)) for p, k in spans]
        first = np.array([p for p, _ in spans], dtype=np.int64)
        n = np.array([k for _, k in spans], dtype=np.int64)
        assert stream.texts_of(first, n) == [stream.text_of(p, k) for p, k in spans]

    def test_known_texts(self) -> None:
        from analysis.phrases._stream import stream_from_sentences

        stream = stream_from_sentences([["the", "party", "'s", "work", "is", "n't", "done"]])
        assert stream.texts_of(np.array([0, 2, 4]), np.array([4, 1, 3])) == ["the party's work", "'s", "isn't done"]
        assert stream.texts_of(np.array([], dtype=np.int64), np.array([], dtype=np.int64)) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 6)), max_size=40), st.booleans())
def test_distinct_units_equal_a_direct_count(pairs, ordered) -> None:
    # units in non-decreasing order per group (the one-pass case) or in any order (the fallback)
    if ordered:
        pairs = sorted(pairs, key=lambda p: p[1])
    code = np.array([c for c, _ in pairs], dtype=np.int64)
    units = np.array([u for _, u in pairs], dtype=np.int64)
    want = [len({u for c, u in pairs if c == g}) for g in range(5)]
    for compiled in (True, False):
        assert _kernels.distinct_units(code, units, 5, compiled=compiled).tolist() == want


def test_spoken_wordings_from_the_stream_equal_the_text() -> None:
    # the wordings read from the stream where the text as written is the stream text, and from the
    # text elsewhere (punctuation inside, contractions, curly apostrophes, case, line breaks)
    import pandas as pd

    from analysis.phrases import formulae
    from analysis.phrases._stream import frame_stream
    from analysis.phrases.formulae import _occurrences

    texts = ["We firmly  oppose\nthe Party's work.", "We firmly oppose, the Party\u2019s work!",
             "WE FIRMLY OPPOSE the party 's work.", "I'm sure we firmly oppose the party's work."]
    turns = pd.DataFrame({"transcript_id": list("abcd"), "speaker": list("xyxy"), "text": texts})
    f = formulae(turns, kind="all", stop_rule="none")
    row = f.set_index("formula").loc["we firmly oppose the party's work"]
    assert row["variants"] == ("we firmly oppose the party's work", "we firmly oppose the party 's work",
                               "we firmly oppose, the party's work")
    stream = frame_stream(turns, lowercase=True, expand_contractions=True)
    pos = np.arange(stream.n_tokens - 3)
    label = np.arange(len(pos))
    ends = np.minimum(pos + 4, stream.seg_end[pos].astype(np.int64))
    fast = _occurrences(turns, stream, label, pos, ends, [str(i) for i in label], lower=True)["text"].tolist()
    slow = _occurrences(turns, stream, label, pos, ends, [str(i) for i in label])["text"]
    assert fast == slow.str.lower().str.replace("\u2019", "'", regex=False).tolist()
