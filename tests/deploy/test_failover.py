"""A replica dies mid-run (SIGKILL, as a crash or an OOM kill would): sessions on the other
replicas go on without a problem; sessions on the dead one lose their websocket, reconnect
through nginx with the same cookie, land on a live replica and get a working page; no
request gets a 5xx. Then the replica is started again on its port and nginx sends its
browsers back to it. Loopback only; bounded in count and time.
"""

from __future__ import annotations

import collections
import threading
import time
import urllib.request

from tests.deploy.client import UPSTREAM_HEADER, ProxiedSession, Tally, route_cookie

SESSIONS = 12
ROUNDS = 4  # reruns per session; the replica is killed after round 1
VIEW = ("map_explorer", "lang=en&indicator=arrivals&period=2022")
DEADLINE_S = 300.0
REJOIN_TIMEOUT_S = 60.0


def get(url: str, cookie: str) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"Cookie": f"atlas_route={cookie}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            return r.status, r.headers.get(UPSTREAM_HEADER, "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get(UPSTREAM_HEADER, "")


def cookies_on_each_replica(cluster, per_replica: int) -> dict[str, list[str]]:
    """Route cookies grouped by the replica nginx sends them to (asked, not assumed)."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    for _ in range(200):
        cookie = route_cookie(cluster.url)
        _, upstream = get(f"{cluster.url}/_stcore/health", cookie)
        if len(found[upstream]) < per_replica:
            found[upstream].append(cookie)
        if len(found) == len(cluster.replicas) and all(
            len(v) == per_replica for v in found.values()
        ):
            break
    return found


def test_killing_a_replica_moves_its_sessions_and_spares_the_others(cluster, capsys):
    per_replica = SESSIONS // len(cluster.replicas)
    by_replica = cookies_on_each_replica(cluster, per_replica)
    assert len(by_replica) == len(cluster.replicas), f"could not place sessions: {by_replica}"
    victim = cluster.replica_of(next(iter(by_replica)))
    assert victim is not None
    users = [(addr, c) for addr, cookies in by_replica.items() for c in cookies]

    tally = Tally()
    survivors_problems: list[str] = []
    moved: dict[int, str] = {}
    round_one = threading.Barrier(len(users) + 1)
    killed = threading.Event()
    deadline = time.monotonic() + DEADLINE_S

    def user(i: int, home: str, cookie: str) -> None:
        session = ProxiedSession(cluster.url, cookie, timeout_s=120)
        try:
            assert session.upstream == home, (session.upstream, home)
            for n in range(ROUNDS):
                if n == 1:
                    round_one.wait(DEADLINE_S)  # everyone ran once …
                    killed.wait(DEADLINE_S)  # … then one replica dies
                if time.monotonic() > deadline:
                    break
                try:
                    seconds, problems = session.rerun(*VIEW)
                except Exception as exc:  # noqa: BLE001 - the websocket of the dead replica
                    if home != victim.address:
                        survivors_problems.append(f"session {i} on {home}: {exc!r}")
                        return
                    session.close()
                    # What the browser does: reconnect (same cookie) and run the page again.
                    session = ProxiedSession(cluster.url, cookie, timeout_s=120)
                    moved[i] = session.upstream
                    seconds, problems = session.rerun(*VIEW)
                if home != victim.address and problems:
                    survivors_problems.extend(f"session {i} on {home}: {p}" for p in problems)
                tally.add(seconds, problems, first=n == 0, label=f"session {i} ({home})")
        except Exception as exc:  # noqa: BLE001
            tally.problem(f"session {i} ({home}): {exc!r}")
        finally:
            session.close()

    threads = [
        threading.Thread(target=user, args=(i, home, cookie), daemon=True)
        for i, (home, cookie) in enumerate(users)
    ]
    for th in threads:
        th.start()
    round_one.wait(DEADLINE_S)
    victim.kill()
    killed.set()
    # Plain HTTP from the dead replica's browsers right after the kill: never a 5xx.
    victim_cookies = by_replica[victim.address]
    statuses = [
        get(f"{cluster.url}{path}", c)
        for c in victim_cookies
        for path in ("/", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js")
    ]
    for th in threads:
        th.join(DEADLINE_S + 60)

    try:
        with capsys.disabled():
            print(
                f"\n[failover] killed {victim.address} (pid group) after round 1 of {ROUNDS}; "
                f"{len(moved)} sessions reconnected to {sorted(set(moved.values()))}; "
                f"{len(tally.reruns)} reruns, problems {len(tally.problems)}; HTTP after the "
                f"kill: {collections.Counter(s for s, _ in statuses)}"
            )
        assert not survivors_problems, survivors_problems[:5]
        assert not tally.problems, tally.problems[:5]
        assert all(status < 500 for status, _ in statuses), statuses
        assert all(cluster.replica_of(up) not in (None, victim) for _, up in statuses), statuses
        victims = [i for i, (home, _) in enumerate(users) if home == victim.address]
        assert sorted(moved) == victims, f"sessions that reconnected: {moved}, expected {victims}"
        assert all(cluster.replica_of(up) not in (None, victim) for up in moved.values()), moved
    finally:
        restart_and_rejoin(cluster, victim, victim_cookies[0])


def restart_and_rejoin(cluster, victim, cookie: str) -> None:
    """Start the replica again on its port; once nginx's fail_timeout has passed, the
    browsers whose cookie hashes to it are sent back to it."""
    victim.spawn()
    victim.wait_healthy()
    deadline = time.monotonic() + REJOIN_TIMEOUT_S
    upstream = ""
    while time.monotonic() < deadline:
        status, upstream = get(f"{cluster.url}/_stcore/health", cookie)
        assert status == 200, status
        if upstream == victim.address:
            return
        time.sleep(1.0)
    raise AssertionError(f"{victim.address} did not get its browsers back (last: {upstream})")
