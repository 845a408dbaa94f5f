"""Hostile files dropped into the Directorate's input folder (``python -m etl --input DIR``).

Each case expects a clear :class:`EtlError` naming the file and, where a place exists, the
line and column, and the live database byte-identical afterwards (the build works on a temp
file and only an ``os.replace`` of a fully checked file ever touches the live one).

All figures below are SYNTHETIC test rows.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from etl.build import build
from etl.cli import main as cli_main
from etl.errors import EtlError

from .conftest import digest

OBS = "region,indicator,period,value,qualifier,value_high,unit,source_id,confidence,note"
GOOD = "EL30,arrivals,2023,10,,,persons,test_reception,high,SYNTHETIC"
SNAP = "site_id,date,capacity,occupancy,source_id,confidence,note"
SOURCES = "source_id,publisher,title,url,reference_date,licence,notes"


def csv_bytes(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def obs_rows(*rows: str) -> bytes:
    """An observations file: header, one good row (line 2), then the rows under test."""
    return csv_bytes(OBS, GOOD, *rows)


def xlsx_bytes(rows: list[list[object]], merge: str | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def obs_xlsx(merge: str | None = None) -> bytes:
    return xlsx_bytes([OBS.split(","), GOOD.split(",")], merge)


def truncated_xlsx() -> bytes:
    data = obs_xlsx()
    return data[: len(data) // 2]


def xlsx_without_sheet() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    return buf.getvalue()


def office_xlsx(rows: list[list[object]], formats: dict[str, str] | None = None) -> bytes:
    """A workbook as Excel writes it: cells with number formats (SYNTHETIC rows)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb_xlsx() -> bytes:
    """A real workbook whose sheet is padded with 300 MiB of white space: ~300 KiB on disk."""
    base = zipfile.ZipFile(io.BytesIO(obs_xlsx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in base.infolist():
            data = base.read(info.filename)
            if info.filename.endswith("sheet1.xml"):
                with out.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(data.replace(b"</worksheet>", b""))
                    chunk = b" " * (1 << 20)
                    for _ in range(300):
                        fh.write(chunk)
                    fh.write(b"</worksheet>")
            else:
                out.writestr(info, data)
    return buf.getvalue()


def many_parts_xlsx() -> bytes:
    base = zipfile.ZipFile(io.BytesIO(obs_xlsx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in base.infolist():
            out.writestr(info, base.read(info.filename))
        for i in range(5_000):
            out.writestr(f"xl/media/part{i}.bin", b"")
    return buf.getvalue()


def merged_region_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(OBS.split(","))
    ws.append(GOOD.split(","))
    ws.append(["Αττική", "arrivals", "2024", 5, None, None, "persons", "test_reception", "high"])
    ws.append([None, "arrivals", "2025", 6, None, None, "persons", "test_reception", "high"])
    ws.merge_cells("A3:A4")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def title_row_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Πίνακας 1: Αφίξεις ανά Περιφέρεια (ΣΥΝΘΕΤΙΚΑ)"])
    ws.merge_cells("A1:J1")
    ws.append(OBS.split(","))
    ws.append(GOOD.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def greek_rows(*rows: str) -> bytes:
    """A ';'-separated Windows-1253 file, as Greek Excel saves 'CSV'."""
    return csv_bytes(OBS.replace(",", ";"), *rows, encoding="cp1253")


EVENTS = (
    "event_id,title_el,title_en,start,end,place,region,country,partners,process,"
    "programme_id,source_id,note"
)


@dataclass(frozen=True)
class Case:
    id: str
    filename: str
    content: bytes | Callable[[], bytes]
    message: str  # a fragment of what the person reads
    line: int | None  # None: the problem is the whole file (no line to point at)
    column: str | None
    user_sees: str = ""  # for the issue note: the gist of what the Directorate reads

    def data(self) -> bytes:
        return self.content() if callable(self.content) else self.content


FORMULA = "text starts like a spreadsheet formula"
CASES = [
    # --- encodings and file structure ---------------------------------------------------
    Case(
        "wrong_encoding",
        "observations.csv",
        csv_bytes(
            OBS, "EL30,arrivals,2023,10,,,persons,test_reception,high,Ÿ ÿ fine", encoding="cp1252"
        ),
        "unknown text encoding",
        None,
        None,
    ),
    Case(
        "utf8_with_a_cp1253_line",
        "observations.csv",
        csv_bytes(
            OBS,
            GOOD.replace("SYNTHETIC", "Ήπειρος Αττική"),
            "EL41,arrivals,2024,5,,,persons,test_reception,high,Βόρειο Αιγαίο",
        )
        + "EL42,arrivals,2024,5,,,persons,test_reception,high,Νότιο Αιγαίο\n".encode("cp1253"),
        "bytes in another encoding",
        4,
        None,
    ),
    Case(
        "invalid_utf8_after_the_first_megabyte",
        "observations.csv",
        lambda: (
            csv_bytes(OBS, *[GOOD] * 20_000)
            + b"EL41,arrivals,2024,5,,,persons,test_reception,high,caf\xe9\n"
        ),
        "not valid utf-8",
        20_002,
        None,
    ),
    Case(
        "mixed_delimiters_in_header",
        "observations.csv",
        csv_bytes(OBS.replace(",value,", ";value;"), GOOD),
        "mixes ',' and ';'",
        1,
        None,
    ),
    Case(
        "semicolon_row_in_comma_file",
        "observations.csv",
        obs_rows(GOOD.replace("2023", "2024").replace(",", ";")),
        "fewer fields than the header",
        3,
        None,
    ),
    Case(
        "more_fields_than_header",
        "observations.csv",
        obs_rows(GOOD.replace("2023", "2024") + ",extra,cells"),
        "more fields than the header",
        3,
        None,
    ),
    Case(  # pandas took the extra cell for an index column and crashed (pyarrow/TypeError)
        "extra_field_in_first_data_row",
        "observations.csv",
        csv_bytes(OBS, GOOD + ",extra", GOOD.replace("2023", "2024")),
        "more fields than the header: 11 fields, the header has 10",
        2,
        None,
    ),
    Case(
        "extra_fields_in_the_only_data_row_cp1253",
        "observations.csv",
        csv_bytes(
            OBS.replace(",", ";"),
            GOOD.replace(",", ";").replace("SYNTHETIC", "Σημείωση;Αθήνα;Πειραιάς"),
            encoding="cp1253",
        ),
        "more fields than the header: 12 fields, the header has 10",
        2,
        None,
    ),
    Case(
        "unterminated_quote",
        "observations.csv",
        obs_rows(
            'EL41,arrivals,2024,5,,,persons,test_reception,high,"never closed',
            GOOD.replace("2023", "2025"),
        ),
        "quote",
        3,
        None,
    ),
    Case(
        "bom_in_the_middle",
        "observations.csv",
        csv_bytes(OBS, GOOD) + "\ufeff".encode() + csv_bytes(OBS, GOOD),
        "unknown region",
        3,
        "region",
    ),
    Case("empty_file", "observations.csv", b"", "the file is empty", None, None),
    Case(
        "blank_header_line", "observations.csv", b"\n\n" + csv_bytes(OBS, GOOD), "header", 1, None
    ),
    Case("header_only", "observations.csv", csv_bytes(OBS), "no data rows", None, None),
    Case(
        "binary_garbage",
        "observations.csv",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "not a text file",
        None,
        None,
    ),
    Case(
        "missing_required_column",
        "observations.csv",
        csv_bytes(OBS.replace(",source_id", ""), GOOD.replace(",test_reception", "")),
        "required column 'source_id' is missing",
        1,
        "source_id",
    ),
    Case(
        "extra_unknown_column",
        "observations.csv",
        csv_bytes(OBS + ",budget_eur", GOOD + ",1000"),
        "unknown column 'budget_eur'",
        1,
        "budget_eur",
    ),
    Case(
        "duplicate_header_column",
        "observations.csv",
        csv_bytes(OBS + ",value", GOOD + ",11"),
        "appears twice",
        1,
        "value",
    ),
    # --- cells ----------------------------------------------------------------------------
    Case(
        "unknown_region",
        "observations.csv",
        obs_rows("Atlantis,arrivals,2023,5,,,persons,test_reception,high,"),
        "unknown region",
        3,
        "region",
    ),
    Case(
        "homoglyph_region_code",
        "observations.csv",
        obs_rows("ΕL41,arrivals,2023,5,,,persons,test_reception,high,"),  # Greek Epsilon
        "unknown region",
        3,
        "region",
    ),
    Case(
        "duplicate_key_in_file",
        "observations.csv",
        obs_rows(GOOD.replace(",10,", ",11,")),
        "duplicate key",
        2,
        "region/indicator/period",  # the file has no municipality column
    ),
    Case(
        "duplicate_key_with_bundled",
        "observations.csv",
        obs_rows("EL41,arrivals,2022,21,,,persons,test_reception,high,"),
        "duplicate key",
        None,
        "region/indicator/period",  # the file has no municipality column
    ),
    Case(
        "negative_count_observation",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,-5,,,persons,test_reception,high,"),
        "must not be negative",
        3,
        "value",
    ),
    Case(
        "negative_capacity",
        "site_snapshots.csv",
        csv_bytes(SNAP, "site_a,2024-01-01,-100,50,test_reception,high,"),
        "must not be negative",
        2,
        "capacity",
    ),
    Case(
        "nan",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,NaN,,,persons,test_reception,high,"),
        "not a number",
        3,
        "value",
    ),
    Case(
        "infinity_word",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,Infinity,,,persons,test_reception,high,"),
        "not a number",
        3,
        "value",
    ),
    Case(
        "infinity_overflow",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,1e999,,,persons,test_reception,high,"),
        "not finite",
        3,
        "value",
    ),
    Case(
        "text_in_number",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,12 persons,,,persons,test_reception,high,"),
        "not a number",
        3,
        "value",
    ),
    Case(
        "non_ascii_digits",
        "site_snapshots.csv",
        csv_bytes(SNAP, "site_a,2024-01-01,١٢٠,５０,test_reception,high,"),
        "not a number",
        2,
        "capacity",
    ),
    Case(
        "greek_number_in_comma_file",
        "observations.csv",
        obs_rows('EL41,arrivals,2023,"1.234,5",,,persons,test_reception,high,'),
        "not a number",
        3,
        "value",
    ),
    Case(
        "international_number_in_semicolon_file",
        "observations.csv",
        csv_bytes(
            OBS.replace(",", ";"),
            GOOD.replace(",", ";"),
            "EL41;arrivals;2023;1,234.5;;;persons;test_reception;high;",
        ),
        "not a number",
        3,
        "value",
    ),
    Case(
        "year_before_1900",
        "observations.csv",
        obs_rows("EL41,arrivals,1850,5,,,persons,test_reception,high,"),
        "year outside",
        3,
        "period",
    ),
    Case(
        "year_after_2100",
        "site_snapshots.csv",
        csv_bytes(SNAP, "site_a,2150-01-01,100,50,test_reception,high,"),
        "year outside",
        2,
        "date",
    ),
    Case(
        "impossible_day",
        "observations.csv",
        obs_rows("EL41,arrivals,2023-02-30,5,,,persons,test_reception,high,"),
        "no such day",
        3,
        "period",
    ),
    Case(
        "date_in_wrong_format",
        "observations.csv",
        # 17/11/2023 is accepted (day first, as Greeks write it); a two-digit year is not
        obs_rows("EL41,arrivals,17/11/23,5,,,persons,test_reception,high,"),
        "not a date",
        3,
        "period",
    ),
    Case(
        "formula_hyperlink",
        "observations.csv",
        obs_rows(
            "EL41,arrivals,2023,5,,,persons,test_reception,high,"
            '"=HYPERLINK(""http://evil.example"",""click"")"'
        ),
        FORMULA,
        3,
        "note",
    ),
    Case(
        "formula_plus_cmd",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,,,persons,test_reception,high,+cmd|' /C calc'!A0"),
        FORMULA,
        3,
        "note",
    ),
    Case(
        "formula_at_sum",
        "sources.csv",
        csv_bytes(SOURCES, "mine,@SUM(1+1)*cmd,Title,,2023,CC BY,"),
        FORMULA,
        2,
        "publisher",
    ),
    Case(
        "formula_minus_cmd",
        "sources.csv",
        csv_bytes(SOURCES, "mine,Publisher,-cmd|calc,,2023,CC BY,"),
        FORMULA,
        2,
        "title",
    ),
    Case(
        "html_script_in_name",
        "sources.csv",
        csv_bytes(SOURCES, "mine,<script>alert(1)</script>,Title,,2023,CC BY,"),
        "HTML markup",
        2,
        "publisher",
    ),
    Case(
        "html_img_onerror_in_note",
        "observations.csv",
        obs_rows(
            'EL41,arrivals,2023,5,,,persons,test_reception,high,"<img src=x onerror=alert(1)>"'
        ),
        "HTML markup",
        3,
        "note",
    ),
    Case(
        "javascript_url",
        "sources.csv",
        csv_bytes(SOURCES, "mine,Publisher,Title,javascript:alert(1),2023,CC BY,"),
        "not a web address",
        2,
        "url",
    ),
    Case(
        "one_megabyte_cell",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,,,persons,test_reception,high," + "x" * 1_000_000),
        "longer than 2,000 characters",
        3,
        "note",
    ),
    Case(
        "unknown_qualifier",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,approx,,persons,test_reception,high,"),
        "unknown qualifier",
        3,
        "qualifier",
    ),
    Case(
        "value_high_without_range",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,,9,persons,test_reception,high,"),
        "value_high is only for qualifier 'range'",
        3,
        "value_high",
    ),
    Case(
        "unknown_confidence",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,,,persons,test_reception,certain,"),
        "unexpected value",
        3,
        "confidence",
    ),
    Case(
        "identifier_with_spaces",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,,,persons,test reception,high,"),
        "identifier may only contain",
        3,
        "source_id",
    ),
    Case(
        "not_a_yes_no",
        "governors.csv",
        csv_bytes(
            "region,term,name_en,name_el,party,confirmed,status_note,source_id",
            "EL30,2024-2028,Someone,,Party,maybe,,test_reception",
        ),
        "not a yes/no value",
        2,
        "confirmed",
    ),
    Case(
        "source_id_does_not_exist",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,5,,,persons,no_such_source,high,"),
        "not found in sources.csv",
        3,
        "source_id",
    ),
    Case(
        "indicator_does_not_exist",
        "observations.csv",
        obs_rows("EL41,no_such_indicator,2023,5,,,persons,test_reception,high,"),
        "not found in indicators.csv",
        3,
        "indicator",
    ),
    Case(
        "percentage_above_100",
        "observations.csv",
        obs_rows("EL41,reception_share,2023,150,,,percent,test_reception,high,"),
        "percentage above 100",
        3,
        "value",
    ),
    # --- spreadsheets -----------------------------------------------------------------------
    Case(
        "xlsx_merged_header",
        "observations.xlsx",
        lambda: obs_xlsx("A1:B1"),
        "merged cells",
        1,
        None,
    ),
    Case("xlsx_truncated", "observations.xlsx", truncated_xlsx, "not a valid XLSX", None, None),
    Case(
        "xlsx_without_sheet",
        "observations.xlsx",
        xlsx_without_sheet,
        "not a valid XLSX",
        None,
        None,
    ),
    Case("csv_renamed_to_xlsx", "observations.xlsx", obs_rows(), "not a valid XLSX", None, None),
    Case(
        "xlsx_formula_cell",
        "observations.xlsx",
        lambda: xlsx_bytes(
            [
                OBS.split(","),
                [
                    "EL41",
                    "arrivals",
                    "2023",
                    5,
                    None,
                    None,
                    "persons",
                    "test_reception",
                    "high",
                    "=1+1",
                ],
            ]
        ),
        "formula without a saved result",
        2,
        "note",
    ),
    # --- files as a Greek office makes them (issue 14): refused, never loaded wrong -------
    Case(
        "count_with_dot_thousands_in_comma_file",
        "site_snapshots.csv",
        csv_bytes(SNAP, "site_a,2024-01-01,1.500,50,test_reception,high,"),
        "ambiguous number",
        2,
        "capacity",
    ),
    Case(
        "persons_with_three_decimals_in_comma_file",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,12.345,,,persons,test_reception,high,"),
        "ambiguous number",
        3,
        "value",
    ),
    # an unquoted Greek decimal ('12,5') in a comma file splits the value into two fields;
    # with a carriage return in the line it ended in a `_csv.Error` traceback (issue 25)
    Case(
        "unquoted_decimal_in_comma_file",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,12,5,,,persons,test_reception,high,SYNTHETIC"),
        "line 3: this row has more fields than the header: 11 fields, the header has 10",
        3,
        None,
    ),
    Case(
        "unquoted_decimal_in_comma_file_stray_cr",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,12,5,,,persons,test_reception,high,SYNTHETIC\r"),
        "line 3: this row has more fields than the header",
        3,
        None,
    ),
    Case(
        "unquoted_decimal_in_comma_file_crlf",
        "observations.csv",
        (OBS + "\r\n" + GOOD + "\r\n").encode()
        + b"EL41,arrivals,2023,12,5,,,persons,test_reception,high,SYNTHETIC\r\n",
        "line 3: this row has more fields than the header",
        3,
        None,
    ),
    Case(
        "unquoted_decimal_in_comma_file_lone_cr_in_field",
        "observations.csv",
        obs_rows(
            "EL41,arrivals,2023,12,5,,,persons,test_reception,high,SYN\rTHETIC",
            GOOD.replace("2023", "2025"),
        ),
        "line 3: this row has more fields than the header",
        3,
        None,
    ),
    Case(
        "unquoted_decimal_in_comma_file_cr_line_ends",
        "observations.csv",
        "\r".join(
            [OBS, GOOD, "EL41,arrivals,2023,12,5,,,persons,test_reception,high,SYNTHETIC\r"]
        ).encode(),
        "line 3: this row has more fields than the header",
        3,
        None,
    ),
    Case(
        "fractional_count_of_persons",
        "observations.csv",
        obs_rows("EL41,arrivals,2023,12.5,,,persons,test_reception,high,"),
        "a count must be a whole number",
        3,
        "value",
    ),
    Case(
        "fractional_capacity",
        "site_snapshots.csv",
        csv_bytes(SNAP, "site_a,2024-01-01,100.5,50,test_reception,high,"),
        "a count must be a whole number",
        2,
        "capacity",
    ),
    Case(
        "xlsx_percent_cell_for_a_count",
        "observations.xlsx",
        lambda: office_xlsx(
            [
                OBS.split(","),
                ["EL41", "arrivals", "2023", 0.45, None, None, None, "test_reception"],
            ],
            {"D2": "0.00%"},
        ),
        "written as a percentage",
        2,
        "value",
    ),
    Case(
        "period_typed_2042_for_2024",
        "observations.csv",
        obs_rows("EL41,arrivals,2099,5,,,persons,test_reception,high,"),
        "a date in the future",
        3,
        "period",
    ),
    Case(
        "snapshot_date_in_the_future",
        "site_snapshots.csv",
        csv_bytes(SNAP, "site_a,17/3/2099,100,50,test_reception,high,"),
        "a date in the future",
        2,
        "date",
    ),
    Case(
        "planned_event_beyond_the_margin",
        "events.csv",
        csv_bytes(EVENTS, "ev_far,Σύνοδος,Summit,2099-01-01,,,,,,ein,,test_reception,SYNTHETIC"),
        "years ahead",
        2,
        "start",
    ),
    Case(
        "greek_date_that_does_not_exist",
        "observations.csv",
        greek_rows("Ήπειρος;arrivals;31/02/2024;5;;;persons;test_reception;high;"),
        "no such day",
        2,
        "period",
    ),
    Case(
        "totals_row_that_does_not_add_up",
        "observations.csv",
        greek_rows(
            "Ήπειρος;arrivals;2024;1.000;;;persons;test_reception;high;",
            "Κρήτη;arrivals;2024;500;;;persons;test_reception;high;",
            "ΣΥΝΟΛΟ;arrivals;2024;1.600;;;persons;test_reception;high;",
        ),
        "the totals row says 1,600 but the 2 rows above it add up to 1,500",
        4,
        "value",
    ),
    Case(
        "totals_row_with_nothing_above",
        "observations.csv",
        greek_rows("Σύνολο Επικράτειας;arrivals;2024;1.000;;;persons;test_reception;high;"),
        "no rows above it",
        2,
        "region",
    ),
    Case(
        "totals_row_in_a_table_of_sites",
        "sites.csv",
        csv_bytes(
            "site_id,name_en,name_el,site_type,municipality,regional_unit,region,source_id,note",
            "site_z,Total,Σύνολο,,,,ΣΥΝΟΛΟ,test_reception,",
        ),
        "a totals row is not a region",
        2,
        "region",
    ),
    Case(
        "macedonia_alone",
        "observations.csv",
        greek_rows("Μακεδονία;arrivals;2024;5;;;persons;test_reception;high;"),
        "Κεντρική Μακεδονία (EL52)",
        2,
        "region",
    ),
    Case(
        "old_excel_xls",
        "observations.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),
        "old Excel file (.xls)",
        None,
        None,
    ),
    Case(
        "utf16_without_bom",
        "observations.csv",
        csv_bytes(OBS, GOOD, encoding="utf-16-le"),
        "UTF-16 text without a byte-order mark",
        None,
        None,
    ),
    Case(
        "xlsx_merged_region_cells",
        "observations.xlsx",
        merged_region_xlsx,
        "merged cells (A3:A4)",
        3,
        "region",
    ),
    Case(
        "xlsx_title_row_above_the_header",
        "observations.xlsx",
        title_row_xlsx,
        "the first row must be the header",
        1,
        None,
    ),
    Case(
        "csv_title_row_above_the_header",
        "observations.csv",
        csv_bytes(
            "Αφίξεις 2024 (ΣΥΝΘΕΤΙΚΑ);;;;;;;;;",
            OBS.replace(",", ";"),
            "Ήπειρος;arrivals;2024;5;;;persons;test_reception;high;",
            encoding="cp1253",
        ),
        "the first row must be the header",
        1,
        None,
    ),
    Case(
        "xlsx_zip_bomb",
        "observations.xlsx",
        zip_bomb_xlsx,
        "would unpack to",
        None,
        None,
    ),
    Case(
        "xlsx_with_thousands_of_parts",
        "observations.xlsx",
        many_parts_xlsx,
        "parts inside",
        None,
        None,
    ),
    Case(
        "value_under_a_column_without_a_name",
        "observations.csv",
        csv_bytes(
            OBS.replace(",", ";") + ";",
            "Ήπειρος;arrivals;2024;5;;;persons;test_reception;high;;oops",
            encoding="cp1253",
        ),
        "a value in a column without a name",
        2,
        None,
    ),
    # --- file names -------------------------------------------------------------------------
    Case(
        "path_traversal_name",
        "observations..%2F..%2Fetc.csv",
        obs_rows(),
        "unsupported characters in the file name",
        None,
        None,
    ),
    Case(
        "shell_metacharacters_name",
        "observations$(reboot).csv",
        obs_rows(),
        "unsupported characters in the file name",
        None,
        None,
    ),
    Case(
        "backslash_traversal_name",
        "..\\..\\observations.csv",
        obs_rows(),
        "unsupported characters in the file name",
        None,
        None,
    ),
    Case(
        "unknown_table_name", "budget_2024.csv", obs_rows(), "does not match any table", None, None
    ),
]


def write_case(folder: Path, case: Case) -> Path:
    path = folder / case.filename
    path.write_bytes(case.data())
    return path


def test_at_least_seventy_hostile_cases():
    assert len(CASES) >= 70
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_fails_clearly_and_keeps_live_db(fixture_raw, live_db, input_dir, case):
    before = digest(live_db)
    path = write_case(input_dir, case)
    with pytest.raises(EtlError) as info:
        build(fixture_raw, [input_dir], db_path=live_db)
    err, text = info.value, str(info.value)
    assert case.message in text, text
    # the file is named, in the error and in what the person reads
    assert Path(str(err.file)).name == path.name, text
    assert f"file {path.name}" in text
    if case.line is not None:
        assert err.line == case.line, text
        assert f"line {case.line}" in text
    if case.column is not None:
        assert err.column == case.column, text
        assert f"column '{case.column}'" in text
    assert digest(live_db) == before
    leftovers = [p.name for p in live_db.parent.iterdir() if ".tmp" in p.name or ".wal" in p.name]
    assert not leftovers


def test_duplicate_with_bundled_names_both_places(fixture_raw, live_db, input_dir):
    case = next(c for c in CASES if c.id == "duplicate_key_with_bundled")
    write_case(input_dir, case)
    with pytest.raises(EtlError) as info:
        build(fixture_raw, [input_dir], db_path=live_db)
    text = str(info.value)
    assert "observations.csv line 3" in text  # the Directorate's row
    assert "also at" in text


def test_symlink_out_of_the_folder_is_refused(fixture_raw, live_db, input_dir, tmp_path):
    """A link named like a table but pointing elsewhere must not smuggle in another file."""
    outside = tmp_path / "secret.txt"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (input_dir / "observations.csv").symlink_to(outside)
    before = digest(live_db)
    with pytest.raises(EtlError) as info:
        build(fixture_raw, [input_dir], db_path=live_db)
    assert "observations.csv" in str(info.value)
    assert "outside the input folder" in str(info.value)
    assert digest(live_db) == before


def test_excel_lock_file_is_ignored(fixture_raw, tmp_path, input_dir):
    """While a workbook is open Excel writes '~$name.xlsx' next to it: not an input."""
    (input_dir / "~$observations.xlsx").write_bytes(b"\x00lock")
    (input_dir / "observations.csv").write_bytes(obs_rows())
    assert build(fixture_raw, [input_dir], db_path=tmp_path / "ok.duckdb").replaced


@pytest.mark.parametrize(
    "case_id",
    [
        "unknown_region",
        "binary_garbage",
        "formula_plus_cmd",
        "xlsx_truncated",
        "xlsx_zip_bomb",
        "xlsx_merged_region_cells",
        "totals_row_that_does_not_add_up",
        "macedonia_alone",
        "old_excel_xls",
    ],
)
def test_cli_prints_the_place_and_keeps_the_database(
    fixture_raw, live_db, input_dir, capsys, case_id
):
    """What the Directorate actually runs: exit code 1, the place, 'not changed'."""
    case = next(c for c in CASES if c.id == case_id)
    path = write_case(input_dir, case)
    before = digest(live_db)
    code = cli_main(
        ["--raw", str(fixture_raw), "--input", str(input_dir), "--db", str(live_db), "-q"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert path.name in err and case.message in err
    assert "Traceback" not in err
    assert "not changed" in err
    assert digest(live_db) == before


# --- files that look odd but are fine: the battery must not reject good data -----------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("observations.csv", "\ufeff".encode() + obs_rows()),
        ("observations.csv", csv_bytes(OBS, GOOD, encoding="utf-16")),
        (
            "observations_greek.csv",
            csv_bytes(
                OBS.replace(",", ";"),
                "Περιφέρεια Ηπείρου;arrivals;2023;1.234;;;persons;test_reception;high;ΣΥΝΘΕΤΙΚΟ",
                "Περιφέρεια Ηπείρου;reception_share;2023;12,5;;;percent;test_reception;high;",
                encoding="cp1253",
            ),
        ),
        (
            "observations_iso.csv",
            csv_bytes(
                OBS.replace(",", ";"),
                "ΗΠΕΙΡΟΣ;arrivals;2023;12;;;persons;test_reception;high;",
                encoding="iso-8859-7",
            ),
        ),
        ("observations.xlsx", obs_xlsx()),
        ("observations_crlf.csv", obs_rows().replace(b"\n", b"\r\n")),
    ],
    ids=["utf8_bom", "utf16_bom", "cp1253_semicolon", "iso8859_7", "xlsx", "crlf"],
)
def test_legitimate_variants_load(fixture_raw, tmp_path, input_dir, name, data):
    (input_dir / name).write_bytes(data)
    result = build(fixture_raw, [input_dir], db_path=tmp_path / "ok.duckdb")
    assert result.replaced
