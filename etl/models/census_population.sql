-- Census population by region and census year (persons): the default denominators of
-- per-1,000 rates (reception snapshots, programme coverage). One row per region × census year:
-- the best basis available (final > revised > not stated > provisional, then confidence).
-- revision says which basis it is; indicator_id and period which figure it is.
with ranked as (
    select *,
           row_number() over (
               partition by region_code, census_year
               order by revision_rank,
                        case confidence when 'high' then 0 when 'medium' then 1 else 2 end,
                        indicator_id) as rn
    from population_denominators
),

final as (
    select region_code, census_year, population, source_id, indicator_id, period,
           coalesce(revision, 'not_stated') as revision
    from ranked
    where rn = 1
)

select * from final
