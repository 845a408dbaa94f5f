"""Questions the region profile and the regional brief ask about one region.

Marts only (``regions``, ``region_indicator_values``, ``national_values``, ``indicators``,
``programme_coverage``, ``programmes``, ``governors``, ``sites``, ``site_snapshots``,
``asylum_offices``, ``municipal_integration``, ``sources``, ``build_info``); parameterised;
always ordered. Programmes linked to a region, its events and briefing visits come from
``atlas.queries.programmes`` (region_programmes, region_events, region_visit).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from atlas.queries.core import _SOURCE_COLS, Runner


def region(run: Runner, region_code: str) -> pd.DataFrame:
    return run(
        """select region_code, iso_code, name_el, name_en from regions
                  where region_code = ? order by region_code""",
        [region_code],
    )


def region_indicator_series(run: Runner, region_code: str) -> pd.DataFrame:
    """Every figure the atlas holds for the region, by the period model of the marts
    (docs/data-model.md, ``atlas.periods``): per indicator the headline figure first
    (``recency`` = 1), then the others, latest end first.

    - ``latest_status`` 'latest' | 'overlap' | 'undated' (same on every row of the
      indicator); with 'overlap' the headline was chosen by the rule (finer period, higher
      confidence, later end) and ``other_periods`` lists the figures that could equally be the
      latest: show them beside it and never call the headline "latest".
    - ``prev_*``: the figure a change may be stated against (the same series, known to come
      before); null with ``change_status`` saying why (other series only, overlapping earlier
      periods, no earlier figure, undated). Never compute a change from other rows.
    - ``rank`` null unless ≥ 3 regions have a comparable plain figure (``rank_status``).
    - ``per_1000`` / ``pct_of_population`` divide by ``population`` of ``census_year``
      (``denominator_indicator_id``, ``population_basis``: final / provisional …);
      ``national_population`` is the national total on the same basis."""
    return run(
        f"""
        with v as (
            select v.*,
                   row_number() over (partition by v.indicator_id
                                      order by v.is_headline desc, v.period_end desc nulls last,
                                               v.period desc) as recency
            from region_indicator_values v
            where v.region_code = ?
        )
        select v.indicator_id, i.name_el, i.name_en, i.kind, i.role, i.group_id, v.period,
               v.period_start, v.period_end, v.period_precision, v.value, v.qualifier,
               v.value_high, coalesce(v.unit, i.unit) as unit, v.per_1000, v.per_1000_high,
               v.pct_of_population, v.pct_of_population_high, v.rank, v.n_ranked,
               v.rank_status, v.national_value,
               v.national_basis, v.national_qualifier, v.share_of_national_pct, v.census_year,
               v.population, v.population_basis, v.denominator_indicator_id,
               v.denominator_period, v.denominator_source_id, v.confidence, v.note,
               nv.source_id as national_source_id, v.national_population,
               v.denominator_source_id as national_population_source_id, v.prev_period,
               v.prev_value, v.prev_qualifier, v.prev_value_high, v.prev_source_id,
               v.change_status, v.series_key, v.revision, v.recency, v.is_headline,
               v.on_frontier, v.latest_status, v.latest_reason, l.n_candidates,
               l.other_periods, v.source_id, {_SOURCE_COLS}
        from v
        join indicators i using (indicator_id)
        left join latest_region_indicator l
               on l.region_code = v.region_code and l.indicator_id = v.indicator_id
        left join national_values nv
               on nv.indicator_id = v.indicator_id and nv.period = v.period
              and nv.basis = v.national_basis
        left join sources s on s.source_id = v.source_id
        order by v.indicator_id, v.recency""",
        [region_code],
    )


def region_density(run: Runner, region_code: str) -> pd.DataFrame:
    """Residents per km² and what they are computed from: the census population
    (``population_indicator_id``, ``population_period``, ``population_basis``) and the area
    (``area_period`` null = the source gives no reference date: say so)."""
    return run(
        """select region_code, density, population, population_indicator_id,
                  population_period, population_basis, population_source_id, area_km2,
                  area_period, area_latest_status, area_source_id, area_confidence
           from region_density where region_code = ? order by region_code""",
        [region_code],
    )


def region_coverage(run: Runner, region_code: str) -> pd.DataFrame:
    """Programme coverage figures recorded for the region (national rows excluded), with what
    each metric counts (``metric_name_el`` / ``metric_name_en`` from the metrics mart)."""
    return run(
        f"""
        select c.programme_id, p.name_el as programme_name_el,
               p.name_en as programme_name_en, c.period, c.period_end, c.metric, c.value,
               c.qualifier, c.value_high, c.unit, c.confidence, c.note, c.source_id,
               m.name_el as metric_name_el, m.name_en as metric_name_en, {_SOURCE_COLS}
        from programme_coverage c
        left join programmes p using (programme_id)
        left join metrics m on m.metric_id = c.metric
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
    marks the result as unconfirmed (shown as such, never as fact). Which of them holds office
    on a date: ``governors_on``."""
    return run(
        f"""
        select g.term, g.name_el, g.name_en, g.party, g.confirmed, g.status_note,
               g.valid_from_date, g.valid_to_date, g.end_event, g.end_date_text, g.end_date,
               g.end_source_id, g.source_id, {_SOURCE_COLS}
        from governors g left join sources s on s.source_id = g.source_id
        where g.region_code = ?
        order by g.term desc, g.name_en""",
        [region_code],
    )


def region_sites(run: Runner, region_code: str) -> pd.DataFrame:
    """Reception sites in the region with their headline snapshot (``snapshot_date_text``,
    ``capacity``, ``occupancy`` of that one row; ``snapshot_status`` 'overlap' = no single
    latest date, ``snapshot_other_dates`` the others) and, better, the latest capacity and the
    latest occupancy each on its own (``latest_capacity_*``, ``latest_occupancy_*``: value,
    qualifier, date, status, source). ``capacity_basis`` 'planned' = an announced capacity:
    say "planned"; qualifiers keep "up to" ('<=')."""
    return run(
        f"""
        select t.site_id, t.name_el, t.name_en, t.site_type, t.municipality,
               l.date_text as snapshot_date_text, l.capacity, l.capacity_qualifier,
               l.capacity_basis, l.occupancy, l.occupancy_qualifier,
               l.source_id as snapshot_source_id, sl.snapshot_status,
               sl.snapshot_other_dates,
               sl.capacity as latest_capacity,
               sl.capacity_qualifier as latest_capacity_qualifier,
               sl.capacity_basis as latest_capacity_basis,
               sl.capacity_date_text as latest_capacity_date_text,
               sl.capacity_status as latest_capacity_status,
               sl.capacity_other_dates as latest_capacity_other_dates,
               sl.capacity_source_id as latest_capacity_source_id,
               sl.occupancy as latest_occupancy,
               sl.occupancy_qualifier as latest_occupancy_qualifier,
               sl.occupancy_date_text as latest_occupancy_date_text,
               sl.occupancy_status as latest_occupancy_status,
               sl.occupancy_other_dates as latest_occupancy_other_dates,
               sl.occupancy_source_id as latest_occupancy_source_id,
               t.source_id, {_SOURCE_COLS}
        from sites t
        left join site_latest sl using (site_id)
        left join site_snapshots l
               on l.site_id = t.site_id and l.date_text = sl.snapshot_date_text
        left join sources s on s.source_id = t.source_id
        where t.region_code = ?
        order by t.site_type, t.name_en""",
        [region_code],
    )


def region_asylum_offices(run: Runner, region_code: str) -> pd.DataFrame:
    return run(
        f"""
        select a.office, a.office_el, a.office_type, a.seat, a.status_date, a.confidence, a.note,
               a.source_id, {_SOURCE_COLS}
        from asylum_offices a left join sources s on s.source_id = a.source_id
        where a.region_code = ?
        order by a.office_type, a.office""",
        [region_code],
    )


def region_municipal_items(run: Runner, region_code: str) -> pd.DataFrame:
    return run(
        f"""
        select m.municipality, m.municipality_el, m.item, m.value, m.value_qualifier, m.unit,
               m.reference_date,
               m.confidence, m.note, n.name_el as item_name_el, n.name_en as item_name_en,
               m.source_id, {_SOURCE_COLS}
        from municipal_integration m
        left join metrics n on n.metric_id = m.item
        left join sources s on s.source_id = m.source_id
        where m.region_code = ?
        order by m.municipality, m.item""",
        [region_code],
    )


def sources_by_id(run: Runner, source_ids: Iterable[str]) -> pd.DataFrame:
    """The given sources (for footers), in id order."""
    ids = sorted({s for s in source_ids if isinstance(s, str) and s})
    return run(
        """select source_id, publisher, publisher_el, title, url, reference_date, licence,
                  notes
                  from sources where list_contains(?, source_id)
                  order by source_id""",
        [ids],
    )


def governors_on(run: Runner, on_date: date, region_code: str | None = None) -> pd.DataFrame:
    """Every governor row with what holds on ``on_date`` (the rules of
    ``atlas.periods.valid_on``): ``status_on_date`` is one of

    - 'in_office' / 'unconfirmed' (confirmed = false: say so) — the holder on that date;
    - 'ended' — an end event (``end_event``: resigned …) by ``end_date`` (``end_date_text``
      as the source dates it, ``end_source_id``); 'end_date_not_known' — an end event
      without a date: the holder's status is unknown;
    - 'term_ended', 'not_yet', 'validity_not_known'.

    ``successor_recorded`` is false when no row of the region is in office on that date:
    then say "governor resigned in …; successor not recorded", never show the old holder as
    governor. Pass ``queries.reference_date(run)`` for "now"."""
    return run(
        f"""
        with p as (select ?::date as d, ?::varchar as r),
        g as (
            select g.*,
                   case
                       when g.valid_from_date is null and g.valid_to_date is null
                           then 'validity_not_known'
                       when g.valid_from_date is not null and p.d < g.valid_from_date
                           then 'not_yet'
                       when g.end_event is not null and g.end_date is null
                           then 'end_date_not_known'
                       when g.end_event is not null and p.d >= g.end_date then 'ended'
                       when g.valid_to_date is not null and p.d > g.valid_to_date
                           then 'term_ended'
                       when g.valid_from_date is null then 'validity_not_known'
                       when g.confirmed then 'in_office'
                       else 'unconfirmed'
                   end as status_on_date
            from governors g cross join p
            where p.r is null or g.region_code = p.r
        )
        select g.region_code, g.term, g.name_el, g.name_en, g.party, g.confirmed,
               g.status_note, g.valid_from_date, g.valid_to_date, g.validity_basis,
               g.end_event, g.end_date_text, g.end_date, g.end_source_id, g.status_on_date,
               exists (select 1 from g h
                       where h.region_code = g.region_code
                         and h.status_on_date in ('in_office', 'unconfirmed'))
                   as successor_recorded,
               g.source_id, {_SOURCE_COLS}
        from g left join sources s on s.source_id = g.source_id
        order by g.region_code, g.valid_from_date desc nulls last, g.term desc""",
        [on_date, region_code],
    )
