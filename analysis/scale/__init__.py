"""Scale: the same counts and phrases on every local core, or on a Dask cluster.

The core functions take the engine themselves: :func:`analysis.terms.document_term_matrix`
and :func:`analysis.phrases.recurring_phrases` have ``engine="local"`` (this machine; the text
layer of a large corpus is built on ``n_jobs`` processes) and ``engine="dask"`` (partitions on
a Dask cluster, merged; the code is in :mod:`analysis.scale.terms` and
:mod:`analysis.scale.phrases`). This package adds the fast path for large collections of
speech-only files, and keeps the earlier names of the two, which call them.

========================  ====================================================================
function                  equals
========================  ====================================================================
:func:`count_files`       ``document_term_matrix(load_corpus(files, format="plain"),
                          by="transcript_id", stop_words=False)`` for speech-only text files,
                          without parsing: the fast path for large collections of speeches
:func:`count_terms`       :func:`analysis.terms.document_term_matrix` (earlier name: "serial"
                          and "joblib" are its ``engine="local"``, "dask" its ``"dask"``)
:func:`recurring_phrases` :func:`analysis.phrases.recurring_phrases` (earlier name, the same
                          engines)
========================  ====================================================================

Engines of :func:`count_files` (``engine=``)
---------------------------------------------
``"serial"``
    This process (the reference).
``"joblib"`` (default)
    Every local core (``n_jobs=-1``). ``backend="auto"`` forks workers on Linux: they start
    at once and share this process's memory; ``backend="loky"`` starts fresh ones.
``"dask"``
    A Dask cluster. Term counts run as one :mod:`dask.bag` task per partition; recurring
    phrases keep each partition's tokens on a worker and mine them by distributed Apriori,
    so only n-gram counts travel (see :mod:`analysis.scale.phrases`).

On a real cluster
-----------------
Start a scheduler and workers on the machines (``dask scheduler`` on one, ``dask worker
tcp://scheduler:8786`` on each of the others, or any Dask deployment: Kubernetes, SLURM via
``dask-jobqueue``, a cloud service), with this package and its requirements installed on
every worker, in the same versions. Then, from the client::

    from distributed import Client
    from analysis.corpus import load_corpus
    from analysis.phrases import recurring_phrases
    from analysis.scale import count_files
    from analysis.terms import document_term_matrix

    client = Client("tcp://scheduler:8786")           # the scheduler's address
    m, vocab, units = count_files("/shared/speeches", engine="dask", client=client)
    turns = load_corpus("data").turns()
    phrases = recurring_phrases(turns, min_count=5, engine="dask", client=client)
    m, vocab, units = document_term_matrix(turns, by="transcript_id", engine="dask", client=client)

``count_files`` sends only file paths: every worker must see the same files at the same
paths (a shared or network file system). ``document_term_matrix`` and ``recurring_phrases`` send
partitions of the turns frame from the client. ``partitions=`` sets how many pieces (default:
two per worker thread). Without ``client=``, ``engine="dask"`` uses the active client
(``distributed.Client(...)`` made earlier in the session); when there is none, term counts
run on Dask's default local scheduler and ``recurring_phrases`` starts an in-process cluster
for the call. To try the cluster code on one machine:
``Client(LocalCluster(n_workers=2, processes=True))``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .files import FILE_COLUMNS, count_files, list_files
    from .phrases import recurring_phrases
    from .terms import count_terms

#: The module of each public name. The names are imported when first used, so a worker
#: process that only runs :mod:`analysis.scale._engine` does not load the phrase engine
#: (numba) nor the term measures.
_HOMES = {"FILE_COLUMNS": "files", "count_files": "files", "list_files": "files", "count_terms": "terms",
          "recurring_phrases": "phrases"}

__all__ = list(_HOMES)


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
