"""Changes between kept versions (atlas.changes, ``python -m etl --diff``): publish version A,
then files that add a period, revise a figure and change a source (SYNTHETIC uploads)."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from atlas import audit, changes, config, kept
from etl import cli
from tests import synthetic_upload as up
from tests.etl.upload_helpers import publish_ok


@pytest.fixture
def two(live):
    """(live path, version A, version B): A adds the SYNTHETIC indicator, B changes it."""
    a = publish_ok(live, up.first_upload())["version"]
    b = publish_ok(live, up.second_upload())["version"]
    return live, a, b


def by_region(vc, region):
    rows = vc.figures[
        (vc.figures["region_code"] == region) & (vc.figures["indicator_id"] == up.INDICATOR)
    ]
    return {(r["period"], r["change"]) for _, r in rows.iterrows()}


def test_kinds_told_apart(two):
    live, a, b = two
    vc = changes.between(a, b, live)
    assert by_region(vc, "EL30") == {("2024", "revised"), ("2025", "new_period")}
    assert by_region(vc, "EL41") == {("2024", "source_changed"), ("2025", "new_period")}
    assert by_region(vc, "EL42") == {("2025", "new_period")}
    assert by_region(vc, "EL43") == set()  # unchanged figures are not listed
    assert vc.counts() == {"new": 3, "revised": 2, "removed": 0}
    files = dict(zip(vc.figures["change"], vc.figures["new_file"], strict=False))
    assert files["new_period"] == "observations_2025_upload.csv"
    assert files["revised"] == "observations_upload.csv"


def test_wording_both_languages_and_disclosure(two):
    live, a, b = two
    vc = changes.between(a, b, live).for_region("EL30")
    text = {lang: "\n".join(changes.lines(vc, lang)) for lang in ("el", "en")}
    assert "new figure for 2025" in text["en"] and "revised (2024)" in text["en"]
    assert "1,000 persons → 1,050 persons" in text["en"]
    assert "νέο στοιχείο για το 2025" in text["el"] and "αναθεωρήθηκε (2024)" in text["el"]
    assert "1.000" in text["el"] and "1.050" in text["el"]
    for word in ("rose", "fell", "increase", "αυξήθηκε", "μειώθηκε"):
        assert word not in text["en"] + text["el"]
    src = changes.between(a, b, live).for_region("EL41")
    line = next(x for x in changes.lines(src, "en") if "source changed" in x)
    assert "SYNTHETIC test publisher" in line and "SYNTHETIC other publisher" in line
    small = changes.between(a, b, live).for_region("EL42")
    assert "new figure for 2025: <5" in "\n".join(changes.lines(small, "en"))
    assert " 3 persons" not in "\n".join(changes.lines(small, "en"))


def test_reverse_order_and_identical(two):
    live, a, b = two
    back = changes.between(b, a, live)
    assert by_region(back, "EL42") == {("2025", "removed")}
    assert back.counts()["removed"] == 3
    same = changes.between(b, "live", live)
    assert same.identical
    assert changes.counts_text(same, "en").startswith("No changes")
    assert changes.counts_text(same, "el").startswith("Καμία αλλαγή")


def test_cli_text_csv_and_pruned(two, capsys):
    live, a, b = two
    assert cli.main(["--db", str(live), "--diff", a, b]) == 0
    out = capsys.readouterr().out
    assert f"version {a}" in out and "new figure for 2025" in out and "source changed" in out
    assert cli.main(["--db", str(live), "--diff", a, b, "--lang", "el"]) == 0
    assert "νέο στοιχείο για το 2025" in capsys.readouterr().out
    assert cli.main(["--db", str(live), "--diff", a, b, "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    el42 = next(r for r in rows if r["region_code"] == "EL42")
    assert (el42["change"], el42["new_qualifier"]) == ("new_period", "<")
    assert float(el42["new_value"]) == config.DISCLOSURE_THRESHOLD  # never the count 3
    assert cli.main(["--db", str(live), "--diff", b, "live"]) == 0
    assert "No changes" in capsys.readouterr().out
    shutil.rmtree(kept.root(live) / a)  # as prune does
    assert cli.main(["--db", str(live), "--diff", a, b]) == cli.EXIT_USAGE
    assert f"Version {a} is no longer kept" in capsys.readouterr().err
    assert cli.main(["--db", str(live), "--diff", "20000101T000000Z", b]) == cli.EXIT_USAGE
    assert "No kept version" in capsys.readouterr().err


def test_history_names_pruned_versions(two):
    live, a, b = two
    shutil.rmtree(kept.root(live) / a)
    items = {m["version"]: m for m in kept.history(live)}
    assert items[a]["pruned"] and not items[b]["pruned"]
    assert all("published_by" not in m or not m["pruned"] for m in items.values())
    assert any(e["event"] == "publish" for e in audit.entries(config.audit_path(live)))


def test_updates_log(two):
    from atlas.views import sources as sv

    live, a, b = two
    log = sv.updates_log(None, "en", str(live)).frame.set_index("version")
    assert list(log.index[:2]) == [b, a] and len(log) == 3  # and the baseline kept at A
    assert (log.loc[b, "new"], log.loc[b, "revised"], log.loc[b, "removed"]) == ("3", "2", "0")
    assert "new: observations_2025_upload.csv" in log.loc[b, "files"]
    assert "changed: observations_upload.csv, sources_upload.csv" in log.loc[b, "files"]
    assert log.loc[b, "note"] == "live"
    assert log.loc[a, "new"] == "13" and "new: indicators_upload.csv" in log.loc[a, "files"]
    assert "first kept version" in log.iloc[2]["note"] and log.iloc[2]["new"] == "—"
    assert "tester" not in log.to_csv()  # no administrator's name in the public log
    shutil.rmtree(kept.root(live) / a)
    log = sv.updates_log(None, "el", str(live)).frame.set_index("version")
    assert "δεν διατηρείται πλέον" in log.loc[a, "note"]
    assert "προηγούμενη έκδοση δεν διατηρείται" in log.loc[b, "note"]
    assert log.loc[b, "date"].count("/") == 2  # 06/12/2026: the Greek date format
