"""The activity register's reports (issue 27): a filled template loads; every bad input is
refused with file, sheet, line and column, and the live database stays as it was.

Partners, counts and files are SYNTHETIC (tests/fixtures/activities)."""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from atlas import activity_template
from etl.build import build
from etl.errors import EtlError
from etl.schema import BY_NAME

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "activities"
ALPHA = "synthetic_ngo_alpha"
SHEET = activity_template.SHEET_DATA


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def live(tmp_path_factory, fixture_raw) -> Path:
    """A live database with the SYNTHETIC reports loaded (never written by the tests)."""
    db = tmp_path_factory.mktemp("activities") / "atlas.duckdb"
    build(fixture_raw, [FIXTURES], db_path=db)
    return db


def run_on(db: Path):
    from atlas import db as atlas_db

    con = duckdb.connect(str(db), read_only=True)
    return con, lambda sql, params=(): atlas_db.execute(con, sql, params)


def template(db: Path, partner: str | None = ALPHA):
    from atlas.views import activities as av

    con, run = run_on(db)
    try:
        data = activity_template.workbook_bytes(av.template_lists(run), partner, date.today())
    finally:
        con.close()
    return load_workbook(io.BytesIO(data))


def filled(db: Path, rows: list[list], partner: str | None = ALPHA):
    wb = template(db, partner)
    ws = wb[SHEET]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            ws.cell(i, j, value)
    return wb


def row(**kw) -> list:
    base = {
        "partner": ALPHA,
        "programme": "prog_a",
        "activity": "greek_course",
        "sector": "language",
        "indicator": "persons_reached",
        "region": "Κεντρική Μακεδονία",
        "municipality": "Θεσσαλονίκης",
        "month": "2025-04",
        "value": 12,
        "start": "2024-09",
        "end": None,
        "status": "ongoing",
        "note": "SYNTHETIC",
    }
    base.update(kw)
    return [base[c] for c in activity_template.COLUMNS]


def inputs(tmp_path: Path, files: dict[str, object]) -> Path:
    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copy(FIXTURES / "partners.csv", folder)
    for name, content in files.items():
        if isinstance(content, bytes | str):
            (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())
        else:
            content.save(folder / name)
    return folder


def failing(live: Path, fixture_raw: Path, folder: Path, **kw) -> list[EtlError]:
    db = live.parent / "copy" / "atlas.duckdb"
    db.parent.mkdir(exist_ok=True)
    shutil.copyfile(live, db)
    before = digest(db)
    with pytest.raises(EtlError) as err:
        build(fixture_raw, [folder], db_path=db, **kw)
    assert digest(db) == before  # the live database is untouched
    return err.value.problems


def find(problems, column, message, line=None):
    hits = [p for p in problems if p.column == column and message in p.message]
    if line is not None:
        hits = [p for p in hits if p.line == line]
    assert hits, "\n".join(str(p) for p in problems)
    return hits[0]


def test_template_columns_are_the_etl_contract(live):
    assert list(activity_template.COLUMNS) == BY_NAME["activity_reports"].column_names
    wb = template(live)
    assert wb.sheetnames == [SHEET, activity_template.SHEET_HELP, activity_template.SHEET_LISTS]
    header = [c.value for c in wb[SHEET][1]]
    assert header[0] == "Φορέας (partner)" and header[7] == "Μήνας (month)"
    targets = {str(dv.sqref).split(":")[0][0] for dv in wb[SHEET].data_validations.dataValidation}
    letters = {c: chr(65 + i) for i, c in enumerate(activity_template.COLUMNS)}
    for col in ("region", "municipality", "programme", "sector", "indicator", "month"):
        assert letters[col] in targets, col
    lists = wb[activity_template.SHEET_LISTS]
    values = {c.value for col in lists.iter_cols() for c in col}
    assert {"language", "persons_reached", "prog_a", "Αττική", "Θεσσαλονίκης"} <= values


def test_filled_template_round_trips(live, fixture_raw, tmp_path):
    from atlas.views import activities as av

    wb = filled(live, [row(), row(indicator="sessions_held", value=3)])
    folder = inputs(tmp_path, {f"activity_reports_{ALPHA}.xlsx": wb})
    shutil.copy(FIXTURES / "activity_reports_synthetic_ngo_beta.csv", folder)
    db = tmp_path / "out.duckdb"
    build(fixture_raw, [folder], db_path=db)
    con, run = run_on(db)
    try:
        got = run(
            "select region_code, municipality_code, month, value from activity_reports "
            "where file like '%.xlsx' order by indicator_id",
            [],
        )
        assert got.values.tolist() == [
            ["EL52", "0701", "2025-04", 12.0],
            ["EL52", "0701", "2025-04", 3.0],
        ]
        view = av.activities_view(run, "", "", "", "", "", "activities", "persons_reached", "en")
        assert not view.empty and view.synthetic
        assert "SYNTHETIC" in view.map.title
    finally:
        con.close()


def test_every_bad_cell_is_named(live, fixture_raw, tmp_path):
    """Cells a column check refuses (one file) and names the lists do not know, places,
    sectors and repeated reports (another file): all in one run, each with its place."""
    cells = [
        row(month=f"{date.today().year + 1}-01"),  # 2: a month in the future
        row(month="März 2025"),  # 3: not a month
        row(value=-3, month="2024-11"),  # 4
        row(value=2.5, month="2024-12"),  # 5
    ]
    rows = [
        row(partner="synthetic_ngo_alfa"),  # 2
        row(programme="prog_aa", month="2025-01"),  # 3
        row(sector="languages", activity="legal_counselling", month="2025-02"),  # 4
        row(indicator="persons_reachd"),  # 5
        row(municipality="Θεσσαλονικ", month="2025-03"),  # 6
        row(region=None, municipality="Ηρακλείου", month="2025-05"),  # 7
        row(month="2025", indicator="sessions_held"),  # 8: a year, not a month
        row(month="2024-10"),  # 9
        row(month="2024-10"),  # 10: the same report twice
        row(activity="greek_course", sector="legal", month="2024-09"),  # 11
    ]
    first, second = f"activity_reports_{ALPHA}.xlsx", f"activity_reports_{ALPHA}_b.xlsx"
    folder = inputs(tmp_path, {first: filled(live, cells), second: filled(live, rows)})
    problems = failing(live, fixture_raw, folder)
    for p in problems:
        assert Path(p.file).name in (first, second) and p.sheet == SHEET, p
    by_file = {name: [p for p in problems if Path(p.file).name == name] for name in (first, second)}
    cell = by_file[first]
    find(cell, "month", "future", 2)
    find(cell, "month", "", 3)
    find(cell, "value", "negative", 4)
    find(cell, "value", "whole number", 5)
    problems = by_file[second]
    assert ALPHA in find(problems, "partner", "unknown partner", 2).suggestions
    assert "prog_a" in find(problems, "programme", "unknown programme", 3).suggestions
    assert "language" in find(problems, "sector", "unknown sector", 4).suggestions
    assert "persons_reached" in find(problems, "indicator", "unknown indicator", 5).suggestions
    unknown = find(problems, "municipality", "unknown municipality", 6)
    assert any("Θεσσαλονίκης" in s for s in unknown.suggestions), unknown.suggestions
    ambiguous = find(problems, "municipality", "more than one municipality", 7)
    assert len(ambiguous.suggestions) == 2 and "7101" in " ".join(ambiguous.suggestions)
    find(problems, "month", "not a month", 8)
    dup = find(problems, "partner", "the same report twice", 10)
    assert "line 9" in dup.message
    assert f"sheet '{SHEET}'" in str(dup) and "line 10" in str(dup)
    assert find(problems, "sector", "belongs to the sector", 11).suggestions == ["language"]


def test_older_template_says_which_columns(live, fixture_raw, tmp_path):
    header = (
        "organisation,programme,activity,sector,indicator,admin1,municipality,month,"
        "beneficiaries,note"
    )
    body = f"{ALPHA},prog_a,greek_course,language,persons_reached,EL30,,2025-01,4,SYNTHETIC"
    folder = inputs(tmp_path, {f"activity_reports_{ALPHA}.csv": f"{header}\n{body}\n"})
    (p,) = failing(live, fixture_raw, folder)
    assert p.line == 1 and p.column == "organisation"
    for text in (
        "'organisation' is now 'partner'",
        "'admin1' is now 'region'",
        "'beneficiaries' is now 'value'",
        "missing: 'start', 'end', 'status'",
    ):
        assert text in p.message, p.message


@pytest.mark.parametrize("fault", ["formula", "merged", "hidden"])
def test_workbook_faults(live, fixture_raw, tmp_path, fault):
    wb = filled(live, [row(), row(indicator="sessions_held", value=3)])
    ws = wb[SHEET]
    expected = {"formula": "a formula", "merged": "merged cells", "hidden": "hidden sheet"}[fault]
    if fault == "formula":
        ws["I3"] = "=I2+1"
    elif fault == "merged":
        ws.merge_cells("F2:F3")
    else:
        wb.create_sheet("παλιά").sheet_state = "hidden"
    (p,) = failing(live, fixture_raw, inputs(tmp_path, {f"activity_reports_{ALPHA}.xlsx": wb}))
    assert expected in p.message and Path(p.file).suffix == ".xlsx", str(p)
    if fault == "hidden":
        assert p.sheet == "παλιά"
    else:
        assert p.sheet == SHEET and p.line in (2, 3) and p.column in ("value", "region"), str(p)


def test_another_partners_rows_need_an_administrator(live, fixture_raw, tmp_path):
    beta = row(partner="synthetic_ngo_beta", activity="legal_counselling", sector="legal")
    wb = filled(live, [row(), beta])
    folder = inputs(tmp_path, {f"activity_reports_{ALPHA}.xlsx": wb})
    problems = failing(live, fixture_raw, folder, admin=False)
    p = find(problems, "partner", "another partner", 3)
    assert p.sheet == SHEET and p.value == "synthetic_ngo_beta"
    assert len(problems) == 1
    build(fixture_raw, [folder], db_path=tmp_path / "admin.duckdb", admin=True)


def test_a_file_must_declare_its_partner_unless_admin(live, fixture_raw, tmp_path):
    folder = inputs(tmp_path, {"activity_reports.xlsx": filled(live, [row()])})
    (p,) = failing(live, fixture_raw, folder, admin=False)
    assert p.line == 1 and p.column == "partner" and "whose report" in p.message


def test_upload_page_flow_several_partners(built_db, tmp_path):
    """validate → preview → publish → roll back, with two partners' files and the partner
    list at once (the data upload page's calls, etl.publish / etl.versions)."""
    from etl import publish, versions
    from tests.conftest import FIXTURE_RAW
    from tests.etl.upload_helpers import stage

    live = tmp_path / "live" / "atlas.duckdb"
    live.parent.mkdir()
    shutil.copyfile(built_db, live)
    before = versions.live_sha(live)
    wb = filled(built_db_with_partners(tmp_path), [row(), row(indicator="sessions_held", value=3)])
    buf = io.BytesIO()
    wb.save(buf)
    uploads = [
        ("partners.csv", (FIXTURES / "partners.csv").read_bytes()),
        (f"activity_reports_{ALPHA}.xlsx", buf.getvalue()),
        (
            "activity_reports_synthetic_ngo_beta.csv",
            (FIXTURES / "activity_reports_synthetic_ngo_beta.csv").read_bytes(),
        ),
    ]
    staged = stage(live, uploads)
    assert staged.ok, [str(p) for p in staged.problems]
    changes = publish.changes(live, publish.staged_db(staged.version, live))
    added = changes.tables.set_index("table")
    assert added.loc["activity_reports", "added"] > 2 and added.loc["partners", "added"] == 3
    done = publish.publish(staged.version, "tester SYNTHETIC", db_path=live, raw_dir=FIXTURE_RAW)
    con = duckdb.connect(str(live), read_only=True)
    try:
        got = con.execute("select count(distinct partner_id) from activity_reports").fetchall()
    finally:
        con.close()
    assert got == [(2,)]
    versions.rollback(done["previous"], "tester SYNTHETIC", db_path=live)
    con = duckdb.connect(str(live), read_only=True)
    try:
        assert con.execute("select count(*) from activity_reports").fetchall() == [(0,)]
    finally:
        con.close()
    assert versions.live_sha(live) == before  # the database as it was before the upload


def built_db_with_partners(tmp_path: Path) -> Path:
    """A database that knows the SYNTHETIC partners (the template lists them)."""
    db = tmp_path / "partners.duckdb"
    folder = tmp_path / "partners_only"
    folder.mkdir()
    shutil.copy(FIXTURES / "partners.csv", folder)
    build(Path(__file__).resolve().parents[1] / "fixtures" / "raw", [folder], db_path=db)
    return db


def test_the_same_report_in_two_files_names_both(live, fixture_raw, tmp_path):
    """An administrator's consolidated file repeating a partner's row (Athens by its Latin
    name and its code): both files and lines are named."""
    header = ",".join(activity_template.COLUMNS)
    first = (FIXTURES / f"activity_reports_{ALPHA}.csv").read_text().splitlines()[1]
    again = first.replace("Αθηναίων", "Athens")
    folder = inputs(tmp_path, {"activity_reports_all.csv": f"{header}\n{again}\n"})
    shutil.copy(FIXTURES / f"activity_reports_{ALPHA}.csv", folder)
    problems = failing(live, fixture_raw, folder)
    dup = find(problems, "partner", "the same report twice", 2)
    names = {"activity_reports_all.csv", f"activity_reports_{ALPHA}.csv"}
    (other,) = names - {Path(dup.file).name}
    assert f"{other} line 2" in dup.message
