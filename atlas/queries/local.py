"""Questions about municipalities (issue 26): the Municipalities page, the municipal card,
the region profile's "Municipalities" section and the brief.

Marts only (``municipalities``, ``municipal_structures``, ``municipal_values``,
``municipal_values_2011_units``, ``municipal_indicators``, ``site_latest``, ``sources``);
parameterised; always ordered. Codes are ELSTAT 2021 municipality codes ("3701"); resolve a
name with ``geo.municipalities.resolve``.

Truth rules the callers keep: a municipality without a structure row has *no record in the
atlas* (never "has none"); a structure row with ``status`` 'call' or 'announced' is not proof
that the structure exists; ``scope`` 'former_municipality' means the source names the
municipality before the 2019 split (e.g. the ΚΕΜ of the former municipality of Lesvos): say
so. No municipal figure is estimated from a regional one: every value has its own source.
The 2001 share (``census2001_non_greek_share``) is historical: show its year.
"""

from __future__ import annotations

import pandas as pd

from atlas.queries.core import _SOURCE_COLS, Runner

STRUCTURE_KINDS: tuple[str, ...] = ("kem", "cities_network", "semp", "helios", "reception_site")
# The structures a brief puts on page one (the municipality "works" in the network).
NETWORK_KINDS: tuple[str, ...] = ("kem", "cities_network", "semp")
HISTORICAL_INDICATORS: tuple[str, ...] = ("census2001_non_greek_share",)
# The same ids as an SQL list (module constants only, never a caller's value).
_HISTORICAL = ", ".join(f"'{i}'" for i in HISTORICAL_INDICATORS)

_FLAGS = """
    bool_or(kind = 'kem' and status = 'known') as has_kem,
    bool_or(kind = 'cities_network' and status = 'known') as in_cities_network,
    bool_or(kind = 'semp' and status = 'known') as has_council,
    bool_or(kind = 'semp' and status in ('call', 'announced')) as council_call,
    bool_or(kind = 'helios' and status = 'known') as has_helios,
    count(distinct item_id) filter (where kind = 'reception_site') as n_reception_sites,
    bool_or(scope = 'former_municipality') as has_former_scope"""


def municipalities(run: Runner, region_code: str | None = None) -> pd.DataFrame:
    """The municipalities of one region (all 333 rows when ``region_code`` is None), with
    population 2021 (provisional) and 2011, and what the atlas records about them:
    ``has_kem``, ``in_cities_network``, ``has_council`` (status known), ``council_call`` (an
    open call or an intention only), ``has_helios``, ``n_reception_sites``,
    ``n_structures`` (rows of municipal_structures; 0 = no record in the atlas). Largest
    population first, then code."""
    return run(
        f"""
        with flags as (
            select code, {_FLAGS}, count(*) as n_structures
            from municipal_structures group by code
        )
        select m.code, m.name_el, m.name_en, m.region_code, m.nuts3_code, m.is_mount_athos,
               m.population_2021, m.population_2011, m.population_source_id,
               coalesce(f.has_kem, false) as has_kem,
               coalesce(f.in_cities_network, false) as in_cities_network,
               coalesce(f.has_council, false) as has_council,
               coalesce(f.council_call, false) as council_call,
               coalesce(f.has_helios, false) as has_helios,
               coalesce(f.n_reception_sites, 0) as n_reception_sites,
               coalesce(f.has_former_scope, false) as has_former_scope,
               coalesce(f.n_structures, 0) as n_structures
        from municipalities m
        left join flags f using (code)
        where ? is null or m.region_code = ?
        order by m.population_2021 desc nulls last, m.code""",
        [region_code, region_code],
    )


def municipality(run: Runner, code: str) -> pd.DataFrame:
    """One municipality (one row, or none for an unknown code): names, region, NUTS-3,
    population 2021 and 2011 with the population source."""
    return run(
        f"""select m.code, m.name_el, m.name_en, m.region_code, r.name_el as region_name_el,
                   r.name_en as region_name_en, m.nuts3_code, m.is_mount_athos,
                   m.population_2021, m.population_2011, m.population_source_id, {_SOURCE_COLS}
            from municipalities m
            join regions r using (region_code)
            left join sources s on s.source_id = m.population_source_id
            where m.code = ?
            order by m.code""",
        [code],
    )


def structures(
    run: Runner,
    region_code: str | None = None,
    kinds: tuple[str, ...] = STRUCTURE_KINDS,
    code: str | None = None,
) -> pd.DataFrame:
    """Structure rows (one per municipality × structure × source) of a region, of one
    municipality (``code``) or of the whole country, for the given kinds; each with the
    municipality's names and its source (publisher, title, URL, reference date, licence).
    ``known`` is what the source says; ``reference_date`` its date as given (may be text
    such as "undated"). Ordered by municipality, kind, status, source."""
    kinds = tuple(kinds) or STRUCTURE_KINDS
    return run(
        f"""select t.code, m.name_el as municipality_el, m.name_en as municipality_en,
                   m.region_code, t.kind, t.status, t.scope, t.name_el, t.name_en, t.known,
                   t.reference_date, t.confidence, t.note, t.item_id, t.source_id,
                   {_SOURCE_COLS}
            from municipal_structures t
            join municipalities m using (code)
            left join sources s on s.source_id = t.source_id
            where list_contains(?, t.kind)
              and (? is null or m.region_code = ?)
              and (? is null or t.code = ?)
            order by t.code, t.kind, t.status, t.source_id, t.item_id""",
        [list(kinds), region_code, region_code, code, code],
    )


def reception_sites(run: Runner, code: str) -> pd.DataFrame:
    """Reception sites placed in one municipality (by the municipality named in sites.csv),
    with their latest capacity/occupancy snapshot as site_latest gives it (its own dates
    and statuses: never call a snapshot current unless the status says so)."""
    return run(
        f"""select t.item_id as site_id, t.name_el, t.name_en, t.known as site_type,
                   l.snapshot_date_text, l.snapshot_status, l.capacity, l.capacity_qualifier,
                   l.capacity_date_text, l.occupancy, l.occupancy_qualifier,
                   l.occupancy_date_text, t.source_id, {_SOURCE_COLS}
            from municipal_structures t
            left join site_latest l on l.site_id = t.item_id
            left join sources s on s.source_id = t.source_id
            where t.kind = 'reception_site' and t.code = ?
            order by t.name_en, t.item_id""",
        [code],
    )


def values(run: Runner, code: str) -> pd.DataFrame:
    """Every figure loaded for one municipality: population 2021/2011, the 2001 share
    (``is_historical``), HELIOS figures given for the town and the Directorate's own
    figures, each with indicator names, unit and source. Ordered by indicator, then latest
    period first (undated last)."""
    return run(
        f"""select v.code, v.indicator_id, i.name_el, i.name_en, i.unit, i.kind, v.period,
                   v.value, v.qualifier, v.value_high, v.revision, v.confidence, v.note,
                   v.origin, v.indicator_id in ({_HISTORICAL}) as is_historical,
                   v.source_id, {_SOURCE_COLS}
            from municipal_values v
            left join municipal_indicators i using (indicator_id)
            left join sources s on s.source_id = v.source_id
            where v.code = ?
            order by v.indicator_id, v.period desc nulls last, v.source_id""",
        [code],
    )


def indicators(run: Runner) -> pd.DataFrame:
    """Indicators with municipal figures, with how many municipalities and periods each has
    (for a choropleth selector). ``is_historical`` marks the 2001 share."""
    return run(
        f"""select v.indicator_id, i.name_el, i.name_en, i.unit, i.kind,
                   count(distinct v.code) as n_municipalities,
                   count(distinct coalesce(v.period, '')) as n_periods,
                   max(v.period) as latest_period,
                   v.indicator_id in ({_HISTORICAL}) as is_historical
            from municipal_values v
            left join municipal_indicators i using (indicator_id)
            group by all
            order by v.indicator_id""",
        [],
    )


def indicator_values(
    run: Runner, indicator_id: str, period: str, region_code: str | None = None
) -> pd.DataFrame:
    """One indicator and period ('' = no reference date) for every municipality of the
    region (or country); municipalities without a figure have null value (no data, never
    zero). A municipality with two sources for the same figure has two rows."""
    return run(
        f"""select m.code, m.name_el, m.name_en, m.region_code, v.value, v.qualifier,
                   v.value_high, v.source_id, {_SOURCE_COLS}
            from municipalities m
            left join municipal_values v
                   on v.code = m.code and v.indicator_id = ?
                  and coalesce(v.period, '') = ?
            left join sources s on s.source_id = v.source_id
            where ? is null or m.region_code = ?
            order by m.code, v.source_id""",
        [indicator_id, period, region_code, region_code],
    )


def former_units(run: Runner) -> pd.DataFrame:
    """Figures of a 2011 municipality split in 2019 (Corfu, Kefalonia, Lesvos, Samos,
    Servia-Velventos): ``codes_2021`` lists its parts ("5301;5302"); draw them on the merged
    unit, never on one part."""
    return run(
        f"""select u.code_2011, u.name_2011, u.codes_2021, u.indicator_id, u.period, u.value,
                   u.source_id, {_SOURCE_COLS}
            from municipal_values_2011_units u
            left join sources s on s.source_id = u.source_id
            order by u.code_2011, u.indicator_id""",
        [],
    )
