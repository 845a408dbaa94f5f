"""Local level (issue 26): the bundled municipal files, the 2011 → 2021 crosswalk and the
municipal marts built from data/raw by the real ETL."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.municipal import crosswalk_2011
from geo.municipalities import MOUNT_ATHOS_CODE, municipalities, resolve

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SPLIT_2019 = {  # 2011 unit → its 2021 parts (ELSTAT 2021 list)
    "1404": ["1402", "1405"],  # Servia-Velventos
    "3201": ["3201", "3202", "3203"],  # Corfu
    "3501": ["3501", "3502", "3503"],  # Kefalonia
    "5301": ["5301", "5302"],  # Lesvos
    "5601": ["5601", "5602"],  # Samos
}


@pytest.fixture(scope="module")
def con(bundled_db):
    connection = duckdb.connect(str(bundled_db), read_only=True)
    yield connection
    connection.close()


# --- the crosswalk ---------------------------------------------------------------------------


def test_crosswalk_covers_every_2021_municipality_once() -> None:
    xw = crosswalk_2011()
    codes_2021 = set(municipalities()["code"]) - {MOUNT_ATHOS_CODE}
    assert xw["code_2021"].is_unique
    assert set(xw["code_2021"]) == codes_2021
    assert xw["code_2011"].nunique() == 325


def test_crosswalk_splits_are_the_2019_splits() -> None:
    xw = crosswalk_2011()
    split = xw[xw["split"]].groupby("code_2011")["code_2021"].apply(sorted).to_dict()
    assert split == SPLIT_2019


def test_crosswalk_is_checked_by_name_and_code() -> None:
    """A one-to-one row is a name that resolves to its 2021 code, except the renamed ones
    (each with a note) and Ηρακλείου (two municipalities, told apart by code block)."""
    xw = crosswalk_2011()
    one = xw[~xw["split"]]
    for row in one.itertuples():
        if row.change == "renamed":
            assert row.note, row.code_2011
            continue
        if row.code_2011 in ("4604", "7101"):
            assert row.code_2021 == row.code_2011
            continue
        assert resolve(row.name_2011) == row.code_2021, row.name_2011
        assert (row.change == "same") == (row.code_2011 == row.code_2021)
    # 1402 was Voio in 2011 and is Velventos in 2021: never joined by code alone
    voio = one[one["name_2011"] == "VOIOU"].iloc[0]
    assert (voio.code_2011, voio.code_2021) == ("1402", "1403")


# --- the bundled files -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("municipal_kem", "municipality"),
        ("municipal_cni", "municipality"),
        ("municipal_councils", "municipality"),
        ("municipal_helios", "place"),
    ],
)
def test_assigned_codes_match_the_names(name: str, place: str) -> None:
    """Each row's municipality_code is the municipality its own text names (the Latin name
    or the Greek one in brackets); several codes only for a pre-2019 unit since split."""
    frame = pd.read_csv(RAW / f"{name}.csv", dtype=str, keep_default_na=False)
    for row in frame.to_dict("records"):
        codes = [c for c in row["municipality_code"].split(";") if c]
        text = row[place]
        if not codes:
            assert re.match(r"(Greece|CNI|Attica Region|Athens \+)", text), text
            continue
        if len(codes) > 1:
            assert sorted(codes) in SPLIT_2019.values(), text
            continue
        region = row["nuts2"] if re.fullmatch(r"EL\d\d", row["nuts2"]) else None
        head = re.split(r"\s*\(", text)[0]
        inside = re.search(r"\(Δήμος ([^,;)]*)", text)
        found = {resolve(head, region)} | ({resolve(inside[1], region)} if inside else set())
        assert found == {codes[0]}, text


def test_population_file_is_elstats_list() -> None:
    frame = pd.read_csv(RAW / "municipal_population.csv", dtype=str)
    assert set(frame["elstat_municipality_code"]) == set(municipalities()["code"])


# --- the marts -------------------------------------------------------------------------------


def test_national_sums(con) -> None:
    total_2021, total_2011, n = con.execute(
        "select sum(population_2021), sum(population_2011), count(*) from municipalities"
    ).fetchone()
    assert (total_2021, total_2011, n) == (10_432_481, 10_816_286, 333)


@pytest.mark.parametrize("year", ["2021", "2011"])
def test_each_region_sums_to_its_regional_total(con, year: str) -> None:
    """The municipalities of a region add up to the region's census figure of the same
    booklet (Mount Athos counts in Central Macedonia, as in ELSTAT's regional table)."""
    rows = con.execute(
        f"""select r.region_code, r.value, m.total
            from region_indicator_values r
            join (select region_code, sum(population_{year}) as total
                  from municipalities group by 1) m using (region_code)
            where r.indicator_id = 'population_census' and r.period = ?""",
        [year],
    ).fetchall()
    assert len(rows) == 13
    for region, regional, municipal in rows:
        assert municipal == regional, region


def test_values_are_per_municipality_and_sourced(con) -> None:
    bad = con.execute(
        """select count(*) from municipal_values v
           anti join municipalities m using (code)"""
    ).fetchone()[0]
    assert bad == 0
    missing_source = con.execute(
        """select count(*) from municipal_values v anti join sources s using (source_id)"""
    ).fetchone()[0]
    assert missing_source == 0
    pop = con.execute(
        """select count(*) from municipal_values
           where indicator_id = 'population_census' and period = '2021'"""
    ).fetchone()[0]
    assert pop == 333


def test_2001_share_is_labelled_2001_and_never_split(con) -> None:
    periods = con.execute(
        """select distinct period from municipal_values
           where indicator_id = 'census2001_non_greek_share'"""
    ).fetchall()
    assert periods == [("2001",)]
    parts = [c for codes in SPLIT_2019.values() for c in codes]
    given = con.execute(
        f"""select count(*) from municipal_values
            where indicator_id = 'census2001_non_greek_share'
              and code in ({", ".join("?" * len(parts))})""",
        parts,
    ).fetchone()[0]
    assert given == 0
    units = con.execute("select code_2011 from municipal_values_2011_units order by 1").fetchall()
    assert [u[0] for u in units] == sorted(SPLIT_2019)
    # Voio (2011 code 1402) gives its 2001 figure to Voio (2021 code 1403), not to Velventos
    voio = con.execute(
        """select code, note from municipal_values
           where indicator_id = 'census2001_non_greek_share' and note like '%VOIOU%'"""
    ).fetchall()
    assert [v[0] for v in voio] == ["1403"]
    name = con.execute(
        """select name_en from municipal_indicators
           where indicator_id = 'census2001_non_greek_share'"""
    ).fetchone()[0]
    assert "2001" in name and "historical" in name


def test_structures(con) -> None:
    kinds = dict(
        con.execute(
            """select kind, count(distinct code) from municipal_structures
               where status = 'known' group by kind"""
        ).fetchall()
    )
    assert kinds["cities_network"] == 17
    # 10 ΚΕΜ municipalities of the 2021 report (Lesvos as its two successors) + 2 later
    assert kinds["kem"] == 13
    assert kinds["reception_site"] >= 20
    assert set(kinds) <= {"kem", "cities_network", "semp", "helios", "reception_site"}
    lesvos = con.execute(
        "select code, scope from municipal_structures where kind = 'kem' and code like '53%'"
    ).fetchall()
    assert sorted(lesvos) == [("5301", "former_municipality"), ("5302", "former_municipality")]
    calls = con.execute(
        "select code from municipal_structures where kind = 'semp' and status = 'call'"
    ).fetchall()
    assert sorted(c[0] for c in calls) == ["2705", "4101", "5001"]  # Lokroi, Nafplio, Elefsina
    orphan = con.execute(
        "select count(*) from municipal_structures anti join sources using (source_id)"
    ).fetchone()[0]
    assert orphan == 0


def test_reception_sites_placed_by_their_municipality(con) -> None:
    rows = dict(
        con.execute(
            "select item_id, code from municipal_structures where kind = 'reception_site'"
        ).fetchall()
    )
    assert rows["lesvos_mavrovouni"] == "5301"
    assert rows["west_lesvos"] == "5302"
    assert rows["diavata"] == "0704"
    assert "skaramagas" not in rows  # no municipality in sites.csv: not placed
