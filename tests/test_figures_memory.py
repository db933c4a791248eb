"""How the figures command keeps its processes small: ``analysis.scale`` imported without
its phrase engine (numba) and term measures by worker processes that only need the engine
module (:mod:`analysis.scale._engine`, the home of :func:`~analysis.scale._engine.run_map`)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest


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
