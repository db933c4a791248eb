""":func:`analysis.phrases.recurring_phrases` on partitions: on local cores or on a Dask cluster.

Two strategies, one result (the test suite checks that both equal the single-process
function):

* ``engine="joblib"`` (one machine): sentence splitting and tokenization, the costly part,
  run per partition on local processes; the partitions' token streams are joined into the
  stream the single-process function would have built, and mining (n-gram extension and the
  maximality pass of :mod:`analysis.phrases`) runs once on it, in compiled loops.
* ``engine="dask"`` (beyond one machine): the token streams stay on the workers, and mining
  is distributed Apriori (Agrawal & Shafer 1996, "count distribution"): in each round every
  partition counts its candidate (n+1)-grams -- extensions of the n-grams that were frequent
  in the whole corpus -- and only (candidate, count) pairs travel; the client sums them,
  keeps those reaching ``min_count`` and sends the frequent set back. The maximality pass
  runs the same way, one length at a time from the longest: partitions count the
  occurrences not inside a longer listed phrase, the client decides which phrases are listed.
  Partitions hold whole transcripts, and phrases never cross a sentence, so every count is
  a sum over partitions.

References
----------
Agrawal, R. & Shafer, J. C. (1996). Parallel mining of association rules. IEEE Transactions
on Knowledge and Data Engineering, 8(6), 962-969.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from ..phrases._common import candidate_rule, codes_of, sort_order
from ..phrases._extend import Level
from ..phrases._stream import Stream, build_stream, phrase_text
from ..phrases.maximal import recurring_phrases as _recurring_phrases
from ..types import TurnsLike
from ._engine import Pool, check_engine, dask_client, default_partitions

__all__ = ["recurring_phrases"]


def recurring_phrases(
    turns: TurnsLike,
    *,
    min_count: int = 3,
    min_length: int = 2,
    max_length: int | None = None,
    stop_words: bool | str | frozenset[str] | set[str] | list[str] | tuple[str, ...] = "function",
    stop_rule: str = "edges",
    lowercase: bool = True,
    expand_contractions: bool = False,
    engine: str = "joblib",
    n_jobs: int = -1,
    backend: str = "auto",
    partitions: int | None = None,
    client: Any = None,
) -> pd.DataFrame:
    """:func:`analysis.phrases.recurring_phrases` under its earlier name and engines (kept so
    existing calls run); new code calls that function with ``engine=`` and ``n_jobs=``.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        As for :func:`analysis.phrases.recurring_phrases`.
    min_count, min_length, max_length, stop_words, stop_rule, lowercase, expand_contractions
        As for :func:`analysis.phrases.recurring_phrases`.
    engine : {"joblib", "serial", "dask"}, default="joblib"
        ``"joblib"`` is the library's ``engine="local"`` on ``n_jobs`` processes,
        ``"serial"`` the same on one, ``"dask"`` the library's ``engine="dask"``.
    n_jobs : int, default=-1
        Processes for ``"joblib"``.
    backend : str, default="auto"
        Checked as before; the local engine chooses its own processes.
    partitions, client
        For ``engine="dask"``, as for :func:`analysis.phrases.recurring_phrases`.

    Returns
    -------
    pandas.DataFrame
        The table of :func:`analysis.phrases.recurring_phrases`.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "c"],
    ...                       "text": ["We oppose it firmly.", "We oppose it firmly.", "We oppose war."]})
    >>> recurring_phrases(turns, min_count=2, stop_rule="none", engine="serial")["phrase"].tolist()
    ['we oppose it firmly']
    """
    check_engine("recurring_phrases", engine, n_jobs, backend, partitions)
    return _recurring_phrases(turns, min_count=min_count, min_length=min_length, max_length=max_length,
                              stop_words=stop_words, stop_rule=stop_rule, lowercase=lowercase,
                              expand_contractions=expand_contractions, **core_engine(engine, n_jobs),
                              partitions=partitions, client=client)


def core_engine(engine: str, n_jobs: int) -> dict:
    """The ``engine=``/``n_jobs=`` of the core functions for an engine of this package:
    "serial" is the local engine on one process, "joblib" on ``n_jobs``, "dask" is Dask."""
    if engine == "dask":
        return {"engine": "dask", "n_jobs": n_jobs}
    return {"engine": "local", "n_jobs": 1 if engine == "serial" else n_jobs}


def mine_on_dask(frame: pd.DataFrame, *, client: Any, partitions: int | None, **options) -> pd.DataFrame:
    """:func:`analysis.phrases.recurring_phrases`'s table of ``frame`` (not empty, options
    checked), mined on a Dask cluster by distributed Apriori (see the module notes): on
    ``client``, the active ``distributed.Client``, or a new in-process one closed at the end."""
    caller = "recurring_phrases"
    k = partitions or default_partitions("dask", -1, client)
    jobs = _partition_jobs(frame, k, options["lowercase"], options["expand_contractions"])
    client, own = dask_client(client, caller)
    try:
        return mine_distributed(Pool("dask", client), jobs, **options)
    finally:
        if own:
            client.close()


# --------------------------------------------------------------------------- partitions
def _partition_jobs(frame: pd.DataFrame, k: int, lowercase: bool, expand: bool) -> list[tuple]:
    """Whole transcripts per partition (rows in order); each job carries its texts, the
    global row numbers and transcript codes of its rows, and the token options."""
    texts = frame["text"].fillna("").astype(str).to_numpy(dtype=object)
    if "transcript_id" in frame:
        tcodes = codes_of(frame["transcript_id"])
    else:
        tcodes = np.arange(len(frame), dtype=np.int64)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    per_t = np.bincount(tcodes, weights=lengths + 1)
    cum = np.cumsum(per_t)
    k = max(1, min(k, len(per_t)))
    part_of_t = np.minimum((np.concatenate([[0], cum[:-1]]) * k / max(cum[-1], 1)).astype(np.int64), k - 1)
    part_of_row = part_of_t[tcodes]
    jobs = []
    for p in range(k):
        rows = np.flatnonzero(part_of_row == p)
        if len(rows):
            jobs.append((texts[rows].tolist(), rows.astype(np.int64), tcodes[rows], lowercase, expand))
    return jobs


def _tokenize_part(job: tuple) -> dict:
    """A partition's token stream in compact form: local vocabulary, token ids, and per
    sentence its length and (global) row."""
    texts, rows, _tcodes, lowercase, expand = job
    s = build_stream(texts, lowercase=lowercase, expand_contractions=expand)
    ends = np.unique(s.seg_end)
    starts = np.concatenate([[0], ends[:-1]])[:len(ends)].astype(np.int64)  # no sentence: no start
    return {"vocab": s.vocab.tolist(), "ids": s.ids, "seg_len": (ends - starts).astype(np.int64),
            "seg_row": rows[s.row[starts]] if len(starts) else np.zeros(0, np.int64)}


def join_streams(parts: list[dict], *, lowercase: bool, expand_contractions: bool, n_rows: int) -> Stream:
    """The single-process :class:`~analysis.phrases._stream.Stream` from partition streams.

    Sentences are put back in row order (partitions hold rows in order, but a row's
    sentences may come from any partition), token ids renumbered in one vocabulary.
    """
    index: dict[str, int] = {}
    ids, lens, rows = [], [], []
    for p in parts:
        remap = np.fromiter((index.setdefault(w, len(index)) for w in p["vocab"]), dtype=np.int64,
                            count=len(p["vocab"]))
        ids.append(remap[p["ids"]].astype(np.int32) if len(p["ids"]) else np.zeros(0, np.int32))
        lens.append(p["seg_len"])
        rows.append(p["seg_row"])
    ids_c = np.concatenate(ids) if ids else np.zeros(0, np.int32)
    lens_c = np.concatenate(lens) if lens else np.zeros(0, np.int64)
    rows_c = np.concatenate(rows).astype(np.int64) if rows else np.zeros(0, np.int64)
    # sentences to row order (stable: a row's sentences keep their order)
    order = np.argsort(rows_c, kind="stable")
    if not np.array_equal(order, np.arange(len(order))):
        starts = np.concatenate([[0], np.cumsum(lens_c)[:-1]]).astype(np.int64)
        take = np.concatenate([np.arange(starts[i], starts[i] + lens_c[i]) for i in order]) if len(order) else \
            np.zeros(0, np.int64)
        ids_c, lens_c, rows_c = ids_c[take], lens_c[order], rows_c[order]
    ends = np.cumsum(lens_c)
    seg_end = np.repeat(ends, lens_c).astype(np.int64)
    row = np.repeat(rows_c, lens_c).astype(np.int32)
    per_row = np.bincount(rows_c, weights=lens_c, minlength=n_rows).astype(np.int64)
    row_start = np.concatenate([[0], np.cumsum(per_row)]).astype(np.int64)
    vocab = np.empty(len(index), dtype=object)
    vocab[:] = list(index)
    return Stream(ids_c, seg_end, row, row_start, vocab, int(len(lens_c)), lowercase, expand_contractions, index)


# --------------------------------------------------------------------------- distributed Apriori
@dataclass(eq=False)
class _Part:
    """One partition's tokens and mining state (lives on a worker)."""

    ids: np.ndarray  # local token id per position
    seg_end: np.ndarray
    row: np.ndarray  # global row per position
    tcode: np.ndarray  # transcript code per position
    vocab: list
    tok: np.ndarray | None = None  # global unigram code per position, -1 if infrequent
    levels: dict = field(default_factory=dict)  # n -> (pos, code)
    cand: tuple | None = None  # (pos, key) of the candidate (n+1)-grams
    end_at: np.ndarray | None = None


def _part_build(job: tuple) -> _Part:
    texts, rows, tcodes, lowercase, expand = job
    s = build_stream(texts, lowercase=lowercase, expand_contractions=expand)
    grow = rows[s.row] if len(s.row) else np.zeros(0, np.int64)
    tpos = tcodes[s.row] if len(s.row) else np.zeros(0, np.int64)
    return _Part(s.ids.astype(np.int64), s.seg_end.astype(np.int64), grow.astype(np.int64), tpos.astype(np.int64),
                 s.vocab.tolist())


def _part_unigrams(part: _Part) -> tuple[list, np.ndarray]:
    return part.vocab, np.bincount(part.ids, minlength=len(part.vocab))


def _part_level1(part: _Part, uni: np.ndarray, v1: int) -> tuple[_Part, tuple]:
    gid = pd.Index(uni).get_indexer(pd.Index(part.vocab, dtype=object)) if len(part.vocab) else \
        np.zeros(0, np.int64)
    tok = gid[part.ids].astype(np.int64) if len(part.ids) else np.zeros(0, np.int64)
    pos = np.flatnonzero(tok >= 0)
    part = replace(part, tok=tok, levels={1: (pos, tok[pos])})
    return _extend(part, 1, v1)


def _extend(part: _Part, n: int, v1: int) -> tuple[_Part, tuple]:
    """Candidates of length n + 1 from the frequent n-grams; summary: (keys, counts)."""
    pos, code = part.levels[n]
    n_tok = len(part.ids)
    alive = np.zeros(n_tok + 1, dtype=bool)
    alive[pos] = True
    grow = (pos + n + 1 <= part.seg_end[pos]) & alive[np.minimum(pos + 1, n_tok)]
    cpos = pos[grow]
    keys = code[grow] * v1 + part.tok[cpos + n]
    part = replace(part, cand=(cpos, keys))
    uniq, counts = np.unique(keys, return_counts=True)
    return part, (uniq, counts)


def _part_accept(part: _Part, n: int, frequent: np.ndarray, v1: int, more: bool) -> tuple[_Part, tuple]:
    """Keep the candidates whose key is frequent as level ``n``; then extend (if ``more``)."""
    none = (np.zeros(0, np.int64), np.zeros(0, np.int64))
    cpos, keys = part.cand if part.cand is not None else none
    idx = np.searchsorted(frequent, keys)
    ok = idx < len(frequent)
    ok[ok] = frequent[idx[ok]] == keys[ok]
    levels = {**part.levels, n: (cpos[ok], idx[ok].astype(np.int64))}
    part = replace(part, levels=levels, cand=None)
    if not more or not ok.any():
        return part, none
    return _extend(part, n, v1)


def _part_independent(part: _Part, n: int) -> tuple[np.ndarray, np.ndarray]:
    pos, code = part.levels.get(n, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
    reach = np.maximum.accumulate(part.end_at) if part.end_at is not None and len(part.end_at) else None
    indep = (reach[pos] < pos + n) if reach is not None else np.ones(len(pos), dtype=bool)
    return np.unique(code[indep], return_counts=True)


def _distinct(keys: np.ndarray, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if not len(keys):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    width = int(units.max()) + 1
    pairs = pd.unique(keys.astype(np.int64) * width + units.astype(np.int64))
    return np.unique(pairs // width, return_counts=True)


def _part_choose(part: _Part, n: int, listed: np.ndarray) -> tuple[_Part, dict]:
    """Mark the occurrences of the listed n-grams; summary: their per-phrase statistics."""
    pos, code = part.levels.get(n, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
    end_at = part.end_at if part.end_at is not None else np.zeros(len(part.ids), dtype=np.int64)
    reach = np.maximum.accumulate(end_at) if len(end_at) else end_at
    indep = reach[pos] < pos + n if len(pos) else np.zeros(0, dtype=bool)
    chosen = np.isin(code, listed)
    lp, lc, li = pos[chosen], code[chosen], indep[chosen]
    end_at = end_at.copy()
    end_at[lp] = np.maximum(end_at[lp], lp + n)
    codes, counts = np.unique(lc, return_counts=True)
    summary = {
        "codes": codes, "count": counts,
        "independent": np.bincount(np.searchsorted(codes, lc[li]), minlength=len(codes)),
        "turns": _distinct(lc, part.row[lp]), "transcripts": _distinct(lc, part.tcode[lp]),
    }
    return replace(part, end_at=end_at), summary


def _sum_by_key(pieces: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    keys = np.concatenate([p[0] for p in pieces]) if pieces else np.zeros(0, np.int64)
    vals = np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0, np.int64)
    if not len(keys):
        return keys.astype(np.int64), vals.astype(np.int64)
    uniq, inv = np.unique(keys, return_inverse=True)
    return uniq, np.bincount(inv, weights=vals, minlength=len(uniq)).astype(np.int64)


def _level_rule(uni: np.ndarray, toks: np.ndarray, stop_words, stop_rule: str) -> np.ndarray:
    """The library's stop-word rule (:func:`analysis.phrases._common.candidate_rule`) on the
    n-grams whose tokens (global unigram codes) are the rows of ``toks``."""
    k, n = toks.shape
    flat = toks.ravel().astype(np.int32)
    stream = Stream(flat, np.zeros(len(flat), np.int64), np.zeros(len(flat), np.int32), np.zeros(2, np.int64),
                    uni, 0, True, False, {})
    level = Level(n, np.zeros(0, np.int64), np.zeros(0, np.int64), np.arange(k, dtype=np.int64) * n)
    return candidate_rule(stream, stop_words, stop_rule)(level)


def mine_distributed(pool: Pool, jobs: list[tuple], *, min_count: int, min_length: int, max_length: int | None,
                     stop_words, stop_rule: str, lowercase: bool, expand_contractions: bool) -> pd.DataFrame:
    """Maximal recurring phrases by distributed Apriori over the partitions in ``pool``.

    Returns the table of :func:`analysis.phrases.recurring_phrases` (possibly empty, then
    without guaranteed dtypes).
    """
    pool.start(_part_build, jobs)
    # level 1: frequent tokens, numbered in sorted order
    pieces = pool.ask(_part_unigrams)
    words = pd.Series(np.concatenate([p[1] for p in pieces]) if pieces else np.zeros(0, np.int64),
                      index=pd.Index([w for p in pieces for w in p[0]], dtype=object))
    totals = words.groupby(level=0, sort=True).sum()
    uni = np.asarray(totals.index[totals.to_numpy() >= min_count], dtype=object)
    v1 = max(len(uni), 1)
    toks = {1: np.arange(len(uni), dtype=np.int64)[:, None]}
    n = 1
    more = max_length is None or max_length > 1
    summaries = pool.step(_part_level1, uni, v1) if len(uni) else []
    while more and len(uni):
        keys, counts = _sum_by_key(summaries)
        frequent = keys[counts >= min_count]
        if not len(frequent):
            break
        n += 1
        toks[n] = np.hstack([toks[n - 1][frequent // v1], (frequent % v1)[:, None]])
        more = max_length is None or n < max_length
        summaries = pool.step(_part_accept, n, frequent, v1, more)
    # maximality, longest first
    rows = []
    for m in sorted((m for m in toks if m >= min_length), reverse=True):
        k = len(toks[m])
        indep_codes, indep_counts = _sum_by_key(pool.ask(_part_independent, m))
        indep = np.zeros(k, dtype=np.int64)
        indep[indep_codes] = indep_counts
        ok = _level_rule(uni, toks[m], stop_words, stop_rule) & (indep >= min_count)
        listed = np.flatnonzero(ok)
        if not len(listed):
            continue
        stats = pool.step(_part_choose, m, listed)
        count = _sum_by_key([(s["codes"], s["count"]) for s in stats])[1]
        independent = _sum_by_key([(s["codes"], s["independent"]) for s in stats])[1]
        n_turns = _sum_by_key([s["turns"] for s in stats])[1]
        n_trans = _sum_by_key([s["transcripts"] for s in stats])[1]
        rows.append(pd.DataFrame({
            "phrase": [phrase_text(uni[t]) for t in toks[m][listed]],
            "n": np.full(len(listed), m, dtype=np.int64),
            "count": count.astype(np.int64), "independent": independent.astype(np.int64),
            "n_turns": n_turns.astype(np.int64), "n_transcripts": n_trans.astype(np.int64),
        }))
    pool.close()
    if not rows:
        return pd.DataFrame(columns=["phrase", "n", "count", "independent", "n_turns", "n_transcripts"])
    out = pd.concat(rows, ignore_index=True)
    order = sort_order((out["independent"].to_numpy(), False), (out["n"].to_numpy(), False),
                       (out["phrase"].to_numpy(), True))
    return out.take(order).reset_index(drop=True)
