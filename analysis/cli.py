"""Command line: ``python -m analysis <command> ...``.

Commands print a table to the terminal, or write CSV / JSON Lines (``--output``). Every
analysis command takes the same corpus options (``--corpus``) and filters (``--from``,
``--to``, ``--speaker``, ``--role``), and ``--top`` to limit the rows shown.

=========  =============================================================================
figures    regenerate every registered figure (PNG and SVG) and ``figures/README.md``
turns      the turns table of a corpus
terms      term frequencies by any grouping
keyness    terms a group over- or under-uses against another (Dunning's G2 etc.)
phrases    maximal recurring phrases, or formulae shared across transcripts
topics     fit a topic model and list its topics
rhetoric   rates per 1,000 words of every rhetorical measure by group
kwic       keyword in context for a word, phrase or ``*`` pattern
=========  =============================================================================
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

import pandas as pd

from .errors import AnalysisError

__all__ = ["main", "build_parser"]


def _corpus_options(p: argparse.ArgumentParser, default_corpus: str) -> None:
    g = p.add_argument_group("corpus and filters")
    g.add_argument("--corpus", default=default_corpus, help="folder or file of transcripts (default: %(default)s)")
    g.add_argument("--from", dest="date_from", metavar="DATE", help="keep transcripts dated on or after DATE (YYYY-MM-DD)")
    g.add_argument("--to", dest="date_to", metavar="DATE", help="keep transcripts dated on or before DATE (YYYY-MM-DD)")
    g.add_argument("--speaker", action="append", metavar="NAME", help="keep turns by this speaker (repeatable)")
    g.add_argument("--role", action="append", choices=["moderator", "questioner", "official", "unknown"],
                   help="keep turns with this role (repeatable)")
    o = p.add_argument_group("output")
    o.add_argument("--top", type=int, default=20, metavar="N", help="rows to show (default: %(default)s; 0 = all)")
    o.add_argument("--output", "-o", metavar="FILE", help="write all rows to FILE (.csv, .jsonl or .json) instead of printing")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    from .figures import DEFAULT_CORPUS, DEFAULT_OUT

    corpus = str(DEFAULT_CORPUS)
    parser = argparse.ArgumentParser(
        prog="python -m analysis", description="Topic and rhetoric analysis of transcripts.",
        epilog="Run 'python -m analysis COMMAND --help' for the options of a command.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("figures", help="regenerate every registered figure",
                       description="Regenerate every registered figure as PNG and SVG, and the index README.md.")
    p.add_argument("--corpus", default=corpus, help="folder or file of transcripts (default: %(default)s)")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: %(default)s)")
    p.add_argument("--only", action="append", metavar="NAME", help="only this figure (repeatable; see --list)")
    p.add_argument("--list", action="store_true", help="list the registered figures and exit")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("turns", help="the turns table", description="One row per turn, with speaker, role and text.")
    _corpus_options(p, corpus)

    p = sub.add_parser("terms", help="term frequencies by group",
                       description="Counts, rates per 1,000 words and document frequency of terms, per group.")
    _corpus_options(p, corpus)
    p.add_argument("--by", action="append", metavar="COLUMN",
                   help="group by this turns column (repeatable: --by role --by transcript_id); default: whole corpus")
    p.add_argument("--lemmas", action="store_true", help="count lemmas instead of word forms")
    p.add_argument("--keep-stop-words", action="store_true", help="do not drop stop words")
    p.add_argument("--min-count", type=int, default=1, help="drop terms rarer than this (default: %(default)s)")

    p = sub.add_parser("keyness", help="terms a group over- or under-uses",
                       description="Keyness of terms for a target group against a reference (Dunning 1993 G2 "
                                   "with Benjamini-Hochberg control, log ratio, %DIFF, chi-square).")
    _corpus_options(p, corpus)
    p.add_argument("--by", default="role", help="grouping column (default: %(default)s)")
    p.add_argument("--target", required=True, action="append", help="value(s) of --by forming the target group")
    p.add_argument("--reference", action="append", help="value(s) forming the reference (default: all others)")
    p.add_argument("--measure", default="g2", choices=["g2", "log_ratio", "chi2", "pct_diff"],
                   help="ranking measure (default: %(default)s)")
    p.add_argument("--min-count", type=int, default=5, help="drop terms rarer than this (default: %(default)s)")

    p = sub.add_parser("phrases", help="recurring phrases or formulae",
                       description="Maximal recurring phrases (longest word sequences recurring at least --min-count "
                                   "times), or with --formulae the phrases shared across transcripts and speakers.")
    _corpus_options(p, corpus)
    p.add_argument("--min-count", type=int, default=3, help="minimum occurrences (default: %(default)s)")
    p.add_argument("--min-length", type=int, default=2, help="minimum words (default: %(default)s)")
    p.add_argument("--formulae", action="store_true", help="list formulae shared across transcripts")
    p.add_argument("--min-transcripts", type=int, default=2, help="with --formulae (default: %(default)s)")

    p = sub.add_parser("topics", help="fit a topic model",
                       description="Fit a topic model on the chosen units and list each topic's top terms and size.")
    _corpus_options(p, corpus)
    p.add_argument("--k", type=int, default=10, help="number of topics (default: %(default)s)")
    p.add_argument("--model", default="nmf", choices=["nmf", "lda", "kmeans", "agglomerative"],
                   help="model (default: %(default)s)")
    p.add_argument("--units", default="paragraph", choices=["paragraph", "turn", "exchange"],
                   help="analysis units (default: %(default)s)")
    p.add_argument("--seed", type=int, default=0, help="random state (default: %(default)s)")
    p.add_argument("--min-df", type=int, default=5,
                   help="keep terms in at least this many units (default: %(default)s; lower it for small corpora)")

    p = sub.add_parser("rhetoric", help="rhetorical profile by group",
                       description="Rates per 1,000 words of devices, lexicon categories and scores, by group.")
    _corpus_options(p, corpus)
    p.add_argument("--by", default="role", help="grouping column (default: %(default)s)")

    p = sub.add_parser("kwic", help="keyword in context",
                       description="Every occurrence of a word, phrase or * pattern with its context and source line.")
    _corpus_options(p, corpus)
    p.add_argument("pattern", help='word, phrase or pattern, e.g. sovereignty, "internal affairs", "firm*"')
    p.add_argument("--window", type=int, default=6, help="words of context either side (default: %(default)s)")
    return parser


def _filtered_turns(args: argparse.Namespace) -> pd.DataFrame:
    from .corpus import load_corpus

    turns = load_corpus(args.corpus).turns()
    for name, op in (("date_from", "ge"), ("date_to", "le")):
        value = getattr(args, name)
        if value:
            try:
                when = pd.Timestamp(value)
            except ValueError:
                raise ValueError(f"--{name[5:]} {value!r} is not a date (use YYYY-MM-DD)") from None
            turns = turns[getattr(turns["date"], op)(when)]
    if args.speaker:
        turns = turns[turns["speaker"].isin(args.speaker)]
    if args.role:
        turns = turns[turns["role"].isin(args.role)]
    if turns.empty:
        raise ValueError("the filters (--from, --to, --speaker, --role) leave no turns; relax them")
    return turns.reset_index(drop=True)


def _run(args: argparse.Namespace) -> pd.DataFrame:
    turns = _filtered_turns(args)
    cmd = args.command
    if cmd == "turns":
        return turns
    if cmd == "terms":
        from .terms import term_frequencies

        return term_frequencies(turns, by=args.by, lemmas=args.lemmas, stop_words=not args.keep_stop_words,
                                min_count=args.min_count)
    if cmd == "keyness":
        from .terms import keyness

        target = args.target[0] if len(args.target) == 1 else args.target
        reference = None if not args.reference else (args.reference[0] if len(args.reference) == 1 else args.reference)
        return keyness(turns, target, reference, by=args.by, measure=args.measure, min_count=args.min_count)
    if cmd == "phrases":
        from .phrases import formulae, recurring_phrases

        if args.formulae:
            return formulae(turns, min_transcripts=args.min_transcripts, min_length=args.min_length)
        return recurring_phrases(turns, min_count=args.min_count, min_length=args.min_length)
    if cmd == "topics":
        from .topics import fit_topics, topic_labels, topic_units

        units = topic_units(turns, unit=args.units)
        result = fit_topics(units, k=args.k, model=args.model, random_state=args.seed, min_df=args.min_df)
        return topic_labels(result)
    if cmd == "rhetoric":
        from .rhetoric import rhetoric_profile

        return rhetoric_profile(turns, by=args.by)
    if cmd == "kwic":
        from .terms import kwic

        return kwic(turns, args.pattern, window=args.window)
    raise AssertionError(cmd)  # pragma: no cover - argparse restricts commands


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Lists and tuples in cells as "a; b" text, so CSV readers see plain strings."""
    out = table.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple))).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def _emit(table: pd.DataFrame, args: argparse.Namespace) -> None:
    if args.output:
        table = _flat(table) if not args.output.endswith((".json", ".jsonl")) else table
        out = args.output
        if out.endswith(".jsonl"):
            table.to_json(out, orient="records", lines=True, date_format="iso")
        elif out.endswith(".json"):
            table.to_json(out, orient="records", date_format="iso", indent=1)
        elif out.endswith(".csv"):
            table.to_csv(out, index=False)
        else:
            raise ValueError(f"--output {out!r}: use a .csv, .jsonl or .json file name")
        print(f"wrote {len(table)} rows to {out}")
        return
    shown = table if args.top == 0 else table.head(args.top)
    if "text" in shown.columns and args.command == "turns":
        shown = shown.assign(text=shown["text"].str.slice(0, 60))
    with pd.option_context("display.width", 160, "display.max_columns", 12, "display.max_colwidth", 60):
        print(shown.to_string(index=False) if len(shown) else "(no rows)")
    if len(shown) < len(table):
        print(f"... {len(table) - len(shown)} more rows (--top 0 for all, or --output FILE)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for usage and input errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "figures":
            from .figures import regenerate, registry

            if args.list:
                for name, spec in registry().items():
                    print(f"{name:40s} {spec.caption}")
                return 0
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                paths = regenerate(args.corpus, args.out, only=args.only, progress=not args.no_progress)
            for w in caught:
                print(str(w.message), file=sys.stderr)
            print(f"wrote {len(paths)} files to {args.out}")
            return 0
        if args.top < 0:
            parser.error("--top must be 0 (all) or a positive number")
        _emit(_run(args), args)
    except (AnalysisError, ValueError, TypeError, KeyError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        parser.exit(2, f"{parser.prog} {args.command}: error: {msg}\n")
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
