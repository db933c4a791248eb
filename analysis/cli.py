"""Command line: ``python -m analysis <command> ...``.

Commands print a compact table to the terminal, or write the complete table as CSV, JSON
Lines or JSON (``--output``). Every analysis command takes the same corpus options
(``--corpus``) and filters (``--from``, ``--to``, ``--speaker``, ``--role``), ``--top`` to
limit the rows (per group for grouped results) and ``--columns`` to choose what a terminal
shows.

A speaker is a person: the spellings of one ``speaker_key`` ("DR. FAUCI" and "MR. FAUCI")
are one group of ``--by speaker`` (terms, keyness, rhetoric) and one speaker of the formulae,
named by the most frequent spelling (:func:`analysis.overview.one_spelling_per_speaker`), and
any spelling given to ``--speaker``, ``--target`` or ``--reference`` selects the person. The
turns and keyword-in-context tables show each turn's speaker as written. A table by speaker
(or speaker_key) carries ``speaker_kind`` next to it (``target_kind`` and ``reference_kind``
for keyness): "person", or "pooled" / "outlet" for a label that is not one person, such as
"Journalist" for every unnamed reporter (:func:`analysis.overview.speaker_kinds`).

=========  =============================================================================
figures    regenerate every registered figure (PNG and SVG) and ``figures/README.md``
overview   what a corpus holds (:func:`analysis.overview.corpus_summary`), or words by a grouping
turns      the turns table of a corpus
terms      term frequencies by any grouping
keyness    terms a group over- or under-uses against another (Dunning's G2 etc.)
phrases    maximal recurring phrases, or formulae shared across transcripts; ``--by``: their use per group
topics     fit a topic model and list its topics
rhetoric   rates per 1,000 words of every rhetorical measure by group
kwic       keyword in context for a word, phrase or ``*`` pattern
explore    write the shareable explorer: one self-contained HTML page (:mod:`analysis.site`)
=========  =============================================================================

The terminal view keeps the few columns a reader needs (``VIEWS``), rounds numbers, and
fits the terminal width (``COLUMNS``, or the terminal of standard output, else of standard error or
input when the output is piped; 100 characters when unknown) by
shortening text and leaving out the least needed columns; a last line says what was left
out and how to get it.

When standard error is a terminal, it shows progress: a bar over the files read, then each
analysis step while it runs and its seconds when it ends (``term frequencies ... 1.6 s``;
:mod:`analysis._progress`). ``--quiet`` (or ``--no-progress``) turns it off; piped or
captured standard error never gets it, and standard output only ever gets the table.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import sys
import textwrap
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ._progress import owned, step
from ._terminal import Column, cell_text, clip, decimals, fit, format_column, lines, printable, terminal_width
from .errors import AnalysisError, CorpusError, TranscriptFormatError
from .outputs import TABLE_FORMATS, check_writable, write_table
from .overview import one_spelling_per_speaker, speaker_kind_of
from .parsers.table import FIELDS as TABLE_FIELDS
from .periods import DATE_BUCKETS, period_label, period_start

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = ["main", "build_parser", "VIEWS"]

DEFAULT_TOP = 20
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class View:
    """What a terminal shows of one command's table.

    ``columns`` in display order (absent ones are skipped); ``elastic`` columns shrink to
    their minimum width, cutting text (``clip_left`` ones keep their end); ``drop`` lists the
    columns (or tuples of columns left out together) to leave out first when the table is
    still too wide. ``sizes`` are the columns saying how many words a row rests on: shown
    after the groups when they vary, else said once above the table, so a group of a few
    words is seen as such.
    """

    columns: tuple[str, ...]
    elastic: dict[str, int] = field(default_factory=dict)
    drop: tuple[str | tuple[str, ...], ...] = ()
    clip_left: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()


VIEWS: dict[str, View] = {
    "overview": View(("section", "name", "n_files", "n_transcripts", "n_turns", "n_words", "share", "n_speakers",
                      "detail"), elastic={"detail": 20}, drop=("n_files", "n_speakers")),
    "words_by": View(("n_turns", "n_words", "share", "mean_words_per_turn", "median_words_per_turn",
                      "n_transcripts"), drop=("median_words_per_turn", "mean_words_per_turn")),
    "turns": View(("date", "transcript_id", "turn_index", "speaker", "role", "n_words", "text"),
                  elastic={"text": 45}, drop=("transcript_id", "turn_index", "n_words", "role")),
    "terms": View(("term", "count", "per_1000", "doc_freq"), elastic={"term": 12}, drop=("doc_freq",),
                  sizes=("n_words",)),
    "keyness": View(("term", "count_target", "count_reference", "per_1000_target", "per_1000_reference",
                     "score", "log_ratio", "p_adjusted"), elastic={"term": 12},
                    drop=("words_reference", ("per_1000_target", "per_1000_reference"), "log_ratio", "p_adjusted"),
                    sizes=("words_target", "words_reference")),
    "phrases": View(("phrase", "n", "count", "independent", "n_transcripts"), elastic={"phrase": 30}),
    "phrase_use": View(("phrase", "formula", "count", "n_transcripts", "share_of_transcripts"),
                       elastic={"phrase": 30, "formula": 30}, drop=("share_of_transcripts",)),
    "collocations": View(("collocation", "count", "llr", "pmi", "npmi", "t_score", "dice", "raw_freq", "chi_sq",
                          "phi_sq", "mi_like", "poisson_stirling", "jaccard", "fisher", "pmi2", "pmi3", "mi3",
                          "log_dice", "min_sensitivity"), elastic={"collocation": 24}, drop=("t_score", "dice")),
    "formulae": View(("formula", "count", "n_transcripts", "n_speakers", "first_date", "last_date",
                      "top_speaker", "top_speaker_kind", "variants"),
                     elastic={"formula": 30, "variants": 20},
                     drop=("variants", "n_speakers", "first_date", ("top_speaker", "top_speaker_kind"))),
    "topics": View(("topic", "n_units", "share_units", "coherence", "top_terms", "top_phrases"),
                   elastic={"top_terms": 45, "top_phrases": 30}, drop=("top_phrases",)),
    "rhetoric": View(("family", "measure", "count", "value"), elastic={"measure": 12}, drop=("count",),
                     sizes=("n_words",)),
    "kwic": View(("date", "speaker", "left", "match", "right", "transcript_id", "line"),
                 elastic={"left": 28, "right": 28, "speaker": 12}, clip_left=("left",),
                 drop=(("transcript_id", "line"), "date", "speaker")),
}

NOTES = {
    "overview": "share: of the words of the turns summarised; n_speakers: the spellings of one person counted "
                "once; pooled: a label for many speakers (Journalist, Q, Unknown speaker...)",
    "keyness": "score: signed {measure} (> 0: the target uses the term more; odds_ratio and simple_maths: > 1); "
               "p_adjusted: Benjamini-Hochberg",
    "rhetoric": "values: rate per 1,000 words, or the score itself for readability and diversity",
}

# Library parameter names -> the options that set them, so library messages name options.
OPTIONS = {
    "terms": {"min_count": "--min-count"},
    "keyness": {"min_count": "--min-count", "target": "--target", "reference": "--reference"},
    "phrases": {"min_count": "--min-count", "min_length": "--min-length", "min_transcripts": "--min-transcripts",
                "sort_by": "--measure", "window": "--window",
                "min_speakers": "--min-speakers"},
    "topics": {"k": "--k", "min_df": "--min-df", "max_df": "--max-df", "unit": "--units"},
    "kwic": {"window": "--window", "pattern": "PATTERN"},
}


# --------------------------------------------------------------------------------- parser

def _count(low: int):
    """An argparse type: an integer >= ``low``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more; got {value}")
        return value
    return parse


def _share(text: str) -> float:
    """An argparse type: a share above 0 and at most 1.

    >>> _share("0.8")
    0.8
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid share: {text!r} (a number above 0 and at most 1)") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"must be above 0 and at most 1; got {text}")
    return value


def _columns_option(text: str) -> list[str] | str:
    if text.strip() == "all":
        return "all"
    names = [c.strip() for c in text.split(",") if c.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give 'all' or column names separated by commas")
    return names


def _add_parser(sub, name: str, help: str, description: str, examples: Sequence[str],
                notes: str = "") -> argparse.ArgumentParser:
    """A command's parser; its epilog is ``notes`` (if any), then the examples."""
    epilog = "examples:\n" + "\n".join(f"  python -m analysis {name} {e}" for e in examples)
    if notes:
        epilog = f"{notes}\n\n{epilog}"
    p = sub.add_parser(name, help=help, description=description, epilog=epilog, allow_abbrev=False,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(parser=p)
    return p


def _reading_options(g) -> None:
    """How the corpus is read (every command, figures too): bad files, table columns."""
    g.add_argument("--skip-bad-files", action="store_true",
                   help="read the other files when one cannot be parsed (each skipped file is named)")
    g.add_argument("--column", action="append", type=_column_option, metavar="FIELD=NAME",
                   help="CSV/JSON Lines: the file's column holding FIELD, e.g. text=body (repeatable; fields: "
                        f"{', '.join(TABLE_FIELDS)})")
    g.add_argument("--name-pattern", metavar="PATTERN",
                   help="variables in file names, e.g. '{country}_{session}_{year}' (a year or date dates the "
                        "transcript)")
    g.add_argument("--roles", metavar="FILE.csv", help="roles that win over the inferred ones: columns speaker,role")
    g.add_argument("--aliases", metavar="FILE.csv",
                   help="spellings of one speaker: columns alias,speaker (win over the automatic merges)")
    g.add_argument("--language", choices=("en", "zh", "und"),
                   help="the language of every transcript (default: detected per transcript from its share of "
                        "Han characters); Chinese text is segmented into words either way")


def _common_options(p: argparse.ArgumentParser, default_corpus: str, grouped: bool = False,
                    terminal_top: str = f"{DEFAULT_TOP}") -> None:
    g = p.add_argument_group("corpus and filters")
    g.add_argument("--corpus", default=default_corpus, metavar="PATH",
                   help="folder or file of transcripts (default: %(default)s)")
    _reading_options(g)
    g.add_argument("--from", dest="date_from", metavar="DATE", help="keep transcripts dated on or after DATE (YYYY-MM-DD)")
    g.add_argument("--to", dest="date_to", metavar="DATE", help="keep transcripts dated on or before DATE (YYYY-MM-DD)")
    g.add_argument("--speaker", action="append", metavar="NAME",
                   help="keep turns by this speaker (any case, any spelling of the person: every turn sharing "
                        "its speaker_key; the speaker_key itself, e.g. fauci, works too; repeatable)")
    g.add_argument("--role", action="append", choices=["moderator", "questioner", "official", "unknown"],
                   help="keep turns with this role (repeatable)")
    o = p.add_argument_group("output")
    per = " per group" if grouped else ""
    terminal_top = terminal_top if terminal_top != f"{DEFAULT_TOP}" else f"{DEFAULT_TOP}{per}"
    o.add_argument("--top", type=_count(0), metavar="N",
                   help=f"rows{per} (default: {terminal_top} in the terminal, all in a file; 0 = all)")
    o.add_argument("--columns", type=_columns_option, metavar="LIST",
                   help="terminal columns: 'all', or names separated by commas (default: the main ones)")
    o.add_argument("--output", "-o", metavar="FILE",
                   help="write every column to FILE (.csv, .tsv, .jsonl or .json; '-' = CSV to standard output), "
                        "atomically: a failed write leaves the previous file as it was")
    o.add_argument("--raw-cells", action="store_true",
                   help="CSV/TSV: write cells as they are (by default a text cell starting with =, +, -, @, tab or "
                        "carriage return gets a leading ' so a spreadsheet shows it as text, not a formula)")
    _quiet_option(o, "the files read, then the analysis running and its seconds")


def _quiet_option(g, shown: str) -> None:
    """``--quiet`` (alias ``--no-progress``): no progress on standard error."""
    g.add_argument("--quiet", "-q", "--no-progress", dest="quiet", action="store_true",
                   help=f"no progress on standard error (shown only when it is a terminal: {shown}); warnings "
                        "and errors are still shown; --no-progress is the same")


#: What ``speaker_kind`` says, in the help of every command with ``--by``.
SPEAKER_KINDS = "person; pooled: one label for many speakers, such as Journalist or Q; outlet: a media outlet"


def _by_option(p: argparse.ArgumentParser, default: str | None, *, kinds: str = "a speaker_kind column",
               where: str | None = None) -> None:
    """``--by COLUMN``; ``kinds`` names the columns saying which groups by speaker are not one
    person, ``where`` what happens without the option (default: ``default``, or the whole corpus)."""
    where = where or (f"default: {default}" if default else "default: whole corpus")
    p.add_argument("--by", action="append", metavar="COLUMN",
                   help=f"group by this turns column or date bucket (day, week, month, quarter, year); "
                        f"repeatable ({where}); speaker: one group per person (speaker_key) under its most "
                        f"frequent spelling; by speaker or speaker_key, with {kinds} ({SPEAKER_KINDS})")


#: The scores of the rhetoric profile (family readability and diversity), said in ``rhetoric --help``.
RHETORIC_SCORES = """\
scores of the profile (value is the score itself, not a rate per 1,000 words):
  flesch_reading_ease   Flesch reading ease: higher is easier to read (60-70: plain English)
  flesch_kincaid_grade  Flesch-Kincaid grade: the US school year the text suits
  mattr                 moving-average type-token ratio (Covington & McFall 2010): the share of
                        distinct words in each window of 50 words, averaged over every window
                        (0 to 1; a group of fewer than 50 words gets its plain type-token ratio)
  mtld                  measure of textual lexical diversity (McCarthy & Jarvis 2010): the mean
                        number of words read before the running type-token ratio falls to 0.72,
                        a stretch left over counting in proportion, forward and backward
                        averaged (higher: more varied; empty for a group in which no word repeats)
--measure gives these and more; docs/measures.md defines each."""

#: How ``--extra-stop-words`` is given, the same for every command that takes it.
EXTRA_STOP_WORDS_FORMS = ("words separated by commas ('um,uh,okay'), or @FILE: a text file of words, one a line or "
                          "separated by commas, # starting a comment (repeatable; lists and files add up)")


def _extra_stop_words_option(p: argparse.ArgumentParser, what: str) -> None:
    """``--extra-stop-words LIST|@FILE``: stop words on top of the standard list (:func:`_stop_words`)."""
    p.add_argument("--extra-stop-words", action="append", metavar="LIST|@FILE", default=None,
                   help=f"{what}: {EXTRA_STOP_WORDS_FORMS}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    from .figures import DEFAULT_CORPUS, DEFAULT_OUT

    corpus = str(DEFAULT_CORPUS)
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="Topic and rhetoric analysis of transcripts.", allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Tables print compactly to the terminal (COLUMNS sets the width); --output FILE.csv writes "
               "them whole.\nRun 'python -m analysis COMMAND --help' for the options and examples of a command."
               "\n\nexamples:\n  python -m analysis keyness --target official --top 15\n"
               "  python -m analysis kwic \"internal affairs\" --role questioner")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = _add_parser(sub, "figures", "regenerate every registered figure",
                    "Regenerate every registered figure as PNG and SVG, and the index README.md.\n"
                    "A figure the corpus cannot support (too few transcripts, no dates, no questioners...) is\n"
                    "skipped; the index and standard error say why. A figure that fails with an internal error is\n"
                    "named with its error in both, the others are still made, and the exit status is 1.",
                    ["--out my_figures --corpus path/to/folder", "--only terms_keyness_roles", "--list"])
    p.add_argument("--corpus", default=corpus, metavar="PATH", help="folder or file of transcripts (default: %(default)s)")
    _reading_options(p)
    p.add_argument("--out", default=str(DEFAULT_OUT), metavar="DIR", help="output folder (default: %(default)s)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help="only this figure (repeatable, or names separated by commas; see --list); no index is written")
    p.add_argument("--list", action="store_true", help="list the registered figures and exit")
    p.add_argument("--k", type=_count(2), metavar="N",
                   help="topics of the topic figures (default: chosen by coherence and stability among 6 to 20)")
    p.add_argument("--min-df", type=_count(1), metavar="N",
                   help="topic figures: keep terms in at least this many paragraphs (default: 5; lower it for small "
                        "corpora)")
    _extra_stop_words_option(p, "words left out of the term and topic figures, on top of the standard stop words "
                                "(and of the topic figures' briefing words), such as the fillers of your transcripts")
    _quiet_option(p, "the files read, the figure being made, and each figure's outcome and seconds")

    p = _add_parser(sub, "overview", "what a corpus holds",
                    "What a folder holds, first: its transcripts, turns and words, the dates, the speakers (persons\n"
                    "apart from pooled labels such as Journalist and from outlets), the roles with their words and\n"
                    "shares, the layouts its files were read in, and the reader's notes (files skipped, files read\n"
                    "as turns of no named speaker, unreadable files...). One row per part of the turns, in sections\n"
                    "(analysis.overview.corpus_summary). With --by, words and turns per group instead (words_by).",
                    ["--corpus path/to/folder", "--by speaker --top 10", "--by month --output words_by_month.csv",
                     "--role questioner --from 2019-01-01"])
    _common_options(p, corpus, terminal_top="every row of the summary, 20 groups with --by,")
    _by_option(p, None, where="default: the summary; --top N then keeps N rows per section")

    p = _add_parser(sub, "turns", "the turns table", "One row per turn, with speaker, role and text, in corpus order.",
                    ["--speaker 'Hua Chunying' --from 2019-06-01", "--role official --output turns.csv"])
    _common_options(p, corpus)

    p = _add_parser(sub, "terms", "term frequencies by group",
                    "Counts, rates per 1,000 words and document (transcript) frequency of terms, most frequent "
                    "first;\nwith --by, per group and --top N rows per group.",
                    ["--by role --top 10", "--by month --lemmas --output terms_by_month.csv",
                     "--extra-stop-words okay,yeah --extra-stop-words @my_stop_words.txt"])
    _common_options(p, corpus, grouped=True)
    _by_option(p, None)
    p.add_argument("--lemmas", action="store_true", help="count lemmas instead of word forms")
    p.add_argument("--keep-stop-words", action="store_true",
                   help="do not drop the standard stop words (those of --extra-stop-words still are)")
    _extra_stop_words_option(p, "more words to drop, such as the fillers of your transcripts")
    p.add_argument("--min-count", type=_count(1), default=1, metavar="N",
                   help="drop terms rarer than this (default: %(default)s)")
    p.add_argument("--ties", default="first", choices=["first", "min", "max", "dense", "average"],
                   help="rank of terms with equal counts: one after another (first, the default) or shared "
                        "(min: quanteda's textstat_frequency)")

    p = _add_parser(sub, "keyness", "terms a group over- or under-uses",
                    "Keyness of terms for a target group against a reference (Dunning 1993 G2 with Benjamini-\n"
                    "Hochberg control, log ratio, %DIFF, chi-square). Rows by score, terms the target over-uses\n"
                    "first; --compare runs one comparison per group and --top N keeps N rows per comparison.",
                    ["--target official --top 15", "--target official --min-parts 5", "--by speaker --target 'Hua Chunying' --reference 'Geng Shuang'",
                     "--by speaker --compare rest --top 5", "--by year --compare previous --output years.csv"])
    _common_options(p, corpus, grouped=True)
    _by_option(p, "role", kinds="target_kind and reference_kind columns (a reference that is the rest has none)")
    p.add_argument("--target", action="append", metavar="VALUE",
                   help="value of --by forming the target group (repeatable; any case; with --by speaker, any "
                        "spelling of the person)")
    p.add_argument("--reference", action="append", metavar="VALUE",
                   help="value forming the reference (repeatable; default: all other turns; as --target)")
    p.add_argument("--compare", choices=["rest", "pairs", "previous"],
                   help="instead of --target: each group against the rest, every pair, or each group against "
                        "the one before")
    p.add_argument("--measure", default="g2",
                   choices=["g2", "log_ratio", "chi2", "pct_diff", "g2_williams", "chi2_yates", "fisher", "bic",
                            "odds_ratio", "pmi", "simple_maths", "diff_coefficient"],
                   help="ranking measure (default: %(default)s; docs/measures.md defines each)")
    p.add_argument("--min-count", type=_count(1), default=5, metavar="N",
                   help="drop terms rarer than this in both groups together (default: %(default)s)")
    p.add_argument("--min-parts", type=_count(1), default=1, metavar="N",
                   help="drop terms used in fewer than N of the target's transcripts, so that one transcript "
                        "cannot make a term key (default: %(default)s; the figures use 5)")
    p.add_argument("--min-words", type=_count(0), default=None, metavar="N",
                   help="with --compare, leave out comparisons of a group with fewer words: a handful of words "
                        f"makes any word it holds look key (default: {SMALL_GROUP_WORDS} in the terminal, 0 in a "
                        "file; 0 keeps every group; the groups left out are named on standard error)")
    p.add_argument("--lemmas", action="store_true", help="count lemmas instead of word forms")
    p.add_argument("--keep-stop-words", action="store_true",
                   help="do not drop the standard stop words (those of --extra-stop-words still are)")
    _extra_stop_words_option(p, "more words to drop, such as the fillers of your transcripts")

    p = _add_parser(sub, "phrases", "recurring phrases or formulae",
                    "Maximal recurring phrases (longest word sequences recurring at least --min-count times),\n"
                    "or with --formulae the phrases shared across --min-transcripts transcripts, with variants,\n"
                    "or with --collocations word pairs scored by an association measure (--measure).\n"
                    "With --by, the use of each phrase (or formula) per group: its occurrences, the group's\n"
                    "transcripts using it and their share; a group lists the phrases it uses --min-count times\n"
                    "(formulae: in --min-transcripts of its transcripts) in the order of the table without\n"
                    "--by (formulae: the most formulaic first, their spread taken over the group's own\n"
                    "transcripts), --top N rows per group.",
                    ["--min-length 3 --top 30", "--formulae --min-transcripts 5 --output formulae.csv",
                     "--formulae --min-transcripts 5 --by speaker --top 5", "--min-length 4 --by year --top 5",
                     "--collocations --measure log_dice --window 5",
                     "--collocations --extra-stop-words @my_stop_words.txt"])
    _common_options(p, corpus, grouped=True)
    _by_option(p, None, where="default: none, the whole selection; not with --collocations")
    p.add_argument("--min-count", type=_count(2), metavar="N", help="minimum occurrences (default: 3)")
    p.add_argument("--min-length", type=_count(1), default=2, metavar="N", help="minimum words (default: %(default)s)")
    p.add_argument("--formulae", action="store_true",
                   help="list formulae shared across transcripts; top_speaker_kind says when the top speaker is "
                        "not one person (a pooled label such as Journalist counts as one speaker in n_speakers)")
    p.add_argument("--min-transcripts", type=_count(1), metavar="N",
                   help="with --formulae: transcripts a formula is used in (default: 2)")
    p.add_argument("--min-speakers", type=_count(1), metavar="N",
                   help="with --formulae: speakers who use it, the spellings of one person (speaker_key) "
                        "counted once (default: 1)")
    p.add_argument("--collocations", action="store_true",
                   help="list word pairs by an association measure (NLTK's, PMI^k, MI3, logDice...)")
    p.add_argument("--measure", metavar="NAME",
                   help="with --collocations: measure to rank by: llr (default), pmi, npmi, t_score, dice, raw_freq, "
                        "chi_sq, phi_sq, mi_like, poisson_stirling, jaccard, fisher, pmi2, pmi3, mi3, log_dice, "
                        "min_sensitivity")
    p.add_argument("--window", type=_count(2), metavar="N",
                   help="with --collocations: pairs up to N-1 words apart, as NLTK's window_size (default: 2)")
    _extra_stop_words_option(p, "with --collocations: more words a pair may not start or end with (on top of "
                                "the standard stop words)")

    p = _add_parser(sub, "topics", "fit a topic model",
                    "Fit a topic model on the chosen units and list each topic's top terms, phrases and size.",
                    ["--k 8 --model lda", "--units turn --role official --k 5",
                     "--corpus small_folder --k 3 --min-df 1", "--k 10 --labels frex"])
    _common_options(p, corpus)
    p.add_argument("--k", type=_count(2), default=10, metavar="N", help="number of topics (default: %(default)s)")
    p.add_argument("--model", default="nmf", choices=["nmf", "lda", "kmeans", "agglomerative"],
                   help="model (default: %(default)s)")
    p.add_argument("--units", default="paragraph", choices=["paragraph", "turn", "exchange"],
                   help="analysis units (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="random state (default: %(default)s)")
    p.add_argument("--min-df", type=_count(1), default=5, metavar="N",
                   help="keep terms in at least this many units (default: %(default)s; lower it for small corpora)")
    p.add_argument("--max-df", type=_share, default=0.5, metavar="SHARE",
                   help="leave out terms in more than this share of the units (default: %(default)s; raise it for "
                        "a few units on one subject)")
    _extra_stop_words_option(p, "words left out of the topics, on top of the standard stop words and of the "
                                "words of briefing procedure the topic figures leave out by default (according, "
                                "comment, information, relevant, reports, yesterday; '' leaves those out)")
    p.add_argument("--labels", default="prob", choices=["prob", "frex", "lift"],
                   help="how each topic's terms are ranked: prob, its heaviest terms (default); frex, terms both "
                        "frequent in the topic and exclusive to it (FREX, as stm's labelTopics), which leaves out "
                        "words every topic uses, such as the fillers of speech; lift, terms the topic uses far more "
                        "than the corpus does (rare words first)")
    p.add_argument("--coherence", choices=["u_mass", "c_uci", "c_npmi", "c_v"],
                   help="add each topic's coherence of its top 10 terms, as gensim's CoherenceModel (its windows "
                        "and smoothing)")

    p = _add_parser(sub, "rhetoric", "rhetorical profile by group",
                    "Rates per 1,000 words of devices, lexicon categories and scores, by group. The terminal shows\n"
                    "one column per group when they fit; --top N keeps the first N measures of each group.\n"
                    "--measure shows readability and lexical-diversity scores instead (docs/measures.md).",
                    ["--by role", "--by speaker --role official", "--by role --output rhetoric.csv",
                     "--by role --measure gunning_fog smog_index lix yule_k mtld_ma_bi", "--by speaker --measure all"],
                    RHETORIC_SCORES)
    _common_options(p, corpus, grouped=True, terminal_top="all measures")
    _by_option(p, "role")
    p.add_argument("--min-words", type=_count(0), default=None, metavar="N",
                   help="leave out groups with fewer words: rates per 1,000 words of a few words are noise "
                        f"(default: {SMALL_GROUP_WORDS} in the terminal, 0 in a file; the groups left out are named "
                        "on standard error)")
    p.add_argument("--measure", nargs="+", metavar="NAME",
                   help="instead of the profile, these readability and lexical-diversity scores per group: 'all', "
                        "or names such as flesch_kincaid_grade gunning_fog smog_index coleman_liau_index "
                        "automated_readability_index lix ttr herdan_c guiraud_r cttr dugast_u summer_s maas yule_k "
                        "yule_i simpson_d herdan_vm msttr mattr mtld mtld_ma_bi hdd (quanteda's FOG, SMOG, ARI, K, "
                        "I... too)")

    p = _add_parser(sub, "kwic", "keyword in context",
                    "Every occurrence of a word, phrase or * pattern with its context and source line,\n"
                    "in corpus order.",
                    ["sovereignty --top 0", "\"internal affairs\" --role questioner --from 2019-01-01",
                     "'firm*' --window 10 --output firm.csv"])
    _common_options(p, corpus)
    p.add_argument("pattern", help='word, phrase or pattern, e.g. sovereignty, "internal affairs", "firm*"')
    p.add_argument("--window", type=_count(0), default=6, metavar="N",
                   help="words of context either side (default: %(default)s)")

    p = _add_parser(sub, "explore", "write a shareable explorer page",
                    "Write one self-contained HTML page (OUT/index.html) that opens offline in any browser: type a\n"
                    "term or phrase for its trend, who uses it and its keyword-in-context lines (a click shows the\n"
                    "whole turn with its question or answer); two groups side by side; topics; formulae.",
                    ["--out site", "--corpus path/to/folder --out site --k 6 --min-df 2"])
    p.add_argument("--corpus", default=corpus, metavar="PATH", help="folder or file of transcripts (default: %(default)s)")
    _reading_options(p)
    p.add_argument("--out", default="site", metavar="DIR", help="output folder (default: %(default)s)")
    p.add_argument("--term", metavar="TEXT", help="the term searched when the page opens")
    p.add_argument("--title", default="Transcript explorer", help="page title (default: %(default)s)")
    p.add_argument("--k", type=_count(2), default=10, metavar="N", help="topics (default: %(default)s)")
    p.add_argument("--min-df", type=_count(1), default=5, metavar="N",
                   help="topic terms in at least this many paragraphs (default: %(default)s)")
    _quiet_option(p, "the files read, then each part of the page being computed and its seconds")
    return parser


# ----------------------------------------------------------------------------- running

def _stop_words(given: str) -> tuple[str, ...]:
    """The words of one ``--extra-stop-words`` value: words separated by commas or white space,
    lower-cased, or with a leading ``@`` the words of that UTF-8 file (one a line or separated
    by commas; ``#`` starts a comment).

    >>> _stop_words(" Um, uh ,okay,")
    ('um', 'uh', 'okay')
    >>> _stop_words("")
    ()
    """
    text = given
    if given.startswith("@"):
        try:
            text = Path(given[1:]).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ValueError(f"--extra-stop-words {given}: cannot read the stop-word file: {reason}") from None
        text = "\n".join(line.partition("#")[0] for line in text.splitlines())
    return tuple(w.lower() for w in re.split(r"[,\s]+", text) if w)


def _extra_stop_words(args: argparse.Namespace, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``default``, then the words of every ``--extra-stop-words`` given (:func:`_stop_words`),
    in order without repeats: the words given add to the default, and an empty value (``''``)
    leaves the default out.

    >>> args = argparse.Namespace(extra_stop_words=["folks", "comment"])
    >>> _extra_stop_words(args, ("comment", "reports"))
    ('comment', 'reports', 'folks')
    >>> _extra_stop_words(argparse.Namespace(extra_stop_words=["", "folks"]), ("comment",))
    ('folks',)
    """
    given = getattr(args, "extra_stop_words", None) or []  # commands without the option: none
    base = () if "" in given else default
    return tuple(dict.fromkeys([*base, *(w for value in given for w in _stop_words(value))]))


def _column_option(value: str) -> tuple[str, str]:
    field_, sep, name = value.partition("=")
    field_, name = field_.strip(), name.strip()
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"{value!r} is not FIELD=NAME (e.g. text=body)")
    if field_ not in TABLE_FIELDS:
        raise argparse.ArgumentTypeError(f"{field_!r} is not a field; fields: {', '.join(TABLE_FIELDS)}")
    return field_, name


def _columns(args: argparse.Namespace) -> dict[str, str] | None:
    return dict(args.column) if getattr(args, "column", None) else None


def _on_error(args: argparse.Namespace) -> str:
    return "collect" if getattr(args, "skip_bad_files", False) else "raise"


def _reading(args: argparse.Namespace) -> dict:
    """``load_corpus`` keywords from the reading options (name pattern, roles and aliases files)."""
    out = {}
    if getattr(args, "name_pattern", None):
        out["name_pattern"] = args.name_pattern
    if getattr(args, "roles", None):
        out["roles"] = args.roles
    if getattr(args, "aliases", None):
        out["aliases"] = args.aliases
    if getattr(args, "language", None):
        out["language"] = args.language
    return out


def _load(args: argparse.Namespace, load_corpus):
    """The corpus of ``--corpus``; its warnings (files skipped, text repaired) one line each
    on standard error."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(args.corpus, on_error=_on_error(args), columns=_columns(args), progress=_progress(args),
                             **_reading(args))
    for w in caught:
        print(printable(str(w.message), keep_lines=True), file=sys.stderr)
    notes = corpus.notes()
    if len(notes):  # a table passed over for want of a text column may be the user's transcripts
        tables = notes[(notes["kind"] == "skipped") & notes["message"].str.contains("has no text column", regex=False)]
        for path, message in zip(tables["path"], tables["message"]):
            hint = message.removeprefix("not a transcript: ").removesuffix("; skipped")
            hint = hint.replace("has no text column", "a table with no text column").replace(
                ". Pass columns={'text': '<your column>'} to load_corpus", "")
            print(printable(f"not read: {path}, {hint}. If it holds transcripts, give --column text=<your column>.",
                            keep_lines=True), file=sys.stderr)
        _say_skipped(notes[(notes["kind"] == "skipped") & ~notes["message"].str.contains(
            "has no text column|a repository document", regex=True)])
    return corpus


def _say_skipped(skipped: pd.DataFrame, *, shown: int = 5) -> None:
    """One line on standard error naming the files of the corpus folder that were not read
    (a .docx or .pdf the user may take for a transcript), so none is passed over unseen;
    repository documents (README, SOURCE) and tables said above are not repeated."""
    if skipped.empty:
        return
    what = [f"{Path(p).name} ({m.removeprefix('not a transcript: ').removesuffix('; skipped')})"
            for p, m in zip(skipped["path"], skipped["message"])]
    more = f" and {len(what) - shown} more" if len(what) > shown else ""
    one = len(what) == 1
    print(printable(f"not read: {len(what)} file{'' if one else 's'} that {'is' if one else 'are'} not a transcript: "
                    f"{'; '.join(what[:shown])}{more} (Corpus.notes() lists {'it' if one else 'them'})",
                    keep_lines=True), file=sys.stderr)


def _filtered_turns(args: argparse.Namespace) -> tuple[Corpus, pd.DataFrame]:
    """The corpus of ``--corpus``, and its turns that the filters keep (``--from``, ``--to``,
    ``--speaker``, ``--role``)."""
    from .corpus import load_corpus

    corpus = _load(args, load_corpus)
    turns = corpus.turns()
    if args.speaker:
        known = set(turns["speaker"].astype(str).str.casefold())
        if "speaker_key" in turns.columns:  # a person's key ("fauci", as keyness --by speaker_key lists it)
            known |= set(turns["speaker_key"].dropna().astype(str).str.casefold()) - {""}
        unknown = [s for s in args.speaker if s.casefold() not in known]
        if unknown:
            common = one_spelling_per_speaker(turns).value_counts().index[:8].tolist()
            raise ValueError(f"--speaker {unknown[0]!r} speaks in no transcript of {args.corpus}; speakers with "
                             f"most turns: {', '.join(map(str, common))}")
    bounds = {}
    for name in ("date_from", "date_to"):
        value = getattr(args, name)
        if value:
            try:
                bounds[name] = pd.Timestamp(value)
            except ValueError:
                raise ValueError(f"--{name[5:]} {value!r} is not a date (use YYYY-MM-DD)") from None
    if len(bounds) == 2 and bounds["date_from"] > bounds["date_to"]:
        raise ValueError(f"--from {args.date_from} is after --to {args.date_to}")
    if "date_from" in bounds:
        turns = turns[turns["date"] >= bounds["date_from"]]
    if "date_to" in bounds:
        turns = turns[turns["date"] <= bounds["date_to"]]
    if args.speaker:
        turns = turns[_by_speakers(turns, args.speaker)]
    if args.role:
        turns = turns[turns["role"].isin(args.role)]
    if turns.empty:
        raise ValueError("the filters (--from, --to, --speaker, --role) leave no turns; relax them")
    return corpus, turns.reset_index(drop=True)


def _by_speakers(turns: pd.DataFrame, names: Sequence[str]) -> pd.Series:
    """Which turns are by the speakers ``names``: a turn spelt as one of them (any case), or
    sharing its ``speaker_key`` (the person under any spelling), or whose ``speaker_key`` is one
    of them (any case).

    >>> t = pd.DataFrame({"speaker": ["DR. FAUCI", "MR. FAUCI", "DR. BIRX", "Voice"],
    ...                   "speaker_key": ["fauci", "fauci", "birx", ""]})
    >>> _by_speakers(t, ["mr. fauci", "voice"]).tolist()
    [True, True, False, True]
    >>> _by_speakers(t, ["Birx"]).tolist()
    [False, False, True, False]
    """
    wanted = {s.casefold() for s in names}
    spelled = turns["speaker"].astype(str).str.casefold().isin(wanted)
    if "speaker_key" not in turns.columns:
        return spelled
    key = turns["speaker_key"]
    keyed = key.notna() & (key.astype(str) != "")
    named = keyed & key.astype(str).str.casefold().isin(wanted)
    return spelled | named | keyed & key.isin(set(key[spelled & keyed]))


def _one_spelling(turns: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """``turns`` with each speaker under the most frequent spelling of its ``speaker_key``
    (:func:`~analysis.overview.one_spelling_per_speaker`), and that spelling for each spelling
    by its case-folded form (how ``--target`` and ``--reference`` name a speaker)."""
    usual = one_spelling_per_speaker(turns)
    return turns.assign(speaker=usual), dict(zip(turns["speaker"].astype(str).str.casefold(), usual))


def _token_options(args: argparse.Namespace):
    """The one :class:`~analysis.token_options.TokenOptions` of ``--lemmas``, ``--keep-stop-words``
    and ``--extra-stop-words`` (added to the standard list, or alone with ``--keep-stop-words``)."""
    from .text import stop_words
    from .token_options import TokenOptions

    extra = _extra_stop_words(args)
    if not extra:
        return TokenOptions(lemmas=args.lemmas, stop_words=not args.keep_stop_words)
    return TokenOptions(lemmas=args.lemmas, stop_words=extra if args.keep_stop_words else stop_words(extra))


def _with_groups(turns: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Check the ``--by`` columns; add date buckets (``month``...) as the start of each period."""
    out = turns
    for col in by:
        if col in turns.columns:
            continue
        if col not in DATE_BUCKETS:
            raise ValueError(f"--by {col!r}: no such column; use a date bucket ({', '.join(DATE_BUCKETS)}) or "
                             f"one of: {', '.join(map(str, turns.columns))}")
        out = out.assign(**{col: period_start(out["date"], col)})
    return out


def _as_column_values(turns: pd.DataFrame, by: list[str], values: list[str] | None,
                      spellings: dict[str, str] | None = None):
    """CLI strings as values of the ``by`` column: dates for date buckets, numbers for numbers,
    text in any case; ``spellings`` gives the value of other spellings of text (by case-folded
    form: a speaker's spellings, :func:`_one_spelling`)."""
    if not values:
        return None
    col = by[0] if len(by) == 1 else None
    out: list = list(values)
    # a date bucket made from the dates, unless the turns hold a column of that name of their own
    # (UN speeches named '{speaker}_{session}_{year}' have an integer year)
    if col in DATE_BUCKETS and (col not in turns.columns or pd.api.types.is_datetime64_any_dtype(turns[col])):
        try:
            out = period_start([pd.Timestamp(v) for v in values], col).tolist()
        except ValueError:
            raise ValueError(f"--by {col}: {values!r} are not dates (e.g. 2019-06)") from None
    elif col in turns.columns and pd.api.types.is_datetime64_any_dtype(turns[col]):
        try:
            out = [pd.Timestamp(v) for v in values]
        except ValueError:
            raise ValueError(f"--by {col} holds dates; got {values!r}") from None
    elif col in turns.columns and pd.api.types.is_numeric_dtype(turns[col]):
        try:
            out = [pd.to_numeric(v) for v in values]
        except ValueError:
            raise ValueError(f"--by {col} holds numbers; got {values!r}") from None
    elif col in turns.columns:  # text: any case, as --speaker
        spelled = {**(spellings or {}), **{str(v).casefold(): v for v in turns[col].dropna().unique()}}
        out = [spelled.get(v.casefold(), v) for v in values]
    return out[0] if len(out) == 1 else out


def _check_paths(args: argparse.Namespace) -> None:
    """Paths first, before other checks and before any work: a missing ``--corpus`` is the most
    basic error, and a bad ``--output`` name should not wait for the analysis to finish."""
    corpus = Path(args.corpus)
    if not corpus.exists():
        if corpus.is_symlink():
            raise CorpusError(f"--corpus {args.corpus}: is a broken symbolic link (its target does not exist)")
        raise CorpusError(f"--corpus {args.corpus}: no such file or directory")
    out = getattr(args, "output", None)
    if out:
        if args.columns:
            raise ValueError("--columns chooses what the terminal shows; files get every column")
        if out != "-" and Path(out).suffix.lower() not in TABLE_FORMATS:
            raise ValueError(f"--output {out!r}: use a .csv, .tsv, .jsonl or .json file name (or - for CSV on "
                             f"standard output)")
        if out != "-":  # a broken link, a folder, a place that cannot be written: said before the analysis
            check_writable(out, option="--output")


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> pd.DataFrame:
    cmd = args.command
    _check_paths(args)
    if cmd == "keyness":
        if args.compare and (args.target or args.reference):
            parser.error("give --target (and --reference) or --compare, not both")
        if not args.compare and not args.target:
            parser.error("give --target VALUE (a value of --by) or --compare rest|pairs|previous")
    if cmd == "phrases" and not args.formulae:
        for opt in ("min_transcripts", "min_speakers"):
            if getattr(args, opt) is not None:
                parser.error(f"--{opt.replace('_', '-')} needs --formulae")
    if cmd == "phrases" and args.formulae and args.min_count is not None:
        parser.error("--min-count counts occurrences of phrases; with --formulae use --min-transcripts")
    if cmd == "phrases" and not args.collocations:
        for opt in ("measure", "window"):
            if getattr(args, opt) is not None:
                parser.error(f"--{opt} needs --collocations")
    if cmd == "phrases" and args.collocations and args.formulae:
        parser.error("give --formulae or --collocations, not both")
    if cmd == "phrases" and args.collocations and args.by:
        parser.error("--by counts the use of recurring phrases or of --formulae by group; collocations are "
                     "scored over the whole selection (choose its turns with --speaker, --role, --from, --to)")
    if cmd == "phrases" and not args.collocations and args.extra_stop_words is not None:
        parser.error("--extra-stop-words needs --collocations: recurring phrases and formulae keep every word and "
                     "test only their edges, with the function words (articles, prepositions, conjunctions)")
    if getattr(args, "extra_stop_words", None) is not None:
        _extra_stop_words(args)  # its files read before the corpus: one that cannot be is said first
    corpus, turns = _filtered_turns(args)
    if cmd == "turns":
        return turns
    if getattr(args, "by", None):
        turns = _with_groups(turns, args.by)
    spellings = None
    if "speaker" in (getattr(args, "by", None) or []) or cmd == "phrases" and args.formulae:  # speakers are people
        turns, spellings = _one_spelling(turns)
    show = _progress(args)
    if cmd == "overview":
        from .overview import corpus_summary, words_by

        with step("overview", enabled=show):
            if not args.by:
                return corpus_summary(corpus, turns=turns)
            return _with_speaker_kinds(words_by(turns, args.by), turns, args.by)
    if cmd == "terms":
        from .terms import term_frequencies

        with step("term frequencies", enabled=show):
            table = term_frequencies(turns, by=args.by or None, tokens=_token_options(args), min_count=args.min_count,
                                     ties=args.ties)
        return _with_speaker_kinds(table, turns, args.by)
    if cmd == "keyness":
        from .terms import keyness

        target = _as_column_values(turns, args.by, args.target, spellings)
        reference = _as_column_values(turns, args.by, args.reference, spellings)
        by = args.by[0] if len(args.by) == 1 else args.by
        with step("keyness", enabled=show):
            table = keyness(turns, target, reference, by=by, compare=args.compare, measure=args.measure,
                            min_count=args.min_count, min_parts=args.min_parts, tokens=_token_options(args))
        table = _without_small_groups(table, _min_words(args), "keyness") if args.compare else table
        return _with_speaker_kinds(table, turns, args.by)
    if cmd == "phrases":
        from .phrases import collocations, formulae, recurring_phrases

        if args.collocations:
            from .text import stop_words

            extra = _extra_stop_words(args)
            with step("collocations", enabled=show):
                return collocations(turns, min_count=args.min_count or 3, sort_by=args.measure or "llr",
                                    window=args.window, stop_words=stop_words(extra) if extra else True)
        if args.formulae:
            with step("formulae", enabled=show):
                table = formulae(turns, min_transcripts=args.min_transcripts or 2,
                                 min_speakers=args.min_speakers or 1, min_length=args.min_length, progress=show)
            if args.by:
                return _phrase_use(table, turns, args.by, show,
                                   min_transcripts=args.min_transcripts or 2)
            return _with_top_speaker_kind(table, turns)
        with step("recurring phrases", enabled=show):
            table = recurring_phrases(turns, min_count=args.min_count or 3, min_length=args.min_length,
                                      progress=show)
        if args.by:
            return _phrase_use(table["phrase"].tolist(), turns, args.by, show,
                               min_count=args.min_count or 3).rename(columns={"formula": "phrase"})
        return table
    if cmd == "topics":
        from .topics import BRIEFING_STOP_WORDS, fit_topics, topic_labels, topic_units

        with step(f"{args.units} units", enabled=show):
            units = topic_units(turns, unit=args.units)
        with step(f"topic model ({args.model}, k={args.k})", enabled=show):
            result = fit_topics(units, k=args.k, model=args.model, random_state=args.seed, min_df=args.min_df,
                                max_df=args.max_df, extra_stop_words=_extra_stop_words(args, BRIEFING_STOP_WORDS))
        with step("topic labels", enabled=show):
            labels = topic_labels(result, method=args.labels)
        if args.coherence:
            from .topics import GENSIM_EPSILON, topic_coherence

            with step(f"coherence ({args.coherence})", enabled=show):
                coh = topic_coherence(result, measure=args.coherence, window="gensim", epsilon=GENSIM_EPSILON)
            labels.insert(labels.columns.get_loc("share_units") + 1 if "share_units" in labels else 1, "coherence",
                          labels["topic"].map(dict(zip(coh["topic"], coh["coherence"]))))
        return labels
    if cmd == "rhetoric":
        from .rhetoric import rhetoric_profile, rhetoric_scores

        if args.measure:
            with step("readability and diversity scores", enabled=show):
                table = rhetoric_scores(turns, by=args.by, measures=args.measure)
        else:
            with step("rhetoric profile", enabled=show):
                table = rhetoric_profile(turns, by=args.by, progress=show)
        table = _without_small_groups(table, _min_words(args), "rhetoric", by=args.by)
        return _with_speaker_kinds(table, turns, args.by)
    if cmd == "kwic":
        from .terms import kwic

        with step("keyword in context", enabled=show):
            return kwic(turns, args.pattern, window=args.window)
    raise AssertionError(cmd)  # pragma: no cover - argparse restricts commands


def _phrase_use(phrases: list[str] | pd.DataFrame, turns: pd.DataFrame, by: list[str], show: bool, *,
                min_transcripts: int = 1, min_count: int = 1) -> pd.DataFrame:
    """The use of each phrase or formula per ``by`` group (:func:`analysis.phrases.formula_use`), with
    ``speaker_kind`` after a speaker column.

    A group keeps the phrases it uses in ``min_transcripts`` transcripts and ``min_count`` times
    (the thresholds the phrase table was found with, now within the group), in the order of
    ``phrases`` (a list, or a formula table, whose variants count as its formulae: the table's
    ranking, the most formulaic first), so that a group's first rows are its formulae, not the
    commonest short phrases. With a formula table, a group's order is that table's
    ``formulaicity`` with its spread taken within the group: ``log T_g / log N_g``, the
    group's transcripts using the formula among all the group's transcripts, in place of the
    corpus's ``spread`` (so the questioners' first rows are their formulae, not the officials'
    "i would like to" that they use in 4% of their briefings).

    >>> turns = pd.DataFrame({"transcript_id": ["a", "b", "b"], "speaker": ["Lu", "Lu", "Journalist"],
    ...                       "text": ["We firmly oppose it.", "We firmly oppose it.", "We firmly oppose?"]})
    >>> _phrase_use(["firmly oppose", "we firmly"], turns, ["speaker"], False).values.tolist()
    [['Journalist', 'pooled', 'firmly oppose', 1, 1, 1.0], ['Journalist', 'pooled', 'we firmly', 1, 1, 1.0], \
['Lu', 'person', 'firmly oppose', 2, 2, 1.0], ['Lu', 'person', 'we firmly', 2, 2, 1.0]]
    >>> _phrase_use(["firmly oppose"], turns, ["speaker"], False, min_transcripts=2).values.tolist()
    [['Lu', 'person', 'firmly oppose', 2, 2, 1.0]]
    """
    from .phrases import formula_use

    with step("use by " + ", ".join(by), enabled=show):
        table = formula_use(turns, phrases, by=by)
    table = table[(table["n_transcripts"] >= min_transcripts) & (table["count"] >= min_count)]
    names = phrases["formula"].tolist() if isinstance(phrases, pd.DataFrame) else list(phrases)
    rank = table["formula"].map({p: i for i, p in reversed(list(enumerate(names)))})
    table = table.assign(_rank=rank)
    keys = [*by, "_rank"]
    if isinstance(phrases, pd.DataFrame) and {"formulaicity", "spread"} <= set(phrases.columns):
        # a group's formulae: the score with its spread taken over the group's transcripts, so a
        # formula the whole corpus spreads but the group uses in few of its transcripts falls
        score = table["formula"].map(dict(zip(names, phrases["formulaicity"] - phrases["spread"])))
        used = table["n_transcripts"].to_numpy(dtype=float)
        of = np.maximum(np.rint(used / table["share_of_transcripts"].to_numpy(dtype=float)), 2)
        table = table.assign(_score=-(score.to_numpy(dtype=float) + np.log(np.maximum(used, 1)) / np.log(of)))
        keys = [*by, "_score", "_rank"]
    table = table.sort_values(keys, kind="stable").drop(columns=[c for c in ("_rank", "_score") if c in table])
    return _with_speaker_kinds(table.reset_index(drop=True), turns, by)


#: The column saying which speakers of a table's column are not one person (:func:`_with_speaker_kinds`).
KIND_COLUMNS = {"speaker": "speaker_kind", "speaker_key": "speaker_kind", "target": "target_kind",
                "reference": "reference_kind"}


def _with_top_speaker_kind(table: pd.DataFrame, turns: pd.DataFrame) -> pd.DataFrame:
    """A formula table with ``top_speaker_kind`` after ``top_speaker``: the kind of the
    speaker who uses each formula most (:func:`~analysis.overview.speaker_kind_of`; the
    table names a person by the usual spelling of their ``speaker_key``).

    >>> turns = pd.DataFrame({"speaker": ["Lu Kang", "Journalist"], "role": ["official", "questioner"]})
    >>> t = pd.DataFrame({"formula": ["we firmly oppose", "what is your comment"],
    ...                   "top_speaker": ["Lu Kang", "Journalist"]})
    >>> _with_top_speaker_kind(t, turns).values.tolist()
    [['we firmly oppose', 'Lu Kang', 'person'], ['what is your comment', 'Journalist', 'pooled']]
    """
    if "top_speaker" not in table.columns or "speaker" not in turns.columns:
        return table
    frame = turns.assign(speaker=one_spelling_per_speaker(turns))
    out = table.copy()
    out.insert(out.columns.get_loc("top_speaker") + 1, "top_speaker_kind",
               speaker_kind_of(out["top_speaker"], frame).to_numpy())
    return out


def _with_speaker_kinds(table: pd.DataFrame, turns: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """``table`` with the kind of each speaker (:func:`~analysis.overview.speaker_kind_of`) after
    its speaker column, when the table is by speaker (``speaker``, or ``speaker_key``: a person
    by the key, of the kind of its most frequent spelling): ``speaker_kind`` after that column
    (unless the table has it); for keyness by speaker alone, ``target_kind`` after ``target``
    and ``reference_kind`` after ``reference`` unless every reference is the rest. A group of
    several speakers ("A + B") gets the kinds of its speakers ("person + pooled"). ``turns``
    are those the table was made from.

    >>> turns = pd.DataFrame({"speaker": ["Lu Kang", "Journalist"], "role": ["official", "questioner"]})
    >>> k = pd.DataFrame({"target": ["Lu Kang", "Lu Kang + Journalist"], "reference": ["rest", "rest"], "g2": [1, 2]})
    >>> _with_speaker_kinds(k, turns, ["speaker"]).columns.tolist()
    ['target', 'target_kind', 'reference', 'g2']
    >>> _with_speaker_kinds(k, turns, ["speaker"])["target_kind"].tolist()
    ['person', 'person + pooled']
    >>> keyed = turns.assign(speaker_key=["lu kang", "journalist"])
    >>> _with_speaker_kinds(pd.DataFrame({"speaker_key": ["journalist"]}), keyed, ["speaker_key"]).values.tolist()
    [['journalist', 'pooled']]
    """
    person = next((c for c in ("speaker", "speaker_key") if c in by and c in turns.columns), None)
    if person is None:
        return table
    if person in table.columns:
        columns = [person] if "speaker_kind" not in table.columns else []
    elif list(by) == [person] and "target" in table.columns:  # keyness: the groups compared are speakers
        columns = ["target"] + (["reference"] if (table["reference"] != "rest").any() else [])
    else:
        return table
    frame = turns.assign(speaker=one_spelling_per_speaker(turns))  # a key's kind: that of its usual spelling
    spelled = dict(zip(frame[person].astype(str), frame["speaker"]))
    out = table.copy()
    for col in columns:
        names = pd.Series(sorted(set(out[col].astype(str))))
        parts = [n.split(" + ") if col != person and n not in spelled else [n] for n in names]
        speakers = pd.Series([spelled.get(p, p) for ps in parts for p in ps], dtype=object)
        kinds = speaker_kind_of(speakers, frame).tolist()
        labels, i = {}, 0
        for name, ps in zip(names, parts):
            labels[name] = " + ".join(kinds[i:i + len(ps)])
            i += len(ps)
        out.insert(out.columns.get_loc(col) + 1, KIND_COLUMNS[col], out[col].astype(str).map(labels).astype(object))
    return out


def _interactive() -> bool:
    """Whether someone watches standard error (it is a terminal): progress is shown only then."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # pragma: no cover - replaced or closed stream
        return False


def _progress(args: argparse.Namespace) -> bool:
    """Show progress on standard error: it is a terminal and ``--quiet`` was not given."""
    return not getattr(args, "quiet", False) and _interactive()


def _group_columns(args: argparse.Namespace, table: pd.DataFrame) -> list[str]:
    """Columns whose values make the groups that ``--top`` counts rows within."""
    if args.command == "keyness":
        cols = ["target", "reference"]
    elif args.command in ("terms", "rhetoric") or args.command == "phrases" and args.by:
        cols = list(args.by or []) + ["period"]
    elif args.command == "overview" and not args.by:
        cols = ["section"]
    else:
        cols = []
    return [c for c in cols if c in table.columns]


def _top(table: pd.DataFrame, groups: list[str], n: int | None) -> pd.DataFrame:
    """The first ``n`` rows of each group (all rows for None or 0), in table order."""
    if not n:
        return table
    if not groups:
        return table.head(n)
    return table.groupby(groups, sort=False, dropna=False, observed=True).head(n)


# ------------------------------------------------------------------------------ output

def _write(table: pd.DataFrame, out: str, *, raw_cells: bool = False) -> None:
    if out == "-":
        write_table(table, sys.stdout, format="csv", spreadsheet_safe=not raw_cells)
        return
    try:  # the name was checked first (_check_paths)
        write_table(table, out, spreadsheet_safe=not raw_cells)
    except OSError as exc:
        raise ValueError(f"--output {out!r}: {exc.strerror or exc}") from None
    print(printable(f"wrote {len(table)} rows and {table.shape[1]} columns to {out}"))


def _label(values: tuple) -> str:
    return " / ".join(format_column(pd.Series([v]))[0][0] for v in values)


def _pivot_rhetoric(shown: pd.DataFrame, groups: list[str], width: int) -> list[str] | None:
    """Rhetoric as one row per measure and one column per group, or None when it does not fit;
    a first row gives the words of each group (``n_words``), then a row the kind of its speaker
    (``speaker_kind``) when the groups are by speaker."""
    if not groups:
        return None
    labels = [_label(k) for k in shown[groups].drop_duplicates().itertuples(index=False, name=None)]
    measures = list(dict.fromkeys(zip(shown["family"], shown["measure"])))
    cells = {m: {} for m in measures}
    for key, family, measure, value in zip(shown[groups].itertuples(index=False, name=None), shown["family"],
                                           shown["measure"], shown["value"]):
        cells[(family, measure)][_label(key)] = value
    is_rate = dict(zip(zip(shown["family"], shown["measure"]), shown["count"].notna()))
    rates = decimals(shown.loc[shown["count"].notna(), "value"])
    values: dict[str, list[str]] = {label: [] for label in labels}
    for m in measures:  # rates share their decimals; each score gets its own
        d = rates if is_rate[m] else decimals(pd.Series(list(cells[m].values()), dtype=float))
        for label in labels:
            v = cells[m].get(label)
            values[label].append("" if v is None or pd.isna(v) else f"{v:.{d}f}")
    families, names = [f for f, _ in measures], [m for _, m in measures]
    if "n_words" in shown:  # the words each group rests on, first
        words = dict(zip((_label(k) for k in shown[groups].itertuples(index=False, name=None)), shown["n_words"]))
        families, names = ["", *families], ["n_words", *names]
        for label in labels:
            values[label].insert(0, str(int(words[label])))
    for kind in [KIND_COLUMNS[g] for g in groups if KIND_COLUMNS.get(g) in shown]:  # after the words
        of = dict(zip((_label(k) for k in shown[groups].itertuples(index=False, name=None)), shown[kind]))
        at = 1 if "n_words" in shown else 0
        families.insert(at, "")
        names.insert(at, kind)
        for label in labels:
            values[label].insert(at, str(of[label]))
    cols = [Column("family", families, False), Column("measure", names, False)]
    cols += [Column(label, values[label], True) for label in labels]
    if sum(c.natural for c in cols) + 2 * (len(cols) - 1) > width:
        return None
    return lines(cols, [c.natural for c in cols])


def _show(table: pd.DataFrame, args: argparse.Namespace) -> None:
    """Print the compact terminal view of ``table`` with a footer saying what was left out."""
    cmd = args.command
    min_count = getattr(args, "min_count", None)
    if table.empty:
        print(f"no occurrence of {args.pattern!r} in the selected turns" if cmd == "kwic" else
              f"(no rows: nothing reaches --min-count {min_count}; a lower value keeps more)"
              if min_count else "(no rows)")
        return
    width = terminal_width()
    key = ("phrase_use" if cmd == "phrases" and args.by else
           "formulae" if cmd == "phrases" and args.formulae else
           "collocations" if cmd == "phrases" and args.collocations else
           "words_by" if cmd == "overview" and args.by else cmd)
    view = VIEWS[key]
    groups = _group_columns(args, table)
    n_top = args.top if args.top is not None else (0 if key in ("rhetoric", "overview") else DEFAULT_TOP)
    shown = _top(table, groups, n_top).reset_index(drop=True)
    # the columns naming each row's group, first: those --top counts within, or the groups of words_by;
    # each followed by the kind of its speakers when the table has it
    lead = groups + [c for c in (args.by if key == "words_by" else []) if c in table.columns]
    lead = [c for g in lead for c in (g, KIND_COLUMNS.get(g)) if c in table.columns and c not in view.columns]
    for col in lead:  # months as 2019-03, quarters as 2019Q1, years as 2019
        bucket = col if col in ("month", "quarter", "year") else None
        if cmd == "keyness" and col in ("target", "reference") and len(args.by or []) == 1:
            bucket = args.by[0] if args.by[0] in ("month", "quarter", "year") else None  # dates compared
        if bucket is None:
            continue
        if pd.api.types.is_datetime64_any_dtype(shown[col]):  # undated groups shown empty
            shown[col] = period_label(shown[col], bucket).astype("string").fillna("")
        else:  # keyness names groups as text: "2019-03-01", or "rest"
            shown[col] = [period_label([v], bucket).iloc[0] if isinstance(v, str) and _ISO_DATE.fullmatch(v) else v
                          for v in shown[col]]
    captions = [NOTES[key].format(measure=getattr(args, "measure", ""))] if key in NOTES else []
    body = _pivot_rhetoric(shown, groups, width) if cmd == "rhetoric" and not args.columns else None
    if body is not None:
        visible = ["family", "measure", "value", "n_words", *lead]
    else:
        if args.columns:
            names = list(table.columns) if args.columns == "all" else list(args.columns)
            unknown = [c for c in names if c not in table.columns]
            if unknown:
                raise ValueError(f"--columns: no column {unknown[0]!r}; columns: {', '.join(map(str, table.columns))}")
            constant, drop = [], ()
        else:
            constant = [g for g in lead if table[g].nunique(dropna=False) == 1]
            sizes = [c for c in view.sizes if c in table.columns]
            same_size = [c for c in sizes if table[c].nunique(dropna=False) == 1]
            sizes = [c for c in sizes if c not in same_size]
            names = [g for g in lead if g not in constant] + sizes + [c for c in view.columns if c in table.columns]
            if cmd == "keyness" and args.measure == "log_ratio":  # the score is the log ratio
                names.remove("log_ratio")
            drop = (*view.drop, *(c for c in sizes if c not in view.drop))  # sizes go last
            if same_size:  # the words every row rests on, said once
                captions.insert(0, ", ".join(f"{c}: {int(table[c].iloc[0]):,}" for c in same_size))
            if constant:
                captions.insert(0, ", ".join(f"{g}: {cell_text(table[g].iloc[0])}" for g in constant))
            constant += same_size
        columns = []
        for name in names:
            cells, right = format_column(shown[name])
            if args.columns:
                elastic = None if right else 20
            else:
                elastic = view.elastic.get(name, 12 if name in lead and not right else None)
            clip_left = name in view.clip_left and not args.columns
            columns.append(Column(name, cells, right or clip_left, elastic, clip_left))
        if args.columns == "all":  # every column asked for: cut long texts, never columns
            widths = [c.natural if c.right else min(c.natural, 40) for c in columns]
        else:
            columns, widths = fit(columns, width, drop)
        body = lines(columns, widths)
        visible = [c.name for c in columns] + constant
    for text in captions:
        print(textwrap.fill(printable(text), width))
    print("\n".join(body))
    hidden = [c for c in table.columns if c not in visible]
    varying = [g for g in groups if table[g].nunique(dropna=False) > 1]
    per = "comparison" if cmd == "keyness" and varying else " / ".join(varying)
    footer = _footer(len(table), len(shown), per, n_top, hidden, len(table.columns))
    if footer:
        print(textwrap.fill(printable(footer), width))
    fewest = table.groupby(varying, sort=False, dropna=False, observed=True).size().min() if varying else len(table)
    if min_count and min_count > 1 and n_top and fewest < n_top:  # fewer rows than asked for: say why
        rows = "row" if fewest == 1 else "rows"
        print(printable(f"Only {fewest:,} {rows}{' in a group' if varying else ''} reach{'es' if fewest == 1 else ''} "
                        f"--min-count {min_count:,}; a lower value keeps more."))


#: ``keyness --compare`` in the terminal leaves out groups of fewer words (``--min-words``).
SMALL_GROUP_WORDS = 500


def _min_words(args: argparse.Namespace) -> int:
    """``--min-words``, by default :data:`SMALL_GROUP_WORDS` in the terminal and 0 in a file
    (a file holds the library's whole table)."""
    return args.min_words if args.min_words is not None else 0 if args.output else SMALL_GROUP_WORDS


def _small_groups(table: pd.DataFrame, min_words: int, by: Sequence[str] = ()) -> dict[str, int]:
    """The groups of a table holding fewer than ``min_words`` words, with their words,
    smallest first: a keyness table's targets and references other than the rest
    (``words_target``, ``words_reference``), or the ``by`` groups of a table with ``n_words``.

    >>> t = pd.DataFrame({"target": ["a", "b", "c"], "reference": ["rest"] * 3,
    ...                   "words_target": [20, 800, 5000], "words_reference": [5800, 5020, 820]})
    >>> _small_groups(t, 500), _small_groups(t, 1000), _small_groups(t, 0)
    ({'a': 20}, {'a': 20, 'b': 800}, {})
    >>> p = pd.DataFrame({"role": ["official", "official", "moderator"], "n_words": [9000, 9000, 20]})
    >>> _small_groups(p, 500, by=["role"])
    {'moderator': 20}
    """
    sizes: dict[str, int] = {}
    if not min_words:
        return sizes
    if by:
        names = table[list(by)].astype(str).agg(" / ".join, axis=1) if len(table) else []
        sizes = {g: int(n) for g, n in zip(names, table["n_words"])}
    else:
        for side in ("target", "reference"):
            for group, words in zip(table[side], table[f"words_{side}"]):
                if not (side == "reference" and group == "rest"):
                    sizes.setdefault(str(group), int(words))
    return dict(sorted(((g, n) for g, n in sizes.items() if n < min_words), key=lambda x: (x[1], x[0])))


def _without_small_groups(table: pd.DataFrame, min_words: int, command: str,
                          by: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of groups holding at least ``min_words`` words; the groups left out are
    named on standard error."""
    by = [b for b in by if b in table.columns] if by else []
    if not by and command != "keyness" or by and "n_words" not in table.columns:
        return table
    small = _small_groups(table, min_words, by)
    if not small:
        return table
    if by:
        keep = ~table[by].astype(str).agg(" / ".join, axis=1).isin(small)
    else:
        keep = ~table["target"].astype(str).isin(small) & ~table["reference"].astype(str).isin(small)
    listed = ", ".join(f"{g}: {n:,} words" for g, n in list(small.items())[:8]) + (", ..." if len(small) > 8 else "")
    one = len(small) == 1
    print(printable(f"{command}: left out {len(small)} group{'' if one else 's'} with fewer than {min_words:,} words "
                    f"({listed}); --min-words 0 keeps {'it' if one else 'them'}"), file=sys.stderr)
    return table[keep].reset_index(drop=True)


def _footer(n_rows: int, n_shown: int, per: str, n_top: int | None, hidden: list[str], n_columns: int) -> str:
    """One sentence: what the terminal view left out and the options that show it."""
    parts, how = [], []
    if n_shown < n_rows:
        parts.append(f"{n_shown:,} of {n_rows:,} rows" + (f" (top {n_top} per {per})" if per else ""))
        how.append("all rows: --top 0")
    if hidden:
        names = ", ".join(hidden[:6]) + (", ..." if len(hidden) > 6 else "")
        parts.append(f"{n_columns - len(hidden)} of {n_columns} columns (not shown: {names})")
        how.append("all columns: --columns all")
    if not parts:
        return ""
    how.append("everything: --output FILE.csv")
    how_text = "; ".join(how)
    return f"Shown: {' and '.join(parts)}. {how_text[0].upper()}{how_text[1:]}."


def _emit(table: pd.DataFrame, args: argparse.Namespace) -> None:
    if args.output:  # --columns with --output was refused first (_check_paths)
        _write(_top(table, _group_columns(args, table), args.top), args.output, raw_cells=args.raw_cells)
        return
    _show(table, args)


def _one_line(message: object, command: str) -> str:
    """An error message on one line, with library parameter names replaced by the options."""
    text = re.sub(r"\s+", " ", str(message)).strip()
    text = text.replace("Pass columns={'text': '<your column>'} to load_corpus", "Give --column text=<your column>")
    for param, option in OPTIONS.get(command, {}).items():
        text = re.sub(rf"(?<![\w\-'.]){param}(?=\s*=|\s+must\b|\s+is\b)", option, text)
        text = re.sub(rf"\b(lower|higher|raise|give|increase) {param}\b(?!-)", rf"\1 {option}", text)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for usage and input errors)."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    sub = args.parser  # the command's own parser, for its usage line
    if extra:  # a misspelled option: the command's usage, not the top-level one
        sub.error(f"unrecognized arguments: {' '.join(extra)} (see 'python -m analysis {args.command} --help')")
    with owned():  # the command shows its own progress (or none with --quiet): none of the calls' own
        return _main(args, parser, sub)


def _main(args: argparse.Namespace, parser: argparse.ArgumentParser, sub: argparse.ArgumentParser) -> int:
    """:func:`main` of the parsed ``args`` (``sub``: the command's parser)."""
    try:
        if args.command == "figures":
            return _figures(args)
        if args.command == "explore":
            return _explore(args)
        if getattr(args, "by", "") is None:
            args.by = [] if args.command in ("terms", "overview", "phrases") else ["role"]
        # the analysis's warnings (a grouping that cannot work, a measure that does not apply)
        # once each, one line on standard error, not with the source line Python shows
        said: set[str] = set()
        with _said_once(said):
            result = _run(args, sub)
        with _said_once(said):
            _emit(result, args)
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error when Python flushes
        except (OSError, ValueError, io.UnsupportedOperation):  # pragma: no cover - captured output
            pass
        return 0
    except (AnalysisError, ValueError, TypeError, KeyError, OSError) as exc:
        if isinstance(exc, OSError) and not isinstance(exc, AnalysisError) and exc.filename:
            msg = f"{exc.filename}: {exc.strerror or exc}"
        else:
            msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        if isinstance(exc, TranscriptFormatError) and hasattr(args, "skip_bad_files") and Path(args.corpus).is_dir():
            msg = f"{msg} (--skip-bad-files reads the other files)"
        sub.exit(2, f"{parser.prog} {args.command}: error: {printable(_one_line(msg, args.command))}\n")
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    return 0


@contextlib.contextmanager
def _said_once(said: set[str]):
    """The suite's warnings (``UserWarning`` and its kinds) of the block printed on standard
    error, one line each and once (each message not in ``said`` yet is added to it); other
    warnings (a library's ``FutureWarning``) are issued again after the block, to the filters
    in force."""
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        for w in caught:
            message = str(w.message)
            if not issubclass(w.category, UserWarning):
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
            elif message not in said:
                said.add(message)
                print(printable(message, keep_lines=True), file=sys.stderr)


FIGURES_PROG = "python -m analysis figures"


def _figures(args: argparse.Namespace) -> int:
    """Exit status 0 when every figure was drawn or skipped (a skip is the corpus's limit,
    said in the index and on standard error), 1 when a figure failed with an internal error
    (the index and standard error name it with the exception; the other figures are still
    made), 2 for input errors (raised, as every command's)."""
    from .figures import regenerate, registry

    if args.list:
        width = terminal_width()
        specs = registry()
        name_width = max(map(len, specs))
        for name, spec in specs.items():
            print(f"{name:{name_width}s}  {clip(spec.caption, max(20, width - name_width - 2))}")
        return 0
    _check_paths(args)
    check_writable(args.out, option="--out", folder=True)
    if args.only:  # --only a,b as well as --only a --only b
        args.only = [n.strip() for given in args.only for n in given.split(",") if n.strip()]
    unknown = [n for n in args.only or [] if n not in registry()]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(registry()), n=3)
        hint = f"did you mean {', '.join(close)}? " if close else ""
        raise ValueError(f"--only {unknown[0]!r}: no such figure; {hint}'python -m analysis figures --list' lists them")
    extra = _extra_stop_words(args)  # its files read before the corpus: one that cannot be is said first
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = regenerate(args.corpus, args.out, only=args.only, progress=_progress(args),
                         on_error=_on_error(args), columns=_columns(args), k=args.k, min_df=args.min_df,
                         extra_stop_words=extra, **_reading(args))
    for w in caught:
        print(printable(str(w.message), keep_lines=True), file=sys.stderr)
    counts = f"{len(run.drawn)} drawn, {len(run.skipped)} skipped"
    if run.failed:
        counts += f", {len(run.failed)} failed"
    index = "" if args.only else f"; see {Path(args.out) / 'README.md'}"
    print(printable(f"wrote {len(run)} files to {args.out} (figures: {counts}{index})"))
    if run.failed:  # an internal error of a figure, not of the corpus: said, and the exit status says it too
        print(f"{FIGURES_PROG}: error: {len(run.failed)} figure(s) failed with an internal error: "
              f"{', '.join(run.failed)}", file=sys.stderr)
        return 1
    return 0


def _explore(args: argparse.Namespace) -> int:
    """Write the explorer page (:func:`analysis.site.write_site`)."""
    from .corpus import load_corpus
    from .site import write_site

    if not Path(args.corpus).exists():
        raise CorpusError(f"--corpus {args.corpus}: no such file or directory")
    if Path(args.out).exists() and not Path(args.out).is_dir():
        raise ValueError(f"--out {args.out}: is a file, not a folder")
    turns = _load(args, load_corpus).turns()
    path = write_site(turns, args.out, title=args.title, initial=args.term, k=args.k, min_df=args.min_df,
                      progress=_progress(args))
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB): open it in any browser, no server needed")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
