-- Capacity and occupancy of a site on a date (persons / places).
with final as (
    select site_id, date as date_text, date_start as snapshot_date, date_precision,
           capacity, occupancy, source_id, coalesce(confidence, 'high') as confidence,
           note, _file, _line
    from raw_site_snapshots
)
select * from final
