"""The fast paths of term counting give what the plain paths gave: single words counted
chunk by chunk on worker processes (``count_words_apart``) equal the text layer's counts, and
``term_frequencies``' table made with numpy equals the table the former pandas code made."""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from analysis import terms as tm
from analysis import tokens
from analysis.terms import _base
from analysis.terms._base import count_rows, count_words_apart, group_codes, indicator, resolve_stop_words
from analysis.terms.counts import _FREQ_COLUMNS, sum_rows
from analysis.token_options import TokenOptions

TEXTS = [
    "The Party's members don't rest; O'Brien's well-known co-operation isn't over.",
    "U.S. and U.N. officials met at 10:30 a.m.: 3.5% growth, 1,000 jobs, 82% of 5G towers, the 18th meeting.",
    "Curly apostrophes: the Party\u2019s view, we can\u2019t, they\u2019re here. \u2018Quoted\u2019 words \u2014 and dashes\u2026",
    'U.S.-led talks; win-win; Jean-Yves said: "No!" (really?) #tag @user e-mail http://example.com/x?y=1',
    "",
    "   ",
    "...",
    "Na\u00efve caf\u00e9 Stra\u00dfe \u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3 \u0130stanbul \ufb01nance \U0001f642 emoji",
    "Tabs\tand\nnew lines\u00a0and non-breaking\u2009spaces\u3000here",
    "UPPER lower Mixed MIXED mixed The the THE",
    "members members Members organizations strengthened parties were being",
    "n't 's 're isolated clitics ' \u2019 -- - _ __init__",
    "numbers 3.5 3,5 3.5.6 96.71% 2020-2021 1990s 10-year U.S U.S.A. e.g. i.e.",
]
ZH = ["\u4e2d\u65b9\u575a\u51b3\u53cd\u5bf9\u5e72\u6d89\u4e2d\u56fd\u5185\u653f\u3002", "NSG\u6210\u5458\u56fd 1890\u5e74 U.S.",
      # a Han character after the first 256 characters: found by the workers, not by the probe
      "trade talks " * 40 + "\u4e2d\u56fd trade"]
OPTIONS = [TokenOptions(), TokenOptions(lemmas=True), TokenOptions(lowercase=False), TokenOptions(stop_words=False),
           TokenOptions(lowercase=False, stop_words=["The", "members", "u.s."])]


def _frame(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({
        "transcript_id": [f"t{i % 4}" for i in range(n)],
        "role": [["official", "questioner", None][i % 3] for i in range(n)],
        "date": pd.to_datetime([["2020-01-05", "2020-02-10", "2020-02-11", None][i % 4] for i in range(n)]),
        "text": texts,
    })


@pytest.fixture(scope="module")
def bundled():
    from analysis import load_corpus

    turns = load_corpus("data").turns()
    return turns.sort_values(["date", "transcript_id", "turn_index"], na_position="last", kind="stable",
                             ignore_index=True)


def _plain(frame: pd.DataFrame, opts: TokenOptions) -> _base.Counted:
    return _base._count_words_view(frame, opts, stops=resolve_stop_words(opts.stop_words), text="text")


def _assert_same_counts(got: _base.Counted, want: _base.Counted) -> None:
    assert got.vocabulary.dtype == want.vocabulary.dtype and got.vocabulary.tolist() == want.vocabulary.tolist()
    assert got.matrix.shape == want.matrix.shape and got.matrix.has_canonical_format
    for name in ("data", "indices", "indptr"):
        x, y = getattr(got.matrix, name), getattr(want.matrix, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    assert got.n_words.dtype == want.n_words.dtype and np.array_equal(got.n_words, want.n_words)


# --------------------------------------------------------------------------- counting apart
@pytest.mark.parametrize("opts", OPTIONS)
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_words_apart_equal_layer_on_small_texts(opts, n_jobs):
    got = count_words_apart(list(TEXTS), opts, stops=resolve_stop_words(opts.stop_words), n_jobs=n_jobs)
    _assert_same_counts(got, _plain(_frame(TEXTS), opts))


@pytest.mark.parametrize("block", [1, 5, 40])
def test_words_apart_equal_layer_block_by_block(monkeypatch, block):
    monkeypatch.setattr(tokens, "CHUNK_BLOCK", block)  # blocks of texts end anywhere
    for opts in OPTIONS[:3]:
        got = count_words_apart(TEXTS + TEXTS[::-1], opts, stops=resolve_stop_words(opts.stop_words), n_jobs=1)
        _assert_same_counts(got, _plain(_frame(TEXTS + TEXTS[::-1]), opts))


def test_words_apart_hand_checked():
    got = count_words_apart(TEXTS[:2], TokenOptions(stop_words=False), stops=frozenset(), n_jobs=1)
    first = dict(zip(got.vocabulary[got.matrix[0].indices], got.matrix[0].data))
    assert first["party"] == 1 and first["do"] == 1 and first["is"] == 1 and first["o'brien"] == 1
    assert first["well-known"] == 1 and first["co-operation"] == 1 and "'s" not in first and "n't" not in first
    second = set(got.vocabulary[got.matrix[1].indices])
    assert {"u.s.", "u.n.", "10:30", "a.m.", "3.5%", "1,000", "82%", "5g", "18th"} <= second
    assert got.n_words.tolist() == [10, 19]


@pytest.mark.parametrize("opts", OPTIONS)
def test_words_apart_equal_layer_on_bundled_corpus(bundled, opts):
    texts = bundled["text"].fillna("").astype(str).tolist()
    got = count_words_apart(texts, opts, stops=resolve_stop_words(opts.stop_words), n_jobs=2)
    _assert_same_counts(got, _plain(bundled, opts))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_han_text_hands_counting_back_to_the_layer(monkeypatch, n_jobs):
    texts = TEXTS + ZH
    assert count_words_apart(texts, TokenOptions(), stops=frozenset(), n_jobs=n_jobs) is None
    assert count_words_apart(TEXTS + ZH[2:], TokenOptions(), stops=frozenset(), n_jobs=n_jobs) is None
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: True)
    frame = _frame(texts)
    for opts in OPTIONS[:3]:
        _assert_same_counts(count_rows(frame, opts), _plain(frame, opts))


def test_words_apart_only_for_large_corpora_without_their_layer(monkeypatch):
    texts = [*TEXTS, "a text only this test uses, 7f3a"]
    assert not _base.words_apart(texts, n_jobs=2)  # small: the layer is built in this process
    monkeypatch.setattr(tokens, "PARALLEL_CHARS", 0)
    assert _base.words_apart(texts, n_jobs=2)
    assert not _base.words_apart(texts, n_jobs=1)
    assert not _base.words_apart([*texts, ZH[0]], n_jobs=2)  # starts in Chinese: the layer cuts its words
    tokens.token_table(texts)
    assert not _base.words_apart(texts, n_jobs=2)  # the layer is held: counted from it


# --------------------------------------------------------------------------- term_frequencies
def _former_frequencies(turns: pd.DataFrame, *, by=None, docs="transcript_id", tokens: TokenOptions | None = None,
                        min_count: int = 1, top: int | None = None, ties: str = "first") -> pd.DataFrame:
    """term_frequencies' table as the former code made it (pandas sorts, groupby ranks, concat)."""
    opts = tokens or TokenOptions()
    cols = _base.by_list(by)
    frame = _base.with_date_buckets(turns, cols, caller="test")
    counted = count_rows(frame, opts)
    gcodes, keys = group_codes(frame, cols)
    n_groups = len(keys)
    g = indicator(gcodes, n_groups)
    counts = (g @ counted.matrix).tocsr()
    counts.sum_duplicates()
    words = g @ counted.n_words
    doc_codes = np.arange(len(frame)) if docs is None else \
        frame.groupby(docs, sort=True, dropna=False).ngroup().to_numpy()
    pair = pd.factorize(pd.Series(gcodes.astype(np.int64) * (doc_codes.max() + 1) + doc_codes))[0]
    pair_groups = np.zeros(pair.max() + 1, dtype=np.int64)
    pair_groups[pair] = gcodes
    by_pair = indicator(pair, pair.max() + 1) @ counted.matrix
    by_pair.data[:] = 1
    doc_freq = (indicator(pair_groups, n_groups) @ by_pair).tocsr()
    doc_freq.sum_duplicates()
    n_docs = np.bincount(pair_groups, minlength=n_groups)
    counts = counts.tocoo()
    out = pd.DataFrame({"_g": counts.row, "term": counted.vocabulary[counts.col],
                        "count": counts.data.astype(np.int64)})
    out["doc_freq"] = np.asarray(doc_freq[counts.row, counts.col]).ravel().astype(np.int64)
    out["n_words"] = np.asarray(words, dtype=np.int64)[counts.row]
    out["n_docs"] = n_docs[counts.row].astype(np.int64)
    out = out[out["count"] >= min_count]
    out["per_1000"] = 1000.0 * out["count"] / out["n_words"]
    out["doc_share"] = out["doc_freq"] / out["n_docs"]
    out = out.sort_values(["_g", "count", "term"], ascending=[True, False, True], ignore_index=True)
    if ties == "first":
        out["rank"] = out.groupby("_g").cumcount() + 1
    else:
        ranks = out.groupby("_g")["count"].rank(method=ties, ascending=False)
        out["rank"] = ranks if ties == "average" else ranks.astype(np.int64)
    if top is not None:
        out = out[out["rank"] <= top]
    if cols:
        out = pd.concat([keys.iloc[out["_g"].to_numpy()].reset_index(drop=True), out.reset_index(drop=True)], axis=1)
    return out[[*cols, *_FREQ_COLUMNS]].reset_index(drop=True)


CASES = [
    {}, {"by": "transcript_id"}, {"by": "role"}, {"by": ["role", "transcript_id"], "docs": None},
    {"by": "month"}, {"by": "role", "min_count": 2}, {"by": "role", "min_count": 10_000},
    *({"by": "role", "ties": t, "top": 3} for t in ("first", "min", "max", "dense", "average")),
    {"by": "transcript_id", "ties": "dense"}, {"ties": "average", "min_count": 2},
]


@pytest.mark.parametrize("case", CASES)
def test_frequencies_equal_former_table_on_small_texts(case):
    frame = _frame(TEXTS + TEXTS[::-1])
    for opts in OPTIONS:
        pd.testing.assert_frame_equal(tm.term_frequencies(frame, tokens=opts, **case),
                                      _former_frequencies(frame, tokens=opts, **case), check_exact=True)


@pytest.mark.parametrize("case", CASES[:6] + CASES[7:12])
def test_frequencies_equal_former_table_on_bundled_corpus(bundled, case):
    pd.testing.assert_frame_equal(tm.term_frequencies(bundled, **case), _former_frequencies(bundled, **case),
                                  check_exact=True)


@pytest.mark.parametrize("case,n_jobs", [(CASES[i], 1) for i in (0, 1, 3, 4, 5, 6, 9, 11)] + [(CASES[1], -1)])
def test_frequencies_counted_apart_equal_plain_path(monkeypatch, case, n_jobs):
    frame = _frame(TEXTS + ZH[:2] + TEXTS[::-1])
    english = frame[~frame["text"].isin(ZH)].reset_index(drop=True)
    plain = {(i, k): tm.term_frequencies(f, tokens=o, **case)
             for i, o in enumerate(OPTIONS) for k, f in (("en", english), ("zh", frame))}
    monkeypatch.setattr(_base, "words_apart", lambda texts, **_: True)
    monkeypatch.setattr(_base, "count_words_apart", partial(count_words_apart, n_jobs=n_jobs))
    for i, opts in enumerate(OPTIONS):
        for k, f in (("en", english), ("zh", frame)):
            pd.testing.assert_frame_equal(tm.term_frequencies(f, tokens=opts, **case), plain[i, k], check_exact=True)


def test_frequencies_of_turns_in_any_order(bundled):
    shuffled = bundled.sample(frac=1.0, random_state=3).reset_index(drop=True)
    for case in ({"by": "transcript_id"}, {"by": "transcript_id", "docs": None}, {"by": "role"}):
        pd.testing.assert_frame_equal(tm.term_frequencies(shuffled, **case), _former_frequencies(shuffled, **case),
                                      check_exact=True)


def test_sum_rows_equal_indicator_product():
    rng = np.random.default_rng(5)
    matrix = sp.random(9, 7, density=0.4, format="csr", random_state=rng, dtype=np.float64)
    matrix.data = np.ceil(matrix.data * 5).astype(np.int64)
    matrix = matrix.astype(np.int64)
    for codes, n_groups in ((np.arange(9), 9), (rng.permutation(9), 9), (np.array([0, 2, 1, 0, 2, 2, 1, 0, 3]), 4)):
        want = (indicator(codes, n_groups) @ matrix).tocsr()
        want.sum_duplicates()
        got = sum_rows(codes, n_groups, matrix)
        assert got.has_canonical_format and got.shape == want.shape
        for name in ("data", "indices", "indptr"):
            assert np.array_equal(getattr(got, name), getattr(want, name)), name
