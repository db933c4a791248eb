"""Languages of transcripts: which language a text is in, and Chinese words.

Detection
    A transcript is Chinese (``"zh"``) when Han characters are at least
    :data:`HAN_THRESHOLD` of its letters (Han characters plus letters of other scripts);
    English (``"en"``) when Latin letters are most of them; otherwise ``"und"``
    (undetermined). ``load_corpus(language=...)`` or ``--language`` gives the language
    instead; ``Corpus.turns()`` carries it in a ``language`` column.

Chinese words
    Chinese is written without spaces, so the project's regular-expression tokenizer
    (:data:`analysis.text.TOKEN_PATTERN`) would read a whole clause between two punctuation
    marks as one "word". Every token holding a Han character is segmented with jieba
    (Sun 2012-2020; dictionary-based maximum-probability segmentation over a prefix DAG, with
    an HMM for words the dictionary lacks), which ships its dictionary: nothing is downloaded.
    Segmentation is by script, not by a transcript's language, so an English text (no Han
    character) is tokenized exactly as before, and a Latin name inside a Chinese sentence
    ("NSG") stays one token. Each distinct clause is segmented once per process.

User dictionary
    The register's fixed terms (names of officials, organisations, places, slogans such as
    一带一路 or 人类命运共同体) are added to jieba's dictionary from
    ``analysis/lexicons/zh_userdict.txt`` (one ``word [frequency] [tag]`` per line, ``#``
    comments) and from any files named in the ``ANALYSIS_ZH_USERDICT`` environment variable
    (paths separated by the platform's path separator), so users extend it without editing
    the package. The dictionaries' contents and jieba's version are part of the cache key
    of every Chinese text's tokens (:func:`segmenter_id`); English entries do not depend on
    them.

Function words and punctuation
    Chinese punctuation (，。、：？！；（）《》“”) is not a word (it has no letter or digit,
    :func:`analysis.text.is_word`). Chinese function words and stop words
    (``analysis/lexicons/stopwords_zh.txt``) join the stop-word list
    (:func:`analysis.text.stop_words`).

References
----------
Sun, J. (2012-2020). jieba: Chinese word segmentation (version 0.42.1).
https://github.com/fxsjy/jieba (MIT licence).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = [
    "HAN_CLASS",
    "HAN_THRESHOLD",
    "LANGUAGES",
    "has_han",
    "han_share",
    "detect_language",
    "script_counts",
    "check_language",
    "zh_dictionaries",
    "segmenter_id",
    "segment",
    "split_token",
    "split_spans",
    "han_run_spans",
    "zh_stop_words",
    "count_characters",
    "chinese_sentence_spans",
    "term_rates",
    "with_language",
    "language_of_counts",
    "Segmenter",
    "warm_segmenter",
    "unknown_runs",
    "segment_runs",
    "remember",
]

LEXICON_DIR = Path(__file__).with_name("lexicons")
#: Han characters: CJK Unified Ideographs, Extension A and the compatibility block.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RE = re.compile(f"[{HAN_CLASS}]")
_HAN_COUNT_RE = re.compile(f"[{HAN_CLASS}]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Share of Han characters among a text's letters from which it is Chinese.
HAN_THRESHOLD = 0.3
#: Languages the suite knows by name (others are read, as ``"und"``).
LANGUAGES = ("en", "zh", "und")
#: Environment variable naming extra user dictionaries for jieba.
USERDICT_ENV = "ANALYSIS_ZH_USERDICT"


#: The lowest code point of :data:`HAN_CLASS`: a text with none at or above it holds no Han character.
_FIRST_HAN = 0x3400
#: Texts at least this long are first checked for a code point at or above :data:`_FIRST_HAN`
#: (one array maximum, several times faster than the search on text with no such character).
_QUICK_HAN_CHARS = 256


def has_han(text: str) -> bool:
    """True if ``text`` holds a Han character.

    An ASCII text is known to hold none without a search (a flag of the string), and a long
    one is searched only when it holds a code point that can be one.

    Examples
    --------
    >>> has_han("中方"), has_han("China"), has_han("Ça va " * 100)
    (True, False, False)
    """
    if text.isascii():
        return False
    if len(text) >= _QUICK_HAN_CHARS and \
            int(np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).max()) < _FIRST_HAN:
        return False
    return _HAN_RE.search(text) is not None


def han_share(text: str) -> float:
    """Han characters as a share of the letters of ``text`` (0 when it has none).

    Examples
    --------
    >>> round(han_share("中方对此有何评论？NSG"), 3)  # 8 Han characters among 11 letters
    0.727
    """
    letters = len(_LETTER_RE.findall(text))
    return len(_HAN_COUNT_RE.findall(text)) / letters if letters else 0.0


def detect_language(text: str | Iterable[str], *, threshold: float = HAN_THRESHOLD) -> str:
    """The language of a text (or of several texts taken together): ``"zh"``, ``"en"`` or ``"und"``.

    Parameters
    ----------
    text : str or iterable of str
        A transcript's speech, or its turns.
    threshold : float, default=HAN_THRESHOLD
        Share of Han characters among the letters (:func:`han_share`) from which a text is
        Chinese.

    Returns
    -------
    str
        ``"zh"`` when Han characters reach ``threshold`` of the letters, ``"en"`` when Latin
        letters are at least half of them, else ``"und"`` (including a text with no letter).

    Examples
    --------
    >>> detect_language("问：中方对此有何评论？"), detect_language("Q: Any comment?")
    ('zh', 'en')
    >>> detect_language(["Вопрос", "Ответ"]), detect_language("")
    ('und', 'und')
    """
    if not isinstance(text, str):
        text = "\n".join(text)
    return language_of_counts(*script_counts(text), threshold=threshold)


def language_of_counts(letters: int, han: int, latin: int, *, threshold: float = HAN_THRESHOLD) -> str:
    """The language :func:`detect_language` gives a text whose :func:`script_counts` are
    ``letters``, ``han`` and ``latin`` (counts of several texts add up to those of the texts
    joined by line breaks).

    Examples
    --------
    >>> language_of_counts(11, 8, 3), language_of_counts(3, 0, 3), language_of_counts(0, 0, 0)
    ('zh', 'en', 'und')
    """
    if not letters:
        return "und"
    if han / letters >= threshold:
        return "zh"
    return "en" if latin * 2 >= letters else "und"


@lru_cache(maxsize=1)
def _bmp_letters():
    """``_bmp_letters()[c]``: the character with code point ``c`` (below U+10000) is a letter
    for ``[^\\W\\d_]``, the regular expression's own answer, asked once per process."""
    import numpy as np

    table = np.fromiter((_LETTER_RE.match(chr(c)) is not None for c in range(0x10000)), dtype=bool, count=0x10000)
    table.flags.writeable = False
    return table


def script_counts(text: str) -> tuple[int, int, int]:
    """Letters (``[^\\W\\d_]``), Han characters (:data:`HAN_CLASS`) and Latin letters
    (``[A-Za-z\\u00c0-\\u024f]``) in ``text``: the counts :func:`detect_language` decides on.

    Counted over the text's code points as arrays (one table look-up per character, built
    from the regular expression itself), so a transcript costs milliseconds; equal to
    counting the three regular expressions' matches (tested).

    Examples
    --------
    >>> script_counts("中方对此有何评论？NSG 1890")
    (11, 8, 3)
    """
    import numpy as np

    if not text:
        return 0, 0, 0
    # the ASCII letters by deleting them from the ASCII bytes (one C pass); only the other
    # characters (a few quotes and accents in an English text) are looked up, as code points
    ascii_part = text.encode("ascii", "ignore")
    ascii_letters = len(ascii_part) - len(ascii_part.translate(None, _ASCII_LETTERS))
    if len(ascii_part) == len(text):
        return ascii_letters, 0, ascii_letters
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cp = cp[cp > 0x7F]
    bmp = cp < 0x10000
    letters = ascii_letters + int(np.count_nonzero(_bmp_letters()[cp[bmp]]))
    if not bmp.all():  # characters beyond the BMP (rare): asked of the expression one by one
        letters += sum(1 for c in cp[~bmp].tolist() if _LETTER_RE.match(chr(c)) is not None)
    han = int(np.count_nonzero(((cp >= 0x3400) & (cp <= 0x4DBF)) | ((cp >= 0x4E00) & (cp <= 0x9FFF))
                               | ((cp >= 0xF900) & (cp <= 0xFAFF))))
    latin = ascii_letters + int(np.count_nonzero((cp >= 0xC0) & (cp <= 0x24F)))
    return letters, han, latin


#: The ASCII letters (the only ASCII characters ``[^\W\d_]`` matches), as bytes to delete.
_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))


def check_language(language: str | None, *, caller: str) -> str | None:
    """``language`` if it is None (detect) or a language code the suite knows, else a
    ValueError naming the argument."""
    if language is None:
        return None
    if not isinstance(language, str) or language.strip().lower() not in LANGUAGES:
        raise ValueError(f"{caller}(): language must be one of {', '.join(LANGUAGES)} or None (detect per "
                         f"transcript); got {language!r}.")
    return language.strip().lower()


# --------------------------------------------------------------------------- segmenter
def zh_dictionaries() -> tuple[Path, ...]:
    """The user dictionaries added to jieba's: the project's, then those named in
    ``ANALYSIS_ZH_USERDICT``.

    Raises
    ------
    FileNotFoundError
        A file named in ``ANALYSIS_ZH_USERDICT`` does not exist.
    """
    paths = [LEXICON_DIR / "zh_userdict.txt"]
    for p in os.environ.get(USERDICT_ENV, "").split(os.pathsep):
        if p.strip():
            path = Path(p.strip()).expanduser()
            if not path.is_file():
                raise FileNotFoundError(f"{USERDICT_ENV} names {str(path)!r}, which is not a file "
                                        "(a jieba user dictionary: one 'word [frequency] [tag]' per line)")
            paths.append(path)
    return tuple(paths)


def _read_dictionary(path: Path) -> tuple[tuple[str, int | None, str | None], ...]:
    entries = []
    for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        word, freq, tag = parts[0], None, None
        for p in parts[1:]:
            if p.isdigit() and freq is None:
                freq = int(p)
            elif tag is None:
                tag = p
            else:
                raise ValueError(f"{path}, line {n}: expected 'word [frequency] [tag]'; got {line!r}")
        entries.append((word, freq, tag))
    return tuple(entries)


def _jieba_version() -> str:
    import jieba

    return str(jieba.__version__)


def segmenter_id() -> str:
    """What Chinese tokens depend on: jieba's version, the user dictionaries' contents and
    the source of this module (part of the cache key of every text with a Han character)."""
    from .cache import source_key

    h = hashlib.blake2b(digest_size=12)
    for p in zh_dictionaries():
        h.update(p.read_bytes())
        h.update(b"\0")
    return f"jieba-{_jieba_version()} hmm dict-{h.hexdigest()} {source_key('analysis.languages')}"


def segmenter_salt(texts: Iterable[str]) -> str:
    """:func:`segmenter_id` when one of ``texts`` holds a Han character, else ``""``: the part
    of a cache key that says which segmenter cut the texts' Chinese words (texts without Han
    characters do not depend on it, so an edited user dictionary leaves their entries valid).

    Examples
    --------
    >>> segmenter_salt(["no Chinese here", "still none"])
    ''
    >>> segmenter_salt(["中方"]) == segmenter_id()
    True
    """
    return segmenter_id() if any(map(has_han, texts)) else ""


class Segmenter:
    """jieba's accurate mode with the HMM (``jieba.Tokenizer.cut(text, HMM=True)``), computed
    with the same arithmetic in fewer steps: the same words for every text (the test suite
    compares the two on a sample of the register; on the 2.4M characters of the MFA corpus
    they agree on every one of the 129,927 distinct runs of Han characters).

    jieba builds a prefix DAG of the dictionary words in a run, takes the route of maximum
    log probability (ties go to the longer word), and cuts each stretch of single characters
    that is not a dictionary word with its HMM. Here the DAG and the route are one right-to-left
    pass, each word's log probability is computed once (``log(freq) - log(total)``, the very
    expression jieba evaluates) and the HMM's answer for a stretch is remembered.

    Parameters
    ----------
    tokenizer : jieba.Tokenizer
        Initialized, with the user dictionaries added; not changed afterwards.
    """

    #: Characters jieba reads as Chinese (its ``re_han_default`` without the Latin ones): a
    #: run of other Han characters (extension A, compatibility ideographs) goes to jieba itself.
    _JIEBA_HAN = re.compile("[\u4e00-\u9fd5]+")

    def __init__(self, tokenizer) -> None:
        from math import log

        self.tokenizer = tokenizer
        self._freq = tokenizer.FREQ
        self._logtotal = logtotal = log(tokenizer.total)
        #: Every entry of jieba's prefix dictionary: a word's log probability, the very
        #: expression jieba evaluates (``log(freq) - log(total)``), or None for a prefix that
        #: is not a word; one look-up per step of the DAG.
        self._logp: dict[str, float | None] = {w: log(f) - logtotal if f else None
                                               for w, f in tokenizer.FREQ.items()}
        self._hmm: dict[str, list[str]] = {}
        self._forced = -1

    def cut(self, text: str) -> list[str]:
        """The words of ``text`` (they concatenate to it), as ``jieba.Tokenizer.cut(text)``."""
        if not text:
            return []
        if self._JIEBA_HAN.fullmatch(text) is None:
            return list(self.tokenizer.cut(text, HMM=True))
        return self._cut_run(text)

    def _cut_run(self, s: str) -> list[str]:
        n = len(s)
        get = self._logp.get
        alone = 0.0 - self._logtotal  # log(FREQ.get(c) or 1) - logtotal for a character with no entry
        missing = self  # a sentinel no entry holds
        score = [0.0] * (n + 1)
        nxt = list(range(n))
        for k in range(n - 1, -1, -1):
            best = None
            i = k
            frag = s[k]
            p = get(frag, missing)
            while p is not missing:  # jieba's get_DAG: every prefix of a word is in FREQ
                if p is not None:
                    v = p + score[i + 1]
                    if best is None or v >= best:  # max((score, end)): a tie goes to the longer word
                        best = v
                        nxt[k] = i
                i += 1
                if i >= n:
                    break
                frag = s[k:i + 1]
                p = get(frag, missing)
            score[k] = alone + score[k + 1] if best is None else best
        out: list[str] = []
        x = start = 0
        while x < n:
            y = nxt[x] + 1
            if y - x > 1:
                if x > start:
                    self._single(s[start:x], out)
                out.append(s[x:y])
                start = y
            x = y
        if n > start:
            self._single(s[start:n], out)
        return out

    def _single(self, buf: str, out: list[str]) -> None:
        """A stretch of one-character words on the route, as jieba's ``__cut_DAG`` treats it."""
        if len(buf) == 1:
            out.append(buf)
        elif self._freq.get(buf):
            out.extend(buf)
        else:
            from jieba import finalseg

            forced = len(finalseg.Force_Split_Words)
            if forced != self._forced:  # a word added with frequency 0 changes the HMM's output
                self._hmm.clear()
                self._forced = forced
            words = self._hmm.get(buf)
            if words is None:
                words = self._hmm[buf] = list(finalseg.cut(buf))
            out.extend(words)


def _prefix_dictionary(tokenizer) -> tuple[dict, int]:
    """jieba's prefix dictionary ``(FREQ, total)`` of its own dictionary, built in memory.

    Equal to ``jieba.Tokenizer.gen_pfdict`` (every word with its frequency, every prefix of a
    word with 0 unless it is a word, in the same order), read in one piece, in about half its
    time. jieba's ``initialize`` would keep it marshalled in the system's temporary folder;
    nothing is written here, and nothing is read but jieba's own dictionary.

    Raises
    ------
    ValueError
        A line of the dictionary is not ``word frequency [tag]`` (its file and line named).
    """
    f = tokenizer.get_dict_file()
    try:
        data = f.read().decode("utf-8")
    finally:
        f.close()
    freq: dict[str, int] = {}
    total = 0
    for n, line in enumerate(data.splitlines(), start=1):
        try:
            word, count = line.strip().split(" ")[:2]
            count = int(count)
        except ValueError:
            raise ValueError(f"jieba's dictionary {tokenizer.dictionary or 'dict.txt'}, line {n}: expected "
                             f"'word frequency [tag]'; got {line!r}") from None
        freq[word] = count
        total += count
        for i in range(1, len(word)):
            prefix = word[:i]
            if prefix not in freq:
                freq[prefix] = 0
    return freq, total


@lru_cache(maxsize=4)
def _segmenter(paths: tuple[str, ...], stamp: str) -> Segmenter:
    """A segmenter with the user dictionaries ``paths`` (``stamp``: their contents' hash, so an
    edited dictionary gives a new one). jieba's dictionary is read once per process."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # no "Building prefix dict" chatter
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total = _prefix_dictionary(tk)
    tk.initialized = True
    for p in paths:
        for word, freq, tag in _read_dictionary(Path(p)):
            tk.add_word(word, freq, tag)
    return Segmenter(tk)


def _current_segmenter():
    paths = zh_dictionaries()
    files = tuple((str(p), *_stat(p)) for p in paths)
    stamp = _stamps.get(files)
    if stamp is None:  # the dictionaries' contents are hashed once per version of the files
        stamp = hashlib.blake2b(b"\0".join(p.read_bytes() for p in paths), digest_size=12).hexdigest()
        _stamps[files] = stamp
    return _segmenter(tuple(str(p) for p in paths), stamp), stamp


def _stat(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


_stamps: dict = {}


def segment(text: str) -> list[str]:
    """jieba's words of ``text`` (accurate mode with the HMM for unknown words), with the
    user dictionaries; the words concatenate to ``text``.

    Examples
    --------
    >>> segment("中方坚决反对干涉中国内政")
    ['中方', '坚决', '反对', '干涉', '中国', '内政']
    """
    return _current_segmenter()[0].cut(text)


#: Runs of Han characters this process remembers the words of (bounds the memo's memory).
SPANS_LIMIT = 1_000_000
#: Word spans of each run of Han characters segmented in this process (or handed back by the
#: processes that segmented it, :func:`remember`), by run and segmenter stamp.
_SPANS: dict[tuple[str, str], tuple[tuple[int, int], ...]] = {}
_HAN_RUN_RE = re.compile(f"[{HAN_CLASS}]+")


def _split_cached(token: str, stamp: str) -> tuple[tuple[int, int], ...]:
    """Word spans of one token for the segmenter whose dictionaries hash to ``stamp``, each
    distinct token segmented once per process."""
    key = (token, stamp)
    spans = _SPANS.get(key)
    if spans is None:
        spans = _spans_of(token, stamp)
        if len(_SPANS) < SPANS_LIMIT:
            _SPANS[key] = spans
    return spans


def unknown_runs(texts: Iterable[str]) -> tuple[str, list[str]]:
    """The segmenter's stamp and the distinct runs of Han characters of ``texts`` whose words
    this process does not know yet, in order of first appearance."""
    stamp = _stamp()
    runs = dict.fromkeys(m.group() for t in texts for m in _HAN_RUN_RE.finditer(t))
    return stamp, [r for r in runs if (r, stamp) not in _SPANS]


def segment_runs(runs: Sequence[str], stamp: str) -> list[tuple[tuple[int, int], ...]]:
    """Word spans of each of ``runs`` (a worker's share of :func:`unknown_runs`)."""
    if stamp not in _segmenter_by_stamp:  # a fresh worker process: read the dictionaries
        _stamp()
    return [_spans_of(r, stamp) for r in runs]


def remember(runs: Sequence[str], spans: Sequence[tuple[tuple[int, int], ...]], stamp: str) -> None:
    """Keep the word spans of ``runs`` (segmented elsewhere, :func:`segment_runs`) in this
    process, so every later table of these texts finds them."""
    for run, sp in zip(runs, spans):
        if len(_SPANS) >= SPANS_LIMIT:
            break
        _SPANS[(run, stamp)] = tuple(sp)


def _spans_of(token: str, stamp: str) -> tuple[tuple[int, int], ...]:
    words = _segmenter_by_stamp[stamp].cut(token)
    spans, pos = [], 0
    for w in words:
        if not w.strip():
            pos += len(w)
            continue
        spans.append((pos, pos + len(w)))
        pos += len(w)
    if pos != len(token):  # jieba always tiles its input; keep the token whole if not
        return ((0, len(token)),)
    return tuple(spans)


def split_token(token: str) -> tuple[tuple[int, int], ...]:
    """Spans ``(start, end)`` of the Chinese words inside one token of the regular-expression
    tokenizer (a run of word characters); a token with no Han character is one span.

    Examples
    --------
    >>> [("NSG成员国"[a:b]) for a, b in split_token("NSG成员国")]
    ['NSG', '成员国']
    """
    if not has_han(token):
        return ((0, len(token)),)
    return _split_cached(token, _stamp())


def _stamp() -> str:
    seg, stamp = _current_segmenter()
    _segmenter_by_stamp[stamp] = seg
    return stamp


def warm_segmenter() -> None:
    """Read jieba's dictionary and the user dictionaries now, once per process, so that worker
    processes forked afterwards (the token layer on every core) start with them."""
    _stamp()


#: Segmenters by the hash of their dictionaries (filled by :func:`_stamp`), so the memo of
#: :func:`_split_cached` is keyed by a short string, not by the tokenizer object.
_segmenter_by_stamp: dict = {}


def han_run_spans(text: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Token spans of ``text`` by ``pattern``, whose group ``han`` matches a run of Han
    characters: each such run is replaced by the spans of its words (jieba)."""
    out: list[tuple[int, int]] = []
    stamp = _stamp()
    for m in pattern.finditer(text):
        s, e = m.span()
        if m.lastgroup == "han":
            out.extend([(s + a, s + b) for a, b in _split_cached(m.group(), stamp)])
        else:
            out.append((s, e))
    return out


def split_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (tokens of ``text``) with every token holding a Han character replaced by
    the spans of its words (:func:`split_token`)."""
    out: list[tuple[int, int]] = []
    stamp = None
    for s, e in spans:
        piece = text[s:e]
        if _HAN_RE.search(piece) is not None:
            stamp = stamp or _stamp()
            out.extend((s + a, s + b) for a, b in _split_cached(piece, stamp))
        else:
            out.append((s, e))
    return out


# --------------------------------------------------------------------------- stop words, sizes
@lru_cache(maxsize=1)
def zh_stop_words() -> frozenset[str]:
    """Chinese function words and stop words (``analysis/lexicons/stopwords_zh.txt``)."""
    out = set()
    for line in (LEXICON_DIR / "stopwords_zh.txt").read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word and not word.startswith("["):
            out.add(word)
    return frozenset(out)


_CHAR_RE = re.compile(r"\w", re.UNICODE)


def count_characters(text: str) -> int:
    """Letters and digits in ``text`` (no spaces, no punctuation): the size of a Chinese text
    for rates per 1,000 characters.

    Examples
    --------
    >>> count_characters("中方对此有何评论？ NSG")
    11
    """
    return len(_CHAR_RE.findall(text))


_ZH_SENT_RE = re.compile(r"[^。！？!?…]*(?:[。！？!?]+|…+|$)[”’」』）)]*")


def chinese_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of Chinese text: a sentence ends at 。！？ (full-width or ASCII) or an
    ellipsis, with any closing quotation marks or brackets after it; white space at the edges
    is left out.

    Examples
    --------
    >>> t = "我们希望美方慎重行事。你心里会怎么想？“好！”"
    >>> [t[a:b] for a, b in chinese_sentence_spans(t)]
    ['我们希望美方慎重行事。', '你心里会怎么想？', '“好！”']
    """
    out = []
    for m in _ZH_SENT_RE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def with_language(transcripts: Sequence, language: str | None = None, *,
                  counts: Sequence[tuple[int, int, int] | None] | None = None) -> list:
    """Transcripts with a ``language`` variable (``Transcript.extra["language"]``, a column of
    ``Corpus.turns()``): ``language`` when given, else the one a metadata file or sidecar
    gave, else :func:`detect_language` of the transcript's speech.

    Parameters
    ----------
    transcripts : sequence of Transcript
    language : {"en", "zh", "und"} or None, default=None
        The language of every transcript; None detects it per transcript.
    counts : sequence of (int, int, int) or None, default=None
        Aligned with ``transcripts``: the :func:`script_counts` of each transcript's speech
        when already known (None for one that is not), so that its text is not read again.

    Returns
    -------
    list of Transcript
    """
    import dataclasses

    out = []
    for k, t in enumerate(transcripts):
        given = language or str(t.extra.get("language") or "").strip().lower() or None
        known = counts[k] if counts is not None else None
        lang = given or (language_of_counts(*known) if known is not None else
                         detect_language(p.speech for u in t.turns for p in u.paragraphs))
        out.append(t if t.extra.get("language") == lang else
                   dataclasses.replace(t, extra={**t.extra, "language": lang}))
    return out


def term_rates(turns, *, by: str | Sequence[str] | None = None, **options):
    """Term counts with rates per 1,000 words and per 1,000 characters.

    Chinese word counts depend on the segmenter; character counts do not, so a rate per
    1,000 characters compares Chinese texts (or a Chinese and an English reading) whatever
    the segmentation.

    Parameters
    ----------
    turns : Corpus or pandas.DataFrame
        Needs ``text`` and the ``by`` columns.
    by : str, list of str or None, default=None
        Grouping columns, as :func:`analysis.terms.term_frequencies`.
    **options
        Passed to :func:`analysis.terms.term_frequencies` (``stop_words``, ``min_count``...).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`analysis.terms.term_frequencies` (``per_1000`` is per 1,000
        words), plus ``n_characters`` (letters and digits of the group's text,
        :func:`count_characters`) and ``per_1000_chars`` = 1000 * count / n_characters.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"text": ["中方坚决反对干涉中国内政。", "中方欢迎。"], "transcript_id": ["a", "b"]})
    >>> r = term_rates(t, stop_words=False)
    >>> r.loc[r["term"] == "中方", ["count", "n_words", "per_1000", "n_characters", "per_1000_chars"]].values.tolist()
    [[2.0, 8.0, 250.0, 16.0, 125.0]]
    """

    from .terms import term_frequencies
    from .turns import as_turns

    frame = as_turns(turns, caller="term_rates")
    out = term_frequencies(frame, by=by, **options)
    chars = frame["text"].map(count_characters)
    cols = [by] if isinstance(by, str) else list(by or [])
    if cols:
        sizes = chars.groupby([frame[c] for c in cols]).sum().rename("n_characters").reset_index()
        out = out.merge(sizes, on=cols, how="left")
    else:
        out["n_characters"] = int(chars.sum())
    out["per_1000_chars"] = 1000 * out["count"] / out["n_characters"].where(out["n_characters"] > 0)
    return out
