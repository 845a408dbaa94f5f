-- Reception sites (RICs, CCACs, mainland sites), placed by municipality and region.
with final as (
    select site_id, name_en, coalesce(name_el, name_en) as name_el, site_type, municipality,
           regional_unit, region as region_code, source_id, note, _file, _line
    from raw_sites
)
select * from final
