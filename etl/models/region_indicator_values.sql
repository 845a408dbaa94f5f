-- One row per region × indicator × period with the measures the map offers:
--   value                 as published (with its qualifier: '<0.29' stays a bound)
--   per_1000              count indicators only: value / population of the nearest census × 1,000
--   share_of_national_pct count indicators only: value / national total × 100, where the
--                         national total is the reported 'EL' figure or, failing that, the sum
--                         of all 13 regions when every one of them is a plain number.
-- rank: 1 = highest, among regions with a plain value for the same indicator and period.
with obs as (
    select o.*, i.kind, i.unit as indicator_unit
    from stg_observations o
    join stg_indicators i using (indicator_id)
),

regional as (
    select * from obs where region_code <> 'EL'
),

census as (
    select region_code, census_year, population from census_population
),

nearest_census as (
    select r.region_code, r.indicator_id, r.period, c.census_year, c.population,
           row_number() over (
               partition by r.region_code, r.indicator_id, r.period
               order by abs(c.census_year - r.period_year), c.census_year desc
           ) as rn
    from regional r
    join census c using (region_code)
),

national_reported as (
    select indicator_id, period, value as national_value, qualifier as national_qualifier
    from obs
    where region_code = 'EL'
),

national_summed as (
    select indicator_id, period, sum(value) as national_value
    from regional
    where kind = 'count'
    group by indicator_id, period
    having count(*) = 13 and bool_and(qualifier = '=')
),

ranked as (
    select region_code, indicator_id, period,
           case when qualifier = '=' then
               rank() over (partition by indicator_id, period
                            order by case when qualifier = '=' then value end desc nulls last)
           end as rank,
           count(*) filter (where qualifier = '=') over (partition by indicator_id, period)
               as n_ranked,
           count(*) over (partition by indicator_id, period) as n_regions
    from regional
),

final as (
    select r.region_code, r.indicator_id, r.period, r.period_start, r.period_end,
           r.period_precision, r.period_year, r.value, r.qualifier, r.value_high,
           coalesce(r.unit, r.indicator_unit) as unit, r.kind, r.source_id, r.confidence,
           r.note, nc.census_year, nc.population,
           case when r.kind = 'count' and nc.population > 0
                then r.value / nc.population * 1000 end as per_1000,
           case when r.kind = 'count' and nc.population > 0
                then r.value_high / nc.population * 1000 end as per_1000_high,
           coalesce(nr.national_value, ns.national_value) as national_value,
           case when nr.national_value is not null then 'reported'
                when ns.national_value is not null then 'sum_of_regions' end as national_basis,
           nr.national_qualifier,
           case when r.kind = 'count' and coalesce(nr.national_qualifier, '=') = '='
                     and coalesce(nr.national_value, ns.national_value) > 0
                then r.value / coalesce(nr.national_value, ns.national_value) * 100
           end as share_of_national_pct,
           k.rank, k.n_ranked, k.n_regions
    from regional r
    left join nearest_census nc
        on nc.rn = 1 and nc.region_code = r.region_code
       and nc.indicator_id = r.indicator_id and nc.period = r.period
    left join national_reported nr
        on nr.indicator_id = r.indicator_id and nr.period = r.period
    left join national_summed ns
        on ns.indicator_id = r.indicator_id and ns.period = r.period
    join ranked k
        on k.region_code = r.region_code and k.indicator_id = r.indicator_id
       and k.period = r.period
)

select * from final
order by indicator_id, period, region_code
