-- Municipal integration items (CNI membership, integration councils, learning centres …).
-- value_qualifier: '>' for "more than 1,500" (default '=' plain). reference_date may be a
-- range ('2016/2021' for a figure cumulative over those years) or empty (not given).
-- municipality_el: the official Greek name (null: not given; pages show the English one).
with final as (
    select municipality, municipality_el, region as region_code, item, value,
           coalesce(value_qualifier, '=') as value_qualifier, unit, reference_date,
           reference_date_start, reference_date_end, reference_date_precision, source_id,
           coalesce(confidence, 'high') as confidence, note, _file, _line
    from raw_municipal_integration
)
select * from final
