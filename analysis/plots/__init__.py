"""``plot_*`` functions: take analysis results, return a matplotlib Figure (accept ``ax=``).

They never save files (see :mod:`analysis.figures`). One module per family of figures.
"""

from ._style import PALETTE, ROLE_COLORS, add_source_note, style
from .overview import *  # noqa: F401,F403
from .terms import *  # noqa: F401,F403
from .rhetoric import *  # noqa: F401,F403
from .phrases import *  # noqa: F401,F403
from .topics import *  # noqa: F401,F403
