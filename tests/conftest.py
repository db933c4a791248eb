"""Test configuration: property-based tests run the same examples on every run (fixed seed),
so the suite is deterministic; set HYPOTHESIS_PROFILE=explore for fresh random examples."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the small test corpus ``tests/data/mini`` (files may be edited,
    added or removed)."""
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "data" / "mini", folder)
    return folder
