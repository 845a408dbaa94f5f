-- National (Greece) figures: reported 'EL' rows, plus sums of the 13 regions for count
-- indicators where every region has a plain value of the same series (basis says which).
-- confidence of a sum: the lowest of its parts.
-- population / per_1000 / pct_of_population: count indicators only (not populations
-- themselves), divided by the national census population of the nearest census year (the
-- sum of census_population over the 13 regions; population_basis says which basis).
with reported as (
    select indicator_id, period, period_start, period_end, period_precision,
           case when period_precision = 'range' then year(period_end) else period_year end
               as period_year,
           value, qualifier, value_high, unit, source_id, confidence, note,
           'reported' as basis, series_key
    from stg_observations
    where region_code = 'EL'
),

summed as (
    select o.indicator_id, o.period, min(o.period_start) as period_start,
           max(o.period_end) as period_end, min(o.period_precision) as period_precision,
           min(case when o.period_precision = 'range' then year(o.period_end)
                    else o.period_year end) as period_year,
           sum(o.value) as value, '=' as qualifier, null::double as value_high,
           min(coalesce(o.unit, i.unit)) as unit,
           string_agg(distinct o.source_id, ';' order by o.source_id) as source_id,
           case max(case o.confidence when 'low' then 2 when 'medium' then 1 else 0 end)
                when 2 then 'low' when 1 then 'medium' else 'high' end as confidence,
           null as note, 'sum_of_regions' as basis, o.series_key
    from stg_observations o
    join stg_indicators i using (indicator_id)
    where o.region_code <> 'EL' and i.kind = 'count'
    group by o.indicator_id, o.period, o.series_key
    having count(*) = 13 and bool_and(o.qualifier = '=')
),

national_census as (
    select census_year, sum(population) as population,
           case when count(distinct revision) = 1 then min(revision) else 'mixed' end
               as population_basis
    from census_population
    group by census_year
    having count(*) = 13
),

combined as (
    select * from reported
    union all
    select s.* from summed s
    anti join reported r on r.indicator_id = s.indicator_id and r.period = s.period
),

denominator as (
    select c.indicator_id, c.period, c.basis, n.census_year, n.population, n.population_basis
    from combined c
    join national_census n on c.period_year is not null
    qualify row_number() over (
        partition by c.indicator_id, c.period, c.basis
        order by abs(n.census_year - c.period_year), n.census_year desc) = 1
),

final as (
    select c.indicator_id, c.period, c.period_start, c.period_end, c.period_precision,
           c.value, c.qualifier, c.value_high, c.unit, c.source_id, c.confidence, c.note,
           c.basis, c.series_key, d.census_year, d.population, d.population_basis,
           case when i.kind = 'count' and not i.is_population
                     and d.population > 0 then c.value / d.population * 1000 end as per_1000,
           case when i.kind = 'count' and not i.is_population
                     and d.population > 0 then c.value / d.population * 100
           end as pct_of_population
    from combined c
    join (select *, coalesce(role = 'population', false) as is_population
          from stg_indicators) i using (indicator_id)
    left join denominator d
           on d.indicator_id = c.indicator_id and d.period is not distinct from c.period
          and d.basis = c.basis
)

select * from final
order by indicator_id, period
