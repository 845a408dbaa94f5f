"""Load raw files into typed ``raw_<name>`` tables, validating every cell on the way.

Each file is staged in DuckDB as text (``etl.readers``), every column is checked once per
distinct value (``etl.parse``), and only then are the rows cast into ``raw_<name>``. A
check sees every bad row, so a run reports all its problems (up to ``MAX_PROBLEMS``), the
first one being the one the loader has always reported first: the first file, the first
column in the spec, the first kind of check, the first line.

Every row keeps the file it came from (``_file``) and its line (``_line``) so that any later
contract failure can point a person at the exact place to fix.

The package: ``discover`` (which file is which table), ``problems`` (every problem of a run),
``columns`` (how each column is checked and typed), ``mapping`` (periods and regions mapped
once per distinct value), ``validate`` (the checks run on a staged file); here the loading
itself (``load_file``, ``load_all``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from etl.errors import EtlError
from etl.load.columns import FileContext, _analyse, _outputs, create_raw_table, raw_columns
from etl.load.discover import RECOGNISERS, discover, spec_for_file
from etl.load.problems import Problems
from etl.load.validate import (
    _after_insert_checks,
    _check_columns,
    _check_totals,
    _src,
    _value_cross_checks,
)
from etl.parse import sql_str
from etl.progress import Ticker
from etl.readers import drop, stage
from etl.schema import SPECS, FileSpec

__all__ = ["RECOGNISERS", "discover", "load_all", "load_file", "spec_for_file"]


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
    columns: list[str] | None = None,
) -> int:
    """Stage, check and insert one file into ``raw_<spec>``; return the rows loaded.
    ``columns`` receives the spec's columns the file has."""
    name = f"f{index}"
    staged = stage(con, path, spec, work, name, ticker)
    if columns is not None:
        columns.extend(c for c in spec.column_names if c in staged.columns)
    maps: dict[str, str] = {}
    dv = f"dv_{name}"
    ctx = FileContext(
        spec=spec, staged=staged, index=index, name=name, greek=staged.greek_numbers, today=today
    )
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
        if spec.name == "activity_reports":  # its rules need the reference lists loaded
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


def _name_sheet(items: list, path: Path) -> None:
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
        "(tbl VARCHAR, first_row BIGINT, end_row BIGINT, origin VARCHAR, columns VARCHAR[])"
    )
    with tempfile.TemporaryDirectory(dir=work, prefix="load-") as tmp:
        for spec in SPECS:
            create_raw_table(con, spec)
            total = 0
            for path in files.get(spec.name, []):
                index += 1
                notes: list[str] = []
                columns: list[str] = []
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
                        columns=columns,
                    )
                except EtlError as exc:
                    for i, err in enumerate(exc.problems):
                        problems.add((index, 0, 0, i, err.line or 0), err)
                    problems.omitted += exc.omitted
                _name_sheet(problems.items[listed:], path)
                inside = bundled is not None and path.parent.resolve() == Path(bundled).resolve()
                con.execute(
                    "insert into etl_files values (?, ?, ?, ?, ?)",
                    [
                        f"raw_{spec.name}",
                        first_row,
                        total,
                        "bundled data" if inside else "your files",
                        columns,
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
