"""The array forms inside formulae(): the pairs of a variant bucket's signatures decided at once
(against the pair-by-pair rule and the all-pairs reference), the pairs within groups, and the
row orders taken with numpy.lexsort (against pandas' sort_values)."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pytest

from analysis.phrases import formulae
from analysis.phrases._common import sort_order
from analysis.phrases._variants import (
    _lemmas_diff_ok, _pairs_within, _signatures_ok, _variant_groups_by_pairs, variant_groups,
)


class TestPairsWithin:
    @pytest.mark.parametrize("sizes", [[3, 1, 2], [0, 2, 0, 4], [1, 1, 1], [], [5]])
    def test_every_pair_of_each_group_once(self, sizes) -> None:
        left, right = _pairs_within(np.array(sizes, dtype=np.int64))
        want, start = [], 0
        for size in sizes:
            want += list(combinations(range(start, start + size), 2))
            start += size
        assert list(zip(left.tolist(), right.tolist())) == want


class TestSignatures:
    LEMMAS = ["organization", "organisation", "organizations", "cooperation", "co-operation", "peace", "piece",
              "develop", "development", "stability"]

    @pytest.mark.parametrize("similarity", [60.0, 80.0, 90.0, 95.0])
    def test_agree_with_the_rule_pair_by_pair(self, similarity) -> None:
        n_lemmas = len(self.LEMMAS) + 1
        # every signature of at most two lemmas (repeats included), as variant_groups codes them
        sigs = sorted({(min(x, y) + 1) * n_lemmas + (max(x, y) + 1)
                       for x in range(-1, len(self.LEMMAS)) for y in range(-1, len(self.LEMMAS))})
        codes = np.array([(a, b) for a, b in combinations(sigs, 2)], dtype=np.int64)
        got = _signatures_ok(codes, n_lemmas, self.LEMMAS, similarity)

        def lemmas(code: int) -> list[str]:
            return [self.LEMMAS[v - 1] for v in divmod(code, n_lemmas) if v > 0]

        want = [_lemmas_diff_ok(lemmas(a), lemmas(b), similarity) for a, b in codes.tolist()]
        assert got.tolist() == want
        assert 0 < sum(want) < len(want)  # both verdicts occur

    def test_buckets_of_many_signatures_agree_with_all_pairs(self) -> None:
        # "we X the Y of the Z" with many fillers: buckets of more than 8 signatures, two tokens
        # deleted in wordings of six tokens or more, spelling variants among them
        nouns = ["organization", "organisation", "cooperation", "co-operation", "peace", "piece", "development",
                 "stability", "security", "council", "councils", "assembly"]
        verbs = ["welcome", "welcomes", "support", "supports", "note"]
        words = [f"we {v} the {n} of the {m}" for v in verbs for n in nouns[:6] for m in nouns[6:]]
        words += [f"we {v} the {n}" for v in verbs for n in nouns]
        toks = [w.split() for w in words]
        for similarity in (80, 90):
            want = _variant_groups_by_pairs(words, toks, similarity=similarity)
            assert variant_groups(words, toks, similarity=similarity).tolist() == want.tolist(), similarity
            index = {w: i for i, w in enumerate(dict.fromkeys(t for ts in toks for t in ts))}
            ids = (np.array([index[t] for ts in toks for t in ts]), np.array([len(ts) for ts in toks]), list(index))
            assert variant_groups(words, (), similarity=similarity, token_ids=ids).tolist() == want.tolist()
        got = variant_groups(words, toks, similarity=90)
        row = {w: i for i, w in enumerate(words)}
        assert got[row["we welcome the organization"]] == got[row["we welcome the organisation"]] \
            == got[row["we welcomes the organization"]]
        assert got[row["we welcome the peace"]] != got[row["we welcome the piece"]]  # 80% alike: no variant


class TestOrder:
    def test_same_order_as_pandas(self) -> None:
        rng = np.random.default_rng(0)
        n = 400
        table = pd.DataFrame({"score": rng.choice([0.5, -0.25, 1.0, 0.0, 2.0 / 3.0], n),
                              "count": rng.integers(1, 4, n), "small": rng.integers(0, 3, n).astype(np.uint8),
                              "formula": rng.choice(["b a", "a b", "a", "zz", "é", "A b"], n)})
        for keys, ascending in ((["score", "count", "formula"], [False, False, True]),
                                (["count", "small", "formula"], [False, False, True]),
                                (["formula", "score", "small"], [True, True, False])):
            want = table.sort_values(keys, ascending=ascending, kind="stable").index.to_numpy()
            got = sort_order(*((table[k].to_numpy(), up) for k, up in zip(keys, ascending)))
            assert got.tolist() == want.tolist()

    def test_formulae_orders(self) -> None:
        texts = ["We firmly oppose it. Peace and stability.", "We firmly oppose it. Peace and stability.",
                 "Peace and stability matter. Peace and stability.", "We firmly oppose that. Win-win cooperation.",
                 "Win-win cooperation and peace and stability."]
        turns = pd.DataFrame({"transcript_id": [f"t{i}" for i in range(5)], "speaker": list("XYXYX"), "text": texts})
        default = formulae(turns, kind="all")
        assert default.index.tolist() == list(range(len(default)))
        for rank_by, keys in (("count", ["count", "n_transcripts", "formula"]),
                              ("spread", ["n_transcripts", "n_words", "formula"]),
                              ("formulaicity", ["formulaicity", "n_transcripts", "formula"])):
            got = formulae(turns, kind="all", rank_by=rank_by)
            want = got.sort_values(keys, ascending=[False, False, True], ignore_index=True)
            pd.testing.assert_frame_equal(got, want, check_exact=True)
            assert set(got["formula"]) == set(default["formula"])
