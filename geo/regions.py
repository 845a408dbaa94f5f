"""The 13 regions of Greece (NUTS-2 2021): the single source of truth for codes and names.

Every other module joins on ``Region.code`` (NUTS-2). Names are for display only.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    code: str  # NUTS-2 2021, e.g. "EL54"
    iso: str  # ISO 3166-2, e.g. "GR-D" (Attica is GR-I)
    name_el: str  # official short Greek name, nominative
    name_en: str  # English name used by the Ministry and Eurostat
    ne_code: str  # Natural Earth admin-1 `region_code` (HASC-like), used only by geo/build


REGIONS: tuple[Region, ...] = (
    Region("EL30", "GR-I", "Αττική", "Attica", "GR-AT"),
    Region("EL41", "GR-K", "Βόρειο Αιγαίο", "North Aegean", "GR-AN"),
    Region("EL42", "GR-L", "Νότιο Αιγαίο", "South Aegean", "GR-AS"),
    Region("EL43", "GR-M", "Κρήτη", "Crete", "GR-CR"),
    Region("EL51", "GR-A", "Ανατολική Μακεδονία και Θράκη", "Eastern Macedonia and Thrace", "GR-MT"),
    Region("EL52", "GR-B", "Κεντρική Μακεδονία", "Central Macedonia", "GR-MC"),
    Region("EL53", "GR-C", "Δυτική Μακεδονία", "Western Macedonia", "GR-MW"),
    Region("EL54", "GR-D", "Ήπειρος", "Epirus", "GR-EP"),
    Region("EL61", "GR-E", "Θεσσαλία", "Thessaly", "GR-TS"),
    Region("EL62", "GR-F", "Ιόνια Νησιά", "Ionian Islands", "GR-II"),
    Region("EL63", "GR-G", "Δυτική Ελλάδα", "Western Greece", "GR-GW"),
    Region("EL64", "GR-H", "Στερεά Ελλάδα", "Central Greece", "GR-GC"),
    Region("EL65", "GR-J", "Πελοπόννησος", "Peloponnese", "GR-PP"),
)

REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)
NATIONAL_CODE = "EL"  # Greece as a whole, for national figures in the same tables
BY_CODE: dict[str, Region] = {r.code: r for r in REGIONS}
