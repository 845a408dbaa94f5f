-- Regional governors by term; confirmed = false marks results the source left open.
-- Validity: valid_from / valid_to as the row gives them, else the years of the term
-- ('2024-2028' covers 1 Jan 2024 – 31 Dec 2028); validity_basis says which.
-- end_event (resigned, removed, …) with end_date: the end had happened by that date (a
-- source's date, end_source_id); an end event without a date leaves the status unknown.
with parsed as (
    select *,
           try_cast(regexp_extract(term, '^(\d{4})\s*[-–/]\s*\d{4}$', 1) as integer) as term_from,
           try_cast(regexp_extract(term, '^\d{4}\s*[-–/]\s*(\d{4})$', 1) as integer) as term_to
    from raw_governors
),

final as (
    select region as region_code, term, name_en, name_el, party,
           coalesce(confirmed, true) as confirmed, status_note, source_id,
           coalesce(valid_from, cast(term_from as varchar)) as valid_from_text,
           coalesce(valid_from_start, make_date(term_from, 1, 1)) as valid_from_date,
           coalesce(valid_to, cast(term_to as varchar)) as valid_to_text,
           coalesce(valid_to_end, make_date(term_to, 12, 31)) as valid_to_date,
           case when valid_from is not null or valid_to is not null then 'dates'
                when term_from is not null then 'term' end as validity_basis,
           end_event, end_date as end_date_text, end_date_start as end_date,
           end_date_precision, coalesce(end_source_id, source_id) as end_source_id,
           _file, _line
    from parsed
)
select * from final
