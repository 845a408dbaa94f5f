-- The partners' monthly activity reports (issue 27), SYNTHETIC in tests only: nothing real is
-- bundled. One row per partner × activity × location × month × indicator (etl/activities.py
-- checks it); location is a region and, where given, a municipality (ELSTAT 2021 code).
with final as (
    select partner as partner_id, programme as programme_id, activity as activity_id,
           sector as sector_id, indicator as indicator_id, region as region_code,
           municipality as municipality_code, municipality_given, month, month_start,
           value, start as start_text, start_start, "end" as end_text, end_end, status,
           note, _file, _line
    from raw_activity_reports
)
select * from final
