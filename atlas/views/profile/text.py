"""The profile as the page shows it: metrics, item lines, the header and the sources."""

from __future__ import annotations

from atlas.i18n import t
from atlas.views.figures import Tile
from atlas.views.profile.model import Item, ProfileView
from atlas.views.shapes import Metric


def metrics(
    view: ProfileView, tiles: list[Tile] | None = None, marks: dict[str, str] | None = None
) -> list[Metric]:
    """The tiles (default: all) as the page shows them: label (unit), number, and period ·
    source [n] · context lines under it; ``marks`` (indicator -> "since …: revised", from
    ``since_view``) first on the tiles whose figures changed between versions."""
    out = []
    marks = marks or {}
    for tile in view.tiles if tiles is None else tiles:
        label = f"{tile.label} ({tile.unit})" if tile.unit else tile.label
        cite = view.cite(tile.source_ids)
        key = "profile.figure_source" if tile.dated else "profile.figure_source_undated"
        lines = [t(key, view.lang, period=tile.period, cite=cite), *tile.lines]
        if tile.key in marks:
            lines.insert(0, f"**{marks[tile.key]}**")
        out.append(Metric(label, tile.number or tile.value, " · ".join(lines)))
    return out


def item_markdown(view: ProfileView, item: Item) -> str:
    """A programme, event or governor line: title, details, sources [n]."""
    extra = " · ".join(item.extra)
    detail = item.detail + (f" · {extra}" if extra else "")
    return f"**{item.title}**  \n{detail} {view.cite(item.source_ids)}"


def header_line(view: ProfileView) -> str:
    """The other language's name, NUTS and ISO codes, and the date of the data."""
    return (
        f"{view.other_name} · {t('profile.nuts', view.lang)} {view.code} · ISO {view.iso} · "
        + t("profile.data_as_of_note", view.lang, date=view.data_as_of)
    )


def sources_markdown(view: ProfileView) -> str:
    """The numbered sources, then the caveats in italics."""
    return "  \n".join(view.source_lines) + "  \n\n_" + " ".join(view.caveats) + "_"


def municipal_caption(view: ProfileView) -> str:
    """What the Municipalities section holds and what "no record" means."""
    section, lang = view.municipal, view.lang
    if section is None:
        return ""
    summary = t(
        "local.summary",
        lang,
        n_with=section.n_municipalities - section.n_without_record,
        n=section.n_municipalities,
        n_network=len(section.network),
    )
    return f"{t('local.section_intro', lang)} {summary}"
