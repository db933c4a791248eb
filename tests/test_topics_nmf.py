"""Tests of fit_topics's NMF: single precision, and the coordinate descent that splits its
products over threads (the numbers of scikit-learn's ``NMF.fit_transform`` on the same input)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from test_topics import UNITS, _planted_units

from analysis import topics as tp
from analysis.topics import models


def _tfidf(seed: int = 0):
    return tp.fit_topics(_planted_units(n_per_topic=40, n_words=30, seed=seed), k=4, min_df=1).design.tfidf


def _sklearn_fit(x, k: int, **opts):
    w, h = (m.astype(models.NMF_DTYPE) for m in models.nndsvda_start(x, k))
    est = NMF(n_components=k, init="custom", random_state=0, **opts)
    return est.fit_transform(models._nmf_input(x), W=w, H=h), est


@pytest.mark.parametrize("n_threads", [1, 2, 3])
@pytest.mark.parametrize("k,max_iter", [(4, 400), (6, 400), (5, 7)])
def test_coordinate_descent_equals_sklearn(monkeypatch, n_threads: int, k: int, max_iter: int) -> None:
    x = _tfidf()
    monkeypatch.setattr(models, "PARALLEL_NMF_NONZEROS", 0)
    monkeypatch.setattr(models.os, "cpu_count", lambda: n_threads)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        w, est = models._fit_nmf(x, k, {"init": "nndsvda", "max_iter": max_iter, "random_state": 0})
        w_sk, sk = _sklearn_fit(x, k, max_iter=max_iter)
    assert w.dtype == models.NMF_DTYPE and est.components_.dtype == models.NMF_DTYPE
    assert np.array_equal(w, w_sk)
    assert np.array_equal(est.components_, sk.components_)
    assert est.n_iter_ == sk.n_iter_
    assert est.reconstruction_err_ == sk.reconstruction_err_
    assert np.array_equal(est.transform(models._nmf_input(x)), sk.transform(models._nmf_input(x)))


def test_max_iter_warns_as_sklearn() -> None:
    with pytest.warns(ConvergenceWarning, match="Maximum number of iterations 2 reached"):
        models._fit_nmf(_tfidf(), 4, {"init": "nndsvda", "max_iter": 2, "random_state": 0})


def test_other_solvers_fit_with_sklearn() -> None:
    res = tp.fit_topics(UNITS, k=4, min_df=2, model_params={"solver": "mu", "max_iter": 300})
    assert res.model.solver == "mu" and res.components.dtype == np.float64
    assert res.transform(UNITS["text"].head(3)).shape == (3, 4)


@pytest.mark.parametrize("n", [1, 2, 3, 500])
def test_row_blocks_multiply_as_the_whole(n: int) -> None:
    from concurrent.futures import ThreadPoolExecutor

    rng = np.random.default_rng(1)
    m = sparse.random(300, 80, density=0.05, format="csr", random_state=2, dtype=np.float32)
    keep = np.ones(300, dtype=np.float32)
    keep[7] = 0
    m = sparse.csr_matrix(sparse.diags(keep) @ m)  # an empty row
    m.eliminate_zeros()
    blocks, transposed = models._RowBlocks(m, n, 6), models._RowBlocks(m.T.tocsr(), n, 6)
    assert blocks.parts[0][0] == 0 and blocks.parts[-1][1] == 300
    with ThreadPoolExecutor(2) as pool:
        for _ in range(2):  # the output is reused
            right, left = rng.random((80, 6)).astype(np.float32), rng.random((300, 6)).astype(np.float32)
            assert np.array_equal(blocks.dot(right, pool), m @ right)
            assert np.array_equal(transposed.dot(left, pool), m.T @ left)  # scikit-learn's product (CSC)


def test_fit_topics_is_deterministic_and_double_precision_out() -> None:
    a = tp.fit_topics(UNITS, k=4, min_df=2)
    b = tp.fit_topics(UNITS, k=4, min_df=2)
    assert a.components.dtype == np.float64 and a.weights.dtype == np.float64
    assert np.array_equal(a.components, b.components) and np.array_equal(a.weights, b.weights)
    assert a.topic_terms.equals(b.topic_terms) and a.unit_topics.equals(b.unit_topics)
    assert np.allclose(a.transform(UNITS["text"]), a.weights, atol=1e-3)


def test_cached_fit_equals_fresh(tmp_path) -> None:
    fresh = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
    read = tp.fit_topics(UNITS, k=4, min_df=2, cache=tmp_path)
    assert read.model.n_iter_ == fresh.model.n_iter_
    assert np.array_equal(read.components, fresh.components) and np.array_equal(read.weights, fresh.weights)
    assert read.model.components_.dtype == models.NMF_DTYPE
    assert np.array_equal(read.transform(UNITS["text"]), fresh.transform(UNITS["text"]))


def test_stops_as_sklearn_by_default() -> None:
    res = tp.fit_topics(UNITS, k=4, min_df=2)
    default = NMF()
    assert res.model.max_iter == default.max_iter == 200 and res.model.tol == default.tol
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        longer = tp.fit_topics(UNITS, k=4, min_df=2, model_params={"max_iter": 400})
        shorter = tp.fit_topics(UNITS, k=4, min_df=2, model_params={"max_iter": 3})
    assert longer.model.max_iter == 400 and shorter.model.n_iter_ == 3
    assert res.model.n_iter_ < 200 and np.array_equal(longer.components, res.components)  # converged before 200


@pytest.mark.parametrize("params", [{"max_iter": 3}, {"max_iter": 3, "solver": "mu"}])
def test_fit_topics_says_what_to_do_when_the_fit_stops_early(params) -> None:
    # one warning, naming the call, the limit and the parameter that raises it, at the caller's line
    units = _planted_units(n_per_topic=40, n_words=30, seed=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tp.fit_topics(units, k=4, min_df=1, model_params=params)
    ours = [c for c in caught if issubclass(c.category, ConvergenceWarning)]
    assert len(ours) == 1, [str(c.message) for c in caught]
    message = str(ours[0].message)
    assert message.startswith("fit_topics(): the nmf fit with k=4 stopped at its iteration limit (max_iter=3)")
    assert "model_params={'max_iter': 6}" in message
    assert ours[0].filename == __file__


def test_a_converged_fit_warns_nothing() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tp.fit_topics(_planted_units(n_per_topic=40, n_words=30, seed=0), k=4, min_df=1)
    assert not [c for c in caught if issubclass(c.category, ConvergenceWarning)]
