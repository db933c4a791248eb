"""The fast paths of the phrase code give exactly what the plain paths give, on small
hand-written texts: the stream from its surface (tokens and sentences found run by run, in
worker processes, stored on disk and read back) against the stream from the token table and
the sentence layer."""

from __future__ import annotations

import numpy as np
import pytest
from phrase_streams import assert_same_stream

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

OPTIONS = [(True, False), (True, True), (False, False), (False, True)]


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
    folder = tmp_path / "phrase_surface"
    assert list(folder.rglob("*.arrow")) and list(folder.rglob("*.parquet"))  # columns and types
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
    folder = tmp_path / "phrase_surface"
    entries = sorted([*folder.rglob("*.parquet"), *folder.rglob("*.arrow")])
    assert len(entries) == 2  # the run's columns and its types
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-40])
    with pytest.warns(Warning):
        surface = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    got = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=False)
    assert_same_stream(got, _plain(texts, True, False))


def test_the_splitter_is_made_only_for_runs_to_build(monkeypatch, tmp_path):
    """With every run of the surface in the cache, the sentence splitter (and NLTK behind it)
    is not made; a run missing from the cache makes it, once, before the build."""
    texts = TEXTS * 2
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 64)
    built = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    made = []
    real = stream_mod.sentence_spans
    monkeypatch.setattr(stream_mod, "sentence_spans", lambda text, **kw: made.append(text) or real(text, **kw))
    read = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    assert made == []
    for surface in (built, read):
        got = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=False)
        assert_same_stream(got, _plain(texts, True, False))
    stream_mod.stream_surface(texts + ["A new text. Not stored yet."], n_jobs=1, cache=tmp_path)
    assert made == [""]
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    stream_mod.stream_surface(texts, n_jobs=1)  # no cache: made before any worker
    assert made == ["", ""]


def test_punctuation_types_equal_the_pattern_on_each_type():
    types = [".", "a", "_", " ", "\u2014", "...", "\u2019", "\u4e2d", "5", "\u00b2", "ab", "", "'s", "!", "\u00a0",
             "\u0301", "%", "\u00bd", "--", "$", "\u3002"]
    want = [stream_mod._PUNCT.match(t) is not None for t in types]
    assert stream_mod._punct_types(types).tolist() == want
    assert sum(want) == 8  # . \u2014 \u2019 ! \u0301 % $ \u3002
    assert stream_mod._punct_types([]).tolist() == []


# --------------------------------------------------------------------------- association measures
def _nltk_bigram_values():
    """Bigram marginals with edge cases: zero counts, a word filling the corpus, windows."""
    rng = np.random.default_rng(7)
    total = 100_000
    x = rng.integers(1, 5_000, 400)
    y = rng.integers(1, 5_000, 400)
    a = np.minimum(rng.integers(1, 300, 400), np.minimum(x, y)).astype(float) / rng.choice([1.0, 2.0, 3.0], 400)
    x[:6] = [1, 2, total, 5, 1, 3]
    y[:6] = [1, total, total, 5, 1, 0]
    a[:6] = [1.0, 2.0, float(total), 5.0, 0.0, 0.0]
    return a.tolist(), x.tolist(), y.tolist(), total


@pytest.mark.parametrize("name", ["pmi", "llr", "t_score", "dice", "raw_freq"])
def test_written_out_bigram_measures_equal_nltk_bit_for_bit(name):
    from nltk.metrics.association import BigramAssocMeasures

    from analysis.phrases import association as assoc

    a, x, y, total = _nltk_bigram_values()
    want = assoc._nltk_each(getattr(BigramAssocMeasures, assoc._NLTK_BIGRAM[name]),
                            [(p, (q, r), total) for p, q, r in zip(a, x, y)])
    each = assoc._direct_each(assoc._BIGRAM_DIRECT[name], a, x, y, total)
    columns = assoc._bigram_columns({name}, a, x, y, total)[name]
    for got in (each, columns):
        np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
        ok = ~np.isnan(want)
        assert np.array_equal(got[ok].view(np.int64), want[ok].view(np.int64))


def test_bigram_columns_decline_integers_past_2_53():
    from analysis.phrases import association as assoc

    assert assoc._bigram_columns({"pmi"}, [1.0], [2**30], [2**30], 2**40) is None


@pytest.mark.parametrize("options", [dict(), dict(n=2, min_count=1, stop_rule="none"),
                                     dict(n=3, min_count=1, measures="all"),
                                     dict(window=3, min_count=1, measures="all"), dict(min_count=1, word="we")])
def test_collocations_equal_the_nltk_scored_frame(monkeypatch, options):
    """collocations() with the written-out measures equals the frame scored by NLTK's own
    functions one bigram at a time."""
    import pandas as pd

    from analysis.phrases import association as assoc
    from analysis.phrases import collocations

    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    turns = pd.DataFrame({"text": TEXTS * 3})
    got = collocations(turns, **options)
    monkeypatch.setattr(assoc, "_BIGRAM_DIRECT", {})
    monkeypatch.setattr(assoc, "_bigram_columns", lambda *args: None)
    pd.testing.assert_frame_equal(got, collocations(turns, **options), check_exact=True)


def test_joined_columns_equal_phrase_text_of_each_row():
    from analysis.phrases.collocations import _joined

    vocab = np.array(["the", "party", "'s", "n't", "do", "work"], dtype=object)
    toks = np.array([[0, 1, 2], [1, 2, 5], [4, 3, 5], [2, 3, 1], [3, 2, 2]])
    for k in (2, 3):
        got = _joined(vocab, toks[:, :k], clitics=True).tolist()
        assert got == [stream_mod.phrase_text(vocab[row].tolist()) for row in toks[:, :k]]
        assert _joined(vocab, toks[:, :k], clitics=False).tolist() == [" ".join(vocab[row]) for row in toks[:, :k]]


@pytest.mark.parametrize("compiled", [True, False])
def test_by_first_occurrence_equals_factorize(compiled):
    import pandas as pd

    from analysis.phrases._kernels import by_first_occurrence

    rng = np.random.default_rng(3)
    for codes in (rng.integers(0, 50, 1000).astype(np.int32), np.zeros(0, np.int32), np.array([4, 4, 0, 9, 0])):
        got, old = by_first_occurrence(codes, 60, compiled=compiled)
        want, uniq = pd.factorize(codes, sort=False)
        assert got.dtype == np.int32
        np.testing.assert_array_equal(got, want)
        np.testing.assert_array_equal(old, np.asarray(uniq, dtype=np.int64))


def test_phrase_table_counts_equal_the_hashed_counts(monkeypatch):
    """n_turns and n_transcripts by one ordered pass equal those counted by hashing pairs,
    with turns of a transcript apart (the pass falls back) and together."""
    import pandas as pd

    from analysis.phrases import _kernels, recurring_phrases

    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    ids = ["a", "b", "a", "c", "b", "a"] * 5
    turns = pd.DataFrame({"transcript_id": ids, "text": (TEXTS[:6] * 5)})
    for frame in (turns, turns.sort_values("transcript_id", kind="stable")):
        got = recurring_phrases(frame, min_count=2, stop_rule="none")
        monkeypatch.setattr(_kernels, "HAVE_NUMBA", False)
        want = recurring_phrases(frame, min_count=2, stop_rule="none")
        monkeypatch.setattr(_kernels, "HAVE_NUMBA", True)
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_surface_in_pieces_equals_one_piece(monkeypatch):
    monkeypatch.setattr(stream_mod, "_PIECE_CHARS", 40)
    texts = TEXTS * 2
    pieces = stream_mod.surface_of(texts)
    monkeypatch.setattr(stream_mod, "_PIECE_CHARS", 1 << 30)
    whole = stream_mod.surface_of(texts)
    assert pieces.types == whole.types and pieces.n_texts == whole.n_texts
    for name in ("tid", "text", "start", "flags"):
        np.testing.assert_array_equal(getattr(pieces, name), getattr(whole, name))


def test_a_surface_entry_without_its_types_is_rebuilt(tmp_path):
    import pyarrow.parquet as pq

    texts = TEXTS[:4]
    stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    types_entry = [p for p in (tmp_path / "phrase_surface").rglob("*.parquet")
                   if pq.read_schema(p).names == ["value"]]
    assert len(types_entry) == 1
    types_entry[0].unlink()
    with pytest.warns(Warning):
        surface = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    got = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=False)
    assert_same_stream(got, _plain(texts, True, False))


def test_a_surface_entry_keeps_tokens_per_text_and_checks_them(tmp_path):
    """The stored surface holds the number of tokens of each text, not a text per token; an
    entry whose numbers do not add up to its tokens is rebuilt."""
    import base64

    import pyarrow as pa

    from analysis.cache import _write_plain_table

    texts = TEXTS[:4]
    built = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    entry = list((tmp_path / "phrase_surface").rglob("*.arrow"))
    assert len(entry) == 1
    with pa.OSFile(str(entry[0])) as source:
        table = pa.ipc.open_file(source).read_all()
    assert table.column_names == ["tid", "start", "flags"]  # no text per token
    meta = table.schema.metadata
    per_text = np.frombuffer(base64.b64decode(meta[b"text_tokens"]), dtype="<i4")
    assert per_text.tolist() == np.bincount(built.text, minlength=len(texts)).tolist()
    key = meta[b"analysis-key"].decode() if b"analysis-key" in meta else None
    assert key is not None
    wrong = per_text.copy()
    wrong[0] += 1
    bad = {k: v for k, v in meta.items() if not k.startswith(b"analysis-")}
    bad[b"text_tokens"] = base64.b64encode(wrong.tobytes())
    assert _write_plain_table(key, table.replace_schema_metadata(bad), kind="phrase_surface", cache=tmp_path,
                              suffix=".arrow")
    with pytest.warns(Warning):
        surface = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    got = stream_mod._stream_of_surface(surface, texts, lowercase=True, expand_contractions=False)
    assert_same_stream(got, _plain(texts, True, False))
