"""Every notebook is thin, parameterised, committed executed, and executes top to bottom.

Notebooks with a dedicated test (a ``tests/test_*.py`` that names the notebook file and
compares its key numbers with the library) are executed there; the rest are executed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
TESTS = Path(__file__).resolve().parent
_OTHER_TESTS = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name)
IDS = [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
class TestNotebookFile:
    def test_first_code_cell_is_parameters(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        assert "parameters" in first.metadata.get("tags", [])

    def test_thin(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        src = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert not re.search(r"^\s*(def|class)\s", src, re.M), "no def or class in notebooks"

    def test_committed_executed_without_volatile_output(self, path: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.execution_count is not None for c in code if c.source.strip()), "commit notebooks executed"
        blob = nbformat.writes(nb)
        assert not re.search(r" at 0x[0-9a-f]{6,}", blob), "memory address in outputs"
        assert "it/s]" not in blob and "s/it]" not in blob, "progress bar in outputs"
        assert '"execution": {' not in blob, "execution timings in metadata"
        assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name not in _OTHER_TESTS],
                         ids=[p.name for p in NOTEBOOKS if p.name not in _OTHER_TESTS])
def test_notebook_executes(path: Path) -> None:
    nb = execute_notebook(path)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]


def test_every_numbered_question_has_a_notebook() -> None:
    assert "01_corpus_overview.ipynb" in IDS
