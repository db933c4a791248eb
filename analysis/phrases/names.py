"""Names among recurring phrases: people, places, offices, bodies, named programmes and documents,
told apart from formulae by their capitalised surface forms and a list of titles.

A phrase is a *name* when, in more than half of its occurrences, every content word of it (a
word that is not a function word, :data:`~analysis.phrases.FUNCTION_WORDS`, nor a subject
pronoun) is written with a capital first letter or is a title (:data:`TITLES`): "Foreign
Minister Wang Yi", "the United Nations", "the Belt and Road Initiative", "Secretary of
State", "the US". Capitals are read from the text as written, at each token's character span
in the text layer (:mod:`analysis.tokens`); the first word of a sentence is capitalised in any
case, so there its word's capitalisation elsewhere in the corpus is used instead (the share of
its other occurrences that are capitalised, at least one half). A formula that holds a name
among lower-case words ("with Comrade Xi Jinping at its core", "full and rigorous
self-governance of the Party") is no name.

:func:`names` returns the name rows of :func:`~analysis.phrases.formulae` with the same
columns; ``formulae(..., kind="all")`` keeps both and says which in ``kind``.

Chinese has no capitals: a Chinese word is a name word when it is a title (:data:`ZH_TITLES`),
when jieba's dictionary tags it as a person, place, body or other proper name, or when it is a
two- or three-character word that dictionary does not know starting with a common surname
(:func:`zh_name_words`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..types import TurnsLike
from ._stream import CLITICS, FUNCTION_WORDS, SUBJECT_PRONOUNS, Stream

__all__ = ["names", "TITLES", "NAME_SHARE", "ZH_TITLES", "zh_name_words"]

#: Titles and forms of address: content words that make a phrase a name when its other content
#: words are names ("the foreign minister", "the secretary-general", "Mr Speaker").
TITLES = frozenset("""
president vice-president premier chancellor minister ministers secretary secretary-general
under-secretary-general deputy spokesperson spokesman spokeswoman ambassador ambassadors envoy
councilor councillor chairman chairwoman chairperson governor senator senators congressman
congresswoman commissioner director director-general admiral king queen prince princess emperor
sheikh pope majesty highness excellency excellencies mr mrs ms miss dr sir madam lord lady
baroness baron earl comrade attorney prime foreign
""".split())
#: A phrase is a name when more than this share of its occurrences is written as one.
NAME_SHARE = 0.5

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


#: Titles that end a compound name word (日本首相 "the Japanese Prime Minister", 美国总统).
_ZH_TITLE_ENDS = ("主席", "总统", "总理", "首相", "外长", "部长", "大使", "国务卿", "秘书长", "发言人")


def zh_name_words(words) -> np.ndarray:
    """Per word: is it a Chinese name word, Chinese having no capitals: a title
    (:data:`ZH_TITLES`) or a word ending with one (日本首相), a word jieba's dictionary tags as a
    proper name (:data:`ZH_NAME_TAGS`),
    or a two- or three-character word unknown to that dictionary that starts with a common
    surname (:data:`ZH_SURNAMES`). False for every word without a Han character."""
    from ..languages import has_han

    words = [str(w) for w in words]
    han = [has_han(w) for w in words]
    out = np.zeros(len(words), dtype=bool)
    if not any(han):
        return out
    from jieba.posseg import dt

    tags = dt.word_tag_tab
    for i, (w, h) in enumerate(zip(words, han)):
        if not h:
            continue
        tag = tags.get(w)
        out[i] = (w in ZH_TITLES or (tag is not None and tag.startswith(ZH_NAME_TAGS))
                  or any(w.endswith(t) for t in _ZH_TITLE_ENDS if len(w) > len(t))
                  or (tag is None and 2 <= len(w) <= 3 and w[0] in ZH_SURNAMES))
    return out


def capitalised(stream: Stream, texts: list[str]) -> np.ndarray:
    """Per stream position: is the token written with a capital first letter (for the first
    token of a sentence: is its word capitalised in at least half of its other occurrences)."""
    from ..tokens import token_table

    n = stream.n_tokens
    if n == 0:
        return np.zeros(0, dtype=bool)
    table = token_table(texts)
    width = np.int64(max((len(t) for t in texts), default=0) + 1)
    key_table = table.text.astype(np.int64) * width + table.start.astype(np.int64)
    if stream.char_start is not None:
        key_stream = stream.row.astype(np.int64) * width + stream.char_start.astype(np.int64)
    else:  # a stream of token lists: no surface forms, so no capitals
        return np.zeros(n, dtype=bool)
    at = np.searchsorted(key_table, key_stream)
    at = np.minimum(at, len(key_table) - 1)
    type_cap = np.fromiter((t[:1].isupper() for t in table.types), dtype=bool, count=len(table.types))
    cap = type_cap[table.tid[at]] & (key_table[at] == key_stream)
    initial = np.ones(n, dtype=bool)
    initial[1:] = stream.seg_end[:-1] == np.arange(1, n)
    vocab_size = len(stream.vocab)
    inner = ~initial
    seen = np.bincount(stream.ids[inner], minlength=vocab_size)
    caps = np.bincount(stream.ids[inner], weights=cap[inner], minlength=vocab_size)
    rate = np.divide(caps, seen, out=np.zeros(vocab_size), where=seen > 0)
    out = np.where(initial, rate[stream.ids] >= 0.5, cap)
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


def name_shares(stream: Stream, cap: np.ndarray, pos: np.ndarray, phrase: np.ndarray, n: np.ndarray,
                k: int) -> np.ndarray:
    """Per phrase (``k`` of them; occurrence ``i`` of phrase ``phrase[i]`` at ``pos[i]``, phrase
    lengths ``n``): the share of its occurrences written as a name (see the module notes)."""
    content = content_mask(stream)
    title = np.fromiter((w in TITLES or w in ZH_TITLES for w in stream.vocab), dtype=bool, count=len(stream.vocab))
    named = np.zeros(len(pos), dtype=bool)
    lengths = n[phrase]
    for m in np.unique(lengths):
        at = np.flatnonzero(lengths == m)
        idx = pos[at, None].astype(np.int64) + np.arange(m)
        ids = stream.ids[idx]
        word = content[ids]
        ok = np.where(word, cap[idx] | title[ids], True)
        named[at] = ok.all(axis=1) & word.any(axis=1)
    total = np.bincount(phrase, minlength=k)
    return np.bincount(phrase, weights=named, minlength=k) / np.maximum(total, 1)


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
