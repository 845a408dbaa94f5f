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
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from array import array
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from etl.errors import EtlError
from etl.progress import Ticker, run_with_progress
from etl.schema import FileSpec

SNIFF_BYTES = 1 << 20
CHUNK_BYTES = 8 << 20
MAX_LINE_BYTES = 16 << 20  # one CSV line (a row, with all its cells)
PROGRESS_MIN_BYTES = 8 << 20  # smaller files are read before a progress bar would show
TITLE_SCAN_ROWS = 10  # how far below line 1 a misplaced header is looked for
# XLSX limits (a workbook is a zip archive: a few MB can inflate to gigabytes).
XLSX_MAX_PARTS = 1_000  # a workbook has ~10-30 parts; thousands means something else
XLSX_MAX_UNCOMPRESSED = 256 << 20  # ~1 M rows x 10 columns of plain cells
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit
XLSX_MAX_CELLS = 5_000_000  # openpyxl reads ~100,000 cells/s: beyond this, CSV is the way
_GREEK = re.compile(r"[\u0370-\u03ff]")
_ODD = re.compile(r"[\u0080-\u00bf\u2018-\u201e\u2020-\u203a]")  # symbols a wrong code page yields
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


@dataclass(frozen=True)
class CsvFormat:
    encoding: str
    delimiter: str
    header: list[str]  # the header cells as written
    greek_numbers: bool


@dataclass
class Staged:
    """A file staged as text. ``relation`` is a temp view with ``_line`` and one VARCHAR
    column per known header column (named as in the spec); all-empty rows are left out."""

    path: Path
    relation: str
    columns: list[str]
    greek_numbers: bool
    rows: int
    kind: str  # "csv" or "xlsx"
    tables: list[str] = field(default_factory=list)  # temp objects to drop when done


_NAME_IN_BRACKETS = re.compile(r"\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$")


def normalise_header(name: object) -> str:
    """The column name of a header cell; a template's bilingual header «Φορέας (partner)»
    names its column in the brackets."""
    text = str(name or "").strip().lstrip("\ufeff")
    if bracketed := _NAME_IN_BRACKETS.search(text):
        text = bracketed.group(1)
    return re.sub(r"\s+", "_", text.lower())


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte is zero, as UTF-16 text of mostly
    Latin letters and digits looks without its byte-order mark."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(head: bytes, path: Path) -> str:
    if not head:
        raise EtlError("the file is empty", file=path)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        if _utf16_without_bom(head):
            raise EtlError(
                "the file is UTF-16 text without a byte-order mark, so its byte order "
                "cannot be told for sure",
                file=path,
                hint="Save it again as CSV UTF-8 (in Excel: Save As, 'CSV UTF-8')",
            )
        raise EtlError(
            "this is not a text file (it contains binary data)",
            file=path,
            hint="Save it as CSV (UTF-8) or XLSX",
        )
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the sniff window
            return "utf-8"
        if _mostly_utf8(head):
            # A UTF-8 file with a few bytes from another code page (e.g. a row pasted from
            # an old file): decoding it all as Windows-1253 would load mojibake silently.
            raise EtlError(
                "the file is UTF-8 but this line has bytes in another encoding",
                file=path,
                line=head[: exc.start].count(b"\n") + 1,
                value=head[max(0, exc.start - 20) : exc.start + 5].decode(
                    "utf-8", errors="replace"
                ),
                hint="Save the whole file as CSV UTF-8",
            ) from None
    scores = {}
    for enc in ("cp1253", "iso-8859-7"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        scores[enc] = len(_GREEK.findall(text)) - 5 * len(_ODD.findall(text))
    if not scores:
        raise EtlError(
            "unknown text encoding",
            file=path,
            hint="Save the file as CSV UTF-8, Windows-1253 or ISO-8859-7",
        )
    return max(scores, key=lambda k: (scores[k], k == "cp1253"))


def _mostly_utf8(head: bytes) -> bool:
    """True when the bytes hold more well-formed UTF-8 Greek letters than invalid bytes.

    Windows-1253/ISO-8859-7 Greek almost never forms valid UTF-8 Greek (that needs a 0xCE or
    0xCF byte followed by a byte in 0x80-0xBF), so this tells 'UTF-8 with a stray byte'
    apart from a legitimate Greek code-page file."""
    text = head.decode("utf-8", errors="replace")
    return len(_GREEK.findall(text)) > text.count("\ufffd")


def _split(line: str, delimiter: str) -> list[str]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    return next(csv.reader([line], delimiter=delimiter), [])


def detect_delimiter(header_line: str, path: Path) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise EtlError(
            "could not find the column separator in the header line",
            file=path,
            line=1,
            hint="Use ',' or ';' between column names",
        )
    if best != "\t" and counts[","] and counts[";"]:
        raise EtlError("the header mixes ',' and ';' separators", file=path, line=1)
    return best


def sniff_csv(path: Path) -> tuple[CsvFormat, list[list[str]]]:
    """The file's encoding, separator and header, and its first rows (for messages)."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    encoding = detect_encoding(head, path)
    lines = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise EtlError("the first line (the header) is empty", file=path, line=1)
    delimiter = detect_delimiter(lines[0], path)
    rows = [_split(line, delimiter) for line in lines[: TITLE_SCAN_ROWS + 1]]
    fmt = CsvFormat(encoding, delimiter, rows[0], greek_numbers=delimiter == ";")
    return fmt, rows


# --- the header -------------------------------------------------------------------------------


def _looks_like_header(cells: list[str], spec: FileSpec) -> bool:
    names = {normalise_header(c) for c in cells}
    return len(names & set(spec.column_names)) >= min(2, len(spec.column_names))


def check_header(path: Path, rows: list[list[str]], spec: FileSpec) -> list[str]:
    """Normalised header names (trailing empty ones dropped); refuses a title row above
    the header, repeated, unknown and missing columns."""
    header = list(rows[0]) if rows else []
    if not _looks_like_header(header, spec):
        for i, row in enumerate(rows[1:], start=2):
            if _looks_like_header(row, spec):
                shown = " ".join(str(c).strip() for c in header if str(c).strip())
                raise EtlError(
                    f"the first row must be the header, but here it is a title (the header "
                    f"is on line {i})",
                    file=path,
                    line=1,
                    value=shown,
                    hint=f"Delete the {i - 1} row(s) above the header",
                )
    names = [normalise_header(c) for c in header]
    while names and names[-1] == "":
        names.pop()
    repeated = [c for i, c in enumerate(names) if c and c in names[:i]]
    if repeated:
        raise EtlError(
            f"column '{repeated[0]}' appears twice in the header",
            file=path,
            line=1,
            column=repeated[0],
        )
    hint = f"{spec.name} files have the columns: {', '.join(spec.column_names)}"
    if spec.renamed:
        _check_template_header(path, names, spec)
    nameless = [i for i, name in enumerate(names, start=1) if name == ""]
    unknown = [c for c in names if c and c not in spec.column_names]
    missing = [c for c in spec.required_columns if c not in names]
    if nameless:
        raise EtlError(
            f"column {nameless[0]} has no name in the header", file=path, line=1, hint=hint
        )
    for wrong, message in (
        (unknown, "unknown column '{}'"),
        (missing, "required column '{}' is missing"),
    ):
        if wrong:
            raise EtlError(message.format(wrong[0]), file=path, line=1, column=wrong[0], hint=hint)
    return names


def _check_template_header(path: Path, names: list[str], spec: FileSpec) -> None:
    """A file from an older template (or another 3W sheet): every renamed and missing column
    in one message."""
    renamed = dict(spec.renamed)
    moved = [(c, renamed[c]) for c in names if c in renamed and renamed[c] not in names]
    unknown = [c for c in names if c and c not in spec.column_names and c not in renamed]
    given = set(names) | {new for _, new in moved}
    missing = [c for c in spec.column_names if c not in given]
    if not (moved or unknown or missing):
        return
    parts = []
    if moved:
        parts.append("renamed: " + ", ".join(f"'{old}' is now '{new}'" for old, new in moved))
    if missing:
        parts.append("missing: " + ", ".join(f"'{c}'" for c in missing))
    if unknown:
        parts.append("not in the template: " + ", ".join(f"'{c}'" for c in unknown))
    raise EtlError(
        "the columns are not those of the current template (an older version?): "
        + "; ".join(parts),
        file=path,
        line=1,
        column=(moved[0][0] if moved else (missing or unknown)[0]),
        hint="Download the current template from the Activities page and copy the rows into it",
    )


# --- CSV ------------------------------------------------------------------------------------


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


def stage_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    spec: FileSpec,
    work: Path,
    name: str,
    ticker: Ticker | None = None,
    *,
    line_column: bool = False,
    fmt: CsvFormat | None = None,
    rows: list[list[str]] | None = None,
    label: str | None = None,
    shown: Path | None = None,
) -> Staged:
    """Stage a CSV as text. With ``line_column`` the file's first column holds each row's
    line (the XLSX path writes it so)."""
    source, path = path, shown or path  # read `source`; name `path` (the person's file)
    if fmt is None or rows is None:
        fmt, rows = sniff_csv(source)
    header_rows = [r[1:] for r in rows] if line_column else rows
    names = check_header(path, header_rows, spec)
    n_columns = len(rows[0])
    readable = source
    if fmt.encoding not in ("utf-8", "utf-8-sig"):
        readable = work / f"{name}.utf8.csv"
        utf8_copy(source, fmt.encoding, readable)
    table, rejects = f"st_{name}", f"rej_{name}"
    size = readable.stat().st_size
    head_lines = max(1, sum(len(r) > 0 for r in rows))
    total = int(size / max(1, min(size, SNIFF_BYTES) / head_lines)) if size else 0

    def read(readable: Path) -> None:
        sql = (
            f"create temp table {table} as select * from "
            f"{_read_csv_sql(readable, fmt.delimiter, n_columns, rejects)}"
        )
        _run(con, sql, label or path.name, size, total, ticker)

    try:
        read(readable)
    except duckdb.Error as exc:
        if readable != source:
            raise _unreadable(path, exc) from None
        # e.g. mixed '\r\n' and '\n' line ends: DuckDB stops; a normalised copy reads fine
        readable = work / f"{name}.utf8.csv"
        utf8_copy(source, fmt.encoding, readable)
        for obj in (rejects, f"{rejects}_scan"):
            con.execute(f"drop table if exists {obj}")
        try:
            read(readable)
        except duckdb.Error as exc2:
            raise _unreadable(path, exc2) from None
    staged = Staged(
        path,
        f"sv_{name}",
        [],
        fmt.greek_numbers,
        0,
        "xlsx" if line_column else "csv",
        tables=[table, rejects, f"{rejects}_scan"],
    )
    offset = 1 if line_column else 0
    problems, harmless = _structure_problems(
        con, rejects, path, fmt, n_columns - offset, hidden=offset
    )
    if problems:
        raise _combined(problems)
    extra = [f"c{i}" for i in range(len(names) + offset, n_columns)]
    if extra:  # trailing columns without a name must be empty (Excel's ';;;')
        cond = " or ".join(f"{c} is not null and trim({c}) <> ''" for c in extra)
        line_sql = "cast(c0 as bigint)" if line_column else "rowid + 2"
        hit = con.execute(f"select {line_sql} from {table} where {cond} limit 1").fetchall()
        if hit:
            hit = hit[0]
            raise EtlError(
                "a value in a column without a name in the header",
                file=path,
                line=int(hit[0]),
                hint="Give the column a name or delete it",
            )
    n_rows = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    if line_column:
        line_sql, source = "cast(s.c0 as bigint)", f"{table} s"
    else:
        line_sql, source = _line_mapping(con, readable, fmt, table, n_rows, harmless, name)
        if source != f"{table} s":
            staged.tables.append(f"lm_{name}")
    data = [f"c{i + offset}" for i in range(len(names))]
    select = ", ".join(f's.{c} as "{n}"' for c, n in zip(data, names, strict=True))
    not_empty = " or ".join(f"s.{c} is not null" for c in data)
    con.execute(
        f"create temp view {staged.relation} as "
        f"select {line_sql} as _line, {select} from {source} where {not_empty}"
    )
    staged.columns = names
    staged.rows = con.execute(f"select count(*) from {staged.relation}").fetchall()[0][0]
    if staged.rows == 0:
        raise EtlError("the file has a header but no data rows", file=path)
    return staged


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


# --- XLSX -----------------------------------------------------------------------------------


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
                for j, formula in enumerate(raw_formulas):
                    if spec.template and isinstance(formula, str) and formula.startswith("="):
                        raise EtlError(
                            "a formula: a report holds the values themselves",
                            file=path,
                            line=i,
                            column=header[j] if j < len(header) and header[j] else None,
                            value=formula,
                            hint="Copy the cells and 'Paste Special → Values' over them",
                        )
                    if (
                        isinstance(formula, str)
                        and formula.startswith("=")
                        and (j >= len(values) or values[j] is None)
                    ):
                        raise EtlError(
                            "a formula without a saved result",
                            file=path,
                            line=i,
                            column=header[j] if j < len(header) and header[j] else None,
                            value=formula,
                            hint="Open the file in Excel and save it again, or paste "
                            "the values instead of the formulas",
                        )
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
    return stage_csv(
        con,
        dest,
        spec,
        work,
        name,
        ticker,
        line_column=True,
        fmt=fmt,
        rows=[head],
        label=path.name,
        shown=path,
    )


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
        return stage_csv(con, path, spec, work, name, ticker)
    raise EtlError(f"unsupported file type '{suffix}'", file=path, hint="Use .csv or .xlsx")


def drop(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    con.execute(f"drop view if exists {staged.relation}")
    for table in staged.tables:
        con.execute(f"drop table if exists {table}")
