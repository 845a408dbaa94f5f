"""The brief's "Changes since the last brief (date)": a short block on page one when the
region's figures changed since the version of the data the last brief was made from, and the
full list at the head of the annex (``atlas.changes.brief_changes`` words them; a change
between versions is a change in what the atlas holds, never a change in the world)."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from atlas.brief.layout import ACCENT, CONTENT_W, MARGIN, MUTED, BriefPDF
from atlas.changes import BRIEF_LINES
from atlas.i18n import t


def draw_since_block(pdf: BriefPDF, y: float) -> float:
    """Page one: the title, the counts and the first changes; the annex lists them all (page
    one says how many more there are). Returns the new y (unchanged when nothing changed)."""
    ch = pdf.since
    if not ch:
        return y
    lang = pdf.view.lang
    with pdf.tag("H2"):
        pdf.set_xy(MARGIN, y)
        pdf.style(8.5, bold=True, color=ACCENT)
        pdf.cell(CONTENT_W, 4.4, ch.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    with pdf.tag("P"):
        pdf.style(7.6, color=MUTED)
        y = pdf.para(MARGIN, CONTENT_W, ch.summary, 3.5, max_lines=2)
    shown = ch.lines[:BRIEF_LINES]
    for line in shown:
        with pdf.tag("P"):
            pdf.set_y(y)
            pdf.style(7.6)
            y = pdf.para(MARGIN + 2, CONTENT_W - 2, f"• {line}", 3.5, max_lines=2)
    rest = len(ch.lines) - len(shown)
    if rest:
        with pdf.tag("P"):
            pdf.set_y(y)
            pdf.style(7.4, italic=True, color=MUTED)
            key = "brief.changes_more_annex" if pdf.with_annex else "brief.changes_more"
            y = pdf.para(MARGIN + 2, CONTENT_W - 2, t(key, lang, n=rest), 3.5)
    y += 1.2
    pdf.rule(y)
    return y + 2.5


def draw_since_annex(pdf: BriefPDF, y: float) -> float:
    """The annex: every change, each with what it is; returns the new y."""
    ch = pdf.since
    if not ch:
        return y
    y = pdf.heading(y, ch.title)
    pdf.set_y(y)
    pdf.style(7, color=MUTED)
    pdf.multi_cell(CONTENT_W, 3.3, ch.summary, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.style(7.5)
    for line in ch.lines:
        pdf.fits(3.6 * pdf.n_lines(CONTENT_W - 2, f"• {line}"))
        with pdf.tag("P"):
            pdf.set_x(MARGIN + 2)
            pdf.multi_cell(CONTENT_W - 2, 3.6, f"• {line}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.get_y() + 1.5
