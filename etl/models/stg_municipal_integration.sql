-- Municipal integration items (CNI membership, integration councils, learning centres …).
with final as (
    select municipality, region as region_code, item, value, unit, reference_date,
           reference_date_start, source_id, coalesce(confidence, 'high') as confidence, note,
           _file, _line
    from raw_municipal_integration
)
select * from final
