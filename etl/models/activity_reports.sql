-- Mart: activity reports with the indicator's unit; `file` is the report file (the source).
-- value: a count in `unit` (persons, sessions, households, referrals) for one month.
with final as (
    select r.partner_id, r.programme_id, r.activity_id, r.sector_id, r.indicator_id,
           i.unit, r.region_code, r.municipality_code, r.month, r.month_start, r.value,
           r.start_text, r.end_text, r.status, r.note, r._file as file, r._line as line
    from stg_activity_reports r
    join activity_indicators i on i.indicator_id = r.indicator_id
)
select * from final
