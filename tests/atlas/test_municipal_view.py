"""The Municipalities page's view against a small SYNTHETIC database with the municipal marts
(the figures below are made up for the test; the names and codes are the real 2021 list)."""

from __future__ import annotations

import pickle

import duckdb
import pandas as pd
import pytest

from atlas.views import municipalities as mv
from geo.municipal_units import units

# SYNTHETIC figures
POP = {
    "5301": (1000, 1100),  # Mytilene   } Lesvos' unit 9261: both parts known
    "5302": (500, 400),  # West Lesvos  }
    "5601": (300, 300),  # East Samos   } Samos' unit 9264: one part missing
    "1801": (2000, 1000),  # Ioannina
}


VALUE_COLUMNS = (
    "code, indicator_id, period, value, qualifier, value_high, source_id, confidence, "
    "revision, note, origin"
)


@pytest.fixture(scope="module")
def run():
    con = duckdb.connect()
    con.execute(
        "create table sources as select 'syn' as source_id, 'SYNTHETIC publisher' as publisher,"
        " null::varchar as publisher_el, 'SYNTHETIC title' as title, null as url,"
        " '2021-10-22' as reference_date, 'test' as licence"
    )
    con.execute(
        "create table municipalities (code varchar, name_el varchar, name_en varchar, "
        "region_code varchar, nuts3_code varchar, is_mount_athos boolean, "
        "population_2021 double, population_2011 double, population_source_id varchar)"
    )
    names = {
        "5301": ("Μυτιλήνης", "Mytilene", "EL41"),
        "5302": ("Δυτικής Λέσβου", "West Lesvos", "EL41"),
        "5601": ("Ανατολικής Σάμου", "East Samos", "EL41"),
        "5602": ("Δυτικής Σάμου", "West Samos", "EL41"),
        "1801": ("Ιωαννιτών", "Ioannina", "EL54"),
    }
    for code, (el, en, region) in names.items():
        p21, p11 = POP.get(code, (None, None))
        con.execute(
            "insert into municipalities values (?, ?, ?, ?, null, false, ?, ?, 'syn')",
            [code, el, en, region, p21, p11],
        )
    con.execute(
        "create table municipal_indicators as select * from (values "
        "('population_census', 'Πληθυσμός', 'Population', 'persons', 'count'), "
        "('census2001_non_greek_share', 'Μερίδιο 2001', 'Share 2001', 'percent', 'share'), "
        "('syn_count', 'Συνθετικό', 'SYNTHETIC count', 'persons', 'count')) "
        "t(indicator_id, name_el, name_en, unit, kind)"
    )
    con.execute(
        f"create table municipal_values ({VALUE_COLUMNS.replace(',', ' varchar,')} varchar)"
    )
    con.execute("alter table municipal_values alter value type double")
    con.execute("alter table municipal_values alter value_high type double")
    rows = [
        (c, "population_census", y, v)
        for c, (a, b) in POP.items()
        for y, v in (("2021", a), ("2011", b))
    ]
    rows += [
        ("1801", "census2001_non_greek_share", "2001", 3.5),
        ("1801", "syn_count", "2024", 50.0),
        ("5301", "syn_count", "2024", 10.0),
    ]
    con.executemany(
        "insert into municipal_values values (?, ?, ?, ?, '=', null, 'syn', 'high', null, null, "
        "'bundled')",
        rows,
    )
    con.execute(
        "create table municipal_values_2011_units as select * from (values "
        "('5301', 'LESVOU', '5301;5302', 'census2001_non_greek_share', '2001', 4.9, 'syn')) "
        "t(code_2011, name_2011, codes_2021, indicator_id, period, value, source_id)"
    )
    con.execute(
        "create table municipal_structures as select * from (values "
        "('5301', 'kem', 'known', 'ΚΕΜ', 'KEM', 'yes', '2021', 'former_municipality', 'syn',"
        " 'high', null, null), "
        "('1801', 'semp', 'announced', 'ΣΕΜΠ', 'Council', 'yes', null, 'municipality', 'syn',"
        " 'high', null, null)) "
        "t(code, kind, status, name_el, name_en, known, reference_date, scope, source_id,"
        " confidence, note, item_id)"
    )
    yield lambda sql, params=(): con.execute(sql, list(params)).df()
    con.close()


def test_population_of_a_merged_unit_is_a_sum_only_when_complete(run):
    view = mv.municipal_view(run, "", mv.POPULATION, "value", "", "en")
    values = view.frame.set_index("unit")["value"]
    assert values["9261"] == 1500  # Lesvos: both parts
    assert pd.isna(values["9264"])  # Samos: West Samos has no figure
    assert values["9084"] == 2000
    assert len(view.frame) == len(units())  # the whole country: every drawn unit
    assert view.map.units == ()  # all units, without listing them in the element
    merged_name = view.frame.set_index("unit").at["9261", "name"]
    assert merged_name == "Mytilene · West Lesvos"


def test_change_is_computed_from_complete_sums(run):
    view = mv.municipal_view(run, "EL54", mv.CHANGE, "value", "", "en")
    values = view.frame.set_index("unit")["value"]
    assert values["9084"] == pytest.approx(100.0)
    assert view.map.choropleth.diverging
    assert set(view.frame["unit"]) == set(units().query("region_code == 'EL54'").index)
    assert view.map.units and view.map.bounds is not None


def test_the_2001_share_is_historical_and_never_split(run):
    view = mv.municipal_view(run, "EL41", mv.SHARE_2001, "value", "", "el")
    values = view.frame.set_index("unit")["value"]
    assert values["9261"] == pytest.approx(4.9)  # the former municipality of Lesvos, whole
    assert "2001" in view.title and "ιστορικό" in view.title.lower()
    assert "2001" in view.note


def test_per_1000_only_for_counts_and_from_the_2021_population(run):
    assert mv.measure_choice(run, mv.POPULATION, "en").options == ("value",)
    assert mv.measure_choice(run, "syn_count", "en").options == ("value", "per_1000")
    view = mv.municipal_view(run, "", "syn_count", "per_1000", "", "en")
    values = view.frame.set_index("unit")["value"]
    assert values["9084"] == pytest.approx(25.0)  # 50 per 2,000 residents
    assert pd.isna(values["9261"])  # West Lesvos has no figure: no sum, no rate


def test_structure_layers_carry_source_and_date(run):
    view = mv.municipal_view(run, "EL41", mv.POPULATION, "value", mv.ALL, "en")
    assert len(view.map.points) == 1  # Ioannina's council is outside North Aegean
    tooltip = " ".join(b for _, b in view.map.points[0]["tooltip"])
    assert "SYNTHETIC publisher" in tooltip and "2021" in tooltip
    shown = view.table.shown()
    assert "no record in the atlas" in set(shown["Structures known"])
    assert not any("has none" in str(v) for v in shown.to_numpy().ravel())


def test_card_says_known_or_no_record_never_none(run):
    card = mv.card_view(run, "9084", "en")
    text = "\n".join(card.lines)
    assert "Ιωαννιτών / Ioannina" in text
    assert "announced (not proof that it exists)" in text
    assert text.count("no record in the atlas") == 4  # the other four kinds
    assert "has none" not in text
    assert len(card.figures) == 4  # population 2021 and 2011, the 2001 share, the count
    lesvos = mv.card_view(run, "9261", "el")
    assert "Μυτιλήνης" in "\n".join(lesvos.lines) and "Δυτικής Λέσβου" in "\n".join(lesvos.lines)
    assert mv.card_view(run, "nope", "en") is None


def test_view_and_card_pickle_and_exports_make_bytes(run):
    view = mv.municipal_view(run, "EL54", mv.POPULATION, "value", "", "el")
    pickle.dumps(view)
    pickle.dumps(mv.card_view(run, "9084", "el"))
    csv = next(e for e in view.exports if e.kind == "csv").data()
    assert "municipality" in csv.decode("utf-8-sig").splitlines()[0]
    png = next(e for e in view.exports if e.kind == "png").data()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
