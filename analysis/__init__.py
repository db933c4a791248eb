"""Topic and rhetoric analysis of transcripts (press conferences, briefings, debates).

Start with :func:`analysis.corpus.load_corpus`; every analysis takes the resulting
``Corpus`` or its ``turns()`` DataFrame and returns a tidy DataFrame.
"""

from .corpus import Corpus, load_corpus

__all__ = ["Corpus", "load_corpus"]
__version__ = "0.1.0"
