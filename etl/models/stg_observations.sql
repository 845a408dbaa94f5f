-- One row per area × indicator × period. region_code 'EL' is Greece as a whole.
-- qualifier: '=' plain, '<' '<=' '>' '>=' bounds, '~' about, 'range' value..value_high.
-- Eurostat files loaded through --input add their regional values (eurostat_region_values,
-- only where a value could be published or summed); their flags are kept in note, and a
-- 'u' (low reliability) flag makes the confidence low.
with reported as (
    select region as region_code, region_given, indicator as indicator_id,
           period, period_start, period_end, period_precision,
           year(period_start) as period_year,
           value, qualifier, value_high, unit, source_id,
           coalesce(confidence, 'high') as confidence, note, _file, _line
    from raw_observations
),

eurostat as (
    select region_code, null::varchar as region_given, indicator_id,
           period, period_start, period_end, period_precision,
           year(period_start) as period_year,
           value, '=' as qualifier, null::double as value_high, null::varchar as unit,
           source_id,
           case when contains(flags, 'u') then 'low' else 'high' end as confidence,
           'Eurostat ' || dataset
               || case basis when 'sum_of_nuts3' then '; sum of ' || n_units || ' NUTS-3 units'
                             when 'ratio' then '; share computed from the same file'
                             else '; as published' end
               || case when flags <> '' then '; flags: ' || flags else '' end as note,
           'eurostat' as _file, null::bigint as _line
    from eurostat_region_values
    where value is not null
),

final as (
    select * from reported
    union all by name
    select * from eurostat
)

select * from final
