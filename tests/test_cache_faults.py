"""Fault injection for the on-disk cache: every result equals the uncached one.

Each kind of entry (page JSON, token and sentence Parquet, string lists) is corrupted,
truncated, swapped with another key's entry and replaced by valid JSON or Parquet of the
wrong shape; the cache folder is made unusable (not a folder, read-only, full). Expected
every time: the result of the run equals the result without a cache, a bad entry gives a
:class:`~analysis.cache.CacheWarning` naming it and is rewritten, an unusable folder gives
one warning for the run, and no transcript is ever blamed for the cache.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis.cache as cache_mod
import analysis.loader as loader_mod
import analysis.sentences as sentences_mod
import analysis.text as text_mod
import analysis.tokens as tokens_mod
from analysis._memo import Memo
from analysis.cache import CacheWarning, cache_entries, cached_lists, content_key, read_strings, write_strings
from analysis.corpus import load_corpus
from analysis.sentences import sentence_table
from analysis.tokens import token_table

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"


@pytest.fixture(autouse=True)
def fresh_memory(monkeypatch):
    """Empty in-memory memos and no cache variable: every read goes to the disk cache."""
    monkeypatch.setattr(text_mod, "_STREAM_CACHE", Memo(size=8))
    monkeypatch.setattr(tokens_mod, "_MEMO", Memo(size=4))
    monkeypatch.setattr(sentences_mod, "_MEMO", Memo(size=4))
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _forget() -> None:
    tokens_mod._MEMO.clear()
    sentences_mod._MEMO.clear()
    text_mod._STREAM_CACHE.clear()


def _load(path, **kwargs):
    """Load, returning the corpus and the cache warnings raised (other warnings ignored)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **kwargs)
    return corpus, [w for w in caught if issubclass(w.category, CacheWarning)]


def _same_corpus(a, b) -> None:
    assert a.transcripts == b.transcripts
    for method in ("turns", "paragraphs", "notes", "boilerplate"):
        pd.testing.assert_frame_equal(getattr(a, method)(), getattr(b, method)())


def _recorded(fn, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    return out, [w for w in caught if issubclass(w.category, CacheWarning)]


# --------------------------------------------------------------------------- page entries
def _flip(data: bytes) -> bytes:
    i = len(data) * 2 // 3
    return data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1:]


def _edit(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data
    return data.replace(old, new, 1)


def _forge(entry: Path, edit) -> bytes:
    """The entry with its record edited by ``edit`` and a valid digest (as if a writer bug,
    not a damaged disk, had made it): only the shape and span checks can catch it."""
    key = entry.stem
    record = json.loads(entry.read_bytes())
    del record["digest"]
    edit(record)
    body = json.dumps(record, ensure_ascii=False).encode("utf-8")[1:]
    return cache_mod._PAGE_HEAD + cache_mod._page_digest(key, body) + cache_mod._PAGE_MID + body


def _set_speaker(r, value):
    r["turns"][0][1] = value


def _shift_spans(r):
    for t in r["turns"]:
        for p in t[4]:
            p[4] += 1
            p[5] += 1


def _edit_text(r):
    p = r["turns"][1][4][0]
    text = r["page"]["text"]
    if text is None:  # stored as the file's bytes: a forged entry stores an edited copy
        text = cache_mod._utf8(Path(r["page"]["path"]).read_bytes())
    r["page"]["text"] = text[:p[4]] + "X" + text[p[4] + 1:]


PAGE_FAULTS = {
    "flipped-byte": lambda e, other: _flip(e.read_bytes()),
    "truncated": lambda e, other: e.read_bytes()[: e.stat().st_size // 2],
    "empty-file": lambda e, other: b"",
    "swapped": lambda e, other: other.read_bytes(),
    "edited-speech": lambda e, other: _edit(e.read_bytes(), b" the ", b" THE "),
    "json-list": lambda e, other: b"[]",
    "json-null": lambda e, other: b"null",
    "json-object": lambda e, other: b"{}",
    "deeply-nested": lambda e, other: b"[" * 100_000 + b"]" * 100_000,
    "forged-integer-speaker": lambda e, other: _forge(e, lambda r: _set_speaker(r, 7)),
    "forged-null-speaker": lambda e, other: _forge(e, lambda r: _set_speaker(r, None)),
    "forged-empty-paragraphs": lambda e, other: _forge(e, lambda r: r["turns"][0].__setitem__(4, [])),
    "forged-no-turns": lambda e, other: _forge(e, lambda r: r.__setitem__("turns", [])),
    "forged-shifted-spans": lambda e, other: _forge(e, _shift_spans),
    "forged-edited-text": lambda e, other: _forge(e, _edit_text),
    "forged-other-file": lambda e, other: _forge(e, lambda r: r["page"].__setitem__("path", "elsewhere.txt")),
    "forged-nested-turn": lambda e, other: _forge(e, lambda r: r["turns"].__setitem__(0, [[[[]]]])),
}


class TestPageEntries:
    @pytest.fixture(autouse=True)
    def one_file_a_page_entry(self, monkeypatch):
        """Every file a run of its own (its own page entry), as these tests count entries."""
        monkeypatch.setattr(cache_mod, "PACK_FILES", 1)

    @pytest.mark.parametrize("fault", list(PAGE_FAULTS))
    def test_bad_page_entry_is_rebuilt(self, corpus_dir, tmp_path, monkeypatch, fault):
        """Expected: the result equals the uncached one; one warning names the bad entry; the
        entry is rewritten, so the next run reads it without a warning or a parse."""
        fresh, _ = _load(corpus_dir)
        cache = tmp_path / "cache"
        _load(corpus_dir, cache=cache)
        for p in cache_entries(cache, kind="loads"):  # the page entries are what a load then reads
            p.unlink()
        entries = cache_entries(cache, kind="pages")
        target, other = entries[0], entries[1]
        target.write_bytes(PAGE_FAULTS[fault](target, other))
        got, warned = _load(corpus_dir, cache=cache)
        _same_corpus(got, fresh)
        assert len(warned) == 1 and str(target) in str(warned[0].message)
        calls = []
        real = loader_mod.parse_text
        monkeypatch.setattr(loader_mod, "parse_text", lambda *a, **k: calls.append(k["path"]) or real(*a, **k))
        again, warned = _load(corpus_dir, cache=cache)
        _same_corpus(again, fresh)
        assert warned == [] and calls == []

    def test_every_entry_damaged_at_once(self, corpus_dir, tmp_path):
        """Expected: a cache whose every entry is damaged still gives the uncached corpus."""
        fresh, _ = _load(corpus_dir)
        _load(corpus_dir, cache=tmp_path)
        for p in cache_entries(tmp_path, kind="loads"):  # the page entries are what a load then reads
            p.unlink()
        entries = cache_entries(tmp_path, kind="pages")
        for p in entries:
            p.write_bytes(_flip(p.read_bytes()))
        got, warned = _load(corpus_dir, cache=tmp_path)
        _same_corpus(got, fresh)
        assert len(warned) == len(entries)

    def test_entries_are_json_with_a_leading_digest(self, corpus_dir, tmp_path):
        """Expected: an entry stays plain JSON (nothing that runs code), its digest first."""
        _load(corpus_dir, cache=tmp_path)
        for p in cache_entries(tmp_path, kind="pages"):
            data = p.read_bytes()
            assert data.startswith(b'{"digest": "') and isinstance(json.loads(data), dict)


# --------------------------------------------------------------------------- Parquet entries
TEXTS = [f"Text number {i} says peace, trade and {'growth ' * (i % 5)}. Mr. Qi spoke. Then Dr. Xu answered."
         for i in range(40)]


def _equal_tokens(a, b) -> None:
    assert a.types == b.types
    for name in ("tid", "text", "start", "end", "text_end"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def _equal_sentences(a, b) -> None:
    for name in ("text", "start", "end", "text_end"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def _null_table(path: Path) -> bytes:
    """The entry's own table with every value null, its key and digests kept."""
    table = pq.read_table(path)
    nulls = pa.table({name: pa.nulls(len(table), type=col.type) for name, col in zip(table.column_names,
                                                                                       table.columns)},
                     metadata=table.schema.metadata)
    sink = pa.BufferOutputStream()
    pq.write_table(nulls, sink)
    return sink.getvalue().to_pybytes()


def _some_nulls(path: Path) -> bytes:
    table = pq.read_table(path)
    col = table.column(table.column_names[-1]).combine_chunks()
    mask = np.zeros(len(col), dtype=bool)
    mask[::3] = True
    holed = pa.array(col.to_pylist(), type=col.type, mask=mask)
    sink = pa.BufferOutputStream()
    pq.write_table(table.set_column(table.num_columns - 1, table.column_names[-1], holed), sink)
    return sink.getvalue().to_pybytes()


def _no_columns(path: Path) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"x": pa.array([1, 2, 3])}, metadata=pq.read_table(path).schema.metadata), sink)
    return sink.getvalue().to_pybytes()


def _shifted(path: Path) -> bytes:
    table = pq.read_table(path)
    i = table.column_names.index("start")
    start = pa.array(table.column(i).to_numpy() + 1, type=table.column(i).type)
    sink = pa.BufferOutputStream()
    pq.write_table(table.set_column(i, "start", start).replace_schema_metadata(table.schema.metadata), sink)
    return sink.getvalue().to_pybytes()


def _changed(path: Path, original: pa.Table) -> bool:
    """The entry no longer reads back as the table it held (values or metadata)."""
    try:
        table = pq.read_table(path)
    except (OSError, pa.ArrowException):
        return True
    def meta(t):  # the digests are checked, not used: a flip there may leave an entry that reads right
        return {k: v for k, v in (t.schema.metadata or {}).items() if k == b"analysis-key" or not k.startswith(b"analysis-")}

    return not (table.equals(original) and meta(table) == meta(original))


def _flip_data(data: bytes) -> bytes:
    """One byte flipped in the first column chunk (just after the leading magic and page header)."""
    i = 4 + 40
    return data[:i] + bytes([data[i] ^ 0x10]) + data[i + 1:]


PARQUET_FAULTS = {
    "flipped-data-byte": lambda e, other: _flip_data(e.read_bytes()),
    "flipped-byte": lambda e, other: _flip(e.read_bytes()),
    "truncated": lambda e, other: e.read_bytes()[: e.stat().st_size // 2],
    "not-parquet": lambda e, other: b"not parquet at all",
    "swapped": lambda e, other: other.read_bytes(),
    "all-null": lambda e, other: _null_table(e),
    "some-nulls": lambda e, other: _some_nulls(e),
    "wrong-columns": lambda e, other: _no_columns(e),
    "shifted-offsets": lambda e, other: _shifted(e),
}


@pytest.fixture()
def small_runs(monkeypatch):
    """Several runs (entries) for a few texts, so one can be swapped for another."""
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 400)


class TestTokenAndSentenceEntries:
    @pytest.mark.parametrize("fault", list(PARQUET_FAULTS))
    @pytest.mark.parametrize("layer", ["tokens", "sentences"])
    def test_bad_parquet_entry_is_rebuilt(self, tmp_path, small_runs, monkeypatch, layer, fault):
        """Expected: the table equals the uncached one; a warning names the entry; the entry
        is rewritten, so the next run reads every entry and builds nothing."""
        make, same = (token_table, _equal_tokens) if layer == "tokens" else (sentence_table, _equal_sentences)
        fresh = make(TEXTS, cache=False)
        _forget()
        make(TEXTS, cache=tmp_path)
        entries = cache_entries(tmp_path, kind=layer)
        assert len(entries) >= 2
        target, other = entries[0], entries[1]
        original = pq.read_table(target)
        target.write_bytes(PARQUET_FAULTS[fault](target, other))
        changed = _changed(target, original)
        _forget()
        got, warned = _recorded(make, TEXTS, cache=tmp_path)
        same(got, fresh)
        if changed:  # a flip in footer statistics, padding or a digest's name changes nothing read
            assert len(warned) == 1 and str(target) in str(warned[0].message)
        else:
            assert len(warned) <= 1
        _forget()
        module = tokens_mod if layer == "tokens" else sentences_mod

        def boom(texts):  # pragma: no cover - only if an entry is missing or rejected
            raise AssertionError("built although every entry is cached")

        monkeypatch.setattr(module, "_build", boom)
        again, warned = _recorded(make, TEXTS, cache=tmp_path)
        same(again, fresh)
        assert warned == []

    def test_tokenize_texts_equals_uncached_with_a_bad_entry(self, tmp_path, small_runs):
        """Expected: the public token lists are the uncached ones whatever the damage."""
        expected = text_mod.tokenize_texts(TEXTS, cache=False)
        _forget()
        text_mod.tokenize_texts(TEXTS, cache=tmp_path)
        for p in cache_entries(tmp_path, kind="tokens"):
            p.write_bytes(_null_table(p))
        _forget()
        got, warned = _recorded(text_mod.tokenize_texts, TEXTS, cache=tmp_path)
        assert got == expected and warned

    def test_digest_does_not_depend_on_chunking_or_dictionary_order(self):
        """Expected: a table read back in other chunks, or with its dictionary rebuilt in
        another order (as a Parquet reader may), has the digest it was written with."""
        words = ["peace", "trade", "peace", "growth", "trade", "peace"]
        a = pa.table({"token": pa.array(words).dictionary_encode(), "text": pa.array([0, 0, 1, 1, 2, 2], pa.int32())})
        reordered = pa.DictionaryArray.from_arrays(pa.array([2, 1, 2, 0, 1, 2], pa.int32()),
                                                   pa.array(["growth", "trade", "peace"]))
        chunked = pa.table({"token": pa.chunked_array([reordered[:2], reordered[2:]]),
                            "text": pa.chunked_array([pa.array([0, 0, 1], pa.int32()), pa.array([1, 2, 2], pa.int32())])})
        assert cache_mod._table_digest("k", a) == cache_mod._table_digest("k", chunked)
        assert cache_mod._table_digest("k", a) != cache_mod._table_digest("other key", a)


class TestStringEntries:
    def test_bad_strings_entry_is_a_miss(self, tmp_path):
        key = content_key("k")
        write_strings(key, ["b", "a", "b"], kind="t", cache=tmp_path)
        (entry,) = cache_entries(tmp_path, kind="t")
        for fault in ("flipped-byte", "truncated", "all-null"):
            write_strings(key, ["b", "a", "b"], kind="t", cache=tmp_path)
            entry.write_bytes(PARQUET_FAULTS[fault](entry, entry))
            got, warned = _recorded(read_strings, key, kind="t", cache=tmp_path)
            assert got is None and len(warned) == 1, fault
        write_strings(key, ["b", "a", "b"], kind="t", cache=tmp_path)
        assert read_strings(key, kind="t", cache=tmp_path) == ["b", "a", "b"]

    @pytest.mark.parametrize("fault", ["flipped-byte", "truncated", "swapped", "all-null", "some-nulls",
                                       "wrong-columns"])
    def test_cached_lists_equal_the_computed_ones(self, tmp_path, monkeypatch, fault):
        monkeypatch.setattr(cache_mod, "RUN_BYTES", 60)
        texts = [f"text {i} " + "word " * (i % 7) for i in range(30)]
        expected = [t.split() for t in texts]
        assert cached_lists(texts, str.split, kind="lists", salt="s", cache=tmp_path) == expected
        entries = cache_entries(tmp_path, kind="lists")
        entries[0].write_bytes(PARQUET_FAULTS[fault](entries[0], entries[1]))
        got, warned = _recorded(cached_lists, texts, str.split, kind="lists", salt="s", cache=tmp_path)
        assert got == expected and len(warned) == 1
        got, warned = _recorded(cached_lists, texts, str.split, kind="lists", salt="s", cache=tmp_path)
        assert got == expected and warned == []


# --------------------------------------------------------------------------- the folder
def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


class TestUnusableFolder:
    """The cache is an optimisation: an unusable folder is one warning, never a failure, and
    never a transcript's fault."""

    def _check(self, corpus_dir, cache, fresh, n_warnings=1):
        got, warned = _load(corpus_dir, cache=cache, on_error="collect")
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)  # the load's warnings are the run's: none after it
            _same_corpus(got, fresh)
        assert list(got.problems) == []
        assert len(warned) == n_warnings
        return warned

    def test_cache_path_is_a_file(self, corpus_dir, tmp_path):
        fresh, _ = _load(corpus_dir)
        (tmp_path / "cache").write_text("not a folder")
        (w,) = self._check(corpus_dir, tmp_path / "cache", fresh)
        assert "is not a folder" in str(w.message)
        (tmp_path / "sub").write_text("a file where a folder should be")
        (w,) = self._check(corpus_dir, tmp_path / "sub" / "cache", fresh)
        assert "cannot be created" in str(w.message)

    def test_read_only_folder(self, corpus_dir, tmp_path, monkeypatch):
        """Read-only (simulated: tests may run as root): one warning; entries already there are
        read (and checked), none written."""
        fresh, _ = _load(corpus_dir)
        cache = tmp_path / "cache"
        _load(corpus_dir, cache=cache)
        before = {p: p.read_bytes() for p in cache_entries(cache)}
        before[next(iter(before))] = b"damaged"
        next(iter(before)).write_bytes(b"damaged")

        def refuse(*args, **kwargs):
            raise PermissionError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(cache_mod.tempfile, "mkstemp", refuse)
        warned = self._check(corpus_dir, cache, fresh, n_warnings=2)
        assert "cannot be written (Read-only file system)" in str(warned[0].message)
        assert "cache entry" in str(warned[1].message)
        assert {p: p.read_bytes() for p in cache_entries(cache)} == before

    def test_full_disk(self, corpus_dir, tmp_path, monkeypatch):
        """Full (every write raises ENOSPC): one warning for the run, no partial entry left."""
        fresh, _ = _load(corpus_dir)
        monkeypatch.setattr(cache_mod, "_write_file", _enospc)
        cache = tmp_path / "cache"
        (w,) = self._check(corpus_dir, cache, fresh)
        assert "No space left on device" in str(w.message)
        assert cache_entries(cache) == [] and not any(p.name.startswith(".tmp-") for p in cache.rglob("*"))

    @pytest.mark.parametrize("layer", ["tokens", "sentences"])
    def test_full_disk_for_the_text_layer(self, tmp_path, small_runs, monkeypatch, layer):
        make, same = (token_table, _equal_tokens) if layer == "tokens" else (sentence_table, _equal_sentences)
        fresh = make(TEXTS, cache=False)
        _forget()
        monkeypatch.setattr(cache_mod, "_write_file", _enospc)
        got, warned = _recorded(make, TEXTS, cache=tmp_path)
        same(got, fresh)
        assert len(warned) == 1 and cache_entries(tmp_path) == []

    def test_text_layer_cache_path_is_a_file(self, tmp_path):
        fresh = token_table(TEXTS, cache=False)
        _forget()
        (tmp_path / "c").write_text("x")
        got, warned = _recorded(token_table, TEXTS, cache=tmp_path / "c")
        _equal_tokens(got, fresh)
        assert len(warned) == 1

    def test_skip_bad_files_blames_no_transcript(self, corpus_dir, tmp_path, monkeypatch, capsys):
        """Expected: the command runs, writes every row, and names no file as skipped."""
        from analysis.cli import main

        (tmp_path / "cache").write_text("not a folder")
        monkeypatch.setenv(cache_mod.CACHE_ENV, str(tmp_path / "cache"))
        out = tmp_path / "turns.csv"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert main(["turns", "--corpus", str(corpus_dir), "--skip-bad-files", "--quiet",
                         "--output", str(out)]) == 0
        err = capsys.readouterr().err
        assert "skipped" not in err and "cannot be read" not in err
        fresh, _ = _load(corpus_dir)
        assert len(pd.read_csv(out)) == len(fresh.turns())

    def test_home_folder_in_the_environment(self, corpus_dir, tmp_path, monkeypatch):
        """Expected: ANALYSIS_CACHE='~/x' is x in the home folder, not a folder named '~'."""
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.setenv(cache_mod.CACHE_ENV, "~/x")
        monkeypatch.chdir(tmp_path)
        _load(corpus_dir)
        assert cache_entries(tmp_path / "home" / "x", kind="pages")
        assert not (tmp_path / "~").exists()
        assert cache_mod.cache_dir("~/y") == tmp_path / "home" / "y"


# --------------------------------------------------------------------------- what the key covers
_PAGE = """Press conference on the economy
China.org.cn | October 21, 2022

Xu Lin:
Good morning. Let us begin with questions.

Ivory Lantern:
What is the outlook for exports next year?

Zhao Chenxin:
Exports will remain stable, and we expect steady growth next year.
"""

_OUTLETS_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from analysis.corpus import load_corpus
c = load_corpus(sys.argv[1], cache=sys.argv[2] if len(sys.argv) > 2 else False)
print(json.dumps(c.turns()[["speaker", "role", "outlet"]].astype(str).values.tolist()))
"""


class TestKeyCoversDataFiles:
    def test_editing_media_outlets_invalidates_cached_parses(self, tmp_path):
        """Expected: after an outlet is added to lexicons/media_outlets.txt, a warm cache gives
        what a fresh parse gives (the outlet), not the old roles."""
        package = tmp_path / "pkg"
        shutil.copytree(REPO / "analysis", package / "analysis",
                        ignore=shutil.ignore_patterns("__pycache__"))
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "p.txt").write_text(_PAGE, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(package)}
        env.pop(cache_mod.CACHE_ENV, None)

        def run(*args):
            out = subprocess.run([sys.executable, "-c", _OUTLETS_SCRIPT, *map(str, args)], env=env, cwd=tmp_path,
                                 capture_output=True, text=True, timeout=300)
            assert out.returncode == 0, out.stderr
            return json.loads(out.stdout)

        before = run(corpus, tmp_path / "cache")
        assert ["Ivory Lantern", "questioner", "None"] in before
        lexicon = package / "analysis" / "lexicons" / "media_outlets.txt"
        lexicon.write_text(lexicon.read_text(encoding="utf-8").replace("[outlets]\n", "[outlets]\nIvory Lantern\n"),
                           encoding="utf-8")
        after_fresh = run(corpus)
        assert ["Ivory Lantern", "questioner", "Ivory Lantern"] in after_fresh
        assert run(corpus, tmp_path / "cache") == after_fresh

    def test_every_data_file_a_parse_reads_is_in_the_key(self, tmp_path):
        """Expected: each file under analysis/ (other than code) that a cold load opens is one
        page_salt hashes; checked by auditing every open() of a fresh process."""
        corpus = tmp_path / "corpus"
        shutil.copytree(MINI, corpus)
        (corpus / "p.txt").write_text(_PAGE, encoding="utf-8")
        (corpus / "d.json").write_text(json.dumps({"turns": [{"speaker": "Ann", "text": "Hello there, all of you."},
                                                             {"speaker": "Bob", "text": "Thank you, Ann, hello."}]}))
        (corpus / "h.xml").write_text('<debate><speech speakername="Mr Smith">I beg to move the motion '
                                      'today.</speech><speech speakername="Ms Jones">I oppose it, '
                                      'firmly.</speech></debate>')
        (corpus / "zh.txt").write_text("主持人：各位记者，上午好。\n\n记者：请问发言人对此有何评论？\n\n"
                                       "发言人：我们注意到有关报道。\n", encoding="utf-8")
        script = textwrap.dedent(f"""
            import json, sys, warnings
            warnings.simplefilter("ignore")
            opened = set()
            sys.addaudithook(lambda event, args: opened.add(str(args[0])) if event == "open" and
                             isinstance(args[0], str) else None)
            from analysis.corpus import load_corpus
            load_corpus({str(corpus)!r}, cache={str(tmp_path / 'cache')!r})
            print(json.dumps(sorted(opened)))
        """)
        env = {k: v for k, v in os.environ.items() if k != cache_mod.CACHE_ENV}
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=REPO,
                             timeout=300)
        assert out.returncode == 0, out.stderr
        package = (REPO / "analysis").resolve()
        data = [Path(p).resolve() for p in json.loads(out.stdout)]
        data = [p for p in data if package in p.parents and p.suffix not in (".py", ".pyc") and p.is_file()]
        hashed = (package / "lexicons").resolve()
        assert data, "the audit saw no data file (the test no longer exercises the parsers' word lists)"
        assert all(hashed in p.parents for p in data), [str(p) for p in data if hashed not in p.parents]
