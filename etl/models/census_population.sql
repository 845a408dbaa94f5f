-- Census population by region and census year (persons): the denominators of per-1,000 rates.
with final as (
    select region_code, period_year as census_year, value as population, source_id
    from stg_observations
    where indicator_id = 'population_census' and qualifier = '=' and region_code <> 'EL'
)
select * from final
