-- Regional Asylum Offices and Asylum Units (no counts per office are public). office_el: the
-- official Greek name («Περιφερειακό Γραφείο Ασύλου …», «Αυτοτελές Κλιμάκιο Ασύλου …»).
with final as (
    select office, office_el, office_type, seat, region as region_code, status_date, source_id,
           coalesce(confidence, 'medium') as confidence, note, _file, _line
    from raw_asylum_offices
)
select * from final
