"""The turns table every analysis reads: its columns and :func:`as_turns`.

This is the bottom floor of the package: it imports no reader of files (``analysis.corpus``,
``analysis.loader``, ``analysis.parsers``), so an analysis that only needs a turns frame does
not load them. ``analysis.corpus`` re-exports both names.
"""

from __future__ import annotations

import pandas as pd

from ._validation import check_columns
from .types import TurnsLike

__all__ = ["TURN_COLUMNS", "as_turns"]

#: Columns of :meth:`Corpus.turns`, in order (metadata variables follow).
TURN_COLUMNS = (
    "transcript_id", "date", "title", "source", "kind", "speaker", "speaker_key", "role",
    "role_reason", "outlet", "label", "turn_index", "answers_turn", "exchange", "text", "n_words",
    "n_paragraphs", "directions", "path", "line",
)


def as_turns(turns: TurnsLike, *, caller: str = "as_turns", columns: tuple[str, ...] = ("text",)) -> pd.DataFrame:
    """The turns DataFrame of a ``Corpus``, or the DataFrame itself, checked for ``columns``.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Anything with a ``turns()`` method (a ``Corpus``) is asked for its frame; a DataFrame
        is used as it is (not copied).
    caller : str, default="as_turns"
        The public function named in error messages.
    columns : tuple of str, default=("text",)
        Columns the frame must have.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    TypeError
        Neither a Corpus nor a DataFrame.
    ValueError
        A required column is missing.

    Examples
    --------
    >>> frame = pd.DataFrame({"text": ["Good afternoon."], "role": ["moderator"]})
    >>> as_turns(frame, columns=("text", "role")) is frame
    True
    >>> as_turns(frame, caller="term_counts", columns=("speaker",))
    Traceback (most recent call last):
    ...
    ValueError: term_counts(): turns has no column(s) 'speaker'; available columns: text, role.
    >>> as_turns(["Good afternoon."])
    Traceback (most recent call last):
    ...
    TypeError: as_turns(): turns must be a Corpus or a pandas DataFrame; got list.
    """
    if hasattr(turns, "turns") and callable(turns.turns):
        frame = turns.turns()
    elif isinstance(turns, pd.DataFrame):
        frame = turns
    else:
        raise TypeError(f"{caller}(): turns must be a Corpus or a pandas DataFrame; got {type(turns).__name__}.")
    check_columns(frame, columns, caller=caller)
    return frame
