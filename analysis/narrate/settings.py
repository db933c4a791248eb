"""Parameters a corpus can support, and what its text is written in.

The quickstart notebook's parameters (``K_TOPICS``, ``MIN_TRANSCRIPTS``, ``MIN_DF``) suit a
corpus of hundreds of briefings; on a folder of one or two transcripts they ask for more than
it holds. :func:`fit_settings` checks each against the corpus, lowers the ones it cannot meet
and says why, in a sentence computed from the counts (which value was asked, which is used,
and the ``-p NAME VALUE`` that sets it). :func:`unsegmented_share` measures how much of a
corpus is written in a script without spaces between words (Chinese, Japanese, Thai...);
:func:`describe_script` says it, and how the suite reads it: Chinese is cut into words by the
Chinese segmenter (:mod:`analysis.languages`), the other scripts are not segmented yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import EmptyResultError
from ._fmt import Finding, fmt_int, fmt_share, join_words

__all__ = ["Settings", "fit_settings", "unsegmented_share", "describe_script", "UNSEGMENTED_SCRIPTS"]

#: Scripts written without spaces between words, by Unicode block: Han (CJK ideographs and
#: their extensions and compatibility forms), Japanese kana, Thai, Lao, Myanmar, Khmer.
UNSEGMENTED_SCRIPTS = {
    "Chinese or Japanese characters": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Thai, Lao, Myanmar or Khmer script": "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff",
}
_UNSEGMENTED = re.compile("[" + "".join(UNSEGMENTED_SCRIPTS.values()) + "]")
#: Japanese kana: where they are few beside Han characters, the text is Chinese.
_KANA = re.compile("[\u3040-\u30ff]")
#: Kana above this share of the unsegmented letters make the text Japanese, not Chinese.
KANA_SHARE = 0.05
_LETTER = re.compile(r"[^\W\d_]")
#: Characters read by :func:`unsegmented_share` (spread over the corpus), enough for a share.
SAMPLE_CHARS = 1_000_000


def _sample(texts: Iterable[str], limit: int = SAMPLE_CHARS) -> str:
    """About ``limit`` characters of ``texts``, taken evenly across them (not only the first files)."""
    texts = [str(t) for t in texts]
    total = sum(map(len, texts))
    if total <= limit:
        return "\n".join(texts)
    step = max(1, int(np.ceil(total / limit)))
    # every step-th text when there are many; a slice of each when there are a few long ones
    if len(texts) >= step:
        return "\n".join(texts[::step])
    per = max(1, limit // len(texts))
    return "\n".join(t[:per] for t in texts)


def unsegmented_share(texts: Iterable[str] | pd.DataFrame) -> float:
    """Share of the letters of ``texts`` (or of a turns frame's ``text``) that belong to a
    script written without spaces between words (:data:`UNSEGMENTED_SCRIPTS`).

    The suite's tokenizer splits words at spaces and punctuation, so in such text a "word" is a
    whole clause. About a million characters, spread over the texts, are read.

    >>> unsegmented_share(["中方对此有何评论？", "Q: comment?"])
    0.5
    >>> unsegmented_share(["We oppose it."])
    0.0
    """
    if isinstance(texts, pd.DataFrame):
        texts = texts["text"].tolist()
    sample = _sample(texts)
    letters = len(_LETTER.findall(sample))
    return len(_UNSEGMENTED.findall(sample)) / letters if letters else 0.0


def _script_name(texts: Iterable[str]) -> str:
    sample = _sample(texts, 100_000)
    counts = {name: len(re.findall(f"[{chars}]", sample)) for name, chars in UNSEGMENTED_SCRIPTS.items()}
    return max(counts, key=counts.get)


def describe_script(texts: Iterable[str] | pd.DataFrame, *, threshold: float = 0.3) -> Finding:
    """A sentence when ``threshold`` or more of the letters are in a script written without
    spaces between words, saying how the suite reads them; an empty :class:`Finding` otherwise.

    Han characters with few Japanese kana beside them (at most :data:`KANA_SHARE` of those
    letters) are Chinese, which the Chinese segmenter cuts into words; other such scripts
    (Japanese kana, Thai...) are not segmented yet, and the sentence warns of it.
    ``counts`` holds ``unsegmented_share``.

    >>> print(describe_script(["中方对此有何评论？我们坚决反对。"]))
    100% of this corpus's letters are Chinese characters, which the suite cuts into words with its Chinese segmenter (jieba, with its dictionary and the register's terms); readability and the rhetorical device detectors are English measures, not meant for them; figures draw them only where a font with them is installed.
    >>> print(describe_script(["これはペンです。"]))
    100% of this corpus's letters are Chinese or Japanese characters, which the suite does not segment into words yet: terms, phrases and topics count each run of them between spaces or punctuation as one word (a clause, not a word), and figures draw them only where a font with them is installed.
    >>> describe_script(["We oppose it."]).text
    ''
    """
    texts = [str(t) for t in (texts["text"].tolist() if isinstance(texts, pd.DataFrame) else texts)]
    share = unsegmented_share(texts)
    if share < threshold:
        return Finding("", counts={"unsegmented_share": share})
    sample = _sample(texts)
    unsegmented = len(_UNSEGMENTED.findall(sample))
    chinese = _script_name(texts) == "Chinese or Japanese characters" \
        and len(_KANA.findall(sample)) <= KANA_SHARE * unsegmented
    if chinese:
        text = (f"{fmt_share(share)} of this corpus's letters are Chinese characters, which the suite cuts into "
                "words with its Chinese segmenter (jieba, with its dictionary and the register's terms); "
                "readability and the rhetorical device detectors are English measures, not meant for them; "
                "figures draw them only where a font with them is installed.")
    else:
        text = (f"{fmt_share(share)} of this corpus's letters are {_script_name(texts)}, which the suite does not "
                "segment into words yet: terms, phrases and topics count each run of them between spaces or "
                "punctuation as one word (a clause, not a word), and figures draw them only where a font with "
                "them is installed.")
    return Finding(text, counts={"unsegmented_share": share})


@dataclass
class Settings(Finding):
    """A :class:`Finding` saying which parameters a corpus supports, with ``values``: the
    parameters to use, by name (``k_topics``, ``min_transcripts``, ``min_df``)."""

    values: dict = field(default_factory=dict)

    def __getitem__(self, name: str):
        return self.values[name]


def _param(name: str) -> str:
    return name.upper()


def _design_counts(units: pd.DataFrame):
    """Document frequency of every term of ``units`` (the vocabulary of ``fit_topics`` before
    ``min_df``/``max_df``), as built by ``fit_topics``."""
    from ..topics._vectorize import build_design

    design = build_design(units, min_df=1, max_df=1.0, caller="fit_settings")
    counts = design.counts.tocsc()
    df = np.diff(counts.indptr)  # units using each term (counts are positive)
    return design.counts.tocsr(), df, len(units)


def _topic_capacity(counts, df: np.ndarray, n_units: int, min_df: int | float, max_df: float) -> tuple[int, int]:
    """(terms in the vocabulary, units with one of them) for ``min_df`` and ``max_df`` as
    scikit-learn's CountVectorizer applies them (a float is a share of all units)."""
    low = min_df if isinstance(min_df, (int, np.integer)) else min_df * n_units
    high = max_df if isinstance(max_df, (int, np.integer)) else max_df * n_units
    keep = (df >= low) & (df <= high)
    n_terms = int(keep.sum())
    if not n_terms:
        return 0, 0
    return n_terms, int((counts[:, np.flatnonzero(keep)].getnnz(axis=1) > 0).sum())


def fit_settings(corpus, *, k_topics: int = 8, min_transcripts: int = 3, min_df: int | float = 5,
                 max_df: float = 0.5, formula_length: int = 3, unit: str = "paragraph") -> Settings:
    """The quickstart's parameters this corpus supports, and a sentence saying which were
    lowered and why.

    - ``min_transcripts`` (formulae: phrases of ``formula_length``+ words recurring in that
      many transcripts) is lowered to the largest value for which
      :func:`analysis.phrases.formulae` finds a formula (it is not above the number of
      transcripts; 1 means phrases repeated within a transcript). The call is the one the
      notebook makes next, so its result is reused from memory.
    - ``k_topics`` and ``min_df`` (NMF on :func:`analysis.topics.topic_units` ``unit``\\ s):
      a model of k topics needs k units with a vocabulary term and k vocabulary terms (terms
      in ``min_df`` or more units and in at most ``max_df`` of them). ``min_df`` is lowered
      first (not below 2), then ``k_topics`` (not below 2), then ``min_df`` to 1.

    Parameters the corpus supports are kept as given. A parameter that cannot be met at all
    (no paragraph long enough for topics) is kept, and the sentence says so.

    Parameters
    ----------
    corpus : Corpus or pandas.DataFrame
        What the notebook analyses (a Corpus or its turns).
    k_topics, min_transcripts, min_df : int
        The values asked for (the notebook's parameters).
    max_df, formula_length, unit : default=0.5, 3, "paragraph"
        As the notebook calls ``fit_topics``, ``formulae`` and ``topic_units``.

    Returns
    -------
    Settings
        ``values`` (``settings["k_topics"]``...), ``text`` (Markdown; names each parameter in
        upper case, as the notebook's), ``counts`` (``transcripts``, ``units``, ``terms`` and,
        for a script without spaces, ``unsegmented_share``).
    """
    from .. import phrases, topics

    turns = corpus.turns() if hasattr(corpus, "turns") else corpus
    n_transcripts = int(turns["transcript_id"].nunique())
    asked = {"k_topics": k_topics, "min_transcripts": min_transcripts, "min_df": min_df}
    values = dict(asked)
    why: dict[str, str] = {}
    problems: list[str] = []
    counts: dict = {"transcripts": n_transcripts}

    # formulae: the largest min_transcripts that finds one
    m = min(int(min_transcripts), max(n_transcripts, 1))
    while True:
        try:
            found = len(phrases.formulae(corpus, min_transcripts=m, min_length=formula_length))
            break
        except EmptyResultError:
            found = 0
            if m <= 1:
                break
            m -= 1
    counts["formulae"] = found
    if not found:
        problems.append(f"no phrase of {formula_length} or more words recurs in this corpus, even within one "
                        f"transcript: the formulae section finds none")
    elif m != min_transcripts:
        values["min_transcripts"] = m
        if n_transcripts == 1:
            reason = "the corpus has 1 transcript; with 1, the formulae are phrases repeated within it"
        elif m == 1:
            reason = (f"no phrase of {formula_length}+ words recurs in 2 or more of its {fmt_int(n_transcripts)} "
                      "transcripts; with 1, the formulae are phrases repeated within a transcript")
        elif n_transcripts < min_transcripts:
            reason = f"the corpus has {fmt_int(n_transcripts)} transcripts"
        else:
            reason = f"no phrase of {formula_length}+ words recurs in {m + 1} or more of its transcripts"
        why["min_transcripts"] = reason

    # topics: units and vocabulary for k topics
    try:
        units = topics.topic_units(corpus, unit=unit)
        ucounts, df, n_units = _design_counts(units)
    except EmptyResultError:
        n_units = 0
    counts["units"] = n_units
    if not n_units:
        problems.append(f"no {unit} has 20 or more words with a word other than a stop word, so no topic model "
                        "can be fitted: the topics section fails")
    else:
        k0, md0 = int(k_topics), min_df
        if isinstance(md0, (int, np.integer)) and not isinstance(md0, bool):
            tries = ([(k0, md) for md in range(int(md0), 1, -1)] + [(k, min(int(md0), 2)) for k in range(k0 - 1, 1, -1)]
                     + [(k, 1) for k in range(k0, 1, -1)])
        else:
            tries = [(k, md0) for k in range(k0, 1, -1)]
        choice = None
        for k, md in tries:
            n_terms, n_used = _topic_capacity(ucounts, df, n_units, md, max_df)
            if n_terms >= k and n_used >= k:
                choice = (k, md)
                break
        if choice is None:
            problems.append(f"its {fmt_int(n_units)} {unit}s of 20+ words have too few distinct words for 2 "
                            "topics: the topics section fails")
        else:
            k, md = choice
            counts["terms"] = n_terms
            if md != md0:
                values["min_df"] = md
                why["min_df"] = (f"fewer than {k0} words are used in {md0} or more of its {fmt_int(n_units)} "
                                 f"{unit}s but in at most {fmt_share(max_df)} of them")
            if k != k0:
                values["k_topics"] = k
                why["k_topics"] = (f"its {unit}s of 20+ words have {fmt_int(n_used)} with one of the "
                                   f"{fmt_int(n_terms)} words used in {md}+ of them, and each topic needs its own")

    script = describe_script(turns)
    if script.text:
        counts["unsegmented_share"] = script.counts["unsegmented_share"]
    if why:
        items = [f"`{_param(n)}` {asked[n]} \u2192 {values[n]} ({why[n]})" for n in asked if n in why]
        how = " ".join(f"-p {_param(n)} {values[n]}" for n in asked if n in why)
        which = "this one was" if len(items) == 1 else "these were"
        text = (f"This corpus cannot support every parameter as given, so {which} lowered: {join_words(items)}. "
                f"To choose another value, edit the parameters cell or pass it to papermill (`{how}` is what is "
                "used here).")
    else:
        text = ("The parameters suit this corpus: " + ", ".join(f"`{_param(n)}` = {values[n]}" for n in asked)
                + f" ({fmt_int(n_transcripts)} transcript{'s' if n_transcripts != 1 else ''}, "
                + f"{fmt_int(n_units)} {unit}s for topics).")
    if problems:
        text += " " + " ".join(p[:1].upper() + p[1:] + "." for p in problems)
    if script.text:
        text += " " + script.text
    return Settings(text, counts=counts, values=values)
