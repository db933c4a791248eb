"""Tests of analysis.terms dispersion, term positions, trends and KWIC, on hand-countable turns
and on the bundled corpus (every KWIC line points at the source line it quotes)."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import terms as tm
from analysis.corpus import load_corpus
from analysis.figures import DEFAULT_CORPUS, REPO
from analysis.parsers.decode import read_text

from test_terms import TURNS, WORDS


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(DEFAULT_CORPUS, progress=False)


# --------------------------------------------------------------------------- dispersion
def _juilland_direct(v, s):
    p = np.asarray(v, float) / np.asarray(s, float)
    return 1 - (p.std() / p.mean()) / np.sqrt(len(p) - 1)


def _dp_direct(v, s):
    v, s = np.asarray(v, float), np.asarray(s, float)
    return 0.5 * np.abs(v / v.sum() - s / s.sum()).sum()


class TestDispersionMeasures:
    def test_extremes(self) -> None:
        m = tm.dispersion_measures([[2, 6], [2, 0], [2, 0]], [10, 10, 10])
        assert m["juilland_d"].tolist() == pytest.approx([1.0, 0.0])
        assert m["dp"].tolist() == pytest.approx([0.0, 2 / 3])
        assert m["dp_norm"].tolist() == pytest.approx([0.0, 1.0])  # confined to a smallest part
        assert m["n_parts_with"].tolist() == [3, 1]
        assert m["count"].tolist() == [6, 6]

    def test_agrees_with_direct_formulas(self) -> None:
        rng = np.random.default_rng(0)
        sizes = rng.integers(50, 500, 12)
        counts = rng.poisson(rng.uniform(0.1, 5, 30), size=(12, 30))
        counts[:, 0] = 0
        counts[3, 0] = 4  # one term in a single part
        m = tm.dispersion_measures(counts, sizes)
        for j in range(30):
            if counts[:, j].sum() == 0:
                assert np.isnan(m["juilland_d"][j])
                continue
            assert m["juilland_d"][j] == pytest.approx(max(0.0, _juilland_direct(counts[:, j], sizes)), abs=1e-9)
            assert m["dp"][j] == pytest.approx(_dp_direct(counts[:, j], sizes), abs=1e-12)
            assert m["dp_norm"][j] == pytest.approx(_dp_direct(counts[:, j], sizes) / (1 - sizes.min() / sizes.sum()))

    def test_single_part_and_empty_parts(self) -> None:
        m = tm.dispersion_measures([[3]], [10])
        assert np.isnan(m["juilland_d"][0]) and m["dp"][0] == pytest.approx(0.0)
        m = tm.dispersion_measures([[3], [0]], [10, 0])  # a part with no words is ignored
        assert m["n_parts"][0] == 1

    def test_shape_error(self) -> None:
        with pytest.raises(ValueError, match=r"dispersion_measures\(\): part_counts has 2 rows but part_sizes has 3"):
            tm.dispersion_measures([[1], [2]], [1, 2, 3])


class TestDispersion:
    def test_vocabulary(self) -> None:
        d = tm.dispersion(TURNS, min_count=3)
        assert d["term"].tolist() == ["affairs", "china", "cooperation", "internal", "trade"]
        r = d.set_index("term").loc["cooperation"]
        # parts t1 (24 words, 1 use), t2 (24 words, 3 uses), t3 (7 words, 0 uses)
        assert (r["count"], r["n_parts_with"], r["n_parts"]) == (4, 2, 3)
        assert r["dp"] == pytest.approx(_dp_direct([1, 3, 0], [24, 24, 7]))
        assert r["juilland_d"] == pytest.approx(_juilland_direct([1, 3, 0], [24, 24, 7]))

    def test_patterns_and_parts(self) -> None:
        d = tm.dispersion(TURNS, ["internal affairs", "firm*"], parts="speaker")
        assert d["term"].tolist() == ["internal affairs", "firm*"]
        assert d["count"].tolist() == [3, 4]
        assert d["n_parts"].tolist() == [3, 3]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"dispersion\(\): turns has no column\(s\) 'part'"):
            tm.dispersion(TURNS, parts="part")
        with pytest.raises(ValueError, match=r"dispersion\(\): pattern '\.\.\.' contains no word"):
            tm.dispersion(TURNS, ["..."])


class TestTermPositions:
    def test_offsets(self) -> None:
        p = tm.term_positions(TURNS, ["internal affairs", "china"])
        # word offsets: row starts 0, 11, 24, 38, 48
        assert p.loc[p["term"] == "internal affairs", "offset"].tolist() == [6, 38, 53]
        assert p.loc[p["term"] == "china", "offset"].tolist() == [0, 5, 21, 52]
        assert p.attrs["n_words"] == 55
        assert p.loc[p["term"] == "china", "speaker"].tolist() == [
            "Geng Shuang", "Geng Shuang", "Journalist", "Geng Shuang"]

    def test_no_match(self) -> None:
        p = tm.term_positions(TURNS, "sovereignty")
        assert p.empty and p.columns.tolist()[:2] == ["term", "offset"]


# --------------------------------------------------------------------------- multiword expressions
# TURNS with "internal affairs" merged: row 0 "... china internal affairs ..." (11 -> 10 words),
# row 3 "internal affairs ..." (10 -> 9), row 4 "... china's internal affairs" (7 -> 6): 55 -> 52.
PHRASE = ["internal affairs"]


class TestPhrases:
    def test_hand_counts(self) -> None:
        d = tm.dispersion(TURNS, min_count=1, phrases=PHRASE).set_index("term")
        assert d.loc["internal affairs", "count"] == 3
        assert d.loc["affairs", "count"] == 1  # "Hong Kong affairs" only
        assert "internal" not in d.index
        assert tuple(d.loc["internal affairs", ["n_parts_with", "n_parts"]]) == (3, 3)
        # parts t1 (24 -> 23 words, 1 use), t2 (24 -> 23, 1 use), t3 (7 -> 6, 1 use)
        assert d.loc["internal affairs", "dp"] == pytest.approx(_dp_direct([1, 1, 1], [23, 23, 6]))
        assert d.loc["internal affairs", "juilland_d"] == pytest.approx(_juilland_direct([1, 1, 1], [23, 23, 6]))

    def test_other_words_unchanged_and_tokens_conserved(self) -> None:
        plain = tm.dispersion(TURNS, min_count=1, stop_words=False).set_index("term")["count"]
        merged = tm.dispersion(TURNS, min_count=1, stop_words=False, phrases=PHRASE).set_index("term")["count"]
        n_phrase = merged["internal affairs"]
        untouched = plain.index.difference(["internal", "affairs"])
        assert merged[untouched].equals(plain[untouched])
        assert merged["affairs"] == plain["affairs"] - n_phrase and "internal" not in merged.index
        assert merged.sum() == plain.sum() - (2 - 1) * n_phrase
        assert tm.term_positions(TURNS, "china", phrases=PHRASE).attrs["n_words"] == sum(WORDS) - n_phrase

    def test_patterns_match_the_merged_text(self) -> None:
        d = tm.dispersion(TURNS, ["internal affairs", "affairs", "internal", "china's internal affairs"],
                          phrases=PHRASE).set_index("term")["count"]
        plain = tm.dispersion(TURNS, ["internal affairs", "affairs"]).set_index("term")["count"]
        assert d["internal affairs"] == plain["internal affairs"] == 3
        assert d["affairs"] == plain["affairs"] - 3 == 1
        assert d["internal"] == 0
        assert d["china's internal affairs"] == 2  # "china" + the merged token

    def test_positions(self) -> None:
        p = tm.term_positions(TURNS, ["internal affairs", "china"], phrases=PHRASE)
        # row starts 0, 10, 23, 37, 46 once merged
        assert p.loc[p["term"] == "internal affairs", "offset"].tolist() == [6, 37, 51]
        assert p.loc[p["term"] == "china", "offset"].tolist() == [0, 5, 20, 50]
        assert p.attrs["n_words"] == 52

    def test_longest_first_and_case(self) -> None:
        turns = pd.DataFrame({"transcript_id": ["a", "b"],
                              "text": ["Hong Kong affairs and Hong Kong.", "HONG KONG affairs, hong."]})
        d = tm.dispersion(turns, min_count=1, stop_words=False,
                          phrases=["hong kong", "Hong Kong affairs"]).set_index("term")["count"]
        assert d.to_dict() == {"hong kong affairs": 2, "and": 1, "hong": 1, "hong kong": 1}
        exact = tm.dispersion(turns, ["Hong Kong"], lowercase=False, phrases="Hong Kong")
        assert exact["count"].tolist() == [2]  # "HONG KONG" not merged, not matched

    def test_lemmas(self) -> None:
        turns = pd.DataFrame({"transcript_id": ["a"], "text": ["Internal affairs; an internal affair."]})
        d = tm.dispersion(turns, ["internal affair"], lemmas=True, phrases=["Internal Affairs"])
        assert d["count"].tolist() == [2]

    def test_figure_rule_picks_hong_kong(self, corpus) -> None:
        turns = corpus.turns()
        phrases = tm.fixed_phrases(turns)["phrase"].tolist()
        assert "hong kong" in phrases and "united states" not in phrases
        d = tm.dispersion(turns, phrases=phrases)
        top = d.head(100)["term"].tolist()
        assert "hong kong" in top and "hong" not in top and "kong" not in top
        plain = tm.dispersion(turns, ["hong kong", "hong", "kong"]).set_index("term")["count"]
        counts = d.set_index("term")["count"]
        assert counts["hong kong"] == plain["hong kong"]
        # left apart: "Hong Kong-listed", "Vice Foreign Minister Kong Xuanyou"
        assert counts["hong"] == plain["hong"] - plain["hong kong"]
        assert counts["kong"] == plain["kong"] - plain["hong kong"]
        n_merged = sum(tm.dispersion(turns, phrases, phrases=phrases)["count"])
        p = tm.term_positions(turns, "hong kong", phrases=phrases)
        assert p.attrs["n_words"] == turns["n_words"].sum() - n_merged

    @pytest.mark.parametrize("func", [tm.dispersion, tm.term_positions])
    def test_errors(self, func) -> None:
        name = func.__name__
        with pytest.raises(TypeError, match=rf"{name}\(\): phrases must be a str, a sequence of str"):
            func(TURNS, "china", phrases=3)
        with pytest.raises(TypeError, match=rf"{name}\(\): phrases must be str; got int"):
            func(TURNS, "china", phrases=["hong kong", 3])
        with pytest.raises(ValueError, match=rf"{name}\(\): phrases entry 'hong' has 1 word\(s\)"):
            func(TURNS, "china", phrases=["hong"])


class TestFixedPhrases:
    def test_hand_counts(self) -> None:
        turns = pd.DataFrame({"text": ["Hong Kong is calm.", "Hong Kong affairs.", "Trade is calm.", "Calm trade."]})
        f = tm.fixed_phrases(turns, min_count=2)
        assert f.columns.tolist() == ["phrase", "w1", "w2", "count", "dice"]
        assert f[["phrase", "count", "dice"]].values.tolist() == [["hong kong", 2, 1.0]]
        # "is calm": 2 f(xy) / (f(is) + f(calm)) = 4 / (2 + 3) = 0.8, but "is" is a stop word
        assert tm.fixed_phrases(turns, min_count=2, min_dice=0.5)["phrase"].tolist() == ["hong kong"]

    def test_agrees_with_collocations(self) -> None:
        from analysis.phrases import collocations

        f = tm.fixed_phrases(TURNS, min_count=1, min_dice=0.5)
        c = collocations(TURNS, min_count=1)
        want = c[c["dice"] >= 0.5].sort_values(["dice", "collocation"], ascending=[False, True])
        assert f["phrase"].tolist() == want["collocation"].tolist()
        assert f["dice"].tolist() == pytest.approx(want["dice"].tolist())

    def test_empty(self) -> None:
        assert tm.fixed_phrases(TURNS.iloc[:0]).columns.tolist() == ["phrase", "w1", "w2", "count", "dice"]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"fixed_phrases\(\): min_dice must be in \(0.0, 1.0\]; got 0"):
            tm.fixed_phrases(TURNS, min_dice=0)
        with pytest.raises(ValueError, match=r"fixed_phrases\(\): min_count must be in \[1, inf\]"):
            tm.fixed_phrases(TURNS, min_count=0)


# --------------------------------------------------------------------------- trends
class TestTermTrends:
    def test_hand_counts(self) -> None:
        t = tm.term_trends(TURNS, ["internal affairs", "cooperation"])
        assert t["period"].dt.strftime("%Y-%m").tolist() == [
            "2019-01", "2019-01", "2019-02", "2019-02", "2019-03", "2019-03"]
        assert t["count"].tolist() == [1, 1, 1, 3, 1, 0]
        assert t["n_words"].tolist() == [24, 24, 24, 24, 7, 7]
        assert t["n_transcripts"].tolist() == [1, 1, 1, 1, 1, 1]
        assert t["per_1000"].tolist() == pytest.approx([1000 / 24, 1000 / 24, 1000 / 24, 3000 / 24, 1000 / 7, 0.0])

    @pytest.mark.parametrize("freq,n_periods", [("day", 3), ("week", 3), ("month", 3), ("quarter", 1), ("year", 1)])
    def test_freq(self, freq, n_periods) -> None:
        t = tm.term_trends(TURNS, "china", freq=freq)
        assert t["period"].nunique() == n_periods
        assert t["count"].sum() == 4

    def test_by_group(self) -> None:
        t = tm.term_trends(TURNS, "firm*", by="role", freq="year")
        assert t[["role", "count", "n_words"]].values.tolist() == [["official", 1, 32], ["questioner", 3, 23]]

    def test_undated_turns_left_out(self) -> None:
        turns = TURNS.assign(date=TURNS["date"].where(TURNS.index != 4))
        assert tm.term_trends(turns, "affairs", freq="year")["count"].tolist() == [2]

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"term_trends\(\): freq must be one of"):
            tm.term_trends(TURNS, "china", freq="decade")
        with pytest.raises(ValueError, match=r"term_trends\(\): turns has no column\(s\) 'date'"):
            tm.term_trends(TURNS.drop(columns="date"), "china")
        with pytest.raises(ValueError, match="terms must name at least one"):
            tm.term_trends(TURNS, [])


# --------------------------------------------------------------------------- KWIC
class TestKwic:
    def test_word(self) -> None:
        k = tm.kwic(TURNS, "cooperation", window=2)
        assert k.columns.tolist() == ["pattern", "transcript_id", "date", "speaker", "role", "turn_index", "path",
                                      "line", "left", "match", "right", "start", "end"]
        assert k["match"].tolist() == ["Cooperation", "cooperation", "cooperation", "cooperation"]
        # two words either side, punctuation kept; the turn's end is reached in the first and last lines
        assert k["left"].tolist() == ["internal affairs.", "hope for", "for cooperation,", "and more"]
        assert k["right"].tolist() == ["is win-win.", ", cooperation and", "and more", "."]
        r = k.iloc[1]
        assert TURNS["text"][2][r["start"]:r["end"]] == "cooperation"
        assert k["path"].isna().all() and k["line"].isna().all()

    def test_phrase_wildcard_case(self) -> None:
        k = tm.kwic(TURNS, "internal affairs")
        assert k["match"].tolist() == ["internal affairs", "Internal affairs", "internal affairs"]
        assert tm.kwic(TURNS, "firm*")["match"].tolist() == ["firmly", "firms", "FIRMS", "firmly"]
        assert tm.kwic(TURNS, "firm*", lowercase=False)["match"].tolist() == ["firmly", "firms", "firmly"]
        assert tm.kwic(TURNS, "hong k?ng")["match"].tolist() == ["Hong Kong"]
        assert tm.kwic(TURNS, "china's internal")["match"].tolist() == ["China's internal", "China's internal"]

    def test_lemmas(self) -> None:
        assert tm.kwic(TURNS, "firm", lemmas=True)["match"].tolist() == ["firms", "FIRMS"]

    def test_several_patterns_in_text_order(self) -> None:
        k = tm.kwic(TURNS, ["affairs", "china"])
        assert k.loc[k["transcript_id"] == "t3", "match"].tolist() == ["affairs", "China", "affairs"]

    def test_window_zero_and_no_match(self) -> None:
        k = tm.kwic(TURNS, "trade", window=0)
        assert (k["left"] == "").all() and (k["right"] == "").all()
        assert tm.kwic(TURNS, "sovereignty").empty

    def test_counts_agree_with_trends(self) -> None:
        for pat in ["internal affairs", "firm*", "cooperation"]:
            assert len(tm.kwic(TURNS, pat)) == tm.term_trends(TURNS, pat)["count"].sum()

    def test_html_escapes(self) -> None:
        turns = pd.DataFrame({"transcript_id": ["<t>"], "speaker": ["A & B"],
                              "text": ["He said <script>alert('x')</script> trade & \"tariffs\"."]})
        html = tm.kwic_html(tm.kwic(turns, "trade"))
        assert "<script>" not in html and "&lt;script&gt;" in html
        assert "A &amp; B" in html and "&lt;t&gt;" in html
        assert html.startswith('<table class="kwic">')
        many = tm.kwic_html(tm.kwic(TURNS, "china"), max_rows=2)
        assert "2 more lines" in many

    def test_errors(self) -> None:
        with pytest.raises(ValueError, match=r"kwic\(\): window must be in \[0, inf\]"):
            tm.kwic(TURNS, "china", window=-1)
        with pytest.raises(ValueError, match=r"kwic\(\): pattern '\.\.\.' contains no word"):
            tm.kwic(TURNS, "...")
        with pytest.raises(TypeError, match=r"kwic\(\): pattern must be str"):
            tm.kwic(TURNS, [3])


# A turn opened by a label alone on its line, with a direction-only paragraph and two blank
# lines inside it, a wrapped paragraph, a question wrapped around a direction: lines 1-17.
BRIEF = """Regular Press Conference on May 6, 2019

Lu Kang:

Good afternoon. Sovereignty first.

(The spokesperson paused.)


We uphold sovereignty and the wrapped
line mentions sovereignty again
and ends here.

Q: Is sovereignty negotiable? (Laughter) Really,
truly negotiable?

Lu Kang: No. Sovereignty is not.
"""


class TestKwicSourceLines:
    @pytest.fixture(scope="class")
    def small(self, tmp_path_factory):
        folder = tmp_path_factory.mktemp("kwic")
        (folder / "brief.txt").write_text(BRIEF, encoding="utf-8")
        return load_corpus(folder)

    @pytest.mark.parametrize("source", ["corpus", "turns", "paragraphs"])
    def test_exact_lines(self, small, source) -> None:
        data = {"corpus": small, "turns": small.turns(), "paragraphs": small.paragraphs()}[source]
        k = tm.kwic(data, ["sovereignty", "truly"])
        assert k["line"].tolist() == [5, 10, 11, 14, 15, 17]
        assert k["match"].tolist() == ["Sovereignty", "sovereignty", "sovereignty", "sovereignty", "truly",
                                       "Sovereignty"]
        lines = BRIEF.split("\n")
        assert all(m in lines[n - 1] for m, n in zip(k["match"], k["line"]))

    def test_lines_found_in_the_file_without_parsing_it(self, tmp_path, monkeypatch) -> None:
        """A row whose paragraphs the file has word for word (lines joined by spaces) gets its
        lines from the file's text; the parser runs only for rows it cannot find that way."""
        kwic_module = importlib.import_module("analysis.terms.kwic")  # the package exports the function by that name

        plain = "Briefing\n\nLu Kang:\n\nSovereignty first,\nand sovereignty\nlast.\n\nQ: Is sovereignty\nnegotiable?\n"
        (tmp_path / "plain.txt").write_text(plain, encoding="utf-8")
        turns = load_corpus(tmp_path).turns()
        kwic_module._page_paragraphs.cache_clear()
        calls = []
        real = kwic_module._page_paragraphs
        monkeypatch.setattr(kwic_module, "_page_paragraphs", lambda *a: calls.append(a) or real(*a))
        k = tm.kwic(turns, "sovereignty")
        assert k["line"].tolist() == [5, 6, 9] and not calls
        lines = plain.split("\n")
        assert all(m.lower() in lines[n - 1].lower() for m, n in zip(k["match"], k["line"]))
        # a row the file does not have word for word (a stage direction taken out) is parsed
        (tmp_path / "plain.txt").write_text(plain.replace("Is sovereignty\n", "Is sovereignty (Laughter)\n"), encoding="utf-8")
        k = tm.kwic(load_corpus(tmp_path).turns(), "sovereignty")
        assert k["line"].tolist() == [5, 6, 9] and len(calls) >= 1

    def test_turn_lines_point_at_labels(self, small) -> None:
        # what made counting line breaks in the text wrong: the turn starts at its label
        turns = small.turns()
        assert turns["line"].tolist() == [3, 14, 17]
        assert turns["text"][0].count("\n") == 2

    def test_unreadable_file_falls_back_to_the_row_line(self, small) -> None:
        turns = small.turns().assign(path="no/such/file.txt")
        k = tm.kwic(turns, "sovereignty")
        assert k["line"].tolist() == [3, 5, 5, 14, 17]  # row line + line breaks before the match
        assert (k["path"] == "no/such/file.txt").all()


def _regex_word_spans(text: str) -> list[tuple[int, int]]:
    """The reference: the spans kwic took before it read the text layer (every match of the
    token pattern that is a word)."""
    import re

    from analysis.text import TOKEN_PATTERN, is_word

    return [m.span() for m in re.finditer(TOKEN_PATTERN, text) if is_word(m.group())]


def _squash(s: str) -> str:
    return " ".join(s.split())


class TestKwicOnTheTextLayer:
    """KWIC reads its words' character spans off the token table: the lines are those the
    regular expression gave (English), and Chinese text, which the expression cut into one
    token per run of Han characters, gets lines at all."""

    @pytest.mark.parametrize("pattern,window", [("sovereignty", 5), ("china's", 5), ("hong kong", 3), ("firm*", 5),
                                                ("don't", 0), ("china's internal affairs", 2), ("the", 1)])
    def test_lines_equal_the_regex_spans(self, corpus, pattern, window) -> None:
        turns = corpus.turns()
        k = tm.kwic(turns, pattern, window=window)
        assert len(k) >= 100
        texts = turns["text"].fillna("").astype(str).tolist()
        row_of = {(t, i): r for r, (t, i) in enumerate(zip(turns["transcript_id"], turns["turn_index"]))}
        for line in k.itertuples():
            text = texts[row_of[(line.transcript_id, line.turn_index)]]
            spans = _regex_word_spans(text)
            i = [a for a, _ in spans].index(line.start)
            n = len(line.match.split()) if "'" not in line.match else len(_regex_word_spans(line.match))
            lo = spans[i - window][0] if window and i - window > 0 else (0 if window else line.start)
            last = i + n - 1 + window
            hi = spans[last][1] if window and last < len(spans) - 1 else (len(text) if window else line.end)
            assert line.left == _squash(text[lo:line.start]) and line.match == text[line.start:line.end]
            assert line.right == _squash(text[line.end:hi])

    def test_chinese_text(self) -> None:
        turns = pd.DataFrame({"text": ["我们坚决反对外部势力干涉中国内政。香港事务纯属中国内政。",
                                       "Hong Kong affairs are China's internal affairs."]})
        k = tm.kwic(turns, "内政", window=2)  # an IndexError before: the regex saw one word per Han run
        assert k[["left", "match", "right", "start", "end"]].values.tolist() == [
            ["干涉中国", "内政", "。香港事务", 14, 16], ["纯属中国", "内政", "。", 25, 27]]
        assert tm.kwic(turns, "香港")[["match", "start"]].values.tolist() == [["香港", 17]]
        assert len(tm.kwic(turns, "内政")) == tm.term_frequencies(turns, docs=None).set_index("term").loc["内政", "count"]


class TestOnCorpus:
    def test_every_word_of_the_turns_points_at_its_line(self, corpus) -> None:
        turns = corpus.turns()
        k = tm.kwic(turns, "*", window=0)
        assert len(k) == turns["n_words"].sum()
        files = {p: read_text(REPO / p)[0].split("\n") for p in k["path"].unique()}
        bad = [(p, n, m) for p, n, m in zip(k["path"], k["line"], k["match"]) if m not in files[p][n - 1]]
        assert not bad, bad[:10]
        # every paragraph with a word is hit, at its own line (two turns can share a line: "... your
        # comment? Lu Kang: ..." is a question and the answer that starts on its line)
        lines = corpus.paragraphs().query("n_words > 0").drop_duplicates(["path", "line"])
        assert len(k.drop_duplicates(["path", "line"])) == len(lines)

    def test_corpus_and_frame_give_the_same_lines(self, corpus) -> None:
        pats = ["internal affairs", "firm*", "thank*"]
        a = tm.kwic(corpus, pats)
        b = tm.kwic(corpus.turns(), pats)
        pd.testing.assert_frame_equal(a, b)
        c = tm.kwic(corpus.paragraphs(), pats)
        key = ["path", "line", "match"]
        assert sorted(map(tuple, a[key].values.tolist())) == sorted(map(tuple, c[key].values.tolist()))

    def test_kwic_on_paragraphs_gives_exact_lines(self, corpus) -> None:
        k = tm.kwic(corpus.paragraphs(), "internal affairs")
        for r in k.head(40).itertuples():
            lines = (REPO / r.path).read_text(encoding="utf-8-sig").splitlines()
            assert r.match in lines[r.line - 1]

    def test_trend_counts_trace_to_kwic(self, corpus) -> None:
        turns = corpus.turns()
        dated = turns[turns["date"].notna()]
        for pat in ["hong kong", "epidemic"]:
            assert tm.term_trends(turns, pat)["count"].sum() == len(tm.kwic(dated, pat))

    def test_keyness_counts_trace_to_kwic(self, corpus) -> None:
        turns = corpus.turns()
        k = tm.keyness(turns, "official", "questioner")
        top = k.iloc[0]
        lines = tm.kwic(turns, top["term"])
        assert (lines["role"] == "official").sum() == top["count_target"]
        assert (lines["role"] == "questioner").sum() == top["count_reference"]

    def test_frequencies_scale(self, corpus) -> None:
        f = tm.term_frequencies(corpus, by=["transcript_id", "speaker"])
        turns = corpus.turns()
        assert f.drop_duplicates(["transcript_id", "speaker"])["n_words"].sum() == turns["n_words"].sum()
        assert Path(DEFAULT_CORPUS).exists()
