"""axe-core in a Playwright page: WCAG 2.1 A/AA violations of the page and of every frame in it
(the st_folium map frames included). No pytest here: the accessibility test and a manual
measurement (``python -m tests.e2e.axe URL...``) share it.

axe-core is vendored (tests/e2e/vendor/axe-core, npm ``axe-core``, MPL-2.0): no network at
test time. axe only looks inside a frame that has axe loaded itself, so it is injected into
every frame first; the run in the top document then covers the frames too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

AXE_DIR = Path(__file__).parent / "vendor" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_JS = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
    iframes: true,
    frameWaitTime: 20000,
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target,
      html: n.html.slice(0, 200),
      summary: (n.failureSummary || '').slice(0, 300),
    })),
  }));
}
"""


def inject(tab) -> int:
    """Load axe into the page and each of its frames; returns how many frames got it."""
    source = AXE_JS.read_text(encoding="utf-8")
    n = 0
    # Children first: the top run asks each frame for its results as soon as it starts.
    for frame in reversed(tab.frames):
        if frame.is_detached():
            continue
        if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
            frame.add_script_tag(content=source)
        n += 1
    return n


def violations(tab, tags: list[str] | None = None) -> list[dict]:
    """WCAG 2.1 A/AA violations on the page as it is now (frames included)."""
    inject(tab)
    return tab.main_frame.evaluate(RUN_JS, tags or WCAG21_AA_TAGS)


# Text that axe leaves "incomplete" (its background cannot be determined): Plotly's SVG text
# and the legends and notes drawn over the Leaflet map. Checked here against the nearest
# opaque background (white when none), the way a reader sees it.
TEXT_CONTRAST_JS = """
(selector) => {
  const parse = (c) => {
    const m = (c || '').match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(',').map(x => parseFloat(x));
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const lum = (c) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a >= 0.5) return c;
    }
    return {r: 255, g: 255, b: 255, a: 1};
  };
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = (el.textContent || '').trim();
    if (!text) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const fg = parse(el instanceof SVGElement ? style.fill : style.color);
    if (!fg || fg.a === 0) continue;
    const bg = background(el);
    const blend = {r: bg.r + fg.a * (fg.r - bg.r), g: bg.g + fg.a * (fg.g - bg.g),
                   b: bg.b + fg.a * (fg.b - bg.b)};
    const [hi, lo] = [lum(blend), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const bold = parseInt(style.fontWeight, 10) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) out.push({text: text.slice(0, 60), ratio: +ratio.toFixed(2)});
  }
  return out;
}
"""
CHART_TEXT = ".stPlotlyChart svg text"
MAP_TEXT = ".atlas-legend *, .atlas-note *, .leaflet-control-scale-line, .leaflet-tooltip *"


def low_contrast_text(tab) -> list[dict]:
    """Chart text (top document) and map legend text (every frame) under 4.5:1 (3:1 large)."""
    found = tab.main_frame.evaluate(TEXT_CONTRAST_JS, CHART_TEXT)
    for frame in tab.frames[1:]:
        if not frame.is_detached():
            found += frame.evaluate(TEXT_CONTRAST_JS, MAP_TEXT)
    return found


def node_count(found: list[dict]) -> int:
    return sum(len(v["nodes"]) for v in found)


def describe(found: list[dict], limit: int = 8) -> str:
    """Readable lines for an assertion message."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:limit]:
            lines.append(f"    {node['target']} {node['html'][:120]!r}")
            if node["summary"]:
                lines.append("      " + node["summary"].replace("\n", " | ")[:240])
    return "\n".join(lines)


def main(urls: list[str]) -> None:
    """Measure pages by hand: ``python -m tests.e2e.axe http://localhost:8516/?lang=el ...``."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, READY, find_chromium

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        for url in urls:
            tab = context.new_page()
            tab.goto(url)
            tab.wait_for_selector(READY, timeout=60_000)
            tab.wait_for_timeout(2500)
            found = violations(tab)
            lang = tab.evaluate("() => document.documentElement.lang")
            print(json.dumps({"url": url, "lang": lang, "nodes": node_count(found)}))
            if found:
                print(describe(found))
            tab.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
