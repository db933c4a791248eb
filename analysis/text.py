"""Tokens, sentences, normalization and stop words, with no downloaded data.

Tokenization is a single regular expression (NLTK's ``RegexpTokenizer`` semantics) that
keeps together what a reader of official transcripts reads as one unit:

* hyphenated words (``primary-level``, ``win-win``, ``Jean-Yves``);
* numbers with decimal points and thousands separators (``96.71``, ``255,000``),
  percentages (``3.5%``), ordinals and alphanumerics (``18th``, ``5G``, ``10-year``);
* abbreviations with internal dots (``U.S.``, ``U.N.``);
* words with internal apostrophes (``O'Brien``); English clitics are split off in the
  Penn Treebank way (``Party's`` -> ``Party`` + ``'s``; ``don't`` -> ``do`` + ``n't``), so
  "the Party's" and "the Party" share the token ``Party``.

Sentence splitting uses NLTK's Punkt algorithm (Kiss & Strunk 2006) with its untrained
default parameters plus a list of abbreviations common in transcripts (``Mr.``, ``Dr.``,
``U.S.``...), so it downloads nothing. A Punkt model can also be trained on the
corpus itself with :func:`train_sentence_splitter`.

Stop words are scikit-learn's English list plus the project list in
``analysis/lexicons/stopwords_project.txt`` (clitics and transcript fillers such as
"thank", each with its reason in the file), ``analysis/lexicons/stopwords_spoken.txt`` (forms
of address such as "mr", "sir", "hon", and spoken fillers such as "um", "yeah", with the
concordance evidence for each) and Chinese function words
(``analysis/lexicons/stopwords_zh.txt``).

Chinese: a token holding a Han character is segmented into words with jieba, and Chinese
sentences end at 。！？ (see :mod:`analysis.languages`); text with no Han character is
tokenized and split exactly as described above.

One token table per corpus: :func:`tokenize_texts` is a view of the text layer
(:mod:`analysis.tokens`), built once per content and shared, so analyses that each need
tokens do not re-tokenize.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from typing import TYPE_CHECKING

from ._memo import Memo, content_key
from ._validation import check_option

if TYPE_CHECKING:  # NLTK and scikit-learn are imported where used: about 0.6 s each
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = [
    "TOKEN_PATTERN",
    "tokenize",
    "token_spans",
    "words",
    "count_words",
    "normalize_token",
    "is_word",
    "sentences",
    "sentence_spans",
    "train_sentence_splitter",
    "stop_words",
    "is_stop",
    "lemmatize",
    "tokenize_texts",
    "mwe_tokenize",
]

LEXICON_DIR = Path(__file__).with_name("lexicons")

_APOS = "'\u2019"
#: The token pattern, in order of preference. Exposed so users can reuse it
#: (e.g. ``CountVectorizer(token_pattern=TOKEN_PATTERN)``).
TOKEN_PATTERN = (
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # U.S.  U.N.  a.m.
    r"|\d+(?:[.,:]\d+)+%?(?!\w)|\d+%"  # 96.71  255,000  3.5%  10:30  82%  (18th, 10-year, 5G: words)
    rf"|[{_APOS}](?:s|S|m|M|re|RE|ve|VE|ll|LL|d|D)\b"  # clitic after a split
    rf"|n[{_APOS}]t\b"  # n't
    rf"|\w+?(?=n[{_APOS}]t\b)"  # do|n't
    rf"|\w+(?:[-{_APOS}]\w+)*?(?=[{_APOS}](?:s|m|re|ve|ll|d)\b)"  # Party|'s
    rf"|\w+(?:[-{_APOS}]\w+)*"  # words, hyphenated words, O'Brien
    r"|[^\w\s]"  # any other single non-space character (punctuation)
)
_TOKEN_RE = re.compile(TOKEN_PATTERN, re.UNICODE)
#: A Han character (see :mod:`analysis.languages`): a token holding one is segmented into
#: Chinese words; text without one is tokenized by :data:`TOKEN_PATTERN` alone.
_HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: The pattern for text with Han characters: a run of Han characters is one candidate (cut
#: into words by jieba), and the other alternatives of :data:`TOKEN_PATTERN` match word
#: characters other than Han ("NSG成员国" is "NSG" + "成员国", "1890年" is "1890" + "年"), so
#: no alternative backtracks over a long Chinese clause.
_PUNCT = r"|[^\w\s]"
assert TOKEN_PATTERN.endswith(_PUNCT)
_HAN_TOKEN_RE = re.compile(f"(?P<han>[{_HAN_CLASS}]+)|" + TOKEN_PATTERN[:-len(_PUNCT)].replace("\\w", f"[^\\W{_HAN_CLASS}]")
                           + _PUNCT, re.UNICODE)
#: Distinct white-space chunks one pass over many texts remembers (tokens or word counts per
#: chunk: :func:`tokenize_texts`, ``Corpus.turns()``, ``analysis.scale.count_files``); bounds
#: its memory on huge corpora.
CHUNK_MEMO_LIMIT = 2_000_000
_WORD_RE = re.compile(r"\w", re.UNICODE)
#: Clitic tokens split off by the tokenizer (written attached to the previous word in phrases).
CLITICS = frozenset({"'s", "'m", "'re", "'ve", "'ll", "'d", "n't"})


_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr gen col lt sgt capt rev hon messrs mme mlle
    u.s u.k u.n e.u p.r.c d.p.r.k r.o.k u.s.a no vs etc e.g i.e a.m p.m jan feb mar apr
    jun jul aug sep sept oct nov dec inc ltd co corp dept govt approx fig""".split()
)


def tokenize(text: str) -> list[str]:
    """Split ``text`` into word, number and punctuation tokens.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        Tokens in order, case preserved. Joining them loses only whitespace.

    Examples
    --------
    >>> tokenize("The Party's 96.71 million members don't rest.")
    ['The', 'Party', "'s", '96.71', 'million', 'members', 'do', "n't", 'rest', '.']
    >>> tokenize("primary-level U.S. officials")
    ['primary-level', 'U.S.', 'officials']
    >>> tokenize("the 18th CPC National Congress, 82% of 1,000 5G towers")
    ['the', '18th', 'CPC', 'National', 'Congress', ',', '82%', 'of', '1,000', '5G', 'towers']

    Chinese (any token holding a Han character) is segmented into words with jieba
    (:mod:`analysis.languages`):

    >>> tokenize("中方坚决反对干涉中国内政。")
    ['中方', '坚决', '反对', '干涉', '中国', '内政', '。']
    """
    if _HAN_RE.search(text) is None:
        return _TOKEN_RE.findall(text)
    return [text[s:e] for s, e in token_spans(text)]


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of :func:`tokenize`'s tokens in ``text``.

    A token holding a Han character is segmented into Chinese words
    (:func:`analysis.languages.split_spans`, jieba); any other token is as the pattern finds it.
    """
    if _HAN_RE.search(text) is None:
        return [m.span() for m in _TOKEN_RE.finditer(text)]
    from .languages import han_run_spans

    return han_run_spans(text, _HAN_TOKEN_RE)


def is_word(token: str) -> bool:
    """True if ``token`` contains a letter or digit (not punctuation, not a clitic).

    Examples
    --------
    >>> [is_word(t) for t in ["Party", "'s", "96.71", ",", "n't"]]
    [True, False, True, False, False]
    """
    return bool(_WORD_RE.search(token)) and normalize_token(token) not in CLITICS


def words(text: str) -> list[str]:
    """Word tokens of ``text`` (punctuation and clitics removed), case preserved."""
    return [t for t in tokenize(text) if is_word(t)]


def count_words(text: str) -> int:
    """Number of word tokens in ``text``, as used for ``n_words`` and rates."""
    return len(words(text))


def normalize_token(token: str, *, lowercase: bool = True) -> str:
    """Normalize one token: curly apostrophes to straight, optionally lower-cased."""
    token = token.replace("\u2019", "'")
    return token.lower() if lowercase else token


def mwe_tokenize(tokens: Sequence[str], expressions: Iterable[str], *, separator: str = " ") -> list[str]:
    """Merge multi-word expressions (``"Xi Jinping"``) into single tokens.

    Uses NLTK's ``MWETokenizer``. Matching is case-sensitive on the tokens given; pass
    lower-cased tokens and expressions for case-insensitive matching.

    Examples
    --------
    >>> mwe_tokenize(["Comrade", "Xi", "Jinping", "said"], ["Xi Jinping"])
    ['Comrade', 'Xi Jinping', 'said']
    """
    from nltk.tokenize import MWETokenizer

    mwes = [tuple(tokenize(e)) for e in expressions]
    return MWETokenizer([m for m in mwes if len(m) > 1], separator=separator).tokenize(list(tokens))


#: Distinct break contexts a Punkt splitter remembers (see :func:`_memo_punkt`).
BREAK_MEMO_LIMIT = 1_000_000


def _memo_punkt(params) -> PunktSentenceTokenizer:
    """A Punkt splitter with ``params`` that decides each distinct break context once.

    Punkt decides whether a candidate boundary ("Nations. We") is a sentence break from that
    short context alone, given its fixed parameters (``text_contains_sentbreak``: the tokens of
    the context, annotated with the abbreviation, collocation, sentence-starter and
    orthographic tables, which splitting never changes). The same contexts recur throughout a
    corpus, so remembering each decision gives exactly Punkt's spans at a fraction of its cost.
    """
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    class _Memo(PunktSentenceTokenizer):
        def __init__(self, train_params) -> None:
            super().__init__(train_params)
            self._breaks: dict[str, bool] = {}

        def text_contains_sentbreak(self, text: str) -> bool:
            found = self._breaks.get(text)
            if found is None:
                found = super().text_contains_sentbreak(text)
                if len(self._breaks) < BREAK_MEMO_LIMIT:
                    self._breaks[text] = found
            return found

    return _Memo(params)


@lru_cache(maxsize=1)
def _default_punkt() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters

    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return _memo_punkt(params)


def train_sentence_splitter(texts: Iterable[str]) -> PunktSentenceTokenizer:
    """Train a Punkt sentence splitter on ``texts`` (unsupervised; no downloads).

    The project's abbreviation list is added to what Punkt learns.

    References
    ----------
    Kiss, T. & Strunk, J. (2006). Unsupervised multilingual sentence boundary detection.
    Computational Linguistics, 32(4), 485-525.
    """
    from nltk.tokenize.punkt import PunktTrainer

    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train("\n\n".join(texts), finalize=True)
    params = trainer.get_params()
    params.abbrev_types |= set(_ABBREVIATIONS)
    return _memo_punkt(params)


def sentence_spans(text: str, *, splitter: PunktSentenceTokenizer | None = None) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``; paragraph breaks always end a sentence."""
    splitter = splitter or _default_punkt()
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        base = para.start()
        if _HAN_RE.search(para.group()) is not None:
            # Chinese: sentences end at 。！？ (Punkt knows only Latin full stops)
            from .languages import chinese_sentence_spans

            spans.extend((base + s, base + e) for s, e in chinese_sentence_spans(para.group()))
            continue
        for s, e in splitter.span_tokenize(para.group()):
            spans.append((base + s, base + e))
    return spans


def sentences(text: str, *, splitter: PunktSentenceTokenizer | None = None) -> list[str]:
    """Split ``text`` into sentences with Punkt (see the module notes).

    Examples
    --------
    >>> sentences("Mr. Qi spoke first. Then Dr. Xu answered. Thank you.")
    ['Mr. Qi spoke first.', 'Then Dr. Xu answered.', 'Thank you.']
    """
    return [text[s:e] for s, e in sentence_spans(text, splitter=splitter)]


#: The English project stop-word files in ``analysis/lexicons/``: clitics and transcript
#: formulae, and the spoken register's forms of address and fillers.
PROJECT_STOP_FILES = ("stopwords_project.txt", "stopwords_spoken.txt")


def _read_word_list(path: Path) -> set[str]:
    """The words of a one-word-a-line list, lower-cased; text after ``#`` is a comment."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            out.add(word)
    return out


@lru_cache(maxsize=1)
def _project_stop_words() -> frozenset[str]:
    return frozenset().union(*(_read_word_list(LEXICON_DIR / name) for name in PROJECT_STOP_FILES))


def stop_words(extra: Iterable[str] = (), *, include_project: bool = True) -> frozenset[str]:
    """The stop-word list: scikit-learn's English list, the project lists, and ``extra``.

    The project lists are ``analysis/lexicons/stopwords_project.txt`` (clitics, auxiliaries,
    press-conference formulae), ``analysis/lexicons/stopwords_spoken.txt`` (forms of address
    and honorifics such as "mr", "sir", "hon", "gentleman", "lord", and spoken fillers such
    as "um", "yeah", "gonna", each with the concordance evidence for it) and the Chinese
    function words of ``analysis/lexicons/stopwords_zh.txt`` (no English token is one of
    them, so English results do not depend on it).

    Parameters
    ----------
    extra : iterable of str, default=()
        More words to treat as stop words (lower-cased).
    include_project : bool, default=True
        Add the project lists (``stopwords_project.txt``, ``stopwords_spoken.txt`` and
        ``stopwords_zh.txt`` in ``analysis/lexicons/``). False gives scikit-learn's list and
        ``extra`` only, which keeps forms of address and fillers.

    Returns
    -------
    frozenset of str

    Examples
    --------
    >>> {"mr", "sir", "yeah", "the"} <= stop_words()
    True
    >>> "mr" in stop_words(include_project=False), "mr" in stop_words(include_project=False, extra=["Mr"])
    (False, True)
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from .languages import zh_stop_words

    words_ = set(ENGLISH_STOP_WORDS) | {w.lower() for w in extra}
    if include_project:
        words_ |= _project_stop_words() | zh_stop_words()
    return frozenset(words_)


def is_stop(token: str, stops: frozenset[str] | None = None) -> bool:
    """True if ``token`` (any case) is a stop word or not a word at all."""
    stops = stop_words() if stops is None else stops
    return (not is_word(token)) or normalize_token(token) in stops


@lru_cache(maxsize=65536)
def lemmatize(token: str) -> str:
    """Lemma of a lower-cased token with lemminflect (ships its data; no downloads).

    Nouns are preferred over verbs over adjectives when the word form is ambiguous, which
    suits the noun-heavy register of official statements. Unknown words come back as is.

    Examples
    --------
    >>> [lemmatize(w) for w in ["members", "organizations", "strengthened", "party"]]
    ['member', 'organization', 'strengthen', 'party']
    """
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(token)
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN"):
        if pos in lemmas:
            return lemmas[pos][0]
    return token


_STREAM_CACHE: Memo[list[list[str]]] = Memo(size=4)


def tokenize_texts(
    texts: Sequence[str],
    *,
    lowercase: bool = True,
    words_only: bool = True,
    lemmas: bool = False,
    cache: str | Path | bool | None = None,
) -> list[list[str]]:
    """Tokenize many texts at once, cached by content hash (in memory, and on disk if asked).

    Parameters
    ----------
    texts : sequence of str
        For instance ``turns["text"]``.
    lowercase : bool, default=True
        Lower-case tokens (and map curly apostrophes to straight ones).
    words_only : bool, default=True
        Drop punctuation and clitic tokens.
    lemmas : bool, default=False
        Replace each word by its lemma (:func:`lemmatize`); implies ``lowercase``.
    cache : path, bool or None, default=None
        On-disk cache of the text layer (:func:`analysis.tokens.token_table`: Parquet, keyed
        by the texts' content and the tokenizer's source; see :mod:`analysis.cache`): a
        folder, True for ``.cache``, False for none; None uses the folder in the
        ``ANALYSIS_CACHE`` environment variable when it is set, so notebooks re-run in a new
        kernel read tokens instead of recomputing them.

    Returns
    -------
    list of list of str
        One token list per text, in order. Treat it as read-only: it is shared by every
        caller that asks for the same texts and options.
    """
    check_option("lowercase", lowercase, {True, False}, caller="tokenize_texts")
    from .tokens import token_table

    texts = texts if isinstance(texts, list) else list(texts)
    key = content_key("tokens", (lowercase, words_only, lemmas), texts)
    return _STREAM_CACHE.get(key, lambda: token_table(texts, cache=cache).words(
        lowercase=lowercase, lemmas=lemmas, words_only=words_only).lists())
