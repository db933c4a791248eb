"""Phrases: n-grams, collocations, maximal recurring phrases, formulae across transcripts and
their variants, their emergence over time, and the stock answers officials reuse.
"""
from ._stream import FUNCTION_WORDS
from .collocations import *  # noqa: F401,F403
from .collocations import __all__ as _collocations
from .maximal import *  # noqa: F401,F403
from .maximal import __all__ as _maximal
from .ngrams import *  # noqa: F401,F403
from .ngrams import __all__ as _ngrams

__all__ = ["FUNCTION_WORDS", *_ngrams, *_collocations, *_maximal]
