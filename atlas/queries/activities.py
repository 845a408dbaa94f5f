"""Questions about the activity register (issue 27): partners' monthly reports and the
reference lists they point to.

Marts only (``activity_reports``, ``partners``, ``sectors``, ``activities``,
``activity_indicators``, ``activity_files``, ``programmes``, ``regions``,
``region_indicator_values``); parameterised; always ordered.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from atlas.queries.core import Runner

FOREIGN_RESIDENTS = "census2021_foreign_citizens"  # census 2021, persons, by region
REACH_INDICATOR = "persons_reached"


def reference_list(run: Runner, name: str) -> pd.DataFrame:
    """One reference list (id, name_el, name_en) for drop-downs and labels."""
    sql = {
        "partner": "select partner_id as id, name_el, name_en from partners order by 1",
        "programme": "select programme_id as id, name_el, name_en from programmes order by 1",
        "sector": "select sector_id as id, name_el, name_en from sectors order by 1",
        "activity": """select activity_id as id, name_el, name_en, sector_id from activities
                       order by 1""",
        "indicator": """select indicator_id as id, name_el, name_en, unit
                        from activity_indicators order by 1""",
        "region": "select region_code as id, name_el, name_en from regions order by 1",
    }[name]
    return run(sql, [])


def report_count(run: Runner) -> int:
    return int(run("select count(*) as n from activity_reports", []).iloc[0]["n"])


_FILTER = """(? is null or r.programme_id = ?) and (? is null or r.sector_id = ?)
             and (? is null or r.partner_id = ?) and (? is null or r.month >= ?)
             and (? is null or r.month <= ?)"""


def _filter_params(filters: Sequence) -> list:
    """(programme, sector, partner, month_from, month_to), None = any: each twice."""
    programme, sector, partner, month_from, month_to = (list(filters) + [None] * 5)[:5]
    return [programme, programme, sector, sector, partner, partner] + [
        month_from,
        month_from,
        month_to,
        month_to,
    ]


def region_totals(run: Runner, indicator: str | None, filters: Sequence = ()) -> pd.DataFrame:
    """Per region: rows, partners, activities, the indicator's sum (its unit) and months."""
    return run(
        f"""select r.region_code, count(*) as reports,
                   count(distinct r.partner_id) as partners,
                   count(distinct r.partner_id || '|' || r.activity_id) as activities,
                   sum(r.value) filter (where r.indicator_id = ?) as indicator_sum,
                   max(r.month) as latest_month
            from activity_reports r
            where {_FILTER}
            group by r.region_code order by r.region_code""",
        [indicator, *_filter_params(filters)],
    )


def months(run: Runner) -> list[str]:
    """Every month some partner reported, in order."""
    return list(run("select distinct month from activity_reports order by 1", [])["month"])


def foreign_residents(run: Runner) -> pd.DataFrame:
    """Census 2021 residents with foreign citizenship per region (the coverage denominator)."""
    return run(
        """select region_code, value as foreign_residents, period
           from region_indicator_values where indicator_id = ?
           qualify row_number() over (partition by region_code order by period desc) = 1
           order by region_code""",
        [FOREIGN_RESIDENTS],
    )


def region_activities(run: Runner, region_code: str) -> pd.DataFrame:
    """What partners reported in one region: partner, activity, sector, months, the latest
    month, and the files (the sources)."""
    return run(
        """select r.partner_id, coalesce(p.name_el, p.name_en) as partner_el,
                  p.name_en as partner_en, r.activity_id, a.name_el as activity_el,
                  a.name_en as activity_en, r.sector_id, count(distinct r.month) as months,
                  max(r.month) as latest_month,
                  string_agg(distinct r.file, ', ' order by r.file) as files
           from activity_reports r
           left join partners p on p.partner_id = r.partner_id
           left join activities a on a.activity_id = r.activity_id
           where r.region_code = ?
           group by all order by r.partner_id, r.activity_id""",
        [region_code],
    )


def synthetic(run: Runner) -> bool:
    """True when the loaded reports are the test set (tests/fixtures/activities): a partner
    or a note says SYNTHETIC. Every view then labels what it shows."""
    df = run(
        """select (exists (select 1 from activity_reports
                           where upper(coalesce(note, '')) like '%SYNTHETIC%'
                              or upper(partner_id) like '%SYNTHETIC%')
                   or exists (select 1 from partners
                              where upper(name_en) like '%SYNTHETIC%')) as s""",
        [],
    )
    return bool(df.iloc[0]["s"])


def built_at(run: Runner) -> str | None:
    df = run("select built_at from build_info order by built_at limit 1", [])
    return str(df.iloc[0]["built_at"])[:10] if len(df) else None


def cells(run: Runner, indicator: str | None, filters: Sequence = ()) -> pd.DataFrame:
    """Per partner × sector × region: activities (partner × activity) and the indicator's sum
    (null where the indicator is not reported) — the who-does-what-where matrices."""
    return run(
        f"""select r.partner_id, r.sector_id, r.region_code,
                   count(distinct r.activity_id) as activities,
                   sum(r.value) filter (where r.indicator_id = ?) as indicator_sum,
                   sum(r.value) filter (where r.indicator_id = ?) as reach
            from activity_reports r
            where {_FILTER}
            group by all order by r.partner_id, r.sector_id, r.region_code""",
        [
            indicator,
            REACH_INDICATOR,
            *_filter_params(filters),
        ],
    )


def monthly(run: Runner, indicator: str | None, filters: Sequence = ()) -> pd.DataFrame:
    """Per month reported: report rows and the indicator's sum (null: not reported)."""
    return run(
        f"""select r.month, count(*) as reports,
                   sum(r.value) filter (where r.indicator_id = ?) as value
            from activity_reports r
            where {_FILTER}
            group by r.month order by r.month""",
        [indicator, *_filter_params(filters)],
    )


def municipal_totals(run: Runner, indicator: str | None, filters: Sequence = ()) -> pd.DataFrame:
    """Per municipality (ELSTAT 2021 code; rows reported for a whole region are not here):
    activities (partner × activity), partners and the indicator's sum."""
    return run(
        f"""select r.municipality_code as code,
                   count(distinct r.partner_id || '|' || r.activity_id) as activities,
                   count(distinct r.partner_id) as partners,
                   sum(r.value) filter (where r.indicator_id = ?) as indicator_sum
            from activity_reports r
            where {_FILTER} and r.municipality_code is not null
            group by r.municipality_code order by r.municipality_code""",
        [indicator, *_filter_params(filters)],
    )
