-- Mart: stg_programme_facts without the load bookkeeping (_file, _line). Pages read this table.
with final as (
    select * exclude (_file, _line) from stg_programme_facts
)
select * from final
