"""Publishing the Directorate's own files from the browser: stage, compare, publish.

1. :func:`stage` checks the uploaded files (name, type, size, zip bombs), writes them into a
   new version folder beside the database together with the own files of the live version,
   and runs the same :func:`etl.build.build` as ``python -m etl`` into that folder's own
   database — never the live one. Every problem the ETL reports comes back as a list.
2. :func:`changes` compares the live database with the staged one: rows added, changed and
   removed per input table; every region value that differs, per indicator and period.
3. :func:`publish` makes the staged database live under the build lock, with the same
   ``os.replace`` as a build, after keeping the database it replaces (``etl.versions``).

``pages/data_upload.py`` calls these; ``atlas`` never imports ``etl``.
"""

from __future__ import annotations

import gzip
import io
import shutil
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from atlas import audit, config
from etl import versions
from etl.build import build, build_lock
from etl.errors import EtlError
from etl.schema import SPECS

MB = 1 << 20
ALLOWED_SUFFIXES = (".csv", ".xlsx", ".tsv", ".gz")  # .tsv/.gz: Eurostat downloads
UPLOAD_TYPES = [s.lstrip(".") for s in ALLOWED_SUFFIXES]  # for st.file_uploader(type=...)
_EUROSTAT_KEY = ("dataset", "series_key", "geo", "period")
# Columns that say where or when a row was read, not what it says: not a change of data.
_NOT_DATA = ("_file", "_line", "download_date", "download_date_basis", "last_update")


@dataclass
class Staged:
    version: str | None  # the version folder (None: the files did not pass)
    problems: list[EtlError] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.version is not None and not self.problems


@dataclass
class Changes:
    tables: pd.DataFrame  # table, added, changed, removed (only tables with a change)
    values: pd.DataFrame  # every region of each (indicator, period) with a changed value


# --- checking an uploaded file before anything reads it ---------------------------------------


def safe_name(name: str) -> str:
    """The file name only: folders (``../../x.csv``, ``C:\\x.csv``) and control characters go."""
    name = unicodedata.normalize("NFC", str(name)).replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()


def _suffix(name: str) -> str:
    return Path(name.lower()).suffix


def check_upload(name: str, data: bytes) -> list[EtlError]:
    """Problems that make a file unsafe or pointless to open (the loader checks the rest)."""
    shown = safe_name(name)
    suffix = _suffix(shown)
    if not shown or shown.startswith((".", "~$")) or len(shown) > 120:
        return [
            EtlError(
                "unusable file name",
                file=shown or "?",
                value=name,
                hint="Use a name of letters, digits, '_', '-' and '.', e.g. observations.csv",
            )
        ]
    if suffix == ".xls":
        return [EtlError("old Excel format (.xls)", file=shown, hint="Save it as .xlsx")]
    if suffix not in ALLOWED_SUFFIXES:
        return [
            EtlError(
                f"unsupported file type '{suffix or shown}'",
                file=shown,
                hint="Use .csv or .xlsx (Eurostat downloads: .tsv, .tsv.gz, .csv)",
            )
        ]
    limit = config.MAX_INPUT_FILE_MB * MB
    if len(data) > limit:
        return [
            EtlError(
                f"the file is larger than {config.MAX_INPUT_FILE_MB} MB",
                file=shown,
                value=f"{len(data) / MB:.1f} MB",
                hint="Split it into several files of the same table",
            )
        ]
    if suffix == ".xlsx":
        return _check_xlsx(shown, data)
    if suffix == ".gz":
        return _check_gzip(shown, data)
    return []


def _check_xlsx(name: str, data: bytes) -> list[EtlError]:
    """An XLSX is a zip: read its directory (declared sizes) without inflating anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return [
            EtlError(
                "not a valid XLSX workbook (damaged or truncated)",
                file=name,
                hint="Open and save it again in Excel",
            )
        ]
    inflated = sum(m.file_size for m in members)
    if len(members) > config.MAX_XLSX_MEMBERS or inflated > config.MAX_XLSX_INFLATED_MB * MB:
        return [
            EtlError(
                f"the workbook unpacks to {inflated / MB:,.0f} MB in {len(members):,} parts, "
                f"more than the {config.MAX_XLSX_INFLATED_MB} MB allowed",
                file=name,
                hint="Save only the data sheet, or save it as CSV",
            )
        ]
    return []


def _check_gzip(name: str, data: bytes) -> list[EtlError]:
    limit = config.MAX_XLSX_INFLATED_MB * MB
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            total = 0
            while chunk := fh.read(MB):
                total += len(chunk)
                if total > limit:
                    return [
                        EtlError(
                            f"the compressed file unpacks to more than "
                            f"{config.MAX_XLSX_INFLATED_MB} MB",
                            file=name,
                        )
                    ]
    except (OSError, EOFError, gzip.BadGzipFile):
        return [EtlError("not a valid .gz file (damaged or truncated)", file=name)]
    return []


def check_uploads(uploads: Sequence[tuple[str, bytes]], drop: Iterable[str] = ()) -> list[EtlError]:
    problems: list[EtlError] = []
    if len(uploads) > config.MAX_UPLOAD_FILES:
        problems.append(
            EtlError(f"more than {config.MAX_UPLOAD_FILES} files at once", value=len(uploads))
        )
    seen: set[str] = set()
    for name, data in uploads:
        shown = safe_name(name)
        if shown.lower() in seen:
            problems.append(EtlError("two files with the same name", file=shown))
        seen.add(shown.lower())
        problems += check_upload(name, data)
    return problems


# --- staging --------------------------------------------------------------------------------


def stage(
    uploads: Sequence[tuple[str, bytes]],
    who: str,
    *,
    drop: Iterable[str] = (),
    db_path: Path | None = None,
    raw_dir: Path = config.RAW_DIR,
    progress: Callable[[str], None] = lambda _: None,
) -> Staged:
    """Validate ``uploads`` (name, bytes) with the live version's own files, minus ``drop``.
    The result's database is a complete candidate for publishing; the live one is untouched."""
    db_path = Path(db_path or config.db_path())
    drop = set(drop)
    log = config.audit_path(db_path)
    names = [safe_name(n) for n, _ in uploads]
    problems = check_uploads(uploads)
    if problems:
        audit.record("validate", who, path=log, files=names, ok=False, problems=len(problems))
        return Staged(None, problems)
    based_on = versions.live_sha(db_path)
    kept = [p for p in versions.live_inputs(db_path) if p.name not in drop]
    moment = versions.now_utc()
    vdir = versions.new_dir(db_path, moment)
    inputs = vdir / versions.INPUTS
    lines: list[str] = []
    try:
        for path in kept:
            if path.name.lower() not in {n.lower() for n in names}:
                shutil.copy2(path, inputs / path.name)  # copy2 keeps the file date (Eurostat)
        for name, (_, data) in zip(names, uploads, strict=True):
            target = inputs / name
            if target.resolve().parent != inputs.resolve():  # pragma: no cover - safe_name
                raise EtlError("unusable file name", file=name)
            with open(target, "xb") as fh:
                fh.write(data)

        def note(msg: str) -> None:
            lines.append(msg)
            progress(msg)

        result = build(
            raw_dir, [inputs], vdir / versions.DB_FILE, built_at=versions.iso(moment), progress=note
        )
    except EtlError as exc:
        shutil.rmtree(vdir, ignore_errors=True)
        audit.record("validate", who, path=log, files=names, ok=False, problems=len(exc.problems))
        return Staged(None, exc.problems)
    except BaseException:
        shutil.rmtree(vdir, ignore_errors=True)
        raise
    finally:
        (vdir / f"{versions.DB_FILE}.lock").unlink(missing_ok=True)
    manifest = {
        "status": "staged",
        "staged_at": versions.iso(moment),
        "staged_by": who,
        "based_on": based_on,
        "built_at": versions.iso(moment),
        "db_sha256": versions.sha256(vdir / versions.DB_FILE),
        "inputs": versions.describe_inputs(Path(raw_dir), inputs, set(names)),
        "dropped": sorted(drop),
        "row_counts": {
            "input": result.row_counts,
            "tables": versions.table_counts(vdir / versions.DB_FILE),
        },
        "etl_summary": lines,
        "reproducible": versions.REPRODUCIBLE,
    }
    versions.write_manifest(vdir, manifest)
    audit.record("validate", who, path=log, files=names, ok=True, version=vdir.name)
    return Staged(vdir.name, [], {**manifest, "version": vdir.name})


def staged_db(version: str, db_path: Path | None = None) -> Path:
    return versions.version_dir(version, Path(db_path or config.db_path())) / versions.DB_FILE


# --- what would change ----------------------------------------------------------------------


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> dict[str, list[str]]:
    rows = con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_catalog = ? order by table_name, ordinal_position",
        [catalog],
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        out.setdefault(table, []).append(column)
    return out


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _table_change(con, table: str, key: tuple[str, ...], cols: dict[str, list[str]]) -> tuple:
    old, new = cols["o"].get(table), cols["n"].get(table)
    if not old and not new:
        return (0, 0, 0)
    if not old or not new:
        side = "n" if new else "o"
        n = con.execute(f"select count(*) from {side}.{_q(table)}").fetchone()[0]
        return (n, 0, 0) if new else (0, 0, n)
    common = [c for c in new if c in old and c not in _NOT_DATA and not c.endswith("_given")]
    keys = [k for k in key if k in common]
    data = [c for c in common if c not in keys] or keys
    k_sel = ", ".join(f"{_q(k)} as k{i}" for i, k in enumerate(keys))
    row = "row(" + ", ".join(_q(c) for c in data) + ")"
    on = " and ".join(f"o.k{i} is not distinct from n.k{i}" for i in range(len(keys)))
    sql = f"""
        with o as (select {k_sel}, {row} as r, true as x from o.{_q(table)}),
             n as (select {k_sel}, {row} as r, true as x from n.{_q(table)})
        select count(*) filter (where o.x is null),
               count(*) filter (where o.x and n.x and o.r is distinct from n.r),
               count(*) filter (where n.x is null)
        from o full outer join n on {on}"""
    return tuple(int(x) for x in con.execute(sql).fetchone())


_VALUES_SQL = """
with o as (select indicator_id, period, region_code, value, qualifier, value_high
           from o.region_indicator_values),
     n as (select indicator_id, period, region_code, value, qualifier, value_high
           from n.region_indicator_values),
     j as (select coalesce(n.indicator_id, o.indicator_id) as indicator_id,
                  coalesce(n.period, o.period) as period,
                  coalesce(n.region_code, o.region_code) as region_code,
                  row(o.value, o.qualifier, o.value_high) is distinct from
                  row(n.value, n.qualifier, n.value_high) as changed
           from o full outer join n using (indicator_id, period, region_code)),
     pairs as (select distinct indicator_id, period from j where changed),
     ind as (select indicator_id, name_el, name_en, unit from n.indicators
             union all
             select indicator_id, name_el, name_en, unit from o.indicators
             where indicator_id not in (select indicator_id from n.indicators))
select p.indicator_id, i.name_el as indicator_el, i.name_en as indicator_en, i.unit,
       p.period, r.region_code, r.name_el, r.name_en,
       o.value as old_value, o.qualifier as old_qualifier, o.value_high as old_value_high,
       n.value as new_value, n.qualifier as new_qualifier, n.value_high as new_value_high
from pairs p
cross join n.regions r
left join ind i on i.indicator_id = p.indicator_id
left join o on o.indicator_id = p.indicator_id and o.period = p.period
           and o.region_code = r.region_code
left join n on n.indicator_id = p.indicator_id and n.period = p.period
           and n.region_code = r.region_code
order by p.indicator_id, p.period, r.region_code
"""


def changes(old_db: Path, new_db: Path) -> Changes:
    """What replacing ``old_db`` (may be missing) by ``new_db`` changes."""
    con = duckdb.connect()
    try:
        if Path(old_db).exists():
            con.execute("ATTACH ? AS o (READ_ONLY)", [str(old_db)])
        else:
            con.execute("ATTACH ':memory:' AS o")
        con.execute("ATTACH ? AS n (READ_ONLY)", [str(new_db)])
        cols = {c: _tables(con, c) for c in ("o", "n")}
        keyed = [(f"raw_{s.name}", s.name, s.key) for s in SPECS]
        keyed.append(("raw_eurostat", "eurostat", _EUROSTAT_KEY))
        rows = []
        for table, name, key in keyed:
            added, changed, removed = _table_change(con, table, key, cols)
            if added or changed or removed:
                rows.append((name, added, changed, removed))
        tables = pd.DataFrame(rows, columns=["table", "added", "changed", "removed"])
        values = (
            con.execute(_VALUES_SQL).df()
            if "region_indicator_values" in cols["o"]
            else _first_values(con)
        )
        return Changes(tables, values)
    finally:
        con.close()


def _first_values(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """No live database yet: every value is new."""
    return con.execute(
        """
        select v.indicator_id, i.name_el as indicator_el, i.name_en as indicator_en, i.unit,
               v.period, r.region_code, r.name_el, r.name_en,
               null::double as old_value, null::varchar as old_qualifier,
               null::double as old_value_high,
               v.value as new_value, v.qualifier as new_qualifier, v.value_high as new_value_high
        from (select distinct indicator_id, period from n.region_indicator_values) p
        cross join n.regions r
        join n.indicators i on i.indicator_id = p.indicator_id
        left join n.region_indicator_values v on v.indicator_id = p.indicator_id
             and v.period = p.period and v.region_code = r.region_code
        order by 1, 5, 6"""
    ).df()


# --- publishing -----------------------------------------------------------------------------


def publish(
    version: str,
    who: str,
    *,
    db_path: Path | None = None,
    raw_dir: Path = config.RAW_DIR,
    lock_timeout_s: float = config.BUILD_LOCK_TIMEOUT_S,
) -> dict:
    """Make a staged version live. Waits for a running build or publish (the build lock); fails
    cleanly when the live data changed since the files were validated."""
    db_path = Path(db_path or config.db_path())
    vdir = versions.version_dir(version, db_path)
    if not (vdir / versions.MANIFEST).is_file():
        raise EtlError("this upload is no longer staged; validate the files again", value=version)
    with build_lock(db_path, lock_timeout_s):
        manifest = versions.read_manifest(vdir)
        if manifest.get("status") != "staged":
            raise EtlError("this upload has already been published", value=version)
        if manifest.get("based_on") != versions.live_sha(db_path):
            raise EtlError(
                "the published data changed after these files were validated "
                "(another administrator published or rolled back)",
                hint="Validate the files again to see what they change now",
            )
        if versions.sha256(vdir / versions.DB_FILE) != manifest["db_sha256"]:
            raise EtlError("the staged database was changed after validation", file=vdir)
        previous = versions.keep_baseline(db_path, raw_dir)
        versions.install(vdir / versions.DB_FILE, db_path)
        manifest.update(
            status="published",
            published_at=versions.iso(versions.now_utc()),
            published_by=who,
            previous=previous,
        )
        versions.write_manifest(vdir, manifest)
        pruned = versions.prune(db_path)
    audit.record(
        "publish",
        who,
        path=config.audit_path(db_path),
        version=vdir.name,
        previous=previous,
        files=[i["file"] for i in manifest["inputs"] if i["origin"] == "upload"],
        pruned=pruned,
    )
    return {**manifest, "version": vdir.name, "pruned": pruned}
