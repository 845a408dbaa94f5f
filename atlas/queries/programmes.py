"""Questions about programmes, their coverage, events and the regional briefing tour.

Marts only (``programmes``, ``programme_facts``, ``programme_coverage``,
``programme_regions``, ``events``, ``visits``, ``regions``, ``census_population``,
``sources``); parameterised; always ordered. The region profile page uses
``region_programmes``, ``region_events`` and ``region_visit``.
"""

from __future__ import annotations

import pandas as pd

from atlas.queries.core import _SOURCE_COLS, Runner


def programmes(run: Runner) -> pd.DataFrame:
    """Every programme with its dates (and precision) and its source."""
    return run(
        f"""
        select p.programme_id, p.name_el, p.name_en, p.operator, p.funder,
               p.start_text, p.start_date, p.start_precision,
               p.end_text, p.end_date, p.end_precision, p.status,
               p.description_el, p.description_en, p.url, p.source_id, {_SOURCE_COLS}
        from programmes p left join sources s on s.source_id = p.source_id
        order by p.start_date nulls last, p.programme_id""",
        [],
    )


def programme_facts(run: Runner, programme_id: str | None = None) -> pd.DataFrame:
    """Textual facts, each with its reference date, confidence and source."""
    return run(
        f"""
        select f.programme_id, f.fact, f.value_el, f.value_en, f.reference_date,
               f.confidence, f.source_id, {_SOURCE_COLS}
        from programme_facts f left join sources s on s.source_id = f.source_id
        where ? is null or f.programme_id = ?
        order by f.programme_id, f.fact""",
        [programme_id, programme_id],
    )


def programme_regions(run: Runner) -> pd.DataFrame:
    """Documented programme–region links (basis: coverage, visit, event, municipal_item)."""
    return run(
        """select programme_id, region_code, basis, ref, reference_date, source_id
                  from programme_regions
                  order by programme_id, region_code, basis, ref""",
        [],
    )


def coverage(run: Runner, programme_id: str, *, national: bool | None = None) -> pd.DataFrame:
    """Coverage figures of one programme (national rows have region_code 'EL'); ``national``
    True/False keeps only national/regional rows."""
    return run(
        f"""
        select c.programme_id, c.region_code, c.period, c.period_start, c.period_end,
               c.period_precision, c.metric, c.value, c.qualifier, c.value_high, c.unit,
               c.confidence, c.note, c.source_id, {_SOURCE_COLS}
        from programme_coverage c left join sources s on s.source_id = c.source_id
        where c.programme_id = ?
          and (? is null or (c.region_code = 'EL') = ?)
        order by c.metric, c.period_end, c.region_code""",
        [programme_id, national, national],
    )


def regional_metrics(run: Runner, programme_id: str) -> pd.DataFrame:
    """Metric × period pairs that have at least one regional figure (for the map selector)."""
    return run(
        """
        select metric, period, max(period_end) as period_end, any_value(unit) as unit,
               count(*) as n_regions
        from programme_coverage
        where programme_id = ? and region_code <> 'EL'
        group by metric, period
        order by metric, period_end desc, period""",
        [programme_id],
    )


def coverage_map_values(run: Runner, programme_id: str, metric: str, period: str) -> pd.DataFrame:
    """All 13 regions for one metric and period (null value where there is no figure), with
    the census population nearest in time for a per-1,000 rate."""
    return run(
        f"""
        with cov as (
            select * from programme_coverage
            where programme_id = ? and metric = ? and period = ? and region_code <> 'EL'
        ),
        pop as (
            select c.region_code, p.census_year, p.population
            from cov c join census_population p using (region_code)
            qualify row_number() over (
                partition by c.region_code
                order by abs(p.census_year - year(c.period_start)), p.census_year desc) = 1
        )
        select r.region_code, r.name_el, r.name_en, c.value, c.qualifier, c.value_high,
               c.unit, c.confidence, c.note, p.census_year, p.population,
               c.source_id, {_SOURCE_COLS}
        from regions r
        left join cov c using (region_code)
        left join pop p using (region_code)
        left join sources s on s.source_id = c.source_id
        order by r.region_code""",
        [programme_id, metric, period],
    )


def events(run: Runner) -> pd.DataFrame:
    """Every event with its dates (and precision), place, programme name and source."""
    return run(
        f"""
        select e.event_id, e.title_el, e.title_en, e.start_text, e.start_date,
               e.start_precision, e.end_text, e.end_date, e.end_precision, e.place,
               e.region_code, r.name_el as region_name_el, r.name_en as region_name_en,
               e.country, e.partners, e.process, e.programme_id,
               p.name_el as programme_name_el, p.name_en as programme_name_en,
               e.in_greece, e.is_dated, e.note, e.source_id, {_SOURCE_COLS}
        from events e
        left join regions r using (region_code)
        left join programmes p using (programme_id)
        left join sources s on s.source_id = e.source_id
        order by e.start_date nulls last, e.end_date nulls last, e.event_id""",
        [],
    )


def visits(run: Runner, programme_id: str) -> pd.DataFrame:
    """The briefing tour for one programme: all 13 regions; status null = not in the table."""
    return run(
        f"""
        select r.region_code, r.name_el, r.name_en, v.status, v.date_text, v.date_start,
               v.date_precision, v.purpose_el, v.purpose_en, v.note, v.source_id,
               {_SOURCE_COLS}
        from regions r
        left join visits v on v.region_code = r.region_code and v.programme_id = ?
        left join sources s on s.source_id = v.source_id
        order by r.region_code""",
        [programme_id],
    )


# --- per region (for the region profile) -----------------------------------------------------


def region_programmes(run: Runner, region_code: str) -> pd.DataFrame:
    """Programmes with a documented link to the region: one row per programme, the bases
    ('coverage, event, visit, municipal_item') and the sources that document them."""
    return run(
        """
        select p.programme_id, p.name_el, p.name_en, p.status, p.start_text, p.end_text,
               string_agg(distinct l.basis, ', ' order by l.basis) as bases,
               string_agg(distinct l.ref, '; ' order by l.ref) as refs,
               string_agg(distinct l.source_id, '; ' order by l.source_id) as source_ids
        from programme_regions l join programmes p using (programme_id)
        where l.region_code = ?
        group by all
        order by p.programme_id""",
        [region_code],
    )


def region_events(run: Runner, region_code: str) -> pd.DataFrame:
    """Events held in the region, dated first (oldest first), then undated ones."""
    return run(
        f"""
        select e.event_id, e.title_el, e.title_en, e.start_text, e.start_date,
               e.start_precision, e.end_text, e.end_date, e.end_precision, e.place,
               e.process, e.programme_id, e.is_dated, e.note, e.source_id, {_SOURCE_COLS}
        from events e left join sources s on s.source_id = e.source_id
        where e.region_code = ?
        order by e.start_date nulls last, e.event_id""",
        [region_code],
    )


def region_visit(run: Runner, region_code: str) -> pd.DataFrame:
    """Briefing-tour rows for the region (one per programme; empty = not yet briefed).
    ``date_text`` is as the source gives it ('--11-17': no year): format it with
    ``i18n.fmt_partial``, never with a guessed year."""
    return run(
        f"""
        select v.programme_id, p.name_el as programme_name_el,
               p.name_en as programme_name_en, v.status, v.date_text, v.date_start,
               v.date_precision, v.purpose_el, v.purpose_en, v.note, v.source_id,
               {_SOURCE_COLS}
        from visits v
        left join programmes p using (programme_id)
        left join sources s on s.source_id = v.source_id
        where v.region_code = ?
        order by v.programme_id""",
        [region_code],
    )


def municipal_items(run: Runner, item: str) -> pd.DataFrame:
    """Municipal items of one kind (e.g. 'helios_learning_centre') with region and source."""
    return run(
        f"""
        select m.municipality, m.region_code, r.name_el, r.name_en, m.value, m.reference_date,
               m.confidence, m.note, m.source_id, {_SOURCE_COLS}
        from municipal_integration m
        left join regions r using (region_code)
        left join sources s on s.source_id = m.source_id
        where m.item = ?
        order by m.region_code, m.municipality""",
        [item],
    )
