"""Scale: the same counts on every core, or on a Dask cluster (placeholder docstring)."""

from .files import *  # noqa: F401,F403
from .files import __all__ as _files
from .phrases import *  # noqa: F401,F403
from .phrases import __all__ as _phrases
from .terms import *  # noqa: F401,F403
from .terms import __all__ as _terms

__all__ = [*_files, *_terms, *_phrases]
