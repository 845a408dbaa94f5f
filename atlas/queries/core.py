"""One function per question the pages ask. Marts only, parameterised, always ORDER BY.

Each function takes ``run(sql, params) -> DataFrame`` (``atlas.ui.runner()`` in the app, a
plain connection in tests) so the questions stay testable without Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

Runner = Callable[[str, Sequence], pd.DataFrame]

_SOURCE_COLS = """s.publisher as source_publisher, s.title as source_title,
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
    """Indicators with at least one regional value, with their periods (for selectors)."""
    return run(
        """
        select i.indicator_id, i.name_el, i.name_en, i.unit, i.kind,
               i.description_el, i.description_en,
               count(distinct p.period) as n_periods,
               arg_max(p.period, p.period_end) as latest_period
        from indicators i
        join indicator_periods p using (indicator_id)
        group by all
        order by i.indicator_id""",
        [],
    )


def indicator_periods(run: Runner, indicator_id: str) -> pd.DataFrame:
    return run(
        """select period, period_start, period_end, n_regions, n_plain
                  from indicator_periods where indicator_id = ?
                  order by period_end desc, period""",
        [indicator_id],
    )


def indicator_map_values(run: Runner, indicator_id: str, period: str) -> pd.DataFrame:
    """All 13 regions for one indicator and period; regions without a figure have null value."""
    return run(
        f"""
        select r.region_code, r.name_el, r.name_en,
               v.value, v.qualifier, v.value_high, v.unit, v.kind, v.per_1000,
               v.per_1000_high, v.share_of_national_pct, v.national_value, v.national_basis,
               v.rank, v.n_ranked, v.census_year, v.population, v.confidence, v.note,
               v.source_id, {_SOURCE_COLS}
        from regions r
        left join region_indicator_values v
               on v.region_code = r.region_code and v.indicator_id = ? and v.period = ?
        left join sources s on s.source_id = v.source_id
        order by r.region_code""",
        [indicator_id, period],
    )


def national_value(run: Runner, indicator_id: str, period: str) -> pd.DataFrame:
    return run(
        f"""
        select n.value, n.qualifier, n.value_high, n.unit, n.basis, n.source_id, {_SOURCE_COLS}
        from national_values n left join sources s on s.source_id = n.source_id
        where n.indicator_id = ? and n.period = ?
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
               {_SOURCE_COLS}
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
        select s.source_id, s.publisher, s.title, s.url, s.reference_date, s.licence, s.notes,
               a.indicators, coalesce(a.n_regions, 0) as n_regions
        from sources s left join agg a using (source_id)
        order by s.publisher, s.title""",
        [],
    )


def coverage_matrix(run: Runner) -> pd.DataFrame:
    return run(
        """select c.indicator_id, i.name_el, i.name_en, c.region_code, c.n_periods,
                         c.latest_period, c.has_data
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
