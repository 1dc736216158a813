"""Issue 18, social sign-in, over HTTP on both deployments (SQLite; PostgreSQL + Redis)
against a local OpenID provider (discovery + JWKS + token endpoint): a first sign-in
creates an account and the next finds it; an existing account's email alone never links
(409 link_required), its password does; a wrong audience, an expired token, a bad
signature, another issuer, a wrong nonce and a replayed nonce are refused; rotated keys
are fetched again."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from tests.e2e.conftest import Api
from tests.oidc_provider import CLIENT_ID, OpenIdProvider, SigningKey, running_provider
from tests.support import unique

URL = "/api/v1/auth/oidc/google"


@pytest.fixture(scope="module")
def provider() -> Iterator[OpenIdProvider]:
    with running_provider() as running:
        yield running


@pytest.fixture
async def api(backend_settings: Settings, tmp_path: Path, provider: OpenIdProvider) -> AsyncIterator[Api]:
    settings = replace(
        backend_settings,
        sms_outbox=tmp_path / "sms.jsonl",
        rate_limit_scale=1000,
        oidc_google_client_ids=f"other-client, {CLIENT_ID}",
        oidc_google_issuer=provider.issuer,
    )
    async with AsyncTestClient(create_app(settings)) as client:
        yield Api(client, tmp_path / "sms.jsonl")


def nonce() -> str:
    return secrets.token_urlsafe(24)


async def sign_in(api: Api, token: str, used_nonce: str, **extra: Any) -> Any:
    return await api.client.post(URL, json={"id_token": token, "nonce": used_nonce, **extra})


async def test_a_first_sign_in_creates_an_account_and_the_next_finds_it(api: Api, provider: OpenIdProvider) -> None:
    sub, name = unique("g"), unique("lina")
    email = f"{name}@gmail.example"
    first_nonce = nonce()
    token = provider.id_token(sub, first_nonce, email=email, email_verified=True, name="Lina B")
    created = await sign_in(api, token, first_nonce, device_name="Pixel", platform="android")
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["created"] is True
    assert body["user"]["email"] == email
    assert body["user"]["email_verified"] is True
    assert body["user"]["display_name"] == "Lina B"
    assert body["user"]["username"].startswith(name.replace("-", "_")[:20].lower()[:3])
    me = await api.client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['tokens']['access_token']}"})
    assert me.status_code == 200

    replayed = await sign_in(api, token, first_nonce)
    assert replayed.status_code == 401
    assert replayed.json()["code"] == "oidc_nonce_reused"

    again_nonce = nonce()
    again = await sign_in(api, provider.id_token(sub, again_nonce, email=email), again_nonce)
    assert again.status_code == 200, again.text
    assert (again.json()["created"], again.json()["user"]["id"]) == (False, body["user"]["id"])


async def test_an_existing_account_links_only_with_its_password(api: Api, provider: OpenIdProvider) -> None:
    email = f"{unique('owner')}@example.com"
    owner = await api.register(email=email)
    sub, used = unique("g"), nonce()
    token = provider.id_token(sub, used, email=email, email_verified=True)
    matched = await sign_in(api, token, used)
    assert matched.status_code == 409, matched.text
    assert matched.json()["code"] == "link_required"
    wrong = await sign_in(api, token, used, link_login=email, link_password="not the password")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "invalid_credentials"
    linked = await sign_in(api, token, used, link_login=owner["user"]["username"], link_password=owner["password"])
    assert linked.status_code == 200, linked.text
    assert (linked.json()["created"], linked.json()["user"]["id"]) == (False, owner["user"]["id"])
    later = nonce()
    back = await sign_in(api, provider.id_token(sub, later, email=email), later)
    assert back.json()["user"]["id"] == owner["user"]["id"]


@pytest.mark.parametrize(
    ("why", "claims"),
    [
        ("wrong audience", {"aud": "someone-elses-app"}),
        ("expired", {"exp": 1_700_000_000, "iat": 1_699_999_000}),
        ("another issuer", {"iss": "https://evil.example"}),
    ],
)
async def test_tokens_not_for_us_are_refused(
    api: Api, provider: OpenIdProvider, why: str, claims: dict[str, Any]
) -> None:
    used = nonce()
    refused = await sign_in(api, provider.id_token(unique("g"), used, **claims), used)
    assert refused.status_code == 401, why
    assert refused.json()["code"] == "oidc_token_invalid", why


async def test_a_bad_signature_and_a_wrong_nonce_are_refused(api: Api, provider: OpenIdProvider) -> None:
    used = nonce()
    impostor = SigningKey()
    impostor.kid = provider.key.kid  # claims to be the provider's key, signed with another
    forged = await sign_in(api, provider.id_token(unique("g"), used, key=impostor), used)
    assert forged.status_code == 401
    assert forged.json()["code"] == "oidc_token_invalid"
    other = await sign_in(api, provider.id_token(unique("g"), nonce()), used)
    assert other.status_code == 401
    assert other.json()["code"] == "oidc_token_invalid"
    hashed_as_apple = await sign_in(
        api, provider.id_token(unique("g"), hashlib.sha256(used.encode()).hexdigest()), used
    )
    assert hashed_as_apple.status_code == 200, hashed_as_apple.text


async def test_rotated_keys_are_fetched_again(api: Api, provider: OpenIdProvider) -> None:
    used = nonce()
    assert (await sign_in(api, provider.id_token(unique("g"), used), used)).status_code == 200
    fetches = provider.jwks_fetches
    provider.rotate()
    await asyncio.sleep(1.1)
    rotated = nonce()
    answer = await sign_in(api, provider.id_token(unique("g"), rotated), rotated)
    assert answer.status_code == 200, answer.text
    assert provider.jwks_fetches == fetches + 1
    cached = nonce()
    assert (await sign_in(api, provider.id_token(unique("g"), cached), cached)).status_code == 200
    assert provider.jwks_fetches == fetches + 1  # cached again


async def test_a_provider_not_configured_is_unavailable(api: Api, provider: OpenIdProvider) -> None:
    used = nonce()
    answer = await api.client.post(
        "/api/v1/auth/oidc/apple", json={"id_token": provider.id_token("x", used), "nonce": used}
    )
    assert answer.status_code == 404
    assert answer.json()["code"] == "oidc_provider_not_configured"
    unknown = await api.client.post("/api/v1/auth/oidc/myspace", json={"id_token": "x", "nonce": used})
    assert unknown.status_code in (400, 404)


WEB_CLIENT = "souk-web.apps.example"
REDIRECT = "https://souk.example/auth/return"


@pytest.fixture
async def web_api(backend_settings: Settings, tmp_path: Path, provider: OpenIdProvider) -> AsyncIterator[Api]:
    settings = replace(
        backend_settings,
        rate_limit_scale=1000,
        oidc_google_client_ids=CLIENT_ID,
        oidc_google_issuer=provider.issuer,
        oidc_google_web_client_id=WEB_CLIENT,
        oidc_google_web_client_secret="web-secret",
        oidc_web_redirect_uris=REDIRECT,
    )
    async with AsyncTestClient(create_app(settings)) as client:
        yield Api(client, tmp_path / "sms.jsonl")


async def test_the_web_flow_uses_an_authorization_code_with_pkce(web_api: Api, provider: OpenIdProvider) -> None:
    from urllib.parse import parse_qs, urlsplit

    refused = await web_api.client.post(URL + "/authorize", json={"redirect_uri": "https://evil.example/steal"})
    assert refused.status_code == 400
    started = await web_api.client.post(URL + "/authorize", json={"redirect_uri": REDIRECT})
    assert started.status_code == 200, started.text
    url = started.json()["authorization_url"]
    assert url.startswith(f"{provider.issuer}/authorize?")
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert (query["client_id"], query["redirect_uri"], query["code_challenge_method"]) == (WEB_CLIENT, REDIRECT, "S256")
    assert query["state"] == started.json()["state"]
    assert "code_verifier" not in query  # the verifier never leaves the server

    # the user signs in at the provider, which sends the browser back with a code
    sub = unique("web")
    provider.codes["code-1"] = ({"sub": sub, "nonce": query["nonce"], "aud": WEB_CLIENT}, query["code_challenge"])
    done = await web_api.client.post(URL + "/callback", json={"code": "code-1", "state": query["state"]})
    assert done.status_code == 200, done.text
    assert done.json()["created"] is True
    again = await web_api.client.post(URL + "/callback", json={"code": "code-1", "state": query["state"]})
    assert again.status_code == 401  # the state works once
    assert again.json()["code"] == "oidc_token_invalid"

    # a code whose PKCE challenge is not this sign-in's is refused by the provider
    second = (await web_api.client.post(URL + "/authorize", json={"redirect_uri": REDIRECT})).json()
    state = {k: v[0] for k, v in parse_qs(urlsplit(second["authorization_url"]).query).items()}
    provider.codes["code-2"] = ({"sub": sub, "nonce": state["nonce"], "aud": WEB_CLIENT}, "not-this-challenge")
    stolen = await web_api.client.post(URL + "/callback", json={"code": "code-2", "state": second["state"]})
    assert stolen.status_code == 401
    assert stolen.json()["code"] == "oidc_token_invalid"
