"""Golden ETL outputs: marts built from the tiny SYNTHETIC fixtures, stored as CSV.

The fixture raw folder is loaded with the truthful-statement cases (tests/fixtures/cases) as
an input folder, as the Directorate would load its own files.

Regenerate after a reviewed change with ``make golden`` (``python -m tests.etl.golden
--update``); the diff of tests/etl/golden/*.csv is then part of the review.

``schema.txt`` lists the columns of every table the app may read (marts and build_info:
not the raw_* and seed_* tables) with the ``atlas.db.SCHEMA_VERSION`` they belong to. A
change of those columns needs a new SCHEMA_VERSION (a database built before it is then
rebuilt, not read): ``--update`` refuses to record new columns under the old version.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb

GOLDEN_DIR = Path(__file__).parent / "golden"
FIXTURE_RAW = Path(__file__).parents[1] / "fixtures" / "raw"
FIXTURE_CASES = Path(__file__).parents[1] / "fixtures" / "cases"
MARTS = (
    "region_indicator_values",
    "national_values",
    "latest_region_indicator",
    "coverage_matrix",
    "census_population",
    "population_denominators",
    "indicator_periods",
    "site_latest",
    "governors",
    "programme_regions",
    "region_density",
    "metrics",
)


def mart_csv(db: Path, name: str) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        frame = con.execute(f"select * from {name} order by all").df()
    return frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")


SCHEMA_FILE = GOLDEN_DIR / "schema.txt"
VERSION_LINE = "# atlas.db.SCHEMA_VERSION = {}"
_SCHEMA_SQL = r"""
select c.table_name || '.' || c.column_name || ' ' || c.data_type
from information_schema.columns c
join information_schema.tables t using (table_catalog, table_schema, table_name)
where t.table_type = 'BASE TABLE'
  and c.table_name not like 'raw\_%' escape '\' and c.table_name not like 'seed\_%' escape '\'
order by c.table_name, c.ordinal_position"""


def schema_lines(db: Path) -> list[str]:
    """'table.column TYPE' for every column the app may read, in table order."""
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute(_SCHEMA_SQL).fetchall()]


def recorded_schema() -> tuple[int | None, list[str]]:
    """The SCHEMA_VERSION and the columns schema.txt records."""
    if not SCHEMA_FILE.exists():
        return None, []
    first, *lines = SCHEMA_FILE.read_text(encoding="utf-8").splitlines()
    return int(first.rsplit("=", 1)[1]), lines


def schema_problem(db: Path) -> str | None:
    """Why schema.txt does not describe ``db`` under the current SCHEMA_VERSION, if so."""
    from atlas.db import SCHEMA_VERSION

    version, lines = recorded_schema()
    if lines != schema_lines(db):
        if version == SCHEMA_VERSION:
            return (
                "the columns of the tables the app reads changed: raise atlas.db.SCHEMA_VERSION "
                "(a database built before is then rebuilt, not read), then `make golden`"
            )
        return f"schema.txt records the columns of SCHEMA_VERSION {version}: `make golden`"
    if version != SCHEMA_VERSION:
        return f"schema.txt belongs to SCHEMA_VERSION {version}, not {SCHEMA_VERSION}: make golden"
    return None


def write_schema(db: Path) -> None:
    from atlas.db import SCHEMA_VERSION

    lines = [VERSION_LINE.format(SCHEMA_VERSION), *schema_lines(db)]
    SCHEMA_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_fixture_db(folder: Path) -> Path:
    from etl.build import build

    db = folder / "golden.duckdb"
    build(FIXTURE_RAW, input_dirs=[FIXTURE_CASES], db_path=db)
    return db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the golden files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = build_fixture_db(Path(tmp))
        GOLDEN_DIR.mkdir(exist_ok=True)
        changed = 0
        for name in MARTS:
            text = mart_csv(db, name)
            path = GOLDEN_DIR / f"{name}.csv"
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                changed += 1
                if args.update:
                    path.write_text(text, encoding="utf-8")
                print(f"{'updated' if args.update else 'differs'}: {path}")
        problem = schema_problem(db)
        if problem:
            version, lines = recorded_schema()
            from atlas.db import SCHEMA_VERSION

            if lines != schema_lines(db) and version == SCHEMA_VERSION:
                print(f"not updated: {SCHEMA_FILE}: {problem}")
                return 1
            changed += 1
            if args.update:
                write_schema(db)
            print(f"{'updated' if args.update else 'differs'}: {SCHEMA_FILE}")
    print(f"{changed} golden file(s) {'updated' if args.update else 'differ'}")
    return 0 if args.update or not changed else 1


if __name__ == "__main__":
    raise SystemExit(main())
