from __future__ import annotations

from tests.e2e.conftest import Api


async def test_register_then_read_me(api: Api) -> None:
    auth = await api.register()
    response = await api.client.get("/api/v1/users/me", headers=api.bearer(auth))
    assert response.status_code == 200
    assert response.json()["username"] == auth["user"]["username"]
