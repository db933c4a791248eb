"""Stock answers' lean sentence table: the sentences carry no turn columns until a caller
takes them (``_columns``), the transcripts a family spans are counted from integer codes
(``_spread``), and the results equal a reference built the earlier way (every turn column
on every sentence, ``groupby(...).nunique()``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis.phrases.stock as stock_mod
from analysis.phrases import stock_answer_rates, stock_answers


def _turns() -> pd.DataFrame:
    said = "We have noted the relevant reports."
    return pd.DataFrame({
        "transcript_id": ["a", "a", "b", "c", "d", "e"],
        "speaker": ["Lu", "Q", "Hua", "Lu", "Hua", "Lu"],
        "role": ["official", "questioner", "official", "official", "official", "official"],
        "date": pd.to_datetime(["2020-01-02", "2020-01-02", "2020-02-03", None, "2020-05-06", "2020-05-07"]),
        "text": [f"{said} Trade is going fine today.", f"{said} Is it true?", f"{said} Nothing else.",
                 "We noted the relevant reports. Thank you.", "No comment on that matter.", said],
    })


def test_sentences_hold_no_turn_columns_and_columns_takes_them() -> None:
    sub, sent = stock_mod._sentences(_turns(), ("official",), 4)
    assert list(sent.columns) == ["row", "start", "end", "wording", "_char"]
    # 5 official turns; sentences of 4+ tokens: a 2, b 1 ("nothing else" is 2), c 1, d 1, e 1
    assert sent["wording"].tolist() == ["we have noted the relevant reports", "trade is going fine today",
                                        "we have noted the relevant reports", "we noted the relevant reports",
                                        "no comment on that matter", "we have noted the relevant reports"]
    got = stock_mod._columns(sub, sent, ("transcript_id", "speaker", "missing"))
    assert got["transcript_id"].tolist() == ["a", "a", "b", "c", "d", "e"]
    assert got["speaker"].tolist() == ["Lu", "Lu", "Hua", "Lu", "Hua", "Lu"]
    assert got["missing"].isna().all()
    assert list(sent.columns) == ["row", "start", "end", "wording", "_char"]  # not changed in place


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_spread_equals_groupby_nunique(seed: int) -> None:
    rng = np.random.default_rng(seed)
    group = rng.integers(0, 40, size=500)
    transcript = rng.integers(-1, 25, size=500)  # -1: no transcript, not counted
    expected = (pd.Series(np.where(transcript >= 0, transcript, np.nan)).groupby(group).nunique()
                .reindex(range(45), fill_value=0).to_numpy())
    assert stock_mod._spread(group, transcript, 45).tolist() == expected.tolist()


def test_spread_by_hand() -> None:
    group = np.array([0, 0, 0, 1, 1, 2])
    transcript = np.array([3, 3, 5, -1, 0, -1])
    assert stock_mod._spread(group, transcript, 4).tolist() == [2, 1, 0, 0]


def test_stock_answers_and_rates_by_hand() -> None:
    got = stock_answers(_turns(), min_transcripts=3)
    assert got[["answer", "n_uses", "n_transcripts", "n_speakers", "n_variants"]].values.tolist() == [
        ["we have noted the relevant reports", 4, 4, 2, 2]]
    assert got["first_date"].iloc[0] == pd.Timestamp("2020-01-02")
    assert got["last_date"].iloc[0] == pd.Timestamp("2020-05-07")
    assert got["share_of_transcripts"].iloc[0] == 4 / 5
    rates = stock_answer_rates(_turns(), got)
    assert rates[["speaker", "n_sentences", "n_stock"]].values.tolist() == [["Hua", 2, 1], ["Lu", 4, 3]]
    by_quarter = stock_answer_rates(_turns(), got, by=None, freq="Q")
    # the undated turn's sentence is counted on a row of its own
    assert by_quarter["n_sentences"].sum() == 6
    assert by_quarter["n_stock"].sum() == 4
    assert by_quarter["period"].isna().sum() == 1


def test_no_date_column_gives_missing_dates() -> None:
    got = stock_answers(_turns().drop(columns="date"), min_transcripts=3)
    assert got["n_transcripts"].tolist() == [4]
    assert got["first_date"].isna().all() and got["last_date"].isna().all()


def test_equal_to_the_table_with_every_turn_column_on_every_sentence() -> None:
    """The families and kept sentences equal those of the earlier table (reference below)."""
    from analysis.corpus import load_corpus
    from analysis.figures import DEFAULT_CORPUS

    turns = stock_mod._one_speaker_spelling(load_corpus(DEFAULT_CORPUS).turns())
    sub, sent = stock_mod._sentences(turns, ("official",), 4)
    family = stock_mod._families(sent["wording"], stock_mod._transcript_codes(sub, sent), 90.0)
    ref = stock_mod._columns(sub, sent, ("transcript_id",)).assign(family=family)
    spread = ref.groupby("family")["transcript_id"].nunique()
    ref_kept = ref[ref["family"].isin(spread[spread >= 3].index)]
    mine = stock_mod._spread(family, stock_mod._transcript_codes(sub, sent), int(family.max()) + 1)
    assert np.array_equal(mine[family] >= 3, ref["family"].isin(spread[spread >= 3].index).to_numpy())
    assert len(ref_kept) > 100  # the bundled corpus has many stock sentences
    # every sentence is kept in the table: no text lost
    assert len(sent) == len(stock_mod._columns(sub, sent, ("speaker",)))
