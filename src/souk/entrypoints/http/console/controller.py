"""``/admin``: the staff console. Each action calls the same use case as the admin API,
as the signed-in staff member, with the reason the form requires."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.logout import Logout
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.report_repository import ReportRepository
from souk.application.safety.list_reports import ListReports, QueuedReport
from souk.application.safety.look_up_listings import LookUpListings
from souk.application.safety.look_up_user import LookUpUser
from souk.application.safety.read_audit_log import ReadAuditLog
from souk.application.safety.reinstate_user import ReinstateUser
from souk.application.safety.report_targets import ReportTargets
from souk.application.safety.resolve_report import Resolution, ResolveReport
from souk.application.safety.suspend_user import SuspendUser
from souk.application.safety.take_down_product import TakeDownProduct
from souk.application.shared.staff import StaffGate
from souk.domain.safety.errors import StaffOnly
from souk.domain.shared.errors import DomainError, InvalidInput
from souk.entrypoints.http.console.auth import (
    ACCESS_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    LOGIN_CSRF_COOKIE,
    REFRESH_COOKIE,
    ConsoleKey,
    StaffSession,
    cookie,
    csrf_ok,
    expired,
    login_csrf_ok,
    new_login_token,
    session_of,
    with_cookies,
)
from souk.entrypoints.http.console.pages import page
from souk.entrypoints.http.identity import ClientAddress

AnyRequest = Request[Any, Any, Any]
SIGN_IN = "/admin/login"


class ConsoleController(Controller):
    path = "/admin"
    include_in_schema = False

    @get("/login")
    async def login_page(self, error: FromQuery[str | None] = None) -> Template:
        token = new_login_token()
        return page(
            "login.html",
            cookies=[cookie(LOGIN_CSRF_COOKIE, token, 3600)],
            login_token=token,
            error=SIGN_IN_ERRORS.get(error, "Sign-in failed.") if error else None,
            csrf=None,
        )

    @post("/login", status_code=303)
    @inject
    async def login(
        self,
        request: AnyRequest,
        use_case: FromDishka[Login],
        gate: FromDishka[StaffGate],
        logout: FromDishka[Logout],
        tokens: FromDishka[AccessTokens],
        address: FromDishka[ClientAddress],
    ) -> Response[Any]:
        form = await request.form()
        if not login_csrf_ok(request, form.get(CSRF_FIELD)):
            return Redirect(SIGN_IN, status_code=303)
        try:
            result = await use_case(LoginCommand(str(form.get("login", "")), str(form.get("password", "")), address.ip))
        except DomainError as exc:
            return _login_again(exc.code)
        pair = result.tokens
        if pair is None:  # a second factor is asked for: the console takes passwords only for now
            return _login_again("mfa")
        claims = tokens.verify(pair.access_token)
        try:
            await gate.require(result.user.id)
        except StaffOnly:
            await logout(result.user.id, claims.session_id, pair.refresh_token)
            return _login_again("staff_only")
        ttl = pair.expires_in
        return with_cookies(
            Redirect("/admin", status_code=303),
            cookie(ACCESS_COOKIE, pair.access_token, ttl),
            cookie(REFRESH_COOKIE, pair.refresh_token, ttl),
            expired(LOGIN_CSRF_COOKIE),
        )

    @post("/logout", status_code=303)
    @inject
    async def logout(
        self,
        request: AnyRequest,
        logout: FromDishka[Logout],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
    ) -> Response[Any]:
        staff = session_of(request, tokens, key)
        form = await request.form()
        if staff is not None and csrf_ok(staff, form.get(CSRF_FIELD)):
            await logout(staff.user_id, staff.session_id, request.cookies.get(REFRESH_COOKIE))
        return with_cookies(Redirect(SIGN_IN, status_code=303), expired(ACCESS_COOKIE), expired(REFRESH_COOKIE))

    @get("/")
    @inject
    async def reports(
        self,
        request: AnyRequest,
        use_case: FromDishka[ListReports],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
        status: FromQuery[str] = "open",
        cursor: FromQuery[str | None] = None,
    ) -> Response[Any]:
        staff = session_of(request, tokens, key)
        if staff is None:
            return Redirect(SIGN_IN)
        try:
            found = await use_case(staff.user_id, status or None, cursor, 50)
        except StaffOnly:
            return _login_again("staff_only")
        except DomainError as exc:
            return page("fragment_error.html", 400, error=exc.detail)
        return page("reports.html", items=found.items, next_cursor=found.next_cursor, status=status, **_chrome(staff))

    @post("/reports/{report_id:uuid}/resolve", status_code=200)
    @inject
    async def resolve(
        self,
        report_id: FromPath[UUID],
        request: AnyRequest,
        use_case: FromDishka[ResolveReport],
        reports: FromDishka[ReportRepository],
        targets: FromDishka[ReportTargets],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
    ) -> Response[Any]:
        staff, form = await _checked(request, tokens, key)
        if staff is None:
            return _session_ended()
        error = None
        try:
            until = _until(form.get("until"))
            await use_case(
                staff.user_id, report_id, Resolution(str(form.get("action", "")), str(form.get("reason", "")), until)
            )
        except DomainError as exc:
            error = exc.detail
        report = await reports.get(report_id)
        if report is None:
            return page("fragment_error.html", error=error or "No such report.")
        found = await targets.find(report.target_type, report.target_id, None)
        return page("report_row.html", item=QueuedReport(report, found.preview if found else None), error=error)

    @get("/users")
    @inject
    async def users(
        self,
        request: AnyRequest,
        use_case: FromDishka[LookUpUser],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
        q: FromQuery[str] = "",
    ) -> Response[Any]:
        staff = session_of(request, tokens, key)
        if staff is None:
            return Redirect(SIGN_IN)
        try:
            found = await use_case(staff.user_id, q) if q.strip() else None
        except StaffOnly:
            return _login_again("staff_only")
        return page("users.html", q=q, found=found, **_chrome(staff))

    @post("/users/{user_id:uuid}/suspend", status_code=200)
    @inject
    async def suspend(
        self,
        user_id: FromPath[UUID],
        request: AnyRequest,
        use_case: FromDishka[SuspendUser],
        look_up: FromDishka[LookUpUser],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
    ) -> Response[Any]:
        staff, form = await _checked(request, tokens, key)
        if staff is None:
            return _session_ended()
        message = error = None
        try:
            until = _until(form.get("until"))
            await use_case(staff.user_id, user_id, str(form.get("reason", "")), until)
            message = "Suspended." if until else "Banned."
        except DomainError as exc:
            error = exc.detail
        found = await look_up(staff.user_id, str(user_id))
        return page("user_card.html", found=found, message=message, error=error)

    @post("/users/{user_id:uuid}/reinstate", status_code=200)
    @inject
    async def reinstate(
        self,
        user_id: FromPath[UUID],
        request: AnyRequest,
        use_case: FromDishka[ReinstateUser],
        look_up: FromDishka[LookUpUser],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
    ) -> Response[Any]:
        staff, form = await _checked(request, tokens, key)
        if staff is None:
            return _session_ended()
        message = error = None
        try:
            await use_case(staff.user_id, user_id, str(form.get("reason", "")))
            message = "Reinstated."
        except DomainError as exc:
            error = exc.detail
        found = await look_up(staff.user_id, str(user_id))
        return page("user_card.html", found=found, message=message, error=error)

    @get("/listings")
    @inject
    async def listings(
        self,
        request: AnyRequest,
        use_case: FromDishka[LookUpListings],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
        q: FromQuery[str] = "",
    ) -> Response[Any]:
        staff = session_of(request, tokens, key)
        if staff is None:
            return Redirect(SIGN_IN)
        try:
            found = await use_case(staff.user_id, q) if q.strip() else []
        except StaffOnly:
            return _login_again("staff_only")
        return page("listings.html", q=q, listings=found, **_chrome(staff))

    @post("/listings/{product_id:uuid}/takedown", status_code=200)
    @inject
    async def take_down(
        self,
        product_id: FromPath[UUID],
        request: AnyRequest,
        use_case: FromDishka[TakeDownProduct],
        look_up: FromDishka[LookUpListings],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
    ) -> Response[Any]:
        staff, form = await _checked(request, tokens, key)
        if staff is None:
            return _session_ended()
        message = error = None
        try:
            await use_case(staff.user_id, product_id, str(form.get("reason", "")))
            message = "Taken down."
        except DomainError as exc:
            error = exc.detail
        found = await look_up(staff.user_id, str(product_id))
        if not found:
            return page("fragment_error.html", error=error or "No such listing.")
        return page("listing_row.html", listing=found[0], message=message, error=error)

    @get("/audit")
    @inject
    async def audit(
        self,
        request: AnyRequest,
        use_case: FromDishka[ReadAuditLog],
        tokens: FromDishka[AccessTokens],
        key: FromDishka[ConsoleKey],
        cursor: FromQuery[str | None] = None,
    ) -> Response[Any]:
        staff = session_of(request, tokens, key)
        if staff is None:
            return Redirect(SIGN_IN)
        try:
            found = await use_case(staff.user_id, cursor, 100)
        except StaffOnly:
            return _login_again("staff_only")
        except DomainError as exc:
            return page("fragment_error.html", 400, error=exc.detail)
        return page("audit.html", entries=found.items, next_cursor=found.next_cursor, **_chrome(staff))


async def _checked(request: AnyRequest, tokens: AccessTokens, key: ConsoleKey) -> tuple[StaffSession | None, Any]:
    """The session of a state-changing request, if signed in and carrying its CSRF token."""
    staff = session_of(request, tokens, key)
    form = await request.form()
    sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if staff is None or not csrf_ok(staff, sent):
        return None, form
    return staff, form


def _chrome(staff: StaffSession) -> dict[str, Any]:
    return {"csrf": staff.csrf, "me": ""}


def _until(raw: Any) -> datetime | None:
    """A ``datetime-local`` field, read as UTC (the console says so); empty: none."""
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInput("until is a date and time.", field="until") from None


SIGN_IN_ERRORS = {  # by code: the page never shows text taken from its URL
    "staff_only": "This console is for staff (moderators and admins).",
    "mfa": "Two-factor sign-in is not available in the console yet: use the API.",
    "invalid_credentials": "Wrong login or password.",
    "account_suspended": "This account is suspended.",
    "rate_limited": "Too many attempts: wait a little and try again.",
}


def _session_ended() -> Response[Any]:
    """What an action's fragment shows when the staff session is gone (expired, ended, no CSRF)."""
    return page("fragment_error.html", error="Your session ended: sign in again.")


def _login_again(error: str) -> Response[Any]:
    return Redirect(f"{SIGN_IN}?error={error}", status_code=303)
