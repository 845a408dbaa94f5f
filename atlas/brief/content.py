"""What the brief says, apart from where it goes: a tile's lines, an item's detail, the
sources a set of items cites and their footer lines, an annex line for a figure, the locator
map image."""

from __future__ import annotations

import functools

from atlas import static_map
from atlas.brief.layout import MAP_PX, MAP_SCALE
from atlas.classify import ChoroplethSpec
from atlas.views.profile import Item, ProfileView, Tile


def tile_lines(view: ProfileView, tile: Tile) -> list[str]:
    cite = view.cite(tile.source_ids)
    first = f"{tile.period}  {cite}".strip()
    return [first, *tile.lines]


def item_detail(view: ProfileView, item: Item) -> str:
    detail = item.detail + (" · " + " · ".join(item.extra) if item.extra else "")
    return f"{detail}  {view.cite(item.source_ids)}".strip()


def cited(view: ProfileView, groups: list[list[str]]) -> list[str]:
    ids = {s for g in groups for s in g if s in view.sources}
    return sorted(ids, key=view.sources.get)


def footer_text(view: ProfileView, source_ids: list[str]) -> list[str]:
    by_id = {s: line for s, line in zip(view.sources, view.source_lines)}
    return [by_id[s] for s in source_ids]


def tile_item(view: ProfileView, tile: Tile) -> Item:
    """A figure that is not in the briefing set, as an annex line with all it says."""
    title = f"{tile.label}: {tile.value}"
    return Item(title, " · ".join([tile.period, *tile.lines]), tile.source_ids)


def locator_png(view: ProfileView) -> bytes:
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
