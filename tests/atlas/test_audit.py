"""The audit log: JSON lines, appended, never a password."""

from __future__ import annotations

import json
import threading

import pytest

from atlas import audit


def test_records_are_appended_as_json_lines(tmp_path):
    log = tmp_path / "audit.jsonl"
    audit.record("login", "Admin SYNTHETIC", path=log, via="password")
    audit.record("publish", "Admin SYNTHETIC", path=log, version="20250101T000000Z", files=["a"])
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["event"] for x in lines] == ["login", "publish"]
    assert json.loads(lines[1])["files"] == ["a"]
    assert [e["event"] for e in audit.recent(10, log)] == ["publish", "login"]


def test_earlier_records_are_never_rewritten(tmp_path):
    log = tmp_path / "audit.jsonl"
    audit.record("login", "a", path=log)
    first = log.read_bytes()
    audit.record("logout", "a", path=log)
    assert log.read_bytes().startswith(first)


@pytest.mark.parametrize("field", ["password", "admin_password", "client_secret", "id_token"])
def test_secret_fields_are_refused(tmp_path, field):
    log = tmp_path / "audit.jsonl"
    with pytest.raises(ValueError, match="never holds"):
        audit.record("login_failed", "a", path=log, **{field: "SYNTHETIC"})
    assert not log.exists()


def test_unknown_event_refused(tmp_path):
    with pytest.raises(ValueError):
        audit.record("delete_everything", "a", path=tmp_path / "x.jsonl")


def test_concurrent_appends_keep_lines_whole(tmp_path):
    log = tmp_path / "audit.jsonl"

    def write(i: int) -> None:
        for j in range(50):
            audit.record("validate", f"writer {i}", path=log, n=j, files=["x" * 500])

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 400
    assert all(json.loads(x)["event"] == "validate" for x in lines)


def test_a_damaged_line_is_skipped(tmp_path):
    log = tmp_path / "audit.jsonl"
    audit.record("login", "a", path=log)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    audit.record("logout", "a", path=log)
    assert [e["event"] for e in audit.entries(log)] == ["login", "logout"]
