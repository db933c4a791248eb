"""The formula table made from arrays of occurrences (label, turn, wording) equals the table made
from the former occurrence frame; the span lookups that replaced stream-long arrays give the
same answers as the formulations they replaced."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import analysis.phrases  # noqa: F401 - the package's names hide the modules
from analysis.corpus import load_corpus
from analysis.phrases._extend import Listed
from analysis.phrases._variants import shifted_windows

formulae_mod = sys.modules["analysis.phrases.formulae"]
names_mod = sys.modules["analysis.phrases.names"]
ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- the former path
def former_occurrences(frame, stream, label, pos, end, names, *, phrase, phrase_texts):
    """The former occurrence frame (lower=True): stream-long cumulative sums for the slow spans."""
    order = np.lexsort((pos, label))
    label, pos, end, phrase = label[order], pos[order], end[order], phrase[order]
    width = int(end.max()) + 1
    run_end = np.maximum.accumulate(label.astype(np.int64) * width + end) - label.astype(np.int64) * width
    new = np.ones(len(pos), dtype=bool)
    new[1:] = (label[1:] != label[:-1]) | (pos[1:] >= run_end[:-1])
    group = np.cumsum(new) - 1
    starts = pos[new]
    ends = np.zeros(len(starts), dtype=np.int64)
    np.maximum.at(ends, group, end)
    label = label[new]
    rows = stream.row[starts].astype(np.int64)
    texts = frame["text"].fillna("").astype(str).to_numpy()
    c_start = stream.char_start[starts].astype(np.int64)
    c_end = stream.char_end[ends - 1].astype(np.int64)
    surface = np.empty(len(starts), dtype=object)
    bad_form = np.concatenate([[0], np.cumsum(~stream.plain_form)])
    bad_gap = np.concatenate([[0], np.cumsum(~stream.plain_gap)])
    slow = (bad_form[ends] != bad_form[starts]) | (bad_gap[ends] != bad_gap[starts + 1])
    whole = np.bincount(group, minlength=len(starts)) == 1
    known = np.flatnonzero(~slow & whole)
    surface[known] = np.asarray(phrase_texts, dtype=object)[phrase[new][known]]
    fast = np.flatnonzero(~slow & ~whole)
    surface[fast] = stream.texts_of(starts[fast], ends[fast] - starts[fast])
    at = np.flatnonzero(slow)
    surface[at] = [" ".join(texts[r][s:e].split()).lower().replace("\u2019", "'")
                   for r, s, e in zip(rows[at], c_start[at], c_end[at])]
    out = formulae_mod._occurrence_rows(frame, names, label, rows)
    out["text"] = surface
    return out


def former_spread_table(frame, occ, names, n_tokens, roles):
    """The former spread table, read from the occurrence frame."""
    k = len(names)
    lab = occ["_label"].to_numpy().astype(np.int64)
    wording, spoken = pd.factorize(occ["text"].to_numpy(), sort=False)
    spoken = np.asarray(spoken, dtype=object)
    alpha = np.empty(len(spoken), dtype=np.int64)
    alpha[np.argsort(spoken, kind="stable")] = np.arange(len(spoken))
    pairs, c = np.unique(lab * max(len(spoken), 1) + wording, return_counts=True)
    v_label, v_code = np.divmod(pairs, max(len(spoken), 1))
    by = np.lexsort((alpha[v_code], -c, v_label))
    out = pd.DataFrame({"formula": names})
    out["variants"] = formulae_mod._tuples(v_label[by], spoken[v_code[by]], k)
    out["n_variants"] = out["variants"].map(len)
    out["count"] = np.bincount(lab, minlength=k)
    rows = occ["_row"].to_numpy()
    out["n_transcripts"] = formulae_mod._distinct(lab, frame["transcript_id"], rows, k)
    out["n_speakers"] = formulae_mod._distinct(lab, frame["speaker"], rows, k)
    dates = pd.to_datetime(occ["date"]) if "date" in frame else pd.Series(pd.NaT, index=occ.index)
    out["first_date"] = dates.groupby(lab).min().reindex(range(k)).to_numpy()
    out["last_date"] = dates.groupby(lab).max().reindex(range(k)).to_numpy()
    n_tx = frame["transcript_id"].nunique()
    out["share_of_transcripts"] = out["n_transcripts"] / n_tx if n_tx else np.nan
    if "date" in frame:
        tx_dates = np.sort(pd.to_datetime(frame.groupby("transcript_id")["date"].first()).dropna().to_numpy())
        lo = np.searchsorted(tx_dates, out["first_date"].to_numpy(), "left")
        hi = np.searchsorted(tx_dates, out["last_date"].to_numpy(), "right")
        known = dates.notna().to_numpy()
        dated = formulae_mod._distinct(lab[known], frame["transcript_id"], rows[known], k)
        out["active_share"] = np.where(hi - lo > 0, dated / np.maximum(hi - lo, 1), np.nan)
    else:
        out["active_share"] = np.nan
    out["per_1000"] = out["count"] / n_tokens * 1_000 if n_tokens else np.nan
    top = pd.DataFrame({"_label": lab, "speaker": occ["speaker"].to_numpy()}).groupby(["_label", "speaker"]).size()
    top = top.reset_index(name="c").sort_values(["_label", "c", "speaker"], ascending=[True, False, True])
    top = top.drop_duplicates("_label")
    out["top_speaker"] = top.set_index("_label")["speaker"].reindex(range(k)).to_numpy()
    if roles:
        role_codes = pd.Categorical(occ["role"], categories=roles).codes.astype(np.int64)
        ok = role_codes >= 0
        per_role = np.bincount(lab[ok] * len(roles) + role_codes[ok], minlength=k * len(roles)).reshape(k, len(roles))
        total = per_role.sum(axis=1, keepdims=True)
        shares = np.divide(per_role, total, out=np.zeros(per_role.shape), where=total > 0)
        for i, r in enumerate(roles):
            out[f"share_{r}"] = shares[:, i]
    return out


def former_family_occurrences(frame, stream, family, listed, texts_of):
    pos = listed.pos.astype(np.int64)
    label = family[listed.phrase]
    return (former_occurrences(frame, stream, label, pos, pos + listed.n[listed.phrase], [""] * (int(label.max()) + 1),
                               phrase=listed.phrase, phrase_texts=texts_of),)


def _table(frame: pd.DataFrame, **options) -> pd.DataFrame:
    opts = dict(min_transcripts=2, min_speakers=1, min_length=2, max_length=None, similarity=90.0,
                stop_words="function", stop_rule="edges", edge_fixedness=formulae_mod.EDGE_FIXEDNESS,
                nested_share=formulae_mod.NESTED_SHARE, kind="all", rank_by="formulaicity", lowercase=True,
                expand_contractions=True)
    opts.update(options)
    return formulae_mod._formulae_table(frame, **opts)


def _former_table(monkeypatch, frame: pd.DataFrame, **options) -> pd.DataFrame:
    with monkeypatch.context() as m:
        m.setattr(formulae_mod, "_family_occurrences", former_family_occurrences)
        m.setattr(formulae_mod, "_spread_table", lambda frame, occ, names, n, roles:
                  former_spread_table(frame, occ, names, n, roles))
        return _table(frame, **options)


HAND = pd.DataFrame({
    "transcript_id": ["a", "a", "b", "c", "c", "d"],
    "speaker": ["Lu", None, "Hua", "Lu", "Geng", "Hua"],
    "role": ["official", "journalist", "official", None, "official", "official"],
    "date": pd.to_datetime(["2019-01-02", "2019-01-02", None, "2019-03-04", "2019-03-04", "2019-05-06"]),
    "text": ["We firmly oppose it. I'm a Party member. The one-China principle and the three joint communiqués.",
             "We don't accept that. We firmly oppose it! Wang Yi met them.",
             "We firmly oppose that. I am a Party member. the one-China principle and the three joint communiqués",
             "We do not accept that. WE FIRMLY OPPOSE IT. Foreign Minister Wang Yi met them.",
             "I\u2019m a Party member, we firmly oppose this. The one-China principle and the three joint communiqués.",
             "Foreign Minister Wang Yi said we don't accept that. We firmly oppose it."]})


def test_hand_made_table_equals_the_former_path(monkeypatch) -> None:
    got = _table(HAND)
    pd.testing.assert_frame_equal(got, _former_table(monkeypatch, HAND))
    assert set(got["top_speaker"].dropna()) <= {"Lu", "Hua", "Geng"}
    no_dates = HAND.drop(columns=["date", "role"])
    pd.testing.assert_frame_equal(_table(no_dates), _former_table(monkeypatch, no_dates))


def test_bundled_corpus_table_equals_the_former_path(monkeypatch) -> None:
    path = ROOT / "data"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    frame = load_corpus(path).turns()
    pd.testing.assert_frame_equal(_table(frame), _former_table(monkeypatch, frame))


# --------------------------------------------------------------------------- shifted windows
def former_shifted_pairs(listed, family):
    pos = np.asarray(listed.pos, dtype=np.int64)
    order = np.argsort(pos, kind="stable")
    p = pos[order]
    fam = family[listed.phrase[order]]
    end = p + np.asarray(listed.n, dtype=np.int64)[listed.phrase[order]]
    nxt = np.arange(1, len(p))
    cur = nxt - 1
    shifted = (p[nxt] > p[cur]) & (p[nxt] < end[cur]) & (end[nxt] > end[cur]) & (fam[nxt] != fam[cur])
    return fam[cur][shifted], fam[nxt][shifted]


def test_shifted_windows_by_slices_as_by_index_arrays() -> None:
    rng = np.random.default_rng(7)
    for _ in range(20):
        k = int(rng.integers(2, 12))
        n = rng.integers(2, 6, size=k)
        phrase = rng.integers(0, k, size=60)
        pos = rng.integers(0, 80, size=60)
        listed = Listed(n=n, first=np.zeros(k, dtype=np.int64), pos=pos, phrase=phrase,
                        independent=np.ones(60, dtype=bool))
        family = rng.integers(0, max(k // 2, 1), size=k)
        family = np.unique(family, return_inverse=True)[1]
        counts = np.bincount(phrase, minlength=k)
        got = shifted_windows(listed, family, counts)
        # the pairs of the former index arrays: each joined pair shares a family
        a, b = former_shifted_pairs(listed, family)
        fam_counts = np.bincount(family, weights=counts, minlength=int(family.max()) + 1)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        kk = int(family.max()) + 1
        pairs, overlap = np.unique(lo * kk + hi, return_counts=True)
        lo, hi = pairs // kk, pairs % kk
        keep = overlap >= 0.5 * np.maximum(fam_counts[lo], fam_counts[hi])
        joined = {(int(x), int(y)) for x, y in zip(lo[keep], hi[keep])}
        for x, y in joined:  # joined families share a new family
            assert len(set(got[family == x]) | set(got[family == y])) == 1


# --------------------------------------------------------------------------- names ending a phrase
def test_ends_with_name_by_hand() -> None:
    # words:  the  hon  member for  Great Grimsby Mr  Mitchell
    word = np.array([[0, 1, 1, 0, 1, 1, 1, 1]], dtype=bool)
    named = np.array([[1, 0, 1, 1, 1, 1, 1, 1]], dtype=bool)  # function words count as named
    proper = np.array([[0, 0, 1, 0, 1, 1, 0, 1]], dtype=bool)
    assert names_mod._ends_with_name(word, named, proper).tolist() == [True]
    # "full and rigorous self-governance of the Party": one name word at the end
    word = np.array([[1, 0, 1, 1, 0, 0, 1]], dtype=bool)
    named = np.array([[0, 1, 0, 0, 1, 1, 1]], dtype=bool)
    proper = np.array([[0, 0, 0, 0, 0, 0, 1]], dtype=bool)
    assert names_mod._ends_with_name(word, named, proper).tolist() == [False]
    # "the noble Lord Lord": titles only, no name after them
    word = np.array([[0, 1, 1, 1]], dtype=bool)
    named = np.array([[1, 0, 1, 1]], dtype=bool)
    proper = np.zeros((1, 4), dtype=bool)
    assert names_mod._ends_with_name(word, named, proper).tolist() == [False]


def test_formula_ending_with_a_name_is_a_name() -> None:
    texts = ["I thank the hon Member for Great Grimsby Mr Mitchell for that.",
             "As the hon Member for Great Grimsby Mr Mitchell said, we agree.",
             "The hon Member for Great Grimsby Mr Mitchell is right.",
             "I am grateful to the hon Member for his question.", "The hon Member for his part agrees.",
             "Does the hon Member for Leeds agree?", "The hon Member for Bath disagrees."]
    t = pd.DataFrame({"transcript_id": [f"t{i}" for i in range(7)], "speaker": list("ABCDEFG"), "text": texts})
    got = formulae_mod.formulae(t, kind="all").set_index("formula")["kind"].to_dict()
    assert got.get("the hon member for great grimsby mr mitchell") == "name"
    assert got.get("the hon member for") == "formula"


def test_not_plain_matches_cumulative_counts() -> None:
    """Spans read position by position flag the same spans as stream-long cumulative counts."""
    rng = np.random.default_rng(0)
    plain = rng.random(500) > 0.1
    starts = rng.integers(0, 480, 2000)
    ends = starts + rng.integers(1, 20, 2000)
    bad = np.concatenate([[0], np.cumsum(~plain)])
    for skip in (0, 1):
        expected = bad[ends] != bad[np.minimum(starts + skip, ends)]
        assert np.array_equal(formulae_mod._not_plain(plain, starts, ends, skip), expected)
    assert formulae_mod._not_plain(plain, starts[:0], ends[:0], 0).shape == (0,)


def test_merge_spans_orders_ties_as_lexsort() -> None:
    """Spans of one label at one position (two phrases of a family) keep their given order, as
    the former lexsort kept them; overlapping spans of a label merge, others do not."""
    label = np.array([1, 0, 1, 0, 1, 1], dtype=np.int32)
    pos = np.array([5, 3, 5, 9, 0, 20], dtype=np.int64)
    end = np.array([7, 5, 8, 11, 2, 22], dtype=np.int64)
    phrase = np.array([10, 11, 12, 13, 14, 15], dtype=np.int64)
    lab, starts, ends, group, ph = formulae_mod._merge_spans(label, pos, end, phrase)
    assert lab.tolist() == [0, 0, 1, 1, 1]
    assert starts.tolist() == [3, 9, 0, 5, 20]
    assert ends.tolist() == [5, 11, 2, 8, 22]
    assert group.tolist() == [0, 1, 2, 3, 3, 4]
    assert ph.tolist() == [11, 13, 14, 10, 12, 15]


@pytest.mark.parametrize("as_text", [False, True])
def test_date_bounds_match_groupby(as_text: bool) -> None:
    """First and last dates per label, read per turn, equal pandas' groupby over the occurrences
    (undated turns skipped; a label with no dated occurrence, or none at all, is NaT)."""
    dates = pd.to_datetime(["2019-01-02", None, "2018-05-06", "2020-03-04"])
    frame = pd.DataFrame({"date": dates.astype(str).where(dates.notna(), None) if as_text else dates})
    lab = np.array([0, 0, 1, 1, 2, 0, 4], dtype=np.int64)
    rows = np.array([0, 2, 1, 3, 1, 3, 0], dtype=np.int64)
    first, last, known = formulae_mod._date_bounds(frame, lab, rows, 5)
    per_occ = pd.to_datetime(pd.Series(frame["date"].to_numpy()[rows]))
    assert np.array_equal(first, per_occ.groupby(lab).min().reindex(range(5)).to_numpy(), equal_nan=True)
    assert np.array_equal(last, per_occ.groupby(lab).max().reindex(range(5)).to_numpy(), equal_nan=True)
    assert known.tolist() == [True, True, False, True, False, True, True]
    assert pd.isna(first[[2, 3]]).all() and first[0] == np.datetime64("2018-05-06")
