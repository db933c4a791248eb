"""Command line: ``python -m analysis <command> ...``.

Commands
--------
figures   regenerate every registered figure (PNG and SVG) and ``figures/README.md``
turns     print or save the turns table of a corpus
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .errors import AnalysisError

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m analysis``."""
    from .figures import DEFAULT_CORPUS, DEFAULT_OUT

    parser = argparse.ArgumentParser(prog="python -m analysis",
                                     description="Topic and rhetoric analysis of transcripts.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("figures", help="regenerate every registered figure",
                       description="Regenerate every registered figure as PNG and SVG, and the index figures/README.md.")
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder or file of transcripts (default: %(default)s)")
    p.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: %(default)s)")
    p.add_argument("--only", action="append", metavar="NAME", help="only this figure (repeatable)")
    p.add_argument("--list", action="store_true", help="list the registered figures and exit")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")

    p = sub.add_parser("turns", help="print or save the turns table",
                       description="Load a corpus and print its turns table, or write it as CSV/JSON Lines.")
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder or file of transcripts (default: %(default)s)")
    p.add_argument("--output", "-o", help="write to this .csv or .jsonl file instead of printing")
    return parser


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
            paths = regenerate(args.corpus, args.out, only=args.only, progress=not args.no_progress)
            print(f"wrote {len(paths)} files to {args.out}")
        elif args.command == "turns":
            from .corpus import load_corpus

            turns = load_corpus(args.corpus).turns()
            if args.output:
                if args.output.endswith(".jsonl"):
                    turns.to_json(args.output, orient="records", lines=True, date_format="iso")
                else:
                    turns.to_csv(args.output, index=False)
            else:
                print(turns.drop(columns=["text"]).to_string(max_rows=40))
    except (AnalysisError, ValueError) as exc:
        parser.exit(2, f"{parser.prog}: error: {exc}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
