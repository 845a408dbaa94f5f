"""Census 2021 citizenship and place of birth (issue #19): the bundled figures equal ELSTAT's
pages as transcribed, add up to ELSTAT's totals, divide by the final-results population, and
a Eurostat download still loads beside them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from atlas import config
from atlas.queries import core as qcore
from atlas.queries import profile as qprof

TRANSCRIPTIONS = config.RAW_DIR.parent / "transcriptions"
SHARED = Path("/work/shared/data")  # the team's folder, when this machine has it
EUROSTAT_SDMX = Path(__file__).parents[1] / "fixtures" / "eurostat"

# transcription indicator -> atlas indicator
CITIZENSHIP = {
    "resident_population_total": "census2021_residents",
    "residents_greek_citizenship": "census2021_greek_citizens",
    "residents_other_citizenship": "census2021_foreign_citizens",
    "residents_other_citizenship_pct_change_vs_2011": "census2021_foreign_citizens_change",
    "residents_greek_citizenship_pct_change_vs_2011": "census2021_greek_citizens_change",
    "residents_born_in_greece": "census2021_born_in_greece",
    "residents_born_abroad": "census2021_born_abroad",
    "residents_born_abroad_pct_change_vs_2011": "census2021_born_abroad_change",
}
BIRTHPLACE = {
    "share_born_in_greece": "census2021_born_in_greece_pct_eurostat",
    "share_born_other_eu_country": "census2021_born_other_eu_pct_eurostat",
    "share_born_europe_outside_eu": "census2021_born_europe_non_eu_pct_eurostat",
    "share_born_africa": "census2021_born_africa_pct_eurostat",
    "share_born_asia": "census2021_born_asia_pct_eurostat",
    "share_born_americas_oceania_unknown": "census2021_born_other_pct_eurostat",
}
NEW_REGIONAL = [*CITIZENSHIP.values(), *BIRTHPLACE.values()]


def rows(name: str) -> list[dict]:
    with open(TRANSCRIPTIONS / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def con(bundled_db):
    c = duckdb.connect(str(bundled_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def run(con):
    from atlas import db

    return lambda sql, params=(): db.execute(con, sql, params)


def values(con, indicator_id: str) -> pd.Series:
    df = con.execute(
        "select region_code, value from region_indicator_values where indicator_id = ? "
        "order by region_code",  # the mart has no row order of its own
        [indicator_id],
    ).df()
    return df.set_index("region_code")["value"]


@pytest.mark.parametrize(
    "name",
    [
        "census2021_citizenship_by_region.csv",
        "census2021_birthplace_shares_by_region.csv",
        "schools_reception_classes_2019_2020.csv",
    ],
)
def test_transcriptions_are_verbatim_copies(name):
    if not (SHARED / name).exists():
        pytest.skip("the team's shared folder is not on this machine")
    assert (TRANSCRIPTIONS / name).read_bytes() == (SHARED / name).read_bytes()


def test_every_citizenship_value_equals_the_transcription(con):
    got = con.execute(
        """select region_code, indicator_id, period, value, source_id, confidence, revision
           from stg_observations where indicator_id like 'census2021_%'
             and indicator_id not like '%_eurostat'"""
    ).df()
    got = got.set_index(["region_code", "indicator_id"])
    sources = con.execute("select source_id, url, reference_date from sources").df()
    urls = dict(zip(sources["source_id"], sources["url"]))
    expected = rows("census2021_citizenship_by_region.csv")
    assert len(expected) == 104 and len(got) == 104
    for r in expected:
        row = got.loc[(r["nuts2"], CITIZENSHIP[r["indicator"]])]
        assert row["value"] == float(r["value"]), r
        assert urls[row["source_id"]] == r["url"]  # one source per region page
        assert row["confidence"] == "high" and row["revision"] == "final"
        change = r["indicator"].endswith("_vs_2011")
        assert row["period"] == ("2011/2021-10-22" if change else "2021-10-22")


def test_every_birthplace_share_equals_the_transcription(con):
    shares = rows("census2021_birthplace_shares_by_region.csv")
    expected = [r for r in shares if r["indicator"] in BIRTHPLACE]
    assert len(expected) == 78
    for r in expected:
        got = values(con, BIRTHPLACE[r["indicator"]])
        assert got[r["nuts2"]] == float(r["value"]), r


def test_schools_equal_the_transcription_and_count_schools(con):
    expected = {
        r["nuts2"]: float(r["value"])
        for r in rows("schools_reception_classes_2019_2020.csv")
        if r["nuts2"].startswith("EL") and len(r["nuts2"]) == 4
    }
    got = values(con, "schools_reception_zep_2019_2020")
    assert got.to_dict() == expected and sum(expected.values()) == 302
    # the report names 12 directorates: the Ionian Islands have no row (no data, not 0)
    assert len(got) == 12 and "EL62" not in got.index
    national = con.execute(
        """select value, basis from national_values
           where indicator_id = 'schools_reception_zep_2019_2020'"""
    ).fetchall()
    assert national == [(304.0, "reported")]  # the stated total, with the 2 unassigned schools
    unit = con.execute(
        "select unit from indicators where indicator_id = 'schools_reception_zep_2019_2020'"
    ).fetchone()[0]
    assert unit == "schools"


def test_sums_equal_elstat_totals(con):
    residents = values(con, "census2021_residents")
    foreign = values(con, "census2021_foreign_citizens")
    greek = values(con, "census2021_greek_citizens")
    born_gr, born_abroad = (
        values(con, "census2021_born_in_greece"),
        values(con, "census2021_born_abroad"),
    )
    assert len(residents) == 13
    assert residents.sum() == 10_482_487
    assert foreign.sum() == 765_598
    assert greek.sum() == 9_716_889
    pd.testing.assert_series_equal(greek + foreign, residents, check_names=False)
    pd.testing.assert_series_equal(born_gr + born_abroad, residents, check_names=False)
    national = con.execute(
        """select indicator_id, value, basis, round(pct_of_population, 2) from national_values
           where indicator_id in ('census2021_residents', 'census2021_foreign_citizens')
           order by 1"""
    ).fetchall()
    assert national == [
        ("census2021_foreign_citizens", 765_598.0, "sum_of_regions", 7.30),
        ("census2021_residents", 10_482_487.0, "sum_of_regions", None),
    ]


def test_rates_use_the_final_results_population(con):
    df = con.execute(
        """select v.region_code, v.value, v.per_1000, v.pct_of_population, v.population,
                  v.population_basis, v.denominator_indicator_id, p.value as final_population
           from region_indicator_values v
           join region_indicator_values p
             on p.region_code = v.region_code and p.indicator_id = 'census2021_residents'
           where v.indicator_id = 'census2021_foreign_citizens'"""
    ).df()
    assert len(df) == 13
    assert (df["population"] == df["final_population"]).all()
    assert (df["population_basis"] == "final").all()
    assert (df["denominator_indicator_id"] == "census2021_residents").all()
    rate = df["value"] / df["final_population"] * 1000
    assert df["per_1000"].tolist() == pytest.approx(rate.tolist())
    # the provisional results (sum 10,432,481) are never the denominator of a final figure
    provisional = con.execute(
        "select sum(value) from region_indicator_values "
        "where indicator_id = 'population_census' and period = '2021'"
    ).fetchone()[0]
    assert provisional == 10_432_481 and df["population"].sum() == 10_482_487


def test_attica_headline_and_north_aegean_change(run):
    attica = qprof.region_indicator_series(run, "EL30").set_index("indicator_id")
    foreign = attica.loc["census2021_foreign_citizens"]
    assert foreign["value"] == 344_851 and round(foreign["pct_of_population"], 1) == 9.0
    assert foreign["latest_status"] == "latest" and foreign["rank"] == 1
    assert foreign["source_url"] == "http://census2021results.statistics.gr/perifereies/attiki"
    change = qcore.indicator_map_values(
        run, "census2021_foreign_citizens_change", "2011/2021-10-22"
    ).set_index("region_code")
    assert change.loc["EL41", "value"] == 11.0 and change.loc["EL41", "kind"] == "change"
    assert (change.drop("EL41")["value"] < 0).all()  # North Aegean is the only rise


def test_no_2011_counts_and_no_eu_split(con):
    not_public = {
        "census2011_foreign_citizens",
        "census2021_other_eu_citizens",
        "census2021_non_eu_citizens",
    }
    n = con.execute(
        "select count(*) from stg_observations where list_contains(?, indicator_id)",
        [sorted(not_public)],
    ).fetchone()[0]
    assert n == 0
    cov = (
        con.execute("select indicator_id, status, count(*) from coverage_matrix group by all")
        .df()
        .set_index(["indicator_id", "status"])["count_star()"]
    )
    for ind in not_public:
        assert cov[(ind, "not_public")] == 13
    for ind in NEW_REGIONAL:
        assert cov[(ind, "data")] == 13, ind


def test_birthplace_is_labelled_as_a_third_party_computation(run):
    group = qcore.indicator_group(run, "birthplace_2021", "EL30")
    assert len(group) == 6 and group["value"].sum() == pytest.approx(100, abs=0.06)
    assert (group["confidence"] == "medium").all()
    assert group["name_en"].str.contains("third-party computation from Eurostat").all()
    assert group["name_el"].str.contains("υπολογισμός τρίτου").all()
    assert group["source_publisher"].str.contains("via the GitHub repository").all()


def test_a_eurostat_download_loads_beside_the_elstat_figures(tmp_path, bundled_db):
    from etl.build import build

    folder = tmp_path / "input"
    folder.mkdir()
    shutil.copy(EUROSTAT_SDMX / "estat_cens_21ctz_r3_2026-11-20.csv", folder)
    db = build(config.RAW_DIR, input_dirs=[folder], db_path=tmp_path / "a.duckdb").db_path
    with (
        duckdb.connect(str(db), read_only=True) as c,
        duckdb.connect(str(bundled_db), read_only=True) as b,
    ):
        sql = """select region_code, indicator_id, value, source_id from region_indicator_values
                 where indicator_id like 'census2021_%' order by all"""
        # the bundled ELSTAT figures are kept, unchanged (no silent overwrite) …
        pd.testing.assert_frame_equal(c.execute(sql).df(), b.execute(sql).df())
        # … and the Eurostat figures sit beside them under their own indicators and source
        eurostat = c.execute(
            """select distinct indicator_id, source_id from region_indicator_values
               where indicator_id like 'eurostat_%'"""
        ).df()
    assert "eurostat_foreign_citizens" in set(eurostat["indicator_id"])
    assert eurostat["source_id"].str.startswith("eurostat_cens_21ctz_r3_").all()
