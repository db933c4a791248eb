"""UTF-8 bytes without the lead byte of U+00C0-U+00FF decode without looking for mojibake:
the text and notes are those of repairing it on every file."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from analysis.parsers import decode as de


def _reference(raw: bytes) -> tuple[str, list[int]]:
    """The text and mojibake lines of ``raw`` (UTF-8, with or without a byte-order mark),
    mojibake looked for whatever the bytes."""
    return de.repair_mojibake(de.normalize_newlines(raw.decode("utf-8-sig")))


SAMPLES = ["plain ASCII\r\nlines\fhere", "China\u00e2\u20ac\u2122s position", "caf\u00e9\u2019s menu",
           "\u00c3\u00a9t\u00c3\u00a9 and more\n", "\u00e2\u20ac\u201c dash", "\u4e2d\u6587 text", "", "\u00f4\u00bf",
           "Mr. \u00c2\u00a0Smith"]


def test_decode_equals_repair_on_every_file():
    for text in SAMPLES:
        for raw in (text.encode("utf-8"), codecs.BOM_UTF8 + text.encode("utf-8")):
            got = de.decode(raw)
            want, changed = _reference(raw)
            assert got.text == want
            assert bool(changed) == any(n[0] == "mojibake" for n in got.notes)


@given(st.lists(st.sampled_from(["a", " ", "\n", "\r\n", "\u00e2", "\u20ac", "\u2122", "\u00c3", "\u00a9", "\u00e9",
                                 "\u2019", "\u00c2", "\u00a0", "\u4e2d", "x\u00f4\u00bf", "\u0152"]), max_size=40)
       .map("".join))
def test_decode_equals_repair(text):
    raw = text.encode("utf-8")
    if "\x00" in text:
        return
    got = de.decode(raw)
    want, changed = _reference(raw)
    assert got.text == want
    assert bool(changed) == any(n[0] == "mojibake" for n in got.notes)
