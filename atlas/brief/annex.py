"""The brief's annex: every figure of the region, the lines page one left out, all sources
with their addresses, the caveats."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from atlas import i18n
from atlas.brief.content import item_detail, tile_item
from atlas.brief.layout import CONTENT_W, MARGIN, MUTED, BriefPDF
from atlas.brief.municipal import draw_annex_municipalities
from atlas.brief.since import draw_since_annex
from atlas.i18n import t


def draw_annex(pdf: BriefPDF) -> None:
    v = pdf.view
    lang = v.lang
    pdf.add_page()
    pdf.set_auto_page_break(True, margin=14)
    pdf.accent_band()
    with pdf.tag("H1"):
        pdf.set_xy(MARGIN, 8)
        pdf.style(13, bold=True)
        pdf.cell(
            CONTENT_W,
            7,
            f"{t('brief.annex', lang)} — {v.name} ({v.code})",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    y = draw_since_annex(pdf, pdf.get_y() + 1)
    _figures_table(pdf, y)
    _item_lists(pdf)
    _sources_and_caveats(pdf)


def _figures_table(pdf: BriefPDF, y: float) -> None:
    """Every figure of the region: indicator, period, value, source [n]."""
    v = pdf.view
    lang = v.lang
    y = pdf.heading(y, t("brief.all_figures", lang))
    widths = (84, 30, 44, 28)
    heads = (
        t("common.indicator", lang),
        t("common.period", lang),
        t("common.value", lang),
        t("common.source", lang),
    )
    with pdf.tag("P"):
        pdf.set_xy(MARGIN, y)
        pdf.style(7.5, bold=True, color=MUTED)
        for wd, head in zip(widths, heads):
            pdf.cell(wd, 4.2, head)
    pdf.ln(4.4)
    pdf.style(7.5)
    for row in v.table.frame.itertuples(index=False):
        cite = v.cite([row.source_id]) if isinstance(row.source_id, str) else ""
        cells = (
            row.indicator_name,
            i18n.fmt_partial(row.period, lang),
            row.value_as_published,
            cite,
        )
        pdf.fits(3.9)
        with pdf.tag("P"):  # one row, read left to right
            pdf.set_x(MARGIN)
            for wd, cell in zip(widths, cells):
                pdf.cell(wd, 3.9, _fit_text(pdf, str(cell), wd))
        pdf.ln(3.9)
    pdf.ln(1.5)


def _item_lists(pdf: BriefPDF) -> None:
    """The other figures, programmes, events and reception items, each with its details."""
    v = pdf.view
    lang = v.lang
    for title, items in (
        (t("brief.other_figures", lang), [tile_item(v, x) for x in v.other_tiles]),
        (t("profile.programmes", lang), v.programmes),
        (t("profile.activities", lang), v.activities),
        (t("profile.events", lang), v.events),
        (t("profile.reception", lang), v.reception),
    ):
        if not items:
            continue
        y = pdf.heading(pdf.get_y(), title)
        pdf.set_y(y)
        for item in items:
            detail = item_detail(v, item)
            pdf.style(7.8, bold=True)
            height = 3.6 * pdf.n_lines(CONTENT_W, item.title)
            pdf.style(7, color=MUTED)
            pdf.fits(height + 3.3 * pdf.n_lines(CONTENT_W, detail) + 0.6)
            with pdf.tag("P"):
                pdf.set_x(MARGIN)
                pdf.style(7.8, bold=True)
                pdf.multi_cell(
                    CONTENT_W, 3.6, item.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L"
                )
                pdf.style(7, color=MUTED)
                pdf.multi_cell(CONTENT_W, 3.3, detail, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(0.6)
        pdf.ln(1)
    draw_annex_municipalities(pdf, _fit_text)


def _sources_and_caveats(pdf: BriefPDF) -> None:
    """All sources with their addresses, then the caveats."""
    v = pdf.view
    lang = v.lang
    y = pdf.heading(pdf.get_y(), t("profile.sources", lang))
    pdf.set_y(y)
    pdf.style(7, color=MUTED)
    for source_id, line in zip(v.sources, v.source_lines):
        url = v.source_urls.get(source_id)
        text = line + (f" — {url}" if url else "")
        pdf.fits(3.3 * pdf.n_lines(CONTENT_W, text))
        with pdf.tag("P"):
            pdf.multi_cell(CONTENT_W, 3.3, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.ln(1)
    pdf.style(7, italic=True, color=MUTED)
    caveats = " ".join(v.caveats)
    pdf.fits(3.3 * pdf.n_lines(CONTENT_W, caveats))
    with pdf.tag("P"):
        pdf.multi_cell(CONTENT_W, 3.3, caveats, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _fit_text(pdf: BriefPDF, text: str, w: float) -> str:
    if pdf.get_string_width(text) <= w - 1.5:
        return text
    while text and pdf.get_string_width(text + "…") > w - 1.5:
        text = text[:-1]
    return text + "…"
