"""Topics: analysis units, topic models, choosing k, labels and prevalence."""

from .models import *  # noqa: F401,F403
from .selection import *  # noqa: F401,F403
from .units import *  # noqa: F401,F403
