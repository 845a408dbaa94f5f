"""The data upload page in AppTest: access, validation, preview, publish, rollback.

The live database is a copy of the bundled build (the page validates with data/raw, as in
production); uploaded files are SYNTHETIC (tests/synthetic_upload.py).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from atlas import audit, auth, config
from tests import synthetic_upload as up
from tests.e2e.conftest import registered_pages
from tests.light_tables import light_tables

PAGE = "pages/data_upload.py"
PASSWORD = "SYNTHETIC admin password 2024"
# every page of dashboard.PAGES (the upload page is registered separately)
OTHER_PAGES = [p.path for p in registered_pages()]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def live(bundled_db, tmp_path, monkeypatch) -> Path:
    dest = tmp_path / "data" / "atlas.duckdb"
    dest.parent.mkdir()
    shutil.copyfile(bundled_db, dest)
    monkeypatch.setenv("ATLAS_DB", str(dest))
    monkeypatch.setattr(auth, "THROTTLE", auth.Throttle())
    return dest


@pytest.fixture
def admin_env(live, monkeypatch) -> Path:
    monkeypatch.setenv(config.ADMIN_PASSWORD_ENV, PASSWORD)
    return live


def sign_in(at, name: str = "Admin SYNTHETIC", password: str = PASSWORD):
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_pw").input(password)
    return at.get("form_submit_button")[0].click().run()


def upload_files(at, files: list[tuple[str, bytes]]):
    at.get("file_uploader")[0].set_value([(n, d, "text/csv") for n, d in files]).run()
    return at.button(key="validate").click().run()


def frames(at) -> list:
    """The run's data grids, then its light tables (the map explorer's table is one)."""
    return [d.value for d in at.dataframe] + light_tables(at)


def test_closed_without_login_settings(app, live, monkeypatch):
    monkeypatch.delenv(config.ADMIN_PASSWORD_ENV, raising=False)
    at = app(PAGE, lang="en")
    assert not at.exception
    assert at.title[0].value == "Data upload"
    assert any("ATLAS_ADMIN_PASSWORD" in i.value for i in at.info)
    assert not at.get("file_uploader") and not at.text_input


def test_no_upload_control_before_sign_in(app, admin_env):
    at = app(PAGE, lang="el")
    assert at.title[0].value == "Φόρτωση δεδομένων"
    assert not at.get("file_uploader")
    assert at.text_input(key="login_pw").proto.type == at.text_input(key="login_pw").proto.PASSWORD


def test_wrong_password_is_refused_and_never_recorded(app, admin_env):
    at = sign_in(app(PAGE, lang="en"), password="not the SYNTHETIC password")
    assert not at.exception
    assert [e.value for e in at.error] == ["Wrong password."]
    assert not at.get("file_uploader")
    log = config.audit_path(admin_env).read_text(encoding="utf-8")
    assert '"event": "login_failed"' in log
    assert "not the SYNTHETIC password" not in log and PASSWORD not in log
    assert "login_pw" not in at.query_params


def test_lockout_after_repeated_failures(app, admin_env):
    at = app(PAGE, lang="en")
    for _ in range(config.LOGIN_MAX_FAILURES):
        at = sign_in(at, password="wrong SYNTHETIC")
    assert "Too many failed attempts" in at.error[0].value
    at = sign_in(at)  # even the right password waits for the lock-out to end
    assert "Too many failed attempts" in at.error[0].value
    assert not at.get("file_uploader")


def test_a_name_is_required(app, admin_env):
    at = sign_in(app(PAGE, lang="en"), name="  ")
    assert [e.value for e in at.error] == ["Enter your name."]
    assert not at.get("file_uploader")


def test_bad_file_shows_line_and_value_and_leaves_live_untouched(app, admin_env):
    before = digest(admin_env)
    at = sign_in(app(PAGE, lang="en"))
    bad = up.observations_csv(up.base_values() | {"EL52": "1O0"})  # letter O for zero
    at = upload_files(at, [*up.first_upload()[:2], ("observations_upload.csv", bad)])
    assert not at.exception
    assert "cannot be published" in at.error[0].value
    problems = frames(at)[0]
    row = problems.iloc[0]
    assert (row["File"], row["Line"], row["Column"], row["Value"]) == (
        "observations_upload.csv",
        "7",  # EL52 is the 6th region: line 7
        "value",
        "1O0",
    )
    assert at.get("download_button")
    assert digest(admin_env) == before
    assert "publish" not in [b.key for b in at.button]


def test_publish_then_map_explorer_then_rollback(app, admin_env):
    at = sign_in(app(PAGE, lang="en"))
    assert at.get("file_uploader")
    at = upload_files(at, up.first_upload())
    assert not at.exception, at.exception
    assert "passed every check" in at.success[0].value
    tables = frames(at)[0].set_index("Table")
    assert tables.loc["observations"].tolist() == [13, 0, 0]
    values = frames(at)[1]
    assert len(values) == 13 and set(values["Indicator"]) == {up.NAME_EN}
    assert len(at.get("image")) == 2  # the before and after maps
    at.button(key="publish").click().run()
    assert not at.exception
    assert "is published" in at.success[0].value
    assert not at.get("image")  # the preview is gone

    at.switch_page("pages/map_explorer.py").run()
    assert not at.exception
    assert up.NAME_EN in at.selectbox(key="indicator").options
    at.selectbox(key="indicator").set_value(up.INDICATOR).run()
    assert not at.exception
    shown = next(f for f in frames(at) if "Value" in f.columns).set_index("NUTS code")
    assert shown["Value"].to_dict() == {k: float(v) for k, v in up.base_values().items()}

    at.switch_page(PAGE).run()
    versions_table = frames(at)[0]
    assert len(versions_table) == 2 and versions_table.iloc[0]["State"] == "live"
    assert at.button(key="rollback").disabled
    at.checkbox(key="rollback_sure").check().run()
    at.button(key="rollback").click().run()
    assert not at.exception
    assert "is live again" in at.success[0].value
    at.switch_page("pages/map_explorer.py").run()
    assert up.NAME_EN not in at.selectbox(key="indicator").options


HOSTILE = [
    ("oversized", "observations.csv", b"region\n" + b"x" * (3 << 19), "larger than 1 MB"),
    ("zip_bomb", "observations.xlsx", up.xlsx_bomb(16), "unpacks to 16 MB"),
    ("path_trick", "../../x.csv", b"a,b\n1,2\n", "does not match any table"),
    ("binary", "observations.csv", b"\x00\x01binary", "not a text file"),
    ("truncated_xlsx", "observations.xlsx", b"PK\x03\x04 cut", "not a valid XLSX"),
]


@pytest.mark.parametrize(("case", "name", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_uploads_through_the_page(app, admin_env, monkeypatch, case, name, data, message):
    """The loader's battery through the page (limits lowered so the files stay small)."""
    monkeypatch.setattr(config, "MAX_INPUT_FILE_MB", 1)
    monkeypatch.setattr(config, "MAX_XLSX_INFLATED_MB", 4)
    before = digest(admin_env)
    at = upload_files(sign_in(app(PAGE, lang="en")), [(name, data)])
    assert not at.exception
    problems = frames(at)[0]
    assert any(message in text for text in problems["Problem"]), problems.to_dict("records")
    assert digest(admin_env) == before
    for folder in (admin_env.parent, admin_env.parent.parent):  # nothing escaped the staging
        assert not (folder / "x.csv").exists()


@pytest.mark.parametrize("page", OTHER_PAGES)
def test_other_pages_never_show_upload_controls(app, admin_env, page):
    at = sign_in(app(PAGE, lang="en"))
    assert at.get("file_uploader")
    at.switch_page(page).run()
    assert not at.exception
    assert not at.get("file_uploader")
    assert not [b for b in at.button if b.key in ("validate", "publish", "rollback")]


def oidc_app(user: dict | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import ROOT, TIMEOUT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "SYNTHETIC",
        "client_id": "atlas",
        "client_secret": "SYNTHETIC",
        "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration",
    }
    at.secrets["atlas_admins"] = {"emails": ["admin@example.invalid"]}
    at.user = user or {"is_logged_in": False}
    at.query_params["lang"] = "en"
    at.run()
    return at.switch_page(PAGE).run()


def test_oidc_mode_shows_the_ministry_sign_in(live, monkeypatch):
    monkeypatch.setenv(config.ADMIN_PASSWORD_ENV, PASSWORD)  # OIDC wins over the password
    at = oidc_app()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in with your Ministry account"]
    assert not at.get("file_uploader") and not at.text_input


def test_oidc_account_not_on_the_allow_list(live):
    at = oidc_app({"is_logged_in": True, "email": "someone@example.invalid"})
    assert "may not load data" in at.error[0].value
    assert not at.get("file_uploader")
    last = audit.recent(1, config.audit_path(live))[0]
    assert (last["event"], last["who"]) == ("login_refused", "someone@example.invalid")


def test_oidc_account_on_the_allow_list(live):
    at = oidc_app({"is_logged_in": True, "email": "Admin@example.invalid"})
    assert not at.exception and not at.error
    assert at.get("file_uploader")
    assert [b.label for b in at.button][0] == "Sign out"
