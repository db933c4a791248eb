"""Plain-English findings built from analysis results, for notebooks and reports.

Every sentence is computed from a result table, so it stays true when the corpus changes.
Each family of analyses has its own module here; :mod:`analysis.narrate._fmt` holds the
shared formatting of numbers, p-values and quoted evidence.
"""

from ._fmt import Finding, fmt_int, fmt_num, fmt_p, fmt_share, join_words, quote
from .overview import describe_corpus, describe_duplicates, describe_exchanges, describe_roles
from .settings import Settings, describe_script, fit_settings, unsegmented_share

__all__ = ["Finding", "fmt_int", "fmt_num", "fmt_p", "fmt_share", "join_words", "quote",
           "describe_corpus", "describe_roles", "describe_exchanges", "describe_duplicates",
           "Settings", "fit_settings", "describe_script", "unsegmented_share"]
