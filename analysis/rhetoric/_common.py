"""Shared plumbing of the rhetoric subpackage: turn metadata, match frames, groupings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

import numpy as np
import pandas as pd

from .._memo import Memo, content_key, release_memory
from ..turns import as_turns
from ..types import TurnsLike, by_list

T = TypeVar("T")

#: Columns identifying a turn in every per-match and per-turn table of this subpackage.
TURN_KEYS = ("transcript_id", "turn_index", "speaker", "role")
#: Columns of a match table (devices, dictionary matches).
MATCH_COLUMNS = (*TURN_KEYS, "device", "start", "end", "match", "detail")
_DEFAULTS = {"transcript_id": "", "speaker": "", "role": "unknown"}


def turn_frame(turns: TurnsLike, *, caller: str, extra: Iterable[str] = ()) -> pd.DataFrame:
    """The turns with ``text`` and the :data:`TURN_KEYS` (missing keys filled), never the input itself.

    ``transcript_id``, ``speaker`` and ``role`` default to ``""``, ``""`` and ``"unknown"``;
    ``turn_index`` to the row position; ``n_words`` is recomputed when absent.
    """
    frame = as_turns(turns, caller=caller, columns=("text", *extra))
    out = frame.copy()
    out["text"] = out["text"].fillna("").astype(str)
    for col, val in _DEFAULTS.items():
        if col not in out:
            out[col] = val
    if "turn_index" not in out:
        out["turn_index"] = np.arange(len(out), dtype="int64")
    if "n_words" not in out:
        from ..text import count_words

        out["n_words"] = [count_words(t) for t in out["text"]]
    return out.reset_index(drop=True)


def chinese_rows(frame: pd.DataFrame) -> np.ndarray:
    """Per row of ``frame`` (a turn frame): True for Chinese text (its ``language`` column where
    given, else :func:`analysis.languages.detect_language` of its text), which the English rules
    of readability, the device detectors and the built-in lexicons do not apply to."""
    from ..languages import detect_language

    lang = frame["language"] if "language" in frame else pd.Series([None] * len(frame), index=frame.index)
    return np.array([str(lg).strip().lower() == "zh" if isinstance(lg, str) and lg.strip() else
                     detect_language(t) == "zh" for lg, t in zip(lang, frame["text"])], dtype=bool)


def empty(columns: Iterable[str]) -> pd.DataFrame:
    """An empty frame with ``columns``."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def sort_matches(frame: pd.DataFrame, kind: str = "device") -> pd.DataFrame:
    """Sort a match table by transcript, turn, start, then ``kind`` (explicit tie-break)."""
    return frame.sort_values(["transcript_id", "turn_index", "start", kind, "end"], ignore_index=True,
                             kind="mergesort")


_CACHE: Memo[object] = Memo(size=16)
#: The texts of the analysis running (:func:`same_texts`) and their content digest.
_SCOPE: list = []


@contextmanager
def same_texts(texts: list[str]) -> Iterator[None]:
    """Within the block, the texts equal to ``texts`` are known by one digest computed once
    (:func:`texts_key`): an analysis that asks for several layers of the same texts (tokens,
    sentences, detector results) hashes them once. Nothing is kept after the block."""
    outer = list(_SCOPE)
    _SCOPE[:] = [texts, content_key("texts", (), texts)]
    try:
        yield
    finally:
        _SCOPE[:] = outer


def texts_key(texts: Sequence[str]) -> str:
    """A digest of the content of ``texts``: the one of :func:`same_texts` when they are equal
    to its texts (compared string by string: a string compares equal to itself at once), else
    computed."""
    if _SCOPE and len(_SCOPE[0]) == len(texts) and _SCOPE[0] == list(texts):
        return _SCOPE[1]
    return content_key("texts", (), texts)


def cached_by_content(kind: str, texts: Iterable[str], options: object, compute: Callable[[], T]) -> T:
    """``compute()``, cached by a hash of ``kind``, ``options`` and the texts' content.

    The per-turn results of the detectors (matches, syllable counts) depend only on the
    texts and the options, so several groupings of one corpus share one pass. Results are
    returned as stored: callers treat them as read-only (tuples, not frames).
    """
    texts = texts if isinstance(texts, list) else list(texts)
    return _CACHE.get(content_key(kind, options, [texts_key(texts)]), compute)  # type: ignore[return-value]


def held_by_content(kind: str, texts: list[str], options: object) -> object | None:
    """What :func:`cached_by_content` holds for ``kind``, ``options`` and ``texts``, or None when
    it holds nothing (nothing is computed)."""
    key = content_key(kind, options, [texts_key(texts)])
    return _CACHE.get(key, lambda: None) if key in _CACHE else None


def segmenter_salt_of(texts: list[str]) -> str:
    """:func:`analysis.languages.segmenter_salt` of ``texts`` (a part of cache keys: whether a text
    holds a Han character is read once per content, not once per key)."""
    from ..languages import segmenter_salt

    return cached_by_content("segmenter-salt", texts, None, lambda: segmenter_salt(texts))  # type: ignore[return-value]


def disk_cached_counts(kind: str, texts: list[str], salt: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """``compute()``, a 2-D int64 array of one row per text, read from the on-disk cache (the
    ``ANALYSIS_CACHE`` folder, entries of ``kind``) when it holds it, else computed and stored.

    The key hashes ``kind``, ``salt`` (what the counts depend on besides the texts: the source
    of the code that makes them, the options) and the texts' content (:func:`texts_key`). The
    entry is a frame of one int64 column per count (:func:`analysis.cache.cached_frame`:
    digest-checked, a damaged entry computed afresh with a warning).
    """
    from .. import cache as cache_mod

    made: list[np.ndarray] = []
    keys: list[str] = []

    def make_key() -> str:
        keys.append(cache_mod.content_key(kind, "counts-frame", salt, texts_key(texts)))
        return keys[-1]

    def frame() -> pd.DataFrame:
        made.append(compute())
        return counts_frame(made[0])

    stored = cache_mod.cached_frame(kind, make_key, frame)
    if made:  # computed in this call: returned as computed
        return made[0]
    got = frame_counts(stored, len(texts))
    if got is None:  # an entry of another shape under this key: not used
        cache_mod.bad_entry(cache_mod.entry_path(keys[-1], kind=kind, cache=None),
                            f"holds a frame of shape {stored.shape}, not the counts of {len(texts)} texts")
        return compute()
    return got


def counts_frame(counts: np.ndarray) -> pd.DataFrame:
    """A 2-D count array as a frame of int64 columns ``c0``, ``c1``... (no columns when it has
    none: a frame that :func:`frame_counts` reads back as ``n`` rows of width 0)."""
    counts = np.asarray(counts, dtype=np.int64)
    return pd.DataFrame({f"c{j}": counts[:, j] for j in range(counts.shape[1])}, index=pd.RangeIndex(len(counts)))


def frame_counts(frame: pd.DataFrame, n: int) -> np.ndarray | None:
    """The count array of :func:`counts_frame` for ``n`` texts, or None when ``frame`` cannot be one
    (another number of rows, columns other than int64 ``c0``, ``c1``..., a negative count)."""
    width = frame.shape[1]
    if width == 0:  # width 0 is stored as an empty frame: it fits any number of texts
        return np.zeros((n, 0), dtype=np.int64) if len(frame) in (0, n) else None
    if len(frame) != n or list(frame.columns) != [f"c{j}" for j in range(width)] or \
            any(dt != np.dtype("int64") for dt in frame.dtypes):
        return None
    out = frame.to_numpy(dtype=np.int64).reshape(n, width)
    return None if out.size and out.min() < 0 else out


_LAYERS: Memo[object] = Memo(size=6)  # the tokens, words and sentences of two corpora


def _released(value: T) -> T:
    release_memory()
    return value


def token_table_of(texts: Sequence[str]):
    """:func:`analysis.tokens.token_table` of ``texts`` (the text layer; built once per content, read-only)."""
    from ..tokens import token_table

    texts = texts if isinstance(texts, list) else list(texts)
    return _LAYERS.get(content_key("tokens", (), [texts_key(texts)]), lambda: _released(token_table(texts)))


def word_table_of(texts: Sequence[str]):
    """The words of :func:`analysis.text.tokenize_texts` as integer arrays (the default
    :meth:`~analysis.tokens.TokenTable.words` view of the text layer, read-only), for
    readability and lexical diversity.

    With an on-disk cache (``ANALYSIS_CACHE``) the view itself is stored there by the texts'
    content (entries of kinds ``words`` and ``words-types``), so a later process that needs
    only the words reads them without the token table."""
    texts = texts if isinstance(texts, list) else list(texts)
    return _LAYERS.get(content_key("words", (), [texts_key(texts)]), lambda: _words_cached(texts))


def _words_cached(texts: list[str]):
    """:func:`word_table_of`, read from or written to the on-disk cache."""
    from .. import cache as cache_mod
    from ..tokens import WordTable

    root, writable = cache_mod.open_cache(None)
    if root is None:
        return token_table_of(texts).words()
    salt = f"words {cache_mod.source_key('analysis.text', 'analysis.tokens')} {segmenter_salt_of(texts)}"
    key = cache_mod.content_key(salt, texts_key(texts))
    arrow = cache_mod.read_table(key, kind="words", cache=root)
    types = cache_mod.read_strings(key, kind="words-types", cache=root) if arrow is not None else None
    if arrow is not None and types is not None:
        try:
            meta = arrow.schema.metadata or {}
            per_text = np.array([int(x) for x in meta[b"n_words"].decode().split(",") if x], dtype=np.int64)
            tid = arrow.column("tid").to_numpy().astype(np.dtype(meta[b"dtype"].decode()))
            if len(per_text) != len(texts) or int(per_text.sum()) != len(tid) or \
                    (len(tid) and (tid.min() < 0 or tid.max() >= len(types))):
                raise ValueError("does not fit its texts")
            offset = np.zeros(len(texts) + 1, dtype=np.int64)
            np.cumsum(per_text, out=offset[1:])
            tid.flags.writeable = False
            offset.flags.writeable = False
            return WordTable(tuple(types), tid, offset)
        except (KeyError, ValueError, TypeError, UnicodeDecodeError) as exc:
            cache_mod.bad_entry(cache_mod.entry_path(key, kind="words", cache=root), f"cannot be used ({exc})")
    words = token_table_of(texts).words()
    if writable:
        import pyarrow as pa

        table = pa.table({"tid": pa.array(words.tid.astype(np.int32) if len(words.types) < 2**31 else words.tid)},
                         metadata={"n_words": ",".join(map(str, np.diff(words.offset).tolist())),
                                   "dtype": str(words.tid.dtype)})
        try:
            if cache_mod.write_strings(key, words.types, kind="words-types", cache=root):
                cache_mod.write_table(key, table, kind="words", cache=root)
        except (UnicodeError, pa.ArrowException):  # a word Arrow cannot store (a lone surrogate): not cached
            pass
    return words


def sentence_table_of(texts: Sequence[str]):
    """:func:`analysis.sentences.sentence_table` of ``texts`` (the sentence layer: found once
    per content and shared by the device detectors, :func:`~analysis.rhetoric.readability`
    and the phrase stream; read-only)."""
    from ..sentences import sentence_table

    texts = texts if isinstance(texts, list) else list(texts)
    return _LAYERS.get(content_key("sentences", (), [texts_key(texts)]), lambda: _released(sentence_table(texts)))


def sentence_spans_of(texts: Sequence[str]) -> tuple[tuple[tuple[int, int], ...], ...]:
    """:func:`analysis.text.sentence_spans` of every text, from the sentence layer
    (:func:`sentence_table_of`)."""
    return sentence_table_of(texts).as_tuples()


def held_layer(kind: str, texts: list[str]) -> bool:
    """Whether this process holds the layer ``kind`` (``"tokens"``, ``"sentences"``) of ``texts``
    (:func:`token_table_of`, :func:`sentence_table_of`)."""
    return content_key(kind, (), [texts_key(texts)]) in _LAYERS


def keep_layer(kind: str, texts: list[str], value: T) -> T:
    """Keep ``value`` as the layer ``kind`` of ``texts``, as :func:`token_table_of` or
    :func:`sentence_table_of` would have built it (the caller guarantees it is equal)."""
    return _LAYERS.get(content_key(kind, (), [texts_key(texts)]), lambda: value)  # type: ignore[return-value]


# --------------------------------------------------------------------------- fresh worker processes
#: The loop a worker process runs (:func:`fresh_map`): read ``(func, args, item)``, write
#: ``(True, func(item, *args))`` or ``(False, traceback)``, until its input ends. Its standard
#: output is moved to standard error, so that nothing printed mixes with the results. The
#: packages named on its command line are entered without running their ``__init__``. When its
#: input ends it leaves at once, its streams flushed (``os._exit``): the caller waits for it, and
#: an interpreter's teardown (every module and object of a large heap freed one by one) is
#: work of no use to anyone.
_WORKER = """
import importlib.util, os, pickle, sys, traceback
out = os.fdopen(os.dup(1), "wb")
os.dup2(2, 1)
for name in sys.argv[1:]:
    sys.modules[name] = importlib.util.module_from_spec(importlib.util.find_spec(name))
inp = sys.stdin.buffer
while True:
    try:
        func, args, item = pickle.load(inp)
    except EOFError:
        break
    try:
        reply = (True, func(item, *args))
    except BaseException:
        reply = (False, traceback.format_exc())
    del item
    pickle.dump(reply, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()
    del reply
out.close()
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)
"""


def fresh_map(func: Callable[..., T], items: Sequence, *, args: tuple = (), n_jobs: int = -1,
              bare: Sequence[str] = (), reduce: Callable[[int, T], object] | None = None) -> list:
    """``[func(x, *args) for x in items]``, computed on ``n_jobs`` fresh worker processes (all
    cores for -1), results in the order of ``items``.

    ``reduce``, when given, is called as ``reduce(i, result)`` on each result as it arrives (one
    call at a time, in any order of ``i``), and what it returns is kept in the result's place
    instead: a caller can fold large results into a smaller whole while the workers go on.

    The workers are new interpreters started for this call, not forks of this process: each
    holds only what it imports and is sent (a forked worker counts every page of a large
    loaded corpus again in its resident set), and they end with the call. They do not import
    the caller's ``__main__`` (a script need not guard its top level). ``func`` is a
    module-level function of an importable module; items and results travel pickled. With one
    worker or one item, ``func`` runs here.

    ``bare`` names packages whose ``__init__`` the workers do not run (their submodules are
    imported alone): ``analysis.rhetoric`` imports every measure, numba and scikit-learn
    included, which the detectors do not need (about 110 MB and 3 s of processor time a worker).

    Raises
    ------
    RuntimeError
        ``func`` raised in a worker (its traceback in the message) or a worker ended early.
    """
    import os
    import pickle
    import subprocess
    import sys
    import threading

    from ..scale._engine import n_workers

    items = list(items)
    k = min(n_workers(n_jobs), len(items))
    if k <= 1:
        return [func(x, *args) if reduce is None else reduce(i, func(x, *args)) for i, x in enumerate(items)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p or os.getcwd() for p in sys.path))
    procs = [subprocess.Popen([sys.executable, "-c", _WORKER, *bare], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              env=env) for _ in range(k)]
    results: list = [None] * len(items)
    todo = iter(range(len(items)))
    lock = threading.Lock()
    reducing = threading.Lock()
    failed: list[str] = []

    def drive(proc: subprocess.Popen) -> None:
        try:
            while not failed:
                with lock:
                    i = next(todo, None)
                if i is None:
                    break
                pickle.dump((func, args, items[i]), proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                proc.stdin.flush()
                ok, value = pickle.load(proc.stdout)
                if not ok:
                    failed.append(f"{getattr(func, '__name__', func)} failed in a worker process:\n{value}")
                    break
                if reduce is not None:
                    with reducing:
                        value = reduce(i, value)
                results[i] = value
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            failed.append(f"a worker process ended early ({exc!r})")
        finally:
            try:
                proc.stdin.close()
            except OSError:  # a worker already gone
                pass

    threads = [threading.Thread(target=drive, args=(p,), daemon=True) for p in procs]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    except BaseException:  # interrupted: the workers are stopped, not waited for
        failed.append("interrupted")
        raise
    finally:
        for p in procs:
            if failed:
                p.kill()
            p.wait()
            p.stdout.close()
    if failed:
        raise RuntimeError(failed[0])
    return results
