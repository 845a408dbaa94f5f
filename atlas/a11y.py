"""Accessibility helpers (WCAG 2.1 AA, docs/accessibility.md), without Streamlit.

- ``document_html(lang)``: the one script + style block the app loads on every run
  (``ui.set_document_lang``): ``<html lang>``, language of whole foreign-script elements,
  names and descriptions of maps and charts, keyboard access to map regions, focus styles.
- ``graphic_marker(...)``: the HTML placed right before a map or chart; the script gives the
  graphic that follows it its accessible name and description (and a "skip" link).
- ``lang_spans(text, lang)``: marks runs of the other language (English source titles on a
  Greek page, Greek titles on an English page) with ``<span lang>`` for Markdown with HTML.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from functools import lru_cache
from pathlib import Path

from atlas.i18n import norm_lang, t

SCRIPT_PATH = Path(__file__).with_name("a11y.js")
FOCUS_COLOR = "#1d5c96"  # the theme's primary colour: 7.0:1 on white

STYLE = f"""
.atlas-sr-only{{position:absolute!important;width:1px!important;height:1px!important;
padding:0!important;margin:-1px!important;overflow:hidden!important;clip:rect(0,0,0,0)!important;
white-space:nowrap!important;border:0!important}}
[data-testid="stElementContainer"]:has(.atlas-a11y-graphic),
[data-testid="stElementContainer"]:has(.atlas-a11y-doc){{position:absolute;width:1px;height:0;
overflow:visible;z-index:5;margin:0;padding:0}}
a.atlas-skip{{position:absolute;left:-10000px;top:0}}
a.atlas-skip:focus{{left:0;top:0;background:#fff;color:{FOCUS_COLOR};padding:.4rem .7rem;
border:2px solid {FOCUS_COLOR};border-radius:4px;white-space:nowrap;z-index:1000}}
a:focus-visible,button:focus-visible,summary:focus-visible,[role="tab"]:focus-visible,
[role="radio"]:focus-visible,iframe:focus,input:focus-visible,textarea:focus-visible{{
outline:3px solid {FOCUS_COLOR}!important;outline-offset:2px}}
[data-testid="stCode"] code .token{{color:inherit!important}}
[data-testid="stMetricLabel"],[data-testid="stMetricLabel"] *{{white-space:normal!important;
overflow:visible!important;text-overflow:clip!important}}
[data-testid="stMetricValue"]{{font-size:clamp(1.4rem,2.4vw,2.25rem)!important}}
[data-testid="stMetricValue"] *{{white-space:normal!important;overflow:visible!important;
text-overflow:clip!important;overflow-wrap:anywhere}}
label[data-testid="stWidgetLabel"][disabled],label[data-testid="stWidgetLabel"][disabled] *{{
color:#595959!important}}
"""


@lru_cache(maxsize=1)
def _script_source() -> str:
    return SCRIPT_PATH.read_text(encoding="utf-8")


def document_html(lang: str) -> str:
    """Script and style for ``st.html(..., unsafe_allow_javascript=True)``. The body changes
    only with the language, so Streamlit re-runs the script only when the language changes."""
    config = json.dumps({"lang": norm_lang(lang)}, ensure_ascii=True)
    script = _script_source().replace("/*CONFIG*/", config)
    # Streamlit's sanitiser (DOMPurify, SAFE_FOR_XML) drops a script whose text has '<' before
    # a letter, '/' or '!': the script must not contain one (tests/atlas/test_a11y.py).
    if re.search(r"<[/\w!]", script):
        raise ValueError("a11y.js must not contain '<' followed by a letter, '/' or '!'")
    return (
        f'<div class="atlas-a11y-doc" hidden></div><style>{STYLE}</style><script>{script}</script>'
    )


def map_name(title: str, lang: str) -> str:
    """'Χάρτης: Πληθυσμός ανά Περιφέρεια, 2021' — the accessible name of a map frame."""
    return t("a11y.map_name", lang, title=title)


def chart_name(title: str, lang: str) -> str:
    return t("a11y.chart_name", lang, title=title)


def graphic_marker(
    name: str,
    description: str,
    lang: str,
    *,
    selectable: bool = False,
    skip: bool = True,
    selected: str | None = None,
    prefetch: tuple[str, ...] = (),
) -> str:
    """HTML placed right before a map (or chart): names the graphic that follows and describes
    it for screen readers; ``selectable`` maps get focusable regions (Enter selects).
    ``selected``: the region the map outlines ('' = none; None = the marker leaves the
    outline alone). The script outlines it in the map frame, so a new selection changes this
    small marker, never the map element (which the browser then keeps as it is).
    ``prefetch``: what the map frame will load (its scripts, styles and geometry); the script
    asks for all of them at once as soon as the marker appears, before the frame exists."""
    digest = hashlib.sha1(f"{name}\n{description}".encode()).hexdigest()[:10]
    desc_id = f"atlas-desc-{digest}"
    attrs = {
        "class": "atlas-a11y-graphic",
        "data-name": name,
        "data-desc-id": desc_id,
        "data-selectable": "1" if selectable else "",
        "data-select-label": t("a11y.region_select_hint", lang) if selectable else "",
    }
    if selected is not None:
        attrs["data-selected-code"] = selected
    if prefetch:
        attrs["data-prefetch"] = " ".join(prefetch)
    opening = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items())
    link = (
        f'<a class="atlas-skip" href="#">{html.escape(t("a11y.skip_map", lang))}</a>'
        if skip
        else ""
    )
    text = html.escape(description or name)
    return f'<div {opening}>{link}<p id="{desc_id}" class="atlas-sr-only">{text}</p></div>'


# --- language of parts ---------------------------------------------------------------------

_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_LATIN = "A-Za-z\u00c0-\u024f"
_WORD = {
    "el": f"[{_LATIN}][{_LATIN}0-9'’.&-]*",  # a Latin word on a Greek page
    "en": f"[{_GREEK}][{_GREEK}0-9'’.&-]*",  # a Greek word on an English page
}
_OWN = {"el": _GREEK, "en": _LATIN}
_GAP = r"[ \t0-9,:;()/&'’.\-–]+"  # what may stand between two words of one run
# Left as they are: code, autolinks, Markdown link targets, bare URLs.
_PROTECTED = re.compile(r"`[^`\n]*`|<https?://[^\s<>\"']*>|\]\([^)\s]*\)|https?://[^\s<>\"']+")


@lru_cache(maxsize=2)
def _run_pattern(lang: str) -> re.Pattern:
    word = _WORD[lang]
    return re.compile(f"{word}(?:{_GAP}{word})*")


def _mark(text: str, lang: str) -> str:
    foreign = "en" if lang == "el" else "el"
    out, pos = [], 0
    for m in _run_pattern(lang).finditer(text):
        start, end = m.span()
        run = m.group()
        if run.count("(") > run.count(")"):  # '(19 Jul 2022)': close the parenthesis
            close = text.find(")", end)
            tail = text[end : close + 1] if close >= 0 else ""
            if tail and not re.search(f"[{_OWN[lang]}«»·\n]", tail):
                end += len(tail)
                run += tail
        if run.count(")") > run.count("("):
            continue  # e.g. the tail of a parenthesis opened in the page's language
        words = [w for w in re.findall(_WORD[lang], run) if len(w) >= 2]
        if len(words) < 2 or not any(w != w.upper() for w in words):
            continue  # single names, acronyms and codes (HELIOS, NUTS EL30) read fine either way
        out.append(html.escape(text[pos:start], quote=False))
        out.append(f'<span lang="{foreign}">{html.escape(run, quote=False)}</span>')
        pos = end
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)


def lang_spans(text: str, lang: str) -> str:
    """``text`` (Markdown) with HTML escaped and each run of two or more words in the other
    script wrapped in ``<span lang="en|el">``; code and links are left untouched. For
    ``st.markdown``/``st.caption`` with ``unsafe_allow_html=True``."""
    lang = norm_lang(lang)
    out, pos = [], 0
    for m in _PROTECTED.finditer(text):
        out.append(_mark(text[pos : m.start()], lang))
        out.append(m.group())
        pos = m.end()
    out.append(_mark(text[pos:], lang))
    return "".join(out)


# --- text alternatives ---------------------------------------------------------------------


def spec_description(spec, lang: str, summary: str = "") -> str:
    """The text alternative of a choropleth: ``summary`` (if any), then each legend class with
    the regions in it, e.g. 'Πληθυσμός — 2021. 194.136 – 280.851 άτομα: Βόρειο Αιγαίο, Ιόνια
    Νησιά. …'. Read from the spec itself, so it always matches the colours on screen."""
    from geo.regions import BY_CODE

    lang = norm_lang(lang)

    def name(code: str) -> str:
        region = BY_CODE.get(code)
        if region is None:
            return code
        return region.name_el if lang == "el" else region.name_en

    parts = [summary.strip()] if summary.strip() else [spec.title.strip() + "."]
    by_color: dict[str, list[str]] = {}
    for code, color in spec.colors.items():
        by_color.setdefault(color, []).append(code)
    seen: set[str] = set()
    for item in spec.legend:
        if item.color in seen:
            continue
        seen.add(item.color)
        codes = by_color.get(item.color, [])
        if item.kind == "no_data":
            codes = list(spec.no_data) or codes
        if codes:
            regions = ", ".join(sorted((name(c) for c in codes), key=str.casefold))
            parts.append(f"{item.label}: {regions}.")
    return " ".join(parts)
