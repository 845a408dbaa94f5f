-- Mart: figures for one 2021 municipality (ELSTAT code), one row per (code, indicator,
-- period, source). Only figures a source gives for that municipality: the census population
-- 2021 (provisional) and 2011; the 2001 share of residents without Greek citizenship where
-- the 2011 municipality is the same unit in 2021 (historical, labelled 2001; a 2011 unit
-- split in 2019 is in municipal_values_2011_units, never given to one part); the HELIOS
-- figures given for one town; and the figures of loaded observations that name a
-- municipality. Nothing is estimated from a regional figure.
with population as (
    select code, (select population_indicator from seed_municipal_settings) as indicator_id,
           '2021' as period,
           population_2021 as value, source_id, confidence, 'provisional' as revision,
           null as note
    from stg_municipal_population
    union all
    select code, (select population_indicator from seed_municipal_settings), '2011',
           population_2011, source_id, confidence, null,
           null
    from stg_municipal_population
),

census2001 as (
    select x.code_2021 as code, 'census2001_non_greek_share' as indicator_id,
           '2001' as period, c.value, c.source_id, coalesce(c.confidence, 'medium') as confidence,
           null as revision,
           'Census 2001 (2011 municipality ' || c.elstat_municipality_code || ' '
               || c.municipality_name_latin || ')' as note
    from raw_municipal_census2001 c
    join seed_municipalities_2011 x on x.code_2011 = c.elstat_municipality_code
    where c.indicator = 'share_non_greek_citizens' and not x.split
),

helios as (
    select municipality_code as code, lower(indicator) as indicator_id,
           case when regexp_full_match(period, '\d{4}(-\d{2})?') then period end as period,
           try_cast(value as double) as value, source_id, coalesce(confidence, 'medium'),
           null, notes
    from raw_municipal_helios
    where municipality_code is not null and not contains(municipality_code, ';')
      and try_cast(value as double) is not null
),

bundled as (
    select *, null as qualifier, null as value_high, 'bundled' as origin from population
    union all
    select *, null, null, 'bundled' from census2001
    union all
    select *, null, null, 'bundled' from helios
),

loaded as (
    select code, indicator_id, period, value, qualifier, value_high, source_id,
           confidence, revision, note, 'observations' as origin
    from stg_municipal_observations
),

final as (
    select code, indicator_id, period, value, coalesce(qualifier, '=') as qualifier,
           value_high, source_id, confidence, revision, note, origin
    from bundled
    union all by name
    select * from loaded
)
select * from final
order by code, indicator_id, period
