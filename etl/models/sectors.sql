-- Mart: sectors of integration activities (a documented default list, data/raw/sectors.csv).
with final as (
    select * exclude (_file, _line) from raw_sectors
)
select * from final
