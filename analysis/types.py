"""Type aliases for the input shapes that recur across the public API."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = ["PathLike", "TurnsLike", "GroupBy", "by_list"]

#: A file or directory path.
PathLike = Union[str, "os.PathLike[str]"]
#: A ``Corpus`` or the DataFrame returned by ``Corpus.turns()`` (any frame with ``text``).
TurnsLike = Union["Corpus", pd.DataFrame]
#: One grouping column or several.
GroupBy = Union[str, Sequence[str]]


def by_list(by: GroupBy | None) -> list[str]:
    """Grouping columns as a list: ``"role"`` -> ``["role"]``; ``None`` -> ``[]``.

    Examples
    --------
    >>> by_list("role"), by_list(["transcript_id", "role"]), by_list(None)
    (['role'], ['transcript_id', 'role'], [])
    """
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)
