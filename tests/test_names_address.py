"""Forms of address ("My Lords", "Your Honor") are formulae, not names, in formulae()/names()
and in evaluate_formulae()'s names measure alike; a title run ending in a title ("Mr Chief
Justice") after lower-case words is no name either."""
from __future__ import annotations

import pandas as pd
import pytest
from test_names_particles import LEADS, TAILS, _turns  # a phrase in four transcripts between different words

from analysis.phrases import evaluate_formulae, formulae, names


@pytest.mark.parametrize("phrase", ["My Lords", "Your Excellency Mr President", "our Prime Minister"])
def test_forms_of_address_are_formulae(phrase: str) -> None:
    t = _turns(phrase)
    want = phrase.lower()
    got = formulae(t, kind="all").set_index("formula")["kind"].to_dict()
    assert got == {want: "formula"}, got
    assert names(t).empty
    ev = evaluate_formulae(formulae(t, kind="all"), [], turns=t)
    assert ev["name_rows"] == [] and ev["names"] == 0.0


def test_a_name_after_a_title_is_still_a_name() -> None:
    t = _turns("Chief Justice Roberts")
    assert formulae(t, kind="all").set_index("formula")["kind"].to_dict() == {"chief justice roberts": "name"}
    # a form of address ending with a person's name is a name, as any phrase ending with one
    t = _turns("my colleague Lu Kang")
    assert formulae(t, kind="all").set_index("formula")["kind"].to_dict() == {"my colleague lu kang": "name"}


def test_thanks_to_a_title_is_a_formula() -> None:
    # "thank you, Mr Chief Justice": the title is not a person's name ending the phrase
    t = pd.DataFrame({"transcript_id": [f"t{i}" for i in range(4)], "speaker": list("ABCD"),
                      "text": [f"{x} Thank you, Mr. Chief Justice. {y}" for x, y in zip(LEADS, TAILS)]})
    got = formulae(t, kind="all").set_index("formula")["kind"].to_dict()
    assert got.get("thank you mr chief justice") == "formula", got
