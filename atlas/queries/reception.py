"""Questions of the reception page (and of the region profile): reception sites and their
snapshots, the Ministry's regional shares, the municipal integration network, Eurostat
figures loaded by the Directorate. Marts only, parameterised, always ORDER BY."""

from __future__ import annotations

import pandas as pd

from atlas.queries.core import _SOURCE_COLS, Runner

# Island reception/identification centres of the daily tables (Lesvos, Chios, Samos, Leros,
# Kos): RIC/CCAC sites of the two Aegean regions.
ISLAND_REGIONS = ("EL41", "EL42")
MUNICIPAL_LAYERS = ("cni_member", "integration_council", "helios_learning_centre", "asylum_office")


def snapshot_dates(run: Runner) -> pd.DataFrame:
    """Each date on which a source lists sites: how many sites and regions have each figure."""
    return run(
        """
        select date_text, min(snapshot_date) as snapshot_date,
               min(date_precision) as date_precision, sum(n_sites) as n_sites,
               count(*) as n_regions,
               count(capacity) as n_regions_capacity, count(occupancy) as n_regions_occupancy,
               string_agg(distinct source_ids, ';') as source_ids
        from reception_region_snapshots
        group by date_text
        order by min(snapshot_date) desc, date_text desc""",
        [],
    )


def region_snapshot(run: Runner, date_text: str) -> pd.DataFrame:
    """All 13 regions at one snapshot date; regions with no listed site have null figures."""
    return run(
        f"""
        select r.region_code, r.name_el, r.name_en, v.n_sites, v.n_with_capacity,
               v.n_with_occupancy, v.capacity, v.capacity_qualifier, v.capacity_basis,
               v.occupancy, v.occupancy_qualifier, v.occupancy_per_1000,
               v.occupancy_rate_pct, v.census_year, v.population, v.confidence,
               v.source_ids, v.source_id, {_SOURCE_COLS}
        from regions r
        left join reception_region_snapshots v
               on v.region_code = r.region_code and v.date_text = ?
        left join sources s on s.source_id = v.source_id
        order by r.region_code""",
        [date_text],
    )


def site_snapshots_at(run: Runner, date_text: str) -> pd.DataFrame:
    """The sites listed on one date with their figures, place and source."""
    return run(
        f"""
        select t.site_id, t.name_en, t.name_el, t.site_type, t.municipality,
               t.regional_unit, t.region_code, t.note as site_note,
               n.date_text, n.snapshot_date, n.date_precision, n.capacity, n.occupancy,
               n.capacity_qualifier, n.capacity_basis, n.occupancy_qualifier,
               n.confidence, n.note, n.source_id, {_SOURCE_COLS}
        from site_snapshots n
        join sites t using (site_id)
        left join sources s on s.source_id = n.source_id
        where n.date_text = ?
        order by t.region_code, t.name_en""",
        [date_text],
    )


def island_series(run: Runner) -> pd.DataFrame:
    """Occupancy against capacity of the island RIC/CCAC sites, every dated row with its
    source (the daily tables and the Ministry's bulletins)."""
    return run(
        f"""
        select t.site_id, t.name_en, t.name_el, t.municipality, t.regional_unit,
               t.region_code, n.date_text, n.snapshot_date, n.date_precision, n.capacity,
               n.occupancy, n.confidence, n.note, n.source_id, {_SOURCE_COLS}
        from site_snapshots n
        join sites t using (site_id)
        left join sources s on s.source_id = n.source_id
        where t.region_code in (?, ?)
          and (t.site_type like '%RIC%' or t.site_type like '%CCAC%')
          and n.snapshot_date is not null
        order by t.site_id, n.snapshot_date, n.date_text""",
        list(ISLAND_REGIONS),
    )


def municipal_counts(run: Runner, layer: str) -> pd.DataFrame:
    """All 13 regions with the number of municipalities (or offices) named for ``layer``."""
    return run(
        """
        select r.region_code, r.name_el, r.name_en, c.n, c.n_other, c.names, c.names_other,
               c.names_el, c.names_other_el,
               c.latest_reference_date, c.source_ids
        from regions r
        left join municipal_region_counts c
               on c.region_code = r.region_code and c.layer = ?
        order by r.region_code""",
        [layer],
    )


def municipal_points(run: Runner, layer: str) -> pd.DataFrame:
    """The municipalities (or asylum offices) of one layer, with their source."""
    if layer == "asylum_office":
        return run(
            f"""
            select o.office as name, o.office_el as name_el, o.office_type as detail,
                   o.seat as place, null::varchar as place_el,
                   o.region_code, 'yes' as value, o.status_date as reference_date,
                   o.confidence, o.note, o.source_id, {_SOURCE_COLS}
            from asylum_offices o
            left join sources s on s.source_id = o.source_id
            order by o.region_code, o.office""",
            [],
        )
    return run(
        f"""
        select m.municipality as name, m.municipality_el as name_el, m.unit as detail,
               m.municipality as place, m.municipality_el as place_el,
               m.region_code, m.value, m.value_qualifier, m.reference_date, m.confidence,
               m.note, m.source_id, {_SOURCE_COLS}
        from municipal_integration m
        left join sources s on s.source_id = m.source_id
        where m.item = ? and m.region_code <> 'EL'
        order by m.region_code, m.municipality""",
        [layer],
    )


def eurostat_indicators(run: Runner) -> pd.DataFrame:
    """Eurostat indicators loaded from the Directorate's files, with their periods."""
    return run(
        """
        select e.indicator_id, i.name_el, i.name_en, i.unit, i.kind, e.dataset,
               e.period, count(e.value) as n_regions
        from eurostat_region_values e
        join indicators i using (indicator_id)
        where e.region_code <> 'EL'
        group by all
        order by e.indicator_id, e.period desc""",
        [],
    )


def eurostat_values(run: Runner, indicator_id: str, period: str) -> pd.DataFrame:
    """All 13 regions for one Eurostat indicator and period: value, how it was made
    (basis), Eurostat flags, and why a region has no value (reason, units)."""
    return run(
        f"""
        select r.region_code, r.name_el, r.name_en, e.value, e.basis, e.flags, e.n_units,
               e.n_units_available, e.missing_units, e.confidential_units, e.reason,
               e.dataset, e.source_id, {_SOURCE_COLS}
        from regions r
        left join eurostat_region_values e
               on e.region_code = r.region_code and e.indicator_id = ? and e.period = ?
        left join sources s on s.source_id = e.source_id
        order by r.region_code""",
        [indicator_id, period],
    )
