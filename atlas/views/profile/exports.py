"""What the profile gives to download: every figure of the region and its municipal items as
CSV, the locator map as PNG (screen and print)."""

from __future__ import annotations

from functools import partial

import pandas as pd

from atlas import export, labels
from atlas.classify import ChoroplethSpec
from atlas.i18n import t
from atlas.views.common import SOURCE_CSV
from atlas.views.figures import fmt_figure, nan
from atlas.views.profile.items import _value_text
from atlas.views.shapes import Column, Export, Table, csv_export, png_export, table

CSV_FIELDS = (
    "region_code",
    "region",
    "indicator_id:indicator",
    "indicator_name",
    "period",
    "unit",
    "qualifier",
    "value",
    "value_high",
    "value_as_published",
    "pct_of_population",
    "per_1000",
    "census_year",
    "population_basis",
    "denominator_indicator_id",
    "rank",
    "n_ranked",
    "rank_status",
    "national_value",
    "national_basis",
    "series_key",
    "latest_status",
    "other_periods",
    "prev_period",
    "prev_value",
    "change_status",
    "confidence",
    *SOURCE_CSV,
    "source_reference_date",
    "source_licence",
)


def _table(series: pd.DataFrame, code: str, name: str, lang: str) -> Table:
    """Every figure of the region as the CSV gives it (field or 'field:csv name')."""
    rows = series.assign(
        region_code=code,
        region=name,
        indicator_name=labels.local(series, "name", lang),
        value_as_published=[fmt_figure(r, lang, None) for _, r in series.iterrows()],
    )
    fields = [f.partition(":") for f in CSV_FIELDS]
    return table(rows, [Column(f, csv=c or f) for f, _, c in fields], lang)


LOCAL_CSV = (
    "region_code",
    "municipality",
    "item",
    "item_name",
    "value_qualifier",
    "value",
    "value_as_published",
    "unit",
    "reference_date",
    "confidence",
    "note",
    *SOURCE_CSV,
    "source_reference_date",
)


def _local_table(items: pd.DataFrame, code: str, lang: str) -> Table:
    """Municipal items of the region as their CSV gives them: the qualifier in its own column
    and in the value as published ('>1.500'), the reference date as the source gives it."""
    rows = items.assign(
        region_code=code,
        item_name=labels.local(items, "item_name", lang),
        value_qualifier=items["value_qualifier"].where(items["value_qualifier"] != "=", ""),
        value_as_published=[
            _value_text(v, q, lang, "percent" if u == "percent" else None) if not nan(v) else ""
            for v, q, u in zip(items["value"], items["value_qualifier"], items["unit"])
        ],
    )
    return table(rows, [Column(f, csv=f) for f in LOCAL_CSV], lang)


def _exports(
    *,
    code: str,
    lang: str,
    name: str,
    data_as_of: str,
    table: Table,
    local: Table | None,
    locator: ChoroplethSpec,
    source_lines: list[str],
    municipal: Table | None = None,
) -> list[Export]:
    """The profile's downloads: its figures and municipal items as CSV, the locator map as
    PNG for the screen and for print (what ``ProfileView.exports`` holds)."""
    csv = csv_export(
        table,
        f"atlas_profile_{code}_{lang}.csv",
        t("common.download_csv", lang),
        footer=[f"{name} ({code})", *source_lines],
    )
    csvs = [csv]
    if local is not None and len(local):
        csvs.append(
            Export(
                "csv",
                t("profile.download_local_csv", lang),
                f"atlas_profile_{code}_local_{lang}.csv",
                csv_export(local, "", "").make,
                "csv_local",
            )
        )
    if municipal is not None and len(municipal):
        csvs.append(
            Export(
                "csv",
                t("local.download_csv", lang),
                f"atlas_profile_{code}_municipalities_{lang}.csv",
                csv_export(municipal, "", "").make,
                "csv_municipalities",
            )
        )
    title = t("profile.locator_title", lang, name=name, code=code)
    pngs = [
        png_export(
            partial(
                export.map_png,
                locator,
                title=title,
                legend_title="",
                selected=code,
                scale=scale,
                source=t("common.boundaries_credit", lang),
                date_text=t("profile.data_as_of_note", lang, date=data_as_of),
            ),
            f"map_{code}_{lang}@{scale}x.png",
            t(label, lang),
            f"png_{scale}",
        )
        for scale, label in ((1, "profile.download_map"), (2, "profile.download_map_print"))
    ]
    return [*csvs, *pngs]
