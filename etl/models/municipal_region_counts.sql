-- One row per region × municipal layer: how many municipalities (or asylum offices) the
-- sources name in the region. Only what a source names is counted: a region without a row
-- has none listed, which is not the same as none existing. names_el/names_other_el: the same
-- names in their Greek form where the raw file gives one (else as recorded).
--   cni_member              members of the Cities Network for Integration (value 'yes')
--   integration_council     Migrant Integration Councils (ΣΕΜ/ΣΕΜΠ) shown as set up ('yes');
--                           n_other counts those only announced
--   helios_learning_centre  towns with a HELIOS integration learning centre ('yes')
--   asylum_office           Regional Asylum Offices and Asylum Units
with municipal as (
    select region_code, item as layer, municipality as name,
           coalesce(municipality_el, municipality) as name_el, value, reference_date, source_id
    from stg_municipal_integration
    where item in ('cni_member', 'integration_council', 'helios_learning_centre')
      and region_code <> 'EL'
),

offices as (
    select region_code, 'asylum_office' as layer, office as name, coalesce(office_el, office) as name_el,
           'yes' as value,
           status_date as reference_date, source_id
    from stg_asylum_offices
),

items as (
    select * from municipal
    union all
    select * from offices
),

final as (
    select region_code, layer,
           count(distinct name) filter (where lower(value) = 'yes') as n,
           count(distinct name) filter (where lower(value) <> 'yes') as n_other,
           string_agg(distinct name, '; ' order by name) filter (where lower(value) = 'yes')
               as names,
           string_agg(distinct name, '; ' order by name) filter (where lower(value) <> 'yes')
               as names_other,
           string_agg(distinct name_el, '; ' order by name_el)
               filter (where lower(value) = 'yes') as names_el,
           string_agg(distinct name_el, '; ' order by name_el)
               filter (where lower(value) <> 'yes') as names_other_el,
           max(reference_date) as latest_reference_date,
           string_agg(distinct source_id, ';' order by source_id) as source_ids
    from items
    group by region_code, layer
)

select * from final
order by layer, region_code
