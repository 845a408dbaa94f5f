"""A publish and a rollback while 10 readers browse: no reader sees an error.

Real sessions on Streamlit's websocket (tests.e2e.server.WsSession) against a real server
reading a copy of the bundled database; the publish runs in this process on the same file,
as another replica or the page of another administrator would. Uploads are SYNTHETIC.
"""

from __future__ import annotations

import shutil
import threading
import time

import pytest

from etl import publish, versions
from tests import synthetic_upload as up
from tests.e2e.server import StreamlitServer, WsSession

READERS = 10
DEADLINE_S = 300.0  # a bound so the test ends; it never asserts a duration
VIEWS = [
    ("map_explorer", "lang=en"),
    ("map_explorer", f"lang=en&indicator={up.INDICATOR}&period=2024"),
    ("", "lang=el"),  # the overview (the default page)
    ("region_profile", "lang=en&region=EL54"),
    ("data_sources", "lang=en"),
]


@pytest.fixture
def server(bundled_db, tmp_path):
    live = tmp_path / "data" / "atlas.duckdb"
    live.parent.mkdir()
    shutil.copyfile(bundled_db, live)
    with StreamlitServer(db=live, log_path=tmp_path / "streamlit.log") as srv:
        srv.live = live  # type: ignore[attr-defined]
        yield srv


def test_publish_and_rollback_while_ten_readers_browse(server):
    live = server.live
    staged = publish.stage(up.first_upload(), "tester SYNTHETIC", db_path=live)
    assert staged.ok, [str(p) for p in staged.problems]
    problems: list[str] = []
    runs_after: list[int] = [0] * READERS
    lock = threading.Lock()
    phase = {"n": 0}  # 0 before the publish, 1 after it, 2 after the rollback
    started = threading.Barrier(READERS + 1)
    deadline = time.monotonic() + DEADLINE_S

    def reader(i: int) -> None:
        session = None
        try:
            session = WsSession(server.port, timeout_s=120)
            n = 0
            page, query = VIEWS[i % len(VIEWS)]
            _, found = session.rerun(page, query)
            with lock:
                problems.extend(f"reader {i} {page}: {p}" for p in found)
            started.wait(120)
            # keep browsing until this reader has done two views after the rollback
            while runs_after[i] < 2 and time.monotonic() < deadline:
                seen = phase["n"]
                page, query = VIEWS[(i + n) % len(VIEWS)]
                _, found = session.rerun(page, query)
                n += 1
                with lock:
                    problems.extend(f"reader {i} {page}?{query} (phase {seen}): {p}" for p in found)
                    if seen == 2:
                        runs_after[i] += 1
        except Exception as exc:  # noqa: BLE001 - a broken session is an error
            with lock:
                problems.append(f"reader {i}: {exc!r}")
        finally:
            if session is not None:
                session.close()

    threads = [threading.Thread(target=reader, args=(i,), daemon=True) for i in range(READERS)]
    for th in threads:
        th.start()
    started.wait(180)
    time.sleep(1.0)  # readers are mid-rerun
    done = publish.publish(staged.version, "tester SYNTHETIC", db_path=live)
    phase["n"] = 1
    assert versions.live_version(live) == done["version"]
    time.sleep(2.0)
    versions.rollback(done["previous"], "tester SYNTHETIC", db_path=live)
    phase["n"] = 2
    for th in threads:
        th.join(DEADLINE_S + 60)
    assert problems == []
    assert all(n >= 2 for n in runs_after), runs_after  # everyone kept reading to the end
