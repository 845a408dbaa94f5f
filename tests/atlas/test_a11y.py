"""atlas.a11y (names, descriptions, language of parts) and readable chart text, without a
browser; tests/e2e/test_accessibility.py checks the same in Chromium with axe-core."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from atlas import a11y, classify
from atlas.charts.style import TEXT_COLOR, readable


def contrast(a: str, b: str) -> float:
    def lum(h: str) -> float:
        rgb = [int(h.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        f = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_english_runs_on_a_greek_page_are_marked():
    text = "Πηγή: Hellenic Statistical Authority (ELSTAT), «Census 2021 results (19 Jul 2022)»"
    out = a11y.lang_spans(text, "el")
    assert '<span lang="en">Hellenic Statistical Authority (ELSTAT)</span>' in out
    assert '<span lang="en">Census 2021 results (19 Jul 2022)</span>' in out
    assert out.startswith("Πηγή: ")


def test_greek_runs_on_an_english_page_are_marked():
    out = a11y.lang_spans("Ministry, «Ενημερωτικό Σημείωμα Μαΐου (May 2023)»", "en")
    assert '<span lang="el">Ενημερωτικό Σημείωμα Μαΐου</span>' in out


def test_single_names_codes_and_code_spans_are_left_alone():
    assert a11y.lang_spans("Κωδικός NUTS EL30 · HELIOS", "el") == "Κωδικός NUTS EL30 · HELIOS"
    text = "εκτελέστε `python -m etl --input ΦΑΚΕΛΟΣ` και δείτε <https://example.org/a_b>"
    assert a11y.lang_spans(text, "el") == text


def test_html_in_data_is_escaped():
    out = a11y.lang_spans("Πηγή: <script>alert(1)</script> Evil Corp & Sons", "el")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<span lang="en">Evil Corp &amp; Sons</span>' in out


def spec():
    frame = pd.DataFrame(
        {
            "region_code": ["EL30", "EL54", "EL43"],
            "name": ["Αττική", "Ήπειρος", "Κρήτη"],
            "value": [3_792_469.0, 319_543.0, float("nan")],
            "qualifier": ["=", "=", None],
            "value_high": [None, None, None],
        }
    )
    return classify.choropleth_spec(frame, lang="el", title="Πληθυσμός — 2021", unit="persons", k=2)


def test_map_description_lists_every_class_and_no_data():
    s = spec()
    text = a11y.spec_description(s, "el", "Σύνοψη.")
    assert text.startswith("Σύνοψη.")
    assert "Αττική" in text and "Ήπειρος" in text
    assert "χωρίς στοιχεία: Κρήτη." in text
    for item in s.legend:
        assert item.label in text


def test_marker_names_the_map_and_escapes_text():
    html = a11y.graphic_marker('Χάρτης: "x" <b>', "Περιγραφή <i>", "el", selectable=True)
    assert 'data-name="Χάρτης: &quot;x&quot; &lt;b&gt;"' in html
    assert "Περιγραφή &lt;i&gt;" in html and 'data-selectable="1"' in html
    desc_id = re.search(r'data-desc-id="([^"]+)"', html).group(1)
    assert f'id="{desc_id}"' in html
    assert "Παράλειψη χάρτη" in html


def test_map_name_in_both_languages():
    assert a11y.map_name("Πληθυσμός ανά Περιφέρεια, 2021", "el") == (
        "Χάρτης: Πληθυσμός ανά Περιφέρεια, 2021"
    )
    assert a11y.map_name("Population by region, 2021", "en").startswith("Map: ")


@pytest.mark.parametrize("lang", ["el", "en"])
def test_document_script_survives_the_sanitiser(lang):
    """Streamlit's DOMPurify drops a script whose text has '<' before a letter, '/' or '!'."""
    html = a11y.document_html(lang)
    script = html[html.index("<script>") + 8 : html.rindex("</script>")]
    assert not re.search(r"<[/\w!]", script)
    assert f'"lang": "{lang}"' in script


def test_focus_and_caption_colours_meet_aa():
    assert contrast(a11y.FOCUS_COLOR, "#ffffff") >= 4.5
    assert contrast("#595959", "#ffffff") >= 4.5  # labels of disabled widgets
    # captions: the theme's text colour at 60 % opacity on white and on the sidebar grey
    text = re.search(r'textColor = "(#[0-9a-f]{6})"', open(".streamlit/config.toml").read())
    assert text, "the theme sets no textColor"
    base = text.group(1)
    for bg in ("#ffffff", "#f8f8f7", "#f0f2f6"):
        rgb = [
            round(
                int(bg[i : i + 2], 16) + 0.6 * (int(base[i : i + 2], 16) - int(bg[i : i + 2], 16))
            )
            for i in (1, 3, 5)
        ]
        caption = "#" + "".join(f"{c:02x}" for c in rgb)
        assert contrast(caption, bg) >= 4.5, (caption, bg)


def test_chart_text_is_dark_on_every_axis():
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    fig = readable(make_subplots(rows=1, cols=2).add_trace(go.Bar(x=[1], y=[2]), 1, 1))
    assert contrast(TEXT_COLOR, "#ffffff") >= 4.5
    assert fig.layout.font.color == TEXT_COLOR
    for axis in (fig.layout.xaxis, fig.layout.xaxis2, fig.layout.yaxis, fig.layout.yaxis2):
        assert axis.tickfont.color == TEXT_COLOR and axis.title.font.color == TEXT_COLOR


def test_nothing_in_the_data_becomes_markup():
    """Only well-formed autolinks pass unescaped; anything else with '<' is escaped."""
    hostile = 'Πηγή <https://x.org/" onmouseover="alert(1)> και <b>bold</b> `<i>code</i>`'
    out = a11y.lang_spans(hostile, "el")
    assert "`<i>code</i>`" in out  # a code span shows its text literally
    outside_code = re.sub(r"`[^`]*`", "", out)
    assert re.findall(r"<[a-z/]", outside_code) == [], out  # no tag from the data
    assert "&lt;https://x.org/" in out and "&lt;b&gt;bold&lt;/b&gt;" in out
    assert a11y.lang_spans("δες <https://x.org/a_b>", "el") == "δες <https://x.org/a_b>"
