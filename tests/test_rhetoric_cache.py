"""The on-disk entries of the rhetoric subpackage: device matches, counts, syllables.

Each stored result is :func:`analysis.cache.cached_frame`'s: read back it equals the result
computed without a cache, exactly; a damaged entry is computed afresh with a
:class:`~analysis.cache.CacheWarning`; an entry of another shape under the right key is not
used. The kernels behind the match entry (the detectors' rows without the match text, the
intensifiers as columns) are compared with the per-text detectors on hand-made texts.
"""

from __future__ import annotations

import importlib
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.cache import CacheWarning
from analysis.rhetoric import DEVICES, _common, detect_devices, devices, find_intensifiers
from analysis.rhetoric.emphasis import _intensifier_matches, _intensifiers_of
from analysis.rhetoric.lexicons import _builtin_matcher

readability = importlib.import_module("analysis.rhetoric.readability")

TEXTS = [
    "First, we oppose it. Second, we urge restraint. Third, we will respond!",
    "Who benefits from this? Nobody does. Why should we wait? What is your comment?",
    "",
    'We stand for peace, development and cooperation. They shout "win-win cooperation" very loudly.',
    "We will open up. We will reform. We will not waver. More than 96.71 million people, up 3.5%.",
    ("This is the largest and most important forest. They are the vanguards; they are the first; "
     "and they are fearless. Not only peace but also growth. We firmly and resolutely oppose it, VERY much."),
    "... !!! ?",
    "\u00c7a va? Truly, deeply \u4e2d\u56fd\u4eba\u6c11 absolutely. Is it not? It is.",
]
ROLES = ["official", "questioner", "official", "questioner", "official", "official", "questioner", "official"]


def _turns(texts=TEXTS, roles=ROLES) -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": [f"t{i // 3}" for i in range(len(texts))],
                         "turn_index": [i % 3 for i in range(len(texts))],
                         "speaker": [f"S{i % 2}" for i in range(len(texts))], "role": roles, "text": texts})


def _clear() -> None:
    _common._CACHE.clear()
    _common._LAYERS.clear()


def _entries(root, kind):
    return sorted((root / kind).rglob("*.parquet"))


def _damage(path) -> None:
    """Damage an entry: its first half only (a truncated write, a disk fault)."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _reference_rows(texts, roles, answer_roles=("official",)):
    """detect_devices' rows from the detectors run text by text (no layer, no cache)."""
    rows = []
    for pos, (text, role) in enumerate(zip(texts, roles)):
        if not text:
            continue
        for d, fn in DEVICES.items():
            found = fn(text, answering=role in answer_roles) if d == "rhetorical_question" else fn(text)
            rows.extend((pos, d, s, e, text[s:e], detail) for s, e, detail in found)
    return rows


class TestDeviceMatches:
    def test_equal_the_detectors_text_by_text(self):
        t = _turns()
        got = detect_devices(t)
        order = {d: i for i, d in enumerate(DEVICES)}
        want = sorted(_reference_rows(TEXTS, ROLES),
                      key=lambda r: (t["transcript_id"][r[0]], t["turn_index"][r[0]], r[2], order[r[1]], r[3]))
        assert [tuple(x) for x in got[["device", "start", "end", "match", "detail"]].itertuples(index=False)] == \
            [r[1:] for r in want]
        assert got["transcript_id"].tolist() == [t["transcript_id"][r[0]] for r in want]
        assert {"intensifier", "enumeration", "rhetorical_question", "statistic"} <= set(got["device"])

    def test_written_then_read_equal_uncached(self, tmp_path, monkeypatch):
        t = _turns()
        _clear()
        plain = detect_devices(t)
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        _clear()
        written = detect_devices(t)
        assert len(_entries(tmp_path, "device-matches")) == 1
        _clear()
        monkeypatch.setattr(devices, "_found_rows", lambda *a, **k: pytest.fail("not read from the cache"))
        read = detect_devices(t)
        for got in (written, read):
            pd.testing.assert_frame_equal(got, plain, check_exact=True)
        _clear()

    def test_options_are_part_of_the_key(self, tmp_path, monkeypatch):
        t = _turns()
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        for kwargs in ({}, {"devices": ["rhetorical_question"]}, {"devices": ["rhetorical_question"],
                                                                    "answer_roles": ("questioner",)}):
            _clear()
            got = detect_devices(t, **kwargs)
            monkeypatch.delenv("ANALYSIS_CACHE")
            _clear()
            pd.testing.assert_frame_equal(got, detect_devices(t, **kwargs), check_exact=True)
            monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        assert len(_entries(tmp_path, "device-matches")) == 2  # the table serves any answer_roles
        _clear()

    def test_no_match_and_empty_texts(self, tmp_path, monkeypatch):
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        t = _turns(["", "ok"], ["official", "official"])
        for _ in range(2):
            _clear()
            got = detect_devices(t)
            assert got.empty and list(got.columns) == list(detect_devices(t.iloc[:0]).columns)
        _clear()

    def test_damaged_entry_recomputed_with_a_warning(self, tmp_path, monkeypatch):
        t = _turns()
        _clear()
        plain = detect_devices(t)
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        _clear()
        detect_devices(t)
        (entry,) = _entries(tmp_path, "device-matches")
        _damage(entry)
        _clear()
        with pytest.warns(CacheWarning, match="device-matches"):
            again = detect_devices(t)
        pd.testing.assert_frame_equal(again, plain, check_exact=True)
        _clear()
        with warnings.catch_warnings():
            warnings.simplefilter("error", CacheWarning)  # rewritten: read cleanly
            pd.testing.assert_frame_equal(detect_devices(t), plain, check_exact=True)
        _clear()

    @pytest.mark.parametrize("edit", ["position", "device", "span", "column"])
    def test_entry_of_another_shape_not_used(self, edit, tmp_path, monkeypatch):
        t = _turns()
        _clear()
        plain = detect_devices(t)
        from analysis import cache as cache_mod

        real = cache_mod.cached_frame

        def forged(kind, make_key, compute, **kw):
            out = real(kind, make_key, compute, **kw).copy()
            if edit == "position":
                out.loc[0, "_pos"] = len(TEXTS)
            elif edit == "device":
                out.loc[0, "device"] = len(DEVICES)
            elif edit == "span":
                out.loc[0, "end"] = 10**6
            else:
                out = out.drop(columns="detail")
            return out

        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        monkeypatch.setattr(cache_mod, "cached_frame", forged)
        _clear()
        with pytest.warns(CacheWarning, match="does not hold matches"):
            got = detect_devices(t)
        pd.testing.assert_frame_equal(got, plain, check_exact=True)
        _clear()

    def test_parallel_blocks_equal_one_pass(self, monkeypatch):
        import analysis.tokens

        texts = TEXTS * 3
        t = _turns(texts, ROLES * 3)
        _clear()
        one = detect_devices(t)
        monkeypatch.setattr(analysis.tokens, "PARALLEL_CHARS", 0)
        _clear()
        pd.testing.assert_frame_equal(detect_devices(t), one, check_exact=True)
        _clear()

    def test_rows_of_refuses_other_frames(self):
        names = tuple(DEVICES)
        good = pd.DataFrame({"_pos": np.array([1], dtype=np.int64), "device": np.array([0], dtype=np.int64),
                             "start": np.array([0], dtype=np.int64), "end": np.array([3], dtype=np.int64),
                             "detail": np.array(["x"], dtype=object)})
        rows = devices._rows_of(good, ["", "abcdef"], names)
        assert rows["match"].tolist() == ["abc"] and rows["device"].tolist() == [names[0]]
        assert devices._rows_of(good.assign(start=np.array([4], dtype=np.int64)), ["", "abcdef"], names) is None
        assert devices._rows_of(good.assign(end=np.array([7], dtype=np.int64)), ["", "abcdef"], names) is None
        assert devices._rows_of(good.assign(start=good["start"].astype(float)), ["", "abcdef"], names) is None


class TestIntensifierColumns:
    def test_equal_the_matcher_text_by_text(self):
        matcher = _builtin_matcher(("intensifiers",), False)
        pos, start, end, detail = _intensifier_matches(TEXTS)
        want = [(p, s, e, t[s:e].lower()) for p, t in enumerate(TEXTS) for _, s, e, _ in matcher.find(t)]
        assert list(zip(pos.tolist(), start.tolist(), end.tolist(), detail)) == want
        assert pos.dtype == start.dtype == end.dtype == np.int64
        assert [d for *_, d in want] == ["very", "firmly", "resolutely", "very", "truly", "deeply", "absolutely"]
        assert _intensifiers_of(TEXTS) == [find_intensifiers(t) for t in TEXTS]

    def test_no_text(self):
        pos, start, end, detail = _intensifier_matches([])
        assert len(pos) == len(start) == len(end) == 0 and detail == []


class TestCountsEntries:
    def test_counts_round_trip_and_damaged_entry(self, tmp_path, monkeypatch):
        texts = ["one text", "another", "a third"]
        want = np.array([[1, 2], [3, 0], [0, 7]], dtype=np.int64)
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        assert _common.disk_cached_counts("test-counts", texts, "s", lambda: want) is want
        (entry,) = _entries(tmp_path, "test-counts")
        got = _common.disk_cached_counts("test-counts", texts, "s", lambda: pytest.fail("not read"))
        assert got.dtype == np.int64 and got.tolist() == want.tolist()
        _damage(entry)
        with pytest.warns(CacheWarning, match="test-counts"):
            again = _common.disk_cached_counts("test-counts", texts, "s", lambda: want)
        assert again.tolist() == want.tolist()
        assert _common.disk_cached_counts("test-counts", texts, "s", lambda: pytest.fail("not rewritten")).tolist() \
            == want.tolist()

    def test_width_zero_round_trip(self, tmp_path, monkeypatch):
        texts = ["a", "b"]
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        none = np.zeros((2, 0), dtype=np.int64)
        assert _common.disk_cached_counts("test-counts", texts, "w0", lambda: none).shape == (2, 0)
        got = _common.disk_cached_counts("test-counts", texts, "w0", lambda: pytest.fail("not read"))
        assert got.shape == (2, 0) and got.dtype == np.int64

    def test_frame_of_another_shape_not_used(self):
        frame = _common.counts_frame(np.array([[1, 2], [3, 4]], dtype=np.int64))
        assert _common.frame_counts(frame, 2).tolist() == [[1, 2], [3, 4]]
        assert _common.frame_counts(frame, 3) is None
        assert _common.frame_counts(frame.rename(columns={"c1": "x"}), 2) is None
        assert _common.frame_counts(frame.assign(c0=[-1, 0]), 2) is None
        assert _common.frame_counts(frame.astype(float), 2) is None

    def test_syllables_damaged_entry(self, tmp_path, monkeypatch):
        types = ("peace", "cooperation", "we", "development")
        want = [readability.syllable_count(t) for t in types]
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        assert readability._type_syllables(types).tolist() == want
        (entry,) = _entries(tmp_path, "syllables")
        _damage(entry)
        with pytest.warns(CacheWarning, match="syllables"):
            got = readability._type_syllables(types)
        assert got.tolist() == want and got.dtype == np.int64
        monkeypatch.setattr(readability, "syllable_count", lambda w: pytest.fail("not read from the cache"))
        assert readability._type_syllables(types).tolist() == want


def test_profile_and_readability_equal_with_a_cache(tmp_path, monkeypatch):
    t = _turns()
    _clear()
    plain = [detect_devices(t), readability.readability(t, by="role"),
             importlib.import_module("analysis.rhetoric").rhetoric_profile(t, by="speaker")]
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    for _ in range(2):  # written, then read
        _clear()
        got = [detect_devices(t), readability.readability(t, by="role"),
               importlib.import_module("analysis.rhetoric").rhetoric_profile(t, by="speaker")]
        for a, b in zip(got, plain):
            pd.testing.assert_frame_equal(a, b, check_exact=True)
    for kind in ("device-matches", "devices", "lexicon-counts", "readability", "syllables"):
        assert _entries(tmp_path, kind), kind
    _clear()
