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
"""

from __future__ import annotations

import functools
import io
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.prefs import ViewerPreferences

from atlas import i18n, static_map
from atlas.classify import ChoroplethSpec
from atlas.i18n import t
from atlas.views.profile import MAX_MESSAGE, MAX_PURPOSE, Item, ProfileView, Tile, Visit

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


def brief_filename(code: str, visit_date: str, lang: str, today: date | None = None) -> str:
    """brief_EL54_2026-11-23_el.pdf: the visit date if set, else today's date."""
    when = visit_date or (today or date.today()).isoformat()
    return f"brief_{code}_{when}_{i18n.norm_lang(lang)}.pdf"


@dataclass
class _Block:
    """Items that fit on page one and how many were left for the annex."""

    shown: list
    hidden: int


class _Brief(FPDF):
    def __init__(self, view: ProfileView) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.view = view
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


# --- page one ------------------------------------------------------------------------------


def _header(pdf: _Brief, visit: Visit) -> float:
    v = pdf.view
    lang = v.lang
    with pdf.artifact():
        pdf.set_fill_color(*ACCENT)
        pdf.rect(0, 0, PAGE_W, 3.2, style="F")
    with pdf.tag("H1"):
        pdf.set_xy(MARGIN, 7)
        pdf.style(8, color=MUTED)
        pdf.cell(120, 4, t("brief.title", lang).upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_x(MARGIN)
        pdf.style(20, bold=True)
        pdf.cell(125, 9, v.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    other = v.name_en if lang == "el" else v.name_el
    with pdf.tag("P"):
        pdf.set_x(MARGIN)
        pdf.style(9.5, color=MUTED)
        pdf.cell(
            125,
            5,
            f"{other} · {t('profile.nuts', lang)} {v.code} · ISO {v.iso}",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
    # right-hand box: visit date and data date
    visit_text = (
        i18n.fmt_date(date.fromisoformat(visit.date), lang)
        if visit.date
        else t("profile.not_set", lang)
    )
    box_x, box_w = PAGE_W - MARGIN - 56, 56
    rows = [
        (t("profile.visit_date", lang), visit_text),
        (t("profile.data_as_of", lang), v.data_as_of or t("profile.ref_not_stated", lang)),
    ]
    y = 8.0
    for label, value in rows:
        with pdf.tag("P"):
            pdf.set_xy(box_x, y)
            pdf.style(7.5, color=MUTED)
            pdf.cell(box_w, 3.8, label, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_xy(box_x, y + 3.8)
            pdf.style(10.5, bold=True)
            pdf.cell(box_w, 5, value, align="R")
        y += 10
    y = 29.5
    pdf.rule(y, ACCENT, 0.5)
    return y + 2.5


def _visit_block(pdf: _Brief, visit: Visit, y: float) -> float:
    lang = pdf.view.lang
    purpose = " ".join(visit.purpose.split())[:MAX_PURPOSE]
    messages = [" ".join(m.split())[:MAX_MESSAGE] for m in visit.messages if m and m.strip()]
    label_w = 36
    with pdf.tag("P"):
        pdf.set_xy(MARGIN, y)
        pdf.style(8.5, bold=True, color=MUTED)
        pdf.cell(label_w, 4.6, t("profile.purpose", lang))
        pdf.set_xy(MARGIN + label_w, y)
        if purpose:
            pdf.style(9)
            y = pdf.para(MARGIN + label_w, CONTENT_W - label_w, purpose, 4.3, max_lines=3)
        else:
            pdf.style(9, italic=True, color=MUTED)
            y = pdf.para(MARGIN + label_w, CONTENT_W - label_w, t("profile.not_set", lang), 4.3)
    y += 0.8
    with pdf.tag("P"):
        pdf.set_xy(MARGIN, y)
        pdf.style(8.5, bold=True, color=MUTED)
        pdf.cell(label_w, 4.6, t("profile.messages", lang))
        if not messages:
            pdf.set_xy(MARGIN + label_w, y)
            pdf.style(9, italic=True, color=MUTED)
            y = pdf.para(MARGIN + label_w, CONTENT_W - label_w, t("profile.not_set", lang), 4.3)
    for i, msg in enumerate(messages, 1):
        with pdf.tag("P"):
            pdf.set_xy(MARGIN + label_w, y)
            pdf.style(9, bold=True, color=ACCENT)
            pdf.cell(5, 4.3, f"{i}.")
            pdf.style(9)
            pdf.set_xy(MARGIN + label_w + 5, y)
            y = pdf.para(MARGIN + label_w + 5, CONTENT_W - label_w - 5, msg, 4.3, max_lines=2)
    y += 1.5
    pdf.rule(y)
    return y + 2.5


def _tile_height(pdf: _Brief, tile: Tile, w: float) -> float:
    pdf.style(7.2, color=MUTED)
    h = 1.6 + 3.3 * min(2, pdf.n_lines(w - 3, tile.label))
    size = _value_size(pdf, tile, w)
    pdf.style(size, bold=True)
    h += size * 0.48 * min(2, pdf.n_lines(w - 3, tile.value))
    pdf.style(6.8)
    h += 3.1 * sum(
        min(TILE_LINES, pdf.n_lines(w - 3, line)) for line in _tile_lines(pdf.view, tile)
    )
    return h + 1.6


def _value_size(pdf: _Brief, tile: Tile, w: float) -> float:
    """The largest of three sizes at which the value fits on one line (else the smallest)."""
    for size in (13, 11, 9.5):
        pdf.style(size, bold=True)
        if pdf.n_lines(w - 3, tile.value) == 1:
            return size
    return 9.5


def _tile_lines(view: ProfileView, tile: Tile) -> list[str]:
    cite = view.cite(tile.source_ids)
    first = f"{tile.period}  {cite}".strip()
    return [first, *tile.lines]


def _draw_tile(pdf: _Brief, tile: Tile, x: float, y: float, w: float, h: float) -> None:
    with pdf.artifact():
        pdf.set_fill_color(*TILE_BG)
        pdf.rect(x, y, w, h, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(x, y, 0.8, h, style="F")
    with pdf.tag("P"):
        _tile_text(pdf, tile, x, y, w)


def _tile_text(pdf: _Brief, tile: Tile, x: float, y: float, w: float) -> None:
    pdf.set_xy(x + 2, y + 1.2)
    pdf.style(7.2, color=MUTED)
    yy = pdf.para(x + 2, w - 3, tile.label, 3.3, max_lines=2)
    pdf.set_xy(x + 2, yy)
    size = _value_size(pdf, tile, w)
    pdf.style(size, bold=True)
    yy = pdf.para(x + 2, w - 3, tile.value, size * 0.48, max_lines=2)
    for i, line in enumerate(_tile_lines(pdf.view, tile)):
        pdf.set_xy(x + 2, yy)
        pdf.style(6.8, color=INK if i else MUTED, bold=False)
        yy = pdf.para(x + 2, w - 3, line, 3.1, max_lines=TILE_LINES)


def _tiles(
    pdf: _Brief,
    tiles: list[Tile],
    x: float,
    y: float,
    w: float,
    limit: float,
    extra: int = 0,
) -> tuple[float, _Block]:
    """The briefing tiles, two to a row, as many as fit above ``limit``; then one line
    counting what is left for the annex (``extra``: figures not in the briefing set)."""
    lang = pdf.view.lang
    with pdf.tag("H2"):
        pdf.set_xy(x, y)
        pdf.style(9.5, bold=True, color=ACCENT)
        pdf.cell(
            w,
            5,
            t("profile.key_figures", lang).upper()
            if lang == "en"
            else t("profile.key_figures", lang),
        )
    y += 5.6
    more_h = 4.2
    if not tiles and not extra:
        with pdf.tag("P"):
            pdf.set_xy(x, y)
            pdf.style(8.5, italic=True, color=MUTED)
            return pdf.para(x, w, t("profile.no_figures", lang), 4), _Block([], 0)
    gap = 2.2
    cw = (w - gap) / 2
    shown = []
    for i in range(0, len(tiles), 2):
        row = tiles[i : i + 2]
        h = max(_tile_height(pdf, tile, cw) for tile in row)
        if y + h + more_h > limit:
            break
        for j, tile in enumerate(row):
            _draw_tile(pdf, tile, x + j * (cw + gap), y, cw, h)
            shown.append(tile)
        y += h + gap
    hidden = len(tiles) - len(shown)
    if hidden + extra:
        with pdf.tag("P"):
            pdf.set_xy(x, y)
            pdf.style(7.5, italic=True, color=MUTED)
            pdf.cell(w, 4, t("brief.more_figures", lang, n=hidden + extra))
        y += more_h
    return y, _Block(shown, hidden)


def _governor(pdf: _Brief, x: float, y: float, w: float) -> float:
    with pdf.tag("P"):
        return _governor_text(pdf, x, y, w)


def _governor_text(pdf: _Brief, x: float, y: float, w: float) -> float:
    v = pdf.view
    lang = v.lang
    pdf.set_xy(x, y)
    pdf.style(8, bold=True, color=MUTED)
    pdf.cell(w, 4.2, t("profile.governor", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y += 4.4
    g = v.governor
    if g is None:
        pdf.set_xy(x, y)
        pdf.style(8, italic=True, color=MUTED)
        return pdf.para(x, w, t("profile.no_governor", lang), 3.8)
    pdf.set_xy(x, y)
    pdf.style(9.5, bold=True)
    y = pdf.para(x, w, g.title, 4.6, max_lines=4)  # "resigned …; successor not recorded"
    pdf.set_xy(x, y)
    pdf.style(7.5, color=MUTED)
    y = pdf.para(x, w, f"{g.detail}  {v.cite(g.source_ids)}", 3.6, max_lines=3)
    for line in g.extra:
        pdf.set_xy(x, y)
        pdf.style(7.5, bold=True, color=(160, 30, 20))
        y = pdf.para(x, w, line, 3.6, max_lines=3)
    return y


def _item_height(pdf: _Brief, item: Item, w: float) -> float:
    pdf.style(8.5, bold=True)
    h = 4.0 * min(2, pdf.n_lines(w, item.title))
    pdf.style(7.5)
    h += 3.5 * min(ITEM_LINES, pdf.n_lines(w, _item_detail(pdf.view, item)))
    return h + 1.2


def _item_detail(view: ProfileView, item: Item) -> str:
    detail = item.detail + (" · " + " · ".join(item.extra) if item.extra else "")
    return f"{detail}  {view.cite(item.source_ids)}".strip()


def _items(
    pdf: _Brief,
    title: str,
    items: list[Item],
    empty: str,
    y: float,
    limit: float,
    min_keep: int = 1,
) -> tuple[float, _Block]:
    lang = pdf.view.lang
    y = pdf.heading(y, title)
    if not items:
        with pdf.tag("P"):
            pdf.set_xy(MARGIN, y)
            pdf.style(8.5, italic=True, color=MUTED)
            return pdf.para(MARGIN, CONTENT_W, empty, 4) + 1.5, _Block([], 0)
    shown = []
    more_h = 4.2
    for k, item in enumerate(items):
        h = _item_height(pdf, item, CONTENT_W - 4)
        rest = len(items) - k - 1
        if y + h + (more_h if rest else 0) > limit and len(shown) >= min_keep:
            break
        with pdf.artifact():
            pdf.set_fill_color(*ACCENT)
            pdf.rect(MARGIN, y + 1.3, 1.2, 1.2, style="F")
        with pdf.tag("P"):
            pdf.set_xy(MARGIN + 3.5, y)
            pdf.style(8.5, bold=True)
            yy = pdf.para(MARGIN + 3.5, CONTENT_W - 4, item.title, 4.0, max_lines=2)
            pdf.set_xy(MARGIN + 3.5, yy)
            pdf.style(7.5, color=MUTED)
            detail = _item_detail(pdf.view, item)
            pdf.para(MARGIN + 3.5, CONTENT_W - 4, detail, 3.5, max_lines=ITEM_LINES)
        y += h
        shown.append(item)
    hidden = len(items) - len(shown)
    if hidden:
        with pdf.tag("P"):
            pdf.set_xy(MARGIN + 3.5, y)
            pdf.style(7.5, italic=True, color=MUTED)
            pdf.cell(CONTENT_W - 4, 4, t("brief.more", lang, n=hidden))
        y += more_h
    return y + 1.5, _Block(shown, hidden)


def _cited(view: ProfileView, groups: list[list[str]]) -> list[str]:
    ids = {s for g in groups for s in g if s in view.sources}
    return sorted(ids, key=view.sources.get)


def _footer_text(view: ProfileView, source_ids: list[str]) -> list[str]:
    by_id = {s: line for s, line in zip(view.sources, view.source_lines)}
    return [by_id[s] for s in source_ids]


def _footer(pdf: _Brief, lines: list[str], *, draw: bool, caveats: bool = True) -> float:
    """The sources and caveats block at the foot of the page; returns its top y."""
    v = pdf.view
    lang = v.lang
    lh = 2.9
    size = 6.3
    pdf.style(size)
    src_text = lines or [t("profile.ref_not_stated", lang)]
    n_src = sum(pdf.n_lines(CONTENT_W, line) for line in src_text)
    cav_text = " ".join(v.caveats) if caveats else ""
    pdf.style(size, italic=True)
    n_cav = pdf.n_lines(CONTENT_W, cav_text) if cav_text else 0
    height = 4.2 + n_src * lh + (n_cav * lh + 1 if n_cav else 0) + 5.5
    top = PAGE_H - 8 - height
    if not draw:
        return top
    pdf.rule(top)
    with pdf.tag("H2"):
        pdf.set_xy(MARGIN, top + 0.8)
        pdf.style(7.5, bold=True, color=MUTED)
        pdf.cell(CONTENT_W, 3.4, t("profile.sources", lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = top + 4.2
    pdf.style(size, color=MUTED)
    for line in src_text:
        with pdf.tag("P"):
            pdf.set_xy(MARGIN, y)
            y = pdf.para(MARGIN, CONTENT_W, line, lh)
    if cav_text:
        y += 1
        with pdf.tag("P"):
            pdf.set_xy(MARGIN, y)
            pdf.style(size, italic=True, color=MUTED)
            y = pdf.para(MARGIN, CONTENT_W, cav_text, lh)
    return top


def _locator_png(view: ProfileView) -> bytes:
    return _locator_png_cached(view.code, tuple(sorted(view.locator.colors.items())))


@functools.lru_cache(maxsize=32)
def _locator_png_cached(code: str, colors: tuple) -> bytes:
    """The locator has no text: one image per region serves both languages."""
    spec = ChoroplethSpec(title="", colors=dict(colors), tooltips={}, legend=[])
    return static_map.render_map(
        spec,
        source="",
        date_text="",
        title="",
        legend=False,
        selected=code,
        size=MAP_PX,
        scale=MAP_SCALE,
    )


def _page_one(pdf: _Brief, visit: Visit) -> dict[str, _Block]:
    v = pdf.view
    lang = v.lang
    pdf.add_page()
    y = _header(pdf, visit)
    y = _visit_block(pdf, visit, y)
    # The footer lists the sources cited on this page; what fits is decided first with a
    # generous guess of the footer (all sources but the annex-only ones), then drawn.
    core_groups = [x.source_ids for x in v.briefing] + [v.governor.source_ids if v.governor else []]
    core_groups += [x.source_ids for x in v.programmes] + [x.source_ids for x in v.events]
    limit = _footer(pdf, _footer_text(v, _cited(v, core_groups)), draw=False) - 2
    # left column: map, boundary credit, governor
    map_h = MAP_W * MAP_PX[1] / MAP_PX[0]
    pdf.image(
        io.BytesIO(_locator_png(v)),
        x=MARGIN,
        y=y,
        w=MAP_W,
        h=map_h,
        alt_text=t("a11y.locator_alt", lang, name=v.name, code=v.code),
    )
    with pdf.tag("Caption"):
        pdf.set_xy(MARGIN, y + map_h + 0.5)
        pdf.style(6.2, color=MUTED)
        pdf.cell(MAP_W, 3, t("profile.locator_title", lang, name=v.name, code=v.code))
        pdf.set_xy(MARGIN, y + map_h + 3.3)
        pdf.cell(MAP_W, 3, t("brief.map_source", lang))
    left_y = _governor(pdf, MARGIN, y + map_h + 8, MAP_W)
    # right column: tiles
    tx = MARGIN + MAP_W + 5
    right_y, tiles = _tiles(
        pdf,
        v.briefing,
        tx,
        y,
        PAGE_W - MARGIN - tx,
        limit - ITEMS_RESERVE,
        extra=len(v.other_tiles),
    )
    y = max(left_y, right_y) + 2
    pdf.rule(y)
    y += 2
    # programmes and events share what is left; each keeps at least one line
    y, progs = _items(
        pdf,
        t("profile.programmes", lang),
        v.programmes,
        t("profile.no_programmes", lang),
        y,
        limit - 14,
    )
    y, events = _items(
        pdf, t("profile.events", lang), v.events, t("profile.no_events", lang), y, limit
    )
    groups = [x.source_ids for x in tiles.shown] + [v.governor.source_ids if v.governor else []]
    groups += [x.source_ids for x in progs.shown] + [x.source_ids for x in events.shown]
    _footer(pdf, _footer_text(v, _cited(v, groups)), draw=True)
    return {"tiles": tiles, "programmes": progs, "events": events}


# --- annex ------------------------------------------------------------------------------------


def _annex(pdf: _Brief) -> None:
    v = pdf.view
    lang = v.lang
    pdf.add_page()
    pdf.set_auto_page_break(True, margin=14)
    with pdf.artifact():
        pdf.set_fill_color(*ACCENT)
        pdf.rect(0, 0, PAGE_W, 3.2, style="F")
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
    y = pdf.get_y() + 1
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
    for title, items in (
        (t("brief.other_figures", lang), [_tile_item(v, x) for x in v.other_tiles]),
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
            detail = _item_detail(v, item)
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


def _tile_item(view: ProfileView, tile: Tile) -> Item:
    """A figure that is not in the briefing set, as an annex line with all it says."""
    title = f"{tile.label}: {tile.value}"
    return Item(title, " · ".join([tile.period, *tile.lines]), tile.source_ids)


def _fit_text(pdf: _Brief, text: str, w: float) -> str:
    if pdf.get_string_width(text) <= w - 1.5:
        return text
    while text and pdf.get_string_width(text + "…") > w - 1.5:
        text = text[:-1]
    return text + "…"


# --- entry point ------------------------------------------------------------------------------


def build_brief(view: ProfileView, visit: Visit | None = None, *, annex: bool = False) -> bytes:
    """The brief as PDF bytes: one A4 page, plus the annex if asked for."""
    visit = visit or Visit()
    pdf = _Brief(view)
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
    _page_one(pdf, visit)
    if annex:
        _annex(pdf)
    return bytes(pdf.output())


def _creation_date(view: ProfileView) -> datetime:
    if view.data_as_of_iso:
        try:
            d = date.fromisoformat(view.data_as_of_iso)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        except ValueError:
            pass
    return FIXED_DATE
