-- Mart: events with their place resolved to a region where they happened in Greece.
-- in_greece is true when a region is known or the country is Greece.
with final as (
    select * exclude (_file, _line),
           region_code is not null or lower(coalesce(country, '')) in ('greece', 'ελλάδα')
               as in_greece,
           start_date is not null as is_dated
    from stg_events
)
select * from final
