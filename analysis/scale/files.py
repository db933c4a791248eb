"""Term counts straight from text files, one document per file, on every core.

The fast path for large collections of plain text (speeches, monologues): it skips the
transcript parser (no speaker labels, headers or stage directions are looked for) and counts
the words of each file's whole text. Bytes are decoded exactly as :func:`load_corpus` decodes
them (byte-order marks, CR and CRLF line ends, form feeds, other encodings, mojibake repair:
:func:`analysis.parsers.decode.decode`) and speech is cleaned the same way
(:func:`analysis.parsers.text.clean_speech`), so for files that are all speech the counts
equal :func:`analysis.terms.document_term_matrix` of ``load_corpus(files, format="plain")``
by ``transcript_id``; the test suite checks this.

Speed comes from counting distinct whitespace-separated chunks, not tokens: the project
tokenizer (:data:`analysis.text.TOKEN_PATTERN`) never matches across white space and its
look-aheads see white space as they see the end of a string, so tokenizing each chunk on its
own gives the same tokens as tokenizing the whole text. Each worker remembers the word ids
of every chunk it has seen ("Nations," -> ``nations``), so the regular expression runs once
per distinct chunk, and the per-token work is ``str.split`` plus one dictionary look-up.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._validation import check_interval, check_option, check_type
from ..errors import CorpusError
from ..parsers.decode import decode
from ..parsers.text import clean_speech
from ..terms import DocumentTermMatrix
from ..text import CHUNK_MEMO_LIMIT, is_word, normalize_token, stop_words as project_stop_words, tokenize
from ..types import PathLike
from ._engine import check_engine, default_partitions, n_workers, run_map

__all__ = ["FILE_COLUMNS", "count_files", "list_files"]

#: Columns of the ``units`` frame of :func:`count_files`.
FILE_COLUMNS = ("doc_id", "path", "n_bytes", "n_words")

# White space to ``str.split`` that ``clean_speech`` deletes (so deleting it joins two
# chunks): a file holding one is cleaned whole before splitting.
_JOINING_SPACE = "\x1c\x1d\x1e\x1f\x85"


def list_files(path_or_paths: PathLike | Sequence[PathLike], *, suffixes: Sequence[str] = (".txt",)) -> list[Path]:
    """Files to count: the given files, and files with ``suffixes`` under given directories.

    Directories are searched recursively; hidden files and folders are skipped. The result
    is sorted by path and has no duplicates.

    Raises
    ------
    CorpusError
        A path that does not exist, or no file at all.
    """
    items = [path_or_paths] if isinstance(path_or_paths, (str, Path)) else list(path_or_paths)
    found: set[Path] = set()
    for p in map(Path, items):
        if p.is_dir():
            found.update(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in suffixes
                         and not any(part.startswith(".") for part in f.relative_to(p).parts))
        elif p.is_file():
            found.add(p)
        else:
            raise CorpusError(f"list_files(): {p}: no such file or directory")
    if not found:
        raise CorpusError(f"list_files(): no files ending in {', '.join(suffixes)} under "
                          f"{', '.join(map(str, items))}")
    return sorted(found)


class _ChunkWords(dict):
    """chunk -> id of its one word, -1 (no word: punctuation, a clitic), or -2 - k for
    ``multi[k]`` (several words: "don't" -> do; "U.S.-led" -> u.s, led...)."""

    def __init__(self, lowercase: bool) -> None:
        super().__init__()
        self.lowercase = lowercase
        self.vocab: dict[str, int] = {}
        self.multi: list[list[int]] = []

    def word_id(self, word: str) -> int:
        i = self.vocab.get(word)
        if i is None:
            i = self.vocab[word] = len(self.vocab)
        return i

    def __missing__(self, chunk: str) -> int:
        if chunk.isalpha():  # one word token, nothing to clean (the common case)
            words = [chunk.lower() if self.lowercase else chunk]
        else:
            text = chunk if chunk.isascii() and chunk.isprintable() else clean_speech(chunk)
            words = [normalize_token(t, lowercase=self.lowercase) for t in tokenize(text) if is_word(t)]
        if not words:
            code = -1
        elif len(words) == 1:
            code = self.word_id(words[0])
        else:
            code = -2 - len(self.multi)
            self.multi.append([self.word_id(w) for w in words])
        if len(self) < CHUNK_MEMO_LIMIT:
            self[chunk] = code
        return code


def _file_text(path: str) -> str:
    text = decode(Path(path).read_bytes(), path).text
    if any(c in text for c in _JOINING_SPACE):
        text = clean_speech(text)
    return text


def _count_batch(job: tuple[list[str], bool]) -> dict:
    """Count the files of one batch: local vocabulary and CSR pieces (one row per file).

    Counts are kept as uint16 when they fit (they almost always do: one term 65,535 times
    in one file), so a batch's result is 6 bytes per (file, term) pair.
    """
    paths, lowercase = job
    memo = _ChunkWords(lowercase)
    get = memo.__getitem__
    indptr = np.zeros(len(paths) + 1, dtype=np.int64)
    indices = array("i")
    data = array("I")
    n_words = np.zeros(len(paths), dtype=np.int64)
    for r, path in enumerate(paths):
        chunks = _file_text(path).split()
        ids = np.fromiter(map(get, chunks), dtype=np.int64, count=len(chunks))
        del chunks
        multi = ids < -1
        if multi.any():
            extra = [memo.multi[-2 - c] for c in ids[multi].tolist()]
            ids = np.concatenate([ids[ids >= 0], np.fromiter((w for ws in extra for w in ws), dtype=np.int64)])
        else:
            ids = ids[ids >= 0]
        uniq, counts = np.unique(ids, return_counts=True)
        indices.frombytes(uniq.astype(np.int32).tobytes())
        data.frombytes(counts.astype(np.uint32).tobytes())
        indptr[r + 1] = len(indices)
        n_words[r] = len(ids)
    data_np = np.frombuffer(data, dtype=np.uint32) if len(data) else np.zeros(0, np.uint32)
    if len(data_np) and data_np.max() < 2**16:
        data_np = data_np.astype(np.uint16)
    return {
        "vocab": list(memo.vocab),
        "indptr": indptr,
        "indices": np.frombuffer(indices, dtype=np.int32) if len(indices) else np.zeros(0, np.int32),
        "data": data_np,
        "n_words": n_words,
    }


def _batches(paths: list[str], sizes: np.ndarray, k: int) -> list[list[str]]:
    """``k`` runs of consecutive files of about equal total size (order kept)."""
    if not paths:
        return []
    k = max(1, min(k, len(paths)))
    cum = np.cumsum(sizes, dtype=np.float64)
    cuts = np.searchsorted(cum, cum[-1] * np.arange(1, k) / k, side="right")
    bounds = np.unique(np.concatenate([[0], cuts, [len(paths)]]))
    return [paths[a:b] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def merge_counts(parts: list[dict]) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray]:
    """Stack per-batch counts into one matrix over one sorted vocabulary.

    Returns ``(matrix, vocabulary, n_words)``; rows in batch order, columns sorted by term.
    Each batch's arrays are copied into the result and released from ``parts`` (emptied)
    as it goes, so merging holds little more than the result.
    """
    vocab: dict[str, int] = {}
    remaps = []
    for part in parts:
        remaps.append(np.fromiter((vocab.setdefault(w, len(vocab)) for w in part["vocab"]), dtype=np.int64,
                                  count=len(part["vocab"])))
        part["vocab"] = None
    terms = np.array(list(vocab), dtype=object)
    order = np.argsort(terms, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    index_dtype = np.int32 if len(terms) < 2**31 else np.int64
    nnz = sum(len(p["indices"]) for p in parts)
    indices = np.empty(nnz, dtype=index_dtype)
    data = np.empty(nnz, dtype=np.int64)
    indptr = [np.zeros(1, dtype=np.int64)]
    n_words = []
    at = 0
    for i, (remap, part) in enumerate(zip(remaps, parts)):
        k = len(part["indices"])
        np.take(rank[remap].astype(index_dtype), part["indices"], out=indices[at:at + k], mode="clip")
        data[at:at + k] = part["data"]
        indptr.append(part["indptr"][1:] + at)
        n_words.append(part["n_words"])
        at += k
        parts[i] = {}
    n_rows = sum(len(x) for x in n_words)
    matrix = sp.csr_matrix((data, indices, np.concatenate(indptr)), shape=(n_rows, len(terms)), copy=False)
    matrix.sort_indices()
    return matrix, terms[order], np.concatenate(n_words) if n_words else np.zeros(0, np.int64)


def count_files(
    path_or_paths: PathLike | Sequence[PathLike],
    *,
    lowercase: bool = True,
    stop_words: bool | frozenset[str] | set[str] | list[str] | tuple[str, ...] = False,
    min_count: int = 1,
    suffixes: Sequence[str] = (".txt",),
    engine: str = "joblib",
    n_jobs: int = -1,
    backend: str = "auto",
    partitions: int | None = None,
    client=None,
) -> DocumentTermMatrix:
    """Count the words of every file, in parallel: a document-term matrix, one row per file.

    Parameters
    ----------
    path_or_paths : path or sequence of paths
        Files, or directories searched recursively for files ending in ``suffixes``.
    lowercase : bool, default=True
        Fold case (and curly apostrophes), as :func:`analysis.text.tokenize_texts` does.
    stop_words : bool or collection of str, default=False
        False counts every word (like scikit-learn's ``CountVectorizer`` default); True drops
        :func:`analysis.text.stop_words`; a collection gives the words to drop. Stop words
        are dropped as columns: ``n_words`` still includes them.
    min_count : int, default=1
        Keep terms counted at least this often in all files together.
    suffixes : sequence of str, default=(".txt",)
        File endings read under directories.
    engine : {"joblib", "serial", "dask"}, default="joblib"
        ``"joblib"``: batches of files on ``n_jobs`` local processes; ``"serial"``: in this
        process; ``"dask"``: one task per batch on ``client`` (or the active
        ``distributed.Client``; without one, Dask's default scheduler). Workers read the
        files themselves, so on a cluster the paths must be readable from every worker
        (a shared file system). The result is the same for every engine.
    n_jobs : int, default=-1
        Local processes for ``engine="joblib"``; -1 uses every core.
    backend : {"auto", "loky", "multiprocessing", "threading"}, default="auto"
        joblib's backend. "auto": forked workers ("multiprocessing") on Linux, which start
        at once and share this process's memory; fresh processes ("loky") elsewhere. Use
        "loky" from a process that runs threads of its own.
    partitions : int or None, default=None
        Number of batches (runs of consecutive files of about equal size); None: one per
        local worker (each worker then tokenizes each distinct chunk once), or two per Dask
        worker thread.
    client : distributed.Client, optional
        For ``engine="dask"``.

    Returns
    -------
    DocumentTermMatrix
        ``(matrix, vocabulary, units)``: CSR int64 counts (files x terms), the sorted terms,
        and one row per file, sorted by path. ``units`` columns: ``doc_id`` (the file name
        without its suffix, as ``transcript_id``), ``path``, ``n_bytes`` (file size),
        ``n_words`` (word tokens, stop words included).

    Raises
    ------
    CorpusError
        A path that does not exist, no file to read.
    TranscriptFormatError
        A file that cannot be decoded (binary, unknown encoding); the message names it.
    ValueError
        A bad option.

    See Also
    --------
    analysis.terms.document_term_matrix : the same counts on a parsed corpus (turns).
    count_terms : ``document_term_matrix`` on partitions of a corpus, on any engine.

    Notes
    -----
    Tokens are :func:`analysis.text.tokenize`'s word tokens (punctuation and clitics
    dropped), normalized by :func:`analysis.text.normalize_token`. A file's count of a term
    is the number of its tokens equal to it; batches are merged by summing into one
    vocabulary, which is sorted once.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("\\ufeffWe don't rest.\\fWe work.", encoding="utf-8")
    >>> _ = (folder / "b.txt").write_text("Peace, peace\\r\\nand U.S. trade", encoding="utf-8")
    >>> m, vocab, units = count_files(folder, engine="serial")
    >>> list(vocab)
    ['and', 'do', 'peace', 'rest', 'trade', 'u.s.', 'we', 'work']
    >>> m.toarray().tolist()
    [[0, 1, 0, 1, 0, 0, 2, 1], [1, 0, 2, 0, 1, 1, 0, 0]]
    >>> units[["doc_id", "n_words"]].values.tolist()
    [['a', 5], ['b', 5]]
    """
    caller = "count_files"
    check_option("lowercase", lowercase, {True, False}, caller=caller)
    if not isinstance(stop_words, bool):
        check_type("stop_words", stop_words, (list, tuple, set, frozenset), caller=caller)
    check_interval("min_count", min_count, low=1, caller=caller, integer=True)
    check_engine(caller, engine, n_jobs, backend, partitions)
    files = list_files(path_or_paths, suffixes=tuple(s.lower() for s in suffixes))
    sizes = np.array([f.stat().st_size for f in files], dtype=np.int64)
    # one batch per local worker: each builds its chunk memo once
    k = partitions or (n_workers(n_jobs) if engine == "joblib" else default_partitions(engine, n_jobs, client))
    batches = _batches([str(f) for f in files], sizes, k)
    parts = run_map(_count_batch, [(b, lowercase) for b in batches], engine=engine, n_jobs=n_jobs,
                    backend=backend, client=client)
    matrix, vocabulary, n_words = merge_counts(parts)
    keep = np.ones(len(vocabulary), dtype=bool)
    if stop_words is not False and len(vocabulary):
        stops = project_stop_words() if stop_words is True else frozenset(w.lower() for w in stop_words)
        keep &= ~pd.Index(vocabulary).str.lower().isin(stops)
    if min_count > 1:
        keep &= np.asarray(matrix.sum(axis=0)).ravel() >= min_count
    if not keep.all():
        matrix = matrix[:, np.flatnonzero(keep)].tocsr()
        vocabulary = vocabulary[keep]
    units = pd.DataFrame({"doc_id": [f.stem for f in files], "path": [str(f) for f in files],
                          "n_bytes": sizes, "n_words": n_words.astype(np.int64)})
    return DocumentTermMatrix(matrix, vocabulary, units)
