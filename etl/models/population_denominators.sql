-- Every census population that may divide another figure: one row per region × population
-- indicator × census year. Population indicators are those marked role 'population' in
-- indicators.csv (stg_indicators).
-- revision_rank orders the bases: final (0) > revised (1) > not stated (2) > provisional (3).
with final as (
    select o.region_code, o.period_year as census_year, o.indicator_id, o.period,
           o.value as population, o.revision,
           case o.revision when 'final' then 0 when 'revised' then 1
                           when 'provisional' then 3 else 2 end as revision_rank,
           o.source_id, o.confidence
    from stg_observations o
    join stg_indicators i using (indicator_id)
    where i.role = 'population'
      and o.qualifier = '=' and o.region_code <> 'EL'
      and o.period_precision in ('year', 'month', 'day')
)
select * from final
order by region_code, census_year, indicator_id
