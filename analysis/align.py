"""Two language versions of one press conference side by side: pairs, aligned turns, renderings.

Pairing (:func:`pair_transcripts`)
    A Chinese and an English transcript are one press conference when they have the same
    date and the same spokesperson: the official who speaks most in each, compared through
    ``analysis/lexicons/zh_names.txt`` (Chinese name, English spelling; extend it or pass
    ``names=``). A transcript whose spokesperson is not in the list pairs on the date alone,
    and so does a pair where either side names none. A date with two English pages (a page
    published twice) gives two pairs. ``pairs=`` gives the pairs instead.

Turn alignment (:func:`align_turns`)
    The turns of a pair are aligned in order by dynamic programming (Gale & Church 1993, over
    turns instead of sentences): a bead is one Chinese and one English turn (1-1), a turn in
    one version only (1-0, 0-1), or two turns against one (2-1, 1-2: one version runs two
    turns into one). The cost of a bead adds, in units of standard deviations:

    * length: ``|ln(han / (ratio * words))| / 0.45``, with ``han`` the Han characters of the
      Chinese turn(s), ``words`` the English words and ``ratio`` the pair's own Han characters
      per English word (so a denser translation costs nothing);
    * role: 2 when the roles differ (a question against an answer);
    * anchors: minus 2 times the Jaccard similarity of the numbers and Latin-script words the
      two sides share (``2019``, ``50.6``, ``NSG``);
    * a fixed 3.5 for a turn in one version only and 3.0 for a two-to-one bead (plus 2 when
      the two turns have different roles: a version runs a question into its follow-up, not
      into the answer).

Renderings (:func:`renderings`)
    For a formula in one language, the n-grams of the other that render it are found in the
    aligned 1-1 and 2-1/1-2 beads (Smadja, McKeown & Hatzivassiloglou 1996): the Dice
    coefficient ``2 * both / (n_formula + n_candidate)`` over beads, where ``both`` counts
    beads holding the formula on one side and the candidate on the other. The best
    candidates, with counts and an example pair of turns, are listed per formula.

References
----------
Gale, W. A. & Church, K. W. (1993). A program for aligning sentences in bilingual corpora.
Computational Linguistics, 19(1), 75-102.
Smadja, F., McKeown, K. R. & Hatzivassiloglou, V. (1996). Translating collocations for
bilingual lexicons: a statistical approach. Computational Linguistics, 22(1), 1-38.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ._validation import check_interval
from .turns import as_turns
from .types import TurnsLike

__all__ = ["spokesperson_names", "pair_transcripts", "align_turns", "align_pairs", "alignment_summary",
           "renderings"]

LEXICON_DIR = Path(__file__).with_name("lexicons")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ANCHOR = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z][A-Za-z\-]+")
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019\-][A-Za-z0-9]+)*")
#: Chinese and English spellings of common English words that are not anchors.
_NOT_ANCHORS = frozenset("the of and to in a is on for that with as by at this it we be are from".split())

PAIR_COLUMNS = ["transcript_zh", "transcript_en", "date", "spokesperson_zh", "spokesperson_en", "how"]
ALIGN_COLUMNS = ["transcript_zh", "transcript_en", "bead", "kind", "turns_zh", "turns_en", "role_zh", "role_en",
                 "han_chars", "en_words", "length_ratio", "cost", "text_zh", "text_en"]


@lru_cache(maxsize=1)
def _name_table() -> dict[str, str]:
    out = {}
    for line in (LEXICON_DIR / "zh_names.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            zh, _, en = line.partition(",")
            out[zh.strip()] = " ".join(en.split())
    return out


def spokesperson_names() -> dict[str, str]:
    """Chinese name -> English spelling (``analysis/lexicons/zh_names.txt``).

    Examples
    --------
    >>> spokesperson_names()["耿爽"]
    'Geng Shuang'
    """
    return dict(_name_table())


def _spokesperson(frame: pd.DataFrame) -> pd.Series:
    """Per transcript, the official with most turns ("" when none)."""
    off = frame[frame["role"] == "official"]
    if off.empty:
        return pd.Series(dtype=object)
    counts = off.groupby(["transcript_id", "speaker"]).size().reset_index(name="n")
    counts = counts.sort_values(["transcript_id", "n", "speaker"], ascending=[True, False, True])
    return counts.drop_duplicates("transcript_id").set_index("transcript_id")["speaker"]


def pair_transcripts(
    zh: TurnsLike,
    en: TurnsLike,
    *,
    pairs: pd.DataFrame | Sequence[tuple[str, str]] | None = None,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Pair the Chinese and English transcripts of one press conference.

    Parameters
    ----------
    zh, en : Corpus or pandas.DataFrame
        Turns of the Chinese and the English transcripts (``transcript_id``, ``date``,
        ``speaker``, ``role``).
    pairs : DataFrame or sequence of (str, str), optional
        The pairs, given: ``(transcript_zh, transcript_en)`` tuples or a frame with those
        columns. Then nothing is inferred.
    names : mapping, optional
        Chinese name -> English spelling of spokespersons, added to
        :func:`spokesperson_names`.

    Returns
    -------
    pandas.DataFrame
        One row per pair, by ``date`` then ids: ``transcript_zh``, ``transcript_en``,
        ``date``, ``spokesperson_zh``, ``spokesperson_en``, ``how`` ("date and
        spokesperson", "date", or "given").

    Raises
    ------
    ValueError
        A given pair names a transcript that is not in ``zh`` or ``en``.
    """
    zf = as_turns(zh, caller="pair_transcripts", columns=("transcript_id", "date", "speaker", "role"))
    ef = as_turns(en, caller="pair_transcripts", columns=("transcript_id", "date", "speaker", "role"))
    sz, se = _spokesperson(zf), _spokesperson(ef)
    dz = zf.groupby("transcript_id")["date"].first()
    de = ef.groupby("transcript_id")["date"].first()
    if pairs is not None:
        given = pairs[["transcript_zh", "transcript_en"]].itertuples(index=False, name=None) \
            if isinstance(pairs, pd.DataFrame) else pairs
        rows = []
        for a, b in given:
            if a not in dz.index:
                raise ValueError(f"pair_transcripts(): pairs names {a!r}, which is not a transcript of zh.")
            if b not in de.index:
                raise ValueError(f"pair_transcripts(): pairs names {b!r}, which is not a transcript of en.")
            rows.append((a, b, dz[a], sz.get(a, ""), se.get(b, ""), "given"))
        return _pair_frame(rows)
    table = {**_name_table(), **dict(names or {})}
    by_date: dict = {}
    for tid, d in de.items():
        if pd.notna(d):
            by_date.setdefault(pd.Timestamp(d).normalize(), []).append(tid)
    rows = []
    for tid, d in dz.items():
        if pd.isna(d):
            continue
        for other in by_date.get(pd.Timestamp(d).normalize(), []):
            a, b = sz.get(tid, ""), se.get(other, "")
            known = table.get(a)
            if known and b:
                if " ".join(known.lower().split()) != " ".join(b.lower().split()):
                    continue
                how = "date and spokesperson"
            else:
                how = "date"
            rows.append((tid, other, d, a, b, how))
    return _pair_frame(rows)


def _pair_frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values(["date", "transcript_zh", "transcript_en"], ignore_index=True)


# --------------------------------------------------------------------------- alignment
def _han_count(text: str) -> int:
    return len(_HAN.findall(text))


def _en_count(text: str) -> int:
    return len(_EN_WORD.findall(text))


def _anchors(text: str) -> frozenset[str]:
    return frozenset(a.lower().replace(",", "") for a in _ANCHOR.findall(text)
                     if a.lower() not in _NOT_ANCHORS and (a[0].isdigit() or len(a) >= 2))


def _zh_anchors(text: str) -> frozenset[str]:
    # Latin words and numbers in Chinese text; both sides keep numbers as written
    return _anchors(text)


def _cost_11(hz: int, we: int, rz: str, re_: str, az: frozenset, ae: frozenset, ratio: float,
             en_anchor_words: frozenset) -> float:
    length = abs(math.log((hz + 1) / (ratio * we + 1))) / 0.45
    role = 2.0 if rz != re_ else 0.0
    a = az & (ae | en_anchor_words) if az else frozenset()
    union = az | (ae & en_anchor_words) if az else frozenset()
    anchor = 2.0 * len(a) / len(union) if union else 0.0
    return length + role - anchor


def align_turns(zh_turns: pd.DataFrame, en_turns: pd.DataFrame, *, skip_cost: float = 3.5,
                merge_cost: float = 3.0) -> pd.DataFrame:
    """Align the turns of one Chinese and one English transcript (see the module notes).

    Parameters
    ----------
    zh_turns, en_turns : pandas.DataFrame
        The turns of one transcript each, in order (``turn_index``, ``role``, ``text``).
    skip_cost : float, default=3.5
        Cost of a turn found in one version only.
    merge_cost : float, default=3.0
        Extra cost of two turns against one: a little less than a skip, so two turns are
        joined only when their joint length fits the other version's turn better.

    Returns
    -------
    pandas.DataFrame
        One row per bead, in order: ``bead``, ``kind`` ("1-1", "1-0" Chinese only, "0-1"
        English only, "2-1", "1-2"), ``turns_zh`` and ``turns_en`` (tuples of
        ``turn_index``), ``role_zh``, ``role_en``, ``han_chars``, ``en_words``,
        ``length_ratio`` (Han characters per English word, NaN for one-sided beads),
        ``cost``, ``text_zh``, ``text_en``.
    """
    check_interval("skip_cost", skip_cost, low=0, caller="align_turns")
    z = zh_turns.sort_values("turn_index")
    e = en_turns.sort_values("turn_index")
    tz, te = z["text"].tolist(), e["text"].tolist()
    rz, re_ = z["role"].tolist(), e["role"].tolist()
    iz, ie = z["turn_index"].tolist(), e["turn_index"].tolist()
    hz = [_han_count(t) for t in tz]
    we = [_en_count(t) for t in te]
    az = [_zh_anchors(t) for t in tz]
    ae = [_anchors(t) for t in te]
    ratio = (sum(hz) + 1) / (sum(we) + 1)
    en_words = frozenset(w for s in ae for w in s)
    n, m = len(tz), len(te)
    inf = float("inf")
    cost = np.full((n + 1, m + 1), inf)
    back = np.zeros((n + 1, m + 1), dtype=np.int8)
    cost[0, 0] = 0.0
    moves = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, -1
            for k, (di, dj) in enumerate(moves):
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0 or cost[pi, pj] == inf:
                    continue
                if (di, dj) == (1, 1):
                    c = _cost_11(hz[pi], we[pj], rz[pi], re_[pj], az[pi], ae[pj], ratio, en_words)
                elif (di, dj) in ((1, 0), (0, 1)):
                    c = skip_cost
                elif (di, dj) == (2, 1):
                    c = merge_cost + 2.0 * (rz[pi] != rz[pi + 1]) + _cost_11(hz[pi] + hz[pi + 1], we[pj], rz[pi], re_[pj], az[pi] | az[pi + 1],
                                              ae[pj], ratio, en_words)
                else:
                    c = merge_cost + 2.0 * (re_[pj] != re_[pj + 1]) + _cost_11(hz[pi], we[pj] + we[pj + 1], rz[pi], re_[pj], az[pi],
                                              ae[pj] | ae[pj + 1], ratio, en_words)
                if cost[pi, pj] + c < best:
                    best, arg = cost[pi, pj] + c, k
            cost[i, j], back[i, j] = best, arg
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = moves[back[i, j]]
        beads.append((i - di, i, j - dj, j, cost[i, j] - cost[i - di, j - dj]))
        i, j = i - di, j - dj
    rows = []
    for b, (a0, a1, b0, b1, c) in enumerate(reversed(beads)):
        kind = f"{a1 - a0}-{b1 - b0}"
        h, w = sum(hz[a0:a1]), sum(we[b0:b1])
        rows.append((b, kind, tuple(iz[a0:a1]), tuple(ie[b0:b1]), rz[a0] if a1 > a0 else "",
                     re_[b0] if b1 > b0 else "", h, w, h / w if a1 > a0 and b1 > b0 and w else float("nan"),
                     float(c), "\n\n".join(tz[a0:a1]), "\n\n".join(te[b0:b1])))
    return pd.DataFrame(rows, columns=ALIGN_COLUMNS[2:])


def align_pairs(zh: TurnsLike, en: TurnsLike, pairs: pd.DataFrame | None = None, **options) -> pd.DataFrame:
    """:func:`align_turns` for every pair of :func:`pair_transcripts` (computed when not given).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`align_turns`, preceded by ``transcript_zh`` and ``transcript_en``.
    """
    zf = as_turns(zh, caller="align_pairs", columns=("transcript_id", "turn_index", "role", "text"))
    ef = as_turns(en, caller="align_pairs", columns=("transcript_id", "turn_index", "role", "text"))
    pairs = pair_transcripts(zf, ef) if pairs is None else pairs
    zg = dict(tuple(zf.groupby("transcript_id", sort=False)))
    eg = dict(tuple(ef.groupby("transcript_id", sort=False)))
    parts = []
    for a, b in pairs[["transcript_zh", "transcript_en"]].itertuples(index=False, name=None):
        one = align_turns(zg[a], eg[b], **options)
        one.insert(0, "transcript_en", b)
        one.insert(0, "transcript_zh", a)
        parts.append(one)
    if not parts:
        return pd.DataFrame(columns=ALIGN_COLUMNS)
    return pd.concat(parts, ignore_index=True)


def alignment_summary(aligned: pd.DataFrame) -> pd.DataFrame:
    """Per pair: beads by kind, turns in one version only, and the Han characters per English
    word of the whole pair and of its 1-1 beads (median).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``transcript_zh``, ``transcript_en``, ``n_1_1``, ``n_zh_only``,
        ``n_en_only``, ``n_merged``, ``ratio`` (all Han characters / all English words),
        ``median_ratio_1_1``.
    """
    rows = []
    for (a, b), g in aligned.groupby(["transcript_zh", "transcript_en"], sort=True):
        k = g["kind"]
        rows.append((a, b, int((k == "1-1").sum()), int((k == "1-0").sum()), int((k == "0-1").sum()),
                     int(k.isin(["2-1", "1-2"]).sum()), g["han_chars"].sum() / max(g["en_words"].sum(), 1),
                     float(g.loc[k == "1-1", "length_ratio"].median())))
    return pd.DataFrame(rows, columns=["transcript_zh", "transcript_en", "n_1_1", "n_zh_only", "n_en_only",
                                       "n_merged", "ratio", "median_ratio_1_1"])


# --------------------------------------------------------------------------- renderings
#: Words a rendering neither starts nor ends with (English: conjunctions, prepositions,
#: copulas; "the", "a" and "in" may not end one either), so renderings are whole phrases.
_EN_NO_START = frozenset("and or of to for on with at by as is are was were that which but so".split())
_EN_NO_END = _EN_NO_START | frozenset("the a an in from this these its their our your".split())
_ZH_EDGE = frozenset("的 了 和 与 及 在 是 对 并 也 而 就 都 着 地 得 之 或 把 被 向 从".split())


def _en_grams(text: str, n_range: tuple[int, int]) -> set[str]:
    words = [w.lower().replace("\u2019", "'") for w in _EN_WORD.findall(text)]
    out = set()
    for n in range(n_range[0], n_range[1] + 1):
        for k in range(len(words) - n + 1):
            if words[k] in _EN_NO_START or words[k + n - 1] in _EN_NO_END:
                continue
            out.add(" ".join(words[k:k + n]))
    return out


def _zh_grams(text: str, n_range: tuple[int, int]) -> set[str]:
    from .text import tokenize

    out = set()
    run: list[str] = []
    for w in [*tokenize(text), "。"]:
        if _HAN.search(w) or w.isalnum():
            run.append(w)
            continue
        for n in range(n_range[0], n_range[1] + 1):  # n-grams inside a run between punctuation marks
            for k in range(len(run) - n + 1):
                if run[k] in _ZH_EDGE or run[k + n - 1] in _ZH_EDGE:
                    continue
                out.add("".join(run[k:k + n]))
        run = []
    return out


def _contains(text: str, formula: str, language: str) -> bool:
    if language == "zh":
        return formula in text
    return f" {formula} " in " " + " ".join(w.lower().replace("\u2019", "'") for w in _EN_WORD.findall(text)) + " "


#: An alternative rendering's Dice is at least this share of the first rendering's: below it, a
#: common word the formula's beads happen to hold ("i" for 我不掌握有关情况, Dice 0.004).
ALTERNATIVE_DICE = 0.25


def _alternatives(kept: list, hits: list[int], tgt_low: list[str], target: str, min_count: int,
                  top: int) -> list:
    """The renderings of ``kept`` (``(rendering, both, n_rendering, dice)`` by dice) that are
    alternatives, at most ``top``: the first, then each one that is no part of one kept before
    it, is found in ``min_count`` or more of the formula's beads (``hits``) holding none of
    those, and has at least :data:`ALTERNATIVE_DICE` of the first one's Dice. A phrase that keeps
    the first rendering company ("the one-china principle and the three china-us joint
    communiqués") is context, not another rendering, and is dropped."""
    out: list = []
    covered: set[int] = set()
    for g, both, n_r, d in kept:
        needle = f" {g} " if target == "en" else g
        if any(needle in (f" {k[0]} " if target == "en" else k[0]) for k in out):
            continue  # a part of a rendering listed ("in china's" of "in china's internal affairs")
        where = {k for k in hits if needle in tgt_low[k]}
        if out and (len(where - covered) < min_count or d < ALTERNATIVE_DICE * out[0][3]):
            continue
        out.append((g, both, n_r, d))
        covered |= where
        if len(out) >= top:
            break
    return out


_ZH_SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+|[^。！？!?]+$")
_EN_SENTENCE = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]*[A-Z0-9])")


def _sentence_with(text: str, phrase: str, language: str) -> str:
    """The sentence of ``text`` that holds ``phrase`` (Chinese as written; English as lower-case
    words, matched on the words of each sentence), ``text`` itself when none does."""
    if language == "zh":
        for m in _ZH_SENTENCE.finditer(text):
            if phrase in m.group(0):
                return m.group(0).strip()
        return text
    for part in _EN_SENTENCE.split(text):
        if _contains(part, phrase, "en"):
            return part.strip()
    return text


def renderings(
    aligned: pd.DataFrame,
    formulae: Iterable[str],
    *,
    source: str = "zh",
    n: tuple[int, int] = (1, 6),
    min_count: int = 3,
    top: int = 3,
    candidates: int = 60,
) -> pd.DataFrame:
    """How each formula of one language is rendered in the other, from aligned turns.

    Parameters
    ----------
    aligned : pandas.DataFrame
        From :func:`align_pairs` (beads ``1-1``, ``2-1`` and ``1-2`` are used).
    formulae : iterable of str
        Formulae in the ``source`` language: Chinese as written (``"干涉中国内政"``; spaces
        are removed), English as words (``"internal affairs"``, matched case-insensitively).
    source : {"zh", "en"}, default="zh"
    n : (int, int), default=(1, 6)
        Lengths of the candidate renderings, in words (jieba words for Chinese).
    min_count : int, default=3
        Fewest beads holding both the formula and a rendering.
    top : int, default=3
        Renderings kept per formula.
    candidates : int, default=60
        Candidate renderings scored per formula: those seen in most beads beside it.

    Returns
    -------
    pandas.DataFrame
        One row per formula and rendering, by formula then ``dice`` descending:
        ``formula``, ``rendering``, ``both`` (beads with the formula on one side and the
        rendering on the other), ``n_formula`` (beads with the formula), ``n_rendering``
        (beads with the rendering), ``dice``, ``share`` (both / n_formula), ``example_zh``,
        ``example_en`` (of the first such bead: the sentence holding the formula and the one
        holding the rendering, each whole turn when no one sentence does). A formula with no
        rendering seen ``min_count`` times gets one row with an empty rendering.

    Notes
    -----
    Dice = 2 both / (n_formula + n_rendering) (Smadja et al. 1996). A rendering contained
    in a longer one with the same ``both`` is dropped (the longer one is the rendering). The
    best by Dice is the first rendering; another is listed only as an alternative: when it is
    no part of a rendering listed before it and is found in ``min_count`` or more of the
    formula's beads that hold none of them, with at least a quarter of the first one's Dice
    (so "three china-us joint", the company "the one-china principle" keeps, is not a
    rendering of 一个中国原则; "mutual benefit" beside "win-win" for 互利共赢 is).
    """
    if source not in ("zh", "en"):
        raise ValueError(f"renderings(): source must be 'zh' or 'en'; got {source!r}.")
    check_interval("min_count", min_count, low=1, caller="renderings")
    beads = aligned[aligned["kind"].isin(["1-1", "2-1", "1-2"])]
    src = beads["text_zh" if source == "zh" else "text_en"].tolist()
    tgt = beads["text_en" if source == "zh" else "text_zh"].tolist()
    target = "en" if source == "zh" else "zh"
    grams = _en_grams if target == "en" else _zh_grams
    tgt_low = [" " + " ".join(w.lower().replace("\u2019", "'") for w in _EN_WORD.findall(t)) + " " for t in tgt] \
        if target == "en" else tgt
    rows = []
    for f in formulae:
        f = "".join(f.split()) if source == "zh" else " ".join(f.lower().split())
        hits = [k for k, t in enumerate(src) if _contains(t, f, source)]
        if not hits:
            rows.append((f, "", 0, 0, 0, 0.0, 0.0, "", ""))
            continue
        co = Counter(g for k in hits for g in grams(tgt[k], n))
        # the candidates seen most often beside the formula (at most ``candidates``) are scored
        cands = sorted(((g, c) for g, c in co.items() if c >= min_count), key=lambda x: (-x[1], x[0]))[:candidates]
        scored = []
        for g, both in cands:
            needle = f" {g} " if target == "en" else g
            n_r = sum(1 for t in tgt_low if needle in t)
            scored.append((g, both, n_r, 2 * both / (len(hits) + n_r)))
        scored.sort(key=lambda x: (-x[3], -x[1], -len(x[0]), x[0]))
        kept: list = []
        for g, both, n_r, d in scored:
            if any((f" {g} " in f" {k[0]} " if target == "en" else g in k[0]) and k[1] == both for k in kept):
                continue
            kept = [k for k in kept if not ((f" {k[0]} " in f" {g} " if target == "en" else k[0] in g) and k[1] == both)]
            kept.append((g, both, n_r, d))
        kept = _alternatives(kept, hits, tgt_low, target, min_count, top)
        if not kept:
            rows.append((f, "", 0, len(hits), 0, 0.0, 0.0, "", ""))
        for g, both, n_r, d in kept:
            needle = f" {g} " if target == "en" else g
            ex = next(k for k in hits if needle in tgt_low[k])
            zh_text, en_text = (src[ex], tgt[ex]) if source == "zh" else (tgt[ex], src[ex])
            zh_part = _sentence_with(zh_text, f if source == "zh" else g, "zh")
            en_part = _sentence_with(en_text, g if source == "zh" else f, "en")
            rows.append((f, g, both, len(hits), n_r, d, both / len(hits), zh_part, en_part))
    out = pd.DataFrame(rows, columns=["formula", "rendering", "both", "n_formula", "n_rendering", "dice", "share",
                                      "example_zh", "example_en"])
    return out.sort_values(["formula", "dice", "both", "rendering"], ascending=[True, False, False, True],
                           ignore_index=True, kind="mergesort")
