-- Programme × area × period × metric; region_code 'EL' = national figure.
with final as (
    select programme_id, region as region_code, period, period_start, period_end,
           period_precision, metric, value, qualifier, value_high, unit, source_id,
           coalesce(confidence, 'high') as confidence, note, _file, _line
    from raw_programme_coverage
)
select * from final
