"""Build the database: raw files → temp DuckDB file → models → contracts → atomic swap.

The live database is only ever replaced by ``os.replace`` of a fully built and checked file,
so a failed build leaves it byte-identical, and readers keep the old data until they reconnect.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from atlas import config, db
from etl import checks, eurostat, municipal  # eurostat registers its file recogniser on import
from etl.errors import EtlError
from etl.load import discover, load_all
from etl.progress import Ticker

MODELS_DIR = Path(__file__).parent / "models"
_REF = re.compile(r"\b(?:from|join)\s+([a-z_][a-z0-9_]*)", re.IGNORECASE)
# A mart built per batch of indicators declares it on a line of its own (etl/models/README.md)
_BATCHED = re.compile(r"^-- batched over: ([a-z_][a-z0-9_]*)$", re.MULTILINE)


@dataclass
class BuildResult:
    db_path: Path
    replaced: bool
    row_counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def model_order(models_dir: Path = MODELS_DIR) -> list[Path]:
    """Model files in dependency order (a model runs after every model it reads from)."""
    files = {p.stem: p for p in sorted(models_dir.glob("*.sql"))}
    deps = {
        name: {m for m in _REF.findall(p.read_text()) if m in files and m != name}
        | set(_BATCHED.findall(p.read_text()))
        for name, p in files.items()
    }
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise ValueError(f"models reference each other in a cycle at {name}")
        visiting.add(name)
        for dep in sorted(deps[name]):
            visit(dep)
        visiting.discard(name)
        ordered.append(name)

    for name in sorted(files):
        visit(name)
    return [files[n] for n in ordered]


def seed_geography(con: duckdb.DuckDBPyConnection) -> None:
    from geo import boundaries
    from geo.regions import REGIONS

    regions = pd.DataFrame(
        [(r.code, r.iso, r.name_el, r.name_en) for r in REGIONS],
        columns=["region_code", "iso_code", "name_el", "name_en"],
    )
    con.register("_regions", regions)
    con.execute("CREATE TABLE seed_regions AS SELECT * FROM _regions")
    con.unregister("_regions")
    try:
        codes = sorted(boundaries.load_regions().index)
    except (OSError, ValueError) as exc:
        raise EtlError(
            f"the boundary file could not be loaded: {exc}", file=boundaries.REGIONS_PATH
        ) from None
    con.execute("CREATE TABLE seed_boundary_codes (region_code VARCHAR)")
    con.executemany("INSERT INTO seed_boundary_codes VALUES (?)", [[c] for c in codes])


# A mart whose rows depend only on figures of the same indicator says so with the line
# '-- batched over: <view>' and reads '<view>_batch' instead of <view>: the build defines
# that view as one batch of indicators at a time (all of them when they fit in one batch),
# so the memory a build needs stays that of ~BATCH_ROWS figures however large the input is.
BATCH_ROWS = 1_000_000


def batched_over(sql: str) -> str | None:
    """The view a model is built from batch by batch ('-- batched over: <view>'), if any."""
    found = _BATCHED.search(sql)
    return found.group(1) if found else None


def indicator_batches(
    con: duckdb.DuckDBPyConnection, source: str, batch_rows: int
) -> list[list[str]]:
    """Indicators of ``source`` in groups of about ``batch_rows`` rows (one indicator is
    never split)."""
    counts = con.execute(
        f"select indicator_id, count(*) from {source} group by indicator_id order by 1"
    ).fetchall()
    batches: list[list[str]] = [[]]
    rows = 0
    for indicator, n in counts:
        if batches[-1] and rows + n > batch_rows:
            batches.append([])
            rows = 0
        batches[-1].append(indicator)
        rows += n
    return batches


def _build_batched(
    con: duckdb.DuckDBPyConnection, name: str, sql: str, source: str, batch_rows: int
) -> None:
    """Build model ``name`` from ``<source>_batch``: one batch of indicators at a time."""
    view = f"{source}_batch"
    batches = indicator_batches(con, source, batch_rows)
    for i, batch in enumerate(batches):
        ids = ", ".join("'" + b.replace("'", "''") + "'" for b in batch)
        where = f" WHERE indicator_id IN ({ids})" if len(batches) > 1 else ""
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {source}{where}")
        if i == 0:
            con.execute(f"CREATE TABLE {name} AS {sql}")
        else:
            con.execute(f"INSERT INTO {name} SELECT * FROM ({sql}\n)")
    con.execute(f"DROP VIEW {view}")


def run_models(
    con: duckdb.DuckDBPyConnection,
    progress: Callable[[str], None],
    batch_rows: int | None = None,
) -> list[str]:
    """Build every model. Staging models (``stg_*``: renames and casts over one raw table)
    are views, so a large input is not copied once more; marts are tables; a mart that
    declares '-- batched over: <view>' is built per batch of indicators."""
    names = []
    for path in model_order():
        name, sql = path.stem, path.read_text()
        if name.startswith("stg_"):
            con.execute(f"CREATE VIEW {name} AS {sql}")
        elif source := batched_over(sql):
            _build_batched(con, name, sql, source, batch_rows or BATCH_ROWS)
        else:
            con.execute(f"CREATE TABLE {name} AS {sql}")
        names.append(name)
    progress(f"built {len(names)} models")
    return names


def _fingerprint(files: dict[str, list[Path]]) -> list[dict]:
    out = []
    for name, paths in files.items():
        for p in paths:
            with open(p, "rb") as fh:  # in chunks: an input may be gigabytes
                digest = hashlib.file_digest(fh, "sha256").hexdigest()[:16]
            out.append({"table": name, "file": p.name, "sha256_16": digest})
    return out


def temp_paths(db_path: Path, pid: int | None = None) -> tuple[Path, Path]:
    """The temp database a build writes beside the live one, and its work folder (staged
    copies of input files). A later run recognises both by name and removes them if the
    build that made them was killed."""
    tag = os.getpid() if pid is None else pid
    tmp = db_path.with_name(f".{db_path.name}.{tag}.tmp")
    return tmp, tmp.with_name(tmp.name + ".work")


def clean_stale(db_path: Path) -> list[str]:
    """Remove what a killed build left beside the database (temp file, its WAL, DuckDB's
    spill folder, the work folder). Called with the build lock held, so no other build of
    this database is running."""
    removed = []
    pattern = re.compile(rf"^\.{re.escape(db_path.name)}\.\d+\.tmp(\..*)?$")
    for path in db_path.parent.glob(f".{db_path.name}.*.tmp*"):
        if not pattern.match(path.name):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def _out_of_room(exc: Exception) -> EtlError:
    """DuckDB ran out of the memory or spill space a build may use: a clear message, not a
    traceback (the limits keep one large or hostile input from taking the machine down)."""
    first = next((t.strip() for t in str(exc).splitlines() if t.strip()), type(exc).__name__)
    return EtlError(
        f"the build needs more room than it may use ({first[:160]})",
        hint=f"Memory limit {config.ETL_MEMORY_LIMIT}, spill limit {config.ETL_MAX_SPILL}: "
        "free disk space beside the database, or raise ATLAS_ETL_MEMORY_LIMIT / "
        "ATLAS_ETL_MAX_SPILL",
    )


@contextlib.contextmanager
def build_lock(db_path: Path, timeout_s: float) -> Iterator[None]:
    """One build at a time per database: a second run waits, then fails cleanly."""
    lock_path = db_path.with_name(db_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as fh:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EtlError(
                        "another ETL run is updating this database; try again when it has finished",
                        file=db_path,
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(
    raw_dir: Path = config.RAW_DIR,
    input_dirs: Iterable[Path] = (),
    db_path: Path | None = None,
    *,
    check_only: bool = False,
    progress: Callable[[str], None] = lambda _: None,
    lock_timeout_s: float = config.BUILD_LOCK_TIMEOUT_S,
    built_at: str | None = None,
    ticker: Ticker | None = None,
    admin: bool = True,
) -> BuildResult:
    """Build (or with ``check_only`` just validate) the database. ``built_at`` (ISO 8601)
    replaces the clock in ``build_info``: a rebuild of a kept version (etl.versions) passes
    the version's own time so that its tables come out identical. ``ticker`` receives
    (label, rows read, rows expected) while large files are read, for a progress bar.
    ``admin`` False: validate as a partner would be (a report may hold its own rows only)."""
    started = time.perf_counter()
    db_path = Path(db_path or config.db_path())
    input_dirs = [Path(d) for d in input_dirs]
    with build_lock(db_path, lock_timeout_s):
        stale = clean_stale(db_path)
        if stale:
            progress(f"removed what an interrupted build left: {', '.join(sorted(stale))}")
        tmp, work = temp_paths(db_path)
        work.mkdir()
        con = duckdb.connect(
            str(tmp),
            config={
                "memory_limit": config.ETL_MEMORY_LIMIT,
                "max_temp_directory_size": config.ETL_MAX_SPILL,
            },
        )
        con.execute("set enable_progress_bar = true; set enable_progress_bar_print = false")
        try:
            files = discover(Path(raw_dir), input_dirs)
            progress(f"found {sum(map(len, files.values()))} input files")
            seed_geography(con)
            municipal.seed(con)
            counts = load_all(
                con, files, progress, work=work, ticker=ticker, bundled=Path(raw_dir), admin=admin
            )
            municipal.assign(con)
            counts["eurostat"], files["eurostat"] = eurostat.load(
                con, [Path(raw_dir), *input_dirs], progress
            )
            n = checks.run_all(con)
            progress(f"passed {n} groups of input contracts")
            run_models(con, progress)
            checks.run_mart_checks(con)
            info = {
                "built_at": built_at or datetime.now(UTC).isoformat(timespec="seconds"),
                "schema_version": db.SCHEMA_VERSION,
                "inputs": _fingerprint(files),
                "input_dirs": [str(d) for d in input_dirs],
            }
            con.execute(
                "CREATE TABLE build_info AS SELECT ? AS built_at, ? AS manifest, "
                "?::INTEGER AS schema_version",
                [info["built_at"], json.dumps(info, ensure_ascii=False), db.SCHEMA_VERSION],
            )
            con.execute("CHECKPOINT")
            con.close()
            shutil.rmtree(work, ignore_errors=True)
            if check_only:
                tmp.unlink(missing_ok=True)
                progress("check passed; the live database was not touched")
            else:
                os.replace(tmp, db_path)
                progress(f"database replaced: {db_path}")
        except BaseException as exc:
            with contextlib.suppress(Exception):
                con.close()
            clean_stale(db_path)
            if isinstance(exc, duckdb.OutOfMemoryException | duckdb.IOException):
                raise _out_of_room(exc) from None
            raise
    return BuildResult(db_path, not check_only, counts, time.perf_counter() - started)
