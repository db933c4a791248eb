"""Figures on Chinese transcripts: a figure that rests on English rules says so when skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.figures import regenerate

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

ZH = ["我们坚决反对霸凌行径。第一，要坚持多边主义；第二，要反对单边制裁！中方对此有何评论？",
      "中方坚决反对干涉中国内政。我们注意到有关报道。最重要的是和平、发展、合作。"]


def test_device_examples_on_chinese_name_the_english_rules(tmp_path: Path) -> None:
    """Found: on the Chinese briefings the figure was skipped as 'no rhetorical device ... is
    found in this corpus', while the detectors were never applied to Chinese text."""
    folder = tmp_path / "zh"
    folder.mkdir()
    for i, text in enumerate(ZH * 2):
        (folder / f"2020-01-0{i + 1}.txt").write_text(f"2020年1月{i + 1}日\n\n耿爽：{text}\n\n记者：{text}\n",
                                                      encoding="utf-8")
    run = regenerate(folder, tmp_path / "figures", only=["rhetoric_device_examples"], progress=False)
    assert run.skipped["rhetoric_device_examples"] == (
        "the device detectors are English rules, and every turn of this corpus is Chinese")
