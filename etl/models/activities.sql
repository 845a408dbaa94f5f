-- Mart: kinds of integration activity, each in one sector (data/raw/activities.csv).
with final as (
    select * exclude (_file, _line) from raw_activities
)
select * from final
