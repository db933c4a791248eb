"""The count paths of ``rhetoric_profile`` against the match tables they stand for.

``rhetoric_profile`` counts device and lexicon matches per turn as integer arrays, without
building the tables of :func:`detect_devices` and :func:`match_dictionary`; the device counts
are a layer cached on disk run by run; readability counts sentences with a letter or digit
over the sentence table and reads syllables per word type from the disk cache. Each is
checked here against the tables or the per-text loops it replaces, on hand-made texts and on
the bundled corpus, and with a cache folder written then read.
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import (
    DEVICES,
    _common,
    detect_devices,
    devices,
    find_parallelism,
    match_dictionary,
    rhetoric_profile,
)
from analysis.rhetoric._common import same_texts, texts_key, turn_frame
from analysis.rhetoric.lexicons import _match_counts
from analysis.rhetoric.structure import _opening
from analysis.sentences import sentence_table
from analysis.text import sentence_spans, words
from analysis.tokens import token_table

readability = importlib.import_module("analysis.rhetoric.readability")  # the package exports a function of that name

TEXTS = [
    "First, we oppose it. Second, we urge restraint. Third, we will respond!",
    "Who benefits from this? Nobody does. Why should we wait? What is your comment?",
    "",
    'We stand for peace, development and cooperation. They shout "win-win cooperation" very loudly.',
    "We will open up. We will reform. We will not waver. More than 96.71 million people, up 3.5%.",
    ("This is the largest and most important forest. They are the vanguards; they are the first; "
     "and they are fearless. Not only peace but also growth."),
    "... !!! ?",
    "\u00c7a va? \u039f\u03ba. \u00bd \u2026 \u0663 \ud800 x.",
]
ROLES = ["official", "official", "official", "questioner", "official", "questioner", "official", "questioner"]


@pytest.fixture(scope="module")
def corpus_turns():
    return load_corpus("data").turns()


def _device_frame(texts, roles):
    return turn_frame(pd.DataFrame({"text": texts, "role": roles}), caller="test")


def _counts_from_table(frame, names, answer_roles=("official",)):
    """Per turn and device: the rows of detect_devices."""
    table = detect_devices(frame, devices=names, answer_roles=answer_roles)
    pos = dict(zip(zip(frame["transcript_id"], frame["turn_index"]), range(len(frame))))
    want = np.zeros((len(frame), len(names)), dtype=np.int64)
    for tid, ti, dev in zip(table["transcript_id"], table["turn_index"], table["device"]):
        want[pos[(tid, ti)], names.index(dev)] += 1
    return want


class TestDeviceCounts:
    def test_equal_the_rows_of_detect_devices_on_hand_made_texts(self):
        frame = _device_frame(TEXTS, ROLES)
        names = list(DEVICES)
        got = devices._device_counts(frame, names, ("official",))
        assert got.tolist() == _counts_from_table(frame, names).tolist()
        # hand-checked: the enumeration, the exclamation, the self-answered and in-answer questions
        assert got[0, names.index("enumeration")] == 1 and got[0, names.index("exclamation")] == 1
        assert got[1, names.index("rhetorical_question")] == 2  # 'Who benefits' (form), 'Why should' (form)
        assert got[4, names.index("anaphora")] == 1 and got[4, names.index("statistic")] == 2
        assert got[5, names.index("superlative")] == 2 and got[5, names.index("parallelism")] == 2

    def test_answering_only_changes_the_questions_found_in_answer(self):
        texts = ["Is that fair? We think so.", "What happens next? We will see."]
        names = ["rhetorical_question"]
        for roles in (["official", "official"], ["questioner", "questioner"], ["official", "questioner"]):
            frame = _device_frame(texts, roles)
            assert devices._device_counts(frame, names, ("official",)).tolist() == \
                _counts_from_table(frame, names).tolist()
        assert devices._device_counts(_device_frame(texts, ["official"] * 2), names, ("official",)).tolist() == \
            [[1], [1]]
        assert devices._device_counts(_device_frame(texts, ["questioner"] * 2), names, ("official",)).tolist() == \
            [[0], [0]]

    def test_a_subset_of_devices(self):
        frame = _device_frame(TEXTS, ROLES)
        for names in (["tricolon"], ["intensifier"], ["anaphora", "intensifier", "rhetorical_question"]):
            assert devices._device_counts(frame, names, ("official",)).tolist() == \
                _counts_from_table(frame, names).tolist()

    def test_equal_the_rows_of_detect_devices_on_the_bundled_corpus(self, corpus_turns):
        frame = turn_frame(corpus_turns, caller="test")
        names = list(DEVICES)
        got = devices._device_counts(frame, names, ("official",))
        assert got.tolist() == _counts_from_table(frame, names).tolist()
        assert got.sum() == len(detect_devices(corpus_turns))

    def test_disk_cache_written_then_read(self, tmp_path, monkeypatch):
        names = tuple(d for d in DEVICES if d != "intensifier")
        texts = [t + f" ({k})" for k, t in enumerate(TEXTS)]  # not in the in-memory memo yet
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        built = devices._run_counts(texts, names).copy()
        entries = list((tmp_path / "devices").rglob("*.parquet"))
        assert entries
        _common._CACHE.clear()
        calls = []
        monkeypatch.setattr(devices, "_found_rows", lambda *a, **k: calls.append(1))
        read = devices._run_counts(texts, names)
        assert calls == [] and read.tolist() == built.tolist()
        want = np.array([[len(DEVICES[d](t, answering=True)) if d == "rhetorical_question" else
                          len(DEVICES[d](t)) for d in names] for t in texts])
        in_answer = [sum(1 for x in DEVICES["rhetorical_question"](t, answering=True) if x[2] == "in answer")
                     for t in texts]
        rq = list(names).index("rhetorical_question")
        want[:, rq] -= in_answer
        assert read[:, :-1].tolist() == want.tolist() and read[:, -1].tolist() == in_answer


class TestLexiconCounts:
    def test_equal_the_rows_of_match_dictionary(self, corpus_turns):
        frame = turn_frame(corpus_turns, caller="test")
        sources = {n: n for n in ("hedges", "boosters", "modality", "pronouns", "frames", "intensifiers")}
        sources["user"] = {"war": ["fight*", "front line", "battle*"]}
        keys, got = _match_counts(frame, sources)
        for name, src in sources.items():
            table = match_dictionary(corpus_turns, src)
            want = _category_counts(table, frame)
            for j, (lex, cat) in enumerate(keys):
                if lex == name:
                    assert got[:, j].tolist() == [want.get((p, cat), 0) for p in range(len(frame))], (name, cat)

    def test_hand_checked(self):
        frame = _device_frame(["We must and we will.", "Will you?", ""], ["a", "b", "c"])
        keys, got = _match_counts(frame, {"modality": "modality"})
        assert keys == [("modality", "obligation"), ("modality", "certainty"), ("modality", "possibility")]
        assert got.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 0]]


def _category_counts(table: pd.DataFrame, frame: pd.DataFrame) -> dict:
    pos = dict(zip(zip(frame["transcript_id"], frame["turn_index"]), range(len(frame))))
    out: dict = {}
    for tid, ti, cat in zip(table["transcript_id"], table["turn_index"], table["category"]):
        k = (pos[(tid, ti)], cat)
        out[k] = out.get(k, 0) + 1
    return out


class TestReadabilityCounts:
    @staticmethod
    def _slow(texts):
        return [sum(1 for s, e in sentence_spans(t) if any(ch.isalnum() for ch in t[s:e])) for t in texts]

    def test_alnum_sentences_equal_the_loop(self, monkeypatch):
        texts = TEXTS + ["No letters: ... ; !!", "\u0130stanbul. \u017f. \u212a.", "a. b. c."]
        assert readability._alnum_sentences(texts, sentence_table(texts)).tolist() == self._slow(texts)
        monkeypatch.setattr(readability, "_BLOCK_CHARS", 20)  # a block per text or two
        assert readability._alnum_sentences(texts, sentence_table(texts)).tolist() == self._slow(texts)
        assert readability._alnum_sentences(["", "..."], sentence_table(["", "..."])).tolist() == [0, 0]

    def test_alnum_sentences_by_tokens_equal_the_loop(self):
        texts = TEXTS + ["No letters: ... ; !!", "\u0130stanbul. \u017f. \u212a.", "a. b. c.", "Mr.X said. It's 5.30.",
                         "U.S.A. is here. ... (a) ... !"]
        got = readability._alnum_sentences(texts, sentence_table(texts), token_table(texts))
        assert got.tolist() == self._slow(texts)

    def test_alnum_sentences_on_the_bundled_corpus(self, corpus_turns):
        texts = corpus_turns["text"].fillna("").tolist()
        want = self._slow(texts)
        assert readability._alnum_sentences(texts, sentence_table(texts)).tolist() == want
        assert readability._alnum_sentences(texts, sentence_table(texts), token_table(texts)).tolist() == want

    def test_counts_many_equal_counts(self):
        got = readability._counts_many(TEXTS)
        assert got.tolist() == [list(readability._counts(t)) for t in TEXTS]
        assert got[2].tolist() == [0, 0, 0] and got[6].tolist() == [0, 0, 0]  # no words

    def test_syllables_cached_on_disk(self, tmp_path, monkeypatch):
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        types = tuple(sorted({w.lower() for t in TEXTS for w in words(t)}))
        first = readability._type_syllables(types)
        assert list((tmp_path / "syllables").rglob("*.parquet"))
        monkeypatch.setattr(readability, "syllable_count", lambda w: pytest.fail("not read from the cache"))
        assert readability._type_syllables(types).tolist() == first.tolist()
        monkeypatch.undo()
        assert first.tolist() == [readability.syllable_count(t) for t in types]


class TestSameTexts:
    def test_one_digest_within_the_block_and_none_kept(self):
        texts = ["a b", "c"]
        outside = texts_key(texts)
        with same_texts(texts):
            assert _common._SCOPE[0] is texts
            assert texts_key(list(texts)) == outside  # an equal list: the same digest
            assert texts_key(["a b", "d"]) != outside
        assert _common._SCOPE == []
        assert texts_key(texts) == outside


class TestParallelismOpenings:
    def test_runs_and_details_equal_the_string_openings(self, corpus_turns):
        # the openings compared as tuples give the runs the joined strings give
        from analysis.rhetoric.structure import _CLAUSE_SPLIT, _names_opening

        def reference(text):
            out = []
            for s0, e0 in sentence_spans(text):
                sent = text[s0:e0]
                bounds, pos = [], 0
                for m in _CLAUSE_SPLIT.finditer(sent):
                    bounds.append((pos, m.start()))
                    pos = m.end()
                bounds.append((pos, len(sent)))
                opens = [_opening(sent[a:b], 2) for a, b in bounds] if len(bounds) > 1 else [None]
                i = 0
                while i < len(bounds):
                    j = i
                    while j + 1 < len(bounds) and opens[i] is not None and opens[j + 1] == opens[i] and \
                            not _names_opening(sent[bounds[j + 1][0]:bounds[j + 1][1]], 2):
                        j += 1
                    if j > i:
                        out.append((s0 + bounds[i][0], s0 + bounds[j][1], opens[i]))
                    i = j + 1
            return out

        for text in corpus_turns["text"].fillna("").tolist()[::7] + TEXTS:
            got = [x for x in find_parallelism(text) if " ... " not in x[2] and not x[2].startswith("the more")]
            want = reference(text)
            # correlatives replace the clause runs they span: compare the runs they leave
            assert set(got) <= set(want)


class TestProfileWithCache:
    def test_profile_equal_with_a_cache_written_then_read(self, corpus_turns, tmp_path, monkeypatch):
        turns = corpus_turns.iloc[::5].reset_index(drop=True)
        plain = rhetoric_profile(turns, by="speaker")
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        for _ in range(2):  # written, then read (the in-memory memos emptied)
            _common._CACHE.clear()
            _common._LAYERS.clear()
            pd.testing.assert_frame_equal(rhetoric_profile(turns, by="speaker"), plain, check_exact=True)
        for kind in ("devices", "lexicon-counts", "readability", "syllables", "words", "words-types"):
            assert list((tmp_path / kind).rglob("*.parquet")), kind

    def test_word_table_with_a_word_arrow_cannot_store(self, tmp_path, monkeypatch):
        # a word Parquet cannot hold (a lone surrogate): the words are made, not cached
        from analysis import cache as cache_mod

        def refuse(*args, **kwargs):
            raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        monkeypatch.setattr(cache_mod, "write_strings", refuse)
        _common._LAYERS.clear()
        texts = TEXTS[:-1]
        got = _common.word_table_of(list(texts))
        want = token_table(texts).words()
        assert got.types == want.types and got.tid.tolist() == want.tid.tolist()
        assert not list((tmp_path / "words").rglob("*.parquet"))
        _common._LAYERS.clear()

    @pytest.mark.parametrize("texts", [TEXTS[:-1], ["", ""], ["Peace!", "", "\u4e2d\u56fd\u4eba\u6c11 peace"]])
    def test_word_table_cached_on_disk(self, texts, tmp_path, monkeypatch):
        want = token_table(texts).words()
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        for read in (False, True):  # written, then read without the token table
            _common._LAYERS.clear()
            if read:
                monkeypatch.setattr(_common, "token_table_of", lambda t: pytest.fail("not read from the cache"))
            got = _common.word_table_of(list(texts))
            assert got.types == want.types and got.tid.dtype == want.tid.dtype
            assert got.tid.tolist() == want.tid.tolist() and got.offset.tolist() == want.offset.tolist()
            assert not got.tid.flags.writeable and not got.offset.flags.writeable
        _common._LAYERS.clear()

    def test_disk_cached_counts(self, tmp_path, monkeypatch):
        texts = ["one text", "another"]
        want = np.array([[1, 2], [3, 4]], dtype=np.int64)
        assert _common.disk_cached_counts("test-counts", texts, "s", lambda: want) is want  # no cache folder
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        assert _common.disk_cached_counts("test-counts", texts, "s", lambda: want).tolist() == want.tolist()
        got = _common.disk_cached_counts("test-counts", texts, "s", lambda: pytest.fail("not read"))
        assert got.tolist() == want.tolist() and got.dtype == np.int64
        # another salt or other texts: computed afresh
        assert _common.disk_cached_counts("test-counts", texts, "t", lambda: want + 1).tolist() == (want + 1).tolist()
        assert _common.disk_cached_counts("test-counts", texts[:1], "s", lambda: want[:1] * 0).tolist() == [[0, 0]]
