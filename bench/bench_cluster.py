"""Capacity per replica: how many sessions rerunning at once one replica serves with rerun
p95 ≤ 1.5 s (issue #13's target), alone and behind nginx in a cluster, in the same run.

``python -m bench.bench_cluster [--replicas 2] [--levels 1,2,3,4,6,8] [--output FILE]``

For each level k, k sessions per replica rerun back to back (no think time: the worst case)
through Streamlit's websocket, going through the load test's views (map explorer with three
selections, data & sources). The baseline is one replica reached directly (the single server
of today); the cluster is N replicas behind the generated nginx with k × N sessions. The
first run of each session is reported apart (imports, first queries); p50/p95 are over the
reruns. Levels stop rising once a level's p95 passes twice the target on both setups.
Figures, not pass/fail. Loopback only; the real bundled data (data/raw).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_S = 1.5
RERUNS = 6
DEADLINE_S = 600.0
VIEWS = (
    ("map_explorer", "lang=el"),
    ("map_explorer", "lang=el&indicator=arrivals&period=2022"),
    ("map_explorer", "lang=el&indicator=arrivals&period=2022&measure=per_1000&region=EL54"),
    ("data_sources", "lang=el"),
)


def level(connect, sessions: int) -> dict:
    from tests.deploy.client import closed_loop, percentile

    began = time.perf_counter()
    tally, placed = closed_loop(connect, sessions, RERUNS, VIEWS, DEADLINE_S)
    mean = statistics.fmean(tally.reruns) if tally.reruns else float("nan")
    return {
        "sessions": sessions,
        # Closed loop without think time: throughput = sessions / mean latency (Little's law)
        "throughput": sessions / mean if tally.reruns else float("nan"),
        "p50": percentile(tally.reruns, 0.5),
        "p95": percentile(tally.reruns, 0.95),
        "first_p50": statistics.median(tally.first) if tally.first else float("nan"),
        "reruns": len(tally.reruns),
        "errors": len(tally.problems),
        "seconds": time.perf_counter() - began,
        "placed": placed,
        "load": os.getloadavg()[0],
    }


def capacity(rows: list[dict], per: int) -> float:
    """Sessions per replica at the highest level whose p95 met the target (0 if none)."""
    met = [r["sessions"] / per for r in rows if r["p95"] <= TARGET_P95_S and not r["errors"]]
    return max(met, default=0)


def run(db: Path, replicas: int = 2, levels: tuple[int, ...] = (1, 2, 3, 4, 6, 8)) -> dict:
    from deploy.cluster import Cluster, Replica, free_port
    from tests.deploy.client import ProxiedSession, route_cookie
    from tests.e2e.server import WsSession

    work = Path(tempfile.mkdtemp(prefix="atlas_bench_cluster_"))
    single_rows: list[dict] = []
    cluster_rows: list[dict] = []
    memory: dict[str, list] = {}
    single = Replica(free_port(), db, log_path=work / "single.log").spawn()
    cluster = Cluster(replicas, db, workdir=work / "cluster", upstream_header=True)
    try:
        single.wait_healthy()
        cluster.start()
        for k in levels:
            print(f"  {k} session(s) per replica …", flush=True)
            alone = level(lambda i: WsSession(single.port, timeout_s=300), k)
            together = level(
                lambda i: ProxiedSession(cluster.url, route_cookie(cluster.url), timeout_s=300),
                k * replicas,
            )
            single_rows.append(alone)
            cluster_rows.append(together)
            print(
                f"    single p95 {alone['p95']:.2f} s; cluster p95 {together['p95']:.2f} s; "
                f"errors {alone['errors']}/{together['errors']}; load {together['load']:.2f}",
                flush=True,
            )
            if min(alone["p95"], together["p95"]) > 2 * TARGET_P95_S:
                break
        memory["single"] = [single.rss_kb()]
        memory["cluster"] = [r.rss_kb() for r in cluster.replicas]
    finally:
        cluster.stop()
        single.stop()
        cluster.cleanup()
        with contextlib.suppress(OSError):
            for f in work.iterdir():
                f.unlink()
            work.rmdir()
    return {
        "replicas": replicas,
        "single": single_rows,
        "cluster": cluster_rows,
        "capacity_single": capacity(single_rows, 1),
        "capacity_cluster": capacity(cluster_rows, replicas),
        "memory": memory,
        "cores": os.cpu_count(),
    }


def report(result: dict) -> list[str]:
    n = result["replicas"]
    out = [
        f"Rerun latency, k sessions per replica rerunning back to back; baseline: one replica "
        f"reached directly; cluster: {n} replicas behind nginx ({result['cores']} cores).",
        "",
        f"| sessions per replica | single p50 / p95 | cluster ({n}×) p50 / p95 | "
        "p95 ratio cluster/single | reruns/s single / cluster (ratio) | "
        "first run p50 single / cluster | errors | load avg |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for a, b in zip(result["single"], result["cluster"]):
        ratio = b["p95"] / a["p95"] if a["p95"] else float("nan")
        out.append(
            f"| {a['sessions']} | {a['p50']:.2f} / {a['p95']:.2f} s | "
            f"{b['p50']:.2f} / {b['p95']:.2f} s ({b['sessions']} sessions) | {ratio:.2f}× | "
            f"{a['throughput']:.2f} / {b['throughput']:.2f} "
            f"({b['throughput'] / a['throughput']:.2f}×) | "
            f"{a['first_p50']:.2f} / {b['first_p50']:.2f} s | {a['errors']} / {b['errors']} | "
            f"{a['load']:.2f} / {b['load']:.2f} |"
        )
    cs, cc = result["capacity_single"], result["capacity_cluster"]
    ratio = f"{cc * n / cs:.2f}× the single server" if cs else "the single server met no level"
    best = max(result["single"], key=lambda r: r["throughput"], default=None)
    best_c = max(result["cluster"], key=lambda r: r["throughput"], default=None)
    mem = result["memory"]
    out += [
        "",
        f"- capacity at rerun p95 ≤ {TARGET_P95_S} s: single server {cs:g} session(s) rerunning "
        f"at once; cluster {cc:g} per replica = {cc * n:g} in all ({ratio})",
        f"- most reruns per second: single server {best['throughput']:.2f}; cluster "
        f"{best_c['throughput']:.2f} ({best_c['throughput'] / best['throughput']:.2f}×)"
        if best and best_c
        else "- no level ran",
        "- peak memory (VmHWM): single "
        + ", ".join(f"{m.get('VmHWM', 0) / 1024:.0f} MiB" for m in mem.get("single", []))
        + "; cluster replicas "
        + ", ".join(f"{m.get('VmHWM', 0) / 1024:.0f} MiB" for m in mem.get("cluster", [])),
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_cluster", description=__doc__)
    parser.add_argument("--replicas", type=int, default=2, help="cluster size (default 2)")
    parser.add_argument("--levels", default="1,2,3,4,6,8", help="sessions per replica")
    parser.add_argument("--db", type=Path, help="default: build data/raw into a temp file")
    parser.add_argument("--output", type=Path, help="also write the table here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    started = time.perf_counter()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start (1/5/15 min): {load}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="atlas_bench_db_") as tmp:
        db = args.db
        if db is None:
            from atlas import config
            from etl.build import build

            db = Path(tmp) / "atlas.duckdb"
            build(config.RAW_DIR, db_path=db)
        levels = tuple(int(x) for x in args.levels.split(","))
        result = run(db, args.replicas, levels)
    lines = [
        f"load average at start (1/5/15 min): {load}; run took "
        f"{(time.perf_counter() - started) / 60:.1f} min",
        "",
        *report(result),
    ]
    print("\n".join(lines))
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
