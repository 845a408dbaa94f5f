"""The checks run on a staged file: every column's distinct values, the mapping
tables, the cross-checks between values, the checks after insert and the totals rows."""

from __future__ import annotations

import duckdb
import pandas as pd

from etl import parse
from etl.errors import EtlError
from etl.load.columns import FileContext, _checks_for
from etl.load.mapping import Mapped, _period_rows, _region_rows
from etl.load.problems import MAX_PROBLEMS, Problems
from etl.parse import clean, sql_str
from etl.schema import COUNT_UNITS, Column

FETCH_ROWS = 10_000  # distinct values fetched into Python at a time (periods, regions)


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


def _group_keys(
    ctx: FileContext, group: list[str], maps: dict[str, str]
) -> tuple[list[str], list[str]]:
    """SQL for the key columns a totals row is matched on (periods through their mapping
    table), and the joins they need."""
    cols = {c.name: c for c in ctx.spec.columns}
    exprs, joins = [], []
    for k in group:
        if cols[k].kind == "pdate":
            joins.append(
                f"left join {maps[k]} on coalesce(s.\"{k}\", '') = {maps[k]}.v" if k in maps else ""
            )
            exprs.append(f"{maps[k]}.norm" if k in maps else "null::varchar")
        else:
            exprs.append(clean(f's."{k}"') if k in ctx.staged.columns else "null::varchar")
    return exprs, joins


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
    exprs, joins = _group_keys(ctx, group, maps)
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
