"""Load raw files into typed ``raw_<name>`` tables, validating every cell on the way.

Each file is staged in DuckDB as text (``etl.readers``), every column is checked once per
distinct value (``etl.parse``), and only then are the rows cast into ``raw_<name>``. A
check sees every bad row, so a run reports all its problems (up to ``MAX_PROBLEMS``), the
first one being the one the loader has always reported first: the first file, the first
column in the spec, the first kind of check, the first line.

Every row keeps the file it came from (``_file``) and its line (``_line``) so that any later
contract failure can point a person at the exact place to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from etl import parse
from etl.errors import EtlError
from etl.parse import Check, clean, sql_str
from etl.progress import Ticker
from etl.readers import Staged, drop, stage
from etl.schema import COUNT_UNITS, PLANNED_MARGIN_DAYS, SPECS, Column, FileSpec

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
# Letters (Latin or Greek: offices name files in Greek), digits, space and ._()- only.
_SAFE_NAME = re.compile(
    r"^[A-Za-z0-9\u0370-\u03ff\u1f00-\u1fff][A-Za-z0-9\u0370-\u03ff\u1f00-\u1fff ._()-]{0,120}$"
)
OFFICE_LOCK_PREFIX = "~$"  # Excel/Word write ~$name.xlsx next to a workbook while it is open
# READMEs, and the files Windows and macOS leave in folders (thumbnail caches, folder settings)
IGNORED_NAMES = re.compile(
    r"^((readme|license|licence)(\..*)?|thumbs\.db|ehthumbs(_vista)?\.db|desktop\.ini)$",
    re.IGNORECASE,
)
OTHER_FORMATS = {
    ".xls": "an old Excel file (.xls)",
    ".xlsm": "an Excel workbook with macros (.xlsm)",
    ".xlsb": "a binary Excel workbook (.xlsb)",
    ".ods": "an OpenDocument spreadsheet (.ods)",
    ".numbers": "an Apple Numbers file",
}
MAX_PROBLEMS = 200  # listed per run; the rest are counted
FETCH_ROWS = 10_000  # distinct values fetched into Python at a time (periods, regions)

# Extra recognisers (e.g. Eurostat SDMX-CSV) register here: (predicate, loader).
Recogniser = tuple[Callable[[Path], bool], Callable[[Path], pd.DataFrame]]
RECOGNISERS: list[Recogniser] = []


def spec_for_file(path: Path) -> FileSpec | None:
    stem = path.stem.lower()
    for spec in sorted(SPECS, key=lambda s: -len(s.name)):
        if stem == spec.name or re.match(rf"^{re.escape(spec.name)}[_\- .]", stem):
            return spec
    return None


def discover(raw_dir: Path, input_dirs: Iterable[Path] = ()) -> dict[str, list[Path]]:
    """Map each spec name to its files: bundled first, then the Directorate's folders."""
    found: dict[str, list[Path]] = {s.name: [] for s in SPECS}
    for spec in SPECS:
        for suffix in SUPPORTED_SUFFIXES:
            candidate = raw_dir / f"{spec.name}{suffix}"
            if candidate.is_file():
                found[spec.name].append(candidate)
        if spec.bundled_required and not found[spec.name]:
            raise EtlError(f"the bundled data has no {spec.name}.csv", file=raw_dir)
    for folder in input_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            raise EtlError("input folder not found", file=folder)
        for path in sorted(folder.iterdir()):
            name = path.name
            suspicious = ".." in name or "\\" in name
            if not suspicious and (
                name.startswith((".", OFFICE_LOCK_PREFIX))
                or IGNORED_NAMES.match(name)
                or path.is_dir()
            ):
                continue  # hidden and system files, Excel's lock file, READMEs
            if suspicious or not _SAFE_NAME.match(name):
                raise EtlError(
                    "unsupported characters in the file name",
                    file=path,
                    value=name,
                    hint="Use letters (Latin or Greek), digits, '_', '-' and '.'",
                )
            if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
                raise EtlError(
                    "the file is a link to a place outside the input folder",
                    file=path,
                    hint="Copy the file into the folder instead",
                )
            suffix = path.suffix.lower()
            if suffix in OTHER_FORMATS:
                raise EtlError(
                    f"this is {OTHER_FORMATS[suffix]}, which the atlas does not read",
                    file=path,
                    hint="Open it in Excel and 'Save As' Excel Workbook (.xlsx) or CSV UTF-8",
                )
            spec = spec_for_file(path)
            if spec is None or suffix not in SUPPORTED_SUFFIXES:
                if any(rec(path) for rec, _ in RECOGNISERS):
                    continue
                names = ", ".join(f"{s.name}.csv" for s in SPECS)
                raise EtlError(
                    "file name does not match any table",
                    file=path,
                    hint=f"Name it after its table, e.g. {names}",
                )
            found[spec.name].append(path)
    return found


# --- problems ---------------------------------------------------------------------------------


class Problems:
    """Every problem of a run, each with a sort key (file, phase, column, check, line)."""

    def __init__(self, cap: int = MAX_PROBLEMS) -> None:
        self.cap = cap
        self.items: list[tuple[tuple, EtlError]] = []
        self.omitted = 0

    def add(self, key: tuple, error: EtlError) -> None:
        self.items.append((key, error))

    def __bool__(self) -> bool:
        return bool(self.items)

    def error(self) -> EtlError:
        items = sorted(self.items, key=lambda item: item[0])
        first = items[0][1]
        listed = [e for _, e in items[1 : self.cap]]
        first.more = listed
        first.omitted = self.omitted + max(0, len(items) - self.cap)
        return first


# --- how each column is checked and typed ------------------------------------------------------


@dataclass
class FileContext:
    spec: FileSpec
    staged: Staged
    index: int  # the file's place in the run (problems sort by it)
    name: str  # prefix of its temp objects
    greek: bool  # numbers in Greek format (';' file, or '.' thousands used in the file)
    today: date
    info: dict[str, ColumnInfo] = field(default_factory=dict)

    @property
    def present(self) -> list[tuple[int, Column]]:
        """(position in the spec, column) of the spec's columns this file has."""
        return [(i, c) for i, c in enumerate(self.spec.columns) if c.name in self.staged.columns]


@dataclass(frozen=True)
class ColumnInfo:
    """What the distinct values of a column hold, so the row-by-row SQL does only what
    the file needs (trimming every cell of a 10 M-row file costs seconds)."""

    trim: bool  # some value has white space around it
    nbsp: bool  # a no-break space (Excel's thousands separator in some locales)
    percent: bool  # a value ends with '%'
    dot_groups: bool  # 1.500-like values
    many_dot_groups: bool  # 1.234.567-like values


def _analyse(con: duckdb.DuckDBPyConnection, ctx: FileContext) -> str:
    """The distinct values of every column in one scan (``dv_<file>``: c = the column's
    position in the spec, v = the value, '' for empty), and what they hold."""
    present = ctx.present
    table = f"dv_{ctx.name}"
    which = " ".join(f'when grouping("{c.name}") = 0 then {o}' for o, c in present)
    value = " ".join(f'when {o} then "{c.name}"' for o, c in present)
    sets = ", ".join(f'("{c.name}")' for _, c in present)
    names = ", ".join(f'"{c.name}"' for _, c in present)
    con.execute(
        f"""create temp table {table} as
            select c, coalesce(case c {value} end, '') as v
            from (select case {which} end as c, {names}
                  from {ctx.staged.relation} group by grouping sets ({sets}))"""
    )
    t = clean("v")
    rows = con.execute(
        f"""select c, coalesce(bool_or(v <> '' and v <> trim(v, '{parse.WHITESPACE_SQL}')), false),
                   coalesce(bool_or(contains(v, chr(160))), false),
                   coalesce(bool_or(ends_with({t}, '%')), false),
                   coalesce(bool_or(regexp_full_match({t}, '{parse.DOT_GROUPS}')), false),
                   coalesce(bool_or(regexp_full_match({t}, '{parse.MANY_DOT_GROUPS}')), false)
            from {table} group by c"""
    ).fetchall()
    by_order = dict(present)
    for c, *flags in rows:
        ctx.info[by_order[c].name] = ColumnInfo(*flags)
    return table


def _checks_for(col: Column, ctx: FileContext) -> list[Check]:
    kind = col.kind
    if kind in ("text", "url") or kind.startswith("enum:"):
        checks = parse.text_checks(required=col.required)
        if kind == "url":
            checks.append(parse.url_check())
        if kind.startswith("enum:"):
            checks.append(parse.enum_check(kind.split(":", 1)[1].split(",")))
        return checks
    if kind == "id":
        return [*parse.text_checks(required=True), parse.id_check()]
    if kind in ("number", "count"):
        percent_ok = ctx.spec.unit_from is not None and col.name in ("value", "value_high")
        checks = parse.number_checks(
            greek=ctx.greek,
            required=col.required,
            non_negative=kind == "count",
            count=kind == "count",
            percent_ok=percent_ok,
        )
        if ctx.greek and not ctx.staged.greek_numbers:  # a ','-file writing 1.234.567
            checks = [
                Check(
                    c.message,
                    "This file writes thousands as 1.234.567, so decimals take ',': 1.234,5",
                    c.predicate,
                )
                if c.hint
                else c
                for c in checks
            ]
        return checks
    if kind == "qualifier":
        return [parse.qualifier_check()]
    if kind == "bool":
        return [parse.bool_check()]
    if kind == "pdate":
        return [Check("a date is required here", None, "t is null")] if col.required else []
    if kind in ("region", "area", "municipality"):
        return parse.text_checks(required=col.required)
    raise ValueError(f"unknown column kind {kind}")  # pragma: no cover - a spec typo


def _cell(col: Column, src: str, ctx: FileContext) -> str:
    """The trimmed cell, as cheaply as this file allows."""
    info = ctx.info.get(col.name)
    if info is None:
        return src
    return clean(src) if info.trim else f"nullif({src}, '')"


def _outputs(col: Column, src: str, ctx: FileContext, mapped: str | None) -> list[str]:
    """SQL for the raw table's column(s) of ``col``; ``mapped`` is the alias of its
    mapping table (periods, regions)."""
    t = _cell(col, src, ctx)
    kind = col.kind
    if kind in ("text", "url", "id"):
        return [t]
    if kind.startswith("enum:"):
        return [f"lower({t})"]
    if kind in ("number", "count"):
        info = ctx.info.get(col.name)
        return [
            parse.number_value(
                t,
                greek=ctx.greek,
                percent_ok=bool(info and info.percent),
                nbsp=bool(info and info.nbsp),
            )
        ]
    if kind == "qualifier":
        return [parse.qualifier_value(t)]
    if kind == "bool":
        return [parse.bool_value(t)]
    if kind == "pdate":
        if mapped is None:  # the column is not in the file
            return ["null::varchar", "null::date", "null::date", "null::varchar"]
        return [f"{mapped}.norm", f"{mapped}.d_start", f"{mapped}.d_end", f"{mapped}.precision"]
    if kind in ("region", "area"):
        return [f"{mapped}.code" if mapped else "null::varchar", t]
    if kind == "municipality":  # the code is resolved per distinct name (etl/activities.py)
        return [t, "null::varchar"]
    raise ValueError(f"unknown column kind {kind}")  # pragma: no cover


def sql_type(col: Column) -> list[tuple[str, str]]:
    if col.kind in ("number", "count"):
        return [(col.name, "DOUBLE")]
    if col.kind == "bool":
        return [(col.name, "BOOLEAN")]
    if col.kind == "pdate":
        n = col.name
        return [
            (n, "VARCHAR"),
            (f"{n}_start", "DATE"),
            (f"{n}_end", "DATE"),
            (f"{n}_precision", "VARCHAR"),
        ]
    if col.kind in ("region", "area"):
        return [(col.name, "VARCHAR"), (f"{col.name}_given", "VARCHAR")]
    if col.kind == "municipality":
        return [(col.name, "VARCHAR"), (f"{col.name}_code", "VARCHAR")]
    return [(col.name, "VARCHAR")]


def raw_columns(spec: FileSpec) -> list[tuple[str, str]]:
    cols = [pair for col in spec.columns for pair in sql_type(col)]
    return cols + [("_file", "VARCHAR"), ("_line", "BIGINT")]


def create_raw_table(con: duckdb.DuckDBPyConnection, spec: FileSpec) -> None:
    ddl = ", ".join(f'"{n}" {t}' for n, t in raw_columns(spec))
    con.execute(f"CREATE TABLE raw_{spec.name} ({ddl})")


# --- Python mappers for periods and regions (once per distinct value) -------------------------


@dataclass(frozen=True)
class Mapped:
    """A distinct cell value's problem, found in Python."""

    message: str
    hint: str | None = None
    suggestions: tuple[str, ...] = ()


def _period_rows(col: Column, values: list[str], today: date) -> tuple[list[tuple], dict]:
    if col.future == "planned":
        limit, ahead = today + timedelta(days=PLANNED_MARGIN_DAYS), "planned"
    elif col.future == "any":
        limit, ahead = None, ""
    else:
        limit, ahead = today, "no"
    rows, bad = [], {}
    for v in values:
        text = v.strip()
        if not text:
            rows.append((v, None, None, None, None))
            continue
        try:
            norm, start, end, precision = parse.parse_period(text)
        except ValueError as exc:
            bad[v] = (1, Mapped(str(exc)))
            continue
        if limit is not None and start is not None and start > limit:
            if ahead == "planned":
                message = (
                    f"more than {PLANNED_MARGIN_DAYS // 366} years ahead "
                    f"(after {limit.isoformat()})"
                )
                hint = "Check the year; planned events and visits may be up to two years ahead"
            else:
                message = f"a date in the future (after the build date, {today.isoformat()})"
                hint = "Check the year: only planned events and visits may lie ahead"
            bad[v] = (2, Mapped(message, hint))
            continue
        rows.append((v, norm, start, end, precision))
    return rows, bad


def _region_rows(col: Column, spec: FileSpec, values: list[str]) -> tuple[list[tuple], dict]:
    from geo import regions

    mapper = regions.area_code if col.kind == "area" else regions.region_code
    rows, bad = [], {}
    for v in values:
        text = v.strip()
        if not text:
            rows.append((v, None, False))
            continue
        if regions.is_total_name(text):
            if spec.totals:
                rows.append((v, None, True))
            else:
                bad[v] = (
                    1,
                    Mapped(
                        "a totals row is not a region",
                        "Remove the totals row: the atlas adds up the regions itself",
                    ),
                )
            continue
        try:
            rows.append((v, mapper(text), False))
        except regions.AmbiguousRegionError as exc:
            labels = tuple(regions.candidate_label(c, text) for c in exc.candidates)
            bad[v] = (1, Mapped("this region name fits more than one region", None, labels))
        except regions.UnknownRegionError as exc:
            labels = tuple(regions.candidate_label(c, text) for c in exc.candidates[:3])
            bad[v] = (1, Mapped("unknown region", None, labels))
    return rows, bad


def _src(ctx: FileContext, col: Column) -> str:
    return f's."{col.name}"' if col.name in ctx.staged.columns else "null::varchar"


def _problem_lines(
    con: duckdb.DuckDBPyConnection,
    ctx: FileContext,
    order: int,
    col: Column,
    bad_table: str,
    cap: int,
) -> tuple[list[tuple[int, str, int]], int]:
    """(line, value, check) of up to ``cap`` rows whose value failed, and how many in all."""
    rel = ctx.staged.relation
    join = (
        f"from {rel} s join (select v, code from {bad_table} where c = {order}) b "
        f"on coalesce(s.\"{col.name}\", '') = b.v"
    )
    rows = con.execute(
        f"select s._line, coalesce(s.\"{col.name}\", ''), b.code {join} "
        f"order by b.code, s._line limit {cap}"
    ).fetchall()
    total = len(rows)
    if total >= cap:
        total = con.execute(f"select count(*) {join}").fetchall()[0][0]
    return rows, total


MAPPED_KINDS = ("pdate", "region", "area")


def _check_columns(
    con: duckdb.DuckDBPyConnection, ctx: FileContext, dv: str, problems: Problems
) -> dict[str, str]:
    """Check every column of the file on its distinct values; return the mapping table of
    each period and region column (value → parsed period / region code)."""
    present = ctx.present
    checks = {o: _checks_for(c, ctx) for o, c in present}
    bad = f"bad_{ctx.name}"
    codes = " ".join(f"when {o} then {parse.case_code(checks[o])}" for o, _ in present if checks[o])
    con.execute(f"create temp table {bad} (c INTEGER, v VARCHAR, code INTEGER)")
    if codes:
        con.execute(
            f"""insert into {bad} select c, v, code from (
                    select c, v, case c {codes} end as code
                    from (select c, v, {clean("v")} as t from {dv}))
                where code is not null"""
        )
    messages = {
        (o, i): Mapped(chk.message, chk.hint)
        for o, _ in present
        for i, chk in enumerate(checks[o], start=1)
    }
    by_value: dict[tuple[int, str], Mapped] = {}
    maps: dict[str, str] = {}
    mapped = [(o, c) for o, c in present if c.kind in MAPPED_KINDS]
    if mapped:
        good: dict[int, list[tuple]] = {o: [] for o, _ in mapped}
        found: list[tuple[int, str, int]] = []
        orders = ", ".join(str(o) for o, _ in mapped)
        cur = con.execute(
            f"select d.c, d.v from {dv} d anti join {bad} b on b.c = d.c and b.v = d.v "
            f"where d.c in ({orders})"
        )
        pending: dict[int, list[str]] = {o: [] for o, _ in mapped}
        while batch := cur.fetchmany(FETCH_ROWS):
            for c, v in batch:
                pending[c].append(v)
        for o, col in mapped:
            if col.kind == "pdate":
                rows, wrong = _period_rows(col, pending[o], ctx.today)
            else:
                rows, wrong = _region_rows(col, ctx.spec, pending[o])
            good[o] = rows
            base = len(checks[o])
            for v, (step, m) in wrong.items():
                # one code per step (parse, then future): problems of a step sort by line
                found.append((o, v, base + step))
                by_value[(o, v)] = m
        if found:
            frame = pd.DataFrame(found, columns=["c", "v", "code"])
            con.register("_bad", frame)
            con.execute(f"insert into {bad} select c, v, code from _bad")
            con.unregister("_bad")
        for o, col in mapped:
            maps[col.name] = _mapping_table(con, f"map_{ctx.name}_{o}", col, good[o])
    counts = dict(con.execute(f"select c, count(*) from {bad} group by c").fetchall())
    for o, col in present:
        if not counts.get(o):
            continue
        cap = max(1, problems.cap - len(problems.items))
        rows, total = _problem_lines(con, ctx, o, col, bad, cap)
        for line, value, code in rows:
            m = by_value.get((o, value)) or messages[(o, code)]
            problems.add(
                (ctx.index, 1, o, code, line),
                EtlError(
                    m.message,
                    file=ctx.staged.path,
                    line=int(line),
                    column=col.name,
                    value=value.strip(),
                    hint=m.hint,
                    suggestions=list(m.suggestions),
                ),
            )
        problems.omitted += total - len(rows)
    con.execute(f"drop table {bad}")
    return maps


def _mapping_table(
    con: duckdb.DuckDBPyConnection, name: str, col: Column, rows: list[tuple]
) -> str:
    if col.kind == "pdate":
        frame = pd.DataFrame(rows, columns=["v", "norm", "d_start", "d_end", "precision"])
        frame["d_start"] = pd.to_datetime(frame["d_start"]).dt.date
        frame["d_end"] = pd.to_datetime(frame["d_end"]).dt.date
        ddl = "v VARCHAR, norm VARCHAR, d_start DATE, d_end DATE, precision VARCHAR"
    else:
        frame = pd.DataFrame(rows, columns=["v", "code", "is_total"])
        ddl = "v VARCHAR, code VARCHAR, is_total BOOLEAN"
    con.execute(f"create temp table {name} ({ddl})")
    if len(frame):
        con.register("_mapping", frame)
        con.execute(f"insert into {name} select * from _mapping")
        con.unregister("_mapping")
    return name


def _unit_sql(ctx: FileContext) -> tuple[str, str]:
    """(join, SQL for the unit of each staged row's value) for tables with a value."""
    if ctx.spec.unit_from == "indicator":
        return (
            f"left join raw_indicators i on i.indicator_id = {clean('s.indicator')}",
            "i.unit",
        )
    return "", clean('s."unit"') if "unit" in ctx.staged.columns else "null::varchar"


def _counts_sql(ctx: FileContext, unit: str) -> str:
    units = ", ".join(sql_str(u) for u in COUNT_UNITS)
    if ctx.spec.unit_from == "indicator":
        return f"(i.kind = 'count' or {unit} in ({units}))"
    return f"coalesce({unit} in ({units}), false)"


def _value_cross_checks(
    con: duckdb.DuckDBPyConnection, ctx: FileContext, problems: Problems
) -> None:
    """Checks on `value`/`value_high` that need the unit: a percentage where the unit is not
    a percent, and '1.500' in a count (ambiguous in a ','-file)."""
    rel = ctx.staged.relation
    join, unit = _unit_sql(ctx)
    counts = _counts_sql(ctx, unit)
    for order, col in enumerate(ctx.spec.columns):
        if col.name not in ("value", "value_high") or col.name not in ctx.staged.columns:
            continue
        t = clean(f's."{col.name}"')
        tests = [
            (
                f"ends_with({t}, '%') and coalesce({unit}, '') <> 'percent'",
                "written as a percentage, but the unit of this figure is not 'percent'",
                "Write the number itself; a percentage only where the unit is percent",
            )
        ]
        if not ctx.greek:
            tests.append(
                (
                    f"regexp_full_match(replace({t}, chr(160), ''), '{parse.DOT_GROUPS}') "
                    f"and {counts}",
                    "ambiguous number: '.' followed by three digits is a thousands separator "
                    "to a Greek reader (1.500 = 1500) and a decimal point to a computer (1.5)",
                    "Write the count without a separator (1500), or save the file with ';' "
                    "separators and Greek numbers, as Greek Excel does",
                )
            )
        info = ctx.info[col.name]
        for step, (cond, message, hint) in enumerate(tests, start=1):
            if not (info.percent if step == 1 else info.dot_groups):
                continue  # no value of the file could fail this: skip the row scan
            rows = con.execute(
                f"select s._line, {t}, {unit} from {rel} s {join} where {cond} "
                f"order by s._line limit {MAX_PROBLEMS}"
            ).fetchall()
            for line, value, unit_value in rows:
                problems.add(
                    (ctx.index, 2, order, step, line),
                    EtlError(
                        message + (f" ({unit_value})" if unit_value and step == 1 else ""),
                        file=ctx.staged.path,
                        line=int(line),
                        column=col.name,
                        value=value,
                        hint=hint,
                    ),
                )


def _after_insert_checks(
    con: duckdb.DuckDBPyConnection, ctx: FileContext, first_row: int, problems: Problems
) -> None:
    """Row rules on the typed rows of this file: a value where a qualifier needs one."""
    spec = ctx.spec
    if "qualifier" not in spec.column_names or "value" not in spec.column_names:
        return
    table = f"raw_{spec.name}"
    order = {c.name: i for i, c in enumerate(spec.columns)}
    rules = (
        (
            "value",
            "value is null",
            "a value is required here (leave the row out when there is no figure)",
        ),
        (
            "value_high",
            """(qualifier = 'range' and (value_high is null or value_high < value))
               or (qualifier <> 'range' and value_high is not null)""",
            "value_high is only for qualifier 'range' and must be ≥ value",
        ),
    )
    for column, condition, message in rules:
        rows = con.execute(
            f'select _line, "{column}" from {table} where rowid >= ? and ({condition}) '
            f"order by _line limit {MAX_PROBLEMS}",
            [first_row],
        ).fetchall()
        for line, value in rows:
            problems.add(
                (ctx.index, 2, order[column], 9, line),
                EtlError(message, file=ctx.staged.path, line=int(line), column=column, value=value),
            )


def _check_totals(
    con: duckdb.DuckDBPyConnection,
    ctx: FileContext,
    region_col: Column,
    maps: dict[str, str],
    first_row: int,
    problems: Problems,
    notes: list[str],
) -> None:
    """A totals row must equal the sum of the rows above it with the same key; it is
    never loaded. Only counts can be checked; other totals rows are left out unchecked."""
    spec = ctx.spec
    rel = ctx.staged.relation
    region_map = maps[region_col.name]
    group = [k for k in spec.key if k != region_col.name]
    cols = {c.name: c for c in spec.columns}
    exprs, joins = [], []
    for k in group:
        col = cols[k]
        if col.kind == "pdate":
            joins.append(
                f"left join {maps[k]} on coalesce(s.\"{k}\", '') = {maps[k]}.v" if k in maps else ""
            )
            exprs.append(f"{maps[k]}.norm" if k in maps else "null::varchar")
        else:
            exprs.append(clean(f's."{k}"') if k in ctx.staged.columns else "null::varchar")
    join_unit, unit = _unit_sql(ctx)
    counts = _counts_sql(ctx, unit)
    value = parse.number_value(clean('s."value"'), greek=ctx.greek, percent_ok=True)
    qual = (
        parse.qualifier_value(clean('s."qualifier"'))
        if "qualifier" in ctx.staged.columns
        else "'='"
    )
    keys = ", ".join(f"{e} as k{i}" for i, e in enumerate(exprs))
    totals = con.execute(
        f"""select s._line, {clean('s."value"')} as text, {value} as value, {qual} as q,
                   {counts} as additive, {keys}
            from {rel} s
            join {region_map} r on coalesce(s."{region_col.name}", '') = r.v
            {" ".join(joins)} {join_unit}
            where r.is_total order by s._line"""
    ).fetchall()
    table = f"raw_{spec.name}"
    order = next(i for i, c in enumerate(spec.columns) if c.name == "value")
    for line, text, total, q, additive, *key in totals:
        match = " and ".join(f'"{k}" is not distinct from ?' for k in group)
        n, added, plain = con.execute(
            f"""select count(*), sum(value), coalesce(bool_and(qualifier = '='), true)
                from {table} where rowid >= ? and _line < ? and {match}""",
            [first_row, line, *key],
        ).fetchall()[0]
        where = {"file": ctx.staged.path, "line": int(line), "column": region_col.name}
        if n == 0:
            problems.add(
                (ctx.index, 2, order, 7, line),
                EtlError(
                    "a totals row with no rows above it to add up",
                    value=text,
                    hint="A figure for Greece as a whole is written 'EL' or 'Ελλάδα'",
                    **where,
                ),
            )
        elif additive and plain and q == "=" and total is not None:
            if abs(total - added) > 1e-9 * max(1.0, abs(added)):
                problems.add(
                    (ctx.index, 2, order, 8, line),
                    EtlError(
                        f"the totals row says {total:,.10g} but the {n} rows above it add "
                        f"up to {added:,.10g}",
                        file=ctx.staged.path,
                        line=int(line),
                        column="value",
                        value=text,
                        hint="Correct the rows or the total; the totals row itself is never loaded",
                    ),
                )
            else:
                notes.append(f"line {line}: totals row matches the {n} rows above (not loaded)")
        else:
            notes.append(f"line {line}: totals row not loaded (not a plain count to check)")


def load_file(
    con: duckdb.DuckDBPyConnection,
    spec: FileSpec,
    path: Path,
    *,
    index: int,
    work: Path,
    problems: Problems,
    today: date,
    ticker: Ticker | None = None,
    notes: list[str] | None = None,
    admin: bool = True,
) -> int:
    """Stage, check and insert one file into ``raw_<spec>``; return the rows loaded.
    ``admin``: the uploader is an administrator (a partner's report may then name other
    partners' rows, etl/activities.py)."""
    name = f"f{index}"
    staged = stage(con, path, spec, work, name, ticker)
    maps: dict[str, str] = {}
    dv = f"dv_{name}"
    ctx = FileContext(spec, staged, index, name, staged.greek_numbers, today)
    try:
        dv = _analyse(con, ctx)
        # A ','-file that writes 1.234.567 somewhere uses '.' for thousands throughout:
        # its own convention, told by the file itself.
        if any(
            i.many_dot_groups
            for c, i in ctx.info.items()
            if spec.column(c).kind in ("number", "count")
        ):
            ctx.greek = True
        before = len(problems.items)
        maps = _check_columns(con, ctx, dv, problems)
        if spec.unit_from is not None:
            _value_cross_checks(con, ctx, problems)
        if len(problems.items) > before:
            return 0
        exprs, joins = [], []
        for col in spec.columns:
            alias = maps.get(col.name)
            if alias:
                joins.append(f"left join {alias} on coalesce(s.\"{col.name}\", '') = {alias}.v")
            exprs.extend(_outputs(col, _src(ctx, col), ctx, alias))
        region_cols = [c for c in spec.columns if c.kind in ("region", "area") and c.name in maps]
        keep = " and ".join(f"not coalesce({maps[c.name]}.is_total, false)" for c in region_cols)
        table = f"raw_{spec.name}"
        first_row = con.execute(f"select count(*) from {table}").fetchall()[0][0]
        names = ", ".join(f'"{n}"' for n, _ in raw_columns(spec))
        con.execute(
            f"insert into {table} ({names}) select {', '.join(exprs)}, "
            f"{sql_str(path.name)}, s._line from {staged.relation} s {' '.join(joins)}"
            + (f" where {keep}" if keep else "")
        )
        loaded = con.execute(f"select count(*) from {table}").fetchall()[0][0] - first_row
        _after_insert_checks(con, ctx, first_row, problems)
        if spec.name == "activity_reports":
            from etl import activities

            activities.check_reports(con, ctx, first_row, problems, admin=admin)
        if spec.totals:
            for col in region_cols:
                if not con.execute(
                    f"select count(*) from {maps[col.name]} where is_total"
                ).fetchall()[0][0]:
                    continue
                _check_totals(
                    con, ctx, col, maps, first_row, problems, notes if notes is not None else []
                )
        return loaded
    finally:
        for alias in maps.values():
            con.execute(f"drop table if exists {alias}")
        con.execute(f"drop table if exists {dv}")
        drop(con, staged)


def _name_sheet(items: list[tuple[tuple, EtlError]], path: Path) -> None:
    """A workbook's problems name the sheet they are on (the first: the one read)."""
    if not items or path.suffix.lower() != ".xlsx":
        return
    from etl.readers import sheet_name

    sheet = sheet_name(path)
    for _, err in items:
        if err.sheet is None and err.file is not None and Path(err.file).name == path.name:
            err.sheet = sheet


def load_all(
    con: duckdb.DuckDBPyConnection,
    files: dict[str, list[Path]],
    progress: Callable[[str], None] = lambda _: None,
    *,
    work: Path | None = None,
    ticker: Ticker | None = None,
    today: date | None = None,
    bundled: Path | None = None,
    admin: bool = True,
) -> dict[str, int]:
    """Load every file; raise one EtlError listing all problems (``.more``) if any.
    ``today`` is the build date (periods must not lie after it); files in ``bundled``
    are named as bundled data in messages about duplicates."""
    import tempfile

    today = today or date.today()
    problems = Problems()
    counts: dict[str, int] = {}
    index = 0
    con.execute(
        "create or replace temp table etl_files "
        "(tbl VARCHAR, first_row BIGINT, end_row BIGINT, origin VARCHAR)"
    )
    with tempfile.TemporaryDirectory(dir=work, prefix="load-") as tmp:
        for spec in SPECS:
            create_raw_table(con, spec)
            total = 0
            for path in files.get(spec.name, []):
                index += 1
                notes: list[str] = []
                first_row = total
                listed = len(problems.items)
                try:
                    total += load_file(
                        con,
                        spec,
                        path,
                        index=index,
                        work=Path(tmp),
                        problems=problems,
                        today=today,
                        ticker=ticker,
                        notes=notes,
                        admin=admin,
                    )
                except EtlError as exc:
                    for i, err in enumerate(exc.problems):
                        problems.add((index, 0, 0, i, err.line or 0), err)
                    problems.omitted += exc.omitted
                _name_sheet(problems.items[listed:], path)
                inside = bundled is not None and path.parent.resolve() == Path(bundled).resolve()
                con.execute(
                    "insert into etl_files values (?, ?, ?, ?)",
                    [
                        f"raw_{spec.name}",
                        first_row,
                        total,
                        "bundled data" if inside else "your files",
                    ],
                )
                for note in notes:
                    progress(f"{path.name} {note}")
            counts[spec.name] = total
            if files.get(spec.name):
                progress(
                    f"loaded raw_{spec.name}: {total:,} rows from {len(files[spec.name])} file(s)"
                )
    if problems:
        raise problems.error()
    return counts
