"""Accounts and sessions: use cases and their knobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import Provider, Scope, provide

from souk.adapters.oidc.jwks_id_token_verifier import JwksIdTokenVerifier, ProviderSettings
from souk.adapters.places.ip_ranges import IpRangePlaces
from souk.application.accounts.catch_up_revocations import CatchUpRevocations
from souk.application.accounts.change_password import ChangePassword
from souk.application.accounts.confirm_password_reset import ConfirmPasswordReset
from souk.application.accounts.create_user import CreateUser
from souk.application.accounts.deliver_otp import DeliverOtp
from souk.application.accounts.email_codes import EmailCodes
from souk.application.accounts.email_password_reset import (
    DeliverResetEmail,
    RequestPasswordResetEmail,
    ResetPasswordByEmail,
)
from souk.application.accounts.email_verification import SendEmailVerification, VerifyEmail, VerifyEmailLink
from souk.application.accounts.end_session import EndSession
from souk.application.accounts.issue_realtime_ticket import IssueRealtimeTicket
from souk.application.accounts.list_sessions import ListSessions
from souk.application.accounts.login import Login
from souk.application.accounts.logout import Logout
from souk.application.accounts.logout_all import LogoutAll
from souk.application.accounts.mail_texts import MailLinks
from souk.application.accounts.mfa_tokens import MfaTokens
from souk.application.accounts.oidc_sign_in import OidcSignIn
from souk.application.accounts.oidc_web import FinishWebSignIn, StartWebSignIn, WebRedirectUris
from souk.application.accounts.otp_redeemer import OtpRedeemer
from souk.application.accounts.profiles import GetMyProfile, GetPublicProfile, UpdateMyProfile
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.realtime_tickets import TicketTtl
from souk.application.accounts.redeem_realtime_ticket import RedeemRealtimeTicket
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterUser
from souk.application.accounts.second_factor import SecondFactor
from souk.application.accounts.send_otp import SendOtp
from souk.application.accounts.sessions import SessionIssuer
from souk.application.accounts.set_role import SetRole
from souk.application.accounts.two_factor import ConfirmTotp, DisableTotp, EnrolTotp
from souk.application.accounts.user_factory import UserFactory
from souk.application.accounts.verify_mfa import VerifyMfa
from souk.application.accounts.verify_otp import VerifyOtp
from souk.application.ports.id_token_verifier import IdTokenVerifier
from souk.application.ports.oidc_code_exchange import OidcCodeExchange
from souk.application.ports.place_lookup import PlaceLookup
from souk.application.shared.clock import Clock
from souk.bootstrap.settings import Settings
from souk.domain.accounts.oidc import OidcProvider


class AccountsConfigProvider(Provider):
    scope = Scope.APP

    @provide
    def rate_rules(self, settings: Settings) -> AuthRateRules:
        return AuthRateRules().scaled(settings.rate_limit_scale)

    @provide
    def ticket_ttl(self, settings: Settings) -> TicketTtl:
        return TicketTtl(timedelta(seconds=settings.realtime_ticket_ttl_s))

    @provide
    def places(self, settings: Settings) -> PlaceLookup:
        """A local table of address ranges: a sign-in's address never leaves the server."""
        return IpRangePlaces.from_file(settings.ip_places_file)

    @provide
    def mail_links(self, settings: Settings) -> MailLinks:
        configured = settings.mail_link_base
        return MailLinks((lambda: configured) if configured else settings.public_base)

    @provide
    async def id_tokens(self, settings: Settings, clock: Clock) -> AsyncIterator[IdTokenVerifier]:
        """Google and Apple, each on when its client ids are set."""
        providers = {
            OidcProvider.GOOGLE: ProviderSettings(
                settings.oidc_google_issuer.rstrip("/"),
                _ids(settings.oidc_google_client_ids),
                also_issuers=("accounts.google.com",),
                web_client_id=settings.oidc_google_web_client_id,
                web_client_secret=settings.oidc_google_web_client_secret,
            ),
            OidcProvider.APPLE: ProviderSettings(
                settings.oidc_apple_issuer.rstrip("/"),
                _ids(settings.oidc_apple_client_ids),
                web_client_id=settings.oidc_apple_web_client_id,
                web_client_secret=settings.oidc_apple_web_client_secret,
            ),
        }
        verifier = JwksIdTokenVerifier(providers, clock)
        yield verifier
        await verifier.aclose()

    @provide
    def code_exchange(self, verifier: IdTokenVerifier) -> OidcCodeExchange:
        assert isinstance(verifier, JwksIdTokenVerifier)  # one adapter, one discovery cache, both ports
        return verifier

    @provide
    def redirect_uris(self, settings: Settings) -> WebRedirectUris:
        return WebRedirectUris(_ids(settings.oidc_web_redirect_uris))

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
    list_sessions = provide(ListSessions)
    end_session = provide(EndSession)
    change_password = provide(ChangePassword)
    email_codes = provide(EmailCodes)
    send_email_verification = provide(SendEmailVerification)
    verify_email = provide(VerifyEmail)
    verify_email_link = provide(VerifyEmailLink)
    request_reset_email = provide(RequestPasswordResetEmail)
    deliver_reset_email = provide(DeliverResetEmail)
    reset_by_email = provide(ResetPasswordByEmail)
    mfa_tokens = provide(MfaTokens)
    second_factor = provide(SecondFactor)
    enrol_totp = provide(EnrolTotp)
    confirm_totp = provide(ConfirmTotp)
    disable_totp = provide(DisableTotp)
    verify_mfa = provide(VerifyMfa)
    oidc_sign_in = provide(OidcSignIn)
    start_web_sign_in = provide(StartWebSignIn)
    finish_web_sign_in = provide(FinishWebSignIn)


def _ids(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())
