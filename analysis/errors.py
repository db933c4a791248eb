"""The project's exception types.

Every error raised on bad input is one of these, and its message names the file, the
line and what was expected, so a user can fix the input rather than read a traceback.
"""

from __future__ import annotations

__all__ = ["AnalysisError", "CorpusError", "TranscriptFormatError", "EncodingError", "EmptyResultError",
           "InputWarning"]


class AnalysisError(Exception):
    """Base class of every error this package raises on purpose."""


class CorpusError(AnalysisError, ValueError):
    """A corpus cannot be built: no files, unreadable paths, bad metadata."""


class TranscriptFormatError(CorpusError):
    """A transcript file cannot be parsed.

    Parameters
    ----------
    path : str
        The file.
    line : int or None
        1-based line number where the problem is, when known.
    message : str
        What is wrong and what was expected.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self):
        # rebuilt from its parts, so the error crosses process boundaries (joblib, Dask)
        return (type(self), (self.path, self.line, self.reason))


class EncodingError(TranscriptFormatError):
    """A file's bytes are not text in any encoding we can identify."""


class EmptyResultError(AnalysisError, ValueError):
    """A filter or grouping left nothing to analyse; the message names the parameter to relax."""


class InputWarning(UserWarning):
    """Input was read, but something in it was repaired, guessed or overridden.

    Issued by ``load_corpus`` once per kind of note (mojibake repaired, bytes read in
    another encoding, NUL characters, duplicate files, metadata for a missing file), naming
    the files and lines; ``Corpus.notes()`` lists every note.
    """


def outside_stacklevel() -> int:
    """The ``stacklevel`` for ``warnings.warn`` called right here that points at the first frame
    outside this package: the user's line that called the public function, however deep inside
    the package the warning is issued."""
    import os
    import sys

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame, level = sys._getframe(1), 1  # the caller of this function: the one that warns
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level
