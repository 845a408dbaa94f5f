"""Every problem of a run, sorted the way the loader has always reported them."""

from __future__ import annotations

from etl.errors import EtlError

MAX_PROBLEMS = 200  # listed per run; the rest are counted


class Problems:
    """Every problem of a run, each with a sort key (file, phase, column, check, line)."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.items: list[tuple[tuple, EtlError]] = []
        self.omitted = 0

    def add(self, key: tuple, error: EtlError) -> None:
        self.items.append((key, error))

    def __bool__(self) -> bool:
        return bool(self.items)

    def error(self) -> EtlError:
        items = sorted(self.items, key=lambda item: item[0])
        first = items[0][1]
        listed = [e for _, e in items[1 : self.cap]]
        first.more = listed
        first.omitted = self.omitted + max(0, len(items) - self.cap)
        return first
