import zipfile

import pytest
from openpyxl import Workbook

from etl.errors import EtlError
from etl.readers import read_table

GREEK_CSV = "region;indicator;period;value\nΉπειρος;population_census;2021;319.543\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1253", "iso-8859-7", "utf-16"])
def test_encodings_read_greek_correctly(tmp_path, encoding):
    path = tmp_path / "observations.csv"
    path.write_bytes(GREEK_CSV.encode(encoding))
    table = read_table(path)
    assert table.frame.loc[2, "region"] == "Ήπειρος"
    assert table.frame.loc[2, "value"] == "319.543"
    assert table.delimiter == ";" and table.greek_numbers


def test_comma_file_uses_international_numbers(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,value\nEL54,1.5\n", encoding="utf-8")
    table = read_table(path)
    assert table.delimiter == "," and not table.greek_numbers


def test_header_is_normalised(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("\ufeffRegion , Source ID\nEL54,x\n", encoding="utf-8")
    assert list(read_table(path).frame.columns) == ["region", "source_id"]


def test_quoted_cells_with_delimiters(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text('event_id,title_en\na,"Berlin, 1991"\n', encoding="utf-8")
    assert read_table(path).frame.loc[2, "title_en"] == "Berlin, 1991"


def test_empty_file(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(b"")
    with pytest.raises(EtlError, match="empty"):
        read_table(path)


def test_binary_garbage(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(EtlError, match="not a text file"):
        read_table(path)


def test_row_with_fewer_fields_names_the_line(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,indicator,value\nEL54,x,1\nEL30;x;2\n", encoding="utf-8")
    with pytest.raises(EtlError) as info:
        read_table(path)
    assert info.value.line == 3 and "fewer fields" in str(info.value)


def test_row_with_more_fields_names_the_line(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,value\nEL54,1\nEL30,2,3,4\n", encoding="utf-8")
    with pytest.raises(EtlError) as info:
        read_table(path)
    assert info.value.line == 3


def test_mixed_header_delimiters(tmp_path):
    path = tmp_path / "observations.csv"
    path.write_text("region,indicator;period;value\nEL54,x;2021;1\n", encoding="utf-8")
    with pytest.raises(EtlError, match="mixes"):
        read_table(path)


def test_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "indicator", "period", "value"])
    ws.append(["Epirus", "population_census", "2021", 319543])
    ws.append([None, None, None, None])
    path = tmp_path / "observations.xlsx"
    wb.save(path)
    frame = read_table(path).frame
    assert len(frame) == 1 and frame.loc[2, "value"] == "319543"


def test_xlsx_merged_header(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["region", "indicator", "period", "value"])
    ws.merge_cells("A1:B1")
    path = tmp_path / "observations.xlsx"
    wb.save(path)
    with pytest.raises(EtlError, match="merged"):
        read_table(path)


def test_truncated_xlsx(tmp_path):
    wb = Workbook()
    wb.active.append(["region"])
    good = tmp_path / "good.xlsx"
    wb.save(good)
    bad = tmp_path / "observations.xlsx"
    bad.write_bytes(good.read_bytes()[:300])
    with pytest.raises(EtlError, match="damaged or truncated"):
        read_table(bad)
    assert zipfile.is_zipfile(good)


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "observations.ods"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(EtlError, match="unsupported file type"):
        read_table(path)
