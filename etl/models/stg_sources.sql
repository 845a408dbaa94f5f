-- One row per source. publisher_el: the publisher's official Greek name (null: none known,
-- pages show the English one). reference_date is what the figures refer to, not the access date.
-- Each Eurostat file loaded through --input is a source: the dataset code and the day it
-- was downloaded (from the file name, else the file's date), with Eurostat's last update.
with bundled as (
    select source_id, publisher, publisher_el, title, url, reference_date, reference_date_start,
           licence, notes, _file, _line
    from raw_sources
),

eurostat as (
    select source_id, 'Eurostat' as publisher, null::varchar as publisher_el,
           min(dataset) || ' — ' || min(dataset_title) || ' (downloaded '
               || min(download_date) || ')' as title,
           'https://ec.europa.eu/eurostat/databrowser/view/' || min(dataset) || '/default/table'
               as url,
           max(period) as reference_date, max(period_start) as reference_date_start,
           'Eurostat copyright notice: reuse authorised, source acknowledged' as licence,
           'Dataset ' || min(dataset) || ' downloaded ' || min(download_date)
               || case min(download_date_basis) when 'file_name' then ' (date in the file name)'
                       else ' (date of the file)' end
               || coalesce('; Eurostat last update ' || nullif(max(last_update), ''), '')
               || '; file(s): ' || string_agg(distinct _file, ', ') as notes,
           'eurostat' as _file, null::bigint as _line
    from stg_eurostat
    group by source_id
),

final as (
    select * from bundled
    union all by name
    select * from eurostat
)

select * from final
