"""A page read back from the page cache keeps the reasons its roles were given while reading
(analysis.cache.write_page / read_page)."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd

from analysis.corpus import load_corpus

ZH = Path(__file__).resolve().parent / "data" / "zh_turns"


def _turns(cache) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(ZH, cache=cache).turns()


def test_reasons_set_while_reading_survive_the_page_cache(tmp_path) -> None:
    fresh = _turns(False)
    set_while_reading = fresh["role_reason"].str.contains("named in the title|reporter's labelled turn")
    assert set_while_reading.any()  # the parser, not the role pass, gave these reasons
    cache = tmp_path / "cache"
    pd.testing.assert_frame_equal(_turns(cache), fresh)
    shutil.rmtree(cache / "loads")  # the whole-load entry gone: every page is read back from its entry
    assert any((cache / "pages").rglob("*.json"))
    pd.testing.assert_frame_equal(_turns(cache), fresh)
