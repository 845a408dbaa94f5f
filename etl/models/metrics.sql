-- What each programme_coverage metric and municipal_integration item counts, in both
-- languages (metrics.csv). Every metric used in the data has a row: one without a definition
-- keeps its code as name and defined = false (the app then shows the code, never a guess).
with defined as (
    select metric_id, applies_to, name_el, name_en, unit, description_el, description_en,
           true as defined
    from raw_metrics
),

used as (
    select distinct metric as metric_id, 'programme_coverage' as applies_to, unit
    from raw_programme_coverage
    union
    select distinct item, 'municipal_integration', null from raw_municipal_integration
),

undefined as (
    select metric_id, min(applies_to) as applies_to, metric_id as name_el,
           metric_id as name_en, min(unit) as unit, null as description_el,
           null as description_en, false as defined
    from used
    anti join defined using (metric_id)
    group by metric_id
),

final as (
    select * from defined
    union all
    select * from undefined
)

select * from final
order by metric_id
