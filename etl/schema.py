"""Raw file contracts: which files exist, their columns, types and keys.

Mirrors docs/data-model.md. Column kinds:
  id      required slug (letters, digits, _ . -)     text    free text
  number  decimal number                              count   number ≥ 0
  qualifier  =, <, <=, >, >=, ~, range              pdate   YYYY[-MM[-DD]] or --MM-DD
  region  one of the 13 NUTS-2 codes (any spelling)   area    a region or EL (Greece)
  bool    true/false                                  url     http(s) address or empty
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False


@dataclass(frozen=True)
class FileSpec:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    bundled_required: bool = False  # the bundled data/raw must contain it

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required or c.kind == "id"]


def C(name: str, kind: str = "text", required: bool = False) -> Column:  # noqa: N802
    return Column(name, kind, required)


_VALUE = (C("value", "number"), C("qualifier", "qualifier"), C("value_high", "number"))

SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "sources",
        (
            C("source_id", "id"),
            C("publisher", required=True),
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
            C("kind", "enum:count,share,area,other", True),
            C("description_el"),
            C("description_en"),
        ),
        key=("indicator_id",),
        bundled_required=True,
    ),
    FileSpec(
        "observations",
        (
            C("region", "area", True),
            C("indicator", "id"),
            C("period", "pdate", True),
            *_VALUE,
            C("unit"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
        ),
        key=("region", "indicator", "period"),
        bundled_required=True,
    ),
    FileSpec(
        "programmes",
        (
            C("programme_id", "id"),
            C("name_el", required=True),
            C("name_en", required=True),
            C("operator"),
            C("funder"),
            C("start", "pdate"),
            C("end", "pdate"),
            C("status", "enum:active,completed,suspended,planned,unknown", True),
            C("description_el"),
            C("description_en"),
            C("url", "url"),
            C("source_id", "id"),
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
            C("start", "pdate"),
            C("end", "pdate"),
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
            C("date", "pdate"),
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
        ),
        key=("site_id", "date"),
    ),
    FileSpec(
        "municipal_integration",
        (
            C("municipality", required=True),
            C("region", "area", True),
            C("item", "id"),
            C("value", required=True),
            C("unit"),
            C("reference_date", "pdate"),
            C("source_id", "id"),
            C("confidence", "enum:high,medium,low"),
            C("note"),
        ),
        key=("municipality", "item", "reference_date"),
    ),
    FileSpec(
        "asylum_offices",
        (
            C("office", required=True),
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
        ),
        key=("region", "term"),
    ),
)

BY_NAME: dict[str, FileSpec] = {s.name: s for s in SPECS}
