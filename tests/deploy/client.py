"""A browser-free client through nginx: fetch the page first (nginx sets the route cookie),
then open Streamlit's websocket with that cookie, as a browser tab does. Reuses the load
test's session (tests/e2e/server.py) for the protocol. No pytest here (bench uses it too).
"""

from __future__ import annotations

import http.cookies
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence

from deploy.nginx import ROUTE_COOKIE
from tests.e2e.server import WsSession

UPSTREAM_HEADER = "X-Atlas-Upstream"


def cookie_in(headers, name: str = ROUTE_COOKIE) -> str | None:
    """The value a response's Set-Cookie headers give ``name``, if any."""
    for header in headers.get_all("Set-Cookie") or []:
        jar = http.cookies.SimpleCookie(header)
        if name in jar:
            return jar[name].value
    return None


def route_cookie(base_url: str, timeout_s: float = 30.0) -> str:
    """The route cookie nginx gives a new browser on its first page load."""
    with urllib.request.urlopen(f"{base_url}/", timeout=timeout_s) as r:
        value = cookie_in(r.headers)
    if value is None:
        raise AssertionError(f"nginx set no {ROUTE_COOKIE} cookie on {base_url}/")
    return value


class _Recorder:
    """Keeps every frame a websocket receives, for the current run's checks."""

    def __init__(self, ws) -> None:
        self._ws = ws
        self.frames: list[bytes] = []

    def recv(self, timeout=None):
        data = self._ws.recv(timeout=timeout)
        self.frames.append(data)
        return data

    def __getattr__(self, name):
        return getattr(self._ws, name)


class ProxiedSession(WsSession):
    """One Streamlit session through the proxy. ``upstream`` is the replica nginx chose
    (from the X-Atlas-Upstream header the local cluster adds)."""

    def __init__(self, base_url: str, cookie: str, timeout_s: float = 60.0) -> None:
        from websockets.sync.client import connect

        self.timeout_s = timeout_s
        ws_url = base_url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        self._connect = connect(
            f"{ws_url}/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Cookie": f"{ROUTE_COOKIE}={cookie}"},
            open_timeout=timeout_s,
            max_size=None,
            compression=None,
            proxy=None,
        )
        ws = self._connect.__enter__()
        self.upstream = ws.response.headers.get(UPSTREAM_HEADER, "")
        # A browser keeps a cookie set on the websocket handshake too (nginx re-routes a
        # browser whose replica died this way).
        self.cookie = cookie_in(ws.response.headers) or cookie
        self.ws = _Recorder(ws)
        self.bytes_received = 0

    def rerun_bytes(self, page: str, query: str = "") -> tuple[float, list[str], bytes]:
        """``rerun`` plus every byte the run sent (to look for what data it showed)."""
        self.ws.frames.clear()
        seconds, problems = self.rerun(page, query)
        return seconds, problems, b"".join(self.ws.frames)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (as the load test computes it)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, int(round(q * len(ordered))) - 1)]


class Tally:
    """Thread-safe lists of latencies and problems for a load run."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.first: list[float] = []
        self.reruns: list[float] = []
        self.problems: list[str] = []

    def add(self, seconds: float, problems: list[str], *, first: bool, label: str) -> None:
        with self.lock:
            (self.first if first else self.reruns).append(seconds)
            self.problems.extend(f"{label}: {p}" for p in problems)

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


def closed_loop(
    connect: Callable[[int], WsSession],
    sessions: int,
    reruns: int,
    views: Sequence[tuple[str, str]],
    deadline_s: float,
) -> tuple[Tally, dict[int, str]]:
    """``sessions`` users at once, each a first run then ``reruns`` reruns back to back (no
    think time: the worst case), going through ``views`` in turn. Returns the latencies and
    problems, and where each session landed (``upstream``, when the session knows it)."""
    tally = Tally()
    placed: dict[int, str] = {}
    deadline = time.monotonic() + deadline_s
    start = threading.Barrier(sessions)

    def user(i: int) -> None:
        try:
            session = connect(i)
        except Exception as exc:  # noqa: BLE001 - a refused connection is an error
            tally.problem(f"session {i}: connect: {exc!r}")
            start.abort()
            return
        placed[i] = getattr(session, "upstream", "")
        try:
            start.wait(120)
            for n in range(reruns + 1):
                if time.monotonic() > deadline:
                    break
                page, query = views[(i + n) % len(views)]
                seconds, problems = session.rerun(page, query)
                tally.add(seconds, problems, first=n == 0, label=f"session {i} {page}?{query}")
        except Exception as exc:  # noqa: BLE001
            tally.problem(f"session {i}: {exc!r}")
        finally:
            session.close()

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(sessions)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(deadline_s + 180)
    return tally, placed
