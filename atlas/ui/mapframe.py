"""A folium map drawn by streamlit-folium's component, with the expensive part done once,
in a frame that loads what it needs at once.

``st_folium`` renders the whole folium map (Jinja templates, Leaflet script, header, hash) on
every run: about as much server time as the rest of a cached page. The result depends only
on the map, so ``prepare`` does exactly what ``st_folium`` does up to the component call and
the result is cached (``atlas.ui.cache.artefact``); ``draw`` then makes the component call
that ``st_folium`` makes, with the selection layer (``maps.selection_layer``) prepared the
same way. The element, its name, key and value are the same as ``st_folium``'s
(``tests/atlas/test_mapframe.py`` compares the two on the atlas's maps), so the browser
behaves as before.

The frame. st_folium's frame (``/component/streamlit_folium.st_folium/index.html``) loads
its ``main.<hash>.js`` (served with ``Cache-Control: public`` and no validator: fetched again
on every page load), waits for the render message, then loads the map's ``js_links`` one
after another (Leaflet, topojson-client), then its ``css_links``, and only then runs the
map's script, which fetches the geometry. The frame is same-origin, so it shares the page's
main thread: every step it waits for is a step behind the page's own rendering. So the
component is registered (same name) with a copy of st_folium's ``frontend/build``
(``frame_folder``: made once per content, atomically, in the temp folder, by the warm-up or
the first draw; real copies, since Streamlit's component route refuses files outside the
component's folder) whose ``index.html`` carries Leaflet's stylesheet and the scripts of Leaflet and
topojson-client in its head (``frame_links``: absolute URLs under the base path), so the
browser fetches them in parallel from the start, and ``main.js`` inlined at the end of its
body (one request instead of two). ``draw`` leaves out of ``js_links``/``css_links`` what the
frame already carries (st_folium's loader then has nothing to load; any other link still
loads). If the copy cannot be made (no writable temp folder, an index.html of another shape),
st_folium's own frame is used with every link, and the log says so once.

streamlit-folium is pinned: when it changes, re-run ``tests/atlas/test_mapframe.py`` (the
component call, the frame's index.html) and the e2e map tests.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import folium
import streamlit_folium as sf

from atlas import maps
from atlas.folders import made_once

log = logging.getLogger("atlas")
FRAME_PREFIX = "atlas-folium-frame-"
# st_folium's index.html loads its bundle with one script element in the head
_MAIN_SCRIPT = re.compile(
    r'<script\b[^>]*\bsrc="\./(static/js/main\.[0-9a-f]+\.js)"[^>]*>\s*</script>'
)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=(\S+)\s*$", re.M)
_frame_lock = threading.Lock()

# st_folium's initial value, filtered by ``returned_objects`` (as in st_folium 0.27.4)
_DEFAULTS = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "bounds",
    "zoom",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)


@dataclass(frozen=True)
class Prepared:
    """What ``st_folium`` computes from a map before it calls the component."""

    script: str
    header: str
    html: str
    id: str
    bounds: dict
    zoom: object
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _bounds(fmap: folium.Map) -> dict:
    try:
        (s, w), (n, e) = fmap.get_bounds()
    except AttributeError:
        s = w = n = e = None
    return {"_southWest": {"lat": s, "lng": w}, "_northEast": {"lat": n, "lng": e}}


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    css: list[str] = []
    js: list[str] = []

    def walk(el):
        if isinstance(el, folium.elements.JSCSSMixin):
            yield el
        for child in getattr(el, "_children", {}).values():
            yield from walk(child)

    for el in walk(fmap):
        css.extend(href for _, href in getattr(el, "default_css", []))
        js.extend(src for _, src in getattr(el, "default_js", []))
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))


def frame_links() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(stylesheets, scripts) the atlas's map frame carries in its head: Leaflet and
    topojson-client from static/, under the app's base path (what ``maps.choropleth_map``
    links by default)."""
    leaflet_js, leaflet_css = maps.leaflet_urls()
    return (leaflet_css,), (leaflet_js, maps.static_url(maps.TOPOJSON_CLIENT_JS))


def frame_html(source: Path, css: tuple[str, ...], js: tuple[str, ...]) -> str:
    """st_folium's index.html (in its build folder ``source``) with ``css`` and ``js`` in
    its head, where its bundle's script element was, and the bundle inlined at the end of
    its body. ValueError when index.html or the bundle is not of the expected shape."""
    index = (source / "index.html").read_text(encoding="utf-8")
    found = _MAIN_SCRIPT.findall(index)
    if len(found) != 1 or index.count("</head>") != 1 or index.count("</body>") != 1:
        raise ValueError(f"unexpected streamlit-folium index.html in {source}")
    bundle = (source / found[0]).read_text(encoding="utf-8")
    if "<!--" in bundle:  # would change how the HTML parser reads the script element
        raise ValueError(f"streamlit-folium's {found[0]} has '<!--': not inlined")
    # "</script" would end the element: "<\/script" means the same in a string or regex
    bundle = re.sub(r"</(script)", r"<\\/\1", bundle, flags=re.I)
    folder = found[0].rsplit("/", 1)[0]
    bundle = _SOURCE_MAP.sub(lambda m: f"//# sourceMappingURL=./{folder}/{m[1]}", bundle)
    head = "".join(f'<link rel="stylesheet" href="{escape(u)}"/>' for u in css) + "".join(
        f'<script src="{escape(u)}"></script>' for u in js
    )
    index = _MAIN_SCRIPT.sub(lambda _: head, index, count=1)
    return index.replace("</body>", f"<script>{bundle}</script></body>", 1)


def frame_folder(
    source: Path, css: tuple[str, ...], js: tuple[str, ...], root: Path | None = None
) -> Path:
    """A copy of st_folium's build folder ``source`` whose index.html is ``frame_html``'s.
    Made once per content (the folder's name carries a hash of every file of ``source``
    and of the new index.html), atomically; real copies, not links. OSError or ValueError
    when it cannot be made."""
    text = frame_html(source, css, js)
    digest = hashlib.sha256(text.encode("utf-8"))
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        digest.update(f"{name}:{hashlib.sha256(path.read_bytes()).hexdigest()};".encode())

    def fill(work: Path) -> None:
        shutil.copytree(source, work, dirs_exist_ok=True)
        (work / "index.html").write_text(text, encoding="utf-8")

    return made_once(f"{FRAME_PREFIX}{digest.hexdigest()[:12]}", fill, root)


@functools.cache
def _frame(original, css: tuple[str, ...], js: tuple[str, ...]):
    """st_folium's component served from ``frame_folder`` (once per process, per links);
    None, logged once, when the folder cannot be made."""
    from streamlit.components.v1.custom_component import CustomComponent

    try:
        folder = frame_folder(Path(original.abspath), css, js)
    except (OSError, ValueError) as exc:
        log.warning("map frame: st_folium's own frame, links loaded one by one (%s)", exc)
        return None
    return CustomComponent(
        name=original.name, path=str(folder), url=None, module_name=original.module_name
    )


def component():
    """st_folium's component (its own name) served from the atlas's frame, registered with
    this server, and the links that frame carries. Streamlit registers a component when it
    is declared (streamlit_folium's import) only inside a script run: imported earlier
    (``atlas.ui.warm`` at start, before the server exists), the server would answer 404 for
    the component's frame and no map would draw."""
    from streamlit import runtime
    from streamlit.components.v1.custom_component import CustomComponent

    component, carried = sf._component_func, frozenset()
    if isinstance(component, CustomComponent) and component.url is None and component.path:
        css, js = frame_links()
        with _frame_lock:
            frame = _frame(component, css, js)
        if frame is not None:
            component, carried = frame, frozenset(css + js)
    if isinstance(component, CustomComponent) and runtime.exists():
        registry = runtime.get_instance().component_registry
        if registry.get_component_path(component.name) != component.abspath:
            registry.register_component(component)
    return component, carried


def prepare(fmap: folium.Map) -> Prepared:
    """st_folium's work on ``fmap`` (a plain folium.Map; consumes it: build a new one for
    anything else)."""
    fmap.get_root().render()
    fmap.render()
    html = sf._get_html(fmap)
    header = sf._get_header(fmap)
    script = sf._get_map_string(fmap)
    css, js = _links(fmap)
    return Prepared(
        script=script,
        header=header,
        html=html,
        id=sf.get_full_id(fmap),
        bounds=_bounds(fmap),
        zoom=fmap.options.get("zoom") if hasattr(fmap, "options") else {},
        css_links=css,
        js_links=js,
    )


def layer_script(group: folium.FeatureGroup) -> str:
    """st_folium's script for ``feature_group_to_add=group`` (on a map of its own: the
    script names the map only as ``map_div``)."""
    return sf._get_feature_group_string(group, map=folium.Map(tiles=None), idx=0)


def element_key(prepared: Prepared, key: str) -> str:
    """The component's key, as st_folium derives it from the script and the widget key."""
    return sf.generate_js_hash(prepared.script, key, False)


def draw(
    prepared: Prepared,
    layer: str | None,
    *,
    key: str,
    component_key: str,
    height: int,
    returned_objects: list[str],
    on_change: Callable[[], None] | None,
):
    """The component call st_folium makes (``use_container_width=True``), less the links
    the frame already carries."""
    import streamlit as st

    everything = {k: None for k in _DEFAULTS} | {
        "bounds": prepared.bounds,
        "zoom": prepared.zoom,
    }
    defaults = {k: v for k, v in everything.items() if k in returned_objects}

    def _on_change() -> None:
        st.session_state[key] = st.session_state.get(component_key, {})
        if on_change is not None:
            on_change()

    frame, carried = component()
    return frame(
        script=prepared.script,
        header=prepared.header,
        html=prepared.html,
        id=prepared.id,
        key=component_key,
        height=height,
        width=None,
        returned_objects=returned_objects,
        default=defaults,
        zoom=None,
        center=None,
        feature_group=layer,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=[u for u in prepared.css_links if u not in carried],
        js_links=[u for u in prepared.js_links if u not in carried],
        on_change=_on_change,
        wrap_longitude=False,
    )
