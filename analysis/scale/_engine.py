"""Where per-partition work runs: in this process, on all local cores, or on a Dask cluster.

Every scale function cuts its input into partitions, applies one function to each and merges
the (small, mergeable) results. :func:`run_map` is that "apply to each" step for the three
engines; :class:`Pool` keeps per-partition state between the rounds of multi-pass
algorithms (n-gram extension), in this process or in the memory of Dask workers.
"""

from __future__ import annotations

import gc
import io
import math
import mmap
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from .._validation import check_interval, check_option

ENGINES = ("serial", "joblib", "dask")
BACKENDS = ("auto", "loky", "multiprocessing", "threading")


def resolve_backend(backend: str) -> str:
    """``"auto"``: forked workers ("multiprocessing") on Linux, where they start at once and
    share the parent's memory (imports included) until they write to it; fresh worker
    processes ("loky") elsewhere (macOS and Windows cannot fork safely)."""
    if backend != "auto":
        return backend
    return "multiprocessing" if sys.platform.startswith("linux") else "loky"


def check_engine(caller: str, engine: str, n_jobs: int, backend: str, partitions: int | None) -> None:
    """Validate the options every scale function shares."""
    check_option("engine", engine, set(ENGINES), caller=caller)
    check_option("backend", backend, set(BACKENDS), caller=caller)
    check_interval("n_jobs", n_jobs, caller=caller, integer=True)
    if n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"{caller}(): n_jobs must be -1 (all cores) or a positive integer; got {n_jobs!r}.")
    if partitions is not None:
        check_interval("partitions", partitions, low=1, caller=caller, integer=True)


#: The ``engine=`` of the core functions (:func:`analysis.phrases.recurring_phrases`,
#: :func:`analysis.terms.document_term_matrix`): this machine, or a Dask cluster.
CORE_ENGINES = ("local", "dask")


def check_core_engine(caller: str, engine: str, n_jobs: int, partitions: int | None) -> None:
    """Validate ``engine=``, ``n_jobs=`` and ``partitions=`` of a core function."""
    check_option("engine", engine, set(CORE_ENGINES), caller=caller)
    check_engine(caller, "serial", n_jobs, "auto", partitions)


def build_layers(texts: list[str], *, n_jobs: int, sentences: bool = False) -> None:
    """Build the text layer of ``texts`` on ``n_jobs`` processes: the token table, and the
    sentence table when asked. Both are kept in memory by content, so the analysis that
    runs next reads them as built here."""
    from ..tokens import token_table

    token_table(texts, n_jobs=n_jobs)
    if sentences:
        from ..sentences import sentence_table

        sentence_table(texts, n_jobs=n_jobs)


def n_workers(n_jobs: int) -> int:
    """Processes to use: all cores for ``n_jobs=-1``."""
    return (os.cpu_count() or 1) if n_jobs == -1 else n_jobs


def default_partitions(engine: str, n_jobs: int, client: Any = None) -> int:
    """A few partitions per worker, so uneven partitions still keep every worker busy."""
    if engine == "serial":
        return 1
    if engine == "dask":
        workers = _dask_threads(client)
        return max(4, 2 * workers)
    return 4 * n_workers(n_jobs)


def _dask_threads(client: Any) -> int:
    try:
        info = client.scheduler_info() if client is not None else None
    except Exception:  # pragma: no cover - a client that cannot answer
        info = None
    if info:
        return max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))
    return os.cpu_count() or 1


def run_map(func: Callable, items: Sequence, *, engine: str, n_jobs: int = -1, backend: str = "auto",
            client: Any = None) -> list:
    """``[func(x) for x in items]``, run by ``engine``; results in the order of ``items``.

    ``"joblib"`` uses :class:`joblib.Parallel` (``backend`` "loky": fresh worker processes,
    reused between calls; "multiprocessing": forked workers that share the parent's memory
    until they write to it; "threading"; "auto": see :func:`resolve_backend`). ``"dask"``
    maps over a :mod:`dask.bag` with one
    item per partition and computes it on ``client`` when given, else on the default
    scheduler (the active ``distributed.Client`` if there is one).
    """
    items = list(items)
    if engine == "serial" or (engine == "joblib" and (len(items) <= 1 or n_workers(n_jobs) == 1)):
        return [func(x) for x in items]
    if engine == "joblib":
        from joblib import Parallel, delayed

        chosen = resolve_backend(backend)
        with _frozen_heap(chosen == "multiprocessing"):
            return list(Parallel(n_jobs=n_jobs, backend=chosen)(delayed(func)(x) for x in items))
    import dask.bag as db

    if not items:
        return []
    bag = db.from_sequence(items, npartitions=len(items)).map(func)
    if client is not None:
        return list(client.compute(bag, sync=True))
    return list(bag.compute())


@contextmanager
def _frozen_heap(forking: bool) -> Iterator[None]:
    """While forked workers run: this process's objects set aside from the garbage collector
    (:func:`gc.freeze`), so a collection in a worker does not write to them and copy the
    pages they share with this process (a loaded corpus is many objects); put back after."""
    if not forking:
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


#: The items of the running :func:`map_blocks` whose workers are forked: they inherit them
#: from this process instead of receiving their blocks pickled.
_ITEMS: Sequence = ()


def map_blocks(func: Callable, items: Sequence, *, n_jobs: int = -1, args: tuple = ()) -> list:
    """``func(items, *args)`` (a list), computed on consecutive blocks of ``items`` on ``n_jobs``
    forked processes (a few blocks per worker, :func:`default_partitions`) and joined in order.

    ``func`` maps a block (a list of items) to a list of results in the order of its items, and
    is a module-level function (so worker processes can find it); with one worker or one item it
    runs here on all ``items``. Forked workers (Linux) find the items in the memory they share
    with this process and are sent only the bounds of their blocks; their results come back
    pickled with their large arrays in files of a temporary folder (in ``/dev/shm`` when
    writable), each read once and removed.
    """
    global _ITEMS
    items = list(items)
    workers = n_workers(n_jobs)
    if workers <= 1 or len(items) < 2:
        return list(func(items, *args))
    k = min(len(items), default_partitions("joblib", n_jobs))
    bounds = [len(items) * i // k for i in range(k + 1)]
    if not _forked_workers():
        jobs = [(func, items[bounds[i]:bounds[i + 1]], args) for i in range(k)]
        return [x for part in run_map(_apply_block, jobs, engine="joblib", n_jobs=workers) for x in part]
    held, _ITEMS = _ITEMS, items  # (a map_blocks inside a worker puts back the items it inherited)
    shm = "/dev/shm"  # (memory, where Linux has it: no disk written)
    spill = tempfile.mkdtemp(prefix="analysis-blocks-", dir=shm if os.access(shm, os.W_OK) else None)
    try:
        jobs = [(func, (bounds[i], bounds[i + 1]), args, os.path.join(spill, f"{i}.bin")) for i in range(k)]
        out: list = []
        for job, packed in zip(jobs, run_map(_apply_range, jobs, engine="joblib", n_jobs=workers)):
            out.extend(pickle.loads(packed))
            try:
                os.remove(job[3])  # read: let go at once, not with the whole folder
            except FileNotFoundError:
                pass
        return out
    finally:
        _ITEMS = held
        shutil.rmtree(spill, ignore_errors=True)


def _forked_workers() -> bool:
    """Whether the workers :func:`run_map` starts with joblib (``backend="auto"``) are forked
    from this process: the "multiprocessing" backend with the "fork" start method (joblib's
    ``JOBLIB_START_METHOD``, else Python's default; the method is read, not fixed)."""
    import multiprocessing as mp

    if resolve_backend("auto") != "multiprocessing":
        return False
    method = os.environ.get("JOBLIB_START_METHOD", "").strip() or mp.get_start_method(allow_none=True) \
        or mp.get_all_start_methods()[0]
    return method == "fork"


def _apply_block(job: tuple) -> list:
    func, block, args = job
    return list(func(block, *args))


def _apply_range(job: tuple) -> bytes:
    """A forked worker's block: the results of ``func`` on its items, pickled with their
    large arrays written to the file ``path`` (:class:`_ArraySpiller`)."""
    func, (a, b), args, path = job
    results = list(func(_ITEMS[a:b], *args))
    buffer = io.BytesIO()
    pickler = _ArraySpiller(buffer, path)
    try:
        pickler.dump(results)
    finally:
        pickler.close()
    return buffer.getvalue()


#: Arrays of at least this many bytes travel back from a forked worker through a file.
SPILL_BYTES = 1 << 20


class _ArraySpiller(pickle.Pickler):
    """A pickler (protocol 4, as multiprocessing sends results) that writes the bytes of each
    plain C-contiguous numeric array of :data:`SPILL_BYTES` or more to the file ``path`` and
    pickles only where to read them (:func:`_read_spilled`): the parent reads each array once
    from memory, instead of receiving it through a pipe in pieces and unpickling a copy. When
    the file cannot be written (a full folder), the arrays not yet written are pickled as
    usual."""

    def __init__(self, file: io.BytesIO, path: str) -> None:
        super().__init__(file, protocol=4)
        self.path = path
        self.spill: Any = None
        self.at = 0
        self.failed = False

    def reducer_override(self, obj: Any) -> Any:
        if (self.failed or type(obj) is not np.ndarray or obj.nbytes < SPILL_BYTES or obj.dtype.kind not in "biuf"
                or not obj.flags.c_contiguous):
            return NotImplemented
        try:
            if self.spill is None:
                self.spill = open(self.path, "wb")  # closed by close()
            self.spill.write(memoryview(obj).cast("B"))
        except OSError:
            self.failed = True
            return NotImplemented
        at, self.at = self.at, self.at + obj.nbytes
        return _read_spilled, (self.path, at, obj.dtype.str, obj.shape)

    def close(self) -> None:
        if self.spill is not None:
            self.spill.close()


def _read_spilled(path: str, at: int, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    """The array an :class:`_ArraySpiller` wrote at byte ``at`` of ``path``: writable, as
    unpickling gives it, over a private (copy-on-write) map of the file, so its bytes are not
    copied; the file can be removed at once (its memory goes with the array's)."""
    with open(path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    return np.frombuffer(mapped, dtype=np.dtype(dtype), count=math.prod(shape), offset=at).reshape(shape)


class Pool:
    """Partition states kept between rounds: in this process, or on Dask workers.

    ``start(func, items)`` creates one state per item; ``step(func, *shared)`` replaces
    every state ``s`` by ``func(s, *shared)``'s first element and returns the second
    elements (small summaries) to the caller; ``ask(func, *shared)`` returns
    ``func(s, *shared)`` for every state without changing them. With Dask the states never
    leave the workers: only the summaries and the shared arguments (broadcast once per
    round) travel.
    """

    def __init__(self, engine: str, client: Any = None) -> None:
        self.engine = engine
        self.client = client
        self.states: list = []

    def start(self, func: Callable, items: Sequence) -> None:
        if self.engine == "dask":
            self.states = self.client.map(func, list(items), pure=False)
        else:
            self.states = [func(x) for x in items]

    def _shared(self, shared: tuple) -> tuple:
        if self.engine != "dask" or not shared:
            return shared
        return tuple(self.client.scatter(s, broadcast=True, hash=False) if _is_big(s) else s for s in shared)

    def step(self, func: Callable, *shared: Any) -> list:
        shared = self._shared(shared)
        if self.engine != "dask":
            pairs = [func(s, *shared) for s in self.states]
            self.states = [p[0] for p in pairs]
            return [p[1] for p in pairs]
        pairs = self.client.map(func, self.states, *[[s] * len(self.states) for s in shared], pure=False)
        self.states = self.client.map(_first, pairs, pure=False)
        out = self.client.gather(self.client.map(_second, pairs, pure=False))
        del pairs
        return list(out)

    def ask(self, func: Callable, *shared: Any) -> list:
        shared = self._shared(shared)
        if self.engine != "dask":
            return [func(s, *shared) for s in self.states]
        futures = self.client.map(func, self.states, *[[s] * len(self.states) for s in shared], pure=False)
        return list(self.client.gather(futures))

    def close(self) -> None:
        if self.engine == "dask":
            self.client.cancel(self.states)
        self.states = []


def _first(pair: tuple) -> Any:
    return pair[0]


def _second(pair: tuple) -> Any:
    return pair[1]


def _is_big(value: Any) -> bool:
    nbytes = getattr(value, "nbytes", None)
    return nbytes is not None and nbytes > 64_000


def dask_client(client: Any, caller: str) -> tuple[Any, bool]:
    """The client to run on: the one given, the active one, or a new in-process one.

    Returns the client and whether this call created it (and must close it).
    """
    try:
        from distributed import Client, default_client
    except ImportError as exc:  # pragma: no cover - dask is a requirement
        raise ImportError(f"{caller}(): engine='dask' needs the 'dask' and 'distributed' packages "
                          "(pip install -r requirements.txt).") from exc
    if client is not None:
        return client, False
    try:
        return default_client(), False
    except ValueError:
        # the dashboard on any free port: None still tries 8787 and warns when it is taken
        return Client(processes=False, dashboard_address=":0"), True
