"""``python -m etl``: build data/atlas.duckdb from data/raw (and the Directorate's files)."""

from __future__ import annotations

import argparse
import contextlib
import os
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
        "--if-missing",
        action="store_true",
        help="do nothing when the database file already exists, unless it was built by another "
        "version of the atlas (another schema): then rebuild it",
    )
    p.add_argument(
        "--list-versions",
        action="store_true",
        help="list the kept versions of the database (published from the data upload page)",
    )
    p.add_argument(
        "--rollback", metavar="VERSION", help="make a kept version the live database again"
    )
    p.add_argument(
        "--verify",
        metavar="VERSION",
        help="rebuild a kept version from data/raw and its own files and compare it table by table",
    )
    p.add_argument(
        "--diff",
        nargs=2,
        metavar=("A", "B"),
        help="the figures added, revised or removed from kept version A to version B "
        "('live': the live database)",
    )
    p.add_argument("--csv", action="store_true", help="with --diff: print CSV instead of text")
    p.add_argument(
        "--lang",
        choices=("el", "en"),
        default="en",
        help="with --diff: the language of the text (default: en)",
    )
    p.add_argument(
        "--as-partner",
        action="store_true",
        help="check activity reports as a partner's upload: a report may hold its own rows only "
        "(activity_reports_<partner_id>.xlsx); the default is an administrator's run",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    return p


def _who() -> str:
    return f"{os.environ.get('USER') or os.environ.get('USERNAME') or 'unknown'} (command line)"


def versions_command(args: argparse.Namespace, db_path: Path) -> int:
    from etl import versions

    try:
        if args.rollback:
            done = versions.rollback(args.rollback, _who(), db_path=db_path)
            print(f"version {done['version']} is live again (was: {done['previous'] or '-'})")
        elif args.verify:
            v = versions.verify(args.verify, db_path, args.raw)
            print(f"{len(v.tables_same)} tables identical, {len(v.tables_different)} different")
            for name in v.tables_different:
                print(f"  different: {name}")
            for name in v.inputs_changed:
                print(f"  input file changed or missing since: {name}")
            print(
                "same bytes" if v.same_bytes else "not the same bytes (see manifest 'reproducible')"
            )
            return EXIT_OK if v.reproduced else EXIT_DATA_ERROR
        else:
            items = versions.list_versions(db_path)
            if not items:
                print(f"no kept versions in {versions.root(db_path)}")
            for m in items:
                own = [i["file"] for i in m.get("inputs", []) if i.get("origin") != "bundled"]
                print(
                    f"{'*' if m['live'] else ' '} {m['version']}  {m.get('status', ''):9} "
                    f"{m.get('published_at', '')}  {m.get('published_by', '')}  "
                    f"{', '.join(own) or '(bundled data only)'}"
                )
    except EtlError as exc:
        print(f"failed: {exc}", file=sys.stderr)
        print("The live database was not changed.", file=sys.stderr)
        return EXIT_DATA_ERROR
    return EXIT_OK


def diff_command(args: argparse.Namespace, db_path: Path) -> int:
    """``--diff A B``: what changed in the data from version A to B (atlas.changes)."""
    from atlas import changes, kept
    from atlas.i18n import t

    old, new = args.diff
    try:
        vc = changes.between(old, new, db_path)
    except kept.VersionError as exc:
        print(t(f"changes.{exc.kind}", args.lang, version=exc.version), file=sys.stderr)
        return EXIT_USAGE
    if args.csv:
        sys.stdout.buffer.write(changes.csv_bytes(vc))
        sys.stdout.flush()
    else:
        print("\n".join(changes.lines(vc, args.lang)))
    return EXIT_OK


SHOWN_PROBLEMS = 20  # further problems printed after the first; all are in EtlError.more


def _ticker(quiet: bool):
    """A progress bar (rows, rows/s) for big files when stderr is a terminal."""
    if quiet or not sys.stderr.isatty():
        return contextlib.nullcontext(None)
    from etl.progress import rich_ticker

    return rich_ticker()


def _print_more(exc: EtlError) -> None:
    more = exc.more
    if not more:
        return
    print(f"Further problems ({len(more) + exc.omitted:,}):", file=sys.stderr)
    for problem in more[:SHOWN_PROBLEMS]:
        print(f"  - {problem}", file=sys.stderr)
    rest = len(more) - SHOWN_PROBLEMS + exc.omitted
    if rest > 0:
        print(f"  … and {rest:,} more", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    db_path = Path(args.db) if args.db else config.db_path()
    if args.diff:
        return diff_command(args, db_path)
    if args.list_versions or args.rollback or args.verify:
        return versions_command(args, db_path)
    if args.if_missing and db_path.exists():
        from atlas import db

        problem = db.problem(db_path)
        if problem is None or problem.kind != "outdated":
            if not args.quiet:
                print(f"database exists, not rebuilt: {db_path}")
            return EXIT_OK
        if not args.quiet:
            print(f"database {db_path} was {problem.detail}: rebuilding it")
    started = time.perf_counter()

    def progress(msg: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - started:5.1f}s] {msg}", flush=True)

    from etl.build import build

    try:
        with _ticker(args.quiet) as ticker:
            result = build(
                args.raw,
                args.input,
                db_path,
                check_only=args.check,
                progress=progress,
                ticker=ticker,
                admin=not args.as_partner,
            )
    except EtlError as exc:
        print(f"ETL failed: {exc}", file=sys.stderr)
        _print_more(exc)
        print("The live database was not changed.", file=sys.stderr)
        return EXIT_DATA_ERROR
    if not args.quiet:
        rows = sum(result.row_counts.values())
        print(f"done: {rows:,} input rows in {result.seconds:.2f}s")
    return EXIT_OK
