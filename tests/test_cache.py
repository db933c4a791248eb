"""On-disk cache: hits, misses, invalidation of one entry per changed input, no pickle."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis.cache as cache_mod
import analysis.loader as corpus_mod  # load_corpus calls parse_text from the loader
import analysis.text as text_mod
import analysis.tokens as tokens_mod
from analysis._memo import Memo
from analysis.cache import CacheWarning, cache_dir, cache_entries, content_key, read_strings, write_strings
from analysis.corpus import load_corpus
from analysis.text import tokenize_texts

MINI = Path(__file__).resolve().parent / "data" / "mini"


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """Each test starts with empty in-memory token memos and no cache variable."""
    monkeypatch.setattr(text_mod, "_STREAM_CACHE", Memo(size=8))
    monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _forget():
    """Empty the in-memory memos (as a new kernel would have them), keeping the disk cache."""
    text_mod._STREAM_CACHE.clear()
    tokens_mod._MEMO.clear()


def _no_tokenizing(monkeypatch):
    def boom(texts):  # pragma: no cover - called only if the cache misses
        raise AssertionError("tokenized although the entry is cached")
    monkeypatch.setattr(tokens_mod, "_build", boom)


class TestKeys:
    def test_content_key(self):
        assert content_key("a", "b") == content_key("a", "b")
        assert content_key("a", "b") != content_key("ab")  # parts are length-prefixed
        assert content_key("a", b"b") == content_key("a", "b")
        assert len(content_key("x")) == 32

    @pytest.mark.parametrize("value, expected", [(False, None), (True, Path(".cache")), ("here", Path("here"))])
    def test_cache_dir(self, value, expected):
        assert cache_dir(value) == expected

    def test_cache_dir_from_environment(self, monkeypatch, tmp_path):
        assert cache_dir(None) is None
        monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path))
        assert cache_dir(None) == tmp_path
        assert cache_dir(False) is None

    def test_strings_round_trip(self, tmp_path):
        key = content_key("k")
        assert read_strings(key, kind="t", cache=tmp_path) is None
        write_strings(key, ["b", "a", "b", "é"], kind="t", cache=tmp_path)
        assert read_strings(key, kind="t", cache=tmp_path) == ["b", "a", "b", "é"]
        write_strings(content_key("empty"), [], kind="t", cache=tmp_path)
        assert read_strings(content_key("empty"), kind="t", cache=tmp_path) == []


class TestTokenCache:
    TEXTS = ["The Party's work goes on.", "We don't rest, we work!", "U.S. trade, 3.5% growth.", "", "Peace."]

    def test_hit_equals_fresh_and_does_not_tokenize(self, tmp_path, monkeypatch):
        fresh = tokenize_texts(self.TEXTS, cache=False)
        _forget()
        first = tokenize_texts(self.TEXTS, cache=tmp_path)
        assert first == fresh and cache_entries(tmp_path, kind="tokens")
        _forget()
        _no_tokenizing(monkeypatch)
        assert tokenize_texts(self.TEXTS, cache=tmp_path) == fresh

    @pytest.mark.parametrize("options", [dict(lowercase=False), dict(words_only=False), dict(lemmas=True)])
    def test_one_entry_serves_every_option(self, tmp_path, monkeypatch, options):
        tokenize_texts(self.TEXTS, cache=tmp_path)
        _forget()
        expected = tokenize_texts(self.TEXTS, cache=False, **options)
        _forget()
        _no_tokenizing(monkeypatch)  # the options are views of the one cached table
        assert tokenize_texts(self.TEXTS, cache=tmp_path, **options) == expected
        assert len(cache_entries(tmp_path, kind="tokens")) == 1

    def test_changed_text_invalidates_only_its_entry(self, tmp_path, monkeypatch):
        monkeypatch.setattr(tokens_mod, "RUN_BYTES", 1)  # every text ends its own run
        texts = [f"Text number {i} says peace and {'trade ' * i}" for i in range(20)]
        tokenize_texts(texts, cache=tmp_path)
        before = {p: p.stat().st_mtime_ns for p in cache_entries(tmp_path, kind="tokens")}
        assert len(before) == 20
        changed = list(texts)
        changed[7] = "A changed text."
        built = []
        real = tokens_mod._build
        monkeypatch.setattr(tokens_mod, "_build", lambda t: built.append(list(t)) or real(t))
        _forget()
        got = tokenize_texts(changed, cache=tmp_path)
        assert built == [["A changed text."]]  # the run of the changed text only
        assert got[7] == ["a", "changed", "text"] and got[:7] + got[8:] == tokenize_texts(texts[:7] + texts[8:])
        after = cache_entries(tmp_path, kind="tokens")
        assert len(after) == 21 and all(p.stat().st_mtime_ns == t for p, t in before.items())

    def test_short_texts_share_entries(self, tmp_path):
        tokenize_texts([f"turn {i}" for i in range(500)], cache=tmp_path)
        assert 1 <= len(cache_entries(tmp_path, kind="tokens")) < 10

    def test_environment_variable_turns_it_on(self, tmp_path, monkeypatch):
        monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "c"))
        tokenize_texts(self.TEXTS)
        assert cache_entries(tmp_path / "c", kind="tokens")

    def test_damaged_entry_is_a_miss(self, tmp_path):
        expected = tokenize_texts(self.TEXTS, cache=tmp_path)
        for p in cache_entries(tmp_path, kind="tokens"):
            p.write_bytes(b"not parquet")
        _forget()
        with pytest.warns(CacheWarning, match="cannot be read"):
            assert tokenize_texts(self.TEXTS, cache=tmp_path) == expected

    def test_entry_of_other_texts_is_a_miss(self, tmp_path):
        """An entry whose text count differs from its run's (copied over another key) is rebuilt."""
        expected = tokenize_texts(self.TEXTS, cache=tmp_path)
        (entry,) = cache_entries(tmp_path, kind="tokens")
        _forget()
        tokenize_texts(["Another text entirely."], cache=tmp_path / "other")
        (other,) = cache_entries(tmp_path / "other", kind="tokens")
        entry.write_bytes(other.read_bytes())
        _forget()
        with pytest.warns(CacheWarning, match="is not the entry of its key"):
            assert tokenize_texts(self.TEXTS, cache=tmp_path) == expected


def _load(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kwargs)


class TestCorpusCache:
    @pytest.fixture(autouse=True)
    def one_file_a_page_entry(self, monkeypatch):
        """Every file a run of its own (its own page entry), as these tests count entries."""
        monkeypatch.setattr(cache_mod, "PACK_FILES", 1)

    def test_cached_corpus_equals_fresh(self, corpus_dir, tmp_path):
        fresh = _load(corpus_dir)
        _load(corpus_dir, cache=tmp_path / "c")
        cached = _load(corpus_dir, cache=tmp_path / "c")
        assert cached.transcripts == fresh.transcripts
        for method in ("turns", "paragraphs", "notes", "summary", "boilerplate"):
            pd.testing.assert_frame_equal(getattr(cached, method)(), getattr(fresh, method)())

    def test_bundled_corpus_round_trips(self, tmp_path):
        data = Path(__file__).resolve().parents[1] / "data" / "transcripts" / "seeds"
        fresh = _load(data)
        _load(data, cache=tmp_path)
        assert _load(data, cache=tmp_path).transcripts == fresh.transcripts

    def test_one_entry_per_text_file_and_hits_do_not_parse(self, corpus_dir, tmp_path, monkeypatch):
        _load(corpus_dir, cache=tmp_path)
        n_text = len(list(corpus_dir.glob("*.txt")))
        assert len(cache_entries(tmp_path, kind="pages")) == n_text
        calls = []
        real = corpus_mod.parse_text
        monkeypatch.setattr(corpus_mod, "parse_text", lambda *a, **k: calls.append(k["path"]) or real(*a, **k))
        _load(corpus_dir, cache=tmp_path)
        assert calls == []

    def test_changed_file_invalidates_only_its_entry(self, corpus_dir, tmp_path, monkeypatch):
        _load(corpus_dir, cache=tmp_path)
        before = set(cache_entries(tmp_path, kind="pages"))
        target = sorted(corpus_dir.glob("*.txt"))[0]
        target.write_text(target.read_text(encoding="utf-8") + "\nQ: One more question?\n", encoding="utf-8")
        calls = []
        real = corpus_mod.parse_text
        monkeypatch.setattr(corpus_mod, "parse_text", lambda *a, **k: calls.append(k["path"]) or real(*a, **k))
        cached = _load(corpus_dir, cache=tmp_path)
        assert calls == [str(target)]
        after = set(cache_entries(tmp_path, kind="pages"))
        assert before < after and len(after - before) == 1
        assert cached.transcripts == _load(corpus_dir).transcripts

    def test_options_are_part_of_the_key(self, corpus_dir, tmp_path):
        _load(corpus_dir, cache=tmp_path)
        plain = _load(corpus_dir, cache=tmp_path, format="plain")
        assert plain.transcripts == _load(corpus_dir, format="plain").transcripts
        assert len(cache_entries(tmp_path, kind="pages")) == 2 * len(list(corpus_dir.glob("*.txt")))

    def test_no_cache_writes_nothing(self, corpus_dir, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        _load(corpus_dir)
        _load(corpus_dir, cache=False)
        assert not (tmp_path / ".cache").exists()


class TestNoPickle:
    def test_entries_are_parquet_arrow_or_json(self, corpus_dir, tmp_path):
        _load(corpus_dir, cache=tmp_path / "c")
        tokenize_texts(["Some words here.", "And more."], cache=tmp_path / "c")
        entries = cache_entries(tmp_path / "c")
        assert entries
        for p in entries:
            data = p.read_bytes()
            if p.suffix == ".parquet":
                assert data[:4] == data[-4:] == b"PAR1"
            elif p.suffix == ".arrow":
                assert data[:6] == data[-6:] == b"ARROW1"
            else:
                assert p.suffix == ".json" and isinstance(json.loads(data.decode("utf-8")), dict)
            assert b"\x80\x04\x95" not in data[:3] and b"\x80\x05\x95" not in data[:3]

    def test_cache_module_never_unpickles(self):
        source = Path(cache_mod.__file__).read_text(encoding="utf-8")
        assert "import pickle" not in source and "allow_pickle=True" not in source
