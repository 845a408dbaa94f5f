-- One row per area × indicator × period. region_code 'EL' is Greece as a whole. Rows that
-- name a municipality are municipal figures (stg_municipal_observations), never regional.
-- qualifier: '=' plain, '<' '<=' '>' '>=' bounds, '~' about, 'range' value..value_high.
-- period may be empty (the source gives no reference date): period_start/_end are then null
-- and period_precision is 'unknown' — never a year filled in.
-- series_key: figures of one series share a definition and may be compared (change, trend,
-- rank). The file's series column, else the source: by default figures of different
-- sources are not comparable. revision: provisional / revised / final, where the row says so.
-- Eurostat files loaded through --input add their regional values (eurostat_region_values,
-- only where a value could be published or summed); their flags are kept in note, and a
-- 'u' (low reliability) flag makes the confidence low.
-- One series per Eurostat dataset: downloads of the same dataset share its definition.
with reported as (
    select region as region_code, region_given, indicator as indicator_id,
           period, period_start, period_end,
           coalesce(period_precision, 'unknown') as period_precision,
           year(period_start) as period_year,
           value, qualifier, value_high, unit, source_id,
           coalesce(confidence, 'high') as confidence, note,
           coalesce(series, source_id) as series_key, revision, _file, _line
    from raw_observations
    where municipality is null  -- municipal figures: stg_municipal_observations
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
           'eurostat_' || dataset as series_key,
           null::varchar as revision,  -- Eurostat's 'p' flag stays in note, not a census basis
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
