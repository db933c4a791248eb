"""Notebook 00 (quickstart): key numbers agree with the library on the bundled corpus, and
papermill runs it on another folder of transcripts."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import papermill as pm

from analysis import phrases, terms, topics
from analysis.corpus import load_corpus
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers

NB = NOTEBOOK_DIR / "00_quickstart.ipynb"
MINI = Path(__file__).resolve().parent / "data" / "mini"


def test_key_numbers_match_the_library() -> None:
    got = key_numbers(execute_notebook(NB))
    corpus = load_corpus(NOTEBOOK_DIR.parent / "data")
    freqs = terms.term_frequencies(corpus, by="role", top=10)
    model = topics.fit_topics(topics.topic_units(corpus, unit="paragraph"), k=8, model="nmf", random_state=0)
    assert got == {
        "transcripts": len(corpus),
        "top_term_official": freqs[freqs["role"] == "official"].iloc[0]["term"],
        "n_formulae": len(phrases.formulae(corpus, min_transcripts=3, min_length=3)),
        "largest_topic_share": round(float(topics.topic_labels(model)["share_units"].max()), 6),
    }


def test_papermill_on_another_folder(tmp_path: Path) -> None:
    out = tmp_path / "quickstart_mini.ipynb"
    pm.execute_notebook(str(NB), str(out), parameters={"CORPUS": str(MINI), "K_TOPICS": 2, "MIN_TRANSCRIPTS": 2, "MIN_DF": 1},
                        cwd=str(NOTEBOOK_DIR), progress_bar=False, kernel_name="python3")
    nb = nbformat.read(out, as_version=4)
    numbers = json.loads("".join(o.get("text", "") for c in nb.cells if "key-numbers" in c.metadata.get("tags", [])
                                 for o in c.outputs if o.get("output_type") == "stream"))
    assert numbers["transcripts"] == len(load_corpus(MINI)) == 3
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells if c.cell_type == "code"
                    for o in c.get("outputs", []))
    assert "The corpus holds 3 transcripts" in shown
