"""Loading a corpus quietly and taking every table it offers, for tests that compare loads."""

from __future__ import annotations

import warnings

import pandas as pd

from analysis.loader import load_corpus

#: The tables of a loaded corpus (``Corpus`` methods), each compared between loads.
TABLES = ("turns", "paragraphs", "summary", "notes", "speakers", "layouts", "boilerplate")


def quiet_load(path, **kw):
    """``load_corpus(path, **kw)`` with its warnings silenced (the tests read the notes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kw)


def corpus_tables(corpus) -> dict[str, pd.DataFrame]:
    """Every table of ``corpus`` (:data:`TABLES`), by name."""
    return {m: getattr(corpus, m)() for m in TABLES}
