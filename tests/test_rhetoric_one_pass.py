"""One pass of the device detectors for ``detect_devices`` and ``rhetoric_profile``.

The detectors run once per corpus with every turn taken as answering; the match table of
:func:`detect_devices` keeps the questions found only "in answer" for the turns that answer,
and the per-turn counts of :func:`rhetoric_profile` are counted from the same table. Checked
here: the counts of the table equal the detectors' own on hand-made texts (questions in turns
that answer and that do not) and on the bundled corpus; whichever of the two runs first, the
other runs no detector, in one process and from the on-disk cache.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import DEVICES, _common, detect_devices, devices, rhetoric_profile
from analysis.rhetoric._common import turn_frame

DETECTED = tuple(d for d in DEVICES if d != "intensifier")
TEXTS = [
    "Is that fair? We think so. What happens next? We will see.",
    "Who benefits from this? Nobody does. Why should we wait? What is your comment?",
    "",
    "First, we oppose it. Second, we urge restraint. Third, we will respond!",
    "Will the talks resume? Isn't it clear? Because they must. Do you agree?",
    "We will open up. We will reform. We will not waver. More than 96.71 million people, up 3.5%.",
    ("This is the largest and most important forest. They are the vanguards; they are the first; "
     "and they are fearless. Not only peace but also growth, very truly."),
]
ROLES = ["official", "questioner", "official", "questioner", "questioner", "official", "official"]


@pytest.fixture(scope="module")
def corpus_turns():
    return load_corpus("data").turns()


@pytest.fixture(autouse=True)
def _fresh_memory():
    _common._CACHE.clear()
    _common._LAYERS.clear()
    yield
    _common._CACHE.clear()
    _common._LAYERS.clear()


def _turns(texts=TEXTS, roles=ROLES) -> pd.DataFrame:
    return pd.DataFrame({"transcript_id": [f"t{i // 3}" for i in range(len(texts))],
                         "turn_index": [i % 3 for i in range(len(texts))],
                         "speaker": [f"S{i % 2}" for i in range(len(texts))], "role": roles, "text": texts})


def _detector_counts(texts) -> np.ndarray:
    """Per text: the matches of each detector of DETECTED, the questions as found when not
    answering, then the questions found only when answering (the detectors run text by text)."""
    rows = []
    for text in texts:
        row = [len(DEVICES[d](text)) if text else 0 for d in DETECTED]
        both = len(DEVICES["rhetorical_question"](text, answering=True)) if text else 0
        rows.append(row + [both - row[DETECTED.index("rhetorical_question")]])
    return np.array(rows, dtype=np.int64)


def _table_counts(frame, names, answer_roles=("official",)) -> np.ndarray:
    """Per turn of ``frame`` and device of ``names``: the rows of detect_devices."""
    table = detect_devices(frame, devices=list(names), answer_roles=answer_roles)
    pos = dict(zip(zip(frame["transcript_id"], frame["turn_index"]), range(len(frame))))
    want = np.zeros((len(frame), len(names)), dtype=np.int64)
    for tid, ti, dev in zip(table["transcript_id"], table["turn_index"], table["device"]):
        want[pos[(tid, ti)], list(names).index(dev)] += 1
    return want


def _no_detector(monkeypatch) -> None:
    """Make every detector pass fail (the one of the match table and that of each text)."""
    def fail(*args, **kwargs):
        raise AssertionError("a detector ran")

    monkeypatch.setattr(devices, "_detect_items", fail)
    for d in DETECTED:
        monkeypatch.setitem(devices.DEVICES, d, fail)


class TestCountsOfTheTable:
    def test_equal_the_detectors_on_hand_made_texts(self):
        stored = devices._match_rows(TEXTS, DETECTED)
        got = devices._counts_of(stored, len(TEXTS), DETECTED)
        want = _detector_counts(TEXTS)
        assert got.dtype == np.int64 and got.tolist() == want.tolist()
        rq = DETECTED.index("rhetorical_question")
        # 'Is that fair?', 'What happens next?': found only in an answer; 'Who benefits',
        # 'Why should', "Isn't it clear": by form; 'What is your comment?', 'Do you agree?': never
        assert got[0, rq] == 0 and got[0, -1] == 2
        assert got[1, rq] == 2 and got[1, -1] == 0
        assert got[4, rq] == 1 and got[4, -1] == 1

    @pytest.mark.parametrize("answer_roles", [("official",), ("questioner",), (), ("official", "questioner")])
    def test_profile_counts_equal_the_table_for_any_answer_roles(self, answer_roles):
        frame = turn_frame(_turns(), caller="test")
        names = list(DEVICES)
        got = devices._device_counts(frame, names, answer_roles)
        assert got.tolist() == _table_counts(frame, names, answer_roles).tolist()

    def test_a_subset_of_devices(self):
        frame = turn_frame(_turns(), caller="test")
        for names in (("rhetorical_question",), ("tricolon", "intensifier"), ("anaphora", "rhetorical_question")):
            assert devices._device_counts(frame, names, ("official",)).tolist() == \
                _table_counts(frame, names).tolist()

    def test_table_rows_equal_the_detectors_text_by_text(self):
        t = _turns()
        got = detect_devices(t, devices=["rhetorical_question"], answer_roles=("official",))
        want = [(pos, s, e, t["text"][pos][s:e], why) for pos, (text, role) in enumerate(zip(TEXTS, ROLES)) if text
                for s, e, why in DEVICES["rhetorical_question"](text, answering=role == "official")]
        assert list(zip(got["start"], got["end"], got["match"], got["detail"])) == [w[1:] for w in want]
        assert "in answer" in set(got["detail"])

    def test_equal_the_detectors_on_the_bundled_corpus(self, corpus_turns):
        frame = turn_frame(corpus_turns, caller="test")
        texts = frame["text"].tolist()
        got = devices._run_counts(texts, DETECTED)
        assert got.tolist() == _detector_counts(texts).tolist()
        for roles in (("official",), ("questioner",)):
            assert devices._device_counts(frame, list(DEVICES), roles).tolist() == \
                _table_counts(frame, list(DEVICES), roles).tolist()


class TestOnePass:
    def test_answer_roles_share_one_table(self, monkeypatch):
        t = _turns()
        plain = {roles: detect_devices(t, answer_roles=roles) for roles in (("official",), ("questioner",))}
        _common._CACHE.clear()
        detect_devices(t)
        _no_detector(monkeypatch)
        monkeypatch.setattr(devices, "_intensifier_matches", lambda *a: pytest.fail("intensifiers matched again"))
        for roles, want in plain.items():
            pd.testing.assert_frame_equal(detect_devices(t, answer_roles=roles), want, check_exact=True)

    def test_profile_after_detect_devices_runs_no_detector(self, monkeypatch):
        t = _turns()
        plain = rhetoric_profile(t, by="role")
        _common._CACHE.clear()
        detect_devices(t)
        _no_detector(monkeypatch)
        pd.testing.assert_frame_equal(rhetoric_profile(t, by="role"), plain, check_exact=True)

    def test_detect_devices_after_profile_runs_no_detector(self, monkeypatch):
        t = _turns()
        plain = detect_devices(t)
        _common._CACHE.clear()
        rhetoric_profile(t, by="role")
        _no_detector(monkeypatch)  # the intensifiers (the lexicon matcher) are matched here
        pd.testing.assert_frame_equal(detect_devices(t), plain, check_exact=True)

    @pytest.mark.parametrize("first", ["detect_devices", "rhetoric_profile"])
    def test_through_the_disk_cache(self, first, tmp_path, monkeypatch):
        t = _turns()
        plain = [detect_devices(t), rhetoric_profile(t, by="role")]
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        _common._CACHE.clear()
        _common._LAYERS.clear()
        detect_devices(t) if first == "detect_devices" else rhetoric_profile(t, by="role")
        assert sorted(p.parent.parent.name for p in tmp_path.joinpath("device-matches").rglob("*.parquet")) == \
            ["device-matches"]
        _common._CACHE.clear()
        _common._LAYERS.clear()
        with monkeypatch.context() as m:
            _no_detector(m)
            got = [detect_devices(t), rhetoric_profile(t, by="role")]
        for a, b in zip(got, plain):
            pd.testing.assert_frame_equal(a, b, check_exact=True)

    def test_warm_profile_reads_its_counts_alone(self, tmp_path, monkeypatch):
        t = _turns()
        monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path))
        plain = rhetoric_profile(t, by="role")
        _common._CACHE.clear()
        _common._LAYERS.clear()
        monkeypatch.setattr(devices, "_match_rows", lambda *a, **k: pytest.fail("the match table was read"))
        pd.testing.assert_frame_equal(rhetoric_profile(t, by="role"), plain, check_exact=True)

    def test_no_device(self):
        got = detect_devices(_turns(), devices=[])
        assert got.empty and list(got.columns) == list(detect_devices(_turns(["ok"], ["official"])).columns)
