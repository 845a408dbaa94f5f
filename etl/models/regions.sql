-- The 13 regions (from geo/regions.py) and whether the boundary file has each of them.
with final as (
    select r.region_code, r.iso_code, r.name_el, r.name_en,
           b.region_code is not null as has_boundary
    from seed_regions r
    left join seed_boundary_codes b using (region_code)
)
select * from final
order by region_code
