"""atlas.db.Published: each build of the published file is read as a whole, the previous one
stays readable until a newer one replaces it, older ones are let go."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from atlas import db


def marked_copy(src: Path, dest: Path, marker: str) -> Path:
    """A copy of the fixture build whose build_info says ``marker`` (SYNTHETIC)."""
    shutil.copyfile(src, dest)
    with duckdb.connect(str(dest)) as con:
        con.execute("UPDATE build_info SET built_at = ?", [marker])
        con.execute("CHECKPOINT")
    return dest


def built_at(published: db.Published, gen: db.Generation) -> str:
    return published.execute(gen, "select built_at from build_info")["built_at"].iloc[0]


@pytest.fixture
def live(built_db, tmp_path) -> Path:
    return marked_copy(built_db, tmp_path / "atlas.duckdb", "build-1")


@pytest.fixture
def published(live):
    p = db.Published(lambda: live)
    yield p
    p.close()


def publish(built_db: Path, live: Path, marker: str) -> None:
    tmp = marked_copy(built_db, live.with_name(f".{marker}.tmp"), marker)
    os.replace(tmp, live)


def test_a_republished_file_is_a_new_build_and_the_old_one_stays_readable(
    built_db, live, published
):
    first = published.current()
    assert published.current() is first  # same file: same build, attached once
    publish(built_db, live, "build-2")
    second = published.current()
    assert second.identity != first.identity
    assert built_at(published, second) == "build-2"
    assert built_at(published, first) == "build-1"  # a run pinned on it finishes on it
    assert published.get(first.identity) is first
    assert published.builds_seen == 2


def test_only_the_last_builds_stay_attached(built_db, live, published):
    first = published.current()
    publish(built_db, live, "build-2")
    published.current()
    publish(built_db, live, "build-3")
    third = published.current()
    assert published.get(first.identity) is None
    assert built_at(published, third) == "build-3"
    with pytest.raises(duckdb.Error):
        published.execute(first, "select 1 from build_info")


def test_missing_and_invalid_files_are_reported_as_such(tmp_path):
    missing = db.Published(lambda: tmp_path / "nope.duckdb")
    with pytest.raises(db.DatabaseUnavailable) as exc:
        missing.current()
    assert exc.value.kind == "missing"
    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    with pytest.raises(db.DatabaseUnavailable) as exc:
        db.Published(lambda: bad).current()
    assert exc.value.kind == "invalid"
    empty = tmp_path / "empty.duckdb"
    with duckdb.connect(str(empty)) as con:
        con.execute("create table x (a int)")
    with pytest.raises(db.DatabaseUnavailable, match="missing tables"):
        db.Published(lambda: empty).current()


def test_queries_from_many_threads_while_the_file_is_republished(built_db, live, published):
    """Readers on the old and the new build at once: no error, each sees one build."""
    problems: list[str] = []
    gens = [published.current()]

    def reader(gen: db.Generation) -> None:
        try:
            for _ in range(30):
                value = built_at(published, gen)
                if value not in ("build-1", "build-2"):
                    problems.append(value)
        except Exception as exc:  # noqa: BLE001
            problems.append(repr(exc))

    threads = [threading.Thread(target=reader, args=(gens[0],)) for _ in range(4)]
    for th in threads:
        th.start()
    publish(built_db, live, "build-2")
    gens.append(published.current())
    more = [threading.Thread(target=reader, args=(gens[1],)) for _ in range(4)]
    for th in more:
        th.start()
    for th in threads + more:
        th.join(60)
    assert not problems, problems[:3]
    assert [built_at(published, g) for g in gens] == ["build-1", "build-2"]


def test_a_symlink_switched_to_another_build_is_a_new_build(built_db, tmp_path):
    """The shared-filesystem layout (docs/deploy.md): builds kept as files, the live path a
    symlink switched atomically; identity follows the link."""
    builds = tmp_path / "builds"
    builds.mkdir()
    one = marked_copy(built_db, builds / "1.duckdb", "build-1")
    two = marked_copy(built_db, builds / "2.duckdb", "build-2")
    live = tmp_path / "atlas.duckdb"
    live.symlink_to(one)
    published = db.Published(lambda: live)
    try:
        first = published.current()
        tmp_link = tmp_path / ".atlas.duckdb.link"
        tmp_link.symlink_to(two)
        os.replace(tmp_link, live)
        second = published.current()
        assert (built_at(published, first), built_at(published, second)) == ("build-1", "build-2")
    finally:
        published.close()


def test_a_database_of_another_schema_is_outdated_not_read(built_db, old_db, tmp_path):
    """A build without schema_version (before versions were recorded; the sources mart then
    had no publisher_el) or with another version is refused with the reason, by a plain
    connection and by the server's published builds alike; this version's build is read."""
    from tests.conftest import older_build

    newer = older_build(built_db, tmp_path / "newer.duckdb", db.SCHEMA_VERSION + 1)
    for path, word, found in ((old_db, "an older", 0), (newer, "a newer", db.SCHEMA_VERSION + 1)):
        for open_it in (db.connect, lambda p: db.Published(lambda: p).current()):
            with pytest.raises(db.DatabaseUnavailable) as exc:
                open_it(path)
            assert exc.value.kind == "outdated"
            assert f"by {word} version" in exc.value.detail
            assert f"schema {found}, this version reads {db.SCHEMA_VERSION}" in exc.value.detail
        assert db.problem(path).kind == "outdated"
    db.connect(built_db).close()
    assert db.problem(built_db) is None
    assert db.problem(tmp_path / "none.duckdb").kind == "missing"
