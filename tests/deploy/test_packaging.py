"""The systemd unit, the Dockerfile and the compose file, checked as far as this machine can
(no Docker engine runs here): the unit passes ``systemd-analyze verify``; the image runs as a
non-root user with no build tools and carries every module the app imports; the compose file
mounts the database read-only into three replicas that nginx's compose config names."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from atlas import serve
from deploy import nginx

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "atlas@.service"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
BUILD_TOOLS = re.compile(r"\b(gcc|g\+\+|build-essential|make|clang|apt-get install)\b")


def unit_options() -> dict[str, str]:
    text = UNIT.read_text(encoding="utf-8").replace("\\\n", " ")
    options = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            options[key.strip()] = " ".join(value.split())
    return options


def test_unit_runs_a_loopback_replica_that_does_not_restart_on_a_bad_database():
    opts = unit_options()
    assert "-m atlas.serve" in opts["ExecStart"] and "--server.port %i" in opts["ExecStart"]
    assert "--server.address 127.0.0.1" in opts["ExecStart"]
    assert opts["RestartPreventExitStatus"] == str(serve.EXIT_BAD_DATABASE)
    assert opts["User"] != "root" and opts["ReadOnlyPaths"] == "/srv/atlas"
    example = (DEPLOY / "atlas.env.example").read_text(encoding="utf-8")
    assert re.search(r"^ATLAS_DB=/srv/atlas/data/atlas\.duckdb$", example, re.M)


def test_unit_passes_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if not analyze:
        pytest.skip("systemd-analyze is not installed")
    # Only the paths of a real server differ: point them at this checkout.
    text = UNIT.read_text(encoding="utf-8").replace(
        "/srv/atlas/app/.venv/bin/python", sys.executable
    )
    (tmp_path / "atlas@.service").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", str(tmp_path / "atlas@8501.service")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    complaints = [line for line in done.stderr.splitlines() if "atlas@" in line]
    assert done.returncode == 0 and not complaints, done.stderr


def final_stage(dockerfile: str) -> list[str]:
    lines = dockerfile.replace("\\\n", " ").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("FROM ")]
    return [line for line in lines[starts[-1] :] if line.strip() and not line.startswith("#")]


def test_image_runs_as_a_user_without_build_tools():
    stage = final_stage(DOCKERFILE.read_text(encoding="utf-8"))
    users = [line.split()[1] for line in stage if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0"), users
    assert not [line for line in stage if BUILD_TOOLS.search(line)], stage
    assert any("atlas.serve" in line for line in stage if line.startswith("CMD"))
    assert any("/_stcore/health" in line for line in stage if line.startswith("HEALTHCHECK"))
    assert "ATLAS_DB=/data/atlas.duckdb" in " ".join(stage)


def copied_paths() -> list[Path]:
    found = []
    for line in final_stage(DOCKERFILE.read_text(encoding="utf-8")):
        if line.startswith("COPY ") and "--from=" not in line:
            sources = [w for w in line.split()[1:-1] if not w.startswith("--")]
            found += [ROOT / s.rstrip("/") for s in sources]
    return found


def test_image_carries_every_module_the_app_imports():
    copied = copied_paths()
    assert all(p.exists() for p in copied), [str(p) for p in copied if not p.exists()]
    in_image = {p.name.removesuffix(".py") for p in copied}
    local = {
        p.name.removesuffix(".py")
        for p in ROOT.iterdir()
        if p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists())
    }
    needed = set()
    for root in copied:
        for path in [root] if root.suffix == ".py" else root.rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module]
                    if isinstance(node, ast.ImportFrom) and node.module and not node.level
                    else []
                )
                needed |= {n.split(".")[0] for n in names} & local
    assert needed <= in_image, f"imported but not copied into the image: {needed - in_image}"


def test_compose_mounts_the_database_read_only_into_three_replicas_behind_nginx():
    compose = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    services = compose["services"]
    replicas = sorted(name for name in services if name.startswith("replica"))
    assert len(replicas) == 3
    for name in replicas:
        svc = services[name]
        assert svc["read_only"] is True
        assert svc["environment"]["ATLAS_DB"] == "/data/atlas.duckdb"
        assert any(v.endswith(":/data:ro") for v in svc["volumes"]), svc["volumes"]
    proxy = services["nginx"]
    assert sorted(proxy["depends_on"]) == replicas
    assert all(d["condition"] == "service_healthy" for d in proxy["depends_on"].values())
    mounted = [v.split(":")[0] for v in proxy["volumes"]]
    assert "./nginx/compose.conf" in mounted and (DEPLOY / "nginx" / "compose.conf").exists()
    # nginx's config names the replicas by the fixed addresses the compose file gives them
    fixed = [services[name]["networks"]["atlas"]["ipv4_address"] for name in replicas]
    site = nginx.examples()["compose.conf"]
    assert [u.rpartition(":")[0] for u in site.upstreams] == fixed
    assert "atlas" in proxy["networks"]
