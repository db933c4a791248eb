"""Names with a lower-case particle inside ("Sergio Vieira de Mello", "Côte d'Ivoire", "Abd
al-Aziz") are names, in formulae()/names() and in evaluate_formulae()'s names measure alike;
a particle at the start or end of a name, or next to a lower-case word, makes none."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import evaluate_formulae, formulae, names

#: Names as written, each recurring in four transcripts between different words.
CASES = [
    "Sergio Vieira de Mello",
    "Côte d'Ivoire",
    "Côte d\u2019Ivoire",
    "Ludwig van Beethoven",
    "Trinidad and Tobago",
    "Abd al-Aziz",
    "Pedro da Silva",
    "Conseil d'Etat",
    "Ludwig Mies van der Rohe",  # a run of two particles between capitals
    "Republic of Guinea-Bissau",
]
LEADS = ["Today we heard", "Yesterday they praised", "Once more we thank", "Again I recall"]
TAILS = ["at length.", "with care.", "once again.", "in full."]


def _turns(phrase: str) -> pd.DataFrame:
    texts = [f"{lead} {phrase} {tail}" for lead, tail in zip(LEADS, TAILS)]
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(4)], "speaker": ["A", "B", "C", "D"],
                         "text": texts})


@pytest.mark.parametrize("phrase", CASES)
def test_names_with_particles_are_names(phrase: str) -> None:
    t = _turns(phrase)
    want = phrase.lower().replace("\u2019", "'")
    got = formulae(t, kind="all").set_index("formula")["kind"].to_dict()
    assert got == {want: "name"}, got
    assert names(t)["formula"].tolist() == [want]
    assert formulae(t).empty
    # the evaluator reads the same rule from the text as spoken
    ev = evaluate_formulae(formulae(t, kind="all"), [], turns=t)
    assert ev["name_rows"] == [want] and ev["names"] == 1.0


@pytest.mark.parametrize("phrase,want", [
    ("of bin Laden", "of bin laden"),  # particle at the start of the name: after a lower-case word
    ("with de Gaulle", "with de gaulle"),
    ("Ana Costa de", "ana costa de"),  # particle at the end: no capital after it
    ("Banco de credit", "banco de credit"),  # a lower-case word after the particle
    ("against al-Qaida", "against al-qaida"),  # a bound particle with no capitalised word before it
])
def test_particles_at_edges_or_next_to_lower_case_make_no_name(phrase: str, want: str) -> None:
    t = _turns(phrase)
    got = formulae(t, kind="all", stop_rule="none").set_index("formula")["kind"].to_dict()
    assert got.get(want) == "formula", got
    ev = evaluate_formulae(formulae(t, kind="all", stop_rule="none"), [], turns=t)
    assert want not in ev["name_rows"]


def test_lower_case_title_next_to_particle_makes_no_name() -> None:
    # "minister" is a title, but written in lower case: the particle after it is not inside a name
    t = _turns("minister de Klerk")
    got = formulae(t, kind="all", stop_rule="none").set_index("formula")["kind"].to_dict()
    assert got == {"minister de klerk": "formula"}


def test_particle_written_with_capital_was_a_name_already() -> None:
    t = _turns("Sergio Vieira De Mello")
    assert names(t)["formula"].tolist() == ["sergio vieira de mello"]


def test_inside_particles_by_hand() -> None:
    from analysis.phrases.names import inside_particles

    # words:        Sergio Vieira de  la  Mello  | of  bin Laden | Rio de
    cap = np.array([[1, 1, 0, 0, 1], [0, 0, 1, 0, 0], [1, 0, 0, 0, 0]], dtype=bool)
    particle = np.array([[0, 0, 1, 1, 0], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0]], dtype=bool)
    bound = np.zeros_like(cap)
    got = inside_particles(particle, cap, bound)
    assert got.tolist() == [[False, False, True, True, False], [False] * 5, [False] * 5]
    # a bound particle ("d'Ivoire") needs a capitalised word (or particles after one) before it
    bound = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=bool)
    cap = np.array([[1, 0, 0], [0, 0, 0], [1, 0, 0]], dtype=bool)
    particle = np.array([[0, 0, 0], [0, 0, 0], [0, 1, 0]], dtype=bool)
    got = inside_particles(particle, cap, bound)
    assert got.tolist() == [[False, True, False], [False, False, False], [False, True, True]]


def test_texts_unchanged_by_the_rule() -> None:
    # no text lost: every occurrence of the name is found, in every transcript
    t = _turns("Sergio Vieira de Mello")
    row = names(t).iloc[0]
    assert (row["count"], row["n_transcripts"], row["n_speakers"]) == (4, 4, 4)
