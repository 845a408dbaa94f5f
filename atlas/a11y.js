/* Integration Atlas: accessibility helpers that run in the app's own document (st.html with
 * unsafe_allow_javascript; see atlas/a11y.py, docs/accessibility.md).
 *
 * Installed once per browser tab; every rerun only updates window.__atlasA11y.config. A
 * MutationObserver re-applies the rules whenever Streamlit redraws, so they survive reruns
 * and page switches:
 *  - the html element's lang follows the chosen language (Streamlit serves lang="en");
 *  - an element whose own text is all in the other script gets lang="en" / lang="el";
 *  - each map/chart announced by a marker (.atlas-a11y-graphic, written by
 *    atlas.a11y.graphic_marker just before it) gets an accessible name and a description;
 *  - in the map frames (same origin): lang, focus styles, and on maps where a click selects a
 *    region, every region is a focusable button with a label; Enter or Space selects it;
 *  - points with a tooltip (reception sites, municipalities) are focusable, named by their
 *    tooltip (site, capacity, occupancy, date), the tooltip shown while focused;
 *  - a "skip the map" link moves the focus past the frame;
 *  - HTML tables (table.atlas-sortable) sort by a column when its header button is pressed.
 * No network, no dependency; plain ES2017.
 */
(function (config) {
  "use strict";
  var w = window;
  var state = (w.__atlasA11y = w.__atlasA11y || {});
  state.config = config;
  var GREEK = /[\u0370-\u03ff\u1f00-\u1fff]/;
  var LATIN = /[A-Za-z\u00c0-\u024f]/;
  var SKIP_TAGS = { SCRIPT: 1, STYLE: 1, NOSCRIPT: 1, SVG: 1, TEMPLATE: 1, IFRAME: 1 };

  function ownText(el) {
    var text = "";
    for (var n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) text += n.nodeValue;
    }
    return text;
  }

  // Language of parts (WCAG 3.1.2): only whole elements, never by splitting React's text
  // nodes. Mixed lines carry span[lang] from the server (atlas.a11y.lang_spans).
  function markForeign(root, lang) {
    var other = lang === "el" ? LATIN : GREEK;
    var own = lang === "el" ? GREEK : LATIN;
    var foreign = lang === "el" ? "en" : "el";
    var all = root.querySelectorAll("body *");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (SKIP_TAGS[el.tagName.toUpperCase()] || el.closest("svg")) continue;
      if (el.hasAttribute("data-atlas-lang-fixed")) continue; // set by the server on purpose
      var text = ownText(el);
      var auto = el.getAttribute("data-atlas-lang");
      if (!text.trim()) {
        if (auto) { el.removeAttribute("lang"); el.removeAttribute("data-atlas-lang"); }
        continue;
      }
      var isForeign = other.test(text) && !own.test(text);
      if (isForeign && auto !== foreign) {
        el.setAttribute("lang", foreign);
        el.setAttribute("data-atlas-lang", foreign);
      } else if (!isForeign && auto) {
        el.removeAttribute("lang");
        el.removeAttribute("data-atlas-lang");
      }
    }
  }

  function containerOf(el) {
    return el.closest('[data-testid="stElementContainer"]') || el;
  }

  // The graphic a marker announces: the first frame or chart in the containers after it.
  function graphicAfter(marker) {
    var box = containerOf(marker);
    for (var i = 0, next = box.nextElementSibling; next && i < 4; i++, next = next.nextElementSibling) {
      var found = next.querySelector("iframe, [data-testid='stPlotlyChart']");
      if (found) return found;
    }
    return null;
  }

  // The region a map outlines comes with its marker (data-selected-code), not with the map
  // element: the map frame keeps its Leaflet and only the outline changes (atlasSelect is
  // defined by the map's own script, atlas.maps).
  function outline(iframe, code) {
    var fw;
    try {
      fw = iframe.contentWindow;
    } catch (e) {
      return;
    }
    if (!fw || typeof fw.atlasSelect !== "function") return; // not drawn yet: next pass
    var wanted = code || null;
    if (fw.__atlasSelected === wanted) return;
    fw.atlasSelect(wanted);
    fw.__atlasSelected = wanted;
  }

  function labelGraphic(marker) {
    var target = graphicAfter(marker);
    if (!target) return;
    var code = marker.getAttribute("data-selected-code");
    if (code !== null && target.tagName === "IFRAME") outline(target, code);
    var name = marker.getAttribute("data-name") || "";
    var descId = marker.getAttribute("data-desc-id");
    if (target.tagName === "IFRAME") {
      if (target.getAttribute("title") !== name) target.setAttribute("title", name);
      if (descId) target.setAttribute("aria-describedby", descId);
      target.setAttribute("data-atlas-selectable", marker.getAttribute("data-selectable") || "");
      target.setAttribute("data-atlas-select-label", marker.getAttribute("data-select-label") || "");
      prepareFrame(target);
    } else {
      // a chart: a figure with a name; the SVG itself is decoration for assistive tech
      target.setAttribute("role", "figure");
      target.setAttribute("aria-label", name);
      if (descId) target.setAttribute("aria-describedby", descId);
    }
    var skip = marker.querySelector("a.atlas-skip");
    if (skip && !skip.__atlasBound) {
      skip.__atlasBound = true;
      skip.addEventListener("click", function (ev) {
        ev.preventDefault();
        focusAfter(containerOf(graphicAfter(marker) || marker));
      });
    }
  }

  var FOCUSABLE =
    'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), ' +
    'textarea:not([disabled]), iframe, [tabindex]:not([tabindex="-1"])';

  function focusAfter(box) {
    var all = document.querySelectorAll(FOCUSABLE);
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (box.contains(el)) continue;
      if (box.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) {
        if (el.offsetParent === null && el.tagName !== "IFRAME") continue; // hidden
        el.focus();
        return;
      }
    }
  }

  var FRAME_CSS =
    ".leaflet-container:focus-visible{outline:3px solid #1d5c96;outline-offset:-3px}" +
    "path.leaflet-interactive:focus{outline:none}" +
    "path.leaflet-interactive:focus-visible{stroke:#000;stroke-width:4px;stroke-dasharray:none}" +
    ".leaflet-control a:focus-visible{outline:3px solid #1d5c96;outline-offset:1px}";

  function plainText(html) {
    var div = document.createElement("div");
    div.innerHTML = html || "";
    var rows = div.querySelectorAll("tr");
    if (!rows.length) return (div.textContent || "").trim();
    var parts = [];
    for (var i = 0; i < rows.length; i++) {
      var cells = rows[i].querySelectorAll("th, td");
      var texts = [];
      for (var j = 0; j < cells.length; j++) texts.push(cells[j].textContent.trim());
      parts.push(texts.filter(Boolean).join(": "));
    }
    return parts.join("; ");
  }

  function prepareFrame(iframe) {
    var doc, fw;
    try {
      doc = iframe.contentDocument;
      fw = iframe.contentWindow;
    } catch (e) {
      return; // not same-origin: nothing to do from here
    }
    if (!doc || !doc.documentElement) return;
    var lang = state.config.lang;
    if (doc.documentElement.lang !== lang) doc.documentElement.lang = lang;
    var name = iframe.getAttribute("title");
    if (name && doc.title !== name) doc.title = name;
    if (doc.head && !doc.getElementById("atlas-a11y-frame-css")) {
      var style = doc.createElement("style");
      style.id = "atlas-a11y-frame-css";
      style.textContent = FRAME_CSS;
      doc.head.appendChild(style);
    }
    markForeign(doc, lang);
    if (!doc.__atlasObserved && doc.body && fw.MutationObserver) {
      doc.__atlasObserved = true; // the map is drawn (and redrawn) inside the frame
      new fw.MutationObserver(schedule).observe(doc.body, { childList: true, subtree: true });
    }
    var map = fw && fw.map;
    if (!map || !map._layers || !map.getContainer) return;
    var container = map.getContainer();
    if (container && name) container.setAttribute("aria-label", name);
    var selectable = iframe.getAttribute("data-atlas-selectable") === "1";
    var hint = iframe.getAttribute("data-atlas-select-label") || "";
    var seen = {};
    for (var id in map._layers) {
      var layer = map._layers[id];
      var props = layer && layer.feature && layer.feature.properties;
      var key = props && (props.atlas_key || props.region_code);
      if (!key || !layer._path) {
        preparePoint(layer, seen);
        continue;
      }
      var path = layer._path;
      var label = plainText(props.tooltip) || key;
      if (!selectable) {
        // display-only map: regions stay out of the tab order (the table carries the data)
        if (path.getAttribute("tabindex") === "0") path.removeAttribute("tabindex");
        continue;
      }
      if (path.getAttribute("aria-label") !== label) path.setAttribute("aria-label", label);
      if (path.getAttribute("tabindex") !== "0") path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      if (hint) path.setAttribute("aria-description", hint);
      if (!path.__atlasKeys) {
        path.__atlasKeys = true;
        bindRegionKeys(path, layer);
      }
    }
  }

  // A point with a tooltip (a reception site, a municipality): focusable, named by its
  // tooltip (site, capacity, occupancy, date), the tooltip shown while focused. A site drawn
  // as two circles (capacity, occupancy) is one stop: the second is hidden from the tree.
  function preparePoint(layer, seen) {
    if (!layer || !layer._path || !layer.getLatLng || !layer.getTooltip) return;
    var tip = layer.getTooltip();
    if (!tip) return;
    var content = tip.getContent();
    var label = plainText(typeof content === "string" ? content : content && content.innerHTML);
    if (!label) return;
    var path = layer._path;
    var at = layer.getLatLng();
    var key = at.lat.toFixed(5) + "," + at.lng.toFixed(5) + "|" + label;
    if (seen[key] && seen[key] !== path) {
      path.setAttribute("aria-hidden", "true");
      if (path.getAttribute("tabindex") === "0") path.removeAttribute("tabindex");
      return;
    }
    seen[key] = path;
    if (path.getAttribute("aria-label") !== label) path.setAttribute("aria-label", label);
    if (path.getAttribute("tabindex") !== "0") path.setAttribute("tabindex", "0");
    path.setAttribute("role", "img");
    if (!path.__atlasKeys) {
      path.__atlasKeys = true;
      path.addEventListener("focus", function () {
        if (layer.openTooltip) layer.openTooltip(layer.getLatLng());
      });
      path.addEventListener("blur", function () {
        if (layer.closeTooltip) layer.closeTooltip();
      });
    }
  }

  function bindRegionKeys(path, layer) {
    path.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" && ev.key !== " " && ev.key !== "Spacebar") return;
      ev.preventDefault();
      var latlng = layer.getCenter ? layer.getCenter() : null;
      // the same event a mouse click fires: streamlit-folium reports the region back
      layer.fire("click", { latlng: latlng, layer: layer, originalEvent: ev }, true);
    });
    path.addEventListener("focus", function () {
      if (layer.openTooltip && layer.getCenter) layer.openTooltip(layer.getCenter());
    });
    path.addEventListener("blur", function () {
      if (layer.closeTooltip) layer.closeTooltip();
    });
  }

  // Sortable HTML tables (atlas.charts.table): a column's button sorts the rows on the
  // cells' data-sort keys (numbers on their values, empty cells last); again: reversed.
  var ARROWS = { ascending: "\u25b2", descending: "\u25bc", none: "\u2195" };

  function sortTable(table, button) {
    var col = Number(button.getAttribute("data-col"));
    var th = button.closest("th");
    var order = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var heads = table.querySelectorAll("thead th");
    for (var i = 0; i !== heads.length; i++) {
      var state = heads[i] === th ? order : "none";
      heads[i].setAttribute("aria-sort", state);
      var arrow = heads[i].querySelector("span[aria-hidden]");
      if (arrow) arrow.textContent = ARROWS[state];
    }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var keyOf = function (row) {
      var cell = row.cells[col];
      return cell ? cell.getAttribute("data-sort") || "" : "";
    };
    var numeric = rows.every(function (row) {
      var k = keyOf(row);
      return k === "" || !isNaN(Number(k));
    });
    var lang = table.getAttribute("data-lang") || "el";
    rows.sort(function (a, b) {
      var x = keyOf(a);
      var y = keyOf(b);
      if (x === "" || y === "") return (x === "") - (y === "");
      var d = numeric ? Number(x) - Number(y) : x.localeCompare(y, lang);
      return order === "ascending" ? d : -d;
    });
    rows.forEach(function (row) {
      body.appendChild(row);
    });
  }

  function bindTables() {
    var tables = document.querySelectorAll("table.atlas-sortable");
    for (var i = 0; i !== tables.length; i++) {
      if (tables[i].__atlasSort) continue;
      tables[i].__atlasSort = true;
      tables[i].addEventListener("click", function (ev) {
        var button = ev.target.closest("button.atlas-sort");
        if (button) sortTable(ev.currentTarget, button);
      });
    }
  }

  // A map frame loads Leaflet and topojson (atlas.ui.mapframe), then its script fetches its
  // geometry. Its marker lists them (data-prefetch): ask for all of them at once, as soon as
  // the marker appears (same origin: the frame, made later, finds them in the cache).
  function prefetch() {
    var fetched = (state.fetched = state.fetched || {});
    var markers = document.querySelectorAll(".atlas-a11y-graphic[data-prefetch]");
    for (var i = 0; i !== markers.length; i++) {
      var urls = (markers[i].getAttribute("data-prefetch") || "").split(" ");
      for (var j = 0; j !== urls.length; j++) {
        if (!urls[j] || fetched[urls[j]]) continue;
        fetched[urls[j]] = true;
        fetch(urls[j], { credentials: "same-origin" }).catch(function () {});
      }
    }
  }

  function onMutation() {
    prefetch();
    schedule();
  }

  function apply() {
    state.pending = false;
    var lang = state.config.lang;
    var root = document.documentElement;
    if (root.lang !== lang) root.lang = lang;
    var markers = document.querySelectorAll(".atlas-a11y-graphic");
    for (var i = 0; i < markers.length; i++) labelGraphic(markers[i]);
    bindTables();
    markForeign(document, lang);
  }

  function schedule() {
    if (state.pending) return;
    state.pending = true;
    setTimeout(apply, 120);
  }
  state.schedule = schedule;

  if (!state.observer) {
    state.observer = new MutationObserver(onMutation);
    state.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    // map frames load after they are inserted: catch their load events too
    document.addEventListener("load", schedule, true);
  }
  prefetch();
  apply();
})(/*CONFIG*/);
