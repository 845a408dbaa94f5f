-- Mart: integration structures known in each 2021 municipality, one row per (municipality,
-- structure, source) — see stg_municipal_structures. A municipality without a row has no
-- record in the atlas, which is not the same as having none.
with final as (
    select * from stg_municipal_structures
)
select * from final
order by code, kind, status, source_id, item_id
