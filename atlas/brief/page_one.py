"""Page one of the brief: header, visit, locator map and governor beside the briefing
tiles, programmes and events as far as they fit, the cited sources and caveats at the foot."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

from fpdf.enums import XPos, YPos

from atlas import i18n
from atlas.brief.content import cited, footer_text, item_detail, locator_png, tile_lines
from atlas.brief.layout import (
    ACCENT,
    CONTENT_W,
    INK,
    ITEM_LINES,
    ITEMS_RESERVE,
    MAP_PX,
    MAP_W,
    MARGIN,
    MUTED,
    PAGE_H,
    PAGE_W,
    TILE_BG,
    TILE_LINES,
    Block,
    BriefPDF,
)
from atlas.brief.municipal import draw_more, network, towns_that_fit
from atlas.brief.since import draw_since_block
from atlas.i18n import t
from atlas.views.profile import MAX_MESSAGE, MAX_PURPOSE, Item, ProfileView, Tile, Visit


def _header(pdf: BriefPDF, visit: Visit) -> float:
    v = pdf.view
    lang = v.lang
    pdf.accent_band()
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


def _visit_block(pdf: BriefPDF, visit: Visit, y: float) -> float:
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


def _tile_height(pdf: BriefPDF, tile: Tile, w: float) -> float:
    pdf.style(7.2, color=MUTED)
    h = 1.6 + 3.3 * min(2, pdf.n_lines(w - 3, tile.label))
    size = _value_size(pdf, tile, w)
    pdf.style(size, bold=True)
    h += size * 0.48 * min(2, pdf.n_lines(w - 3, tile.value))
    pdf.style(6.8)
    h += 3.1 * sum(min(TILE_LINES, pdf.n_lines(w - 3, line)) for line in tile_lines(pdf.view, tile))
    return h + 1.6


def _value_size(pdf: BriefPDF, tile: Tile, w: float) -> float:
    """The largest of three sizes at which the value fits on one line (else the smallest)."""
    for size in (13, 11, 9.5):
        pdf.style(size, bold=True)
        if pdf.n_lines(w - 3, tile.value) == 1:
            return size
    return 9.5


def _draw_tile(pdf: BriefPDF, tile: Tile, x: float, y: float, w: float, h: float) -> None:
    with pdf.artifact():
        pdf.set_fill_color(*TILE_BG)
        pdf.rect(x, y, w, h, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.rect(x, y, 0.8, h, style="F")
    with pdf.tag("P"):
        _tile_text(pdf, tile, x, y, w)


def _tile_text(pdf: BriefPDF, tile: Tile, x: float, y: float, w: float) -> None:
    pdf.set_xy(x + 2, y + 1.2)
    pdf.style(7.2, color=MUTED)
    yy = pdf.para(x + 2, w - 3, tile.label, 3.3, max_lines=2)
    pdf.set_xy(x + 2, yy)
    size = _value_size(pdf, tile, w)
    pdf.style(size, bold=True)
    yy = pdf.para(x + 2, w - 3, tile.value, size * 0.48, max_lines=2)
    for i, line in enumerate(tile_lines(pdf.view, tile)):
        pdf.set_xy(x + 2, yy)
        pdf.style(6.8, color=INK if i else MUTED, bold=False)
        yy = pdf.para(x + 2, w - 3, line, 3.1, max_lines=TILE_LINES)


def _tiles(
    pdf: BriefPDF,
    tiles: list[Tile],
    x: float,
    y: float,
    w: float,
    limit: float,
    extra: int = 0,
) -> tuple[float, Block]:
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
            return pdf.para(x, w, t("profile.no_figures", lang), 4), Block([], 0)
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
    return y, Block(shown, hidden)


def _governor(pdf: BriefPDF, x: float, y: float, w: float) -> float:
    with pdf.tag("P"):
        return _governor_text(pdf, x, y, w)


def _governor_text(pdf: BriefPDF, x: float, y: float, w: float) -> float:
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
        pdf.style(7.5, italic=True, color=MUTED)  # a status, said calmly
        y = pdf.para(x, w, line, 3.6, max_lines=3)
    return y


def _item_height(pdf: BriefPDF, item: Item, w: float) -> float:
    pdf.style(8.5, bold=True)
    h = 4.0 * min(2, pdf.n_lines(w, item.title))
    pdf.style(7.5)
    h += 3.5 * min(ITEM_LINES, pdf.n_lines(w, item_detail(pdf.view, item)))
    return h + 1.2


def _items(
    pdf: BriefPDF,
    title: str,
    items: list[Item],
    empty: str,
    y: float,
    limit: float,
    min_keep: int = 1,
) -> tuple[float, Block]:
    lang = pdf.view.lang
    y = pdf.heading(y, title)
    if not items:
        with pdf.tag("P"):
            pdf.set_xy(MARGIN, y)
            pdf.style(8.5, italic=True, color=MUTED)
            return pdf.para(MARGIN, CONTENT_W, empty, 4) + 1.5, Block([], 0)
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
            detail = item_detail(pdf.view, item)
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
    return y + 1.5, Block(shown, hidden)


def _footer(pdf: BriefPDF, lines: list[str], *, draw: bool, caveats: bool = True) -> float:
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


def draw_page_one(pdf: BriefPDF, visit: Visit) -> dict[str, Block]:
    v = pdf.view
    lang = v.lang
    pdf.add_page()
    y = _header(pdf, visit)
    y = _visit_block(pdf, visit, y)
    y = draw_since_block(pdf, y)
    # The footer lists the sources cited on this page; what fits is decided first with a
    # generous guess of the footer (all sources but the annex-only ones), then drawn.
    core_groups = [x.source_ids for x in v.briefing] + [v.governor.source_ids if v.governor else []]
    core_groups += [x.source_ids for x in v.programmes] + [x.source_ids for x in v.events]
    limit = _footer(pdf, footer_text(v, cited(v, core_groups)), draw=False) - 2
    # left column: map, boundary credit, governor
    map_h = MAP_W * MAP_PX[1] / MAP_PX[0]
    pdf.image(
        io.BytesIO(locator_png(v)),
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
    # municipalities with a ΚΕΜ, a council or network membership, as many as fit
    towns = Block([], len(network(pdf)))
    fit = towns_that_fit(pdf, groups, y, _item_height, _footer)
    if fit:
        shown = network(pdf)[:fit]
        y, towns = _items(pdf, t("local.brief_title", lang), shown, "", y, 1e9)
        towns.hidden = len(network(pdf)) - fit
        if towns.hidden:
            draw_more(pdf, y, towns.hidden)
    groups += [x.source_ids for x in towns.shown]
    _footer(pdf, footer_text(v, cited(v, groups)), draw=True)
    return {"tiles": tiles, "programmes": progs, "events": events, "municipalities": towns}


def page_one_groups(view: ProfileView, blocks: dict[str, Block]) -> list[list[str]]:
    """The source ids of what page one shows, in the order it is drawn (and read): the
    governor under the map, the figures beside it, programmes, events, municipalities."""
    groups = [view.governor.source_ids if view.governor else []]
    groups += [x.source_ids for x in blocks["tiles"].shown]
    keys = ("programmes", "events", "municipalities")
    return groups + [x.source_ids for k in keys if k in blocks for x in blocks[k].shown]


def numbered_for_page_one(view: ProfileView, blocks: dict[str, Block]) -> ProfileView:
    """The view with its sources renumbered for the brief: 1, 2, 3 … in the order they are
    first cited on page one (within one item, in the profile's order), then the sources of
    the annex only, continuing from there. The profile page keeps its own numbering."""
    first: dict[str, None] = {}
    for group in page_one_groups(view, blocks):
        for s in sorted((s for s in group if s in view.sources), key=view.sources.get):
            first.setdefault(s)
    order = list(first) + [s for s in view.sources if s not in first]
    numbers = {s: i + 1 for i, s in enumerate(order)}
    text = {s: line.split("] ", 1)[-1] for s, line in zip(view.sources, view.source_lines)}
    lines = [f"[{numbers[s]}] {text[s]}" for s in order]
    return replace(view, sources=numbers, source_lines=lines)
