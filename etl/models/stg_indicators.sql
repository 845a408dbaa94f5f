-- One row per indicator; kind decides which measures make sense (per 1,000 only for counts).
with final as (
    select indicator_id, name_el, name_en, unit, kind, description_el, description_en,
           _file, _line
    from raw_indicators
)
select * from final
