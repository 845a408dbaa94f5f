-- Capacity and occupancy of a site on a date (places / persons), each with its qualifier
-- ('<=' for "up to 650"); capacity_basis 'planned' marks a capacity announced, not reached.
with final as (
    select site_id, date as date_text, date_start as snapshot_date, date_end, date_precision,
           capacity, coalesce(capacity_qualifier, '=') as capacity_qualifier,
           coalesce(capacity_basis, 'reported') as capacity_basis,
           occupancy, coalesce(occupancy_qualifier, '=') as occupancy_qualifier,
           source_id, coalesce(confidence, 'high') as confidence, note, _file, _line
    from raw_site_snapshots
)
select * from final
