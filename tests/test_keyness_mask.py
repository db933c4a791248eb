"""A boolean mask of the turns as the target of keyness and distinctive_terms (quanteda's logical
target): the selected turns against the rest, the same table as a group column would give."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.errors import EmptyResultError
from analysis.terms import distinctive_terms, keyness

TURNS = pd.DataFrame({"year": [1999, 2001, 2003, 1998, 2005],
                      "role": ["official", "official", "questioner", "questioner", "official"],
                      "text": ["Cooperation and peace, cooperation.", "Terrorism and security, security.",
                               "Security and terrorism?", "Peace and cooperation?", "Security, terrorism, climate."]})
GROUPED = TURNS.assign(group=np.where(TURNS["year"] >= 2000, "target", "reference"))


@pytest.mark.parametrize("call", [keyness, distinctive_terms])
def test_a_mask_is_the_selected_turns_against_the_rest(call):
    got = call(TURNS, TURNS["year"] >= 2000, min_count=1)
    want = call(GROUPED, "target", "reference", by="group", min_count=1)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert got["target"].unique().tolist() == ["target"] and got.iloc[0]["term"] == "security"
    pd.testing.assert_frame_equal(call(TURNS, (TURNS["year"] >= 2000).to_numpy(), min_count=1), want)
    pd.testing.assert_frame_equal(call(TURNS, list(TURNS["year"] >= 2000), min_count=1), want)


@pytest.mark.parametrize("call", [keyness, distinctive_terms])
def test_a_mask_that_is_no_mask_is_named_clearly(call):
    name = call.__name__
    with pytest.raises(TypeError, match=rf"^{name}\(\): target must be a value of by .* got a Series of int64"):
        call(TURNS, TURNS["year"], min_count=1)
    with pytest.raises(TypeError, match=rf"^{name}\(\): target must be .* shape \(3,\)"):
        call(TURNS, np.array([True, False, True]), min_count=1)
    with pytest.raises(ValueError, match=rf"^{name}\(\): the target mask's index differs"):
        call(TURNS, (TURNS["year"] >= 2000).reset_index(drop=True).set_axis(range(5, 10)), min_count=1)
    with pytest.raises(ValueError, match="give no reference or compare"):
        call(TURNS, TURNS["year"] >= 2000, "official", min_count=1)
    with pytest.raises(EmptyResultError, match="selects every turn"):
        call(TURNS, TURNS["year"] > 0, min_count=1)


def test_a_value_written_as_text_names_a_number_of_the_column():
    # keyness(turns, "2024", by="year") on an integer year column (a file-name field)
    got = keyness(TURNS, "2001", by="year", min_count=1)
    pd.testing.assert_frame_equal(got, keyness(TURNS, 2001, by="year", min_count=1), check_exact=True)
    with pytest.raises(EmptyResultError, match="target='2002' matches no turns"):
        keyness(TURNS, "2002", by="year", min_count=1)
