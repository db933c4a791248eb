"""Readability and lexical-diversity measures, each checked against a value a peer publishes.

Every expected number below is quoted from a peer's own test suite, documentation or issue
tracker, with the source named beside it. Where a peer's value rests on its own counting
(syllables, what a word or a character is), the formula is checked with the peer's counts
(``readability_from_counts``, or the peer's token list) and the text itself only where our
counts are the peer's (asserted alongside).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import hypergeom

from analysis.corpus import load_corpus
from analysis.rhetoric import (
    DIVERSITY_MEASURES,
    READABILITY_MEASURES,
    automated_readability_index,
    coleman_liau_index,
    cttr,
    dale_chall,
    dugast_u,
    flesch_reading_ease,
    guiraud_r,
    gunning_fog,
    hdd,
    herdan_c,
    herdan_vm,
    lexical_diversity,
    lix,
    maas,
    mattr,
    msttr,
    mtld,
    mtld_ma_bi,
    readability,
    readability_from_counts,
    simpson_d,
    smog_index,
    summer_s,
    syllable_count,
    ttr,
    yule_i,
    yule_k,
)
from analysis.rhetoric import diversity as div_mod
from analysis.rhetoric.readability import _text_counts
from analysis.text import tokenize_texts

SEEDS = "data/transcripts/seeds"


@pytest.fixture(scope="module")
def seeds():
    return load_corpus(SEEDS).turns()


# --- syllables of dotted initialisms ----------------------------------------------------------
class TestInitialismSyllables:
    """A dotted initialism is read letter by letter: "P.R.C." is "pee-ar-see", three syllables."""

    @pytest.mark.parametrize("word,n", [("P.R.C.", 3), ("D.P.R.K.", 4), ("T.V.", 2), ("K.P.", 2),
                                        ("W.H.O.", 5), ("i.e.", 2), ("p.r.c", 3)])
    def test_letter_by_letter(self, word, n):
        assert syllable_count(word) == n

    @pytest.mark.parametrize("word,n", [("U.S.", 2), ("U.S.A.", 3), ("a.m.", 2), ("W", 3), ("D.C.", 2)])
    def test_dictionary_entries_unchanged(self, word, n):
        assert syllable_count(word) == n

    def test_in_a_text(self):
        assert _text_counts("The P.R.C. and the D.P.R.K. were on T.V.")["n_syllables"] == 1 + 3 + 1 + 1 + 4 + 1 + 1 + 2


# --- readability: published values --------------------------------------------------------------
# textstat's test texts (textstat/textstat, tests/backend/resources.py) and its expected values
# (tests/backend/metrics/test_*.py).
TS_SHORT = "Cool dogs wear da sunglasses."
TS_EASY = ("Anna and her family love doing puzzles. Anna is best at little puzzles. Anna and her brother work on "
           "medium size puzzles together. Anna's Brother likes puzzles with cars in them. When the whole family does "
           "a puzzle, they do really big puzzles. It can take them a week to finish a really big puzzle. Last year "
           "they did a puzzle with 500 pieces! Anna tries to finish one small puzzle a day by her. Her puzzles have "
           "about 50 pieces. They all glue their favorite puzzles together and frame them. The puzzles look so nice "
           "on the wall.")
# Coleman & Liau's (1975) abstract, the text of Voyant Tools' test (voyanttools/trombone,
# ColemanLiauIndexTest.java: EXPECTED_COLEMAN_LIAU_INDEX = 14.53042016806722).
CL_ABSTRACT = ("Existing computer programs that measure readability are based largely upon subroutines which "
               "estimate number of syllables, usually by counting vowels. The shortcoming in estimating syllables is "
               "that it necessitates keypunching the prose into the computer. There is no need to estimate syllables "
               "since word length in letters is a better predictor of readability than word length in syllables. "
               "Therefore, a new readability formula was computed that has for its predictors letters per 100 words "
               "and sentences per 100 words. Both predictors can be counted by an optical scanning device, and thus "
               "the formula makes it economically feasible for an organization such as the U.S. Office of Education "
               "to calibrate the readability of all textbooks for the public school system.")
# Dale & Chall's (1948) second worked example, from quanteda.textstats' test-textstat_readability.R
# ("Test Dale-Chall readability"): 131 words, 9 sentences, 20 unfamiliar words, Dale.Chall.old 6.7490.
DC2 = """Diphtheria used to kill many babies. Today no child need die of
diphtheria.  It is one of the diseases for which we have very good treatment
and almost sure prevention. But your baby will not be safe from this disease
unless he has been protected by immunization. The way to protect your baby is
simple. Physicians usually give injections of three doses of toxoid, three to
four weeks apart, generally beginning when a baby is about six months old.
Your doctor will tell you that your baby should have this protection before
his first birthday. Six months after the last injection of toxoid, the
physician may test your baby to see if another dose of toxoid is necessary.
Before the child enters school an extra shot of toxoid is often given."""
DC2_UNFAMILIAR = {"diphtheria", "diseases", "treatment", "prevention", "disease", "immunization", "physicians",
                  "usually", "injections", "doses", "toxoid", "protection", "injection", "physician", "dose",
                  "necessary"}
# Dale & Chall's first worked example (same quanteda test): 132 words, six unfamiliar words,
# under 5% of the words, so no 3.6365 is added: Dale.Chall.old + 3.6365 = 5.3684 (tolerance 0.1).
DC1 = """A happy, useful life - that's what you want for your baby, isn't it? And because
a healthy mind and body are so necessary to happiness and long life, you must
do all you can to get your baby off to a good start. There is much you can do
while he is still a baby to lay the foundation for good health and good health
habits. Many things affect your baby's health. One was the state of your own
health during pregnancy, and the special care your doctor gave you before the
baby was born. Other things important to your child's health are food,
clothes, baths, sleep, and habit training. A baby needs a clean, happy place
to live, and he must be kept from having any sickness that can be prevented."""
DC1_UNFAMILIAR = {"necessary", "foundation", "affect", "pregnancy", "special", "prevented"}


def _familiar(text, unfamiliar):
    return {w for toks in tokenize_texts([text]) for w in toks} - unfamiliar


class TestReadabilityPublished:
    def test_quanteda_flesch_and_fog(self):
        # quanteda.textstats test-textstat_readability.R, "readability count is ok": Flesch 103
        # (tolerance 1%), FOG 2.8; 7 words, 8 syllables ("breakfast" has two), no polysyllable
        t = "The cat in the hat ate breakfast."
        c = _text_counts(t)
        assert (c["n_words"], c["n_syllables"], c["n_polysyllables"]) == (7, 8, 0)
        assert flesch_reading_ease(t) == pytest.approx(103, rel=0.01)
        assert gunning_fog(t) == pytest.approx(2.8)

    @pytest.mark.parametrize("text,flesch", [("The cat in the hat at green ham and eggs.", 112.085),
                                             ("Once upon a time.", 97.025)])
    def test_quanteda_flesch_exact(self, text, flesch):
        # quanteda.textstats test "man/textstat_readability returns NA for empty documents"
        assert flesch_reading_ease(text) == pytest.approx(flesch, abs=1e-9)

    def test_textstat_short_text(self):
        # textstat tests: gunning_fog 10.0, smog_index 8.842, lix 25.0 for "Cool dogs wear da sunglasses."
        c = _text_counts(TS_SHORT)
        assert (c["n_words"], c["n_sentences"], c["n_polysyllables"], c["n_long_words"]) == (5, 1, 1, 1)
        assert gunning_fog(TS_SHORT) == pytest.approx(10.0)
        assert round(smog_index(TS_SHORT), 3) == 8.842
        assert lix(TS_SHORT) == pytest.approx(25.0)

    def test_textstat_easy_text(self):
        # textstat tests: lix 22.131, smog_index 7.348 (11 sentences, 99 words, 13 long words, 6 polysyllables:
        # family twice, medium, together twice, favorite)
        assert readability_from_counts({"n_words": 99, "n_sentences": 11, "n_long_words": 13}, "lix")["lix"] \
            == pytest.approx(22.131, abs=5e-4)
        assert readability_from_counts({"n_sentences": 11, "n_polysyllables": 6}, "smog")["smog_index"] \
            == pytest.approx(7.348, abs=5e-4)
        c = _text_counts(TS_EASY)
        assert (c["n_words"], c["n_sentences"], c["n_long_words"], c["n_polysyllables"]) == (99, 11, 13, 6)
        assert round(lix(TS_EASY), 3) == 22.131
        assert round(smog_index(TS_EASY), 3) == 7.348

    def test_textstat_ari_with_its_character_count(self):
        # textstat test: automated_readability_index 4.62 for "Cool dogs wear da sunglasses.": textstat counts
        # the full stop among the characters (25); the suite counts letters and digits (24), as quanteda does
        assert readability_from_counts({"n_words": 5, "n_sentences": 1, "n_characters": 25}, "ARI") == \
            {"automated_readability_index": pytest.approx(4.62, abs=5e-4)}
        assert automated_readability_index(TS_SHORT) == pytest.approx(4.71 * 24 / 5 + 0.5 * 5 - 21.43)

    def test_coleman_liau_voyant(self):
        # Voyant Tools (trombone) ColemanLiauIndexTest: 14.53042016806722 on Coleman & Liau's abstract
        c = _text_counts(CL_ABSTRACT)
        assert (c["n_words"], c["n_sentences"], c["n_characters"]) == (119, 5, 639)
        assert readability_from_counts({"n_words": 119, "n_sentences": 5, "n_characters": 639},
                                       "coleman_liau_index")["coleman_liau_index"] == pytest.approx(14.53042016806722)
        assert coleman_liau_index(CL_ABSTRACT) == pytest.approx(14.53042016806722)

    def test_dale_chall_worked_example_2(self):
        # quanteda.textstats test: Dale.Chall.old 6.7490 with tolerance 0.02 (relative), on 131 words, 9
        # sentences, 20 unfamiliar words
        got = readability_from_counts({"n_words": 131, "n_sentences": 9, "n_unfamiliar": 20}, "Dale.Chall.old")
        assert got["dale_chall"] == pytest.approx(6.7490, rel=0.02)
        out = readability(pd.DataFrame({"text": [DC2]}), measures="all", familiar_words=_familiar(DC2, DC2_UNFAMILIAR))
        row = out.iloc[0]
        assert (row["n_words"], row["n_sentences"], row["n_unfamiliar"]) == (131, 9, 20)
        assert row["dale_chall"] == pytest.approx(got["dale_chall"])

    def test_dale_chall_constant_only_above_five_percent(self):
        # quanteda.textstats test: Dale.Chall.old + 3.6365 = 5.3684 (tolerance 0.1) for 6 of 132 words
        familiar = _familiar(DC1, DC1_UNFAMILIAR)
        c = _text_counts(DC1, frozenset(familiar))
        assert (c["n_words"], c["n_unfamiliar"]) == (132, 6)
        assert dale_chall(DC1, familiar) + 3.6365 == pytest.approx(5.3684, rel=0.1)
        assert dale_chall(DC1, familiar) == pytest.approx(0.1579 * 600 / 132 + 0.0496 * 132 / c["n_sentences"])


class TestReadabilityTable:
    def test_default_table_unchanged(self, seeds):
        assert list(readability(seeds).columns) == ["transcript_id", "turn_index", "speaker", "role", "n_sentences",
                                                    "n_words", "n_syllables", "words_per_sentence",
                                                    "syllables_per_word", "flesch_reading_ease",
                                                    "flesch_kincaid_grade"]

    def test_all_measures_equal_the_text_functions(self, seeds):
        t = seeds.head(60)
        out = readability(t, measures="all")
        assert list(out.columns[-7:]) == list(READABILITY_MEASURES[:7])
        default = readability(t)
        pd.testing.assert_frame_equal(out[default.columns], default, check_exact=True)
        funcs = {"gunning_fog": gunning_fog, "smog_index": smog_index, "coleman_liau_index": coleman_liau_index,
                 "automated_readability_index": automated_readability_index, "lix": lix,
                 "flesch_reading_ease": flesch_reading_ease}
        for text, (_, row) in zip(t["text"], out.iterrows()):
            for name, f in funcs.items():
                assert row[name] == pytest.approx(f(text), nan_ok=True), name

    def test_groups_use_summed_counts(self, seeds):
        per_turn = readability(seeds, measures=["smog", "LIW", "ari"])
        group = readability(seeds, by="role", measures=["smog", "LIW", "ari"]).set_index("role")
        sums = per_turn.groupby("role")[["n_words", "n_sentences", "n_characters", "n_polysyllables",
                                         "n_long_words"]].sum()
        pd.testing.assert_frame_equal(group[sums.columns], sums, check_dtype=False)
        want = readability_from_counts(sums, "all")
        for m in ("smog_index", "lix", "automated_readability_index"):
            assert np.allclose(group[m], want[m])

    def test_measure_names_and_errors(self, seeds):
        out = readability(seeds.head(3), measures=["FOG", "gunning_fog", "Coleman.Liau.short"])
        assert list(out.columns[-2:]) == ["gunning_fog", "coleman_liau_index"]
        with pytest.raises(ValueError, match=r"readability\(\): unknown readability measure 'Coleman.Liau'"):
            readability(seeds.head(3), measures="Coleman.Liau")
        with pytest.raises(ValueError, match=r"dale_chall needs a word list: no Dale-Chall word list is shipped"):
            readability(seeds.head(3), measures="dale_chall")
        assert "dale_chall" not in readability(seeds.head(3), measures="all").columns
        with pytest.raises(TypeError, match=r"familiar_words must be a collection"):
            dale_chall("A cat.", "cat")

    def test_familiar_words_file(self, tmp_path):
        path = tmp_path / "familiar.txt"
        path.write_text("# my list\nthe cat\nsat on\n", encoding="utf-8")
        assert dale_chall("The cat sat on the mat.", path) == dale_chall("The cat sat on the mat.",
                                                                         {"the", "cat", "sat", "on"})

    def test_no_words_is_nan(self):
        out = readability(pd.DataFrame({"text": ["", "..."]}), measures="all")
        assert out[list(READABILITY_MEASURES[:7])].isna().all().all()
        assert math.isnan(smog_index("")) and math.isnan(lix("!"))


# --- lexical diversity: published values ----------------------------------------------------------
# LexicalRichness 0.5.1, README (PyPI description), "Quickstart": the tokens its default tokenizer
# makes of the README's text (lower-cased, digits and hyphens removed, punctuation as spaces).
LR_README = ("measure of textual lexical diversity computed as the mean length of sequential words in a text that "
             "maintains a minimum threshold ttr score iterates over words until ttr scores falls below a threshold "
             "then increase factor counter by and start over mccarthy and jarvis pg recommends a factor threshold "
             "in the range of mccarthy mccarthy and jarvis").split()
# LexicalRichness tests/test_lexicalrichness.py: its tokens of "TEST text with some text numbers 42,
# hyphen-here, and text punctuations."
LR_TEST = "test text with some text numbers hyphenhere and text punctuations".split()
# lexical_diversity 0.1.1 (Kyle), README: ld.flemmatize() of its Colorado text (Wikipedia), 180 tokens.
KYLE_FLT = """the state be name for the colorado river which spanish travelers name the río colorado for the ruddy
silt the river carry from the mountain the territory of colorado be organize on february 28 1861 and
on august 1 1876 us president ulysses s grant sign proclamation 230 admit colorado to the union as
the 38th state colorado be nickname the "centennial state" because it become a state a century after
the sign of the unite state declaration of independence colorado be border by wyoming to the north
nebraska to the northeast kansas to the east oklahoma to the southeast new mexico to the south utah
to the west and touch arizona to the southwest at the four corner colorado be note for its vivid
landscape of mountain forest high plain mesas canyon plateau river and desert land colorado be part
of the western or southwestern unite state and one of the mountain state denver be the capital and
most populous city of colorado resident of the state be know as coloradans although the antiquated
term "coloradoan" be occasionally use""".split()
# quanteda.textstats issue #46 ("Yule's K computation"): quanteda's row for k1 and koRpus's K.
K1 = "a b c d d e e f f f".split()
K2 = "a b c d d e e f f f g g g g".split()


class TestLexicalRichnessReadme:
    def test_counts(self):
        assert (len(LR_README), len(set(LR_README))) == (57, 39)

    @pytest.mark.parametrize("func,kwargs,want", [
        (ttr, {}, 0.6842105263157895), (guiraud_r, {}, 5.165676192553671), (cttr, {}, 3.6526846651686067),
        (msttr, {"segment": 25}, 0.88), (mattr, {"window": 25}, 0.8351515151515151),
        (mtld, {"threshold": 0.72}, 46.79226361031519), (hdd, {"draws": 42}, 0.7468703323966486),
        (herdan_c, {}, 0.9061378160786574), (summer_s, {}, 0.9294460323356605), (dugast_u, {}, 43.074336212149774),
        (maas, {}, 0.023215679867353005), (yule_k, {}, 153.8935056940597), (yule_i, {}, 22.36764705882353),
        (herdan_vm, {}, 0.08539428890448784), (simpson_d, {}, 0.015664160401002505)])
    def test_value(self, func, kwargs, want):
        assert func(LR_README, **kwargs) == pytest.approx(want, rel=1e-12)


class TestLexicalRichnessTests:
    @pytest.mark.parametrize("func,kwargs,want", [
        (ttr, {}, 0.8), (guiraud_r, {}, 2.5298221281347035), (cttr, {}, 1.7888543819998317),
        (herdan_c, {}, 0.9030899869919434), (summer_s, {}, 0.8777828395738175), (dugast_u, {}, 23.760032854423635),
        (maas, {}, 0.04208748389057132), (mattr, {"window": 5}, 0.9), (hdd, {"draws": 5}, 0.8833333333333332)])
    def test_value(self, func, kwargs, want):
        assert func(LR_TEST, **kwargs) == pytest.approx(want, rel=1e-12)

    def test_msttr_keeps_full_segments(self):
        # msttr(segment_window=5, discard=False) == 0.9: two full segments (4/5 and 5/5). With discard=True
        # LexicalRichness drops the last segment even when it is full (0.8); quanteda and lexical_diversity
        # keep every full segment, as the suite does
        assert msttr(LR_TEST, segment=5) == pytest.approx(0.9)


class TestLexicalDiversityReadme:
    """Kyle's lexical_diversity: log base 10 (``log_ttr``, ``maas_ttr``), segments and windows of 50."""

    def test_length(self):
        assert len(KYLE_FLT) == 180

    @pytest.mark.parametrize("func,kwargs,want", [
        (ttr, {}, 0.5777777777777777), (guiraud_r, {}, 7.751702321999271), (herdan_c, {}, 0.8943634681549878),
        (maas, {"log_base": 10}, 0.04683980831849556), (msttr, {}, 0.7133333333333333),
        (msttr, {"segment": 25}, 0.7885714285714285), (mattr, {}, 0.7206106870229007),
        (mattr, {"window": 25}, 0.7961538461538458), (hdd, {}, 0.7346993253061275),
        (mtld_ma_bi, {}, 35.46626265150569)])
    def test_value(self, func, kwargs, want):
        assert func(KYLE_FLT, **kwargs) == pytest.approx(want, rel=1e-11)


class TestQuanteda:
    """quanteda.textstats tests/testthat/test-textstat_lexdiv.R (log.base = 10 there)."""

    D1, D2 = "b a b a b a b a".split(), "a a b b".split()

    def test_ttr_cttr_r_c(self):
        assert [ttr(self.D1), ttr(self.D2)] == [0.25, 0.5]
        assert [cttr(self.D1), cttr(self.D2)] == pytest.approx([2 / math.sqrt(16), 2 / math.sqrt(8)])
        assert [guiraud_r(self.D1), guiraud_r(self.D2)] == pytest.approx([2 / math.sqrt(8), 1.0])
        assert [herdan_c(self.D1), herdan_c(self.D2)] == pytest.approx([math.log10(2) / math.log10(8), 0.5])

    def test_maas_is_the_root_of_a2_in_base_10(self):
        want = math.sqrt((math.log10(8) - math.log10(2)) / math.log10(8) ** 2)
        assert math.sqrt(maas(self.D1, log_base=10)) == pytest.approx(want)

    def test_yule_i(self):
        assert yule_i("a a b b c".split()) == pytest.approx(3 ** 2 / ((1 + 2 * 2 ** 2) - 3))
        assert math.isnan(yule_i("a b c".split()))  # quanteda gives 0 where no type repeats

    def test_single_document(self):
        # "one one two one one two one": TTR 0.286, C 0.356 (tolerance 0.01)
        toks = "one one two one one two one".split()
        assert ttr(toks) == pytest.approx(0.286, abs=0.001) and herdan_c(toks) == pytest.approx(0.356, abs=0.001)

    def test_msttr(self):
        toks = "apple orange apple orange pear pear apple orange".split()
        assert msttr(toks, segment=2) == pytest.approx((2 / 2 + 2 / 2 + 1 / 2 + 2 / 2) / 4)
        assert msttr(toks, segment=3) == pytest.approx((2 / 3 + 2 / 3) / 2)
        assert msttr(toks, segment=4) == pytest.approx((2 / 4 + 3 / 4) / 2)
        assert msttr(toks, segment=8) == ttr(toks)

    def test_mattr(self):
        toks = "one one two one one two one".split()
        assert mattr(toks, window=2) == pytest.approx((1 / 2 + 1 + 1 + 1 / 2 + 1 + 1) / 6)
        assert mattr(toks, window=3) == pytest.approx(2 / 3)

    def test_issue_46_row(self):
        # quanteda's printed row for k1 (log base 10): C 0.7781513, R 1.897367, CTTR 1.341641, U 4.507576, S -Inf,
        # I 2.571429, D 0.1111111, Vm 0.1825742, Maas 0.4710082; koRpus K 1000 (quanteda's 2000 then was the bug)
        assert herdan_c(K1) == pytest.approx(0.7781513, abs=5e-8)
        assert guiraud_r(K1) == pytest.approx(1.897367, abs=5e-7)
        assert cttr(K1) == pytest.approx(1.341641, abs=5e-7)
        assert dugast_u(K1, log_base=10) == pytest.approx(4.507576, abs=5e-7)
        assert math.isnan(summer_s(K1, log_base=10))  # log10(log10(10)) = 0: quanteda prints -Inf
        assert yule_i(K1) == pytest.approx(2.571429, abs=5e-7)
        assert simpson_d(K1) == pytest.approx(0.1111111, abs=5e-8)
        assert herdan_vm(K1) == pytest.approx(0.1825742, abs=5e-8)
        assert math.sqrt(maas(K1, log_base=10)) == pytest.approx(0.4710082, abs=5e-8)
        assert yule_k(K1) == pytest.approx(1000)
        assert yule_k(K2) == pytest.approx(1122.448979591836735)  # the issue's hand computation, as koRpus


class TestWordless:
    """Wordless tests/tests_measures/test_measures_lexical_density_diversity.py: TOKENS_100."""

    TOKENS_100 = ["This", "is", "a", "sentence", "."] * 20

    def test_values(self):
        t = self.TOKENS_100
        assert yule_k(t) == pytest.approx(10000 * ((5 * 20 ** 2 - 100) / (100 ** 2)))
        assert simpson_d(t) == pytest.approx((5 * 20 ** 2 - 100) / (100 * (100 - 1)))
        assert hdd(t) == pytest.approx((1 - hypergeom.pmf(k=0, M=100, n=20, N=42)) * (1 / 42) * 5)
        assert mtld(t) == pytest.approx(100 / (14 + 0 / 0.28))
        assert msttr(t + ["another"], segment=100) == pytest.approx(5 / 100)
        assert dugast_u(t) == pytest.approx(np.log(100) ** 2 / (np.log(100) - np.log(5)))
        assert summer_s(t) == pytest.approx(np.log(np.log(5)) / np.log(np.log(100)))
        assert maas(t) == pytest.approx((np.log(100) - np.log(5)) / np.log(100) ** 2)


# --- lexical diversity: against loops written from the definitions ------------------------------
def _naive_mtld_ma(tokens, threshold=0.72, min_factor=10):
    lengths = []
    for x in range(len(tokens)):
        for y in range(x, len(tokens)):
            seg = tokens[x:y + 1]
            if len(seg) >= min_factor and len(set(seg)) / len(seg) < threshold:
                lengths.append(len(seg))
                break
    return sum(lengths) / len(lengths) if lengths else float("nan")


def _naive_msttr(tokens, segment):
    n = len(tokens) // segment
    if n == 0:
        return len(set(tokens)) / len(tokens)
    return np.mean([len(set(tokens[i * segment:(i + 1) * segment])) / segment for i in range(n)])


class TestAgainstLoops:
    @pytest.mark.parametrize("seed", range(4))
    def test_sequence_measures(self, seed):
        rng = np.random.default_rng(seed)
        toks = [f"w{x}" for x in rng.zipf(1.6, size=300) % 60]
        want = (_naive_mtld_ma(toks, 0.72, 10) + _naive_mtld_ma(toks[::-1], 0.72, 10)) / 2
        assert mtld_ma_bi(toks) == pytest.approx(want)
        assert mtld_ma_bi(toks, threshold=0.8, min_factor=3) == pytest.approx(
            (_naive_mtld_ma(toks, 0.8, 3) + _naive_mtld_ma(toks[::-1], 0.8, 3)) / 2)
        for seg in (1, 7, 50, 400):
            assert msttr(toks, segment=seg) == pytest.approx(_naive_msttr(toks, seg))
        freqs = pd.Series(toks).value_counts().to_numpy()
        for draws in (1, 42, 300):
            want = sum(1 - hypergeom.pmf(0, len(toks), f, draws) for f in freqs) / draws
            assert hdd(toks, draws=draws) == pytest.approx(want, rel=1e-9)
        assert math.isnan(hdd(toks, draws=301))

    def test_compiled_and_python_kernels_agree(self):
        kernels = [div_mod._spectrum_kernel, div_mod._msttr_kernel, div_mod._mtld_ma_kernel, div_mod._mtld_mattr_kernel]
        if not all(hasattr(k, "py_func") for k in kernels):
            pytest.skip("numba is not installed: the Python loops are the only ones")
        rng = np.random.default_rng(7)
        codes = rng.integers(0, 40, size=500).astype(np.int64)
        offsets = np.array([0, 0, 3, 120, 500], dtype=np.int64)
        for a, b in zip(div_mod._spectrum_kernel(codes, offsets, 40, 42),
                        div_mod._spectrum_kernel.py_func(codes, offsets, 40, 42)):
            np.testing.assert_allclose(a, b, rtol=1e-12)  # lgamma and exp may differ in the last digits
        np.testing.assert_array_equal(div_mod._msttr_kernel(codes, offsets, 9, 40),
                                      div_mod._msttr_kernel.py_func(codes, offsets, 9, 40))
        for a, b in zip(div_mod._mtld_mattr_kernel(codes, offsets, 0.72, 7, 40),
                        div_mod._mtld_mattr_kernel.py_func(codes, offsets, 0.72, 7, 40)):
            np.testing.assert_array_equal(a, b)
        limit = div_mod._limits(500, 0.72)
        for chunks in (np.array([0, 4]), np.array([0, 1, 3, 4])):
            for a, b in zip(div_mod._mtld_ma_kernel(codes, offsets, limit, 10, 40, chunks, 380),
                            div_mod._mtld_ma_kernel.py_func(codes, offsets, limit, 10, 40, chunks, 380)):
                np.testing.assert_array_equal(a, b)

    @pytest.mark.parametrize("threshold", [0.72, 0.5, 0.66, 0.75, 0.1, 0.99, 1 / 3])
    def test_factor_limits_are_the_division(self, threshold):
        limit = div_mod._limits(1000, threshold)
        for n in range(1, 1001):
            assert all((d < limit[n]) == (d / n < threshold) for d in range(n + 1))

    @pytest.mark.parametrize("seed", range(6))
    def test_compiled_mtld_and_mattr_are_the_default_values(self, seed):
        # measures= computes MTLD and MATTR in one compiled pass; the values must be the default table's,
        # bit for bit
        rng = np.random.default_rng(seed)
        streams = [rng.zipf(1.3 + 0.2 * seed, size=int(rng.integers(0, 400))) % 90 for _ in range(12)]
        codes = np.concatenate(streams).astype(np.int64)
        offsets = np.concatenate([[0], np.cumsum([len(x) for x in streams])]).astype(np.int64)
        for window in (1, 5, 50):
            for threshold in (0.72, 0.5):
                mt, ma = div_mod._mtld_mattr_kernel(codes, offsets, threshold, window, 90)
                for i, x in enumerate(streams):
                    row = div_mod._row(x.astype(np.int64), window, threshold)
                    assert (mt[i] == row[4]) or (np.isnan(mt[i]) and np.isnan(row[4]))
                    assert (ma[i] == row[3]) or (np.isnan(ma[i]) and np.isnan(row[3]))

    def test_undefined_values_are_nan(self):
        for f in (ttr, herdan_c, guiraud_r, cttr, dugast_u, summer_s, maas, yule_k, yule_i, simpson_d, herdan_vm,
                  msttr, mattr, mtld, mtld_ma_bi, hdd):
            assert math.isnan(f([])), f.__name__
        assert math.isnan(dugast_u("a b c".split())) and math.isnan(simpson_d(["a"]))
        assert math.isnan(mtld_ma_bi("a b c".split()))


class TestLexicalDiversityTable:
    def test_default_table_unchanged(self, seeds):
        assert list(lexical_diversity(seeds, by="role").columns) == ["role", "n_tokens", "n_types", "ttr", "mattr",
                                                                     "mtld"]

    @pytest.mark.parametrize("by", [None, "speaker", ["role", "transcript_id"]])
    def test_all_measures_equal_the_token_functions(self, seeds, by):
        t = seeds.head(80)
        out = lexical_diversity(t, by=by, measures="all", window=20, segment=20, draws=30)
        assert list(out.columns[-len(DIVERSITY_MEASURES):]) == list(DIVERSITY_MEASURES)
        default = lexical_diversity(t, by=by, window=20)
        pd.testing.assert_frame_equal(out[default.columns], default, check_exact=True)
        keys = ["transcript_id", "turn_index", "speaker", "role"] if by is None else \
            ([by] if isinstance(by, str) else by)
        tokens = tokenize_texts(t["text"].tolist())
        streams = {}
        for i, key in enumerate(t[keys].itertuples(index=False, name=None)):
            streams.setdefault(key, []).extend(tokens[i])
        kwargs = {"mattr": {"window": 20}, "msttr": {"segment": 20}, "hdd": {"draws": 30}}
        for _, row in out.iterrows():
            toks = streams[tuple(row[k] for k in keys)]
            assert row["n_tokens"] == len(toks)
            for m in DIVERSITY_MEASURES:
                want = getattr(div_mod, m)(toks, **kwargs.get(m, {}))
                assert row[m] == pytest.approx(want, nan_ok=True, rel=1e-12), m

    def test_names_log_base_and_errors(self, seeds):
        t = seeds.head(10)
        out = lexical_diversity(t, by="role", measures=["K", "yulek", "Maas", "U"], log_base=10)
        assert list(out.columns) == ["role", "n_tokens", "n_types", "yule_k", "maas", "dugast_u"]
        base_e = lexical_diversity(t, by="role", measures=["U"])
        assert np.allclose(out["dugast_u"] * math.log(10), base_e["dugast_u"])
        with pytest.raises(ValueError, match=r"lexical_diversity\(\): unknown lexical-diversity measure 'vocd'"):
            lexical_diversity(t, measures="vocd")
        with pytest.raises(ValueError, match=r"lexical_diversity\(\): log_base must not be 1"):
            lexical_diversity(t, measures="all", log_base=1)
        with pytest.raises(ValueError, match=r"lexical_diversity\(\): segment must be in"):
            lexical_diversity(t, measures="all", segment=0)

    def test_empty_and_degenerate(self):
        out = lexical_diversity(pd.DataFrame({"text": ["", "word", "a a a"]}), measures="all")
        assert out["n_tokens"].tolist() == [0, 1, 3]
        assert out.iloc[0][list(DIVERSITY_MEASURES)].isna().all()
        assert out.iloc[2]["simpson_d"] == 1.0


# --- command line ---------------------------------------------------------------------------------
class TestCommandLine:
    def test_measure_option_writes_the_scores(self, tmp_path, seeds):
        from analysis.cli import main
        from analysis.rhetoric import rhetoric_scores

        out = tmp_path / "scores.csv"
        main(["rhetoric", "--corpus", SEEDS, "--by", "speaker", "--measure", "FOG", "yule_k", "mtld_ma_bi",
              "--output", str(out), "--quiet"])
        got = pd.read_csv(out)
        want = rhetoric_scores(seeds, by="speaker", measures=["gunning_fog", "yule_k", "mtld_ma_bi"])
        assert got["measure"].tolist() == want["measure"].tolist()
        assert np.allclose(got["value"], want["value"], equal_nan=True)
        fog = readability(seeds, by="speaker", measures="FOG").set_index("speaker")["gunning_fog"]
        rows = got[got["measure"] == "gunning_fog"].set_index("speaker")["value"]
        assert np.allclose(rows.sort_index(), fog.sort_index())

    def test_unknown_measure_is_a_usage_error(self, capsys):
        from analysis.cli import main

        with pytest.raises(SystemExit):
            main(["rhetoric", "--corpus", SEEDS, "--measure", "vocd", "--quiet"])
        assert "unknown measure 'vocd'" in capsys.readouterr().err
