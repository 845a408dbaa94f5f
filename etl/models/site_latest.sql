-- One row per reception site: its latest capacity and its latest occupancy, each chosen on
-- its own by the period model (docs/data-model.md, atlas/periods.py) among the snapshots that
-- give that figure, and the headline snapshot over all of them.
--   *_status  'latest'  the figure's date ends last and overlaps no other candidate
--             'overlap' several dates could be the latest (e.g. '2016-03' and '2016-03-19':
--                       the 19th lies inside March): the headline is chosen by the rule
--                       (finer date, then higher confidence, then later end) and *_other_dates
--                       lists the others — never claim it as the current figure
--   capacity_basis 'planned' marks an announced capacity (say "planned"), qualifiers keep
--   bounds such as '<=' ("up to 650").
with snaps as (
    select *,
           case date_precision when 'day' then 0 when 'month' then 1 when 'year' then 2
                               when 'range' then 3 else 5 end as precision_rank,
           case confidence when 'high' then 0 when 'medium' then 1 else 2 end
               as confidence_rank
    from stg_site_snapshots
),

figures as (
    select 'capacity' as figure, site_id, date_text, snapshot_date, date_end, precision_rank,
           confidence_rank, capacity as value, capacity_qualifier as qualifier,
           capacity_basis as basis, source_id, confidence
    from snaps where capacity is not null
    union all
    select 'occupancy', site_id, date_text, snapshot_date, date_end, precision_rank,
           confidence_rank, occupancy, occupancy_qualifier, null, source_id, confidence
    from snaps where occupancy is not null
    union all
    select 'snapshot', site_id, date_text, snapshot_date, date_end, precision_rank,
           confidence_rank, null, null, null, source_id, confidence
    from snaps
),

-- not followed by a later snapshot of the same figure and site: compared with the site's
-- last snapshot date (linear) rather than with every other snapshot
last_dates as (
    select figure, site_id, max(snapshot_date) as last_date
    from figures
    group by figure, site_id
),

frontier as (
    select f.*
    from figures f
    left join last_dates l on l.figure = f.figure and l.site_id = f.site_id
    where not coalesce(f.date_end < l.last_date, false)
),

picked as (
    select *,
           row_number() over w as rn,
           count(*) over (partition by figure, site_id) as n_candidates,
           bool_and(snapshot_date is not null) over (partition by figure, site_id) as all_dated
    from frontier
    window w as (partition by figure, site_id
                 order by precision_rank, confidence_rank, date_end desc nulls last, date_text)
),

heads as (
    select p.figure, p.site_id, p.date_text, p.value, p.qualifier, p.basis, p.source_id,
           p.confidence,
           case when p.n_candidates = 1 and p.all_dated then 'latest'
                when p.n_candidates = 1 then 'undated' else 'overlap' end as status,
           (select string_agg(o.date_text, '; ' order by o.date_end desc, o.date_text)
            from picked o
            where o.figure = p.figure and o.site_id = p.site_id and o.rn > 1) as other_dates
    from picked p
    where p.rn = 1
),

final as (
    select t.site_id, t.region_code,
           s.date_text as snapshot_date_text, s.status as snapshot_status,
           s.other_dates as snapshot_other_dates,
           c.value as capacity, c.qualifier as capacity_qualifier, c.basis as capacity_basis,
           c.date_text as capacity_date_text, c.status as capacity_status,
           c.other_dates as capacity_other_dates, c.source_id as capacity_source_id,
           c.confidence as capacity_confidence,
           o.value as occupancy, o.qualifier as occupancy_qualifier,
           o.date_text as occupancy_date_text, o.status as occupancy_status,
           o.other_dates as occupancy_other_dates, o.source_id as occupancy_source_id,
           o.confidence as occupancy_confidence
    from stg_sites t
    left join heads s on s.site_id = t.site_id and s.figure = 'snapshot'
    left join heads c on c.site_id = t.site_id and c.figure = 'capacity'
    left join heads o on o.site_id = t.site_id and o.figure = 'occupancy'
)

select * from final
order by site_id
