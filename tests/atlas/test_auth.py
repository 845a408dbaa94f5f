"""The access decision for the data upload page: modes, allow-list, password, lock-out."""

from __future__ import annotations

import threading

import pytest

from atlas import auth, config

PASSWORD = "SYNTHETIC test password 42"
ENV = {config.ADMIN_PASSWORD_ENV: PASSWORD}
OIDC = {
    "redirect_uri": "https://atlas.example.invalid/oauth2callback",
    "cookie_secret": "SYNTHETIC-cookie-secret",
    "client_id": "atlas",
    "client_secret": "SYNTHETIC",
    "server_metadata_url": "https://idp.example.invalid/.well-known/openid-configuration",
}
ADMINS = {"emails": ["Admin@Example.invalid"], "group_claim": "groups", "groups": ["atlas"]}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- which mode -----------------------------------------------------------------------------


def test_off_without_secrets_or_password():
    access = auth.access({}, {})
    assert (access.mode, access.enabled, access.problem) == ("off", False, None)


def test_password_mode_from_the_environment():
    access = auth.access({}, ENV)
    assert (access.mode, access.enabled, access.problem) == ("password", True, None)


def test_a_short_password_keeps_the_page_closed():
    access = auth.access({}, {config.ADMIN_PASSWORD_ENV: "short"})
    assert access.problem == "password_too_short"
    assert not auth.password_login("k", "short", {config.ADMIN_PASSWORD_ENV: "short"}).ok


def test_oidc_wins_over_the_password():
    access = auth.access({"auth": OIDC, "atlas_admins": ADMINS}, ENV)
    assert (access.mode, access.problem, access.provider) == ("oidc", None, None)
    assert access.policy.emails == {"admin@example.invalid"}


def test_client_kwargs_is_not_a_provider():
    secrets = {"auth": {**OIDC, "client_kwargs": {"scope": "openid email groups"}}}
    access = auth.access({**secrets, "atlas_admins": ADMINS}, {})
    assert (access.provider, access.problem) == (None, None)


def test_oidc_with_a_named_provider():
    secrets = {
        "auth": {"redirect_uri": OIDC["redirect_uri"], "cookie_secret": "x", "ministry": OIDC},
        "atlas_admins": ADMINS,
    }
    access = auth.access(secrets, {})
    assert (access.provider, access.problem) == ("ministry", None)


@pytest.mark.parametrize(
    ("secrets", "problem"),
    [
        ({"auth": OIDC}, "no_allow_list"),
        ({"auth": OIDC, "atlas_admins": {"group_claim": "groups"}}, "no_allow_list"),
        ({"auth": {**OIDC, "cookie_secret": ""}, "atlas_admins": ADMINS}, "oidc_incomplete"),
        (
            {"auth": {"redirect_uri": "x", "cookie_secret": "y", "a": OIDC, "b": OIDC}},
            "oidc_many_providers",
        ),
    ],
)
def test_incomplete_oidc_fails_closed(secrets, problem):
    access = auth.access(secrets, ENV)
    assert access.mode == "oidc"
    assert access.problem.startswith(problem)


# --- the allow-list -------------------------------------------------------------------------


def policy(**kw) -> auth.Policy:
    return auth.policy_from({"atlas_admins": kw})


def test_allow_list_by_email_is_case_insensitive():
    p = policy(emails=["Admin@Example.invalid"])
    assert auth.oidc_allowed({"email": "admin@example.INVALID", "is_logged_in": True}, p)
    assert not auth.oidc_allowed({"email": "other@example.invalid"}, p)


def test_unverified_email_is_not_enough():
    p = policy(emails=["admin@example.invalid"])
    assert not auth.oidc_allowed({"email": "admin@example.invalid", "email_verified": False}, p)


def test_allow_list_by_group_claim():
    p = policy(group_claim="groups", groups=["atlas-admins"])
    assert auth.oidc_allowed({"email": "x@y.invalid", "groups": ["staff", "atlas-admins"]}, p)
    assert auth.oidc_allowed({"email": "x@y.invalid", "groups": "atlas-admins"}, p)
    assert not auth.oidc_allowed({"email": "x@y.invalid", "groups": ["staff"]}, p)
    assert not auth.oidc_allowed({"email": "x@y.invalid"}, p)


def test_empty_allow_list_allows_nobody():
    assert not auth.oidc_allowed({"email": "admin@example.invalid"}, auth.Policy())


def test_signed_out_user_is_never_allowed():
    p = policy(emails=["admin@example.invalid"])
    assert not auth.oidc_allowed({"email": "admin@example.invalid", "is_logged_in": False}, p)


# --- password and lock-out ------------------------------------------------------------------


def test_password_compare():
    assert auth.password_matches(PASSWORD, PASSWORD)
    assert not auth.password_matches(PASSWORD + " ", PASSWORD)
    assert not auth.password_matches("", "")
    assert auth.password_matches("Ελληνικά κλειδιά 123", "Ελληνικά κλειδιά 123")


def test_lockout_after_repeated_failures_then_recovery():
    clock = Clock()
    throttle = auth.Throttle(max_failures=3, lockout_s=60, clock=clock)
    for _ in range(2):
        assert auth.password_login("ip:a", "wrong", ENV, throttle) == auth.LoginResult(False)
    third = auth.password_login("ip:a", "wrong", ENV, throttle)
    assert not third.ok and third.locked_s == 60
    # locked: even the right password is not checked
    assert auth.password_login("ip:a", PASSWORD, ENV, throttle).locked_s == 60
    # another client is not affected
    assert auth.password_login("ip:b", PASSWORD, ENV, throttle).ok
    clock.now += 61
    assert auth.password_login("ip:a", PASSWORD, ENV, throttle).ok


def test_success_resets_the_count():
    throttle = auth.Throttle(max_failures=3, lockout_s=60, clock=Clock())
    for _ in range(2):
        auth.password_login("ip:a", "wrong", ENV, throttle)
    assert auth.password_login("ip:a", PASSWORD, ENV, throttle).ok
    for _ in range(2):
        assert auth.password_login("ip:a", "wrong", ENV, throttle).locked_s == 0


def test_lockout_holds_across_threads():
    """Sessions are threads of one process: together they get no more tries than one."""
    throttle = auth.Throttle(max_failures=5, lockout_s=60, clock=Clock())
    results: list[auth.LoginResult] = []
    lock = threading.Lock()

    def attempt() -> None:
        r = auth.password_login("ip:shared", "wrong", ENV, throttle)
        with lock:
            results.append(r)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(1 for r in results if r.locked_s == 0) == 4  # the fifth failure locks
    assert throttle.locked_for("ip:shared") > 0


def test_client_key():
    assert auth.client_key("10.0.0.1") == "ip:10.0.0.1"
    assert auth.client_key(None) == auth.client_key("") == "ip:unknown"
    assert auth.client_key(object()) == "ip:unknown"  # type: ignore[arg-type]
