-- Mart: stg_site_snapshots without the load bookkeeping (_file, _line). Pages read this table.
with final as (
    select * exclude (_file, _line) from stg_site_snapshots
)
select * from final
