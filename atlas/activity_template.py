"""The Excel template the Directorate sends to partners (issue 27), built with openpyxl from
the database's own reference lists so it never drifts from what the ETL accepts.

Sheets: «Αναφορές» (the reports; read by the ETL: it must stay first), «Οδηγίες»
(instructions, Greek then English) and «Λίστες» (the lists the drop-downs point to; visible,
because the ETL refuses workbooks with hidden sheets). Headers are Greek with the column
name beside in brackets («Φορέας (partner)»); the ETL reads the name in the brackets.
``COLUMNS`` must equal ``etl.schema`` activity_reports' columns (a test checks it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd

from atlas.i18n import t

TEMPLATE_VERSION = "1"
COLUMNS = (
    "partner",
    "programme",
    "activity",
    "sector",
    "indicator",
    "region",
    "municipality",
    "month",
    "value",
    "start",
    "end",
    "status",
    "note",
)
STATUSES = ("planned", "ongoing", "completed", "suspended")
DATA_ROWS = 2000  # rows the drop-downs cover
MONTHS_BACK = 24  # months offered in the month drop-down, up to the current one
SHEET_DATA, SHEET_HELP, SHEET_LISTS = "Αναφορές", "Οδηγίες", "Λίστες"
INSTRUCTIONS = ("partner", "file", "rows", "lists", "month", "value", "location", "upload")


@dataclass(frozen=True)
class TemplateLists:
    """The reference lists (frames with id, name_el, name_en), from the database."""

    partners: pd.DataFrame
    programmes: pd.DataFrame
    sectors: pd.DataFrame
    activities: pd.DataFrame
    indicators: pd.DataFrame
    regions: pd.DataFrame
    municipalities: pd.DataFrame  # code, name_el, name_en, region_code (may be empty)


def file_name(partner: str | None) -> str:
    """The name a partner's filled file must keep: it declares the partner."""
    return f"activity_reports_{partner or 'PARTNER_ID'}.xlsx"


def recent_months(today: date, n: int = MONTHS_BACK) -> list[str]:
    out, y, m = [], today.year, today.month
    for _ in range(n):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def _lists(lists: TemplateLists, today: date) -> list[tuple[str, list[list[str]]]]:
    """(drop-down column, rows [value, name_el, name_en]) in the lists sheet's order."""

    def rows(frame: pd.DataFrame, value: str = "id") -> list[list[str]]:
        return [[str(r[value]), str(r["name_el"]), str(r["name_en"])] for _, r in frame.iterrows()]

    munis = lists.municipalities
    return [
        ("partner", rows(lists.partners)),
        ("programme", rows(lists.programmes)),
        ("activity", rows(lists.activities)),
        ("sector", rows(lists.sectors)),
        ("indicator", rows(lists.indicators)),
        ("region", rows(lists.regions, "name_el")),
        ("municipality", rows(munis, "name_el") if len(munis) else []),
        ("month", [[m, "", ""] for m in recent_months(today)]),
        ("status", [[s, t(f"activities.status.{s}", "el"), s] for s in STATUSES]),
    ]


def workbook_bytes(lists: TemplateLists, partner: str | None, today: date) -> bytes:
    """The template as .xlsx bytes; with ``partner``, its rows are prefilled for that partner
    (the drop-down offers only it)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.properties.title = "Integration Atlas — activity reports"
    wb.properties.version = TEMPLATE_VERSION
    data = wb.active
    data.title = SHEET_DATA
    help_ = wb.create_sheet(SHEET_HELP)
    sheet = wb.create_sheet(SHEET_LISTS)
    bold = Font(bold=True)
    for j, col in enumerate(COLUMNS, start=1):
        cell = data.cell(1, j, f"{t(f'activities.col.{col}', 'el')} ({col})")
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        data.column_dimensions[get_column_letter(j)].width = 22
    data.freeze_panes = "A2"
    month_col = get_column_letter(COLUMNS.index("month") + 1)
    for row in range(2, DATA_ROWS + 2):
        data[f"{month_col}{row}"].number_format = "@"  # '2025-03' stays text, not a date
    for j, (col, rows) in enumerate(_lists(lists, today)):
        first = 1 + 4 * j
        if col == "partner" and partner:
            rows = [r for r in rows if r[0] == partner] or [[partner, "", ""]]
        for k, head in enumerate((col, "ελληνικά", "English")):
            sheet.cell(1, first + k, head if k else f"{t(f'activities.col.{col}', 'el')} ({col})")
            sheet.cell(1, first + k).font = bold
        for i, values in enumerate(rows, start=2):
            for k, value in enumerate(values):
                sheet.cell(i, first + k, value)
        if not rows:
            continue
        letter = get_column_letter(first)
        rule = DataValidation(
            type="list",
            formula1=f"'{SHEET_LISTS}'!${letter}$2:${letter}${len(rows) + 1}",
            allow_blank=True,
            showErrorMessage=col != "municipality",
            errorTitle="Integration Atlas",
            error=t("activities.template.not_in_list", "el")
            + " / "
            + t("activities.template.not_in_list", "en"),
        )
        target = get_column_letter(COLUMNS.index(col) + 1)
        rule.add(f"{target}2:{target}{DATA_ROWS + 1}")
        data.add_data_validation(rule)
    help_.column_dimensions["A"].width = 110
    lines = [t("activities.template.title", "el"), t("activities.template.title", "en"), ""]
    for key in INSTRUCTIONS:
        for lang in ("el", "en"):
            lines.append(
                t(f"activities.template.{key}", lang, name=file_name(partner), rows=DATA_ROWS)
            )
        lines.append("")
    lines.append(f"{t('activities.template.version', 'el')} / version: {TEMPLATE_VERSION}")
    for i, text in enumerate(lines, start=1):
        help_.cell(i, 1, text)
    help_["A1"].font = Font(bold=True, size=14)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
