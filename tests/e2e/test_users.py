from __future__ import annotations

import uuid

from tests.e2e.conftest import Api
from tests.e2e.sql_count import sql_count


async def test_profile_patch_and_public_view(api: Api) -> None:
    auth = await api.register(email=None)
    patch = await api.client.patch(
        "/api/v1/users/me",
        headers=api.bearer(auth),
        json={
            "display_name": "Amira B",
            "bio": "Film cameras",
            "location": {"lat": 48.8566, "lng": 2.3522},
            "neighborhood": "Le Marais",
            "notification_settings": {"new_follower": False},
        },
    )
    assert patch.status_code == 200, patch.text
    me = patch.json()
    assert me["location"] == {"lat": 48.8566, "lng": 2.3522}
    assert me["notification_settings"]["new_follower"] is False
    assert me["notification_settings"]["new_message"] is True

    public = (await api.client.get(f"/api/v1/users/{auth['user']['id']}")).json()
    assert public["display_name"] == "Amira B"
    assert {"followers_count", "following_count", "listings_count", "sold_count"} <= set(public)
    assert not {"phone", "email", "location", "notification_settings"} & set(public)

    cleared = await api.client.patch("/api/v1/users/me", headers=api.bearer(auth), json={"location": None})
    assert cleared.json()["location"] is None
    assert cleared.json()["bio"] == "Film cameras"


async def test_nobody_can_raise_their_own_tier_or_verify_themselves(api: Api) -> None:
    auth = await api.register()
    for field, value in (
        ("seller_tier", "pro"),
        ("phone_verified", True),
        ("role", "admin"),
        ("id", str(uuid.uuid4())),
    ):
        response = await api.client.patch("/api/v1/users/me", headers=api.bearer(auth), json={field: value})
        assert response.status_code == 400, field
        assert response.json()["code"] == "validation_error"
    me = (await api.client.get("/api/v1/users/me", headers=api.bearer(auth))).json()
    assert (me["seller_tier"], me["phone_verified"]) == ("free", False)


async def test_unknown_user_is_404_problem(api: Api) -> None:
    response = await api.client.get(f"/api/v1/users/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.json()["code"] == "user_not_found"
    bad = await api.client.get("/api/v1/users/not-a-uuid")
    assert bad.status_code in (400, 404)
    assert bad.headers["content-type"].startswith("application/problem+json")


async def test_my_account_is_one_connection_and_one_statement(api: Api) -> None:
    """``GET /users/me`` (the account and its payout status) takes one pooled connection and sends
    one statement: no transaction of its own, no second read for the payouts."""
    auth = await api.register()
    headers = api.bearer(auth)
    assert (await api.client.get("/api/v1/users/me", headers=headers)).status_code == 200  # pools warm
    async with sql_count(api.client.app) as count:
        me = await api.client.get("/api/v1/users/me", headers={**headers, **count.header})
    assert me.status_code == 200, me.text
    assert me.json()["payouts"] == {"provider": None, "onboarded": False, "enabled": False}
    assert count.checkouts == 1
    assert len(count.statements) <= 1, count.statements
