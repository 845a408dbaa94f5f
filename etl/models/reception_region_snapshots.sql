-- One row per snapshot date × region: the reception sites a source listed on that date.
-- The figures are sums over the listed sites only, not regional totals: a source that lists
-- the five island centres says nothing about the mainland sites of the same region.
-- capacity / occupancy are summed only when every listed site has the figure (a sum with a
-- gap would read as a smaller number); otherwise they are null and n_with_* says how many do.
-- occupancy_per_1000: occupancy ÷ population of the nearest census (ties: later) × 1,000.
-- confidence: the lowest of the listed rows.
-- capacity_qualifier / occupancy_qualifier: '=' when every part is plain; a sum of parts
-- that are plain or bounds in one direction keeps that direction ('<=' for "up to"); parts
-- bounded both ways give no sum. capacity_basis: 'planned' when every part is a planned
-- capacity, 'reported' when none is; a mix of planned and reported capacities gives no sum.
with snaps as (
    select s.site_id, s.date_text, s.snapshot_date, s.date_precision, s.capacity,
           s.occupancy, s.source_id, s.confidence, t.region_code, s.capacity_qualifier,
           s.occupancy_qualifier, s.capacity_basis
    from stg_site_snapshots s
    join stg_sites t using (site_id)
),

agg0 as (
    select date_text, region_code, min(snapshot_date) as snapshot_date,
           min(date_precision) as date_precision,
           count(*) as n_sites,
           count(capacity) as n_with_capacity,
           count(occupancy) as n_with_occupancy,
           case when count(capacity) = count(*) then sum(capacity) end as capacity_sum,
           case when count(occupancy) = count(*) then sum(occupancy) end as occupancy,
           case when bool_and(capacity_qualifier = '=') filter (where capacity is not null)
                     then '='
                when bool_and(capacity_qualifier in ('=', '~'))
                         filter (where capacity is not null) then '~'
                when bool_and(capacity_qualifier in ('=', '<', '<='))
                         filter (where capacity is not null) then '<='
                when bool_and(capacity_qualifier in ('=', '>', '>='))
                         filter (where capacity is not null) then '>='
           end as capacity_qualifier_sum,
           case when bool_and(occupancy_qualifier = '=') filter (where occupancy is not null)
                     then '='
                when bool_and(occupancy_qualifier in ('=', '~'))
                         filter (where occupancy is not null) then '~'
                when bool_and(occupancy_qualifier in ('=', '<', '<='))
                         filter (where occupancy is not null) then '<='
                when bool_and(occupancy_qualifier in ('=', '>', '>='))
                         filter (where occupancy is not null) then '>='
           end as occupancy_qualifier,
           case when count(capacity) = 0 then null
                when bool_and(capacity_basis = 'planned') filter (where capacity is not null)
                     then 'planned'
                when bool_and(capacity_basis = 'reported') filter (where capacity is not null)
                     then 'reported'
                else 'mixed' end as capacity_basis_sum,
           string_agg(distinct source_id, ';' order by source_id) as source_ids,
           min(source_id) as source_id,
           case min(case confidence when 'low' then 0 when 'medium' then 1 else 2 end)
                when 0 then 'low' when 1 then 'medium' else 'high' end as confidence,
           string_agg(site_id, ';' order by site_id) as site_ids
    from snaps
    group by date_text, region_code
),

agg as (
    select * exclude (capacity_sum, capacity_qualifier_sum, capacity_basis_sum),
           case when capacity_qualifier_sum is not null and capacity_basis_sum <> 'mixed'
                then capacity_sum end as capacity,
           capacity_qualifier_sum as capacity_qualifier,
           capacity_basis_sum as capacity_basis
    from agg0
),

nearest_census as (
    select a.date_text, a.region_code, c.census_year, c.population,
           row_number() over (partition by a.date_text, a.region_code
                              order by abs(c.census_year - year(a.snapshot_date)),
                                       c.census_year desc) as rn
    from agg a
    join census_population c using (region_code)
),

final as (
    select a.*, n.census_year, n.population,
           case when n.population > 0 then a.occupancy / n.population * 1000 end
               as occupancy_per_1000,
           case when a.capacity > 0 then a.occupancy / a.capacity * 100 end
               as occupancy_rate_pct
    from agg a
    left join nearest_census n
           on n.rn = 1 and n.date_text = a.date_text and n.region_code = a.region_code
)

select * from final
order by snapshot_date, date_text, region_code
