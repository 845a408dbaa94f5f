"""Accessibility at the edge (WCAG 2.1 AA; docs/accessibility.md): the document language,
names and descriptions of maps and charts, and text that marks the other language's runs.
The markup itself is built by ``atlas.a11y`` (pure); this module only places it."""

from __future__ import annotations

import streamlit as st

from atlas.i18n import t
from atlas.ui.state import lang


def set_document_lang(lang_code: str) -> None:
    """Declare the page's language on <html> and load the accessibility script and styles
    (names of maps and charts, keyboard access to map regions, focus styles). Call once per
    run, from dashboard.py; it survives reruns and page switches."""
    from atlas import a11y

    st.html(a11y.document_html(lang_code), unsafe_allow_javascript=True)


def describe_graphic(
    name: str,
    description: str,
    *,
    selectable: bool = False,
    skip: bool = True,
    selected: str | None = None,
    prefetch: tuple[str, ...] = (),
) -> None:
    """Place right before a map (st_folium) or a chart: gives it an accessible name
    ('Χάρτης: …') and a description, a "skip the map" link, and on a map where a click selects
    a region (``selectable``) focusable regions that Enter selects. ``selected``: the region
    the map outlines ('' = none; see ``atlas.a11y.graphic_marker``)."""
    from atlas import a11y

    marker = a11y.graphic_marker(
        name,
        description,
        lang(),
        selectable=selectable,
        skip=skip,
        selected=selected,
        prefetch=prefetch,
    )
    st.html(marker)


def describe_map(
    spec,
    summary: str = "",
    *,
    selectable: bool = False,
    name: str | None = None,
    selected: str | None = None,
    prefetch: tuple[str, ...] = (),
) -> None:
    """``describe_graphic`` for a choropleth: named 'Χάρτης: <spec title>' (or ``name``),
    described by ``summary`` and the regions in each legend class
    (atlas.a11y.spec_description); ``selected``: the region it outlines."""
    from atlas import a11y

    code = lang()
    describe_graphic(
        a11y.map_name(name or spec.title, code),
        a11y.spec_description(spec, code, summary),
        selectable=selectable,
        selected=selected,
        prefetch=prefetch,
    )


def describe_chart(fig, description: str = "") -> None:
    """``describe_graphic`` for a Plotly chart: named 'Γράφημα: <its title>', described by
    ``description`` (a summary sentence), else by a pointer to the table with the same data."""
    from atlas import a11y

    code = lang()
    title = (fig.layout.title.text or "").strip() if fig.layout.title else ""
    text = description or t("a11y.map_table_note", code)
    describe_graphic(a11y.chart_name(title, code) if title else text, text, skip=False)


def caption(text: str, *, where=st) -> None:
    """st.caption with the other language's runs marked (English source titles on a Greek
    page are read with English pronunciation)."""
    where.caption(*_marked(text))


def markdown(text: str, *, where=st) -> None:
    """st.markdown with the other language's runs marked (see ``caption``)."""
    where.markdown(*_marked(text))


def _marked(text: str) -> tuple[str, bool]:
    """The text with the other language's runs marked, and whether it needs HTML. Without a
    run to mark it stays plain Markdown: the browser then loads no HTML parser for it
    (rehype-raw, 184 KiB, ahead of a page's map)."""
    from atlas import a11y

    marked = a11y.lang_spans(text, lang())
    return (marked, True) if "<span lang=" in marked else (text, False)
