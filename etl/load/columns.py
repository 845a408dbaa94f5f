"""How each column is checked and typed: what a file's distinct values hold, the
checks a column gets, the SQL that casts a cell, the ``raw_<name>`` tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb

from etl import parse
from etl.parse import Check, clean
from etl.readers import Staged
from etl.schema import Column, FileSpec


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
    if kind == "municipality":  # the code is filled in after loading (etl.municipal)
        return ["null::varchar", t]
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
    if col.kind in ("region", "area", "municipality"):
        return [(col.name, "VARCHAR"), (f"{col.name}_given", "VARCHAR")]
    return [(col.name, "VARCHAR")]


def raw_columns(spec: FileSpec) -> list[tuple[str, str]]:
    cols = [pair for col in spec.columns for pair in sql_type(col)]
    return cols + [("_file", "VARCHAR"), ("_line", "BIGINT")]


def create_raw_table(con: duckdb.DuckDBPyConnection, spec: FileSpec) -> None:
    ddl = ", ".join(f'"{n}" {t}' for n, t in raw_columns(spec))
    con.execute(f"CREATE TABLE raw_{spec.name} ({ddl})")
