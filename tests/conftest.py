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

#: Settings a user may have in the environment that change what the suite reads or computes:
#: a disk cache folder (tests that use one set their own), extra Chinese dictionaries, and whether
#: progress is shown (tests that look at it set their own). The suite runs without them, so
#: ``make test`` gives the same results on every machine.
_USER_SETTINGS = ("ANALYSIS_CACHE", "ANALYSIS_ZH_USERDICT", "ANALYSIS_PROGRESS")
for _name in _USER_SETTINGS:
    os.environ.pop(_name, None)


@pytest.fixture()
def corpus_dir(tmp_path: Path) -> Path:
    """A writable copy of the small test corpus ``tests/data/mini`` (files may be edited,
    added or removed)."""
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "data" / "mini", folder)
    return folder


@pytest.fixture(autouse=True)
def _fresh_term_counts():
    """Each test counts terms afresh: the counts kept in memory for the next term table of the
    same texts (``analysis.terms._base._COUNTED``) would hide from a test the counting path it
    checks, depending on which tests ran before it in the same process."""
    from analysis.terms import _base

    _base._COUNTED.clear()
    yield
