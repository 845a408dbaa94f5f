"""The brief's page as a drawing surface: A4 geometry, fonts, colours, and the PDF class
with its tagging (structure tree, artifacts) and text helpers. It knows nothing of a region."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from atlas.changes import BriefChanges
from atlas.i18n import t
from atlas.views.profile import ProfileView

PAGE_W, PAGE_H = 210.0, 297.0  # A4 portrait, mm
MARGIN = 12.0
CONTENT_W = PAGE_W - 2 * MARGIN
FIXED_DATE = datetime(2000, 1, 1, tzinfo=UTC)  # when the database date is unknown
FAMILY = "DejaVu"
INK = (34, 34, 34)
MUTED = (95, 95, 95)
RULE = (170, 170, 170)
ACCENT = (37, 52, 148)  # darkest YlGnBu class colour: the region on the locator map
TILE_BG = (244, 246, 250)
MAP_W = 66.0  # mm
MAP_PX = (660, 560)  # locator rendered at this size × MAP_SCALE (≈ 300 dpi at MAP_W)
MAP_SCALE = 1.5  # 990 px over 66 mm ≈ 380 dpi: sharp in print, small file
TILE_LINES = 3  # lines a tile's context line may wrap to before it is cut with "…"
ITEM_LINES = 3  # lines of a programme's or event's details (what links it to the region)
# Kept free below the tiles for the programmes and the events (heading, one item, "… and n
# more" each), so the tiles never push them into the sources at the foot of the page.
ITEMS_RESERVE = 2 * (5.4 + 12.0 + 4.2 + 1.5)


def font_paths() -> dict[str, Path]:
    """DejaVu Sans regular and bold shipped inside matplotlib (works offline)."""
    import matplotlib

    base = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    # Two faces only: each one is parsed on every build (~0.1 s), so no italic face.
    return {"": base / "DejaVuSans.ttf", "B": base / "DejaVuSans-Bold.ttf"}


@dataclass
class Block:
    """Items that fit on page one and how many were left for the annex."""

    shown: list
    hidden: int


class BriefPDF(FPDF):
    def __init__(self, view: ProfileView) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.view = view
        self.since: BriefChanges | None = None  # changes since the last brief (build_brief)
        self.with_annex = False
        for style, path in font_paths().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.c_margin = 0.8

    def footer(self) -> None:
        """Every page: who made it and 'page n of N' (N filled in by fpdf at output). A
        pagination artifact for assistive technology (read once, from the title)."""
        lang = self.view.lang
        with self.artifact("/Pagination"):
            self.set_xy(MARGIN, PAGE_H - 8.5)
            self.style(6.5, color=MUTED)
            self.cell(CONTENT_W - 30, 3.5, t("brief.generated_by", lang))
            self.set_xy(PAGE_W - MARGIN - 30, PAGE_H - 8.5)
            self.cell(30, 3.5, t("brief.page", lang, n=self.page_no(), total="{nb}"), align="R")

    # tagged PDF (WCAG 2.1 AA / PDF techniques; docs/accessibility.md) ------------------------
    @contextmanager
    def tag(self, struct_type: str):
        """What is drawn inside becomes one element of the structure tree (/H1, /H2, /P,
        /Div …). Elements follow the drawing order, which is the reading order. fpdf2 tags
        images (``alt_text``) and links by itself; this uses its structure-tree builder for
        the text. A tagged block never crosses a page break (``fits`` before it)."""
        page = self.page
        mcid = self.struct_builder.next_mcid_for_page(page)
        self._add_marked_content(struct_type=f"/{struct_type}", mcid=mcid)
        self._out(f"/{struct_type} <</MCID {mcid}>> BDC")
        yield
        if self.page != page:
            raise RuntimeError(f"a tagged /{struct_type} block crossed a page break")
        self._out("EMC")

    @contextmanager
    def artifact(self, kind: str = "/Layout"):
        """Drawn content that is not part of the text (rules, page furniture)."""
        self._out(f"/Artifact <</Type {kind}>> BDC")
        yield
        self._out("EMC")

    def accent_band(self) -> None:
        """The accent band across the top of a page (page one, the annex)."""
        with self.artifact():
            self.set_fill_color(*ACCENT)
            self.rect(0, 0, PAGE_W, 3.2, style="F")

    def fits(self, height: float) -> None:
        """Start a new page unless ``height`` mm fit above the page-break line (annex)."""
        if self.auto_page_break and self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # text helpers -----------------------------------------------------------------------
    def style(self, size: float, bold: bool = False, color=INK, italic: bool = False) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)  # ``italic``: muted, no face
        self.set_text_color(*color)

    def n_lines(self, w: float, text: str) -> int:
        return len(self.multi_cell(w, 1, text, dry_run=True, output="LINES", align="L"))

    def para(
        self,
        x: float,
        w: float,
        text: str,
        lh: float,
        max_lines: int | None = None,
        align: str = "L",
    ) -> float:
        """Write wrapped text at (x, current y); returns the new y. Cuts at ``max_lines``."""
        lines = self.multi_cell(w, lh, text, dry_run=True, output="LINES", align="L")
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1].rstrip()[: max(0, len(lines[-1]) - 2)] + "…"
        for line in lines:
            self.set_x(x)
            self.cell(w, lh, line, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return self.get_y()

    def rule(self, y: float, color=RULE, width: float = 0.2) -> None:
        with self.artifact():
            self.set_draw_color(*color)
            self.set_line_width(width)
            self.line(MARGIN, y, PAGE_W - MARGIN, y)

    def heading(self, y: float, text: str) -> float:
        if self.auto_page_break and y + 9 > self.page_break_trigger:
            self.add_page()
            y = self.get_y()
        with self.tag("H2"):
            self.set_xy(MARGIN, y)
            self.style(9.5, bold=True, color=ACCENT)
            self.cell(
                CONTENT_W,
                5,
                text.upper() if self.view.lang == "en" else text,
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        return y + 5.4
