"""How the figures command keeps its processes small: ``analysis.scale`` imported without
its phrase engine (numba) and term measures by worker processes that only need the engine
module (:mod:`analysis.scale._engine`, the home of :func:`~analysis.scale._engine.run_map`);
and the figure index's calls, which name the extra stop words a figure was drawn without."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.figure import Figure

import analysis.figures as figs
from analysis.figures import registry, regenerate, write_index
from analysis.gallery import FigureContext, FigureSpec


def test_engine_module_alone_does_not_load_numba_nor_the_term_measures() -> None:
    code = ("import sys, analysis.scale._engine; "
            "print(sorted(m for m in ('numba', 'analysis.scale.phrases', 'analysis.scale.files', 'analysis.terms', "
            "'scipy.stats') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_public_names_of_scale_resolve_to_their_modules() -> None:
    scale = importlib.import_module("analysis.scale")
    homes = {name: importlib.import_module(f"analysis.scale.{mod}") for mod in ("files", "terms", "phrases")
             for name in importlib.import_module(f"analysis.scale.{mod}").__all__}
    assert scale.__all__ == ["FILE_COLUMNS", "count_files", "list_files", "count_terms", "recurring_phrases"]
    assert sorted(scale.__all__) == sorted(homes)
    for name, module in homes.items():
        assert getattr(scale, name) is getattr(module, name)
    namespace: dict = {}
    exec("from analysis.scale import *", namespace)
    assert {n for n in namespace if not n.startswith("__")} == set(homes)
    assert set(homes) <= set(dir(scale))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        scale.nope  # noqa: B018


# ============================================================ the index names the extra stop words
MINI = Path(__file__).resolve().parent / "data" / "mini"
#: The figures drawn with the user's extra stop words: every term and topic figure.
TAKES_WORDS = {n for n in registry() if n.startswith(("terms_", "topics_"))}


def _made_by(index: Path) -> dict[str, str]:
    """The "Made by" call of each figure of an index, by figure name."""
    lines = index.read_text(encoding="utf-8").splitlines()
    names = [line.removeprefix("## `").removesuffix("`") for line in lines if line.startswith("## `")]
    calls = [line.removeprefix("Made by: ").strip("`").strip() for line in lines if line.startswith("Made by: ")]
    assert len(names) == len(calls)
    return dict(zip(names, calls))


def test_index_without_extra_words_shows_each_spec_call(tmp_path: Path) -> None:
    specs = list(registry().values())
    calls = _made_by(write_index(specs, tmp_path, "Source: x."))
    assert calls == {s.name: s.call for s in specs}
    plain = (tmp_path / "README.md").read_bytes()
    write_index(specs, tmp_path, "Source: x.", extra_stop_words=())
    assert (tmp_path / "README.md").read_bytes() == plain


def test_index_names_the_extra_words_in_the_calls_of_the_figures_that_take_them(tmp_path: Path) -> None:
    specs = list(registry().values())
    calls = _made_by(write_index(specs, tmp_path, "Source: x.", extra_stop_words=("okay", "it's")))
    named = {n for n, call in calls.items() if '"okay", "it\'s"' in call}
    assert named == TAKES_WORDS
    for spec in specs:
        if spec.name not in TAKES_WORDS:
            assert calls[spec.name] == spec.call
    assert calls["terms_keyness_roles"] == ('plot_keyness(keyness(turns, "official", "questioner", min_parts=5, '
                                            'phrases=names, stop_words=stop_words(["okay", "it\'s"])))')
    assert calls["terms_trends"].startswith(
        'plot_term_trends(term_trends(turns, rising_terms(turns, stop_words=stop_words(["okay", "it\'s"]))["term"]')
    assert calls["topics_by_role"] == (
        'result = fit_topics(topic_units(corpus), k=<recommended>, extra_stop_words=[*BRIEFING_STOP_WORDS, "okay", '
        '"it\'s"]); plot_topics_by_group(topic_prevalence(result, by=\'role\'), by=\'role\')')
    assert calls["topics_k_selection"].count("BRIEFING_STOP_WORDS") == 1  # the words join the briefing words


def test_extra_words_written_as_python_strings(tmp_path: Path) -> None:
    spec = registry()["terms_top_by_role"]
    made = spec.made_by(['say "so"', "naïve", "a`b"])
    inner = made.split("stop_words=stop_words(", 1)[1].split(")", 1)[0]
    assert eval(inner) == ['say "so"', "naïve", "a`b"]  # noqa: S307 - a literal of strings
    calls = _made_by(write_index([spec], tmp_path, "", extra_stop_words=["a`b"]))
    assert "a`b" in (tmp_path / "README.md").read_text(encoding="utf-8")  # in a code span that holds it
    assert len(calls) == 1


def test_a_spec_whose_replaced_part_is_not_in_its_call_is_refused() -> None:
    with pytest.raises(ValueError, match="'phrases=names', which is not in its call"):
        FigureSpec("x", "X.", "plot()", lambda ctx: None, stop_words=("phrases=names", "phrases=names, {words}"))


def _draws(ctx: FigureContext) -> Figure:
    fig = Figure()
    fig.add_subplot().plot([0, 1], [0, 1])
    return fig


def test_regenerate_writes_the_extra_words_in_the_index(tmp_path: Path, monkeypatch) -> None:
    specs = [FigureSpec("terms_like", "Takes the words.", "top(turns, phrases=names)", _draws,
                        stop_words=("phrases=names", "phrases=names, stop_words=stop_words([{words}])")),
             FigureSpec("other", "Takes none.", "plot(turns)", _draws)]
    monkeypatch.setattr(figs, "registry", lambda: {s.name: s for s in specs})
    regenerate(MINI, tmp_path / "with", progress=False, extra_stop_words=["okay", "going", "okay"])
    regenerate(MINI, tmp_path / "without", progress=False)
    assert _made_by(tmp_path / "with" / "README.md") == {
        "terms_like": 'top(turns, phrases=names, stop_words=stop_words(["okay", "going"]))', "other": "plot(turns)"}
    assert _made_by(tmp_path / "without" / "README.md") == {"terms_like": "top(turns, phrases=names)",
                                                            "other": "plot(turns)"}


# ============================================================ layers let go between families
def test_release_plan_keeps_only_the_token_table_for_the_rhetoric_figures() -> None:
    from analysis.figures import release_plan

    specs = list(registry().values())
    steps = {s.name: step for s, step in zip(specs, release_plan(specs)) if step is not None}
    assert steps["terms_trends"] == (("analysis.tokens",), ("overview", "terms"))
    assert steps["rhetoric_frame_trends"] == ((), ("overview", "terms", "rhetoric"))


def test_each_family_starts_without_the_layers_it_does_not_read(monkeypatch, tmp_path: Path) -> None:
    """On a small corpus: the rhetoric figures start with no phrase stream or sentence table of
    the term figures in memory, the phrase figures with no memo entry of an earlier family;
    and the figures drawn are those of a run that keeps every layer (``release`` replaced
    by a no-op), byte for byte."""
    from analysis import _memo

    held: dict[str, set[str]] = {}
    original = figs._make_one

    def make_one(spec, ctx, out_dir):
        if spec.name in ("rhetoric_profile_by_role", "phrases_top_by_speaker"):
            held[spec.name] = {m.kind for m in list(_memo._REGISTRY) if len(m)}
        return original(spec, ctx, out_dir)

    monkeypatch.setattr(figs, "_make_one", make_one)
    only = ["terms_top_by_role", "terms_trends", "rhetoric_profile_by_role", "phrases_top_by_speaker",
            "phrases_collocation_network"]
    with pytest.warns():
        run = regenerate(MINI, tmp_path / "released", only=only, progress=False)
    assert not {k for k in held["rhetoric_profile_by_role"] if k.startswith(("analysis.phrases", "analysis.sentences"))}
    assert held["phrases_top_by_speaker"] == set()
    monkeypatch.setattr(figs, "release", lambda keep=(): 0)
    with pytest.warns():
        kept = regenerate(MINI, tmp_path / "kept", only=only, progress=False)
    assert run.drawn == kept.drawn and len(run.drawn) >= 3
    for a, b in zip(run, kept):
        assert a.name == b.name and a.read_bytes() == b.read_bytes()
