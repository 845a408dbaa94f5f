-- Textual facts about programmes (structure, eligibility, funding), bilingual.
with final as (
    select programme_id, fact, value_el, value_en, reference_date, source_id,
           coalesce(confidence, 'high') as confidence, _file, _line
    from raw_programme_facts
)
select * from final
