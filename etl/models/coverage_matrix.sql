-- Indicator × region: how many periods of data and the headline one. Makes gaps visible.
--   status 'data' | 'no_data' | 'not_public' (the indicator is defined only as a known gap:
--   no public figures by region exist; listed so the matrix can say so)
--   latest_period / latest_status: the headline figure by the period model
--   (latest_region_indicator); latest_status 'overlap' means no single latest period.
with pairs as (
    select i.indicator_id, i.availability, r.region_code
    from stg_indicators i
    cross join seed_regions r
),

facts as (
    select indicator_id, region_code, count(*) as n_periods
    from region_indicator_values
    group by indicator_id, region_code
),

final as (
    select p.indicator_id, p.region_code, coalesce(f.n_periods, 0) as n_periods,
           l.period as latest_period, f.n_periods is not null as has_data,
           l.latest_status, p.availability,
           case when f.n_periods is not null then 'data'
                when p.availability = 'not_public' then 'not_public'
                else 'no_data' end as status
    from pairs p
    left join facts f using (indicator_id, region_code)
    left join latest_region_indicator l using (indicator_id, region_code)
)

select * from final
order by indicator_id, region_code
