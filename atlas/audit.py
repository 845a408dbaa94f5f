"""The audit log: one JSON object per line, appended, never rewritten.

Logins, failed logins, validations, publishes and rollbacks are recorded with who, when and
from where. Only the fields passed are written: callers never pass a password, and
:func:`record` refuses a field whose name says it is one. The file sits beside the database
(``config.audit_path()``), so app replicas and the command line write to the same log; each
record is one ``write`` on a file opened with ``O_APPEND``, which keeps lines whole when several
processes append at once.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from atlas import config

EVENTS = ("login", "login_failed", "login_refused", "logout", "validate", "publish", "rollback")
_FORBIDDEN = ("password", "secret", "token")


def record(event: str, who: str, *, path: Path | None = None, **details: object) -> dict:
    """Append one record; returns it. ``details`` must be JSON-serialisable."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    for name in details:
        if any(word in name.lower() for word in _FORBIDDEN):
            raise ValueError(f"the audit log never holds a {name!r}")
    entry = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "event": event,
        "who": who,
        **details,
    }
    line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    target = Path(path or config.audit_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return entry


def entries(path: Path | None = None) -> Iterator[dict]:
    """Every record, oldest first (a damaged line is skipped, not fatal)."""
    target = Path(path or config.audit_path())
    if not target.exists():
        return
    with open(target, encoding="utf-8") as fh:
        for line in fh:
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


def recent(n: int = 200, path: Path | None = None) -> list[dict]:
    """The newest ``n`` records, newest first."""
    return list(reversed(list(entries(path))[-n:]))
