"""The region profile as a view model: everything the profile page, its CSV and the PDF brief
show for one region and language, computed without Streamlit.

Every figure keeps the ids of its sources; ``ProfileView.sources`` numbers them in order of
first use, so the page and the brief cite ``[n]`` and list the sources (with reference dates)
once. Nothing is estimated: a figure the atlas does not hold is simply not shown, and the only
derived number (density) says what it is computed from.

What the profile says about time, change, rank, office and presence follows the rules of
the marts (docs/data-model.md; the figures' statements: ``atlas.views.figures``): who holds
office is read on the data's reference date (``queries.reference_date``: the build date,
passed in as ``on`` so the view stays a function of its inputs), a programme is "present" in
a region only where it is documented as operating there, and a visit without a date says so.

The package: ``model`` (the view and its items), ``items`` (programmes, events, governor,
reception), ``exports`` (CSV and map PNG), ``text`` (the page's lines), ``view``
(``profile_view`` puts them together).
"""

from __future__ import annotations

from atlas.views.figures import Tile
from atlas.views.profile.items import visit_text
from atlas.views.profile.model import (
    LOCATOR_COLOR,
    LOCATOR_OTHER,
    MAX_MESSAGE,
    MAX_PURPOSE,
    Item,
    ProfileView,
    Visit,
    region_spec,
)
from atlas.views.profile.since import SinceView, resolve, since_choice, since_view
from atlas.views.profile.text import (
    header_line,
    item_markdown,
    metrics,
    municipal_caption,
    sources_markdown,
)
from atlas.views.profile.view import profile_view

__all__ = [
    "LOCATOR_COLOR",
    "LOCATOR_OTHER",
    "MAX_MESSAGE",
    "MAX_PURPOSE",
    "Item",
    "ProfileView",
    "SinceView",
    "Tile",
    "Visit",
    "header_line",
    "item_markdown",
    "metrics",
    "municipal_caption",
    "profile_view",
    "region_spec",
    "resolve",
    "since_choice",
    "since_view",
    "sources_markdown",
    "visit_text",
]
