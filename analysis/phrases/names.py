"""Names among recurring phrases: people, places, offices, bodies, named programmes and documents,
told apart from formulae by their capitalised surface forms and a list of titles.

A phrase is a *name* when, in more than half of its occurrences, every content word of it (a
word that is not a function word, :data:`~analysis.phrases.FUNCTION_WORDS`, nor a subject
pronoun) is written with a capital first letter or is a title (:data:`TITLES`): "Foreign
Minister Wang Yi", "the United Nations", "the Belt and Road Initiative", "Secretary of
State", "the US". A phrase opening with "my", "our" or "your" is a form of address ("My
Lords", "Your Honor"), a formula however it is written (:data:`ADDRESS_OPENERS`), unless it
ends with a name (below: "my colleague Lu Kang"). A lower-case particle of a name
(:data:`NAME_PARTICLES`: "Sergio Vieira de Mello", "Ludwig Mies van der Rohe"; bound to the next word: "Côte d'Ivoire", "Abd al-Aziz") is
a name word inside a name, between capitalised words, never at its start or end
(:func:`inside_particles`: "with de Gaulle" is no name). Capitals are read from the text as
written, at each token's character span in the text layer (:mod:`analysis.tokens`); the first
word of a sentence is capitalised in any case, so there its word's capitalisation elsewhere in
the corpus is used instead (the share of its other occurrences that are capitalised, at least
one half). A formula that holds a name
among lower-case words ("with Comrade Xi Jinping at its core", "full and rigorous
self-governance of the Party") is no name; one that ends with a name of two name words or
more, the last capitalised and no title, is one ("the hon Member for Great Grimsby Mr
Mitchell", "at the invitation of State Councilor and Foreign Minister Wang Yi"): the words
before the name are a frame whose slot the name fills, and the frame is listed on its own
where it recurs ("the hon member for"), as a Chinese phrase ending with a person's name is a
name (below).

:func:`names` returns the name rows of :func:`~analysis.phrases.formulae` with the same
columns; ``formulae(..., kind="all")`` keeps both and says which in ``kind``.

Chinese has no capitals: a Chinese word is a name word when it is a title (:data:`ZH_TITLES`),
when jieba's dictionary or the suite's user dictionary (:mod:`analysis.languages`) tags it as a
person, place, body or other proper name, when it is a two- or three-character word those
dictionaries do not know starting with a common surname, or a word they do not know written
only with the characters of transliterated foreign names (蓬佩奥, 伊姆兰) (:func:`zh_name_words`).
The segmenter splits some transliterated names into a known word and a one-character rest
(蒂勒 森 "Tillerson", 伊姆兰 汗 "Imran Khan"): a one-character noun or unknown character next
to a person's name is part of the name. Chinese puts titles before the name (美国 国务卿 蓬佩奥
"US Secretary of State Pompeo", 中共中央政治局 委员 ... 主任 杨洁篪), so a Chinese phrase that
ends with a person's name is a name whatever its other words, and so is one that ends with the
head word of a named meeting or body (论坛, 峰会, 委员会: :data:`ZH_NAME_HEADS`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..types import TurnsLike
from ._stream import CLITICS, FUNCTION_WORDS, SUBJECT_PRONOUNS, Stream

__all__ = ["names", "TITLES", "ADDRESS_OPENERS", "NAME_SHARE", "NAME_PARTICLES", "ZH_TITLES", "ZH_NAME_HEADS",
           "ZH_TRANSLITERATION",
           "inside_particles", "written_particles", "zh_name_words", "zh_person_words", "zh_phrase_is_name"]

#: Titles and forms of address: content words that make a phrase a name when its other content
#: words are names ("the foreign minister", "the secretary-general", "Mr Speaker").
TITLES = frozenset("""
president vice-president premier chancellor minister ministers secretary secretary-general
under-secretary-general deputy spokesperson spokesman spokeswoman ambassador ambassadors envoy
councilor councillor chairman chairwoman chairperson governor senator senators congressman
congresswoman commissioner director director-general admiral king queen prince princess emperor
sheikh pope majesty highness excellency excellencies mr mrs ms miss dr sir madam lord lady
baroness baron earl comrade attorney prime foreign chief justice judge speaker honor honour lordship
ladyship
""".split())
#: Possessives of the speaker and the addressee: a phrase opening with one is a form of address
#: ("My Lords", "Your Honor", "my noble friend"), which names a role, not a person: a formula.
ADDRESS_OPENERS = frozenset("my our your".split())
#: A phrase is a name when more than this share of its occurrences is written as one.
NAME_SHARE = 0.5
#: Lower-case particles of names ("Sergio Vieira de Mello", "Ludwig van Beethoven", "Pedro da
#: Silva", "Abd al-Aziz"): a name word when inside a name (see :func:`inside_particles`). "and"
#: and "of" ("Trinidad and Tobago") are function words, accepted as they were.
NAME_PARTICLES = frozenset("de da do dos das del della di du des van von der den ter la le al el bin ibn".split())
#: A particle bound to the next word, written "d'Ivoire", "l'Homme", "al-Aziz", "el-Sisi":
#: the particle, then an apostrophe (straight or curly) or a hyphen, then a word character.
_BOUND = re.compile(r"(?:[dl]['\u2019]|(?:" + "|".join(sorted(NAME_PARTICLES)) + r")-)(?=\w)")

#: Chinese titles and offices ("习近平 主席", "王毅 国务委员 兼 外长", "外交部 发言人").
ZH_TITLES = frozenset("""
主席 副主席 总统 副总统 总理 副总理 首相 外长 外交部长 外交部 部长 副部长 国务委员 国务卿 大使 特使 代表
发言人 秘书长 副秘书长 委员 主任 书记 总书记 国王 女王 王储 亲王 王子 公主 议长 总督 先生 女士 阁下 同志
""".split())
#: jieba's part-of-speech tags of proper names: people (nr, nrfg, nrt), places (ns), bodies (nt),
#: other proper nouns (nz).
ZH_NAME_TAGS = ("nr", "ns", "nt", "nz")
#: Common Chinese surnames: a two- or three-character word that jieba's dictionary does not know
#: and that starts with one of them is taken for a person's name (王毅, 华春莹, 赵立坚).
ZH_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
                        "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
                        "覃武戴莫孔向汤耿华")


#: Characters of transliterated foreign names (after the Xinhua transliteration tables): a word
#: unknown to the dictionaries written only with them is a foreign name (蓬佩奥, 博尔顿, 伊姆兰).
ZH_TRANSLITERATION = frozenset("阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁杜多厄恩尔法凡菲费芬丰弗福"
                               "富盖甘冈戈格根古圭哈海汉豪赫亨洪胡华怀霍基吉加贾杰金卡凯坎康考柯科克肯库奎拉莱兰朗劳勒雷里"
                               "利莉列林琳隆卢鲁路伦罗洛马迈麦曼梅门蒙米敏明莫默姆穆纳奈南内尼妮涅宁纽努诺欧帕潘庞佩彭皮珀"
                               "蓬普齐奇乔切钦琼萨塞桑瑟森沙尚舍什施史斯松苏索塔泰坦汤唐特滕提图托瓦万威韦维温文沃乌伍西希"
                               "谢辛休雅亚延扬耶伊因尤约泽扎詹兹佐夫娃娅茨逊")
#: Head words of named meetings and bodies: a Chinese phrase ending with one is a name
#: (中非合作论坛 北京 峰会, 一带一路 国际 合作 高峰论坛, 联合国 大会).
ZH_NAME_HEADS = frozenset("论坛 高峰论坛 峰会 博览会 委员会 理事会 大会 首脑会议".split())


#: Titles that end a compound name word (日本首相 "the Japanese Prime Minister", 美国总统).
_ZH_TITLE_ENDS = ("主席", "总统", "总理", "首相", "外长", "部长", "大使", "国务卿", "秘书长", "发言人")


def _zh_tags() -> dict:
    """Part-of-speech tags of jieba's dictionary, with those of the suite's user dictionaries
    (:func:`analysis.languages.zh_dictionaries`) over them (read again when one changes)."""
    from ..languages import zh_dictionaries

    paths = zh_dictionaries()
    return _zh_tags_of(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))


@lru_cache(maxsize=2)
def _zh_tags_of(stamps: tuple) -> dict:
    from jieba.posseg import dt

    from ..languages import _read_dictionary

    tags = dict(dt.word_tag_tab)
    for path, _, _ in stamps:
        for word, _, tag in _read_dictionary(Path(path)):
            if tag:
                tags[word] = tag
    return tags


def _zh_kinds(words) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per word: (has a Han character, is a name word, is a person's name)."""
    from ..languages import has_han

    words = [str(w) for w in words]
    if not has_han("".join(words)):  # no Chinese at all: one search instead of one per word
        none = np.zeros(len(words), dtype=bool)
        return none, none.copy(), none.copy()
    han = np.fromiter((has_han(w) for w in words), dtype=bool, count=len(words))
    name = np.zeros(len(words), dtype=bool)
    person = np.zeros(len(words), dtype=bool)
    if not han.any():
        return han, name, person
    tags = _zh_tags()
    for i in np.flatnonzero(han):
        w = words[i]
        tag = tags.get(w)
        person[i] = ((tag is not None and tag.startswith("nr"))
                     or (tag is None and 2 <= len(w) <= 3 and w[0] in ZH_SURNAMES)
                     or (tag is None and len(w) >= 2 and all(c in ZH_TRANSLITERATION for c in w)))
        name[i] = (person[i] or w in ZH_TITLES or (tag is not None and tag.startswith(ZH_NAME_TAGS))
                   or any(w.endswith(t) for t in _ZH_TITLE_ENDS if len(w) > len(t)))
    return han, name, person


def zh_name_words(words) -> np.ndarray:
    """Per word: is it a Chinese name word, Chinese having no capitals: a title
    (:data:`ZH_TITLES`) or a word ending with one (日本首相), a word jieba's dictionary or the
    suite's user dictionary tags as a proper name (:data:`ZH_NAME_TAGS`), a two- or
    three-character word unknown to them that starts with a common surname (:data:`ZH_SURNAMES`),
    or a word unknown to them written only with :data:`ZH_TRANSLITERATION` characters.
    False for every word without a Han character."""
    return _zh_kinds(words)[1]


def zh_person_words(words) -> np.ndarray:
    """Per word: is it a person's name (tagged ``nr``, or by the surname or transliteration rule
    of :func:`zh_name_words`)."""
    return _zh_kinds(words)[2]


def _zh_pieces(words) -> np.ndarray:
    """Per word: could it be the one-character rest of a split name (a Han character tagged as a
    noun, a morpheme or a name, or unknown to the dictionaries; not a function word)."""
    from ..languages import has_han

    tags = _zh_tags()
    out = np.zeros(len(words), dtype=bool)
    for i, w in enumerate(map(str, words)):
        if len(w) == 1 and has_han(w) and w not in FUNCTION_WORDS:
            tag = tags.get(w)
            out[i] = tag is None or tag in ("n", "ng", "zg", "nr", "nrt", "nrfg", "ns")
    return out


def zh_phrase_is_name(words) -> bool:
    """Whether a Chinese phrase (its words in order) is a name: every content word a name word,
    or the last word a person's name, or the head of a named meeting or body
    (:data:`ZH_NAME_HEADS`), or a one-character rest of a name after one (see the module notes).

    Examples
    --------
    >>> zh_phrase_is_name(["美国", "国务卿", "蒂勒", "森"]), zh_phrase_is_name(["坚决", "反对"])
    (True, False)
    """
    words = [str(w) for w in words]
    han, name, person = _zh_kinds(words)
    if not len(words) or not han.any():
        return False
    piece = _zh_pieces(words)
    last = len(words) - 1
    ends_person = person[last] or (last > 0 and piece[last] and person[last - 1])
    content = np.fromiter((w not in FUNCTION_WORDS and w not in SUBJECT_PRONOUNS for w in words), dtype=bool,
                          count=len(words))
    named = name | (piece & (np.r_[person[1:], False] | np.r_[False, person[:-1]]))
    return bool(ends_person or words[last] in ZH_NAME_HEADS or (content.any() and named[content].all()))


def _written_upper(stream: Stream, texts: list[str], block: int) -> np.ndarray:
    """Per stream position: does the token, as written in its text, start with a capital (its
    first character, at its character offset, read from the texts ``block`` characters or so
    at a time as code points)."""
    n = stream.n_tokens
    out = np.zeros(n, dtype=bool)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.cumsum(lengths)
    r0 = 0
    while r0 < len(texts):
        r1 = max(int(np.searchsorted(ends, ends[r0] - lengths[r0] + block, side="right")), r0 + 1)
        a, b = int(stream.row_start[r0]), int(stream.row_start[r1])
        if b > a:
            chunk = "".join(texts[r0:r1]).encode("utf-32-le", "surrogatepass")
            points = np.frombuffer(chunk, dtype="<u4")
            offset = np.concatenate([[0], np.cumsum(lengths[r0:r1])])
            first = points[offset[stream.row[a:b] - r0] + stream.char_start[a:b]]
            upper = (first >= 65) & (first <= 90)  # ASCII: A-Z are its only capitals
            wide = np.flatnonzero(first >= 128)  # the others: each distinct code point asked once
            if len(wide):
                kinds, which = np.unique(first[wide], return_inverse=True)
                upper[wide] = np.fromiter((chr(c).isupper() for c in kinds.tolist()), dtype=bool,
                                          count=len(kinds))[which]
            out[a:b] = upper
        r0 = r1
    return out


#: Codes counted at a time by :func:`code_counts`.
COUNT_BLOCK = 1 << 20


def code_counts(codes: np.ndarray, k: int, *, block: int = COUNT_BLOCK) -> np.ndarray:
    """``np.bincount(codes, minlength=k)`` as int64, counted ``block`` codes at a time
    (bincount copies its input to int64: a block's copy is made, not one as long as
    ``codes``, the stream's token ids or a level's n-gram codes).

    >>> code_counts(np.array([2, 0, 2], dtype=np.int32), 4, block=2).tolist()
    [1, 0, 2, 0]
    """
    out = np.zeros(k, dtype=np.int64)
    for a in range(0, len(codes), block):
        out += np.bincount(codes[a:a + block], minlength=k)
    return out


def unique_counts(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)`` of a 1-d integer array: one sort and the bounds
    of its runs (``np.unique`` takes several times as long on millions of keys).

    >>> [x.tolist() for x in unique_counts(np.array([5, 2, 5, 9, 2, 5]))]
    [[2, 5, 9], [2, 3, 1]]
    """
    keys = np.sort(keys)
    new = np.ones(len(keys), dtype=bool)
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    at = np.flatnonzero(new)
    return keys[at], np.diff(np.append(at, len(keys)))


def capitalised(stream: Stream, texts: list[str], *, block: int = 1 << 22) -> np.ndarray:
    """Per stream position: is the token written with a capital first letter (for the first
    token of a sentence: is its word capitalised in at least half of its other occurrences).
    The capitals are read from the texts at the tokens' offsets, about ``block`` characters
    at a time."""
    n = stream.n_tokens
    if n == 0:
        return np.zeros(0, dtype=bool)
    if stream.char_start is None:  # a stream of token lists: no surface forms, so no capitals
        return np.zeros(n, dtype=bool)
    cap = _written_upper(stream, texts, block)
    initial = np.ones(n, dtype=bool)
    initial[1:] = stream.seg_end[1:] != stream.seg_end[:-1]  # a sentence holds a token at least
    vocab_size = len(stream.vocab)
    # each word's uses and capitalised uses after a sentence's first position (no copy of the
    # ids of those positions: every use less the first positions')
    seen = code_counts(stream.ids, vocab_size) - code_counts(stream.ids[initial], vocab_size)
    inner_cap = cap & ~initial
    caps = code_counts(stream.ids[inner_cap], vocab_size)
    del inner_cap
    rate = np.divide(caps, seen, out=np.zeros(vocab_size), where=seen > 0)
    out = np.where(initial, (rate >= 0.5)[stream.ids], cap)
    del cap, initial
    zh = zh_name_words(stream.vocab)
    if zh.any():  # Chinese words: names by title, dictionary tag or surname, not by capitals
        from ..languages import has_han

        han = np.fromiter((has_han(str(w)) for w in stream.vocab), dtype=bool, count=vocab_size)
        out = np.where(han[stream.ids], zh[stream.ids], out)
    return out


def content_mask(stream: Stream) -> np.ndarray:
    """Per vocabulary id: is the token a content word (neither function word, clitic nor subject
    pronoun)."""
    skip = FUNCTION_WORDS | CLITICS | SUBJECT_PRONOUNS
    return np.fromiter((w not in skip for w in stream.vocab), dtype=bool, count=len(stream.vocab))


def _ends_with_name(word: np.ndarray, named: np.ndarray, proper: np.ndarray) -> np.ndarray:
    """Per occurrence (rows of the (occurrences, words) masks: ``word`` a content word, ``named``
    a content word written as a name or a title, ``proper`` written with a capital and no
    title): does it end with a name of at least two name words, the last one ``proper``
    (function words inside the name skipped: "... for Orkney and Shetland Mr Carmichael", "Lord
    Lloyd of Berwick")."""
    m = word.shape[1]
    alive = word[:, -1] & proper[:, -1]
    count = alive.astype(np.int64)
    for j in range(m - 2, -1, -1):
        alive &= ~(word[:, j] & ~named[:, j])
        count += alive & word[:, j]
    return count >= 2


def inside_particles(particle: np.ndarray, cap: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Per word of each occurrence (rows of the (occurrences, words) masks): is it a name
    particle inside a name.

    ``particle`` marks a particle of :data:`NAME_PARTICLES` written in lower case, ``cap`` a word
    written with a capital, ``bound`` a particle bound to a capitalised word ("d'Ivoire",
    "al-Aziz"). A run of particles is inside a name when a capitalised word comes right before
    it and a capitalised word (or a bound particle) right after it, both in the occurrence
    ("Vieira de Mello", "Mies van der Rohe"); a bound particle when a capitalised word, or
    such a run after one, comes right before it ("Côte d'Ivoire", "Abd al-Aziz"). A particle
    at the start or end of the occurrence, or next to a lower-case word, is none ("of bin
    Laden", "with de Gaulle").
    """
    m = cap.shape[1] if cap.ndim == 2 else 0
    left = np.zeros(cap.shape, dtype=bool)  # a capitalised word before, only particles between
    right = np.zeros(cap.shape, dtype=bool)  # a capitalised word or bound particle after, particles between
    for j in range(1, m):
        left[:, j] = cap[:, j - 1] | ((particle[:, j - 1] | bound[:, j - 1]) & left[:, j - 1])
    for j in range(m - 2, -1, -1):
        right[:, j] = cap[:, j + 1] | bound[:, j + 1] | (particle[:, j + 1] & right[:, j + 1])
    return (particle & left & right) | (bound & left)


def written_particles(words: Sequence[str]) -> np.ndarray:
    """Per word of one occurrence as written (punctuation stripped): is it a name particle
    inside a name (:func:`inside_particles`)."""
    cap = np.array([w[:1].isupper() for w in words], dtype=bool)
    particle = np.array([w in NAME_PARTICLES for w in words], dtype=bool)
    bound = np.array([(b := _BOUND.match(w)) is not None and w[b.end():b.end() + 1].isupper() for w in words],
                     dtype=bool)
    return inside_particles(particle[None], cap[None], bound[None])[0]


def _bound_capitalised(stream: Stream, texts: list[str], idx: np.ndarray, prefix: np.ndarray) -> np.ndarray:
    """Per stream position of ``idx``: is its token a particle bound to a word written with a
    capital ("d'Ivoire": the character after the ``prefix`` of its vocabulary word, read from
    the texts)."""
    out = np.zeros(idx.shape, dtype=bool)
    if stream.char_start is None:  # a stream of token lists: no surface forms
        return out
    cut = prefix[stream.ids[idx]]
    at = np.flatnonzero(cut.ravel() > 0)
    if len(at):
        where = np.unique(idx.ravel()[at])
        first = stream.char_start[where].astype(np.int64) + prefix[stream.ids[where]]
        upper = np.fromiter((texts[r][c: c + 1].isupper() for r, c in zip(stream.row[where].tolist(), first.tolist())),
                            dtype=bool, count=len(where))
        out.ravel()[at] = upper[np.searchsorted(where, idx.ravel()[at])]
    return out


def name_shares(stream: Stream, texts: list[str], cap: np.ndarray, pos: np.ndarray, phrase: np.ndarray,
                n: np.ndarray, k: int) -> np.ndarray:
    """Per phrase (``k`` of them; occurrence ``i`` of phrase ``phrase[i]`` at ``pos[i]``, phrase
    lengths ``n``): the share of its occurrences written as a name (see the module notes),
    capitals ``cap`` per stream position (:func:`capitalised`), bound particles read from
    ``texts``."""
    content = content_mask(stream)
    title = np.fromiter((w in TITLES or w in ZH_TITLES for w in stream.vocab), dtype=bool, count=len(stream.vocab))
    particle = np.fromiter((w in NAME_PARTICLES for w in stream.vocab), dtype=bool, count=len(stream.vocab))
    address = np.fromiter((w in ADDRESS_OPENERS for w in stream.vocab), dtype=bool, count=len(stream.vocab))
    prefix = np.fromiter(((b.end() if (b := _BOUND.match(str(w))) else 0) for w in stream.vocab), dtype=np.int64,
                         count=len(stream.vocab))
    named = np.zeros(len(pos), dtype=bool)
    lengths = n[phrase]
    # a name holds a word written with a capital or a title (a particle inside a name has a
    # capitalised word beside it): only the occurrences holding one are looked at, found by
    # the running count of such positions over the stream
    marked = np.zeros(len(cap) + 1, dtype=np.int32 if len(cap) < 2**31 else np.int64)
    np.cumsum(cap | title[stream.ids], out=marked[1:])
    maybe = marked[pos + lengths] > marked[pos]
    del marked
    for m in np.flatnonzero(np.bincount(lengths)):  # the lengths used, ascending
        at = np.flatnonzero((lengths == m) & maybe)
        if not len(at):
            continue
        idx = pos[at, None] + np.arange(m, dtype=pos.dtype)  # positions in their own dtype (int32: half the bytes)
        ids = stream.ids[idx]
        word = content[ids]
        written = cap[idx]
        inside = inside_particles(particle[ids] & ~written, written, _bound_capitalised(stream, texts, idx, prefix))
        ok = np.where(word, written | title[ids] | inside, True)
        named[at] = (ok.all(axis=1) & word.any(axis=1) & ~address[ids[:, 0]]) \
            | _ends_with_name(word, ok, (written | inside) & ~title[ids])
    total = np.bincount(phrase, minlength=k)
    shares = np.bincount(phrase, weights=named, minlength=k) / np.maximum(total, 1)
    han, name, person = _zh_kinds(stream.vocab)
    if han.any():  # Chinese phrases: by their words (no capitals), see zh_phrase_is_name
        piece = _zh_pieces(stream.vocab)
        head = np.fromiter((w in ZH_NAME_HEADS for w in stream.vocab), dtype=bool, count=len(stream.vocab))
        zh_content = np.fromiter((w not in FUNCTION_WORDS and w not in SUBJECT_PRONOUNS for w in stream.vocab),
                                 dtype=bool, count=len(stream.vocab))
        phrases, at_first = np.unique(phrase, return_index=True)
        start = pos[at_first].astype(np.int64)
        for m in np.unique(n[phrases]):
            sel = np.flatnonzero(n[phrases] == m)
            ids = stream.ids[start[sel, None] + np.arange(m)]
            is_zh = han[ids].any(axis=1)
            last = ids[:, -1]
            ends = person[last] | head[last]
            if m > 1:
                ends |= piece[last] & person[ids[:, -2]]
            near = np.zeros(ids.shape, dtype=bool)
            near[:, 1:] |= person[ids[:, :-1]]
            near[:, :-1] |= person[ids[:, 1:]]
            word = zh_content[ids]
            all_named = np.where(word, name[ids] | (piece[ids] & near), True).all(axis=1) & word.any(axis=1)
            shares[phrases[sel[is_zh]]] = (ends | all_named)[is_zh].astype(float)
    return shares


def names(turns: TurnsLike, **options) -> pd.DataFrame:
    """Proper names that recur across transcripts, with the columns of :func:`formulae`.

    ``formulae(turns, kind="name", **options)``: the people, places, offices, bodies,
    programmes and documents a corpus talks about, ranked like formulae (who is talked about is
    its own question; the default formula list leaves them out).

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        As for :func:`~analysis.phrases.formulae`.
    **options
        Any option of :func:`~analysis.phrases.formulae` but ``kind``.

    Returns
    -------
    pandas.DataFrame
        The rows of :func:`~analysis.phrases.formulae` whose ``kind`` is "name".

    Notes
    -----
    See the module notes of :mod:`analysis.phrases.names` for what makes a name.

    Examples
    --------
    >>> turns = pd.DataFrame({"transcript_id": ["a", "b"], "speaker": ["X", "Y"],
    ...     "text": ["Foreign Minister Wang Yi met them. We firmly oppose it.",
    ...              "As Foreign Minister Wang Yi said, we firmly oppose it."]})
    >>> names(turns)["formula"].tolist()
    ['foreign minister wang yi']
    """
    from .formulae import formulae

    if "kind" in options:
        raise TypeError("names(): kind is set by names() itself (kind='name'); use formulae(kind=...) instead.")
    return formulae(turns, kind="name", **options)
