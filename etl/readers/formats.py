"""What a staged file is, and a CSV's format: encoding, delimiter, header cells."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import EtlError

SNIFF_BYTES = 1 << 20
CHUNK_BYTES = 8 << 20
MAX_LINE_BYTES = 16 << 20  # one CSV line (a row, with all its cells)


TITLE_SCAN_ROWS = 10  # how far below line 1 a misplaced header is looked for


_GREEK = re.compile(r"[\u0370-\u03ff]")
_ODD = re.compile(r"[\u0080-\u00bf\u2018-\u201e\u2020-\u203a]")  # symbols a wrong code page yields


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
    """The fields of one line of text. A carriage return in it (a CRLF or lone CR line end
    DuckDB left on the line, or a stray one inside a cell) is not a field break: the csv
    module would refuse the line ('new-line character seen in unquoted field')."""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_LINE_BYTES))
    line = line.rstrip("\r\n").replace("\r", " ").replace("\n", " ")
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
