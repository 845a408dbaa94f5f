-- Mart: names and units of the indicators in municipal_values: the bundled local ones here,
-- any other from indicators.csv (a Directorate's own municipal figures).
with local as (
    select * from (values
        ('census2001_non_greek_share',
         'Κάτοικοι χωρίς ελληνική ιθαγένεια, απογραφή 2001 (% του πληθυσμού) — ιστορικό στοιχείο',
         'Residents without Greek citizenship, census 2001 (% of population) — historical',
         'percent', 'share'),
        ('recognised_refugees_in_estia_due_to_move_to_helios',
         'Αναγνωρισμένοι πρόσφυγες στο ESTIA προς μετάβαση στο HELIOS',
         'Recognised refugees in ESTIA due to move to HELIOS', 'persons', 'count'),
        ('helios_pilot_2018_planned_target_group',
         'Πιλοτικό HELIOS 2018: προγραμματισμένη ομάδα-στόχος',
         'HELIOS 2018 pilot: planned target group', 'persons', 'count'),
        ('recognised_refugees_transferred_to_mainland_after_helios_enrolment',
         'Αναγνωρισμένοι πρόσφυγες που μεταφέρθηκαν στην ηπειρωτική χώρα μετά την εγγραφή στο HELIOS (μία ημέρα)',
         'Recognised refugees transferred to the mainland after HELIOS enrolment (one day)',
         'persons', 'count')
    ) t(indicator_id, name_el, name_en, unit, kind)
),

final as (
    select l.* from local l
    union all by name
    select i.indicator_id, i.name_el, i.name_en, i.unit, i.kind
    from stg_indicators i
    where i.indicator_id in (select indicator_id from municipal_values)
      and i.indicator_id not in (select indicator_id from local)
)
select * from final
order by indicator_id
