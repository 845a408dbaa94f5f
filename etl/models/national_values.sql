-- National (Greece) figures: reported 'EL' rows, plus sums of the 13 regions for count
-- indicators where every region has a plain value (basis says which).
with reported as (
    select indicator_id, period, period_start, period_end, period_precision, value,
           qualifier, value_high, unit, source_id, confidence, note, 'reported' as basis
    from stg_observations
    where region_code = 'EL'
),

summed as (
    select o.indicator_id, o.period, min(o.period_start) as period_start,
           max(o.period_end) as period_end, min(o.period_precision) as period_precision,
           sum(o.value) as value, '=' as qualifier, null::double as value_high,
           min(coalesce(o.unit, i.unit)) as unit, string_agg(distinct o.source_id, ';') as source_id,
           min(o.confidence) as confidence, null as note, 'sum_of_regions' as basis
    from stg_observations o
    join stg_indicators i using (indicator_id)
    where o.region_code <> 'EL' and i.kind = 'count'
    group by o.indicator_id, o.period
    having count(*) = 13 and bool_and(o.qualifier = '=')
),

final as (
    select * from reported
    union all
    select s.* from summed s
    anti join reported r on r.indicator_id = s.indicator_id and r.period = s.period
)

select * from final
order by indicator_id, period
