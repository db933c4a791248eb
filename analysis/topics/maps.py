"""Distances between topics and a 2-D intertopic map (as LDAvis draws it).

Each topic's term weights are normalized to a distribution over the vocabulary; the
distance of two topics is the Jensen-Shannon distance of their distributions (the square
root of the JS divergence, base 2, in [0, 1]) or the cosine distance of the raw weights.
The map places topics in two dimensions by metric multidimensional scaling (SMACOF) of
those distances, so topics close on the map share vocabulary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial.distance import pdist, squareform
from sklearn.manifold import MDS

from .._validation import check_interval, check_option, check_type
from .models import TopicModelResult

__all__ = ["topic_distances", "intertopic_map"]


def _distance_matrix(result: TopicModelResult, metric: str) -> np.ndarray:
    comp = np.clip(np.asarray(result.components, dtype=float), 0, None)
    if metric == "jensenshannon":
        sums = comp.sum(axis=1, keepdims=True)
        p = np.divide(comp, sums, out=np.full_like(comp, 1.0 / comp.shape[1]), where=sums > 0)
        d = pdist(p, metric="jensenshannon") / np.sqrt(np.log(2))  # natural log -> base 2
    else:
        d = pdist(comp, metric="cosine")
    return squareform(np.clip(np.nan_to_num(d, nan=1.0), 0.0, 1.0))


def topic_distances(result: TopicModelResult, *, metric: str = "jensenshannon") -> pd.DataFrame:
    """Distance between every pair of topics.

    Parameters
    ----------
    result : TopicModelResult
    metric : {"jensenshannon", "cosine"}, default="jensenshannon"

    Returns
    -------
    pandas.DataFrame
        One row per ordered pair of distinct topics, by ``distance`` then topics:
        ``topic``, ``other``, ``distance``.

    References
    ----------
    Lin, J. (1991). Divergence measures based on the Shannon entropy. IEEE Transactions on
    Information Theory, 37(1), 145-151.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> units = pd.DataFrame({"text": ["tariffs trade"] * 3 + ["typhoon flood"] * 3})
    >>> topic_distances(fit_topics(units, k=2, min_df=1, max_df=1.0))["distance"].round(3).tolist()
    [1.0, 1.0]
    """
    check_type("result", result, TopicModelResult, caller="topic_distances")
    check_option("metric", metric, {"jensenshannon", "cosine"}, caller="topic_distances")
    d = _distance_matrix(result, metric)
    i, j = np.where(~np.eye(result.k, dtype=bool))
    out = pd.DataFrame({"topic": i + 1, "other": j + 1, "distance": d[i, j]})
    return out.sort_values(["distance", "topic", "other"], ignore_index=True)


def intertopic_map(
    result: TopicModelResult,
    *,
    metric: str = "jensenshannon",
    n_init: int = 4,
    random_state: int = 0,
) -> pd.DataFrame:
    """Two-dimensional coordinates of topics from their distances (metric MDS).

    Parameters
    ----------
    result : TopicModelResult
    metric : {"jensenshannon", "cosine"}, default="jensenshannon"
        See :func:`topic_distances`.
    n_init : int, default=4
        SMACOF restarts (the best stress is kept).
    random_state : int, default=0

    Returns
    -------
    pandas.DataFrame
        One row per topic, by topic: ``topic``, ``label``, ``x``, ``y``, ``share_units``,
        ``n_units``, ``nearest`` (the closest other topic), ``nearest_distance``.

    Notes
    -----
    The axes have no meaning of their own; only distances on the map do, and they
    approximate the topic distances (stress is minimized, not zero). The sign of each axis is
    fixed so the largest topic lies at non-negative x and y, for reproducible pictures.

    References
    ----------
    Kruskal, J. B. (1964). Multidimensional scaling by optimizing goodness of fit to a
    nonmetric hypothesis. Psychometrika, 29(1), 1-27.
    Sievert, C. & Shirley, K. (2014). LDAvis: A method for visualizing and interpreting
    topics. Workshop on Interactive Language Learning, Visualization, and Interfaces, 63-70.

    Examples
    --------
    >>> from analysis.topics import fit_topics
    >>> units = pd.DataFrame({"text": ["tariffs trade"] * 3 + ["typhoon flood"] * 3 + ["panda zoo"] * 3})
    >>> m = intertopic_map(fit_topics(units, k=3, min_df=1, max_df=1.0))
    >>> m.columns.tolist()
    ['topic', 'label', 'x', 'y', 'share_units', 'n_units', 'nearest', 'nearest_distance']
    """
    caller = "intertopic_map"
    check_type("result", result, TopicModelResult, caller=caller)
    check_option("metric", metric, {"jensenshannon", "cosine"}, caller=caller)
    check_interval("n_init", n_init, low=1, caller=caller, integer=True)
    check_interval("random_state", random_state, low=0, caller=caller, integer=True)
    d = _distance_matrix(result, metric)
    mds = MDS(n_components=2, dissimilarity="precomputed", n_init=n_init, random_state=random_state,
              normalized_stress="auto")
    xy = mds.fit_transform(d)
    xy = xy - xy.mean(axis=0)
    xy = xy * np.where(xy[0] < 0, -1.0, 1.0)  # topic 1 (the largest) in the upper right quadrant
    masked = d + np.diag(np.full(result.k, np.inf))
    nearest = masked.argmin(axis=1)
    sizes = result.topic_sizes
    return pd.DataFrame({
        "topic": sizes["topic"].to_numpy(),
        "label": sizes["label"].to_numpy(),
        "x": xy[:, 0],
        "y": xy[:, 1],
        "share_units": sizes["share_units"].to_numpy(),
        "n_units": sizes["n_units"].to_numpy(),
        "nearest": nearest + 1,
        "nearest_distance": masked[np.arange(result.k), nearest],
    })
