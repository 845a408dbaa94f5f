"""View models of the data upload page (atlas.upload), on hand-made SYNTHETIC inputs."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from atlas import upload
from atlas.i18n import t
from atlas.static_map import png_size

CODES = ["EL30", "EL41", "EL42", "EL43", "EL51", "EL52", "EL53"]


@dataclass
class Problem:  # the shape of etl.errors.EtlError, read by attribute
    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    value: object = None
    hint: str | None = None
    suggestions: list[str] = field(default_factory=list)


def test_problems_table_has_every_place_and_the_fix():
    problems = [
        Problem(
            "unknown region",
            "/srv/data/versions/x/inputs/observations.csv",
            7,
            "region",
            "Atlantis",
            suggestions=["EL30"],
        ),
        Problem("file name does not match any table", "x.csv", hint="Name it after its table"),
    ]
    view = upload.problems_view(problems, "en")
    assert list(view.frame.columns) == [
        "File",
        "Sheet",
        "Line",
        "Column",
        "Value",
        "Problem",
        "Suggestion",
    ]
    first = view.frame.iloc[0]
    assert (first["File"], first["Line"], first["Column"], first["Value"]) == (
        "observations.csv",  # the name only, never the server's folders
        "7",
        "region",
        "Atlantis",
    )
    assert first["Suggestion"] == "Did you mean: EL30"
    assert view.frame.iloc[1]["Line"] == ""
    assert "2 problem(s)" in view.summary
    text = view.csv.decode("utf-8-sig")
    assert text.splitlines()[0] == "File,Sheet,Line,Column,Value,Problem,Suggestion"
    assert "Atlantis" in text


def test_problems_csv_neutralises_formulas():
    bad = Problem("not a number", "o.csv", 2, "value", "=HYPERLINK(1)")
    view = upload.problems_view([bad], "el")
    assert "'=HYPERLINK(1)" in view.csv.decode("utf-8-sig")
    assert list(view.frame.columns)[0] == "Αρχείο"


def values_frame(old: list, new: list, indicator: str = "ind_a", period: str = "2024"):
    n = len(old)
    return pd.DataFrame(
        {
            "indicator_id": [indicator] * n,
            "indicator_el": ["Δείκτης Α (SYNTHETIC)"] * n,
            "indicator_en": ["Indicator A (SYNTHETIC)"] * n,
            "unit": ["persons"] * n,
            "period": [period] * n,
            "region_code": CODES[:n],
            "name_el": [f"Περιφέρεια {c}" for c in CODES[:n]],
            "name_en": [f"Region {c}" for c in CODES[:n]],
            "old_value": old,
            "old_qualifier": ["=" if v is not None else None for v in old],
            "old_value_high": [None] * n,
            "new_value": new,
            "new_qualifier": ["=" if v is not None else None for v in new],
            "new_value_high": [None] * n,
        }
    )


def test_value_preview_lists_only_regions_whose_value_or_class_changes():
    old = [100.0, 200.0, 300.0, 400.0, 500.0]
    new = [100.0, 200.0, 300.0, 400.0, 5000.0]  # one value moves; classes of others may too
    preview = upload.value_preview(values_frame(old, new), "en")
    table = preview.table
    assert list(table.columns) == [
        "Indicator",
        "Period",
        "Region",
        "Before",
        "After",
        "Class before",
        "Class after",
    ]
    changed = table.set_index("Region")
    assert changed.loc["Region EL51", "Before"] == "500 persons"
    assert changed.loc["Region EL51", "After"] == "5,000 persons"
    unchanged = [r for r in table["Region"] if r != "Region EL51"]
    for region in unchanged:  # listed only because its class label moved
        row = changed.loc[region]
        assert row["Before"] == row["After"] and row["Class before"] != row["Class after"]
    assert preview.indicator == "ind_a" and preview.period == "2024"


def test_a_new_indicator_shows_no_data_before():
    preview = upload.value_preview(values_frame([None, None, None], [10.0, 20.0, 30.0]), "el")
    assert len(preview.table) == 3
    assert set(preview.table["Πριν"]) == {t("common.no_data", "el")}
    assert preview.before.no_data == CODES[:3]


def test_most_changed_indicator_is_chosen():
    a = values_frame([1.0, 2.0, 3.0], [1.0, 2.0, 9.0], "ind_a")
    b = values_frame([1.0, 2.0, 3.0], [7.0, 8.0, 9.0], "ind_b")
    preview = upload.value_preview(pd.concat([a, b]), "en")
    assert preview.indicator == "ind_b"
    per = preview.per_indicator
    assert per.iloc[0, 1] >= per.iloc[1, 1]


def test_no_changes_gives_an_empty_preview():
    preview = upload.value_preview(values_frame([1.0, 2.0], [1.0, 2.0]), "en")
    assert preview.table.empty and preview.indicator is None
    assert upload.before_after_png(preview, "en") is None


def test_before_after_maps_are_small_pngs():
    preview = upload.value_preview(values_frame([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]), "en")
    pngs = upload.before_after_png(preview, "en")
    assert len(pngs) == 2 and pngs[0] != pngs[1]
    assert png_size(pngs[0]) == upload.PREVIEW_MAP_SIZE


def test_versions_table():
    items = [
        {
            "version": "20261201T120000Z",
            "status": "published",
            "live": True,
            "published_at": "2026-12-01T12:00:00+00:00",
            "published_by": "Admin SYNTHETIC",
            "inputs": [
                {"file": "observations_upload.csv", "origin": "upload"},
                {"file": "sources.csv", "origin": "bundled"},
            ],
            "row_counts": {"tables": {"region_indicator_values": 1234}},
        },
        {"version": "20261101T000000Z", "status": "baseline", "live": False, "inputs": []},
    ]
    frame = upload.versions_frame(items, "el")
    assert frame.iloc[0].tolist() == [
        "20261201T120000Z",
        "ενεργή",
        "01/12/2026 12:00 UTC",
        "Admin SYNTHETIC",
        "observations_upload.csv",
        "1.234",
    ]
    assert frame.iloc[1]["Κατάσταση"] == "από τη γραμμή εντολών"
    assert "ενεργή" in upload.version_label(items[0], "el")


def test_audit_table_translates_events():
    entries = [
        {"at": "2026-12-01T12:00:00+00:00", "event": "publish", "who": "A", "files": ["x", "y"]},
        {"at": "bad", "event": "login_failed", "who": "B", "client": "ip:1.2.3.4"},
    ]
    frame = upload.audit_frame(entries, "en")
    assert frame.iloc[0].tolist() == ["1 Dec 2026 12:00 UTC", "publish", "A", "files: x, y"]
    assert frame.iloc[1]["Action"] == "failed sign-in"
