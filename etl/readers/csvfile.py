"""A CSV staged through DuckDB's own reader (``read_csv(all_varchar)``): other
encodings copied to UTF-8 in chunks first, structure problems named by line."""

from __future__ import annotations

import codecs
import csv
import re
from array import array
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.errors import EtlError
from etl.progress import Ticker, run_with_progress
from etl.readers.formats import (
    CHUNK_BYTES,
    MAX_LINE_BYTES,
    SNIFF_BYTES,
    CsvFormat,
    Staged,
    _split,
    sniff_csv,
)
from etl.readers.header import check_header
from etl.schema import FileSpec

PROGRESS_MIN_BYTES = 8 << 20  # smaller files are read before a progress bar would show


def utf8_copy(path: Path, encoding: str, dest: Path) -> None:
    """Copy a text file to UTF-8 with '\\n' line ends, in chunks (memory stays flat)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    pending_cr = False
    with open(path, "rb") as src, open(dest, "w", encoding="utf-8", newline="") as out:
        while True:
            chunk = src.read(CHUNK_BYTES)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                done = chunk[: max(exc.start, 0)]
                raise EtlError(
                    f"the file is not valid {encoding} text",
                    file=path,
                    line=line + done.count(b"\n"),
                    hint="Save the whole file in one encoding (CSV UTF-8)",
                ) from None
            line += chunk.count(b"\n")
            if pending_cr:
                text = "\r" + text
            pending_cr = text.endswith("\r") and bool(chunk)
            if pending_cr:
                text = text[:-1]
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            if text.startswith("\ufeff"):
                text = text[1:]
            out.write(text)
            if not chunk:
                break


def count_lines(path: Path) -> tuple[int, int]:
    """(lines, blank lines at the very end) of a UTF-8 file, reading in chunks."""
    n = 0
    last = b""
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK_BYTES):
            n += chunk.count(b"\n")
            last = (last + chunk)[-4096:]
    if last and not last.endswith(b"\n"):
        n += 1
    trailing = len(last) - len(last.rstrip(b"\r\n"))
    blank_at_end = max(0, last[len(last) - trailing :].count(b"\n") - 1) if trailing else 0
    return n, blank_at_end


def _read_csv_sql(path: Path, delimiter: str, n_columns: int, rejects: str) -> str:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n_columns)) + "}"
    quoted = str(path).replace("'", "''")
    delim = "\\t" if delimiter == "\t" else delimiter
    return (
        f"read_csv('{quoted}', header = true, auto_detect = false, columns = {columns}, "
        f"delim = e'{delim}', quote = '\"', escape = '\"', strict_mode = true, "
        f"max_line_size = {MAX_LINE_BYTES}, store_rejects = true, "
        f"rejects_table = '{rejects}', rejects_scan = '{rejects}_scan')"
    )


def _structure_problems(
    con: duckdb.DuckDBPyConnection,
    rejects: str,
    path: Path,
    fmt: CsvFormat,
    n_columns: int,
    hidden: int = 0,
) -> tuple[list[EtlError], list[int]]:
    """Problems from the rows DuckDB could not split into the header's columns, and the
    lines it left out that hold nothing but separators (harmless). ``n_columns``: the
    header's fields as the person wrote them; ``hidden``: leading fields we added (the
    XLSX path's row number), left out of the counts a message shows."""
    rows = con.execute(
        f"""select line, any_value(error_type), any_value(csv_line)
            from {rejects} group by line order by line"""
    ).fetchall()
    delim = fmt.delimiter
    encoding = fmt.encoding.removesuffix("-sig")
    # DuckDB's error type → (message, hint); {fields}: the fields of the row
    explain = {
        "MISSING COLUMNS": (
            "this row has fewer fields than the header: {fields} fields, "
            f"the header has {n_columns}",
            f"Check the separators: this file uses '{delim}'",
        ),
        "TOO MANY COLUMNS": (
            "this row has more fields than the header: {fields} fields, "
            f"the header has {n_columns}",
            f"Check the separators ('{delim}') and quotes on that line",
        ),
        "UNCLOSED QUOTE": (
            'a quote (") is opened here and never closed',
            "Close the quote or remove it",
        ),
        "UNQUOTED VALUE": (
            "text after a closing quote",
            'Quote the whole cell and double every quote inside it ("")',
        ),
        "INVALID ENCODING": (
            f"the file is not valid {encoding} text",
            "Save the whole file in one encoding (CSV UTF-8)",
        ),
        "LINE SIZE OVER MAXIMUM": (
            f"this line is longer than {MAX_LINE_BYTES >> 20} MB",
            "Check for a missing closing quote above it",
        ),
    }
    explain["INVALID UNICODE"] = explain["INVALID ENCODING"]
    problems: list[EtlError] = []
    harmless: list[int] = []
    for line, kind, text in rows:
        text = text or ""
        if kind == "MISSING COLUMNS" and not any(c.strip() for c in _split(text, delim)):
            harmless.append(int(line))
            continue
        if kind == "UNQUOTED VALUE" and text.count('"') % 2 == 1:
            kind = "UNCLOSED QUOTE"  # the quote runs on to the end of the file
        message, hint = explain.get(kind, (f"this line cannot be read as CSV ({kind})", None))
        if "{fields}" in message:
            message = message.format(fields=len(_split(text, delim)) - hidden)
        value = text[:80] if kind == "UNQUOTED VALUE" else None
        problems.append(EtlError(message, file=path, line=int(line), value=value, hint=hint))
    return problems, harmless


def _record_lines(path: Path, delimiter: str, skip: set[int]) -> np.ndarray:
    """The line of each data row DuckDB kept, in order: records counted as a spreadsheet
    counts rows (a blank line is a row, a cell with line breaks does not add rows).
    Used only when the file has blank lines or multi-line cells."""
    _split("", delimiter)  # raises the csv module's cell size limit
    out = array("q")
    with open(path, encoding="utf-8", newline="") as fh:
        for i, record in enumerate(csv.reader(fh, delimiter=delimiter), start=1):
            if i > 1 and record and i not in skip:
                out.append(i)
    return np.frombuffer(out, dtype=np.int64) if len(out) else np.zeros(0, dtype=np.int64)


def _run(con: duckdb.DuckDBPyConnection, sql: str, label: str, size: int, total: int, ticker):
    if ticker is None or size < PROGRESS_MIN_BYTES:
        con.execute(sql)
    else:
        run_with_progress(con, sql, label, total, ticker)


@dataclass(frozen=True)
class CsvSource:
    """A CSV to stage: the file DuckDB reads, the person's file every message names, and what
    is already known of it. An XLSX sheet is written out as a CSV (``read``) whose first
    column holds each row's line (``line_column``), with its format and header row known."""

    read: Path
    shown: Path
    line_column: bool = False
    fmt: CsvFormat | None = None
    rows: list[list[str]] | None = None  # the first rows as ``sniff_csv`` gives them


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    src: CsvSource,
    spec: FileSpec,
    work: Path,
    name: str,
    ticker: Ticker | None = None,
) -> Staged:
    """Stage a CSV as text: a temp view ``sv_<name>`` with ``_line`` and one VARCHAR column
    per header column of the spec; every problem names ``src.shown``."""
    path = src.shown
    fmt, rows = (src.fmt, src.rows) if src.fmt and src.rows else sniff_csv(src.read)
    offset = 1 if src.line_column else 0
    names = check_header(path, [r[offset:] for r in rows], spec)
    n_columns = len(rows[0])
    table, rejects = f"st_{name}", f"rej_{name}"
    head_lines = max(1, sum(len(r) > 0 for r in rows))
    readable = _read_table(con, src, fmt, (table, rejects), n_columns, head_lines, work, ticker)
    problems, harmless = _structure_problems(
        con, rejects, path, fmt, n_columns - offset, hidden=offset
    )
    if problems:
        raise _combined(problems)
    _check_unnamed_columns(con, table, path, range(len(names) + offset, n_columns), offset)
    n_rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    tables = [table, rejects, f"{rejects}_scan"]
    if src.line_column:
        line_sql, from_sql = "cast(s.c0 as bigint)", f"{table} s"
    else:
        line_sql, from_sql = _line_mapping(con, readable, fmt, table, n_rows, harmless, name)
        if from_sql != f"{table} s":
            tables.append(f"lm_{name}")
    data = [f"c{i + offset}" for i in range(len(names))]
    select = ", ".join(f's.{c} as "{n}"' for c, n in zip(data, names, strict=True))
    not_empty = " or ".join(f"s.{c} is not null" for c in data)
    relation = f"sv_{name}"
    con.execute(
        f"create temp view {relation} as "
        f"select {line_sql} as _line, {select} from {from_sql} where {not_empty}"
    )
    n_staged = con.execute(f"select count(*) from {relation}").fetchall()[0][0]
    if n_staged == 0:
        raise EtlError("the file has a header but no data rows", file=path)
    return Staged(
        path=path,
        relation=relation,
        columns=names,
        greek_numbers=fmt.greek_numbers,
        rows=n_staged,
        kind="xlsx" if src.line_column else "csv",
        tables=tables,
    )


def _read_table(
    con: duckdb.DuckDBPyConnection,
    src: CsvSource,
    fmt: CsvFormat,
    names: tuple[str, str],
    n_columns: int,
    head_lines: int,
    work: Path,
    ticker: Ticker | None,
) -> Path:
    """Read the file into the temp table ``names[0]`` (rejected rows: ``names[1]``) with
    DuckDB's reader; returns the file read (a UTF-8 copy when the encoding needs one)."""
    table, rejects = names
    path, readable = src.shown, src.read
    copy = work / f"{table.removeprefix('st_')}.utf8.csv"
    if fmt.encoding not in ("utf-8", "utf-8-sig"):
        readable = copy
        utf8_copy(src.read, fmt.encoding, readable)
    size = readable.stat().st_size
    total = int(size / max(1, min(size, SNIFF_BYTES) / head_lines)) if size else 0

    def read(readable: Path) -> None:
        sql = (
            f"create temp table {table} as select * from "
            f"{_read_csv_sql(readable, fmt.delimiter, n_columns, rejects)}"
        )
        _run(con, sql, path.name, size, total, ticker)

    try:
        read(readable)
    except duckdb.Error as exc:
        if readable != src.read:
            raise _unreadable(path, exc) from None
        # e.g. mixed '\r\n' and '\n' line ends: DuckDB stops; a normalised copy reads fine
        readable = copy
        utf8_copy(src.read, fmt.encoding, readable)
        for obj in (rejects, f"{rejects}_scan"):
            con.execute(f"drop table if exists {obj}")
        try:
            read(readable)
        except duckdb.Error as exc2:
            raise _unreadable(path, exc2) from None
    return readable


def _check_unnamed_columns(
    con: duckdb.DuckDBPyConnection, table: str, path: Path, extra: range, offset: int
) -> None:
    """Trailing columns without a name in the header must be empty (Excel's ';;;')."""
    cols = [f"c{i}" for i in extra]
    if not cols:
        return
    cond = " or ".join(f"{c} is not null and trim({c}) <> ''" for c in cols)
    line_sql = "cast(c0 as bigint)" if offset else "rowid + 2"
    hit = con.execute(f"select {line_sql} from {table} where {cond} limit 1").fetchall()
    if hit:
        raise EtlError(
            "a value in a column without a name in the header",
            file=path,
            line=int(hit[0][0]),
            hint="Give the column a name or delete it",
        )


def _line_mapping(
    con: duckdb.DuckDBPyConnection,
    readable: Path,
    fmt: CsvFormat,
    table: str,
    n_rows: int,
    harmless: list[int],
    name: str,
) -> tuple[str, str]:
    """SQL for each staged row's line. Fast path: no blank lines, no multi-line cells, no
    rows of bare separators before the data ends, so line = row number + 2."""
    lines, blank_at_end = count_lines(readable)
    at_end = [h for h in harmless if h > n_rows + 1]
    if lines - blank_at_end == 1 + n_rows + len(at_end) and len(at_end) == len(harmless):
        return "s.rowid + 2", f"{table} s"
    mapped = _record_lines(readable, fmt.delimiter, set(harmless))
    if len(mapped) != n_rows:  # pragma: no cover - a parser difference; keep going, roughly
        return "s.rowid + 2", f"{table} s"
    frame = pd.DataFrame({"r": np.arange(n_rows, dtype=np.int64), "line": mapped})
    con.register("_lines", frame)
    con.execute(f"create temp table lm_{name} as select * from _lines")
    con.unregister("_lines")
    return "m.line", f"{table} s join lm_{name} m on m.r = s.rowid"


def _unreadable(path: Path, exc: Exception) -> EtlError:
    text = str(exc).splitlines()
    detail = next((t for t in text if t.strip()), type(exc).__name__)
    line = re.search(r"Line:? (\d+)", str(exc))
    return EtlError(
        f"this file cannot be read as CSV ({detail.strip()[:120]})",
        file=path,
        line=int(line.group(1)) if line else None,
        hint="Save it again from Excel as CSV UTF-8",
    )


def _combined(problems: list[EtlError]) -> EtlError:
    first = problems[0]
    first.more = problems[1:]
    return first
