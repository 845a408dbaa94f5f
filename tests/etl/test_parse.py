from datetime import date

import pandas as pd
import pytest

from atlas import periods
from etl import parse
from etl.errors import EtlError

CTX = {"file": "x.csv", "column": "value"}


def series(*values):
    return pd.Series(list(values), index=range(2, 2 + len(values)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234.0),
        ("1234.5", 1234.5),
        ("-3", -3.0),
        ("0.29", 0.29),
        ("1e3", 1000.0),
        (" 12 ", 12.0),
    ],
)
def test_international_numbers(text, expected):
    out = parse.parse_numbers(series(text), CTX, greek=False, required=True, non_negative=False)
    assert out.iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("0,29", 0.29),
        ("12", 12.0),
        ("3.792.469", 3792469.0),
    ],
)
def test_greek_numbers(text, expected):
    out = parse.parse_numbers(series(text), CTX, greek=True, required=True, non_negative=False)
    assert out.iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", ["abc", "1,234", "NaN", "inf", "12%", "1.2.3", "--1"])
def test_bad_international_numbers_name_the_line(text):
    with pytest.raises(EtlError) as info:
        parse.parse_numbers(series("1", text), CTX, greek=False, required=True, non_negative=False)
    assert info.value.line == 3 and info.value.column == "value"


@pytest.mark.parametrize("text", ["1234.5", "1,2,3", "NaN", "x"])
def test_bad_greek_numbers(text):
    with pytest.raises(EtlError, match="not a number"):
        parse.parse_numbers(series(text), CTX, greek=True, required=True, non_negative=False)


def test_negative_rejected_for_counts():
    with pytest.raises(EtlError, match="negative"):
        parse.parse_numbers(series("5", "-1"), CTX, greek=False, required=True, non_negative=True)


def test_empty_number_is_missing_not_zero():
    out = parse.parse_numbers(series(""), CTX, greek=False, required=False, non_negative=True)
    assert pd.isna(out.iloc[0])


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
        ("2022-02", date(2022, 2, 1), date(2022, 2, 28), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2019-11-14", date(2019, 11, 14), date(2019, 11, 14), "day"),
        ("--11-17", None, None, "day_no_year"),
    ],
)
def test_partial_dates(text, start, end, precision):
    got = periods.partial_date(text)
    assert got[:3] == (start, end, precision)


@pytest.mark.parametrize(
    "text",
    [
        "2021-13",
        "2021-02-30",
        "1850",
        "2200-01-01",
        "17/11/2022",
        "--02-30",
        "2021-1-5",
        "yesterday",
    ],
)
def test_bad_dates(text):
    with pytest.raises(ValueError):
        periods.partial_date(text)


def test_bad_date_error_names_line_and_column():
    with pytest.raises(EtlError) as info:
        parse.parse_partial_dates(
            series("2021", "2021-13"), {"file": "f.csv", "column": "period"}, required=True
        )
    assert (info.value.line, info.value.column, info.value.value) == (3, "period", "2021-13")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "="),
        ("<", "<"),
        ("≤", "<="),
        (">=", ">="),
        ("≈", "~"),
        ("range", "range"),
    ],
)
def test_qualifiers(text, expected):
    assert parse.parse_qualifiers(series(text), CTX).iloc[0] == expected


def test_unknown_qualifier():
    with pytest.raises(EtlError, match="qualifier"):
        parse.parse_qualifiers(series("about-ish"), CTX)


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(A1)", "-cmd"]
)
def test_formula_injection_rejected(text):
    with pytest.raises(EtlError, match="formula"):
        parse.check_text(series(text), CTX, required=False)


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_html_rejected(text):
    with pytest.raises(EtlError, match="HTML"):
        parse.check_text(series(text), CTX, required=False)


def test_plain_text_with_lt_sign_is_fine():
    assert parse.check_text(series("below <0.29 %"), CTX, required=False).iloc[0]


def test_huge_cell_rejected():
    with pytest.raises(EtlError, match="longer"):
        parse.check_text(series("x" * 1_000_000), CTX, required=False)


@pytest.mark.parametrize(
    ("text", "stored", "start", "precision"),
    [
        ("17/3/2024", "2024-03-17", date(2024, 3, 17), "day"),
        ("31/03/2024", "2024-03-31", date(2024, 3, 31), "day"),
        ("31.03.2024", "2024-03-31", date(2024, 3, 31), "day"),
        ("3/2024", "2024-03", date(2024, 3, 1), "month"),
        ("2024-03-17", "2024-03-17", date(2024, 3, 17), "day"),
    ],
)
def test_greek_dates_are_day_first(text, stored, start, precision):
    got = parse.parse_period(text)
    assert (got[0], got[1], got[3]) == (stored, start, precision)


@pytest.mark.parametrize("text", ["31/02/2024", "17/13/2024", "17/3/24", "3/17/2024", "13/2024"])
def test_bad_greek_dates(text):
    with pytest.raises(ValueError):
        parse.parse_period(text)


@pytest.mark.parametrize("text", ["1.500", "12.345", "-1.000", "1.000"])
def test_dot_thousands_in_a_count_of_a_comma_file_is_ambiguous(text):
    with pytest.raises(EtlError, match="ambiguous number"):
        parse.parse_numbers(
            series(text), CTX, greek=False, required=True, non_negative=False, count=True
        )


def test_same_text_in_a_greek_file_is_a_whole_count():
    out = parse.parse_numbers(
        series("1.500"), CTX, greek=True, required=True, non_negative=True, count=True
    )
    assert out.iloc[0] == 1500


@pytest.mark.parametrize("text", ["12.5", "0.1", "3,5"])
def test_counts_are_whole_numbers(text):
    with pytest.raises(EtlError, match="whole number"):
        parse.parse_numbers(
            series(text), CTX, greek="," in text, required=True, non_negative=True, count=True
        )


def test_percent_sign_only_where_allowed():
    out = parse.parse_numbers(
        series("45%", "12.5 %"), CTX, greek=False, required=True, non_negative=False,
        percent_ok=True,
    )  # fmt: skip
    assert list(out) == [45.0, 12.5]
    with pytest.raises(EtlError, match="not a number"):
        parse.parse_numbers(series("45%"), CTX, greek=False, required=True, non_negative=False)
