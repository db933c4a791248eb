"""Topic and rhetoric analysis of transcripts (press conferences, briefings, debates).

Start with :func:`analysis.corpus.load_corpus`; every analysis takes the resulting
``Corpus`` or its ``turns()`` DataFrame and returns a tidy DataFrame.

``analysis.Corpus`` and ``analysis.load_corpus`` are imported when first used, so importing
one module of the package (``analysis.turns``, ``analysis.tokens``) does not load the readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in __all__:
        from . import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
