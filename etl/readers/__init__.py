"""Stage a CSV or XLSX file in DuckDB as text: one row per data row, with its line.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1253 or ISO-8859-7; ',' ';' or
tab delimited. A ';'-delimited file uses Greek number format (1.234,5), as Greek Excel writes.
DuckDB's own reader parses the file (``read_csv(all_varchar)``); other encodings are first
copied to UTF-8 in chunks, so memory stays flat however long the file is.

XLSX: the first sheet, read in openpyxl's read-only (streaming) mode after the archive's
declared size and part count were checked, written out as a UTF-8 CSV that carries each
row's number, then staged like any CSV. Cells keep what Excel shows: a percentage cell
(0.45 shown as 45%) becomes ``45%``, a date formatted ``mmm-yy`` becomes a month.

``_line`` is the row as a spreadsheet shows it (for a CSV without multi-line cells: the line
in a text editor); line 1 is the header.

The package: ``formats`` (what a staged file is; a CSV's encoding, delimiter and header
cells), ``header`` (the header checked against the spec), ``csvfile`` (a CSV staged through
DuckDB's reader) and ``xlsx`` (a workbook checked, read and staged as a CSV); here the entry
points ``stage`` and ``drop``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.progress import Ticker
from etl.readers.csvfile import CsvSource, stage_csv
from etl.readers.formats import CsvFormat, Staged, sniff_csv
from etl.readers.xlsx import cell_text, date_precision, sheet_name, stage_xlsx
from etl.schema import FileSpec

__all__ = [
    "CsvFormat",
    "CsvSource",
    "Staged",
    "cell_text",
    "date_precision",
    "sheet_name",
    "drop",
    "sniff_csv",
    "stage",
    "stage_csv",
    "stage_xlsx",
]


def stage(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: FileSpec,
    work: Path,
    name: str,
    ticker: Ticker | None = None,
) -> Staged:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return stage_xlsx(con, path, spec, work, name, ticker)
    if suffix in (".csv", ".tsv", ".txt"):
        return stage_csv(con, CsvSource(read=path, shown=path), spec, work, name, ticker)
    raise EtlError(f"unsupported file type '{suffix}'", file=path, hint="Use .csv or .xlsx")


def drop(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    con.execute(f"drop view if exists {staged.relation}")
    for table in staged.tables:
        con.execute(f"drop table if exists {table}")
