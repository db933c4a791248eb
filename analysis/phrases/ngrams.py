"""N-gram counts by any grouping, inside sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_interval
from ..languages import has_han
from ..turns import as_turns
from ..types import GroupBy, TurnsLike, by_list
from ._common import (
    candidate_rule, check_bool, check_length_range, distinct_counts, empty_frame, row_codes,
)
from ._extend import frequent_levels
from ._stream import StopWords, check_stop_options, frame_stream, phrase_text
from ._variants import written_form

__all__ = ["ngram_counts"]


def ngram_counts(
    turns: TurnsLike,
    *,
    n: int | tuple[int, int] = (2, 8),
    by: GroupBy | None = None,
    min_count: int = 2,
    stop_words: StopWords = True,
    stop_rule: str = "all",
    lowercase: bool = True,
    expand_contractions: bool = False,
) -> pd.DataFrame:
    """Count word n-grams, never across a sentence or turn boundary, by any grouping.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        From ``Corpus.turns()``; needs ``text`` and the ``by`` columns.
    n : int or tuple of (int, int), default=(2, 8)
        One length, or the range of lengths ``(min_n, max_n)`` (both included).
    by : str, list of str or None, default=None
        Grouping column(s) (``"speaker"``, ``["transcript_id", "role"]``); None counts the
        whole corpus.
    min_count : int, default=2
        Keep n-grams seen at least this often in a group.
    stop_words : bool, "function" or collection of str, default=True
        The stop list: True is :func:`analysis.text.stop_words`; "function" is
        :data:`analysis.phrases.FUNCTION_WORDS`; False none; or your own words.
    stop_rule : {"all", "edges", "none"}, default="all"
        Which n-grams to drop: "all" drops n-grams made only of stop words ("of the",
        "it is") and keeps "of the party"; "edges" drops n-grams starting or ending with
        one; "none" keeps everything. Stop words are never removed from inside an n-gram.
    lowercase : bool, default=True
        Count case-insensitively.
    expand_contractions : bool, default=False
        Count "I'm" as "i am", "don't" as "do not" (see :mod:`analysis.phrases`).

    Returns
    -------
    pandas.DataFrame
        One row per group and n-gram, sorted by the ``by`` columns, then ``count``
        descending, then ``ngram``. Columns: the ``by`` columns, ``ngram`` (tokens joined
        by spaces, clitics attached: "party's work"; Chinese words run together, as
        written: "国际社会"), ``n`` (tokens), ``count``,
        ``n_turns`` (turns containing it), ``per_1000`` (count per 1,000 tokens of the
        group).

    Raises
    ------
    ValueError
        A bad ``n``, ``min_count < 1``, an unknown ``stop_rule`` or a missing column.

    See Also
    --------
    recurring_phrases : only the longest recurring sequences, not every sub-n-gram.

    Notes
    -----
    Tokens are lower-cased words and numbers with punctuation dropped (see
    :mod:`analysis.phrases`); an n-gram is ``n`` consecutive tokens of one sentence.
    Counting extends frequent (n-1)-grams only (Apriori pruning), so the cost follows the
    number of n-grams that reach ``min_count``, not ``n`` times the corpus.

    References
    ----------
    Manning, C. & Schuetze, H. (1999). Foundations of Statistical Natural Language
    Processing, chapter 6 (n-gram models). MIT Press.

    Examples
    --------
    >>> turns = pd.DataFrame({"text": ["Reform of the Party. Reform of the Party works.",
    ...                                "The Party works."]})
    >>> ngram_counts(turns, n=3)[["ngram", "count"]].values.tolist()
    [['of the party', 2], ['reform of the', 2], ['the party works', 2]]
    """
    caller = "ngram_counts"
    lo, hi = check_length_range(caller, n)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    check_stop_options(caller, stop_words, stop_rule)
    check_bool(caller, lowercase=lowercase, expand_contractions=expand_contractions)
    cols = by_list(by)
    frame = as_turns(turns, caller=caller, columns=("text", *cols))
    out_cols = [*cols, "ngram", "n", "count", "n_turns", "per_1000"]
    if frame.empty:
        return empty_frame(frame, cols, out_cols)
    stream = frame_stream(frame, lowercase=lowercase, expand_contractions=expand_contractions)
    gcode, keys = row_codes(frame, cols)
    pos_group = gcode[stream.row]
    group_tokens_total = np.bincount(pos_group, minlength=len(keys))
    levels = frequent_levels(stream, supports=[(None, min_count)], max_length=hi, keep_from=lo)
    rule = candidate_rule(stream, stop_words, stop_rule)
    parts = []
    han = any(map(has_han, stream.vocab.tolist()))
    for lv in levels:
        keep_group = rule(lv)
        code = lv.code.astype(np.int64)
        pos = lv.pos.astype(np.int64)
        sel = keep_group[code]
        code, pos = code[sel], pos[sel]
        if not len(code):
            continue
        pairs = pos_group[pos] * lv.n_groups + code
        uniq, counts = np.unique(pairs, return_counts=True)
        n_turns = distinct_counts(pairs, stream.row[pos], len(frame))
        ok = counts >= min_count
        uniq, counts, n_turns = uniq[ok], counts[ok], n_turns[ok]
        g, c = np.divmod(uniq, lv.n_groups)
        wanted = np.unique(c)
        texts = np.empty(lv.n_groups, dtype=object)
        texts[wanted] = [phrase_text(stream.vocab[stream.ids[lv.first[x]:lv.first[x] + lv.n]]) for x in wanted]
        if han:  # Chinese words run together, as written
            texts[wanted] = [written_form(t) for t in texts[wanted].tolist()]
        part = keys.iloc[g].reset_index(drop=True) if cols else pd.DataFrame(index=range(len(g)))
        part["ngram"] = texts[c]
        part["n"] = lv.n
        part["count"] = counts
        part["n_turns"] = n_turns
        part["per_1000"] = counts / group_tokens_total[g] * 1_000
        parts.append(part)
    if not parts:
        return empty_frame(frame, cols, out_cols)
    out = pd.concat(parts, ignore_index=True)[out_cols]
    return out.sort_values([*cols, "count", "ngram"], ascending=[*[True] * len(cols), False, True],
                           ignore_index=True, na_position="last")
