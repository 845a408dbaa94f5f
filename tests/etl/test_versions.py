"""Kept versions: list, roll back, prune, reproduce; and the command line for them.

Uploads are SYNTHETIC (tests/synthetic_upload.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from atlas import config
from etl import publish, versions
from etl.cli import main as cli_main
from etl.errors import EtlError
from tests import synthetic_upload as up
from tests.conftest import FIXTURE_RAW
from tests.etl.upload_helpers import digest, publish_ok, stage, value


def test_no_versions_until_the_first_publish(live):
    assert versions.list_versions(live) == []
    assert versions.live_version(live) is None


def test_rollback_refuses_unknown_and_path_names(live):
    publish_ok(live, up.first_upload())
    before = digest(live)
    for name in ("20990101T000000Z", "../data", "/etc", "", "..", "."):
        with pytest.raises(EtlError, match="no kept version"):
            versions.rollback(name, "tester", db_path=live)
    assert digest(live) == before


def test_rollback_refuses_a_staged_version(live):
    staged = stage(live, up.first_upload())
    with pytest.raises(EtlError, match="never published"):
        versions.rollback(staged.version, "tester", db_path=live)


def test_rollback_refuses_a_damaged_copy(live):
    done = publish_ok(live, up.first_upload())
    baseline = versions.root(live) / done["previous"] / versions.DB_FILE
    baseline.write_bytes(baseline.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(EtlError, match="does not match its manifest"):
        versions.rollback(done["previous"], "tester", db_path=live)
    assert digest(live) == done["db_sha256"]


def test_prune_keeps_the_newest_and_never_the_live_one(live, monkeypatch):
    monkeypatch.setattr(config, "KEEP_VERSIONS", 2)
    v1, v2 = (publish_ok(live, up.first_upload(up.base_values() | {"EL30": v})) for v in (1, 2))
    assert [m["version"] for m in versions.list_versions(live)] == [v2["version"], v1["version"]]
    assert not (versions.root(live) / v1["previous"]).exists()  # the baseline was the oldest
    versions.rollback(v1["version"], "tester", db_path=live)
    v3 = publish_ok(live, up.first_upload(up.base_values() | {"EL30": 3}))
    assert [m["version"] for m in versions.list_versions(live)] == [v3["version"], v2["version"]]
    versions.rollback(v2["version"], "tester", db_path=live)
    assert versions.prune(live, keep=1) == []  # v2 is beyond the newest one, but live
    assert versions.live_version(live) == v2["version"]
    assert value(live, "EL30") == 2


def test_stale_staged_uploads_are_cleaned(live):
    staged = stage(live, up.first_upload())
    later = versions.now_utc() + timedelta(hours=config.STAGED_MAX_AGE_H + 1)
    assert staged.version in versions.prune(live, now=later)
    assert not (versions.root(live) / staged.version).exists()


def test_a_published_version_is_reproduced_table_by_table(live):
    done = publish_ok(live, up.first_upload())
    check = versions.verify(done["version"], live, FIXTURE_RAW)
    assert check.reproduced, check
    assert "region_indicator_values" in check.tables_same and "build_info" in check.tables_same
    # DuckDB files differ in their random identifier: said in the manifest, checked here.
    assert check.same_bytes is False
    assert done["reproducible"]["level"] == "tables"


def test_verify_notices_a_changed_kept_file(live):
    done = publish_ok(live, up.first_upload())
    kept = versions.root(live) / done["version"] / versions.INPUTS / "observations_upload.csv"
    kept.write_bytes(up.observations_csv(up.base_values() | {"EL30": 9}))
    check = versions.verify(done["version"], live, FIXTURE_RAW)
    assert not check.reproduced
    assert check.inputs_changed == ["observations_upload.csv"]
    assert "region_indicator_values" in check.tables_different


def test_baseline_keeps_the_command_line_inputs(live, tmp_path):
    """A live database built with --input DIR: its own files are kept with the baseline, so
    the next upload is added to them rather than silently dropping them."""
    from etl.build import build

    own = tmp_path / "own"
    own.mkdir()
    for name, data in up.first_upload():
        (own / name).write_bytes(data)
    build(FIXTURE_RAW, [own], live)
    staged = stage(live, [("observations_upload.csv", up.observations_csv(up.base_values()))])
    origins = {i["file"]: i["origin"] for i in staged.manifest["inputs"]}
    assert origins["sources_upload.csv"] == "kept"
    done = publish.publish(staged.version, "tester", db_path=live, raw_dir=FIXTURE_RAW)
    baseline = versions.read_manifest(versions.root(live) / done["previous"])
    assert baseline["status"] == "baseline" and baseline["inputs_complete"] is True
    assert {i["file"] for i in baseline["inputs"] if i["origin"] != "bundled"} == {
        n for n, _ in up.first_upload()
    }


def test_cli_list_rollback_verify(live, capsys):
    done = publish_ok(live, up.first_upload())
    assert cli_main(["--db", str(live), "--list-versions"]) == 0
    out = capsys.readouterr().out
    assert f"* {done['version']}" in out and done["previous"] in out
    assert cli_main(["--db", str(live), "--rollback", done["previous"]]) == 0
    assert value(live, "EL30") is None
    assert "is live again" in capsys.readouterr().out
    assert cli_main(["--db", str(live), "--rollback", "../nope"]) == 1
    assert "no kept version" in capsys.readouterr().err
    code = cli_main(["--db", str(live), "--raw", str(FIXTURE_RAW), "--verify", done["version"]])
    assert code == 0
    assert "tables identical, 0 different" in capsys.readouterr().out


def test_cli_list_without_versions(live, capsys):
    assert cli_main(["--db", str(live), "--list-versions"]) == 0
    assert "no kept versions" in capsys.readouterr().out


def test_rollback_refuses_a_version_of_an_older_schema(live):
    """A version kept before the schema changed would be refused by the app (atlas.db):
    rolling back to it is refused first, with its own files named for a new build."""
    from tests.conftest import older_build

    done = publish_ok(live, up.first_upload())
    vdir = versions.root(live) / done["previous"]
    kept = vdir / versions.DB_FILE
    older_build(kept, kept.with_name("old.duckdb")).replace(kept)
    manifest = versions.read_manifest(vdir)
    versions.write_manifest(vdir, {**manifest, "db_sha256": versions.sha256(kept)})
    with pytest.raises(EtlError, match="built by an older version") as info:
        versions.rollback(done["previous"], "tester", db_path=live)
    assert "python -m etl --input" in str(info.value)
    assert digest(live) == done["db_sha256"]
