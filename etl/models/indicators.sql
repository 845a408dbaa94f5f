-- Mart: stg_indicators without the load bookkeeping (_file, _line). Pages read this table.
with final as (
    select * exclude (_file, _line) from stg_indicators
)
select * from final
