"""40 concurrent websocket sessions through nginx, spread by the route cookie over 3 replicas:
0 errors, every replica used. Latency and memory per replica are printed (figures, not
assertions). Loopback only; bounded in count and time.
"""

from __future__ import annotations

import collections
import os
import time

from tests.deploy.client import ProxiedSession, closed_loop, percentile, route_cookie
from tests.reliability.test_load import VIEWS

SESSIONS = 40
RERUNS_PER_SESSION = 2
DEADLINE_S = 300.0  # a bound, not a performance target: the run stops, it does not fail


def test_forty_sessions_over_three_replicas_without_errors(cluster, capsys):
    load_before = os.getloadavg()
    began = time.perf_counter()
    tally, placed = closed_loop(
        lambda i: ProxiedSession(cluster.url, route_cookie(cluster.url), timeout_s=180),
        SESSIONS,
        RERUNS_PER_SESSION,
        VIEWS,
        DEADLINE_S,
    )
    elapsed = time.perf_counter() - began
    per_replica = collections.Counter(placed.values())
    lines = []
    for r in cluster.replicas:
        rss = r.rss_kb()
        lines.append(
            f"  {r.address}: {per_replica.get(r.address, 0)} sessions, "
            f"RSS {rss.get('VmRSS', 0) / 1024:.0f} MiB (peak {rss.get('VmHWM', 0) / 1024:.0f} MiB)"
        )
    with capsys.disabled():
        print(
            f"\n[cluster load] {SESSIONS} sessions through nginx over {len(cluster.replicas)} "
            f"replicas, {len(tally.first)} first runs + {len(tally.reruns)} reruns in "
            f"{elapsed:.1f}s; first run p50 {percentile(tally.first, 0.5):.2f}s "
            f"p95 {percentile(tally.first, 0.95):.2f}s; rerun p50 "
            f"{percentile(tally.reruns, 0.5):.2f}s p95 {percentile(tally.reruns, 0.95):.2f}s; "
            f"errors {len(tally.problems)}; load average before "
            f"{load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}\n" + "\n".join(lines)
        )
    assert not tally.problems, tally.problems[:10]
    assert len(tally.first) == SESSIONS, "not every session ran"
    unknown = set(placed.values()) - {r.address for r in cluster.replicas}
    assert not unknown, f"sessions placed on unknown upstreams: {unknown}"
    idle = [r.address for r in cluster.replicas if not per_replica.get(r.address)]
    assert not idle, f"the route cookie sent no session to {idle}: {dict(per_replica)}"
