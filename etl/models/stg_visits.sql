-- The Secretary-General's regional briefing tour. A '--MM-DD' date has no year in the
-- source: date_start stays null and precision is 'day_no_year'.
with final as (
    select region as region_code, programme_id, status, date as date_text, date_start,
           date_precision, purpose_el, purpose_en, source_id, note, _file, _line
    from raw_visits
)
select * from final
