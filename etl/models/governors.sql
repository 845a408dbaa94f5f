-- Mart: stg_governors without the load bookkeeping (_file, _line). Pages read this table.
with final as (
    select * exclude (_file, _line) from stg_governors
)
select * from final
