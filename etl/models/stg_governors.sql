-- Regional governors by term; confirmed = false marks results the source left open.
with final as (
    select region as region_code, term, name_en, name_el, party,
           coalesce(confirmed, true) as confirmed, status_note, source_id, _file, _line
    from raw_governors
)
select * from final
