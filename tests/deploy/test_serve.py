"""A replica never starts half-working: ``python -m atlas.serve`` with a missing or invalid
``ATLAS_DB`` exits 2 with one line naming the file and the fix, and listens on nothing; the
local cluster refuses to start nginx in front of it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from deploy.cluster import Cluster, free_port

ROOT = Path(__file__).resolve().parents[2]


def bad_databases(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "text.duckdb"
    text.write_text("not a database\n")
    other = tmp_path / "other.duckdb"
    with duckdb.connect(str(other)) as con:  # a DuckDB file, but not an atlas build
        con.execute("create table notes (x int)")
    folder = tmp_path / "folder.duckdb"
    folder.mkdir()
    return {
        "missing": tmp_path / "nope" / "atlas.duckdb",
        "not duckdb": text,
        "other database": other,
        "folder": folder,
    }


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def serve_refused(path: Path) -> tuple[str, int]:
    """``python -m atlas.serve`` with ATLAS_DB=path: it must exit 2 with one line on stderr
    and nothing on stdout; returns the line and the port it was given."""
    port = free_port()
    done = subprocess.run(
        [sys.executable, "-m", "atlas.serve", "--server.port", str(port)],
        cwd=ROOT,
        env={**os.environ, "ATLAS_DB": str(path), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-500:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "Traceback" not in done.stderr and done.stdout == ""
    return lines[0], port


@pytest.mark.parametrize("kind", ["missing", "not duckdb", "other database", "folder"])
def test_bad_atlas_db_stops_the_replica_with_one_clear_line(tmp_path, kind):
    path = bad_databases(tmp_path)[kind]
    line, port = serve_refused(path)
    assert str(path) in line and "python -m etl" in line and "ATLAS_DB" in line
    assert not listening(port)


def test_cluster_does_not_start_nginx_in_front_of_a_bad_replica(nginx_path, tmp_path):
    bad = bad_databases(tmp_path)["other database"]
    cluster = Cluster(1, bad, workdir=tmp_path / "cluster")
    with pytest.raises(RuntimeError, match="not a valid atlas database"):
        cluster.start()
    assert not cluster.nginx.alive() and cluster.nginx.proc is None
    assert not listening(cluster.port)
    assert not any(r.alive() for r in cluster.replicas)


def test_the_page_shell_declares_greek_and_follows_the_url(tmp_path):
    """Streamlit's own index.html says lang="en" until the app's first element renders; the
    shell atlas.serve hands Streamlit declares Greek and reads ?lang= before anything draws
    (issue 25). Everything else in the static folder is Streamlit's own file."""
    from atlas import serve

    source = tmp_path / "static"
    (source / "static" / "js").mkdir(parents=True)
    (source / "static" / "js" / "main.js").write_text("x")
    (source / "favicon.png").write_bytes(b"png")
    (source / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>S</title></head><body></body></html>'
    )
    shell = serve.shell_static_dir(source, tmp_path)
    index = (shell / "index.html").read_text()
    assert '<html lang="el">' in index and 'lang="en"' not in index
    assert index.index("URLSearchParams") < index.index("<title>")  # in the head, first
    assert "http" not in serve.SHELL_LANG_SCRIPT  # nothing fetched
    assert (shell / "favicon.png").read_bytes() == b"png"
    assert (shell / "static" / "js" / "main.js").read_text() == "x"
    assert (source / "index.html").read_text().count('lang="en"') == 1  # original untouched
    assert serve.shell_static_dir(source, tmp_path) == shell  # built once
    # a changed patch (a newer atlas) gets a folder of its own, never the old page
    patched = serve.shell_html
    serve.shell_html = lambda text, lang="el": patched(text, lang).replace("<title>", "<t2>")
    try:
        newer = serve.shell_static_dir(source, tmp_path)
    finally:
        serve.shell_html = patched
    assert newer != shell and "<t2>" in (newer / "index.html").read_text()
    with pytest.raises(ValueError):
        serve.shell_html("<body></body>")


def test_a_database_of_an_older_version_stops_the_server_with_one_clear_line(old_db):
    """The case found on 2026-12-06: a database built before the sources mart had
    publisher_el killed the server with a DuckDB traceback from the warm-up."""
    line, port = serve_refused(old_db)
    assert str(old_db) in line and "older version" in line
    assert "rebuild it with `python -m etl`" in line
    assert not listening(port)
