"""Eurostat downloads dropped into an input folder: SDMX-CSV and the older TSV.

A staff member downloads e.g. ``cens_21ctz_r3`` from Eurostat and puts the file into the
folder given to ``python -m etl --input FOLDER``. The ETL recognises the file by its header
(not its name), keeps only the Greek rows, and loads them into ``raw_eurostat`` with:

- the dataset code (from the file's DATAFLOW column, or from the file name for TSV),
- Eurostat's flags exactly as published (``p`` provisional, ``e`` estimated, ``c``
  confidential, ``u`` low reliability, …) and the SDMX confidentiality status,
- ``:`` / empty cells as *missing* (never zero),
- the download date: a date in the file name (``…_2026-11-20.csv``) or else the file's date,
- the NUTS level and, for NUTS 3, the region it belongs to (``geo/nuts3.csv``).

Aggregation to the 13 regions happens in SQL (``etl/models/eurostat_region_values.sql``): a
region gets a sum only when every NUTS-3 unit it contains is present and not confidential.

Formats understood (examples in tests/fixtures/eurostat/):
  SDMX-CSV 1.0  ``DATAFLOW,LAST UPDATE,freq,…,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG[,CONF_STATUS]``
  SDMX-CSV 2.0  ``STRUCTURE,STRUCTURE_ID,[ACTION,]freq,…,TIME_PERIOD,OBS_VALUE,OBS_FLAG,…``
  TSV           ``freq,unit,…,geo\\TIME_PERIOD<TAB>2021 <TAB>…`` (or ``geo\\time``), cells such
                as ``12345``, ``12345 p``, ``:``, ``: c``; optionally gzip-compressed.
Dimension columns with labels (``A:Annual``) are reduced to their code.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from atlas.periods import partial_date
from etl.errors import EtlError
from etl.load import RECOGNISERS

NUTS3_CSV = Path(__file__).resolve().parent.parent / "geo" / "nuts3.csv"
SUFFIXES = (".csv", ".tsv", ".gz", ".txt")
ENVELOPE = (
    "DATAFLOW",
    "LAST UPDATE",
    "LAST_UPDATE",
    "STRUCTURE",
    "STRUCTURE_ID",
    "STRUCTURE_NAME",
    "ACTION",
)
ATTRIBUTES = ("OBS_FLAG", "CONF_STATUS", "OBS_STATUS")
TOTAL_CODES = ("T", "TOTAL")  # the 'all' member of sex / age / housing … dimensions
FREE_CONF_STATUS = ("", "F")  # SDMX CONF_STATUS: F free; C, D, N, S … withheld
FLAG_LETTERS = re.compile(r"^[a-z]*$")
_SDMX_DATAFLOW = re.compile(r"^(?:[A-Z]+:)?([A-Za-z0-9_]+)(?:\(|$)")
_NUMBER = re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE_IN_NAME = re.compile(r"(?<!\d)(20\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")
_NAME_NOISE = re.compile(
    r"_(linear|tabular|page|spreadsheet|filtered|custom|en|el|fr|de|"
    r"\d{4}-?\d{2}-?\d{2}|\d+)$"
)

COLUMNS = (
    "dataset",
    "dataset_title",
    "series_key",
    "indicator_id",
    "geo",
    "geo_level",
    "nuts3_code",
    "region_code",
    "period",
    "period_start",
    "period_end",
    "period_precision",
    "value",
    "flags",
    "conf_status",
    "confidential",
    "missing",
    "last_update",
    "download_date",
    "download_date_basis",
    "_file",
    "_line",
)


@dataclass(frozen=True)
class Series:
    """One figure the atlas maps, picked out of a dataset by dimension codes. Dimensions not
    named here must be a total (T/TOTAL) or have a single value in the file."""

    indicator_id: str
    filters: dict[str, str]
    name_el: str
    name_en: str
    unit: str = "persons"
    kind: str = "count"
    description_el: str = ""
    description_en: str = ""


@dataclass(frozen=True)
class Dataset:
    code: str
    title_el: str
    title_en: str
    series: tuple[Series, ...] = ()
    # share indicators computed region by region from two series of the same file:
    # (indicator_id, numerator indicator, denominator indicator, name_el, name_en)
    shares: tuple[tuple[str, str, str, str, str], ...] = field(default_factory=tuple)


_CENSUS_NOTE_EL = (
    "Απογραφή 2021, Eurostat cens_21ctz_r3 (αρχείο που φόρτωσε η Διεύθυνση). "
    "Οι περιφέρειες προκύπτουν ως άθροισμα των μονάδων NUTS 3 μόνο όταν καμία "
    "δεν λείπει και καμία δεν είναι εμπιστευτική."
)
_CENSUS_NOTE_EN = (
    "Census 2021, Eurostat cens_21ctz_r3 (a file loaded by the Directorate). "
    "Regions are sums of their NUTS 3 units only when none is missing or "
    "confidential."
)

DATASETS: dict[str, Dataset] = {
    d.code: d
    for d in (
        Dataset(
            "cens_21ctz_r3",
            "Πληθυσμός κατά υπηκοότητα, απογραφή 2021, NUTS 3",
            "Population by citizenship, census 2021, NUTS 3",
            series=(
                Series(
                    "eurostat_census_population",
                    {"citizen": "TOTAL"},
                    "Πληθυσμός απογραφής 2021 (Eurostat)",
                    "Census 2021 population (Eurostat)",
                    description_el=_CENSUS_NOTE_EL,
                    description_en=_CENSUS_NOTE_EN,
                ),
                Series(
                    "eurostat_foreign_citizens",
                    {"citizen": "FOR"},
                    "Κάτοικοι με ξένη υπηκοότητα (Eurostat)",
                    "Residents with foreign citizenship (Eurostat)",
                    description_el=_CENSUS_NOTE_EL,
                    description_en=_CENSUS_NOTE_EN,
                ),
                Series(
                    "eurostat_non_eu_citizens",
                    {"citizen": "NEU27_2020_FOR"},
                    "Κάτοικοι με υπηκοότητα χώρας εκτός ΕΕ (Eurostat)",
                    "Residents with citizenship of a non-EU country (Eurostat)",
                    description_el=_CENSUS_NOTE_EL,
                    description_en=_CENSUS_NOTE_EN,
                ),
            ),
            shares=(
                (
                    "eurostat_foreign_citizens_share",
                    "eurostat_foreign_citizens",
                    "eurostat_census_population",
                    "Αλλοδαποί ως % του πληθυσμού (Eurostat, απογραφή 2021)",
                    "Foreign citizens as % of population (Eurostat, census 2021)",
                ),
            ),
        ),
        Dataset(
            "demo_r_pjangrp3",
            "Πληθυσμός 1ης Ιανουαρίου κατά ομάδα ηλικίας, φύλο και NUTS 3",
            "Population on 1 January by age group, sex and NUTS 3 region",
            series=(
                Series(
                    "eurostat_population_jan1",
                    {"sex": "T", "age": "TOTAL", "unit": "NR"},
                    "Πληθυσμός 1ης Ιανουαρίου (Eurostat)",
                    "Population on 1 January (Eurostat)",
                    description_el="Eurostat demo_r_pjangrp3 (αρχείο που φόρτωσε η "
                    "Διεύθυνση); άθροισμα NUTS 3 μόνο όταν είναι πλήρες.",
                    description_en="Eurostat demo_r_pjangrp3 (a file loaded by the "
                    "Directorate); NUTS 3 summed only when complete.",
                ),
            ),
        ),
    )
}

FLAG_NAMES = {  # Eurostat's flag codes (for notes in English; the app translates them)
    "b": "break in time series",
    "c": "confidential",
    "d": "definition differs",
    "e": "estimated",
    "f": "forecast",
    "n": "not significant",
    "p": "provisional",
    "r": "revised",
    "s": "Eurostat estimate",
    "u": "low reliability",
    "z": "not applicable",
}


# --- NUTS ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def nuts3_table() -> pd.DataFrame:
    """The 52 NUTS-3 units of Greece (NUTS 2021) and their NUTS-2 region (geo/nuts3.csv)."""
    frame = pd.read_csv(NUTS3_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    from geo.regions import REGION_CODES

    if len(frame) != 52 or frame["nuts3_code"].duplicated().any():
        raise ValueError(f"{NUTS3_CSV}: expected 52 distinct NUTS-3 codes")
    bad = frame[
        ~frame["region_code"].isin(REGION_CODES)
        | (frame["nuts3_code"].str[:4] != frame["region_code"])
    ]
    if len(bad):
        raise ValueError(f"{NUTS3_CSV}: wrong region for {bad['nuts3_code'].tolist()}")
    return frame


def classify_geo(geo: str) -> tuple[str, str | None, str | None]:
    """(level, nuts3_code, region_code) of a Greek geo code; raises ValueError if unknown."""
    from geo.regions import REGION_CODES

    nuts3 = dict(zip(nuts3_table()["nuts3_code"], nuts3_table()["region_code"]))
    if geo == "EL":
        return "country", None, "EL"
    if geo.endswith("Z") and set(geo[2:]) == {"Z"}:
        return "extra_regio", None, None  # ELZ / ELZZ / ELZZZ: not in any region
    if len(geo) == 3 and geo[2] in "3456":
        return "nuts1", None, None
    if len(geo) == 4 and geo in REGION_CODES:
        return "nuts2", None, geo
    if len(geo) == 5 and geo in nuts3:
        return "nuts3", geo, nuts3[geo]
    raise ValueError(f"{geo} is not a NUTS 2021 code of Greece")


# --- recognising a file ---------------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOBase:
    raw = path.open("rb")
    head = raw.read(2)
    raw.seek(0)
    stream = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw
    return io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")


def sniff(path: Path) -> str | None:
    """'sdmx' or 'tsv' when the file is a Eurostat download, else None (never raises)."""
    if path.suffix.lower() not in SUFFIXES or not path.is_file():
        return None
    try:
        with _open_text(path) as fh:
            first = fh.readline(8192)
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile):
        return None
    header = first.strip().upper()
    if header.startswith(("DATAFLOW,", "STRUCTURE,")) and "OBS_VALUE" in header:
        return "sdmx"
    cell = header.split("\t", 1)[0]
    if "\t" in header and ("\\TIME_PERIOD" in cell or "\\TIME" in cell) and "GEO" in cell:
        return "tsv"
    return None


def is_eurostat(path: Path) -> bool:
    return sniff(path) is not None


# --- reading ----------------------------------------------------------------------------------


def dataset_from_name(path: Path) -> str:
    """cens_21ctz_r3 from 'estat_cens_21ctz_r3_en.tsv.gz', 'cens_21ctz_r3_2026-11-20.tsv' …"""
    stem = path.name.lower()
    for suffix in (".gz", ".tsv", ".csv", ".txt"):
        stem = stem.removesuffix(suffix)
    stem = stem.removeprefix("estat_")
    for code in DATASETS:
        if stem == code or stem.startswith(code + "_") or stem.startswith(code + "."):
            return code
    while (m := _NAME_NOISE.search(stem)) and m.start() > 0:
        stem = stem[: m.start()]
    return stem


def download_date(path: Path) -> tuple[str, str]:
    """(YYYY-MM-DD, basis): a date written in the file name wins over the file's own date."""
    m = _DATE_IN_NAME.search(path.name)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "file_name"
        except ValueError:
            pass
    when = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    return when.isoformat(), "file_date"


def _code(cell: str) -> str:
    """'A:Annual' → 'A' (SDMX-CSV with labels); plain codes unchanged."""
    return cell.split(":", 1)[0].strip()


def _number(text: str, path: Path, line: int, column: str) -> float | None:
    text = text.strip()
    if text in ("", ":"):
        return None
    if not _NUMBER.match(text):
        raise EtlError(
            "not a number",
            file=path,
            line=line,
            column=column,
            value=text,
            hint="Eurostat files use '.' for decimals and ':' for missing values",
        )
    return float(text)


def _flags(text: str, path: Path, line: int, column: str) -> str:
    flags = "".join(text.split()).lower()
    if not FLAG_LETTERS.match(flags):
        raise EtlError(
            "not a Eurostat flag",
            file=path,
            line=line,
            column=column,
            value=text,
            hint="Flags are letters such as p, e, c, u",
        )
    return "".join(sorted(set(flags)))


@dataclass
class Cell:
    dataset: str
    dims: dict[str, str]
    geo: str
    period: str
    value: float | None
    flags: str
    conf_status: str
    last_update: str
    line: int
    title: str = ""


def read_sdmx(path: Path) -> Iterator[Cell]:
    with _open_text(path) as fh:
        reader = csv.reader(fh)
        header = [_code(h) if h.upper() not in ENVELOPE else h.upper() for h in next(reader)]
        upper = [h.upper() for h in header]
        for need in ("TIME_PERIOD", "OBS_VALUE"):
            if need not in upper:
                raise EtlError(f"Eurostat SDMX-CSV without a {need} column", file=path, line=1)
        geo_col = next((i for i, h in enumerate(header) if h.lower() == "geo"), None)
        if geo_col is None:
            raise EtlError(
                "Eurostat file without a geo column (not a regional dataset)", file=path, line=1
            )
        idx = {h: i for i, h in enumerate(upper)}
        dims = [
            i
            for i, h in enumerate(upper)
            if h not in ENVELOPE + ATTRIBUTES + ("TIME_PERIOD", "OBS_VALUE") and i != geo_col
        ]
        flow_col = idx.get("DATAFLOW", idx.get("STRUCTURE_ID"))
        for line, row in enumerate(reader, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise EtlError(
                    f"{len(row)} cells where the header has {len(header)}", file=path, line=line
                )
            geo = _code(row[geo_col])
            if not geo.upper().startswith("EL"):
                continue
            flow = row[flow_col] if flow_col is not None else ""
            m = _SDMX_DATAFLOW.match(flow.strip())
            dataset = m[1].lower() if m else dataset_from_name(path)
            title = flow.split("):", 1)[1].strip() if "):" in flow else ""
            yield Cell(
                dataset=dataset,
                dims={header[i].lower(): _code(row[i]) for i in dims},
                geo=geo.upper(),
                period=row[idx["TIME_PERIOD"]].strip(),
                value=_number(row[idx["OBS_VALUE"]], path, line, "OBS_VALUE"),
                flags=_flags(row[idx["OBS_FLAG"]], path, line, "OBS_FLAG")
                if "OBS_FLAG" in idx
                else "",
                conf_status=row[idx["CONF_STATUS"]].strip().upper() if "CONF_STATUS" in idx else "",
                last_update=row[idx["LAST UPDATE"]].strip() if "LAST UPDATE" in idx else "",
                line=line,
                title=title,
            )


def read_tsv(path: Path) -> Iterator[Cell]:
    dataset = dataset_from_name(path)
    with _open_text(path) as fh:
        header = fh.readline().rstrip("\r\n").split("\t")
        keys, _, _ = header[0].partition("\\")
        dim_names = [k.strip().lower() for k in keys.split(",")]
        if "geo" not in dim_names:
            raise EtlError(
                "Eurostat file without a geo dimension (not a regional dataset)", file=path, line=1
            )
        periods = [p.strip() for p in header[1:]]
        for line, text in enumerate(fh, start=2):
            text = text.rstrip("\r\n")
            if not text.strip():
                continue
            cells = text.split("\t")
            if len(cells) != len(header):
                raise EtlError(
                    f"{len(cells)} cells where the header has {len(header)}", file=path, line=line
                )
            codes = [c.strip() for c in cells[0].split(",")]
            if len(codes) != len(dim_names):
                raise EtlError(
                    "the row key does not match the header's dimensions",
                    file=path,
                    line=line,
                    value=cells[0],
                )
            dims = dict(zip(dim_names, codes))
            geo = dims.pop("geo").upper()
            if not geo.startswith("EL"):
                continue
            for period, cell in zip(periods, cells[1:]):
                number, _, flags = cell.strip().partition(" ")
                yield Cell(
                    dataset=dataset,
                    dims=dims,
                    geo=geo,
                    period=period,
                    value=_number(number, path, line, period),
                    flags=_flags(flags, path, line, period),
                    conf_status="",
                    last_update="",
                    line=line,
                )


def _series_for(dataset: Dataset | None, cells: list[Cell], path: Path) -> dict[int, str]:
    """Index of each cell → indicator id, for the series the atlas knows of this dataset."""
    if dataset is None:
        return {}
    out: dict[int, str] = {}
    dims = sorted({k for c in cells for k in c.dims} - {"freq"})
    for series in dataset.series:
        chosen: dict[str, tuple[str, ...]] = {}
        for dim in dims:
            if dim in series.filters:
                chosen[dim] = (series.filters[dim],)
                continue
            values = {c.dims.get(dim) for c in cells}
            totals = tuple(v for v in TOTAL_CODES if v in values)
            if totals:
                chosen[dim] = totals[:1]
            elif len(values) == 1:
                chosen[dim] = tuple(values)
            else:
                raise EtlError(
                    f"cannot tell which '{dim}' to use for {series.indicator_id}: "
                    f"the file has {', '.join(sorted(map(str, values))[:5])} and "
                    "no total",
                    file=path,
                    hint="Download the file with the total (T/TOTAL) included",
                )
        for i, c in enumerate(cells):
            if all(c.dims.get(d) in allowed for d, allowed in chosen.items()):
                if i in out:
                    raise EtlError("one figure matches two series", file=path, line=c.line)
                out[i] = series.indicator_id
    return out


def read_file(path: Path) -> pd.DataFrame:
    """The Greek rows of one Eurostat file as a frame with ``COLUMNS`` (see module doc)."""
    kind = sniff(path)
    if kind is None:
        raise EtlError("not a Eurostat SDMX-CSV or TSV file", file=path)
    cells = list(read_sdmx(path) if kind == "sdmx" else read_tsv(path))
    if not cells:
        raise EtlError(
            "the Eurostat file has no rows for Greece (geo codes starting EL)",
            file=path,
            hint="Download the dataset with Greece (EL) selected",
        )
    when, basis = download_date(path)
    frames = []
    for dataset_code in sorted({c.dataset for c in cells}):
        group = [c for c in cells if c.dataset == dataset_code]
        known = DATASETS.get(dataset_code)
        mapped = _series_for(known, group, path)
        rows = []
        for i, c in enumerate(group):
            try:
                level, nuts3, region = classify_geo(c.geo)
            except ValueError as exc:
                raise EtlError(
                    str(exc),
                    file=path,
                    line=c.line,
                    column="geo",
                    value=c.geo,
                    hint="The atlas maps NUTS 2021 codes (geo/nuts3.csv)",
                ) from None
            try:
                start, end, precision, _, _ = partial_date(c.period)
            except ValueError:
                raise EtlError(
                    "period not understood",
                    file=path,
                    line=c.line,
                    column="TIME_PERIOD",
                    value=c.period,
                    hint="Annual (2021), monthly (2021-03) or daily periods",
                ) from None
            confidential = "c" in c.flags or c.conf_status not in FREE_CONF_STATUS
            value = None if confidential else c.value
            if value is not None and value < 0 and mapped.get(i):
                raise EtlError(
                    "a count cannot be negative",
                    file=path,
                    line=c.line,
                    column="OBS_VALUE",
                    value=c.value,
                )
            rows.append(
                {
                    "dataset": dataset_code,
                    "dataset_title": c.title or (known.title_en if known else ""),
                    "series_key": ",".join(f"{k}={v}" for k, v in sorted(c.dims.items())),
                    "indicator_id": mapped.get(i),
                    "geo": c.geo,
                    "geo_level": level,
                    "nuts3_code": nuts3,
                    "region_code": region,
                    "period": c.period,
                    "period_start": start,
                    "period_end": end,
                    "period_precision": precision,
                    "value": value,
                    "flags": c.flags,
                    "conf_status": c.conf_status,
                    "confidential": confidential,
                    "missing": value is None,
                    "last_update": c.last_update,
                    "download_date": when,
                    "download_date_basis": basis,
                    "_file": path.name,
                    "_line": c.line,
                }
            )
        frames.append(pd.DataFrame(rows, columns=list(COLUMNS)))
    return pd.concat(frames, ignore_index=True)


RECOGNISERS.append((is_eurostat, read_file))


# --- loading into the build database ----------------------------------------------------------

_DDL = """
create table raw_eurostat (
    dataset varchar, dataset_title varchar, series_key varchar, indicator_id varchar,
    geo varchar, geo_level varchar, nuts3_code varchar, region_code varchar, period varchar,
    period_start date, period_end date, period_precision varchar, value double,
    flags varchar, conf_status varchar, confidential boolean, missing boolean,
    last_update varchar, download_date varchar, download_date_basis varchar,
    _file varchar, _line bigint)
"""


def find_files(folders: Iterable[Path]) -> list[Path]:
    out = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            out += [
                p
                for p in sorted(folder.iterdir())
                if not p.name.startswith((".", "~$")) and is_eurostat(p)
            ]
    return out


def seed(con: duckdb.DuckDBPyConnection) -> None:
    """Reference tables the Eurostat models read: NUTS-3 units, indicator definitions."""
    con.register("_nuts3", nuts3_table()[["nuts3_code", "region_code", "name_el", "name_en"]])
    con.execute("create table seed_nuts3 as select * from _nuts3")
    con.unregister("_nuts3")
    ind = [
        (
            d.code,
            s.indicator_id,
            s.name_el,
            s.name_en,
            s.unit,
            s.kind,
            s.description_el,
            s.description_en,
            None,
            None,
        )
        for d in DATASETS.values()
        for s in d.series
    ]
    ind += [
        (
            d.code,
            sid,
            name_el,
            name_en,
            "percent",
            "share",
            f"{num} ÷ {den} × 100, ανά περιφέρεια, από το ίδιο αρχείο Eurostat.",
            f"{num} ÷ {den} × 100, region by region, from the same Eurostat file.",
            num,
            den,
        )
        for d in DATASETS.values()
        for sid, num, den, name_el, name_en in d.shares
    ]
    con.execute("""create table seed_eurostat_indicators (
        dataset varchar, indicator_id varchar, name_el varchar, name_en varchar,
        unit varchar, kind varchar, description_el varchar, description_en varchar,
        numerator_id varchar, denominator_id varchar)""")
    con.executemany("insert into seed_eurostat_indicators values (?,?,?,?,?,?,?,?,?,?)", ind)


def load(
    con: duckdb.DuckDBPyConnection,
    folders: Iterable[Path],
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[int, list[Path]]:
    """Create ``raw_eurostat`` (empty when there is no file) and the seed tables."""
    seed(con)
    con.execute(_DDL)
    paths = find_files(folders)
    total = 0
    for path in paths:
        frame = read_file(path)
        con.register("_eurostat", frame)
        con.execute("insert into raw_eurostat select * from _eurostat")
        con.unregister("_eurostat")
        total += len(frame)
        datasets = ", ".join(sorted(frame["dataset"].unique()))
        unmapped = sorted(set(frame["dataset"]) - set(DATASETS))
        progress(
            f"loaded Eurostat {datasets}: {len(frame):,} Greek rows from {path.name}"
            + (
                f" (no atlas indicator for {', '.join(unmapped)}: kept in raw_eurostat only)"
                if unmapped
                else ""
            )
        )
    return total, paths
