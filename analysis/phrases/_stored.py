"""Phrase results kept in the on-disk cache (:func:`analysis.cache.cached_frame`).

A result frame of the phrase functions holds columns a Parquet entry does not give back as
they are: tuples of strings (``members``, ``variants``), dates, strings with missing values
(``top_speaker``, ``first_period``). :func:`encode_frame` writes such a frame as one of
int64, float64, bool and string columns only, each column's name carrying how to read it
back (:data:`_SEP` then a tag), and :func:`decode_frame` gives back the frame exactly (same
columns, dtypes, values and missing values). A frame with any other column (a category, an
int32, a string holding the separator) is not encoded: it is returned uncached.

:func:`cached_result` keys an entry by the texts' content (:func:`stream_result_key`: the
stream's modules' source, library versions, the Chinese segmenter), the options, the other
columns of the turns the result reads (their values, missing values and dtypes), the
word lists in ``analysis/lexicons`` and the versions of rapidfuzz and lemminflect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from ._common import stream_result_key

__all__ = ["cached_result", "decode_frame", "encode_frame"]

#: Separates a column's name from its tag in an encoded frame (and the items of a tuple).
_SEP = "\x1f"
#: Missing-value codes of a string column with gaps: a string, None, NaN.
_PRESENT, _NONE, _NAN = 0, 1, 2
_PLAIN = {np.dtype("int64"): "i", np.dtype("float64"): "f", np.dtype("bool"): "b"}


def _strings_or_missing(values: np.ndarray) -> np.ndarray | None:
    """Per value the missing code (:data:`_PRESENT`, :data:`_NONE`, :data:`_NAN`), or None when
    a value is neither a string nor one of those two missing values."""
    items = values.tolist()
    if set(map(type, items)) <= {str}:  # the usual column: strings only (a subclass of str is looked at one by one)
        return np.full(len(items), _PRESENT, dtype=np.int64)
    codes = np.empty(len(items), dtype=np.int64)
    for i, v in enumerate(items):
        if isinstance(v, str):
            codes[i] = _PRESENT
        elif v is None:
            codes[i] = _NONE
        elif isinstance(v, float) and v != v:
            codes[i] = _NAN
        else:
            return None
    return codes


def _tuple_column(values: list) -> tuple[list[str], np.ndarray] | None:
    """A column of tuples of strings as (items joined by :data:`_SEP`, tuple lengths), or None.

    Each tuple's items are joined at once (a tuple holding anything but strings fails the
    join); an item holding the separator shows as more separators in the
    joined texts than the tuples' items less one each."""
    if set(map(type, values)) != {tuple}:
        return None
    try:
        joined = list(map(_SEP.join, values))
    except TypeError:
        return None
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    if "".join(joined).count(_SEP) != int(np.maximum(lengths - 1, 0).sum()):
        return None
    return joined, lengths


def encode_frame(frame: pd.DataFrame) -> pd.DataFrame | None:
    """``frame`` as int64, float64, bool and string columns (see the module notes), or None
    when a column cannot be encoded or the index is not ``0..n-1``.

    Examples
    --------
    >>> f = pd.DataFrame({"a": [("x", "y"), ()], "d": pd.to_datetime(["2020-01-01", None]), "s": ["p", None]})
    >>> decode_frame(encode_frame(f)).equals(f)
    True
    """
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        return None
    if not all(isinstance(c, str) and _SEP not in c for c in frame.columns) or frame.columns.has_duplicates:
        return None
    out: dict[str, object] = {}
    for name in frame.columns:
        col = frame[name]
        dtype = col.dtype
        if dtype in _PLAIN:
            out[f"{name}{_SEP}{_PLAIN[dtype]}"] = col.to_numpy()
        elif isinstance(dtype, np.dtype) and dtype.kind == "M":
            out[f"{name}{_SEP}M{dtype.str}"] = col.to_numpy().view(np.int64)
        elif dtype == object:
            values = col.to_numpy()
            tuples = _tuple_column(values.tolist()) if len(values) and type(values[0]) is tuple else None
            if tuples is not None:
                out[f"{name}{_SEP}t"] = np.asarray(tuples[0], dtype=object)
                out[f"{name}{_SEP}n"] = tuples[1]
                continue
            codes = _strings_or_missing(values)
            if codes is None:
                return None
            texts = np.where(codes == _PRESENT, values, "").astype(object)
            if _SEP in "".join(texts.tolist()):
                return None
            out[f"{name}{_SEP}s"] = texts
            out[f"{name}{_SEP}m"] = codes
        else:
            return None
    return pd.DataFrame(out, index=pd.RangeIndex(len(frame)))


def decode_frame(encoded: pd.DataFrame) -> pd.DataFrame:
    """The frame :func:`encode_frame` encoded.

    Raises
    ------
    ValueError
        ``encoded`` is not a frame :func:`encode_frame` made.
    """
    out: dict[str, object] = {}
    names = list(encoded.columns)
    i = 0
    while i < len(names):
        name, _, tag = str(names[i]).rpartition(_SEP)
        values = encoded[names[i]].to_numpy()
        if tag in ("i", "f", "b"):
            out[name] = values
        elif tag.startswith("M"):
            out[name] = values.astype(np.int64).view(np.dtype(tag[1:]))
        elif tag in ("t", "s"):
            if i + 1 >= len(names) or names[i + 1] != f"{name}{_SEP}{'n' if tag == 't' else 'm'}":
                raise ValueError(f"column {name!r} lacks its companion column")
            extra = encoded[names[i + 1]].to_numpy().astype(np.int64)
            col = np.empty(len(values), dtype=object)
            if tag == "t":
                col[:] = [tuple(s.split(_SEP)) if k else () for s, k in zip(values.tolist(), extra.tolist())]
                if any(len(t) != k for t, k in zip(col.tolist(), extra.tolist())):
                    raise ValueError(f"column {name!r} does not match its tuple lengths")
            else:
                if len(extra) and (extra.min() < _PRESENT or extra.max() > _NAN):
                    raise ValueError(f"column {name!r} has unknown missing-value codes")
                col[:] = values.tolist()
                col[extra == _NONE] = None
                col[extra == _NAN] = np.nan
            out[name] = col
            i += 1
        else:
            raise ValueError(f"column {names[i]!r} has no known tag")
        i += 1
    return pd.DataFrame(out, index=pd.RangeIndex(len(encoded)))


def cached_result(kind: str, frame: pd.DataFrame, columns: Sequence[str], options: object,
                  compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """``compute()``, a result of the phrase stream of ``frame``'s texts, kept in the on-disk
    cache (``ANALYSIS_CACHE``) as an entry of ``kind``.

    Parameters
    ----------
    kind : str
        The entry's kind; bump its version suffix when the result changes meaning.
    frame : pandas.DataFrame
        The turns the result is computed from (their ``text``).
    columns : sequence of str
        The other columns of ``frame`` the result reads.
    options : object
        Every option of the call (its ``repr`` is part of the key).
    compute : callable
        Returns the frame.

    Returns
    -------
    pandas.DataFrame
        Equal to ``compute()``; a frame :func:`encode_frame` cannot encode is not cached.
    """
    from ..cache import bad_entry, cached_frame, columns_digest, data_key, entry_path, versions

    raw: dict[str, pd.DataFrame] = {}
    made: dict[str, str] = {}

    def key() -> str:
        texts = frame["text"].fillna("").astype(str).tolist()
        extra = (columns_digest(frame, columns), data_key("lexicons"), versions("rapidfuzz", "lemminflect"))
        made["key"] = stream_result_key(kind, (options, extra), texts)
        return made["key"]

    def encoded() -> pd.DataFrame:
        out = compute()
        raw["frame"] = out  # returned as computed (its encoded copy decodes to it exactly)
        enc = encode_frame(out)
        return out if enc is None else enc

    stored = cached_frame(kind, key, encoded)
    if "frame" in raw:
        return raw["frame"]
    try:
        return decode_frame(stored)
    except (ValueError, TypeError) as exc:
        bad_entry(entry_path(made.get("key", ""), kind=kind, cache=None) or kind, f"cannot be decoded ({exc})")
        return compute()


def stop_option(stop_words: object) -> object:
    """A ``stop_words`` option as a key part whose ``repr`` is stable: a collection of words
    sorted, ``True``, ``False`` and ``"function"`` as they are."""
    if isinstance(stop_words, (bool, str)):
        return stop_words
    return ("words", sorted(str(w) for w in stop_words))
