"""Chinese formulae written without spaces, formulae's progress bar, Chinese figure labels and
the notebook's top-user sentences on thin evidence."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.narrate.rhetoric import MIN_MATCHES, describe_top_user, top_user
from analysis.phrases import evaluate_formulae, formula_occurrences, formulae, recurring_phrases, slot_frames
from analysis.phrases._variants import written_form

ZH = ["我们坚决反对霸凌行径。中方对此有何评论？",
      "中方坚决反对干涉中国内政。我们注意到有关报道。",
      "美方应停止干涉中国内政。中方对此有何评论？",
      "我们注意到有关报道。我们坚决反对制裁。",
      "我们坚决反对单边主义。他们干涉中国内政。"]


def _turns(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({"transcript_id": [f"t{i}" for i in range(n)], "speaker": [f"S{i % 2}" for i in range(n)],
                         "text": texts})


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ANALYSIS_CACHE", str(tmp_path / "cache"))


class TestWrittenForm:
    @pytest.mark.parametrize("words, written", [
        ("干涉 中国 内政", "干涉中国内政"),
        ("we firmly oppose", "we firmly oppose"),
        ("中日 和平 友好条约 缔结 40 周年", "中日和平友好条约缔结40周年"),
        ("跨 太平洋 伙伴关系 协定 tpp", "跨太平洋伙伴关系协定tpp"),
        ("在 wto 框架 下 the united states", "在wto框架下the united states"),
        ("covid 19", "covid 19"),
        ("", ""),
    ])
    def test_han_boundaries_run_together_latin_words_stay_spaced(self, words, written):
        assert written_form(words) == written

    def test_no_character_lost(self):
        words = "中国 东盟 建立 战略伙伴 关系 15 周年 in the world"
        assert written_form(words).replace(" ", "") == words.replace(" ", "")


class TestChineseFormulae:
    def test_formula_written_members_segmented(self, fresh_cache):
        f = formulae(_turns(ZH), min_transcripts=2)
        assert f["formula"].tolist() == ["干涉中国内政", "我们注意到有关报道", "我们坚决反对", "中方对此有何评论"]
        assert [m[0] for m in f["members"]] == ["干涉 中国 内政", "我们 注意 到 有关 报道", "我们 坚决 反对",
                                                "中方 对此 有何 评论"]
        assert f["count"].tolist() == [3, 2, 3, 2]

    def test_occurrences_of_the_table_and_of_the_written_form(self, fresh_cache):
        turns = _turns(ZH)
        f = formulae(turns, min_transcripts=2)
        occ = formula_occurrences(turns, f)
        assert set(occ["formula"]) == set(f["formula"])
        assert occ.groupby("formula").size().to_dict() == {"干涉中国内政": 3, "我们注意到有关报道": 2, "我们坚决反对": 3,
                                                           "中方对此有何评论": 2}
        for text in ("干涉中国内政", "干涉 中国 内政"):  # written or in words: the same occurrences
            found = formula_occurrences(turns, [text])
            assert found["transcript_id"].tolist() == ["t1", "t2", "t4"]
            assert found["formula"].tolist() == [text] * 3
            assert set(found["text"]) == {"干涉中国内政"}

    def test_frames_and_evaluation_read_the_words(self, fresh_cache):
        turns = _turns(ZH)
        f = formulae(turns, min_transcripts=2)
        frames = slot_frames(turns, f, min_transcripts=2, min_fillers=2, max_top_share=1.0)
        assert frames["frame"].tolist() == ["我们 坚决 反对 *"]
        assert frames["fillers"].iloc[0] == (("制裁", 1), ("单边主义", 1), ("霸凌", 1))
        got = evaluate_formulae(f, ["干涉中国内政", "我们注意到"], turns=turns)
        assert got["rank"] == {"干涉中国内政": 0, "我们注意到": 1}
        assert got["names"] == 0.0 and got["fragments"] == 0.0

    def test_english_formula_stays_spaced(self, fresh_cache):
        turns = _turns(["We firmly oppose this. I am a Party member.", "We firmly oppose that. I am a Party member."])
        f = formulae(turns, rank_by="spread")
        assert f["formula"].tolist() == ["i am a party member", "we firmly oppose"]
        assert [m[0] for m in f["members"]] == f["formula"].tolist()


class TestChineseRecurringPhrases:
    def test_phrases_written_without_spaces_counts_unchanged(self, fresh_cache):
        got = recurring_phrases(_turns(ZH), min_count=2)
        assert got[["phrase", "n", "count", "n_transcripts"]].values.tolist() == [
            ["干涉中国内政", 3, 3, 3], ["我们坚决反对", 3, 3, 3],  # independent, then n, descending
            ["我们注意到有关报道", 5, 2, 2], ["中方对此有何评论", 4, 2, 2]]

    def test_english_phrases_stay_spaced(self, fresh_cache):
        got = recurring_phrases(pd.DataFrame({"text": ["We oppose it firmly. We oppose it firmly. We oppose war."]}),
                                min_count=2, stop_rule="none")
        assert got["phrase"].tolist() == ["we oppose it firmly"]


class TestFormulaeProgress:
    def test_bar_over_the_steps_same_table(self, fresh_cache, capsys):
        turns = _turns(ZH)
        quiet = formulae(turns, min_transcripts=2)
        assert capsys.readouterr().err == ""
        turns2 = turns.assign(text=turns["text"] + "谢谢。")  # not read from the cache
        shown = formulae(turns2, min_transcripts=2, progress=True)
        err = capsys.readouterr().err
        assert "formulae" in err and "8/8" in err
        again = formulae(turns2, min_transcripts=2)
        pd.testing.assert_frame_equal(shown, again, check_exact=True)
        assert len(quiet) and len(shown)

    def test_progress_must_be_bool(self):
        with pytest.raises((TypeError, ValueError), match="progress"):
            formulae(_turns(ZH), progress="yes")


class TestTopUser:
    PROFILE = pd.DataFrame({"speaker": ["Zhao", "Geng", "Lu", "Hua"], "family": "devices", "measure": "enumeration",
                            "count": [6, 74, 28, 39], "n_words": [14985, 273667, 109436, 154484]})

    def _profile(self, counts):
        p = self.PROFILE.assign(count=counts)
        return p.assign(per_1000=p["count"] / p["n_words"] * 1000)

    def test_thin_evidence_is_said_not_ranked(self):
        p = self._profile([6, 74, 28, 39])
        f = describe_top_user(p, family="devices", measure="enumeration")
        assert f.text.startswith("Enumerations are too rare to say who uses them most: the highest rate, Zhao's 0.40 "
                                 "per 1,000 words, rests on 6 matches (fewer than 10).")
        assert "most:" not in f.text.replace("who uses them most:", "")
        assert "The rates: Geng 0.27, Hua 0.25, Lu 0.26 and Zhao 0.40." in f.text
        assert top_user(p, family="devices", measure="enumeration") is None
        assert f.counts["Zhao"] == pytest.approx(6 / 14.985)

    def test_enough_matches_but_within_chance(self):
        # Zhao: 12 matches in 40,000 words, where its share of the words gives 10.6 of the 153
        # matches at the pooled rate (one-sided binomial p = 0.37)
        p = self._profile([12, 74, 28, 39]).assign(n_words=[40000, 273667, 109436, 154484])
        p["per_1000"] = p["count"] / p["n_words"] * 1000
        assert MIN_MATCHES <= 12
        f = describe_top_user(p, family="devices", measure="enumeration")
        assert f.text.startswith("No group stands out in its use of enumerations: the highest rate, Zhao's 0.30 per "
                                 "1,000 words (12 matches), is within what chance gives at the groups' pooled rate "
                                 "(binomial test, p = 0.37).")
        assert top_user(p, family="devices", measure="enumeration") is None

    def test_clear_top_user_is_ranked(self):
        p = self._profile([60, 74, 28, 39])
        f = describe_top_user(p, family="devices", measure="enumeration")
        assert f.text.startswith("Zhao uses enumerations most: 4.0 per 1,000 words (60 matches)")
        assert top_user(p, family="devices", measure="enumeration") == "Zhao"

    def test_min_matches_is_the_stated_minimum(self):
        p = self._profile([60, 74, 28, 39])
        assert top_user(p, family="devices", measure="enumeration", min_matches=61) is None
        assert "(fewer than 61)" in describe_top_user(p, family="devices", measure="enumeration", min_matches=61).text


def _label_boxes(fig, axis):
    """Window extents of the non-empty tick labels of ``axis``, left to right, drawn in the
    project style (as the figures are saved)."""
    from analysis.plots._style import style

    with style():
        fig.canvas.draw()
    boxes = [t.get_window_extent() for t in axis.get_ticklabels(which="major")
             if t.get_visible() and t.get_text()]
    return sorted(boxes, key=lambda b: b.x0)


class TestChineseTickLabels:
    def _keyness(self, big: float):
        import numpy as np

        return pd.DataFrame({"target": "official", "reference": "questioner", "term": [f"评论{i}" for i in range(24)],
                             "score": np.r_[np.linspace(1400, 300, 12) * big / 7200, -np.linspace(900, big, 12)],
                             "significant": True})

    @pytest.mark.parametrize("width", [3.0, 5.0])  # 7 and 11 clashing labels as matplotlib places them
    def test_keyness_ticks_of_large_scores_do_not_overlap(self, width):
        from matplotlib.figure import Figure

        from analysis.plots.terms import plot_keyness

        fig = Figure(figsize=(width, 5))
        ax = fig.add_subplot()
        fig = plot_keyness(self._keyness(7200.0), ax=ax)
        boxes = _label_boxes(fig, ax.xaxis)
        assert len(boxes) >= 3
        assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:])), [(b.x0, b.x1) for b in boxes]
        assert 0.0 in list(ax.get_xticks())

    def test_uncluttered_axis_keeps_its_default_ticks(self):
        import matplotlib.ticker as mticker

        from analysis.plots.terms import plot_keyness

        fig = plot_keyness(self._keyness(72.0))
        axis = fig.axes[0].xaxis
        _label_boxes(fig, axis)
        view = axis.get_view_interval()
        default = mticker.AutoLocator()
        default.set_axis(axis)
        assert list(axis.get_majorticklocs()) == list(default.tick_values(*view))  # as matplotlib places them

    def test_dispersion_years_do_not_overlap(self):
        import numpy as np

        from analysis.plots.terms import plot_dispersion

        pos = pd.DataFrame({"term": ["中方"] * 50, "offset": np.linspace(10, 1_000_000, 50),
                            "date": pd.date_range("2016-12-20", periods=50, freq="30D")})
        fig = plot_dispersion(pos)
        top = fig.axes[0].child_axes[0]
        boxes = _label_boxes(fig, top.xaxis)
        labels = [t.get_text() for t in top.xaxis.get_ticklabels() if t.get_visible() and t.get_text()]
        assert labels == ["2017", "2018", "2019", "2020"]  # 2016 (its last days) gives way to 2017
        assert all(a.x1 < b.x0 for a, b in zip(boxes, boxes[1:]))
