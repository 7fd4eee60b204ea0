"""Single sign-on against a real OpenID Connect server on Keycloak's paths: the happy path and every
negative path the issue names (wrong state, reused code, no PKCE, expired token, tampered signature,
token from another issuer, refresh after logout), plus claims that contradict the registry."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from keycloak import KeycloakOpenID
from keycloak.exceptions import KeycloakError
from keycloak.pkce_utils import generate_code_challenge, generate_code_verifier
from sqlalchemy import create_engine, text

from gateway.adapters.keycloak_oidc import KeycloakOidc
from mentorship_kit.errors import Unauthenticated
from tests.oidc_support import CLIENT_ID, CLIENT_SECRET, log_in_at_idp
from tests.support import wait_until


def _browser() -> httpx.Client:
    return httpx.Client(follow_redirects=False, timeout=15)


def _sso_login(sso, username: str, client: httpx.Client | None = None) -> tuple[httpx.Client, httpx.Response]:  # type: ignore[no-untyped-def]
    """Start at the gateway, log in at the IdP, come back; returns the browser and the callback's answer."""
    browser = client or _browser()
    start = browser.get(f"{sso.gateway_url}/auth/sso/start")
    assert start.status_code == 303
    callback = log_in_at_idp(browser, start.headers["location"], username=username,
                             stop_at=f"{sso.gateway_url}/auth/sso/callback")
    return browser, browser.get(callback)


def _tokens_directly(idp_url: str, username: str, redirect: str) -> dict:  # type: ignore[type-arg]
    """Log in at an IdP as the gateway would, without the gateway: returns the token response."""
    kc = KeycloakOpenID(server_url=idp_url, realm_name="mentorship", client_id=CLIENT_ID,
                        client_secret_key=CLIENT_SECRET)
    verifier = generate_code_verifier(64)
    challenge, _ = generate_code_challenge(verifier, "S256")
    url = kc.auth_url(redirect_uri=redirect, scope="openid profile", state="s", nonce="n", code_challenge=challenge,
                      code_challenge_method="S256")
    with _browser() as browser:
        back = log_in_at_idp(browser, url, username=username, stop_at=redirect)
    code = parse_qs(urlparse(back).query)["code"][0]
    return kc.token(grant_type="authorization_code", code=code, redirect_uri=redirect, code_verifier=verifier)


def _plain(stack, row, column: str) -> str:  # type: ignore[no-untyped-def]
    """A token column of a session row as the gateway reads it (sealed at rest with SESSION_TOKEN_KEY)."""
    from gateway.adapters.token_cipher import TokenCipher

    return TokenCipher(stack.gateway_env()["SESSION_TOKEN_KEY"]).open(getattr(row, column),
                                                                       context=f"{row.token_hash}:{column}")


@pytest.fixture(scope="module")
def gateway_db(stack):  # type: ignore[no-untyped-def]
    engine = create_engine(stack.databases["gateway"].admin_url)
    yield engine
    engine.dispose()


def test_code_flow_with_pkce_opens_a_session_on_the_roles_home(sso, tenants) -> None:
    browser = _browser()
    start = browser.get(f"{sso.gateway_url}/auth/sso/start")
    query = parse_qs(urlparse(start.headers["location"]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert "nst_sso_state" in start.headers["set-cookie"] and "HttpOnly" in start.headers["set-cookie"]
    _, landed = _sso_login(sso, "kc-curator", browser)
    assert landed.status_code == 303 and landed.headers["location"] == "/"
    cookie = landed.headers["set-cookie"]
    assert "nst_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "eyJ" not in cookie, "the session cookie carries no token"
    me = browser.get(f"{sso.gateway_url}/api/v1/auth/me").json()["user"]
    assert (me["role"], me["org_id"], me["identity_provider"]) == ("school_curator", tenants.school_a, "keycloak")
    assert browser.get(f"{sso.gateway_url}/api/v1/mentors").status_code == 200


def test_a_mentor_signs_in_through_keycloak_with_his_card_in_the_token(sso) -> None:
    """ADR 010: the realm's ``participant_id`` attribute becomes the principal's participant; the login reaches its
    own pairs only (this card has none) and nothing of the school's bases."""
    browser, landed = _sso_login(sso, "kc-mentor")
    assert landed.status_code == 303 and landed.headers["location"] == "/"
    me = browser.get(f"{sso.gateway_url}/api/v1/auth/me").json()["user"]
    assert (me["role"], me["participant_id"]) == ("mentor", sso.users["kc-mentor"]["participant_id"])
    pairs = browser.get(f"{sso.gateway_url}/api/v1/pairs")
    assert pairs.status_code == 200 and pairs.json()["pairs"] == []
    assert browser.get(f"{sso.gateway_url}/api/v1/persons").status_code == 403
    assert "Мои пары" in browser.get(f"{sso.gateway_url}/").text


def test_regional_operator_lands_on_the_home_page(sso) -> None:
    browser, landed = _sso_login(sso, "kc-region")
    assert landed.headers["location"] == "/"
    assert browser.get(f"{sso.gateway_url}/api/v1/mentors").status_code == 403


def test_wrong_state_is_refused(sso) -> None:
    browser = _browser()
    start = browser.get(f"{sso.gateway_url}/auth/sso/start")
    callback = log_in_at_idp(browser, start.headers["location"], username="kc-curator",
                             stop_at=f"{sso.gateway_url}/auth/sso/callback")
    forged = callback.replace("state=", "state=forged")
    refused = browser.get(forged)
    assert refused.status_code == 400 and "не относится к этому браузеру" in refused.text
    other_browser = _browser()  # right state, but not the browser that started the login
    assert other_browser.get(callback).status_code == 400


def test_reused_code_is_refused(sso) -> None:
    browser = _browser()
    start = browser.get(f"{sso.gateway_url}/auth/sso/start")
    callback = log_in_at_idp(browser, start.headers["location"], username="kc-curator",
                             stop_at=f"{sso.gateway_url}/auth/sso/callback")
    assert browser.get(callback).status_code == 303
    again = browser.get(callback)  # the same code and state once more
    assert again.status_code == 400 and "Вход не удался" in again.text  # state spent, cookie cleared
    code = parse_qs(urlparse(callback).query)["code"][0]
    fresh = browser.get(f"{sso.gateway_url}/auth/sso/start")  # a new flow carrying the old code
    state = parse_qs(urlparse(fresh.headers["location"]).query)["state"][0]
    replay = browser.get(f"{sso.gateway_url}/auth/sso/callback", params={"code": code, "state": state})
    assert replay.status_code == 400 and "отклонил код входа" in replay.text


def test_the_server_requires_pkce(sso) -> None:
    kc = KeycloakOpenID(server_url=sso.idp_url, realm_name="mentorship", client_id=CLIENT_ID,
                        client_secret_key=CLIENT_SECRET)
    redirect = f"{sso.gateway_url}/auth/sso/callback"
    without = kc.auth_url(redirect_uri=redirect, scope="openid", state="s", nonce="n")
    answer = httpx.get(without, follow_redirects=False)
    location = answer.headers.get("location", "")
    assert "error=invalid_request" in location and "requires PKCE" in location.replace("+", " ")
    verifier = generate_code_verifier(64)
    challenge, _ = generate_code_challenge(verifier, "S256")
    url = kc.auth_url(redirect_uri=redirect, scope="openid", state="s", nonce="n", code_challenge=challenge,
                      code_challenge_method="S256")
    with _browser() as browser:
        code = parse_qs(urlparse(log_in_at_idp(browser, url, username="kc-curator", stop_at=redirect)).query)["code"][0]
    with pytest.raises(KeycloakError):
        kc.token(grant_type="authorization_code", code=code, redirect_uri=redirect)  # no code_verifier


def _validator(idp_url: str, *, leeway: int = 30) -> KeycloakOidc:
    return KeycloakOidc(server_url=idp_url, realm="mentorship", client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                        leeway_seconds=leeway)


def test_tampered_tokens_and_tokens_of_another_issuer_are_refused(sso) -> None:
    redirect = f"{sso.gateway_url}/auth/sso/callback"
    genuine = _tokens_directly(sso.idp_url, "kc-curator", redirect)["access_token"]
    validator = _validator(sso.idp_url)
    assert validator.validate(genuine)["org_id"]
    header, payload, signature = genuine.split(".")
    flipped = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    with pytest.raises(Unauthenticated, match="не прошёл проверку"):
        validator.validate(f"{header}.{payload}.{flipped}")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["org_id"] = "someone-elses-school"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(Unauthenticated):
        validator.validate(f"{header}.{forged_payload}.{signature}")
    foreign = _tokens_directly(sso.other_idp_url, "kc-curator", redirect)["access_token"]
    with pytest.raises(Unauthenticated):
        validator.validate(foreign)


def test_expired_access_token_is_refused(sso) -> None:
    redirect = f"{sso.gateway_url}/auth/sso/callback"
    token = _tokens_directly(sso.other_idp_url, "kc-curator", redirect)["access_token"]  # lives 2 seconds
    strict = _validator(sso.other_idp_url, leeway=0)
    assert strict.validate(token)

    def expired() -> bool:
        try:
            strict.validate(token)
        except Unauthenticated as exc:
            return "истёк" in exc.message
        return False

    wait_until(expired, timeout=15, interval=0.25, what="the 2-second token to expire")


def test_expired_access_token_in_a_session_is_refreshed(sso, gateway_db) -> None:
    browser, _ = _sso_login(sso, "kc-curator")
    with gateway_db.begin() as conn:
        before = conn.execute(text("SELECT access_token FROM sessions WHERE subject = 'kc:kc-curator'"
                                   " ORDER BY created_at DESC LIMIT 1")).scalar()
        conn.execute(text("UPDATE sessions SET access_expires_at = :past WHERE access_token = :t"),
                     {"past": datetime.now(UTC) - timedelta(minutes=1), "t": before})
    assert browser.get(f"{sso.gateway_url}/api/v1/auth/me").status_code == 200
    with gateway_db.connect() as conn:
        after = conn.execute(text("SELECT access_token, access_expires_at FROM sessions WHERE access_token <> :t"
                                  " AND subject = 'kc:kc-curator' ORDER BY access_expires_at DESC LIMIT 1"),
                             {"t": before}).first()
    assert after is not None and after.access_expires_at > datetime.now(UTC)


def test_logout_revokes_the_refresh_token_and_ends_the_session(stack, sso, gateway_db) -> None:
    import re

    browser, _ = _sso_login(sso, "kc-curator")
    with gateway_db.connect() as conn:
        row = conn.execute(text("SELECT token_hash, refresh_token FROM sessions WHERE subject = 'kc:kc-curator'"
                                " ORDER BY created_at DESC LIMIT 1")).first()
    refresh = _plain(stack, row, "refresh_token")
    page = browser.get(f"{sso.gateway_url}/school/mentors")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    out = browser.post(f"{sso.gateway_url}/logout", data={"csrf_token": csrf})
    assert out.status_code == 303
    front_channel = out.headers["location"]
    assert front_channel.startswith(f"{sso.idp_url}realms/mentorship/protocol/openid-connect/logout")
    assert "id_token_hint=" in front_channel and "post_logout_redirect_uri=" in front_channel
    assert browser.get(f"{sso.gateway_url}/api/v1/auth/me").status_code == 401
    kc = KeycloakOpenID(server_url=sso.idp_url, realm_name="mentorship", client_id=CLIENT_ID,
                        client_secret_key=CLIENT_SECRET)
    with pytest.raises(KeycloakError):
        kc.refresh_token(refresh)


def test_refresh_token_revoked_elsewhere_ends_the_session(stack, sso, gateway_db) -> None:
    browser, _ = _sso_login(sso, "kc-curator")
    with gateway_db.begin() as conn:
        row = conn.execute(text("SELECT token_hash, refresh_token FROM sessions WHERE subject = 'kc:kc-curator'"
                                " ORDER BY created_at DESC LIMIT 1")).first()
        conn.execute(text("UPDATE sessions SET access_expires_at = :past WHERE token_hash = :h"),
                     {"past": datetime.now(UTC) - timedelta(minutes=1), "h": row.token_hash})
    KeycloakOpenID(server_url=sso.idp_url, realm_name="mentorship", client_id=CLIENT_ID,
                   client_secret_key=CLIENT_SECRET).logout(_plain(stack, row, "refresh_token"))
    assert browser.get(f"{sso.gateway_url}/api/v1/auth/me").status_code == 401


@pytest.mark.parametrize(("username", "message"), [
    ("kc-no-org", "org_id"),
    ("kc-ghost-org", "не найдена в реестре"),
    ("kc-mixed", "разным уровням"),
    ("kc-wrong-municipality", "не совпадает с реестром"),
    ("kc-no-roles", "нет ни одной роли"),
])
def test_claims_that_disagree_are_refused_with_a_page_not_a_500(sso, username: str, message: str) -> None:
    browser, answer = _sso_login(sso, username)
    assert answer.status_code == 400, answer.text[:300]
    assert message in answer.text and "Вход не удался" in answer.text
    assert browser.get(f"{sso.gateway_url}/api/v1/auth/me").status_code == 401


def test_password_login_is_off_in_keycloak_mode(sso, tenants) -> None:
    response = httpx.post(f"{sso.gateway_url}/api/v1/auth/login",
                          json={"username": tenants.curator_a, "password": "test-password-1"})
    assert response.status_code == 422 and "единый вход" in response.json()["detail"]
    page = httpx.get(f"{sso.gateway_url}/login")
    assert "Войти через единый вход" in page.text and 'name="password"' not in page.text


def test_idp_error_answer_is_a_page(sso) -> None:
    answer = httpx.get(f"{sso.gateway_url}/auth/sso/callback", params={"error": "access_denied",
                                                                     "error_description": "User cancelled"})
    assert answer.status_code == 400 and "access_denied" in answer.text


def test_idp_tokens_are_sealed_at_rest_and_a_plaintext_row_signs_out(stack, sso, gateway_db) -> None:
    """Issue 10 item 9: the sessions table holds no token text; a row of the old (plaintext) shape is a signed-out
    session, not a 500."""
    browser, _ = _sso_login(sso, "kc-curator")
    with gateway_db.connect() as conn:
        row = conn.execute(text("SELECT token_hash, access_token, refresh_token, id_token FROM sessions"
                                " WHERE subject = 'kc:kc-curator' ORDER BY created_at DESC LIMIT 1")).first()
    for column in ("access_token", "refresh_token", "id_token"):
        stored, plain = getattr(row, column), _plain(stack, row, column)
        assert len(plain) > 20, column  # the token as the IdP sent it (a JWT, or an opaque refresh token)
        assert "eyJ" not in stored and plain not in stored and max(plain.split("."), key=len) not in stored, column
    with gateway_db.begin() as conn:  # as a gateway without encryption wrote it
        conn.execute(text("UPDATE sessions SET access_token = :a, refresh_token = :r, id_token = :i"
                          " WHERE token_hash = :h"),
                     {"a": _plain(stack, row, "access_token"), "r": _plain(stack, row, "refresh_token"),
                      "i": _plain(stack, row, "id_token"), "h": row.token_hash})
    assert browser.get(f"{sso.gateway_url}/api/v1/auth/me").status_code == 401
    assert browser.get(f"{sso.gateway_url}/school/mentors").status_code == 303
