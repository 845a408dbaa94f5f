"""Who may change the data: the access decision for the data upload page, without Streamlit.

Three modes, decided from ``.streamlit/secrets.toml`` and the environment:

- ``oidc``: secrets.toml has an ``[auth]`` section. Streamlit's ``st.login`` signs the person
  in at the Ministry's identity provider; :func:`oidc_allowed` then checks the allow-list in
  ``[atlas_admins]`` (``emails = [...]`` and/or ``group_claim = "groups"`` with
  ``groups = [...]``). No allow-list means nobody: the page fails closed.
- ``password``: ``ATLAS_ADMIN_PASSWORD`` is set (≥ ``config.MIN_ADMIN_PASSWORD_CHARS``). The
  password is compared in constant time; after ``LOGIN_MAX_FAILURES`` failures a client is
  locked out for ``LOGIN_LOCKOUT_S`` seconds (shared by every session of the server process).
- ``off``: neither. The page is not in the navigation and says how to enable it.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from atlas import config

REQUIRED_OIDC_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


@dataclass(frozen=True)
class Policy:
    """The OIDC allow-list: e-mail addresses (case-insensitive) or groups in a claim."""

    emails: frozenset[str] = frozenset()
    group_claim: str | None = None
    groups: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.emails and not (self.group_claim and self.groups)


@dataclass(frozen=True)
class Access:
    mode: str  # 'oidc' | 'password' | 'off'
    problem: str | None = None  # a configuration problem that keeps the page closed
    provider: str | None = None  # the [auth.<provider>] to pass to st.login, if any
    policy: Policy = field(default_factory=Policy)

    @property
    def enabled(self) -> bool:
        return self.mode != "off"


def _providers(auth: Mapping) -> list[str]:
    """Named providers: ``[auth.<name>]`` tables (``client_kwargs`` is a setting, not one)."""
    return sorted(k for k, v in auth.items() if isinstance(v, Mapping) and k != "client_kwargs")


def policy_from(secrets: Mapping) -> Policy:
    section = secrets.get("atlas_admins") or {}
    emails = section.get("emails") or []
    groups = section.get("groups") or []
    if isinstance(emails, str):
        emails = [emails]
    if isinstance(groups, str):
        groups = [groups]
    return Policy(
        emails=frozenset(e.strip().lower() for e in emails if str(e).strip()),
        group_claim=(section.get("group_claim") or None),
        groups=frozenset(str(g).strip() for g in groups if str(g).strip()),
    )


def access(secrets: Mapping, env: Mapping[str, str]) -> Access:
    """Which login the page uses, and whether its configuration is usable."""
    auth = secrets.get("auth")
    if isinstance(auth, Mapping) and auth:
        providers = _providers(auth)
        provider = providers[0] if len(providers) == 1 else None
        policy = policy_from(secrets)
        problem = None
        missing = [k for k in REQUIRED_OIDC_KEYS if not auth.get(k)]
        holder = auth[provider] if provider else auth
        missing += [k for k in PROVIDER_KEYS if not holder.get(k)]
        if len(providers) > 1:
            problem = "oidc_many_providers"
        elif missing:
            problem = "oidc_incomplete:" + ",".join(missing)
        elif policy.empty:
            problem = "no_allow_list"
        return Access("oidc", problem, provider, policy)
    password = env.get(config.ADMIN_PASSWORD_ENV, "")
    if password:
        short = len(password) < config.MIN_ADMIN_PASSWORD_CHARS
        return Access("password", "password_too_short" if short else None)
    return Access("off")


def oidc_allowed(user: Mapping, policy: Policy) -> bool:
    """True when the signed-in person is on the allow-list (an unverified e-mail never is)."""
    if policy.empty or not user.get("is_logged_in", True):
        return False
    email = str(user.get("email") or "").strip().lower()
    if email and user.get("email_verified") is not False and email in policy.emails:
        return True
    if policy.group_claim and policy.groups:
        claim = user.get(policy.group_claim)
        found = {claim} if isinstance(claim, str) else set(claim or [])
        return bool({str(g) for g in found} & policy.groups)
    return False


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison (no early exit on the first differing character)."""
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


class Throttle:
    """Failed logins per client key; a key with too many failures is locked for a while.

    One instance per server process (:data:`THROTTLE`), so opening new sessions does not reset
    the count. Keys are client addresses: behind a proxy that hides them, every client shares
    one key, which makes the lock-out stricter, never weaker."""

    def __init__(
        self,
        max_failures: int = config.LOGIN_MAX_FAILURES,
        lockout_s: float = config.LOGIN_LOCKOUT_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures, self.lockout_s, self.clock = max_failures, lockout_s, clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def locked_for(self, key: str) -> float:
        """Seconds until ``key`` may try again (0 when it may now)."""
        with self._lock:
            until = self._locked_until.get(key, 0.0)
            left = until - self.clock()
            if left <= 0 and key in self._locked_until:
                del self._locked_until[key]
            return max(0.0, left)

    def failure(self, key: str) -> None:
        with self._lock:
            n = self._failures.get(key, 0) + 1
            if n >= self.max_failures:
                self._locked_until[key] = self.clock() + self.lockout_s
                n = 0
            self._failures[key] = n

    def success(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)


THROTTLE = Throttle()


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    locked_s: float = 0.0  # > 0: refused without checking, the client is locked out


def password_login(
    key: str, given: str, env: Mapping[str, str], throttle: Throttle | None = None
) -> LoginResult:
    """Check a password attempt from client ``key`` (a locked-out client is not checked)."""
    throttle = throttle or THROTTLE
    left = throttle.locked_for(key)
    if left > 0:
        return LoginResult(False, left)
    expected = env.get(config.ADMIN_PASSWORD_ENV, "")
    if len(expected) >= config.MIN_ADMIN_PASSWORD_CHARS and password_matches(given, expected):
        throttle.success(key)
        return LoginResult(True)
    throttle.failure(key)
    return LoginResult(False, throttle.locked_for(key))


def client_key(ip_address: str | None) -> str:
    return f"ip:{ip_address if isinstance(ip_address, str) and ip_address else 'unknown'}"
