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
    """Every programme with its dates (and precision) and its source. ``status_date_text``:
    since when the status holds (suspended, completed) or when it was reported (active),
    sourced by ``status_source_id``; ``end_basis`` 'planned' = an announced end. For
    "running in year X" use ``programme_status_in_year``, never the dates alone."""
    return run(
        f"""
        select p.programme_id, p.name_el, p.name_en, p.operator, p.funder,
               p.start_text, p.start_date, p.start_precision,
               p.end_text, p.end_date, p.end_precision, p.status, p.status_date_text,
               p.status_date_start, p.status_source_id, p.end_basis,
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
    """Documented programme–region links (basis: coverage, visit, event, municipal_item).
    ``presence`` true only where the programme is documented as operating in the region
    (``link_kind`` 'operates'); an 'event' or a 'visit' is a link of its own kind: say what it
    is (``title_el`` / ``title_en``), never "present in"."""
    return run(
        """select programme_id, region_code, basis, ref, reference_date, source_id,
                  link_kind, presence, title_el, title_en
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
               c.confidence, c.note, m.name_el as metric_name_el,
               m.name_en as metric_name_en, c.source_id, {_SOURCE_COLS}
        from programme_coverage c
        left join metrics m on m.metric_id = c.metric
        left join sources s on s.source_id = c.source_id
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
    ('coverage, event, visit, municipal_item') and the sources that document them.
    ``presence`` true only when the programme is documented as operating in the region;
    ``links_el`` / ``links_en`` say what each link is ("4th Ministerial Conference …")."""
    return run(
        """
        select p.programme_id, p.name_el, p.name_en, p.status, p.start_text, p.end_text,
               string_agg(distinct l.basis, ', ' order by l.basis) as bases,
               bool_or(l.presence) as presence,
               string_agg(distinct l.link_kind, ', ' order by l.link_kind) as link_kinds,
               string_agg(distinct l.title_el, '; ' order by l.title_el) as links_el,
               string_agg(distinct l.title_en, '; ' order by l.title_en) as links_en,
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
        select m.municipality, m.municipality_el, m.region_code, r.name_el, r.name_en, m.value,
               m.value_qualifier, m.reference_date, m.confidence, m.note, m.source_id,
               {_SOURCE_COLS}
        from municipal_integration m
        left join regions r using (region_code)
        left join sources s on s.source_id = m.source_id
        where m.item = ?
        order by m.region_code, m.municipality""",
        [item],
    )


def programme_status_in_year(run: Runner, year: int) -> pd.DataFrame:
    """What may be said about every programme in ``year`` (the rules of
    ``atlas.periods.status_in_year``): ``year_status`` is

    - 'running' (sourced dates cover part of the year: start and end, or start and a later
      halt, or start and an 'active' status dated in or after the year) or 'started' (the
      sourced start falls in the year) — the only two that may be called running;
    - 'suspended' / 'completed' (since ``status_date_text`` or the end), 'ended' (the end,
      ``end_basis`` 'planned' = as announced, is before the year), 'not_started', 'planned';
    - 'end_not_known' (a start but no sourced end, halt or dated status: say "end not known")
      and 'start_not_known'."""
    return run(
        f"""
        with y as (select make_date(?, 1, 1) as y0, make_date(?, 12, 31) as y1),
        p as (
            select p.*, y.y0, y.y1,
                   case when p.status in ('suspended', 'completed') then
                       coalesce(p.status_date_start,
                                case when p.status = 'completed' then p.end_start end)
                   end as halt_start
            from programmes p cross join y
        ),
        st as (
            select p.*,
                   case
                       when p.status = 'planned' and p.start_date is null then 'planned'
                       when p.start_date is not null and p.start_date > p.y1 then 'not_started'
                       when p.halt_start is not null and p.halt_start <= p.y0 then p.status
                       when p.end_date is not null and p.end_date < p.y0 then 'ended'
                       when p.start_date is null then 'start_not_known'
                       when p.start_end >= p.y0 then 'started'
                       when p.end_date is not null then 'running'
                       when p.halt_start is not null then 'running'
                       when p.status = 'active' and p.status_date_end >= p.y0 then 'running'
                       else 'end_not_known'
                   end as year_status
            from p
        )
        select st.programme_id, st.name_el, st.name_en, st.status, st.start_text,
               st.end_text, st.end_basis, st.status_date_text, st.status_source_id,
               st.year_status, st.year_status in ('running', 'started') as running,
               st.source_id, {_SOURCE_COLS}
        from st left join sources s on s.source_id = st.source_id
        order by st.start_date nulls last, st.programme_id""",
        [year, year],
    )
