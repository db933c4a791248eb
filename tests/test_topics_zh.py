"""Topics of Chinese press conferences against scikit-learn alone on the same segmented words.

Target: the topics ``fit_topics`` finds on Chinese units are at least as coherent (mean NPMI of
each topic's top 10 terms over the units, :func:`analysis.topics.coherence.npmi_coherence`) and
as diverse (distinct terms among the top 25 of every topic over all of them) as a plain
``TfidfVectorizer`` + ``NMF`` fit on the very same content words: the units' words as the text
layer segments them (jieba with the suite's user dictionary), the suite's stop words, numbers
and one-character words dropped (:class:`analysis.topics._vectorize.TopicAnalyzer`), the same
``min_df``/``max_df`` and NNDSVDa start. A quarter of the ``mfa_zh`` press conferences (every
fourth file) keeps the test to seconds.

Measured (NPMI of ours and plain, diversity of ours and plain), once the localizers and
postpositions (时, 后, 以来 ...) were stop words: the quarter, k=10 0.2265 and 0.2265, 0.824 and
0.824; k=20 0.2506 and 0.2506, 0.734 and 0.730; all 827 conferences, k=10 0.2482 and 0.2482,
0.788 and 0.788; k=20 0.2553 and 0.2511, 0.734 and 0.728. Before (those words counted as
content words), k=20 on the quarter was 0.2507 against 0.2555 and 0.726 against 0.746, both
fits stopping at 200 iterations before they converged.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis.corpus import load_corpus
from analysis.text import stop_words
from analysis.topics import fit_topics, topic_units
from analysis.topics._vectorize import TopicAnalyzer
from analysis.topics.coherence import npmi_coherence

MFA_ZH = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "mfa_zh"


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    files = sorted((MFA_ZH / "txt").glob("*.txt"))[::4]
    if not files:
        pytest.skip(f"{MFA_ZH} is not here")
    return topic_units(load_corpus(files).turns())


@pytest.fixture(scope="module")
def words(units: pd.DataFrame) -> list[list[str]]:
    analyzer = TopicAnalyzer(stop_words())
    return [analyzer(t) for t in units["text"]]


def _plain(words: list[list[str]], k: int) -> list[list[str]]:
    """The top 25 terms of each topic of scikit-learn alone on the word lists."""
    vec = TfidfVectorizer(analyzer=lambda d: d, min_df=5, max_df=0.5)
    x = vec.fit_transform(words)
    nmf = NMF(k, init="nndsvda", random_state=0).fit(x)
    vocab = vec.get_feature_names_out()
    return [[str(vocab[i]) for i in np.argsort(-row, kind="stable")[:25]] for row in nmf.components_]


def _diversity(tops: list[list[str]]) -> float:
    every = [w for t in tops for w in t[:25]]
    return len(set(every)) / len(every)


def test_the_units_are_words_not_clauses(words: list[list[str]]) -> None:
    lengths = np.array([len(w) for d in words for w in d])
    assert len(lengths) > 100_000
    assert 1.4 <= lengths.mean() <= 2.6  # the range of a Chinese word's mean length


@pytest.mark.parametrize("k", [10, 20])
def test_as_coherent_and_diverse_as_plain_nmf(units: pd.DataFrame, words: list[list[str]], k: int) -> None:
    ours = fit_topics(units, k=k).top_terms(25)
    plain = _plain(words, k)
    assert all(any("\u4e00" <= c <= "\u9fff" for c in t[0]) for t in ours)  # Chinese terms lead every topic
    npmi_ours = npmi_coherence([t[:10] for t in ours], words)["coherence"].mean()
    npmi_plain = npmi_coherence([t[:10] for t in plain], words)["coherence"].mean()
    assert npmi_ours >= npmi_plain, (npmi_ours, npmi_plain)
    assert _diversity(ours) >= _diversity(plain), (_diversity(ours), _diversity(plain))
