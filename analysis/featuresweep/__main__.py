"""Command line:

    python -m featuresweep plot RESULTS.h5 --out DIR [--format png|pdf]
    python -m featuresweep report RESULTS.h5 --out report.html
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: "list[str] | None" = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m featuresweep",
        description="Read FeatureSweep result files and draw the figures of the protocol they hold.",
        epilog="examples: python -m featuresweep plot results/quickstart.h5 --out figures/\n"
               "          python -m featuresweep report results/quickstart.h5 --out report.html",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    plot = commands.add_parser("plot", help="draw the protocol's figures (mean ± sd over seeds, theory overlaid)")
    plot.add_argument("results", type=Path, help="a result file written by `fsweep run`")
    plot.add_argument("--out", type=Path, required=True, help="directory for the figures (created if missing)")
    plot.add_argument("--format", choices=["png", "pdf"], default="png", help="image format (default png)")
    plot.add_argument("--dpi", type=int, default=100, help="resolution of PNGs (default 100)")
    plot.add_argument("--prefix", default=None, help="file name prefix (default: the result file's stem)")
    report = commands.add_parser(
        "report", help="one self-contained HTML page: provenance, status, failures, figures, sortable task table")
    report.add_argument("results", type=Path, help="a result file written by `fsweep run`")
    report.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    report.add_argument("--dpi", type=int, default=90, help="resolution of the embedded figures (default 90)")
    arguments = parser.parse_args(argv)

    if not arguments.results.is_file():
        print(f"featuresweep: {arguments.results}: no such file", file=sys.stderr)
        return 2
    if arguments.command == "report":
        from .report import write_report

        print(write_report(arguments.results, arguments.out, dpi=arguments.dpi))
        return 0

    from .plots import draw_all  # imports matplotlib: only when drawing

    written = draw_all(arguments.results, arguments.out, fmt=arguments.format, dpi=arguments.dpi,
                       prefix=arguments.prefix)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
