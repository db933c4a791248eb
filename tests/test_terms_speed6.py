"""Batches of texts run on forked children with the first in this process
(``analysis.terms._base.on_workers``): the results come back in order, equal to running every
batch here; an exception raised in a child is raised in the caller; and single words counted
this way (``count_words_apart``) equal the counts of the text layer."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from analysis.terms import _base
from analysis.terms._base import count_words_apart, on_workers, resolve_stop_words
from analysis.token_options import TokenOptions

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="children are forked on Linux")


def _summary(job: tuple[list[str], str]) -> tuple[int, int, int, str]:
    """The process a batch ran in, its texts, their characters, and a tag passed along."""
    batch, tag = job
    return os.getpid(), len(batch), sum(map(len, batch)), tag


def _fails_after_the_first(job: tuple[list[str], str]) -> int:
    batch, _ = job
    if batch[0] != "t0":
        raise ValueError(f"no result for a batch starting at {batch[0]}")
    return len(batch)


TEXTS = [f"t{i}" + " word" * (i % 7) for i in range(40)]


@pytest.mark.parametrize("n_jobs", [2, 3, 5])
def test_batches_come_back_in_order_and_whole(n_jobs):
    got = on_workers(_summary, TEXTS, ("x",), n_jobs=n_jobs)
    assert len(got) == n_jobs
    # every text in exactly one batch, batches in text order (counted by the children themselves)
    assert sum(n for _, n, _, _ in got) == len(TEXTS)
    assert sum(c for _, _, c, _ in got) == sum(map(len, TEXTS))
    assert [tag for *_, tag in got] == ["x"] * n_jobs
    # the first batch ran here, every other one in a child of its own
    pids = [p for p, *_ in got]
    assert pids[0] == os.getpid()
    assert len(set(pids[1:])) == n_jobs - 1 and os.getpid() not in pids[1:]
    # the same batches as one process makes them
    serial = on_workers(_summary, TEXTS, ("x",), n_jobs=1)
    assert [n for _, n, _, _ in serial] == [len(TEXTS)]


def test_one_job_or_one_text_runs_here():
    assert on_workers(_summary, TEXTS[:1], ("y",), n_jobs=4) == [(os.getpid(), 1, len(TEXTS[0]), "y")]
    assert on_workers(_summary, TEXTS, ("y",), n_jobs=1)[0][0] == os.getpid()


def test_an_exception_in_a_child_is_raised_here():
    from multiprocessing import active_children

    before = set(active_children())  # a pool another test left to be reused (joblib's loky) is not ours
    with pytest.raises(ValueError, match="no result for a batch starting at t"):
        on_workers(_fails_after_the_first, TEXTS, ("z",), n_jobs=3)
    assert not [c for c in active_children() if c.is_alive() and c not in before]  # every child reaped


@pytest.mark.parametrize("opts", [TokenOptions(), TokenOptions(lemmas=True), TokenOptions(stop_words=False,
                                                                                          lowercase=False)])
def test_words_counted_on_forks_equal_the_text_layer(opts):
    texts = ["The Party's members don't rest; U.S.-led talks resumed.", "", "Peace, peace and TRADE!",
             "members Members were being organized, 3.5% growth in 2020-2021."] * 25
    stops = resolve_stop_words(opts.stop_words)
    apart = count_words_apart(texts, opts, stops=stops, n_jobs=3)
    import pandas as pd

    layer = _base._count_words_view(pd.DataFrame({"text": texts}), opts, stops=stops, text="text")
    assert list(apart.vocabulary) == list(layer.vocabulary)
    assert np.array_equal(apart.n_words, layer.n_words) and apart.n_words.dtype == np.int64
    assert (apart.matrix != layer.matrix).nnz == 0 and apart.matrix.dtype == layer.matrix.dtype
    assert np.array_equal(apart.matrix.indptr, layer.matrix.indptr)
    assert np.array_equal(apart.matrix.indices, layer.matrix.indices)
    # hand-checked: "members" is no stop word; two forms of it per fourth text, 25 copies
    if opts == TokenOptions():
        col = list(apart.vocabulary).index("members")
        assert int(apart.matrix[:, col].sum()) == 25 * 3
