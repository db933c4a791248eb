"""Helpers for the phrase stream tests: two streams equal field by field."""

from __future__ import annotations

import numpy as np

#: The per-position and per-type arrays of a :class:`analysis.phrases._stream.Stream`.
FIELDS = ("ids", "seg_end", "row", "row_start", "vocab", "char_start", "char_end", "plain_form", "plain_gap")


def assert_same_stream(got, want) -> None:
    """Assert that streams ``got`` and ``want`` hold the same arrays (values and dtypes), the
    same sentence count, vocabulary index and token options."""
    for name in FIELDS:
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype, name
        np.testing.assert_array_equal(a, b, err_msg=name)
    assert got.n_sentences == want.n_sentences
    assert got.index == want.index
    assert (got.lowercase, got.expand_contractions) == (want.lowercase, want.expand_contractions)
