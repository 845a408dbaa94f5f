"""The map first: on a page with a map, the map element is the first thing the browser gets.

The map frame shares the page's main thread, and the browser loads one script per kind of
element (selectbox, metric, radio, date field…) before it draws that element: whatever a page
sends before its map delays the map. So a map page reserves the place of what it shows above
the map (``above_map``), draws the map, then fills that place. Users see the same layout,
and the reading and keyboard order is that of the layout (the DOM), not the order sent.

The widgets above a map decide what the map shows: the page reads their values first
(``chosen``, ``region_chosen``: the values they will have, without drawing them), draws the
map, then draws the widgets in the reserved place with the same choices.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def above_map() -> DeltaGenerator:
    """An empty container here, for what the page shows above its map: draw the map next,
    then fill it (``with box:``). Titles may come before it (plain text, no script)."""
    return st.container()
