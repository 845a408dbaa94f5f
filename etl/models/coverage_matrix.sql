-- Indicator × region: how many periods of data and the latest one. Makes gaps visible.
with pairs as (
    select i.indicator_id, r.region_code
    from stg_indicators i
    cross join seed_regions r
),

facts as (
    select indicator_id, region_code, count(*) as n_periods, max(period_end) as latest_end,
           arg_max(period, period_end) as latest_period
    from region_indicator_values
    group by indicator_id, region_code
),

final as (
    select p.indicator_id, p.region_code, coalesce(f.n_periods, 0) as n_periods,
           f.latest_period, f.n_periods is not null as has_data
    from pairs p
    left join facts f using (indicator_id, region_code)
)

select * from final
order by indicator_id, region_code
