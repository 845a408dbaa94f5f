"""What a region profile is: its items, the visit the user types, the view itself and its
locator map."""

from __future__ import annotations

from dataclasses import dataclass, field

from atlas import i18n, labels
from atlas.classify import ChoroplethSpec, LegendItem, ramp
from atlas.i18n import t
from atlas.views.figures import Tile
from atlas.views.shapes import Export, MapSpec, Table

MAX_PURPOSE = 400  # characters kept from a visit's purpose (the page limits input too)
MAX_MESSAGE = 220  # characters kept from each key message
LOCATOR_COLOR = ramp(5)[-1]  # the darkest class colour: the region stands out, also in grey
LOCATOR_OTHER = "#eeeeee"


@dataclass
class Item:
    """A programme, event or visit line: title, details, sources."""

    title: str
    detail: str
    source_ids: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


@dataclass
class Visit:
    """What the user types for a coming visit (kept in session and URL, never stored)."""

    date: str = ""  # ISO yyyy-mm-dd or empty
    purpose: str = ""
    messages: tuple[str, ...] = ("", "", "")
    last_brief: str = ""  # the version of the data the last brief was made from ('' none)

    def key(self) -> tuple:
        return (self.date, self.purpose, tuple(self.messages), self.last_brief)


@dataclass(kw_only=True)
class MunicipalSection:
    """The region's municipalities (issue 26): ``items`` those with any record (network ones
    first), ``network`` those with a known ΚΕΜ, council or Cities Network membership, with
    only those structures (page one of the brief), ``table`` every municipality (screen,
    annex, CSV)."""

    items: list[Item]
    network: list[Item]
    table: Table
    n_municipalities: int
    n_without_record: int
    source_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ProfileView:
    """One region's profile in one language (built by ``profile_view``, by keyword, in one
    step; frozen: the page, the CSV and the brief read the same object)."""

    code: str
    iso: str
    name_el: str
    name_en: str
    lang: str
    data_as_of: str  # formatted database build date ('' if unknown)
    data_as_of_iso: str
    tiles: list[Tile]  # the briefing set first (``Tile.briefing``), then every other figure
    programmes: list[Item]
    events: list[Item]
    governor: Item | None
    reception: list[Item]
    sources: dict[str, int]  # source_id -> footnote number, in order of first use
    source_lines: list[str]  # "[n] publisher, «title» (reference date)"
    source_urls: dict[str, str]
    caveats: list[str]
    locator: ChoroplethSpec
    table: Table  # every figure of the region, for the CSV
    exports: list[Export]  # CSVs (figures, local items), locator map PNG (screen, print)
    local: Table | None = None  # municipal items (qualifiers kept: '>1500'), for their CSV
    municipal: MunicipalSection | None = None  # the region's municipalities (issue 26)
    # "Activities reported in this region" (issue 27): partner, activity, latest month
    # reported, months, report files (their source); SYNTHETIC test reports say so
    activities: list[Item] = field(default_factory=list)

    @property
    def name(self) -> str:
        return labels.local(self, "name", self.lang)

    @property
    def other_name(self) -> str:
        """The name in the other language (Greek readers see the English one, and back)."""
        return labels.local(self, "name", i18n.other_lang(self.lang))

    @property
    def map(self) -> MapSpec:
        caption = t("profile.map_click", self.lang) + " " + t("common.boundaries_credit", self.lang)
        return MapSpec(self.locator, caption=caption)

    @property
    def briefing(self) -> list[Tile]:
        """The briefing set: the tiles of page one of the brief and the profile's first row."""
        return [x for x in self.tiles if x.briefing]

    @property
    def other_tiles(self) -> list[Tile]:
        return [x for x in self.tiles if not x.briefing]

    def cite(self, source_ids: list[str]) -> str:
        nums = sorted({self.sources[s] for s in source_ids if s in self.sources})
        return "".join(f"[{n}]" for n in nums)


def region_spec(code: str, name: str, lang: str) -> ChoroplethSpec:
    """Locator: the region in the darkest ramp colour, the rest pale (reads in greyscale)."""
    from geo.regions import REGIONS

    colors = {r.code: (LOCATOR_COLOR if r.code == code else LOCATOR_OTHER) for r in REGIONS}
    tips = {
        r.code: [(t("common.region", lang), labels.region_label(r.code, lang))] for r in REGIONS
    }
    legend = [
        LegendItem(LOCATOR_COLOR, f"{name} ({code})", "class"),
        LegendItem(LOCATOR_OTHER, t("profile.other_regions", lang), "class"),
    ]
    return ChoroplethSpec(title=name, colors=colors, tooltips=tips, legend=legend)
