"""The fast paths of the phrase code give exactly what the plain paths give, on small
hand-written texts: the stream from its surface (tokens and sentences found run by run, in
worker processes, stored on disk and read back) against the stream from the token table and
the sentence layer."""

from __future__ import annotations

import numpy as np
import pytest

import analysis.phrases._stream as stream_mod
import analysis.tokens as tokens_mod

TEXTS = [
    "We can't and won’t. Sha n't we? I'm sure they'd agree, and we've said it.",
    "",
    "CAN'T STOP. Ca n't. The U.S. and China’s ties!",
    "The Party's work goes on.\n\nA new paragraph: we firmly oppose it.",
    "Zebra quartz. Only here. (Really.) \"Quoted.\" Mr. Smith... arrived!!",
    "We firmly oppose it. I'm a Party member.",
    "中国 的 立场 是 一贯 的。我们 注意 到 有关 报道。",
    "   ",
    "Ca\n\nn't stop -- won't stop; 3.5% of U.N. members' votes, 10:30 a.m.",
    "It’s the Parties’ view. The party 's view.",
]

FIELDS = ("ids", "seg_end", "row", "row_start", "vocab", "char_start", "char_end", "plain_form", "plain_gap")
OPTIONS = [(True, False), (True, True), (False, False), (False, True)]


def assert_same_stream(got, want):
    for name in FIELDS:
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    assert got.n_sentences == want.n_sentences
    assert got.index == want.index
    assert (got.lowercase, got.expand_contractions) == (want.lowercase, want.expand_contractions)


def _plain(texts, lowercase, expand):
    return stream_mod._layered_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False)


@pytest.mark.parametrize("lowercase,expand", OPTIONS)
@pytest.mark.parametrize("texts", [TEXTS, TEXTS[::-1], TEXTS[1:2], [], TEXTS[6:7], TEXTS * 3])
def test_stream_from_surface_equals_the_layered_stream(monkeypatch, lowercase, expand, texts):
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    got = stream_mod._build_stream(texts, lowercase=lowercase, expand_contractions=expand, progress=False)
    assert_same_stream(got, _plain(texts, lowercase, expand))


@pytest.mark.parametrize("lowercase,expand", OPTIONS)
def test_surface_built_in_runs_on_workers_stored_and_read_back(monkeypatch, tmp_path, lowercase, expand):
    """Many small runs (each text nearly its own run), built on two processes, written to
    the cache and read back: the same stream each time."""
    texts = TEXTS * 4
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 64)
    monkeypatch.setattr(tokens_mod, "PARALLEL_CHARS", 0)
    want = _plain(texts, lowercase, expand)
    built = stream_mod.stream_surface(texts, n_jobs=2, cache=tmp_path)
    assert list((tmp_path / "phrase_surface").rglob("*.parquet"))
    read = stream_mod.stream_surface(texts, n_jobs=2, cache=tmp_path)
    for surface in (built, read):
        got = stream_mod._stream_of_surface(surface, texts, lowercase=lowercase, expand_contractions=expand)
        assert_same_stream(got, want)


def test_surface_without_cache_in_runs(monkeypatch):
    texts = TEXTS * 5
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 32)
    surface = stream_mod.stream_surface(texts, n_jobs=1)
    got = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=True)
    assert_same_stream(got, _plain(texts, True, True))


def test_a_damaged_surface_entry_is_rebuilt(monkeypatch, tmp_path):
    texts = TEXTS[:4]
    stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    (entry,) = list((tmp_path / "phrase_surface").rglob("*.parquet"))
    entry.write_bytes(entry.read_bytes()[:-40])
    with pytest.warns(Warning):
        surface = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    got = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=False)
    assert_same_stream(got, _plain(texts, True, False))
