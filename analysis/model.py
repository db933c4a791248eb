"""The data model: ``Paragraph``, ``Turn``, ``Transcript``, ``Boilerplate``, ``Note`` (frozen dataclasses).

Lossless by construction: every paragraph and every boilerplate line keeps its character
span ``[start, end)`` in its source text (the decoded file with normalized line ends and
mojibake repaired, see :mod:`analysis.parsers.decode`; ``read_text(path)`` returns it), and
``source_text[start:end]`` is exactly its ``raw`` text. Tests prove on every bundled file,
and on any text (hypothesis), that these spans cover every non-whitespace character once.
Whatever was repaired or overridden on the way is a :class:`Note`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["Paragraph", "Turn", "Transcript", "Boilerplate", "Note"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a turn, as in the source.

    Attributes
    ----------
    raw : str
        The paragraph exactly as in the source, label included.
    speech : str
        What was said: ``raw`` without the speaker label and without stage directions.
    directions : tuple of str
        Stage directions found in the paragraph ("(The journalist smiled.)"), kept aside.
    page : int
        Index of the page (file) of the transcript this paragraph comes from.
    start, end : int
        Character span of ``raw`` in the page's source text.
    line : int
        1-based line number of the paragraph's first line in its file.

    Notes
    -----
    Pickled as the tuple of its fields (:func:`_paragraph` makes it again), with a ``speech``
    equal to ``raw`` given as ``raw`` itself: pickle then writes that text once (its memo) and
    the copy read back holds one string for both (a page parsed by a worker process comes
    back with half the bytes when most of its speech is its raw text).
    """

    raw: str
    speech: str
    directions: tuple[str, ...]
    page: int
    start: int
    end: int
    line: int

    def __reduce__(self) -> tuple:
        raw, speech = self.raw, self.speech
        return _paragraph, (raw, raw if speech == raw else speech, self.directions, self.page, self.start, self.end,
                            self.line)


def _paragraph(raw: str, speech: str, directions: tuple[str, ...], page: int, start: int, end: int,
               line: int) -> Paragraph:
    """The :class:`Paragraph` of these fields, as its ``__init__`` makes it (its fields set in its
    ``__dict__``, without the frozen class's per-field ``object.__setattr__``): how a pickled
    paragraph is read back."""
    p = object.__new__(Paragraph)
    p.__dict__.update(raw=raw, speech=speech, directions=directions, page=page, start=start, end=end, line=line)
    return p


@dataclass(frozen=True)
class Turn:
    """One speaker's uninterrupted contribution.

    Attributes
    ----------
    transcript_id : str
    index : int
        0-based position in the transcript.
    speaker : str
        The speaker as written, or resolved (``A:`` -> the spokesperson named in the title;
        an unnamed questioner -> ``"Journalist"``).
    speaker_key : str
        Normalized speaker name for grouping.
    role : str
        ``moderator``, ``questioner``, ``official`` or ``unknown``.
    label : str
        The label as written in the source (``"Q"``, ``"Study Times"``, ``""`` if none).
    outlet : str or None
        The questioner's media outlet, when named.
    paragraphs : tuple of Paragraph
    answers_turn : int or None
        For an answer, the ``index`` of the question turn it answers.
    role_reason : str
        Why the turn has its role, in words ("asks: 12 of 14 turns are questions").
    """

    transcript_id: str
    index: int
    speaker: str
    speaker_key: str
    role: str
    label: str
    outlet: str | None
    paragraphs: tuple[Paragraph, ...]
    answers_turn: int | None = None
    role_reason: str = ""

    @property
    def text(self) -> str:
        """The speech of the turn: paragraphs' speech joined by blank lines.

        A turn that holds nothing but stage directions ("(Inaudible.)") keeps them as its
        text, so that no turn is empty: transcripts and hand-checked turn lists quote such a
        turn by its direction.
        """
        text = "\n\n".join(p.speech for p in self.paragraphs if p.speech)
        if not text:
            return " ".join(d for p in self.paragraphs for d in p.directions)
        return text

    @property
    def directions(self) -> tuple[str, ...]:
        """Stage directions of all paragraphs, in order."""
        return tuple(d for p in self.paragraphs for d in p.directions)

    @property
    def span(self) -> tuple[int, int]:
        """Character span from the first paragraph's start to the last one's end (page of the first)."""
        return self.paragraphs[0].start, self.paragraphs[-1].end

    @property
    def line(self) -> int:
        """Line of the turn's first paragraph in its file."""
        return self.paragraphs[0].line


@dataclass(frozen=True)
class Boilerplate:
    """Text kept aside from the speech, by ``kind``: page furniture (``breadcrumb``, ``title``,
    ``date``, ``url``, ``pagination``, ``running_header``, ``page_number``, ``timestamp``,
    ``page_chrome``, ``markup``...), ``heading``, the publisher's ``notice`` of the
    conferences' schedule, and the record of proceedings: ``procedural`` (motions, amendment
    texts, "Question put") and ``record`` (division and attendance lists)."""

    kind: str
    raw: str
    page: int
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Note:
    """Something about the input a user should know: what was repaired, guessed or overridden.

    Attributes
    ----------
    kind : str
        ``mojibake``, ``encoding``, ``control``, ``html``, ``front_matter``, ``metadata``
        (a metadata value differs from the text, or names a missing file), ``duplicate``.
    message : str
        What happened and what was done, in words.
    path : str
        The file concerned.
    line : int or None
        1-based line in ``path``, when there is one.
    """

    kind: str
    message: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Transcript:
    """One conference or briefing (possibly merged from several page files).

    Attributes
    ----------
    id : str
    title : str
    date : datetime.date or None
    source : str
        Publisher (``"China.org.cn"``) when known.
    url : str
    kind : str
        ``press_conference``, ``regular_press_conference``, ``briefing``, ``transcript``...
    pages : tuple of str
        Source file paths, in page order.
    turns : tuple of Turn
    boilerplate : tuple of Boilerplate
    format : str
        The input format the parser recognized.
    encoding : str
        The encoding each page was decoded from (the first page's).
    extra : dict
        Further per-transcript variables from the metadata file (or front matter).
    notes : tuple of Note
        What was repaired, converted or overridden while reading it (see ``Corpus.notes()``).
    layout : dict
        How the first page was read: its layout and label grammar (see ``Corpus.layouts()``).
    """

    id: str
    title: str
    date: dt.date | None
    source: str
    url: str
    kind: str
    pages: tuple[str, ...]
    turns: tuple[Turn, ...]
    boilerplate: tuple[Boilerplate, ...] = ()
    format: str = "text"
    encoding: str = "utf-8"
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    notes: tuple[Note, ...] = field(default=(), compare=False)
    layout: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def path(self) -> str:
        """The first page's path."""
        return self.pages[0] if self.pages else ""
