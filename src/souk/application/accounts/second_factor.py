"""Checking a second-factor code (TOTP or backup): the one place its rules run, for
signing in and for turning two-factor off. Wrong codes are limited per account."""

from __future__ import annotations

import contextlib
from uuid import UUID

from souk.application.accounts.mfa_tokens import MfaKey
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.totp_repository import TotpRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import MfaCodeInvalid, MfaNotEnrolled
from souk.domain.accounts.totp import TotpFactor, backup_digest, is_totp_code
from souk.domain.shared.errors import RateLimited


class SecondFactor:
    def __init__(
        self, factors: TotpRepository, limiter: RateLimiter, rules: AuthRateRules, clock: Clock, key: MfaKey
    ) -> None:
        self._factors = factors
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._key = key

    async def enabled_factor(self, user_id: UUID) -> TotpFactor | None:
        factor = await self._factors.get(user_id)
        return factor if factor is not None and factor.enabled else None

    async def check(self, factor: TotpFactor, code: str) -> None:
        """Accept a TOTP code (once) or an unused backup code (spent); raise otherwise.
        The caller commits."""
        if not factor.enabled:
            raise MfaNotEnrolled()
        account = str(factor.user_id)
        await self._limiter.check(self._rules.mfa_failures_per_account, account)
        if not await self._accepts(factor, code.strip()):
            with contextlib.suppress(RateLimited):  # refused anyway; the next try is stopped
                await self._limiter.hit(self._rules.mfa_failures_per_account, account)
            raise MfaCodeInvalid()

    async def _accepts(self, factor: TotpFactor, code: str) -> bool:
        now = self._clock.now()
        if is_totp_code(code):
            step = factor.matching_step(code, now)
            return step is not None and await self._factors.claim_step(factor.user_id, step)
        digest = backup_digest(self._key.value, factor.user_id, code)
        return await self._factors.use_backup_code(factor.user_id, digest, now)
