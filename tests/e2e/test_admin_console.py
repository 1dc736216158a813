"""Issue 17, the staff console in a real headless browser (Playwright driving Debian's
chromium): a moderator signs in, sees the report queue with the reported listing in place,
resolves a report by taking the listing down, and the listing is gone from Discover; the
audit log shows it. Requests without the console's CSRF token change nothing."""

from __future__ import annotations

import shutil
from dataclasses import replace
from typing import Any

import httpx
import pytest
from playwright.async_api import Page, async_playwright, expect

from souk.bootstrap.http_app import create_app
from souk.bootstrap.settings import Settings
from souk.domain.accounts.values import Role
from tests.e2e.test_catalog import product_body
from tests.e2e.test_reports_and_admin import grant
from tests.e2e.ws_support import serving
from tests.support import unique

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "plum kettle orbit saffron"


async def register(http: httpx.AsyncClient) -> dict[str, Any]:
    body = {"username": unique("adm"), "password": PASSWORD, "display_name": "A", "email": f"{unique()}@x.io"}
    response = await http.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def bearer(auth: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {auth['tokens']['access_token']}"}


async def sign_in(page: Page, base: str, login: str) -> None:
    await page.goto(f"{base}/admin")
    await expect(page).to_have_url(f"{base}/admin/login")
    await page.get_by_label("Username, email or phone").fill(login)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("kind", ["sqlite"])
async def test_a_moderator_takes_a_reported_listing_down_in_the_browser(
    kind: str, request: pytest.FixtureRequest
) -> None:
    settings: Settings = replace(request.getfixturevalue(f"{kind}_settings"), rate_limit_scale=1000)
    async with serving(create_app(settings)) as address, httpx.AsyncClient(base_url=f"http://{address}") as http:
        base = f"http://localhost:{address.rsplit(':', 1)[1]}"  # a secure context: Secure cookies are kept
        seller, reporter, moderator, nobody = [await register(http) for _ in range(4)]
        title = f"Replica handbag {unique()}"
        created = await http.post(
            "/api/v1/products", json=product_body(title=title, feed_type="discover"), headers=bearer(seller)
        )
        listing = created.json()["id"]
        report = {"target_type": "product", "target_id": listing, "reason": "counterfeit", "note": "fake logo"}
        filed = (await http.post("/api/v1/reports", json=report, headers=bearer(reporter))).json()
        await grant(settings, moderator, Role.MODERATOR)
        assert listing in {p["id"] for p in (await http.get("/api/v1/feeds/discover?limit=100")).json()["items"]}

        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                # not staff: turned away at sign-in
                page = await browser.new_page()
                await sign_in(page, base, nobody["user"]["username"])
                await expect(page.get_by_role("alert")).to_contain_text("for staff")
                # the page shows no text taken from its URL
                await page.goto(f"{base}/admin/login?error=Call+0800+now")
                await expect(page.get_by_role("alert")).to_have_text("Sign-in failed.")
                await page.close()

                context = await browser.new_context()
                page = await context.new_page()
                await sign_in(page, base, moderator["user"]["username"])
                await expect(page).to_have_url(f"{base}/admin")
                cookies = {c["name"]: c for c in await context.cookies()}
                assert cookies["souk_admin"]["httpOnly"]
                assert cookies["souk_admin"]["secure"]
                assert cookies["souk_admin"]["sameSite"] == "Strict"
                row = page.locator(f"#report-{filed['id']}")
                await expect(row).to_contain_text(title)  # the reported content, in place
                await expect(row).to_contain_text("fake logo")

                # the session cookie alone (a cross-site form, say) changes nothing
                forged = await context.request.post(
                    f"{base}/admin/reports/{filed['id']}/resolve", form={"action": "remove", "reason": "x"}
                )
                assert "sign in again" in await forged.text()
                still = (await http.get(f"/api/v1/products/{listing}")).status_code
                assert still == 200

                await row.get_by_label("Action").select_option("remove")
                await row.get_by_label("Reason").fill("Counterfeit designer goods")
                await row.get_by_role("button", name="Resolve").click()
                await expect(page.locator(f"#report-{filed['id']}")).to_contain_text("resolved: remove")

                await page.get_by_role("link", name="Audit log").click()
                await expect(page.locator("table")).to_contain_text("takedown_product")
                await expect(page.locator("table")).to_contain_text("Counterfeit designer goods")
                await context.close()
            finally:
                await browser.close()

        discover = (await http.get("/api/v1/feeds/discover?limit=100")).json()
        assert listing not in {p["id"] for p in discover["items"]}
        assert (await http.get(f"/api/v1/products/{listing}")).status_code == 404
        mine = (await http.get("/api/v1/reports/mine", headers=bearer(reporter))).json()["items"]
        assert [(r["status"], r["action"]) for r in mine] == [("resolved", "remove")]
