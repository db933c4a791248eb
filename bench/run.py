"""Benchmarks: the suite beside scikit-learn, NLTK and gensim on a large corpus, in one run.

Usage::

    .venv/bin/python bench/run.py [--corpus ../shared/corpora/un_general_debate] [--only terms phrases user]
                                  [--jobs figures,terms] [--quick] [--budget 19] [--out bench/RESULTS.md]
                                  [--library]

(``make bench`` installs ``bench/requirements.txt`` (gensim) and runs it with the defaults.)
The corpus is any folder of ``.txt`` files, one document per file; the default is the UN
General Debate corpus (6,522 speeches, 14.5 million words), found relative to the repository,
read with ``name_pattern="{country}_{session}_{year}"`` (``--name-pattern`` for another).

Two kinds of job, every one in a fresh Python process, one after the other:

**Kernels** (ours, CountVectorizer and gensim ``--repeat`` times, interleaved, keeping the
fastest run):

* **terms** -- loading, tokenizing and counting terms by document, from the files on disk to
  a document-term matrix: ``analysis.scale.count_files`` (all cores, and in one process)
  beside scikit-learn's ``CountVectorizer()`` (default analyzer) on the files' texts, and an
  NLTK pipeline (``NLTKWordTokenizer``, the word tokenizer of ``nltk.word_tokenize``, whose
  sentence splitter needs a download, then one ``FreqDist`` per document). With
  ``--library`` also ``load_corpus(format="plain")`` and ``document_term_matrix(by="transcript_id")``.
* **phrases** -- recurring phrases of 2 to 8 words seen at least 5 times, on the same input
  for everyone: the corpus's sentences as lists of lower-cased word tokens (prepared once,
  not timed). Ours: the lists encoded as integers (``stream_from_sentences``), n-gram
  extension with pruning and the maximality pass of ``analysis.phrases.recurring_phrases``
  (``max_length=8``; compiled inner loops), and the phrases' texts. Beside it
  NLTK's ``BigramCollocationFinder`` and ``TrigramCollocationFinder`` (``from_documents``,
  ``apply_freq_filter(5)``, ``score_ngrams(likelihood_ratio)``) and gensim's
  ``Phrases(min_count=5, threshold=10)`` with ``export_phrases()`` (``bench/requirements.txt``;
  skipped with a note when gensim is not installed). The jobs differ (maximal phrases of any
  length up to 8 vs scored bigrams and trigrams vs bigram detection); the table compares cost
  on the same input. Ours end to end (sentence splitting and tokenization on all cores
  included: ``analysis.scale.recurring_phrases``) is reported too.
* **topics** -- ``topic_units`` (paragraphs) of the corpus as a user loads it, and
  ``fit_topics(k=20)`` (NMF of TF-IDF); beside it scikit-learn alone (``TfidfVectorizer``
  with English stop words, ``min_df=5, max_df=0.5``, and ``NMF(20, init="nndsvda")``) on the
  same unit texts.
* **growth** -- ours (terms, and phrase mining) on 1/8, 1/4, 1/2 and all of the files (every
  8th, 4th, 2nd file, so each subset holds the one before), to show time grows linearly.

**User path** (``--only user``; ``--jobs`` picks some of load, terms, phrases, collocations,
formulae, rhetoric, scores, topics, figures, growth): the public calls a user makes from a notebook
or the command line, each job once, beside the peers above measured in the same run (run in
the user section when their own section is not selected):

* ``load_corpus(path, name_pattern=...)`` + ``.turns()`` with an empty cache folder
  (``ANALYSIS_CACHE``: cold) and again with the cache that run wrote (warm);
* ``term_frequencies(turns, by="transcript_id")`` with the reading included (``load_corpus``
  without a cache, ``.turns()``, counting) beside CountVectorizer on the files;
* ``recurring_phrases(turns, min_count=5)`` on the loaded turns beside the mining kernel and
  gensim on ready tokens;
* ``collocations(turns, n=2, min_count=5, stop_rule="none")`` from the files (reading
  included; every bigram seen 5 times, the job of NLTK's bigram finder) beside NLTK's finder
  on ready tokens;
* ``formulae(corpus, min_transcripts=5)``, ``rhetoric_profile(turns, by="transcript_id")``,
  ``topic_units(turns)`` and ``fit_topics(units, k=20)`` on the loaded corpus (warm cache);
* scores: ``readability`` and ``lexical_diversity`` by transcript with ``measures="all"``
  (every readability and diversity measure) beside the same two calls with their defaults
  (Flesch, Flesch-Kincaid, TTR, MATTR, MTLD), each in its own process with the sentence and
  word layers built or read before the timed call (they are shared with every analysis) and
  the compiled kernels loaded by a call on 20 turns (numba compiles them once per install or
  after an edit of their module, not per call); target: the full set at most 2x the defaults' time;
* ``python -m analysis figures --corpus PATH --name-pattern ... --out TMP`` with an empty
  cache folder (cold) and again with it (warm);
* growth: terms (reading included), phrases and formulae over 1/8, 1/4, 1/2 and all of the
  files, with the least-squares exponent of time over files.

A job's phases (loading, then the call) are timed apart in its process: "memory beyond the
loaded corpus" is the call's task memory with the corpus already loaded.

Memory: a thread in each task's process sums the proportional set size (PSS, Linux
``/proc/<pid>/smaps_rollup``) of the process and of every worker process it starts: the
resident sets (``statm``) every 20 ms, and the PSS whenever they are near their peak, at most
as often as keeps its page-table walk under 5% of the time (see ``MemorySampler``).
"Task memory" is the peak of that sum minus its value just before the task (the interpreter,
its imports and inputs handed to the task are not counted; workers started by the task are
counted whole). The whole-process peak (``ru_maxrss``) is reported too. For the
user path the benchmark also samples, from outside, the resident set size (RSS) summed over
the job's process tree (the command line's own workers included): "peak RSS, process tree".
MB are 2^20 bytes throughout, except the corpus's size on disk (10^6 bytes, as written).

Time limits: every job has a timeout (user-path calls 300 s, the figures command 600 s cold and
180 s warm), and the whole run a budget (``--budget``, default 19 minutes; ``make bench`` stays
under 20). Until the figures command has run, 240 s (cold) and 90 s (warm) of the budget are
kept for it: other jobs get at most the rest, and growth steps and repeats expected not to fit
in it are reported as not run. The figures command runs last, with what is left (at least the
time kept for it, at most its cap). A job that hits its limit is killed with its workers and
reported as "timed out after N s".

Targets (on a 2-core machine): term counting at least 1.5x faster than ``CountVectorizer``
with task memory at most twice the corpus's size on disk; phrases at least 3x faster than
gensim and 10x faster than NLTK's finders (bigram and trigram together); doubling the corpus
at most 2.1x the time; the user-path targets are listed beside each row of its table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpora" / "un_general_debate"
DEFAULT_PATTERN = "{country}_{session}_{year}"  # the UN corpus's file names
sys.path.insert(0, str(ROOT))

FRACTIONS = (8, 4, 2, 1)  # every k-th file
MIN_COUNT = 5
MAX_LENGTH = 8
K_TOPICS = 20

USER_JOBS = ("load", "terms", "phrases", "collocations", "formulae", "rhetoric", "scores", "topics", "figures",
             "growth")
KERNEL_CAP = 600  # seconds: no kernel job comes near it
USER_CAP = 300  # a user-path call
FIGURES_CAP = {"cold": 600, "warm": 180}
FIGURES_KEEP = {"cold": 240, "warm": 90}  # budget kept for the figures command until it has run
GROWTH_OVERHEAD = 4.0  # seconds a growth step costs beyond its timed part (interpreter, imports, inputs)
GB = 1024  # MB


# --------------------------------------------------------------------------- memory
def _mem_mb(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of one process in MB, from ``smaps_rollup``: the kernel walks the process's
    page tables to make it (milliseconds for a process of a few GB, holding its memory-map
    lock), so :class:`MemorySampler` reads it only when the resident set may be at a peak."""
    pss = rss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
                    break
    except OSError:
        pass
    return pss, rss


_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20 if hasattr(os, "sysconf") else 4096 / 2**20


def _rss_mb(pid: int) -> float:
    """RSS of one process in MB from ``statm``: a counter the kernel keeps, read without
    walking any page table."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE_MB
    except (OSError, IndexError, ValueError):
        return 0.0


def _tree_pids(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue
    return out


class MemorySampler:
    """Peaks of the summed PSS and RSS of a process (this one by default) and its descendants.

    The summed RSS (``statm``, a counter: cheap) is read every ``interval`` seconds; the PSS
    (``smaps_rollup``, a walk of every page table of the tree) when the summed RSS has grown
    since the last PSS reading, or every ``refresh`` seconds while it stays within ``near`` of
    its highest so far, and never more often than keeps that walk under ``share`` of the
    time. PSS never exceeds
    RSS, so its peak falls where RSS is high; reading it every 20 ms instead cost a 2 GB
    process tree seconds of kernel time and slowed the job it measured."""

    def __init__(self, pid: int | None = None, interval: float = 0.02, *, near: float = 0.9,
                 share: float = 0.05, refresh: float = 0.5) -> None:
        self.pid = pid or os.getpid()
        self.interval = interval
        self.near, self.share, self.refresh = near, share, refresh
        self._refresh = 0.0  # earliest time of a PSS reading while the RSS stays as it was
        self.peak = self.peak_rss = self.baseline = 0.0
        self._last_rss = 0.0  # summed RSS at the last PSS reading
        self._next_pss = 0.0  # earliest time of the next PSS reading
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> tuple[float, float]:
        """(summed PSS, summed RSS) of the tree now (both walks: the full reading)."""
        both = [_mem_mb(p) for p in _tree_pids(self.pid)]
        return sum(b[0] for b in both), sum(b[1] for b in both)

    def _update(self, force: bool = False) -> None:
        pids = _tree_pids(self.pid)
        rss = sum(_rss_mb(p) for p in pids)
        self.peak_rss = max(self.peak_rss, rss)
        now = time.perf_counter()
        grown = rss > 1.005 * self._last_rss
        if force or (now >= self._next_pss and (grown or rss >= self.near * self.peak_rss and now >= self._refresh)):
            pss = sum(_mem_mb(p)[0] for p in pids)
            cost = time.perf_counter() - now
            self.peak, self._last_rss = max(self.peak, pss), rss
            self._next_pss = now + cost / self.share
            self._refresh = now + self.refresh

    def _run(self) -> None:
        while not self._stop.is_set():
            self._update()
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self.baseline, self.peak_rss = self.sample()
        self.peak = self.baseline
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._update(force=True)


# --------------------------------------------------------------------------- inputs
def write_file_list(corpus: str, workdir: Path, base: int) -> dict:
    """Every ``base``-th file of the corpus, written to ``workdir/files.json`` for the tasks. With
    ``base`` > 1 the files are also linked into one folder, the corpus the user-path jobs and
    the command line read."""
    from analysis.scale import list_files

    files = [str(p.resolve()) for p in list_files(corpus)][::base]
    folder = str(Path(corpus).resolve())
    if base > 1:
        sub = workdir / "corpus"
        sub.mkdir()
        for f in files:
            (sub / Path(f).name).symlink_to(f)
        folder = str(sub)
        files = sorted(str(p) for p in sub.iterdir())
    info = {"folder": folder, "files": files}
    (workdir / "files.json").write_text(json.dumps(info), encoding="utf-8")
    return info


def task_files(workdir: Path, every: int = 1) -> list[str]:
    return json.loads((workdir / "files.json").read_text(encoding="utf-8"))["files"][::every]


def user_corpus(workdir: Path, every: int = 1) -> str | list[str]:
    """What a user would hand load_corpus: the folder, or the files of a growth subset."""
    info = json.loads((workdir / "files.json").read_text(encoding="utf-8"))
    return info["folder"] if every == 1 else info["files"][::every]


def prepare_sentences(workdir: Path) -> dict:
    """Tokenize the corpus once (all cores) and save the sentences as numpy arrays (no pickle):
    token ids, sentence lengths, the file of each sentence, the vocabulary."""
    import numpy as np
    import pandas as pd

    from analysis.scale.files import _file_text
    from analysis.scale.phrases import _partition_jobs, _tokenize_part, join_streams
    from analysis.scale._engine import run_map

    files = task_files(workdir)
    frame = pd.DataFrame({"text": [_file_text(f) for f in files], "transcript_id": [Path(f).stem for f in files]})
    jobs = _partition_jobs(frame, 8, True, False)
    stream = join_streams(run_map(_tokenize_part, jobs, engine="joblib"), lowercase=True, expand_contractions=False,
                          n_rows=len(frame))
    ends = np.unique(stream.seg_end)
    starts = np.concatenate([[0], ends[:-1]])
    np.save(workdir / "ids.npy", stream.ids)
    np.save(workdir / "seg_len.npy", (ends - starts).astype(np.int64))
    np.save(workdir / "seg_row.npy", stream.row[starts].astype(np.int64))
    np.save(workdir / "vocab.npy", np.asarray(stream.vocab.tolist(), dtype=str))
    return {"tokens": int(stream.n_tokens), "sentences": int(stream.n_sentences), "vocabulary": len(stream.vocab)}


def load_sentences(workdir: Path, every: int = 1) -> list[list[str]]:
    import numpy as np

    ids = np.load(workdir / "ids.npy", allow_pickle=False)
    lens = np.load(workdir / "seg_len.npy", allow_pickle=False)
    rows = np.load(workdir / "seg_row.npy", allow_pickle=False)
    vocab = np.load(workdir / "vocab.npy", allow_pickle=False).astype(object)
    ends = np.cumsum(lens)
    starts = ends - lens
    keep = rows % every == 0
    words = vocab[ids]
    return [words[a:b].tolist() for a, b in zip(starts[keep], ends[keep])]


# --------------------------------------------------------------------------- kernel tasks
def _ours_mining(sents: list[list[str]]) -> str:
    """recurring_phrases' mining (analysis.phrases) on sentence token lists."""
    from analysis.phrases._common import candidate_rule
    from analysis.phrases._extend import frequent_levels, maximal_phrases
    from analysis.phrases._stream import stream_from_sentences

    stream = stream_from_sentences(sents)
    supports = [(None, MIN_COUNT)]
    levels = frequent_levels(stream, supports=supports, max_length=MAX_LENGTH, keep_from=2)
    listed = maximal_phrases(stream, levels, supports=supports, min_length=2,
                             candidate=candidate_rule(stream, "function", "edges"))
    phrases = stream.texts_of(listed.first, listed.n)
    occurrences = sum(len(lv.pos) for lv in levels)
    return f"{len(phrases):,} maximal phrases ({occurrences:,} occurrences of recurring 2-8-grams)"


def setup_task(name: str, workdir: Path, every: int):
    """Import what the task needs and load its inputs; return ``call() -> description``."""
    if name == "terms:ours":
        from analysis.scale import count_files

        files = task_files(workdir, every)
        return lambda: _dtm(count_files(files))
    if name == "terms:ours-loky":
        from analysis.scale import count_files

        files = task_files(workdir, every)
        return lambda: _dtm(count_files(files, backend="loky"))
    if name == "terms:ours-1-process":
        from analysis.scale import count_files

        files = task_files(workdir, every)
        return lambda: _dtm(count_files(files, engine="serial"))
    if name == "terms:sklearn":
        from sklearn.feature_extraction.text import CountVectorizer

        files = task_files(workdir, every)

        def sklearn_terms() -> str:
            texts = []
            for f in files:
                with open(f, encoding="utf-8-sig") as fh:
                    texts.append(fh.read())
            x = CountVectorizer().fit_transform(texts)
            return f"{x.shape[0]:,} x {x.shape[1]:,}, {x.sum():,} tokens"
        return sklearn_terms
    if name == "terms:nltk":
        from nltk import FreqDist
        from nltk.tokenize import NLTKWordTokenizer

        files = task_files(workdir, every)
        tokenizer = NLTKWordTokenizer()

        def nltk_terms() -> str:
            dists = []
            for f in files:
                with open(f, encoding="utf-8-sig") as fh:
                    dists.append(FreqDist(tokenizer.tokenize(fh.read().lower())))
            vocab = set().union(*dists)
            return f"{len(dists):,} x {len(vocab):,}, {sum(d.N() for d in dists):,} tokens"
        return nltk_terms
    if name == "terms:library":
        import warnings

        from analysis.corpus import load_corpus
        from analysis.terms import document_term_matrix

        def library_terms() -> str:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                corpus_ = load_corpus(task_files(workdir, every), format="plain")
            return _dtm(document_term_matrix(corpus_, by="transcript_id", stop_words=False))
        return library_terms
    if name.startswith("phrases:") and name != "phrases:ours-end-to-end":
        sents = load_sentences(workdir, every)
        if name == "phrases:ours":
            import analysis.phrases  # noqa: F401

            return lambda: _ours_mining(sents)
        if name == "phrases:nltk-bigram":
            from nltk.collocations import BigramCollocationFinder
            from nltk.metrics.association import BigramAssocMeasures

            def bigrams() -> str:
                finder = BigramCollocationFinder.from_documents(sents)
                finder.apply_freq_filter(MIN_COUNT)
                return f"{len(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)):,} bigrams"
            return bigrams
        if name == "phrases:nltk-trigram":
            from nltk.collocations import TrigramCollocationFinder
            from nltk.metrics.association import TrigramAssocMeasures

            def trigrams() -> str:
                finder = TrigramCollocationFinder.from_documents(sents)
                finder.apply_freq_filter(MIN_COUNT)
                return f"{len(finder.score_ngrams(TrigramAssocMeasures.likelihood_ratio)):,} trigrams"
            return trigrams
        if name == "phrases:gensim":
            try:
                from gensim.models.phrases import Phrases
            except ImportError:
                return None
            return lambda: (f"{len(Phrases(sents, min_count=MIN_COUNT, threshold=10.0).export_phrases()):,} "
                            "bigram phrases")
    if name == "phrases:ours-end-to-end":
        import pandas as pd

        from analysis.scale import recurring_phrases
        from analysis.scale.files import _file_text

        files = task_files(workdir, every)

        def end_to_end() -> str:
            frame = pd.DataFrame({"text": [_file_text(f) for f in files],
                                  "transcript_id": [Path(f).stem for f in files]})
            table = recurring_phrases(frame, min_count=MIN_COUNT, max_length=MAX_LENGTH)
            return f"{len(table):,} maximal phrases"
        return end_to_end
    if name in ("topics:ours", "topics:sklearn"):
        import pandas as pd

        units = pd.read_parquet(workdir / "units.parquet")
        if name == "topics:ours":
            from analysis.topics import fit_topics

            return lambda: f"k={fit_topics(units, k=K_TOPICS).k} on {len(units):,} units"
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfVectorizer

        def sk_topics() -> str:
            x = TfidfVectorizer(stop_words="english", min_df=5, max_df=0.5).fit_transform(units["text"])
            NMF(K_TOPICS, init="nndsvda", random_state=0).fit(x)
            return f"k={K_TOPICS} on {x.shape[0]:,} units, {x.shape[1]:,} terms"
        return sk_topics
    raise ValueError(f"unknown task {name!r}")


def _dtm(result) -> str:
    m = result[0]
    return f"{m.shape[0]:,} x {m.shape[1]:,}, {int(m.sum()):,} tokens"


# --------------------------------------------------------------------------- user-path tasks
def user_phases(name: str, workdir: Path, every: int, pattern: str | None):
    """The phases of a user-path task: ``[(phase, call(state) -> description)]`` and a
    ``finish(state)`` run after them, untimed. Imports happen here, before any timing."""
    import warnings

    import pandas as pd  # noqa: F401

    from analysis.corpus import load_corpus

    source = user_corpus(workdir, every)

    def load(state: dict) -> str:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            state["corpus"] = load_corpus(source, name_pattern=pattern)
        turns = state["turns"] = state["corpus"].turns()
        return (f"{len(turns):,} turns in {turns['transcript_id'].nunique():,} transcripts, "
                f"{int(turns['n_words'].sum()):,} words")

    phases = [("load", load)]
    finish = None
    if name == "user:terms":
        from analysis.terms import term_frequencies

        def call(state: dict) -> str:
            t = term_frequencies(state["turns"], by="transcript_id")
            return f"{len(t):,} (transcript, term) rows, {t['term'].nunique():,} terms"
    elif name == "user:phrases":
        from analysis.phrases import recurring_phrases

        def call(state: dict) -> str:
            return f"{len(recurring_phrases(state['turns'], min_count=MIN_COUNT)):,} maximal phrases"
    elif name == "user:collocations":
        from analysis.phrases import collocations

        def call(state: dict) -> str:
            t = collocations(state["turns"], n=2, min_count=MIN_COUNT, stop_rule="none")
            return f"{len(t):,} bigrams"
    elif name == "user:formulae":
        import pandas as pd

        from analysis.phrases import evaluate_formulae, formulae

        def call(state: dict) -> str:
            state["formulae"] = formulae(state["corpus"], min_transcripts=5)
            return f"{len(state['formulae']):,} formulae"

        def quality(state: dict) -> str:
            # names among the first 50 rows and fragments among the first 200 (read from the text),
            # and recall of a hand-checked list of the corpus's formulae when FORMULAE_LIST names one
            listed = os.environ.get("FORMULAE_LIST")
            # one formula a line, or a CSV with a 'formula' column (the lists of tests/data)
            expected = ([] if not listed else pd.read_csv(listed)["formula"].astype(str).tolist()
                        if listed.endswith(".csv") else
                        [x.strip() for x in Path(listed).read_text().splitlines() if x.strip()])
            e = evaluate_formulae(state["formulae"], expected, turns=state["turns"])
            recall = f"recall of {Path(listed).name} in 100 rows {e['recall']:.0%}, " if listed else ""
            return f"{recall}names in 50 rows {e['names']:.0%}, fragments in 200 rows {e['fragments']:.1%}"
        phases.append(("call", call))
        return phases + [("quality", quality)], finish
    elif name in ("user:scores-default", "user:scores-all"):
        from analysis.rhetoric import lexical_diversity, readability
        from analysis.rhetoric._common import word_table_of
        from analysis.sentences import sentence_table

        measures = "all" if name.endswith("-all") else None
        load_turns = load

        def load(state: dict) -> str:  # noqa: F811 - the layers the scores share, built or read untimed
            out = load_turns(state)
            texts = state["turns"]["text"].tolist()
            sentence_table(texts)
            word_table_of(texts)
            # the compiled kernels loaded (compiled once per install, or after an edit of their module)
            few = state["turns"].head(20)
            readability(few, by="transcript_id", measures=measures)
            lexical_diversity(few, by="transcript_id", measures=measures)
            return out + " (sentence and word layers and compiled kernels ready)"

        phases = [("load", load)]

        def call(state: dict) -> str:
            r = readability(state["turns"], by="transcript_id", measures=measures)
            d = lexical_diversity(state["turns"], by="transcript_id", measures=measures)
            return f"{len(r):,} transcripts; {r.shape[1] - 1} readability and {d.shape[1] - 1} diversity columns"
    elif name == "user:rhetoric":
        from analysis.rhetoric import rhetoric_profile

        def call(state: dict) -> str:
            t = rhetoric_profile(state["turns"], by="transcript_id")
            return f"{len(t):,} rows"
    elif name == "topics:units":
        from analysis.topics import topic_units

        def call(state: dict) -> str:
            units = state["units"] = topic_units(state["turns"])
            return f"{len(units):,} paragraph units"

        def finish(state: dict) -> None:
            state["units"][["text"]].to_parquet(workdir / "units.parquet")
    elif name in ("user:load-cold", "user:load-warm"):
        return phases, None
    else:
        raise ValueError(f"unknown task {name!r}")
    return phases + [("call", call)], finish


def child(name: str, workdir: str, every: int, pattern: str | None) -> None:
    """Run one task in this fresh process; print one JSON line per phase (as soon as it ends),
    then one with the process's peak."""
    import gc

    workdir_ = Path(workdir)
    if name.startswith(("user:", "topics:units")):
        phases, finish = user_phases(name, workdir_, every, pattern)
    else:
        call = setup_task(name, workdir_, every)
        if call is None:
            print(json.dumps({"skipped": "gensim is not installed (pip install -r bench/requirements.txt)"}))
            return
        phases, finish = [("task", lambda state: call())], None
    state: dict = {}
    for phase, run in phases:
        gc.collect()
        with MemorySampler() as mem:
            t0 = time.perf_counter()
            output = run(state)
            seconds = time.perf_counter() - t0
        print(json.dumps({"phase": phase, "seconds": seconds, "output": output, "task_mb": mem.peak - mem.baseline,
                          "peak_mb": mem.peak, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
              flush=True)
    if finish:
        finish(state)
    print(json.dumps({"done": True, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}),
          flush=True)


# --------------------------------------------------------------------------- running
class Budget:
    """The run's time budget: what is left, and time kept for jobs still to come."""

    def __init__(self, minutes: float) -> None:
        self.deadline = time.perf_counter() + 60 * minutes
        self.kept: dict[str, float] = {}

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def free(self) -> float:
        """What is left once the time kept for jobs still to come is set aside."""
        return self.left() - sum(self.kept.values())

    def limit(self, cap: float, keep_for_others: bool = True) -> float:
        kept = sum(self.kept.values()) if keep_for_others else 0.0
        return min(cap, self.left() - kept)


BUDGET = Budget(19)
RESULTS: dict[str, dict] = {}  # kernel and peer results of this run, by task name (the fastest run)


def run_process(cmd: list[str], *, timeout: float, env: dict | None = None) -> dict:
    """Run ``cmd`` in its own process group, sampling its process tree's memory from outside;
    kill the group after ``timeout`` seconds. Returns wall time, exit status, whether it timed
    out, the tree's peak RSS and PSS, and its standard output and error."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env, start_new_session=True)
        sampler = MemorySampler(proc.pid, interval=0.05)
        with sampler:
            try:
                rc = proc.wait(timeout=max(timeout, 0.1))
                timed_out = False
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                rc = proc.wait()
                timed_out = True
            wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"wall": wall, "rc": rc, "timed_out": timed_out, "timeout": timeout, "tree_rss_mb": sampler.peak_rss,
                "tree_pss_mb": sampler.peak, "stdout": out.read().decode("utf-8", "replace"),
                "stderr": err.read().decode("utf-8", "replace")}


def _env(cache: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "ANALYSIS_CACHE"}
    if cache is not None:
        env["ANALYSIS_CACHE"] = str(cache)
    return env


def run_child(name: str, workdir: Path, every: int = 1, *, cap: float = KERNEL_CAP, cache: Path | None = None,
              pattern: str | None = None, keep_for_others: bool = True) -> dict:
    """Run task ``name`` in a fresh process within the budget. Returns its phases (``phases``:
    phase -> seconds, task_mb, output...), and for a one-phase kernel task that phase's fields
    at top level (seconds, output, task_mb, peak_mb, max_rss_mb) as before; ``error``,
    ``skipped`` or ``timed_out`` when it did not finish."""
    timeout = BUDGET.limit(cap, keep_for_others)
    if timeout < 3:
        return {"skipped": "not run: the time budget was spent", "phases": {}}
    cmd = [sys.executable, __file__, "--child", name, "--workdir", str(workdir), "--every", str(every)]
    if pattern:
        cmd += ["--name-pattern", pattern]
    load = os.getloadavg()[0]
    run = run_process(cmd, timeout=timeout, env=_env(cache))
    lines = [json.loads(ln) for ln in run["stdout"].splitlines() if ln.startswith("{")]
    result = {"phases": {ln["phase"]: ln for ln in lines if "phase" in ln}, "wall": run["wall"], "load": load,
              "tree_rss_mb": run["tree_rss_mb"], "tree_pss_mb": run["tree_pss_mb"]}
    done = [ln for ln in lines if ln.get("done") or "skipped" in ln]
    if done:
        result.update({k: v for k, v in done[-1].items() if k != "done"})
    if run["timed_out"]:
        result.update(timed_out=True, timeout=timeout)
    elif not done:
        result["error"] = (run["stderr"].strip().splitlines() or [f"failed (exit status {run['rc']})"])[-1]
    if set(result["phases"]) == {"task"} and done:
        result.update({k: v for k, v in result["phases"]["task"].items() if k != "phase"})
    return result


def run_tasks(names: list[str], workdir: Path, repeat: int) -> list[tuple[str, dict]]:
    """Run each task once, and the headline pair ``REPEATED`` ``repeat`` times, interleaved
    (A B A B ...); a repeated task reports its fastest run (the least disturbed one)."""
    results: dict[str, list[dict]] = {n: [] for n in names}
    for i in range(max(1, repeat)):
        for n in names:
            if i == 0 or n in REPEATED:
                results[n].append(run_child(n, workdir))
    out = []
    for n in names:
        timed = [r for r in results[n] if "seconds" in r]
        best = min(timed, key=lambda r: r["seconds"]) if timed else _failed(results[n][0])
        if len(timed) > 1:
            best = {**best, "output": f"{best['output']} (fastest of {len(timed)})"}
        RESULTS[n] = best
        out.append((n.split(":")[1], best))
    return out


REPEATED = ("terms:ours", "terms:sklearn", "phrases:ours", "phrases:gensim")


def _failed(r: dict) -> dict:
    """A result with no time: its reason in ``error`` or ``skipped``."""
    if r.get("timed_out"):
        return {**r, "error": f"timed out after {r['timeout']:.0f} s"}
    return r


def run_figures(corpus: str, pattern: str | None, cache: Path, out: Path, cap: float, *, keep: float) -> dict:
    """``python -m analysis figures`` on the corpus, in its own process group, within ``cap``
    seconds and what the budget leaves after ``keep`` seconds."""
    timeout = min(cap, BUDGET.left() - keep)
    if timeout < 3:
        return {"skipped": "not run: the time budget was spent"}
    cmd = [sys.executable, "-m", "analysis", "figures", "--corpus", corpus, "--out", str(out), "--no-progress"]
    if pattern:
        cmd[6:6] = ["--name-pattern", pattern]
    load = os.getloadavg()[0]
    run = run_process(cmd, timeout=timeout, env=_env(cache))
    n_png = len(list(out.glob("**/*.png"))) if out.is_dir() else 0
    result = {"seconds": run["wall"], "tree_rss_mb": run["tree_rss_mb"], "tree_pss_mb": run["tree_pss_mb"],
              "load": load, "command": " ".join(cmd[1:])}
    wrote = [ln for ln in run["stdout"].splitlines() if ln.startswith("wrote ")]
    if run["timed_out"]:
        result.update(timed_out=True, timeout=timeout, output=f"{n_png} figures written before the limit")
    elif run["rc"] not in (0, 1) or not wrote:
        result["error"] = (run["stderr"].strip().splitlines() or [f"exit status {run['rc']}"])[-1]
    else:
        found = re.search(r"\(figures: ([^;)]*)", wrote[-1])
        result["output"] = (found.group(1) if found else wrote[-1]) + ("" if run["rc"] == 0 else " (exit status 1)")
    return result


# --------------------------------------------------------------------------- report
def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for pkg in ("numpy", "pandas", "scipy", "scikit-learn", "nltk", "gensim", "joblib", "dask", "distributed",
                "pyarrow"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), cpu)
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB"


def _fmt_row(label: str, r: dict, ratio: float | None = None) -> str:
    if "seconds" not in r:
        return f"| {label} | - | - | - | - | {r.get('skipped') or 'error: ' + str(r.get('error'))} |"
    ratio = f"{ratio:.2f}x" if ratio else ""
    return (f"| {label} | {r['seconds']:.1f} | {ratio} | {r['task_mb']:,.0f} | {r['max_rss_mb']:,.0f} | "
            f"{r['output']} |")


def _why_not(r: dict) -> str:
    """Why a job has no time, in a few words."""
    if r.get("timed_out"):
        return f"timed out after {r['timeout']:.0f} s"
    return r.get("skipped") or f"error: {r.get('error', 'no result')}"


def _faster(ratio: float | None) -> str:
    """' (ours is 2.10x faster)' from a peer's time over ours; '' for none."""
    if not ratio:
        return ""
    return f" (ours is {ratio:.2f}x faster)" if ratio >= 1 else f" (ours is {1 / ratio:.2f}x slower)"


def _phase_sum(r: dict, names: tuple[str, ...]) -> float | None:
    ph = r.get("phases", {})
    return sum(ph[n]["seconds"] for n in names) if all(n in ph for n in names) else None


def _fit_exponent(points: list[tuple[int, float]]) -> float | None:
    """Least-squares b of seconds ~ files**b over the sizes measured (1.0: linear)."""
    if len(points) < 3:
        return None
    import numpy as np

    return float(np.polyfit(*np.log(np.array(points, dtype=float)).T, 1)[0])


NOTES = [
    "## Reading the numbers",
    "",
    "- Each method runs in a fresh process. Ours, CountVectorizer and gensim run `--repeat` times, interleaved, "
    "and each kernel growth step too: the fastest run counts (on a shared machine it is the least disturbed one); "
    "the other methods, and every user-path job, run once. A busy neighbour slows the parallel runs most.",
    "- Term counting: ours is `analysis.scale.count_files` (project tokenizer: hyphenated words, U.S. and 3.5% "
    "stay whole and clitics are split, as in the rest of the suite, so its vocabulary differs from CountVectorizer's "
    "`\\b\\w\\w+\\b`). Task memory counts the forked workers' own pages too.",
    "- Phrases: the jobs differ (maximal phrases of 2-8 words vs scored bigrams and trigrams vs gensim's bigram "
    "detection), so the ratios compare cost on the same input. With min count fixed at 5, a corpus twice as "
    "large holds more than twice as many recurring n-gram occurrences (see the output column of the growth "
    "table): mining time follows those occurrences, not the word count.",
    "- Topics: `fit_topics` tokenizes with the project tokenizer, runs NMF for up to 400 iterations from an "
    "NNDSVDa start computed by a truncated SVD; the scikit-learn line uses its own tokenizer and NMF's default "
    "200 iterations, so it is a yardstick, not the same fit.",
    "- User path: what a notebook or the command line costs, from the files to the result. `recurring_phrases` "
    "there has no length limit (the kernel stops at 8 words) and tokenizes and splits sentences itself; "
    "`term_frequencies` and `collocations` include `load_corpus` without a cache (CountVectorizer reads the "
    "files too; NLTK's finder gets ready tokens). A job that hit its limit was killed with its workers: its time "
    "is the limit, and its memory the peak until then.",
]

HEADER = ("| method | seconds | ours is faster by | task memory (MB) | process peak RSS (MB) | output |\n"
          "| --- | ---: | ---: | ---: | ---: | --- |")


class UserPath:
    """Runs the user-path jobs and writes their table."""

    def __init__(self, args, workdir: Path, jobs: list[str], text_mb: float, repeat: int) -> None:
        self.args, self.workdir, self.jobs, self.repeat = args, workdir, jobs, repeat
        self.pattern = args.name_pattern
        self.folder = user_corpus(workdir)
        self.text_mb = text_mb  # the corpus's size in MB of 2^20 bytes, for the 10x memory target
        self.load_cache = workdir / "cache-load"
        self.figures_cache = workdir / "cache-figures"
        self.r: dict[str, dict] = {}
        if "figures" in jobs:
            BUDGET.kept.update({"figures-cold": FIGURES_KEEP["cold"], "figures-warm": FIGURES_KEEP["warm"]})

    def child(self, name: str, every: int = 1, cache: Path | None = None, cap: float = USER_CAP) -> dict:
        return run_child(name, self.workdir, every, cap=cap, cache=cache, pattern=self.pattern)

    def peers(self, prepared: bool) -> bool:
        """Run the peers that no kernel section of this run measured; returns whether sentences
        were prepared."""
        need = {"terms": ["terms:sklearn"], "phrases": ["phrases:ours", "phrases:gensim"],
                "collocations": ["phrases:nltk-bigram"]}
        names = [n for job, ns in need.items() if job in self.jobs for n in ns if n not in RESULTS]
        if any(n.startswith("phrases:") for n in names) and not prepared:
            info = prepare_sentences(self.workdir)
            print(f"sentences prepared: {info['sentences']:,} sentences, {info['tokens']:,} tokens", flush=True)
            prepared = True
        if names:
            print("peers: " + ", ".join(names), flush=True)
            run_tasks(names, self.workdir, self.repeat)
        return prepared

    def run_functions(self) -> None:
        j = self.jobs
        steps = []
        if "load" in j or any(x in j for x in ("phrases", "formulae", "rhetoric", "scores", "topics")):
            steps.append(("load-cold", "user:load-cold", self.load_cache))  # fills the cache the warm jobs read
        if "load" in j:
            steps.append(("load-warm", "user:load-warm", self.load_cache))
        for job in ("terms", "collocations"):
            if job in j:
                steps.append((job, f"user:{job}", None))  # reading included: no cache, as a first run
        for job in ("phrases", "formulae", "rhetoric"):
            if job in j:
                steps.append((job, f"user:{job}", self.load_cache))
        if "scores" in j:
            steps += [("scores-default", "user:scores-default", self.load_cache),
                      ("scores-all", "user:scores-all", self.load_cache)]
        for key, name, cache in steps:
            print(f"  {key} ...", flush=True)
            self.r[key] = self.child(name, cache=cache)
            print(f"    {self._brief(self.r[key])}", flush=True)
        if "topics" in j:
            print("  topics ...", flush=True)
            self.run_topics()
            print("    " + "; ".join(f"{n.split(':')[1]} {self._brief(RESULTS[n])}"
                                     for n in ("topics:units", "topics:ours", "topics:sklearn")), flush=True)

    def run_topics(self) -> list[tuple[str, dict]]:
        if "topics:ours" not in RESULTS:
            units = self.child("topics:units", cache=self.load_cache)
            self.r["topic_units"] = units
            call = units.get("phases", {}).get("call")
            RESULTS["topics:units"] = {**units, **call, "output": f"{call['output']} (load_corpus "
                                       f"{units['phases']['load']['seconds']:.1f} s before it, not counted)"} \
                if call and (self.workdir / "units.parquet").exists() else _failed(units)
            for n in ("topics:ours", "topics:sklearn"):
                if "seconds" in RESULTS["topics:units"]:
                    RESULTS[n] = _failed(run_child(n, self.workdir, cap=USER_CAP))
                else:
                    RESULTS[n] = {"skipped": "no units (topic_units did not finish)"}
        return [("topic_units (load_corpus + turns, then paragraphs)", RESULTS["topics:units"]),
                ("ours", RESULTS["topics:ours"]), ("sklearn", RESULTS["topics:sklearn"])]

    def run_figures(self) -> None:
        """The command line cold, then warm: last, with what the budget has left (at least the
        time kept for it, at most its cap)."""
        if "figures" not in self.jobs:
            return
        out = self.workdir / "figures-out"
        for kind in ("cold", "warm"):
            BUDGET.kept.pop(f"figures-{kind}", None)
            after = FIGURES_KEEP["warm"] if kind == "cold" and "figures-warm" not in self.r else 0.0
            limit = min(FIGURES_CAP[kind], max(BUDGET.left() - after, FIGURES_KEEP[kind]))
            print(f"  figures {kind} (limit {min(limit, BUDGET.left()):.0f} s) ...", flush=True)
            self.r[f"figures-{kind}"] = run_figures(self.folder, self.pattern, self.figures_cache, out / kind,
                                                    limit, keep=0.0)
            print(f"    {self._brief(self.r[f'figures-{kind}'])}", flush=True)

    def run_growth(self) -> None:
        """terms (reading included), phrases and formulae on every 8th, 4th, 2nd file; the
        whole corpus is the full-size job's run."""
        if "growth" not in self.jobs:
            return
        self.growth: dict[str, dict[int, dict]] = {}
        for job in ("terms", "phrases", "formulae"):
            full = self.r.get(job)
            if full is None:
                continue
            self.growth[job] = {1: full}
            cache = None if job == "terms" else self.load_cache
            for every in (k for k in FRACTIONS if k > 1):
                wall = full.get("wall")
                need = (wall / every * 1.3 + GROWTH_OVERHEAD) if wall and not full.get("timed_out") else 0.0
                if need > BUDGET.free() - 5:
                    self.growth[job][every] = {"skipped": f"not run: the time budget left ({BUDGET.free():.0f} s "
                                               f"beside the figures command's) is short of the {need:.0f} s "
                                               "expected", "phases": {}}
                    continue
                print(f"  growth {job} 1/{every} ...", flush=True)
                self.growth[job][every] = self.child(f"user:{job}", every=every, cache=cache)

    @staticmethod
    def _brief(r: dict) -> str:
        if r.get("timed_out"):
            return f"timed out after {r['timeout']:.0f} s"
        if "seconds" in r:
            return f"{r['seconds']:.1f} s, {r.get('output', '')}"
        ph = r.get("phases", {})
        if ph and not r.get("error"):
            return "; ".join(f"{k} {v['seconds']:.1f} s ({v['output']})" for k, v in ph.items())
        return _why_not(r)

    # ---- the table
    def rows(self, n_files: int) -> tuple[list[str], list[str]]:
        """The user-path table's lines and the verdict lines for the Targets list."""
        lines = ["## User path: the public calls, from the files", "",
                 f"Each job once, in a fresh process, on the {n_files:,} files read by `load_corpus(path, "
                 f"name_pattern={self.pattern!r})`; the peers are this run's (fastest of their runs). "
                 f"'memory beyond the loaded corpus': the call's task memory (PSS, workers included) with the corpus "
                 f"already loaded, target at most 10x the text ({10 * self.text_mb:,.0f} MB); 'peak RSS, process "
                 "tree': the resident sets of the job's processes summed, at their highest, sampled from outside "
                 "every 50 ms (the peak targets are judged on it); a page shared by forked workers counts once per "
                 "process there, and once in all in 'peak PSS', the physical memory the tree held. GB = 1,024 MB.",
                 "",
                 "| job | seconds | beside it (same run) | memory beyond the loaded corpus (MB) | peak RSS, process "
                 "tree (MB) | peak PSS, process tree (MB) | load avg at start | target | verdict | output |",
                 "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- | --- |"]
        verdicts: list[str] = []
        mem_limit = 10 * self.text_mb
        pattern = f"name_pattern={self.pattern!r}" if self.pattern else ""

        def peer(name: str, label: str) -> tuple[str, float | None]:
            p = RESULTS.get(name, {})
            if "seconds" in p:
                return f"{label}: {p['seconds']:.1f} s", p["seconds"]
            return f"{label}: {_why_not(p) if p else 'not run'}", None

        def add(label: str, r: dict | None, seconds: float | None, beside: list[str],
                targets: list[tuple[str, bool | None, str]], mem: float | None, output: str) -> None:
            """One row; ``targets``: (target, met or not or None for not measured, what was measured)."""
            if r is None:
                return
            secs = f"{seconds:.1f}" if seconds is not None else _why_not(r)
            rss = f"{r['tree_rss_mb']:,.0f}" if r.get("tree_rss_mb") else "-"
            pss = f"{r['tree_pss_mb']:,.0f}" if r.get("tree_pss_mb") else "-"
            memory = f"{mem:,.0f}" if mem is not None else "-"
            load = f"{r['load']:.2f}" if "load" in r else "-"
            said = ["met" if ok else "NOT met" if ok is False else "not measured" for _, ok, _ in targets]
            if r.get("timed_out") and not output:
                done = [f"{k} {v['seconds']:.1f} s" for k, v in r.get("phases", {}).items()]
                output = "killed at the limit" + (f" (done before it: {', '.join(done)})" if done else "")
            lines.append(f"| {label} | {secs} | {'; '.join(beside)} | {memory} | {rss} | {pss} | {load} | "
                         f"{'; '.join(t for t, _, _ in targets)} | {'; '.join(said)} | {output} |")
            short = label.split(" (")[0].replace("`", "")
            verdicts.extend(f"user path, {short}: {got} (target {t}): {s}" for (t, _, got), s in zip(targets, said))

        def phase(r: dict | None, name: str, key: str) -> float | None:
            return (r or {}).get("phases", {}).get(name, {}).get(key)

        def out(r: dict | None, name: str = "call") -> str:
            return (r or {}).get("phases", {}).get(name, {}).get("output", "")

        def secs_target(s: float | None, limit: float, r: dict) -> tuple[str, bool | None, str]:
            if s is None:
                return (f"<= {limit:g} s", False if r.get("timed_out") else None, _why_not(r))
            return (f"<= {limit:g} s", s <= limit, f"{s:.1f} s")

        def memory_target(m: float | None) -> tuple[str, bool | None, str]:
            return (f"memory <= {mem_limit:,.0f} MB", None if m is None else m <= mem_limit,
                    "memory not measured" if m is None else f"{m:,.0f} MB beyond the loaded corpus")

        def peak_target(r: dict, gb: float) -> tuple[str, bool | None, str]:
            rss = r.get("tree_rss_mb")
            if not rss:
                return (f"peak <= {gb:g} GB", None, "peak not measured")
            if r.get("timed_out"):  # the peak until it was killed: a lower bound
                return (f"peak <= {gb:g} GB", False if rss > gb * GB else None, f"peak RSS {rss:,.0f} MB until killed")
            return (f"peak <= {gb:g} GB", rss <= gb * GB, f"peak RSS {rss:,.0f} MB")

        def ratio_target(text: str, ratio: float | None, ok: bool | None, r: dict) -> tuple[str, bool | None, str]:
            if ratio is None:
                failed = any(k in r for k in ("timed_out", "skipped", "error")) or not r.get("phases", r)
                return (text, False if r.get("timed_out") else None, _why_not(r) if failed else "peer not measured")
            return (text, ok, f"{ratio:.2f}x")

        for kind, limit in (("cold", 8), ("warm", 2)):
            r = self.r.get(f"load-{kind}")
            if r is not None and (kind == "warm" or "load" in self.jobs):
                s = phase(r, "load", "seconds")
                what = "empty cache folder" if kind == "cold" else "second run, the cache the cold run wrote"
                add(f"`load_corpus(path, {pattern})` + `.turns()`, {kind} ({what})", r, s, [],
                    [secs_target(s, limit, r)], phase(r, "load", "task_mb"),
                    out(r, "load") + " (memory column: the loaded corpus itself)")
        r = self.r.get("terms")
        if r is not None:
            s, m = _phase_sum(r, ("load", "call")), phase(r, "call", "task_mb")
            text, sk = peer("terms:sklearn", "CountVectorizer on the files")
            ratio = sk / s if s and sk else None
            add('`term_frequencies(turns, by="transcript_id")`, reading included', r, s,
                [text + _faster(ratio)],
                [ratio_target(">= 1.5x faster than CountVectorizer", ratio, ratio and ratio >= 1.5, r),
                 memory_target(m)],
                m, f"load_corpus + turns {phase(r, 'load', 'seconds') or 0:.1f} s (no cache), term_frequencies "
                   f"{phase(r, 'call', 'seconds') or 0:.1f} s; {out(r)}")
        r = self.r.get("phrases")
        if r is not None:
            s, m = phase(r, "call", "seconds"), phase(r, "call", "task_mb")
            t1, kern = peer("phrases:ours", "mining kernel on ready tokens")
            t2, gen = peer("phrases:gensim", "gensim Phrases on ready tokens")
            of_kernel = s / kern if s and kern else None
            faster = gen / s if s and gen else None
            add(f"`recurring_phrases(turns, min_count={MIN_COUNT})`", r, s,
                [t1 + (f" (ours takes {of_kernel:.2f}x)" if of_kernel else ""),
                 t2 + _faster(faster)],
                [ratio_target("<= 1.5x the kernel's time", of_kernel, of_kernel and of_kernel <= 1.5, r),
                 ratio_target(">= 3x faster than gensim", faster, faster and faster >= 3, r), memory_target(m)],
                m, out(r))
        r = self.r.get("collocations")
        if r is not None:
            s, m = _phase_sum(r, ("load", "call")), phase(r, "call", "task_mb")
            text, nl = peer("phrases:nltk-bigram", "NLTK BigramCollocationFinder on ready tokens")
            ratio = nl / s if s and nl else None
            add(f'`collocations(turns, n=2, min_count={MIN_COUNT}, stop_rule="none")` from the files', r, s,
                [text + _faster(ratio)],
                [ratio_target(">= 2x faster than NLTK's finder", ratio, ratio and ratio >= 2, r), memory_target(m)],
                m, f"load_corpus + turns {phase(r, 'load', 'seconds') or 0:.1f} s (no cache), collocations "
                   f"{phase(r, 'call', 'seconds') or 0:.1f} s; {out(r)}")
        r = self.r.get("formulae")
        if r is not None:
            s, m = phase(r, "call", "seconds"), phase(r, "call", "task_mb")
            add("`formulae(corpus, min_transcripts=5)`", r, s, [], [secs_target(s, 20, r), memory_target(m)], m,
                "; ".join(x for x in (out(r), out(r, "quality")) if x))
        r = self.r.get("rhetoric")
        if r is not None:
            s, m = phase(r, "call", "seconds"), phase(r, "call", "task_mb")
            add('`rhetoric_profile(turns, by="transcript_id")`', r, s, [],
                [secs_target(s, 15, r), peak_target(r, 1.5), memory_target(m)], m, out(r))
        r, base = self.r.get("scores-all"), self.r.get("scores-default")
        if r is not None:
            s, m, b = phase(r, "call", "seconds"), phase(r, "call", "task_mb"), phase(base, "call", "seconds")
            ratio = s / b if s and b else None
            add('`readability` + `lexical_diversity` by transcript, `measures="all"`', r, s,
                [f"the defaults (Flesch, Flesch-Kincaid, TTR, MATTR, MTLD): {b:.1f} s" if b else
                 f"the defaults: {_why_not(base or {})}"],
                [ratio_target("<= 2x the defaults' time", ratio, ratio is not None and ratio <= 2, r),
                 memory_target(m)], m, out(r) + (f"; {ratio:.2f}x the defaults" if ratio else ""))
        if "topics" in self.jobs:
            units, fit = RESULTS.get("topics:units", {}), RESULTS.get("topics:ours", {})
            m = units.get("task_mb")
            add("`topic_units(turns)`", units, units.get("seconds"), [], [memory_target(m)], m, units.get("output", ""))
            s, m = fit.get("seconds"), fit.get("task_mb")
            text, sks = peer("topics:sklearn", "TfidfVectorizer + NMF on the same units")
            faster = sks / s if s and sks else None
            add(f"`fit_topics(units, k={K_TOPICS})`", fit, s, [text + _faster(faster)],
                [ratio_target("at least as fast as TfidfVectorizer + NMF", faster, faster and faster >= 1, fit),
                 memory_target(m)], m, fit.get("output", ""))
        for kind, limit in (("cold", 180), ("warm", 60)):
            r = self.r.get(f"figures-{kind}")
            if r is None:
                continue
            s = None if r.get("timed_out") else r.get("seconds")
            what = "empty ANALYSIS_CACHE folder" if kind == "cold" else "ANALYSIS_CACHE as the cold run left it"
            add(f"`python -m analysis figures --corpus PATH --name-pattern ... --out TMP`, {kind} ({what})", r, s, [],
                [secs_target(s, limit, r), peak_target(r, 2.5)], None,
                r.get("output", ""))
        lines.append("")
        if getattr(self, "growth", None):
            lines += self.growth_rows(verdicts)
        return lines, verdicts

    def growth_rows(self, verdicts: list[str]) -> list[str]:
        lines = ["### User path: growth", "",
                 "The jobs above on every 8th, 4th, 2nd and every file (each subset holds the one before; the whole "
                 "corpus is the run above), once each; 'timed': what the row above times (terms: reading included; "
                 "phrases and formulae: the call on the loaded corpus). Target: time grows at most as files^1.1.", "",
                 "| job | share | files | load_corpus + turns (s) | call (s) | timed (s) | x previous | memory beyond "
                 "the loaded corpus (MB) | output |",
                 "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        n_all = len(task_files(self.workdir))
        for job, steps in self.growth.items():
            timed_phases = ("load", "call") if job == "terms" else ("call",)
            points, prev = [], None
            for every in FRACTIONS:
                r = steps.get(every)
                if r is None:
                    continue
                n = len(range(0, n_all, every))
                t = _phase_sum(r, timed_phases)
                if t is None:
                    lines.append(f"| {job} | 1/{every} | {n:,} | - | - | - | - | - | {_why_not(r)} |")
                    prev = None
                    continue
                ph = r["phases"]
                step = f"{t / prev:.2f}x" if prev else ""
                lines.append(f"| {job} | 1/{every} | {n:,} | {ph['load']['seconds']:.1f} | {ph['call']['seconds']:.1f} | "
                             f"{t:.1f} | {step} | {ph['call']['task_mb']:,.0f} | {ph['call']['output']} |")
                points.append((n, t))
                prev = t
            b = _fit_exponent(points)
            name = {"terms": "term_frequencies (reading included)", "phrases": "recurring_phrases",
                    "formulae": "formulae"}[job]
            if b is None:
                verdicts.append(f"user path, growth of {name}: not measured (fewer than 3 sizes)")
            else:
                verdicts.append(f"user path, growth of {name}: time ~ files^{b:.2f} over {len(points)} sizes "
                                f"(target <= 1.1): {'met' if b <= 1.1 else 'NOT met'}")
        lines.append("")
        return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=os.path.relpath(DEFAULT_CORPUS.resolve(), Path.cwd()),
                        help="folder of .txt files (default: ../shared/corpora/un_general_debate)")
    parser.add_argument("--name-pattern", default=None,
                        help=f"load_corpus's name_pattern for the user path (default: {DEFAULT_PATTERN!r} for the "
                             "default corpus, none for another)")
    sections = ["terms", "phrases", "topics", "growth", "user"]
    parser.add_argument("--only", nargs="*", default=None, choices=sections,
                        help="sections to run (default: all; 'user' is the user path)")
    parser.add_argument("--jobs", default=None,
                        help=f"user-path jobs, comma-separated, from {','.join(USER_JOBS)} (default: all); "
                             "implies --only user unless --only is given")
    parser.add_argument("--quick", action="store_true",
                        help="every 8th file, one run each, report to standard output only (unless --out): a test")
    parser.add_argument("--budget", type=float, default=19.0,
                        help="minutes the whole run may take (default 19): jobs are cut to fit")
    parser.add_argument("--library", action="store_true",
                        help="also time load_corpus + document_term_matrix, and count_files with fresh (loky) workers")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs of ours and of CountVectorizer and gensim, and of each kernel growth step; the "
                             "fastest counts (default 3, 1 with --quick)")
    parser.add_argument("--out", default=None, help="report file (default bench/RESULTS.md, none with --quick; '' "
                                                    "for none)")
    parser.add_argument("--append", action="store_true",
                        help="add this run's report below the report file's content instead of replacing it (a part "
                             "run with --only beside the last full run)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--every", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.workdir, args.every, args.name_pattern)
        return 0
    if not Path(args.corpus).is_dir():
        print(f"bench: corpus folder {args.corpus} not found (give --corpus)", file=sys.stderr)
        return 2
    jobs = list(USER_JOBS)
    if args.jobs is not None:
        jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
        bad = [j for j in jobs if j not in USER_JOBS]
        if bad:
            parser.error(f"--jobs: unknown {', '.join(bad)} (choose from {', '.join(USER_JOBS)})")
        if args.only is None:
            args.only = ["user"]
    if args.only is None:
        args.only = sections
    if args.name_pattern is None and Path(args.corpus).resolve() == DEFAULT_CORPUS.resolve():
        args.name_pattern = DEFAULT_PATTERN
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    out_file = args.out if args.out is not None else ("" if args.quick else str(ROOT / "bench" / "RESULTS.md"))
    base = 8 if args.quick else 1

    global BUDGET
    BUDGET = Budget(args.budget)
    started = time.perf_counter()
    load_before = os.getloadavg()
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        workdir = Path(tmp)
        files = write_file_list(args.corpus, workdir, base)["files"]
        n_bytes = sum(Path(f).stat().st_size for f in files)
        print(f"corpus {args.corpus}{' (every 8th file)' if base > 1 else ''}: {len(files):,} files, "
              f"{n_bytes / 1e6:,.1f} MB; budget {args.budget:g} min", flush=True)
        lines = [f"# Benchmarks\n\nRun by `make bench` (`bench/run.py`; method and memory measure in its docstring).\n",
                 f"- date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
                 f"- machine: {_machine()}",
                 "- versions: " + ", ".join(f"{k} {v}" for k, v in _versions().items()),
                 f"- corpus: `{Path(args.corpus).name}`{', every 8th file' if base > 1 else ''}, {len(files):,} files, "
                 f"{n_bytes / 1e6:,.1f} MB on disk (2x = {2 * n_bytes / 1e6:,.0f} MB)", ""]

        def report(title: str, rows: list[tuple[str, dict]], ref_label: str | None, ratio_note: str = "") -> dict:
            results = dict(rows)
            print(f"\n{title}", flush=True)
            lines.extend([f"## {title}", "", ratio_note, "", HEADER] if ratio_note else [f"## {title}", "", HEADER])
            for label, r in rows:
                ref = results[ref_label]["seconds"] if ref_label and "seconds" in results.get(ref_label, {}) else None
                other = None if label == ref_label or ref is None or "seconds" not in r else r["seconds"] / ref
                row = _fmt_row(label, r, other)
                lines.append(row)
                print("  " + row, flush=True)
            lines.append("")
            return results

        user = UserPath(args, workdir, jobs, n_bytes / 2**20, repeat) if "user" in args.only else None
        if "terms" in args.only:
            names = ["terms:ours", "terms:ours-1-process", "terms:sklearn", "terms:nltk"] + \
                (["terms:ours-loky", "terms:library"] if args.library else [])
            rows = run_tasks(names, workdir, repeat)
            res = report("Loading, tokenizing and counting terms by document", rows, "ours",
                         "\"ours is faster by\": the method's time divided by ours (all cores).")
            ours, sk = res["ours"], res["sklearn"]
            if "seconds" in ours and "seconds" in sk:
                speed = sk["seconds"] / ours["seconds"]
                ok = speed >= 1.5 and ours["task_mb"] <= 2 * n_bytes / 1e6
                verdicts.append(f"term counting: {speed:.2f}x faster than CountVectorizer (target 1.5x), task "
                                f"memory {ours['task_mb']:,.0f} MB = {ours['task_mb'] / (n_bytes / 1e6):.2f}x the "
                                f"text (target <= 2x): {'met' if ok else 'NOT met'}")
        prepared = False
        if "phrases" in args.only or "growth" in args.only:
            info = prepare_sentences(workdir)
            prepared = True
            print(f"\nsentences prepared: {info['sentences']:,} sentences, {info['tokens']:,} tokens, vocabulary "
                  f"{info['vocabulary']:,}", flush=True)
        if "phrases" in args.only:
            names = ["phrases:ours", "phrases:gensim", "phrases:nltk-bigram", "phrases:nltk-trigram",
                     "phrases:ours-end-to-end"]
            rows = run_tasks(names, workdir, repeat)
            res = report(f"Recurring phrases, 2-{MAX_LENGTH} words, min count {MIN_COUNT}", rows, "ours",
                         "Every method gets the same sentence token lists, except ours-end-to-end (from the files: "
                         "sentence splitting and tokenizing on all cores, then mining). The public calls "
                         "(`recurring_phrases`, `collocations`) are in the user-path table.")
            ours = res["ours"]
            if "seconds" in ours:
                nl = [res[k] for k in ("nltk-bigram", "nltk-trigram")]
                if all("seconds" in r for r in nl):
                    both = sum(r["seconds"] for r in nl)
                    lines.insert(-1, f"| nltk bigram + trigram | {both:.1f} | {both / ours['seconds']:.2f}x | | | |")
                    verdicts.append(f"phrases vs NLTK bigram+trigram finders: {both / ours['seconds']:.1f}x faster "
                                    f"(target 10x): {'met' if both / ours['seconds'] >= 10 else 'NOT met'}")
                g = res["gensim"]
                if "seconds" in g:
                    verdicts.append(f"phrases vs gensim Phrases: {g['seconds'] / ours['seconds']:.1f}x faster "
                                    f"(target 3x): {'met' if g['seconds'] / ours['seconds'] >= 3 else 'NOT met'}")
                else:
                    verdicts.append(f"phrases vs gensim Phrases: not measured ({g.get('skipped') or g.get('error')})")
        if user is not None:
            print("\nUser path", flush=True)
            prepared = user.peers(prepared)
            user.run_functions()
        if "topics" in args.only or (user is not None and "topics" in jobs):
            if user is None:  # the topics section alone: load the corpus as a user does, in its own run
                user = UserPath(args, workdir, ["topics"], n_bytes / 2**20, repeat)
                user_only_topics = True
            else:
                user_only_topics = False
            rows = user.run_topics()
            if "topics" in args.only:
                report(f"Topic fitting, k={K_TOPICS}, on paragraphs", rows, "ours",
                       "ours: fit_topics(units, k=20) (NMF of TF-IDF, project tokenizer and stop words); sklearn: "
                       "TfidfVectorizer + NMF on the same unit texts.")
            if user_only_topics:
                user = None
        if user is not None:
            user.run_growth()
        if "growth" in args.only:
            lines.extend(["## Growth", "", f"Ours on every 8th, 4th, 2nd and every file, fastest of up to {repeat} "
                          "runs (the machine is shared: the fastest run is the least disturbed; the whole corpus is "
                          "the section's run above when it ran); 'x previous': time over the time of the half-size "
                          "run (linear growth: 2.0).", "",
                          "| task | share | files | seconds | x previous | task memory (MB) | output |",
                          "| --- | --- | ---: | ---: | ---: | ---: | --- |"])
            print("\nGrowth", flush=True)
            tasks = ("terms:ours", "phrases:ours")
            runs: dict[tuple[str, int], list[dict]] = {(t, k): [] for t in tasks for k in FRACTIONS}
            for t in tasks:
                if "seconds" in RESULTS.get(t, {}):
                    runs[(t, 1)].append(RESULTS[t])
            for round_ in range(max(1, repeat)):
                todo = [(t, k) for t in tasks for k in FRACTIONS if not (k == 1 and "seconds" in RESULTS.get(t, {}))]
                need = sum(RESULTS.get(t, {}).get("wall", 10.0) / k + GROWTH_OVERHEAD for t, k in todo)
                if round_ > 0 and need > BUDGET.free() - 5:
                    print(f"  round {round_ + 1} of {repeat} not run: {need:.0f} s expected, {BUDGET.free():.0f} s "
                          "left", flush=True)
                    break
                for t, k in todo:
                    runs[(t, k)].append(run_child(t, workdir, k))
            worst: dict[str, float] = {}
            points: dict[str, list[tuple[int, float]]] = {}  # (files, seconds) per size, for the log-log slope
            per_occurrence: list[float] = []  # phrase mining: seconds per recurring n-gram occurrence
            occurrences: list[int] = []
            for task in tasks:
                prev = None
                worst[task] = 0.0
                for every in FRACTIONS:
                    timed = [x for x in runs[(task, every)] if "seconds" in x]
                    n_files = len(files[::every])
                    if not timed:
                        r = runs[(task, every)][0] if runs[(task, every)] else {"skipped": "not run"}
                        lines.append(f"| {task.replace(':', ' ')} | 1/{every} | {n_files:,} | - | - | - | "
                                     f"{_why_not(_failed(r))} |")
                        prev = None
                        continue
                    r = min(timed, key=lambda x: x["seconds"])
                    step = r["seconds"] / prev if prev else None
                    worst[task] = max(worst[task], step or 0.0)
                    points.setdefault(task, []).append((n_files, r["seconds"]))
                    found = re.search(r"\(([\d,]+) occurrences", r["output"])
                    if found:
                        occurrences.append(int(found.group(1).replace(",", "")))
                        per_occurrence.append(r["seconds"] / occurrences[-1])
                    output = r["output"] if len(timed) == 1 else f"{r['output']} (fastest of {len(timed)})"
                    row = (f"| {task.replace(':', ' ')} | 1/{every} | {n_files:,} | {r['seconds']:.2f} | "
                           f"{f'{step:.2f}x' if step else ''} | {r['task_mb']:,.0f} | {output} |")
                    lines.append(row)
                    print("  " + row, flush=True)
                    prev = r["seconds"]
            lines.append("")
            for task, w in worst.items():
                if len(points.get(task, [])) < 2:
                    verdicts.append(f"doubling the corpus ({task.replace(':', ' ')}): not measured (fewer than 2 "
                                    "sizes)")
                    continue
                b = _fit_exponent(points.get(task, []))
                slope = f"; over all sizes the time grows as files^{b:.2f} ({2 ** b:.2f}x per doubling)" if b else ""
                verdicts.append(f"doubling the corpus ({task.replace(':', ' ')}): at most {w:.2f}x the time "
                                f"(target <= 2.1x): {'met' if w <= 2.1 else 'NOT met'}{slope}")
            if len(per_occurrence) > 1:
                steps = [b / a for a, b in zip(per_occurrence, per_occurrence[1:])]
                verdicts.append("phrase mining per recurring 2-8-gram occurrence (the work grows faster than the "
                                "corpus at a fixed min count): "
                                + ", ".join(f"{x * 1e9:.0f} ns" for x in per_occurrence)
                                + f"; per doubling at most {max(steps):.2f}x, while the occurrences grow "
                                + ", ".join(f"{b / a:.2f}x" for a, b in zip(occurrences, occurrences[1:])))
        user_lines: list[str] = []
        if user is not None:
            user.run_figures()
            user_lines, user_verdicts = user.rows(len(files))
            print("\n" + "\n".join(user_lines), flush=True)
            met = sum(v.endswith(": met") for v in user_verdicts)
            verdicts.append(f"user path: {met} of {len(user_verdicts)} targets met (below, and in its table)")
            verdicts.extend(user_verdicts)
    total = time.perf_counter() - started
    verdicts.append(f"this run: {total / 60:.1f} minutes within a budget of {args.budget:g} (`make bench`, the whole "
                    "benchmark, target < 20)")
    load_after = os.getloadavg()
    lines[5:5] = [f"- load average (1, 5, 15 min) at the start: {', '.join(f'{x:.2f}' for x in load_before)}; at "
                  f"the end: {', '.join(f'{x:.2f}' for x in load_after)} (above 0 means other work shared the 2 "
                  "cores: parallel runs gain less, and all timings stretch)"]
    # the user path's table comes right after the targets: it is what a user meets
    lines[7:7] = ["## Targets", "", *[f"- {v}" for v in verdicts], "", *user_lines, *NOTES, ""]
    print("\nTargets\n" + "\n".join(f"  {v}" for v in verdicts), flush=True)
    if out_file:
        text = "\n".join(lines).rstrip() + "\n"
        if args.append and Path(out_file).exists():
            command = " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])])
            # one level down: this run's report is a part of the file's
            body = re.sub(r"^(#+) ", r"\1# ", text, flags=re.M).split("\n", 3)[3]
            text = (Path(out_file).read_text(encoding="utf-8").rstrip() + "\n\n"
                    + f"# Also run: `{command}`\n\nA part run after the one above, in its own process and with its "
                      f"own peers (its own date and load below).\n" + body)
        from analysis.outputs import atomic_write  # a failed run leaves the previous report whole

        atomic_write(out_file, text)
        print(f"\n{'appended to' if args.append else 'written'} {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
