"""Topics: analysis units, topic models, choosing k, labels and prevalence."""

from .labels import *  # noqa: F401,F403
from .maps import *  # noqa: F401,F403
from .models import *  # noqa: F401,F403
from .prevalence import *  # noqa: F401,F403
from .selection import *  # noqa: F401,F403
from .units import *  # noqa: F401,F403
