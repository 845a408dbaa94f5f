"""Errors that the ETL reports to a person: always say where (file, line, column) and what."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class EtlError(Exception):
    """A problem in an input file. ``line`` is the 1-based line (CSV) or row (XLSX)."""

    message: str
    file: str | Path | None = None
    line: int | None = None
    column: str | None = None
    value: object = None
    hint: str | None = None
    suggestions: list[str] = field(default_factory=list)
    sheet: str | None = None  # the workbook's sheet (XLSX)
    # Further problems found in the same run (a check that sees every bad row reports them
    # all; the upload page lists them as a table). ``problems`` is this one first, then these.
    more: list[EtlError] = field(default_factory=list)
    # How many further problems were found but not listed in ``more`` (it is capped).
    omitted: int = 0

    @property
    def problems(self) -> list[EtlError]:
        return [self, *self.more]

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            where.append(f"file {Path(self.file).name}")
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value is not None and self.value != "":
            shown = str(self.value)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            text += f" (value: {shown!r})"
        if self.suggestions:
            text += "; did you mean: " + ", ".join(self.suggestions) + "?"
        if self.hint:
            text += f". {self.hint}"
        return text


class ContractError(EtlError):
    """A data contract failed after loading (keys, references, ranges)."""
