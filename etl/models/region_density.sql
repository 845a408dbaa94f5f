-- Population density by region, and what it is computed from: the census population of
-- census_population for the latest census year (its basis in population_basis) divided by the
-- headline area figure. The area's sources give no reference date, so area_period is null
-- and the density has no reference date of its own beyond the population's: views say
-- "residents per km², population <period>, area: reference date not given".
-- Only plain values are divided; no row where either is missing or a bound.
with pop as (
    select * from census_population
    qualify row_number() over (partition by region_code order by census_year desc) = 1
),

area as (
    select * from latest_region_indicator
    where indicator_id = 'area_km2' and qualifier = '=' and value > 0
),

final as (
    select p.region_code, p.population / a.value as density,
           p.population, p.indicator_id as population_indicator_id,
           p.period as population_period, p.revision as population_basis,
           p.source_id as population_source_id,
           a.value as area_km2, a.period as area_period, a.latest_status as area_latest_status,
           a.source_id as area_source_id, a.confidence as area_confidence
    from pop p
    join area a using (region_code)
)

select * from final
order by region_code
