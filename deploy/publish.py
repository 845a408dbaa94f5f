"""Publish a built atlas database to the file(s) replicas read — one per host when each host
keeps its own copy — the same way the ETL swaps its own build in: check it, copy it beside
the target under a temporary name, flush it to disk, then ``os.replace`` (atomic on one
filesystem). A replica's open connection keeps the old file until its next rerun, which sees
the new file identity and reconnects (atlas.ui): a session sees the old build or the new one.

``python -m deploy.publish data/atlas.duckdb /srv/atlas/data/atlas.duckdb [more targets]``

Holds the target's build lock (``<target>.lock``, the one ``python -m etl`` and the upload
page take), so a publish and a build into the same file never interleave.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from pathlib import Path

from atlas import config
from atlas.serve import database_problem
from etl.build import build_lock
from etl.errors import EtlError


def _fsync(path: Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(source: Path, target: Path, lock_timeout_s: float = config.BUILD_LOCK_TIMEOUT_S):
    """Atomically replace ``target`` with a copy of ``source`` (a valid atlas database)."""
    source, target = Path(source), Path(target)
    problem = database_problem(source)
    if problem:
        raise ValueError(problem)
    target.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(target, lock_timeout_s):
        tmp = target.with_name(f".{target.name}.publish-{os.getpid()}.tmp")
        try:
            shutil.copyfile(source, tmp)
            _fsync(tmp)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        _fsync(target.parent, directory=True)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.publish", description=__doc__)
    parser.add_argument("source", type=Path, help="a built atlas.duckdb")
    parser.add_argument("targets", type=Path, nargs="+", help="the file(s) replicas read")
    args = parser.parse_args(argv)
    for target in args.targets:
        try:
            publish(args.source, target)
        except (ValueError, EtlError, OSError) as exc:
            print(f"deploy.publish: {target}: {exc}", file=sys.stderr)
            return 1
        print(f"published {args.source} → {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
