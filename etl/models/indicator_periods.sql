-- Which periods each indicator has, and for how many regions: drives the selectors.
-- period null = figures without a reference date (listed last).
with final as (
    select indicator_id, period, min(period_start) as period_start,
           max(period_end) as period_end, min(period_precision) as period_precision,
           count(*) as n_regions, count(*) filter (where qualifier = '=') as n_plain
    from region_indicator_values
    group by indicator_id, period
)
select * from final
order by indicator_id, period_start nulls last
