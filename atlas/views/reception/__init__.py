"""The reception page's views, one layer per module: site snapshots by region with
proportional circles (``sites``), the Ministry's regional shares, bounds kept (``share``), the
two populations side by side (``populations``), the island series (``islands``), the municipal
integration network (``municipal``) and Eurostat figures loaded by the Directorate
(``eurostat``). No Streamlit here.

The page reads them through this package (``from atlas.views import reception as rv``)."""

from __future__ import annotations

from atlas.i18n import t
from atlas.views.reception.common import capacity_text, placement_note
from atlas.views.reception.eurostat import (
    EurostatView,
    eurostat_indicator_choice,
    eurostat_period_choice,
    eurostat_view,
    flags_text,
    reason_text,
)
from atlas.views.reception.islands import IslandView, island_frame, island_table, island_view
from atlas.views.reception.municipal import MunicipalView, municipal_choice, municipal_view
from atlas.views.reception.populations import PopulationsView, populations_view
from atlas.views.reception.share import share_choice, share_periods, share_view
from atlas.views.reception.sites import (
    SitesView,
    date_label,
    default_date,
    site_choices,
    sites_view,
)
from atlas.views.shapes import Choice

LAYERS = ("populations", "sites", "share", "islands", "municipal", "foreign")


def layer_choice(lang: str) -> Choice:
    fmt = lambda x: t(f"reception.view_{x}", lang)  # noqa: E731
    return Choice("layer", t("reception.view", lang), LAYERS, fmt, radio=True)


__all__ = [
    "LAYERS",
    "EurostatView",
    "IslandView",
    "MunicipalView",
    "PopulationsView",
    "SitesView",
    "capacity_text",
    "date_label",
    "default_date",
    "eurostat_indicator_choice",
    "eurostat_period_choice",
    "eurostat_view",
    "flags_text",
    "island_frame",
    "island_table",
    "island_view",
    "layer_choice",
    "municipal_choice",
    "municipal_view",
    "placement_note",
    "populations_view",
    "reason_text",
    "share_choice",
    "share_periods",
    "share_view",
    "site_choices",
    "sites_view",
]
