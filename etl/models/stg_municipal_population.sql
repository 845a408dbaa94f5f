-- ELSTAT census 2021 provisional results by municipality (19 July 2022): the 2021 and 2011
-- population of each 2021 municipality (332 + Mount Athos), keyed by the ELSTAT 2021 code.
with final as (
    select elstat_municipality_code as code, municipality_name,
           pop_total_2021_provisional as population_2021, pop_total_2011 as population_2011,
           pop_men_2021, pop_women_2021, source_id, coalesce(confidence, 'high') as confidence,
           notes, _file, _line
    from raw_municipal_population
)
select * from final
