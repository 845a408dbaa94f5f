"""Raw file contracts: which files exist, their columns, types and keys.

Mirrors docs/data-model.md. Column kinds:
  id      required slug (letters, digits, _ . -)     text    free text
  number  decimal number                              count   number ≥ 0
  qualifier  =, <, <=, >, >=, ~, range              pdate   YYYY[-MM[-DD]] or --MM-DD
  region  one of the 13 NUTS-2 codes (any spelling)   area    a region or EL (Greece)
  bool    true/false                                  url     http(s) address or empty
  municipality  a municipality's name or ELSTAT 2021 code, resolved after loading
                (etl.municipal; the raw table holds the code and `<name>_given`)
(pdate also takes a range ``A/B``, e.g. ``2011/2021-10-22``; see atlas/periods.py.)

Columns added for truthful statements (issue #12) are optional everywhere, with safe defaults:
an empty ``series`` means "comparable only with figures of the same source", an empty
``valid_to`` / ``end_event`` means "no end recorded", an empty qualifier means a plain value.

A count column and a `value` whose unit counts things (COUNT_UNITS) must be a whole number.
"""

from __future__ import annotations

from dataclasses import dataclass

# Units that count things: a value in one of them is a whole number (loader contract).
COUNT_UNITS: tuple[str, ...] = (
    "persons",
    "places",
    "sites",
    "applications",
    "apartments",
    "facilities",
    "beneficiaries",
    "households",
    "sessions",
    "referrals",
)
# How far ahead a date may lie in a column for planned things (events, visits); every other
# date must not be after the day of the build. See docs/loading-your-data.md.
PLANNED_MARGIN_DAYS = 2 * 366


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False
    # pdate only: "no" (not after the build date), "planned" (up to PLANNED_MARGIN_DAYS
    # ahead: planned events and visits) or "any" (e.g. the planned end of a programme).
    future: str = "no"


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    bundled_required: bool = False  # the bundled data/raw must contain it
    # Where the unit of `value`/`value_high` comes from, to tell counts (whole numbers, no
    # '1.500' ambiguity) and percentages apart: "indicator" (raw_indicators) or "unit"
    # (the row's own unit column). None: the table has no such value.
    unit_from: str | None = None
    # A totals row ("ΣΥΝΟΛΟ") under the regions is checked against them, then left out.
    totals: bool = False
    # A file made from a template the atlas hands out (activity reports): its workbook must
    # have no formulas and no hidden sheets; a header under an older or other 3W name is
    # reported with its current name (old name → current name).
    template: bool = False
    renamed: tuple[tuple[str, str], ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required or c.kind == "id"]


def C(name: str, kind: str = "text", required: bool = False, future: str = "no") -> Column:  # noqa: N802
    return Column(name, kind, required, future)


_VALUE = (C("value", "number"), C("qualifier", "qualifier"), C("value_high", "number"))
# The source columns of the team's collected local files (docs/data-model.md, "Local level").
_LOCAL_SOURCE_COLUMNS = (
    C("source"),
    C("source_url"),
    C("reference_date"),  # as the source gives it ("2021 (report year; …)"): text
    C("confidence", "enum:high,medium,low"),
    C("notes"),
    C("source_id", "id"),
)

SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "sources",
        (
            C("source_id", "id"),
            C("publisher", required=True),
            C("publisher_el"),  # the publisher's official Greek name, where it has one
            C("title", required=True),
            C("url", "url"),
            C("reference_date", "pdate"),
            C("licence", required=True),
            C("notes"),
        ),
        key=("source_id",),
        bundled_required=True,
    ),
    FileSpec(
        "indicators",
        (
            C("indicator_id", "id"),
            C("name_el", required=True),
            C("name_en", required=True),
            C("unit", required=True),
            C("kind", "enum:count,share,area,change,other", True),
            C("description_el"),
            C("description_en"),
            # population: a census population usable as the denominator of rates
            C("role", "enum:population"),
            # not_public: defined so the atlas can list it as a known gap; no figures exist
            C("availability", "enum:public,not_public"),
            # indicators of one group are parts of one whole (e.g. place of birth, %)
            C("group_id"),
        ),
        key=("indicator_id",),
        bundled_required=True,
    ),
    FileSpec(
        "observations",
        (
            # a region, or (for a municipal figure) empty when `municipality` is given
            C("region", "area"),
            C("indicator", "id"),
            C("period", "pdate"),  # empty: the source gives no reference date
            *_VALUE,
            C("unit"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
            # one definition, comparable over time and across regions; empty = the source
            C("series"),
            C("revision", "enum:provisional,revised,final"),
            # a municipality (Greek or Latin name, or ELSTAT 2021 code): a municipal figure
            C("municipality", "municipality"),
        ),
        key=("region", "municipality", "indicator", "period"),
        bundled_required=True,
        unit_from="indicator",
        totals=True,
    ),
    FileSpec(
        "programmes",
        (
            C("programme_id", "id"),
            C("name_el", required=True),
            C("name_en", required=True),
            C("operator"),
            C("funder"),
            C("start", "pdate", future="any"),
            C("end", "pdate", future="any"),
            C("status", "enum:active,completed,suspended,planned,unknown", True),
            C("description_el"),
            C("description_en"),
            C("url", "url"),
            C("source_id", "id"),
            # the date the status holds from (suspended, completed) or was reported (active)
            C("status_date", "pdate"),
            C("status_source_id"),  # empty: source_id
            C("end_basis", "enum:reported,planned"),  # planned: an announced end
        ),
        key=("programme_id",),
    ),
    FileSpec(
        "programme_coverage",
        (
            C("programme_id", "id"),
            C("region", "area", True),
            C("period", "pdate", True),
            C("metric", "id"),
            *_VALUE,
            C("unit"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
        ),
        key=("programme_id", "region", "period", "metric"),
        unit_from="unit",
        totals=True,
    ),
    FileSpec(
        "programme_facts",
        (
            C("programme_id", "id"),
            C("fact", "id"),
            C("value_el"),
            C("value_en", required=True),
            C("reference_date", "pdate"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
        ),
        key=("programme_id", "fact"),
    ),
    FileSpec(
        "events",
        (
            C("event_id", "id"),
            C("title_el", required=True),
            C("title_en", required=True),
            C("start", "pdate", future="planned"),
            C("end", "pdate", future="planned"),
            C("place"),
            C("region", "region"),
            C("country"),
            C("partners"),
            C("process", "id"),
            C("programme_id"),
            C("source_id", "id"),
            C("note"),
        ),
        key=("event_id",),
    ),
    FileSpec(
        "visits",
        (
            C("region", "region", True),
            C("programme_id", "id"),
            C("status", "enum:briefed,planned,not_yet", True),
            C("date", "pdate", future="planned"),
            C("purpose_el"),
            C("purpose_en"),
            C("source_id", "id"),
            C("note"),
        ),
        key=("region", "programme_id"),
    ),
    FileSpec(
        "sites",
        (
            C("site_id", "id"),
            C("name_en", required=True),
            C("name_el"),
            C("site_type"),
            C("municipality"),
            C("regional_unit"),
            C("region", "region", True),
            C("source_id", "id"),
            C("note"),
        ),
        key=("site_id",),
    ),
    FileSpec(
        "site_snapshots",
        (
            C("site_id", "id"),
            C("date", "pdate", True),
            C("capacity", "count"),
            C("occupancy", "count"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
            C("capacity_qualifier", "qualifier"),
            C("occupancy_qualifier", "qualifier"),
            C("capacity_basis", "enum:reported,planned"),  # planned: a capacity announced
        ),
        key=("site_id", "date"),
    ),
    FileSpec(
        "municipal_integration",
        (
            C("municipality", required=True),
            C("municipality_el"),  # its official Greek name (geo/data/municipalities.csv)
            C("region", "area", True),
            C("item", "id"),
            C("value", required=True),
            C("unit"),
            C("reference_date", "pdate"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
            C("value_qualifier", "qualifier"),  # '>' for "more than 1,500"
        ),
        key=("municipality", "item", "reference_date"),
    ),
    FileSpec(
        "asylum_offices",
        (
            C("office", required=True),
            C("office_el"),  # the Asylum Service's official Greek name of the office
            C("office_type"),
            C("seat"),
            C("region", "region", True),
            C("status_date", "pdate"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
        ),
        key=("office",),
    ),
    FileSpec(
        "governors",
        (
            C("region", "region", True),
            C("term", required=True),
            C("name_en", required=True),
            C("name_el"),
            C("party"),
            C("confirmed", "bool"),
            C("status_note"),
            C("source_id", "id"),
            # validity; empty valid_from/valid_to: the years of the term ("2024-2028")
            C("valid_from", "pdate"),
            C("valid_to", "pdate", future="any"),  # a term's planned end may lie ahead
            C("end_event", "enum:resigned,removed,died,suspended,other"),
            C("end_date", "pdate"),  # the end had happened by this date (a source's date)
            C("end_source_id"),
        ),
        key=("region", "term"),
    ),
    # --- Local level (issue 26): the team's sourced municipal files, their own columns kept
    # (text as collected), plus `municipality_code` (ELSTAT 2021; "a;b" for a pre-2019
    # municipality since split, empty for a national row) and `source_id`.
    FileSpec(
        "municipal_population",
        (
            C("elstat_municipality_code", "id"),
            C("elstat_code_as_in_extraction"),
            C("municipality_name", required=True),
            C("pop_total_2021_provisional", "count", True),
            C("pop_total_2011", "count", True),
            C("pop_men_2021", "count"),
            C("pop_women_2021", "count"),
            *_LOCAL_SOURCE_COLUMNS,
        ),
        key=("elstat_municipality_code",),
    ),
    FileSpec(
        "municipal_census2001",
        (
            C("elstat_municipality_code", "id"),  # a 2011 (Kallikratis) code
            C("municipality_name_latin", required=True),
            C("indicator", "id"),
            C("value", "number", True),
            C("unit"),
            C("period"),
            C("pop_total_2001", "count"),
            *_LOCAL_SOURCE_COLUMNS,
        ),
        key=("elstat_municipality_code", "indicator"),
    ),
    *(
        FileSpec(
            name,
            (
                C(place, required=True),
                C("nuts2"),
                C("indicator", required=True),
                C("value", required=True),
                C("unit"),
                C("period"),
                *_LOCAL_SOURCE_COLUMNS,
                C("municipality_code"),
            ),
            key=(place, "indicator", "source_id"),
        )
        for name, place in (
            ("municipal_kem", "municipality"),
            ("municipal_cni", "municipality"),
            ("municipal_councils", "municipality"),
            ("municipal_helios", "place"),
        )
    ),
    FileSpec(
        # what a programme_coverage metric or a municipal_integration item counts
        "metrics",
        (
            C("metric_id", "id"),
            C("applies_to", "enum:programme_coverage,municipal_integration", True),
            C("name_el", required=True),
            C("name_en", required=True),
            C("unit", required=True),
            C("description_el"),
            C("description_en"),
        ),
        key=("metric_id",),
    ),
)

# --- the activity register (issue 27): who does what, where, when (3W/4W) ---------------------
# Reference lists (sectors, activities, activity_indicators: a small documented default set is
# bundled, docs/activity-register.md; partners: the Directorate's own list, nothing bundled)
# and the partners' monthly reports, one row per partner × activity × location × month ×
# indicator. Units of activity indicators are all counts (COUNT_UNITS).
ACTIVITY_UNITS = ("persons", "sessions", "households", "referrals")
# Column names of older templates and of common 3W/ActivityInfo sheets → the current name.
REPORT_RENAMED: tuple[tuple[str, str], ...] = (
    ("organisation", "partner"),
    ("organization", "partner"),
    ("org", "partner"),
    ("partner_id", "partner"),
    ("programme_id", "programme"),
    ("activity_id", "activity"),
    ("activity_type", "activity"),
    ("cluster", "sector"),
    ("sector_id", "sector"),
    ("indicator_id", "indicator"),
    ("admin1", "region"),
    ("admin2", "municipality"),
    ("reporting_month", "month"),
    ("reporting_period", "month"),
    ("beneficiaries", "value"),
    ("reached", "value"),
)
ACTIVITY_SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "sectors",
        (
            C("sector_id", "id"),
            C("name_el", required=True),
            C("name_en", required=True),
            C("description_el"),
            C("description_en"),
        ),
        key=("sector_id",),
    ),
    FileSpec(
        "activities",
        (
            C("activity_id", "id"),
            C("name_el", required=True),
            C("name_en", required=True),
            C("sector_id", "id"),
            C("description_el"),
            C("description_en"),
        ),
        key=("activity_id",),
    ),
    FileSpec(
        "activity_indicators",
        (
            C("indicator_id", "id"),
            C("name_el", required=True),
            C("name_en", required=True),
            C("unit", "enum:" + ",".join(ACTIVITY_UNITS), True),
            C("description_el"),
            C("description_en"),
        ),
        key=("indicator_id",),
    ),
    FileSpec(
        "partners",
        (
            C("partner_id", "id"),
            C("name_el"),
            C("name_en", required=True),
            C("kind", "enum:ngo,international,municipality,region,government,academic,other"),
            C("url", "url"),
        ),
        key=("partner_id",),
    ),
    FileSpec(
        # A partner's monthly report; the file declares its partner in its name:
        # activity_reports_<partner_id>.xlsx (etl/activities.py).
        "activity_reports",
        (
            C("partner", "id"),
            C("programme"),
            C("activity", "id"),
            C("sector", "id"),
            C("indicator", "id"),
            C("region", "region"),  # empty: the municipality's region
            C("municipality", "municipality"),
            C("month", "pdate", True),
            C("value", "count", True),
            C("start", "pdate", future="any"),
            C("end", "pdate", future="any"),
            C("status", "enum:planned,ongoing,completed,suspended"),
            C("note"),
        ),
        key=("partner", "activity", "region", "municipality", "month", "indicator"),
        template=True,
        renamed=REPORT_RENAMED,
    ),
)
SPECS = SPECS + ACTIVITY_SPECS

BY_NAME: dict[str, FileSpec] = {s.name: s for s in SPECS}
