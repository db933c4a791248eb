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
per distinct chunk, and the per-token work is ``str.split`` plus one hash look-up
(:func:`analysis.tokens.count_chunks`, shared with the word counts of large turn frames).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from .._validation import check_interval, check_option, check_type
from ..errors import CorpusError
from ..parsers.decode import decode
from ..parsers.text import clean_speech
from ..terms import DocumentTermMatrix
from ..text import normalize_token, stop_words as project_stop_words
from ..tokens import ChunkWords, count_chunks, merge_counts, size_batches
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


def _clean_chunk(chunk: str) -> str:
    """A chunk as the loader cleans speech (:func:`analysis.parsers.text.clean_speech`)."""
    return chunk if chunk.isascii() and chunk.isprintable() else clean_speech(chunk)


def _file_text(path: str) -> str:
    text = decode(Path(path).read_bytes(), path).text
    if any(c in text for c in _JOINING_SPACE):
        text = clean_speech(text)
    return text


def _count_batch(job: tuple[list[str], bool]) -> dict:
    """Count the files of one batch: local vocabulary and CSR pieces, one row per file
    (:func:`analysis.tokens.count_chunks`: 6 bytes per (file, term) pair)."""
    paths, lowercase = job
    memo = ChunkWords(partial(normalize_token, lowercase=lowercase), clean=_clean_chunk)
    return count_chunks(map(_file_text, paths), len(paths), memo)


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
    batches = size_batches([str(f) for f in files], sizes, k)
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
