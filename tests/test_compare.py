"""Notebook 06 (compare two groups): key numbers agree with the library."""

from __future__ import annotations

from analysis import overview, phrases, terms
from analysis.corpus import load_corpus
from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers


def test_notebook_06_key_numbers() -> None:
    got = key_numbers(execute_notebook(NOTEBOOK_DIR / "06_compare.ipynb"))
    turns = load_corpus(NOTEBOOK_DIR.parent / "data").turns()
    pair = turns[turns["speaker"].isin(["Geng Shuang", "Hua Chunying"])].reset_index(drop=True)
    sizes = overview.words_by(pair, "speaker").set_index("speaker")["n_words"]
    key = terms.keyness(pair, "Geng Shuang", "Hua Chunying", by="speaker", min_parts=5)
    assert got == {
        "words_a": int(sizes["Geng Shuang"]),
        "words_b": int(sizes["Hua Chunying"]),
        "key_terms_significant": int(key["significant"].sum()),
        "top_key_term": key.iloc[0]["term"],
        "n_formulae": len(phrases.formulae(pair, min_transcripts=3, min_length=3)),
    }
    assert got["words_a"] == int(turns.loc[turns["speaker"] == "Geng Shuang", "n_words"].sum())
