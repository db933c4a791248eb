"""analysis.turns is the bottom floor: the turns table's columns and as_turns, without the readers."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import analysis.corpus
import analysis.turns
from analysis.turns import TURN_COLUMNS, as_turns

ROOT = Path(__file__).resolve().parents[1]


def test_importing_turns_loads_no_reader():
    """``analysis.turns`` alone pulls in only its own floor. ``analysis/__init__.py`` imports
    ``Corpus`` for ``analysis.Corpus``, so the module is loaded under a bare ``analysis``
    package to see what it imports itself."""
    code = (
        "import sys, types\n"
        f"pkg = types.ModuleType('analysis'); pkg.__path__ = [{str(ROOT / 'analysis')!r}]\n"
        "sys.modules['analysis'] = pkg\n"
        "import analysis.turns\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('analysis'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = set(out.stdout.split())
    assert "analysis.turns" in loaded
    assert loaded <= {"analysis", "analysis.turns", "analysis._validation", "analysis.types"}, loaded
    assert not loaded & {"analysis.corpus", "analysis.loader", "analysis.parsers", "analysis.text"}


def test_turns_source_imports_no_reader():
    tree = ast.parse((ROOT / "analysis" / "turns.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import) for a in node.names}
    assert not {m for m in imported if m and m.split(".")[0] in {"corpus", "loader", "parsers", "model"}}, imported


def test_corpus_reexports_the_same_objects():
    assert analysis.corpus.as_turns is as_turns
    assert analysis.corpus.TURN_COLUMNS is TURN_COLUMNS
    assert {"as_turns", "TURN_COLUMNS"} <= set(analysis.corpus.__all__)


def test_as_turns_takes_a_frame_or_a_corpus(tmp_path):
    frame = pd.DataFrame({"text": ["Hello."]})
    assert as_turns(frame) is frame
    (tmp_path / "2019-03-05_briefing.txt").write_text(
        "MODERATOR: Good afternoon.\nQ: What about trade?\nHUA CHUNYING: We have noted the reports.\n",
        encoding="utf-8")
    turns = as_turns(analysis.corpus.load_corpus(tmp_path), columns=("text", "role"))
    assert list(turns.columns)[:len(TURN_COLUMNS)] == list(TURN_COLUMNS)  # the language and metadata follow
    assert turns["role"].tolist() == ["moderator", "questioner", "official"]
    with pytest.raises(TypeError, match=r"term_counts\(\): turns must be a Corpus or a pandas DataFrame; got str"):
        as_turns("Hello.", caller="term_counts")
    with pytest.raises(ValueError, match=r"as_turns\(\): turns has no column\(s\) 'role'"):
        as_turns(frame, columns=("text", "role"))


@pytest.mark.parametrize("name", ["analysis.phrases.ngrams", "analysis.phrases.stock", "analysis.rhetoric._common",
                                  "analysis.terms.keyness", "analysis.terms.trends", "analysis.topics.units",
                                  "analysis.terms.counts", "analysis.terms.kwic", "analysis.overview", "analysis.explore"])
def test_analyses_take_as_turns_from_the_floor(name):
    module = importlib.import_module(name)
    assert module.as_turns is analysis.turns.as_turns
    assert not re.search(r"^from \.+corpus import", Path(module.__file__).read_text(encoding="utf-8"), re.M)


def test_importing_the_package_module_loads_no_reader():
    """``import analysis.turns`` through the real package loads no reader either; the
    package's ``Corpus`` and ``load_corpus`` still resolve when asked for."""
    code = ("import sys, analysis.turns\n"
            "print('analysis.corpus' in sys.modules, 'analysis.loader' in sys.modules)\n"
            "import analysis\n"
            "print(analysis.load_corpus.__module__, analysis.Corpus.__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.split() == ["False", "False", "analysis.loader", "Corpus"]
