-- Observations that name a municipality (a Directorate's own file): one row per
-- municipality × indicator × period. municipality holds the ELSTAT 2021 code (resolved by
-- etl.municipal), municipality_given the text of the file; region_code is the
-- municipality's region. They never enter the regional tables.
with final as (
    select municipality as code, municipality_given, region as region_code,
           indicator as indicator_id, period, period_start, period_end,
           coalesce(period_precision, 'unknown') as period_precision,
           value, coalesce(qualifier, '=') as qualifier, value_high, unit, source_id,
           coalesce(confidence, 'high') as confidence, note, revision, _file, _line
    from raw_observations
    where municipality is not null
)
select * from final
