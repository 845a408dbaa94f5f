-- The headline figure of each indicator in each region (one row per region × indicator),
-- by the period model (docs/data-model.md, atlas/periods.py):
--   latest_status 'latest'  it ends last and overlaps no other figure: "the latest figure"
--                 'overlap' several figures could be the latest (overlapping or undated
--                           periods): this one is shown first by the headline rule (finer
--                           period, then higher confidence, then later end) and the view must
--                           say so and show other_periods beside it; never "latest"
--                 'undated' the only figure has no reference date
--   latest_reason null, 'overlapping_periods' or 'reference_date_not_given'
--   n_candidates  how many figures could be the latest; other_periods lists the others
--                 ('' stands for a figure without a reference date)
with candidates as (
    select region_code, indicator_id, count(*) as n_candidates,
           string_agg(coalesce(period, ''), '; ' order by period_end desc nulls last, period)
               filter (where not is_headline) as other_periods
    from region_indicator_values
    where on_frontier
    group by region_code, indicator_id
),

final as (
    select v.*, c.n_candidates, c.other_periods
    from region_indicator_values v
    join candidates c using (region_code, indicator_id)
    where v.is_headline
)

select * from final
order by indicator_id, region_code
