-- Mart: what an activity report counts, with its unit (data/raw/activity_indicators.csv).
with final as (
    select * exclude (_file, _line) from raw_activity_indicators
)
select * from final
