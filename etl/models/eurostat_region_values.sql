-- One row per Eurostat indicator × period × area (the 13 regions, and 'EL' where the file
-- gives Greece). basis says where a value comes from:
--   published     the file's own NUTS-2 (or country) figure
--   sum_of_nuts3  the sum of the region's NUTS-3 units (seed_nuts3 = geo/nuts3.csv), made
--                 only when every unit is present and none is confidential
--   ratio         a share computed as numerator ÷ denominator × 100 of two such values
-- Otherwise value is null and reason says why: 'missing' / 'confidential' units (listed),
-- 'confidential_published' (the NUTS-2 cell itself is withheld), 'ratio_incomplete'.
-- flags: every Eurostat flag of the cells that went into the value (e.g. 'p' provisional).
with cells as (
    select * from stg_eurostat where indicator_id is not null
),

keys as (
    select indicator_id, dataset, period, min(period_start) as period_start,
           max(period_end) as period_end, min(period_precision) as period_precision,
           min(source_id) as source_id
    from cells
    group by indicator_id, dataset, period
),

published as (
    select indicator_id, period, region_code, value, flags, confidential, source_id
    from cells
    where geo_level in ('nuts2', 'country')
),

expected as (
    select k.indicator_id, k.period, n.region_code, n.nuts3_code
    from keys k
    cross join seed_nuts3 n
),

components as (
    select e.indicator_id, e.period, e.region_code, e.nuts3_code, c.value, c.flags,
           coalesce(c.confidential, false) as confidential
    from expected e
    left join cells c
           on c.indicator_id = e.indicator_id and c.period = e.period
          and c.geo_level = 'nuts3' and c.nuts3_code = e.nuts3_code
),

summed as (
    select indicator_id, period, region_code,
           count(*) as n_units,
           count(value) as n_units_available,
           sum(value) as total,
           string_agg(nuts3_code, ', ' order by nuts3_code)
               filter (where value is null and not confidential) as missing_units,
           string_agg(nuts3_code, ', ' order by nuts3_code)
               filter (where confidential) as confidential_units,
           array_to_string(list_sort(list_distinct(list_filter(
               flatten(list(string_split(coalesce(flags, ''), ''))), lambda x: x <> ''))), '')
               as flags
    from components
    group by indicator_id, period, region_code
),

areas as (
    select indicator_id, period, region_code from summed
    union
    select indicator_id, period, region_code from published
),

base as (
    select a.indicator_id, k.dataset, a.period, k.period_start, k.period_end,
           k.period_precision, a.region_code,
           case when p.value is not null then p.value
                when p.confidential then null
                when s.n_units_available = s.n_units then s.total end as value,
           case when p.value is not null then 'published'
                when p.confidential then null
                when s.n_units_available = s.n_units then 'sum_of_nuts3' end as basis,
           case when p.value is not null then coalesce(p.flags, '')
                else coalesce(s.flags, '') end as flags,
           s.n_units, s.n_units_available,
           case when p.value is null and not coalesce(p.confidential, false)
                then s.missing_units end as missing_units,
           case when p.value is null and not coalesce(p.confidential, false)
                then s.confidential_units end as confidential_units,
           case when p.value is not null then null
                when p.confidential then 'confidential_published'
                when s.n_units_available = s.n_units then null
                when s.confidential_units is not null and s.missing_units is not null
                    then 'missing_and_confidential'
                when s.confidential_units is not null then 'confidential'
                else 'missing' end as reason,
           coalesce(p.source_id, k.source_id) as source_id
    from areas a
    join keys k using (indicator_id, period)
    left join published p using (indicator_id, period, region_code)
    left join summed s using (indicator_id, period, region_code)
    -- a country row is only ever published, never summed
    where a.region_code <> 'EL' or p.region_code is not null
),

ratios as (
    select i.indicator_id, n.dataset, n.period, n.period_start, n.period_end,
           n.period_precision, n.region_code,
           case when n.value is not null and d.value > 0
                then n.value / d.value * 100 end as value,
           case when n.value is not null and d.value > 0 then 'ratio' end as basis,
           array_to_string(list_sort(list_distinct(list_filter(
               string_split(n.flags || d.flags, ''), lambda x: x <> ''))), '') as flags,
           coalesce(n.n_units, d.n_units) as n_units,
           least(n.n_units_available, d.n_units_available) as n_units_available,
           coalesce(n.missing_units, d.missing_units) as missing_units,
           coalesce(n.confidential_units, d.confidential_units) as confidential_units,
           case when n.value is not null and d.value > 0 then null
                when n.reason is not null then n.reason
                when d.reason is not null then d.reason
                else 'ratio_incomplete' end as reason,
           n.source_id
    from seed_eurostat_indicators i
    join base n on n.indicator_id = i.numerator_id
    join base d on d.indicator_id = i.denominator_id and d.period = n.period
               and d.region_code = n.region_code
),

final as (
    select * from base
    union all
    select * from ratios
)

select * from final
order by indicator_id, period, region_code
