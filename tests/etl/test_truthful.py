"""Truthful statements (issue #12), data side: the marts say what may be said about latest,
change, rank, office and "running", by the same rules as atlas.periods. Cases are SYNTHETIC
(tests/fixtures/cases, loaded as the Directorate's input folder) and the bundled data."""

from __future__ import annotations

import csv
import random
from datetime import date

import duckdb
import pandas as pd
import pytest

from atlas import config, db, periods
from atlas.periods import Period
from atlas.queries import core as qcore
from atlas.queries import profile as qprof
from atlas.queries import programmes as qprog
from etl import eurostat
from etl.build import build
from etl.schema import BY_NAME

OBS_HEADER = (
    "region,indicator,period,value,qualifier,value_high,unit,source_id,confidence,note,"
    "series,revision"
)

RANDOM_INDICATORS = ("random_a", "random_b")  # SYNTHETIC, defined by the test's own file


def runner(path):
    con = duckdb.connect(str(path), read_only=True)
    return con, (lambda sql, params=(): db.execute(con, sql, params))


@pytest.fixture(scope="module")
def cases(cases_db):
    con, run = runner(cases_db)
    yield run
    con.close()


@pytest.fixture(scope="module")
def real(bundled_db):
    con, run = runner(bundled_db)
    yield run
    con.close()


def riv(run, region, indicator):
    df = run(
        """select * from region_indicator_values where region_code = ? and indicator_id = ?
           order by period_end nulls last""",
        [region, indicator],
    )
    return df.set_index(df["period"].fillna(""))


def latest(run, region, indicator):
    df = run(
        "select * from latest_region_indicator where region_code = ? and indicator_id = ?",
        [region, indicator],
    )
    assert len(df) == 1
    return df.iloc[0]


def _period(text) -> Period:
    return Period.parse(text if isinstance(text, str) else None)


# --- 1. latest and overlapping periods ---------------------------------------------------------


@pytest.mark.parametrize("fixture", ["cases", "real"])
def test_year_only_figure_is_never_the_latest(fixture, request):
    run = request.getfixturevalue(fixture)
    indicator = "reception_share" if fixture == "cases" else "reception_residents_share"
    north = latest(run, "EL41", indicator)
    assert north["period"] == "2022-08" and north["latest_status"] == "overlap"
    assert north["latest_reason"] == "overlapping_periods" and north["other_periods"] == "2022"
    central = latest(run, "EL64", indicator)
    # the month-precise March bulletin is the headline, the year-only figure beside it
    assert central["period"] == "2022-03" and central["other_periods"] == "2022"
    assert central["latest_status"] == "overlap"
    # no change is stated from a figure whose month is unknown
    rows = riv(run, "EL41", indicator)
    assert pd.isna(rows.loc["2022-08", "prev_period"])
    assert rows.loc["2022-03", "prev_period"] == "2021-03"  # same bulletin: comparable
    assert rows.loc["2022", "prev_period"] == "2021"  # same report, same unstated month


def assert_agrees_with_the_period_model(df: pd.DataFrame) -> None:
    """Headline, frontier, latest status and previous figure of every region × indicator
    are what atlas.periods (the pairwise rules, in Python) says."""
    for (region, indicator), g in df.groupby(["region_code", "indicator_id"]):
        items = list(g.itertuples(index=False))
        res = periods.latest(items, lambda r: _period(r.period), lambda r: r.confidence)
        heads = g[g["is_headline"]]
        assert len(heads) == 1, (region, indicator)
        assert heads.iloc[0]["period"] == res.headline.period or (
            pd.isna(heads.iloc[0]["period"]) and pd.isna(res.headline.period)
        )
        assert set(g["latest_status"]) == {res.status}, (region, indicator)
        front = {r.period for r in (res.headline, *res.others)}
        assert set(g.loc[g["on_frontier"], "period"]) == front
        for r in items:  # the previous figure: same series, known to come before
            same = [x for x in items if x.series_key == r.series_key]
            prev = periods.previous(same, r, lambda x: _period(x.period), lambda x: x.confidence)
            expected = prev.headline.period if prev.single else None
            assert (r.prev_period if isinstance(r.prev_period, str) else None) == expected


@pytest.mark.parametrize("fixture", ["cases", "real"])
def test_marts_agree_with_the_period_model(fixture, request):
    run = request.getfixturevalue(fixture)
    df = run("select * from region_indicator_values order by region_code, indicator_id", [])
    assert len(df) > 50
    assert_agrees_with_the_period_model(df)


def random_observations(seed: int, n: int = 400) -> str:
    """SYNTHETIC figures with every kind of period (days, months, years, ranges, undated),
    overlapping and tied ends, two series and none: the period model's hard cases."""
    rng = random.Random(seed)
    rows, seen = [OBS_HEADER], set()
    regions = ["EL30", "EL41"]  # few regions and years: many figures end on the same day
    for _ in range(n):
        region, indicator = rng.choice(regions), rng.choice(RANDOM_INDICATORS)
        year, month = rng.randint(2019, 2021), rng.randint(1, 12)
        kind = rng.random()
        if kind < 0.03:
            period = ""
        elif kind < 0.3:
            period = f"{year}-{month:02d}-{rng.choice([1, 15, 28]):02d}"
        elif kind < 0.6:
            period = f"{year}-{month:02d}"
        elif kind < 0.8:
            period = str(year)
        else:
            period = f"{year}/{year + rng.randint(0, 1)}-{month:02d}"
        if (region, indicator, period) in seen:
            continue
        seen.add((region, indicator, period))
        series = rng.choice(["series_a", "series_b", ""])
        confidence = rng.choice(["high", "medium", "low"])
        rows.append(
            f"{region},{indicator},{period},{rng.randint(1, 999)},,,persons,test_reception,"
            f"{confidence},SYNTHETIC,{series},"
        )
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_figures_agree_with_the_period_model(seed, tmp_path, fixture_raw):
    """The marts compute the period model with as-of lookups and window counts (linear
    time); on random SYNTHETIC figures they must say what the pairwise rules say."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "indicators_random.csv").write_text(
        "indicator_id,name_el,name_en,unit,kind,description_el,description_en\n"
        + "".join(
            f"{i},ΣΥΝΘΕΤΙΚΟ {i},SYNTHETIC {i},persons,count,-,-\n" for i in RANDOM_INDICATORS
        ),
        encoding="utf-8",
    )
    (folder / "observations_random.csv").write_text(random_observations(seed), encoding="utf-8")
    db_path = tmp_path / "random.duckdb"
    build(fixture_raw, [folder], db_path=db_path)
    con, run = runner(db_path)
    try:
        df = run(
            """select * from region_indicator_values
               where indicator_id in (select unnest(?))
               order by region_code, indicator_id""",
            [list(RANDOM_INDICATORS)],
        )
    finally:
        con.close()
    assert len(df) > 150
    assert df["change_status"].isin(["comparable"]).any()
    assert df["change_status"].isin(["earlier_periods_overlap"]).any()
    assert_agrees_with_the_period_model(df)


def test_day_inside_month_and_planned_capacity(cases, real):
    for run, site in ((cases, "site_f"), (real, "doliana")):
        s = run("select * from site_latest where site_id = ?", [site]).iloc[0]
        assert s["snapshot_status"] == "overlap" and s["snapshot_other_dates"] == "2016-03"
        assert s["capacity"] == 400 and s["capacity_basis"] == "planned"
        assert s["occupancy"] == 210 and s["occupancy_date_text"] == "2016-03"
    sites = qprof.region_sites(real, "EL54").set_index("site_id")
    assert sites.loc["doliana", "latest_occupancy"] == 210
    assert sites.loc["doliana", "latest_capacity_basis"] == "planned"


# --- 2. comparability and ranks ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "indicator"), [("cases", "hosted"), ("real", "refugees_hosted_sites_2016_2017")]
)
def test_no_difference_between_two_sources(fixture, indicator, request):
    run = request.getfixturevalue(fixture)
    rows = riv(run, "EL30", indicator)
    last = rows.iloc[-1]
    assert last["period"] == "2017-07-25" and last["latest_status"] == "latest"
    assert pd.isna(last["prev_value"]) and last["change_status"] == "earlier_only_in_other_series"
    assert pd.isna(last["rank"]) and last["rank_status"] == "too_few_comparable"  # not "1 of 1"


def test_change_within_one_series(cases):
    rows = riv(cases, "EL30", "arrivals")
    assert rows.loc["2022", "prev_value"] == 8 and rows.loc["2022", "change_status"] == "comparable"


@pytest.mark.parametrize("fixture", ["cases", "real"])
def test_every_change_and_rank_is_supportable(fixture, request):
    run = request.getfixturevalue(fixture)
    df = run("select * from region_indicator_values", [])
    with_prev = df[df["prev_period"].notna()]
    assert len(with_prev) > 0
    for r in with_prev.itertuples(index=False):
        assert _period(r.prev_period).before(_period(r.period))
        prev = df[
            (df["region_code"] == r.region_code)
            & (df["indicator_id"] == r.indicator_id)
            & (df["period"] == r.prev_period)
        ].iloc[0]
        assert prev["series_key"] == r.series_key
    ranked = df[df["rank"].notna()]
    assert (ranked["n_ranked"] >= 3).all() and (ranked["qualifier"] == "=").all()
    per_group = ranked.groupby(["indicator_id", "period", "series_key"])["rank"].max()
    n = ranked.groupby(["indicator_id", "period", "series_key"])["n_ranked"].first()
    assert (per_group <= n).all()


# --- 3. office holders --------------------------------------------------------------------


def test_governors_on_a_date_cases(cases):
    df = qprof.governors_on(cases, date(2025, 3, 1)).set_index("region_code")
    assert df.loc["EL52", "status_on_date"] == "ended"
    assert df.loc["EL52", "end_event"] == "resigned" and not df.loc["EL52", "successor_recorded"]
    assert df.loc["EL42", "status_on_date"] == "end_date_not_known"
    assert df.loc["EL41", "status_on_date"] == "term_ended"
    assert df.loc["EL51", "status_on_date"] == "unconfirmed"
    assert df.loc["EL54", "status_on_date"] == "in_office" and df.loc["EL54", "successor_recorded"]
    assert df.loc["EL65", "status_on_date"] == "in_office"
    early = qprof.governors_on(cases, date(2024, 6, 1), "EL52").iloc[0]
    assert early["status_on_date"] == "in_office"
    acting = qprof.governors_on(cases, date(2024, 3, 1), "EL65").iloc[0]
    assert acting["status_on_date"] == "not_yet"


def test_resigned_governor_of_central_macedonia(real):
    now = qprof.governors_on(real, date(2025, 6, 1), "EL52")
    current_term = now[now["term"] == "2024-2028"].iloc[0]
    assert current_term["status_on_date"] == "ended" and current_term["end_event"] == "resigned"
    assert current_term["end_date_text"] == "2024-12-02"
    assert not current_term["successor_recorded"]  # "successor not recorded"
    src = qprof.sources_by_id(real, [current_term["end_source_id"]])
    assert src.iloc[0]["url"].startswith("https://www.skai.gr/")
    assert not now["status_on_date"].isin(["in_office", "unconfirmed"]).any()
    before = qprof.governors_on(real, date(2024, 6, 1), "EL52")
    assert before.loc[before["term"] == "2024-2028", "status_on_date"].item() == "in_office"


@pytest.mark.parametrize("fixture", ["cases", "real"])
def test_governor_validity_agrees_with_the_period_model(fixture, request):
    run = request.getfixturevalue(fixture)
    for day in (date(2019, 6, 1), date(2023, 12, 31), date(2024, 1, 1), date(2025, 6, 1)):
        df = qprof.governors_on(run, day)
        for g in df.itertuples(index=False):

            def as_period(d):
                return Period.of(d.date(), d.date(), "day") if pd.notna(d) else Period.parse(None)

            end = as_period(g.end_date) if isinstance(g.end_event, str) else None
            expected = periods.valid_on(
                day,
                as_period(g.valid_from_date),
                as_period(g.valid_to_date),
                end_event=g.end_event if isinstance(g.end_event, str) else None,
                end_date=end,
                confirmed=bool(g.confirmed),
            )
            assert g.status_on_date == expected, (g.region_code, g.term, day)


# --- 4. programme status in a year ----------------------------------------------------------


@pytest.mark.parametrize("fixture", ["cases", "real"])
def test_programme_status_agrees_with_the_period_model(fixture, request):
    run = request.getfixturevalue(fixture)
    progs = run("select * from programmes", []).set_index("programme_id")
    for year in range(1990, 2031):
        got = qprog.programme_status_in_year(run, year).set_index("programme_id")
        for pid, p in progs.iterrows():
            expected = periods.status_in_year(
                year,
                _period(p["start_text"]),
                _period(p["end_text"]),
                p["status"],
                _period(p["status_date_text"]),
            )
            assert got.loc[pid, "year_status"] == expected, (pid, year)


def test_running_in_2025_needs_sourced_dates(real):
    got = qprog.programme_status_in_year(real, 2025).set_index("programme_id")["year_status"]
    assert got["helios"] == "suspended"  # since January 2024
    assert got["sid_capacity"] == "end_not_known"  # 12 months from July 2021: no sourced end
    assert got["estia"] == "completed"
    assert got["helios_successor"] == "planned"
    assert not got.isin(["running", "started"]).any()
    y2021 = qprog.programme_status_in_year(real, 2021).set_index("programme_id")["year_status"]
    assert y2021["sid_capacity"] == "started" and y2021["helios"] == "running"


def test_programme_cases(cases):
    got = qprog.programme_status_in_year(cases, 2023).set_index("programme_id")["year_status"]
    assert got["prog_d"] == "end_not_known" and got["prog_e"] == "completed"
    assert got["prog_f"] == "end_not_known"  # active as of 2019-11 only
    y2019 = qprog.programme_status_in_year(cases, 2019).set_index("programme_id")["year_status"]
    assert y2019["prog_f"] == "running"
    progs = qprog.programmes(cases).set_index("programme_id")
    assert progs.loc["prog_e", "end_basis"] == "planned"


# --- 5. qualifiers and 6. periods that are not given ------------------------------------------


def test_more_than_1500_keeps_its_qualifier(cases, real):
    for run in (cases, real):
        m = run(
            """select value, value_qualifier, reference_date, reference_date_precision
               from municipal_integration where municipality = 'Livadia'
                 and item = 'estia_housed_cumulative'""",
            [],
        ).iloc[0]
        assert (m["value"], m["value_qualifier"]) == ("1500", ">")
        assert m["reference_date"] == "2016/2021" and m["reference_date_precision"] == "range"


def test_up_to_650_keeps_its_qualifier_in_the_regional_sum(cases, real):
    for run, site in ((cases, "site_g"), (real, "serres_kege")):
        s = run("select capacity, capacity_qualifier from site_latest where site_id = ?", [site])
        assert s.iloc[0].tolist() == [650, "<="]
    total = real(
        """select capacity, capacity_qualifier from reception_region_snapshots
           where region_code = 'EL52' and date_text = '2017-04'""",
        [],
    ).iloc[0]
    assert total.tolist() == [650, "<="]


@pytest.mark.parametrize("fixture", ["cases", "real"])
def test_area_has_no_reference_date_and_density_names_its_inputs(fixture, request):
    run = request.getfixturevalue(fixture)
    area = run("select * from region_indicator_values where indicator_id = 'area_km2'", [])
    assert len(area) >= 2 and area["period"].isna().all()
    assert (area["period_precision"] == "unknown").all()
    assert (area["latest_status"] == "undated").all()
    assert qcore.indicator_periods(run, "area_km2")["period"].tolist() == [""]
    shown = qcore.indicator_map_values(run, "area_km2", "")
    assert shown["value"].notna().sum() == len(area)
    dens = qprof.region_density(run, "EL30").iloc[0]
    assert pd.isna(dens["area_period"]) and dens["population_basis"] == "final"
    assert dens["density"] == pytest.approx(dens["population"] / dens["area_km2"])


def test_no_bundled_figure_has_a_filled_in_period():
    with open(config.RAW_DIR / "observations.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            note = row["note"].lower()
            assert "period set to" not in note and "reference date is the end" not in note


# --- 7. labels say what is counted -----------------------------------------------------------

UNIT_WORDS = {
    "persons": (
        (
            "population",
            "residents",
            "persons",
            "refugees",
            "asylum seekers",
            "beneficiaries",
            "migrants",
        ),
        (
            "πληθυσμ",
            "κάτοικ",
            "άτομα",
            "πρόσφυγ",
            "αιτούντες",
            "ωφελούμεν",
            "διαμένοντες",
            "φιλοξενούμεν",
            "μετανάστ",
        ),
    ),
    "percent": (("%",), ("%",)),
    "km2": (("area", "km²"), ("έκταση", "km²")),
    "places": (("places",), ("θέσεις",)),
    "apartments": (("apartments",), ("διαμερίσματα",)),
    "facilities": (("facilities",), ("δομές",)),
    "applications": (("applications",), ("αιτήσεις",)),
    "schools": (("schools",), ("σχολεία",)),
    "municipalities": (("municipality",), ("δήμος",)),
    "towns": (("town",), ("πόλη",)),
}


def _labels():
    with open(config.RAW_DIR / "indicators.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            yield f"indicator {r['indicator_id']}", r["unit"], r["name_en"], r["name_el"]
    with open(config.RAW_DIR / "metrics.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            yield f"metric {r['metric_id']}", r["unit"], r["name_en"], r["name_el"]
    for d in eurostat.DATASETS.values():
        for s in d.series:
            yield f"eurostat {s.indicator_id}", s.unit, s.name_en, s.name_el
        for iid, _, _, name_el, name_en in d.shares:
            yield f"eurostat {iid}", "percent", name_en, name_el


@pytest.mark.parametrize(("what", "unit", "name_en", "name_el"), list(_labels()))
def test_every_label_names_its_unit_of_count(what, unit, name_en, name_el):
    assert unit in UNIT_WORDS, f"{what}: add the words for unit {unit!r}"
    en, el = UNIT_WORDS[unit]
    assert any(w in name_en.lower() for w in en), f"{what}: {name_en!r} does not say {en}"
    assert any(w in name_el.lower() for w in el), f"{what}: {name_el!r} does not say {el}"


def test_every_metric_in_the_data_is_defined(real):
    m = real("select metric_id, defined from metrics", [])
    assert m["defined"].all(), m[~m["defined"]]
    leases = m.set_index("metric_id")
    assert "new_leases_cumulative" in leases.index


def test_links_say_what_they_are(real):
    links = qprog.programme_regions(real)
    budapest = links[links["programme_id"] == "budapest_process"]
    assert set(budapest["link_kind"]) == {"event"} and not budapest["presence"].any()
    assert budapest["title_en"].str.contains("Ministerial Conference").all()
    ein = links[(links["programme_id"] == "ein") & (links["region_code"] == "EL52")]
    assert len(ein) == 1 and not ein["presence"].item()
    helios = links[links["programme_id"] == "helios"]
    assert helios["presence"].all() and helios["title_en"].str.contains("learning centre").all()
    # a scheduled briefing is not a link; the eleven scheduled ones are in visits only
    successor = links[links["programme_id"] == "helios_successor"]
    assert set(successor["region_code"]) == {"EL54", "EL63"}
    region = qprog.region_programmes(real, "EL42").set_index("programme_id")
    assert not region.loc["budapest_process", "presence"]


# --- templates and docs -------------------------------------------------------------------

OPTIONAL = {
    "observations": {"series", "revision", "municipality"},
    "indicators": {"role", "availability", "group_id"},
    "site_snapshots": {"capacity_qualifier", "occupancy_qualifier", "capacity_basis"},
    "programmes": {"status_date", "status_source_id", "end_basis"},
    "governors": {"valid_from", "valid_to", "end_event", "end_date", "end_source_id"},
    "municipal_integration": {"value_qualifier"},
}


@pytest.mark.parametrize("name", sorted(OPTIONAL))
def test_templates_offer_the_optional_columns(name):
    path = config.RAW_DIR.parent / "templates" / f"{name}.csv"
    with open(path, encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert OPTIONAL[name] <= set(header) <= set(BY_NAME[name].column_names)
    spec = BY_NAME[name]
    assert not any(c.required for c in spec.columns if c.name in OPTIONAL[name])


def test_a_file_without_the_new_columns_still_loads(tmp_path, fixture_raw):
    # the base fixture files predate these columns (except one status_date): they load
    from etl.build import build

    res = build(fixture_raw, db_path=tmp_path / "old.duckdb")
    con = duckdb.connect(str(res.db_path), read_only=True)
    got = con.execute(
        "select distinct series_key, latest_status from region_indicator_values "
        "where indicator_id = 'population_census'"
    ).fetchall()
    con.close()
    assert got == [("test_census", "latest")]
