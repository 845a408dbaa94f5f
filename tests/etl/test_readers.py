import zipfile
from datetime import datetime

import duckdb
import pytest
from openpyxl import Workbook

from etl.errors import EtlError
from etl.readers import cell_text, date_precision, stage
from etl.schema import Column, FileSpec

# A spec with optional columns only, so these tests see the reader, not the contracts.
SPEC = FileSpec(
    "observations",
    tuple(Column(n) for n in ("region", "indicator", "period", "value", "source_id", "title_en")),
    key=("region",),
)
GREEK_CSV = "region;indicator;period;value\nΉπειρος;population_census;2021;319.543\n"


def read(path, spec=SPEC):
    con = duckdb.connect()
    staged = stage(con, path, spec, path.parent, "t")
    frame = con.execute(f"select * from {staged.relation} order by _line").df()
    return staged, frame.set_index("_line").fillna("")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1253", "iso-8859-7", "utf-16"])
def test_encodings_read_greek_correctly(tmp_path, encoding):
    path = tmp_path / "observations.csv"
    path.write_bytes(GREEK_CSV.encode(encoding))
    staged, frame = read(path)
    assert frame.loc[2, "region"] == "Ήπειρος"
    assert frame.loc[2, "value"] == "319.543"
    assert staged.greek_numbers


def test_comma_file_uses_international_numbers(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,value\nEL54,1.5\n", encoding="utf-8")
    staged, _ = read(path)
    assert not staged.greek_numbers


def test_header_is_normalised(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("\ufeffRegion , Source ID\nEL54,x\n", encoding="utf-8")
    staged, frame = read(path)
    assert staged.columns == ["region", "source_id"]
    assert list(frame.columns) == ["region", "source_id"]


def test_quoted_cells_with_delimiters(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text('region,title_en\na,"Berlin, 1991"\n', encoding="utf-8")
    assert read(path)[1].loc[2, "title_en"] == "Berlin, 1991"


def test_line_numbers_count_blank_lines_and_skip_separator_rows(tmp_path):
    """A blank line is a row in a spreadsheet; a row of bare separators is left out; a cell
    with a line break stays one row."""
    path = tmp_path / "observations.csv"
    path.write_text(
        'region;value\nEL54;1\n\nEL30;2\n;\n"EL4\n1";3\nEL43;4\n;\n\n', encoding="utf-8"
    )
    _, frame = read(path)
    assert frame["region"].to_dict() == {2: "EL54", 4: "EL30", 6: "EL4\n1", 7: "EL43"}


def test_trailing_empty_columns_are_ignored(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes("region;value;;;\nEL54;1;;;\nEL30;2;;;\n;;;;\n".encode("cp1253"))
    staged, frame = read(path)
    assert staged.columns == ["region", "value"]
    assert list(frame.index) == [2, 3]


def test_value_under_a_column_without_a_name_is_refused(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region;value;;\nEL54;1;;\nEL30;2;x;\n", encoding="utf-8")
    with pytest.raises(EtlError, match="without a name") as info:
        read(path)
    assert info.value.line == 3


def test_title_row_above_the_header(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("Αφίξεις ανά περιφέρεια 2024;;\nregion;value\nEL54;1\n", encoding="utf-8")
    with pytest.raises(EtlError, match="first row must be the header") as info:
        read(path)
    assert info.value.line == 1 and "Αφίξεις" in str(info.value)


def test_empty_file(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(b"")
    with pytest.raises(EtlError, match="empty"):
        read(path)


def test_binary_garbage(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(EtlError, match="not a text file"):
        read(path)


def test_utf16_without_bom_says_what_it_is(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes("region,value\nEL54,1\n".encode("utf-16-le"))
    with pytest.raises(EtlError, match="UTF-16 text without a byte-order mark"):
        read(path)


def test_row_with_fewer_fields_names_the_line(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,indicator,value\nEL54,x,1\nEL30;x;2\n", encoding="utf-8")
    with pytest.raises(EtlError) as info:
        read(path)
    assert info.value.line == 3 and "fewer fields" in str(info.value)


def test_every_broken_row_is_reported(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,value\nEL54,1\nEL30,2,3\nEL41\nEL43,4\n", encoding="utf-8")
    with pytest.raises(EtlError) as info:
        read(path)
    assert [p.line for p in info.value.problems] == [3, 4]


def test_row_with_more_fields_names_the_line(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,value\nEL54,1\nEL30,2,3,4\n", encoding="utf-8")
    with pytest.raises(EtlError) as info:
        read(path)
    assert info.value.line == 3


def test_mixed_line_ends_are_read(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(b"region,value\r\nEL54,1\nEL30,2\r\n")
    assert read(path)[1]["value"].to_dict() == {2: "1", 3: "2"}


def test_mixed_header_delimiters(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,indicator;period;value\nEL54,x;2021;1\n", encoding="utf-8")
    with pytest.raises(EtlError, match="mixes"):
        read(path)


def test_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "indicator", "period", "value"])
    ws.append(["Epirus", "population_census", "2021", 319543])
    ws.append([None, None, None, None])
    path = tmp_path / "observations.xlsx"
    wb.save(path)
    _, frame = read(path)
    assert len(frame) == 1 and frame.loc[2, "value"] == "319543"


def test_xlsx_keeps_row_numbers_and_what_cells_show(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "period", "value", "title_en"])
    ws.append(["EL54", datetime(2024, 3, 1), 0.4512, "x"])
    ws["B2"].number_format = "mmm-yy"
    ws["C2"].number_format = "0.00%"
    ws.append([None, None, None, None])
    ws.append(["EL30", datetime(2024, 3, 17), 12.5, None])
    ws["B4"].number_format = "dd/mm/yyyy"
    path = tmp_path / "observations.xlsx"
    wb.save(path)
    _, frame = read(path)
    assert frame.loc[2, "period"] == "2024-03" and frame.loc[2, "value"] == "45.12%"
    assert frame.loc[4, "period"] == "2024-03-17" and frame.loc[4, "value"] == "12.5"


@pytest.mark.parametrize(
    ("fmt", "precision"),
    [
        ("mmm-yy", "month"),
        ("mm/yyyy", "month"),
        ("yyyy", "year"),
        ("d/m/yyyy", "day"),
        ("yyyy-mm-dd h:mm", "day"),
        ('"Month "mmm yyyy', "month"),
        ("General", "day"),
    ],
)
def test_date_precision_from_number_format(fmt, precision):
    assert date_precision(fmt) == precision


def test_cell_text():
    assert cell_text(0.45, "0%") == "45%"
    assert cell_text(0.1 + 0.2) == "0.3"
    assert cell_text(3.0) == "3"
    assert cell_text(True) == "true"
    assert cell_text(datetime(2021, 5, 4), "yyyy") == "2021"


def test_xlsx_merged_header(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "indicator", "period", "value"])
    ws.merge_cells("A1:B1")
    path = tmp_path / "observations.xlsx"
    wb.save(path)
    with pytest.raises(EtlError, match="merged"):
        read(path)


def test_xlsx_merged_region_cells(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "indicator", "period", "value"])
    ws.append(["Αττική", "a", "2021", 1])
    ws.append([None, "b", "2021", 2])
    ws.merge_cells("A2:A3")
    path = tmp_path / "observations.xlsx"
    wb.save(path)
    with pytest.raises(EtlError, match=r"merged cells \(A2:A3\)") as info:
        read(path)
    assert (info.value.line, info.value.column) == (2, "region")


def test_truncated_xlsx(tmp_path):
    wb = Workbook()
    wb.active.append(["region"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "observations.xlsx"
    bad.write_bytes(good.read_bytes()[:300])
    with pytest.raises(EtlError, match="damaged or truncated"):
        read(bad)
    assert zipfile.is_zipfile(good)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "observations.ods"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(EtlError, match="unsupported file type"):
        read(path)
