"""Terms: frequencies and rates by any grouping, TF-IDF, keyness, distinctive terms,
dispersion, trends and keyword-in-context.

One module per job, re-exported here: :mod:`.counts` (document-term matrix, frequencies,
TF-IDF), :mod:`.keyness` (measures in :mod:`.measures`), :mod:`.distinctive` (Monroe et al.'s
and tidylo's log odds), :mod:`.dispersion` (parts-based and distance-based measures),
:mod:`.trends`, :mod:`.kwic`, :mod:`.mwe` (multiword expressions counted as one term).
Notation shared by the measures is defined in :mod:`._base`; ``docs/measures.md`` lists
every measure with its formula, reference and the peers that give the same value. How words
become terms is one :class:`~analysis.token_options.TokenOptions` (``tokens=``), exported
here too.
"""

from .counts import *  # noqa: F401,F403
from .counts import __all__ as _counts
from .dispersion import *  # noqa: F401,F403
from .dispersion import __all__ as _dispersion
from .distinctive import *  # noqa: F401,F403
from .distinctive import __all__ as _distinctive
from .keyness import *  # noqa: F401,F403
from .keyness import __all__ as _keyness
from .measures import *  # noqa: F401,F403
from .measures import __all__ as _measures
from .kwic import *  # noqa: F401,F403
from .kwic import __all__ as _kwic
from .mwe import *  # noqa: F401,F403
from .mwe import __all__ as _mwe
from .trends import *  # noqa: F401,F403
from .trends import __all__ as _trends
from ..token_options import TokenOptions

__all__ = [*_counts, *_keyness, *_measures, *_distinctive, *_dispersion, *_trends, *_kwic, *_mwe, "TokenOptions"]
