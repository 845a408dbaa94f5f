"""A workbook's first sheet: the archive checked, the cells read as Excel shows them,
written as a CSV that carries each row's number, then staged like any CSV."""

from __future__ import annotations

import csv
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.progress import Ticker
from etl.readers.csvfile import CsvSource, stage_csv
from etl.readers.formats import CHUNK_BYTES, TITLE_SCAN_ROWS, CsvFormat, Staged, normalise_header
from etl.readers.header import _looks_like_header, check_header
from etl.schema import FileSpec

# XLSX limits (a workbook is a zip archive: a few MB can inflate to gigabytes).
XLSX_MAX_PARTS = 1_000  # a workbook has ~10-30 parts; thousands means something else
XLSX_MAX_UNCOMPRESSED = 256 << 20  # ~1 M rows x 10 columns of plain cells
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit
XLSX_MAX_CELLS = 5_000_000  # openpyxl reads ~100,000 cells/s: beyond this, CSV is the way


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_archive(path: Path) -> zipfile.ZipFile:
    """Open the workbook's zip archive and refuse it before anything inflates when it
    declares too many parts or too many bytes (a 'zip bomb')."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise EtlError(
            "not a valid XLSX workbook (damaged or truncated)",
            file=path,
            hint=f"Open and save it again in Excel ({type(exc).__name__})",
        ) from None
    infos = zf.infolist()
    if len(infos) > XLSX_MAX_PARTS:
        zf.close()
        raise EtlError(
            f"the workbook has {len(infos):,} parts inside (a workbook has a few dozen; the "
            f"limit is {XLSX_MAX_PARTS:,}): it is not read, to keep the build safe",
            file=path,
            hint="Save the sheet as CSV UTF-8 and load that instead",
        )
    total = sum(i.file_size for i in infos)
    if total > XLSX_MAX_UNCOMPRESSED:
        zf.close()
        raise EtlError(
            f"the workbook would unpack to {total / 2**20:,.0f} MiB (the limit is "
            f"{XLSX_MAX_UNCOMPRESSED >> 20} MiB): it is not read, to keep the build safe",
            file=path,
            hint="Save the sheet as CSV UTF-8 and load that instead",
        )
    return zf


def _scan_sheet(zf: zipfile.ZipFile, member: str) -> tuple[list[tuple[int, int, int, int]], bool]:
    """Merged ranges (min col, min row, max col, max row) and whether any cell has a formula,
    from the sheet's XML in chunks."""
    merged: list[tuple[int, int, int, int]] = []
    formulas = False
    tail = b""
    with zf.open(member) as fh:
        while chunk := fh.read(CHUNK_BYTES):
            buf = tail + chunk
            formulas = formulas or bool(_FORMULA.search(buf))
            for m in _MERGE.finditer(buf):
                c1, r1, c2, r2 = m.groups()
                a, b = _column_index(c1.decode()), int(r1)
                merged.append((a, b, _column_index((c2 or c1).decode()), int(r2 or r1)))
            tail = buf[-256:]
    return sorted(set(merged), key=lambda m: (m[1], m[0])), formulas


def _number_format_has(fmt: str | None, char: str) -> bool:
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt or "")
    return char in plain.lower()


def date_precision(fmt: str | None) -> str:
    """'day', 'month' or 'year': what a date cell's number format shows."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", (fmt or "").lower())
    if "d" in plain or "h" in plain or "s" in plain:
        return "day"
    if "m" in plain and "y" in plain:
        return "month"
    if "y" in plain:
        return "year"
    return "day"


def _number_text(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    value = round(value, 10)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def cell_text(value: object, number_format: str | None = None) -> str:
    """What Excel shows in a cell, as text the loader parses (international numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        precision = date_precision(number_format)
        if precision == "year":
            return f"{day.year:04d}"
        if precision == "month":
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, int | float):
        if _number_format_has(number_format, "%"):
            return _number_text(value * 100) + "%"
        return _number_text(value)
    return str(value)


def xlsx_to_csv(path: Path, spec: FileSpec, dest: Path) -> list[list[str]]:
    """Write the first sheet to ``dest`` as UTF-8 CSV with the row number first; return
    the first rows (for the header checks). Refuses bombs, merged cells in the table,
    formulas without a saved result and sheets beyond the limits."""
    from openpyxl import load_workbook

    zf = check_archive(path)
    try:
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
            ws = wb.worksheets[0]
            member = ws._worksheet_path  # noqa: SLF001 - openpyxl keeps the part name here
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, TypeError) as exc:
            raise EtlError(
                "not a valid XLSX workbook (damaged or truncated)",
                file=path,
                hint=f"Open and save it again in Excel ({type(exc).__name__})",
            ) from None
        try:
            declared_rows = ws.max_row or 0
            if declared_rows > XLSX_MAX_ROWS:
                raise EtlError(
                    f"the sheet declares {declared_rows:,} rows (the limit is {XLSX_MAX_ROWS:,})",
                    file=path,
                    hint="Save the sheet as CSV UTF-8 and load that instead",
                )
            if spec.template:
                _check_template_workbook(path, wb)
            merged, formulas = _scan_sheet(zf, member.lstrip("/"))
            return _write_rows(path, spec, wb, ws, merged, formulas, dest)
        finally:
            wb.close()
    except (zipfile.BadZipFile, EOFError) as exc:
        raise EtlError(
            "not a valid XLSX workbook (damaged or truncated)",
            file=path,
            hint=f"Open and save it again in Excel ({type(exc).__name__})",
        ) from None
    finally:
        zf.close()


def _check_formulas(path, spec, formulas, values, header, line: int) -> None:
    """A formula without a saved result is refused; in a report made from the template
    (``spec.template``) every formula is."""
    for j, formula in enumerate(formulas):
        if not (isinstance(formula, str) and formula.startswith("=")):
            continue
        where = {
            "file": path,
            "line": line,
            "column": header[j] if j < len(header) and header[j] else None,
            "value": formula,
        }
        if spec.template:
            raise EtlError(
                "a formula: a report holds the values themselves",
                hint="Copy the cells and 'Paste Special → Values' over them",
                **where,
            )
        if j >= len(values) or values[j] is None:
            raise EtlError(
                "a formula without a saved result",
                hint="Open the file in Excel and save it again, or paste the values instead "
                "of the formulas",
                **where,
            )


def _check_template_workbook(path: Path, wb) -> None:
    """A report made from the template: no hidden sheet (its rows would never be seen)."""
    for sheet in wb.worksheets:
        if getattr(sheet, "sheet_state", "visible") != "visible":
            raise EtlError(
                f"the workbook has a hidden sheet ('{sheet.title}'): what it holds would be "
                "loaded or lost unseen",
                file=path,
                sheet=sheet.title,
                hint="Unhide the sheet (right-click a sheet tab, Unhide) and delete it or "
                "move its rows into the first sheet",
            )


def sheet_name(path: Path) -> str | None:
    """The title of the sheet a workbook is read from (the first), for messages."""
    if Path(path).suffix.lower() != ".xlsx":
        return None
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
        try:
            return wb.worksheets[0].title
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - a damaged workbook was already reported
        return None


def _write_rows(path, spec, wb, ws, merged, formulas, dest) -> list[list[str]]:
    from openpyxl import load_workbook

    first: list[list[str]] = []
    header: list[str] = []
    width = 0
    cells = 0
    formula_rows = None
    formula_wb = None
    if formulas:
        formula_wb = load_workbook(path, read_only=True, data_only=False)
        formula_rows = formula_wb.worksheets[0].iter_rows(values_only=True)
    try:
        with open(dest, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for i, row in enumerate(ws.iter_rows(), start=1):
                values = [cell.value for cell in row]
                raw_formulas = next(formula_rows, ()) if formula_rows is not None else ()
                if i <= TITLE_SCAN_ROWS + 1:
                    first.append([cell_text(v) for v in values])
                if i == 1:
                    if not any(v is not None and str(v).strip() != "" for v in values):
                        raise EtlError(
                            "the first sheet is empty or has no header row", file=path, line=1
                        )
                    header = [normalise_header(cell_text(v)) for v in values]
                    width = len(header)
                    _check_merged(path, merged, header, spec, first_rows=first)
                elif not any(v is not None and str(v).strip() != "" for v in values):
                    continue
                if i > XLSX_MAX_ROWS:
                    raise EtlError(
                        f"the sheet has more than {XLSX_MAX_ROWS:,} rows",
                        file=path,
                        line=i,
                        hint="Save the sheet as CSV UTF-8 and load that instead",
                    )
                cells += len(values)
                if cells > XLSX_MAX_CELLS:
                    raise EtlError(
                        f"the sheet has more than {XLSX_MAX_CELLS:,} cells: too many to read "
                        "from a workbook safely",
                        file=path,
                        line=i,
                        hint="Save the sheet as CSV UTF-8 and load that instead",
                    )
                _check_formulas(path, spec, raw_formulas, values, header, i)
                texts = [
                    cell_text(cell.value, getattr(cell, "number_format", None)) for cell in row
                ]
                if any(t.strip() for t in texts[width:]):
                    raise EtlError(
                        "a value in a column without a name in the header",
                        file=path,
                        line=i,
                        hint="Give the column a name or delete it",
                    )
                texts = (texts + [""] * width)[:width]
                writer.writerow([i, *texts])
            if not first:
                raise EtlError("the first sheet is empty or has no header row", file=path, line=1)
    finally:
        if formula_wb is not None:
            formula_wb.close()
    return first


def _check_merged(path, merged, header, spec, first_rows) -> None:
    for min_col, min_row, max_col, max_row in merged:
        if min_row == 1:
            if not _looks_like_header(first_rows[0], spec):
                return  # a merged title row: the header check explains it
            ref = _ref(min_col, min_row, max_col, max_row)
            raise EtlError(
                f"the header row has merged cells ({ref})",
                file=path,
                line=1,
                hint="Use one plain header cell per column",
            )
    for min_col, min_row, max_col, max_row in merged:
        ref = _ref(min_col, min_row, max_col, max_row)
        name = header[min_col - 1] if min_col - 1 < len(header) else ""
        raise EtlError(
            f"merged cells ({ref}): Excel keeps the value in the first cell only",
            file=path,
            line=min_row,
            column=name or None,
            hint="Unmerge the cells and write the value in every row",
        )


def _ref(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    def letters(n: int) -> str:
        out = ""
        while n:
            n, r = divmod(n - 1, 26)
            out = chr(65 + r) + out
        return out

    start = f"{letters(min_col)}{min_row}"
    end = f"{letters(max_col)}{max_row}"
    return start if start == end else f"{start}:{end}"


def stage_xlsx(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: FileSpec,
    work: Path,
    name: str,
    ticker: Ticker | None = None,
) -> Staged:
    dest = work / f"{name}.xlsx.csv"
    first = xlsx_to_csv(path, spec, dest)
    check_header(path, first, spec)  # a title row above the header is explained here
    with open(dest, encoding="utf-8", newline="") as fh:
        head = next(csv.reader(fh))  # row 1: the header, with its row number in front
    fmt = CsvFormat("utf-8", ",", head, greek_numbers=False)
    src = CsvSource(read=dest, shown=path, line_column=True, fmt=fmt, rows=[head])
    return stage_csv(con, src, spec, work, name, ticker)
