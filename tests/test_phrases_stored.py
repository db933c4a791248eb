"""Tests of the phrase results kept in the on-disk cache (analysis.phrases._stored): frames
encoded and decoded exactly, cached results equal to computed ones, damaged entries computed
afresh with a warning, and the integer kernels equal to the former ones on small texts."""

from __future__ import annotations

import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.cache import CacheWarning
from analysis.periods import to_periods
from analysis.phrases import formula_emergence, formula_occurrences, formula_spread, formula_use, formulae
from analysis.cache import columns_digest
from analysis.phrases._stored import decode_frame, encode_frame

formulae_mod = sys.modules["analysis.phrases.formulae"]
emergence_mod = sys.modules["analysis.phrases.emergence"]

TEXTS = [
    "We firmly oppose any interference. I'm a Party member. Win-win cooperation is the way.",
    "We firmly oppose any interference! I am a Party member. Nothing else today.",
    "Win-win cooperation is the way. We firmly oppose any interference in the region.",
    "I'm a Party member, and win-win cooperation is the way. We firmly oppose any interference.",
    "Nothing to add. Win-win cooperation is the way forward.",
    "We firmly oppose any interference. Nothing else.",
]


def turns() -> pd.DataFrame:
    return pd.DataFrame({
        "transcript_id": ["a", "b", "c", "d", "e", "f"],
        "speaker": ["Lu", "Hua", "Lu", "Zhao", "Hua", None],
        "role": ["official", "official", "official", "official", "journalist", "official"],
        "date": pd.to_datetime(["2019-01-05", "2019-02-01", "2019-04-02", "2019-08-09", None, "2020-01-03"]),
        "text": TEXTS,
    })


def test_encode_decode_gives_the_frame_back_exactly():
    f = pd.DataFrame({
        "t": [("a", "b"), (), ("",), ("x y", "z")],
        "d": pd.to_datetime(["2020-01-01", None, "2021-05-06", "1999-12-31"]),
        "s": ["p", None, np.nan, ""],
        "plain": ["a", "b", "", "d"],
        "i": np.array([1, -2, 3, 4], dtype=np.int64),
        "f": [0.1, np.nan, -0.0, 1e300],
        "b": [True, False, True, False],
    })
    enc = encode_frame(f)
    assert enc is not None
    assert {str(dt) for dt in enc.dtypes} <= {"int64", "float64", "bool", "object"}
    back = decode_frame(enc)
    pd.testing.assert_frame_equal(back, f, check_exact=True)
    assert back["s"].iat[1] is None and isinstance(back["s"].iat[2], float)  # None and NaN kept apart
    assert back["t"].tolist() == [("a", "b"), (), ("",), ("x y", "z")]
    empty = f.iloc[:0].reset_index(drop=True)
    pd.testing.assert_frame_equal(decode_frame(encode_frame(empty)), empty.astype({"t": object}), check_exact=True)


@pytest.mark.parametrize("bad", [
    pd.DataFrame({"c": pd.Categorical(["a", "b"])}),
    pd.DataFrame({"i": np.array([1, 2], dtype=np.int32)}),
    pd.DataFrame({"s": ["a\x1fb", "c"]}),
    pd.DataFrame({"t": [("a\x1fb",), ("c",)]}),
    pd.DataFrame({"o": ["a", 3]}),
    pd.DataFrame({"s": ["a", "b"]}, index=[1, 2]),
])
def test_frames_that_cannot_be_encoded_are_left_uncached(bad):
    assert encode_frame(bad) is None


def test_columns_digest_tells_values_missing_values_and_dtypes_apart():
    t = turns()
    base = columns_digest(t, ["speaker", "date"])
    assert base == columns_digest(t.copy(), ["speaker", "date"])
    assert columns_digest(t.assign(speaker=t["speaker"].replace("Lu", "Lü")), ["speaker"]) != \
        columns_digest(t, ["speaker"])
    assert columns_digest(t.assign(speaker=t["speaker"].fillna("None")), ["speaker"]) != \
        columns_digest(t, ["speaker"])
    assert columns_digest(t.assign(speaker=t["speaker"].astype("category")), ["speaker"]) != \
        columns_digest(t, ["speaker"])
    assert columns_digest(t.drop(columns="date"), ["speaker", "date"]) != base


def _calls():
    """(public call, module, name of the function that computes it) of each cached result."""
    f = formulae(turns(), min_transcripts=2, min_length=2)
    return [
        (lambda: formulae(turns(), min_transcripts=2, min_length=2), formulae_mod, "_formulae_table", "formulae-v2"),
        (lambda: formula_use(turns(), f, by="speaker"), formulae_mod, "_use_table", "formula-use-v1"),
        (lambda: formula_occurrences(turns(), f), formulae_mod, "_occurrence_frame", "formula-occurrences-v1"),
        (lambda: formula_spread(turns(), f, freq="Q"), emergence_mod, "_spread", "formula-spread-v1"),
        (lambda: formula_emergence(turns(), f, freq="M", min_periods=3), emergence_mod, "_emergence",
         "formula-emergence-v1"),
    ]


@pytest.mark.parametrize("which", range(5))
def test_cached_result_equals_computed_and_damage_is_recomputed(tmp_path, monkeypatch, which):
    """Cold (entry written) and warm (entry read, nothing computed) calls equal the uncached
    frame exactly; a damaged entry is computed afresh with a warning naming it."""
    monkeypatch.delenv("ANALYSIS_CACHE", raising=False)
    call, module, name, kind = _calls()[which]
    fresh = call()
    assert len(fresh)
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    cold = call()
    entries = list((tmp_path / kind).rglob("*.parquet"))
    assert len(entries) == 1

    def boom(*args, **kwargs):  # pragma: no cover - only if the entry is not read
        raise AssertionError("computed although the result is cached")

    real = getattr(module, name)
    monkeypatch.setattr(module, name, boom)
    warm = call()
    monkeypatch.setattr(module, name, real)
    for got in (cold, warm):
        pd.testing.assert_frame_equal(got, fresh, check_exact=True)
    entries[0].write_bytes(entries[0].read_bytes()[:-40] + b"\x00" * 40)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = call()
    pd.testing.assert_frame_equal(again, fresh, check_exact=True)
    assert any(issubclass(w.category, CacheWarning) and str(entries[0]) in str(w.message) for w in caught)


def test_cached_formula_use_is_keyed_by_the_grouping_column(tmp_path, monkeypatch):
    """Another speaker column with the same texts is another entry, not the first one's frame."""
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
    f = formulae(turns(), min_transcripts=2, min_length=2)
    first = formula_use(turns(), f, by="speaker")
    renamed = turns().assign(speaker=turns()["speaker"].replace({"Lu": "Wang"}))
    second = formula_use(renamed, f, by="speaker")
    assert "Wang" in set(second["speaker"]) and "Wang" not in set(first["speaker"])
    monkeypatch.delenv("ANALYSIS_CACHE")
    pd.testing.assert_frame_equal(second, formula_use(renamed, f, by="speaker"), check_exact=True)


def _former_spread(frame: pd.DataFrame, names: list[str], occ: pd.DataFrame, freq: str) -> pd.DataFrame:
    """The former _spread (groupby on Period objects), the reference of the integer one."""
    tx = frame.groupby("transcript_id", sort=True)["date"].first().dropna()
    tx_period = to_periods(tx, freq)
    per_period = tx_period.value_counts().sort_index()
    occ = occ[occ["transcript_id"].isin(tx.index)]
    occ_period = tx_period.reindex(occ["transcript_id"]).to_numpy()
    used = (pd.DataFrame({"formula": occ["formula"].to_numpy(), "period": occ_period,
                          "transcript_id": occ["transcript_id"].to_numpy()})
            .groupby(["formula", "period"]).agg(n_transcripts=("transcript_id", "nunique"),
                                                count=("transcript_id", "size")))
    unique_names = list(dict.fromkeys(names))
    grid = pd.MultiIndex.from_product([unique_names, per_period.index], names=["formula", "period"])
    out = used.reindex(grid, fill_value=0).reset_index()
    out["transcripts"] = per_period.reindex(out["period"]).to_numpy()
    out["share"] = out["n_transcripts"] / out["transcripts"]
    out["period_start"] = pd.PeriodIndex(out["period"]).start_time
    out["period"] = out["period"].astype(str)
    out["formula"] = pd.Categorical(out["formula"], categories=unique_names, ordered=True)
    out = out.sort_values(["formula", "period_start"], ignore_index=True)
    out["formula"] = out["formula"].astype(str)
    cols = ["formula", "period", "period_start", "n_transcripts", "transcripts", "share", "count"]
    return out[cols].astype({"n_transcripts": "int64", "count": "int64", "transcripts": "int64"})


@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_spread_on_integer_codes_equals_the_former_kernel(freq):
    """Names given twice, a formula never used, undated transcripts, two turns of one transcript."""
    t = pd.concat([turns(), pd.DataFrame({"transcript_id": ["a", "g"], "speaker": ["Lu", "Lu"],
                                          "role": ["official"] * 2, "date": pd.to_datetime(["2019-01-05", None]),
                                          "text": ["We firmly oppose any interference.",
                                                   "Win-win cooperation is the way."]})], ignore_index=True)
    names = ["we firmly oppose any interference", "win-win cooperation is the way", "never said at all",
             "we firmly oppose any interference", "i am a party member"]
    members = [[n] for n in names]
    occ = formulae_mod._occurrence_frame(t, names, members, with_text=False)
    assert (occ["formula"] == names[0]).sum() == 2 * 6 and (occ["formula"] == names[1]).sum() == 5
    got = emergence_mod._spread(t, names, occ, freq)
    pd.testing.assert_frame_equal(got, _former_spread(t, names, occ, freq), check_exact=True)
    assert got["formula"].unique().tolist() == list(dict.fromkeys(names))
    if freq == "Y":
        assert got[got["formula"] == names[1]][["period", "n_transcripts", "count"]].values.tolist() == \
            [["2019", 3, 3], ["2020", 0, 0]]


def test_occurrences_without_text_are_the_occurrences_less_their_text():
    t = turns()
    names = ["we firmly oppose", "i am a party member", "win-win cooperation"]
    members = [[names[0]], [names[1], "i'm a party member"], [names[2]]]
    full = formulae_mod._occurrence_frame(t, names, members)
    bare = formulae_mod._occurrence_frame(t, names, members, with_text=False)
    pd.testing.assert_frame_equal(bare, full.drop(columns=["start", "end", "text"]), check_exact=True)
    assert full["formula"].value_counts().to_dict() == {names[0]: 5, names[2]: 4, names[1]: 3}
    none = formulae_mod._occurrence_frame(t, ["not here"], [["not here"]], with_text=False)
    assert none.empty and "text" not in none
