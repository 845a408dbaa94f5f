-- Mart: the partners that report activities (the Directorate's list; nothing bundled).
with final as (
    select partner_id, coalesce(name_el, name_en) as name_el, name_en, kind, url
    from raw_partners
)
select * from final
