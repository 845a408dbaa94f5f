-- Mart: the report files loaded (the sources of the activity figures): partner(s), rows,
-- months covered and the latest month reported.
with final as (
    select _file as file, string_agg(distinct partner, ', ' order by partner) as partners,
           count(*) as rows, min(month) as first_month, max(month) as latest_month
    from raw_activity_reports
    group by _file
)
select * from final
