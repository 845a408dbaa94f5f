"""atlas.charts.table: the light HTML table of the map pages — headers, numbers in the
reader's format sorting on their values, links, and markup shown as text."""

from __future__ import annotations

import pandas as pd

from atlas.charts.table import table_html
from atlas.views.shapes import Column, table


def sample(lang: str):
    frame = pd.DataFrame(
        {
            "name": ["Αττική", "<script>alert(1)</script>", "Κρήτη"],
            "value": [344851.0, None, 7.25],
            "url": ["https://example.org/a?b=1&c=2", None, "javascript:alert(1)"],
        }
    )
    cols = [
        Column("name", "Όνομα"),
        Column("value", "Τιμή", kind="number"),
        Column("url", "Πηγή", kind="link"),
    ]
    return table(frame, cols, lang)


def test_numbers_read_in_the_readers_format_and_sort_on_their_values():
    page = table_html(sample("el"))
    assert ">344.851<" in page and ">7,25<" in page
    assert 'data-sort="344851.0"' in page and 'data-sort="7.25"' in page
    assert 'data-sort=""' in page  # no data: an empty cell that sorts last
    assert page.count('<th scope="col" aria-sort="none"') == 3
    assert page.count('class="atlas-sort"') == 3 and 'data-lang="el"' in page
    english = table_html(sample("en"))
    assert ">344,851<" in english and ">7.25<" in english


def test_markup_is_text_and_only_web_links_are_links():
    page = table_html(sample("en"), label="SYNTHETIC table")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="https://example.org/a?b=1&amp;c=2"' in page
    assert 'href="javascript' not in page
    assert '<caption class="atlas-sr-only">SYNTHETIC table</caption>' in page
