"""Page entries store their text once and give back exactly the page that was parsed."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from analysis import cache as cache_mod
from analysis.cache import CacheWarning, page_key, read_page, write_page
from analysis.loader import _read_file

CRLF = "Q: Is it ready?\r\n\r\nA: It is, Mr. Smith.\r\nYes.\fEnd of page\r\n"


@pytest.mark.parametrize("text, encoding", [(CRLF, "utf-8"), ("\ufeff" + CRLF, "utf-8"),
                                            (CRLF.replace("Smith", "Sm\u00eeth"), "cp1252"),
                                            ("Q: caf\u00e9?\n\nA: Oui \u2019 yes.\n", "utf-8")])
def test_page_entry_round_trips(tmp_path, text, encoding):
    path = tmp_path / "a.txt"
    raw = text.encode(encoding)
    path.write_bytes(raw)
    got = _read_file(raw, path, "auto", None)
    assert got[0] == "page"
    key = page_key(raw, str(path), "auto", None)
    assert write_page(key, got[1], got[2], cache=tmp_path / "c", raw=raw) is True
    entry = json.loads(cache_mod.entry_path(key, kind="pages", cache=tmp_path / "c", suffix=".json").read_bytes())
    assert (entry["page"]["text"] is None) == (encoding == "utf-8")
    assert all(q[0] is None for t in entry["turns"] for q in t[4])  # raw texts come from their spans
    back = read_page(key, cache=tmp_path / "c", path=str(path), raw=raw)
    assert back is not None and back[0] == got[1] and back[1] == got[2]


def test_entry_without_its_bytes_is_not_used(tmp_path):
    path = tmp_path / "a.txt"
    raw = CRLF.encode()
    path.write_bytes(raw)
    got = _read_file(raw, path, "auto", None)
    key = page_key(raw, str(path), "auto", None)
    write_page(key, got[1], got[2], cache=tmp_path / "c", raw=raw)
    with pytest.warns(CacheWarning, match="bytes, which were not given"):
        assert read_page(key, cache=tmp_path / "c", path=str(path)) is None


def test_bundled_pages_round_trip(tmp_path):
    folder = Path(__file__).resolve().parents[1] / "data" / "transcripts"
    files = sorted(p for p in folder.rglob("*") if p.is_file())[:80]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for f in files:
            raw = f.read_bytes()
            got = _read_file(raw, f, "auto", None)
            if got[0] != "page":
                continue
            key = page_key(raw, str(f), "auto", None)
            if write_page(key, got[1], got[2], cache=tmp_path, raw=raw):
                back = read_page(key, cache=tmp_path, path=str(f), raw=raw)
                assert back is not None and back[0] == got[1] and back[1] == got[2], f
