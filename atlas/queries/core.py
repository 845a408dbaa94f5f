"""One function per question the pages ask. Marts only, parameterised, always ORDER BY.

Each function takes ``run(sql, params) -> DataFrame`` (``atlas.ui.runner()`` in the app, a
plain connection in tests) so the questions stay testable without Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

import pandas as pd

Runner = Callable[[str, Sequence], pd.DataFrame]

_SOURCE_COLS = """s.publisher as source_publisher, s.publisher_el as source_publisher_el,
                  s.title as source_title,
                  s.url as source_url, s.reference_date as source_reference_date,
                  s.licence as source_licence"""


def build_info(run: Runner) -> dict:
    df = run("select built_at, manifest from build_info order by built_at limit 1", [])
    return df.iloc[0].to_dict() if len(df) else {}


def regions(run: Runner) -> pd.DataFrame:
    return run(
        """select region_code, iso_code, name_el, name_en from regions
                  order by region_code""",
        [],
    )


def map_indicators(run: Runner) -> pd.DataFrame:
    """Indicators with at least one regional value, with their periods (for selectors).
    ``kind`` 'change' = a % change as published (a scale centred on 0); ``role`` 'population'
    = a census population (no per-1,000 of itself); ``group_id`` = parts of one whole."""
    return run(
        """
        select i.indicator_id, i.name_el, i.name_en, i.unit, i.kind,
               i.description_el, i.description_en, i.role, i.group_id,
               count(distinct p.period) as n_periods,
               arg_max(p.period, p.period_end) as latest_period
        from indicators i
        join indicator_periods p using (indicator_id)
        group by all
        order by i.indicator_id""",
        [],
    )


def indicator_periods(run: Runner, indicator_id: str) -> pd.DataFrame:
    """Periods of one indicator, latest end first. Figures without a reference date have
    period '' (listed last): pass it on as is, format it as "reference date not given"."""
    return run(
        """select coalesce(period, '') as period, period_start, period_end, period_precision,
                  n_regions, n_plain
                  from indicator_periods where indicator_id = ?
                  order by period_end desc nulls last, period""",
        [indicator_id],
    )


def indicator_map_values(run: Runner, indicator_id: str, period: str) -> pd.DataFrame:
    """All 13 regions for one indicator and period ('' = no reference date); regions without a
    figure have null value. ``rank`` is null unless at least 3 regions have a comparable plain
    figure (``rank_status`` says why); ``pct_of_population`` / ``per_1000`` divide by the
    population named in ``denominator_indicator_id`` / ``population_basis``; ``series_key``
    tells which figures share a definition."""
    return run(
        f"""
        select r.region_code, r.name_el, r.name_en,
               v.value, v.qualifier, v.value_high, v.unit, v.kind, v.per_1000,
               v.per_1000_high, v.share_of_national_pct, v.national_value, v.national_basis,
               v.rank, v.n_ranked, v.census_year, v.population, v.confidence, v.note,
               v.pct_of_population, v.pct_of_population_high, v.population_basis,
               v.denominator_indicator_id, v.denominator_period, v.denominator_source_id,
               v.national_population, v.series_key, v.revision, v.rank_status,
               v.period_precision, v.latest_status, v.is_headline,
               v.source_id, {_SOURCE_COLS}
        from regions r
        left join region_indicator_values v
               on v.region_code = r.region_code and v.indicator_id = ?
              and coalesce(v.period, '') = ?
        left join sources s on s.source_id = v.source_id
        order by r.region_code""",
        [indicator_id, period],
    )


def national_value(run: Runner, indicator_id: str, period: str) -> pd.DataFrame:
    return run(
        f"""
        select n.value, n.qualifier, n.value_high, n.unit, n.basis, n.population,
               n.population_basis, n.pct_of_population, n.per_1000, n.source_id, {_SOURCE_COLS}
        from national_values n left join sources s on s.source_id = split_part(n.source_id, ';', 1)
        where n.indicator_id = ? and coalesce(n.period, '') = ?
        order by n.basis""",
        [indicator_id, period],
    )


def national_key_figures(run: Runner) -> pd.DataFrame:
    """Every national figure with its indicator names and source, newest first."""
    return run(
        f"""
        select n.indicator_id, i.name_el, i.name_en, i.kind, n.period, n.period_start,
               n.period_precision, n.value, n.qualifier, n.value_high,
               coalesce(n.unit, i.unit) as unit, n.basis, n.confidence, n.source_id,
               n.population, n.population_basis, n.pct_of_population, n.per_1000,
               n.census_year, {_SOURCE_COLS}
        from national_values n
        join indicators i using (indicator_id)
        left join sources s on s.source_id = split_part(n.source_id, ';', 1)
        order by n.indicator_id, n.period_end desc""",
        [],
    )


def sources_with_coverage(run: Runner) -> pd.DataFrame:
    """Every source with the indicators and regions it supports (data & sources page)."""
    return run(
        """
        with used as (
            select source_id, indicator_id, region_code from region_indicator_values
            union all
            select source_id, indicator_id, 'EL' from national_values where basis = 'reported'
        ),
        agg as (
            select source_id, string_agg(distinct indicator_id, ', ' order by indicator_id)
                       as indicators,
                   count(distinct region_code) filter (where region_code <> 'EL') as n_regions
            from used group by source_id
        )
        select s.source_id, s.publisher, s.publisher_el, s.title, s.url, s.reference_date,
               s.licence, s.notes, a.indicators, coalesce(a.n_regions, 0) as n_regions
        from sources s left join agg a using (source_id)
        order by s.publisher, s.title""",
        [],
    )


def coverage_matrix(run: Runner) -> pd.DataFrame:
    """Indicator × region. ``status``: 'data', 'no_data' or 'not_public' (a known gap: no
    public figures exist; list it as such, never as "national only"); ``latest_status``
    'overlap' = no single latest period (see latest_region_indicator)."""
    return run(
        """select c.indicator_id, i.name_el, i.name_en, c.region_code, c.n_periods,
                         c.latest_period, c.has_data, c.status, c.availability,
                         c.latest_status
                  from coverage_matrix c join indicators i using (indicator_id)
                  order by c.indicator_id, c.region_code""",
        [],
    )


def indicator(run: Runner, indicator_id: str) -> pd.DataFrame:
    return run(
        """select indicator_id, name_el, name_en, unit, kind, description_el,
                         description_en
                  from indicators where indicator_id = ? order by indicator_id""",
        [indicator_id],
    )


def reference_date(run: Runner) -> date | None:
    """The data's reference date for "who/what is valid now": the day the database was
    built (UTC). Pass it to ``profile.governors_on`` / ``programmes.programme_status_in_year``."""
    info = build_info(run)
    built = info.get("built_at")
    return datetime.fromisoformat(built).date() if isinstance(built, str) and built else None


def indicator_group(run: Runner, group_id: str, region_code: str | None = None) -> pd.DataFrame:
    """The parts of one whole (e.g. place of birth, ``birthplace_2021``) by region: one row per
    region × part, headline figure of each, with the source. ``region_code`` None = all."""
    return run(
        f"""
        select v.region_code, r.name_el as region_name_el, r.name_en as region_name_en,
               v.indicator_id, i.name_el, i.name_en, v.period, v.value, v.qualifier, v.unit,
               v.confidence, v.latest_status, v.note, v.source_id, {_SOURCE_COLS}
        from latest_region_indicator v
        join indicators i using (indicator_id)
        join regions r using (region_code)
        left join sources s on s.source_id = v.source_id
        where i.group_id = ? and (? is null or v.region_code = ?)
        order by v.region_code, v.indicator_id""",
        [group_id, region_code, region_code],
    )


def not_public_indicators(run: Runner) -> pd.DataFrame:
    """Indicators defined only as known gaps (no public figures by region): the coverage
    matrix lists them as "not public"."""
    return run(
        """select indicator_id, name_el, name_en, unit, description_el, description_en
                  from indicators where availability = 'not_public'
                  order by indicator_id""",
        [],
    )


def metrics(run: Runner) -> pd.DataFrame:
    """What each programme metric / municipal item counts (bilingual names that name the
    unit of count). ``defined`` false = no definition in the data: show the code."""
    return run(
        """select metric_id, applies_to, name_el, name_en, unit, description_el,
                         description_en, defined
                  from metrics order by metric_id""",
        [],
    )
