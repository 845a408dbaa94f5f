-- Mart: stg_asylum_offices without the load bookkeeping (_file, _line). Pages read this table.
with final as (
    select * exclude (_file, _line) from stg_asylum_offices
)
select * from final
