"""Phrases: n-grams, collocations, maximal recurring phrases, formulae across transcripts and
their variants, their emergence over time, and the stock answers officials reuse.

One module per job, re-exported here: :mod:`.ngrams` (:func:`ngram_counts`),
:mod:`.collocations` (:func:`collocations`), :mod:`.association` (:func:`association_scores`, the
measures as functions of marginal counts), :mod:`.maximal` (:func:`recurring_phrases`),
:mod:`.formulae` (:func:`formulae`, ranked by formulaicity, :func:`formula_occurrences`,
:func:`evaluate_formulae`), :mod:`.names` (:func:`names`), :mod:`.frames` (:func:`slot_frames`,
:func:`frame_fillers`), :mod:`.emergence`
(:func:`formula_spread`, :func:`formula_emergence`, :func:`new_formulae`) and :mod:`.stock`
(:func:`stock_answers`, :func:`stock_answer_rates`). The machinery they share is private:
the token stream (:mod:`._stream`), n-gram extension and maximality (:mod:`._extend`) and
variant grouping (:mod:`._variants`).

Tokens
    :func:`analysis.text.tokenize`'s tokens, lower-cased (``lowercase=True``), punctuation
    dropped, clitics kept as tokens and written attached ("party's"). With
    ``expand_contractions=True`` (the default of :func:`formulae` and the stock answers)
    'm 're 've 'll n't 'd become am are have will not would, so "I'm a Party member" and
    "I am a Party member" are one formula.

Boundaries
    Every sequence stays inside one sentence (:func:`analysis.text.sentence_spans`, Punkt;
    a paragraph break always ends one) and so inside one turn.

Stop words
    Never removed from inside a sequence, so "self-governance of the party" and "of the
    party" stay whole. ``stop_rule`` only says which sequences to list: "all" drops those
    made only of stop words ("of the"), "edges" those that start or end with one ("china
    and"; in :func:`formulae` an edge word is allowed where the rest of the phrase predicts
    it: "at the outset", "on behalf of"), "none" none. ``stop_words`` picks the list: True is :func:`analysis.text.stop_words`
    (scikit-learn's English list plus the project list); "function" is
    :data:`FUNCTION_WORDS`, closed-class words only (subject pronouns may start a phrase but
    not end it), so content words of the general list ("full", "first", "two", "UN") can
    open or close a phrase; False none; or your own collection.

Notation (collocations)
    ``N`` tokens; ``f(x)`` count of token x; ``f(xy)`` count of the adjacent pair inside a
    sentence (or within a window); ``f(x_z)`` pairs with one token between. Measures are
    NLTK's ``BigramAssocMeasures`` / ``TrigramAssocMeasures`` and PMI^k, MI3, logDice and
    minimum sensitivity; see :mod:`.association` and :func:`collocations`.
"""

from ._stream import FUNCTION_WORDS, SUBJECT_PRONOUNS
from .association import *  # noqa: F401,F403
from .association import __all__ as _association
from .collocations import *  # noqa: F401,F403
from .collocations import __all__ as _collocations
from .emergence import *  # noqa: F401,F403
from .emergence import __all__ as _emergence
from .formulae import *  # noqa: F401,F403
from .formulae import __all__ as _formulae
from .frames import *  # noqa: F401,F403
from .frames import __all__ as _frames
from .maximal import *  # noqa: F401,F403
from .maximal import __all__ as _maximal
from .names import *  # noqa: F401,F403
from .names import __all__ as _names
from .ngrams import *  # noqa: F401,F403
from .ngrams import __all__ as _ngrams
from .stock import *  # noqa: F401,F403
from .stock import __all__ as _stock

__all__ = ["FUNCTION_WORDS", "SUBJECT_PRONOUNS", *_ngrams, *_collocations, *_association, *_maximal, *_formulae,
           *_names, *_frames, *_emergence, *_stock]
