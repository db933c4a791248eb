"""The README stays true: the functions it names exist, the files it shows are there, and
the make targets it tells a newcomer to run are defined."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_named_functions_exist() -> None:
    rows = re.findall(r"`(analysis\.\w+)`: ([^|]+)\|", README)
    assert len(rows) >= 5
    for module, names in rows:
        mod = importlib.import_module(module)
        for name in re.findall(r"`(\w+)`", names):
            assert hasattr(mod, name), f"README names {module}.{name}, which does not exist"


def test_shown_files_exist() -> None:
    for path in re.findall(r"\]\(([^)]+\.png)\)", README):
        assert (REPO / path).is_file(), path
    for nb in re.findall(r"`(\d\d_\w+)`", README):
        assert (REPO / "notebooks" / f"{nb}.ipynb").is_file(), nb


def test_make_targets_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"make (\w+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), f"README mentions make {target}"
