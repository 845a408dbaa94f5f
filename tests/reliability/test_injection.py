"""Injection: HTML/JS in data is refused by the ETL (see test_hostile_inputs) and, should it
reach the database anyway (a file edited by hand, a future loader), it is shown as text in
tooltips, tables and exports; CSV exports neutralise formula prefixes; SQL is parameterised.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from atlas import classify, db, maps
from atlas.export import safe_csv
from atlas.views import explorer as xv
from atlas.views.shapes import find_export

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert('atlas')</script>"
IMG = "<img src=x onerror=alert(1)>"
FORMULA = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory) -> Path:
    """The fixture database with markup and formulas written straight into the marts,
    bypassing the ETL's checks (defence in depth: the app must not trust the database)."""
    path = tmp_path_factory.mktemp("hostile") / "atlas.duckdb"
    shutil.copyfile(built_db, path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "update regions set name_en = ?, name_el = ? where region_code = 'EL30'",
            [SCRIPT, SCRIPT],
        )
        con.execute(
            "update sources set title = ?, publisher = ? where source_id = ?",
            [IMG, FORMULA, "test_reception"],
        )
    return path


def runner(path: Path):
    con = db.connect(path)
    return con, (lambda sql, params=(): db.execute(con, sql, params))


def arrivals_view(path: Path, lang: str = "en"):
    con, run = runner(path)
    try:
        return xv.explorer_view(run, "arrivals", "2022", "value", "quantiles", lang)
    finally:
        con.close()


def test_tooltips_escape_markup(hostile_db):
    view = arrivals_view(hostile_db)
    cells = [c for rows in view.map.choropleth.tooltips.values() for pair in rows for c in pair]
    text = " ".join(cells)
    assert "<script" not in text and "<img" not in text
    assert html.escape(SCRIPT) in text  # shown, as text
    assert html.escape(IMG) in text or html.escape(f"{FORMULA}, {IMG}") in text


def test_choropleth_spec_escapes_every_field():
    frame = pd.DataFrame(
        {
            "region_code": ["EL30", "EL41"],
            "name": [SCRIPT, "ok"],
            "value": [1.0, 2.0],
            "qualifier": ["=", "="],
            "value_high": [None, None],
        }
    )
    spec = classify.choropleth_spec(
        frame, lang="en", title=IMG, unit="persons", extra_tooltip={"EL41": [(SCRIPT, IMG)]}
    )
    for rows in spec.tooltips.values():
        for label, value in rows:
            assert "<" not in label and "<" not in value


def test_rendered_map_carries_no_live_markup(hostile_db):
    import json

    view = arrivals_view(hostile_db)
    geo = json.loads((ROOT / "geo" / "data" / "regions.geojson").read_text(encoding="utf-8"))
    page = maps.standalone_html(maps.choropleth_map(view.map.choropleth, geo, None))
    assert SCRIPT not in page and IMG not in page


def test_csv_export_neutralises_formulas_and_keeps_markup_as_text(hostile_db):
    view = arrivals_view(hostile_db)
    text = find_export(view.exports, "csv").data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [c for row in rows for c in row]
    for cell in cells:
        if cell[:1] in ("=", "+", "@", "\t", "\r") or (cell[:1] == "-" and not _is_number(cell)):
            pytest.fail(f"formula-like cell in the export: {cell!r}")
    assert "'" + FORMULA in cells
    assert IMG in cells  # a CSV is data: the text itself, not rendered


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


@pytest.mark.parametrize(
    "payload",
    [
        "=1+1",
        "+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        FORMULA,
        "=cmd|'/c calc'!A1",
    ],
)
def test_safe_csv_neutralises_formula_prefixes(payload):
    out = safe_csv(pd.DataFrame({"text": [payload]}), footer=[payload])
    body = out.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(body, newline="")) for c in row]
    assert "'" + payload in cells
    assert payload not in cells
    assert f"# '{payload}" in body


@pytest.mark.parametrize("number", ["-5", "-0.5", "+3", "-1e3"])
def test_safe_csv_keeps_signed_numbers(number):
    body = safe_csv(pd.DataFrame({"v": [number]})).decode("utf-8-sig")
    assert number in list(csv.reader(io.StringIO(body)))[1]


def test_table_and_captions_show_markup_as_text(hostile_db, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ATLAS_DB", str(hostile_db))
    monkeypatch.chdir(ROOT)
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=30)
        at.query_params.update({"lang": "en", "indicator": "arrivals", "period": "2022"})
        at.run()
        at.switch_page("pages/map_explorer.py").run()
        assert not at.exception
        shown = " ".join(h.value for h in at.html if "atlas-sortable" in h.value)
        # the light table (HTML) shows the markup as text: escaped, never as markup
        assert html.escape(SCRIPT) in shown and SCRIPT not in shown and "<img" not in shown
        for md in at.markdown:
            if md.proto.allow_html:
                assert SCRIPT not in md.value and IMG not in md.value
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()


# --- every query parameterised ---------------------------------------------------------------

SQL_WORDS = ("select ", "insert ", "update ", "delete ", " where ", " from ")
CONSTANT = __import__("re").compile(r"^_?[A-Z][A-Z0-9_]*$")


def interpolated_sql(source: str, filename: str = "<src>") -> list[str]:
    """Places where a value is formatted into SQL text: f-strings whose placeholders are not
    module constants, ``.format()`` or ``%`` on SQL, and string concatenation with SQL."""
    problems = []
    tree = ast.parse(source, filename)

    def is_sql(node: ast.AST) -> bool:
        text = ""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
        return any(w in text.lower() for w in SQL_WORDS)

    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and is_sql(node):
            for part in node.values:
                if isinstance(part, ast.FormattedValue) and not (
                    isinstance(part.value, ast.Name) and CONSTANT.match(part.value.id)
                ):
                    problems.append(
                        f"{filename}:{node.lineno}: f-string interpolates "
                        f"{ast.unparse(part.value)!r} into SQL"
                    )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and is_sql(node.func.value)
        ):
            problems.append(f"{filename}:{node.lineno}: str.format() on SQL")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and is_sql(node.left):
            problems.append(f"{filename}:{node.lineno}: %-formatting on SQL")
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Add)
            and (is_sql(node.left) or is_sql(node.right))
        ):
            problems.append(f"{filename}:{node.lineno}: SQL built by concatenation")
    return problems


QUERY_FILES = sorted((ROOT / "atlas" / "queries").glob("*.py"))


def test_query_modules_exist():
    assert QUERY_FILES, "atlas/queries/*.py not found"


@pytest.mark.parametrize("path", QUERY_FILES, ids=[p.name for p in QUERY_FILES])
def test_every_query_is_parameterised(path):
    assert interpolated_sql(path.read_text(encoding="utf-8"), path.name) == []


def test_views_and_pages_hold_no_sql():
    for path in [*(ROOT / "atlas" / "views").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                low = node.value.lower()
                assert not ("select " in low and " from " in low), f"SQL in {path.name}"


@pytest.mark.parametrize(
    "bad",
    [
        "def q(run, x):\n    return run(f\"select * from t where a = '{x}'\", [])\n",
        'def q(run, x):\n    return run("select * from t where a = {}".format(x), [])\n',
        'def q(run, x):\n    return run("select * from t where a = %s" % x, [])\n',
        'def q(run, x):\n    return run("select * from t where a = " + x, [])\n',
        'def q(run, t):\n    return run(f"select * from {t.name} order by 1", [])\n',
    ],
)
def test_the_sql_checker_catches_interpolation(bad):
    assert interpolated_sql(bad)


def test_the_sql_checker_allows_constants_and_parameters():
    good = (
        '_COLS = "a, b"\n'
        'def q(run, x):\n    return run(f"select {_COLS} from t where a = ?", [x])\n'
    )
    assert interpolated_sql(good) == []
