-- Programmes the Directorate runs or takes part in; dates carry their precision.
with final as (
    select programme_id, name_el, name_en, operator, funder,
           "start" as start_text, start_start as start_date, start_precision,
           "end" as end_text, end_end as end_date, end_precision,
           status, description_el, description_en, url, source_id, _file, _line
    from raw_programmes
)
select * from final
