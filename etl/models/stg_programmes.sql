-- Programmes the Directorate runs or takes part in; dates carry their precision.
-- status_date: when the status took effect (suspended, completed) or was reported (active),
-- with its source (status_source_id, else the programme's source). end_basis 'planned' marks
-- an announced end, 'reported' (the default) an end the source reports.
-- "Running in year X" is atlas.queries.programmes.programme_status_in_year (the rules of
-- atlas.periods.status_in_year): never claimed from a start alone.
with final as (
    select programme_id, name_el, name_en, operator, funder,
           "start" as start_text, start_start as start_date, start_end, start_precision,
           "end" as end_text, end_end as end_date, end_start, end_precision,
           status, description_el, description_en, url, source_id,
           status_date as status_date_text, status_date_start, status_date_end,
           status_date_precision, coalesce(status_source_id, source_id) as status_source_id,
           case when "end" is not null then coalesce(end_basis, 'reported') end as end_basis,
           _file, _line
    from raw_programmes
)
select * from final
