"""Transcripts made where their files are parsed (analysis.loader _read_run with ``build``,
_build_alone; analysis.parsers.assemble PendingSpellings, page_labels, corpus_spellings): a
forked worker makes each page that is a transcript on its own into one before the corpus's
spellings are known, recording the forms it looked up in them; the loader builds it again from
the file when the corpus's spellings hold one of them. Every table equals the one-process load,
on hand-made corpora whose spellings change a transcript (a misspelt label, a chairman alone in
a clip) and on the bundled corpus, with and without the cache."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis.cache as cache_mod
import analysis.loader as loader_mod
from analysis.corpus import load_corpus
from analysis.parsers.assemble import (CorpusSpellings, PendingSpellings, corpus_spellings, page_labels,
                                       resolve_speakers)
from analysis.parsers.text import parse_text
from corpus_tables import corpus_tables as _tables

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_cache_env(monkeypatch):
    monkeypatch.delenv(cache_mod.CACHE_ENV, raising=False)


def _load(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(path, **kwargs)


@pytest.fixture
def forced_parallel(monkeypatch):
    """Every load parses on two forked workers; the outcomes they send back are kept."""
    sent: list[tuple] = []
    real = loader_mod._read_files

    def run(jobs, **kwargs):
        got = real(jobs, n_jobs=2)
        sent.extend(got)
        return got

    monkeypatch.setattr(loader_mod, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(loader_mod, "_read_files", run)
    return sent


def _one_process(path, monkeypatch, **kwargs):
    with monkeypatch.context() as m:
        m.setattr(loader_mod, "PARALLEL_BYTES", 10**12)
        return _load(path, **kwargs)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _assert_same(corpus, expected) -> None:
    assert corpus.transcripts == expected.transcripts
    assert corpus.problems == expected.problems
    want = _tables(expected)
    for name, table in _tables(corpus).items():
        pd.testing.assert_frame_equal(table, want[name], check_exact=True)


class TestPendingSpellings:
    def _drafts(self, text: str):
        return parse_text(text, path="x.txt", encoding="utf-8").turns

    def test_records_each_label_looked_up_and_knows_none(self) -> None:
        drafts = self._drafts("CHAIRMAN BERNAKE. Welcome.\n\nQ. Growth?\n\nCHAIRMAN BERNAKE. Moderate.\n")
        pending = PendingSpellings()
        resolve_speakers(drafts, None, {}, {}, None, pending)
        assert pending.asked == {"chairman bernake"}  # the labelled speaker's form, once
        assert [d.speaker for d in drafts] == ["CHAIRMAN BERNAKE", "Journalist", "CHAIRMAN BERNAKE"]
        wrong = CorpusSpellings({"chairman bernake": ("chair bernanke", "spelling in the corpus", "CHAIR BERNANKE")})
        assert pending.differs(wrong)
        assert not pending.differs(CorpusSpellings({"chair bernanke": ("x", "spelling", "X")}))
        assert not pending.differs(CorpusSpellings())

    def test_a_lone_speaker_is_looked_up_among_those_presiding(self) -> None:
        drafts = self._drafts("Mr. INOUYE. When these hearings began 3 months ago, we made a promise.\n")
        pending = PendingSpellings()
        resolve_speakers(drafts, None, {}, {}, None, pending)
        assert "inouye" in pending.asked
        presiding = CorpusSpellings()
        presiding.presiding = {"inouye": "Chairman INOUYE"}
        assert pending.differs(presiding)

    def test_the_same_drafts_as_with_spellings_that_name_none_of_them(self) -> None:
        text = "THE PRESIDENT: Thank you.\n\nQ: Sir, a question?\n\nTHE PRESIDENT: An answer.\n"
        a, b = self._drafts(text), self._drafts(text)
        merges_a = resolve_speakers(a, None, {}, {}, None, PendingSpellings())
        other = CorpusSpellings({"SOMEONE ELSE": ("SOMEONE", "spelling in the corpus", "SOMEONE")})
        merges_b = resolve_speakers(b, None, {}, {}, None, other)
        assert a == b and merges_a == merges_b


class TestCorpusSpellingsOfLabels:
    def test_labels_of_pages_in_order(self) -> None:
        page = parse_text("Chairman INOUYE. Order.\n\nMr. NIELDS. A question?\n\nChairman INOUYE. Recess.\n",
                          path="x.txt", encoding="utf-8")
        forms, chairs = page_labels(page)
        assert forms == (("chairman inouye", "Chairman INOUYE"), ("nields", "Mr. NIELDS"),
                         ("chairman inouye", "Chairman INOUYE"))
        assert chairs == (("inouye", "Chairman INOUYE"), ("inouye", "Chairman INOUYE"))

    def test_a_rare_spelling_of_a_common_one(self) -> None:
        right = parse_text("CHAIR BERNANKE. Welcome.\n\nQ. Rates?\n\nCHAIR BERNANKE. Where they are.\n",
                           path="a.txt", encoding="utf-8")
        wrong = parse_text("CHAIRMAN BERNAKE. Welcome.\n", path="b.txt", encoding="utf-8")
        got = corpus_spellings([page_labels(right)] * 3 + [page_labels(wrong)])
        assert got == {"chairman bernake": ("chair bernanke", got["chairman bernake"][1], "CHAIR BERNANKE")}
        assert got["chairman bernake"][1].endswith("in the corpus")
        assert corpus_spellings([page_labels(right)] * 3) == {}


class TestBuiltByWorkers:
    HEARING = ("Chairman INOUYE. The hearing will come to order. Mr. Nields, you may begin.\n\n"
               "Mr. NIELDS. Colonel, did you shred the documents?\n\n"
               "Mr. NORTH. I did, counsel.\n\n"
               "Chairman INOUYE. The hearing stands in recess.\n")
    CLIP = "Mr. INOUYE. When these hearings began 3 months ago, we made a promise and we kept it.\n"

    def _corpus(self, folder: Path) -> Path:
        for k in range(5):  # the right spelling five times as common as the wrong one
            _write(folder, f"p{k}.txt", f"CHAIR BERNANKE. Welcome to our press conference number {k}.\n\n"
                                        "Q. Rates?\n\nCHAIR BERNANKE. They stay where they are for now.\n")
        _write(folder, "p9.txt", "CHAIRMAN BERNAKE. Welcome again to our press conference.\n\nQ. Growth?\n\n"
                                 "CHAIRMAN BERNAKE. It is moderate, in line with our forecast.\n")
        _write(folder, "on-22.txt", self.HEARING)
        _write(folder, "cs-4.txt", self.CLIP)
        _write(folder, "plain.txt", "Mister President, we meet at a time of change.\n")
        return folder

    def test_what_the_corpus_says_is_applied_and_the_rest_is_kept(self, tmp_path: Path, monkeypatch,
                                                                   forced_parallel) -> None:
        folder = self._corpus(tmp_path / "c")
        serial = _one_process(folder, monkeypatch, cache=False)
        forced_parallel.clear()
        rebuilt: list[str] = []
        real = loader_mod._read_file

        def reading(raw, f, fmt, official):
            rebuilt.append(f.name)
            return real(raw, f, fmt, official)

        monkeypatch.setattr(loader_mod, "_read_file", reading)  # here: only files built again
        parallel = _load(folder, cache=False)
        built = sorted(o[0][1].id for o in forced_parallel if o[0][0] == "built")
        assert built == ["cs-4", "on-22", "p0", "p1", "p2", "p3", "p4", "p9", "plain"]  # every file a transcript
        assert sorted(rebuilt) == ["cs-4.txt", "p9.txt"]  # the two the corpus's spellings change
        _assert_same(parallel, serial)
        t = parallel.turns()
        assert set(t.loc[t["transcript_id"] == "p9", "speaker"]) == {"CHAIR BERNANKE", "Journalist"}
        assert t.loc[t["transcript_id"] == "cs-4", "role"].tolist() == ["moderator"]

    def test_the_bundled_corpus_with_and_without_the_cache(self, tmp_path: Path, monkeypatch,
                                                            forced_parallel) -> None:
        serial = _one_process(ROOT / "data", monkeypatch, cache=False)
        forced_parallel.clear()
        parallel = _load(ROOT / "data", cache=False)
        n_built = sum(1 for o in forced_parallel if o[0][0] == "built")
        assert n_built > 100
        assert n_built + sum(1 for o in forced_parallel if o[0][0] == "page") == len(forced_parallel)
        _assert_same(parallel, serial)
        assert parallel._word_counts[1] == serial._word_counts[1]
        forced_parallel.clear()
        cold = _load(ROOT / "data", cache=tmp_path / "cache")
        assert sum(1 for o in forced_parallel if o[0][0] == "built") == n_built
        forced_parallel.clear()
        warm = _load(ROOT / "data", cache=tmp_path / "cache")
        assert forced_parallel == []  # the whole load read back
        for corpus in (cold, warm):
            _assert_same(corpus, serial)
