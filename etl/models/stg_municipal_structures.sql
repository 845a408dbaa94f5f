-- Integration structures known in a municipality, one row per (municipality, structure,
-- source): what a source says, never what is absent. A row names a 2021 municipality by
-- its ELSTAT code; a row of a pre-2019 municipality since split ("5301;5302": the ΚΕΜ of the
-- former municipality of Lesvos) gives each part a row with scope 'former_municipality'.
--   kind    kem | cities_network | semp | helios | reception_site
--   status  known (the source shows it exists or existed) | call (an open call to set it
--           up) | announced (an intention) — a call or an intention is not proof.
with collected as (
    select 'kem' as kind, municipality as place, indicator, value, period, reference_date,
           source_id, confidence, notes, municipality_code
    from raw_municipal_kem where indicator = 'has_migrant_integration_centre_KEM'
    union all
    select 'cities_network', municipality, indicator, value, period, reference_date,
           source_id, confidence, notes, municipality_code
    from raw_municipal_cni where indicator = 'member_of_CNI'
    union all
    select 'semp', municipality, indicator, value, period, reference_date, source_id,
           confidence, notes, municipality_code
    from raw_municipal_councils where municipality_code is not null
    union all
    select 'helios', place, indicator, value, period, reference_date, source_id, confidence,
           notes, municipality_code
    from raw_municipal_helios
    where indicator in ('HELIOS_plus_centre_exists', 'HELIOS_pilot_2018_planned_target_group')
),

parts as (
    select c.*, unnest(string_split(c.municipality_code, ';')) as code,
           case when contains(c.municipality_code, ';') then 'former_municipality'
                else 'municipality' end as scope
    from collected c
    where c.municipality_code is not null
),

from_files as (
    select code, kind,
           case when indicator like 'call_to_constitute%' then 'call' else 'known' end
               as status,
           case kind
               when 'kem' then 'Κέντρο Ένταξης Μεταναστών (ΚΕΜ)'
               when 'cities_network' then 'Μέλος του Δικτύου Πόλεων για την Ένταξη'
               when 'semp' then 'Συμβούλιο Ένταξης Μεταναστών (και Προσφύγων) (ΣΕΜ/ΣΕΜΠ)'
               else case indicator when 'HELIOS_plus_centre_exists' then 'Κέντρο HELIOS+'
                         else 'Πιλοτικό HELIOS 2018' end
           end as name_el,
           case kind
               when 'kem' then 'Migrant Integration Centre (ΚΕΜ)'
               when 'cities_network' then 'Member of the Cities Network for Integration'
               when 'semp' then 'Migrant (and Refugee) Integration Council (ΣΕΜ/ΣΕΜΠ)'
               else case indicator when 'HELIOS_plus_centre_exists' then 'HELIOS+ centre'
                         else 'HELIOS 2018 pilot town' end
           end as name_en,
           place as source_place, value || coalesce(' · ' || period, '') as known,
           reference_date, source_id, confidence, scope, notes as note, null as item_id
    from parts
),

integration as (
    -- the atlas' earlier municipal file: example councils (also 'announced') and HELIOS
    -- learning centres, placed through their region (etl/municipal.py)
    select c.municipality_code as code,
           case i.item when 'integration_council' then 'semp' else 'helios' end as kind,
           case when lower(i.value) = 'yes' then 'known' else 'announced' end as status,
           case i.item when 'integration_council'
                then 'Συμβούλιο Ένταξης Μεταναστών (και Προσφύγων) (ΣΕΜ/ΣΕΜΠ)'
                else 'Κέντρο μάθησης HELIOS' end as name_el,
           case i.item when 'integration_council'
                then 'Migrant (and Refugee) Integration Council (ΣΕΜ/ΣΕΜΠ)'
                else 'HELIOS learning centre' end as name_en,
           i.municipality as source_place, coalesce(i.unit, i.value) as known,
           i.reference_date, i.source_id, i.confidence, 'municipality' as scope, i.note,
           null as item_id
    from stg_municipal_integration i
    join seed_municipal_integration_codes c
      on c.municipality = i.municipality and c.region_code is not distinct from i.region_code
    where i.item in ('integration_council', 'helios_learning_centre')
),

sites as (
    select m.municipality_code as code, 'reception_site' as kind, 'known' as status,
           s.name_el, s.name_en, s.municipality as source_place,
           coalesce(s.site_type, '') as known, null as reference_date, s.source_id,
           null as confidence, 'municipality' as scope, s.note, s.site_id as item_id
    from stg_sites s
    join seed_site_municipalities m using (site_id)
),

final as (
    select code, kind, status, name_el, name_en, known, reference_date, source_id,
           coalesce(confidence, 'high') as confidence, scope, source_place, note, item_id
    from (select * from from_files union all by name select * from integration
          union all by name select * from sites)
)
select * from final
