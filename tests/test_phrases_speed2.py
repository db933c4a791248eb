"""The token table's chunk tokenizer (letter-only chunks taken whole, the others found with
one ``findall``, offsets from the tokens' lengths) gives exactly the tokens and spans of
:func:`analysis.text.token_spans`, chunk by chunk and text by text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis.tokens as tokens_mod
from analysis.text import token_spans

#: Chunks that stress every alternative of the token pattern: abbreviations, numbers,
#: clitics after a split, n't, hyphens and apostrophes inside words, punctuation runs,
#: letters of other scripts and combining marks, a digit-only chunk, underscores.
CHUNKS = ["Peace", "peace,", "U.S.", "U.S.-led", "a.m.", "96.71", "255,000", "3.5%", "10:30", "82%", "18th",
          "don't", "won’t", "can't", "Party's", "Parties’", "'s", "n't", "I'm", "they'd", "O'Brien",
          "self-governance", "--", "...", "(Really.)", '"Quoted."', "Mr.", "naïve", "café", "Ελλάδα",
          "Москва", "e\u0301te\u0301", "2024", "snake_case", "x", "!", "’", "'", "-", "ab-", "-ab", "co-op's",
          "ﬁne", "Ⅻ", "²", "A.B", "A.B.C.", "U.N.'s", "it's.", "hello!!", "((x))"]


def _reference(uniq: list[str]) -> tuple[list[int], list[int], list[int], list[str]]:
    owner, rel, length, strings = [], [], [], []
    for u, chunk in enumerate(uniq):
        for a, b in token_spans(chunk):
            owner.append(u)
            rel.append(a)
            length.append(b - a)
            strings.append(chunk[a:b])
    return owner, rel, length, strings


@pytest.mark.parametrize("chunks", [CHUNKS, CHUNKS[::-1], ["Peace"], ["--"], ["peace", "order"], ["a,", "b."]])
def test_chunk_tokens_equal_the_pattern_chunk_by_chunk(chunks):
    uniq = np.array(chunks, dtype=object)
    u_len = np.fromiter(map(len, chunks), dtype=np.int64, count=len(chunks))
    owner, rel, length, strings = tokens_mod._chunk_tokens(uniq, u_len)
    want = _reference(chunks)
    assert owner.tolist() == want[0]
    assert rel.tolist() == want[1]
    assert length.tolist() == want[2]
    assert strings.tolist() == want[3]
    # no character lost: the tokens of each chunk tile it
    assert np.bincount(owner, weights=length, minlength=len(chunks)).astype(np.int64).tolist() == u_len.tolist()


def _texts(seed: int, n: int) -> list[str]:
    rng = np.random.default_rng(seed)
    spaces = [" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u3000", " \r\n"]
    out = []
    for _ in range(n):
        k = int(rng.integers(0, 30))
        words = rng.choice(np.array(CHUNKS, dtype=object), size=k)
        gaps = rng.choice(np.array(spaces, dtype=object), size=k)
        out.append("".join(w + g for w, g in zip(words.tolist(), gaps.tolist())).strip(" "))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_token_table_equals_token_spans_of_each_text(seed):
    texts = _texts(seed, 60) + ["", "   ", "Peace."]
    table = tokens_mod._build(texts)
    n_tokens = 0
    for t, text in enumerate(texts):
        a = int(table.text_end[t - 1]) if t else 0
        b = int(table.text_end[t])
        spans = token_spans(text)
        assert list(zip(table.start[a:b].tolist(), table.end[a:b].tolist())) == spans
        assert [table.types[i] for i in table.tid[a:b].tolist()] == [text[x:y] for x, y in spans]
        assert table.text[a:b].tolist() == [t] * (b - a)
        n_tokens += len(spans)
    assert len(table.tid) == n_tokens
    # types numbered by first occurrence over the distinct chunks, as pandas.factorize numbers them
    assert len(set(table.types)) == len(table.types)


def test_token_table_is_deterministic_and_independent_of_text_order():
    texts = _texts(3, 40)
    one, two = tokens_mod._build(texts), tokens_mod._build(texts)
    assert one.types == two.types
    for col in ("tid", "text", "start", "end", "text_end"):
        assert np.array_equal(getattr(one, col), getattr(two, col))
    rev = tokens_mod._build(texts[::-1])
    got = [[rev.types[i] for i in rev.tid[(int(rev.text_end[t - 1]) if t else 0):int(rev.text_end[t])]]
           for t in range(len(texts))][::-1]
    want = [[one.types[i] for i in one.tid[(int(one.text_end[t - 1]) if t else 0):int(one.text_end[t])]]
            for t in range(len(texts))]
    assert got == want


def test_word_counts_of_the_table_on_a_hand_counted_text():
    table = tokens_mod._build(["The U.S.-led talks: don't stop, Party's 3.5% rise!", "naïve café"])
    words = table.words()
    assert words.lists() == [["the", "u.s.", "led", "talks", "do", "stop", "party", "3.5%", "rise"],
                             ["naïve", "café"]]
    assert words.n_words.tolist() == [9, 2]
    assert pd.Series([table.types[i] for i in table.tid]).tolist()[:6] == ["The", "U.S.", "-", "led", "talks", ":"]


def test_npmi_pmi_and_t_score_equal_the_per_bigram_formulas_bit_for_bit():
    """The measures taken once per distinct count equal NLTK's PMI and t-score and the
    per-bigram NPMI formula, value for value (repeated counts, a count of 0, a count of N)."""
    import math

    from nltk.metrics.association import BigramAssocMeasures as B

    from analysis.phrases.association import score_bigrams

    rng = np.random.default_rng(0)
    total = 5000
    n_ix = rng.integers(1, 400, 3000)
    n_xi = rng.integers(1, 400, 3000)
    n_ii = np.minimum(rng.integers(0, 40, 3000), np.minimum(n_ix, n_xi))
    n_ii[:5] = 0
    got = score_bigrams(n_ii, n_ix, n_xi, total, ("pmi", "npmi", "t_score"))
    for k, (a, b, c) in enumerate(zip(n_ii.tolist(), n_ix.tolist(), n_xi.tolist())):
        a = float(a)
        assert got["t_score"][k] == B.student_t(a, (b, c), total)
        if a == 0:
            assert got["pmi"][k] == -np.inf and got["npmi"][k] == -1.0
            continue
        pmi = B.pmi(a, (b, c), total)
        assert got["pmi"][k] == pmi
        assert got["npmi"][k] == pmi / (-math.log2(a / total))
    edge = score_bigrams(np.array([10]), np.array([10]), np.array([10]), 10, ("npmi",))
    assert edge["npmi"].tolist() == [1.0]


@pytest.mark.parametrize("lowercase,expand", [(True, False), (False, True)])
def test_stream_keyed_by_digests_is_stored_read_back_and_equal(monkeypatch, tmp_path, lowercase, expand):
    """build_stream hands its text digests to the layer (runs and cache keys made from them):
    the stream built without a cache, built into a cache on two processes and read back from
    it are the same, and the cache holds one surface entry per run."""
    from phrase_streams import assert_same_stream

    import analysis.phrases._stream as stream_mod

    texts = [f"We firmly oppose it, number {i}. I'm sure they'd agree! The U.S.-led talks go on." for i in range(40)]
    texts += ["中国 的 立场 是 一贯 的。我们 注意 到 有关 报道。", "", "Peace."]
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 256)
    monkeypatch.setattr(tokens_mod, "PARALLEL_CHARS", 0)
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    want = stream_mod._layered_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False)
    digests = stream_mod.text_digests(texts)
    plain = stream_mod._build_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False,
                                     digests=digests)
    assert_same_stream(plain, want)
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    for _ in range(2):  # written, then read
        got = stream_mod._build_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False,
                                       digests=digests)
        assert_same_stream(got, want)
    entries = list((tmp_path / "phrase_surface").rglob("*.arrow"))
    # the runs as the layer makes them: their boundaries follow the texts' keys, which hash the source too
    runs, keys = tokens_mod._layer_runs(texts, name="phrase-surface", modules=stream_mod._SURFACE_MODULES,
                                        text_salt=tokens_mod._text_salt(),
                                        work=tokens_mod._work(texts), digests=digests)
    assert len(runs) > 1 and len(entries) == len(set(keys)) == len(runs)
