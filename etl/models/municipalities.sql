-- Mart: the 332 municipalities of 2021 + Mount Athos (geo/data/municipalities.csv) with their
-- ELSTAT census population 2021 (provisional, 19 July 2022) and 2011. population_source_id
-- names the source; a municipality without a population row has nulls (never estimated).
with final as (
    select m.code, m.name_el, m.name_en, m.region_code, m.nuts3_code,
           p.population_2021, p.population_2011, p.source_id as population_source_id,
           m.code = '9901' as is_mount_athos
    from seed_municipalities m
    left join stg_municipal_population p using (code)
)
select * from final
order by code
