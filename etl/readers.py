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


def _first_invalid_utf8_line(path: Path) -> int | None:
    """The 1-based line of the first byte sequence that is not UTF-8, reading in chunks."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: max(exc.start, 0)].count(b"\n")
            line += chunk.count(b"\n")
    return None


def _header_cells(header_line: str, delimiter: str) -> list[str]:
    return next(csv.reader([header_line], delimiter=delimiter), [])


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


def read_csv_text(path: Path) -> TableText:
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    encoding = detect_encoding(head, path)
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()
    if not first or not first[0].strip():
        raise EtlError("the first line (the header) is empty", file=path, line=1)
    delimiter = detect_delimiter(first[0], path)
    # pandas renames a repeated column to 'name.1'; catch it here, under its real name.
    names = [normalise_header(c) for c in _header_cells(first[0], delimiter)]
    repeated = [c for i, c in enumerate(names) if c and c in names[:i]]
    if repeated:
        raise EtlError(
            f"column '{repeated[0]}' appears twice in the header",
            file=path,
            line=1,
            column=repeated[0],
        )
    try:
        frame = pd.read_csv(
            path,
            sep=delimiter,
            encoding=encoding,
            dtype=str,
            keep_default_na=False,
            na_filter=True,
            na_values=[],
            skip_blank_lines=True,
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except UnicodeDecodeError:
        line = _first_invalid_utf8_line(path) if encoding.startswith("utf-8") else None
        raise EtlError(
            f"the file is not valid {encoding} text",
            file=path,
            line=line,
            hint="Save the whole file in one encoding (CSV UTF-8)",
        ) from None
    except pd.errors.ParserError as exc:
        text = str(exc)
        quote = re.search(r"EOF inside string starting at row (\d+)", text)
        if quote:  # pandas counts rows from 0 = the header
            raise EtlError(
                'a quote (") is opened here and never closed',
                file=path,
                line=int(quote.group(1)) + 1,
                hint="Close the quote or remove it",
            ) from None
        match = re.search(r"line (\d+)", text)
        raise EtlError(
            "a row has more fields than the header",
            file=path,
            line=int(match.group(1)) if match else None,
            hint=f"Check the separators ('{delimiter}') and quotes on that line",
        ) from None
    except pd.errors.EmptyDataError:
        raise EtlError("the file has no header line", file=path) from None
    frame.index = frame.index + 2  # line 1 is the header
    if path.stat().st_size <= FIELD_COUNT_CHECK_MAX_BYTES:
        _check_field_counts(path, encoding, delimiter, len(frame.columns))
    return TableText(frame.fillna(""), encoding, delimiter, greek_numbers=delimiter == ";")


def _check_field_counts(path: Path, encoding: str, delimiter: str, expected: int) -> None:
    """pandas pads short rows silently; a short row almost always means a wrong separator."""
    # pandas has already read every cell; let the csv module see cells as long as it did, so
    # an over-long cell is reported by the cell checks (with its column), not as a crash.
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_COUNT_CHECK_MAX_BYTES))
    with open(path, encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            next(reader, None)
            for row in reader:
                if row and len(row) < expected and any(cell.strip() for cell in row):
                    raise EtlError(
                        f"this row has fewer fields than the header ({expected})",
                        file=path,
                        line=reader.line_num,
                        hint=f"Check the separators: this file uses '{delimiter}'",
                    )
        except csv.Error as exc:
            raise EtlError(
                f"this line cannot be read as CSV ({exc})", file=path, line=reader.line_num
            ) from None


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
        raise EtlError(
            "not a valid XLSX workbook (damaged or truncated)",
            file=path,
            hint=f"Open and save it again in Excel ({type(exc).__name__})",
        ) from None
    ws = wb.worksheets[0]
    for merged in ws.merged_cells.ranges:
        if merged.min_row == 1:
            raise EtlError(
                f"the header row has merged cells ({merged.coord})",
                file=path,
                line=1,
                hint="Use one plain header cell per column",
            )
    rows = list(ws.iter_rows(values_only=True))
    if not rows or all(v is None for v in rows[0]):
        raise EtlError("the first sheet is empty or has no header row", file=path, line=1)
    header = [_cell_text(v) for v in rows[0]]
    _check_formulas_have_results(path, rows, header)
    while header and header[-1] == "":
        header.pop()
    body = [[_cell_text(v) for v in r[: len(header)]] for r in rows[1:]]
    body = [r + [""] * (len(header) - len(r)) for r in body]
    frame = pd.DataFrame(body, columns=header, dtype=str)
    frame.index = frame.index + 2
    frame = frame[~(frame == "").all(axis=1)]
    return TableText(frame, "xlsx", "", greek_numbers=False)


def _check_formulas_have_results(path: Path, rows: list[tuple], header: list[str]) -> None:
    """A formula cell is read as the result Excel saved with it. A workbook written by a
    program that saves no results would silently lose those cells: refuse it instead."""
    if not any(v is None for r in rows for v in r):
        return
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=False)
    try:
        for i, formulas in enumerate(wb.worksheets[0].iter_rows(values_only=True)):
            cached = rows[i] if i < len(rows) else ()
            for j, value in enumerate(formulas):
                if (
                    isinstance(value, str)
                    and value.startswith("=")
                    and (j >= len(cached) or cached[j] is None)
                ):
                    column = header[j] if j < len(header) else None
                    raise EtlError(
                        "a formula without a saved result",
                        file=path,
                        line=i + 1,
                        column=normalise_header(column) if column else None,
                        value=value,
                        hint="Open the file in Excel and save it again, or paste "
                        "the values instead of the formulas",
                    )
    finally:
        wb.close()


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
