"""What differs between two databases of the atlas: every regional figure added, changed or
removed (``atlas.changes`` words it; ``python -m etl --diff`` and the pages use it).

The runner here sees two catalogs: ``o`` (the older version) and ``n`` (the newer one), each
a whole atlas database attached read-only (``atlas.changes.attach_pair``). Marts only, plus
``stg_observations`` for the file each figure came from.

A figure is one row of ``region_indicator_values``: region × indicator × period (the key of
the observations). What happened to it:

- ``new_period``   a figure for a period the region and indicator had nothing for, starting
                   after every period the older version held (a newer figure);
- ``added``        a figure for a period the older version did not hold, not after the ones
                   it did (the first figure, an earlier or undated period filled in);
- ``revised``      the same period and the same series and source, another value, qualifier,
                   upper bound, unit or revision (provisional → final);
- ``source_changed`` the same period from another source or series;
- ``removed``      a figure the newer version no longer holds.
Nothing else counts: ranks, shares and rates that moved because another figure did are not
changes of a figure.
"""

from __future__ import annotations

import pandas as pd

from atlas.queries.core import Runner

_SIDE = """
{c} as (
    select v.region_code, v.indicator_id, v.period, v.period_start, v.value, v.qualifier,
           v.value_high, v.unit, v.source_id, v.series_key, v.revision, f.file,
           row_number() over (partition by v.region_code, v.indicator_id, v.period
                              order by v.series_key, v.source_id) as k
    from {c}.region_indicator_values v
    left join (select region_code, indicator_id, period, min(_file) as file
               from {c}.stg_observations group by all) f
      on f.region_code = v.region_code and f.indicator_id = v.indicator_id
     and f.period is not distinct from v.period
)"""

_OLD_SIDE = _SIDE.format(c="o")
_NEW_SIDE = _SIDE.format(c="n")

_FIGURES_SQL = f"""
with {_OLD_SIDE}, {_NEW_SIDE},
before as (
    select region_code, indicator_id, max(period_start) as last_start, count(*) as n_old
    from o group by region_code, indicator_id
),
j as (
    select coalesce(n.region_code, o.region_code) as region_code,
           coalesce(n.indicator_id, o.indicator_id) as indicator_id,
           coalesce(n.period, o.period) as period,
           coalesce(n.period_start, o.period_start) as period_start,
           case
             when o.region_code is null then
               case when b.n_old > 0 and n.period_start > b.last_start then 'new_period'
                    else 'added' end
             when n.region_code is null then 'removed'
             when o.source_id is distinct from n.source_id
               or o.series_key is distinct from n.series_key then 'source_changed'
             when row(o.value, o.qualifier, o.value_high, o.unit, o.revision)
                  is distinct from row(n.value, n.qualifier, n.value_high, n.unit, n.revision)
               then 'revised'
           end as change,
           o.value as old_value, o.qualifier as old_qualifier, o.value_high as old_value_high,
           o.unit as old_unit, o.source_id as old_source_id, o.series_key as old_series_key,
           o.revision as old_revision, o.file as old_file,
           n.value as new_value, n.qualifier as new_qualifier, n.value_high as new_value_high,
           n.unit as new_unit, n.source_id as new_source_id, n.series_key as new_series_key,
           n.revision as new_revision, n.file as new_file
    from o full outer join n
      on o.region_code = n.region_code and o.indicator_id = n.indicator_id
     and o.period is not distinct from n.period and o.k = n.k
    left join before b
      on b.region_code = n.region_code and b.indicator_id = n.indicator_id
),
ind as (
    select indicator_id, name_el, name_en from n.indicators
    union all
    select indicator_id, name_el, name_en from o.indicators
    where indicator_id not in (select indicator_id from n.indicators)
),
reg as (
    select region_code, name_el, name_en from n.regions
    union all
    select region_code, name_el, name_en from o.regions
    where region_code not in (select region_code from n.regions)
)
select j.region_code, r.name_el as region_el, r.name_en as region_en,
       j.indicator_id, i.name_el as indicator_el, i.name_en as indicator_en,
       j.period, j.change,
       j.old_value, j.old_qualifier, j.old_value_high, j.old_unit, j.old_source_id,
       so.publisher as old_publisher, so.title as old_title, j.old_series_key,
       j.old_revision, j.old_file,
       j.new_value, j.new_qualifier, j.new_value_high, j.new_unit, j.new_source_id,
       sn.publisher as new_publisher, sn.title as new_title, j.new_series_key,
       j.new_revision, j.new_file
from j
left join ind i on i.indicator_id = j.indicator_id
left join reg r on r.region_code = j.region_code
left join o.sources so on so.source_id = j.old_source_id
left join n.sources sn on sn.source_id = j.new_source_id
where j.change is not null
  and ($region is null or j.region_code = $region)
order by j.region_code, j.indicator_id, j.period_start nulls last, j.period nulls last, j.change
"""


def figure_changes(run: Runner, region_code: str | None = None) -> pd.DataFrame:
    """Every figure that differs between ``o`` and ``n`` (one region, or all of them)."""
    return run(_FIGURES_SQL, {"region": region_code})
