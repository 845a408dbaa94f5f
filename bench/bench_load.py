"""Concurrent sessions on one server: the load test's client (tests/reliability/test_load.py:
Streamlit's own websocket, no browser) with 20 sessions at once, each a first run and then
reruns back to back through the load test's views, against the atlas on the real bundled
data and, as the baseline in the same run, against the bare hello app (bench/hello_app.py).

Two waves of sessions run one after the other on the same server, so memory can be read
after the first wave and at the end ("flat after the first sessions"): VmRSS/VmHWM of the
server process from /proc. Figures, no asserts.

Run alone: ``python -m bench.bench_load [--db data/atlas.duckdb] [--sessions 20]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from tests.deploy.client import closed_loop, percentile
from tests.e2e.server import ROOT, StreamlitServer, WsSession
from tests.reliability.test_load import RERUNS_PER_SESSION, SESSIONS, VIEWS

DEADLINE_S = 300.0
HELLO_VIEWS = (("", ""),)


def _wave(port: int, sessions: int, reruns: int, views) -> dict:
    began = time.perf_counter()
    tally, _ = closed_loop(
        lambda i: WsSession(port, timeout_s=180), sessions, reruns, views, DEADLINE_S
    )
    return {
        "sessions": sessions,
        "first_p50": statistics.median(tally.first) if tally.first else float("nan"),
        "first_p95": percentile(tally.first, 0.95),
        "rerun_p50": percentile(tally.reruns, 0.5),
        "rerun_p95": percentile(tally.reruns, 0.95),
        "runs": len(tally.first) + len(tally.reruns),
        "errors": len(tally.problems),
        "problems": tally.problems[:5],
        "seconds": time.perf_counter() - began,
        "load": os.getloadavg()[0],
    }


def _series(server: StreamlitServer, sessions: int, reruns: int, views, waves: int) -> dict:
    out = {"waves": [], "rss": []}
    for _ in range(waves):
        out["waves"].append(_wave(server.port, sessions, reruns, views))
        out["rss"].append(server.rss_kb())
    return out


def run(
    db: Path,
    log_dir: Path,
    sessions: int = SESSIONS,
    reruns: int = RERUNS_PER_SESSION,
    waves: int = 2,
) -> dict:
    out: dict = {"sessions": sessions, "reruns": reruns}
    with StreamlitServer("bench/hello_app.py", log_path=log_dir / "load_hello.log") as srv:
        out["hello"] = _series(srv, sessions, reruns, HELLO_VIEWS, waves)
    with StreamlitServer(db=db, log_path=log_dir / "load_atlas.log") as srv:
        out["atlas"] = _series(srv, sessions, reruns, VIEWS, waves)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "atlas.duckdb")
    parser.add_argument("--log-dir", type=Path, default=Path("/tmp"))
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--waves", type=int, default=2)
    args = parser.parse_args(argv)
    result = run(args.db.resolve(), args.log_dir, args.sessions, waves=args.waves)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
