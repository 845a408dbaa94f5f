"""The brief's municipal lines (issue 26): on page one, the region's municipalities with a
known ΚΕΜ, council or Cities Network membership, as many as fit with their sources in the
footer; in the annex, every municipality with its known structures (or "no record in the
atlas")."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from fpdf.enums import XPos, YPos

from atlas import i18n
from atlas.brief.content import cited, footer_text
from atlas.brief.layout import CONTENT_W, MARGIN, MUTED, BriefPDF
from atlas.i18n import t
from atlas.views.profile import Item

HEADING_H = 8.0  # the section heading and the space after it (mm)
MORE_H = 4.2  # the "… and n more" line


def network(pdf: BriefPDF) -> list[Item]:
    section = pdf.view.municipal
    return section.network if section is not None else []


def towns_that_fit(
    pdf: BriefPDF,
    groups: list[list[str]],
    y: float,
    item_height: Callable[[BriefPDF, Item, float], float],
    footer: Callable[..., float],
) -> int:
    """How many network municipalities fit below ``y`` on page one, with the heading, a
    "… more" line and the footer grown by their sources (0: none fit). ``item_height`` and
    ``footer`` are page one's own measures."""
    v, items = pdf.view, network(pdf)
    for k in range(len(items), 0, -1):
        ids = groups + [x.source_ids for x in items[:k]]
        limit = footer(pdf, footer_text(v, cited(v, ids)), draw=False) - 2
        need = HEADING_H + sum(item_height(pdf, x, CONTENT_W - 4) for x in items[:k])
        need += MORE_H if k < len(items) else 0
        if y + need <= limit:
            return k
    return 0


def draw_more(pdf: BriefPDF, y: float, hidden: int) -> None:
    with pdf.tag("P"):
        pdf.set_xy(MARGIN + 3.5, y - 1.5)
        pdf.style(7.5, italic=True, color=MUTED)
        pdf.cell(CONTENT_W - 4, 4, t("brief.more", pdf.view.lang, n=hidden))


def draw_annex_municipalities(pdf: BriefPDF, fit_text: Callable[[BriefPDF, str, float], str]):
    """Every municipality of the region: name (code), population 2021, known structures
    with their sources [n] — or "no record in the atlas"."""
    v = pdf.view
    if v.municipal is None:
        return
    lang = v.lang
    frame = v.municipal.table.frame
    pdf.fits(12)
    y = pdf.heading(pdf.get_y(), t("local.annex_title", lang))
    pdf.set_y(y)
    widths = (46, 34, CONTENT_W - 80)
    heads = (
        t("local.col_municipality", lang),
        t("local.col_population_2021", lang),
        t("local.col_structures", lang),
    )
    with pdf.tag("P"):
        pdf.set_x(MARGIN)
        pdf.style(7, bold=True, color=MUTED)
        for wd, head in zip(widths, heads, strict=True):
            pdf.cell(wd, 4.2, fit_text(pdf, head, wd))
    pdf.ln(4.4)
    for row in frame.itertuples(index=False):
        name = f"{row.name} ({row.code})"
        pop = "" if pd.isna(row.population_2021) else i18n.fmt_number(row.population_2021, lang)
        pdf.style(7)
        text = row.structures_cited
        pdf.fits(3.3 * pdf.n_lines(widths[2], text) + 0.4)
        with pdf.tag("P"):  # one row, read left to right
            top = pdf.get_y()
            pdf.set_xy(MARGIN, top)
            pdf.cell(widths[0], 3.3, fit_text(pdf, name, widths[0]))
            pdf.cell(widths[1], 3.3, pop)
            pdf.set_xy(MARGIN + widths[0] + widths[1], top)
            pdf.multi_cell(widths[2], 3.3, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.4)
    pdf.ln(1)
