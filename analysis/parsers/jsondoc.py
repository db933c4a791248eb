"""Structured JSON transcripts: one JSON document holding a list of turns somewhere inside.

The reader does not know any collection's key names. It finds the turns by structure and
evidence:

1. **Spans.** The document is decoded with :func:`json.JSONDecoder.raw_decode` (C speed,
   objects kept as ordered key/value pairs so duplicate keys and key order survive), and
   every string literal is located with one regular-expression scan of the source. In a
   valid JSON document quotes occur only in string literals, and literals appear in the
   source in the same order as the strings (keys and values) of a depth-first walk of the
   decoded document, so the *k*-th literal is the *k*-th string: each string knows its
   character span. Everything is linear in the size of the text.
2. **Candidates.** Every array (and every object of three or more values that are all
   objects, a keyed collection such as ``{"n1": {...}, "n2": {...}}``) is a candidate turn
   list when most of its items (80 %) are objects, most of those (60 %) have a *text-like*
   key and at least half of those a *speaker-like* key.

   * Text-like: a key whose words (split at ``_``, ``-`` and camelCase, plural dropped)
     include ``text``, ``content``, ``utterance``, ``transcript``, ``speech``, ``body``,
     ``message``, ``said``, ``caption``... (strongest), ``paragraphs``, ``segments``,
     ``sentences``, ``blocks``, ``parts``, ``lines``... or ``words``/``tokens`` (weakest),
     and none of ``id``, ``type``, ``url``, ``start``, ``length``...; its value is a string,
     or a list of strings, or a list of objects with such a key (nested up to four levels).
     A string value beats a list, a one-word key a longer one (``text`` over ``text_html``).
   * Speaker-like: a key whose words include ``speaker`` (strongest), ``name`` (alone or as
     ``full_name``, ``display_name``...), ``who``, ``author``, ``person``, ``participant``,
     ``character``, ``sender``, ``by``, ``from``, ``user``..., or ``role``/``party`` (weakest),
     or ``speaker_id`` (only when nothing else); its value is a short name-like string, a
     number (a diarization label), ``null`` or ``""`` (an unidentified speaker), a list of
     names, or an object with a ``name``/``full_name``/``display_name``-like string (or a
     first and last name, or a role).
   * Also items: a ``{"message": {"author": ..., "content": ...}}`` wrapper (its only
     object-valued child has both keys); ``[{"Alice": "Hello"}]`` (one capitalized key whose
     value is speech); items of a list held by an object that names the speaker
     (``{"speakers": [{"name": "Ann", "turns": [{"text": ...}]}]}``) take that speaker.
   * Without any speaker key, a list is a candidate only at the root (a table of rows) or
     under a key naming segments (``segments``, ``utterances``, ``turns``, ``cues``...), and
     only with a strong text key: its turns are by an unknown speaker.

3. **Evidence.** A candidate must look like speech: its items average at least three
   words, or its speakers repeat, or its own key or its text key names turns (``turns``,
   ``utterances``, ``segments``, ``messages``, ``dialogue``, ``replies``...). A list of
   ``{"name": "ok", "text": "OK"}`` buttons is not a transcript.
4. **Choice.** Candidates of one kind are grouped: same word level (single words per item,
   as the ``words[]`` of speech-to-text output, or a ``words``/``tokens`` key) and a
   (speaker key, text key) pair in common, or the same holding key and speaker key. The
   group with the most characters of speech wins (word-level groups count a fifth, groups
   without speakers half), and its lists are read in document order: ``sections[].turns[]``
   gives every turn once, replies nested in a thread add their turns, and an item whose
   strings another item already gave is left out. Turns are sorted by position.
   Without a candidate, a root object with a speaker key (``speaker``, ``author``, ``by``...)
   and ten or more words of text is a one-turn transcript (a speech). Otherwise the document
   (a case file, a configuration, ``{"transcript": null}``) is not a transcript:
   :func:`parse_json` returns None.

Speakers: a ``null`` speaker is ``"Unknown speaker"`` (role ``"unknown"``); a speaker
object's ``identifier``/``id``/``ID`` becomes the draft's ``speaker_id``, and its role and
title strings (``roles[].role_title``, ``title``, ``position``, ``party``...) its ``hint``,
joined with ``"; "`` (roles with a ``date_start``/``date_end`` keep only those in force on
the document's date when that is known). Speaker ids that a roster elsewhere in the document
(``"speakers": [{"id": "S1", "name": "Alice"}]`` or ``{"S1": "Alice"}``) names are
resolved to the names. The role words of text transcripts (``Q``, ``A``, an outlet) mean
what they mean there, except that ``A`` beside other one-letter speakers (``B``, ``C``) is a
diarization label; a turn-level or speaker role that is exactly one of
:data:`~analysis.parsers.roles.ROLES` (``"moderator"``) sets the draft's role.

Paragraphs: each non-empty string of a turn's text is one paragraph. Its ``raw`` is the
exact source slice of the string literal **with its quotes**, so ``json.loads(p.raw)`` is
the decoded string; ``speech`` is that string cleaned (:func:`~analysis.parsers.text.clean_speech`),
whitespace collapsed, stage directions (``[Inaudible]``, ``(Laughter)``) moved to
``directions``. Document facts (``title``, ``date``, ``url``, ``source`` strings outside the
turns, the nearest the root) are ``metadata`` boilerplate; every other non-whitespace
character (keys, punctuation, numbers, speaker names, other strings) is ``markup``
boilerplate, one per line between spans, so the spans cover every non-whitespace character
of the text exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from ..errors import TranscriptFormatError
from ..model import Boilerplate, Paragraph
from . import header as hd
from . import roles as rl
from .decode import WS_CHARS
from .text import ParsedPage, TurnDraft, _split_directions, clean_speech, uncovered

__all__ = ["looks_like_json", "parse_json"]

_LEAD_WS = re.compile("[" + re.escape(WS_CHARS) + "]*")
#: A JSON string literal (quotes included); in valid JSON quotes occur only in literals.
_STR_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_WS = "[^\n" + re.escape(WS_CHARS) + "]"
#: A line's run from its first to its last character that is not white space.
_PIECE_RE = re.compile(_NOT_WS + "(?:[^\n]*" + _NOT_WS + ")?")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")

# ---- key vocabularies (key words, singular, lower case) ---------------------------------
_SPEAKER_WORDS = frozenset({"speaker", "spk", "talker", "interlocutor", "speakername", "speakerlabel"})
_PERSON_WORDS = frozenset({"name", "who", "author", "person", "participant", "character", "sender", "by",
                           "from", "actor", "narrator", "member", "persona", "user", "username", "nick",
                           "nickname", "handle", "voice", "presenter", "interviewer", "interviewee"})
_ROLE_WORDS = frozenset({"role", "party", "side"})
#: Words that, next to ``name``, still name a person ("full_name"); other ``*_name`` keys do not.
_NAME_QUALIFIERS = frozenset({"speaker", "full", "display", "first", "last", "given", "family", "real", "user",
                              "person", "author", "participant", "character", "screen", "nick", "sender",
                              "preferred", "short", "long", "official", "member"})
_NOT_SPEAKER = frozenset({"id", "identifier", "uuid", "guid", "key", "url", "uri", "href", "link", "count", "num",
                          "number", "time", "start", "end", "stop", "date", "file", "path", "image", "thumbnail",
                          "avatar", "photo", "color", "colour", "type", "index", "idx", "confidence", "score",
                          "email", "phone"})
_TEXT_WORDS = {w: 0 for w in ("text", "transcript", "transcription", "utterance", "speech", "said", "content",
                              "body", "message", "msg", "dialogue", "dialog", "statement", "remark", "quote",
                              "caption")}
_TEXT_WORDS.update({w: 1 for w in ("paragraph", "sentence", "segment", "block", "part", "line", "chunk",
                                   "passage", "excerpt")})
_TEXT_WORDS.update({w: 2 for w in ("word", "token")})
_NOT_TEXT = frozenset({"id", "identifier", "uuid", "count", "num", "number", "length", "len", "type", "format",
                       "lang", "language", "locale", "url", "uri", "href", "link", "hash", "time", "start", "end",
                       "stop", "offset", "confidence", "score", "size", "index", "idx", "style", "font", "color",
                       "speaker", "spk", "byte", "duration", "mime", "encoding", "version", "level", "kind"})
#: Keys of a turn list or of its text that name turns: evidence even for short turns.
_TURN_WORDS = frozenset({"turn", "utterance", "segment", "message", "dialogue", "dialog", "conversation",
                         "exchange", "transcript", "speech", "statement", "line", "entry", "monologue",
                         "remark", "comment", "post", "reply", "chat", "interaction", "contribution"})
#: Keys of a list whose items may lack a speaker (Whisper ``segments``, subtitle ``cues``).
_LOOSE_WORDS = frozenset({"turn", "utterance", "segment", "transcript", "dialogue", "dialog", "speech", "caption",
                          "subtitle", "cue", "monologue"})
#: Speaker keys that make a lone object with a long text a one-turn transcript.
_MONOLOGUE_WORDS = frozenset({"speaker", "spk", "speakername", "author", "by", "who", "orator", "narrator"})
_WORD_LEVEL = frozenset({"word", "token", "item", "alternative"})
_HINT_WORDS = frozenset({"role", "title", "position", "office", "affiliation", "party", "job", "occupation",
                         "organization", "organisation", "post", "rank", "department", "ministry", "constituency",
                         "designation", "capacity", "function", "honorific"})
_HINT_SKIP = frozenset({"id", "identifier", "url", "uri", "href", "link", "date", "start", "end", "type",
                        "thumbnail", "image"})
_ID_KEYS = ("identifier", "id", "uid", "uuid", "guid", "slug", "key", "code")
_TITLE_WORDS = frozenset({"title", "headline"})
#: What a document's title can be the title of ("episode_title").
_WHOLE_WORDS = frozenset({"episode", "document", "doc", "transcript", "event", "page", "show", "program",
                          "programme", "meeting", "hearing", "session", "case", "debate", "video", "interview",
                          "speech", "conference", "briefing", "podcast", "full", "main", "official", "display"})
_DATE_WORDS = frozenset({"date", "datetime", "published", "recorded", "aired", "broadcast", "held"})
_URL_WORDS = frozenset({"url", "link", "permalink", "uri"})
_SOURCE_WORDS = frozenset({"source", "publisher", "outlet", "network", "program", "programme", "show"})
_ROSTER_WORDS = frozenset({"speaker", "participant", "people", "person", "cast", "character", "roster",
                           "member", "attendee", "voice", "user", "author", "panelist", "guest", "host"})
_END = object()
_MAX_DEPTH = 4


class _Pairs(list):
    """An object as decoded: its ``(key, value)`` pairs in source order."""

    __slots__ = ()


class _S:
    """A string of the document with the span of its literal (quotes included)."""

    __slots__ = ("value", "start", "end")

    def __init__(self, value: str, start: int, end: int) -> None:
        self.value = value
        self.start = start
        self.end = end


class _Obj:
    """An object of the document: keys (as :class:`_S`) and values in source order."""

    __slots__ = ("keys", "values", "map", "holder")

    def __init__(self, holder: str | None = None) -> None:
        self.holder = holder  # the key it is the value of, or the key of the list it is in
        self.keys: list[_S] = []
        self.values: list[object] = []
        self.map: dict[str, object] = {}

    def add(self, key: _S, value: object) -> None:
        self.keys.append(key)
        self.values.append(value)
        self.map[key.value] = value


@dataclass
class _Coll:
    """An array or keyed collection of the document: its items, the key holding it, and its
    pre-/post-order numbers (B lies inside A when ``A.pre < B.pre and B.post < A.post``)."""

    items: list
    key: str | None
    pre: int
    post: int = 0
    parent: _Obj | None = None  # the object whose key holds it


@dataclass
class _Item:
    """What one item of a candidate list says: speaker facts and text strings."""

    strings: list[_S]
    has_speaker: bool
    speaker: object  # _S, int/float, None (null), or an _Obj
    speaker_key: str
    text_key: str
    extra: dict = field(default_factory=dict)  # turn-level hint / id
    obj: _Obj | None = None  # the object it was read from


@dataclass
class _Cand:
    coll: _Coll
    items: list[_Item | None]
    profile: tuple  # (speaker key words, text key words, word level) most items use
    pairs: frozenset  # every (speaker key, text key) its items use
    chars: int
    word_level: bool


def looks_like_json(text: str) -> bool:
    """True if the first character that is not white space is ``{`` or ``[``.

    Cheap: reads only the leading white space. A text transcript opening with
    ``[Music]`` passes too; :func:`parse_json` then raises :class:`TranscriptFormatError`.

    Examples
    --------
    >>> looks_like_json('  {"turns": []}'), looks_like_json("\\ufeff[1]"), looks_like_json("Q: hi")
    (True, True, False)
    """
    i = _LEAD_WS.match(text).end()
    return text[i:i + 1] in ("{", "[") and i < len(text)


def parse_json(text: str, *, path: str, encoding: str = "utf-8", page: int = 0) -> ParsedPage | None:
    """Read a structured JSON transcript: header facts, boilerplate and turn drafts.

    Parameters
    ----------
    text : str
        Source text (decoded, line ends normalized; see :mod:`analysis.parsers.decode`).
    path : str
        For messages and provenance.
    encoding : str
        The encoding the text was decoded from, recorded on the page.
    page : int
        Index of this file among the pages of its transcript.

    Returns
    -------
    ParsedPage or None
        ``format="json"``; None when the document holds no list of turns (a case file, a
        configuration, ``{"transcript": null}``), so the caller can skip it as not a
        transcript. See the module docstring for the detection rule.

    Raises
    ------
    TranscriptFormatError
        The text is not one valid JSON document; the message names the line and column.

    Notes
    -----
    Paragraph ``raw`` is the string literal with its quotes, exactly as in the source;
    paragraphs and boilerplate cover every non-whitespace character of ``text`` once.

    Examples
    --------
    >>> doc = '{"title": "Briefing, May 4, 2021", "utterances": [{"speaker": "Ann", "text": "Good morning."}]}'
    >>> p = parse_json(doc, path="b.json")
    >>> p.title, p.date, [(d.speaker, d.paragraphs[0].speech) for d in p.turns]
    ('Briefing, May 4, 2021', datetime.date(2021, 5, 4), [('Ann', 'Good morning.')])
    >>> parse_json('{"name": "config", "debug": true}', path="c.json") is None
    True
    """
    return _Reader(text, path, encoding, page).read()


# ---------------------------------------------------------------------------------------
class _Reader:
    """One parse: the text, its caches and the decoded, span-annotated document."""

    def __init__(self, text: str, path: str, encoding: str, page: int) -> None:
        self.text = text
        self.path = str(path)
        self.encoding = encoding
        self.page = page
        self._tokens: dict[str, tuple[str, ...]] = {}
        self._speaker_ranks: dict[str, int | None] = {}
        self._text_ranks: dict[str, tuple[int, int] | None] = {}
        self._labels: dict[str, tuple[str, str | None, str | None]] = {}
        self._newlines: list[int] | None = None
        self._letters = False
        self._used: set[int] = set()
        self._root: object = None

    # ---- positions ------------------------------------------------------------------
    def line_at(self, offset: int) -> int:
        """1-based line of a character offset."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect_right(self._newlines, offset - 1) + 1

    def _error(self, offset: int, message: str) -> TranscriptFormatError:
        line = self.text.count("\n", 0, offset) + 1
        col = offset - (self.text.rfind("\n", 0, offset) + 1) + 1
        return TranscriptFormatError(self.path, line, f"is not valid JSON: {message} at line {line}, column {col}")

    # ---- decoding ---------------------------------------------------------------------
    def decode(self) -> tuple[object, list[_Coll]]:
        """The annotated document and its collections (arrays and keyed collections)."""
        text = self.text
        start = _LEAD_WS.match(text).end()
        if start >= len(text):
            raise TranscriptFormatError(self.path, 1, "is empty: expected a JSON document")
        decoder = json.JSONDecoder(object_pairs_hook=_Pairs, strict=False)
        try:
            doc, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            raise self._error(exc.pos, exc.msg) from None
        except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits()
            raise TranscriptFormatError(self.path, None, f"holds a value JSON reading refuses ({exc})") from None
        except RecursionError:
            raise TranscriptFormatError(self.path, None, "is nested too deeply to read as JSON") from None
        rest = _LEAD_WS.match(text, end).end()
        if rest < len(text):
            more = " (JSON Lines? a .json file holds one document)" if text[rest] in "{[" else ""
            raise self._error(rest, "extra data after the document" + more)
        return self._annotate(doc, start)

    def _annotate(self, doc: object, start: int) -> tuple[object, list[_Coll]]:
        literals = _STR_RE.finditer(self.text, start)
        colls: list[_Coll] = []
        stack: list[tuple[object, object, _Coll]] = []
        counter = 0

        def wrap(v: object, key: str | None, parent: _Obj | None) -> object:
            nonlocal counter
            if type(v) is str:
                m = next(literals)
                return _S(v, m.start(), m.end())
            if isinstance(v, _Pairs):
                new: object = _Obj(key)
            elif isinstance(v, list):
                new = []
            else:
                return v
            # a keyed collection's items are its values
            info = _Coll(new.values if isinstance(new, _Obj) else new, key, counter, parent=parent)
            counter += 1
            stack.append((new, iter(v), info))
            return new

        root = wrap(doc, None, None)
        while stack:
            new, it, info = stack[-1]
            item = next(it, _END)  # type: ignore[call-overload]
            if item is _END:
                stack.pop()
                info.post = counter
                counter += 1
                # arrays, and objects of three or more objects (keyed collections)
                if isinstance(new, list) or (len(info.items) >= 3 and all(isinstance(x, _Obj) for x in info.items)):
                    colls.append(info)
                continue
            if isinstance(new, _Obj):
                k, v = item
                m = next(literals)
                ks = _S(k, m.start(), m.end())
                new.add(ks, wrap(v, k, new))
            else:
                new.append(wrap(item, info.key, None))  # type: ignore[union-attr]
        colls.sort(key=lambda c: c.pre)
        return root, colls

    # ---- key classification -----------------------------------------------------------
    def tokens(self, key: str) -> tuple[str, ...]:
        """Words of a key: split at non-alphanumerics and camelCase, lower case, singular."""
        t = self._tokens.get(key)
        if t is None:
            parts = _SPLIT.split(_CAMEL.sub(r"\1_\2", key).lower())
            t = tuple(p[:-3] + "y" if len(p) > 4 and p.endswith("ies")
                      else p[:-1] if len(p) > 3 and p.endswith("s") and not p.endswith("ss") else p
                      for p in parts if p)
            self._tokens[key] = t
        return t

    def speaker_rank(self, key: str) -> int | None:
        """0 speaker, 1 person, 2 role, 3 speaker id; None if not speaker-like."""
        if key not in self._speaker_ranks:
            self._speaker_ranks[key] = self._speaker_rank(key)
        return self._speaker_ranks[key]

    def _speaker_rank(self, key: str) -> int | None:
        t = self.tokens(key)
        if not t or len(t) > 3:
            return None
        words = set(t)
        speakerish = bool(words & _SPEAKER_WORDS)
        if words & _NOT_SPEAKER:
            return 3 if speakerish and words & {"id", "identifier", "key", "index", "idx", "number", "num"} else None
        if speakerish:
            return 0
        if "name" in words and len(t) > 1 and not (words - {"name"}) <= _NAME_QUALIFIERS:
            return None
        if words & _PERSON_WORDS:
            return 1
        if words & _ROLE_WORDS:
            return 2
        return None

    def text_rank(self, key: str) -> tuple[int, int] | None:
        """(vocabulary rank, number of words) of a text-like key, None otherwise."""
        if key not in self._text_ranks:
            self._text_ranks[key] = self._text_rank(key)
        return self._text_ranks[key]

    def _text_rank(self, key: str) -> tuple[int, int] | None:
        t = self.tokens(key)
        if not t or len(t) > 3 or set(t) & _NOT_TEXT:
            return None
        ranks = [_TEXT_WORDS[w] for w in t if w in _TEXT_WORDS]
        if not ranks:
            return None
        return min(ranks), len(t)

    # ---- values -------------------------------------------------------------------------
    def text_strings(self, v: object, depth: int = 0) -> list[_S] | None:
        """The strings a text-like value holds, in order; None if the value is not text-like."""
        if isinstance(v, _S):
            return [v]
        if depth >= _MAX_DEPTH:
            return None
        if isinstance(v, list):
            out: list[_S] = []
            for x in v:
                if x is None:
                    continue
                got = self.text_strings(x, depth + 1)
                if got is None:
                    return None
                out.extend(got)
            return out
        if isinstance(v, _Obj):
            best = self.best_text_key(v, depth + 1)
            return best[1] if best else None
        return None

    def best_text_key(self, obj: _Obj, depth: int = 0) -> tuple[str, list[_S]] | None:
        """The object's best text-like key and its strings (a string beats a list)."""
        best, best_rank = None, None
        for k, v in zip(obj.keys, obj.values):
            rank = self.text_rank(k.value)
            if rank is None or (best_rank is not None and (rank, 0) >= best_rank):
                continue
            strings = self.text_strings(v, depth)
            if strings is None:
                continue
            best, best_rank = (k.value, strings), (rank, 0 if isinstance(v, _S) else 1)
        return best

    def name_like(self, s: str) -> bool:
        s = s.strip(WS_CHARS)
        return 0 < len(s) <= 100 and "\n" not in s and len(s.split()) <= 12 and "://" not in s

    def speaker_value_ok(self, v: object, rank: int) -> bool:
        if v is None:
            return rank != 2
        if isinstance(v, _S):  # an empty speaker is an unidentified one, as null is
            return self.name_like(v.value) or (rank == 0 and not v.value.strip(WS_CHARS))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return rank in (0, 3)
        if isinstance(v, _Obj):
            return rank == 0 or self.name_of(v) is not None or (rank == 3 and self.id_of(v) is not None)
        if isinstance(v, list) and v and rank in (0, 1):
            return all(isinstance(x, _S) and self.name_like(x.value) for x in v)
        return False

    def name_of(self, obj: _Obj) -> str | None:
        """The name a speaker object gives: ``name``, ``full_name``, ``display_name``..., a
        first and last name, a last name, or its role."""
        best, best_rank = None, 99
        first = last = None
        for k, v in zip(obj.keys, obj.values):
            if not isinstance(v, _S) or not self.name_like(v.value):
                continue
            t = self.tokens(k.value)
            if t == ("name",):
                rank = 0
            elif "name" in t and set(t) & {"full", "display", "speaker", "real", "screen", "preferred", "official"}:
                rank = 1
            elif t in (("fullname",), ("displayname",), ("label",), ("speaker",)):
                rank = 1
            elif t in (("username",), ("user", "name"), ("nick",), ("nickname",), ("handle",)):
                rank = 3
            elif t in (("first", "name"), ("given", "name"), ("firstname",), ("forename",)):
                first = v.value.strip(WS_CHARS)
                continue
            elif t in (("last", "name"), ("family", "name"), ("surname",), ("lastname",)):
                last = v.value.strip(WS_CHARS)
                continue
            elif t == ("role",) or t == ("title",):
                rank = 5
            else:
                continue
            if rank < best_rank:
                best, best_rank = v.value, rank
        if best_rank > 2 and first and last:
            return f"{first} {last}"
        if best_rank > 4 and last:
            return last
        return " ".join(best.split()) if best is not None else None

    def id_of(self, obj: _Obj) -> str | None:
        """An id-like field of a speaker object (``identifier`` first, then ``id``...)."""
        lowered = {k.value.lower(): v for k, v in zip(obj.keys, obj.values)}
        for key in _ID_KEYS:
            v = lowered.get(key)
            if isinstance(v, _S) and v.value.strip():
                return v.value.strip()
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return str(v)
        for k, v in zip(obj.keys, obj.values):
            t = self.tokens(k.value)
            if t and t[-1] in ("id", "identifier") and isinstance(v, (_S, int)) and not isinstance(v, bool):
                return v.value.strip() if isinstance(v, _S) else str(v)
        return None

    # ---- items ------------------------------------------------------------------------
    def item(self, obj: _Obj, allow_no_speaker: bool) -> _Item | None:
        """What a candidate item says, or None if it is not a turn."""
        got = self._item(obj, allow_no_speaker)
        if got is not None:
            got.obj = obj
            return got
        inner = [v for v in obj.values if isinstance(v, _Obj)]
        if len(inner) == 1:  # {"message": {"author": ..., "content": ...}, "id": ...}
            got = self._item(inner[0], False)
            if got is not None:
                got.obj = obj
                self._turn_extras(obj, got)
        return got

    def _item(self, obj: _Obj, allow_no_speaker: bool) -> _Item | None:
        text = self.best_text_key(obj)
        sp_key, sp_rank, sp_val = None, None, None
        for k, v in zip(obj.keys, obj.values):
            if text is not None and k.value == text[0]:
                continue
            rank = self.speaker_rank(k.value)
            if rank is None or (sp_rank is not None and rank >= sp_rank):
                continue
            if self.speaker_value_ok(v, rank):
                sp_key, sp_rank, sp_val = k.value, rank, v
        if text is None:
            if len(obj.keys) == 1 and self.speaker_rank(obj.keys[0].value) is None:
                strings = self.text_strings(obj.values[0], 2)
                k = obj.keys[0].value
                if strings and self.name_like(k) and (k[:1].isupper() or not k[:1].isascii()):  # [{"Alice": "Hi"}]
                    return _Item(strings, True, obj.keys[0], "*key*", "*value*")
            return None
        if sp_key is None and not allow_no_speaker:
            return None
        it = _Item(text[1], sp_key is not None, sp_val,
                   sp_key or "", text[0])
        self._turn_extras(obj, it)
        return it

    def _turn_extras(self, obj: _Obj, it: _Item) -> None:
        """Turn-level role or id fields beside the speaker ("role": "Moderator")."""
        for k, v in zip(obj.keys, obj.values):
            if k.value in (it.speaker_key, it.text_key):
                continue
            t = self.tokens(k.value)
            words = set(t)
            if isinstance(v, _S) and self.name_like(v.value) and words & (_HINT_WORDS | _ROLE_WORDS) \
                    and not words & _HINT_SKIP:
                it.extra.setdefault("hint", []).append(" ".join(v.value.split()))
            elif words & _SPEAKER_WORDS and words & {"id", "identifier"} and isinstance(v, (_S, int)) \
                    and not isinstance(v, bool):
                it.extra.setdefault("id", v.value.strip() if isinstance(v, _S) else str(v))

    # ---- candidates -------------------------------------------------------------------
    def candidate(self, coll: _Coll, is_root: bool) -> _Cand | None:
        """Evaluate one collection as a turn list (see the module docstring)."""
        items = coll.items
        objs = [x for x in items if isinstance(x, _Obj)]
        if not objs or len(objs) * 5 < len(items) * 4:
            return None
        holder = set(self.tokens(coll.key or ""))
        inherited = self.parent_speaker(coll)
        loose = (is_root and isinstance(items, list)) or bool(holder & _LOOSE_WORDS) or inherited is not None
        found = [self.item(o, loose) if isinstance(o, _Obj) else None for o in items]
        with_text = [f for f in found if f is not None]
        if len(with_text) * 5 < len(objs) * 3:
            return None
        if inherited is not None:
            for f in with_text:
                if not f.has_speaker:
                    f.has_speaker, f.speaker_key, f.speaker = True, inherited[0], inherited[1]
        with_speaker = [f for f in with_text if f.has_speaker]
        if not with_speaker:
            # a table of rows, or segments, without a speaker column: a strong text column only
            if any(self.text_rank(f.text_key) != (0, 1) for f in with_text):
                return None
        elif len(with_speaker) * 2 < len(with_text):
            return None
        words_per = [sum(len(s.value.split()) for s in f.strings) for f in with_text]
        total_words = sum(words_per)
        if total_words == 0:
            return None
        names = Counter(self.speaker_token(f.speaker) for f in with_speaker)
        named = sum(names.values())
        keys = holder | {w for f in with_text for w in self.tokens(f.text_key)}
        speechlike = (total_words >= 3 * len(with_text) or (len(names) < named)
                      or bool(keys & _TURN_WORDS))
        if not speechlike:
            return None
        sp_keys = Counter(f.speaker_key for f in with_text)
        tx_keys = Counter(f.text_key for f in with_text)
        word_level = (bool(holder & _WORD_LEVEL)
                      or self.text_rank(tx_keys.most_common(1)[0][0]) in ((2, 1), (2, 2))
                      or (len(with_text) >= 5 and max(words_per) <= 1))
        profile = (self.tokens(sp_keys.most_common(1)[0][0]), self.tokens(tx_keys.most_common(1)[0][0]), word_level)
        chars = sum(len(s.value) for f in with_text for s in f.strings)
        pairs = frozenset((self.tokens(f.speaker_key), self.tokens(f.text_key)) for f in with_text)
        return _Cand(coll, found, profile, pairs, chars, word_level)

    def parent_speaker(self, coll: _Coll) -> tuple[str, object] | None:
        """The speaker of the object holding a list of speech items, when the layout groups
        turns under their speaker (``{"speakers": [{"name": "Ann", "turns": [{"text": ...}]}]}``):
        a speaker key of that object, or a name key when the object is in a list of speakers."""
        parent = coll.parent
        if parent is None or coll.key is None or self.text_rank(coll.key) is not None:
            return None
        roster = bool(set(self.tokens(parent.holder or "")) & _ROSTER_WORDS)
        best, best_rank = None, None
        for k, v in zip(parent.keys, parent.values):
            rank = self.speaker_rank(k.value)
            if rank is None or rank > (1 if roster else 0) or (best_rank is not None and rank >= best_rank):
                continue
            if v is not None and self.speaker_value_ok(v, rank):
                best, best_rank = (k.value, v), rank
        return best

    def speaker_token(self, v: object) -> object:
        if isinstance(v, _S):
            return v.value
        if isinstance(v, _Obj):
            return self.name_of(v) or self.id_of(v)
        if isinstance(v, list):
            return tuple(x.value for x in v if isinstance(x, _S))
        return v

    def choose(self, colls: list[_Coll], root: object) -> list[_Cand]:
        """The chosen group's candidate lists, in document order."""
        cands = [x for x in (self.candidate(c, is_root=c.items is root) for c in colls) if x is not None]
        if not cands:
            return []
        # lists of one kind: same word level, and a (speaker key, text key) pair in common or
        # the same holding key and speaker key ("turns" with "text" here, "paragraphs" there)
        parent = list(range(len(cands)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        seen: dict[tuple, int] = {}
        for i, c in enumerate(cands):
            keys = [("pair", c.profile[2], pair) for pair in c.pairs]
            if c.coll.key:
                keys.append(("holder", c.profile[2], self.tokens(c.coll.key), c.profile[0]))
            for key in keys:
                j = seen.setdefault(key, i)
                parent[find(i)] = find(j)
        groups: dict[int, list[_Cand]] = {}
        for i, c in enumerate(cands):
            groups.setdefault(find(i), []).append(c)

        def score(cands: list[_Cand]) -> float:
            return (sum(c.chars for c in cands) * (0.2 if cands[0].word_level else 1.0)
                    * (1.0 if cands[0].profile[0] else 0.5))

        return max(groups.values(), key=score)  # the first group on ties

    def single(self, root: object) -> _Cand | None:
        """The root object as the one turn of a monologue (``{"speaker": ..., "text": ...}``)."""
        if not isinstance(root, _Obj):
            return None
        it = self._item(root, False)
        if it is None or not set(self.tokens(it.speaker_key)) & _MONOLOGUE_WORDS:
            return None
        if sum(len(s.value.split()) for s in it.strings) < 10:
            return None
        it.extra.clear()  # the document's own title is no hint about the speaker
        pair = (self.tokens(it.speaker_key), self.tokens(it.text_key))
        return _Cand(_Coll([root], None, 0), [it], (*pair, False), frozenset([pair]),
                     sum(len(s.value) for s in it.strings), False)

    # ---- rosters ------------------------------------------------------------------------
    def rosters(self, colls: list[_Coll], chosen: list[_Cand]) -> dict[str, tuple[str, list[str]]]:
        """``{id: (name, hints)}`` from speaker lists elsewhere in the document."""
        inside = [(c.coll.pre, c.coll.post) for c in chosen]
        out: dict[str, tuple[str, list[str]]] = {}
        for c in colls:
            if any(a <= c.pre and c.post <= b for a, b in inside):
                continue
            for item in c.items:
                if isinstance(item, _Obj):
                    name, ident = self.name_of(item), self.id_of(item)
                    if name and ident and ident != name:
                        out.setdefault(ident, (name, self.hints_of(item)))
        # {"speakers": {"S1": "Alice", "S2": {"name": "Bob"}}}
        stack = [root for root in ([self._root] if isinstance(self._root, _Obj) else [])]
        depth = 0
        while stack and depth < 3:
            nxt = []
            for obj in stack:
                for k, v in zip(obj.keys, obj.values):
                    if isinstance(v, _Obj):
                        if set(self.tokens(k.value)) & _ROSTER_WORDS:
                            for kk, vv in zip(v.keys, v.values):
                                if isinstance(vv, _S) and self.name_like(vv.value):
                                    out.setdefault(kk.value, (" ".join(vv.value.split()), []))
                                elif isinstance(vv, _Obj) and self.name_of(vv):
                                    out.setdefault(kk.value, (self.name_of(vv) or "", self.hints_of(vv)))
                        nxt.append(v)
            stack, depth = nxt, depth + 1
        return out

    # ---- speakers ---------------------------------------------------------------------
    def hints_of(self, obj: _Obj, when: dt.date | None = None) -> list[str]:
        """Role and title strings of a speaker object, as written."""
        out: list[str] = []
        for k, v in zip(obj.keys, obj.values):
            words = set(self.tokens(k.value))
            if not words & _HINT_WORDS or words & _HINT_SKIP or "name" in words:
                continue
            values = v if isinstance(v, list) else [v]
            kept = [x for x in values if not isinstance(x, _Obj) or _in_force(x, when, self)]
            for x in kept or values:
                if isinstance(x, _S) and x.value.strip(WS_CHARS):
                    out.append(" ".join(x.value.split()))
                elif isinstance(x, _Obj):
                    s = self._title_in(x)
                    if s:
                        out.append(s)
        return list(dict.fromkeys(out))

    def _title_in(self, obj: _Obj) -> str | None:
        best, best_rank = None, 9
        for k, v in zip(obj.keys, obj.values):
            if not isinstance(v, _S) or not v.value.strip(WS_CHARS):
                continue
            words = set(self.tokens(k.value))
            rank = 0 if "title" in words else 1 if "role" in words else 2 if words & {"name", "position", "office"} \
                else 9
            if words & _HINT_SKIP - {"type"}:
                continue
            if rank < best_rank:
                best, best_rank = " ".join(v.value.split()), rank
        return best

    def label_facts(self, label: str, official: str | None) -> tuple[str, str | None, str | None]:
        """(speaker, role, outlet) for a name as written, as text transcripts read labels."""
        got = self._labels.get(label)
        if got is None:
            role = None if self._letters and len(label) == 1 else rl.label_role_word(label)
            if role == "questioner":
                got = ("Journalist", "questioner", None)
            elif role == "official":
                got = (official or "Official", "official", None)
            else:
                outlet = rl.outlet_of_label(label)
                got = (label, "questioner" if outlet else None, outlet)
            self._labels[label] = got
        return got

    # ---- the page ---------------------------------------------------------------------
    def read(self) -> ParsedPage | None:
        root, colls = self.decode()
        self._root = root
        chosen = self.choose(colls, root)
        if not chosen:
            one = self.single(root)
            if one is None:
                return None
            chosen = [one]
        out = ParsedPage(path=self.path, text=self.text, encoding=self.encoding, format="json")
        # a list nested in another of the group (replies in a thread) adds its turns; an item
        # whose strings another item already gave is left out
        self._used = set()
        items: list[_Item] = []
        by_obj = {id(it.obj): it for c in chosen for it in c.items if it is not None}
        for c in chosen:
            outer = by_obj.get(id(c.coll.parent)) if c.coll.parent is not None else None
            if outer is not None and self._breakdown(c, outer):
                continue
            for it in c.items:
                if it is not None and not any(s.start in self._used for s in it.strings):
                    self._used.update(s.start for s in it.strings)
                    items.append(it)
        # speakers "A", "B", "C" are diarization letters, not the Q/A of press transcripts
        self._letters = any(isinstance(it.speaker, _S) and len(it.speaker.value.strip()) == 1
                            and it.speaker.value.strip() not in "QqAa" for it in items)
        meta = self.metadata(root, chosen, out)
        roster = self.rosters(colls, chosen)
        resolve = self._resolvable(chosen, roster)
        for it in items:
            draft = self.draft(it, out, roster if resolve else {})
            if draft is not None:
                out.turns.append(draft)
        if not out.turns:
            return None
        out.turns.sort(key=lambda d: d.paragraphs[0].start)  # document order
        for kind, s in meta:
            out.boilerplate.append(Boilerplate(kind, self.text[s.start:s.end], self.page, s.start, s.end,
                                               self.line_at(s.start)))
        self.residue(out)
        out.boilerplate.sort(key=lambda b: b.start)
        n = sum(len(c.items) for c in chosen)
        keys = chosen[0].profile
        where = ", ".join(dict.fromkeys(c.coll.key or "(root)" for c in chosen))
        out.notes.append(("json", None, f"read as JSON: {len(out.turns)} turns from {n} items of "
                                        f"{len(chosen)} list(s) '{where}' (speaker key "
                                        f"{'_'.join(keys[0]) or 'none'}, text key {'_'.join(keys[1])})"))
        return out

    def _breakdown(self, cand: _Cand, outer: _Item) -> bool:
        """True if a list inside a turn splits that turn's own text (its ``sentences``), as
        opposed to adding turns of its own (``replies``): its first text is in the turn's."""
        first = next((s.value.strip(WS_CHARS) for it in cand.items if it is not None for s in it.strings
                      if s.value.strip(WS_CHARS)), "")
        return bool(first) and any(first in s.value for s in outer.strings)

    def _resolvable(self, chosen: list[_Cand], roster: dict) -> bool:
        if not roster:
            return False
        vals = {str(self.speaker_token(it.speaker)) for c in chosen for it in c.items
                if it is not None and it.has_speaker and it.speaker is not None}
        return bool(vals) and sum(v in roster for v in vals) * 2 >= len(vals)

    def draft(self, it: _Item, out: ParsedPage, roster: dict) -> TurnDraft | None:
        paragraphs = []
        for s in it.strings:
            raw = self.text[s.start:s.end]
            speech = " ".join(clean_speech(s.value).split())
            if not speech:
                continue
            speech, directions = _split_directions(speech)
            paragraphs.append(Paragraph(raw, speech, directions, self.page, s.start, s.end, self.line_at(s.start)))
        if not paragraphs:
            return None
        v = it.speaker
        hints: list[str] = []
        ident = it.extra.get("id", "")
        name: str | None
        if not it.has_speaker or v is None:
            name = None
        elif isinstance(v, _S):
            name = " ".join(v.value.split()) or None
        elif isinstance(v, _Obj):
            name = self.name_of(v)
            ident = self.id_of(v) or ident
            hints = self.hints_of(v, out.date if isinstance(out.date, dt.date) else None)
            if name is None and ident:
                name = ident
        elif isinstance(v, list):
            name = " & ".join(" ".join(x.value.split()) for x in v)
        else:  # a number: a diarization label
            name = f"Speaker {v}"
            ident = ident or str(v)
        ref = (v.value.strip(WS_CHARS) if isinstance(v, _S) else str(v) if isinstance(v, (int, float))
               else ident if isinstance(v, _Obj) and self.name_of(v) is None else None)
        if ref and ref in roster:  # a speaker id a roster elsewhere in the document names
            ident = ident or ref
            name, more = roster[ref]
            hints += more
        hints += it.extra.get("hint", [])
        hint = "; ".join(dict.fromkeys(h for h in hints if h and h != name))
        if name is None:
            return TurnDraft("", "Unknown speaker", "unknown", None, paragraphs, speaker_id=ident, hint=hint)
        speaker, role, outlet = self.label_facts(name, out.official)
        if role is None and hint.lower() in rl.ROLES and hint.lower() != "unknown":
            role = hint.lower()
        return TurnDraft(name, speaker, role, outlet, paragraphs, speaker_id=str(ident), hint=hint)

    # ---- metadata -----------------------------------------------------------------------
    def metadata(self, root: object, chosen: list[_Cand], out: ParsedPage) -> list[tuple[str, _S]]:
        """Title, date, URL and source read from strings outside the turns, nearest the root
        first (objects reached through object keys only, three levels deep)."""
        found: dict[str, _S] = {}
        turns = {id(x) for c in chosen for x in c.coll.items}  # items of a keyed collection of turns
        level = [root] if isinstance(root, _Obj) else []
        depth = 0
        while level and depth < 3 and len(found) < 4:
            nxt = []
            for obj in level:
                for k, v in zip(obj.keys, obj.values):
                    if isinstance(v, _Obj):
                        if id(v) not in turns:
                            nxt.append(v)
                        continue
                    if not isinstance(v, _S) or v.start in self._used or not v.value.strip(WS_CHARS):
                        continue
                    words = set(self.tokens(k.value))
                    val = v.value.strip(WS_CHARS)
                    if "title" not in found and self._title_key(k.value) and len(val) <= 300 and "\n" not in val:
                        found["title"] = v
                    elif "date" not in found and words & _DATE_WORDS and len(val) <= 60 and hd.parse_date(val):
                        found["date"] = v
                    elif "url" not in found and words & _URL_WORDS and re.match(r"https?://\S+$", val):
                        found["url"] = v
                    elif "source" not in found and words & _SOURCE_WORDS and self.name_like(val):
                        found["source"] = v
            level, depth = nxt, depth + 1
        if "title" in found:
            out.title = " ".join(clean_speech(found["title"].value).split())
        if "date" in found:
            out.date = hd.parse_date(found["date"].value)
        if out.title and out.date is None:
            out.date = hd.parse_date(out.title)
        if "url" in found:
            out.url = found["url"].value.strip(WS_CHARS)
        if "source" in found:
            out.source = " ".join(found["source"].value.split())
        if out.title:
            out.kind = hd.kind_from_title(out.title)
            out.official = hd.official_in_title(out.title)
        for key, s in found.items():
            out.header_fields[key] = s.value
        return [("metadata", s) for s in sorted(found.values(), key=lambda s: s.start)]

    def _title_key(self, key: str) -> bool:
        """``title``, ``headline``, or the title of the whole (``episode_title``), not a job title."""
        t = self.tokens(key)
        return bool(t) and t[-1] in _TITLE_WORDS and (len(t) == 1 or (len(t) == 2 and t[0] in _WHOLE_WORDS))

    def residue(self, out: ParsedPage) -> None:
        """Every non-whitespace run outside paragraphs and metadata: ``markup``, one per line."""
        text = self.text
        for a, b in uncovered(out, len(text)):
            for m in _PIECE_RE.finditer(text, a, b):
                s = m.start()
                out.boilerplate.append(Boilerplate("markup", m.group(), self.page, s, m.end(), self.line_at(s)))


def _in_force(obj: _Obj, when: dt.date | None, reader: _Reader) -> bool:
    """A role object with ``date_start``/``date_end`` in force on ``when`` (True if unknown)."""
    if when is None:
        return True
    start = end = None
    for k, v in zip(obj.keys, obj.values):
        words = set(reader.tokens(k.value))
        if not words & {"date", "from", "to", "since", "until", "start", "end", "begin"}:
            continue
        d = _as_date(v)
        if d is None:
            continue
        if words & {"start", "from", "since", "begin"}:
            start = d
        elif words & {"end", "to", "until"}:
            end = d
    return (start is None or start <= when) and (end is None or when <= end)


def _as_date(v: object) -> dt.date | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        seconds = v / 1000 if abs(v) > 1e11 else v  # milliseconds since the epoch
        try:
            return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=seconds)).date()
        except OverflowError:
            return None
    if isinstance(v, _S):
        return hd.parse_date(v.value)
    return None
