-- One row per area × indicator × period. region_code 'EL' is Greece as a whole.
-- qualifier: '=' plain, '<' '<=' '>' '>=' bounds, '~' about, 'range' value..value_high.
with final as (
    select region as region_code, region_given, indicator as indicator_id,
           period, period_start, period_end, period_precision,
           year(period_start) as period_year,
           value, qualifier, value_high, unit, source_id,
           coalesce(confidence, 'high') as confidence, note, _file, _line
    from raw_observations
)
select * from final
