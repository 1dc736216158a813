"""Accounts and sessions: use cases and their knobs."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, provide

from souk.application.accounts.catch_up_revocations import CatchUpRevocations
from souk.application.accounts.confirm_password_reset import ConfirmPasswordReset
from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.deliver_otp import DeliverOtp
from souk.application.accounts.issue_realtime_ticket import IssueRealtimeTicket
from souk.application.accounts.login import Login
from souk.application.accounts.logout import Logout
from souk.application.accounts.logout_all import LogoutAll
from souk.application.accounts.otp_redeemer import OtpRedeemer
from souk.application.accounts.profiles import GetMyProfile, GetPublicProfile, UpdateMyProfile
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.realtime_tickets import TicketTtl
from souk.application.accounts.redeem_realtime_ticket import RedeemRealtimeTicket
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterUser
from souk.application.accounts.send_otp import SendOtp
from souk.application.accounts.sessions import SessionIssuer
from souk.application.accounts.set_role import SetRole
from souk.application.accounts.user_factory import UserFactory
from souk.application.accounts.verify_otp import VerifyOtp
from souk.bootstrap.settings import Settings


class AccountsConfigProvider(Provider):
    scope = Scope.APP

    @provide
    def rate_rules(self, settings: Settings) -> AuthRateRules:
        return AuthRateRules().scaled(settings.rate_limit_scale)

    @provide
    def ticket_ttl(self, settings: Settings) -> TicketTtl:
        return TicketTtl(timedelta(seconds=settings.realtime_ticket_ttl_s))

    issue_ticket = provide(IssueRealtimeTicket)
    redeem_ticket = provide(RedeemRealtimeTicket)
    logout_all = provide(LogoutAll, scope=Scope.REQUEST)
    catch_up = provide(CatchUpRevocations, scope=Scope.REQUEST)


class AccountsUseCasesProvider(Provider):
    scope = Scope.REQUEST

    user_factory = provide(UserFactory)
    sessions = provide(SessionIssuer)
    otp_redeemer = provide(OtpRedeemer)
    register = provide(RegisterUser)
    create_user = provide(CreateUser)
    set_role = provide(SetRole)
    login = provide(Login)
    refresh = provide(RefreshSession)
    logout = provide(Logout)
    send_otp = provide(SendOtp)
    deliver_otp = provide(DeliverOtp)
    verify_otp = provide(VerifyOtp)
    confirm_reset = provide(ConfirmPasswordReset)
    get_me = provide(GetMyProfile)
    update_me = provide(UpdateMyProfile)
    public_profile = provide(GetPublicProfile)
