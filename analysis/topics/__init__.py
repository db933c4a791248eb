"""Topics: analysis units, topic models, choosing k, labels and prevalence.

One module per job: :mod:`.units` (what a document is), :mod:`.models` (fitting, one result
type for every model), :mod:`.coherence` and :mod:`.stability` (scoring a model; :func:`coherence_scores` scores any term
lists by gensim's UMass, UCI, NPMI and C_V),
:mod:`.selection` (choosing k), :mod:`.labels` (terms, phrases, passages),
:mod:`.prevalence` (shares by group and period; questions against answers) and
:mod:`.maps` (distances between topics, the intertopic map).
"""

from .coherence import *  # noqa: F401,F403
from .labels import *  # noqa: F401,F403
from .maps import *  # noqa: F401,F403
from .models import *  # noqa: F401,F403
from .prevalence import *  # noqa: F401,F403
from .selection import *  # noqa: F401,F403
from .stability import *  # noqa: F401,F403
from .units import *  # noqa: F401,F403
