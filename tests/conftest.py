"""Test configuration: property-based tests run the same examples on every run (fixed seed),
so the suite is deterministic; set HYPOTHESIS_PROFILE=explore for fresh random examples."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
