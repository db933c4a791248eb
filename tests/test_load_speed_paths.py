"""The page cache stores the parsed pages of a run of files as one entry (analysis.cache.page_runs,
write_pages, read_pages): what a load reads back is exactly what it parsed, a changed file
re-parses only the files of its run, and a damaged entry is rebuilt."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis.cache as cache_mod
import analysis.loader as loader_mod
from analysis.cache import CacheWarning, cache_entries, content_key, pack_key, page_key, page_runs, read_pages
from analysis.corpus import load_corpus
from analysis.parsers.files import collect_files

N_FILES = 24


@pytest.fixture(autouse=True)
def small_runs(monkeypatch):
    """Runs of about four files, so that a small corpus has several."""
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)
    monkeypatch.setattr(cache_mod, "PACK_FILES", 4)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "corpus"
    out.mkdir()
    for i in range(N_FILES):
        (out / f"2020-01-{i + 1:02d}_briefing.txt").write_text(
            f"MODERATOR: Good morning, meeting {i}.\n\nQ: What about item {i}?\n\n"
            f"MR. SMITH: Item {i} is on the table, and {'very ' * i}much so.\n", encoding="utf-8")
    return out


def _load(path, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(path, **kwargs)
    return corpus, [str(w.message) for w in caught]


def _same(got, want) -> None:
    assert got.transcripts == want.transcripts
    for method in ("turns", "notes", "layouts", "paragraphs"):
        pd.testing.assert_frame_equal(getattr(got, method)(), getattr(want, method)(), check_exact=True)


def _runs_of(folder: Path) -> list[list[str]]:
    """The files of each run, as the loader cuts them."""
    files = collect_files(folder).files
    keys = [page_key(f.read_bytes(), str(f), "auto", None) for f in files]
    return [[str(f) for f in files[a:b]] for a, b in page_runs(keys)]


def _count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    parse = loader_mod.parse_text

    def counted(*a, **k):
        parsed.append(k["path"])
        return parse(*a, **k)

    monkeypatch.setattr(loader_mod, "parse_text", counted)
    return parsed


def _drop_loads(cache: Path) -> None:
    for p in cache_entries(cache, kind="loads"):  # the page entries are what a load then reads
        p.unlink()


class TestRuns:
    def test_runs_cover_every_file_in_order_and_are_bounded(self):
        keys = [content_key(str(i)) for i in range(3000)]
        runs = page_runs(keys)
        assert runs[0][0] == 0 and runs[-1][1] == len(keys)
        assert all(a < b for a, b in runs) and all(b == c for (_, b), (c, _) in zip(runs, runs[1:]))
        assert max(b - a for a, b in runs) <= 4 * cache_mod.PACK_FILES
        ends = {b for _, b in runs}
        assert all((int(k[:8], 16) % cache_mod.PACK_FILES == 0) <= (i + 1 in ends) for i, k in enumerate(keys))

    def test_a_changed_key_moves_no_boundary_before_its_run_or_after_the_next_natural_one(self):
        keys = [content_key(str(i)) for i in range(400)]
        natural = [i + 1 for i, k in enumerate(keys) if int(k[:8], 16) % cache_mod.PACK_FILES == 0]
        before = {b for _, b in page_runs(keys)}
        for j in (0, 57, 201, 399):
            changed = [*keys[:j], content_key("changed", str(j)), *keys[j + 1:]]
            after = {b for _, b in page_runs(changed)}
            start = max([0, *(b for b in before if b <= j)])
            resync = min([n for n in natural if n > j + 1] + [len(keys)])
            assert {b for b in before if b <= start} == {b for b in after if b <= start}
            assert {b for b in before if b >= resync} == {b for b in after if b >= resync}

    def test_a_run_of_one_file_is_stored_under_the_file_key(self):
        assert pack_key(["ab" * 20]) == "ab" * 20
        assert pack_key(["ab" * 20, "cd" * 20]) != pack_key(["cd" * 20, "ab" * 20])


class TestPackedLoads:
    def test_cold_warm_and_pages_equal_no_cache(self, folder, tmp_path, monkeypatch):
        fresh, fresh_warned = _load(folder, cache=False)
        cold, cold_warned = _load(folder, cache=tmp_path / "c")
        runs = _runs_of(folder)
        assert 1 < len(runs) < N_FILES
        assert len(cache_entries(tmp_path / "c", kind="pages")) == len(runs)
        _same(cold, fresh)
        _drop_loads(tmp_path / "c")
        parsed = _count_parses(monkeypatch)
        warm, warm_warned = _load(folder, cache=tmp_path / "c")
        assert parsed == []
        _same(warm, fresh)
        assert cold_warned == fresh_warned and warm_warned == fresh_warned
        assert sum(len(t.turns) for t in warm.transcripts) == 3 * N_FILES  # no text lost

    def test_workers_store_runs(self, folder, tmp_path, monkeypatch):
        monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
        fresh, _ = _load(folder, cache=False)
        cold, _ = _load(folder, cache=tmp_path / "c")
        _same(cold, fresh)
        assert len(cache_entries(tmp_path / "c", kind="pages")) == len(_runs_of(folder))
        _drop_loads(tmp_path / "c")
        parsed = _count_parses(monkeypatch)
        warm, _ = _load(folder, cache=tmp_path / "c")
        assert parsed == []
        _same(warm, fresh)

    def test_changed_file_reparses_only_its_run(self, folder, tmp_path, monkeypatch):
        _load(folder, cache=tmp_path / "c")
        before = _runs_of(folder)
        target = sorted(folder.glob("*.txt"))[N_FILES // 2]
        target.write_text(target.read_text(encoding="utf-8") + "\nQ: One more question?\n", encoding="utf-8")
        runs = _runs_of(folder)
        parsed = _count_parses(monkeypatch)
        got, _ = _load(folder, cache=tmp_path / "c")
        # the boundaries are content-defined: the changed file's new key may move the boundaries
        # next to it, so the runs re-parsed are its run and any neighbour run cut anew, no other
        changed = [r for r in runs if str(target) in r or r not in before]
        assert sorted(parsed) == sorted(f for r in changed for f in r)
        assert str(target) in parsed and len(parsed) < N_FILES
        fresh, _ = _load(folder, cache=False)
        _same(got, fresh)
        assert "One more question?" in got.turns()["text"].str.cat()

    def test_damaged_run_entry_is_rebuilt(self, folder, tmp_path, monkeypatch):
        fresh, _ = _load(folder, cache=False)
        cache = tmp_path / "c"
        _load(folder, cache=cache)
        _drop_loads(cache)
        entry = max(cache_entries(cache, kind="pages"), key=lambda p: p.stat().st_size)
        data = bytearray(entry.read_bytes())
        data[len(data) // 2] ^= 0x01
        entry.write_bytes(bytes(data))
        parsed = _count_parses(monkeypatch)
        got, warned = _load(folder, cache=cache)
        _same(got, fresh)
        assert [w for w in warned if "does not match its digest" in w] and len(warned) == 1
        run = next(r for r in _runs_of(folder) if pack_key(
            [page_key(Path(f).read_bytes(), f, "auto", None) for f in r]) == entry.stem)
        assert sorted(parsed) == sorted(run) and len(run) > 1
        _drop_loads(cache)
        parsed.clear()
        again, warned = _load(folder, cache=cache)
        assert parsed == [] and warned == []
        _same(again, fresh)

    def test_entry_read_for_other_files_is_refused(self, folder, tmp_path):
        _load(folder, cache=tmp_path / "c")
        run = max(_runs_of(folder), key=len)
        files = [(page_key(Path(f).read_bytes(), f, "auto", None), f, Path(f).read_bytes()) for f in run]
        key = pack_key([k for k, _, _ in files])
        got = read_pages(key, files, cache=tmp_path / "c")
        assert got is not None and sorted(got) == sorted(k for k, _, _ in files)
        assert [p.path for p, _ in got.values()] == [f for _, f, _ in files]
        with pytest.warns(CacheWarning, match="other files"):
            assert read_pages(key, files[1:], cache=tmp_path / "c") is None
