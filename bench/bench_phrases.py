"""Benchmark: throughput and peak memory of ``recurring_phrases`` beside NLTK's collocation
finders and gensim's ``Phrases`` on the same text, in one run.

Usage::

    .venv/bin/python bench/bench_phrases.py ../shared/corpora/un_general_debate [--min-count 5]

The corpus is read once with ``load_corpus(path, format="plain")``. Each method then runs in
its own fresh process (multiprocessing "spawn"), twice: once timed, once under
``tracemalloc`` for the peak memory the call allocates (Python objects and numpy arrays;
the inputs it is handed are not counted). Tracing slows Python code down, which is why the
timed run is separate. The timed process's maximum resident set size
(``resource.getrusage``, inputs and interpreter included) is printed too. Words per second
divide the corpus word count (``n_words``, punctuation excluded) by the wall time of the
call.

Methods:

* ``recurring_phrases`` -- the whole call: Punkt sentences, tokenization, mining, table.
* ``recurring_phrases (mining)`` -- the same on an already tokenized stream (n-gram
  extension with pruning plus the maximality pass), which is what the other methods get.
* ``collocations n=2`` -- the whole call: tokenization, numpy counts, NLTK's measures.
* ``nltk bigram`` / ``nltk trigram`` -- ``BigramCollocationFinder`` /
  ``TrigramCollocationFinder.from_documents`` on the same sentence token lists, then
  ``apply_freq_filter(min_count)`` and ``score_ngrams(likelihood_ratio)``.
* ``gensim Phrases`` -- ``Phrases(sentences, min_count, threshold=10)`` on the same lists,
  then ``export_phrases()``; skipped if gensim is not installed (it is not a project
  requirement: ``pip install gensim`` into the venv to include it).

They do different jobs (maximal phrases of any length vs scored bigrams/trigrams vs
bigram phrase detection), so the table compares cost on the same input, not output.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import pickle
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

JOBS = ("recurring_phrases", "recurring_phrases (mining)", "collocations n=2", "nltk bigram", "nltk trigram",
        "gensim Phrases")


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _sentences(workdir: Path) -> list[list[str]]:
    """Sentence token lists from the saved stream (strings shared through the vocabulary)."""
    with open(workdir / "stream.pkl", "rb") as fh:
        ids, seg_end, vocab = pickle.load(fh)
    ends = np.unique(seg_end)
    starts = np.concatenate([[0], ends[:-1]])
    words = vocab[ids]
    return [words[a:b].tolist() for a, b in zip(starts, ends)]


def _prepare(job: str, workdir: Path, min_count: int):
    """Load the inputs of ``job`` and return ``call() -> description of the output``."""
    import pandas as pd

    if job in ("recurring_phrases", "collocations n=2"):
        with open(workdir / "texts.pkl", "rb") as fh:
            texts, tids = pickle.load(fh)
        frame = pd.DataFrame({"text": texts, "transcript_id": tids})
        from analysis.phrases import collocations, recurring_phrases

        if job == "recurring_phrases":
            return lambda: f"{len(recurring_phrases(frame, min_count=min_count)):,} phrases"
        return lambda: f"{len(collocations(frame, min_count=min_count)):,} bigrams"
    if job == "recurring_phrases (mining)":
        from analysis.phrases._common import candidate_rule
        from analysis.phrases._extend import frequent_levels, maximal_phrases
        from analysis.phrases._stream import Stream

        with open(workdir / "stream.pkl", "rb") as fh:
            ids, seg_end, vocab = pickle.load(fh)
        stream = Stream(ids, seg_end, np.zeros(len(ids), dtype=np.int32), np.zeros(2, dtype=np.int64), vocab, 0,
                        True, False, {})

        def mine() -> str:
            supports = [(None, min_count)]
            levels = frequent_levels(stream, supports=supports, keep_from=2)
            listed = maximal_phrases(stream, levels, supports=supports, min_length=2,
                                     candidate=candidate_rule(stream, "function", "edges"))
            texts_ = [stream.text_of(f, n) for f, n in zip(listed.first, listed.n)]
            return f"{len(texts_):,} phrases, longest {int(listed.n.max()) if len(listed.n) else 0} tokens"
        return mine
    sents = _sentences(workdir)
    if job == "nltk bigram":
        from nltk.collocations import BigramCollocationFinder
        from nltk.metrics.association import BigramAssocMeasures

        def bigrams() -> str:
            finder = BigramCollocationFinder.from_documents(sents)
            finder.apply_freq_filter(min_count)
            return f"{len(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio)):,} bigrams"
        return bigrams
    if job == "nltk trigram":
        from nltk.collocations import TrigramCollocationFinder
        from nltk.metrics.association import TrigramAssocMeasures

        def trigrams() -> str:
            finder = TrigramCollocationFinder.from_documents(sents)
            finder.apply_freq_filter(min_count)
            return f"{len(finder.score_ngrams(TrigramAssocMeasures.likelihood_ratio)):,} trigrams"
        return trigrams
    try:
        from gensim.models.phrases import Phrases
    except ImportError:
        return None
    return lambda: f"{len(Phrases(sents, min_count=min_count, threshold=10.0).export_phrases()):,} bigram phrases"


def _run(job: str, workdir: str, min_count: int, trace: bool, queue) -> None:
    """Run one job in this (fresh) process: wall time, or tracemalloc's peak when ``trace``."""
    import gc
    import tracemalloc

    call = _prepare(job, Path(workdir), min_count)
    if call is None:
        queue.put({"job": job, "skipped": "gensim not installed"})
        return
    gc.collect()
    if trace:
        tracemalloc.start()
        call()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        queue.put({"job": job, "traced_peak_mb": peak / 2**20})
        return
    t0 = time.perf_counter()
    output = call()
    queue.put({"job": job, "seconds": time.perf_counter() - t0, "max_rss_mb": _maxrss_mb(), "output": output})


def _child(ctx, job: str, workdir: str, min_count: int, trace: bool) -> dict:
    queue = ctx.Queue()
    proc = ctx.Process(target=_run, args=(job, workdir, min_count, trace, queue))
    proc.start()
    res = queue.get()
    proc.join()
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="corpus folder, e.g. ../shared/corpora/un_general_debate")
    parser.add_argument("--min-count", type=int, default=5, help="minimum count for every method (default 5)")
    parser.add_argument("--jobs", nargs="*", default=list(JOBS), choices=JOBS, metavar="JOB",
                        help=f"methods to run (default all: {', '.join(JOBS)})")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass (halves the run time)")
    parser.add_argument("--json", help="also write the results to this JSON file")
    args = parser.parse_args(argv)

    from analysis.corpus import load_corpus
    from analysis.phrases._stream import frame_stream

    t0 = time.perf_counter()
    turns = load_corpus(args.corpus, format="plain", progress=False).turns()
    load_s = time.perf_counter() - t0
    n_words = int(turns["n_words"].sum())
    t0 = time.perf_counter()
    stream = frame_stream(turns, lowercase=True, expand_contractions=False)
    token_s = time.perf_counter() - t0
    print(f"corpus: {args.corpus}: {len(turns):,} texts, {n_words:,} words, {stream.n_tokens:,} tokens, "
          f"{stream.n_sentences:,} sentences, vocabulary {len(stream.vocab):,}", flush=True)
    print(f"load_corpus: {load_s:.1f} s; sentences + tokens (stream): {token_s:.1f} s "
          f"({n_words / token_s:,.0f} words/s)", flush=True)

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        with open(Path(tmp) / "texts.pkl", "wb") as fh:
            pickle.dump((turns["text"].tolist(), turns["transcript_id"].tolist()), fh, protocol=5)
        with open(Path(tmp) / "stream.pkl", "wb") as fh:
            pickle.dump((stream.ids, stream.seg_end, stream.vocab), fh, protocol=5)
        del turns, stream
        ctx = mp.get_context("spawn")
        for job in args.jobs:
            res = _child(ctx, job, tmp, args.min_count, trace=False)
            if "seconds" in res and not args.no_memory:
                res.update(_child(ctx, job, tmp, args.min_count, trace=True))
            if "seconds" in res:
                res["words_per_second"] = n_words / res["seconds"]
                mem = f"peak {res['traced_peak_mb']:>8,.0f} MB" if "traced_peak_mb" in res else ""
                print(f"{job:28s} {res['seconds']:8.1f} s {res['words_per_second']:>12,.0f} words/s  {mem}  "
                      f"(process max RSS {res['max_rss_mb']:,.0f} MB)  {res['output']}", flush=True)
            else:
                print(f"{job:28s} skipped: {res['skipped']}", flush=True)
            results.append(res)

    timed = {r["job"]: r for r in results if "seconds" in r}
    if "recurring_phrases (mining)" in timed:
        ref = timed["recurring_phrases (mining)"]["seconds"]
        print("\ntime relative to recurring_phrases (mining):")
        for job, r in timed.items():
            print(f"  {job:28s} x{r['seconds'] / ref:6.2f}")
    if args.json:
        meta = {"corpus": args.corpus, "words": n_words, "min_count": args.min_count, "python": sys.version.split()[0],
                "machine": platform.machine(), "load_seconds": load_s, "stream_seconds": token_s}
        Path(args.json).write_text(json.dumps({"meta": meta, "results": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
