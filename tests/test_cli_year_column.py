"""--by year --target 2024 on turns that hold a year column of their own (a file-name field)
selects that year; on turns without one, year is the date bucket, as before."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import cli


def _speeches(folder: Path) -> Path:
    texts = {"AAA_78_2023.txt": "Climate change threatens our islands. Climate finance is late.",
             "BBB_78_2023.txt": "Peace and security matter. Security first.",
             "AAA_79_2024.txt": "The pandemic recovery and climate adaptation. Climate again.",
             "BBB_79_2024.txt": "Artificial intelligence and the pandemic. Intelligence matters."}
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def test_target_is_a_value_of_the_turns_own_year_column(tmp_path, capsys):
    corpus = _speeches(tmp_path)
    out = tmp_path / "key.csv"
    assert cli.main(["keyness", "--corpus", str(corpus), "--name-pattern", "{speaker}_{session}_{year}",
                     "--by", "year", "--target", "2024", "--min-count", "1", "--output", str(out), "--quiet"]) == 0
    table = pd.read_csv(out)
    assert set(table["target"].astype(str)) == {"2024"} and "pandemic" in set(table["term"])


def test_year_without_a_column_is_the_date_bucket(tmp_path):
    for day, text in [("2019-03-01", "Trade talks. Trade."), ("2020-05-01", "Virus outbreak. Virus.")]:
        (tmp_path / f"{day}_briefing.txt").write_text(f"Briefing\n{day}\n\nQ: {text}?\n\nA: {text}\n",
                                                      encoding="utf-8")
    out = tmp_path / "key.csv"
    assert cli.main(["keyness", "--corpus", str(tmp_path), "--by", "year", "--target", "2020", "--min-count", "1",
                     "--output", str(out), "--quiet"]) == 0
    assert pd.read_csv(out)["target"].astype(str).str.startswith("2020").all()
