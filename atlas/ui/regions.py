"""The region widget, shared by every page that has one: the same key (``region``) and URL
parameter, set by a click on a map as well."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from atlas import labels
from atlas.i18n import t
from atlas.ui.state import current, select

PROFILE_PAGE = "pages/region_profile.py"
MUNICIPALITIES_PAGE = "pages/municipalities.py"
REGION_KEY = "region"  # the widget key and URL parameter of the selected region


def region_options() -> list[str]:
    """'' (no region) and the 13 region codes."""
    from geo.regions import REGION_CODES

    return ["", *REGION_CODES]


def region_label(code: str, lang_code: str) -> str:
    """'Epirus (EL54)'; the empty option reads 'no region'."""
    if not code:
        return t("explorer.no_region", lang_code)
    return labels.region_label(code, lang_code, with_code=True)


def on_region_click(map_key: str) -> Callable[[], None]:
    """st_folium ``on_change`` callback: a click on a region selects it."""
    return on_shape_click(map_key, "region_code", REGION_KEY, lambda: region_options()[1:])


def on_shape_click(
    map_key: str, prop: str, widget_key: str, allowed: Callable[[], Sequence[str]]
) -> Callable[[], None]:
    """st_folium ``on_change`` callback: a click on a shape (a region, a municipal unit) puts
    its ``prop`` into the widget ``widget_key`` when it is one of ``allowed()``. Callbacks
    run before the script, the one moment Streamlit lets code set a widget's value; the
    widget then shows it and ``select`` copies it to the URL."""

    def callback() -> None:
        value = st.session_state.get(map_key) or {}
        feature = value.get("last_active_drawing") or {}
        code = (feature.get("properties") or {}).get(prop)
        if code in allowed():
            st.session_state[widget_key] = code
            st.session_state[f"_keep_{widget_key}"] = code

    return callback


def _canonical_url_region() -> None:
    """A shared link with another spelling of a region's code (pre-2013 ``EL12``, ISO
    ``GR-B``) opens that region, not the first of the list."""
    from geo.regions import UnknownRegionError, is_region_code, region_code

    value = st.query_params.get("region")
    if not isinstance(value, str) or not value or is_region_code(value):
        return
    try:
        st.query_params["region"] = region_code(value)
    except UnknownRegionError:
        return


def region_chosen(options=None) -> str:
    """The region ``region_select`` (or ``region_picker``) gives in this run, without
    drawing the widget (default options: none + the 13)."""
    _canonical_url_region()
    return current(REGION_KEY, region_options() if options is None else options) or ""


def region_select(lang_code: str, label: str, options=None, fmt=None, *, where=st) -> str:
    """The ``region`` widget (session + URL) with any options (default: none + the 13)."""
    options = region_options() if options is None else options
    _canonical_url_region()
    return select(
        REGION_KEY, label, options, fmt or (lambda c: region_label(c, lang_code)), where=where
    )


def region_picker(lang_code: str, *, where=st) -> str:
    """The region widget with a button that opens the region's profile."""
    code = region_select(lang_code, t("explorer.region", lang_code), where=where)
    if code and where.button(t("explorer.open_profile", lang_code), key="open_profile"):
        st.switch_page(PROFILE_PAGE)
    if code and where.button(
        t("municipal.show_municipalities", lang_code), key="show_municipalities"
    ):
        st.switch_page(MUNICIPALITIES_PAGE)
    return code
