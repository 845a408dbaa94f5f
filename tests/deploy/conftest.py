"""Deployment fixtures: one local cluster (3 replicas of ``python -m atlas.serve`` behind a
generated nginx on loopback ports) for the whole package, serving a live copy of the fixture
database that the republish test may swap. Replicas and nginx are stopped at the end.

No nginx → the tests skip with the reason; with ATLAS_REQUIRE_NGINX=1 (CI) they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPLICAS = 3


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


@pytest.fixture(scope="session")
def nginx_path() -> str:
    path = nginx_binary()
    if path:
        return path
    reason = "nginx is not installed"
    if os.environ.get("ATLAS_REQUIRE_NGINX") == "1":
        pytest.fail(f"{reason} — and ATLAS_REQUIRE_NGINX=1 says deploy tests must run")
    pytest.skip(f"{reason}; install it with: apt-get install nginx")


@pytest.fixture(scope="package")
def live_db(built_db, tmp_path_factory) -> Path:
    """The published database all replicas read (a copy: the republish test swaps it)."""
    folder = tmp_path_factory.mktemp("published")
    dest = folder / "atlas.duckdb"
    shutil.copyfile(built_db, dest)
    return dest


@pytest.fixture(scope="package")
def cluster(nginx_path, live_db, tmp_path_factory):
    from deploy.cluster import Cluster

    workdir = tmp_path_factory.mktemp("cluster")
    c = Cluster(REPLICAS, live_db, workdir=workdir, upstream_header=True)
    c.start()
    try:
        yield c
    finally:
        c.stop()
        for r in c.replicas:  # the replica logs help when a test failed
            if r.log_path and r.log_path.exists():
                errors = [
                    line
                    for line in r.log_path.read_text(errors="replace").splitlines()
                    if "Traceback" in line or " ERROR " in line
                ]
                if errors:
                    print(f"\n[cluster] {r.address}: {len(errors)} error lines, e.g. {errors[0]}")
