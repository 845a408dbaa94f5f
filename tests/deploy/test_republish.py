"""Republishing the database while sessions rerun: every run shows one build — the old one
or the new one, never parts of both — and no run errors; after the last publish every
session's next run shows the last build.

Two builds of the fixture database differ only in two SYNTHETIC markers read by two
different queries on the data & sources page: the build date (build_info, shown in the
sidebar) and a suffix on every source title (sources, shown in the table). A run that shows
the date of one build and the titles of the other is a mix.
"""

from __future__ import annotations

import shutil
import threading
import time

import duckdb
import pytest

from deploy.publish import publish
from tests.deploy.client import ProxiedSession, Tally, route_cookie

SESSIONS = 9
PUBLISHES = 6  # A, B, A, B, … while the sessions rerun
RERUNS_BETWEEN_PUBLISHES = 6  # completed reruns (all sessions together) between two publishes
VIEW = ("data_sources", "lang=en")
DEADLINE_S = 300.0
BUILDS = {  # name: (built_at, title suffix) — SYNTHETIC markers
    "A": ("2001-01-01T01:01:01+00:00", "[SYNTHETIC build A]"),
    "B": ("2002-02-02T02:02:02+00:00", "[SYNTHETIC build B]"),
}


@pytest.fixture(scope="module")
def builds(built_db, tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("builds")
    out = {}
    for name, (built_at, suffix) in BUILDS.items():
        path = folder / f"{name}.duckdb"
        shutil.copyfile(built_db, path)
        with duckdb.connect(str(path)) as con:
            con.execute("UPDATE build_info SET built_at = ?", [built_at])
            con.execute("UPDATE sources SET title = title || ' ' || ?", [suffix])
            con.execute("CHECKPOINT")
        out[name] = path
    return out


def shown(data: bytes) -> set[str]:
    """Which build's markers a run's bytes carry (date and titles separately)."""
    seen = set()
    for name, (built_at, suffix) in BUILDS.items():
        if built_at[:10].encode() in data:
            seen.add(f"{name}:date")
        if suffix.encode() in data:
            seen.add(f"{name}:titles")
    return seen


def test_republish_during_load_shows_old_or_new_never_a_mix(cluster, live_db, builds, capsys):
    publish(builds["A"], live_db)
    tally = Tally()
    runs: list[tuple[int, int, set[str]]] = []  # session, publishes done before the run, seen
    done = threading.Event()
    progress = threading.Condition()
    completed = {"reruns": 0, "published": 1}
    deadline = time.monotonic() + DEADLINE_S

    def user(i: int) -> None:
        url = cluster.url
        session = ProxiedSession(url, route_cookie(url), timeout_s=120)
        try:
            while not done.is_set() and time.monotonic() < deadline:
                with progress:
                    before = completed["published"]
                seconds, problems, data = session.rerun_bytes(*VIEW)
                tally.add(seconds, problems, first=False, label=f"session {i}")
                with progress:
                    runs.append((i, before, shown(data)))
                    completed["reruns"] += 1
                    progress.notify_all()
            # After the last publish: the next run shows the last build.
            seconds, problems, data = session.rerun_bytes(*VIEW)
            tally.add(seconds, problems, first=True, label=f"session {i} final")
            with progress:
                runs.append((i, -1, shown(data)))
        except Exception as exc:  # noqa: BLE001
            tally.problem(f"session {i}: {exc!r}")
        finally:
            session.close()

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(SESSIONS)]
    for th in threads:
        th.start()
    order = ["A"]
    for n in range(1, PUBLISHES):
        with progress:
            target = completed["reruns"] + RERUNS_BETWEEN_PUBLISHES
            progress.wait_for(
                lambda t=target: completed["reruns"] >= t or time.monotonic() > deadline,
                timeout=DEADLINE_S,
            )
        name = "B" if n % 2 else "A"
        publish(builds[name], live_db)
        order.append(name)
        with progress:
            completed["published"] += 1
    with progress:  # let every session run at least once after the last publish
        target = completed["reruns"] + SESSIONS
        progress.wait_for(lambda: completed["reruns"] >= target, timeout=DEADLINE_S)
    done.set()
    for th in threads:
        th.join(DEADLINE_S)

    last = order[-1]
    mixed = [
        (i, seen)
        for i, _, seen in runs
        if seen not in ({"A:date", "A:titles"}, {"B:date", "B:titles"})
    ]
    final = [seen for i, before, seen in runs if before == -1]
    seen_builds = {next(iter(seen))[0] for _, _, seen in runs if seen}
    with capsys.disabled():
        print(
            f"\n[republish] {PUBLISHES} publishes ({''.join(order)}) during {len(runs)} runs "
            f"of {SESSIONS} sessions on {len(cluster.replicas)} replicas; builds seen "
            f"{sorted(seen_builds)}; mixed or unreadable runs {len(mixed)}; errors "
            f"{len(tally.problems)}"
        )
    assert not tally.problems, tally.problems[:5]
    assert not mixed, mixed[:5]
    assert seen_builds == {"A", "B"}, "the load did not overlap both builds"
    assert len(final) == SESSIONS
    assert all(seen == {f"{last}:date", f"{last}:titles"} for seen in final), final
