"""Execute the notebooks: in place for ``make notebooks``, or into memory for the tests.

Parameters are injected as papermill does: a cell tagged ``injected-parameters`` right after
the cell tagged ``parameters``. Outputs are kept free of volatile content (no execution
timings, no kernel ids), so re-executing a notebook gives identical files.

Key numbers: a notebook may end with a cell tagged ``key-numbers`` whose output is a JSON
object; :func:`key_numbers` reads it so tests can compare it with the library's results.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from ._progress import PROGRESS_ENV
from .outputs import atomic_write

__all__ = ["NOTEBOOK_DIR", "execute_notebook", "key_numbers", "main"]

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


def _inject(nb: nbformat.NotebookNode, parameters: Mapping[str, object]) -> None:
    src = "# Parameters injected for this run\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    for i, c in enumerate(nb.cells):
        if "parameters" in c.get("metadata", {}).get("tags", []):
            nb.cells.insert(i + 1, cell)
            return
    raise ValueError("execute_notebook(): the notebook has no cell tagged 'parameters' to override")


def execute_notebook(path: str | Path, *, parameters: Mapping[str, object] | None = None,
                     timeout: int = 1200, write: bool = False) -> nbformat.NotebookNode:
    """Run every cell of the notebook at ``path`` (working directory: its folder).

    Parameters
    ----------
    path : path
    parameters : mapping, optional
        Values overriding the ``parameters`` cell.
    timeout : int, default=1200
        Seconds allowed per cell.
    write : bool, default=False
        Save the executed notebook back to ``path``, atomically (a temporary file replaces
        it, :func:`analysis.outputs.atomic_write`), as ``nbformat.write`` would write it.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook. A failing cell raises ``nbclient.exceptions.CellExecutionError``.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    if parameters:
        _inject(nb, parameters)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    # automatic progress off in the kernel: a saved output holds no bar (its timings change every run)
    client.execute(env={**os.environ, PROGRESS_ENV: "0"})
    for c in nb.cells:
        c.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    if write:  # atomically: an interrupted run leaves the committed notebook whole
        text = nbformat.writes(nb)
        atomic_write(path, text if text.endswith("\n") else text + "\n")
    return nb


def key_numbers(nb: nbformat.NotebookNode) -> dict:
    """The JSON object printed by the cell tagged ``key-numbers``."""
    for c in nb.cells:
        if "key-numbers" in c.get("metadata", {}).get("tags", []):
            text = "".join(o.get("text", "") for o in c.get("outputs", []) if o.get("output_type") == "stream")
            return json.loads(text)
    raise KeyError("no cell tagged 'key-numbers'")


def main(argv: list[str] | None = None) -> int:
    """Execute every notebook in ``notebooks/`` in place (or those named)."""
    names = argv if argv is not None else sys.argv[1:]
    paths = [Path(n) for n in names] or sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    for p in paths:
        print(f"executing {p.name}", flush=True)
        execute_notebook(p, write=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
