"""``python -m etl``: build data/atlas.duckdb from data/raw (and the Directorate's files)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from atlas import config
from etl.errors import EtlError

EXIT_OK, EXIT_DATA_ERROR, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m etl",
        description="Load the source files into the Integration Atlas database. "
        "The live database is replaced only when every check passes.",
    )
    p.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="DIR",
        type=Path,
        help="a folder of your own files (CSV/XLSX), merged with the bundled data; repeatable",
    )
    p.add_argument(
        "--raw",
        type=Path,
        default=config.RAW_DIR,
        metavar="DIR",
        help="the bundled data folder (default: data/raw)",
    )
    p.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"database file (default: ${config.DB_ENV_VAR} or data/atlas.duckdb)",
    )
    p.add_argument(
        "--check", action="store_true", help="validate everything but do not replace the database"
    )
    p.add_argument(
        "--if-missing", action="store_true", help="do nothing when the database file already exists"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    db_path = Path(args.db) if args.db else config.db_path()
    if args.if_missing and db_path.exists():
        if not args.quiet:
            print(f"database exists, not rebuilt: {db_path}")
        return EXIT_OK
    started = time.perf_counter()

    def progress(msg: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - started:5.1f}s] {msg}", flush=True)

    from etl.build import build

    try:
        result = build(args.raw, args.input, db_path, check_only=args.check, progress=progress)
    except EtlError as exc:
        print(f"ETL failed: {exc}", file=sys.stderr)
        print("The live database was not changed.", file=sys.stderr)
        return EXIT_DATA_ERROR
    if not args.quiet:
        rows = sum(result.row_counts.values())
        print(f"done: {rows:,} input rows in {result.seconds:.2f}s")
    return EXIT_OK
