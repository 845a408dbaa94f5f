"""Load: 20 concurrent browser-free sessions on Streamlit's own websocket, on loopback, bounded
in count and time → 0 errors. Rerun latency p50/p95 is printed (figures, not assertions).

Real sessions against the real server (``streamlit run dashboard.py``), not AppTest: AppTest
instances share process-wide state and are not meant to run in parallel threads.
"""

from __future__ import annotations

import statistics
import threading
import time

import pytest

from tests.e2e.server import StreamlitServer, WsSession

SESSIONS = 20
RERUNS_PER_SESSION = 3
DEADLINE_S = 240.0  # a bound, not a performance target: the test stops, it does not fail
VIEWS = [  # (page, query) a user goes through: map, another indicator, a measure, a table page
    ("map_explorer", "lang=en"),
    ("map_explorer", "lang=en&indicator=arrivals&period=2022"),
    ("map_explorer", "lang=el&indicator=arrivals&period=2022&measure=per_1000&region=EL54"),
    ("data_sources", "lang=en"),
]


@pytest.fixture(scope="module")
def server(built_db, tmp_path_factory):
    log = tmp_path_factory.mktemp("load") / "streamlit.log"
    with StreamlitServer(db=built_db, log_path=log) as srv:
        yield srv


def test_twenty_concurrent_sessions_without_errors(server, capsys):
    latencies: list[float] = []
    first_runs: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + DEADLINE_S
    start = threading.Barrier(SESSIONS)

    def user(i: int) -> None:
        try:
            session = WsSession(server.port, timeout_s=120)
        except Exception as exc:  # noqa: BLE001 - a refused connection is an error
            with lock:
                problems.append(f"session {i}: connect: {exc!r}")
            return
        try:
            start.wait(60)
            for n in range(RERUNS_PER_SESSION):
                if time.monotonic() > deadline:
                    break
                page, query = VIEWS[(i + n) % len(VIEWS)]
                seconds, found = session.rerun(page, query)
                with lock:
                    (first_runs if n == 0 else latencies).append(seconds)
                    problems.extend(f"session {i} {page}?{query}: {p}" for p in found)
        except Exception as exc:  # noqa: BLE001
            with lock:
                problems.append(f"session {i}: {exc!r}")
        finally:
            session.close()

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(SESSIONS)]
    began = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(DEADLINE_S + 120)
    elapsed = time.perf_counter() - began
    rss = server.rss_kb()

    def pct(values: list[float], q: float) -> float:
        return sorted(values)[max(0, int(round(q * len(values))) - 1)] if values else float("nan")

    with capsys.disabled():
        print(
            f"\n[load] {SESSIONS} websocket sessions, {len(first_runs)} first runs + "
            f"{len(latencies)} reruns in {elapsed:.1f}s on loopback; "
            f"first run p50 {statistics.median(first_runs or [float('nan')]):.2f}s; "
            f"rerun p50 {pct(latencies, 0.5):.2f}s p95 {pct(latencies, 0.95):.2f}s; "
            f"server RSS {rss.get('VmRSS', 0) / 1024:.0f} MiB "
            f"(peak {rss.get('VmHWM', 0) / 1024:.0f} MiB); errors {len(problems)}"
        )
    assert not problems, problems[:10]
    assert first_runs, "no session ran"
