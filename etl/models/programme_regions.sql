-- Mart: which programme has a documented link to which region, on what basis, and what the
-- link is. One row per programme × region × basis × reference (event id, metric,
-- municipality); a link is only ever derived from a sourced row, never assumed from a
-- programme's scope.
--   basis           link_kind  presence  what it says
--   coverage        operates   true      a regional figure in programme_coverage (not 'EL')
--   municipal_item  operates   true      a municipal item of the programme (HELIOS learning
--                                        centre, ESTIA places): items named '<programme>_…'
--                                        (the longest matching programme id wins)
--   event           event      false     one event of the programme held in the region
--   visit           visit      false     the region was briefed on the programme (status
--                                        'briefed' only: a scheduled briefing is no link)
-- presence = the programme is documented as operating in the region. An event or a briefing
-- is a link of its own kind: say "hosted the 2003 conference", never "present in".
-- title_el / title_en name the link (metric, event title, municipality).
with metric_names as (
    select metric_id, name_el, name_en from raw_metrics
),
coverage as (
    select distinct c.programme_id, c.region_code, 'coverage' as basis, c.metric as ref,
           c.period as reference_date, c.source_id, 'operates' as link_kind, true as presence,
           coalesce(m.name_el, c.metric) as title_el, coalesce(m.name_en, c.metric) as title_en
    from stg_programme_coverage c
    left join metric_names m on m.metric_id = c.metric
    where c.region_code <> 'EL'
),
visit as (
    select programme_id, region_code, 'visit' as basis, status as ref,
           date_text as reference_date, source_id, 'visit' as link_kind, false as presence,
           'Ενημέρωση της Περιφέρειας για το πρόγραμμα' as title_el,
           'Briefing of the region on the programme' as title_en
    from stg_visits
    where status = 'briefed'
),
event as (
    select programme_id, region_code, 'event' as basis, event_id as ref,
           start_text as reference_date, source_id, 'event' as link_kind, false as presence,
           title_el, title_en
    from stg_events
    where region_code is not null and programme_id is not null
),
municipal as (
    select p.programme_id, m.region_code, 'municipal_item' as basis,
           m.municipality || ': ' || m.item as ref,
           m.reference_date, m.source_id, 'operates' as link_kind, true as presence,
           coalesce(n.name_el, m.item) || ' — '
               || coalesce(m.municipality_el, m.municipality) as title_el,
           coalesce(n.name_en, m.item) || ' — ' || m.municipality as title_en
    from stg_municipal_integration m
    join stg_programmes p on starts_with(m.item, p.programme_id || '_')
    left join metric_names n on n.metric_id = m.item
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
