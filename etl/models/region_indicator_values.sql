-- batched over: stg_observations
-- (every rule below stays within one indicator: the build runs this model on one batch of
-- indicators at a time, as the view stg_observations_batch; etl/models/README.md)
-- One row per region × indicator × period with the measures the map offers and what may be
-- said about the figure (the period model of atlas/periods.py, docs/data-model.md):
--   value                 as published (with its qualifier: '<0.29' stays a bound)
--   per_1000, pct_of_population
--                         count indicators only (not population indicators themselves):
--                         value ÷ the region's census population × 1,000 (× 100). The
--                         denominator is the nearest census (ties: the later); within a year
--                         the figure's own revision when it has one (final with final), else
--                         final > revised > not stated > provisional. denominator_* and
--                         population_basis say which population was used.
--   share_of_national_pct count indicators only: value ÷ national total × 100, where the
--                         national total is the reported 'EL' figure or, failing that, the sum
--                         of all 13 regions when every one is a plain number of the same series.
--   series_key            figures of one series share a definition: only they are compared.
--   rank                  1 = highest among the regions with a plain value of the same series
--                         and period; null unless at least 3 regions have one (n_ranked).
--   on_frontier           no other figure of the region and indicator is known to come after
--                         this one (its period ends before another starts).
--   is_headline           the figure shown first: the only one on the frontier, or, where
--                         several are (overlapping or undated periods), the first by the
--                         headline rule: finer period, higher confidence, later end, period.
--   latest_status         'latest' (one figure ends last and overlaps no other candidate),
--                         'overlap' (several candidates: no single latest may be claimed),
--                         'undated' (the only figure has no reference date).
--   prev_*                the figure a change may be stated against: the latest figure of the
--                         same series known to come before this one, when exactly one is;
--                         change_status says why there is none.
-- series_ids: one number per region × indicator × series (a few thousand); slots: one per
-- indicator × period × series (the regions compared in a rank) with its counts: regions with
-- a plain value (n_ranked) and regions of the indicator × period in any series (n_regions).
-- The windows below sort and partition on integers, not strings.
with series_ids as materialized (
    select region_code, indicator_id, series_key, row_number() over () as series_id
    from (select distinct region_code, indicator_id, series_key
          from stg_observations_batch where series_key is not null)
),

slots as materialized (
    select indicator_id, period, series_key, row_number() over () as slot, n_ranked,
           cast(sum(n) over (partition by indicator_id, period) as bigint) as n_regions
    from (select indicator_id, period, series_key,
                 count(*) filter (where region_code <> 'EL') as n,
                 count(*) filter (where region_code <> 'EL' and qualifier = '=') as n_ranked
          from stg_observations_batch
          group by indicator_id, period, series_key)
),

-- obs_key: a number per figure, only for joining inside this model (never stored)
obs as materialized (
    select o.*, s.series_id, p.slot, p.n_ranked, p.n_regions, i.kind,
           i.unit as indicator_unit,
           coalesce(i.role = 'population', false) as is_population,
           -- the year a figure is matched to a census by: a range's end year
           case when o.period_precision = 'range' then year(o.period_end)
                else o.period_year end as match_year,
           row_number() over () as obs_key,
           case o.period_precision when 'day' then 0 when 'month' then 1 when 'year' then 2
                                   when 'range' then 3 else 5 end as precision_rank,
           case o.confidence when 'high' then 0 when 'medium' then 1 when 'low' then 2
                             else 3 end as confidence_rank
    from stg_observations_batch o
    join stg_indicators i using (indicator_id)
    left join series_ids s using (region_code, indicator_id, series_key)
    join slots p
      on p.indicator_id = o.indicator_id and p.period is not distinct from o.period
     and p.series_key is not distinct from o.series_key
),

regional as (
    select * from obs where region_code <> 'EL'
),

-- The denominator depends only on region, year and revision: chosen once per combination
-- (a few hundred), not per figure (millions).
denominator as (
    select k.region_code, k.match_year, k.revision, d.census_year, d.population,
           d.indicator_id as denominator_indicator_id, d.period as denominator_period,
           d.source_id as denominator_source_id, d.revision as denominator_revision,
           coalesce(d.revision, 'not_stated') as population_basis
    from (select distinct region_code, match_year, revision
          from regional where match_year is not null) k
    join population_denominators d using (region_code)
    qualify row_number() over (
        partition by k.region_code, k.match_year, k.revision
        order by abs(d.census_year - k.match_year),
                 case when d.revision = k.revision then 0 else 1 end,
                 d.revision_rank, d.census_year desc, d.indicator_id) = 1
),

national_population as (
    select indicator_id, census_year, revision, sum(population) as national_population
    from population_denominators
    group by indicator_id, census_year, revision
    having count(*) = 13
),

national_reported as (
    select indicator_id, period, value as national_value, qualifier as national_qualifier
    from obs
    where region_code = 'EL'
),

national_summed as (
    select indicator_id, period, series_key, sum(value) as national_value
    from regional
    where kind = 'count'
    group by indicator_id, period, series_key
    having count(*) = 13 and bool_and(qualifier = '=')
),

ranked as (
    select obs_key,
           case when qualifier = '=' then
               rank() over (partition by slot
                            order by case when qualifier = '=' then value end desc nulls last)
           end as rank_in_series
    from regional
),

-- the period model: a figure is "followed" when another figure of the same region and
-- indicator starts after it ends; the rest form the frontier (the candidates for latest).
-- Compared with the latest start (and the earliest end) of the region and indicator rather
-- than with every other figure: the same answer without a join of every pair.
bounds as (
    select region_code, indicator_id, max(period_start) as last_start,
           min(period_end) as first_end
    from regional
    group by region_code, indicator_id
),

followed as (  -- one row per figure at most: bounds has one per region × indicator
    select r.obs_key
    from regional r
    join bounds b using (region_code, indicator_id)
    where r.period_end < b.last_start
),

frontier as (
    select r.obs_key,
           row_number() over w as headline_rank,
           count(*) over (partition by r.region_code, r.indicator_id) as n_candidates,
           bool_and(r.period_start is not null)
               over (partition by r.region_code, r.indicator_id) as all_dated
    from regional r
    anti join followed f using (obs_key)
    window w as (partition by r.region_code, r.indicator_id
                 order by r.precision_rank, r.confidence_rank, r.period_end desc nulls last,
                          r.period nulls last)
),

frontier_status as (
    select region_code, indicator_id,
           case when count(*) = 1 and bool_and(period_start is not null) then 'latest'
                when count(*) = 1 then 'undated'
                else 'overlap' end as latest_status,
           case when count(*) = 1 and bool_and(period_start is not null) then null
                when bool_or(period_start is null) then 'reference_date_not_given'
                else 'overlapping_periods' end as latest_reason
    from regional
    anti join followed using (obs_key)
    group by region_code, indicator_id
),

-- the figure a change may be stated against: same series, known to come before. The earlier
-- figures of a are those ending before a starts; among them, those not followed by another
-- earlier one are the candidates (n_prev; one: a change may be stated). With ends sorted per
-- series, the latest start among the earlier figures (m) and how many end before a's start
-- and before m come from two as-of lookups instead of comparing every pair of figures.
-- ends_upto: per dated figure, how many figures of its series end on or before its end and
-- their latest start (a RANGE frame: figures ending the same day count together). Where
-- several end on the day an as-of lookup finds, any of them gives the same counts, and
-- n_prev is then at least 2, so the figure found (its period and value, carried along) is
-- used only when it is the one.
ends_upto as (
    select series_id, period_end, period as e_period, value as e_value,
           qualifier as e_qualifier, value_high as e_value_high, source_id as e_source_id,
           count(*) over w as n_upto,
           max(period_start) over w as max_start_upto
    from regional
    where period_end is not null and series_id is not null
    window w as (partition by series_id order by period_end
                 range between unbounded preceding and current row)
),

earlier as (
    select a.obs_key, a.series_id, e.n_upto, e.max_start_upto as m, e.e_period, e.e_value,
           e.e_qualifier, e.e_value_high, e.e_source_id
    from regional a
    asof join ends_upto e
      on e.series_id = a.series_id and a.period_start > e.period_end
),

prev as (
    select x.obs_key, x.n_upto - coalesce(f.n_upto, 0) as n_prev, x.e_period, x.e_value,
           x.e_qualifier, x.e_value_high, x.e_source_id
    from earlier x
    asof left join ends_upto f
      on f.series_id = x.series_id and x.m > f.period_end
),

earlier_any_series as (
    select r.obs_key
    from regional r
    join bounds b using (region_code, indicator_id)
    where b.first_end < r.period_start
),

final as (
    select r.region_code, r.indicator_id, r.period, r.period_start, r.period_end,
           r.period_precision, r.period_year, r.value, r.qualifier, r.value_high,
           coalesce(r.unit, r.indicator_unit) as unit, r.kind, r.source_id, r.confidence,
           r.note, d.census_year, d.population,
           case when r.kind = 'count' and not r.is_population
                     and d.population > 0
                then r.value / d.population * 1000 end as per_1000,
           case when r.kind = 'count' and not r.is_population
                     and d.population > 0
                then r.value_high / d.population * 1000 end as per_1000_high,
           coalesce(nr.national_value, ns.national_value) as national_value,
           case when nr.national_value is not null then 'reported'
                when ns.national_value is not null then 'sum_of_regions' end as national_basis,
           nr.national_qualifier,
           case when r.kind = 'count' and coalesce(nr.national_qualifier, '=') = '='
                     and coalesce(nr.national_value, ns.national_value) > 0
                then r.value / coalesce(nr.national_value, ns.national_value) * 100
           end as share_of_national_pct,
           case when r.n_ranked >= 3 then k.rank_in_series end as rank,
           r.n_ranked, r.n_regions,
           -- additions of the period model, comparability and population basis (#12, #19)
           r.series_key, r.revision,
           case when r.kind = 'count' and not r.is_population
                     and d.population > 0
                then r.value / d.population * 100 end as pct_of_population,
           case when r.kind = 'count' and not r.is_population
                     and d.population > 0
                then r.value_high / d.population * 100 end as pct_of_population_high,
           d.denominator_indicator_id, d.denominator_period, d.denominator_source_id,
           d.population_basis, np.national_population,
           case when r.n_ranked >= 3 then 'ranked'
                when r.qualifier = '=' then 'too_few_comparable'
                else 'not_a_plain_value' end as rank_status,
           fr.obs_key is not null as on_frontier,
           coalesce(fr.headline_rank = 1, false) as is_headline,
           fs.latest_status, fs.latest_reason,
           case when p.n_prev = 1 then p.e_period end as prev_period,
           case when p.n_prev = 1 then p.e_value end as prev_value,
           case when p.n_prev = 1 then p.e_qualifier end as prev_qualifier,
           case when p.n_prev = 1 then p.e_value_high end as prev_value_high,
           case when p.n_prev = 1 then p.e_source_id end as prev_source_id,
           case when r.period_start is null then 'undated'
                when p.n_prev = 1 then 'comparable'
                when p.n_prev > 1 then 'earlier_periods_overlap'
                when ea.obs_key is not null then 'earlier_only_in_other_series'
                else 'no_earlier_figure' end as change_status
    from regional r
    left join denominator d
        on d.region_code = r.region_code and d.match_year = r.match_year
       and d.revision is not distinct from r.revision
    left join national_population np
        on np.indicator_id = d.denominator_indicator_id and np.census_year = d.census_year
       and np.revision is not distinct from d.denominator_revision
    left join national_reported nr
        on nr.indicator_id = r.indicator_id and nr.period = r.period
    left join national_summed ns
        on ns.indicator_id = r.indicator_id and ns.period = r.period
       and ns.series_key = r.series_key
    join ranked k on k.obs_key = r.obs_key
    left join frontier fr on fr.obs_key = r.obs_key
    join frontier_status fs
        on fs.region_code = r.region_code and fs.indicator_id = r.indicator_id
    left join prev p on p.obs_key = r.obs_key
    left join earlier_any_series ea on ea.obs_key = r.obs_key
)

-- No ORDER BY: sorting every column of millions of rows was most of this model's cost. Rows
-- keep the input's order (files list one indicator and period after another, so zone maps
-- still skip most of the table); every query orders its own result.
select * from final
