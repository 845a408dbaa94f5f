"""Load raw files into typed ``raw_<name>`` tables, validating every cell on the way.

Every row keeps the file it came from (``_file``) and its line (``_line``) so that any later
contract failure can point a person at the exact place to fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from etl import parse
from etl.errors import EtlError
from etl.readers import TableText, read_table
from etl.schema import SPECS, Column, FileSpec

SUPPORTED_SUFFIXES = (".csv", ".xlsx")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,120}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_URL = re.compile(r"^https?://\S+$")
OFFICE_LOCK_PREFIX = "~$"  # Excel/Word write ~$name.xlsx next to a workbook while it is open
IGNORED_NAMES = re.compile(r"^(readme|license|licence)(\..*)?$", re.IGNORECASE)

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
                continue  # hidden files, Excel's lock file while a workbook is open, READMEs
            if suspicious or not _SAFE_NAME.match(name):
                raise EtlError(
                    "unsupported characters in the file name",
                    file=path,
                    value=name,
                    hint="Use letters, digits, '_', '-' and '.'",
                )
            if path.is_symlink() and not path.resolve().is_relative_to(folder.resolve()):
                raise EtlError(
                    "the file is a link to a place outside the input folder",
                    file=path,
                    hint="Copy the file into the folder instead",
                )
            spec = spec_for_file(path)
            if spec is None or path.suffix.lower() not in SUPPORTED_SUFFIXES:
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


def _region_mapper(kind: str) -> Callable[[str], str]:
    from geo import regions

    return regions.area_code if kind == "area" else regions.region_code


def _map_regions(s: pd.Series, column: Column, path: Path) -> pd.Series:
    from geo.regions import UnknownRegionError

    mapper = _region_mapper(column.kind)
    codes: dict[str, str | None] = {"": None}
    for text in s.unique():
        if text in codes:
            continue
        try:
            codes[text] = mapper(text)
        except UnknownRegionError as exc:
            line = int(s[s.eq(text)].index[0])
            raise EtlError(
                "unknown region",
                file=path,
                line=line,
                column=column.name,
                value=text,
                suggestions=list(exc.candidates)[:3],
            ) from None
    return s.map(codes)


def _check_matching(
    s: pd.Series, ok: pd.Series, message: str, path: Path, column: str, hint: str | None = None
) -> None:
    bad = ~ok
    if bad.any():
        line = int(bad[bad].index[0])
        raise EtlError(message, file=path, line=line, column=column, value=s.loc[line], hint=hint)


def typed_frame(table: TableText, spec: FileSpec, path: Path) -> pd.DataFrame:
    frame = table.frame
    columns = list(frame.columns)
    dupes = sorted({c for c in columns if columns.count(c) > 1})
    if dupes:
        raise EtlError(
            f"column '{dupes[0]}' appears twice in the header", file=path, line=1, column=dupes[0]
        )
    unknown = [c for c in columns if c not in spec.column_names]
    if unknown:
        raise EtlError(
            f"unknown column '{unknown[0]}'",
            file=path,
            line=1,
            column=unknown[0],
            hint=f"{spec.name} files have the columns: {', '.join(spec.column_names)}",
        )
    missing = [c for c in spec.required_columns if c not in columns]
    if missing:
        raise EtlError(
            f"required column '{missing[0]}' is missing",
            file=path,
            line=1,
            column=missing[0],
            hint=f"{spec.name} files have the columns: {', '.join(spec.column_names)}",
        )
    if frame.empty:
        raise EtlError("the file has a header but no data rows", file=path)
    out = pd.DataFrame(index=frame.index)
    for col in spec.columns:
        raw = frame[col.name] if col.name in frame else pd.Series("", index=frame.index)
        ctx = {"file": path, "column": col.name}
        kind = col.kind
        if kind in ("text", "url") or kind.startswith("enum:"):
            s = parse.check_text(raw, ctx, required=col.required)
            if kind == "url":
                parts = s.fillna("").str.split(r"\s+;\s+")
                ok = parts.map(lambda xs: all(x == "" or _URL.match(x) for x in xs))
                _check_matching(
                    raw,
                    ok,
                    "not a web address",
                    path,
                    col.name,
                    "Start addresses with http:// or https://",
                )
            if kind.startswith("enum:"):
                allowed = kind.split(":", 1)[1].split(",")
                s = s.str.lower()
                _check_matching(
                    raw,
                    s.isna() | s.isin(allowed),
                    "unexpected value",
                    path,
                    col.name,
                    "Use one of: " + ", ".join(allowed),
                )
            out[col.name] = s
        elif kind == "id":
            s = parse.check_text(raw, ctx, required=True)
            _check_matching(
                raw,
                s.str.match(_ID),
                "identifier may only contain letters, digits, '_', '.' and '-'",
                path,
                col.name,
            )
            out[col.name] = s
        elif kind in ("number", "count"):
            out[col.name] = parse.parse_numbers(
                raw,
                ctx,
                greek=table.greek_numbers,
                required=col.required,
                non_negative=kind == "count",
            )
        elif kind == "qualifier":
            out[col.name] = parse.parse_qualifiers(raw, ctx)
        elif kind == "bool":
            out[col.name] = parse.parse_bools(raw, ctx)
        elif kind == "pdate":
            dates = parse.parse_partial_dates(raw, ctx, required=col.required)
            for c in dates.columns:
                out[c] = dates[c]
        elif kind in ("region", "area"):
            s = parse.check_text(raw, ctx, required=col.required).fillna("")
            out[col.name] = _map_regions(s, col, path)
            out[f"{col.name}_given"] = s.where(s.ne(""), None)
        else:  # pragma: no cover - a spec typo
            raise ValueError(f"unknown column kind {kind}")
    if "qualifier" in out and "value" in out:
        _check_values(out, path)
    out["_file"] = path.name
    out["_line"] = out.index.astype("int64")
    return out.reset_index(drop=True)


def _check_values(out: pd.DataFrame, path: Path) -> None:
    q, v, hi = out["qualifier"], out["value"], out["value_high"]
    missing = v.isna()
    if missing.any():
        line = int(missing[missing].index[0])
        raise EtlError(
            "a value is required here (leave the row out when there is no figure)",
            file=path,
            line=line,
            column="value",
        )
    rng = q.eq("range")
    bad = (rng & (hi.isna() | (hi < v))) | (~rng & hi.notna())
    if bad.any():
        line = int(bad[bad].index[0])
        raise EtlError(
            "value_high is only for qualifier 'range' and must be ≥ value",
            file=path,
            line=line,
            column="value_high",
            value=hi.loc[line],
        )


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
    return [(col.name, "VARCHAR")]


def raw_columns(spec: FileSpec) -> list[tuple[str, str]]:
    cols = [pair for col in spec.columns for pair in sql_type(col)]
    return cols + [("_file", "VARCHAR"), ("_line", "BIGINT")]


def create_raw_table(
    con: duckdb.DuckDBPyConnection, spec: FileSpec, frames: list[pd.DataFrame]
) -> int:
    cols = raw_columns(spec)
    ddl = ", ".join(f'"{n}" {t}' for n, t in cols)
    con.execute(f"CREATE TABLE raw_{spec.name} ({ddl})")
    total = 0
    for frame in frames:
        if frame.empty:
            continue
        con.register("_incoming", frame)
        select = ", ".join(f'CAST("{n}" AS {t})' for n, t in cols)
        con.execute(f"INSERT INTO raw_{spec.name} SELECT {select} FROM _incoming")
        con.unregister("_incoming")
        total += len(frame)
    return total


def load_all(
    con: duckdb.DuckDBPyConnection,
    files: dict[str, list[Path]],
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for spec in SPECS:
        frames = []
        for path in files.get(spec.name, []):
            frames.append(typed_frame(read_table(path), spec, path))
        counts[spec.name] = create_raw_table(con, spec, frames)
        if files.get(spec.name):
            progress(
                f"loaded raw_{spec.name}: {counts[spec.name]:,} rows "
                f"from {len(files[spec.name])} file(s)"
            )
    return counts
