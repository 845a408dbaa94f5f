-- One row per source. reference_date is what the figures refer to, not the access date.
with final as (
    select source_id, publisher, title, url, reference_date, reference_date_start,
           licence, notes, _file, _line
    from raw_sources
)
select * from final
