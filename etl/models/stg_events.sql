-- Activities (EIN, Budapest Process, HELIOS milestones). A missing end means a one-off
-- event: it ends when it starts (at the start's precision). Undated events keep null dates.
with final as (
    select event_id, title_el, title_en,
           "start" as start_text, start_start as start_date, start_precision,
           coalesce("end", "start") as end_text,
           coalesce(end_end, start_end) as end_date,
           coalesce(end_precision, start_precision) as end_precision,
           place, region as region_code, country, partners, process, programme_id,
           source_id, note, _file, _line
    from raw_events
)
select * from final
