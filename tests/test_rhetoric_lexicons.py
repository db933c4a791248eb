"""Lexicons and dictionary matching: file formats, wildcards, multi-word entries, exact counts."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from analysis.corpus import load_corpus
from analysis.rhetoric import BUILTIN_LEXICONS, dictionary_counts, load_lexicon, match_dictionary
from analysis.text import LEXICON_DIR, normalize_token, tokenize


def _turns(texts, roles=None):
    return pd.DataFrame({"transcript_id": "t", "turn_index": range(len(texts)), "speaker": "S",
                         "role": roles or ["official"] * len(texts), "text": texts})


class TestLoadLexicon:
    def test_mapping(self):
        assert load_lexicon({"a": "x", "b": ["y", "z", "y"]}) == {"a": ("x",), "b": ("y", "z")}

    @pytest.mark.parametrize("name", BUILTIN_LEXICONS)
    def test_builtin_files_have_source_and_categories(self, name):
        path = LEXICON_DIR / f"{name}.txt"
        head = [x for x in path.read_text(encoding="utf-8").splitlines() if x.startswith("#")]
        text = " ".join(head)
        assert re.search(r"(Source|Rationale):", text), "header must give the source or rationale"
        assert re.search(r"\(\d{4}\)", text), "header must cite a dated reference"
        lex = load_lexicon(name)
        assert lex and all(len(v) > 0 for v in lex.values())

    def test_builtin_categories(self):
        assert list(load_lexicon("modality")) == ["obligation", "certainty", "possibility"]
        assert list(load_lexicon("frames")) == ["struggle", "building", "journey", "body"]
        assert list(load_lexicon("pronouns")) == ["we", "i", "you", "they"]

    def test_text_file(self, tmp_path):
        p = tmp_path / "mine.txt"
        p.write_text("# my lexicon\n[war]\nbattle*  # any battle\nfront line\n\n[peace]\nharmony\n", encoding="utf-8")
        assert load_lexicon(p) == {"war": ("battle*", "front line"), "peace": ("harmony",)}

    def test_liwc_dic(self, tmp_path):
        p = tmp_path / "mini.dic"
        p.write_text("%\n1\twe\n2\tsocial\n%\nwe\t1\t2\nour*\t1\nfriend*\t2\n", encoding="utf-8")
        assert load_lexicon(p) == {"we": ("we", "our*"), "social": ("we", "friend*")}

    def test_entry_before_category(self, tmp_path):
        p = tmp_path / "bad.txt"
        p.write_text("# x\nbattle\n[war]\n", encoding="utf-8")
        with pytest.raises(ValueError, match=r"bad.txt, line 2: entry 'battle' comes before any '\[category\]'"):
            load_lexicon(p)

    def test_liwc_unknown_id(self, tmp_path):
        p = tmp_path / "bad.dic"
        p.write_text("%\n1\twe\n%\nwe\t7\n", encoding="utf-8")
        with pytest.raises(ValueError, match="category id '7' is not in the header"):
            load_lexicon(p)

    def test_unknown_name(self):
        with pytest.raises(ValueError, match=r"load_lexicon\(\): source must be one of hedges, .*got 'hedgez'"):
            load_lexicon("hedgez")

    def test_type(self):
        with pytest.raises(TypeError, match=r"load_lexicon\(\): source must be"):
            load_lexicon(3)

    def test_empty_entry(self):
        with pytest.raises(ValueError, match="category 'a' has an empty entry"):
            load_lexicon({"a": ["x", " "]})


DICT = {"war": ["battle*", "front line", "fight"], "body": ["nerve ending*", "backbone"], "us": ["=US"]}
TEXT = ("The battle on the front line is a battlefield; the Front Line holds. Battles, fights and a fight. "
        "Nerve endings and the backbone, the nerve ending. The US and us. A front-line post.")


class TestMatchDictionary:
    def test_exact_counts(self):
        m = match_dictionary(_turns([TEXT]), DICT)
        assert m.groupby("category").size().to_dict() == {"war": 6, "body": 3, "us": 1}
        assert m[m.category == "war"]["match"].tolist() == [
            "battle", "front line", "battlefield", "Front Line", "Battles", "fight"]
        assert m[m.category == "body"]["match"].tolist() == ["Nerve endings", "backbone", "nerve ending"]
        assert m[m.category == "us"]["match"].tolist() == ["US"]

    def test_spans_and_columns(self):
        m = match_dictionary(_turns([TEXT]), DICT)
        assert list(m.columns) == ["transcript_id", "turn_index", "speaker", "role", "lexicon", "category",
                                   "entry", "start", "end", "match"]
        assert all(TEXT[s:e] == x for s, e, x in zip(m["start"], m["end"], m["match"]))
        assert set(m["lexicon"]) == {"user"}
        assert m["start"].is_monotonic_increasing

    def test_longest_entry_wins_within_category(self):
        m = match_dictionary(_turns(["front line front"]), {"a": ["front", "front line"]})
        assert m["match"].tolist() == ["front line", "front"]
        assert m["entry"].tolist() == ["front line", "front"]

    def test_token_counts_in_each_category(self):
        m = match_dictionary(_turns(["the front line"]), {"a": ["front line"], "b": ["line"]})
        assert m[["category", "match"]].values.tolist() == [["a", "front line"], ["b", "line"]]

    def test_question_mark_wildcard(self):
        m = match_dictionary(_turns(["defence, defense, defenses"]), {"d": ["defen?e"]})
        assert m["match"].tolist() == ["defence", "defense"]

    def test_star_matches_empty_suffix(self):
        m = match_dictionary(_turns(["fight fights fighting fire"]), {"f": ["fight*"]})
        assert m["match"].tolist() == ["fight", "fights", "fighting"]

    def test_contractions(self):
        m = match_dictionary(_turns(["We won't and can't, but we'll."]), {"neg": ["won't", "can't"], "will": ["'ll"]})
        assert m[["category", "match"]].values.tolist() == [["neg", "won't"], ["neg", "can't"], ["will", "'ll"]]

    def test_case_sensitive_option(self):
        m = match_dictionary(_turns(["Battle and battle"]), {"w": ["battle"]}, case_sensitive=True)
        assert m["match"].tolist() == ["battle"]

    def test_punctuation_breaks_multiword(self):
        assert match_dictionary(_turns(["front, line"]), {"a": ["front line"]}).empty

    def test_file_source_named_by_stem(self, tmp_path):
        p = tmp_path / "struggle.txt"
        p.write_text("[war]\nbattle*\n", encoding="utf-8")
        assert match_dictionary(_turns(["battles"]), p)["lexicon"].tolist() == ["struggle"]

    def test_pronoun_us_is_not_the_us(self):
        m = match_dictionary(_turns(["The US told us. Us too."]), "pronouns")
        assert m[["category", "match"]].values.tolist() == [["we", "us"], ["we", "Us"]]

    def test_agrees_with_token_counter_for_plain_words(self):
        """Single-word entries without wildcards must count exactly the matching tokens."""
        turns = load_corpus("data/transcripts/seeds").turns()
        lex = load_lexicon("boosters")
        plain = {e for e in lex["boosters"] if " " not in e and "*" not in e and "?" not in e}
        m = match_dictionary(turns, {"b": sorted(plain)})
        counter = Counter(normalize_token(t) for text in turns["text"] for t in tokenize(text))
        assert len(m) == sum(counter[e] for e in plain) > 0

    def test_empty(self):
        m = match_dictionary(_turns([]), DICT)
        assert m.empty and "category" in m.columns


class TestDictionaryCounts:
    def test_by_role(self):
        t = _turns(["We fight the battle.", "No fight here? A fight!", "Nothing."],
                   roles=["official", "questioner", "questioner"])
        out = dictionary_counts(t, {"war": ["fight", "battle*"], "peace": ["harmony"]}, by="role")
        assert out.columns.tolist() == ["role", "lexicon", "category", "count", "n_words", "per_1000"]
        assert out[["role", "category", "count", "n_words"]].values.tolist() == [
            ["official", "war", 2, 4], ["official", "peace", 0, 4],
            ["questioner", "war", 2, 6], ["questioner", "peace", 0, 6]]
        assert out["per_1000"].tolist() == pytest.approx([500.0, 0.0, 2000 / 6, 0.0])

    def test_per_turn(self):
        t = _turns(["fight fight", ""])
        out = dictionary_counts(t, {"war": ["fight"]})
        assert out[["turn_index", "count", "n_words"]].values.tolist() == [[0, 2, 2], [1, 0, 0]]
        assert pd.isna(out["per_1000"].iloc[1])

    def test_conservation_with_matches(self):
        turns = load_corpus("data/transcripts/seeds").turns()
        counts = dictionary_counts(turns, "frames", by="speaker")
        assert counts["count"].sum() == len(match_dictionary(turns, "frames"))

    def test_missing_by_column(self):
        with pytest.raises(ValueError, match=r"dictionary_counts\(\): turns has no column\(s\) 'month'"):
            dictionary_counts(_turns(["x"]), "hedges", by="month")
