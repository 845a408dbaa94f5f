"""Data contracts run on the freshly built database, before it may replace the live one.

Each failure names the table, the column, the file and line of the first bad row, and up to
three samples, so a person can fix the input without reading code. Every contract runs;
the error raised lists all failures (``EtlError.problems``: one per offending row, capped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from atlas import config
from etl.errors import ContractError, EtlError
from etl.schema import COUNT_UNITS, SPECS

SAMPLES = 3
MAX_ROWS = 200  # offending rows listed per contract (the rest are counted)
_COUNT_UNITS = ", ".join(f"'{u}'" for u in COUNT_UNITS)

# (table, column, referenced table, referenced column, nullable)
REFERENCES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("raw_observations", "indicator", "raw_indicators", "indicator_id", False),
    ("raw_programme_coverage", "programme_id", "raw_programmes", "programme_id", False),
    ("raw_programme_facts", "programme_id", "raw_programmes", "programme_id", False),
    ("raw_visits", "programme_id", "raw_programmes", "programme_id", False),
    ("raw_events", "programme_id", "raw_programmes", "programme_id", True),
    ("raw_site_snapshots", "site_id", "raw_sites", "site_id", False),
    ("raw_programmes", "status_source_id", "raw_sources", "source_id", True),
    ("raw_governors", "end_source_id", "raw_sources", "source_id", True),
    ("raw_activities", "sector_id", "raw_sectors", "sector_id", False),
) + tuple(
    (f"raw_{s.name}", "source_id", "raw_sources", "source_id", False)
    for s in SPECS
    if "source_id" in s.column_names and s.name != "sources"
)


@dataclass(frozen=True)
class RowCheck:
    """A query returning offending rows with columns _file, _line, bad_value."""

    table: str
    column: str
    message: str
    sql: str
    hint: str | None = None


ROW_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(
        "raw_observations",
        "value",
        "must not be negative for this indicator",
        """select o._file, o._line, o.value as bad_value from raw_observations o
                join raw_indicators i on i.indicator_id = o.indicator
                where i.kind in ('count', 'share', 'area') and o.value < 0""",
    ),
    RowCheck(
        "raw_observations",
        "value",
        "a percentage above 100",
        """select o._file, o._line, o.value as bad_value from raw_observations o
                join raw_indicators i on i.indicator_id = o.indicator
                where i.unit = 'percent' and i.kind <> 'change'
                  and greatest(o.value, coalesce(o.value_high, 0)) > 100
             """,
    ),
    RowCheck(
        "raw_observations",
        "value",
        "a count must be a whole number",
        f"""select o._file, o._line, o.value as bad_value from raw_observations o
                join raw_indicators i on i.indicator_id = o.indicator
                where (i.kind = 'count' or i.unit in ({_COUNT_UNITS}))
                  and (o.value <> floor(o.value) or o.value_high <> floor(o.value_high))""",
        "Counts of persons, places, sites or applications have no fractional part",
    ),
    RowCheck(
        "raw_programme_coverage",
        "value",
        "a count must be a whole number",
        f"""select _file, _line, value as bad_value from raw_programme_coverage
                where unit in ({_COUNT_UNITS})
                  and (value <> floor(value) or value_high <> floor(value_high))""",
        "Counts of persons, places, sites or applications have no fractional part",
    ),
    RowCheck(
        "raw_observations",
        "unit",
        "unit differs from the indicator's unit",
        """select o._file, o._line, o.unit as bad_value from raw_observations o
                join raw_indicators i on i.indicator_id = o.indicator
                where o.unit is not null and o.unit <> i.unit""",
        "Leave the unit empty or use the unit of indicators.csv",
    ),
    RowCheck(
        "raw_observations",
        "period",
        "a period needs a year",
        """select _file, _line, period as bad_value from raw_observations
                where period_precision = 'day_no_year'""",
    ),
    RowCheck(
        "raw_programme_coverage",
        "period",
        "a period needs a year",
        """select _file, _line, period as bad_value from raw_programme_coverage
                where period_precision = 'day_no_year'""",
    ),
    RowCheck(
        "raw_events",
        "end",
        "ends before it starts",
        """select _file, _line, "end" as bad_value from raw_events
                where end_end < start_start""",
    ),
    RowCheck(
        "raw_programmes",
        "end",
        "ends before it starts",
        """select _file, _line, "end" as bad_value from raw_programmes
                where end_end < start_start""",
    ),
    RowCheck(
        "raw_events",
        "end",
        "an end date needs a start date",
        """select _file, _line, "end" as bad_value from raw_events
                where "end" is not null and "start" is null""",
    ),
)


# Contracts of the period, validity and comparability columns (issue #12): what the atlas says
# about time, office and comparison must be supportable by the rows.
TRUTH_CHECKS: tuple[RowCheck, ...] = (
    RowCheck(
        "raw_governors",
        "valid_to",
        "validity ends before it starts",
        """select _file, _line, valid_to as bad_value from raw_governors
                where valid_to_end < valid_from_start""",
    ),
    RowCheck(
        "raw_governors",
        "end_date",
        "an end date needs an end event (resigned, removed, died, suspended, other)",
        """select _file, _line, end_date as bad_value from raw_governors
                where end_event is null and (end_date is not null or end_source_id is not null)""",
    ),
    RowCheck(
        "raw_governors",
        "end_date",
        "the end event is dated before the holder's validity starts",
        """select _file, _line, end_date as bad_value from raw_governors
                where end_date_end < valid_from_start""",
    ),
    RowCheck(
        "raw_programmes",
        "status_date",
        "the status is dated before the programme starts",
        """select _file, _line, status_date as bad_value from raw_programmes
                where status_date_end < start_start""",
    ),
    RowCheck(
        "raw_programmes",
        "end_basis",
        "end_basis needs an end date",
        """select _file, _line, end_basis as bad_value from raw_programmes
                where end_basis is not null and "end" is null""",
    ),
    RowCheck(
        "raw_observations",
        "indicator",
        "the indicator is marked not_public (a known gap) but has figures",
        """select o._file, o._line, o.indicator as bad_value from raw_observations o
                join raw_indicators i on i.indicator_id = o.indicator
                where i.availability = 'not_public'""",
        "Remove availability=not_public from the indicator once figures exist",
    ),
    RowCheck(
        "raw_indicators",
        "role",
        "a population indicator must be a count of persons",
        """select _file, _line, indicator_id as bad_value from raw_indicators
                where role = 'population' and (kind <> 'count' or unit <> 'persons')""",
    ),
    RowCheck(
        "raw_observations",
        "value",
        "the parts of one group of percentages add up to more than 100",
        """select min(o._file), min(o._line),
                  o.region || ' ' || coalesce(o.period, '') || ': ' || i.group_id
                      || ' = ' || round(sum(o.value), 2) as bad_value
                from raw_observations o
                join raw_indicators i on i.indicator_id = o.indicator
                where i.group_id is not null and i.unit = 'percent' and o.qualifier = '='
                group by o.region, o.period, i.group_id
                having sum(o.value) > 100 + 0.01 * count(*)""",
        "Shares rounded to 2 decimals may exceed 100 only by 0.01 per part",
    ),
)


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[tuple], int]:
    """Up to MAX_ROWS offending rows (file, line, value, ...) in file/line order, and how
    many there are in all."""
    rows = con.execute(f"select * from ({sql}) order by 1, 2 limit {MAX_ROWS}").fetchall()
    total = len(rows)
    if total >= MAX_ROWS:
        total = con.execute(f"select count(*) from ({sql})").fetchall()[0][0]
    return rows, total


def _fail(
    table: str,
    column: str,
    message: str | Callable[[tuple], str],
    rows: list[tuple],
    hint: str | None = None,
    total: int | None = None,
    place: Callable[[tuple], str] = lambda r: f"{r[0]} line {r[1]}",
    column_of: Callable[[tuple], str] | None = None,
):
    """Raise one ContractError for rows (file, line, value, ...): the first with samples,
    every other listed in ``more``. ``message`` (and ``column_of``: the column, when it is
    not ``column`` for every row) may depend on the row."""
    say = message if callable(message) else (lambda _r: message)
    col = column_of or (lambda _r: column)
    first = rows[0]
    total = len(rows) if total is None else total
    samples = "; ".join(f"{place(r)}: {r[2]!r}" for r in rows[:SAMPLES])
    more = f" (+{total - SAMPLES} more)" if total > SAMPLES else ""

    def error(r: tuple, text: str) -> ContractError:
        line = None if r[1] is None else int(r[1])
        return ContractError(text, file=r[0], line=line, column=col(r), value=r[2], hint=hint)

    head = error(first, f"{table}.{col(first)}: {say(first)} [{samples}{more}]")
    head.more = [error(r, f"{table}.{col(r)}: {say(r)}") for r in rows[1:]]
    head.omitted = max(0, total - len(rows))
    raise head


def _files_known(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the loader recorded its files (etl_files: rows, origin, columns)."""
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where table_name = 'etl_files' and temporary"
        ).fetchall()[0][0]
    )


def _origins(con: duckdb.DuckDBPyConnection, table: str, rowid: str) -> str:
    """SQL naming where a row came from (bundled data or the Directorate's files), when
    the loader recorded it: two files of one table often share a name."""
    if not _files_known(con):
        return "''"
    return f"""coalesce((select ' (' || e.origin || ')' from etl_files e
                         where e.tbl = '{table}' and {rowid} >= e.first_row
                           and {rowid} < e.end_row), '')"""


def _file_columns(con: duckdb.DuckDBPyConnection, table: str, rowid: str) -> str:
    """SQL for the columns the row's file has (NULL when the loader did not record them)."""
    if not _files_known(con):
        return "null::varchar[]"
    return f"""(select e.columns from etl_files e where e.tbl = '{table}'
                and {rowid} >= e.first_row and {rowid} < e.end_row)"""


def _key_shown(key: tuple[str, ...], columns: str) -> tuple[str, str]:
    """SQL for a row's key as a person reads it, and the key's column names: the key
    columns its file has (``columns``), an empty cell of one of them as ∅."""
    has = {k: f"coalesce(list_contains({columns}, '{k}'), true)" for k in key}
    value = ", ".join(
        f"case when {has[k]} then coalesce(cast(\"{k}\" as varchar), '∅') end" for k in key
    )
    names = ", ".join(f"case when {has[k]} then '{k}' end" for k in key)
    return f"concat_ws(' / ', {value})", f"concat_ws('/', {names})"


def check_unique_keys(con: duckdb.DuckDBPyConnection) -> None:
    """A key may appear once. The message names the row to look at first (the
    Directorate's own, when a bundled figure is repeated) and every other row with the key,
    by the key columns its file has (an observations file without a municipality column:
    region/indicator/period)."""
    for spec in SPECS:
        if spec.name == "activity_reports":
            continue  # etl/activities.py: per file, on the resolved municipality code
        table = f"raw_{spec.name}"
        keys = ", ".join(f'"{k}"' for k in spec.key)
        same = " and ".join(f'f."{k}" is not distinct from o."{k}"' for k in spec.key)
        in_dup = " and ".join(f't."{k}" is not distinct from d."{k}"' for k in spec.key)
        tkeys = ", ".join(f't."{k}"' for k in spec.key)
        shown, names = _key_shown(spec.key, _file_columns(con, table, "t.rowid"))
        sql = f"""
            with dup as (select {keys} from {table} group by {keys} having count(*) > 1),
            r0 as (select t.rowid as rid, t.*, {shown} as bad_value, {names} as key_names,
                          {_origins(con, table, "t.rowid")} as origin
                   from {table} t semi join dup d on {in_dup}),
            r as (select *, row_number() over (partition by {tkeys}
                                               order by origin = ' (bundled data)', rid) as n
                  from r0 t),
            labelled as (select *, _file || ' line ' || _line || origin as label from r)
            select f._file, f._line, f.bad_value, f.label,
                   string_agg(o.label, ', ' order by o.rid) as others, f.key_names
            from labelled f join labelled o on {same} and o.n > 1
            where f.n = 1
            group by f._file, f._line, f.bad_value, f.label, f.rid, f.key_names"""
        rows, total = _rows(con, sql)
        if rows:
            _fail_duplicates(table, rows, total)


def _fail_duplicates(table: str, rows: list[tuple], total: int) -> None:
    """Rows (file, line, key as shown, label, other labels, key column names)."""
    _fail(
        table,
        rows[0][5],
        lambda r: f"duplicate key, also at {r[4]}",
        rows,
        "Each key may appear once across the bundled data and your files",
        total,
        place=lambda r: r[3],
        column_of=lambda r: r[5],
    )


def check_references(con: duckdb.DuckDBPyConnection) -> None:
    for table, column, ref_table, ref_column, nullable in REFERENCES:
        rows, total = _rows(
            con,
            f"""select t._file, t._line, t."{column}" from {table} t
                anti join {ref_table} r on r."{ref_column}" = t."{column}"
                where t."{column}" is not null""",
        )
        if rows:
            _fail(
                table,
                column,
                f"not found in {ref_table.removeprefix('raw_')}.csv",
                rows,
                f"Add it to {ref_table.removeprefix('raw_')}.csv or correct the spelling",
                total,
            )
        if not nullable:
            rows, total = _rows(
                con, f"""select _file, _line, null from {table} where "{column}" is null"""
            )
            if rows:
                _fail(table, column, "a value is required here", rows, total=total)


def _row_checks(con: duckdb.DuckDBPyConnection, checks: tuple[RowCheck, ...]) -> None:
    failures = []
    for check in checks:
        rows, total = _rows(con, check.sql)
        if rows:
            try:
                _fail(check.table, check.column, check.message, rows, check.hint, total)
            except ContractError as exc:
                failures.append(exc)
    if failures:
        raise combine(failures)


def check_rows(con: duckdb.DuckDBPyConnection) -> None:
    _row_checks(con, ROW_CHECKS)


def check_truthful_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Validity, status dates, known gaps and groups of shares (TRUTH_CHECKS)."""
    _row_checks(con, TRUTH_CHECKS)


def check_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    missing = con.execute("""select region_code from seed_regions
                             anti join seed_boundary_codes using (region_code)
                             order by 1""").fetchall()
    if missing:
        codes = ", ".join(r[0] for r in missing)
        raise ContractError(
            f"regions without a boundary: {codes}",
            file="geo/data",
            hint="Rebuild the boundary file: python -m geo.build_boundaries",
        )


def check_population(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute("""select count(distinct region_code) from census_population
                          where census_year = (select max(census_year) from census_population)
                       """).fetchone()
    if not rows or rows[0] != 13:
        raise ContractError(
            "the latest census must give a population for all 13 regions (per-1,000 rates need it)",
            file="observations.csv",
            column="indicator",
            value=config.POPULATION_INDICATOR,
        )


def check_eurostat(con: duckdb.DuckDBPyConnection) -> None:
    """The same Eurostat cell may come from one file only (two downloads of one dataset
    would otherwise be summed or silently override each other)."""
    rows, total = _rows(
        con,
        """select arg_min(_file, [_file, cast(_line as varchar)]) as file,
                  arg_min(_line, [_file, cast(_line as varchar)]) as line,
                  dataset || ' ' || series_key || ' ' || geo || ' ' || period as bad_value,
                  string_agg(_file || ' line ' || _line, ', ' order by _file, _line)
           from raw_eurostat
           group by dataset, series_key, geo, period
           having count(*) > 1""",
    )
    if rows:
        _fail(
            "raw_eurostat",
            "dataset/series/geo/period",
            "the same Eurostat figure is in two files, also at " + rows[0][3],
            rows,
            "Keep one download of each dataset in the input folder",
            total,
        )


def combine(errors: list[EtlError], cap: int = MAX_ROWS) -> EtlError:
    """One error listing every problem of ``errors`` (each with its own ``more``)."""
    problems = [p for e in errors for p in e.problems]
    first = errors[0]
    first.more = problems[1:cap]
    first.omitted = sum(e.omitted for e in errors) + max(0, len(problems) - cap)
    return first


def run_all(con: duckdb.DuckDBPyConnection) -> int:
    """Run every contract on the raw tables (before models) and marts (after); raise one
    error listing what every failing contract found."""
    checks = (
        check_unique_keys,
        check_references,
        check_rows,
        check_truthful_rows,
        check_boundaries,
        check_eurostat,
    )
    failures = []
    for check in checks:
        try:
            check(con)
        except ContractError as exc:
            failures.append(exc)
    if failures:
        raise combine(failures)
    return len(checks)


def run_mart_checks(con: duckdb.DuckDBPyConnection) -> int:
    check_population(con)
    return 1
