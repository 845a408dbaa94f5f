"""A replica dies mid-run (SIGKILL, as a crash or an OOM kill would): sessions on the other
replicas go on without a problem; sessions on the dead one lose their websocket, reconnect
through nginx with their cookie, land on a live replica (which the cookie then names) and
get a working page; no request gets a 5xx. The replica is started again on its port: new
browsers reach it again, the moved ones stay where their sessions now live.
Loopback only; bounded in count and time.
"""

from __future__ import annotations

import collections
import threading
import time
import urllib.request

from tests.deploy.client import UPSTREAM_HEADER, ProxiedSession, Tally, cookie_in, route_cookie

SESSIONS = 12
ROUNDS = 4  # reruns per session; the replica is killed after round 1
VIEW = ("map_explorer", "lang=en&indicator=arrivals&period=2022")
DEADLINE_S = 300.0
REJOIN_TIMEOUT_S = 60.0


def get(url: str, cookie: str) -> tuple[int, str, str | None]:
    """Status, the replica that answered, the route cookie nginx set (if it set one)."""
    req = urllib.request.Request(url, headers={"Cookie": f"atlas_route={cookie}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            r.read()
            return r.status, r.headers.get(UPSTREAM_HEADER, ""), cookie_in(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get(UPSTREAM_HEADER, ""), cookie_in(exc.headers)


def browsers_on_each_replica(cluster, per_replica: int) -> dict[str, list[str]]:
    """Route cookies of new browsers, grouped by the replica nginx sends them to."""
    found: dict[str, list[str]] = collections.defaultdict(list)
    for _ in range(200):
        cookie = route_cookie(cluster.url)
        status, upstream, _ = get(f"{cluster.url}/_stcore/health", cookie)
        assert status == 200
        if len(found[upstream]) < per_replica:
            found[upstream].append(cookie)
        if len(found) == len(cluster.replicas) and all(
            len(v) == per_replica for v in found.values()
        ):
            break
    return found


def test_killing_a_replica_moves_its_sessions_and_spares_the_others(cluster, capsys):
    names = dict(zip(cluster.site.upstreams, cluster.site.names))
    by_replica = browsers_on_each_replica(cluster, SESSIONS // len(cluster.replicas))
    assert len(by_replica) == len(cluster.replicas), f"could not place sessions: {by_replica}"
    for addr, cookies in by_replica.items():  # the cookie names the replica that answered
        assert set(cookies) == {names[addr]}, (addr, cookies)
    victim = cluster.replica_of(next(iter(by_replica)))
    assert victim is not None
    users = [(addr, c) for addr, cookies in by_replica.items() for c in cookies]

    tally = Tally()
    survivors_problems: list[str] = []
    moved: dict[int, ProxiedSession] = {}
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
                    # What the browser does: reconnect (its cookie) and run the page again.
                    session = ProxiedSession(cluster.url, session.cookie, timeout_s=120)
                    moved[i] = session
                    seconds, problems = session.rerun(*VIEW)
                if home != victim.address and problems:
                    survivors_problems.extend(f"session {i} on {home}: {p}" for p in problems)
                tally.add(seconds, problems, first=n == 0, label=f"session {i} ({home})")
        except Exception as exc:  # noqa: BLE001
            tally.problem(f"session {i} ({home}): {exc!r}")
        finally:
            if i not in moved:
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
    # Plain HTTP from the dead replica's browsers right after the kill: never a 5xx, and the
    # answer re-points their cookie at the replica that served it.
    victim_cookie = names[victim.address]
    after_kill = [
        get(f"{cluster.url}{path}", victim_cookie)
        for path in ("/", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js") * 2
    ]
    for th in threads:
        th.join(DEADLINE_S + 60)

    try:
        with capsys.disabled():
            print(
                f"\n[failover] killed {victim.address} after round 1 of {ROUNDS}; "
                f"{len(moved)} sessions reconnected to "
                f"{sorted({s.upstream for s in moved.values()})}; {len(tally.reruns)} reruns, "
                f"problems {len(tally.problems)}; HTTP after the kill: "
                f"{collections.Counter(status for status, _, _ in after_kill)}"
            )
        assert not survivors_problems, survivors_problems[:5]
        assert not tally.problems, tally.problems[:5]
        for status, upstream, cookie in after_kill:
            served = cluster.replica_of(upstream)
            assert status < 500 and served not in (None, victim), (status, upstream)
            assert cookie == names[served.address], (upstream, cookie)
        victims = [i for i, (home, _) in enumerate(users) if home == victim.address]
        assert sorted(moved) == victims, f"sessions that reconnected: {sorted(moved)}"
        for session in moved.values():
            now = cluster.replica_of(session.upstream)
            assert now not in (None, victim), session.upstream
            assert session.cookie == names[now.address], (session.cookie, session.upstream)
        restart_and_rejoin(cluster, victim, victim_cookie)
        for session in moved.values():  # no failback: downloads and uploads still reach
            status, upstream, _ = get(f"{cluster.url}/_stcore/health", session.cookie)
            assert status == 200
            assert cluster.replica_of(upstream) is cluster.replica_of(session.upstream)
            assert session.rerun(*VIEW)[1] == []
    finally:
        for session in moved.values():
            session.close()
        if not victim.alive():
            victim.spawn()
            victim.wait_healthy()


def restart_and_rejoin(cluster, victim, cookie: str) -> None:
    """Start the replica again on its port; once nginx's fail_timeout has passed, browsers
    whose cookie names it (new ones, or ones that never reconnected) reach it again."""
    victim.spawn()
    victim.wait_healthy()
    deadline = time.monotonic() + REJOIN_TIMEOUT_S
    upstream = ""
    while time.monotonic() < deadline:
        status, upstream, _ = get(f"{cluster.url}/_stcore/health", cookie)
        assert status == 200, status
        if upstream == victim.address:
            return
        time.sleep(1.0)
    raise AssertionError(f"{victim.address} got no browser back (last: {upstream})")
