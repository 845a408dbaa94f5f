"""Rules of the activity register's reports (issue 27), run on each report file's typed rows.

A report row names a partner, an activity, a sector, an indicator and a programme from the
reference lists (loaded before it: they come earlier in ``etl.schema.SPECS``), a region and
optionally a municipality, a month (``YYYY-MM``) and a count. The file declares its partner in
its name: ``activity_reports_<partner_id>.xlsx`` (or ``.csv``). A file that names another
partner's rows, or declares no partner, is refused unless the uploader is an administrator
(``build(admin=True)``: the data upload page and ``python -m etl``; ``--as-partner`` checks a
file as a partner would). See docs/activity-register.md.

Every problem names the file, the line and the column (the sheet is added by the loader), and
an unknown name comes with the closest known ones.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import duckdb

from etl.errors import EtlError

TABLE = "raw_activity_reports"
PREFIX = "activity_reports"
PHASE = 3  # problems of these rules sort after the loader's own (phase 1, 2)
SUGGESTIONS = 3

# report column → (reference table, its key, the list's file name)
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("partner", "raw_partners", "partner_id", "partners"),
    ("programme", "raw_programmes", "programme_id", "programmes"),
    ("activity", "raw_activities", "activity_id", "activities"),
    ("sector", "raw_sectors", "sector_id", "sectors"),
    ("indicator", "raw_activity_indicators", "indicator_id", "activity_indicators"),
)


def declared_partner(path: Path) -> str | None:
    """The partner a file declares in its name (``activity_reports_<partner_id>``), if any."""
    rest = Path(path).stem[len(PREFIX) :].strip("_-. ")
    return rest or None


def _order(ctx, column: str) -> int:
    return ctx.spec.column_names.index(column)


def _add(problems, ctx, column: str, step: int, line: int, message: str, **kw) -> None:
    problems.add(
        (ctx.index, PHASE, _order(ctx, column), step, line),
        EtlError(message, file=ctx.staged.path, line=int(line), column=column, **kw),
    )


def _cap(problems) -> int:
    return max(1, problems.cap - len(problems.items))


def suggest(text: str, known: list[tuple[str, ...]]) -> list[str]:
    """The ids whose id or names come closest to ``text`` (difflib, case-insensitive)."""
    names: dict[str, str] = {}
    for key, *others in known:
        for name in (key, *others):
            if name:
                names.setdefault(str(name).lower(), key)
    close = difflib.get_close_matches(str(text).lower(), list(names), n=SUGGESTIONS * 3, cutoff=0.5)
    out: list[str] = []
    for name in close:
        if names[name] not in out:
            out.append(names[name])
    return out[:SUGGESTIONS]


def _label_columns(con: duckdb.DuckDBPyConnection, table: str) -> str:
    cols = {r[0] for r in con.execute(f"describe {table}").fetchall()}
    return ", ".join(c for c in ("name_el", "name_en") if c in cols) or "null"


def _check_references(con, ctx, first_row: int, problems) -> None:
    for step, (column, ref, key, listed) in enumerate(REFERENCES, start=1):
        rows = con.execute(
            f"""select r._line, r."{column}" from {TABLE} r
                anti join {ref} k on k.{key} = r."{column}"
                where r.rowid >= ? and r."{column}" is not null
                order by r._line limit {_cap(problems)}""",
            [first_row],
        ).fetchall()
        if not rows:
            continue
        known = con.execute(f"select {key}, {_label_columns(con, ref)} from {ref}").fetchall()
        hints: dict[str, list[str]] = {}
        for line, value in rows:
            if value not in hints:
                hints[value] = suggest(value, known)
            _add(
                problems,
                ctx,
                column,
                step,
                line,
                f"unknown {column}: not in the {listed} list",
                value=value,
                suggestions=hints[value],
                hint=f"Use an id of the {listed} list (the template's drop-down), or ask the "
                f"Directorate to add it to {listed}.csv",
            )


def _check_months(con, ctx, first_row: int, problems) -> None:
    rows = con.execute(
        f"""select _line, month from {TABLE} where rowid >= ? and month_precision <> 'month'
            order by _line limit {_cap(problems)}""",
        [first_row],
    ).fetchall()
    for line, value in rows:
        _add(
            problems,
            ctx,
            "month",
            20,
            line,
            "not a month: a report is for one month",
            value=value,
            hint="Write the year and the month: 2025-03",
        )
    rows = con.execute(
        f"""select _line, "end" from {TABLE} where rowid >= ? and end_end < start_start
            order by _line limit {_cap(problems)}""",
        [first_row],
    ).fetchall()
    for line, value in rows:
        _add(problems, ctx, "end", 21, line, "ends before it starts", value=value)


def _check_sector(con, ctx, first_row: int, problems) -> None:
    rows = con.execute(
        f"""select r._line, r.sector, a.activity_id, a.sector_id from {TABLE} r
            join raw_activities a on a.activity_id = r.activity
            where r.rowid >= ? and r.sector <> a.sector_id
            order by r._line limit {_cap(problems)}""",
        [first_row],
    ).fetchall()
    for line, sector, activity, expected in rows:
        _add(
            problems,
            ctx,
            "sector",
            22,
            line,
            f"the activity '{activity}' belongs to the sector '{expected}'",
            value=sector,
            suggestions=[expected],
        )


def _resolve_one(text: str, region: str | None, region_of: dict) -> tuple[str | None, tuple]:
    """(code, ()) or (None, (message, suggestions, hint)) for one municipality cell."""
    from geo import municipalities

    try:
        code = municipalities.resolve(text, region_code=region)
    except municipalities.AmbiguousMunicipalityError as exc:
        return None, (
            "this municipality name fits more than one municipality",
            [municipalities.label(str(c), text) for c in exc.candidates],
            "Write the region too, or the municipality's ELSTAT code",
        )
    except municipalities.UnknownMunicipalityError as exc:
        return None, (
            "unknown municipality (in this region)",
            [str(c) for c in exc.suggestions][:SUGGESTIONS],
            "Use the template's drop-down: the 2021 (Kleisthenis) municipalities",
        )
    if region is not None and region_of.get(code) != region:
        message = f"the municipality lies in region {region_of.get(code)}, the row says {region}"
        return None, (message, [], None)
    return code, ()


def _resolve_municipalities(con, ctx, first_row: int, problems) -> None:
    """Municipality names/codes → ELSTAT 2021 codes (geo.municipalities), within the row's
    region; the code goes into ``municipality`` (the text stays in ``municipality_given``, as
    for every municipality column: etl.load.columns), the region from it where none is given."""
    rows = con.execute(
        f"""select _line from {TABLE} where rowid >= ? and municipality_given is null
            and region is null order by _line limit {_cap(problems)}""",
        [first_row],
    ).fetchall()
    for (line,) in rows:
        _add(problems, ctx, "region", 29, line, "a place is required: a region or a municipality")
    pairs = con.execute(
        f"""select distinct region, municipality_given from {TABLE}
            where rowid >= ? and municipality_given is not null""",
        [first_row],
    ).fetchall()
    if not pairs:
        return
    from geo import municipalities

    frame = municipalities.municipalities()
    region_of = dict(zip(frame["code"], frame["region_code"], strict=True))
    good, bad = [], {}
    for region, text in pairs:
        code, problem = _resolve_one(text, region, region_of)
        if problem:
            bad[(region, text)] = problem
        else:
            good.append((region, text, code, region_of.get(code)))
    if good:
        con.execute(
            "create or replace temp table _muni "
            "(region VARCHAR, m VARCHAR, code VARCHAR, muni_region VARCHAR)"
        )
        con.executemany("insert into _muni values (?, ?, ?, ?)", good)
        con.execute(
            f"""update {TABLE} t set municipality = m.code,
                       region = coalesce(t.region, m.muni_region)
                from _muni m
                where t.rowid >= ? and t.region is not distinct from m.region
                  and t.municipality_given = m.m""",
            [first_row],
        )
        con.execute("drop table _muni")
    for (region, text), (message, suggestions, hint) in bad.items():
        lines = con.execute(
            f"""select _line from {TABLE} where rowid >= ? and region is not distinct from ?
                and municipality_given = ? order by _line limit {_cap(problems)}""",
            [first_row, region, text],
        ).fetchall()
        for (line,) in lines:
            _add(
                problems,
                ctx,
                "municipality",
                30,
                line,
                message,
                value=text,
                suggestions=suggestions,
                hint=hint,
            )


def _check_duplicates(con, ctx, first_row: int, problems) -> None:
    """partner × activity × location × month × indicator once: the later row names the
    earlier one (this file or an earlier one)."""
    keys = ("partner", "activity", "region", "municipality", "month", "indicator")
    cols = ", ".join(f'"{k}"' for k in keys)
    same = " and ".join(f'o."{k}" is not distinct from c."{k}"' for k in keys)
    any_twice = con.execute(
        f"""select exists (select 1 from {TABLE} where rowid >= ? group by {cols}
                           having count(*) > 1)
                or exists (select 1 from (select distinct {cols} from {TABLE}
                                          where rowid >= ?) c
                           semi join (select {cols} from {TABLE} where rowid < ?) o
                           on {same})""",
        [first_row, first_row, first_row],
    ).fetchall()[0][0]
    if not any_twice:  # the usual case: one grouping, no pairwise join
        return
    rows = con.execute(
        f"""select c._line, o._file, o._line, c.month from {TABLE} c
            join {TABLE} o on {same}
                and (o.rowid < ? or (o.rowid >= ? and o._line < c._line))
            where c.rowid >= ?
            qualify row_number() over (partition by c.rowid order by o.rowid >= ?, o._line) = 1
            order by c._line limit {_cap(problems)}""",
        [first_row, first_row, first_row, first_row],
    ).fetchall()
    name = Path(ctx.staged.path).name
    for line, other_file, other_line, month in rows:
        where = f"line {other_line}" if other_file == name else f"{other_file} line {other_line}"
        _add(
            problems,
            ctx,
            "partner",
            40,
            line,
            f"the same report twice: this partner, activity, place, month and indicator are "
            f"also at {where}",
            value=month,
            hint="Keep one row (add the counts up if both are right)",
        )


def _check_partner(con, ctx, first_row: int, problems, admin: bool) -> None:
    if admin:
        return
    declared = declared_partner(ctx.staged.path)
    known = (
        declared
        and con.execute(
            "select count(*) from raw_partners where partner_id = ?", [declared]
        ).fetchall()[0][0]
    )
    if not known:
        ids = con.execute("select partner_id, name_el, name_en from raw_partners").fetchall()
        problems.add(
            (ctx.index, PHASE, _order(ctx, "partner"), 0, 1),
            EtlError(
                "the file does not say whose report it is (a partner's file is named "
                "activity_reports_<partner_id>)",
                file=ctx.staged.path,
                line=1,
                column="partner",
                value=declared,
                suggestions=suggest(declared, ids) if declared else [],
                hint="Rename the file after your partner id, e.g. activity_reports_my_ngo.xlsx; "
                "only an administrator may load a file of several partners",
            ),
        )
        return
    rows = con.execute(
        f"""select _line, partner from {TABLE} where rowid >= ? and partner <> ?
            order by _line limit {_cap(problems)}""",
        [first_row, declared],
    ).fetchall()
    for line, partner in rows:
        _add(
            problems,
            ctx,
            "partner",
            41,
            line,
            f"a row of another partner: this file is the report of '{declared}'",
            value=partner,
            hint="Each partner reports its own rows; only an administrator may load rows of "
            "other partners",
        )


def check_reports(con, ctx, first_row: int, problems, *, admin: bool) -> None:
    """Every rule above on the rows of one report file (``rowid >= first_row``)."""
    _check_partner(con, ctx, first_row, problems, admin)
    _check_references(con, ctx, first_row, problems)
    _check_months(con, ctx, first_row, problems)
    _check_sector(con, ctx, first_row, problems)
    _resolve_municipalities(con, ctx, first_row, problems)
    _check_duplicates(con, ctx, first_row, problems)
