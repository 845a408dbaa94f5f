-- Mart: which programme has a documented link to which region, and on what basis.
-- One row per programme × region × basis × reference (event id, metric, municipality);
-- a link is only ever derived from a sourced row, never assumed from a programme's scope.
--   coverage        a regional figure in programme_coverage (not the national 'EL' rows)
--   visit           a row of the regional briefing tour (any status)
--   event           an event of the programme placed in the region
--   municipal_item  a municipal item of the programme (HELIOS learning centres, ESTIA
--                   places): municipal_integration items are named '<programme>_…'
--                   (the longest matching programme id wins)
with coverage as (
    select distinct programme_id, region_code, 'coverage' as basis, metric as ref,
           period as reference_date, source_id
    from stg_programme_coverage
    where region_code <> 'EL'
),
visit as (
    select programme_id, region_code, 'visit' as basis, status as ref,
           date_text as reference_date, source_id
    from stg_visits
),
event as (
    select programme_id, region_code, 'event' as basis, event_id as ref,
           start_text as reference_date, source_id
    from stg_events
    where region_code is not null and programme_id is not null
),
municipal as (
    select p.programme_id, m.region_code, 'municipal_item' as basis,
           m.municipality || ': ' || m.item as ref,
           m.reference_date, m.source_id
    from stg_municipal_integration m
    join stg_programmes p on starts_with(m.item, p.programme_id || '_')
    where m.region_code <> 'EL'
    -- 'helios_successor_x' belongs to helios_successor, not helios: longest id wins
    qualify row_number() over (partition by m.municipality, m.item, m.reference_date
                               order by length(p.programme_id) desc) = 1
),
final as (
    select * from coverage
    union all select * from visit
    union all select * from event
    union all select * from municipal
)
select * from final
