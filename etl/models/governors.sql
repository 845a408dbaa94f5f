-- Mart: governors with their validity (stg_governors) without the load bookkeeping.
-- Who holds office on a date is a question of atlas.queries.profile.governors_on (the same
-- rules as atlas.periods.valid_on): never "in office" after an end event or past valid_to.
with final as (
    select * exclude (_file, _line) from stg_governors
)
select * from final
