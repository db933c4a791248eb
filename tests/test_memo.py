"""The in-memory memo: entries kept by count and by a budget of bytes, release by kind, and
the figures' plan of what to let go between families."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import _memo
from analysis._memo import BUDGET_ENV, DEFAULT_BUDGET, Memo, estimate_bytes, memo_budget, memo_bytes, release

MINI = Path(__file__).resolve().parent / "data" / "mini"
MB = 1 << 20


@pytest.fixture(autouse=True)
def _isolated(monkeypatch):
    """Each test sees only its own memos (the package's memos are set aside, not emptied)."""
    monkeypatch.setattr(_memo, "_REGISTRY", __import__("weakref").WeakSet())
    monkeypatch.delenv(BUDGET_ENV, raising=False)


@dataclass(frozen=True)
class _Layer:
    ids: np.ndarray
    ends: np.ndarray


class TestEstimate:
    def test_arrays_frames_and_dataclasses_count_their_buffers(self) -> None:
        assert MB <= estimate_bytes(np.zeros(MB // 8)) < MB + 1024
        frame = pd.DataFrame({"a": np.zeros(100_000), "b": np.ones(100_000, dtype=np.int32)})
        assert 1_200_000 <= estimate_bytes(frame) < 1_300_000
        layer = _Layer(np.zeros(MB // 4, dtype=np.int32), np.zeros(MB // 8))
        assert 2 * MB <= estimate_bytes(layer) < 2 * MB + 4096

    def test_an_array_held_twice_counts_once(self) -> None:
        a = np.zeros(MB // 8)
        assert estimate_bytes((a, a)) < 1.1 * MB

    def test_long_lists_of_strings_are_estimated_from_a_sample(self) -> None:
        import sys

        lists = [[f"word{i}-{j}" for j in range(10)] for i in range(20_000)]
        exact = sys.getsizeof(lists) + sum(sys.getsizeof(x) + sum(sys.getsizeof(w) for w in x) for x in lists)
        assert 0.9 * exact <= estimate_bytes(lists) <= 1.1 * exact


class TestBudget:
    def test_default_and_environment(self, monkeypatch) -> None:
        assert memo_budget() == DEFAULT_BUDGET == 1 << 30
        for raw, expected in (("1000", 1000), ("2K", 2048), ("1.5G", 3 << 29), ("0", 0)):
            monkeypatch.setenv(BUDGET_ENV, raw)
            assert memo_budget() == expected

    @pytest.mark.parametrize("raw", ["lots", "-1", "1T"])
    def test_a_bad_budget_says_what_is_expected(self, monkeypatch, raw: str) -> None:
        monkeypatch.setenv(BUDGET_ENV, raw)
        with pytest.raises(ValueError, match=BUDGET_ENV):
            memo_budget()

    def test_over_budget_the_least_recently_used_of_any_memo_goes(self, monkeypatch) -> None:
        monkeypatch.setenv(BUDGET_ENV, str(3 * MB + MB // 2))
        one, two = Memo(size=8, kind="t.one"), Memo(size=8, kind="t.two")
        one.get("a", lambda: np.zeros(MB // 8))
        two.get("b", lambda: np.zeros(MB // 8))
        one.get("c", lambda: np.zeros(MB // 8))
        one.get("a", lambda: pytest.fail("a is kept"))  # a used again: b is now the oldest
        two.get("d", lambda: np.zeros(MB // 8))
        assert ("a" in one, "b" in two, "c" in one, "d" in two) == (True, False, True, True)
        assert memo_bytes() <= 3 * MB + MB // 2

    def test_a_value_over_the_budget_is_returned_and_kept_alone(self, monkeypatch) -> None:
        monkeypatch.setenv(BUDGET_ENV, str(MB))
        m = Memo(size=4, kind="t")
        m.get("small", lambda: np.zeros(10))
        big = m.get("big", lambda: np.arange(MB // 4))
        assert big[-1] == MB // 4 - 1 and "big" in m and "small" not in m

    def test_a_dropped_entry_is_computed_again_with_the_same_result(self, monkeypatch) -> None:
        monkeypatch.setenv(BUDGET_ENV, "0")
        m = Memo(size=4, kind="t")
        calls = []

        def compute(key: str) -> np.ndarray:
            calls.append(key)
            return np.full(1000, len(key))
        first = m.get("xx", lambda: compute("xx"))
        m.get("y", lambda: compute("y"))
        again = m.get("xx", lambda: compute("xx"))
        assert calls == ["xx", "y", "xx"] and np.array_equal(first, again)

    def test_a_value_in_two_memos_counts_once(self) -> None:
        shared = np.zeros(MB // 8)
        memos = Memo(size=2, kind="t.a"), Memo(size=2, kind="t.b")
        for m in memos:
            m.get("k", lambda: shared)
        assert MB <= memo_bytes() < 1.1 * MB


class TestRelease:
    def test_kind_defaults_to_the_module_that_makes_the_memo(self) -> None:
        assert Memo(size=1).kind == __name__

    def test_release_by_kind_and_submodule_keeping_some(self) -> None:
        tokens, stream, other = Memo(2, kind="pkg.tokens"), Memo(2, kind="pkg.phrases._stream"), Memo(2, kind="x")
        for m in (tokens, stream, other):
            m.get("k", lambda: 1)
        assert release(["pkg"], keep=["pkg.tokens"]) == 1
        assert ("k" in tokens, "k" in stream, "k" in other) == (True, False, True)
        assert release() == 2 and memo_bytes() == 0


class TestReleasePlan:
    def test_after_each_figure_what_no_later_figure_reads(self) -> None:
        """After the last figure of a family: what the later families read, and its tables;
        within a family: also what the rest of the family reads again, and no table."""
        from analysis.figures import registry, release_plan
        from analysis.gallery import family_layers

        specs = list(registry().values())
        plan = release_plan(specs)
        assert plan[-1] is None  # nothing after the last figure
        assert all(step is not None for step in plan[:-1])  # every figure declares what it reads
        layers = family_layers()
        for i, (spec, step) in enumerate(zip(specs, plan[:-1])):
            family = spec.name.split("_")[0]
            rest = [s for s in specs[i + 1:] if s.name.split("_")[0] == family]
            later = {s.name.split("_")[0] for s in specs[i + 1:]} - {family}
            keep, done = step
            assert set(keep) == {k for f in later for k in layers[f]} | {k for s in rest for k in s.reads}
            if rest:
                assert done == ()
            else:
                assert family in done and not later & set(done)

    def test_nothing_is_let_go_before_a_figure_of_no_family(self) -> None:
        from analysis.figures import registry, release_plan
        from analysis.gallery import FigureSpec

        specs = list(registry().values())
        custom = FigureSpec("custom", "A figure made elsewhere.", "plot()", lambda ctx: None)
        assert all(step is None for step in release_plan([*specs[:8], custom]))

    def test_every_layer_a_family_reads_from_an_earlier_one_is_declared(self, tmp_path: Path, monkeypatch) -> None:
        """Run every figure on a small corpus, noting which family made each memo entry: an
        entry another family reads again is of a kind that family lists in ``LAYERS``, so
        letting go of the other kinds between families computes nothing twice."""
        import analysis.figures as figs
        from analysis.gallery import family_layers, family_of

        monkeypatch.setattr(_memo, "_REGISTRY", _memo._REGISTRY.__class__())
        for memo in _package_memos():
            _memo._REGISTRY.add(memo)
            memo.clear()
        current: list[str | None] = [None]
        made: dict[tuple[int, str], str | None] = {}
        crossed: set[tuple[str, str]] = set()
        original_get, original_make = Memo.get, figs._make_one

        def get(self, key, compute):
            if key in self and made.get((id(self), key)) not in (None, current[0]):
                crossed.add((current[0], self.kind))
            elif key not in self:
                made[(id(self), key)] = current[0]
            return original_get(self, key, compute)

        def make_one(spec, ctx, out_dir):
            current[0] = family_of(spec)
            return original_make(spec, ctx, out_dir)
        monkeypatch.setattr(Memo, "get", get)
        monkeypatch.setattr(figs, "_make_one", make_one)
        with pytest.warns():
            figs.regenerate(MINI, tmp_path, progress=False)
        layers = family_layers()
        undeclared = {(f, kind) for f, kind in crossed if not any(kind == k or kind.startswith(k + ".")
                                                                 for k in layers[f])}
        assert crossed and not undeclared


def _package_memos() -> list[Memo]:
    """The memos the package's modules hold at module level."""
    import importlib
    import sys

    for name in ("analysis.tokens", "analysis.sentences", "analysis.text", "analysis.phrases._stream",
                 "analysis.rhetoric._common", "analysis.terms._base", "analysis.terms.mwe"):
        importlib.import_module(name)
    return [v for n, mod in list(sys.modules.items()) if n.startswith("analysis")
            for v in list(vars(mod).values()) if isinstance(v, Memo)]


def test_a_table_with_nothing_to_draw_keeps_no_frame_alive() -> None:
    """A shared table that has nothing to draw is kept as its exception, without the
    traceback whose frames would hold the tables ``make()`` built meanwhile."""
    import weakref

    from analysis.gallery import FigureContext, NothingToDraw

    ctx = FigureContext(corpus=None)
    held: list[weakref.ref] = []

    def make():
        big = np.zeros(1000)
        held.append(weakref.ref(big))
        try:
            raise ValueError("inner")
        except ValueError:
            raise NothingToDraw("nothing here") from None
    for _ in range(2):
        with pytest.raises(NothingToDraw, match="nothing here"):
            ctx.memo("table", make)
    assert len(held) == 1 and held[0]() is None
