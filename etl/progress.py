"""Progress of long reads: DuckDB runs the query, this reports rows and rows/s as it goes.

``build(..., ticker=...)`` calls the ticker with (label, rows so far, rows expected) while a
file is read; ``rich_ticker()`` draws that as a bar on a terminal (``python -m etl``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

import duckdb

Ticker = Callable[[str, int, int | None], None]
POLL_S = 0.2


def run_with_progress(
    con: duckdb.DuckDBPyConnection, sql: str, label: str, total: int | None, ticker: Ticker
) -> None:
    """Run ``sql`` on ``con`` in a worker thread and report DuckDB's progress (a share of
    the bytes read) as rows, estimated from ``total``. Errors propagate; Ctrl-C interrupts
    the query."""
    outcome: dict[str, BaseException] = {}

    def work() -> None:
        try:
            con.execute(sql)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="etl-read", daemon=True)
    worker.start()
    ticker(label, 0, total)
    try:
        while worker.is_alive():
            worker.join(POLL_S)
            with contextlib.suppress(duckdb.Error):
                share = con.query_progress()
                if share >= 0 and total:
                    ticker(label, int(total * min(share, 100.0) / 100.0), total)
    except KeyboardInterrupt:
        con.interrupt()
        worker.join()
        raise
    if "error" in outcome:
        raise outcome["error"]
    if total:
        ticker(label, total, total)


@contextlib.contextmanager
def rich_ticker(console=None) -> Iterator[Ticker]:
    """A ticker drawing one bar per file (on stderr unless ``console`` is given): rows read,
    rows/s, time left."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:>12,.0f} rows"),
        TextColumn("{task.fields[rate]:>10} rows/s"),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=False,
    )
    tasks: dict[str, tuple[int, float]] = {}

    def tick(label: str, done: int, total: int | None) -> None:
        if label not in tasks:
            tasks[label] = (progress.add_task(label, total=total, rate="…"), time.monotonic())
        task, began = tasks[label]
        elapsed = max(time.monotonic() - began, 1e-6)
        progress.update(task, completed=done, total=total, rate=f"{done / elapsed:,.0f}")

    with progress:
        yield tick
