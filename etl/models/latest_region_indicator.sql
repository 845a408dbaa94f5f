-- The most recent value of each indicator in each region (one row per region × indicator).
with numbered as (
    select *,
           row_number() over (partition by region_code, indicator_id
                              order by period_end desc, period_start desc) as rn
    from region_indicator_values
),

final as (
    select * exclude (rn) from numbered where rn = 1
)

select * from final
order by indicator_id, region_code
