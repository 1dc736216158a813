"""Issue 13 item 11, validation: only numbers that exist and passwords that are hard to
guess, refused with a stable code and a detail that tells the user what to do."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Api
from tests.support import unique

AUTH = "/api/v1/auth"


@pytest.mark.parametrize("phone", ["+10000000000", "+15551234567"])
async def test_a_phone_number_no_numbering_plan_has_is_refused_everywhere(api: Api, phone: str) -> None:
    body = {"username": unique(), "password": "plum kettle orbit saffron", "display_name": "X", "phone": phone}
    register = await api.client.post(f"{AUTH}/register", json=body)
    send = await api.client.post(f"{AUTH}/otp/send", json={"phone": phone, "purpose": "login"})
    reset = await api.client.post(f"{AUTH}/password/reset", json={"phone": phone})
    for response in (register, send, reset):
        assert response.status_code == 400, response.text
        problem = response.json()
        assert problem["code"] == "invalid_phone"
        assert problem["errors"][0]["field"] == "phone"
        assert "numbering plan" in problem["detail"]


@pytest.mark.parametrize("password", ["password", "password1", "qwertyuiop", "iloveyou123"])
async def test_common_passwords_are_refused_as_weak(api: Api, password: str) -> None:
    body = {"username": unique(), "password": password, "display_name": "X", "email": f"{unique()}@x.io"}
    response = await api.client.post(f"{AUTH}/register", json=body)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["code"] == "weak_password"
    assert problem["errors"][0]["field"] == "password"
    assert "too easy to guess" in problem["detail"]


async def test_a_password_built_from_the_username_is_weak(api: Api) -> None:
    username = unique("marigold")
    body = {"username": username, "password": f"{username}1", "display_name": "Marigold", "email": f"{unique()}@x.io"}
    response = await api.client.post(f"{AUTH}/register", json=body)
    assert (response.status_code, response.json()["code"]) == (400, "weak_password")


async def test_a_weak_new_password_on_reset_is_refused_and_the_code_still_works(api: Api) -> None:
    auth = await api.register()
    phone = auth["user"]["phone"]
    assert (await api.client.post(f"{AUTH}/password/reset", json={"phone": phone})).status_code == 202
    code = await api.code_for(phone)
    weak = await api.client.post(
        f"{AUTH}/password/reset/confirm", json={"phone": phone, "code": code, "new_password": "letmein123"}
    )
    assert (weak.status_code, weak.json()["code"]) == (400, "weak_password")
    assert weak.json()["errors"][0]["field"] == "new_password"
    strong = await api.client.post(
        f"{AUTH}/password/reset/confirm", json={"phone": phone, "code": code, "new_password": "harbor tulip orbit"}
    )
    assert strong.status_code == 204, strong.text
