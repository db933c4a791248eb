"""Scale: the same results in one process, on local processes and on a Dask cluster.

Small corpus: the two seed conferences plus 24 MFA briefings from the bundled data (about
60,000 words), so each engine runs in seconds.
"""

from __future__ import annotations

import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer

from analysis.corpus import load_corpus
from analysis.errors import CorpusError, EmptyResultError
from analysis.phrases import recurring_phrases as library_phrases
from analysis.scale import count_files, count_terms, list_files, recurring_phrases
from analysis.scale._engine import Pool
from analysis.scale.files import _count_batch
from analysis.scale.phrases import _partition_jobs, mine_distributed
from analysis.terms import document_term_matrix
from analysis.text import tokenize_texts

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
SMALL = sorted((DATA / "seeds").glob("*.txt")) + sorted((DATA / "mfa").glob("*.txt"))[::18]


@pytest.fixture(scope="module")
def turns() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(SMALL).turns()


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        yield c


def assert_same_matrix(a, b) -> None:
    assert a.matrix.shape == b.matrix.shape
    assert a.matrix.dtype == b.matrix.dtype == np.int64
    assert (a.matrix != b.matrix).nnz == 0
    assert list(a.vocabulary) == list(b.vocabulary)
    pd.testing.assert_frame_equal(a.units, b.units)


# --------------------------------------------------------------------------- count_terms
class TestCountTerms:
    @pytest.mark.parametrize("options", [
        dict(),
        dict(by="transcript_id"),
        dict(by=["role", "month"], stop_words=False, ngram_range=(1, 2), min_df=2, max_df=0.9),
        dict(by="speaker", min_count=5, lowercase=False),
    ])
    @pytest.mark.parametrize("engine", ["serial", "joblib"])
    def test_equals_document_term_matrix(self, turns, options, engine):
        expected = document_term_matrix(turns, **options)
        got = count_terms(turns, engine=engine, n_jobs=2, partitions=5, **options)
        assert_same_matrix(got, expected)

    def test_dask_equals_document_term_matrix(self, turns, client):
        expected = document_term_matrix(turns, by="transcript_id")
        got = count_terms(turns, by="transcript_id", engine="dask", client=client, partitions=4)
        assert_same_matrix(got, expected)

    def test_conservation(self, turns):
        m = count_terms(turns, stop_words=False, engine="serial", partitions=3)
        tokens = tokenize_texts(turns["text"].tolist())
        assert m.matrix.sum() == sum(len(t) for t in tokens) == m.units["n_words"].sum()

    def test_filters_apply_to_the_whole_corpus(self, turns):
        # a term in 2 units of different partitions survives min_df=2
        frame = pd.DataFrame({"text": ["alpha beta", "gamma", "alpha delta"]})
        m = count_terms(frame, min_df=2, stop_words=False, engine="serial", partitions=3)
        assert list(m.vocabulary) == ["alpha"]
        assert m.matrix.toarray().ravel().tolist() == [1, 0, 1]

    def test_empty_input_gives_empty_matrix(self):
        m = count_terms(pd.DataFrame({"text": []}), engine="serial")
        assert m.matrix.shape[0] == 0 and len(m.units) == 0

    @pytest.mark.parametrize("kwargs, error, match", [
        (dict(engine="spark"), ValueError, "engine must be one of"),
        (dict(n_jobs=0), ValueError, "n_jobs must be -1"),
        (dict(partitions=0), ValueError, "partitions must be in"),
        (dict(min_df=2, max_df=1), ValueError, "max_df"),
        (dict(by="nope"), ValueError, "no column"),
    ])
    def test_errors(self, turns, kwargs, error, match):
        with pytest.raises(error, match=match):
            count_terms(turns, **kwargs)

    def test_no_term_left(self):
        with pytest.raises(EmptyResultError, match="min_df"):
            count_terms(pd.DataFrame({"text": ["a b", "c d"]}), min_df=2, stop_words=False, engine="serial")


# --------------------------------------------------------------------------- count_files
def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture()
def messy(tmp_path) -> Path:
    """Speech-only files with the UN corpus's mess: BOM, form feeds, CR, CRLF, curly quotes,
    zero-width and control characters, clitics, abbreviations and numbers."""
    _write(tmp_path, "Session 1/AAA_1.txt", "\ufeffAllow me, Sir, to congratulate you.\fThe U.S. and the "
           "U.N. don't agree on 3.5% growth.\r\nWe're here.".encode())
    _write(tmp_path, "Session 1/BBB_1.txt", "Peace\u200b-keeping is the Party\u2019s work;\rpeace "
           "keeps\x1fpeace.\n\nO'Brien's 255,000 troops—win-win.".encode())
    _write(tmp_path, "Session 2/CCC_2.txt", "Ünïcode wörds, Straße and ÉCOLE; 18th session; "
           "can't won't I'M.\n".encode())
    _write(tmp_path, ".hidden/DDD.txt", b"never read")
    return tmp_path


class TestCountFiles:
    def test_counts_by_hand(self, messy):
        m, vocab, units = count_files(messy, engine="serial")
        counts = dict(zip(vocab, np.asarray(m[1].todense()).ravel()))
        assert {w: c for w, c in counts.items() if c} == {
            "peace-keeping": 1, "is": 1, "the": 1, "party": 1, "work": 1, "peace": 1, "keepspeace": 1,
            "o'brien": 1, "255,000": 1, "troops": 1, "win-win": 1}
        assert units["doc_id"].tolist() == ["AAA_1", "BBB_1", "CCC_2"]
        assert units["n_words"].tolist() == [int(m[i].sum()) for i in range(3)]

    def test_equals_library_on_plain_speech(self, messy):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            corpus = load_corpus(messy, format="plain")
        expected = document_term_matrix(corpus, by="transcript_id", stop_words=False)
        m, vocab, units = count_files(messy, engine="serial")
        assert list(vocab) == list(expected.vocabulary)
        assert (m != expected.matrix).nnz == 0
        assert units["doc_id"].tolist() == expected.units["transcript_id"].tolist()
        assert units["n_words"].tolist() == expected.units["n_words"].tolist()

    @pytest.mark.parametrize("engine, kwargs", [
        ("joblib", dict(n_jobs=2)), ("joblib", dict(n_jobs=2, backend="loky")),
        ("joblib", dict(n_jobs=2, backend="threading", partitions=3)), ("serial", dict(partitions=3)),
    ])
    def test_engines_agree(self, engine, kwargs):
        expected = count_files(SMALL, engine="serial")
        got = count_files(SMALL, engine=engine, **kwargs)
        assert_same_matrix(got, expected)

    def test_dask_agrees(self, client):
        expected = count_files(SMALL, engine="serial")
        got = count_files(SMALL, engine="dask", client=client)
        assert_same_matrix(got, expected)

    def test_agrees_with_count_vectorizer_on_the_same_tokens(self):
        m, vocab, units = count_files(SMALL, engine="serial")
        texts = [p.read_text(encoding="utf-8-sig") for p in sorted(SMALL)]
        vec = CountVectorizer(analyzer=lambda t: tokenize_texts([t])[0])
        x = vec.fit_transform(texts)
        assert list(vec.get_feature_names_out()) == list(vocab)
        assert (x != m).nnz == 0

    def test_stop_words_and_min_count(self, messy):
        full = count_files(messy, engine="serial")
        m, vocab, units = count_files(messy, engine="serial", stop_words=["The", "peace"])
        assert set(full.vocabulary) - set(vocab) == {"the", "peace"}
        assert units["n_words"].tolist() == full.units["n_words"].tolist()
        m, vocab, _ = count_files(messy, engine="serial", min_count=2)
        assert list(vocab) == ["and", "the"] and m.toarray().tolist() == [[1, 2], [0, 1], [1, 0]]
        m, vocab, _ = count_files(messy, engine="serial", stop_words=True, min_count=2)
        assert m.shape == (3, 0)

    def test_list_files(self, messy):
        assert [p.name for p in list_files(messy)] == ["AAA_1.txt", "BBB_1.txt", "CCC_2.txt"]
        with pytest.raises(CorpusError, match="no such file"):
            list_files(messy / "missing")
        with pytest.raises(CorpusError, match="no files ending in .md"):
            list_files(messy, suffixes=(".md",))

    @settings(max_examples=200, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("aZn't’.,-:%5 \n\x1c\u00a0\u200bsS'IÉ")), max_size=40))
    def test_chunk_counting_equals_tokenizing_the_whole_text(self, tmp_path_factory, text):
        path = tmp_path_factory.mktemp("h") / "t.txt"
        path.write_text("x " + text, encoding="utf-8")
        part = _count_batch(([str(path)], True))
        got = Counter({part["vocab"][i]: int(c) for i, c in zip(part["indices"], part["data"])})
        from analysis.parsers.text import clean_speech
        expected = Counter(tokenize_texts([clean_speech("x " + text)])[0])
        assert got == expected


# --------------------------------------------------------------------------- recurring_phrases
PHRASE_OPTIONS = [
    dict(min_count=3),
    dict(min_count=2, min_length=3, max_length=6, stop_rule="none"),
    dict(min_count=4, stop_words=True, stop_rule="all", min_length=1),
    dict(min_count=3, expand_contractions=True, lowercase=False),
]


class TestRecurringPhrases:
    @pytest.mark.parametrize("options", PHRASE_OPTIONS)
    def test_joblib_equals_library(self, turns, options):
        expected = library_phrases(turns, **options)
        got = recurring_phrases(turns, engine="joblib", n_jobs=2, partitions=5, **options)
        pd.testing.assert_frame_equal(got, expected)

    @pytest.mark.parametrize("options", PHRASE_OPTIONS)
    def test_distributed_apriori_equals_library(self, turns, options):
        expected = library_phrases(turns, **options)
        full = dict(min_count=3, min_length=2, max_length=None, stop_words="function", stop_rule="edges",
                    lowercase=True, expand_contractions=False)
        full.update(options)
        jobs = _partition_jobs(turns, 6, full["lowercase"], full["expand_contractions"])
        got = mine_distributed(Pool("serial"), jobs, **full)
        pd.testing.assert_frame_equal(got, expected)

    def test_dask_equals_library(self, turns, client):
        expected = library_phrases(turns, min_count=3)
        got = recurring_phrases(turns, min_count=3, engine="dask", client=client, partitions=4)
        pd.testing.assert_frame_equal(got, expected)

    def test_counts_do_not_double_across_partitions(self):
        # the same phrase in three transcripts that land in three partitions
        frame = pd.DataFrame({"transcript_id": ["a", "b", "c"],
                              "text": ["We firmly oppose it.", "We firmly oppose it.", "We firmly oppose it."]})
        got = mine_distributed(Pool("serial"), _partition_jobs(frame, 3, True, False), min_count=3, min_length=2,
                               max_length=None, stop_words="function", stop_rule="edges", lowercase=True,
                               expand_contractions=False)
        assert got[["phrase", "count", "independent", "n_turns", "n_transcripts"]].values.tolist() == [
            ["we firmly oppose", 3, 3, 3, 3]]

    def test_empty_and_errors(self, turns):
        empty = recurring_phrases(turns.iloc[:0], engine="joblib")
        assert list(empty.columns) == ["phrase", "n", "count", "independent", "n_turns", "n_transcripts"]
        with pytest.raises(ValueError, match="min_count"):
            recurring_phrases(turns, min_count=1)
        with pytest.raises(ValueError, match="engine must be one of"):
            recurring_phrases(turns, engine="ray")


# --------------------------------------------------------------------------- real worker processes
def test_dask_worker_processes_give_the_same_results(turns):
    """Partitions and mining state cross process boundaries (serialized) and still agree."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, distributed.Client(cluster) as c:
        got = recurring_phrases(turns, min_count=3, engine="dask", client=c, partitions=3)
        counted = count_files(SMALL, engine="dask", client=c)
    pd.testing.assert_frame_equal(got, library_phrases(turns, min_count=3))
    assert_same_matrix(counted, count_files(SMALL, engine="serial"))


# --------------------------------------------------------------------------- the core functions' engines
class TestCoreEngines:
    """One recurring_phrases and one term counter: engine= and n_jobs= of the core functions."""

    @pytest.mark.parametrize("options", [dict(by="transcript_id"), dict(by=["role", "month"], ngram_range=(1, 2),
                                                                         min_df=2, lemmas=True)])
    def test_document_term_matrix_on_dask_equals_local(self, turns, client, options):
        expected = document_term_matrix(turns, **options)
        assert_same_matrix(document_term_matrix(turns, engine="dask", client=client, partitions=4, **options),
                           expected)
        assert_same_matrix(document_term_matrix(turns, n_jobs=1, **options), expected)

    def test_recurring_phrases_on_dask_equals_local(self, turns, client):
        expected = library_phrases(turns, min_count=3)
        pd.testing.assert_frame_equal(library_phrases(turns, min_count=3, engine="dask", client=client,
                                                      partitions=4), expected)
        pd.testing.assert_frame_equal(library_phrases(turns, min_count=3, n_jobs=1), expected)
        empty = library_phrases(turns.iloc[:0], engine="dask", client=client)
        assert list(empty.columns) == ["phrase", "n", "count", "independent", "n_turns", "n_transcripts"]

    def test_the_scale_names_call_the_core_functions(self, turns, monkeypatch):
        import analysis.phrases.maximal as maximal
        import analysis.scale.phrases as scale_phrases

        seen = []
        real = maximal.recurring_phrases
        monkeypatch.setattr(scale_phrases, "_recurring_phrases", lambda *a, **k: seen.append(k) or real(*a, **k))
        recurring_phrases(turns, min_count=4, engine="serial")
        recurring_phrases(turns, min_count=4, engine="joblib", n_jobs=2)
        assert [(k["engine"], k["n_jobs"]) for k in seen] == [("local", 1), ("local", 2)]
        from analysis import phrases

        assert phrases.recurring_phrases is real

    def test_errors_name_the_core_function(self, turns):
        with pytest.raises(ValueError, match=r"^recurring_phrases\(\): engine must be one of 'dask', 'local'"):
            library_phrases(turns, engine="joblib")
        with pytest.raises(ValueError, match=r"^document_term_matrix\(\): engine must be one of 'dask', 'local'"):
            document_term_matrix(turns, engine="serial")
        with pytest.raises(ValueError, match=r"^document_term_matrix\(\): n_jobs must be -1"):
            document_term_matrix(turns, n_jobs=0)
        with pytest.raises(ValueError, match=r"^recurring_phrases\(\): partitions must be in"):
            library_phrases(turns, engine="dask", partitions=0)

    def test_partition_streams_join_into_the_library_stream(self, turns):
        """The partitioned tokenization the benchmark times builds the library's own stream."""
        from analysis.phrases._stream import frame_stream
        from analysis.scale.phrases import _tokenize_part, join_streams

        parts = [_tokenize_part(j) for j in _partition_jobs(turns, 5, True, False)]
        got = join_streams(parts, lowercase=True, expand_contractions=False, n_rows=len(turns))
        want = frame_stream(turns, lowercase=True, expand_contractions=False)
        assert got.vocab[got.ids].tolist() == want.vocab[want.ids].tolist()
        assert np.array_equal(got.seg_end, want.seg_end) and np.array_equal(got.row, want.row)
        assert np.array_equal(got.row_start, want.row_start)
