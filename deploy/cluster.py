"""A local cluster for developers and CI: N replicas (``python -m atlas.serve``) and nginx in
front of them, all on loopback ports, with a generated nginx config; stopped cleanly.

``python -m deploy.cluster --replicas 3`` (``make cluster``) runs until Ctrl-C, or for
``--seconds N``. Every process is started in its own process group and stopped by its id:
nothing else on the machine is touched.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from atlas import config
from deploy.nginx import Site, norm_base_path, render_main

ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 15.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop_group(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    """Stop a process we started (its own process group), then reap it."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


def wait_http_ok(url: str, timeout_s: float, alive=lambda: True, context=None) -> None:
    """Poll ``url`` until it answers 200 (``context``: an ssl context for https)."""
    deadline = time.monotonic() + timeout_s
    last: object = None
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError(f"the process serving {url} exited")
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.HTTPError) as exc:
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout_s:.0f}s (last: {last!r})")


class Replica:
    """One ``python -m atlas.serve`` on 127.0.0.1:port."""

    def __init__(
        self,
        port: int,
        db: Path,
        *,
        base_path: str = "",
        log_path: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> None:
        self.port, self.db, self.base_path = port, Path(db), norm_base_path(base_path)
        self.log_path = log_path
        self.env = {**os.environ, **(env or {}), config.DB_ENV_VAR: str(self.db)}
        self.env["PYTHONPATH"] = str(ROOT)
        if self.base_path:
            self.env["STREAMLIT_SERVER_BASE_URL_PATH"] = self.base_path.strip("/")
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.address}{self.base_path}"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "atlas.serve",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            "--browser.serverAddress",
            "127.0.0.1",
            "--server.fileWatcherType",
            "none",
        ]

    def spawn(self) -> Replica:
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_healthy(self, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
        try:
            wait_http_ok(f"{self.url}/_stcore/health", timeout_s, self.alive)
        except RuntimeError as exc:
            raise RuntimeError(f"replica {self.address}: {exc}{self._log_tail()}") from None

    def _log_tail(self) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        lines = self.log_path.read_text(errors="replace").strip().splitlines()
        return ("; log: " + " | ".join(lines[-3:])) if lines else ""

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def rss_kb(self) -> dict[str, int]:
        """Current (VmRSS) and peak (VmHWM) resident memory, KiB, from /proc."""
        out: dict[str, int] = {}
        if not self.alive():
            return out
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    out[key] = int(value.split()[0])
        return out

    def kill(self) -> None:
        """Die the hard way (SIGKILL), as a crashed process would."""
        _stop_group(self.proc, signal.SIGKILL)

    def stop(self) -> None:
        _stop_group(self.proc)
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
            self._log = None


def _nginx_user() -> str | None:
    """Workers of a root nginx drop to an unprivileged user; Debian's is www-data."""
    if os.geteuid() != 0:
        return None
    for name in ("www-data", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    return None


class Nginx:
    """A non-daemon nginx with a generated config under ``prefix`` (pid, logs, temp)."""

    def __init__(self, site: Site, prefix: Path, binary: str | None = None) -> None:
        self.site, self.prefix = site, Path(prefix)
        self.binary = binary or shutil.which("nginx") or "/usr/sbin/nginx"
        self.conf = self.prefix / "nginx.conf"
        self.proc: subprocess.Popen | None = None

    def write_config(self) -> Path:
        user = _nginx_user()
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            path = self.prefix / "tmp" / name
            path.mkdir(parents=True, exist_ok=True)
            if user:
                entry = pwd.getpwnam(user)
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self.conf.write_text(render_main(self.site, self.prefix, user), encoding="utf-8")
        return self.conf

    def _args(self, *extra: str) -> list[str]:
        return [self.binary, "-p", str(self.prefix), "-e", str(self.prefix / "error.log"), *extra]

    def test_config(self) -> subprocess.CompletedProcess:
        return subprocess.run(
            self._args("-t", "-c", str(self.conf)), capture_output=True, text=True, timeout=30
        )

    def start(self) -> Nginx:
        if not Path(self.binary).exists():
            raise RuntimeError("nginx is not installed: apt-get install nginx")
        self.write_config()
        checked = self.test_config()
        if checked.returncode != 0:
            raise RuntimeError(f"nginx -t failed: {checked.stderr.strip()}")
        log = open(self.prefix / "nginx.out", "ab")
        self.proc = subprocess.Popen(
            self._args("-c", str(self.conf), "-g", "daemon off;"),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        _stop_group(self.proc, signal.SIGQUIT)  # graceful: finishes open requests


class Cluster:
    """N replicas + nginx on loopback. ``with Cluster(3, db) as c: c.url``"""

    def __init__(
        self,
        replicas: int = 3,
        db: Path | None = None,
        *,
        port: int | None = None,
        base_path: str = "",
        workdir: Path | None = None,
        tls: tuple[str, str] | None = None,
        upstream_header: bool = False,
        replica_env: dict[str, str] | None = None,
        site_options: dict | None = None,
    ) -> None:
        self.db = Path(db) if db else config.db_path()
        self.base_path = norm_base_path(base_path)
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="atlas_cluster_"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.replicas = [
            Replica(
                free_port(),
                self.db,
                base_path=self.base_path,
                log_path=self.workdir / f"replica{i + 1}.log",
                env=replica_env,
            )
            for i in range(replicas)
        ]
        cert, key = tls or (None, None)
        self.site = Site(
            tuple(r.address for r in self.replicas),
            listen=f"127.0.0.1:{self.port}",
            server_name="localhost",
            base_path=self.base_path,
            tls_cert=cert,
            tls_key=key,
            upstream_header=upstream_header,
            **(site_options or {}),
        )
        self.nginx = Nginx(self.site, self.workdir / "nginx")

    @property
    def url(self) -> str:
        scheme = "https" if self.site.tls else "http"
        return f"{scheme}://127.0.0.1:{self.port}{self.base_path}"

    def start(self) -> Cluster:
        try:
            for r in self.replicas:  # start all, then wait: they boot in parallel
                r.spawn()
            for r in self.replicas:
                r.wait_healthy()
            self.nginx.start()
            # Loopback probe of our own proxy: its certificate may be a local self-signed one.
            context = ssl._create_unverified_context() if self.site.tls else None
            wait_http_ok(f"{self.url}/_stcore/health", 30, self.nginx.alive, context)
        except BaseException:
            self.stop()
            raise
        return self

    def replica_of(self, upstream_addr: str) -> Replica | None:
        """The replica behind an ``X-Atlas-Upstream`` value (the last address tried)."""
        last = upstream_addr.split(",")[-1].strip()
        return next((r for r in self.replicas if r.address == last), None)

    def stop(self) -> None:
        self.nginx.stop()
        for r in self.replicas:
            r.stop()

    def cleanup(self) -> None:
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.cleanup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__)
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--port", type=int, default=8580, help="nginx on 127.0.0.1:PORT")
    parser.add_argument("--db", type=Path, help=f"default: ${config.DB_ENV_VAR} or data/")
    parser.add_argument("--base-path", default="", help="e.g. /atlas")
    parser.add_argument("--seconds", type=float, help="stop by itself after this long")
    parser.add_argument("--workdir", type=Path, help="keep config and logs here")
    args = parser.parse_args(argv)
    cluster = Cluster(
        args.replicas, args.db, port=args.port, base_path=args.base_path, workdir=args.workdir
    )
    stop = {"now": False}

    def on_signal(*_: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        cluster.start()
    except RuntimeError as exc:
        print(f"deploy.cluster: {exc}", file=sys.stderr)
        cluster.cleanup()
        return 1
    print(f"atlas: {cluster.url}/  ({len(cluster.replicas)} replicas:", end=" ")
    print(", ".join(r.address for r in cluster.replicas) + f"; config and logs: {cluster.workdir})")
    print("Ctrl-C stops the cluster.", flush=True)
    deadline = time.monotonic() + args.seconds if args.seconds else None
    try:
        while not stop["now"] and (deadline is None or time.monotonic() < deadline):
            down = [r.address for r in cluster.replicas if not r.alive()]
            if down or not cluster.nginx.alive():
                print(f"deploy.cluster: stopped unexpectedly: {down or 'nginx'}", file=sys.stderr)
                break
            time.sleep(0.5)
    finally:
        cluster.stop()
        if args.workdir is None:
            cluster.cleanup()
        print("cluster stopped", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
