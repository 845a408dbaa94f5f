"""Read a CSV or XLSX file into a frame of strings indexed by source line number.

CSV: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1253 or ISO-8859-7; ',' ';' or
tab delimited. A ';'-delimited file uses Greek number format (1.234,5), as Greek Excel writes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.errors import EtlError

SNIFF_BYTES = 1 << 20
FIELD_COUNT_CHECK_MAX_BYTES = 64 << 20  # larger files: trust the parser (speed)
_GREEK = re.compile(r"[\u0370-\u03ff]")
_ODD = re.compile(r"[\u0080-\u00bf\u2018-\u201e\u2020-\u203a]")  # symbols a wrong code page yields


@dataclass(frozen=True)
class TableText:
    frame: pd.DataFrame  # all cells str ("" = empty), index = line/row number in the file
    encoding: str
    delimiter: str
    greek_numbers: bool


def normalise_header(name: object) -> str:
    return re.sub(r"\s+", "_", str(name or "").strip().lstrip("\ufeff").lower())


def detect_encoding(head: bytes, path: Path) -> str:
    if not head:
        raise EtlError("the file is empty", file=path)
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        raise EtlError("this is not a text file (it contains binary data)", file=path,
                       hint="Save it as CSV (UTF-8) or XLSX")
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the sniff window
            return "utf-8"
    scores = {}
    for enc in ("cp1253", "iso-8859-7"):
        try:
            text = head.decode(enc)
        except UnicodeDecodeError:
            continue
        scores[enc] = len(_GREEK.findall(text)) - 5 * len(_ODD.findall(text))
    if not scores:
        raise EtlError("unknown text encoding", file=path,
                       hint="Save the file as CSV UTF-8, Windows-1253 or ISO-8859-7")
    return max(scores, key=lambda k: (scores[k], k == "cp1253"))


def detect_delimiter(header_line: str, path: Path) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise EtlError("could not find the column separator in the header line", file=path,
                       line=1, hint="Use ',' or ';' between column names")
    if best != "\t" and counts[","] and counts[";"]:
        raise EtlError("the header mixes ',' and ';' separators", file=path, line=1)
    return best


def read_csv_text(path: Path) -> TableText:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    encoding = detect_encoding(head, path)
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()
    if not first or not first[0].strip():
        raise EtlError("the first line (the header) is empty", file=path, line=1)
    delimiter = detect_delimiter(first[0], path)
    try:
        frame = pd.read_csv(path, sep=delimiter, encoding=encoding, dtype=str,
                            keep_default_na=False, na_filter=True, na_values=[],
                            skip_blank_lines=True, engine="c", quoting=csv.QUOTE_MINIMAL)
    except UnicodeDecodeError as exc:
        raise EtlError(f"the file is not valid {encoding} text (byte {exc.start})",
                       file=path) from None
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise EtlError("a row has more fields than the header", file=path,
                       line=int(match.group(1)) if match else None,
                       hint=f"Check the separators ('{delimiter}') and quotes on that line"
                       ) from None
    except pd.errors.EmptyDataError:
        raise EtlError("the file has no header line", file=path) from None
    frame.index = frame.index + 2  # line 1 is the header
    if path.stat().st_size <= FIELD_COUNT_CHECK_MAX_BYTES:
        _check_field_counts(path, encoding, delimiter, len(frame.columns))
    return TableText(frame.fillna(""), encoding, delimiter, greek_numbers=delimiter == ";")


def _check_field_counts(path: Path, encoding: str, delimiter: str, expected: int) -> None:
    """pandas pads short rows silently; a short row almost always means a wrong separator."""
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        next(reader, None)
        for row in reader:
            if row and len(row) < expected and any(cell.strip() for cell in row):
                raise EtlError(f"this row has fewer fields than the header ({expected})",
                               file=path, line=reader.line_num,
                               hint=f"Check the separators: this file uses '{delimiter}'")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()
    return str(value)


def read_xlsx_text(path: Path) -> TableText:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=False, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise EtlError("not a valid XLSX workbook (damaged or truncated)", file=path,
                       hint=f"Open and save it again in Excel ({type(exc).__name__})") from None
    ws = wb.worksheets[0]
    for merged in ws.merged_cells.ranges:
        if merged.min_row == 1:
            raise EtlError(f"the header row has merged cells ({merged.coord})", file=path, line=1,
                           hint="Use one plain header cell per column")
    rows = list(ws.iter_rows(values_only=True))
    if not rows or all(v is None for v in rows[0]):
        raise EtlError("the first sheet is empty or has no header row", file=path, line=1)
    header = [_cell_text(v) for v in rows[0]]
    while header and header[-1] == "":
        header.pop()
    body = [[_cell_text(v) for v in r[: len(header)]] for r in rows[1:]]
    body = [r + [""] * (len(header) - len(r)) for r in body]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame.index = frame.index + 2
    frame = frame[~(frame == "").all(axis=1)]
    return TableText(frame, "xlsx", "", greek_numbers=False)


def read_table(path: Path) -> TableText:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        table = read_xlsx_text(path)
    elif suffix in (".csv", ".tsv", ".txt"):
        table = read_csv_text(path)
    else:
        raise EtlError(f"unsupported file type '{suffix}'", file=path, hint="Use .csv or .xlsx")
    frame = table.frame
    frame.columns = [normalise_header(c) for c in frame.columns]
    return TableText(frame, table.encoding, table.delimiter, table.greek_numbers)


def read_text_sample(path: Path, n: int = 4096) -> str:
    """First characters of a text file, for recognising formats (e.g. Eurostat)."""
    with open(path, "rb") as fh:
        head = fh.read(n)
    try:
        return head.decode("utf-8-sig", errors="replace")
    except LookupError:  # pragma: no cover
        return io.BytesIO(head).read().decode("latin-1")
