"""The phrase surface's cache keys and entries: the text salt (:func:`analysis.tokens._text_salt`)
is given to the texts with a Han character, short or long, and a surface is stored as plain uncompressed tables
whose digest a read checks (a changed value is refused and the run built again)."""

from __future__ import annotations

import warnings

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis.tokens as tokens_mod
from analysis.cache import CacheWarning
import analysis.phrases._stream as stream_mod

#: Texts on both sides of every edge of the Han ranges the salt looks for (U+3400-U+4DBF,
#: U+4E00-U+9FFF, U+F900-U+FAFF), beside ASCII, Latin-1, curly quotes, a lone surrogate and
#: an astral character.
EDGES = [0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00,
         0xFFFD, 0x20000]
TEXTS = ["", "Peace.", "caf\u00e9", "We\u2019re here \u201cnow\u201d.", "lone \ud800 surrogate", "\u4e2d\u56fd",
         "\u7684 \u7acb\u573a", *(f"text {chr(c)} here" for c in EDGES), *(chr(c) for c in EDGES)]


@pytest.mark.parametrize("pad", [0, 300])  # short texts are searched; long ones first checked by code point
def test_the_salt_is_given_to_the_texts_with_a_han_character(pad):
    salt = tokens_mod._text_salt()
    texts = [t + " " + "x" * pad if pad else t for t in TEXTS]
    got = [salt(t) for t in texts]
    # the Han characters, and only they, are salted (with the segmenter's id)
    salted = {t for t, s in zip(texts, got) if s}
    assert salted == {t for t in texts if any(0x3400 <= ord(c) <= 0x4DBF or 0x4E00 <= ord(c) <= 0x9FFF
                                              or 0xF900 <= ord(c) <= 0xFAFF for c in t)}
    assert len(salted) == 2 + 2 * 6


def _surface_texts() -> list[str]:
    return [f"We firmly oppose it, number {i}. I'm sure they'd agree! The U.S.-led talks go on." for i in range(30)] \
        + ["\u4e2d\u56fd \u7684 \u7acb\u573a \u662f \u4e00\u8d2f \u7684\u3002", "", "Peace."]


def _same_surface(a, b) -> None:
    assert a.types == b.types and a.n_texts == b.n_texts
    for name in ("tid", "text", "start", "flags"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_surface_entries_are_plain_uncompressed_and_read_back_equal(monkeypatch, tmp_path):
    texts = _surface_texts()
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 512)
    built = stream_mod.stream_surface(texts, n_jobs=1, cache=False)
    written = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    types_entries = sorted((tmp_path / "phrase_surface").rglob("*.parquet"))
    token_entries = sorted((tmp_path / "phrase_surface").rglob("*.arrow"))
    assert all(pq.read_schema(p).names == ["value"] for p in types_entries)
    assert len(types_entries) > 1 and len(token_entries) == len(types_entries)  # a types and a token entry per run
    for path in types_entries:
        meta = pq.read_metadata(path)
        assert not pa.types.is_dictionary(pq.read_schema(path).types[0])
        assert {meta.row_group(0).column(i).compression for i in range(meta.num_columns)} == {"UNCOMPRESSED"}
    for path in token_entries:
        with pa.OSFile(str(path)) as source:
            reader = pa.ipc.open_file(source)
            assert reader.schema.names == ["tid", "start", "flags"]
            assert all(not pa.types.is_dictionary(t) for t in reader.schema.types)
    read = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    _same_surface(written, built)
    _same_surface(read, built)


def _read_ipc(path) -> pa.Table:
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


@pytest.mark.parametrize("column", ["tid", "value"])
def test_a_changed_surface_entry_is_refused_and_its_run_built_again(monkeypatch, tmp_path, column):
    texts = _surface_texts()
    monkeypatch.setattr(tokens_mod, "RUN_BYTES", 512)
    built = stream_mod.stream_surface(texts, n_jobs=1, cache=False)
    stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    entries = sorted((tmp_path / "phrase_surface").rglob("*.parquet" if column == "value" else "*.arrow"))
    tables = {p: pq.read_table(p) if p.suffix == ".parquet" else _read_ipc(p) for p in entries}
    path = next(p for p, t in tables.items() if column in t.column_names and t.num_rows > 1)
    table = tables[path]
    values = table.column(column).to_pylist()
    values[0], values[1] = values[1], values[0]  # two values swapped: same types, same counts
    assert values != table.column(column).to_pylist()
    changed = table.set_column(table.column_names.index(column), column, pa.array(values, table.column(column).type))
    changed = changed.replace_schema_metadata(table.schema.metadata)
    if path.suffix == ".parquet":
        pq.write_table(changed, path, compression="none")
    else:
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, changed.schema) as writer:
            writer.write_table(changed)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    assert any(issubclass(w.category, CacheWarning) and "digest" in str(w.message) for w in caught)
    _same_surface(read, built)
    # the run was stored again: a second read finds every entry sound
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = stream_mod.stream_surface(texts, n_jobs=1, cache=tmp_path)
    assert not [w for w in caught if issubclass(w.category, CacheWarning)]
    _same_surface(again, built)
