"""Golden ETL outputs: marts built from the tiny SYNTHETIC fixtures, stored as CSV.

The fixture raw folder is loaded with the truthful-statement cases (tests/fixtures/cases) as
an input folder, as the Directorate would load its own files.

Regenerate after a reviewed change with ``make golden`` (``python -m tests.etl.golden
--update``); the diff of tests/etl/golden/*.csv is then part of the review.
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
    print(f"{changed} golden file(s) {'updated' if args.update else 'differ'}")
    return 0 if args.update or not changed else 1


if __name__ == "__main__":
    raise SystemExit(main())
