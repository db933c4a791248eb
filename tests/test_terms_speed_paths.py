"""The fast paths of the term figures give what the former paths gave: word counts made
without sorting, results kept in the on-disk cache (read back equal, a damaged entry computed
afresh, a changed input never served an old entry), and x-ray ticks drawn without
``ax.vlines`` (figure bytes unchanged)."""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import terms as tm
from analysis.cache import CacheWarning
from analysis.terms import _base
from analysis.terms._base import count_rows, word_counts, word_view
from analysis.token_options import TokenOptions

# the modules (``analysis.terms.dispersion`` is also the name of a function there)
dispersion_module = importlib.import_module("analysis.terms.dispersion")
mwe = importlib.import_module("analysis.terms.mwe")
trends = importlib.import_module("analysis.terms.trends")

TEXTS = ["Hong Kong trade talks, trade war.", "The trade war: Hong Kong is calm; the talks go on.", "",
         "Talks, talks and more talks about trade.", "Hong Kong! Hong Kong? calm calm"]


@pytest.fixture(scope="module")
def bundled():
    from analysis import load_corpus

    turns = load_corpus("data").turns()
    return turns.sort_values(["date", "transcript_id", "turn_index"], na_position="last", kind="stable",
                             ignore_index=True)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANALYSIS_CACHE", str(folder))
    return folder


@pytest.fixture
def no_cache(monkeypatch):
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)


def _sorted_counts(view, columns):
    """The former way: every type counted (COO summed by sorting), then the columns taken."""
    m = view.counts()[:, columns].tocsr()
    m.sort_indices()
    return m


def _assert_same_matrix(a, b):
    assert a.shape == b.shape
    for name in ("data", "indices", "indptr"):
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    assert b.has_canonical_format


# --------------------------------------------------------------------------- word counts
def test_word_counts_exact_on_small_texts():
    view = word_view(pd.DataFrame({"text": TEXTS}), TokenOptions())
    types = list(view.types)
    columns = np.array([types.index("talks"), types.index("kong"), types.index("trade")])
    m = word_counts(view, columns)
    assert m.toarray().tolist() == [[1, 1, 2], [1, 1, 1], [0, 0, 0], [3, 0, 1], [0, 2, 0]]
    _assert_same_matrix(_sorted_counts(view, columns), m)


@pytest.mark.parametrize("opts", [TokenOptions(), TokenOptions(lemmas=True, phrases=["hong kong"]),
                                  TokenOptions(lowercase=False)])
def test_word_counts_equal_former_on_bundled_corpus(bundled, opts):
    view = word_view(bundled, opts)
    columns = np.random.default_rng(1).permutation(len(view.types))[: 2 * len(view.types) // 3]
    _assert_same_matrix(_sorted_counts(view, columns), word_counts(view, columns))


def test_word_counts_of_no_tokens():
    view = word_view(pd.DataFrame({"text": ["", "...", ""]}), TokenOptions())
    m = word_counts(view, np.zeros(0, dtype=np.int64))
    assert m.shape == (3, 0) and m.nnz == 0


def test_count_rows_equal_former_path(bundled):
    opts = TokenOptions()
    counted = count_rows(bundled, opts)
    view = word_view(bundled, opts)
    types = np.asarray(view.types, dtype=object)
    index = {t: i for i, t in enumerate(view.types)}
    _assert_same_matrix(_sorted_counts(view, np.array([index[t] for t in counted.vocabulary])), counted.matrix)
    assert list(counted.vocabulary) == sorted(counted.vocabulary)
    stops = _base.resolve_stop_words(True)
    used = set(types[np.bincount(view.tid, minlength=len(types)) > 0])
    assert set(counted.vocabulary) == {t for t in used if t.lower() not in stops}


def _ngram_reference(frame: pd.DataFrame, opts: TokenOptions, min_rows: int):
    """N-gram counts the slow way: word lists, :func:`_base._ngrams`, one Counter per row."""
    from collections import Counter

    stops = _base.resolve_stop_words(opts.stop_words)
    rows = [Counter(_base._ngrams(t, opts.ngram_range, stops)) for t in _base.token_lists(frame, opts)]
    in_rows = Counter(g for c in rows for g in c)
    vocab = sorted(g for g, k in in_rows.items() if k >= min_rows)
    column = {g: j for j, g in enumerate(vocab)}
    dense = [{column[g]: k for g, k in c.items() if g in column} for c in rows]
    return vocab, dense


@pytest.mark.parametrize("opts,min_rows", [(TokenOptions(ngram_range=(1, 2)), 1), (TokenOptions(ngram_range=(1, 2)), 3),
                                           (TokenOptions(ngram_range=(2, 3), stop_words=False), 2),
                                           (TokenOptions(ngram_range=(1, 2), lemmas=True), 2)])
def test_ngram_counts_equal_counter_reference(bundled, opts, min_rows):
    for frame in (pd.DataFrame({"text": TEXTS}), bundled):
        counted = count_rows(frame, opts, min_rows=min_rows)
        vocab, rows = _ngram_reference(frame, opts, min_rows)
        assert counted.vocabulary.tolist() == vocab
        m = counted.matrix
        assert m.has_canonical_format and m.dtype == np.int64
        got = [dict(zip(m.indices[m.indptr[i]:m.indptr[i + 1]].tolist(), m.data[m.indptr[i]:m.indptr[i + 1]].tolist()))
               for i in range(m.shape[0])]
        assert got == rows


# --------------------------------------------------------------------------- on-disk cache
CASES = {
    "dispersion": (dispersion_module, "_dispersion", "dispersion",
                   lambda turns: tm.dispersion(turns, phrases=["hong kong"], min_count=1)),
    "dispersion_terms": (dispersion_module, "_dispersion", "dispersion",
                         lambda turns: tm.dispersion(turns, ["trade", "hong kong", "talk*"], measures="all")),
    "fixed_phrases": (mwe, "_fixed_phrases", "fixed_phrases", lambda turns: tm.fixed_phrases(turns, min_count=2)),
    "rising_terms": (trends, "_rising_terms", "rising_terms",
                     lambda turns: tm.rising_terms(turns, per_period=2, min_parts=1)),
}


def _small_turns() -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": ["a", "a", "b", "c", "d"],
                         "date": pd.to_datetime(["2019-01-01", "2019-01-01", "2019-05-01", "2020-01-01",
                                                 "2020-02-01"]),
                         "text": TEXTS})


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted((folder / kind).rglob("*.parquet"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_cache_reads_back_what_was_computed(case, cache, monkeypatch):
    module, compute_name, kind, call = CASES[case]
    turns = _small_turns()
    monkeypatch.delenv("ANALYSIS_CACHE")
    expected = call(turns)
    monkeypatch.setenv("ANALYSIS_CACHE", str(cache))
    cold = call(turns)
    pd.testing.assert_frame_equal(cold, expected, check_exact=True)
    assert len(_entries(cache, kind)) == 1

    def fail(*args, **kwargs):
        raise AssertionError("computed again although the entry is cached")

    monkeypatch.setattr(module, compute_name, fail)
    warm = call(turns)
    pd.testing.assert_frame_equal(warm, expected, check_exact=True)


#: Damage that leaves no readable entry: half the file, or a byte of the first column's values
#: (a flip in footer statistics or padding may change nothing that is read).
DAMAGE = {"truncated": lambda raw: raw[: len(raw) // 2],
          "flipped-value": lambda raw: raw[:44] + bytes([raw[44] ^ 0x10]) + raw[45:]}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_entry_is_computed_afresh(case, damage, cache):
    _, _, kind, call = CASES[case]
    turns = _small_turns()
    expected = call(turns)
    (entry,) = _entries(cache, kind)
    entry.write_bytes(DAMAGE[damage](entry.read_bytes()))
    with pytest.warns(CacheWarning):
        again = call(turns)
    pd.testing.assert_frame_equal(again, expected, check_exact=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)  # rewritten: read cleanly now
        pd.testing.assert_frame_equal(call(turns), expected, check_exact=True)


def test_changed_inputs_are_not_served_an_old_entry(cache, monkeypatch):
    turns = _small_turns()
    tm.dispersion(turns, min_count=1)
    regrouped = turns.assign(transcript_id=["a", "b", "b", "c", "c"])  # same texts, other parts
    retexted = turns.assign(text=[t.replace("calm", "quiet") for t in TEXTS])
    calls = [lambda: tm.dispersion(regrouped, min_count=1), lambda: tm.dispersion(retexted, min_count=1),
             lambda: tm.dispersion(turns, min_count=2), lambda: tm.dispersion(turns, min_count=1, stop_words=False),
             lambda: tm.dispersion(turns, min_count=1, parts="date"),
             lambda: tm.dispersion(turns, min_count=1, measures="all")]
    got = [c() for c in calls]
    assert len(_entries(cache, "dispersion")) == 1 + len(calls)
    monkeypatch.delenv("ANALYSIS_CACHE")
    for c, g in zip(calls, got):
        pd.testing.assert_frame_equal(g, c(), check_exact=True)


def test_rising_terms_key_reads_the_dates(cache, monkeypatch):
    turns = _small_turns()
    first = tm.rising_terms(turns, per_period=2, min_parts=1)
    moved = turns.assign(date=pd.to_datetime(["2019-01-01", "2019-01-01", "2020-05-01", "2020-01-01", "2021-02-01"]))
    second = tm.rising_terms(moved, per_period=2, min_parts=1)
    monkeypatch.delenv("ANALYSIS_CACHE")
    pd.testing.assert_frame_equal(first, tm.rising_terms(turns, per_period=2, min_parts=1), check_exact=True)
    pd.testing.assert_frame_equal(second, tm.rising_terms(moved, per_period=2, min_parts=1), check_exact=True)
    assert not first.equals(second)


def test_cached_results_on_bundled_corpus_equal_uncached(bundled, tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    phrases = tm.fixed_phrases(bundled)["phrase"].tolist()
    expected = {"fixed": tm.fixed_phrases(bundled), "disp": tm.dispersion(bundled, phrases=phrases),
                "rising": tm.rising_terms(bundled, by="year", per_period=3)}
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "c"))
    for _ in ("cold", "warm"):
        got = {"fixed": tm.fixed_phrases(bundled), "disp": tm.dispersion(bundled, phrases=phrases),
               "rising": tm.rising_terms(bundled, by="year", per_period=3)}
        for k, frame in expected.items():
            pd.testing.assert_frame_equal(got[k], frame, check_exact=True)


# --------------------------------------------------------------------------- x-ray plot
def test_xray_ticks_bytes_equal_vlines(bundled, monkeypatch, no_cache):
    """plot_dispersion's tick collections render to the PNG bytes ``ax.vlines`` gave; in the
    SVG the ticks are one embedded image (rasterized), not a path per use."""
    from matplotlib.axes import Axes
    from matplotlib.collections import LineCollection

    from analysis.figures import _render
    from analysis.plots import terms as pt

    positions = tm.term_positions(bundled, ["china", "trade", "hong kong", "taiwan"], phrases=["hong kong"])
    fast = _render(pt.plot_dispersion(positions))
    real_add = Axes.add_collection
    drawn = []

    def as_vlines(self, collection, autolim=True):
        if not isinstance(collection, LineCollection) or getattr(self, "_in_vlines", False):
            return real_add(self, collection, autolim=autolim)
        segs = np.asarray(collection.get_segments())
        drawn.append(len(segs))
        self._in_vlines = True
        try:
            return self.vlines(segs[:, 0, 0], segs[0, 0, 1], segs[0, 1, 1], color=collection.get_color(),
                               linewidth=collection.get_linewidth()[0], rasterized=collection.get_rasterized())
        finally:
            self._in_vlines = False

    monkeypatch.setattr(Axes, "add_collection", as_vlines)
    former = _render(pt.plot_dispersion(positions))
    assert drawn == positions.groupby("term", sort=False).size().tolist()
    assert fast == former
    svg = fast["svg"].decode()
    assert svg.count("<image") == 1  # the rasterized ticks, as one image
    assert len(svg) < 200_000  # a path per use was 3.4 MB on the bundled corpus
