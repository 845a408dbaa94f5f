"""Questions the region profile and the regional brief ask about one region.

Marts only (``regions``, ``region_indicator_values``, ``national_values``, ``indicators``,
``programme_coverage``, ``programmes``, ``governors``, ``sites``, ``site_snapshots``,
``asylum_offices``, ``municipal_integration``, ``sources``, ``build_info``); parameterised;
always ordered. Programmes linked to a region, its events and briefing visits come from
``atlas.queries.programmes`` (region_programmes, region_events, region_visit).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from atlas.queries.core import _SOURCE_COLS, Runner


def region(run: Runner, region_code: str) -> pd.DataFrame:
    return run(
        """select region_code, iso_code, name_el, name_en from regions
                  where region_code = ? order by region_code""",
        [region_code],
    )


def region_indicator_series(run: Runner, region_code: str) -> pd.DataFrame:
    """Every figure the atlas holds for the region, newest period first per indicator, with
    the previous period's figure (for a trend), the national population of the census year
    used as denominator (for a national per-1,000 rate) and the source.

    ``recency`` = 1 marks the latest period of each indicator."""
    return run(
        f"""
        with v as (
            select v.*,
                   lag(v.period) over w as prev_period,
                   lag(v.value) over w as prev_value,
                   lag(v.qualifier) over w as prev_qualifier,
                   lag(v.value_high) over w as prev_value_high,
                   lag(v.source_id) over w as prev_source_id,
                   row_number() over (partition by v.indicator_id
                                      order by v.period_end desc, v.period desc) as recency
            from region_indicator_values v
            where v.region_code = ?
            window w as (partition by v.indicator_id order by v.period_end, v.period)
        )
        select v.indicator_id, i.name_el, i.name_en, i.kind, v.period, v.period_start,
               v.period_end, v.period_precision, v.value, v.qualifier, v.value_high,
               coalesce(v.unit, i.unit) as unit, v.per_1000, v.per_1000_high, v.rank,
               v.n_ranked, v.national_value, v.national_basis, v.national_qualifier,
               v.share_of_national_pct, v.census_year, v.population, v.confidence, v.note,
               nv.source_id as national_source_id, np.value as national_population,
               np.source_id as national_population_source_id, v.prev_period, v.prev_value,
               v.prev_qualifier, v.prev_value_high, v.prev_source_id, v.recency,
               v.source_id, {_SOURCE_COLS}
        from v
        join indicators i using (indicator_id)
        left join national_values nv
               on nv.indicator_id = v.indicator_id and nv.period = v.period
              and nv.basis = v.national_basis
        left join national_values np
               on np.indicator_id = 'population_census'
              and np.period = cast(v.census_year as varchar)
        left join sources s on s.source_id = v.source_id
        order by v.indicator_id, v.period_end desc, v.period desc""",
        [region_code],
    )


def region_coverage(run: Runner, region_code: str) -> pd.DataFrame:
    """Programme coverage figures recorded for the region (national rows excluded)."""
    return run(
        f"""
        select c.programme_id, p.name_el as programme_name_el,
               p.name_en as programme_name_en, c.period, c.period_end, c.metric, c.value,
               c.qualifier, c.value_high, c.unit, c.confidence, c.note, c.source_id,
               {_SOURCE_COLS}
        from programme_coverage c
        left join programmes p using (programme_id)
        left join sources s on s.source_id = c.source_id
        where c.region_code = ?
        order by c.programme_id, c.metric, c.period_end desc""",
        [region_code],
    )


def programme_details(run: Runner, programme_ids: list[str]) -> pd.DataFrame:
    """Dates (with precision), status and source of the given programmes."""
    return run(
        f"""
        select p.programme_id, p.name_el, p.name_en, p.status, p.start_text, p.end_text,
               p.start_date, p.end_date, p.source_id, {_SOURCE_COLS}
        from programmes p left join sources s on s.source_id = p.source_id
        where list_contains(?, p.programme_id)
        order by p.start_date nulls last, p.programme_id""",
        [list(programme_ids)],
    )


def region_governors(run: Runner, region_code: str) -> pd.DataFrame:
    """Governor rows for the region, latest term first; ``confirmed`` false = the source
    marks the result as unconfirmed (shown as such, never as fact)."""
    return run(
        f"""
        select g.term, g.name_el, g.name_en, g.party, g.confirmed, g.status_note,
               g.source_id, {_SOURCE_COLS}
        from governors g left join sources s on s.source_id = g.source_id
        where g.region_code = ?
        order by g.term desc, g.name_en""",
        [region_code],
    )


def region_sites(run: Runner, region_code: str) -> pd.DataFrame:
    """Reception sites in the region with their latest capacity/occupancy snapshot (if any)."""
    return run(
        f"""
        with last as (
            select * from site_snapshots
            qualify row_number() over (partition by site_id
                                       order by snapshot_date desc nulls last, date_text desc) = 1
        )
        select t.site_id, t.name_el, t.name_en, t.site_type, t.municipality,
               l.date_text as snapshot_date_text, l.capacity, l.occupancy,
               l.source_id as snapshot_source_id, t.source_id, {_SOURCE_COLS}
        from sites t
        left join last l using (site_id)
        left join sources s on s.source_id = t.source_id
        where t.region_code = ?
        order by t.site_type, t.name_en""",
        [region_code],
    )


def region_asylum_offices(run: Runner, region_code: str) -> pd.DataFrame:
    return run(
        f"""
        select a.office, a.office_type, a.seat, a.status_date, a.confidence, a.note,
               a.source_id, {_SOURCE_COLS}
        from asylum_offices a left join sources s on s.source_id = a.source_id
        where a.region_code = ?
        order by a.office_type, a.office""",
        [region_code],
    )


def region_municipal_items(run: Runner, region_code: str) -> pd.DataFrame:
    return run(
        f"""
        select m.municipality, m.item, m.value, m.unit, m.reference_date, m.confidence,
               m.note, m.source_id, {_SOURCE_COLS}
        from municipal_integration m left join sources s on s.source_id = m.source_id
        where m.region_code = ?
        order by m.municipality, m.item""",
        [region_code],
    )


def sources_by_id(run: Runner, source_ids: Iterable[str]) -> pd.DataFrame:
    """The given sources (for footers), in id order."""
    ids = sorted({s for s in source_ids if isinstance(s, str) and s})
    return run(
        """select source_id, publisher, title, url, reference_date, licence, notes
                  from sources where list_contains(?, source_id)
                  order by source_id""",
        [ids],
    )
