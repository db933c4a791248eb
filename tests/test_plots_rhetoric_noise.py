"""The rhetoric heatmap leaves rows of a few occurrences uncoloured: their ratios are noise."""
import numpy as np
import pandas as pd

from analysis.plots import plot_rhetoric_profile


def _profile() -> pd.DataFrame:
    rows = []
    for group, words, counts in (("A", 10_000, (3, 50)), ("B", 20_000, (0, 20))):
        for (family, measure), c in zip((("devices", "anaphora"), ("devices", "tricolon")), counts):
            rows.append({"role": group, "family": family, "measure": measure, "n_turns": 5, "n_words": words,
                         "count": c, "per_1000": 1000 * c / words, "value": 1000 * c / words})
        rows.append({"role": group, "family": "readability", "measure": "flesch", "n_turns": 5, "n_words": words,
                     "count": pd.NA, "per_1000": np.nan, "value": 40.0 if group == "A" else 60.0})
    out = pd.DataFrame(rows)
    out["count"] = out["count"].astype("Int64")
    return out


def _colours(fig) -> np.ndarray:
    return np.asarray(fig.axes[0].images[0].get_array())


def test_rows_of_few_occurrences_are_left_white():
    fig = plot_rhetoric_profile(_profile(), by="role", min_words=1)
    rel = _colours(fig)
    # columns: B (20,000 words) before A. Anaphora: 0 and 3 occurrences (1.5 per group):
    # white; tricolon (35 per group) and the score (no count) coloured by their ratio to the
    # row's mean
    assert rel[0].tolist() == [0.0, 0.0]
    assert np.allclose(rel[1], np.clip(np.log2(np.array([1.0, 5.0]) / 3.0), -1.5, 1.5))
    assert rel[2, 0] > 0 > rel[2, 1]
    assert "fewer than 10 occurrences" in fig.axes[0].get_title()
    texts = {t.get_text(): t.get_color() for t in fig.axes[0].texts}
    assert texts["0.30"] == "#999999"  # anaphora in group A, greyed


def test_min_count_zero_colours_every_row():
    fig = plot_rhetoric_profile(_profile(), by="role", min_words=1, min_count=0)
    rel = _colours(fig)
    assert rel[0, 0] == -1.5 and rel[0, 1] == 1.0  # zero clipped to the floor; log2(0.3 / 0.15) = 1
    assert "fewer than" not in fig.axes[0].get_title()
