"""The view value objects: a Table's two projections, an Export made on demand (and
picklable, so it can be cached), and finding an export by key."""

import pickle

import pandas as pd
import pytest

from atlas.views.shapes import (
    Column,
    csv_export,
    find_export,
    shown_table,
    table,
)


def frame():
    return pd.DataFrame(
        {"region_code": ["EL54", "EL30"], "name": ["Epirus", "Attica"], "value": [1.5, None]},
        index=[7, 3],  # a filtered frame: the table renumbers its rows
    )


def test_table_shows_and_exports_its_own_columns():
    cols = [
        Column("name", "Region"),
        Column("region_code", "Code", "region_code"),
        Column("name", csv="region"),
        Column("value", "Value", "value", kind="number"),
    ]
    tbl = table(frame(), cols, "en")
    assert list(tbl.shown().columns) == ["Region", "Code", "Value"]
    assert list(tbl.exported().columns) == ["region_code", "region", "value"]
    assert tbl.shown()["Region"].tolist() == ["Epirus", "Attica"]
    assert tbl.headers("number") == ["Value"] and len(tbl) == 2


def test_csv_export_is_lazy_picklable_and_found_by_key():
    tbl = table(frame(), [Column("name", csv="region"), Column("value", csv="value")], "en")
    item = csv_export(tbl, "x.csv", "Download CSV", footer=["Source: SYNTHETIC"])
    again = pickle.loads(pickle.dumps(item))
    data = again.data()
    assert data.startswith(b"\xef\xbb\xbf") and data == item.data()
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "region,value" and "# Source: SYNTHETIC" in text
    assert item.mime == "text/csv" and find_export([item]).file_name == "x.csv"
    with pytest.raises(KeyError):
        find_export([item], "png_1")


def test_shown_table_keeps_given_headers():
    pivot = pd.DataFrame({"Indicator": ["A"], "Attica": ["2022"]})
    assert shown_table(pivot, "en").shown().equals(pivot)


def test_every_view_pickles(run):
    """Views are plain values (no lambdas, no connections): they can be cached across
    sessions, and their exports still make the same bytes after a round trip."""
    from atlas.views import explorer, helios, profile, programmes, reception, timelines

    views = [
        explorer.explorer_view(run, "arrivals", "2022", "value", "quantiles", "en"),
        profile.profile_view(run, "EL54", "el"),
        programmes.register_view(run, "en"),
        helios.coverage_map_view(run, "en", None),
        helios.national_view(run, "en"),
        helios.visits_view(run, "en"),
        timelines.timeline_view(run, "en"),
        reception.sites_view(run, "2023-09-03", "occupancy", "en"),
        reception.municipal_view(run, "cni_member", "en"),
        reception.island_view(run, "en"),
    ]
    for view in views:
        copy = pickle.loads(pickle.dumps(view))
        for item in getattr(view, "exports", []):
            if item.kind == "csv":
                assert find_export(copy.exports, item.key).data() == item.data()
