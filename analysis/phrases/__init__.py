"""Phrases: n-grams, collocations, maximal recurring phrases, formulae across transcripts and
their variants, their emergence over time, and the stock answers officials reuse.
"""
from ._stream import FUNCTION_WORDS
from .collocations import *  # noqa: F401,F403
from .collocations import __all__ as _collocations
from .emergence import *  # noqa: F401,F403
from .emergence import __all__ as _emergence
from .formulae import *  # noqa: F401,F403
from .formulae import __all__ as _formulae
from .maximal import *  # noqa: F401,F403
from .maximal import __all__ as _maximal
from .stock import *  # noqa: F401,F403
from .stock import __all__ as _stock
from .ngrams import *  # noqa: F401,F403
from .ngrams import __all__ as _ngrams

__all__ = ["FUNCTION_WORDS", *_ngrams, *_collocations, *_maximal, *_formulae, *_emergence, *_stock]
