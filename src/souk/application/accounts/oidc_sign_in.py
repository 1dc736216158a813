"""Sign in with Google or Apple: a verified ID token and the nonce the client made.

The provider account (issuer + subject) finds the Souk account it was linked to. A first
sign-in creates an account, unless a Souk account already has the token's email address:
then it answers ``link_required`` and links only when the same request proves that
account (its login and password) — an email match alone never links. The nonce is used
once: the same token and nonce again are refused (replay)."""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass

from souk.application.accounts.mfa_tokens import MfaTokens
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.results import AuthResult
from souk.application.accounts.second_factor import SecondFactor
from souk.application.accounts.sessions import SessionIssuer, SignInClient
from souk.application.events import EventRecorder
from souk.application.ports.id_token_verifier import IdTokenVerifier
from souk.application.ports.oidc_identity_repository import OidcIdentityRepository
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.errors import (
    InvalidCredentials,
    OidcLinkRequired,
    OidcNonceReused,
    OidcTokenInvalid,
    UsernameTaken,
)
from souk.domain.accounts.events import UserRegistered
from souk.domain.accounts.oidc import IdClaims, OidcProvider, nonce_key, nonce_matches, username_base
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Email, Username, classify_login
from souk.domain.shared.errors import InvalidInput, RateLimited


@dataclass(frozen=True, slots=True)
class OidcSignInCommand:
    provider: OidcProvider
    id_token: str
    nonce: str
    client: SignInClient
    link_login: str | None = None
    link_password: str | None = None


@dataclass(frozen=True, slots=True)
class OidcResult:
    auth: AuthResult
    created: bool


class OidcSignIn:
    def __init__(
        self,
        uow: UnitOfWork,
        verifier: IdTokenVerifier,
        identities: OidcIdentityRepository,
        users: UserRepository,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        second_factor: SecondFactor,
        mfa_tokens: MfaTokens,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        events: EventRecorder,
    ) -> None:
        self._uow = uow
        self._verifier = verifier
        self._identities = identities
        self._users = users
        self._hasher = hasher
        self._sessions = sessions
        self._second_factor = second_factor
        self._mfa_tokens = mfa_tokens
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._events = events

    async def __call__(self, cmd: OidcSignInCommand) -> OidcResult:
        cmd.client.device()
        await self._limiter.hit(self._rules.login_per_ip, cmd.client.ip)
        claims = await self._verifier.verify(cmd.provider, cmd.id_token)
        if not nonce_matches(claims.nonce, cmd.nonce):
            raise OidcTokenInvalid("The ID token was not issued for this nonce.")
        now = self._clock.now()
        linked = await self._identities.user_for(claims.provider, claims.subject)
        user = await self._users.get(linked) if linked is not None else None
        created = False
        if user is None:
            user = await self._proven_account(cmd)
            if user is None:
                if claims.email and await self._users.find_by_login(Email.parse(claims.email)) is not None:
                    raise OidcLinkRequired()  # nothing written: the same token may come back with the proof
                user = await self._new_account(claims)
                created = True
            await self._identities.link(claims.provider, claims.subject, user.id, now)
        if not await self._identities.claim_nonce(nonce_key(cmd.provider, cmd.nonce), claims.expires_at, now):
            raise OidcNonceReused()
        if created:
            await self._events.record(UserRegistered(user.id))
        if not created and await self._second_factor.enabled_factor(user.id) is not None:
            await self._uow.commit()
            return OidcResult(AuthResult(user, mfa_token=self._mfa_tokens.issue(user.id, cmd.client)), False)
        tokens = await self._sessions.open(user.id, cmd.client)
        await self._uow.commit()
        await self._events.publish()
        return OidcResult(AuthResult(user, tokens), created)

    async def _proven_account(self, cmd: OidcSignInCommand) -> User | None:
        """The existing account the request proves (login + password), to link; None without proof."""
        if not cmd.link_login and not cmd.link_password:
            return None
        if not cmd.link_login or not cmd.link_password:
            raise InvalidInput("Linking needs both `link_login` and `link_password`.", field="link_password")
        try:
            identifier = classify_login(cmd.link_login)
        except InvalidInput:
            identifier = None
        user = await self._users.find_by_login(identifier) if identifier else None
        account = str(user.id) if user else cmd.link_login.strip().lower()
        await self._limiter.check(self._rules.password_checks_per_account, account)
        if user is None:
            await self._hasher.burn()
        if user is None or not await self._hasher.verify(user.password_hash, cmd.link_password):
            with contextlib.suppress(RateLimited):
                await self._limiter.hit(self._rules.password_checks_per_account, account)
            raise InvalidCredentials()
        return user

    async def _new_account(self, claims: IdClaims) -> User:
        now = self._clock.now()
        base = username_base(claims)
        email = Email.parse(claims.email) if claims.email else None
        # no password the owner knows: they sign in with the provider, or set one by email reset
        password_hash = await self._hasher.hash(secrets.token_urlsafe(32))
        for attempt in range(8):
            suffix = "" if attempt == 0 else str(secrets.randbelow(10**4)).zfill(4)
            user = User(
                id=new_id(),
                username=Username.parse(f"{base}{suffix}"),
                display_name=(claims.name or base)[:50],
                password_hash=password_hash,
                created_at=now,
                updated_at=now,
                email=email,
                email_verified=bool(email and claims.email_verified),
            )
            with contextlib.suppress(UsernameTaken):
                await self._users.add(user)
                return user
        raise UsernameTaken()
