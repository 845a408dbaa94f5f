-- One row per indicator; kind decides which measures make sense (per 1,000 only for counts;
-- 'change' is a % change as published, to be shown on a scale centred on 0).
-- role 'population': a census population usable as the denominator of rates. This is the one
-- place that says which indicators are populations: the models ask the role, never an id. A
-- file without the role column (older templates) has one population, 'population_census'.
-- availability 'not_public': defined only so the atlas can list it as a known gap.
-- group_id: indicators that are parts of one whole (e.g. shares by place of birth).
-- Eurostat indicators (seed_eurostat_indicators, etl/eurostat.py) are added only once a file
-- of their dataset has been loaded; a definition in indicators.csv wins over them.
with bundled as (
    select indicator_id, name_el, name_en, unit, kind, description_el, description_en,
           coalesce(role, case when indicator_id = 'population_census' then 'population' end)
               as role,
           coalesce(availability, 'public') as availability, group_id, _file, _line
    from raw_indicators
),

eurostat as (
    select indicator_id, name_el, name_en, unit, kind, description_el, description_en,
           'public' as availability, 'eurostat' as _file, null::bigint as _line
    from seed_eurostat_indicators
    where indicator_id in (select indicator_id from eurostat_region_values)
      and indicator_id not in (select indicator_id from bundled)
),

final as (
    select * from bundled
    union all by name
    select * from eurostat
)

select * from final
