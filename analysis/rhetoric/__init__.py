"""Rhetoric: how speakers argue.

* :mod:`~analysis.rhetoric.devices` - :func:`detect_devices`, every device in every turn
  with its matched span; the detectors are in :mod:`~analysis.rhetoric.structure`
  (enumerations, tricolons, anaphora, parallelism) and :mod:`~analysis.rhetoric.emphasis`
  (rhetorical questions, slogans, exclamations, statistics, superlatives, intensifiers);
* :mod:`~analysis.rhetoric.lexicons` - dictionary matching (hedges, boosters, modality,
  pronouns, metaphor frames, or a user dictionary with wildcards and multi-word entries);
* :mod:`~analysis.rhetoric.readability` - Flesch reading ease and Flesch-Kincaid grade, and on
  request Gunning fog, SMOG, Coleman-Liau, ARI, LIX and Dale-Chall (with the user's word list);
* :mod:`~analysis.rhetoric.diversity` - lexical diversity (TTR, MATTR, MTLD, and on request
  Herdan's C, Guiraud's R, CTTR, Dugast's U, Summer's S, Maas, Yule's K and I, Simpson's D,
  Herdan's Vm, MSTTR, HD-D, MTLD-MA-Bi);
* :mod:`~analysis.rhetoric.responsiveness` - whether answers take up their questions;
* :mod:`~analysis.rhetoric.profile` - :func:`rhetoric_profile`, every measure per 1,000 words
  by any grouping.
"""

from .devices import *  # noqa: F401,F403
from .devices import __all__ as _dev
from .emphasis import *  # noqa: F401,F403
from .emphasis import __all__ as _emp
from .lexicons import *  # noqa: F401,F403
from .lexicons import __all__ as _lex
from .structure import *  # noqa: F401,F403
from .structure import __all__ as _str
from .readability import *  # noqa: F401,F403
from .readability import __all__ as _rea
from .diversity import *  # noqa: F401,F403
from .diversity import __all__ as _div
from .responsiveness import *  # noqa: F401,F403
from .responsiveness import __all__ as _res
from .profile import *  # noqa: F401,F403
from .profile import __all__ as _pro

__all__ = [*_pro, *_dev, *_str, *_emp, *_lex, *_rea, *_div, *_res]
