"""How the terms_trends figure keeps its table small: :func:`analysis.terms.rising_terms`
asks keyness only for the terms that can pass ``min_parts`` (``min_count=min_parts``), which
gives the rows and adjusted p-values of a call testing every term (``min_count=1``)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.terms import keyness, rising_terms
from analysis.token_options import TokenOptions

_PAIRS = TokenOptions(ngram_range=(1, 2))


def _turns() -> pd.DataFrame:
    """Three years of three transcripts each; 'trade war' enters in 2020 and 'hong kong' in
    2021, each in all three transcripts of its year; 'tariffs' follows 'kong' in two of 2021's."""
    years = {"2019": ["Trade talks went well.", "Trade talks resumed.", "Talks on trade."],
             "2020": ["The trade war hurts.", "A trade war again.", "Trade war talks."],
             "2021": ["Hong Kong and tariffs.", "Hong Kong tariffs.", "Hong Kong again."]}
    rows = [(f"{y}-{i}", pd.Timestamp(f"{y}-0{i + 1}-15"), text) for y, texts in years.items()
            for i, text in enumerate(texts)]
    return pd.DataFrame(rows, columns=["transcript_id", "date", "text"])


class TestRisingTerms:
    def test_hand_counted_rise(self) -> None:
        got = rising_terms(_turns(), per_period=1)
        assert got[["target", "reference", "term", "count_target", "count_reference"]].astype(str).values.tolist() == [
            ["2020-01-01", "2019-01-01", "trade war", "3", "0"],
            ["2021-01-01", "2020-01-01", "hong kong", "3", "0"]]
        assert got["words_target"].tolist() == [11, 10]  # 4 + 4 + 3 and 4 + 3 + 3 words
        assert got["n_parts_target"].tolist() == [3, 3]

    def test_min_parts_two_admits_a_term_of_two_transcripts(self) -> None:
        got = rising_terms(_turns(), per_period=3, min_parts=2)
        later = got.loc[got["target"].astype(str) == "2021-01-01", ["term", "count_target", "n_parts_target"]]
        # "and" is a stop word, removed before pairs are made: "kong tariffs" is in two transcripts,
        # and "tariffs" gives way to the pair that holds it
        assert later.values.tolist() == [["hong kong", 3, 3], ["kong tariffs", 2, 2]]

    @pytest.mark.parametrize("min_parts", [1, 2, 3])
    def test_same_rows_and_adjusted_p_as_testing_every_term(self, min_parts: int) -> None:
        turns = _turns()
        every = keyness(turns, by="year", compare="previous", min_parts=min_parts, tokens=_PAIRS, min_count=1)
        some = keyness(turns, by="year", compare="previous", min_parts=min_parts, tokens=_PAIRS, min_count=min_parts)
        pd.testing.assert_frame_equal(some, every, check_exact=True)
        assert len(every) > 0

    @pytest.mark.parametrize("min_parts", [0, 1.5, "3"])
    def test_bad_min_parts_named_by_rising_terms(self, min_parts) -> None:
        with pytest.raises((ValueError, TypeError), match=r"rising_terms\(\).*min_parts"):
            rising_terms(_turns(), min_parts=min_parts)


def test_bundled_corpus_keyness_by_year_equal_with_min_count_min_parts() -> None:
    """The call of rising_terms on the bundled corpus (its years, words and two-word phrases):
    the table with min_count=3 is the table with min_count=1, row for row."""
    from analysis.corpus import load_corpus
    from analysis.figures import DEFAULT_CORPUS

    turns = load_corpus(DEFAULT_CORPUS, progress=False).turns()
    every = keyness(turns, by="year", compare="previous", min_parts=3, tokens=_PAIRS, min_count=1)
    some = keyness(turns, by="year", compare="previous", min_parts=3, tokens=_PAIRS, min_count=3)
    assert every["target"].nunique() >= 2 and len(every) > 100
    pd.testing.assert_frame_equal(some, every, check_exact=True)


# ============================================================ layers let go within a family
def _register_package_memos() -> None:
    """Every memo the package's modules hold at module level, in the registry that
    :func:`analysis._memo.release` empties (a test that swapped the registry while a module
    was first imported leaves that module's memo out of it)."""
    import importlib
    import sys

    from analysis import _memo

    for name in ("analysis.tokens", "analysis.sentences", "analysis.text", "analysis.phrases._stream",
                 "analysis.rhetoric._common", "analysis.terms._base", "analysis.terms.mwe"):
        importlib.import_module(name)
    for name, module in list(sys.modules.items()):
        if name.startswith("analysis"):
            for value in list(vars(module).values()):
                if isinstance(value, _memo.Memo):
                    _memo._REGISTRY.add(value)


def test_release_plan_lets_go_within_a_family_what_its_later_figures_do_not_read() -> None:
    """After each figure, the layers kept are those the rest of its family reads again
    (``FigureSpec.reads``) and the later families read (``LAYERS``)."""
    from analysis.figures import registry, release_plan

    specs = list(registry().values())
    steps = dict(zip([s.name for s in specs], release_plan(specs)))
    # the phrase stream the fixed names were found in is let go after the first term figure
    assert steps["terms_top_by_role"] == (("analysis.terms", "analysis.tokens"), ())
    # the merged views of the term figures before the trends, which read the token table only
    assert steps["terms_dispersion_xray"] == (("analysis.tokens",), ())
    assert steps["terms_trends"] == (("analysis.tokens",), ("overview", "terms"))
    # the formula streams are let go before the collocation network, which builds its own
    assert steps["phrases_formula_timeline"] == (("analysis.phrases", "analysis.sentences"), ())
    assert steps["phrases_stock_answers"] == ((), ())
    assert steps["topics_term_heatmap"] == ((), ())
    assert steps["topics_question_answer"] is None  # nothing after the last figure


def test_a_figure_that_may_read_anything_keeps_its_family_s_layers_before_it() -> None:
    import dataclasses

    from analysis.figures import registry, release_plan

    specs = list(registry().values())
    names = [s.name for s in specs]
    i = names.index("phrases_stock_answers")
    specs[i] = dataclasses.replace(specs[i], reads=None)
    steps = dict(zip(names, release_plan(specs)))
    assert steps["phrases_top_by_speaker"] is None and steps["phrases_formula_timeline"] is None
    assert steps["phrases_stock_answers"] == ((), ())  # the network after it still declares what it reads
    assert steps["rhetoric_frame_trends"] == ((), ("overview", "terms", "rhetoric"))  # a boundary as before


def test_layers_let_go_within_families_change_no_figure(monkeypatch, tmp_path) -> None:
    """On a small corpus: the term trends start with the token table only (no phrase stream,
    no merged views), the collocation network with no memo entry at all; and the figures are
    those of a run that keeps every layer (``release`` replaced by a no-op), byte for byte."""
    from pathlib import Path

    import analysis.figures as figs
    from analysis import _memo
    from analysis.figures import regenerate

    mini = Path(__file__).resolve().parent / "data" / "mini"
    _register_package_memos()
    watched = ("terms_dispersion_xray", "terms_trends", "phrases_stock_answers", "phrases_collocation_network")
    held: dict[str, set[str]] = {}
    original = figs._make_one

    def make_one(spec, ctx, out_dir):
        if spec.name in watched:
            held[spec.name] = {m.kind for m in list(_memo._REGISTRY) if len(m)}
        return original(spec, ctx, out_dir)

    monkeypatch.setattr(figs, "_make_one", make_one)
    only = ["terms_top_by_role", "terms_dispersion_xray", "terms_trends", "phrases_top_by_speaker",
            "phrases_formula_heatmap", "phrases_stock_answers", "phrases_collocation_network"]
    with pytest.warns():
        run = regenerate(mini, tmp_path / "released", only=only, progress=False)
    assert {"analysis.terms.mwe", "analysis.tokens"} <= held["terms_dispersion_xray"]
    assert not {k for k in held["terms_dispersion_xray"] if k.startswith("analysis.phrases")}
    assert held["terms_trends"] == {"analysis.tokens"}
    assert "analysis.phrases._stream" in held["phrases_stock_answers"]
    assert held["phrases_collocation_network"] == set()
    monkeypatch.setattr(figs, "release", lambda keep=(): 0)
    with pytest.warns():
        kept = regenerate(mini, tmp_path / "kept", only=only, progress=False)
    assert run.drawn == kept.drawn and len(run.drawn) >= 5
    assert [p.name for p in run] == [p.name for p in kept]
    for a, b in zip(run, kept):
        assert a.read_bytes() == b.read_bytes()


def test_every_layer_a_figure_reads_from_an_earlier_one_of_its_family_is_declared(tmp_path, monkeypatch) -> None:
    """Run every figure on a small corpus, noting which figure made each memo entry: an entry
    a later figure of the same family reads again is of a kind that figure lists in its
    ``reads``, so letting go of the other kinds within a family computes nothing twice."""
    from pathlib import Path

    import analysis.figures as figs
    from analysis import _memo
    from analysis._memo import Memo
    from analysis.gallery import family_of

    mini = Path(__file__).resolve().parent / "data" / "mini"
    _register_package_memos()
    monkeypatch.setattr(figs, "release", lambda keep=(): 0)  # every entry stays, to see every reuse
    for memo in list(_memo._REGISTRY):
        memo.clear()
    current: list = [None]
    made: dict[tuple[int, str], object] = {}
    reused: set[tuple[str, str]] = set()
    original_get, original_make = Memo.get, figs._make_one

    def get(self, key, compute):
        maker = made.get((id(self), key))
        if key in self and maker is not None and maker is not current[0] and family_of(maker) == family_of(current[0]):
            reused.add((current[0].name, self.kind))
        elif key not in self:
            made[(id(self), key)] = current[0]
        return original_get(self, key, compute)

    def make_one(spec, ctx, out_dir):
        current[0] = spec
        return original_make(spec, ctx, out_dir)

    monkeypatch.setattr(Memo, "get", get)
    monkeypatch.setattr(figs, "_make_one", make_one)
    with pytest.warns():
        figs.regenerate(mini, tmp_path, progress=False)
    specs = figs.registry()
    undeclared = {(name, kind) for name, kind in reused
                  if not any(kind == k or kind.startswith(k + ".") for k in specs[name].reads)}
    assert reused and not undeclared
