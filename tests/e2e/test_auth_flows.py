"""Accounts and auth over HTTP, exactly as API.md describes them, on both deployments."""

from __future__ import annotations

import asyncio

from tests.e2e.conftest import Api
from tests.support import unique, unique_phone

AUTH = "/api/v1/auth"


async def test_register_login_refresh_and_logout(api: Api) -> None:
    email = f"{unique('mail')}@Example.com"
    auth = await api.register(email=email)
    user, tokens = auth["user"], auth["tokens"]
    assert set(tokens) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert (tokens["token_type"], tokens["expires_in"]) == ("bearer", 900)
    assert user["email"] == email.lower()
    assert user["phone_verified"] is False
    assert user["seller_tier"] == "free"
    assert user["created_at"].endswith("Z")

    for login in (user["username"], email.upper(), user["phone"]):
        response = await api.client.post(f"{AUTH}/login", json={"login": login, "password": auth["password"]})
        assert response.status_code == 200, response.text
        assert response.json()["user"]["id"] == user["id"]

    refreshed = await api.client.post(f"{AUTH}/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refreshed.status_code == 200
    new_tokens = refreshed.json()["tokens"]
    assert new_tokens["refresh_token"] != tokens["refresh_token"]

    me = await api.client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {new_tokens['access_token']}"})
    assert me.json()["id"] == user["id"]

    out = await api.client.post(
        f"{AUTH}/logout", json={"refresh_token": new_tokens["refresh_token"]}, headers=api.bearer(auth)
    )
    assert out.status_code == 204
    dead = await api.client.post(f"{AUTH}/refresh", json={"refresh_token": new_tokens["refresh_token"]})
    assert dead.status_code == 401
    assert dead.json()["code"] == "invalid_token"


async def test_reusing_a_refresh_token_revokes_the_family(api: Api) -> None:
    auth = await api.register()
    old = auth["tokens"]["refresh_token"]
    new = (await api.client.post(f"{AUTH}/refresh", json={"refresh_token": old})).json()["tokens"]["refresh_token"]
    reuse = await api.client.post(f"{AUTH}/refresh", json={"refresh_token": old})
    assert reuse.status_code == 401
    assert reuse.headers["content-type"].startswith("application/problem+json")
    assert reuse.json()["code"] == "refresh_token_reused"
    after = await api.client.post(f"{AUTH}/refresh", json={"refresh_token": new})
    assert after.status_code == 401


async def test_parallel_refreshes_over_http_have_one_winner(api: Api) -> None:
    token = (await api.register())["tokens"]["refresh_token"]
    responses = await asyncio.gather(
        *(api.client.post(f"{AUTH}/refresh", json={"refresh_token": token}) for _ in range(20))
    )
    assert sorted(r.status_code for r in responses) == [200] + [401] * 19


async def test_phone_verification_and_otp_login(api: Api) -> None:
    auth = await api.register()
    phone = auth["user"]["phone"]
    sent = await api.client.post(f"{AUTH}/otp/send", json={"phone": phone, "purpose": "verify_phone"})
    assert sent.status_code == 202
    verified = await api.client.post(
        f"{AUTH}/otp/verify", json={"phone": phone, "code": await api.code_for(phone), "purpose": "verify_phone"}
    )
    assert verified.status_code == 200, verified.text
    assert verified.json()["user"]["phone_verified"] is True
    assert "tokens" not in verified.json()

    await api.client.post(f"{AUTH}/otp/send", json={"phone": phone, "purpose": "login"})
    login = await api.client.post(
        f"{AUTH}/otp/verify", json={"phone": phone, "code": await api.code_for(phone), "purpose": "login"}
    )
    assert login.status_code == 200
    assert login.json()["tokens"]["token_type"] == "bearer"


async def test_wrong_codes_count_and_lock(api: Api) -> None:
    phone = (await api.register())["user"]["phone"]
    await api.client.post(f"{AUTH}/otp/send", json={"phone": phone, "purpose": "login"})
    code = await api.code_for(phone)
    wrong = "000000" if code != "000000" else "999999"
    codes = []
    for _ in range(5):
        response = await api.client.post(f"{AUTH}/otp/verify", json={"phone": phone, "code": wrong, "purpose": "login"})
        codes.append((response.status_code, response.json()["code"]))
    assert codes == [(400, "otp_invalid")] * 5
    locked = await api.client.post(f"{AUTH}/otp/verify", json={"phone": phone, "code": code, "purpose": "login"})
    assert (locked.status_code, locked.json()["code"]) == (400, "otp_locked")


async def test_password_reset_revokes_every_session(api: Api) -> None:
    auth = await api.register()
    phone, username = auth["user"]["phone"], auth["user"]["username"]
    second = await api.client.post(f"{AUTH}/login", json={"login": username, "password": auth["password"]})
    assert (await api.client.post(f"{AUTH}/password/reset", json={"phone": phone})).status_code == 202
    confirm = await api.client.post(
        f"{AUTH}/password/reset/confirm",
        json={"phone": phone, "code": await api.code_for(phone), "new_password": "a brand new one"},
    )
    assert confirm.status_code == 204, confirm.text
    for token in (auth["tokens"]["refresh_token"], second.json()["tokens"]["refresh_token"]):
        assert (await api.client.post(f"{AUTH}/refresh", json={"refresh_token": token})).status_code == 401
    old = await api.client.post(f"{AUTH}/login", json={"login": username, "password": auth["password"]})
    assert old.status_code == 401
    new = await api.client.post(f"{AUTH}/login", json={"login": username, "password": "a brand new one"})
    assert new.status_code == 200


async def test_otp_for_unknown_numbers_looks_the_same(api: Api) -> None:
    response = await api.client.post(f"{AUTH}/otp/send", json={"phone": unique_phone(), "purpose": "login"})
    reset = await api.client.post(f"{AUTH}/password/reset", json={"phone": unique_phone()})
    assert (response.status_code, reset.status_code) == (202, 202)


async def test_duplicate_registration_is_a_conflict(api: Api) -> None:
    auth = await api.register()
    again = await api.client.post(
        f"{AUTH}/register",
        json={
            "username": auth["user"]["username"].upper(),
            "password": "plum kettle orbit saffron",
            "display_name": "X",
            "email": f"{unique()}@x.io",
        },
    )
    assert (again.status_code, again.json()["code"]) == (409, "username_taken")
    phone = await api.client.post(
        f"{AUTH}/register",
        json={
            "username": unique(),
            "password": "plum kettle orbit saffron",
            "display_name": "X",
            "phone": auth["user"]["phone"],
        },
    )
    assert (phone.status_code, phone.json()["code"]) == (409, "phone_taken")
