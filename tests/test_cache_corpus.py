"""The corpus entry of the on-disk cache: a whole load kept as one entry, keyed by every file.

Expected every time: a load read from the corpus entry equals the load without a cache
(transcripts, turns, paragraphs, notes, boilerplate, layouts, warnings), and so does the
first (cold) load that writes it; a changed, added or removed file, sidecar or metadata row,
and any other option, is a miss; a damaged corpus entry gives one
:class:`~analysis.cache.CacheWarning` naming it, the load is computed afresh and the entry
rewritten.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

import analysis.cache as cache_mod
import analysis.corpus as corpus_mod
import analysis.wordcounts as wc_mod
import analysis.loader as loader_mod
from analysis.cache import CacheWarning, cache_entries
from analysis.corpus import load_corpus
from analysis.errors import InputWarning
from analysis.parsers.files import collect_files

REPO = Path(__file__).resolve().parent.parent
MINI = REPO / "tests" / "data" / "mini"
TABLES = ("turns", "paragraphs", "notes", "boilerplate", "layouts", "summary")


@pytest.fixture(autouse=True)
def no_cache_variable(monkeypatch):
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _load(path, **kwargs):
    """The corpus and the warnings of the load (message and category)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **kwargs)
    return corpus, [(w.category, str(w.message)) for w in caught]


def _same(got, want) -> None:
    assert got.transcripts == want.transcripts
    assert [t.extra for t in got.transcripts] == [t.extra for t in want.transcripts]
    assert [t.notes for t in got.transcripts] == [t.notes for t in want.transcripts]
    assert [t.layout for t in got.transcripts] == [t.layout for t in want.transcripts]
    assert got.problems == want.problems
    for method in TABLES:
        pd.testing.assert_frame_equal(getattr(got, method)(), getattr(want, method)(), check_exact=True)


class _Counts:
    """Counts parses and page-entry reads of the loads run while it is installed."""

    def __init__(self, monkeypatch) -> None:
        self.parsed: list[str] = []
        self.pages = 0
        parse, read_pages = loader_mod.parse_text, cache_mod.read_pages

        def counted_parse(*a, **k):
            self.parsed.append(k["path"])
            return parse(*a, **k)

        def counted_read(*a, **k):
            self.pages += 1
            return read_pages(*a, **k)

        monkeypatch.setattr(loader_mod, "parse_text", counted_parse)
        monkeypatch.setattr(cache_mod, "read_pages", counted_read)


def _loads(cache: Path) -> list[Path]:
    return cache_entries(cache, kind="loads")


class TestWholeLoad:
    @pytest.mark.parametrize("folder", [MINI, REPO / "data"])
    def test_cold_and_warm_equal_no_cache(self, folder, tmp_path):
        fresh, fresh_warned = _load(folder, cache=False)
        cold, cold_warned = _load(folder, cache=tmp_path / "c")
        warm, warm_warned = _load(folder, cache=tmp_path / "c")
        assert len(_loads(tmp_path / "c")) == 5
        _same(cold, fresh)
        _same(warm, fresh)
        assert cold_warned == fresh_warned and warm_warned == fresh_warned

    def test_warm_load_reads_no_page_and_parses_nothing(self, corpus_dir, tmp_path, monkeypatch):
        _load(corpus_dir, cache=tmp_path)
        counts = _Counts(monkeypatch)
        calls = []
        monkeypatch.setattr(corpus_mod, "_cached_word_counts", lambda *a: calls.append(a) or [])
        warm, _ = _load(corpus_dir, cache=tmp_path)
        assert counts.parsed == [] and counts.pages == 0
        assert warm.turns()["n_words"].sum() > 0 and calls == []  # the word counts come with the entry

    def test_entry_covers_its_options(self, corpus_dir, tmp_path):
        _load(corpus_dir, cache=tmp_path)
        for options in ({"format": "plain"}, {"name_pattern": "{date}_{kind}"}, {"language": "zh"},
                        {"roles": {"Geng Shuang": "moderator"}}, {"metadata": False}):
            got, _ = _load(corpus_dir, cache=tmp_path, **options)
            _same(got, _load(corpus_dir, cache=False, **options)[0])
        assert len(_loads(tmp_path)) == 5 * 6


class TestFilesChange:
    @pytest.fixture(autouse=True)
    def one_file_a_page_entry(self, monkeypatch):
        """Every file a run of its own (its own page entry), as these tests count entries."""
        monkeypatch.setattr(cache_mod, "PACK_FILES", 1)

    def test_changed_file_is_a_miss_and_only_it_is_parsed(self, corpus_dir, tmp_path, monkeypatch):
        _load(corpus_dir, cache=tmp_path)
        target = sorted(corpus_dir.glob("*.txt"))[0]
        target.write_text(target.read_text(encoding="utf-8") + "\nQ: One more question?\n", encoding="utf-8")
        counts = _Counts(monkeypatch)
        got, _ = _load(corpus_dir, cache=tmp_path)
        assert counts.parsed == [str(target)]
        _same(got, _load(corpus_dir, cache=False)[0])
        counts.parsed.clear()
        again, _ = _load(corpus_dir, cache=tmp_path)
        assert counts.parsed == [] and len(_loads(tmp_path)) == 10
        _same(again, got)

    def test_added_file_is_read(self, corpus_dir, tmp_path):
        _load(corpus_dir, cache=tmp_path)
        shutil.copy(sorted(corpus_dir.glob("*.txt"))[0], corpus_dir / "2020-01-01_added.txt")
        got, warned = _load(corpus_dir, cache=tmp_path)
        fresh, fresh_warned = _load(corpus_dir, cache=False)
        _same(got, fresh)
        assert warned == fresh_warned and any(c is InputWarning and "duplicate" in m for c, m in warned)
        assert len(got) == len(_load(MINI, cache=False)[0]) + 1
        again, again_warned = _load(corpus_dir, cache=tmp_path)  # the duplicate's warning is given again
        _same(again, fresh)
        assert again_warned == fresh_warned

    def test_removed_file_is_gone(self, corpus_dir, tmp_path):
        _load(corpus_dir, cache=tmp_path)
        removed = sorted(corpus_dir.glob("*.txt"))[0]
        removed.unlink()
        got, _ = _load(corpus_dir, cache=tmp_path)
        _same(got, _load(corpus_dir, cache=False)[0])
        assert str(removed) not in {p for t in got.transcripts for p in t.pages}

    def test_changed_metadata_and_sidecar_are_misses(self, corpus_dir, tmp_path):
        _load(corpus_dir, cache=tmp_path)
        meta = corpus_dir / "metadata.csv"
        lines = meta.read_text(encoding="utf-8").splitlines()
        meta.write_text("\n".join([lines[0] + ",desk", *(ln + ",east" for ln in lines[1:])]) + "\n",
                        encoding="utf-8")
        got, _ = _load(corpus_dir, cache=tmp_path)
        _same(got, _load(corpus_dir, cache=False)[0])
        assert "desk" in got.turns().columns
        target = sorted(corpus_dir.glob("*.txt"))[0]
        target.with_suffix(".json").write_text('{"venue": "Hall B"}', encoding="utf-8")
        got, _ = _load(corpus_dir, cache=tmp_path)
        _same(got, _load(corpus_dir, cache=False)[0])
        assert "Hall B" in set(got.turns()["venue"])


class TestDamagedEntry:
    @pytest.mark.parametrize("which", range(5))
    @pytest.mark.parametrize("fault", ["edited-value", "swapped", "truncated", "removed"])
    def test_damaged_table_is_recomputed_with_a_warning(self, corpus_dir, tmp_path, monkeypatch, which, fault):
        fresh, fresh_warned = _load(corpus_dir, cache=False)
        _load(corpus_dir, cache=tmp_path)
        target = _loads(tmp_path)[which]
        head = "title" in _read_entry(target).column_names  # the transcripts table, read first
        data = target.read_bytes()
        if fault == "edited-value":
            _edit_value(target)
        elif fault == "swapped":
            target.write_bytes(next(p for p in _loads(tmp_path) if p != target).read_bytes())
        elif fault == "truncated":
            target.write_bytes(data[:len(data) // 2])
        else:
            target.unlink()
        got, warned = _load(corpus_dir, cache=tmp_path)
        _same(got, fresh)
        bad = [m for c, m in warned if c is CacheWarning]
        # without its transcripts table there is no entry (a miss); without another, it is damaged
        assert len(bad) == (0 if head and fault == "removed" else 1)
        assert all(str(target) in m for m in bad)
        assert [w for w in warned if w[0] is not CacheWarning] == fresh_warned
        counts = _Counts(monkeypatch)
        again, again_warned = _load(corpus_dir, cache=tmp_path)  # rewritten: read with no warning
        _same(again, fresh)
        assert again_warned == fresh_warned and counts.pages == 0 and counts.parsed == []


def _read_entry(entry: Path) -> pa.Table:
    with pa.OSFile(str(entry)) as source:
        return pa.ipc.open_file(source).read_all()


def _write_entry(table: pa.Table, entry: Path) -> None:
    with pa.OSFile(str(entry), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _edit_value(entry: Path) -> None:
    """The first value of the entry's first string column changed (the stored key of an empty
    table); its digest kept."""
    table = _read_entry(entry)
    if not table.num_rows:
        meta = dict(table.schema.metadata)
        meta[b"analysis-key"] = meta[b"analysis-key"][::-1]
        _write_entry(table.replace_schema_metadata(meta), entry)
        return
    i = next(k for k, f in enumerate(table.schema) if str(f.type) == "string")
    values = table.column(i).to_pylist()
    values[0] = values[0] + " (edited)"
    table = table.set_column(i, table.schema.field(i), pa.array(values, pa.string()))
    _write_entry(table, entry)


class TestCollectFiles:
    def test_links_and_repeated_paths_are_read_once(self, tmp_path):
        folder = tmp_path / "corpus"
        shutil.copytree(MINI, folder)
        first = sorted(folder.glob("*.txt"))[0]
        os.symlink(first, folder / "2030-01-01_link.txt")
        (tmp_path / "elsewhere").mkdir()
        os.symlink(folder, tmp_path / "elsewhere" / "same")
        found = collect_files([folder, tmp_path / "elsewhere" / "same" / first.name, first])
        assert [str(f) for f in found.files] == sorted(str(f) for f in folder.glob("*.txt")
                                                        if not f.is_symlink())
        dup = [n for n in found.notes if n.kind == "duplicate"]
        assert [(n.path, n.message.split(" (")[0]) for n in dup] == [
            (str(folder / "2030-01-01_link.txt"), f"is the same file as {first}"),
            (str(tmp_path / "elsewhere" / "same" / first.name), f"is the same file as {first}"),
            (str(first), f"is the same file as {first}")]


class TestParallelCold:
    @pytest.fixture(autouse=True)
    def one_file_a_page_entry(self, monkeypatch):
        """Every file a run of its own (its own page entry), as these tests count entries."""
        monkeypatch.setattr(cache_mod, "PACK_FILES", 1)

    def test_workers_store_the_pages_they_parse(self, corpus_dir, tmp_path, monkeypatch):
        monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
        fresh, fresh_warned = _load(corpus_dir, cache=False)
        cold, cold_warned = _load(corpus_dir, cache=tmp_path)
        _same(cold, fresh)
        assert cold_warned == fresh_warned
        assert len(cache_entries(tmp_path, kind="pages")) == len(list(corpus_dir.glob("*.txt")))
        for p in _loads(tmp_path):
            p.unlink()
        counts = _Counts(monkeypatch)
        warm, _ = _load(corpus_dir, cache=tmp_path)
        _same(warm, fresh)
        assert counts.parsed == [] and counts.pages == len(list(corpus_dir.glob("*.txt")))

    def test_a_full_disk_is_said_once(self, corpus_dir, tmp_path, monkeypatch):
        def full(path, data):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
        monkeypatch.setattr(cache_mod, "_write_file", full)
        got, warned = _load(corpus_dir, cache=tmp_path / "c")
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)  # said once for the run: not again by turns()
            _same(got, _load(corpus_dir, cache=False)[0])
        bad = [m for c, m in warned if c is CacheWarning]
        assert len(bad) == 1 and "No space left on device" in bad[0]
        assert cache_entries(tmp_path / "c") == []

    def test_word_counts_on_cores_equal_one_process(self, monkeypatch):
        monkeypatch.setattr(wc_mod, "PARALLEL_CHARS", 0)
        texts = [" ".join(["word"] * i + ["U.S.", "--", "can't"]) for i in range(40)]
        want = wc_mod._chunk_word_counts(texts)
        assert len(set(want)) == len(texts)  # a block out of order would show
        assert wc_mod._chunk_word_counts_on_cores(texts, n_jobs=2) == want
        assert wc_mod._chunk_word_counts_on_cores(texts[:3], n_jobs=2) == want[:3]

    def test_a_full_disk_at_the_corpus_entry_is_said_once(self, corpus_dir, tmp_path, monkeypatch):
        def full(path, table):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(cache_mod, "_write_arrow", full)
        got, warned = _load(corpus_dir, cache=tmp_path / "c")
        _same(got, _load(corpus_dir, cache=False)[0])
        bad = [m for c, m in warned if c is CacheWarning]
        assert len(bad) == 1 and "No space left on device" in bad[0]
        assert _loads(tmp_path / "c") == [] and not list((tmp_path / "c").rglob(".tmp-*"))


def test_a_missing_user_dictionary_does_not_stop_a_cached_load(corpus_dir, tmp_path, monkeypatch):
    """The key holds the segmenter's user dictionaries; one that is missing fails segmenting only."""
    from analysis.languages import USERDICT_ENV

    monkeypatch.setenv(USERDICT_ENV, str(tmp_path / "missing.txt"))
    got, _ = _load(corpus_dir, cache=tmp_path / "c")
    assert len(_loads(tmp_path / "c")) == 5
    _same(got, _load(corpus_dir, cache=False)[0])
    (tmp_path / "missing.txt").write_text("新词 5 n\n", encoding="utf-8")
    _load(corpus_dir, cache=tmp_path / "c")
    assert len(_loads(tmp_path / "c")) == 10  # a new dictionary is a new key


_MODULES_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
from analysis.corpus import load_corpus
corpus = load_corpus(sys.argv[1], cache=sys.argv[2])
corpus.turns(), corpus.paragraphs()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("analysis"))))
"""


def test_the_key_holds_the_source_of_every_module_a_load_runs(tmp_path):
    """Expected: each module of the package that a load (of text, XML, JSON, CSV and Chinese
    files) and its tables import is one whose source the corpus entry's key hashes."""
    import json
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    (corpus / "d.json").write_text(json.dumps({"turns": [{"speaker": "Ann", "text": "Hello there, all of you."},
                                                         {"speaker": "Bob", "text": "Thank you, Ann, hello."}]}))
    (corpus / "h.xml").write_text('<debate><speech speakername="Mr Smith">I beg to move the motion '
                                  'today.</speech><speech speakername="Ms Jones">I oppose it.</speech></debate>')
    (corpus / "t.csv").write_text("speaker,text\nAnn,Hello there.\nBob,Hello again.\n")
    (corpus / "zh.txt").write_text("主持人：各位记者，上午好。\n\n记者：请问发言人对此有何评论？\n\n"
                                   "发言人：我们注意到有关报道。\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != cache_mod.CACHE_ENV}
    out = subprocess.run([sys.executable, "-c", _MODULES_SCRIPT, str(corpus), str(tmp_path / "c")], cwd=REPO,
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout)
    assert "analysis.parsers.xml" in loaded and "analysis.parsers.jsondoc" in loaded
    covered = set(cache_mod.LOAD_MODULES)
    missing = [m for m in loaded if m not in covered and not m.startswith("analysis.parsers.")
               and m not in ("analysis", "analysis.parsers")]
    assert missing == [], f"add these to analysis.cache.LOAD_MODULES: {missing}"


def test_a_front_matter_date_is_read_with_a_cache(tmp_path):
    """A YAML front matter's date is a ``datetime.date``, which JSON cannot hold: the page is
    not stored (nor the corpus entry), and loading with a cache folder gives the same corpus
    as without one, twice."""
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "briefing.md").write_text(
        "---\ntitle: Briefing\ndate: 2022-03-04\n---\n\n**MS. ROE:** Good afternoon. We have two announcements "
        "today about the budget.\n\n**Q:** When will it pass?\n\n**MS. ROE:** Next week, we expect.\n",
        encoding="utf-8")
    fresh = load_corpus(folder, progress=False)
    for _ in range(2):
        got = load_corpus(folder, cache=tmp_path / "cache", progress=False)
        _same(got, fresh)
    assert str(fresh.summary()["date"].iloc[0].date()) == "2022-03-04"
