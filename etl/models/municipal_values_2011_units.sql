-- Mart: figures of a 2011 (Kallikratis) municipality split in 2019 into several 2021
-- municipalities (Corfu, Kefalonia, Lesvos, Samos, Servia-Velventos): they belong to the
-- former unit as a whole (codes_2021 lists its parts) and are never given to one part.
with final as (
    select c.elstat_municipality_code as code_2011, c.municipality_name_latin as name_2011,
           string_agg(x.code_2021, ';' order by x.code_2021) as codes_2021,
           'census2001_non_greek_share' as indicator_id, '2001' as period,
           any_value(c.value) as value, any_value(c.source_id) as source_id
    from raw_municipal_census2001 c
    join seed_municipalities_2011 x on x.code_2011 = c.elstat_municipality_code
    where c.indicator = 'share_non_greek_citizens' and x.split
    group by all
)
select * from final
order by code_2011
