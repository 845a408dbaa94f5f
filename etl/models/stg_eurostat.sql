-- Eurostat cells for Greece as loaded by etl/eurostat.py (one row per dataset × series × geo
-- × period; value is null when the cell is missing ':' or confidential). The source of a
-- row is the dataset and the day it was downloaded.
with final as (
    select *, 'eurostat_' || dataset || '_' || replace(download_date, '-', '') as source_id
    from raw_eurostat
)
select * from final
