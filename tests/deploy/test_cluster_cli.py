"""``python -m deploy.cluster`` (``make cluster``): starts replicas and nginx, serves through
nginx, and with ``--seconds`` stops everything by itself, leaving no process behind."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from deploy.cluster import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_cluster_command_serves_then_stops_by_itself(nginx_path, live_db, tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "deploy.cluster", "--replicas", "1", "--port", str(port)]
        + ["--db", str(live_db), "--seconds", "5", "--workdir", str(tmp_path / "c")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        first = proc.stdout.readline()  # printed once nginx answers
        match = re.match(r"atlas: (http://127\.0\.0\.1:\d+)/ ", first)
        assert match, first
        with urllib.request.urlopen(f"{match.group(1)}/_stcore/health", timeout=30) as r:
            assert r.status == 200
        rest = proc.communicate(timeout=120)[0]
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, 9)
            proc.wait(10)
    assert proc.returncode == 0, rest
    assert rest.strip().endswith("cluster stopped")
    assert not (tmp_path / "c" / "nginx" / "nginx.pid").exists(), "nginx still running?"
    replicas = [int(p) for p in re.findall(r"127\.0\.0\.1:(\d+)", first)]
    assert len(replicas) == 2  # nginx, then the one replica
    assert not [p for p in replicas if listening(p)], "a process still listens"


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
