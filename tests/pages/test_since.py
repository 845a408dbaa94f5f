"""Region profile "Since …": publish version A, then files that add a period, revise a figure
and change a source (SYNTHETIC uploads, tests/synthetic_upload.py); the box counts them, the
list words each as what it is, the tiles are marked, in both languages."""

from __future__ import annotations

import shutil

import pytest

from tests import synthetic_upload as up
from tests.etl.upload_helpers import publish_ok

PAGE = "pages/region_profile.py"


@pytest.fixture(scope="module")
def versioned(built_db, tmp_path_factory):
    live = tmp_path_factory.mktemp("since") / "data" / "atlas.duckdb"
    live.parent.mkdir()
    shutil.copyfile(built_db, live)
    a = publish_ok(live, up.first_upload())["version"]
    publish_ok(live, up.second_upload())
    return live, a


@pytest.fixture
def at_since(app, versioned, monkeypatch):
    live, a = versioned
    monkeypatch.setenv("ATLAS_DB", str(live))

    def make(lang: str, region: str, **query):
        return app(PAGE, lang=lang, region=region, **query), a

    return make


def texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def changes_table(at, lang: str) -> str:
    """The list of changes (a light HTML table): the one table with the 'What changed'
    column (other sections of the profile, e.g. the municipalities, have tables of their
    own); its cells as CSV text."""
    from atlas.i18n import t
    from tests.light_tables import light_tables

    tables = [f for f in light_tables(at) if t("changes.col.change", lang) in f.columns]
    assert len(tables) == 1
    return tables[0].to_csv()


def test_since_version_box_list_and_marks(at_since):
    at, a = at_since("en", "EL30")
    assert not at.exception
    at.selectbox(key="since").set_value(a).run()
    assert not at.exception and not at.error
    body = texts(at)
    assert f"version {a}" in body
    assert "1 new figure, 1 revised, 0 removed" in "\n".join(str(w.value) for w in at.markdown)
    assert "not changes in the world" in body
    shown = changes_table(at, "en")
    assert "new figure for 2025" in shown and "revised (2024)" in shown
    captions = [str(c.value) for c in at.caption]
    marked = [c for c in captions if c.startswith("**since ")]
    assert len(marked) == 1  # only the tile whose figures changed
    assert "new figure for 2025" in marked[0] and "revised" in marked[0]
    assert at.query_params["since"] == [a] or at.query_params["since"] == a


def test_since_source_change_in_greek_from_the_link(at_since, versioned):
    _, a = versioned
    at, _ = at_since("el", "EL41", since=a)
    assert not at.exception and not at.error
    body = texts(at)
    assert "άλλαξε η πηγή" in changes_table(at, "el")
    assert "αναθεωρημένα" in body or "1 αναθεωρημένο" in body
    assert "από " in body and "/" in body  # the date in the Greek format (dd/mm/yyyy)


def test_since_a_date_and_identical_data(at_since):
    from datetime import UTC, datetime

    today = datetime.now(UTC).date().isoformat()
    at, _ = at_since("en", "EL30")
    assert "Since " not in texts(at)  # no comparison until one is chosen
    at, _ = at_since("en", "EL30", since_date=today)  # the version live today: the live one
    assert not at.exception
    assert "No changes: the data are the same." in texts(at)


def pdf_pages(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("lang", ["en", "el"])
def test_brief_changes_since_last_brief(versioned, lang):
    from atlas import brief, changes, db, kept
    from atlas.views.profile import Visit, profile_view

    live, a = versioned
    con = db.connect(live)
    try:
        view = profile_view(lambda sql, params=(): db.execute(con, sql, params), "EL41", lang)
    finally:
        con.close()
    since = changes.brief_changes(changes.between(a, kept.LIVE, live, "EL41"), lang)
    data = brief.build_brief(view, Visit(last_brief=a), annex=True, since=since)
    pages = pdf_pages(data)
    first, annex = pages[0], " ".join(" ".join(pages[1:]).split())
    if lang == "en":
        assert "Changes since the last brief (" in first
        assert "new figure for 2025" in first and "source changed (2024)" in first
        assert "not changes in the world" in " ".join(first.split())
        assert "CHANGES SINCE THE LAST BRIEF" in annex and "source changed" in annex
    else:
        assert "Αλλαγές από το τελευταίο ενημερωτικό (" in first
        assert "/" in first.split("ενημερωτικό (")[1][:12]  # dd/mm/yyyy
        assert "άλλαξε η πηγή (2024)" in first and "νέο στοιχείο για το 2025" in first
    unchanged = changes.between(a, kept.LIVE, live, "EL43")
    assert changes.brief_changes(unchanged, lang) is None  # nothing changed: no block


def test_last_brief_kept_in_the_link(at_since, versioned):
    _, a = versioned
    at, _ = at_since("en", "EL30", last_brief=a)
    assert not at.exception
    assert at.selectbox(key="last_brief").value == a
