"""The one-page regional brief (A4 PDF, Greek or English), with an optional annex.

Built from a ``ProfileView`` (the same object the profile page shows) and the visit fields the
user typed (never stored). Layout, top to bottom: header (region, NUTS code, visit date,
'data as of'), purpose and key messages, locator map beside the briefing set of key figures
(population, area, density, foreign citizens and their change since 2011, born abroad, the
reception share: ``ProfileView.briefing``) and the governor on the data's date, programmes,
visits and events, then the sources [n] with reference dates and the caveats at the foot of
the page. Every other figure, and what does not fit on the page, is counted ("… and 3 more")
and listed in full in the annex.

Fonts: DejaVu Sans from matplotlib's own data folder (a pinned dependency), embedded and
subset, so Greek renders on any machine, offline. Output is deterministic: the creation date
is the database build date (or a fixed date), so the same data and fields give the same bytes.

The package keeps the layout apart from the content: ``layout`` (page geometry, fonts, the
tagged PDF class), ``content`` (what a tile, an item or the footer says), ``page_one`` and
``annex`` (where it goes), ``since`` (the changes since the last brief), and here the entry
point.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from fpdf.prefs import ViewerPreferences

from atlas import i18n
from atlas.brief.annex import draw_annex
from atlas.brief.layout import FIXED_DATE, BriefPDF, font_paths
from atlas.brief.page_one import draw_page_one, numbered_for_page_one
from atlas.changes import BriefChanges
from atlas.i18n import t
from atlas.views.profile import ProfileView, Visit

__all__ = ["brief_filename", "build_brief", "font_paths"]


def brief_filename(code: str, visit_date: str, lang: str, today: date | None = None) -> str:
    """brief_EL54_2026-11-23_el.pdf: the visit date if set, else today's date."""
    when = visit_date or (today or date.today()).isoformat()
    return f"brief_{code}_{when}_{i18n.norm_lang(lang)}.pdf"


def build_brief(
    view: ProfileView,
    visit: Visit | None = None,
    *,
    annex: bool = False,
    since: BriefChanges | None = None,
) -> bytes:
    """The brief as PDF bytes: one A4 page, plus the annex if asked for. ``since``: the
    changes in the region's figures since the last brief (``atlas.changes.brief_changes``),
    a short block on page one and the full list in the annex (``atlas.brief.since``)."""
    visit = visit or Visit()
    pdf = BriefPDF(view)
    pdf.since, pdf.with_annex = since, annex
    lang = view.lang
    name = view.name
    pdf.set_title(f"{t('brief.title', lang)}: {name} ({view.code})")
    pdf.set_author(t("brief.generated_by", lang))
    pdf.set_creator("Integration Atlas")
    pdf.set_lang("el-GR" if lang == "el" else "en-GB")
    pdf.set_subject(t("a11y.brief_subject", lang, name=name))
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)  # title, not file name
    pdf.set_creation_date(_creation_date(view))
    pdf.alias_nb_pages()
    # what fits on page one decides the numbering of the sources; a number's width can change
    # what fits, so lay the page out again until the numbering no longer changes (at most 3)
    numbered = view
    for _ in range(3):
        probe = BriefPDF(numbered)
        probe.since, probe.with_annex = since, annex
        again = numbered_for_page_one(view, draw_page_one(probe, visit))
        if again.sources == numbered.sources:
            break
        numbered = again
    pdf.view = numbered
    draw_page_one(pdf, visit)
    if annex:
        draw_annex(pdf)
    return bytes(pdf.output())


def _creation_date(view: ProfileView) -> datetime:
    if view.data_as_of_iso:
        try:
            d = date.fromisoformat(view.data_as_of_iso)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        except ValueError:
            pass
    return FIXED_DATE
