"""Staging, previewing and publishing uploads (etl.publish), on a copy of the fixture database.

The uploaded files are SYNTHETIC (tests/synthetic_upload.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from pathlib import Path

import pytest

from atlas import audit, config
from etl import publish, versions
from etl.errors import EtlError
from tests import synthetic_upload as up
from tests.conftest import FIXTURE_RAW
from tests.etl.upload_helpers import digest, publish_ok, stage, staged_dirs, value

# --- file checks before anything is read --------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../x.csv", "x.csv"),
        ("..\\..\\observations.csv", "observations.csv"),
        ("C:\\Users\\me\\Desktop\\observations_2024.csv", "observations_2024.csv"),
        ("/etc/passwd", "passwd"),
        ("observ\x00ations\n.csv", "observations.csv"),
    ],
)
def test_safe_name_keeps_only_the_file_name(given, kept):
    assert publish.safe_name(given) == kept


HOSTILE = [
    ("path_trick_unknown_table", "../../x.csv", b"a,b\n1,2\n", "does not match any table"),
    ("wrong_type", "observations.exe", b"MZ\x90\x00", "unsupported file type"),
    ("old_excel", "observations.xls", b"\xd0\xcf\x11\xe0", "old Excel format"),
    ("pdf", "observations.pdf", b"%PDF-1.4", "unsupported file type"),
    ("binary_as_csv", "observations.csv", b"\x00\x01\x02binary", "not a text file"),
    ("empty", "observations.csv", b"", "empty"),
    ("not_a_zip", "observations.xlsx", b"PK\x03\x04 truncated", "not a valid XLSX"),
    ("hidden_name", ".observations.csv", up.observations_csv({"EL30": 1}), "unusable file name"),
    ("gz_not_gzip", "cens_21ctz_r3.tsv.gz", b"plain text", "not a valid .gz"),
]


@pytest.mark.parametrize(("case", "name", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_upload_is_refused_and_live_untouched(live, case, name, data, message):
    before = digest(live)
    staged = stage(live, [(name, data)])
    assert not staged.ok
    assert any(message in str(p) for p in staged.problems), [str(p) for p in staged.problems]
    assert digest(live) == before
    assert staged_dirs(live) == []  # nothing staged is left behind
    assert not (live.parent.parent / "x.csv").exists() and not (live.parent / "x.csv").exists()


def test_xlsx_zip_bomb_refused_before_inflating(live, monkeypatch):
    monkeypatch.setattr(config, "MAX_XLSX_INFLATED_MB", 8)
    bomb = up.xlsx_bomb(64)  # 64 MB of zeros in a file of well under 1 MB
    assert len(bomb) < 1 << 20
    staged = stage(live, [("observations.xlsx", bomb)])
    assert not staged.ok
    assert "unpacks to 64 MB" in str(staged.problems[0])
    assert staged.problems[0].file == "observations.xlsx"


def test_gzip_bomb_refused(live, monkeypatch):
    monkeypatch.setattr(config, "MAX_XLSX_INFLATED_MB", 2)
    data = gzip.compress(b"\0" * (5 << 20))
    staged = stage(live, [("cens_21ctz_r3.tsv.gz", data)])
    assert not staged.ok and "unpacks to more than 2 MB" in str(staged.problems[0])


def test_oversized_file_refused(live, monkeypatch):
    monkeypatch.setattr(config, "MAX_INPUT_FILE_MB", 1)
    big = up.OBS_HEADER.encode() + b"\n" + b"x" * (3 << 19)
    staged = stage(live, [("observations.csv", big)])
    assert not staged.ok and "larger than 1 MB" in str(staged.problems[0])


def test_every_file_problem_is_reported_at_once(live):
    staged = stage(live, [("a.exe", b"x"), ("b.xls", b"x"), ("c.pdf", b"x")])
    assert [p.file for p in staged.problems] == ["a.exe", "b.xls", "c.pdf"]


def test_duplicate_and_too_many_files(live, monkeypatch):
    staged = stage(live, [("dir/observations.csv", b"x"), ("observations.csv", b"y")])
    assert "two files with the same name" in str(staged.problems[0])
    monkeypatch.setattr(config, "MAX_UPLOAD_FILES", 2)
    staged = stage(live, [(f"observations_{i}.csv", b"x") for i in range(3)])
    assert any("more than 2 files" in str(p) for p in staged.problems)


def test_upload_limit_matches_streamlit_setting():
    import tomllib

    with open(config.ROOT / ".streamlit" / "config.toml", "rb") as fh:
        settings = tomllib.load(fh)
    assert settings["server"]["maxUploadSize"] == config.MAX_INPUT_FILE_MB


# --- validation ---------------------------------------------------------------------------------


def test_bad_value_names_line_column_and_value_and_leaves_live_untouched(live):
    before = digest(live)
    values = up.base_values() | {"EL41": "12a4"}
    obs = ("observations_upload.csv", up.observations_csv(values))
    staged = stage(live, [*up.first_upload()[:2], obs])
    assert not staged.ok
    bad = staged.problems[0]
    assert (Path(bad.file).name, bad.line, bad.column, bad.value) == (
        "observations_upload.csv",
        3,  # header is line 1, EL30 line 2, EL41 line 3
        "value",
        "12a4",
    )
    assert digest(live) == before
    assert staged_dirs(live) == []
    last = audit.recent(1, config.audit_path(live))[0]
    assert (last["event"], last["ok"]) == ("validate", False)
    assert last["problems"] == len(staged.problems)


def test_extra_field_in_the_first_data_row_is_a_problem_with_its_place(live):
    """An extra cell on the first data row once crashed the reader with a pandas/pyarrow
    error that the upload page showed as a generic failure."""
    before = digest(live)
    text = up.observations_csv(up.base_values()).decode()
    header, first, *rest = text.splitlines()
    obs = ("observations_upload.csv", "\n".join([header, first + ",extra", *rest]).encode())
    staged = stage(live, [*up.first_upload()[:2], obs])
    assert not staged.ok
    (bad,) = staged.problems
    assert (Path(bad.file).name, bad.line) == ("observations_upload.csv", 2)
    assert "9 fields, the header has 8" in str(bad)
    assert digest(live) == before
    assert staged_dirs(live) == []


def test_good_upload_is_staged_with_its_manifest(live):
    before = digest(live)
    staged = stage(live, up.first_upload())
    assert staged.ok, [str(p) for p in staged.problems]
    assert digest(live) == before
    vdir = versions.root(live) / staged.version
    manifest = json.loads((vdir / versions.MANIFEST).read_text())
    assert manifest["status"] == "staged" and manifest["staged_by"] == "tester SYNTHETIC"
    assert manifest["based_on"] == digest(live)
    assert manifest["db_sha256"] == digest(vdir / versions.DB_FILE)
    uploaded = {i["file"]: i for i in manifest["inputs"] if i["origin"] == "upload"}
    assert set(uploaded) == {n for n, _ in up.first_upload()}
    for name, data in up.first_upload():
        assert uploaded[name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert (vdir / versions.INPUTS / name).read_bytes() == data
    assert any(i["origin"] == "bundled" for i in manifest["inputs"])
    assert manifest["row_counts"]["input"]["observations"] > 13
    assert manifest["row_counts"]["tables"]["region_indicator_values"] > 0
    assert any("models" in line for line in manifest["etl_summary"])
    assert manifest["reproducible"]["level"] == "tables"


def test_changes_of_a_first_upload(live):
    staged = stage(live, up.first_upload())
    changes = publish.changes(live, publish.staged_db(staged.version, live))
    counts = changes.tables.set_index("table")[["added", "changed", "removed"]]
    assert counts.loc["observations"].tolist() == [13, 0, 0]
    assert counts.loc["indicators"].tolist() == [1, 0, 0]
    assert counts.loc["sources"].tolist() == [1, 0, 0]
    assert set(changes.tables["table"]) == {"observations", "indicators", "sources"}
    mine = changes.values[changes.values["indicator_id"] == up.INDICATOR]
    assert len(mine) == 13 and mine["old_value"].isna().all()
    assert mine.set_index("region_code")["new_value"].to_dict() == up.base_values()


# --- publishing ---------------------------------------------------------------------------------


def test_publish_makes_it_live_and_keeps_the_previous_database(live):
    old = digest(live)
    done = publish_ok(live, up.first_upload())
    assert digest(live) == done["db_sha256"] != old
    assert value(live, "EL30") == 1000
    kept = versions.list_versions(live)
    assert [m["status"] for m in kept] == ["published", "baseline"]
    assert kept[0]["live"] and kept[0]["published_by"] == "tester SYNTHETIC"
    assert kept[1]["db_sha256"] == old  # the database it replaced, byte for byte
    assert done["previous"] == kept[1]["version"]
    events = [e["event"] for e in audit.recent(10, config.audit_path(live))]
    assert events[:2] == ["publish", "validate"]


def test_second_upload_changes_and_rollback_restores(live):
    first = publish_ok(live, up.first_upload())
    values = up.base_values() | {"EL30": 5000}
    staged = stage(live, [("observations_upload.csv", up.observations_csv(values))])
    assert staged.ok
    inputs = {i["file"]: i["origin"] for i in staged.manifest["inputs"] if i["origin"] != "bundled"}
    assert inputs == {
        "sources_upload.csv": "kept",
        "indicators_upload.csv": "kept",
        "observations_upload.csv": "upload",
    }
    changes = publish.changes(live, publish.staged_db(staged.version, live))
    assert changes.tables.set_index("table").loc["observations"].tolist() == [0, 1, 0]
    publish.publish(staged.version, "tester SYNTHETIC", db_path=live, raw_dir=FIXTURE_RAW)
    assert value(live, "EL30") == 5000
    versions.rollback(first["version"], "tester SYNTHETIC", db_path=live)
    assert value(live, "EL30") == 1000
    assert digest(live) == first["db_sha256"]
    assert versions.live_version(live) == first["version"]
    baseline = first["previous"]
    versions.rollback(baseline, "tester SYNTHETIC", db_path=live)
    assert value(live, "EL30") is None
    assert [e["event"] for e in audit.recent(2, config.audit_path(live))] == ["rollback"] * 2


def test_dropping_a_kept_file_removes_its_rows(live):
    publish_ok(live, up.first_upload())
    staged = stage(live, [], drop=["observations_upload.csv"])
    assert staged.ok
    changes = publish.changes(live, publish.staged_db(staged.version, live))
    assert changes.tables.set_index("table").loc["observations"].tolist() == [0, 0, 13]


def test_publish_refused_when_live_changed_since_validation(live):
    a = stage(live, up.first_upload())
    b = stage(live, up.first_upload(up.base_values() | {"EL30": 7}))
    publish.publish(b.version, "admin B", db_path=live, raw_dir=FIXTURE_RAW)
    live_b = digest(live)
    with pytest.raises(EtlError, match="changed after these files were validated"):
        publish.publish(a.version, "admin A", db_path=live, raw_dir=FIXTURE_RAW)
    assert digest(live) == live_b
    with pytest.raises(EtlError, match="already been published"):
        publish.publish(b.version, "admin B", db_path=live, raw_dir=FIXTURE_RAW)


def test_two_administrators_publishing_at_once(live):
    """Both validated against the same live data; exactly one publish wins, the other waits for
    the build lock and then fails cleanly, and the live file is one of the two, whole."""
    staged = [stage(live, up.first_upload(up.base_values() | {"EL30": v})) for v in (2222, 3333)]
    outcomes: list[object] = [None, None]
    start = threading.Barrier(2)

    def run(i: int) -> None:
        start.wait()
        try:
            outcomes[i] = publish.publish(staged[i].version, f"admin {i}", db_path=live)
        except EtlError as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    winners = [o for o in outcomes if isinstance(o, dict)]
    losers = [o for o in outcomes if isinstance(o, EtlError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert "changed after these files were validated" in str(losers[0])
    assert digest(live) == winners[0]["db_sha256"]
    assert value(live, "EL30") in (2222, 3333)


def test_publish_waits_for_a_running_build_then_fails_cleanly(live):
    from etl.build import build_lock

    staged = stage(live, up.first_upload())
    before = digest(live)
    with build_lock(live, 1), pytest.raises(EtlError, match="another ETL run"):
        publish.publish(staged.version, "tester", db_path=live, lock_timeout_s=0.5)
    assert digest(live) == before


def test_first_publish_without_a_live_database(live):
    live.unlink()
    staged = stage(live, up.first_upload())
    assert staged.ok and staged.manifest["based_on"] is None
    changes = publish.changes(live, publish.staged_db(staged.version, live))
    assert changes.tables.set_index("table").loc["observations", "added"] > 13
    assert changes.values["old_value"].isna().all() and len(changes.values) > 13
    done = publish.publish(staged.version, "tester SYNTHETIC", db_path=live, raw_dir=FIXTURE_RAW)
    assert done["previous"] is None and value(live, "EL30") == 1000
