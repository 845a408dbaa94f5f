"""Eurostat downloads (SDMX-CSV, TSV) through the real ETL: flags kept, missing and
confidential cells never summed, NUTS 3 → NUTS 2 only when complete. Fixture files under
tests/fixtures/eurostat/ are SYNTHETIC (made by make_fixtures.py) in Eurostat's formats."""

from __future__ import annotations

import csv
import gzip
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import eurostat
from etl.build import build
from etl.errors import ContractError, EtlError

FIX = Path(__file__).parents[1] / "fixtures" / "eurostat"
SDMX = FIX / "estat_cens_21ctz_r3_2026-11-20.csv"
TSV = FIX / "cens_21ctz_r3.tsv"
DEMO = FIX / "demo_r_pjangrp3.tsv.gz"
SDMX2 = FIX / "cens_21ctz_r3_epirus_v2.csv"


def query(db: Path, sql: str, params=None) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).df()


def build_with(fixture_raw: Path, tmp_path: Path, *files: Path, name: str = "e") -> Path:
    folder = tmp_path / f"in_{name}"
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    db = tmp_path / f"{name}.duckdb"
    build(fixture_raw, [folder], db_path=db)
    return db


def file_cells(path: Path) -> dict[tuple[str, str], str]:
    """(citizen, geo) → OBS_VALUE as written in the SDMX fixture (read independently)."""
    with path.open(encoding="utf-8") as fh:
        return {(r["citizen"], r["geo"]): r["OBS_VALUE"] for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def census_db(tmp_path_factory) -> Path:
    from tests.conftest import FIXTURE_RAW

    tmp = tmp_path_factory.mktemp("eurostat")
    return build_with(FIXTURE_RAW, tmp, SDMX, DEMO, name="census")


# --- recognising files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "kind"), [(SDMX, "sdmx"), (SDMX2, "sdmx"), (TSV, "tsv"), (DEMO, "tsv")]
)
def test_eurostat_formats_are_recognised(path, kind):
    assert eurostat.sniff(path) == kind


@pytest.mark.parametrize(
    "text",
    [
        "region,indicator,period,value\nEL30,x,2021,1\n",  # an atlas table, not Eurostat
        "geo,TIME_PERIOD,OBS_VALUE\nEL30,2021,1\n",  # no SDMX envelope
        "",
    ],
)
def test_other_files_are_not_taken_for_eurostat(tmp_path, text):
    p = tmp_path / "budget.csv"
    p.write_text(text, encoding="utf-8")
    assert eurostat.sniff(p) is None
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\xff\x00garbage")
    assert eurostat.sniff(binary) is None


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("estat_cens_21ctz_r3_2026-11-20.csv", "cens_21ctz_r3"),
        ("cens_21ctz_r3.tsv", "cens_21ctz_r3"),
        ("estat_demo_r_pjangrp3_en.tsv.gz", "demo_r_pjangrp3"),
        ("estat_migr_asyappctza_linear.csv", "migr_asyappctza"),
    ],
)
def test_dataset_code_from_file_name(name, code):
    assert eurostat.dataset_from_name(Path(name)) == code


def test_download_date_from_name_else_file_date(tmp_path):
    assert eurostat.download_date(SDMX) == ("2026-11-20", "file_name")
    p = tmp_path / "cens_21ctz_r3.tsv"
    shutil.copy(TSV, p)
    day, basis = eurostat.download_date(p)
    assert basis == "file_date" and len(day) == 10


# --- reading ---------------------------------------------------------------------------------


def test_sdmx_keeps_flags_and_marks_missing_and_confidential():
    df = eurostat.read_file(SDMX).set_index(["series_key", "geo"])
    assert set(df["dataset"]) == {"cens_21ctz_r3"}
    assert not df.index.get_level_values("geo").str.startswith("CY").any()  # other countries
    for_ = "citizen=FOR,freq=A,unit=NR"
    conf = df.loc[(for_, "EL412")]
    assert conf["confidential"] and conf["missing"] and pd.isna(conf["value"])
    assert conf["flags"] == "c" and conf["conf_status"] == "C"
    gap = df.loc[(for_, "EL622")]
    assert gap["missing"] and not gap["confidential"] and pd.isna(gap["value"])
    assert df.loc[(for_, "EL301"), "flags"] == "p"
    assert df.loc[(for_, "EL651"), "flags"] == "u"
    assert df.loc[(for_, "ELZZZ"), "geo_level"] == "extra_regio"
    assert df.loc[(for_, "EL43"), "geo_level"] == "nuts2"
    assert df.loc[(for_, "EL527"), ["nuts3_code", "region_code"]].tolist() == ["EL527", "EL52"]
    assert df.loc[(for_, "EL301"), "indicator_id"] == "eurostat_foreign_citizens"
    assert (
        df.loc[("citizen=TOTAL,freq=A,unit=NR", "EL301"), "indicator_id"]
        == "eurostat_census_population"
    )
    assert set(df["download_date"]) == {"2026-11-20"}
    assert set(df["last_update"]) == {"16/10/24 11:00:00"}


def test_tsv_reads_the_same_figures_as_sdmx():
    cols = ["indicator_id", "geo", "value", "flags", "confidential", "missing"]
    a = eurostat.read_file(SDMX)[cols].sort_values(["indicator_id", "geo"])
    b = eurostat.read_file(TSV)[cols].sort_values(["indicator_id", "geo"])
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_sdmx_v2_with_labels_reduces_codes():
    df = eurostat.read_file(SDMX2)
    assert set(df["geo"]) == {"EL541", "EL542", "EL543"}
    assert set(df["indicator_id"]) == {"eurostat_foreign_citizens", "eurostat_census_population"}


def test_total_is_picked_for_dimensions_not_named():
    df = eurostat.read_file(DEMO)
    chosen = df[df["indicator_id"].notna()]
    assert set(chosen["series_key"]) == {"age=TOTAL,sex=T,unit=NR"}
    assert len(chosen) == 52 * 2
    row = chosen[(chosen["geo"] == "EL301") & (chosen["period"] == "2023")].iloc[0]
    assert row["value"] == 200_050 and row["flags"] == "e"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


HEAD = "DATAFLOW,LAST UPDATE,freq,citizen,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
ROW = "ESTAT:CENS_21CTZ_R3(1.0),16/10/24 11:00:00,A,FOR,NR,{geo},2021,{v},{f}\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (ROW.format(geo="EL111", v=5, f=""), "not a NUTS 2021 code"),  # NUTS 2010 code
        (ROW.format(geo="EL301", v='"1,5"', f=""), "not a number"),
        (ROW.format(geo="EL301", v=5, f="p!"), "not a Eurostat flag"),
        (ROW.format(geo="EL301", v=-5, f=""), "cannot be negative"),
        (ROW.format(geo="DE111", v=5, f=""), "no rows for Greece"),
    ],
)
def test_bad_cells_are_reported_with_file_and_line(tmp_path, body, message):
    p = _write(tmp_path, "cens_21ctz_r3.csv", HEAD + body)
    with pytest.raises(EtlError, match=message) as info:
        eurostat.read_file(p)
    if "Greece" not in message:
        assert info.value.line == 2


def test_dimension_without_total_is_refused(tmp_path):
    head = "DATAFLOW,LAST UPDATE,freq,citizen,sex,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
    rows = "".join(f"ESTAT:CENS_21CTZ_R3(1.0),x,A,FOR,{s},NR,EL301,2021,5,\n" for s in "MF")
    with pytest.raises(EtlError, match="cannot tell which 'sex'"):
        eurostat.read_file(_write(tmp_path, "c.csv", head + rows))


def test_unknown_dataset_is_kept_without_indicator(tmp_path):
    text = (
        "DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
        "ESTAT:MIGR_ASYAPPCTZA(1.0),x,A,PER,EL,2023,5,p\n"
    )
    df = eurostat.read_file(_write(tmp_path, "asylum.csv", text))
    assert df["dataset"].tolist() == ["migr_asyappctza"] and df["indicator_id"].isna().all()


# --- NUTS mapping ---------------------------------------------------------------------------


def test_nuts3_table_covers_every_regional_unit_once():
    from geo.places import load_places
    from geo.regions import REGION_CODES

    nuts = eurostat.nuts3_table()
    assert len(nuts) == 52 and set(nuts["region_code"]) == set(REGION_CODES)
    units = nuts.assign(unit=nuts["regional_units"].str.split(";")).explode("unit")
    assert units["unit"].duplicated().sum() == 0
    places = load_places()
    ru = places[places["kind"] == "regional_unit"].set_index("name_en")["region_code"]
    assert len(ru) == 74
    mapped = units.set_index("unit")["region_code"]
    for name, region in ru.items():
        assert mapped[name] == region, name
    assert mapped["Mount Athos"] == "EL52"  # no NUTS-3 code of its own: inside EL527


@pytest.mark.parametrize(
    ("geo", "expected"),
    [
        ("EL", ("country", None, "EL")),
        ("EL5", ("nuts1", None, None)),
        ("EL52", ("nuts2", None, "EL52")),
        ("EL527", ("nuts3", "EL527", "EL52")),
        ("ELZZZ", ("extra_regio", None, None)),
    ],
)
def test_geo_levels(geo, expected):
    assert eurostat.classify_geo(geo) == expected


# --- through the build -----------------------------------------------------------------------


def test_regions_are_summed_only_when_complete(census_db):
    cells = file_cells(SDMX)
    nuts = eurostat.nuts3_table()
    df = query(
        census_db,
        """select region_code, value, basis, flags, reason, missing_units,
                                    confidential_units
                             from eurostat_region_values
                             where indicator_id = 'eurostat_foreign_citizens'""",
    )
    df = df.set_index("region_code")
    attica = sum(int(cells[("FOR", g)]) for g in nuts.loc[nuts.region_code == "EL30", "nuts3_code"])
    assert df.loc["EL30", "value"] == attica and df.loc["EL30", "basis"] == "sum_of_nuts3"
    assert df.loc["EL30", "flags"] == "p"  # the provisional unit's flag travels up
    assert pd.isna(df.loc["EL41", "value"]) and df.loc["EL41", "reason"] == "confidential"
    assert df.loc["EL41", "confidential_units"] == "EL412"
    assert pd.isna(df.loc["EL62", "value"]) and df.loc["EL62", "reason"] == "missing"
    assert df.loc["EL62", "missing_units"] == "EL622"
    assert df.loc["EL43", "basis"] == "published"
    assert df.loc["EL43", "value"] == int(cells[("FOR", "EL43")])
    assert df.loc["EL", "value"] == int(cells[("FOR", "EL")])
    assert len(df) == 14  # 13 regions + Greece, each with a row (value or reason)


def test_refused_regions_stay_out_of_the_map_values(census_db):
    df = query(
        census_db,
        """select region_code, value, confidence, note
                             from region_indicator_values
                             where indicator_id = 'eurostat_foreign_citizens'""",
    )
    assert set(df["region_code"]) == set(eurostat.nuts3_table()["region_code"]) - {"EL41", "EL62"}
    low = df.set_index("region_code").loc["EL65"]
    assert low["confidence"] == "low" and "flags: u" in low["note"]


def test_share_is_computed_from_the_same_file(census_db):
    cells = file_cells(SDMX)
    df = query(
        census_db,
        """select region_code, value, reason from eurostat_region_values
                             where indicator_id = 'eurostat_foreign_citizens_share'""",
    )
    df = df.set_index("region_code")
    crete = int(cells[("FOR", "EL43")]) / int(cells[("TOTAL", "EL43")]) * 100
    assert df.loc["EL43", "value"] == pytest.approx(crete)
    assert pd.isna(df.loc["EL41", "value"]) and df.loc["EL41", "reason"] == "confidential"


def test_year_with_a_missing_unit_is_refused_other_year_summed(census_db):
    df = query(
        census_db,
        """select period, value, reason, missing_units
                             from eurostat_region_values
                             where indicator_id = 'eurostat_population_jan1'
                               and region_code = 'EL53' order by period""",
    )
    assert df["period"].tolist() == ["2022", "2023"]
    assert pd.isna(df.loc[0, "value"]) and df.loc[0, "missing_units"] == "EL531"
    assert df.loc[1, "value"] > 0


def test_source_records_dataset_and_download_date(census_db):
    df = query(
        census_db,
        """select source_id, publisher, title, notes from sources
                             where source_id like 'eurostat_cens%'""",
    )
    row = df.iloc[0]
    assert row["source_id"] == "eurostat_cens_21ctz_r3_20261120"
    assert row["publisher"] == "Eurostat" and "2026-11-20" in row["title"]
    assert "cens_21ctz_r3" in row["notes"] and "16/10/24" in row["notes"]


def test_indicators_appear_only_with_a_loaded_file(built_db, census_db):
    none = query(built_db, "select count(*) n from indicators where indicator_id like 'euro%'")
    assert none["n"][0] == 0
    assert query(built_db, "select count(*) n from raw_eurostat")["n"][0] == 0
    some = query(census_db, "select indicator_id from indicators where indicator_id like 'euro%'")
    assert "eurostat_foreign_citizens_share" in set(some["indicator_id"])


def test_same_dataset_in_two_files_fails(fixture_raw, tmp_path):
    with pytest.raises(ContractError, match="in two files"):
        build_with(fixture_raw, tmp_path, SDMX, TSV, name="dup")


def test_gzip_sdmx_is_read(tmp_path):
    p = tmp_path / "estat_cens_21ctz_r3.csv.gz"
    p.write_bytes(gzip.compress(SDMX2.read_bytes()))
    assert eurostat.sniff(p) == "sdmx" and len(eurostat.read_file(p)) == 6
